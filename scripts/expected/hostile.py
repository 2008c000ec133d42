"""Hostile text for the terminal-safety tests, written by pydicom and nibabel (not by us):
under hostile/ in the given root,
- hostile_text.dcm: pydicom's CT_small.dcm with Specific Character Set ISO_IR 192 (UTF-8) and
  every displayed text field holding terminal control sequences: OSC 0/2 (set the window
  title), CSI 6 n (ask for a cursor report), OSC 52 (write the clipboard), C1 controls
  (U+009B CSI, U+009D OSC as UTF-8), a raw 0x9B byte, a right-to-left override and zero-width
  characters;
- hostile_text.nii: nibabel's anatomical.nii with descrip, aux_file and intent_name holding
  the same kind of sequences;
- expected/hostile.json: the strings as pydicom and nibabel read them back.
Usage: hostile.py ROOT [OUT]: reads ROOT/pydicom/CT_small.dcm and ROOT/nibabel/anatomical.nii
(ROOT is the fixture root) and writes under OUT (default ROOT); the tests write to a temporary
folder."""
import json
import os
import sys

import nibabel
import numpy
import pydicom

root = sys.argv[1]
target = sys.argv[2] if len(sys.argv) > 2 else root
out = os.path.join(target, "hostile")
os.makedirs(out, exist_ok=True)

ESC, BEL = "\x1b", "\x07"
TEXT = {
    "PatientName": ESC + "]2;pwned-title" + BEL + "Doe^Jane",
    "SeriesDescription": ESC + "]0;series-title" + BEL + "AX T1",
    "StudyDescription": "HEAD" + ESC + "[6n",
    "InstitutionName": ESC + "]52;c;aGFja2Vk" + BEL + "General",
    "Manufacturer": "\u009b31mVENDOR\u009d0;c1-title\u009c",
    "ReferringPhysicianName": "Dr" + ESC + "[2J" + ESC + "[H",
    "StationName": "LEFT\u202eTFEL",
    "ProtocolName": "zero\u200bwidth\u2066iso\u2069\ufeff",
    "StudyID": "ID\u200f7",
}

ds = pydicom.dcmread(os.path.join(root, "pydicom", "CT_small.dcm"))
ds.SpecificCharacterSet = "ISO_IR 192"
for keyword, value in TEXT.items():
    setattr(ds, keyword, value)
# A raw 0x9B byte (C1 CSI in Latin-1, invalid as UTF-8) in Operators' Name, written as bytes.
ds.add_new(0x00081070, "PN", b"Op\x9b31m")
ds.save_as(os.path.join(out, "hostile_text.dcm"), enforce_file_format=True)

back = pydicom.dcmread(os.path.join(out, "hostile_text.dcm"))
dicom_expected = {k: str(back.data_element(k).value) for k in TEXT}

img = nibabel.load(os.path.join(root, "nibabel", "anatomical.nii"))
header = img.header.copy()
header["descrip"] = (ESC + "]2;nifti-title" + BEL + "T1").encode()
header["aux_file"] = (ESC + "[6n").encode()
header["intent_name"] = (ESC + "]52;c;eA==" + BEL).encode()
nibabel.save(nibabel.Nifti1Image(numpy.asanyarray(img.dataobj), img.affine, header),
             os.path.join(out, "hostile_text.nii"))
nii = nibabel.load(os.path.join(out, "hostile_text.nii"))
nifti_expected = {k: nii.header[k].tobytes().rstrip(b"\0").decode("latin-1")
                  for k in ("descrip", "aux_file", "intent_name")}

os.makedirs(os.path.join(target, "expected"), exist_ok=True)
with open(os.path.join(target, "expected", "hostile.json"), "w") as f:
    json.dump({"dicom": dicom_expected, "nifti": nifti_expected}, f, indent=1, sort_keys=True)
