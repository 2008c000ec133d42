#!/usr/bin/env bash
# The benchmark suite: slicemark side by side with pydicom, SimpleITK, nibabel, dcm2niix,
# zlib/libdeflate and chafa. The only command needed from a fresh clone:
#
#     scripts/bench.sh [--runs N]
#
# It installs the peers (Debian: dcm2niix, chafa, libdeflate-tools, time; pip into
# Benchmarks/.venv: pydicom, SimpleITK, nibabel, numpy, Pillow), builds slicemark and the
# in-process benchmark in release, generates the data once into Benchmarks/data/ (about
# 450 MB, about a minute), then checks voxel sums, times everything and writes
# Benchmarks/RESULTS.md. A run takes a few minutes. Not part of scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh

tools=(dcm2niix chafa libdeflate-tools time)
missing=()
for p in "${tools[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "bench: installing ${missing[*]}" >&2
    sudo_cmd=()
    [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

venv=Benchmarks/.venv
peers=(pydicom==3.0.2 nibabel==5.4.2 SimpleITK==2.5.* numpy pillow scipy dicom-anonymizer==2.1.0)
stamp="$venv/.peers-$(echo "${peers[*]}" | sha1sum | cut -c1-12)"
if [ ! -f "$stamp" ]; then
    [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
    echo "bench: installing ${peers[*]} into $venv" >&2
    "$venv/bin/python" -m pip install -q --disable-pip-version-check "${peers[@]}" >&2
    touch "$stamp"
fi

echo "bench: building slicemark and SlicemarkBench in release" >&2
swift build -c release --product slicemark >&2
swift build -c release --product SlicemarkBench >&2
bin="$(swift build -c release --show-bin-path)"

"$venv/bin/python" Benchmarks/generate_data.py Benchmarks/data

"$venv/bin/python" Benchmarks/bench_agree.py --bench-exe "$bin/SlicemarkBench" --slicemark "$bin/slicemark" --scratch Benchmarks/data/scratch/agree >&2 || echo "bench: agreement figures differ from scipy's (Benchmarks/RESULTS-agree.md)" >&2
"$venv/bin/python" Benchmarks/bench_check.py --slicemark "$bin/slicemark" --data Benchmarks/data --out Benchmarks/RESULTS-check.md >&2

# DICOM video (issue 20): the test videos of scripts/fixtures.sh played in the held-key pane.
scripts/fixtures.sh
"$bin/SlicemarkBench" video --data Benchmarks/data \
    --file .fixtures/generated/video/h264_hp41.dcm --file .fixtures/generated/video/hevc_main.dcm \
    --file .fixtures/generated/video/mpeg2_mpml.dcm --file .fixtures/generated/video/hevc_main10.dcm > Benchmarks/RESULTS-video.json

status=0
"$venv/bin/python" Benchmarks/bench.py \
    --slicemark "$bin/slicemark" \
    --bench-exe "$bin/SlicemarkBench" --data Benchmarks/data --out Benchmarks/RESULTS.md "$@" || status=$?
"$venv/bin/python" Benchmarks/deid_bench.py --slicemark "$bin/slicemark" --data Benchmarks/data --out Benchmarks/RESULTS.md || status=$?
exit $status
