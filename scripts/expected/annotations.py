"""Expected values for the annotation tests: for a few voxels of real NIfTI files, the patient
position nibabel's affine gives (RAS, converted to LPS by negating x and y), and each file's
SHA-256 as hashlib computes it.  Writes expected/annotations.json under the fixture root."""
import hashlib
import json
import os
import sys

import nibabel
import numpy

root = sys.argv[1]
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
    out[relative] = {"voxels": voxels, "lps": lps, "sha256": digest}

with open(os.path.join(root, "expected", "annotations.json"), "w") as f:
    json.dump(out, f, indent=1)
