#!/usr/bin/python3
"""Writes malformed graph files (and a feature-labelled and a plain HDF5 file) into argv[1] for
graph_file_test and inspect_test. Each differs from a valid 100-vertex, 10-edge graph in one way."""
import sys

import h5py
import numpy as np

DIR = sys.argv[1]


def graph(name, n=100, m=10, version=1, fmt="graph", src=None, dst=None, weight=None,
          weighted=None, ids=None):
    with h5py.File(f"{DIR}/{name}", "w") as f:
        f.attrs["nexus_format"] = fmt
        f.attrs["format_version"] = version
        f.attrs["num_vertices"] = np.uint64(n)
        f.attrs["num_edges"] = np.uint64(m)
        f.attrs["directed"] = np.uint8(1)
        f.attrs["weighted"] = np.uint8(weight is not None if weighted is None else weighted)
        f.attrs["graph_fingerprint"] = "0000000000000000"
        f["edges/src"] = np.arange(m, dtype=np.uint64) if src is None else src
        f["edges/dst"] = (np.arange(m, dtype=np.uint64) + 1) % n if dst is None else dst
        if weight is not None:
            f["edges/weight"] = weight
        if ids is not None:
            f["vertices/id"] = ids


graph("good.h5")
graph("features.h5", fmt="features")
graph("version2.h5", version=2)
graph("float_src.h5", src=np.arange(10, dtype=np.float64))
graph("int32_dst.h5", dst=np.arange(10, dtype=np.int32))
graph("short_src.h5", src=np.arange(9, dtype=np.uint64))
graph("no_weight.h5", weighted=1)
graph("short_ids.h5", ids=np.arange(99, dtype=np.int64))
bad = np.arange(10, dtype=np.uint64)
bad[7] = 100
graph("bad_id.h5", dst=bad)
w = np.ones(10, dtype=np.float32)
w[3] = np.nan
graph("nan_weight.h5", weight=w)
with h5py.File(f"{DIR}/noformat.h5", "w") as f:
    f["x"] = np.arange(5)
    f.attrs["format_version"] = 1
print("ok")
