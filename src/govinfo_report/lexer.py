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

__all__ = [
    "LineLexer",
    "classify",
    "fused_heading",
    "heading",
    "runs",
    "title_text",
]

_SENTENCE_START = re.compile(
    r"^(?:根据|按照|依据|本报告|现将|现就|现予|现公布|为了?(?:进一步|深入|全面|做好)|我(?:局|厅|委|办|部|镇|乡|区|县|市)"
    r"|经(?:研究|批准)|在(?:区委|市委|县委|省委|上级)|《|附件)"
)
_PROSE_END = re.compile(r"[。;!?]$")
_LETTER_SPACED = re.compile(r"(?:[\u4e00-\u9fff] )+[\u4e00-\u9fff]")
#: A title printed letter-spaced (a PDF's justified heading: "某 某 局 2 0 2 2 年 政 府 信 息 公 开 …"): its
#: characters and digits one space apart.
_SPACED_TITLE = re.compile(r"(?:[\u4e00-\u9fff0-9()] ){8,}[\u4e00-\u9fff0-9()]")
_SHORT_AGENCY = re.compile(r"^[^\s,。;:|\d]{2,40}$")
#: The first line of a title broken after its year: "某某县财政局2020年度" / "政府信息公开工作年度报告".
_AGENCY_YEAR = re.compile(r"^[^\s,。;:|\d]{2,40}?(?:19|20)\d{2}\s*年度?$")
#: What a page's trailer starts with: its words, and the pattern of a line starting with one of them (a
#: ``str.startswith`` test where a loop over every line asks only that).
_TRAILER_WORDS = (
    "分享到",
    "分享",
    "打印",
    "关闭",
    "扫一扫",
    "【发表评论】",
    "相关文章",
    "附件列表",
    "上一篇",
    "下一篇",
    "相关链接",
)
_TRAILER_START = re.compile("^(?:" + "|".join(map(re.escape, _TRAILER_WORDS)) + ")")


def heading(line: str, seen: set[int], *, arabic: bool = False) -> tuple[int, str, str] | None:
    """(number, kind, heading text) if ``line`` is a section heading, else None.

    ``一、`` headings are taken by meaning; ``(一)`` (and, with ``arabic``, ``1.``) only where
    numeral and meaning agree and no heading of that number was ``seen``.
    """
    if len(line) > 60 and " " not in line[:45]:
        return None
    if "|" in line and any(c.strip() for c in line.strip().strip("|").split("|")[1:]):
        return None  # a table row whose other cells hold something (一、主动公开情况 | — | — |), not a heading
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
        agree = sec is not None and sec.number == num
        if not agree:
            # a legacy outline in its own order: 收费及减免 (and 咨询), parts only it has, come before 复议诉讼,
            # 问题及改进 and 其他, which stand one or two numbers later than in the 2019 outline
            legacy = labels.legacy_kind(title)
            if legacy is not None and (
                (legacy.number == 0 and legacy.kind not in labels.SECTION_BY_KIND and num >= 4)
                or (legacy.number >= 4 and legacy.number + 1 <= num <= legacy.number + 2)
            ):
                sec, agree = legacy, True
        if agree and sec is not None and num not in seen and len(title) <= 30 and not re.search(r"[。;,\d]", title):
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


#: A heading run into its first sentence: 一、概述。2012年,我县… / 二、主动公开政府信息情况:全年… (a bold heading
#: at the start of a paragraph on legacy pages).
_FUSED_HEADING = re.compile(
    r"^(?P<head>\s*[一二三四五六七八九十]{1,2}\s*[、.,]\s*[^。:;,\s\d]{2,20})[。:]\s*(?P<rest>\S.*)$"
)


#: … or run into it with nothing between, as a bold heading at the start of a paragraph is extracted:
#: 一、总体情况2021年,在区委… / 一、总体情况根据《条例》… (the rest must open a sentence: a year or 根据/我局 …).
_BARE_HEAD = re.compile(r"^\s*[一二三四五六七八九十]{1,2}\s*[、.,]\s*[^。:;,\s\d()|]{2,24}")
_BARE_REST = re.compile(r"^(?:(?:19|20)\d{2}\s*年)")


def _bare_fused(line: str) -> tuple[str, str] | None:
    """(heading, rest) for a heading run into its first sentence with no mark between, else None."""
    m, h = _BARE_HEAD.match(line), labels.HEADING.match(line)
    if not m or not h:
        return None
    for cut in range(h.start("title") + 2, m.end() + 1):
        rest = line[cut:]
        if _BARE_REST.match(rest) or _SENTENCE_START.match(rest):
            return line[:cut], rest
    return None


def fused_heading(line: str) -> tuple[tuple[int, str, str], str] | None:
    """(heading, text after it) for a heading run into its first sentence, else None.

    Only a heading whose numeral and meaning agree (or a part only legacy outlines have) is split off:
    a numbered sentence inside a section (一、主动公开。全年…) is no heading.
    """
    m = _FUSED_HEADING.match(line)
    bare = None if m else _bare_fused(line)
    if not m and not bare:
        return None
    if m:
        head, rest = m.group("head"), m.group("rest")
    else:
        assert bare is not None
        head, rest = bare
    # the rest must read as a sentence of the section wherever it stands: not a table line, a heading,
    # a date (the 落款), page chrome or a trailer, which a line of its own would be taken for
    if "|" in rest or _is_table_line(rest) or labels.HEADING.match(rest) or labels.SUBHEADING.match(rest):
        return None
    if labels.DATE_LINE.match(rest) or labels.CHROME.match(rest) or _TRAILER_START.match(rest):
        return None
    h = heading(head, set())
    if h is None or h[1] == labels.CUSTOM_KIND:
        return None
    canon = labels.SECTION_BY_KIND.get(h[1])
    if canon is not None and canon.number != h[0]:
        return None
    return h, rest


def _is_table_line(line: str) -> bool:
    first = line.strip("| ").split("|")[0]
    if labels.is_label_cell(first):
        return True
    # PDF text: a row's label and its numbers on one line ("规章 0 0 0", "行政许可 21"); only a line
    # whose text before the numbers is exactly a row's label (split_label_values) opens a table
    fused = labels.split_label_values(first) if "|" not in line else None
    return fused is not None and labels.is_label_cell(fused[0])


def _opens_front_table(line: str) -> bool:
    """Before any heading only a table line proper opens a table: one with pipes, or a line that can
    be nothing but a table's (第二十条第(一)项 alone); page chrome there has pipes too (索引号 | …)."""
    return ("|" in line and _is_table_line(line)) or bool(labels.TABLE_OPENING_LINE.match(labels.key(line)))


#: Where page chrome run into one line with the title is cut: breadcrumb arrows, label colons, spaces.
_CHROME_SPLIT = re.compile(r"\s*>\s*|\s*[:]\s*|\s+")
#: Chrome words inside a long line (a flattened page head: breadcrumb, title, date, hits, font size on one line).
_CHROME_WORD = re.compile(
    r"当前位置|您的位置|首页|发布(?:日期|时间)|来源[:]|浏览次数|点击[数率]|字体|字号|登录|注册|搜索|>"
)


def _title_cells(line: str) -> list[tuple[str, bool]]:
    """The parts of a line that may be the title, each with whether it stands in page chrome.

    Cells of a metadata row (名称 | 宿迁市政府办公室2014年政府信息公开年度报告 | v038) and the pieces of a
    breadcrumb or a flattened page head (当前位置:首页 > … > 某县2013年政府信息公开工作年度报告 发布时间:…).
    """
    chrome = bool(labels.CHROME.match(line))
    cells = [c.strip() for c in line.split("|")] if "|" in line else [line.strip()]
    out: list[tuple[str, bool]] = []
    for cell in cells:
        if labels.CHROME.match(cell) or (len(cell) > 70 and _CHROME_WORD.search(cell)):
            out += [(part, True) for part in _CHROME_SPLIT.split(cell) if part]
        elif cell:
            out.append((cell.replace(" ", "") if _SPACED_TITLE.fullmatch(cell) else cell, chrome))
    return out


def _cell_score(cell: str, chrome: bool) -> int:
    """How much one cell looks like the report's title (0: not at all)."""
    if cell.startswith("《") and cell.endswith("》") and cell.count("《") == 1:
        cell = cell[1:-1]  # a title printed in book-title marks: 《…年度报告》
    m = labels.REPORT_TITLE.search(cell)
    if not m or len(cell) > 70 or _SENTENCE_START.match(cell) or "《" in cell or _PROSE_END.search(cell):
        return 0
    named = m.start() > 0  # an agency or a year printed before the report words
    if chrome and not named:
        return 0  # 分 类 | 政府信息公开年报 (v014), 首页 > 政府信息公开年报: a column of the site, not a title
    # a title line of its own beats the same words in chrome (名称 | … | v038), and naming a body or a
    # year beats a site menu's bare 政府信息公开年报
    # … and a title line of the text beats a yeared report name in chrome (上一篇:某局2018年…年度报告, a
    # breadcrumb): the text's own title may print no year
    return 2 + named + (1 if labels.YEAR_IN_TITLE.search(cell) else 0) - 2 * chrome


def _title_score(line: str) -> int:
    """How much a front-matter line looks like the report's title (0: not at all)."""
    return max((_cell_score(cell, chrome) for cell, chrome in _title_cells(line)), default=0)


def title_text(line: str) -> str:
    """The title itself from the line(s) that hold it: the best cell of a metadata row or chrome line."""
    cells = _title_cells(line)
    best = max(cells, key=lambda c: _cell_score(*c), default=None)
    return best[0] if best is not None and _cell_score(*best) else line


#: What a 一、 or (一) heading (fused with its first sentence or not) starts with, after any spaces.
_HEADING_FIRST = frozenset("一二三四五六七八九十(")


def _may_head(line: str) -> bool:
    """Whether ``line`` starts as a heading can: most lines do not, and need no heading patterns run."""
    first = line[:1]
    return first in _HEADING_FIRST or (first.isspace() and line.lstrip()[:1] in _HEADING_FIRST)


def _may_subhead(line: str) -> bool:
    """Whether ``line`` starts as a (一) sub-heading can (a "(" after any spaces)."""
    return line.startswith("(") or (line[:1].isspace() and line.lstrip().startswith("("))


def _headings(lines: list[str]) -> dict[int, tuple[int, str, str]]:
    """Section headings by line index. (一)总体情况 counts as a top-level heading only where no
    一、 heading of that number exists (seed 003 opens with 一、报告内容 then (一)总体情况)."""
    kinds: dict[int, tuple[int, str, str]] = {}
    for i, line in enumerate(lines):
        if line and not line.startswith("(") and _may_head(line):
            fused = fused_heading(line)
            h = fused[0] if fused else heading(line, set())
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
        arabic = {
            i: h for i, line in enumerate(lines) if line[:1].isdigit() and (h := heading(line, seen, arabic=True))
        }
        if len({h[0] for h in arabic.values()}) >= 2:
            kinds = arabic
    return kinds


#: Row and group labels of the tables, without their numbering (a numbered row label is no heading).
_TABLE_LABELS = tuple(
    labels.strip_numbering(label)
    for label in (
        *(r.label for r in labels.APPLICATION_ROWS),
        *labels.APPLICATION_GROUP_LABELS.values(),
        *labels.ACTIVE_ROW_LABELS.values(),
    )
)


def _custom_title(line: str) -> tuple[int, str] | None:
    """(number, line) if ``line`` could be a heading a report words itself: 一、健全组织、强化领导."""
    m = labels.HEADING.match(line)
    if not m or len(line) > 30:
        return None
    num = labels.cn_number(m.group("num"))
    title = m.group("title").strip()
    if _LETTER_SPACED.fullmatch(title):
        title = title.replace(" ", "")
    if num is None or not 2 <= len(title) <= 20 or re.search(r"[。;:!?\d\s]", title):
        return None
    if labels.application_row(title) or labels.active_row(title) or labels.application_group(title):
        return None
    if any(label.startswith(title) for label in _TABLE_LABELS):
        return None  # a table-row label cut short where the excerpt ends: 三、本年度办(理结果)
    return num, line


def _custom_headings(
    lines: list[str], known: dict[int, tuple[int, str, str]], start: int
) -> dict[int, tuple[int, str, str]]:
    """Headings in a legacy report's own words, numbered in sequence with the headings read by meaning.

    2008–2018 outlines are free (QUIRKS §8): 一、健全组织、强化领导 / 二、丰富内容、拓宽渠道, or one odd part
    in a nine-part outline (二、政府信息公开的组织领导和制度建设情况). A short 一、 line after the title
    (line ``start`` on) is taken only where it continues the numbering — the number after the heading
    before it, and one no heading read by meaning has — so a list numbered 一、二、 inside a section stays
    text. Only 一、 outlines are continued so: (一) and 1. headings number parts of another level.
    """
    if any(lines[i].startswith("(") or lines[i][:1].isdigit() for i in known):
        return {}
    numbers = {h[0] for h in known.values()}
    found: dict[int, tuple[int, str, str]] = {}
    prev = 0
    for i, line in enumerate(lines):
        if i in known:
            prev = known[i][0]
            continue
        if i < start:
            continue
        cand = _custom_title(line) if line else None
        if cand is None or cand[0] != prev + 1 or cand[0] in numbers:
            continue
        later = [h[0] for j, h in known.items() if j > i]
        if later and min(later) <= cand[0]:
            continue
        found[i] = (cand[0], labels.CUSTOM_KIND, line)
        prev = cand[0]
    return found


def _menu_item(lines: list[str], i: int) -> bool:
    """Whether line ``i`` is an entry of a site menu: a short line beside a sibling entry that starts the
    same way (政府信息公开指南 / 政府信息公开制度 / 政府信息公开年报) — a column of the site, not a title.

    Blank lines and page chrome between are passed over, as the canonical text leaves them out.
    """
    line = lines[i]
    if len(line) > 12:
        return False
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(lines) and (not lines[j] or labels.CHROME.match(lines[j])):
            j += step
        if 0 <= j < len(lines) and len(lines[j]) <= 12 and lines[j] != line and lines[j][:4] == line[:4]:
            return True
    return False


def _trailer_start(lines: list[str]) -> int:
    """Where a page's trailer (分享到, 相关文章 …) starts after the text: its related links may read as report
    titles (2019年政府信息公开工作年度报告 2020-01-18) and are none. The same words before any prose are chrome."""
    prose = False
    for i, line in enumerate(lines):
        if prose and line.startswith(_TRAILER_WORDS):
            return i
        prose = prose or len(line) > 60
    return len(lines)


def _title(lines: list[str], first_heading: int) -> tuple[int, set[int]]:
    """The title line before the first heading, and the lines of its block (agency line + year line)."""
    title_at, best = -1, 0
    end = min(first_heading, len(lines), _trailer_start(lines))
    # the title heads the text: a line naming a report after a table (附件: …年度报告.doc, 上一条: …, 一图读懂…)
    # is no title, and taking it would make the tables before it page chrome
    end = next((i for i in range(end) if lines[i] and _opens_front_table(lines[i])), end)
    for i in range(end):
        score = _title_score(lines[i]) if lines[i] and not _menu_item(lines, i) else 0
        if score > best:
            best, title_at = score, i
    if title_at < 0:  # a title wrapped inside its words: "…2020年政府信息公开" / "工作年度报告"
        # blank lines or page chrome between the two halves do not matter; a site menu's entries are no halves
        filled = [i for i in range(end) if lines[i] and not _menu_item(lines, i) and not labels.CHROME.match(lines[i])]
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


def _is_dateline(line: str) -> bool:
    return bool(labels.DATE_LINE.match(line)) and len(line) <= 50


def _signature(lines: list[str], after: int, body_only: bool = False) -> tuple[int, set[int], int]:
    """(date line, agency lines, first trailer line): the last date-only line after the last heading
    is the 落款; what follows it is trailer (share buttons, spam, related links)."""
    n = len(lines)
    sign_date = -1
    floor = after
    if body_only:
        # no heading: a date under the title (2011年3月1日, then the text) is no 落款 — the 落款 closes
        # a text, so it comes after the first line of text, when there is any
        body = next(
            (
                i
                for i in range(after + 1, n)
                if lines[i]
                and not _is_dateline(lines[i])
                and not labels.CHROME.match(lines[i])
                and not _TRAILER_START.match(lines[i])
            ),
            n,
        )
        floor = body if body < n else after
    for i in range(n - 1, floor, -1):
        if lines[i] and _is_dateline(lines[i]):
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
    if sign_date > 0 and any(lines[i] and _opens_front_table(lines[i]) for i in range(sign_date + 1, n)):
        # tables after the date (附表 / 附件 printed after the 落款) are the report's own, not trailer: the
        # date closes no text there, and the tables stay in the last section
        sign_date, agency = -1, set()
    if sign_date > 0:
        return sign_date, agency, sign_date + 1
    # the trailer follows the text: a share bar or print button above it (分享到 / 扫一扫 / 打印 under the
    # title) is page chrome, and no trailer holds the report's tables
    start = floor if body_only else after
    start = next((i for i in range(n - 1, start, -1) if lines[i] and _opens_front_table(lines[i])), start)
    trailer = next((i for i in range(start + 1, n) if lines[i] and _TRAILER_START.match(lines[i])), n)
    return sign_date, agency, trailer


def classify(lines: list[str]) -> tuple[list[Token], dict[int, tuple[int, str, str]]]:
    """One token per non-blank line, typed for the outline grammar, and what each
    HEADING line means (number, kind, heading text), by line number."""
    kinds = _headings(lines)
    title_at, title_lines = _title(lines, min(kinds) if kinds else len(lines))
    kinds.update(_custom_headings(lines, kinds, title_at + 1))
    first_heading = min(kinds) if kinds else len(lines)
    last_heading = max(kinds) if kinds else -1
    sign_date, sign_agency, trailer_from = _signature(lines, max(last_heading, title_at), body_only=not kinds)
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
            in_table = False
            fused = fused_heading(line) if kinds[i][2] != line else None
            if fused is not None and fused[0] == kinds[i]:
                head, rest = kinds[i][2], fused[1]
                tokens.append(Token("HEADING", head, 0, i + 1, 1, i + 1, len(head) + 1))
                tokens.append(Token("TEXT", rest, 0, i + 1, len(head) + 2, i + 1, len(line) + 1))
                continue
            typ = "HEADING"
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
            elif len(line) <= 40 and _may_subhead(line) and labels.SUBHEADING.match(line):
                typ = "SUBHEADING"
            else:
                typ = "TEXT"
        tokens.append(
            Token(typ, line, 0, i + 1, 1, i + 1, len(line) + 1)
        )  # start_pos, line, column, end_line, end_column
    return tokens, {i + 1: h for i, h in kinds.items()}


#: Line types the outline grammar takes any number of in a row wherever it takes one (``(TEXT | TABLE)*``,
#: ``SIGN_AGENCY*``, ``TRAILER+``); a HEADING opens a section and a SIGN_DATE closes the text, so each
#: of those stays a token of its own.
_RUN_TYPES = frozenset({"CHROME", "TITLE", "TEXT", "SUBHEADING", "TABLE", "SIGN_AGENCY", "TRAILER"})


def runs(tokens: list[Token]) -> tuple[list[Token], dict[tuple[str, int], list[Token]]]:
    """Each run of line tokens of one type as its first token, and the run behind each first token (by
    type and line).

    The grammar parses the first tokens to the outline of the whole sequence, each run in the part its
    first token is in, with a fraction of the tokens fed to Lark (a report's table is tens of lines).
    """
    firsts: list[Token] = []
    behind: dict[tuple[str, int], list[Token]] = {}
    run: list[Token] = []
    for tok in tokens:
        if run and tok.type == run[0].type and tok.type in _RUN_TYPES:
            run.append(tok)
            continue
        run = [tok]
        firsts.append(tok)
        behind[(tok.type, tok.line or 0)] = run
    return firsts, behind


class LineLexer(Lexer):
    """Feeds pre-classified line tokens to Lark (a custom lexer, interface 0)."""

    def __init__(self, lexer_conf: Any) -> None:
        pass

    def lex(self, data: Any) -> Iterator[Token]:  # type: ignore[override]
        yield from data
