"""render(): the canonical text of a report, line by line (issue 4).

The round trip (test_roundtrip.py) proves render and parse agree; these tests
pin what the text looks like, so that agreement is on the official layout and
not on some private encoding both sides happen to share.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

import govinfo_report as g
from govinfo_report import labels, model
from govinfo_report.model import Cell, Report, Section
from govinfo_report.render import pipe_row, render, render_active, render_applications, render_review

RENDER_PY = Path(g.__file__).parent / "render.py"


def c(raw: str) -> Cell:
    """A cell as the parser reads ``raw`` (counts only)."""
    return Cell(raw, int(raw.replace(",", "")) if raw else None)


def applicants(*raws: str) -> model.ApplicantCounts:
    return model.ApplicantCounts(*(c(r) for r in raws))


def test_pipe_rows_close_every_cell_and_show_empty_cells_as_lone_pipes() -> None:
    assert pipe_row(["规章", "0", "", "3"]) == "规章 | 0 | | 3 |"
    assert pipe_row(["第二十条第(一)项"]) == "第二十条第(一)项 |"


def test_table_two_2021_official_layout() -> None:
    table = model.ActiveDisclosure(
        regulations=model.DocumentCounts2021(c("0"), c("0"), c("0")),
        normative_documents=model.DocumentCounts2021(c("3"), c("1"), c("27")),
        licensing=model.Decisions2021(c("1517")),
        punishment=model.Decisions2021(c("12")),
        coercion=model.Decisions2021(c("0")),
        fees=model.FeeAmount2021(Cell("16.482", Decimal("16.482"))),
    )
    assert render_active(table) == [
        "第二十条第(一)项 |",
        "信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |",
        "规章 | 0 | 0 | 0 |",
        "行政规范性文件 | 3 | 1 | 27 |",
        "第二十条第(五)项 |",
        "信息内容 | 本年处理决定数量 |",
        "行政许可 | 1517 |",
        "第二十条第(六)项 |",
        "信息内容 | 本年处理决定数量 |",
        "行政处罚 | 12 |",
        "行政强制 | 0 |",
        "第二十条第(八)项 |",
        "信息内容 | 本年收费金额(单位:万元) |",
        "行政事业性收费 | 16.482 |",
    ]


def test_table_two_2019_official_layout() -> None:
    items = model.ItemCounts2019(c("11"), Cell("-3", -3), c("2"))
    table = model.ActiveDisclosure(
        regulations=model.DocumentCounts2019(c("0"), c("0"), c("0")),
        normative_documents=model.DocumentCounts2019(c("2"), c("2"), c("36")),
        licensing=items,
        other_services=items,
        punishment=items,
        coercion=items,
        fees=model.FeeItems2019(c("0"), c("0")),
        procurement=model.Procurement2019(c("9"), Cell("1378万", Decimal(1378), "万")),
    )
    assert render_active(table) == [
        "第二十条第(一)项 |",
        "信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |",
        "规章 | 0 | 0 | 0 |",
        "规范性文件 | 2 | 2 | 36 |",
        "第二十条第(五)项 |",
        "信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |",
        "行政许可 | 11 | -3 | 2 |",
        "其他对外管理服务事项 | 11 | -3 | 2 |",
        "第二十条第(六)项 |",
        "信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |",
        "行政处罚 | 11 | -3 | 2 |",
        "行政强制 | 11 | -3 | 2 |",
        "第二十条第(八)项 |",
        "信息内容 | 上一年项目数量 | 本年增/减 |",
        "行政事业性收费 | 0 | 0 |",
        "第二十条第(九)项 |",
        "信息内容 | 采购项目数量 | 采购总金额 |",
        "政府集中采购 | 9 | 1378万 |",
    ]


def test_a_block_mixing_formats_gets_a_header_per_format() -> None:
    """A damaged report can mix the formats in one block: each row keeps its own columns."""
    table = model.ActiveDisclosure(
        regulations=model.DocumentCounts2021(c("1"), c("2"), c("3")),
        normative_documents=model.DocumentCounts2019(c("4"), c("5"), c("6")),
    )
    lines = render_active(table)
    assert lines == [
        "第二十条第(一)项 |",
        "信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |",
        "规章 | 1 | 2 | 3 |",
        "第二十条第(一)项 |",
        "信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |",
        "规范性文件 | 4 | 5 | 6 |",
    ]


def test_table_three_2021_rows_share_their_group_line() -> None:
    row = ("1", "0", "0", "0", "0", "0", "1")
    table = model.Applications(
        new_received=applicants(*row),
        granted=applicants(*row),
        partially_granted=applicants(*row),
        withheld_state_secret=applicants(*row),
        withheld_prohibited_by_law=applicants(*row),
        unavailable_not_held=applicants(*row),
        not_processed_petition=applicants(*row),
        other_no_correction=applicants(*row),
        other_misc=applicants(*row),
        total_processed=applicants(*row),
        carried_forward=applicants(*row),
    )
    cells = " | 1 | 0 | 0 | 0 | 0 | 0 | 1 |"
    assert render_applications(table) == [
        "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和) | 自然人 | 商业企业 | 科研机构 | "
        "社会公益组织 | 法律服务机构 | 其他 | 总计 |",
        "一、本年新收政府信息公开申请数量" + cells,
        "三、本年度办理结果 | (一)予以公开" + cells,
        "(二)部分公开(区分处理的,只计这一情形,不计其他情形)" + cells,
        "(三)不予公开 | 1.属于国家秘密" + cells,
        "2.其他法律行政法规禁止公开" + cells,
        "(四)无法提供 | 1.本机关不掌握相关政府信息" + cells,
        "(五)不予处理 | 1.信访举报投诉类申请" + cells,
        "(六)其他处理 | 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请" + cells,
        "3.其他" + cells,
        "(七)总计" + cells,
        "四、结转下年度继续办理" + cells,
    ]


def test_table_three_2019_other_is_one_row_not_a_group() -> None:
    table = model.Applications(other=applicants("0", "0", "0", "0", "0", "0", "0"))
    assert render_applications(table)[1] == "三、本年度办理结果 | (六)其他处理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |"


def test_table_four_header_then_one_row_of_fifteen() -> None:
    out = model.Outcomes(c("0"), c("0"), c("2"), c("0"), c("2"))
    zero = model.Outcomes(*(c("0") for _ in range(5)))
    lines = render_review(model.ReviewLitigation(out, zero, zero))
    assert lines == [
        "行政复议 | 未经复议直接起诉 | 复议后起诉 |",
        " | ".join(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3) + " |",
        "0 | 0 | 2 | 0 | 2 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
    ]


def test_empty_cells_render_empty_never_zero() -> None:
    table = model.ActiveDisclosure(regulations=model.DocumentCounts2021(Cell(""), c("0"), Cell("-")))
    assert render_active(table)[-1] == "规章 | | 0 | - |"
    assert "0 | 0" not in render_active(table)[-1]


def test_cells_not_printed_end_the_row_or_keep_the_column() -> None:
    """A row cut short stays short; where the reader places cells by position (table 四), a missing
    cell before a printed one is printed empty so the printed one keeps its column."""
    cut = model.ActiveDisclosure(regulations=model.DocumentCounts2021(c("7"), None, None))
    assert render_active(cut)[-1] == "规章 | 7 |"
    hole = model.ActiveDisclosure(regulations=model.DocumentCounts2021(None, c("7"), None))
    assert render_active(hole)[-2:] == ["信息内容 | 本年废止件数 | 本年制发件数 | 现行有效件数 |", "规章 | 7 |"]
    review = model.ReviewLitigation(review=model.Outcomes(c("1"), c("2"), None, None, None))
    assert render_review(review)[-1] == "1 | 2 |"
    gap = model.ReviewLitigation(review=model.Outcomes(None, c("2"), None, None, None))
    assert render_review(gap)[-1] == "| 2 |"


def test_a_row_cut_short_under_a_reordered_header_keeps_its_columns() -> None:
    """The reader follows a block's header order: a row that printed only its last official column
    (its source put that column first) gets a header of its own and reads back the same."""
    row = model.DocumentCounts2019(None, None, c("0"))
    table = model.ActiveDisclosure(
        regulations=row, normative_documents=model.DocumentCounts2019(c("1"), c("2"), c("3"))
    )
    assert render_active(table) == [
        "第二十条第(一)项 |",
        "信息内容 | 对外公开总数量 | 本年新制作数量 | 本年新公开数量 |",
        "规章 | 0 |",
        "第二十条第(一)项 |",
        "信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |",
        "规范性文件 | 1 | 2 | 3 |",
    ]
    text = "测试局2020年政府信息公开工作年度报告\n二、主动公开政府信息情况\n" + "\n".join(render_active(table)) + "\n"
    assert g.parse(text).active_disclosure == table


def test_cells_render_their_raw_text() -> None:
    raws = ["1,234", "12件", "减3", "+2"]
    table = model.ActiveDisclosure(
        licensing=model.ItemCounts2019(Cell(raws[0], 1234), Cell(raws[2], -3), Cell(raws[1], 12))
    )
    assert render_active(table)[-1] == "行政许可 | 1,234 | 减3 | 12件 |"


SIX = tuple(Section(s.number, s.kind, f"{labels.NUMERALS_CN[s.number]}、{s.label}", "") for s in labels.SECTIONS)


def test_whole_report_layout() -> None:
    sections = list(SIX)
    sections[0] = Section(1, "overview", "一、总体情况", "我局认真做好公开工作。\n(一)主动公开\n我局及时公开信息。")
    sections[2] = Section(3, "applications", "三、收到和处理政府信息公开申请情况", "无", True)
    sections[5] = Section(6, "other_matters", "六、其他需要报告的事项", "无。")
    report = Report(
        title="测试局2022年政府信息公开工作年度报告",
        agency="测试局",
        year=2022,
        published=dt.date(2023, 1, 5),
        format="2021",
        preamble="本报告根据《中华人民共和国政府信息公开条例》编制。",
        sections=tuple(sections),
        review_litigation=model.ReviewLitigation(*(model.Outcomes(*(c("0") for _ in range(5))) for _ in range(3))),
        signed_by="测试局",
        declared_none=("applications",),
    )
    assert render(report).split("\n") == [
        "测试局2022年政府信息公开工作年度报告",
        "本报告根据《中华人民共和国政府信息公开条例》编制。",
        "一、总体情况",
        "我局认真做好公开工作。",
        "(一)主动公开",
        "我局及时公开信息。",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "无",
        "四、政府信息公开行政复议、行政诉讼情况",
        "行政复议 | 未经复议直接起诉 | 复议后起诉 |",
        " | ".join(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3) + " |",
        " | ".join(["0"] * 15) + " |",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
        "无。",
        "测试局",
        "2023年1月5日",
        "",
    ]
    assert g.parse(render(report)) == report


def test_declared_none_section_without_text_renders_its_statement() -> None:
    sections = list(SIX)
    sections[3] = Section(4, "review_litigation", SIX[3].heading, "", True)
    text = render(Report(title="测试局2022年政府信息公开工作年度报告", sections=tuple(sections)))
    lines = text.split("\n")
    statement = lines[lines.index(SIX[3].heading) + 1]
    assert labels.BARE_NONE.match(statement)
    assert g.parse(text).section("review_litigation").declared_none  # type: ignore[union-attr]


def test_section_without_heading_gets_the_canonical_one() -> None:
    text = render(Report(sections=(Section(5, "problems", "", "我局仍有不足。"),)))
    assert text.split("\n")[0] == "五、存在的主要问题及改进情况"


def test_table_without_its_section_goes_before_the_first_heading_then_under_its_own_heading() -> None:
    """An excerpt can hold a table and no heading of its kind (v015): it stays readable."""
    review = model.ReviewLitigation(*(model.Outcomes(*(c("1") for _ in range(5))) for _ in range(3)))
    apps = model.Applications(new_received=applicants("1", "0", "0", "0", "0", "0", "1"))
    report = Report(sections=(SIX[0],), applications=apps, review_litigation=review)
    lines = render(report).split("\n")
    assert lines[0].startswith("(本列数据的勾稽关系为")
    assert lines.index("一、总体情况") < lines.index("四、政府信息公开行政复议、行政诉讼情况")
    back = g.parse(render(report))
    assert back.applications == apps
    assert back.review_litigation == review


@pytest.mark.parametrize(
    ("signed_by", "published", "tail"),
    [
        ("测试局", dt.date(2023, 1, 5), ["测试局", "2023年1月5日"]),
        (
            "中共测试县委办公室 测试县人民政府办公室",
            dt.date(2023, 1, 5),
            ["中共测试县委办公室", "测试县人民政府办公室", "2023年1月5日"],
        ),
        ("甲局 乙局 丙局", dt.date(2023, 12, 31), ["甲局", "乙局", "丙局 2023年12月31日"]),
        (None, dt.date(2023, 1, 5), ["2023年1月5日"]),
        (None, None, ["六、其他需要报告的事项"]),
    ],
)
def test_signature(signed_by: str | None, published: dt.date | None, tail: list[str]) -> None:
    report = Report(sections=SIX, signed_by=signed_by, published=published)
    lines = render(report).rstrip("\n").split("\n")
    assert lines[-len(tail) :] == tail
    back = g.parse(render(report))
    assert (back.signed_by, back.published) == (signed_by, published)


def test_render_is_deterministic_and_ends_with_one_newline() -> None:
    report = g.parse((Path(__file__).parent / "fixtures" / "seed-xinjiang-2019.txt").read_text(encoding="utf-8"))
    again = g.parse((Path(__file__).parent / "fixtures" / "seed-xinjiang-2019.txt").read_text(encoding="utf-8"))
    assert render(report) == render(again)
    assert render(report).endswith("\n") and not render(report).endswith("\n\n")


def test_an_empty_report_is_an_empty_text() -> None:
    assert render(Report()) == ""


def test_render_py_spells_no_label() -> None:
    """Every Chinese word render prints comes from labels.py: render.py holds no Han text but the date format."""
    source = RENDER_PY.read_text(encoding="utf-8")
    code = re.sub(r'"""[\s\S]*?"""', "", source)  # docstrings may quote labels
    code = "\n".join(line.split("#")[0] for line in code.split("\n"))
    han = [line.strip() for line in code.split("\n") if re.search(r"[\u3400-\u9fff]", line)]
    assert han == ['DATE_FORMAT = "{y}年{m}月{d}日"']


def test_the_package_function_and_the_submodule_both_render() -> None:
    """Importing govinfo_report.render (the module) must not break govinfo_report.render(report).

    The package attribute is the function; the stage module is reached through the import system.
    """
    import importlib

    import govinfo_report.render  # noqa: F401 - what a user may write; the attribute stays the function

    module = importlib.import_module("govinfo_report.render")
    assert callable(g.render) and not isinstance(g.render, type(module))

    report = Report(title="测试局2022年政府信息公开工作年度报告", sections=SIX)
    assert g.render(report) == module.render(report) == g.api.render(report)


def test_cli_render_prints_the_canonical_text(tmp_path: Path) -> None:
    src = Path(__file__).parent / "fixtures" / "seed-xinjiang-2019.txt"
    out = subprocess.run(
        [sys.executable, "-m", "govinfo_report.cli", "render", str(src)], capture_output=True, check=True
    )
    assert out.stdout.decode("utf-8") == render(g.parse_file(src))
