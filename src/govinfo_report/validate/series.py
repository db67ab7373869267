"""Reports of one agency across years: 结转, jumps, duplicates."""

from __future__ import annotations

from collections.abc import Sequence

from .. import labels
from ..model import (
    Finding,
    Number,
    Report,
)
from ._common import (
    JUMP_MIN_DELTA,
    JUMP_RATIO,
    _finding,
    _section_no,
    _v,
    app_row_label,
)


def _agency_key(name: str) -> str:
    k = labels.key(name)
    for old, new in labels.AGENCY_FOLDS:
        k = k.replace(old, new)
    return k


def same_agency(a: str, b: str) -> bool:
    """Two spellings of one body: equal, or one the other with its higher regions in front
    (洪泽区人民政府 / 淮安市洪泽区人民政府). A bare level (市财政局) matches nothing else."""
    a, b = _agency_key(a), _agency_key(b)
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return long_.endswith(short) and len(short) >= 4 and short[0] not in labels.BARE_LEVELS


def _metrics(report: Report) -> dict[str, tuple[Number | None, str]]:
    apps, rl = report.applications, report.review_litigation
    new = _v(apps.new_received.total) if apps is not None and apps.new_received is not None else None
    rev = _v(rl.review.total) if rl is not None and rl.review is not None else None
    suits: Number | None = None
    if rl is not None and rl.direct_suit is not None and rl.post_review_suit is not None:
        d, p = _v(rl.direct_suit.total), _v(rl.post_review_suit.total)
        suits = d + p if d is not None and p is not None else None
    return {
        "applications.new_received.total": (new, app_row_label("new_received")),
        "review_litigation.review.total": (rev, labels.REVIEW_GROUP_FULL_LABELS["review"]),
        "review_litigation.suits.total": (suits, labels.LITIGATION_LABEL),
    }


def series_findings(reports: Sequence[Report]) -> list[tuple[int, Finding]]:
    """Findings across years, each with the index of the report (year N) it is about."""
    groups: list[tuple[list[str], list[int]]] = []
    for i, r in enumerate(reports):
        if not r.agency or r.year is None:
            continue
        for names, idxs in groups:
            if any(same_agency(r.agency, n) for n in names):
                names.append(r.agency)
                idxs.append(i)
                break
        else:
            groups.append(([r.agency], [i]))
    out: list[tuple[int, Finding]] = []
    for _names, idxs in groups:
        by_year: dict[int, int] = {}
        for i in idxs:
            r = reports[i]
            assert r.year is not None
            if r.year in by_year:
                out.append(
                    (
                        i,
                        _finding(
                            "series-duplicate",
                            f"{r.agency}{r.year}年度报告出现两份,只核对第一份",
                            f"two reports of {r.agency} for {r.year}; the first is used",
                            where=f"{r.agency} {r.year}",
                        ),
                    )
                )
                continue
            by_year[r.year] = i
        for year in sorted(by_year):
            if year - 1 not in by_year:
                continue
            i = by_year[year]
            prev, cur = reports[by_year[year - 1]], reports[i]
            out.extend((i, f) for f in _carry(prev, cur))
            out.extend((i, f) for f in _jumps(prev, cur))
    return out


def _carry(prev: Report, cur: Report) -> list[Finding]:
    if prev.applications is None or cur.applications is None:
        return []
    fwd, over = prev.applications.carried_forward, cur.applications.carried_over
    if fwd is None or over is None:
        return []
    out = []
    for col in labels.APPLICANT_KEYS:
        a, b = _v(getattr(fwd, col)), _v(getattr(over, col))
        if a is None or b is None or a == b:
            continue
        cl = labels.APPLICANT_FULL_LABELS[col]
        out.append(
            _finding(
                "series-carry-mismatch",
                f"{cur.agency}:{cur.year}年度“{app_row_label('carried_over')}”“{cl}”为{b},"
                f"而{prev.year}年度“{app_row_label('carried_forward')}”为{a}",
                f"{cur.agency} {cur.year}: carried_over.{col} = {b} but {prev.year} carried_forward.{col} = {a}",
                section=_section_no(cur, "applications"),
                table="applications",
                row="carried_over",
                column=col,
                where=f"{cur.agency} {prev.year}→{cur.year} applications.carried_over.{col}",
            )
        )
    return out


def _jumps(prev: Report, cur: Report) -> list[Finding]:
    out = []
    before, after = _metrics(prev), _metrics(cur)
    for name, (a, label) in before.items():
        b = after[name][0]
        if a is None or b is None:
            continue
        lo, hi = sorted((a, b))
        if hi - lo >= JUMP_MIN_DELTA and (lo <= 0 or hi >= JUMP_RATIO * lo):
            table, row, column = name.split(".")
            out.append(
                _finding(
                    "series-jump",
                    f"{cur.agency}:“{label}”由{prev.year}年度的{a}变为{cur.year}年度的{b}",
                    f"{cur.agency}: {name} went from {a} ({prev.year}) to {b} ({cur.year})",
                    table=table,
                    row=row if row != "suits" else None,
                    column=column,
                    where=f"{cur.agency} {prev.year}→{cur.year} {name}",
                )
            )
    return out


def validate_series(reports: Sequence[Report]) -> list[Finding]:
    """Check reports of the same agency across years: 结转 carried over, big jumps, duplicate years."""
    return [f for _, f in series_findings(reports)]
