"""Word files → report text (extra ``docx``: python-docx; legacy ``.doc`` through LibreOffice).

A .docx body is read in document order, paragraphs and tables interleaved as
printed. Merged cells are emitted once: a horizontal merge (``gridSpan``) is one
``<w:tc>`` already, and a vertical merge's continuation cells (``vMerge`` without
``restart``) are covered slots and are omitted. Legacy binary ``.doc`` (and RTF,
ODT, WPS) are converted to .docx by ``soffice --headless`` when LibreOffice is on
PATH.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from .adapters import Limits, table_lines
from .errors import AdapterError, require

__all__ = [
    "SOFFICE_TIMEOUT",
    "check_inflated_size",
    "convert_with_soffice",
    "docx_to_text",
    "legacy_to_text",
]

#: How long LibreOffice may take to convert one file (seconds).
SOFFICE_TIMEOUT = 180
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _require_docx() -> Any:
    return require("docx", "docx", "python-docx")


_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


_OFF = ("0", "false", "off")
#: A text box's body: paragraphs and tables of their own, read as blocks after the paragraph anchoring them.
_TXBX = f"{_W}txbxContent"


def _text_boxes(p: Any) -> list[Any]:
    """The text boxes anchored in paragraph ``p`` (a drawing's ``mc:Fallback`` copy is not a second one)."""
    out: list[Any] = []
    stack = list(p)[::-1]
    while stack:
        el = stack.pop()
        if el.tag == _TXBX:
            out.append(el)
        elif el.tag != _MC_FALLBACK:
            stack.extend(list(el)[::-1])
    return out


def _is_hidden(run: Any) -> bool:
    """A run formatted as hidden text (``w:vanish``): Word neither shows nor prints it."""
    vanish = run.find(f"{_W}rPr/{_W}vanish")
    return vanish is not None and vanish.get(f"{_W}val", "true").lower() not in _OFF


def _run_text(el: Any, out: list[str]) -> None:
    """Visible text under ``el``: ``w:t``, tabs and breaks; deleted text (``w:delText``), the old
    place of moved text (``w:moveFrom``), hidden runs (``w:vanish``) and the fallback copy of
    drawings (``mc:Fallback``) are not printed."""
    for child in el:
        tag = child.tag
        if tag == f"{_W}r" and _is_hidden(child):
            continue
        if tag == f"{_W}t":
            out.append(child.text or "")
        elif tag in (f"{_W}tab", f"{_W}ptab"):
            out.append(" ")
        elif tag in (f"{_W}br", f"{_W}cr"):
            out.append("\n")
        elif tag == f"{_W}noBreakHyphen":
            out.append("-")
        elif tag in (_MC_FALLBACK, _TXBX, f"{_W}del", f"{_W}moveFrom", f"{_W}instrText", f"{_W}delInstrText"):
            continue
        else:
            _run_text(child, out)


def _paragraph_lines(p: Any) -> list[str]:
    """A paragraph's visible lines (a manual line break ``w:br`` starts a new line)."""
    parts: list[str] = []
    _run_text(p, parts)
    return [" ".join(ln.split()) for ln in "".join(parts).split("\n")]


def _blocks(el: Any) -> list[Any]:
    """Paragraphs and tables directly in ``el``, in order, looking through content controls."""
    out: list[Any] = []
    for child in el:
        tag = child.tag
        if tag in (f"{_W}p", f"{_W}tbl"):
            out.append(child)
        elif tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml", f"{_W}ins", f"{_W}smartTag"):
            out.extend(_blocks(child))
    return out


def _cell_text(tc: Any) -> str:
    """All text of a cell, its paragraphs (and nested tables) joined with one space."""
    parts: list[str] = []
    for block in _blocks(tc):
        if block.tag == f"{_W}tbl":
            parts.extend(_cell_text(t) for tr in _rows(block) for t in _cells(tr))
        else:
            parts.extend(_paragraph_lines(block))
            parts.extend(_cell_text(box) for box in _text_boxes(block))
    return " ".join(p for p in parts if p)


def _rows(tbl: Any) -> list[Any]:
    return _blocks_of(tbl, f"{_W}tr")


def _cells(tr: Any) -> list[Any]:
    return _blocks_of(tr, f"{_W}tc")


def _blocks_of(el: Any, tag: str) -> list[Any]:
    """Children of ``el`` with ``tag``, looking through content controls and tracked insertions."""
    out: list[Any] = []
    for child in el:
        if child.tag == tag:
            out.append(child)
        elif child.tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml", f"{_W}ins"):
            out.extend(_blocks_of(child, tag))
    return out


def _is_covered(tc: Any) -> bool:
    """A vertically merged cell's continuation: the slot belongs to the cell above."""
    tcPr = tc.find(f"{_W}tcPr")
    if tcPr is None:
        return False
    vmerge = tcPr.find(f"{_W}vMerge")
    return vmerge is not None and vmerge.get(f"{_W}val", "continue") != "restart"


def _grid_int(el: Any, tag: str) -> int:
    """``w:gridSpan``/``w:gridBefore`` of a cell or row (1 or 0 when absent)."""
    node = el.find(f"{_W}tcPr/{_W}{tag}") if tag == "gridSpan" else el.find(f"{_W}trPr/{_W}{tag}")
    default = 1 if tag == "gridSpan" else 0
    if node is None:
        return default
    try:
        return max(default, int(node.get(f"{_W}val", default)))
    except ValueError:
        return default


def _table_lines(tbl: Any) -> list[str]:
    """Pipe rows of a table; a one-column table is page layout and its cells are paragraphs."""
    rows: list[list[tuple[float, float, str]]] = []
    for tr in _rows(tbl):
        col = _grid_int(tr, "gridBefore")
        row = []
        for tc in _cells(tr):
            span = _grid_int(tc, "gridSpan")
            if not _is_covered(tc):
                row.append((float(col), float(col + span), _cell_text(tc)))
            col += span
        rows.append(row)
    if max((len(r) for r in rows), default=0) <= 1:
        return [ln for tr in _rows(tbl) for tc in _cells(tr) if not _is_covered(tc) for ln in _block_lines(tc)]
    return table_lines(rows)


def _block_lines(container: Any) -> list[str]:
    """Lines of a document body or a layout cell: paragraphs and tables in document order."""
    out: list[str] = []
    for block in _blocks(container):
        if block.tag == f"{_W}tbl":
            out.extend(_table_lines(block))
        else:
            out.extend(ln for ln in _paragraph_lines(block) if ln)
            for box in _text_boxes(block):
                out.extend(_block_lines(box))
    return out


def check_inflated_size(data: bytes, limits: Limits, what: str = "the Word file") -> None:
    """Refuse a package whose parts inflate past ``limits.inflated_bytes`` before anything is inflated.

    The sizes come from the ZIP's central directory; :mod:`zipfile` never inflates a member past
    its declared size (a part that lies fails its CRC), so the sum bounds what python-docx reads.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            total = 0
            for info in zf.infolist():
                total += info.file_size
                if total > limits.inflated_bytes:
                    raise limits.exceeded("inflated_bytes", total, what)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        return  # damaged: python-docx says so in its own words


def docx_to_text(data: bytes, *, limits: Limits | None = None) -> str:
    """The report text of a .docx: paragraphs as lines, tables as pipe rows, in document order."""
    docx = _require_docx()
    check_inflated_size(data, limits or Limits.from_env())
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as e:  # python-docx raises several types for a damaged package
        raise AdapterError(f"cannot open the Word file: {type(e).__name__}: {e}") from None
    return "\n".join(_block_lines(document.element.body)) + "\n"


# ------------------------------------------------------------------ legacy formats
_HOW_TO_CONVERT = (
    "install LibreOffice so `soffice` is on PATH (e.g. apt-get install libreoffice-writer), "
    "or open the file in Word/WPS and save it as .docx, then parse the .docx"
)
_SUFFIX = {"doc": ".doc", "rtf": ".rtf", "odt": ".odt"}


def legacy_to_text(data: bytes, kind: str = "doc", *, limits: Limits | None = None) -> str:
    """A legacy Word (.doc), RTF or ODT file, converted to .docx by LibreOffice and read."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise AdapterError(f"this is a legacy {kind.upper()} file; reading it needs LibreOffice: {_HOW_TO_CONVERT}")
    return docx_to_text(convert_with_soffice(data, kind, soffice), limits=limits)


def convert_with_soffice(data: bytes, kind: str, soffice: str) -> bytes:
    """The .docx LibreOffice makes of a file (a private profile, so a running instance does not interfere)."""
    with tempfile.TemporaryDirectory(prefix="govinfo-soffice-") as tmp:
        src = Path(tmp) / f"report{_SUFFIX.get(kind, '.doc')}"
        src.write_bytes(data)
        out_dir = Path(tmp) / "out"
        out_dir.mkdir()
        profile = Path(tmp, "profile").as_uri()
        cmd = [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "docx",
            "--outdir",
            str(out_dir),
            str(src),
        ]
        try:
            proc = subprocess.run(
                cmd, capture_output=True, timeout=SOFFICE_TIMEOUT, check=False, env={**os.environ, "HOME": tmp}
            )
        except subprocess.TimeoutExpired:
            raise AdapterError(f"LibreOffice took more than {SOFFICE_TIMEOUT}s to convert the file") from None
        except OSError as e:
            raise AdapterError(f"cannot run LibreOffice ({soffice}): {e}; {_HOW_TO_CONVERT}") from None
        produced = sorted(out_dir.glob("*.docx"))
        if proc.returncode != 0 or not produced:
            detail = (proc.stderr or proc.stdout).decode("utf-8", "replace").strip().splitlines()
            raise AdapterError(
                "LibreOffice could not convert the file"
                + (f": {detail[-1]}" if detail else "")
                + f"; {_HOW_TO_CONVERT}"
            )
        return produced[0].read_bytes()
