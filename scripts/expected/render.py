#!/usr/bin/env python3
"""Writes .fixtures/expected/render.json: the grey levels `slicemark render` must show for a few
pydicom sample images drawn 1:1 (one screen pixel per image pixel), from pydicom itself:
`apply_modality_lut`, then `apply_windowing` with the window set on the dataset (DICOM's
LINEAR function, PS3.3 C.11.2.1.2: 0 at or below c − 0.5 − (w − 1)/2, full above
c − 0.5 + (w − 1)/2, ((x − (c − 0.5)) / (w − 1) + 0.5) between), its output scaled from the
range it writes to 0…255 and rounded half up; rows top to bottom as stored.

Each case names the file, the window used (the file's own first window when `fileWindow` is
true, else the one given on the command line) and the expected greys.

Usage: python scripts/expected/render.py FIXTURE_ROOT
"""
import json
import os
import sys

import numpy as np
import pydicom
from pydicom.pixels import apply_modality_lut, apply_windowing

root = os.path.abspath(sys.argv[1])


def first(value):
    return float(value[0]) if isinstance(value, pydicom.multival.MultiValue) else float(value)


def greys(ds, values, center, width):
    ds.WindowCenter, ds.WindowWidth = center, width
    if "VOILUTFunction" in ds:
        del ds.VOILUTFunction
    out = apply_windowing(values, ds)
    # apply_windowing's output range (pydicom's rule: the stored range through the rescale).
    bits = int(ds.BitsStored)
    lo, hi = (0, 2 ** bits - 1) if int(ds.PixelRepresentation) == 0 else (-(2 ** (bits - 1)), 2 ** (bits - 1) - 1)
    if "RescaleSlope" in ds and "RescaleIntercept" in ds:
        lo, hi = lo * float(ds.RescaleSlope) + float(ds.RescaleIntercept), hi * float(ds.RescaleSlope) + float(ds.RescaleIntercept)
    t = (out - lo) / (hi - lo)
    g = np.floor(np.clip(t, 0, 1) * 255 + 0.5)
    return g.astype(int).tolist()


cases = []
for name, window in [("CT_small.dcm", (50.0, 400.0)), ("MR_small.dcm", None)]:
    ds = pydicom.dcmread(os.path.join(root, "pydicom", name))
    values = apply_modality_lut(ds.pixel_array, ds).astype(np.float64)
    if window is None:
        center, width = first(ds.WindowCenter), first(ds.WindowWidth)
    else:
        center, width = window
    cases.append({
        "file": f"pydicom/{name}",
        "fileWindow": window is None,
        "center": center,
        "width": width,
        "columns": int(ds.Columns),
        "rows": int(ds.Rows),
        "greys": greys(ds, values, center, width),
    })

os.makedirs(os.path.join(root, "expected"), exist_ok=True)
with open(os.path.join(root, "expected", "render.json"), "w") as f:
    json.dump({"cases": cases}, f)
