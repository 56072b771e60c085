#!/usr/bin/python3
"""Markdown tables of community benchmark results (bench/community_bench.py) for
docs/benchmarks.md. Usage: bench/community_table.py bench/results/community*.json"""
import json
import sys


def ours_rows(entry):
    rows = []
    for r in entry["runs"]:
        shape = f"{r['ranks']}x{r['threads']} {r.get('partition', 'uniform')}"
        if "skipped" in r:
            rows.append(f"| {entry['graph']} | {r['algorithm']} | {shape} | {r['skipped']} | | | | |")
            continue
        peak = max(r["peak_resident_bytes_per_rank"]) / 2**30
        if r["algorithm"] == "wcc":
            quality = f"{r['components']} components"
        else:
            quality = f"Q {r['modularity']:.4f}, {r['levels']} levels, {r['passes']} passes"
            if "nmi_planted" in r:
                quality += f", NMI {r['nmi_planted']:.3f}"
        rows.append(f"| {entry['graph']} | {r['algorithm']} | {shape} | {r['compute_seconds']:.2f} | "
                    f"{r['wall_seconds']:.1f} | {r.get('cpu_seconds_all_processes', 0):.1f} | {quality} | {peak:.2f} |")
    return rows


def igraph_rows(entry):
    rows = []
    for r in entry.get("igraph", []):
        if "skipped" in r:
            rows.append(f"| {entry['graph']} | {r['algorithm']} | {r['skipped']} | | | |")
            continue
        q = f"{r['modularity']:.4f}" if "modularity" in r else f"{r['communities']} components"
        if "nmi_planted" in r and "modularity" in r:
            q += f", NMI {r['nmi_planted']:.3f}"
        rows.append(f"| {entry['graph']} | {r['algorithm']} | {r['wall_seconds']:.2f} | {r['cpu_seconds']:.2f} | "
                    f"{q} | {r['peak_resident_bytes'] / 2**30:.2f} |")
    if "igraph_skipped" in entry:
        rows.append(f"| {entry['graph']} | all | skipped: {entry['igraph_skipped']} | | | |")
    return rows


def main():
    entries = []
    for path in sys.argv[1:]:
        doc = json.load(open(path))
        print(f"{path}: commit {doc.get('commit', '?')[:7]}, load average at start "
              f"{doc['machine_at_start']['load_average_at_start'][0]:.1f}, at end "
              f"{doc['machine_at_end']['load_average_at_start'][0]:.1f}\n")
        entries += doc["results"]
    print("| graph | algorithm | ranks x threads | compute s | wall s | CPU s (all processes) | result | peak GiB/rank |")
    print("|---|---|---|---|---|---|---|---|")
    for e in entries:
        print("\n".join(ours_rows(e)))
    print("\n| graph | igraph | wall s | CPU s | modularity | peak GiB |")
    print("|---|---|---|---|---|---|")
    for e in entries:
        print("\n".join(igraph_rows(e)))
    print("\n| graph | igraph / ours (uniform partition) | wall/compute 1x2 | wall/compute 2x1 | CPU/CPU 1x2 | CPU/CPU 2x1 | Q ours - igraph |")
    print("|---|---|---|---|---|---|---|")
    for e in entries:
        for ig in e.get("igraph", []):
            if "skipped" in ig:
                continue
            ours = {"multilevel": "louvain", "components": "wcc"}.get(ig["algorithm"], "leiden")
            runs = {(r["ranks"], r["threads"]): r for r in e["runs"]  # the uniform partition
                    if r["algorithm"] == ours and "skipped" not in r
                    and r.get("partition", "uniform") == "uniform"}
            cells = []
            for key, mine in (("wall_seconds", "compute_seconds"), ("cpu_seconds", "cpu_seconds_all_processes")):
                for shape in ((1, 2), (2, 1)):
                    r = runs.get(shape)
                    cells.append(f"{ig[key] / r[mine]:.2f}" if r else "-")
            r = runs.get((1, 2)) or runs.get((2, 1))
            dq = f"{r['modularity'] - ig['modularity']:+.4f}" if r and "modularity" in ig else ""
            print(f"| {e['graph']} | {ig['algorithm']} / {ours} | " + " | ".join(cells) + f" | {dq} |")
    paired = [e for e in entries if e.get("paired_ratios")]
    if paired:
        print("\n| graph | ratio taken within each repeat | median | range | repeats |")
        print("|---|---|---|---|---|")
        for e in paired:
            for name, r in e["paired_ratios"].items():
                per = r["per_repeat"]
                print(f"| {e['graph']} | {name} | {r['median']:.2f} | {min(per):.2f}-{max(per):.2f} | {len(per)} |")


if __name__ == "__main__":
    main()
