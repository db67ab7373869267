"""Stage 3c for tables: row tokens → the table grammar → typed table records.

A table region's lines become cells (:mod:`govinfo_report.cells`), cells become
row tokens (:mod:`govinfo_report.rows`), and the table grammar
(grammars/table.lark) parses the row tokens into the tables the region holds:
one, or several printed back to back. This module turns each parsed table into
its record, placing every value cell by its position in its row:

* a cell's column is its position after the row label, in the order the
  block's header prints the columns (table 二) or the form's order;
* a row that prints fewer cells than its columns is cut short: in layouts that
  keep empty cells (pipes, HTML) the missing cells are its last ones; in layouts
  that drop them (PDF text, plain cells) nothing says which columns are missing,
  so the row's values stay ``None`` with a finding — unless a sum pins the
  total. Also the last row the text prints: a cut excerpt and a row that
  dropped its empty cells print the same;
* text in a number's place is a cell with ``value=None`` and a finding.

Values never slide into another row or column.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from typing import Any, NamedTuple

from lark import Token, Tree
from lark.exceptions import UnexpectedToken

from . import labels, model
from .cells import RawCell, cells_of
from .findinglog import FindingLog
from .loader import table_parser
from .model import Cell, Finding
from .rows import RowToken, lex_rows

__all__ = ["TableResult", "make_cell", "parse_rows", "read_region"]

TABLE_OF_TREE = {"active": "active_disclosure", "applications": "applications", "review": "review_litigation"}


class TableResult(NamedTuple):
    kind: str
    table: Any
    formats: set[str]
    findings: list[Finding]
    by_label: bool = False  # table 四 read group by group from the groups its header cells named
    refused: bool = False  # table 四 printed in parts whose values cannot be placed: no later part is read


def _finding(
    code: str,
    severity: str,
    zh: str,
    en: str,
    *,
    table: str,
    line: int | None = None,
    row: str | None = None,
    column: str | None = None,
) -> Finding:
    where = table + (f".{row}" if row else "") + (f".{column}" if column else "")
    if line:
        where += f" (line {line})"
    return Finding(code, severity, zh, en, where, None, table, row, column, line)  # type: ignore[arg-type]


# ------------------------------------------------------------------ the grammar
def parse_rows(tokens: Sequence[RowToken]) -> tuple[Tree[Token], list[int]]:
    """The table grammar's tree over row tokens, and the tokens it recovered past (by index).

    Lark's interactive LALR parser takes one token at a time; a token no rule can take where it
    stands (an unknown row, values with no label) is skipped, and parsing resumes.
    """
    parser = table_parser().parse_interactive()
    skipped: list[int] = []
    for i, t in enumerate(tokens):
        token = Token(t.type, t.label, start_pos=i, line=t.line, column=1)
        try:
            parser.feed_token(token)
        except UnexpectedToken:
            skipped.append(i)
    tree: Tree[Token] = parser.feed_eof()  # type: ignore[no-untyped-call]
    return tree, skipped


def _row_tokens(tree: Tree[Token]) -> Iterator[Token]:
    yield from (t for t in tree.scan_values(lambda v: isinstance(v, Token)))


def _at(tok: Token) -> int:
    """The index of the row token a grammar token stands for (parse_rows feeds it as ``start_pos``)."""
    assert tok.start_pos is not None
    return tok.start_pos


# ------------------------------------------------------------------ cells
def make_cell(raw: RawCell, column: str, table: str, row: str, findings: list[Finding]) -> Cell:
    """The cell a printed text is: a number with its unit, an empty cell, or text (``value=None``)."""
    kind, value, unit = labels.classify_value(raw.text)

    def empty(code: str, severity: str, zh: str, en: str) -> Cell:
        """The cell left empty, with the finding that says why."""
        findings.append(_finding(code, severity, zh, en, table=table, row=row, column=column, line=raw.line))
        return Cell(raw.text, None, None)

    if kind == "empty":
        if not raw.text.strip():
            return Cell(raw.text, None, None)
        return empty(
            "cell-dash", "info", f"单元格为“{raw.text}”,按空值处理", f"cell printed {raw.text!r}, read as empty"
        )
    if kind == "text":
        return empty(
            "cell-not-number",
            "warning",
            f"单元格为“{raw.text}”,不是数字,按空值处理",
            f"cell printed {raw.text!r}, which is not a number: value left empty",
        )
    assert isinstance(value, (int, Decimal))
    if column not in labels.AMOUNT_COLUMNS and unit in labels.MONEY_UNITS:
        # a count printed with 万 or 元 (2万 is 20,000 items, or a sum of money in the wrong column): the
        # printed number is not the count, and scaling it would be a reading the form does not give
        return empty(
            "cell-not-number",
            "warning",
            f"单元格为“{raw.text}”,件数栏不应带“{unit}”,按空值处理",
            f"cell printed {raw.text!r}: a count with the unit {unit!r}, value left empty",
        )
    if column in labels.AMOUNT_COLUMNS:
        return Cell(raw.text, Decimal(value), unit if unit in labels.MONEY_UNITS else None)
    if isinstance(value, Decimal) and value == value.to_integral_value():
        value = int(value)
    return Cell(raw.text, value, None)


class _Placed(NamedTuple):
    values: dict[str, Cell | None]
    findings: list[Finding]


def place(
    row: RowToken,
    columns: Sequence[str],
    table: str,
    label: str,
    *,
    total: str | None = None,
) -> _Placed:
    """Put a row's value cells into its columns by position, or leave them ``None`` where position
    says nothing (a short row of a layout that drops empty cells)."""
    findings: list[Finding] = []
    key = row.key or ""
    vals = list(row.values)
    width = len(columns)

    def unread(code: str, zh: str, en: str) -> _Placed:
        """None of the row read, with the warning that says why: never a value in a column it may not be in."""
        findings.append(_finding(code, "warning", zh, en, table=table, row=key, line=row.line))
        return _Placed({c: None for c in columns}, findings)

    while len(vals) > width and not vals[-1].text.strip():
        vals.pop()  # empty cells past the last column: merged-cell filler ("| 8 | ||")
    if len(vals) > width:
        extra = " ".join(c.text for c in vals[width:])
        fitted = _fit_overflow(vals, width, total is not None)
        if fitted is None:
            # more numbers than columns (a number split in two, a column the form does not have, a filler
            # slot): which one is not this row's cannot be told, so none is read, never a shifted reading
            printed = " ".join(c.text for c in vals)
            return unread(
                "row-overflow",
                f"“{label}”行有{len(vals)}个单元格({printed}),应为{width}个:无法确定各数所在栏目,未读取",
                f"row {key} has {len(vals)} cells ({printed}) for {width} columns: their columns cannot be "
                "told, so none is read",
            )
        findings.append(
            _finding(
                "row-overflow",
                "warning",
                f"“{label}”行有{len(vals)}个单元格,应为{width}个,多出的“{extra}”未读取",
                f"row {key} has {len(vals)} cells for {width} columns; {extra!r} not read",
                table=table,
                row=key,
                line=row.line,
            )
        )
        vals = fitted
    if vals and labels.key(vals[0].text) in labels.UNIT_WORDS:
        # 一、收到申请数 | 件 | 12: a statistics table of the old reports, a unit column and one count, not
        # the form's columns; its count is never read into the form's first columns
        printed = " ".join(c.text for c in vals)
        return unread(
            "row-unit-column",
            f"“{label}”行印有单位栏({printed}):不是表格规定的栏目,未读取",
            f"row {key} prints a unit column ({printed}), which the form does not have: none is read",
        )
    slots: list[RawCell | None] = list(vals)
    if any(c.unsure for c in vals):
        printed = " ".join(c.text for c in vals)
        return unread(
            "row-ambiguous",
            f"“{label}”行下的“{printed}”可能是页码,也可能是本行的数值(版式不保留空单元格):未读取",
            f"{printed!r} under row {key} may be a page number or the row's cells (the layout drops empty "
            "cells): none is read",
        )
    if len(vals) < width and vals:
        explicit = all(c.explicit for c in vals)
        if not explicit and total is not None and _total_by_sum(vals):
            # The sum pins the last printed number as the total; nothing says where the others stand, so
            # the columns before it are read as the empty cells most of them are, their values unread.
            blank = RawCell("", vals[-1].line, False)
            slots = [*([blank] * (width - 1)), vals[-1]]
            printed = " ".join(c.text for c in vals[:-1])
            findings.append(
                _finding(
                    "row-short",
                    "warning",
                    f"“{label}”行只印了{len(vals)}个数且未给空单元格留位置;末一个等于其余之和,读作“{labels.APPLICANT_LABELS['total']}”,"
                    f"其余({printed})无法确定所在栏目,未读取",
                    f"row {key} prints {len(vals)} of {width} cells in a layout that drops empty ones; the last equals "
                    f"the sum of the others and is read as the total; the others ({printed}) cannot be placed",
                    table=table,
                    row=key,
                    line=row.line,
                )
            )
        elif not explicit:
            printed = " ".join(c.text for c in vals)
            slots = [None] * width
            findings.append(
                _finding(
                    "row-ambiguous",
                    "warning",
                    f"“{label}”行只印了{len(vals)}个数({printed}),应有{width}栏,且版式不保留空单元格:无法确定各数所在栏目,未读取",
                    f"row {key} prints {len(vals)} values ({printed}) for {width} columns in a layout that drops empty "
                    "cells: their columns cannot be told, so none is read",
                    table=table,
                    row=key,
                    line=row.line,
                )
            )
        else:
            findings.append(
                _finding(
                    "row-truncated",
                    "warning",
                    f"“{label}”行只有{len(vals)}个单元格,应有{width}个",
                    f"row {key} has {len(vals)} of {width} cells",
                    table=table,
                    row=key,
                    line=row.line,
                )
            )
    out: dict[str, Cell | None] = {}
    for i, col in enumerate(columns):
        slot = slots[i] if i < len(slots) else None
        out[col] = make_cell(slot, col, table, key, findings) if slot is not None else None
    return _Placed(out, findings)


def _fit_overflow(vals: list[RawCell], width: int, has_total: bool) -> list[RawCell] | None:
    """The ``width`` cells of a row printed with more, where the extra ones cannot be values: no number after
    the last column (a 备注 note), or empty slots right after the label whose removal makes the row add up
    to its printed total (a merged label cell's filler: ``（七）总计 |  | 41 | 5 | … | 49``). None otherwise."""
    if all(labels.classify_value(c.text)[0] != "number" for c in vals[width:]):
        return vals[:width]
    excess = len(vals) - width
    if has_total and all(not c.text.strip() for c in vals[:excess]):
        rest = vals[excess:]
        numbers = [labels.classify_value(c.text) for c in rest if c.text.strip()]
        if numbers and all(kind == "number" and isinstance(v, int) for kind, v, _unit in numbers):
            total = labels.classify_value(rest[-1].text)
            parts = [v for kind, v, _unit in (labels.classify_value(c.text) for c in rest[:-1]) if kind == "number"]
            if total[0] == "number" and total[1] == sum(parts):  # type: ignore[arg-type]
                return rest
    return None


def _total_by_sum(cells: list[RawCell]) -> bool:
    """Whether a short row of a layout that drops empty cells ends with its total: "25 25", "3 1 4"."""
    if len(cells) < 2:
        return False
    values = [labels.classify_value(c.text) for c in cells]
    if any(kind != "number" or not isinstance(v, int) for kind, v, _unit in values):
        return False
    *parts, last = (v for _kind, v, _unit in values)
    return last == sum(parts)  # type: ignore[arg-type]


# ------------------------------------------------------------------ table 二
_BLOCK_RULES = {"documents", "licensing", "enforcement", "fees", "procurement"}


def _block_format(block: Tree[Token]) -> str | None:
    """The form a block's header names: its sub-rule is ``documents_2021``, ``fees_2019`` …"""
    for child in block.children:
        if isinstance(child, Tree):
            return str(child.data).rsplit("_", 1)[1]
    return None


def read_active(tree: Tree[Token], tokens: Sequence[RowToken], hint: str | None) -> TableResult:
    """Table 二, block by block: each row with the columns its block's header prints."""
    findings: list[Finding] = FindingLog()
    blocks = [b for b in tree.children if isinstance(b, Tree) and b.data in _BLOCK_RULES]
    named = {f for b in blocks if (f := _block_format(b))}
    rows: dict[str, Any] = {}
    formats: set[str] = set()
    for b in blocks:
        fmt = _block_format(b)
        header: tuple[str, ...] = ()
        for tok in _row_tokens(b):
            rt = tokens[_at(tok)]
            if rt.type.startswith("HEADER_"):
                header = rt.columns
                continue
            if rt.type.startswith("BLOCK_") or rt.key is None:
                continue
            row_fmt = fmt or _row_format(rt, named, formats, hint)
            cls_name, columns = labels.ACTIVE_SHAPES[(rt.key, row_fmt)]
            if set(header) == set(columns) and len(header) == len(columns):
                columns = header
            label = labels.ACTIVE_ROW_LABELS[rt.key]
            placed = place(rt, columns, "active_disclosure", label)
            findings.extend(placed.findings)
            if all(v is None for v in placed.values.values()):
                continue  # a label with no cells (an empty template row), or none that can be placed
            if rt.key in rows:
                findings.append(_duplicated("active_disclosure", rt, label))
                continue
            rows[rt.key] = getattr(model, cls_name)(**placed.values)
            formats.add(row_fmt)
    if not rows:
        return TableResult("active_disclosure", None, formats, findings)
    if len(formats) > 1:
        findings.append(
            _finding(
                "format-mixed",
                "warning",
                "表二混用了2019年版和2021年版的栏目",
                "table 二 mixes 2019 and 2021 columns",
                table="active_disclosure",
            )
        )
    return TableResult("active_disclosure", model.ActiveDisclosure(**rows), formats, findings)


def _row_format(row: RowToken, named: set[str], formats: set[str], hint: str | None) -> str:
    """The form of a row whose block prints no header: the only form with that row, the form the
    row's cell count fits (on its own line, in a layout that keeps empty cells), the form the other
    blocks name, or the one the year implies."""
    supported = sorted(f for (r, f) in labels.ACTIVE_SHAPES if r == row.key)
    if len(supported) == 1:
        return supported[0]
    if row.values and all(c.explicit and c.line == row.line for c in row.values):
        fits = [f for f in supported if len(labels.ACTIVE_SHAPES[(row.key or "", f)][1]) == len(row.values)]
        if len(fits) == 1:
            return fits[0]
    for source in (named, formats):
        if len(source) == 1 and next(iter(source)) in supported:
            return next(iter(source))
    return hint if hint in supported else "2021"


def _duplicated(table: str, rt: RowToken, label: str) -> Finding:
    return _finding(
        "row-duplicated",
        "warning",
        f"“{label}”行出现多次,取第一次",
        f"row {rt.key} printed twice; the first is kept",
        table=table,
        row=rt.key,
        line=rt.line,
    )


# ------------------------------------------------------------------ table 三
#: Table 三 printed with three columns, 自然人 | 法人或其他组织 | 总计, the organisations as one sum: the
#: form has no field for that sum, so its cells are placed (they keep the total in its column) and not kept.
_ORGANISATIONS_SUM = "organisations"
_THREE_COLUMNS = (labels.APPLICANT_KEYS[0], _ORGANISATIONS_SUM, labels.APPLICANT_KEYS[-1])


def _applicant_columns(tree: Tree[Token], tokens: Sequence[RowToken]) -> tuple[str, ...]:
    """The columns table 三's header names: the form's seven, or 自然人 | 法人或其他组织 | 总计 with none of
    the five kinds of organisation under it (a shortened table some reports print)."""
    head = "".join(labels.key(tokens[_at(t)].label) for t in _row_tokens(tree) if t.type == "APPLICATIONS_HEADER")
    named = all(w in head for w in (labels.key(labels.ORGANISATION_LABEL), "自然人", "总计"))
    if not named or any(labels.key(w) in head for w in labels.APPLICANT_ORG_WORDS):
        return labels.APPLICANT_KEYS
    rows = [tokens[_at(t)] for t in _row_tokens(tree) if tokens[_at(t)].key in labels.APPLICATION_ROW_BY_KEY]
    if any(len([c for c in rt.values if c.text.strip()]) > 3 for rt in rows):
        return labels.APPLICANT_KEYS  # rows of seven under a header that lost its second line: the form's
    return _THREE_COLUMNS


def read_applications(tree: Tree[Token], tokens: Sequence[RowToken], hint: str | None) -> TableResult:
    """Table 三: every row carries seven cells, the six applicant columns and the total (or three, where the
    header prints the organisations as one column)."""
    findings: list[Finding] = FindingLog()
    rows: dict[str, dict[str, Cell | None]] = {}
    formats: set[str] = set()
    columns = _applicant_columns(tree, tokens)
    unkept: list[str] = []
    for tok in _row_tokens(tree):
        rt = tokens[_at(tok)]
        if rt.key is None or rt.key not in labels.APPLICATION_ROW_BY_KEY:
            continue  # headers and group labels
        spec = labels.APPLICATION_ROW_BY_KEY[rt.key]
        placed = place(rt, columns, "applications", spec.label, total="total")
        if columns is _THREE_COLUMNS:
            orgs = placed.values.pop(_ORGANISATIONS_SUM)
            if orgs is not None and orgs.raw.strip():
                unkept.append(f"{spec.label} {orgs.raw}")
            placed.values.update({k: None for k in labels.APPLICANT_KEYS[1:-1]})
        findings.extend(placed.findings)
        if all(v is None for v in placed.values.values()):
            continue  # a label with no cells (an empty template row), or none that can be placed
        if rt.key in rows:
            findings.append(_duplicated("applications", rt, spec.label))
            continue
        rows[rt.key] = placed.values
        if len(spec.formats) == 1:
            formats.add(spec.formats[0])
    if unkept:
        findings.append(
            _finding(
                "column-merged",
                "info",
                f"表三只印“自然人 | {labels.ORGANISATION_LABEL} | 总计”三栏:五类组织未分栏,"
                f"{labels.ORGANISATION_LABEL}合计({';'.join(unkept)})无对应字段,未读取",
                f"table 三 prints three columns (natural persons, organisations, total): the five kinds of "
                f"organisation are not printed, and the organisations' sums ({'; '.join(unkept)}) have no field",
                table="applications",
            )
        )
    if not rows:
        return TableResult("applications", None, formats, findings)
    built = {key: model.ApplicantCounts(**vals) for key, vals in rows.items()}
    return TableResult("applications", model.Applications(**built), formats, findings)


# ------------------------------------------------------------------ table 四
def _values_or_group_row(rt: RowToken) -> bool:
    """Table 四 values that are values: a number or text among them, or exactly five empty cells for each
    group named (a group printed with nothing in it); other runs of empty cells are a header's span filler."""
    return any(c.text.strip() for c in rt.values) or len(rt.values) == 5 * len(rt.columns)


class _ByGroup(NamedTuple):
    """Table 四 printed group by group: each group's cells, or None where the labels do not place them."""

    cells: dict[str, list[RawCell]] | None


def _review_by_label(tree: Tree[Token], tokens: Sequence[RowToken], findings: list[Finding]) -> _ByGroup | None:
    """Table 四's values by the groups the header cells before them named, where each group is printed as a
    row or a table of its own (行政复议 | 1 | 0 | 0 | 0 | 1 / 未经复议直接起诉 | …): five values for each
    group named, no group twice; a row of one group may be cut at its end in a layout that keeps empty
    cells (``row-truncated``). None where the table is not printed so (the form's header names all three
    groups before one row of fifteen: read by position); ``_ByGroup(None)`` where it is, but the counts
    do not say which value is whose: then nothing is read, never a value in another group."""
    at = [_at(t) for t in _row_tokens(tree) if tokens[_at(t)].type == "REVIEW_VALUES"]
    runs = [tokens[i] for i in at if _values_or_group_row(tokens[i])]
    if not runs or any(not rt.columns for rt in runs):
        return None
    if len(runs) == 1:
        # one row of values under a header is the form's (its groups' labels whole or broken: 复议 / 行政
        # 诉讼), read by position — unless an earlier part of the table was printed by group (行政复议 and
        # its five, then 行政诉讼 and its ten)
        earlier = any(rt.type == "REVIEW_VALUES" and rt.columns and _values_or_group_row(rt) for rt in tokens[: at[0]])
        if not earlier and (len(runs[0].columns) > 1 or sum(1 for c in runs[0].values if c.text.strip()) > 5):
            return None
    out: dict[str, list[RawCell]] = {}
    short: list[RowToken] = []
    for rt in runs:
        columns = rt.columns
        values = list(rt.values)
        if len(values) > 5 * len(columns):  # the empty fragments of a header typed as two rows are the header's
            values = [c for c in values if not c.fragment]
        if rt.named and len(values) > 5 * len(columns):
            # more than the last group's five after a header naming each group before its own columns: the
            # row of every group named
            columns = rt.named
        width = 5 * len(columns)
        while len(values) > width and not values[-1].text.strip():
            values.pop()
        if len(values) > width or set(columns) & set(out):
            return _ByGroup(None)
        if any(c.unsure for c in values) and len(values) < width:
            return _ByGroup(None)  # an empty cell that may be the header's, in a group short of five: unplaced
        if len(values) < width:
            if len(columns) > 1 or not all(c.explicit for c in values):
                # two groups named before these values, or a layout that drops empty cells: which column
                # each value is in cannot be told
                return _ByGroup(None)
            short.append(rt)
        for gi, gkey in enumerate(columns):
            out[gkey] = values[gi * 5 : (gi + 1) * 5]
    for rt in short:
        n = len(out[rt.columns[0]])
        findings.append(
            _finding(
                "row-truncated",
                "warning",
                f"表四“{labels.REVIEW_GROUP_LABELS[rt.columns[0]]}”只有{n}个数值,应为5个",
                f"table 四 {rt.columns[0]} has {n} of 5 values",
                table="review_litigation",
                row=rt.columns[0],
                line=rt.line,
            )
        )
    return _ByGroup(out)


def read_review(tree: Tree[Token], tokens: Sequence[RowToken], hint: str | None) -> TableResult:
    """Table 四: fifteen numbers after the header, five per group; or five after each group's own label."""
    findings: list[Finding] = FindingLog()
    by_group = _review_by_label(tree, tokens, findings)
    if by_group is not None and by_group.cells is None:
        printed = " ".join(c.text for tok in _row_tokens(tree) for c in tokens[_at(tok)].values)
        findings.append(
            _finding(
                "row-ambiguous",
                "warning",
                f"表四按组分行打印,但数值({printed})与各组的五栏对不上:无法确定各数所在栏目,未读取",
                f"table 四 is printed group by group, but its values ({printed}) do not fill each group's five "
                "columns: their columns cannot be told, so none is read",
                table="review_litigation",
            )
        )
        return TableResult("review_litigation", None, set(), findings)
    if by_group is not None and by_group.cells is not None:
        return TableResult("review_litigation", _outcomes(by_group.cells, findings), set(), findings, by_label=True)
    # the empty fragments of a header typed as two rows are the header's (rows.split_fragments)
    values = [c for tok in _row_tokens(tree) for c in tokens[_at(tok)].values if not c.fragment]
    unsure = sum(1 for _ in itertools.takewhile(lambda c: c.unsure, values))
    while len(values) > 15 and not values[0].text.strip():
        values = values[1:]
        unsure = max(0, unsure - 1)
    if unsure and len(values) - unsure < 15:
        findings.append(
            _finding(
                "row-ambiguous",
                "warning",
                "表四的表头分两行打印,其后的空单元格可能属于表头,也可能是数值:无法确定各数所在栏目,未读取",
                "table 四's header is typed as two rows and the empty cells after it may be the header's or "
                "values: the columns of the row cannot be told, so none is read",
                table="review_litigation",
                line=values[0].line,
            )
        )
        return TableResult("review_litigation", None, set(), findings)
    while len(values) > 15 and not values[-1].text.strip():
        values = values[:-1]
    if not any(c.text.strip() for c in values):  # a row of empty cells is the filler of merged cells
        return TableResult("review_litigation", None, set(), findings)
    if len(values) > 15:
        if any(labels.classify_value(c.text)[0] == "number" for c in values[15:]):
            # sixteen numbers for fifteen columns: which is not the table's cannot be told, none is read
            findings.append(
                _finding(
                    "row-overflow",
                    "warning",
                    f"表四有{len(values)}个数值,应为15个:无法确定各数所在栏目,未读取",
                    f"table 四 has {len(values)} values for 15 columns: their columns cannot be told, so none is read",
                    table="review_litigation",
                    line=values[15].line,
                )
            )
            return TableResult("review_litigation", None, set(), findings)
        findings.append(
            _finding(
                "row-overflow",
                "warning",
                f"表四有{len(values)}个数值,应为15个,多余的未读取",
                f"table 四 has {len(values)} values; only the first 15 are read",
                table="review_litigation",
                line=values[15].line,
            )
        )
        values = values[:15]
    if len(values) < 15 and not all(c.explicit for c in values):
        printed = " ".join(c.text for c in values)
        findings.append(
            _finding(
                "row-ambiguous",
                "warning",
                f"表四只印了{len(values)}个数({printed}),应有15栏,且版式不保留空单元格:无法确定各数所在栏目,未读取",
                f"table 四 prints {len(values)} values ({printed}) for 15 columns in a layout that drops empty "
                "cells: their columns cannot be told, so none is read",
                table="review_litigation",
                line=values[-1].line,
            )
        )
        return TableResult("review_litigation", None, set(), findings)
    if len(values) < 15:
        findings.append(
            _finding(
                "row-truncated",
                "warning",
                f"表四只有{len(values)}个数值,应为15个",
                f"table 四 has {len(values)} of 15 values",
                table="review_litigation",
                line=values[-1].line if values else None,
            )
        )
    chunks = {gkey: values[gi * 5 : (gi + 1) * 5] for gi, gkey in enumerate(labels.REVIEW_GROUP_KEYS)}
    return TableResult("review_litigation", _outcomes(chunks, findings), set(), findings)


def _outcomes(chunks: dict[str, list[RawCell]], findings: list[Finding]) -> model.ReviewLitigation:
    """Table 四 from each group's cells, in the order of its five outcomes; a group with none is not printed."""
    groups: dict[str, model.Outcomes] = {}
    for gkey, chunk in chunks.items():
        if not chunk:
            continue
        vals = {
            okey: (make_cell(chunk[oi], okey, "review_litigation", gkey, findings) if oi < len(chunk) else None)
            for oi, okey in enumerate(labels.REVIEW_OUTCOME_KEYS)
        }
        groups[gkey] = model.Outcomes(**vals)
    return model.ReviewLitigation(**groups)


Reader = Callable[[Tree[Token], Sequence[RowToken], str | None], TableResult]
READERS: dict[str, Reader] = {"active": read_active, "applications": read_applications, "review": read_review}


# ------------------------------------------------------------------ a region
def _recovered(rt: RowToken) -> Finding | None:
    """The finding for a row token the grammar recovered past."""
    if rt.type == "STRAY_VALUES" and any(labels.classify_value(c.text)[0] != "empty" for c in rt.values):
        printed = " ".join(c.text for c in rt.values)
        return _finding(
            "values-unattributed",
            "warning",
            f"数值“{printed}”没有行标签,无法归属",
            f"values {printed!r} stand under no row label and are not read",
            table="table",
            line=rt.line,
        )
    if rt.type == "UNKNOWN_ROW" and rt.values:
        printed = " ".join(c.text for c in rt.values)
        return _finding(
            "row-unknown",
            "info",
            f"“{rt.label}”不是表格规定的行,其数值({printed})未读取",
            f"{rt.label!r} is no row of the official tables; its values ({printed}) are not read",
            table="table",
            line=rt.line,
        )
    return None


def read_region(
    lines: Sequence[tuple[int, str]],
    kind_hint: str | None,
    fmt_hint: str | None,
    unsure_lines: frozenset[int] = frozenset(),
) -> list[TableResult]:
    """Every table in a region's lines, in printed order (tables printed back to back are each read).

    Consecutive parts of the same table (a row out of the form's order starts a new one in the
    grammar) are merged, the first printing of a row kept.
    """
    cells, layout = cells_of(lines, unsure_lines)
    tokens = lex_rows(cells, kind_hint, fmt_hint, layout)
    if not tokens:
        return []
    tree, skipped = parse_rows(tokens)
    results: list[TableResult] = []
    for sub in tree.children:
        if not isinstance(sub, Tree):
            continue
        result = READERS[str(sub.data)](sub, tokens, fmt_hint)
        if results and results[-1].kind == result.kind:
            results[-1] = _merge(results[-1], result)
        else:
            results.append(result)
    recovered = FindingLog(f for i in skipped if (f := _recovered(tokens[i])) is not None)
    if recovered or recovered.dropped:
        if results:
            merged = FindingLog(results[0].findings)  # its own counts of dropped findings come along
            merged.extend(recovered)
            results[0] = results[0]._replace(findings=merged)
        else:
            results.append(TableResult(kind_hint or "active_disclosure", None, set(), recovered))
    return results


def _merge(first: TableResult, second: TableResult) -> TableResult:
    """Two parts of one table (a header repeated after a page break, a row out of the form's order):
    the rows of the first, and those of the second it does not print."""
    # the first part's findings list grows in place: a table printed in a million parts merges in linear time
    findings = first.findings
    findings.extend(second.findings)
    if first.refused:
        return first
    if first.table is None or second.table is None:  # one part read no row: the other's rows, both parts' findings
        kept = first if second.table is None else second
        return kept._replace(findings=findings, formats=first.formats | second.formats)
    if first.kind == "review_litigation" and first.by_label and second.by_label:
        groups = {n: getattr(first.table, n) or getattr(second.table, n) for n in labels.REVIEW_GROUP_KEYS}
        if not any(getattr(first.table, n) and getattr(second.table, n) for n in labels.REVIEW_GROUP_KEYS):
            # each group printed as a table of its own: the groups of both parts
            return first._replace(table=model.ReviewLitigation(**groups), findings=findings)
    if first.kind == "review_litigation":
        if not second.by_label and any(getattr(second.table, n) is None for n in labels.REVIEW_GROUP_KEYS):
            # the last part is no row of fifteen either (a table printed outcome by outcome, or group by group
            # with no group named before its values): read by position, its values would stand in the first
            # group whatever group they are; none of the parts is read
            parts = " ".join(c.raw for t in (first.table, second.table) for _r, _c, c in model.table_cells(t))
            findings.append(
                _finding(
                    "row-ambiguous",
                    "warning",
                    f"表四分多段打印,各段数值({parts})都不满15栏:无法确定各数所在栏目,未读取",
                    f"table 四 is printed in parts, none of them a row of fifteen ({parts}): their columns "
                    "cannot be told, so none is read",
                    table=first.kind,
                )
            )
            return first._replace(table=None, findings=findings, by_label=False, refused=True)
        # values printed among table 四's header rows are no part of its row of fifteen, which follows them
        stray = " ".join(c.raw for _r, _c, c in model.table_cells(first.table))
        findings.append(
            _finding(
                "values-unattributed",
                "warning",
                f"数值“{stray}”印在表四的表头之间,无法归属",
                f"values {stray!r} stand among table 四's header rows and are not read",
                table=first.kind,
            )
        )
        return second._replace(findings=findings)
    names = [a.name for a in type(first.table).__attrs_attrs__]
    printed = [i for i, n in enumerate(names) if getattr(first.table, n) is not None]
    merged: dict[str, Any] = {}
    for i, name in enumerate(names):
        a, b = getattr(first.table, name), getattr(second.table, name)
        merged[name] = a if a is not None else b
        if b is None or first.kind == "review_litigation":
            continue
        label = _row_label(first.kind, name)
        if a is not None:
            findings.append(
                _finding(
                    "row-duplicated",
                    "warning",
                    f"“{label}”行出现多次,取第一次",
                    f"row {name} printed twice; the first is kept",
                    table=first.kind,
                    row=name,
                )
            )
        elif printed and i < max(printed):
            findings.append(
                _finding(
                    "row-out-of-order",
                    "info",
                    f"“{label}”行印在表格规定的位置之后",
                    f"row {name} is printed after rows the form puts below it",
                    table=first.kind,
                    row=name,
                )
            )
    return TableResult(first.kind, type(first.table)(**merged), first.formats | second.formats, findings)


def _row_label(kind: str, key: str) -> str:
    if kind == "active_disclosure":
        return labels.ACTIVE_ROW_LABELS[key]
    return labels.APPLICATION_ROW_BY_KEY[key].label
