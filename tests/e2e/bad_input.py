#!/usr/bin/python3
"""Every bad input gets a clear message naming the file and the problem, a non-zero exit, no hang
(each run has a timeout) and no output file left behind; run under 2 ranks."""
import gzip
import os

import h5py
import numpy as np

from nexus_cli import fail, run, scratch

d = scratch("bad")
NP = 2


def write(name, text, mode="w"):
    path = os.path.join(d, name)
    with open(path, mode) as f:
        f.write(text)
    return path


def expect_failure(args, must_contain, code=None, output=None):
    p = run(args, np=NP, timeout=120, check=False)
    text = p.stdout + p.stderr
    if p.returncode == 0:
        fail(f"{args}: succeeded but should fail")
    if code is not None and p.returncode != code:
        fail(f"{args}: exit {p.returncode}, expected {code}\n{text}")
    for m in must_contain:
        if m not in text:
            fail(f"{args}: message lacks {m!r}:\n{text}")
    if output and (os.path.exists(output) or os.path.exists(output + ".partial")):
        fail(f"{args}: left {output} behind")
    print(f"ok ({p.returncode}): {' '.join(args[:2])} -> {[l for l in text.splitlines() if 'error' in l][:1]}")


out = os.path.join(d, "out.h5")
good = write("good.txt", "0 1\n1 2\n2 0\n")
run(["import", good, "-o", os.path.join(d, "good.h5")], np=NP)
goodh5 = os.path.join(d, "good.h5")
# A symmetric Matrix Market file is undirected whatever --directed says, and the summary says so.
p = run(["import", write("sym.mtx", "%%MatrixMarket matrix coordinate pattern symmetric\n3 3 2\n2 1\n3 2\n"),
         "-o", os.path.join(d, "sym.h5")], np=NP)
if "(undirected)" not in p.stdout:
    fail(f"symmetric .mtx import not reported as undirected:\n{p.stdout}")
with h5py.File(os.path.join(d, "sym.h5"), "r") as f:
    if f.attrs["directed"]:
        fail("symmetric .mtx imported as directed")

# Text inputs.
expect_failure(["import", os.path.join(d, "missing.txt"), "-o", out], ["missing.txt"], 3, out)
expect_failure(["import", write("malformed.txt", "0 1\n1 2\n2 x\n"), "-o", out],
               ["malformed.txt:3"], 3, out)
expect_failure(["import", write("negative.txt", "0 1\n-4 2\n"), "-o", out], ["negative.txt:2"], 3, out)
expect_failure(["import", write("nan.txt", "0 1 1.0\n1 2 nan\n"), "-o", out, "--weighted"],
               ["nan.txt:2"], 3, out)
expect_failure(["import", write("inf.txt", "0 1 inf\n"), "-o", out, "--weighted"], ["inf.txt:1"], 3, out)
expect_failure(["import", write("zero.txt", "0 1\n"), "-o", out, "--one-based"], ["zero.txt:1"], 3, out)
blob = gzip.compress(("".join(f"{i} {i + 1}\n" for i in range(20000))).encode())
expect_failure(["import", write("trunc.txt.gz", blob[: len(blob) // 2], "wb"), "-o", out],
               ["trunc.txt.gz", "gzip"], 3, out)
expect_failure(["import", write("short.mtx", "%%MatrixMarket matrix coordinate pattern general\n3 3 4\n1 2\n2 3\n"),
                "-o", out], ["short.mtx"], 3, out)

# HDF5 inputs.
expect_failure(["pagerank", os.path.join(d, "nothere.h5"), "-o", out], ["nothere.h5"], 3, out)
expect_failure(["pagerank", good, "-o", out], ["good.txt"], 3, out)  # not HDF5
with h5py.File(os.path.join(d, "plain.h5"), "w") as f:
    f["x"] = np.arange(3)
expect_failure(["pagerank", os.path.join(d, "plain.h5"), "-o", out], ["plain.h5", "nexus"], 3, out)
for name, change in [("version.h5", lambda f: f.attrs.modify("format_version", 7)),
                     ("dtype.h5", lambda f: (f.__delitem__("edges/src"),
                                             f.create_dataset("edges/src", data=np.array([0.0, 1.0, 2.0])))),
                     ("range.h5", lambda f: f["edges/dst"].__setitem__(1, 99)),
                     ("sizes.h5", lambda f: f.attrs.modify("num_edges", np.uint64(10**12)))]:
    path = os.path.join(d, name)
    with open(goodh5, "rb") as src, open(path, "wb") as dst:
        dst.write(src.read())
    with h5py.File(path, "r+") as f:
        change(f)
    expect_failure(["pagerank", path, "-o", out], [name], 3, out)

# Options and job files.
expect_failure(["pagerank", goodh5, "-o", out, "--dampin", "0.8"], ["dampin"], 2, out)
expect_failure(["pagerank", goodh5, "-o", out, "--damping", "1.5"], ["damping"], 2, out)
expect_failure(["pagerank", goodh5, "-o", out, "--partition", "metis"], ["metis"], 2, out)
expect_failure(["pagerank", goodh5, "-o", out, "--sources", "12345"], ["12345"], 2, out)
job = write("job.toml", f'input = "{goodh5}"\noutput = "{out}"\n[[task]]\nalgorithm = "pagerank"\ndampnig = 0.8\n')
expect_failure(["run", job], ["dampnig"], 2, out)
job = write("job2.toml", f'input = "{goodh5}"\noutput = "{out}"\ncolour = "blue"\n')
expect_failure(["run", job], ["colour"], 2, out)

# A failure leaves a previous output untouched.
run(["pagerank", goodh5, "-o", out], np=NP)
before = open(out, "rb").read()
expect_failure(["pagerank", os.path.join(d, "range.h5"), "-o", out], ["range.h5", "99"], 3)
if open(out, "rb").read() != before:
    fail("a failed run changed the previous output file")
print("all bad inputs rejected cleanly")
