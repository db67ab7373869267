"""The README's Python code type-checks the way a user's own file would.

The tour is copied into a file outside the repository and checked with ``mypy --strict`` (and pyright, when it
is installed) against the installed package, as any program using the library would be. A second file reads a
cell without narrowing its ``None``: the checker must reject it, so a pass means the package's types were
really seen.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: Reads a row the report may not print, without narrowing: strict checking must say so.
UNNARROWED = """\
import govinfo_report as g

r = g.parse_file(g.example_path())
print(r.active_disclosure.procurement)
"""


def readme_code() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return text.split("```python\n", 1)[1].split("```", 1)[0]


def user_files(tmp_path: Path) -> tuple[Path, Path]:
    """The README tour and the unnarrowed read, as two files of a user's project (no config of ours)."""
    project = tmp_path / "project"
    project.mkdir()
    tour = project / "readme_tour.py"
    tour.write_text(readme_code(), encoding="utf-8")
    bad = project / "unnarrowed.py"
    bad.write_text(UNNARROWED, encoding="utf-8")
    return tour, bad


def errors_by_file(output: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in output.splitlines():
        m = re.match(r"\s*(?:.*[/\\])?(\w+\.py):\d+(?::\d+)?:? -? ?error:? (.*)", line)
        if m:
            found.setdefault(m.group(1), []).append(m.group(2))
    return found


def test_readme_code_passes_mypy_strict_as_a_users_file(tmp_path: Path) -> None:
    if importlib.util.find_spec("mypy") is None:
        pytest.skip("mypy is not installed (it comes with the [test] extra)")
    tour, bad = user_files(tmp_path)
    config = tmp_path / "mypy.ini"
    config.write_text("[mypy]\n", encoding="utf-8")  # a user's defaults, not this project's settings
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--cache-dir",
            str(tmp_path / "cache"),
            "--config-file",
            str(config),
            tour.name,
            bad.name,
        ],
        cwd=tour.parent,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "MYPY_FORCE_COLOR": "0"},
    )
    errors = errors_by_file(out.stdout)
    assert "readme_tour.py" not in errors, out.stdout
    assert any("None" in e for e in errors.get("unnarrowed.py", [])), out.stdout + out.stderr


def test_readme_code_passes_pyright_as_a_users_file(tmp_path: Path) -> None:
    pyright = shutil.which("pyright", path=str(Path(sys.executable).parent)) or shutil.which("pyright")
    if pyright is None:
        pytest.skip("pyright is not installed (it comes with the [test] extra)")
    tour, bad = user_files(tmp_path)
    config = {
        "pythonVersion": "3.10",
        "typeCheckingMode": "standard",
        "venvPath": Path(sys.prefix).parent.as_posix(),
        "venv": Path(sys.prefix).name,
    }
    (tour.parent / "pyrightconfig.json").write_text(json.dumps(config), encoding="utf-8")
    out = subprocess.run([pyright, tour.name, bad.name], cwd=tour.parent, capture_output=True, text=True, timeout=600)
    errors = errors_by_file(out.stdout)
    assert "readme_tour.py" not in errors, out.stdout
    assert "unnarrowed.py" in errors, out.stdout + out.stderr
