"""Expected values for the annotation tests: for a few voxels of real NIfTI files, the patient
position nibabel's affine gives (RAS, converted to LPS by negating x and y), and each file's
SHA-256 as hashlib computes it; for an oblique DICOM series written here by pydicom (in
annotations/oblique-series under the fixture root) and a real CT series of pydicom's
test data, the positions their tags give and their UIDs.
Writes expected/annotations.json under the fixture root."""
import hashlib
import json
import os
import sys

import nibabel
import numpy

root = sys.argv[1]


def ras_to_lps(affine, i, j, k):
    ras = affine @ numpy.array([i, j, k, 1.0])
    return [-float(ras[0]), -float(ras[1]), float(ras[2])]


def near_centre(shape, position):
    """Positions of the voxels around the one the viewer opens on (the centre of the middle
    slice), keyed "i,j,k": the end-to-end tests move the cursor a few steps from there."""
    ci, cj, ck = shape[0] // 2, shape[1] // 2, shape[2] // 2
    table = {}
    for i in range(max(ci - 6, 0), min(ci + 7, shape[0])):
        for j in range(max(cj - 6, 0), min(cj + 7, shape[1])):
            for k in range(max(ck - 2, 0), min(ck + 3, shape[2])):
                table[f"{i},{j},{k}"] = position(i, j, k)
    return table

files = ["nibabel/anatomical.nii", "nibabel/example4d.nii.gz"]
out = {}
for relative in files:
    path = os.path.join(root, relative)
    image = nibabel.load(path)
    shape = image.shape[:3]
    voxels = [[0, 0, 0], [shape[0] - 1, shape[1] - 1, shape[2] - 1],
              [shape[0] // 3, shape[1] // 2, shape[2] // 4], [1, shape[1] - 2, shape[2] // 2]]
    lps = []
    for v in voxels:
        ras = image.affine @ numpy.array([v[0], v[1], v[2], 1.0])
        lps.append([-float(ras[0]), -float(ras[1]), float(ras[2])])
    with open(path, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    out[relative] = {"voxels": voxels, "lps": lps, "sha256": digest, "nearCentre": near_centre(shape, lambda i, j, k: ras_to_lps(image.affine, i, j, k))}

# An oblique three-slice CT series made with pydicom from CT_small.dcm: the image plane turned
# 20° about the patient's S axis and 10° about L, slices 2.5 mm apart along the normal, files
# written in shuffled order. Expected positions from the tags pydicom wrote, sorted along the
# normal as the standard describes.
import math
import pydicom
from pydicom.uid import generate_uid

def identifying(ds):
    """Patient-identifying values of a dataset that must never appear in a sidecar."""
    keywords = ["PatientName", "PatientID", "PatientBirthDate", "AccessionNumber", "OtherPatientIDs"]
    return [str(ds.get(k)) for k in keywords if ds.get(k) not in (None, "") and len(str(ds.get(k))) >= 4]


series_folder = os.path.join(root, "annotations", "oblique-series")
os.makedirs(series_folder, exist_ok=True)
for name in os.listdir(series_folder):
    os.remove(os.path.join(series_folder, name))
a, b = math.radians(20), math.radians(10)
rz = numpy.array([[math.cos(a), -math.sin(a), 0], [math.sin(a), math.cos(a), 0], [0, 0, 1]])
rx = numpy.array([[1, 0, 0], [0, math.cos(b), -math.sin(b)], [0, math.sin(b), math.cos(b)]])
rotation = rx @ rz
row_dir, col_dir = rotation @ numpy.array([1.0, 0, 0]), rotation @ numpy.array([0, 1.0, 0])
normal = numpy.cross(row_dir, col_dir)
origin = numpy.array([-158.1358, -179.0358, -75.7])
series_uid, study_uid = "1.2.826.0.1.3680043.8.498.1001", "1.2.826.0.1.3680043.8.498.1000"
slices = []
for order, k in enumerate([2, 0, 1]):
    ds = pydicom.dcmread(os.path.join(root, "pydicom", "CT_small.dcm"))
    position = origin + 2.5 * k * normal
    ds.ImageOrientationPatient = [f"{x:.6f}" for x in list(row_dir) + list(col_dir)]
    ds.ImagePositionPatient = [f"{x:.4f}" for x in position]
    ds.SeriesInstanceUID, ds.StudyInstanceUID = series_uid, study_uid
    ds.SOPInstanceUID = f"1.2.826.0.1.3680043.8.498.1001.{k + 1}"
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    ds.InstanceNumber = order + 1
    ds.save_as(os.path.join(series_folder, f"slice{order}.dcm"))
for name in sorted(os.listdir(series_folder)):
    ds = pydicom.dcmread(os.path.join(series_folder, name))
    slices.append(ds)
slices.sort(key=lambda ds: float(numpy.dot([float(x) for x in ds.ImagePositionPatient], normal)))
first = slices[0]
iop = [float(x) for x in first.ImageOrientationPatient]
spacing = [float(x) for x in first.PixelSpacing]
voxels = [[0, 0, 0], [127, 127, 2], [40, 90, 1], [100, 5, 2]]
lps = []
for i, j, k in voxels:
    ipp = numpy.array([float(x) for x in slices[k].ImagePositionPatient])
    p = ipp + i * spacing[1] * numpy.array(iop[:3]) + j * spacing[0] * numpy.array(iop[3:])
    lps.append([float(x) for x in p])
out["annotations/oblique-series"] = {
    "voxels": voxels, "lps": lps,
    "studyInstanceUID": study_uid, "seriesInstanceUID": series_uid,
    "sopInstanceUIDs": sorted(str(ds.SOPInstanceUID) for ds in slices),
    "identifying": identifying(slices[0]),
}
# A real CT series from pydicom's test data (5 axial slices, files named in the opposite order
# of their positions): positions from its own tags.
ct_folder = os.path.join(root, "pydicom", "dicomdirtests", "98892001", "CT5N")
ct = [pydicom.dcmread(os.path.join(ct_folder, name)) for name in sorted(os.listdir(ct_folder))]
ct_iop = [float(x) for x in ct[0].ImageOrientationPatient]
ct_normal = numpy.cross(ct_iop[:3], ct_iop[3:])
ct.sort(key=lambda ds: float(numpy.dot([float(x) for x in ds.ImagePositionPatient], ct_normal)))
ct_spacing = [float(x) for x in ct[0].PixelSpacing]
ct_voxels = [[0, 0, 0], [15, 15, 4], [3, 12, 2], [10, 4, 1]]
ct_lps = []
for i, j, k in ct_voxels:
    ipp = numpy.array([float(x) for x in ct[k].ImagePositionPatient])
    p = ipp + i * ct_spacing[1] * numpy.array(ct_iop[:3]) + j * ct_spacing[0] * numpy.array(ct_iop[3:])
    ct_lps.append([float(x) for x in p])
def ct_position(i, j, k):
    ipp = numpy.array([float(x) for x in ct[k].ImagePositionPatient])
    p = ipp + i * ct_spacing[1] * numpy.array(ct_iop[:3]) + j * ct_spacing[0] * numpy.array(ct_iop[3:])
    return [float(x) for x in p]


out["pydicom/dicomdirtests/98892001/CT5N"] = {
    "voxels": ct_voxels, "lps": ct_lps,
    "nearCentre": near_centre((int(ct[0].Columns), int(ct[0].Rows), len(ct)), ct_position),
    "seriesInstanceUID": str(ct[0].SeriesInstanceUID),
    "sopInstanceUIDs": sorted(str(ds.SOPInstanceUID) for ds in ct),
    "identifying": identifying(ct[0]),
}

with open(os.path.join(root, "expected", "annotations.json"), "w") as f:
    json.dump(out, f, indent=1)
