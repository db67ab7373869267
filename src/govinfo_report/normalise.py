"""Stage 1: raw extracted text → normalised text the grammars can read.

A pure function of its input. It removes pinyin readings that mirror sites put
after characters, folds traditional script to simplified (OpenCC ``tw2s``),
folds the full-width forms that matter for parsing, and tidies whitespace. It
reports what it did, so a Report can say how far its source was from clean text.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import lru_cache

from attrs import frozen

from . import labels

__all__ = [
    "Normalised",
    "normalise",
    "replace_surrogates",
    "strip_readings",
    "to_simplified",
]

_TONES = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"
#: A reading after a Han character: (yīng) (wen) (gong)(gong) — never (一), (试行), (PDF).
#: The pattern opens with the literal "(" (the Han character before it is a lookbehind after it), so the
#: regex engine skips to each "(" instead of trying the lookbehind at every character of the text.
_READING = re.compile(rf"\((?<=[\u3400-\u9fff]\()[a-z{_TONES}]{{1,7}}\)(?:\([a-z{_TONES}]{{1,7}}\))*")
#: A reading cut off where the excerpt ends: 府(fu)(f — only at the very end of the text, and with a
#: letter, since a "(" closing a wrapped line is real text.
_CUT_READING = re.compile(rf"\((?<=[\u3400-\u9fff]\()[a-z{_TONES}]{{1,6}}\s*\Z")
#: Full-width ASCII forms, U+3000 and NBSP → ASCII; 、。“”《》〔〕【】— are kept as they are.
_FULLWIDTH: dict[int, int | None] = {i: i - 0xFEE0 for i in range(0xFF01, 0xFF5F)}
_FULLWIDTH.update(
    {
        0x3000: 0x20,
        0xA0: 0x20,
        0x2002: 0x20,
        0x2003: 0x20,
        0x2009: 0x20,
        0xFEFF: None,
        0x200B: None,
        0x200C: None,
        0x200D: None,
        0x2060: None,
        0x09: 0x20,
        0x0B: 0x20,
        0x0C: 0x0A,
        0x2028: 0x0A,
        0x2029: 0x0A,
        0xFF5C: 0x7C,
        0x2502: 0x7C,
        0xFFE8: 0x7C,
        0x2212: 0x2D,
        0xFE63: 0x2D,
        0x2795: 0x2B,
    }
)
#: Any character :data:`_FULLWIDTH` maps: most texts hold none, and ``str.translate`` costs as much on a
#: text it leaves as it is (a dict lookup per character), so it runs only where this finds one.
_FOLDED = re.compile("[" + "".join(re.escape(chr(c)) for c in _FULLWIDTH) + "]")
_SPACES = re.compile(r"[ ]{2,}")
_HAN = re.compile(r"[\u3400-\u9fff]")
#: A section heading run into the line before it ("…12月31日。 一、總體情況 2023年,…").
#: Its match is the space or stop before the heading, which it ends at: the engine then skips from one such
#: character to the next (a pattern opening with a lookbehind is tried at every character).
_INLINE_HEADING = re.compile(r"[\s。;:](?=[一二三四五六七八九十]{1,2}、\S)")
#: A page-layout pipe closing a long prose line (seed 000): not a table cell.
_LAYOUT_PIPE = re.compile(r"^(?P<body>[^|]{60,}?)\s*\|\s*$")


@frozen
class Normalised:
    """The text after normalising, and what was done to it."""

    text: str
    script: str  # simplified | traditional | mixed
    readings_removed: int
    traditional_chars: int
    replaced_chars: int = 0  # U+FFFD in the text: bytes that could not be decoded, lone surrogates
    #: lines (numbered from 1) printing ``- 3 -`` that may be a page number or a row's three cells
    unsure_lines: frozenset[int] = frozenset()


@lru_cache(maxsize=1)
def _converter() -> object:
    """OpenCC is built once per process (it does not pickle; workers build their own)."""
    import opencc

    return opencc.OpenCC("tw2s")


#: Characters standard simplified text also uses that ``tw2s`` rewrites (Taiwan's 著 is the mainland
#: 着): in a line with no other traditional character they are simplified already (显著, 土著, 么).
_ALSO_SIMPLIFIED = frozenset("著么")


#: The CJK blocks of the Basic Multilingual Plane (radicals, symbols, ideographs, compatibility forms):
#: every character of a ``tw2s`` dictionary is in one of them or beyond the plane.
_CJK_BLOCKS = ((0x2E80, 0x2FE0), (0x3000, 0x3040), (0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00),
               (0xFE30, 0xFE50))  # fmt: skip
#: Characters ``tw2s`` leaves as they are alone but may rewrite inside a phrase (深沈 → 深沉) or on the way
#: through its two steps (群 → 羣 → 群), read off OpenCC's dictionaries (TSPhrases, TWVariantsRev …): a
#: line holding one is converted, as one holding a character ``tw2s`` rewrites alone is.
_PHRASE_CHARS = "俱吃哩唇坏峰床彷才核梁沈灶甦痴皂瞭秘粽群藉衹覆"


@lru_cache(maxsize=1)
def _convertible() -> re.Pattern[str]:
    """The characters a line must hold for ``tw2s`` to change it: those of the plane it rewrites alone, found
    once per process by converting every CJK character (one call, a character per line), those of
    :data:`_PHRASE_CHARS`, and any character beyond the plane (rare, and a class of single characters
    there makes the regex engine compare each one in turn).

    Converting only the lines that hold one gives the text ``tw2s`` gives for the whole (its dictionaries
    match within a line), and most reports hold few such lines or none.
    """
    chars = [chr(c) for lo, hi in _CJK_BLOCKS for c in range(lo, hi)]
    out: str = _converter().convert("\n".join(chars))  # type: ignore[attr-defined]
    changed = {c for c, o in zip(chars, out.split("\n"), strict=True) if c != o} | set(_PHRASE_CHARS)
    return re.compile("[" + "".join(sorted(changed)) + "\U00010000-\U0010ffff]")


def _tw2s(text: str) -> str:
    """``tw2s`` of the text, converting only the lines it can change.

    A NUL ends OpenCC's input and a lone surrogate makes it fail; such a text is converted whole, as it was.
    """
    convert = _converter().convert  # type: ignore[attr-defined]
    if "\x00" in text or _SURROGATE.search(text):
        whole: str = convert(text)
        return whole
    picked: list[int] = []  # the lines holding a convertible character, found in one pass over the text
    line_no, scanned = 0, 0
    for m in _convertible().finditer(text):
        line_no += text.count("\n", scanned, m.start())
        scanned = m.start()
        if not picked or picked[-1] != line_no:
            picked.append(line_no)
    if not picked:
        return text
    lines = text.split("\n")
    converted: str = convert("\n".join(lines[i] for i in picked))
    for i, line in zip(picked, converted.split("\n"), strict=True):
        lines[i] = line
    return "\n".join(lines)


def to_simplified(text: str) -> str:
    """Fold traditional script to simplified, leaving lines that are simplified already untouched.

    ``tw2s`` is not idempotent on simplified text (显著 → 显着), so a line whose only changes are
    characters of :data:`_ALSO_SIMPLIFIED` keeps its original form.
    """
    out = _tw2s(text)
    if out == text or len(out) != len(text):
        return out
    src_lines, out_lines = text.split("\n"), out.split("\n")
    kept = False
    for i, (a, b) in enumerate(zip(src_lines, out_lines, strict=True)):
        if a != b and all(x in _ALSO_SIMPLIFIED for x, y in zip(a, b, strict=True) if x != y):
            out_lines[i] = a
            kept = True
    return "\n".join(out_lines) if kept else out


def strip_readings(text: str) -> tuple[str, int]:
    """Remove pinyin readings, innermost first so 辦公廳(室(shi)) becomes 辦公廳(室)."""
    count = 0

    def _drop(m: re.Match[str]) -> str:
        nonlocal count
        count += m.group(0).count("(")
        return ""

    text = _READING.sub(_drop, text)
    text = _CUT_READING.sub(_drop, text)
    return text, count


_HEADING_WINDOW = 64
#: Half of a UTF-16 surrogate pair on its own: no character (OpenCC and UTF-8 refuse it).
_SURROGATE = re.compile("[\ud800-\udfff]")


def replace_surrogates(text: str) -> tuple[str, int]:
    """Lone surrogates (from ``surrogateescape`` decoding or a broken escape) as U+FFFD, and how many;
    a well-formed pair is joined into its character."""
    if not _SURROGATE.search(text):
        return text, 0
    fixed = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return fixed, fixed.count("\ufffd") - text.count("\ufffd")


def _split_inline_headings(line: str) -> list[str]:
    """Put section headings that extraction ran into one line on lines of their own."""
    if "、" not in line or len(line) < 8:
        return [line]
    parts: list[str] = []
    last = 0
    starts = [0] if " " in line[:45] else []
    starts += [m.end() for m in _INLINE_HEADING.finditer(line)]
    for start in starts:
        # a bounded window, not line[start:]: one slice of the rest of the line per candidate is
        # quadratic on a long line; a title past the window is over the 40 characters allowed anyway
        rest = line[start : start + _HEADING_WINDOW]
        hm = labels.HEADING.match(rest)
        if not hm:
            continue
        title = hm.group("title").split(" ")[0]
        sec = labels.section_kind(title)
        num = labels.cn_number(hm.group("num"))
        if sec is None or sec.number != num or len(title) > 40:
            continue
        parts.append(line[last:start])
        head_end = start + hm.start("title") + len(title)
        parts.append(line[start:head_end])
        last = head_end
    if not parts:
        return [line]
    parts.append(line[last:])
    return [p.strip() for p in parts if p.strip()]


#: What a line :data:`labels.PAGE_NUMBER` takes starts with: - 3 -, 第3页, P.3, Page 3.
_PAGE_NUMBER_STARTS = ("-", "—", "–", "第", "P")
_DASHED_PAGE = re.compile(r"^[-—–]\s*(\d+)\s*[-—–]$")


def _dashed_page(line: str) -> int | None:
    """The number of a page number printed ``- 3 -``, which a PDF row of three cells can also print."""
    m = _DASHED_PAGE.match(line)
    return int(m.group(1)) if m else None


def _under_empty_row(out: list[str], lines: list[str], i: int) -> bool:
    """``- 1 -`` under a row label that printed no number, with no numbers below it: the row's cells
    (``-``, ``1``, ``-``), or a page break after a row whose cells are all empty (a PDF drops them)."""
    prev = out[-1] if out else ""
    if not prev or labels.classify_value(prev.rsplit(" ", 1)[-1])[0] != "text" or not labels.is_row_label(prev):
        return False  # a row that printed its numbers: a page break follows it
    nxt = next((t.strip() for t in itertools.islice(lines, i + 1, i + 20) if t.strip()), "")
    return not nxt or labels.classify_value(nxt.split(" ")[0])[0] == "text"


def _tabs_to_pipes(text: str) -> str:
    """Tab-separated rows (copied from a spreadsheet or a Word table: three fields or more, no pipe) as pipe
    rows, each tab one cell border, so an empty field stays an empty cell (``40\t5\t\t0`` is four cells,
    the third empty) instead of vanishing with the tabs as spaces. Line by line, in linear time."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if "\t" not in line or "|" in line:
            continue
        cells = line.strip(" \t").split("\t")
        if len(cells) > 2:
            lines[i] = " | ".join(c.strip() for c in cells)
    return "\n".join(lines)


def normalise(text: str) -> Normalised:
    """Fold a report's text into the form the grammars read."""
    text, _ = replace_surrogates(text)
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\t" in text:
        text = _tabs_to_pipes(text)
    if _FOLDED.search(text):
        text = text.translate(_FULLWIDTH)
    text, readings = strip_readings(text)
    simplified = to_simplified(text)
    if len(simplified) == len(text):
        changed = sum(map(str.__ne__, text, simplified)) if simplified != text else 0
    else:  # pragma: no cover - tw2s maps character for character
        changed = abs(len(simplified) - len(text)) + 1
    if changed == 0:
        script = "simplified"
    elif (han := len(_HAN.findall(text))) and changed / han >= 0.03:  # counted only when it decides
        script = "traditional"
    else:
        script = "mixed"
    if "年" in simplified and (any(f"二{z}" in simplified for z in "〇零○Oo0") or "一九" in simplified):
        simplified = labels.fold_cn_dates(simplified)
    if "资讯" in simplified or "入口网站" in simplified:
        for localised, mainland in labels.LOCALISED_TERMS:
            simplified = simplified.replace(localised, mainland)
    out: list[str] = []
    lines = simplified.split("\n")
    page = 0  # the last page number dropped
    unsure: set[int] = set()
    for i, line in enumerate(lines):
        # each pattern runs only on lines that can match it (most lines are prose or table rows)
        line = (_SPACES.sub(" ", line) if "  " in line else line).strip()
        if line.startswith(_PAGE_NUMBER_STARTS) and labels.PAGE_NUMBER.match(line):
            n = _dashed_page(line)
            if n is None:
                continue  # page furniture, never content
            if n <= page:
                pass  # pages count up: a number already passed is a row's cells ("- 1 -" under a row)
            elif _under_empty_row(out, lines, i):
                unsure.add(len(out) + 1)  # a page number, or the cells of the row above: the table says
            else:
                page = n
                continue
        if line.startswith("Page") and labels.PAGE_HEAD.match(line):
            line = labels.PAGE_HEAD.sub("", line)
            if not (labels.TITLE.search(line) or labels.REPORT_TITLE.search(line)):
                # a flip-book page head names the file ("Page 9 - 2020年报_审计局"): page furniture, which
                # inside a table would stand in a cell's place and push the row's numbers one column on. The
                # whole line goes: only a report title after "Page N -" is kept (m004)
                continue
        m = _LAYOUT_PIPE.match(line) if "|" in line and len(line) > 60 else None
        if m and "。" in m.group("body"):
            line = m.group("body")
        if "、" in line:
            out.extend(_split_inline_headings(line))
        else:
            out.append(line)
    joined = "\n".join(out)
    return Normalised(joined, script, readings, changed, joined.count("\ufffd"), frozenset(unsure))
