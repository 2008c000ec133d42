#!/usr/bin/env python3
"""Writes .fixtures/expected/dicom_seg.json and the DICOM Segmentation fixtures under
.fixtures/generated/seg/: pydicom-data's liver.dcm (BINARY, 3 frames), a small oblique CT series
written with pydicom, and segmentations of it written by highdicom (BINARY native with three
segments, one with a gap, frames in shuffled order; BINARY JPEG 2000; FRACTIONAL RLE), plus
damaged copies. Expected label maps are computed with numpy from the masks handed to highdicom
(never from what slicemark writes), in the series' i, j, k order: k along the normal
(row cosine x column cosine), i along a row, j down a column. The highest segment number wins
where segments overlap. Colours are what highdicom's CIELabColor.to_rgb(clip=True) gives.

Label maps are written as runs over the flat array (i fastest, then j, then k):
[start, length, value] for each run of one non-zero value.

Usage: python scripts/expected/dicom_seg.py FIXTURE_ROOT
"""
import json
import os
import shutil
import sys
import warnings

import highdicom as hd
import numpy as np
import pydicom
from pydicom.data import get_testdata_file
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sr.codedict import codes
from pydicom.encaps import encapsulate
from pydicom.uid import (DeflatedExplicitVRLittleEndian, ExplicitVRLittleEndian, JPEG2000Lossless,
                          RLELossless, generate_uid)

warnings.filterwarnings("ignore")
# GDCM's RLE encoder aborts on frames of odd width; pydicom's own encoder does not.
from pydicom.pixels.encoders import RLELosslessEncoder
for plugin in ("gdcm", "pylibjpeg"):
    if plugin in RLELosslessEncoder.available_plugins:
        RLELosslessEncoder.remove_plugin(plugin)
root = os.path.abspath(sys.argv[1])
out = os.path.join(root, "generated", "seg")
shutil.rmtree(out, ignore_errors=True)
os.makedirs(out)


def rel(path):
    return os.path.relpath(path, root)


def runs(labels):
    """[start, length, value] runs of non-zero values of a (k, j, i) array, flattened i fastest."""
    flat = np.ascontiguousarray(labels).reshape(-1).astype(np.int64)
    result = []
    n = 0
    nz = np.flatnonzero(flat)
    if nz.size == 0:
        return result
    # Split where the index jumps or the value changes.
    breaks = np.flatnonzero((np.diff(nz) != 1) | (np.diff(flat[nz]) != 0)) + 1
    for chunk in np.split(nz, breaks):
        result.append([int(chunk[0]), int(chunk.size), int(flat[chunk[0]])])
        n += chunk.size
    return result


def counts(labels):
    values, numbers = np.unique(labels[labels != 0], return_counts=True)
    return {str(int(v)): int(c) for v, c in zip(values, numbers)}


def grid(labels, origin, spacing, direction):
    k, j, i = labels.shape
    return {
        "dimensions": [int(i), int(j), int(k)],
        "origin": [float(x) for x in origin],
        "spacing": [float(x) for x in spacing],
        # Columns of the direction matrix: row cosine, column cosine, normal.
        "direction": [[float(x) for x in c] for c in direction],
        "counts": counts(labels),
        "runs": runs(labels),
    }


def segments_of(ds):
    result = []
    for item in ds.SegmentSequence:
        entry = {"number": int(item.SegmentNumber), "label": str(item.SegmentLabel),
                 "algorithmType": str(item.SegmentAlgorithmType)}
        if "RecommendedDisplayCIELabValue" in item:
            value = [int(v) for v in item.RecommendedDisplayCIELabValue]
            entry["cielab"] = value
            entry["rgb"] = [int(round(c)) for c in hd.color.CIELabColor.from_dicom_value(value).to_rgb(clip=True)]
        result.append(entry)
    return result


expected = {"liver": None, "colors": [], "series": [], "segmentations": [], "bad": []}

# --- liver.dcm: BINARY, 512 x 512 x 3, its CT not available: its own grid, from pydicom. ---
liver = os.path.join(out, "liver.dcm")
shutil.copy(get_testdata_file("liver.dcm"), liver)
ds = pydicom.dcmread(liver)
frames = ds.pixel_array.reshape(int(ds.NumberOfFrames), ds.Rows, ds.Columns)
iop = np.array(ds.SharedFunctionalGroupsSequence[0].PlaneOrientationSequence[0].ImageOrientationPatient, float)
row, col = iop[:3], iop[3:]
normal = np.cross(row, col)
ps = [float(v) for v in ds.SharedFunctionalGroupsSequence[0].PixelMeasuresSequence[0].PixelSpacing]
positions = [np.array(f.PlanePositionSequence[0].ImagePositionPatient, float) for f in ds.PerFrameFunctionalGroupsSequence]
numbers = [int(f.SegmentIdentificationSequence[0].ReferencedSegmentNumber) for f in ds.PerFrameFunctionalGroupsSequence]
d = np.array([p @ normal for p in positions])
distinct = np.unique(np.round(d, 4))
step = float(np.min(np.diff(distinct)))
labels = np.zeros((len(distinct), ds.Rows, ds.Columns), np.uint16)
for n in np.argsort(numbers, kind="stable"):
    k = int(round((d[n] - distinct[0]) / step))
    labels[k][frames[n] != 0] = numbers[n]
origin = positions[int(np.argmin(d))]
expected["liver"] = {
    "path": rel(liver), "type": str(ds.SegmentationType), "rows": ds.Rows, "columns": ds.Columns,
    "referencedSeries": [str(s.SeriesInstanceUID) for s in ds.ReferencedSeriesSequence],
    "frames": [{"segment": numbers[n], "position": [float(x) for x in positions[n]],
                "pixels": int(np.count_nonzero(frames[n]))} for n in range(len(numbers))],
    "segments": segments_of(ds),
    "ownGrid": grid(labels, origin, [ps[1], ps[0], step], [row, col, normal]),
}

# --- CIELab -> sRGB as highdicom converts it, over a spread of stored values (some out of gamut). ---
rng = np.random.default_rng(13)
values = [[0, 32896, 32896], [65535, 32896, 32896], [41661, 41167, 40792], [0xFFFF, 0, 0xFFFF], [0, 0, 0]]
values += rng.integers(0, 65536, size=(40, 3)).tolist()
for rgb in [(255, 0, 0), (0, 255, 0), (0, 0, 255), (128, 174, 128), (241, 214, 145), (216, 101, 79)]:
    values.append(list(hd.color.CIELabColor.from_rgb(*rgb).value))
for v in values:
    c = hd.color.CIELabColor.from_dicom_value([int(x) for x in v])
    expected["colors"].append({"value": [int(x) for x in v], "rgb": [int(round(x)) for x in c.to_rgb(clip=True)]})

# --- A small oblique CT series (pydicom), 63 x 45 x 12: 2835 pixels a frame, not a multiple
# of 8, so packed binary frames do not start on byte boundaries. ---
COLS, ROWS, SLICES = 63, 45, 12
PIXEL = 0.7
SLICE = 2.5
angle = np.deg2rad(20)
ct_row = np.array([np.cos(angle), np.sin(angle), 0.0])
ct_col = np.array([0.0, np.sin(np.deg2rad(10)), -np.cos(np.deg2rad(10))])
ct_col = ct_col - (ct_col @ ct_row) * ct_row
ct_col /= np.linalg.norm(ct_col)
ct_normal = np.cross(ct_row, ct_col)
ct_origin = np.array([-20.0, 35.5, 110.25])
study_uid, series_uid, frame_uid = generate_uid(), generate_uid(), generate_uid()
ct_dir = os.path.join(out, "ct_oblique")
os.makedirs(ct_dir)
ct_images = []
for k in range(SLICES):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.2"
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ct = Dataset()
    ct.file_meta = meta
    ct.SOPClassUID = meta.MediaStorageSOPClassUID
    ct.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ct.StudyInstanceUID, ct.SeriesInstanceUID, ct.FrameOfReferenceUID = study_uid, series_uid, frame_uid
    ct.PatientName, ct.PatientID, ct.PatientBirthDate, ct.PatientSex = "Phantom^Seg", "SEG001", "19700101", "O"
    ct.AccessionNumber, ct.StudyID, ct.StudyDate, ct.StudyTime = "A1", "1", "20260101", "120000"
    ct.ReferringPhysicianName = ""
    ct.Modality, ct.SeriesNumber, ct.InstanceNumber = "CT", 3, k + 1
    ct.Manufacturer = "slicemark fixtures"
    ct.ImageType = ["ORIGINAL", "PRIMARY", "AXIAL"]
    ct.ImagePositionPatient = [f"{x:.4f}" for x in ct_origin + k * SLICE * ct_normal]
    ct.ImageOrientationPatient = [f"{x:.6f}" for x in list(ct_row) + list(ct_col)]
    ct.PixelSpacing = [PIXEL, PIXEL]
    ct.SliceThickness = SLICE
    ct.SpacingBetweenSlices = SLICE
    ct.Rows, ct.Columns = ROWS, COLS
    ct.SamplesPerPixel, ct.PhotometricInterpretation = 1, "MONOCHROME2"
    ct.BitsAllocated, ct.BitsStored, ct.HighBit, ct.PixelRepresentation = 16, 16, 15, 1
    ct.RescaleSlope, ct.RescaleIntercept = 1, 0
    jj, ii = np.mgrid[0:ROWS, 0:COLS]
    ct.PixelData = ((ii * 7 + jj * 3 + k * 11) % 200 - 100).astype(np.int16).tobytes()
    name = os.path.join(ct_dir, f"ct_{k:02d}.dcm")
    ct.save_as(name, enforce_file_format=True)
    ct_images.append(pydicom.dcmread(name))
expected["series"].append({"folder": rel(ct_dir), "seriesInstanceUID": series_uid,
                           "dimensions": [COLS, ROWS, SLICES]})

# Masks on the series' grid, (k, j, i).
kk, jj, ii = np.mgrid[0:SLICES, 0:ROWS, 0:COLS]
box = (ii >= 5) & (ii < 30) & (jj >= 4) & (jj < 20) & (kk >= 2) & (kk < 9)
ball = ((ii - 40) ** 2 + (jj - 25) ** 2 + ((kk - 6) * 3) ** 2 <= 14 ** 2) & (kk != 5)  # gap at slice 5
bar = (ii >= 22) & (ii < 47) & (jj >= 15) & (jj < 19) & (kk >= 4) & (kk < 10)  # overlaps both
masks = [box, ball, bar]
colours = [(216, 101, 79), (128, 174, 128), (241, 214, 145)]
names = ["Liver", "Tumour", "Vessel"]
types = [codes.SCT.Liver, codes.SCT.Neoplasm, codes.SCT.BloodVessel]


def describe(n):
    return hd.seg.SegmentDescription(
        segment_number=n + 1, segment_label=names[n],
        segmented_property_category=codes.SCT.Tissue, segmented_property_type=types[n],
        algorithm_type=hd.seg.SegmentAlgorithmTypeValues.MANUAL,
        display_color=hd.color.CIELabColor.from_rgb(*colours[n]))


def on_series(label_masks):
    labels = np.zeros((SLICES, ROWS, COLS), np.uint16)
    for n, m in enumerate(label_masks):
        labels[m] = n + 1
    overlap = int(np.count_nonzero(np.sum(np.stack(label_masks).astype(int), axis=0) >= 2))
    return labels, overlap


def frame_slices(written):
    """The series slice of each frame of a written segmentation, from its position (pydicom)."""
    return [int(round(((np.array(i.PlanePositionSequence[0].ImagePositionPatient, float) - ct_origin) @ ct_normal) / SLICE))
            for i in written.PerFrameFunctionalGroupsSequence]


def own_grid(labels, written):
    """The segmentation's own grid: from the first to the last slice it has a frame of, at the
    series' spacing (highdicom states Spacing Between Slices and leaves empty frames out)."""
    used = frame_slices(written)
    lo, hi = min(used), max(used)
    return grid(labels[lo:hi + 1], ct_origin + lo * SLICE * ct_normal, [PIXEL, PIXEL, SLICE],
                [ct_row, ct_col, ct_normal])


# Source images handed to highdicom in a shuffled order, with the masks shuffled alike.
order = [7, 2, 11, 0, 5, 9, 1, 4, 10, 3, 8, 6]
shuffled = [ct_images[k] for k in order]


def write_seg(name, segmentation_type, pixel_array, described, syntax, folder=ct_dir, **kwargs):
    seg = hd.seg.Segmentation(
        source_images=shuffled, pixel_array=pixel_array, segmentation_type=segmentation_type,
        segment_descriptions=described, series_instance_uid=generate_uid(), series_number=100,
        sop_instance_uid=generate_uid(), instance_number=1, manufacturer="slicemark fixtures",
        manufacturer_model_name="dicom_seg.py", software_versions=hd.__version__, device_serial_number="1",
        transfer_syntax_uid=syntax, **kwargs)
    path = os.path.join(folder, name)
    seg.save_as(path)
    return path


binary_array = np.stack([m[order] for m in masks], axis=-1).astype(np.uint8)
binary_labels, binary_overlap = on_series(masks)
for name, syntax in [("seg_binary.dcm", ExplicitVRLittleEndian), ("seg_binary_j2k.dcm", JPEG2000Lossless)]:
    path = write_seg(name, "BINARY", binary_array, [describe(n) for n in range(3)], syntax)
    written = pydicom.dcmread(path)
    # What pydicom decodes from highdicom's file must be what we handed it.
    decoded = written.pixel_array.reshape(int(written.NumberOfFrames), ROWS, COLS)
    for f, item in enumerate(written.PerFrameFunctionalGroupsSequence):
        n = int(item.SegmentIdentificationSequence[0].ReferencedSegmentNumber)
        p = np.array(item.PlanePositionSequence[0].ImagePositionPatient, float)
        k = int(round(((p - ct_origin) @ ct_normal) / SLICE))
        assert np.array_equal(decoded[f] != 0, masks[n - 1][k]), (name, f)
    first = frame_slices(written)
    expected["segmentations"].append({
        "path": rel(path), "type": "BINARY", "transferSyntax": str(written.file_meta.TransferSyntaxUID),
        "frames": int(written.NumberOfFrames), "frameSlices": first,
        "referencedSeries": [str(s.SeriesInstanceUID) for s in written.ReferencedSeriesSequence],
        "segments": segments_of(written),
        "onSeries": {"counts": counts(binary_labels), "overlapping": binary_overlap, "runs": runs(binary_labels)},
        "ownGrid": own_grid(binary_labels, written),
    })

# The same three segments as a Label Map Segmentation (SOP Class ...66.7): one frame a plane,
# the pixel value the segment number (the highest where the masks overlap, as numpy has it).
path = write_seg("seg_labelmap.dcm", "LABELMAP", binary_labels[order].astype(np.uint8),
                 [describe(n) for n in range(3)], ExplicitVRLittleEndian)
written = pydicom.dcmread(path)
assert written.SOPClassUID == "1.2.840.10008.5.1.4.1.1.66.7"
decoded = written.pixel_array.reshape(int(written.NumberOfFrames), ROWS, COLS)
for f, k in enumerate(frame_slices(written)):
    assert np.array_equal(decoded[f], binary_labels[k]), ("labelmap", f)
expected["segmentations"].append({
    "path": rel(path), "type": "LABELMAP", "transferSyntax": str(written.file_meta.TransferSyntaxUID),
    "frames": int(written.NumberOfFrames), "frameSlices": frame_slices(written),
    "referencedSeries": [str(s.SeriesInstanceUID) for s in written.ReferencedSeriesSequence],
    # highdicom describes segment 0 (the background) too; it is no label.
    "segments": [e for e in segments_of(written) if e["number"] != 0],
    "onSeries": {"counts": counts(binary_labels), "overlapping": 0, "runs": runs(binary_labels)},
    "ownGrid": own_grid(binary_labels, written),
})

# The native binary segmentation again, its dataset deflated (Deflated Explicit VR Little Endian).
ds = pydicom.dcmread(os.path.join(ct_dir, "seg_binary.dcm"))
ds.file_meta.TransferSyntaxUID = DeflatedExplicitVRLittleEndian
deflated = os.path.join(ct_dir, "seg_binary_deflated.dcm")
ds.save_as(deflated)
assert np.array_equal(pydicom.dcmread(deflated).pixel_array, ds.pixel_array)
entry = dict(expected["segmentations"][0])
entry["path"] = rel(deflated)
entry["transferSyntax"] = str(DeflatedExplicitVRLittleEndian)
expected["segmentations"].append(entry)

# And without plane positions: each frame is placed by its source image (Derivation Image
# Sequence → Source Image Sequence) on the series; alone it has no grid.
ds = pydicom.dcmread(os.path.join(ct_dir, "seg_binary.dcm"))
for item in ds.PerFrameFunctionalGroupsSequence:
    del item.PlanePositionSequence
    assert len(item.DerivationImageSequence[0].SourceImageSequence) == 1
unplaced = os.path.join(out, "seg_binary_no_positions.dcm")
ds.save_as(unplaced)
expected["noPositions"] = {"path": rel(unplaced), "like": expected["segmentations"][0]["path"]}

# FRACTIONAL (RLE): probabilities away from 0.5 except a plane of exactly 0.5, which is in.
radius = np.sqrt((ii - 30) ** 2 + (jj - 22) ** 2)
prob_a = np.clip(1.2 - radius / 15, 0, 1) * ((kk >= 3) & (kk < 8))
prob_a = np.round(prob_a * 4) / 4  # 0, 0.25, 0.5, 0.75, 1
prob_b = np.where((ii >= 25) & (ii < 40) & (jj >= 10) & (jj < 30) & (kk >= 6) & (kk < 11), 0.8, 0.1)
fractional_array = np.stack([prob_a[order], prob_b[order]], axis=-1).astype(np.float32)
path = write_seg("seg_fractional.dcm", "FRACTIONAL", fractional_array, [describe(0), describe(1)], RLELossless,
                 max_fractional_value=200, omit_empty_frames=True)
written = pydicom.dcmread(path)
stored = written.pixel_array.reshape(int(written.NumberOfFrames), ROWS, COLS)
maximum = int(written.MaximumFractionalValue)
frac_masks = [prob_a >= 0.5, prob_b >= 0.5]
for f, item in enumerate(written.PerFrameFunctionalGroupsSequence):
    n = int(item.SegmentIdentificationSequence[0].ReferencedSegmentNumber)
    p = np.array(item.PlanePositionSequence[0].ImagePositionPatient, float)
    k = int(round(((p - ct_origin) @ ct_normal) / SLICE))
    assert np.array_equal(stored[f].astype(int) * 2 >= maximum, frac_masks[n - 1][k]), ("fractional", f)
frac_labels, frac_overlap = on_series(frac_masks)
expected["segmentations"].append({
    "path": rel(path), "type": "FRACTIONAL", "transferSyntax": str(written.file_meta.TransferSyntaxUID),
    "frames": int(written.NumberOfFrames), "maximumFractionalValue": maximum,
    "referencedSeries": [str(s.SeriesInstanceUID) for s in written.ReferencedSeriesSequence],
    "segments": segments_of(written),
    "onSeries": {"counts": counts(frac_labels), "overlapping": frac_overlap, "runs": runs(frac_labels)},
    "ownGrid": own_grid(frac_labels, written),
})

# --- The binary segmentation alone (its series elsewhere), and damaged copies. ---
alone = os.path.join(out, "alone")
os.makedirs(alone)
shutil.copy(os.path.join(ct_dir, "seg_binary.dcm"), os.path.join(alone, "seg_binary.dcm"))
expected["alone"] = {"folder": rel(alone), "path": rel(os.path.join(alone, "seg_binary.dcm")),
                     "referencedSeries": [series_uid]}

bad = os.path.join(out, "bad")
os.makedirs(bad)
source = os.path.join(ct_dir, "seg_binary.dcm")
raw = open(source, "rb").read()
with open(os.path.join(bad, "truncated_pixels.dcm"), "wb") as f:
    f.write(raw[: len(raw) - 200])
with open(os.path.join(bad, "truncated_header.dcm"), "wb") as f:
    f.write(raw[: len(raw) // 3])
expected["bad"].append({"path": rel(os.path.join(bad, "truncated_pixels.dcm")), "error": "truncated"})
expected["bad"].append({"path": rel(os.path.join(bad, "truncated_header.dcm")), "error": "truncated"})

ds = pydicom.dcmread(source)
ds.NumberOfFrames = int(ds.NumberOfFrames) + 1
ds.PerFrameFunctionalGroupsSequence.append(ds.PerFrameFunctionalGroupsSequence[-1])
ds.save_as(os.path.join(bad, "frames_more_than_pixels.dcm"))
expected["bad"].append({"path": rel(os.path.join(bad, "frames_more_than_pixels.dcm")), "error": "frameCountMismatch"})

ds = pydicom.dcmread(source)
ds.NumberOfFrames = int(ds.NumberOfFrames) - 1
del ds.PerFrameFunctionalGroupsSequence[-1]
ds.save_as(os.path.join(bad, "frames_fewer_than_pixels.dcm"))
expected["bad"].append({"path": rel(os.path.join(bad, "frames_fewer_than_pixels.dcm")), "error": "frameCountMismatch"})

ds = pydicom.dcmread(source)
ds.NumberOfFrames = int(ds.NumberOfFrames) + 1
ds.save_as(os.path.join(bad, "frames_not_per_frame_groups.dcm"))
expected["bad"].append({"path": rel(os.path.join(bad, "frames_not_per_frame_groups.dcm")), "error": "frameCountMismatch"})

ds = pydicom.dcmread(source)
ds.PerFrameFunctionalGroupsSequence[4].SegmentIdentificationSequence[0].ReferencedSegmentNumber = 9
ds.save_as(os.path.join(bad, "unknown_segment.dcm"))
expected["bad"].append({"path": rel(os.path.join(bad, "unknown_segment.dcm")), "error": "unknownSegment",
                        "frame": 4, "segment": 9})

# 1-bit frames RLE-compressed one frame each (the packed bytes of each frame as an 8-bit row):
# no reference tool reads this, so it is refused.
ds = pydicom.dcmread(source)
bits = ds.pixel_array.reshape(int(ds.NumberOfFrames), -1)
fragments = []
for frame in bits:
    packed = np.packbits(frame.astype(np.uint8), bitorder="little")
    fragments.append(RLELosslessEncoder.encode(
        packed.reshape(1, -1), rows=1, columns=packed.size, samples_per_pixel=1, bits_allocated=8, bits_stored=8,
        photometric_interpretation="MONOCHROME2", pixel_representation=0, number_of_frames=1))
ds.PixelData = encapsulate(fragments)
ds["PixelData"].VR = "OB"
ds["PixelData"].is_undefined_length = True
ds.file_meta.TransferSyntaxUID = RLELossless
ds.save_as(os.path.join(bad, "binary_rle.dcm"))
expected["bad"].append({"path": rel(os.path.join(bad, "binary_rle.dcm")), "error": "unsupported"})

# One frame moved 1000 slices along the normal: it reads, but fits neither the series nor a grid of its own.
ds = pydicom.dcmread(source)
item = ds.PerFrameFunctionalGroupsSequence[3].PlanePositionSequence[0]
item.ImagePositionPatient = [f"{x:.4f}" for x in np.array(item.ImagePositionPatient, float) + 1000 * SLICE * ct_normal]
far = os.path.join(bad, "frame_far_away.dcm")
ds.save_as(far)
expected["farFrame"] = {"path": rel(far), "frame": 3}

ct = pydicom.dcmread(os.path.join(ct_dir, "ct_00.dcm"))
ct.save_as(os.path.join(bad, "not_a_segmentation.dcm"))
expected["bad"].append({"path": rel(os.path.join(bad, "not_a_segmentation.dcm")), "error": "notASegmentation"})

with open(os.path.join(root, "expected", "dicom_seg.json"), "w") as f:
    json.dump(expected, f)
