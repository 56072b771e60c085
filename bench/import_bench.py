#!/usr/bin/python3
"""Import throughput: MB/s and edges/s of `nexus import` on the largest real file
(soc-Slashdot0902, gzip: compressed and inflated MB), on email-Enron (plain text) and on a
generated plain text edge list of about 1 GB, with 1 rank x 1 thread and 2 ranks x 1 thread.
Results: bench/results/import.json. Usage: bench/import_bench.py [--gigabytes 1.0]"""
import argparse
import gzip
import os
import subprocess
import tempfile

from common import DATA, nexus, save


def generated_text(path, gigabytes):
    """A random edge list (~14 bytes a line, 4 M vertex ids) written by awk (fast, no Python loop)."""
    lines = int(gigabytes * 1e9 / 15)
    subprocess.run(["awk", f"BEGIN{{srand(7); for(i=0;i<{lines};i++) printf \"%d\\t%d\\n\", "
                    "int(rand()*4194304), int(rand()*4194304)}"], stdout=open(path, "w"), check=True)
    return path


def measure(name, path, flags, inflated_bytes=None):
    size = os.path.getsize(path)
    out = []
    for ranks in (1, 2):
        graph = path + ".h5"
        wall, p = nexus(["import", path, "-o", graph] + flags, ranks, 1)
        edges = int(p.stdout.split("vertices, ")[1].split(" edges")[0])
        os.remove(graph)
        r = {"ranks": ranks, "threads": 1, "seconds": wall, "edges": edges,
             "file_mb_per_second": size / wall / 1e6, "edges_per_second": edges / wall}
        if inflated_bytes:
            r["inflated_mb_per_second"] = inflated_bytes / wall / 1e6
        print(f"{name} {ranks}x1: {wall:.2f} s, {r['file_mb_per_second']:.1f} MB/s, "
              f"{r['edges_per_second'] / 1e6:.2f} M edges/s", flush=True)
        out.append(r)
    return {"input": name, "bytes": size, "runs": out}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--gigabytes", type=float, default=1.0)
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="nexus-import-bench-")
    results = []
    slash = os.path.join(DATA, "soc-Slashdot0902/soc-Slashdot0902.txt.gz")
    if os.path.exists(slash):
        inflated = len(gzip.open(slash).read())
        results.append(measure("soc-Slashdot0902.txt.gz", slash, ["--directed"], inflated))
    enron = os.path.join(DATA, "email-Enron/Email-Enron.txt")
    if os.path.exists(enron):
        local = os.path.join(work, "Email-Enron.txt")
        os.symlink(enron, local)
        results.append(measure("Email-Enron.txt", local, ["--undirected", "--duplicates", "drop"]))
    text = generated_text(os.path.join(work, "generated.tsv"), args.gigabytes)
    results.append(measure(f"generated {args.gigabytes} GB", text, ["--format", "tsv"]))
    os.remove(text)
    save("import", results)


if __name__ == "__main__":
    main()
