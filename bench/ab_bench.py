#!/usr/bin/python3
"""Two nexus binaries side by side: the same jobs on the same graph, runs alternating between the
binaries (old, new, old, new, ...) so that both see the same machine load. Per run: the phases of
the JSON report (read, partition, compute) and the peak resident memory per rank; the output
datasets of the two binaries are compared with h5diff on /features (same bits, or the number of
differences). This is how a change that claims speed is measured before it lands. With
--new-graph the new side runs on another graph file (e.g. the same graph after `nexus reorder`;
--new may then be the same binary) and the outputs are not compared.
Usage: bench/ab_bench.py --old BIN --new BIN --graph GRAPH.h5 [--new-graph GRAPH2.h5]
                         [--jobs "leiden" "fastrp --dim 128"] [--shapes 1x2 2x1] [--repeats N]
                         [--name NAME]
Results: bench/results/NAME.json."""
import argparse
import json
import os
import subprocess
import tempfile

from common import ENV, save


def run(binary, job, graph, ranks, threads, out, report):
    cmd = ["mpirun", "-np", str(ranks), "--oversubscribe", "--bind-to", "none", binary,
           job[0], graph] + job[1:] + ["-o", out, "--threads", str(threads), "--report", report]
    p = subprocess.run(cmd, env=ENV, capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{p.stdout}\n{p.stderr}")
    with open(report) as f:
        r = json.load(f)
    phases = r["phases_seconds"]
    compute = sum(v for k, v in phases.items() if k.startswith("compute"))
    return {"read_seconds": phases.get("read"), "partition_seconds": phases.get("partition"),
            "compute_seconds": compute, "write_seconds": phases.get("write"),
            "peak_resident_mib_per_rank": [x >> 20 for x in r["peak_resident_bytes_per_rank"]]}


def same_features(a, b):
    p = subprocess.run(["h5diff", "-r", a, b, "/features", "/features"], capture_output=True, text=True)
    return "identical" if p.returncode == 0 else p.stdout.strip().splitlines()[-1]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--old", required=True)
    ap.add_argument("--new", required=True)
    ap.add_argument("--graph", required=True)
    ap.add_argument("--new-graph", default=None, help="the new side's graph (default --graph)")
    ap.add_argument("--jobs", nargs="+", default=["leiden", "louvain"])
    ap.add_argument("--shapes", nargs="+", default=["1x2", "2x1"])
    ap.add_argument("--repeats", type=int, default=1)
    ap.add_argument("--name", default="ab")
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="nexus-ab-")
    results = []
    for rep in range(a.repeats):
        for job_text in a.jobs:
            job = job_text.split()
            for shape in a.shapes:
                ranks, threads = (int(x) for x in shape.split("x"))
                outs = {}
                for label in ("old", "new"):
                    out = os.path.join(work, f"{label}.h5")
                    graph = a.new_graph if label == "new" and a.new_graph else a.graph
                    r = run(getattr(a, label), job, graph, ranks, threads, out,
                            os.path.join(work, "report.json"))
                    r.update({"binary": label, "path": getattr(a, label), "graph": graph,
                              "job": job_text, "shape": shape, "repeat": rep})
                    results.append(r)
                    outs[label] = out
                    shown = ("read_seconds", "partition_seconds", "compute_seconds",
                             "write_seconds", "peak_resident_mib_per_rank")
                    print(label, job_text, shape, {k: r[k] for k in shown}, flush=True)
                results[-1]["features_vs_old"] = (
                    "another graph" if a.new_graph else same_features(outs["old"], outs["new"]))
    save(a.name, {"graph": a.graph, "new_graph": a.new_graph or a.graph, "runs": results})


if __name__ == "__main__":
    main()
