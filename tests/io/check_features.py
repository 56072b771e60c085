#!/usr/bin/python3
"""Checks a feature file written by feature_file_test with h5py, as a consumer would read it:
argv = path, num_vertices, ranks. Values follow the test's formulas of the row index. Prints ok."""
import sys

import h5py
import numpy as np

path, n, ranks = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rows = np.arange(n)
with h5py.File(path, "r") as f:
    a = f.attrs
    assert a["nexus_format"] == "features", a["nexus_format"]
    assert int(a["format_version"]) == 1
    assert int(a["num_vertices"]) == n
    assert a["graph_fingerprint"] == "abcdef0123456789"
    assert a["config_json"] == '{"algorithms": ["pagerank"]}'
    assert int(a["ranks"]) == ranks and int(a["threads"]) == 2
    assert isinstance(a["nexus_version"], str) and a["nexus_version"]
    assert a["created"].endswith("Z") and "T" in a["created"], a["created"]
    assert f["node_id"].dtype == np.int64
    np.testing.assert_array_equal(f["node_id"][:], 100 + 7 * rows)
    pr = f["features/pagerank"]
    assert pr.dtype == np.float64 and pr.shape == (n,)
    np.testing.assert_array_equal(pr[:], rows * 0.5)
    assert pr.attrs["algorithm"] == "pagerank"
    assert pr.attrs["damping"] == 0.85 and int(pr.attrs["max_iterations"]) == 100
    com = f["features/community"]
    assert com.dtype == np.int64 and com.shape == (n,)
    np.testing.assert_array_equal(com[:], rows % 3)
    assert com.attrs["algorithm"] == "louvain"
    emb = f["features/embedding"]
    assert emb.dtype == np.float32 and emb.shape == (n, 3)
    np.testing.assert_array_equal(emb[:], (rows[:, None] * 10 + np.arange(3)).astype(np.float32))
    for d in (f["node_id"], pr, com, emb):
        # 1-D datasets shuffle + gzip; 2-D float32 matrices uncompressed (docs/formats.md)
        packed = d.ndim == 1
        assert (d.compression == "gzip" and d.shuffle) == packed, (d.name, d.compression, d.shuffle)
        assert d.compression in ("gzip", None), (d.name, d.compression)
        assert d.chunks is not None and 1 <= d.chunks[0] <= max(min(n, 65536), 1), d.chunks
print("ok")
