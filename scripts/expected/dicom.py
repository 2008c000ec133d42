#!/usr/bin/env python3
"""Writes .fixtures/expected/dicom.json: what pydicom (with the pylibjpeg/gdcm pixel handlers
of the fixture environment) reads from the pydicom sample files, a few multi-file series, and
a few files this script writes itself with pydicom (enhanced multi-frame, per-slice rescale,
bits stored below bits allocated). The Swift tests compare slicemark's reading to these values.

Geometry follows DICOM's own definitions: the LPS position of voxel (i, j) of a frame is
ImagePositionPatient + i * PixelSpacing[1] * row cosine + j * PixelSpacing[0] * column cosine;
slices are ordered by their position along the normal (row cosine × column cosine).

Usage: python scripts/expected/dicom.py FIXTURE_ROOT
"""
import json
import os
import sys
import warnings

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.pixels import apply_modality_lut
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

warnings.filterwarnings("ignore")
root = os.path.abspath(sys.argv[1])
sample = os.path.join(root, "pydicom")
generated = os.path.join(root, "generated", "dicom")

# File, what it exercises.
SINGLE_FILES = [
    ("CT_small.dcm", "explicit VR LE, int16, rescale"),
    ("MR_small.dcm", "explicit VR LE, int16"),
    ("MR_small_implicit.dcm", "implicit VR LE"),
    ("MR_small_bigendian.dcm", "explicit VR BE"),
    ("MR_small_expb.dcm", "explicit VR BE"),
    ("MR_small_padded.dcm", "trailing padding"),
    ("ExplVR_BigEnd.dcm", "BE, RGB planar configuration 1"),
    ("SC_rgb_small_odd.dcm", "RGB, odd size"),
    ("SC_rgb_small_odd_big_endian.dcm", "RGB, BE"),
    ("SC_rgb_jpeg_dcmd.dcm", "RGB implicit VR"),
    ("examples_rgb_color.dcm", "RGB"),
    ("SC_ybr_full_422_uncompressed.dcm", "uncompressed YBR_FULL_422 to RGB"),
    ("examples_palette.dcm", "PALETTE COLOR indices"),
    ("examples_overlay.dcm", "12 of 16 bits stored, unsigned"),
    ("image_dfl.dcm", "deflated explicit VR LE"),
    ("rtdose.dcm", "uint32 multi-frame, grid frame offsets"),
    ("rtdose_1frame.dcm", "uint32 implicit"),
    ("rtdose_expb.dcm", "uint32 multi-frame BE"),
    ("rtdose_expb_1frame.dcm", "uint32 BE"),
    ("liver_1frame.dcm", "1 bit allocated (segmentation)"),
    ("liver_expb_1frame.dcm", "1 bit allocated, BE"),
    ("dicomdirtests/77654033/CR1/6154", "MONOCHROME1, 12 bits stored, rescale slope"),
    ("dicomdirtests/77654033/CR2/6247", "MONOCHROME1"),
    # Compressed: checked once the codec registry decodes their transfer syntax.
    ("MR_small_RLE.dcm", "RLE"),
    ("SC_rgb_rle.dcm", "RLE RGB"),
    ("SC_rgb_rle_16bit.dcm", "RLE RGB 16-bit"),
    ("SC_rgb_rle_2frame.dcm", "RLE multi-frame"),
    ("SC_rgb_rle_32bit_2frame.dcm", "RLE 32-bit multi-frame"),
    ("rtdose_rle.dcm", "RLE uint32 multi-frame"),
    ("MR_small_jpeg_ls_lossless.dcm", "JPEG-LS lossless"),
    ("JPEGLSNearLossless_16.dcm", "JPEG-LS near-lossless"),
    ("SC_rgb_jls_lossy_line.dcm", "JPEG-LS near-lossless RGB"),
    ("MR_small_jp2klossless.dcm", "JPEG 2000 lossless"),
    ("JPEG2000.dcm", "JPEG 2000"),
    ("693_J2KI.dcm", "JPEG 2000, 14 bits stored signed"),
    ("GDCMJ2K_TextGBR.dcm", "JPEG 2000 YBR_RCT"),
    ("SC_rgb_jpeg_gdcm.dcm", "JPEG lossless SV1 RGB"),
    ("JPGExtended.dcm", "JPEG extended 12-bit"),
    ("SC_rgb_jpeg_dcmtk.dcm", "JPEG baseline YBR_FULL"),
    ("SC_rgb_dcmtk_+eb+cy+s2.dcm", "JPEG baseline YBR_FULL_422"),
    ("SC_jpeg_no_color_transform.dcm", "JPEG baseline RGB without colour transform"),
    ("examples_ybr_color.dcm", "JPEG baseline multi-frame YBR_FULL_422"),
]

SERIES_FOLDERS = [
    ("dicomdirtests/98892001/CT5N", "five CT slices, files in reverse order"),
    ("dicomdirtests/77654033/CT2", "four CT slices with a gap"),
]

# Folders whose scan must give this many volumes (split by series, orientation, matrix).
SCAN_FOLDERS = ["dicomdirtests/98892003/MR700", "dicomdirtests/98892003/MR2", "dicomdirtests/98892001/CT2N",
                "dicomdirtests/98892003/MR1", "dicomdirtests/77654033"]

NATIVE = {"1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.2", "1.2.840.10008.1.2.1.99"}


def datatype(ds, float_values):
    if float_values:
        return "float32"
    ba, spp = int(ds.BitsAllocated), int(ds.get("SamplesPerPixel", 1))
    if ba == 1:
        return "uint8"  # one bit a pixel, unpacked to a byte
    if spp == 3:
        return {8: "rgb24", 16: "rgb48", 32: "rgb96"}[ba]
    signed = int(ds.get("PixelRepresentation", 0)) == 1
    return ("int" if signed else "uint") + str(ba)


def frame_geometry(ds):
    """(row cosine, column cosine, normal, column spacing, row spacing) of a classic image."""
    iop = [float(v) for v in ds.get("ImageOrientationPatient", [1, 0, 0, 0, 1, 0])]
    row, col = np.array(iop[:3]), np.array(iop[3:6])
    spacing = ds.get("PixelSpacing") or ds.get("ImagerPixelSpacing") or [1, 1]
    return row, col, np.cross(row, col), float(spacing[1]), float(spacing[0])


def lps(ipp, row, col, dx, dy, i, j):
    return [float(v) for v in np.asarray(ipp, dtype=float) + i * dx * row + j * dy * col]


def summary(values, ipps, row, col, normal, dx, dy, dz, ds, float_values, path, extra=None):
    """values: (z, y, x) or (z, y, x, c) real-world values; ipps: position of each z."""
    depth, height, width = values.shape[:3]
    picks = sorted({(0, 0, 0), (width - 1, height - 1, depth - 1), (width // 2, height // 2, depth // 2),
                    (width // 3, height // 4, depth - 1), (width - 1, 0, depth // 2)})
    flat = values if values.ndim == 3 else values[..., 0]
    k, j, i = np.unravel_index(int(np.argmax(flat)), flat.shape)
    picks.append((int(i), int(j), int(k)))
    voxels = []
    for (i, j, k) in picks:
        v = values[k, j, i]
        voxels.append({"index": [i, j, k], "value": [float(x) for x in np.atleast_1d(v)]})
    positions = [{"index": [i, j, k], "lps": lps(ipps[k], row, col, dx, dy, i, j)} for (i, j, k) in picks]
    entry = {
        "path": path,
        "dimensions": [width, height, depth],
        "spacing": [dx, dy, dz],
        "datatype": datatype(ds, float_values),
        "photometric": str(ds.PhotometricInterpretation),
        "components": int(ds.get("SamplesPerPixel", 1)),
        "min": float(values.min()), "max": float(values.max()), "mean": float(values.astype(np.float64).mean()),
        "voxels": voxels,
        "positions": positions,
        "direction": [[float(row[r]), float(col[r]), float(normal[r])] for r in range(3)],
    }
    if extra:
        entry.update(extra)
    return entry


def single(rel, note):
    path = os.path.join(sample, rel) if not os.path.isabs(rel) else rel
    ds = pydicom.dcmread(path)
    ts = str(ds.file_meta.TransferSyntaxUID)
    arr = ds.pixel_array
    frames = int(ds.get("NumberOfFrames", 1) or 1)
    spp = int(ds.get("SamplesPerPixel", 1))
    if frames == 1:
        arr = arr[np.newaxis]
    if spp == 1 and str(ds.PhotometricInterpretation) != "PALETTE COLOR":
        values = apply_modality_lut(arr, ds).astype(np.float64)
    else:
        values = arr.astype(np.float64)
    row, col, normal, dx, dy = frame_geometry(ds)
    ipp = np.array([float(v) for v in ds.get("ImagePositionPatient", [0, 0, 0])])
    offsets = [float(v) for v in ds.get("GridFrameOffsetVector", [])]
    step = float(ds.get("SpacingBetweenSlices", ds.get("SliceThickness", 1)) or 1)
    groups = ds.get("SharedFunctionalGroupsSequence")
    if groups and frames == 1:
        # Enhanced single frame (a segmentation): geometry from the functional groups.
        frame = ds.PerFrameFunctionalGroupsSequence[0]
        def group(name):
            return (frame.get(name) or groups[0].get(name) or [None])[0]
        iop = [float(v) for v in group("PlaneOrientationSequence").ImageOrientationPatient]
        row, col = np.array(iop[:3]), np.array(iop[3:])
        normal = np.cross(row, col)
        measures = group("PixelMeasuresSequence")
        dx, dy = float(measures.PixelSpacing[1]), float(measures.PixelSpacing[0])
        if "SpacingBetweenSlices" not in ds and "SliceThickness" not in ds:
            step = float(measures.get("SpacingBetweenSlices", measures.get("SliceThickness", 1)))
        ipp = np.array([float(v) for v in group("PlanePositionSequence").ImagePositionPatient])
    if len(offsets) != frames:
        offsets = [n * step for n in range(frames)]
    order = np.argsort(offsets, kind="stable")
    values = values[order]
    ipps = [ipp + offsets[n] * normal for n in order]
    dz = (offsets[order[-1]] - offsets[order[0]]) / (frames - 1) if frames > 1 else step
    return summary(values, ipps, row, col, normal, dx, dy, dz, ds, False, rel,
                   {"transferSyntax": ts, "compressed": ts not in NATIVE, "note": note, "kind": "file"})


def series(rel, note, datasets=None):
    folder = os.path.join(sample, rel) if not os.path.isabs(rel) else rel
    if datasets is None:
        datasets = [pydicom.dcmread(os.path.join(folder, f)) for f in sorted(os.listdir(folder))]
    row, col, normal, dx, dy = frame_geometry(datasets[0])
    datasets.sort(key=lambda d: float(np.dot([float(v) for v in d.ImagePositionPatient], normal)))
    keys = [float(np.dot([float(v) for v in d.ImagePositionPatient], normal)) for d in datasets]
    slopes = {(float(d.get("RescaleSlope", 1)), float(d.get("RescaleIntercept", 0))) for d in datasets}
    values = np.stack([apply_modality_lut(d.pixel_array, d).astype(np.float64) for d in datasets])
    dz = (keys[-1] - keys[0]) / (len(keys) - 1)
    steps = np.diff(keys)
    ipps = [np.array([float(v) for v in d.ImagePositionPatient]) for d in datasets]
    return summary(values, ipps, row, col, normal, dx, dy, dz, datasets[0], len(slopes) > 1, rel,
                   {"transferSyntax": str(datasets[0].file_meta.TransferSyntaxUID), "compressed": False,
                    "note": note, "kind": "series", "seriesInstanceUID": str(datasets[0].SeriesInstanceUID),
                    "hasGap": bool(steps.max() > 1.5 * np.median(steps))})


def scan_count(rel):
    folder = os.path.join(sample, rel)
    keys = set()
    for dirpath, _, names in os.walk(folder):
        for name in names:
            if name.upper() == "DICOMDIR":
                continue
            d = pydicom.dcmread(os.path.join(dirpath, name))
            if "PixelData" not in d:
                continue
            iop = ",".join("%.4f" % float(v) for v in d.get("ImageOrientationPatient", []))
            keys.add((str(d.SeriesInstanceUID), iop, int(d.Rows), int(d.Columns)))
    return {"path": rel, "volumes": len(keys)}


# ---- files written here with pydicom -------------------------------------------------------

def base_dataset(sop_class, rows, cols, modality):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = sop_class
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.SOPClassUID = sop_class
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.Modality = modality
    ds.PatientName = "Test^Synthetic"
    ds.PatientID = "SYN-1"
    ds.StudyInstanceUID = "2.25.1001"
    ds.SeriesInstanceUID = "2.25.1002." + modality
    ds.FrameOfReferenceUID = "2.25.1003"
    ds.Rows, ds.Columns = rows, cols
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit = 16, 16, 15
    ds.PixelRepresentation = 1
    return ds


def write_generated():
    os.makedirs(generated, exist_ok=True)
    rng = np.random.default_rng(7)
    entries = []

    # A series of oblique slices written in shuffled order, each with its own rescale.
    folder = os.path.join(generated, "rescale_series")
    os.makedirs(folder, exist_ok=True)
    row = np.array([0.866025, 0.5, 0.0]); col = np.array([0.0, 0.0, -1.0])
    normal = np.cross(row, col)
    written = []
    for n, k in enumerate([3, 0, 4, 1, 2]):
        ds = base_dataset("1.2.840.10008.5.1.4.1.1.2", 12, 10, "CT")
        ds.SeriesInstanceUID = "2.25.2001"
        ds.ImageOrientationPatient = [float(v) for v in np.concatenate([row, col])]
        ds.ImagePositionPatient = [float(v) for v in np.array([-20.0, 15.0, 40.0]) + k * 1.5 * normal]
        ds.PixelSpacing = [0.8, 0.6]
        ds.InstanceNumber = k + 1
        ds.RescaleSlope = 1 + 0.5 * k
        ds.RescaleIntercept = -1024 + 10 * k
        pixels = rng.integers(-200, 3000, size=(12, 10), dtype=np.int16)
        ds.PixelData = pixels.tobytes()
        path = os.path.join(folder, "slice%d.dcm" % n)
        ds.save_as(path, enforce_file_format=True)
        written.append(pydicom.dcmread(path))
    entries.append(series(folder, "per-slice rescale, oblique, shuffled files", written))
    entries[-1]["path"] = os.path.relpath(folder, root)

    # 12 of 16 bits stored, signed, with junk in the unused high bits.
    ds = base_dataset("1.2.840.10008.5.1.4.1.1.4", 8, 9, "MR")
    ds.BitsStored, ds.HighBit = 12, 11
    stored = rng.integers(-2048, 2048, size=(8, 9), dtype=np.int16)
    junk = (stored.view(np.uint16) & 0x0FFF) | (rng.integers(0, 16, size=(8, 9), dtype=np.uint16) << 12)
    ds.PixelData = junk.astype(np.uint16).tobytes()
    ds.ImagePositionPatient = [1.0, 2.0, 3.0]
    ds.ImageOrientationPatient = [1.0, 0, 0, 0, 1.0, 0]
    ds.PixelSpacing = [0.5, 0.25]
    path = os.path.join(generated, "bits12_signed.dcm")
    ds.save_as(path, enforce_file_format=True)
    entries.append(single(path, "12 bits stored of 16, signed, junk high bits"))
    entries[-1]["path"] = os.path.relpath(path, root)

    # The same image without the 128-byte preamble ("DICM" at byte 0), and as a bare Implicit
    # VR Little Endian dataset with no file meta group at all (old archives).
    with open(os.path.join(sample, "MR_small.dcm"), "rb") as f:
        part10 = f.read()
    path = os.path.join(generated, "no_preamble.dcm")
    with open(path, "wb") as f:
        f.write(part10[128:])
    # pydicom reads these only with force=True and a transfer syntax; the pixels are those of the originals.
    entries.append(single(os.path.join(sample, "MR_small.dcm"), "Part 10 without the preamble"))
    entries[-1]["path"] = os.path.relpath(path, root)
    ds = pydicom.dcmread(os.path.join(sample, "MR_small_implicit.dcm"))
    path = os.path.join(generated, "bare_implicit.dcm")
    ds.file_meta = FileMetaDataset()
    ds.preamble = None
    ds.save_as(path, enforce_file_format=False, implicit_vr=True, little_endian=True)
    with open(path, "rb") as f:
        assert f.read(4) != b"DICM" and f.read(1)
    bare = single(os.path.join(sample, "MR_small_implicit.dcm"), "bare dataset, no file meta")
    bare["path"] = os.path.relpath(path, root)
    entries.append(bare)

    # Sample types the pydicom samples lack: signed 8 and 32 bit, 32-bit float pixel data,
    # uncompressed YBR_FULL (written from an RGB sample with pydicom's own conversion).
    for name, ba, signed, dtype in [("int8", 8, 1, np.int8), ("int32", 32, 1, np.int32)]:
        ds = base_dataset("1.2.840.10008.5.1.4.1.1.7", 5, 6, "OT")
        ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = ba, ba, ba - 1, signed
        info = np.iinfo(dtype)
        ds.PixelData = rng.integers(info.min, info.max, size=(5, 6), dtype=dtype, endpoint=True).tobytes()
        ds.RescaleSlope, ds.RescaleIntercept = 2, -3
        path = os.path.join(generated, name + ".dcm")
        ds.save_as(path, enforce_file_format=True)
        entries.append(single(path, "signed %d-bit with rescale" % ba))
        entries[-1]["path"] = os.path.relpath(path, root)

    ds = base_dataset("1.2.840.10008.5.1.4.1.1.30", 4, 5, "MR")  # Parametric Map
    del ds.PixelRepresentation
    ds.BitsAllocated = 32
    del ds.BitsStored, ds.HighBit
    ds.FloatPixelData = (rng.standard_normal((4, 5)) * 1000).astype(np.float32).tobytes()
    path = os.path.join(generated, "float32.dcm")
    ds.save_as(path, enforce_file_format=True)
    d = pydicom.dcmread(path)
    values = d.pixel_array.astype(np.float64)[np.newaxis]
    entries.append(summary(values, [np.zeros(3)], np.array([1.0, 0, 0]), np.array([0, 1.0, 0]), np.array([0, 0, 1.0]),
                           1.0, 1.0, 1.0, d, False, os.path.relpath(path, root),
                           {"transferSyntax": ExplicitVRLittleEndian, "compressed": False, "kind": "file",
                            "note": "Float Pixel Data"}))
    entries[-1]["datatype"] = "float32"

    ds = base_dataset("1.2.840.10008.5.1.4.1.1.30", 3, 5, "MR")
    del ds.PixelRepresentation, ds.BitsStored, ds.HighBit
    ds.BitsAllocated = 64
    ds.DoubleFloatPixelData = (rng.standard_normal((3, 5)) * 1e6).astype(np.float64).tobytes()
    path = os.path.join(generated, "float64.dcm")
    ds.save_as(path, enforce_file_format=True)
    d = pydicom.dcmread(path)
    values = d.pixel_array.astype(np.float64)[np.newaxis]
    entries.append(summary(values, [np.zeros(3)], np.array([1.0, 0, 0]), np.array([0, 1.0, 0]), np.array([0, 0, 1.0]),
                           1.0, 1.0, 1.0, d, False, os.path.relpath(path, root),
                           {"transferSyntax": ExplicitVRLittleEndian, "compressed": False, "kind": "file",
                            "note": "Double Float Pixel Data"}))
    entries[-1]["datatype"] = "float64"

    # 16-bit RGB stored plane by plane (RR…GG…BB…), from pydicom's decoding of an RLE sample.
    src = pydicom.dcmread(os.path.join(sample, "SC_rgb_rle_16bit.dcm"))
    arr = src.pixel_array
    src.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    src.PlanarConfiguration = 1
    src.PixelData = np.ascontiguousarray(arr.transpose(2, 0, 1)).astype("<u2").tobytes()
    path = os.path.join(generated, "rgb48_planar.dcm")
    src.save_as(path, enforce_file_format=True)
    entries.append(single(path, "16-bit RGB, planar configuration 1"))
    entries[-1]["path"] = os.path.relpath(path, root)

    from pydicom.pixels import convert_color_space
    rgb = pydicom.dcmread(os.path.join(sample, "SC_rgb_small_odd.dcm"))
    ybr = convert_color_space(rgb.pixel_array, "RGB", "YBR_FULL")
    rgb.PhotometricInterpretation = "YBR_FULL"
    rgb.PixelData = ybr.tobytes() + b"\0"
    path = os.path.join(generated, "ybr_full.dcm")
    rgb.save_as(path, enforce_file_format=True)
    entries.append(single(path, "uncompressed YBR_FULL to RGB"))
    entries[-1]["path"] = os.path.relpath(path, root)

    # Real World Value Mapping and no modality rescale: the mapping's slope/intercept apply.
    ds = base_dataset("1.2.840.10008.5.1.4.1.1.4", 3, 4, "MR")
    ds.PixelRepresentation = 0
    mapping = Dataset()
    mapping.RealWorldValueSlope, mapping.RealWorldValueIntercept = 0.25, 10.0
    mapping.RealWorldValueFirstValueMapped, mapping.RealWorldValueLastValueMapped = 0, 4095
    mapping.LUTExplanation = "ADC x 10^-6 mm2/s"
    ds.RealWorldValueMappingSequence = Sequence([mapping])
    ds.PixelData = rng.integers(0, 4096, size=(3, 4), dtype=np.uint16).tobytes()
    path = os.path.join(generated, "real_world_mapping.dcm")
    ds.save_as(path, enforce_file_format=True)
    d = pydicom.dcmread(path)
    m = d.RealWorldValueMappingSequence[0]
    values = (d.pixel_array.astype(np.float64) * float(m.RealWorldValueSlope) + float(m.RealWorldValueIntercept))[np.newaxis]
    entries.append(summary(values, [np.zeros(3)], np.array([1.0, 0, 0]), np.array([0, 1.0, 0]), np.array([0, 0, 1.0]),
                           1.0, 1.0, 1.0, d, False, os.path.relpath(path, root),
                           {"transferSyntax": ExplicitVRLittleEndian, "compressed": False, "kind": "file",
                            "note": "Real World Value Mapping without Rescale Slope"}))

    # Enhanced MR with a temporal dimension: 3 positions × 2 temporal positions, frames shuffled.
    ds = base_dataset("1.2.840.10008.5.1.4.1.1.4.1", 4, 3, "MR")
    ds.SeriesInstanceUID = "2.25.4001"
    shared = Dataset()
    measures = Dataset(); measures.PixelSpacing = [1.5, 1.25]; measures.SliceThickness = 3.0
    orientation = Dataset(); orientation.ImageOrientationPatient = [0, 1.0, 0, 0, 0, -1.0]  # sagittal
    shared.PixelMeasuresSequence = Sequence([measures])
    shared.PlaneOrientationSequence = Sequence([orientation])
    ds.SharedFunctionalGroupsSequence = Sequence([shared])
    layout = [(1, 2), (0, 1), (2, 1), (1, 1), (0, 2), (2, 2)]  # (position, temporal index)
    ds.NumberOfFrames = len(layout)
    per_frame, frames = [], []
    for (k, t) in layout:
        item = Dataset()
        position = Dataset(); position.ImagePositionPatient = [12.0 - 3.0 * k, -40.0, 60.0]
        content = Dataset(); content.TemporalPositionIndex = t
        item.PlanePositionSequence = Sequence([position])
        item.FrameContentSequence = Sequence([content])
        per_frame.append(item)
        frames.append(rng.integers(0, 4000, size=(4, 3), dtype=np.int16))
    ds.PerFrameFunctionalGroupsSequence = Sequence(per_frame)
    ds.PixelData = np.stack(frames).tobytes()
    path = os.path.join(generated, "enhanced_mr_4d.dcm")
    ds.save_as(path, enforce_file_format=True)
    d = pydicom.dcmread(path)
    raw = d.pixel_array.astype(np.float64)
    normal = np.cross([0, 1.0, 0], [0, 0, -1.0])
    ipp = lambda f: np.array([float(v) for v in f.PlanePositionSequence[0].ImagePositionPatient])
    key = lambda n: (float(np.dot(ipp(d.PerFrameFunctionalGroupsSequence[n]), normal)),
                     int(d.PerFrameFunctionalGroupsSequence[n].FrameContentSequence[0].TemporalPositionIndex))
    order = sorted(range(len(layout)), key=key)
    depth, times = 3, 2
    grid = [[order[k * times + t] for k in range(depth)] for t in range(times)]
    voxels = []
    for (i, j, k, t) in [(0, 0, 0, 0), (2, 3, 2, 1), (1, 2, 1, 1), (2, 0, 0, 1)]:
        voxels.append({"index": [i, j, k, t], "value": [float(raw[grid[t][k], j, i])]})
    positions = [{"index": [i, j, k], "lps": lps(ipp(d.PerFrameFunctionalGroupsSequence[grid[0][k]]),
                                                   np.array([0, 1.0, 0]), np.array([0, 0, -1.0]), 1.25, 1.5, i, j)}
                 for (i, j, k) in [(0, 0, 0), (2, 3, 2), (1, 1, 1)]]
    entries.append({"path": os.path.relpath(path, root), "kind": "file", "note": "enhanced MR, 3 positions × 2 times",
                    "transferSyntax": ExplicitVRLittleEndian, "compressed": False,
                    "dimensions": [3, 4, 3, 2], "spacing": [1.25, 1.5, 3.0], "datatype": "int16",
                    "photometric": "MONOCHROME2", "components": 1,
                    "min": float(raw.min()), "max": float(raw.max()), "mean": float(raw.mean()),
                    "voxels": voxels, "positions": positions,
                    "direction": [[0.0, 0.0, float(normal[0])], [1.0, 0.0, float(normal[1])], [0.0, -1.0, float(normal[2])]]})

    # Enhanced CT: frames stored out of spatial order, per-frame rescale in functional groups.
    ds = base_dataset("1.2.840.10008.5.1.4.1.1.2.1", 6, 7, "CT")
    ds.SeriesInstanceUID = "2.25.3001"
    frame_order = [2, 0, 3, 1]
    ds.NumberOfFrames = len(frame_order)
    shared = Dataset()
    measures = Dataset(); measures.PixelSpacing = [0.7, 0.9]; measures.SliceThickness = 2.0
    orientation = Dataset(); orientation.ImageOrientationPatient = [1.0, 0, 0, 0, 1.0, 0]
    shared.PixelMeasuresSequence = Sequence([measures])
    shared.PlaneOrientationSequence = Sequence([orientation])
    ds.SharedFunctionalGroupsSequence = Sequence([shared])
    per_frame = []
    frames = []
    for k in frame_order:
        item = Dataset()
        position = Dataset(); position.ImagePositionPatient = [-10.0, -20.0, 30.0 + 2.0 * k]
        transform = Dataset(); transform.RescaleSlope = 1.0; transform.RescaleIntercept = -1000.0 + k
        transform.RescaleType = "HU"
        item.PlanePositionSequence = Sequence([position])
        item.PixelValueTransformationSequence = Sequence([transform])
        per_frame.append(item)
        frames.append(rng.integers(0, 2000, size=(6, 7), dtype=np.int16))
    ds.PerFrameFunctionalGroupsSequence = Sequence(per_frame)
    ds.PixelData = np.stack(frames).tobytes()
    path = os.path.join(generated, "enhanced_ct.dcm")
    ds.save_as(path, enforce_file_format=True)
    d = pydicom.dcmread(path)
    raw = d.pixel_array.astype(np.float64)
    keys = [float(f.PlanePositionSequence[0].ImagePositionPatient[2]) for f in d.PerFrameFunctionalGroupsSequence]
    order = np.argsort(keys, kind="stable")
    values = np.stack([raw[n] * float(d.PerFrameFunctionalGroupsSequence[n].PixelValueTransformationSequence[0].RescaleSlope)
                       + float(d.PerFrameFunctionalGroupsSequence[n].PixelValueTransformationSequence[0].RescaleIntercept)
                       for n in order])
    ipps = [np.array([float(v) for v in d.PerFrameFunctionalGroupsSequence[n].PlanePositionSequence[0].ImagePositionPatient])
            for n in order]
    entry = summary(values, ipps, np.array([1.0, 0, 0]), np.array([0, 1.0, 0]), np.array([0, 0, 1.0]),
                    0.9, 0.7, 2.0, d, True, os.path.relpath(path, root),
                    {"transferSyntax": ExplicitVRLittleEndian, "compressed": False, "kind": "file",
                     "note": "enhanced CT, frames out of order, per-frame rescale"})
    entries.append(entry)
    return entries


def main():
    out = {"files": [], "scans": []}
    for rel, note in SINGLE_FILES:
        try:
            out["files"].append(single(rel, note))
        except Exception as error:  # pydicom itself cannot decode it here: leave it out, say so
            print(f"dicom.py: skipping {rel}: {error}", file=sys.stderr)
    for rel, note in SERIES_FOLDERS:
        out["files"].append(series(rel, note))
    out["files"] += write_generated()
    out["scans"] = [scan_count(rel) for rel in SCAN_FOLDERS]
    os.makedirs(os.path.join(root, "expected"), exist_ok=True)
    with open(os.path.join(root, "expected", "dicom.json"), "w") as f:
        json.dump(out, f, indent=1)
    print(f"dicom.py: {len(out['files'])} files, {len(out['scans'])} scans", file=sys.stderr)


main()
