"""The outline and the form: sections, tables, the 2019/2021 forms, what a township may report."""

from __future__ import annotations

from typing import Any

from attrs import fields

from .. import labels
from ..model import (
    Finding,
    Report,
    table_cells,
)
from ._common import (
    OTHER_2021,
    TABLE_KINDS,
    _active_format,
    _finding,
    _section_no,
    _v,
    app_row_label,
    cell_labels,
    iter_cells,
)


# ------------------------------------------------------------------ structure and form
def _has_counts(table: Any) -> bool:
    """Whether a table prints any non-zero number."""
    return any(cell.value not in (None, 0) for _row, _col, cell in table_cells(table))


def _check_structure(report: Report, out: list[Finding]) -> None:
    if report.format not in ("2019", "2021"):
        return  # legacy reports have a free outline; 'unknown' is not a report
    secs = [s for s in report.sections if s.kind in labels.SECTION_BY_KIND]
    if not report.sections:
        out.append(
            _finding(
                "section-missing",
                "未识别出任何编号的部分(一、…六、)",
                "no numbered sections (一、 … 六、) were found",
                where="report",
            )
        )
    else:
        present = {s.kind for s in secs}
        for sl in labels.SECTIONS:
            if sl.kind not in present:
                out.append(
                    _finding(
                        "section-missing",
                        f"缺少第{labels.NUMERALS_CN[sl.number]}部分“{sl.label}”",
                        f"section {sl.number} ({sl.kind}) is missing",
                        section=sl.number,
                    )
                )
        seen: set[str] = set()
        last = 0
        for s in secs:
            canon = labels.SECTION_BY_KIND[s.kind]
            if s.kind in seen:
                out.append(
                    _finding(
                        "section-duplicated",
                        f"第{labels.NUMERALS_CN.get(s.number, s.number)}部分重复出现",
                        f"section {s.number} appears twice",
                        section=s.number,
                        where=f"section {s.number}",
                    )
                )
                continue
            seen.add(s.kind)
            if canon.number < last:
                out.append(
                    _finding(
                        "section-order",
                        f"“{s.heading}”应为第{labels.NUMERALS_CN[canon.number]}部分,却排在第"
                        f"{labels.NUMERALS_CN[last]}部分之后",
                        f"section {s.kind} (canonically {canon.number}) comes after section {last}",
                        section=s.number,
                    )
                )
            last = max(last, canon.number)
            if s.number != canon.number:
                out.append(
                    _finding(
                        "section-misnumbered",
                        f"“{s.heading}”编号为{labels.NUMERALS_CN.get(s.number, s.number)},"
                        f"按内容应为{labels.NUMERALS_CN[canon.number]}“{canon.label}”",
                        f"heading numbered {s.number} reads as section {canon.number} ({s.kind})",
                        section=s.number,
                    )
                )
    for kind in TABLE_KINDS:
        table = getattr(report, kind)
        sec = report.section(kind)
        declared = kind in report.declared_none or (sec is not None and sec.declared_none)
        t = labels.TABLE_LABELS[kind]
        if table is None and sec is not None and not declared:
            out.append(
                _finding(
                    "table-missing",
                    f"第{labels.NUMERALS_CN.get(sec.number, sec.number)}部分没有“{t}”表,也未说明无相关情况",
                    f"section {sec.number} has no table and does not declare there is nothing to report",
                    section=sec.number,
                    table=kind,
                    where=kind,
                )
            )
        if table is not None and declared and _has_counts(table):
            out.append(
                _finding(
                    "none-contradicted",
                    f"正文称无相关情况,但“{t}”表有非零数值",
                    f"the text declares {kind} none, yet its table prints non-zero counts",
                    section=_section_no(report, kind),
                    table=kind,
                    where=kind,
                )
            )


def _check_format(report: Report, out: list[Finding]) -> None:
    year, fmt = report.year, report.format
    if year is not None and fmt in labels.FORM_LABELS:
        late = (fmt == "2019" and year >= 2021) or (fmt == "legacy" and year >= 2019)
        early = (fmt == "2021" and year <= 2020) or (fmt == "2019" and year <= 2018)
        if late:
            out.append(
                _finding(
                    "format-outdated",
                    f"{year}年度报告使用了{labels.FORM_LABELS[fmt]}",
                    f"a report for {year} uses the {fmt} form",
                    where="format",
                )
            )
        if early:
            out.append(
                _finding(
                    "format-premature",
                    f"{year}年度报告使用了{labels.FORM_LABELS[fmt]},该格式当时尚未施行",
                    f"a report for {year} uses the {fmt} form, which did not exist yet",
                    where="format",
                )
            )
    apps = report.applications
    if apps is None or fmt not in ("2019", "2021"):
        return
    has_2021 = any(getattr(apps, k) is not None for k in OTHER_2021)
    sec = _section_no(report, "applications")
    t = labels.TABLE_LABELS["applications"]
    forms = labels.FORM_LABELS
    if fmt == "2021" and apps.other is not None and not has_2021:
        out.append(
            _finding(
                "format-mixed",
                f"“{t}”表使用{forms['2019']}的单行“{app_row_label('other')}”,而报告其余部分为{forms['2021']}",
                "table 三 prints the single 2019 row 'other' in a 2021-form report",
                section=sec,
                table="applications",
                row="other",
            )
        )
    if fmt == "2019" and has_2021:
        key = next(k for k in OTHER_2021 if getattr(apps, k) is not None)
        out.append(
            _finding(
                "format-mixed",
                f"“{t}”表使用{forms['2021']}的“{app_row_label(key)}”等行,而报告其余部分为{forms['2019']}",
                f"table 三 prints the 2021 row {key!r} in a 2019-form report",
                section=sec,
                table="applications",
                row=key,
            )
        )


def _report_text(report: Report) -> str:
    return "\n".join([report.title or "", report.preamble, *(s.text for s in report.sections)])


def _is_township(report: Report) -> bool:
    if report.agency:
        return bool(labels.TOWNSHIP.search(labels.key(report.agency)))
    return bool(labels.SELF_TOWNSHIP.search(_report_text(report)))


def _check_competence(report: Report, out: list[Finding]) -> None:
    ad = report.active_disclosure
    reg = ad.regulations if ad is not None else None
    if reg is None or not _is_township(report):
        return
    printed = {f.name: _v(getattr(reg, f.name)) for f in fields(type(reg))}
    nonzero = {k: v for k, v in printed.items() if v}
    if not nonzero:
        return
    fmt = _active_format(reg)
    row_label, _ = cell_labels("active_disclosure", "regulations", None, fmt)
    col = next(iter(nonzero))
    out.append(
        _finding(
            "regulations-not-competent",
            f"乡镇(街道)报告“{row_label}”{cell_labels('active_disclosure', 'regulations', col, fmt)[1]}为"
            f"{nonzero[col]}:乡镇(街道)无权制定{row_label}",
            f"a township reports regulations ({col} = {nonzero[col]}); townships cannot make them",
            section=_section_no(report, "active_disclosure"),
            table="active_disclosure",
            row="regulations",
            column=col,
        )
    )


def _forms(report: Report) -> tuple[set[str], str | None]:
    """The forms table 二's rows are printed in, and the form of table 三 (by the rows of its sixth outcome group)."""
    ad = report.active_disclosure
    active = (
        {_active_format(getattr(ad, f.name)) for f in fields(type(ad)) if getattr(ad, f.name) is not None}
        if ad is not None
        else set()
    )
    apps = report.applications
    form: str | None = None
    if apps is not None:
        if any(getattr(apps, k) is not None for k in OTHER_2021):
            form = "2021"
        elif apps.other is not None:
            form = "2019"
    return active, form


def _check_forms(report: Report, out: list[Finding], *, mixed: bool) -> None:
    """Tables 二 and 三 of one report in different forms; a 2019 template left blank in a 2021+ report."""
    active, form = _forms(report)
    forms = labels.FORM_LABELS
    if not mixed and form is not None and len(active) == 1 and form not in active:
        a = next(iter(active))
        out.append(
            _finding(
                "format-tables-mixed",
                f"“{labels.TABLE_LABELS['active_disclosure']}”表为{forms[a]},而“{labels.TABLE_LABELS['applications']}”表为{forms[form]}",
                f"table 二 is in the {a} form and table 三 in the {form} form",
                where="format",
            )
        )
    if report.year is not None and report.year >= 2021 and (report.format == "2019" or active == {"2019"}):
        printed = [at for at in iter_cells(report)]
        if printed and all(at.cell.value is None for at in printed):
            out.append(
                _finding(
                    "template-empty",
                    f"{report.year}年度报告套用{forms['2019']},且表中未填任何数值",
                    f"a report for {report.year} prints the 2019 template with no values ({len(printed)} cells)",
                    where="format",
                )
            )
