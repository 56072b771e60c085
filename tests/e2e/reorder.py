"""`nexus reorder`: the rewritten graph is the same graph (every edge, weight and original id
kept), numbered community by community, and the same file for 1, 2, 3 and 4 ranks.

1. Two 5-cliques whose vertices interleave (clique A holds the original ids 10, 12, ..., 18,
   clique B 11, 13, ..., 19) and one bridge 10 - 11:

       A: 10 12 14 16 18 (all pairs)    B: 11 13 15 17 19 (all pairs)    bridge: 10 - 11

   In the input's order the two halves of the ids (10-14, 15-19) share 12 of the 21 edges; after
   the reorder each clique is one half of the new ids, and the halves share only the bridge.
   Weighted (weight = 1 + u + v / 100), and again with string ids.
2. email-Eu-core (docs/examples): the edge multiset through /vertices/id equals the input's
   (also for the directed file with its self-loops),
   every Louvain community of the input (same seed) is one contiguous range of the new ids, and
   PageRank of the reordered graph, joined on /node_id, equals PageRank of the input.
3. Bad use: no output, output = input, a missing input, a bad resolution, a memory limit below
   the estimate: a clear error, a non-zero exit and no output file; `nexus estimate GRAPH
   reorder` gives the figure the command checks.
Usage: reorder.py"""
import collections
import os
import subprocess

import h5py
import numpy as np

from nexus_cli import NEXUS, SOURCE, bytes_per_rank, fail, run, scratch

tmp = scratch("reorder")


def edges_by_original_id(path):
    """Multiset of (u, v, w) with original ids (names), undirected pairs as (min, max)."""
    with h5py.File(path, "r") as f:
        ids = f["/vertices/id"][:] if "id" in f["vertices"] else \
            np.array([x.decode() for x in f["/vertices/name"][:]])
        s, d = ids[f["/edges/src"][:]], ids[f["/edges/dst"][:]]
        w = f["/edges/weight"][:] if "weight" in f["edges"] else np.zeros(len(s), np.float32)
        directed = bool(f.attrs["directed"])
    pairs = zip(s.tolist(), d.tolist(), w.tolist())
    return collections.Counter((a, b, x) if directed or a <= b else (b, a, x) for a, b, x in pairs)


def reorder_everywhere(graph, name, extra=()):
    """Reorders at 1-4 ranks; checks the four files are identical; returns the 1-rank one."""
    outs = []
    for np_ in (1, 2, 3, 4):
        out = os.path.join(tmp, f"{name}-np{np_}.h5")
        p = run(["reorder", graph, "-o", out] + list(extra), np=np_)
        if "reordered" not in p.stdout:
            fail(f"{name}: no summary line:\n{p.stdout}")
        outs.append(out)
    for out in outs[1:]:
        if subprocess.run(["h5diff", outs[0], out]).returncode != 0:
            fail(f"{name}: {out} differs from the 1-rank file")
    return outs[0]


# 1. Interleaved cliques, weighted, with integer and string ids.
lines = []
for clique in ([10, 12, 14, 16, 18], [11, 13, 15, 17, 19]):
    for i, u in enumerate(clique):
        for v in clique[i + 1:]:
            lines.append((u, v))
lines.append((10, 11))
for kind in ("ids", "names"):
    text = os.path.join(tmp, f"cliques-{kind}.tsv")
    with open(text, "w") as f:
        for u, v in lines:
            a, b = (f"v{u}", f"v{v}") if kind == "names" else (u, v)
            f.write(f"{a}\t{b}\t{1 + u + v / 100}\n")
    graph = os.path.join(tmp, f"cliques-{kind}.h5")
    run(["import", text, "-o", graph, "--undirected", "--weighted"] +
        (["--string-ids"] if kind == "names" else []))
    with h5py.File(graph, "r") as f:
        before = int(np.sum((f["/edges/src"][:] < 5) != (f["/edges/dst"][:] < 5)))
    if before != 12:
        fail(f"cliques ({kind}): {before} edges cross the input's halves, expected 12")
    out = reorder_everywhere(graph, f"cliques-{kind}", ["--weighted"])
    if edges_by_original_id(out) != edges_by_original_id(graph):
        fail(f"cliques ({kind}): the edges (by original id, with weights) changed")
    with h5py.File(out, "r") as f:
        ids = f["/vertices/id"][:] if kind == "ids" else \
            np.array([int(x.decode()[1:]) for x in f["/vertices/name"][:]])
        src, dst = f["/edges/src"][:], f["/edges/dst"][:]
    if sorted(ids.tolist()) != list(range(10, 20)):
        fail(f"cliques ({kind}): the original ids are not a permutation: {ids}")
    halves = [set((ids[:5] % 2).tolist()), set((ids[5:] % 2).tolist())]
    if halves[0] == halves[1] or any(len(h) != 1 for h in halves):
        fail(f"cliques ({kind}): the cliques are not the two halves of the new ids: {ids}")
    crossing = int(np.sum((src < 5) != (dst < 5)))
    if crossing != 1:
        fail(f"cliques ({kind}): {crossing} edges cross the halves, expected the bridge only")
    print(f"cliques ({kind}): ids in new order {ids.tolist()}, 1 edge between the halves")

# 2. email-Eu-core.
graph = os.path.join(tmp, "eu.h5")
run(["import", os.path.join(SOURCE, "docs/examples/email-Eu-core/email-Eu-core.txt.gz"), "-o",
     graph, "--undirected", "--duplicates", "drop", "--self-loops", "drop"])
out = reorder_everywhere(graph, "eu", ["--seed", "3"])
if edges_by_original_id(out) != edges_by_original_id(graph):
    fail("email-Eu-core: the edges (by original id) changed")
directed = os.path.join(tmp, "eu-directed.h5")  # as distributed: directed, 642 self-loops
run(["import", os.path.join(SOURCE, "docs/examples/email-Eu-core/email-Eu-core.txt.gz"), "-o",
     directed])
directed_out = os.path.join(tmp, "eu-directed-reordered.h5")
run(["reorder", directed, "-o", directed_out], np=3)
if edges_by_original_id(directed_out) != edges_by_original_id(directed):
    fail("email-Eu-core (directed, self-loops kept): the arcs changed")
communities = os.path.join(tmp, "eu-louvain.h5")
run(["louvain", graph, "-o", communities, "--seed", "3"], np=2)
with h5py.File(communities, "r") as f:
    community_of = dict(zip(f["/node_id"][:].tolist(), f["/features/louvain"][:].tolist()))
with h5py.File(out, "r") as f:
    in_new_order = [community_of[i] for i in f["/vertices/id"][:].tolist()]
runs = [c for i, c in enumerate(in_new_order) if i == 0 or c != in_new_order[i - 1]]
if len(runs) != len(set(runs)):
    fail(f"email-Eu-core: a community is split over several id ranges ({len(runs)} runs, "
         f"{len(set(runs))} communities)")
ranks = {}
for path in (graph, out):
    pr = os.path.join(tmp, "pr-" + os.path.basename(path))
    run(["pagerank", path, "-o", pr], np=2)
    with h5py.File(pr, "r") as f:
        ranks[path] = dict(zip(f["/node_id"][:].tolist(), f["/features/pagerank"][:].tolist()))
worst = max(abs(ranks[out][k] - v) / v for k, v in ranks[graph].items())
if ranks[out].keys() != ranks[graph].keys() or worst > 1e-9:
    fail(f"email-Eu-core: PageRank by node id differs after the reorder (relative {worst:.2e})")
print(f"email-Eu-core: {len(set(runs))} communities, each one range of ids; PageRank by node id "
      f"equal to {worst:.1e}")

# 3. Bad use.
target = os.path.join(tmp, "bad.h5")
for args, code, words in (
        (["reorder", graph], 2, "no output"),
        (["reorder", graph, "-o", graph], 2, "another file"),
        (["reorder", os.path.join(tmp, "missing.h5"), "-o", target], 3, "missing.h5"),
        (["reorder", graph, "-o", target, "--resolution", "-1"], 2, "resolution")):
    p = run(args, np=2, check=False)
    if p.returncode != code or words not in p.stderr:
        fail(f"{args}: exit {p.returncode} (expected {code}), stderr:\n{p.stderr}")
    if os.path.exists(target) or os.path.exists(target + ".partial"):
        fail(f"{args}: left an output file behind")
os.environ["NEXUS_MEMORY_LIMIT"] = "1M"  # below the estimate: refused before any work
p = run(["reorder", graph, "-o", target], np=2, check=False)
del os.environ["NEXUS_MEMORY_LIMIT"]
if p.returncode != 7 or "needs about" not in p.stderr or os.path.exists(target):
    fail(f"reorder over the memory limit: exit {p.returncode} (expected 7), stderr:\n{p.stderr}")
# `nexus estimate GRAPH reorder` gives the figure the command checks: refused one byte below it,
# run at it (two ranks on this node share NEXUS_MEMORY_LIMIT).
est = run(["estimate", graph, "reorder", "--ranks", "2", "--threads", "1"])
need = bytes_per_rank(est)
if "task reorder" not in est.stdout or "task louvain" not in est.stdout:
    fail(f"estimate reorder lacks the Louvain or the rewrite phase:\n{est.stdout}")
for limit, code in ((2 * need - 2, 7), (2 * need, 0)):
    os.environ["NEXUS_MEMORY_LIMIT"] = str(limit)
    p = run(["reorder", graph, "-o", target, "--threads", "1"], np=2, check=False)
    del os.environ["NEXUS_MEMORY_LIMIT"]
    if p.returncode != code or os.path.exists(target) != (code == 0):
        fail(f"reorder under a limit of {limit} per node for an estimate of {need} per rank: exit "
             f"{p.returncode} (expected {code}), stderr:\n{p.stderr}")
print("ok")
