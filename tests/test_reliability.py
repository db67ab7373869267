"""Hostile and broken input: every file gives a Report or one clear error, in bounded time and memory.

Each test names the defect it guards against. Time is checked as growth, never as a wall clock: the
time for 4N over the time for N, measured in the same test, is about 4 when the work is linear and
16 when it is quadratic, so a bound of 8 tells them apart on a slow or a busy machine alike.
Inputs are built here; the larger ones (≥ 1 MB at 4N) are marked ``slow`` (CI runs them too).
"""

from __future__ import annotations

import gc
import io
import os
import re
import threading
import time
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import govinfo_report as g
from govinfo_report import adapters, api, html_adapter, labels
from govinfo_report.adapters import Limits
from govinfo_report.errors import AdapterError, LimitError

FIX = Path(__file__).parent / "fixtures"
SEED = (FIX / "seed-xinjiang-2019.txt").read_text(encoding="utf-8")
T = TypeVar("T")
LINEAR = 8.0  # 4N against N: ~4 when linear, ~16 when quadratic

fuzz = settings(
    max_examples=120,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _seconds(fn: Callable[[], object]) -> float:
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        fn()
        return time.perf_counter() - start
    finally:
        gc.enable()


def growth(make: Callable[[int], T], run: Callable[[T], object], n: int) -> float:
    """Time of ``run(make(4n))`` over the best of three ``run(make(n))``, after one warm-up run."""
    small, large = make(n), make(4 * n)
    run(small)
    t1 = min(_seconds(lambda: run(small)) for _ in range(3))
    t4 = _seconds(lambda: run(large))
    return t4 / max(t1, 1e-3)


def _cell(text: str, value: str) -> str:
    """The seed report with its 行政许可 row's first value printed as ``value``."""
    out = text.replace("行政许可 |\n11 |", f"行政许可 |\n{value} |", 1)
    assert out != text
    return out


# ================================================================== parse
def test_a_cell_of_5000_digits_is_text_not_a_valueerror() -> None:
    """Python refuses int() of more than 4,300 digits; no count has 30."""
    r = g.parse(_cell(SEED, "9" * 5000))
    r.to_json()
    assert labels.classify_value("9" * 31)[0] == "text"
    assert labels.classify_value("9" * 30)[0] == "number"
    assert labels.classify_value("-" + "9" * 40 + ".5")[0] == "text"


def test_a_long_decimal_cell_does_not_break_to_json() -> None:
    r = g.parse(_cell(SEED, "9" * 40 + ".123456789"))
    back = g.from_json(r.to_json())
    assert back.to_json() == r.to_json()


def test_a_lone_surrogate_is_replaced_and_reported() -> None:
    """OpenCC and UTF-8 refuse a lone surrogate (U+D800); it becomes U+FFFD and a finding says so."""
    text = SEED.replace("二、主动公开政府信息情况", "二、主动公开政府信息情况\ud800", 1) + "\udcff\n"
    assert text.count("\ud800") == 1
    r = g.parse(text)
    (f,) = [f for f in r.findings if f.code == "decode-replaced"]
    assert f.severity == "warning" and "2 characters" in f.message_en and f.line is not None
    r.to_json().encode("utf-8")
    # a well-formed pair is one character, not two replacements
    joined = g.parse(SEED + "\ud83d\ude00\n")
    assert not [f for f in joined.findings if f.code == "decode-replaced"]


def test_a_nul_anywhere_is_binary() -> None:
    text = SEED + "x" * 25000 + "\n后文\x00"
    with pytest.raises(g.ParseError) as info:
        g.parse(text)
    assert "binary" in info.value.message
    assert info.value.line == text[: text.index("\x00")].count("\n") + 1


def test_one_bad_gb18030_byte_is_replaced_not_refused(tmp_path: Path) -> None:
    """One bad byte used to turn the whole GBK file into U+FFFD soup, refused as binary."""
    data = SEED.encode("gb18030")
    cut = data.index("总体情况".encode("gb18030"))
    path = tmp_path / "gbk.txt"
    path.write_bytes(data[:cut] + b"\xff" + data[cut:])
    r = g.parse_file(path)
    assert r.year == 2019 and r.active_disclosure is not None
    (f,) = [f for f in r.findings if f.code == "decode-replaced"]
    assert f.message_en.startswith("1 characters")
    # a UTF-8 file with one bad byte stays UTF-8
    u = SEED.encode("utf-8")
    assert "新疆" in adapters.decode(u[:cut] + b"\xff" + u[cut:])


def test_findings_are_capped_per_code_with_a_summary() -> None:
    """A million damaged rows made a million findings (3.4 GB)."""
    at = SEED.index("其他对外管理服务事项 |")
    text = SEED[:at] + "规章 |\n0 |\n0 |\n0 |\n" * 1000 + SEED[at:]
    r = g.parse(text)
    dup = [f for f in r.findings if f.code == "row-duplicated"]
    assert len(dup) == api.MAX_FINDINGS_PER_CODE
    (summary,) = [f for f in r.findings if f.code == "findings-omitted"]
    assert summary.where == "row-duplicated" and "900 more" in summary.message_en


def test_findings_are_capped_as_they_are_made() -> None:
    """The cap applied only once the report was built: a table of a million damaged rows held a million
    findings until then (gigabytes). A table's reading now keeps at most the cap of each code."""
    from govinfo_report.tables import read_region

    lines = [(1, "三、收到和处理政府信息公开申请情况")] + [(i, "(一)予以公开 | 1 | 2 |") for i in range(2, 3002)]
    (result,) = read_region(lines, "applications", "2021")
    codes = {f.code for f in result.findings}
    assert codes and all(sum(f.code == c for f in result.findings) <= api.MAX_FINDINGS_PER_CODE for c in codes)
    assert getattr(result.findings, "dropped", {}).get("row-duplicated") == 2999 - api.MAX_FINDINGS_PER_CODE


def test_inline_headings_are_linear() -> None:
    """``'。一、总体情况 ' * N`` on one line sliced the rest of the line once per heading (quadratic)."""
    ratio = growth(lambda n: "2023年政府信息公开工作年度报告\n" + "。一、总体情况 " * n, g.parse, 12_000)
    assert ratio < LINEAR, ratio


@pytest.mark.slow
def test_many_damaged_rows_are_linear() -> None:
    at = SEED.index("其他对外管理服务事项 |")
    ratio = growth(lambda n: SEED[:at] + "规章 |\n0 |\n0 |\n0 |\n" * n + SEED[at:], g.parse, 3_000)
    assert ratio < LINEAR, ratio


# ================================================================== HTML
def _nested(n: int, tag: str = "div") -> str:
    return f"<html><body>{f'<{tag}>x' * n}一、总体情况{f'</{tag}>' * n}</body></html>"


def test_thousands_of_nested_divs_are_linear() -> None:
    """4,000 nested <div> took 28 s (``tag.decomposed`` searches the subtree); 100,000 never ended."""
    assert growth(_nested, html_adapter.html_to_text, 3_000) < LINEAR


@pytest.mark.slow
def test_a_hundred_thousand_nested_divs_finish() -> None:
    text = html_adapter.html_to_text(_nested(100_000))
    assert text.count("x") > 99_000 and "一、总体情况" in text  # the article: the deepest container, flattened


@pytest.mark.parametrize("n", [1_000, 50_000])
def test_unclosed_inline_tags_do_not_recurse(n: int) -> None:
    """1,000 unclosed <b> raised RecursionError: the walk is a loop, and the tree is at most MAX_DEPTH deep."""
    text = html_adapter.html_to_text("<html><body><p>" + "<b>字" * n + "</p><p>后</p></body></html>")
    assert text.count("字") == n and text.rstrip().endswith("后")


def test_flattened_blocks_keep_their_line_breaks_and_drop_scripts() -> None:
    deep = "<div>" * 200 + "<p>第一段</p><p>第二段</p><script>var x = 1;</script>" + "</div>" * 200
    lines = html_adapter.html_to_text(f"<html><body>{deep}</body></html>").split("\n")
    assert "第一段" in lines and "第二段" in lines
    assert not any("var x" in ln for ln in lines)


def test_js_escapes_past_unicode_or_lone_surrogates() -> None:
    """``\\u{110000}`` and ``\\ud800`` in a JavaScript string crashed ``_unescape_js``."""
    body = "<p>" + "政府信息公开工作年度报告。" * 30 + "</p>"
    for esc, want in (
        (r"\u{110000}", "\ufffd"),
        (r"\ud800", "\ufffd"),
        (r"\udcff\u0041", "\ufffdA"),
        (r"\ud83d\ude00", "😀"),
        (r"\u{1F600}", "😀"),
    ):
        inner = markup_from_js(f'var c = "{body}{esc}";')
        assert inner.endswith(f"</p>{want}"), esc
    html_adapter.html_to_text(f'var c = "{body}\\u{{110000}}\\ud800";').encode("utf-8")


def markup_from_js(text: str) -> str:
    inner = html_adapter.markup_from_script(text)
    assert inner is not None
    return inner


def test_js_string_scan_is_linear() -> None:
    """The string-literal regex retried every quote against the rest of the text: ``'"\\\\' * N`` was quadratic."""
    assert growth(lambda n: '"\\' * n, html_adapter.markup_from_script, 100_000) < LINEAR
    assert growth(lambda n: "'a\"" * n, html_adapter.markup_from_script, 100_000) < LINEAR


@pytest.mark.parametrize(
    ("text", "strings"),
    [
        ("""a = "x\\"y"; b = 'it\\'s'; c = `t`""", ['"x\\"y"', "'it\\'s'", "`t`"]),
        ("""x = "\\\\"; y = "z\"""", ['"\\\\"', '"z"']),
        ("""unclosed "abc 'ok'""", ["'ok'"]),
    ],
)
def test_js_string_spans_match_the_old_pattern(text: str, strings: list[str]) -> None:
    old = re.compile(r"""(?P<q>["'`])(?P<body>(?:\\.|(?!(?P=q))[^\\])*)(?P=q)""", re.DOTALL)
    assert [text[a:b] for a, b in html_adapter._js_string_spans(text)] == strings
    assert [m.group(0) for m in old.finditer(text)] == strings


def test_huge_spans_are_capped_to_the_table() -> None:
    """60 cells with rowspan=colspan=1000 (8.5 KB) filled 9 GB of grid slots."""
    import tracemalloc

    cells = "".join(f"<td rowspan=1000 colspan=1000>{i}</td>" for i in range(30))
    page = f"<table><tr>{cells}</tr><tr>{cells}</tr><tr><td>规章</td><td>1</td></tr></table>"
    tracemalloc.start()
    try:
        text = html_adapter.html_to_text(page)
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 50 * 2**20, peak
    assert "29 |" in text and "规章 | 1 |" in text


def test_spans_still_place_cells_as_before() -> None:
    """The grid without a set of slots: a rowspan from above still pushes the next cell right."""
    page = (
        "<table><tr><td rowspan=2>a</td><td>1</td><td>2</td></tr><tr><td>3</td><td>4</td></tr>"
        "<tr><td colspan=2>b</td><td>5</td></tr></table>"
    )
    import bs4

    table = bs4.BeautifulSoup(page, "lxml").find("table")
    assert html_adapter._positioned(table, bs4) == [
        [(0.0, 1.0, "a"), (1.0, 2.0, "1"), (2.0, 3.0, "2")],
        [(1.0, 2.0, "3"), (2.0, 3.0, "4")],
        [(0.0, 2.0, "b"), (2.0, 3.0, "5")],
    ]


# ------------------------------------------------------------------ HTML fuzzing
_TOKENS = [
    *"政府信息公开年度报告一二三、()|0123456789 \n\t&;<>\"'`\\xu{}",
    "\ud800",
    "\x00",
    "\u3000",
    "\ufffd",
    "&nbsp;",
    "&#x110000;",
    "\\u{110000}",
    "\\ud800",
    "\\x41",
]
_TEXT = st.lists(st.sampled_from(_TOKENS), max_size=12).map("".join)
_TAGS = st.sampled_from(
    [
        "div",
        "p",
        "b",
        "span",
        "font",
        "table",
        "tr",
        "td",
        "th",
        "tbody",
        "br",
        "script",
        "style",
        "a",
        "ul",
        "li",
        "center",
        "h1",
        "section",
    ]
)
_ATTR = st.one_of(
    st.just(""),
    st.builds(
        lambda n, v: f' {n}="{v}"',
        st.sampled_from(["rowspan", "colspan", "class", "style", "id"]),
        st.one_of(
            st.integers(-5, 10**6).map(str),
            st.sampled_from(["share", "display:none", '\\"5\\"', "9" * 40, "nav", "content"]),
        ),
    ),
)


def _element(children: Any) -> Any:
    return st.builds(
        lambda t, a, kids, closed: f"<{t}{a}>{''.join(kids)}" + (f"</{t}>" if closed else ""),
        _TAGS,
        _ATTR,
        st.lists(children, max_size=4),
        st.booleans(),
    )


_MARKUP = st.recursive(_TEXT, _element, max_leaves=40)


@st.composite
def pages(draw: st.DrawFn) -> bytes:
    """A page as a crawl brings it: nested, unclosed, spanned, in some encoding, maybe with a bad byte,
    maybe deep, maybe held in a JavaScript string."""
    body = "".join(draw(st.lists(_MARKUP, min_size=1, max_size=4)))
    depth = draw(st.sampled_from([0, 0, 70, 300]))
    body = "<div>" * depth + body + "</div>" * draw(st.integers(0, depth))
    page = f'<html><head><meta charset="{{cs}}"></head><body>{body}</body></html>'
    if draw(st.booleans()):
        page = 'var content = "' + page.replace("\\", "\\\\").replace('"', '\\"') + '";'
    cs = draw(st.sampled_from(["utf-8", "gbk", "big5", "latin-1", "nonsense"]))
    page = page.replace("{cs}", cs)
    enc = draw(st.sampled_from(["utf-8", "gb18030", "utf-16", "big5"]))
    data = page.encode(enc, errors="surrogatepass" if enc.startswith("utf") else "replace")
    if draw(st.booleans()) and data:
        at = draw(st.integers(0, len(data) - 1))
        data = data[:at] + b"\xff" + data[at:]
    return data


@fuzz
@given(pages())
def test_fuzzed_pages_give_text_or_one_clear_error(data: bytes) -> None:
    try:
        text = adapters.text_from_bytes(data, "page.html")
    except AdapterError:
        return
    assert isinstance(text, str)
    try:
        report = g.parse(text)
    except g.ParseError:
        return
    report.to_json()


# ================================================================== DOCX
_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_XML_TEXT = st.text(
    alphabet=st.sampled_from([*"规章行政许可政府信息公开 0123456789|<>&\"'", "\u3000", "\ufffd"]), max_size=10
)


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _para(text: str) -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{_esc(text)}</w:t><w:br/><w:tab/></w:r></w:p>'


_SPAN_VALUE = st.one_of(st.integers(-3, 10**12).map(str), st.sampled_from(["", "x", "1.5", "9" * 50]))


def _tc(content: str, span: str | None, vmerge: str | None) -> str:
    pr = (f'<w:gridSpan w:val="{_esc(span)}"/>' if span is not None else "") + (
        f'<w:vMerge w:val="{vmerge}"/>' if vmerge else ""
    )
    return f"<w:tc><w:tcPr>{pr}</w:tcPr>{content or '<w:p/>'}</w:tc>"


def _blocks(children: Any) -> Any:
    cell = st.builds(
        _tc,
        st.lists(children, max_size=2).map("".join),
        st.none() | _SPAN_VALUE,
        st.sampled_from([None, "restart", "continue"]),
    )
    row = st.builds(
        lambda before, cells: f"<w:tr><w:trPr>{before}</w:trPr>{''.join(cells)}</w:tr>",
        st.sampled_from(["", '<w:gridBefore w:val="2"/>', '<w:gridBefore w:val="-1"/>']),
        st.lists(cell, max_size=4),
    )
    table = st.lists(row, max_size=4).map(lambda rows: f"<w:tbl>{''.join(rows)}</w:tbl>")
    sdt = children.map(lambda c: f"<w:sdt><w:sdtContent>{c}</w:sdtContent></w:sdt>")
    return st.one_of(table, sdt)


_BODY = st.recursive(_XML_TEXT.map(_para), _blocks, max_leaves=25)


@pytest.fixture(scope="module")
def docx_base() -> dict[str, bytes]:
    import docx

    buf = io.BytesIO()
    docx.Document().save(buf)
    with zipfile.ZipFile(buf) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def _docx(parts: dict[str, bytes], body: str | bytes, extra: dict[str, bytes] | None = None) -> bytes:
    xml = (
        body
        if isinstance(body, bytes)
        else (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {_W}><w:body>{body}'
            "</w:body></w:document>"
        ).encode()
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in {**parts, "word/document.xml": xml, **(extra or {})}.items():
            zf.writestr(name, data)
    return buf.getvalue()


@fuzz
@given(
    body=st.lists(_BODY, min_size=1, max_size=4).map("".join),
    depth=st.sampled_from([0, 0, 40, 400]),
    damage=st.sampled_from(["none", "none", "cut", "flip"]),
    where=st.floats(0, 1),
)
def test_fuzzed_word_files_give_text_or_one_clear_error(
    docx_base: dict[str, bytes], body: str, depth: int, damage: str, where: float
) -> None:
    body = "<w:sdt><w:sdtContent>" * depth + body + "</w:sdtContent></w:sdt>" * depth
    data = _docx(docx_base, body)
    at = int(where * (len(data) - 1))
    if damage == "cut":
        data = data[:at]
    elif damage == "flip":
        data = data[:at] + bytes([data[at] ^ 0x5A]) + data[at + 1 :]
    try:
        text = adapters.text_from_bytes(data, "report.docx")
    except AdapterError:
        return
    assert isinstance(text, str)


def test_docx_parts_are_not_inflated_past_the_limit(docx_base: dict[str, bytes]) -> None:
    """A 2 MB .docx reached 4.2 GB before failing: the declared sizes are summed before anything inflates."""
    bomb = _docx(docx_base, _para("规章"), {"word/media/image1.bin": b"\0" * (8 << 20)})
    assert len(bomb) < 100_000
    with pytest.raises(LimitError) as info:
        adapters.text_from_bytes(bomb, "bomb.docx", limits=Limits(inflated_bytes=4 << 20))
    assert info.value.limit == "inflated_bytes" and "GOVINFO_MAX_INFLATED_BYTES" in str(info.value)
    assert "规章" in adapters.text_from_bytes(bomb, "bomb.docx")  # within the default 256 MB


# ================================================================== PDF
def make_pdf(pages: int = 1, content: bytes = b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET", flate: bool = False) -> bytes:
    """A small valid PDF: ``pages`` pages, each drawing ``content`` (Flate-compressed if asked)."""
    stream = zlib.compress(content) if flate else content
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids ["
        + b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(pages))
        + b"] /Count %d >>" % pages,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for i in range(pages):
        objs.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
            b"/Resources << /Font << /F1 3 0 R >> >> >>" % (5 + 2 * i)
        )
        objs.append(
            b"<< /Length %d%s >>\nstream\n" % (len(stream), b" /Filter /FlateDecode" if flate else b"")
            + stream
            + b"\nendstream"
        )
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def test_pdf_pages_over_the_limit_are_refused() -> None:
    pdf = make_pdf(pages=3)
    assert "Hello" in adapters.text_from_bytes(pdf)
    with pytest.raises(LimitError) as info:
        adapters.text_from_bytes(pdf, limits=Limits(pages=2))
    assert info.value.limit == "pages" and "GOVINFO_MAX_PAGES" in str(info.value)


def test_pdf_streams_are_not_inflated_past_the_limit() -> None:
    """pdfminer inflates a Flate stream in one call: a few KB became gigabytes."""
    content = b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET\n" + b"%" + b" " * (6 << 20) + b"\n"
    bomb = make_pdf(content=content, flate=True)
    assert len(bomb) < 50_000
    with pytest.raises(LimitError) as info:
        adapters.text_from_bytes(bomb, limits=Limits(inflated_bytes=1 << 20))
    assert info.value.limit == "inflated_bytes"
    # the same file within its budget reads as before, and pdfminer outside a read is plain zlib again
    assert "Hello" in adapters.text_from_bytes(make_pdf(content=b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET", flate=True))
    from pdfminer import pdftypes

    assert pdftypes.zlib.decompress(zlib.compress(b"x" * 10)) == b"x" * 10


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(pages=st.integers(1, 3), flate=st.booleans(), at=st.floats(0, 1), byte=st.integers(0, 255), cut=st.booleans())
def test_fuzzed_pdfs_give_text_or_one_clear_error(pages: int, flate: bool, at: float, byte: int, cut: bool) -> None:
    data = make_pdf(pages, flate=flate)
    i = int(at * (len(data) - 1))
    data = data[:i] if cut else data[:i] + bytes([byte]) + data[i + 1 :]
    try:
        text = adapters.text_from_bytes(data, limits=Limits(inflated_bytes=1 << 20, pages=2))
    except AdapterError:
        return
    assert isinstance(text, str)


# ================================================================== size limits and odd files
def test_dev_zero_and_a_symlink_to_it_are_refused_without_reading(tmp_path: Path) -> None:
    """parse_file('/dev/zero') read until memory ran out."""
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    link = tmp_path / "report.txt"
    link.symlink_to("/dev/zero")
    for path in ("/dev/zero", link):
        with pytest.raises(AdapterError, match="character device"):
            g.parse_file(path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "report.txt"
    os.mkfifo(fifo)
    caught: list[BaseException] = []
    reader = threading.Thread(target=lambda: _catch(caught, lambda: g.parse_file(fifo)), daemon=True)
    reader.start()
    reader.join(10)
    assert not reader.is_alive(), "parse_file blocked on a FIFO"
    assert isinstance(caught[0], AdapterError) and "named pipe" in str(caught[0])
    with pytest.raises(AdapterError, match="directory"):
        g.parse_file(tmp_path)


def _catch(into: list[BaseException], fn: Callable[[], object]) -> None:
    try:
        fn()
    except BaseException as e:
        into.append(e)


def test_input_over_the_limit_is_refused_before_it_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:  # sparse: 65 MB that take no disk and must not be read
        fh.truncate(65 * 2**20)
    with pytest.raises(LimitError) as info:
        g.parse_file(big)
    assert info.value.limit == "input_bytes" and "GOVINFO_MAX_INPUT_BYTES" in str(info.value)
    small = tmp_path / "seed.txt"
    small.write_text(SEED, encoding="utf-8")
    with pytest.raises(LimitError):
        g.parse_file(small, limits=Limits(input_bytes=1000))
    monkeypatch.setenv("GOVINFO_MAX_INPUT_BYTES", "1K")
    with pytest.raises(LimitError, match="1,024"):
        g.parse_file(small)
    monkeypatch.setenv("GOVINFO_MAX_INPUT_BYTES", "128M")
    assert g.parse_file(big.with_name("seed.txt")).year == 2019
    monkeypatch.setenv("GOVINFO_MAX_INPUT_BYTES", "lots")
    with pytest.raises(AdapterError, match="not a whole number"):
        g.parse_file(small)


def test_standard_input_over_the_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    class Stdin:
        buffer = io.BytesIO(b"x" * 5000)

    monkeypatch.setattr("sys.stdin", Stdin())
    with pytest.raises(LimitError):
        adapters.read_bytes("-", limits=Limits(input_bytes=4096))


def test_limit_errors_are_one_line_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from govinfo_report import cli

    path = tmp_path / "seed.txt"
    path.write_text(SEED, encoding="utf-8")
    monkeypatch.setenv("GOVINFO_MAX_INPUT_BYTES", "100")
    assert cli.main(["parse", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "GOVINFO_MAX_INPUT_BYTES" in err and "Traceback" not in err


def test_reliability_doc_names_every_test_of_the_suite() -> None:
    """docs/reliability.md says which test checks each promise: it must name them all, and only real ones."""
    root = Path(__file__).parent
    doc = (root.parent / "docs" / "reliability.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`(test_[a-z0-9_]+)`", doc))
    src = "".join((root / f).read_text(encoding="utf-8") for f in ("test_reliability.py", "test_batch_faults.py"))
    defined = set(re.findall(r"^def (test_[a-z0-9_]+)", src, flags=re.M)) - {
        "test_reliability_doc_names_every_test_of_the_suite"
    }
    # every test of the two reliability files is named; a name may also be a batch test of test_batch.py
    anywhere = defined | set(re.findall(r"^def (test_[a-z0-9_]+)", (root / "test_batch.py").read_text("utf-8"), re.M))
    assert defined <= named and named <= anywhere, (defined - named, named - anywhere)
