"""Accuracy on the real corpus (../shared/corpus), printed and asserted.

Skipped when the corpus is absent (a user's fresh clone); CI has it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import govinfo_report as g
from conftest import body, corpus_dir, load_gold
from goldcmp import table_misses


def _header(path: Path) -> dict[str, str]:
    head: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").split("\n")[:12]:
        if line == "---":
            break
        k, _, v = line.partition(":")
        head[k.strip()] = v.strip()
    return head


def _score(paths: list[Path]) -> dict[str, object]:
    cells = correct = crashes = refused = 0
    meta = meta_ok = 0
    wrong: list[str] = []
    for src in paths:
        gold = load_gold(src.with_name(src.stem + ".gold.json"))
        text = body(src.read_text(encoding="utf-8"))
        try:
            got = g.parse(text).to_dict()
        except g.ParseError:
            refused += 1
            got = {}
        except Exception as e:
            crashes += 1
            wrong.append(f"{src.name}: {type(e).__name__}: {e}")
            got = {}
        total, misses = table_misses(gold, got)
        cells += total
        correct += total - len(misses)
        wrong += [f"{src.name}: {p} gold={a!r} got={b!r}" for p, a, b in misses]
        not_report = gold.get("doc_kind") in ("format_document", "other")
        for key in ("year", "format"):
            if gold.get(key) is None:
                continue
            # "states them": the year must be printed in the text itself (m030 has it only in its URL)
            if key == "year" and str(gold["year"]) not in text:
                continue
            meta += 1
            if not_report and key == "format" and got.get("format", "unknown") == "unknown":
                meta_ok += 1
            elif str(got.get(key)) == str(gold[key]):
                meta_ok += 1
            else:
                wrong.append(f"{src.name}: {key} gold={gold[key]!r} got={got.get(key)!r}")
    return {
        "cells": cells,
        "correct": correct,
        "accuracy": correct / cells if cells else 0.0,
        "crashes": crashes,
        "refused": refused,
        "meta": meta,
        "meta_ok": meta_ok,
        "wrong": wrong,
    }


def _print(label: str, s: dict[str, object]) -> None:
    print(
        f"\n{label}: cells {s['correct']}/{s['cells']} = {s['accuracy']:.4f}; year+format {s['meta_ok']}/{s['meta']}; "
        f"ParseError {s['refused']}; crashes {s['crashes']}"
    )
    for w in s["wrong"][:20]:  # type: ignore[index]
        print("  ", w)


def test_pipe_layouts_at_least_98_percent() -> None:
    pages = corpus_dir("pages")
    files = [
        p for p in sorted(pages.glob("m*.txt")) if _header(p).get("layout") in ("pipe-rows", "pipe-cells-per-line")
    ]
    assert len(files) >= 10
    s = _score(files)
    _print("pipe layouts", s)
    assert s["crashes"] == 0
    assert s["accuracy"] >= 0.98


def test_all_pages_and_seeds_at_least_99_percent() -> None:
    files = sorted(corpus_dir("pages").glob("*.txt")) + sorted(corpus_dir("seeds").glob("*.txt"))
    s = _score(files)
    _print("pages + seeds", s)
    assert s["crashes"] == 0
    assert s["accuracy"] >= 0.99
    assert s["meta_ok"] == s["meta"], s["wrong"]


LAYOUTS = ("pipe-rows", "pipe-cells-per-line", "plain-cells-per-line", "pdf-text", "other")


@pytest.mark.parametrize("layout", LAYOUTS)
def test_each_layout_on_real_text(layout: str) -> None:
    files = [p for p in sorted(corpus_dir("pages").glob("m*.txt")) if _header(p).get("layout") == layout]
    assert files, f"no real excerpt of layout {layout}"
    s = _score(files)
    _print(layout, s)
    assert s["crashes"] == 0 and s["cells"] > 0
    assert s["accuracy"] == 1.0


@pytest.mark.parametrize("script", ("traditional",))
def test_traditional_script_pages(script: str) -> None:
    files = [p for p in sorted(corpus_dir("pages").glob("*.txt")) if _header(p).get("script") == script]
    s = _score(files)
    _print(script, s)
    assert s["crashes"] == 0 and s["accuracy"] == 1.0


def test_legacy_reports_are_legacy_with_year_and_sections() -> None:
    pages = corpus_dir("pages")
    legacy = [
        p
        for p in sorted(pages.glob("v*.txt"))
        if load_gold(p.with_name(p.stem + ".gold.json")).get("format") == "legacy"
    ]
    assert len(legacy) >= 5
    for p in legacy:
        gold = load_gold(p.with_name(p.stem + ".gold.json"))
        r = g.parse(body(p.read_text(encoding="utf-8")))
        assert r.format == "legacy", p.name
        assert r.year == gold["year"], p.name
        assert r.sections, p.name


def test_format_notices_are_not_reports() -> None:
    pages = corpus_dir("pages")
    for p in sorted(pages.glob("v*.txt")):
        gold = load_gold(p.with_name(p.stem + ".gold.json"))
        if gold.get("doc_kind") != "format_document":
            continue
        try:
            r = g.parse(body(p.read_text(encoding="utf-8")))
        except g.ParseError:
            continue
        assert r.format == "unknown", p.name
        assert any(f.code == "not-a-report" for f in r.findings), p.name


def test_declared_none_statements_match_gold() -> None:
    files = sorted(corpus_dir("pages").glob("*.txt")) + sorted(corpus_dir("seeds").glob("*.txt"))
    checked = 0
    for p in files:
        gold = load_gold(p.with_name(p.stem + ".gold.json"))
        if "declared_none" not in gold or gold.get("doc_kind") == "format_document":
            continue
        r = g.parse(body(p.read_text(encoding="utf-8")))
        assert sorted(r.declared_none) == sorted(gold["declared_none"]), p.name
        checked += 1
    assert checked >= 10


def test_no_pinyin_left_in_any_text() -> None:
    rx = re.compile(r"(?<=[\u4e00-\u9fff])\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}\)")
    for p in sorted(corpus_dir("pages").glob("*.txt")):
        try:
            r = g.parse(body(p.read_text(encoding="utf-8")))
        except g.ParseError:
            continue
        for t in [r.title or "", r.preamble, *(s.text for s in r.sections)]:
            assert not rx.search(t), (p.name, rx.search(t))


def test_metadata_matches_gold_wherever_gold_has_it() -> None:
    files = sorted(corpus_dir("pages").glob("*.txt")) + sorted(corpus_dir("seeds").glob("*.txt"))
    checked = 0
    for p in files:
        gold = load_gold(p.with_name(p.stem + ".gold.json"))
        r = g.parse(body(p.read_text(encoding="utf-8")))
        got = r.to_dict()
        for key in ("agency", "title", "published"):
            if key in gold:
                assert got[key] == gold[key], (p.name, key)
                checked += 1
    assert checked >= 20
