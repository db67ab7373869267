"""The release artefacts work: build the sdist and the wheel, check them as an index would, install the wheel
into a fresh venv outside the repository, run the README's first command there, and run the unpacked sdist's
own tests against that install.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow

#: Tests of the unpacked sdist run against the installed wheel: a reduced run that still reads the grammars,
#: the fixtures, the examples, the README and the CI script from the sdist.
SDIST_TESTS = ["tests/test_identity.py", "tests/test_seeds.py", "tests/test_readme.py"]


def _env() -> dict[str, str]:
    """The environment minus what would make the fresh venv see this checkout."""
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}


def _run(args: list[str], cwd: Path, timeout: int = 900) -> subprocess.CompletedProcess[str]:
    out = subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=_env(), timeout=timeout)
    assert out.returncode == 0, f"{' '.join(args)}\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}"
    return out


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("release")


@pytest.fixture(scope="module")
def dists(work: Path) -> tuple[Path, Path]:
    """``python -m build``: the sdist, then the wheel built from that sdist (so the sdist must be complete)."""
    out = work / "dist"
    _run([sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)], cwd=work)
    return next(out.glob("govinfo_report-*.tar.gz")), next(out.glob("govinfo_report-*.whl"))


@pytest.fixture(scope="module")
def venv(work: Path, dists: tuple[Path, Path]) -> Iterator[Path]:
    """A fresh venv outside the repository with the wheel (and the sdist tests' runners) installed."""
    venv = work / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], cwd=work)
    py = venv / "bin" / "python"
    _run([str(py), "-m", "pip", "install", "-q", str(dists[1]), "pytest>=8", "hypothesis>=6.100"], cwd=work)
    yield venv


def test_wheel_carries_grammars_example_types_and_licence(dists: tuple[Path, Path]) -> None:
    names = set(zipfile.ZipFile(dists[1]).namelist())
    for name in (
        "govinfo_report/grammars/outline.lark",
        "govinfo_report/grammars/table.lark",
        "govinfo_report/py.typed",
        "govinfo_report/data/xinjiang-2019.txt",
        "govinfo_report/__main__.py",
        "govinfo_report/templates/report.html.j2",
    ):
        assert name in names, name
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    text = zipfile.ZipFile(dists[1]).read(metadata).decode("utf-8")
    import govinfo_report

    assert f"Version: {govinfo_report.__version__}" in text
    assert "License-Expression: MIT" in text
    for classifier in (
        "Programming Language :: Python :: 3.10",
        "Programming Language :: Python :: 3.13",
        "Operating System :: OS Independent",
        "Natural Language :: Chinese (Simplified)",
    ):
        assert f"Classifier: {classifier}" in text
    assert "Project-URL: Source, https://github.com/govinfo-report/govinfo-report" in text


def test_sdist_carries_what_its_tests_need(dists: tuple[Path, Path]) -> None:
    with tarfile.open(dists[0]) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    for name in (
        "LICENSE",
        "CHANGELOG.md",
        "README.md",
        "pyproject.toml",
        ".ci/run",
        "mkdocs.yml",
        "grammars/outline.lark",
        "grammars/table.lark",
        "examples/xinjiang-2019.txt",
        "src/govinfo_report/data/xinjiang-2019.txt",
        "tests/conftest.py",
        "docs/spec.md",
    ):
        assert name in names, name
    assert any(n.startswith("tests/fixtures/") for n in names)
    assert any(n.startswith("tests/examples/") for n in names)


def test_twine_check_passes(dists: tuple[Path, Path], work: Path) -> None:
    out = _run([sys.executable, "-m", "twine", "check", "--strict", *map(str, dists)], cwd=work)
    assert out.stdout.count("PASSED") == 2, out.stdout


def test_installed_wheel_runs_the_readmes_first_command(venv: Path, work: Path) -> None:
    """`pip install govinfo-report && govinfo-report demo`, with the wheel standing in for the index."""
    readme_first = (ROOT / "README.md").read_text(encoding="utf-8").split("```sh\n", 1)[1].split("\n", 1)[0]
    command = readme_first.split(" && ", 1)[1].split()
    assert command == ["govinfo-report", "demo"]
    out = _run([str(venv / "bin" / command[0]), *command[1:]], cwd=work)
    assert '"agency": "新疆维吾尔自治区应急管理厅"' in out.stdout and '"year": 2019' in out.stdout
    again = _run([str(venv / "bin" / "python"), "-m", "govinfo_report", "demo", "--compact"], cwd=work)
    assert again.stdout.count("\n") == 1 and '"format": "2019"' in again.stdout


def test_installed_wheel_parses_from_its_own_files(venv: Path, work: Path) -> None:
    """Outside the repository the grammars and the example come from site-packages, not from a checkout."""
    report = work / "report.txt"
    report.write_bytes((ROOT / "tests" / "fixtures" / "seed-xinjiang-2019.txt").read_bytes())
    code = (
        "import govinfo_report as g\n"
        "from importlib import resources\n"
        "assert 'site-packages' in g.__file__, g.__file__\n"
        "assert (resources.files('govinfo_report') / 'grammars' / 'table.lark').is_file()\n"
        "r = g.parse_file('report.txt')\n"
        "assert g.validate(r) == g.validate(r)\n"
        "print(r.year, r.format, r.active_disclosure.procurement.amount.raw)\n"
    )
    out = _run([str(venv / "bin" / "python"), "-c", code], cwd=work)
    assert out.stdout.split() == ["2019", "2019", "1378万"]
    cli = _run([str(venv / "bin" / "govinfo-report"), "parse", "report.txt", "--compact"], cwd=work)
    assert '"year": 2019' in cli.stdout


def test_unpacked_sdists_tests_pass_against_the_wheel(venv: Path, dists: tuple[Path, Path], work: Path) -> None:
    unpacked = work / "sdist"
    with tarfile.open(dists[0]) as tar:
        if hasattr(tarfile, "data_filter"):
            tar.extractall(unpacked, filter="data")
        else:  # pragma: no cover - Pythons before the extraction filters
            tar.extractall(unpacked)
    top = next(unpacked.iterdir())
    # -o addopts: the project's options name plugins (pytest-benchmark) the reduced run does not install
    out = _run(
        [
            str(venv / "bin" / "python"),
            "-m",
            "pytest",
            "-q",
            "-x",
            "-p",
            "no:cacheprovider",
            "-o",
            "addopts=-ra",
            *SDIST_TESTS,
        ],
        cwd=top,
    )
    assert " passed" in out.stdout and "failed" not in out.stdout, out.stdout
