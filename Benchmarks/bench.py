"""The slicemark benchmark suite: slicemark side by side with pydicom, SimpleITK, nibabel,
dcm2niix, zlib/libdeflate and chafa, on the data that generate_data.py writes.

Run it through scripts/bench.sh, which installs the peers, builds slicemark in release and
generates the data. Directly:

    python bench.py --slicemark PATH --bench-exe PATH --data DIR --out RESULTS.md [--runs N]

Steps: check that every loader gets the same voxel sum; time each task's commands alternately
as whole processes (one warm-up round, then --runs rounds, medians); run the in-process
benchmark executable; write the tables to --out and print them.
"""
import argparse
import datetime
import json
import os
import platform
import re
import shutil
import subprocess
import sys

from harness import Command, run_once, time_alternately
from report import Report

HERE = os.path.dirname(os.path.abspath(__file__))
PY = sys.executable


def peer(name, *args):
    return [PY, os.path.join(HERE, "peers", name), *args]


def parse_sum(outcome):
    match = re.search(rb"\bsum (\S+)", outcome.stdout)
    if outcome.status != 0 or not match:
        return None, outcome.error or f"exit status {outcome.status}, no sum printed"
    text = match.group(1).decode()
    return (int(text) if re.fullmatch(r"-?\d+", text) else float(text)), ""


def same_sum(a, b):
    if isinstance(a, int) and isinstance(b, int):
        return a == b
    return abs(a - b) <= 1e-7 * max(abs(a), abs(b), 1.0)


class Suite:
    def __init__(self, args):
        self.args = args
        self.sm = args.slicemark
        self.data = os.path.abspath(args.data)
        self.series = os.path.join(self.data, "ct-series")
        self.ct_nii = os.path.join(self.data, "ct.nii")
        self.ct_gz = os.path.join(self.data, "ct.nii.gz")
        self.mr_gz = os.path.join(self.data, "mr.nii.gz")
        self.png = os.path.join(self.data, "ct-middle.png")
        self.middle_dcm = os.path.join(self.data, "ct-middle.dcm")
        self.subcommands = slicemark_subcommands(self.sm)
        self.scratch = os.path.join(self.data, "scratch")
        os.makedirs(self.scratch, exist_ok=True)
        self.report = Report()
        with open(os.path.join(self.data, "manifest.json")) as f:
            manifest = json.load(f)
        self.report.voxel_bytes = manifest["ctSize"] ** 2 * manifest["ctSlices"] * 2

    def log(self, message):
        print(f"bench: {message}", file=sys.stderr, flush=True)

    def slicemark(self, subcommand, *args, **options):
        """A slicemark command; one this build does not have yet is reported, not run."""
        missing = "" if subcommand in self.subcommands else \
            f"this build of slicemark has no `{subcommand}` command yet"
        return Command("slicemark", [self.sm, subcommand, *args], unavailable=missing, **options)

    def dcm2niix(self):
        return ["dcm2niix", "-z", "n", "-b", "n", "-w", "1", "-o", self.scratch, "-f", "dcm2niix-ct", self.series]

    # -- checks ---------------------------------------------------------------------------

    def check_sums(self):
        self.log("checking that every loader reads the same voxel sum")
        ct = [
            ("pydicom", "series", peer("pydicom_series.py", self.series, "--sum")),
            ("SimpleITK", "series", peer("sitk_series.py", self.series, "--sum")),
            ("slicemark", "series", [self.sm, "load", "--sum", self.series]),
            ("nibabel", "ct.nii", peer("nibabel_load.py", self.ct_nii, "--sum")),
            ("slicemark", "ct.nii", [self.sm, "load", "--sum", self.ct_nii]),
            ("nibabel", "ct.nii.gz", peer("nibabel_load.py", self.ct_gz, "--sum")),
            ("slicemark", "ct.nii.gz", [self.sm, "load", "--sum", self.ct_gz]),
        ]
        reference = None
        for tool, what, argv in ct:
            value, error = parse_sum(run_once(Command(tool, argv), capture=True))
            if reference is None and value is not None:
                reference = value
            self.report.add_check("CT", tool, what, value, error, reference, same_sum)
        outcome = run_once(Command("dcm2niix", self.dcm2niix()), capture=True)
        converted = os.path.join(self.scratch, "dcm2niix-ct.nii")
        if outcome.status == 0 and os.path.exists(converted):
            value, error = parse_sum(run_once(Command("nibabel", peer("nifti_sum.py", converted)), capture=True))
        else:
            value, error = None, outcome.error or "no output"
        self.report.add_check("CT", "dcm2niix", "series → .nii", value, error, reference, same_sum)

        mr_reference = None
        for tool, argv in [("nibabel", peer("nibabel_load.py", self.mr_gz, "--sum")),
                           ("slicemark", [self.sm, "load", "--sum", self.mr_gz])]:
            value, error = parse_sum(run_once(Command(tool, argv), capture=True))
            if mr_reference is None and value is not None:
                mr_reference = value
            self.report.add_check("MR", tool, "mr.nii.gz", value, error, mr_reference, same_sum)

    # -- whole-process timing --------------------------------------------------------------

    def timed(self, key, title, commands, timeout=120.0):
        self.log(f"timing: {title}")
        stats = time_alternately(commands, self.args.runs, warmups=1, timeout=timeout)
        self.report.add_timing(key, title, stats)
        return stats

    def run_timings(self):
        files = sorted(os.path.join(self.series, n) for n in os.listdir(self.series))
        self.timed("series", "open the 300-slice CT series into memory", [
            Command("slicemark", [self.sm, "load", self.series]),
            Command("pydicom", peer("pydicom_series.py", self.series)),
            Command("SimpleITK", peer("sitk_series.py", self.series)),
            Command("dcm2niix", self.dcm2niix()),
            Command("cat", ["cat", *files]),
        ])
        self.timed("niigz", "open the CT .nii.gz", [
            Command("slicemark", [self.sm, "load", self.ct_gz]),
            Command("nibabel", peer("nibabel_load.py", self.ct_gz)),
            Command("zlib (python)", peer("zlib_inflate.py", self.ct_gz)),
            Command("gzip -dc", ["gzip", "-dc", self.ct_gz]),
            Command("libdeflate-gunzip", ["libdeflate-gunzip", "-c", self.ct_gz]),
        ])
        self.timed("nii", "open the CT .nii (to the first frame)", [
            Command("slicemark", [self.sm, "load", self.ct_nii]),
            Command("nibabel", peer("nibabel_load.py", self.ct_nii)),
            Command("nibabel, middle slice only", peer("nibabel_load.py", self.ct_nii, "--middle")),
        ])
        self.timed("mr", "open the 256³ float32 MR .nii.gz", [
            Command("slicemark", [self.sm, "load", self.mr_gz]),
            Command("nibabel", peer("nibabel_load.py", self.mr_gz)),
            Command("libdeflate-gunzip", ["libdeflate-gunzip", "-c", self.mr_gz]),
        ])
        self.timed("viewer-series", "time to first image in the viewer, CT series", [
            self.slicemark("view", self.series, needs_terminal=True),
        ], timeout=20.0)
        self.timed("viewer-niigz", "time to first image in the viewer, CT .nii.gz", [
            self.slicemark("view", self.ct_gz, needs_terminal=True),
        ], timeout=20.0)
        self.timed("render", "render one 512×512 DICOM slice as 128×64 cells (whole process)", [
            self.slicemark("render", *self.render_args("truecolor")),
            Command("chafa", self.chafa_argv("full")),
        ])

    def render_args(self, color):
        return [self.middle_dcm, "--cols", "128", "--rows", "64", "--window", "400", "--level", "40",
                "--color", color]

    def chafa_argv(self, colors):
        return ["chafa", "-s", "128x64", "-f", "symbols", "--symbols", "vhalf", "-c", colors, self.png]

    # -- bytes and in-process figures ------------------------------------------------------

    def measure_bytes(self):
        self.log("measuring bytes per frame")
        for label, sm_color, chafa_colors in [("truecolour", "truecolor", "full"), ("256-colour", "256", "256")]:
            sm = run_once(self.slicemark("render", *self.render_args(sm_color)), capture=True)
            ch = run_once(Command("chafa", self.chafa_argv(chafa_colors)), capture=True)
            self.report.add_bytes(label, len(sm.stdout) if sm.status == 0 else None, sm.error,
                                  len(ch.stdout) if ch.status == 0 else None, ch.error)

    def in_process(self):
        exe = self.args.bench_exe
        if not exe or not os.path.exists(exe):
            self.report.in_process_error = "the in-process benchmark executable was not built"
            return
        self.log("running the in-process benchmark")
        outcome = run_once(Command("SlicemarkBench", [exe, "--data", self.data]), capture=True, timeout=300)
        if outcome.status != 0:
            self.report.in_process_error = outcome.error or f"exit status {outcome.status}"
            return
        try:
            self.report.in_process = json.loads(outcome.stdout)
        except ValueError:
            self.report.in_process_error = "the in-process benchmark printed no JSON"

    def label_maps(self):
        """Label-map save and reload, in process on both sides: SlicemarkBench against nibabel."""
        exe = self.args.bench_exe
        if not exe or not os.path.exists(exe):
            self.report.label_map_error = "the in-process benchmark executable was not built"
            return
        self.log("timing label-map save and reload")
        out = os.path.join(self.scratch, "labelmaps")
        os.makedirs(out, exist_ok=True)
        ours = run_once(Command("SlicemarkBench", [exe, "labelmap", "--out", out, "--repeats", str(self.args.runs)]),
                        capture=True, timeout=600)
        if ours.status != 0:
            self.report.label_map_error = ours.error or f"SlicemarkBench labelmap: exit status {ours.status}"
            return
        try:
            self.report.label_map_ours = json.loads(ours.stdout)
        except ValueError:
            self.report.label_map_error = "SlicemarkBench labelmap printed no JSON"
            return
        peer_run = run_once(Command("nibabel", peer("nibabel_labelmap.py", self.report.label_map_ours["file"], out,
                                                    "--repeats", str(self.args.runs))), capture=True, timeout=600)
        try:
            self.report.label_map_nibabel = json.loads(peer_run.stdout) if peer_run.status == 0 else None
        except ValueError:
            self.report.label_map_nibabel = None
        if self.report.label_map_nibabel is None:
            self.report.label_map_error = peer_run.error or f"nibabel_labelmap.py: exit status {peer_run.status}"

    def worklist(self):
        """`slicemark status` over 500 sidecars, against reading the same JSON in Python."""
        exe = self.args.bench_exe
        if not exe or not os.path.exists(exe):
            return
        self.log("building 500 annotated images for the worklist")
        out = os.path.join(self.scratch, "worklist")
        made = run_once(Command("SlicemarkBench", [exe, "status", "--out", out, "--images", "500"]), capture=True, timeout=600)
        if made.status != 0:
            return
        folder = json.loads(made.stdout)["folder"]
        self.timed("status", "status --json over 500 sidecars (3 readers, a reviewer)", [
            Command("slicemark", [self.sm, "status", "--json", folder]),
            Command("python json", peer("json_worklist.py", folder)),
        ])

    # -- the whole run ---------------------------------------------------------------------

    def warm_page_cache(self):
        self.log("warming the page cache")
        for root, _, names in os.walk(self.data):
            for name in names:
                with open(os.path.join(root, name), "rb") as f:
                    while f.read(1 << 22):
                        pass

    def run(self):
        self.report.machine = machine_description()
        self.report.versions = tool_versions(self.sm)
        self.report.runs = self.args.runs
        self.report.started = datetime.datetime.now(datetime.timezone.utc)
        self.report.load_before = os.getloadavg()
        self.warm_page_cache()
        self.check_sums()
        self.run_timings()
        self.measure_bytes()
        self.in_process()
        self.label_maps()
        self.worklist()
        self.report.load_after = os.getloadavg()
        self.report.finished = datetime.datetime.now(datetime.timezone.utc)
        text = self.report.markdown()
        with open(self.args.out, "w") as f:
            f.write(text)
        print(text)
        shutil.rmtree(self.scratch, ignore_errors=True)
        return 1 if self.report.any_wrong_sum or self.report.label_map_wrong else 0


def slicemark_subcommands(slicemark):
    """The subcommands `slicemark --help` lists, plus the hidden `load`."""
    try:
        text = subprocess.run([slicemark, "--help"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.TimeoutExpired):
        return set()
    section = text.split("SUBCOMMANDS:", 1)[1] if "SUBCOMMANDS:" in text else ""
    return {m.group(1) for m in re.finditer(r"^\s{2}([a-z][a-z-]*)", section, re.M)} | {"load"}


def machine_description():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    memory = ""
    try:
        with open("/proc/meminfo") as f:
            kib = int(next(line for line in f if line.startswith("MemTotal")).split()[1])
            memory = f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    return {"cpus": os.cpu_count(), "cpu": cpu, "memory": memory,
            "system": f"{platform.system()} {platform.release()}"}


def tool_versions(slicemark):
    def first_line(argv, pattern=None):
        try:
            out = subprocess.run(argv, capture_output=True, text=True, timeout=20)
        except (OSError, subprocess.TimeoutExpired):
            return "not installed"
        text = (out.stdout + out.stderr).strip()
        if pattern:
            m = re.search(pattern, text)
            return m.group(1) if m else text.splitlines()[0] if text else "?"
        return text.splitlines()[0] if text else "?"

    import nibabel
    import numpy
    import pydicom
    import SimpleITK
    commit = first_line(["git", "-C", HERE, "rev-parse", "--short", "HEAD"])
    return {
        "slicemark": f"{commit} ({slicemark})",
        "pydicom": pydicom.__version__,
        "SimpleITK": SimpleITK.Version_VersionString(),
        "nibabel": nibabel.__version__,
        "numpy": numpy.__version__,
        "Python": platform.python_version(),
        "dcm2niix": first_line(["dcm2niix", "--version"], r"version (v[\d.]+)"),
        "chafa": first_line(["chafa", "--version"], r"version ([\d.]+)"),
        "gzip": first_line(["gzip", "--version"], r"gzip ([\d.]+)"),
        "libdeflate-gunzip": first_line(["libdeflate-gunzip", "-V"], r"v([\d.]+)"),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--slicemark", required=True, help="the release slicemark executable")
    parser.add_argument("--bench-exe", default="", help="the release SlicemarkBench executable")
    parser.add_argument("--data", default=os.path.join(HERE, "data"))
    parser.add_argument("--out", default=os.path.join(HERE, "RESULTS.md"))
    parser.add_argument("--runs", type=int, default=5, help="timed rounds after the warm-up (default 5)")
    sys.exit(Suite(parser.parse_args()).run())


if __name__ == "__main__":
    main()
