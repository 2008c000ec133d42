"""Reads a DICOM series folder with SimpleITK (GDCM): series file names, then one read into an
int16 image of Hounsfield units.

Usage: python sitk_series.py FOLDER [--sum]
"""
import sys

import SimpleITK as sitk

reader = sitk.ImageSeriesReader()
reader.SetFileNames(reader.GetGDCMSeriesFileNames(sys.argv[1]))
reader.SetOutputPixelType(sitk.sitkInt16)
image = reader.Execute()
if "--sum" in sys.argv:
    import numpy as np
    print(f"sum {int(sitk.GetArrayViewFromImage(image).sum(dtype=np.int64))}")
