#!/usr/bin/python3
"""The consumer contract of feature files: pandas.read_hdf on what `nexus export --format pandas`
writes (Debian's python3-pandas and python3-tables) equals h5py's reading of the feature file,
column by column and bit for bit, for 1-3 exporting ranks and a buffer small enough to stream in
many steps; the README's examples run; string ids become a node_name column; a non-ASCII feature name survives the pickled
metadata; h5dump reads both files; a file of an unknown major format version is refused."""
import os
import subprocess
import warnings

import h5py
import numpy as np
import pandas as pd
import tables

from nexus_cli import fail, run, scratch

d = scratch("export")
graph = os.path.join(d, "g.h5")
run(["generate", "rmat", "--scale", "11", "--seed", "3", "-o", graph], np=2)
feat = os.path.join(d, "f.h5")
job = os.path.join(d, "job.toml")
with open(job, "w") as f:
    f.write(f"""input = "{graph}"
output = "{feat}"
[[task]]
algorithm = "pagerank"
[[task]]
algorithm = "wcc"
[[task]]
algorithm = "fastrp"
dim = 24
[[task]]
algorithm = "louvain"
name = "rang_é"
""")
run(["run", job], np=2)

with h5py.File(feat, "r") as f:
    ids = f["node_id"][:]
    src = {k: f["features"][k][:] for k in f["features"]}
expected_cols = []
for k in sorted(src):
    expected_cols += [k] if src[k].ndim == 1 else [f"{k}_{j}" for j in range(src[k].shape[1])]


def check_frame(df, where):
    if df.index.name != "node_id" or not np.array_equal(df.index.values, ids):
        fail(f"{where}: index {df.index.name} {df.index.values[:5]} != node_id {ids[:5]}")
    if list(df.columns) != expected_cols:
        fail(f"{where}: columns {list(df.columns)[:8]}... expected {expected_cols[:8]}...")
    for k, v in src.items():
        got = df[k].values if v.ndim == 1 else df[[f"{k}_{j}" for j in range(v.shape[1])]].values
        if got.dtype != v.dtype or not np.array_equal(np.ascontiguousarray(got).view(np.uint8), v.view(np.uint8)):
            fail(f"{where}: column(s) {k}: {got.dtype} vs {v.dtype}, equal {np.array_equal(got, v)}")


for np_, buf in ((1, None), (2, "0.05"), (3, "0.01")):
    out = os.path.join(d, f"p{np_}.h5")
    args = ["export", feat, "--format", "pandas", "-o", out] + (["--buffer-mb", buf] if buf else [])
    run(args, np=np_)
    if os.path.exists(out + ".partial"):
        fail(f"{out}.partial left behind")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # PyTables warns (and degrades the node) on a bad layout
        check_frame(pd.read_hdf(out), f"read_hdf np={np_}")
        with tables.open_file(out) as t:
            node = t.get_node("/features/table")
            if not isinstance(node, tables.Table) or node.nrows != len(ids):
                fail(f"PyTables sees {type(node).__name__} with {getattr(node, 'nrows', '?')} rows")
    check_frame(pd.read_hdf(out, "features", start=0, stop=len(ids)), f"read_hdf key np={np_}")
    sel = pd.read_hdf(out, where=f"index < {int(ids[5])}")
    if sorted(sel.index) != sorted(i for i in ids if i < ids[5]):
        fail(f"read_hdf where: {list(sel.index)[:10]}")
print(f"pandas.read_hdf: {len(ids)} rows x {len(expected_cols)} columns equal to h5py")

# String ids: the DataFrame gets a node_name column (the index is then the row).
edges = os.path.join(d, "names.tsv")
with open(edges, "w") as f:
    f.write("alice\tbob\nbob\tcarol\ncarol\talice\ndave\talice\n")
sg = os.path.join(d, "s.h5")
run(["import", edges, "--string-ids", "--format", "tsv", "-o", sg])
sf, sp = os.path.join(d, "sf.h5"), os.path.join(d, "sp.h5")
run(["pagerank", sg, "-o", sf])
run(["export", sf, "--format", "pandas", "-o", sp], np=2)
df = pd.read_hdf(sp)
with h5py.File(sf) as f:
    names = [x.decode() for x in f["node_name"][:]]
    pr = f["features/pagerank"][:]
if list(df["node_name"]) != names or not np.array_equal(df["pagerank"].values, pr):
    fail(f"string ids: {df}")
if list(df.columns) != ["node_name", "pagerank"]:
    fail(f"string ids: columns {list(df.columns)}")

# h5dump, the HDF5 command-line consumer, reads both files.
for path, obj in ((feat, "/features/pagerank"), (os.path.join(d, "p1.h5"), "/features/table")):
    p = subprocess.run(["h5dump", "-d", obj, "-c", "3", path], capture_output=True, text=True)
    if p.returncode != 0 or "DATA {" not in p.stdout:
        fail(f"h5dump {path} {obj}: {p.returncode} {p.stderr}")
p = subprocess.run(["h5dump", "-A", feat], capture_output=True, text=True)
if p.returncode != 0 or '"format_version"' not in p.stdout or "features" not in p.stdout:
    fail(f"h5dump -A: {p.stderr}")

# Version rule: an unknown major version is refused by export (and the C++ reader, see
# feature_consumer); an unknown minor version is accepted.
for major, minor, code in ((2, 0, 3), (1, 7, 0)):
    v = os.path.join(d, f"v{major}.{minor}.h5")
    subprocess.run(["cp", feat, v], check=True)
    with h5py.File(v, "r+") as f:
        f.attrs["format_version"] = np.int64(major)
        f.attrs["format_version_minor"] = np.int64(minor)
    out = os.path.join(d, f"pv{major}.h5")
    p = run(["export", v, "--format", "pandas", "-o", out], np=2, check=False)
    if p.returncode != code:
        fail(f"format {major}.{minor}: exit {p.returncode}, expected {code}: {p.stderr}")
    if code and ("format_version 2" not in p.stderr or v not in p.stderr or os.path.exists(out)):
        fail(f"format {major}.{minor}: message {p.stderr!r}, output exists {os.path.exists(out)}")
for bad, code in ((["export", feat, "-o", os.path.join(d, "x.h5")], 2),
                  (["export", feat, "--format", "csv", "-o", os.path.join(d, "x.h5")], 2),
                  (["export", os.path.join(d, "missing.h5"), "--format", "pandas", "-o",
                    os.path.join(d, "x.h5")], 3),
                  (["export", graph, "--format", "pandas", "-o", os.path.join(d, "x.h5")], 3)):
    p = run(bad, check=False)
    if p.returncode != code or os.path.exists(os.path.join(d, "x.h5")):
        fail(f"{bad}: exit {p.returncode} (expected {code}): {p.stderr}")
# The README's loading examples, run as written (paths replaced).
with open(os.path.join(os.environ["NEXUS_SOURCE"], "README.md")) as f:
    readme = f.read()
section = readme.split("### Loading features in Python", 1)[1].split("\n## ", 1)[0]
blocks = [b.split("```", 1)[0] for b in section.split("```python\n")[1:]]
if len(blocks) != 2:
    fail(f"README: expected 2 Python examples, found {len(blocks)}")
for code in blocks:
    code = code.replace("out/email-Eu-core-features.h5", feat)
    code = code.replace("out/email-Eu-core-pandas.h5", os.path.join(d, "p1.h5"))
    p = subprocess.run(["/usr/bin/python3", "-c", code], capture_output=True, text=True)
    if p.returncode != 0 or "pagerank" not in p.stdout:
        fail(f"README example failed: {p.stderr}")
print("ok")
