"""THE label table: every Chinese label, its variants and its key, in one place.

The parser matches cells and headings against it, the renderer prints its
canonical labels, the validator names rows and columns with them. Patterns are
matched against :func:`key` of a cell (whitespace removed, quotes and numbering
folded) after the normaliser has folded traditional script and full-width
punctuation, so a variant seen in the wild is added here once and works
everywhere.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

__all__ = [
    "ACTIVE_COLUMNS",
    "ACTIVE_COLUMN_LABELS",
    "ACTIVE_ROWS",
    "ACTIVE_ROW_BLOCK",
    "ACTIVE_ROW_LABELS",
    "ACTIVE_ROW_LABELS_2019",
    "ACTIVE_SHAPES",
    "AGENCY_FOLDS",
    "AGENCY_SUFFIX",
    "AGENCY_SUFFIXES",
    "AMOUNT_COLUMNS",
    "APPLICANTS_LABEL",
    "APPLICANT_COLUMNS",
    "APPLICANT_FULL_LABELS",
    "APPLICANT_KEYS",
    "APPLICANT_LABELS",
    "APPLICANT_ORG_WORDS",
    "APPLICATION_GROUPS",
    "APPLICATION_GROUP_LABELS",
    "APPLICATION_HEADER",
    "APPLICATION_ROWS",
    "APPLICATION_ROW_BY_KEY",
    "ARABIC_HEADING",
    "BARE_LEVELS",
    "BARE_NONE",
    "BLOCKS",
    "CHROME",
    "CN_DATE",
    "CN_NUMERALS",
    "CONTENT_HEADER",
    "CUSTOM_KIND",
    "DATE",
    "DATE_LINE",
    "EMPTY_MARKERS",
    "FORMAT_NOTICE",
    "FORMAT_TITLE",
    "FORM_LABELS",
    "HEADING",
    "LEGACY_PARTS",
    "LEGACY_SECTIONS",
    "LITIGATION_LABEL",
    "LOCALISED_TERMS",
    "MAX_NUMBER_DIGITS",
    "MONEY_UNITS",
    "NONE_STATEMENTS",
    "NOTICE_TITLE",
    "NUMBER",
    "NUMBERING",
    "NUMERALS_CN",
    "ORGANISATION_LABEL",
    "PAGE_HEAD",
    "PAGE_NUMBER",
    "PROSE_LABELS",
    "PUBLISHER",
    "PUBLISHER_LABEL",
    "REGIONAL_GOVERNMENT",
    "REPORT_TITLE",
    "REPORT_WORDS",
    "REVIEW_GROUPS",
    "REVIEW_GROUP_FULL_LABELS",
    "REVIEW_GROUP_KEYS",
    "REVIEW_GROUP_LABELS",
    "REVIEW_HEADER",
    "REVIEW_OUTCOMES",
    "REVIEW_OUTCOME_KEYS",
    "REVIEW_OUTCOME_LABELS",
    "RULE_NOTE",
    "SECTIONS",
    "SECTION_BY_KIND",
    "SECTION_BY_NUMBER",
    "SELF_REFERENCE",
    "SELF_TOWNSHIP",
    "SIGNED_COLUMNS",
    "STAT_PERIOD",
    "STAT_RANGE",
    "SUBHEADING",
    "SUBJECT_SUFFIXES",
    "TABLE_LABELS",
    "TABLE_OPENING_LINE",
    "TABLE_START",
    "TITLE",
    "TOWNSHIP",
    "UNIT_WORDS",
    "VALUE_TEXT",
    "YEAR_END",
    "YEAR_IN_TITLE",
    "YEAR_OPENING",
    "YEAR_PHRASE",
    "AppGroup",
    "AppRow",
    "Block",
    "Label",
    "SectionLabel",
    "active_column",
    "active_columns",
    "active_row",
    "application_group",
    "application_row",
    "block",
    "classify_value",
    "cn_number",
    "fold_cn_dates",
    "is_label_cell",
    "is_note",
    "is_row_label",
    "is_value_header",
    "key",
    "legacy_kind",
    "looks_like_value",
    "match",
    "review_groups",
    "section_kind",
    "split_fused_label",
    "split_label_values",
    "strip_notes",
    "strip_numbering",
]

# ---------------------------------------------------------------- helpers
_SPACE = re.compile(r"[\s\u3000\xa0]+")
_QUOTES = re.compile(r"[\"'“”‘’「」『』〝〞]")
#: Numbering in front of a label: 一、 (一) 1. 1、 (1) 第一 …
NUMBERING = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.,]|\([一二三四五六七八九十]+\)|\d{1,2}[.、,](?!\d)|\(\d{1,2}\))"
)
CN_NUMERALS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
NUMERALS_CN = {v: k for k, v in CN_NUMERALS.items()}


@lru_cache(maxsize=65536)
def key(text: str) -> str:
    """The comparable form of a label: no whitespace, no quotes."""
    return _QUOTES.sub("", _SPACE.sub("", text))


def strip_numbering(text: str) -> str:
    k = key(text)
    m = NUMBERING.match(k)
    return k[m.end() :] if m else k


def cn_number(numeral: str) -> int | None:
    """一 → 1, 十一 → 11, 二十 → 20, 三十一 → 31 (headings, months, days)."""
    if numeral in CN_NUMERALS:
        return CN_NUMERALS[numeral]
    tens, ten, units = numeral.partition("十")
    digits = {k: v for k, v in CN_NUMERALS.items() if v < 10}
    if not ten or (tens and tens not in digits) or (units and units not in digits):
        return None
    return (digits[tens] if tens else 1) * 10 + (digits[units] if units else 0)


#: A date written in Chinese numerals, as signatures often are: 二〇二一年一月二十日, 二〇二〇年度; the zero is
#: often typed as a letter O or a digit 0 (二O二三年, 二0二三年).
CN_DATE = re.compile(
    r"(?P<y>[〇零○Oo0一二三四五六七八九]{4})\s*年(?:\s*(?P<m>十[一二]?|[一二三四五六七八九])\s*月"
    r"(?:\s*(?P<d>[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])\s*日)?)?"
)
_CN_DIGITS = {
    "〇": "0",
    "零": "0",
    "○": "0",
    "O": "0",
    "o": "0",
    "0": "0",
    **{k: str(v) for k, v in CN_NUMERALS.items() if v < 10},
}


def fold_cn_dates(text: str) -> str:
    """二〇二一年一月二十日 → 2021年1月20日, so one date pattern serves every date (19xx and 20xx only)."""

    def _fold(m: re.Match[str]) -> str:
        year = "".join(_CN_DIGITS[c] for c in m.group("y"))
        if not year.startswith(("19", "20")):
            return m.group(0)
        out = f"{year}年"
        if m.group("m"):
            out += f"{cn_number(m.group('m'))}月"
            if m.group("d"):
                out += f"{cn_number(m.group('d'))}日"
        return out

    return CN_DATE.sub(_fold, text)


class Label(NamedTuple):
    key: str  # the contract key (docs/spec.md)
    label: str  # canonical Chinese label (what render prints)
    pattern: str  # regex searched in key(cell)


def _compile(labels: tuple[Label, ...]) -> tuple[tuple[Label, re.Pattern[str]], ...]:
    return tuple((lab, re.compile(lab.pattern)) for lab in labels)


def match(labels: tuple[tuple[Label, re.Pattern[str]], ...], text: str) -> Label | None:
    k = key(text)
    for lab, rx in labels:
        if rx.search(k):
            return lab
    return None


# ---------------------------------------------------------------- sections
class SectionLabel(NamedTuple):
    number: int  # 0 for legacy-only kinds
    kind: str
    label: str
    pattern: str


#: The six sections of the 2019/2021 formats, recognised by meaning.
SECTIONS: tuple[SectionLabel, ...] = (
    # 政府信息公开总体工作情况: legacy reports put the subject first and 工作 inside
    SectionLabel(
        1,
        "overview",
        "总体情况",
        r"^(?:政府信息公开(?:工作)?的?)?(?:总体|总的|基本|工作总体)(?:工作)?情况|^概述$|^概况$",
    ),
    SectionLabel(2, "active_disclosure", "主动公开政府信息情况", r"主动公开"),
    SectionLabel(3, "applications", "收到和处理政府信息公开申请情况", r"(?:收到|受理)和?处理.*申请|依申请公开"),
    SectionLabel(4, "review_litigation", "政府信息公开行政复议、行政诉讼情况", r"行政复议|行政诉讼|复议.*诉讼"),
    SectionLabel(5, "problems", "存在的主要问题及改进情况", r"问题.*改进|存在.*问题|不足|改进"),
    SectionLabel(6, "other_matters", "其他需要报告的事项", r"^其他|其它"),
)
#: Headings of legacy (2008–2018) reports that have no place among the six.
LEGACY_SECTIONS: tuple[SectionLabel, ...] = (
    SectionLabel(0, "overview", "概述", r"概述|总体(?:工作)?情况|基本(?:工作)?情况|工作概况"),
    SectionLabel(0, "fees", "收费及减免情况", r"收费|减免|支出"),
    SectionLabel(0, "consultation", "咨询处理情况", r"咨询"),
    SectionLabel(0, "foreword", "引言", r"^引言$|^前言$"),
)
#: The kind of a heading a legacy report names in its own words (一、健全组织、强化领导): numbered in
#: sequence with the report's other headings, meaning none of the known parts.
CUSTOM_KIND = "custom"
SECTION_BY_NUMBER = {s.number: s for s in SECTIONS}
SECTION_BY_KIND = {s.kind: s for s in SECTIONS}
_SECTION_RX = tuple((s, re.compile(s.pattern)) for s in SECTIONS)
_LEGACY_RX = tuple((s, re.compile(s.pattern)) for s in LEGACY_SECTIONS)

#: A heading line: numeral + 、 (or (一) for the first) + a short title.
HEADING = re.compile(r"^\s*(?P<num>[一二三四五六七八九十]{1,2})\s*[、.,]\s*(?P<title>\S.*)$")
SUBHEADING = re.compile(r"^\s*\((?P<num>[一二三四五六七八九十]{1,2})\)\s*(?P<title>\S.*)$")
#: A heading numbered 1. / 1、 (a few reports number their six sections so, QUIRKS §9).
ARABIC_HEADING = re.compile(r"^\s*(?P<num>[1-9])\s*[、.]\s*(?P<title>[^\d\s].*)$")


def section_kind(title: str) -> SectionLabel | None:
    """What a heading means, from its words (not its number)."""
    k = strip_numbering(title).rstrip("。.:")
    for s, rx in _SECTION_RX:
        if rx.search(k):
            return s
    return None


def legacy_kind(title: str) -> SectionLabel | None:
    k = strip_numbering(title).rstrip("。.:")
    for s, rx in _LEGACY_RX + _SECTION_RX:
        if rx.search(k):
            return s
    return None


# ---------------------------------------------------------------- table 二
class Block(NamedTuple):
    key: str  # (一) (五) (六) (八) (九)
    label: str
    pattern: str


BLOCKS: tuple[Block, ...] = (
    Block("1", "第二十条第(一)项", r"第二十条第?\(?一\)?项"),
    Block("5", "第二十条第(五)项", r"第二十条第?\(?五\)?项"),
    Block("6", "第二十条第(六)项", r"第二十条第?\(?六\)?项"),
    Block("8", "第二十条第(八)项", r"第二十条第?\(?八\)?项"),
    Block("9", "第二十条第(九)项", r"第二十条第?\(?九\)?项"),
)
_BLOCK_RX = tuple((b, re.compile(b.pattern)) for b in BLOCKS)


@lru_cache(maxsize=16384)
def block(text: str) -> Block | None:
    k = key(text)
    for b, rx in _BLOCK_RX:
        if rx.search(k):
            return b
    return None


#: Rows of table 二: key, label, pattern, the block they sit in.
ACTIVE_ROWS: tuple[Label, ...] = (
    Label("regulations", "规章", r"^规章$"),
    Label("normative_documents", "行政规范性文件", r"^(?:行政)?规范性(?:文件|档案)$"),
    Label("licensing", "行政许可", r"^行政许可$"),
    Label("other_services", "其他对外管理服务事项", r"^其他对外管理服务事项$"),
    Label("punishment", "行政处罚", r"^行政处罚$"),
    Label("coercion", "行政强制", r"^行政强制$"),
    Label("fees", "行政事业性收费", r"^行政事业性收费$"),
    Label("procurement", "政府集中采购", r"^政府集中采购$"),
)
ACTIVE_ROW_BLOCK = {
    "regulations": "1",
    "normative_documents": "1",
    "licensing": "5",
    "other_services": "5",
    "punishment": "6",
    "coercion": "6",
    "fees": "8",
    "procurement": "9",
}
_ACTIVE_ROWS_RX = _compile(ACTIVE_ROWS)

#: Column headers of table 二 with the format that prints them.
ACTIVE_COLUMNS: tuple[tuple[Label, str], ...] = (
    (Label("issued", "本年制发件数", r"制发"), "2021"),
    (Label("repealed", "本年废止件数", r"废止"), "2021"),
    (Label("in_force", "现行有效件数", r"现行有效"), "2021"),
    (Label("decisions", "本年处理决定数量", r"^本年处理决定"), "2021"),
    (Label("amount", "本年收费金额(单位:万元)", r"收费金额"), "2021"),
    (Label("made", "本年新制作数量", r"制作数量|新制作"), "2019"),
    (Label("published", "本年新公开数量", r"新公开数量|本年新公开"), "2019"),
    (Label("total_published", "对外公开总数量", r"对外公开总数"), "2019"),
    (Label("previous", "上一年项目数量", r"上一?年项目数|上年项目数"), "2019"),
    (Label("change", "本年增/减", r"^本年增/?减|^增/?减"), "2019"),
    (Label("decisions", "处理决定数量", r"^处理决定数"), "2019"),
    (Label("projects", "采购项目数量", r"采购项目数"), "2019"),
    (Label("amount", "采购总金额", r"采购总金额"), "2019"),
)
_ACTIVE_COLUMNS_RX = tuple((lab, fmt, re.compile(lab.pattern)) for lab, fmt in ACTIVE_COLUMNS)
CONTENT_HEADER = re.compile(r"^信息内容$")


_NOTE = re.compile(r"\([^()]*\)")


def is_note(text: str) -> bool:
    """A cell that is only a note in parentheses ("(减少用负值表示,如-8)", "(单位:件)"): a header's words
    broken off onto a line or cell of their own, never a value, although it may print digits."""
    return bool(_NOTE.fullmatch(key(text)))


def strip_notes(k: str) -> str:
    """规章(设区的市…应提供相关数据) → 规章: explanatory notes some templates print in labels (v015)."""
    bare = _NOTE.sub("", k)
    return bare if bare else k


@lru_cache(maxsize=16384)
def active_row(text: str) -> Label | None:
    return match(_ACTIVE_ROWS_RX, strip_notes(strip_numbering(text)))


#: A year in front of a header cell: "2020年处理决定数量", "2019年度上一年项目数量".
_HEADER_YEAR = re.compile(r"^(?:19|20)\d{2}年度?")


@lru_cache(maxsize=16384)
def active_column(text: str) -> tuple[Label, str] | None:
    """A table 二 column header, also with the year or an instruction in parentheses it may carry.

    A year in front stands for 本年 (2021年处理决定数量 is 本年处理决定数量, the 2021 form's), so that
    reading is tried first; 2020年处理决定数量 over 上一年项目数量 still reads in the 2019 form by its block."""
    k = key(text)
    bare = _HEADER_YEAR.sub("", k)
    candidates = (strip_notes("本年" + bare), strip_notes(bare)) if bare != k else (strip_notes(k),)
    for candidate in candidates:
        for lab, fmt, rx in _ACTIVE_COLUMNS_RX:
            if rx.search(candidate):
                return lab, fmt
    return None


@lru_cache(maxsize=16384)
def active_columns(text: str) -> tuple[tuple[Label, str], ...]:
    """Every column header in one cell, in printed order: PDF text joins a header row with spaces
    ("信息内容 上一年项目数量 本年增/减 处理决定数量") while a header's own words may be split by one
    ("本年新 制作数量"), so words are joined left to right until they name a column."""
    out: list[tuple[Label, str]] = []
    buf = ""
    for word in text.split():
        if not buf and CONTENT_HEADER.match(key(word)):
            continue
        col = active_column(buf + word)
        if col is None:
            buf += word
        else:
            out.append(col)
            buf = ""
    return tuple(out)


#: For each row and format: the model class name and its columns in printed order.
ACTIVE_SHAPES: dict[tuple[str, str], tuple[str, tuple[str, ...]]] = {
    ("regulations", "2021"): ("DocumentCounts2021", ("issued", "repealed", "in_force")),
    ("regulations", "2019"): ("DocumentCounts2019", ("made", "published", "total_published")),
    ("licensing", "2021"): ("Decisions2021", ("decisions",)),
    ("licensing", "2019"): ("ItemCounts2019", ("previous", "change", "decisions")),
    ("other_services", "2019"): ("ItemCounts2019", ("previous", "change", "decisions")),
    ("fees", "2021"): ("FeeAmount2021", ("amount",)),
    ("fees", "2019"): ("FeeItems2019", ("previous", "change")),
    ("procurement", "2019"): ("Procurement2019", ("projects", "amount")),
}
for _a, _b in (("normative_documents", "regulations"), ("punishment", "licensing"), ("coercion", "licensing")):
    for _f in ("2021", "2019"):
        ACTIVE_SHAPES[(_a, _f)] = ACTIVE_SHAPES[(_b, _f)]
#: Columns that hold money (decimal with a unit) rather than counts.
AMOUNT_COLUMNS = frozenset({"amount"})
#: Columns whose count may be negative.
SIGNED_COLUMNS = frozenset({"change"})
ACTIVE_COLUMN_LABELS: dict[tuple[str, str], str] = {(lab.key, fmt): lab.label for lab, fmt in ACTIVE_COLUMNS}
ACTIVE_ROW_LABELS = {lab.key: lab.label for lab in ACTIVE_ROWS}
ACTIVE_ROW_LABELS_2019 = {**ACTIVE_ROW_LABELS, "normative_documents": "规范性文件"}


# ---------------------------------------------------------------- table 三
APPLICANT_COLUMNS: tuple[Label, ...] = (
    Label("natural_person", "自然人", r"自然人"),
    Label("commercial_enterprise", "商业企业", r"商业企业"),
    Label("research_institution", "科研机构", r"科研机构"),
    Label("public_interest_org", "社会公益组织", r"公益组织"),
    Label("legal_service_org", "法律服务机构", r"法律服务机构"),
    Label("other_org", "其他", r"^其他$"),
    Label("total", "总计", r"^总计$"),
)
APPLICANT_KEYS = tuple(c.key for c in APPLICANT_COLUMNS)
#: Words of the five organisation columns' headers (broken over two cells too: 商业 / 企业).
APPLICANT_ORG_WORDS = ("商业", "科研", "公益", "法律服务")
APPLICANT_LABELS = {c.key: c.label for c in APPLICANT_COLUMNS}
#: Header cells that stand over table 三's value columns: not its 勾稽关系 caption, which heads the labels,
#: nor 其他 / 总计, which are also row labels.
_APPLICANT_HEADER = re.compile(
    "^(?:申请人情况|法人或其他组织|"
    + "|".join(c.label for c in APPLICANT_COLUMNS if c.key not in ("other_org", "total"))
    + ")$"
)


@lru_cache(maxsize=16384)
def is_value_header(text: str) -> bool:
    """A header cell over value columns (本年新制作数量, 申请人情况, 自然人, 结果维持 …): in a grid, values start
    where it does."""
    k = key(text)
    if not k or classify_value(k)[0] != "text":
        return False
    return bool(active_column(k) or _APPLICANT_HEADER.search(strip_notes(k)) or k in _OUTCOME_HEADERS)


class AppRow(NamedTuple):
    key: str
    label: str  # as printed in the official table (without its group)
    pattern: str
    group: str | None  # the (三)…(六) group it belongs to
    formats: tuple[str, ...] = ("2019", "2021")


APPLICATION_ROWS: tuple[AppRow, ...] = (
    AppRow("new_received", "一、本年新收政府信息公开申请数量", r"本年新收", None),
    AppRow("carried_over", "二、上年结转政府信息公开申请数量", r"上年结转", None),
    AppRow("granted", "(一)予以公开", r"^予以公开$", "result"),
    AppRow("partially_granted", "(二)部分公开(区分处理的,只计这一情形,不计其他情形)", r"^部分公开", "result"),
    AppRow("withheld_state_secret", "1.属于国家秘密", r"国家秘密", "withheld"),
    AppRow("withheld_prohibited_by_law", "2.其他法律行政法规禁止公开", r"法律.*止公开|法规禁止", "withheld"),
    AppRow("withheld_security_stability", "3.危及“三安全一稳定”", r"三安全一稳定|危及", "withheld"),
    AppRow("withheld_third_party_rights", "4.保护第三方合法权益", r"第三方", "withheld"),
    AppRow("withheld_internal_affairs", "5.属于三类内部事务信息", r"内部事务", "withheld"),
    AppRow("withheld_process_information", "6.属于四类过程性信息", r"过程性", "withheld"),
    AppRow("withheld_enforcement_files", "7.属于行政执法案卷", r"执法案卷", "withheld"),
    AppRow("withheld_administrative_query", "8.属于行政查询事项", r"行政查询", "withheld"),
    AppRow("unavailable_not_held", "1.本机关不掌握相关政府信息", r"不掌握", "unavailable"),
    AppRow("unavailable_needs_creation", "2.没有现成信息需要另行制作", r"另行制作|没有现成", "unavailable"),
    AppRow("unavailable_unclear", "3.补正后申请内容仍不明确", r"不明确", "unavailable"),
    AppRow("not_processed_petition", "1.信访举报投诉类申请", r"信访|举报投诉", "not_processed"),
    AppRow("not_processed_duplicate", "2.重复申请", r"重复申请", "not_processed"),
    AppRow("not_processed_publication", "3.要求提供公开出版物", r"出版物", "not_processed"),
    AppRow("not_processed_excessive", "4.无正当理由大量反复申请", r"大量反复", "not_processed"),
    AppRow("not_processed_confirmation", "5.要求行政机关确认或重新出具已获取信息", r"重新出具|确认或", "not_processed"),
    AppRow("other", "(六)其他处理", r"^其他处理$", "other_group", ("2019",)),
    AppRow(
        "other_no_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        r"逾期不补正|不补正",
        "other_group",
        ("2021",),
    ),
    AppRow(
        "other_unpaid_fee",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        r"缴纳费用|收费通知",
        "other_group",
        ("2021",),
    ),
    AppRow("other_misc", "3.其他", r"^其他$", "other_group", ("2021",)),
    AppRow("total_processed", "(七)总计", r"^(?:总计|合计)$", None),
    AppRow("carried_forward", "四、结转下年度继续办理", r"结转下年", None),
)
APPLICATION_ROW_BY_KEY = {r.key: r for r in APPLICATION_ROWS}
#: The rows whose label, bare (no numbering), is also a column header's word: 总计 (or 合计) of table 三's and
#: table 四's headers, 其他 of table 三's.
BARE_ROW_WORDS: dict[str, frozenset[str]] = {
    "total_processed": frozenset({"总计", "合计"}),
    "other_misc": frozenset({"其他"}),
}
_APP_ROWS_RX = tuple((r, re.compile(r.pattern)) for r in APPLICATION_ROWS)


class AppGroup(NamedTuple):
    key: str
    label: str
    pattern: str


APPLICATION_GROUPS: tuple[AppGroup, ...] = (
    AppGroup("result", "三、本年度办理结果", r"办理结果"),
    AppGroup("withheld", "(三)不予公开", r"^不予公开$"),
    AppGroup("unavailable", "(四)无法提供", r"^无法提供$"),
    AppGroup("not_processed", "(五)不予处理", r"^不予处理$"),
    AppGroup("other_group", "(六)其他处理", r"^其他处理$"),
)
APPLICATION_GROUP_LABELS = {g.key: g.label for g in APPLICATION_GROUPS}
_APP_GROUPS_RX = tuple((g, re.compile(g.pattern)) for g in APPLICATION_GROUPS)
#: Header cells of table 三 (ignored by position, used to recognise the table).
APPLICATION_HEADER = re.compile(r"勾稽关系|申请人情况|^法人或其他组织$|^自然人$")
RULE_NOTE = "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)"


_SENTENCE = re.compile(r"[。;!?]|,.*,")


@lru_cache(maxsize=16384)
def is_label_cell(text: str) -> bool:
    """A cell that can open a table region: a label, not a sentence that mentions a row word
    ("征求第三方意见", "由于信访工作", "根据第二十条第(一)项规定")."""
    k = key(text)
    if not k or len(k) > 45:
        return False
    if TABLE_START.match(k) or REVIEW_HEADER.match(k) or active_row(k):
        return True
    if k.startswith("第二十条") and block(k):
        return True
    if _SENTENCE.search(strip_notes(k)):
        return False
    bare = strip_notes(strip_numbering(k))
    numbered = bare != strip_notes(k)
    return bool((application_row(k) or application_group(k)) and (numbered or len(bare) <= 10))


@lru_cache(maxsize=16384)
def application_row(text: str) -> AppRow | None:
    k = strip_numbering(text)
    # "(三)不予公开1.属于国家秘密": a group label fused with its first row
    for r, rx in _APP_ROWS_RX:
        if rx.search(k):
            return r
    return None


#: Where a row's own numbering starts inside a longer label: (一)…(八), 1.…8. (not 第二十条第(一)项).
_ROW_NUMBERING = re.compile(r"\([一二三四五六七八]\)|(?<![\d.])[1-8][.、](?!\d)")


@lru_cache(maxsize=16384)
def split_fused_label(text: str) -> tuple[str, str] | None:
    """(group part, row label) of a group label fused with its first row in one cell:
    "三、本年度(一)予以公开", "办理结果(二)部分公开…" (PDF text), "(三)不予公开1.属于国家秘密"; else None."""
    k = key(text)
    for m in _ROW_NUMBERING.finditer(k):
        if m.start() == 0:
            continue
        head, tail = k[: m.start()], k[m.start() :]
        if head.startswith("第二十条") or application_row(tail) is None:
            return None
        return head, tail
    return None


#: Words a report prints in a value's place that a text layout runs into the label before them
#: (行政事业性收费未收费, PDF text): each is a cell of its own, read as text (cell-not-number).
VALUE_WORDS = ("未收费", "不收费", "免收费", "零")
_FUSED_NUMBER = re.compile(r"^(?P<label>.*[^\d.,+\-\s])(?P<num>\d[\d.,]*)$")


def _value_token(tok: str) -> bool:
    return classify_value(tok)[0] != "text" or tok in VALUE_WORDS


@lru_cache(maxsize=16384)
def split_label_values(text: str) -> tuple[str, tuple[str, ...]] | None:
    """(row label, value cells) of one cell that holds a table 二 or 三 row's label and its values, as text
    without cell borders prints them: "行政许可15", "规章 1 0 12", "1.属于国家秘密4 0 0 0 0 0 4",
    "行政事业性收费 未收费". None unless what is left after the values is exactly a row's label: a number
    is never cut off a word that is no label, and values are never taken from inside one."""
    toks = text.split()
    i = len(toks)
    while i > 0 and _value_token(toks[i - 1]):
        i -= 1
    if i == 0:
        return None
    head, values = toks[:i], list(toks[i:])
    last = head[-1]
    m = _FUSED_NUMBER.match(last)
    word = next((w for w in VALUE_WORDS if last.endswith(w) and len(last) > len(w)), None)
    if m is not None:
        head[-1], values = m.group("label"), [m.group("num"), *values]
    elif word is not None:
        head[-1], values = last[: -len(word)], [word, *values]
    if not values:
        return None
    label = " ".join(head)
    k = key(label)
    if classify_value(k)[0] != "text" or not (active_row(k) or application_row(k)) or active_row(key(text)):
        return None
    return label, tuple(values)


@lru_cache(maxsize=16384)
def application_group(text: str) -> AppGroup | None:
    k = strip_numbering(text)
    for g, rx in _APP_GROUPS_RX:
        if rx.search(k):
            return g
    return None


# ---------------------------------------------------------------- table 四
REVIEW_GROUPS: tuple[Label, ...] = (
    Label("review", "行政复议", r"^行政复议$"),
    Label("direct_suit", "未经复议直接起诉", r"直接起诉"),
    Label("post_review_suit", "复议后起诉", r"复议后起诉"),
)
REVIEW_OUTCOMES: tuple[Label, ...] = (
    Label("upheld", "结果维持", r"维持"),
    Label("corrected", "结果纠正", r"纠正"),
    Label("other", "其他结果", r"其他结果"),
    Label("pending", "尚未审结", r"尚未审结|未审结"),
    Label("total", "总计", r"^总计$"),
)
REVIEW_GROUP_KEYS = tuple(g.key for g in REVIEW_GROUPS)
REVIEW_OUTCOME_KEYS = tuple(o.key for o in REVIEW_OUTCOMES)
REVIEW_GROUP_LABELS = {g.key: g.label for g in REVIEW_GROUPS}
REVIEW_OUTCOME_LABELS = {o.key: o.label for o in REVIEW_OUTCOMES}
_OUTCOME_HEADERS = frozenset(key(o.label) for o in REVIEW_OUTCOMES)
REVIEW_HEADER = re.compile(
    r"^(?:行政复议|行政诉讼|未经复议直接起诉|复议后起诉|结果维持|结果纠正|其他结果|尚未审结|总计|结果|维持|纠正|其他|尚未|审结|总|计)+$"
)


@lru_cache(maxsize=4096)
def review_groups(text: str) -> tuple[str, ...]:
    """The groups of table 四 a header cell names, in the form's order: 行政复议 → review; 行政诉讼 → both
    suits; 未经复议直接起诉 or 行政诉讼(复议后起诉) → that one; 行政复议行政诉讼 → all three. Outcome words
    (结果维持 …) and fragments name none."""
    k = key(text).replace("(", "").replace(")", "")
    named: set[str] = set()
    if "直接起诉" in k:
        named.add("direct_suit")
    if "复议后起诉" in k:
        named.add("post_review_suit")
    if "行政诉讼" in k and not named:
        named |= {"direct_suit", "post_review_suit"}
    if "行政复议" in k.replace("复议后起诉", ""):  # 行政复议后起诉 is the suit, not the review
        named.add("review")
    return tuple(g for g in REVIEW_GROUP_KEYS if g in named)


# ---------------------------------------------------------------- table starts
#: A cell that can only belong to a table: where a section's table begins.
TABLE_START = re.compile(
    r"^(?:第二十条第?\(?[一五六八九]\)?项|信息内容|\(?本列数据的勾稽关系|申请人情况|行政复议(?:行政诉讼)?|"
    r"(?:一、)?本年新收政府信息公开申请数量)"
)

#: A line that can only open a table, even with no pipe and before any heading (an excerpt that starts
#: with its table in one cell per line): a block label, the 勾稽 note, the first row of table 三, the
#: first header line of table 四 (行政复议 / 行政复议 行政诉讼 alone on its line).
TABLE_OPENING_LINE = re.compile(
    r"^(?:第二十条第?\(?[一五六八九]\)?项|\(?本列数据的勾稽关系[^。]*\)?|(?:一、)?本年新收政府信息公开申请数量|"
    r"行政复议(?:行政诉讼)?)$"
)

# ---------------------------------------------------------------- values
#: Cells that mean "nothing printed here".
EMPTY_MARKERS = frozenset({"", "-", "—", "–", "_", "/", "——", "－", "无", "／", "\\", "…"})
NUMBER = re.compile(
    r"^\?*(?P<sign>[+\-]|增加|减少|增|减)?\s*(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"\s*(?P<unit>万元|万|元|件|项|个|条|起|宗|次|人次)?$"
)
MONEY_UNITS = frozenset({"万元", "万", "元"})
#: A unit printed alone in a cell: the 单位 column of the legacy statistics tables (统计指标 | 单位 | 统计数),
#: which the 2019 and 2021 forms do not have.
UNIT_WORDS = frozenset({"件", "项", "个", "条", "起", "宗", "次", "人次", "万元", "元"})
_SPLIT_DIGITS = re.compile(r"\d[\s|]+[+\-]?\d")

#: Text printed where a number belongs: 见附件, 详见附表, 0/0, 暂无, 不适用, n/a, ½, 1e5, 0(件), 3*, 1“2 … A
#: cell like this is a value (``value=None``, a ``cell-not-number`` finding) and keeps its column; text
#: that is none of these and no label we know (其他主动公开档案) is a row of its own.
VALUE_TEXT = re.compile(
    r"\d|^[^\u3400-\u9fff]+$|见|附件|附表|暂无|^无|^没有$|不适用|不涉及|未统计|未填|不详|^空$|^略$|同上|^否$|^是$"
    r"|^零$|^(?:未|不|免)收费$"
    # a cell saying nothing happened: 未涉及, 未发生, 暂未开展, 尚未制定 (not a label's words: no label starts so),
    # whole — a note saying so (未发生因政府信息公开工作被申请行政复议…的情况) is a sentence, not a cell
    r"|^(?:未|暂未|尚未)(?:涉及|发生|产生|开展|制定|收取|出现)(?:此类|相关)?(?:情况|事项|工作)?$"
)


@lru_cache(maxsize=16384)
def looks_like_value(text: str) -> bool:
    """Whether an unrecognised cell stands where a value would: a number, an empty marker or :data:`VALUE_TEXT`."""
    return classify_value(text)[0] != "text" or bool(VALUE_TEXT.search(key(text)))


@lru_cache(maxsize=16384)
def is_row_label(text: str) -> bool:
    """A cell that names a place in one of the three tables: a block, a row, a group or a header."""
    k = key(text)
    if not k or len(k) > 60 or classify_value(k)[0] != "text":
        return False
    return bool(
        block(k)
        or active_row(k)
        or application_row(k)
        or application_group(k)
        or CONTENT_HEADER.match(k)
        or active_column(k)
        or APPLICATION_HEADER.search(k)
        or REVIEW_HEADER.match(k)
        or any(k == key(c.label) for c in APPLICANT_COLUMNS)
    )


# ---------------------------------------------------------------- statements of none
#: Sentences that say a table has nothing to report, per topic.
NONE_STATEMENTS: dict[str, re.Pattern[str]] = {
    "applications": re.compile(
        r"(?:未|没有|尚未|暂未|无)(?:收到|接到|受理)[^。;]{0,30}?(?:依申请公开|公开申请|申请)(?![^。;,]{0,12}(?:复议|诉讼))"
    ),
    "review_litigation": re.compile(
        r"(?:未|没有|尚未|暂未|无)(?:发生|出现|收到|涉及)[^。;]{0,40}?(?:行政复议|行政诉讼)"
    ),
    "fees": re.compile(r"(?:未|没有|无)[^。;,]{0,20}收取任何费用|没有收费|无[^。;,]{0,12}收费(?:和减免)?事项"),
}

#: A section body that is nothing but a statement of none (seed 003 section 三: 无).
BARE_NONE = re.compile(r"^(?:无|没有|暂无|本年度无[^。]{0,20})[。.]?$")

# ---------------------------------------------------------------- Taiwan wording
#: Mainland terms that zh-TW localised mirrors (OpenCC s2twp) rewrite, as ``tw2s`` leaves them, and the
#: term restored. The normaliser puts them back so every other pattern sees the mainland wording
#: (政府資訊公開 → 政府资讯公开 → 政府信息公开). Only compounds that mainland reports never print.
LOCALISED_TERMS: tuple[tuple[str, str], ...] = (
    ("政府资讯", "政府信息"),
    ("资讯公开", "信息公开"),
    ("资讯内容", "信息内容"),
    ("公开资讯", "公开信息"),
    ("入口网站", "门户网站"),
)

# ---------------------------------------------------------------- metadata
TITLE = re.compile(r"政府信息公开(?:工作)?(?:年度)?(?:工作)?报告|政府信息公开(?:工作)?年报")
_TITLE_TAIL = r"(?:工作)?(?:年度)?(?:工作)?(?:情况)?的?(?:报告|年报)(?!如下)"
#: A report's title, in every generation's wording: 政府信息公开工作年度报告 (2019 on), 政府信息公开年度工作报告,
#: 政务信息公开年度报告 (2008–2018 titles), and 信息公开 alone right after the year when the year splits
#: 政府 from 信息公开 (某县政府2019年度信息公开工作年度报告).
#: Also the year inside the report words (政府信息公开工作2022年度报告) and 政务公开 for 政府信息公开 in a
#: title that still names the annual report (某某局2022年度政务公开工作年度报告).
REPORT_TITLE = re.compile(
    rf"(?:政府|政务)信息公开{_TITLE_TAIL}|(?:19|20)\d{{2}}\s*年度?\s*(?:工作)?信息公开{_TITLE_TAIL}"
    r"|(?:政府|政务)信息公开(?:工作)?\s*(?:19|20)\d{2}\s*年度?\s*(?:工作)?(?:年度)?(?:报告|年报)(?!如下)"
    r"|政务公开(?:工作)?年度报告(?!如下)"
)
#: Words only a report on open government information uses: a text with none of them is no report.
REPORT_WORDS = re.compile(r"(?:政府|政务)信息公开|政务公开|信息公开条例|主动公开|依申请公开")
#: A text speaking of itself as the report — what a report with neither a title nor headings one can
#: recognise still prints: 本报告根据《条例》编制, 本报告由概述、主动公开…等部分组成, 全文包括概述…,
#: 本报告中所列数据的统计期限…, 现将…情况报告如下, 特向社会公开2018年度…年度报告.
SELF_REFERENCE = re.compile(
    r"本(?:年度)?(?:报告|年报)[^。]{0,80}?(?:条例|编制|组成|包括|统计|所列数据|电子版)"
    r"|全文(?:包括|共分|分为)|报告如下|(?:现|特|予以)(?:向社会)?(?:公开|公布|发布)[^。;,>]{0,30}?(?:年度报告|年报)"
)
#: Parts only a legacy (2008–2018) outline has, as a report lists them in its opening (本报告由概述、…、政府信息
#: 公开的收费及减免情况…组成): the form when no year is printed.
LEGACY_PARTS = re.compile(r"(?:由|包括|分为)概述|收费(?:及|和)减免")
YEAR_IN_TITLE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年度?")

# Where a report prints the year it covers, by authority after its title (``transformer.metadata``).
#: 1. The statistics period under a label of its own, in any wording: 统计期限为2019年1月1日…, 统计时限自…,
#: 本报告统计时间为…, 统计数据从2016年…(v020), 信息数据统计期限为:2018年…(v053), 核定时间为…, and fused
#: digits where 年/月 were lost (统计期限为201911日至1231日, QUIRKS §2).
STAT_PERIOD = re.compile(
    r"(?:(?:统计|核定)(?:期限|时限|时间|期间|区间|周期|范围|时段|数据)|报告期(?:限|间)?)"
    r"[^。;\d]{0,8}?((?:19|20)\d{2})\s*(?:年|0?1\s*0?1\s*日)"
)
#: 2. … or as a bare range from 1 January to 31 December: 2014年1月1日至12月31日 (v034), 2019年1月1日到2019年
#: 12月31日, 2016年1月1日-12月31日, 201911日至20191231日.
STAT_RANGE = re.compile(
    r"((?:19|20)\d{2})\s*年?\s*0?1\s*月?\s*0?1\s*日\s*起?\s*(?:至|到|止|—|–|-|~)\s*"
    r"(?:(?:19|20)\d{2}\s*年?\s*)?12\s*月?\s*31\s*日"
)
#: 3. An opening sentence naming the year the report covers: 现将我局2020年度政府信息公开工作情况报告如下,
#: 特向社会公开2018年度建新镇政府信息公开年度报告 (v053).
YEAR_PHRASE = re.compile(
    r"((?:19|20)\d{2})\s*年度?[^,。;《》\d]{0,12}?(?:政府|政务)?信息公开[^,。;《》\d]{0,8}?(?:报告|情况)"
)
#: 4. … or opening with the year: 2019年,我局… / 本年度,2020年… (a year "以来" is when something began).
YEAR_OPENING = re.compile(r"(?:^|[。\s])(?:本年度,?|今年,?)?((?:19|20)\d{2})\s*年(?:度)?[,,]")
#: 5. The end of the year the figures run to: 截至2010年底, 截至2010年12月31日, 截止至2014年12月31日 (v040).
YEAR_END = re.compile(r"(?:截至|截止|至)\s*((?:19|20)\d{2})\s*年\s*(?:12\s*月\s*31\s*日|底|末)")
DATE = re.compile(r"((?:19|20)\d{2})\s*[年.\-/]\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})\s*日?")
DATE_LINE = re.compile(
    r"^\s*(?P<agency>[^\s\d|()]{2,40}?)?\s*\(?(?P<date>(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\)?\s*$"
)
#: Words that make a line page chrome rather than report text.
CHROME = re.compile(
    r"^(?:当前位置|您的位置|索\s*引\s*号|发布机构|发布日期|发布时间|发文日期|来源|作者|日期|时间|字体|字号|分享|打印|关闭|"
    r"浏览次数|点击数|点击率|主题分类|组配分类|成文日期|生效日期|废止日期|文\s*号|体\s*裁|名\s*称|文件下载|时效|更新时间|"
    r"扫一扫|登录|Page\s*\d|P\.\s*\d|首页|"
    # links to other articles of the site: 上一篇:某局2018年…年度报告, 相关阅读
    r"上一篇|下一篇|上一条|下一条|相关(?:阅读|文章|链接|信息|推荐)|推荐阅读|"
    # login and register bars, accessibility and script switches, search boxes, site menus, font-size and
    # symbol pickers, date bars of legacy sites (QUIRKS §10)
    r"注册(?:\s|\||/|$)|您好|欢迎(?:您|访问|光临)|无障碍|长者(?:模式|版)|关怀版|繁体|繁體|简体(?:\s|\||$)|"
    r"搜\s*索|站内搜索|高级检索|请输入|网站(?:首页|地图|导航)|设为首页|加入收藏|[【\[]\s*(?:字体|字号)|"
    r"大\s+中\s+小|(?:特殊|插入)?符号\s*[:\s]|今天是)"
)
#: Page furniture of PDF text: page numbers ("- 3 -", "第3页", "Page 9 - …", "P. 9"); no page is 0, so "- 0 -"
#: is a table row's cells (a dash, 0, a dash) in PDF text.
PAGE_NUMBER = re.compile(
    r"^(?:[-—–]\s*[1-9]\d{0,3}\s*[-—–]|第\s*\d{1,4}\s*页(?:\s*共\s*\d{1,4}\s*页)?|P\.\s*\d{1,4}|Page\s+\d{1,4})$"
)
#: A flip-book page head "Page 8 - <document title>": the title is kept (m004).
PAGE_HEAD = re.compile(r"^Page\s+\d{1,4}\s*-\s*")
#: A format notice (国办公开办函) rather than a report.
FORMAT_NOTICE = re.compile(r"年度报告(?:格式|有关事项)[^。]{0,4}的?通知|印发.{0,30}年度报告格式")
#: … or titled as the format itself (政府信息公开工作年度报告格式(试行)): no report is titled so.
FORMAT_TITLE = re.compile(r"年度报告格式(?:\(试行\))?$")
#: … or a notice or letter about the reports ("关于做好2016年政府信息公开工作年度报告编制和发布工作的通知",
#: v012's 2016〔201〕 letter), matched outside 《》 so that a report citing such a notice is still a report.
#: A notice that distributes one report ("关于印发某某县2020年政府信息公开工作年度报告的通知") wraps a report
#: and is not matched: after 年度报告 a notice about the reports names what it is about (编制, 格式 …).
NOTICE_TITLE = re.compile(
    r"关于(?:做好|进一步)?[^。;,]{0,40}?(?:年度报告|年报)[^。;,]{0,12}?(?:编制|发布|报送|工作|有关事项|格式)[^。;,]{0,12}?的?(?:通知|函)"
)
#: The body a page's metadata names (发布机构:某某局, or the cell after 发布机构 in a metadata row): real pages
#: print it above the text, and the canonical text of a document whose agency is printed nowhere else
#: carries it so (render.py).
PUBLISHER = re.compile(r"^(?:发布机构|发文机关|发文单位|发布单位)[::]?(?P<a>.*)$")
PUBLISHER_LABEL = "发布机构"
#: How the name of a body ends, longest first (街道办事处 before 办).
AGENCY_SUFFIXES: tuple[str, ...] = (
    "人民政府", "政府", "办公室", "办公厅", "委员会", "管理局", "街道办事处", "办事处",
    "局", "厅", "部", "委", "办", "署", "院", "所", "中心", "镇", "乡", "街道", "区", "县", "市",
)  # fmt: skip
AGENCY_SUFFIX = re.compile(f"(?:{'|'.join(AGENCY_SUFFIXES)})$")
#: Bodies that open a sentence as its subject ("2021年,市卫健委认真…"): a place never does.
SUBJECT_SUFFIXES: tuple[str, ...] = (*(s for s in AGENCY_SUFFIXES if s not in ("区", "县", "市")), "室")


#: Digits a cell may print and still be a number (the largest real amounts have 12).
MAX_NUMBER_DIGITS = 30


@lru_cache(maxsize=4096)
def classify_value(text: str) -> tuple[str, object, str | None]:
    """('empty'|'number'|'text', value, unit) for a cell's text. Cached: cells repeat."""
    k = key(text)
    if k in EMPTY_MARKERS:
        return ("empty", None, None)
    if _SPLIT_DIGITS.search(text) or (_QUOTES.search(text) and any(c.isdigit() for c in text)):
        return ("text", None, None)  # "1 0" is two numbers run together, never 10; "1“2" is never 12
    m = NUMBER.match(k)
    if not m:
        return ("text", None, None)
    from decimal import Decimal

    num = m.group("num").replace(",", "")
    if len(num) > MAX_NUMBER_DIGITS + ("." in num):
        return ("text", None, None)  # no count has 30 digits: int() refuses 4,300, and JSON mangles a long Decimal
    value: object = Decimal(num) if "." in num else int(num)
    sign = m.group("sign")
    if sign in ("-", "减", "减少"):
        value = -value  # type: ignore[operator]
    return ("number", value, m.group("unit"))


# --- validate
# Labels the validator prints in its findings (govinfo_report.validate). Append only.
#: The tables, named by the section that prints them.
TABLE_LABELS: dict[str, str] = {
    kind: f"{NUMERALS_CN[SECTION_BY_KIND[kind].number]}、{SECTION_BY_KIND[kind].label}"
    for kind in ("active_disclosure", "applications", "review_litigation")
}
#: The header above the five organisation columns of table 三, and of the applicant columns.
ORGANISATION_LABEL = "法人或其他组织"
APPLICANTS_LABEL = "申请人情况"
#: Applicant columns with their header (其他 alone is ambiguous: it is 法人或其他组织/其他).
APPLICANT_FULL_LABELS: dict[str, str] = {
    k: (v if k in ("natural_person", "total") else f"{ORGANISATION_LABEL}/{v}") for k, v in APPLICANT_LABELS.items()
}
#: Table 四 groups with their header (the two suits sit under 行政诉讼).
LITIGATION_LABEL = "行政诉讼"
REVIEW_GROUP_FULL_LABELS: dict[str, str] = {
    k: (v if k == "review" else f"{LITIGATION_LABEL}/{v}") for k, v in REVIEW_GROUP_LABELS.items()
}
#: What each prose figure (model.ProseFigures) says, for messages.
PROSE_LABELS: dict[str, str] = {
    "applications_received": "收到申请",
    "applications_carried_over": "上年结转申请",
    "applications_processed": "办结申请",
    "applications_carried_forward": "结转下年度申请",
    "from_natural_persons": "自然人申请",
    "from_organisations": "法人或其他组织申请",
    "granted": "予以公开",
    "partially_granted": "部分公开",
    "granted_or_partially": "予以公开及部分公开",
    "withheld": "不予公开",
    "unavailable": "无法提供",
    "not_processed": "不予处理",
    "other_processed": "其他处理",
    "reviews": "行政复议",
    "reviews_upheld": "行政复议结果维持",
    "reviews_corrected": "行政复议结果纠正",
    "reviews_other": "行政复议其他结果",
    "reviews_pending": "行政复议尚未审结",
    "lawsuits": "行政诉讼",
    "lawsuits_upheld": "行政诉讼结果维持",
    "lawsuits_corrected": "行政诉讼结果纠正",
    "lawsuits_other": "行政诉讼其他结果",
    "lawsuits_pending": "行政诉讼尚未审结",
}
#: A township-level body (乡镇人民政府, 街道办事处): its own report is due by 31 January and it makes no 规章.
TOWNSHIP = re.compile(r"(?:镇|乡|街道|苏木)(?:人民政府|政府|办事处|党委)?$")
#: The report speaks of itself as a township (我镇, 本乡, 我街道).
SELF_TOWNSHIP = re.compile(r"(?:我|本)(?:镇|乡|街道)")
#: A government of county level or above, or a region named alone (嘉鱼县, 上海市): its report on the
#: region is due by 31 March (2019 regulations art. 50); its departments' reports by 31 January.
REGIONAL_GOVERNMENT = re.compile(
    r"^(?:[^局厅委办部署院所站队]{0,24}?(?:省|自治区|市|自治州|州|盟|地区|区|县|自治县|旗|自治旗))(?:人民政府|政府)?$"
)
#: The three forms, as findings name them.
FORM_LABELS: dict[str, str] = {
    "2019": "2019年试行格式(国办公开办函〔2019〕60号)",
    "2021": "2021年格式(国办公开办函〔2021〕30号)",
    "legacy": "2008年条例时期的自由格式",
}
#: Agency names are compared with 人民政府 folded to 政府 …
AGENCY_FOLDS: tuple[tuple[str, str], ...] = (("人民政府", "政府"),)
#: … and a name starting with a bare level (市财政局, 区发改局) names no particular body.
BARE_LEVELS = "省市区县镇乡州旗"


# ---------------------------------------------------------------- reviewer rules (validate)
#: The readings an ambiguous prose figure was compared with, in the order of validate.text's alternatives.
PROSE_READINGS: dict[str, tuple[str, ...]] = {
    "applications_received": ("本年新收", "本年新收与上年结转之和"),
    "from_natural_persons": ("本年新收中自然人", "办理结果总计中自然人", "本年新收与上年结转中自然人"),
    "from_organisations": (
        "本年新收中法人或其他组织",
        "办理结果总计中法人或其他组织",
        "本年新收与上年结转中法人或其他组织",
    ),
}
#: A received figure whose words name 本年新收 alone: then it has one reading.
PROSE_NEW_ONLY = re.compile(r"新收")
#: 均获维持: every case upheld (the sentence says which: 复议, 诉讼, or both).
CLAIM_ALL_UPHELD = re.compile(r"(?:均|全部|都)(?:获|被|予以)?(?:得到)?(?:维持|支持)")
#: 未发生行政复议: no case at all (followed by what it is about; 被纠错/败诉 after it is another claim).
CLAIM_NONE = re.compile(r"(?:未发生|没有发生|未出现|未收到|未涉及|无)(?:[^。;,、]{0,12}?)(行政复议|行政诉讼|复议|诉讼)")
CLAIM_NONE_NOT = re.compile(r"^[^。;,]{0,6}(?:被纠错|纠错|败诉|被纠正|纠正)")
#: Words that make a sentence about reviews, and about lawsuits.
REVIEW_WORD = re.compile(r"复议")
SUIT_WORD = re.compile(r"诉讼")
#: A section that says nothing: empty, or only 无 / 暂无 / 无 with punctuation.
NOTHING_TEXT = re.compile(r"^[\s。.、:;,]*(?:无|暂无|没有|无。)?[\s。.、:;,]*$")
#: Fees spoken of in section 六 (信息处理费, 收费), and fees said not to be charged.
FEE_WORD = re.compile(r"收费|费用|处理费|收取")
FEE_NONE = re.compile(r"(?:未|不|没有|无|免)(?:[^。;,]{0,8}?)(?:收费|收取|费用|处理费)")
#: A word of two to four Han characters written twice in a row (资金资金); reduplications that are Chinese are kept.
WORD_DOUBLED = re.compile(r"([\u4e00-\u9fff]{2,4})\1")
WORD_DOUBLED_OK = frozenset({"一一", "逐一逐一", "研究研究", "讨论讨论", "谢谢", "常常"})
#: English punctuation in Chinese prose, as it survives normalisation (which folds the full-width forms ，：；？！
#: to ASCII and keeps 。“”……): a period or dots after a Han character, a straight double quote touching one, and
#: , ; : ? ! followed by a space between Han characters (the English habit; the Chinese marks take no space).
ENGLISH_PUNCTUATION = re.compile(
    r"(?<=[\u4e00-\u9fff])(?:\.{2,}|\.(?=[\u4e00-\u9fff]|$)|[,;:?!] (?=[\u4e00-\u9fff]))"
    r'|"(?=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff])"',
    re.M,
)
#: The Chinese mark for each English one of ENGLISH_PUNCTUATION (the key is the match without its space).
CHINESE_PUNCTUATION: dict[str, str] = {
    ".": "。",
    "..": "……",
    ",": "，",
    ";": "；",
    ":": "：",
    "?": "？",
    "!": "！",
    '"': "“”",
}
#: (A sub-heading (一)(二)… at the start of a line is SUBHEADING above: group 1 is its numeral.)
#: Messages' words for the severities, and for the summary line.
SEVERITY_LABELS: dict[str, str] = {"error": "错误", "warning": "警告", "info": "提示"}
#: Table 二 decisions stated in prose (行政许可处理决定46209件): the row's label, then the count.
ACTIVE_PROSE = re.compile(
    r"(?P<label>行政许可|行政处罚|行政强制)(?:的)?(?:处理)?决定(?:数量)?(?:共计|共|为)?"
    r"(?<![\d.])(?P<n>\d{1,7})(?:件|个|项)"
)
