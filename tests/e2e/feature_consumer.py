#!/usr/bin/python3
"""The C++ consumer (tests/io/feature_consumer.cpp, linked against nexus::feature_reader only, run
without mpirun) reads every feature kind of a job's feature file and agrees with h5py; it refuses
an unknown major format version with a message naming the file and the version, and accepts an
unknown minor version. argv[1]: the consumer binary."""
import os
import shutil
import subprocess
import sys

import h5py
import numpy as np

from nexus_cli import fail, run, scratch

consumer = sys.argv[1]
d = scratch("consumer")
g, feat = os.path.join(d, "g.h5"), os.path.join(d, "f.h5")
run(["generate", "rmat", "--scale", "9", "-o", g])
run(["pagerank", g, "-o", feat], np=2)
run(["wcc", g, "-o", feat, "--append"], np=3)
run(["fastrp", g, "-o", feat, "--append", "--dim", "8"], np=1)
env = {k: v for k, v in os.environ.items() if not k.startswith("OMPI_")}
with h5py.File(feat) as f:
    ids = f["node_id"][:]
    for name in ("pagerank", "wcc", "fastrp"):
        v = f["features"][name][:]
        p = subprocess.run([consumer, feat, name], capture_output=True, text=True, env=env)
        lines = p.stdout.splitlines()
        if p.returncode != 0 or lines[:3] != ["version 1.1", f"rows {len(ids)}",
                                              f"node_id_sum {int(ids.sum())}"]:
            fail(f"{name}: {p.returncode} {p.stdout} {p.stderr}")
        dtype, shape, _, total = lines[3].split()
        expected = float(np.sum(v.astype(np.float64).ravel()))
        if dtype != str(v.dtype) or abs(float(total) - expected) > 1e-9 * max(1.0, abs(expected)):
            fail(f"{name}: {lines[3]} vs {v.dtype} sum {expected}")
for major, minor, code in ((2, 0, 3), (1, 5, 0)):
    v = os.path.join(d, f"v{major}_{minor}.h5")
    shutil.copy(feat, v)
    with h5py.File(v, "r+") as f:
        f.attrs["format_version"] = np.int64(major)
        f.attrs["format_version_minor"] = np.int64(minor)
    p = subprocess.run([consumer, v, "pagerank"], capture_output=True, text=True, env=env)
    if p.returncode != code:
        fail(f"{major}.{minor}: exit {p.returncode}: {p.stderr}")
    if code and not (v in p.stderr and "unsupported format_version 2" in p.stderr
                     and "newer" in p.stderr):
        fail(f"message: {p.stderr}")
    if not code and not p.stdout.startswith(f"version 1.{minor}"):
        fail(f"minor version: {p.stdout}")
print("ok")
