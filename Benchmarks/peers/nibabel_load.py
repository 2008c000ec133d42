"""Reads a NIfTI file with nibabel into memory as real-world values (get_fdata, float64), as the
nibabel documentation shows; `--mmap` memory-maps an uncompressed file first (nibabel's
default), `--middle` reads only the middle axial slice through the lazy proxy (the fastest
way nibabel can show a first frame).

Usage: python nibabel_load.py FILE [--middle] [--sum]
"""
import sys

import nibabel as nib
import numpy as np

image = nib.load(sys.argv[1], mmap=True)
if "--middle" in sys.argv:
    frame = np.asanyarray(image.dataobj[:, :, image.shape[2] // 2])
else:
    data = image.get_fdata()
    if "--sum" in sys.argv:
        if image.get_data_dtype().kind in "iu":
            print(f"sum {int(round(float(data.sum(dtype=np.float64))))}")
        else:
            print(f"sum {float(data.sum(dtype=np.float64))!r}")
