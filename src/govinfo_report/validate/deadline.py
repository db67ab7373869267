"""The legal publication deadline."""

from __future__ import annotations

import datetime as dt

from .. import labels
from ..model import (
    Finding,
    Report,
)
from ._common import (
    _finding,
)


# ------------------------------------------------------------------ deadline
def deadline(report: Report) -> dt.date | None:
    """The last day the report could be published: 31 January of the next year, or 31 March
    for a government's regional report and for every report under the 2008 rules (year ≤ 2018)."""
    if report.year is None:
        return None
    regional = (
        bool(report.agency)
        and bool(labels.REGIONAL_GOVERNMENT.search(labels.key(report.agency or "")))
        and not labels.TOWNSHIP.search(labels.key(report.agency or ""))
    )
    if report.year <= 2018 or regional:
        return dt.date(report.year + 1, 3, 31)
    return dt.date(report.year + 1, 1, 31)


def _check_deadline(report: Report, out: list[Finding]) -> None:
    if report.format == "unknown":
        return
    if report.published is None:
        out.append(
            _finding(
                "date-missing",
                "报告未印发布日期或落款日期,无法核对发布时限",
                "no publication date; the deadline cannot be checked",
                where="published",
            )
        )
        return
    due = deadline(report)
    if due is not None and report.published > due:
        out.append(
            _finding(
                "deadline-late",
                f"发布日期{report.published.isoformat()}晚于法定时限{due.year}年{due.month}月{due.day}日",
                f"published {report.published.isoformat()}, after the deadline {due.isoformat()}",
                where="published",
            )
        )
