"""The README starts with the two set-up commands, and CI runs the second one verbatim."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("```sh\n", 1)[1].split("```", 1)[0]
    return [line for line in block.strip().split("\n") if line]


def test_readme_starts_with_two_commands() -> None:
    cmds = setup_commands()
    assert len(cmds) == 2
    assert cmds[0].startswith("pip install . && govinfo-report parse examples/")
    assert (ROOT / cmds[0].split()[-1]).is_file()
    assert "pytest" in cmds[1]


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert setup_commands()[1] in ci.split("\n")


def test_readme_tour_runs_and_says_what_it_shows(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The Python tour of the README runs as printed, and its comments are what it returns."""
    from datetime import date
    from decimal import Decimal

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    code = text.split("```python\n", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(ROOT)
    scope: dict[str, object] = {}
    exec(compile(code, "README.md", "exec"), scope)
    r = scope["r"]
    assert (r.agency, r.year, r.published, r.format) == ("新疆维吾尔自治区应急管理厅", 2019, date(2020, 1, 23), "2019")
    cell = r.active_disclosure.procurement.amount
    assert (cell.raw, cell.value, cell.unit) == ("1378万", Decimal("1378"), "万")
    assert r.review_litigation.review.total.value == 2
    assert r.applications is None and r.section("applications").declared_none
