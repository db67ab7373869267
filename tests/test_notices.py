"""Documents that are not reports but notices about them: what the reader finds survives render.

A notice names its issuing office above its title (or fused with it); the reader takes that office as
the document's ``agency``. The canonical text must carry it, so that reading it back gives the same
record: ``parse(render(parse(x)))`` equals ``parse(x)`` for notices as for reports.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from attrs import evolve
from hypothesis import given

import govinfo_report as g
from conftest import CORPUS, body
from govinfo_report import testing
from govinfo_report.model import Report


def same_record(a: Report, b: Report) -> bool:
    """Equal apart from what the text was (normalisation) and what the reader noticed (findings)."""
    return evolve(a, findings=(), normalisation=b.normalisation) == evolve(b, findings=())


@given(testing.notices())
def test_generated_notices_keep_their_issuer_through_render(notice: tuple[str, str]) -> None:
    text, issuer = notice
    r = g.parse(text)
    assert r.format == "unknown" and any(f.code == "not-a-report" for f in r.findings)
    assert r.agency == issuer
    again = g.parse(g.render(r))
    assert same_record(r, again)
    assert g.render(again) == g.render(r)


def _corpus_files() -> list[Path]:
    return sorted(p for p in CORPUS.rglob("*") if p.suffix in (".txt", ".html", ".pdf")) if CORPUS.is_dir() else []


@pytest.mark.corpus
@pytest.mark.parametrize("path", _corpus_files(), ids=lambda p: p.name)
def test_every_real_document_that_parses_reads_back_the_same_record(path: Path) -> None:
    """Reports and notices alike (v001, v006, v026 are notices whose issuer is printed above the title)."""
    try:
        r = g.parse(body(path.read_text(encoding="utf-8"))) if path.suffix == ".txt" else g.parse_file(path)
    except g.ParseError:
        pytest.skip("not a document the reader takes")
    assert same_record(r, g.parse(g.render(r)))


@pytest.mark.corpus
def test_a_real_notice_names_its_issuer_as_agency() -> None:
    path = CORPUS / "pages" / "v026.txt"
    if not path.is_file():
        pytest.skip(f"real corpus not available at {CORPUS}")
    r = g.parse(body(path.read_text(encoding="utf-8")))
    assert r.format == "unknown"
    assert r.agency == "国务院办公厅政府信息与政务公开办公室"
    assert g.render(r).startswith("发布机构:国务院办公厅政府信息与政务公开办公室\n")
