#!/usr/bin/python3
"""`nexus generate rmat`: the same graph file datasets whatever the rank count (1 and 3 ranks),
the Graph500 counts (2^S vertices, E*2^S undirected edges, ids in range), and PageRank with
--verify on it."""
import os

import h5py
import numpy as np

from nexus_cli import fail, run, scratch

d = scratch("rmat")
files = {}
for np_ in (1, 3):
    files[np_] = os.path.join(d, f"g{np_}.h5")
    run(["generate", "rmat", "--scale", "12", "--edge-factor", "8", "--seed", "5", "-o", files[np_]], np=np_)
with h5py.File(files[1]) as a, h5py.File(files[3]) as b:
    if a.attrs["num_vertices"] != 4096 or a.attrs["num_edges"] != 8 * 4096 or a.attrs["directed"]:
        fail(f"counts/flags: {dict(a.attrs)}")
    for ds in ("edges/src", "edges/dst"):
        if not np.array_equal(a[ds][:], b[ds][:]):
            fail(f"{ds} differs between 1 and 3 ranks")
    if a["edges/src"][:].max() >= 4096 or a["edges/dst"][:].max() >= 4096:
        fail("id out of range")
    if a.attrs["graph_fingerprint"] != b.attrs["graph_fingerprint"]:
        fail("fingerprints differ")
run(["pagerank", files[3], "-o", os.path.join(d, "f.h5"), "--verify"], np=2)
p = run(["generate", "rmat", "--scale", "0", "-o", os.path.join(d, "bad.h5")], np=1, check=False)
if p.returncode != 2 or "scale" not in p.stderr:
    fail(f"scale 0 accepted or unclear: {p.returncode} {p.stderr}")
print("generate rmat ok")
