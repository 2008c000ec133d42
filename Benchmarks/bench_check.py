#!/usr/bin/env python3
"""`slicemark check` over 10 000 small DICOM files, beside tools that read the same headers:
dcmtk's `dcmdump` (every file parsed, output thrown away) and pydicom reading headers only
(`dcmread(stop_before_pixels=True)`). slicemark's first run reads every file whole (it hashes
the pixel data and the file); the second run finds every file unchanged in its cache and reads
none of them. Files are in the OS page cache for every run (each tool is run once before it is
timed); the figures are medians of --runs runs.

  bench_check.py --slicemark BIN --data Benchmarks/data [--files 10000] [--runs 3] [--out FILE]
"""
import argparse
import copy
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def generate(folder, count):
    """Small CT slices made from pydicom's CT_small.dcm (128 × 128), 32 series."""
    import numpy as np
    import pydicom
    from pydicom.data import get_testdata_file
    from pydicom.uid import generate_uid

    done = os.path.join(folder, ".complete-%d" % count)
    if os.path.exists(done):
        return
    shutil.rmtree(folder, ignore_errors=True)
    template = pydicom.dcmread(get_testdata_file("CT_small.dcm"))
    pixels = template.pixel_array
    per = max(1, count // 32)
    for n in range(count):
        s, k = divmod(n, per)
        series = os.path.join(folder, "series_%03d" % s)
        os.makedirs(series, exist_ok=True)
        ds = copy.deepcopy(template)
        ds.SeriesInstanceUID = "2.25.%d" % (900000 + s)
        ds.SOPInstanceUID = generate_uid(entropy_srcs=[str(s), str(k)])
        ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
        ds.InstanceNumber = k + 1
        x, y, z = (float(v) for v in template.ImagePositionPatient)
        ds.ImagePositionPatient = [x, y, z + 1.25 * k]
        ds.PixelData = np.roll(pixels, k, axis=0).tobytes()
        ds.save_as(os.path.join(series, "ct_%05d.dcm" % k), enforce_file_format=True)
    open(done, "w").close()


def files_of(folder):
    out = []
    for root, _, names in os.walk(folder):
        out += [os.path.join(root, n) for n in names if n.endswith(".dcm")]
    return sorted(out)


def timed(command, env=None, runs=3, before=None):
    times = []
    for _ in range(runs):
        if before:
            before()
        start = time.perf_counter()
        result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        times.append(time.perf_counter() - start)
        if result.returncode not in (0, 1):
            sys.exit("bench_check: %s failed: %s" % (command[0], result.stderr.decode()[-500:]))
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--slicemark", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--files", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out")
    args = parser.parse_args()

    folder = os.path.join(args.data, "check-%d" % args.files)
    generate(folder, args.files)
    files = files_of(folder)
    megabytes = sum(os.path.getsize(f) for f in files) / 1e6
    cache = tempfile.mkdtemp(prefix="slicemark-bench-cache-")
    env = dict(os.environ, SLICEMARK_CACHE_DIR=cache)
    check = [args.slicemark, "check", folder]

    def empty_cache():
        shutil.rmtree(cache, ignore_errors=True)

    subprocess.run(check, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)  # page cache warm
    first = timed(check, env, args.runs, before=empty_cache)
    subprocess.run(check, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)  # cache filled
    second = timed(check, env, args.runs)

    rows = [("slicemark check, first run (no cache)", first), ("slicemark check, cached second run", second)]
    if shutil.which("dcmdump"):
        # One process over every file, as check is one process; +sd would also descend, the list is the same.
        dump = timed(["dcmdump", "-q"] + files, runs=args.runs)
        rows.append(("dcmdump (dcmtk) over the same files", dump))
    else:
        dump = None
    script = ("import sys, pydicom\n"
              "for p in open(sys.argv[1]).read().split('\\n'):\n"
              "    pydicom.dcmread(p, stop_before_pixels=True)\n")
    listing = os.path.join(cache + "-list.txt")
    with open(listing, "w") as f:
        f.write("\n".join(files))
    pydicom_time = timed([sys.executable, "-c", script, listing], runs=args.runs)
    rows.append(("pydicom dcmread(stop_before_pixels=True)", pydicom_time))
    os.remove(listing)
    shutil.rmtree(cache, ignore_errors=True)

    lines = ["## slicemark check over %d DICOM files (%.0f MB)" % (len(files), megabytes), "",
             "| run | seconds | files/s | vs slicemark first run | vs slicemark cached |", "| --- | ---: | ---: | ---: | ---: |"]
    for name, seconds in rows:
        lines.append("| %s | %.3f | %.0f | %.2f× | %.2f× |" % (name, seconds, len(files) / seconds, seconds / first, seconds / second))
    lines += ["", "Ratios above 1 mean the tool took longer than slicemark. Median of %d runs; files in the page cache." % args.runs]
    text = "\n".join(lines)
    print(text)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text + "\n")


if __name__ == "__main__":
    main()
