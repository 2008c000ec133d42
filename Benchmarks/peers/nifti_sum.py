"""Prints the voxel sum after rescale of a NIfTI file (used to check dcm2niix's output).

Usage: python nifti_sum.py FILE
"""
import sys

import nibabel as nib
import numpy as np

image = nib.load(sys.argv[1])
data = np.asanyarray(image.dataobj)
print(f"sum {int(round(float(data.sum(dtype=np.float64))))}")
