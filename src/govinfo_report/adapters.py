"""Stage 0: files as users get them → text. Decoding and file-type sniffing live here.

Reports are published as web pages, PDFs and Word files, often with the wrong
extension (a ``.doc`` that is really a Word-exported HTML page, a ``.html``
attachment that is a PDF). :func:`load_text` looks at the bytes (magic numbers,
markup), not the name, and hands the file to the matching adapter:

========  ==========================================  ==========================
kind      recognised by                               read by
========  ==========================================  ==========================
pdf       ``%PDF-``                                   :mod:`.pdf_adapter` (extra ``pdf``)
docx      ZIP holding ``word/document.xml``           :mod:`.docx_adapter` (extra ``docx``)
doc       OLE2 compound file; also RTF, ODT           LibreOffice → docx
mht       MIME ``multipart/related`` (saved "web archive")   its HTML part
html      markup at the start, or a script holding markup    :mod:`.html_adapter` (extra ``html``)
markdown  ``.md`` name or a ``|---|`` table rule      pipe tables tidied
text      everything else                             UTF-8 / GB18030 decoding
========  ==========================================  ==========================

Every adapter hands the parser the same shape of text: paragraphs as lines,
and tables as pipe rows (``cell | cell | cell |``, one table row a line, each
cell once in document order, a cell covered by a row/column span omitted, an
empty cell kept as nothing between two pipes).
"""

from __future__ import annotations

import email
import email.policy
import io
import os
import re
import stat
import sys
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING

from .errors import AdapterError, LimitError, MissingExtraError, NoTextLayerError

if TYPE_CHECKING:
    from .ocr_adapter import OcrText

#: Called after each page OCR reads, with (pages done, pages in all).
Progress = Callable[[int, int], None]

__all__ = [
    "Document",
    "Limits",
    "Progress",
    "decode",
    "is_number",
    "load_document",
    "load_text",
    "pipe_row",
    "read_bytes",
    "read_document",
    "sniff",
    "table_lines",
    "text_from_bytes",
]

_MB = 1 << 20
#: Environment variables that raise (or lower) each limit, by field of :class:`Limits`.
LIMIT_ENV = {
    "input_bytes": "GOVINFO_MAX_INPUT_BYTES",
    "inflated_bytes": "GOVINFO_MAX_INFLATED_BYTES",
    "pages": "GOVINFO_MAX_PAGES",
    "ocr_pages": "GOVINFO_MAX_OCR_PAGES",
    "ocr_seconds": "GOVINFO_MAX_OCR_SECONDS",
}
_LIMIT_WHAT = {
    "input_bytes": "bytes of input",
    "inflated_bytes": "bytes once decompressed",
    "pages": "pages",
    "ocr_pages": "pages to read by OCR",
    "ocr_seconds": "seconds of OCR",
}
#: What each limit keeps from happening, said in its error.
_LIMIT_WHY = {
    "ocr_pages": "a limit that keeps one scanned file from holding a run for hours",
    "ocr_seconds": "a limit that keeps one scanned file from holding a run for hours",
}
_LIMIT_WHY_DEFAULT = "a limit that keeps hostile files from exhausting memory"
_SUFFIX = {"k": 1 << 10, "m": 1 << 20, "g": 1 << 30}


@dataclass(frozen=True)
class Limits:
    """What one file may cost before it is refused with a :class:`~govinfo_report.errors.LimitError`.

    The defaults are far above any real report (the largest seen are 30 MB PDFs of ~200 pages)
    and keep a hostile file (``/dev/zero``, a ZIP or Flate bomb) from taking the machine's
    memory. Raise one with a keyword (``parse_file(p, limits=Limits(pages=2000))``) or its
    environment variable (:data:`LIMIT_ENV`: ``GOVINFO_MAX_PAGES=2000``; sizes take K/M/G).
    """

    input_bytes: int = 64 * _MB
    inflated_bytes: int = 256 * _MB
    pages: int = 500
    #: Pages of a scanned PDF or an image file read by OCR (some seconds each), counted before any is read.
    ocr_pages: int = 100
    #: Seconds OCR may spend on one file, checked before each page (so a page that starts in time finishes).
    ocr_seconds: int = 900

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Limits:
        """The defaults, overridden by the ``GOVINFO_MAX_*`` environment variables that are set."""
        env = dict(os.environ) if env is None else env
        changes: dict[str, int] = {}
        for f in fields(cls):
            raw = env.get(LIMIT_ENV[f.name], "").strip()
            if raw:
                changes[f.name] = _parse_size(LIMIT_ENV[f.name], raw)
        return replace(cls(), **changes) if changes else cls()

    def exceeded(self, name: str, value: int, what: str = "the file") -> LimitError:
        """The error for ``value`` over the limit ``name``, saying how to raise the limit."""
        limit = getattr(self, name)
        env = LIMIT_ENV[name]
        return LimitError(
            f"{what} is over the limit of {limit:,} {_LIMIT_WHAT[name]} (at least {value:,}), "
            f"{_LIMIT_WHY.get(name, _LIMIT_WHY_DEFAULT)}; raise it with the environment variable {env}=N "
            f"or parse_file(..., limits=Limits({name}=N))",
            name,
            env,
        )


def _parse_size(name: str, raw: str) -> int:
    try:
        mult = _SUFFIX.get(raw[-1].lower(), 1)
        value = int(raw[:-1] if mult > 1 else raw) * mult
    except ValueError:
        raise AdapterError(f"{name}={raw!r} is not a whole number (K, M and G suffixes are allowed)") from None
    if value < 1:
        raise AdapterError(f"{name}={raw!r} must be at least 1")
    return value


def decode(data: bytes) -> str:
    """Text from bytes: UTF-8 (BOM or not), else GB18030 (a superset of GBK/GB2312).

    A file with a few bad bytes is decoded with U+FFFD for them, in the encoding that needs
    the fewest replacements (one bad byte must not make a GBK report binary); the parser
    reports them as a ``decode-replaced`` finding.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        return least_replaced(data, ("utf-8", "gb18030"))


def least_replaced(data: bytes, encodings: tuple[str, ...]) -> str:
    """``data`` decoded with replacement in the first of ``encodings`` that replaces fewest characters."""
    best: str | None = None
    for name in encodings:
        try:
            text = data.decode(name, errors="replace")
        except LookupError:
            continue
        if best is None or text.count("\ufffd") < best.count("\ufffd"):
            best = text
    return best if best is not None else data.decode("utf-8", errors="replace")


_NOT_REGULAR = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _refuse_irregular(path: str | os.PathLike[str], mode: int) -> None:
    """Only regular files are read: a FIFO or a device would block or never end."""
    if stat.S_ISREG(mode):
        return
    kind = next((name for test, name in _NOT_REGULAR if test(mode)), "not a regular file")
    raise AdapterError(f"cannot read {os.fsdecode(path)}: it is {kind}, not a file")


def read_bytes(path: str | os.PathLike[str], *, limits: Limits | None = None) -> bytes:
    """The bytes of a regular file, or of standard input for ``-``, at most ``limits.input_bytes``.

    A FIFO, device or socket (or a symlink to one) is refused without being read.
    """
    limits = limits or Limits.from_env()
    cap = limits.input_bytes
    if str(path) == "-":
        data = sys.stdin.buffer.read(cap + 1)
        if len(data) > cap:
            raise limits.exceeded("input_bytes", len(data), "standard input")
        return data
    try:
        _refuse_irregular(path, os.stat(path).st_mode)
        # O_NONBLOCK: should the path have become a FIFO since the stat, opening it does not wait for a writer
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(fd, "rb") as fh:
            st = os.fstat(fh.fileno())
            _refuse_irregular(path, st.st_mode)
            if st.st_size > cap:
                raise limits.exceeded("input_bytes", st.st_size, os.fsdecode(path))
            data = fh.read(cap + 1)
    except OSError as e:
        raise AdapterError(f"cannot read {os.fsdecode(path)}: {e.strerror or e}") from None
    if len(data) > cap:
        raise limits.exceeded("input_bytes", len(data), os.fsdecode(path))
    return data


def pipe_row(cells: list[str]) -> str:
    """One table row as the parser reads it: ``a | b |  | c |`` (an empty cell stays empty)."""
    return "".join(f"{_cell(c)} | " for c in cells).rstrip(" ")


_CELL_WS = re.compile(r"[\s\u3000\xa0\u200b\ufeff]+")


def is_number(text: str) -> bool:
    """A cell that prints a count or an amount (full-width digits folded), as the parser reads one."""
    from . import labels

    k = labels.key(unicodedata.normalize("NFKC", text))
    return bool(k) and labels.classify_value(k)[0] == "number"


def table_lines(rows: list[list[tuple[float, float, str]]], tolerance: float = 0.5) -> list[str]:
    """Pipe rows of one table whose cells are given as ``(start, end, text)`` in grid columns
    (HTML, Word) or points (PDF).

    Value columns start where the first number, dash or the first header over values (本年新制作数量,
    申请人情况, 自然人, 结果维持 …) starts. An empty cell left of that is part of a label — an unused
    sub-label slot beside ``（六）其他处理``, a row span cut by a page break — not a value, and is
    omitted like a covered slot (an empty cell there would be read as the row's first value) — in
    a row that has a label: table 四's row of numbers has none, and its first empty cell is its
    first value. Empty cells among the values stay empty, also an empty first value column under
    its header (a table whose first column prints nothing), and every cell of a table 四 row labelled by
    its group (``行政复议 | | 3 | …``): such a row has one label cell. Rows with no text are dropped.
    """
    from . import labels

    starts = [
        start
        for row in rows
        for start, _end, text in row
        # a dash or 无 stands where a value would (a table with no header whose first column prints no number)
        if is_number(text)
        or labels.is_value_header(text)
        or (text.strip() and labels.classify_value(text)[0] == "empty")
    ]
    # a header broken over two rows ("上一" / "年项目数量"): its column's fragments, read down, name it
    first_values = next((i for i, row in enumerate(rows) if any(is_number(t) for _s, _e, t in row)), len(rows))
    columns: dict[float, str] = {}
    for row in rows[:first_values]:
        for start, _end, text in row:
            columns[start] = columns.get(start, "") + text
    starts += [start for start, text in columns.items() if labels.is_value_header(text)]
    values_from = min(starts) if starts else None
    out = []
    for row in rows:
        if not any(text.strip() for _s, _e, text in row):
            continue
        # only a row with a label has label slots: table 四's row of numbers starts with its first value
        labelled = values_from is not None and any(
            text.strip() and (labels.is_row_label(text) or not labels.looks_like_value(text))
            for _s, end, text in row
            if end <= values_from + tolerance
        )
        if labelled and labels.review_groups(row[0][2]) and not labels.review_groups(row[1][2] if len(row) > 1 else ""):
            labelled = False  # 行政复议 | | 3 | …: table 四 printed a row per group has one label cell, no slots
        cells = [
            text
            for _start, end, text in row
            if text.strip() or not labelled or (values_from is not None and end > values_from + tolerance)
        ]
        out.append(pipe_row(cells))
    return out


def _cell(text: str) -> str:
    """A cell's text on one line: internal breaks become one space; a literal pipe would split it."""
    return _CELL_WS.sub(" ", text).strip().replace("|", "/")


# ------------------------------------------------------------------ sniffing
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*")
_HTML_START = re.compile(
    rb"^(?:\s|<!--.*?-->)*<(?:!doctype\s+html|html|head|body|meta|title|\?xml[^>]*>\s*<html|"
    rb"div|p|table|span|font|center|article|section|style|script|link)\b",
    re.IGNORECASE | re.DOTALL,
)
_TAG = re.compile(rb"</?(?:p|div|span|table|tr|td|br|font|strong|b|h[1-6])\b[^>]*>", re.IGNORECASE)
_SCRIPT_MARKUP = re.compile(rb"""(?:let|var|const)\s+\w+\s*=\s*["'`]\s*<|=\s*["'`]<(?:p|table|div)\b""", re.IGNORECASE)
#: A Markdown table rule: ``|---|:---:|`` (a pipe is required, so a lone ``---`` in plain text is no sign).
_MD_RULE = re.compile(r"^\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*$|^\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*$", re.MULTILINE)
_MD_NAMES = (".md", ".markdown", ".mdown", ".mkd")


def sniff(data: bytes, name: str | None = None) -> str:
    """What a file is, from its bytes (the name only breaks the tie between text and Markdown).

    One of ``pdf``, ``docx``, ``doc``, ``rtf``, ``odt``, ``mht``, ``html``, ``markdown``, ``text``,
    ``image`` (PNG, JPEG, TIFF, GIF, BMP, WebP: read by OCR). Raises :class:`AdapterError` for
    containers that hold no report text (a spreadsheet, a bare ZIP archive).
    """
    head = data[:4096]
    body = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(data)
    if head.startswith(_OLE2):
        return "doc"
    if body.startswith(b"{\\rtf"):
        return "rtf"
    if (
        head.startswith(_IMAGE_MAGIC)
        or (head.startswith(b"BM") and head[6:10] == b"\0\0\0\0")  # BMP: its reserved fields are zero
        or (head.startswith(b"RIFF") and head[8:12] == b"WEBP")
    ):
        return "image"
    if _is_mht(body):
        return "mht"
    probe = head if not head.startswith((b"\xff\xfe", b"\xfe\xff")) else decode(head).encode("utf-8")
    probe = probe.lstrip(b"\xef\xbb\xbf")
    if _HTML_START.match(probe) or len(_TAG.findall(data[:65536])) >= 8 or _SCRIPT_MARKUP.search(data[:65536]):
        return "html"
    if name and name.lower().endswith(_MD_NAMES):
        return "markdown"
    if _MD_RULE.search(decode(data[:65536])):
        return "markdown"
    return "text"


def _sniff_zip(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            small = "mimetype" in names and zf.getinfo("mimetype").file_size <= 256  # never inflate a bomb here
            mimetype = zf.read("mimetype").decode("ascii", "replace").strip() if small else ""
    except (zipfile.BadZipFile, OSError, KeyError) as e:
        raise AdapterError(f"damaged ZIP container (a .docx?): {e}") from None
    if "word/document.xml" in names:
        return "docx"
    if mimetype == "application/vnd.oasis.opendocument.text":
        return "odt"
    if any(n.startswith("xl/") for n in names):
        raise AdapterError("this is a spreadsheet (.xlsx), not a report document")
    raise AdapterError("this is a ZIP archive, not a report document: unpack it and parse the files inside")


def _is_mht(body: bytes) -> bool:
    top = body[:2048].lower()
    return b"mime-version:" in top and b"multipart/related" in top


# ------------------------------------------------------------------ dispatch
@dataclass(frozen=True)
class Document:
    """A file's report text, how OCR read it when it did (a scanned PDF, an image), and for a PDF the
    page (from 0) of each text line, so a finding can name its page without reading the file again."""

    text: str
    ocr: OcrText | None = None
    pages: tuple[int, ...] | None = None


def read_document(
    data: bytes, name: str | None = None, *, limits: Limits | None = None, progress: Progress | None = None
) -> Document:
    """:func:`text_from_bytes` with what OCR recorded, for :func:`govinfo_report.parse_file`.

    A PDF without a text layer, and an image, are read by OCR when the ``ocr`` extra is installed;
    ``progress(done, total)`` is called after each page OCR reads.
    """
    limits = limits or Limits.from_env()
    if len(data) > limits.input_bytes:
        raise limits.exceeded("input_bytes", len(data), name or "the input")
    kind = sniff(data, name)
    if kind == "image":
        return Document(*_ocr(data, "image", limits, progress, "this file is an image of a document"))
    if kind == "pdf":
        from .pdf_adapter import read_pdf

        try:
            pdf = read_pdf(data, limits=limits)
            return Document(pdf.text, pages=pdf.pages)
        except NoTextLayerError as e:
            return Document(*_ocr(data, "pdf", limits, progress, str(e).split(":")[0]))
    return Document(text_from_bytes(data, name, limits=limits))


def _ocr(data: bytes, kind: str, limits: Limits, progress: Progress | None, what: str) -> tuple[str, OcrText]:
    import importlib.util

    if importlib.util.find_spec("rapidocr_onnxruntime") is None:
        raise MissingExtraError("ocr", "rapidocr-onnxruntime", f"{what}: it is read by OCR")
    from . import ocr_adapter

    if kind == "image":
        result = ocr_adapter.read_image(data, limits=limits, progress=progress)
    else:
        result = ocr_adapter.read_scanned_pdf(data, limits=limits, progress=progress)
    return result.text, result


def text_from_bytes(data: bytes, name: str | None = None, *, limits: Limits | None = None) -> str:
    """The report text of a file's bytes, whatever kind of file it is, within ``limits``."""
    limits = limits or Limits.from_env()
    if len(data) > limits.input_bytes:
        raise limits.exceeded("input_bytes", len(data), name or "the input")
    kind = sniff(data, name)
    if kind in ("pdf", "image"):
        return read_document(data, name, limits=limits).text
    if kind == "docx":
        from .docx_adapter import docx_to_text

        return docx_to_text(data, limits=limits)
    if kind in ("doc", "rtf", "odt"):
        from .docx_adapter import legacy_to_text

        return legacy_to_text(data, kind, limits=limits)
    if kind == "mht":
        return _mht_to_text(data)
    if kind == "html":
        from .html_adapter import html_to_text

        return html_to_text(data)
    if kind == "markdown":
        return markdown_to_text(decode(data))
    return decode(data)


def load_text(path: str | os.PathLike[str], *, limits: Limits | None = None) -> str:
    """The report text of a file (``-`` for standard input), chosen by content, within ``limits``
    (default :meth:`Limits.from_env`)."""
    limits = limits or Limits.from_env()
    data = read_bytes(path, limits=limits)
    name = None if str(path) == "-" else os.fsdecode(path)
    return text_from_bytes(data, name, limits=limits)


def load_document(
    path: str | os.PathLike[str], *, limits: Limits | None = None, progress: Progress | None = None
) -> Document:
    """:func:`load_text` with what OCR recorded (see :func:`read_document`)."""
    limits = limits or Limits.from_env()
    data = read_bytes(path, limits=limits)
    name = None if str(path) == "-" else os.fsdecode(path)
    return read_document(data, name, limits=limits, progress=progress)


def _mht_to_text(data: bytes) -> str:
    """A saved web archive (.mht/.mhtml): the first HTML part, with the charset its MIME header gives."""
    msg = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in msg.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if not isinstance(payload, bytes):
                continue
            charset = part.get_content_charset()
            from .html_adapter import html_to_text

            if charset:
                try:
                    return html_to_text(payload.decode(_codec(charset)))
                except (LookupError, UnicodeDecodeError):
                    pass
            return html_to_text(payload)
    raise AdapterError("web archive (.mht) without an HTML part")


def _codec(charset: str) -> str:
    c = charset.lower()
    return "gb18030" if c in ("gb2312", "gbk", "x-gbk", "cp936", "gb18030", "euc-cn") else c


# ------------------------------------------------------------------ markdown
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_MD_QUOTE = re.compile(r"^\s{0,3}>\s?")
_MD_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)


def markdown_to_text(text: str) -> str:
    """Markdown as the parser reads it: ``#`` and emphasis marks dropped, table rules dropped,
    table rows without their leading pipe (``| a | b |`` → ``a | b |``)."""
    out: list[str] = []
    for line in text.splitlines():
        if _MD_RULE.fullmatch(line):
            continue
        line = _MD_QUOTE.sub("", line)
        m = _MD_HEADING.match(line)
        if m:
            line = m.group(1)
        line = _MD_EMPHASIS.sub(r"\2", line)
        stripped = line.strip()
        if stripped.startswith("|"):
            cells = [c for c in re.split(r"(?<!\\)\|", stripped[1:])]
            if cells and not cells[-1].strip():
                cells = cells[:-1]
            line = pipe_row([_MD_BR.sub(" ", c).replace("\\|", "/") for c in cells])
        out.append(line)
    return "\n".join(out) + "\n"
