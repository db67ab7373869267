"""Metadata and old outlines: the year by authority, and 2008–2018 reports behind page chrome.

Plain text in, expected year / format / agency out. The texts are built from the legacy pages of the
corpus (v020, v034, v040, v053 …) and QUIRKS §2, §8 and §10: page chrome in front (login bars, site
menus, breadcrumbs, symbol pickers, font-size and search boxes), titles in old wording, headings in a
report's own words or none at all, and every way a report prints the year it covers.
"""

from __future__ import annotations

import datetime as dt

import pytest

import govinfo_report as g
from govinfo_report import labels

# ---------------------------------------------------------------- page chrome (QUIRKS §10)
LOGIN = "您好,欢迎访问本网站! 登录 注册\n无障碍 | 长者模式 | 繁體\n"
SEARCH = "请输入关键字 搜索\n站内搜索 高级检索\n"
FONT = "【字体:大 中 小】 【打印】 【关闭】\n字体 大 中 小\n"
SYMBOLS = "特殊符号: ① ② ③ ④ ⑤ 【 】 《 》 〔 〕 ※ → ← √ ×\n"
CRUMBS = "当前位置:首页 > 政府信息公开 > 政府信息公开年报 > 正文\n"
#: A site menu whose entry 政府信息公开年报 reads like a title with no year.
MENU = "首页\n政务公开\n政府信息公开指南\n政府信息公开制度\n政府信息公开年报\n依申请公开\n互动交流\n"
CHROME = LOGIN + SEARCH + CRUMBS + MENU + FONT + SYMBOLS

#: Sections of a 2019/2021 report, for the year tests (the body does not print a year).
BODY = (
    "一、总体情况\n我局认真做好政府信息公开工作。\n二、主动公开政府信息情况\n全年主动公开信息20条。\n"
    "三、收到和处理政府信息公开申请情况\n本年度未收到政府信息公开申请。\n"
)
#: Sections of a legacy report (v040), no year printed.
LEGACY_BODY = (
    "一、概述\n本局按照《中华人民共和国政府信息公开条例》要求,积极、有序、稳妥推进政府信息公开的各项工作。\n"
    "二、主动公开政府信息的情况\n本局全年主动公开政府信息29条。\n"
    "三、政府信息依申请公开办理情况\n受理政府信息公开申请2条。\n"
    "四、政府信息公开的收费及减免情况\n本局未收取任何费用。\n"
)
UNTITLED = "某某县财政局政府信息公开工作年度报告\n"


# ---------------------------------------------------------------- B. the year, by authority
YEAR_CASES = [
    # the title, also when the year splits 政府 from 信息公开 — over two lines behind a site menu whose
    # 政府信息公开年报 must not be taken for the title, or on one line
    (
        "title-split-behind-menu",
        CHROME + "某某县人民政府2019年政府\n信息公开工作年度报告\n" + BODY,
        2019,
        "某某县人民政府",
    ),
    ("title-year-before-xinxi", "某县政府2019年度信息公开工作年度报告\n" + BODY, 2019, "某县政府"),
    ("title-zhengwu", LOGIN + "某某市水利局2012年政务信息公开年度报告\n" + LEGACY_BODY, 2012, "某某市水利局"),
    ("title-spaced-year", CHROME + "某某县财政局 2025 年政府信息\n公开工作年度报告\n" + BODY, 2025, "某某县财政局"),
    # the statistics period, in any wording
    ("period-dao", UNTITLED + "本报告统计期限为:2019年1月1日到2019年12月31日。\n" + BODY, 2019, "某某县财政局"),
    ("period-fused-digits", UNTITLED + "本报告所列数据统计期限为201911日至1231日。\n" + BODY, 2019, "某某县财政局"),
    ("period-heding", UNTITLED + "本报告核定时间为2019年1月1日至12月31日。\n" + BODY, 2019, "某某县财政局"),
    ("period-tongji-shijian", UNTITLED + "本报告统计时间为2020年1月1日至12月31日。\n" + BODY, 2020, "某某县财政局"),
    ("period-zhi", UNTITLED + "本报告统计期限:2019年1月1日起到12月31日止。\n" + BODY, 2019, "某某县财政局"),
    (
        "period-tongji-shuju",
        UNTITLED + "本报告统计数据从2016年1月1日起,12月31日止。\n" + LEGACY_BODY,
        2016,
        "某某县财政局",
    ),
    (
        "period-bare-range",
        UNTITLED + "一、概述\n2014年1月1日至12月31日,我局主动公开政府信息20条。\n",
        2014,
        "某某县财政局",
    ),
    # an opening sentence naming the year the report covers
    (
        "opening-report-follows",
        UNTITLED + "现将我局2020年度政务信息公开工作情况报告如下:\n" + BODY,
        2020,
        "某某县财政局",
    ),
    (
        "opening-year-comma-outranks-year-end",
        UNTITLED + "一、概述\n2011年,我局认真贯彻《条例》。截至2010年12月31日,累计主动公开信息500条。\n",
        2011,
        "某某县财政局",
    ),
    # the year printed after the report words, the 政务公开 and 关于…的报告 wordings, a letter-spaced title (a PDF's
    # justified heading); before, each left the year unread (the title was not found, or its year not looked for)
    ("title-year-in-parentheses", "某某县财政局政府信息公开工作年度报告(2022年)\n" + BODY, 2022, "某某县财政局"),
    ("title-bare-year-in-parentheses", "某某县财政局政府信息公开工作年度报告(2022)\n" + BODY, 2022, "某某县财政局"),
    ("title-year-inside-report-words", "某某县财政局政府信息公开工作2022年度报告\n" + BODY, 2022, "某某县财政局"),
    ("title-zhengwu-gongkai", "某某县财政局2022年度政务公开工作年度报告\n" + BODY, 2022, "某某县财政局"),
    ("title-guanyu-de-baogao", "某某县财政局关于2022年度政府信息公开工作情况的报告\n" + BODY, 2022, "某某县财政局"),
    (
        "title-letter-spaced",
        "某 某 县 财 政 局 2 0 2 2 年 政 府 信 息 公 开 工 作 年 度 报 告\n" + BODY,
        2022,
        "某某县财政局",
    ),
    # the end of the year the figures run to
    ("year-end-di", UNTITLED + "一、概述\n截至2010年底,我局累计主动公开信息500条。\n", 2010, "某某县财政局"),
    ("year-end-spaced", UNTITLED + "一、概述\n截至 2025 年底,我局累计主动公开信息500条。\n", 2025, "某某县财政局"),
]


@pytest.mark.parametrize(("text", "year", "agency"), [c[1:] for c in YEAR_CASES], ids=[c[0] for c in YEAR_CASES])
def test_year_from_what_the_report_prints(text: str, year: int, agency: str) -> None:
    r = g.parse(text)
    assert (r.year, r.agency) == (year, agency)
    assert r.format == ("legacy" if year <= 2018 else "2019" if year <= 2020 else "2021")
    assert "year-inferred" not in [f.code for f in r.findings]


def test_title_outranks_the_statistics_period_and_the_opening() -> None:
    text = "某局2019年政府信息公开工作年度报告\n本报告统计期限自2019年1月1日至2019年12月31日。\n一、总体情况\n2020年,我局…\n"
    assert g.parse(text).year == 2019
    text = UNTITLED + "本报告统计时间为2019年1月1日至12月31日。\n一、总体情况\n2020年,我局认真做好公开工作。\n"
    assert g.parse(text).year == 2019


def test_published_date_is_the_last_resort_and_says_so() -> None:
    text = UNTITLED + "一、总体情况\n我局认真做好公开工作。\n某某县财政局\n2020年1月20日\n"
    r = g.parse(text)
    assert (r.year, r.published, r.format) == (2019, dt.date(2020, 1, 20), "2019")
    inferred = [f for f in r.findings if f.code == "year-inferred"]
    assert len(inferred) == 1 and inferred[0].severity == "info" and inferred[0].where == "year"
    assert "2020-01-20" in inferred[0].message_en


def test_a_statistics_row_numbered_like_a_heading_is_no_section() -> None:
    """一、主动公开情况 | — | — | in an old statistics table started a duplicate section 一 (section-duplicated)."""
    text = UNTITLED.replace("县", "县民政局").replace("财政局", "") + (
        "一、概述\n我局认真贯彻《条例》。\n二、主动公开政府信息情况\n统计指标 | 单位 | 统计数 |\n"
        "一、主动公开情况 | — | — |\n(一)主动公开政府信息数 | 条 | 120 |\n三、依申请公开情况\n无。\n"
    )
    r = g.parse(text)
    assert [s.kind for s in r.sections] == ["overview", "active_disclosure", "applications"]
    assert "section-duplicated" not in {f.code for f in r.findings}


_SECTIONS_NO_TABLES = (
    "一、总体情况\n我局认真贯彻落实《条例》,主动公开政府信息。\n二、主动公开政府信息情况\n(表格见附件)\n"
    "三、收到和处理政府信息公开申请情况\n本年度未收到政府信息公开申请。\n"
)


@pytest.mark.parametrize(
    ("opening", "year", "fmt"),
    [
        (
            "本报告根据《中华人民共和国政府信息公开条例》和《国务院办公\n厅政府信息与政务公开办公室关于印发〈中华人民"
            "共和国政府信息公开\n工作年度报告格式〉的通知》(国办公开办函〔2021〕30号)要求编制。\n",
            2022,
            "2021",
        ),
        ("按照县政务公开办关于做好2020年政府信息公开工作年度报告编制发布工作的通知要求,编制本报告。\n", 2020, "2019"),
    ],
    ids=["format-notice-cited-over-short-lines", "notice-named-in-a-citing-clause"],
)
def test_a_report_citing_the_format_notice_is_a_report(opening: str, year: int, fmt: str) -> None:
    """Found in the metadata audit: a report with no table text citing the format notice (its preamble wrapped
    into short lines, as PDF text is) or a 关于做好…年度报告…的通知 in a 按照 clause was format unknown with
    not-a-report; the cited notice says nothing about the citing text."""
    r = g.parse(f"某某县自然资源局{year}年政府信息公开工作年度报告\n" + opening + _SECTIONS_NO_TABLES)
    assert (r.year, r.format) == (year, fmt)
    assert "not-a-report" not in {f.code for f in r.findings}


def test_another_reports_link_above_the_title_is_not_the_title() -> None:
    """Found in the metadata audit: 上一篇:某局2018年…年度报告 above a title printing no year was the title, and
    2018 the year, over the statistics period's 2020."""
    r = g.parse(
        "上一篇:某某县自然资源局2018年政府信息公开工作年度报告\n某某县自然资源局政府信息公开工作年度报告\n"
        "本报告中所列数据的统计期限自2020年1月1日起至2020年12月31日止。\n" + BODY
    )
    assert (r.title, r.year) == ("某某县自然资源局政府信息公开工作年度报告", 2020)


def test_a_date_in_the_title_is_not_its_year() -> None:
    """(2023年1月20日) after the report words is when it was published, not the year it covers."""
    for date in ("(2023年1月20日)", " 2023-01-20", "(2023.1.20)"):
        assert g.parse("某某县财政局政府信息公开工作年度报告" + date + "\n" + BODY).year is None


@pytest.mark.parametrize("tail", ["", "某某县财政局\n2020年9月20日\n"], ids=["no-date", "date-late-in-the-year"])
def test_a_year_not_printed_stays_none(tail: str) -> None:
    """Never invented: no year in the text, and no published date early in a year to infer it from."""
    r = g.parse(UNTITLED + "一、总体情况\n我局认真做好公开工作。\n" + tail)
    assert r.year is None
    assert "year-inferred" not in [f.code for f in r.findings]


# ---------------------------------------------------------------- A. old and odd outlines
#: v034 (北京市信访办 2014): no title line, an opening that lists the report's own parts.
V034_OPENING = (
    "本报告是根据《中华人民共和国政府信息公开条例》要求,由北京市信访办编制的2014年度政府信息公开年度报告。\n"
    "全文包括概述,主动公开政府信息的情况,依申请公开政府信息情况,因政府信息公开申请行政复议、提起行政诉讼的情况,"
    "政府信息公开工作存在的不足及改进措施。\n"
    "本报告中所列数据的统计期限自2014年1月1日至2014年12月31日。\n"
)
#: An opening listing the parts (QUIRKS §8), with neither a title nor a year in it.
PARTS = (
    "本报告由概述、主动公开政府信息情况、依申请公开政府信息情况、政府信息公开的收费及减免情况、"
    "因政府信息公开申请行政复议和提起行政诉讼情况、存在的主要问题和改进措施等部分组成。\n"
)
CUSTOM = (
    "一、健全组织、强化领导\n我办成立了政府信息公开工作领导小组。\n"
    "二、丰富内容、拓宽渠道\n全年主动公开政府信息20条。\n"
    "三、规范办理、依法答复\n受理政府信息公开申请13件,答复13件。\n"
)
NINE = (
    "一、概述\n全县各部门认真贯彻《条例》。\n二、政府信息公开的组织领导和制度建设情况\n成立领导小组。\n"
    "三、主动公开政府信息情况\n公开信息120条。\n四、依申请公开政府信息情况\n受理申请3件。\n"
    "五、政府信息公开咨询处理情况\n接受咨询20人次。\n六、政府信息公开的收费及减免情况\n未收取任何费用。\n"
    "七、因政府信息公开申请行政复议、提起行政诉讼的情况\n未发生行政复议。\n"
    "八、政府信息公开工作存在的主要问题及改进措施\n公开内容不够丰富。\n九、其他需要报告的事项\n无。\n"
)
LEGACY_NUMBERED = (
    "一、概述\n2012年,我局认真贯彻《条例》。\n二、主动公开政府信息情况\n全年主动公开信息120条。\n"
    "三、依申请公开政府信息情况\n本年度未收到申请。\n四、政府信息公开的收费及减免情况\n无。\n"
    "五、因政府信息公开申请行政复议、提起行政诉讼的情况\n无。\n六、政府信息公开工作存在的主要问题及改进情况\n加强培训。\n"
)


def _renumbered(text: str, numbering: str) -> str:
    """``text`` with its headings 一、 … 六、 numbered as ``numbering`` says (``{n}.`` → 1., ``({cn})`` → (一))."""
    for n, cn in enumerate("一二三四五六", start=1):
        text = text.replace(f"{cn}、", numbering.format(n=n, cn=cn))
    return text


LEGACY_CASES = [
    # (id, text, year, agency, section kinds)
    ("no-title-custom-headings", CHROME + V034_OPENING + CUSTOM, 2014, "北京市信访办", ["custom", "custom", "custom"]),
    (
        "zhengwu-title-custom-headings",
        LOGIN + SEARCH + "某某市水利局2012年政务信息公开年度报告\n" + CUSTOM + "某某市水利局\n2013年3月20日\n",
        2012,
        "某某市水利局",
        ["custom", "custom", "custom"],
    ),
    (
        "custom-heading-continues-known-ones",
        CHROME + V034_OPENING + "一、健全组织、强化领导\n成立领导小组。\n"
        "二、主动公开情况\n公开信息20条。\n三、依申请公开情况\n受理申请13件。\n",
        2014,
        "北京市信访办",
        ["custom", "active_disclosure", "applications"],
    ),
    (
        "overall-work-heading",
        CHROME + "某某县人民政府办公室2011年政府信息公开工作年度报告\n一、政府信息公开总体工作情况\n"
        "2011年,我办认真贯彻落实条例。\n二、主动公开政府信息情况\n全年公开信息120条。\n",
        2011,
        "某某县人民政府办公室",
        ["overview", "active_disclosure"],
    ),
    (
        "nine-part-outline",
        "某某市2016年政府信息公开工作年度报告\n" + NINE,
        2016,
        "某某市",
        [
            "overview",
            "custom",
            "active_disclosure",
            "applications",
            "consultation",
            "fees",
            "review_litigation",
            "problems",
            "other_matters",
        ],
    ),
    ("parts-opening-no-year", CHROME + PARTS + CUSTOM, None, None, ["custom", "custom", "custom"]),
    (
        "headings-fused-with-their-text",
        CHROME + V034_OPENING + "一、概述。2014年,我办指定专人负责政府信息公开工作。\n"
        "二、主动公开情况:全年主动公开政府信息20条。\n",
        2014,
        "北京市信访办",
        ["overview", "active_disclosure"],
    ),
    (
        "date-under-title-no-headings",
        LOGIN + "某某县人民政府2010年度信息公开工作报告\n2011年3月1日\n"
        "2010年,我县认真贯彻落实《中华人民共和国政府信息公开条例》,全年公开信息120条。\n",
        2010,
        "某某县人民政府",
        [],
    ),
    (
        "no-title-no-headings",
        FONT + SYMBOLS + V034_OPENING + "2014年,我办主动公开政府信息20条,受理申请13件。\n",
        2014,
        "北京市信访办",
        [],
    ),
    (
        "no-title-heading-of-its-own",
        SEARCH + FONT + "2015年1月1日至12月31日,我局主动公开政府信息35条。\n"
        "一、健全组织、强化领导\n我局成立了政府信息公开工作领导小组。\n",
        2015,
        None,
        ["custom"],
    ),
    # a legacy outline numbered 1. or (一) in its own order (收费及减免 4th, so 复议诉讼 5th, 问题 6th): the parts
    # after 收费及减免 were text of section 3 before
    *(
        (
            f"legacy-outline-numbered-{style}",
            CHROME + "某某县民政局2012年政府信息公开工作年度报告\n" + _renumbered(LEGACY_NUMBERED, numbering),
            2012,
            "某某县民政局",
            ["overview", "active_disclosure", "applications", "fees", "review_litigation", "problems"],
        )
        for style, numbering in (("arabic", "{n}."), ("in-parentheses", "({cn})"))
    ),
]


@pytest.mark.parametrize(
    ("text", "year", "agency", "kinds"), [c[1:] for c in LEGACY_CASES], ids=[c[0] for c in LEGACY_CASES]
)
def test_legacy_outline_behind_chrome_is_a_legacy_report(
    text: str, year: int | None, agency: str | None, kinds: list[str]
) -> None:
    r = g.parse(text)
    assert (r.format, r.year, r.agency) == ("legacy", year, agency)
    assert [s.kind for s in r.sections] == kinds
    assert [s.number for s in r.sections] == list(range(1, len(kinds) + 1))
    for word in ("登录", "搜索", "字体", "特殊符号", "当前位置"):
        assert word not in r.preamble and all(word not in s.text for s in r.sections)


def test_fused_heading_keeps_its_text_in_the_section() -> None:
    r = g.parse(UNTITLED + "一、概述。本局积极推进公开工作。\n二、主动公开政府信息情况:全年主动公开信息20条。\n")
    assert [(s.heading, s.text) for s in r.sections] == [
        ("一、概述", "本局积极推进公开工作。"),
        ("二、主动公开政府信息情况", "全年主动公开信息20条。"),
    ]


def test_a_list_numbered_inside_a_section_stays_text() -> None:
    """Only a gap in the numbering is a heading of the report's own words: 一、二、 inside section 一 is text."""
    text = (
        "某局2021年政府信息公开工作年度报告\n一、总体情况\n一、加强组织领导\n成立领导小组。\n二、完善工作制度\n"
        "修订制度3项。\n二、主动公开政府信息情况\n公开信息20条。\n三、收到和处理政府信息公开申请情况\n无。\n"
    )
    r = g.parse(text)
    assert [(s.number, s.kind) for s in r.sections] == [(1, "overview"), (2, "active_disclosure"), (3, "applications")]
    assert "二、完善工作制度" in r.sections[0].text


def test_metadata_rows_and_menus_give_no_title() -> None:
    """分 类 | 政府信息公开年报 (v014) and a menu's 政府信息公开年报 name a column of the site, not the report."""
    text = (
        "索 引 号 | 014416330/2018-04736 | 分 类 | 政府信息公开年报 综合政务 |\n"
        + MENU
        + "根据《中华人民共和国政府信息公开条例》规定,现公布泰州市人民政府2017年政务信息公开年度报告。\n一、主要工作概述\n"
        "探索建立标准化体系。\n"
    )
    r = g.parse(text)
    assert (r.title, r.agency, r.year, r.format) == (None, "泰州市人民政府", 2017, "legacy")


def test_chrome_run_into_the_title_line() -> None:
    head = "当前位置:首页 > 信息公开 > 年报 某某县2013年政府信息公开工作年度报告 发布时间:2014-03-20 来源:本站 浏览次数:123 字体:大 中 小"
    r = g.parse(head + "\n" + LEGACY_BODY)
    assert (r.title, r.agency, r.year, r.format) == ("某某县2013年政府信息公开工作年度报告", "某某县", 2013, "legacy")


# ---------------------------------------------------------------- still no report
@pytest.mark.parametrize(
    "text",
    [
        "第一章 初见\n一、春天\n那年春天,我们在河边相遇。\n二、夏天\n夏天很热。\n三、秋天\n落叶纷飞。\n",
        LOGIN + SEARCH + FONT + "北京今日晴转多云,最高气温25度。\n一、出行提示\n注意防晒。\n二、健康提示\n多喝水。\n",
        LOGIN + "首页 > 商品详情\n价格:99元\n加入购物车\n",
    ],
    ids=["novel-with-numbered-parts", "news-behind-chrome", "shop-page"],
)
def test_text_that_is_no_report_is_still_refused(text: str) -> None:
    with pytest.raises(g.ParseError):
        g.parse(text)


def test_year_patterns_live_in_the_label_table() -> None:
    """The patterns of the year's authorities are labels.py's, so a wording seen in the wild is added once."""
    assert labels.STAT_PERIOD.search("统计期限为201911日至1231日").group(1) == "2019"
    assert labels.STAT_RANGE.search("2016年1月1日-12月31日").group(1) == "2016"
    assert labels.YEAR_END.search("截至2010年底").group(1) == "2010"
    assert labels.REPORT_TITLE.search("某县政府2019年度信息公开工作年度报告")
    assert not labels.REPORT_TITLE.search("现将我局2020年度政府信息公开工作情况报告如下")
