"""`govinfo-report batch`: every file accounted for, resume, --force, exit status, progress, Dask.

Reports are generated from the repository's own templates (benchmarks/generate.py), each
knowing the flat values it must come back with, so these tests check values, not only counts.
No timing assertions: speed is measured by benchmarks/, not asserted here.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import os
import shutil
import sys
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import govinfo_report as g
from conftest import ROOT, corpus_dir
from govinfo_report import batch, cli, export
from govinfo_report.errors import GovinfoError
from govinfo_report.serialise import FILE_COLUMNS
from govinfo_report.validate import FINDING_COLUMNS, finding_rows, located, validate


def _load_generator() -> Any:
    spec = importlib.util.spec_from_file_location("govinfo_generate", ROOT / "benchmarks" / "generate.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


gen = _load_generator()
N_GOOD, N_BAD = 195, 5  # the CI-sized corpus: 200 files, a few of them not reports


@pytest.fixture(scope="module")
def corpus200(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict[str, Any]]]:
    root = tmp_path_factory.mktemp("corpus200")
    expected = gen.write_corpus(root / "reports", N_GOOD, seed=7, bad=N_BAD, per_dir=100)
    return root, expected


@pytest.fixture
def small(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """30 reports and 2 bad files under ./in, with the working directory at tmp_path."""
    monkeypatch.chdir(tmp_path)
    gen.write_corpus(Path("in"), 30, seed=3, bad=2, per_dir=10)
    return tmp_path


def _main(argv: Sequence[str]) -> int:
    return cli.main(list(argv))


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _jsonl_paths(path: Path) -> list[str]:
    return [json.loads(line)["path"] for line in path.read_text(encoding="utf-8").splitlines()]


# ------------------------------------------------------------------ inputs
def test_expand_paths_files_folders_globs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for p in ("a/1.txt", "a/b/2.html", "a/b/c/3.pdf", "a/notes.json", "a/.hidden/4.txt", "a/.5.txt", "x.md", "y.txt"):
        Path(p).parent.mkdir(parents=True, exist_ok=True)
        Path(p).write_text("x", encoding="utf-8")
    # folders: recursive, report extensions only, hidden skipped, sorted
    assert batch.expand_paths(["a"]) == ["a/1.txt", "a/b/2.html", "a/b/c/3.pdf"]
    # a file named explicitly is taken whatever its extension; duplicates collapse (first wins)
    assert batch.expand_paths(["x.md", "./a/1.txt", "a"]) == ["x.md", "a/1.txt", "a/b/2.html", "a/b/c/3.pdf"]
    # globs, including ** and a glob matching a folder
    assert batch.expand_paths(["a/**/*.pdf", "*.txt"]) == ["a/b/c/3.pdf", "y.txt"]
    assert batch.expand_paths(["a/b*"]) == ["a/b/2.html", "a/b/c/3.pdf"]
    assert batch.expand_paths(["a"], exclude=["a/1.txt"]) == ["a/b/2.html", "a/b/c/3.pdf"]
    with pytest.raises(GovinfoError, match="nope: no such file"):
        batch.expand_paths(["a", "nope"])
    with pytest.raises(GovinfoError, match=r"z\*.txt: no file matches"):
        batch.expand_paths(["z*.txt"])


# ------------------------------------------------------------------ the CI-sized corpus
def test_every_file_accounted_for_and_values_right(
    corpus200: tuple[Path, dict[str, dict[str, Any]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, expected = corpus200
    monkeypatch.chdir(root)
    assert _main(["batch", "reports", "-o", "out/all.csv", "-j", "2", "--no-progress"]) == 2  # some could not be read
    rows = _csv_rows(root / "out/all.csv")
    errors = batch.read_errors(root / "out/all.csv.errors.csv")
    inputs = batch.expand_paths(["reports"])
    assert len(inputs) == N_GOOD + N_BAD
    assert len(rows) + len(errors) == len(inputs)
    assert sorted([r["path"] for r in rows] + [e["path"] for e in errors]) == sorted(inputs)
    # the failures are exactly the files that are not reports, each with a reason
    assert sorted(e["path"] for e in errors) == sorted(str(p) for p in Path("reports/bad").iterdir())
    assert all(e["error"] for e in errors)
    assert any(e["error"].startswith("ParseError:") and e["line"] == "1" for e in errors)
    # output is in input order, and every generated value came back (CSV text = str of the value)
    assert [r["path"] for r in rows] == [p for p in inputs if not p.startswith("reports/bad")]
    by_path = {r["path"]: r for r in rows}
    checked = 0
    for path, values in expected.items():
        row = by_path[os.path.relpath(path, root)]
        for col, v in values.items():
            assert row[col] == str(v), (path, col)
            checked += 1
    assert checked > N_GOOD * 30
    # null is not zero: the 2019 seed declares 三 empty, so its applications columns are empty
    seed_rows = [r for r in rows if r["format"] == "2019"]
    assert seed_rows and all(r["applications.new_received.total"] == "" for r in seed_rows)
    assert all(r["declared_none"] == "applications" for r in seed_rows)


def test_csv_has_bom_and_documented_header(corpus200: tuple[Path, dict[str, dict[str, Any]]], tmp_path: Path) -> None:
    root, _ = corpus200
    out = tmp_path / "flat.csv"
    stats = batch.run([str(root / "reports" / "000")], out, jobs=1, progress=False)
    assert stats.failed == 0 and stats.parsed == 100
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    header = next(csv.reader(io.StringIO(raw[3:].decode("utf-8").splitlines()[0])))
    assert tuple(header) == FILE_COLUMNS
    documented = [
        line.split("`")[1]
        for line in (ROOT / "docs/flat-schema.md").read_text(encoding="utf-8").splitlines()
        if line.startswith("| ") and line.count("`") >= 2 and line.split("|")[1].strip().isdigit()
    ]
    assert documented == header
    assert "新疆维吾尔自治区应急管理厅" in raw.decode("utf-8")  # Chinese survives as UTF-8


@pytest.mark.parametrize("ext", [".jsonl", ".parquet", ".xlsx"])
def test_other_formats_hold_the_same_reports(
    corpus200: tuple[Path, dict[str, dict[str, Any]]], tmp_path: Path, ext: str
) -> None:
    root, expected = corpus200
    folder = root / "reports" / "001"
    out = tmp_path / f"out{ext}"
    stats = batch.run([str(folder)], out, jobs=1, progress=False)
    assert (stats.parsed, stats.failed, stats.rows) == (95, 0, 95)
    assert export.read_paths(out) == batch.expand_paths([str(folder)])
    some = sorted(folder.iterdir())[5]
    want = expected[str(some)]
    if ext == ".jsonl":
        line = next(
            json.loads(x) for x in out.read_text(encoding="utf-8").splitlines() if json.loads(x)["path"] == str(some)
        )
        assert set(line) >= {"title", "sections", "findings", "applications"}
        flat = g.Report.from_dict({k: v for k, v in line.items() if k != "path"}).to_flat()
    elif ext == ".parquet":
        import pyarrow.parquet as pq

        table = pq.read_table(out)
        assert str(table.schema.field("applications.new_received.total").type) == "int64"
        assert str(table.schema.field("active_disclosure.fees.amount").type) == "decimal128(38, 10)"
        assert str(table.schema.field("published").type) == "date32[day]"
        flat = next(r for r in table.to_pylist() if r["path"] == str(some))
    else:
        import openpyxl

        wb = openpyxl.load_workbook(out, read_only=True)
        flat = {}
        for ws in wb.worksheets:
            rows = list(ws.iter_rows(values_only=True))
            row = next(r for r in rows[2:] if r[0] == str(some))
            flat.update(zip(rows[1], row, strict=False))  # read-only rows drop trailing blanks
        wb.close()
    for col, v in want.items():
        got = flat[col]
        if col.endswith(".amount"):  # Decimal in JSON/Parquet, a float in a spreadsheet
            assert got is not None and abs(Decimal(str(got)) - Decimal(v)) < Decimal("1e-9"), col
        else:
            assert got == v, col


# ------------------------------------------------------------------ validation in the dataset
def _counts(out: Path) -> dict[str, tuple[int, int, str]]:
    """path → (errors, warnings, codes) as the output's own rows carry them, whatever the format."""
    if out.suffix == ".jsonl":
        lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        return {d["path"]: (d["errors"], d["warnings"], ",".join(d["codes"])) for d in lines}
    if out.suffix == ".csv":
        return {r["path"]: (int(r["errors"]), int(r["warnings"]), r["codes"]) for r in _csv_rows(out)}
    if out.suffix == ".parquet":
        pq = pytest.importorskip("pyarrow.parquet")
        rows = pq.read_table(out, columns=["path", "errors", "warnings", "codes"]).to_pylist()
        return {r["path"]: (r["errors"], r["warnings"], r["codes"] or "") for r in rows}
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.load_workbook(out, read_only=True)
    try:
        ws = wb["reports"]
        keys = next(ws.iter_rows(min_row=2, max_row=2, values_only=True))
        at = [keys.index(c) for c in ("path", "errors", "warnings", "codes")]
        return {
            r[at[0]]: (r[at[1]], r[at[2]], r[at[3]] or "")
            for r in ws.iter_rows(min_row=3, values_only=True)
            if r[at[0]]
        }
    finally:
        wb.close()


def _plain(rows: Sequence[dict[str, Any]]) -> list[tuple[str, ...]]:
    return sorted(tuple("" if r[c] is None else str(r[c]) for c in FINDING_COLUMNS) for r in rows)


@pytest.mark.parametrize("ext", [".csv", ".jsonl", ".parquet", ".xlsx"])
def test_every_format_carries_counts_codes_and_the_findings_table(small: Path, ext: str) -> None:
    out = Path(f"out{ext}")
    assert _main(["batch", "in", "-o", str(out), "-j", "1"]) == 2  # two files are not reports
    paths = export.read_paths(out)
    table = export.read_findings(out)
    # one row per finding of each report, as check finds them (lines located, expected values)
    want: list[dict[str, Any]] = []
    for p in paths:
        report = g.parse_file(p)
        found = [*report.findings, *validate(report)]
        want += finding_rows(p, report, located(p, found))
    assert table and _plain(table) == _plain(want)
    assert all(r["line"] for r in table)  # every finding of these reports is placed on a line
    assert {r["path"] for r in table} <= set(paths)
    # the report's row counts the same findings
    counts = _counts(out)
    assert set(counts) == set(paths)
    for p in paths:
        mine = [r for r in table if r["path"] == p]
        errors = sum(r["severity"] == "error" for r in mine)
        warnings = sum(r["severity"] == "warning" for r in mine)
        assert counts[p] == (errors, warnings, ",".join(sorted({r["code"] for r in mine}))), p
    if ext == ".xlsx":
        assert not Path("out.findings.xlsx").exists()  # a sheet of the workbook, not a file
    else:
        assert Path(f"out.findings{ext}").exists()
    # a resume adds nothing twice
    assert _main(["batch", "in", "-o", str(out), "-j", "1"]) == 2
    assert _plain(export.read_findings(out)) == _plain(want)


def test_long_shape_and_chinese_headers_have_the_findings_table_too(small: Path) -> None:
    assert _main(["batch", "in/000", "-o", "wide.csv", "-j", "1"]) == 1
    assert _main(["batch", "in/000", "-o", "cells.csv", "--shape", "long", "--labels", "zh", "-j", "1"]) == 1
    header = Path("cells.findings.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.split(",") == [export.finding_label(c) for c in FINDING_COLUMNS]
    assert header.startswith("文件,机关名称,年度,代码,严重程度")
    wide = _plain(export.read_findings("wide.csv"))
    with open("cells.findings.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))[1:]
    assert sorted(tuple(r) for r in rows) == wide
    assert _main(["batch", "in/000", "-o", "cells.parquet", "--shape", "long", "-j", "1"]) == 1
    assert _plain(export.read_findings("cells.parquet")) == wide


def test_findings_of_a_report_not_in_the_output_are_dropped_on_resume(small: Path) -> None:
    """Killed after a report's findings were written but before its row: the resume writes them once."""
    pq = pytest.importorskip("pyarrow.parquet")
    for ext in (".csv", ".jsonl", ".parquet"):
        out = Path(f"out{ext}")
        assert _main(["batch", "in/000", "-o", str(out), "-j", "1"]) == 1
        whole = _plain(export.read_findings(out))
        last = export.read_paths(out)[-1]
        assert any(r[0] == last for r in whole)
        if ext == ".parquet":
            table = pq.read_table(out)
            pq.write_table(table.slice(0, table.num_rows - 1), out)
        else:
            lines = out.read_bytes().splitlines(keepends=True)
            out.write_bytes(b"".join(lines[:-1]))
        assert last not in export.read_paths(out)
        stats = batch.run(["in/000"], out, jobs=1, progress=False)
        assert stats.parsed == 1 and stats.skipped == 9
        assert _plain(export.read_findings(out)) == whole, ext


def test_a_row_the_format_refuses_writes_no_findings(small: Path) -> None:
    """A report parsed whose row the output cannot hold is an error row, and none of its findings is written."""
    text = (ROOT / "tests/fixtures/seed-xinjiang-2019.txt").read_text(encoding="utf-8")
    text = text.replace("行政许可 |\n11 |", "行政许可 |\n99999999999999999999 |", 1)
    lines = text.split("\n")
    assert lines[104] == "2 |"  # table 四, 行政复议 总计
    lines[104] = "3 |"  # an error finding: the outcomes add up to 2
    text = "\n".join(lines)
    Path("in/000/huge.txt").write_text(text, encoding="utf-8")
    report = g.parse_file("in/000/huge.txt")
    assert [*report.findings, *validate(report)], "the refused report has findings: the test tests them"
    stats = batch.run(["in/000"], "out.parquet", jobs=1, progress=False)
    assert stats.failed == 1
    assert [e["path"] for e in batch.read_errors("out.parquet.errors.csv")] == ["in/000/huge.txt"]
    found = export.read_findings("out.parquet")
    assert found and "in/000/huge.txt" not in {r["path"] for r in found}
    assert {r["path"] for r in found} <= set(export.read_paths("out.parquet"))


# ------------------------------------------------------------------ resume, --force, exit status
def test_resume_skips_done_files_and_force_redoes_them(small: Path) -> None:
    assert _main(["batch", "in/000", "-o", "out.jsonl", "-j", "1"]) == 1  # generated numbers do not add up: errors
    first = _jsonl_paths(small / "out.jsonl")
    assert len(first) == 10
    # a done file is now damaged: resume must not look at it again
    Path(first[0]).write_bytes(b"")
    assert _main(["batch", "in/000", "in/001", "in/002", "-o", "out.jsonl", "-j", "1"]) == 1
    after = _jsonl_paths(small / "out.jsonl")
    assert after[:10] == first and len(after) == 30 == len(set(after))
    assert batch.read_errors(small / "out.jsonl.errors.csv") == []
    # --force parses everything again: the damaged file now fails, nothing is doubled
    assert _main(["batch", "in/000", "in/001", "in/002", "-o", "out.jsonl", "--force", "-j", "1"]) == 2
    forced = _jsonl_paths(small / "out.jsonl")
    assert len(forced) == 29 and first[0] not in forced
    assert [e["path"] for e in batch.read_errors(small / "out.jsonl.errors.csv")] == [first[0]]


def test_resumed_run_equals_single_run(small: Path) -> None:
    for ext in (".csv", ".parquet", ".xlsx", ".jsonl"):
        assert _main(["batch", "in/000", "-o", f"half{ext}", "-j", "1"]) == 1
        assert _main(["batch", "in", "-o", f"half{ext}", "-j", "1"]) == 2
        assert _main(["batch", "in", "-o", f"whole{ext}", "-j", "1"]) == 2
        assert export.read_paths(f"half{ext}") == export.read_paths(f"whole{ext}"), ext
        if ext in (".csv", ".jsonl"):
            assert Path(f"half{ext}").read_bytes() == Path(f"whole{ext}").read_bytes(), ext


def test_failed_files_are_retried_on_resume(small: Path) -> None:
    bad = sorted(Path("in/bad").iterdir())
    assert _main(["batch", "in", "-o", "out.csv", "-j", "1"]) == 2
    assert {e["path"] for e in batch.read_errors("out.csv.errors.csv")} == {str(p) for p in bad}
    # the user fixes one file: the resumed run parses it and drops its error row
    bad[0].write_bytes((ROOT / "tests/fixtures/seed-xinjiang-2019.txt").read_bytes())
    stats = batch.run(["in"], "out.csv", jobs=1, progress=False)
    assert (stats.skipped, stats.parsed, stats.failed) == (30, 1, 1)
    assert [e["path"] for e in batch.read_errors("out.csv.errors.csv")] == [str(bad[1])]
    assert len(_csv_rows(Path("out.csv"))) == 31
    bad[1].write_bytes((ROOT / "tests/fixtures/seed-xinjiang-2019.txt").read_bytes())
    assert (
        _main(["batch", "in", "-o", "out.csv", "-j", "1"]) == 1
    )  # all read now (the generated numbers still do not add up)
    assert batch.read_errors("out.csv.errors.csv") == []


def test_resume_after_a_killed_run_drops_the_partial_line(small: Path) -> None:
    assert _main(["batch", "in/000", "-o", "out.jsonl", "-j", "1"]) == 1
    assert _main(["batch", "in/000", "-o", "out.csv", "-j", "1"]) == 1
    for name in ("out.jsonl", "out.csv"):
        data = Path(name).read_bytes()
        Path(name).write_bytes(data[: len(data) - 40])  # killed mid-row
    assert _main(["batch", "in/000", "-o", "out.jsonl", "-j", "1"]) == 1
    assert _main(["batch", "in/000", "-o", "out.csv", "-j", "1"]) == 1
    assert _jsonl_paths(Path("out.jsonl")) == batch.expand_paths(["in/000"])
    assert [r["path"] for r in _csv_rows(Path("out.csv"))] == batch.expand_paths(["in/000"])


def test_resume_refuses_an_output_of_another_schema(small: Path, capsys: pytest.CaptureFixture[str]) -> None:
    Path("old.csv").write_text("\ufeffpath,title\nx,y\n", encoding="utf-8")
    assert _main(["batch", "in/000", "-o", "old.csv"]) == 2
    assert "flat schema" in capsys.readouterr().err
    assert Path("old.csv").read_text(encoding="utf-8") == "\ufeffpath,title\nx,y\n"  # untouched
    assert _main(["batch", "in/000", "-o", "old.csv", "--force", "-j", "1"]) == 1


def test_exit_status(small: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """As for check: 0 every file read and no error, 1 every file read and some report with an error,
    2 some file could not be read (which wins over 1)."""
    Path("clean").mkdir()
    for n in range(3):
        shutil.copy(ROOT / "tests/fixtures/seed-xinjiang-2019.txt", f"clean/{n}.txt")
    assert _main(["batch", "clean", "-o", "clean.csv", "-j", "1"]) == 0
    err = capsys.readouterr().err
    assert "3 parsed, 0 failed" in err and "error findings" not in err
    assert export.read_findings("clean.csv") == []
    assert _main(["batch", "in/000", "in/001", "-o", "ok.csv", "-j", "1"]) == 1  # their numbers do not add up
    err = capsys.readouterr().err
    assert "20 parsed, 0 failed" in err and "\r" not in err  # no progress bar when not a terminal
    assert "20 with error findings; findings in ok.findings.csv" in err
    assert _main(["batch", "in/000", "in/001", "-o", "ok.csv", "-j", "1"]) == 1  # resumed: the same status
    assert "20 with error findings" in capsys.readouterr().err
    assert _main(["batch", "clean", "-o", "ok.csv", "-j", "1"]) == 0  # the status is of the files named
    capsys.readouterr()
    assert _main(["batch", "in", "-o", "some.csv", "-j", "1"]) == 2
    assert "30 parsed, 2 failed" in capsys.readouterr().err
    assert _main(["batch", "clean", "in/bad", "-o", "bad.csv", "-j", "1"]) == 2
    assert _main(["batch", "in", "-o", "out.txt"]) == 2  # unknown format
    assert "unknown output format" in capsys.readouterr().err
    assert _main(["batch", "missing/", "-o", "out.csv"]) == 2
    assert _main(["batch", "in", "-o", "out.csv", "-j", "0"]) == 2
    assert _main(["batch", "in", "-o", "out.csv", "--scheduler", "tcp://x:1"]) == 2
    Path("empty").mkdir()
    assert _main(["batch", "empty", "-o", "out.csv"]) == 2
    assert "no report files" in capsys.readouterr().err


def test_errors_option_and_output_folder_created(small: Path) -> None:
    assert _main(["batch", "in", "-o", "deep/er/out.jsonl", "--errors", "logs/failed.csv", "-j", "1"]) == 2
    assert len(batch.read_errors("logs/failed.csv")) == 2
    assert not Path("deep/er/out.jsonl.errors.csv").exists()


def test_a_row_the_format_cannot_hold_is_an_error_not_a_crash(small: Path) -> None:
    text = (ROOT / "tests/fixtures/seed-xinjiang-2019.txt").read_text(encoding="utf-8")
    damaged = text.replace("规范性文件 |\n2 |", "规范性文件 |\n2.5 |", 1)
    assert damaged != text
    Path("in/damaged.txt").write_text(damaged, encoding="utf-8")
    report = g.parse(damaged)
    if report.active_disclosure.normative_documents.made.value != Decimal("2.5"):
        pytest.skip("the parser no longer reads 2.5 in a count cell as a number")
    csv_stats = batch.run(["in/damaged.txt", "in/000"], "o.csv", jobs=1, progress=False)
    pq_stats = batch.run(["in/damaged.txt", "in/000"], "o.parquet", jobs=1, progress=False)
    assert (csv_stats.parsed, csv_stats.failed) == (11, 0)  # CSV keeps the text as printed
    assert _csv_rows(Path("o.csv"))[0]["active_disclosure.normative_documents.made"] == "2.5"
    assert (pq_stats.parsed, pq_stats.failed) == (10, 1)  # Parquet's int64 cannot: an error row, not a rounding
    (err,) = batch.read_errors("o.parquet.errors.csv")
    assert err["path"] == "in/damaged.txt" and "is a count" in err["error"]
    assert export.read_paths("o.parquet") == batch.expand_paths(["in/000"])


# ------------------------------------------------------------------ workers
def crash_on_marked_file(chunk: Sequence[tuple[str, str]], kind: str) -> batch.ChunkResult:
    """A worker that dies (as on a segfault) when it meets a file named *crash*."""
    if any("crash" in display for display, _ in chunk):
        os._exit(3)
    return batch.parse_chunk(chunk, kind)


def test_a_file_that_kills_its_worker_fails_alone(small: Path) -> None:
    Path("in/001/crash.txt").write_bytes(Path("in/001/000010.txt").read_bytes())
    files = batch.expand_paths(["in"])
    stats = batch.run(
        ["in"],
        "out.jsonl",
        jobs=2,
        progress=False,
        chunk_results=lambda chunks, kind, jobs: batch.run_local(chunks, kind, jobs, work=crash_on_marked_file),
    )
    assert stats.parsed + stats.failed == len(files) == 33
    errors = batch.read_errors("out.jsonl.errors.csv")
    assert {e["path"] for e in errors} == {"in/001/crash.txt", *(str(p) for p in Path("in/bad").iterdir())}
    assert next(e for e in errors if "crash" in e["path"])["error"] == "worker process died while parsing this file"
    assert _jsonl_paths(Path("out.jsonl")) == [f for f in files if "crash" not in f and "bad" not in f]


class _PoolBrokenAtSubmit:
    """A stand-in pool whose first pool breaks on its third submit, as when a worker dies while
    run_local refills its window (seen in CI under load); later pools work, in this process."""

    made = 0

    def __init__(self, *args: object, **kwargs: object) -> None:
        type(self).made += 1
        self.broken = type(self).made == 1
        self.submits = 0

    def submit(self, fn, *args):  # type: ignore[no-untyped-def]
        from concurrent.futures import Future
        from concurrent.futures.process import BrokenProcessPool

        self.submits += 1
        fut: Future[batch.ChunkResult] = Future()
        if self.broken and self.submits >= 3:
            raise BrokenProcessPool("a child process terminated abruptly")
        if self.broken:
            fut.set_exception(BrokenProcessPool("a child process terminated abruptly"))
        else:
            fut.set_result(fn(*args))
        return fut

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        pass


def test_a_pool_that_breaks_while_refilling_loses_no_file(small: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch, "ProcessPoolExecutor", _PoolBrokenAtSubmit)
    files = batch.expand_paths(["in"])
    chunks = batch._chunks([(f, str(Path(f).resolve())) for f in files], 4)
    results = list(batch.run_local(chunks, "json", 2))
    assert [o.path for r in results for o in r.outcomes] == files  # every file once, in order
    assert not any(o.error == "worker process died while parsing this file" for r in results for o in r.outcomes)


def test_parallel_output_equals_single_process_output(small: Path) -> None:
    assert _main(["batch", "in", "-o", "one.jsonl", "-j", "1"]) == 2
    assert _main(["batch", "in", "-o", "two.jsonl", "-j", "2"]) == 2
    assert Path("one.jsonl").read_bytes() == Path("two.jsonl").read_bytes()
    assert Path("one.jsonl.errors.csv").read_bytes() == Path("two.jsonl.errors.csv").read_bytes()


def test_parse_one_reports_errors_with_line() -> None:
    bad = batch.parse_one("x", str(ROOT / "tests/fixtures/seed-xinjiang-2019.txt") + ".missing", "flat")
    assert bad.payload is None and bad.error and bad.error.startswith("AdapterError")
    good = batch.parse_one("seed", str(ROOT / "tests/fixtures/seed-xinjiang-2019.txt"), "flat")
    assert good.error is None and good.payload[0] == "seed" and len(good.payload) == len(FILE_COLUMNS)
    assert good.size == (ROOT / "tests/fixtures/seed-xinjiang-2019.txt").stat().st_size


# ------------------------------------------------------------------ progress
class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_on_a_terminal_only(small: Path) -> None:
    tty = _Tty()
    batch.run(["in"], "a.csv", jobs=1, stream=tty)
    shown = tty.getvalue()
    assert shown.startswith("\r") and shown.endswith("\n")
    last = shown.rstrip("\n").split("\r")[-1]
    assert "100%" in last and "32/32" in last and "files/s" in last and "ETA" in last and "2 failed" in last
    piped = io.StringIO()
    batch.run(["in"], "b.csv", jobs=1, stream=piped)
    assert piped.getvalue() == ""
    quiet = _Tty()
    batch.run(["in"], "c.csv", jobs=1, stream=quiet, progress=False)  # --no-progress
    assert quiet.getvalue() == ""


def test_progress_eta_clock() -> None:
    assert batch._clock(59.6) == "01:00"
    assert batch._clock(3725) == "1:02:05"
    assert batch._clock(float("inf")) == "--:--"


# ------------------------------------------------------------------ Dask
@pytest.fixture(scope="module")
def dask_cluster() -> Any:
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0")
    yield cluster
    cluster.close()


def test_dask_run_equals_local_run(
    corpus200: tuple[Path, dict[str, dict[str, Any]]],
    dask_cluster: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import pyarrow.parquet as pq

    root, _ = corpus200
    monkeypatch.chdir(root)
    address = dask_cluster.scheduler_address
    for ext in (".jsonl", ".csv", ".parquet"):
        local, remote = tmp_path / f"local{ext}", tmp_path / f"dask{ext}"
        assert _main(["batch", "reports", "-o", str(local), "-j", "2"]) == 2
        assert _main(["batch", "reports", "-o", str(remote), "--engine", "dask", "--scheduler", address]) == 2
        if ext == ".parquet":
            assert pq.read_table(local).equals(pq.read_table(remote), check_metadata=True)
        else:
            assert local.read_bytes() == remote.read_bytes(), ext
        assert Path(f"{local}.errors.csv").read_bytes() == Path(f"{remote}.errors.csv").read_bytes()
    rows = pq.read_table(tmp_path / "local.parquet").num_rows
    assert rows + len(batch.read_errors(f"{tmp_path}/local.parquet.errors.csv")) == N_GOOD + N_BAD


def test_dask_engine_without_scheduler_starts_its_own_cluster(small: Path) -> None:
    pytest.importorskip("distributed")
    assert _main(["batch", "in", "-o", "local.jsonl", "-j", "1"]) == 2
    assert _main(["batch", "in", "-o", "dask.jsonl", "-j", "2", "--engine", "dask"]) == 2
    assert Path("local.jsonl").read_bytes() == Path("dask.jsonl").read_bytes()
    # resuming on Dask with nothing left to do starts no cluster and changes nothing
    stats = batch.run(["in/000"], "dask.jsonl", engine="dask", progress=False)
    assert (stats.skipped, stats.parsed, stats.failed) == (10, 0, 0)
    assert Path("local.jsonl").read_bytes() == Path("dask.jsonl").read_bytes()


def test_dask_helper_writes_the_same_parquet(
    corpus200: tuple[Path, dict[str, dict[str, Any]]],
    dask_cluster: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import distributed
    import pyarrow.parquet as pq

    from govinfo_report import dask as gdask

    root, _ = corpus200
    monkeypatch.chdir(root)
    assert _main(["batch", "reports", "-o", str(tmp_path / "local.parquet"), "-j", "1"]) == 2
    with distributed.Client(dask_cluster):
        result = gdask.write_parquet(["reports"], tmp_path / "ds", partition_size=40)
        bag_rows = gdask.records(gdask.parse_bag(["reports/000"], partition_size=30)).compute()
    assert (result.rows, result.failed) == (N_GOOD, N_BAD)
    assert len(list((tmp_path / "ds").glob("part-*.parquet"))) == 5
    local = pq.read_table(tmp_path / "local.parquet")
    assert pq.read_table(tmp_path / "ds").equals(local)
    assert batch.read_errors(result.errors) == batch.read_errors(tmp_path / "local.parquet.errors.csv")
    assert [r["path"] for r in bag_rows] == local.column("path").to_pylist()[:100]


# ------------------------------------------------------------------ the real corpus
@pytest.mark.corpus
def test_real_corpus_every_file_accounted_for(tmp_path: Path) -> None:
    root = corpus_dir("pages").parent
    out = tmp_path / "corpus.jsonl"
    stats = batch.run([str(root)], out, jobs=2, progress=False)
    inputs = batch.expand_paths([str(root)])
    assert stats.files == len(inputs) > 40
    assert len(_jsonl_paths(out)) + len(batch.read_errors(stats.errors)) == len(inputs)


# ------------------------------------------------------------------ the benchmarks still run (no timing asserted)
def _load_benchmark(name: str) -> Any:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        spec = importlib.util.spec_from_file_location(f"govinfo_bench_{name}", ROOT / "benchmarks" / f"{name}.py")
        assert spec and spec.loader
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        return mod
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))


def test_benchmarks_measure_what_they_claim(small: Path) -> None:
    throughput = _load_benchmark("throughput")
    texts = [Path(p).read_text(encoding="utf-8", errors="replace") for p in batch.expand_paths(["in/000"])]
    r = throughput.measure("t", texts, 1)
    assert r["reports"] == 10 and r["parse_reports_s"] > 0 and r["ratio"] > 0
    assert throughput.regex_all(["规章 | 12 | 3.5 |"]) == 3
    bench = _load_benchmark("batch_bench")
    b = bench.child_batch("in", "bench.csv", 1)
    assert (b["files"], b["parsed"], b["failed"], b["rows"] + b["error_rows"]) == (32, 30, 2, 32)
    assert b["worker_peak_kb"] > 0 and b["cpu"] > 0
    x = bench.child_regex("in", 1)
    assert x["files"] == 32 and x["bytes"] == sum(Path(p).stat().st_size for p in batch.expand_paths(["in"]))


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="Linux /proc only")
def test_peak_memory_is_the_process_own_not_its_parents() -> None:
    """ru_maxrss survives fork and exec on Linux: a worker started by a large parent would report the
    parent's peak (the benchmark once showed 773 MB "per worker" after generating 100k reports)."""
    import subprocess

    ballast = bytearray(200 * 1024 * 1024)
    ballast[::4096] = b"1" * len(ballast[::4096])  # touch every page
    code = "from govinfo_report.batch import peak_rss_kb; print(peak_rss_kb())"
    child_kb = int(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
    assert batch.peak_rss_kb() > 200 * 1024
    assert child_kb < 150 * 1024
    del ballast


def test_a_pdf_is_read_once_and_its_findings_carry_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The batch places findings on the lines and pages of the document it parsed: a PDF is not read a
    second time to find them (it was, at ~35 ms a file), and the page is still there."""
    pytest.importorskip("pypdfium2")
    from govinfo_report import pdf_adapter
    from test_adapters import _pdf_report, reference

    path = tmp_path / "report.pdf"
    path.write_bytes(_pdf_report(reference()))
    calls: list[int] = []
    read_pdf = pdf_adapter.read_pdf

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return read_pdf(*args, **kwargs)

    monkeypatch.setattr(pdf_adapter, "read_pdf", counting)
    out = batch.parse_one(str(path), str(path), "csv")
    assert out.error is None and out.findings
    assert calls == [1]
    rows = [dict(zip(FINDING_COLUMNS, f, strict=True)) for f in out.findings]
    assert any(r["line"] is not None for r in rows)
    assert all(r["page"] == 1 for r in rows if r["line"] is not None and r["line"] < 25)  # table 三 starts on page 1
