"""Compare a parsed report with hand-read gold values, leaf by leaf (as ../shared/tools/score.py does)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

TABLES = ("active_disclosure", "applications", "review_litigation")


def _value(cell: Any) -> Any:
    if isinstance(cell, dict) and "value" in cell:
        return cell["value"]
    return cell


def same(gold: Any, got: Any) -> bool:
    got = _value(got)
    if gold is None:
        return got is None
    if isinstance(gold, str) or isinstance(got, str):
        try:
            return Decimal(str(gold)) == Decimal(str(got))
        except ArithmeticError:
            return str(gold) == str(got)
    return bool(gold == got)


def leaves(gold: Any, got: Any, path: str, out: list[tuple[str, Any, Any]]) -> None:
    if isinstance(gold, dict):
        for k, v in gold.items():
            leaves(v, got.get(k) if isinstance(got, dict) else None, f"{path}.{k}", out)
    else:
        out.append((path, gold, _value(got)))


def table_misses(gold: dict[str, Any], got: dict[str, Any]) -> tuple[int, list[tuple[str, Any, Any]]]:
    """(number of gold cells, the ones that did not come back) over the three tables."""
    out: list[tuple[str, Any, Any]] = []
    for t in TABLES:
        if gold.get(t) is not None:
            leaves(gold[t], got.get(t) or {}, t, out)
    return len(out), [(p, a, b) for p, a, b in out if not same(a, b)]
