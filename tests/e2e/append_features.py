#!/usr/bin/python3
"""--append: features added to an existing feature file of the same graph keep rows aligned (equal
to the same feature computed alone, whatever the rank counts of the two jobs), the job's
configuration is recorded in append_history, and a mismatched graph, edited node ids, a taken
feature name or a missing file are refused before computing, leaving the file byte-identical."""
import filecmp
import json
import os
import shutil

import h5py
import numpy as np

from nexus_cli import fail, run, scratch

d = scratch("append")
g, other = os.path.join(d, "g.h5"), os.path.join(d, "other.h5")
run(["generate", "rmat", "--scale", "10", "--seed", "5", "-o", g], np=2)
run(["generate", "rmat", "--scale", "10", "--seed", "6", "-o", other], np=2)
feat = os.path.join(d, "f.h5")
run(["pagerank", g, "-o", feat], np=3)
run(["fastrp", g, "-o", feat, "--append", "--dim", "16"], np=2)
job = os.path.join(d, "job.toml")
with open(job, "w") as f:
    f.write(f'input = "{g}"\noutput = "{feat}"\nappend = true\n'
            '[[task]]\nalgorithm = "wcc"\n[[task]]\nalgorithm = "pagerank"\nname = "pr2"\n'
            'damping = 0.5\n')
run(["run", job], np=4)

alone = {}
for algo, extra in (("pagerank", []), ("fastrp", ["--dim", "16"]), ("wcc", []),
                    ("pagerank", ["--damping", "0.5", "--name", "pr2"])):
    out = os.path.join(d, f"alone_{len(alone)}.h5")
    run([algo, g, "-o", out] + extra, np=1)
    with h5py.File(out) as f:
        name = list(f["features"])[0]
        alone[name] = (f["node_id"][:], f["features"][name][:], dict(f["features"][name].attrs))
with h5py.File(feat) as f:
    if sorted(f["features"]) != sorted(alone):
        fail(f"features {list(f['features'])}")
    for name, (ids, values, attrs) in alone.items():
        if not np.array_equal(f["node_id"][:], ids):
            fail("node ids differ")
        got = f["features"][name]
        if got.dtype != values.dtype or not np.array_equal(got[:], values):
            fail(f"{name}: appended values differ from the feature computed alone")
        if dict(got.attrs).keys() != attrs.keys():
            fail(f"{name}: attributes {dict(got.attrs)}")
    hist = json.loads(f.attrs["append_history"])
    if [e["config"]["tasks"][0]["algorithm"] for e in hist] != ["fastrp", "wcc"]:
        fail(f"append_history {hist}")
    if [e["ranks"] for e in hist] != [2, 4] or int(f.attrs["format_version_minor"]) < 1:
        fail(f"append_history ranks {[e['ranks'] for e in hist]}")
    if json.loads(f.attrs["config_json"])["tasks"][0]["algorithm"] != "pagerank":
        fail("config_json of the first job was replaced")
print("appended features equal the features computed alone")

# Refusals: each before computing, exit code and message, the file untouched, no .partial.
keep = os.path.join(d, "keep.h5")
shutil.copy(feat, keep)
edited = os.path.join(d, "edited.h5")
shutil.copy(feat, edited)
with h5py.File(edited, "r+") as f:
    ids = f["node_id"][:]
    ids[700] = 999999
    f["node_id"][:] = ids
cases = [
    (["wcc", other, "-o", feat, "--append", "--name", "w2"], 3, "another graph"),
    (["pagerank", g, "-o", feat, "--append"], 2, "already has the feature 'pagerank'"),
    (["louvain", g, "-o", edited, "--append"], 3, "node_id of row 700 is 999999"),
    (["wcc", g, "-o", os.path.join(d, "none.h5"), "--append"], 3, "no such file"),
    (["wcc", g, "-o", g, "--append"], 3, "expected \"features\""),
]
for args, code, text in cases:
    p = run(args, np=3, check=False)
    if p.returncode != code or text not in p.stderr or "task " in p.stdout + p.stderr:
        fail(f"{args}: exit {p.returncode} (expected {code}, '{text}'): {p.stdout}{p.stderr}")
    if os.path.exists(args[3] + ".partial"):
        fail(f"{args}: .partial left")
if not filecmp.cmp(feat, keep, shallow=False):
    fail("a refused append changed the file")
print("ok")
