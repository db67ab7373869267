"""What every rule family shares: the codes and severities, the labels of a cell, sums that cannot agree."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple

from .. import labels
from ..model import (
    ApplicantCounts,
    Applications,
    Cell,
    Finding,
    Number,
    Report,
    Severity,
    table_cells,
)


class Rule(NamedTuple):
    """A rule's severity and what it checks (English, one line)."""

    severity: Severity
    summary: str


#: Every code the validator can report. Codes shared with the parser mean the same thing.
RULES: dict[str, Rule] = {
    "balance-mismatch": Rule(
        "error",
        "table 三, a column: new_received + carried_over ≠ total_processed + carried_forward (the printed 勾稽关系)",
    ),
    "outcomes-sum-mismatch": Rule(
        "error", "table 三, a column: total_processed ≠ the sum of the outcome rows (granted … other)"
    ),
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
    "none-contradicted": Rule(
        "warning", "the text says there is nothing to report, yet the table prints non-zero counts"
    ),
    "format-outdated": Rule(
        "warning", "an older form used for a later year (2019 form for 2021+, 2008 outline for 2019+)"
    ),
    "format-premature": Rule("warning", "a form used for a year before it existed (2021 form for 2020 or earlier)"),
    "format-mixed": Rule("warning", "rows or columns of the 2019 and 2021 forms in one report"),
    "regulations-not-competent": Rule(
        "warning", "a township reports regulations, which only ministries, provinces and cities with districts can make"
    ),
    "prose-mismatch": Rule(
        "warning", "a number stated in the text that could mean several quantities agrees with none of them"
    ),
    "prose-contradicts-table": Rule("error", "a number stated in the text for one quantity contradicts its cell"),
    "claim-contradicted": Rule(
        "error", "the text claims every case upheld (均获维持) or no case at all, and table 四 prints otherwise"
    ),
    "section-empty": Rule("warning", "section 五 (problems and improvements) is empty or says only 无"),
    "fees-unexplained": Rule("warning", "table 二 prints fees charged, and section 六 says nothing about fees"),
    "fees-not-in-table": Rule("info", "section 六 speaks of fees charged, and table 二 prints none"),
    "word-duplicated": Rule("warning", "a word written twice in a row (资金资金)"),
    "punctuation-english": Rule(
        "warning", 'English punctuation in Chinese prose: 工作.下一步, 称"资金", "公开, 并" (。“”，with no space)'
    ),
    "subheading-sequence": Rule("warning", "sub-headings (一)(二)… of a section restart or skip a number"),
    "format-tables-mixed": Rule("warning", "table 二 in one form (2019/2021) and table 三 in the other"),
    "template-empty": Rule("warning", "a 2021-or-later report prints the 2019 template with no values at all"),
    "deadline-late": Rule(
        "warning",
        "published after the legal deadline (31 January, or 31 March for a "
        "government's regional report and under the 2008 rules)",
    ),
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
def _finding(
    code: str,
    zh: str,
    en: str,
    *,
    section: int | None = None,
    table: str | None = None,
    row: str | None = None,
    column: str | None = None,
    line: int | None = None,
    where: str | None = None,
    expected: Number | str | None = None,
    severity: Severity | None = None,
) -> Finding:
    if where is None:
        where = ".".join(p for p in (table, row, column) if p) or (f"section {section}" if section else "report")
    return Finding(
        code,
        severity or RULES[code].severity,
        zh,
        en,
        where,
        section,
        table,
        row,
        column,
        line,
        expected=None if expected is None else str(expected),
    )


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
            (v for (k, _f), v in labels.ACTIVE_COLUMN_LABELS.items() if k == column), ""
        )
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
        yield _CellAt(
            "active_disclosure", row_key, col, cell, _active_format(getattr(report.active_disclosure, row_key))
        )
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
