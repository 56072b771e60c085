#!/usr/bin/python3
"""Louvain, Leiden and WCC through the CLI on real graphs (karate, football, polbooks,
email-Eu-core by default; ego-Facebook and BlogCatalog when named after NP, as their own ctest
entries so that ctest -j runs them side by side; simple and undirected as igraph sees them), against python-igraph: modularity at
least igraph's mean over 10 seeds (multilevel for Louvain, Leiden with modularity for Leiden),
igraph's modularity of our membership equal to the reported one, Leiden communities connected,
WCC equal to igraph's components, and the same feature file for 1 and NP ranks."""
import json
import os
import random
import sys

import h5py
import numpy as np

from igraph_graphs import load
from nexus_cli import fail, run, scratch

NP = int(sys.argv[1]) if len(sys.argv) > 1 else 2


def igraph_means(g):
    lv, ld = [], []
    for seed in range(10):
        random.seed(seed)
        lv.append(g.community_multilevel().modularity)
        random.seed(seed)
        ld.append(g.community_leiden(objective_function="modularity", n_iterations=-1).modularity)
    return np.mean(lv), np.mean(ld)


def features(path, name):
    with h5py.File(path, "r") as f:
        return f["node_id"][:], f["features/" + name][:]


def check(name):
    g = load(name)
    d = scratch(name)
    edges, graph = os.path.join(d, "e.txt"), os.path.join(d, "g.h5")
    with open(edges, "w") as f:
        f.write("".join(f"{a} {b}\n" for a, b in g.get_edgelist()))
    run(["import", edges, "-o", graph, "--undirected"], np=NP)
    mean_louvain, mean_leiden = igraph_means(g)
    line = [name]
    for algo, target in (("louvain", mean_louvain), ("leiden", mean_leiden)):
        out, rep = os.path.join(d, algo + ".h5"), os.path.join(d, algo + ".json")
        run([algo, graph, "-o", out, "--verify", "--report", rep], np=NP)
        ids, comm = features(out, algo)
        membership = [0] * g.vcount()
        for i, c in zip(ids, comm):
            membership[int(i)] = int(c)
        q = g.modularity(membership)
        result = json.load(open(rep))["tasks"][0]["result"]
        if abs(q - result["modularity"]) > 1e-9:
            fail(f"{name} {algo}: igraph says {q}, nexus reported {result['modularity']}")
        if result["verify"] != "passed":
            fail(f"{name} {algo}: verify {result['verify']}")
        if sorted(set(membership)) != list(range(max(membership) + 1)):
            fail(f"{name} {algo}: ids not consecutive")
        if algo == "leiden":
            for c in set(membership):
                if not g.induced_subgraph([v for v in range(g.vcount()) if membership[v] == c]).is_connected():
                    fail(f"{name} leiden: community {c} is disconnected")
        single = os.path.join(d, algo + "1.h5")
        run([algo, graph, "-o", single], np=1)
        if not np.array_equal(features(single, algo)[1], comm):
            fail(f"{name} {algo}: 1 rank and {NP} ranks differ")
        line.append(f"{algo} {q:.4f} (igraph mean {target:.4f})")
        if q < target - 1e-4:
            fail(f"{name} {algo}: modularity {q:.4f} below igraph's mean {target:.4f}")
    out = os.path.join(d, "wcc.h5")
    run(["wcc", graph, "-o", out, "--verify"], np=NP)
    ids, comp = features(out, "wcc")
    ref = g.connected_components().membership
    if len(set(zip(comp, [ref[int(i)] for i in ids]))) != len(set(ref)):
        fail(f"{name} wcc: components differ from igraph's")
    print(", ".join(line), flush=True)


for graph in sys.argv[2:] or ["karate", "football", "polbooks", "email-Eu-core"]:
    check(graph)
