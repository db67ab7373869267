"""Adapters: files as users get them (saved pages, PDF, Word, Markdown, stdin) → the same records.

The reference for every synthetic format is ``fixtures/adapters/report-2021.txt``, the
pipe-text form of one report: the saved web page, the GBK page, a Word file and a PDF
laid out from the same numbers must give the same tables. The real saved pages and
PDFs of ../shared/corpus are compared with their gold values cell by cell.
"""

from __future__ import annotations

import email.encoders
import email.mime.base
import email.mime.multipart
import io
import json
import os
import re
import stat
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.shared import Pt

import govinfo_report as g
from conftest import corpus_dir, load_gold
from govinfo_report import adapters, cli
from govinfo_report.errors import AdapterError, MissingExtraError
from govinfo_report.html_adapter import declared_charset, decode_html, html_to_text, markup_from_script

HERE = Path(__file__).resolve().parent
FIX = HERE / "fixtures" / "adapters"
TABLES = ("active_disclosure", "applications", "review_litigation")
META = ("title", "agency", "year", "published", "format")


# ------------------------------------------------------------------ helpers
def records(report: g.Report) -> dict[str, Any]:
    """What a user builds a dataset on: the metadata and the three tables."""
    d = report.to_dict()
    return {k: d[k] for k in (*META, *TABLES)}


def reference() -> dict[str, Any]:
    return records(g.parse((FIX / "report-2021.txt").read_text(encoding="utf-8")))


def _same(gold: Any, got: Any) -> bool:
    if gold is None:
        return got is None
    if got is None:
        return False
    if isinstance(gold, str) or isinstance(got, str):
        return Decimal(str(gold)) == Decimal(str(got))
    return bool(gold == got)


def gold_misses(gold: dict[str, Any], got: dict[str, Any]) -> tuple[int, list[tuple[str, Any, Any]]]:
    """(cells compared, cells that differ): every table leaf of the gold, a null must come back null."""
    misses: list[tuple[str, Any, Any]] = []
    count = 0

    def walk(gnode: Any, rnode: Any, path: str) -> None:
        nonlocal count
        if isinstance(gnode, dict):
            for k, v in gnode.items():
                walk(v, rnode.get(k) if isinstance(rnode, dict) else None, f"{path}.{k}")
            return
        count += 1
        value = rnode.get("value") if isinstance(rnode, dict) else None
        if not _same(gnode, value):
            misses.append((path, gnode, value))

    for table in TABLES:
        if gold.get(table) is None:
            if got.get(table) is not None:
                misses.append((table, None, "a table"))
            continue
        walk(gold[table], got.get(table) or {}, table)
    return count, misses


# ------------------------------------------------------------------ the reference itself
def test_reference_text_is_a_complete_report() -> None:
    ref = reference()
    assert ref["format"] == "2021" and ref["year"] == 2023
    assert ref["applications"]["new_received"]["total"]["value"] == 48
    assert ref["applications"]["new_received"]["research_institution"]["value"] is None
    assert ref["review_litigation"]["post_review_suit"]["total"]["value"] == 1
    assert ref["active_disclosure"]["fees"]["amount"]["value"] == "1.25"


# ------------------------------------------------------------------ HTML
def test_html_page_gives_the_records_of_its_pipe_text() -> None:
    assert records(g.parse_file(FIX / "report-2021.html")) == reference()


def test_html_table_cells_are_emitted_once_in_document_order() -> None:
    text = adapters.load_text(FIX / "report-2021.html")
    lines = text.splitlines()
    # rowspan="22" label once, on its first row, beside the first child (colspan=2)
    assert "三、本年度办理结果 | （一）予以公开 | 20 | 3 |  | 0 | 2 | 0 | 25 |" in lines
    # the next rows do not repeat it, and an empty (&nbsp; + <o:p>) cell is empty between pipes
    assert "（二）部分公开（区分处理的，只计这一情形，不计其他情形） | 5 | 1 |  | 0 | 0 | 0 | 6 |" in lines
    assert "（三）不予公开 | 1.属于国家秘密 | 0 | 0 |  | 0 | 0 | 0 | 0 |" in lines
    assert "2.其他法律行政法规禁止公开 | 1 | 0 |  | 0 | 0 | 0 | 1 |" in lines
    # colspan headers once each
    assert "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 申请人情况 |" in lines
    assert "自然人 | 法人或其他组织 | 总计 |" in lines
    assert "行政许可 | 15 |" in lines
    # Word splits words across <span>s: they are joined without a space
    assert "一、总体情况" in lines
    assert text.count("|") == (FIX / "report-2021.txt").read_text(encoding="utf-8").count("|")


def test_html_page_chrome_is_dropped() -> None:
    text = adapters.load_text(FIX / "report-2021.html")
    for chrome in (
        "脚本写出的文字",
        "在脚本里",
        "分享到",
        "版权所有",
        "首页",
        "隐藏的文字",
        "2025年12月30日",
        "相关链接",
        "字号",
        "打印",
        "ICP",
        "索引号",
        "2099",
    ):
        assert chrome not in text, chrome
    assert text.splitlines()[0] == "测试县发展和改革局2023年政府信息公开工作年度报告"  # the <h1> above the body
    assert text.rstrip().endswith("测试县发展和改革局\n2024年1月20日")


def test_chrome_class_around_the_whole_article_does_not_drop_it() -> None:
    page = (FIX / "report-2021.html").read_text(encoding="utf-8")
    page = page.replace('class="TRS_Editor" id="zoom"', 'class="TRS_Editor print-area"')
    assert records(g.parse(html_to_text(page))) == reference()


def test_tables_beside_the_text_container_are_kept_and_link_lists_dropped() -> None:
    page = """<html><body><div class=nav><a href=/>首页</a> <a href=/x>政务公开</a></div>
<div class=wrap><h1>某局2023年政府信息公开工作年度报告</h1>
<div class=text><p>一、总体情况</p><p>2023年，我局认真贯彻落实《条例》，全年主动公开信息120条，受理申请3件，均按时答复。</p>
<p>二、主动公开政府信息情况</p></div>
<table border=1><tr><td colspan=4>第二十条第（一）项</td></tr>
<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>
<tr><td>规章</td><td>0</td><td>0</td><td>1</td></tr><tr><td>行政规范性文件</td><td>2</td><td>&nbsp;</td><td>9</td></tr></table>
<div class=text2><p>三、收到和处理政府信息公开申请情况</p><p>本年度未收到政府信息公开申请。</p></div>
<ul class=list><li><a href=/a>某局2022年政府信息公开工作年度报告</a></li><li><a href=/b>某局2021年报告</a></li></ul>
</div><div class=footer>版权所有</div></body></html>"""
    text = html_to_text(page)
    assert "行政规范性文件 | 2 |  | 9 |" in text.splitlines()
    assert "2022年" not in text and "首页" not in text and "版权所有" not in text
    report = g.parse(text)
    assert report.active_disclosure.normative_documents.in_force.value == 9
    assert report.active_disclosure.normative_documents.repealed.value is None


OTHER_2019 = """<table border=1>
<tr><td colspan=3>（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><td colspan=7>申请人情况</td></tr>
<tr><td colspan=3>一、本年新收政府信息公开申请数量</td><td>2</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td><td>3</td></tr>
<tr><td rowspan={rs}>三、本年度办理结果</td><td colspan=2>（一）予以公开</td><td>2</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td><td>3</td></tr>
<tr><td>（六）其他处理</td><td>&nbsp;</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>&nbsp;</td><td>0</td></tr>
<tr><td colspan=2>（七）总计</td><td>2</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td><td>3</td></tr>
</table>"""


@pytest.mark.parametrize("rowspan", ["3", '\\"3\\"'])
def test_empty_sub_label_slot_is_not_a_value(rowspan: str) -> None:
    """（六）其他处理 printed with an empty cell where the 2021 form has sub-labels: that cell lies
    left of the value columns and is omitted; the empty value cell (其他) stays empty. A span
    written with escaped quotes (a page held in a script) still counts."""
    page = (
        "<html><body><p>某局2019年政府信息公开工作年度报告</p><p>三、收到和处理政府信息公开申请情况</p>"
        + OTHER_2019.format(rs=rowspan)
        + "</body></html>"
    )
    lines = html_to_text(page).splitlines()
    assert "（六）其他处理 | 0 | 0 | 0 | 0 | 0 |  | 0 |" in lines
    other = g.parse("\n".join(lines)).applications.other
    assert (other.natural_person.value, other.other_org.value, other.total.value) == (0, None, 0)
    import bs4

    from govinfo_report.html_adapter import _positioned

    table = bs4.BeautifulSoup(OTHER_2019.format(rs=rowspan), "lxml").table
    rows = _positioned(table, bs4)
    assert rows[3][:2] == [(1.0, 2.0, "（六）其他处理"), (2.0, 3.0, "")]  # pushed right by the rowspan above
    assert rows[4][0] == (1.0, 3.0, "（七）总计")


def test_gbk_page_decodes_by_its_meta_charset_and_parses() -> None:
    data = (FIX / "report-gbk.html").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert declared_charset(data) == "gb18030"  # gb2312 pages use GBK characters: decoded as the superset
    report = g.parse_file(FIX / "report-gbk.html")
    rec = records(report)
    assert rec["agency"] == "测试县堃山镇人民政府"  # 堃 is GBK, not GB2312
    assert rec["title"] == "测试县堃山镇人民政府2023年政府信息公开工作年度报告"
    ref = reference()
    for table in TABLES:
        assert rec[table] == ref[table]


def test_gbk_page_body_is_found_inside_layout_tables() -> None:
    text = adapters.load_text(FIX / "report-gbk.html")
    assert "您现在的位置" not in text and "技术支持" not in text and "在线访谈" not in text
    assert "浏览次数" not in text


def test_charset_precedence() -> None:
    page = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=GB2312"></head><body><p>报告</p>'
    assert decode_html(page.encode("gbk")).endswith("<p>报告</p>")
    # a browser re-saved the page as UTF-8 and kept the old meta: the bytes win
    assert decode_html(page.encode("utf-8")).endswith("<p>报告</p>")
    assert decode_html(b"\xef\xbb\xbf" + page.encode("utf-8")).startswith("<html>")
    assert declared_charset(b'<meta charset="big5">') == "big5hkscs"
    assert declared_charset(b'<?xml version="1.0" encoding="gbk"?><html>') == "gb18030"
    assert declared_charset(b"<html><p>no charset</p>") is None


def test_html_held_in_a_javascript_string() -> None:
    """A site that serves the article as a script: ``let content = "…"`` with escaped quotes."""
    page = (FIX / "report-2021.html").read_text(encoding="utf-8")
    start, end = page.index("<div class=WordSection1"), page.index("</body>")
    inner = page[start:end]
    escaped = inner.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    script = (
        'var menus = [{"name": "首页", "url": "/"}, {"name": "政务公开", "url": "/zwgk"}];\n'
        'var leaders = ["a.jpg", "b.jpg"];\n'
        f"let content = \"<p style='text-align: center'>测试县发展和改革局2023年政府信息公开工作年度报告</p>{escaped}\";\n"
    )
    assert markup_from_script(script) is not None
    assert adapters.sniff(script.encode("utf-8"), "content.js") == "html"
    got = records(g.parse(adapters.text_from_bytes(script.encode("utf-8"), "content.js")))
    ref = reference()
    for table in TABLES:
        assert got[table] == ref[table]
    assert got["title"] == ref["title"]


def test_saved_web_archive_mht() -> None:
    """A saved web archive (.mht): the HTML part labelled gb2312 holds GBK bytes, as IE saved them."""
    msg = email.mime.multipart.MIMEMultipart("related")
    part = email.mime.base.MIMEBase("text", "html", charset="gb2312")
    part.set_payload((FIX / "report-gbk.html").read_bytes())
    email.encoders.encode_base64(part)
    msg.attach(part)
    data = msg.as_bytes()
    assert adapters.sniff(data, "report.mht") == "mht"
    got = records(g.parse(adapters.text_from_bytes(data)))
    assert got["agency"] == "测试县堃山镇人民政府"
    assert got["applications"] == reference()["applications"]


def test_content_decides_not_the_extension(tmp_path: Path) -> None:
    page = tmp_path / "report.txt"  # a saved page with a .txt name
    page.write_bytes((FIX / "report-2021.html").read_bytes())
    assert records(g.parse_file(page)) == reference()
    text = tmp_path / "report.html"  # plain text with an .html name
    text.write_bytes((FIX / "report-2021.txt").read_bytes())
    assert adapters.sniff(text.read_bytes(), str(text)) == "text"
    assert records(g.parse_file(text)) == reference()
    word_html = tmp_path / "report.doc"  # Word's "save as web page" kept the .doc name
    word_html.write_bytes(
        b'<html xmlns:o="urn:schemas-microsoft-com:office:office">' + (FIX / "report-2021.html").read_bytes()
    )
    assert adapters.sniff(word_html.read_bytes(), str(word_html)) == "html"


# ------------------------------------------------------------------ corpus: saved pages and PDFs
def _corpus_files(sub: str, ext: str) -> list[str]:
    names = ["shanghai-bgt-2019", "shuyang-fgj-2023"] if sub == "html" else ["hongze-2023", "hongze-2024", "szfgs-2024"]
    return [f"{n}.{ext}" for n in names]


@pytest.mark.corpus
@pytest.mark.parametrize("name", _corpus_files("html", "html") + _corpus_files("pdf", "pdf"))
def test_corpus_file_matches_its_gold(name: str) -> None:
    folder = corpus_dir("html" if name.endswith(".html") else "pdf")
    path = folder / name
    gold = load_gold(folder / (path.stem + ".gold.json"))
    got = g.parse_file(path).to_dict()
    count, misses = gold_misses(gold, got)
    assert count >= 180
    assert misses == []
    for key in META:
        assert got[key] == gold[key], key
    declared = sorted(s["kind"] for s in got["sections"] if s["declared_none"])
    assert declared == sorted(gold.get("declared_none", []))


@pytest.mark.corpus
def test_hongze_single_other_row_and_szfgs_numbering() -> None:
    folder = corpus_dir("pdf")
    hongze = g.parse_file(folder / "hongze-2023.pdf").to_dict()["applications"]
    assert hongze["other"]["natural_person"]["value"] == 0
    assert hongze.get("other_no_correction") is None
    szfgs = g.parse_file(folder / "szfgs-2024.pdf").to_dict()["applications"]
    assert szfgs["other_no_correction"]["total"]["value"] == 71
    assert szfgs["other_unpaid_fee"]["total"]["value"] == 6
    assert szfgs["other_misc"]["total"]["value"] == 110


@pytest.mark.corpus
def test_pdf_text_has_no_page_numbers_and_joined_tables() -> None:
    folder = corpus_dir("pdf")
    text = adapters.load_text(folder / "szfgs-2024.pdf")
    lines = text.splitlines()
    assert not any(line.strip().startswith("- ") and line.strip().endswith(" -") for line in lines)
    # the group label cut by the page break between p4 and p5 is one cell again
    assert any(line.startswith("（四）无 法提供 | 1.本机关不掌握相关政府信息 |") for line in lines)
    assert not any(line.startswith("法提供") for line in lines)
    # the vertical label is one cell
    assert any(line.startswith("三、 本 年 度 办 理 结 果 | （一）予以公开 | 1288 |") for line in lines)


@pytest.mark.corpus
def test_word_exported_page_keeps_empty_cells_empty() -> None:
    folder = corpus_dir("html")
    text = adapters.load_text(folder / "shuyang-fgj-2023.html")
    assert "一、本年新收政府信息公开申请数量 | 26 |  |  |  |  |  | 26 |" in text.splitlines()
    assert "<o:p>" not in text and "页面生成时间" not in text


# ------------------------------------------------------------------ a document model for Word and PDF
Grid = list[list[tuple[str, int, int]]]  # rows of (text, rowspan, colspan)


def _v(cell: dict[str, Any] | None) -> str:
    return "" if cell is None or cell["value"] is None else str(cell["raw"])


def _grids(ref: dict[str, Any]) -> tuple[Grid, Grid, Grid]:
    ad, ap, rl = ref["active_disclosure"], ref["applications"], ref["review_litigation"]
    two: Grid = [
        [("第二十条第（一）项", 1, 4)],
        [("信息内容", 1, 1), ("本年制发件数", 1, 1), ("本年废止件数", 1, 1), ("现行有效件数", 1, 1)],
    ]
    for key, label in (("regulations", "规章"), ("normative_documents", "行政规范性文件")):
        two.append([(label, 1, 1)] + [(_v(ad[key][c]), 1, 1) for c in ("issued", "repealed", "in_force")])
    for band, rows, col in (
        ("（五）", [("licensing", "行政许可")], "本年处理决定数量"),
        ("（六）", [("punishment", "行政处罚"), ("coercion", "行政强制")], "本年处理决定数量"),
        ("（八）", [("fees", "行政事业性收费")], "本年收费金额（单位：万元）"),
    ):
        two.append([(f"第二十条第{band}项", 1, 4)])
        two.append([("信息内容", 1, 1), (col, 1, 3)])
        for key, label in rows:
            value = ad[key]["amount"] if key == "fees" else ad[key]["decisions"]
            two.append([(label, 1, 1), (_v(value), 1, 3)])
    cols = (
        "natural_person",
        "commercial_enterprise",
        "research_institution",
        "public_interest_org",
        "legal_service_org",
        "other_org",
        "total",
    )

    def values(key: str) -> list[tuple[str, int, int]]:
        return [(_v(ap[key][c]), 1, 1) for c in cols]

    three: Grid = [
        [("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3), ("申请人情况", 1, 7)],
        [("自然人", 2, 1), ("法人或其他组织", 1, 5), ("总计", 2, 1)],
        [("商业企业", 1, 1), ("科研机构", 1, 1), ("社会公益组织", 1, 1), ("法律服务机构", 1, 1), ("其他", 1, 1)],
        [("一、本年新收政府信息公开申请数量", 1, 3), *values("new_received")],
        [("二、上年结转政府信息公开申请数量", 1, 3), *values("carried_over")],
        [("三、本年度办理结果", 22, 1), ("（一）予以公开", 1, 2), *values("granted")],
        [("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 1, 2), *values("partially_granted")],
    ]
    groups = (
        (
            "（三）不予公开",
            [
                ("withheld_state_secret", "1.属于国家秘密"),
                ("withheld_prohibited_by_law", "2.其他法律行政法规禁止公开"),
                ("withheld_security_stability", "3.危及“三安全一稳定”"),
                ("withheld_third_party_rights", "4.保护第三方合法权益"),
                ("withheld_internal_affairs", "5.属于三类内部事务信息"),
                ("withheld_process_information", "6.属于四类过程性信息"),
                ("withheld_enforcement_files", "7.属于行政执法案卷"),
                ("withheld_administrative_query", "8.属于行政查询事项"),
            ],
        ),
        (
            "（四）无法提供",
            [
                ("unavailable_not_held", "1.本机关不掌握相关政府信息"),
                ("unavailable_needs_creation", "2.没有现成信息需要另行制作"),
                ("unavailable_unclear", "3.补正后申请内容仍不明确"),
            ],
        ),
        (
            "（五）不予处理",
            [
                ("not_processed_petition", "1.信访举报投诉类申请"),
                ("not_processed_duplicate", "2.重复申请"),
                ("not_processed_publication", "3.要求提供公开出版物"),
                ("not_processed_excessive", "4.无正当理由大量反复申请"),
                ("not_processed_confirmation", "5.要求行政机关确认或重新出具已获取信息"),
            ],
        ),
        (
            "（六）其他处理",
            [
                ("other_no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
                ("other_unpaid_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
                ("other_misc", "3.其他"),
            ],
        ),
    )
    for group, rows in groups:
        for i, (key, label) in enumerate(rows):
            head = [(group, len(rows), 1)] if i == 0 else []
            three.append([*head, (label, 1, 1), *values(key)])
    three.append([("（七）总计", 1, 2), *values("total_processed")])
    three.append([("四、结转下年度继续办理", 1, 3), *values("carried_forward")])
    outcomes = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
    four: Grid = [
        [("行政复议", 1, 5), ("行政诉讼", 1, 10)],
        [*((o, 2, 1) for o in outcomes), ("未经复议直接起诉", 1, 5), ("复议后起诉", 1, 5)],
        [(o, 1, 1) for o in outcomes * 2],
        [
            (_v(rl[grp][o]), 1, 1)
            for grp in ("review", "direct_suit", "post_review_suit")
            for o in ("upheld", "corrected", "other", "pending", "total")
        ],
    ]
    return two, three, four


INTRO = (
    "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）规定，现公布测试县发展和改革局2023年度政府信息公开工作"
    "年度报告。本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止。"
)


def _document(ref: dict[str, Any]) -> list[str | Grid]:
    two, three, four = _grids(ref)
    return [
        "测试县发展和改革局2023年政府信息公开工作年度报告",
        INTRO,
        "一、总体情况",
        "2023年，我局全面贯彻落实《条例》，主动公开政府信息186条，受理政府信息公开申请48件。",
        "二、主动公开政府信息情况",
        two,
        "三、收到和处理政府信息公开申请情况",
        three,
        "四、政府信息公开行政复议、行政诉讼情况",
        four,
        "五、存在的主要问题及改进情况",
        "一是公开内容还不够全面；二是政策解读形式较为单一。下一步，我局将进一步加强培训，提升公开质量。",
        "六、其他需要报告的事项",
        "本年度未收取信息处理费。",
        "测试县发展和改革局",
        "2024年1月20日",
    ]


def _placed(grid: Grid) -> tuple[int, list[tuple[int, int, int, int, str]]]:
    """(number of columns, cells as (row, col, rowspan, colspan, text)) as an HTML table places them."""
    taken: set[tuple[int, int]] = set()
    out = []
    width = 0
    for r, row in enumerate(grid):
        c = 0
        for text, rs, cs in row:
            while (r, c) in taken:
                c += 1
            out.append((r, c, rs, cs, text))
            for dr in range(rs):
                for dc in range(cs):
                    taken.add((r + dr, c + dc))
            c += cs
            width = max(width, c)
    return width, out


# ------------------------------------------------------------------ DOCX
def _docx_bytes(blocks: list[str | Grid]) -> bytes:
    document = docx.Document()
    for block in blocks:
        if isinstance(block, str):
            document.add_paragraph(block)
            continue
        width, cells = _placed(block)
        table = document.add_table(rows=len(block), cols=width)
        for r, c, rs, cs, text in cells:
            cell = table.cell(r, c)
            if rs > 1 or cs > 1:
                cell = cell.merge(table.cell(r + rs - 1, c + cs - 1))
            lines = text.split("\n")
            cell.text = lines[0]
            for more in lines[1:]:
                cell.add_paragraph(more)
            for p in cell.paragraphs:
                for run in p.runs:
                    run.font.size = Pt(9)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _wrapped(blocks: list[str | Grid]) -> list[str | Grid]:
    """Labels wrapped inside their cells, as Word users type them (商业 / 企业 in two paragraphs)."""
    out: list[str | Grid] = []
    for block in blocks:
        if isinstance(block, str):
            out.append(block)
            continue
        out.append(
            [
                [
                    ("商业\n企业" if t == "商业企业" else "科研\n机构" if t == "科研机构" else t, rs, cs)
                    for t, rs, cs in row
                ]
                for row in block
            ]
        )
    return out


def test_docx_with_merged_cells_gives_the_same_records(tmp_path: Path) -> None:
    data = _docx_bytes(_wrapped(_document(reference())))
    path = tmp_path / "report.docx"
    path.write_bytes(data)
    assert adapters.sniff(data, "report.bin") == "docx"
    assert records(g.parse_file(path)) == reference()
    lines = adapters.load_text(path).splitlines()
    assert "三、本年度办理结果 | （一）予以公开 | 20 | 3 |  | 0 | 2 | 0 | 25 |" in lines  # vMerge continuation omitted
    assert "（三）不予公开 | 1.属于国家秘密 | 0 | 0 |  | 0 | 0 | 0 | 0 |" in lines
    assert "2.其他法律行政法规禁止公开 | 1 | 0 |  | 0 | 0 | 0 | 1 |" in lines
    assert "商业 企业 | 科研 机构 | 社会公益组织 | 法律服务机构 | 其他 |" in lines  # cell paragraphs joined by a space
    assert "行政许可 | 15 |" in lines  # gridSpan is one cell


def test_docx_empty_sub_label_slot_is_not_a_value() -> None:
    grid: Grid = [
        [("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 1, 3), ("申请人情况", 1, 7)],
        [("一、本年新收政府信息公开申请数量", 1, 3), *((v, 1, 1) for v in "2000013")],
        [("三、本年度办理结果", 3, 1), ("（一）予以公开", 1, 2), *((v, 1, 1) for v in "2000013")],
        [("（六）其他处理", 1, 1), ("", 1, 1), *((v, 1, 1) for v in "00000"), ("", 1, 1), ("0", 1, 1)],
        [("（七）总计", 1, 2), *((v, 1, 1) for v in "2000013")],
    ]
    text = adapters.text_from_bytes(
        _docx_bytes(["某局2019年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况", grid])
    )
    assert "（六）其他处理 | 0 | 0 | 0 | 0 | 0 |  | 0 |" in text.splitlines()
    assert g.parse(text).applications.other.total.value == 0


def test_docx_paragraphs_and_tables_keep_document_order(tmp_path: Path) -> None:
    text = adapters.text_from_bytes(_docx_bytes(_document(reference())))
    lines = text.splitlines()
    assert (
        lines.index("二、主动公开政府信息情况")
        < lines.index("第二十条第（一）项 |")
        < lines.index("三、收到和处理政府信息公开申请情况")
        < lines.index("四、政府信息公开行政复议、行政诉讼情况")
    )


def _html_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _word_web_page(blocks: list[str | Grid]) -> str:
    """A report as Word's "Save as Web Page" writes it: MsoNormal paragraphs in a WordSection1 div, each table
    centred in a ``<div align=center>`` of its own, and Word's ``<title>Normal</title>``."""
    body = []
    for block in blocks:
        if isinstance(block, str):
            body.append(f"<p class=MsoNormal><span style='font-size:16.0pt'>{_html_escape(block)}</span></p>")
            continue
        _width, cells = _placed(block)
        rows: dict[int, list[str]] = {}
        for r, _c, rs, cs, text in cells:
            span = (f" rowspan={rs}" if rs > 1 else "") + (f" colspan={cs}" if cs > 1 else "")
            inner = _html_escape(text) or "&nbsp;"
            rows.setdefault(r, []).append(f"<td{span}><p class=MsoNormal align=center>{inner}<o:p></o:p></p></td>")
        trs = "".join(f"<tr>{''.join(rows.get(r, []))}</tr>" for r in range(len(block)))
        body.append(f"<div align=center><table class=MsoNormalTable border=1>{trs}</table></div>")
    return (
        "<html xmlns:o='urn:schemas-microsoft-com:office:office'><head><meta charset=utf-8><title>Normal</title>"
        "</head><body><div class=WordSection1>" + "".join(body) + "</div></body></html>"
    )


def test_word_web_page_with_every_table_in_a_div_of_its_own(tmp_path: Path) -> None:
    """Found in the adapter audit: each table's wrapper div outscored the article (a table's cells counted in
    full for the nearest box holding it), so only table 三 was kept — tables 二 and 四 and every section lost,
    with no finding. A box holding one data table and nothing else is no article."""
    # three-digit numbers in every cell: table 三's 175 cells then outweigh the prose, as in a real report
    numbers = iter(range(101, 1000))
    text = "\n".join(
        re.sub(r"(?<=\| )\d+(?= \|)", lambda _m: str(next(numbers)), line) if "|" in line else line
        for line in (FIX / "report-2021.txt").read_text(encoding="utf-8").splitlines()
    )
    expected = records(g.parse(text))
    path = tmp_path / "report.htm"
    path.write_text(_word_web_page(_document(expected)), encoding="utf-8")
    r = g.parse_file(path)
    assert {t: records(r)[t] for t in TABLES} == {t: expected[t] for t in TABLES}
    assert (r.year, r.title) == (expected["year"], expected["title"])
    assert [s.number for s in r.sections] == [1, 2, 3, 4, 5, 6]


def _docx_edited(edit: Callable[[str], str]) -> bytes:
    """The reference as a Word file, its document.xml changed by ``edit``."""
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(_docx_bytes(_document(reference()))))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                data = edit(data.decode("utf-8")).encode("utf-8")
            out.writestr(item, data)
    return buf.getvalue()


_RUN = re.compile(r"<w:r>(<w:rPr>(?:(?!</w:rPr>).)*</w:rPr>)?<w:t>(\d+)</w:t></w:r>")


@pytest.mark.parametrize("kind", ["hidden", "moved-away"])
def test_docx_hidden_and_moved_away_text_is_not_read(tmp_path: Path, kind: str) -> None:
    """Found in the adapter audit: a hidden run (w:vanish) or the old place of a tracked move (w:moveFrom)
    before a number was read into it (101 → 9101101), in every cell, with no finding. Word shows neither."""

    def stale(m: re.Match[str]) -> str:
        run = f"<w:r>{m.group(1) or ''}<w:t>9{m.group(2)}</w:t></w:r>"
        if kind == "hidden":
            return f"<w:r><w:rPr><w:vanish/></w:rPr><w:t>9{m.group(2)}</w:t></w:r>{m.group(0)}"
        return f'<w:moveFrom w:id="1" w:author="a" w:date="2024-01-01T00:00:00Z">{run}</w:moveFrom>{m.group(0)}'

    path = tmp_path / "report.docx"
    path.write_bytes(_docx_edited(lambda xml: _RUN.sub(stale, xml)))
    assert records(g.parse_file(path)) == reference()


def test_docx_table_in_a_text_box_is_read_as_a_table(tmp_path: Path) -> None:
    """Found in the adapter audit: a table inside a text box (WPS, PDF-to-Word converters) was flattened into
    its anchoring paragraph, all its cells on one line, and table 四 was lost without a finding."""

    def boxed(xml: str) -> str:
        start = xml.rindex("<w:tbl>")
        end = xml.index("</w:tbl>", start) + len("</w:tbl>")
        box = (
            '<w:p><w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:textbox><w:txbxContent>'
            + xml[start:end]
            + "<w:p/></w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>"
        )
        return xml[:start] + box + xml[end:]

    path = tmp_path / "report.docx"
    path.write_bytes(_docx_edited(boxed))
    assert records(g.parse_file(path)) == reference()


def _fake_soffice(folder: Path, docx_data: bytes, *, fail: bool = False) -> None:
    """A stand-in for LibreOffice on PATH: checks the command line it gets and writes the .docx."""
    (folder / "made.docx").write_bytes(docx_data)
    script = folder / "soffice"
    script.write_text(
        f"#!{sys.executable}\n"
        "import shutil, sys\n"
        "from pathlib import Path\n"
        "args = sys.argv[1:]\n"
        f"if {fail!r}:\n"
        "    sys.stderr.write('Error: source file could not be loaded\\n'); sys.exit(1)\n"
        "assert '--headless' in args and args[args.index('--convert-to') + 1] == 'docx', args\n"
        "src = Path(args[-1]); assert src.read_bytes()[:8] == bytes.fromhex('d0cf11e0a1b11ae1'), src\n"
        "out = Path(args[args.index('--outdir') + 1])\n"
        f"shutil.copy({str(folder / 'made.docx')!r}, out / (src.stem + '.docx'))\n",
        encoding="utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)


OLE2_DOC = bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 504


def test_legacy_doc_goes_through_libreoffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bindir = tmp_path / "bin"
    bindir.mkdir()
    _fake_soffice(bindir, _docx_bytes(_document(reference())))
    monkeypatch.setenv("PATH", str(bindir))
    path = tmp_path / "report.doc"
    path.write_bytes(OLE2_DOC)
    assert adapters.sniff(OLE2_DOC) == "doc"
    assert records(g.parse_file(path)) == reference()


def test_legacy_doc_conversion_failure_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bindir = tmp_path / "bin"
    bindir.mkdir()
    _fake_soffice(bindir, b"", fail=True)
    monkeypatch.setenv("PATH", str(bindir))
    with pytest.raises(AdapterError, match=r"could not convert.*source file could not be loaded"):
        adapters.text_from_bytes(OLE2_DOC, "report.doc")


def test_legacy_doc_without_libreoffice_says_how_to_convert(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(AdapterError, match=r"LibreOffice.*soffice.*\.docx"):
        adapters.text_from_bytes(OLE2_DOC, "report.doc")
    with pytest.raises(AdapterError, match="LibreOffice"):
        adapters.text_from_bytes(b"{\\rtf1\\ansi report}", "report.rtf")


# ------------------------------------------------------------------ PDF (built here: a CJK font the viewer supplies)
class _PdfPage:
    """Drawing operations for one A4 page; ``top`` is measured from the top edge as pdfplumber does."""

    H = 842.0

    def __init__(self) -> None:
        self.ops: list[str] = []

    def text(self, x: float, top: float, s: str, size: float) -> None:
        code = s.encode("utf-16-be").hex().upper()
        self.ops.append(f"BT /F1 {size} Tf 1 0 0 1 {x:.2f} {self.H - top - size * 0.88:.2f} Tm <{code}> Tj ET")

    def box(self, x0: float, top: float, x1: float, bottom: float) -> None:
        self.ops.append(f"0.5 w {x0:.2f} {self.H - bottom:.2f} {x1 - x0:.2f} {bottom - top:.2f} re S")


def _pdf_bytes(pages: list[_PdfPage]) -> bytes:
    """A PDF whose text uses the predefined STSong-Light font (UniGB-UTF16-H), so it needs no font file."""
    objs = {
        1: "<< /Type /Catalog /Pages 2 0 R >>",
        3: "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UTF16-H /DescendantFonts [4 0 R] >>",
        4: "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) "
        "/Ordering (GB1) /Supplement 4 >> /FontDescriptor 5 0 R /DW 1000 >>",
        5: "<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [0 -200 1000 900] /ItalicAngle 0 "
        "/Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
    }
    kids, n = [], 6
    for page in pages:
        content = "\n".join(page.ops)
        objs[n] = (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
            f"/Contents {n + 1} 0 R >>"
        )
        objs[n + 1] = f"<< /Length {len(content)} >>\nstream\n{content}\nendstream"
        kids.append(f"{n} 0 R")
        n += 2
    objs[2] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    out = bytearray(b"%PDF-1.4\n")
    offsets = {}
    for i in sorted(objs):
        offsets[i] = len(out)
        out += f"{i} 0 obj\n{objs[i]}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {n}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offsets[i]:010d} 00000 n \n".encode() for i in range(1, n))
    out += f"trailer\n<< /Size {n} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


LEFT, RIGHT, BODY = 75.0, 515.0, 10.0


class _Layout:
    """Lays the document model out as a published PDF does: indented paragraphs wrapped at the
    right margin, ruled tables, a page break inside table 三, page numbers at the foot."""

    def __init__(self, break_before: str, cut: tuple[str, str, str]) -> None:
        self.pages = [_PdfPage()]
        self.top = 70.0
        self.break_before = break_before
        self.cut = cut  # (label, part on the first page, part on the next)

    @property
    def page(self) -> _PdfPage:
        return self.pages[-1]

    def new_page(self) -> None:
        self.page.text(285, 800, f"- {len(self.pages)} -", 9)
        self.pages.append(_PdfPage())
        self.top = 70.0

    def paragraph(self, s: str) -> None:
        per_line = int((RIGHT - LEFT) / BODY)
        first = per_line - 2
        chunks = [s[:first]] + [s[i : i + per_line] for i in range(first, len(s), per_line)]
        for i, chunk in enumerate(c for c in chunks if c):
            self.page.text(LEFT + (2 * BODY if i == 0 else 0), self.top, chunk, BODY)
            self.top += BODY * 1.6

    def table(self, grid: Grid, widths: list[float], size: float) -> None:
        width, cells = _placed(grid)
        assert width == len(widths)
        xs = [LEFT]
        for w in widths:
            xs.append(xs[-1] + w)

        def lines_of(text: str, w: float) -> list[str]:
            n = max(1, int((w - 3) / size))
            return [text[i : i + n] for i in range(0, len(text), n)] or [""]

        heights = []
        for r in range(len(grid)):
            h = size + 6
            for rr, c, rs, cs, text in cells:
                if rr == r and rs == 1:
                    h = max(h, len(lines_of(text, xs[c + cs] - xs[c])) * (size + 2) + 4)
            heights.append(h)
        label_rows = {r for r, c, rs, cs, text in cells if c <= 2 and text == self.break_before}
        split = min(label_rows) if label_rows else len(grid)
        tops = [self.top]
        for r in range(len(grid)):
            tops.append(tops[-1] + heights[r])
        self._draw(cells, xs, tops, 0, split, size, lines_of, first_part=True)
        if split < len(grid):
            self.new_page()
            shift = tops[split] - self.top
            tops = [t - shift for t in tops]
            self._draw(cells, xs, tops, split, len(grid), size, lines_of, first_part=False)
        self.top = tops[-1] + 12

    def _draw(
        self,
        cells: list[tuple[int, int, int, int, str]],
        xs: list[float],
        tops: list[float],
        lo: int,
        hi: int,
        size: float,
        lines_of: Callable[[str, float], list[str]],
        *,
        first_part: bool,
    ) -> None:
        for r, c, rs, cs, text in cells:
            r0, r1 = max(r, lo), min(r + rs, hi)
            if r0 >= r1:
                continue
            if r < lo:  # a span carried over the page break: the rest of a cut label, or nothing
                text = self.cut[2] if text == self.cut[0] else ""
            elif r + rs > hi and text == self.cut[0]:
                text = self.cut[1]
            x0, x1 = xs[c], xs[c + cs]
            self.page.box(x0, tops[r0], x1, tops[r1])
            for i, line in enumerate(lines_of(text, x1 - x0)):
                self.page.text(x0 + 1.5, tops[r0] + 2 + i * (size + 2), line, size)

    def finish(self) -> bytes:
        self.page.text(285, 800, f"- {len(self.pages)} -", 9)
        return _pdf_bytes(self.pages)


def _pdf_report(ref: dict[str, Any], layout: _Layout | None = None) -> bytes:
    if layout is None:
        layout = _Layout(break_before="2.没有现成信息需要另行制作", cut=("（四）无法提供", "（四）无", "法提供"))
    widths = {4: ([140, 100, 100, 100], 8), 10: ([16, 48, 131] + [35] * 7, 7), 15: ([29.3] * 15, 6)}
    for block in _document(ref):
        if not isinstance(block, str):
            cols, size = widths[_placed(block)[0]]
            layout.table(block, cols, size)
        elif block.startswith("测试县发展和改革局2023"):
            layout.page.text(150, 40, block, 12)
        elif block in ("测试县发展和改革局", "2024年1月20日"):
            layout.page.text(380, layout.top, block, BODY)
            layout.top += BODY * 1.6
        else:
            layout.paragraph(block)
    return layout.finish()


def test_pdf_split_table_gives_the_same_records(tmp_path: Path) -> None:
    data = _pdf_report(reference())
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    assert adapters.sniff(data) == "pdf"
    text = adapters.load_text(path)
    lines = text.splitlines()
    assert records(g.parse(text)) == reference()
    assert "- 1 -" not in text and "- 2 -" not in text  # page numbers dropped
    assert INTRO in lines  # the paragraph wrapped over three lines is one line again
    # the group label cut by the page break is joined; the carried-over row span is omitted
    assert "（四）无 法提供 | 1.本机关不掌握相关政府信息 | 6 | 1 |  | 0 | 0 | 0 | 7 |" in lines
    assert "2.没有现成信息需要另行制作 | 1 | 0 |  | 0 | 0 | 0 | 1 |" in lines
    # a label wrapped inside its cell is one cell, its lines joined by a space
    assert any(line.startswith("5.要求行政机关确认或重新出具已获取 信息 | 0 |") for line in lines)


def test_pdf_page_break_after_a_header_row_starts_a_new_row(tmp_path: Path) -> None:
    """A table whose header row (信息内容 | 本年收费金额) ends a page and whose row 行政事业性收费 starts the
    next: the row is a row of its own, not the rest of a header cut by the break (both are whole labels
    of the form, where a cut label's halves are not)."""
    ref = reference()
    layout = _Layout(break_before="行政事业性收费", cut=("\0", "\0", "\0"))
    path = tmp_path / "report.pdf"
    path.write_bytes(_pdf_report(ref, layout))
    text = adapters.load_text(path)
    lines = text.splitlines()
    assert "信息内容 | 本年收费金额（单位：万元） |" in lines
    assert records(g.parse(text)) == ref


def test_scanned_pdf_without_text_layer_is_refused() -> None:
    page = _PdfPage()
    page.box(100, 100, 400, 500)  # an image stand-in: drawing, no text
    with pytest.raises(AdapterError, match="no text layer"):
        adapters.text_from_bytes(_pdf_bytes([page, page]), "scan.pdf")


def test_damaged_pdf_is_an_adapter_error() -> None:
    with pytest.raises(AdapterError, match="PDF"):
        adapters.text_from_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage", "broken.pdf")


# ------------------------------------------------------------------ Markdown, text, stdin, CLI
def test_markdown_tables_and_headings(tmp_path: Path) -> None:
    md = []
    for line in (FIX / "report-2021.txt").read_text(encoding="utf-8").splitlines():
        if line.endswith("|"):
            cells = line.count("|")
            md.append(f"| {line}")
            md.append("|" + "---|" * cells)
        elif line.startswith(("一、", "二、", "三、", "四、", "五、", "六、")):
            md.append(f"## {line}")
        else:
            md.append(f"**{line}**" if line.endswith("报告") else line)
    path = tmp_path / "report.md"
    path.write_text("\n".join(md), encoding="utf-8")
    assert records(g.parse_file(path)) == reference()
    text = adapters.load_text(path)
    assert "---" not in text and "## " not in text and "**" not in text


def test_gbk_plain_text_still_decodes(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes((FIX / "report-2021.txt").read_text(encoding="utf-8").encode("gb18030"))
    assert records(g.parse_file(path)) == reference()


def test_stdin_is_sniffed_too(monkeypatch: pytest.MonkeyPatch) -> None:
    class Stdin:
        buffer = io.BytesIO((FIX / "report-gbk.html").read_bytes())

    monkeypatch.setattr(sys, "stdin", Stdin)
    assert records(g.parse_file("-"))["agency"] == "测试县堃山镇人民政府"


def test_cli_parses_a_saved_page(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["parse", str(FIX / "report-2021.html")]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["applications"] == reference()["applications"]


def test_cli_reports_adapter_errors_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "sheet.xlsx"
    buf = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
    path.write_bytes(buf.getvalue())
    assert cli.main(["parse", str(path)]) == 2
    err = capsys.readouterr().err
    assert "spreadsheet" in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "image"),
        (b"PK\x03\x04not really a zip", "damaged"),
    ],
)
def test_files_that_hold_no_report_text(data: bytes, message: str) -> None:
    # an image is read by OCR (tests/test_ocr.py): a damaged one, or one without the extra, says it is an image
    with pytest.raises(AdapterError, match=message):
        adapters.text_from_bytes(data)


@pytest.mark.parametrize(
    ("module", "extra", "package", "call"),
    [
        ("bs4", "html", "beautifulsoup4", lambda: html_to_text(b"<html><body><p>x</p></body></html>")),
        ("pdfplumber", "pdf", "pdfplumber", lambda: adapters.text_from_bytes(b"%PDF-1.4\n")),
        ("docx", "docx", "python-docx", lambda: adapters.text_from_bytes(_docx_bytes(["x"]))),
    ],
)
def test_missing_extra_names_the_pip_install(
    monkeypatch: pytest.MonkeyPatch, module: str, extra: str, package: str, call: Callable[[], object]
) -> None:
    data = _docx_bytes(["x"]) if module == "docx" else None  # built while python-docx is importable
    run = (lambda: adapters.text_from_bytes(data)) if data is not None else call
    for name in [m for m in sys.modules if m == module or m.startswith(module + ".")] + [module]:
        monkeypatch.setitem(sys.modules, name, None)  # `import module` now raises ImportError
    with pytest.raises(MissingExtraError) as info:
        run()
    assert info.value.extra == extra and info.value.package == package
    assert f"pip install 'govinfo-report[{extra}]'" in str(info.value)


def test_core_import_does_not_load_heavy_libraries() -> None:
    import subprocess

    code = (
        "import sys, govinfo_report, govinfo_report.adapters; "
        "print(sorted(m for m in ('bs4', 'lxml', 'pdfplumber', 'pdfminer', 'docx') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert out.stdout.strip() == "[]"
