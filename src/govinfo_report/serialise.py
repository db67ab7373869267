"""Reports ↔ plain data: the JSON of docs/spec.md (through cattrs) and the flat row.

Decimals travel as strings ("16.482") so nothing is lost to floats; dates as
ISO strings. A table row or cell the report does not print is left out of the
JSON; a printed empty cell is ``{"value": null, "raw": ""}``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from decimal import Decimal
from functools import lru_cache
from typing import Any

import cattrs
from attrs import fields
from cattrs.gen import make_dict_unstructure_fn, override

from . import labels, model
from .agencies import identify
from .model import ActiveDisclosure, Cell, Finding, Report

__all__ = [
    "AGENCY_COLUMNS",
    "CELL_COLUMNS",
    "FILE_COLUMNS",
    "FLAT_COLUMNS",
    "FLAT_SCHEMA_VERSION",
    "FLAT_TYPES",
    "META_COLUMNS",
    "PATH_COLUMN",
    "UNIT_SUFFIX",
    "VALIDATION_COLUMNS",
    "converter",
    "from_dict",
    "from_json",
    "to_dict",
    "to_file_row",
    "to_flat",
    "to_json",
    "validation_summary",
]

#: Version of the flat schema (column names of to_flat / CSV / Parquet).
FLAT_SCHEMA_VERSION = "3"

_ROW_CLASSES: tuple[type, ...] = (
    model.DocumentCounts2021,
    model.DocumentCounts2019,
    model.Decisions2021,
    model.ItemCounts2019,
    model.FeeAmount2021,
    model.FeeItems2019,
    model.Procurement2019,
    model.ApplicantCounts,
    model.Outcomes,
)
_TABLE_CLASSES: tuple[type, ...] = (model.ActiveDisclosure, model.Applications, model.ReviewLitigation)


def _unstructure_cell(cell: Cell) -> dict[str, Any]:
    value = cell.value
    out: dict[str, Any] = {"value": str(value) if isinstance(value, Decimal) else value, "raw": cell.raw}
    if cell.unit is not None:
        out["unit"] = cell.unit
    return out


def _structure_cell(data: Any, _: Any) -> Cell:
    if not isinstance(data, dict):
        raise cattrs.errors.StructureHandlerNotFoundError(f"a cell must be an object, not {data!r}", Cell)
    value = data.get("value")
    if isinstance(value, str):
        value = Decimal(value)
    elif isinstance(value, float):
        value = Decimal(str(value))
    elif value is not None and not isinstance(value, int):
        raise ValueError(f"cell value must be a number, a decimal string or null, not {value!r}")
    return Cell(str(data.get("raw", "")), value, data.get("unit"))


def _row_class(candidates: tuple[type, ...], keys: set[str]) -> type:
    exact = [c for c in candidates if {f.name for f in fields(c)} == keys]
    if exact:
        return exact[0]
    fitting = [c for c in candidates if keys <= {f.name for f in fields(c)}]
    if not fitting:
        raise ValueError(f"no table row has the columns {sorted(keys)}")
    return min(fitting, key=lambda c: len(fields(c)))


_ACTIVE_CANDIDATES: dict[str, tuple[type, ...]] = {
    "regulations": (model.DocumentCounts2021, model.DocumentCounts2019),
    "normative_documents": (model.DocumentCounts2021, model.DocumentCounts2019),
    "licensing": (model.Decisions2021, model.ItemCounts2019),
    "other_services": (model.ItemCounts2019,),
    "punishment": (model.Decisions2021, model.ItemCounts2019),
    "coercion": (model.Decisions2021, model.ItemCounts2019),
    "fees": (model.FeeAmount2021, model.FeeItems2019),
    "procurement": (model.Procurement2019,),
}


@lru_cache(maxsize=1)
def converter() -> cattrs.Converter:
    """The one cattrs converter for reports (built once)."""
    conv = cattrs.Converter()
    conv.register_unstructure_hook(Decimal, str)
    conv.register_structure_hook(Decimal, lambda v, _: Decimal(str(v)))
    conv.register_unstructure_hook(dt.date, lambda d: d.isoformat())
    conv.register_structure_hook(dt.date, lambda v, _: dt.date.fromisoformat(v))
    conv.register_unstructure_hook(Cell, _unstructure_cell)
    conv.register_structure_hook(Cell, _structure_cell)
    for cls in _ROW_CLASSES + _TABLE_CLASSES:
        conv.register_unstructure_hook(cls, make_dict_unstructure_fn(cls, conv, _cattrs_omit_if_default=True))
    # a finding's page and expected value only where known: JSON written before they existed stays the same
    conv.register_unstructure_hook(
        Finding,
        make_dict_unstructure_fn(
            Finding, conv, page=override(omit_if_default=True), expected=override(omit_if_default=True)
        ),
    )

    # OCR only where the text came from OCR: JSON of every other report stays as it was
    conv.register_unstructure_hook(Report, make_dict_unstructure_fn(Report, conv, ocr=override(omit_if_default=True)))

    def structure_active(data: dict[str, Any], _: Any) -> ActiveDisclosure:
        unknown = set(data) - set(_ACTIVE_CANDIDATES)
        if unknown:
            raise ValueError(f"unknown rows in active_disclosure: {sorted(unknown)}")
        rows: dict[str, Any] = {}
        for key, row in data.items():
            if row is None:
                continue
            cls = _row_class(_ACTIVE_CANDIDATES[key], set(row))
            rows[key] = conv.structure(row, cls)
        return ActiveDisclosure(**rows)

    conv.register_structure_hook(ActiveDisclosure, structure_active)
    return conv


_ORDER = (
    "title",
    "agency",
    "year",
    "published",
    "format",
    "sections",
    "active_disclosure",
    "applications",
    "review_litigation",
    "findings",
)


def to_dict(report: Report) -> dict[str, Any]:
    """The JSON dict of docs/spec.md (plus preamble, signature, statements, prose figures, normalisation)."""
    data = converter().unstructure(report)
    ordered = {k: data[k] for k in _ORDER}
    ordered.update({k: v for k, v in data.items() if k not in ordered})
    return ordered


def from_dict(data: dict[str, Any]) -> Report:
    """Rebuild a Report from :func:`to_dict` output (or JSON loaded from it)."""
    data = dict(data)
    for k in ("sections", "findings", "declared_none"):
        if k in data and isinstance(data[k], list):
            data[k] = tuple(data[k])
    return converter().structure(data, Report)


def to_json(report: Report, *, indent: int | None = 2) -> str:
    return json.dumps(to_dict(report), ensure_ascii=False, indent=indent)


def from_json(text: str) -> Report:
    return from_dict(json.loads(text))


# ------------------------------------------------------------------ flat form
# One row per report, one column per cell: the shape CSV, Parquet, spreadsheets
# and pandas want. Documented (names, order, types) in docs/flat-schema.md; any
# change to a name, the order or a type bumps FLAT_SCHEMA_VERSION.

#: The column that names the file a row came from, first in every batch output.
PATH_COLUMN = "path"
#: Suffix of the column holding an amount's unit as printed (万元, 万, 元 or empty).
UNIT_SUFFIX = "_unit"


def _flat_columns() -> list[str]:
    cols: list[str] = []
    seen: set[str] = set()
    for (row, _fmt), (_cls, columns) in labels.ACTIVE_SHAPES.items():
        for c in columns:
            name = f"active_disclosure.{row}.{c}"
            if name not in seen:
                seen.add(name)
                cols.append(name)
    order = [r.key for r in labels.ACTIVE_ROWS]
    cols.sort(key=lambda n: order.index(n.split(".")[1]))
    # An amount without its unit is ambiguous (1378万 vs 1378元): the unit follows the amount.
    cols = [x for c in cols for x in ((c, c + UNIT_SUFFIX) if c.split(".")[2] in labels.AMOUNT_COLUMNS else (c,))]
    for r in labels.APPLICATION_ROWS:
        cols.extend(f"applications.{r.key}.{c}" for c in labels.APPLICANT_KEYS)
    for g in labels.REVIEW_GROUP_KEYS:
        cols.extend(f"review_litigation.{g}.{o}" for o in labels.REVIEW_OUTCOME_KEYS)
    return cols


#: The agency's key and region (:mod:`govinfo_report.agencies`): columns to group one body across years by.
AGENCY_COLUMNS = ("agency_key", "level", "province", "city", "county", "division_code")
#: What validation found, per report: how many errors, how many warnings, which codes (:mod:`govinfo_report.validate`).
VALIDATION_COLUMNS = ("errors", "warnings", "codes")
META_COLUMNS = (
    "title",
    "agency",
    "year",
    "published",
    "format",
    "declared_none",
    "findings",
    *VALIDATION_COLUMNS,
    *AGENCY_COLUMNS,
)
#: Cell columns ``table.row.column`` (and ``table.row.amount_unit`` after each amount), in schema order.
CELL_COLUMNS: tuple[str, ...] = tuple(_flat_columns())
#: The columns of :func:`to_flat`, in order.
FLAT_COLUMNS: tuple[str, ...] = META_COLUMNS + CELL_COLUMNS
#: The columns of a batch output (CSV, Parquet, the "reports" sheet): the file path, then :data:`FLAT_COLUMNS`.
FILE_COLUMNS: tuple[str, ...] = (PATH_COLUMN, *FLAT_COLUMNS)


def _flat_type(name: str) -> str:
    if name in (PATH_COLUMN, "title", "agency", "format", "declared_none", "codes", *AGENCY_COLUMNS) or name.endswith(
        UNIT_SUFFIX
    ):
        return "string"
    if name == "published":
        return "date"
    if name in ("year", "findings", "errors", "warnings"):
        return "int"
    return "decimal" if name.rsplit(".", 1)[1] in labels.AMOUNT_COLUMNS else "int"


#: Logical type of every column: ``string``, ``int`` (counts; may be negative for ``change``),
#: ``decimal`` (amounts, exact) or ``date`` (ISO). Writers map these to their own types.
FLAT_TYPES: dict[str, str] = {name: _flat_type(name) for name in FILE_COLUMNS}


# (column, table, row, field, is_unit) for each cell column, resolved once.
def _cell_plan(name: str) -> tuple[str, str, str, str, bool]:
    table, row, column = name.split(".")[:3]
    return name, table, row, column.removesuffix(UNIT_SUFFIX), name.endswith(UNIT_SUFFIX)


_CELL_PLAN: tuple[tuple[str, str, str, str, bool], ...] = tuple(_cell_plan(name) for name in CELL_COLUMNS)


def validation_summary(report: Report, findings: Sequence[Finding] | None = None) -> dict[str, Any]:
    """The :data:`VALIDATION_COLUMNS` of a report: errors and warnings among its findings (the parser's and
    the validator's, as ``check`` counts them, unless ``findings`` are given) and its codes, comma-separated."""
    from .validate import finding_counts, validate

    if findings is None:
        findings = [*report.findings, *validate(report)]
    counts = finding_counts(findings)
    return {"errors": counts.errors, "warnings": counts.warnings, "codes": ",".join(counts.codes)}


def to_flat(report: Report, findings: Sequence[Finding] | None = None) -> dict[str, Any]:
    """One flat row: meta columns, then one column per cell (``applications.new_received.total``).

    Values are int, decimal string (amounts) or None, in the order of :data:`FLAT_COLUMNS`. A cell
    the report does not print and a printed empty cell are both None: the flat form keeps values,
    the JSON keeps the difference. ``errors``, ``warnings`` and ``codes`` are those of
    :func:`validation_summary` (``findings``: the report's findings, when already computed).
    """
    row: dict[str, Any] = {
        "title": report.title,
        "agency": report.agency,
        "year": report.year,
        "published": report.published.isoformat() if report.published else None,
        "format": report.format,
        "declared_none": ",".join(report.declared_none),
        "findings": len(report.findings),
        **validation_summary(report, findings),
    }
    who = identify(report.agency) if report.agency else None
    row.update(
        {
            "agency_key": who.key if who else None,
            "level": who.level if who else None,
            "province": who.province if who else None,
            "city": who.city if who else None,
            "county": who.county if who else None,
            "division_code": who.code if who else None,
        }
    )
    tables: dict[str, Any] = {t: getattr(report, t) for t in model.TABLE_CLASSES}
    for name, table, rkey, ckey, is_unit in _CELL_PLAN:
        obj: Any = tables[table]
        obj = getattr(obj, rkey, None) if obj is not None else None
        cell = getattr(obj, ckey, None) if obj is not None else None
        if not isinstance(cell, Cell):
            row[name] = None
        elif is_unit:
            row[name] = cell.unit
        else:
            row[name] = str(cell.value) if isinstance(cell.value, Decimal) else cell.value
    return row


def to_file_row(path: str, report: Report) -> dict[str, Any]:
    """The flat row of a report read from ``path``: the columns of :data:`FILE_COLUMNS`."""
    return {PATH_COLUMN: path, **to_flat(report)}
