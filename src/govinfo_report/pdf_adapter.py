"""PDF → report text (extra ``pdf``: pdfplumber).

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

import contextvars
import io
import re
import unicodedata
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from . import labels
from .adapters import Limits, is_number, table_lines
from .errors import AdapterError, LimitError, require

__all__ = [
    "X_TOLERANCE_RATIO",
    "BBox",
    "Cell",
    "Fragment",
    "Line",
    "pdf_to_text",
]

BBox = tuple[float, float, float, float]

#: Characters closer than this fraction of their size are one word (CJK glyph spacing is not a space).
X_TOLERANCE_RATIO = 0.3
_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－_\s]*\d{1,4}[-—–－_\s]*|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4}|"
    r"(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?)$",
    re.IGNORECASE,
)
#: A line that starts a heading or numbered item: never the tail of the paragraph above.
_NUMBERED = re.compile(r"^(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.、．](?!\d))")
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
class _Page:
    items: list[Line | Fragment] = field(default_factory=list)


def _inside(char: dict[str, Any], bbox: BBox) -> bool:
    h = (char["x0"] + char["x1"]) / 2
    v = (char["top"] + char["bottom"]) / 2
    return bool(bbox[0] <= h < bbox[2] and bbox[1] <= v < bbox[3])


def _text_of(chars: list[dict[str, Any]]) -> str:
    from pdfplumber.utils.text import extract_text

    return str(extract_text(chars, x_tolerance_ratio=X_TOLERANCE_RATIO)) if chars else ""


# ------------------------------------------------------------------ tables
def _grid(table: Any, chars: list[dict[str, Any]], page_no: int) -> Fragment:
    """A pdfplumber table as rows of cells; a slot with no cell of its own but text in it
    (a cell whose ruling line is missing, as at the top of a continued table) gets that text."""
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
                row.append(Cell(_text_of([ch for ch in in_table if _inside(ch, bbox)]), bbox))
                continue
            slot = (x0, top, x0s[j + 1] if j + 1 < len(x0s) else x_end, bottom)
            orphans = [ch for ch in in_table if _inside(ch, slot) and not any(_inside(ch, c) for c in cells)]
            row.append(Cell(_text_of(orphans), slot) if orphans and _text_of(orphans).strip() else None)
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
    while last + 1 < len(frag.rows) and len(_present(frag.rows[last + 1])) == 1 and _is_band(
        _present(frag.rows[last + 1])[0]
    ):
        last += 1
    rows = [r for r in frag.rows[first:last + 1] if any(c is not None and c.text.strip() for c in r)]
    if not rows:
        return None
    top = min(c.bbox[1] for c in _present(rows[0]))
    bottom = max(c.bbox[3] for r in rows for c in _present(r))
    return Fragment(rows, (frag.bbox[0], top, frag.bbox[2], bottom), frag.page)


# ------------------------------------------------------------------ one page
def _read_page(page: Any, page_no: int) -> _Page:
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
        items.append(Line(text, ln["x0"], ln["x1"], ln["top"], ln["bottom"],
                          Counter(round(s, 1) for s in sizes).most_common(1)[0][0], page_no))
    items.sort(key=lambda it: it.top)
    return _Page(_drop_page_chrome(items, page.height))


def _drop_page_chrome(items: list[Line | Fragment], height: float) -> list[Line | Fragment]:
    """Page numbers in the top or bottom margin are layout, not report text."""
    out = []
    for it in items:
        if isinstance(it, Line) and _PAGE_NUMBER.match(it.text) and (it.top > height * 0.85 or it.bottom < height * 0.12):
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


def _continue(prev: Fragment, nxt: Fragment) -> None:
    """Join a table continued on the next page: in its first row, a cell that carries on a
    label cut by the page break (text without its own numbering, in the same column as a
    label cell at the foot of the previous page) is appended to that label."""
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


def pdf_to_text(data: bytes, *, limits: Limits | None = None) -> str:
    """The report text of a PDF: paragraphs as lines, ruled tables as pipe rows."""
    pdfplumber = _require_pdfplumber()
    limits = limits or Limits.from_env()
    budget = _Budget(limits)
    token = _BUDGET.set(budget)
    try:
        pages = _read_pdf(pdfplumber, data, limits)
    except AdapterError:
        raise
    except Exception as e:  # pragma: no cover - damaged content streams
        raise (budget.error() if budget.spent else AdapterError(f"cannot read the PDF: {type(e).__name__}: {e}")) from None
    finally:
        _BUDGET.reset(token)
    if budget.spent:  # an exception pdfminer swallowed: the text may be cut short
        raise budget.error()
    items: list[Line | Fragment] = []
    for page in pages:
        if page.items and items and isinstance(items[-1], Fragment) and isinstance(page.items[0], Fragment):
            _continue(items[-1], page.items[0])
        items.extend(page.items)
    text = "\n".join(_assemble(items))
    if len(_CID.findall(text)) > max(20, len(text) // 50):
        raise AdapterError("this PDF's fonts carry no Unicode mapping (text comes out as (cid:NN) codes): "
                           "run OCR on it, or export it again with embedded Unicode fonts")
    return text + "\n"


def _read_pdf(pdfplumber: Any, data: bytes, limits: Limits) -> list[_Page]:
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
            raise AdapterError(
                f"this PDF has no text layer ({len(pdf.pages)} pages of scanned images): "
                "run OCR on it first (e.g. `ocrmypdf --language chi_sim in.pdf out.pdf`), then parse the result"
            )
        return [_read_page(p, i) for i, p in enumerate(pdf.pages)]


def _assemble(items: list[Line | Fragment]) -> list[str]:
    out: list[str] = []
    run: list[Line] = []
    all_lines = [it for it in items if isinstance(it, Line)]
    for it in items:
        if isinstance(it, Line):
            run.append(it)
            continue
        out.extend(_paragraphs(run, all_lines))
        run = []
        out.extend(_render(it))
    out.extend(_paragraphs(run, all_lines))
    return out


def _paragraphs(run: list[Line], sample: list[Line]) -> list[str]:
    """Lines of running text back into paragraphs: a line that reaches the right margin
    continues on the next, unless that one is indented or starts a numbered heading.
    Margins are measured on ``sample`` (all the document's lines)."""
    if not run:
        return []
    sample = [ln for ln in sample if len(ln.text) >= 10] or run
    left = Counter(round(ln.x0) for ln in sample).most_common(1)[0][0]
    xs = sorted(ln.x1 for ln in sample)
    right = xs[max(0, int(len(xs) * 0.9) - 1)]
    out: list[str] = []
    prev: Line | None = None
    for ln in run:
        size = ln.size or 12.0
        full = prev is not None and prev.x1 >= right - 1.5 * size and prev.x0 <= left + 2.5 * size
        starts = ln.x0 > left + 0.8 * size or _NUMBERED.match(ln.text) is not None
        if prev is not None and full and not starts and out:
            out[-1] = _join(out[-1], ln.text)
        else:
            out.append(ln.text)
        prev = ln
    return out
