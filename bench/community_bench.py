#!/usr/bin/python3
"""Community benchmark (issue 3): Louvain, Leiden and WCC on soc-Slashdot0902, an LFR graph of
about a million edges (networkx, planted partition) and R-MAT scale 20 and 22, all simple and
undirected (bench/community_graphs.py); each with 1 rank x 2 threads and 2 ranks x 1 thread:
compute-phase time (from the report), end-to-end wall, levels, passes, modularity, communities,
peak resident memory per rank, NMI against the planted partition on LFR. igraph's multilevel,
Leiden (modularity, n_iterations=-1 and the default 2) and connected_components on the same graph
in the same run, each in its own process with a time limit: wall and CPU time of the call,
modularity, and the ratios igraph time / nexus compute time. Results: bench/results/community.json.
With --reorder, each graph is also rewritten by `nexus reorder` (1 rank x 2 threads, timed) and
benchmarked again, igraph included, as "<graph>-reordered". With --repeats N every run (ours and
igraph's) is made N times, the rounds one after the other so that they see the machine at
different moments; each cell then reports its median run (the lower middle one for even N) and
lists the times of all N (`compute_seconds_runs`, `wall_seconds_runs`): on a shared 2-core VM
one run of a cell can differ from the next by over 50 %, so `paired_ratios` also gives the
ratios that matter for the targets (2x1 over 1x2, igraph over 1x2) within each repeat, and their
median.
Usage: bench/community_bench.py [--graphs slashdot lfr rmat20 rmat22] [--igraph-max-edges M]
                                [--igraph-timeout S] [--work DIR] [--name NAME] [--reorder]
                                [--repeats N]"""
import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

import h5py
import numpy as np

import community_graphs
from common import ENV, NEXUS, ROOT, machine, save

ALGOS = ("louvain", "leiden", "wcc")
# (ranks, threads, partition policy): 2x1 also edge-balanced, the policy for skewed degrees.
SHAPES = ((1, 2, "uniform"), (2, 1, "uniform"), (2, 1, "edge-balanced"))
IGRAPH = ("multilevel", "leiden", "leiden2", "components")
OURS_OF = {"multilevel": "louvain", "leiden": "leiden", "leiden2": "leiden", "components": "wcc"}
TARGETS = {
    "speed": "Louvain and Leiden >= 5x faster than igraph's multilevel and Leiden at equal or better "
             "modularity on the 1-million-edge graphs (soc-Slashdot0902 0.5 M, LFR 1 M) with 1 rank x "
             "2 threads; 2 ranks x 1 thread within 1.5x of that",
    "memory": "R-MAT scale 22 (about 64 million undirected edges) completes within the 24 GiB",
}


def timed_nexus(args, ranks, threads, timeout):
    """common.nexus with a time limit (SIGTERM to mpirun, which stops its ranks) and the CPU
    seconds of all its processes; returns (wall, cpu) or None on timeout."""
    cmd = ["mpirun", "-np", str(ranks), "--oversubscribe", "--bind-to", "none", NEXUS] + args + [
        "--threads", str(threads)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        log, _ = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        p.terminate()
        try:
            p.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            p.kill()
            p.communicate()
        return None
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{log}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def run_ours(graph, algo, ranks, threads, policy, work, truth, timeout):
    out, rep = os.path.join(work, "f.h5"), os.path.join(work, f"{algo}-{ranks}x{threads}-{policy}.json")
    timed = timed_nexus([algo, graph["path"], "-o", out, "--report", rep, "--partition", policy],
                        ranks, threads, timeout)
    if timed is None:
        return {"algorithm": algo, "ranks": ranks, "threads": threads, "partition": policy,
                "skipped": f"did not finish within {timeout} s"}
    wall, cpu = timed
    r = json.load(open(rep))
    res = r["tasks"][0]["result"]
    entry = {"algorithm": algo, "ranks": ranks, "threads": threads, "partition": policy,
             "compute_seconds": r["phases_seconds"]["compute:" + algo], "wall_seconds": wall,
             "cpu_seconds_all_processes": cpu,
             "phases_seconds": r["phases_seconds"],
             "peak_resident_bytes_per_rank": r["peak_resident_bytes_per_rank"],
             "vertices": r["graph"]["num_vertices"], "edges": r["graph"]["num_edges"]}
    if algo == "wcc":
        entry.update(components=res["components"]["count"], iterations=res["iterations"])
    else:
        entry.update(modularity=res["modularity"], levels=res["levels"], passes=len(res["modularity_per_pass"]),
                     communities=res["communities"]["count"],
                     modularity_per_level=res["modularity_per_level"])
        if truth is not None:
            from sklearn.metrics import normalized_mutual_info_score
            with h5py.File(out, "r") as f:
                m = np.zeros(len(truth), dtype=np.int64)
                m[f["node_id"][:]] = f["features/" + algo][:]
            entry["nmi_planted"] = normalized_mutual_info_score(truth, m)
    os.remove(out)
    return entry


def reordered(graph, work):
    """The graph rewritten by `nexus reorder` (community order), with what it cost."""
    path = os.path.join(work, "reordered-" + os.path.basename(graph["path"]))
    cmd = ["mpirun", "-np", "1", "--bind-to", "none", NEXUS, "reorder", graph["path"], "-o", path,
           "--threads", "2"]
    t0 = time.perf_counter()
    p = subprocess.run(cmd, env=ENV, capture_output=True, text=True, check=True)
    out = dict(graph)
    out.update(graph=graph["graph"] + "-reordered", path=path, how=graph["how"] + "; then " +
               "nexus reorder (1 rank x 2 threads)", reorder_wall_seconds=time.perf_counter() - t0,
               reorder_output=p.stdout.strip())
    return out


def run_igraph(graph, algo, timeout):
    cmd = ["/usr/bin/python3", os.path.join(ROOT, "bench/community_igraph.py"), graph["path"], algo]
    if graph.get("truth"):
        cmd.append(graph["truth"])
    t0 = time.perf_counter()
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"algorithm": algo, "skipped": f"did not finish within {timeout} s"}
    if p.returncode != 0:
        return {"algorithm": algo, "skipped": f"failed ({p.returncode}): {p.stderr[-500:]}"}
    r = json.loads(p.stdout)
    r["process_wall_seconds"] = time.perf_counter() - t0
    return r


def median_run(runs, key):
    """The run of median `key` (the lower middle one for an even count), with the times of all
    runs; a skipped run stands for the cell."""
    for r in runs:
        if "skipped" in r:
            return r
    if len(runs) == 1:
        return runs[0]
    middle = statistics.median_low(r[key] for r in runs)
    out = dict(next(r for r in runs if r[key] == middle))
    for k in {key, "wall_seconds"}:
        out[k + "_runs"] = [r[k] for r in runs]
    return out


def ratios(entry):
    """igraph time / our compute time per igraph run and shape, and the modularity difference."""
    out = {}
    for ig in entry["igraph"]:
        if "wall_seconds" not in ig:
            continue
        for ours in entry["runs"]:
            if ours["algorithm"] != OURS_OF[ig["algorithm"]] or "skipped" in ours:
                continue
            key = (f"{ig['algorithm']}_over_{ours['algorithm']}_{ours['ranks']}x{ours['threads']}"
                   f"_{ours['partition']}")
            out[key] = {"igraph_wall_over_compute": ig["wall_seconds"] / ours["compute_seconds"],
                        "igraph_wall_over_nexus_wall": ig["wall_seconds"] / ours["wall_seconds"]}
            if "modularity" in ig:
                out[key]["modularity_ours_minus_igraph"] = ours["modularity"] - ig["modularity"]
    return out


def paired_ratios(ours, theirs):
    """Ratios of runs made in the same repeat (minutes apart at most, so under about the same load
    on a shared machine), per repeat and their median: 2x1 edge-balanced compute over 1x2 compute,
    and igraph wall over our 1x2 compute."""
    def paired(xs, ys, f):
        per = [f(x, y) for x, y in zip(xs, ys) if "skipped" not in x and "skipped" not in y]
        return {"per_repeat": per, "median": statistics.median(per)} if per else None
    out = {}
    for algo in ("louvain", "leiden"):
        one = ours.get((algo, 1, 2, "uniform"), [])
        out[f"{algo}_2x1_edge-balanced_over_1x2"] = paired(
            ours.get((algo, 2, 1, "edge-balanced"), []), one,
            lambda x, y: x["compute_seconds"] / y["compute_seconds"])
    for ig in ("multilevel", "leiden", "leiden2"):
        out[f"igraph_{ig}_over_{OURS_OF[ig]}_1x2"] = paired(
            theirs.get(ig, []), ours.get((OURS_OF[ig], 1, 2, "uniform"), []),
            lambda x, y: x["wall_seconds"] / y["compute_seconds"])
    return {k: v for k, v in out.items() if v is not None}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--graphs", nargs="*", default=["slashdot", "lfr", "rmat20", "rmat22"])
    ap.add_argument("--igraph-max-edges", type=float, default=1e9, help="skip igraph above this")
    ap.add_argument("--igraph-timeout", type=float, default=1800, help="seconds per igraph run")
    ap.add_argument("--nexus-timeout", type=float, default=1800, help="seconds per nexus run")
    ap.add_argument("--work", default=None, help="scratch directory (default: a new temp dir)")
    ap.add_argument("--name", default="community", help="results file bench/results/NAME.json")
    ap.add_argument("--reorder", action="store_true", help="also benchmark each graph reordered")
    ap.add_argument("--repeats", type=int, default=1, help="runs per cell; the median is reported")
    args = ap.parse_args()
    if args.repeats < 1:
        sys.exit("--repeats must be at least 1")
    work = args.work or tempfile.mkdtemp(prefix="nexus-cbench-")
    os.makedirs(work, exist_ok=True)
    start = machine()
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    results = []
    for name in args.graphs:
        if name == "slashdot":
            made = community_graphs.slashdot(work)
        elif name == "lfr":
            made = community_graphs.lfr(work)
        else:
            made = community_graphs.rmat(work, int(name[4:]))
        variants = [made] + ([reordered(made, work)] if args.reorder else [])
        for i, graph in enumerate(variants):
            last = name == args.graphs[-1] and i == len(variants) - 1
            bench_graph(graph, work, args, results, start, commit, last)
        for f in ("path", "truth"):
            if made.get(f) and not args.work:
                os.remove(made[f])


def bench_graph(graph, work, args, results, start, commit, last):
    """Runs every shape and algorithm and igraph on one graph; saves the results so far."""
    label = graph["graph"]
    with h5py.File(graph["path"], "r") as f:
        graph["vertices"], graph["edges"] = int(f.attrs["num_vertices"]), int(f.attrs["num_edges"])
    truth = np.load(graph["truth"]) if graph.get("truth") else None
    entry = {k: v for k, v in graph.items() if k not in ("path", "truth")}
    ours, theirs = {}, {}
    for rep in range(args.repeats):
        for ranks, threads, policy in SHAPES:
            for algo in ALGOS:
                r = run_ours(graph, algo, ranks, threads, policy, work, truth, args.nexus_timeout)
                ours.setdefault((algo, ranks, threads, policy), []).append(r)
                if "skipped" in r:
                    print(f"{label} {algo} {ranks}x{threads} {policy}: {r['skipped']}", flush=True)
                    continue
                q = f"Q {r['modularity']:.4f}, {r['levels']} levels, {r['passes']} passes" if "modularity" in r else f"{r['components']} components"
                print(f"{label} {algo} {ranks}x{threads} {policy}: compute {r['compute_seconds']:.2f} s, wall "
                      f"{r['wall_seconds']:.2f} s, {q}, peak {max(r['peak_resident_bytes_per_rank']) / 2**20:.0f} MiB/rank"
                      + (f", NMI {r['nmi_planted']:.4f}" if "nmi_planted" in r else ""), flush=True)
        if graph["edges"] <= args.igraph_max_edges:
            for algo in IGRAPH:
                r = run_igraph(graph, algo, args.igraph_timeout)
                theirs.setdefault(algo, []).append(r)
                print(f"{label} igraph {algo}: " + (r.get("skipped") or
                      f"{r['wall_seconds']:.2f} s wall, {r['cpu_seconds']:.2f} s CPU"
                      + (f", Q {r['modularity']:.4f}" if "modularity" in r else "")
                      + f", peak {r['peak_resident_bytes'] / 2**20:.0f} MiB"), flush=True)
    entry["runs"] = [median_run(rs, "compute_seconds") for rs in ours.values()]
    entry["igraph"] = [median_run(rs, "wall_seconds") for rs in theirs.values()]
    if graph["edges"] > args.igraph_max_edges:
        entry["igraph_skipped"] = f"more than {args.igraph_max_edges:.0f} edges (--igraph-max-edges)"
    entry["ratios"] = ratios(entry)
    entry["paired_ratios"] = paired_ratios(ours, theirs)
    results.append(entry)
    if "reorder_output" in graph and not args.work:
        os.remove(graph["path"])
    # Saved after every graph, so that a run cut short keeps what it measured.
    path = save(args.name, results)
    doc = json.load(open(path))
    doc.update(machine_at_start=start, machine_at_end=machine(), commit=commit, targets=TARGETS,
               nexus=NEXUS, graphs_requested=args.graphs, reorder=args.reorder,
               complete=last)
    with open(path, "w") as f:
        json.dump(doc, f, indent=2)


if __name__ == "__main__":
    sys.exit(main())
