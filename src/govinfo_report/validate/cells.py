"""Single cells: empty, dashes, text, negative or fractional counts."""

from __future__ import annotations

from decimal import Decimal

from .. import labels
from ..model import (
    Finding,
    Report,
)
from ._common import (
    _CellAt,
    _finding,
    _section_no,
    cell_labels,
    iter_cells,
)


def _check_cells(report: Report, out: list[Finding]) -> None:
    empties: dict[str, list[_CellAt]] = {}
    dashes: dict[str, list[_CellAt]] = {}
    by_parser = {(f.table, f.row, f.column) for f in report.findings if f.code == "cell-dash"}
    for at in iter_cells(report):
        sec = _section_no(report, at.table)
        t = labels.TABLE_LABELS[at.table]
        rl, cl = cell_labels(at.table, at.row, at.column, at.fmt)
        name = f"“{t}”表“{rl}”行“{cl}”"
        value = at.cell.value
        if value is None:
            kind = labels.classify_value(at.cell.raw)[0]
            if not at.cell.raw.strip():
                empties.setdefault(at.table, []).append(at)
            elif kind == "number":
                continue  # a value the reader did not take: the parser's business, not the report's
            elif kind == "empty":
                if (at.table, at.row, at.column) not in by_parser:
                    dashes.setdefault(at.table, []).append(at)
            else:
                out.append(
                    _finding(
                        "cell-not-number",
                        f"{name}“{at.cell.raw}”不是数字",
                        f"{at.table}.{at.row}.{at.column} holds {at.cell.raw!r}, not a number",
                        section=sec,
                        table=at.table,
                        row=at.row,
                        column=at.column,
                    )
                )
            continue
        if value < 0 and at.column not in labels.SIGNED_COLUMNS:
            out.append(
                _finding(
                    "count-negative",
                    f"{name}为负数{value}",
                    f"{at.table}.{at.row}.{at.column} is negative: {value}",
                    section=sec,
                    table=at.table,
                    row=at.row,
                    column=at.column,
                )
            )
        if at.column not in labels.AMOUNT_COLUMNS and isinstance(value, Decimal) and value != value.to_integral_value():
            out.append(
                _finding(
                    "count-not-integer",
                    f"{name}为{value},件数应为整数",
                    f"{at.table}.{at.row}.{at.column} is {value}; counts are whole numbers",
                    section=sec,
                    table=at.table,
                    row=at.row,
                    column=at.column,
                )
            )
    for table, cells in dashes.items():
        raw = "、".join(sorted({f"“{c.cell.raw}”" for c in cells}))
        out.append(
            _block(report, "cell-dash", table, cells, f"印为{raw},按空值处理", "printed as a dash, read as empty")
        )
    for table, cells in empties.items():
        out.append(_block(report, "cell-empty", table, cells, "为空(未填,不等于0)", "empty (unknown, not zero)"))


def _block(report: Report, code: str, table: str, cells: list[_CellAt], zh: str, en: str) -> Finding:
    """One finding for a table's cells of one kind: the count and every cell named, row by row."""
    rows: dict[str, list[_CellAt]] = {}
    for c in cells:
        rows.setdefault(c.row, []).append(c)
    named = ";".join(
        f"“{cell_labels(table, row, None, cs[0].fmt)[0]}”行"
        + "、".join(f"“{cell_labels(table, row, c.column, c.fmt)[1]}”" for c in cs)
        for row, cs in rows.items()
    )
    one_row = next(iter(rows)) if len(rows) == 1 else None
    only = cells[0].column if len(cells) == 1 else None
    return _finding(
        code,
        f"“{labels.TABLE_LABELS[table]}”表{len(cells)}个单元格{zh}:{named}",
        f"{table}: {len(cells)} cell(s) {en}: " + ", ".join(f"{c.row}.{c.column}" for c in cells),
        section=_section_no(report, table),
        table=table,
        row=one_row,
        column=only,
        where=".".join(p for p in (table, one_row, only) if p),
    )
