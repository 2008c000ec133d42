#!/usr/bin/env bash
# Fetches the real sample files slicemark is tested against (the data shipped inside the
# pydicom and nibabel packages on PyPI) into .fixtures/, with a Python environment holding
# those libraries, and writes the values they read (.fixtures/expected/*.json) with the
# scripts in scripts/expected/. Nothing here is committed; running it again is cheap.
set -euo pipefail
cd "$(dirname "$0")/.."
root=.fixtures
mkdir -p "$root"

PYDICOM_VERSION=3.0.2
NIBABEL_VERSION=5.4.2
stamp="$root/.stamp-$PYDICOM_VERSION-$NIBABEL_VERSION-$(cat scripts/expected/* scripts/fixtures.sh | sha1sum | cut -c1-12)"
[ -f "$stamp" ] && exit 0

if [ ! -x "$root/venv/bin/python" ]; then
    echo "fixtures: creating $root/venv" >&2
    python3 -m venv "$root/venv"
fi
py="$root/venv/bin/python"
"$py" -m pip install -q --disable-pip-version-check \
    "pydicom==$PYDICOM_VERSION" "nibabel==$NIBABEL_VERSION" numpy \
    pylibjpeg pylibjpeg-libjpeg pylibjpeg-openjpeg pylibjpeg-rle pyjpegls python-gdcm jsonschema \
    pillow imagecodecs SimpleITK highdicom pydicom-data scipy pandas pycocotools \
    scikit-learn statsmodels krippendorff dicom-anonymizer av >&2

# The sample data, copied out of the installed packages so paths are short and stable.
"$py" - "$root" <<'PY'
import os, shutil, sys, pydicom, nibabel
root = sys.argv[1]
for name, src in [("pydicom", os.path.join(os.path.dirname(pydicom.__file__), "data", "test_files")),
                  ("nibabel", os.path.join(os.path.dirname(nibabel.__file__), "tests", "data")),
                  ("nibabel-nicom", os.path.join(os.path.dirname(nibabel.__file__), "nicom", "tests", "data"))]:
    dst = os.path.join(root, name)
    shutil.rmtree(dst, ignore_errors=True)
    shutil.copytree(src, dst)
PY

mkdir -p "$root/expected"
for script in scripts/expected/*.py; do
    [ -e "$script" ] || continue
    echo "fixtures: $script" >&2
    "$py" "$script" "$root"
done
rm -f "$root"/.stamp-*
touch "$stamp"
