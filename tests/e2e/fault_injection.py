#!/usr/bin/python3
"""A rank that fails alone (an exception, bad input seen by it only, abort, SIGKILL) ends the job
promptly: a non-zero exit, the failing rank's message on stderr, no output file, and no rank
left hanging (the test's timeout would catch a hang). NEXUS_FAULT selects rank, phase and kind.
Usage: fault_injection.py NP"""
import os
import subprocess
import sys

from nexus_cli import fail, run, scratch

np = int(sys.argv[1])
d = scratch(f"fault{np}")
graph = os.path.join(d, "g.h5")
run(["generate", "rmat", "--scale", "10", "-o", graph], np=2)
# (rank, phase, kind) per rank count: every phase and kind is covered over 2, 3 and 4 ranks.
CASES = {
    2: [(1, "compute", "throw"), (1, "load", "kill")],
    3: [(2, "load", "input"), (1, "write", "abort")],
    4: [(3, "write", "throw"), (2, "compute", "kill")],
}
for rank, phase, kind in CASES[np]:
    out = os.path.join(d, f"{phase}-{kind}.h5")
    os.environ["NEXUS_FAULT"] = f"rank={rank},phase={phase},kind={kind}"
    try:
        p = run(["pagerank", graph, "-o", out], np=np, check=False, timeout=120)
    except subprocess.TimeoutExpired:
        fail(f"{np} ranks, fault {kind} on rank {rank} in {phase}: the job hung")
    what = f"rank {rank} in {phase}: {kind}"
    if p.returncode == 0:
        fail(f"{what}: exit 0")
    if f"injected fault (NEXUS_FAULT) on rank {rank} in phase {phase}" not in p.stderr:
        fail(f"{what}: the failing rank's message is missing:\n{p.stderr}")
    if os.path.exists(out):
        fail(f"{what}: an output file was left")
    print(f"{what}: exit {p.returncode}")
print("fault injection ok")
