#!/usr/bin/python3
"""`nexus estimate` (graph file, vertex/edge counts, job file) prints `bytes_per_rank: N`; a job
whose estimate exceeds the memory limit (NEXUS_MEMORY_LIMIT) is refused with exit code 7, the
estimate and the limit in the message and no output file; --force (or force = true in a job file)
runs it anyway."""
import os
import re

from nexus_cli import fail, run, scratch

d = scratch("estimate")
graph = os.path.join(d, "g.h5")
run(["generate", "rmat", "--scale", "10", "--edge-factor", "8", "-o", graph], np=2)


def bytes_per_rank(p):
    m = re.search(r"^bytes_per_rank: (\d+)$", p.stdout, re.M)
    if not m:
        fail("no bytes_per_rank line in:\n" + p.stdout)
    return int(m.group(1))


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
print("estimate ok:", one, small, large)
