#!/usr/bin/env python3
"""A small model of our own making for `slicemark predict` tests: thresholds the image.

    threshold_model.py IMAGE OUT [THRESHOLD]

Reads IMAGE with nibabel, writes OUT: a uint8 NIfTI label map on the image's grid (the image's
own affine as sform and qform, code 1) holding 1 where the image's value (after scl_slope and
scl_inter) is above THRESHOLD (default 100), 0 elsewhere. An image with no voxel above the
threshold is an error (exit 3, a line on stderr): there is nothing to propose, which the
tests use as the image on which the model fails.
"""
import sys

import nibabel as nib
import numpy as np


def main():
    if len(sys.argv) not in (3, 4):
        print(__doc__, file=sys.stderr)
        return 2
    image, out = sys.argv[1], sys.argv[2]
    threshold = float(sys.argv[3]) if len(sys.argv) == 4 else 100.0
    img = nib.load(image)
    data = np.asarray(img.dataobj, dtype=np.float64)
    if data.ndim > 3:
        data = data[..., 0]
    mask = (data > threshold).astype(np.uint8)
    print(f"threshold_model: {image}: {int(mask.sum())} voxels above {threshold:g}", file=sys.stderr)
    if not mask.any():
        print(f"threshold_model: no voxel above {threshold:g}; nothing to segment", file=sys.stderr)
        return 3
    seg = nib.Nifti1Image(mask, img.affine)
    seg.set_sform(img.affine, code=1)
    seg.set_qform(img.affine, code=1)
    nib.save(seg, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
