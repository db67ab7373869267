"""The outline: title block, preamble, six sections, signature; chrome and trailer set aside."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import govinfo_report as g
from govinfo_report import labels, lexer

FIX = Path(__file__).parent / "fixtures"

REPORT = """当前位置:首页 > 政务公开 > 年度报告
发布日期:2024-01-30 浏览次数:
字体:【 大 中 小 】
测试区教育局2023年政府信息公开工作年度报告
本报告根据《中华人民共和国政府信息公开条例》编制,统计期限自2023年1月1日起至2023年12月31日止。
一、总体情况
2023年,我局全面推进政务公开工作。
(一)主动公开
全年主动公开信息120条。
二、行政机关主动公开政府信息情况
三、收到和处理政府信息公开申请情况
本年度未收到政府信息公开申请。
四、因政府信息公开工作被申请行政复议、提起行政诉讼情况
本年度未发生政府信息公开行政复议、行政诉讼。
五、政府信息公开工作存在的主要问题及改进情况
一是公开内容不够丰富;二是更新不够及时。
六、其它需要报告的事项
本年度未收取信息处理费。
测试区教育局
2024年1月15日
分享到:
免费视频下载 澳门赌场 | 某某县 | 某某区
相关文章
"""


def test_outline_sections_signature_and_trailer() -> None:
    r = g.parse(REPORT)
    assert r.title == "测试区教育局2023年政府信息公开工作年度报告"
    assert (r.agency, r.year, r.published, r.signed_by) == ("测试区教育局", 2023, dt.date(2024, 1, 15), "测试区教育局")
    assert [(s.number, s.kind) for s in r.sections] == [
        (1, "overview"),
        (2, "active_disclosure"),
        (3, "applications"),
        (4, "review_litigation"),
        (5, "problems"),
        (6, "other_matters"),
    ]
    six = r.section("other_matters")
    assert six.text == "本年度未收取信息处理费。"  # nothing after the signature leaks into 六
    assert "当前位置" not in r.preamble and "字体" not in r.preamble
    assert r.preamble.startswith("本报告根据")
    assert "(一)主动公开" in r.section("overview").text
    assert r.section("applications").declared_none and r.section("review_litigation").declared_none
    assert r.applications is None and r.review_litigation is None and r.active_disclosure is None
    assert r.declared_none == ("applications", "review_litigation")
    assert r.format == "2021"  # no table: the year decides


def test_title_over_two_lines_and_signature_agency_on_the_date_line() -> None:
    text = "某某县人民政府办公室\n2020年政府信息公开工作年度报告\n一、总体情况\n本年度工作。\n六、其他需要报告的事项\n无\n某某县人民政府办公室 2021年1月28日\n"
    r = g.parse(text)
    assert r.title == "某某县人民政府办公室2020年政府信息公开工作年度报告"
    assert (r.agency, r.year, r.format, r.published) == ("某某县人民政府办公室", 2020, "2019", dt.date(2021, 1, 28))


def test_inline_headings_are_split() -> None:
    text = "某局2023年政府信息公开工作报告\n本报告依法编制。 一、总体情况 2023年,某局依法公开。 二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n五、存在的主要问题及改进情况 下一步加强培训。\n"
    r = g.parse(text)
    assert [s.number for s in r.sections] == [1, 2, 3, 5]
    assert r.section("overview").text == "2023年,某局依法公开。"
    assert r.section("problems").text == "下一步加强培训。"


def test_table_row_numerals_are_not_headings() -> None:
    text = (FIX / "layouts" / "pipe-cells-per-line.txt").read_text(encoding="utf-8")
    r = g.parse(text)
    assert [s.number for s in r.sections] == [1, 2, 3, 4, 5, 6]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_parse_file_reads_every_encoding(tmp_path: Path, encoding: str) -> None:
    text = (FIX / "seed-xinjiang-2019.txt").read_text(encoding="utf-8")
    path = tmp_path / "report.txt"
    path.write_bytes(text.encode(encoding))
    r = g.parse_file(path)
    assert r == g.parse(text)
    assert r.agency == "新疆维吾尔自治区应急管理厅"


def test_legacy_outline_without_year_is_legacy() -> None:
    text = "政府信息公开工作年度报告\n一、概述\n本区做好公开。\n二、主动公开政府信息的情况\n主动公开信息50条。\n三、依申请公开政府信息情况\n受理申请3件。\n四、政府信息公开的收费及减免情况\n无。\n五、因政府信息公开申请行政复议、提起行政诉讼的情况\n无。\n"
    r = g.parse(text)
    assert r.format == "legacy"
    assert r.year is None
    assert "fees" in [s.kind for s in r.sections]


def test_letter_spaced_heading_is_one_title() -> None:
    """QUIRKS §8 (035): legacy headings printed letter-spaced, 一、概 述."""
    text = "某局2014年政府信息公开工作年度报告\n一、概 述\n2014年,我局主动公开信息20条。\n二、主动公开政府信息情况\n全年主动公开信息20条。\n"
    r = g.parse(text)
    assert [(s.number, s.kind) for s in r.sections] == [(1, "overview"), (2, "active_disclosure")]
    assert r.sections[0].text == "2014年,我局主动公开信息20条。"


def test_notice_names_its_issuer_not_its_subject() -> None:
    """A format notice "X关于印发…的通知" is issued by X; it is not a report (QUIRKS §11)."""
    text = (
        "国务院办公厅政府信息与政务公开办公室关于印发中华人民共和国政府信息公开工作年度报告格式的通知\n"
        "各省、自治区、直辖市人民政府办公厅:\n现将格式印发给你们。\n"
        "一、报告内容\n(二)主动公开政府信息情况。\n国务院办公厅政府信息与政务公开办公室\n2021年9月26日\n"
    )
    r = g.parse(text)
    assert r.format == "unknown" and "not-a-report" in [f.code for f in r.findings]
    assert r.agency == "国务院办公厅政府信息与政务公开办公室"


@pytest.mark.parametrize("sep", [".", "、"])
def test_sections_numbered_in_arabic_digits(sep: str) -> None:
    """QUIRKS §9: a report numbering its six sections 1. 2. … (or 1、) gives the same sections and
    tables; numbered paragraphs inside a section stay text."""
    src = (FIX / "layouts" / "pipe-rows.txt").read_text(encoding="utf-8")
    lines = src.split("\n")
    for i, line in enumerate(lines):
        h = lexer.heading(line, set())
        if h is not None:
            lines[i] = f"{h[0]}{sep}{line.split('、', 1)[1]}"
    text = "\n".join(lines).replace(f"1{sep}总体情况\n", f"1{sep}总体情况\n2{sep}主动公开信息20条。\n", 1)
    plain, arabic = g.parse(src), g.parse(text)
    assert [(s.number, s.kind) for s in arabic.sections] == [(s.number, s.kind) for s in plain.sections]
    assert f"2{sep}主动公开信息20条。" in arabic.sections[0].text
    assert (arabic.active_disclosure, arabic.applications, arabic.review_litigation) == (
        plain.active_disclosure,
        plain.applications,
        plain.review_litigation,
    )


def test_a_lone_arabic_numbered_line_is_no_heading() -> None:
    text = "某局2023年政府信息公开工作年度报告\n全年工作如下。\n2.主动公开政府信息情况良好。\n"
    assert g.parse(text).sections == ()


def test_a_letter_about_the_reports_is_not_a_report() -> None:
    """QUIRKS §11: the 2016〔201〕 letter on how to count cases has numbered sections of its own."""
    text = (
        "国务院办公厅政府信息与政务公开办公室关于做好政府信息公开工作年度报告编制和发布工作有关事项的通知\n"
        "国办公开办函〔2016〕201号\n各省、自治区、直辖市人民政府办公厅:\n一、关于行政复议和行政诉讼的统计\n"
        "行政复议机关作为共同被告的行政诉讼案件只计算原行为主体的案件数量,不计算行政复议机关的案件数量。\n"
        "国务院办公厅政府信息与政务公开办公室\n2016年9月1日\n"
    )
    r = g.parse(text)
    assert r.format == "unknown" and "not-a-report" in [f.code for f in r.findings]


def test_a_report_citing_the_notice_is_a_report() -> None:
    text = (
        "某局2020年政府信息公开工作年度报告\n根据《关于做好2020年政府信息公开工作年度报告的通知》要求,现将报告如下。\n"
        "一、总体情况\n我局做好公开工作。\n"
    )
    r = g.parse(text)
    assert r.format == "2019" and r.findings == ()


def test_dates_in_chinese_numerals() -> None:
    """Signatures and titles often write dates in Chinese numerals (二〇二一年一月二十日, ○ for 〇 too)."""
    text = (
        "某某县财政局二〇二〇年政府信息公开工作年度报告\n一、总体情况\n我局认真做好公开工作。\n"
        "某某县财政局\n二○二一年一月二十日\n"
    )
    r = g.parse(text)
    assert (r.agency, r.year, r.published, r.format) == ("某某县财政局", 2020, dt.date(2021, 1, 20), "2019")
    assert labels.fold_cn_dates("二〇一九年十二月三十一日 一二三四年") == "2019年12月31日 一二三四年"


@pytest.mark.parametrize(
    ("numeral", "value"), [("一", 1), ("十", 10), ("十一", 11), ("二十", 20), ("三十一", 31), ("十十", None)]
)
def test_chinese_numerals(numeral: str, value: int | None) -> None:
    assert labels.cn_number(numeral) == value


@pytest.mark.parametrize(
    "head",
    [
        "某某县财政局2020年政府信息公开\n工作年度报告",
        "某某县财政局2020年度\n政府信息公开工作年度报告",
        "某某县财政局\n2020年政府信息公开工作年度报告",
    ],
    ids=["inside-words", "after-year", "after-agency"],
)
def test_title_wrapped_over_two_lines(head: str) -> None:
    r = g.parse(head + "\n一、总体情况\n我局认真做好公开工作。\n")
    assert (r.agency, r.year, r.preamble) == ("某某县财政局", 2020, "")
    assert r.title == head.replace("\n", "")


def test_date_in_parentheses_under_the_title_is_the_published_date() -> None:
    r = g.parse("某某县财政局2020年政府信息公开工作年度报告\n(2021年1月15日)\n一、总体情况\n我局认真做好公开工作。\n")
    assert r.published == dt.date(2021, 1, 15)


@pytest.mark.parametrize(
    "head",
    [
        "《某某县财政局2020年政府信息公开工作年度报告》",
        "某某县财政局2020年政府信息公开年报",
        "某某县人民政府办公室关于印发某某县2020年政府信息公开工作年度报告的通知",
    ],
    ids=["book-title-marks", "nianbao", "distributing-notice"],
)
def test_title_variants(head: str) -> None:
    """A notice that distributes one report wraps that report: it is a report, unlike a notice about
    how to write them."""
    r = g.parse(head + "\n一、总体情况\n我局认真做好公开工作。\n")
    assert (r.title, r.year, r.format, r.findings) == (head, 2020, "2019", ())


# ---------------------------------------------------------------- the outline audit (2026-12-03)
# Each lost a whole report's tables (or refused it) before its fix.
_TABLE_TWO = "第二十条第(一)项 |\n信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n规章 | 1 | 0 | 5 |\n行政规范性文件 | 3 | 1 | 27 |\n"


def _regulations(r: g.Report) -> list[object]:
    t = r.active_disclosure
    if t is None or t.regulations is None:
        return []
    return [
        c.value if c is not None else None
        for c in (t.regulations.issued, t.regulations.repealed, t.regulations.in_force)
    ]


@pytest.mark.parametrize(
    "head",
    ["扫一扫在手机打开当前页\n", "某县水利局2023年政府信息公开工作年度报告\n分享到:\n", "打印本页 关闭窗口\n"],
    ids=["scan-bar-no-title", "share-bar-under-title", "print-bar"],
)
def test_a_share_bar_above_a_report_without_headings_is_no_trailer(head: str) -> None:
    """With no heading and no signature, the trailer began at the first 分享/打印/扫一扫 line after the title — a bar
    printed above the text made the whole report trailer (refused, or every table empty)."""
    r = g.parse(head + "现将我局2023年度政府信息公开情况报告如下。\n" + _TABLE_TWO)
    assert _regulations(r) == [1, 0, 5]


def test_a_heading_run_into_its_first_sentence_with_no_mark_between() -> None:
    """一、总体情况2021年,我局… (a bold heading at a paragraph's start): section 一 and the year it prints were lost."""
    r = g.parse(
        "一、总体情况2021年,我局认真贯彻落实《中华人民共和国政府信息公开条例》,主动公开各类信息。\n"
        "二、主动公开政府信息情况\n" + _TABLE_TWO
    )
    assert [s.kind for s in r.sections] == ["overview", "active_disclosure"]
    assert r.sections[0].text.startswith("2021年,我局")
    assert r.year == 2021


def test_a_related_link_after_the_tables_is_no_title() -> None:
    """No title, no heading: 相关阅读 / another report's name after the tables was taken for the title, and every
    line before it (the tables) for page chrome."""
    r = g.parse(
        "现将我局2023年度政府信息公开情况报告如下。\n"
        + _TABLE_TWO
        + "相关阅读\n某市生态环境局2019年政府信息公开工作年度报告\n"
    )
    assert _regulations(r) == [1, 0, 5]
    assert r.year == 2023


def test_tables_printed_after_the_signature_are_read() -> None:
    """附表 after the 落款: the date line ended the report and the tables were dropped as trailer (0 cells read).
    They are read now; the date is then not taken as the signature."""
    r = g.parse(
        "某县市场监督管理局2023年政府信息公开工作年度报告\n一、总体情况\n2023年,我局主动公开各类信息。\n"
        "二、主动公开政府信息情况\n详见附表。\n六、其他需要报告的事项\n无。\n某县市场监督管理局\n2024年1月20日\n附表\n"
        + _TABLE_TWO
    )
    assert _regulations(r) == [1, 0, 5]
    assert r.year == 2023
