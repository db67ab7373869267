"""Stage 3b for tables: cells → row tokens for the table grammar (grammars/table.lark).

A row token is a label from the label table and the value cells that follow it:
``REGULATIONS`` with ``0 | 见附件 | 5``. What makes a cell a value is its place, not
its text: after a row label, every cell up to the row's width is a value, so a
cell that prints text where a number belongs (见附件, 0/0, 不适用, 1“2) stays in
its column, and the cells after it stay in theirs. Only a label ends a row early.

Token names come from the label keys (``new_received`` → ``NEW_RECEIVED``), so
the label table, the grammar and the model share one vocabulary.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from . import labels
from .cells import Layout, RawCell

__all__ = ["RowToken", "lex_rows", "split_fragments"]

#: One group's five outcome header cells, in the form's order.
_OUTCOME_KEYS = tuple(labels.key(o) for o in labels.REVIEW_OUTCOME_LABELS.values())
#: Table 三's row width: six applicant columns and the total.
APPLICANT_WIDTH = len(labels.APPLICANT_KEYS)


class RowToken(NamedTuple):
    """One row of a table: its grammar name, what it means, its label cells and its value cells."""

    type: str
    key: str | None  # the contract key of a row or group (docs/spec.md); for table 二 headers, the header's columns
    label: str
    values: tuple[RawCell, ...]
    line: int
    columns: tuple[str, ...] = ()  # table 二 headers: the columns in printed order; rows: their width;
    # table 四's values: the groups its header named for them
    #: table 四's values headed by a group's own five columns (``columns`` that group): every group the header
    #: named, whose row of fifteen they may be instead (one header naming each group before its columns)
    named: tuple[str, ...] = ()


#: Header cells of tables 三 and 四 in a row make one header token.
_HEADERS = frozenset({"APPLICATIONS_HEADER", "REVIEW_HEADER"})


def _header_type(block: str, fmt: str) -> str:
    return f"HEADER_{block}_{fmt}"


#: Which columns each block's header names, per format: the header token's name says block and form.
_HEADER_SHAPES: dict[tuple[str, str], frozenset[str]] = {
    (labels.ACTIVE_ROW_BLOCK[row], fmt): frozenset(cols) for (row, fmt), (_cls, cols) in labels.ACTIVE_SHAPES.items()
}


#: Table 四's header labels whole (a cell that is none of them is a fragment of one broken over lines).
_REVIEW_HEADER_LABELS = frozenset(
    labels.key(t)
    for t in (
        "行政复议",
        "行政诉讼",
        "行政复议行政诉讼",
        *labels.REVIEW_GROUP_FULL_LABELS.values(),
        *labels.REVIEW_GROUP_LABELS.values(),
        # 行政诉讼(复议后起诉): a suit's group named with its header, as a row per group prints it
        *(f"{labels.LITIGATION_LABEL}({v})" for k, v in labels.REVIEW_GROUP_LABELS.items() if k != "review"),
        *labels.REVIEW_OUTCOME_LABELS.values(),
    )
)
#: Each table 二 column's place in its form's header (and, under format "", its first place in any).
_COLUMN_ORDER: dict[tuple[str, str], int] = {}
for _i, (_lab, _fmt) in enumerate(labels.ACTIVE_COLUMNS):
    _COLUMN_ORDER[(_lab.key, _fmt)] = _i
    _COLUMN_ORDER.setdefault((_lab.key, ""), _i)


#: Table 三's applicant column labels as keys, and the words of 商业企业 / 科研机构 broken over two cells.
_APPLICANT_HEADER_KEYS = frozenset(
    [*(labels.key(c.label) for c in labels.APPLICANT_COLUMNS), "商业", "企业", "科研", "机构"]
)


#: The longest header row typed as two rows looked for (table 四's widest row has 15 cells).
_SPLIT_WIDTH = 20


def split_fragments(head: Sequence[str | None], trailing: Sequence[int]) -> tuple[int, bool]:
    """How many of the empty cells after table 四's header (``trailing``: their places in ``head``) are
    fragments of it, and whether the header says so for certain.

    ``head`` is the header's cells in printed order (keys; None for an empty cell). A header row typed as
    two rows prints each cell's first line, then each cell's second line in the same order, an empty cell
    where a label has none (总计): so a run of first lines ``head[a:a+n]`` pairs with ``head[a+n:a+2n]``,
    each pair one label (结果 + 维持) or a whole label over an empty cell, and at least one tail printed.
    Every split that fits is tried; they must agree on where the header ends, or the count is unsure.
    """
    last = max((i for i, k in enumerate(head) if k), default=-1)
    ends: set[int] = set()
    for end in range(max(0, last + 1 - 2 * _SPLIT_WIDTH), len(head) + 1):
        if any(k and k not in _REVIEW_HEADER_LABELS for k in head[end:]):
            continue  # a first line or tail left after the split: not its end
        for n in range(1, _SPLIT_WIDTH + 1):
            start = end - 2 * n
            if start < 0:
                break
            if _pairs(head[start : start + n], head[start + n : end]):
                ends.add(end)
                break
    counts = {sum(1 for t in trailing if t < end) for end in ends}
    if all(not k or k in _REVIEW_HEADER_LABELS for k in head):
        counts.add(0)  # every label whole: the header may be typed in one row each
    elif not ends:
        if head[last] not in _REVIEW_HEADER_LABELS:
            # a label's first line with no tail that completes it: where the header ends is not known
            return len(trailing), False
        counts.add(0)
    if len(counts) == 1:
        return counts.pop(), True
    return max(counts), False


def _pairs(firsts: Sequence[str | None], tails: Sequence[str | None]) -> bool:
    printed = False
    for first, tail in zip(firsts, tails, strict=True):
        if not first:
            return False
        if first in _REVIEW_HEADER_LABELS:
            if tail:
                return False
        elif not tail or labels.key(first + tail) not in _REVIEW_HEADER_LABELS:
            return False
        else:
            printed = True
    return printed


class _SplitHeader:
    """Table 四's header in a layout that keeps no header lines (a cell per line): its cells and the empty
    cells after it, whose reading (fragment or value) waits for the first value (split_fragments)."""

    def __init__(self) -> None:
        self.head: list[str | None] = []
        self.trailing: list[tuple[int, int, int]] = []  # (place in head, token, value) of the empty cells after it

    def cell(self, k: str, out: list[RowToken]) -> None:
        """A header cell: the empty cells before it stood inside the header, so they are its fragments."""
        self.mark(out, len(self.trailing), True)
        self.trailing = []
        self.head.append(k)

    def empty(self, where: tuple[int, int] | None) -> None:
        """An empty cell: on a header line (``where`` None) or emitted as a value at ``where``."""
        if where is not None:
            self.trailing.append((len(self.head), *where))
        self.head.append(None)

    def resolve(self, out: list[RowToken]) -> None:
        """The header is over (a value, or the region's end): decide the empty cells after it."""
        if self.trailing:
            count, certain = split_fragments(self.head, [t for t, _i, _j in self.trailing])
            self.mark(out, count, certain)
        self.head, self.trailing = [], []

    def mark(self, out: list[RowToken], count: int, certain: bool) -> None:
        for _t, i, j in self.trailing[:count]:
            tok = out[i]
            vals = list(tok.values)
            vals[j] = vals[j]._replace(fragment=certain, unsure=not certain)
            out[i] = tok._replace(values=tuple(vals))


class _Lexer:
    """The state of one pass over a region's cells (which table we are in, the row being filled)."""

    def __init__(
        self, cells: Sequence[RawCell], kind_hint: str | None, fmt_hint: str | None, layout: Layout | None = None
    ) -> None:
        self.cells = cells
        self.layout = layout  # cells.cells_of's layout (None: not known): in "pipe" a pipe closes every cell
        self.kind = kind_hint  # the table we are in: active_disclosure | applications | review_litigation
        self.fmt_hint = fmt_hint
        self.out: list[RowToken] = []
        # the row being filled: type, key, label, its line, its width, its values
        self.row: tuple[str, str | None, str, int, int] | None = None
        self.values: list[RawCell] = []
        self.header: list[tuple[str, str]] = []  # table 二 header columns being read: (column, format)
        self.header_label: list[str] = []
        self.header_lines: set[int] = set()  # the lines the header's cells stand on
        #: whether the header's lines say their columns' order: each names one column whole, no fragment
        #: between them (a cell per line), unlike a header broken over lines ("本年 … / 新制作数量")
        self.header_ordered = True
        self.header_block: str | None = None  # the block of the last header read (table 二)
        self.head_lines: set[int] = set()  # the lines table 四's header cells stand on
        self.review_named: list[str] = []  # table 四's groups named by header cells since its last values
        #: a group's label was the last header cell (no outcome cell after it): empty cells now may be its merged
        #: span printed as cells of its own (行政复议 | then four lone pipes, a cell per line), not its values
        self.group_span = False
        #: the groups named before such empty cells: restored if outcome cells follow them (they were the span)
        self.span_undo: list[str] | None = None
        #: how many 总计 header cells stood since table 四's last values: each closes one group's five columns
        self.review_totals = 0
        #: the groups the header cell read last named, and the keys of the header cells after it: where that is
        #: one group and its own five outcomes (a table per group), the values that follow are that group's,
        #: whatever groups were named before it
        self.last_group: tuple[str, ...] = ()
        self.after_group: list[str] = []
        #: (line, group, empty cells after it): a line opened by one group's label (未经复议直接起诉 | | | | | |)
        self.group_row: tuple[int, str, tuple[RawCell, ...]] | None = None
        self.split = _SplitHeader()  # table 四's header row typed as two rows
        self.header_line = 0
        self.block: str | None = None  # the block label just read (table 二)
        self.block_fmt: str | None = None  # the format the last table 二 header named
        self.group: str | None = None  # the table 三 group we are in
        self.seen_app_row = False

    # ------------------------------------------------------------------ emitting
    def close_row(self) -> None:
        if self.row is not None:
            typ, key, label, line, width = self.row
            self.out.append(RowToken(typ, key, label, tuple(self.values), line, (str(width),)))
        self.row = None
        self.values = []

    def open_row(self, typ: str, key: str | None, label: str, line: int, width: int) -> None:
        self.close_row()
        self.flush_header(next_block=labels.ACTIVE_ROW_BLOCK.get(key or ""))
        self.row = (typ, key, label, line, width)

    def emit(self, typ: str, key: str | None, label: str, line: int, columns: tuple[str, ...] = ()) -> None:
        self.close_row()
        last = self.out[-1] if self.out else None
        if last is not None and last.type == typ and typ in _HEADERS:
            self.out[-1] = last._replace(label=f"{last.label} | {label}")  # one header: its cells, one token
            return
        self.out.append(RowToken(typ, key, label, (), line, columns))

    def head(self, cell: RawCell) -> None:
        """Table 四's header cell: its line is a header line (the empty cells on it are fragments), and its
        place in a header row typed as two rows counts the empty fragments to come (_SplitHeader)."""
        groups = labels.review_groups(cell.text)
        first_on_line = cell.line not in self.head_lines and not (self.out and self.out[-1].line == cell.line)
        self.group_row = (cell.line, groups[0], ()) if first_on_line and len(groups) == 1 else None
        self.head_lines.add(cell.line)
        if not groups and self.span_undo is not None:
            # outcome cells after the empty cells that followed a group's label: those were the label's span (a
            # table per group, a cell per line), and the group it named is the one of the values to come
            self.review_named = [*self.span_undo, *(g for g in self.review_named if g not in self.span_undo)]
        self.span_undo = None
        self.review_named.extend(g for g in groups if g not in self.review_named)
        self.group_span = bool(groups)
        if labels.key(cell.text) in labels.BARE_ROW_WORDS["total_processed"]:  # 总计, or 合计
            self.review_totals += 1
        if groups:
            self.last_group, self.after_group = groups, []
        else:
            self.after_group.append(labels.key(cell.text))
        self.split.cell(labels.key(cell.text), self.out)
        self.emit("REVIEW_HEADER", None, cell.text, cell.line)

    def flush_header(self, next_block: str | None = None, *, closed: bool = True) -> None:
        """Name the table 二 header just read by its block (the block label before it, or the row after it).

        ``closed``: a label ends the header here; a stray value (``closed=False``) may stand among its cells."""
        if not self.header:
            if closed:
                # a header that named no column (信息内容 alone) says nothing about the next block's header
                self.header_label, self.header_ordered = [], True
            return
        cols = tuple(c for c, _ in self.header)
        fmts = {f for _, f in self.header}
        block = self.block or next_block
        typ = "UNKNOWN_ROW"
        fmt = next(iter(fmts)) if len(fmts) == 1 else None
        if block is not None and fmt == "2019" and self.header_block != block:
            # 处理决定数量 alone names a column of both forms (本年 broken off, or 2021年 on a line of its own):
            # the words do not tell the form; the year does, or else the form whose header is just that (only for
            # a block's first header: the rest of a header split by a stray cell is the form its first part named)
            both = [f for f in ("2021", "2019") if set(cols) <= _HEADER_SHAPES.get((block, f), frozenset())]
            if len(both) == 2:
                exact = [f for f in both if _HEADER_SHAPES[(block, f)] == set(cols)]
                fmt = self.fmt_hint if self.fmt_hint in both else (exact[0] if exact else fmt)
        if block is not None:
            # the header's form: the one whose columns for this block it names
            for f in ("2021", "2019"):
                shape = _HEADER_SHAPES.get((block, f))
                if shape is not None and set(cols) <= shape and (fmt is None or fmt == f):
                    typ, fmt = _header_type(block, f), f
                    break
        if len(self.header_lines) > 1 and not self.header_ordered:
            # a header broken over lines in a layout that drops cells ("本年 … / 新制作数量"): the lines give
            # its columns, not their order, which is the form's
            cols = tuple(sorted(cols, key=lambda c: _COLUMN_ORDER.get((c, fmt or ""), _COLUMN_ORDER.get((c, ""), 0))))
        label = " | ".join(self.header_label)
        self.out.append(RowToken(typ, block, label, (), self.header_line, cols))
        self.header_block = block
        if fmt is not None:
            self.block_fmt = fmt
        self.header, self.header_label, self.header_lines = [], [], set()
        self.header_ordered = True

    # ------------------------------------------------------------------ the pass
    def run(self) -> list[RowToken]:
        cells = self.cells
        i = 0
        while i < len(cells):
            cell = cells[i]
            text = cell.text
            i += 1
            kind = labels.classify_value(text)[0]
            if kind == "text":
                joined = self.label_over_two(cell, cells[i] if i < len(cells) else None)
                if joined is not None:
                    cell = joined
                    text = joined.text
                    i += 1
                nxt = cells[i] if i < len(cells) else None
                fused = labels.split_fused_label(text)
                if fused is not None:  # "三、本年度(一)予以公开": a group label fused with its first row
                    self.label(RawCell(fused[0], cell.line), None)
                    cell = RawCell(fused[1], cell.line)
                inline = labels.split_label_values(cell.text)
                if inline is not None and self.label(RawCell(inline[0], cell.line), None):
                    # "行政许可15", "规章 1 0 12": a row's label and its values in one cell
                    for v in inline[1]:
                        self.value(RawCell(v, cell.line), labels.classify_value(v)[0])
                    continue
                if self.label(cell, nxt):
                    continue
            self.value(cell, kind)
        self.close_row()
        self.flush_header()
        self.split.resolve(self.out)
        return self.out

    def label_over_two(self, cell: RawCell, nxt: RawCell | None) -> RawCell | None:
        """A label broken over two cells ("本年新" / "制作数量", "商业" / "企业"): the two as one cell."""
        if nxt is None or labels.is_row_label(cell.text) or labels.looks_like_value(cell.text):
            return None
        if labels.classify_value(nxt.text)[0] != "text" or labels.is_row_label(nxt.text):
            return None  # the next cell is a label by itself: "一" / "第二十条第(五)项" are two cells
        both = f"{cell.text}{nxt.text}"
        if labels.is_row_label(both):
            return RawCell(both, cell.line)
        return None

    def fragment(self, cell: RawCell) -> bool:
        """A header word no column is named by alone (本年新, 商业): the start of a broken header cell."""
        return len(labels.key(cell.text)) <= 6

    # ------------------------------------------------------------------ labels
    def label(self, cell: RawCell, nxt: RawCell | None) -> bool:
        """Take ``cell`` as a label if it is one (a row, a group, a block, a header); False if it is not."""
        text = cell.text
        k = labels.key(text)
        if not k:
            return False
        b = labels.block(k)
        if b is not None:
            self.close_row()
            self.flush_header()
            self.kind = "active_disclosure"
            self.block = b.key
            self.header_block = None
            self.emit(f"BLOCK_{b.key}", b.key, text, cell.line)
            return True
        if self.active_header(cell, k):
            return True
        r = labels.active_row(k)
        if r is not None:
            self.kind = "active_disclosure"
            self.close_row()
            self.flush_header(next_block=labels.ACTIVE_ROW_BLOCK.get(r.key))  # its form sets the row's width
            self.open_row(r.key.upper(), r.key, text, cell.line, self.active_width(r.key))
            self.block = None
            return True
        if self.applications_label(cell, k, nxt):
            return True
        if self.review_header(cell, k):
            return True
        return self.unknown(cell, k)

    def active_header(self, cell: RawCell, k: str) -> bool:
        cols = labels.active_columns(cell.text) if not labels.active_row(k) else ()
        if not cols and not (labels.CONTENT_HEADER.match(k) and self.kind in (None, "active_disclosure")):
            return False
        self.close_row()
        if not self.header:
            self.header_line = cell.line
        self.kind = "active_disclosure"
        self.header.extend((lab.key, fmt) for lab, fmt in cols)
        self.header_label.append(cell.text)
        if cols:
            if len(cols) > 1 or cell.line in self.header_lines:
                self.header_ordered = False  # columns sharing a line: a PDF row, maybe of broken words
            self.header_lines.add(cell.line)
        return True  # with no columns: 信息内容 alone, the header's columns follow

    def applications_label(self, cell: RawCell, k: str, nxt: RawCell | None) -> bool:
        in_apps = self.kind == "applications"
        if labels.APPLICATION_HEADER.search(k) or (
            not self.seen_app_row and self.group is None and self.applicant_header(k) and (in_apps or self.kind is None)
        ):
            if not self.seen_app_row:
                self.kind = "applications"
                self.emit("APPLICATIONS_HEADER", None, cell.text, cell.line)
                return True
        g = labels.application_group(k)
        r = labels.application_row(k)
        if g is not None and (r is None or r.key == "other"):
            # (六)其他处理 is a row in 2019 (values follow) and a group in 2021 (rows follow).
            if r is not None and nxt is not None and not labels.is_row_label(nxt.text):
                pass
            else:
                self.kind = "applications"
                self.group = g.key
                self.emit(f"GROUP_{g.key.upper()}", g.key, cell.text, cell.line)
                return True
        if r is None:
            return False
        if r.key in ("total_processed", "other_misc") and not self.seen_app_row and self.group is None:
            if k in labels.BARE_ROW_WORDS[r.key] and (in_apps or self.kind is None):
                self.kind = "applications"
                self.emit("APPLICATIONS_HEADER", None, cell.text, cell.line)
                return True  # a bare 总计 / 其他 before any row is a column header
        if r.key == "other_misc" and self.group != "other_group":
            return False
        if r.key in ("total_processed", "other_misc") and self.kind == "review_litigation":
            if k in labels.BARE_ROW_WORDS[r.key]:
                return False  # 总计, 其他 of table 四's header
        self.kind = "applications"
        self.seen_app_row = True
        self.group = r.group if r.group else (None if r.key in ("new_received", "carried_over") else self.group)
        self.open_row(r.key.upper(), r.key, cell.text, cell.line, APPLICANT_WIDTH)
        return True

    def applicant_header(self, k: str) -> bool:
        return k in _APPLICANT_HEADER_KEYS

    def review_header(self, cell: RawCell, k: str) -> bool:
        bare = k.replace("(", "").replace(")", "")  # 行政诉讼(未经复议直接起诉): a group named with its header
        opens = k in ("行政复议", "行政复议行政诉讼", "行政诉讼") or (labels.REVIEW_HEADER.match(bare) and "复议" in k)
        if not opens and not (self.kind == "review_litigation" and labels.REVIEW_HEADER.match(bare)):
            return False
        self.kind = "review_litigation"
        self.head(cell)
        return True

    def unknown(self, cell: RawCell, k: str) -> bool:
        """Text no label names. Where a row still has room and the text stands where a value would —
        on its row's line, or printing a value's text (见附件) — it is a value; otherwise a row of its own."""
        if self.row is not None:
            width = self.row[4]
            same_line = cell.line == self.row[3]
            if len(self.values) < width and (same_line or labels.looks_like_value(cell.text)):
                return False
            if not self.values and not labels.looks_like_value(cell.text):
                if (
                    self.layout != "pipe"
                    or self.row[0] == "UNKNOWN_ROW"  # text no label names, its words broken over cells
                    or not cell.explicit
                    or labels.is_row_label(cell.text)
                    or labels.is_note(cell.text)
                    or _unclosed(self.row[2])
                ):
                    return True  # a label wrapped over two cells ("(二)部分公开(区分处理的," / "不计其他情形)")
                # a pipe closes every cell, and a label's words broken over lines are one cell already
                # (cells.py): a whole cell after the label is its first value ("未涉及 |"), read as text
                return False
        elif self.kind == "review_litigation" and not self.out_has_review_values():
            if labels.looks_like_value(cell.text):
                return False
            self.head(cell)  # stacked header characters (PDF)
            return True
        if self.header and self.row is None and labels.is_note(cell.text):
            self.header_label.append(cell.text)  # a header's note on a line of its own: "(减少用负值表示,如-8)"
            return True
        if labels.looks_like_value(cell.text) and self.row is None:
            return False
        if self.header and self.fragment(cell):
            self.header_label.append(cell.text)  # a header word broken off its column
            self.header_ordered = False
            return True
        if len(k) > 20:
            return True  # a sentence among the rows (a note, a paragraph): no cell, and no row
        self.open_row("UNKNOWN_ROW", None, cell.text, cell.line, 0)
        return True

    def out_has_review_values(self) -> bool:
        return any(t.type == "REVIEW_VALUES" for t in self.out[-3:])

    # ------------------------------------------------------------------ values
    def value(self, cell: RawCell, kind: str) -> None:
        if self.row is not None:
            if self.row[0] == "UNKNOWN_ROW" or len(self.values) < self.row[4]:
                self.values.append(cell)
                return
            if cell.line == self.row[3] and self.row[0] != "UNKNOWN_ROW":
                self.values.append(cell)  # more cells on a row's line than its columns: an overflow
                return
            self.close_row()
        if self.kind == "active_disclosure" and (self.header or self.header_label):
            # an empty or stray cell among table 二's header cells (信息内容 | 2019年 | … | | 新制作数量): a header
            # typed as two rows, whose lines do not give its columns' order, which is then the form's
            self.header_ordered = False
        if (
            kind == "empty"
            and not cell.text.strip()
            and (self.kind != "review_litigation" or (cell.line in self.head_lines and not self.values_on(cell.line)))
        ):
            # an empty cell outside any row: header fragments "| |", filler; table 四's row has no label, so an
            # empty cell there is a value — unless it stands on a line of the header ("维持 | 纠正 | … |  |")
            if self.kind == "review_litigation":
                if self.group_empty(cell):
                    return
                self.split.empty(None)
            return
        self.flush_header(closed=False)
        typ = "REVIEW_VALUES" if self.kind == "review_litigation" else "STRAY_VALUES"
        last = self.out[-1] if self.out else None
        if last is not None and last.type == typ and (typ == "REVIEW_VALUES" or last.line == cell.line):
            self.out[-1] = last._replace(values=(*last.values, cell))
            if cell.text.strip():
                self.span_undo = None  # values, not a span
        elif typ == "REVIEW_VALUES":
            gr, self.group_row = self.group_row, None
            held = gr[2] if gr is not None and gr[0] == cell.line else ()
            # the groups the header named since the last values: all three under the form's header, one where
            # each group is a row of its own (行政复议 | 1 | 0 | 0 | 0 | 1) or a table of its own
            named = tuple(g for g in labels.REVIEW_GROUP_KEYS if g in self.review_named)
            if self.review_totals > len(named):
                # more groups' columns printed (总计 once per group) than group labels read whole (a header whose
                # labels are broken into pieces, 未经 / 复议 / 复议直接起诉): the groups named are not these values'
                named = ()
            every = named
            if len(named) > 1 and len(self.last_group) == 1 and tuple(self.after_group) == _OUTCOME_KEYS:
                # a table per group, the one before printed no row of values (an empty row dropped): the last
                # group's label and its own five columns head these values — unless the row holds every named
                # group's five (one header naming each group before its columns): the token keeps them all
                named = self.last_group
            # empty cells right after a group's label may be its span: what follows them tells (head)
            span = list(self.review_named) if self.group_span and not cell.text.strip() else None
            self.values_start()
            self.span_undo = span
            also = every if every != named else ()
            self.out.append(RowToken(typ, None, "", (*held, cell), cell.line, named, also))
        else:
            self.out.append(RowToken(typ, None, "", (cell,), cell.line))
        if typ == "REVIEW_VALUES":
            if cell.text.strip():
                self.group_span = False
            if kind == "empty" and not cell.text.strip():
                # a cell per line: an empty cell after the header is a value or the empty fragment of a
                # label with no second line (总计); the header, once over, tells which (split_fragments)
                self.split.empty((len(self.out) - 1, len(self.out[-1].values) - 1))
            else:
                self.split.resolve(self.out)

    def values_on(self, line: int) -> bool:
        """Whether table 四's values already run on ``line`` (行政复议 | 3 |  | …: the empty cell is a value)."""
        last = self.out[-1] if self.out else None
        return last is not None and last.type == "REVIEW_VALUES" and last.values[-1].line == line

    def group_empty(self, cell: RawCell) -> bool:
        """An empty cell on a line one group's label opened. Held until the line says what it is: the
        group's first values where a number follows (行政复议 | | 3 | …); at the fifth, the group's row of
        five empty values (未经复议直接起诉 | | | | | |), more than a label's span leaves (行政复议 | |||| is
        four); otherwise the span's filler."""
        gr = self.group_row
        if gr is None or gr[0] != cell.line:
            return False
        line, group, held = gr[0], gr[1], (*gr[2], cell)
        self.group_row = (line, group, held)
        if len(held) < 5:
            return False
        last = self.out[-1]
        if len(held) == 5:
            others = [g for g in self.review_named if g != group]
            self.values_start()
            self.review_named = others
            self.out.append(RowToken("REVIEW_VALUES", None, "", held, line, (group,)))
            return True
        if len(held) == 6 and last.type == "REVIEW_VALUES" and last.values == held[:5]:
            # a sixth: the span of a header label (复议后起诉 | |||||||| under the form's header), no row
            self.out.pop()
            self.review_named.append(group)
        return False

    def values_start(self) -> None:
        """A run of table 四's values begins: the header cells counted since the last run are spent."""
        self.review_named = []
        self.review_totals = 0
        self.last_group, self.after_group = (), []
        self.span_undo = None

    def active_width(self, key: str) -> int:
        """How many cells a table 二 row takes: its columns in the form its header (or the year) names."""
        fmt = self.block_fmt if self.block_fmt is not None else self.fmt_hint
        shape = labels.ACTIVE_SHAPES.get((key, fmt or ""))
        if shape is None:
            shapes = [cols for (r, _f), (_c, cols) in labels.ACTIVE_SHAPES.items() if r == key]
            return max(len(c) for c in shapes)
        return len(shape[1])


def _unclosed(label: str) -> bool:
    """A label whose parenthesis is still open ("(二)部分公开(区分处理的,"): its cell continues in the next."""
    return label.count("(") > label.count(")")


def lex_rows(
    cells: Sequence[RawCell],
    kind_hint: str | None = None,
    fmt_hint: str | None = None,
    layout: Layout | None = None,
) -> list[RowToken]:
    """The row tokens of a table region's cells, in printed order.

    ``kind_hint`` is the table the region's section heading names (its cells may not say:
    table 四's PDF header is stacked characters); ``fmt_hint`` the format the report's year implies.
    """
    return _Lexer(cells, kind_hint, fmt_hint, layout).run()
