"""Two reports side by side: what changed from one year to the next.

``compare(a, b)`` lists the table cells whose values differ (both values and the change), the prose
figures that differ, the sections one has and the other lacks, and the 结转 check: last year's
结转下年度继续办理 must equal this year's 上年结转 in every applicant column. A cell one report does not
print is None on that side, never 0.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterator, Sequence
from decimal import Decimal
from itertools import pairwise
from typing import Any

from attrs import frozen

from . import labels
from .agencies import agency_key
from .export import cell_labels
from .model import TABLE_CLASSES, Cell, Number, Report, table_cells

__all__ = ["AgencySeries", "CarryCheck", "CellChange", "Comparison", "FigureChange", "compare", "compare_series"]


@frozen
class CellChange:
    """One table cell whose value differs: ``change`` is after − before when both are numbers."""

    cell: str  # table.row.column, as in the wide columns
    row_label: str
    column_label: str
    before: Number | None
    after: Number | None
    change: Number | None


@frozen
class FigureChange:
    """A figure stated in the prose (全年共收到申请N件) that differs."""

    name: str
    before: int | None
    after: int | None


@frozen
class CarryCheck:
    """One applicant column of the 结转 check: last year's carried_forward against this year's carried_over."""

    column: str
    label: str
    carried_forward: Number | None
    carried_over: Number | None

    @property
    def ok(self) -> bool | None:
        """True when equal, False when not, None when either side is not printed."""
        if self.carried_forward is None or self.carried_over is None:
            return None
        return self.carried_forward == self.carried_over


@frozen
class Comparison:
    """What :func:`compare` found between two reports (``a`` the earlier one)."""

    agency_a: str | None
    agency_b: str | None
    year_a: int | None
    year_b: int | None
    same_agency: bool
    cells: tuple[CellChange, ...]
    figures: tuple[FigureChange, ...]
    sections_added: tuple[str, ...]
    sections_removed: tuple[str, ...]
    carry: tuple[CarryCheck, ...]

    @property
    def carry_ok(self) -> bool | None:
        """True when every known column carries over, False when one does not, None when nothing to check."""
        known = [c.ok for c in self.carry if c.ok is not None]
        return None if not known else all(known)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON: numbers as JSON numbers (decimals as strings, as in docs/spec.md)."""

        def num(v: Number | None) -> Any:
            return str(v) if isinstance(v, Decimal) else v

        return {
            "a": {"agency": self.agency_a, "year": self.year_a},
            "b": {"agency": self.agency_b, "year": self.year_b},
            "same_agency": self.same_agency,
            "cells": [
                {
                    "cell": c.cell,
                    "row_label": c.row_label,
                    "column_label": c.column_label,
                    "before": num(c.before),
                    "after": num(c.after),
                    "change": num(c.change),
                }
                for c in self.cells
            ],
            "figures": [{"name": f.name, "before": f.before, "after": f.after} for f in self.figures],
            "sections_added": list(self.sections_added),
            "sections_removed": list(self.sections_removed),
            "carry": [
                {
                    "column": c.column,
                    "label": c.label,
                    "carried_forward": num(c.carried_forward),
                    "carried_over": num(c.carried_over),
                    "ok": c.ok,
                }
                for c in self.carry
            ],
            "carry_ok": self.carry_ok,
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def _lines(self) -> Iterator[tuple[str, list[list[str]]]]:
        """(heading, rows) blocks shared by the text, HTML and DOCX forms."""

        def s(v: object) -> str:
            return "—" if v is None else str(v)

        yield (
            "changed cells",
            [[c.cell, f"{c.row_label} · {c.column_label}", s(c.before), s(c.after), s(c.change)] for c in self.cells],
        )
        yield "prose figures", [[f.name, s(f.before), s(f.after)] for f in self.figures]
        yield "sections", [["+", k] for k in self.sections_added] + [["-", k] for k in self.sections_removed]
        verdict = {True: "ok", False: "MISMATCH", None: "not printed"}
        yield (
            f"结转 carry-over: {verdict[self.carry_ok]}",
            [[c.column, c.label, s(c.carried_forward), s(c.carried_over), verdict[c.ok]] for c in self.carry],
        )

    def _title(self) -> str:
        return f"{self.agency_a or '?'} {self.year_a or '?'} → {self.agency_b or '?'} {self.year_b or '?'}"

    def to_text(self) -> str:
        """A plain-text summary for the terminal."""
        out = [self._title() + ("" if self.same_agency else "  (not the same agency)")]
        for heading, rows in self._lines():
            out.append(f"\n{heading} ({len(rows)})")
            out.extend("  " + "  ".join(r) for r in rows)
        return "\n".join(out) + "\n"

    def to_html(self) -> str:
        """A standalone HTML page of the comparison."""
        parts = [
            f"<!doctype html><meta charset='utf-8'><title>{html.escape(self._title())}</title>",
            f"<h1>{html.escape(self._title())}</h1>",
        ]
        for heading, rows in self._lines():
            parts.append(f"<h2>{html.escape(heading)}</h2><table border='1'>")
            parts.extend("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in rows)
            parts.append("</table>")
        return "\n".join(parts) + "\n"

    def to_docx(self, path: str) -> None:
        """A Word document of the comparison (needs the [docx] extra)."""
        from .errors import require

        docx = require("docx", "docx")
        doc = docx.Document()
        doc.add_heading(self._title(), level=1)
        for heading, rows in self._lines():
            doc.add_heading(heading, level=2)
            if rows:
                table = doc.add_table(rows=0, cols=len(rows[0]))
                for r in rows:
                    cells = table.add_row().cells
                    for c, text in zip(cells, r, strict=False):
                        c.text = text
        doc.save(path)


def _values(report: Report) -> dict[str, tuple[Cell, str]]:
    out: dict[str, tuple[Cell, str]] = {}
    for table in TABLE_CLASSES:
        obj = getattr(report, table)
        for row, column, cell in table_cells(obj):
            fmt = report.format if report.format in ("2021", "2019") else "2021"
            out[f"{table}.{row}.{column}"] = (cell, fmt)
    return out


def _labels(name: str, fmt: str) -> tuple[str, str]:
    table, row, column = name.split(".")
    for f in (fmt, "2021", "2019"):
        try:
            return cell_labels(table, row, column, f)
        except KeyError:
            continue
    return row, column


def _sections(report: Report) -> list[str]:
    return [s.kind if s.kind != labels.CUSTOM_KIND else s.heading for s in report.sections]


def compare(a: Report, b: Report) -> Comparison:
    """What changed from report ``a`` to report ``b`` (pass the earlier year first)."""
    va, vb = _values(a), _values(b)
    cells = []
    for name in [*va, *(n for n in vb if n not in va)]:
        before = va[name][0].value if name in va else None
        after = vb[name][0].value if name in vb else None
        if before == after:
            continue
        change = after - before if before is not None and after is not None else None
        fmt = (vb.get(name) or va[name])[1]
        row_label, column_label = _labels(name, fmt)
        cells.append(CellChange(name, row_label, column_label, before, after, change))
    pa, pb = dict(a.prose.items()), dict(b.prose.items())
    figures = [
        FigureChange(k, pa.get(k), pb.get(k)) for k in [*pa, *(k for k in pb if k not in pa)] if pa.get(k) != pb.get(k)
    ]
    sa, sb = _sections(a), _sections(b)
    carry = []
    fwd = a.applications.carried_forward if a.applications else None
    over = b.applications.carried_over if b.applications else None
    for col in labels.APPLICANT_KEYS:
        f = getattr(fwd, col) if fwd is not None else None
        o = getattr(over, col) if over is not None else None
        carry.append(
            CarryCheck(
                col,
                labels.APPLICANT_LABELS[col],
                f.value if f is not None else None,
                o.value if o is not None else None,
            )
        )
    same = a.agency is not None and agency_key(a.agency) == agency_key(b.agency)
    return Comparison(
        a.agency,
        b.agency,
        a.year,
        b.year,
        same,
        tuple(cells),
        tuple(figures),
        tuple(k for k in sb if k not in sa),
        tuple(k for k in sa if k not in sb),
        tuple(carry),
    )


@frozen
class AgencySeries:
    """One agency across its years: every cell by year, and the 结转 check of each pair of consecutive years."""

    key: str
    names: tuple[str, ...]  # the spellings printed, in year order
    years: tuple[int, ...]
    cells: dict[str, dict[int, Number | None]]  # table.row.column → year → value
    carry: tuple[tuple[int, int, bool | None], ...]  # (year, next year, carry_ok)

    def to_dict(self) -> dict[str, Any]:
        def num(v: Number | None) -> Any:
            return str(v) if isinstance(v, Decimal) else v

        return {
            "key": self.key,
            "names": list(self.names),
            "years": list(self.years),
            "cells": {c: {str(y): num(v) for y, v in by.items()} for c, by in self.cells.items()},
            "carry": [{"from": a, "to": b, "ok": ok} for a, b, ok in self.carry],
        }

    def to_text(self) -> str:
        """The agency as a table: one line per cell, one column per year."""
        head = f"{' / '.join(self.names)}  [{self.key}]"
        lines = [head, "  " + "cell".ljust(56) + "".join(str(y).rjust(10) for y in self.years)]
        for cell, by in self.cells.items():
            lines.append(
                "  "
                + cell.ljust(56)
                + "".join(("—" if by.get(y) is None else str(by[y])).rjust(10) for y in self.years)
            )
        verdict = {True: "ok", False: "MISMATCH", None: "not printed"}
        lines.extend(f"  结转 {a}→{b}: {verdict[ok]}" for a, b, ok in self.carry)
        return "\n".join(lines) + "\n"


def compare_series(reports: Sequence[Report]) -> list[AgencySeries]:
    """Reports grouped by agency key (:func:`govinfo_report.agencies.agency_key`), one table per agency
    across its years. Reports without an agency or a year, and a second report of a year, are left out."""
    groups: dict[str, dict[int, Report]] = {}
    for r in reports:
        key = agency_key(r.agency)
        if key is None or r.year is None:
            continue
        groups.setdefault(key, {}).setdefault(r.year, r)
    out = []
    for key, by_year in groups.items():
        years = tuple(sorted(by_year))
        cells: dict[str, dict[int, Number | None]] = {}
        for y in years:
            for name, (cell, _fmt) in _values(by_year[y]).items():
                cells.setdefault(name, {})[y] = cell.value
        carry = tuple((a, b, compare(by_year[a], by_year[b]).carry_ok) for a, b in pairwise(years) if b == a + 1)
        names = tuple(dict.fromkeys(by_year[y].agency or "" for y in years))
        out.append(AgencySeries(key, names, years, cells, carry))
    return out
