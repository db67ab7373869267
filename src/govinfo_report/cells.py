"""Stage 3a for tables: the lines of a table region → its cells, in printed order.

Real extractors leave a table in one of a few layouts (docs/layouts.md):

* pipe rows, a row per line           ``规章 | 0 | 0 | 0 |``
* a cell per line                     ``规章 |`` then ``0 |`` …, ``|||`` filler where cells merged
* lone pipes                          ``|`` on its own line closes an empty cell
* open rows                           ``规章 | 0 | 0 | 0`` (no pipe closes the last cell)
* PDF text                            ``规章 0 0 0``: numbers split at spaces, empty cells dropped
* plain cells                         one cell per line, no pipes, empty cells dropped

Every layout becomes one list of :class:`RawCell`. A cell keeps the line it was
printed on, so the row lexer (:mod:`govinfo_report.rows`) knows which cells share
a line with their row label, and whether its layout keeps empty cells
(``explicit``): only then does a cell's position alone say which column it is in.

Sorting lines into layouts is a plain loop over a few line patterns: it used to
be a Lark grammar, which did the same work 17–25× slower and decided nothing a
regular expression could not. The grammar now describes the tables themselves
(grammars/table.lark).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal, NamedTuple

from . import labels

__all__ = ["Layout", "RawCell", "cells_of", "line_kind"]


#: The layout a table region was read in: ``pipe`` (a pipe closes every cell, so empty cells keep their place),
#: ``pdf`` (rows of numbers split at spaces), ``plain`` (a cell per line, no pipes), ``empty`` (no cells).
Layout = Literal["pipe", "pdf", "plain", "empty"]


class RawCell(NamedTuple):
    text: str
    line: int
    #: False where the layout drops empty cells (PDF rows split at spaces, a cell per line without
    #: pipes): a short row's cells then do not say which columns they are in.
    explicit: bool = True
    #: An empty cell in a layout that drops header lines (a cell per line) that table 四's header, typed as
    #: two rows, places under a label with no second line (总计): the header's, not a value.
    fragment: bool = False
    #: A cell that may be no cell at all: an empty cell that may be table 四's header's or the row's first
    #: value, or a cell of a line that may be a page number (``- 3 -``).
    unsure: bool = False


#: A run of two or more pipes alone on a line: merged-cell filler left by an HTML table
#: (seed 003 "|||", v018 "||", m003 "| ||||||||"). Carries no cell.
_FILLER = re.compile(r"^[ ]*\|[ ]*\|[| ]*$")
#: PDF text: a row's numbers separated by spaces (m004 "0 0 0 … 0"), or a row label followed by
#: its numbers ("四、结转下年度继续办理 0 0 0 0 0 0 0").
_NUMBERS = re.compile(r"^(?:[^|]*[^\d\s|.,+\-][ ]+)?[+\-?]?\d[\d,.]*(?:[ ]+[+\-?]?\d[\d,.]*)+[ ]*$")
#: A stray "?" (a mis-decoded full-width space) standing apart before a number: "规章 0 ? 0 0".
_STRAY_QMARK = re.compile(r"(?<!\S)\?+ (?=[+\-]?\d)")


def line_kind(line: str) -> str:
    """``filler`` | ``piped`` | ``numbers`` | ``plain``: which layout one line of a table is in."""
    if "|" in line:
        return "filler" if _FILLER.match(line) else "piped"
    return "numbers" if _NUMBERS.match(line) else "plain"


def cells_of(
    lines: Sequence[tuple[int, str]], unsure_lines: frozenset[int] = frozenset()
) -> tuple[list[RawCell], Layout]:
    """The cells of a table region (``(line number, text)`` pairs) and the layout it was read in.

    ``unsure_lines``: lines that may be page furniture rather than cells (``- 3 -``, normalise.py);
    their cells are marked ``unsure``, and a row holding one is not read (tables.place)."""
    cells, layout = _cells_of(lines)
    if unsure_lines and any(n in unsure_lines for n, _t in lines):
        cells = [c._replace(unsure=True) if c.line in unsure_lines else c for c in cells]
    return cells, layout


def _cells_of(lines: Sequence[tuple[int, str]]) -> tuple[list[RawCell], Layout]:
    # a running head repeated at the top of each PDF page inside a table: any line without pipes that names a
    # report (labels.TITLE, REPORT_TITLE) is dropped, so a note naming one goes too
    lines = [(n, t) for n, t in lines if "|" in t or not (labels.TITLE.search(t) or labels.REPORT_TITLE.search(t))]
    if not lines:
        return [], "empty"
    kinds = [(n, line_kind(t), t) for n, t in lines]
    piped = [t for _, kind, t in kinds if kind == "piped"]
    if not piped:
        cells = [c for n, kind, t in kinds for c in _line_cells(n, kind, t)]
        return cells, ("pdf" if any(k == "numbers" for _, k, _ in kinds) else "plain")
    if not any(t.rstrip().endswith("|") for t in piped):
        # Rows whose last cell no pipe closes ("规章 | 0 | 0 | 0"): every line is whole, as are its cells.
        cells = []
        for n, kind, t in kinds:
            if kind == "piped":
                cells.extend(RawCell(part.strip(), n) for part in t.split("|"))
            elif kind != "filler":
                cells.extend(_line_cells(n, kind, t))
        return cells, "pipe"
    # Rows framed by pipes on both sides ("| 规章 | 0 | 0 | 0 |", m019): the first pipe is the frame. Elsewhere
    # a line's first pipe closes a cell, an empty one when nothing stands before it ("| 25 |" after lone
    # pipes, v048; table 四's row in canonical text when its first cell is empty).
    # The table's first piped line tells: "| 行政" (a framed row, its header broken over lines) opens with the
    # frame; "|" alone (lone pipes) or "信息内容 |" (a cell per line) does not.
    first = piped[0].strip()
    if first.startswith("|") and first.strip("| "):
        kinds = [(n, kind, _unframed(t) if kind == "piped" else t) for n, kind, t in kinds]
    # A pipe closes each cell; text before a line's first pipe continues the cell of the lines
    # before it (a cell per line, its words broken over lines: "本年新" / "制作数量 |").
    cells = []
    buf: list[str] = []
    start_line = kinds[0][0]
    for n, kind, t in kinds:
        if kind == "filler":
            continue
        parts = t.split("|")
        held, head = " ".join(buf).strip(), parts[0].strip()
        # only a label's words continue over lines: "0" / "0 |" is never "0 0"; a note in parentheses is a
        # label's words too ("本年增/减" / "(减少用负值表示,如-8) |")
        if (
            held
            and head
            and (labels.looks_like_value(held) or (labels.looks_like_value(head) and not head.startswith("(")))
        ):
            cells.append(RawCell(held, start_line))
            buf = []
        if not buf or not "".join(buf).strip():
            start_line = n
        buf.append(parts[0])
        for part in parts[1:]:
            cells.append(RawCell(" ".join(buf).strip(), start_line))
            buf = [part]
            start_line = n
    rest = " ".join(buf).strip()
    if rest:
        cells.append(RawCell(rest, start_line))
    return cells, "pipe"


def _unframed(line: str) -> str:
    """A framed row without its opening pipe ("| 规章 | 0 |" → "规章 | 0 |"); a lone "|" still closes a cell."""
    t = line.strip()
    return t[1:] if t.startswith("|") and t.count("|") >= 2 else line


def _line_cells(line_no: int, kind: str, line: str) -> list[RawCell]:
    """The cells of one line without pipes: a row label (its words may be split by spaces), then values.

    PDF text splits a row at spaces and drops its empty cells, so the values are not ``explicit``.
    The label is the shortest run of leading words that names a row, a group or a header; what follows
    it is values, whatever they print (``规章 见附件 0 0``: 见附件 is the first value, not part of the label).
    """
    line = _STRAY_QMARK.sub("", line) if "?" in line else line
    words = line.split()
    if not words:
        return []
    if kind == "plain" and not any(labels.looks_like_value(w) for w in words[1:]):
        return [RawCell(line.strip(), line_no, False)]  # a plain cell: a label, or a text alone on its line
    out: list[RawCell] = []
    i = 0
    while i < len(words) and labels.classify_value(words[i])[0] == "text":
        j = _label_end(words, i)
        if j is None:
            break
        out.append(RawCell(" ".join(words[i:j]), line_no))
        i = j
    # text words that are no value (a label's words split by spaces, a label we do not know) stay label
    j = i
    while j < len(words) and not labels.looks_like_value(words[j]):
        j += 1
    if j > i:
        head = " ".join(words[i:j])
        out[-1:] = [RawCell(f"{out[-1].text} {head}", line_no)] if out else [RawCell(head, line_no)]
        i = j
    return out + [RawCell(w, line_no, False) for w in words[i:]]


def _label_end(words: list[str], i: int) -> int | None:
    """Where a label starting at ``words[i]`` ends (a label split by spaces spans several words), or None."""
    for j in range(i + 1, min(len(words), i + 4) + 1):
        text = " ".join(words[i:j])
        if labels.is_row_label(text):
            return j
    return None
