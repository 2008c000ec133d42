#!/usr/bin/env python3
"""numpy's figures for slicemark's intensity normalisation views (VolumeKit
IntensityNormalization): min/max, 1st/99th percentiles (numpy's default linear method) and
mean ± 3 SD (population SD) over every sample after rescale, and the normalised values of a few
voxels.

  normalize_check.py figures JOB.json   JOB: {"path": image, "voxels": [[i, j, k], ...]}
NIfTI via nibabel (get_fdata: scl_slope/scl_inter applied), DICOM via pydicom (modality LUT).
"""
import json
import sys

import numpy as np


def load(path):
    if path.endswith(".dcm"):
        import pydicom
        ds = pydicom.dcmread(path)
        data = ds.pixel_array.astype(np.float64) * float(ds.get("RescaleSlope", 1)) + float(ds.get("RescaleIntercept", 0))
        return data.T[:, :, None]  # [columns, rows, 1], as slicemark indexes i, j, k
    import nibabel as nib
    return np.asanyarray(nib.load(path).get_fdata(dtype=np.float64))


def figures(job):
    data = load(job["path"])
    flat = data[~np.isnan(data)].ravel()
    lo, hi = float(flat.min()), float(flat.max())
    p1, p99 = (float(v) for v in np.percentile(flat, [1, 99]))
    mean, sd = float(flat.mean()), float(flat.std())
    voxels = []
    for i, j, k in job.get("voxels", []):
        v = float(data[i, j, k] if data.ndim == 3 else data[i, j, k, 0])
        voxels.append({"value": v, "minmax": (v - lo) / (hi - lo), "p1-99": (min(max(v, p1), p99) - p1) / (p99 - p1),
                       "zscore": (v - mean) / sd})
    return {"min": lo, "max": hi, "p1": p1, "p99": p99, "mean": mean, "sd": sd, "voxels": voxels}


def main():
    mode, job = sys.argv[1], json.load(open(sys.argv[2]))
    print(json.dumps({"figures": figures}[mode](job)))


if __name__ == "__main__":
    main()
