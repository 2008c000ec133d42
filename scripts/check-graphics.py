#!/usr/bin/env python3
"""Decodes what `slicemark render --graphics sixel|kitty` wrote, independently of slicemark.

    check-graphics.py sixel JOB.json   JOB: {"file": PATH}  decoded by libsixel's sixel2png, read by Pillow
    check-graphics.py kitty JOB.json   JOB: {"file": PATH}  the APC strings parsed here, payload base64-decoded
                                                         (and inflated by Python's zlib when o=z)

    check-graphics.py dicom-rgb JOB.json   JOB: {"file": PATH}  a colour DICOM image's RGB as pydicom reads it
                                                             (first frame), the reference for the two above

Prints {"width", "height", "rgb": [r, g, b, ...] row by row} and, for kitty, "keys" (the first
chunk's keys), "chunks" (the number of APC strings) and "chunkSizes" (base64 bytes in each).
"""
import base64
import io
import json
import subprocess
import sys
import zlib

from PIL import Image


def sixel(path):
    png = subprocess.run(["sixel2png", "-i", path], check=True, capture_output=True).stdout
    image = Image.open(io.BytesIO(png)).convert("RGB")
    return {"width": image.width, "height": image.height, "rgb": list(image.tobytes())}


def kitty(path):
    data = open(path, "rb").read()
    strings = []
    at = 0
    while True:
        start = data.find(b"\x1b_G", at)
        if start < 0:
            break
        end = data.find(b"\x1b\\", start)
        if end < 0:
            raise SystemExit("kitty: an APC string is not terminated")
        strings.append(data[start + 3:end])
        at = end + 2
    if not strings:
        raise SystemExit("kitty: no graphics escape")
    first_keys = None
    payload = b""
    sizes = []
    for n, s in enumerate(strings):
        control, _, chunk = s.partition(b";")
        keys = dict(kv.split("=", 1) for kv in control.decode("ascii").split(","))
        if n == 0:
            first_keys = keys
        elif set(keys) != {"m"}:
            raise SystemExit(f"kitty: chunk {n} carries keys {sorted(keys)}, only m is allowed")
        last = n == len(strings) - 1
        if keys.get("m") != ("0" if last else "1"):
            raise SystemExit(f"kitty: chunk {n} has m={keys.get('m')}")
        sizes.append(len(chunk))
        payload += chunk
    raw = base64.b64decode(payload, validate=True)
    if first_keys.get("o") == "z":
        raw = zlib.decompress(raw)
    if first_keys.get("f") != "24":
        raise SystemExit(f"kitty: format f={first_keys.get('f')}, not 24")
    width, height = int(first_keys["s"]), int(first_keys["v"])
    if len(raw) != width * height * 3:
        raise SystemExit(f"kitty: {len(raw)} bytes for {width}x{height} RGB")
    return {"width": width, "height": height, "rgb": list(raw), "keys": first_keys,
            "chunks": len(strings), "chunkSizes": sizes}


def dicom_rgb(path):
    import pydicom
    array = pydicom.dcmread(path).pixel_array
    if array.ndim == 4:
        array = array[0]
    if array.ndim != 3 or array.shape[2] != 3:
        raise SystemExit(f"dicom-rgb: {path} is not an RGB image ({array.shape})")
    return {"width": int(array.shape[1]), "height": int(array.shape[0]), "rgb": array.astype(int).reshape(-1).tolist()}


mode, job = sys.argv[1], json.load(open(sys.argv[2]))
print(json.dumps({"sixel": sixel, "kitty": kitty, "dicom-rgb": dicom_rgb}[mode](job["file"])))
