"""nibabel's side of the label-map save/reload benchmark, in process like SlicemarkBench's:
builds the same 512×512×300 uint8 map of twelve labelled balls (the formula of
Benchmarks/SlicemarkBench/LabelMapSaveReload.swift), checks that slicemark's file holds exactly
those voxels (and that its affine is the same), then times, over --repeats rounds after one
warm-up: `nib.save` to .nii.gz (nibabel's default gzip level, 1), and reloading that file with
`np.asanyarray(img.dataobj)` (the stored uint8) and with `get_fdata()` (float64, what most
code calls). Wall time and process CPU time of each. Prints one JSON object.

Usage: python nibabel_labelmap.py OURS.seg.nii.gz OUT_DIR [--repeats N]
"""
import json
import os
import sys
import time

import nibabel as nib
import numpy as np

W, H, D = 512, 512, 300


def blobs():
    data = np.zeros((W, H, D), dtype=np.uint8)
    for n in range(12):
        c = (60 + (n * 97) % 392, 60 + (n * 61) % 392, 30 + (n * 37) % 240)
        r = 10 + (n * 7) % 30
        lo = [max(0, c[a] - r) for a in range(3)]
        hi = [min((W, H, D)[a] - 1, c[a] + r) + 1 for a in range(3)]
        i, j, k = np.ogrid[lo[0]:hi[0], lo[1]:hi[1], lo[2]:hi[2]]
        ball = (i - c[0]) ** 2 + (j - c[1]) ** 2 + (k - c[2]) ** 2 <= r * r
        data[lo[0]:hi[0], lo[1]:hi[1], lo[2]:hi[2]][ball] = n + 1
    return data


def median(values):
    s = sorted(values)
    n = len(s)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


def main():
    ours, out = sys.argv[1], sys.argv[2]
    repeats = int(sys.argv[sys.argv.index("--repeats") + 1]) if "--repeats" in sys.argv else 7
    data = blobs()
    theirs = nib.load(ours)
    same = bool(np.array_equal(np.asanyarray(theirs.dataobj), data))
    # The affine slicemark wrote: LPS origin (-179.3, -190.1, -412.5), spacing 0.7, 0.7, 1.
    affine = np.diag([-0.7, -0.7, 1.0, 1.0])
    affine[:3, 3] = [179.3, 190.1, -412.5]
    same_affine = bool(np.allclose(theirs.affine, affine, atol=1e-4))
    path = os.path.join(out, "nibabel.seg.nii.gz")

    wall = {"save": [], "raw": [], "fdata": []}
    cpu = {"save": [], "raw": [], "fdata": []}

    def timed(name, body):
        w, c = time.perf_counter(), time.process_time()
        result = body()
        wall[name].append(time.perf_counter() - w)
        cpu[name].append(time.process_time() - c)
        return result

    for _ in range(repeats + 1):
        timed("save", lambda: nib.save(nib.Nifti1Image(data, affine), path))
        back = timed("raw", lambda: np.asanyarray(nib.load(path).dataobj))
        timed("fdata", lambda: nib.load(path).get_fdata())
        if not np.array_equal(back, data):
            sys.exit("nibabel read back other voxels than it saved")
    print(json.dumps({
        "sameVoxels": same, "sameAffine": same_affine,
        "labelledVoxels": int(np.count_nonzero(data)),
        "fileBytes": os.path.getsize(path),
        "saveMilliseconds": median(wall["save"][1:]) * 1000,
        "reloadDataobjMilliseconds": median(wall["raw"][1:]) * 1000,
        "reloadFdataMilliseconds": median(wall["fdata"][1:]) * 1000,
        "saveCPUMilliseconds": median(cpu["save"][1:]) * 1000,
        "reloadDataobjCPUMilliseconds": median(cpu["raw"][1:]) * 1000,
        "reloadFdataCPUMilliseconds": median(cpu["fdata"][1:]) * 1000,
        "repeats": repeats,
    }))


if __name__ == "__main__":
    main()
