"""Scanned PDFs and images → report text (extra ``ocr``: rapidocr-onnxruntime, pypdfium2 to render).

A scanned PDF has no text layer, and some reports publish their tables only as pictures. Here each
page is rendered (pypdfium2) or loaded (Pillow), and an OCR engine whose Chinese models ship inside
its wheel (RapidOCR's PP-OCRv4 on ONNX Runtime; nothing is downloaded at run time) finds the text
boxes and reads them. From there the page is what the PDF path sees:

* each box becomes characters with boxes in points (its width shared among its characters), and the
  ruling lines of the tables are found in the pixels (thin dark runs, not inside a text box);
* :func:`govinfo_report.pdf_adapter.layout_page` rebuilds tables, cells and lines from those
  coordinates and :func:`~govinfo_report.pdf_adapter.assemble_pages` joins the pages, exactly as for
  a PDF with a text layer; then the ordinary parser reads the text;
* a table cell the detector missed but that holds ink is read again on its own;
* every value cell keeps its confidence (the lowest of its characters'): one below
  :data:`THRESHOLD` is left empty, with an ``ocr-low-confidence`` finding that carries what OCR read
  (:meth:`OcrText.findings`), never a guessed number;
* glyphs that print alike in a number (``O``, ``o``, ``〇`` for ``0``; ``l``, ``I``, ``|`` for ``1``)
  count towards the digit when the whole box reads as a number: a lone ``0`` is otherwise split
  between them and read with half the confidence it deserves.

Costs: some seconds a page on two cores; the pages and seconds one file may take are limits
(:attr:`~govinfo_report.adapters.Limits.ocr_pages`, :attr:`~govinfo_report.adapters.Limits.ocr_seconds`).
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import threading
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from typing import Any

from .adapters import Limits, Progress, is_number
from .errors import AdapterError, NoTextLayerError, require
from .model import Finding, OcrInfo
from .pdf_adapter import Cell, Fragment, Page, _inside, assemble_pages, layout_page

__all__ = [
    "DEFAULT_DPI",
    "ENGINE",
    "THRESHOLD",
    "OcrCell",
    "OcrText",
    "available",
    "engine_name",
    "read_image",
    "read_scanned_pdf",
]

_log = logging.getLogger(__name__)

#: The OCR package (its version is added where it is recorded).
ENGINE = "rapidocr-onnxruntime"
#: Resolution a scanned PDF page is rendered at when its image does not say (scans carry their own).
DEFAULT_DPI = 200
#: The confidence a table value needs to be kept; below it the cell is empty, with a finding.
THRESHOLD = 0.6

_POINTS_PER_INCH = 72.0
#: A text box is about this many times the font size high (PP-OCR's boxes, measured on the corpus).
_BOX_PER_FONT = 0.95
#: An image file's scale is guessed from its text: the median box is about this many points high
#: (reports print 12–16 pt).
_BODY_BOX_POINTS = 15.0
_DARK = 170  # grey level (0 black … 255 white) below which a pixel is ink
_MIN_RULE_POINTS = 8.0  # the shortest piece of a ruling line looked for
_MAX_RULE_POINTS = 3.0  # the thickest: ink this far on both sides is a filled area, not a line
#: The recogniser's input width and batch (its defaults; narrower reads lone digits worse, larger batches pad more).
_REC_WIDTH = 320
_REC_BATCH = 6
#: What an emptied value holds until it is printed: not blank to the layout (its row and column stay, a row
#: of emptied values is still a row), an empty cell in the pipe text (``adapters.pipe_row`` drops it).
_EMPTIED = "\u200b"
_NUMERIC = frozenset("0123456789.,-%")
#: Glyphs that print like a digit; counted with it when a whole box reads as a number.
_LOOK_ALIKE = {"0": "Oo〇Ｏ○０。", "1": "lI|｜丨１", **{str(d): chr(0xFF10 + d) for d in range(2, 10)}}


@dataclass(frozen=True)
class OcrCell:
    """One table value as OCR read it: where, what, how sure; ``kept`` is False when it was left empty."""

    page: int  # from 0
    line: int | None  # the text line (from 0) of its row, None when the row has no text left
    row: str  # the row's label as read
    column: int  # the cell's place in its row, from 1
    text: str
    confidence: float
    kept: bool


@dataclass(frozen=True)
class OcrText:
    """A scanned document as text: the text, the page (from 0) of every line, and every value's confidence."""

    text: str
    pages: tuple[int, ...]
    page_count: int
    dpi: int | None
    threshold: float
    cells: tuple[OcrCell, ...]
    engine: str = ENGINE

    def info(self) -> OcrInfo:
        """What :attr:`Report.ocr <govinfo_report.model.Report.ocr>` records of this reading."""
        return OcrInfo(
            engine=self.engine,
            pages=self.page_count,
            dpi=self.dpi,
            threshold=self.threshold,
            cells=len(self.cells),
            below_threshold=sum(1 for c in self.cells if not c.kept),
            min_confidence=round(min(c.confidence for c in self.cells), 3) if self.cells else None,
        )

    def findings(self) -> list[Finding]:
        """An ``ocr-low-confidence`` warning for each value left empty, with the text OCR read."""
        out = []
        for c in self.cells:
            if c.kept:
                continue
            out.append(
                Finding(
                    "ocr-low-confidence",
                    "warning",
                    f"第{c.page + 1}页表格“{c.row}”行第{c.column}格 OCR 读作“{c.text}”,置信度 {c.confidence:.2f} "
                    f"低于 {self.threshold:.2f},记为空",
                    f"page {c.page + 1}, row {c.row!r}, cell {c.column}: OCR read {c.text!r} with confidence "
                    f"{c.confidence:.2f}, below {self.threshold:.2f}; left empty",
                    f"page {c.page + 1}",
                    line=None if c.line is None else c.line + 1,
                    page=c.page + 1,
                )
            )
        return out


# ------------------------------------------------------------------ the engine
class _Decoder:
    """CTC decoding that keeps each character's confidence (the best frame of its run), with
    look-alike glyphs counted towards their digit when the whole box reads as a number."""

    def __init__(self, character: list[str]) -> None:
        self.character = character
        index = {c: i for i, c in enumerate(character)}
        self.fold: dict[int, int] = {}
        self.group: dict[int, list[int]] = {}
        for digit, alikes in _LOOK_ALIKE.items():
            if digit not in index:
                continue
            d = index[digit]
            members = [d] + [index[a] for a in alikes if a in index]
            self.group[d] = members
            for m in members:
                self.fold[m] = d

    def __call__(self, preds: Any, return_word_box: bool = False, **_kwargs: Any) -> list[tuple[str, float]]:
        best = preds.argmax(axis=2)
        return [self._decode(preds[b], best[b]) for b in range(preds.shape[0])]

    def _decode(self, probs: Any, best: Any) -> tuple[str, float]:
        runs: list[list[int]] = []  # [class, first frame, end frame]
        prev = 0
        for t, i in enumerate(best.tolist()):
            if i != 0 and i == prev:
                runs[-1][2] = t + 1
            elif i != 0:
                runs.append([i, t, t + 1])
            prev = i
        if not runs:
            return "", 0.0
        folded = [self.fold.get(i, i) for i, _s, _e in runs]
        chars = [self.character[i] for i in folded]
        numeric = all(c in _NUMERIC for c in chars) and any(c.isdigit() for c in chars)
        confs = []
        for (i, s, e), f in zip(runs, folded, strict=True):
            if numeric and f in self.group:
                confs.append(float(probs[s:e][:, self.group[f]].sum(axis=1).max()))
            else:
                confs.append(float(probs[s:e, i].max()))
        text = "".join(chars) if numeric else "".join(self.character[i] for i, _s, _e in runs)
        return text, min(confs)


_ENGINE_LOCK = threading.Lock()
_ENGINE_OBJ: Any = None


def _engine() -> Any:
    """The OCR engine, built once per process (its models load in a fraction of a second)."""
    global _ENGINE_OBJ
    with _ENGINE_LOCK:
        if _ENGINE_OBJ is None:
            rapidocr = require("rapidocr_onnxruntime", "ocr", "rapidocr-onnxruntime")
            logging.getLogger("RapidOCR").setLevel(logging.WARNING)
            # every box kept (confidence is decided here); upright pages need no direction classifier
            engine = rapidocr.RapidOCR(
                text_score=0.0, use_cls=False, rec_img_shape=[3, 48, _REC_WIDTH], rec_batch_num=_REC_BATCH
            )
            rec = getattr(engine, "text_rec", None)
            post = getattr(rec, "postprocess_op", None)
            character = getattr(post, "character", None)
            if rec is not None and isinstance(character, list):
                rec.postprocess_op = _Decoder(character)
            _ENGINE_OBJ = engine
        return _ENGINE_OBJ


def engine_name() -> str:
    try:
        return f"{ENGINE} {metadata.version(ENGINE)}"
    except metadata.PackageNotFoundError:  # pragma: no cover - a copy without metadata
        return ENGINE


def available() -> bool:
    """Whether the ``ocr`` extra is installed (without loading its models)."""
    import importlib.util

    return importlib.util.find_spec("rapidocr_onnxruntime") is not None


# ------------------------------------------------------------------ one page
@dataclass
class _Box:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    confidence: float


def _ocr(gray: Any) -> list[_Box]:
    """Text boxes of a grey page image, in pixels."""
    import numpy as np

    result, _elapsed = _engine()(np.stack([gray] * 3, axis=-1), use_cls=False)
    boxes = []
    for quad, text, score in result or []:
        xs = [float(p[0]) for p in quad]
        ys = [float(p[1]) for p in quad]
        if str(text).strip():
            boxes.append(_Box(str(text), min(xs), min(ys), max(xs), max(ys), float(score)))
    return boxes


def _chars(boxes: list[_Box], scale: float) -> list[dict[str, Any]]:
    """Each box's text as characters in points (pdfplumber's keys, plus ``conf``), the box's width
    shared among them by their width (a CJK character twice a digit's)."""
    out: list[dict[str, Any]] = []
    for b in boxes:
        text = unicodedata.normalize("NFC", b.text)
        weights = [1.0 if unicodedata.east_asian_width(c) in "WF" else 0.55 for c in text]
        total = sum(weights)
        x0, x1 = b.x0 / scale, b.x1 / scale
        top, bottom = b.top / scale, b.bottom / scale
        size = (bottom - top) / _BOX_PER_FONT
        at = x0
        for c, w in zip(text, weights, strict=True):
            step = (x1 - x0) * w / total
            out.append(
                {
                    "object_type": "char",
                    "text": c,
                    "x0": at,
                    "x1": at + step,
                    "top": top,
                    "bottom": bottom,
                    "size": size,
                    "conf": b.confidence,
                }
            )
            at += step
    return out


def _runs(mask: Any, min_len: int) -> list[tuple[int, int, int]]:
    """Runs of True along each row of ``mask``: (row, first column, end column), at least ``min_len`` long."""
    import numpy as np

    padded = np.zeros((mask.shape[0], mask.shape[1] + 2), dtype=np.int8)
    padded[:, 1:-1] = mask
    step = np.diff(padded, axis=1)
    rows, starts = np.nonzero(step == 1)
    _rows, ends = np.nonzero(step == -1)
    keep = ends - starts >= min_len
    return list(zip(rows[keep].tolist(), starts[keep].tolist(), ends[keep].tolist(), strict=True))


def _rulings(gray: Any, scale: float, boxes: list[_Box]) -> list[tuple[float, float, float, float]]:
    """The ruling lines of a page image as segments in points: thin runs of ink, horizontal or
    vertical, not inside a text box (a glyph's strokes), for :func:`~govinfo_report.pdf_adapter.layout_page`."""
    import numpy as np

    dark = gray < _DARK
    k = max(2, round(_MAX_RULE_POINTS * scale))
    min_len = max(4, round(_MIN_RULE_POINTS * scale))

    def thin(m: Any) -> Any:  # ink without ink k pixels both above and below: a line, not a filled area
        above = np.zeros_like(m)
        below = np.zeros_like(m)
        above[k:] = m[:-k]
        below[:-k] = m[k:]
        return m & ~(above & below)

    def in_text(x0: float, y0: float, x1: float, y1: float) -> bool:
        return any(b.x0 - 1 <= x0 and x1 <= b.x1 + 1 and b.top - 1 <= y0 and y1 <= b.bottom + 1 for b in boxes)

    segments: list[tuple[float, float, float, float]] = []
    for y, x0, x1 in _runs(thin(dark), min_len):
        if not in_text(x0, y, x1, y):
            segments.append((x0 / scale, (y + 0.5) / scale, x1 / scale, (y + 0.5) / scale))
    for x, y0, y1 in _runs(thin(np.ascontiguousarray(dark.T)), min_len):
        if not in_text(x, y0, x, y1):
            segments.append(((x + 0.5) / scale, y0 / scale, (x + 0.5) / scale, y1 / scale))
    return segments + _open_ends(segments)


def _open_ends(segments: list[tuple[float, float, float, float]]) -> list[tuple[float, float, float, float]]:
    """The rule a table continued over a page break does not print: where three or more vertical
    lines end together in the open (at no horizontal line), a line joining their ends closes the
    row they hold (the PDF may draw it invisibly or clip it; a scan does not have it)."""
    tol = _MAX_RULE_POINTS
    hs = [s for s in segments if s[1] == s[3]]
    vs = [s for s in segments if s[0] == s[2]]

    def at_rule(x: float, y: float) -> bool:
        return any(abs(h[1] - y) <= tol and min(h[0], h[2]) - tol <= x <= max(h[0], h[2]) + tol for h in hs)

    out = []
    for end in (3, 1):  # bottoms, then tops
        loose = sorted((v[end], v[0]) for v in vs if not at_rule(v[0], v[end]))
        groups: list[list[tuple[float, float]]] = []
        for y, x in loose:
            if groups and y - groups[-1][-1][0] <= tol:
                groups[-1].append((y, x))
            else:
                groups.append([(y, x)])
        for g in groups:
            xs = sorted({round(x, 1) for _y, x in g})
            if len(xs) >= 3:
                y = max(y for y, _x in g) if end == 3 else min(y for y, _x in g)
                out.append((xs[0], y, xs[-1], y))
    return out


def _ink_crop(
    gray: Any, bbox: Any, scale: float, near: Any = None
) -> tuple[Any, tuple[float, float, float, float]] | None:
    """The ink inside a cell (its rules left out), or only around ``near`` (a box in points) within it,
    on a white margin, ready for the recogniser, and where it lies in points; None for no more than specks."""
    import numpy as np

    inset = max(2, round(1.5 * scale))
    x0, y0, x1, y1 = (round(v * scale) for v in bbox)
    if near is not None:
        margin = 0.25 * (near[3] - near[1])
        x0, y0 = max(x0, round((near[0] - margin) * scale) - inset), max(y0, round((near[1] - margin) * scale) - inset)
        x1, y1 = min(x1, round((near[2] + margin) * scale) + inset), min(y1, round((near[3] + margin) * scale) + inset)
    part = gray[y0 + inset : y1 - inset, x0 + inset : x1 - inset].copy()
    if part.size == 0:
        return None
    dark = part < _DARK
    part[dark.mean(axis=1) > 0.6, :] = 255  # a rule the cell's box did not quite leave out
    part[:, dark.mean(axis=0) > 0.6] = 255
    ys, xs = np.nonzero(part < _DARK)
    if len(ys) < max(6, scale * scale):
        return None
    pad = max(4, round(3 * scale))
    top, left, bottom, right = int(ys.min()), int(xs.min()), int(ys.max()) + 1, int(xs.max()) + 1
    crop = np.full((bottom - top + 2 * pad, right - left + 2 * pad), 255, dtype=np.uint8)
    crop[pad:-pad, pad:-pad] = part[top:bottom, left:right]
    ox, oy = x0 + inset, y0 + inset
    return np.stack([crop] * 3, axis=-1), (
        (ox + left) / scale,
        (oy + top) / scale,
        (ox + right) / scale,
        (oy + bottom) / scale,
    )


def _recognise(crops: list[Any]) -> list[tuple[str, float]]:
    if not crops:
        return []
    results, _elapsed = _engine().text_rec(crops)
    return [(str(text).strip(), float(score)) for text, score in results]


def _reread_empty_cells(page: Page, gray: Any, scale: float, chars: list[dict[str, Any]]) -> None:
    """A cell the detector found no text in but that holds ink is read on its own (a lone ``0``
    the detector passed over)."""
    targets = []
    for frag in page.items:
        if isinstance(frag, Fragment):
            for row in frag.rows:
                for cell in row:
                    if cell is not None and not cell.text.strip():
                        found = _ink_crop(gray, cell.bbox, scale)
                        if found is not None:
                            targets.append((cell, *found))
    for (cell, _crop, (x0, top, x1, bottom)), (text, score) in zip(
        targets, _recognise([t[1] for t in targets]), strict=True
    ):
        if text:
            cell.text = text
            chars.extend(_chars([_Box(text, x0 * scale, top * scale, x1 * scale, bottom * scale, score)], scale))


def _digits(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKC", text) if c.isdigit())


@dataclass
class _Value:
    frag: Fragment
    row: int
    label: str
    column: int
    text: str
    confidence: float
    cell: Cell
    box: tuple[float, float, float, float] | None  # where its characters are, in points


def _values(page: Page, chars: list[dict[str, Any]], threshold: float, gray: Any, scale: float) -> list[_Value]:
    """Every value cell of the page's tables with its confidence; those below ``threshold`` emptied.
    A short value (one or two characters, where the recogniser has least context) is read a second
    time from its own ink: when the digits of the two readings differ its confidence is 0 — kept only
    when two readings agree."""
    found: list[_Value] = []
    for frag in page.items:
        if not isinstance(frag, Fragment):
            continue
        inside = [c for c in chars if _inside(c, frag.bbox)]
        label = ""
        for i, row in enumerate(frag.rows):
            present = [c for c in row if c is not None]
            for j, cell in enumerate(present, start=1):
                text = cell.text.strip()
                if not text:
                    continue
                if not is_number(text):
                    if j == 1 or not label:
                        label = " ".join(text.split())
                    continue
                mine = [c for c in inside if _inside(c, cell.bbox)]
                confs = [float(c["conf"]) for c in mine]
                box = (
                    (
                        min(c["x0"] for c in mine),
                        min(c["top"] for c in mine),
                        max(c["x1"] for c in mine),
                        max(c["bottom"] for c in mine),
                    )
                    if mine
                    else None
                )
                found.append(_Value(frag, i, label, j, text, min(confs) if confs else 0.0, cell, box))
    checks = []
    for v in found:
        crop = _ink_crop(gray, v.cell.bbox, scale, v.box) if len(v.text) <= 2 else None
        if crop is not None:
            checks.append((v, crop[0]))
    for (v, _crop), (again, score) in zip(checks, _recognise([c for _v, c in checks]), strict=True):
        # the digits must agree (a stray mark beside them is framing); a second reading that is itself
        # unsure of what it saw (a crop it cannot make out) is no evidence either way
        if _digits(again) != _digits(v.text) and score >= threshold:
            _log.debug("second reading %r of %r (%.2f): not kept", again, v.text, score)
            v.confidence = 0.0
    for v in found:
        if v.confidence < threshold:
            v.cell.text = _EMPTIED
    return found


def _read_page(gray: Any, scale: float | None, page_no: int, threshold: float) -> tuple[Page, list[_Value]]:
    boxes = _ocr(gray)
    if scale is None:
        scale = _scale_from_text(boxes)
    chars = _chars(boxes, scale)
    height = gray.shape[0] / scale
    page = layout_page(chars, _rulings(gray, scale, boxes), height, page_no)
    _reread_empty_cells(page, gray, scale, chars)
    return page, _values(page, chars, threshold, gray, scale)


# ------------------------------------------------------------------ documents
def _read_pages(
    images: Callable[[int], tuple[Any, float | None]],
    count: int,
    *,
    dpi: int | None,
    limits: Limits,
    threshold: float,
    progress: Progress | None,
    what: str,
) -> OcrText:
    if count > limits.ocr_pages:
        raise limits.exceeded("ocr_pages", count, what)
    start = time.monotonic()
    pages: list[Page] = []
    values: list[_Value] = []
    for i in range(count):
        elapsed = time.monotonic() - start
        if i and elapsed > limits.ocr_seconds:
            raise limits.exceeded("ocr_seconds", int(elapsed), f"{what} (OCR stopped before page {i + 1} of {count})")
        gray, scale = images(i)
        page, found = _read_page(gray, scale, i, threshold)
        pages.append(page)
        values.extend(found)
        _log.info("OCR: page %d of %d read (%.1f s)", i + 1, count, time.monotonic() - start - elapsed)
        if progress is not None:
            progress(i + 1, count)
    lines, on_page = assemble_pages(pages)
    if not any(line.strip() for line in lines):
        pages_said = f"{count} page{'s' if count != 1 else ''}"
        raise NoTextLayerError(
            f"{what} has no text layer and OCR found no text on its {pages_said}"
            if what == "the PDF"
            else f"OCR found no text in {what} ({pages_said})",
            count,
        )
    cells = []
    for v in values:
        lines_of = v.frag.row_lines
        line = lines_of[v.row] if v.row < len(lines_of) and lines_of[v.row] >= 0 else None
        conf = v.confidence
        cells.append(OcrCell(v.frag.page, line, v.label, v.column, v.text, round(conf, 3), conf >= threshold))
    return OcrText("\n".join(lines) + "\n", tuple(on_page), count, dpi, threshold, tuple(cells), engine_name())


def _gray(pil_image: Any) -> Any:
    import numpy as np

    return np.asarray(pil_image.convert("L"), dtype=np.uint8)


def read_scanned_pdf(
    data: bytes,
    *,
    limits: Limits | None = None,
    dpi: int | None = None,
    threshold: float = THRESHOLD,
    progress: Progress | None = None,
) -> OcrText:
    """A PDF's pages rendered and read by OCR, within ``limits`` (pages and seconds).

    ``dpi=None`` renders at the scan's own resolution (that of the largest image on the first page, within
    100–300 dpi; :data:`DEFAULT_DPI` when the page holds no image): a scan is neither blurred by a coarser
    rendering nor enlarged past what it holds."""
    limits = limits or Limits.from_env()
    key = _key(data, dpi or 0, threshold)
    if key in _CACHE:
        return _CACHE[key]
    _engine()  # a missing extra is said before any page is rendered
    pdfium = require("pypdfium2", "pdf")
    try:
        doc = pdfium.PdfDocument(data)
    except Exception as e:
        raise AdapterError(f"cannot open the PDF: {e}") from None
    try:
        count = len(doc)
        if count > limits.pages:
            raise limits.exceeded("pages", count, "the PDF")
        if dpi is None:
            dpi = _scan_dpi(doc[0]) if count else DEFAULT_DPI
        scale = dpi / _POINTS_PER_INCH

        def image(i: int) -> tuple[Any, float | None]:
            page = doc[i]
            try:
                return _gray(page.render(scale=scale).to_pil()), scale
            finally:
                page.close()

        result = _read_pages(
            image, count, dpi=dpi, limits=limits, threshold=threshold, progress=progress, what="the PDF"
        )
    finally:
        doc.close()
    _remember(key, result)
    return result


def _scan_dpi(page: Any) -> int:
    """The resolution of the largest image on a PDF page, within 100–300 dpi (:data:`DEFAULT_DPI` without one)."""
    import pypdfium2.raw as raw  # type: ignore[import-untyped]

    best: tuple[int, float] = (0, 0.0)
    try:
        for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE]):
            meta = obj.get_metadata()
            best = max(best, (int(meta.width) * int(meta.height), float(meta.horizontal_dpi)))
    except Exception:  # pragma: no cover - an image PDFium cannot describe
        return DEFAULT_DPI
    finally:
        page.close()
    return min(300, max(100, round(best[1]))) if best[1] > 0 else DEFAULT_DPI


def read_image(
    data: bytes,
    *,
    limits: Limits | None = None,
    threshold: float = THRESHOLD,
    progress: Progress | None = None,
) -> OcrText:
    """An image file (PNG, JPEG, TIFF with one page a frame, …) read by OCR. Its scale in points is
    taken from its text (body text boxes are about 16 points high), so any resolution reads alike."""
    limits = limits or Limits.from_env()
    key = _key(data, 0, threshold)
    if key in _CACHE:
        return _CACHE[key]
    _engine()
    image_mod = require("PIL.Image", "ocr", "Pillow")
    try:
        img = image_mod.open(io.BytesIO(data))
        frames = getattr(img, "n_frames", 1)
    except Exception as e:
        # PIL names the buffer by its address ("<_io.BytesIO object at 0x…>"): the message says the same
        # on every run and in every worker without it
        said = re.sub(r"\s*<[^<>]* at 0x[0-9a-fA-F]+>", "", str(e))
        raise AdapterError(f"cannot read the image: {type(e).__name__}: {said}") from None

    def frame(i: int) -> tuple[Any, float | None]:
        try:
            img.seek(i)
            return _gray(img), None
        except Exception as e:
            raise AdapterError(f"cannot read the image: {type(e).__name__}: {e}") from None

    result = _read_pages(
        frame, frames, dpi=None, limits=limits, threshold=threshold, progress=progress, what="the image"
    )
    _remember(key, result)
    return result


def _scale_from_text(boxes: list[_Box]) -> float:
    """Pixels per point of an image of unknown resolution, from the height of its text boxes."""
    heights = sorted(b.bottom - b.top for b in boxes)
    if not heights:
        return 150 / _POINTS_PER_INCH
    return max(0.5, heights[len(heights) // 2] / _BODY_BOX_POINTS)


# ------------------------------------------------------------------ a small cache
# ``check`` reads a file twice (its report, then its lines); OCR is slow enough to remember the last few.
_CACHE: dict[tuple[str, int, float], OcrText] = {}
_CACHE_SIZE = 4


def _key(data: bytes, dpi: int, threshold: float) -> tuple[str, int, float]:
    return hashlib.sha256(data).hexdigest(), dpi, threshold


def _remember(key: tuple[str, int, float], result: OcrText) -> None:
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[key] = result
