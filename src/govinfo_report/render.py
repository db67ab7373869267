"""A Report → its canonical text, which the same grammars read back.

Writing the format is what makes the parser testable by construction: a
generated report is rendered, parsed and compared (tests/test_roundtrip.py).
So the canonical text is the official layout, one pipe row per table row, and
every Chinese label comes from :mod:`govinfo_report.labels` — the renderer
never spells a label itself, so a label changed there changes here too.

Layout::

    [发布机构:AGENCY, where the agency is in neither the title nor the signature]
    TITLE
    preamble lines
    [a table whose section is missing, as a table before any heading]
    一、总体情况            (each section: its heading as parsed, its text, its table)
    …
    SIGNED_BY (one line per agency line)
    YYYY年M月D日

What the model distinguishes, the text keeps apart: a cell is printed as its
``raw`` text (``Cell(raw="", value=None)`` is an empty cell, never ``0``); a
cell that is ``None`` (not printed: a row cut short) is left out at the end of
its row (in table 二, whose reader follows the header's column order, the
header is reordered to put it there); elsewhere it is printed empty so that a
later cell keeps its column. A row or table that is ``None`` is not printed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence

from attrs import fields

from . import labels
from .model import (
    ActiveDisclosure,
    ActiveRow,
    ApplicantCounts,
    Applications,
    Cell,
    Outcomes,
    Report,
    ReviewLitigation,
    Section,
)

__all__ = ["render", "render_active", "render_applications", "render_review", "render_table"]

TABLE_KINDS = ("active_disclosure", "applications", "review_litigation")

#: How a signature date is printed (a date format, not a label: DATE_LINE reads it).
DATE_FORMAT = "{y}年{m}月{d}日"


def _plain(rx: re.Pattern[str]) -> str:
    """The literal text of an anchored literal pattern (``^信息内容$`` → 信息内容).

    labels.py keeps some header words only as patterns; reading the word from
    the pattern keeps labels.py the single place that spells it.
    """
    text = rx.pattern.removeprefix("^").removesuffix("$")
    if re.escape(text) != text:
        raise ValueError(f"not a literal pattern: {rx.pattern!r}")
    return text


CONTENT_HEADER = _plain(labels.CONTENT_HEADER)
#: The bare statement of none (``无``): the empty marker that BARE_NONE accepts as a whole section.
BARE_NONE = min((m for m in labels.EMPTY_MARKERS if m and labels.BARE_NONE.fullmatch(m)), key=lambda m: (len(m), m))


# ------------------------------------------------------------------ rows
def pipe_row(cells: Iterable[str]) -> str:
    """``a | b |  | c |``: each cell closed by a pipe, an empty cell as a lone pipe."""
    return " ".join(f"{c} |" if c else "|" for c in cells)


def _cell_texts(cells: Sequence[Cell | None]) -> list[str]:
    """Raw texts of a row's cells; trailing ``None`` cells (not printed) are left out."""
    end = len(cells)
    while end and cells[end - 1] is None:
        end -= 1
    return [c.raw if c is not None else "" for c in cells[:end]]


def _row_cells(row: object) -> list[Cell | None]:
    return [getattr(row, f.name) for f in fields(type(row))]  # type: ignore[arg-type]


# ------------------------------------------------------------------ table 二
_SHAPE_FORMAT: dict[tuple[str, str], str] = {
    (key, cls_name): fmt for (key, fmt), (cls_name, _cols) in labels.ACTIVE_SHAPES.items()
}
_BLOCK_LABEL = {b.key: b.label for b in labels.BLOCKS}


def _active_format(key: str, row: ActiveRow) -> str:
    """The format a row of table 二 belongs to, from its record class."""
    return _SHAPE_FORMAT[(key, type(row).__name__)]


def render_active(table: ActiveDisclosure) -> list[str]:
    """Table 二 block by block: block label, 信息内容 header, then its rows.

    A block whose rows mix formats (a damaged report) is printed once per
    format, each time with its own header, so every row keeps its columns.
    The reader takes a block's columns in the order its header prints them;
    a row whose printed cells are not a prefix of the official order (its
    source printed the header in another order and the row was cut short) is
    printed under a header of its own, its printed columns first.
    """
    lines: list[str] = []
    current: tuple[str, str, tuple[str, ...]] | None = None
    for lab in labels.ACTIVE_ROWS:
        row = getattr(table, lab.key)
        if row is None:
            continue
        fmt = _active_format(lab.key, row)
        _cls, columns = labels.ACTIVE_SHAPES[(lab.key, fmt)]
        printed = [c for c in columns if getattr(row, c) is not None]
        if printed != list(columns[: len(printed)]):
            columns = (*printed, *(c for c in columns if getattr(row, c) is None))
        block = labels.ACTIVE_ROW_BLOCK[lab.key]
        if (block, fmt, columns) != current:
            current = (block, fmt, columns)
            lines.append(pipe_row([_BLOCK_LABEL[block]]))
            lines.append(pipe_row([CONTENT_HEADER, *(labels.ACTIVE_COLUMN_LABELS[(c, fmt)] for c in columns)]))
        row_labels = labels.ACTIVE_ROW_LABELS_2019 if fmt == "2019" else labels.ACTIVE_ROW_LABELS
        cells = [getattr(row, c) for c in columns]
        lines.append(pipe_row([row_labels[lab.key], *_cell_texts(cells)]))
    return lines


# ------------------------------------------------------------------ table 三
_RESULT_ROWS = frozenset(r.key for r in labels.APPLICATION_ROWS if r.group is not None or r.key == "total_processed")


def render_applications(table: Applications) -> list[str]:
    """Table 三: the 勾稽 note and applicant columns, then a row per printed row.

    A group label (三、本年度办理结果, (三)不予公开 …) shares its first printed
    row's line, as in the official table where the group cell spans its rows.
    """
    lines = [pipe_row([labels.RULE_NOTE, *(c.label for c in labels.APPLICANT_COLUMNS)])]
    result_open = False
    group_open: str | None = None
    for r in labels.APPLICATION_ROWS:
        row: ApplicantCounts | None = getattr(table, r.key)
        if row is None:
            continue
        prefix: list[str] = []
        if r.key in _RESULT_ROWS and not result_open:
            result_open = True
            prefix.append(labels.APPLICATION_GROUP_LABELS["result"])
        if r.group not in (None, "result") and r.group != group_open:
            group_label = labels.APPLICATION_GROUP_LABELS[r.group]
            if group_label != r.label:  # 2019 (六)其他处理 is a row, not a group over rows
                prefix.append(group_label)
        group_open = r.group
        cells = [getattr(row, k) for k in labels.APPLICANT_KEYS]
        lines.append(pipe_row([*prefix, r.label, *_cell_texts(cells)]))
    return lines


# ------------------------------------------------------------------ table 四
def render_review(table: ReviewLitigation) -> list[str]:
    """Table 四: the three groups, the five outcomes under each, one row of fifteen cells."""
    groups: list[Outcomes | None] = [getattr(table, k) for k in labels.REVIEW_GROUP_KEYS]
    cells: list[Cell | None] = []
    for group in groups:
        if group is None:
            cells.extend([None] * len(labels.REVIEW_OUTCOME_KEYS))
        else:
            cells.extend(getattr(group, k) for k in labels.REVIEW_OUTCOME_KEYS)
    lines = [
        pipe_row(g.label for g in labels.REVIEW_GROUPS),
        pipe_row([o.label for o in labels.REVIEW_OUTCOMES] * len(labels.REVIEW_GROUPS)),
    ]
    texts = _cell_texts(cells)
    if texts:
        lines.append(pipe_row(texts))
    return lines


def render_table(kind: str, table: object) -> list[str]:
    """The lines of one table, by its kind (``active_disclosure`` …)."""
    if kind == "active_disclosure":
        assert isinstance(table, ActiveDisclosure)
        return render_active(table)
    if kind == "applications":
        assert isinstance(table, Applications)
        return render_applications(table)
    if kind == "review_litigation":
        assert isinstance(table, ReviewLitigation)
        return render_review(table)
    raise ValueError(f"unknown table kind {kind!r}")


# ------------------------------------------------------------------ the report
def _heading(section: Section) -> str:
    if section.heading:
        return section.heading
    label = labels.SECTION_BY_KIND.get(section.kind) or labels.SECTION_BY_NUMBER.get(section.number)
    title = label.label if label else section.kind
    return f"{labels.NUMERALS_CN.get(section.number, section.number)}、{title}"


def _text_lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


def _date(d: dt.date) -> str:
    return DATE_FORMAT.format(y=d.year, m=d.month, d=d.day)


def _signature(report: Report) -> list[str]:
    """落款: the agency line(s), then the date line.

    The reader takes at most two agency lines above the date; a third part
    (an agency printed on the date line itself) goes back on the date line.
    """
    parts = report.signed_by.split(" ") if report.signed_by else []
    if report.published is None:
        return parts
    date = _date(report.published)
    if len(parts) > 2:
        return [*parts[:2], " ".join([*parts[2:], date])]
    return [*parts, date]


def _agency_unprinted(report: Report) -> bool:
    """Whether the canonical text would not print the agency where the reader finds it: the title, the
    signature, or (in a report; a notice names itself above its title) its own opening words."""
    agency = report.agency
    if not agency or agency in (report.title or "") or agency == report.signed_by:
        return False
    if report.format == "unknown":
        return True
    return not any(agency in text for text in (report.preamble, *(s.text for s in report.sections[:2])))


def render(report: Report) -> str:
    """The canonical text of ``report``: deterministic, and read back by :func:`~govinfo_report.parse`."""
    lines: list[str] = []
    if _agency_unprinted(report):
        # printed nowhere the reader takes it from (a notice's issuer above its title, a page's 发布机构
        # row): the canonical text carries it as the page metadata line real pages print
        lines.append(f"{labels.PUBLISHER_LABEL}:{report.agency}")
    if report.title:
        lines.append(report.title)
    lines.extend(_text_lines(report.preamble))
    tables = {k: getattr(report, k) for k in TABLE_KINDS if getattr(report, k) is not None}
    homes: dict[str, int] = {}
    for i, sec in enumerate(report.sections):
        if sec.kind in tables and sec.kind not in homes:
            homes[sec.kind] = i
    homeless = [k for k in tables if k not in homes]
    # A table without a section of its kind: the first is printed before any heading
    # (as excerpts that start mid-report print it); any other under a heading of its own.
    if homeless:
        lines.extend(render_table(homeless[0], tables[homeless[0]]))
    for i, sec in enumerate(report.sections):
        lines.append(_heading(sec))
        body = _text_lines(sec.text)
        if not body and sec.declared_none:
            body = [BARE_NONE]
        lines.extend(body)
        for kind, home in homes.items():
            if home == i:
                lines.extend(render_table(kind, tables[kind]))
    for kind in homeless[1:]:
        label = labels.SECTION_BY_KIND[kind]
        lines.append(_heading(Section(label.number, kind, "")))
        lines.extend(render_table(kind, tables[kind]))
    lines.extend(_signature(report))
    return "\n".join(lines) + "\n" if lines else ""
