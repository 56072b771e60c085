#!/usr/bin/python3
"""HDF5 filter plugins are not loaded while nexus reads inputs: with HDF5_PLUGIN_PATH pointing at a
directory holding a plugin for filter 32099 (tests/io/plugin_probe.c, which leaves a marker file
when loaded), reading a graph whose datasets use that filter fails cleanly (exit 3, naming the
file, the dataset and the filter) and the marker never appears. Control: h5py, with the same
environment, does load the plugin (to write the file), so the probe itself works."""
import os
import subprocess
import sys

from nexus_cli import NEXUS, fail, scratch

plugin_dir = sys.argv[1]
d = scratch("plugin")
g = os.path.join(d, "filtered.h5")
marker = os.path.join(d, "plugin-was-loaded")
env = dict(os.environ, HDF5_PLUGIN_PATH=plugin_dir, NEXUS_PLUGIN_MARKER=marker,
           HDF5_USE_FILE_LOCKING="FALSE")
# Control: h5py's HDF5 loads the probe from HDF5_PLUGIN_PATH to write the file with the filter as
# mandatory (so the probe is a real, loadable plugin, and the chunks really need it).
WRITE = """
import sys, h5py, numpy as np
with h5py.File(sys.argv[1], "w") as f:
    for k, v in {"nexus_format": "graph", "format_version": 1, "num_vertices": np.uint64(4),
                 "num_edges": np.uint64(3), "directed": np.uint8(1), "weighted": np.uint8(0)}.items():
        f.attrs[k] = v
    f.require_group("edges")
    for s in ["edges/src", "edges/dst"]:
        dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
        dcpl.set_chunk((3,))
        dcpl.set_filter(32099, h5py.h5z.FLAG_MANDATORY)
        ds = h5py.h5d.create(f.id, s.encode(), h5py.h5t.STD_U64LE, h5py.h5s.create_simple((3,)),
                             dcpl=dcpl)
        ds.write(h5py.h5s.ALL, h5py.h5s.ALL, np.arange(3, dtype=np.uint64))
"""
p = subprocess.run([sys.executable, "-c", WRITE, g], capture_output=True, text=True, env=env)
if p.returncode != 0 or not os.path.exists(marker):
    fail(f"control failed: h5py did not load the probe plugin to write the file\n{p.stderr}")
os.remove(marker)
print("control: h5py loaded the probe plugin from HDF5_PLUGIN_PATH")
out = os.path.join(d, "out.h5")
for cmd in (["pagerank", g, "-o", out], ["inspect", g]):
    p = subprocess.run([NEXUS] + cmd, capture_output=True, text=True, env=env, timeout=120)
    text = p.stdout + p.stderr
    print(f"nexus {cmd[0]}: exit {p.returncode}: {text.strip().splitlines()[-1] if text.strip() else ''}")
    if cmd[0] == "pagerank":
        if p.returncode != 3 or "filtered.h5" not in text or "32099" not in text or "/edges/src" not in text:
            fail(f"expected a clean error naming the file, dataset and filter:\n{text}")
        if os.path.exists(out):
            fail("an output file was left behind")
    if os.path.exists(marker):
        fail(f"nexus {cmd[0]} loaded the filter plugin from HDF5_PLUGIN_PATH")
print("ok: nexus did not load the plugin")
