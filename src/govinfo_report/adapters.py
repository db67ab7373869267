"""Stage 0: files as users get them → text. Decoding lives here.

Plain text arrives in UTF-8 (with or without BOM) or GB18030/GBK; saved web
pages, PDFs and Word files are read by optional adapters (extras ``html``,
``pdf``, ``docx``) so the core install stays small.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .errors import AdapterError


def decode(data: bytes) -> str:
    """Text from bytes: UTF-8 (BOM or not), else GB18030 (a superset of GBK/GB2312)."""
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
        return data.decode("utf-8", errors="replace")


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    if str(path) == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(path).read_bytes()
    except OSError as e:
        raise AdapterError(f"cannot read {path}: {e.strerror or e}") from None


def load_text(path: str | os.PathLike[str]) -> str:
    """The report text of a file (``-`` for standard input)."""
    return decode(read_bytes(path))
