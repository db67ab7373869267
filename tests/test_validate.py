"""The validator: every rule on generated reports (consistent ones, and ones with one cell changed)
and on the real corpus (the reports' own notes say which numbers do not add up).

Generated reports are built directly as model objects, so these tests do not depend on the parser;
the corpus reports are built from their gold values (what the report prints), and, where the
adapters are installed, parsed from the published files too.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import importlib.util
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from attrs import evolve
from hypothesis import given
from hypothesis import strategies as st

import govinfo_report as g
from conftest import ROOT, body, corpus_dir, load_gold
from govinfo_report import labels, model
from govinfo_report.cli import main as cli_main
from govinfo_report.model import (
    ApplicantCounts,
    Applications,
    Cell,
    Finding,
    Outcomes,
    Report,
    ReviewLitigation,
    Section,
)
from govinfo_report.normalise import normalise
from govinfo_report.prose import extract_prose
from govinfo_report.validate import (
    RULES,
    deadline,
    expand_paths,
    locate,
    outcome_keys,
    same_agency,
    validate,
    validate_series,
)

SIX = labels.APPLICANT_KEYS[:6]
OTHER_2021 = ("other_no_correction", "other_unpaid_fee", "other_misc")


# ------------------------------------------------------------------ building reports
def cell(v: Any) -> Cell:
    """A printed cell: None is a visibly empty cell, a str an amount."""
    if v is None:
        return Cell(raw="", value=None)
    if isinstance(v, (str, Decimal)):
        return Cell(raw=str(v), value=Decimal(str(v)))
    return Cell(raw=str(v), value=v)


def counts(values: list[int | None], total: int | str | None = "sum") -> ApplicantCounts:
    if total == "sum":
        total = sum(v for v in values if v is not None)
    return ApplicantCounts(**{k: cell(v) for k, v in zip(SIX, values, strict=True)}, total=cell(total))


def outcomes(
    upheld: int | None, corrected: int | None, other: int | None, pending: int | None, total: int | str | None = "sum"
) -> Outcomes:
    if total == "sum":
        total = sum(v for v in (upheld, corrected, other, pending) if v is not None)
    return Outcomes(cell(upheld), cell(corrected), cell(other), cell(pending), cell(total))


def outcome_rows(fmt: str) -> tuple[str, ...]:
    return outcome_keys(Applications(), fmt)


def applications(fmt: str, outcome: dict[str, list[int]], over: list[int], forward: list[int]) -> Applications:
    """A table 三 that adds up: new_received is whatever makes each column balance."""
    processed = [sum(outcome.get(k, [0] * 6)[c] for k in outcome_rows(fmt)) for c in range(6)]
    new = [processed[c] + forward[c] - over[c] for c in range(6)]
    rows = {k: counts(outcome.get(k, [0] * 6)) for k in outcome_rows(fmt)}
    return Applications(
        new_received=counts(new),
        carried_over=counts(over),
        total_processed=counts(processed),
        carried_forward=counts(forward),
        **rows,
    )


def active(fmt: str) -> model.ActiveDisclosure:
    if fmt == "2019":
        items = model.ItemCounts2019(cell(3), cell(-1), cell(5))
        return model.ActiveDisclosure(
            regulations=model.DocumentCounts2019(cell(0), cell(0), cell(0)),
            normative_documents=model.DocumentCounts2019(cell(2), cell(2), cell(36)),
            licensing=items,
            other_services=items,
            punishment=items,
            coercion=items,
            fees=model.FeeItems2019(cell(0), cell(0)),
            procurement=model.Procurement2019(cell(9), cell("1378")),
        )
    return model.ActiveDisclosure(
        regulations=model.DocumentCounts2021(cell(0), cell(0), cell(0)),
        normative_documents=model.DocumentCounts2021(cell(5), cell(12), cell(8)),
        licensing=model.Decisions2021(cell(550)),
        punishment=model.Decisions2021(cell(4119)),
        coercion=model.Decisions2021(cell(195)),
        fees=model.FeeAmount2021(Cell("7730.28", Decimal("7730.28"), "万元")),
    )


#: What a careful office writes in sections 五 and 六 (problems named; the fees of table 二 explained).
SECTION_TEXT = {
    "problems": "个别栏目更新不及时。下一步将加强培训,及时更新。",
    "other_matters": "本年度收取费用情况见第二部分表格。",
}


def six_sections() -> tuple[Section, ...]:
    return tuple(
        Section(s.number, s.kind, f"{labels.NUMERALS_CN[s.number]}、{s.label}", SECTION_TEXT.get(s.kind, ""))
        for s in labels.SECTIONS
    )


def make_report(
    fmt: str = "2021",
    *,
    year: int | None = None,
    apps: Applications | None = None,
    review: ReviewLitigation | None = None,
    **kw: Any,
) -> Report:
    """A complete report whose numbers add up, published on time by a department."""
    year = year or (2023 if fmt == "2021" else 2019)
    if apps is None:
        outcome = {"granted": [3, 1, 0, 0, 0, 0], "unavailable_not_held": [2, 0, 0, 0, 1, 0]}
        outcome["other_misc" if fmt == "2021" else "other"] = [1, 0, 0, 0, 0, 0]
        apps = applications(fmt, outcome, over=[1, 0, 0, 0, 0, 0], forward=[2, 0, 0, 0, 0, 0])
    if review is None:
        review = ReviewLitigation(outcomes(1, 1, 0, 0), outcomes(0, 0, 0, 0), outcomes(2, 0, 1, 0))
    args: dict[str, Any] = dict(
        title=f"淮安市测试局{year}年政府信息公开工作年度报告",
        agency="淮安市测试局",
        year=year,
        published=dt.date(year + 1, 1, 20),
        format=fmt,
        sections=six_sections(),
        active_disclosure=active(fmt),
        applications=apps,
        review_litigation=review,
    )
    args.update(kw)
    return Report(**args)


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


def only(findings: list[Finding], code: str) -> list[Finding]:
    return [f for f in findings if f.code == code]


def set_cell(apps: Applications, row: str, col: str, value: Any) -> Applications:
    r: ApplicantCounts = getattr(apps, row)
    return evolve(apps, **{row: evolve(r, **{col: cell(value)})})


# ------------------------------------------------------------------ generated reports: hypothesis
_n = st.integers(min_value=0, max_value=40)
_six = st.lists(_n, min_size=6, max_size=6)


@st.composite
def consistent_report(draw: st.DrawFn) -> Report:
    fmt = draw(st.sampled_from(["2019", "2021"]))
    rows = draw(st.lists(st.sampled_from(outcome_rows(fmt)), min_size=1, max_size=8, unique=True))
    outcome = {k: draw(_six) for k in rows}
    forward = draw(_six)
    processed = [sum(outcome[k][c] for k in rows) for c in range(6)]
    over = [draw(st.integers(0, processed[c] + forward[c])) for c in range(6)]
    review = ReviewLitigation(*(outcomes(*draw(st.lists(_n, min_size=4, max_size=4))) for _ in range(3)))
    return make_report(fmt, apps=applications(fmt, outcome, over, forward), review=review)


@given(consistent_report())
def test_reports_that_add_up_have_no_findings(report: Report) -> None:
    assert validate(report) == []


@given(consistent_report(), st.data())
def test_one_changed_cell_of_table_3_is_found(report: Report, data: st.DataObject) -> None:
    apps = report.applications
    assert apps is not None
    present = [k for k in labels.APPLICATION_ROW_BY_KEY if getattr(apps, k) is not None]
    row = data.draw(st.sampled_from(present))
    col = data.draw(st.sampled_from(labels.APPLICANT_KEYS))
    old = getattr(getattr(apps, row), col).value
    new = old + data.draw(st.integers(1, 9))
    found = validate(evolve(report, applications=set_cell(apps, row, col, new)))
    assert all(f.severity == "error" for f in found)
    # the row no longer adds up across …
    assert any(f.code == "row-total-mismatch" and f.row == row for f in found), found
    # … and its column no longer balances (勾稽关系) or no longer sums its outcomes
    if row in ("new_received", "carried_over", "carried_forward", "total_processed"):
        assert any(f.code == "balance-mismatch" and f.column == col for f in found)
    if row == "total_processed" or row in outcome_rows(report.format):
        assert any(f.code == "outcomes-sum-mismatch" and f.column == col for f in found)
    else:
        assert not only(found, "outcomes-sum-mismatch")


@given(
    consistent_report(),
    st.sampled_from(labels.REVIEW_GROUP_KEYS),
    st.sampled_from(labels.REVIEW_OUTCOME_KEYS),
    st.integers(1, 9),
)
def test_one_changed_cell_of_table_4_is_found(report: Report, group: str, outcome: str, delta: int) -> None:
    rl = report.review_litigation
    assert rl is not None
    o: Outcomes = getattr(rl, group)
    changed = evolve(rl, **{group: evolve(o, **{outcome: cell(getattr(o, outcome).value + delta)})})
    found = validate(evolve(report, review_litigation=changed))
    assert [(f.code, f.row, f.severity) for f in found] == [("review-total-mismatch", group, "error")]


# ------------------------------------------------------------------ table 三 by hand
def test_balance_message_names_rows_and_column_in_chinese() -> None:
    r = make_report()
    r = evolve(r, applications=set_cell(r.applications, "carried_over", "natural_person", 5))
    f = only(validate(r), "balance-mismatch")
    assert [x.column for x in f] == ["natural_person", "total"] or [x.column for x in f] == ["natural_person"]
    msg = f[0].message
    for key in ("new_received", "carried_over", "total_processed", "carried_forward"):
        assert labels.APPLICATION_ROW_BY_KEY[key].label in msg
    assert labels.APPLICANT_LABELS["natural_person"] in msg
    assert f[0].severity == "error" and f[0].section == 3 and f[0].table == "applications"


def test_outcomes_2021_sum_the_three_other_rows_and_2019_the_single_row() -> None:
    for fmt in ("2019", "2021"):
        r = make_report(fmt)
        assert validate(r) == []
        key = "other" if fmt == "2019" else "other_unpaid_fee"
        # one more 其他处理 application with the totals unchanged: (七)总计 no longer sums the outcomes
        broken = set_cell(r.applications, key, "natural_person", 7)
        broken = set_cell(broken, key, "total", 7)
        found = validate(evolve(r, applications=broken))
        assert [(f.code, f.column) for f in found] == [
            ("outcomes-sum-mismatch", "natural_person"),
            ("outcomes-sum-mismatch", "total"),
        ]


def test_outcomes_of_a_2021_report_printing_the_2019_single_row() -> None:
    """hongze-2023/2024 print one (六)其他处理 row in a 2021 report: that row is summed (and the form noted)."""
    apps = applications("2019", {"granted": [4, 0, 0, 0, 0, 0], "other": [2, 0, 0, 0, 0, 0]}, [0] * 6, [0] * 6)
    found = validate(make_report("2021", apps=apps))
    assert codes(found) == ["format-mixed"]
    assert found[0].row == "other" and labels.APPLICATION_ROW_BY_KEY["other"].label in found[0].message


def test_row_total_mismatch() -> None:
    r = make_report()
    found = validate(evolve(r, applications=set_cell(r.applications, "granted", "total", 9)))
    rows = [(f.code, f.row, f.column) for f in found]
    assert ("row-total-mismatch", "granted", "total") in rows
    f = only(found, "row-total-mismatch")[0]
    assert labels.APPLICATION_ROW_BY_KEY["granted"].label in f.message
    assert labels.APPLICANT_LABELS["natural_person"] in f.message


def test_unknown_cells_are_not_zero_but_known_excess_is_an_error() -> None:
    apps = Applications(
        new_received=counts([5, None, None, None, None, None], 5),
        granted=counts([3, None, None, None, None, None], None),
        withheld_state_secret=counts([4, None, None, None, None, None], None),
        total_processed=counts([5, None, None, None, None, None], 5),
    )
    found = validate(make_report(apps=apps))
    # 3 + 4 known outcomes already exceed (七)总计 5, whatever the other rows hold
    assert [(f.code, f.column) for f in found if f.severity == "error"] == [("outcomes-sum-mismatch", "natural_person")]
    assert "(仅计已填数值)" in only(found, "outcomes-sum-mismatch")[0].message
    # with 2 instead of 4 nothing can be said
    ok = set_cell(apps, "withheld_state_secret", "natural_person", 2)
    assert not [f for f in validate(make_report(apps=ok)) if f.severity == "error"]


def test_truncated_rows_are_not_checked_as_zero() -> None:
    """An excerpt cut after two cells of 上年结转 (m006): the missing cells are None, not zero."""
    apps = Applications(
        new_received=counts([3, 0, 0, 0, 0, 0]),
        carried_over=ApplicantCounts(natural_person=cell(0), commercial_enterprise=cell(0)),
    )
    assert not [f for f in validate(make_report(apps=apps)) if f.severity == "error"]


# ------------------------------------------------------------------ table 四 by hand
def test_review_total_message() -> None:
    review = ReviewLitigation(outcomes(10, 1, 0, 0, 0), outcomes(0, 0, 0, 0), outcomes(5, 0, 0, 0, 0))
    found = validate(make_report(review=review))
    assert [(f.code, f.row) for f in found] == [
        ("review-total-mismatch", "review"),
        ("review-total-mismatch", "post_review_suit"),
    ]
    msg = found[0].message
    assert "=11" in msg and f"“{labels.REVIEW_OUTCOME_LABELS['total']}”为0" in msg
    assert labels.REVIEW_GROUP_LABELS["review"] in msg and labels.REVIEW_OUTCOME_LABELS["upheld"] in msg
    assert labels.REVIEW_GROUP_LABELS["post_review_suit"] in found[1].message


# ------------------------------------------------------------------ cells
def test_negative_counts_except_change() -> None:
    r19 = make_report("2019")  # table 二 prints 本年增/减 -1: allowed
    assert validate(r19) == []
    r = make_report()
    found = validate(evolve(r, applications=set_cell(r.applications, "carried_forward", "other_org", -1)))
    neg = only(found, "count-negative")
    assert [(f.table, f.row, f.column, f.severity) for f in neg] == [
        ("applications", "carried_forward", "other_org", "error")
    ]
    ad = evolve(r.active_disclosure, regulations=model.DocumentCounts2021(cell(-2), cell(0), cell(0)))
    neg = only(validate(evolve(r, active_disclosure=ad)), "count-negative")
    assert [(f.row, f.column) for f in neg] == [("regulations", "issued")]
    assert labels.ACTIVE_ROW_LABELS["regulations"] in neg[0].message
    assert labels.ACTIVE_COLUMN_LABELS[("issued", "2021")] in neg[0].message


def test_non_integer_counts_but_decimal_amounts() -> None:
    r = make_report()
    found = validate(evolve(r, applications=set_cell(r.applications, "granted", "legal_service_org", Decimal("0.5"))))
    assert [(f.row, f.column) for f in only(found, "count-not-integer")] == [("granted", "legal_service_org")]
    # the fee amount 7730.28 (万元) is an amount: no finding (make_report's own table 二)
    assert not only(validate(r), "count-not-integer")


def test_empty_dash_and_text_cells() -> None:
    r = make_report()
    a = r.applications
    row = evolve(a.new_received, commercial_enterprise=Cell("", None), research_institution=Cell("", None))
    a = evolve(
        a,
        new_received=row,
        granted=evolve(a.granted, other_org=Cell("-", None)),
        carried_over=evolve(a.carried_over, public_interest_org=Cell("见附件", None)),
    )
    found = validate(evolve(r, applications=a))
    empty = only(found, "cell-empty")
    assert [(f.row, f.column, f.severity) for f in empty] == [("new_received", None, "warning")]
    for key in ("commercial_enterprise", "research_institution"):
        assert labels.APPLICANT_LABELS[key] in empty[0].message
    assert [(f.row, f.column, f.severity) for f in only(found, "cell-dash")] == [("granted", "other_org", "info")]
    assert [(f.row, f.column) for f in only(found, "cell-not-number")] == [("carried_over", "public_interest_org")]
    assert not [f for f in found if f.severity == "error"]  # unknown cells never make a sum wrong


def test_absent_cells_are_not_empty_cells() -> None:
    apps = Applications(new_received=ApplicantCounts(natural_person=cell(2), total=cell(2)))
    assert not only(validate(make_report(apps=apps)), "cell-empty")


def test_parser_findings_are_not_repeated() -> None:
    r = make_report()
    a = evolve(r.applications, granted=evolve(r.applications.granted, other_org=Cell("—", None)))
    parser = Finding(
        "cell-dash",
        "info",
        "单元格为“—”,按空值处理",
        "",
        "applications.granted.other_org (line 40)",
        3,
        "applications",
        "granted",
        "other_org",
        40,
    )
    assert only(validate(evolve(r, applications=a)), "cell-dash")
    assert not only(validate(evolve(r, applications=a, findings=(parser,))), "cell-dash")


# ------------------------------------------------------------------ structure
def test_missing_duplicated_out_of_order_and_misnumbered_sections() -> None:
    s = list(six_sections())
    found = validate(make_report(sections=(s[0], s[1], s[2], s[4], s[5])))
    assert [(f.code, f.section) for f in found] == [("section-missing", 4)]
    assert labels.SECTION_BY_NUMBER[4].label in found[0].message

    found = validate(make_report(sections=(s[0], s[1], s[1], *s[2:])))
    assert [(f.code, f.section) for f in found] == [("section-duplicated", 2)]

    swapped = (s[0], s[2], s[1], *s[3:])
    found = validate(make_report(sections=swapped))
    assert ("section-order", 2) in [(f.code, f.section) for f in found]

    renumbered = (*s[:3], Section(3, "review_litigation", "三、政府信息公开行政复议、行政诉讼情况"), *s[4:])
    assert [(f.code, f.section) for f in validate(make_report(sections=renumbered))] == [("section-misnumbered", 3)]


def test_no_outline_at_all_is_one_finding_and_legacy_outlines_are_free() -> None:
    assert codes(validate(make_report(sections=()))) == ["section-missing"]
    legacy = Report(
        title="2014年政府信息公开工作年度报告",
        year=2014,
        format="legacy",
        published=dt.date(2015, 3, 1),
        sections=(Section(1, "overview", "一、概述"), Section(2, "fees", "二、收费及减免情况")),
    )
    assert validate(legacy) == []


def test_table_missing_unless_declared_none() -> None:
    r = make_report(applications=None, review_litigation=None)
    assert [(f.code, f.table) for f in validate(r)] == [
        ("table-missing", "applications"),
        ("table-missing", "review_litigation"),
    ]
    # the statement of none, on the Report or on the Section, is not a missing table
    assert [f.table for f in validate(evolve(r, declared_none=("applications",)))] == ["review_litigation"]
    secs = tuple(evolve(x, declared_none=True) if x.kind == "review_litigation" else x for x in r.sections)
    assert [f.table for f in validate(evolve(r, sections=secs))] == ["applications"]


def test_none_contradicted_by_counts() -> None:
    r = make_report(declared_none=("applications",))
    assert [(f.code, f.table) for f in validate(r)] == [("none-contradicted", "applications")]
    zeros = applications("2021", {}, [0] * 6, [0] * 6)
    assert validate(make_report(apps=zeros, declared_none=("applications",))) == []


def test_format_against_year() -> None:
    assert codes(validate(make_report("2019", year=2021))) == ["format-outdated"]
    assert codes(validate(make_report("2019", year=2020))) == []
    assert codes(validate(make_report("2021", year=2020))) == ["format-premature"]
    assert codes(validate(make_report(year=2022, sections=(), format="legacy"))) == ["format-outdated"]
    assert labels.FORM_LABELS["2019"] in validate(make_report("2019", year=2023))[0].message


def test_format_mixed_2021_rows_in_a_2019_report() -> None:
    apps = applications("2021", {"other_misc": [1, 0, 0, 0, 0, 0]}, [0] * 6, [0] * 6)
    found = validate(make_report("2019", apps=apps))
    assert [(f.code, f.row) for f in found] == [("format-mixed", "other_no_correction")]


def test_regulations_by_a_township() -> None:
    ad = evolve(active("2021"), regulations=model.DocumentCounts2021(cell(2), cell(0), cell(2)))
    found = validate(make_report(agency="太平镇人民政府", active_disclosure=ad))
    assert [(f.code, f.row, f.column) for f in found] == [("regulations-not-competent", "regulations", "issued")]
    assert labels.ACTIVE_ROW_LABELS["regulations"] in found[0].message
    # a city government may make 规章; a township reporting 0 says nothing wrong
    assert validate(make_report(agency="淮安市人民政府", active_disclosure=ad, published=dt.date(2024, 3, 1))) == []
    assert validate(make_report(agency="太平镇人民政府")) == []
    # no agency printed: the text speaking of 我镇 tells (m017)
    found = validate(make_report(agency=None, preamble="2022年我镇认真做好政务公开工作", active_disclosure=ad))
    assert codes(found) == ["regulations-not-competent"]


# ------------------------------------------------------------------ text against tables
def test_prose_mismatch_and_agreement() -> None:
    r = make_report()  # new_received total 6 + carried_over 1
    new = r.applications.new_received.total.value
    assert validate(evolve(r, prose=model.ProseFigures(applications_received=new))) == []
    # 共受理 counting the carried-over applications too is the same fact
    assert validate(evolve(r, prose=model.ProseFigures(applications_received=new + 1))) == []
    found = validate(evolve(r, prose=model.ProseFigures(applications_received=new + 10)))
    assert [(f.code, f.severity, f.table, f.row, f.column) for f in found] == [
        ("prose-mismatch", "warning", "applications", "new_received", "total")
    ]
    assert f"{new + 10}件" in found[0].message and f"为{new}" in found[0].message


def test_prose_sums_of_outcome_rows_and_lawsuits() -> None:
    r = make_report()  # unavailable: 2 + 1 = 3; lawsuits: 0 + 3
    assert validate(evolve(r, prose=model.ProseFigures(unavailable=3, lawsuits=3, reviews=2, lawsuits_upheld=2))) == []
    found = validate(evolve(r, prose=model.ProseFigures(unavailable=2, lawsuits=4)))
    assert sorted(f.where for f in found) == ["prose.lawsuits", "prose.unavailable"]


def test_prose_section_is_found() -> None:
    r = make_report()
    secs = (evolve(r.sections[0], text="2023年,本局共受理政府信息公开申请99件。"), *r.sections[1:])
    found = validate(evolve(r, sections=secs, prose=extract_prose(secs[0].text)))
    assert [(f.code, f.section) for f in found] == [("prose-mismatch", 1)]


def test_prose_without_tables_is_not_compared() -> None:
    r = make_report(
        applications=None,
        review_litigation=None,
        declared_none=("applications", "review_litigation"),
        prose=model.ProseFigures(applications_received=5, reviews=1),
    )
    assert validate(r) == []


# ------------------------------------------------------------------ deadline
@pytest.mark.parametrize(
    ("agency", "year", "published", "late"),
    [
        ("淮安市测试局", 2023, dt.date(2024, 1, 31), False),
        ("淮安市测试局", 2023, dt.date(2024, 2, 1), True),
        ("太平镇人民政府", 2023, dt.date(2024, 2, 1), True),  # a township files its own report by 31 January
        ("淮安市洪泽区人民政府", 2023, dt.date(2024, 3, 31), False),  # a government's regional report: 31 March
        ("淮安市洪泽区人民政府", 2023, dt.date(2024, 4, 1), True),
        ("嘉鱼县", 2021, dt.date(2022, 3, 1), False),
    ],
)
def test_deadline(agency: str, year: int, published: dt.date, late: bool) -> None:
    found = validate(make_report(agency=agency, year=year, published=published))
    assert codes(found) == (["deadline-late"] if late else [])


def test_deadline_under_the_2008_rules_is_31_march_for_everyone() -> None:
    r = Report(agency="集美区财政局", year=2014, format="legacy", published=dt.date(2015, 3, 31))
    assert deadline(r) == dt.date(2015, 3, 31) and validate(r) == []
    late = validate(evolve(r, published=dt.date(2015, 4, 2)))
    assert codes(late) == ["deadline-late"] and "2015年3月31日" in late[0].message


def test_no_date_is_info() -> None:
    found = validate(make_report(published=None))
    assert [(f.code, f.severity) for f in found] == [("date-missing", "info")]


# ------------------------------------------------------------------ series
def _year(
    report: Report,
    year: int,
    over: list[int] | None = None,
    forward: list[int] | None = None,
    agency: str | None = None,
    granted: int = 3,
) -> Report:
    apps = applications("2021", {"granted": [granted, 0, 0, 0, 0, 0]}, over or [0] * 6, forward or [0] * 6)
    return evolve(
        report, year=year, agency=agency or report.agency, applications=apps, published=dt.date(year + 1, 1, 20)
    )


def test_series_carry_over() -> None:
    base = make_report()
    y1 = _year(base, 2022, forward=[2, 0, 0, 0, 0, 1])
    good = _year(base, 2023, over=[2, 0, 0, 0, 0, 1])
    assert validate_series([y1, good]) == []
    bad = _year(base, 2023, over=[1, 0, 0, 0, 0, 1])
    found = validate_series([bad, y1])  # order of the list does not matter
    assert [(f.code, f.row, f.column, f.severity) for f in found] == [
        ("series-carry-mismatch", "carried_over", "natural_person", "error"),
        ("series-carry-mismatch", "carried_over", "total", "error"),
    ]
    assert labels.APPLICATION_ROW_BY_KEY["carried_forward"].label in found[0].message
    # another agency, or a year between missing: nothing to compare
    assert validate_series([y1, evolve(bad, agency="苏州市测试局")]) == []
    assert validate_series([y1, evolve(bad, year=2024)]) == []


def test_series_jump_and_duplicates() -> None:
    base = make_report()
    found = validate_series([_year(base, 2022, granted=21), _year(base, 2023, granted=95)])
    assert [(f.code, f.table, f.row) for f in found] == [("series-jump", "applications", "new_received")]
    assert validate_series([_year(base, 2022, granted=21), _year(base, 2023, granted=30)]) == []
    assert validate_series([_year(base, 2022, granted=3), _year(base, 2023, granted=9)]) == []  # small numbers
    found = validate_series([_year(base, 2022), _year(base, 2022)])
    assert codes(found) == ["series-duplicate"]


def test_same_agency() -> None:
    assert same_agency("洪泽区人民政府", "淮安市洪泽区人民政府")
    assert same_agency("淮安市洪泽区人民政府", "淮安市洪泽区政府")
    assert not same_agency("淮安市财政局", "苏州市财政局")
    assert not same_agency("市财政局", "淮安市财政局")  # a bare level names no body


# ------------------------------------------------------------------ the rule table, the docs and labels
def test_every_code_is_documented_with_an_example() -> None:
    doc = (ROOT / "docs" / "findings.md").read_text(encoding="utf-8")
    src = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "src" / "govinfo_report").glob("*.py"))
    src += "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "src" / "govinfo_report" / "validate").glob("*.py"))
    parser_codes = set(re.findall(r"(?:_finding|Finding)\(\s*\"([a-z][a-z0-9-]+)\"", src))
    assert parser_codes, "no parser finding codes found in src"
    for code in sorted(set(RULES) | parser_codes | {"parse-error"}):
        m = re.search(rf"^### `{re.escape(code)}`\n(.*?)(?=^### |\Z)", doc, flags=re.M | re.S)
        assert m, f"docs/findings.md has no entry for {code}"
        assert "```" in m.group(1), f"docs/findings.md: {code} has no example"


def test_validate_names_labels_only_through_labels_py() -> None:
    """The label table is the single place for Chinese labels: the validate package must not spell one out."""
    src = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "src" / "govinfo_report" / "validate").glob("*.py"))
    strings = [lab.label for lab in labels.APPLICATION_ROWS] + list(labels.APPLICATION_GROUP_LABELS.values())
    strings += list(labels.APPLICANT_LABELS.values()) + list(labels.REVIEW_GROUP_LABELS.values())
    strings += list(labels.REVIEW_OUTCOME_LABELS.values()) + list(labels.ACTIVE_ROW_LABELS.values())
    strings += list(labels.ACTIVE_COLUMN_LABELS.values()) + [s.label for s in labels.SECTIONS]
    strings += list(labels.PROSE_LABELS.values()) + list(labels.FORM_LABELS.values())
    strings += [labels.ORGANISATION_LABEL, labels.LITIGATION_LABEL, "规章", "其他处理", "予以公开"]
    for s in strings:
        assert s not in src, s


# ------------------------------------------------------------------ the real corpus
def gold_cell(v: Any, amount: bool = False) -> Cell:
    if v is None:
        return Cell(raw="", value=None)
    if amount or isinstance(v, str):
        return Cell(raw=str(v), value=Decimal(str(v)))
    return Cell(raw=str(v), value=v)


def _active_row(key: str, row: dict[str, Any]) -> Any:
    for fmt in ("2021", "2019"):
        shape = labels.ACTIVE_SHAPES.get((key, fmt))
        if shape and set(row) <= set(shape[1]):
            return getattr(model, shape[0])(**{k: gold_cell(v, k in labels.AMOUNT_COLUMNS) for k, v in row.items()})
    raise ValueError(f"no table 二 row {key} with columns {sorted(row)}")


def report_from_gold(gold: dict[str, Any], text: str | None = None) -> Report:
    """A Report holding what the gold says the report prints; its text (if given) as preamble and prose."""
    ad, apps, rl = gold.get("active_disclosure"), gold.get("applications"), gold.get("review_litigation")
    norm = normalise(text).text if text else ""
    return Report(
        title=gold.get("title"),
        agency=gold.get("agency"),
        year=gold.get("year"),
        published=dt.date.fromisoformat(gold["published"]) if gold.get("published") else None,
        format=gold.get("format") or "unknown",
        preamble=norm,
        active_disclosure=model.ActiveDisclosure(**{k: _active_row(k, r) for k, r in ad.items() if r is not None})
        if ad
        else None,
        applications=Applications(
            **{k: ApplicantCounts(**{c: gold_cell(v) for c, v in r.items()}) for k, r in apps.items() if r is not None}
        )
        if apps
        else None,
        review_litigation=ReviewLitigation(
            **{k: Outcomes(**{c: gold_cell(v) for c, v in r.items()}) for k, r in rl.items() if r is not None}
        )
        if rl
        else None,
        declared_none=tuple(gold.get("declared_none") or ()),
        prose=extract_prose(norm) if text else model.ProseFigures(),
    )


def _html_text(path: Path) -> str:
    raw = path.read_text(encoding="utf-8", errors="replace").replace('\\"', '"')
    return html.unescape(html.unescape(re.sub(r"<[^>]+>", "\n", raw)))


def _pdf_text(path: Path) -> str | None:
    try:
        import pdfplumber
    except ImportError:
        return None
    with pdfplumber.open(path) as pdf:
        return "\n".join(p.extract_text() or "" for p in pdf.pages)


def _document_text(gold_path: Path) -> str | None:
    stem = gold_path.with_name(gold_path.name[: -len(".gold.json")])
    for suffix, read in (
        (".txt", lambda p: body(p.read_text(encoding="utf-8"))),
        (".html", _html_text),
        (".pdf", _pdf_text),
    ):
        p = stem.with_suffix(suffix) if suffix != ".txt" else Path(str(stem) + ".txt")
        if p.exists():
            return read(p)
    return None


def _gold_files() -> list[Path]:
    return sorted(p for sub in ("seeds", "pages", "pdf", "html") for p in corpus_dir(sub).glob("*.gold.json"))


#: What the gold notes say is wrong in each report, as (code, where) the validator must report.
NOTED: dict[str, set[tuple[str, str]]] = {
    # "行政复议 row prints 10/1/0/0 总计 0; 复议后起诉 prints 5 … 总计 0"; the single 2019 (六)其他处理 row
    "hongze-2023": {
        ("review-total-mismatch", "review_litigation.review.total"),
        ("review-total-mismatch", "review_litigation.post_review_suit.total"),
        ("format-mixed", "applications.other"),
    },
    # "section 一(二) says … 受理政府信息公开申请 17 件, but the table prints 95"; the single (六) row
    "hongze-2024": {("prose-mismatch", "prose.applications_received"), ("format-mixed", "applications.other")},
    # "Text says 受理政府信息公开申请2件 but table says 3 new applications"
    "m019": {("prose-mismatch", "prose.applications_received")},
    # "PROSE DISAGREES with the table: 予以公开及部分公开258件 (table 275); 无法提供265件 (table 337)"
    # and "信息公开类行政复议7件,诉讼9件,均获维持" while table 四 prints cases 尚未审结 (a claim the tables contradict)
    "shanghai-bgt-2019": {
        ("prose-contradicts-table", "prose.granted_or_partially"),
        ("prose-contradicts-table", "prose.unavailable"),
        ("claim-contradicted", "review_litigation.review.pending"),
        ("claim-contradicted", "review_litigation.direct_suit.pending"),
    },
    # "2023 report still using the 2019 trial template"
    "m025": {("format-outdated", "format")},
    # "A township reporting 规章 2 (townships cannot make 规章 - real data error)"
    "m017": {("regulations-not-competent", "active_disclosure.regulations.issued")},
}
#: Words in a gold note that announce something wrong with the report's own numbers or form.
_ALARM = re.compile(r"does not add up|DISAGREES|NARRATIVE vs TABLE|inconsistency|data error|still using the 2019")


def test_every_alarming_note_is_in_the_table() -> None:
    """NOTED covers every gold note that says the report is wrong (so a new corpus note cannot slip by)."""
    alarming = {p.name[: -len(".gold.json")] for p in _gold_files() if _ALARM.search(load_gold(p).get("notes", ""))}
    assert alarming <= set(NOTED), alarming - set(NOTED)


@pytest.mark.corpus
def test_corpus_gold_findings() -> None:
    """Each noted error is found with its code; reports whose numbers add up give no error."""
    seen = 0
    for path in _gold_files():
        name = path.name[: -len(".gold.json")]
        gold = load_gold(path)
        text = _document_text(path)
        if name in ("hongze-2024",) and text is None:
            # without pdfplumber: the sentence the gold note quotes is the narrative
            text = re.search(r"'([^']*申请[^']*)'", gold["notes"]).group(1)  # type: ignore[union-attr]
        found = validate(report_from_gold(gold, text))
        got = {(f.code, f.where) for f in found}
        assert NOTED.get(name, set()) <= got, (name, NOTED.get(name, set()) - got)
        errors = {(f.code, f.where) for f in found if f.severity == "error"}
        expected_errors = {n for n in NOTED.get(name, set()) if RULES[n[0]].severity == "error"}
        assert errors == expected_errors, (name, errors)
        seen += 1
    assert seen >= 40


def test_hongze_2024_from_the_quoted_sentence() -> None:
    """Even without the PDF text: the sentence the gold note quotes disagrees with the table (17 vs 95)."""
    gold = load_gold(corpus_dir("pdf") / "hongze-2024.gold.json")
    sentence = re.search(r"'([^']*申请[^']*)'", gold["notes"]).group(1)  # type: ignore[union-attr]
    found = only(validate(report_from_gold(gold, sentence)), "prose-mismatch")
    assert len(found) == 1 and "17件" in found[0].message and "95" in found[0].message


def test_hongze_series() -> None:
    """洪泽区人民政府 2023 and 淮安市洪泽区人民政府 2024 are one body: 结转 0 = 0, new applications 21 → 95 is a jump."""
    pdf = corpus_dir("pdf")
    reports = [report_from_gold(load_gold(pdf / f"hongze-{y}.gold.json")) for y in (2023, 2024)]
    found = validate_series(reports)
    assert [(f.code, f.where) for f in found] == [
        ("series-jump", "淮安市洪泽区人民政府 2023→2024 applications.new_received.total")
    ]


def _need_pdf_adapter() -> None:
    pytest.importorskip("pdfplumber")
    if importlib.util.find_spec("govinfo_report.pdf_adapter") is None:
        pytest.skip("govinfo_report.pdf_adapter is not there yet")


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("hongze-2023", {("review-total-mismatch", "review"), ("review-total-mismatch", "post_review_suit")}),
        ("hongze-2024", set()),
        ("szfgs-2024", set()),
    ],
)
def test_parsed_pdfs(name: str, expected: set[tuple[str, str]]) -> None:
    _need_pdf_adapter()
    report = g.parse_file(corpus_dir("pdf") / f"{name}.pdf")
    found = [*report.findings, *validate(report)]
    assert {(f.code, f.row) for f in found if f.severity == "error"} == expected
    if name == "hongze-2024":
        assert ("prose-mismatch", "prose.applications_received") in {(f.code, f.where) for f in found}


# ------------------------------------------------------------------ the command line
REPORT_TEXT = """淮安市测试局2023年政府信息公开工作年度报告
一、总体情况
2023年,本局共受理政府信息公开申请{received}件,均在法定期限内予以答复。
二、主动公开政府信息情况
| 第二十条第(一)项 | | | |
| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
| 规章 | 0 | 0 | 0 |
| 行政规范性文件 | 1 | 0 | 3 |
三、收到和处理政府信息公开申请情况
| 一、本年新收政府信息公开申请数量 | 4 | 0 | 0 | 0 | 0 | 0 | 4 |
| 二、上年结转政府信息公开申请数量 | {over} | 0 | 0 | 0 | 0 | 0 | {over} |
| 三、本年度办理结果 | (一)予以公开 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |
| (二)部分公开(区分处理的,只计这一情形,不计其他情形) | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
| (七)总计 | 4 | 0 | 0 | 0 | 0 | 0 | 4 |
| 四、结转下年度继续办理 | {forward} | 0 | 0 | 0 | 0 | 0 | {forward} |
四、政府信息公开行政复议、行政诉讼情况
| 行政复议 | 行政诉讼 |
| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | 复议后起诉 |
| 1 | 0 | 0 | 0 | {review_total} | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
五、存在的主要问题及改进情况
个别栏目更新不及时,下一步将及时更新。
六、其他需要报告的事项
无。
淮安市测试局
{published}
"""


def write_report(
    path: Path,
    *,
    year: int = 2023,
    received: int = 4,
    over: int = 0,
    forward: int = 0,
    review_total: int = 1,
    published: str = "2024年1月20日",
) -> Path:
    text = REPORT_TEXT.format(
        received=received, over=over, forward=forward, review_total=review_total, published=published
    ).replace("2023", str(year))
    path.write_text(text, encoding="utf-8")
    return path


def check(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str]]:
    status = cli_main(["check", *argv])
    out = capsys.readouterr().out
    return status, [line for line in out.split("\n") if line]


def test_cli_clean_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, lines = check(capsys, str(write_report(tmp_path / "ok.txt")))
    assert (status, lines) == (0, [])


def test_cli_errors_with_file_line_and_chinese_labels(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_report(tmp_path / "bad.txt", received=5, review_total=2)
    status, lines = check(capsys, str(path))
    assert status == 1
    review_line = next(
        n for n, t in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if t.startswith("| 1 |")
    )
    assert f"{path}:{review_line}: 错误 [review-total-mismatch]" in "\n".join(lines)
    assert any(line.startswith(f"{path}:3: 警告 [prose-mismatch]") for line in lines)
    assert labels.REVIEW_GROUP_LABELS["review"] in "\n".join(lines)


def test_cli_json_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_report(tmp_path / "bad.txt", review_total=3)
    status, lines = check(capsys, "--json", str(path))
    rows = [json.loads(line) for line in lines]
    assert status == 1
    assert [(r["code"], r["severity"], r["row"], r["column"]) for r in rows] == [
        ("review-total-mismatch", "error", "review", "total")
    ]
    assert rows[0]["row_label"] == labels.REVIEW_GROUP_FULL_LABELS["review"]
    assert rows[0]["column_label"] == labels.REVIEW_OUTCOME_LABELS["total"]
    assert rows[0]["file"] == str(path) and isinstance(rows[0]["line"], int)


def test_cli_warnings_only_exit_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, lines = check(capsys, str(write_report(tmp_path / "late.txt", published="2024年2月20日")))
    assert status == 0 and len(lines) == 1 and "[deadline-late]" in lines[0]


def test_cli_parse_failure_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "not-a-report.txt"
    bad.write_text("今天天气很好。\n我们去公园散步。\n", encoding="utf-8")
    good = write_report(tmp_path / "ok.txt")
    status = cli_main(["check", str(bad), str(good), str(tmp_path / "missing.txt")])
    captured = capsys.readouterr()
    lines = [line for line in captured.out.split("\n") if line]
    assert status == 2  # input that could not be read, as --help says
    assert len(lines) == 2 and all("[parse-error]" in line for line in lines)
    assert lines[0].startswith(f"{bad}:") and lines[1].startswith(f"{tmp_path / 'missing.txt'}:")
    assert "Traceback" not in captured.out + captured.err


def test_cli_json_report_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A Report saved as JSON (govinfo-report parse -o) is checked as it is."""
    r = make_report(review=ReviewLitigation(outcomes(1, 0, 0, 0, 5), outcomes(0, 0, 0, 0), outcomes(0, 0, 0, 0)))
    path = tmp_path / "r.json"
    path.write_text(r.to_json(), encoding="utf-8")
    status, lines = check(capsys, "--json", str(path))
    assert status == 1 and [json.loads(x)["code"] for x in lines] == ["review-total-mismatch"]


def test_cli_series_over_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    write_report(folder / "2022.txt", year=2022, forward=2, published="2023年1月20日")
    write_report(folder / "2023.txt", year=2023, over=1, published="2024年1月20日")
    (folder / "notes.gold.json").write_text("{}", encoding="utf-8")  # not a report file: skipped
    assert expand_paths([str(folder)]) == [str(folder / "2022.txt"), str(folder / "2023.txt")]
    status, lines = check(capsys, "--series", "--json", str(folder))
    rows = [json.loads(line) for line in lines]
    carry = [r for r in rows if r["code"] == "series-carry-mismatch"]
    assert status == 1
    assert [(r["file"], r["column"]) for r in carry] == [
        (str(folder / "2023.txt"), "natural_person"),
        (str(folder / "2023.txt"), "total"),
    ]
    # each year also balances its own table 三 only if 新收 + 结转 = 办结 + 结转下年: both are off here
    assert {r["code"] for r in rows} >= {"series-carry-mismatch", "balance-mismatch"}
    status, _ = check(capsys, str(folder))  # without --series: no series findings, but the same per-file errors
    assert status == 1


def test_locate_rows_sections_and_prose() -> None:
    lines = REPORT_TEXT.format(received=9, over=0, forward=0, review_total=1, published="2024年1月20日").split("\n")
    n = {t.split(" | ")[0].strip("| "): i for i, t in enumerate(lines, 1)}
    f = Finding("row-total-mismatch", "error", "", "", "", 3, "applications", "total_processed", "total")
    assert locate(f, lines) == n["(七)总计"]
    f = Finding("balance-mismatch", "error", "", "", "", 3, "applications", None, "natural_person")
    assert locate(f, lines) == n["一、本年新收政府信息公开申请数量"]
    f = Finding("section-missing", "warning", "", "", "section 5", 5)
    assert locate(f, lines) == lines.index("五、存在的主要问题及改进情况") + 1
    f = Finding("prose-mismatch", "warning", "", "", "prose.applications_received", 1, "applications")
    assert locate(f, lines) == 3
    f = Finding("deadline-late", "warning", "", "", "published")
    assert locate(f, lines) == lines.index("2024年1月20日") + 1


def test_locate_other_misc_below_a_header_that_prints_qita() -> None:
    """shuyang-fgj-2023: the header cell 其他 (法人或其他组织/其他) is not the row 3.其他."""
    lines = [
        "三、收到和处理政府信息公开申请情况",
        "| 自然人 | 法人或其他组织 | 总计 |",
        "| 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |",
        "| 一、本年新收政府信息公开申请数量 | 4 | | | | | | 4 |",
        "| (六)其他处理 | 3.其他 | 0 | | | | | | 0 |",
    ]
    f = Finding("cell-empty", "warning", "", "", "applications.other_misc", 3, "applications", "other_misc")
    assert locate(f, lines) == 5


def test_run_check_takes_the_cli_namespace(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from govinfo_report.validate import run_check

    status = run_check(argparse.Namespace(paths=[str(write_report(tmp_path / "ok.txt"))], json=False, series=False))
    assert status == 0


def test_package_validate_stays_callable_after_its_module_is_loaded() -> None:
    """api.validate imports the stage validate.py on first use, which rebinds the package name
    ``validate`` to that module: a second ``g.validate(r)`` used to raise TypeError."""
    import importlib

    import govinfo_report as g
    import govinfo_report.validate  # what a user may write; the package attribute stays the function

    module = importlib.import_module("govinfo_report.validate")
    assert not isinstance(g.validate, type(module))
    report = g.parse(REPORT_TEXT.format(received=4, over=0, forward=0, review_total=1, published="2024年1月20日"))
    first = g.validate(report)
    assert g.validate(report) == first == module.validate(report)
