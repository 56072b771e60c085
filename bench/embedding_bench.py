#!/usr/bin/python3
"""Embedding benchmark: `nexus fastrp` and `nexus spectral` on soc-Slashdot0902 and R-MAT scale 20
and 22 (edge factor 16), dims 128 and 512, 1 rank x 2 threads and 2 ranks x 1 thread: the compute
phase and the write phase from the job report, the wall time of the whole command, peak resident
memory per rank (VmHWM over the job, load included), FastRP's column block width. Results: bench/results/NAME.json.
Usage: bench/embedding_bench.py [--graphs slashdot rmat20 rmat22] [--algorithms fastrp spectral]
       [--dims 128 512] [--shapes 1x2 2x1] [--repeats 1] [--skip ALGO:GRAPH:DIM:SHAPE ...]
       [--name embedding]
Every configuration is one `nexus` run per repeat (load included in the wall time only)."""
import argparse
import json
import os
import tempfile

from common import DATA, median, nexus, save


def make_graph(name, work):
    path = os.path.join(work, name + ".h5")
    if name.startswith("rmat"):
        scale = name[4:]
        wall, _ = nexus(["generate", "rmat", "--scale", scale, "--edge-factor", "16", "-o", path],
                        2, 1)
    else:
        src = os.path.join(DATA, "soc-Slashdot0902/soc-Slashdot0902.txt.gz")
        wall, _ = nexus(["import", src, "-o", path, "--directed"], 1, 2)
    return path, wall


def run(algo, graph, dim, ranks, threads, work, repeats):
    runs, walls = [], []
    for k in range(repeats):
        rep = os.path.join(work, f"{algo}-{dim}-{ranks}x{threads}-{k}.json")
        out = os.path.join(work, "features.h5")
        wall, _ = nexus([algo, graph, "-o", out, "--dim", str(dim), "--report", rep], ranks,
                        threads)
        size = os.path.getsize(out)
        os.remove(out)
        walls.append(wall)
        runs.append(json.load(open(rep)))
    phases = [r["phases_seconds"] for r in runs]
    compute = [p[f"compute:{algo}"] for p in phases]
    best = runs[compute.index(min(compute))]
    return {
        "algorithm": algo, "dim": dim, "ranks": ranks, "threads": threads,
        "compute_seconds_median": median(compute), "compute_seconds_all": compute,
        "write_seconds_median": median([p.get("write", 0.0) for p in phases]),
        "load_seconds_median": median([p.get("read", 0.0) + p.get("partition", 0.0)
                                       for p in phases]),
        "after_load_seconds_median": median([sum(v for k, v in p.items()
                                                 if k not in ("read", "partition"))
                                             for p in phases]),
        "wall_seconds_median": median(walls), "wall_seconds_all": walls,
        "phases_seconds": best["phases_seconds"],
        "peak_resident_bytes_per_rank": best["peak_resident_bytes_per_rank"],
        "output_bytes": size,
        # FastRP: columns computed together (fewer than dim when the memory check chose blocks).
        "block_columns": best["tasks"][0]["result"].get("block_columns"),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--graphs", nargs="*", default=["slashdot", "rmat20", "rmat22"])
    ap.add_argument("--algorithms", nargs="*", default=["fastrp", "spectral"])
    ap.add_argument("--dims", type=int, nargs="*", default=[128, 512])
    ap.add_argument("--shapes", nargs="*", default=["1x2", "2x1"])
    ap.add_argument("--repeats", type=int, default=1)
    ap.add_argument("--skip", nargs="*", default=[],
                    help="configurations left out, as ALGO:GRAPH:DIM:SHAPE (* matches any)")
    ap.add_argument("--name", default="embedding", help="results file bench/results/NAME.json")
    args = ap.parse_args()

    def skipped(*key):
        return any(all(p in ("*", str(k)) for p, k in zip(s.split(":"), key)) for s in args.skip)

    work = tempfile.mkdtemp(prefix="nexus-embed-bench-")
    results = []
    for gname in args.graphs:
        path, made = make_graph(gname, work)
        entry = {"graph": gname, "make_seconds": made, "runs": [], "skipped": []}
        for algo in args.algorithms:
            for dim in args.dims:
                for shape in args.shapes:
                    ranks, threads = (int(x) for x in shape.split("x"))
                    if skipped(algo, gname, dim, shape):
                        entry["skipped"].append(f"{algo}:{dim}:{shape}")
                        continue
                    r = run(algo, path, dim, ranks, threads, work, args.repeats)
                    entry["runs"].append(r)
                    print(f"{gname} {algo} dim {dim} {shape}: compute "
                          f"{r['compute_seconds_median']:.2f} s, write "
                          f"{r['write_seconds_median']:.2f} s, after load "
                          f"{r['after_load_seconds_median']:.2f} s, wall "
                          f"{r['wall_seconds_median']:.1f} s, peak "
                          f"{max(r['peak_resident_bytes_per_rank']) / 2**20:.0f} MiB/rank"
                          + (f", blocks of {r['block_columns']}" if r["block_columns"] else ""),
                          flush=True)
        results.append(entry)
        os.remove(path)
        save(args.name, results)  # after every graph: a long run keeps what it measured
    save(args.name, results)


if __name__ == "__main__":
    main()
