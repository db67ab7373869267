"""Layout writers: a Report printed the ways real text extractors leave it, to test the parser on each.

:mod:`.render` prints one canonical layout, the one the grammars were built on. Real reports reach the parser
as pipe rows, a cell per line, lone pipes, plain cells, PDF text, HTML and Word tables with merged cells,
traditional script with pinyin readings — inside page chrome, with broken headers and text in value cells.
Each writer here prints a generated Report (:func:`govinfo_report.testing.reports`) one such way, so a
property can parse what was written and compare every cell with the Report it came from.

The pipeline is ``document(report)`` → damages → a layout → :func:`read_text` → ``parse``:

* :func:`document` turns a Report into a :class:`Doc`: its lines, and its tables as grids of the official
  forms (the 勾稽 note over three label columns, 法人或其他组织 over five, group labels spanning their rows),
  each value cell knowing which model cell it prints; every other line is the canonical text of
  :func:`.render.render`. Every label comes from :mod:`.labels`, through :mod:`.render` where render
  already spells the piece (headings, signature, 信息内容).
* A damage (:data:`DAMAGES`) changes the Doc the way real pages differ from the form, and returns the cells
  it made unreadable (only :func:`text_cells` makes any). Damages compose: apply several in turn.
* A layout (:data:`LAYOUTS`) prints a Doc (or a Report) as text, an HTML page or a Word file. Layouts that
  keep every cell's position are :data:`LOSSLESS`; the others drop empty cells, as PDF text and a cell per
  paragraph do, so a short row there does not say which columns its values are in.

Every choice (where a page breaks, which header is broken, which cells hold text) is drawn from a
``random.Random``, so a property test drives it with ``hypothesis.strategies.randoms()`` and shrinks it.
"""

from __future__ import annotations

import html as _html
import io
import itertools
import random
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import Literal, NamedTuple

from attrs import evolve, fields, frozen

from . import labels
from .model import (
    ActiveDisclosure,
    Applications,
    Cell,
    Report,
    ReviewLitigation,
    Section,
)
from .render import CONTENT_HEADER, TABLE_KINDS, pipe_row, render, render_table
from .render import _heading as _section_heading
from .render import _signature as _signature_lines

__all__ = [
    "DAMAGES",
    "LAYOUTS",
    "LOSSLESS",
    "TEXT_LAYOUTS",
    "TEXT_TOKENS",
    "CellRef",
    "Doc",
    "Grid",
    "GridCell",
    "Line",
    "Written",
    "broken_headers",
    "cell_per_line",
    "cell_texts",
    "chrome",
    "document",
    "docx",
    "html",
    "is_lossless",
    "lone_pipes",
    "no_headings",
    "pdf_text",
    "pipe_rows",
    "plain_cells",
    "read_text",
    "text_cells",
    "traditional",
    "trailer",
    "write",
]

#: (table, row, column) of a model cell; in table 四 the row is the group (review, direct_suit …).
CellRef = tuple[str, str, str]
Role = Literal["head", "label", "value"]
LineRole = Literal["title", "text", "heading", "signature", "chrome", "trailer"]


# ------------------------------------------------------------------ the document model
@frozen
class GridCell:
    """One cell of a table as the form prints it: spans as in the official form.

    ``text`` holds ``\\n`` where a header cell is broken over two lines. A value cell names the model cell
    it prints (``ref``); ``printed=False`` is a cell the report does not print (a row cut short).
    """

    text: str
    role: Role = "head"
    rowspan: int = 1
    colspan: int = 1
    ref: CellRef | None = None
    printed: bool = True


@frozen
class Grid:
    """A table: its kind (a table kind of :mod:`.render`, or ``chrome`` for a page's metadata table),
    its width in grid columns and its rows, each row its cells in order (slots a span covers omitted)."""

    kind: str
    width: int
    rows: tuple[tuple[GridCell, ...], ...]


@frozen
class Line:
    """A line of text outside the tables; ``section`` is the section number a heading or text line is in."""

    text: str
    role: LineRole = "text"
    section: int | None = None


Block = Line | Grid


@frozen
class Doc:
    """A report as blocks in printed order, plus what layouts print beside it (a PDF's running head)."""

    blocks: tuple[Block, ...]
    title: str | None = None
    year: int | None = None
    published: str | None = None


class Written(NamedTuple):
    """What a layout wrote: text, an HTML page (str) or a Word file (bytes)."""

    kind: Literal["text", "html", "docx"]
    data: str | bytes


# ------------------------------------------------------------------ Report → Doc
_SHAPE_FORMAT: dict[tuple[str, str], str] = {
    (key, cls_name): fmt for (key, fmt), (cls_name, _cols) in labels.ACTIVE_SHAPES.items()
}
_BLOCK_LABEL = {b.key: b.label for b in labels.BLOCKS}
_ACTIVE_WIDTH = 1 + max(len(cols) for _cls, cols in labels.ACTIVE_SHAPES.values())
_APP_LABEL_COLUMNS = 3  # 三、本年度办理结果 | (三)不予公开 | 1.属于国家秘密
_ORG_KEYS = labels.APPLICANT_KEYS[1:-1]
_RESULT_ROWS = frozenset(r.key for r in labels.APPLICATION_ROWS if r.group is not None or r.key == "total_processed")


def _value(cell: Cell | None, ref: CellRef, colspan: int = 1) -> GridCell:
    return GridCell(cell.raw if cell is not None else "", "value", 1, colspan, ref, cell is not None)


def _row_values(row: object) -> list[tuple[str, Cell | None]]:
    return [(f.name, getattr(row, f.name)) for f in fields(type(row))]  # type: ignore[arg-type]


def _active_grid(table: ActiveDisclosure) -> Grid:
    """Table 二 as the form prints it: per block its label over the width, 信息内容 and the columns, its rows."""
    width = _ACTIVE_WIDTH
    rows: list[tuple[GridCell, ...]] = []
    current: tuple[str, str] | None = None
    for lab in labels.ACTIVE_ROWS:
        row = getattr(table, lab.key)
        if row is None:
            continue
        fmt = _SHAPE_FORMAT[(lab.key, type(row).__name__)]
        _cls, columns = labels.ACTIVE_SHAPES[(lab.key, fmt)]
        pad = width - 1 - len(columns)  # the last column spans what the block's columns leave
        spans = [1 + (pad if i == len(columns) - 1 else 0) for i in range(len(columns))]
        block = labels.ACTIVE_ROW_BLOCK[lab.key]
        if (block, fmt) != current:
            current = (block, fmt)
            rows.append((GridCell(_BLOCK_LABEL[block], colspan=width),))
            rows.append(
                (
                    GridCell(CONTENT_HEADER),
                    *(
                        GridCell(labels.ACTIVE_COLUMN_LABELS[(c, fmt)], colspan=s)
                        for c, s in zip(columns, spans, strict=True)
                    ),
                )
            )
        row_labels = labels.ACTIVE_ROW_LABELS_2019 if fmt == "2019" else labels.ACTIVE_ROW_LABELS
        rows.append(
            (
                GridCell(row_labels[lab.key], "label"),
                *(
                    _value(getattr(row, c), ("active_disclosure", lab.key, c), s)
                    for c, s in zip(columns, spans, strict=True)
                ),
            )
        )
    return Grid("active_disclosure", width, tuple(rows))


def _applications_grid(table: Applications) -> Grid:
    """Table 三 as the form prints it: the 勾稽 note over three label columns and three header rows,
    三、本年度办理结果 and (三)…(六) spanning the rows they group."""
    width = _APP_LABEL_COLUMNS + len(labels.APPLICANT_KEYS)
    names = labels.APPLICANT_LABELS
    rows: list[tuple[GridCell, ...]] = [
        (
            GridCell(labels.RULE_NOTE, rowspan=3, colspan=_APP_LABEL_COLUMNS),
            GridCell(labels.APPLICANTS_LABEL, colspan=len(labels.APPLICANT_KEYS)),
        ),
        (
            GridCell(names["natural_person"], rowspan=2),
            GridCell(labels.ORGANISATION_LABEL, colspan=len(_ORG_KEYS)),
            GridCell(names["total"], rowspan=2),
        ),
        tuple(GridCell(names[k]) for k in _ORG_KEYS),
    ]
    printed = [(r, getattr(table, r.key)) for r in labels.APPLICATION_ROWS if getattr(table, r.key) is not None]
    n_result = sum(1 for r, _row in printed if r.key in _RESULT_ROWS)
    group_rows: dict[str, int] = {}
    for r, _row in printed:
        if r.group not in (None, "result") and labels.APPLICATION_GROUP_LABELS[r.group] != r.label:
            group_rows[r.group] = group_rows.get(r.group, 0) + 1
    result_open = False
    group_open: str | None = None
    for r, row in printed:
        cells: list[GridCell] = []
        in_result = r.key in _RESULT_ROWS
        if in_result and not result_open:
            result_open = True
            cells.append(GridCell(labels.APPLICATION_GROUP_LABELS["result"], "label", rowspan=n_result))
        grouped = r.group is not None and r.group in group_rows
        if r.group is not None and grouped and r.group != group_open:
            cells.append(GridCell(labels.APPLICATION_GROUP_LABELS[r.group], "label", rowspan=group_rows[r.group]))
        group_open = r.group
        span = 1 if grouped else (_APP_LABEL_COLUMNS - 1 if in_result else _APP_LABEL_COLUMNS)
        cells.append(GridCell(r.label, "label", colspan=span))
        cells.extend(_value(c, ("applications", r.key, k)) for k, c in _row_values(row))
        rows.append(tuple(cells))
    return Grid("applications", width, tuple(rows))


def _review_grid(table: ReviewLitigation) -> Grid:
    """Table 四 as the form prints it: 行政复议 over five columns, 行政诉讼 over ten and its two kinds over
    five each, the review's outcomes spanning two header rows, then the row of fifteen values."""
    outcomes = [o.label for o in labels.REVIEW_OUTCOMES]
    n = len(outcomes)
    groups = labels.REVIEW_GROUP_LABELS
    values: list[GridCell] = []
    for g in labels.REVIEW_GROUP_KEYS:
        group = getattr(table, g)
        for o in labels.REVIEW_OUTCOME_KEYS:
            values.append(_value(getattr(group, o) if group is not None else None, ("review_litigation", g, o)))
    rows = (
        (GridCell(groups["review"], colspan=n), GridCell(labels.LITIGATION_LABEL, colspan=2 * n)),
        (
            *(GridCell(o, rowspan=2) for o in outcomes),
            GridCell(groups["direct_suit"], colspan=n),
            GridCell(groups["post_review_suit"], colspan=n),
        ),
        tuple(GridCell(o) for o in outcomes * 2),
        tuple(values),
    )
    return Grid("review_litigation", 3 * n, rows)


def table_grid(kind: str, table: object) -> Grid:
    """The grid of one of the three tables, by its kind."""
    if kind == "active_disclosure":
        assert isinstance(table, ActiveDisclosure)
        return _active_grid(table)
    if kind == "applications":
        assert isinstance(table, Applications)
        return _applications_grid(table)
    assert isinstance(table, ReviewLitigation)
    return _review_grid(table)


def document(report: Report) -> Doc:
    """The report as :func:`.render.render` prints it, each table's lines replaced by its grid.

    Starting from the canonical text keeps every line render prints (title, preamble, page metadata,
    headings, statements of none, signature) where render puts it; only the tables are re-drawn as the
    official forms, and lines get the role damages look for (a heading and the text of its section).
    """
    text = render(report)
    lines = text.split("\n")[:-1] if text else []
    runs = {k: render_table(k, getattr(report, k)) for k in TABLE_KINDS if getattr(report, k) is not None}
    headings = [(_section_heading(s), s.number) for s in report.sections]
    headings += [
        (_section_heading(Section(labels.SECTION_BY_KIND[k].number, k, "")), labels.SECTION_BY_KIND[k].number)
        for k in runs
        if not any(s.kind == k for s in report.sections)
    ]
    signature = _signature_lines(report)
    sign_from = len(lines) - len(signature) if signature and lines[-len(signature) :] == signature else len(lines)
    blocks: list[Block] = []
    section: int | None = None
    title_seen = False
    i = 0
    while i < len(lines):
        kind = next((k for k, run in runs.items() if lines[i : i + len(run)] == run), None)
        if kind is not None:
            blocks.append(table_grid(kind, getattr(report, kind)))
            i += len(runs.pop(kind))
            continue
        line = lines[i]
        if i >= sign_from:
            blocks.append(Line(line, "signature"))
        elif not title_seen and line == report.title:
            title_seen = True
            blocks.append(Line(line, "title"))
        elif headings and line == headings[0][0]:
            section = headings.pop(0)[1]
            blocks.append(Line(line, "heading", section))
        else:
            blocks.append(Line(line, "text", section))
        i += 1
    if runs:  # pragma: no cover - render prints every table
        raise ValueError(f"tables not found in the canonical text: {sorted(runs)}")
    published = report.published.isoformat() if report.published else None
    return Doc(tuple(blocks), report.title, report.year, published)


def _doc(source: Report | Doc) -> Doc:
    return source if isinstance(source, Doc) else document(source)


def _rng(rng: random.Random | None) -> random.Random:
    return rng if rng is not None else random.Random(0)


def cell_texts(doc: Doc) -> dict[CellRef, str]:
    """The text each printed value cell of a Doc holds (what a damage put there, or the cell's raw)."""
    return {
        c.ref: c.text
        for b in doc.blocks
        if isinstance(b, Grid)
        for row in b.rows
        for c in row
        if c.ref is not None and c.printed
    }


# ------------------------------------------------------------------ grid helpers
def _trimmed(row: Sequence[GridCell]) -> list[GridCell]:
    """A row without the cells it does not print at its end (a row cut short prints fewer cells)."""
    end = len(row)
    while end and not row[end - 1].printed:
        end -= 1
    return list(row[:end])


def _is_head(row: Sequence[GridCell]) -> bool:
    return all(c.role == "head" for c in row)


def _positions(grid: Grid) -> list[list[tuple[int, GridCell]]]:
    """Each row's cells with the grid column they start in (the HTML table model: a slot a row span
    from above takes pushes the next cell right)."""
    taken: set[tuple[int, int]] = set()
    out: list[list[tuple[int, GridCell]]] = []
    for r, row in enumerate(grid.rows):
        c = 0
        placed = []
        for cell in row:
            while (r, c) in taken:
                c += 1
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            placed.append((c, cell))
            c += cell.colspan
        out.append(placed)
    return out


def _fragments(text: str) -> list[str]:
    return text.split("\n")


# ------------------------------------------------------------------ layouts: text
def pipe_rows(
    source: Report | Doc, rng: random.Random | None = None, *, leading: bool | None = None, filler: bool | None = None
) -> Written:
    """A table row per line, ``a | b | c |`` (v015 v019 v048): optionally with a leading ``| `` on every row
    (m019) and the merged header slots as a trailing run of pipes (``第二十条第(一)项 | |||``). Lossless:
    an empty cell is the nothing between two pipes; a broken header cell breaks the line where it breaks."""
    doc, rng = _doc(source), _rng(rng)
    leading = rng.random() < 0.3 if leading is None else leading
    filler = rng.random() < 0.5 if filler is None else filler
    out: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Line):
            out.append(block.text)
            continue
        for row in block.rows:
            cells = _trimmed(row)
            line = pipe_row(c.text for c in cells)
            covered = sum(c.colspan for c in cells) - len(cells)
            if filler and _is_head(row) and covered:
                line += " " + "|" * covered
            out.append(("| " if leading else "") + line)
    return Written("text", "\n".join(out) + "\n")


def _cell_lines(doc: Doc, lines_of: Callable[[GridCell], list[str]]) -> Written:
    """Text lines as they are, and each table cell as the lines ``lines_of`` writes for it, in grid order:
    the layouts that give every cell lines of its own differ only in those lines."""
    out: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Line):
            out.append(block.text)
            continue
        for row in block.rows:
            for cell in _trimmed(row):
                out.extend(lines_of(cell))
    return Written("text", "\n".join(out) + "\n")


def cell_per_line(source: Report | Doc, rng: random.Random | None = None) -> Written:
    """A cell per line, each closed by `` |`` (seed 003, v018), an empty cell as a bare ``|``, and a run of
    pipes after a merged cell where the slots it covers were (``|||``). Lossless."""

    def lines_of(cell: GridCell) -> list[str]:
        frags = _fragments(cell.text)
        lines = [*frags[:-1], f"{frags[-1]} |" if frags[-1] else "|"]
        if cell.colspan > 1:
            lines.append("|" * max(2, cell.colspan - 1))  # one pipe alone would be an empty cell
        return lines

    return _cell_lines(_doc(source), lines_of)


def lone_pipes(source: Report | Doc, rng: random.Random | None = None) -> Written:
    """A cell's text on its line(s), the pipe closing it on the next (m030); an empty cell is a lone ``|``
    line with no text before it (v048). Lossless."""
    return _cell_lines(_doc(source), lambda cell: [*(f for f in _fragments(cell.text) if f), "|"])


def plain_cells(source: Report | Doc, rng: random.Random | None = None) -> Written:
    """One cell per paragraph, blank lines between, no pipes (v044 v050 v051). An empty cell leaves no
    trace, so this layout DROPS EMPTY CELLS; a broken header's halves are two paragraphs or two lines."""
    doc, rng = _doc(source), _rng(rng)
    paras: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Line):
            paras.append(block.text)
            continue
        for row in block.rows:
            for cell in _trimmed(row):
                frags = [f for f in _fragments(cell.text) if f]
                if not frags:
                    continue
                if len(frags) > 1 and rng.random() < 0.5:
                    paras.extend(frags)
                else:
                    paras.append("\n".join(frags))
    return Written("text", "\n\n".join(paras) + "\n")


def _stack(texts: Sequence[str], width: int) -> list[str]:
    """Header labels as PDF text leaves narrow columns: each label cut into pieces of ``width`` characters
    (or at its own breaks), and line i holding the i-th piece of every label that has one (QUIRKS §3)."""
    pieces = []
    for t in texts:
        frags = [f for f in _fragments(t) if f]
        if width:
            frags = [f[i : i + width] for f in frags for i in range(0, len(f), width)]
        pieces.append(frags)
    depth = max((len(p) for p in pieces), default=0)
    return [" ".join(p[i] for p in pieces if i < len(p)) for i in range(depth)]


def _wrap(text: str, width: int) -> list[str]:
    return [text[i : i + width] for i in range(0, len(text), width)] or [""]


def _pdf_head(grid: Grid, row_index: int, row: Sequence[GridCell], rng: random.Random) -> list[str]:
    """A header row of PDF text: labels side by side, broken ones stacked, the long 勾稽 note wrapped."""
    if grid.kind == "applications":
        lines: list[str] = []
        texts = [c.text for c in row]
        if texts and len(texts[0]) > 30:
            lines.extend(_wrap(texts[0].replace("\n", ""), rng.choice((18, 22, 26))))
            texts = texts[1:]
        width = rng.choice((0, 2, 4)) if row_index > 0 else 0
        return lines + _stack(texts, width)
    return _stack([c.text for c in row], 0)


def _pdf_review(grid: Grid, rng: random.Random) -> list[list[str]]:
    """Table 四 in PDF text: the group labels, the two kinds of suit, the fifteen outcome labels stacked a
    character a line (结 结 其 尚 总 …), then the values separated by spaces; a list of lines per row."""
    head = [row for row in grid.rows if _is_head(row)]
    out: list[list[str]] = [_stack([c.text for c in head[0]], 0)] if head else []
    kinds = [c for row in head[1:] for c in row if c.colspan > 1]
    outcomes = [c for row in head[1:] for c in row if c.colspan == 1]
    if kinds:
        out.append(_stack([c.text for c in kinds], 0))
    if outcomes:
        out.append(_stack([c.text.replace("\n", "") for c in outcomes], 1))
    for row in grid.rows:
        if not _is_head(row):
            out.append([" ".join(c.text for c in _trimmed(row) if c.text)])
    return out


def _pdf_rows(grid: Grid, rng: random.Random) -> list[list[str]]:
    """The lines of a table in PDF text, grouped by table row; header rows come first."""
    if grid.kind == "review_litigation":
        return _pdf_review(grid, rng)
    out: list[list[str]] = []
    for i, row in enumerate(grid.rows):
        if _is_head(row):
            out.append(_pdf_head(grid, i, row, rng))
            continue
        names = [c.text for c in row if c.role != "value"]
        values = [c.text for c in _trimmed(row) if c.role == "value" and c.text]
        lines: list[str] = []
        if len(names) > 1 and rng.random() < 0.5:
            lines.extend(names[:-1])  # a group label on its own line, above its first row
            names = names[-1:]
        label = " ".join(n.replace("\n", "") for n in names)
        if values and len(label) > 24 and rng.random() < 0.5:
            lines.extend([label, " ".join(values)])  # a long label, its numbers on the next line
        else:
            lines.append(" ".join([label, *values]))
        out.append(lines)
    return out


def pdf_text(source: Report | Doc, rng: random.Random | None = None) -> Written:
    """PDF text (m004, seed 013): a row's label then its numbers separated by spaces, header labels side by
    side or stacked in columns, table 四's outcomes a character a line, and at a page break inside a table
    the page number (``- 3 -``) and the running head (the report's title). DROPS EMPTY CELLS."""
    doc, rng = _doc(source), _rng(rng)
    page = rng.randint(1, 5)
    out: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Line):
            out.append(block.text)
            continue
        rows = _pdf_rows(block, rng)
        # a page breaks between two data rows or above the first (a header is kept on its page)
        heads = sum(1 for row in block.rows if _is_head(row)) if block.kind != "review_litigation" else len(rows) - 1
        data = range(max(heads, 1), len(rows))
        brk = rng.choice(data) if data and block.kind != "chrome" and rng.random() < 0.6 else -1
        for i, lines in enumerate(rows):
            if i == brk:
                out.append(f"- {page} -")
                page += 1
                if doc.title:
                    out.append(doc.title)
            out.extend(lines)
    return Written("text", "\n".join(out) + "\n")


# ------------------------------------------------------------------ layouts: files
def _esc(text: str) -> str:
    return "<br>".join(_html.escape(f) for f in _fragments(text))


def _html_table(grid: Grid) -> str:
    rows = []
    for row in grid.rows:
        tds = []
        for cell in _trimmed(row):
            span = (f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else "") + (
                f' colspan="{cell.colspan}"' if cell.colspan > 1 else ""
            )
            tds.append(f"<td{span}>{_esc(cell.text)}</td>")
        rows.append("<tr>" + "".join(tds) + "</tr>")
    return '<table border="1" cellspacing="0">\n<tbody>\n' + "\n".join(rows) + "\n</tbody>\n</table>"


def _split_chrome(doc: Doc) -> tuple[list[Block], list[Block], list[Block]]:
    """(page chrome before the report, the report, trailer after it)."""
    blocks = list(doc.blocks)
    start = 0
    while start < len(blocks) and _is_chrome_block(blocks[start]):
        start += 1
    end = len(blocks)
    while end > start and _is_trailer_block(blocks[end - 1]):
        end -= 1
    return blocks[:start], blocks[start:end], blocks[end:]


def _is_trailer_block(block: Block) -> bool:
    return isinstance(block, Line) and block.role == "trailer"


def _is_chrome_block(block: Block) -> bool:
    return (isinstance(block, Grid) and block.kind == "chrome") or (isinstance(block, Line) and block.role == "chrome")


def _html_blocks(blocks: Iterable[Block]) -> list[str]:
    out = []
    for b in blocks:
        if isinstance(b, Grid):
            out.append(_html_table(b))
        elif b.role == "title":
            out.append(f"<h1>{_esc(b.text)}</h1>")
        else:
            style = ' style="text-align:right"' if b.role == "signature" else ""
            out.append(f"<p{style}>{_esc(b.text)}</p>")
    return out


def html(source: Report | Doc, rng: random.Random | None = None) -> Written:
    """The report as a web page: paragraphs, and real ``<table>`` elements with the rowspan/colspan of the
    official forms; chrome and trailer outside the article. Read back through the HTML adapter. Lossless."""
    doc = _doc(source)
    before, body, after = _split_chrome(doc)
    title = f"<title>{_html.escape(doc.title)}</title>" if doc.title else ""
    parts = [
        "<!DOCTYPE html>",
        '<html><head><meta charset="utf-8">' + title + "</head><body>",
        *(f"<div>{b}</div>" for b in _html_blocks(before)),
        '<div class="TRS_Editor">',
        *_html_blocks(body),
        "</div>",
        *(f"<div>{b}</div>" for b in _html_blocks(after)),
        "</body></html>",
    ]
    return Written("html", "\n".join(parts) + "\n")


def _docx_table(document_: object, grid: Grid) -> None:
    table = document_.add_table(rows=len(grid.rows), cols=grid.width)  # type: ignore[attr-defined]
    for r, placed in enumerate(_positions(grid)):
        row = grid.rows[r]
        keep = len(_trimmed(row))
        for i, (c, cell) in enumerate(placed):
            target = table.cell(r, c)
            if cell.rowspan > 1 or cell.colspan > 1:
                target = target.merge(table.cell(r + cell.rowspan - 1, c + cell.colspan - 1))
            if i >= keep:
                continue
            frags = _fragments(cell.text)
            target.paragraphs[0].text = frags[0]
            for f in frags[1:]:
                target.add_paragraph(f)


def docx(source: Report | Doc, rng: random.Random | None = None) -> Written:
    """The report as a Word file (python-docx): paragraphs, and tables whose header and group cells are
    merged as in the official forms. Read back through the docx adapter. Lossless."""
    import docx as _docx

    doc = _doc(source)
    document_ = _docx.Document()
    for block in doc.blocks:
        if isinstance(block, Grid):
            _docx_table(document_, block)
        else:
            frags = _fragments(block.text)
            p = document_.add_paragraph(frags[0])
            for f in frags[1:]:
                p.add_run().add_break()
                p.add_run(f)
    buf = io.BytesIO()
    document_.save(buf)
    return Written("docx", buf.getvalue())


# ------------------------------------------------------------------ traditional script
@lru_cache(maxsize=1)
def _s2t() -> object:
    import opencc

    return opencc.OpenCC("s2t")


_TONE_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü")


def _reading(char: str) -> str | None:
    """The tone-marked reading of one character (``報`` → ``bào``), or None when pypinyin has none."""
    from pypinyin import Style, lazy_pinyin

    syllable = lazy_pinyin(char, style=Style.TONE)[0]
    if syllable == char or not syllable or not set(syllable) <= _TONE_LETTERS or len(syllable) > 7:
        return None
    return syllable


def traditional(source: Report | Doc, rng: random.Random | None = None, base: str = "pipe_rows") -> Written:
    """A text layout in traditional script (OpenCC ``s2t``), a mirror site's copy: a tone-marked reading
    after many of the characters whose form differs from simplified, inside cells too (``報(bào)告``,
    ``項(xiàng) |``), the same word read in one place and bare in another (QUIRKS §1b). Lossless as ``base``."""
    rng = _rng(rng)
    written = LAYOUTS[base](_doc(source), rng)
    if written.kind != "text":
        raise ValueError(f"traditional converts a text layout, not {base!r}")
    assert isinstance(written.data, str)
    simplified = written.data
    converted: str = _s2t().convert(simplified)  # type: ignore[attr-defined]
    aligned = len(converted) == len(simplified)
    out: list[str] = []
    for i, ch in enumerate(converted):
        out.append(ch)
        changed = ch != simplified[i] if aligned else "\u4e00" <= ch <= "\u9fff"
        if changed and rng.random() < 0.5:
            reading = _reading(ch)
            if reading:
                out.append(f"({reading})")
    return Written("text", "".join(out))


# ------------------------------------------------------------------ reading back
def read_text(written: Written) -> str:
    """The text the parser reads from what a layout wrote: HTML and Word through the package's adapters,
    chosen by content as :func:`govinfo_report.parse_file` chooses them."""
    if written.kind == "text":
        assert isinstance(written.data, str)
        return written.data
    from .adapters import text_from_bytes

    data = written.data.encode("utf-8") if isinstance(written.data, str) else written.data
    return text_from_bytes(data, "report.html" if written.kind == "html" else "report.docx")


# ------------------------------------------------------------------ damages
#: What real reports print in value cells instead of a number: references, ratios, words of none, dashes,
#: fractions, scientific notation, a unit in parentheses, footnote marks, a quote mark fused between digits.
TEXT_TOKENS: tuple[str, ...] = (
    "见附件", "详见附表", "0/0", "无", "暂无", "不适用", "n/a", "——", "½", "1e5", "0(件)", "3*", "注1", "1“2",
)  # fmt: skip


def _map_cells(doc: Doc, fn: Callable[[Grid, int, int, GridCell], GridCell]) -> Doc:
    blocks: list[Block] = []
    for b in doc.blocks:
        if isinstance(b, Grid):
            rows = tuple(tuple(fn(b, r, i, c) for i, c in enumerate(row)) for r, row in enumerate(b.rows))
            b = evolve(b, rows=rows)
        blocks.append(b)
    return evolve(doc, blocks=tuple(blocks))


def text_cells(doc: Doc, rng: random.Random | None = None) -> tuple[Doc, frozenset[CellRef]]:
    """Text in one to three printed value cells (:data:`TEXT_TOKENS`). Those cells are unreadable: they must
    come back as ``value=None`` with their text kept and a finding on their row; no other cell may change."""
    rng = _rng(rng)
    refs = sorted(cell_texts(doc))
    if not refs:
        return doc, frozenset()
    chosen = rng.sample(refs, rng.randint(1, min(3, len(refs))))
    tokens = {ref: rng.choice(TEXT_TOKENS) for ref in chosen}

    def put(_g: Grid, _r: int, _i: int, c: GridCell) -> GridCell:
        return evolve(c, text=tokens[c.ref]) if c.ref in tokens else c

    return _map_cells(doc, put), frozenset(chosen)


#: Notes some forms print inside header cells, in parentheses.
_INSTRUCTIONS: tuple[str, ...] = ("(单位:件)", "(截至12月31日)", "(按实际数填写)")
#: The note 本年增/减 carries in some forms (v015): a number inside a header.
_SIGN_NOTE = "(减少用负值表示,如-8)"
#: What 本年制发件数 and 本年废止件数 share: the words a form may replace by the year (2021年制发件数).
_THIS_YEAR = "".join(
    a
    for a, _b in itertools.takewhile(
        lambda ab: ab[0] == ab[1],
        zip(
            labels.ACTIVE_COLUMN_LABELS[("issued", "2021")],
            labels.ACTIVE_COLUMN_LABELS[("repealed", "2021")],
            strict=False,
        ),
    )
)
_HEADER_LABELS = frozenset(
    {
        *labels.ACTIVE_COLUMN_LABELS.values(),
        *labels.APPLICANT_LABELS.values(),
        *labels.REVIEW_GROUP_LABELS.values(),
        *labels.REVIEW_OUTCOME_LABELS.values(),
        labels.ORGANISATION_LABEL,
        labels.APPLICANTS_LABEL,
        labels.LITIGATION_LABEL,
        CONTENT_HEADER,
    }
)
_CHANGE_LABEL = labels.ACTIVE_COLUMN_LABELS[("change", "2019")]
#: Column headers of counts: a unit note such as (单位:件) fits them, not an amount's header.
_COUNT_HEADERS = frozenset(v for (k, _fmt), v in labels.ACTIVE_COLUMN_LABELS.items() if k not in labels.AMOUNT_COLUMNS)


def _wrappable(fragment: str) -> bool:
    """A header fragment a reader still sees as header text: not a number alone (``2021`` of 2021年…)."""
    return labels.classify_value(fragment)[0] == "text" and not fragment[-1:].isdigit()


def _break(text: str, rng: random.Random) -> str:
    """A header label broken over two lines at a point a narrow column could wrap it (本年新 / 制作数量)."""
    points = [k for k in range(2, len(text) - 1) if _wrappable(text[:k]) and _wrappable(text[k:])]
    if not points:
        return text  # too short: a column wraps between words, never inside or around a lone number
    k = rng.choice(points)
    return text[:k] + "\n" + text[k:]


def _split_row(grid: Grid, r: int) -> Grid:
    """A header row typed as two rows: each cell's first line above, its second below (an empty fragment
    where a cell has no second line, ``| |``); cells whose row span covers the row (from above, or from
    this row down) grow by one and keep their text whole."""
    rows = [list(row) for row in grid.rows]
    placed = _positions(grid)
    for rr in range(r):
        for i, (_c, cell) in enumerate(placed[rr]):
            if rr + cell.rowspan > r:
                rows[rr][i] = evolve(cell, rowspan=cell.rowspan + 1)
    top, bottom = [], []
    for cell in grid.rows[r]:
        if cell.rowspan > 1:  # it spans the rows below too: it grows by one, its text stays in it
            top.append(evolve(cell, rowspan=cell.rowspan + 1))
            continue
        head, _, tail = cell.text.partition("\n")
        top.append(evolve(cell, text=head))
        bottom.append(evolve(cell, text=tail))
    rows[r : r + 1] = [top, bottom]
    return evolve(grid, rows=tuple(tuple(row) for row in rows))


def broken_headers(doc: Doc, rng: random.Random | None = None) -> tuple[Doc, frozenset[CellRef]]:
    """Header cells as real forms print them: broken over two lines inside the cell (本年新 / 制作数量,
    商业 / 企业) or a header row typed as two rows with empty fragments, a note in parentheses after a header
    (本年增/减(减少用负值表示,如-8)), 本年 replaced by the year (2021年制发件数). Values are untouched."""
    rng = _rng(rng)
    year = f"{doc.year}年" if doc.year else ""
    p_break = rng.choice((0.3, 0.6, 1.0))

    def damage(g: Grid, _r: int, _i: int, c: GridCell) -> GridCell:
        if g.kind not in TABLE_KINDS or c.role != "head" or c.text not in _HEADER_LABELS:
            return c
        text = c.text
        if text == _CHANGE_LABEL and rng.random() < 0.5:
            text += _SIGN_NOTE
        elif text in _COUNT_HEADERS and rng.random() < 0.2:
            text += rng.choice(_INSTRUCTIONS)
        if year and _THIS_YEAR and text.startswith(_THIS_YEAR) and rng.random() < 0.3:
            text = year + text[len(_THIS_YEAR) :]
        if rng.random() < p_break:
            text = _break(text, rng)
        return evolve(c, text=text)

    doc = _map_cells(doc, damage)
    if rng.random() < 0.5:
        blocks = []
        for b in doc.blocks:
            if isinstance(b, Grid) and b.kind in TABLE_KINDS:
                broken = [r for r, row in enumerate(b.rows) if _is_head(row) and any("\n" in c.text for c in row)]
                if broken and rng.random() < 0.5:
                    b = _split_row(b, rng.choice(broken))
            blocks.append(b)
        doc = evolve(doc, blocks=tuple(blocks))
    return doc, frozenset()


_TABLE_SECTIONS = frozenset(labels.SECTION_BY_KIND[k].number for k in TABLE_KINDS)


def no_headings(doc: Doc, rng: random.Random | None = None) -> tuple[Doc, frozenset[CellRef]]:
    """Sections 二、三、四 without their headings and text, so their tables run back to back (an excerpt
    that kept only the tables)."""
    kept = tuple(
        b
        for b in doc.blocks
        if not (isinstance(b, Line) and b.role in ("heading", "text") and b.section in _TABLE_SECTIONS)
    )
    return evolve(doc, blocks=kept), frozenset()


def chrome(doc: Doc, rng: random.Random | None = None) -> tuple[Doc, frozenset[CellRef]]:
    """Page chrome before the title: a breadcrumb, an 索引号 metadata table, a login bar, a font-size picker
    (QUIRKS §10), some of them, in some order."""
    rng = _rng(rng)
    year = (doc.year or 2020) + 1
    date = doc.published or f"{year}-01-{rng.randint(10, 28)}"
    meta = Grid(
        "chrome",
        4,
        (
            tuple(
                GridCell(t)
                for t in (
                    "索引号",
                    f"{rng.randint(10**8, 10**9 - 1)}/{year}-{rng.randint(1, 99999):05d}",
                    "主题分类",
                    "综合政务",
                )
            ),
            tuple(GridCell(t) for t in ("发布日期", date, "文号", "")),
        ),
    )
    pieces: list[Block] = [
        Line("当前位置:首页 > 政务公开 > 政府信息公开年报 > 正文", "chrome"),
        meta,
        Line("登录 注册", "chrome"),
        Line("字体:【大 中 小】 打印", "chrome"),
    ]
    chosen = [p for p in pieces if rng.random() < 0.7] or pieces[:1]
    rng.shuffle(chosen)
    return evolve(doc, blocks=(*chosen, *doc.blocks)), frozenset()


def trailer(doc: Doc, rng: random.Random | None = None) -> tuple[Doc, frozenset[CellRef]]:
    """Text after the signature: share buttons, related articles, spam and a list of places joined by pipes
    (QUIRKS §10: v012 v028 v029 v031). A reader must drop it all."""
    rng = _rng(rng)
    year = doc.year or 2020
    lines = [
        Line("分享到: 微信 微博 QQ空间", "trailer"),
        Line("相关文章", "trailer"),
        Line(f"关于开展政务公开专题培训的通知 {year + 1}-03-{rng.randint(10, 28)}", "trailer"),
        Line(f"{year - 1}年政府信息公开工作年度报告 {year}-01-{rng.randint(10, 28)}", "trailer"),
        Line("365bet体育在线投注_真人娱乐官网_注册送彩金", "trailer"),
        Line("北京 | 天津 | 上海 | 重庆 | 河北 | 山西 |", "trailer"),
    ]
    chosen = [ln for ln in lines[1:] if rng.random() < 0.6]
    return evolve(doc, blocks=(*doc.blocks, lines[0], *chosen)), frozenset()


#: How reports that print table 四 group by group label each group: as the form names it, or 行政诉讼 with
#: the kind of suit in parentheses.
_GROUP_ROW_LABELS: dict[str, tuple[str, ...]] = {
    "review": (labels.REVIEW_GROUP_LABELS["review"],),
    **{
        g: (labels.REVIEW_GROUP_LABELS[g], f"{labels.LITIGATION_LABEL}({labels.REVIEW_GROUP_LABELS[g]})")
        for g in ("direct_suit", "post_review_suit")
    },
}


def review_by_group(doc: Doc, rng: random.Random | None = None) -> tuple[Doc, frozenset[CellRef]]:
    """Table 四 printed group by group, as some reports do: a row per group (行政复议 | 1 | 0 | 0 | 0 | 1),
    under one row of the five outcomes or none; or a table per group, its label, the outcomes, its five
    values. The values and what they print are the form's; only where each group's label stands differs."""
    rng = _rng(rng)
    outcomes = tuple(GridCell(o.label) for o in labels.REVIEW_OUTCOMES)
    blocks: list[Block] = []
    for b in doc.blocks:
        if not (isinstance(b, Grid) and b.kind == "review_litigation"):
            blocks.append(b)
            continue
        values = b.rows[-1]
        groups = [
            (GridCell(rng.choice(_GROUP_ROW_LABELS[g]), "label"), values[i * 5 : (i + 1) * 5])
            for i, g in enumerate(labels.REVIEW_GROUP_KEYS)
        ]
        if rng.random() < 0.5:
            head = [(GridCell(rng.choice(("类别", "项目", ""))), *outcomes)] if rng.random() < 0.7 else []
            blocks.append(Grid(b.kind, 6, (*head, *((label, *vals) for label, vals in groups))))
        else:
            for label, vals in groups:
                blocks.append(Grid(b.kind, 5, ((evolve(label, role="head", colspan=5),), outcomes, tuple(vals))))
    return evolve(doc, blocks=tuple(blocks)), frozenset()


# ------------------------------------------------------------------ registries
Layout = Callable[..., Written]
Damage = Callable[[Doc, random.Random | None], tuple[Doc, frozenset[CellRef]]]

LAYOUTS: dict[str, Layout] = {
    "pipe_rows": pipe_rows,
    "cell_per_line": cell_per_line,
    "lone_pipes": lone_pipes,
    "plain_cells": plain_cells,
    "pdf_text": pdf_text,
    "html": html,
    "docx": docx,
    "traditional": traditional,
}
#: Whether a layout keeps every cell's position (True) or drops empty cells (False). ``traditional`` is as
#: lossless as the layout it converts (:func:`is_lossless`); here, as its default ``pipe_rows``.
LOSSLESS: dict[str, bool] = {
    "pipe_rows": True,
    "cell_per_line": True,
    "lone_pipes": True,
    "plain_cells": False,
    "pdf_text": False,
    "html": True,
    "docx": True,
    "traditional": True,
}
#: The layouts that write text (what ``traditional`` can convert).
TEXT_LAYOUTS: tuple[str, ...] = ("pipe_rows", "cell_per_line", "lone_pipes", "plain_cells", "pdf_text")
DAMAGES: dict[str, Damage] = {
    "text_cells": text_cells,
    "broken_headers": broken_headers,
    "no_headings": no_headings,
    "chrome": chrome,
    "trailer": trailer,
    "review_by_group": review_by_group,
}


def is_lossless(layout: str, base: str | None = None) -> bool:
    """Whether ``layout`` (``traditional`` over ``base``) keeps every cell's position."""
    if layout == "traditional":
        return LOSSLESS[base or "pipe_rows"]
    return LOSSLESS[layout]


def write(
    report: Report,
    layout: str,
    damages: Sequence[str] = (),
    rng: random.Random | None = None,
    *,
    base: str | None = None,
) -> tuple[Written, frozenset[CellRef], Doc]:
    """A report written in ``layout`` after ``damages`` (applied in order): what was written, the cells the
    damages made unreadable, and the damaged Doc (its :func:`cell_texts` say what those cells hold)."""
    rng = _rng(rng)
    doc = document(report)
    unreadable: frozenset[CellRef] = frozenset()
    for name in damages:
        doc, hit = DAMAGES[name](doc, rng)
        unreadable |= hit
    if layout == "traditional":
        return traditional(doc, rng, base or "pipe_rows"), unreadable, doc
    return LAYOUTS[layout](doc, rng), unreadable, doc
