"""Shared helpers of the benchmarks: running nexus under mpirun with a given shape (ranks x
threads), reading its JSON report, timing igraph on the same graph, writing results as JSON."""
import json
import os
import platform
import subprocess
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
NEXUS = os.environ.get("NEXUS", os.path.join(ROOT, "build/jobs/nexus"))
DATA = os.environ.get("NEXUS_DATA", os.path.join(ROOT, "../shared/data"))
ENV = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
           HDF5_USE_FILE_LOCKING="FALSE")


def nexus(args, ranks=1, threads=1, check=True):
    """Runs nexus with RANKS ranks x THREADS threads (no binding: threads share the cores)."""
    cmd = ["mpirun", "-np", str(ranks), "--oversubscribe", "--bind-to", "none", NEXUS] + args
    if args and args[0] not in ("inspect",) and "--threads" not in args:
        cmd += ["--threads", str(threads)]
    t0 = time.perf_counter()
    p = subprocess.run(cmd, env=ENV, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if check and p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{p.stdout}\n{p.stderr}")
    return wall, p


def machine():
    return {"host": platform.node(), "cpus": os.cpu_count(),
            "load_average_at_start": os.getloadavg(), "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}


def save(name, results):
    path = os.path.join(ROOT, "bench", "results", name + ".json")
    with open(path, "w") as f:
        json.dump({"machine": machine(), "results": results}, f, indent=2)
    print("wrote", path)
    return path


def median(xs):
    xs = sorted(xs)
    return xs[len(xs) // 2]
