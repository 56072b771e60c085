"""Graphs of the community benchmark, all simple and undirected (as igraph's simplify leaves
them): soc-Slashdot0902 through `nexus import`, R-MAT through `nexus generate rmat` then
de-duplicated here, and an LFR graph of about a million edges from networkx with its planted
partition. Synthetic graphs are written as graph files with h5py (docs/formats.md)."""
import os
import time

import h5py
import numpy as np

from common import DATA, nexus

# networkx LFR with ~1.03 M edges: 86 s to generate on this machine under load, 250 MiB.
LFR = dict(n=85000, tau1=2.5, tau2=1.5, mu=0.3, average_degree=20, max_degree=200,
           min_community=50, max_community=1000, seed=1)


def simple_edges(src, dst):
    """Undirected simple edge list: (min, max) pairs without self-loops, each once, sorted."""
    lo, hi = np.minimum(src, dst).astype(np.uint64), np.maximum(src, dst).astype(np.uint64)
    keep = lo != hi
    key = np.unique((lo[keep] << np.uint64(32)) | hi[keep])
    return key >> np.uint64(32), key & np.uint64(0xFFFFFFFF)


def write_graph(path, n, src, dst, source):
    with h5py.File(path, "w") as f:
        f.attrs["nexus_format"] = "graph"
        f.attrs["format_version"] = np.int64(1)
        f.attrs["num_vertices"] = np.uint64(n)
        f.attrs["num_edges"] = np.uint64(len(src))
        f.attrs["directed"] = np.uint8(0)
        f.attrs["weighted"] = np.uint8(0)
        f.attrs["source"] = source
        chunk = (min(max(len(src), 1), 1 << 20),)
        f.create_dataset("edges/src", data=src.astype(np.uint64), chunks=chunk)
        f.create_dataset("edges/dst", data=dst.astype(np.uint64), chunks=chunk)


def read_edges(path):
    with h5py.File(path, "r") as f:
        return int(f.attrs["num_vertices"]), f["edges/src"][:], f["edges/dst"][:]


def slashdot(work):
    path = os.path.join(work, "slashdot.h5")
    gz = os.path.join(DATA, "soc-Slashdot0902/soc-Slashdot0902.txt.gz")
    t0 = time.perf_counter()
    nexus(["import", gz, "-o", path, "--undirected", "--self-loops", "drop", "--duplicates", "drop"], 1, 2)
    return {"graph": "soc-Slashdot0902", "path": path, "make_seconds": time.perf_counter() - t0,
            "how": "nexus import --undirected --self-loops drop --duplicates drop"}


def rmat(work, scale):
    raw, path = os.path.join(work, f"rmat{scale}-raw.h5"), os.path.join(work, f"rmat{scale}.h5")
    t0 = time.perf_counter()
    nexus(["generate", "rmat", "--scale", str(scale), "--edge-factor", "16", "-o", raw], 2, 1)
    n, src, dst = read_edges(raw)
    raw_edges = len(src)
    src, dst = simple_edges(src, dst)
    write_graph(path, n, src, dst, f"nexus generate rmat --scale {scale} --edge-factor 16, simplified")
    os.remove(raw)
    return {"graph": f"rmat-{scale}", "path": path, "make_seconds": time.perf_counter() - t0,
            "how": f"nexus generate rmat --scale {scale} --edge-factor 16 (undirected, "
                   f"{raw_edges} edges with loops and duplicates), then self-loops and duplicates dropped"}


def lfr(work):
    from networkx.generators.community import LFR_benchmark_graph
    path, truth_path = os.path.join(work, "lfr.h5"), os.path.join(work, "lfr-truth.npy")
    t0 = time.perf_counter()
    p = dict(LFR)
    G = LFR_benchmark_graph(p.pop("n"), p.pop("tau1"), p.pop("tau2"), p.pop("mu"), **p)
    n = G.number_of_nodes()
    e = np.array(list(G.edges()), dtype=np.uint64)
    truth = np.zeros(n, dtype=np.int64)
    for c, members in enumerate(sorted({min(G.nodes[v]["community"]) for v in G})):
        truth[list(G.nodes[members]["community"])] = c
    del G
    src, dst = simple_edges(e[:, 0], e[:, 1])
    write_graph(path, n, src, dst, "networkx LFR_benchmark_graph " + repr(LFR))
    np.save(truth_path, truth)
    return {"graph": "lfr-1m", "path": path, "truth": truth_path,
            "make_seconds": time.perf_counter() - t0,
            "how": "networkx.LFR_benchmark_graph(" + ", ".join(f"{k}={v}" for k, v in LFR.items()) + ")"}
