"""The rules an office acts on: text against tables (every mention, error when certain), claims the tables
contradict, the reviewers' rules, findings per table block, and the check command's filters and exit codes.

Reports are built as model objects from test_validate's builders (their numbers add up), then one thing is
changed: each test fails when its rule is removed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from attrs import evolve
from hypothesis import given
from hypothesis import strategies as st

from govinfo_report import labels, model
from govinfo_report.cli import main as cli_main
from govinfo_report.model import Cell, Finding, Report
from govinfo_report.validate import RULES, validate
from govinfo_report.validate.check import keep
from test_validate import active, cell, make_report, outcomes, write_report


def only(found: list[Finding], code: str) -> list[Finding]:
    return [f for f in found if f.code == code]


def with_text(r: Report, kind: str, text: str) -> Report:
    """The report with one section's text replaced."""
    return evolve(r, sections=tuple(evolve(s, text=text) if s.kind == kind else s for s in r.sections))


def errors(found: list[Finding]) -> list[Finding]:
    return [f for f in found if f.severity == "error"]


# ------------------------------------------------------------------ text against tables
def test_consistent_builders_give_no_finding() -> None:
    """The base of every test below is clean, so each finding comes from the one change made."""
    assert validate(make_report()) == [] and validate(make_report("2019")) == []


def test_certain_figure_is_an_error_with_the_expected_value() -> None:
    r = make_report()  # total_processed 7
    processed = r.applications.total_processed.total.value
    assert validate(with_text(r, "overview", f"全年办结申请{processed}件。")) == []
    found = validate(with_text(r, "overview", f"全年办结申请{processed + 2}件。"))
    assert [(f.code, f.severity, f.row, f.expected) for f in found] == [
        ("prose-contradicts-table", "error", "total_processed", str(processed))
    ]
    assert f"应为{processed}件" in found[0].message and f"{processed + 2}件" in found[0].message


def test_every_mention_is_compared_not_the_first() -> None:
    r = make_report()
    processed = r.applications.total_processed.total.value
    text = f"全年办结申请{processed}件。下半年又办结申请{processed + 5}件。"
    found = only(validate(with_text(r, "overview", text)), "prose-contradicts-table")
    assert [(f.where, f.expected) for f in found] == [("prose.applications_processed@1", str(processed))]


def test_ambiguous_figure_stays_a_warning_naming_its_readings() -> None:
    r = make_report()  # 受理 is new_received, or new_received + carried_over: both agree
    new = r.applications.new_received.total.value
    found = validate(with_text(r, "overview", f"共受理政府信息公开申请{new + 20}件。"))
    assert [(f.code, f.severity) for f in found] == [("prose-mismatch", "warning")]
    for reading in labels.PROSE_READINGS["applications_received"]:
        assert reading in found[0].message
    # 新收 names one quantity: the same figure is certain
    found = validate(with_text(r, "overview", f"本年新收政府信息公开申请{new + 1}件。"))
    assert [(f.code, f.expected) for f in found] == [("prose-contradicts-table", str(new))]


def test_blank_cells_do_not_excuse_a_printed_total() -> None:
    review = model.ReviewLitigation(outcomes(None, None, 0, 0, total=2), outcomes(0, 0, 0, 0), outcomes(2, 0, 1, 0))
    r = make_report(review=review)
    found = only(
        validate(with_text(r, "review_litigation", "本年度发生政府信息公开行政复议5件。")), "prose-contradicts-table"
    )
    assert [(f.severity, f.row, f.expected) for f in found] == [("error", "review", "2")]


@given(
    st.sampled_from(
        [
            "全年办结申请{n}件。",
            "申请中予以公开{n}件。",
            "申请中无法提供{n}件。",
            "申请结转下年度继续办理{n}件。",
            "本年新收政府信息公开申请{n}件。",
            "因政府信息公开被申请行政复议{n}件。",
        ]
    ),
    st.integers(1, 50),
    st.sampled_from(["2019", "2021"]),
)
def test_injected_text_errors_are_all_found(sentence: str, delta: int, fmt: str) -> None:
    """Each certain figure made wrong by any amount is an error with its code (100 %, not a sample)."""
    r = make_report(fmt)
    truth = {
        "办结": r.applications.total_processed.total.value,
        "予以公开": r.applications.granted.total.value,
        "无法提供": 3,
        "结转": r.applications.carried_forward.total.value,
        "新收": r.applications.new_received.total.value,
        "复议": r.review_litigation.review.total.value,
    }
    value = next(v for k, v in truth.items() if k in sentence)
    assert validate(with_text(r, "overview", sentence.format(n=value))) == []
    found = errors(validate(with_text(r, "overview", sentence.format(n=value + delta))))
    assert [(f.code, f.expected) for f in found] == [("prose-contradicts-table", str(value))]


# ------------------------------------------------------------------ claims
def test_all_upheld_contradicted_by_pending_or_corrected_cases() -> None:
    r = make_report()  # review: upheld 1, corrected 1
    found = validate(with_text(r, "review_litigation", "本年度行政复议案件均获维持。"))
    assert [(f.code, f.severity, f.row, f.column, f.expected) for f in found] == [
        ("claim-contradicted", "error", "review", "corrected", "0")
    ]
    upheld = evolve(r, review_litigation=evolve(r.review_litigation, review=outcomes(2, 0, 0, 0)))
    assert validate(with_text(upheld, "review_litigation", "本年度行政复议案件均获维持。")) == []


def test_no_review_claimed_with_a_count() -> None:
    r = make_report()
    found = validate(with_text(r, "review_litigation", "本年度未发生因政府信息公开引起的行政复议。"))
    assert [(f.code, f.row, f.column) for f in found] == [("claim-contradicted", "review", "total")]
    none = evolve(r, review_litigation=evolve(r.review_litigation, review=outcomes(0, 0, 0, 0)))
    assert validate(with_text(none, "review_litigation", "本年度未发生因政府信息公开引起的行政复议。")) == []
    # 无…被纠错 speaks of outcomes, not of cases
    assert validate(with_text(r, "review_litigation", "本年度无行政复议被纠错情况。")) == []


# ------------------------------------------------------------------ the reviewers' rules
@pytest.mark.parametrize("text", ["", "无", "无。", "暂无"])
def test_section_five_empty_or_none(text: str) -> None:
    found = validate(with_text(make_report(), "problems", text))
    assert [(f.code, f.section) for f in found] == [("section-empty", 5)]


def test_fees_unexplained_and_fees_not_in_table() -> None:
    r = make_report()  # table 二 fees 7730.28
    found = validate(with_text(r, "other_matters", "本机关无其他需要报告的事项。"))
    assert [(f.code, f.row, f.column) for f in found] == [("fees-unexplained", "fees", "amount")]
    blank = evolve(r, active_disclosure=evolve(active("2021"), fees=model.FeeAmount2021(Cell("", None))))
    found = only(validate(with_text(blank, "other_matters", "本年度收取信息处理费200元。")), "fees-not-in-table")
    assert [(f.severity, f.row) for f in found] == [("info", "fees")]
    assert not only(validate(with_text(blank, "other_matters", "本年度未收取信息处理费。")), "fees-not-in-table")


def test_duplicated_word() -> None:
    found = validate(with_text(make_report(), "overview", "加强财政资金资金公开。"))
    assert [(f.code, f.section) for f in found] == [("word-duplicated", 1)] and "资金" in found[0].message
    assert validate(with_text(make_report(), "overview", "逐项一一核对,常常检查。")) == []


@pytest.mark.parametrize(("heads", "bad"), [(["一", "二", "四"], "四"), (["一", "二", "一"], "一")])
def test_subheadings_restarted_or_skipped(heads: list[str], bad: str) -> None:
    text = "\n".join(f"({h})工作{i}\n内容。" for i, h in enumerate(heads))
    found = validate(with_text(make_report(), "overview", text))
    assert [(f.code, f.where) for f in found] == [("subheading-sequence", f"section 1.({bad})")]
    assert validate(with_text(make_report(), "overview", "(一)甲\n(二)乙\n(三)丙")) == []


def test_table_two_and_three_in_different_forms() -> None:
    r = make_report("2021")
    found = validate(evolve(r, active_disclosure=active("2019")))
    assert ("format-tables-mixed", "format") in {(f.code, f.where) for f in found}
    assert not only(validate(r), "format-tables-mixed")


def test_blank_2019_template_in_a_later_report() -> None:
    r = make_report("2019", year=2022)
    blank = model.ActiveDisclosure(licensing=model.ItemCounts2019(cell(None), cell(None), cell(None)))
    empty = evolve(r, active_disclosure=blank, applications=None, review_litigation=None)
    assert "template-empty" in {f.code for f in validate(empty)}
    assert "template-empty" not in {f.code for f in validate(r)}


# ------------------------------------------------------------------ less noise
def test_blank_cells_are_one_finding_per_table() -> None:
    r = make_report()
    a = r.applications
    a = evolve(
        a,
        new_received=evolve(a.new_received, research_institution=Cell("", None)),
        granted=evolve(a.granted, other_org=Cell("", None), legal_service_org=Cell("", None)),
    )
    found = only(validate(evolve(r, applications=a)), "cell-empty")
    assert len(found) == 1 and found[0].where == "applications" and "3个单元格" in found[0].message


def test_every_new_code_has_a_rule() -> None:
    for code in (
        "prose-contradicts-table",
        "claim-contradicted",
        "section-empty",
        "fees-unexplained",
        "fees-not-in-table",
        "word-duplicated",
        "subheading-sequence",
        "format-tables-mixed",
        "template-empty",
    ):
        assert code in RULES


def test_keep_filters() -> None:
    f = Finding("cell-empty", "warning", "")
    assert keep(f) and keep(f, severity="warning") and not keep(f, severity="error")
    assert not keep(f, select=["balance-mismatch"]) and keep(f, select=["cell-empty"])
    assert not keep(f, ignore=["cell-empty"])


def test_check_filters_language_and_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_report(tmp_path / "r.txt", received=4, review_total=0)  # a review total error, and more
    assert cli_main(["check", str(path)]) == 1
    out = capsys.readouterr()
    assert "错误 [review-total-mismatch]" in out.out and "总计应为1" in out.out and "错误" in out.err
    assert cli_main(["check", "--lang", "en", str(path)]) == 1
    out = capsys.readouterr()
    assert "error [review-total-mismatch]" in out.out and "error(s)" in out.err
    assert cli_main(["check", "--ignore", "review-total-mismatch", "--json", str(path)]) == 1  # status: every finding
    rows = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert "review-total-mismatch" not in {r["code"] for r in rows}
    assert cli_main(["check", "--select", "review-total-mismatch", "--json", str(path)]) == 1
    rows = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert {r["code"] for r in rows} == {"review-total-mismatch"} and rows[0]["expected"] == "1"
    assert cli_main(["check", "--severity", "error", "--json", str(path)]) == 1
    assert {json.loads(x)["severity"] for x in capsys.readouterr().out.splitlines()} == {"error"}
    assert cli_main(["check", str(tmp_path / "missing.txt")]) == 2
    capsys.readouterr()


def test_finding_page_and_expected_round_trip_and_old_json_reads() -> None:
    from govinfo_report import from_dict, to_dict

    r = evolve(make_report(), findings=(Finding("x", "error", "m", page=3, expected="11"),))
    d = to_dict(r)
    assert from_dict(d) == r
    d["findings"] = [{k: v for k, v in d["findings"][0].items() if k not in ("page", "expected")}]
    assert from_dict(d).findings[0].page is None


def test_findings_as_dataset_rows_and_counts() -> None:
    from govinfo_report.validate import FINDING_COLUMNS, finding_counts, finding_rows

    r = with_text(make_report(), "overview", "全年办结申请99件。加强资金资金管理。")
    rows = finding_rows("a.txt", r)
    assert [tuple(row) for row in rows] == [FINDING_COLUMNS] * len(rows)
    assert {(row["code"], row["severity"]) for row in rows} == {
        ("prose-contradicts-table", "error"),
        ("word-duplicated", "warning"),
    }
    wrong = next(row for row in rows if row["code"] == "prose-contradicts-table")
    assert (wrong["path"], wrong["agency"], wrong["year"], wrong["expected"]) == ("a.txt", r.agency, r.year, "8")
    assert wrong["row_label"] and wrong["column_label"] == labels.APPLICANT_LABELS["total"]
    assert finding_counts(validate(r)) == (1, 1, ("prose-contradicts-table", "word-duplicated"))


def test_with_page_takes_the_page_of_the_line() -> None:
    from govinfo_report.validate.check import with_page

    f = Finding("x", "error", "m")
    assert with_page(f, 3, (1, 1, 2, 2)).page == 2
    assert with_page(f, None, (1, 2)).page is None and with_page(f, 3, None).page is None
    assert with_page(evolve(f, page=7), 1, (1,)).page == 7  # a page the adapter gave stays


@pytest.mark.corpus
def test_check_on_a_real_pdf_prints_pages_and_expected_values(capsys: pytest.CaptureFixture[str]) -> None:
    """A district's 2023 report: 行政复议 10+1+0+0 with 总计 0, and 复议后起诉 5 with 总计 0, on the page they stand."""
    pytest.importorskip("pdfplumber")
    from conftest import corpus_dir
    from govinfo_report.pdf_adapter import read_pdf

    path = corpus_dir("pdf") / "hongze-2023.pdf"
    if not path.exists():
        pytest.skip("corpus not here")
    assert cli_main(["check", "--json", "--select", "review-total-mismatch", str(path)]) == 1
    rows = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    pages = read_pdf(path.read_bytes()).pages
    assert sorted((r["row"], r["expected"]) for r in rows) == [("post_review_suit", "5"), ("review", "11")]
    for r in rows:
        assert r["page"] == pages[r["line"] - 1] + 1 and "总计应为" in r["message"]


def test_table_two_decisions_stated_in_the_text() -> None:
    r = make_report()  # 行政许可 550, 行政处罚 4119
    assert validate(with_text(r, "active_disclosure", "作出行政许可处理决定550件、行政处罚处理决定4119件。")) == []
    found = validate(with_text(r, "active_disclosure", "作出行政许可处理决定550件、行政处罚处理决定419件。"))
    assert [(f.code, f.severity, f.row, f.expected) for f in found] == [
        ("prose-contradicts-table", "error", "punishment", "4119")
    ]


def test_the_validate_package_passes_mypy_strict(tmp_path: Path) -> None:
    """The rule families are typed code: a rule returning Any or a wrong key type is caught before it ships."""
    import subprocess
    import sys

    from conftest import ROOT

    pytest.importorskip("mypy")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--cache-dir",
            str(tmp_path / "cache"),
            str(ROOT / "src" / "govinfo_report" / "validate"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stdout + done.stderr
