"""Check the numbers of a report: the official 勾稽关系, the sums, the outline, text against tables, the deadline.

Every rule has a stable code (:data:`RULES`, documented in docs/findings.md) so users
can filter and count findings across a corpus. :func:`validate` returns the
validator's findings only: the parser's are already on ``report.findings`` and
the validator leaves out any finding the parser has already made.

A cell that is absent (``None``) or printed empty is *unknown*, never zero. A sum
with unknown terms is still checked where it can be: counts are never negative,
so known terms that already exceed the other side are an error whatever the
unknown ones hold.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from collections.abc import Iterator, Sequence
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from attrs import fields

from . import labels
from .model import (
    ApplicantCounts,
    Applications,
    Cell,
    Finding,
    Number,
    Outcomes,
    ProseFigures,
    Report,
    ReviewLitigation,
    Severity,
    table_cells,
)


class Rule(NamedTuple):
    """A rule's severity and what it checks (English, one line)."""

    severity: Severity
    summary: str


#: Every code the validator can report. Codes shared with the parser mean the same thing.
RULES: dict[str, Rule] = {
    "balance-mismatch": Rule("error", "table 三, a column: new_received + carried_over ≠ total_processed + "
                                      "carried_forward (the printed 勾稽关系)"),
    "outcomes-sum-mismatch": Rule("error", "table 三, a column: total_processed ≠ the sum of the outcome rows (granted … other)"),
    "row-total-mismatch": Rule("error", "table 三, a row: total ≠ the sum of the six applicant columns"),
    "review-total-mismatch": Rule("error", "table 四, a group: total ≠ upheld + corrected + other + pending"),
    "count-negative": Rule("error", "a count or amount below zero (only table 二 change may be negative)"),
    "count-not-integer": Rule("error", "a count with a fractional part"),
    "cell-empty": Rule("warning", "cells printed empty: unknown, not zero"),
    "cell-dash": Rule("info", "a cell printed as a dash, slash or 无: read as empty"),
    "cell-not-number": Rule("warning", "a cell holding text that is not a number"),
    "section-missing": Rule("warning", "one of the six sections of the 2019/2021 outline is absent"),
    "section-duplicated": Rule("warning", "a section appears twice"),
    "section-order": Rule("warning", "a section comes after one that should follow it"),
    "section-misnumbered": Rule("warning", "a section's numeral is not the one its heading's meaning has"),
    "table-missing": Rule("warning", "a section that should hold a table has none and does not say there is nothing"),
    "none-contradicted": Rule("warning", "the text says there is nothing to report, yet the table prints non-zero counts"),
    "format-outdated": Rule("warning", "an older form used for a later year (2019 form for 2021+, 2008 outline for 2019+)"),
    "format-premature": Rule("warning", "a form used for a year before it existed (2021 form for 2020 or earlier)"),
    "format-mixed": Rule("warning", "rows or columns of the 2019 and 2021 forms in one report"),
    "regulations-not-competent": Rule("warning", "a township reports regulations, which only ministries, "
                                                 "provinces and cities with districts can make"),
    "prose-mismatch": Rule("warning", "a number stated in the text disagrees with the table cells it describes"),
    "deadline-late": Rule("warning", "published after the legal deadline (31 January, or 31 March for a "
                                     "government's regional report and under the 2008 rules)"),
    "date-missing": Rule("info", "no publication date: the deadline cannot be checked"),
    "series-carry-mismatch": Rule("error", "carried_over of year N ≠ carried_forward of year N−1 (same agency)"),
    "series-jump": Rule("warning", "a count changes by a large factor from one year to the next (same agency)"),
    "series-duplicate": Rule("warning", "two reports of the same agency and year"),
}

#: A year-on-year change is a jump when the larger count is this many times the smaller …
JUMP_RATIO = 3
#: … and the counts differ by at least this much (3 → 10 applications is no story).
JUMP_MIN_DELTA = 20

TABLE_KINDS = ("active_disclosure", "applications", "review_litigation")
ORG_KEYS = labels.APPLICANT_KEYS[1:6]
SIX_KEYS = labels.APPLICANT_KEYS[:6]
OTHER_2021 = ("other_no_correction", "other_unpaid_fee", "other_misc")
_SHORT_LABEL = re.compile(r"\((?![一二三四五六七八九十]\))[^()]*\)$")
_EMPTY = "空"


# ------------------------------------------------------------------ helpers
def _finding(code: str, zh: str, en: str, *, section: int | None = None, table: str | None = None,
             row: str | None = None, column: str | None = None, line: int | None = None,
             where: str | None = None) -> Finding:
    if where is None:
        where = ".".join(p for p in (table, row, column) if p) or (f"section {section}" if section else "report")
    return Finding(code, RULES[code].severity, zh, en, where, section, table, row, column, line)


def _v(cell: Cell | None) -> Number | None:
    return cell.value if cell is not None else None


def _fmt(v: Number | None) -> str:
    return _EMPTY if v is None else str(v)


def _section_no(report: Report, kind: str) -> int:
    sec = report.section(kind)
    return sec.number if sec is not None else labels.SECTION_BY_KIND[kind].number


def app_row_label(key: str) -> str:
    """The printed label of a table 三 row, with its group where the row alone is ambiguous (the numbered sub-rows)."""
    r = labels.APPLICATION_ROW_BY_KEY[key]
    text = _SHORT_LABEL.sub("", r.label)
    if r.group in ("withheld", "unavailable", "not_processed") or (r.group == "other_group" and key != "other"):
        return labels.APPLICATION_GROUP_LABELS[r.group] + text
    return text


def _active_format(row: Any) -> str:
    return "2019" if type(row).__name__.endswith("2019") else "2021"


def cell_labels(table: str | None, row: str | None, column: str | None, fmt: str = "2021") -> tuple[str, str]:
    """The Chinese labels of a table row and column (empty strings where there is none)."""
    row_label = column_label = ""
    if table == "applications":
        row_label = app_row_label(row) if row in labels.APPLICATION_ROW_BY_KEY else ""
        column_label = labels.APPLICANT_FULL_LABELS.get(column or "", "")
    elif table == "review_litigation":
        row_label = labels.REVIEW_GROUP_FULL_LABELS.get(row or "", "")
        column_label = labels.REVIEW_OUTCOME_LABELS.get(column or "", "")
    elif table == "active_disclosure":
        names = labels.ACTIVE_ROW_LABELS_2019 if fmt == "2019" else labels.ACTIVE_ROW_LABELS
        row_label = names.get(row or "", "")
        column_label = labels.ACTIVE_COLUMN_LABELS.get((column or "", fmt), "") or next(
            (v for (k, _f), v in labels.ACTIVE_COLUMN_LABELS.items() if k == column), "")
    return row_label, column_label


class _Sides(NamedTuple):
    left: Number
    right: Number
    complete: bool


def _judge(left: Sequence[Number | None], right: Sequence[Number | None]) -> _Sides | None:
    """The two sums when they cannot be equal; None when they agree or cannot be judged.

    With unknown terms on one side, that side's known sum exceeding the complete other
    side still proves the equation false (counts are never negative).
    """
    known = [v for v in (*left, *right) if v is not None]
    lk = sum((v for v in left if v is not None), 0)
    rk = sum((v for v in right if v is not None), 0)
    lc = bool(left) and all(v is not None for v in left)
    rc = bool(right) and all(v is not None for v in right)
    if lc and rc:
        return None if lk == rk else _Sides(lk, rk, True)
    if any(v < 0 for v in known):
        return None
    if lc and rk > lk:
        return _Sides(lk, rk, False)
    if rc and lk > rk:
        return _Sides(lk, rk, False)
    return None


# ------------------------------------------------------------------ table 三
def outcome_keys(apps: Applications, fmt: str) -> tuple[str, ...]:
    """The outcome rows whose sum is total_processed: 'other' is one row in 2019, three rows in 2021.

    The form actually printed wins over the report's format (hongze prints the 2019
    single row in an otherwise 2021 report).
    """
    base = tuple(r.key for r in labels.APPLICATION_ROWS if r.group and r.group != "other_group")
    if any(getattr(apps, k) is not None for k in OTHER_2021):
        return (*base, *OTHER_2021)
    if apps.other is not None or fmt != "2021":
        return (*base, "other")
    return (*base, *OTHER_2021)


def _check_applications(report: Report, out: list[Finding]) -> None:
    apps = report.applications
    if apps is None:
        return
    sec = _section_no(report, "applications")
    t = labels.TABLE_LABELS["applications"]
    rows: dict[str, ApplicantCounts | None] = {k: getattr(apps, k) for k in labels.APPLICATION_ROW_BY_KEY}
    outcomes = outcome_keys(apps, report.format)

    def val(key: str, col: str) -> Number | None:
        row = rows[key]
        return _v(getattr(row, col)) if row is not None else None

    r1, r2, r7, r4 = (app_row_label(k) for k in ("new_received", "carried_over", "total_processed", "carried_forward"))
    result = labels.APPLICATION_GROUP_LABELS["result"]
    for col in labels.APPLICANT_KEYS:
        cl = labels.APPLICANT_FULL_LABELS[col]
        a, b, c, d = (val(k, col) for k in ("new_received", "carried_over", "total_processed", "carried_forward"))
        j = _judge([a, b], [c, d])
        if j is not None:
            how = "" if j.complete else "(已填数值之和已超出另一边)"
            out.append(_finding(
                "balance-mismatch",
                f"“{t}”表“{cl}”列:{r1}({_fmt(a)})+{r2}({_fmt(b)})={j.left},"
                f"{r7}({_fmt(c)})+{r4}({_fmt(d)})={j.right},不符合勾稽关系{how}",
                f"table 三 column {col}: new_received + carried_over = {j.left} but "
                f"total_processed + carried_forward = {j.right}" + ("" if j.complete else " (known cells only)"),
                section=sec, table="applications", column=col, where=f"applications.*.{col}"))
        if rows["total_processed"] is not None and any(rows[k] is not None for k in outcomes):
            parts = [val(k, col) for k in outcomes]
            j = _judge([c], parts)
            if j is not None:
                out.append(_finding(
                    "outcomes-sum-mismatch",
                    f"“{t}”表“{cl}”列:{r7}为{_fmt(c)},而“{result}”各行之和为{j.right}"
                    + ("" if j.complete else "(仅计已填数值)"),
                    f"table 三 column {col}: total_processed is {_fmt(c)} but the outcome rows sum to {j.right}"
                    + ("" if j.complete else " (known cells only)"),
                    section=sec, table="applications", row="total_processed", column=col))
    six = f"“{labels.APPLICANTS_LABEL}”六列({labels.APPLICANT_LABELS['natural_person']}及{labels.ORGANISATION_LABEL})之和"
    for key, row in rows.items():
        if row is None:
            continue
        parts = [_v(getattr(row, c)) for c in SIX_KEYS]
        total = _v(row.total)
        j = _judge([total], parts)
        if j is not None:
            out.append(_finding(
                "row-total-mismatch",
                f"“{t}”表“{app_row_label(key)}”行:{six}={j.right},“{labels.APPLICANT_LABELS['total']}”为{_fmt(total)}"
                + ("" if j.complete else "(仅计已填数值)"),
                f"table 三 row {key}: the six applicant columns sum to {j.right} but total is {_fmt(total)}",
                section=sec, table="applications", row=key, column="total"))


# ------------------------------------------------------------------ table 四
def _check_review(report: Report, out: list[Finding]) -> None:
    rl = report.review_litigation
    if rl is None:
        return
    sec = _section_no(report, "review_litigation")
    t = labels.TABLE_LABELS["review_litigation"]
    ol = labels.REVIEW_OUTCOME_LABELS
    for g in labels.REVIEW_GROUP_KEYS:
        o: Outcomes | None = getattr(rl, g)
        if o is None:
            continue
        parts = [_v(o.upheld), _v(o.corrected), _v(o.other), _v(o.pending)]
        j = _judge([_v(o.total)], parts)
        if j is None:
            continue
        terms = "+".join(f"{ol[k]}{_fmt(v)}" for k, v in zip(("upheld", "corrected", "other", "pending"), parts, strict=True))
        out.append(_finding(
            "review-total-mismatch",
            f"“{t}”表“{labels.REVIEW_GROUP_FULL_LABELS[g]}”:{terms}={j.right},“{ol['total']}”为{_fmt(_v(o.total))}",
            f"table 四 group {g}: upheld + corrected + other + pending = {j.right} but total is {_fmt(_v(o.total))}",
            section=sec, table="review_litigation", row=g, column="total"))


# ------------------------------------------------------------------ cells
class _CellAt(NamedTuple):
    table: str
    row: str
    column: str
    cell: Cell
    fmt: str


def iter_cells(report: Report) -> Iterator[_CellAt]:
    """Every printed cell of the three tables, with its keys."""
    for row_key, col, cell in table_cells(report.active_disclosure):
        yield _CellAt("active_disclosure", row_key, col, cell, _active_format(getattr(report.active_disclosure, row_key)))
    if report.applications is not None:
        for key in labels.APPLICATION_ROW_BY_KEY:
            arow: ApplicantCounts | None = getattr(report.applications, key)
            if arow is None:
                continue
            for col in labels.APPLICANT_KEYS:
                cell = getattr(arow, col)
                if cell is not None:
                    yield _CellAt("applications", key, col, cell, report.format)
    if report.review_litigation is not None:
        for g in labels.REVIEW_GROUP_KEYS:
            o = getattr(report.review_litigation, g)
            if o is None:
                continue
            for okey in labels.REVIEW_OUTCOME_KEYS:
                cell = getattr(o, okey)
                if cell is not None:
                    yield _CellAt("review_litigation", g, okey, cell, report.format)


def _check_cells(report: Report, out: list[Finding]) -> None:
    empties: dict[tuple[str, str], list[_CellAt]] = {}
    for at in iter_cells(report):
        sec = _section_no(report, at.table)
        t = labels.TABLE_LABELS[at.table]
        rl, cl = cell_labels(at.table, at.row, at.column, at.fmt)
        name = f"“{t}”表“{rl}”行“{cl}”"
        value = at.cell.value
        if value is None:
            kind = labels.classify_value(at.cell.raw)[0]
            if not at.cell.raw.strip():
                empties.setdefault((at.table, at.row), []).append(at)
            elif kind == "number":
                continue  # a value the reader did not take: the parser's business, not the report's
            elif kind == "empty":
                out.append(_finding("cell-dash", f"{name}印为“{at.cell.raw}”,按空值处理",
                                    f"{at.table}.{at.row}.{at.column} printed {at.cell.raw!r}, read as empty",
                                    section=sec, table=at.table, row=at.row, column=at.column))
            else:
                out.append(_finding("cell-not-number", f"{name}“{at.cell.raw}”不是数字",
                                    f"{at.table}.{at.row}.{at.column} holds {at.cell.raw!r}, not a number",
                                    section=sec, table=at.table, row=at.row, column=at.column))
            continue
        if value < 0 and at.column not in labels.SIGNED_COLUMNS:
            out.append(_finding("count-negative", f"{name}为负数{value}",
                                f"{at.table}.{at.row}.{at.column} is negative: {value}",
                                section=sec, table=at.table, row=at.row, column=at.column))
        if (at.column not in labels.AMOUNT_COLUMNS and isinstance(value, Decimal)
                and value != value.to_integral_value()):
            out.append(_finding("count-not-integer", f"{name}为{value},件数应为整数",
                                f"{at.table}.{at.row}.{at.column} is {value}; counts are whole numbers",
                                section=sec, table=at.table, row=at.row, column=at.column))
    for (table, row), cells in empties.items():
        rl, _ = cell_labels(table, row, None, cells[0].fmt)
        cols = "、".join(f"“{cell_labels(table, row, c.column, c.fmt)[1]}”" for c in cells)
        only = cells[0].column if len(cells) == 1 else None
        out.append(_finding(
            "cell-empty", f"“{labels.TABLE_LABELS[table]}”表“{rl}”行:{cols}为空(未填,不等于0)",
            f"{table}.{row}: {len(cells)} empty cell(s): {', '.join(c.column for c in cells)} (unknown, not zero)",
            section=_section_no(report, table), table=table, row=row, column=only,
            where=f"{table}.{row}" + (f".{only}" if only else "")))


# ------------------------------------------------------------------ structure and form
def _has_counts(table: Any) -> bool:
    """Whether a table prints any non-zero number."""
    return any(cell.value not in (None, 0) for _row, _col, cell in table_cells(table))


def _check_structure(report: Report, out: list[Finding]) -> None:
    if report.format not in ("2019", "2021"):
        return  # legacy reports have a free outline; 'unknown' is not a report
    secs = [s for s in report.sections if s.kind in labels.SECTION_BY_KIND]
    if not report.sections:
        out.append(_finding("section-missing", "未识别出任何编号的部分(一、…六、)",
                            "no numbered sections (一、 … 六、) were found", where="report"))
    else:
        present = {s.kind for s in secs}
        for sl in labels.SECTIONS:
            if sl.kind not in present:
                out.append(_finding(
                    "section-missing", f"缺少第{labels.NUMERALS_CN[sl.number]}部分“{sl.label}”",
                    f"section {sl.number} ({sl.kind}) is missing", section=sl.number))
        seen: set[str] = set()
        last = 0
        for s in secs:
            canon = labels.SECTION_BY_KIND[s.kind]
            if s.kind in seen:
                out.append(_finding(
                    "section-duplicated", f"第{labels.NUMERALS_CN.get(s.number, s.number)}部分重复出现",
                    f"section {s.number} appears twice", section=s.number, where=f"section {s.number}"))
                continue
            seen.add(s.kind)
            if canon.number < last:
                out.append(_finding(
                    "section-order",
                    f"“{s.heading}”应为第{labels.NUMERALS_CN[canon.number]}部分,却排在第"
                    f"{labels.NUMERALS_CN[last]}部分之后",
                    f"section {s.kind} (canonically {canon.number}) comes after section {last}",
                    section=s.number))
            last = max(last, canon.number)
            if s.number != canon.number:
                out.append(_finding(
                    "section-misnumbered",
                    f"“{s.heading}”编号为{labels.NUMERALS_CN.get(s.number, s.number)},"
                    f"按内容应为{labels.NUMERALS_CN[canon.number]}“{canon.label}”",
                    f"heading numbered {s.number} reads as section {canon.number} ({s.kind})", section=s.number))
    for kind in TABLE_KINDS:
        table = getattr(report, kind)
        sec = report.section(kind)
        declared = kind in report.declared_none or (sec is not None and sec.declared_none)
        t = labels.TABLE_LABELS[kind]
        if table is None and sec is not None and not declared:
            out.append(_finding("table-missing", f"第{labels.NUMERALS_CN.get(sec.number, sec.number)}部分没有"
                                f"“{t}”表,也未说明无相关情况",
                                f"section {sec.number} has no table and does not declare there is nothing to report",
                                section=sec.number, table=kind, where=kind))
        if table is not None and declared and _has_counts(table):
            out.append(_finding("none-contradicted", f"正文称无相关情况,但“{t}”表有非零数值",
                                f"the text declares {kind} none, yet its table prints non-zero counts",
                                section=_section_no(report, kind), table=kind, where=kind))


def _check_format(report: Report, out: list[Finding]) -> None:
    year, fmt = report.year, report.format
    if year is not None and fmt in labels.FORM_LABELS:
        late = (fmt == "2019" and year >= 2021) or (fmt == "legacy" and year >= 2019)
        early = (fmt == "2021" and year <= 2020) or (fmt == "2019" and year <= 2018)
        if late:
            out.append(_finding("format-outdated", f"{year}年度报告使用了{labels.FORM_LABELS[fmt]}",
                                f"a report for {year} uses the {fmt} form", where="format"))
        if early:
            out.append(_finding("format-premature", f"{year}年度报告使用了{labels.FORM_LABELS[fmt]},该格式当时尚未施行",
                                f"a report for {year} uses the {fmt} form, which did not exist yet", where="format"))
    apps = report.applications
    if apps is None or fmt not in ("2019", "2021"):
        return
    has_2021 = any(getattr(apps, k) is not None for k in OTHER_2021)
    sec = _section_no(report, "applications")
    t = labels.TABLE_LABELS["applications"]
    forms = labels.FORM_LABELS
    if fmt == "2021" and apps.other is not None and not has_2021:
        out.append(_finding(
            "format-mixed", f"“{t}”表使用{forms['2019']}的单行“{app_row_label('other')}”,而报告其余部分为{forms['2021']}",
            "table 三 prints the single 2019 row 'other' in a 2021-form report",
            section=sec, table="applications", row="other"))
    if fmt == "2019" and has_2021:
        key = next(k for k in OTHER_2021 if getattr(apps, k) is not None)
        out.append(_finding(
            "format-mixed", f"“{t}”表使用{forms['2021']}的“{app_row_label(key)}”等行,而报告其余部分为{forms['2019']}",
            f"table 三 prints the 2021 row {key!r} in a 2019-form report", section=sec, table="applications", row=key))


def _report_text(report: Report) -> str:
    return "\n".join([report.title or "", report.preamble, *(s.text for s in report.sections)])


def _is_township(report: Report) -> bool:
    if report.agency:
        return bool(labels.TOWNSHIP.search(labels.key(report.agency)))
    return bool(labels.SELF_TOWNSHIP.search(_report_text(report)))


def _check_competence(report: Report, out: list[Finding]) -> None:
    ad = report.active_disclosure
    reg = ad.regulations if ad is not None else None
    if reg is None or not _is_township(report):
        return
    printed = {f.name: _v(getattr(reg, f.name)) for f in fields(type(reg))}
    nonzero = {k: v for k, v in printed.items() if v}
    if not nonzero:
        return
    fmt = _active_format(reg)
    row_label, _ = cell_labels("active_disclosure", "regulations", None, fmt)
    col = next(iter(nonzero))
    out.append(_finding(
        "regulations-not-competent",
        f"乡镇(街道)报告“{row_label}”{cell_labels('active_disclosure', 'regulations', col, fmt)[1]}为"
        f"{nonzero[col]}:乡镇(街道)无权制定{row_label}",
        f"a township reports regulations ({col} = {nonzero[col]}); townships cannot make them",
        section=_section_no(report, "active_disclosure"), table="active_disclosure", row="regulations", column=col))


# ------------------------------------------------------------------ text against tables
Terms = list[Number | None]


def _row_total(apps: Applications, key: str, col: str = "total") -> Terms:
    """A row's total, or its six columns when the total cell is empty (a lower bound)."""
    row: ApplicantCounts | None = getattr(apps, key)
    if row is None:
        return [None]
    if col != "total":
        return [_v(getattr(row, col))]
    if row.total is not None and row.total.value is not None:
        return [row.total.value]
    return [_v(getattr(row, c)) for c in SIX_KEYS]


def _rows(apps: Applications, keys: Sequence[str], cols: Sequence[str] = ("total",)) -> Terms:
    return [v for k in keys for c in cols for v in _row_total(apps, k, c)]


def _group(rl: ReviewLitigation, groups: Sequence[str], outcomes: Sequence[str]) -> Terms:
    terms: Terms = []
    for g in groups:
        o: Outcomes | None = getattr(rl, g)
        terms.extend(_v(getattr(o, k)) if o is not None else None for k in outcomes)
    return terms


def _keys_of(group: str) -> tuple[str, ...]:
    return tuple(r.key for r in labels.APPLICATION_ROWS if r.group == group)


def prose_targets(report: Report) -> dict[str, list[Terms]]:
    """For each prose figure, the table sums it may describe (it agrees if it equals any of them)."""
    out: dict[str, list[Terms]] = {}
    apps = report.applications
    if apps is not None:
        others = tuple(k for k in outcome_keys(apps, report.format) if k.startswith("other"))
        out.update({
            "applications_received": [_rows(apps, ["new_received"]), _rows(apps, ["new_received", "carried_over"])],
            "applications_carried_over": [_rows(apps, ["carried_over"])],
            "applications_processed": [_rows(apps, ["total_processed"])],
            "applications_carried_forward": [_rows(apps, ["carried_forward"])],
            "from_natural_persons": [_rows(apps, [k], ["natural_person"]) for k in ("new_received", "total_processed")]
            + [_rows(apps, ["new_received", "carried_over"], ["natural_person"])],
            "from_organisations": [_rows(apps, [k], ORG_KEYS) for k in ("new_received", "total_processed")]
            + [_rows(apps, ["new_received", "carried_over"], ORG_KEYS)],
            "granted": [_rows(apps, ["granted"])],
            "partially_granted": [_rows(apps, ["partially_granted"])],
            "granted_or_partially": [_rows(apps, ["granted", "partially_granted"])],
            "withheld": [_rows(apps, _keys_of("withheld"))],
            "unavailable": [_rows(apps, _keys_of("unavailable"))],
            "not_processed": [_rows(apps, _keys_of("not_processed"))],
            "other_processed": [_rows(apps, others)],
        })
    rl = report.review_litigation
    if rl is not None:
        suits = ("direct_suit", "post_review_suit")
        parts = ("upheld", "corrected", "other", "pending")
        out["reviews"] = [_group(rl, ["review"], ["total"]), _group(rl, ["review"], parts)]
        out["lawsuits"] = [_group(rl, suits, ["total"]), _group(rl, suits, parts)]
        for p in parts:
            out[f"reviews_{p}"] = [_group(rl, ["review"], [p])]
            out[f"lawsuits_{p}"] = [_group(rl, suits, [p])]
    return out


#: Where each prose figure points in the tables (for the finding's keys and the CLI's line).
PROSE_CELL: dict[str, tuple[str, str | None, str | None]] = {
    "applications_received": ("applications", "new_received", "total"),
    "applications_carried_over": ("applications", "carried_over", "total"),
    "applications_processed": ("applications", "total_processed", "total"),
    "applications_carried_forward": ("applications", "carried_forward", "total"),
    "from_natural_persons": ("applications", "new_received", "natural_person"),
    "from_organisations": ("applications", "new_received", None),
    "granted": ("applications", "granted", "total"),
    "partially_granted": ("applications", "partially_granted", "total"),
    "granted_or_partially": ("applications", None, "total"),
    "withheld": ("applications", None, "total"),
    "unavailable": ("applications", None, "total"),
    "not_processed": ("applications", None, "total"),
    "other_processed": ("applications", None, "total"),
    "reviews": ("review_litigation", "review", "total"),
    "lawsuits": ("review_litigation", None, "total"),
}
for _p in ("upheld", "corrected", "other", "pending"):
    PROSE_CELL[f"reviews_{_p}"] = ("review_litigation", "review", _p)
    PROSE_CELL[f"lawsuits_{_p}"] = ("review_litigation", None, _p)


def _agrees(value: int, terms: Terms) -> bool | None:
    """True/False when the terms decide it, None when nothing in them is known."""
    known = [t for t in terms if t is not None]
    if not known:
        return None
    total = sum(known, 0)
    if len(known) == len(terms):
        return total == value
    return total <= value  # unknown cells could make up the rest


def _prose_section(report: Report, name: str) -> int | None:
    from .prose import find_figures

    for s in report.sections:
        if name in find_figures(s.text):
            return s.number
    return None


def _check_prose(report: Report, out: list[Finding]) -> None:
    targets = prose_targets(report)
    prose: ProseFigures = report.prose
    for name, value in prose.items():
        alternatives = targets.get(name)
        if not alternatives:
            continue
        verdicts = [_agrees(value, terms) for terms in alternatives]
        decided = [v for v in verdicts if v is not None]
        if not decided or any(decided):
            continue
        first = next(terms for terms, v in zip(alternatives, verdicts, strict=True) if v is not None)
        table_value = sum((t for t in first if t is not None), 0)
        partial = any(t is None for t in first)
        table, row, column = PROSE_CELL[name]
        what = labels.PROSE_LABELS[name]
        tname = labels.TABLE_LABELS[table]
        at_least = "至少" if partial else ""
        out.append(_finding(
            "prose-mismatch",
            f"正文称“{what}”{value}件,而“{tname}”表中相应数值{at_least}为{table_value}",
            f"the text states {name} = {value}, the table gives {'at least ' if partial else ''}{table_value}",
            section=_prose_section(report, name), table=table, row=row, column=column, where=f"prose.{name}"))


# ------------------------------------------------------------------ deadline
def deadline(report: Report) -> dt.date | None:
    """The last day the report could be published: 31 January of the next year, or 31 March
    for a government's regional report and for every report under the 2008 rules (year ≤ 2018)."""
    if report.year is None:
        return None
    regional = bool(report.agency) and bool(labels.REGIONAL_GOVERNMENT.search(labels.key(report.agency or ""))) \
        and not labels.TOWNSHIP.search(labels.key(report.agency or ""))
    if report.year <= 2018 or regional:
        return dt.date(report.year + 1, 3, 31)
    return dt.date(report.year + 1, 1, 31)


def _check_deadline(report: Report, out: list[Finding]) -> None:
    if report.format == "unknown":
        return
    if report.published is None:
        out.append(_finding("date-missing", "报告未印发布日期或落款日期,无法核对发布时限",
                            "no publication date; the deadline cannot be checked", where="published"))
        return
    due = deadline(report)
    if due is not None and report.published > due:
        out.append(_finding(
            "deadline-late",
            f"发布日期{report.published.isoformat()}晚于法定时限{due.year}年{due.month}月{due.day}日",
            f"published {report.published.isoformat()}, after the deadline {due.isoformat()}",
            where="published"))


# ------------------------------------------------------------------ entry points
def _key(f: Finding) -> tuple[Any, ...]:
    return (f.code, f.section if f.table is None else None, f.table, f.row, f.column)


def validate(report: Report) -> list[Finding]:
    """The validator's findings on one report (the parser's are on ``report.findings``)."""
    out: list[Finding] = []
    _check_structure(report, out)
    _check_format(report, out)
    _check_cells(report, out)
    _check_applications(report, out)
    _check_review(report, out)
    _check_competence(report, out)
    _check_prose(report, out)
    _check_deadline(report, out)
    parser = {_key(f) for f in report.findings}
    return [f for f in out if _key(f) not in parser]


def _agency_key(name: str) -> str:
    k = labels.key(name)
    for old, new in labels.AGENCY_FOLDS:
        k = k.replace(old, new)
    return k


def same_agency(a: str, b: str) -> bool:
    """Two spellings of one body: equal, or one the other with its higher regions in front
    (洪泽区人民政府 / 淮安市洪泽区人民政府). A bare level (市财政局) matches nothing else."""
    a, b = _agency_key(a), _agency_key(b)
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return long_.endswith(short) and len(short) >= 4 and short[0] not in labels.BARE_LEVELS


def _metrics(report: Report) -> dict[str, tuple[Number | None, str]]:
    apps, rl = report.applications, report.review_litigation
    new = _v(apps.new_received.total) if apps is not None and apps.new_received is not None else None
    rev = _v(rl.review.total) if rl is not None and rl.review is not None else None
    suits: Number | None = None
    if rl is not None and rl.direct_suit is not None and rl.post_review_suit is not None:
        d, p = _v(rl.direct_suit.total), _v(rl.post_review_suit.total)
        suits = d + p if d is not None and p is not None else None
    return {
        "applications.new_received.total": (new, app_row_label("new_received")),
        "review_litigation.review.total": (rev, labels.REVIEW_GROUP_FULL_LABELS["review"]),
        "review_litigation.suits.total": (suits, labels.LITIGATION_LABEL),
    }


def series_findings(reports: Sequence[Report]) -> list[tuple[int, Finding]]:
    """Findings across years, each with the index of the report (year N) it is about."""
    groups: list[tuple[list[str], list[int]]] = []
    for i, r in enumerate(reports):
        if not r.agency or r.year is None:
            continue
        for names, idxs in groups:
            if any(same_agency(r.agency, n) for n in names):
                names.append(r.agency)
                idxs.append(i)
                break
        else:
            groups.append(([r.agency], [i]))
    out: list[tuple[int, Finding]] = []
    for _names, idxs in groups:
        by_year: dict[int, int] = {}
        for i in idxs:
            r = reports[i]
            assert r.year is not None
            if r.year in by_year:
                out.append((i, _finding("series-duplicate", f"{r.agency}{r.year}年度报告出现两份,只核对第一份",
                                        f"two reports of {r.agency} for {r.year}; the first is used",
                                        where=f"{r.agency} {r.year}")))
                continue
            by_year[r.year] = i
        for year in sorted(by_year):
            if year - 1 not in by_year:
                continue
            i = by_year[year]
            prev, cur = reports[by_year[year - 1]], reports[i]
            out.extend((i, f) for f in _carry(prev, cur))
            out.extend((i, f) for f in _jumps(prev, cur))
    return out


def _carry(prev: Report, cur: Report) -> list[Finding]:
    if prev.applications is None or cur.applications is None:
        return []
    fwd, over = prev.applications.carried_forward, cur.applications.carried_over
    if fwd is None or over is None:
        return []
    out = []
    for col in labels.APPLICANT_KEYS:
        a, b = _v(getattr(fwd, col)), _v(getattr(over, col))
        if a is None or b is None or a == b:
            continue
        cl = labels.APPLICANT_FULL_LABELS[col]
        out.append(_finding(
            "series-carry-mismatch",
            f"{cur.agency}:{cur.year}年度“{app_row_label('carried_over')}”“{cl}”为{b},"
            f"而{prev.year}年度“{app_row_label('carried_forward')}”为{a}",
            f"{cur.agency} {cur.year}: carried_over.{col} = {b} but {prev.year} carried_forward.{col} = {a}",
            section=_section_no(cur, "applications"), table="applications", row="carried_over", column=col,
            where=f"{cur.agency} {prev.year}→{cur.year} applications.carried_over.{col}"))
    return out


def _jumps(prev: Report, cur: Report) -> list[Finding]:
    out = []
    before, after = _metrics(prev), _metrics(cur)
    for name, (a, label) in before.items():
        b = after[name][0]
        if a is None or b is None:
            continue
        lo, hi = sorted((a, b))
        if hi - lo >= JUMP_MIN_DELTA and (lo <= 0 or hi >= JUMP_RATIO * lo):
            table, row, column = name.split(".")
            out.append(_finding(
                "series-jump", f"{cur.agency}:“{label}”由{prev.year}年度的{a}变为{cur.year}年度的{b}",
                f"{cur.agency}: {name} went from {a} ({prev.year}) to {b} ({cur.year})",
                table=table, row=row if row != "suits" else None, column=column,
                where=f"{cur.agency} {prev.year}→{cur.year} {name}"))
    return out


def validate_series(reports: Sequence[Report]) -> list[Finding]:
    """Check reports of the same agency across years: 结转 carried over, big jumps, duplicate years."""
    return [f for _, f in series_findings(reports)]


# ------------------------------------------------------------------ CLI: govinfo-report check
#: File kinds read from a folder (``.json`` only when named: a folder may hold gold or other JSON).
FOLDER_SUFFIXES = (".txt", ".text", ".htm", ".html", ".pdf", ".docx")


def expand_paths(paths: Sequence[str]) -> list[str]:
    """Files as named, and the report files inside folders (sorted, recursively)."""
    out: list[str] = []
    for p in paths:
        path = Path(p)
        if p != "-" and path.is_dir():
            out.extend(str(f) for f in sorted(path.rglob("*")) if f.is_file() and f.suffix.lower() in FOLDER_SUFFIXES)
        else:
            out.append(p)
    return out


@lru_cache(maxsize=8)
def _headings(lines: tuple[str, ...]) -> dict[int, tuple[int, str, str]]:
    """The section headings of a text as the parser sees them (line → number, kind, heading), once per file."""
    from .lexer import classify

    return classify(list(lines))[1]


def locate(finding: Finding, lines: Sequence[str]) -> int | None:
    """The 1-based line of normalised text a finding is about (best effort), or its own line."""
    if finding.line is not None:
        return finding.line
    if finding.where.startswith("prose."):
        from .prose import find_line

        return find_line(finding.where[len("prose."):], lines)
    if finding.where == "published":
        dated = [n for n, line in enumerate(lines, 1) if labels.DATE_LINE.match(line)]
        return dated[-1] if dated else None
    headings = _headings(tuple(lines))
    kind = finding.table
    if kind is None:
        nums = sorted(n for n, h in headings.items() if finding.section is not None and h[0] == finding.section)
        if not nums:
            return None
        return nums[-1] if finding.code == "section-duplicated" else nums[0]
    starts = sorted(n for n, h in headings.items() if h[1] == kind)
    head = starts[0] if starts else None
    begin = head or 1
    if finding.row is None and finding.column is None:
        return head
    if kind == "review_litigation":
        digits = [n for n in range(begin + 1, len(lines) + 1) if re.search(r"\d", lines[n - 1])]
        wide = [n for n in digits if len(re.findall(r"\d+", lines[n - 1])) >= 5]
        return (wide or digits or [head])[0]
    row = finding.row or ("new_received" if kind == "applications" else None)
    if row is None:
        return head
    match_row = labels.application_row if kind == "applications" else labels.active_row
    seen_first = False
    for n in range(begin, len(lines) + 1):
        for chunk in re.split(r"[|\s]+", lines[n - 1]):
            found = match_row(chunk) if chunk else None
            if found is None:
                continue
            if found.key == "new_received":
                seen_first = True
            # the total and "other" rows share their words with column headers above the first row
            if found.key == row and (row not in ("total_processed", "other_misc") or seen_first):
                return n
    return head


class _Checked(NamedTuple):
    path: str
    report: Report | None
    findings: list[Finding]
    lines: list[str] | None
    error: str | None
    error_line: int | None


def _load(path: str) -> Report:
    from .api import parse_file
    from .serialise import from_json

    if path.lower().endswith(".json"):
        return from_json(Path(path).read_text(encoding="utf-8"))
    return parse_file(path)


def _lines(path: str) -> list[str]:
    if path.lower().endswith(".json") or path == "-":
        return []
    from .adapters import load_text
    from .normalise import normalise

    try:
        return normalise(load_text(path)).text.split("\n")
    except Exception:  # location is best effort: never fail a check over it
        return []


def _check_one(path: str) -> _Checked:
    from .errors import GovinfoError, ParseError

    try:
        report = _load(path)
    except ParseError as e:
        return _Checked(path, None, [], None, e.message + (f"; expected {e.expected}" if e.expected else ""), e.line)
    except GovinfoError as e:
        return _Checked(path, None, [], None, str(e), None)
    except Exception as e:  # one line per broken file, never a traceback
        return _Checked(path, None, [], None, f"{type(e).__name__}: {e}", None)
    return _Checked(path, report, [*report.findings, *validate(report)], None, None, None)


def _row(path: str, f: Finding, line: int | None, fmt: str) -> dict[str, Any]:
    row_label, column_label = cell_labels(f.table, f.row, f.column, fmt)
    return {"file": path, "line": line, "code": f.code, "severity": f.severity, "message": f.message,
            "message_en": f.message_en, "where": f.where, "section": f.section, "table": f.table, "row": f.row,
            "column": f.column, "row_label": row_label or None, "column_label": column_label or None}


def run_check(args: argparse.Namespace) -> int:
    """``govinfo-report check``: findings of each file, one a line (or JSON lines); 1 if any error."""
    paths = expand_paths(args.paths)
    results = [_check_one(p) for p in paths]
    if getattr(args, "series", False):
        ok = [r for r in results if r.report is not None]
        for i, f in series_findings([r.report for r in ok if r.report is not None]):
            ok[i].findings.append(f)
    errors = warnings = 0
    as_json = bool(getattr(args, "json", False))
    for res in results:
        if res.error is not None:
            errors += 1
            if as_json:
                print(json.dumps({"file": res.path, "line": res.error_line, "code": "parse-error",
                                  "severity": "error", "message": res.error, "message_en": res.error},
                                 ensure_ascii=False))
            else:
                print(f"{res.path}:{res.error_line or 1}: error [parse-error] {res.error}")
            continue
        assert res.report is not None
        lines: list[str] | None = None
        located: list[tuple[int | None, Finding]] = []
        for f in res.findings:
            line = f.line
            if line is None:
                if lines is None:
                    lines = _lines(res.path)
                line = locate(f, lines) if lines else None
            located.append((line, f))
        located.sort(key=lambda lf: (lf[0] is None, lf[0] or 0))
        for line, f in located:
            errors += int(f.severity == "error")
            warnings += int(f.severity == "warning")
            if as_json:
                print(json.dumps(_row(res.path, f, line, res.report.format), ensure_ascii=False))
            else:
                where = f"{res.path}:{line}:" if line else f"{res.path}:"
                print(f"{where} {f.severity} [{f.code}] {f.message}")
    if not as_json:
        print(f"{len(results)} file(s): {errors} error(s), {warnings} warning(s)", file=sys.stderr)
    return 1 if errors else 0
