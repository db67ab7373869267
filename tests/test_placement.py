"""Every value in its place: a cell's column is its position in its row, whatever the cells around it print.

The properties over generated layouts are in test_layout_properties.py; here are the swaps over every
real corpus table (one value cell at a time replaced by text: nothing else may change), tables printed
back to back, pages that start inside a table, and headers broken over lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, note, settings
from hypothesis import strategies as st

import govinfo_report as g
from conftest import CORPUS, body
from govinfo_report import testing
from govinfo_report.model import Report, table_cells

TABLES = ("active_disclosure", "applications", "review_litigation")
#: Text real reports print where a number belongs (issue: 见附件, 0/0, ½, 1e5, footnote marks, quotes).
TOKENS = ("见附件", "详见附表", "0/0", "无", "暂无", "不适用", "n/a", "——", "½", "1e5", "0(件)", "3*", "注1", "1“2")
#: A value cell of a canonical pipe row: "| 12 |" (the cell between two pipes, or a row's first cell).
_PIPE_VALUE = re.compile(r"(?:^|\|)[ ]*([+\-]?\d[\d.,]*(?:万元|万|元|件|项|个)?)[ ]*(?=\|)")


def values(report: Report) -> dict[tuple[str, str, str], object]:
    """Every printed cell's value, keyed by its own table, row and column."""
    return {(t, r, c): cell.value for t in TABLES for r, c, cell in table_cells(getattr(report, t))}


def swaps(text: str) -> Iterator[tuple[int, int, int]]:
    """(line, start, end) of every value cell of the text's pipe rows."""
    for i, line in enumerate(text.split("\n")):
        if line.count("|") >= 1:
            for m in _PIPE_VALUE.finditer(line):
                yield i, m.start(1), m.end(1)


def assert_only_that_cell(text: str, base: dict, spot: tuple[int, int, int], token: str) -> None:
    i, s, e = spot
    lines = text.split("\n")
    lines[i] = lines[i][:s] + token + lines[i][e:]
    damaged = g.parse("\n".join(lines))
    got = values(damaged)
    changed = sorted(k for k in set(base) | set(got) if base.get(k) != got.get(k))
    assert len(changed) == 1 and got[changed[0]] is None, (lines[i], token, changed[:4])
    table, row, column = changed[0]
    assert any(
        f.code in ("cell-not-number", "cell-dash") and (f.table, f.row) == (table, row) and f.column in (column, None)
        for f in damaged.findings
    ), (table, row, column)


def corpus_reports() -> list[tuple[str, Report]]:
    if not CORPUS.is_dir():
        return []
    out = []
    for p in sorted(CORPUS.rglob("*")):
        if p.suffix == ".txt":
            try:
                out.append((p.name, g.parse(body(p.read_text(encoding="utf-8")))))
            except g.ParseError:
                continue
        elif p.suffix in (".pdf", ".html"):
            out.append((p.name, g.parse_file(p)))
    return out


@pytest.mark.corpus
@pytest.mark.slow
def test_every_value_cell_of_every_real_table_swapped_for_text_moves_nothing_else() -> None:
    """Each value cell of every real corpus table, one at a time, becomes a text token; only that cell changes."""
    reports = corpus_reports()
    if not reports:
        pytest.skip(f"real corpus not available at {CORPUS}")
    tried = 0
    for _name, report in reports:
        text = g.render(report)
        base = values(g.parse(text))
        for n, spot in enumerate(swaps(text)):
            assert_only_that_cell(text, base, spot, TOKENS[(tried + n) % len(TOKENS)])
        tried += n + 1 if base else 0
    assert tried > 1000  # the corpus holds about 1,500 table cells


@pytest.mark.corpus
def test_text_in_a_number_place_of_the_real_layouts_moves_nothing_else() -> None:
    """The same swap on the text as extracted (a cell per line, lone pipes, pipe rows, PDF rows)."""
    pages = sorted((CORPUS / "pages").glob("*.txt")) + sorted((CORPUS / "seeds").glob("*.txt"))
    if not pages:
        pytest.skip(f"real corpus not available at {CORPUS}")
    tried = 0
    for p in pages:
        text = body(p.read_text(encoding="utf-8"))
        try:
            base = values(g.parse(text))
        except g.ParseError:
            continue
        spots = [s for s in swaps(text) if text.split("\n")[s[0]].strip() != "|"]
        for n, spot in enumerate(spots):
            i, s, e = spot
            lines = text.split("\n")
            lines[i] = lines[i][:s] + TOKENS[n % len(TOKENS)] + lines[i][e:]
            got = values(g.parse("\n".join(lines)))
            changed = [k for k in set(base) | set(got) if base.get(k) != got.get(k)]
            assert len(changed) <= 1 and all(got.get(k) is None for k in changed), (p.name, lines[i], changed[:4])
            tried += 1
    assert tried > 400


@settings(max_examples=max(10, settings().max_examples // 5))  # each example draws a whole report
@given(testing.reports(), st.data())
def test_a_text_cell_in_generated_canonical_text_moves_nothing_else(report: Report, data: st.DataObject) -> None:
    text = g.render(report)
    spots = list(swaps(text))
    if not spots:
        return
    spot = data.draw(st.sampled_from(spots))
    token = data.draw(st.sampled_from(TOKENS))
    note(text.split("\n")[spot[0]])
    assert_only_that_cell(text, values(g.parse(text)), spot, token)


def test_digits_are_never_joined_across_a_quote() -> None:
    assert g.Cell("1“2") == g.parse(_active("| 规章 | 1“2 | 0 | 5 |")).active_disclosure.regulations.issued  # type: ignore[union-attr]


# ------------------------------------------------------------------ tables back to back
FULL = Path(__file__).parent / "examples" / "full-2021.txt"


def _canonical() -> tuple[Report, list[str]]:
    report = g.parse(FULL.read_text(encoding="utf-8"))
    return report, g.render(report).split("\n")


def test_tables_printed_back_to_back_without_headings_are_each_read() -> None:
    report, lines = _canonical()
    kept = [line for line in lines if not (re.match(r"^[二三四]、", line) and "|" not in line)]
    got = g.parse("\n".join(kept))
    assert [s.number for s in got.sections] == [1, 5, 6]
    for t in TABLES:
        assert getattr(got, t) == getattr(report, t), t


def test_tables_alone_before_any_heading_are_each_read() -> None:
    report, lines = _canonical()
    got = g.parse("\n".join(line for line in lines if "|" in line))
    for t in TABLES:
        assert getattr(got, t) == getattr(report, t), t


def test_a_page_that_starts_inside_table_three_yields_the_rows_it_shows() -> None:
    """A flip-book page beginning at (七)总计 / 四、结转下年度继续办理, then table 四."""
    report, lines = _canonical()
    start = next(i for i, line in enumerate(lines) if line.startswith("(七)"))
    got = g.parse("\n".join(lines[start:]))
    assert got.applications is not None and report.applications is not None
    assert got.applications.total_processed == report.applications.total_processed
    assert got.applications.carried_forward == report.applications.carried_forward
    assert got.applications.new_received is None  # not on this page: not zeros
    assert got.review_litigation == report.review_litigation


# ------------------------------------------------------------------ headers broken over lines
HEAD = "测试局2020年政府信息公开工作年度报告\n一、总体情况\n本年度我局做好公开工作。\n"


def _active(rows: str) -> str:
    return (
        HEAD
        + "二、主动公开政府信息情况\n第二十条第(一)项 |\n信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n"
        + rows
        + "\n"
    )


def test_header_cells_broken_over_lines_with_empty_fragments_instructions_and_years() -> None:
    text = HEAD + (
        "二、主动公开政府信息情况\n第二十条第(一)项 |\n信息内容 |\n本年新 |\n制作数量 |\n| |\n本年新公开数量(件) |\n"
        "对外公开总数量 |\n规章 |\n1 |\n2 |\n3 |\n第二十条第(五)项 |\n"
        "信息内容 | 上一年项目数量(2019年) | 本年增/减(增加用正数,减少用负数) | 2020年处理决定数量 |\n"
        "行政许可 | 7 | 8 | 9 |\n"
    )
    r = g.parse(text)
    a = r.active_disclosure
    assert a is not None and r.format == "2019"
    assert [c.value for c in (a.regulations.made, a.regulations.published, a.regulations.total_published)] == [1, 2, 3]  # type: ignore[union-attr]
    assert [c.value for c in (a.licensing.previous, a.licensing.change, a.licensing.decisions)] == [7, 8, 9]  # type: ignore[union-attr]
    assert not [f for f in r.findings if f.code.startswith(("row-", "values-"))]


def test_table_three_header_words_broken_over_cells() -> None:
    text = HEAD + (
        "三、收到和处理政府信息公开申请情况\n(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和) | 申请人情况 |\n"
        "自然人 | 法人或其他组织 | 总计 |\n商业 |\n企业 | 科研 机构 | 社会公益 |\n组织 | 法律服务机构 | 其他 |\n"
        "一、本年新收政府信息公开申请数量 | 1 | 2 | 3 | 4 | 5 | 6 | 21 |\n"
    )
    row = g.parse(text).applications.new_received  # type: ignore[union-attr]
    assert [getattr(row, k).value for k in ("natural_person", "other_org", "total")] == [1, 6, 21]
