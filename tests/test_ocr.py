"""The OCR path (extra ``ocr``): scanned PDFs and images of reports read back as their text would be.

* the three real PDFs of the corpus, rasterised here at 150 and 200 dpi into image-only PDFs, match their
  gold on at least 98% of the cells, and no wrong value is kept (a value OCR was not sure of is empty,
  with a finding) — slow, and skipped without the corpus;
* a generated report, its canonical text drawn as pages with PIL (tables as ruled grids, in a CJK font of
  the machine), reads back with the same tables and metadata;
* without the extra, a scanned PDF and an image say what to ``pip install``.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import govinfo_report as g
from conftest import corpus_dir
from goldcmp import table_misses
from govinfo_report import adapters, pdf_adapter
from govinfo_report.adapters import Limits
from govinfo_report.errors import AdapterError, LimitError, MissingExtraError
from govinfo_report.model import table_cells

ocr = pytest.importorskip("govinfo_report.ocr_adapter")
HAS_OCR = ocr.available()
needs_ocr = pytest.mark.skipif(not HAS_OCR, reason="the ocr extra (rapidocr-onnxruntime) is not installed")

CORPUS_PDFS = ("hongze-2023", "hongze-2024", "szfgs-2024")
TABLES = ("active_disclosure", "applications", "review_litigation")


def rasterise(pdf: bytes, dpi: int) -> bytes:
    """An image-only PDF of ``pdf``: every page rendered at ``dpi`` (pypdfium2), as a scanner would give it."""
    pdfium = pytest.importorskip("pypdfium2")
    doc = pdfium.PdfDocument(pdf)
    try:
        pages = [doc[i].render(scale=dpi / 72).to_pil().convert("L") for i in range(len(doc))]
    finally:
        doc.close()
    buf = io.BytesIO()
    pages[0].save(buf, "PDF", resolution=dpi, save_all=True, append_images=pages[1:])
    return buf.getvalue()


# ------------------------------------------------------------------ the real PDFs, scanned
@needs_ocr
@pytest.mark.slow
@pytest.mark.corpus
@pytest.mark.parametrize("dpi", [150, 200])
def test_scanned_corpus_pdfs_match_gold(dpi: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = corpus_dir("pdf")
    lines = []
    for name in CORPUS_PDFS:
        scan = tmp_path / f"{name}-{dpi}.pdf"
        scan.write_bytes(rasterise((folder / f"{name}.pdf").read_bytes(), dpi))
        with pytest.raises(AdapterError, match="no text layer"):
            pdf_adapter.read_pdf(scan.read_bytes())  # a scan indeed: only OCR reads it
        start = time.monotonic()
        report = g.parse_file(scan)
        seconds = time.monotonic() - start
        assert report.ocr is not None and report.ocr.dpi == dpi and report.ocr.engine.startswith(ocr.ENGINE)
        gold = json.loads((folder / f"{name}.gold.json").read_text(encoding="utf-8"))
        n, misses = table_misses(gold, report.to_dict())
        right = n - len(misses)
        lines.append(
            f"{name} @ {dpi} dpi: {right}/{n} cells right ({100 * right / n:.1f}%), "
            f"{report.ocr.below_threshold} left empty for low confidence, {seconds / report.ocr.pages:.1f} s/page"
        )
        assert right >= 0.98 * n, (name, misses)
        # a wrong value is never kept: what OCR was not sure of is empty (None), never a guess
        kept_wrong = [m for m in misses if m[2] is not None]
        assert not kept_wrong, (name, kept_wrong)
        low = [f for f in report.findings if f.code == "ocr-low-confidence"]
        assert len(low) == report.ocr.below_threshold
    with capsys.disabled():
        print("\n" + "\n".join(lines))


# ------------------------------------------------------------------ a generated report, drawn
def _cjk_font() -> str:
    if shutil.which("fc-list") is None:
        pytest.skip("fontconfig (fc-list) is not installed")
    out = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True, check=False).stdout
    files = sorted({line.split(":")[0].strip() for line in out.splitlines() if line.strip()})
    if not files:
        pytest.skip("no CJK font on this machine (apt-get install fonts-wqy-microhei)")
    return files[0]


# landscape A4 at 150 dpi (seven value columns hold 9,999,999项), ~12.5 pt text, ~10 pt in tables
_PAGE_W, _PAGE_H, _MARGIN, _SIZE, _LEAD, _TABLE_SIZE = 1754, 1240, 110, 26, 44, 21


def _is_value(text: str) -> bool:
    return not text or adapters.is_number(text)


def _draw_report(text: str, font_path: str) -> bytes:
    """The canonical text as A4 pages at 150 dpi: prose wrapped at the margin, each run of pipe rows a
    ruled table (value columns right, label cells sharing the room left of them)."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(font_path, _SIZE)
    cell_font = ImageFont.truetype(font_path, _TABLE_SIZE)
    title_font = ImageFont.truetype(font_path, _SIZE + 8)
    pages: list[Any] = []
    state: dict[str, Any] = {}

    def new_page() -> None:
        img = Image.new("L", (_PAGE_W, _PAGE_H), 255)
        pages.append(img)
        state["draw"] = ImageDraw.Draw(img)
        state["y"] = _MARGIN

    def room(h: int) -> None:
        if state["y"] + h > _PAGE_H - _MARGIN:
            new_page()

    def wrap(s: str, width: float, f: Any) -> list[str]:
        out, cur = [], ""
        for ch in s:
            if cur and f.getlength(cur + ch) > width:
                out.append(cur)
                cur = ""
            cur += ch
        return [*out, cur] if cur else out or [""]

    def draw_table(rows: list[list[str]]) -> None:
        n = max(sum(1 for _ in _trailing_values(r)) for r in rows)
        labelled = any(len(r) > n for r in rows)
        left, right = _MARGIN, _PAGE_W - _MARGIN
        value_w = (right - left) * (0.6 if labelled else 1.0) / max(n, 1)
        value_x = right - n * value_w
        for row in rows:
            if len(row) > n:  # labels, then n values
                k = len(row) - n
                xs = [left + (value_x - left) * i / k for i in range(k)] + [value_x + i * value_w for i in range(n)]
            elif len(row) == 1 or not labelled:
                xs = [left + (right - left) * i / len(row) for i in range(len(row))]
            else:  # a label and fewer values than columns: the values share the value columns
                xs = [left] + [value_x + (right - value_x) * i / (len(row) - 1) for i in range(len(row) - 1)]
            edges = [*xs, right]
            cells = [wrap(c, edges[i + 1] - edges[i] - 12, cell_font) for i, c in enumerate(row)]
            size = _TABLE_SIZE
            while size > 14 and any(len(ls) > 1 for c, ls in zip(row, cells, strict=True) if _is_value(c)):
                size -= 1  # a narrow column (table 四 has fifteen): smaller type, as a typesetter would
                small = ImageFont.truetype(font_path, size)
                cells = [wrap(c, edges[i + 1] - edges[i] - 12, small) for i, c in enumerate(row)]
            row_font = cell_font if size == _TABLE_SIZE else ImageFont.truetype(font_path, size)
            assert all(len(lines) == 1 for c, lines in zip(row, cells, strict=True) if _is_value(c)), row
            h = max(len(c) for c in cells) * (_TABLE_SIZE + 10) + 16
            room(h)
            d, y = state["draw"], state["y"]
            d.rectangle([left, y, right, y + h], outline=0, width=2)
            for x in edges[1:-1]:
                d.line([x, y, x, y + h], fill=0, width=2)
            for i, lines in enumerate(cells):
                for j, line in enumerate(lines):
                    d.text((edges[i] + 6, y + 8 + j * (_TABLE_SIZE + 10)), line, font=row_font, fill=0)
            state["y"] = y + h
        state["y"] += _LEAD

    new_page()
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        if "|" in lines[i]:
            rows = []
            while i < len(lines) and "|" in lines[i]:
                rows.append([c.strip() for c in lines[i].rstrip().rstrip("|").split("|")])
                i += 1
            draw_table(rows)
            continue
        f = title_font if i == 0 else font
        for part in wrap(lines[i], _PAGE_W - 2 * _MARGIN - (200 if i == 0 else 0), f):
            room(_LEAD)
            x = (_PAGE_W - f.getlength(part)) / 2 if i == 0 else _MARGIN  # the title centred, as printed
            state["draw"].text((x, state["y"]), part, font=f, fill=0)
            state["y"] += _LEAD + (8 if i == 0 else 0)
        i += 1
    buf = io.BytesIO()
    pages[0].save(buf, "TIFF", save_all=True, append_images=pages[1:], compression="tiff_deflate")
    return buf.getvalue()


def _trailing_values(row: list[str]) -> list[str]:
    out = []
    for c in reversed(row):
        if not _is_value(c):
            break
        out.append(c)
    return out


def _short_paragraphs(report: Any) -> Any:
    """The report with each section's text cut to its first sentence (the pages to OCR stay few)."""
    from attrs import evolve

    sections = tuple(evolve(s, text=s.text.split("。")[0][:60] + "。" if s.text else s.text) for s in report.sections)
    return evolve(report, sections=sections, preamble=report.preamble[:80])


def _data(report: Any) -> dict[str, Any]:
    """What a report says: its metadata and every table value (the printed text of a cell aside: OCR
    may read ``998 件`` for ``998件``)."""
    out: dict[str, Any] = {k: getattr(report, k) for k in ("title", "agency", "year", "format")}
    for t in TABLES:
        out[t] = (
            None
            if getattr(report, t) is None
            else {(r, c): cell.value for r, c, cell in table_cells(getattr(report, t))}
        )
    return out


@needs_ocr
@settings(
    max_examples=1,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.generate],  # one drawn report, read once: no shrinking of a page of OCR
)
@given(st.data())
def test_generated_report_drawn_as_an_image_reads_back_equal(data: st.DataObject) -> None:
    from govinfo_report.testing import reports

    font = _cjk_font()
    drawn = reports(formats=("2021",)).filter(
        lambda r: r.title is not None and all(getattr(r, t) is not None for t in TABLES)
    )
    report = _short_paragraphs(data.draw(drawn))
    text = g.render(report)
    expected = g.parse(text)
    values = [c for t in TABLES for _r, _c, c in table_cells(getattr(expected, t)) if c.value is not None]
    assert len(values) >= 20  # a report with tables to read, not an empty one
    image = _draw_report(text, font)
    assert adapters.sniff(image) == "image"
    doc = adapters.read_document(image, "report.tif")
    assert doc.ocr is not None and doc.ocr.dpi is None
    got = g.parse(doc.text)
    assert _data(got) == _data(expected), doc.text


# ------------------------------------------------------------------ confidence, limits, progress
@needs_ocr
def test_low_confidence_value_is_empty_with_a_finding(tmp_path: Path) -> None:
    """With a threshold no reading reaches, every value is empty and each has a finding with what OCR read."""
    font = _cjk_font()
    text = (
        "某县人民政府2023年政府信息公开工作年度报告\n"
        "四、政府信息公开行政复议、行政诉讼情况\n"
        "行政复议 | 未经复议直接起诉 | 复议后起诉 |\n"
        "结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | "
        "结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n"
        "1 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 2 | 0 | 0 | 2 |\n"
    )
    image = _draw_report(text, font)
    strict = ocr.read_image(image, threshold=1.01)
    assert strict.cells and all(not c.kept for c in strict.cells)
    findings = strict.findings()
    assert len(findings) == len(strict.cells)
    assert all(f.code == "ocr-low-confidence" and f.page == 1 and f.line for f in findings)
    assert any("“2”" in f.message for f in findings)  # the text OCR read is carried, not dropped
    got = g.parse(strict.text)  # no value was sure enough: none comes back (a table of nothing is no table)
    assert all(cell.value is None for _r, _c, cell in table_cells(got.review_litigation))
    normal = ocr.read_image(image)
    assert all(c.kept for c in normal.cells) and normal.info().below_threshold == 0
    read = g.parse(normal.text).review_litigation
    assert read is not None and read.post_review_suit.total is not None and read.post_review_suit.total.value == 2
    path = tmp_path / "table.tiff"
    path.write_bytes(image)
    report = g.parse_file(path)
    assert report.ocr == normal.info()
    assert "ocr" in report.to_dict() and g.Report.from_dict(report.to_dict()) == report
    assert "ocr" not in g.parse(text).to_dict()  # reports not read by OCR keep their JSON as it was


@needs_ocr
def test_page_and_time_limits(tmp_path: Path) -> None:
    from PIL import Image

    blank = Image.new("L", (400, 300), 255)
    buf = io.BytesIO()
    blank.save(buf, "TIFF", save_all=True, append_images=[blank, blank])
    with pytest.raises(LimitError) as info:
        ocr.read_image(buf.getvalue(), limits=Limits(ocr_pages=2))
    assert info.value.limit == "ocr_pages" and "GOVINFO_MAX_OCR_PAGES" in str(info.value)
    with pytest.raises(LimitError) as info:
        ocr.read_image(buf.getvalue(), limits=Limits(ocr_seconds=0), threshold=0.59)
    assert info.value.limit == "ocr_seconds" and "before page 2 of 3" in str(info.value)
    assert Limits.from_env({"GOVINFO_MAX_OCR_PAGES": "7", "GOVINFO_MAX_OCR_SECONDS": "60"}) == Limits(
        ocr_pages=7, ocr_seconds=60
    )
    seen: list[tuple[int, int]] = []
    with pytest.raises(AdapterError, match=r"OCR found no text in the image \(3 pages\)"):
        ocr.read_image(buf.getvalue(), progress=lambda done, total: seen.append((done, total)), threshold=0.58)
    assert seen == [(1, 3), (2, 3), (3, 3)]


# ------------------------------------------------------------------ without the extra
def _png() -> bytes:
    pil = pytest.importorskip("PIL.Image")
    buf = io.BytesIO()
    pil.new("L", (60, 40), 255).save(buf, "PNG")
    return buf.getvalue()


def _scanned_pdf() -> bytes:
    pil = pytest.importorskip("PIL.Image")
    pytest.importorskip("pdfplumber")
    buf = io.BytesIO()
    pil.new("L", (200, 280), 255).save(buf, "PDF", resolution=72)
    return buf.getvalue()


@pytest.mark.parametrize("make", [_png, _scanned_pdf], ids=["image", "scanned-pdf"])
def test_missing_ocr_extra_names_the_pip_install(monkeypatch: pytest.MonkeyPatch, make: Any) -> None:
    import importlib.util

    data = make()
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "rapidocr_onnxruntime" else real(name, *a)
    )
    with pytest.raises(MissingExtraError) as info:
        adapters.text_from_bytes(data, "scan")
    assert "pip install 'govinfo-report[ocr]'" in str(info.value)
    assert info.value.extra == "ocr" and info.value.package == "rapidocr-onnxruntime"
    assert ("image" in str(info.value)) if make is _png else ("no text layer" in str(info.value))


def test_missing_ocr_module_at_import_names_the_pip_install(monkeypatch: pytest.MonkeyPatch) -> None:
    """Should the package be found but not import (a broken install), the engine says the same."""
    import sys

    monkeypatch.setitem(sys.modules, "rapidocr_onnxruntime", None)  # import fails, as when it is absent
    monkeypatch.setattr(ocr, "_ENGINE_OBJ", None)
    with pytest.raises(MissingExtraError, match=r"pip install 'govinfo-report\[ocr\]'"):
        ocr.read_image(_png())
