"""The flat schema and the writers: names, types, labels, null-is-not-zero, and the documented schema."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

import govinfo_report as g
from conftest import FIXTURES, ROOT
from govinfo_report import export, labels
from govinfo_report.errors import GovinfoError
from govinfo_report.serialise import (
    AGENCY_COLUMNS,
    CELL_COLUMNS,
    FILE_COLUMNS,
    FLAT_COLUMNS,
    FLAT_SCHEMA_VERSION,
    FLAT_TYPES,
    to_file_row,
)


@pytest.fixture(scope="module")
def xinjiang() -> g.Report:
    return g.parse_file(FIXTURES / "seed-xinjiang-2019.txt")


@pytest.fixture(scope="module")
def mem() -> g.Report:
    return g.parse_file(FIXTURES / "seed-mem-2023.txt")


# ------------------------------------------------------------------ the flat row
def test_to_flat_has_every_column_in_order(xinjiang: g.Report) -> None:
    flat = xinjiang.to_flat()
    assert tuple(flat) == FLAT_COLUMNS
    assert flat["year"] == 2019 and flat["format"] == "2019" and flat["published"] == "2020-01-23"
    assert flat["active_disclosure.normative_documents.total_published"] == 36
    assert flat["active_disclosure.licensing.previous"] == 11
    assert flat["review_litigation.review.total"] == 2


def test_amount_keeps_its_unit(xinjiang: g.Report) -> None:
    flat = xinjiang.to_flat()
    assert flat["active_disclosure.procurement.amount"] == "1378"  # decimal as a string: no float rounding
    assert flat["active_disclosure.procurement.amount_unit"] == "万"
    for c in CELL_COLUMNS:
        if c.endswith(".amount"):
            assert CELL_COLUMNS[CELL_COLUMNS.index(c) + 1] == c + "_unit"


def test_null_is_not_zero(xinjiang: g.Report, mem: g.Report) -> None:
    flat = xinjiang.to_flat()
    assert flat["declared_none"] == "applications"
    assert all(flat[c] is None for c in CELL_COLUMNS if c.startswith("applications."))
    assert flat["active_disclosure.regulations.made"] == 0  # a printed 0 stays 0
    assert flat["active_disclosure.regulations.issued"] is None  # a 2021 column of a 2019 report
    assert all(v is None for c, v in mem.to_flat().items() if c in CELL_COLUMNS)  # no tables printed


def test_file_row_puts_path_first(xinjiang: g.Report) -> None:
    row = to_file_row("a/b.txt", xinjiang)
    assert tuple(row) == FILE_COLUMNS and row["path"] == "a/b.txt"


def test_every_column_has_a_type() -> None:
    assert set(FLAT_TYPES) == set(FILE_COLUMNS)
    assert {c for c, t in FLAT_TYPES.items() if t == "decimal"} == {
        "active_disclosure.fees.amount",
        "active_disclosure.procurement.amount",
    }
    assert FLAT_TYPES["published"] == "date" and FLAT_TYPES["year"] == "int"
    assert FLAT_TYPES["applications.carried_forward.total"] == "int"
    # table 三 columns follow SPEC order: every row × the seven applicant columns
    assert [c for c in CELL_COLUMNS if c.startswith("applications.")] == [
        f"applications.{r.key}.{k}" for r in labels.APPLICATION_ROWS for k in labels.APPLICANT_KEYS
    ]


def test_documented_schema_matches_the_code() -> None:
    doc = (ROOT / "docs" / "flat-schema.md").read_text(encoding="utf-8")
    assert re.search(rf"^# The flat schema \(version {FLAT_SCHEMA_VERSION}\)$", doc, re.M)
    rows = re.findall(r"^\| (\d+) \| `([^`]+)` \| (\w+) \|", doc, re.M)
    assert [int(n) for n, _, _ in rows] == list(range(1, len(FILE_COLUMNS) + 1))
    assert [c for _, c, _ in rows] == list(FILE_COLUMNS)
    assert [t for _, _, t in rows] == [FLAT_TYPES[c] for c in FILE_COLUMNS]


# ------------------------------------------------------------------ typed values
def test_typed_row_types_and_refusals() -> None:
    typed = export.typed_row(
        ["p", "t", "a", 2020, "2021-01-05", "2019", "", 3, 1, 2, "balance-mismatch,cell-empty"]
        + [None] * len(AGENCY_COLUMNS)
        + ["7" if c.endswith(".total") else None for c in CELL_COLUMNS]
    )
    row = dict(zip(FILE_COLUMNS, typed, strict=True))
    assert row["published"] == dt.date(2021, 1, 5) and row["year"] == 2020
    assert (row["errors"], row["warnings"], row["codes"]) == (1, 2, "balance-mismatch,cell-empty")
    assert row["applications.new_received.total"] == 7  # an integral string becomes an int
    values = [None] * len(FILE_COLUMNS)
    values[FILE_COLUMNS.index("applications.granted.total")] = "2.5"
    with pytest.raises(ValueError, match=r"applications\.granted\.total is a count, but the report prints 2\.5"):
        export.typed_row(values)
    values = [None] * len(FILE_COLUMNS)
    values[FILE_COLUMNS.index("active_disclosure.fees.amount")] = "1.12345678901"
    with pytest.raises(ValueError, match="more than 10 decimal places"):
        export.typed_row(values)
    values[FILE_COLUMNS.index("active_disclosure.fees.amount")] = "16.482"
    assert export.typed_row(values)[FILE_COLUMNS.index("active_disclosure.fees.amount")] == Decimal("16.482")


# ------------------------------------------------------------------ writers
def test_unknown_extension_is_refused(tmp_path: Path) -> None:
    with pytest.raises(GovinfoError, match=r"unknown output format '\.txt'"):
        export.open_writer(tmp_path / "out.txt")
    with pytest.raises(GovinfoError, match="no extension"):
        export.format_of("out")


@pytest.mark.parametrize("ext", [".jsonl", ".csv", ".parquet", ".xlsx"])
def test_write_and_read_back_paths(tmp_path: Path, xinjiang: g.Report, mem: g.Report, ext: str) -> None:
    out = tmp_path / f"r{ext}"
    assert export.write([("x.txt", xinjiang), ("m.txt", mem), xinjiang], out) == 3
    assert export.read_paths(out) == ["x.txt", "m.txt", "<2>"]
    assert not out.with_name(out.name + ".partial").exists()


def test_jsonl_lines_are_spec_json_plus_path(tmp_path: Path, xinjiang: g.Report) -> None:
    out = tmp_path / "r.jsonl"
    export.write([("x.txt", xinjiang)], out)
    (line,) = out.read_text(encoding="utf-8").splitlines()
    data = json.loads(line)
    assert next(iter(data)) == "path"
    # the report's JSON, and what validation found: counts and codes, as in the flat schema's columns
    summary = {"errors": 0, "warnings": 0, "codes": []}
    assert {k: v for k, v in data.items() if k != "path"} == {**xinjiang.to_dict(), **summary}
    assert "新疆" in line  # not \\u-escaped


def test_rows_carry_what_validation_found(tmp_path: Path, xinjiang: g.Report) -> None:
    """errors, warnings and codes count the parser's and the validator's findings, as check does."""
    from attrs import evolve

    from govinfo_report.validate import validate

    rl = xinjiang.review_litigation
    assert rl is not None
    bad = evolve(rl, review=evolve(rl.review, total=g.Cell("9", 9)))
    report = evolve(xinjiang, review_litigation=bad)
    found = [*report.findings, *validate(report)]
    assert [f.code for f in found] == ["review-total-mismatch"]
    flat = report.to_flat()
    assert (flat["errors"], flat["warnings"], flat["codes"]) == (1, 0, "review-total-mismatch")
    assert (xinjiang.to_flat()["errors"], xinjiang.to_flat()["codes"]) == (0, "")
    export.write([("x.txt", report)], tmp_path / "r.jsonl")
    line = json.loads((tmp_path / "r.jsonl").read_text(encoding="utf-8"))
    assert (line["errors"], line["warnings"], line["codes"]) == (1, 0, ["review-total-mismatch"])
    frame = export.to_dataframe([("x.txt", report)])
    assert frame["errors"].tolist() == [1] and str(frame["errors"].dtype) == "Int64"


def test_csv_writer_bom_header_and_null(tmp_path: Path, xinjiang: g.Report) -> None:
    out = tmp_path / "r.csv"
    export.write([("x.txt", xinjiang)], out)
    text = out.read_bytes().decode("utf-8")
    assert text.startswith("\ufeffpath,title,agency,year,published,format,declared_none,findings,")
    header, row = csv.reader(io.StringIO(text[1:]))
    cells = dict(zip(header, row, strict=True))
    assert cells["applications.new_received.total"] == ""  # null: an empty field, not 0
    assert cells["active_disclosure.regulations.made"] == "0"


def test_parquet_schema_is_typed_and_versioned(tmp_path: Path, xinjiang: g.Report) -> None:
    import pyarrow.parquet as pq

    out = tmp_path / "r.parquet"
    export.write([("x.txt", xinjiang)], out)
    table = pq.read_table(out)
    assert table.schema.metadata[export.META_VERSION_KEY].decode() == FLAT_SCHEMA_VERSION
    assert table.column_names == list(FILE_COLUMNS)
    row = table.to_pylist()[0]
    assert row["active_disclosure.procurement.amount"] == Decimal("1378")
    assert row["published"] == dt.date(2020, 1, 23)
    assert row["applications.new_received.total"] is None and row["active_disclosure.regulations.made"] == 0


def test_xlsx_sheets_and_chinese_labels(tmp_path: Path, xinjiang: g.Report) -> None:
    import openpyxl

    out = tmp_path / "r.xlsx"
    export.write([("x.txt", xinjiang)], out)
    wb = openpyxl.load_workbook(out, read_only=True)
    assert wb.sheetnames == [
        "reports",
        *(labels.SECTION_BY_KIND[k].label for k in ("active_disclosure", "applications", "review_litigation")),
    ]
    rows = list(wb[labels.SECTION_BY_KIND["applications"].label].iter_rows(values_only=True))
    col = rows[1].index("applications.withheld_state_secret.natural_person")
    label = rows[0][col]
    assert labels.APPLICATION_ROW_BY_KEY["withheld_state_secret"].label in label
    assert labels.APPLICATION_GROUP_LABELS["withheld"] in label and labels.APPLICANT_LABELS["natural_person"] in label
    review = list(wb[labels.SECTION_BY_KIND["review_litigation"].label].iter_rows(values_only=True))
    col = review[1].index("review_litigation.review.total")
    assert review[0][col] == f"{labels.REVIEW_GROUP_LABELS['review']} · {labels.REVIEW_OUTCOME_LABELS['total']}"
    assert review[2][col] == 2 and review[2][:3] == ("x.txt", xinjiang.agency, 2019)
    wb.close()


def test_every_cell_column_has_a_label_from_the_label_table() -> None:
    for c in CELL_COLUMNS:
        label = export.column_label(c)
        assert label != c and " · " in label
        _, row, _col = c.split(".")
        if c.startswith("review_litigation."):
            assert label.startswith(labels.REVIEW_GROUP_LABELS[row])
        elif c.startswith("active_disclosure."):
            assert label.startswith(labels.ACTIVE_ROW_LABELS[row])


def test_trim_partial_line(tmp_path: Path) -> None:
    p = tmp_path / "f.jsonl"
    p.write_bytes(b'{"a": 1}\n{"b": 2}\n{"c": ')
    export._trim_partial_line(p)
    assert p.read_bytes() == b'{"a": 1}\n{"b": 2}\n'
    p.write_bytes(b"no newline at all")
    export._trim_partial_line(p)
    assert p.read_bytes() == b""


# ------------------------------------------------------------------ pandas
def test_to_dataframe_types_and_nulls(xinjiang: g.Report, mem: g.Report) -> None:
    pd = pytest.importorskip("pandas")
    df = g.to_dataframe([xinjiang, mem])
    assert list(df.columns) == list(FLAT_COLUMNS)
    assert str(df["applications.new_received.total"].dtype) == "Int64"
    assert df["applications.new_received.total"].isna().all()  # <NA>, not 0 and not float NaN
    assert df["active_disclosure.regulations.made"].tolist()[0] == 0
    assert df["active_disclosure.procurement.amount"][0] == Decimal("1378")
    assert df["published"][0] == pd.Timestamp("2020-01-23")
    assert df["agency"].tolist() == [xinjiang.agency, mem.agency]
    with_paths = g.to_dataframe([("a.txt", xinjiang)])
    assert list(with_paths.columns) == list(FILE_COLUMNS) and with_paths["path"][0] == "a.txt"


def test_xlsx_never_writes_a_formula(tmp_path: Path, xinjiang: g.Report) -> None:
    import openpyxl
    from attrs import evolve

    out = tmp_path / "r.xlsx"
    export.write([('=HYPERLINK("http://x")', evolve(xinjiang, agency="=1+1"))], out)
    wb = openpyxl.load_workbook(out)
    cells = {c.value: c.data_type for c in wb["reports"][3]}
    assert cells["=1+1"] == "s" and cells['=HYPERLINK("http://x")'] == "s"
