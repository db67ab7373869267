"""A report drawn as the official form, its wrong cells marked: one self-contained HTML page.

The people who write and review these reports read the form, not a list of codes, so every
finding that names a cell is put on that cell (coloured by severity, with the message and the
expected value beside it), and every figure the prose states links to the cells it was compared
with. The page carries its own CSS and no script or external asset: it opens offline, from a mail
attachment or a file share, and shows the same thing everywhere.

All labels come from :mod:`govinfo_report.labels`; all report text goes through Jinja2's
autoescaping (a report that prints ``<script>`` shows it as text).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from . import labels
from .model import Cell, Finding, Number, Report, table_cells

__all__ = [
    "CellView",
    "Checked",
    "GridCell",
    "build_page",
    "carry_checks",
    "check_file",
    "render_compare",
    "render_error",
    "render_index",
    "render_report",
    "write_html",
]

TABLE_KINDS = ("active_disclosure", "applications", "review_litigation")
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


# ------------------------------------------------------------------ view model
@dataclass
class CellView:
    """One value cell of the form: what was printed, what is wrong with it, where it came from."""

    id: str
    raw: str | None  # None: the report does not print this cell
    findings: list[Finding] = field(default_factory=list)  # shown beside the cell
    marks: list[Finding] = field(default_factory=list)  # about its whole row or column: colour only
    expected: str | None = None
    line: int | None = None
    prose: list[str] = field(default_factory=list)  # ids of the prose figures compared with it
    previous: str | None = None  # year-over-year: last year's printed text
    changed: bool = False

    @property
    def severity(self) -> str | None:
        """The worst severity among the cell's findings (it decides the colour)."""
        found = [*self.findings, *self.marks]
        if not found:
            return None
        return min((f.severity for f in found), key=lambda s: SEVERITY_ORDER.get(s, 9))


@dataclass
class GridCell:
    """One ``<th>``/``<td>`` of a drawn table: official forms span rows and columns."""

    text: str = ""
    header: bool = True
    colspan: int = 1
    rowspan: int = 1
    cell: CellView | None = None


Grid = list[list[GridCell]]


@dataclass
class ProseView:
    """A figure the prose states, with the cells it was compared with."""

    id: str
    label: str
    value: int
    line: int | None
    cells: list[tuple[str, str]]  # (cell id, its labels)
    finding: Finding | None = None


@dataclass
class Checked:
    """One file as checked: its report (None when it could not be read), findings and text lines."""

    name: str
    report: Report | None
    findings: list[Finding] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    error: str | None = None


def _cell_id(table: str, row: str, column: str) -> str:
    return f"cell-{table}-{row}-{column}"


def _fmt(v: Number | None) -> str:
    return "" if v is None else str(v)


def _form(report: Report) -> str:
    """The form to draw: the report's own, the 2021 form when it has none of the two."""
    return report.format if report.format in ("2019", "2021") else "2021"


class _Cells:
    """The cell views of one report, made once so findings, prose links and the grid share them."""

    def __init__(self, report: Report, row_lines: dict[tuple[str, str], int]) -> None:
        self.report = report
        self.row_lines = row_lines
        self.views: dict[tuple[str, str, str], CellView] = {}

    def get(self, table: str, row: str, column: str) -> CellView:
        k = (table, row, column)
        view = self.views.get(k)
        if view is None:
            cell = _cell(self.report, table, row, column)
            view = CellView(
                _cell_id(table, row, column),
                cell.raw if cell is not None else None,
                line=self.row_lines.get((table, row)) if cell is not None else None,
            )
            self.views[k] = view
        return view


def _cell(report: Report, table: str, row: str, column: str) -> Cell | None:
    t = getattr(report, table, None)
    r = getattr(t, row, None) if t is not None else None
    c = getattr(r, column, None) if r is not None else None
    return c if isinstance(c, Cell) else None


def _val(report: Report, table: str, row: str, column: str) -> Number | None:
    c = _cell(report, table, row, column)
    return c.value if c is not None else None


def _sum(values: Iterable[Number | None]) -> Number | None:
    """The sum when every term is known; None otherwise (an unknown cell is not zero)."""
    total: Number = 0
    for v in values:
        if v is None:
            return None
        total += v
    return total


# ------------------------------------------------------------------ findings → cells
def _group_keys(group: str) -> tuple[str, ...]:
    return tuple(r.key for r in labels.APPLICATION_ROWS if r.group == group)


#: Prose figures that name no single row: the rows whose cells they were compared with.
_PROSE_ROWS: dict[str, tuple[str, ...]] = {
    "granted_or_partially": ("granted", "partially_granted"),
    "withheld": _group_keys("withheld"),
    "unavailable": _group_keys("unavailable"),
    "not_processed": _group_keys("not_processed"),
    "other_processed": ("other", *_group_keys("other_group")),
    "lawsuits": ("direct_suit", "post_review_suit"),
    **{f"lawsuits_{p}": ("direct_suit", "post_review_suit") for p in ("upheld", "corrected", "other", "pending")},
}
_BALANCE_ROWS = ("new_received", "carried_over", "total_processed", "carried_forward")


def _prose_cells(report: Report, name: str) -> list[tuple[str, str, str]]:
    """The printed cells a prose figure was compared with, as (table, row, column)."""
    from .validate import PROSE_CELL

    if name not in PROSE_CELL:
        return []
    table, row, column = PROSE_CELL[name]
    rows = (row,) if row is not None else _PROSE_ROWS.get(name, ())
    columns = (column,) if column is not None else labels.APPLICANT_KEYS[1:6]
    return [(table, r, c) for r in rows for c in columns if _cell(report, table, r, c) is not None]


def _targets(report: Report, f: Finding) -> list[tuple[str, str, str]]:
    """The cells a finding is about: the one it names, or the row/column/group it names."""
    if f.table not in TABLE_KINDS:
        return []
    if f.where.startswith("prose."):
        return _prose_cells(report, f.where.removeprefix("prose."))
    table = f.table
    assert table is not None
    if f.row is not None and f.column is not None:
        return [(table, f.row, f.column)]
    if f.row is not None:
        return [(table, f.row, c) for (r, c, _cell) in table_cells(getattr(report, table)) if r == f.row]
    if f.column is not None and table == "applications" and f.code == "balance-mismatch":
        return [(table, r, f.column) for r in _BALANCE_ROWS]
    if f.column is not None:
        return [(table, r, c) for (r, c, _cell) in table_cells(getattr(report, table)) if c == f.column]
    return []


def _expected(report: Report, f: Finding) -> tuple[tuple[str, str, str], str] | None:
    """The value a wrong cell should hold, where a rule determines it: (the cell, the value)."""
    from .validate import SIX_KEYS, outcome_keys

    if f.code == "row-total-mismatch" and f.row:
        s = _sum(_val(report, "applications", f.row, c) for c in SIX_KEYS)
        return (("applications", f.row, "total"), _fmt(s)) if s is not None else None
    if f.code == "review-total-mismatch" and f.row:
        s = _sum(_val(report, "review_litigation", f.row, k) for k in labels.REVIEW_OUTCOME_KEYS[:4])
        return (("review_litigation", f.row, "total"), _fmt(s)) if s is not None else None
    if f.code == "outcomes-sum-mismatch" and f.column and report.applications is not None:
        keys = outcome_keys(report.applications, report.format)
        s = _sum(_val(report, "applications", k, f.column) for k in keys)
        return (("applications", "total_processed", f.column), _fmt(s)) if s is not None else None
    # balance-mismatch names no cell to blame (any of four may be wrong): its message says the two sums
    if f.code == "prose-mismatch" and f.where.startswith("prose."):
        value = getattr(report.prose, f.where.removeprefix("prose."), None)
        cells = _targets(report, f)
        if value is None or len(cells) != 1:
            return None
        return cells[0], f"{value}(正文)"
    return None


# ------------------------------------------------------------------ the three forms
def _span_last(row: list[GridCell], width: int) -> list[GridCell]:
    used = sum(c.colspan for c in row)
    if used < width and row:
        row[-1].colspan += width - used
    return row


def _active_grid(report: Report, cells: _Cells) -> Grid:
    """Table 二 block by block (第二十条第(一)项 …), each with its 信息内容 header, as the form prints it."""
    from .render import CONTENT_HEADER

    form = _form(report)
    ad = report.active_disclosure
    width = 1 + max(len(cols) for (_cls, cols) in labels.ACTIVE_SHAPES.values())
    block_label = {b.key: b.label for b in labels.BLOCKS}
    grid: Grid = []
    current: tuple[str, str] | None = None
    for lab in labels.ACTIVE_ROWS:
        row = getattr(ad, lab.key, None) if ad is not None else None
        fmt = ("2019" if type(row).__name__.endswith("2019") else "2021") if row is not None else form
        if (lab.key, fmt) not in labels.ACTIVE_SHAPES:
            continue
        _cls, columns = labels.ACTIVE_SHAPES[(lab.key, fmt)]
        block = labels.ACTIVE_ROW_BLOCK[lab.key]
        if (block, fmt) != current:
            if current is None or current[0] != block:
                grid.append([GridCell(block_label[block], colspan=width)])
            grid.append(
                _span_last(
                    [GridCell(CONTENT_HEADER), *(GridCell(labels.ACTIVE_COLUMN_LABELS[(c, fmt)]) for c in columns)],
                    width,
                )
            )
            current = (block, fmt)
        names = labels.ACTIVE_ROW_LABELS_2019 if fmt == "2019" else labels.ACTIVE_ROW_LABELS
        out = [GridCell(names[lab.key])]
        out.extend(GridCell(header=False, cell=cells.get("active_disclosure", lab.key, c)) for c in columns)
        grid.append(_span_last(out, width))
    return grid


def _application_rows(report: Report) -> list[labels.AppRow]:
    """The rows of table 三 to draw: the report's form, and any row of the other form it prints."""
    form = _form(report)
    apps = report.applications

    def printed(key: str) -> bool:
        return apps is not None and getattr(apps, key) is not None

    other_2021 = [k for k in _group_keys("other_group") if k != "other"]
    out = []
    for r in labels.APPLICATION_ROWS:
        if printed(r.key):
            out.append(r)
        elif form in r.formats:
            if r.key in other_2021 and printed("other") and not any(printed(k) for k in other_2021):
                continue
            if r.key == "other" and any(printed(k) for k in other_2021):
                continue
            out.append(r)
    return out


def _applications_grid(report: Report, cells: _Cells) -> Grid:
    """Table 三 as the form: the 勾稽 note over three label columns, 申请人情况 over seven value columns,
    the result group and its sub-groups spanning their rows."""
    keys = labels.APPLICANT_KEYS
    grid: Grid = [
        [GridCell(labels.RULE_NOTE, colspan=3, rowspan=3), GridCell(labels.APPLICANTS_LABEL, colspan=len(keys))],
        [
            GridCell(labels.APPLICANT_LABELS["natural_person"], rowspan=2),
            GridCell(labels.ORGANISATION_LABEL, colspan=len(keys) - 2),
            GridCell(labels.APPLICANT_LABELS["total"], rowspan=2),
        ],
        [GridCell(labels.APPLICANT_LABELS[k]) for k in keys[1:-1]],
    ]
    rows = _application_rows(report)
    in_result = [r for r in rows if r.group is not None or r.key == "total_processed"]
    result_open = False
    group_open: str | None = None
    for r in rows:
        out: list[GridCell] = []
        if r in in_result:
            if not result_open:
                out.append(GridCell(labels.APPLICATION_GROUP_LABELS["result"], rowspan=len(in_result)))
                result_open = True
            sub = r.group if r.group not in (None, "result") else None
            if sub is not None and r.key != "other":
                if sub != group_open:
                    span = sum(1 for x in rows if x.group == sub and x.key != "other")
                    out.append(GridCell(labels.APPLICATION_GROUP_LABELS[sub], rowspan=span))
                out.append(GridCell(r.label))
            else:
                out.append(GridCell(r.label, colspan=2))
            group_open = sub
        else:
            out.append(GridCell(r.label, colspan=3))
        out.extend(GridCell(header=False, cell=cells.get("applications", r.key, k)) for k in keys)
        grid.append(out)
    return grid


def _review_grid(report: Report, cells: _Cells) -> Grid:
    """Table 四 as the form: 行政复议 and 行政诉讼 (its two kinds) over five outcomes each, one row of values."""
    outcomes = labels.REVIEW_OUTCOMES
    n = len(outcomes)
    suits = labels.REVIEW_GROUPS[1:]
    return [
        [
            GridCell(labels.REVIEW_GROUPS[0].label, colspan=n, rowspan=2),
            GridCell(labels.LITIGATION_LABEL, colspan=n * len(suits)),
        ],
        [GridCell(g.label, colspan=n) for g in suits],
        [GridCell(o.label) for _g in labels.REVIEW_GROUPS for o in outcomes],
        [
            GridCell(header=False, cell=cells.get("review_litigation", g.key, o.key))
            for g in labels.REVIEW_GROUPS
            for o in outcomes
        ],
    ]


# ------------------------------------------------------------------ where values came from
def _row_lines(report: Report, lines: Sequence[str]) -> dict[tuple[str, str], int]:
    """The line of the normalised text each printed row was read from (best effort: where the validator
    would point a finding about that row)."""
    from .validate import locate

    if not lines:
        return {}
    out: dict[tuple[str, str], int] = {}
    for kind in TABLE_KINDS:
        seen: set[str] = set()
        for row, _col, _cell in table_cells(getattr(report, kind)):
            if row in seen:
                continue
            seen.add(row)
            line = locate(
                Finding(code="row-locator", severity="info", message="", table=kind, row=row, column="total"), lines
            )
            if line is not None:
                out[(kind, row)] = line
    return out


# ------------------------------------------------------------------ the page
@dataclass
class Page:
    """Everything one report's page shows."""

    name: str
    report: Report
    form: str
    form_label: str
    tables: list[tuple[str, str, Grid]]  # (kind, Chinese title, grid)
    findings: list[tuple[Finding, int | None, str]]  # (finding, line, its cell id or "")
    prose: list[ProseView]
    counts: dict[str, int]
    line_count: int
    previous: Report | None = None
    carry: list[tuple[str, str, str, bool | None]] = field(default_factory=list)
    changed: int = 0


def build_page(checked: Checked, previous: Report | None = None) -> Page:
    """The view of one checked report (and, given last year's, the year-over-year marks)."""
    from .validate import locate

    report = checked.report
    assert report is not None
    lines = checked.lines
    cells = _Cells(report, _row_lines(report, lines))
    grids = {
        "active_disclosure": _active_grid(report, cells),
        "applications": _applications_grid(report, cells),
        "review_litigation": _review_grid(report, cells),
    }
    listed: list[tuple[Finding, int | None, str]] = []
    for f in sorted(checked.findings, key=lambda f: SEVERITY_ORDER.get(f.severity, 9)):
        targets = _targets(report, f)
        for i, t in enumerate(targets):  # a row's or column's finding is written once, on its first cell
            (cells.get(*t).findings if i == 0 else cells.get(*t).marks).append(f)
        exp = _expected(report, f)
        if exp is not None and cells.get(*exp[0]).expected is None:  # a sum rule (errors first) beats the prose
            cells.get(*exp[0]).expected = exp[1]
        line = f.line if f.line is not None else (locate(f, lines) if lines else None)
        anchor = cells.get(*targets[0]).id if targets else ""
        listed.append((f, line, anchor))
    prose = _prose_views(report, checked, cells)
    page = Page(
        name=checked.name,
        report=report,
        form=_form(report),
        form_label=labels.FORM_LABELS.get(report.format, report.format),
        tables=[(k, labels.TABLE_LABELS[k], grids[k]) for k in TABLE_KINDS],
        findings=listed,
        prose=prose,
        counts={s: sum(1 for f in checked.findings if f.severity == s) for s in SEVERITY_ORDER},
        line_count=len(lines),
    )
    if previous is not None:
        page.previous = previous
        page.carry = carry_checks(previous, report)
        for (table, row, column), view in cells.views.items():
            before = _cell(previous, table, row, column)
            view.previous = before.raw if before is not None else None
            now = _cell(report, table, row, column)
            a = before.value if before is not None else None
            b = now.value if now is not None else None
            view.changed = (a != b) and (before is not None or now is not None)
        page.changed = sum(1 for v in cells.views.values() if v.changed)
    return page


def _prose_views(report: Report, checked: Checked, cells: _Cells) -> list[ProseView]:
    from .prose import find_line

    wrong = {f.where.removeprefix("prose."): f for f in checked.findings if f.where.startswith("prose.")}
    out: list[ProseView] = []
    for name, value in report.prose.items():
        pid = f"prose-{name}"
        linked: list[tuple[str, str]] = []
        for t in _prose_cells(report, name):
            view = cells.get(*t)
            view.prose.append(pid)
            linked.append((view.id, _labels_of(report, *t)))
        line = find_line(name, checked.lines) if checked.lines else None
        out.append(ProseView(pid, labels.PROSE_LABELS.get(name, name), value, line, linked, wrong.get(name)))
    return out


def _labels_of(report: Report, table: str, row: str, column: str) -> str:
    from .validate import cell_labels

    fmt = _form(report)
    if table == "active_disclosure":
        r = getattr(report.active_disclosure, row, None)
        fmt = "2019" if type(r).__name__.endswith("2019") else "2021"
    row_label, column_label = cell_labels(table, row, column, fmt)
    return "/".join(p for p in (row_label, column_label) if p)


def carry_checks(previous: Report, current: Report) -> list[tuple[str, str, str, bool | None]]:
    """结转: for each applicant column, last year's 结转下年度继续办理 against this year's 上年结转
    (label, last year's text, this year's text, agree — None when either is not printed or empty)."""
    out: list[tuple[str, str, str, bool | None]] = []
    for col in labels.APPLICANT_KEYS:
        a = _cell(previous, "applications", "carried_forward", col)
        b = _cell(current, "applications", "carried_over", col)
        agree = None if a is None or b is None or a.value is None or b.value is None else a.value == b.value
        out.append(
            (labels.APPLICANT_FULL_LABELS[col], a.raw if a is not None else "", b.raw if b is not None else "", agree)
        )
    return out


# ------------------------------------------------------------------ templates
@lru_cache(maxsize=1)
def _env() -> Any:
    """The Jinja2 environment over the templates shipped in the package, autoescaping always on."""
    from .errors import require

    jinja2 = require("jinja2", "web")
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("govinfo_report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["SEVERITY_ZH"] = SEVERITY_ZH
    env.filters["date"] = lambda d: d.isoformat() if isinstance(d, dt.date) else ""
    return env


def _render(template: str, **context: Any) -> str:
    return str(_env().get_template(template).render(**context))


def render_error(name: str, error: str, *, back: str = "") -> str:
    """A page saying a file could not be read, and why (escaped like everything else)."""
    return _render("error.html.j2", name=name, error=error, back=back)


def render_report(
    checked: Checked, previous: Report | None = None, *, links: dict[str, str] | None = None, back: str = ""
) -> str:
    """One report's page (a parse error as a page of its own); ``links`` adds download links (the server's)."""
    if checked.report is None:
        return render_error(checked.name, checked.error or "", back=back)
    return _render("report.html.j2", page=build_page(checked, previous), links=links or {}, back=back)


def render_compare(previous: Checked, current: Checked, *, links: dict[str, str] | None = None, back: str = "") -> str:
    """The year-over-year page: this year's form with last year's values beside changed cells, and 结转 checked."""
    if current.report is None or previous.report is None:
        bad = current if current.report is None else previous
        return render_error(bad.name, bad.error or "", back=back)
    return render_report(current, previous.report, links=links, back=back)


def render_index(checked: Sequence[Checked]) -> str:
    """Several reports in one file: an index with each report's counts, then each report's page."""
    pages = [(c, build_page(c) if c.report is not None else None) for c in checked]
    return _render("index.html.j2", pages=pages)


# ------------------------------------------------------------------ files (the CLI's --html)
def check_file(path: str) -> Checked:
    """Read and validate one file as ``govinfo-report check`` does, keeping the text lines for locations."""
    from .validate.check import Places, _check_one

    res = _check_one(path)
    if res.report is None:
        line = f" (line {res.error_line})" if res.error_line else ""
        return Checked(path, None, [], [], f"{res.error}{line}")
    return Checked(path, res.report, list(res.findings), Places(path, res.doc).lines)


def write_html(paths: Sequence[str], output: str) -> int:
    """``check --html OUT``: one page for one file, an index page for several. Returns the files written."""
    checked = [check_file(p) for p in paths]
    html = render_report(checked[0]) if len(checked) == 1 else render_index(checked)
    with open(output, "w", encoding="utf-8") as fh:
        fh.write(html)
    return len(checked)
