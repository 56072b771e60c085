#!/usr/bin/python3
"""Output integrity of feature files (new, --append, and nexus export):
- a job killed (SIGKILL to mpirun and every rank) while it writes leaves no file at the output
  path, or the previous file there byte for byte; the stale <output>.partial it leaves is
  overwritten by the next run, which succeeds;
- a full file system (a 2 MB tmpfs; needs root) gives a clean error naming the file, exit code 4
  and no file (neither the output nor .partial), and a previous file stays untouched;
- the same job (every algorithm) with the same seeds writes identical datasets and dataset
  attributes, bit for bit, on 1 and 3 ranks and when repeated (data compared, not timestamps)."""
import filecmp
import os
import shutil
import signal
import subprocess
import time

import h5py
import numpy as np

from nexus_cli import NEXUS, fail, run, scratch

d = scratch("integrity")
g = os.path.join(d, "g.h5")
run(["generate", "rmat", "--scale", "12", "--seed", "2", "-o", g], np=2)


def descendants(pid):
    """pid and every process below it (from /proc), so that all can be killed by id."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry))
            except (OSError, ValueError, IndexError):
                pass
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo += children.get(p, [])
    return out


def kill_while_writing(args, out, np_=2):
    """Starts the job with a pause after its first feature is in out.partial, kills it there."""
    env = dict(os.environ, NEXUS_TEST_PAUSE_IN_WRITE="120")
    cmd = ["mpirun", "-np", str(np_), "--oversubscribe", "--bind-to", "none", NEXUS] + args
    partial = out + ".partial"

    def mtime():
        return os.stat(partial).st_mtime_ns if os.path.exists(partial) else None

    stale = mtime()  # a killed run's .partial may be there already: wait for this run's write
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while mtime() in (None, stale) and proc.poll() is None and time.time() < deadline:
        time.sleep(0.05)
    if mtime() in (None, stale):
        proc.kill()
        fail(f"{args}: no {partial} written (exit {proc.poll()})")
    time.sleep(2)  # the first feature is written well within this (the pause then holds it)
    if proc.poll() is not None:
        fail(f"{args}: the job ended before it was killed")
    pids = descendants(proc.pid)
    if len(pids) < 1 + np_:
        fail(f"found {len(pids)} processes under mpirun, expected at least {1 + np_}")
    for p in pids:
        try:
            os.kill(p, signal.SIGKILL)
        except ProcessLookupError:
            pass
    proc.wait()
    time.sleep(0.5)
    for p in pids:
        if os.path.exists(f"/proc/{p}") and "zombie" not in open(f"/proc/{p}/status").read():
            fail(f"process {p} survived SIGKILL")


job = ["fastrp", g, "--dim", "64"]
# 1. No previous file: nothing at the output path after the kill.
out = os.path.join(d, "new.h5")
kill_while_writing(job + ["-o", out], out)
if os.path.exists(out):
    fail("a killed job left a file at the output path")
# 2. A previous file stays byte-identical; the next run overwrites the stale .partial.
out = os.path.join(d, "f.h5")
run(["pagerank", g, "-o", out])
before = os.path.join(d, "before.h5")
shutil.copy(out, before)
kill_while_writing(job + ["-o", out], out)
if not filecmp.cmp(out, before, shallow=False):
    fail("a killed job changed the previous file")
if not os.path.exists(out + ".partial"):
    fail("expected the killed job's .partial (the test would prove nothing otherwise)")
kill_while_writing(job + ["-o", out, "--append"], out, np_=3)
if not filecmp.cmp(out, before, shallow=False):
    fail("a killed --append changed the file")
run(job + ["-o", out, "--append"], np=2)
if os.path.exists(out + ".partial"):
    fail("the next run left the stale .partial")
with h5py.File(out) as f:
    if sorted(f["features"]) != ["fastrp", "pagerank"]:
        fail(f"after the rerun: {list(f['features'])}")
print("killed jobs: output path untouched, stale .partial replaced by the next run")

# 3. Full file system.
full = os.path.join(d, "full")
os.mkdir(full)
m = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", full],
                   capture_output=True, text=True)
if m.returncode != 0:
    fail(f"cannot mount a tmpfs (this test needs root): {m.stderr.strip()}")
try:
    small = os.path.join(d, "small.h5")
    run(["generate", "rmat", "--scale", "8", "-o", small])
    kept = os.path.join(full, "kept.h5")
    run(["pagerank", small, "-o", kept])
    shutil.copy(kept, before)
    big = os.path.join(d, "big.h5")
    run(["fastrp", g, "--dim", "128", "-o", big], np=2)  # 2 MB of floats: more than the disk
    cases = [(["fastrp", g, "--dim", "128", "-o", os.path.join(full, "new.h5")], "new.h5"),
             (["fastrp", g, "--dim", "128", "-o", kept], "kept.h5"),
             (["fastrp", small, "--dim", "1024", "-o", kept, "--append"], "kept.h5"),
             (["export", big, "--format", "pandas", "-o", os.path.join(full, "p.h5")], "p.h5")]
    for args, name in cases:
        p = run(args, np=2, check=False, timeout=120)
        if p.returncode != 4 or name not in p.stderr or "free space" not in p.stderr:
            fail(f"{args}: exit {p.returncode}, stderr {p.stderr}")
        left = sorted(os.listdir(full))
        if left != ["kept.h5"]:
            fail(f"{args}: left {left}")
        if not filecmp.cmp(kept, before, shallow=False):
            fail(f"{args}: changed the previous file")
finally:
    subprocess.run(["umount", full], check=True)
print("full disk: clean errors, no files, previous file untouched")

# 4. Determinism: every algorithm, 1 and 3 ranks, repeated; data and attributes compared.
det = os.path.join(d, "det.toml")
with open(det, "w") as f:
    f.write(f'input = "{g}"\noutput = "OUT"\n' + "".join(
        f'[[task]]\nalgorithm = "{a}"\n' + extra
        for a, extra in (("pagerank", ""), ("wcc", ""), ("louvain", "seed = 3\n"),
                         ("leiden", "seed = 3\n"), ("fastrp", "dim = 16\nseed = 9\n"),
                         ("spectral", "dim = 8\n"))))
runtime = {"ranks", "threads", "created", "config_json"}


def snapshot(path):
    with h5py.File(path) as f:
        data = {}
        f.visititems(lambda n, o: data.__setitem__(n, (o[()].tobytes(), dict(o.attrs)))
                     if isinstance(o, h5py.Dataset) else None)
        root = {k: v for k, v in f.attrs.items() if k not in runtime}
    return data, root


snaps = []
for np_, threads in ((1, 2), (3, 1), (3, 2)):
    job_file = os.path.join(d, f"det{len(snaps)}.toml")
    out = os.path.join(d, f"det{len(snaps)}.h5")
    with open(det) as src, open(job_file, "w") as dst:
        dst.write(src.read().replace("OUT", out))
    run(["run", job_file, "--threads", str(threads)], np=np_)
    snaps.append(snapshot(out))
names = sorted(snaps[0][0])
for i, (data, root) in enumerate(snaps[1:], 1):
    if sorted(data) != names or root.keys() != snaps[0][1].keys():
        fail(f"run {i}: datasets {sorted(data)} / root attributes differ")
    for n in names:
        if data[n][0] != snaps[0][0][n][0]:
            fail(f"run {i}: dataset {n} differs")
        if str(data[n][1]) != str(snaps[0][0][n][1]):
            fail(f"run {i}: attributes of {n} differ: {data[n][1]} vs {snaps[0][0][n][1]}")
    if str(root) != str(snaps[0][1]):
        fail(f"run {i}: root attributes differ: {root} vs {snaps[0][1]}")
print(f"identical datasets {names} for 1 and 3 ranks and a repeat")
print("ok")
