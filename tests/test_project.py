"""How the package is laid out and entered: grammars beside src/, one version, `python -m`, the demo,
plain `validate`/`render` functions, `__all__`, and logging instead of prints in the library.
"""

from __future__ import annotations

import importlib
import json
import logging
import pkgutil
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import pytest

import govinfo_report as g
from govinfo_report import loader

ROOT = Path(__file__).resolve().parent.parent
GRAMMARS = ("outline", "table")


def pyproject() -> dict[str, Any]:
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+; the checks are the same on every Python
    return dict(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8")))


# ------------------------------------------------------------------ grammars at the top level
def test_grammars_live_beside_src_and_the_wheel_config_carries_them() -> None:
    for name in GRAMMARS:
        assert (ROOT / "grammars" / f"{name}.lark").is_file()
    config = pyproject()
    wheel = config["tool"]["hatch"]["build"]["targets"]["wheel"]
    assert wheel["force-include"] == {"grammars": "govinfo_report/grammars"}
    assert "grammars/" in config["tool"]["hatch"]["build"]["targets"]["sdist"]["include"]


def test_grammar_text_is_the_grammar_of_the_repository() -> None:
    """However the package is installed here (editable from src/, or a wheel), it reads these grammars."""
    for name in GRAMMARS:
        assert loader.grammar_text(name) == (ROOT / "grammars" / f"{name}.lark").read_text(encoding="utf-8")


def test_grammar_text_prefers_the_copy_inside_the_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As in an installed wheel: govinfo_report/grammars/NAME.lark."""
    (tmp_path / "grammars").mkdir()
    (tmp_path / "grammars" / "outline.lark").write_text("start: INSTALLED\n", encoding="utf-8")
    monkeypatch.setattr(loader.resources, "files", lambda package: tmp_path)
    assert loader.grammar_text("outline") == "start: INSTALLED\n"


def test_grammar_text_falls_back_to_the_checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As in an editable install: the package runs from src/, the grammars are in grammars/ beside it."""
    monkeypatch.setattr(loader.resources, "files", lambda package: tmp_path)  # a package dir without grammars
    checkout = tmp_path / "checkout"
    (checkout / "grammars").mkdir(parents=True)
    (checkout / "grammars" / "table.lark").write_text("start: CHECKOUT\n", encoding="utf-8")
    monkeypatch.setattr(loader, "__file__", str(checkout / "src" / "govinfo_report" / "loader.py"))
    assert loader.grammar_text("table") == "start: CHECKOUT\n"
    with pytest.raises(FileNotFoundError, match=r"nowhere\.lark"):
        loader.grammar_text("nowhere")


# ------------------------------------------------------------------ one version
def test_version_is_written_once() -> None:
    config = pyproject()
    assert "version" in config["project"]["dynamic"] and "version" not in config["project"]
    assert config["tool"]["hatch"]["version"]["path"] == "src/govinfo_report/_version.py"
    from govinfo_report._version import __version__

    assert g.__version__ == __version__


# ------------------------------------------------------------------ python -m, the demo
def test_python_m_runs_the_command() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "govinfo_report", "--version"], capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.strip() == f"govinfo-report {g.__version__}"


def test_demo_prints_the_json_of_the_bundled_example(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "govinfo_report", "demo"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        cwd=tmp_path,
    )
    data = json.loads(out.stdout)
    assert data == json.loads(g.parse_file(g.example_path()).to_json())
    assert data["applications"] is None and data["sections"][2]["declared_none"] is True


def test_demo_help_says_what_the_example_is() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "govinfo_report", "demo", "--help"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert "example report shipped inside the package" in out.stdout
    assert "govinfo-report parse FILE" in out.stdout and "docs/spec.md" in out.stdout
    top = subprocess.run(
        [sys.executable, "-m", "govinfo_report", "--help"], capture_output=True, text=True, check=True, timeout=120
    )
    assert "demo" in top.stdout and "SPEC" not in top.stdout


def test_demo_writes_to_a_file(tmp_path: Path) -> None:
    from govinfo_report.cli import main

    target = tmp_path / "example.json"
    assert main(["demo", "-o", str(target)]) == 0
    assert json.loads(target.read_text(encoding="utf-8"))["year"] == 2019


# ------------------------------------------------------------------ validate and render are functions
def test_validate_and_render_are_plain_functions_whatever_was_imported() -> None:
    import govinfo_report.render
    import govinfo_report.validate  # noqa: F401 - the submodules, as a user may import them

    importlib.import_module("govinfo_report.validate")
    assert isinstance(g.validate, types.FunctionType) and isinstance(g.render, types.FunctionType)
    r = g.parse_file(g.example_path())
    assert g.validate(r) == g.validate(r) == []
    assert g.render(r) == g.render(r)


def test_a_fresh_interpreter_that_imports_the_submodules_first() -> None:
    code = (
        "from govinfo_report.validate import validate as stage\n"
        "import govinfo_report.render, govinfo_report as g\n"
        "r = g.parse_file(g.example_path())\n"
        "assert g.validate(r) == g.validate(r) == stage(r)\n"
        "print(type(g.validate).__name__, type(g.render).__name__)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.split() == ["function", "function"]


# ------------------------------------------------------------------ __all__
def _modules() -> list[types.ModuleType]:
    return [
        importlib.import_module(f"govinfo_report.{m.name}")
        for m in pkgutil.iter_modules(g.__path__)
        if not m.name.startswith("_") and m.name not in ("dask",)
    ]  # dask needs its extra


def test_every_name_in_all_exists() -> None:
    for module in [g, *_modules()]:
        for name in getattr(module, "__all__", ()):
            assert hasattr(module, name), f"{module.__name__}.__all__ names {name}, which it lacks"


def test_every_public_module_declares_all() -> None:
    """What a module offers is said, not inferred from what it happens to import."""
    missing = [m.__name__ for m in [g, *_modules()] if not hasattr(m, "__all__")]
    assert not missing, missing


def test_the_package_exports_what_the_readme_uses() -> None:
    for name in ("parse", "parse_file", "validate", "render", "example_path", "Report", "__version__"):
        assert name in g.__all__


# ------------------------------------------------------------------ logging, not print
def test_library_modules_do_not_print() -> None:
    """The command line prints; the library logs. (validate.run_check is the check command's body.)"""
    allowed = {"cli.py", "__main__.py", "validate/check.py"}
    for path in (ROOT / "src" / "govinfo_report").rglob("*.py"):
        if path.relative_to(ROOT / "src" / "govinfo_report").as_posix() in allowed:
            continue
        source = path.read_text(encoding="utf-8")
        assert "print(" not in source.replace("pprint(", ""), f"{path.name} prints; log through logging instead"


def test_the_library_is_silent_and_the_command_shows_its_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    from govinfo_report.cli import main

    log = logging.getLogger("govinfo_report.batch")
    assert any(isinstance(h, logging.NullHandler) for h in logging.getLogger("govinfo_report").handlers)
    assert main(["demo", "--compact"]) == 0
    capsys.readouterr()
    log.warning("interrupted after %d files; run the same command again to resume", 3)
    assert (
        capsys.readouterr().err == "govinfo-report: interrupted after 3 files; run the same command again to resume\n"
    )
