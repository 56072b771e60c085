#!/usr/bin/python3
"""Checkpoints under faults: a real SIGUSR1 to mpirun (checkpoint, exit 6, resume with another
rank count); a truncated latest checkpoint, a leftover .partial and a flipped data byte are
skipped for the previous complete one (or a fresh start); a checkpoint of another job is an
error before any work; a multi-task job file resumes without redoing completed tasks. Every
resumed result must equal the uninterrupted run bit for bit."""
import glob
import os
import signal
import subprocess
import time

import h5py
import numpy as np

from nexus_cli import NEXUS, SOURCE, fail, run, scratch

d = scratch("ckfaults")
g = os.path.join(d, "g.h5")
run(["generate", "rmat", "--scale", "12", "--edge-factor", "8", "--seed", "5", "-o", g])
checks = 0


def mpirun(args, np_, env_extra=None, **kw):
    cmd = ["mpirun", "-np", str(np_), "--oversubscribe", "--bind-to", "none", NEXUS] + args
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300,
                          env=dict(os.environ, **(env_extra or {})), **kw)


def data(path, name):
    with h5py.File(path, "r") as f:
        return f["features/" + name][:].view(np.uint8)


def same(a_path, b_path, name, what):
    global checks
    if not np.array_equal(data(a_path, name), data(b_path, name)):
        fail(f"{what}: {name} differs from the uninterrupted run")
    checks += 1


# 1. A real signal: SIGUSR1 to mpirun while PageRank runs (mpirun forwards it to the ranks).
# Enough iterations (about 10 s on an idle machine) that the signal always lands mid-run.
pr = ["--tolerance", "0", "--max-iterations", "20000"]
ref = os.path.join(d, "ref.h5")
run(["pagerank", g, "-o", ref] + pr, np=1)
ck, out = os.path.join(d, "ck-signal"), os.path.join(d, "signal.h5")
cmd = ["mpirun", "-np", "2", "--oversubscribe", "--bind-to", "none", NEXUS, "pagerank", g, "-o",
       out, "--checkpoint", ck] + pr
p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
for _ in range(600):
    if os.path.exists(os.path.join(ck, "manifest.txt")):
        break
    time.sleep(0.05)
time.sleep(0.5)
p.send_signal(signal.SIGUSR1)
log, _ = p.communicate(timeout=300)
if p.returncode != 6 or not glob.glob(os.path.join(ck, "task0-pagerank-*.h5")):
    fail(f"SIGUSR1: expected exit 6 and a checkpoint, got {p.returncode}\n{log}")
# Resumed on another rank count: one rank, which has no collective latency to pay per iteration
# (3 ranks on 2 busy cores took over 300 s for the remaining iterations on a loaded machine).
r = mpirun(["pagerank", g, "-o", out, "--checkpoint", ck, "--resume"] + pr, 1)
if r.returncode != 0 or "resuming from checkpoint" not in r.stderr + r.stdout:
    fail(f"resume after SIGUSR1 failed\n{r.stdout}{r.stderr}")
same(ref, out, "pagerank", "SIGUSR1")

# 2. Damaged checkpoints: truncated, half-written, flipped byte; then none usable.
short = ["--tolerance", "0", "--max-iterations", "30"]
ref2 = os.path.join(d, "ref2.h5")
run(["pagerank", g, "-o", ref2] + short, np=1)


def stopped(ck_dir, extra=()):
    args = ["pagerank", g, "-o", os.path.join(d, "x.h5"), "--checkpoint", ck_dir,
            "--checkpoint-every", "2"] + short + list(extra)
    r_ = mpirun(args, 2, {"NEXUS_STOP_AFTER_CHECKPOINT": "3"})
    if r_.returncode != 6:
        fail(f"expected a stop (6), got {r_.returncode}\n{r_.stderr}")
    return sorted(glob.glob(os.path.join(ck_dir, "task0-pagerank-*.h5")))


def resume(ck_dir, expect, what, np_=3):
    out_ = os.path.join(d, "resumed.h5")
    r_ = mpirun(["pagerank", g, "-o", out_, "--checkpoint", ck_dir, "--checkpoint-every", "2",
                 "--resume"] + short, np_)
    text = r_.stdout + r_.stderr
    if r_.returncode != 0 or any(e not in text for e in expect):
        fail(f"{what}: expected {expect} in the log (exit {r_.returncode})\n{text}")
    same(ref2, out_, "pagerank", what)


def flip_data_byte(path):
    with h5py.File(path, "r") as f:
        offset = f["rows/rank"].id.get_chunk_info(0).byte_offset
    with open(path, "r+b") as f:
        f.seek(offset + 100)
        b = f.read(1)
        f.seek(offset + 100)
        f.write(bytes([b[0] ^ 0xFF]))


ck = os.path.join(d, "ck-damaged")
older, latest = stopped(ck)
with open(latest, "rb") as f:
    content = f.read()
with open(latest, "wb") as f:
    f.write(content[: len(content) // 2])
with open(latest.replace("0006.h5", "0008.h5.partial"), "wb") as f:
    f.write(content[:1000])
resume(ck, ["skipping unusable checkpoint", "ignoring half-written", "resuming from checkpoint " +
            older], "truncated + partial")
older, latest = stopped(ck)
flip_data_byte(latest)
resume(ck, ["skipping unusable checkpoint", "resuming from checkpoint " + older], "flipped byte")
older, latest = stopped(ck)
flip_data_byte(latest)
flip_data_byte(older)
resume(ck, ["no usable checkpoint", "starting it from the beginning"], "none usable", np_=1)

# 3. Another job's checkpoint: a clear error before any work, no output.
ck = os.path.join(d, "ck-other")
stopped(ck)
bad = os.path.join(d, "bad.h5")
r = mpirun(["pagerank", g, "-o", bad, "--checkpoint", ck, "--resume", "--damping", "0.9"] + short, 2)
if r.returncode != 2 or "another job" not in r.stderr or os.path.exists(bad):
    fail(f"mismatched job: expected exit 2 and 'another job'\n{r.stdout}{r.stderr}")
if "task pagerank" in r.stdout + r.stderr:
    fail("mismatched job: work started before the error")

# 4. A job file: tasks completed before the stop are not redone.
email = os.path.join(d, "email.h5")
run(["import", os.path.join(SOURCE, "docs/examples/email-Eu-core/email-Eu-core.txt.gz"), "-o", email])
job, full = os.path.join(d, "job.toml"), os.path.join(d, "job-full.h5")
tasks = ('[[task]]\nalgorithm = "wcc"\n[[task]]\nalgorithm = "pagerank"\ntolerance = 0.0\n'
         'max_iterations = 30\n[[task]]\nalgorithm = "louvain"\n')
with open(job, "w") as f:
    f.write(f'input = "{email}"\noutput = "{full}"\n' + tasks)
run(["run", job], np=1)
ck, part = os.path.join(d, "ck-job"), os.path.join(d, "job-part.h5")
with open(job, "w") as f:
    f.write(f'input = "{email}"\noutput = "{part}"\ncheckpoint = "{ck}"\ncheckpoint_every = 3\n'
            + tasks)
# PageRank saves at iterations 3, 6, ..., 30 (10 checkpoints); Louvain's 3rd boundary is the 11th.
r = mpirun(["run", job], 2, {"NEXUS_STOP_AFTER_CHECKPOINT": "11"})
if r.returncode != 6:
    fail(f"job file: expected a stop in louvain (6), got {r.returncode}\n{r.stderr}")
r = mpirun(["run", job, "--resume"], 4)
text = r.stdout + r.stderr
if (r.returncode != 0 or text.count("completed before") != 2
        or "resuming from checkpoint " + os.path.join(ck, "task2-louvain") not in text):
    fail(f"job file: wcc and pagerank should come from the checkpoint\n{text}")
for name in ("wcc", "pagerank", "louvain"):
    same(full, part, name, "job file")
print(f"resume equality checks passed: {checks}")
