"""PDF → report text (extra ``pdf``: pypdfium2, with pdfplumber as the fallback).

Two engines read the page: PDFium (pypdfium2) gives each character with its box and the ruling
lines as path objects, and the ruled tables, their cells and the text lines are rebuilt from those
coordinates here, the way pdfplumber's ``lines`` strategy finds them (some 10× faster than
pdfminer, the same text on every PDF tried). Files PDFium cannot be trusted with here (encrypted
or LZW streams, form XObjects, rotated text, glyphs without Unicode, no text layer, a file it cannot
open) go to pdfplumber; :attr:`PdfText.engine` and :data:`ENGINE` say which read a file, and
:attr:`PdfText.pages` the page of each text line (so of every table cell).

What a published PDF does to a report, and what is undone here:

* ruled tables come out as pipe rows (pdfplumber finds the cells from the
  ruling lines), each cell once, a slot covered by a span omitted;
* a table split over two pages is one table again: the page number between
  the halves is dropped, and a label cut by the page break (``（四）无`` |
  ``法提供``) is put back together;
* labels wrapped inside a cell are one line (``商业\\n企业`` → ``商业 企业``);
* prose wrapped at the right margin is one paragraph again;
* page numbers (``- 3 -``, ``第 3 页``) are dropped;
* a scanned PDF (no text layer) raises :class:`AdapterError` saying so;
* a PDF over the page limit, or whose streams inflate past the inflated-bytes limit (a Flate
  bomb), raises :class:`~govinfo_report.errors.LimitError` before the memory is spent
  (see :class:`~govinfo_report.adapters.Limits`).
"""

from __future__ import annotations

import bisect
import contextvars
import functools
import io
import logging
import math
import operator
import re
import shutil
import subprocess
import unicodedata
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from . import labels
from .adapters import Limits, is_number, table_lines
from .errors import AdapterError, LimitError, NoTextLayerError, require

__all__ = [
    "ENGINE",
    "X_TOLERANCE_RATIO",
    "BBox",
    "Cell",
    "Fragment",
    "Line",
    "Page",
    "PdfText",
    "assemble_pages",
    "layout_page",
    "pdf_to_text",
    "read_pdf",
]

BBox = tuple[float, float, float, float]
_log = logging.getLogger(__name__)

#: Characters closer than this fraction of their size are one word (CJK glyph spacing is not a space).
X_TOLERANCE_RATIO = 0.3
_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－_\s]*\d{1,4}[-—–－_\s]*|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4}|"
    r"(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?)$",
    re.IGNORECASE,
)
#: A line that starts a heading or numbered item: never the tail of the paragraph above.
_NUMBERED = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.、．](?!\d))"
)
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
_CID = re.compile(r"\(cid:\d+\)")


def _require_pdfplumber() -> Any:
    pdfplumber = require("pdfplumber", "pdf")
    _bound_pdfminer_filters()
    return pdfplumber


# ------------------------------------------------------------------ inflate budget
class _Budget:
    """Bytes the streams of one PDF may still inflate to; once spent it stays spent (pdfminer
    swallows some exceptions, and a second stream must not try again)."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.left = limits.inflated_bytes
        self.spent = False

    def error(self) -> LimitError:
        return self.limits.exceeded("inflated_bytes", self.limits.inflated_bytes + 1, "the PDF")

    def take(self, n: int) -> None:
        self.left -= n
        if self.left < 0 or self.spent:
            self.spent = True
            raise self.error()


_BUDGET: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar("govinfo_pdf_budget", default=None)


class _BoundedDecompressor:
    """A zlib decompressor whose output is charged to the budget (pdfminer feeds damaged streams
    to one byte by byte)."""

    def __init__(self, inner: Any, budget: _Budget) -> None:
        self._inner = inner
        self._budget = budget

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        cap = self._budget.left + 1
        out = bytes(self._inner.decompress(data, min(max_length, cap) if max_length else cap))
        self._budget.take(len(out))
        return out

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class _BoundedZlib:
    """Stands in for :mod:`zlib` inside ``pdfminer.pdftypes``: while a PDF is read here, Flate
    streams inflate at most to what is left of its budget; elsewhere it is plain zlib."""

    error = zlib.error

    def __getattr__(self, name: str) -> Any:
        return getattr(zlib, name)

    @staticmethod
    def decompress(data: bytes, *args: Any, **kwargs: Any) -> bytes:
        budget = _BUDGET.get()
        if budget is None:
            return zlib.decompress(data, *args, **kwargs)
        d = zlib.decompressobj(args[0] if args else kwargs.get("wbits", zlib.MAX_WBITS))
        out = d.decompress(data, budget.left + 1)
        budget.take(len(out))
        if not d.eof:  # what zlib.decompress says of a stream cut short (pdfminer then salvages it)
            raise zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
        return out

    @staticmethod
    def decompressobj(*args: Any, **kwargs: Any) -> Any:
        budget = _BUDGET.get()
        inner = zlib.decompressobj(*args, **kwargs)
        return inner if budget is None else _BoundedDecompressor(inner, budget)


def _bounded_lzw(original: Callable[[bytes], bytes]) -> Callable[[bytes], bytes]:
    def lzwdecode(data: bytes) -> bytes:
        budget = _BUDGET.get()
        if budget is None:
            return original(data)
        from pdfminer.lzw import LZWDecoder

        out: list[bytes] = []
        for chunk in LZWDecoder(io.BytesIO(data)).run():
            budget.take(len(chunk))
            out.append(chunk)
        return b"".join(out)

    return lzwdecode


def _bounded_rl(original: Callable[[bytes], bytes]) -> Callable[[bytes], bytes]:
    def rldecode(data: bytes) -> bytes:
        budget = _BUDGET.get()
        if budget is not None:
            budget.take(_rl_size(data))  # charged before the 64-fold expansion is made
        return original(data)

    return rldecode


def _rl_size(data: bytes) -> int:
    """What a RunLength stream decodes to, without decoding it."""
    size = i = 0
    while i < len(data) and data[i] != 128:
        n = data[i]
        size, i = (size + n + 1, i + n + 2) if n < 128 else (size + 257 - n, i + 2)
    return size


_PATCHED = False


def _bound_pdfminer_filters() -> None:
    """Charge pdfminer's inflating filters (Flate, LZW, RunLength) to the budget of the PDF being read.

    pdfminer inflates a stream in one call with no size limit, so a few KB of Flate can become
    gigabytes; the names it calls are replaced once, in its own module, by bounded versions that
    behave exactly as before when no PDF is being read by this module.
    """
    global _PATCHED
    if _PATCHED:
        return
    from pdfminer import pdftypes

    module: Any = pdftypes  # patched through its names, which its own typing does not export
    if getattr(module, "zlib", None) is zlib:
        module.zlib = _BoundedZlib()
    if callable(getattr(module, "lzwdecode", None)):
        module.lzwdecode = _bounded_lzw(module.lzwdecode)
    if callable(getattr(module, "rldecode", None)):
        module.rldecode = _bounded_rl(module.rldecode)
    _PATCHED = True


# ------------------------------------------------------------------ page model
@dataclass
class Cell:
    """One table cell as printed: its text (lines joined by ``\\n``) and where it sits."""

    text: str
    bbox: BBox


@dataclass
class Fragment:
    """The part of one table that lies on one page: rows of cells, ``None`` where a span covers."""

    rows: list[list[Cell | None]]
    bbox: BBox
    page: int
    #: The text line (from 0) each row became, ``-1`` for a row without text: set by :func:`assemble_pages`.
    row_lines: list[int] = field(default_factory=list)

    @property
    def top(self) -> float:
        return self.bbox[1]


@dataclass
class Line:
    """One line of running text with its position (for paragraph and page-number decisions)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    page: int


@dataclass
class Page:
    """One page as tables (:class:`Fragment`) and lines of running text, top to bottom."""

    items: list[Line | Fragment] = field(default_factory=list)


def _inside(char: dict[str, Any], bbox: BBox) -> bool:
    h = (char["x0"] + char["x1"]) / 2
    v = (char["top"] + char["bottom"]) / 2
    return bool(bbox[0] <= h < bbox[2] and bbox[1] <= v < bbox[3])


def _text_of(chars: list[dict[str, Any]]) -> str:
    from pdfplumber.utils.text import extract_text

    return str(extract_text(chars, x_tolerance_ratio=X_TOLERANCE_RATIO)) if chars else ""


# ------------------------------------------------------------------ tables
def _grid(
    table: Any, chars: list[dict[str, Any]], page_no: int, text_of: Callable[[list[dict[str, Any]]], str] | None = None
) -> Fragment:
    """A pdfplumber table as rows of cells; a slot with no cell of its own but text in it
    (a cell whose ruling line is missing, as at the top of a continued table) gets that text."""
    text_of = text_of or _text_of
    cells: list[BBox] = list(table.cells)
    x0s = sorted({c[0] for c in cells})
    tops = sorted({c[1] for c in cells})
    x_end = max(c[2] for c in cells)
    y_end = max(c[3] for c in cells)
    by_pos = {(c[0], c[1]): c for c in cells}
    in_table = [ch for ch in chars if _inside(ch, (x0s[0], tops[0], x_end, y_end))]
    rows: list[list[Cell | None]] = []
    for i, top in enumerate(tops):
        bottom = tops[i + 1] if i + 1 < len(tops) else y_end
        row: list[Cell | None] = []
        for j, x0 in enumerate(x0s):
            bbox = by_pos.get((x0, top))
            if bbox is not None:
                row.append(Cell(text_of([ch for ch in in_table if _inside(ch, bbox)]), bbox))
                continue
            slot = (x0, top, x0s[j + 1] if j + 1 < len(x0s) else x_end, bottom)
            orphans = [ch for ch in in_table if _inside(ch, slot) and not any(_inside(ch, c) for c in cells)]
            row.append(Cell(text_of(orphans), slot) if orphans and text_of(orphans).strip() else None)
        rows.append(row)
    return Fragment(rows, (x0s[0], tops[0], x_end, y_end), page_no)


def _present(row: list[Cell | None]) -> list[Cell]:
    return [c for c in row if c is not None]


def _key(text: str) -> str:
    """A label as the label table compares it (full-width forms folded, no whitespace)."""
    return labels.key(unicodedata.normalize("NFKC", text))


def _is_band(cell: Cell) -> bool:
    """A one-cell row that belongs to a statistics table (第二十条第(一)项, 信息内容 …)."""
    k = _key(cell.text)
    return bool(k) and bool(labels.block(k) or labels.TABLE_START.match(k))


def _data_part(frag: Fragment) -> Fragment | None:
    """The rows of a table that are a statistics table, not page layout.

    Some PDFs are made from documents laid out in one big table, so pdfplumber
    reports prose lines as one-cell rows. A table is the run of rows with two or
    more cells; one-cell rows inside the run are band headers, and one-cell rows
    at its edges belong to it only when they are table labels.
    """
    multi = [i for i, r in enumerate(frag.rows) if len(_present(r)) >= 2]
    if not multi:
        return None
    first, last = multi[0], multi[-1]
    while first > 0 and len(_present(frag.rows[first - 1])) == 1 and _is_band(_present(frag.rows[first - 1])[0]):
        first -= 1
    while (
        last + 1 < len(frag.rows)
        and len(_present(frag.rows[last + 1])) == 1
        and _is_band(_present(frag.rows[last + 1])[0])
    ):
        last += 1
    rows = [r for r in frag.rows[first : last + 1] if any(c is not None and c.text.strip() for c in r)]
    if not rows:
        return None
    top = min(c.bbox[1] for c in _present(rows[0]))
    bottom = max(c.bbox[3] for r in rows for c in _present(r))
    return Fragment(rows, (frag.bbox[0], top, frag.bbox[2], bottom), frag.page)


# ------------------------------------------------------------------ one page
def _read_page(page: Any, page_no: int) -> Page:
    chars = [c for c in page.chars if c.get("text", "").strip() or c.get("text") == " "]
    fragments: list[Fragment] = []
    for table in page.find_tables():
        if not table.cells:
            continue
        part = _data_part(_grid(table, chars, page_no))
        if part is not None:
            fragments.append(part)

    def outside_tables(obj: dict[str, Any]) -> bool:
        if obj.get("object_type") != "char":
            return True
        return not any(_inside(obj, f.bbox) for f in fragments)

    text_page = page.filter(outside_tables) if fragments else page
    items: list[Line | Fragment] = list(fragments)
    for ln in text_page.extract_text_lines(x_tolerance_ratio=X_TOLERANCE_RATIO, return_chars=True):
        text = ln["text"].strip()
        if not text:
            continue
        sizes = [c.get("size", 0.0) for c in ln.get("chars", [])] or [12.0]
        items.append(
            Line(
                text,
                ln["x0"],
                ln["x1"],
                ln["top"],
                ln["bottom"],
                Counter(round(s, 1) for s in sizes).most_common(1)[0][0],
                page_no,
            )
        )
    items.sort(key=lambda it: it.top)
    return Page(_drop_page_chrome(items, page.height))


def _drop_page_chrome(items: list[Line | Fragment], height: float) -> list[Line | Fragment]:
    """Page numbers in the top or bottom margin are layout, not report text."""
    out = []
    for it in items:
        if (
            isinstance(it, Line)
            and _PAGE_NUMBER.match(it.text)
            and (it.top > height * 0.85 or it.bottom < height * 0.12)
        ):
            continue
        out.append(it)
    return out


# ------------------------------------------------------------------ across pages
def _covering(frag: Fragment, x0: float, x1: float) -> Cell | None:
    """The cell of ``frag`` that reaches lowest in the column ``x0…x1`` (what a page break cut)."""
    best: Cell | None = None
    for row in frag.rows:
        for c in _present(row):
            overlap = min(c.bbox[2], x1) - max(c.bbox[0], x0)
            if overlap > 0.5 * min(c.bbox[2] - c.bbox[0], x1 - x0) and (best is None or c.bbox[3] >= best.bbox[3]):
                best = c
    return best


def _whole_label(text: str) -> bool:
    """A cell that is a label of the forms on its own (行政事业性收费, 信息内容, 无法提供 …): the halves
    of a label cut by a page break (``（四）无`` | ``法提供``) are not."""
    k = _key(text)
    return bool(
        labels.active_row(k)
        or labels.application_row(k)
        or labels.application_group(k)
        or labels.CONTENT_HEADER.match(k)
        or labels.is_value_header(k)
    )


def _continue(prev: Fragment, nxt: Fragment) -> None:
    """Join a table continued on the next page: in its first row, a cell that carries on a
    label cut by the page break (text without its own numbering, in the same column as a
    label cell at the foot of the previous page) is appended to that label. Two whole labels
    are two rows (a header row ending one page, 行政事业性收费 starting the next), never joined."""
    if not nxt.rows:
        return
    first = nxt.rows[0]
    for j, cell in enumerate(first):
        if cell is None:
            continue
        above = _covering(prev, cell.bbox[0], cell.bbox[2])
        if above is None or not above.text.strip() or is_number(above.text):
            continue
        if abs(above.bbox[0] - cell.bbox[0]) > 3 or abs(above.bbox[2] - cell.bbox[2]) > 3:
            continue  # not the same column: a header under a band, not the rest of a cut label
        text = cell.text.strip()
        if text and not is_number(text) and not _NUMBERED.match(_key(text)):
            if _whole_label(text) and _whole_label(above.text):
                continue
            above.text = f"{above.text}\n{text}"
            first[j] = None
    if not any(c is not None and c.text.strip() for c in first):
        nxt.rows.pop(0)


# ------------------------------------------------------------------ text assembly
def _join(a: str, b: str) -> str:
    if a and b and a[-1].isascii() and a[-1].isalnum() and b[0].isascii() and b[0].isalpha():
        return f"{a} {b}"
    return a + b


def _render(frag: Fragment) -> list[str]:
    """Pipe rows of a table, each cell once, positioned by its x extent (see :func:`table_lines`)."""
    return table_lines([[(c.bbox[0], c.bbox[2], c.text) for c in _present(row)] for row in frag.rows], 1.0)


def pdf_to_text(data: bytes, *, limits: Limits | None = None, engine: str = "auto") -> str:
    """The report text of a PDF: paragraphs as lines, ruled tables as pipe rows.

    ``engine="auto"`` reads with PDFium (pypdfium2, some 20× faster than pdfminer) and hands the file
    to pdfplumber only where that cannot decide (encrypted or LZW streams, form XObjects, rotated text,
    glyphs without Unicode, no text layer, a file PDFium cannot open); ``"pdfium"`` and ``"pdfplumber"``
    force one. :data:`ENGINE` says which read it.
    """
    return read_pdf(data, limits=limits, engine=engine).text


@dataclass(frozen=True)
class PdfText:
    """A PDF as text: the text, the engine that read it, and the page (from 0) of every line of it."""

    text: str
    engine: str
    pages: tuple[int, ...]


def read_pdf(data: bytes, *, limits: Limits | None = None, engine: str = "auto") -> PdfText:
    """:func:`pdf_to_text` with where each line (so each table cell) was printed and which engine read it."""
    if engine not in ("auto", "pdfium", "pdfplumber"):
        raise ValueError(f"engine must be auto, pdfium or pdfplumber, not {engine!r}")
    if engine == "pdfium":
        require("pypdfium2", "pdf")  # asked for by name: a missing engine is an error, not a fallback
    limits = limits or Limits.from_env()
    budget = _Budget(limits)
    token = _BUDGET.set(budget)
    used = "pdfium"
    try:
        pages = None
        if engine != "pdfplumber" and _has_pdfium():
            try:
                pages = _fast_pages(data, limits)
            except _Undecided:
                budget.left = limits.inflated_bytes  # pdfminer inflates the same streams again
                if engine == "pdfium":
                    raise AdapterError("PDFium cannot decide this PDF: read it with engine='pdfplumber'") from None
        if pages is None:
            used = "pdfplumber"
            pages = _read_pdf(_require_pdfplumber(), data, limits)
    except AdapterError:
        raise
    except Exception as e:  # pragma: no cover - damaged content streams
        raise (
            budget.error() if budget.spent else AdapterError(f"cannot read the PDF: {type(e).__name__}: {e}")
        ) from None
    finally:
        _BUDGET.reset(token)
    if budget.spent:  # an exception pdfminer swallowed: the text may be cut short
        raise budget.error()
    lines, on_page = assemble_pages(pages)
    text = "\n".join(lines)
    if len(_CID.findall(text)) > max(20, len(text) // 50):
        raise AdapterError(
            "this PDF's fonts carry no Unicode mapping (text comes out as (cid:NN) codes): "
            "run OCR on it, or export it again with embedded Unicode fonts"
        )
    ENGINE.set(used)
    _log.debug("PDF read with %s", used)
    return PdfText(text + "\n", used, tuple(on_page))


def _has_pdfium() -> bool:
    try:
        import pypdfium2  # type: ignore[import-untyped]  # noqa: F401
    except ImportError:
        return False
    return True


def _read_pdf(pdfplumber: Any, data: bytes, limits: Limits) -> list[Page]:
    """The pages of a PDF, read within ``limits`` (pages counted before any is read)."""
    from pdfminer.pdfpage import PDFPage

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except LimitError:
        raise
    except Exception as e:  # pdfminer raises many types for damaged or encrypted files
        budget = _BUDGET.get()
        if budget is not None and budget.spent:
            raise budget.error() from None
        raise AdapterError(f"cannot open the PDF: {type(e).__name__}: {e}".rstrip(": ")) from None
    with pdf:
        count = 0
        for _ in PDFPage.create_pages(pdf.doc):
            count += 1
            if count > limits.pages:
                raise limits.exceeded("pages", count, "the PDF")
        n_chars = sum(len(p.chars) for p in pdf.pages)
        if n_chars == 0 or all(not str(c.get("text", "")).strip() for p in pdf.pages for c in p.chars):
            raise NoTextLayerError(
                f"this PDF has no text layer ({len(pdf.pages)} pages of scanned images): "
                "read it with the OCR extra (pip install 'govinfo-report[ocr]'), or run OCR on it first "
                "(e.g. `ocrmypdf --language chi_sim in.pdf out.pdf`) and parse the result",
                len(pdf.pages),
            )
        return [_read_page(p, i) for i, p in enumerate(pdf.pages)]


def assemble_pages(pages: list[Page]) -> tuple[list[str], list[int]]:
    """The text lines of a document's pages, and the page of each: tables continued over a page
    break joined, paragraphs rebuilt, each table row one pipe line (what every reader of page
    coordinates, PDFium's characters or OCR's boxes, hands the parser)."""
    items: list[Line | Fragment] = []
    for page in pages:
        if page.items and items and isinstance(items[-1], Fragment) and isinstance(page.items[0], Fragment):
            _continue(items[-1], page.items[0])
        items.extend(page.items)
    return _assemble(items)


def _assemble(items: list[Line | Fragment]) -> tuple[list[str], list[int]]:
    """The text lines, and the page each was printed on (a paragraph: where it starts; a table row: its page)."""
    out: list[str] = []
    on_page: list[int] = []
    run: list[Line] = []
    all_lines = [it for it in items if isinstance(it, Line)]

    def flush() -> None:
        paras = _paragraphs(run, all_lines)
        out.extend(t for t, _p in paras)
        on_page.extend(p for _t, p in paras)

    for it in items:
        if isinstance(it, Line):
            run.append(it)
            continue
        flush()
        run = []
        rows = _render(it)
        it.row_lines = []
        kept = 0
        for row in it.rows:  # the rows table_lines keeps: those with text
            if any(c.text.strip() for c in _present(row)):
                it.row_lines.append(len(out) + kept)
                kept += 1
            else:
                it.row_lines.append(-1)
        out.extend(rows)
        on_page.extend([it.page] * len(rows))
    flush()
    return out, on_page


def _paragraphs(run: list[Line], sample: list[Line]) -> list[tuple[str, int]]:
    """Lines of running text back into paragraphs: a line that reaches the right margin
    continues on the next, unless that one is indented or starts a numbered heading.
    Margins are measured on ``sample`` (all the document's lines)."""
    if not run:
        return []
    sample = [ln for ln in sample if len(ln.text) >= 10] or run
    left = Counter(round(ln.x0) for ln in sample).most_common(1)[0][0]
    xs = sorted(ln.x1 for ln in sample)
    right = xs[max(0, int(len(xs) * 0.9) - 1)]
    out: list[tuple[str, int]] = []
    prev: Line | None = None
    for ln in run:
        size = ln.size or 12.0
        full = prev is not None and prev.x1 >= right - 1.5 * size and prev.x0 <= left + 2.5 * size
        starts = ln.x0 > left + 0.8 * size or _NUMBERED.match(ln.text) is not None
        if prev is not None and full and not starts and out:
            out[-1] = (_join(out[-1][0], ln.text), out[-1][1])
        else:
            out.append((ln.text, ln.page))
        prev = ln
    return out


# ------------------------------------------------------------------ fast path: PDFium
#: Which engine read the last PDF in this context (``pdfium`` or ``pdfplumber``), for callers and benchmarks.
ENGINE: contextvars.ContextVar[str] = contextvars.ContextVar("govinfo_pdf_engine", default="")
_SNAP = 3.0  # pdfplumber's snap, join and intersection tolerances for ruled tables, in points
_Y_TOLERANCE = 3.0


class _Undecided(Exception):
    """The fast path cannot read this PDF as well as pdfplumber would: hand it over."""


@dataclass
class _Table:
    cells: list[BBox]


#: Deflate's largest expansion: one compressed byte never becomes more than this many.
_DEFLATE_MAX_RATIO = 1032
_FILTER_CHAIN = re.compile(rb"/Filter\s*\[\s*/\w+\s*/\w+")


def _streams_within_budget(data: bytes, budget: _Budget) -> None:
    """Charge the budget for what the file's Flate streams inflate to, before PDFium (which has no
    such limit) reads them. A stream of n bytes inflates to at most 1032·n, so the largest streams
    are inflated (into nothing) only until the bound of the rest fits in what is left; a file whose
    streams could not exceed the budget is not inflated at all. Encrypted files, filter chains and
    LZW/RunLength (which pdfminer's bounded readers handle) are left undecided."""
    if b"/Encrypt" in data or b"/LZW" in data or b"/RunLength" in data or _FILTER_CHAIN.search(data):
        raise _Undecided("encrypted, chained or LZW/RunLength streams")
    flate: list[tuple[int, int]] = []
    pos = 0
    while True:
        i = data.find(b"stream", pos)
        if i < 0:
            break
        start = i + 6
        if data.startswith(b"\r\n", start):
            start += 2
        elif data[start : start + 1] in (b"\n", b"\r"):
            start += 1
        else:  # "endstream" or the word inside a string
            pos = start
            continue
        end = data.find(b"endstream", start)
        end = len(data) if end < 0 else end
        head = data[max(0, i - 400) : i]
        head = head[head.rfind(b"obj") + 1 :]
        if b"Flate" in head or b"/Fl" in head:
            flate.append((start, end))
        pos = end + 9
    flate.sort(key=lambda se: se[0] - se[1])  # largest first
    bound = _DEFLATE_MAX_RATIO * sum(e - s for s, e in flate)
    spent = 0
    for start, end in flate:
        if spent + bound <= budget.left:
            return  # what is left cannot reach the limit
        bound -= _DEFLATE_MAX_RATIO * (end - start)
        d = zlib.decompressobj()
        chunk = data[start:end]
        try:
            while chunk:
                out = d.decompress(chunk, 1 << 20)
                spent += len(out)
                budget.take(len(out))
                chunk = d.unconsumed_tail
                if d.eof:
                    break
        except zlib.error:
            pass  # damaged: PDFium salvages what it can, as pdfminer does


def _fast_pages(data: bytes, limits: Limits) -> list[Page]:
    """The pages of a PDF read with PDFium: characters with their boxes, ruling lines from the path
    objects, and tables and lines rebuilt from those coordinates here."""
    import pypdfium2 as pdfium

    budget = _BUDGET.get()
    if budget is not None:
        _streams_within_budget(data, budget)
    try:
        doc = pdfium.PdfDocument(data)
    except Exception as e:  # damaged or password-protected: pdfplumber says why
        raise _Undecided(str(e)) from None
    try:
        if len(doc) > limits.pages:
            raise limits.exceeded("pages", len(doc), "the PDF")
        pages = []
        any_text = False
        for i in range(len(doc)):
            page = doc[i]
            try:
                chars, edges, height = _fast_page_objects(page)
            finally:
                page.close()
            any_text = any_text or any(c["text"].strip() for c in chars)
            pages.append(layout_page(chars, edges, height, i))
        if not any_text:
            raise _Undecided("no text layer")  # pdfplumber gives the scanned-PDF message
        return pages
    finally:
        doc.close()


def _fast_page_objects(page: Any) -> tuple[list[dict[str, Any]], list[tuple[float, float, float, float]], float]:
    """Characters (pdfplumber's keys, ``top`` from the top edge) and axis-parallel path segments of one page."""
    import ctypes

    import pypdfium2.raw as raw  # type: ignore[import-untyped]

    height = float(page.get_height())
    tp = page.get_textpage()
    tpr, pgr = tp.raw, page.raw  # properties: read once, not once per call
    try:
        n = raw.FPDFText_CountChars(tpr)
        chars: list[dict[str, Any]] = []
        rect = raw.FS_RECTF()
        tm = raw.FS_MATRIX()
        ox, oy, gl, gr, gb, gt = (ctypes.c_double() for _ in range(6))
        text = tp.get_text_range(0, n) if n > 0 else ""
        if len(text) != n:  # characters outside the BMP: one call each
            text = "".join(chr(raw.FPDFText_GetUnicode(tpr, j)) for j in range(n))
        for j, ch in enumerate(text):
            if ch.isspace() and (ch != " " or raw.FPDFText_IsGenerated(tpr, j) == 1):
                continue  # line breaks and the spaces PDFium inserts: words are found from positions here
            if ch == "\ufffd" and raw.FPDFText_HasUnicodeMapError(tpr, j) == 1:
                raise _Undecided("a character without a Unicode mapping")
            if not raw.FPDFText_GetLooseCharBox(tpr, j, rect):
                continue
            raw.FPDFText_GetMatrix(tpr, j, tm)  # the font size is in text space: scaled as pdfminer scales it
            if abs(tm.b) > 1e-6 or abs(tm.c) > 1e-6:
                raise _Undecided("rotated or skewed text")
            size = raw.FPDFText_GetFontSize(tpr, j) * math.hypot(tm.c, tm.d)
            x0, x1, bottom = rect.left, rect.right, height - rect.bottom  # bottom at the descent, as pdfminer's
            if x1 - x0 > 1.6 * size or rect.top - rect.bottom > 1.8 * size:
                # a box PDFium stretched (a text object laid out vertically): from the origin and the glyph
                raw.FPDFText_GetCharOrigin(tpr, j, ox, oy)
                raw.FPDFText_GetCharBox(tpr, j, gl, gr, gb, gt)
                x0, bottom = ox.value, height - oy.value + 0.15 * size
                x1 = x0 + size if unicodedata.east_asian_width(ch) in "WF" else max(gr.value, x0)
            chars.append(
                {
                    "object_type": "char",
                    "text": ch,
                    "x0": x0,
                    "x1": x1,
                    "top": bottom - size,
                    "bottom": bottom,
                    "size": size,
                }
            )
    finally:
        tp.close()
    edges: list[tuple[float, float, float, float]] = []
    matrix = raw.FS_MATRIX()
    x, y = ctypes.c_float(), ctypes.c_float()
    cjk = None  # whether the page prints CJK text (looked at once, for a font the file does not embed)
    for k in range(raw.FPDFPage_CountObjects(pgr)):
        obj = raw.FPDFPage_GetObject(pgr, k)
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_FORM:
            raise _Undecided("a form XObject")  # its own coordinate space: left to pdfplumber
        if kind == raw.FPDF_PAGEOBJ_TEXT and not raw.FPDFFont_GetIsEmbedded(raw.FPDFTextObj_GetFont(obj)):
            if cjk is None:
                cjk = any(unicodedata.east_asian_width(c["text"]) in "WF" for c in chars)
            if cjk and not _system_has_cjk_font():
                # PDFium lays out a font the file does not embed with one of the machine's: with no CJK font to
                # stand in, it drops characters from its text (a cell's second line, a vertical label), which
                # pdfminer, reading the widths in the file, keeps
                raise _Undecided("CJK text in a font not embedded, and no CJK font on this machine")
        if kind != raw.FPDF_PAGEOBJ_PATH or not raw.FPDFPageObj_GetMatrix(obj, matrix):
            continue
        a, bb, c, d, e, f = matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f
        n_seg = raw.FPDFPath_CountSegments(obj)
        if n_seg == 5 and bb == 0 and c == 0:  # a rectangle (``re``): its four sides from two opposite corners
            corners = []
            for s in (0, 2):
                raw.FPDFPathSegment_GetPoint(raw.FPDFPath_GetPathSegment(obj, s), x, y)
                corners.append((a * x.value + e, height - (d * y.value + f)))
            (x0, y0), (x1, y1) = corners
            if x0 != x1 and y0 != y1 and _is_rectangle(raw, obj, x, y, (a, d, e, f, height), corners):
                edges += [(x0, y0, x1, y0), (x1, y0, x1, y1), (x1, y1, x0, y1), (x0, y1, x0, y0)]
                continue
        start = prev = None
        for s in range(n_seg):
            seg = raw.FPDFPath_GetPathSegment(obj, s)
            raw.FPDFPathSegment_GetPoint(seg, x, y)
            pt = (a * x.value + c * y.value + e, height - (bb * x.value + d * y.value + f))
            kind_s = raw.FPDFPathSegment_GetType(seg)
            if kind_s == raw.FPDF_SEGMENT_MOVETO:
                start = prev = pt
                continue
            if prev is not None and kind_s == raw.FPDF_SEGMENT_LINETO:
                edges.append((prev[0], prev[1], pt[0], pt[1]))
            prev = pt
            if raw.FPDFPathSegment_GetClose(seg) and start is not None:
                edges.append((pt[0], pt[1], start[0], start[1]))
                prev = start
    return chars, edges, height


@functools.cache
def _system_has_cjk_font() -> bool:
    """Whether fontconfig lists a font for Chinese (``fc-list :lang=zh``), asked once per process; False where it
    cannot say (no fontconfig, or it fails), which sends such PDFs to pdfplumber: slower, never a lost character."""
    found = False
    if shutil.which("fc-list"):
        try:
            run = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, timeout=10, check=False)
            found = bool(run.stdout.strip())
        except (OSError, subprocess.SubprocessError):
            found = False
    if not found:
        _log.debug("no CJK font listed by fontconfig: PDFs with CJK text in fonts they do not embed go to pdfplumber")
    return found


def _is_rectangle(
    raw: Any, obj: Any, x: Any, y: Any, m: tuple[float, float, float, float, float], corners: list[tuple[float, float]]
) -> bool:
    """Whether a five-segment path is the rectangle its corners 0 and 2 span (points 1 and 3 on its
    other corners, the last segment closing it): what ``re`` draws, so its sides need no more calls."""
    a, d, e, f, height = m
    (x0, y0), (x1, y1) = corners
    want = {(x0, y1), (x1, y0)}
    for s in (1, 3):
        raw.FPDFPathSegment_GetPoint(raw.FPDFPath_GetPathSegment(obj, s), x, y)
        pt = (a * x.value + e, height - (d * y.value + f))
        if pt not in want:
            return False
        want.discard(pt)
    last = raw.FPDFPath_GetPathSegment(obj, 4)
    if raw.FPDFPathSegment_GetClose(last):
        return True
    raw.FPDFPathSegment_GetPoint(last, x, y)
    return (a * x.value + e, height - (d * y.value + f)) == (x0, y0)


def _cluster(values: list[float], tol: float) -> dict[float, float]:
    """Each value → the mean of its run of values no further than ``tol`` apart (pdfplumber's snapping)."""
    out: dict[float, float] = {}
    run: list[float] = []
    for v in sorted(set(values)):
        if run and v - run[-1] > tol:
            m = sum(run) / len(run)
            out.update((r, m) for r in run)
            run = []
        run.append(v)
    if run:
        m = sum(run) / len(run)
        out.update((r, m) for r in run)
    return out


def _join_runs(edges: list[tuple[float, float, float]], tol: float) -> list[tuple[float, float, float]]:
    """Collinear edges ``(at, start, end)`` that touch or overlap (within ``tol``) as one."""
    out: list[tuple[float, float, float]] = []
    for at, s, e in sorted(edges):
        if out and out[-1][0] == at and s <= out[-1][2] + tol:
            out[-1] = (at, out[-1][1], max(out[-1][2], e))
        else:
            out.append((at, s, e))
    return [ed for ed in out if ed[2] - ed[1] >= _SNAP]


def _find_tables(segments: list[tuple[float, float, float, float]]) -> list[_Table]:
    """Ruled tables from line segments, as pdfplumber's ``lines`` strategy finds them: edges snapped
    and joined, their crossings, and for each crossing the smallest box closed by ruled edges."""
    hs = [(y0, min(x0, x1), max(x0, x1)) for x0, y0, x1, y1 in segments if abs(y1 - y0) < 1e-3 and abs(x1 - x0) >= 1]
    vs = [(x0, min(y0, y1), max(y0, y1)) for x0, y0, x1, y1 in segments if abs(x1 - x0) < 1e-3 and abs(y1 - y0) >= 1]
    if not hs or not vs:
        return []
    hy = _cluster([h[0] for h in hs], _SNAP)
    vx = _cluster([v[0] for v in vs], _SNAP)
    h_edges = _join_runs([(hy[a], s, e) for a, s, e in hs], _SNAP)
    v_edges = _join_runs([(vx[a], s, e) for a, s, e in vs], _SNAP)
    points: dict[tuple[float, float], tuple[set[int], set[int]]] = {}
    h_ys = [h[0] for h in h_edges]  # sorted: _join_runs sorts by position
    for vi, (x, top, bottom) in enumerate(v_edges):
        for hi in range(bisect.bisect_left(h_ys, top - _SNAP), bisect.bisect_right(h_ys, bottom + _SNAP)):
            y, x0, x1 = h_edges[hi]
            if x0 - _SNAP <= x <= x1 + _SNAP:
                sets = points.setdefault((x, y), (set(), set()))
                sets[0].add(vi)
                sets[1].add(hi)
    by_x: dict[float, list[tuple[float, float]]] = {}
    by_y: dict[float, list[tuple[float, float]]] = {}
    for p in sorted(points, key=lambda q: (q[1], q[0])):
        by_x.setdefault(p[0], []).append(p)
        by_y.setdefault(p[1], []).append(p)
    cells: list[BBox] = []
    for p in sorted(points, key=lambda q: (q[1], q[0])):
        pv, ph = points[p]
        below = [q for q in by_x[p[0]] if q[1] > p[1] and pv & points[q][0]]
        right = [q for q in by_y[p[1]] if q[0] > p[0] and ph & points[q][1]]
        found = False
        for b in below:
            for r in right:
                corner = (r[0], b[1])
                if corner in points and points[corner][1] & points[b][1] and points[corner][0] & points[r][0]:
                    cells.append((p[0], p[1], r[0], b[1]))
                    found = True
                    break
            if found:
                break
    return [_Table(group) for group in _group_cells(cells) if len(group) > 1]


def _group_cells(cells: list[BBox]) -> list[list[BBox]]:
    """Cells that share a corner are one table; tables in reading order."""
    parent = list(range(len(cells)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[tuple[float, float], int] = {}
    for i, (x0, top, x1, bottom) in enumerate(cells):
        for corner in ((x0, top), (x0, bottom), (x1, top), (x1, bottom)):
            if corner in owner:
                parent[root(i)] = root(owner[corner])
            else:
                owner[corner] = i
    groups: dict[int, list[BBox]] = {}
    for i, c in enumerate(cells):
        groups.setdefault(root(i), []).append(c)
    return sorted(groups.values(), key=lambda g: min((c[1], c[0]) for c in g))


_TOP = operator.itemgetter("top")
_X0 = operator.itemgetter("x0")


def _char_lines(chars: list[dict[str, Any]]) -> list[list[list[dict[str, Any]]]]:
    """Characters as lines of words, as pdfplumber groups them: lines are runs of tops no more than
    3 pt apart; a word ends at a space, a step back, or a gap over 0.3 of the character's size."""
    if not chars:
        return []
    lines: list[list[dict[str, Any]]] = []
    for ch in sorted(chars, key=_TOP):
        if lines and ch["top"] - lines[-1][-1]["top"] <= _Y_TOLERANCE:
            lines[-1].append(ch)
        else:
            lines.append([ch])
    out = []
    for line in lines:
        words: list[list[dict[str, Any]]] = []
        word: list[dict[str, Any]] = []
        for ch in sorted(line, key=_X0):
            if ch["text"].isspace():
                if word:
                    words.append(word)
                word = []
                continue
            if word:
                last = word[-1]
                if (
                    ch["x0"] < last["x0"]
                    or ch["x0"] > last["x1"] + X_TOLERANCE_RATIO * last["size"]
                    or abs(ch["top"] - last["top"]) > _Y_TOLERANCE
                ):
                    words.append(word)
                    word = []
            word.append(ch)
        if word:
            words.append(word)
        if words:
            out.append(words)
    return out


def _fast_text(chars: list[dict[str, Any]]) -> str:
    return "\n".join(" ".join("".join(c["text"] for c in w) for w in line) for line in _char_lines(chars))


def layout_page(
    chars: list[dict[str, Any]], segments: list[tuple[float, float, float, float]], height: float, page_no: int
) -> Page:
    """A page from its characters (pdfplumber's keys: ``text``, ``x0``, ``x1``, ``top``, ``bottom``,
    ``size``, in points from the top left) and its ruling lines (segments ``(x0, y0, x1, y1)``):
    ruled tables found from the lines, each character put in the cell under its centre, the rest
    grouped into lines of words; page numbers in the margins dropped."""
    fragments: list[Fragment] = []
    tables = _find_tables(segments)
    centred = [((c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2, c) for c in chars] if tables else []
    for table in tables:
        part = _data_part(_grid_by_slot(table, centred, page_no))
        if part is not None:
            fragments.append(part)
    boxes = [f.bbox for f in fragments]
    rest = (
        [c for h, v, c in centred if not any(b[0] <= h < b[2] and b[1] <= v < b[3] for b in boxes)]
        if fragments
        else chars
    )
    items: list[Line | Fragment] = list(fragments)
    for words in _char_lines(rest):
        text = " ".join("".join(c["text"] for c in w) for w in words).strip()
        if not text:
            continue
        line_chars = [c for w in words for c in w]
        items.append(
            Line(
                text,
                min(c["x0"] for c in line_chars),
                max(c["x1"] for c in line_chars),
                min(c["top"] for c in line_chars),
                max(c["bottom"] for c in line_chars),
                Counter(round(c["size"], 1) for c in line_chars).most_common(1)[0][0],
                page_no,
            )
        )
    items.sort(key=lambda it: it.top)
    return Page(_drop_page_chrome(items, height))


def _grid_by_slot(table: _Table, chars: list[tuple[float, float, dict[str, Any]]], page_no: int) -> Fragment:
    """:func:`_grid` in one pass over the characters: each goes to the cell over its grid slot
    (found by bisection) instead of every cell testing every character; the same cells result."""
    cells = table.cells
    x0s = sorted({c[0] for c in cells})
    tops = sorted({c[1] for c in cells})
    x_end = max(c[2] for c in cells)
    y_end = max(c[3] for c in cells)
    by_pos = {(c[0], c[1]): c for c in cells}
    slot_cell: dict[tuple[int, int], BBox] = {}
    for c in cells:
        for i in range(bisect.bisect_left(tops, c[1]), bisect.bisect_left(tops, c[3])):
            for j in range(bisect.bisect_left(x0s, c[0]), bisect.bisect_left(x0s, c[2])):
                slot_cell.setdefault((i, j), c)
    in_cell: dict[BBox, list[dict[str, Any]]] = {}
    orphans: dict[tuple[int, int], list[dict[str, Any]]] = {}
    box = (x0s[0], tops[0], x_end, y_end)
    bx0, by0, bx1, by1 = box
    for h, v, ch in chars:  # (centre x, centre y, character): the centre decides, as in _inside
        if not (bx0 <= h < bx1 and by0 <= v < by1):
            continue
        slot = (bisect.bisect_right(tops, v) - 1, bisect.bisect_right(x0s, h) - 1)
        cell = slot_cell.get(slot)
        if cell is None or not _inside(ch, cell):
            cell = next((c for c in cells if _inside(ch, c)), None)
        if cell is not None:
            in_cell.setdefault(cell, []).append(ch)
        else:
            orphans.setdefault(slot, []).append(ch)
    rows: list[list[Cell | None]] = []
    for i, top in enumerate(tops):
        bottom = tops[i + 1] if i + 1 < len(tops) else y_end
        row: list[Cell | None] = []
        for j, x0 in enumerate(x0s):
            bbox = by_pos.get((x0, top))
            if bbox is not None:
                row.append(Cell(_fast_text(in_cell.get(bbox, [])), bbox))
                continue
            text = _fast_text(orphans.get((i, j), []))
            slot_box = (x0, top, x0s[j + 1] if j + 1 < len(x0s) else x_end, bottom)
            row.append(Cell(text, slot_box) if text.strip() else None)
        rows.append(row)
    return Fragment(rows, box, page_no)
