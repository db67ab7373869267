"""``govinfo-report batch``: a whole corpus into one output file, in parallel, resumable.

Why it is built this way:

* Workers get file paths, never parsers: Lark parsers and OpenCC do not pickle, and
  each worker process builds its own once (cached in loader.py / normalise.py).
* Work goes out in small ordered chunks and results are written in input order, so
  the output does not depend on ``-j`` or on the engine (local pool or Dask).
* A file that fails (not a report, unreadable, even one that kills its worker
  process) becomes a row of the errors file; the batch goes on. Output rows plus
  error rows account for every input file.
* Re-running the same command skips the files already in the output (resume);
  files that failed before are tried again. ``--force`` starts afresh. A file is known by
  its resolved path (``OUT.journal`` records it for each path as written), so naming the
  same files from another folder or through a symlink does not parse them twice.
* One batch at a time writes an output: ``OUT.journal`` is also an exclusive lock.
* Each report is validated where it is parsed: its row carries its counts of errors and warnings and
  its codes, and its findings go to the findings table beside the output (``out.findings.csv``, or the
  ``findings`` sheet of an XLSX workbook). A report's findings are written before its row, and a resume
  drops findings of reports the output does not hold, so the table keeps step with the output.
* A file is read only if it is a regular file, and gets ``--timeout`` seconds; then it is an
  error row. An output that cannot be written (read-only, disk full) stops the run with one
  line and exit status 3; a Dask scheduler that cannot be reached, with exit status 4.
"""

from __future__ import annotations

import contextlib
import csv
import errno
import functools
import glob
import json
import logging
import math
import multiprocessing
import os
import re
import shutil
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, TextIO, TypeVar

from .errors import GovinfoError, OutputError, ParseError
from .export import (
    BOM,
    FindingsTable,
    Writer,
    _trim_partial_line,
    finding_tuple,
    findings_path,
    format_of,
    make_payload,
    open_findings,
    open_writer,
    payload_kind,
)

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no lock, as before
    fcntl = None  # type: ignore[assignment]

__all__ = [
    "DEFAULT_TIMEOUT",
    "ERROR_COLUMNS",
    "KILL_GRACE",
    "REPORT_SUFFIXES",
    "BatchStats",
    "Chunk",
    "ChunkResult",
    "ErrorLog",
    "Journal",
    "Outcome",
    "Progress",
    "chunk_size",
    "default_errors_path",
    "default_jobs",
    "expand_paths",
    "file_key",
    "journal_path",
    "output_error",
    "parse_chunk",
    "parse_one",
    "peak_rss_kb",
    "read_errors",
    "run",
    "run_local",
    "safe_text",
    "summary",
    "timeout_text",
    "warm_worker",
]

logger = logging.getLogger(__name__)

#: Extensions taken when walking a folder (a file named on the command line is always taken).
REPORT_SUFFIXES = frozenset({".txt", ".text", ".htm", ".html", ".shtml", ".xhtml", ".pdf", ".docx", ".doc"})
ERROR_COLUMNS = ("path", "error", "line")
_GLOB_CHARS = frozenset("*?[")
#: Seconds one file may take (``--timeout``): a real report takes well under one.
DEFAULT_TIMEOUT = 120.0
#: Extra seconds the parent waits for a worker past the files' own time limits before killing it.
KILL_GRACE = 10.0
T = TypeVar("T")


# ------------------------------------------------------------------ paths in the output
def safe_text(text: str) -> str:
    """``text`` as every output format can store it: a file name that is not UTF-8 (held in a str
    as surrogate escapes) keeps its bytes as ``\\xNN``, other lone surrogates as ``\\udNNN``."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


_ESCAPED_BYTE = re.compile(r"\\x([89a-fA-F][0-9a-fA-F])")


def _unescape_path(shown: str) -> str:
    """The path :func:`safe_text` wrote as ``shown`` (bytes ``\\x80``–``\\xff`` back to surrogate escapes)."""
    if "\\x" not in shown:
        return shown
    raw = _ESCAPED_BYTE.sub(lambda m: chr(0xDC00 + int(m.group(1), 16)), shown)
    return raw if os.path.lexists(raw) and not os.path.lexists(shown) else shown


def file_key(path: str) -> str:
    """What identifies a file across runs: its resolved path (symlinks, ``..`` and the working
    directory taken out), in the form the journal stores."""
    return safe_text(os.path.realpath(path))


# ------------------------------------------------------------------ worker side
class Outcome(NamedTuple):
    """What a worker reports for one file: a payload for the writer, or an error."""

    path: str
    payload: Any  # None when the file failed
    error: str | None = None
    line: int | None = None
    size: int = 0
    findings: tuple[tuple[Any, ...], ...] = ()  # rows of the findings table (FINDING_COLUMNS order)


class ChunkResult(NamedTuple):
    """Outcomes of a chunk of files, with the worker's identity, peak memory and CPU time so far
    (the benchmarks read them; they cost nothing to collect)."""

    outcomes: list[Outcome]
    pid: int
    peak_rss_kb: int
    cpu_seconds: float = 0.0


def _error_text(exc: BaseException) -> tuple[str, int | None]:
    if isinstance(exc, ParseError):
        text = exc.message
        if exc.expected:
            text += f"; expected {exc.expected}"
        if exc.snippet:
            text += f" (near {exc.snippet!r})"
        return f"ParseError: {text}", exc.line
    if isinstance(exc, GovinfoError):
        return f"{type(exc).__name__}: {exc}", None
    # A bug in the parser, not a property of the file: say so, so it gets reported.
    return f"internal error {type(exc).__name__}: {exc}", None


class _FileTimeout(BaseException):
    """Raised by the alarm in the middle of a file (a BaseException: no ``except Exception`` in a
    library on the way may swallow it)."""


@contextlib.contextmanager
def _time_limit(seconds: float | None) -> Iterator[None]:
    """Interrupt the block with :class:`_FileTimeout` after ``seconds`` (main thread, POSIX only;
    elsewhere the parent's deadline is the only limit)."""
    usable = (
        seconds
        and seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    def ring(signum: int, frame: Any) -> None:
        raise _FileTimeout

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, float(seconds))  # type: ignore[arg-type]
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def timeout_text(seconds: float | None) -> str:
    return f"TimeoutError: parsing took more than {seconds:g} s (raise --timeout if the file is sound)"


def parse_one(display: str, real: str, kind: str, timeout: float | None = None) -> Outcome:
    """Parse one file; never raises for a bad file. ``display`` is the path written to the output."""
    from .adapters import load_document
    from .api import parse_document
    from .validate import finding_rows, located, validate

    try:
        size = os.path.getsize(real)
    except OSError:
        size = 0
    try:
        with _time_limit(timeout):
            doc = load_document(real)  # kept: the findings are placed on its lines and pages, not read again
            report = parse_document(doc, real)
            findings = [*report.findings, *validate(report)]
            payload = make_payload(display, report, kind, findings)
            rows = finding_rows(display, report, located(real, findings, doc) if findings else [])
        return Outcome(display, payload, size=size, findings=tuple(finding_tuple(r) for r in rows))
    except _FileTimeout:
        return Outcome(display, None, timeout_text(timeout), None, size)
    except Exception as e:  # a failed file must never stop the batch
        text, line = _error_text(e)
        return Outcome(display, None, safe_text(" ".join(text.split())), line, size)


def peak_rss_kb() -> int:
    """This process's peak resident memory in KiB (0 where the platform does not say).

    Linux's VmHWM belongs to this program image; ``ru_maxrss`` is carried over from the parent
    through fork and exec, so a child of a large process would report the parent's peak.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return 0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss // 1024 if sys.platform == "darwin" else rss


def parse_chunk(files: Sequence[tuple[str, str]], kind: str, timeout: float | None = None) -> ChunkResult:
    """Parse ``(display, real)`` paths in order: the unit of work sent to a worker."""
    outcomes = [parse_one(display, real, kind, timeout) for display, real in files]
    return ChunkResult(outcomes, os.getpid(), peak_rss_kb(), time.process_time())


def warm_worker() -> None:
    """Worker initialiser: build the parsers and OpenCC once, up front; leave Ctrl-C to the parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from .loader import outline_parser, table_parser
    from .normalise import to_simplified

    outline_parser()
    table_parser()
    to_simplified("")


# ------------------------------------------------------------------ inputs
def _walk(folder: str) -> Iterator[str]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and os.path.splitext(name)[1].lower() in REPORT_SUFFIXES:
                yield os.path.join(root, name)


def expand_paths(specs: Iterable[str], exclude: Iterable[str] = ()) -> list[str]:
    """Files named by files, folders (walked recursively, report extensions only) and globs.

    Order is that of the arguments, folders sorted; a file reached twice is listed once.
    """
    out: list[str] = []
    seen = {os.path.realpath(p) for p in exclude}
    missing: list[str] = []
    for spec in specs:
        if os.path.isdir(spec):
            found: Iterable[str] = _walk(spec)
        elif os.path.exists(spec):
            found = [spec]
        elif _GLOB_CHARS & set(spec):
            matches = sorted(glob.glob(spec, recursive=True))
            found = [f for m in matches for f in (_walk(m) if os.path.isdir(m) else [m])]
            if not matches:
                missing.append(f"{spec}: no file matches")
        else:
            missing.append(f"{spec}: no such file or directory")
            found = []
        for f in found:
            f = os.path.normpath(f)
            key = os.path.realpath(f)  # a file reached through a symlink too is still one file
            if key not in seen:
                seen.add(key)
                out.append(f)
    if missing:
        raise GovinfoError("; ".join(missing[:5]) + (f" (and {len(missing) - 5} more)" if len(missing) > 5 else ""))
    return out


# ------------------------------------------------------------------ errors file
class ErrorLog:
    """The errors CSV (path, error, line): one row per file that failed in its latest attempt.

    Rows are only ever appended while a batch runs, so a run killed at any moment keeps every
    earlier row. The file is tidied when a run opens it and when it closes — the last row per
    file, none for a file that is in the output now — into a new file that replaces the old one
    in one step.
    """

    def __init__(
        self, path: Path, *, resume: bool, key: Callable[[str], str], done: Callable[[str], bool] = lambda _k: False
    ) -> None:
        self.path = path
        self._key = key
        self.count = 0  # rows added by this run
        self.rows = 0  # rows in the file, as last tidied
        self._fh: TextIO | None = None
        self._tidy(done, read=resume)
        self.kept = self.rows
        self._fh = open(path, "a", encoding="utf-8", newline="")
        self._csv = csv.writer(self._fh)

    def _tidy(self, done: Callable[[str], bool], *, read: bool = True) -> None:
        rows: list[list[str]] = []
        if read and self.path.exists():
            _trim_partial_line(self.path)  # a row cut short by a killed run
            with open(self.path, encoding="utf-8-sig", newline="", errors="replace") as fh:
                rows = [r for r in list(csv.reader(fh))[1:] if len(r) == len(ERROR_COLUMNS)]
        last: dict[str, list[str]] = {}
        for r in rows:
            k = self._key(r[0])
            last.pop(k, None)  # a later row of the same file replaces it, in its place
            last[k] = r
        kept = [r for k, r in last.items() if not done(k)]
        tmp = self.path.with_name(self.path.name + ".tmp")
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            fh.write(BOM)
            w = csv.writer(fh)
            w.writerow(ERROR_COLUMNS)
            w.writerows(kept)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path)
        self.rows = len(kept)

    def add(self, path: str, error: str, line: int | None) -> None:
        assert self._fh is not None
        self._csv.writerow([safe_text(path), safe_text(error), "" if line is None else line])
        self.count += 1

    def flush(self) -> None:
        if self._fh is not None:
            self._fh.flush()

    def close(self, done: Callable[[str], bool] = lambda _k: False) -> None:
        """Close, then tidy: files that parsed at last lose their old rows."""
        if self._fh is not None:
            self._fh.close()
            self._fh = None
            self._tidy(done)


class Journal:
    """``OUT.journal``: the lock that keeps a second batch off an output, and the resolved path of
    each path written to it (one JSON line per file handled), so a resume knows the files however
    they are named this time. A row of the output or the errors file is what says a file is done;
    the journal only says which file a row's path meant.
    """

    def __init__(self, path: Path, output: Path, *, resume: bool) -> None:
        self.path = path
        self.keys: dict[str, set[str]] = {}
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
        self._fh = os.fdopen(fd, "r+b")
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as e:
                self._fh.close()
                if e.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                    raise GovinfoError(
                        f"another batch is writing {output} (it holds the lock {path}); wait for it "
                        "to finish, or write to another -o"
                    ) from None
                raise
        if not resume:
            self._fh.truncate(0)
            return
        data = self._fh.read()
        for raw in data.split(b"\n"):
            try:
                given, key = json.loads(raw)
            except (ValueError, TypeError):
                continue  # a line cut short by a killed run
            self.keys.setdefault(given, set()).add(key)
        if data and not data.endswith(b"\n"):
            self._fh.write(b"\n")  # what follows a cut line starts a line of its own

    def keys_of(self, shown: str) -> set[str]:
        """The files a path in the output stands for: as recorded, else resolved from here."""
        return self.keys.get(shown) or {file_key(_unescape_path(shown))}

    def record(self, pairs: Iterable[tuple[str, str]]) -> None:
        lines = [json.dumps([given, key], ensure_ascii=False) for given, key in pairs]
        if lines:
            self._fh.write(("\n".join(lines) + "\n").encode("utf-8"))
            self._fh.flush()

    def close(self) -> None:
        self._fh.close()  # releases the lock


def read_errors(path: str | os.PathLike[str]) -> list[dict[str, str]]:
    """The rows of an errors file, as dicts."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


# ------------------------------------------------------------------ progress
def _clock(seconds: float) -> str:
    if not math.isfinite(seconds):
        return "--:--"
    s = int(seconds + 0.5)
    h, m = divmod(s, 3600)
    m, s = divmod(m, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"


class Progress:
    """A one-line progress bar on stderr (files done, rate, ETA); silent when disabled."""

    def __init__(self, total: int, stream: TextIO, enabled: bool) -> None:
        self.total = total
        self.stream = stream
        self.enabled = enabled and total > 0
        self.start = time.monotonic()
        self._last = 0.0

    def update(self, done: int, failed: int, *, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self._last < 0.1:
            return
        self._last = now
        elapsed = max(now - self.start, 1e-9)
        rate = done / elapsed
        eta = (self.total - done) / rate if rate > 0 else math.inf
        width = shutil.get_terminal_size((80, 20)).columns
        tail = f" {done}/{self.total} {rate:,.0f} files/s ETA {_clock(eta)}"
        if failed:
            tail += f" {failed} failed"
        bar_w = max(10, min(40, width - len(tail) - 8))
        filled = int(bar_w * done / self.total)
        line = f"{100 * done / self.total:3.0f}% |{'█' * filled}{' ' * (bar_w - filled)}|{tail}"
        self.stream.write("\r" + line[: width - 1])
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()


# ------------------------------------------------------------------ engines
Chunk = list[tuple[str, str]]


def _chunks(files: Sequence[tuple[str, str]], size: int) -> list[Chunk]:
    return [list(files[i : i + size]) for i in range(0, len(files), size)]


def chunk_size(n: int, jobs: int) -> int:
    """Small enough to balance load and move the progress bar, big enough to amortise IPC."""
    return max(1, min(32, n // (jobs * 8)))


def _mp_context() -> Any:
    # forkserver: safe when the parent has threads (a Dask client, a progress thread); spawn elsewhere.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def _died(chunk: Chunk) -> ChunkResult:
    return ChunkResult([Outcome(d, None, "worker process died while parsing this file") for d, _ in chunk], 0, 0)


def _timed_out(chunk: Chunk, timeout: float | None) -> ChunkResult:
    return ChunkResult([Outcome(d, None, timeout_text(timeout)) for d, _ in chunk], 0, 0)


def _kill(pool: ProcessPoolExecutor) -> None:
    """Stop a pool now, its workers too: one stuck in C code ignores everything but SIGKILL."""
    for proc in list((getattr(pool, "_processes", None) or {}).values()):
        with contextlib.suppress(Exception):
            proc.kill()
    pool.shutdown(wait=False, cancel_futures=True)


def run_local(
    chunks: Sequence[Chunk],
    kind: str,
    jobs: int,
    work: Callable[[Sequence[tuple[str, str]], str], ChunkResult] = parse_chunk,
    timeout: float | None = None,
) -> Iterator[ChunkResult]:
    """Chunk results in input order, from ``jobs`` worker processes (in this process when ``jobs`` is 1).

    A worker that dies (a crash in a C extension, the OOM killer) breaks the pool; the chunks
    then in flight are re-run one file at a time in a fresh pool, so only the file that kills
    its worker is reported as failed. With ``timeout``, each file is stopped after that many
    seconds by an alarm in its worker; a worker the alarm cannot stop (stuck in C code) is
    killed once its chunk is ``KILL_GRACE`` seconds past due, and its files are re-run alone.
    """
    if timeout and work is parse_chunk:
        work = functools.partial(parse_chunk, timeout=timeout)
    if jobs <= 1:
        warm = False
        for chunk in chunks:
            if not warm:
                from .loader import outline_parser

                outline_parser()
                warm = True
            yield work(chunk, kind)
        return
    ctx = _mp_context()

    def new_pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=warm_worker)

    def due(chunk: Chunk) -> float | None:
        return None if not timeout else timeout * len(chunk) + max(KILL_GRACE, timeout)

    pool = new_pool()
    window = jobs * 4
    todo: deque[Chunk] = deque(chunks)
    inflight: deque[tuple[Chunk, Future[ChunkResult]]] = deque()
    finished = False
    try:
        while todo or inflight:
            suspects: list[tuple[str, str]] | None = None
            try:
                while todo and len(inflight) < window:
                    inflight.append((todo[0], pool.submit(work, todo[0], kind)))
                    todo.popleft()
            except BrokenProcessPool:  # a worker died while we were refilling: the pool takes no more
                suspects = [f for c, _ in inflight for f in c]
            if suspects is None:
                chunk, fut = inflight.popleft()
                try:
                    yield fut.result(timeout=due(chunk))
                    continue
                except (BrokenProcessPool, FutureTimeout):
                    suspects = [f for c in [chunk, *(c for c, _ in inflight)] for f in c]
            inflight.clear()
            _kill(pool)
            pool = new_pool()
            for one in suspects:  # one at a time: a second death names its file
                try:
                    yield pool.submit(work, [one], kind).result(timeout=due([one]))
                except (BrokenProcessPool, FutureTimeout) as e:
                    _kill(pool)
                    pool = new_pool()
                    yield _timed_out([one], timeout) if isinstance(e, FutureTimeout) else _died([one])
        finished = True
    finally:
        if finished:
            pool.shutdown(wait=True, cancel_futures=True)
        else:  # stopped early (Ctrl-C, an output that cannot be written): nothing more is wanted
            _kill(pool)


# ------------------------------------------------------------------ the run
@dataclass
class BatchStats:
    """What a run did: counts, time, bytes and memory (the benchmarks read these)."""

    files: int = 0  # input files named by the arguments
    skipped: int = 0  # already in the output (resume)
    parsed: int = 0
    failed: int = 0
    seconds: float = 0.0
    bytes: int = 0  # bytes of the files parsed in this run
    rows: int = 0  # rows in the output file after the run
    error_rows: int = 0  # rows in the errors file after the run
    finding_rows: int = 0  # rows in the findings table after the run
    reports_with_errors: int = 0  # reports of this run's files (parsed now or before) with a finding of severity error
    worker_peak_rss_kb: dict[int, int] = field(default_factory=dict)  # worker pid → peak RSS
    worker_cpu_seconds: dict[int, float] = field(default_factory=dict)  # worker pid → CPU time used
    output: str = ""
    errors: str = ""
    findings: str = ""  # where the findings table is

    @property
    def reports_per_second(self) -> float:
        return (self.parsed + self.failed) / self.seconds if self.seconds else 0.0


def default_errors_path(output: str | os.PathLike[str]) -> Path:
    """``OUT.errors.csv`` beside the output (``out.csv`` → ``out.csv.errors.csv``)."""
    p = Path(output)
    return p.with_name(p.name + ".errors.csv")


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def journal_path(output: str | os.PathLike[str]) -> Path:
    """``OUT.journal`` beside the output: the lock and the resolved paths of its rows."""
    p = Path(output)
    return p.with_name(p.name + ".journal")


_WHY = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "read-only file system",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENOTDIR: "a part of it is a file, not a folder",
    errno.EEXIST: "a part of it is a file, not a folder",
    errno.EISDIR: "it is a folder",
}


def output_error(e: OSError, path: Path) -> OutputError:
    """One line naming the file that could not be written and why (exit status 3)."""
    why = _WHY.get(e.errno or 0) or e.strerror or str(e)
    return OutputError(f"cannot write {safe_text(str(path))}: {why}")


def _writing(path: Path, step: Callable[[], T]) -> T:
    try:
        return step()
    except OSError as e:
        raise output_error(e, path) from None


def run(
    paths: Sequence[str],
    output: str | os.PathLike[str],
    *,
    jobs: int | None = None,
    force: bool = False,
    errors: str | os.PathLike[str] | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    progress: bool | None = None,
    stream: TextIO | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    chunk_results: Callable[[Sequence[Chunk], str, int], Iterable[ChunkResult]] | None = None,
    shape: str = "wide",
    names: str = "default",
    header_labels: str = "keys",
) -> BatchStats:
    """Parse every file named by ``paths`` into ``output``; failures go to the errors file.

    ``progress=None`` shows the bar only when ``stream`` (stderr) is a terminal.
    ``timeout`` is the seconds one file may take (None or 0: no limit).
    ``chunk_results`` replaces the engine (tests use it to inject failures).
    ``shape``, ``names`` and ``header_labels`` are those of :func:`govinfo_report.export.open_writer`.
    Raises :class:`OutputError` when the output cannot be written; what was written stays resumable.
    """
    bar_stream: TextIO = stream or sys.stderr
    out = Path(output)
    fmt = format_of(out)
    kind = payload_kind(fmt, shape)
    jobs = default_jobs() if jobs is None else jobs
    if jobs < 1:
        raise GovinfoError(f"--jobs must be at least 1, not {jobs}")
    if timeout is not None and timeout < 0:
        raise GovinfoError(f"--timeout must be 0 (none) or more seconds, not {timeout:g}")
    if engine not in ("local", "dask"):
        raise GovinfoError(f"unknown engine {engine!r}: use local or dask")
    if scheduler and engine != "dask":
        raise GovinfoError("--scheduler needs --engine dask")
    errors_path = Path(errors) if errors else default_errors_path(out)
    lock_path = journal_path(out)
    found_path = findings_path(out)
    side = [
        out,
        errors_path,
        lock_path,
        out.with_name(out.name + ".partial"),
        errors_path.with_name(errors_path.name + ".tmp"),
    ]
    if found_path is not None:
        side += [found_path, found_path.with_name(found_path.name + ".partial")]
        side.append(found_path.with_name(found_path.name + ".tmp"))
    files = expand_paths(paths, exclude=[str(p) for p in side])
    if not files:
        raise GovinfoError(
            f"no report files found in {' '.join(paths)} "
            f"(folders are searched for {', '.join(sorted(REPORT_SUFFIXES))})"
        )
    stats = BatchStats(files=len(files), output=safe_text(str(out)), errors=safe_text(str(errors_path)))
    _writing(out, lambda: out.parent.mkdir(parents=True, exist_ok=True))
    _writing(errors_path, lambda: errors_path.parent.mkdir(parents=True, exist_ok=True))

    journal = _writing(lock_path, lambda: Journal(lock_path, out, resume=not force))
    writer: Writer | None = None
    found: FindingsTable | None = None
    log: ErrorLog | None = None
    try:
        writer = _writing(
            out,
            lambda: open_writer(
                out, resume=not force, shape=shape, names=names, header_labels=header_labels, findings=True
            ),
        )
        opened = writer
        found = _writing(
            found_path or out, lambda: open_findings(out, opened, resume=not force, header_labels=header_labels)
        )
        done = {k for shown in writer.done for k in journal.keys_of(shown)}
        given = [(safe_text(f), os.path.abspath(f), file_key(f)) for f in files]
        todo = [(shown, real, key) for shown, real, key in given if key not in done]
        key_of = {shown: key for shown, _real, key in todo}

        def row_key(shown: str) -> str:
            return key_of.get(shown) or min(journal.keys_of(shown))

        log = _writing(
            errors_path, lambda: ErrorLog(errors_path, resume=not force, key=row_key, done=done.__contains__)
        )
    except BaseException:
        for one in (found, writer, journal):
            if one is not None:
                with contextlib.suppress(Exception):
                    one.close()
        raise
    stats.findings = safe_text(found.location)
    stats.skipped = len(files) - len(todo)
    pairs = [(shown, real) for shown, real, _key in todo]
    jobs = max(1, min(jobs, len(pairs)))
    chunks = _chunks(pairs, chunk_size(len(pairs), jobs))
    bar = Progress(len(pairs), bar_stream, bar_stream.isatty() if progress is None else progress)
    start = time.perf_counter()
    interrupted = False
    ok = False
    results: Iterable[ChunkResult] = ()
    try:
        if not chunks:
            pass  # everything is already in the output: start no workers
        elif chunk_results is not None:
            results = chunk_results(chunks, kind, jobs)
        elif engine == "dask":
            from .dask import run_chunks

            results = run_chunks(chunks, kind, scheduler=scheduler, jobs=jobs, timeout=timeout or None)
        else:
            results = run_local(chunks, kind, jobs, timeout=timeout or None)
        for res in results:
            if res.pid:
                stats.worker_peak_rss_kb[res.pid] = max(res.peak_rss_kb, stats.worker_peak_rss_kb.get(res.pid, 0))
                stats.worker_cpu_seconds[res.pid] = max(res.cpu_seconds, stats.worker_cpu_seconds.get(res.pid, 0.0))
            for o in res.outcomes:
                stats.bytes += o.size
                if o.payload is not None:
                    try:
                        # the row is sure to fit before its findings are written; the findings reach the
                        # disk before the row, so a kill between them leaves findings a resume drops, never a
                        # row without its findings
                        writer.check(o.payload)
                        found.check(o.findings)
                        if o.findings:
                            _writing(found_path or out, functools.partial(found.add, o.findings))
                            _writing(found_path or out, found.flush)
                        _writing(out, functools.partial(writer.add, o.payload))
                        stats.parsed += 1
                        done.add(row_key(o.path))
                        continue
                    except ValueError as e:  # parsed, but the row does not fit the format (e.g. a count of 2.5)
                        o = o._replace(error=f"cannot write to {fmt}: {e}")
                _writing(errors_path, functools.partial(log.add, o.path, o.error or "unknown error", o.line))
                stats.failed += 1
            # the rows first, then the errors, then the journal: a kill between them loses no file
            _writing(out, writer.flush)
            _writing(errors_path, log.flush)
            _writing(lock_path, functools.partial(journal.record, [(o.path, row_key(o.path)) for o in res.outcomes]))
            bar.update(stats.parsed + stats.failed, stats.failed)
        ok = True
    except KeyboardInterrupt:
        interrupted = True
        raise
    finally:
        close = getattr(results, "close", None)
        if close is not None:
            close()  # stop the workers (or the Dask client) before the files are closed
        stats.seconds = time.perf_counter() - start
        bar.update(stats.parsed + stats.failed, stats.failed, force=True)
        bar.close()
        failure: OutputError | None = None
        closing: list[tuple[Path, Callable[[], None]]] = [
            (found_path or out, found.close),  # before the output: a kill between them leaves extra findings
            (out, writer.close),
            (errors_path, functools.partial(log.close, done.__contains__)),
            (lock_path, journal.close),
        ]
        for path, close_one in closing:
            try:
                close_one()  # the writer keeps what was done, so the same command resumes
            except OSError as e:
                failure = failure or output_error(e, path)
        stats.rows = writer.rows
        stats.error_rows = log.rows
        stats.finding_rows = found.rows
        mine = {key for _shown, _real, key in given}
        stats.reports_with_errors = len({row_key(p) for p in found.errors} & mine)
        if interrupted:
            logger.warning(
                "interrupted after %d files; run the same command again to resume", stats.parsed + stats.failed
            )
        if ok and failure is not None:
            raise failure
    return stats


def summary(stats: BatchStats) -> str:
    """One line for the end of a run."""
    text = f"govinfo-report: {stats.files} files: {stats.parsed} parsed, {stats.failed} failed"
    if stats.skipped:
        text += f", {stats.skipped} already in {stats.output}"
    text += f" ({stats.seconds:.1f}s"
    if stats.seconds and stats.parsed + stats.failed:
        text += f", {stats.reports_per_second:,.0f} files/s"
    text += ")"
    if stats.reports_with_errors:
        text += f"; {stats.reports_with_errors} with error findings"
    if stats.finding_rows:
        text += f"; findings in {stats.findings}"
    if stats.failed:
        text += f"; errors in {stats.errors}"
    return text
