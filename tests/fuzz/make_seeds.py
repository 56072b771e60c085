#!/usr/bin/python3
"""Writes the seed corpora of the fuzz targets into tests/fuzz/corpus/<target>/ (small valid and
near-valid inputs). Text seeds start with the two flag bytes of fuzz_support.hpp."""
import gzip
import os
import sys

import h5py
import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")


def put(target, name, data):
    os.makedirs(os.path.join(ROOT, target), exist_ok=True)
    with open(os.path.join(ROOT, target, name), "wb") as f:
        f.write(data)


def flags(one_based=0, weighted=0, string_ids=0, header=None, undirected=0, drop_loops=0,
          dups=0, buf=0, block=0, alt=0):
    a = one_based | weighted << 1 | string_ids << 2 | undirected << 5 | drop_loops << 6
    if header is not None:
        a |= 8 | (16 if header else 0)
    b = dups | buf << 2 | block << 4 | alt << 6
    return bytes([a, b])


snap = b"# comment\n0 1\n1 2\n2 0\n2 2\n0 1\n"
put("fuzz_snap", "plain", flags() + snap)
put("fuzz_snap", "weighted_crlf", flags(weighted=1, buf=1) + b"0 1 0.5\r\n1 2 2e3\r\n% c\n2 0 -1\n")
put("fuzz_snap", "names_undirected", flags(string_ids=1, undirected=1, dups=2) + b"a b\nb c\nc a\na b\n")
put("fuzz_snap", "one_based_nonl", flags(one_based=1, drop_loops=1, dups=1) + b"1 2\n2 3\n3 3")
put("fuzz_snap", "bad_field", flags() + b"0 1\n1 x\n")
put("fuzz_snap", "huge_id", flags() + b"0 9223372036854775807\n1 99999999999999999999\n")
put("fuzz_csv", "header", flags() + b"src,dst\n0,1\n1,2\n")
put("fuzz_csv", "quoted_names", flags(string_ids=1, header=True) + b'a,b\n"x ""y""",z\n z , "w"\n')
put("fuzz_csv", "weighted", flags(weighted=1, header=False, buf=1) + b"0,1,1.5\n1,2,nan\n")
put("fuzz_csv", "tsv", flags(alt=1, weighted=1) + b"0\t1\t2\n1\t2\t3\n")
put("fuzz_csv", "tsv_names", flags(alt=1, string_ids=1, dups=2) + b"a\tb\nb\tc\n")
put("fuzz_mtx", "pattern", flags() + b"%%MatrixMarket matrix coordinate pattern general\n% c\n3 3 3\n1 2\n2 3\n3 1\n")
put("fuzz_mtx", "real_symmetric", flags(buf=1) + b"%%MatrixMarket matrix coordinate real symmetric\n3 3 2\n2 1 0.5\n3 2 1e-3\n")
put("fuzz_mtx", "short", flags() + b"%%MatrixMarket matrix coordinate integer general\n2 2 3\n1 2 4\n")
put("fuzz_mtx", "outside", flags() + b"%%MatrixMarket matrix coordinate pattern general\n2 2 1\n3 1\n")
text = b"".join(b"%d %d\n" % (i, (i * 7 + 1) % 50) for i in range(50))
put("fuzz_gzip", "snap", flags(block=1) + gzip.compress(text))
put("fuzz_gzip", "csv", flags(alt=1, block=2) + gzip.compress(b"a,b\n0,1\n1,2\n"))
put("fuzz_gzip", "two_members", flags(block=0) + gzip.compress(b"0 1\n") + gzip.compress(b"1 2\n"))
put("fuzz_gzip", "truncated", flags() + gzip.compress(text)[:40])


def graph(name, n=8, m=6, weighted=False, ids=None, names=None, chunks=None):
    path = os.path.join(ROOT, "fuzz_graph_h5", name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with h5py.File(path, "w", libver="earliest") as f:
        f.attrs["nexus_format"] = "graph"
        f.attrs["format_version"] = 1
        f.attrs["num_vertices"] = np.uint64(n)
        f.attrs["num_edges"] = np.uint64(m)
        f.attrs["directed"] = np.uint8(1)
        f.attrs["weighted"] = np.uint8(weighted)
        kw = {"chunks": chunks} if chunks else {}
        f.create_dataset("edges/src", data=np.arange(m, dtype=np.uint64) % n, **kw)
        f.create_dataset("edges/dst", data=(np.arange(m, dtype=np.uint64) + 1) % n, **kw)
        if weighted:
            f.create_dataset("edges/weight", data=np.linspace(0.5, 3, m, dtype=np.float32), **kw)
        if ids is not None:
            f["vertices/id"] = ids
        if names is not None:
            f["vertices/name"] = names


graph("plain.h5")
graph("weighted_chunked.h5", weighted=True, chunks=(4,))
graph("ids.h5", ids=np.arange(8, dtype=np.int64) * 10)
graph("names.h5", names=np.array([b"v%d" % i for i in range(8)], dtype="S4"))
path = os.path.join(ROOT, "fuzz_graph_h5", "deflate.h5")
with h5py.File(path, "w", libver="earliest") as f:
    for k, v in {"nexus_format": "graph", "format_version": 1, "num_vertices": np.uint64(8),
                 "num_edges": np.uint64(6), "directed": np.uint8(0), "weighted": np.uint8(0)}.items():
        f.attrs[k] = v
    f.create_dataset("edges/src", data=np.arange(6, dtype=np.uint64), compression="gzip", shuffle=True)
    f.create_dataset("edges/dst", data=np.arange(6, dtype=np.uint64) + 1, compression="gzip")
print("seeds written to", ROOT, file=sys.stderr)
