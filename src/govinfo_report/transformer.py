"""Stage 3: the outline tree → a :class:`~govinfo_report.model.Report`.

A Lark ``Transformer`` turns the outline tree into an :class:`Outline` (front
matter, sections with their lines, signature, trailer); :func:`build_report`
then reads metadata, tables and statements from it. Tables are read by
:mod:`govinfo_report.tables`; prose figures by :mod:`govinfo_report.prose`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from attrs import frozen
from lark import Token, Transformer

from . import labels, lexer, model
from .findinglog import FindingLog, omitted
from .model import Finding, Report, Section
from .normalise import Normalised
from .prose import extract_prose
from .tables import TableResult, read_region

__all__ = [
    "TABLE_KINDS",
    "Outline",
    "OutlineSection",
    "OutlineTransformer",
    "build_report",
    "metadata",
]

TABLE_KINDS = ("active_disclosure", "applications", "review_litigation")


@frozen
class OutlineSection:
    number: int
    kind: str
    heading: str
    line: int
    lines: tuple[Token, ...]


@frozen
class Outline:
    chrome: tuple[Token, ...]
    title: str | None
    front: tuple[Token, ...]
    sections: tuple[OutlineSection, ...]
    signature: tuple[Token, ...]
    trailer: tuple[Token, ...]
    head: tuple[Token, ...] = ()  # every front line in order: chrome, title, preamble


class OutlineTransformer(Transformer):  # type: ignore[type-arg]
    """Tree of line tokens → :class:`Outline`.

    ``runs``: where the tree holds the first token of each run of same-typed lines (:func:`lexer.runs`),
    the run behind each first token, by type and line; each is put back in its place.
    """

    def __init__(
        self,
        headings: dict[int, tuple[int, str, str]],
        runs: dict[tuple[str, int], list[Token]] | None = None,
    ) -> None:
        super().__init__(visit_tokens=False)  # no callback is named after a token type
        self.headings = headings
        self.runs = runs

    def _lines(self, items: list[Token]) -> list[Token]:
        if self.runs is None:
            return items
        return [tok for first in items for tok in self.runs.get((first.type, first.line or 0), (first,))]

    def front(self, items: list[Token]) -> list[Token]:
        return self._lines(items)

    def section(self, items: list[Token]) -> OutlineSection:
        head = items[0]
        line = _line(head)
        number, kind, text = self.headings[line]
        return OutlineSection(number, kind, text, line, tuple(self._lines(items[1:])))

    def signature(self, items: list[Token]) -> tuple[str, list[Token]]:
        return ("signature", self._lines(items))

    def trailer(self, items: list[Token]) -> tuple[str, list[Token]]:
        return ("trailer", self._lines(items))

    def start(self, items: list[Any]) -> Outline:
        front: list[Token] = items[0]
        sections = tuple(i for i in items[1:] if isinstance(i, OutlineSection))
        sig: list[Token] = []
        trailer: list[Token] = []
        for i in items[1:]:
            if isinstance(i, tuple) and i[0] == "signature":
                sig = i[1]
            elif isinstance(i, tuple) and i[0] == "trailer":
                trailer = i[1]
        title = "".join(t.value for t in front if t.type == "TITLE") or None
        chrome = tuple(t for t in front if t.type == "CHROME")
        rest = tuple(t for t in front if t.type not in ("CHROME", "TITLE"))
        return Outline(chrome, title, rest, sections, tuple(sig), tuple(trailer), tuple(front))


# ------------------------------------------------------------------ metadata
_AGENCY_PHRASE = re.compile(
    r"(?:现?公布|现?公开|发布|编制|关于)了?《?(?P<a>[^,。;《》:\d\s]{2,30}?)?(?P<y>(?:19|20)\d{2})\s*年度?"
    r"(?P<b>[^,。;《》:\d\s]{0,24}?)(?:(?:政府|政务)?信息公开|政务公开)(?:工作)?(?:年度)?(?:工作)?(?:情况)?报告"
)
_COMPILER = re.compile(r"(?:本报告)?由(?P<a>[^,。;《》\d\s]{2,40}?)(?:根据[^。]*?)?编制")
_PUB_META = re.compile(
    r"(?:发布日期|发布时间|成文日期|发文日期|日期)\s*[::]?\s*((?:19|20)\d{2})[-年./](\d{1,2})[-月./](\d{1,2})"
)
_OUR = re.compile(r"^(?:我|本|该)")
_QUOTED = re.compile(r"《[^》]*》")
_ISSUER = re.compile(r"^(?P<a>[^\s,。:;《]{4,40}?)\s*关于")
#: "2020年,区发改局以…": the agency as the subject of an opening sentence (v048, v018).
_SUBJECT = re.compile(
    r"(?:^|[。\s])(?:19|20)\d{2}\s*年度?,(?P<a>[^,。;\s《]{2,24}?(?:" + "|".join(labels.SUBJECT_SUFFIXES) + "))"
    r"(?:坚持|以|认真|积极|严格|按照|深入|全面|围绕|高度|进一步|在|紧紧|不断|始终|大力|着力|继续|共|主动|依法)"
)


def _date(text: str) -> dt.date | None:
    m = labels.DATE.search(text)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _clean_agency(a: str | None) -> str | None:
    if not a:
        return None
    a = a.strip(" 《》“”\"'|:")
    a = re.sub(r"^(?:关于|现将|现就|本|我)", "", a)
    a = a.split("关于", 1)[0]  # "X关于印发…的通知": X is the body that issues it
    if len(a) < 2 or _OUR.match(a) or re.fullmatch(r"(?:本|全|我|该|各)?[省市区县镇乡]{1,2}", a) or a == "政府信息":
        return None
    return a


def _issuer(head: tuple[Token, ...]) -> str | None:
    """The body a notice or letter comes from: "X 关于…的通知", or X on the line before "关于…" (v001, v026)."""
    prev = ""
    for tok in head:
        line = tok.value
        m = _ISSUER.match(line)
        if m and labels.AGENCY_SUFFIX.search(m.group("a")):
            return m.group("a")
        if line.startswith("关于") and prev and _clean_agency(prev) and labels.AGENCY_SUFFIX.search(prev):
            return prev
        prev = line if len(line) <= 40 and not re.search(r"[,。;:]", line) else ""
    return None


def _publisher(head: tuple[Token, ...]) -> str | None:
    """The body a page's metadata names: "发布机构:某某局", or "发布机构 | 某某局 |" in a metadata row."""
    for tok in head:
        if not any(w in tok.value for w in ("发布", "发文")):
            continue
        cells = [labels.key(c) for c in tok.value.split("|")]
        for i, cell in enumerate(cells):
            m = labels.PUBLISHER.match(cell)
            if not m:
                continue
            name = m.group("a") or (cells[i + 1] if i + 1 < len(cells) else "")
            if labels.AGENCY_SUFFIX.search(name) and len(name) <= 40:
                return name
    return None


#: Agency and year around the report words of a title: 某县2019年政府信息公开…, 2018年建新镇政府信息公开…,
#: 某县政府2019年度信息公开… (the year between 政府 and 信息公开), 某市水利局2012年政务信息公开年度报告.
_TITLE_YEAR = re.compile(r"(?P<a>.*?)(?P<y>(?:19|20)\d{2})\s*年度?(?P<b>.*?)(?:(?:政府|政务)?信息公开|政务公开)")
_TITLE_AGENCY = re.compile(r"(?P<a>.*?)(?:政府|政务)信息公开")
_TITLE_AGENCY_ZW = re.compile(r"(?P<a>.*?)政务公开")


#: The year printed after the report words: 政府信息公开工作2022年度报告, …年度报告(2022年), …年度报告(2022) —
#: not a date (…年度报告(2023年1月20日), 2023-01-20), which is when it was published.
_TITLE_YEAR_AFTER = re.compile(
    r"(?:信息公开|政务公开)[^\d]{0,12}?(?P<y>(?:19|20)\d{2})(?![\d\-./])(?!\s*年\s*\d)(?!\s*年?\s*[,.]\s*\d)"
)


def _title_parts(title: str) -> tuple[str | None, int | None]:
    m = _TITLE_YEAR.search(title)
    if m:
        a = _clean_agency(_before_topic(m.group("a"))) or _clean_agency(m.group("b"))
        return a, int(m.group("y"))
    m = _TITLE_AGENCY.search(title) or _TITLE_AGENCY_ZW.search(title)
    agency = _clean_agency(_before_topic(m.group("a"))) if m else None
    after = _TITLE_YEAR_AFTER.search(title)
    return agency, (int(after.group("y")) if after else None)


def _before_topic(head: str) -> str:
    """What may name a body before a title's year: not a notice's topic ("关于做好2016年…的通知": 做好 is no body)."""
    head = head.split(":")[-1]
    return head.split("关于", 1)[0] if "关于" in head else head


#: Where the year is printed, by authority after the title: what the figures cover before what the text says.
_YEAR_SOURCES: tuple[re.Pattern[str], ...] = (
    labels.STAT_PERIOD,  # 统计期限为2019年1月1日到…, 本报告统计时间为…, 核定时间…, 统计期限为201911日至1231日
    labels.STAT_RANGE,  # 2014年1月1日至12月31日, 主动公开… (v034)
    labels.YEAR_PHRASE,  # 现将我局2020年度政府信息公开工作情况报告如下
    labels.YEAR_OPENING,  # 2019年,我局…
    labels.YEAR_END,  # 截至2010年底, 截至2010年12月31日
)


def _year(title: str | None, texts: list[str]) -> int | None:
    """The year the report covers, from the most authoritative place that prints one (None if none does)."""
    if title:
        _agency, year = _title_parts(title)
        if year is not None:
            return year
    for rx in _YEAR_SOURCES:
        for text in texts:
            m = rx.search(text)
            if m:
                return int(m.group(1))
    return None


def metadata(outline: Outline, findings: list[Finding] | None = None) -> dict[str, Any]:
    """Title, agency, year and published date from whichever places print them.

    The year comes from the most authoritative place that prints one: the title, then the statistics
    period, an opening sentence, the end of the year the figures run to (``_YEAR_SOURCES``), and only
    then the published date — with a ``year-inferred`` finding, since that year is not printed.
    """
    # A title that opens with ?? or U+FFFD lost a character to a wrong encoding (a BOM, an emblem glyph) on the
    # way; the marks are not part of its text.
    title = lexer.title_text(outline.title).lstrip("?\ufffd ") or None if outline.title else None
    agency = _title_parts(title)[0] if title else None
    early_text = [_QUOTED.sub("", t.value) for t in outline.front] + [
        _QUOTED.sub("", t.value) for s in outline.sections[:2] for t in s.lines[:12] if t.type != "TABLE"
    ]
    year = _year(title, early_text)
    phrase_agency = None
    for text in early_text:
        m = _AGENCY_PHRASE.search(text)
        if m:
            phrase_agency = _clean_agency(m.group("a")) or _clean_agency(m.group("b"))
            break
    # signature
    signed_by = None
    published = None
    if outline.signature:
        agencies = [t.value for t in outline.signature if t.type == "SIGN_AGENCY"]
        date_tok = outline.signature[-1].value
        m = labels.DATE_LINE.match(date_tok)
        if m and m.group("agency"):
            agencies.append(m.group("agency"))
        signed_by = " ".join(a.strip() for a in agencies) or None
        published = _date(date_tok)
    if published is None:
        for tok in outline.chrome + outline.front:
            m = labels.DATE_LINE.match(tok.value)
            if m and len(tok.value) <= 50:
                published = _date(tok.value)
                if published:
                    break
    if published is None:
        for tok in outline.chrome + outline.front:
            m = _PUB_META.search(tok.value)
            if m:
                try:
                    published = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
                    break
                except ValueError:
                    continue
    if agency is None:
        agency = phrase_agency
    if agency is None:
        for text in early_text:
            m = _COMPILER.search(text)
            if m and labels.AGENCY_SUFFIX.search(m.group("a")):
                agency = _clean_agency(m.group("a"))
                break
    if agency is None:
        agency = _issuer(outline.head)
    if agency is None:
        for text in early_text:
            m = _SUBJECT.search(text)
            if m:
                agency = _clean_agency(m.group("a"))
                break
    if agency is None:
        agency = _publisher(outline.head)
    if signed_by and (agency is None or (agency in signed_by and len(signed_by) > len(agency))):
        if labels.AGENCY_SUFFIX.search(signed_by) and " " not in signed_by:
            agency = signed_by
    if year is None and published is not None and published.month <= 6:
        # reports come out in the first months after the year they cover (by 31 January or 31 March)
        year = published.year - 1
        if findings is not None:
            findings.append(
                Finding(
                    "year-inferred",
                    "info",
                    f"报告未写明年度,按发布日期{published.isoformat()}推定为{year}年",
                    f"no year is printed; {year} is inferred from the published date {published.isoformat()}",
                    "year",
                )
            )
    return {"title": title, "agency": agency, "year": year, "published": published, "signed_by": signed_by}


# ------------------------------------------------------------------ sections and tables
def _line(tok: Token) -> int:
    """A line token's line number (the line lexer sets one on every token)."""
    assert tok.line is not None
    return tok.line


def _split_section(sec: OutlineSection) -> tuple[list[Token], list[tuple[int, str]]]:
    text = [t for t in sec.lines if t.type != "TABLE"]
    table = [(_line(t), str(t.value)) for t in sec.lines if t.type == "TABLE"]
    return text, table


def _section_text(tokens: list[Token]) -> str:
    return "\n".join(t.value for t in tokens).strip()


def _declares_none(kind: str, text: str) -> bool:
    rx = labels.NONE_STATEMENTS.get(kind)
    return bool(labels.BARE_NONE.match(text.strip()) or (rx and rx.search(text)))


def _unplaced(result: TableResult) -> bool:
    """A table whose values were printed but could not be placed (table 四 short of its fifteen cells in
    a layout that drops empty ones): a table all the same, its finding kept, its lines no prose."""
    return any(f.code == "row-ambiguous" for f in result.findings)


def build_report(outline: Outline, norm: Normalised, findings: list[Finding]) -> Report:
    meta = metadata(outline, findings)
    sections: list[Section] = []
    tables: dict[str, Any] = {}
    kept: dict[str, tuple[TableResult, str]] = {}  # the printing of each table kept, and its section's kind
    formats_by_kind: dict[str, set[str]] = {}
    declared: list[str] = []
    hint = _format_from_year(meta["year"])
    seen_numbers: set[int] = set()
    front_tables = [(_line(t), str(t.value)) for t in outline.front if t.type == "TABLE"]
    regions: list[OutlineSection | None] = ([None] if front_tables else []) + list(outline.sections)
    for sec in regions:
        text_tokens: list[Token]
        table_lines: list[tuple[int, str]]
        if sec is None:  # a table before any heading (an excerpt that starts mid-report)
            text_tokens, table_lines = [], front_tables
            sec = OutlineSection(0, "front", "", front_tables[0][0], ())
        else:
            text_tokens, table_lines = _split_section(sec)
        text = _section_text(text_tokens)
        read: set[str] = set()
        if table_lines:
            hint_kind = sec.kind if sec.kind in TABLE_KINDS else None
            results = read_region(table_lines, hint_kind, hint, norm.unsure_lines)
            if hint_kind is None and not any(r.table is not None or _unplaced(r) for r in results):
                results = []  # no table here after all: the lines are the section's text
                text = (text + "\n" + "\n".join(v for _, v in table_lines)).strip()
            for result in results:
                for f in result.findings:
                    findings.append(_at_section(f, sec.number))
                if isinstance(findings, FindingLog):
                    findings.count_dropped(omitted(result.findings))
                if result.table is None:
                    continue
                read.add(result.kind)
                if result.kind in tables:
                    # ranked only when a table is printed twice: counting a table's cells costs
                    better = _table_rank(result, sec.kind) > _table_rank(*kept[result.kind])
                    findings.append(
                        Finding(
                            "table-duplicated",
                            "warning",
                            f"表“{result.kind}”出现多次,取" + ("后一个" if better else "第一个"),
                            f"table {result.kind} appears twice; the {'later' if better else 'first'} is kept",
                            result.kind,
                            sec.number,
                            result.kind,
                        )
                    )
                    if not better:
                        continue
                tables[result.kind] = result.table
                kept[result.kind] = (result, sec.kind)
                formats_by_kind[result.kind] = result.formats
        if sec.number == 0:
            continue
        none = sec.kind in TABLE_KINDS and _declares_none(sec.kind, text) and sec.kind not in read
        if none:
            declared.append(sec.kind)
        if sec.number in seen_numbers and sec.kind in labels.SECTION_BY_KIND:
            findings.append(
                Finding(
                    "section-duplicated",
                    "warning",
                    f"第{labels.NUMERALS_CN.get(sec.number, sec.number)}部分重复出现",
                    f"section {sec.number} appears twice",
                    f"section {sec.number} (line {sec.line})",
                    sec.number,
                    None,
                    None,
                    None,
                    sec.line,
                )
            )
        seen_numbers.add(sec.number)
        sections.append(Section(sec.number, sec.kind, sec.heading, text, none))
    # statements of none anywhere in the text (v051: 未收到依申请公开请求 in section 一)
    all_text = "\n".join([t.value for t in outline.front] + [s.text for s in sections])
    for topic, rx in labels.NONE_STATEMENTS.items():
        if topic in declared or topic in tables:
            continue
        if rx.search(all_text):
            declared.append(topic)
    table_formats = set().union(*formats_by_kind.values())
    fmt = _format(table_formats, meta["year"], sections, outline, findings)
    return Report(
        title=meta["title"],
        agency=meta["agency"],
        year=meta["year"],
        published=meta["published"],
        format=fmt,  # type: ignore[arg-type]
        preamble=_section_text([t for t in outline.front if t.type != "TABLE"]),
        sections=tuple(sections),
        active_disclosure=tables.get("active_disclosure"),
        applications=tables.get("applications"),
        review_litigation=tables.get("review_litigation"),
        signed_by=meta["signed_by"],
        declared_none=tuple(k for k in ("applications", "fees", "review_litigation") if k in declared),
        prose=extract_prose(all_text),
        normalisation=model.Normalisation(norm.script, norm.readings_removed, norm.traditional_chars),  # type: ignore[arg-type]
        findings=tuple(findings),
    )


def _at_section(f: Finding, number: int) -> Finding:
    from attrs import evolve

    return evolve(f, section=number)


#: A notice or letter cited by its name in 《》 (one level of 《》 or 〈〉 inside): 《…关于印发〈…格式〉的通知》.
_CITED_NOTICE = re.compile(r"《(?:[^《》]|《[^《》]*》)*?(?:通知|函)》")
#: … or named without marks in a clause that cites it: 按照县政务公开办关于做好2020年政府信息公开工作年度报告
#: 编制发布工作的通知要求, — up to the clause's 要求/精神/规定 or its end.
_CITING = re.compile(r"(?:根据|按照|依据|依照|遵照)[^。;,\n]{0,80}?(?:要求|精神|规定|[。;,\n]|$)")


def _format_from_year(year: int | None) -> str | None:
    if year is None:
        return None
    if year >= 2021:
        return "2021"
    if year >= 2019:
        return "2019"
    return "legacy"


def _table_rank(result: TableResult, section_kind: str) -> tuple[bool, int]:
    """Which of two printings of one table to keep: the one in its own section (a summary table in
    一、总体情况 reuses the official row labels), then the one with more cells read."""
    return (section_kind == result.kind, sum(1 for *_, c in model.table_cells(result.table) if c.value is not None))


def _format(
    table_formats: set[str], year: int | None, sections: list[Section], outline: Outline, findings: list[Finding]
) -> str:
    if len(table_formats) == 1:
        return next(iter(table_formats))
    if len(table_formats) > 1:
        by_year = _format_from_year(year)
        return by_year if by_year in table_formats else "2021"
    # a title may wrap: its lines are read as one; a citing clause (根据/按照 …) ends at its own line's end
    head_lines = [labels.key(t.value) for t in outline.head if len(t.value) <= 60]
    titled_as_format = any(labels.FORMAT_TITLE.search(labels.key(t.value)) for t in outline.head if t.type == "TITLE")
    # a notice a report cites (根据《…关于印发〈…年度报告格式〉的通知》, nested 《…《…》的通知》, or named without
    # marks in a 根据/按照 clause) says nothing about what the citing document is; a notice's own title
    # (…关于印发《…年度报告格式》的通知) stands outside any citation and is kept
    # a cited notice is cut out in place (its token boundaries kept, so each part stays the head token it came from)
    uncited = _CITED_NOTICE.sub(lambda m: "\0" * m.group(0).count("\0"), "\0".join(head_lines)).split("\0")
    uncited = uncited if head_lines else []
    types = [t.type for t in outline.head if len(t.value) <= 60]
    own = "".join(line if typ == "TITLE" else _CITING.sub("", line) for typ, line in zip(types, uncited, strict=True))
    if labels.FORMAT_NOTICE.search(own) or labels.NOTICE_TITLE.search(_QUOTED.sub("", own)) or titled_as_format:
        findings.append(
            Finding(
                "not-a-report",
                "warning",
                "这是关于年度报告格式的通知,不是年度报告",
                "this is a notice about the report format, not a report",
                "document",
            )
        )
        return "unknown"
    by_year = _format_from_year(year)
    # only the free outline of 2008–2018 has these parts, headings in its own words, or lists 概述 and
    # 收费及减免 among its parts; the 2019 and 2021 formats fix six headings
    legacy_outline = (
        any(s.kind in ("fees", "consultation", "foreword", labels.CUSTOM_KIND) for s in sections)
        or any(re.search(r"概述", s.heading) for s in sections)
        or bool(labels.LEGACY_PARTS.search(_QUOTED.sub("", "".join(t.value for t in outline.head))))
    )
    if by_year is not None:
        return by_year
    if legacy_outline:
        return "legacy"
    if sections:
        return "unknown"
    return "unknown"
