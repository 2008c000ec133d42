"""What pydicom decodes from every compressed frame slicemark's codecs are tested against.

For each compressed sample file in the pydicom package's data, and for a few files encoded
here with third-party encoders (imagecodecs: libjpeg-turbo 3 for JPEG Lossless predictors
1-7, greyscale and 12-bit lossy JPEG; OpenJPH for HTJ2K; Pillow for progressive JPEG), this writes into ROOT/codecs/:
  NAME.frameN.bin          the encapsulated frame exactly as it sits in the file
  NAME.frameN.expected     pydicom's decoded frame as raw little-endian interleaved samples
  NAME.frameN.turbo        (8-bit JPEG only) the same frame decoded by pydicom's Pillow
                           plugin, which uses libjpeg-turbo like slicemark does
and ROOT/expected/codecs.json with, for each frame, the FrameDescription fields, the plugin
pydicom used, the photometric interpretation of the decoded samples, SHA-256, min and max.
A frame pydicom cannot decode is taken from GDCM directly where GDCM can (plugin says so),
else listed under "undecodable" with pydicom's reason.

Usage: python codecs.py FIXTURE_ROOT
"""
import glob
import hashlib
import json
import os
import sys
import warnings

import numpy as np
import pydicom
from pydicom import uid
from pydicom.encaps import encapsulate, generate_frames
from pydicom.pixels import get_decoder

warnings.simplefilter("ignore")
root = sys.argv[1]
out_dir = os.path.join(root, "codecs")
made_dir = os.path.join(out_dir, "made")
os.makedirs(made_dir, exist_ok=True)

RLE = [uid.RLELossless]
JPEG_LOSSY = [uid.JPEGBaseline8Bit, uid.JPEGExtended12Bit]
JPEG_LOSSLESS = [uid.JPEGLossless, uid.JPEGLosslessSV1]
JPEG_LS = [uid.JPEGLSLossless, uid.JPEGLSNearLossless]
J2K = [uid.JPEG2000Lossless, uid.JPEG2000, uid.HTJ2KLossless, uid.HTJ2KLosslessRPCL, uid.HTJ2K]
LOSSLESS = RLE + JPEG_LOSSLESS + [uid.JPEGLSLossless, uid.JPEG2000Lossless, uid.HTJ2KLossless,
                                  uid.HTJ2KLosslessRPCL]


def plugin_for(ts, name):
    """The pydicom plugin backed by the same library slicemark uses, where there is one."""
    if name.endswith("_pt2"):
        return "gdcm"               # pylibjpeg-libjpeg 2.5 ignores the point transform
    if ts in RLE:
        return "pylibjpeg"          # pylibjpeg-rle (slicemark: Swift)
    if ts in JPEG_LOSSY + JPEG_LOSSLESS:
        return "pylibjpeg"          # pylibjpeg-libjpeg (slicemark: libjpeg-turbo / Swift)
    if ts in JPEG_LS:
        return "pyjpegls"           # CharLS, as slicemark
    return "pylibjpeg"              # pylibjpeg-openjpeg, as slicemark


def made_files():
    """Files encoded here with third-party encoders, for what pydicom's samples lack."""
    import imagecodecs

    def write(name, base, ts, frames, **changes):
        ds = pydicom.dcmread(os.path.join(root, "pydicom", base))
        for key, value in changes.items():
            setattr(ds, key, value)
        ds.file_meta.TransferSyntaxUID = ts
        ds.PixelData = encapsulate([bytes(f) for f in frames])
        ds["PixelData"].VR = "OB"
        ds["PixelData"].is_undefined_length = True
        if len(frames) > 1:
            ds.NumberOfFrames = len(frames)
        path = os.path.join(made_dir, name + ".dcm")
        ds.save_as(path, enforce_file_format=True)
        return path

    mr = pydicom.dcmread(os.path.join(root, "pydicom", "MR_small.dcm")).pixel_array  # int16
    ct = pydicom.dcmread(os.path.join(root, "pydicom", "CT_small.dcm")).pixel_array  # int16
    rgb = get_decoder(uid.RLELossless).as_array(
        pydicom.dcmread(os.path.join(root, "pydicom", "SC_rgb_rle.dcm")), index=0)[0]
    rgb = np.ascontiguousarray(rgb, dtype=np.uint8)  # RGB
    paths = []
    mr16 = mr.view(np.uint16)
    for predictor in range(1, 8):
        stream = imagecodecs.jpeg8_encode(mr16, lossless=True, predictor=predictor, bitspersample=16)
        paths.append(write(f"MR_small_jpeg_lossless_p{predictor}", "MR_small.dcm", uid.JPEGLossless, [stream]))
    paths.append(write("CT_small_jpeg_lossless_sv1", "CT_small.dcm", uid.JPEGLosslessSV1,
                       [imagecodecs.jpeg8_encode(ct.view(np.uint16), lossless=True, predictor=1,
                                                 bitspersample=16)]))
    ct12 = np.clip(ct.astype(np.int32) + 1024, 0, 4095).astype(np.uint16)
    paths.append(write("CT_small_jpeg_lossless_12bit_p6", "CT_small.dcm", uid.JPEGLossless,
                       [imagecodecs.jpeg8_encode(ct12, lossless=True, predictor=6, bitspersample=12)],
                       BitsStored=12, HighBit=11, PixelRepresentation=0, RescaleIntercept=-1024))
    paths.append(write("SC_rgb_jpeg_lossless_p7", "SC_rgb_rle.dcm", uid.JPEGLossless,
                       [imagecodecs.jpeg8_encode(rgb, lossless=True, predictor=7, bitspersample=8,
                                                 colorspace="RGB", outcolorspace="RGB")]))
    two = (mr16 & 3).astype(np.uint8)
    paths.append(write("MR_small_jpeg_lossless_2bit", "MR_small.dcm", uid.JPEGLossless,
                       [imagecodecs.jpeg8_encode(two, lossless=True, predictor=2, bitspersample=2)],
                       BitsAllocated=8, BitsStored=2, HighBit=1, PixelRepresentation=0))
    # Point transform Pt: libjpeg-turbo encodes (x >> Pt) at precision P - Pt; patching the
    # frame header's precision back to P and the scan header's Al to Pt gives the very stream
    # an encoder with point transform Pt writes (the initial predictor 2^(P-Pt-1) agrees).
    shifted = (ct12 >> 2).astype(np.uint16)
    stream = bytearray(imagecodecs.jpeg8_encode(shifted, lossless=True, predictor=1, bitspersample=10))
    sof = stream.index(b"\xff\xc3")
    stream[sof + 4] = 12
    sos = stream.index(b"\xff\xda")
    length = int.from_bytes(stream[sos + 2:sos + 4], "big")
    stream[sos + 2 + length - 1] = 2
    paths.append(write("CT_small_jpeg_lossless_pt2", "CT_small.dcm", uid.JPEGLossless, [stream],
                       BitsStored=12, HighBit=11, PixelRepresentation=0, RescaleIntercept=-1024))
    paths.append(write("CT_small_jpeg_extended_12bit", "CT_small.dcm", uid.JPEGExtended12Bit,
                       [imagecodecs.jpeg8_encode(ct12, level=90, bitspersample=12)],
                       BitsStored=12, HighBit=11, PixelRepresentation=0, RescaleIntercept=-1024))
    mr8 = np.clip(mr >> 3, 0, 255).astype(np.uint8)
    paths.append(write("MR_small_jpeg_baseline_grey", "MR_small.dcm", uid.JPEGBaseline8Bit,
                       [imagecodecs.jpeg8_encode(mr8, level=85)],
                       BitsAllocated=8, BitsStored=8, HighBit=7, PixelRepresentation=0))
    # Progressive JPEG is not allowed in .50, but archives hold it; Pillow writes it.
    import io
    from PIL import Image
    buffer = io.BytesIO()
    Image.fromarray(mr8).save(buffer, format="JPEG", quality=85, progressive=True)
    paths.append(write("MR_small_jpeg_progressive", "MR_small.dcm", uid.JPEGBaseline8Bit, [buffer.getvalue()],
                       BitsAllocated=8, BitsStored=8, HighBit=7, PixelRepresentation=0))
    paths.append(write("MR_small_htj2k_lossless", "MR_small.dcm", uid.HTJ2KLossless,
                       [imagecodecs.htj2k_encode(mr, reversible=True)]))
    paths.append(write("SC_rgb_htj2k_lossy", "SC_rgb_rle.dcm", uid.HTJ2K,
                       [imagecodecs.htj2k_encode(rgb, level=30, reversible=False)],
                       PhotometricInterpretation="YBR_ICT"))
    return paths


def gdcm_decode(path, ds):
    """The single frame GDCM decodes from `path`, shaped like pydicom's arrays, or None."""
    import gdcm
    reader = gdcm.ImageReader()
    reader.SetFileName(path)
    if not reader.Read():
        return None
    buffer = reader.GetImage().GetBuffer()
    if buffer is None:
        return None
    raw = buffer.encode("utf-8", errors="surrogateescape")
    kind = "i" if ds.PixelRepresentation else "u"
    arr = np.frombuffer(raw, dtype=f"<{kind}{ds.BitsAllocated // 8}")
    shape = (ds.Rows, ds.Columns) + ((ds.SamplesPerPixel,) if ds.SamplesPerPixel > 1 else ())
    return arr[:int(np.prod(shape))].reshape(shape) if arr.size >= np.prod(shape) else None


def frame_indices(count):
    return sorted({0, count - 1})


def to_bytes(arr, bits_allocated):
    kind = "i" if arr.dtype.kind == "i" else "u"
    return arr.astype(f"<{kind}{bits_allocated // 8}").tobytes()


entries, undecodable = [], []
sources = sorted(glob.glob(os.path.join(root, "pydicom", "*.dcm")))
sources += made_files()
for path in sources:
    try:
        ds = pydicom.dcmread(path)
        ts = ds.file_meta.TransferSyntaxUID
    except Exception:
        continue
    if not ts.is_compressed or "PixelData" not in ds or "Rows" not in ds or ts == uid.DeflatedExplicitVRLittleEndian:
        continue
    name = os.path.splitext(os.path.basename(path))[0]
    count = int(ds.get("NumberOfFrames", 1) or 1)
    frames = list(generate_frames(ds.PixelData, number_of_frames=count))
    plugin = plugin_for(ts, name)
    decoder = get_decoder(ts)
    for index in frame_indices(count):
        base = f"{name}.frame{index}"
        record = {
            "name": name, "frame": index,
            "source": os.path.relpath(path, root),
            "transferSyntax": str(ts),
            "rows": int(ds.Rows), "columns": int(ds.Columns),
            "samplesPerPixel": int(ds.SamplesPerPixel),
            "bitsAllocated": int(ds.BitsAllocated), "bitsStored": int(ds.BitsStored),
            "pixelRepresentation": int(ds.PixelRepresentation),
            "planarConfiguration": int(ds.get("PlanarConfiguration", 0) or 0),
            "photometric": str(ds.PhotometricInterpretation),
            "encoded": f"codecs/{base}.bin",
            "plugin": plugin,
            "lossless": ts in LOSSLESS,
        }
        with open(os.path.join(out_dir, base + ".bin"), "wb") as f:
            f.write(frames[index])
        try:
            arr, meta = decoder.as_array(ds, index=index, decoding_plugin=plugin, raw=True)
        except Exception as error:
            # pydicom cannot; GDCM itself (its IJG libjpeg) may, e.g. 12-bit JPEG whose scan
            # header has the wrong spectral selection, which pydicom's gdcm plugin never tries.
            arr = gdcm_decode(path, ds) if count == 1 else None
            if arr is None:
                record["reason"] = str(error).splitlines()[0]
                undecodable.append(record)
                continue
            record["plugin"] = "gdcm (python-gdcm directly)"
            meta = {}
        data = to_bytes(arr, record["bitsAllocated"])
        with open(os.path.join(out_dir, base + ".expected"), "wb") as f:
            f.write(data)
        photometric = str(meta.get("photometric_interpretation", record["photometric"]))
        # The decoded samples of a YBR_FULL_422 frame are no longer subsampled.
        if photometric == "YBR_FULL_422":
            photometric = "YBR_FULL"
        record.update({
            "expected": f"codecs/{base}.expected",
            "outputPhotometric": photometric,
            "sha256": hashlib.sha256(data).hexdigest(),
            "min": int(arr.min()), "max": int(arr.max()),
        })
        if ts in JPEG_LOSSY and record["bitsStored"] == 8:
            try:
                turbo, _ = decoder.as_array(ds, index=index, decoding_plugin="pillow", raw=True)
                tdata = to_bytes(turbo, record["bitsAllocated"])
                with open(os.path.join(out_dir, base + ".turbo"), "wb") as f:
                    f.write(tdata)
                record["turbo"] = f"codecs/{base}.turbo"
                record["turboMaxDifference"] = int(np.abs(turbo.astype(np.int64) - arr.astype(np.int64)).max())
            except Exception:
                pass
        entries.append(record)

with open(os.path.join(root, "expected", "codecs.json"), "w") as f:
    json.dump({"frames": entries, "undecodable": undecodable}, f, indent=1)
print(f"codecs: {len(entries)} frames, {len(undecodable)} undecodable", file=sys.stderr)
