"""What reviewers read for besides numbers: an empty section 五, fees left unexplained, doubled words, English
punctuation in Chinese prose, sub-headings."""

from __future__ import annotations

from attrs import fields

from .. import labels
from ..model import Finding, Report
from ._common import _finding, _v


def _has_prose(report: Report, but: object = None) -> bool:
    """Whether the report has text to read (a report built from data has none, and is not read for it)."""
    return bool(report.preamble.strip()) or any(s.text.strip() for s in report.sections if s is not but)


def _check_problems(report: Report, out: list[Finding]) -> None:
    """Section 五 must say what went wrong and what changes; empty or 无 says neither."""
    if report.format not in ("2019", "2021"):
        return
    sec = report.section("problems")
    if sec is None or not labels.NOTHING_TEXT.match(sec.text):
        return
    if not _has_prose(report, sec):
        return
    said = sec.text.strip() or "空"
    out.append(
        _finding(
            "section-empty",
            f"第{labels.NUMERALS_CN.get(sec.number, sec.number)}部分“{sec.heading}”"
            f"内容为“{said}”,未写明存在的问题及改进情况",
            f"section {sec.number} (problems) is {'empty' if not sec.text.strip() else 'only ' + repr(said)}",
            section=sec.number,
        )
    )


def _fee_amount(report: Report) -> tuple[str, object] | None:
    """The first fee cell of table 二 that prints a non-zero amount: (column, value)."""
    fees = report.active_disclosure.fees if report.active_disclosure is not None else None
    if fees is None:
        return None
    for name in ("amount", "previous", "change"):
        v = _v(getattr(fees, name, None))
        if v:
            return name, v
    return None


def _check_fees(report: Report, out: list[Finding]) -> None:
    """Fees charged must be explained in section 六 (2019/2021 outline); fees spoken of there belong in table 二."""
    if report.format not in ("2019", "2021") or not _has_prose(report):
        return
    sec = report.section("other_matters")
    text = sec.text if sec is not None else ""
    fee = _fee_amount(report)
    row = labels.ACTIVE_ROW_LABELS["fees"]
    number = sec.number if sec is not None else labels.SECTION_BY_KIND["other_matters"].number
    if fee is not None and not labels.FEE_WORD.search(text):
        out.append(
            _finding(
                "fees-unexplained",
                f"“{labels.TABLE_LABELS['active_disclosure']}”表“{row}”为{fee[1]},"
                f"而第{labels.NUMERALS_CN[number]}部分未说明收费情况",
                f"table 二 fees.{fee[0]} = {fee[1]}, and section {number} says nothing about fees",
                section=number,
                table="active_disclosure",
                row="fees",
                column=fee[0],
            )
        )
    fees = report.active_disclosure.fees if report.active_disclosure is not None else None
    blank = fees is None or all(_v(getattr(fees, f.name)) is None for f in fields(type(fees)))
    if (
        blank
        and report.active_disclosure is not None
        and labels.FEE_WORD.search(text)
        and not labels.FEE_NONE.search(text)
    ):
        out.append(
            _finding(
                "fees-not-in-table",
                f"第{labels.NUMERALS_CN[number]}部分提及收费,而“{labels.TABLE_LABELS['active_disclosure']}”"
                f"表“{row}”未填数值",
                f"section {number} speaks of fees, and table 二 prints no fee",
                section=number,
                table="active_disclosure",
                row="fees",
            )
        )


def _check_words(report: Report, out: list[Finding]) -> None:
    """A word typed twice (资金资金) is a slip a reader sees at once."""
    seen: set[str] = set()
    for number, text in [
        (None, report.title or ""),
        (None, report.preamble),
        *((s.number, s.text) for s in report.sections),
    ]:
        for m in labels.WORD_DOUBLED.finditer(text):
            word = m.group(0)
            if word in seen or word in labels.WORD_DOUBLED_OK or len(set(m.group(1))) == 1:
                continue
            seen.add(word)
            context = text[max(0, m.start() - 8) : m.end() + 8].replace("\n", " ")
            out.append(
                _finding(
                    "word-duplicated",
                    f"“{context}”中“{m.group(1)}”重复",
                    f"the word {m.group(1)!r} is written twice: {word!r}",
                    section=number,
                    where=f"text.{word}",
                )
            )


def _check_subheadings(report: Report, out: list[Finding]) -> None:
    """Within a section the sub-headings (一)(二)… count up by one: a restart or a gap means a lost or extra part."""
    for sec in report.sections:
        last = 0
        for line in sec.text.split("\n"):
            m = labels.SUBHEADING.match(line)
            if m is None:
                continue
            n = labels.CN_NUMERALS.get(m.group(1))
            if n is None:
                continue
            if n != last + 1:
                want = labels.NUMERALS_CN.get(last + 1, str(last + 1))
                out.append(
                    _finding(
                        "subheading-sequence",
                        f"第{labels.NUMERALS_CN.get(sec.number, sec.number)}部分小标题“({m.group(1)})”应为“({want})”",
                        f"section {sec.number}: sub-heading ({m.group(1)}) where ({want}) should come",
                        section=sec.number,
                        where=f"section {sec.number}.({m.group(1)})",
                        expected=f"({want})",
                    )
                )
            last = n


def _check_punctuation(report: Report, out: list[Finding]) -> None:
    """English punctuation in Chinese prose (工作.下一步, 称"资金", 公开, 并): one finding per part of the text,
    with the count and the first place; table rows (lines with a pipe) are not prose and are not read."""
    for number, text in [
        (None, report.title or ""),
        (None, report.preamble),
        *((s.number, s.text) for s in report.sections),
    ]:
        hits: list[tuple[str, str]] = []
        for line in text.split("\n"):
            if "|" in line:
                continue
            for m in labels.ENGLISH_PUNCTUATION.finditer(line):
                mark = m.group(0).strip()
                mark = ".." if mark.startswith("..") else mark
                hits.append((mark, line[max(0, m.start() - 8) : m.end() + 8]))
        if not hits:
            continue
        mark, context = hits[0]
        want = labels.CHINESE_PUNCTUATION[mark]
        shown = "..." if mark == ".." else mark
        part = f"第{labels.NUMERALS_CN.get(number, number)}部分" if number is not None else "正文"
        more = f"等{len(hits)}处" if len(hits) > 1 else ""
        out.append(
            _finding(
                "punctuation-english",
                f"{part}“{context}”中使用英文标点“{shown}”{more},"
                + (f"应为“{want}”" if mark != '"' else f"应为中文引号{want}"),
                f"{'section ' + str(number) if number is not None else 'the text'}: English punctuation "
                f"{shown!r} in Chinese prose ({len(hits)} in all, first in {context!r}); {want!r} is meant",
                section=number,
                where=f"text.punctuation.{number if number is not None else 0}",
                expected=want,
            )
        )
