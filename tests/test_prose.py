"""Prose figures: what the sentences of a report state (申请/办结/予以公开 … 行政复议/行政诉讼).

Each pattern is tested on real sentences from the corpus and on variants with the
other counting units (件/条/起/宗/份); the context rule is tested on the real
sentences that use the same words for something else (主动公开 items, web messages).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import govinfo_report as g
from conftest import FIXTURES, body, corpus_dir, load_gold
from govinfo_report.model import ProseFigures
from govinfo_report.normalise import normalise
from govinfo_report.prose import extract_prose, find_figures, find_line, squeeze


def figures(text: str) -> dict[str, int]:
    return dict(extract_prose(normalise(text).text).items())


# ------------------------------------------------------------------ the seed's gold
def _seed(corpus_sub: str | None = None) -> tuple[str, dict]:
    if corpus_sub is None:
        return (FIXTURES / "seed-mem-2023.txt").read_text(encoding="utf-8"), load_gold(
            FIXTURES / "seed-mem-2023.gold.json"
        )
    folder = corpus_dir(corpus_sub)
    gold_path = next(folder.glob("000_*.gold.json"))
    txt = gold_path.with_name(gold_path.name.replace(".gold.json", ".txt"))
    return body(txt.read_text(encoding="utf-8")), load_gold(gold_path)


@pytest.mark.parametrize("where", [None, "seeds"])
def test_seed_prose_matches_gold_exactly(where: str | None) -> None:
    text, gold = _seed(where)
    # every field the gold names, and nothing else (applications_received is NOT stated: 收到意见建议4157条 is no application)
    assert figures(text) == gold["prose"]


def test_seed_prose_through_parse() -> None:
    text, gold = _seed()
    assert dict(g.parse(text).prose.items()) == gold["prose"]


def test_prose_fields_are_the_model_fields() -> None:
    """Every figure prose.py can find is a field of ProseFigures (extract_prose builds it by name)."""
    from attrs import fields

    from govinfo_report.prose import OUTCOME_PATTERNS, PATTERNS

    names = {f.name for f in fields(ProseFigures)}
    assert set(PATTERNS) <= names
    assert {f"{p}_{o}" for p in ("reviews", "lawsuits") for o in OUTCOME_PATTERNS} <= names


# ------------------------------------------------------------------ patterns, real sentences
def test_received_and_processed_with_carry_over() -> None:
    # szfgs-2024 as PDF text extraction wraps it (答\n复, 下年度\n答复)
    text = (
        "2024 年，全市共受理政府信息公开申请 3119 件，答\n复 3050 件（含上年度结转申请 34 件，另有 103 件顺延到下年度\n"
        "答复），均在法定期限内予以答复。"
    )
    assert figures(text) == {
        "applications_received": 3119,
        "applications_processed": 3050,
        "applications_carried_over": 34,
        "applications_carried_forward": 103,
    }


def test_review_and_lawsuit_outcomes() -> None:
    text = (
        "政府信息公开行政复议 351\n件，其中结果维持 72 件，结果纠正 64 件，其他结果 178 件，尚\n未审结 37 件；"
        "政府信息公开行政诉讼 46 件，其中结果维持 25\n件，结果纠正 5 件，其他结果 9 件，尚未审结 7 件。"
    )
    assert figures(text) == {
        "reviews": 351,
        "reviews_upheld": 72,
        "reviews_corrected": 64,
        "reviews_other": 178,
        "reviews_pending": 37,
        "lawsuits": 46,
        "lawsuits_upheld": 25,
        "lawsuits_corrected": 5,
        "lawsuits_other": 9,
        "lawsuits_pending": 7,
    }


def test_shanghai_combined_figure_is_not_two_figures() -> None:
    text = (
        "市政府办公厅代表市政府共受理政府信息公开申请859件,申请数量较去年回落12.3%;答复政府信息公开申请805件(含上年度结转申请"
        "18件,另有72件申请按照《条例》顺延到下年度答复),均在法定期限内予以答复。予以公开及部分公开258件,占33.9%;"
        "不予公开35件,占4.34%;因本机关不掌握等原因无法提供265件,占32.9%;不予处理158件,占19.6%;其他处理0件。"
        "信息公开类行政复议7件,诉讼9件,均获维持。"
    )
    assert figures(text) == {
        "applications_received": 859,
        "applications_processed": 805,
        "applications_carried_over": 18,
        "applications_carried_forward": 72,
        "granted_or_partially": 258,
        "withheld": 35,
        "unavailable": 265,
        "not_processed": 158,
        "other_processed": 0,
        "reviews": 7,
        "lawsuits": 9,
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023 年全区受理政府信息公开申请 21 件,均在法定期限答复。", {"applications_received": 21}),
        ("2023 年度我局共收到依申请信息公开 26 件,及时回复申请人", {"applications_received": 26}),
        (
            "2022年,区政府办公室共收到8份政府信息公开申请,均为自然人申请。其中,予以公开2件,部分公开2件。",
            {"applications_received": 8, "granted": 2, "partially_granted": 2},
        ),
        (
            "2022年我镇全年共收到依申请公开0件,公开0件,不予公开0件,因政府信息依申请公开引起行政复议0件,行政诉讼0件",
            {"applications_received": 0, "withheld": 0, "reviews": 0, "lawsuits": 0},
        ),
        (
            "2014年1月1日至12月31日,主动公开政府信息20条,受理政府信息公开申请13件,答复13件。",
            {"applications_received": 13, "applications_processed": 13},
        ),
        # the other counting units: 条 (v040), 起 (037), 宗 (049)
        ("受理政府信息公开申请2条。", {"applications_received": 2}),
        ("全年收到政府信息公开申请12起,办结12起。", {"applications_received": 12, "applications_processed": 12}),
        ("受理政府信息公开申请259宗,因政府信息公开被申请行政复议3宗。", {"applications_received": 259, "reviews": 3}),
        (
            "全年共办结政府信息公开申请30件。从办理结果看,予以公开20件,部分公开3件,不予公开2件,无法提供4件,不予处理1件。"
            "全年发生政府信息公开行政复议2起,行政诉讼1起。",
            {
                "applications_processed": 30,
                "granted": 20,
                "partially_granted": 3,
                "withheld": 2,
                "unavailable": 4,
                "not_processed": 1,
                "reviews": 2,
                "lawsuits": 1,
            },
        ),
        (
            "从申请主体看,公民提交申请132件,法人或其他组织提交申请5件。",
            {"from_natural_persons": 132, "from_organisations": 5},
        ),
        (
            "本年度新收政府信息公开申请5件,上年结转2件,结转下年度继续办理1件。",
            {"applications_received": 5, "applications_carried_over": 2, "applications_carried_forward": 1},
        ),
    ],
)
def test_sentences(text: str, expected: dict[str, int]) -> None:
    assert figures(text) == expected


# ------------------------------------------------------------------ what must not be taken
@pytest.mark.parametrize(
    "text",
    [
        # v040: 不予公开583条 counts information items, not applications
        "2014年共制作、获取政府信息614 条,其中主动公开29条,不予公开583条;",
        # seed 000: 公开答复469条 answers web messages; 收到意见建议4157条 are no applications
        "重大政策公开向社会征求意见38件,共收到意见建议4157条,公开征求意见结果33件。部政府门户网站共收到网民留言6467条,其中公开答复469条。",
        # approximations and percentages are not counts
        "全年共受理政府信息公开申请500余件,答复率100%。",
        # 全年受理网络问政182件 is no application
        "全年受理网络问政 182 件。",
        # a review application is not a disclosure application
        "本年度收到行政复议申请3件。",
        # 其他处理 is an outcome, not processing in general
        "其他处理0件。",
    ],
)
def test_not_application_figures(text: str) -> None:
    found = figures(text)
    for name in ("applications_received", "applications_processed", "withheld"):
        assert name not in found, (name, found)


def test_combined_review_and_lawsuit_count_is_neither() -> None:
    assert "lawsuits" not in figures("因政府信息公开被申请行政复议、行政诉讼共3件。")


def test_table_lines_give_no_figures() -> None:
    """Rows of a flattened table have no counting unit: their numbers are the tables', not the prose's."""
    text = "(一)予以公开 50 0 0 0 0 0 50\n(三)不予公开 1.属于国家秘密 0 0 0 0 0 0 0\n行政复议 1 1 0 0 2"
    assert figures(text) == {}


# ------------------------------------------------------------------ helpers
def test_squeeze_keeps_numbers_apart() -> None:
    assert squeeze("答\n复 3050 件") == "答复3050件"
    assert squeeze("0 0 0") == "0 0 0"


def test_find_figures_gives_position() -> None:
    s = squeeze("共受理政府信息公开申请 17 件,均已答复。")
    hit = find_figures(s)["applications_received"]
    assert hit.value == 17 and s[hit.start : hit.end].endswith("17件")


def test_find_line_over_wrapped_lines() -> None:
    lines = [
        "(二)依申请公开情况。",
        "2024 年,区政府办代表区政府受理政府",
        "信息公开申请 17 件,均已在法定期限内予以答复。",
    ]
    assert find_line("applications_received", lines) == 3
    assert find_line("reviews", lines) is None


# ------------------------------------------------------------------ the real reports
def test_corpus_pages_prose() -> None:
    pages = corpus_dir("pages")
    expected = {
        "m019": {"applications_received": 2},
        "m038": {"applications_received": 62},
        "v034": {"applications_received": 13, "applications_processed": 13},
        "v040": {"applications_received": 2},
    }
    for name, want in expected.items():
        text = body((pages / f"{name}.txt").read_text(encoding="utf-8"))
        assert figures(text) == want, name


def _pdf_text(path: Path) -> str:
    pdfplumber = pytest.importorskip("pdfplumber")
    with pdfplumber.open(path) as pdf:
        return "\n".join(p.extract_text() or "" for p in pdf.pages)


@pytest.mark.parametrize(
    ("name", "want"),
    [
        ("hongze-2023", {"applications_received": 21}),
        ("hongze-2024", {"applications_received": 17}),
        (
            "szfgs-2024",
            {
                "applications_received": 3119,
                "applications_processed": 3050,
                "applications_carried_over": 34,
                "applications_carried_forward": 103,
                "reviews": 351,
                "lawsuits": 46,
                "lawsuits_upheld": 25,
            },
        ),
    ],
)
def test_pdf_narratives(name: str, want: dict[str, int]) -> None:
    found = figures(_pdf_text(corpus_dir("pdf") / f"{name}.pdf"))
    assert {k: found.get(k) for k in want} == want
