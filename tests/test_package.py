"""The wheel carries its grammars: build it, install it into a fresh venv outside the repo, parse there."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_installs_and_parses_outside_the_repo(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)],
                   check=True, timeout=600)
    wheel = next(dist.glob("govinfo_report-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "govinfo_report/grammars/outline.lark" in names
    assert "govinfo_report/grammars/table.lark" in names
    assert "govinfo_report/py.typed" in names

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    py = venv / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "-q", str(wheel)], check=True, timeout=600)
    report = tmp_path / "report.txt"
    report.write_bytes((ROOT / "tests" / "fixtures" / "seed-xinjiang-2019.txt").read_bytes())
    code = (
        "import govinfo_report as g, pathlib, sys\n"
        "r = g.parse_file('report.txt')\n"
        "assert 'site-packages' in g.__file__, g.__file__\n"
        "print(r.year, r.format, r.active_disclosure.procurement.amount.raw)\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    out = subprocess.run([str(py), "-c", code], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["2019", "2019", "1378万"]
    cli = subprocess.run([str(venv / "bin" / "govinfo-report"), "parse", "report.txt", "--compact"], cwd=tmp_path,
                         capture_output=True, text=True, env=env, timeout=300)
    assert cli.returncode == 0 and '"year": 2019' in cli.stdout
