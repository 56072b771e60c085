"""`--levels` of louvain and leiden on the email-Eu-core example shipped in docs/examples: every
level is written as /features/<name>_level_<k> with consecutive ids, its modularity attribute
equals igraph's modularity of that partition (recomputed independently), Louvain's levels nest
(each level merges whole communities of the one below), community counts never grow, and the
final feature is the same with and without --levels. Usage: community_levels.py RANKS"""
import os
import sys

import h5py
import igraph as ig
import numpy as np

from nexus_cli import SOURCE, fail, run, scratch

ranks = int(sys.argv[1]) if len(sys.argv) > 1 else 2
tmp = scratch("levels")
graph = os.path.join(tmp, "eu.h5")
run(["import", os.path.join(SOURCE, "docs/examples/email-Eu-core/email-Eu-core.txt.gz"), "-o",
     graph, "--undirected", "--duplicates", "drop", "--self-loops", "drop"])
with h5py.File(graph, "r") as f:
    n = int(f.attrs["num_vertices"])
    g = ig.Graph(n=n, edges=np.column_stack([f["/edges/src"][:], f["/edges/dst"][:]]))

for algo in ("louvain", "leiden"):
    plain, with_levels = os.path.join(tmp, algo + ".h5"), os.path.join(tmp, algo + "-levels.h5")
    for p in (run([algo, graph, "-o", plain], np=ranks),
              run([algo, graph, "-o", with_levels, "--levels"], np=ranks)):
        if "warning" in p.stdout + p.stderr:
            fail(f"{algo}: unexpected warning:\n{p.stdout}{p.stderr}")
    with h5py.File(plain, "r") as a, h5py.File(with_levels, "r") as b:
        if any(k.startswith(algo + "_level_") for k in a["features"]):
            fail(f"{algo}: level datasets written without --levels")
        if not np.array_equal(a["features"][algo][:], b["features"][algo][:]):
            fail(f"{algo}: --levels changed the final communities")
        levels = sorted((k for k in b["features"] if k.startswith(algo + "_level_")),
                        key=lambda k: int(k.rsplit("_", 1)[1]))
        if not levels or levels[0] != algo + "_level_0":
            fail(f"{algo}: no level datasets: {list(b['features'])}")
        previous = None
        for k in levels:
            d = b["features"][k]
            ids = d[:]
            count = int(ids.max()) + 1
            if d.shape != (n,) or set(np.unique(ids)) != set(range(count)):
                fail(f"{algo} {k}: ids are not consecutive 0..k-1 over {n} rows")
            if int(d.attrs["num_communities"]) != count:
                fail(f"{algo} {k}: num_communities {d.attrs['num_communities']} != {count}")
            q = g.modularity(ids.tolist())
            if abs(q - float(d.attrs["modularity"])) > 1e-9:
                fail(f"{algo} {k}: modularity attribute {d.attrs['modularity']} != igraph {q}")
            if previous is not None:
                if count > int(previous.max()) + 1:
                    fail(f"{algo} {k}: more communities than the level below")
                if algo == "louvain":  # each lower community inside one upper community
                    pairs = set(zip(previous.tolist(), ids.tolist()))
                    if len(pairs) != int(previous.max()) + 1:
                        fail(f"{algo} {k}: a community of the level below was split")
            print(f"{algo} {k}: {count} communities, modularity {q:.4f}")
            previous = ids
print("ok")
