#!/usr/bin/env python3
"""Independent readings of a Siemens mosaic for slicemark's tests (tests only).

  mosaic.py nibabel JOB.json    nibabel.nicom.dicomwrappers (MosaicWrapper): get_data(), affine
  mosaic.py dcm2niix JOB.json   Debian's dcm2niix: the NIfTI it writes, read with nibabel
  mosaic.py csa JOB.json        nibabel.nicom.csareader.read of {"file": raw CSA bytes}: every
                                tag's items as strings (numbers as repr of nibabel's values)

JOB: {"dicom": path of the (uncompressed) mosaic file, "values": path of slicemark's voxels as
little endian float64, x (columns) fastest, then y (rows), z (slices), t; "dimensions": [x, y, z]
or [x, y, z, t]; "affine": slicemark's 4x4 voxel index (x, y, z) -> LPS mm}.

Prints {"max_value_difference", "max_position_difference_mm", "shape", ...}. nibabel's wrapper
works in DICOM's LPS with voxel axes (row, column, slice); dcm2niix writes RAS (x and y
negated) and may flip and permute axes, so its voxels are matched to ours through the two
affines: every voxel of ours must land on a voxel of theirs (the maximum fractional offset is
reported) holding the same value.
"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np


def ours(job):
    dims = job["dimensions"]
    values = np.fromfile(job["values"], dtype="<f8")
    shape = tuple(reversed(dims))  # t?, z, y, x
    return values.reshape(shape), np.array(job["affine"], dtype=float)


def nibabel_check(job):
    import pydicom
    from nibabel.nicom.dicomwrappers import wrapper_from_data
    wrapper = wrapper_from_data(pydicom.dcmread(job["dicom"]))
    data = np.asarray(wrapper.get_data(), dtype=np.float64)  # row, column, slice
    affine = np.asarray(wrapper.affine, dtype=float)  # (row, column, slice) -> LPS
    values, mine = ours(job)
    theirs = data.transpose(2, 0, 1)  # slice, row, column = z, y, x
    # Our axes (x = column, y = row, z) are theirs (1, 0, 2).
    permuted = affine[:, [1, 0, 2, 3]]
    return {"reader": "nibabel " + __import__("nibabel").__version__, "is_mosaic": bool(wrapper.is_mosaic),
            "shape": list(theirs.shape),
            "max_value_difference": float(np.abs(values - theirs).max()) if values.shape == theirs.shape else None,
            "max_affine_difference": float(np.abs(permuted - mine).max()),
            "theirs_affine_lps": permuted.tolist()}


def dcm2niix_check(job):
    import nibabel as nib
    values, mine = ours(job)
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "in")
        os.makedirs(src)
        os.symlink(os.path.abspath(job["dicom"]), os.path.join(src, "mosaic.dcm"))
        out = subprocess.run(["dcm2niix", "-z", "n", "-b", "n", "-f", "out", "-o", tmp, src],
                             capture_output=True, text=True)
        if out.returncode != 0:
            return {"error": out.stdout + out.stderr}
        img = nib.load(os.path.join(tmp, "out.nii"))
        data = np.asarray(img.dataobj, dtype=np.float64)  # raw values, as stored (slope 1 here)
        slope, inter = img.header.get_slope_inter()
        if slope is not None:
            data = data * slope + (inter or 0)
        ras = img.affine
        version = out.stdout.splitlines()[0] if out.stdout else "dcm2niix"
    lps_to_ras = np.diag([-1.0, -1.0, 1.0, 1.0])
    # Our voxel index -> their voxel index.
    mapping = np.linalg.inv(ras) @ lps_to_ras @ mine
    vol = values if values.ndim == 3 else values[0]
    z, y, x = np.indices(vol.shape)
    ijk = np.stack([x.ravel(), y.ravel(), z.ravel(), np.ones(x.size)])
    theirs_ijk = mapping @ ijk
    rounded = np.rint(theirs_ijk[:3]).astype(int)
    fraction = float(np.abs(theirs_ijk[:3] - rounded).max())
    tdata = data if data.ndim == 3 else data[..., 0]
    inside = np.all((rounded >= 0) & (rounded < np.array(tdata.shape)[:, None]), axis=0)
    picked = tdata[rounded[0, inside], rounded[1, inside], rounded[2, inside]]
    diff = float(np.abs(picked - vol.ravel()[inside]).max()) if inside.any() else None
    return {"reader": version, "shape": list(tdata.shape), "max_index_fraction": fraction,
            "voxels_inside": int(inside.sum()), "voxels": int(inside.size), "max_value_difference": diff}


def csa_check(job):
    from nibabel.nicom import csareader
    with open(job["file"], "rb") as f:
        header = csareader.read(f.read())
    return {"type": header["type"], "n_tags": header["n_tags"],
            "tags": {name: [v if isinstance(v, str) else float(v) for v in tag["items"]]
                     for name, tag in header["tags"].items()}}


if __name__ == "__main__":
    mode, path = sys.argv[1], sys.argv[2]
    with open(path) as f:
        job = json.load(f)
    result = {"nibabel": nibabel_check, "dcm2niix": dcm2niix_check, "csa": csa_check}[mode](job)
    print(json.dumps(result))
