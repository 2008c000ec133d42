#!/usr/bin/env python3
"""Writes .fixtures/expected/render.json: the grey levels `slicemark render` must show for a few
pydicom sample images drawn 1:1 (one screen pixel per image pixel), computed from pydicom's
pixel data and modality LUT with slicemark's window definition: grey = round(255 * (value -
(center - width / 2)) / width), clamped to 0…255, rows top to bottom as stored.

Each case names the file, the window used (the file's own first window when `fileWindow` is
true, else the one given on the command line) and the expected greys.

Usage: python scripts/expected/render.py FIXTURE_ROOT
"""
import json
import os
import sys

import numpy as np
import pydicom
from pydicom.pixels import apply_modality_lut

root = os.path.abspath(sys.argv[1])


def first(value):
    return float(value[0]) if isinstance(value, pydicom.multival.MultiValue) else float(value)


def greys(values, center, width):
    t = (values - (center - width / 2)) / width
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
        "greys": greys(values, center, width),
    })

os.makedirs(os.path.join(root, "expected"), exist_ok=True)
with open(os.path.join(root, "expected", "render.json"), "w") as f:
    json.dump({"cases": cases}, f)
