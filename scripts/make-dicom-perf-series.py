#!/usr/bin/env python3
"""Writes a synthetic CT series for timing the DICOM reader: N slices of 512 × 512 int16
(Explicit VR Little Endian, rescale intercept −1024), file names in scrambled order.

Usage: .fixtures/venv/bin/python scripts/make-dicom-perf-series.py OUT_FOLDER [N=300]
Then:  swift build -c release && time .build/release/slicemark info --json OUT_FOLDER
"""
import os
import sys

import numpy as np
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

out = sys.argv[1]
count = int(sys.argv[2]) if len(sys.argv) > 2 else 300
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(1)
base = rng.integers(-1024, 2000, size=(512, 512), dtype=np.int16)
for k in range(count):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.2"
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.SOPClassUID, ds.SOPInstanceUID = meta.MediaStorageSOPClassUID, meta.MediaStorageSOPInstanceUID
    ds.Modality, ds.PatientName = "CT", "Perf^Test"
    ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.FrameOfReferenceUID = "2.25.77", "2.25.78", "2.25.79"
    ds.InstanceNumber = k + 1
    ds.ImagePositionPatient = [-250.0, -250.0, -300.0 + 1.25 * k]
    ds.ImageOrientationPatient = [1.0, 0, 0, 0, 1.0, 0]
    ds.PixelSpacing, ds.SliceThickness = [0.9765625, 0.9765625], 1.25
    ds.Rows = ds.Columns = 512
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 16, 15, 1
    ds.RescaleSlope, ds.RescaleIntercept = 1, -1024
    ds.WindowCenter, ds.WindowWidth = 40, 400
    ds.PixelData = np.roll(base, k, axis=0).tobytes()
    ds.save_as(os.path.join(out, "IM%04d" % ((k * 7919) % count)), enforce_file_format=True)
print(f"wrote {count} slices to {out}")
