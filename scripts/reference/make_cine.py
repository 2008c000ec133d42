#!/usr/bin/env python3
"""Writes a small multi-frame ultrasound cine with pydicom, for the tests of tracks and frames.

    make_cine.py grey JOB.json      JOB: {"path": ..., "frames": N, "rows": R, "columns": C, "frame_time": MS}

An uncompressed MONOCHROME2 8-bit US Multi-frame image with no Image Orientation (Patient)
(frames in time, not slices), Frame Time (0018,1063) and Number of Frames; frame k holds a
bright square moved k pixels right over a ramp, so every frame differs. Prints {"path": ...}.
"""
import json
import sys

import numpy as np
import pydicom
from pydicom.dataset import FileDataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid


def grey(job):
    n, rows, cols = job["frames"], job["rows"], job["columns"]
    frames = np.zeros((n, rows, cols), dtype=np.uint8)
    ramp = (np.arange(cols)[None, :] * 200 // max(cols - 1, 1)).astype(np.uint8)
    for k in range(n):
        frames[k] = ramp
        x = min(k, cols - 8)
        frames[k, rows // 3: rows // 3 + 6, x: x + 6] = 255
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.3.1"  # Ultrasound Multi-frame Image Storage
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = FileDataset(job["path"], {}, file_meta=meta, preamble=b"\0" * 128)
    ds.SOPClassUID = meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.StudyInstanceUID = generate_uid()
    ds.SeriesInstanceUID = generate_uid()
    ds.Modality = "US"
    ds.PatientName = "Cine^Test"
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.NumberOfFrames = n
    ds.FrameTime = job["frame_time"]
    ds.FrameIncrementPointer = pydicom.tag.Tag(0x0018, 0x1063)
    ds.Rows, ds.Columns = rows, cols
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 8, 8, 7, 0
    ds.PixelData = frames.tobytes()
    ds.save_as(job["path"], enforce_file_format=True)
    return {"path": job["path"]}


def main():
    mode, job_path = sys.argv[1], sys.argv[2]
    with open(job_path) as f:
        job = json.load(f)
    print(json.dumps({"grey": grey}[mode](job)))


if __name__ == "__main__":
    main()
