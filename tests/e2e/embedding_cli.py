#!/usr/bin/python3
"""`nexus fastrp` and `nexus spectral` end to end on email-Eu-core: the same bits for 1-4 ranks
and both partition policies, float32 [N, dim] rows aligned with /node_id and parameters as
attributes, a job file running both equal to the subcommands, and the evaluation tool
(bench/eval_embedding.py) on the department labels: well above chance."""
import json
import os
import subprocess
import sys

import h5py
import numpy as np

from nexus_cli import SOURCE, fail, run, scratch

d = scratch("embedding")
ex = os.path.join(SOURCE, "docs/examples/email-Eu-core")
graph = os.path.join(d, "g.h5")
run(["import", os.path.join(ex, "email-Eu-core.txt.gz"), "-o", graph], np=2)


def embed(algo, np_, extra=(), name=None):
    out = os.path.join(d, f"{algo}_{np_}_{len(extra)}.h5")
    run([algo, graph, "-o", out, "--verify"] + list(extra), np=np_)
    with h5py.File(out) as f:
        ds = f["features"][name or algo]
        return ds[:], dict(ds.attrs), f["node_id"][:], out


for algo, args in (("fastrp", ["--dim", "32", "--seed", "7"]), ("spectral", ["--dim", "16"])):
    ref, attrs, ids, ref_path = embed(algo, 1, args)
    if ref.dtype != np.float32 or ref.shape != (len(ids), int(args[1])):
        fail(f"{algo}: dtype {ref.dtype} shape {ref.shape}")
    if not np.isfinite(ref).all():
        fail(f"{algo}: non-finite values")
    if attrs.get("dim") != int(args[1]):
        fail(f"{algo}: attributes {attrs}")
    for np_ in (2, 3, 4):
        extra = args + (["--partition", "edge-balanced"] if np_ == 3 else [])
        got = embed(algo, np_, extra)[0]
        if not np.array_equal(got, ref):
            fail(f"{algo}: {np_} ranks differ from 1 rank")
    print(f"{algo}: identical for 1-4 ranks", ref.shape)

job = os.path.join(d, "job.toml")
out = os.path.join(d, "job.h5")
with open(job, "w") as f:
    f.write(f'''input = "{graph}"
output = "{out}"
verify = true

[[task]]
algorithm = "fastrp"
dim = 32
seed = 7
iteration_weights = [0.0, 0.0, 1.0, 6.67]

[[task]]
algorithm = "spectral"
dim = 16
''')
run(["run", job], np=2)
with h5py.File(out) as f:
    if not np.array_equal(f["features/fastrp"][:], embed("fastrp", 1, ["--dim", "32", "--seed", "7"])[0]):
        fail("job-file fastrp differs from the subcommand")
    if not np.array_equal(f["features/spectral"][:], embed("spectral", 1, ["--dim", "16"])[0]):
        fail("job-file spectral differs from the subcommand")

# The evaluator on a small labelled case (42 departments; chance Micro-F1 is about 0.1).
fast = embed("fastrp", 2, ["--dim", "64"])[3]
report = os.path.join(d, "eval.json")
python = os.environ.get("NEXUS_PYTHON", "/usr/bin/python3")
evaluator = [python, os.path.join(SOURCE, "bench/eval_embedding.py"), fast, "--labels",
             os.path.join(ex, "email-Eu-core-department-labels.txt")]
subprocess.run(evaluator + ["--ratios", "0.5,0.9", "--shuffles", "2", "--json", report], check=True,
               timeout=300)
r = json.load(open(report))
if r["num_labelled"] != 1005 or len(r["results"]) != 2 or r["embedding_parameters"]["dim"] != 64:
    fail(f"evaluator report: {r}")
for row in r["results"]:
    if not 0.25 < row["micro_f1"] <= 1 or not 0 < row["macro_f1"] <= row["micro_f1"] + 0.3:
        fail(f"implausible scores: {row}")
    if not row["macro_f1"] <= row["macro_f1_present"] <= 1:
        fail(f"macro-F1 over the occurring labels below the one over all labels: {row}")

# C chosen by cross-validation on the training split. Of 1e-6 (so strong a penalty that every
# vertex gets the labels' prior ranking: Micro-F1 near that of chance) and 1, the folds must pick
# 1; and the test score must be the one of a plain run with C = 1 (choosing C draws no random
# numbers, so the shuffle's split is the same).
one_split = evaluator + ["--ratios", "0.5", "--shuffles", "1"]
cv, plain = os.path.join(d, "eval_cv.json"), os.path.join(d, "eval_c1.json")
subprocess.run(one_split + ["--C", "1e-6,1", "--cv-folds", "2", "--json", cv], check=True,
               timeout=300)
subprocess.run(one_split + ["--C", "1", "--json", plain], check=True, timeout=300)
row, one = json.load(open(cv))["results"][0], json.load(open(plain))["results"][0]
if row["C"] != [1.0] or row["micro_f1"] != one["micro_f1"] or one["C"] != [1.0]:
    fail(f"cross-validated C: {row} against C = 1: {one}")

# bench/mat_graph.py on a small node2vec-style .mat: a weighted triangle 1-2-3 with a pendant 4,
#   1 --2.5-- 2
#    \       /        group: node 1 in labels 0 and 1, node 4 in label 1
#    0.5   4.0
#      \   /
#        3 --1.0-- 4
# imported from the .mtx it writes: undirected, every edge with its weight, labels by one-based
# node ids.
import scipy.io  # noqa: E402
import scipy.sparse  # noqa: E402

w = {(1, 2): 2.5, (2, 3): 4.0, (1, 3): 0.5, (3, 4): 1.0}
pairs = [(a - 1, b - 1, x) for (a, b), x in w.items()] + [(b - 1, a - 1, x) for (a, b), x in w.items()]
rows, cols, vals = zip(*pairs)
mat = os.path.join(d, "tiny.mat")
scipy.io.savemat(mat, {"network": scipy.sparse.csc_matrix((vals, (rows, cols)), shape=(4, 4)),
                       "group": scipy.sparse.csc_matrix(([1.0, 1.0, 1.0], ([0, 0, 3], [0, 1, 1])), shape=(4, 2))})
subprocess.run([python, os.path.join(SOURCE, "bench/mat_graph.py"), mat, os.path.join(d, "tiny")], check=True,
               timeout=60)
if open(os.path.join(d, "tiny.labels")).read().split() != ["1,0", "1,1", "4,1"]:
    fail(f"mat_graph labels: {open(os.path.join(d, 'tiny.labels')).read()!r}")
tiny = os.path.join(d, "tiny.h5")
run(["import", os.path.join(d, "tiny.mtx"), "-o", tiny], np=2)
with h5py.File(tiny) as f:
    ids = f["vertices/id"][:]
    got = sorted((min(int(ids[a]), int(ids[b])), max(int(ids[a]), int(ids[b])), float(x))
                 for a, b, x in zip(f["edges/src"][:], f["edges/dst"][:], f["edges/weight"][:]))
    directed = bool(f.attrs["directed"])
if directed or got != sorted((a, b, x) for (a, b), x in w.items()):
    fail(f"mat_graph graph: directed {directed}, edges {got}")

# The scoring by hand: 3 labels, the third neither true nor predicted anywhere. Label 0: tp 1,
# fn 1 (F1 2/3); label 1: tp 1, fp 1 (F1 2/3); micro: tp 2, fp 1, fn 1 (F1 2/3). Macro over all
# three labels (2/3 + 2/3 + 0) / 3 = 4/9; over the two occurring ones (DeepWalk's scoring.py) 2/3.
sys.path.insert(0, os.path.join(SOURCE, "bench"))
import eval_embedding  # noqa: E402

truth = np.array([[1, 0, 0], [1, 0, 0], [0, 1, 0]])
probs = np.array([[0.9, 0.2, 0.1], [0.3, 0.6, 0.5], [0.1, 0.8, 0.3]])
pred = eval_embedding.top_k_predict(probs, truth)
if not np.array_equal(pred, [[1, 0, 0], [0, 1, 0], [0, 1, 0]]):
    fail(f"top-k prediction: {pred}")
if not np.allclose(eval_embedding.f1_scores(truth, pred), (2 / 3, 4 / 9, 2 / 3)):
    fail(f"F1 scores: {eval_embedding.f1_scores(truth, pred)}")
print("embedding cli ok; evaluator:", [(x["train_ratio"], round(x["micro_f1"], 3)) for x in r["results"]])
