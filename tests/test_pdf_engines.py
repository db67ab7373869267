"""The PDF fast path (PDFium characters and ruling lines, tables rebuilt here) against pdfplumber.

The fast path must give the text pdfplumber gives, character for character, on the real PDFs and
the PDFs built by the tests; files it cannot decide go to pdfplumber, and the result says which
engine read them. Gold cells of the real PDFs are checked in test_adapters.
"""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest

from conftest import corpus_dir
from govinfo_report import adapters, pdf_adapter
from govinfo_report.adapters import Limits
from govinfo_report.errors import AdapterError, LimitError
from test_adapters import _pdf_report, reference
from test_reliability import make_pdf

pytest.importorskip("pypdfium2")
pytest.importorskip("pdfplumber")

NAMES = ["hongze-2023", "hongze-2024", "szfgs-2024"]


@pytest.mark.corpus
@pytest.mark.parametrize("name", NAMES)
def test_fast_path_gives_pdfplumbers_text_on_real_pdfs(name: str) -> None:
    data = (corpus_dir("pdf") / f"{name}.pdf").read_bytes()
    fast = pdf_adapter.read_pdf(data)
    slow = pdf_adapter.read_pdf(data, engine="pdfplumber")
    assert fast.engine == "pdfium" and slow.engine == "pdfplumber"
    assert fast.text == slow.text
    assert fast.pages == slow.pages
    assert pdf_adapter.ENGINE.get() == "pdfplumber"  # the last read


@pytest.mark.corpus
def test_each_line_knows_its_page() -> None:
    data = (corpus_dir("pdf") / "szfgs-2024.pdf").read_bytes()
    result = pdf_adapter.read_pdf(data)
    lines = result.text.splitlines()
    assert len(result.pages) == len(lines)
    assert list(result.pages) == sorted(result.pages)  # reading order runs page by page
    assert result.pages[0] == 0 and result.pages[-1] > 2
    total = next(i for i, ln in enumerate(lines) if ln.startswith("（七）总计"))
    first = next(i for i, ln in enumerate(lines) if ln.startswith("一、本年新收"))
    assert result.pages[total] >= result.pages[first]


def test_fast_path_gives_the_same_text_on_a_built_report_with_a_split_table() -> None:
    data = _pdf_report(reference())
    fast = pdf_adapter.read_pdf(data, engine="pdfium")
    assert fast.text == pdf_adapter.read_pdf(data, engine="pdfplumber").text
    assert len(set(fast.pages)) >= 2


def test_undecided_files_go_to_pdfplumber() -> None:
    """An LZW stream is left to pdfminer's bounded reader; forcing PDFium on it is a clear error."""
    data = make_pdf().replace(b"/Type /Catalog", b"/Type /Catalog /Note /LZWDecode")
    assert pdf_adapter.read_pdf(data).engine == "pdfplumber"
    with pytest.raises(AdapterError, match="engine='pdfplumber'"):
        pdf_adapter.read_pdf(data, engine="pdfium")
    with pytest.raises(ValueError, match="engine"):
        pdf_adapter.read_pdf(data, engine="fast")


def test_limits_hold_on_the_fast_path() -> None:
    bomb = make_pdf(content=b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET\n%" + b" " * (6 << 20) + b"\n", flate=True)
    with pytest.raises(LimitError) as info:
        pdf_adapter.read_pdf(bomb, engine="pdfium", limits=Limits(inflated_bytes=1 << 20))
    assert info.value.limit == "inflated_bytes"
    with pytest.raises(LimitError) as pages:
        pdf_adapter.read_pdf(make_pdf(pages=3), engine="pdfium", limits=Limits(pages=2))
    assert pages.value.limit == "pages"
    assert pdf_adapter.read_pdf(make_pdf(flate=True), engine="pdfium").text == "Hello\n"


def test_flate_prescan_charges_every_stream() -> None:
    budget = pdf_adapter._Budget(Limits(inflated_bytes=1000))
    stream = zlib.compress(b"x" * 600)
    data = b"1 0 obj << /Filter /FlateDecode >> stream\n" + stream + b"\nendstream endobj\n"
    pdf_adapter._streams_within_budget(data, budget)
    assert budget.left == 400
    with pytest.raises(LimitError):
        pdf_adapter._streams_within_budget(data, budget)


def test_scanned_pdf_is_refused_by_either_engine() -> None:
    blank = make_pdf(content=b"0 0 m 100 100 l S")
    for engine in ("auto", "pdfplumber"):
        with pytest.raises(AdapterError, match="no text layer"):
            pdf_adapter.read_pdf(blank, engine=engine)


def test_text_from_bytes_uses_the_fast_path(tmp_path: Path) -> None:
    path = tmp_path / "r.pdf"
    path.write_bytes(make_pdf(pages=2))
    assert adapters.load_text(path) == "Hello Hello\n"
    assert pdf_adapter.ENGINE.get() == "pdfium"


@pytest.mark.parametrize("has_cjk_font", [True, False])
def test_a_font_not_embedded_goes_to_pdfplumber_without_a_cjk_font(
    monkeypatch: pytest.MonkeyPatch, has_cjk_font: bool
) -> None:
    """PDFium lays out a font the file does not embed (the built report's STSong-Light) with one of the machine's;
    on a machine with no CJK font it dropped characters (（五）不予处理 read as 不予处, a vertical label lost), with no
    finding. There pdfplumber reads the file; with a CJK font the fast path does."""
    monkeypatch.setattr(pdf_adapter, "_system_has_cjk_font", lambda: has_cjk_font)
    result = pdf_adapter.read_pdf(_pdf_report(reference()))
    assert result.engine == ("pdfium" if has_cjk_font else "pdfplumber")
    assert "（五）不予处 理 | 1.信访举报投诉类申请" in result.text
