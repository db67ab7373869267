"""Every layout real extractors leave, with and without damage, read back cell by cell.

A generated report (govinfo_report.testing.reports) is written by a layout writer (govinfo_report.writers:
pipe rows, a cell per line, lone pipes, plain cells, PDF text, HTML, Word, traditional script over each text
layout), optionally damaged (text in value cells, broken headers, no headings, page chrome, a trailer, table 四
printed group by group), parsed, and compared with the report in each table, row and column — not "the number
is printed somewhere":

* a layout that keeps cell positions (LOSSLESS) must give every cell's value (and an amount's unit) back,
  except the cells the damage made unreadable: those come back ``value=None`` with their text kept and a
  ``cell-not-number`` finding on their row (``cell-dash`` for the dashes and 无 the label table calls empty);
* a layout that drops empty cells may lose a value, but only as ``None`` with a finding on that row: a
  different number is a value shifted into another cell, the bug these properties hunt;
* title, agency and year survive every layout (all of them keep the title line and the signature).
"""

from __future__ import annotations

import random
import unicodedata
from decimal import Decimal

import pytest
from hypothesis import given, note, settings
from hypothesis import strategies as st

import govinfo_report as g
from conftest import body, corpus_dir
from govinfo_report import labels, testing, writers
from govinfo_report.model import Cell, Finding, Report, table_cells

TABLES = ("active_disclosure", "applications", "review_litigation")
#: (layout, base): every layout, and traditional script over every text layout.
CASES = [(name, None) for name in writers.LAYOUTS if name != "traditional"] + [
    ("traditional", base) for base in writers.TEXT_LAYOUTS
]
DAMAGES = [None, *writers.DAMAGES]
PROVED = [(layout, base, damage) for layout, base in CASES for damage in DAMAGES]
#: 12 layout cases x 7 damage choices = 84 properties, each example a write, an adapter read and a parse
#: (a Word file is ~20 ms to build). At the profile's full count (500 in ci) the file would run for half an
#: hour; a twenty-fifth of it (20 in ci, 400 in deep; at least 10, never more than the profile) keeps ci
#: near two minutes while every layout x damage still sees its own examples. A failing property spends
#: its time shrinking (up to minutes each), which no example count bounds.
EXAMPLES = min(settings().max_examples, max(10, settings().max_examples // 25))

REPORTS = st.one_of(testing.reports(), testing.reports(damaged=True))
#: Codes a finding may carry for a cell that holds text: the label table's empty markers (无, ——) are dashes.
NOT_NUMBER = {"cell-not-number"}
DASH = {"cell-dash"}


def _cells(report: Report, table: str) -> dict[tuple[str, str], Cell]:
    return {(row, col): cell for row, col, cell in table_cells(getattr(report, table))}


def _on_row(findings: list[Finding], table: str, row: str, codes: set[str] | None = None) -> bool:
    """A finding names this row (table 四 prints one row: a finding on the table, or on the group, names it)."""
    for f in findings:
        if f.table != table or (codes is not None and f.code not in codes):
            continue
        if f.row == row or (table == "review_litigation" and f.row is None):
            return True
    return False


def _show(cell: Cell | None) -> str:
    if cell is None:
        return "not printed"
    unit = f" {cell.unit}" if cell.unit else ""
    return f"{cell.value!r}{unit} (raw {cell.raw!r})"


def _same(expected: Cell | None, got: Cell | None, column: str) -> bool:
    ev = expected.value if expected is not None else None
    gv = got.value if got is not None else None
    if ev is None or gv is None:
        return ev is None and gv is None
    if Decimal(ev) != Decimal(gv):
        return False
    return column not in labels.AMOUNT_COLUMNS or expected.unit == got.unit  # type: ignore[union-attr]


def _fold(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def _sum_reading(exp: dict[tuple[str, str], Cell], row: str) -> str | None:
    """The total a short table 三 row of a layout that drops empty cells reads as (docs/layouts.md): its
    printed numbers in column order, when there are fewer than the columns and the last is the sum of the
    others. A row printed so is the same text as the row whose last number *is* its total, so where the
    report's own total is empty that reading, flagged ``row-short``, is the only one the text supports."""
    printed = [exp[(row, c)] for c in labels.APPLICANT_KEYS if (row, c) in exp and exp[(row, c)].raw.strip()]
    if not 2 <= len(printed) < len(labels.APPLICANT_KEYS):
        return None
    values = [labels.classify_value(c.raw) for c in printed]
    if any(kind != "number" or not isinstance(v, int) for kind, v, _u in values):
        return None
    *parts, last = (v for _k, v, _u in values)
    return printed[-1].raw if last == sum(parts) else None  # type: ignore[arg-type]


def compare(
    report: Report,
    back: Report,
    findings: list[Finding],
    lossless: bool,
    unreadable: frozenset[writers.CellRef],
    texts: dict[writers.CellRef, str],
) -> list[str]:
    """What differs, cell by cell in its own table, row and column, as lines for the failure message."""
    problems = []
    for table in TABLES:
        exp, got = _cells(report, table), _cells(back, table)
        for row, col in sorted(exp.keys() | got.keys()):
            e, o = exp.get((row, col)), got.get((row, col))
            where = f"{table}.{row}.{col}"
            if (table, row, col) in unreadable:
                token = texts[(table, row, col)]
                if o is not None and o.value is not None:
                    problems.append(f"{where}: holds {token!r}, must be no number; got {_show(o)}")
                elif lossless:
                    codes = DASH if labels.classify_value(token)[0] == "empty" else NOT_NUMBER
                    if o is None or _fold(o.raw) != _fold(token):
                        problems.append(f"{where}: holds {token!r}, its text must be kept; got {_show(o)}")
                    elif not _on_row(findings, table, row, codes):
                        problems.append(f"{where}: holds {token!r}, no {'/'.join(sorted(codes))} finding on {row}")
                continue
            if _same(e, o, col):
                continue
            if not lossless and (o is None or o.value is None) and _on_row(findings, table, row):
                continue  # a layout that drops empty cells may lose a value, saying so on its row
            if (
                not lossless
                and table == "applications"
                and col == "total"
                and o is not None
                and (e is None or not e.raw.strip())
                and o.raw == _sum_reading(exp, row)
                and _on_row(findings, table, row, {"row-short"})
            ):
                continue  # the sum reading of a row whose own total is empty: the same text, flagged
            problems.append(f"{where}: expected {_show(e)}, got {_show(o)}")
    return problems


def _converted_back(text: str | None) -> str | None:
    """A name after s2t and back (t2s): what traditional script can still say of it."""
    if text is None:
        return None
    import opencc

    return opencc.OpenCC("t2s").convert(opencc.OpenCC("s2t").convert(text))


def problems_of(
    layout: str, base: str | None, damages: list[str], report: Report, rng: random.Random
) -> tuple[list[str], str]:
    """What differs between ``report`` and what the parser reads back from it written in ``layout`` after
    ``damages``, and the text the parser read."""
    written, unreadable, doc = writers.write(report, layout, damages, rng, base=base)
    text = writers.read_text(written)
    back = g.parse(text)
    findings = [*back.findings, *g.validate(back)]
    problems = compare(report, back, findings, writers.is_lossless(layout, base), unreadable, writers.cell_texts(doc))
    for name in ("title", "agency", "year"):
        expected, got = getattr(report, name), getattr(back, name)
        if layout == "traditional" and name != "year" and _converted_back(expected) != expected:
            continue  # s2t/t2s do not give this name back: not the parser's to restore
        if expected != got:
            problems.append(f"{name}: expected {expected!r}, got {got!r}")
    return problems, text


def check(layout: str, base: str | None, damage: str | None, report: Report, rng: random.Random) -> None:
    problems, text = problems_of(layout, base, [damage] if damage else [], report, rng)
    note(f"--- text as the parser reads it ({layout}{f'[{base}]' if base else ''}, damage {damage}):\n{text}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("layout", "base", "damage"),
    PROVED,
    ids=[f"{lay}-{b or ''}-{d or 'clean'}".replace("--", "-") for lay, b, d in PROVED],
)
@settings(max_examples=EXAMPLES)
@given(report=REPORTS, rng=st.randoms(use_true_random=False))
def test_layout_reads_back_cell_by_cell(
    layout: str, base: str | None, damage: str | None, report: Report, rng: random.Random
) -> None:
    check(layout, base, damage, report, rng)


# ------------------------------------------------------------------ the writers themselves
@settings(max_examples=EXAMPLES)
@given(report=REPORTS, rng=st.randoms(use_true_random=False))
def test_text_cells_damage_only_the_cells_it_names(report: Report, rng: random.Random) -> None:
    """The oracle's premise: text_cells changes exactly the cells it returns, each to one of its tokens."""
    doc = writers.document(report)
    damaged, hit = writers.text_cells(doc, rng)
    before, after = writers.cell_texts(doc), writers.cell_texts(damaged)
    assert before.keys() == after.keys()
    assert {k for k in before if before[k] != after[k]} <= hit
    assert all(after[k] in writers.TEXT_TOKENS for k in hit)


@settings(max_examples=EXAMPLES)
@given(report=REPORTS)
def test_document_prints_every_printed_cell_once(report: Report) -> None:
    """The grids hold each printed model cell once, with its raw text: a writer cannot lose or move one."""
    expected = {(t, r, c): cell.raw for t in TABLES for r, c, cell in table_cells(getattr(report, t))}
    assert writers.cell_texts(writers.document(report)) == expected


def _slots(grid: writers.Grid) -> list[tuple[int, int]]:
    return [
        (r + dr, c + dc)
        for r, placed in enumerate(writers._positions(grid))
        for c, cell in placed
        for dr in range(cell.rowspan)
        for dc in range(cell.colspan)
    ]


@settings(max_examples=EXAMPLES)
@given(report=REPORTS, data=st.data())
def test_a_header_row_typed_as_two_keeps_the_grid_rectangular(report: Report, data: st.DataObject) -> None:
    """Splitting any header row (broken_headers' "| |" fragments) leaves every slot covered exactly once, so a
    Word table can merge its spans (a cell spanning down from the split row once overlapped its own copy)."""
    for grid in (b for b in writers.document(report).blocks if isinstance(b, writers.Grid)):
        heads = [r for r, row in enumerate(grid.rows) if writers._is_head(row)]
        if not heads:
            continue
        split = writers._split_row(grid, data.draw(st.sampled_from(heads)))
        slots = _slots(split)
        assert len(slots) == len(set(slots)), "a slot is covered twice"
        assert set(slots) == {(r, c) for r in range(len(split.rows)) for c in range(split.width)}


# ------------------------------------------------------------------ real reports in every layout
#: Every damage that leaves the report's metadata alone (chrome may add a date a report without a year is
#: then dated by), applied together.
ALL_DAMAGES = ["text_cells", "broken_headers", "no_headings", "trailer", "review_by_group"]


@pytest.mark.parametrize(("layout", "base"), CASES, ids=[f"{lay}-{b}" if b else lay for lay, b in CASES])
def test_real_reports_read_back_in_every_layout(layout: str, base: str | None) -> None:
    """Each corpus report, as parsed, written in the layout clean and with every damage at once, reads back
    cell by cell: real labels, real numbers and real prose between the tables, in every layout."""
    pages = sorted(corpus_dir("pages").glob("*.txt")) + sorted(corpus_dir("seeds").glob("*.txt"))
    failures = []
    for i, path in enumerate(pages):
        report = g.parse(body(path.read_text(encoding="utf-8")))
        for damages in ([], ALL_DAMAGES):
            problems, _text = problems_of(layout, base, damages, report, random.Random(i))
            if problems:
                failures.append(f"{path.name} {damages}: " + "; ".join(problems[:3]))
    assert not failures, "\n".join(failures)
