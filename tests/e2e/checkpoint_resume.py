#!/usr/bin/python3
"""Checkpoint and resume, bit for bit: each iterative algorithm is stopped after its k-th
checkpoint (NEXUS_STOP_AFTER_CHECKPOINT=k, exit code 6) under W ranks and resumed with --resume
under another rank count; the feature dataset must equal an uninterrupted run's exactly (for
Louvain and Leiden, run with --levels, also every level dataset). The
checkpoints taken cover level and pass boundaries of Louvain and Leiden (read from the files).
Usage: checkpoint_resume.py W"""
import glob
import os
import subprocess
import sys

import h5py
import numpy as np

from nexus_cli import NEXUS, SOURCE, fail, run, scratch

W = int(sys.argv[1]) if len(sys.argv) > 1 else 2
R = W % 4 + 1  # the resuming rank count differs from the writer's
d = scratch(f"ckpt{W}")
rmat, email = os.path.join(d, "rmat.h5"), os.path.join(d, "email.h5")
run(["generate", "rmat", "--scale", "10", "--edge-factor", "8", "--seed", "3", "-o", rmat])
run(["import", os.path.join(SOURCE, "docs/examples/email-Eu-core/email-Eu-core.txt.gz"), "-o", email])

CASES = [  # name, graph, options, stop after these checkpoints
    ("pagerank", rmat, ["--tolerance", "0", "--max-iterations", "30"], [3]),
    ("fastrp", rmat, ["--dim", "16"], [2]),
    # Column blocks of 6, 6, 4, two sweeps, checkpoints after steps 1-3 of each block: the 7th is
    # in the narrower last block of the measuring sweep, the 11th in the adding sweep.
    ("fastrp", rmat, ["--dim", "16", "--block-columns", "6"], [3, 7, 11]),
    # Raw iterates: one sweep, no squared norms to keep; the 4th is in the second block.
    ("fastrp", rmat, ["--dim", "16", "--block-columns", "6", "--normalize-iterations", "false"],
     [4]),
    ("spectral", rmat, ["--dim", "8", "--steps", "4"], [1]),
    # email-Eu-core: Louvain's 2nd checkpoint is level 2 of pass 1, its 3rd the start of pass 2;
    # Leiden's 2nd is level 2 of pass 1, its 6th level 1 of pass 2 (with the best of pass 1).
    # With --levels, the level datasets (<name>_level_<k>) must be equal too.
    ("louvain", email, ["--verify", "--levels"], [2, 3]),
    ("leiden", email, ["--verify", "--levels"], [2, 6]),
    # CPM: the levels' vertex masses are rebuilt with the levels; its 2nd checkpoint is level 2
    # of pass 1, its 6th level 1 of pass 2.
    ("leiden", email, ["--verify", "--levels", "--objective", "cpm", "--resolution", "0.05"],
     [2, 6]),
]


def features(path, name):
    with h5py.File(path, "r") as f:
        x = f["features/" + name][:]
        levels = {k: f["features/" + k][:] for k in f["features"] if k.startswith(name + "_level_")}
        return f["node_id"][:], x.view(np.uint8), levels


def same_levels(a, b):
    return a.keys() == b.keys() and all(np.array_equal(a[k], b[k]) for k in a)


def mpirun(args, np_, env_extra):
    cmd = ["mpirun", "-np", str(np_), "--oversubscribe", "--bind-to", "none", NEXUS] + args
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300,
                          env=dict(os.environ, **env_extra))


checks = 0
for case, (name, graph, opts, stops) in enumerate(CASES):
    ref = os.path.join(d, f"ref-{case}-{name}.h5")
    run([name, graph, "-o", ref] + opts, np=1)
    ref_ids, ref_x, ref_levels = features(ref, name)
    if "--levels" in opts and not ref_levels:
        fail(f"{name}: no level datasets in the uninterrupted run")
    seen = set()
    for k in stops:
        ck, out = os.path.join(d, f"ck-{case}-{name}-{k}"), os.path.join(d, f"out-{case}-{name}-{k}.h5")
        every = "3" if name == "pagerank" else "1"
        common = [name, graph, "-o", out, "--checkpoint", ck, "--checkpoint-every", every] + opts
        p = mpirun(common, W, {"NEXUS_STOP_AFTER_CHECKPOINT": str(k)})
        if p.returncode != 6:
            fail(f"{name} k={k}: expected exit 6 after a checkpoint, got {p.returncode}\n{p.stderr}")
        if os.path.exists(out):
            fail(f"{name} k={k}: an output file exists after the stop")
        files = sorted(glob.glob(os.path.join(ck, "task0-*.h5")))
        with h5py.File(files[-1], "r") as f:
            if "values/level" in f:
                seen.add("level" if f["values/level"][0] > 0 else "pass")
                seen.add(f"pass{f['values/pass'][0]}")
        p = mpirun(common + ["--resume"], R, {})
        if p.returncode != 0 or "resuming from checkpoint" not in p.stdout + p.stderr:
            fail(f"{name} k={k}: resume failed ({p.returncode})\n{p.stdout}\n{p.stderr}")
        ids, x, levels = features(out, name)
        if not (np.array_equal(ids, ref_ids) and np.array_equal(x, ref_x)):
            fail(f"{name} k={k}: resumed result differs from the uninterrupted run")
        if not same_levels(levels, ref_levels):
            fail(f"{name} k={k}: resumed level datasets {sorted(levels)} differ from the "
                 f"uninterrupted run's {sorted(ref_levels)}")
        if os.listdir(ck):
            fail(f"{name} k={k}: checkpoint files left after success: {os.listdir(ck)}")
        checks += 1
    if name in ("louvain", "leiden") and not {"level", "pass2"} <= seen:
        fail(f"{name}: the stops did not cover a level and a pass boundary (saw {sorted(seen)})")
print(f"resume equality checks passed: {checks} (written by {W} ranks, resumed by {R})")
