"""The official sums of tables 三 and 四 (勾稽关系, outcome rows, row totals, review groups)."""

from __future__ import annotations

from .. import labels
from ..model import (
    ApplicantCounts,
    Finding,
    Number,
    Outcomes,
    Report,
)
from ._common import (
    SIX_KEYS,
    _finding,
    _fmt,
    _judge,
    _section_no,
    _v,
    app_row_label,
    outcome_keys,
)


def _check_applications(report: Report, out: list[Finding]) -> None:
    apps = report.applications
    if apps is None:
        return
    sec = _section_no(report, "applications")
    t = labels.TABLE_LABELS["applications"]
    rows: dict[str, ApplicantCounts | None] = {k: getattr(apps, k) for k in labels.APPLICATION_ROW_BY_KEY}
    outcomes = outcome_keys(apps, report.format)

    def val(key: str, col: str) -> Number | None:
        row = rows[key]
        return _v(getattr(row, col)) if row is not None else None

    r1, r2, r7, r4 = (app_row_label(k) for k in ("new_received", "carried_over", "total_processed", "carried_forward"))
    result = labels.APPLICATION_GROUP_LABELS["result"]
    for col in labels.APPLICANT_KEYS:
        cl = labels.APPLICANT_FULL_LABELS[col]
        a, b, c, d = (val(k, col) for k in ("new_received", "carried_over", "total_processed", "carried_forward"))
        j = _judge([a, b], [c, d])
        if j is not None:
            how = "" if j.complete else "(已填数值之和已超出另一边)"
            out.append(
                _finding(
                    "balance-mismatch",
                    f"“{t}”表“{cl}”列:{r1}({_fmt(a)})+{r2}({_fmt(b)})={j.left},"
                    f"{r7}({_fmt(c)})+{r4}({_fmt(d)})={j.right},不符合勾稽关系{how}",
                    f"table 三 column {col}: new_received + carried_over = {j.left} but "
                    f"total_processed + carried_forward = {j.right}" + ("" if j.complete else " (known cells only)"),
                    section=sec,
                    table="applications",
                    column=col,
                    where=f"applications.*.{col}",
                )
            )
        if rows["total_processed"] is not None and any(rows[k] is not None for k in outcomes):
            parts = [val(k, col) for k in outcomes]
            j = _judge([c], parts)
            if j is not None:
                out.append(
                    _finding(
                        "outcomes-sum-mismatch",
                        f"“{t}”表“{cl}”列:{r7}为{_fmt(c)},而“{result}”各行之和为{j.right}"
                        + (f",{r7}应为{j.right}" if j.complete else "(仅计已填数值)"),
                        f"table 三 column {col}: total_processed is {_fmt(c)} but the outcome rows sum to {j.right}"
                        + ("" if j.complete else " (known cells only)"),
                        section=sec,
                        table="applications",
                        row="total_processed",
                        column=col,
                        expected=j.right if j.complete else None,
                    )
                )
    six = (
        f"“{labels.APPLICANTS_LABEL}”六列({labels.APPLICANT_LABELS['natural_person']}及{labels.ORGANISATION_LABEL})之和"
    )
    for key, row in rows.items():
        if row is None:
            continue
        parts = [_v(getattr(row, c)) for c in SIX_KEYS]
        total = _v(row.total)
        j = _judge([total], parts)
        if j is not None:
            out.append(
                _finding(
                    "row-total-mismatch",
                    f"“{t}”表“{app_row_label(key)}”行:{six}={j.right},“{labels.APPLICANT_LABELS['total']}”为{_fmt(total)}"
                    + (f",{labels.APPLICANT_LABELS['total']}应为{j.right}" if j.complete else "(仅计已填数值)"),
                    f"table 三 row {key}: the six applicant columns sum to {j.right} but total is {_fmt(total)}",
                    section=sec,
                    table="applications",
                    row=key,
                    column="total",
                    expected=j.right if j.complete else None,
                )
            )


# ------------------------------------------------------------------ table 四
def _check_review(report: Report, out: list[Finding]) -> None:
    rl = report.review_litigation
    if rl is None:
        return
    sec = _section_no(report, "review_litigation")
    t = labels.TABLE_LABELS["review_litigation"]
    ol = labels.REVIEW_OUTCOME_LABELS
    for g in labels.REVIEW_GROUP_KEYS:
        o: Outcomes | None = getattr(rl, g)
        if o is None:
            continue
        parts = [_v(o.upheld), _v(o.corrected), _v(o.other), _v(o.pending)]
        j = _judge([_v(o.total)], parts)
        if j is None:
            continue
        terms = "+".join(
            f"{ol[k]}{_fmt(v)}" for k, v in zip(("upheld", "corrected", "other", "pending"), parts, strict=True)
        )
        out.append(
            _finding(
                "review-total-mismatch",
                f"“{t}”表“{labels.REVIEW_GROUP_FULL_LABELS[g]}”:{terms}={j.right},“{ol['total']}”为{_fmt(_v(o.total))}"
                + (f",{ol['total']}应为{j.right}" if j.complete else "(仅计已填数值)"),
                f"table 四 group {g}: upheld + corrected + other + pending = {j.right} but total is {_fmt(_v(o.total))}",
                section=sec,
                table="review_litigation",
                row=g,
                column="total",
                expected=j.right if j.complete else None,
            )
        )
