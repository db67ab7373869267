"""The whole public surface: parse, parse_file, render, validate, and JSON.

Data flows one way: text → :mod:`normalise` → :mod:`lexer` + outline grammar →
:mod:`transformer` (+ :mod:`tables`) → :class:`~govinfo_report.model.Report` →
:mod:`render` | :mod:`validate` | :mod:`serialise`.
"""

from __future__ import annotations

import enum
import os
import re
from importlib import resources
from pathlib import Path
from typing import Any

from lark.exceptions import UnexpectedInput

from . import labels
from .adapters import Document, Limits, Progress
from .errors import ParseError
from .findinglog import MAX_FINDINGS_PER_CODE, FindingLog
from .lexer import classify, runs
from .loader import outline_parser
from .model import TABLE_CLASSES, Finding, Report
from .normalise import normalise
from .transformer import Outline, OutlineTransformer, build_report

__all__ = [
    "EXAMPLE",
    "MAX_FINDINGS_PER_CODE",
    "ErrorLevel",
    "example_path",
    "from_dict",
    "from_json",
    "parse",
    "parse_file",
    "render",
    "to_dataframe",
    "to_dict",
    "to_json",
    "validate",
    "validate_series",
]


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
    """Binary data is refused: a NUL anywhere, or control characters and U+FFFD making up more
    than a twentieth of the first 20,000 characters or of the whole text."""
    head = text[:20000]
    nul = text.find("\x00")
    bad = len(_BINARY.findall(head))
    binary = nul >= 0 or bad > max(8, len(head) // 20)
    if not binary and len(text) > len(head):
        binary = len(_BINARY.findall(text)) > max(8, len(text) // 20)
    if binary:
        m = _BINARY.search(text)
        idx = min(nul, m.start()) if nul >= 0 and m else (m.start() if m else max(nul, 0))
        line, col = _position(text, idx)
        raise ParseError(
            "input is binary data, not text",
            line,
            col,
            text[max(0, idx - 10) : idx + 10].encode("unicode_escape").decode("ascii")[:40],
            _EXPECTED,
            source,
        )


def _cap_findings(
    findings: tuple[Finding, ...], dropped: dict[str, int] | None = None, cap: int = MAX_FINDINGS_PER_CODE
) -> tuple[Finding, ...]:
    """The first ``cap`` findings of each code, in order, then one summary per code that had more
    (``dropped``: those the parse already left out as it made them, counted)."""
    seen: dict[str, int] = dict(dropped or {})
    for f in findings:
        seen[f.code] = seen.get(f.code, 0) + 1
    if all(n <= cap for n in seen.values()):
        return findings
    kept: list[Finding] = []
    taken: dict[str, int] = {}
    for f in findings:
        taken[f.code] = taken.get(f.code, 0) + 1
        if taken[f.code] <= cap:
            kept.append(f)
    for code, n in seen.items():
        if n > cap:
            kept.append(
                Finding(
                    "findings-omitted",
                    "info",
                    f"另有 {n - cap} 条 {code} 未列出(只保留前 {cap} 条)",
                    f"{n - cap} more {code} findings left out (the first {cap} are kept)",
                    code,
                )
            )
    return tuple(kept)


def _decode_finding(text: str, norm_replaced: int) -> Finding | None:
    """What the reader could not decode (bad bytes, lone surrogates), now U+FFFD: said, not hidden."""
    if not norm_replaced:
        return None
    idx = next((i for i in (text.find("\ufffd"), _first_surrogate(text)) if i >= 0), 0)
    line, _col = _position(text, idx)
    return Finding(
        "decode-replaced",
        "warning",
        f"{norm_replaced} 个字符无法解码,已替换为 U+FFFD",
        f"{norm_replaced} characters could not be decoded and were replaced with U+FFFD",
        "",
        None,
        None,
        None,
        None,
        line,
    )


def _first_surrogate(text: str) -> int:
    m = _SURROGATE.search(text)
    return m.start() if m else -1


_SURROGATE = re.compile("[\ud800-\udfff]")


def _speaks_as_report(outline: Outline) -> bool:
    """Whether the text is an annual report by what it prints, tables aside.

    A title is enough. Otherwise it must use a report's words (政府信息公开, 政务信息公开 …) or a heading of
    the six sections, and show itself a report by its outline (headings, known or numbered in its own words
    like 一、健全组织、强化领导 / 二、…), by speaking of itself as the report (本报告由概述、…等部分组成), or by a
    statistics period (2014年1月1日至12月31日): a 2008–2018 report may have a free outline or none at all.
    Numbered lines without a report's words (a novel's 一、春天 / 二、夏天) make no report. Only the report's
    own text counts, not page chrome or what follows the signature: a breadcrumb 首页 > 政府信息公开年报
    says nothing about the page it heads.
    """
    if outline.title is not None:
        return True
    standard = any(s.kind in labels.SECTION_BY_KIND for s in outline.sections)
    text = "\n".join(
        [t.value for t in outline.front if t.type != "TABLE"]
        + [line for s in outline.sections for line in (s.heading, *(t.value for t in s.lines if t.type != "TABLE"))]
    )
    if not labels.REPORT_WORDS.search(text) and not standard:
        return False
    return bool(
        outline.sections
        or labels.SELF_REFERENCE.search(text)
        or labels.STAT_PERIOD.search(text)
        or labels.STAT_RANGE.search(text)
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
    firsts, behind = runs(tokens)  # one token per run of same-typed lines: the same outline, fewer tokens
    try:
        tree = outline_parser().parse(firsts)
    except UnexpectedInput as e:  # pragma: no cover - the line lexer only emits sequences the grammar takes
        tok = getattr(e, "token", None)
        line = getattr(tok, "line", 1) or 1
        expected = ", ".join(sorted(getattr(e, "expected", []) or [])) or _EXPECTED
        raise ParseError("unexpected line in report outline", line, 1, lines[line - 1][:40], expected, source) from None
    outline = OutlineTransformer(headings, behind).transform(tree)
    has_table = any(t.type == "TABLE" for s in outline.sections for t in s.lines) or any(
        t.type == "TABLE" for t in outline.front
    )
    speaks = _speaks_as_report(outline)
    if not has_table and not speaks:
        first = tokens[0]
        raise ParseError(
            "not a government information disclosure annual report",
            first.line or 1,
            1,
            first.value[:40],
            _EXPECTED,
            source,
        )
    findings = FindingLog()  # capped per code as they are made: memory stays bounded on any input
    report = build_report(outline, norm, findings)
    replaced = _decode_finding(text, norm.replaced_chars)
    if replaced is not None or findings.dropped or len(report.findings) > MAX_FINDINGS_PER_CODE:
        from attrs import evolve

        extra = (replaced,) if replaced is not None else ()
        report = evolve(report, findings=_cap_findings((*extra, *report.findings), findings.dropped))
    if not speaks and all(getattr(report, k) is None for k in TABLE_CLASSES):
        # table-like lines from which no table could be read ("第二十条第(一)项 |" alone) are no report
        first = tokens[0]
        raise ParseError(
            "not a government information disclosure annual report",
            first.line or 1,
            1,
            first.value[:40],
            _EXPECTED,
            source,
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


#: The example report shipped inside the package (a 2019-format report of a provincial department).
EXAMPLE = "xinjiang-2019.txt"


def example_path() -> Path:
    """The path of the example report shipped inside the package.

    So that the library can be tried (``govinfo-report demo``, the README's tour) without a
    report file of one's own.
    """
    return Path(str(resources.files("govinfo_report") / "data" / EXAMPLE))


def parse_file(
    path: str | os.PathLike[str],
    *,
    level: ErrorLevel | str = ErrorLevel.WARN,
    limits: Limits | None = None,
    progress: Progress | None = None,
) -> Report:
    """Parse a report file: text in UTF-8 (with or without BOM) or GB18030/GBK,
    or a saved web page, PDF or Word file when the optional extras are installed;
    a scanned PDF or an image of a report with the ``ocr`` extra (``Report.ocr`` then says how it
    was read, and each value OCR was not sure of is empty with an ``ocr-low-confidence`` finding).

    ``limits`` caps input bytes, inflated bytes, PDF pages and the pages and seconds of OCR (default:
    :meth:`Limits.from_env`); a file over one raises :class:`~govinfo_report.errors.LimitError`.
    ``progress(done, total)`` is called after each page OCR reads.
    """
    from .adapters import load_document

    return parse_document(load_document(path, limits=limits, progress=progress), os.fsdecode(path), level=level)


def parse_document(doc: Document, source: str, *, level: ErrorLevel | str = ErrorLevel.WARN) -> Report:
    """:func:`parse_file` on a file already read (its text, and what OCR recorded), for the batch and
    ``check``, which keep the document to place findings on its lines and pages."""
    report = parse(doc.text, source=source, level=level)
    if doc.ocr is None:
        return report
    from attrs import evolve

    level = ErrorLevel(level)
    ocr_findings = doc.ocr.findings()
    if ocr_findings and level is ErrorLevel.RAISE:
        first = ocr_findings[0]
        raise ParseError(f"{first.code}: {first.message_en}", first.line or 1, 1, "", "", source)
    findings = () if level is ErrorLevel.IGNORE else (*ocr_findings, *report.findings)
    return evolve(report, ocr=doc.ocr.info(), findings=_cap_findings(tuple(findings)))


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


def to_dataframe(reports: Any, shape: str = "wide") -> Any:
    """A pandas DataFrame of reports in the flat schema, or one row per cell with ``shape="long"``
    (needs the [pandas] extra)."""
    from .export import to_dataframe as _to_df

    return _to_df(reports, shape=shape)


def to_dict(report: Report) -> dict[str, Any]:
    """The JSON-ready dict of a report (the shape in docs/spec.md, decimals as strings)."""
    from .serialise import to_dict as _to_dict

    return _to_dict(report)


def from_dict(data: dict[str, Any]) -> Report:
    """The Report a :func:`to_dict` dict came from (equal to the original)."""
    from .serialise import from_dict as _from_dict

    return _from_dict(data)


def to_json(report: Report, **kwargs: Any) -> str:
    """The JSON text of :func:`to_dict` (``indent=2`` by default, ``indent=None`` for one line)."""
    from .serialise import to_json as _to_json

    return _to_json(report, **kwargs)


def from_json(text: str) -> Report:
    """The Report a :func:`to_json` text came from."""
    from .serialise import from_json as _from_json

    return _from_json(text)
