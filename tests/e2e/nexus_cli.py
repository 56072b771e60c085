"""Helpers for end-to-end tests: run the nexus binary under mpirun, scratch directories."""
import os
import re
import subprocess
import sys
import tempfile

NEXUS = os.environ["NEXUS"]
DATA = os.environ.get("NEXUS_DATA", os.path.join(os.path.dirname(__file__), "../../../shared/data"))
SOURCE = os.environ.get("NEXUS_SOURCE", os.path.join(os.path.dirname(__file__), "../.."))


def run(args, np=1, timeout=300, check=True):
    """Runs `mpirun -np NP nexus ARGS`; returns the CompletedProcess (text)."""
    cmd = ["mpirun", "-np", str(np), "--oversubscribe", "--bind-to", "none", NEXUS] + list(args)
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    if check and p.returncode != 0:
        sys.stderr.write(p.stdout + p.stderr)
        raise AssertionError(f"failed ({p.returncode}): {' '.join(cmd)}")
    return p


def scratch(name):
    return tempfile.mkdtemp(prefix=f"nexus-e2e-{name}-")


def fail(msg):
    sys.stderr.write("FAIL: " + msg + "\n")
    sys.exit(1)


def bytes_per_rank(p):
    """The `bytes_per_rank: N` figure of a `nexus estimate` run."""
    m = re.search(r"^bytes_per_rank: (\d+)$", p.stdout, re.M)
    if not m:
        fail("no bytes_per_rank line in:\n" + p.stdout)
    return int(m.group(1))
