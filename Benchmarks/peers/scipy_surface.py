"""scipy's side of the surface-distance benchmark: the same two label maps SlicemarkBench agree
wrote (512×512×300, 0.7×0.7×1.5 mm), loaded with nibabel first (not timed), then timed over
--repeats rounds: the masks (value 1), their surfaces (binary_erosion, 6-connected, outside =
background), scipy.ndimage.distance_transform_edt with sampling = spacing of each surface's
complement, the distances at the other surface's voxels, HD95 (larger directed 95th
percentile, numpy's linear interpolation) and ASSD (mean of both directions), plus Dice and
Jaccard. Wall time of each round. Prints one JSON object.

Usage: python scipy_surface.py A.seg.nii.gz B.seg.nii.gz [--repeats N]
"""
import json
import sys
import time

import nibabel as nib
import numpy as np
from scipy.ndimage import binary_erosion, distance_transform_edt, generate_binary_structure


def figures(a, b, spacing):
    ma, mb = a == 1, b == 1
    both = np.count_nonzero(ma & mb)
    na, nb = np.count_nonzero(ma), np.count_nonzero(mb)
    six = generate_binary_structure(3, 1)
    sa = ma & ~binary_erosion(ma, structure=six, border_value=0)
    sb = mb & ~binary_erosion(mb, structure=six, border_value=0)
    d_ab = distance_transform_edt(~sb, sampling=spacing)[sa]
    d_ba = distance_transform_edt(~sa, sampling=spacing)[sb]
    return {"dice": 2 * both / (na + nb), "jaccard": both / (na + nb - both),
            "hd95_mm": float(max(np.percentile(d_ab, 95), np.percentile(d_ba, 95))),
            "assd_mm": float(np.concatenate([d_ab, d_ba]).mean()),
            "surfaceVoxels": [int(sa.sum()), int(sb.sum())]}


def main():
    a_path, b_path = sys.argv[1], sys.argv[2]
    repeats = int(sys.argv[sys.argv.index("--repeats") + 1]) if "--repeats" in sys.argv else 3
    a_img, b_img = nib.load(a_path), nib.load(b_path)
    a, b = np.asanyarray(a_img.dataobj), np.asanyarray(b_img.dataobj)
    spacing = tuple(float(z) for z in a_img.header.get_zooms()[:3])
    times, result = [], None
    for _ in range(repeats):
        t = time.perf_counter()
        result = figures(a, b, spacing)
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    result["milliseconds"] = times[len(times) // 2]
    result["runs"] = len(times)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
