"""Seed corpora for the fuzz targets, from the real sample files in .fixtures (pydicom's and
nibabel's test data, the codec frames scripts/expected/codecs.py extracted) and the data files
in the repository. Nothing here is committed: scripts/fuzz.sh runs this into the build folder.
Usage: make-corpus.py REPO OUT [HOSTILE] (writes OUT/<Target>/...; HOSTILE is where
scripts/expected/hostile.py wrote its files)."""
import glob
import gzip
import io
import json
import os
import shutil
import struct
import sys

import pydicom
from pydicom.encaps import encapsulate, generate_fragments

repo, out = sys.argv[1], sys.argv[2]
fixtures = os.path.join(repo, ".fixtures")
hostile_root = sys.argv[3] if len(sys.argv) > 3 else fixtures


def put(target, name, data):
    folder = os.path.join(out, target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


def small(paths, limit):
    return [p for p in sorted(paths) if os.path.isfile(p) and os.path.getsize(p) <= limit]


def read(path):
    with open(path, "rb") as f:
        return f.read()


# DICOM: whole files, the small ones (libFuzzer mutates every byte it is given).
for p in small(glob.glob(os.path.join(fixtures, "pydicom", "*.dcm")) +
               glob.glob(os.path.join(hostile_root, "hostile", "*.dcm")), 48 * 1024):
    put("FuzzDICOM", os.path.basename(p), read(p))

# Codec frames: the 8-byte description FuzzSupport.frameDescription reads, then the frame.
codecs = json.load(open(os.path.join(fixtures, "expected", "codecs.json")))
bits_index = {8: 0, 16: 1, 32: 2}
photometrics = {1: ["MONOCHROME2", "MONOCHROME1", "PALETTE COLOR"], 3: ["RGB", "YBR_FULL", "YBR_FULL_422", "YBR_ICT"]}
for entry in codecs["frames"] + codecs.get("undecodable", []):
    ts = entry["transferSyntax"]
    if ts == "1.2.840.10008.1.2.5":
        target = "FuzzRLE"
    elif ts in ("1.2.840.10008.1.2.4.57", "1.2.840.10008.1.2.4.70"):
        target = "FuzzJPEGLossless"
    elif ts == "1.2.840.10008.1.2.4.51" and entry["bitsStored"] > 8:
        target = "FuzzJPEG12"
    elif ts in ("1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51"):
        target = "FuzzLibJPEG"
    elif ts in ("1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81"):
        target = "FuzzCharLS"
    else:
        target = "FuzzOpenJPEG"
    frame = read(os.path.join(fixtures, entry["encoded"]))
    if len(frame) > 64 * 1024:
        continue
    samples = entry["samplesPerPixel"]
    names = photometrics[3 if samples == 3 else 1]
    photometric = names.index(entry["photometric"]) if entry["photometric"] in names else 0
    flags = entry["pixelRepresentation"] | entry["planarConfiguration"] << 1 | photometric << 2
    header = struct.pack("<HHBBBB", (entry["rows"] - 1) % 65536, (entry["columns"] - 1) % 65536,
                         0 if samples == 1 else 1, bits_index.get(entry["bitsAllocated"], 1),
                         (entry["bitsStored"] - 1) % 256, flags)
    put(target, "%s.frame%d" % (entry["name"], entry["frame"]), header + frame)

# NIfTI / Analyze: headers alone, whole files with the selector byte, label maps.
niftis = small(glob.glob(os.path.join(fixtures, "nibabel", "*.nii")) +
               glob.glob(os.path.join(hostile_root, "hostile", "*.nii")), 96 * 1024)
gzipped = small(glob.glob(os.path.join(fixtures, "nibabel", "*.nii.gz")), 64 * 1024)
for p in niftis:
    put("FuzzNIfTIHeader", os.path.basename(p), read(p)[:1024])
    put("FuzzNIfTI", os.path.basename(p), b"\x00" + read(p))
for p in gzipped:
    put("FuzzNIfTIHeader", os.path.basename(p), gzip.decompress(read(p))[:1024])
    put("FuzzNIfTI", os.path.basename(p), b"\x01" + read(p))
    put("FuzzLabelMap", os.path.basename(p), read(p))
    put("FuzzGzip", os.path.basename(p), read(p))
for hdr in small(glob.glob(os.path.join(fixtures, "nibabel", "*.hdr")), 4096):
    img = hdr[:-4] + ".img"
    if os.path.exists(img) and os.path.getsize(img) <= 64 * 1024:
        put("FuzzNIfTI", os.path.basename(hdr), b"\x02" + read(hdr)[:348].ljust(348, b"\0") + read(img))
for p in small(glob.glob(os.path.join(fixtures, "nibabel-made", "*.nii*")), 64 * 1024):
    put("FuzzLabelMap" if p.endswith(".gz") else "FuzzNIfTI", os.path.basename(p),
        read(p) if p.endswith(".gz") else b"\x00" + read(p))
for p in small(glob.glob(os.path.join(fixtures, "nibabel", "*.gz")), 64 * 1024):
    put("FuzzGzip", os.path.basename(p), read(p))

# JSON loaders.
for p in glob.glob(os.path.join(repo, "schemas", "*.example.json")) + \
        glob.glob(os.path.join(fixtures, "**", "*.annotations.json"), recursive=True):
    put("FuzzSidecar", os.path.basename(p), read(p))
for p in glob.glob(os.path.join(repo, "Keymaps", "*.json")):
    put("FuzzKeymap", os.path.basename(p), read(p))
for p in glob.glob(os.path.join(repo, "LabelSets", "*.json")):
    put("FuzzLabelSet", os.path.basename(p), read(p))
for p in glob.glob(os.path.join(repo, "LandmarkTemplates", "*.json")):
    put("FuzzTemplate", os.path.basename(p), read(p))

# Terminal input and text: the sequences terminals send, and the hostile strings.
for n, seq in enumerate([b"\x1b[A\x1b[1;5A\x1bOP\x1b[1;2P\x1b[25~", b"\x1b[12;40R\x1b[?62;22c\x1b[>1;4000;15c",
                         b"\x1b]11;rgb:0000/0000/0000\x07\x1bP1$r0m\x1b\\\x1b_Gi=1;OK\x1b\\",
                         b"\x1b[<0;10;5M\x1b[<64;1;1M\x1b[M !!", b"\x1b1\x1bx\x1b\x1b[\xc3\xa9q",
                         b"\x1b[97;5u\x1b[27;5;114~\x1b[7$\x1bOa"]):
    put("FuzzInputDecoder", "seq%d" % n, seq)
hostile_json = os.path.join(hostile_root, "expected", "hostile.json")
hostile = json.load(open(hostile_json)) if os.path.exists(hostile_json) else {"dicom": {}}
for n, text in enumerate(list(hostile["dicom"].values()) + ["plain ASCII", "Ünïcödé ▀▄█", "\u202eTFEL"]):
    put("FuzzTerminalSafeText", "text%d" % n, text.encode("utf-8", "surrogatepass"))

# Video: the DICOM videos scripts/expected/video.py made (.fixtures/generated/video). For each,
# its elementary stream under FuzzVideo's 7-byte description (codec family, columns, rows,
# frames, fragments), cut to 60 KB (the first frames), and the file itself (selector 6), its
# stream cut the same way when the whole file is over 64 KB.
video_variants = {"mpeg2_mpml": 0, "h264_hp41": 1, "h264_grey": 2, "hevc_main": 3, "hevc_main10": 4,
                  "hevc_main10_grey": 5}
for name, variant in video_variants.items():
    p = os.path.join(fixtures, "generated", "video", name + ".dcm")
    if not os.path.exists(p):
        continue
    ds = pydicom.dcmread(p)
    fragments = list(generate_fragments(ds.PixelData))
    stream = b"".join(fragments[1:] if len(fragments) > 1 and len(fragments[0]) == 0 else fragments)[:60 * 1024]
    header = struct.pack("<BHHBB", variant, (ds.Columns - 1) % 1024, (ds.Rows - 1) % 1024,
                         (int(ds.NumberOfFrames) - 1) % 64, 2)
    put("FuzzVideo", name + ".es", header + stream)
    if os.path.getsize(p) > 64 * 1024 - 1:
        ds.PixelData = encapsulate([stream[:56 * 1024]], fragments_per_frame=3, has_bot=False)
        ds["PixelData"].VR = "OB"
        out_file = io.BytesIO()
        ds.save_as(out_file, enforce_file_format=True)
        put("FuzzVideo", name + ".dcm", b"\x06" + out_file.getvalue())
    else:
        put("FuzzVideo", name + ".dcm", b"\x06" + read(p))
