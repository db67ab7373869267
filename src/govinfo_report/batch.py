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
  files that failed before are tried again. ``--force`` starts afresh.
"""

from __future__ import annotations

import argparse
import csv
import glob
import math
import multiprocessing
import os
import shutil
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, TextIO

from .errors import GovinfoError, ParseError
from .export import BOM, Writer, format_of, make_payload, open_writer, payload_kind

#: Extensions taken when walking a folder (a file named on the command line is always taken).
REPORT_SUFFIXES = frozenset({".txt", ".text", ".htm", ".html", ".shtml", ".xhtml", ".pdf", ".docx", ".doc"})
ERROR_COLUMNS = ("path", "error", "line")
_GLOB_CHARS = frozenset("*?[")


# ------------------------------------------------------------------ worker side
class Outcome(NamedTuple):
    """What a worker reports for one file: a payload for the writer, or an error."""

    path: str
    payload: Any  # None when the file failed
    error: str | None = None
    line: int | None = None
    size: int = 0


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


def parse_one(display: str, real: str, kind: str) -> Outcome:
    """Parse one file; never raises for a bad file. ``display`` is the path written to the output."""
    from .api import parse_file

    try:
        size = os.path.getsize(real)
    except OSError:
        size = 0
    try:
        report = parse_file(real)
        return Outcome(display, make_payload(display, report, kind), size=size)
    except Exception as e:  # a failed file must never stop the batch
        text, line = _error_text(e)
        return Outcome(display, None, " ".join(text.split()), line, size)


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


def parse_chunk(files: Sequence[tuple[str, str]], kind: str) -> ChunkResult:
    """Parse ``(display, real)`` paths in order: the unit of work sent to a worker."""
    outcomes = [parse_one(display, real, kind) for display, real in files]
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
    seen = {os.path.abspath(p) for p in exclude}
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
            key = os.path.abspath(f)
            if key not in seen:
                seen.add(key)
                out.append(f)
    if missing:
        raise GovinfoError("; ".join(missing[:5]) + (f" (and {len(missing) - 5} more)" if len(missing) > 5 else ""))
    return out


# ------------------------------------------------------------------ errors file
class ErrorLog:
    """The errors CSV (path, error, line): kept rows of earlier runs, then this run's failures."""

    def __init__(self, path: Path, *, resume: bool, retry: set[str]) -> None:
        self.path = path
        self.count = 0
        kept: list[list[str]] = []
        if resume and path.exists():
            with open(path, encoding="utf-8-sig", newline="") as fh:
                rows = list(csv.reader(fh))
            kept = [r for r in rows[1:] if r and r[0] not in retry]
        self._fh: TextIO = open(path, "w", encoding="utf-8", newline="")
        self._fh.write(BOM)
        self._csv = csv.writer(self._fh)
        self._csv.writerow(ERROR_COLUMNS)
        self._csv.writerows(kept)
        self.kept = len(kept)

    def add(self, path: str, error: str, line: int | None) -> None:
        self._csv.writerow([path, error, "" if line is None else line])
        self.count += 1

    def flush(self) -> None:
        self._fh.flush()

    def close(self) -> None:
        self._fh.close()


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
    return [list(files[i:i + size]) for i in range(0, len(files), size)]


def chunk_size(n: int, jobs: int) -> int:
    """Small enough to balance load and move the progress bar, big enough to amortise IPC."""
    return max(1, min(32, n // (jobs * 8)))


def _mp_context() -> Any:
    # forkserver: safe when the parent has threads (a Dask client, a progress thread); spawn elsewhere.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def _died(chunk: Chunk) -> ChunkResult:
    return ChunkResult([Outcome(d, None, "worker process died while parsing this file") for d, _ in chunk], 0, 0)


def run_local(chunks: Sequence[Chunk], kind: str, jobs: int,
              work: Callable[[Sequence[tuple[str, str]], str], ChunkResult] = parse_chunk) -> Iterator[ChunkResult]:
    """Chunk results in input order, from ``jobs`` worker processes (in this process when ``jobs`` is 1).

    A worker that dies (a crash in a C extension, the OOM killer) breaks the pool; the chunks
    then in flight are re-run one file at a time in a fresh pool, so only the file that kills
    its worker is reported as failed.
    """
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

    pool = new_pool()
    window = jobs * 4
    todo: deque[Chunk] = deque(chunks)
    inflight: deque[tuple[Chunk, Future[ChunkResult]]] = deque()
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
                    yield fut.result()
                    continue
                except BrokenProcessPool:
                    suspects = [f for c in [chunk, *(c for c, _ in inflight)] for f in c]
            inflight.clear()
            pool.shutdown(wait=False, cancel_futures=True)
            pool = new_pool()
            for one in suspects:  # one at a time: a second death names its file
                try:
                    yield pool.submit(work, [one], kind).result()
                except BrokenProcessPool:
                    pool.shutdown(wait=False, cancel_futures=True)
                    pool = new_pool()
                    yield _died([one])
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


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
    worker_peak_rss_kb: dict[int, int] = field(default_factory=dict)  # worker pid → peak RSS
    worker_cpu_seconds: dict[int, float] = field(default_factory=dict)  # worker pid → CPU time used
    output: str = ""
    errors: str = ""

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


def run(paths: Sequence[str], output: str | os.PathLike[str], *, jobs: int | None = None, force: bool = False,
        errors: str | os.PathLike[str] | None = None, engine: str = "local", scheduler: str | None = None,
        progress: bool | None = None, stream: TextIO | None = None,
        chunk_results: Callable[[Sequence[Chunk], str, int], Iterable[ChunkResult]] | None = None) -> BatchStats:
    """Parse every file named by ``paths`` into ``output``; failures go to the errors file.

    ``progress=None`` shows the bar only when ``stream`` (stderr) is a terminal.
    ``chunk_results`` replaces the engine (tests use it to inject failures).
    """
    stream = stream or sys.stderr
    out = Path(output)
    fmt = format_of(out)
    kind = payload_kind(fmt)
    jobs = default_jobs() if jobs is None else jobs
    if jobs < 1:
        raise GovinfoError(f"--jobs must be at least 1, not {jobs}")
    if engine not in ("local", "dask"):
        raise GovinfoError(f"unknown engine {engine!r}: use local or dask")
    if scheduler and engine != "dask":
        raise GovinfoError("--scheduler needs --engine dask")
    errors_path = Path(errors) if errors else default_errors_path(out)
    files = expand_paths(paths, exclude=[str(out), str(errors_path)])
    if not files:
        raise GovinfoError(f"no report files found in {' '.join(paths)} "
                           f"(folders are searched for {', '.join(sorted(REPORT_SUFFIXES))})")
    stats = BatchStats(files=len(files), output=str(out), errors=str(errors_path))
    out.parent.mkdir(parents=True, exist_ok=True)
    errors_path.parent.mkdir(parents=True, exist_ok=True)

    writer: Writer = open_writer(out, resume=not force)
    done = writer.done | {os.path.abspath(p) for p in writer.done}
    todo = [f for f in files if f not in done and os.path.abspath(f) not in done]
    stats.skipped = len(files) - len(todo)
    try:
        log = ErrorLog(errors_path, resume=not force, retry=set(todo))
    except BaseException:
        writer.close()
        raise
    pairs = [(f, os.path.abspath(f)) for f in todo]
    jobs = max(1, min(jobs, len(pairs)))
    chunks = _chunks(pairs, chunk_size(len(pairs), jobs))
    bar = Progress(len(pairs), stream, stream.isatty() if progress is None else progress)
    start = time.perf_counter()
    interrupted = False
    results: Iterable[ChunkResult] = ()
    try:
        if not chunks:
            pass  # everything is already in the output: start no workers
        elif chunk_results is not None:
            results = chunk_results(chunks, kind, jobs)
        elif engine == "dask":
            from .dask import run_chunks

            results = run_chunks(chunks, kind, scheduler=scheduler, jobs=jobs)
        else:
            results = run_local(chunks, kind, jobs)
        for res in results:
            if res.pid:
                stats.worker_peak_rss_kb[res.pid] = max(res.peak_rss_kb, stats.worker_peak_rss_kb.get(res.pid, 0))
                stats.worker_cpu_seconds[res.pid] = max(res.cpu_seconds, stats.worker_cpu_seconds.get(res.pid, 0.0))
            for o in res.outcomes:
                stats.bytes += o.size
                if o.payload is not None:
                    try:
                        writer.add(o.payload)
                        stats.parsed += 1
                        continue
                    except ValueError as e:  # parsed, but the row does not fit the format (e.g. a count of 2.5)
                        o = o._replace(error=f"cannot write to {fmt}: {e}")
                log.add(o.path, o.error or "unknown error", o.line)
                stats.failed += 1
            writer.flush()
            log.flush()
            bar.update(stats.parsed + stats.failed, stats.failed)
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
        writer.close()  # keeps what was done, so the same command resumes
        log.close()
        stats.rows = writer.rows
        stats.error_rows = log.count + log.kept
        if interrupted:
            print(f"govinfo-report: interrupted after {stats.parsed + stats.failed} files; "
                  "run the same command again to resume", file=stream)
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
    if stats.failed:
        text += f"; errors in {stats.errors}"
    return text


def run_batch(args: argparse.Namespace) -> int:
    """The ``batch`` command: exit 0 when every file parsed, 1 when some failed (the count is printed)."""
    stats = run(args.paths, args.output, jobs=args.jobs, force=args.force, errors=args.errors,
                engine=args.engine, scheduler=args.scheduler, progress=False if args.no_progress else None)
    print(summary(stats), file=sys.stderr)
    return 1 if stats.failed else 0
