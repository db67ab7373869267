"""The findings of one parse as they are made: at most a cap of each code, the rest only counted.

A million damaged lines make a million findings; kept until the report is built, they cost gigabytes.
Capping as they are made keeps memory bounded by the cap, and the counts still reach the report's
``findings-omitted`` summary (api.py).
"""

from __future__ import annotations

from collections.abc import Iterable

from .model import Finding

__all__ = ["MAX_FINDINGS_PER_CODE", "FindingLog", "omitted"]

#: Findings of one code kept on a Report; the rest are counted in one ``findings-omitted`` finding.
MAX_FINDINGS_PER_CODE = 100


class FindingLog(list[Finding]):
    """A list of findings that keeps the first ``cap`` of each code and counts the ones it drops."""

    def __init__(self, findings: Iterable[Finding] = (), cap: int = MAX_FINDINGS_PER_CODE) -> None:
        super().__init__()
        self.cap = cap
        self.kept: dict[str, int] = {}
        self.dropped: dict[str, int] = {}
        self.extend(findings)

    def append(self, finding: Finding) -> None:
        n = self.kept.get(finding.code, 0)
        if n < self.cap:
            self.kept[finding.code] = n + 1
            super().append(finding)
        else:
            self.dropped[finding.code] = self.dropped.get(finding.code, 0) + 1

    def extend(self, findings: Iterable[Finding]) -> None:
        for f in findings:
            self.append(f)
        self.count_dropped(omitted(findings))

    def __iadd__(self, findings: Iterable[Finding]) -> FindingLog:  # type: ignore[override,misc]
        self.extend(findings)
        return self

    def count_dropped(self, counts: dict[str, int]) -> None:
        """Findings another log dropped: counted here too, so the summary says how many there were."""
        for code, n in counts.items():
            self.dropped[code] = self.dropped.get(code, 0) + n


def omitted(findings: Iterable[Finding]) -> dict[str, int]:
    """How many findings of each code ``findings`` dropped (none, for a plain list)."""
    return dict(findings.dropped) if isinstance(findings, FindingLog) else {}
