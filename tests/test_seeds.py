"""The two seed reports the project started from, against every value read by hand.

The seeds are copied into tests/fixtures, so this runs without ../shared.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import govinfo_report as g
from conftest import load_gold
from goldcmp import table_misses

FIX = Path(__file__).parent / "fixtures"


def test_xinjiang_2019_every_gold_value() -> None:
    gold = load_gold(FIX / "seed-xinjiang-2019.gold.json")
    r = g.parse_file(FIX / "seed-xinjiang-2019.txt")
    got = r.to_dict()
    total, misses = table_misses(gold, got)
    assert total == 37 and misses == []
    for key in ("title", "agency", "year", "published", "format"):
        assert str(got[key]) == str(gold[key]), key
    assert list(r.declared_none) == gold["declared_none"]
    # the 1378万 procurement amount keeps its unit; 无 in section 三 is a statement, not zeros
    amount = r.active_disclosure.procurement.amount
    assert (amount.raw, str(amount.value), amount.unit) == ("1378万", "1378", "万")
    assert r.applications is None
    assert r.section("applications").declared_none is True
    assert r.section("other_matters").declared_none is False  # 六 is not a statistics section
    assert [s.number for s in r.sections] == [1, 2, 3, 4, 5, 6]
    assert r.signed_by == "自治区应急管理厅"


def test_ministry_2023_traditional_with_pinyin() -> None:
    gold = load_gold(FIX / "seed-mem-2023.gold.json")
    r = g.parse_file(FIX / "seed-mem-2023.txt")
    assert (r.agency, r.year, r.published, r.format) == ("应急管理部", 2023, dt.date(2024, 1, 24), "2021")
    assert r.title == gold["title"]
    # the tables were images on the page: None, never a table of zeros
    assert r.active_disclosure is None and r.applications is None and r.review_litigation is None
    assert list(r.declared_none) == gold["declared_none"]
    assert r.normalisation.script == "traditional"
    assert r.normalisation.readings_removed > 100
    texts = [r.title or "", r.preamble] + [s.text + s.heading for s in r.sections]
    for t in texts:
        assert not re.search(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}\)", t), t[:80]
        assert "報" not in t and "應" not in t
    assert [s.number for s in r.sections] == [1, 2, 3, 4, 5, 6]
    for name, value in gold["prose"].items():
        assert getattr(r.prose, name) == value, name


def test_json_round_trip_of_seeds() -> None:
    for name in ("seed-xinjiang-2019.txt", "seed-mem-2023.txt"):
        r = g.parse_file(FIX / name)
        assert g.from_json(r.to_json()) == r
        assert g.Report.from_dict(r.to_dict()) == r
