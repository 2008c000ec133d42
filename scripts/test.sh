#!/usr/bin/env bash
# Runs every test: installs what is missing, fetches the real sample files, builds, tests.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/fixtures.sh
swift build --build-tests
swift test --skip-build "$@"
