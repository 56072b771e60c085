"""More threads than the CPUs a rank may run on: mpirun binds a rank to one core by default (at up
to 2 ranks), and `--threads 2` then runs two threads on one core. Nexus must say so (a warning
naming the affinity mask and the way out) and still produce the same result; unbound runs, and
runs with no more threads than CPUs, must not warn."""
import os
import subprocess

import h5py
import numpy as np

from nexus_cli import NEXUS, SOURCE, fail, run, scratch

WARNING = "threads, but this rank may run on only"

work = scratch("binding")
graph = os.path.join(work, "email.h5")
run(["import", os.path.join(SOURCE, "docs/examples/email-Eu-core/email-Eu-core.txt.gz"), "-o", graph])


def pagerank(prefix, threads, name):
    """Runs PageRank under the launcher `prefix`; returns (stderr, scores)."""
    out = os.path.join(work, name + ".h5")
    cmd = prefix + [NEXUS, "pagerank", graph, "-o", out, "--threads", str(threads)]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    if p.returncode != 0:
        fail(f"{' '.join(cmd)} exited {p.returncode}:\n{p.stderr}")
    with h5py.File(out, "r") as f:
        return p.stderr, f["features/pagerank"][:]


cpus = len(os.sched_getaffinity(0))
online = os.cpu_count()
# The reference: unbound, one thread per CPU at most.
err, reference = pagerank(["mpirun", "-np", "1", "--bind-to", "none"], 1, "reference")
if WARNING in err:
    fail("warned on an unbound single-thread run:\n" + err)

# The CPUs of a rank that mpirun binds to a core (2 where a core has two hardware threads).
bound = int(subprocess.run(["mpirun", "-np", "1", "--bind-to", "core", "/usr/bin/python3", "-c",
                            "import os; print(len(os.sched_getaffinity(0)))"],
                           capture_output=True, text=True, timeout=60, check=True).stdout)
first_cpu = str(min(os.sched_getaffinity(0)))  # one CPU this test may use
cases = [
    # (launcher, threads, expect the warning)
    (["taskset", "-c", first_cpu], 1, False),
    (["taskset", "-c", first_cpu], 2, online > 1),  # one CPU of several: the threads take turns
    (["mpirun", "-np", "1", "--bind-to", "core"], 2, bound < 2 and bound < online),
    (["mpirun", "-np", "1", "--bind-to", "none"], 2, cpus < 2 and cpus < online),
]
for i, (launcher, threads, expected) in enumerate(cases):
    err, scores = pagerank(launcher, threads, f"case{i}")
    if (WARNING in err) != expected:
        fail(f"{' '.join(launcher)} --threads {threads}: warning expected {expected}, stderr:\n{err}")
    if expected and ("--bind-to none" not in err or "affinity mask" not in err):
        fail("the warning does not name the affinity mask and the way out:\n" + err)
    # PageRank is bit-identical for any thread count (docs/design.md): the warning changes nothing.
    if not np.array_equal(scores, reference):
        fail(f"{' '.join(launcher)} --threads {threads}: scores differ from the reference")
print(f"ok: {len(cases) + 1} runs, the warning exactly where a rank had fewer CPUs than threads "
      f"({cpus} CPUs in this test's mask, {online} online)")
