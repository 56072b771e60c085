#!/usr/bin/python3
"""PageRank through the CLI (import, pagerank --verify, h5py read-back) on real graphs, against
networkx's PageRank computed here: L1 distance below 1e-6 on email-Eu-core (directed, with
self-loops), p2p-Gnutella08 (directed, many sinks) and ego-Facebook (undirected, gzip)."""
import json
import os
import sys

import h5py
import networkx as nx
import numpy as np

from nexus_cli import DATA, fail, run, scratch

NP = int(sys.argv[1]) if len(sys.argv) > 1 else 2
GRAPHS = [
    # name, path, import flags, networkx graph type
    ("email-Eu-core", "email-Eu-core/email-Eu-core.txt", ["--directed"], nx.DiGraph),
    ("p2p-Gnutella08", "p2p-Gnutella08/p2p-Gnutella08.edgelist", ["--directed"], nx.DiGraph),
    ("ego-Facebook", "ego-Facebook/facebook_combined.txt.gz", ["--undirected"], nx.Graph),
]


def reference(path, kind):
    g = nx.read_edgelist(path, comments="#", nodetype=int, create_using=kind)
    # networkx's tol is multiplied by n; ask for far better than the test's bound.
    return nx.pagerank(g, alpha=0.85, tol=1e-15, max_iter=1000), g


def check(name, rel, flags, kind):
    d = scratch(name)
    path = os.path.join(DATA, rel)
    graph, out, rep = (os.path.join(d, f) for f in ("g.h5", "f.h5", "r.json"))
    run(["import", path, "-o", graph, "--duplicates", "drop"] + flags, np=NP)
    run(["pagerank", graph, "-o", out, "--verify", "--report", rep, "--tolerance", "1e-12"], np=NP)
    with h5py.File(out, "r") as f:
        if f.attrs["nexus_format"] not in (b"features", "features"):
            fail(f"{name}: nexus_format attribute is {f.attrs['nexus_format']!r}")
        ids = f["node_id"][:]
        pr = f["features/pagerank"][:]
        if f["features/pagerank"].attrs["damping"] != 0.85:
            fail(f"{name}: damping attribute")
    ref, g = reference(path, kind)
    if len(ids) != g.number_of_nodes():
        fail(f"{name}: {len(ids)} rows, networkx has {g.number_of_nodes()} nodes")
    l1 = sum(abs(p - ref[int(i)]) for i, p in zip(ids, pr))
    if not l1 < 1e-6:
        fail(f"{name}: L1 distance to networkx {l1}")
    report = json.load(open(rep))
    task = report["tasks"][0]["result"]
    if not task["converged"] or task["verify"] != "passed":
        fail(f"{name}: report says {task}")
    top = max(ref, key=lambda k: (ref[k], -k))
    if task["top10"][0]["id"] != str(top):
        fail(f"{name}: top vertex {task['top10'][0]['id']} != networkx's {top}")
    print(f"{name}: np={NP} L1 to networkx {l1:.3g}, {task['iterations']} iterations")


for graph in GRAPHS:
    check(*graph)
