"""Figures stated in prose (全年共收到申请137件, 予以公开83件, 行政复议2起 …).

They are compared with the tables by the validator, and they are the only
statistics legacy reports (2008–2018) give. A figure is taken only when the
sentence around it is about applications (申请, 答复, 办理结果 …): reports also
count 主动公开 items, 留言 and 建议 with the same words (不予公开583条 of
information, 公开答复469条 of web messages), and those are not application counts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from .model import ProseFigures

__all__ = [
    "OUTCOME_PATTERNS",
    "PATTERNS",
    "Hit",
    "Pattern",
    "extract_prose",
    "find_all_figures",
    "find_figures",
    "find_line",
    "squeeze",
]

#: A count: digits right before a counting unit (件/条/起/宗/份/个). "5500余条" and "90.3%" are no counts.
_N = r"(?<![\d.])(?P<n>\d{1,7})(?:件|条|起|宗|份|个)"
#: Whitespace between a Han character and anything: PDF text wraps mid-word (答\n复 3050 件).
#: (Each branch opens with the whitespace, the non-digit before it a lookbehind after it: the regex engine
#: then goes from one space to the next instead of trying a lookbehind at every character.)
_SQUEEZE = re.compile(r"\s(?<=\D\s)\s*|\s+(?=\D)")
#: Words that make a sentence about applications …
_APPLICATION_CONTEXT = re.compile(r"申请|答复|办理结果|办结|处理结果")
#: … and words that make it about something else counted with the same verbs.
_OTHER_CONTEXT = re.compile(r"主动公开|主动发布|留言|建议|提案|咨询|征求意见|制作、获取|网络问政")
#: Words that make a review or lawsuit figure one about information disclosure.
_DISCLOSURE_CONTEXT = re.compile(r"公开|申请")
_SENTENCE_END = re.compile(r"[。!?]")
_CLAUSE_END = re.compile(r"[。;!?]")

_VERB_RECEIVE = r"(?:新收|收到|受理|接到|接收|接受)"
#: Not after 予以, 其他, 不予, 继续 (予以答复 is an outcome, 继续办理 is carried forward), written after the
#: verb's first character (办…, 答…, 回…): so the regex engine goes from one 办/答/回 to the next, where a
#: pattern that opens with lookbehinds is tried at every character.
_NOT_OUTCOME = "(?<!予以{0})(?<!其他{0})(?<!不予{0})(?<!继续{0})"
#: 办结, 答复, 回复, 办理完毕, 办理.
_VERB_PROCESS = (
    f"(?:办{_NOT_OUTCOME.format('办')}(?:结|理完毕|理)|答{_NOT_OUTCOME.format('答')}复|回{_NOT_OUTCOME.format('回')}复)"
)
_NOT_REVIEW = r"(?:(?!复议|诉讼|[。;,、])[\s\S]){0,20}?"


class Pattern(NamedTuple):
    """One way a figure is written, and which context it needs to count."""

    rx: re.Pattern[str]
    context: str  # "application" | "disclosure" | "none"
    #: Words ``rx`` cannot match without (one of them): a text holding none is not searched. A pattern that
    #: opens with a lookbehind is tried at every character, which costs more than these substring tests.
    needs: tuple[str, ...] = ()

    def may_match(self, text: str) -> bool:
        return not self.needs or any(w in text for w in self.needs)


def _p(pattern: str, context: str = "application", needs: tuple[str, ...] = ()) -> Pattern:
    return Pattern(re.compile(pattern), context, needs)


_RECEIVE_WORDS = ("新收", "收到", "受理", "接到", "接收", "接受")


#: field → patterns, tried in order; within a pattern the first match whose context fits wins.
PATTERNS: dict[str, tuple[Pattern, ...]] = {
    "applications_received": (
        _p(
            _VERB_RECEIVE + _NOT_REVIEW + r"(?:申请|依申请(?:信息)?公开(?:事项|请求)?)(?:件|数量)?"
            r"(?:共计|共|总计|合计|总数)?(?:为|达)?" + _N,
            "none",
            _RECEIVE_WORDS,
        ),
        _p(
            _VERB_RECEIVE + r"(?:了)?(?:各类)?" + _N + r"(?:政府信息公开|信息公开|依申请公开)?申请",
            "none",
            _RECEIVE_WORDS,
        ),
    ),
    "applications_carried_over": (_p(r"上一?年度?结转(?:的)?(?:政府信息公开)?(?:申请)?(?:共)?" + _N),),
    "applications_processed": (
        _p(
            _VERB_PROCESS + r"(?:了)?(?:各类)?(?:政府信息公开|依申请公开)?"
            r"(?:申请)?(?:共计|共|总计|合计)?(?:为|达)?" + _N,
            needs=("办结", "答复", "回复", "办理"),
        ),
    ),
    "applications_carried_forward": (
        _p(_N + r"(?:申请)?(?:[^。;,]{0,12}?)(?:顺延|结转)(?:到|至)?下一?年", needs=("顺延", "结转")),
        _p(r"结转(?:到|至)?下一?年度?(?:继续办理|办理)?(?:的)?(?:申请)?(?:共)?" + _N),
    ),
    "from_natural_persons": (
        _p(r"(?:公民|自然人)(?:提交|提出|提起)?(?:的)?(?:申请)?(?:共)?" + _N, needs=("公民", "自然人")),
    ),
    "from_organisations": (_p(r"法人(?:或|和|及)?(?:其他组织)?(?:提交|提出|提起)?(?:的)?(?:申请)?(?:共)?" + _N),),
    "granted_or_partially": (
        _p(r"(?:予以|同意)公开(?:及|和|与|、|或)(?:同意)?部分公开(?:的)?(?:申请)?(?:共)?" + _N, needs=("部分公开",)),
    ),
    "granted": (
        _p(
            r"(?:予以公开|同意公开|全部公开)(?:的)?(?:申请)?(?:共|为)?" + _N, needs=("予以公开", "同意公开", "全部公开")
        ),
    ),
    "partially_granted": (
        _p(r"(?<![及和与、或])(?:同意)?部分公开(?:的)?(?:申请)?(?:共|为)?" + _N, needs=("部分公开",)),
    ),
    "withheld": (_p(r"不予公开(?:的)?(?:申请)?(?:共|为)?" + _N),),
    "unavailable": (_p(r"无法提供(?:的)?(?:申请)?(?:共|为)?" + _N),),
    "not_processed": (_p(r"不予处理(?:的)?(?:申请)?(?:共|为)?" + _N),),
    "other_processed": (_p(r"其他处理(?:的)?(?:申请)?(?:共|为)?" + _N),),
    "reviews": (
        _p(r"(?<![、和及与])行政复议(?:案件|申请|案)?(?:共计|共|总计)?(?:为)?" + _N, "disclosure", ("行政复议",)),
    ),
    "lawsuits": (
        _p(
            r"(?<![、和及与])(?<![、和及与]行政)(?:行政)?诉讼(?:案件|案)?(?:共计|共|总计)?(?:为)?" + _N,
            "disclosure",
            ("诉讼",),
        ),
    ),
}

#: Outcomes stated right after a review or lawsuit count (行政复议351件,其中结果维持72件 …).
OUTCOME_PATTERNS: dict[str, re.Pattern[str]] = {
    "upheld": re.compile(r"(?:结果)?维持(?:原?(?:行政行为|决定))?(?:的)?" + _N),
    "corrected": re.compile(r"(?:结果)?纠正(?:的)?" + _N),
    "other": re.compile(r"其他结果(?:的)?" + _N),
    "pending": re.compile(r"(?:尚未审结|未审结|在审)(?:的)?" + _N),
}


class Hit(NamedTuple):
    """A figure found in prose: its value and where it is in the squeezed text."""

    value: int
    start: int
    end: int
    snippet: str


def squeeze(text: str) -> str:
    """Text without the whitespace extraction puts between words (digits keep their gaps)."""
    return _SQUEEZE.sub("", text)


def _context_ok(text: str, start: int, end: int, context: str) -> bool:
    """Whether the figure is about the right topic: its own words say 申请, or the text before it in
    its sentence and the one before speaks of applications after anything else."""
    if context == "none":
        return True
    ends = [m.end() for m in _SENTENCE_END.finditer(text, 0, start)]
    begin = ends[-2] if len(ends) >= 2 else 0
    before, inside = text[begin:start], text[start:end]
    if context == "disclosure":
        return bool(_DISCLOSURE_CONTEXT.search(before + inside))
    if "申请" in inside:
        return True
    app = [m.end() for m in _APPLICATION_CONTEXT.finditer(before)]
    other = [m.end() for m in _OTHER_CONTEXT.finditer(before)]
    return bool(app) and (not other or app[-1] > other[-1])


def _first(text: str, patterns: Sequence[Pattern]) -> Hit | None:
    for pat in patterns:
        if not pat.may_match(text):
            continue
        for m in pat.rx.finditer(text):
            if _context_ok(text, m.start(), m.end(), pat.context):
                return Hit(int(m.group("n")), m.start(), m.end(), m.group(0))
    return None


def _outcomes(text: str, hit: Hit, prefix: str, found: dict[str, Hit]) -> None:
    """Outcomes in the clause after a review or lawsuit count, up to the next clause of another kind."""
    end_m = _CLAUSE_END.search(text, hit.end)
    end = end_m.start() if end_m else len(text)
    nxt = re.search(r"行政复议|诉讼", text[hit.end : end])
    if nxt:
        end = hit.end + nxt.start()
    for name, rx in OUTCOME_PATTERNS.items():
        m = rx.search(text, hit.end, end)
        if m:
            found[f"{prefix}_{name}"] = Hit(int(m.group("n")), m.start(), m.end(), m.group(0))


def find_figures(text: str) -> dict[str, Hit]:
    """Every figure the prose states, with where it stands (in :func:`squeeze`\\ d text)."""
    s = squeeze(text)
    found: dict[str, Hit] = {}
    for name, patterns in PATTERNS.items():
        hit = _first(s, patterns)
        if hit is not None:
            found[name] = hit
    for prefix in ("reviews", "lawsuits"):
        if prefix in found:
            _outcomes(s, found[prefix], prefix, found)
    return found


def find_all_figures(text: str) -> dict[str, list[Hit]]:
    """Every mention of every figure (not only the first), in text order: each is compared with the tables."""
    s = squeeze(text)
    found: dict[str, list[Hit]] = {}
    for name, patterns in PATTERNS.items():
        hits: dict[int, Hit] = {}
        for pat in patterns:
            if not pat.may_match(s):
                continue
            for m in pat.rx.finditer(s):
                start = m.start("n")
                if start not in hits and _context_ok(s, m.start(), m.end(), pat.context):
                    hits[start] = Hit(int(m.group("n")), m.start(), m.end(), m.group(0))
        if hits:
            found[name] = [hits[k] for k in sorted(hits)]
    taken: dict[int, str] = {}
    for name in PATTERNS:  # one number is one figure: the first field that reads it keeps it
        kept = []
        for h in found.get(name, []):
            key = h.end
            if key not in taken:
                taken[key] = name
                kept.append(h)
        if kept:
            found[name] = kept
        else:
            found.pop(name, None)
    return found


def extract_prose(text: str) -> ProseFigures:
    """The figures a report states in its sentences (not its tables)."""
    return ProseFigures(**{name: hit.value for name, hit in find_figures(text).items()})


def find_line(field: str, lines: Sequence[str]) -> int | None:
    """The 1-based line where the prose states ``field``, found with the same context as :func:`find_figures`."""
    pieces: list[str] = []
    starts: list[int] = []
    pos = 0
    for line in lines:
        piece = squeeze(line)
        if pieces and pieces[-1][-1:].isdigit() and piece[:1].isdigit():
            piece = " " + piece  # two numbers on two lines stay two numbers
        starts.append(pos)
        pieces.append(piece)
        pos += len(piece)
    hit = find_figures("".join(pieces)).get(field)
    if hit is None:
        return None
    line_no = 0
    for i, start in enumerate(starts):
        if start <= hit.end - 1:
            line_no = i + 1
    return line_no or None
