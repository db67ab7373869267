"""The whole public surface: parse, parse_file, render, validate, and JSON.

Data flows one way: text → :mod:`normalise` → :mod:`lexer` + outline grammar →
:mod:`transformer` (+ :mod:`tables`) → :class:`~govinfo_report.model.Report` →
:mod:`render` | :mod:`validate` | :mod:`serialise`.
"""

from __future__ import annotations

import enum
import os
import re
from typing import Any

from lark.exceptions import UnexpectedInput

from . import labels
from .errors import ParseError
from .lexer import classify
from .loader import outline_parser
from .model import TABLE_CLASSES, Finding, Report
from .normalise import normalise
from .transformer import OutlineTransformer, build_report


class ErrorLevel(enum.Enum):
    """What parse does with problems (after sqlglot): collect them, or stop at the first."""

    IGNORE = "ignore"  # findings are dropped
    WARN = "warn"  # findings are kept on the Report (the default)
    RAISE = "raise"  # the first warning or error finding raises ParseError (a strict read)


_BINARY = re.compile(r"[\x00-\x08\x0e-\x1f\ufffd]")
_EXPECTED = "a report title (…政府信息公开工作年度报告) or a section heading (一、总体情况)"


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, col


def _refuse_binary(text: str, source: str | None) -> None:
    bad = _BINARY.findall(text[:20000])
    if "\x00" in text[:20000] or (bad and len(bad) > max(8, len(text[:20000]) // 20)):
        m = _BINARY.search(text)
        idx = m.start() if m else 0
        line, col = _position(text, idx)
        raise ParseError(
            "input is binary data, not text",
            line,
            col,
            text[max(0, idx - 10) : idx + 10].encode("unicode_escape").decode("ascii")[:40],
            _EXPECTED,
            source,
        )


def parse(text: str, *, source: str | None = None, level: ErrorLevel | str = ErrorLevel.WARN) -> Report:
    """Parse the text of one annual report into a :class:`Report`.

    Damaged reports parse, with findings; text that is not a report at all
    (empty, binary, an unrelated page) raises :class:`ParseError`.
    """
    level = ErrorLevel(level)
    if not isinstance(text, str):
        raise TypeError(f"parse() takes str, not {type(text).__name__}; use parse_file() for files")
    _refuse_binary(text, source)
    norm = normalise(text)
    lines = norm.text.split("\n")
    tokens, headings = classify(lines)
    if not tokens:
        raise ParseError("empty input: no text to read", 1, 1, "", _EXPECTED, source)
    try:
        tree = outline_parser().parse(tokens)
    except UnexpectedInput as e:  # pragma: no cover - the line lexer only emits sequences the grammar takes
        tok = getattr(e, "token", None)
        line = getattr(tok, "line", 1) or 1
        expected = ", ".join(sorted(getattr(e, "expected", []) or [])) or _EXPECTED
        raise ParseError("unexpected line in report outline", line, 1, lines[line - 1][:40], expected, source) from None
    outline = OutlineTransformer(headings).transform(tree)
    has_table = any(t.type == "TABLE" for s in outline.sections for t in s.lines) or any(
        t.type == "TABLE" for t in outline.front
    )
    if outline.title is None and not outline.sections and not has_table:
        first = tokens[0]
        raise ParseError(
            "not a government information disclosure annual report", first.line, 1, first.value[:40], _EXPECTED, source
        )
    if (
        not has_table
        and "政府信息公开" not in norm.text
        and not any(s.kind in labels.SECTION_BY_KIND for s in outline.sections)
    ):
        first = tokens[0]
        raise ParseError(
            "not a government information disclosure annual report", first.line, 1, first.value[:40], _EXPECTED, source
        )
    findings: list[Finding] = []
    report = build_report(outline, norm, findings)
    if outline.title is None and not outline.sections and all(getattr(report, k) is None for k in TABLE_CLASSES):
        # table-like lines from which no table could be read ("第二十条第(一)项 |" alone) are no report
        first = tokens[0]
        raise ParseError(
            "not a government information disclosure annual report", first.line, 1, first.value[:40], _EXPECTED, source
        )
    if level is ErrorLevel.IGNORE:
        from attrs import evolve

        return evolve(report, findings=())
    if level is ErrorLevel.RAISE:
        err = next((f for f in report.findings if f.severity in ("error", "warning")), None)
        if err is not None:
            line = err.line or 1
            snippet = lines[line - 1][:40] if line <= len(lines) else ""
            raise ParseError(f"{err.code}: {err.message_en or err.message}", line, 1, snippet, "", source)
    return report


def parse_file(path: str | os.PathLike[str], *, level: ErrorLevel | str = ErrorLevel.WARN) -> Report:
    """Parse a report file: text in UTF-8 (with or without BOM) or GB18030/GBK,
    or a saved web page, PDF or Word file when the optional extras are installed."""
    from .adapters import load_text

    text = load_text(path)
    return parse(text, source=str(path), level=level)


def render(report: Report) -> str:
    """The canonical text of a report, read back by the same grammars."""
    from .render import render as _render

    return _render(report)


def validate(report: Report) -> list[Finding]:
    """Check the numbers of one report: 勾稽关系, sums, structure, text against tables, deadline.

    Returns the validator's findings; what the parser noticed is already on ``report.findings``.
    """
    from .validate import validate as _validate

    return _validate(report)


def validate_series(reports: list[Report]) -> list[Finding]:
    """Check reports of the same agency across years (结转 carried over, jumps)."""
    from .validate import validate_series as _vs

    return _vs(reports)


def to_dataframe(reports: Any) -> Any:
    """A pandas DataFrame of reports in the flat schema (needs the [pandas] extra)."""
    from .export import to_dataframe as _to_df

    return _to_df(reports)


def to_dict(report: Report) -> dict[str, Any]:
    """The JSON-ready dict of SPEC.md §8."""
    from .serialise import to_dict as _to_dict

    return _to_dict(report)


def from_dict(data: dict[str, Any]) -> Report:
    from .serialise import from_dict as _from_dict

    return _from_dict(data)


def to_json(report: Report, **kwargs: Any) -> str:
    from .serialise import to_json as _to_json

    return _to_json(report, **kwargs)


def from_json(text: str) -> Report:
    from .serialise import from_json as _from_json

    return _from_json(text)
