#!/usr/bin/env python3
"""Files a model might write, made with nibabel and pycocotools (not slicemark), and the
positions nibabel computes, for slicemark's import tests.

    import_inputs.py MODE JOB.json      (prints one JSON object)

Modes:
  labelmap  {image, out, dataset}: a uint16 label map on IMAGE's grid (1 where i < 4, 2 where
            j >= h - 3 and not 1, 300 at voxel [1, 1, 1]) written by nibabel with the image's
            affine, and an nnU-Net v2 dataset.json naming the values. Prints {"counts": {value: n}}.
  voxels    {image, lps: [[x, y, z], ...]}: the continuous voxel index of each LPS point by
            nibabel's affine (voxel -> RAS), {"ijk": [[i, j, k], ...]}.
  coco      {image, out, name, slice}: a COCO file for axial slice SLICE of IMAGE named as
            slicemark's export names it (NAME_axial_SLICE.png): a detector box, a polygon, a
            compressed RLE mask (pycocotools) and keypoints, with scores. Prints the pixels of
            the mask {"mask": [[column, row], ...]}.
"""
import json
import sys

import nibabel as nib
import numpy as np


def labelmap(job):
    img = nib.load(job["image"])
    w, h, d = img.shape[:3]
    data = np.zeros((w, h, d), dtype=np.uint16)
    data[:4, :, :] = 1
    band = np.zeros((w, h, d), dtype=bool)
    band[:, h - 3:, :] = True
    data[band & (data == 0)] = 2
    data[1, 1, 1] = 300
    seg = nib.Nifti1Image(data, img.affine)
    seg.set_sform(img.affine, code=1)
    seg.set_qform(img.affine, code=1)
    nib.save(seg, job["out"])
    with open(job["dataset"], "w") as f:
        json.dump({"name": "test", "labels": {"background": 0, "left band": 1, "back band": 2, "spot": 300},
                   "file_ending": ".nii.gz"}, f)
    values, counts = np.unique(data, return_counts=True)
    return {"counts": {str(int(v)): int(c) for v, c in zip(values, counts)}}


def voxels(job):
    img = nib.load(job["image"])
    inverse = np.linalg.inv(img.affine)
    out = []
    for x, y, z in job["lps"]:
        ras = np.array([-x, -y, z, 1.0])
        out.append([float(v) for v in (inverse @ ras)[:3]])
    return {"ijk": out}


def coco(job):
    from pycocotools import mask as cocomask
    # The COCO pixel grid is the slice as slicemark exports it (its columns and rows, given
    # in the job); which voxel a pixel is follows from slicemark's own slice layout.
    rows, cols = job["rows"], job["columns"]
    m = np.zeros((rows, cols), dtype=np.uint8, order="F")
    m[2:5, 3:7] = 1
    m[6, 1] = 1
    encoded = cocomask.encode(np.asfortranarray(m))
    rle = {"size": [int(v) for v in encoded["size"]], "counts": encoded["counts"].decode("ascii")}
    name = f'{job["name"]}_axial_{job["slice"]}.png'
    doc = {
        "images": [{"id": 7, "file_name": name, "width": cols, "height": rows},
                   {"id": 8, "file_name": "someone-else.nii.gz_axial_0.png", "width": cols, "height": rows}],
        "categories": [{"id": 1, "name": "nodule"}, {"id": 2, "name": "vessel"},
                       {"id": 3, "name": "marks", "keypoints": ["tip", "base"]}],
        "annotations": [
            {"id": 1, "image_id": 7, "category_id": 1, "bbox": [2.0, 1.0, 3.0, 2.0], "score": 0.9},
            {"id": 2, "image_id": 7, "category_id": 1, "segmentation": [[1.5, 1.5, 6.5, 1.5, 4.5, 5.5]],
             "bbox": [1.5, 1.5, 5, 4], "score": 0.8},
            {"id": 3, "image_id": 7, "category_id": 2, "segmentation": rle, "score": 0.7},
            {"id": 4, "image_id": 7, "category_id": 3, "keypoints": [3.5, 2.5, 2, 0, 0, 0], "num_keypoints": 1},
            {"id": 5, "image_id": 8, "category_id": 1, "bbox": [0, 0, 2, 2]},
        ],
    }
    with open(job["out"], "w") as f:
        json.dump(doc, f)
    decoded = cocomask.decode(encoded)
    pixels = [[int(c), int(r)] for c in range(cols) for r in range(rows) if decoded[r, c]]
    return {"mask": pixels}


def main():
    mode, job_file = sys.argv[1], sys.argv[2]
    with open(job_file) as f:
        job = json.load(f)
    print(json.dumps({"labelmap": labelmap, "voxels": voxels, "coco": coco}[mode](job)))


if __name__ == "__main__":
    main()
