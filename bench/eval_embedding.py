#!/usr/bin/python3
"""Multi-label node classification of an exported embedding, as in the DeepWalk and node2vec
papers: one-vs-rest logistic regression (scikit-learn), each test vertex predicted with
as many labels as it truly has (its top-k probabilities), Micro- and Macro-F1 at several training
ratios, averaged over shuffles. Reads the feature file (HDF5) directly and a label file:
  pairs  "node,label" per line (BlogCatalog3 group-edges.csv), or
  cmty   one line per label listing its nodes, tab/space separated (ProNE's *.cmty).
Node ids in the label file are the original ids of /node_id. Vertices without a label are left
out. Prints a table and writes JSON with --json.

Solver: L2-regularised logistic regression per label, fitted by L-BFGS (default) or liblinear (the
DeepWalk-era default, same objective up to liblinear's regularised intercept). On standardised
512-dimensional features liblinear's coordinate descent needs minutes per fit to converge, while
L-BFGS converges in a few hundred cheap iterations (dense BLAS); the scores agree to within the
shuffle noise at C = 1. Not at 10% training with C = 0.1, though: liblinear also regularises the
intercept, which shifts the ranking of labels within a vertex; to compare with FastRP's published
BlogCatalog figures use the authors' protocol: --solver liblinear --C 0.1 --shuffles 5.

Macro-F1 is reported two ways. macro_f1 averages over all labels of the label file; a label
absent from a test split and never predicted counts as 0 (what f1_score does on indicator
matrices with every label as a column, as in the later Python 3 ports of DeepWalk's scoring.py).
macro_f1_present averages over the labels that occur in the test split or in the predictions:
what DeepWalk's original example_graphs/scoring.py computed (lists of label lists, from which
scikit-learn of 2014 inferred the label set). The two differ only where labels are rare
(Wikipedia-POS has 8 labels with a single vertex); on BlogCatalog and PPI they coincide.

--C takes one value, or several (e.g. 0.01,0.1,1,10,100): then each shuffle chooses its C by
cross-validation on its training split (--cv-folds folds, best mean Micro-F1, ties to the smaller
C; the test split is not looked at), a per-graph choice without a hand setting. The JSON records
the C every shuffle used.

--jobs N fits the one-vs-rest labels N at a time. The JSON file is rewritten after every ratio,
so an interrupted run keeps the ratios it finished."""
import argparse
import json
import os
import sys
import time
import warnings

import h5py
import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.multiclass import OneVsRestClassifier
from sklearn.preprocessing import normalize


def read_labels(path, fmt):
    """Returns {node id (int): set of label indices}."""
    if fmt == "auto":
        fmt = "cmty" if path.endswith(".cmty") else "pairs"
    labels = {}
    with open(path) as f:
        if fmt == "pairs":
            for line in f:
                line = line.strip()
                if not line or line.startswith("#"):
                    continue
                node, label = line.replace(",", " ").split()[:2]
                labels.setdefault(int(node), set()).add(label)
        else:
            for k, line in enumerate(f):
                for node in line.split():
                    labels.setdefault(int(node), set()).add(str(k))
    names = sorted({l for ls in labels.values() for l in ls})
    index = {n: i for i, n in enumerate(names)}
    return {node: {index[l] for l in ls} for node, ls in labels.items()}, len(names)


def read_embedding(path, dataset):
    with h5py.File(path, "r") as f:
        names = list(f["features"].keys())
        if dataset is None:
            two_d = [n for n in names if f["features"][n].ndim == 2]
            if len(two_d) != 1:
                sys.exit(f"{path}: give --dataset, one of {names}")
            dataset = two_d[0]
        x = f["features"][dataset][:].astype(np.float64)
        ids = f["node_id"][:]
        attrs = f["features"][dataset].attrs  # the embedding's parameters; numpy values as Python ones
        params = {k: (v.tolist() if hasattr(v, "tolist") else v) for k, v in attrs.items()}
    return dataset, x, ids, params


def top_k_predict(probs, y_true):
    """For every row, the k labels of highest probability, k = its number of true labels."""
    pred = np.zeros_like(y_true)
    for i, k in enumerate(y_true.sum(axis=1)):
        pred[i, np.argsort(-probs[i])[:k]] = 1
    return pred


def make_classifier(solver, c, max_iter, jobs):
    return OneVsRestClassifier(LogisticRegression(solver=solver, C=c, max_iter=max_iter, tol=1e-4),
                               n_jobs=jobs)


def fit_score(x, y, train, test, c, jobs, solver, max_iter):
    """Scores (f1_scores) on `test` of the classifier fitted on `train` with inverse
    regularisation c."""
    # A label absent from the training split cannot be learnt; liblinear needs two classes.
    present = y[train].sum(axis=0) > 0
    clf = make_classifier(solver, c, max_iter, jobs)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # counted below instead
        clf.fit(x[train], y[train][:, present])
    evaluate.unconverged += sum(int(np.max(e.n_iter_) >= max_iter) for e in clf.estimators_)
    probs = np.full((len(test), y.shape[1]), -np.inf)
    probs[:, present] = clf.predict_proba(x[test])
    return f1_scores(y[test], top_k_predict(probs, y[test]))


def cross_validated_c(x, y, train, cs, folds, jobs, solver, max_iter):
    """The C of `cs` with the best mean Micro-F1 over `folds` folds of the training split (fold j:
    the training vertices at positions j, j + folds, ... of the shuffled split, scored by the
    classifier fitted on the others); ties go to the smaller C. The test split is not looked at."""
    best, best_score = None, -1.0
    for c in sorted(cs):
        scores = []
        for j in range(folds):
            held = np.zeros(len(train), dtype=bool)
            held[j::folds] = True
            scores.append(fit_score(x, y, train[~held], train[held], c, jobs, solver, max_iter)[0])
        if (score := np.mean(scores)) > best_score:
            best, best_score = c, score
    return best


def evaluate(x, y, ratio, rng, cs, jobs, solver="lbfgs", max_iter=500, folds=3):
    """One shuffle: (scores, C used). With several values in `cs`, C is chosen on the training
    split by cross-validation (the shuffle's split is the same either way)."""
    n = x.shape[0]
    perm = rng.permutation(n)
    cut = int(round(ratio * n))
    train, test = perm[:cut], perm[cut:]
    c = cs[0] if len(cs) == 1 else cross_validated_c(x, y, train, cs, folds, jobs, solver, max_iter)
    return fit_score(x, y, train, test, c, jobs, solver, max_iter), c


def f1_scores(y_true, pred):
    """(Micro-F1, Macro-F1 over all labels, Macro-F1 over the labels that occur in y_true or
    pred) of two indicator matrices; a label with no true and no predicted vertex scores 0."""
    occurring = (y_true.sum(axis=0) > 0) | (pred.sum(axis=0) > 0)
    return (f1_score(y_true, pred, average="micro", zero_division=0),
            f1_score(y_true, pred, average="macro", zero_division=0),
            f1_score(y_true[:, occurring], pred[:, occurring], average="macro", zero_division=0))


evaluate.unconverged = 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("features", help="feature file (HDF5) written by nexus")
    ap.add_argument("--labels", required=True, help="label file")
    ap.add_argument("--label-format", default="auto", choices=["auto", "pairs", "cmty"])
    ap.add_argument("--dataset", help="feature under /features (default: the only 2-D one)")
    ap.add_argument("--ratios", default="0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9")
    ap.add_argument("--shuffles", type=int, default=10)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--C", default="1",
                    help="inverse regularisation strength; several, comma-separated (e.g. "
                         "0.01,0.1,1,10,100): chosen per shuffle by cross-validation on its "
                         "training split (Micro-F1, --cv-folds folds)")
    ap.add_argument("--cv-folds", type=int, default=3, help="folds when --C lists several")
    ap.add_argument("--solver", default="lbfgs", choices=["lbfgs", "liblinear"],
                    help="logistic regression solver (default lbfgs: converges fast on dense "
                         "standardised features)")
    ap.add_argument("--max-iter", type=int, default=500, help="solver iteration limit per label")
    ap.add_argument("--normalize", default="none", choices=["none", "l2"],
                    help="row normalisation before classification")
    ap.add_argument("--jobs", type=int, default=1, help="parallel one-vs-rest fits")
    ap.add_argument("--json", help="write the results here")
    args = ap.parse_args()
    try:
        args.cs = [float(v) for v in args.C.split(",")]
    except ValueError:
        sys.exit(f"--C: not a number or a comma-separated list of numbers: {args.C!r}")
    if not all(c > 0 for c in args.cs) or args.cv_folds < 2:
        sys.exit("--C values must be > 0 and --cv-folds at least 2")

    start = time.time()
    labels, num_labels = read_labels(args.labels, args.label_format)
    dataset, x, ids, params = read_embedding(args.features, args.dataset)
    rows = np.array([i for i, v in enumerate(ids) if int(v) in labels], dtype=np.int64)
    if len(rows) == 0:
        sys.exit("no vertex of the feature file has a label: do the ids match?")
    x = x[rows]
    if args.normalize == "l2":
        x = normalize(x, norm="l2")
    y = np.zeros((len(rows), num_labels), dtype=np.int64)
    for r, i in enumerate(rows):
        y[r, list(labels[int(ids[i])])] = 1

    rng = np.random.default_rng(args.seed)
    results = []
    print(f"{dataset}: {x.shape[0]} labelled vertices, dim {x.shape[1]}, {num_labels} labels")
    print("ratio  micro-F1        macro-F1        macro-F1 (labels present)")
    for ratio in [float(r) for r in args.ratios.split(",")]:
        runs = [evaluate(x, y, ratio, rng, args.cs, args.jobs, args.solver, args.max_iter,
                         args.cv_folds)
                for _ in range(args.shuffles)]
        scores = np.array([r[0] for r in runs])
        chosen = [r[1] for r in runs]
        mean, std = scores.mean(axis=0), scores.std(axis=0)
        results.append({"train_ratio": ratio, "micro_f1": mean[0], "micro_f1_std": std[0],
                        "macro_f1": mean[1], "macro_f1_std": std[1],
                        "macro_f1_present": mean[2], "macro_f1_present_std": std[2],
                        "C": chosen})
        print(f"{ratio:4.2f}   {100 * mean[0]:5.2f} +- {100 * std[0]:4.2f}  "
              f"{100 * mean[1]:5.2f} +- {100 * std[1]:4.2f}  "
              f"{100 * mean[2]:5.2f} +- {100 * std[2]:4.2f}"
              + (f"  C {chosen}" if len(args.cs) > 1 else ""), flush=True)
        write_json(args, dataset, params, x, num_labels, results, start)
    if evaluate.unconverged:
        print(f"warning: {evaluate.unconverged} fits reached --max-iter", file=sys.stderr)


def write_json(args, dataset, params, x, num_labels, results, start):
    if not args.json:
        return
    out = {"features": args.features, "dataset": dataset, "embedding_parameters": params,
           "labels": args.labels,
           "num_labelled": int(x.shape[0]), "dim": int(x.shape[1]), "num_labels": num_labels,
           "classifier": f"one-vs-rest logistic regression ({args.solver}, C={args.C}, "
                         f"max_iter={args.max_iter})"
                         + (f", C chosen per shuffle by {args.cv_folds}-fold cross-validation on "
                            "the training split (Micro-F1)" if len(args.cs) > 1 else ""),
           "unconverged_fits": evaluate.unconverged,
           "normalize": args.normalize, "shuffles": args.shuffles, "seed": args.seed,
           "results": results, "seconds": time.time() - start}
    with open(args.json + ".tmp", "w") as f:
        json.dump(out, f, indent=2)
    os.replace(args.json + ".tmp", args.json)


if __name__ == "__main__":
    main()
