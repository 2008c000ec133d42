#!/usr/bin/env bash
# The viewer-level soak: the built viewer opened in tmux on mutated copies of the real sample
# files and on real images with mutated sidecars, keys sent, and each session checked for
#   crash     - ended by a signal, or an error that is not one line on stderr;
#   hang      - still running 15 s after `q`;
#   terminal  - tty modes (stty -g) not as they were, or the screen not cleared;
#   sidecar   - a sidecar that could not be read was overwritten.
# Usage: scripts/soak.sh [FILES [SIDECARS [SEED]]]  (default 200 files, 100 sidecars, seed 1).
# Writes a report to .build/soak/report.txt (the failing inputs are kept beside it). Not part
# of the test command: it takes several minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d .fixtures/pydicom ] || scripts/fixtures.sh
swift build --product slicemark >&2
out=.build/soak
rm -rf "$out"
mkdir -p "$out"
exec .fixtures/venv/bin/python - "$PWD" "$out" "${1:-200}" "${2:-100}" "${3:-1}" <<'PY'
import json, os, random, shutil, subprocess, sys, time, gzip

repo, out, n_files, n_sidecars, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
rng = random.Random(seed)
exe = os.path.join(repo, ".build/debug/slicemark")
fx = os.path.join(repo, ".fixtures")
socket = "slicemark-soak-%d" % os.getpid()
env = "env -u NO_COLOR TERM=xterm-256color COLORTERM=truecolor LANG=C.UTF-8 XDG_CONFIG_HOME=/nonexistent SLICEMARK_ANNOTATOR=soak"

def tmux(*args, check=True):
    return subprocess.run(["tmux", "-L", socket] + list(args), capture_output=True, text=True, check=check).stdout

samples = [os.path.join(fx, "pydicom", f) for f in ("CT_small.dcm", "MR_small.dcm", "MR_small_RLE.dcm", "JPEG2000.dcm",
           "MR_small_jpeg_ls_lossless.dcm", "SC_rgb_rle.dcm", "JPGExtended.dcm", "examples_palette.dcm", "rtdose_1frame.dcm")]
samples += [os.path.join(fx, "nibabel", f) for f in ("anatomical.nii", "functional.nii", "example_nifti2.nii.gz",
            "standard.nii.gz", "reoriented_anat_moved.nii")]
samples = [s for s in samples if os.path.exists(s)]

def mutate(data):
    data = bytearray(data)
    kind = rng.choice(["flip", "flip", "truncate", "splice", "zero", "int"])
    if kind == "flip":
        for _ in range(rng.randint(1, 40)):
            # Headers matter most: bias towards the first kilobytes.
            i = min(int(rng.expovariate(1 / 800)), len(data) - 1)
            data[i] ^= 1 << rng.randrange(8)
    elif kind == "truncate":
        data = data[:rng.randrange(len(data))]
    elif kind == "splice":
        i = rng.randrange(len(data)); data[i:i] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
    elif kind == "zero":
        i = rng.randrange(min(len(data), 2048)); data[i:i + rng.randint(1, 16)] = bytes(16)
    else:
        i = rng.randrange(min(len(data), 2048) - 4)
        data[i:i + 4] = rng.choice([b"\xff\xff\xff\xff", b"\x00\x00\x00\x80", b"\xff\xff\xff\x7f", b"\x01\x00\x00\x00"])
    return bytes(data), kind

def gz_mutate(path, data):
    # A gzipped image: mutate what is inside most of the time, the stream itself sometimes.
    if path.endswith(".gz") and rng.random() < 0.7:
        inner, kind = mutate(gzip.decompress(data))
        return gzip.compress(inner), "inner-" + kind
    return mutate(data)

def stty(pane_file):
    return open(pane_file).read().strip() if os.path.exists(pane_file) else None

results = {"ok": 0, "error-exit": 0, "sidecar kept as it was (not JSON)": 0, "sidecar JSON, kept": 0,
           "sidecar JSON, rewritten": 0}
problems = []

def session(case, image, keys, sidecar=None):
    """Runs the viewer on `image` in a fresh tmux window; returns a problem string or None."""
    work = os.path.dirname(image)
    before, after = os.path.join(work, ".stty-before"), os.path.join(work, ".stty-after")
    err = os.path.join(work, ".stderr")
    quoted = lambda s: "'" + s.replace("'", "'\\''") + "'"
    command = ("stty -g > %s; %s %s %s 2> %s; echo SOAK_EXIT=$?; stty -g > %s; sleep 300"
               % (before, env, quoted(exe), quoted(image), err, after))
    tmux("new-window", "-d", "-t", "soak", "-n", case, command)
    time.sleep(1.2)
    for k in keys:
        tmux("send-keys", "-t", "soak:" + case, k, check=False)
        time.sleep(0.05)
    deadline = time.time() + 15
    screen = ""
    while time.time() < deadline:
        screen = tmux("capture-pane", "-p", "-t", "soak:" + case, check=False)
        if "SOAK_EXIT=" in screen and os.path.exists(after):
            break
        time.sleep(0.1)
    tmux("kill-window", "-t", "soak:" + case, check=False)
    if "SOAK_EXIT=" not in screen:
        subprocess.run(["pkill", "-KILL", "-f", "^" + exe + " " + image], check=False)
        return "hang: no exit 15 s after q"
    status = int(screen.split("SOAK_EXIT=")[1].split()[0])
    stderr = open(err, errors="replace").read() if os.path.exists(err) else ""
    if status >= 128 or status not in (0, 1):
        return "crash: exit status %d, stderr %r" % (status, stderr[-300:])
    if status == 1:
        if len(stderr.strip().splitlines()) != 1:
            return "error exit without exactly one error line: %r" % stderr[-300:]
        results["error-exit"] += 1
    else:
        results["ok"] += 1
    if stty(before) != stty(after):
        return "terminal: tty modes changed (%s → %s)" % (stty(before), stty(after))
    shown = screen.split("SOAK_EXIT=")[0]
    if status == 0 and shown.strip():
        return "terminal: screen not cleared: %r" % shown.strip().splitlines()[:3]
    if any(c in shown for c in "▀▄█"):
        return "terminal: an image was left on the screen"
    return None

tmux("-f", "/dev/null", "new-session", "-d", "-s", "soak", "-x", "100", "-y", "30", "sleep 100000")
try:
    keys = ["]", "j", "l", "i", "Escape", "W", "t", "a", "q"]
    for n in range(n_files):
        src = rng.choice(samples)
        data, kind = gz_mutate(src, open(src, "rb").read())
        folder = os.path.join(out, "f%03d" % n)
        os.makedirs(folder)
        path = os.path.join(folder, os.path.basename(src))
        open(path, "wb").write(data)
        problem = session("f%03d" % n, path, keys)
        if problem:
            problems.append("%s (%s of %s): %s" % (path, kind, os.path.basename(src), problem))
        else:
            shutil.rmtree(folder)

    # Sidecars: a real one made by the viewer itself (label 1 and a landmark), then mutated.
    base_images = [os.path.join(fx, "nibabel", "anatomical.nii"), os.path.join(fx, "pydicom", "CT_small.dcm")]
    originals = {}
    for image in base_images:
        folder = os.path.join(out, "base-" + os.path.basename(image))
        os.makedirs(folder)
        copy = os.path.join(folder, os.path.basename(image))
        shutil.copy(image, copy)
        session("base" + str(len(originals)), copy, ["1", "m", "q"])
        found = [f for f in os.listdir(folder) if f.endswith(".annotations.json")]
        if found:
            originals[copy] = (found[0], open(os.path.join(folder, found[0]), "rb").read())
    if not originals:
        problems.append("no base sidecar could be made: the sidecar soak did not run")
    for n in range(n_sidecars if originals else 0):
        image = rng.choice(sorted(originals))
        name, sidecar = originals[image]
        data, kind = mutate(sidecar)
        if rng.random() < 0.3:
            # A JSON-aware mutation: a value of the wrong type, a huge number, a deep nest.
            try:
                doc = json.loads(sidecar)
                key = rng.choice(list(doc))
                doc[key] = rng.choice([None, 1e308, -1, "x" * 10000, [[[[[[]]]]]], {"a": {"b": {}}}, True])
                data, kind = json.dumps(doc).encode(), "json-" + key
            except Exception:
                pass
        folder = os.path.join(out, "s%03d" % n)
        os.makedirs(folder)
        copy = os.path.join(folder, os.path.basename(image))
        shutil.copy(image, copy)
        open(os.path.join(folder, name), "wb").write(data)
        problem = session("s%03d" % n, copy, ["1", "2", "m", "u", "A", "Escape", "q"])
        now = open(os.path.join(folder, name), "rb").read() if os.path.exists(os.path.join(folder, name)) else None
        try:
            json.loads(data)
            readable = True
        except Exception:
            readable = False
        if problem is None and not readable and now != data:
            problem = "sidecar: an unreadable sidecar was overwritten"
        results["sidecar kept as it was (not JSON)" if not readable else
                "sidecar JSON, kept" if now == data else "sidecar JSON, rewritten"] += 1
        if problem is None and now is None:
            problem = "sidecar: the sidecar was deleted"
        if problem:
            problems.append("%s (%s): %s" % (folder, kind, problem))
        else:
            shutil.rmtree(folder)
finally:
    tmux("kill-server", check=False)

report = ["soak: %d mutated images, %d mutated sidecars (seed %d)" % (n_files, n_sidecars, seed),
          "sessions that opened and quit cleanly: %d; ended with a one-line error: %d" % (results["ok"], results["error-exit"]),
          "mutated sidecars: %d not JSON and left as they were; %d JSON left as they were; %d JSON rewritten" % (
              results["sidecar kept as it was (not JSON)"], results["sidecar JSON, kept"], results["sidecar JSON, rewritten"]),
          "problems: %d" % len(problems)] + ["  " + p for p in problems]
open(os.path.join(out, "report.txt"), "w").write("\n".join(report) + "\n")
print("\n".join(report))
sys.exit(1 if problems else 0)
PY
