#!/usr/bin/env bash
# Installs the Debian packages slicemark builds against, when any is missing.
# Used by both README commands and by CI. Safe to run again: it does nothing when all are there.
set -euo pipefail

packages=(
    pkg-config
    libncursesw5-dev   # the terminal
    zlib1g-dev         # gzip (fallback inflater)
    libdeflate-dev     # gzip (fast inflater)
    libjpeg62-turbo-dev # JPEG baseline/extended pixel data
    libopenjp2-7-dev   # JPEG 2000 pixel data
    libcharls-dev      # JPEG-LS pixel data
    libswscale-dev     # DICOM video pictures converted to RGB
    tmux               # end-to-end viewer tests
    python3-venv       # the fixture script's pydicom/nibabel
    libsqlite3-dev     # the cache of per-file facts (GRDB)
    dcmtk              # dcmdump, measured beside `check` in the benchmarks
    dcm2niix           # the Siemens mosaic tests compare with its NIfTI
    libavcodec-dev     # DICOM video pixel data (MPEG-2, H.264, HEVC)
    libavutil-dev      # its frames and options
    ffmpeg             # the video tests encode real frames into each syntax; screenshots read as RGB
    libsixel-bin       # sixel2png decodes what render --graphics sixel writes
    xterm              # a real sixel terminal (-ti vt340) for the viewer's graphics test
    xvfb               # …run headless
    x11-apps           # xwd: its screenshots
    libxtst6           # XTEST: scripts/xkeys.py types into it
    kitty              # a real kitty-protocol terminal for the same test (software OpenGL under Xvfb)
)

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "slicemark: installing ${missing[*]}" >&2
sudo_cmd=()
[ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
"${sudo_cmd[@]}" apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
