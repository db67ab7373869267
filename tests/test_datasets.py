"""Datasets as researchers use them: the long shape, Stata names, Chinese headers, 万元, agency keys,
comparing two reports, and every output format read back typed."""

from __future__ import annotations

import csv
import json
import re
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from attrs import evolve

import govinfo_report as g
from conftest import FIXTURES, ROOT, corpus_dir
from govinfo_report import batch, export, labels
from govinfo_report.agencies import divisions_available, identify
from govinfo_report.cli import main
from govinfo_report.compare import compare
from govinfo_report.model import ApplicantCounts, Applications, Cell
from govinfo_report.serialise import CELL_COLUMNS, FILE_COLUMNS, UNIT_SUFFIX

needs_regions = pytest.mark.skipif(not divisions_available(), reason="the [regions] extra is not installed")
FORMATS = ("jsonl", "csv", "parquet", "xlsx")


@pytest.fixture(scope="module")
def reports() -> list[tuple[str, g.Report]]:
    return [(str(p), g.parse_file(p)) for p in sorted(FIXTURES.glob("seed-*.txt"))]


def _wide_cells(rows: list[dict[str, Any]]) -> dict[tuple[str, str], Any]:
    """(path, cell column) → value for every non-null cell of wide rows (unit columns left out)."""
    return {
        (r["path"], c): Decimal(str(r[c]))
        for r in rows
        for c in CELL_COLUMNS
        if not c.endswith(UNIT_SUFFIX) and r[c] is not None and r[c] == r[c]
    }


def _long_cells(rows: list[dict[str, Any]]) -> dict[tuple[str, str], Any]:
    return {(r["path"], r["cell"]): Decimal(str(r["value"])) for r in rows if r["value"] is not None}


# ------------------------------------------------------------------ long shape
def test_long_has_one_row_per_cell_with_the_wide_values(reports: list[tuple[str, g.Report]]) -> None:
    wide = g.to_dataframe(reports)
    long = g.to_dataframe(reports, shape="long")
    assert list(long.columns) == list(export.LONG_COLUMNS)
    keys = list(zip(long["path"], long["cell"], strict=True))
    assert len(keys) == len(set(keys))  # one row per cell
    assert set(long["cell"]) <= set(CELL_COLUMNS)
    wide_rows = wide.astype(object).where(wide.notna(), None).to_dict("records")
    long_rows = long.astype(object).where(long.notna(), None).to_dict("records")
    assert _wide_cells(wide_rows) == _long_cells(long_rows)
    assert len(_long_cells(long_rows)) > 20


def test_long_rows_carry_labels_from_the_label_table(reports: list[tuple[str, g.Report]]) -> None:
    rows = [dict(zip(export.LONG_COLUMNS, r, strict=True)) for p, rep in reports for r in export.long_rows(p, rep)]
    by_cell = {(r["path"], r["cell"]): r for r in rows}
    assert {r["table"] for r in rows} >= {"active_disclosure", "review_litigation"}
    for r in rows:
        if r["table"] == "active_disclosure":
            assert r["row_label"] in {**labels.ACTIVE_ROW_LABELS, **labels.ACTIVE_ROW_LABELS_2019}.values()
            assert r["column_label"] == labels.ACTIVE_COLUMN_LABELS[(r["column"], r["format"])]
        elif r["table"] == "review_litigation":
            assert r["row_label"] == labels.REVIEW_GROUP_LABELS[r["row"]]
            assert r["column_label"] == labels.REVIEW_OUTCOME_LABELS[r["column"]]
        else:
            assert labels.APPLICATION_ROW_BY_KEY[r["row"]].label in r["row_label"]
            assert r["column_label"] == labels.APPLICANT_LABELS[r["column"]]
    assert all(r["table_label"] == labels.SECTION_BY_KIND[r["table"]].label for r in rows)
    assert len(by_cell) == len(rows)


def test_amount_in_wan() -> None:
    fee = labels.ACTIVE_COLUMN_LABELS[("amount", "2021")]  # 本年收费金额(单位:万元)
    bought = labels.ACTIVE_COLUMN_LABELS[("amount", "2019")]  # 采购总金额: no unit in the header
    assert export.amount_in_wan("amount", bought, Cell("1378万元", Decimal(1378), "万元")) == (Decimal(1378), None)
    assert export.amount_in_wan("amount", bought, Cell("25000元", 25000, "元")) == (Decimal("2.5"), None)
    assert export.amount_in_wan("amount", fee, Cell("7.5", Decimal("7.5"))) == (Decimal("7.5"), export.UNIT_FROM_HEADER)
    assert export.amount_in_wan("amount", bought, Cell("1378", 1378)) == (None, export.UNIT_MISSING)
    assert export.amount_in_wan("amount", fee, Cell("", None)) == (None, None)  # empty stays empty
    assert export.amount_in_wan("decisions", "本年处理决定数量", Cell("3", 3)) == (None, None)


def test_a_bare_amount_without_a_header_unit_is_a_finding(reports: list[tuple[str, g.Report]]) -> None:
    rep = next(
        r
        for _p, r in reports
        if r.format == "2019" and r.active_disclosure is not None and r.active_disclosure.procurement is not None
    )
    bare = evolve(
        rep,
        active_disclosure=evolve(
            rep.active_disclosure, procurement=evolve(rep.active_disclosure.procurement, amount=Cell("1378", 1378))
        ),
    )
    findings = export.amount_findings(bare)
    assert [(f.code, f.row, f.column) for f in findings] == [("amount-unit-missing", "procurement", "amount")]
    row = next(
        dict(zip(export.LONG_COLUMNS, r, strict=True))
        for r in export.long_rows("x", bare)
        if r[export.LONG_COLUMNS.index("cell")] == "active_disclosure.procurement.amount"
    )
    assert row["value"] == 1378 and row["amount_wan"] is None and row["note"] == export.UNIT_MISSING


# ------------------------------------------------------------------ names and headers
def test_stata_names_are_legal_unique_and_documented() -> None:
    names = export.stata_names()
    assert len(set(names.values())) == len(names) == len(FILE_COLUMNS)
    assert all(re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,31}", n) for n in names.values())
    assert all(re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,31}", n) for n in export.LONG_COLUMNS)
    doc = (ROOT / "docs" / "datasets.md").read_text(encoding="utf-8")
    assert export.stata_table() in doc


def test_zh_headers_are_chinese_and_distinct() -> None:
    headers = [export.zh_label(c) for c in FILE_COLUMNS]
    assert len(set(headers)) == len(headers)
    assert not any(re.fullmatch(r"[a-z_.]+", h) for h in headers)
    assert len({export.long_label(c) for c in export.LONG_COLUMNS}) == len(export.LONG_COLUMNS)


# ------------------------------------------------------------------ batch, every format read back typed
@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("reports")
    for p in FIXTURES.glob("seed-*.txt"):
        shutil.copy(p, d / p.name)
    return d


def _read(path: Path) -> Any:
    """The documented recipes of docs/datasets.md."""
    import pandas as pd

    if path.suffix == ".parquet":
        return pd.read_parquet(path)
    if path.suffix == ".csv":
        return pd.read_csv(path, encoding="utf-8-sig", **export.pandas_csv_options("long"))
    if path.suffix == ".xlsx":
        return pd.read_excel(path, sheet_name="cells", header=1, **export.pandas_csv_options("long"))
    return pd.read_json(path, lines=True, dtype=False)


@pytest.mark.parametrize("fmt", FORMATS)
def test_batch_long_every_format_opens_with_the_documented_types(
    folder: Path, tmp_path: Path, fmt: str, reports: list[tuple[str, g.Report]]
) -> None:
    out = tmp_path / f"cells.{fmt}"
    stats = batch.run([str(folder)], out, jobs=1, progress=False, shape="long")
    assert stats.failed == 0 and stats.rows == 2
    df = _read(out)
    assert list(df.columns) == list(export.LONG_COLUMNS)
    expected = sum(1 for p, r in reports for _ in export.long_rows(p, r))
    assert len(df) == expected
    if fmt != "jsonl":
        assert str(df["year"].dtype) in ("Int64", "int64")
        assert str(df["agency"].dtype) in ("string", "str", "object")
        assert all(isinstance(v, Decimal) for v in df["value"].dropna())
    # a report that prints no table cell has no row in the long shape
    with_cells = {str(folder / Path(p).name) for p, r in reports if any(True for _ in export.long_rows(p, r))}
    assert set(export.read_paths(out)) == with_cells


def test_long_parquet_schema_and_duckdb(folder: Path, tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    out = tmp_path / "cells.parquet"
    batch.run([str(folder)], out, jobs=1, progress=False, shape="long")
    schema = pq.read_schema(out)
    assert schema.field("value").type == pa.decimal128(38, export.DECIMAL_SCALE)
    assert schema.field("year").type == pa.int64() and schema.field("raw").type == pa.string()
    assert schema.metadata[export.META_VERSION_KEY] == f"long-{export.LONG_SCHEMA_VERSION}".encode()
    duckdb = pytest.importorskip("duckdb")
    ((n, total),) = duckdb.sql(f"select count(*), sum(value) from '{out}' where value is not null").fetchall()
    assert n > 0 and total is not None


def test_xlsx_long_opens_in_openpyxl_with_sized_columns(folder: Path, tmp_path: Path) -> None:
    import openpyxl

    out = tmp_path / "cells.xlsx"
    batch.run([str(folder)], out, jobs=1, progress=False, shape="long")
    ws = openpyxl.load_workbook(out)["cells"]
    assert [c.value for c in ws[2]] == list(export.LONG_COLUMNS)
    assert [c.value for c in ws[1]] == [export.long_label(c) for c in export.LONG_COLUMNS]
    assert ws.column_dimensions["A"].width >= 30  # the path shows


def test_wide_xlsx_columns_are_sized(folder: Path, tmp_path: Path) -> None:
    import openpyxl

    out = tmp_path / "reports.xlsx"
    batch.run([str(folder)], out, jobs=1, progress=False)
    ws = openpyxl.load_workbook(out)["reports"]
    widths = {
        ws.cell(2, i + 1).value: ws.column_dimensions[ws.cell(2, i + 1).column_letter].width
        for i in range(ws.max_column)
    }
    assert widths["title"] >= 40 and widths["published"] >= 10 and widths["path"] >= 30


def test_cli_batch_stata_names_and_zh_headers(folder: Path, tmp_path: Path) -> None:
    stata = tmp_path / "wide.csv"
    assert main(["batch", str(folder), "-o", str(stata), "--names", "stata", "-j", "1", "--no-progress"]) == 0
    with open(stata, encoding="utf-8-sig", newline="") as fh:
        header = next(csv.reader(fh))
    assert header == [export.stata_name(c) for c in FILE_COLUMNS]
    zh = tmp_path / "cells.csv"
    assert (
        main(["batch", str(folder), "-o", str(zh), "--shape", "long", "--labels", "zh", "-j", "1", "--no-progress"])
        == 0
    )
    with open(zh, encoding="utf-8-sig", newline="") as fh:
        header = next(csv.reader(fh))
    assert header == [export.long_label(c) for c in export.LONG_COLUMNS]
    # resume keeps the Chinese header and adds nothing
    assert (
        main(["batch", str(folder), "-o", str(zh), "--shape", "long", "--labels", "zh", "-j", "1", "--no-progress"])
        == 0
    )


def test_read_reports(folder: Path, reports: list[tuple[str, g.Report]]) -> None:
    import io

    stream = io.StringIO()
    df = g.read_reports(folder, progress=True, stream=stream)
    assert len(df) == 2 and "read 2/2 reports" in stream.getvalue()
    long = g.read_reports([folder], shape="long", progress=False)
    assert len(long) == sum(1 for p, r in reports for _ in export.long_rows(p, r))


# ------------------------------------------------------------------ agencies
@needs_regions
def test_one_body_one_key_across_spellings() -> None:
    short, full = identify("洪泽区人民政府"), identify("淮安市洪泽区人民政府")
    assert short.key == full.key == identify("江苏省淮安市洪泽区人民政府").key
    assert (full.province, full.city, full.county, full.level, full.kind) == (
        "江苏省",
        "淮安市",
        "洪泽区",
        "县",
        "政府",
    )
    assert full.code is not None and full.code.startswith("32")
    assert identify("洪泽区财政局").key != full.key and identify("洪泽区财政局").kind == "部门"
    assert identify("洪泽区岔河镇人民政府").level == "乡镇"


@needs_regions
def test_a_name_that_names_no_division_gets_no_region() -> None:
    for name in ("市财政局", "国家税务总局"):
        a = identify(name)
        assert a.code is None and a.province is None
    assert identify("国家税务总局").level == "国务院部门"
    assert identify("市财政局").level is None  # a bare level names no body: nothing is guessed
    # a county-level name found in several cities is resolved only by the city in front of it
    assert identify("鼓楼区人民政府").code is None
    nanjing, fuzhou = identify("南京市鼓楼区人民政府"), identify("福州市鼓楼区人民政府")
    assert nanjing.code and fuzhou.code and nanjing.key != fuzhou.key
    assert (nanjing.city, fuzhou.city) == ("南京市", "福州市")


# ------------------------------------------------------------------ compare
def _with_carry(report: g.Report, row: str, total: int) -> g.Report:
    apps = report.applications or Applications()
    cells = {
        f: Cell(str(total if f in ("natural_person", "total") else 0), total if f in ("natural_person", "total") else 0)
        for f in labels.APPLICANT_KEYS
    }
    return evolve(report, applications=evolve(apps, **{row: ApplicantCounts(**cells)}))


def test_compare_lists_changed_cells_and_checks_carry_over(reports: list[tuple[str, g.Report]]) -> None:
    base = next(r for _p, r in reports if r.active_disclosure is not None)
    a = _with_carry(base, "carried_forward", 3)
    b = _with_carry(evolve(base, year=(base.year or 2000) + 1), "carried_over", 3)
    assert compare(a, b).carry_ok is True
    bad = compare(a, _with_carry(b, "carried_over", 2))
    assert bad.carry_ok is False
    assert [c.column for c in bad.carry if c.ok is False] == ["natural_person", "total"]
    assert {c.cell for c in bad.cells} >= {"applications.carried_over.total"}
    assert next(c for c in bad.cells if c.cell == "applications.carried_over.total").before is None  # not 0
    changed = next(
        c for c in compare(b, _with_carry(b, "carried_over", 2)).cells if c.cell == "applications.carried_over.total"
    )
    assert (changed.before, changed.after, changed.change) == (3, 2, -1)
    other = next(r for _p, r in reports if r is not base)
    diff = compare(base, other)
    assert not diff.same_agency
    assert json.loads(diff.to_json())["cells"]


@pytest.fixture(scope="module")
def hongze() -> list[g.Report]:
    d = corpus_dir("pdf")
    return [g.parse_file(d / f"hongze-{y}.pdf") for y in (2023, 2024)]


@needs_regions
def test_hongze_reports_share_one_agency_key_and_region(hongze: list[g.Report]) -> None:
    a, b = (identify(r.agency or "") for r in hongze)
    assert hongze[0].agency != hongze[1].agency  # two spellings …
    assert a.key == b.key and (a.province, a.city, a.county, a.code) == (b.province, b.city, b.county, b.code)
    assert a.code is not None
    wide = [r.to_flat() for r in hongze]  # the keys are columns of the wide outputs too
    assert wide[0]["agency_key"] == wide[1]["agency_key"] == a.key
    assert wide[0]["division_code"] == wide[1]["division_code"] == a.code


def test_compare_hongze_lists_changed_cells_and_passes_carry_over(hongze: list[g.Report]) -> None:
    a, b = hongze
    result = compare(a, b)
    fa, fb = a.to_flat(), b.to_flat()
    differing = {
        c
        for c in CELL_COLUMNS
        if not c.endswith(UNIT_SUFFIX) and fa[c] != fb[c] and fa[c] is not None and fb[c] is not None
    }
    assert differing and differing <= {c.cell for c in result.cells}
    for c in result.cells:
        if c.before is not None and c.after is not None:
            assert c.change == c.after - c.before
    assert result.carry_ok is True
    assert result.same_agency is divisions_available()


def test_cli_compare(tmp_path: Path) -> None:
    a, b = (str(p) for p in sorted(FIXTURES.glob("seed-*.txt")))
    html, docx = tmp_path / "c.html", tmp_path / "c.docx"
    assert main(["compare", a, b, "--html", str(html), "--docx", str(docx)]) == 0
    assert "<table" in html.read_text(encoding="utf-8") and docx.stat().st_size > 0


@needs_regions
def test_compare_series_groups_one_agency_across_years_and_spellings(reports: list[tuple[str, g.Report]]) -> None:
    from govinfo_report.compare import compare_series

    base = next(r for _p, r in reports if r.active_disclosure is not None)
    y1 = _with_carry(evolve(base, agency="洪泽区人民政府", year=2023), "carried_forward", 4)
    y2 = _with_carry(evolve(base, agency="淮安市洪泽区人民政府", year=2024), "carried_over", 4)
    other = evolve(base, agency="国家税务总局", year=2024)
    series = {s.key: s for s in compare_series([y2, other, y1])}
    assert len(series) == 2
    hz = series[identify("洪泽区人民政府").key]
    assert hz.years == (2023, 2024) and hz.names == ("洪泽区人民政府", "淮安市洪泽区人民政府")
    assert hz.carry == ((2023, 2024, True),)
    assert hz.cells["applications.carried_over.total"] == {2024: 4}  # 2023 prints no such row: no value, not 0
    assert "2023" in hz.to_text() and json.dumps(hz.to_dict(), ensure_ascii=False)


def test_cli_compare_series(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", "--series", str(folder), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {s["names"][0] for s in out} == {r.agency for r in (g.parse_file(p) for p in folder.iterdir())}
