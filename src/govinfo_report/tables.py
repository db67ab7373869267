"""Stage 3 for tables: a table region's lines → cells → typed table records.

Every layout (pipe rows, a cell per line, plain cells, PDF rows of numbers)
becomes one stream of cells; cells are then placed by structure: a row's
label, then as many cells as its header declares columns. A row that runs out
of cells gets ``None`` for the rest and a finding; values never slide into
another row or column.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, NamedTuple

from lark import Token

from . import labels, model
from .loader import table_parser
from .model import Cell, Finding

Report = Callable[..., None]


class RawCell(NamedTuple):
    text: str
    line: int
    #: False where the layout drops empty cells (PDF rows split at spaces, a cell per line without
    #: pipes): a short row's cells then do not say which columns they are in.
    explicit: bool = True


class TableResult(NamedTuple):
    table: Any
    formats: set[str]
    findings: list[Finding]


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


# ------------------------------------------------------------------ lines → cells
def cells_of(lines: Sequence[tuple[int, str]]) -> tuple[list[RawCell], str]:
    """The cell stream of a table region and the layout it was read in."""
    # a running head repeated at the top of each PDF page inside a table
    lines = [(n, t) for n, t in lines if "|" in t or not labels.TITLE.search(t)]
    if not lines:
        return [], "empty"
    text = "\n".join(t for _, t in lines) + "\n"
    tree = table_parser().parse(text)  # the grammar takes any sequence of lines
    numbered = [
        (lines[tok.line - 1][0], node.data, str(tok).rstrip("\n"))
        for node in tree.children
        for tok in node.children
        if isinstance(tok, Token)
    ]
    piped = [tok for _, kind, tok in numbered if kind == "piped"]
    if not piped:
        cells = [c for line_no, kind, tok in numbered for c in _line_cells(line_no, kind, tok)]
        return cells, ("pdf" if any(k == "numbers" for _, k, _ in numbered) else "plain")
    if not any(tok.rstrip().endswith("|") for tok in piped):
        # Rows whose last cell no pipe closes ("规章 | 0 | 0 | 0"): every line is whole, as are its cells.
        cells = []
        for line_no, kind, tok in numbered:
            if kind == "piped":
                cells.extend(RawCell(part.strip(), line_no) for part in tok.split("|"))
            elif kind != "filler":
                cells.extend(_line_cells(line_no, kind, tok))
        return cells, "pipe"
    # A pipe closes each cell; text before a line's first pipe continues the cell of the lines
    # before it (a cell per line, its words broken over lines: "本年新" / "制作数量 |").
    cells = []
    buf: list[str] = []
    start_line = numbered[0][0]
    for line_no, kind, tok in numbered:
        if kind == "filler":
            continue
        parts = tok.split("|")
        if not buf or not "".join(buf).strip():
            start_line = line_no
        buf.append(parts[0])
        for part in parts[1:]:
            cells.append(RawCell(" ".join(buf).strip(), start_line))
            buf = [part]
            start_line = line_no
    rest = " ".join(buf).strip()
    if rest:
        cells.append(RawCell(rest, start_line))
    return cells, "pipe"


#: A stray "?" (a mis-decoded full-width space) standing apart before a number: "规章 0 ? 0 0".
_STRAY_QMARK = re.compile(r"(?<!\S)\?+ (?=[+\-]?\d)")


def _line_cells(line_no: int, kind: str, tok: str) -> list[RawCell]:
    """The cells of one line without pipes: PDF numbers split at spaces, a label and its number."""
    tok = _STRAY_QMARK.sub("", tok) if "?" in tok else tok
    if kind == "numbers":
        words = tok.split(" ")
        head: list[str] = []
        while words and labels.classify_value(words[0])[0] != "number":
            head.append(words.pop(0))
        if len(head) > 1 and all(_is_label(w) or labels.application_group(w) for w in head):
            out = [RawCell(w, line_no) for w in head]  # "三、本年度办理结果 (一)予以公开 2 1 …": group, then row
        else:
            out = [RawCell(" ".join(head), line_no)] if head else []  # one label broken by spaces
        return out + [RawCell(w, line_no, False) for w in words if w]
    # a row label and its numbers where one carries a unit ("政府集中采购 9 1378万")
    words = tok.split()
    n = len(words)
    while n > 1 and labels.classify_value(words[n - 1])[0] == "number":
        n -= 1
    label = " ".join(words[:n])
    if n < len(words) and _is_label(label):
        return [RawCell(label, line_no), *(RawCell(w, line_no, False) for w in words[n:])]
    return [RawCell(tok.strip(), line_no, False)]


def _is_label(text: str) -> bool:
    return bool(labels.active_row(text) or labels.application_row(text))


# ------------------------------------------------------------------ cells → values
def make_cell(raw: RawCell, column: str, table: str, row: str, findings: list[Finding]) -> Cell:
    kind, value, unit = labels.classify_value(raw.text)
    if kind == "empty":
        if raw.text.strip():
            findings.append(
                _finding(
                    "cell-dash",
                    "info",
                    f"单元格为“{raw.text}”,按空值处理",
                    f"cell printed {raw.text!r}, read as empty",
                    table=table,
                    row=row,
                    column=column,
                    line=raw.line,
                )
            )
        return Cell(raw.text, None, None)
    assert isinstance(value, (int, Decimal))
    if column in labels.AMOUNT_COLUMNS:
        return Cell(raw.text, Decimal(value), unit if unit in labels.MONEY_UNITS else None)
    if isinstance(value, Decimal) and value == value.to_integral_value():
        value = int(value)
    return Cell(raw.text, value, None)


def _value_kind(text: str) -> str:
    return labels.classify_value(text)[0]


def _only_numbering(text: str) -> bool:
    k = labels.key(text)
    return bool(k) and labels.NUMBERING.fullmatch(k) is not None


class _Row:
    """A row being filled: its key, its columns, the cells taken so far."""

    def __init__(self, key: str, columns: tuple[str, ...], line: int, extra: Any = None) -> None:
        self.key = key
        self.columns = columns
        self.line = line
        self.cells: list[RawCell] = []
        self.extra = extra

    @property
    def full(self) -> bool:
        return len(self.cells) >= len(self.columns)


# ------------------------------------------------------------------ table 二
def read_active(cells: list[RawCell], hint: str | None) -> TableResult:
    """Table 二, block by block, each row with the columns its block prints."""
    findings: list[Finding] = []
    rows: dict[str, tuple[str, str, dict[str, Cell | None]]] = {}
    formats: set[str] = set()
    header: list[tuple[str, str]] = []
    row: _Row | None = None
    skipping = False

    def close() -> None:
        nonlocal row
        if row is None:
            return
        if not row.cells:  # a label with no cells: a repeated header, an empty template row
            row = None
            return
        fmt, cls_name = row.extra
        values: dict[str, Cell | None] = {}
        for i, col in enumerate(row.columns):
            values[col] = (
                make_cell(row.cells[i], col, "active_disclosure", row.key, findings) if i < len(row.cells) else None
            )
        if len(row.cells) < len(row.columns):
            findings.append(
                _finding(
                    "row-truncated",
                    "warning",
                    f"“{labels.ACTIVE_ROW_LABELS[row.key]}”行只有{len(row.cells)}个单元格,应有{len(row.columns)}个",
                    f"row {row.key} has {len(row.cells)} of {len(row.columns)} cells",
                    table="active_disclosure",
                    row=row.key,
                    line=row.line,
                )
            )
        if row.key in rows:
            findings.append(
                _finding(
                    "row-duplicated",
                    "warning",
                    f"“{labels.ACTIVE_ROW_LABELS[row.key]}”行出现多次,取第一次",
                    f"row {row.key} printed twice; the first is kept",
                    table="active_disclosure",
                    row=row.key,
                    line=row.line,
                )
            )
        else:
            rows[row.key] = (fmt, cls_name, values)
            formats.add(fmt)
        row = None

    for cell in cells:
        text = cell.text
        if labels.block(text):
            close()
            header = []
            skipping = False
            continue
        if labels.CONTENT_HEADER.match(labels.key(text)):
            close()
            continue
        cols = labels.active_columns(text) if _value_kind(text) == "text" else []
        if cols:
            close()
            header.extend((lab.key, fmt) for lab, fmt in cols)
            continue
        r = labels.active_row(text)
        if r is not None:
            close()
            skipping = False
            fmt = _row_format(r.key, header, formats, hint)
            cls_name, columns = labels.ACTIVE_SHAPES[(r.key, fmt)]
            hcols = tuple(k for k, f in header if f == fmt)
            if set(hcols) == set(columns) and len(hcols) == len(columns):
                columns = hcols
            row = _Row(r.key, columns, cell.line, (fmt, cls_name))
            continue
        kind = _value_kind(text)
        if kind == "text":
            if _only_numbering(text):
                continue
            if row is not None and not row.cells:
                continue  # a label wrapped over two cells
            if row is not None:
                close()
            if len(labels.key(text)) <= 20 and not labels.REVIEW_HEADER.match(labels.key(text)):
                skipping = True  # an unknown row (v015 其他主动公开档案): its values are not ours
            continue
        if row is not None and not skipping:
            row.cells.append(cell)
            if row.full:
                close()
    close()
    if not rows:
        return TableResult(None, formats, findings)
    built: dict[str, Any] = {}
    for key, (_fmt, cls_name, values) in rows.items():
        built[key] = getattr(model, cls_name)(**values)
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
    return TableResult(model.ActiveDisclosure(**built), formats, findings)


def _row_format(row: str, header: list[tuple[str, str]], formats: set[str], hint: str | None) -> str:
    supported = {f for (r, f) in labels.ACTIVE_SHAPES if r == row}
    if len(supported) == 1:
        return next(iter(supported))
    votes = {f: sum(1 for _, hf in header if hf == f) for f in supported}
    if max(votes.values()) > 0:
        return max(votes, key=lambda f: votes[f])
    for f in ("2021", "2019"):
        if f in formats:
            return f
    return hint if hint in supported else "2021"


# ------------------------------------------------------------------ table 三
def read_applications(cells: list[RawCell], hint: str | None) -> TableResult:
    """Table 三: a label, then seven cells (six applicant columns and the total)."""
    cells = _unfuse(cells)
    findings: list[Finding] = []
    rows: dict[str, dict[str, Cell | None]] = {}
    formats: set[str] = set()
    row: _Row | None = None
    group: str | None = None
    orphan_reported = False
    seen_row = False
    n = len(cells)

    def close(followed: bool = True) -> None:
        nonlocal row
        if row is None:
            return
        if not row.cells:  # a label with no cells: a repeated header ("总计"), an empty template row
            row = None
            return
        slots: list[RawCell | None] = list(row.cells)
        by_sum = followed and _total_by_sum(row.cells)
        if by_sum:
            blank = RawCell("", row.cells[-1].line, False)  # the empty cells the layout dropped
            slots = [*row.cells[:-1], *[blank] * (7 - len(row.cells)), row.cells[-1]]
        values: dict[str, Cell | None] = {}
        for i, col in enumerate(labels.APPLICANT_KEYS):
            slot = slots[i] if i < len(slots) else None
            values[col] = make_cell(slot, col, "applications", row.key, findings) if slot is not None else None
        label = labels.APPLICATION_ROW_BY_KEY[row.key].label
        if by_sum:
            findings.append(
                _finding(
                    "row-short",
                    "warning",
                    f"“{label}”行只有{len(row.cells)}个数且未给空单元格留位置;末一个等于其余之和,读作“{labels.APPLICANT_LABELS['total']}”,其间各栏为空",
                    f"row {row.key} prints {len(row.cells)} of 7 cells in a layout that drops empty ones; the last "
                    "equals the sum of the others and is read as the total, the columns between as empty",
                    table="applications",
                    row=row.key,
                    line=row.line,
                )
            )
        elif len(row.cells) < 7:
            findings.append(
                _finding(
                    "row-truncated",
                    "warning",
                    f"“{label}”行只有{len(row.cells)}个单元格,应有7个",
                    f"row {row.key} has {len(row.cells)} of 7 cells",
                    table="applications",
                    row=row.key,
                    line=row.line,
                )
            )
        if row.key not in rows:
            rows[row.key] = values
            fm = labels.APPLICATION_ROW_BY_KEY[row.key].formats
            if len(fm) == 1:
                formats.add(fm[0])
        row = None

    i = 0
    while i < n:
        cell = cells[i]
        text = cell.text
        i += 1
        kind = _value_kind(text)
        if kind != "text":
            if row is not None:
                row.cells.append(cell)
                if row.full:
                    close()
            elif group is not None and kind == "number" and not orphan_reported:
                orphan_reported = True
                findings.append(
                    _finding(
                        "values-unattributed",
                        "warning",
                        f"“{labels.APPLICATION_GROUP_LABELS[group]}”下的数值没有行标签,无法归属",
                        f"values under group {group} have no row labels and are not read",
                        table="applications",
                        line=cell.line,
                    )
                )
            continue
        if _only_numbering(text):
            continue
        k = labels.key(text)
        # Header cells come before any row; under a group label, 其他 and 总计 can only be rows.
        if not seen_row and group is None and (labels.APPLICATION_HEADER.search(k) or _is_applicant_header(k)):
            continue
        g = labels.application_group(text)
        r = labels.application_row(text)
        if g is not None and (r is None or r.key == "other"):
            # (六)其他处理 is a row in 2019 (values follow) and a group in 2021 (rows follow).
            nxt = next((c for c in cells[i : i + 1]), None)
            if r is not None and nxt is not None and _value_kind(nxt.text) != "text":
                r = r
            else:
                close()
                group = g.key
                continue
        if r is not None:
            if r.key in ("total_processed", "other_misc") and not seen_row and group is None and k == labels.strip_numbering(r.label):
                continue  # a bare 总计 / 其他 before any row is a column header
            if r.key == "other_misc" and group != "other_group":
                r = None
        if r is not None:
            close()
            seen_row = True
            group = r.group if r.group else (None if r.key in ("new_received", "carried_over") else group)
            orphan_reported = False
            row = _Row(r.key, labels.APPLICANT_KEYS, cell.line)
            continue
        # unknown text
        if row is not None and row.cells:
            close()
        elif row is None:
            group = group if seen_row else None
    close(followed=False)  # the last row may be cut by the end of an excerpt: read in order
    if not rows:
        return TableResult(None, formats, findings)
    built = {key: model.ApplicantCounts(**vals) for key, vals in rows.items()}
    return TableResult(model.Applications(**built), formats, findings)


def _total_by_sum(cells: list[RawCell]) -> bool:
    """Whether a short row of a layout that drops empty cells ends with its total: "25 25", "3 1 4".

    Without pipes an empty cell leaves no trace, so ``25 25`` under seven columns is 自然人 25 and
    总计 25, not 自然人 and 商业企业. The last number is taken as the total only when it is the sum
    of the others; the columns between are the empty cells the layout dropped (value ``None``).
    """
    if not 2 <= len(cells) < len(labels.APPLICANT_KEYS) or any(c.explicit for c in cells):
        return False
    values = [labels.classify_value(c.text) for c in cells]
    if any(kind != "number" or not isinstance(v, int) for kind, v, _unit in values):
        return False
    *parts, last = (v for _kind, v, _unit in values)
    return last == sum(parts)  # type: ignore[arg-type]


def _unfuse(cells: list[RawCell]) -> list[RawCell]:
    """A group label fused with its first row becomes two cells, as the pipe layouts print them."""
    out: list[RawCell] = []
    for c in cells:
        parts = labels.split_fused_label(c.text) if _value_kind(c.text) == "text" else None
        out.extend((RawCell(parts[0], c.line), RawCell(parts[1], c.line)) if parts else (c,))
    return out


def _is_applicant_header(k: str) -> bool:
    return any(labels.key(c.label) == k for c in labels.APPLICANT_COLUMNS) or k in ("商业", "企业", "科研", "机构")


# ------------------------------------------------------------------ table 四
def read_review(cells: list[RawCell], hint: str | None) -> TableResult:
    """Table 四: fifteen numbers after the header, five per group."""
    findings: list[Finding] = []
    last_text = -1
    for idx, cell in enumerate(cells):
        if _value_kind(cell.text) == "text":
            last_text = idx
    values = cells[last_text + 1 :]
    while len(values) > 15 and not values[0].text.strip():
        values = values[1:]
    while len(values) > 15 and not values[-1].text.strip():
        values = values[:-1]
    if not any(_value_kind(c.text) != "text" and c.text.strip() for c in values):
        return TableResult(None, set(), findings)
    if len(values) > 15:
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
    groups: dict[str, model.Outcomes] = {}
    for gi, gkey in enumerate(labels.REVIEW_GROUP_KEYS):
        chunk = values[gi * 5 : (gi + 1) * 5]
        if not chunk:
            continue
        vals = {
            okey: (make_cell(chunk[oi], okey, "review_litigation", gkey, findings) if oi < len(chunk) else None)
            for oi, okey in enumerate(labels.REVIEW_OUTCOME_KEYS)
        }
        groups[gkey] = model.Outcomes(**vals)
    return TableResult(model.ReviewLitigation(**groups), set(), findings)


READERS: dict[str, Callable[[list[RawCell], str | None], TableResult]] = {
    "active_disclosure": read_active,
    "applications": read_applications,
    "review_litigation": read_review,
}


def detect_kind(cells: list[RawCell]) -> str | None:
    """Which table a region holds, from its labels (when its heading is missing or odd)."""
    for cell in cells[:40]:
        k = labels.key(cell.text)
        if labels.block(k) or labels.active_row(k):
            return "active_disclosure"
        if labels.APPLICATION_HEADER.search(k) or labels.application_row(k):
            if labels.application_row(k) and labels.application_row(k).key == "total_processed":  # type: ignore[union-attr]
                continue
            return "applications"
        if k in ("行政复议", "行政复议行政诉讼") or (labels.REVIEW_HEADER.match(k) and "复议" in k):
            return "review_litigation"
    return None


def read_table(kind: str, cells: list[RawCell], hint: str | None) -> TableResult:
    """Place a region's cells into the table of ``kind``."""
    return READERS[kind](cells, hint)
