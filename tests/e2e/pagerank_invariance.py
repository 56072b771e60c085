#!/usr/bin/python3
"""The same PageRank feature file data, bit for bit, for 1, 2, 3 and 4 ranks and both partition
policies (email-Eu-core, directed), and the same node ids in the same order."""
import os

import h5py
import numpy as np

from nexus_cli import SOURCE, fail, run, scratch

d = scratch("invariance")
graph = os.path.join(d, "g.h5")
run(["import", os.path.join(SOURCE, "docs/examples/email-Eu-core/email-Eu-core.txt.gz"), "-o", graph], np=2)
results = {}
for np_ in (1, 2, 3, 4):
    for policy in ("uniform", "edge-balanced"):
        out = os.path.join(d, f"f{np_}{policy}.h5")
        run(["pagerank", graph, "-o", out, "--partition", policy, "--threads", "2"], np=np_)
        with h5py.File(out, "r") as f:
            results[(np_, policy)] = (f["node_id"][:], f["features/pagerank"][:])
ids0, pr0 = results[(1, "uniform")]
for key, (ids, pr) in results.items():
    if not np.array_equal(ids, ids0):
        fail(f"{key}: node ids differ")
    if not np.array_equal(pr.view(np.uint64), pr0.view(np.uint64)):
        fail(f"{key}: scores differ from 1 rank (max diff {np.max(np.abs(pr - pr0))})")
print(f"identical scores for {len(results)} runs")
