#!/usr/bin/env bash
# Opens the viewer: on the built-in demo volume with no arguments, or on the paths given.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
"$here/scripts/install-deps.sh"
swift build -c release --package-path "$here" >&2
exec "$here/.build/release/slicemark" "$@"
