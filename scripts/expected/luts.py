#!/usr/bin/env python3
"""Writes .fixtures/expected/luts.json and the arrays beside it (.fixtures/expected/luts/):
what pydicom's `apply_modality_lut`, `apply_voi_lut` (VOI LUT Sequence tables, or the window
with its VOI LUT Function per PS3.3 C.11.2.1.2) give for sample files, so the Swift tests can
compare slicemark voxel for voxel.

Files: pydicom-data's mlut_18.dcm (Modality LUT Sequence) and vlut_04.dcm (VOI LUT Sequence),
pydicom's MR_small.dcm, 693_J2KI.dcm and examples_overlay.dcm (windows), and copies of
MR_small.dcm this script writes with VOI LUT Function SIGMOID and LINEAR_EXACT.

Arrays are raw little endian, (frames, rows, columns) in C order:
- NAME.modality.u16: the Modality LUT output (uint16);
- NAME.voi.f64: the VOI stage output scaled to 0…1 by its output range, which is what the
  display maps to 0…255. pydicom's `apply_windowing` outputs over the modality output range
  [y_min, y_max]: t = (y − y_min) / (y_max − y_min); `apply_voi` outputs table entries:
  t = entry / (2^bits − 1).

Usage: python scripts/expected/luts.py FIXTURE_ROOT
"""
import json
import os
import shutil
import sys
import warnings

import numpy as np
import pydicom
from pydicom.data import get_testdata_file
from pydicom.pixels import apply_modality_lut, apply_voi_lut

warnings.filterwarnings("ignore")
root = os.path.abspath(sys.argv[1])
out_dir = os.path.join(root, "expected", "luts")
generated = os.path.join(root, "generated", "luts")
os.makedirs(out_dir, exist_ok=True)
os.makedirs(generated, exist_ok=True)


def data_file(name):
    """pydicom-data files, copied under the fixture root so the Swift tests find them."""
    dst = os.path.join(root, "pydicom-data", name)
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    if not os.path.exists(dst):
        shutil.copyfile(get_testdata_file(name), dst)
    return dst


def voi_output_range(ds):
    """[y_min, y_max] of the values `apply_windowing` writes (pydicom's own rule)."""
    if ds.get("ModalityLUTSequence"):
        return 0, 2 ** int(ds.ModalityLUTSequence[0].LUTDescriptor[2]) - 1
    bits = int(ds.BitsStored)
    lo, hi = (0, 2 ** bits - 1) if int(ds.PixelRepresentation) == 0 else (-(2 ** (bits - 1)), 2 ** (bits - 1) - 1)
    if "RescaleSlope" in ds and "RescaleIntercept" in ds:
        lo, hi = lo * float(ds.RescaleSlope) + float(ds.RescaleIntercept), hi * float(ds.RescaleSlope) + float(ds.RescaleIntercept)
    return lo, hi


entries = []


def entry(path, note, window_index=0):
    ds = pydicom.dcmread(path)
    arr = ds.pixel_array
    if int(ds.get("NumberOfFrames", 1) or 1) == 1:
        arr = arr[np.newaxis]
    name = os.path.basename(path)
    modality = apply_modality_lut(arr, ds)
    e = {"path": os.path.relpath(path, root), "note": note, "name": name,
         "min": float(modality.min()), "max": float(modality.max()),
         "mean": float(modality.astype(np.float64).mean()),
         "dimensions": [int(arr.shape[2]), int(arr.shape[1]), int(arr.shape[0])]}
    if ds.get("ModalityLUTSequence"):
        modality.astype("<u2").tofile(os.path.join(out_dir, name + ".modality.u16"))
        e["modality"] = name + ".modality.u16"
    if not ds.get("VOILUTSequence") and "WindowCenter" not in ds:
        entries.append(e)
        return
    voi = apply_voi_lut(modality, ds, index=window_index)
    if ds.get("VOILUTSequence"):
        t = voi.astype(np.float64) / (2 ** int(ds.VOILUTSequence[0].LUTDescriptor[2]) - 1)
        e["voi_kind"] = "table"
    else:
        lo, hi = voi_output_range(ds)
        t = (voi.astype(np.float64) - lo) / (hi - lo)
        e["voi_kind"] = str(ds.get("VOILUTFunction", "LINEAR"))
        centers, widths = ds.WindowCenter, ds.WindowWidth
        e["window"] = [float(centers[window_index] if ds["WindowCenter"].VM > 1 else centers),
                       float(widths[window_index] if ds["WindowWidth"].VM > 1 else widths)]
    t.astype("<f8").tofile(os.path.join(out_dir, name + ".voi.f64"))
    e["voi"] = name + ".voi.f64"
    entries.append(e)


entry(data_file("mlut_18.dcm"), "Modality LUT Sequence, 4096 entries from -2048, 16 bits")
entry(data_file("vlut_04.dcm"), "VOI LUT Sequence, 256 entries from 0, 16 bits")
sample = os.path.join(root, "pydicom")
entry(os.path.join(sample, "MR_small.dcm"), "window 600/1600, LINEAR (no VOI LUT Function)")
entry(os.path.join(sample, "693_J2KI.dcm"), "window 40/100 with rescale, LINEAR")
entry(os.path.join(sample, "examples_overlay.dcm"), "two windows, the first, LINEAR")
for function in ["SIGMOID", "LINEAR_EXACT"]:
    ds = pydicom.dcmread(os.path.join(sample, "MR_small.dcm"))
    ds.VOILUTFunction = function
    ds.WindowCenter, ds.WindowWidth = 900, 1200
    path = os.path.join(generated, "MR_small_%s.dcm" % function.lower())
    ds.save_as(path, enforce_file_format=True)
    entry(path, "window 900/1200, VOI LUT Function %s (written here from MR_small.dcm)" % function)

# Also copied for the tests: the JPEG 2000 file whose pixel data is cut short (its Sequence
# Delimitation Item is missing; pydicom reads no dataset from it) and its whole original.
for name in ["emri_small_jpeg_2k_lossless.dcm", "emri_small_jpeg_2k_lossless_too_short.dcm"]:
    data_file(name)

with open(os.path.join(root, "expected", "luts.json"), "w") as f:
    json.dump({"entries": entries}, f, indent=1)
