#!/usr/bin/python3
"""PageRank benchmark: R-MAT scale 20 and 22 (edge factor 16) and soc-Slashdot0902, each with
1 rank x 2 threads and 2 ranks x 1 thread; per iteration time, directed arcs per second, peak
resident memory per rank, graph bytes per arc; igraph's pagerank on the same graph in the same
run for the ratio. Results: bench/results/pagerank.json.
Usage: bench/pagerank_bench.py [--scales 20 22] [--repeats 3] [--no-igraph] [--name NAME]
The Graph500 scale-24 end-to-end check: --scales 24 --repeats 1 --no-igraph --no-slashdot
--name pagerank-scale24 (generate, load and rank within the machine's memory)."""
import argparse
import json
import os
import tempfile
import time

import h5py
import numpy as np

from common import DATA, median, nexus, save

ITERATIONS = 20


def run_pagerank(graph, ranks, threads, work, repeats):
    runs = []
    for k in range(repeats):
        rep = os.path.join(work, f"r{ranks}x{threads}-{k}.json")
        nexus(["pagerank", graph, "-o", os.path.join(work, "f.h5"), "--tolerance", "0",
               "--max-iterations", str(ITERATIONS), "--report", rep], ranks, threads)
        runs.append(json.load(open(rep)))
    best = min(runs, key=lambda r: r["tasks"][0]["result"]["seconds_per_iteration"])
    per_iter = [r["tasks"][0]["result"]["seconds_per_iteration"] for r in runs]
    part = best["partition"]
    arcs = part["total_arcs"]
    return {
        "ranks": ranks, "threads": threads,
        "seconds_per_iteration_median": median(per_iter),
        "seconds_per_iteration_all": per_iter,
        "arcs_per_second_median": arcs / median(per_iter),
        "peak_resident_bytes_per_rank": best["peak_resident_bytes_per_rank"],
        "graph_bytes_per_rank": part["graph_bytes_per_rank"],
        "graph_bytes_per_arc": sum(part["graph_bytes_per_rank"]) / max(arcs, 1),
        "load_seconds": best["phases_seconds"]["read"] + best["phases_seconds"]["partition"],
    }


def igraph_pagerank(graph):
    import igraph
    with h5py.File(graph, "r") as f:
        n = int(f.attrs["num_vertices"])
        directed = bool(f.attrs["directed"])
        edges = np.stack([f["edges/src"][:], f["edges/dst"][:]], axis=1).astype(np.int64)
    g = igraph.Graph(n=n, edges=edges, directed=directed)
    t0 = time.perf_counter()
    g.pagerank(damping=0.85)
    return {"seconds_total": time.perf_counter() - t0, "implementation": "prpack (igraph default)"}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--scales", type=int, nargs="*", default=[20, 22])
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--no-igraph", action="store_true")
    ap.add_argument("--no-slashdot", action="store_true")
    ap.add_argument("--name", default="pagerank", help="results file bench/results/NAME.json")
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="nexus-bench-")
    graphs = []
    for s in args.scales:
        path = os.path.join(work, f"rmat{s}.h5")
        wall, _ = nexus(["generate", "rmat", "--scale", str(s), "--edge-factor", "16", "-o", path], 2, 1)
        graphs.append((f"rmat-{s}", path, wall))
    slash = os.path.join(DATA, "soc-Slashdot0902/soc-Slashdot0902.txt.gz")
    if os.path.exists(slash) and not args.no_slashdot:
        path = os.path.join(work, "slashdot.h5")
        wall, _ = nexus(["import", slash, "-o", path, "--directed"], 1, 2)
        graphs.append(("soc-Slashdot0902", path, wall))
    results = []
    for name, path, made in graphs:
        entry = {"graph": name, "make_seconds": made, "runs": []}
        for ranks, threads in ((1, 2), (2, 1)):
            r = run_pagerank(path, ranks, threads, work, args.repeats)
            entry["runs"].append(r)
            print(f"{name} {ranks}x{threads}: {r['seconds_per_iteration_median'] * 1e3:.1f} ms/iter, "
                  f"{r['arcs_per_second_median'] / 1e9:.3f} G arcs/s, {r['graph_bytes_per_arc']:.2f} B/arc, "
                  f"peak {max(r['peak_resident_bytes_per_rank']) / 2**20:.0f} MiB/rank", flush=True)
        if not args.no_igraph:
            entry["igraph"] = igraph_pagerank(path)
            ours = entry["runs"][0]["seconds_per_iteration_median"] * ITERATIONS
            entry["igraph"]["ratio_igraph_over_nexus_20_iterations_1x2"] = entry["igraph"]["seconds_total"] / ours
            print(f"{name} igraph: {entry['igraph']['seconds_total']:.2f} s", flush=True)
        results.append(entry)
        os.remove(path)
    save(args.name, results)


if __name__ == "__main__":
    main()
