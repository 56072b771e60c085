#!/usr/bin/python3
"""CPM (--objective cpm) against igraph's CPM Leiden: per graph and resolution, our Leiden and
Louvain (1 rank x 2 threads: CPM quality, communities, compute seconds from the report) and
igraph 0.10's community_leiden(objective_function="CPM", n_iterations=-1) over several seeds in
this process (mean and best quality, mean seconds of the call). Quality: igraph's CPM with unit
node weights, sum_c [2 (edges inside c) - resolution |c|^2] / 2m, recomputed here for both.
Graphs: karate, football, polbooks, email-Eu-core, ego-Facebook (as igraph loads them, see
tests/e2e/igraph_graphs.py) and soc-Slashdot0902 (bench/community_graphs.py).
Usage: community_cpm_bench.py [--graphs a,b] [--resolutions 0.01,0.05] [--seeds 10] [--name N]"""
import argparse
import json
import os
import random
import sys
import tempfile
import time
from collections import Counter

import h5py
import igraph as ig
import numpy as np

from common import ROOT, nexus, save
from community_graphs import read_edges, slashdot

sys.path.insert(0, os.path.join(ROOT, "tests", "e2e"))
os.environ.setdefault("NEXUS", "")  # nexus_cli (imported by igraph_graphs) only reads it
from igraph_graphs import load  # noqa: E402


def cpm_quality(g, membership, resolution):
    inside = sum(2 for a, b in g.get_edgelist() if membership[a] == membership[b])
    squares = sum(n * n for n in Counter(membership).values())
    return (inside - resolution * squares) / (2 * g.ecount())


def graph_files(name, work):
    """(igraph graph, graph file) with the same vertex ids."""
    if name == "soc-Slashdot0902":
        path = slashdot(work)["path"]
        n, src, dst = read_edges(path)
        return ig.Graph(n=n, edges=np.stack([src, dst], axis=1).astype(np.int64)), path
    g = load(name)
    edges, path = os.path.join(work, name + ".txt"), os.path.join(work, name + ".h5")
    with open(edges, "w") as f:
        f.write("".join(f"{a} {b}\n" for a, b in g.get_edgelist()))
    nexus(["import", edges, "-o", path, "--undirected"], 1, 1)
    return g, path


def ours(g, path, algo, resolution, work):
    out, rep = os.path.join(work, "out.h5"), os.path.join(work, "report.json")
    if os.path.exists(out):
        os.remove(out)
    nexus([algo, path, "-o", out, "--objective", "cpm", "--resolution", str(resolution),
           "--report", rep], 1, 2)
    r = json.load(open(rep))
    with h5py.File(out, "r") as f:
        ids, comm = f["node_id"][:], f["features/" + algo][:]
    m = np.zeros(g.vcount(), dtype=np.int64)
    m[ids] = comm
    q = cpm_quality(g, m.tolist(), resolution)
    result = r["tasks"][0]["result"]
    assert abs(q - result["quality"]) < 1e-9, (q, result["quality"])
    return {"quality": q, "communities": result["communities"]["count"],
            "compute_seconds": r["phases_seconds"]["compute:" + algo],
            "passes": len(result["quality_per_pass"]), "levels": result["levels"]}


def igraph_runs(g, resolution, seeds):
    q, t, k = [], [], []
    for seed in range(seeds):
        random.seed(seed)
        t0 = time.perf_counter()
        c = g.community_leiden(objective_function="CPM", resolution_parameter=resolution,
                               n_iterations=-1)
        t.append(time.perf_counter() - t0)
        q.append(cpm_quality(g, c.membership, resolution))
        k.append(len(c))
    return {"quality_mean": float(np.mean(q)), "quality_max": float(np.max(q)),
            "communities_mean": float(np.mean(k)), "seconds_mean": float(np.mean(t)),
            "seeds": seeds}


def main():
    a = argparse.ArgumentParser()
    a.add_argument("--graphs", default="karate,football,polbooks,email-Eu-core,ego-Facebook,soc-Slashdot0902")
    a.add_argument("--resolutions", default="0.01,0.05,0.1,0.2,0.5")
    a.add_argument("--seeds", type=int, default=10)
    a.add_argument("--name", default="community-cpm")
    args = a.parse_args()
    work = tempfile.mkdtemp(prefix="nexus-cpm-bench-")
    results = []
    for name in args.graphs.split(","):
        g, path = graph_files(name, work)
        for resolution in map(float, args.resolutions.split(",")):
            entry = {"graph": name, "vertices": g.vcount(), "edges": g.ecount(),
                     "resolution": resolution, "shape": "1x2",
                     "leiden": ours(g, path, "leiden", resolution, work),
                     "louvain": ours(g, path, "louvain", resolution, work),
                     "igraph_leiden_cpm": igraph_runs(g, resolution, args.seeds)}
            i, l = entry["igraph_leiden_cpm"], entry["leiden"]
            print(f"{name} r={resolution}: leiden {l['quality']:.5f} ({l['compute_seconds']:.3f} s), "
                  f"louvain {entry['louvain']['quality']:.5f}, igraph mean {i['quality_mean']:.5f} "
                  f"max {i['quality_max']:.5f} ({i['seconds_mean']:.3f} s)", flush=True)
            results.append(entry)
            save(args.name, results)


if __name__ == "__main__":
    main()
