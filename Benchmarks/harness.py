"""Process running and timing for the benchmark suite: whole processes, alternated, medians.

Every command is a fresh process; wall time is taken from just before the spawn to the moment
the parent reaps the child. The peak resident set size comes from GNU time (`/usr/bin/time`),
which runs the command as its own child: Linux counts the memory a process had when it was
forked into its child's peak, so measuring a child of this (large) Python process directly
would report Python's size for every small tool.
"""
import fcntl
import os
import select
import signal
import statistics
import struct
import subprocess
import tempfile
import termios
import time
from dataclasses import dataclass, field


@dataclass
class Command:
    tool: str
    argv: list
    env: dict = None
    needs_terminal: bool = False
    # Why the command cannot run at all (e.g. the build has no such subcommand yet): it is then
    # reported as not measured without being started.
    unavailable: str = ""


@dataclass
class Outcome:
    seconds: float
    max_rss_kib: int
    status: int
    stdout: bytes
    error: str
    cpu_seconds: float = 0.0


@dataclass
class Stats:
    tool: str
    times: list = field(default_factory=list)
    rss_kib: list = field(default_factory=list)
    cpu: list = field(default_factory=list)
    failure: str = ""

    @property
    def ok(self):
        return not self.failure and bool(self.times)

    @property
    def median(self):
        return statistics.median(self.times)

    @property
    def cpu_median(self):
        return statistics.median(self.cpu) if self.cpu else 0.0

    @property
    def rss_mib(self):
        return statistics.median(self.rss_kib) / 1024


def _first_error_line(text):
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[0][:160] if lines else ""


GNU_TIME = "/usr/bin/time"


def _with_rss(argv, rss_file):
    if os.path.exists(GNU_TIME):
        return [GNU_TIME, "-f", "%M", "-o", rss_file, *argv]
    return list(argv)


def _read_rss(rss_file, outcome):
    """Peak RSS (KiB) as GNU time wrote it on its last line; without GNU time the wait4
    figure stays. (CPU time comes from wait4 either way: it includes reaped descendants.)"""
    try:
        with open(rss_file) as f:
            lines = [line.strip() for line in f if line.strip()]
        outcome.max_rss_kib = int(lines[-1])
    except (OSError, ValueError, IndexError):
        pass


def run_once(command, capture=False, timeout=120.0):
    """Runs one command to completion; stdout is kept only when `capture` is set."""
    if command.unavailable:
        return Outcome(0.0, 0, 1, b"", command.unavailable)
    with tempfile.NamedTemporaryFile(prefix="bench-rss-") as rss:
        if command.needs_terminal:
            outcome = _run_in_terminal(command, _with_rss(command.argv, rss.name), timeout)
        else:
            outcome = _run_plain(command, _with_rss(command.argv, rss.name), capture)
        _read_rss(rss.name, outcome)
    return outcome


def _run_plain(command, argv, capture):
    env = dict(os.environ, **(command.env or {}))
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        try:
            proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL,
                                    stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
                                    stderr=err, env=env)
        except OSError as e:
            return Outcome(0.0, 0, 127, b"", f"{command.argv[0]}: {e.strerror}")
        out = proc.stdout.read() if capture else b""
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.stdout:
            proc.stdout.close()
        err.seek(0)
        message = _first_error_line(err.read().decode("utf-8", "replace"))
    return Outcome(seconds, usage.ru_maxrss, proc.returncode, out, message,
                   usage.ru_utime + usage.ru_stime)


IMAGE_GLYPHS = ("\u2580".encode(), "\u2584".encode(), "\u2588".encode())
FIRST_IMAGE_GLYPHS = 500  # half-block cells that make "an image is on the screen"
BURST_GAP = 0.03  # seconds of silence that end the burst of bytes drawing one frame
TERMINAL_SIZE = (70, 200)  # rows, columns


def _run_in_terminal(command, argv, timeout):
    """Runs a full-screen viewer on a pseudo-terminal of 200×70 cells and measures the time to
    its first image: from the spawn to the last byte of the burst of output in which at least
    500 half-block cells (▀ ▄ █) have been drawn. It answers the primary device attributes
    query (DA1) as xterm does, and nothing else. Then it sends `q` (or the viewer exits by
    itself) and, failing that, it is killed. No hook in the viewer is needed."""
    env = dict(os.environ, TERM="xterm-256color", COLORTERM="truecolor", **(command.env or {}))
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", *TERMINAL_SIZE, 0, 0))
    start = time.perf_counter()
    try:
        proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env,
                                start_new_session=True)
    except OSError as e:
        os.close(master)
        os.close(slave)
        return Outcome(0.0, 0, 127, b"", f"{command.argv[0]}: {e.strerror}")
    os.close(slave)
    received = bytearray()
    glyphs = 0
    last_byte = None
    first_image = None
    quit_sent = None
    status = usage = None
    while status is None:
        ready, _, _ = select.select([master], [], [], 0.002)
        now = time.perf_counter()
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                chunk = b""
            if chunk:
                received += chunk
                last_byte = now
                # Answer DA1 as a real terminal does at once (the viewer asks it, with the kitty
                # graphics query and CSI 16 t, to choose --graphics auto); this one has neither.
                if b"\x1b[c" in chunk:
                    os.write(master, b"\x1b[?62;22c")
                if first_image is None:
                    glyphs += sum(chunk.count(g) for g in IMAGE_GLYPHS)
        if (first_image is None and glyphs >= FIRST_IMAGE_GLYPHS and last_byte is not None
                and now - last_byte >= BURST_GAP):
            first_image = last_byte - start
        if first_image is not None and quit_sent is None:
            os.write(master, b"q")
            quit_sent = now
        pid, st, ru = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            status, usage = st, ru
            if first_image is None and glyphs >= FIRST_IMAGE_GLYPHS and last_byte is not None:
                first_image = last_byte - start
        elif now - start > timeout or (quit_sent is not None and now - quit_sent > 5):
            os.killpg(proc.pid, signal.SIGKILL)
            _, status, usage = os.wait4(proc.pid, 0)
            break
    os.close(master)
    cpu = usage.ru_utime + usage.ru_stime
    if first_image is None:
        code = os.waitstatus_to_exitcode(status)
        error = _first_error_line(_visible_text(received)) or f"no image within {timeout:.0f} s"
        return Outcome(time.perf_counter() - start, usage.ru_maxrss, code if code else 1, bytes(received), error, cpu)
    return Outcome(first_image, usage.ru_maxrss, 0, bytes(received), "", cpu)


def _visible_text(data):
    """Terminal output without escape sequences, for error messages."""
    import re
    text = data.decode("utf-8", "replace")
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Za-z0-9]|\x1b[=>78]", "", text)


def time_alternately(commands, runs, warmups=1, timeout=120.0, progress=None):
    """Times each command `runs` times after `warmups` untimed rounds (which also warm the page
    cache), interleaving them round by round and rotating the order each round, so a burst of
    load on a shared machine hits every tool alike."""
    stats = {c.tool: Stats(c.tool) for c in commands}
    for round_index in range(warmups + runs):
        shift = round_index % len(commands)
        for command in commands[shift:] + commands[:shift]:
            s = stats[command.tool]
            if s.failure:
                continue
            outcome = run_once(command, timeout=timeout)
            if outcome.status != 0:
                s.failure = outcome.error or f"exit status {outcome.status}"
                continue
            if round_index >= warmups:
                s.times.append(outcome.seconds)
                s.rss_kib.append(outcome.max_rss_kib)
                s.cpu.append(outcome.cpu_seconds)
        if progress:
            progress(round_index + 1, warmups + runs)
    return [stats[c.tool] for c in commands]
