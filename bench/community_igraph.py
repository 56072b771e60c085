#!/usr/bin/python3
"""One igraph community run on a graph file, in its own process (so the benchmark can bound its
time and read its peak memory): prints JSON with wall and process CPU seconds of the call alone,
the modularity, the community count and, given a planted partition, the NMI.
Usage: community_igraph.py GRAPH.h5 multilevel|leiden|leiden2|components [TRUTH.npy]"""
import json
import random
import resource
import sys
import time

import h5py
import igraph as ig
import numpy as np


def main():
    path, algo = sys.argv[1], sys.argv[2]
    with h5py.File(path, "r") as f:
        n = int(f.attrs["num_vertices"])
        edges = np.stack([f["edges/src"][:], f["edges/dst"][:]], axis=1).astype(np.int64)
        # The planted partition is by original id: a reordered graph lists it in /vertices/id.
        order = f["vertices/id"][:] if "vertices" in f and "id" in f["vertices"] else None
    t0 = time.perf_counter()
    g = ig.Graph(n=n, edges=edges, directed=False)
    del edges
    build = time.perf_counter() - t0
    random.seed(1)
    w0, c0 = time.perf_counter(), time.process_time()
    if algo == "multilevel":
        clustering = g.community_multilevel()
    elif algo == "leiden":
        clustering = g.community_leiden(objective_function="modularity", n_iterations=-1)
    elif algo == "leiden2":
        clustering = g.community_leiden(objective_function="modularity", n_iterations=2)
    elif algo == "components":
        clustering = g.connected_components()
    else:
        raise SystemExit(f"unknown algorithm {algo}")
    wall, cpu = time.perf_counter() - w0, time.process_time() - c0
    out = {"algorithm": algo, "wall_seconds": wall, "cpu_seconds": cpu, "build_seconds": build,
           "communities": len(clustering), "peak_resident_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}
    if algo != "components":
        out["modularity"] = g.modularity(clustering.membership)
    if len(sys.argv) > 3:
        from sklearn.metrics import normalized_mutual_info_score
        truth = np.load(sys.argv[3])
        out["nmi_planted"] = normalized_mutual_info_score(
            truth if order is None else truth[order], clustering.membership)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
