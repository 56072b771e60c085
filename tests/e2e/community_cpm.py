#!/usr/bin/python3
"""The CPM objective (--objective cpm) through the CLI on real graphs (karate, football,
polbooks, email-Eu-core; simple and undirected as igraph sees them), at resolutions 0.05 and 0.1:
Leiden's CPM quality at least the mean of igraph's CPM Leiden over 10 seeds (n_iterations=-1),
the reported quality equal to its recomputation here from the definition, the reported
modularity equal to igraph's modularity of the membership, --verify passed, communities
connected, the same feature file for 1 and NP ranks; Louvain with CPM verified and recomputed
likewise (igraph has no CPM Louvain). CPM without --resolution and an unknown objective are usage
errors (exit 2) that leave no output file; `leiden --help` names the default resolution as "1".
Usage: community_cpm.py NP"""
import json
import os
import random
import sys
from collections import Counter

import h5py
import numpy as np

from igraph_graphs import load
from nexus_cli import fail, run, scratch

NP = int(sys.argv[1]) if len(sys.argv) > 1 else 2
RESOLUTIONS = (0.05, 0.1)


def cpm_quality(g, membership, resolution):
    """sum_c [2 (edges inside c) - resolution |c|^2] / 2m: igraph's CPM with unit node weights."""
    inside = sum(2 for a, b in g.get_edgelist() if membership[a] == membership[b])
    squares = sum(n * n for n in Counter(membership).values())
    return (inside - resolution * squares) / (2 * g.ecount())


def igraph_mean(g, resolution):
    q = []
    for seed in range(10):
        random.seed(seed)
        c = g.community_leiden(objective_function="CPM", resolution_parameter=resolution,
                               n_iterations=-1)
        q.append(cpm_quality(g, c.membership, resolution))
    return float(np.mean(q))


def membership_of(path, name, n):
    with h5py.File(path, "r") as f:
        ids, comm = f["node_id"][:], f["features/" + name][:]
    m = [0] * n
    for i, c in zip(ids, comm):
        m[int(i)] = int(c)
    return m, comm


def check(name):
    g = load(name)
    d = scratch(name + "-cpm")
    edges, graph = os.path.join(d, "e.txt"), os.path.join(d, "g.h5")
    with open(edges, "w") as f:
        f.write("".join(f"{a} {b}\n" for a, b in g.get_edgelist()))
    run(["import", edges, "-o", graph, "--undirected"], np=NP)
    line = [name]
    for resolution in RESOLUTIONS:
        opts = ["--objective", "cpm", "--resolution", str(resolution)]
        for algo in ("leiden", "louvain"):
            tag = f"{name} {algo} r={resolution}"
            out, rep = os.path.join(d, f"{algo}{resolution}.h5"), os.path.join(d, "r.json")
            run([algo, graph, "-o", out, "--verify", "--report", rep] + opts, np=NP)
            m, comm = membership_of(out, algo, g.vcount())
            result = json.load(open(rep))["tasks"][0]["result"]
            if result["objective"] != "cpm" or result["verify"] != "passed":
                fail(f"{tag}: objective {result['objective']}, verify {result['verify']}")
            q = cpm_quality(g, m, resolution)
            if abs(q - result["quality"]) > 1e-9:
                fail(f"{tag}: CPM quality recomputed {q}, reported {result['quality']}")
            if abs(g.modularity(m) - result["modularity"]) > 1e-9:
                fail(f"{tag}: igraph's modularity {g.modularity(m)}, reported {result['modularity']}")
            with h5py.File(out, "r") as f:
                a = f["features/" + algo].attrs
                if a["objective"] != "cpm" or abs(a["quality"] - q) > 1e-9:
                    fail(f"{tag}: dataset attributes {dict(a)}")
            single = os.path.join(d, f"{algo}{resolution}-1.h5")
            run([algo, graph, "-o", single] + opts, np=1)
            if not np.array_equal(membership_of(single, algo, g.vcount())[1], comm):
                fail(f"{tag}: 1 rank and {NP} ranks differ")
            if algo == "leiden":
                for c in set(m):
                    if not g.induced_subgraph([v for v in range(g.vcount()) if m[v] == c]).is_connected():
                        fail(f"{tag}: community {c} is disconnected")
                target = igraph_mean(g, resolution)
                line.append(f"r={resolution} leiden {q:.4f} (igraph mean {target:.4f})")
                if q < target - 1e-4:
                    fail(f"{tag}: CPM quality {q:.4f} below igraph's mean {target:.4f}")
            else:
                line.append(f"louvain {q:.4f}")
    print(", ".join(line), flush=True)


def usage_errors():
    d = scratch("cpm-usage")
    graph = os.path.join(d, "g.h5")
    with open(os.path.join(d, "e.txt"), "w") as f:
        f.write("0 1\n1 2\n2 0\n")
    run(["import", os.path.join(d, "e.txt"), "-o", graph, "--undirected"])
    for opts, expect in ((["--objective", "cpm"], "needs a 'resolution'"),
                         (["--objective", "potts", "--resolution", "0.1"], "'objective' must be")):
        out = os.path.join(d, "o.h5")
        p = run(["leiden", graph, "-o", out] + opts, np=NP, check=False)
        if p.returncode != 2 or expect not in p.stderr or os.path.exists(out):
            fail(f"leiden {' '.join(opts)}: exit {p.returncode}, output left "
                 f"{os.path.exists(out)}, stderr {p.stderr!r}")
    # The help names the modularity default as it would be typed (was "1.000000").
    p = run(["leiden", "--help"])
    if "(modularity: default 1;" not in " ".join(p.stdout.split()):
        fail(f"leiden --help does not show the default resolution 1: {p.stdout!r}")


usage_errors()
for graph in sys.argv[2:] or ["karate", "football", "polbooks", "email-Eu-core"]:
    check(graph)
