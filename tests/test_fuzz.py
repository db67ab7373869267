"""Fuzzing the reader: whatever text comes in, a Report or a ParseError comes out, and no invented numbers.

Two sources of text: lines generated from the table grammar itself
(hypothesis.extra.lark.from_lark over grammars/table.lark), and real corpus
texts mutated the way extraction and mirror sites damage them (lines deleted,
duplicated, swapped, cut anywhere, junk and pinyin readings inserted, script
switched with OpenCC s2t). The reader may misread damaged text — it must never
crash, hang, or report a cell value that the input does not print.
"""

from __future__ import annotations

import re
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

import opencc
import pytest
from hypothesis import given, note
from hypothesis import strategies as st
from hypothesis.extra.lark import from_lark
from lark import Lark
from pypinyin import Style, pinyin

import govinfo_report as g
from conftest import CORPUS, body
from govinfo_report import labels
from govinfo_report.loader import grammar_text
from govinfo_report.model import Cell, Report
from govinfo_report.model import table_cells as model_table_cells
from govinfo_report.normalise import normalise
from govinfo_report.render import render
from govinfo_report.tables import read_region

#: Longest a single parse may take before we call it a hang (the corpus parses in milliseconds).
HANG_SECONDS = 10


@contextmanager
def no_hang(seconds: int = HANG_SECONDS) -> Iterator[None]:
    """Fail instead of waiting forever: SIGALRM interrupts a parse that runs too long (POSIX only)."""
    if not hasattr(signal, "SIGALRM"):  # pragma: no cover - Windows runs without the guard
        yield
        return

    def _alarm(signum: int, frame: object) -> None:
        raise TimeoutError(f"parse took more than {seconds}s: a hang")

    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


_NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?|\d+")


def printed_numbers(text: str) -> set[Decimal]:
    """Every number the text prints (1,234 and 1234 both; any script's digits)."""
    out: set[Decimal] = set()
    for m in _NUMBER.finditer(text):
        for form in (m.group(0).replace(",", ""), *m.group(0).split(",")):
            try:
                out.add(Decimal(form))
            except InvalidOperation:  # pragma: no cover - the pattern only matches digits
                pass
    return out


def all_cells(report: Report) -> Iterator[tuple[str, Cell]]:
    for t in ("active_disclosure", "applications", "review_litigation"):
        yield from table_cells(t, getattr(report, t))


def table_cells(name: str, table: object) -> Iterator[tuple[str, Cell]]:
    for row, col, cell in model_table_cells(table):
        yield f"{name}.{row}.{col}", cell


def assert_printed(text: str, cells: Iterator[tuple[str, Cell]]) -> None:
    """No value the input does not print: each value is a number of the text, and its raw is in the text.

    ``text`` is what the reader read: a table region's lines as given, a whole report after normalising.
    """
    numbers = printed_numbers(text)
    squeezed = labels.key(text)
    for where, cell in cells:
        if cell.value is not None:
            assert Decimal(cell.value).copy_abs() in numbers, f"{where} = {cell.value!r} is not printed in the input"
        assert labels.key(cell.raw) in squeezed, f"{where} raw {cell.raw!r} is not in the input"


# ------------------------------------------------------------------ text from the table grammar
@lru_cache(maxsize=1)
def table_grammar() -> Lark:
    return Lark(grammar_text("table"), parser="lalr", lexer="basic")


_VALUE = st.one_of(st.integers(0, 9999).map(str), st.sampled_from(["", "-", "见附件", "0/0", "n/a", "1“2", "无"]))


def _row(label: str, width: int) -> st.SearchStrategy[str]:
    """A pipe row: its label, then up to ``width`` cells (a row may be cut short, or overflow by one)."""
    return st.lists(_VALUE, min_size=1, max_size=width + 1).map(lambda cells: " | ".join([label, *cells]) + " |\n")


def _terminal_lines() -> dict[str, st.SearchStrategy[str]]:
    """A line of text for every row token of the grammar, built from the label table."""
    out: dict[str, st.SearchStrategy[str]] = {}
    for b in labels.BLOCKS:
        out[f"BLOCK_{b.key}"] = st.just(f"{b.label} |\n")
    for (row, fmt), (_cls, cols) in labels.ACTIVE_SHAPES.items():
        head = [labels.ACTIVE_COLUMN_LABELS[(c, fmt)] for c in cols]
        out[f"HEADER_{labels.ACTIVE_ROW_BLOCK[row]}_{fmt}"] = st.just(" | ".join(["信息内容", *head]) + " |\n")
    for r in labels.ACTIVE_ROWS:
        out[r.key.upper()] = _row(r.label, 3)
    out["APPLICATIONS_HEADER"] = st.sampled_from(
        [labels.RULE_NOTE + " | 申请人情况 |\n", "自然人 | 法人或其他组织 | 总计 |\n"]
    )
    for grp in labels.APPLICATION_GROUPS:
        out[f"GROUP_{grp.key.upper()}"] = st.just(f"{grp.label} |\n")
    for a in labels.APPLICATION_ROWS:
        out[a.key.upper()] = _row(a.label, 7)
    out["REVIEW_HEADER"] = st.just("行政复议 | 行政诉讼 |\n")
    out["REVIEW_VALUES"] = st.lists(_VALUE, min_size=1, max_size=16).map(lambda c: " | ".join(c) + " |\n")
    return out


#: Lines no rule of the grammar takes (an unknown row, values with no label): the reader recovers past them.
_STRAYS = st.one_of(
    _row("其他主动公开事项", 2), st.lists(_VALUE, min_size=1, max_size=3).map(lambda c: "| " + " | ".join(c) + " |\n")
)


@given(
    from_lark(table_grammar(), explicit=_terminal_lines()),
    st.lists(st.tuples(st.integers(0, 200), _STRAYS), max_size=3),
    st.sampled_from([None, "2019", "2021"]),
)
def test_table_grammar_text_is_read_without_error(text: str, strays: list[tuple[int, str]], hint: str | None) -> None:
    """Any sequence of rows the grammar derives, printed as pipe rows, with rows no rule takes put
    anywhere among them, reads into tables that invent nothing."""
    rows = text.split("\n")[:-1]
    for at, line in strays:
        rows.insert(at % (len(rows) + 1), line.rstrip("\n"))
    text = "\n".join(rows) + "\n"
    lines = list(enumerate(rows, start=1))
    note(text)
    with no_hang():
        results = read_region(lines, None, hint)
    for result in results:
        assert result.kind in ("active_disclosure", "applications", "review_litigation")
        assert_printed(text, table_cells(result.kind, result.table))


# ------------------------------------------------------------------ mutated corpus texts
def corpus_texts() -> list[str]:
    if not CORPUS.is_dir():
        return []
    files = sorted((CORPUS / "pages").glob("*.txt")) + sorted((CORPUS / "seeds").glob("*.txt"))
    return [body(p.read_text(encoding="utf-8")) for p in files]


FIXTURES = Path(__file__).parent / "fixtures"
#: Without the corpus, the repository's own fixtures are mutated (so the property still runs on a fresh clone).
SOURCES = corpus_texts() or [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("**/*.txt"))]
S2T = opencc.OpenCC("s2t")

#: Pieces of reports to insert as junk: labels, numbers, pipes, chrome, a second heading …
JUNK = (
    *(b.label for b in labels.BLOCKS),
    *(r.label for r in labels.ACTIVE_ROWS),
    *(r.label for r in labels.APPLICATION_ROWS),
    *(f"{labels.NUMERALS_CN[s.number]}、{s.label}" for s in labels.SECTIONS),
    labels.RULE_NOTE,
    "|",
    "|||",
    "| |",
    "0",
    "-3",
    "1,234",
    "16.482",
    "1378万",
    "—",
    "无",
    "2020年1月23日",
    "分享到:",
    "索引号:",
    "第 [1] [2] 页",
    "Page 3 - 报告",
    "(一)",
    "一、",
    "0 0 0 0 0 0 0",
    "威廉希尔体育",
    "\ufffd",
    "\u3000",
    "１２",
)


@st.composite
def junk(draw: st.DrawFn) -> str:
    return draw(
        st.one_of(
            st.sampled_from(JUNK),
            st.text(st.sampled_from("一二三四五六七八九十、()|0123456789 .,:;。总计规章件项-"), max_size=30),
        )
    )


def annotate(text: str, positions: list[int], toned: bool) -> str:
    """Pinyin readings after Han characters at ``positions`` (toneless 文(wen) or toned 發(fā), as mirrors add)."""
    out = list(text)
    han = [i for i, ch in enumerate(text) if "\u4e00" <= ch <= "\u9fff"]
    if not han:
        return text
    for p in sorted({han[p % len(han)] for p in positions}, reverse=True):
        reading = pinyin(text[p], style=Style.TONE if toned else Style.NORMAL)[0][0]
        if reading.isalpha():
            out.insert(p + 1, f"({reading})")
    return "".join(out)


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """A real text after a few of the damages extraction and mirrors do."""
    lines = draw(st.sampled_from(SOURCES)).split("\n")
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(("delete", "duplicate", "swap", "cut", "junk", "pinyin", "s2t", "crlf")))
        i = draw(st.integers(0, max(len(lines) - 1, 0)))
        if op == "delete" and lines:
            del lines[i : i + draw(st.integers(1, 5))]
        elif op == "duplicate" and lines:
            lines[i:i] = lines[i : i + draw(st.integers(1, 5))]
        elif op == "swap" and lines:
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "cut":
            text = "\n".join(lines)
            lines = text[: draw(st.integers(0, len(text)))].split("\n")
        elif op == "junk":
            piece = draw(junk())
            if lines and draw(st.booleans()):  # inside a line, or a line of its own
                at = draw(st.integers(0, len(lines[i])))
                lines[i] = lines[i][:at] + piece + lines[i][at:]
            else:
                lines.insert(i, piece)
        elif op == "pinyin":
            text = "\n".join(lines)
            positions = draw(st.lists(st.integers(0, 10**6), max_size=30))
            lines = annotate(text, positions, draw(st.booleans())).split("\n")
        elif op == "s2t":
            lines = S2T.convert("\n".join(lines)).split("\n")
        elif op == "crlf":
            lines = [line + "\r" for line in lines]
    return "\n".join(lines)


@given(mutated())
def test_mutated_corpus_gives_a_report_or_a_parse_error(text: str) -> None:
    note(text)
    try:
        with no_hang():
            report = g.parse(text)
    except g.ParseError:
        return
    assert isinstance(report, Report)
    assert_printed(normalise(text).text, all_cells(report))


@given(mutated())
def test_normalising_twice_changes_nothing(text: str) -> None:
    """Stage 1 is idempotent: what it leaves is already normal (else the text of a Report is not canonical)."""
    once = normalise(text).text
    assert normalise(once).text == once


@given(mutated())
def test_mutated_corpus_render_parse_is_a_fixed_point(text: str) -> None:
    """Whatever a damaged text parses to, its canonical text parses to the same tables and renders the same."""
    try:
        with no_hang():
            first = g.parse(text)
    except g.ParseError:
        return
    rendered = render(first)
    note(rendered)
    second = g.parse(rendered)
    assert render(second) == rendered
    tables = ("active_disclosure", "applications", "review_litigation")
    assert [getattr(second, t) for t in tables] == [getattr(first, t) for t in tables]


@pytest.mark.parametrize("source", range(len(SOURCES)))
def test_unmutated_sources_print_every_value_they_report(source: int) -> None:
    """The no-invented-value check holds on the texts themselves (so the mutations are what is tested)."""
    text = SOURCES[source]
    try:
        report = g.parse(text)
    except g.ParseError:
        pytest.skip("not a report")
    assert_printed(normalise(text).text, all_cells(report))
