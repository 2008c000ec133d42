#!/usr/bin/env python3
"""Independent checks for `slicemark deid` (tests only), with pydicom, nibabel and SimpleITK.

  make JOB    writes test files with synthetic PHI into copies of real sample files:
              JOB {"fixtures": DIR, "out": DIR}; prints {"phi": [...], "files": {...}}
  scan JOB    {"root": DIR, "phi": [...]}: every file's bytes (gzip inflated too) searched for
              every PHI value; every .dcm read by pydicom with all elements decoded
  pixels JOB  {"pairs": [[in, out], ...]}: DICOM PixelData bytes, NIfTI voxels and affine equal
  sitk JOB    {"a": DIR, "b": DIR}: the DICOM series in each folder, read by SimpleITK: size,
              spacing, origin, direction and voxels
"""
import glob
import gzip
import json
import os
import shutil
import sys

import numpy as np

PHI = {
    "name": "Doezinski^Johanna^Quirina",
    "name2": "Doezinski",
    "id": "PHIID48213",
    "other_id": "OTHERID99172",
    "birth": "19610823",
    "address": "17 Elmwood Lane Springfield",
    "accession": "ACC99812X",
    "study_id": "STDY7781X",
    "referring": "Strangelovez^Merkwuerdig",
    "performing": "Quincyzz^Harmon",
    "operator": "Operatorsonz^Olga",
    "institution": "Saint Phiilda Hospital",
    "inst_address": "4 Hospitalroad Gotham",
    "department": "Radiologia Phiilda Dept",
    "station": "STATPHI7X",
    "serial": "SNPHI55501",
    "study_desc": "Followup Doezinski",
    "comment": "Seen by Quincyzz on ward nine",
    "private": "PrivatePhiValue Doezinski",
    "deep": "DeepNestedPhiPerson",
    "deep_id": "DEEPID7730",
    "original": "OriginalAttrPhiName",
    "date": "20190314",
    "nifti_descrip": "Doezinski brain scan",
    "nifti_aux": "PHIAUX4821",
    "nifti_intent": "DoezIntent",
    "nifti_ext": "ExtensionPhi Doezinski PHIID48213",
    "telephone": "555-0199-PHI",
}


def make(job):
    import pydicom
    from pydicom.dataset import Dataset
    from pydicom.sequence import Sequence
    fx, out = job["fixtures"], job["out"]
    os.makedirs(out, exist_ok=True)
    files = {}

    def phi(ds, n=0):
        ds.PatientName = PHI["name"]
        ds.PatientID = PHI["id"]
        ds.OtherPatientIDs = PHI["other_id"]
        ds.PatientBirthDate = PHI["birth"]
        ds.PatientAddress = PHI["address"]
        ds.PatientTelephoneNumbers = PHI["telephone"]
        ds.AccessionNumber = PHI["accession"]
        ds.StudyID = PHI["study_id"]
        ds.ReferringPhysicianName = PHI["referring"]
        ds.PerformingPhysicianName = PHI["performing"]
        ds.OperatorsName = PHI["operator"]
        ds.InstitutionName = PHI["institution"]
        ds.InstitutionAddress = PHI["inst_address"]
        ds.InstitutionalDepartmentName = PHI["department"]
        ds.StationName = PHI["station"]
        ds.DeviceSerialNumber = PHI["serial"]
        ds.StudyDescription = PHI["study_desc"]
        ds.ImageComments = PHI["comment"]
        ds.StudyDate = PHI["date"]
        ds.SeriesDate = PHI["date"]
        ds.AcquisitionDate = PHI["date"]
        ds.ContentDate = PHI["date"]
        ds.StudyTime = "101500"
        # Three levels deep, in sequences the profile keeps (so only recursion finds them).
        level3 = Dataset()
        level3.ReferringPhysicianName = PHI["deep"]
        level3.PatientID = PHI["deep_id"]
        level3.InstitutionName = PHI["institution"]
        level3.ReferencedSOPInstanceUID = ds.SOPInstanceUID
        level3.ReferencedSOPClassUID = ds.SOPClassUID
        level2 = Dataset()
        level2.CodeValue = "T-D1100"
        level2.CodingSchemeDesignator = "SRT"
        level2.CodeMeaning = "Head"
        level2.ReferencedImageSequence = Sequence([level3])
        level1 = Dataset()
        level1.CodeValue = "T-D1100"
        level1.CodingSchemeDesignator = "SRT"
        level1.CodeMeaning = "Head"
        level1.AnatomicRegionModifierSequence = Sequence([level2])
        ds.AnatomicRegionSequence = Sequence([level1])
        original = Dataset()
        modified = Dataset()
        modified.PatientName = PHI["original"]
        original.ModifiedAttributesSequence = Sequence([modified])
        original.SourceOfPreviousValues = PHI["institution"]
        ds.OriginalAttributesSequence = Sequence([original])
        block = ds.private_block(0x0009, "PHI CREATOR", create=True)
        block.add_new(0x01, "LO", PHI["private"])
        inner = Dataset()
        inner.PatientName = PHI["private"]
        block.add_new(0x02, "SQ", Sequence([inner]))

    def save(ds, name):
        path = os.path.join(out, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        ds.save_as(path, enforce_file_format=True)
        return path

    # A three-slice CT series from CT_small, the slices referencing each other.
    ct = pydicom.dcmread(os.path.join(fx, "pydicom/CT_small.dcm"))
    uids = [pydicom.uid.generate_uid() for _ in range(3)]
    series = pydicom.uid.generate_uid()
    files["ct"] = []
    for n in range(3):
        ds = pydicom.dcmread(os.path.join(fx, "pydicom/CT_small.dcm"))
        ds.SOPInstanceUID = uids[n]
        ds.file_meta.MediaStorageSOPInstanceUID = uids[n]
        ds.SeriesInstanceUID = series
        ds.InstanceNumber = n + 1
        pos = [float(v) for v in ct.ImagePositionPatient]
        ds.ImagePositionPatient = [pos[0], pos[1], pos[2] + 5.0 * n]
        ds.SliceLocation = pos[2] + 5.0 * n
        phi(ds)
        ref = Dataset()
        ref.ReferencedSOPClassUID = ds.SOPClassUID
        ref.ReferencedSOPInstanceUID = uids[(n + 1) % 3]
        ds.SourceImageSequence = Sequence([ref])
        files["ct"].append(save(ds, f"patient/ct/slice{n}.dcm"))
    files["ct_uids"] = uids
    files["ct_series"] = series
    files["ct_study"] = str(ct.StudyInstanceUID)
    for key, name in [("mr", "MR_small.dcm"), ("jpeg", "JPEG-lossy.dcm"), ("multiframe", "SC_rgb_rle_2frame.dcm"),
                      ("bigendian", "MR_small_bigendian.dcm"), ("implicit", "MR_small_implicit.dcm"),
                      ("deflated", "image_dfl.dcm")]:
        ds = pydicom.dcmread(os.path.join(fx, "pydicom", name))
        # Three of these are one MR image in three encodings: give each its own instance.
        ds.SOPInstanceUID = pydicom.uid.generate_uid()
        ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
        phi(ds)
        files[key] = save(ds, f"other/{key}.dcm")
    # NIfTI with PHI in its text fields and an extension.
    import nibabel as nib
    data = np.arange(4 * 5 * 6, dtype=np.int16).reshape(4, 5, 6)
    affine = np.array([[-1.5, 0.1, 0, 30], [0, 1.2, 0.2, -20], [0, 0, 2.5, 10], [0, 0, 0, 1]])
    img = nib.Nifti1Image(data, affine)
    h = img.header
    h["descrip"] = PHI["nifti_descrip"].encode()
    h["aux_file"] = PHI["nifti_aux"].encode()
    h["intent_name"] = PHI["nifti_intent"].encode()
    h["db_name"] = PHI["name2"].encode()
    h.extensions.append(nib.nifti1.Nifti1Extension(6, PHI["nifti_ext"].encode()))
    os.makedirs(os.path.join(out, "nifti"), exist_ok=True)
    files["nifti"] = os.path.join(out, "nifti", "brain.nii.gz")
    nib.save(img, files["nifti"])
    print(json.dumps({"phi": sorted(set(PHI.values())), "files": files}))


def all_bytes(path):
    with open(path, "rb") as f:
        raw = f.read()
    if raw[:2] == b"\x1f\x8b":
        raw = raw + gzip.decompress(raw)
    if path.endswith(".dcm"):
        import pydicom
        try:
            ds = pydicom.dcmread(path)
            if ds.file_meta.get("TransferSyntaxUID") == "1.2.840.10008.1.2.1.99":
                import zlib
                raw = raw + zlib.decompress(raw[132 + 12 + ds.file_meta.FileMetaInformationGroupLength:], -15)
        except Exception:
            pass
    return raw


def scan(job):
    import pydicom
    hits, unreadable, count = [], [], 0
    needles = []
    for v in job["phi"]:
        for form in {v, v.upper(), v.lower(), v.replace("^", " ")}:
            needles.append((v, form.encode()))
    for path in sorted(glob.glob(os.path.join(job["root"], "**", "*"), recursive=True)):
        if not os.path.isfile(path):
            continue
        count += 1
        raw = all_bytes(path)
        for v, needle in needles:
            if needle in raw:
                hits.append({"file": path, "value": v})
        if path.endswith(".dcm"):
            try:
                ds = pydicom.dcmread(path)
                for _ in ds.iterall():
                    pass
                _ = ds.PixelData
                assert ds.file_meta.MediaStorageSOPInstanceUID == ds.SOPInstanceUID
                assert ds.PatientIdentityRemoved == "YES"
            except Exception as e:
                unreadable.append({"file": path, "error": repr(e)})
    print(json.dumps({"files": count, "hits": hits, "unreadable": unreadable}))


def pixels(job):
    import pydicom
    different = []
    for a, b in job["pairs"]:
        if a.endswith(".dcm"):
            same = pydicom.dcmread(a).PixelData == pydicom.dcmread(b).PixelData
        else:
            import nibabel as nib
            ia, ib = nib.load(a), nib.load(b)
            same = (np.asarray(ia.dataobj).tobytes() == np.asarray(ib.dataobj).tobytes()
                    and np.array_equal(ia.affine, ib.affine)
                    and ia.header.get_sform(coded=True)[1] == ib.header.get_sform(coded=True)[1])
        if not same:
            different.append([a, b])
    print(json.dumps({"different": different}))


def sitk(job):
    import SimpleITK as sitk_

    def load(folder):
        reader = sitk_.ImageSeriesReader()
        names = reader.GetGDCMSeriesFileNames(folder)
        reader.SetFileNames(names)
        img = reader.Execute()
        return img, len(names)

    a, na = load(job["a"])
    b, nb = load(job["b"])
    same = (a.GetSize() == b.GetSize() and np.allclose(a.GetSpacing(), b.GetSpacing())
            and np.allclose(a.GetOrigin(), b.GetOrigin()) and np.allclose(a.GetDirection(), b.GetDirection())
            and np.array_equal(sitk_.GetArrayFromImage(a), sitk_.GetArrayFromImage(b)))
    print(json.dumps({"same": bool(same), "files": [na, nb], "size": list(b.GetSize()),
                      "origin": list(b.GetOrigin()), "spacing": list(b.GetSpacing())}))


if __name__ == "__main__":
    mode, path = sys.argv[1], sys.argv[2]
    with open(path) as f:
        job = json.load(f)
    {"make": make, "scan": scan, "pixels": pixels, "sitk": sitk}[mode](job)
