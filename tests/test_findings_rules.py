"""The rules an office acts on: text against tables (every mention, error when certain), claims the tables
contradict, the reviewers' rules, findings per table block, and the check command's filters and exit codes.

Reports are built as model objects from test_validate's builders (their numbers add up), then one thing is
changed: each test fails when its rule is removed.
"""

from __future__ import annotations

import json
import random
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from attrs import evolve, fields
from hypothesis import given
from hypothesis import strategies as st

from govinfo_report import labels, model, render
from govinfo_report.cli import main as cli_main
from govinfo_report.model import Cell, Finding, Report
from govinfo_report.validate import RULES, validate
from govinfo_report.validate.check import keep
from test_validate import active, applications, cell, make_report, outcome_rows, outcomes, write_report


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


@pytest.mark.parametrize(
    ("text", "mark", "want"),
    [
        ("本机关及时回应关切.下一步将继续加强公开工作。", ".", "。"),
        ("全年主动公开信息, 并及时更新。", ",", "，"),
        ("办理依申请公开; 答复及时。", ";", "；"),
        ('开展"政务公开日"活动。', '"', "“”"),
        ("公开了规划、计划等...", "...", "……"),
    ],
)
def test_english_punctuation_in_chinese_prose(text: str, mark: str, want: str) -> None:
    found = validate(with_text(make_report(), "overview", text))
    assert [(f.code, f.severity, f.section, f.expected) for f in found] == [("punctuation-english", "warning", 1, want)]
    assert f"英文标点“{mark}”" in found[0].message
    # several in one part are one finding that counts them
    (many,) = validate(with_text(make_report(), "overview", f"{text}\n{text}"))
    assert "等2处" in many.message or (mark == '"' and "等4处" in many.message)


@pytest.mark.parametrize(
    "text",
    [
        "全年主动公开信息,并及时更新。",  # the full-width comma, folded to ASCII by the normaliser, takes no space
        "1.主动公开情况:公开文件16.482万字。",  # numbering and decimals
        "详见门户网站www.gov.cn。",
        "开展“政务公开日”活动。",
        "经办人: Zhang San, Li Si.",  # English between Latin letters is English
    ],
)
def test_chinese_punctuation_and_numbers_are_not_english_punctuation(text: str) -> None:
    assert validate(with_text(make_report(), "overview", text)) == []


def test_table_rows_are_not_read_for_punctuation() -> None:
    assert validate(with_text(make_report(), "overview", '本年度公开情况如下。\n行政许可"决定" | 11 | 12 |')) == []


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


# ------------------------------------------------------------------ injection rates, end to end
# Reports whose numbers add up are generated with a seeded random.Random (a fixed, derandomised sample, the same
# on every run), one error of a kind is injected, the report is written as text (``render``) and read back by
# ``check --json``: the kind is found when its code is among the findings, and ``check`` exits 1 for every error
# kind. The rates measured here are recorded in docs/findings.md.
INJECTIONS_PER_KIND = 200
#: The lowest rate each kind may be found at.
MIN_RATE = 0.99

_SENTENCES = (
    "本机关认真落实政府信息公开条例",
    "全年及时回应社会关切",
    "下一步将继续加强公开工作",
    "各科室按要求更新栏目内容",
    "积极推进重点领域信息公开",
)
_WORDS = ("资金", "项目", "工作", "公开", "信息", "平台", "制度", "培训")


def _generated(rng: random.Random) -> Report:
    """A report whose tables add up (the shape of test_validate.consistent_report, drawn from ``rng``)."""
    fmt = rng.choice(["2019", "2021"])
    rows = rng.sample(outcome_rows(fmt), rng.randint(1, 8))
    outcome = {k: [rng.randint(0, 40) for _ in range(6)] for k in rows}
    forward = [rng.randint(0, 40) for _ in range(6)]
    processed = [sum(outcome[k][c] for k in rows) for c in range(6)]
    over = [rng.randint(0, processed[c] + forward[c]) for c in range(6)]
    review = model.ReviewLitigation(*(outcomes(*[rng.randint(0, 40) for _ in range(4)]) for _ in range(3)))
    return make_report(fmt, apps=applications(fmt, outcome, over, forward), review=review)


def _delta(rng: random.Random) -> int:
    return rng.choice([-1, 1]) * rng.randint(1, 9)


def _bump(row: Any, column: str, delta: int, with_total: bool) -> Any:
    """The table row with one cell moved by ``delta`` (and its total too, so the row itself still adds up)."""
    changes = {column: cell(max(0, getattr(row, column).value + delta))}
    moved = changes[column].value - getattr(row, column).value
    if with_total:
        changes["total"] = cell(row.total.value + moved)
    return evolve(row, **changes)


def _six(rng: random.Random) -> str:
    return rng.choice(labels.APPLICANT_KEYS[:6])


def _nonzero(rng: random.Random, row: Any, column: str) -> bool:
    return bool(getattr(row, column).value)


def inject_row_sum(r: Report, rng: random.Random) -> Report:
    apps = r.applications
    assert apps is not None
    row = rng.choice([k for k in labels.APPLICATION_ROW_BY_KEY if getattr(apps, k) is not None])
    col = _six(rng)
    return evolve(r, applications=evolve(apps, **{row: _bump(getattr(apps, row), col, rng.randint(1, 9), False)}))


def inject_balance(r: Report, rng: random.Random) -> Report:
    """上年结转 moved in one column (its row still adds up): new + carried over ≠ processed + carried forward."""
    apps = r.applications
    assert apps is not None
    col = _six(rng)
    return evolve(r, applications=evolve(apps, carried_over=_bump(apps.carried_over, col, rng.randint(1, 9), True)))


def inject_outcomes_sum(r: Report, rng: random.Random) -> Report:
    """One outcome row moved (its row still adds up): 办理结果总计 ≠ the sum of the outcome rows."""
    apps = r.applications
    assert apps is not None
    row = rng.choice([k for k in outcome_rows(r.format) if getattr(apps, k) is not None])
    return evolve(r, applications=evolve(apps, **{row: _bump(getattr(apps, row), _six(rng), rng.randint(1, 9), True)}))


def inject_review_total(r: Report, rng: random.Random) -> Report:
    rl = r.review_litigation
    assert rl is not None
    group = rng.choice(labels.REVIEW_GROUP_KEYS)
    o = getattr(rl, group)
    total = o.total.value + rng.randint(1, 9)
    return evolve(r, review_litigation=evolve(rl, **{group: evolve(o, total=cell(total))}))


def inject_text_vs_table(r: Report, rng: random.Random) -> Report:
    apps, rl = r.applications, r.review_litigation
    assert apps is not None and rl is not None
    sentence, truth = rng.choice(
        [
            ("全年办结申请{n}件。", apps.total_processed.total.value),
            ("本年新收政府信息公开申请{n}件。", apps.new_received.total.value),
            ("申请结转下年度继续办理{n}件。", apps.carried_forward.total.value),
            ("因政府信息公开被申请行政复议{n}件。", rl.review.total.value),
        ]
    )
    n = truth + _delta(rng)
    n = n if n >= 0 else truth + rng.randint(1, 9)
    lead = rng.choice(_SENTENCES)
    return with_text(r, "overview", f"{lead}。{sentence.format(n=n)}")


def inject_all_upheld(r: Report, rng: random.Random) -> Report:
    """均获维持 while table 四 prints corrected or pending cases."""
    rl = r.review_litigation
    assert rl is not None
    group = rng.choice(["review", "direct_suit", "post_review_suit"])
    o = getattr(rl, group)
    bad = rng.choice(["corrected", "pending"])
    o = _bump(o, bad, rng.randint(1, 9), True) if not getattr(o, bad).value else o
    word = {"review": "行政复议", "direct_suit": "行政诉讼", "post_review_suit": "行政诉讼"}[group]
    text = rng.choice(["本年度{w}案件均获维持。", "本机关涉及的{w}案件均获维持。"]).format(w=word)
    return with_text(evolve(r, review_litigation=evolve(rl, **{group: o})), "review_litigation", text)


def inject_no_review(r: Report, rng: random.Random) -> Report:
    """未发生行政复议 while table 四 counts some."""
    rl = r.review_litigation
    assert rl is not None
    o = rl.review if rl.review.total.value else _bump(rl.review, "upheld", rng.randint(1, 9), True)
    text = rng.choice(["本年度未发生因政府信息公开引起的行政复议。", "本年度未发生政府信息公开行政复议案件。"])
    return with_text(evolve(r, review_litigation=evolve(rl, review=o)), "review_litigation", text)


def inject_punctuation(r: Report, rng: random.Random) -> Report:
    a, b = rng.sample(_SENTENCES, 2)
    mark = rng.choice([".", ", ", "; ", "...", '"'])
    if mark == '"':
        cut = rng.randint(2, len(a) - 2)
        text = f'{a[:cut]}"{a[cut:]}"。{b}。'
    else:
        text = f"{a}{mark}{b}。"
    return with_text(r, "overview", text)


def inject_doubled_word(r: Report, rng: random.Random) -> Report:
    a = rng.choice(_SENTENCES)
    word = rng.choice(_WORDS)
    return with_text(r, "overview", f"{a},加强{word}{word}管理。")


def inject_section_empty(r: Report, rng: random.Random) -> Report:
    return with_text(r, "problems", rng.choice(["无。", "无", "暂无。"]))


def inject_subheadings(r: Report, rng: random.Random) -> Report:
    n = rng.randint(2, 4)
    heads = [labels.NUMERALS_CN[i] for i in range(1, n + 1)]
    wrong = rng.randrange(1, n)
    heads[wrong] = rng.choice([labels.NUMERALS_CN[wrong + 2], labels.NUMERALS_CN[1]])  # skipped, or restarted
    text = "\n".join(f"({h}){rng.choice(_WORDS)}情况\n{rng.choice(_SENTENCES)}。" for h in heads)
    return with_text(r, "overview", text)


def inject_fees_unexplained(r: Report, rng: random.Random) -> Report:
    """Table 二 prints fees charged, and section 六 says nothing of them."""
    ad = r.active_disclosure
    assert ad is not None
    if r.format == "2019":
        fees: Any = model.FeeItems2019(cell(rng.randint(1, 30)), cell(rng.randint(-5, 5)))
    else:
        raw = f"{rng.randint(1, 9999)}.5"
        fees = model.FeeAmount2021(Cell(raw, Decimal(raw), "万元"))
    text = rng.choice(["本年度无其他需要报告的事项。", "无。"])
    return with_text(evolve(r, active_disclosure=evolve(ad, fees=fees)), "other_matters", text)


def _active_in(fmt: str, rng: random.Random) -> model.ActiveDisclosure:
    """A table 二 in the form ``fmt`` with numbers drawn from ``rng`` (every cell printed)."""
    ad = active(fmt)

    def drawn(row: Any) -> Any:
        changes = {}
        for f in fields(type(row)):
            c = getattr(row, f.name)
            if isinstance(c, Cell) and c.value is not None and f.name != "amount":
                changes[f.name] = cell(rng.randint(-3 if f.name == "change" else 0, 60))
        return evolve(row, **changes)

    return evolve(
        ad, **{f.name: drawn(getattr(ad, f.name)) for f in fields(type(ad)) if getattr(ad, f.name) is not None}
    )


def inject_forms_mixed(r: Report, rng: random.Random) -> Report:
    """Table 二 in the other form from table 三's (a 2019 table 二 above a 2021 table 三, or the reverse)."""
    other = "2019" if r.format == "2021" else "2021"
    return evolve(r, active_disclosure=_active_in(other, rng))


def _blank(node: Any) -> Any:
    """A table with every cell empty, as a template left unfilled prints it."""
    if isinstance(node, Cell):
        return Cell("", None)
    if node is None or not hasattr(type(node), "__attrs_attrs__"):
        return node
    return evolve(node, **{f.name: _blank(getattr(node, f.name)) for f in fields(type(node))})


def inject_template_empty(r: Report, rng: random.Random) -> Report:
    """A report for 2021 or later printing the 2019 template with no value in any cell (built afresh: the
    generated report's numbers are what it leaves out)."""
    base = make_report("2019", year=rng.randint(2021, 2025))
    written = rng.sample(["overview", "problems", "other_matters"], rng.randint(0, 3))
    sections = tuple(s if s.kind in written else evolve(s, text=rng.choice(_SENTENCES) + "。") for s in base.sections)
    return evolve(
        base,
        sections=sections,
        active_disclosure=_blank(base.active_disclosure),
        applications=_blank(base.applications),
        review_litigation=_blank(base.review_litigation),
    )


#: kind → (the injection, the code it must be found with, whether that code is an error)
INJECTIONS: dict[str, tuple[Any, str, bool]] = {
    "row sum (table 三)": (inject_row_sum, "row-total-mismatch", True),
    "balance (table 三)": (inject_balance, "balance-mismatch", True),
    "outcomes sum (table 三)": (inject_outcomes_sum, "outcomes-sum-mismatch", True),
    "review total (table 四)": (inject_review_total, "review-total-mismatch", True),
    "text vs table": (inject_text_vs_table, "prose-contradicts-table", True),
    "均获维持 with 纠正 or 尚未审结": (inject_all_upheld, "claim-contradicted", True),
    "未发生行政复议 with a count": (inject_no_review, "claim-contradicted", True),
    "English punctuation": (inject_punctuation, "punctuation-english", False),
    "doubled word": (inject_doubled_word, "word-duplicated", False),
    "section 五 only 无": (inject_section_empty, "section-empty", False),
    "sub-headings skipped or restarted": (inject_subheadings, "subheading-sequence", False),
    "fees not explained in 六": (inject_fees_unexplained, "fees-unexplained", False),
    "table 二 and 三 in different forms": (inject_forms_mixed, "format-tables-mixed", False),
    "2019 template with no values after 2020": (inject_template_empty, "template-empty", False),
}


def _check_json(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[dict[str, Any]]]:
    status = cli_main(["check", "--json", str(path)])
    out = capsys.readouterr().out
    return status, [json.loads(line) for line in out.splitlines() if line]


def test_consistent_generated_reports_give_no_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rng = random.Random(2024)
    for i in range(INJECTIONS_PER_KIND):
        path = tmp_path / f"clean-{i}.txt"
        path.write_text(render(_generated(rng)), encoding="utf-8")
        status, found = _check_json(path, capsys)
        assert status == 0 and not [f for f in found if f["severity"] == "error"], (path.read_text("utf-8"), found)


@pytest.mark.parametrize("kind", list(INJECTIONS))
def test_injected_errors_are_found_at_99_percent_and_check_exits_1(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inject, code, is_error = INJECTIONS[kind]
    rng = random.Random(f"injection {kind}")  # a fixed sample per kind
    found_n = 0
    missed: list[str] = []
    for i in range(INJECTIONS_PER_KIND):
        report = inject(_generated(rng), rng)
        path = tmp_path / f"{i}.txt"
        path.write_text(render(report), encoding="utf-8")
        status, found = _check_json(path, capsys)
        hit = any(f["code"] == code for f in found)
        found_n += hit
        if not hit:
            missed.append(path.read_text(encoding="utf-8"))
        # check exits 1 for every report with an error (warnings alone leave it 0, as documented)
        assert status == (1 if is_error else 0), (kind, found)
        if is_error:
            assert any(f["code"] == code and f["severity"] == "error" for f in found) or not hit
    rate = found_n / INJECTIONS_PER_KIND
    print(f"injection rate {kind}: {found_n}/{INJECTIONS_PER_KIND}")
    assert rate >= MIN_RATE, (kind, rate, missed[:2])
