"""How images with no patient-space orientation are meant to be shown, as pydicom reads them:
.fixtures/generated/presentation/ holds pydicom-data's CR radiographs (Patient Orientation L\\F
and R\\F), a single ultrasound frame and a 120-frame ultrasound cine; presentation.json has, per
file, Patient Orientation, whether Image Orientation (Patient) is present, the number of frames
and the frame time in ms (Frame Time, or from Cine Rate)."""
import json, os, shutil, sys

import pydicom
from pydicom.data import get_testdata_file

root = sys.argv[1]
folder = os.path.join(root, "generated", "presentation")
os.makedirs(folder, exist_ok=True)
expected = {}
for name in ["RG1_UNCR.dcm", "RG3_UNCR.dcm", "US1_UNCR.dcm", "color3d_jpeg_baseline.dcm"]:
    target = os.path.join(folder, name)
    shutil.copy(get_testdata_file(name), target)
    ds = pydicom.dcmread(target, stop_before_pixels=True)
    orientation = ds.get("PatientOrientation")
    frame_time = ds.get("FrameTime")
    if frame_time is None and ds.get("CineRate"):
        frame_time = 1000 / float(ds.CineRate)
    expected[name] = {
        "patientOrientation": list(orientation) if orientation else [],
        "oriented": "ImageOrientationPatient" in ds,
        "frames": int(ds.get("NumberOfFrames", 1) or 1),
        "frameTime": float(frame_time) if frame_time is not None else None,
    }
with open(os.path.join(root, "expected", "presentation.json"), "w") as f:
    json.dump(expected, f, indent=1, sort_keys=True)
