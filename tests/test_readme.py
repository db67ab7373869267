"""The README works where people read it: on PyPI, after `pip install`, and in a clone.

Its first command needs nothing but the installed package; its contributor block is the line CI runs;
its links are absolute (PyPI cannot follow relative ones) and point at files that exist.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
REPO_URL = "https://github.com/govinfo-report/govinfo-report"


def sh_blocks() -> list[list[str]]:
    """The lines of each ```sh block of the README, in order."""
    text = README.read_text(encoding="utf-8")
    return [
        [line for line in block.strip().split("\n") if line] for block in re.findall(r"```sh\n(.*?)```", text, re.S)
    ]


def first_command() -> str:
    return sh_blocks()[0][0]


def test_first_command_runs_on_an_installed_package() -> None:
    """No clone needed: install from the index, then the demo of the example shipped in the package."""
    assert sh_blocks()[0] == ["pip install govinfo-report && govinfo-report demo"]


def test_contributor_block_clones_then_runs_the_ci_test_line() -> None:
    dev = next(block for block in sh_blocks() if block[0].startswith("git clone "))
    assert dev[0] == f"git clone {REPO_URL}.git && cd govinfo-report"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "pytest" in dev[1]
    assert dev[1] in ci.split("\n"), "CI must run the README's test line verbatim"


def test_links_are_absolute_and_point_at_files_that_exist() -> None:
    text = README.read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)]+)\)", text)
    assert links
    for link in links:
        assert link.startswith("https://"), f"relative link {link!r} does not work on PyPI"
        if link.startswith(f"{REPO_URL}/blob/main/"):
            path = link.removeprefix(f"{REPO_URL}/blob/main/").split("#")[0]
            assert (ROOT / path).is_file(), link


def test_demo_is_the_first_commands_output(capsys: pytest.CaptureFixture[str]) -> None:
    """`govinfo-report demo` prints the JSON of the example report the package carries."""
    import json

    from govinfo_report.cli import main

    assert main(["demo", "--compact"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["agency"], data["year"], data["format"]) == ("新疆维吾尔自治区应急管理厅", 2019, "2019")


def test_bundled_example_is_the_repository_example() -> None:
    """The copy inside the package (for installed users) and examples/ (for readers of the repo) agree."""
    import govinfo_report as g

    assert g.example_path().read_bytes() == (ROOT / "examples" / "xinjiang-2019.txt").read_bytes()


def test_readme_tour_runs_and_says_what_it_shows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The Python tour of the README runs as printed, anywhere, and its comments are what it returns."""
    from datetime import date
    from decimal import Decimal

    text = README.read_text(encoding="utf-8")
    code = text.split("```python\n", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(tmp_path)  # the tour needs no file of the repository
    scope: dict[str, object] = {}
    exec(compile(code, "README.md", "exec"), scope)
    r: Any = scope["r"]
    assert (r.agency, r.year, r.published, r.format) == ("新疆维吾尔自治区应急管理厅", 2019, date(2020, 1, 23), "2019")
    cell = r.active_disclosure.procurement.amount
    assert (cell.raw, cell.value, cell.unit) == ("1378万", Decimal("1378"), "万")
    assert r.review_litigation.review.total.value == 2
    assert r.applications is None and r.section("applications").declared_none
