"""What nibabel and SimpleITK read from label-map files, for the label-map tests
(Tests/VolumeKitTests/LabelMap*Tests.swift), which run it with the fixture venv's Python:

    check-labelmap.py MODE JOB.json      prints one JSON object

Modes:
- nifti: for each {"mask", "image"?, "voxels"} of job["files"]: the mask's header fields,
  sform and qform (nibabel's get_sform/get_qform), its values at the voxels, its labels and
  counts; with "image", the image's affine and the qform nibabel's set_qform derives from it;
  with "sitk": true, SimpleITK's origin, spacing and direction of the mask and of the image.
- dicom: job {"series": folder, "mask", "voxels"}: the series as SimpleITK's ImageSeriesReader
  reads it (GDCM's file order) and the mask as SimpleITK reads it: origin, spacing, direction,
  and GetArrayFromImage(mask)[k, j, i] at each voxel [i, j, k]; and nibabel's mask affine.
- make: writes the files of job["files"] with nibabel ({"path", "dtype", "shape", "affine",
  "set": [[i, j, k, value], ...], "slope"?, "inter"?, "fill"?}: real values, "nan" for NaN;
  with a slope, stored as round((value − inter) / slope) under that scaling); prints, for each, the voxel
  [i, j, k] of the first value in file order (x fastest) that is not a whole number in
  0…65535 after scaling, with that value, or null.
- axcodes: nibabel's aff2axcodes of each affine in job["affines"] (4×4, RAS).
Nothing here asserts: the Swift tests compare.
"""
import json
import sys

import numpy as np


def jsonable(x):
    if isinstance(x, np.ndarray):
        return x.tolist()
    if isinstance(x, (np.integer,)):
        return int(x)
    if isinstance(x, (np.floating,)):
        return float(x)
    if isinstance(x, bytes):
        return x.decode("latin-1").rstrip("\x00")
    raise TypeError(type(x))


def nifti(job):
    import nibabel as nib
    out = []
    for f in job["files"]:
        img = nib.load(f["mask"])
        data = np.asanyarray(img.dataobj)
        labels, counts = np.unique(data, return_counts=True)
        with open(f["mask"], "rb") as fh:
            import gzip
            raw = gzip.decompress(fh.read()) if f["mask"].endswith(".gz") else fh.read()
        # The header as stored (a loaded image's header has its scaling moved to the data).
        import io
        h = nib.Nifti1Header.from_fileobj(io.BytesIO(raw))
        entry = {
            "dtype": str(data.dtype), "shape": list(data.shape),
            "datatype": int(h["datatype"]), "bitpix": int(h["bitpix"]),
            "intent_code": int(h["intent_code"]), "intent_name": h["intent_name"].item(),
            "descrip": h["descrip"].item(), "magic": h["magic"].item(),
            "dim": h["dim"], "pixdim": h["pixdim"], "xyzt_units": int(h["xyzt_units"]),
            "scl_slope": float(h["scl_slope"]), "scl_inter": float(h["scl_inter"]),
            "cal_min": float(h["cal_min"]), "cal_max": float(h["cal_max"]),
            "vox_offset": float(h["vox_offset"]), "extension_bytes": list(raw[348:352]),
            "sform_code": int(h["sform_code"]), "qform_code": int(h["qform_code"]),
            "sform": h.get_sform(), "qform": h.get_qform(), "affine": img.affine,
            "values": [int(data[tuple(v)]) for v in f.get("voxels", [])],
            "labels": labels, "counts": counts,
            "file_bytes": len(raw),
        }
        if f.get("image"):
            image = nib.load(f["image"])
            expected = nib.Nifti1Header()
            expected.set_qform(image.affine, code=1)
            entry["image_affine"] = image.affine
            entry["image_qform_from_affine"] = expected.get_qform()
            entry["image_quaternion"] = [float(expected["quatern_b"]), float(expected["quatern_c"]),
                                         float(expected["quatern_d"])]
            entry["image_qfac"] = float(expected["pixdim"][0])
        entry["quaternion"] = [float(h["quatern_b"]), float(h["quatern_c"]), float(h["quatern_d"])]
        if f.get("sitk"):
            entry["sitk_mask"] = sitk_geometry(f["mask"])
            entry["sitk_image"] = sitk_geometry(f["image"]) if f.get("image") else None
        out.append(entry)
    return {"files": out}


def sitk_geometry(path):
    """SimpleITK's reading of a file's first 3D volume: origin, spacing, direction; or its error."""
    import SimpleITK as sitk
    try:
        image = sitk.ReadImage(path)
    except RuntimeError as e:
        return {"error": str(e).splitlines()[-1] if str(e) else "unreadable"}
    n = image.GetDimension()
    direction = np.array(image.GetDirection()).reshape(n, n)[:3, :3]
    return {"origin": list(image.GetOrigin()[:3]), "spacing": list(image.GetSpacing()[:3]),
            "direction": direction.ravel().tolist()}


def dicom(job):
    import SimpleITK as sitk
    import nibabel as nib
    reader = sitk.ImageSeriesReader()
    reader.SetFileNames(reader.GetGDCMSeriesFileNames(job["series"]))
    series = reader.Execute()
    mask = sitk.ReadImage(job["mask"])
    array = sitk.GetArrayFromImage(mask)
    return {
        "series": {"origin": series.GetOrigin(), "spacing": series.GetSpacing(),
                   "direction": series.GetDirection(), "size": series.GetSize()},
        "mask": {"origin": mask.GetOrigin(), "spacing": mask.GetSpacing(),
                 "direction": mask.GetDirection(), "size": mask.GetSize(),
                 "pixel_type": mask.GetPixelIDTypeAsString()},
        "values": [int(array[k, j, i]) for i, j, k in job["voxels"]],
        "nonzero": int(np.count_nonzero(array)),
        "nibabel_affine": nib.load(job["mask"]).affine,
    }


def make(job):
    import gzip
    import nibabel as nib
    out = []
    for f in job["files"]:
        dtype = np.dtype(f["dtype"])
        affine = np.array(f["affine"], dtype=float)
        slope, inter = f.get("slope"), f.get("inter", 0.0)
        # Values are real values; with a slope they are stored as round((value - inter) / slope).
        data = np.full(f["shape"], f.get("fill", 0), dtype=np.float64)
        for *ijk, value in f.get("set", []):
            data[tuple(int(x) for x in ijk)] = float(value)
        if slope is None:
            img = nib.Nifti1Image(data.astype(dtype), affine)
            img.set_data_dtype(dtype)
            nib.save(img, f["path"])
        else:
            # nibabel's image writer picks its own scaling, so write the header it makes and the
            # stored values directly, as nibabel's own tests do.
            hdr = nib.Nifti1Header()
            hdr.set_data_dtype(dtype)
            hdr.set_data_shape(data.shape)
            hdr.set_sform(affine, code=1)
            hdr.set_qform(affine, code=1)
            hdr.set_slope_inter(slope, inter)
            hdr.set_data_offset(352)
            stored = np.round((data - inter) / slope).astype(dtype)
            opener = gzip.open if f["path"].endswith(".gz") else open
            with opener(f["path"], "wb") as fh:
                fh.write(hdr.binaryblock + b"\0" * 4 + stored.tobytes(order="F"))
        # The first bad value as a reader sees it: scaled, in file (Fortran) order, 3D only.
        back = nib.load(f["path"])
        first = None
        if back.ndim == 3:
            values = np.asanyarray(back.get_fdata(dtype=np.float64))
            flat = values.ravel(order="F")
            rounded = np.round(flat)
            with np.errstate(invalid="ignore"):
                good = (np.abs(flat - rounded) <= 1e-3) & (rounded >= 0) & (rounded <= 65535)
            if not good.all():
                n = int(np.argmax(~good))
                shape = values.shape
                value = float(flat[n])
                first = {"voxel": [n % shape[0], (n // shape[0]) % shape[1], n // (shape[0] * shape[1])],
                         "value": "NaN" if np.isnan(value) else value}
        out.append({"path": f["path"], "first_bad": first,
                    "stored_dtype": str(back.get_data_dtype()), "shape": list(back.shape),
                    "slope_inter": [float(back.dataobj.slope), float(back.dataobj.inter)]})
    return {"files": out}


def axcodes(job):
    import nibabel as nib
    return {"codes": ["".join(nib.aff2axcodes(np.array(a, dtype=float))) for a in job["affines"]]}


def main():
    mode, path = sys.argv[1], sys.argv[2]
    with open(path) as f:
        job = json.load(f)
    result = {"nifti": nifti, "dicom": dicom, "make": make, "axcodes": axcodes}[mode](job)
    print(json.dumps(result, default=jsonable))


if __name__ == "__main__":
    main()
