"""Validation as data: per-report counts and codes, and the findings table (one row per finding) for a dataset.

These are the columns a batch output carries beside each report's row, so that an index compiler can score
reports by their findings without running ``check``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from ..model import Finding, Report
from ._common import cell_labels

#: The findings table's columns, in order.
FINDING_COLUMNS = (
    "path",
    "agency",
    "year",
    "code",
    "severity",
    "table",
    "row",
    "column",
    "row_label",
    "column_label",
    "line",
    "page",
    "message",
    "expected",
)

#: The logical type of each column (as in the flat schema: ``string`` or ``int``).
FINDING_TYPES: dict[str, str] = {c: "int" if c in ("year", "line", "page") else "string" for c in FINDING_COLUMNS}


class FindingCounts(NamedTuple):
    """A report's findings in three columns: how many errors, how many warnings, which codes (sorted, once each)."""

    errors: int
    warnings: int
    codes: tuple[str, ...]


def finding_counts(findings: Sequence[Finding]) -> FindingCounts:
    """The per-report summary a dataset row carries."""
    return FindingCounts(
        sum(f.severity == "error" for f in findings),
        sum(f.severity == "warning" for f in findings),
        tuple(sorted({f.code for f in findings})),
    )


def finding_rows(path: str, report: Report, findings: Sequence[Finding] | None = None) -> list[dict[str, Any]]:
    """One row per finding of a report (the parser's and the validator's unless given), keyed by FINDING_COLUMNS."""
    if findings is None:
        from . import validate

        findings = [*report.findings, *validate(report)]
    rows = []
    for f in findings:
        row_label, column_label = cell_labels(f.table, f.row, f.column, report.format)
        rows.append(
            {
                "path": path,
                "agency": report.agency,
                "year": report.year,
                "code": f.code,
                "severity": f.severity,
                "table": f.table,
                "row": f.row,
                "column": f.column,
                "row_label": row_label or None,
                "column_label": column_label or None,
                "line": f.line,
                "page": f.page,
                "message": f.message,
                "expected": f.expected,
            }
        )
    return rows
