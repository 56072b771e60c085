#!/usr/bin/python3
"""Memory estimate versus measured peak: for each job (pagerank, wcc, louvain, leiden, fastrp and
spectral at dim 128) on R-MAT graphs (edge factor 16), `nexus estimate GRAPH ALGORITHM --ranks R
--threads T` against the peak resident memory per rank the job's report gives (VmHWM of each
rank), with 1 rank x 2 threads and 2 ranks x 1 thread. ratio = estimate / largest rank's peak;
the model's target is 0.75 <= ratio <= 1.25. Results merge into bench/results/estimate.json
(keyed by graph, job and shape), so scales can be run separately.
Usage: bench/estimate_bench.py [--scales 20 22] [--jobs pagerank wcc ...] [--shapes 1x2 2x1]
[--name estimate]"""
import argparse
import json
import os
import re
import tempfile

from common import ROOT, machine, nexus

JOBS = {
    "pagerank": ["pagerank"],
    "wcc": ["wcc"],
    "louvain": ["louvain"],
    "leiden": ["leiden"],
    "fastrp-128": ["fastrp", "--dim", "128"],
    "spectral-128": ["spectral", "--dim", "128"],
}
RESULTS = os.path.join(ROOT, "bench", "results", "estimate.json")


def estimate(graph, job, ranks, threads):
    algo, *flags = JOBS[job]
    _, p = nexus(["estimate", graph, algo, "--ranks", str(ranks), "--threads", str(threads)] + flags, 1, 1)
    phases = {}
    for m in re.finditer(r"^  (\S.*?)\s+(\d+)  \(", p.stdout, re.M):
        phases[m.group(1)] = int(m.group(2))
    return int(re.search(r"^bytes_per_rank: (\d+)", p.stdout, re.M).group(1)), \
        re.search(r"^peak_phase: (.*)$", p.stdout, re.M).group(1), phases


def measure(graph, job, ranks, threads, work):
    algo, *flags = JOBS[job]
    rep = os.path.join(work, "report.json")
    wall, _ = nexus([algo, graph, "-o", os.path.join(work, "f.h5"), "--report", rep, "--force"] + flags,
                    ranks, threads)
    r = json.load(open(rep))
    return wall, r["peak_resident_bytes_per_rank"], r["phases_seconds"]


def load_results():
    if os.path.exists(RESULTS):
        return json.load(open(RESULTS))["results"]
    return []


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--scales", type=int, nargs="*", default=[20, 22])
    ap.add_argument("--jobs", nargs="*", default=list(JOBS))
    ap.add_argument("--shapes", nargs="*", default=["1x2", "2x1"])
    ap.add_argument("--name", default="estimate", help="results file bench/results/NAME.json")
    args = ap.parse_args()
    global RESULTS
    RESULTS = os.path.join(ROOT, "bench", "results", args.name + ".json")
    work = tempfile.mkdtemp(prefix="nexus-estimate-")
    results = load_results()
    for s in args.scales:
        graph = os.path.join(work, f"rmat{s}.h5")
        nexus(["generate", "rmat", "--scale", str(s), "--edge-factor", "16", "-o", graph], 2, 1)
        for job in args.jobs:
            for shape in args.shapes:
                ranks, threads = map(int, shape.split("x"))
                est, phase, phases = estimate(graph, job, ranks, threads)
                try:
                    wall, peaks, seconds = measure(graph, job, ranks, threads, work)
                except RuntimeError as e:  # the machine is shared: note it and go on
                    print(f"rmat-{s} {job} {ranks}x{threads} FAILED: {str(e)[-400:]}", flush=True)
                    continue
                row = {"graph": f"rmat-{s}", "job": job, "ranks": ranks, "threads": threads,
                       "estimate_bytes_per_rank": est, "estimate_peak_phase": phase,
                       "estimate_phases": phases, "peak_resident_bytes_per_rank": peaks,
                       "ratio": est / max(peaks), "wall_seconds": wall, "phases_seconds": seconds,
                       "machine": machine()}
                results = [r for r in results if (r["graph"], r["job"], r["ranks"], r["threads"]) !=
                           (row["graph"], job, ranks, threads)] + [row]
                print(f"rmat-{s} {job:13s} {ranks}x{threads}: estimate {est / 2**20:8.0f} MiB ({phase}), "
                      f"peak {max(peaks) / 2**20:8.0f} MiB, ratio {row['ratio']:.2f}, {wall:.0f} s",
                      flush=True)
                with open(RESULTS, "w") as f:
                    json.dump({"note": "estimate = nexus estimate bytes_per_rank; peak = VmHWM per rank "
                               "from the job report; ratio = estimate / max peak",
                               "results": results}, f, indent=2)
        os.remove(graph)


if __name__ == "__main__":
    main()
