"""Expected values for the NIfTI/Analyze reader, as nibabel reads them.

Usage: nifti.py FIXTURE_ROOT

1. nibabel writes test images into FIXTURE_ROOT/nibabel-made/ from the data of its own sample
   files (pairs, gzipped pairs, Analyze, NIfTI-2, big-endian, every datatype, scaled,
   sform-only, qform-only, no transform, 2D, [x, y, 1, t]), so nobody here wrote their bytes.
2. For every NIfTI/Analyze image under nibabel/ and nibabel-made/, nibabel's reading goes to
   FIXTURE_ROOT/expected/nifti.json: dimensions, spacing, datatype, statistics after scaling,
   some voxel values and the LPS position of some voxels (nibabel's affine, x and y negated).
"""
import gzip
import json
import os
import sys

import nibabel as nib
import numpy as np

root = sys.argv[1]
made = os.path.join(root, "nibabel-made")
os.makedirs(made, exist_ok=True)

# Real sample files shipped with nibabel that slicemark reads.
SAMPLES = [
    "nibabel/anatomical.nii",
    "nibabel/functional.nii",
    "nibabel/example4d.nii.gz",
    "nibabel/example_nifti2.nii.gz",
    "nibabel/standard.nii.gz",
    "nibabel/reoriented_anat_moved.nii",
    "nibabel/resampled_anat_moved.nii",
]


def rel(path):
    return os.path.relpath(path, root)


def out(name):
    return os.path.join(made, name)


anat = nib.load(os.path.join(root, "nibabel/anatomical.nii"))
anat_data = np.asarray(anat.dataobj).astype(np.int64)  # 33 x 41 x 25, -610 … 30393
func = nib.load(os.path.join(root, "nibabel/functional.nii"))
func_data = np.asarray(func.dataobj.get_unscaled())  # 17 x 21 x 3 x 20 int16

# An oblique affine with a shear, from the 4D example's rotation.
oblique = np.array(nib.load(os.path.join(root, "nibabel/example4d.nii.gz")).affine)
oblique[0, 1] += 0.3  # a shear the qform cannot hold
rotated = nib.load(os.path.join(root, "nibabel/example4d.nii.gz")).affine  # a pure rotation

made_files = []


def save(img, name):
    path = out(name)
    nib.save(img, path)
    # A pair is listed by its header file; the tests open the image file too.
    made_files.append(path.replace(".img", ".hdr"))
    return path


# Every datatype the reader supports, from the anatomical data mapped into the type's range.
datatype_data = {
    "uint8": (anat_data * 255 // 30393).clip(0, 255),
    "int8": (anat_data * 127 // 30393).clip(-128, 127),
    "int16": anat_data,
    "uint16": anat_data + 610,
    "int32": anat_data * 1000,
    "uint32": (anat_data + 610) * 100_000,
    "int64": anat_data * 10_000_000_000,
    "float32": anat_data / 7.0,
    "float64": anat_data / 3.0 - 1e-3,
}
for name, data in datatype_data.items():
    img = nib.Nifti1Image(data.astype(name), anat.affine, dtype=name)
    save(img, f"dtype_{name}.nii")

# RGB24: three uint8 channels derived from the anatomical data.
rgb_type = np.dtype([("R", "u1"), ("G", "u1"), ("B", "u1")])
rgb = np.zeros(anat_data.shape, dtype=rgb_type)
rgb["R"] = (anat_data * 255 // 30393).clip(0, 255)
rgb["G"] = (np.arange(anat_data.size).reshape(anat_data.shape) % 256)
rgb["B"] = 255 - rgb["R"]
save(nib.Nifti1Image(rgb, anat.affine), "dtype_rgb24.nii")

# Big-endian single file, and a big-endian gzipped pair.
big = nib.Nifti1Header(endianness=">")
save(nib.Nifti1Image(anat_data.astype(np.int16), anat.affine, header=big, dtype=np.int16),
     "bigendian_int16.nii")
save(nib.Nifti1Pair(func_data.astype(np.float32), func.affine, header=nib.nifti1.Nifti1PairHeader(endianness=">")),
     "bigendian_pair_float32.img.gz")

# Pairs: NIfTI-1, NIfTI-2, gzipped, Analyze (plain and with an SPM origin), NIfTI-2 single file.
save(nib.Nifti1Pair(func_data, func.affine), "pair_nifti1.img")
save(nib.Nifti2Pair(anat_data.astype(np.int16), rotated), "pair_nifti2.img")
save(nib.Nifti1Pair(anat_data.astype(np.int16), rotated), "pair_nifti1_gz.img.gz")
save(nib.Nifti2Image(func_data, rotated), "single_nifti2.nii")
save(nib.Nifti2Image(anat_data.astype(np.float32), oblique), "single_nifti2_oblique.nii.gz")
save(nib.AnalyzeImage(anat_data.astype(np.int16), np.diag([2.0, 2.0, 2.0, 1.0])), "analyze_centred.img")
# SPM images are written without an affine (no .mat file, which needs scipy); the origin and
# zooms go into the header.
spm = nib.Spm2AnalyzeImage(anat_data.astype(np.int16), None)
spm.header["origin"][:3] = [17, 25, 9]
spm.header.set_zooms((2.0, 3.0, 1.5))
save(spm, "analyze_spm_origin.img")
spm = nib.Spm2AnalyzeImage(anat_data.astype(np.float32) / 5.0, None)
spm.set_data_dtype(np.int16)  # nibabel picks a slope (SPM Analyze keeps no intercept)
save(spm, "analyze_scaled.img.gz")

# Scaling: float data stored as int16 and uint8 (nibabel picks slope and intercept).
scaled = nib.Nifti1Image(anat_data / 3.7 - 250.0, anat.affine)
scaled.set_data_dtype(np.int16)
save(scaled, "scaled_int16.nii.gz")
scaled8 = nib.Nifti1Image(func_data / 11.0 + 0.5, func.affine)
scaled8.set_data_dtype(np.uint8)
save(scaled8, "scaled_uint8.nii")

# Transforms: sform only, qform only (with a flip, so qfac is -1), neither, oblique sform + qform.
img = nib.Nifti1Image(anat_data.astype(np.int16), None)
img.set_sform(oblique, code="aligned")
img.set_qform(None, code=0)
save(img, "sform_only.nii")
img = nib.Nifti1Image(anat_data.astype(np.int16), None)
img.set_qform(rotated, code="scanner")
img.set_sform(None, code=0)
save(img, "qform_only.nii")
# An image object always gets an sform on saving, so this one is a header and an array written
# by nibabel's own functions.
hdr = nib.Nifti1Header()
hdr.set_data_dtype(np.int16)
hdr.set_data_shape(anat_data.shape)
hdr.set_zooms((1.5, 2.5, 3.0))
hdr.set_data_offset(352)
with open(out("no_transform.nii"), "wb") as f:
    hdr.write_to(f)
    nib.volumeutils.array_to_file(anat_data.astype(np.int16), f, np.int16, offset=352)
made_files.append(out("no_transform.nii"))
img = nib.Nifti1Image(anat_data.astype(np.int16), oblique)
img.set_qform(rotated, code="scanner")
save(img, "sform_and_qform.nii")

# Shapes: 2D, [x, y, 1, t], a 3D volume with a trailing size-1 dimension.
save(nib.Nifti1Image(anat_data[:, :, 12].astype(np.int16), anat.affine), "shape_2d.nii")
save(nib.Nifti1Image(func_data[:, :, 1:2, :], func.affine), "shape_xy1t.nii.gz")
save(nib.Nifti1Image(anat_data[..., np.newaxis].astype(np.int16), anat.affine), "shape_xyz1.nii")

save(nib.Nifti1Image(func_data[:, :, :, :12].reshape(17, 21, 3, 3, 4), func.affine), "shape_5d.nii")

# Extensions: a comment and an AFNI-coded XML block, in a pair and a single gzipped file.
with_ext = nib.Nifti1Image(anat_data.astype(np.int16), anat.affine, dtype=np.int16)
with_ext.header.extensions.append(nib.nifti1.Nifti1Extension("comment", b"made by nibabel for slicemark"))
with_ext.header.extensions.append(nib.nifti1.Nifti1Extension("afni", b"<?xml version='1.0' ?><AFNI_attributes/>"))
save(with_ext, "extensions.nii.gz")
pair_ext = nib.Nifti1Pair(anat_data.astype(np.int16), anat.affine, dtype=np.int16)
pair_ext.header.extensions.append(nib.nifti1.Nifti1Extension("comment", b"a comment in a pair"))
save(pair_ext, "extensions_pair.img")

# Gzip variants nibabel reads: two gzip members (as `cat a.gz b.gz` makes), and zero padding
# after the voxels that the trailer's size includes.
raw = open(out("dtype_int16.nii"), "rb").read()
with open(out("multi_member.nii.gz"), "wb") as f:
    f.write(gzip.compress(raw[:30001]) + gzip.compress(raw[30001:]))
made_files.append(out("multi_member.nii.gz"))
with open(out("padded.nii.gz"), "wb") as f:
    f.write(gzip.compress(raw + b"\0" * 4096))
made_files.append(out("padded.nii.gz"))

# Files for the bad-input tests (their trouble is described in expected/nifti.json).
bad = os.path.join(made, "bad")
os.makedirs(bad, exist_ok=True)
good = open(out("dtype_int16.nii"), "rb").read()
with open(os.path.join(bad, "truncated.nii"), "wb") as f:
    f.write(good[: len(good) // 2])
with open(os.path.join(bad, "header_only.nii"), "wb") as f:
    f.write(good[:200])
with open(os.path.join(bad, "empty.nii"), "wb") as f:
    pass
with open(os.path.join(bad, "not_gzip.nii.gz"), "wb") as f:
    f.write(good)
gz = open(out("scaled_int16.nii.gz"), "rb").read()
with open(os.path.join(bad, "truncated.nii.gz"), "wb") as f:
    f.write(gz[: len(gz) * 2 // 3])
huge = nib.Nifti1Image(np.zeros((2, 2, 2), np.int16), np.eye(4))
huge.header.set_data_shape((30000, 30000, 30000))
with open(os.path.join(bad, "absurd_dims.nii"), "wb") as f:
    huge.header.write_to(f)
    f.write(b"\0" * 64)
with open(os.path.join(bad, "vox_offset_past_end.nii"), "wb") as f:
    h = nib.Nifti1Image(np.zeros((4, 4, 4), np.int16), np.eye(4)).header
    h["vox_offset"] = 1_000_000
    h.write_to(f)
    f.write(b"\0" * 128)
negative = bytearray(good)
negative[42:44] = np.array([-33], dtype="<i2").tobytes()  # dim[1]
with open(os.path.join(bad, "negative_dim.nii"), "wb") as f:
    f.write(negative)
complex_img = nib.Nifti1Image(np.zeros((3, 3, 3), np.complex64), np.eye(4))
nib.save(complex_img, os.path.join(bad, "complex64.nii"))
nib.save(nib.Nifti1Pair(np.zeros((3, 3, 3), np.int16), np.eye(4)), os.path.join(bad, "lonely.img"))
os.remove(os.path.join(bad, "lonely.img"))
os.makedirs(os.path.join(bad, "empty_folder"), exist_ok=True)
nib.save(nib.Nifti1Pair(np.zeros((3, 3, 3), np.int16), np.eye(4)), os.path.join(bad, "headless.img"))
os.remove(os.path.join(bad, "headless.hdr"))
damaged = bytearray(gz)
damaged[len(gz) // 2 : len(gz) // 2 + 64] = bytes(range(64))
with open(os.path.join(bad, "damaged.nii.gz"), "wb") as f:
    f.write(damaged)
with open(os.path.join(bad, "text.nii.gz"), "wb") as f:
    f.write(gzip.compress(b"this is not an image\n" * 40))
with open(os.path.join(bad, "text.nii"), "wb") as f:
    f.write(b"this is not an image\n" * 40)
cut_gzip = open(out("scaled_int16.nii.gz"), "rb").read()[:20]
with open(os.path.join(bad, "cut_in_header.nii.gz"), "wb") as f:
    f.write(cut_gzip)


def lps(affine, ijk):
    x, y, z = (affine @ np.array([*ijk, 1.0]))[:3]
    return [float(-x), float(-y), float(z)]


def describe(path):
    img = nib.load(path)
    fmt = "nifti" if isinstance(img, (nib.Nifti1Pair, nib.Nifti2Pair)) else "analyze"
    stored = np.asarray(img.dataobj)
    dtype = img.get_data_dtype()
    if dtype.fields is not None:  # RGB24: stats over every sample of every channel
        datatype = "rgb24"
        data = np.stack([stored[c] for c in dtype.names], axis=-1).astype(np.float64)
    else:
        datatype = dtype.newbyteorder("=").name
        data = np.asarray(img.get_fdata(dtype=np.float64))[..., np.newaxis]
    shape = list(img.shape) + [1] * (3 - len(img.shape))
    data = data.reshape(shape[:3] + [int(np.prod(shape[3:]))] + [data.shape[-1]], order="F")
    dims = shape[:3] + ([data.shape[3]] if data.shape[3] > 1 else [])
    affine = img.affine
    spacing = np.sqrt((affine[:3, :3] ** 2).sum(axis=0))
    nx, ny, nz, nt = data.shape[:4]
    rng = np.random.default_rng(len(path))
    picks = [(0, 0, 0, 0), (nx - 1, ny - 1, nz - 1, nt - 1), (nx // 2, ny // 2, nz // 2, nt // 2)]
    picks += [tuple(int(rng.integers(0, n)) for n in (nx, ny, nz, nt)) for _ in range(5)]
    # NaN voxels (resampled images have them) are written as null: JSON has no NaN.
    voxels = [{"index": list(p), "values": [None if np.isnan(v) else float(v) for v in data[p]]} for p in picks]
    positions = [{"index": list(p[:3]), "lps": lps(affine, p[:3])} for p in picks]
    return {
        "file": rel(path),
        "format": fmt,
        "dimensions": dims,
        "spacing": [float(s) for s in spacing],
        "datatype": datatype,
        "components": int(data.shape[-1]),
        "statistics": {
            "min": float(np.nanmin(data)),
            "max": float(np.nanmax(data)),
            "mean": float(np.nanmean(data)),
        },
        "voxels": voxels,
        "positions": positions,
        "rasAffine": [[float(v) for v in row] for row in affine],
        "extensions": [extension(e) for e in getattr(img.header, "extensions", [])],
    }


def extension(e):
    described = {"code": int(e.get_code()), "size": int(e.get_sizeondisk())}
    raw = e.get_content().rstrip(b"\0 \n")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return described
    if text and all(c >= " " or c in "\n\r\t" for c in text):  # text (comments, XML, JSON)
        described["text"] = text
    return described


images = [describe(os.path.join(root, f)) for f in SAMPLES]
images += [describe(p) for p in made_files]
with open(os.path.join(root, "expected", "nifti.json"), "w") as f:
    json.dump({"images": images}, f, indent=1, allow_nan=False)
