#!/usr/bin/env bash
# Runs libFuzzer targets (Fuzz/, built with -sanitize=fuzzer,address) for a set time each.
#   scripts/fuzz.sh TARGET SECONDS    one target (FuzzDICOM, FuzzRLE, …; `scripts/fuzz.sh list`)
#   scripts/fuzz.sh all SECONDS       every target, one after another
# Seed corpora come from the real sample files (.fixtures, made by scripts/fixtures.sh) and are
# kept, with what the fuzzer adds, under Fuzz/.build/corpus/TARGET. Crashes, leaks and
# timeouts go to Fuzz/.build/artifacts/TARGET/; a one-line summary per run is appended to
# Fuzz/.build/fuzz-runs.log. Inputs in Fuzz/crashes/TARGET (committed) are run first on every
# run. Never part of the test command.
set -euo pipefail
# Swift's own crash backtracer fights the sanitizer (and can outlive the target): libFuzzer reports.
export SWIFT_BACKTRACE=enable=no
cd "$(dirname "$0")/.."
repo=$PWD
build=Fuzz/.build
targets=(FuzzDICOM FuzzRLE FuzzJPEGLossless FuzzJPEG12 FuzzLibJPEG FuzzOpenJPEG FuzzCharLS FuzzNIfTIHeader
         FuzzNIfTI FuzzGzip FuzzLabelMap FuzzSidecar FuzzKeymap FuzzLabelSet FuzzTemplate FuzzInputDecoder
         FuzzTerminalSafeText FuzzVideo)

if [ "${1:-}" = list ]; then printf '%s\n' "${targets[@]}"; exit 0; fi
if [ $# -ne 2 ]; then
    echo "usage: scripts/fuzz.sh TARGET|all SECONDS   (scripts/fuzz.sh list names the targets)" >&2
    exit 64
fi
which=$1 seconds=$2

# The sample files (scripts/fixtures.sh fetches them once; they are shared, never written here).
[ -d .fixtures/pydicom ] || scripts/fixtures.sh
mkdir -p "$build"
.fixtures/venv/bin/python scripts/expected/hostile.py .fixtures "$build"
if [ -z "${FUZZ_NO_BUILD:-}" ]; then
    swift build --package-path Fuzz -Xswiftc -sanitize=fuzzer,address >&2
fi
seeds=$build/seeds
rm -rf "$seeds"
.fixtures/venv/bin/python Fuzz/make-corpus.py "$repo" "$seeds" "$build"

run() {
    local target=$1
    local corpus=$build/corpus/$target artifacts=$build/artifacts/$target
    mkdir -p "$corpus" "$artifacts"
    local extra=()
    [ "$target" = FuzzDICOM ] && extra+=(-dict=Fuzz/dicom.dict)
    # Inputs that crashed a target once are run again first (Fuzz/crashes/TARGET, committed).
    local known=()
    [ -d "Fuzz/crashes/$target" ] && known+=("Fuzz/crashes/$target")
    local log=$build/logs/$target.log
    mkdir -p "$build/logs"
    echo "fuzz: $target for ${seconds}s" >&2
    local status=0
    # -rss_limit_mb: a decoder must not need gigabytes for a small file; -timeout: nor hang on one.
    "$build/debug/$target" "$corpus" "$seeds/$target" "${known[@]}" -max_total_time="$seconds" -timeout=25 \
        -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 -artifact_prefix="$artifacts/" \
        "${extra[@]}" >"$log" 2>&1 || status=$?
    local runs cov
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || true)
    local found
    found=$(ls "$artifacts" | wc -l)
    printf '%s %s %ss runs=%s cov=%s exit=%s artifacts=%s\n' "$(date -u +%FT%TZ)" "$target" "$seconds" \
        "${runs:-?}" "${cov:-?}" "$status" "$found" | tee -a "$build/fuzz-runs.log"
    return 0
}

if [ "$which" = all ]; then
    for t in "${targets[@]}"; do run "$t"; done
else
    printf '%s\n' "${targets[@]}" | grep -qx "$which" || { echo "fuzz: unknown target $which" >&2; exit 64; }
    run "$which"
fi
