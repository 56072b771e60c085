#!/usr/bin/python3
"""Converts a node2vec-style MATLAB file (a sparse `network` adjacency matrix and a sparse `group`
node x label matrix, as BlogCatalog, PPI and Wikipedia-POS are distributed on the node2vec page)
into the two files the rest of the tool chain reads:
  PREFIX.mtx     the network as a Matrix Market file (symmetric if the matrix is; real weights,
                 or pattern if every entry is 1), for `nexus import PREFIX.mtx -o GRAPH.h5`;
  PREFIX.labels  "node,label" pairs for bench/eval_embedding.py --labels.
Node ids are one-based in both, as Matrix Market's are, so the labels join the imported graph's
/node_id directly. The point of the .mat files is their weights: ProNE's text copies of these graphs
(*.ungraph) drop them, and on Wikipedia-POS the weights are word co-occurrence counts
(0.5 to 1941.5), which the embeddings can use (`--weighted`).

Usage: bench/mat_graph.py ../shared/data/wikipedia-pos/POS.mat /tmp/pos
       nexus import /tmp/pos.mtx -o /tmp/pos.h5 --self-loops drop"""
import argparse
import sys

import numpy as np
import scipy.io
import scipy.sparse


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("mat", help="MATLAB file with `network` and `group`")
    ap.add_argument("prefix", help="writes PREFIX.mtx and PREFIX.labels")
    a = ap.parse_args()
    m = scipy.io.loadmat(a.mat)
    for key in ("network", "group"):
        if key not in m:
            sys.exit(f"{a.mat}: no variable '{key}' (has {sorted(k for k in m if not k.startswith('__'))})")
    net = scipy.sparse.csr_matrix(m["network"])
    if net.shape[0] != net.shape[1]:
        sys.exit(f"{a.mat}: network is {net.shape[0]}x{net.shape[1]}, not square")
    if not np.all(np.isfinite(net.data)) or np.any(net.data < 0):
        sys.exit(f"{a.mat}: network has negative or non-finite entries")
    symmetric = (net != net.T).nnz == 0
    pattern = bool(np.all(net.data == 1))
    field = "pattern" if pattern else "real"
    scipy.io.mmwrite(a.prefix + ".mtx", net, field=field, symmetry="symmetric" if symmetric else "general")
    group = scipy.sparse.coo_matrix(m["group"])
    if group.shape[0] != net.shape[0]:
        sys.exit(f"{a.mat}: group has {group.shape[0]} rows, network {net.shape[0]}")
    with open(a.prefix + ".labels", "w") as f:
        for node, label in sorted(zip(group.row.tolist(), group.col.tolist())):
            f.write(f"{node + 1},{label}\n")
    print(f"{a.prefix}.mtx: {net.shape[0]} nodes, {net.nnz} non-zeros, {field} {'symmetric' if symmetric else 'general'}; "
          f"{a.prefix}.labels: {group.nnz} assignments, {group.shape[1]} labels")


if __name__ == "__main__":
    main()
