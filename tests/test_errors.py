"""Bad input: a ParseError naming line, column and what was expected — never a stray traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import govinfo_report as g

INVALID = Path(__file__).parent / "fixtures" / "invalid"
FIX = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize("path", sorted(INVALID.iterdir()), ids=lambda p: p.name)
def test_not_a_report_raises_parse_error_with_position(path: Path) -> None:
    with pytest.raises(g.ParseError) as info:
        g.parse_file(path)
    e = info.value
    assert e.line >= 1 and e.column >= 1
    assert e.expected
    assert f":{e.line}:{e.column}:" in str(e)
    assert isinstance(e, ValueError)  # catchable as a plain ValueError too


def test_binary_error_points_at_the_first_bad_byte() -> None:
    with pytest.raises(g.ParseError) as info:
        g.parse("总体情况\n第二行\nab\x00cd")
    assert (info.value.line, info.value.column) == (3, 3)
    assert "binary" in info.value.message


def test_parse_takes_text_not_bytes() -> None:
    with pytest.raises(TypeError):
        g.parse(b"bytes")  # type: ignore[arg-type]


def test_damaged_report_gives_a_report_with_findings() -> None:
    text = (FIX / "layouts" / "pipe-rows.txt").read_text(encoding="utf-8")
    cut = text.index("(二)部分公开") + 40  # an excerpt that stops inside a row of table 三
    r = g.parse(text[:cut])
    assert r.year == 2023
    assert r.active_disclosure is not None and r.applications.granted is not None
    assert r.review_litigation is None
    assert any(f.code == "row-truncated" and f.row == "partially_granted" for f in r.findings)


def test_error_levels() -> None:
    text = (
        (FIX / "seed-xinjiang-2019.txt")
        .read_text(encoding="utf-8")
        .replace("行政许可 |\n11 |\n9 |\n2 |\n", "行政许可 |\n11 |\n")
    )
    assert g.parse(text).findings
    assert g.parse(text, level="ignore").findings == ()
    with pytest.raises(g.ParseError) as info:  # a strict read stops at the first damage
        g.parse(text, level=g.ErrorLevel.RAISE)
    first = next(f for f in g.parse(text).findings if f.severity != "info")
    assert info.value.line == first.line and info.value.message.startswith(first.code)
    assert "行政许可" in info.value.snippet
    clean = (FIX / "seed-xinjiang-2019.txt").read_text(encoding="utf-8")
    assert g.parse(clean, level="raise") == g.parse(clean)  # nothing to stop at


def run_cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "govinfo_report.cli", *args],
        capture_output=True,
        text=True,
        input=None if stdin is None else stdin.decode("utf-8"),
        timeout=120,
    )


def test_cli_parse_prints_spec_json() -> None:
    import json

    p = run_cli("parse", str(FIX / "seed-xinjiang-2019.txt"))
    assert p.returncode == 0, p.stderr
    data = json.loads(p.stdout)
    assert data["year"] == 2019 and data["format"] == "2019"
    assert data["active_disclosure"]["procurement"]["amount"] == {"value": "1378", "raw": "1378万", "unit": "万"}
    assert list(data)[:10] == [
        "title",
        "agency",
        "year",
        "published",
        "format",
        "sections",
        "active_disclosure",
        "applications",
        "review_litigation",
        "findings",
    ]


def test_cli_parse_reads_stdin() -> None:
    p = run_cli("parse", "-", "--compact", stdin=(FIX / "seed-xinjiang-2019.txt").read_bytes())
    assert p.returncode == 0, p.stderr
    assert p.stdout.count("\n") == 1


@pytest.mark.parametrize("name", ["weather-news.txt", "empty.txt", "binary.bin"])
def test_cli_parse_on_a_non_report_is_one_line_no_traceback(name: str) -> None:
    p = run_cli("parse", str(INVALID / name))
    assert p.returncode == 2
    assert "Traceback" not in p.stderr
    lines = p.stderr.strip().split("\n")
    assert len(lines) == 1
    assert f"{INVALID / name}:" in lines[0] and "expected" in lines[0]


def test_cli_missing_file_is_one_line() -> None:
    p = run_cli("parse", "/nonexistent/report.txt")
    assert p.returncode == 2 and "Traceback" not in p.stderr and "cannot read" in p.stderr


def test_cli_help_explains() -> None:
    p = run_cli("--help")
    assert p.returncode == 0
    for word in ("parse", "render", "check", "batch", "examples:", "exit status"):
        assert word in p.stdout
