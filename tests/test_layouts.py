"""Every table layout real extractors leave behind gives the same records.

Synthetic fixtures (tests/fixtures/layouts/NAME.txt with NAME.expected.json) cover
each layout without ../shared; the real excerpts of each layout are in
test_corpus.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import govinfo_report as g
from goldcmp import table_misses

LAYOUTS = Path(__file__).parent / "fixtures" / "layouts"
CASES = sorted(p.stem for p in LAYOUTS.glob("*.txt"))


@pytest.mark.parametrize("name", CASES)
def test_layout_fixture(name: str) -> None:
    text = (LAYOUTS / f"{name}.txt").read_text(encoding="utf-8")
    expected = json.loads((LAYOUTS / f"{name}.expected.json").read_text(encoding="utf-8"))
    report = g.parse(text)
    got = report.to_dict()
    total, misses = table_misses(expected, got)
    assert total > 0
    assert misses == []
    for key in ("year", "format", "agency", "published"):
        if key in expected:
            assert str(got[key]) == str(expected[key]), key
    # values are placed by structure: a clean fixture leaves no truncation findings
    assert not [f for f in report.findings if f.code.startswith("row-")]


def test_all_layouts_give_the_same_records() -> None:
    records = {name: g.parse((LAYOUTS / f"{name}.txt").read_text(encoding="utf-8")) for name in CASES}
    first = next(iter(records.values()))
    for name, r in records.items():
        assert _values(r) == _values(first), name


def _values(r: g.Report) -> dict:
    d = r.to_dict()

    def strip(x: object) -> object:
        if isinstance(x, dict):
            return x["value"] if "raw" in x else {k: strip(v) for k, v in x.items()}
        return x

    return {t: strip(d[t]) for t in ("active_disclosure", "applications", "review_litigation")}
