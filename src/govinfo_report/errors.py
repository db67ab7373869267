"""The small exception hierarchy: every error a user can catch comes from here."""

from __future__ import annotations

from typing import Any

__all__ = [
    "AdapterError",
    "EngineError",
    "GovinfoError",
    "LimitError",
    "MissingExtraError",
    "NoTextLayerError",
    "OutputError",
    "ParseError",
    "require",
]


class GovinfoError(Exception):
    """Base class of every error govinfo_report raises on purpose."""


class ParseError(GovinfoError, ValueError):
    """The input is not a report at all. Carries where and what was expected.

    Damaged reports do not raise: they parse, with findings. This is for empty
    input, binary data and pages that are not annual reports.
    """

    def __init__(
        self,
        message: str,
        line: int = 1,
        column: int = 1,
        snippet: str = "",
        expected: str = "",
        source: str | None = None,
    ) -> None:
        self.message = message
        self.line = line
        self.column = column
        self.snippet = snippet
        self.expected = expected
        self.source = source
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.source}:" if self.source else ""
        text = f"{where}{self.line}:{self.column}: {self.message}"
        if self.expected:
            text += f"; expected {self.expected}"
        if self.snippet:
            text += f" (near {self.snippet!r})"
        return text


class AdapterError(GovinfoError):
    """A file could not be turned into text (scanned PDF, legacy .doc, bad encoding)."""


class NoTextLayerError(AdapterError):
    """A PDF whose pages are images (a scan): no text to read without OCR. ``pages`` counts them."""

    def __init__(self, message: str, pages: int) -> None:
        self.pages = pages
        super().__init__(message)


class LimitError(AdapterError):
    """A file is over one of the size limits (input bytes, inflated bytes, pages).

    The limits sit far above any real report; a file over one is hostile or broken, and reading
    it anyway would take the machine's memory. ``limit`` names the field of
    :class:`~govinfo_report.adapters.Limits` and ``env`` the environment variable that raises it.
    """

    def __init__(self, message: str, limit: str, env: str) -> None:
        self.limit = limit
        self.env = env
        super().__init__(message)


class OutputError(GovinfoError):
    """A batch could not write its output (read-only place, a file where a folder should be, disk full)."""

    exit_status = 3


class EngineError(GovinfoError):
    """The batch engine could not start (a Dask scheduler that cannot be reached)."""

    exit_status = 4


def require(module: str, extra: str, package: str | None = None) -> Any:
    """Import an optional dependency, or say which extra to ``pip install`` (one door for every adapter)."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtraError(extra, package or module.split(".")[0]) from None


class MissingExtraError(AdapterError, ImportError):
    """An optional adapter's dependency is not installed; says what to pip install."""

    def __init__(self, extra: str, package: str, what: str = "") -> None:
        self.extra = extra
        self.package = package
        needs = f"reading this file needs {package}: pip install 'govinfo-report[{extra}]'"
        super().__init__(f"{what}; {needs}" if what else needs)
