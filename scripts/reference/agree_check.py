#!/usr/bin/env python3
"""Independent figures for `slicemark agree` and `slicemark consensus`, from the libraries
the field uses, on the same inputs the Swift tests give slicemark.

    agree_check.py MODE JOB.json   ->  one JSON object on stdout

Modes:
  labels   {"raters": [...], "units": [[category or null per rater], ...]}
           Cohen's kappa per pair (scikit-learn cohen_kappa_score) and percent agreement
           over the units both rated; Fleiss' kappa (statsmodels fleiss_kappa of
           aggregate_raters) over the units every rater rated; Krippendorff's alpha
           (krippendorff.alpha, nominal, missing = nan) over all units.
  masks    {"a": NIfTI, "b": NIfTI, "labels": [values]}
           Per label: Dice and Jaccard (SimpleITK LabelOverlapMeasuresImageFilter), and
           HD95 / ASSD from scipy's distance_transform_edt with sampling=spacing over the
           surfaces (foreground voxels with a 6-connected background neighbour, outside the
           image = background; binary_erosion with border_value=0).
  voting   {"maps": [NIfTI...], "ours": NIfTI}
           SimpleITK LabelVoting(labelForUndecidedPixels=0) against our majority map.
  staple   {"maps": [NIfTI...], "value": v, "ours": NIfTI or null}
           SimpleITK STAPLE of the masks (map == v): sensitivity, specificity, iterations, the
           probability of each pattern of marks (bit r = rater r), and how many voxels of
           our label map differ from (probability > 0.5) * v when "ours" is given.
"""
import json
import sys

import numpy as np


def labels(job):
    from sklearn.metrics import cohen_kappa_score
    from statsmodels.stats.inter_rater import aggregate_raters, fleiss_kappa
    import krippendorff

    raters = job["raters"]
    units = job["units"]
    out = {"pairs": {}}
    for x in range(len(raters)):
        for y in range(x + 1, len(raters)):
            both = [u for u in units if u[x] is not None and u[y] is not None]
            if not both:
                continue
            a = [u[x] for u in both]
            b = [u[y] for u in both]
            kappa = float(cohen_kappa_score(a, b))
            out["pairs"][raters[x] + "|" + raters[y]] = {
                "n": len(both),
                "cohen_kappa": None if np.isnan(kappa) else kappa,
                "percent_agreement": 100.0 * sum(p == q for p, q in zip(a, b)) / len(both),
            }
    categories = sorted({c for u in units for c in u if c is not None})
    code = {c: i for i, c in enumerate(categories)}
    complete = [[code[c] for c in u] for u in units if all(c is not None for c in u)]
    if complete:
        table, _ = aggregate_raters(np.array(complete))
        with np.errstate(invalid="ignore", divide="ignore"):
            f = float(fleiss_kappa(table, method="fleiss"))
        out["fleiss_kappa"] = None if np.isnan(f) else f
        out["fleiss_n"] = len(complete)
    data = np.array([[np.nan if u[r] is None else code[u[r]] for u in units] for r in range(len(raters))], dtype=float)
    try:
        alpha = float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))
        out["krippendorff_alpha"] = None if np.isnan(alpha) else alpha
    except (ValueError, ZeroDivisionError):
        out["krippendorff_alpha"] = None
    return out


def surface(mask):
    from scipy.ndimage import binary_erosion, generate_binary_structure

    return mask & ~binary_erosion(mask, structure=generate_binary_structure(3, 1), border_value=0)


def masks(job):
    import SimpleITK as sitk
    from scipy.ndimage import distance_transform_edt

    a_img = sitk.ReadImage(job["a"])
    b_img = sitk.ReadImage(job["b"])
    a = sitk.GetArrayFromImage(a_img)  # z, y, x
    b = sitk.GetArrayFromImage(b_img)
    sampling = tuple(reversed(a_img.GetSpacing()))
    out = {"spacing": list(a_img.GetSpacing()), "labels": {}}
    for v in job["labels"]:
        ma, mb = a == v, b == v
        figures = {"voxels": [int(ma.sum()), int(mb.sum())]}
        if ma.any() or mb.any():
            f = sitk.LabelOverlapMeasuresImageFilter()
            ia = sitk.Cast(sitk.GetImageFromArray(ma.astype(np.uint8)), sitk.sitkUInt8)
            ib = sitk.Cast(sitk.GetImageFromArray(mb.astype(np.uint8)), sitk.sitkUInt8)
            ib.CopyInformation(ia)
            f.Execute(ia, ib)
            figures["dice"] = f.GetDiceCoefficient(1) if ma.any() and mb.any() else (0.0 if ma.any() != mb.any() else 1.0)
            figures["jaccard"] = f.GetJaccardCoefficient(1) if ma.any() and mb.any() else (0.0 if ma.any() != mb.any() else 1.0)
        if ma.any() and mb.any():
            sa, sb = surface(ma), surface(mb)
            d_ab = distance_transform_edt(~sb, sampling=sampling)[sa]
            d_ba = distance_transform_edt(~sa, sampling=sampling)[sb]
            figures["hd95_mm"] = float(max(np.percentile(d_ab, 95), np.percentile(d_ba, 95)))
            figures["assd_mm"] = float(np.concatenate([d_ab, d_ba]).mean())
            figures["surface"] = [int(sa.sum()), int(sb.sum())]
        out["labels"][str(v)] = figures
    return out


def voting(job):
    import SimpleITK as sitk

    images = [sitk.Cast(sitk.ReadImage(p), sitk.sitkUInt16) for p in job["maps"]]
    for img in images[1:]:
        img.CopyInformation(images[0])
    voted = sitk.GetArrayFromImage(sitk.LabelVoting(images, 0))
    ours = sitk.GetArrayFromImage(sitk.ReadImage(job["ours"]))
    stack = np.stack([sitk.GetArrayFromImage(i) for i in images])
    return {"differing": int((voted != ours).sum()), "voxels": int(voted.size),
            "foreground": int((voted != 0).sum()), "raters": int(stack.shape[0])}


def staple(job):
    import SimpleITK as sitk

    value = job["value"]
    arrays = [sitk.GetArrayFromImage(sitk.ReadImage(p)) == value for p in job["maps"]]
    reference = sitk.ReadImage(job["maps"][0])
    images = []
    for arr in arrays:
        img = sitk.GetImageFromArray(arr.astype(np.uint8))
        img.CopyInformation(reference)
        images.append(img)
    f = sitk.STAPLEImageFilter()
    f.SetForegroundValue(1.0)
    probability = sitk.GetArrayFromImage(f.Execute(images))
    pattern = np.zeros(arrays[0].shape, dtype=np.int64)
    for r, arr in enumerate(arrays):
        pattern |= arr.astype(np.int64) << r
    per_pattern = {}
    for p in np.unique(pattern):
        values = probability[pattern == p]
        per_pattern[str(int(p))] = [float(values.min()), float(values.max())]
    out = {"sensitivity": list(f.GetSensitivity()), "specificity": list(f.GetSpecificity()),
           "iterations": int(f.GetElapsedIterations()), "pattern_probability": per_pattern}
    if job.get("ours"):
        ours = sitk.GetArrayFromImage(sitk.ReadImage(job["ours"]))
        expected = np.where(probability > 0.5, value, 0)
        out["differing"] = int((expected != ours).sum())
        out["foreground"] = int((expected != 0).sum())
    return out


def main():
    mode, path = sys.argv[1], sys.argv[2]
    with open(path) as f:
        job = json.load(f)
    result = {"labels": labels, "masks": masks, "voting": voting, "staple": staple}[mode](job)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
