#!/usr/bin/env python3
"""Independent reference implementations for slicemark's label-map tools (tests only).

Each subcommand prints JSON on stdout. Linear voxel indices are (k * height + j) * width + i
(x fastest), which is numpy's C order of a [k, j, i] array as SimpleITK returns it.

  grow IMAGE I J K LOWER UPPER            SimpleITK ConnectedThreshold, face connectivity
  stats IMAGE LABELS.u16 [TIMEPOINT]      SimpleITK LabelStatisticsImageFilter per label
  brush W H D SX SY SZ I J K R SHAPE AXIS numpy physical-distance brush mask (disc/sphere)
  interpolate LABELS.u16 W H D SX SY SZ AXIS LABEL
                                          scipy signed distance maps blended between slices
"""
import json
import sys

import numpy as np


def grow(image, i, j, k, lower, upper):
    import SimpleITK as sitk
    img = sitk.ReadImage(image, sitk.sitkFloat64)
    f = sitk.ConnectedThresholdImageFilter()
    f.SetLower(float(lower))
    f.SetUpper(float(upper))
    f.SetSeedList([(int(i), int(j), int(k))])
    f.SetReplaceValue(1)
    f.SetConnectivity(sitk.ConnectedThresholdImageFilter.FaceConnectivity)
    out = sitk.GetArrayFromImage(f.Execute(img))
    return {"size": list(img.GetSize()), "indices": np.flatnonzero(out.ravel()).tolist()}


def stats(image, labels_path, timepoint=0):
    import SimpleITK as sitk
    img = sitk.ReadImage(image, sitk.sitkFloat64)
    if img.GetDimension() == 4:
        size = list(img.GetSize())
        img = sitk.Extract(img, size[:3] + [0], [0, 0, 0, int(timepoint)])
    size = img.GetSize()
    labels = np.fromfile(labels_path, dtype="<u2").reshape(size[2], size[1], size[0])
    label_img = sitk.GetImageFromArray(labels.astype(np.uint16))
    label_img.CopyInformation(img)
    f = sitk.LabelStatisticsImageFilter()
    f.Execute(img, label_img)
    spacing = img.GetSpacing()
    out = {}
    for v in f.GetLabels():
        if v == 0:
            continue
        out[str(v)] = {"count": f.GetCount(v), "mean": f.GetMean(v), "sigma": f.GetSigma(v),
                       "min": f.GetMinimum(v), "max": f.GetMaximum(v),
                       "ml": f.GetCount(v) * spacing[0] * spacing[1] * spacing[2] / 1000}
    return out


def brush(w, h, d, sx, sy, sz, i, j, k, r, shape, axis):
    w, h, d, i, j, k, axis = map(int, (w, h, d, i, j, k, axis))
    sx, sy, sz, r = map(float, (sx, sy, sz, r))
    kk, jj, ii = np.meshgrid(np.arange(d), np.arange(h), np.arange(w), indexing="ij")
    offsets = [(ii - i) * sx, (jj - j) * sy, (kk - k) * sz]
    if shape == "disc":
        offsets[axis] = np.zeros_like(offsets[axis])
        plane = [ii, jj, kk][axis] == [i, j, k][axis]
    else:
        plane = np.ones_like(ii, dtype=bool)
    inside = (offsets[0] ** 2 + offsets[1] ** 2 + offsets[2] ** 2 <= r * r) & plane
    return {"indices": np.flatnonzero(inside.ravel()).tolist()}


def interpolate(labels_path, w, h, d, sx, sy, sz, axis, label):
    from scipy import ndimage
    w, h, d, axis, label = map(int, (w, h, d, axis, label))
    spacing_kji = [float(sz), float(sy), float(sx)]
    vol = np.fromfile(labels_path, dtype="<u2").reshape(d, h, w)
    # numpy axis of voxel axis `axis` (i → 2, j → 1, k → 0); move it to the front.
    np_axis = 2 - axis
    planes = np.moveaxis(vol, np_axis, 0)
    plane_spacing = [s for n, s in enumerate(spacing_kji) if n != np_axis]
    mask = planes == label
    present = [n for n in range(mask.shape[0]) if mask[n].any()]
    result = planes.copy()

    def sdf(m):
        return (ndimage.distance_transform_edt(~m, sampling=plane_spacing)
                - ndimage.distance_transform_edt(m, sampling=plane_spacing))

    for s0, s1 in zip(present, present[1:]):
        if s1 - s0 < 2:
            continue
        d0, d1 = sdf(mask[s0]), sdf(mask[s1])
        for s in range(s0 + 1, s1):
            t = (s - s0) / (s1 - s0)
            inside = ((1 - t) * d0 + t * d1) < 0
            result[s][inside & (planes[s] == 0)] = label
    changed = np.moveaxis(result, 0, np_axis) != vol
    return {"indices": np.flatnonzero(changed.ravel()).tolist()}


def main(argv):
    commands = {"grow": grow, "stats": stats, "brush": brush, "interpolate": interpolate}
    if len(argv) < 2 or argv[1] not in commands:
        print(__doc__, file=sys.stderr)
        return 2
    print(json.dumps(commands[argv[1]](*argv[2:])))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
