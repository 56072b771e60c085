#!/usr/bin/python3
"""`nexus spectral` against a dense numpy recomputation of ProNE (Zhang et al., IJCAI 2019).

With dim + oversampling equal to the number of vertices the randomized SVD spans the whole
range of F, so its top-dim factor is the exact truncated SVD: the embedding must then equal the
dense computation below (numpy's SVD, the Chebyshev recurrence of ProNE's chebyshev_gaussian,
the final SVD), up to the signs and rotations an SVD is free to choose. E E^T is free of those,
so it is what is compared. Graphs: Zachary's karate club (34 vertices, unweighted) and Les
Miserables (77 vertices, weighted co-appearances), both shipped with networkx; the randomized SVD
alone (steps 1) and with the propagation (steps 10); under NP ranks (argument, default 1) and,
for the weighted one, the edge-balanced partition."""
import os
import sys

import h5py
import networkx as nx
import numpy as np
from scipy.special import iv

from nexus_cli import fail, run, scratch

NP = int(sys.argv[1]) if len(sys.argv) > 1 else 1
DIM, THETA, MU = 8, 0.5, 0.2


def normalize_rows(x):
    """Unit rows; a row that is zero in exact arithmetic (a vertex whose row of F is empty: its
    only arc has log(w / d) = 0) is rounding noise here and stays zero, as in nexus."""
    norm = np.linalg.norm(x, axis=1, keepdims=True)
    return np.where(norm > 1e-9 * norm.max(), x / np.where(norm > 0, norm, 1), 0.0)


def prone(a, dim, steps):
    """Dense ProNE with nexus' conventions (docs/design.md; spectral.cpp's proximity_matrix):
    F_vu = log(w_vu / d_v) - log p_u over the arcs, p ~ (column sums of D^-1 A)^0.75 normalised
    to 1, and no shift where log(w_vu / d_v) is 0; embedding rows of U S^(1/2), L2-normalised,
    after each SVD."""
    n = a.shape[0]
    d = a.sum(axis=1)
    c = (a / d[:, None]).sum(axis=0)
    log_p = np.log(c**0.75 / (c**0.75).sum())
    f = np.zeros_like(a)
    for v, u in zip(*np.nonzero(a)):
        to_u = np.log(a[v, u] / d[v])
        f[v, u] = to_u - (log_p[u] if to_u != 0 else 0.0)
    uu, s, _ = np.linalg.svd(f)
    if not s[dim - 1] - s[dim] > 1e-6 * s[0]:
        fail(f"oracle: singular values {s[dim - 1]} and {s[dim]} too close for a unique subspace")
    x = normalize_rows(uu[:, :dim] * np.sqrt(s[:dim]))
    if steps == 1:  # no spectral propagation
        return x
    # Chebyshev expansion of the band-pass filter, M = L - mu I, L = I - (I + D)^-1 (I + A).
    ai = np.eye(n) + a
    m = np.eye(n) - ai / ai.sum(axis=1, keepdims=True) - MU * np.eye(n)
    lx0, lx1 = x, 0.5 * (m @ (m @ x)) - x
    conv = iv(0, THETA) * lx0 - 2 * iv(1, THETA) * lx1
    for i in range(2, steps):
        lx2 = m @ (m @ lx1) - 2 * lx1 - lx0
        conv += (1 if i % 2 == 0 else -1) * 2 * iv(i, THETA) * lx2
        lx0, lx1 = lx1, lx2
    mm = ai @ (x - conv)
    uu, s, _ = np.linalg.svd(mm, full_matrices=False)
    return normalize_rows(uu * np.sqrt(s))


def check(name, graph, weighted, extra):
    d = scratch("spectral-oracle")
    n = graph.number_of_nodes()
    index = {v: i for i, v in enumerate(graph.nodes())}
    edges = os.path.join(d, "edges.tsv")
    with open(edges, "w") as f:
        for u, v, w in graph.edges(data="weight", default=1):
            f.write(f"{index[u]}\t{index[v]}" + (f"\t{w}" if weighted else "") + "\n")
    h5 = os.path.join(d, "g.h5")
    run(["import", edges, "-o", h5, "--undirected"] + (["--weighted"] if weighted else []))
    a = np.zeros((n, n))
    for u, v, w in graph.edges(data="weight", default=1):
        a[index[u], index[v]] = a[index[v], index[u]] = w if weighted else 1
    for steps in (1, 10):  # the randomized SVD alone, then with the propagation
        out = os.path.join(d, f"f{steps}.h5")
        run(["spectral", h5, "-o", out, "--dim", str(DIM), "--oversampling", str(n - DIM),
             "--steps", str(steps), "--seed", "3"] + (["--weighted"] if weighted else []) + extra,
            np=NP)
        with h5py.File(out) as f:
            ids = f["node_id"][:]
            got = f["features/spectral"][:].astype(np.float64)
        want = prone(a, DIM, steps)[ids]
        err = np.abs(got @ got.T - want @ want.T).max()
        if not err < 1e-5:  # float32 output and per-arc values
            fail(f"{name}, steps {steps}: E E^T differs from the dense ProNE by {err}")
        print(f"{name}: {n} vertices, steps {steps}: max |E E^T - oracle| = {err:.2e}")


check("karate", nx.karate_club_graph(), False, [])
check("les-miserables", nx.les_miserables_graph(), True, ["--partition", "edge-balanced"])
