"""The round trip: parse(render(r)) == r for generated reports, and render∘parse is a fixed point on real text.

The strategies of govinfo_report.testing generate reports a body could publish;
the canonical text of each must read back into the very same record. On the
real corpus, where text is far from canonical, rendering what was parsed and
parsing it again must change nothing more: the same text, the same tables.
Example counts follow the hypothesis profile (tests/conftest.py, docs/testing.md).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from attrs import evolve, fields
from hypothesis import given, note

import govinfo_report as g
from conftest import CORPUS, body, corpus_dir
from govinfo_report import testing
from govinfo_report.model import Cell, Report
from govinfo_report.normalise import normalise
from govinfo_report.render import render

TABLES = ("active_disclosure", "applications", "review_litigation")


def tables(r: Report) -> tuple[object, ...]:
    return tuple(getattr(r, t) for t in TABLES)


def rows(r: Report) -> list[tuple[str, str, object]]:
    """(table, row, row record) for every printed row of the three tables."""
    out = []
    for t in TABLES:
        table = getattr(r, t)
        if table is not None:
            out += [
                (t, f.name, getattr(table, f.name)) for f in fields(type(table)) if getattr(table, f.name) is not None
            ]
    return out


def cells(row: object) -> list[Cell | None]:
    return [getattr(row, f.name) for f in fields(type(row))]  # type: ignore[arg-type]


# ------------------------------------------------------------------ generated reports
@given(testing.reports())
def test_parse_render_is_identity(report: Report) -> None:
    text = render(report)
    note(text)
    assert g.parse(text) == report


@given(testing.reports(damaged=True))
def test_damaged_tables_read_back_with_one_finding_per_damage(report: Report) -> None:
    """Dash cells and rows cut short read back as printed, each reported once (never as 0, never shifted)."""
    text = render(report)
    note(text)
    back = g.parse(text)
    assert evolve(back, findings=()) == report
    dashes = sum(
        1 for _t, _r, row in rows(report) for cell in cells(row) if cell is not None and cell.raw in testing.DASHES
    )
    short = sum(1 for t, _r, row in rows(report) if t != "review_litigation" and None in cells(row))
    review = report.review_litigation
    if review is not None and any(c is None for g_ in tables_of(review) for c in g_):
        short += 1
    codes = Counter(f.code for f in back.findings)
    assert codes == Counter({"cell-dash": dashes, "row-truncated": short}) - Counter()


def tables_of(review: object) -> list[list[Cell | None]]:
    """The cells of table 四 by group; a group not printed is five missing cells."""
    return [
        cells(grp) if grp is not None else [None] * 5 for grp in (getattr(review, f.name) for f in fields(type(review)))
    ]


@given(testing.reports())
def test_json_round_trip(report: Report) -> None:
    """What render/parse agree on survives JSON too (decimals as strings, dates as ISO)."""
    assert Report.from_json(report.to_json()) == report


def test_strategy_vocabulary_is_canonical_text() -> None:
    """Every word the strategies print is already normalised: simplified script, ASCII punctuation."""
    words = [
        *testing.PLACES,
        *testing.BODIES,
        *testing.MINISTRIES,
        *testing.SUBJECTS,
        *testing.CLAUSES,
        *testing.OFFICIAL_SUBHEADINGS,
        *testing.SUBHEADINGS,
        *(h for hs in testing.HEADINGS.values() for h in hs),
        *testing.NONE_APPLICATIONS,
        *testing.NONE_REVIEW,
        *testing.NONE_FEES,
        *testing.NOTHING,
        *testing.FIGURES.values(),
        *testing.OUTCOMES.values(),
        testing.FIGURES_LEAD,
    ]
    for word in words:
        assert normalise(word).text == word, word
        assert normalise(word).script == "simplified", word


# ------------------------------------------------------------------ the real corpus
def corpus_files() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted((CORPUS / "pages").glob("*.txt")) + sorted((CORPUS / "seeds").glob("*.txt"))


FIXTURES = sorted(p for p in (Path(__file__).parent / "fixtures").glob("**/*.txt") if "invalid" not in p.parts)


def assert_fixed_point(text: str) -> None:
    """render∘parse changes nothing the second time: the same text, the same tables."""
    try:
        first = g.parse(text)
    except g.ParseError:
        pytest.skip("not a report (a ParseError is the right answer)")
    rendered = render(first)
    second = g.parse(rendered)
    assert render(second) == rendered
    assert tables(second) == tables(first)


@pytest.mark.corpus
@pytest.mark.parametrize("path", corpus_files() or [None], ids=lambda p: p.stem if p else "no-corpus")
def test_render_parse_is_a_fixed_point_on_the_corpus(path: Path | None) -> None:
    corpus_dir("pages")
    assert path is not None
    assert_fixed_point(body(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_render_parse_is_a_fixed_point_on_the_fixtures(path: Path) -> None:
    """The same on the repository's own fixtures, so a fresh clone without the corpus checks it too."""
    assert_fixed_point(path.read_text(encoding="utf-8"))


def test_corpus_has_files_when_present() -> None:
    """Guard the parametrisation: with the corpus present, every page and seed is a case."""
    corpus_dir("pages")
    assert len(corpus_files()) >= 40
    assert all(re.match(r"^[mv]\d{3}$|^\d{3}_", p.stem) for p in corpus_files())
