#!/usr/bin/env python3
"""The agreement benchmark (scripts/bench.sh runs it after the main suite):

1. HD95 / ASSD / Dice / Jaccard of two 512×512×300 label maps: SlicemarkBench agree (in
   process, from the maps in memory) against scipy's distance_transform_edt on the same files
   (Benchmarks/peers/scipy_surface.py, from the arrays in memory), in the same run; the figures
   must agree (1e-6 mm, 1e-12) and the ratio is printed.
2. `slicemark agree --json` over the folder of 500 sidecars SlicemarkBench wrote (the whole
   process: walking the folder, reading, comparing, printing), and the in-process time.

Usage: bench_agree.py --bench-exe SlicemarkBench --slicemark slicemark --scratch DIR
                      [--runs N] [--out RESULTS-agree.md]
Exits 1 when the figures disagree.
"""
import argparse
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--bench-exe", required=True)
    p.add_argument("--slicemark", required=True)
    p.add_argument("--scratch", default=os.path.join(HERE, "data", "scratch", "agree"))
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--out", default=os.path.join(HERE, "RESULTS-agree.md"))
    args = p.parse_args()

    ours = json.loads(subprocess.run([args.bench_exe, "agree", "--out", args.scratch, "--repeats", str(args.runs)],
                                     check=True, capture_output=True, text=True).stdout)
    s = ours["surface"]
    peer = json.loads(subprocess.run([sys.executable, os.path.join(HERE, "peers", "scipy_surface.py"), *s["files"],
                                      "--repeats", str(args.runs)], check=True, capture_output=True, text=True).stdout)
    same = (abs(s["hd95_mm"] - peer["hd95_mm"]) < 1e-6 and abs(s["assd_mm"] - peer["assd_mm"]) < 1e-6
            and abs(s["dice"] - peer["dice"]) < 1e-12 and s["surfaceVoxels"] == peer["surfaceVoxels"])

    folder = ours["sidecars"]["folder"]
    process = []
    for _ in range(args.runs):
        t = time.perf_counter()
        subprocess.run([args.slicemark, "agree", "--json", folder], check=True, capture_output=True)
        process.append((time.perf_counter() - t) * 1000)
    process.sort()

    lines = [
        "# Agreement benchmark", "",
        f"Median of {args.runs} runs each, same machine, same run.", "",
        "| task | slicemark | peer | ratio |", "| --- | --- | --- | --- |",
        f"| HD95 + ASSD + Dice of two 512×512×300 maps ({s['voxels'][0]:,} / {s['voxels'][1]:,} voxels, "
        f"{s['surfaceVoxels'][0]:,} / {s['surfaceVoxels'][1]:,} surface voxels) | {s['milliseconds'] / 1000:.2f} s "
        f"| scipy distance_transform_edt {peer['milliseconds'] / 1000:.2f} s | {peer['milliseconds'] / s['milliseconds']:.1f}× faster |",
        f"| `slicemark agree --json` over {ours['sidecars']['count']} sidecars (3 readers × {ours['sidecars']['landmarksPerReader']} "
        f"landmarks, 2 label sets; whole process) | {process[len(process) // 2] / 1000:.2f} s | – | – |",
        f"| the same, in process (read + compare + JSON) | {ours['sidecars']['milliseconds'] / 1000:.2f} s | – | – |",
        "",
        f"Figures: HD95 {s['hd95_mm']:.6f} mm (scipy {peer['hd95_mm']:.6f}), ASSD {s['assd_mm']:.6f} mm "
        f"(scipy {peer['assd_mm']:.6f}), Dice {s['dice']:.9f} (scipy {peer['dice']:.9f}): "
        + ("the same." if same else "DIFFERENT."), "",
    ]
    text = "\n".join(lines)
    with open(args.out, "w") as f:
        f.write(text)
    print(text)
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
