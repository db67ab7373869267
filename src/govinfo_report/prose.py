"""Figures stated in prose (全年共收到申请137件, 予以公开83件, 行政复议2起 …).

They are compared with the tables by the validator, and they are the only
statistics legacy reports (2008–2018) give.
"""

from __future__ import annotations

import re

from .model import ProseFigures

_N = r"(\d{1,7})\s*(?:件|条|起|宗|个)"
#: field → patterns; the first match in the text wins.
PATTERNS: dict[str, tuple[re.Pattern[str], ...]] = {
    "applications_received": (
        re.compile(r"(?:共|全年|本年度?)?(?:新)?(?:收到|受理)[^。;,]{0,16}?(?:政府信息公开|依申请公开)?申请(?:共|总计)?\s*" + _N),
    ),
    "applications_processed": (re.compile(r"办结[^。;,]{0,12}?申请(?:共)?\s*" + _N),),
    "from_natural_persons": (re.compile(r"(?:公民|自然人)(?:提交|提出)?申请\s*" + _N),),
    "from_organisations": (re.compile(r"法人或其他组织(?:提交|提出)?申请\s*" + _N),),
    "granted": (re.compile(r"予以公开\s*" + _N),),
    "partially_granted": (re.compile(r"部分公开\s*" + _N),),
    "withheld": (re.compile(r"不予公开\s*" + _N),),
    "unavailable": (re.compile(r"无法提供\s*" + _N),),
    "not_processed": (re.compile(r"不予处理\s*" + _N),),
    "reviews": (re.compile(r"行政复议(?:案件)?\s*" + _N),),
    "lawsuits": (re.compile(r"行政诉讼(?:案件)?\s*" + _N),),
}


def extract_prose(text: str) -> ProseFigures:
    """The figures a report states in its sentences (not its tables)."""
    found: dict[str, int] = {}
    for name, patterns in PATTERNS.items():
        for rx in patterns:
            m = rx.search(text)
            if m:
                found[name] = int(m.group(1))
                break
    return ProseFigures(**found)
