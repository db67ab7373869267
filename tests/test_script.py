"""Traditional script, with and without pinyin readings, gives the records of the simplified text."""

from __future__ import annotations

import random
from pathlib import Path

import opencc
import pytest
from pypinyin import Style, pinyin

import govinfo_report as g
from govinfo_report.normalise import normalise, strip_readings

FIX = Path(__file__).parent / "fixtures"
SOURCES = [FIX / "seed-xinjiang-2019.txt", *sorted((FIX / "layouts").glob("*.txt"))]
S2T = opencc.OpenCC("s2t")


def annotate(text: str, style: Style, share: float, seed: int) -> str:
    """Put a pinyin reading after a share of the Han characters, as mirror sites do."""
    rnd = random.Random(seed)
    out = []
    for ch in text:
        out.append(ch)
        if "\u4e00" <= ch <= "\u9fff" and rnd.random() < share:
            reading = pinyin(ch, style=style)[0][0]
            if reading.isalpha() and reading.lower() == reading:
                out.append(f"({reading})" * (2 if style == Style.NORMAL and rnd.random() < 0.1 else 1))
    return "".join(out)


def records(r: g.Report) -> tuple[object, ...]:
    return (
        r.year,
        r.format,
        r.agency,
        r.published,
        r.active_disclosure,
        r.applications,
        r.review_litigation,
        r.declared_none,
        [(s.number, s.kind) for s in r.sections],
    )


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.stem)
def test_traditional_gives_the_same_records(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    simplified = g.parse(text)
    traditional = g.parse(S2T.convert(text))
    assert traditional.normalisation.script == "traditional"
    assert records(traditional) == records(simplified)


S2TWP = opencc.OpenCC("s2twp")


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.stem)
def test_taiwan_localised_wording_gives_the_same_records(path: Path) -> None:
    """QUIRKS §6: zh-TW mirrors also change words (政府資訊公開, 規範性檔案, 入口網站): same records."""
    text = path.read_text(encoding="utf-8")
    localised = S2TWP.convert(text)
    assert "資訊" in localised
    simplified, r = g.parse(text), g.parse(localised)
    assert records(r) == records(simplified)
    assert r.title == simplified.title


@pytest.mark.parametrize("style", [Style.TONE, Style.NORMAL], ids=["tone-marks", "toneless"])
@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.stem)
def test_traditional_with_pinyin_readings_gives_the_same_records(path: Path, style: Style) -> None:
    text = path.read_text(encoding="utf-8")
    simplified = g.parse(text)
    annotated = annotate(S2T.convert(text), style, 0.4, seed=len(text))
    assert annotated != S2T.convert(text)
    r = g.parse(annotated)
    assert r.normalisation.readings_removed > 10
    assert records(r) == records(simplified)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("應(yīng)急管理部", "應急管理部"),
        ("第二十條第(一)項(xiàng)", "第二十條第(一)項"),
        ("文(wen)章(zhang)", "文章"),
        ("公(gong)(gong)(gong)(gong)開(kai)(kai)", "公開"),
        ("辦公廳(室(shi))", "辦公廳(室)"),
        ("政(zheng)(zheng)府(fu)(fu)(f", "政府"),
        ("(一)予以公开", "(一)予以公开"),
        ("格式(试行)", "格式(试行)"),
        ("(单位:万元)", "(单位:万元)"),
        ("附件(PDF)", "附件(PDF)"),
        ("數(shù)量", "數量"),
    ],
)
def test_readings_are_removed_and_real_parentheses_kept(raw: str, clean: str) -> None:
    assert strip_readings(raw)[0] == clean


def test_normalise_folds_full_width_and_records_what_it_did() -> None:
    n = normalise("（一）總計：１２３，４５６\u3000件")
    assert n.text == "(一)总计:123,456 件"
    assert n.script == "traditional"
    assert n.traditional_chars == 2
    assert normalise("总计").script == "simplified"


def test_zhe_is_folded_right_by_tw2s() -> None:
    # t2s would turn 著 into 着 everywhere; tw2s keeps 著作 as it is
    assert normalise("著作權").text == "著作权"
