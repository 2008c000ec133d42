"""DICOM video test files from real frames, and the frames PyAV decodes from them.

The first 40 frames of pydicom-data's 120-frame ultrasound cine (color3d_jpeg_baseline.dcm,
640 x 480 at 30 frames a second), halved to 320 x 240, are encoded with ffmpeg into an
elementary stream of each DICOM video codec (a key frame every 10 frames, B-frames, open GOPs
where the encoder makes them), and each stream is wrapped by pydicom as a DICOM file with the
transfer syntax of its codec (encapsulated pixel data split over three fragments, Number of
Frames, Frame Time). PyAV then decodes each stream: .fixtures/generated/video/NAME.frames holds
every frame as slicemark lays it out (the luma samples of a MONOCHROME2 file, RGB for a
YBR_PARTIAL_420 one, RGB48 shifted to 10 bits for HEVC Main 10; 2 bytes little-endian a sample
above 8 bits), and expected/video.json the
facts of each file (size, frames, frame time, which frames PyAV calls key frames).
h264_too_few_frames.dcm is the H.264 file with Number of Frames 50 over its 40 frames."""
import json, os, subprocess, sys

import av
import numpy as np
import pydicom
from pydicom.data import get_testdata_file
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.encaps import encapsulate
from pydicom.uid import generate_uid

root = sys.argv[1]
folder = os.path.join(root, "generated", "video")
os.makedirs(folder, exist_ok=True)

source = pydicom.dcmread(get_testdata_file("color3d_jpeg_baseline.dcm"))
rgb = source.pixel_array[:40, ::2, ::2, :].copy()  # pydicom converts its YBR_FULL_422 to RGB
frames, height, width, _ = rgb.shape
grey = np.clip(rgb @ np.array([0.299, 0.587, 0.114]), 0, 255).astype(np.uint8)

# name: (transfer syntax, demuxer, ffmpeg output options, colour?)
videos = {
    "mpeg2_mpml": ("1.2.840.10008.1.2.4.100", "mpegvideo",
                   ["-c:v", "mpeg2video", "-g", "10", "-bf", "2", "-q:v", "4", "-f", "mpeg2video"], True),
    "h264_hp41": ("1.2.840.10008.1.2.4.102", "h264",
                  ["-c:v", "libx264", "-profile:v", "high", "-level", "4.1", "-pix_fmt", "yuv420p",
                   "-g", "10", "-bf", "2", "-crf", "20", "-f", "h264"], True),
    "h264_grey": ("1.2.840.10008.1.2.4.104", "h264",
                  ["-c:v", "libx264", "-profile:v", "high", "-pix_fmt", "yuv420p",
                   "-g", "10", "-bf", "2", "-crf", "20", "-f", "h264"], False),
    "hevc_main": ("1.2.840.10008.1.2.4.107", "hevc",
                  ["-c:v", "libx265", "-pix_fmt", "yuv420p", "-x265-params",
                   "keyint=10:min-keyint=10:bframes=2:log-level=error", "-f", "hevc"], True),
    "hevc_main10": ("1.2.840.10008.1.2.4.108", "hevc",
                    ["-c:v", "libx265", "-pix_fmt", "yuv420p10le", "-x265-params",
                     "keyint=10:min-keyint=10:bframes=2:log-level=error", "-f", "hevc"], True),
    "hevc_main10_grey": ("1.2.840.10008.1.2.4.108", "hevc",
                         ["-c:v", "libx265", "-pix_fmt", "yuv420p10le", "-x265-params",
                          "keyint=10:min-keyint=10:bframes=2:log-level=error", "-f", "hevc"], False),
}

expected = {}
for name, (syntax, demuxer, options, colour) in videos.items():
    stream_path = os.path.join(folder, name + ".es")
    pixels = rgb if colour else grey
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "rawvideo", "-pix_fmt", "rgb24" if colour else "gray",
                    "-s", f"{width}x{height}", "-r", "30", "-i", "-"] + options + [stream_path],
                   input=pixels.tobytes(), check=True)
    stream = open(stream_path, "rb").read()

    decoded, keys, depth = [], [], 8
    with av.open(stream_path, format=demuxer) as container:
        for n, frame in enumerate(container.decode(video=0)):
            if frame.key_frame:
                keys.append(n)
            depth = 10 if "10" in frame.format.name else 8
            dtype = np.dtype("<u2") if depth > 8 else np.uint8
            if colour and depth > 8:
                # RGB48 spans 16 bits; the file's samples are 10-bit.
                decoded.append((frame.to_ndarray(format="rgb48le") >> 6).astype(dtype).tobytes())
            elif colour:
                decoded.append(frame.to_ndarray(format="rgb24").tobytes())
            else:
                plane = frame.planes[0]
                luma = np.frombuffer(bytes(plane), dtype=dtype).reshape(plane.height, -1)[:, :plane.width]
                decoded.append(luma.astype(dtype).tobytes())
    assert len(decoded) == frames, (name, len(decoded))
    with open(os.path.join(folder, name + ".frames"), "wb") as f:
        f.write(b"".join(decoded))

    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.3.1"  # Ultrasound Multi-frame Image
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = syntax
    ds = Dataset()
    ds.file_meta = meta
    ds.SOPClassUID = meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.StudyInstanceUID = generate_uid()
    ds.SeriesInstanceUID = generate_uid()
    ds.Modality = "US"
    ds.PatientName = "Video^Test"
    ds.SeriesDescription = f"{name} from color3d_jpeg_baseline"
    ds.Rows, ds.Columns = height, width
    ds.SamplesPerPixel = 3 if colour else 1
    ds.PhotometricInterpretation = "YBR_PARTIAL_420" if colour else "MONOCHROME2"
    if colour:
        ds.PlanarConfiguration = 0
    ds.BitsAllocated = 8 if depth == 8 else 16
    ds.BitsStored = depth
    ds.HighBit = depth - 1
    ds.PixelRepresentation = 0
    ds.NumberOfFrames = frames
    ds.FrameIncrementPointer = 0x00181063
    ds.FrameTime = "33.3333"
    ds.CineRate = 30
    ds.PixelData = encapsulate([stream], fragments_per_frame=3, has_bot=False)
    ds["PixelData"].VR = "OB"
    ds.is_little_endian, ds.is_implicit_VR = True, False
    ds.save_as(os.path.join(folder, name + ".dcm"), enforce_file_format=True)
    if name == "h264_hp41":
        # The same stream under a header that claims ten frames more than it holds.
        ds.NumberOfFrames = frames + 10
        ds.save_as(os.path.join(folder, "h264_too_few_frames.dcm"), enforce_file_format=True)
    os.remove(stream_path)
    expected[name] = {"transferSyntax": syntax, "frames": frames, "width": width, "height": height,
                      "samplesPerPixel": 3 if colour else 1, "bitsStored": depth, "frameTime": 33.3333,
                      "keyFrames": keys}

with open(os.path.join(root, "expected", "video.json"), "w") as f:
    json.dump(expected, f, indent=1, sort_keys=True)
