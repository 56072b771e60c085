#!/usr/bin/python3
"""`nexus run JOBFILE`: two PageRank tasks over one loaded graph into one feature file; the
results equal those of the single-task subcommand with the same parameters."""
import json
import os

import h5py
import numpy as np

from nexus_cli import SOURCE, fail, run, scratch

d = scratch("job")
graph = os.path.join(d, "g.h5")
run(["import", os.path.join(SOURCE, "docs/examples/email-Eu-core/email-Eu-core.txt.gz"), "-o", graph], np=2)
out, rep = os.path.join(d, "f.h5"), os.path.join(d, "r.json")
job = os.path.join(d, "job.toml")
with open(job, "w") as f:
    f.write(f'''input = "{graph}"
output = "{out}"
report = "{rep}"
partition = "edge-balanced"
verify = true

[[task]]
algorithm = "pagerank"

[[task]]
algorithm = "pagerank"
name = "pagerank_personal"
damping = 0.5
max_iterations = 300
sources = [0, 5, 17]
''')
run(["run", job], np=3)
single = os.path.join(d, "single.h5")
run(["pagerank", graph, "-o", single, "--damping", "0.5", "--max-iterations", "300",
     "--sources", "0,5,17", "--name", "pagerank_personal"], np=2)
with h5py.File(out) as f, h5py.File(single) as s:
    a = f["features/pagerank_personal"][:]
    b = s["features/pagerank_personal"][:]
    if not np.array_equal(a, b):
        fail("job-file task differs from the subcommand")
    if "pagerank" not in f["features"]:
        fail("first task missing")
    if abs(f["features/pagerank"][:].sum() - 1) > 1e-9:
        fail("scores do not sum to 1")
    # Personalised scores: mass concentrates on the sources.
    ids = f["node_id"][:]
    if a[np.isin(ids, [0, 5, 17])].sum() < 0.5:
        fail("personalised mass is not on the sources")
    cfg = json.loads(f.attrs["config_json"])
    if cfg["tasks"][1]["params"]["damping"] != 0.5:
        fail(f"config_json does not record the effective parameters: {cfg}")
r = json.load(open(rep))
if [t["dataset"] for t in r["tasks"]] != ["/features/pagerank", "/features/pagerank_personal"]:
    fail("report tasks")
for key in ("read", "partition", "write"):
    if key not in r["phases_seconds"]:
        fail(f"report lacks phase {key}")
print("job file ok:", r["phases_seconds"])
