"""De-identification speed: `slicemark deid` against dicom-anonymizer (PyPI, pydicom-based) on
the 300-slice CT series generate_data.py writes, files per second and the ratio, both runs
as whole processes on a warm page cache, medians of --runs rounds after one warm-up.

    python deid_bench.py --slicemark PATH --data DIR [--runs N] [--out FILE]

Run by scripts/bench.sh; the result is printed and, with --out, appended to that file.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PEER = os.path.join(HERE, "..", "scripts", "reference", "deid_peer.py")


def timed(argv):
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"deid_bench: {argv[0]} failed ({done.returncode}): {done.stderr.decode()[-400:]}")
    return seconds


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--slicemark", required=True)
    p.add_argument("--data", required=True)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--out")
    args = p.parse_args()
    series = os.path.join(args.data, "ct-series")
    files = sorted(os.path.join(series, n) for n in os.listdir(series))
    scratch = tempfile.mkdtemp(prefix="deid-bench-")
    try:
        job = os.path.join(scratch, "job.json")
        ours, theirs = [], []
        for n in range(args.runs + 1):
            out, peer_out = os.path.join(scratch, f"out{n}"), os.path.join(scratch, f"peer{n}")
            with open(job, "w") as f:
                json.dump({"files": files, "out": peer_out}, f)
            a = timed([args.slicemark, "deid", "--out", out, "--map", os.path.join(scratch, f"map{n}.csv"), series])
            b = timed([sys.executable, PEER, "run", job])
            if n > 0:
                ours.append(a)
                theirs.append(b)
            shutil.rmtree(out, ignore_errors=True)
            shutil.rmtree(peer_out, ignore_errors=True)
        a, b = statistics.median(ours), statistics.median(theirs)
        lines = [
            "",
            f"## De-identification ({len(files)}-slice CT series, {args.runs} runs, medians)",
            "",
            "| tool | seconds | files/s |",
            "| --- | ---: | ---: |",
            f"| slicemark deid | {a:.2f} | {len(files) / a:.0f} |",
            f"| dicom-anonymizer | {b:.2f} | {len(files) / b:.0f} |",
            "",
            f"slicemark is {b / a:.1f}× as fast as dicom-anonymizer.",
        ]
        text = "\n".join(lines)
        print(text)
        if args.out:
            with open(args.out, "a") as f:
                f.write(text + "\n")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
