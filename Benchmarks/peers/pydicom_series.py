"""Reads a DICOM series folder into one int16 volume with pydicom, the way a careful user would:
every file read whole, sorted along the slice normal, pixel arrays copied into a preallocated
volume (stored values; the rescale is kept as two numbers, like slicemark).

Usage: python pydicom_series.py FOLDER [--sum]   (--sum prints the voxel sum after rescale)
"""
import os
import sys

import numpy as np
import pydicom

folder = sys.argv[1]
paths = sorted(os.path.join(folder, name) for name in os.listdir(folder))
datasets = [pydicom.dcmread(p) for p in paths]
normal = np.cross(np.array(datasets[0].ImageOrientationPatient[:3], dtype=float),
                  np.array(datasets[0].ImageOrientationPatient[3:], dtype=float))
datasets.sort(key=lambda ds: float(np.dot(normal, np.array(ds.ImagePositionPatient, dtype=float))))
first = datasets[0]
volume = np.empty((len(datasets), first.Rows, first.Columns), dtype=first.pixel_array.dtype)
for k, ds in enumerate(datasets):
    volume[k] = ds.pixel_array
slope, intercept = float(first.RescaleSlope), float(first.RescaleIntercept)
if "--sum" in sys.argv:
    total = int(volume.sum(dtype=np.int64)) * int(slope) + int(intercept) * volume.size
    print(f"sum {total}")
