"""``govinfo-report check``: findings of each file, located in its text."""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from attrs import evolve

from .. import labels
from ..adapters import Document
from ..model import (
    Finding,
    Report,
)
from ._common import (
    cell_labels,
)
from .series import series_findings

# ------------------------------------------------------------------ CLI: govinfo-report check
#: File kinds read from a folder (``.json`` only when named: a folder may hold gold or other JSON).
FOLDER_SUFFIXES = (".txt", ".text", ".htm", ".html", ".pdf", ".docx")


def expand_paths(paths: Sequence[str]) -> list[str]:
    """Files as named, and the report files inside folders (sorted, recursively)."""
    out: list[str] = []
    for p in paths:
        path = Path(p)
        if p != "-" and path.is_dir():
            out.extend(str(f) for f in sorted(path.rglob("*")) if f.is_file() and f.suffix.lower() in FOLDER_SUFFIXES)
        else:
            out.append(p)
    return out


@lru_cache(maxsize=8)
def _headings(lines: tuple[str, ...]) -> dict[int, tuple[int, str, str]]:
    """The section headings of a text as the parser sees them (line → number, kind, heading), once per file."""
    from ..lexer import classify

    return classify(list(lines))[1]


def locate(finding: Finding, lines: Sequence[str]) -> int | None:
    """The 1-based line of normalised text a finding is about (best effort), or its own line."""
    if finding.line is not None:
        return finding.line
    if finding.where.startswith("prose."):
        from ..prose import find_line

        return find_line(finding.where[len("prose.") :], lines)
    if finding.where == "published":
        dated = [n for n, line in enumerate(lines, 1) if labels.DATE_LINE.match(line)]
        return dated[-1] if dated else None
    headings = _headings(tuple(lines))
    kind = finding.table
    if kind is None:
        nums = sorted(n for n, h in headings.items() if finding.section is not None and h[0] == finding.section)
        if not nums:
            return None
        return nums[-1] if finding.code == "section-duplicated" else nums[0]
    starts = sorted(n for n, h in headings.items() if h[1] == kind)
    head = starts[0] if starts else None
    begin = head or 1
    if finding.row is None and finding.column is None:
        return head
    if kind == "review_litigation":
        digits = [n for n in range(begin + 1, len(lines) + 1) if re.search(r"\d", lines[n - 1])]
        wide = [n for n in digits if len(re.findall(r"\d+", lines[n - 1])) >= 5]
        return (wide or digits)[0] if wide or digits else head
    row = finding.row or ("new_received" if kind == "applications" else None)
    if row is None:
        return head
    match_row = labels.application_row if kind == "applications" else labels.active_row
    seen_first = False
    for n in range(begin, len(lines) + 1):
        for chunk in re.split(r"[|\s]+", lines[n - 1]):
            found = match_row(chunk) if chunk else None
            if found is None:
                continue
            if found.key == "new_received":
                seen_first = True
            # the total and "other" rows share their words with column headers above the first row
            if found.key == row and (row not in ("total_processed", "other_misc") or seen_first):
                return n
    return head


class _Checked(NamedTuple):
    path: str
    report: Report | None
    findings: list[Finding]
    doc: Document | None  # the file as read, kept to place the findings (None for JSON and unreadable files)
    error: str | None
    error_line: int | None


def _lines_of(text: str) -> list[str]:
    from ..normalise import normalise

    return normalise(text).text.split("\n")


def _lines(path: str) -> list[str]:
    if path.lower().endswith(".json") or path == "-":
        return []
    from ..adapters import load_text

    try:
        return _lines_of(load_text(path))
    except Exception:  # location is best effort: never fail a check over it
        return []


def _page_numbers(pages: Sequence[int] | None, lines: Sequence[str]) -> tuple[int, ...]:
    """The page (from 1) of each line, from the PDF adapter's page (from 0) of each line of its text."""
    if not pages or len(lines) not in (len(pages), len(pages) + 1):
        return ()  # the lines are not the adapter's lines: no page rather than a wrong one
    return tuple(p + 1 for p in pages)


def _pages(path: str, lines: Sequence[str]) -> tuple[int, ...]:
    """For a PDF read again from its path, the page (from 1) of each line of its normalised text."""
    if not path.lower().endswith(".pdf"):
        return ()
    try:
        from ..pdf_adapter import read_pdf

        return _page_numbers(read_pdf(Path(path).read_bytes()).pages, lines)
    except Exception:  # a page is best effort: never fail a check over it
        return ()


def with_page(f: Finding, line: int | None, pages: Sequence[int] | None) -> Finding:
    """The finding with the page of its line, where the input was a PDF and the finding has none."""
    if f.page is not None or line is None or not pages:
        return f
    return evolve(f, page=pages[min(line, len(pages)) - 1])


class Places:
    """Where a file's findings are: the line of its normalised text each is about and, for a PDF, its
    page. The lines are made once, and only when a finding has no line of its own; with the document as
    it was read for parsing (``doc``) nothing is read again, else the file is (best effort)."""

    def __init__(self, path: str, doc: Document | None = None) -> None:
        self.path = path
        self.doc = doc
        self._lines: list[str] | None = None
        self._pages: tuple[int, ...] | None = None

    @property
    def lines(self) -> list[str]:
        if self._lines is None:
            self._lines = _lines_of(self.doc.text) if self.doc is not None else _lines(self.path)
        return self._lines

    def _page_of_lines(self) -> tuple[int, ...]:
        if self._pages is None:
            if self.doc is not None:
                self._pages = _page_numbers(self.doc.pages, self.lines)
            else:
                self._pages = _pages(self.path, self.lines)
        return self._pages

    def place(self, f: Finding) -> Finding:
        """The finding with its line (and page) filled in where it has none and they can be found."""
        line = f.line
        if line is None:
            line = locate(f, self.lines) if self.lines else None
        if line is not None and (self.path.lower().endswith(".pdf") or (self.doc is not None and self.doc.pages)):
            f = with_page(f, line, self._page_of_lines())
        return f if line == f.line else evolve(f, line=line)


def located(path: str, findings: Sequence[Finding], doc: Document | None = None) -> list[Finding]:
    """The findings with the line of the file's normalised text each is about and, for a PDF, its page,
    as ``check`` prints them (see :class:`Places`)."""
    places = Places(path, doc)
    return [places.place(f) for f in findings]


def _check_one(path: str) -> _Checked:
    from ..errors import GovinfoError, ParseError

    doc = None
    try:
        if path.lower().endswith(".json"):
            from ..serialise import from_json

            report = from_json(Path(path).read_text(encoding="utf-8"))
        else:
            from ..adapters import load_document
            from ..api import parse_document

            doc = load_document(path)
            report = parse_document(doc, path)
    except ParseError as e:
        return _Checked(path, None, [], None, e.message + (f"; expected {e.expected}" if e.expected else ""), e.line)
    except GovinfoError as e:
        return _Checked(path, None, [], None, str(e), None)
    except Exception as e:  # one line per broken file, never a traceback
        return _Checked(path, None, [], None, f"{type(e).__name__}: {e}", None)
    from . import validate

    return _Checked(path, report, [*report.findings, *validate(report)], doc, None, None)


def _row(path: str, f: Finding, line: int | None, fmt: str) -> dict[str, Any]:
    row_label, column_label = cell_labels(f.table, f.row, f.column, fmt)
    return {
        "file": path,
        "line": line,
        "page": f.page,
        "code": f.code,
        "severity": f.severity,
        "message": f.message,
        "message_en": f.message_en,
        "where": f.where,
        "section": f.section,
        "table": f.table,
        "row": f.row,
        "column": f.column,
        "row_label": row_label or None,
        "column_label": column_label or None,
        "expected": f.expected,
    }


#: Severities from the most to the least serious: ``--severity warning`` keeps errors and warnings.
SEVERITY_ORDER: tuple[str, ...] = ("error", "warning", "info")


def keep(f: Finding, *, severity: str = "info", select: Sequence[str] = (), ignore: Sequence[str] = ()) -> bool:
    """Whether a finding passes ``--severity`` (at least this serious), ``--select`` and ``--ignore`` (codes)."""
    if SEVERITY_ORDER.index(f.severity) > SEVERITY_ORDER.index(severity):
        return False
    if select and f.code not in select:
        return False
    return f.code not in ignore


def _codes(values: Sequence[str] | None) -> list[str]:
    """Codes given once or more, each possibly a comma-separated list."""
    return [c.strip() for v in values or () for c in v.split(",") if c.strip()]


def _summary(files: int, errors: int, warnings: int, unreadable: int, lang: str) -> str:
    if lang == "en":
        return f"{files} file(s): {errors} error(s), {warnings} warning(s)" + (
            f", {unreadable} could not be read" if unreadable else ""
        )
    return f"共{files}个文件:错误{errors}项,警告{warnings}项" + (f",{unreadable}个文件无法读取" if unreadable else "")


def run_check(args: argparse.Namespace) -> int:
    """``govinfo-report check``: findings of each file, one a line (or JSON lines).

    Exit 0 when no finding is an error, 1 when one is, 2 when a file could not be read (as every command).
    """
    paths = expand_paths(args.paths)
    results = [_check_one(p) for p in paths]
    if getattr(args, "series", False):
        ok = [r for r in results if r.report is not None]
        for i, f in series_findings([r.report for r in ok if r.report is not None]):
            ok[i].findings.append(f)
    lang = getattr(args, "lang", None) or "zh"
    severity = getattr(args, "severity", None) or "info"
    select, ignore = _codes(getattr(args, "select", None)), _codes(getattr(args, "ignore", None))
    errors = warnings = unreadable = 0
    as_json = bool(getattr(args, "json", False))
    for res in results:
        if res.error is not None:
            unreadable += 1
            if as_json:
                print(
                    json.dumps(
                        {
                            "file": res.path,
                            "line": res.error_line,
                            "code": "parse-error",
                            "severity": "error",
                            "message": res.error,
                            "message_en": res.error,
                        },
                        ensure_ascii=False,
                    )
                )
            else:
                word = "error" if lang == "en" else labels.SEVERITY_LABELS["error"]
                print(f"{res.path}:{res.error_line or 1}: {word} [parse-error] {res.error}")
            continue
        assert res.report is not None
        places = Places(res.path, res.doc)
        located: list[tuple[int | None, Finding]] = []
        for f in res.findings:
            errors += int(f.severity == "error")
            warnings += int(f.severity == "warning")
            if keep(f, severity=severity, select=select, ignore=ignore):
                placed = places.place(f)
                located.append((placed.line, placed))
        located.sort(key=lambda lf: (lf[0] is None, lf[0] or 0))
        for line, f in located:
            if as_json:
                print(json.dumps(_row(res.path, f, line, res.report.format), ensure_ascii=False))
            else:
                where = f"{res.path}:{line}:" if line else f"{res.path}:"
                if f.page is not None:
                    where += f" p.{f.page}:" if lang == "en" else f" 第{f.page}页:"
                word = f.severity if lang == "en" else labels.SEVERITY_LABELS[f.severity]
                text = (f.message_en or f.message) if lang == "en" else f.message
                print(f"{where} {word} [{f.code}] {text}")
    if not as_json:
        print(_summary(len(results), errors, warnings, unreadable, lang), file=sys.stderr)
    return 2 if unreadable else 1 if errors else 0
