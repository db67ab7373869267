"""Check the numbers of a report: the official 勾稽关系, the sums, the outline, text against tables, the deadline.

Every rule has a stable code (:data:`RULES`, documented in docs/findings.md) so users
can filter and count findings across a corpus. :func:`validate` returns the
validator's findings only: the parser's are already on ``report.findings`` and
the validator leaves out any finding the parser has already made.

A cell that is absent (``None``) or printed empty is *unknown*, never zero. A sum
with unknown terms is still checked where it can be: counts are never negative,
so known terms that already exceed the other side are an error whatever the
unknown ones hold.
"""

from __future__ import annotations

from typing import Any

from ..model import Finding, Report
from ._common import (
    JUMP_MIN_DELTA,
    JUMP_RATIO,
    ORG_KEYS,
    OTHER_2021,
    RULES,
    SIX_KEYS,
    TABLE_KINDS,
    Rule,
    app_row_label,
    cell_labels,
    iter_cells,
    outcome_keys,
)
from .arithmetic import _check_applications, _check_review
from .cells import _check_cells
from .check import (  # noqa: F401 - _check_one and _row are used by the HTML report
    FOLDER_SUFFIXES,
    Places,
    _check_one,
    _row,
    expand_paths,
    locate,
    located,
    run_check,
)
from .dataset import FINDING_COLUMNS, FINDING_TYPES, FindingCounts, finding_counts, finding_rows
from .deadline import _check_deadline, deadline
from .series import same_agency, series_findings, validate_series
from .structure import _check_competence, _check_format, _check_forms, _check_structure
from .text import PROSE_CELL, _check_active_prose, _check_claims, _check_prose, prose_targets
from .writing import _check_fees, _check_problems, _check_punctuation, _check_subheadings, _check_words

__all__ = [
    "FINDING_COLUMNS",
    "FINDING_TYPES",
    "FOLDER_SUFFIXES",
    "JUMP_MIN_DELTA",
    "JUMP_RATIO",
    "ORG_KEYS",
    "OTHER_2021",
    "PROSE_CELL",
    "RULES",
    "SIX_KEYS",
    "TABLE_KINDS",
    "FindingCounts",
    "Places",
    "Rule",
    "app_row_label",
    "cell_labels",
    "deadline",
    "expand_paths",
    "finding_counts",
    "finding_rows",
    "iter_cells",
    "locate",
    "located",
    "outcome_keys",
    "prose_targets",
    "run_check",
    "same_agency",
    "series_findings",
    "validate",
    "validate_series",
]


# ------------------------------------------------------------------ entry points
def _key(f: Finding) -> tuple[Any, ...]:
    return (f.code, f.section if f.table is None else None, f.table, f.row, f.column)


def validate(report: Report) -> list[Finding]:
    """The validator's findings on one report (the parser's are on ``report.findings``)."""
    out: list[Finding] = []
    _check_structure(report, out)
    _check_format(report, out)
    _check_forms(report, out, mixed=any(f.code == "format-mixed" for f in (*out, *report.findings)))
    _check_cells(report, out)
    _check_applications(report, out)
    _check_review(report, out)
    _check_competence(report, out)
    _check_prose(report, out)
    _check_claims(report, out)
    _check_active_prose(report, out)
    _check_problems(report, out)
    _check_fees(report, out)
    _check_words(report, out)
    _check_punctuation(report, out)
    _check_subheadings(report, out)
    _check_deadline(report, out)
    parser = {_key(f) for f in report.findings}
    return [f for f in out if _key(f) not in parser]
