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
