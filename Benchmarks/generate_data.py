"""Writes the benchmark data set into a folder (default Benchmarks/data), deterministically.

- ct-series/   300 DICOM files, 512×512 int16, explicit VR little endian, rescale intercept −1024,
               real geometry (ImagePositionPatient / ImageOrientationPatient / PixelSpacing),
               smooth anatomy-like content (body, fat, muscle, lungs, liver, kidneys, aorta,
               spine, table) with mild noise. Written by pydicom.
- ct.nii, ct.nii.gz   the same voxels, int16 with scl_inter −1024, affine = the DICOM geometry
               in RAS. Written by nibabel.
- mr.nii.gz    256³ float32 MR-like head (T1-ish: white matter bright, CSF dark, bias field,
               Rician noise). Written by nibabel.
- ct-middle.png  slice 150 (zero-based) windowed at level 40 / width 400, 8-bit grey, for chafa.
- ct-middle.dcm  a copy of that slice's DICOM file, for `slicemark render`.

Usage: python generate_data.py [OUT_DIR]
"""
import json
import os
import shutil
import sys

import nibabel as nib
import numpy as np
import pydicom
from PIL import Image
from pydicom.dataset import FileDataset, FileMetaDataset
from pydicom.uid import CTImageStorage, ExplicitVRLittleEndian, generate_uid

CT_SIZE = 512
CT_SLICES = 300
CT_SPACING = (0.7, 0.7, 1.0)  # column, row, slice (mm)
CT_INTERCEPT = -1024
MIDDLE = CT_SLICES // 2
MR_SIZE = 256
VERSION = 1  # bump when the content changes, so old data is regenerated


def uid(*parts):
    return generate_uid(entropy_srcs=["slicemark-bench", str(VERSION), *map(str, parts)])


def smooth_inside(d, edge_mm=0.8):
    """0 outside, 1 inside a shape with signed 'distance' d (negative inside), soft over ~edge."""
    return np.clip(0.5 - d / edge_mm, 0.0, 1.0)


def ellipse_distance(x, y, cx, cy, ax, ay):
    """Approximate signed distance (mm) to an ellipse boundary: negative inside."""
    r = np.sqrt(((x - cx) / ax) ** 2 + ((y - cy) / ay) ** 2)
    return (r - 1.0) * min(ax, ay)


def ct_slice(k, x, y, rng):
    """Hounsfield units of axial slice k: x grows to the patient's left, y to posterior (mm)."""
    z = k * CT_SPACING[2]  # 0 at the lower abdomen, 299 mm near the lung apices
    t = z / (CT_SLICES * CT_SPACING[2])
    hu = np.full(x.shape, -1000.0, dtype=np.float32)

    def paint(mask_weight, value):
        nonlocal hu
        hu = hu + mask_weight * (value - hu)

    # Table under the patient (posterior), a thin curved slab.
    table = smooth_inside(np.abs(y - (140 + 0.0008 * x**2)) - 4)
    paint(table * (np.abs(x) < 170), 250.0)

    body_ax = 150 + 12 * np.sin(np.pi * t)
    body_ay = 108 + 8 * np.cos(2 * np.pi * t)
    paint(smooth_inside(ellipse_distance(x, y, 0, 0, body_ax, body_ay), 1.5), -100.0)  # fat
    paint(smooth_inside(ellipse_distance(x, y, 0, 0, body_ax - 14, body_ay - 12), 1.5), 45.0)  # muscle/soft

    # Lungs in the upper part, growing towards the apex, with faint vessels.
    lung = np.clip((t - 0.45) / 0.2, 0.0, 1.0)
    if lung > 0:
        for side in (-1, 1):
            d = ellipse_distance(x, y, side * 62, -5, 48 * lung + 1, 72 * lung + 1)
            paint(smooth_inside(d, 2.0), -840.0)
        vessels = 60 * np.sin(x / 7.0 + z / 11.0) * np.sin(y / 9.0 - z / 13.0)
        hu = hu + (hu < -600) * np.maximum(vessels, 0)

    # Liver on the patient's right (negative x) in the lower part; kidneys posterior.
    liver = np.clip((0.55 - t) / 0.15, 0.0, 1.0)
    if liver > 0:
        paint(smooth_inside(ellipse_distance(x, y, -58, -8, 70 * liver + 1, 58 * liver + 1), 1.5), 62.0)
    kidney = np.clip(1 - abs(t - 0.25) / 0.12, 0.0, 1.0)
    if kidney > 0:
        for side in (-1, 1):
            paint(smooth_inside(ellipse_distance(x, y, side * 55, 48, 22 * kidney + 0.5, 30 * kidney + 0.5)), 160.0)

    # Aorta with contrast, the spine (cortex and marrow) behind it.
    paint(smooth_inside(ellipse_distance(x, y, 8, 30, 12, 12)), 210.0)
    paint(smooth_inside(ellipse_distance(x, y, 0, 62, 17, 15)), 900.0)
    paint(smooth_inside(ellipse_distance(x, y, 0, 62, 13, 11)), 250.0)
    paint(smooth_inside(ellipse_distance(x, y, 0, 86, 7, 12)), 700.0)  # spinous process

    hu += rng.normal(0.0, 9.0, size=hu.shape).astype(np.float32)
    return hu


def ct_volume():
    """Stored values (HU − intercept) as int16, shape (slices, rows, columns)."""
    rng = np.random.default_rng(20261121)
    half = (CT_SIZE - 1) / 2
    coords = (np.arange(CT_SIZE) - half) * CT_SPACING[0]
    x, y = np.meshgrid(coords, coords)  # x along columns, y along rows
    x = x.astype(np.float32)
    y = y.astype(np.float32)
    stored = np.empty((CT_SLICES, CT_SIZE, CT_SIZE), dtype=np.int16)
    for k in range(CT_SLICES):
        hu = ct_slice(k, x, y, rng)
        stored[k] = np.clip(np.rint(hu) - CT_INTERCEPT, 0, 4095).astype(np.int16)
    return stored


def ct_origin():
    half = (CT_SIZE - 1) / 2
    return (-half * CT_SPACING[0], -half * CT_SPACING[1], -400.0)  # LPS of voxel (0, 0, 0)


def write_dicom_series(stored, folder):
    os.makedirs(folder, exist_ok=True)
    study, series, frame = uid("study"), uid("series"), uid("frame")
    ox, oy, oz = ct_origin()
    for k in range(CT_SLICES):
        meta = FileMetaDataset()
        meta.MediaStorageSOPClassUID = CTImageStorage
        meta.MediaStorageSOPInstanceUID = uid("instance", k)
        meta.TransferSyntaxUID = ExplicitVRLittleEndian
        meta.ImplementationClassUID = uid("implementation")
        ds = FileDataset(None, {}, file_meta=meta, preamble=b"\0" * 128)
        ds.SpecificCharacterSet = "ISO_IR 100"
        ds.ImageType = ["ORIGINAL", "PRIMARY", "AXIAL"]
        ds.SOPClassUID = CTImageStorage
        ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
        ds.StudyDate = ds.SeriesDate = ds.ContentDate = "20260101"
        ds.StudyTime = ds.SeriesTime = ds.ContentTime = "120000"
        ds.AccessionNumber = "BENCH0001"
        ds.Modality = "CT"
        ds.Manufacturer = "slicemark synthetic"
        ds.StudyDescription = "Benchmark CT"
        ds.SeriesDescription = "Synthetic abdomen-chest 1.0 mm"
        ds.PatientName = "Bench^Synthetic"
        ds.PatientID = "BENCH-0001"
        ds.PatientBirthDate = "19700101"
        ds.PatientSex = "O"
        ds.SliceThickness = f"{CT_SPACING[2]:.1f}"
        ds.KVP = "120"
        ds.PatientPosition = "FFS"
        ds.StudyInstanceUID = study
        ds.SeriesInstanceUID = series
        ds.StudyID = "1"
        ds.SeriesNumber = 2
        ds.InstanceNumber = k + 1
        ds.ImagePositionPatient = [f"{ox:.3f}", f"{oy:.3f}", f"{oz + k * CT_SPACING[2]:.3f}"]
        ds.ImageOrientationPatient = ["1", "0", "0", "0", "1", "0"]
        ds.FrameOfReferenceUID = frame
        ds.SliceLocation = f"{oz + k * CT_SPACING[2]:.3f}"
        ds.SamplesPerPixel = 1
        ds.PhotometricInterpretation = "MONOCHROME2"
        ds.Rows = CT_SIZE
        ds.Columns = CT_SIZE
        ds.PixelSpacing = [f"{CT_SPACING[1]:.2f}", f"{CT_SPACING[0]:.2f}"]  # row spacing, column spacing
        ds.BitsAllocated = 16
        ds.BitsStored = 16
        ds.HighBit = 15
        ds.PixelRepresentation = 1
        ds.WindowCenter = "40"
        ds.WindowWidth = "400"
        ds.RescaleIntercept = str(CT_INTERCEPT)
        ds.RescaleSlope = "1"
        ds.RescaleType = "HU"
        ds.PixelData = stored[k].tobytes()
        ds.save_as(os.path.join(folder, f"IM{k + 1:04d}.dcm"), enforce_file_format=True)


def ras_affine(spacing, origin_lps):
    """NIfTI affine (RAS) for a volume whose voxel axes run along L, P, S."""
    a = np.diag([-spacing[0], -spacing[1], spacing[2], 1.0])
    a[:3, 3] = [-origin_lps[0], -origin_lps[1], origin_lps[2]]
    return a


def write_nifti_ct(stored, out):
    data = np.ascontiguousarray(stored.transpose(2, 1, 0))  # (columns, rows, slices)
    # Fortran order on disk = columns fastest, like the DICOM pixel data.
    data = np.asfortranarray(data)
    header = nib.Nifti1Header()
    header.set_data_dtype(np.int16)
    image = nib.Nifti1Image(data, ras_affine(CT_SPACING, ct_origin()), header)
    image.set_qform(image.affine, code=1)
    image.set_sform(image.affine, code=1)
    image.header.set_xyzt_units("mm", "sec")
    # nib.save drops a caller's scl_slope/scl_inter for integer data, so the header and the
    # stored values are written through nibabel's own header writer and file opener.
    header = image.header
    header.set_slope_inter(1.0, float(CT_INTERCEPT))
    header.set_data_offset(352)
    raw = data.tobytes(order="F")
    for name in ("ct.nii", "ct.nii.gz"):
        with nib.openers.ImageOpener(os.path.join(out, name), "wb") as f:
            header.write_to(f)
            f.write(b"\0" * (352 - f.tell()))
            f.write(raw)
    for name in ("ct.nii", "ct.nii.gz"):
        check = nib.load(os.path.join(out, name))
        slope, inter = check.dataobj.slope, check.dataobj.inter  # the loaded header has them reset
        if slope != 1.0 or inter != CT_INTERCEPT or check.get_data_dtype() != np.int16:
            raise SystemExit(f"{name}: nibabel wrote slope {slope} intercept {inter} "
                             f"dtype {check.get_data_dtype()}, expected 1, {CT_INTERCEPT}, int16")


def mr_volume():
    """A T1-like head, float32, shape (x, y, z), 1 mm isotropic."""
    rng = np.random.default_rng(7)
    n = MR_SIZE
    c = (np.arange(n, dtype=np.float32) - (n - 1) / 2)
    out = np.empty((n, n, n), dtype=np.float32)
    x, y = np.meshgrid(c, c, indexing="ij")
    for k in range(n):
        z = c[k]

        def ellipsoid(ax, ay, az, cx=0.0, cy=0.0, cz=0.0):
            return ((x - cx) / ax) ** 2 + ((y - cy) / ay) ** 2 + ((z - cz) / az) ** 2

        def inside(r2, soft=0.04):
            return np.clip((1 - r2) / soft, 0.0, 1.0)

        s = np.zeros_like(x)
        s += inside(ellipsoid(80, 100, 95)) * 700  # scalp fat
        s -= inside(ellipsoid(75, 95, 90)) * 620  # skull (dark)
        s += inside(ellipsoid(71, 91, 86)) * 180  # CSF
        fold = 0.06 * np.sin(x / 4.0) * np.sin(y / 5.0) * np.cos(z / 4.5)
        s += inside(ellipsoid(68, 88, 82) + fold) * 330  # grey matter
        s += inside(ellipsoid(55, 74, 66) + fold) * 160  # white matter
        s -= inside(ellipsoid(9, 24, 12, cx=-7) , 0.2) * 480  # ventricles
        s -= inside(ellipsoid(9, 24, 12, cx=7), 0.2) * 480
        bias = 1.0 + 0.15 * (x / n) - 0.1 * (y / n) + 0.08 * (z / n)
        s *= bias
        noise_a = rng.normal(0.0, 12.0, size=s.shape)
        noise_b = rng.normal(0.0, 12.0, size=s.shape)
        out[:, :, k] = np.sqrt((s + noise_a) ** 2 + noise_b**2).astype(np.float32)
    return out


def write_nifti_mr(out):
    data = mr_volume()
    affine = np.diag([1.0, 1.0, 1.0, 1.0])
    affine[:3, 3] = [-(MR_SIZE - 1) / 2] * 3
    image = nib.Nifti1Image(data, affine)
    image.set_qform(affine, code=1)
    image.set_sform(affine, code=1)
    image.header.set_xyzt_units("mm", "sec")
    nib.save(image, os.path.join(out, "mr.nii.gz"))


def write_png(stored, out):
    hu = stored[MIDDLE].astype(np.float32) + CT_INTERCEPT
    level, width = 40.0, 400.0
    grey = np.clip(np.rint((hu - (level - width / 2)) / width * 255), 0, 255).astype(np.uint8)
    Image.fromarray(grey, mode="L").save(os.path.join(out, "ct-middle.png"))


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "data")
    stamp = os.path.join(out, f".complete-v{VERSION}")
    if os.path.exists(stamp):
        return
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    print("bench: generating the CT volume", file=sys.stderr)
    stored = ct_volume()
    print("bench: writing 300 DICOM files (pydicom)", file=sys.stderr)
    write_dicom_series(stored, os.path.join(out, "ct-series"))
    shutil.copy(os.path.join(out, "ct-series", f"IM{MIDDLE + 1:04d}.dcm"), os.path.join(out, "ct-middle.dcm"))
    print("bench: writing ct.nii and ct.nii.gz (nibabel)", file=sys.stderr)
    write_nifti_ct(stored, out)
    write_png(stored, out)
    print("bench: writing the 256³ float32 MR (nibabel)", file=sys.stderr)
    write_nifti_mr(out)
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump({"version": VERSION, "ctSlices": CT_SLICES, "ctSize": CT_SIZE, "middleSlice": MIDDLE,
                   "pydicom": pydicom.__version__, "nibabel": nib.__version__, "numpy": np.__version__}, f, indent=1)
    open(stamp, "w").close()


if __name__ == "__main__":
    main()
