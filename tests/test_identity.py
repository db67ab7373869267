"""Canonical texts are fixed points, and their records are pinned (plain-text fixtures, tomlkit style).

tests/examples/NAME.txt is a canonical text (what render writes) and NAME.json
the Report it must parse to; tests/examples/invalid/*.txt are inputs that are no
report at all and must raise ParseError. Adding a case is adding files, no code.

After a deliberate change to the model or the parser, rewrite the JSON with
``GOVINFO_REGEN_EXAMPLES=1 pytest tests/test_identity.py`` and review the diff:
a changed record must be a fix, never a regression blessed.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import govinfo_report as g
from govinfo_report.render import render

EXAMPLES = Path(__file__).parent / "examples"
CASES = sorted(EXAMPLES.glob("*.txt"))
INVALID = sorted((EXAMPLES / "invalid").glob("*.txt"))
REGEN = os.environ.get("GOVINFO_REGEN_EXAMPLES") == "1"


def read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")  # bytes: no newline translation, so the text is exact


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_canonical_text_renders_back_to_itself(path: Path) -> None:
    text = read(path)
    assert render(g.parse(text)) == text


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_canonical_text_parses_to_its_expected_records(path: Path) -> None:
    report = g.parse(read(path))
    expected_path = path.with_suffix(".json")
    if REGEN:
        expected_path.write_text(report.to_json(indent=1) + "\n", encoding="utf-8")
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    assert report.to_dict() == expected
    assert g.Report.from_dict(expected) == report  # the pinned JSON is itself a valid Report


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_input_raises_parse_error(path: Path) -> None:
    with pytest.raises(g.ParseError):
        g.parse(read(path))


def test_there_are_examples_of_every_kind() -> None:
    """Both formats, a declared-none report, damaged cells, a table before any heading, and invalid inputs."""
    formats = {json.loads(p.with_suffix(".json").read_text(encoding="utf-8"))["format"] for p in CASES}
    assert {"2019", "2021"} <= formats
    assert len(CASES) >= 6 and len(INVALID) >= 8
