"""Shared test set-up: where the real corpus is, and the hypothesis profiles.

The corpus lives in ../shared/corpus beside the repository (CI has it; a user's
fresh clone does not): tests that read it skip when it is absent.
Hypothesis profiles: ``ci`` (default, 500 examples, derandomised so CI is
reproducible), ``deep`` (10,000 examples), ``dev`` (50, for quick local runs);
choose with GOVINFO_HYPOTHESIS_PROFILE.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CORPUS = Path(os.environ.get("GOVINFO_CORPUS", ROOT.parent / "shared" / "corpus"))

settings.register_profile(
    "ci",
    max_examples=500,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "deep",
    max_examples=10_000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile("dev", max_examples=50, deadline=None)
settings.load_profile(os.environ.get("GOVINFO_HYPOTHESIS_PROFILE", "ci"))


def corpus_dir(sub: str) -> Path:
    """A folder of the shared corpus, or skip the test when the corpus is absent."""
    path = CORPUS / sub
    if not path.is_dir():
        pytest.skip(f"real corpus not available at {path}")
    return path


def body(text: str) -> str:
    """A corpus page without its 'url: … ---' header (the header is not part of the report)."""
    lines = text.split("\n")
    if lines and lines[0].startswith("url:") and "---" in lines[:12]:
        return "\n".join(lines[lines.index("---") + 1 :])
    return text


def load_gold(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"real corpus not available at {CORPUS}")
    return CORPUS
