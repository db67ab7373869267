"""Stage 2a: name every line of normalised text for the outline grammar.

Which line is a section heading depends on numeral and meaning (一、本年新收… is a
table row, 四、政府信息公开行政复议… is a heading), which the label table decides
and a regular expression cannot. So lines are classified here, in Python, and
the outline grammar (grammars/outline.lark) parses the sequence of named lines.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from typing import Any

from lark import Token
from lark.lexer import Lexer

from . import labels

_SENTENCE_START = re.compile(
    r"^(?:根据|按照|依据|本报告|现将|现就|现予|现公布|为了?(?:进一步|深入|全面|做好)|我(?:局|厅|委|办|部|镇|乡|区|县|市)"
    r"|经(?:研究|批准)|在(?:区委|市委|县委|省委|上级)|《|附件)"
)
_PROSE_END = re.compile(r"[。;!?]$")
_LETTER_SPACED = re.compile(r"(?:[\u4e00-\u9fff] )+[\u4e00-\u9fff]")
_SHORT_AGENCY = re.compile(r"^[^\s,。;:|\d]{2,40}$")
#: The first line of a title broken after its year: "某某县财政局2020年度" / "政府信息公开工作年度报告".
_AGENCY_YEAR = re.compile(r"^[^\s,。;:|\d]{2,40}?(?:19|20)\d{2}\s*年度?$")
_TRAILER_START = re.compile(r"^(?:分享到|分享|打印|关闭|扫一扫|【发表评论】|相关文章|附件列表|上一篇|下一篇|相关链接)")


def heading(line: str, seen: set[int], *, arabic: bool = False) -> tuple[int, str, str] | None:
    """(number, kind, heading text) if ``line`` is a section heading, else None.

    ``一、`` headings are taken by meaning; ``(一)`` (and, with ``arabic``, ``1.``) only where
    numeral and meaning agree and no heading of that number was ``seen``.
    """
    if len(line) > 60 and " " not in line[:45]:
        return None
    m = labels.HEADING.match(line)
    paren = False
    if not m:
        m = labels.SUBHEADING.match(line) or (labels.ARABIC_HEADING.match(line) if arabic else None)
        paren = True
        if not m:
            return None
    num = int(m.group("num")) if m.group("num").isdigit() else labels.cn_number(m.group("num"))
    if num is None:
        return None
    title = m.group("title")
    # a letter-spaced heading (v035 "一、概 述") is one title; otherwise what follows a space is text
    title = title.replace(" ", "") if _LETTER_SPACED.fullmatch(title.strip()) else title.split(" ")[0]
    title = title.rstrip("。.:")
    if len(title) > 40 or not title:
        return None
    if labels.application_row(title) or labels.active_row(title) or labels.application_group(title):
        return None
    sec = labels.section_kind(title)
    if paren:
        # (一)总体情况 used as a top-level heading: only when numeral and meaning agree.
        # 30 admits the longest heading variant (因政府信息公开工作被申请行政复议、提起行政诉讼情况, 24)
        # but not a sub-heading sentence; the punctuation or figures of a sentence rule one out too.
        if sec is not None and sec.number == num and num not in seen and len(title) <= 30 and not re.search(r"[。;,\d]", title):
            return num, sec.kind, line.split(" ")[0] if len(line) > 40 else line
        return None
    if sec is not None and (sec.number == num or len(title) <= 24):
        if re.search(r"[。;]", title):
            return None
        return (
            num,
            sec.kind,
            line if len(line) <= 40 else line[: m.start("title") + len(m.group("title").split(" ")[0])],
        )
    legacy = labels.legacy_kind(title)
    if legacy is not None and len(title) <= 20 and not re.search(r"[。;,]", title):
        return num, legacy.kind, line
    return None


def _is_table_line(line: str) -> bool:
    return labels.is_label_cell(line.strip("| ").split("|")[0])


def _opens_front_table(line: str) -> bool:
    """Before any heading only a table line proper opens a table: one with pipes, or a line that can
    be nothing but a table's (第二十条第(一)项 alone); page chrome there has pipes too (索引号 | …)."""
    return ("|" in line and _is_table_line(line)) or bool(labels.TABLE_OPENING_LINE.match(labels.key(line)))


def _title_score(line: str) -> int:
    """How much a front-matter line looks like the report's title (0: not at all)."""
    cells = [c.strip() for c in line.split("|")] if "|" in line else [line]
    best = 0
    for cell in cells:
        if cell.startswith("《") and cell.endswith("》") and cell.count("《") == 1:
            cell = cell[1:-1]  # a title printed in book-title marks: 《…年度报告》
        if not labels.TITLE.search(cell) or len(cell) > 70 or _SENTENCE_START.match(cell):
            continue
        if "《" in cell or _PROSE_END.search(cell):
            continue
        score = 2 + (1 if labels.YEAR_IN_TITLE.search(cell) else 0)
        best = max(best, score)
    return best


def _headings(lines: list[str]) -> dict[int, tuple[int, str, str]]:
    """Section headings by line index. (一)总体情况 counts as a top-level heading only where no
    一、 heading of that number exists (seed 003 opens with 一、报告内容 then (一)总体情况)."""
    kinds: dict[int, tuple[int, str, str]] = {}
    for i, line in enumerate(lines):
        if line and not line.startswith("("):
            h = heading(line, set())
            if h:
                kinds[i] = h
    seen = {h[0] for h in kinds.values()}
    for i, line in enumerate(lines):
        if line.startswith("("):
            h = heading(line, seen)
            if h:
                kinds[i] = h
                seen.add(h[0])
    if not kinds:  # no 一、 or (一) heading at all: a report numbered 1. 2. 3. (QUIRKS §9)
        arabic = {i: h for i, line in enumerate(lines) if line[:1].isdigit() and (h := heading(line, seen, arabic=True))}
        if len({h[0] for h in arabic.values()}) >= 2:
            kinds = arabic
    return kinds


def _title(lines: list[str], first_heading: int) -> tuple[int, set[int]]:
    """The title line before the first heading, and the lines of its block (agency line + year line)."""
    title_at, best = -1, 0
    end = min(first_heading, len(lines))
    for i in range(end):
        score = _title_score(lines[i]) if lines[i] else 0
        if score > best:
            best, title_at = score, i
    if title_at < 0:  # a title wrapped inside its words: "…2020年政府信息公开" / "工作年度报告"
        filled = [i for i in range(end) if lines[i]]  # blank lines between the two halves do not matter
        for i, j in itertools.pairwise(filled):
            if len(lines[i]) <= 40 and len(lines[j]) <= 40 and _title_score(lines[i] + lines[j]):
                return j, {i, j}
    block = {title_at} if title_at >= 0 else set()
    if title_at > 0 and re.match(r"^(?:19|20)\d{2}\s*年|^政府信息公开", lines[title_at]):
        j = title_at - 1
        while j >= 0 and not lines[j]:
            j -= 1
        if j >= 0 and (
            (_SHORT_AGENCY.match(lines[j]) and labels.AGENCY_SUFFIX.search(lines[j])) or _AGENCY_YEAR.match(lines[j])
        ):
            block.add(j)
    return title_at, block


def _signature(lines: list[str], after: int) -> tuple[int, set[int], int]:
    """(date line, agency lines, first trailer line): the last date-only line after the last heading
    is the 落款; what follows it is trailer (share buttons, spam, related links)."""
    n = len(lines)
    sign_date = -1
    for i in range(n - 1, after, -1):
        if lines[i] and labels.DATE_LINE.match(lines[i]) and len(lines[i]) <= 50:
            sign_date = i
            break
    agency: set[int] = set()
    j = sign_date - 1
    while sign_date > 0 and j > after and len(agency) < 2:
        if not lines[j]:
            j -= 1
        elif _SHORT_AGENCY.match(lines[j]) and not _PROSE_END.search(lines[j]) and len(lines[j]) <= 30:
            agency.add(j)
            j -= 1
        else:
            break
    if sign_date > 0:
        return sign_date, agency, sign_date + 1
    trailer = next((i for i in range(after + 1, n) if lines[i] and _TRAILER_START.match(lines[i])), n)
    return sign_date, agency, trailer


def classify(lines: list[str]) -> tuple[list[Token], dict[int, tuple[int, str, str]]]:
    """One token per non-blank line, typed for the outline grammar, and what each
    HEADING line means (number, kind, heading text), by line number."""
    kinds = _headings(lines)
    first_heading = min(kinds) if kinds else len(lines)
    last_heading = max(kinds) if kinds else -1
    title_at, title_lines = _title(lines, first_heading)
    sign_date, sign_agency, trailer_from = _signature(lines, max(last_heading, title_at))
    tokens: list[Token] = []
    in_table = False
    for i, line in enumerate(lines):
        if not line:
            continue
        if i >= trailer_from:
            typ = "TRAILER"
        elif i == sign_date:
            typ = "SIGN_DATE"
        elif i in sign_agency:
            typ = "SIGN_AGENCY"
        elif i in kinds:
            typ = "HEADING"
            in_table = False
        elif i < first_heading and (i <= title_at or not (in_table or _opens_front_table(line))):
            if i in title_lines:
                typ = "TITLE"
            elif i < title_at or labels.CHROME.match(line):
                typ = "CHROME"
            elif labels.SUBHEADING.match(line):
                typ = "SUBHEADING"
            else:
                typ = "TEXT"
        else:
            in_table = in_table or "|" in line or _is_table_line(line)
            if in_table and not (len(line) > 60 and _PROSE_END.search(line) and "|" not in line):
                typ = "TABLE"
            elif labels.SUBHEADING.match(line) and len(line) <= 40:
                typ = "SUBHEADING"
            else:
                typ = "TEXT"
        tokens.append(Token(typ, line, start_pos=0, line=i + 1, column=1, end_line=i + 1, end_column=len(line) + 1))
    return tokens, {i + 1: h for i, h in kinds.items()}


class LineLexer(Lexer):
    """Feeds pre-classified line tokens to Lark (a custom lexer, interface 0)."""

    def __init__(self, lexer_conf: Any) -> None:
        pass

    def lex(self, data: Any) -> Iterator[Token]:  # type: ignore[override]
        yield from data
