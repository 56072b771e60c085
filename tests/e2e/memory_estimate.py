#!/usr/bin/python3
"""`nexus estimate` (graph file, vertex/edge counts, job file) prints `bytes_per_rank: N`; a job
whose estimate exceeds the memory limit (NEXUS_MEMORY_LIMIT) is refused with exit code 7, the
estimate and the limit in the message and no output file; --force (or force = true in a job file)
runs it anyway. A FastRP job that fits only in column blocks runs in them, with the same bits."""
import os
import re

from nexus_cli import bytes_per_rank, fail, run, scratch

d = scratch("estimate")
graph = os.path.join(d, "g.h5")
run(["generate", "rmat", "--scale", "10", "--edge-factor", "8", "-o", graph], np=2)


# Graph file: the scan may run on any number of ranks and gives the same figure.
one = bytes_per_rank(run(["estimate", graph, "pagerank", "--ranks", "2", "--threads", "1"]))
two = bytes_per_rank(run(["estimate", graph, "pagerank", "--ranks", "2", "--threads", "1"], np=2))
if one != two:
    fail(f"estimate depends on the ranks running it: {one} vs {two}")
if not 20 << 20 < one < 1 << 30:
    fail(f"implausible estimate {one}")
small = bytes_per_rank(run(["estimate", graph, "fastrp", "--dim", "16", "--ranks", "2"]))
large = bytes_per_rank(run(["estimate", graph, "fastrp", "--dim", "512", "--ranks", "2"]))
if not large > small:
    fail("a larger dimension does not need more memory")
# Counts only (no file), both directions.
counts = run(["estimate", "--vertices", "1048576", "--edges", "16777216", "--undirected", "spectral",
              "--dim", "128", "--ranks", "4", "--threads", "2"])
if "modelled shape" not in counts.stdout or bytes_per_rank(counts) < 1 << 30:
    fail("counts form:\n" + counts.stdout)
# Options that are not the algorithm's are rejected.
p = run(["estimate", graph, "pagerank", "--dim", "8"], check=False)
if p.returncode != 2:
    fail(f"--dim for pagerank: exit {p.returncode}")

# Refusal and --force.
out = os.path.join(d, "f.h5")
os.environ["NEXUS_MEMORY_LIMIT"] = "20M"
p = run(["pagerank", graph, "-o", out], np=2, check=False)
if p.returncode != 7:
    fail(f"expected exit 7 (memory refused), got {p.returncode}:\n{p.stderr}")
if not re.search(r"needs about .* per rank .*limit 10\.00 MiB per rank \(NEXUS_MEMORY_LIMIT / 2 ranks",
                 p.stderr):
    fail("refusal message lacks the estimate or the limit:\n" + p.stderr)
if os.path.exists(out) or os.path.exists(out + ".partial"):
    fail("a refused job left an output file")
run(["pagerank", graph, "-o", out, "--force"], np=2)
if not os.path.exists(out):
    fail("--force did not write the output")
job = os.path.join(d, "job.toml")
with open(job, "w") as f:
    f.write(f'input = "{graph}"\noutput = "{d}/job.h5"\nforce = true\n[[task]]\nalgorithm = "wcc"\n')
run(["run", job], np=3)
os.environ["NEXUS_MEMORY_LIMIT"] = "lots"
p = run(["pagerank", graph, "-o", out], np=2, check=False)
if p.returncode != 2 or "NEXUS_MEMORY_LIMIT" not in p.stderr:
    fail(f"malformed NEXUS_MEMORY_LIMIT: exit {p.returncode}\n{p.stderr}")
os.environ["NEXUS_MEMORY_LIMIT"] = "64G"
run(["pagerank", graph, "-o", out], np=2)
# The job file form of estimate.
if bytes_per_rank(run(["estimate", job, "--ranks", "3"])) <= 0:
    fail("job file estimate")

# FastRP in column blocks: with a limit between the job's write phase and its full-width FastRP
# phase, the job runs (no refusal) in blocks narrower than dim, says so, and writes the same bits.
import h5py  # noqa: E402

big = os.path.join(d, "big.h5")
run(["generate", "rmat", "--scale", "14", "--edge-factor", "8", "-o", big], np=2)
est = run(["estimate", big, "fastrp", "--dim", "512", "--ranks", "2", "--threads", "1"]).stdout
phase = {m.group(1): int(m.group(2)) for m in re.finditer(r"^  (task fastrp|write) +(\d+)", est, re.M)}
if phase.get("task fastrp", 0) <= phase.get("write", 1 << 62):
    fail("R-MAT 14 at dim 512: the FastRP phase should exceed the write phase:\n" + est)
middle = (phase["write"] + phase["task fastrp"]) // 2
os.environ["NEXUS_MEMORY_LIMIT"] = str(middle)  # per rank of this one-rank command
limited = run(["estimate", big, "fastrp", "--dim", "512", "--ranks", "2", "--threads", "1"])
est = limited.stdout
m = re.search(r"^block_columns fastrp: (\d+) of 512$", est, re.M)
peak = bytes_per_rank(limited)
if not m or not 0 < int(m.group(1)) < 512 or peak > middle:
    fail("estimate under the limit chose no column blocks:\n" + est)
blocked, report = os.path.join(d, "blocked.h5"), os.path.join(d, "blocked.json")
os.environ["NEXUS_MEMORY_LIMIT"] = str(2 * middle)  # the node's, for two ranks
p = run(["fastrp", big, "-o", blocked, "--dim", "512", "--threads", "1", "--report", report], np=2)
if f"columns in blocks of {m.group(1)} of 512" not in p.stderr:
    fail("the job did not report its column blocks:\n" + p.stderr)
if f'"block_columns": {m.group(1)}' not in open(report).read():
    fail("the report lacks block_columns")
os.environ["NEXUS_MEMORY_LIMIT"] = "64G"
whole = os.path.join(d, "whole.h5")
run(["fastrp", big, "-o", whole, "--dim", "512", "--threads", "1"], np=3)
with h5py.File(blocked, "r") as a, h5py.File(whole, "r") as b:
    if not (a["features/fastrp"][...] == b["features/fastrp"][...]).all():
        fail("column blocks changed the embedding")
wide = os.path.join(d, "wide.h5")  # a width beyond dim (and beyond int) is all columns at once
run(["fastrp", big, "-o", wide, "--dim", "512", "--block-columns", "5000000000"])
with h5py.File(wide, "r") as a, h5py.File(whole, "r") as b:
    if not (a["features/fastrp"][...] == b["features/fastrp"][...]).all():
        fail("--block-columns 5000000000 changed the embedding")
p = run(["fastrp", big, "-o", whole + "x", "--block-columns", "-3"], check=False)
if p.returncode != 2 or "block_columns" not in p.stderr:
    fail(f"--block-columns -3: exit {p.returncode}\n{p.stderr}")
print("estimate ok:", one, small, large, "blocks", m.group(1))
