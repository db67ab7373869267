"""Hypothesis strategies for :class:`~govinfo_report.model.Report` (needs ``hypothesis``).

They generate *valid* reports of the 2019 and 2021 formats — reports a body
could publish — so that ``parse(render(r)) == r`` can be checked for every one
of them (tests/test_roundtrip.py), and users can test their own pipelines on
the same reports::

    from hypothesis import given
    from govinfo_report.testing import reports

    @given(reports())
    def test_my_export(report): ...

A generated Report is the record :func:`govinfo_report.parse` must give for
its canonical text, so every field the parser derives from the text is drawn
consistently with that text: ``title``/``agency``/``year``/``published``/
``signed_by`` as printed, ``format`` from the year (and so from the tables),
``declared_none`` from the statements drawn, ``prose`` from the figure
sentences drawn, ``findings=()`` and ``normalisation`` at its defaults.

What the format itself rules out (and so these strategies never draw):

* Text is canonical, as the normaliser leaves it: simplified script, ASCII
  ``,:;()`` and digits, no leading, trailing or doubled spaces, no blank lines.
* A paragraph line is a sentence ending in ``。``; it does not begin with a
  heading numeral (``一、``), contain a pipe, or begin with page-chrome words.
  Paragraphs DO mention table words (信访, 第三方, 第二十条第(一)项 …) as real
  reports do: a reader must not take a sentence for a table row.
* A sub-heading ``(n)title`` is followed by a paragraph, and its title does not
  mean the section heading of the same number (``(三)依申请公开`` inside 总体情况
  is read as section 三, as seed 003's ``(一)总体情况`` is section 一). In a
  report headed ``(一)…(六)``, paragraphs are numbered ``1.`` instead: a ``(n)``
  sub-heading there would be a heading.
* A table prints at least one row (a table of no rows is ``None``); table 四
  prints at least one non-empty cell (a row of empty cells is indistinguishable
  from the ``|||`` filler of merged cells).
* ``None`` cells only end a row (a row cut short), in the order the row is
  read: a cell the report does not print cannot be followed by one it does
  (in table 二, read in its header's order, any cells may be missing), and a
  row prints at least one cell (a row label alone is not a row). Only ``damaged=True`` draws them,
  and dash cells (``-``, ``—``, ``/``), which the parser reports as findings.
* A title names the agency before or after the year (``X2021年政府信息公开工作
  年度报告``, ``2021年X政府信息公开工作年度报告``); a report without a title
  states its year as the statistics period (统计期限自YYYY年1月1日…).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, Literal

from hypothesis import strategies as st
from hypothesis.strategies import DrawFn, SearchStrategy

from . import labels, model
from .model import (
    ActiveDisclosure,
    ApplicantCounts,
    Applications,
    Cell,
    Outcomes,
    ProseFigures,
    Report,
    ReviewLitigation,
    Section,
)

# The layout writers: a generated report written as real extractors leave it (see govinfo_report.writers).
from .writers import DAMAGES, LAYOUTS, LOSSLESS, is_lossless, write

__all__ = [
    "DAMAGES",
    "DASHES",
    "LAYOUTS",
    "LOSSLESS",
    "active_disclosures",
    "agencies",
    "amounts",
    "applications",
    "counts",
    "empty_cells",
    "is_lossless",
    "notices",
    "paragraphs",
    "reports",
    "review_litigations",
    "section_texts",
    "signed_counts",
    "write",
]

Fmt = Literal["2019", "2021"]

# ------------------------------------------------------------------ vocabulary
PLACES = (
    "北京市",
    "上海市浦东新区",
    "广东省",
    "新疆维吾尔自治区",
    "浙江省杭州市西湖区",
    "湖北省武汉市",
    "四川省成都市",
    "江苏省南京市",
    "河南省郑州市金水区",
    "威海市文登区",
    "宿迁市沭阳县",
    "遂溪县建新镇",
    "内蒙古自治区",
    "重庆市渝中区",
    "海南省三亚市",
    "延边朝鲜族自治州",
    "阿拉善左旗",
    "北京市海淀区学院路",
)
BODIES = (
    "人民政府",
    "人民政府办公厅",
    "发展和改革委员会",
    "应急管理厅",
    "市场监督管理局",
    "生态环境局",
    "教育局",
    "财政局",
    "自然资源和规划局",
    "卫生健康委员会",
    "交通运输局",
    "住房和城乡建设局",
    "司法局",
    "信访局",
    "审计局",
    "统计局",
    "农业农村局",
    "经济和信息化局",
    "街道办事处",
    "人民政府办公室",
)
#: Bodies named without a place: ministries, and a development zone's committee.
MINISTRIES = (
    "商务部",
    "应急管理部",
    "国家统计局",
    "国家发展和改革委员会",
    "生态环境部",
    "交通运输部",
    "经济技术开发区管理委员会",
)

#: Opening words of sentences (never a heading numeral, chrome or trailer word).
SUBJECTS = ("我局", "本机关", "我委", "我厅", "全县", "各科室", "我办", "局党组")
CLAUSES = (
    "认真贯彻落实《中华人民共和国政府信息公开条例》",
    "进一步加强政务公开工作",
    "及时准确公开政策文件和重点领域信息",
    "完善依申请公开办理流程",
    "做好征求第三方意见工作",
    "由于信访工作的特殊性,主动公开的信息内容较少",
    "强化政府网站和政务新媒体建设",
    "深入开展政策解读",
    "积极回应社会关切",
    "严格落实保密审查制度",
    "按照《条例》第二十条第(一)项的规定公开规章和行政规范性文件",
    "对补正后申请内容仍不明确的申请人耐心做好解释",
    "加强重复申请的登记和答复工作",
    "组织干部职工参加业务培训",
    "在门户网站开设政务公开专栏",
    "定期更新机构职能、领导分工等信息",
    "将政务公开工作纳入年度绩效考核",
    "发布各类信息1200余条",
    "开展专题培训3次",
    "于2021年5月1日起施行新的办理规范",
    "办理人大代表建议和政协委员提案共计25件",
    "在门户网站显著位置公布公开指南",
)
#: Sub-headings of 总体情况 in the official order (a title only at its own number).
OFFICIAL_SUBHEADINGS = ("主动公开", "依申请公开", "政府信息管理", "政府信息公开平台建设", "监督保障")
#: Sub-heading titles that mean no section.
SUBHEADINGS = (
    "加强组织领导",
    "健全工作机制",
    "强化政策解读",
    "回应社会关切",
    "加强队伍建设",
    "完善制度建设",
    "推进平台建设",
    "加强监督保障",
)

#: How each of the six headings is printed: the canonical label and variants seen in the wild.
HEADINGS: dict[int, tuple[str, ...]] = {
    1: ("总体情况",),
    2: ("主动公开政府信息情况", "行政机关主动公开政府信息情况"),
    3: ("收到和处理政府信息公开申请情况",),
    4: ("政府信息公开行政复议、行政诉讼情况", "因政府信息公开工作被申请行政复议、提起行政诉讼情况"),
    5: (
        "存在的主要问题及改进情况",
        "政府信息公开工作存在的主要问题及改进情况",
        "存在问题及改进情况",
        "主要问题及改进情况",
    ),
    6: ("其他需要报告的事项",),
}

#: Statements that a table has nothing to report (docs/spec.md), per topic.
NONE_APPLICATIONS = (
    "本年度未收到政府信息公开申请。",
    "本机关全年没有收到依申请公开事项。",
    "无",
    "无。",
    "本年度尚未收到政府信息公开申请。",
)
NONE_REVIEW = (
    "本年度未发生政府信息公开行政复议、行政诉讼案件。",
    "本年度未出现因政府信息公开被申请行政复议、提起行政诉讼的情况。",
    "本年度未发生因政府信息公开申请引起的行政复议、行政诉讼。",
    "无",
)
NONE_FEES = ("本年度没有收费。", "本机关未向申请人收取任何费用。")
#: Section bodies with nothing to report that are not statements about a table.
NOTHING = ("无。", "本年度无其他需要报告的事项。")

#: Printed empty-value markers: read as an empty cell, reported as a finding.
DASHES = ("-", "—", "/", "_")

#: Prose figures (ProseFigures field → how a report states it), in the order a report states them.
FIGURES: dict[str, str] = {
    "applications_received": "全年共收到政府信息公开申请{n}件",
    "applications_carried_over": "上年结转政府信息公开申请{n}件",
    "from_natural_persons": "其中自然人申请{n}件",
    "from_organisations": "法人或其他组织申请{n}件",
    "applications_processed": "全年办结政府信息公开申请{n}件",
    "granted_or_partially": "予以公开及部分公开{n}件",
    "granted": "予以公开{n}件",
    "partially_granted": "部分公开{n}件",
    "withheld": "不予公开{n}件",
    "unavailable": "无法提供{n}件",
    "not_processed": "不予处理{n}件",
    "other_processed": "其他处理{n}件",
    "applications_carried_forward": "结转下年度继续办理{n}件",
    "reviews": "发生政府信息公开行政复议案件{n}件",
    "lawsuits": "行政诉讼案件{n}件",
}
#: Outcomes stated after a review or lawsuit count (ProseFigures reviews_upheld …).
OUTCOMES: dict[str, str] = {
    "upheld": "结果维持{n}件",
    "corrected": "结果纠正{n}件",
    "other": "其他结果{n}件",
    "pending": "尚未审结{n}件",
}
#: Figures are stated in a sentence about applications (a bare 予以公开5件 could count anything).
FIGURES_LEAD = "本年度政府信息公开申请办理情况如下:"


# ------------------------------------------------------------------ cells
def _magnitudes(max_value: int = 9_999_999) -> SearchStrategy[int]:
    """0 to millions, small numbers most often (as in the reports)."""
    return st.one_of(st.integers(0, 9), st.integers(10, 999), st.integers(1000, max_value))


def _digits(n: int, grouped: bool) -> str:
    return f"{n:,}" if grouped else str(n)


@st.composite
def counts(draw: DrawFn) -> Cell:
    """A printed count: ``58``, ``1,234``, ``12件``."""
    n = draw(_magnitudes())
    grouped = n >= 1000 and draw(st.booleans())
    unit = draw(st.sampled_from(("", "", "", "件", "项", "个")))
    return Cell(_digits(n, grouped) + unit, n, None)


@st.composite
def signed_counts(draw: DrawFn) -> Cell:
    """A printed change (本年增/减): ``3``, ``+3``, ``-3``, ``减3``, ``增3``."""
    n = draw(_magnitudes(99_999))
    sign = draw(st.sampled_from(("", "+", "-", "减", "增", "增加", "减少")))
    value = -n if sign in ("-", "减", "减少") else n
    return Cell(f"{sign}{n}", value, None)


@st.composite
def amounts(draw: DrawFn) -> Cell:
    """A printed amount with its unit as printed: ``16.482``, ``1378万``, ``1,200.5万元``."""
    whole = draw(_magnitudes())
    frac = draw(st.one_of(st.just(""), st.from_regex(r"\A[0-9]{1,4}\Z")))
    grouped = whole >= 1000 and draw(st.booleans())
    unit = draw(st.sampled_from((None, None, "万元", "万", "元")))
    number = str(whole) + (f".{frac}" if frac else "")
    raw = _digits(whole, grouped) + (f".{frac}" if frac else "") + (unit or "")
    return Cell(raw, Decimal(number), unit)


def empty_cells() -> SearchStrategy[Cell]:
    """A printed empty cell: no value, and never 0."""
    return st.just(Cell("", None, None))


def _dash_cells() -> SearchStrategy[Cell]:
    return st.sampled_from(DASHES).map(lambda d: Cell(d, None, None))


def _cell(column: str, damaged: bool) -> SearchStrategy[Cell]:
    if column in labels.AMOUNT_COLUMNS:
        filled = amounts()
    elif column in labels.SIGNED_COLUMNS:
        filled = signed_counts()
    else:
        filled = counts()
    options = [filled, filled, filled, empty_cells()]
    if damaged:
        options.append(_dash_cells())
    return st.one_of(options)


@st.composite
def _row_cells(
    draw: DrawFn, columns: Sequence[str], damaged: bool, any_columns: bool = False
) -> dict[str, Cell | None]:
    """The cells of one row; with ``damaged``, a row may be cut short (``None`` for what it does not print).

    Cut short means its last columns are missing — in printed order. Table 二 is read in the
    order its header prints the columns, so there (``any_columns``) any columns may be the missing ones.
    """
    printed = set(columns)
    if damaged and len(columns) > 1 and draw(st.integers(0, 4)) == 0:
        n = draw(st.integers(1, len(columns) - 1))  # a label with no cells is no row at all
        if any_columns:
            printed = set(draw(st.lists(st.sampled_from(list(columns)), min_size=n, max_size=n, unique=True)))
        else:
            printed = set(columns[:n])
    return {c: (draw(_cell(c, damaged)) if c in printed else None) for c in columns}


def _subset(draw: DrawFn, keys: Sequence[str]) -> list[str]:
    """All rows (as most reports print), a prefix (an excerpt cut short) or any non-empty subset."""
    how = draw(st.sampled_from(("all", "all", "prefix", "subset")))
    if how == "all":
        return list(keys)
    if how == "prefix":
        return list(keys[: draw(st.integers(1, len(keys)))])
    chosen = draw(st.lists(st.sampled_from(list(keys)), min_size=1, unique=True))
    return [k for k in keys if k in chosen]


# ------------------------------------------------------------------ tables
@st.composite
def active_disclosures(draw: DrawFn, fmt: Fmt, damaged: bool = False) -> ActiveDisclosure:
    """Table 二 of a format: the rows of the contract (docs/spec.md), each with the columns its block prints."""
    keys = [r.key for r in labels.ACTIVE_ROWS if (r.key, fmt) in labels.ACTIVE_SHAPES]
    rows: dict[str, Any] = {}
    for key in _subset(draw, keys):
        cls_name, columns = labels.ACTIVE_SHAPES[(key, fmt)]
        rows[key] = getattr(model, cls_name)(**draw(_row_cells(columns, damaged, any_columns=True)))
    return ActiveDisclosure(**rows)


@st.composite
def applications(draw: DrawFn, fmt: Fmt, damaged: bool = False) -> Applications:
    """Table 三 of a format (2019: one (六)其他处理 row; 2021: three)."""
    keys = [r.key for r in labels.APPLICATION_ROWS if fmt in r.formats]
    rows = {k: ApplicantCounts(**draw(_row_cells(labels.APPLICANT_KEYS, damaged))) for k in _subset(draw, keys)}
    return Applications(**rows)


@st.composite
def review_litigations(draw: DrawFn, damaged: bool = False) -> ReviewLitigation:
    """Table 四: fifteen cells, at least one of them not empty; ``damaged`` may cut the row short."""
    keys = [(g, o) for g in labels.REVIEW_GROUP_KEYS for o in labels.REVIEW_OUTCOME_KEYS]
    printed = len(keys)
    if damaged and draw(st.integers(0, 3)) == 0:
        printed = draw(st.integers(1, len(keys) - 1))
    cells = [draw(_cell(o, damaged)) for _g, o in keys[:printed]]
    if all(c.raw == "" for c in cells):
        i = draw(st.integers(0, printed - 1))
        cells[i] = draw(counts())
    groups: dict[str, Outcomes] = {}
    for gi, g in enumerate(labels.REVIEW_GROUP_KEYS):
        chunk = cells[gi * 5 : (gi + 1) * 5]
        if chunk:
            groups[g] = Outcomes(
                **{o: (chunk[oi] if oi < len(chunk) else None) for oi, o in enumerate(labels.REVIEW_OUTCOME_KEYS)}
            )
    return ReviewLitigation(**groups)


# ------------------------------------------------------------------ text
@st.composite
def agencies(draw: DrawFn) -> str:
    """An issuing body: 北京市财政局, 新疆维吾尔自治区应急管理厅, 商务部 …"""
    if draw(st.integers(0, 5)) == 0:
        return draw(st.sampled_from(MINISTRIES))
    return draw(st.sampled_from(PLACES)) + draw(st.sampled_from(BODIES))


@st.composite
def sentences(draw: DrawFn) -> str:
    """One sentence of report prose, ending in 。."""
    parts = draw(st.lists(st.sampled_from(CLAUSES), min_size=1, max_size=6))
    return draw(st.sampled_from(SUBJECTS)) + ",".join(parts) + "。"


@st.composite
def paragraphs(draw: DrawFn) -> str:
    """A paragraph line: one to four sentences (short lines and lines of hundreds of characters)."""
    return "".join(draw(st.lists(sentences(), min_size=1, max_size=4)))


@st.composite
def section_texts(draw: DrawFn, subheadings: bool = True, max_paragraphs: int = 4) -> str:
    """Paragraph lines, optionally under numbered sub-headings (一)…(五)."""
    lines: list[str] = []
    if subheadings and draw(st.booleans()):
        n = draw(st.integers(1, 5))
        official = draw(st.booleans())
        for i in range(n):
            title = OFFICIAL_SUBHEADINGS[i] if official else draw(st.sampled_from(SUBHEADINGS))
            lines.append(f"({labels.NUMERALS_CN[i + 1]}){title}")
            lines.extend(draw(st.lists(paragraphs(), min_size=1, max_size=2)))
    else:
        paras = draw(st.lists(paragraphs(), min_size=0, max_size=max_paragraphs))
        style = draw(st.sampled_from(("", "", "{i}.", "{i}、", "({i})")))  # 1.持续完善… (seed 003)
        lines.extend(style.format(i=i + 1) + p for i, p in enumerate(paras))
    return "\n".join(lines)


def _date_line(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _join(*parts: str) -> str:
    return "\n".join(p for p in parts if p)


# ------------------------------------------------------------------ the report
def _format_years(fmt: Fmt) -> SearchStrategy[int]:
    return st.integers(2019, 2020) if fmt == "2019" else st.integers(2021, 2030)


@st.composite
def _figures(draw: DrawFn) -> tuple[str, ProseFigures]:
    """A sentence stating figures, and the ProseFigures it states.

    A review or lawsuit count may be followed by its outcomes (行政复议3件,其中结果维持2件 …).
    """
    chosen = draw(st.lists(st.sampled_from(list(FIGURES)), unique=True, max_size=5))
    if not chosen:
        return "", ProseFigures()
    values = {k: draw(st.integers(0, 9_999_999)) for k in chosen}
    clauses = []
    for k in FIGURES:
        if k not in values:
            continue
        clauses.append(FIGURES[k].format(n=values[k]))
        if k in ("reviews", "lawsuits"):
            outcomes = draw(st.lists(st.sampled_from(list(OUTCOMES)), unique=True, max_size=4))
            for j, o in enumerate(o for o in OUTCOMES if o in outcomes):
                values[f"{k}_{o}"] = draw(st.integers(0, 9999))
                clauses.append(("其中" if j == 0 else "") + OUTCOMES[o].format(n=values[f"{k}_{o}"]))
    return FIGURES_LEAD + ",".join(clauses) + "。", ProseFigures(**values)


@st.composite
def reports(draw: DrawFn, formats: Sequence[Fmt] = ("2019", "2021"), damaged: bool = False) -> Report:
    """A whole report of the 2019 or 2021 format, as :func:`govinfo_report.parse` must read its canonical text.

    With ``damaged=True`` tables also hold dash cells and rows cut short: the
    parser reads them into the same records and reports each as a finding,
    which the drawn Report (``findings=()``) does not list.
    """
    fmt: Fmt = draw(st.sampled_from(list(formats)))
    year = draw(_format_years(fmt))
    agency = draw(agencies())
    has_title = draw(st.integers(0, 5)) > 0
    title = None
    if has_title:
        pattern = draw(
            st.sampled_from(
                (
                    "{a}{y}年政府信息公开工作年度报告",
                    "{a}{y}年度政府信息公开工作年度报告",
                    "{y}年{a}政府信息公开工作年度报告",
                    "{a}{y}年政府信息公开年度报告",
                )
            )
        )
        title = pattern.format(a=agency, y=year)
    period = f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
    published = draw(st.one_of(st.none(), st.dates(dt.date(year + 1, 1, 1), dt.date(year + 1, 12, 31))))
    preamble = _join(
        draw(st.sampled_from(("", "本报告根据《中华人民共和国政府信息公开条例》(以下简称《条例》)要求编制。"))),
        period if not has_title or draw(st.booleans()) else "",
    )
    # a report without a title may name its body in its opening sentence (2021年,X认真贯彻…)
    opening = ""
    if not has_title and draw(st.booleans()):
        opening = f"{year}年,{agency}认真贯彻落实《中华人民共和国政府信息公开条例》,进一步加强政务公开工作。"
    # the date may also stand under the title (the signature's date, when there is one)
    dated = published is not None and draw(st.integers(0, 4)) == 0
    if published is not None and dated:
        preamble = _join(_date_line(published), preamble)
    # tables, and what the report says when it has none
    active = draw(st.one_of(st.none(), active_disclosures(fmt, damaged)))
    apps = draw(st.one_of(st.none(), applications(fmt, damaged)))
    review = draw(st.one_of(st.none(), review_litigations(damaged)))
    none_apps = draw(st.sampled_from(NONE_APPLICATIONS)) if apps is None and draw(st.booleans()) else ""
    none_review = draw(st.sampled_from(NONE_REVIEW)) if review is None and draw(st.booleans()) else ""
    none_fees = draw(st.sampled_from(NONE_FEES)) if draw(st.integers(0, 4)) == 0 else ""
    figures, prose = draw(_figures())
    # headings: 一、总体情况 (most reports) or (一)总体情况 (seed 003); with the latter, paragraphs are
    # numbered 1. 2. rather than (一) (二), which would read as headings
    paren = draw(st.integers(0, 4)) == 0
    subs = not paren
    figures_in = draw(st.sampled_from((1, 1, 3)))  # figures in 总体情况, or before table 三
    texts = {
        1: _join(opening, draw(section_texts(subheadings=subs)), figures if figures_in == 1 else ""),
        2: _join(draw(section_texts(subheadings=False, max_paragraphs=1)), none_fees),
        3: none_apps
        or _join(draw(section_texts(subheadings=False, max_paragraphs=1)), figures if figures_in == 3 else ""),
        4: none_review or draw(section_texts(subheadings=False, max_paragraphs=1)),
        5: draw(section_texts(subheadings=subs)),
        6: draw(st.one_of(st.sampled_from(NOTHING), section_texts(subheadings=subs))),
    }
    if none_apps and figures_in == 3:
        texts[1] = _join(texts[1], figures)
    # a section declares none when it is the statement drawn for its table (docs/spec.md)
    stated = {3: bool(none_apps), 4: bool(none_review)}
    sections = []
    for n in range(1, 7):
        numeral = labels.NUMERALS_CN[n]
        label = draw(st.sampled_from(HEADINGS[n])) + draw(st.sampled_from(("", "", "", "。")))
        heading = f"({numeral}){label}" if paren else f"{numeral}、{label}"
        sections.append(Section(n, labels.SECTION_BY_NUMBER[n].kind, heading, texts[n], stated.get(n, False)))
    declared = tuple(
        k
        for k, said, table in (
            ("applications", none_apps, apps),
            ("fees", none_fees, None),
            ("review_litigation", none_review, review),
        )
        if said and table is None
    )
    # the signature: the agency as in the title, a shorter form, or none; then the date
    signed_by = None
    if published is not None:
        forms = [agency, None, f"中共{agency[:3]}委员会办公室 {agency}"]  # a joint report signs twice
        short = agency.split("省")[-1].split("市")[-1]
        if short != agency and len(short) >= 2:
            forms.append(short)
        signed_by = draw(st.sampled_from(forms))
    # the agency the text names: the title's or the opening sentence's, or a longer signature that contains it
    named = agency if has_title or opening else None
    if signed_by and " " not in signed_by and (named is None or (named in signed_by and len(signed_by) > len(named))):
        named = signed_by
    return Report(
        title=title,
        agency=named,
        year=year,
        published=published,
        format=fmt,
        preamble=preamble,
        sections=tuple(sections),
        active_disclosure=active,
        applications=apps,
        review_litigation=review,
        signed_by=signed_by,
        declared_none=declared,
        prose=prose,
    )


# ------------------------------------------------------------------ notices about the reports
#: What the General Office's notices about the reports are about (关于…的通知).
NOTICE_TOPICS = (
    "政府信息公开工作年度报告有关事项",
    "做好{y}年政府信息公开工作年度报告编制和发布工作",
    "印发《中华人民共和国政府信息公开工作年度报告格式》",
    "进一步做好政府信息公开工作年度报告发布工作",
)
#: Issuing offices (a notice names its issuer above its title, or fused with it).
NOTICE_ISSUERS = ("国务院办公厅政府信息与政务公开办公室", "某某省人民政府办公厅", "某某市政务公开领导小组办公室")
NOTICE_ADDRESSEES = (
    "各省、自治区、直辖市人民政府办公厅,国务院各部委、各直属机构办公厅(室):",
    "各县(区)人民政府办公室,市直各部门:",
)
NOTICE_INSTRUCTIONS = ("抓紧部署", "严格把关", "按时发布", "加强指导", "报告内容")


@st.composite
def notices(draw: DrawFn) -> tuple[str, str]:
    """The text of a notice about the annual reports (not a report), and its issuer.

    A 国办公开办函-style notice as pages carry it: the issuer (on the line above the title, or fused
    with it), the title 关于…的通知, a 文章来源 / 发布时间 line, the document number, the addressees,
    numbered instructions, and the issuer and date as its signature (or no signature).
    """
    year = draw(st.integers(2016, 2030))
    issuer = draw(st.sampled_from(NOTICE_ISSUERS))
    title = "关于" + draw(st.sampled_from(NOTICE_TOPICS)).format(y=year) + "的通知"
    issued = draw(st.dates(dt.date(year, 1, 1), dt.date(year, 12, 31)))
    lines = [issuer, title] if draw(st.booleans()) else [issuer + title]
    if draw(st.booleans()):
        lines.append(f"文章来源:中国政府网 发布时间:{issued.isoformat()}")
    lines.append(f"国办公开办函〔{year}〕{draw(st.integers(1, 200))}号")
    lines.append(draw(st.sampled_from(NOTICE_ADDRESSEES)))
    lines.append(draw(paragraphs()))
    picked = draw(st.lists(st.sampled_from(NOTICE_INSTRUCTIONS), min_size=1, max_size=4, unique=True))
    for i, head in enumerate(picked):
        lines.append(f"{labels.NUMERALS_CN[i + 1]}、{head}")
        lines.append(draw(paragraphs()))
    if draw(st.booleans()):
        lines.extend([issuer, _date_line(issued)])
    return "\n".join(lines) + "\n", issuer
