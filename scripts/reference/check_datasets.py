#!/usr/bin/env python3
"""Builds the datasets of slicemark's `check` tests from real sample files (pydicom's CT_small.dcm
and nibabel's anatomical.nii), each with one known defect, and answers what numpy/pydicom say
about them.

  check_datasets.py build JOB.json   JOB: {"out": folder, "fixtures": .fixtures folder}
      writes OUT/<name>/ for every dataset and prints {"datasets": {name: {"defect": path}}}
  check_datasets.py bench JOB.json   JOB: {"out": folder, "fixtures": ..., "count": N}
      writes N small CT slices (32 series) for the benchmark; prints {"files": N}

Every dataset holds `series/` (6 slices of CT_small's header, 2.5 mm apart along the normal,
each with its own pixel data and SOP Instance UID) and `anat.nii` (nibabel's anatomical.nii)
with a label map on its grid. Sidecars are written by the Swift test through slicemark's own
store, after this script.
"""
import copy
import json
import os
import shutil
import sys

import nibabel as nib
import numpy as np
import pydicom
from pydicom.uid import generate_uid

SERIES_UID = "2.25.331415926535897932384626433832795028841"


def slice_dataset(template, k, series_uid=SERIES_UID, spacing=2.5, thickness=None):
    ds = copy.deepcopy(template)
    ds.SOPInstanceUID = generate_uid(entropy_srcs=[series_uid, str(k)])
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    ds.SeriesInstanceUID = series_uid
    ds.InstanceNumber = k + 1
    x, y, z = (float(v) for v in template.ImagePositionPatient)
    ds.ImagePositionPatient = [x, y, round(z + k * spacing, 4)]
    if thickness is not None:
        ds.SliceThickness = thickness
    pixels = template.pixel_array.copy()
    ds.PixelData = np.roll(pixels, k * 3, axis=1).astype(pixels.dtype).tobytes()
    return ds


def write_series(folder, template, count=6, **kw):
    os.makedirs(folder, exist_ok=True)
    paths = []
    for k in range(count):
        path = os.path.join(folder, f"ct_{k:03d}.dcm")
        slice_dataset(template, k, **kw).save_as(path, enforce_file_format=True)
        paths.append(path)
    return paths


def write_base(root, fixtures, template, series_uid):
    series = write_series(os.path.join(root, "series"), template, series_uid=series_uid)
    anat = os.path.join(root, "anat.nii")
    shutil.copyfile(os.path.join(fixtures, "nibabel", "anatomical.nii"), anat)
    image = nib.load(anat)
    labels = np.zeros(image.shape[:3], dtype=np.uint8)
    labels[10:20, 10:20, 5:8] = 1
    mask = nib.Nifti1Image(labels, image.affine)
    mask.set_qform(image.affine, code=1)
    mask.set_sform(image.affine, code=1)
    nib.save(mask, anat + ".tester.seg.nii.gz")
    return series, anat


def build(job):
    out, fixtures = job["out"], job["fixtures"]
    template = pydicom.dcmread(os.path.join(fixtures, "pydicom", "CT_small.dcm"))
    datasets = {}

    def base(name):
        root = os.path.join(out, name)
        # Each dataset's series has a UID of its own: checked together they are other series.
        series, anat = write_base(root, fixtures, template, SERIES_UID + ".%d" % (len(datasets) + 1))
        return root, series, anat

    root, series, anat = base("clean")
    datasets["clean"] = {}

    root, series, anat = base("missing-slice")
    os.remove(series[3])
    datasets["missing-slice"] = {"path": os.path.join(root, "series"), "removed": series[3]}

    root, series, anat = base("copied-file")
    duplicate = os.path.join(root, "series", "ct_002_copy.dcm")
    shutil.copyfile(series[2], duplicate)
    datasets["copied-file"] = {"path": duplicate}

    root, series, anat = base("new-uid")
    ds = pydicom.dcmread(series[4])
    ds.SOPInstanceUID = generate_uid(entropy_srcs=["another uid"])
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    again = os.path.join(root, "series", "ct_004_again.dcm")
    ds.save_as(again, enforce_file_format=True)
    datasets["new-uid"] = {"path": again, "original": series[4]}

    root, series, anat = base("orientation")
    ds = pydicom.dcmread(series[5])
    ds.ImageOrientationPatient = [1, 0, 0, 0, 0, -1]
    ds.save_as(series[5], enforce_file_format=True)
    datasets["orientation"] = {"path": series[5]}

    root, series, anat = base("truncated")
    with open(series[1], "rb") as f:
        data = f.read()
    with open(series[1], "wb") as f:
        f.write(data[: len(data) - 4000])
    datasets["truncated"] = {"path": series[1]}

    # The sidecar is written by the test; then the image is replaced (`replace` below).
    root, series, anat = base("replaced-image")
    datasets["replaced-image"] = {"path": anat + ".annotations.json", "image": anat}

    root, series, anat = base("orphan-sidecar")
    datasets["orphan-sidecar"] = {"path": anat + ".annotations.json", "image": anat}

    root, series, anat = base("label-map-grid")
    image = nib.load(anat)
    labels = np.zeros((image.shape[0] // 2, image.shape[1] // 2, image.shape[2]), dtype=np.uint8)
    affine = image.affine.copy()
    affine[:3, :3] *= np.diag([2, 2, 1])
    nib.save(nib.Nifti1Image(labels, affine), anat + ".tester.seg.nii.gz")
    datasets["label-map-grid"] = {"path": anat + ".tester.seg.nii.gz"}

    root, series, anat = base("orphan-label-map")
    moved = os.path.join(root, "gone.nii.tester.seg.nii.gz")
    shutil.move(anat + ".tester.seg.nii.gz", moved)
    datasets["orphan-label-map"] = {"path": moved}

    root, series, anat = base("uneven-spacing")
    ds = pydicom.dcmread(series[3])
    x, y, z = (float(v) for v in ds.ImagePositionPatient)
    ds.ImagePositionPatient = [x, y, round(z + 1.0, 4)]
    ds.save_as(series[3], enforce_file_format=True)
    datasets["uneven-spacing"] = {"path": os.path.join(root, "series")}

    root, series, anat = base("missing-attribute")
    ds = pydicom.dcmread(series[2])
    del ds.PixelSpacing
    ds.save_as(series[2], enforce_file_format=True)
    datasets["missing-attribute"] = {"path": series[2]}

    root, series, anat = base("inconsistent-series")
    ds = pydicom.dcmread(series[3])
    ds.PatientID = "another-patient"
    ds.save_as(series[3], enforce_file_format=True)
    datasets["inconsistent-series"] = {"path": series[3]}

    # Harmonisation: a 5 mm series among 1 mm ones (thickness and spacing).
    root = os.path.join(out, "harmonisation")
    for n, (spacing, thickness) in enumerate([(1.0, 1.0), (1.0, 1.0), (1.0, 1.0), (5.0, 5.0)]):
        write_series(os.path.join(root, f"s{n}"), template, count=4, series_uid=f"2.25.{4242 + n}",
                     spacing=spacing, thickness=thickness)
    datasets["harmonisation"] = {"path": os.path.join(root, "s3")}

    return {"datasets": datasets}


def replace(job):
    """Writes other voxels into the NIfTI image (after its sidecar was made)."""
    image = nib.load(job["image"])
    data = np.asanyarray(image.dataobj).copy()
    data[0, 0, 0] = data[0, 0, 0] + 1
    nib.save(nib.Nifti1Image(data, image.affine, image.header), job["image"])
    return {"replaced": job["image"]}


def bench(job):
    out, fixtures, count = job["out"], job["fixtures"], int(job["count"])
    template = pydicom.dcmread(os.path.join(fixtures, "pydicom", "CT_small.dcm"))
    per = max(1, count // 32)
    written = 0
    n = 0
    while written < count:
        k = min(per, count - written)
        write_series(os.path.join(out, f"series_{n:03d}"), template, count=k, series_uid=f"2.25.{900000 + n}")
        written += k
        n += 1
    return {"files": written}


def main():
    mode, job = sys.argv[1], json.load(open(sys.argv[2]))
    print(json.dumps({"build": build, "replace": replace, "bench": bench}[mode](job)))


if __name__ == "__main__":
    main()
