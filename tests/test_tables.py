"""Table reading: label variants, number formats, truncation, mixed formats (issue 3)."""

from __future__ import annotations

from decimal import Decimal

import pytest

import govinfo_report as g
from govinfo_report import labels

HEAD = "测试局{year}年政府信息公开工作年度报告\n一、总体情况\n本年度我局做好公开工作。\n"
S2 = "二、主动公开政府信息情况\n"
S3 = "三、收到和处理政府信息公开申请情况\n"
S4 = "四、政府信息公开行政复议、行政诉讼情况\n"


def values(row: object) -> list[object]:
    """The values of a row's cells in column order (None for a missing or empty cell)."""
    return [None if c is None else c.value for c in _cells(row)]


def _cells(row: object) -> list[g.Cell | None]:
    return [getattr(row, a.name) for a in type(row).__attrs_attrs__]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("label", "key"),
    [
        ("行政规范性文件", "normative_documents"),
        ("规范性文件", "normative_documents"),
        ("規範性檔案", "normative_documents"),
        ("规章(设区的市、自治州人民政府应提供相关数据)", "regulations"),
        ("1、规章", "regulations"),
    ],
)
def test_active_row_label_variants(label: str, key: str) -> None:
    text = (
        HEAD.format(year=2022)
        + S2
        + "第二十条第(一)项 | |||\n信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n"
    )
    text += f"{label} | 4 | 5 | 6 |\n"
    r = g.parse(text)
    assert values(getattr(r.active_disclosure, key)) == [4, 5, 6]


@pytest.mark.parametrize(
    "block",
    ["第二十条第(一)项", "第二十条(一)项", "第二十条  第(一)项", "第二十條第(一)項", "第二十条第（一）项"],
)
def test_block_label_variants(block: str) -> None:
    text = (
        HEAD.format(year=2022)
        + S2
        + f"{block} | |||\n信息内容 | 本年(2022)制发件数 | 本年废止件数 | 现行有效件数 (历史累计) |\n"
    )
    text += "规章 | 1 | 2 | 3 |\n"
    r = g.parse(text)
    assert type(r.active_disclosure.regulations).__name__ == "DocumentCounts2021"
    assert values(r.active_disclosure.regulations) == [1, 2, 3]


@pytest.mark.parametrize(
    ("label", "key"),
    [
        ("2.其他法律行政法规禁止公开", "withheld_prohibited_by_law"),
        ("2.其他法律行政止公开", "withheld_prohibited_by_law"),  # typo seen in a real report
        ("2、其他法律行政法规禁止公开", "withheld_prohibited_by_law"),
        ("3.危及“三安全一稳定”", "withheld_security_stability"),
        ('3.危及"三安全一稳定"', "withheld_security_stability"),
        ("3.危及'三安全一稳定'", "withheld_security_stability"),
        ("3.危及三安全一稳定", "withheld_security_stability"),
    ],
)
def test_application_row_label_variants(label: str, key: str) -> None:
    text = HEAD.format(year=2022) + S3 + f"(三)不予公开 | {label} | 1 | 2 | 3 | 4 | 5 | 6 | 21 |\n"
    r = g.parse(text)
    assert values(getattr(r.applications, key)) == [1, 2, 3, 4, 5, 6, 21]


@pytest.mark.parametrize(
    ("raw", "value", "unit"),
    [
        ("+2", 2, None),
        ("-417", -417, None),
        ("－3", -3, None),
        ("减4", -4, None),
        ("增加5", 5, None),
        ("1,234", 1234, None),
        ("１２", 12, None),
        ("12件", 12, None),
        ("? 0", 0, None),
        ("?12", 12, None),
    ],
)
def test_signed_and_annotated_counts(raw: str, value: int, unit: str | None) -> None:
    text = HEAD.format(year=2020) + S2 + "第二十条第(五)项 |\n信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |\n"
    text += f"行政许可 | 10 | {raw} | 7 |\n"
    r = g.parse(text)
    cell = r.active_disclosure.licensing.change
    assert (cell.value, cell.unit) == (value, unit)
    assert cell.raw.strip()


@pytest.mark.parametrize(
    ("raw", "value", "unit"),
    [
        ("3405820元", Decimal("3405820"), "元"),
        ("113.96万元", Decimal("113.96"), "万元"),
        ("52.15", Decimal("52.15"), None),
        ("1378万", Decimal("1378"), "万"),
    ],
)
def test_amounts_keep_decimal_and_unit(raw: str, value: Decimal, unit: str | None) -> None:
    text = HEAD.format(year=2020) + S2 + "第二十条第(九)项 |\n信息内容 | 采购项目数量 | 采购总金额 |\n"
    text += f"政府集中采购 | 9 | {raw} |\n"
    r = g.parse(text)
    amount = r.active_disclosure.procurement.amount
    assert (amount.value, amount.unit, amount.raw) == (value, unit, raw)
    assert r.to_dict()["active_disclosure"]["procurement"]["amount"]["value"] == str(value)


@pytest.mark.parametrize("mark", ["-", "_", "/", "—", "无", ""])
def test_dashes_and_blanks_are_empty_not_zero(mark: str) -> None:
    text = HEAD.format(year=2020) + S2 + "第二十条第(六)项 |\n信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |\n"
    text += f"行政强制 | 4 | 4 | {mark} |\n"
    r = g.parse(text)
    cell = r.active_disclosure.coercion.decisions
    assert cell is not None and cell.value is None and cell.raw == mark
    assert values(r.active_disclosure.coercion)[:2] == [4, 4]
    if mark:
        assert any(f.code == "cell-dash" for f in r.findings)


def test_truncated_table_keeps_what_is_there_and_marks_the_rest_missing() -> None:
    text = HEAD.format(year=2022) + S3 + "一、本年新收政府信息公开申请数量 | 25 | 1 | 0 | 0 | 0 | 0 | 26 |\n"
    text += "二、上年结转政府信息公开申请数量 | 3 | 0 | 0"
    r = g.parse(text)
    assert values(r.applications.new_received) == [25, 1, 0, 0, 0, 0, 26]
    assert values(r.applications.carried_over) == [3, 0, 0, None, None, None, None]
    assert r.applications.carried_over.legal_service_org is None  # missing, not an empty cell
    assert r.applications.granted is None
    assert any(f.code == "row-truncated" and f.row == "carried_over" for f in r.findings)


def test_short_row_never_borrows_the_next_rows_values() -> None:
    text = HEAD.format(year=2022) + S2 + "第二十条第(一)项 |\n信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n"
    text += "规章 | 1 |\n行政规范性文件 | 7 | 8 | 9 |\n"
    r = g.parse(text)
    assert values(r.active_disclosure.regulations) == [1, None, None]
    assert values(r.active_disclosure.normative_documents) == [7, 8, 9]
    assert any(f.code == "row-truncated" and f.row == "regulations" for f in r.findings)


def test_unknown_row_values_are_skipped() -> None:
    text = (
        HEAD.format(year=2020)
        + S2
        + "第二十条第(一)项 |\n信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |\n"
    )
    text += "规范性文件 | 2 | 2 | 19 |\n其他主动公开文件 | 186 | 86 | 255 |\n规章 | 0 | 0 | 0 |\n"
    r = g.parse(text)
    assert values(r.active_disclosure.normative_documents) == [2, 2, 19]
    assert values(r.active_disclosure.regulations) == [0, 0, 0]


def test_values_under_a_group_without_row_labels_are_not_attributed() -> None:
    # m021: (三)不予公开 followed by a bare run of values, its row labels missing
    text = HEAD.format(year=2020) + S3 + "(二)部分公开 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n(三)不予公开 |\n" + "0 |\n" * 21
    text += "(四)无法提供 | 1.本机关不掌握相关政府信息 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |\n"
    r = g.parse(text)
    assert r.applications.withheld_state_secret is None
    assert values(r.applications.unavailable_not_held) == [2, 0, 0, 0, 0, 0, 2]
    assert any(f.code == "values-unattributed" for f in r.findings)


def test_other_processing_is_a_row_in_2019_and_a_group_in_2021() -> None:
    t2019 = (
        HEAD.format(year=2020)
        + S3
        + "(六)其他处理 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n(七)总计 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n"
    )
    r = g.parse(t2019)
    assert values(r.applications.other) == [1, 0, 0, 0, 0, 0, 1]
    assert r.format == "2019"
    t2021 = (
        HEAD.format(year=2022)
        + S3
        + "(六)其他处理 | 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n"
    )
    t2021 += "3.其他 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |\n"
    r = g.parse(t2021)
    assert r.applications.other is None
    assert values(r.applications.other_no_correction) == [1, 0, 0, 0, 0, 0, 1]
    assert values(r.applications.other_misc) == [2, 0, 0, 0, 0, 0, 2]
    assert r.format == "2021"


def test_mixed_formats_read_each_block_with_its_own_columns() -> None:
    # a 2022 report: 2019 columns in 第二十条第(一)项, 2021 rows elsewhere
    text = HEAD.format(year=2022) + S2
    text += "第二十条第(一)项 |\n信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |\n规章 | 1 | 2 | 3 |\n"
    text += "第二十条第(五)项 |\n信息内容 | 本年处理决定数量 |\n行政许可 | 15 |\n"
    r = g.parse(text)
    assert type(r.active_disclosure.regulations).__name__ == "DocumentCounts2019"
    assert values(r.active_disclosure.regulations) == [1, 2, 3]
    assert type(r.active_disclosure.licensing).__name__ == "Decisions2021"
    assert values(r.active_disclosure.licensing) == [15]
    assert any(f.code == "format-mixed" for f in r.findings)


def test_format_comes_from_the_table_headers_not_the_year() -> None:
    # a 2022 report printed on the 2019 template
    text = (
        HEAD.format(year=2022)
        + S2
        + "第二十条第(五)项 |\n信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |\n行政许可 | 6 | 减4 | 2 |\n"
    )
    r = g.parse(text)
    assert (r.year, r.format) == (2022, "2019")
    assert values(r.active_disclosure.licensing) == [6, -4, 2]


def test_review_table_in_pdf_text_with_stacked_headers() -> None:
    text = HEAD.format(year=2022) + S4 + "行政复议 行政诉讼\n未经复议直接起诉 复议后起诉\n"
    text += "结 结 其 尚 总 结 结 其 尚 总 结 结 其 尚 总\n果 果 他 未 计 果 果 他 未 计 果 果 他 未 计\n- 5 -\n"
    text += "1 0 2 0 3 0 0 0 1 1 0 0 0 0 0\n五、存在的主要问题及改进情况\n无\n"
    r = g.parse(text)
    assert values(r.review_litigation.review) == [1, 0, 2, 0, 3]
    assert values(r.review_litigation.direct_suit) == [0, 0, 0, 1, 1]
    assert values(r.review_litigation.post_review_suit) == [0, 0, 0, 0, 0]


def test_row_label_and_numbers_on_separate_pdf_lines() -> None:
    text = (
        HEAD.format(year=2022)
        + S3
        + "一、本年新收政府信息公开申请数量\n4 0 0 0 1 0 5\n二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0\n"
    )
    text += "四、结转下年度继续办理 1 0 0 0 0 0 1\n" + S4
    r = g.parse(text)
    assert values(r.applications.new_received) == [4, 0, 0, 0, 1, 0, 5]
    assert values(r.applications.carried_forward) == [1, 0, 0, 0, 0, 0, 1]
    assert [s.number for s in r.sections] == [1, 3, 4]  # 四、结转… is a row, 四、政府信息公开… a heading


@pytest.mark.parametrize("sep", [" ", "\t"], ids=["pdf", "tab"])
def test_group_labels_fused_with_their_first_row(sep: str) -> None:
    """PDF text and tab-separated rows print a group label and its first row on one line, the
    group label even broken in two (三、本年度 / 办理结果): each row still gets its values."""
    rows = [
        "申请人情况",
        "一、本年新收政府信息公开申请数量 7 1 0 0 0 0 8",
        "三、本年度 (一)予以公开 3 1 0 0 0 0 4",
        "办理结果 (二)部分公开(区分处理的,只计这一情形,不计其他",
        "情形) 1 0 0 0 0 0 1",
        "(三)不予公开 1.属于国家秘密 0 0 0 0 0 0 0",
        "(六)其他处理 3.其他 2 0 0 0 0 0 2",
        "(七)总计 6 1 0 0 0 0 7",
    ]
    text = HEAD.format(year=2022) + S3 + "\n".join(r.replace(" ", sep) for r in rows) + "\n" + S4
    r = g.parse(text)
    a = r.applications
    assert values(a.granted) == [3, 1, 0, 0, 0, 0, 4]
    assert values(a.partially_granted) == [1, 0, 0, 0, 0, 0, 1]
    assert values(a.withheld_state_secret) == [0] * 7
    assert values(a.other_misc) == [2, 0, 0, 0, 0, 0, 2]
    assert values(a.total_processed) == [6, 1, 0, 0, 0, 0, 7]
    assert not r.findings


def test_short_pdf_rows_are_placed_only_where_evidence_says() -> None:
    """PDF text drops empty cells, so a short row's numbers do not say their columns. Only evidence
    places them: a last number that is the sum of the others is the 总计 (the others stay unread).
    Anything else stays ``None`` with a finding, never a guess — also the last row of the text: an
    excerpt cut mid-row and a row that dropped its empty cells print the same. Pipe rows, which print
    their empty cells, are read in order."""
    rows = [
        "申请人情况",
        "一、本年新收政府信息公开申请数量 25 25",
        "二、上年结转政府信息公开申请数量 3 1 4",
        "三、本年度办理结果 (一)予以公开 7 2",
        "(二)部分公开(区分处理的,只计这一情形,不计其他情形) 1 1",
        "(三)不予公开 1.属于国家秘密 2 8",
    ]
    r = g.parse(HEAD.format(year=2022) + S3 + "\n".join(rows) + "\n")
    a = r.applications
    assert values(a.new_received) == [None, None, None, None, None, None, 25]
    assert values(a.carried_over) == [None, None, None, None, None, None, 4]
    assert a.granted is None  # 7 and 2: no column is certain
    assert values(a.partially_granted) == [None, None, None, None, None, None, 1]  # 1 1: the sum pins 总计
    assert a.withheld_state_secret is None  # the last row of the text, 2 and 8: no column is certain either
    codes = [(f.code, f.row) for f in r.findings]
    assert ("row-short", "new_received") in codes and ("row-short", "carried_over") in codes
    assert ("row-ambiguous", "granted") in codes and ("row-ambiguous", "withheld_state_secret") in codes
    piped = g.parse(
        HEAD.format(year=2022)
        + S3
        + "一、本年新收政府信息公开申请数量 | 25 | 25 |\n二、上年结转政府信息公开申请数量 | 0 |\n"
    )
    assert values(piped.applications.new_received) == [25, 25, None, None, None, None, None]


def test_label_table_is_the_one_source_of_labels() -> None:
    # every SPEC key of table 三 has exactly one label entry, in printed order
    keys = [r.key for r in labels.APPLICATION_ROWS]
    assert len(keys) == len(set(keys)) == 26
    assert [f.name for f in g.Applications.__attrs_attrs__] == keys  # type: ignore[attr-defined]
    assert [c.key for c in labels.APPLICANT_COLUMNS] == [f.name for f in g.ApplicantCounts.__attrs_attrs__]  # type: ignore[attr-defined]


def test_page_break_inside_a_pdf_row() -> None:
    text = (
        HEAD.format(year=2022)
        + S3
        + "一、本年新收政府信息公开申请数量 4 0 0\n- 3 -\n测试局2022年政府信息公开工作年度报告\n0 1 0 5\n"
    )
    text += "二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0\n"
    r = g.parse(text)
    assert values(r.applications.new_received) == [4, 0, 0, 0, 1, 0, 5]
    assert not r.findings


def test_header_repeated_on_the_next_page_is_not_a_row() -> None:
    text = HEAD.format(year=2022) + S3 + "一、本年新收政府信息公开申请数量 | 4 | 0 | 0 | 0 | 1 | 0 | 5 |\n"
    text += "自然人 | 法人或其他组织 | 总计 |\n商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |\n"
    text += "二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n(七)总计 | 4 | 0 | 0 | 0 | 1 | 0 | 5 |\n"
    r = g.parse(text)
    assert values(r.applications.total_processed) == [4, 0, 0, 0, 1, 0, 5]
    assert values(r.applications.carried_over) == [0] * 7
    assert not r.findings


def test_empty_template_gives_no_rows() -> None:
    text = (
        HEAD.format(year=2020)
        + S2
        + "第二十条第(一)项\n信息内容\n本年新制作数量\n本年新公开数量\n对外公开总数量\n规章\n规范性文件\n"
    )
    text += "第二十条第(五)项\n行政许可\n其他对外管理服务事项\n"
    r = g.parse(text)
    assert r.active_disclosure is None


def test_excerpt_opening_with_a_plain_table_before_any_heading() -> None:
    """An excerpt cut so that it starts inside section 二, its table a cell per line with no pipes
    (as v015 would arrive through a plain-text extractor): the table is read, not set aside."""
    cells = [
        "第二十条第(一)项",
        "信息内容",
        "本年新制作数量",
        "本年新公开数量",
        "对外公开总数量",
        "规章",
        "0",
        "0",
        "0",
        "规范性文件",
        "2",
        "2",
        "19",
    ]
    text = "现将我局2020年度政府信息公开情况报告如下。\n" + "\n\n".join(cells) + "\n"
    r = g.parse(text)
    assert values(r.active_disclosure.normative_documents) == [2, 2, 19]
    assert r.format == "2019" and r.year == 2020


def test_stray_question_mark_apart_from_its_number_in_pdf_rows() -> None:
    """m011 prints "? 0" (a mis-decoded space) in a pipe cell; PDF text leaves the "?" as a word of its own."""
    text = (
        HEAD.format(year=2022)
        + S2
        + "第二十条第(一)项\n信息内容 本年制发件数 本年废止件数 现行有效件数\n规章 0 ? 0 4\n"
    )
    assert values(g.parse(text).active_disclosure.regulations) == [0, 0, 4]
