"""`batch` under faults: every input file ends up exactly once, in the output or the errors file.

Names that are not UTF-8, counts past int64, two batches on one output, resume from another folder,
FIFOs and devices among the inputs, files that hang, vanish or change, outputs that cannot be written
(read-only, under a file, disk full), an unreachable Dask scheduler, and ``kill -9`` then resume for
every output format. After each: output rows + error rows = input files, no duplicates, no partial line.
"""

from __future__ import annotations

import csv
import errno
import importlib.util
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT
from govinfo_report import batch, cli, export

SEED = ROOT / "tests" / "fixtures" / "seed-xinjiang-2019.txt"
FORMATS = [".jsonl", ".csv", ".parquet", ".xlsx"]


def _load_generator() -> Any:
    spec = importlib.util.spec_from_file_location("govinfo_generate_faults", ROOT / "benchmarks" / "generate.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


gen = _load_generator()


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """24 reports under ./in and 3 files that are not, among them (so error rows come early)."""
    monkeypatch.chdir(tmp_path)
    gen.write_corpus(Path("in"), 24, seed=11, per_dir=12)
    Path("in/000/000001b.txt").write_bytes(b"")
    Path("in/000/000004b.txt").write_bytes(b"\x00\x01binary")
    Path("in/001/000013b.txt").write_text("今天天气很好。\n", encoding="utf-8")
    return tmp_path


def _paths_of(out: Path) -> list[str]:
    return export.read_paths(out) if out.exists() else []


def assert_accounted(out: Path, inputs: Sequence[str], errors: Path | None = None) -> tuple[list[str], list[str]]:
    """Output rows + error rows = input files, each once, and no partial last line."""
    errors = errors or batch.default_errors_path(out)
    rows = _paths_of(out)
    failed = [e["path"] for e in batch.read_errors(errors)]
    assert len(rows) == len(set(rows)), "a row is written twice"
    assert len(failed) == len(set(failed)), "an error row is written twice"
    assert not set(rows) & set(failed), "a file is both a row and an error"
    assert sorted(rows + failed) == sorted(inputs)
    for f in (out, errors):
        if f.suffix in (".jsonl", ".csv") and f.stat().st_size:
            assert f.read_bytes().endswith(b"\n"), f"{f} ends in a partial line"
    if out.suffix == ".jsonl":
        for line in out.read_text(encoding="utf-8").splitlines():
            json.loads(line)
    return rows, failed


def _normal(row: Sequence[Any]) -> tuple[str, ...]:
    return tuple("" if v is None else str(v) for v in row)


def assert_findings_in_step(out: Path) -> None:
    """The findings table holds, for each report row of the output, exactly the findings of that report:
    none twice, none lost, none of a report the output does not hold."""
    rows = _paths_of(out)
    table = sorted(_normal(tuple(r.values())) for r in export.read_findings(out))
    expected = sorted(_normal(f) for p in rows for f in batch.parse_one(p, p, "flat").findings)
    assert table == expected
    assert expected, "no findings at all: the test did not test the findings table"


def _main(argv: Sequence[str]) -> int:
    return cli.main(list(argv))


# ------------------------------------------------------------------ names, values
@pytest.mark.parametrize("ext", FORMATS)
def test_a_file_name_that_is_not_utf8_is_written_escaped(corpus: Path, ext: str) -> None:
    """One non-UTF-8 name killed the whole batch with 0 rows written, on every rerun."""
    odd = os.fsencode("in/001") + b"/\xff\xfe-report.txt"
    with open(odd, "wb") as fh:
        fh.write(SEED.read_bytes())
    out = Path(f"out{ext}")
    assert _main(["batch", "in", "-o", str(out), "-j", "1"]) == 2
    inputs = [batch.safe_text(p) for p in batch.expand_paths(["in"])]
    rows, _failed = assert_accounted(out, inputs)
    assert "in/001/\\xff\\xfe-report.txt" in rows
    # resume knows it, through the journal and without it
    stats = batch.run(["in"], out, jobs=1, progress=False)
    assert stats.parsed == 0 and stats.skipped == len(rows)
    batch.journal_path(out).unlink()
    stats = batch.run(["in"], out, jobs=1, progress=False)
    assert stats.parsed == 0 and stats.skipped == len(rows)
    assert_accounted(out, inputs)


def test_a_count_beyond_int64_is_an_error_row_not_a_lost_run(corpus: Path) -> None:
    """A count of 2**63 or more raised OverflowError when the Parquet file closed: the whole run was lost."""
    text = SEED.read_text(encoding="utf-8").replace("行政许可 |\n11 |", "行政许可 |\n99999999999999999999 |", 1)
    Path("in/000/000002b.txt").write_text(text, encoding="utf-8")
    inputs = batch.expand_paths(["in"])
    stats = batch.run(["in"], "out.parquet", jobs=1, progress=False)
    rows, failed = assert_accounted(Path("out.parquet"), inputs)
    assert "in/000/000002b.txt" in failed and stats.rows == len(rows) == 24
    (err,) = [e for e in batch.read_errors("out.parquet.errors.csv") if e["path"] == "in/000/000002b.txt"]
    assert "does not fit in a 64-bit integer" in err["error"]
    # CSV and JSONL keep the number as printed
    batch.run(["in"], "out.csv", jobs=1, progress=False)
    with open("out.csv", encoding="utf-8-sig", newline="") as fh:
        row = next(r for r in csv.DictReader(fh) if r["path"] == "in/000/000002b.txt")
    assert "99999999999999999999" in row.values()


# ------------------------------------------------------------------ one output, one batch; resume keys
def test_a_second_batch_on_the_same_output_is_refused(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Two batches on one output corrupted the CSV and duplicated JSONL rows."""
    holder = batch.Journal(batch.journal_path(Path("out.jsonl")), Path("out.jsonl"), resume=True)
    try:
        assert _main(["batch", "in", "-o", "out.jsonl", "-j", "1"]) == 2
        err = capsys.readouterr().err
        assert "another batch is writing out.jsonl" in err and err.count("\n") == 1
        assert not Path("out.jsonl").exists()
    finally:
        holder.close()
    assert _main(["batch", "in", "-o", "out.jsonl", "-j", "1"]) == 2  # free again
    assert_accounted(Path("out.jsonl"), batch.expand_paths(["in"]))


def test_resume_from_another_folder_or_through_a_symlink_parses_nothing_again(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Resume matched paths as typed: the same files named from another folder were appended twice."""
    Path("a").mkdir()
    shutil.move("in", "a/in")
    monkeypatch.chdir(corpus / "a")
    assert _main(["batch", "in", "-o", "../out.csv", "-j", "1"]) == 2
    monkeypatch.chdir(corpus)
    Path("link").symlink_to("a")
    for spec in ("a/in", str(corpus / "a" / "in"), "link/in", "./a/../a/in"):
        stats = batch.run([spec], "out.csv", jobs=1, progress=False)
        assert (stats.parsed, stats.failed, stats.skipped) == (0, 3, 24), spec  # the failures are retried
    rows = export.read_paths("out.csv")
    failed = [e["path"] for e in batch.read_errors("out.csv.errors.csv")]
    assert len(rows) == 24 and all(r.startswith("in/") for r in rows)  # the paths as first given
    assert len(failed) == 3 and all(f.startswith("a/in/") for f in failed)  # as given when they last failed
    resolved = sorted(os.path.realpath(os.path.join("a", r)) for r in rows) + [os.path.realpath(f) for f in failed]
    assert sorted(resolved) == sorted(os.path.realpath(f) for f in batch.expand_paths(["a/in"]))


def test_a_file_reached_through_a_symlink_too_is_one_file(corpus: Path) -> None:
    Path("in/again.txt").symlink_to(Path("000/000000.txt"))
    assert "in/again.txt" not in batch.expand_paths(["in/000", "in/again.txt"])


# ------------------------------------------------------------------ odd inputs
@pytest.mark.skipif(not hasattr(os, "mkfifo") or not os.path.exists("/dev/null"), reason="POSIX FIFOs and devices")
def test_fifos_and_devices_among_the_inputs_are_error_rows(corpus: Path) -> None:
    """A FIFO or a device among the inputs stalled the batch."""
    os.mkfifo("in/000/pipe.txt")
    Path("in/000/zero.txt").symlink_to("/dev/zero")
    p = subprocess.run(
        [
            sys.executable,
            "-m",
            "govinfo_report.cli",
            "batch",
            "in",
            "in/000/pipe.txt",
            "/dev/null",
            "-o",
            "out.jsonl",
            "-j",
            "1",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert p.returncode == 2, p.stderr
    errors = {e["path"]: e["error"] for e in batch.read_errors("out.jsonl.errors.csv")}
    assert "named pipe" in errors["in/000/pipe.txt"]
    assert "character device" in errors["in/000/zero.txt"] and "character device" in errors["/dev/null"]
    assert_accounted(Path("out.jsonl"), batch.expand_paths(["in", "/dev/null"]))


def test_a_file_that_takes_too_long_becomes_an_error_row(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from govinfo_report import api

    real = api.parse_document  # what the batch calls on each file it has read

    def slow(doc: Any, source: str, **kw: Any) -> Any:
        if "000005" in source:
            time.sleep(30)
        return real(doc, source, **kw)

    monkeypatch.setattr(api, "parse_document", slow)
    start = time.monotonic()
    stats = batch.run(["in"], "out.jsonl", jobs=1, progress=False, timeout=0.5)
    assert time.monotonic() - start < 25
    errors = {e["path"]: e["error"] for e in batch.read_errors("out.jsonl.errors.csv")}
    assert errors["in/000/000005.txt"].startswith("TimeoutError: parsing took more than 0.5 s")
    assert stats.failed == 4
    assert_accounted(Path("out.jsonl"), batch.expand_paths(["in"]))


def hang_on_marked_file(chunk: Sequence[tuple[str, str]], kind: str) -> batch.ChunkResult:
    """A worker stuck where no alarm reaches it (C code): only killing it ends it."""
    if any("hang" in display for display, _ in chunk):
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(120)
    return batch.parse_chunk(chunk, kind)


@pytest.mark.slow
def test_a_worker_stuck_past_its_deadline_is_killed_and_its_file_reported(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy("in/000/000000.txt", "in/000/000003hang.txt")
    monkeypatch.setattr(batch, "KILL_GRACE", 1.0)
    files = batch.expand_paths(["in/000"])
    start = time.monotonic()
    stats = batch.run(
        ["in/000"],
        "out.jsonl",
        jobs=2,
        progress=False,
        timeout=1.0,
        chunk_results=lambda chunks, kind, jobs: batch.run_local(
            chunks, kind, jobs, work=hang_on_marked_file, timeout=1.0
        ),
    )
    assert time.monotonic() - start < 100
    errors = {e["path"]: e["error"] for e in batch.read_errors("out.jsonl.errors.csv")}
    assert errors["in/000/000003hang.txt"].startswith("TimeoutError")
    assert stats.parsed + stats.failed == len(files)
    assert_accounted(Path("out.jsonl"), files)


def test_files_that_vanish_or_change_mid_run(corpus: Path) -> None:
    def meddling(chunks: Sequence[batch.Chunk], kind: str, jobs: int) -> Iterator[batch.ChunkResult]:
        os.remove(chunks[1][0][1])
        Path(chunks[1][1][1]).write_bytes(b"")
        Path(chunks[2][0][1]).write_bytes(SEED.read_bytes())
        yield from batch.run_local(chunks, kind, jobs)

    files = batch.expand_paths(["in"])
    stats = batch.run(["in"], "out.csv", jobs=1, progress=False, chunk_results=meddling)
    assert stats.failed == 4  # 3 bad - 1 mended + 1 gone + 1 emptied
    assert_accounted(Path("out.csv"), files)
    errors = {e["path"]: e["error"] for e in batch.read_errors("out.csv.errors.csv")}
    assert any("No such file" in e for e in errors.values())


# ------------------------------------------------------------------ outputs that cannot be written
def _one_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


def test_an_output_under_a_file_is_one_line_exit_3(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    Path("afile").write_text("x", encoding="utf-8")
    assert _main(["batch", "in", "-o", "afile/out.csv", "-j", "1"]) == 3
    assert "cannot write afile/out.csv" in _one_line(capsys)
    assert _main(["batch", "in", "-o", "afile/deeper/out.csv", "-j", "1"]) == 3
    assert "not a folder" in _one_line(capsys)


def test_a_read_only_output_is_one_line_exit_3(
    corpus: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    if os.geteuid() != 0:  # a real read-only folder (root writes anywhere)
        Path("ro").mkdir()
        Path("ro").chmod(0o555)
        try:
            assert _main(["batch", "in", "-o", "ro/out.csv", "-j", "1"]) == 3
            assert "permission denied" in _one_line(capsys)
        finally:
            Path("ro").chmod(0o755)

    def refuse(path: Any, **kw: Any) -> Any:
        raise PermissionError(errno.EROFS, "Read-only file system", str(path))

    monkeypatch.setattr(batch, "open_writer", refuse)
    assert _main(["batch", "in", "-o", "out.csv", "-j", "1"]) == 3
    assert "cannot write out.csv: read-only file system" in _one_line(capsys)


def _fill_disk(monkeypatch: pytest.MonkeyPatch, ext: str, after: int) -> None:
    """Make the ``after``-th write of the output fail with ENOSPC, leaving half a row on disk."""
    calls = {"n": 0}

    def full() -> OSError:
        return OSError(errno.ENOSPC, "No space left on device")

    if ext in (".jsonl", ".csv"):
        real = export._AppendFile.write

        def write(self: Any, data: Any) -> None:
            calls["n"] += 1
            if calls["n"] == after:  # the disk fills in the middle of a chunk of rows
                real(self, data[: len(data) // 2])
                raise full()
            real(self, data)

        monkeypatch.setattr(export._AppendFile, "write", write)
    else:  # Parquet and XLSX are written whole at the end: the disk fills as the finished file is put in place
        real_replace = os.replace

        def replace(src: Any, dst: Any) -> None:
            if str(src).endswith(".partial"):
                raise full()
            real_replace(src, dst)

        monkeypatch.setattr(os, "replace", replace)


@pytest.mark.parametrize("ext", FORMATS)
def test_a_full_disk_is_one_line_exit_3_and_the_same_command_resumes(
    corpus: Path, ext: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = f"out{ext}"
    if ext in (".parquet", ".xlsx"):
        assert _main(["batch", "in/000", "-o", out, "-j", "1"]) == 2  # a complete file from before
        capsys.readouterr()
    with monkeypatch.context() as m:
        _fill_disk(m, ext, after=4)
        assert _main(["batch", "in", "-o", out, "-j", "1"]) == 3
        # the findings of a report are written before its row: the disk may fill under either file
        said = _one_line(capsys)
        named = [out] if ext == ".xlsx" else [out, str(export.findings_path(out))]
        assert any(f"cannot write {n}: the disk is full" in said for n in named), said
    assert _main(["batch", "in", "-o", out, "-j", "1"]) == 2
    assert_accounted(Path(out), batch.expand_paths(["in"]))
    assert_findings_in_step(Path(out))


def test_a_full_disk_under_the_errors_file_is_named(
    corpus: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def add(self: Any, *args: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as m:
        m.setattr(batch.ErrorLog, "add", add)
        assert _main(["batch", "in", "-o", "out.jsonl", "-j", "1"]) == 3
        assert "cannot write out.jsonl.errors.csv: the disk is full" in _one_line(capsys)
    assert _main(["batch", "in", "-o", "out.jsonl", "-j", "1"]) == 2
    assert_accounted(Path("out.jsonl"), batch.expand_paths(["in"]))


def test_an_unreachable_dask_scheduler_is_one_line_exit_4(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dask = pytest.importorskip("dask")
    pytest.importorskip("distributed")
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with dask.config.set({"distributed.comm.timeouts.connect": "2s"}):
        code = _main(["batch", "in", "-o", "out.jsonl", "--engine", "dask", "--scheduler", f"tcp://127.0.0.1:{port}"])
    assert code == 4
    assert f"cannot reach the Dask scheduler at tcp://127.0.0.1:{port}" in _one_line(capsys)
    assert _main(["batch", "in", "-o", "out.jsonl", "-j", "1"]) == 2
    assert_accounted(Path("out.jsonl"), batch.expand_paths(["in"]))


def test_help_documents_the_exit_statuses(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        _main(["batch", "--help"])
    text = capsys.readouterr().out
    assert "exit status" in text and "3 OUT" in text and "4 the Dask scheduler" in text and "--timeout" in text


# ------------------------------------------------------------------ kill -9, then resume
_SLOW_BATCH = """
import os, sys, time
from govinfo_report import batch, cli
real = batch.parse_one
def slow(*args, **kwargs):
    time.sleep(float(os.environ.get("SLOW_SECONDS", "0.04")))  # slow enough to be killed in the middle
    return real(*args, **kwargs)
batch.parse_one = slow
sys.exit(cli.main(sys.argv[1:]))
"""


def _journal_lines(out: Path) -> int:
    j = batch.journal_path(out)
    return j.read_bytes().count(b"\n") if j.exists() else 0


def _start_and_kill(cmd: list[str], until: Callable[[], bool]) -> None:
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not until():
            assert proc.poll() is None, "the batch ended before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.01)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(30)


@pytest.mark.slow
@pytest.mark.parametrize("ext", FORMATS)
def test_kill_9_then_resume_accounts_for_every_file_once(corpus: Path, ext: str) -> None:
    Path("slow_batch.py").write_text(_SLOW_BATCH, encoding="utf-8")
    out = Path(f"out{ext}")
    cmd = [sys.executable, "slow_batch.py", "batch", "in", "-o", str(out), "-j", "1", "--no-progress"]
    inputs = batch.expand_paths(["in"])
    _start_and_kill(cmd, lambda: _journal_lines(out) >= 6)
    errors = batch.default_errors_path(out)
    before = {e["path"] for e in batch.read_errors(errors)} if errors.exists() else set()
    assert before, "no error row before the kill: the test did not test that they survive"
    seen = _journal_lines(out)
    _start_and_kill(cmd, lambda: _journal_lines(out) >= seen + 6)  # killed again, while resuming
    after = {e["path"] for e in batch.read_errors(errors)}
    assert before - set(_paths_of(out)) <= after, "a resumed run lost earlier error rows"
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert p.returncode == 2, p.stderr
    _rows, failed = assert_accounted(out, inputs)
    assert sorted(failed) == ["in/000/000001b.txt", "in/000/000004b.txt", "in/001/000013b.txt"]
    assert_findings_in_step(out)
    assert not out.with_name(out.name + ".errors.csv.tmp").exists()


@pytest.mark.slow
def test_two_batches_started_together_leave_one_consistent_output(corpus: Path) -> None:
    Path("slow_batch.py").write_text(_SLOW_BATCH, encoding="utf-8")
    cmd = [sys.executable, "slow_batch.py", "batch", "in", "-o", "out.csv", "-j", "1", "--no-progress"]
    env = {**os.environ, "SLOW_SECONDS": "0.15"}
    procs = [
        subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env) for _ in range(2)
    ]
    results = [(p.wait(120), p.stderr.read() if p.stderr else "") for p in procs]
    for p in procs:
        if p.stderr:
            p.stderr.close()
    codes = sorted(code for code, _ in results)
    assert codes == [2, 2], results  # one ran (some files are not reports), the other was refused
    assert sum("another batch is writing" in err for _code, err in results) == 1
    assert sum(" parsed, " in err for _code, err in results) == 1
    assert_accounted(Path("out.csv"), batch.expand_paths(["in"]))
