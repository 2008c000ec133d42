#!/usr/bin/env python3
"""Independent checks of `slicemark export` output, for the Swift tests.

    export_check.py MODE JOB.json

MODE csv:    pandas reads the CSV; every annotation point row's i j k x y z equal the sidecar's; a
             track's rows equal its object on that frame by this script's own interpolation of
             the key frames (docs/annotating.md), on exactly the frames it is shown on.
MODE slicer: each .mrk.json validates against 3D Slicer's markups schema v1.0.4 (jsonschema);
             every Fiducial control point's position equals its landmark's LPS in the sidecar.
MODE nnunet: dataset.json as nnU-Net v2 reads it; each case's image and label have equal grids
             and affines in nibabel; label values within dataset.json's labels; for a DICOM
             source, SimpleITK's reading of the series equals its reading of the exported NIfTI
             (size, origin, spacing, direction, voxels).
MODE monai:  the datalist's pairs exist and have equal grids and affines.
MODE coco:   pycocotools loads the file; each rectangle's bbox and each polygon's vertices are
             the sidecar's voxels in the slice's columns and rows (through the pixel → voxel
             mapping each image entry declares); each label-map mask (annToMask) equals the
             segment's voxels read by nibabel; each PNG read by Pillow equals the slice read by
             nibabel (NIfTI) or pydicom (the DICOM file of the slice) through the window; a
             track's object on each frame is checked against this script's interpolation.
Prints one JSON object on stdout; exits 1 on an error it cannot report in it.
"""
import glob
import json
import os
import sys


def sidecar_points(paths):
    points = {}
    for path in paths:
        with open(path) as f:
            doc = json.load(f)
        for a in doc.get("annotations", []):
            for n, p in enumerate(a["points"]):
                points[(a["id"].lower(), n)] = (p["voxel"], p["lps"])
    return points


def sidecar_records(paths):
    """id -> (annotation, indexToLPS) of every annotation in the sidecars."""
    records = {}
    for path in paths:
        with open(path) as f:
            doc = json.load(f)
        for a in doc.get("annotations", []):
            records[a["id"].lower()] = (a, doc["geometry"]["indexToLPS"])
    return records


def half_up(x):
    """Rounding halves away from zero (Python's round() rounds them to even)."""
    import math
    return int(math.floor(x + 0.5)) if x >= 0 else -int(math.floor(-x + 0.5))


def track_voxels(annotation, frame):
    """Where a track's object is on `frame`, from its key frames, as docs/annotating.md states
    CVAT's rules: (voxels, is_key_frame), or None where it is not shown."""
    keys = sorted(annotation["track"]["keyframes"], key=lambda k: k["frame"])
    before = [k for k in keys if k["frame"] <= frame]
    if not before or before[-1].get("outside", False):
        return None
    a = before[-1]
    if a["frame"] == frame:
        return [p["voxel"] for p in a["points"]], True

    def corners(points):
        v = [p["voxel"] for p in points]
        if annotation["kind"] in ("rectangle", "ellipse") and len(v) == 2:
            return [[min(v[0][0], v[1][0]), min(v[0][1], v[1][1])], [max(v[0][0], v[1][0]), max(v[0][1], v[1][1])]]
        return [p[:2] for p in v]
    after = [k for k in keys if k["frame"] > frame]
    pa = corners(a["points"])
    if not after or after[0].get("outside", False) or len(after[0]["points"]) != len(a["points"]):
        return [[c, r, frame] for c, r in pa], False
    b = after[0]
    t = (frame - a["frame"]) / (b["frame"] - a["frame"])
    pb = corners(b["points"])
    return [[half_up(p[0] + (q[0] - p[0]) * t), half_up(p[1] + (q[1] - p[1]) * t), frame] for p, q in zip(pa, pb)], False


def lps_of(matrix, voxel):
    import numpy as np
    return list((np.array(matrix) @ np.array([voxel[0], voxel[1], voxel[2], 1.0]))[:3])


def check_csv(job):
    import pandas as pd
    frame = pd.read_csv(job["csv"], keep_default_na=False, dtype=str)
    points = sidecar_points(job["sidecars"])
    records = sidecar_records(job["sidecars"])
    mismatches, compared, track_rows = [], 0, 0
    shown = {}
    for _, row in frame.iterrows():
        if row["kind"] == "label":
            continue
        record = records.get(row["annotation_id"])
        if record and "track" in record[0]:
            # A track's row: its object on that frame, by an interpolation of our own.
            a, matrix = record
            expected = track_voxels(a, int(row["frame"]))
            got_voxel = [int(row["i"]), int(row["j"]), int(row["k"])]
            if expected is None:
                mismatches.append(f"track {row['annotation_id']}: a row on frame {row['frame']}, where it is not shown")
                continue
            voxel = expected[0][int(row["point"])]
            lps = lps_of(matrix, voxel)
            got_lps = [float(row["x"]), float(row["y"]), float(row["z"])]
            if got_voxel != voxel or max(abs(x - y) for x, y in zip(got_lps, lps)) > 1e-5:
                mismatches.append(f"track {row['annotation_id']} frame {row['frame']}: csv {got_voxel} {got_lps}, expected {voxel} {lps}")
            if row["interpolated"] != ("false" if expected[1] else "true"):
                mismatches.append(f"track {row['annotation_id']} frame {row['frame']}: interpolated {row['interpolated']}")
            shown.setdefault(row["annotation_id"], set()).add(int(row["frame"]))
            track_rows += 1
            compared += 1
            continue
        key = (row["annotation_id"], int(row["point"]))
        if key not in points:
            mismatches.append(f"row {key} not in any sidecar")
            continue
        voxel, lps = points[key]
        got_voxel = [int(row["i"]), int(row["j"]), int(row["k"])]
        got_lps = [float(row["x"]), float(row["y"]), float(row["z"])]
        if got_voxel != voxel or got_lps != lps:
            mismatches.append(f"{key}: csv {got_voxel} {got_lps}, sidecar {voxel} {lps}")
        compared += 1
    import pydicom
    dicom_mismatches = []
    for _, row in frame[frame["file"] != ""].iterrows():
        ds = pydicom.dcmread(row["file"], stop_before_pixels=True)
        if ds.SOPInstanceUID != row["sop_uid"] or ds.SeriesInstanceUID != row["series_uid"]:
            dicom_mismatches.append(f"{row['file']}: {ds.SOPInstanceUID} / {ds.SeriesInstanceUID} vs {row['sop_uid']} / {row['series_uid']}")
    frame_count = job.get("frames")
    for rid, frames in shown.items():
        a = records[rid][0]
        expected = {f for f in range(frame_count or 0) if track_voxels(a, f) is not None}
        if frame_count is not None and frames != expected:
            mismatches.append(f"track {rid}: rows on {len(frames)} frames, shown on {len(expected)}")
    times = {}
    if "time_s" in frame.columns:
        for _, row in frame[frame["frame"] != ""].iterrows():
            times[int(row["frame"])] = row["time_s"]
    ranges = [{"label": r["label"], "first": r["frame"], "last": r["last_frame"], "first_s": r["time_s"], "last_s": r["last_time_s"]}
              for _, r in frame[(frame["kind"] == "label") & (frame.get("frame", "") != "")].iterrows()] if "frame" in frame.columns else []
    return {
        "track_rows": track_rows,
        "times": {str(k): v for k, v in sorted(times.items())},
        "ranges": ranges,
        "dicom_mismatches": dicom_mismatches,
        "columns": list(frame.columns),
        "rows": len(frame),
        "kinds": sorted(set(frame["kind"])),
        "annotators": sorted(set(frame["annotator"])),
        "ids": sorted(set(frame["annotation_id"])),
        "compared": compared,
        "mismatches": mismatches,
        "sop_uids": sorted(set(frame["sop_uid"]) - {""}),
        "files": sorted(set(frame["file"]) - {""}),
    }


def check_slicer(job):
    import jsonschema
    with open(job["schema"]) as f:
        schema = json.load(f)
    validator = jsonschema.Draft7Validator(schema)
    lps = {key[0]: value[1] for key, value in sidecar_points(job["sidecars"]).items() if key[1] == 0}
    errors, compared, types = [], 0, []
    for path in job["files"]:
        with open(path) as f:
            doc = json.load(f)
        errors += [f"{os.path.basename(path)}: {e.message}" for e in validator.iter_errors(doc)]
        if doc.get("@schema") != schema["$id"]:
            errors.append(f"{path}: @schema {doc.get('@schema')}")
        for markup in doc["markups"]:
            types.append(markup["type"])
            if markup.get("coordinateSystem") != "LPS":
                errors.append(f"{path}: coordinateSystem {markup.get('coordinateSystem')}")
            for point in markup["controlPoints"]:
                if point.get("positionStatus") != "defined":
                    errors.append(f"{path}: positionStatus {point.get('positionStatus')}")
                if markup["type"] != "Fiducial":
                    continue
                record = point["description"].rsplit(" ", 1)[-1]
                if lps.get(record) != point["position"]:
                    errors.append(f"{path}: {record} at {point['position']}, sidecar {lps.get(record)}")
                compared += 1
    return {"errors": errors, "compared": compared, "types": sorted(types)}


def same_grid(image_path, label_path):
    import nibabel as nib
    import numpy as np
    image, label = nib.load(image_path), nib.load(label_path)
    return {
        "image": os.path.basename(image_path),
        "shape": list(image.shape),
        "same_shape": list(image.shape[:3]) == list(label.shape),
        "same_affine": bool(np.array_equal(image.affine, label.affine)),
        "label_values": sorted(int(v) for v in np.unique(np.asanyarray(label.dataobj))),
        "sform_code": int(label.header["sform_code"]),
        "qform_code": int(label.header["qform_code"]),
    }


def dicom_matches(nifti_path, series_folder):
    import SimpleITK as sitk
    import numpy as np
    reader = sitk.ImageSeriesReader()
    reader.SetFileNames(reader.GetGDCMSeriesFileNames(series_folder))
    series = reader.Execute()
    exported = sitk.ReadImage(nifti_path)
    close = lambda a, b: bool(np.allclose(a, b, atol=1e-4))
    return {
        "size": list(exported.GetSize()) == list(series.GetSize()),
        "origin": close(exported.GetOrigin(), series.GetOrigin()),
        "spacing": close(exported.GetSpacing(), series.GetSpacing()),
        "direction": close(exported.GetDirection(), series.GetDirection()),
        "voxels": bool(np.array_equal(sitk.GetArrayFromImage(exported).astype(np.float64),
                                      sitk.GetArrayFromImage(series).astype(np.float64))),
    }


def check_nnunet(job):
    root = job["dataset"]
    with open(os.path.join(root, "dataset.json")) as f:
        dataset = json.load(f)
    values = sorted(dataset["labels"].values())
    cases = []
    for label_path in sorted(glob.glob(os.path.join(root, "labelsTr", "*.nii.gz"))):
        case = os.path.basename(label_path)[: -len(".nii.gz")]
        image_path = os.path.join(root, "imagesTr", case + "_0000.nii.gz")
        entry = same_grid(image_path, label_path)
        entry["case"] = case
        entry["labels_known"] = set(entry["label_values"]) <= set(values)
        source = job.get("dicom", {}).get(case)
        if source:
            entry["dicom"] = dicom_matches(image_path, source)
        cases.append(entry)
    return {
        "keys": sorted(dataset),
        "labels": dataset["labels"],
        "consecutive": values == list(range(len(values))),
        "numTraining": dataset["numTraining"],
        "file_ending": dataset["file_ending"],
        "channel_names": dataset["channel_names"],
        "cases": cases,
    }


def check_monai(job):
    root = job["root"]
    with open(os.path.join(root, "datalist.json")) as f:
        datalist = json.load(f)
    pairs = [same_grid(os.path.join(root, e["image"]), os.path.join(root, e["label"])) for e in datalist["training"]]
    return {"keys": sorted(datalist), "pairs": pairs}


def window(values, centre, width, inverted, function="LINEAR"):
    """PS3.3 C.11.2.1.2: LINEAR ramps over w − 1 from c − 0.5 − (w − 1)/2, LINEAR_EXACT over w
    from c − w/2, SIGMOID 1 / (1 + exp(−4 (x − c) / w)); greys rounded half up."""
    import numpy as np
    if function == "SIGMOID":
        t = 1 / (1 + np.exp(-4 * (values - centre) / width))
    elif function == "LINEAR":
        t = (values - (centre - 0.5)) / (width - 1) + 0.5
    else:
        t = (values - centre) / width + 0.5
    grey = np.where(t > 0, np.where(t >= 1, 255, np.floor(t * 255 + 0.5)), 0).astype(np.uint8)
    return 255 - grey if inverted else grey


def check_coco(job):
    import nibabel as nib
    import numpy as np
    import pydicom
    from PIL import Image
    from pycocotools.coco import COCO

    import contextlib
    import io
    with contextlib.redirect_stdout(io.StringIO()):  # COCO() reports its loading on stdout
        coco = COCO(job["coco"])
    records = {}
    for path in job["sidecars"]:
        with open(path) as f:
            doc = json.load(f)
        for a in doc.get("annotations", []):
            records[a["id"].lower()] = a
        folder = os.path.dirname(path)
        for s in doc.get("segmentations", []):
            records[s["id"].lower()] = dict(s, path=os.path.join(folder, s["file"]))
    errors, checked = [], {"bbox": 0, "polygon": 0, "mask": 0, "png": 0, "keypoints": 0}

    def pixel(info, voxel):
        d = np.array(voxel) - np.array(info["voxelOfPixel00"])
        return int(d @ np.array(info["columnStep"])), int(d @ np.array(info["rowStep"]))

    def voxels(info, width, height):
        c, r = np.meshgrid(np.arange(width), np.arange(height))
        o, cs, rs = (np.array(info[k]) for k in ("voxelOfPixel00", "columnStep", "rowStep"))
        return [o[n] + c * cs[n] + r * rs[n] for n in range(3)]

    for image in coco.dataset["images"]:
        info = image["slicemark"]
        png = np.asarray(Image.open(os.path.join(job["images"], image["file_name"])))
        if png.shape != (image["height"], image["width"]):
            errors.append(f"{image['file_name']}: shape {png.shape}")
            continue
        w = info["window"]
        if "file" in info:
            ds = pydicom.dcmread(info["file"])
            pixels = ds.pixel_array
            if int(getattr(ds, "NumberOfFrames", 1)) > 1:
                pixels = pixels[info["voxelOfPixel00"][2]]  # a multi-frame file: its frame k
            values = pixels.astype(np.float64) * float(getattr(ds, "RescaleSlope", 1)) + float(getattr(ds, "RescaleIntercept", 0))
            i, j, _ = voxels(info, image["width"], image["height"])
            expected = window(values[j, i], w["center"], w["width"], w["inverted"], w.get("function", "LINEAR"))
        else:
            data = nib.load(info["image"]).get_fdata()
            if data.ndim == 4:
                data = data[..., info["timepoint"]]
            i, j, k = voxels(info, image["width"], image["height"])
            expected = window(data[i, j, k], w["center"], w["width"], w["inverted"], w.get("function", "LINEAR"))
        if not np.array_equal(png, expected):
            errors.append(f"{image['file_name']}: {int((png != expected).sum())} pixels differ from the windowed slice")
        checked["png"] += 1

    for ann in coco.dataset["annotations"]:
        image = coco.imgs[ann["image_id"]]
        info, meta = image["slicemark"], ann["slicemark"]
        if meta["kind"] == "segmentation":
            record = records[meta["record"]]
            labels = np.asanyarray(nib.load(record["path"]).dataobj)
            i, j, k = voxels(info, image["width"], image["height"])
            expected = (labels[i, j, k] == meta["value"]).astype(np.uint8)
            if not np.array_equal(coco.annToMask(ann), expected):
                errors.append(f"annotation {ann['id']}: mask differs from label map value {meta['value']}")
            checked["mask"] += 1
            continue
        if meta["kind"] == "landmark":
            names = coco.cats[ann["category_id"]]["keypoints"]
            kp = ann["keypoints"]
            for rid in meta["records"]:
                a = records[rid]
                voxel = a["voxel"]
                if "track" in a:
                    shown = track_voxels(a, info["frame"])
                    voxel = shown[0][0]
                    if shown[1] == (rid in meta["interpolated"]):
                        errors.append(f"landmark track {rid}: interpolated flag wrong on frame {info['frame']}")
                    checked["track"] = checked.get("track", 0) + 1
                c, r = pixel(info, voxel)
                n = names.index(a["label"])
                if kp[3 * n: 3 * n + 3] != [c + 0.5, r + 0.5, 2]:
                    errors.append(f"landmark {rid}: keypoint {kp[3 * n: 3 * n + 3]}, expected {[c + 0.5, r + 0.5, 2]}")
                checked["keypoints"] += 1
            continue
        a = records[meta["record"]]
        voxels_of = [p["voxel"] for p in a["points"]]
        if "track" in a:
            shown = track_voxels(a, info["frame"])
            if shown is None or meta["frame"] != info["frame"] or meta["interpolated"] == shown[1]:
                errors.append(f"track {meta['record']}: on frame {info['frame']} expected {shown}, meta {meta}")
                continue
            voxels_of = shown[0]
            checked["track"] = checked.get("track", 0) + 1
        cols, rows = zip(*(pixel(info, v) for v in voxels_of))
        if a["kind"] == "rectangle":
            expected = [min(cols), min(rows), max(cols) - min(cols) + 1, max(rows) - min(rows) + 1]
            if ann["bbox"] != expected:
                errors.append(f"rectangle {meta['record']}: bbox {ann['bbox']}, expected {expected}")
            mask = coco.annToMask(ann)
            if int(mask.sum()) != expected[2] * expected[3]:
                errors.append(f"rectangle {meta['record']}: mask of {int(mask.sum())} pixels, box of {expected[2] * expected[3]}")
            checked["bbox"] += 1
        elif a["kind"] == "polygon":
            expected = [v for c, r in zip(cols, rows) for v in (c + 0.5, r + 0.5)]
            if ann["segmentation"][0] != expected:
                errors.append(f"polygon {meta['record']}: {ann['segmentation'][0]}, expected {expected}")
            checked["polygon"] += 1
        elif a["kind"] == "ellipse":
            seg = np.array(ann["segmentation"][0]).reshape(-1, 2)
            centre = np.array([(min(cols) + max(cols)) / 2 + 0.5, (min(rows) + max(rows)) / 2 + 0.5])
            radii = np.array([(max(cols) - min(cols) + 1) / 2, (max(rows) - min(rows) + 1) / 2])
            if not np.allclose((((seg - centre) / radii) ** 2).sum(axis=1), 1):
                errors.append(f"ellipse {meta['record']}: points off the ellipse")
            checked["polygon"] += 1
    return {"errors": errors, "checked": checked, "images": len(coco.dataset["images"]),
            "categories": sorted((c["supercategory"], c["name"]) for c in coco.dataset["categories"])}


def main():
    mode, job_path = sys.argv[1], sys.argv[2]
    with open(job_path) as f:
        job = json.load(f)
    check = {"csv": check_csv, "slicer": check_slicer, "nnunet": check_nnunet, "monai": check_monai,
             "coco": check_coco}[mode]
    print(json.dumps(check(job)))


if __name__ == "__main__":
    main()
