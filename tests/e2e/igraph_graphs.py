"""Real graphs from ../shared/data as python-igraph sees them (simple, undirected, no isolated
vertices), for the community tests that compare with igraph."""
import gzip
import os

import igraph as ig

from nexus_cli import DATA


def load(name):
    if name == "karate":
        edges = []
        for line in open(os.path.join(DATA, "karate/karate.adjlist")):
            ids = [int(x) - 1 for x in line.split()]
            edges += [(ids[0], t) for t in ids[1:]]
        g = ig.Graph(n=34, edges=edges)
    elif name in ("football", "polbooks"):
        g = ig.Graph.Read_GML(os.path.join(DATA, f"newman-gml/{name}.gml"))
    elif name == "ego-Facebook":  # gzip, "u v" 0-based, each edge once
        with gzip.open(os.path.join(DATA, "ego-Facebook/facebook_combined.txt.gz"), "rt") as f:
            g = ig.Graph(edges=[tuple(map(int, line.split())) for line in f if line.strip()])
    elif name == "BlogCatalog":  # CSV "u,v" 1-based, each edge once
        with open(os.path.join(DATA, "blogcatalog/BlogCatalog3-csv/edges.csv")) as f:
            g = ig.Graph(edges=[tuple(int(x) - 1 for x in line.split(",")) for line in f if line.strip()])
    else:
        g = ig.Graph.Read_Edgelist(os.path.join(DATA, "email-Eu-core/email-Eu-core.txt"))
    g.to_undirected(mode="each")
    g.simplify()
    g.delete_vertices([v for v in range(g.vcount()) if g.degree(v) == 0])  # no effect on Q
    return g
