"""Text against tables: the figures the prose states compared with the cells they describe."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from .. import labels
from ..model import (
    ApplicantCounts,
    Applications,
    Finding,
    Number,
    Outcomes,
    Report,
    ReviewLitigation,
)
from ._common import (
    ORG_KEYS,
    SIX_KEYS,
    _active_format,
    _finding,
    _section_no,
    _v,
    cell_labels,
    outcome_keys,
)

# ------------------------------------------------------------------ text against tables
Terms = list[Number | None]


def _row_total(apps: Applications, key: str, col: str = "total") -> Terms:
    """A row's total, or its six columns when the total cell is empty (a lower bound)."""
    row: ApplicantCounts | None = getattr(apps, key)
    if row is None:
        return [None]
    if col != "total":
        return [_v(getattr(row, col))]
    if row.total is not None and row.total.value is not None:
        return [row.total.value]
    return [_v(getattr(row, c)) for c in SIX_KEYS]


def _rows(apps: Applications, keys: Sequence[str], cols: Sequence[str] = ("total",)) -> Terms:
    return [v for k in keys for c in cols for v in _row_total(apps, k, c)]


def _group(rl: ReviewLitigation, groups: Sequence[str], outcomes: Sequence[str]) -> Terms:
    terms: Terms = []
    for g in groups:
        o: Outcomes | None = getattr(rl, g)
        terms.extend(_v(getattr(o, k)) if o is not None else None for k in outcomes)
    return terms


def _keys_of(group: str) -> tuple[str, ...]:
    return tuple(r.key for r in labels.APPLICATION_ROWS if r.group == group)


def prose_targets(report: Report) -> dict[str, list[Terms]]:
    """For each prose figure, the table sums it may describe (it agrees if it equals any of them)."""
    out: dict[str, list[Terms]] = {}
    apps = report.applications
    if apps is not None:
        others = tuple(k for k in outcome_keys(apps, report.format) if k.startswith("other"))
        out.update(
            {
                "applications_received": [_rows(apps, ["new_received"]), _rows(apps, ["new_received", "carried_over"])],
                "applications_carried_over": [_rows(apps, ["carried_over"])],
                "applications_processed": [_rows(apps, ["total_processed"])],
                "applications_carried_forward": [_rows(apps, ["carried_forward"])],
                "from_natural_persons": [
                    _rows(apps, [k], ["natural_person"]) for k in ("new_received", "total_processed")
                ]
                + [_rows(apps, ["new_received", "carried_over"], ["natural_person"])],
                "from_organisations": [_rows(apps, [k], ORG_KEYS) for k in ("new_received", "total_processed")]
                + [_rows(apps, ["new_received", "carried_over"], ORG_KEYS)],
                "granted": [_rows(apps, ["granted"])],
                "partially_granted": [_rows(apps, ["partially_granted"])],
                "granted_or_partially": [_rows(apps, ["granted", "partially_granted"])],
                "withheld": [_rows(apps, _keys_of("withheld"))],
                "unavailable": [_rows(apps, _keys_of("unavailable"))],
                "not_processed": [_rows(apps, _keys_of("not_processed"))],
                "other_processed": [_rows(apps, others)],
            }
        )
    rl = report.review_litigation
    if rl is not None:
        suits = ("direct_suit", "post_review_suit")
        parts = ("upheld", "corrected", "other", "pending")
        out["reviews"] = [_group(rl, ["review"], ["total"]), _group(rl, ["review"], parts)]
        out["lawsuits"] = [_group(rl, suits, ["total"]), _group(rl, suits, parts)]
        for p in parts:
            out[f"reviews_{p}"] = [_group(rl, ["review"], [p])]
            out[f"lawsuits_{p}"] = [_group(rl, suits, [p])]
    return out


#: Where each prose figure points in the tables (for the finding's keys and the CLI's line).
PROSE_CELL: dict[str, tuple[str, str | None, str | None]] = {
    "applications_received": ("applications", "new_received", "total"),
    "applications_carried_over": ("applications", "carried_over", "total"),
    "applications_processed": ("applications", "total_processed", "total"),
    "applications_carried_forward": ("applications", "carried_forward", "total"),
    "from_natural_persons": ("applications", "new_received", "natural_person"),
    "from_organisations": ("applications", "new_received", None),
    "granted": ("applications", "granted", "total"),
    "partially_granted": ("applications", "partially_granted", "total"),
    "granted_or_partially": ("applications", None, "total"),
    "withheld": ("applications", None, "total"),
    "unavailable": ("applications", None, "total"),
    "not_processed": ("applications", None, "total"),
    "other_processed": ("applications", None, "total"),
    "reviews": ("review_litigation", "review", "total"),
    "lawsuits": ("review_litigation", None, "total"),
}
for _p in ("upheld", "corrected", "other", "pending"):
    PROSE_CELL[f"reviews_{_p}"] = ("review_litigation", "review", _p)
    PROSE_CELL[f"lawsuits_{_p}"] = ("review_litigation", None, _p)


def _agrees(value: int, terms: Terms) -> bool | None:
    """True/False when the terms decide it, None when nothing in them is known."""
    known = [t for t in terms if t is not None]
    if not known:
        return None
    total = sum(known, 0)
    if len(known) == len(terms):
        return total == value
    return total <= value  # unknown cells could make up the rest


def _prose_section(report: Report, name: str) -> int | None:
    from ..prose import find_figures

    for s in report.sections:
        if name in find_figures(s.text):
            return s.number
    return None


#: Figures that could mean several quantities: a contradiction is a warning naming the readings tried.
AMBIGUOUS = frozenset(labels.PROSE_READINGS)


def _mentions(report: Report) -> dict[str, list[tuple[int, str]]]:
    """Every figure the text states, every mention (value, words), the parser's first ones included."""
    from ..prose import find_all_figures

    text = "\n".join([report.preamble, *(s.text for s in report.sections)])
    found = {name: [(h.value, h.snippet) for h in hits] for name, hits in find_all_figures(text).items()}
    for name, value in report.prose.items():
        if name not in found:
            found[name] = [(value, "")]
    return found


def _known_sum(terms: Terms) -> Number:
    return sum((t for t in terms if t is not None), 0)


def _certain(value: int, alternatives: list[Terms]) -> tuple[Number, bool] | None:
    """The table value a certain figure contradicts (and whether it is a lower bound), or None when it agrees.

    A reading with every cell known decides (a printed total is not excused by blank parts);
    otherwise only known cells already above the figure in every reading contradict it.
    """
    full = next((terms for terms in alternatives if terms and all(t is not None for t in terms)), None)
    if full is not None:
        total = _known_sum(full)
        return None if total == value else (total, False)
    verdicts = [_agrees(value, terms) for terms in alternatives]
    decided = [v for v in verdicts if v is not None]
    if not decided or any(decided):
        return None
    first = next(terms for terms, v in zip(alternatives, verdicts, strict=True) if v is not None)
    return _known_sum(first), True


def _check_prose(report: Report, out: list[Finding]) -> None:
    targets = prose_targets(report)
    for name, mentions in _mentions(report).items():
        alternatives = targets.get(name)
        if not alternatives:
            continue
        table, row, column = PROSE_CELL[name]
        what = labels.PROSE_LABELS[name]
        tname = labels.TABLE_LABELS[table]
        section = _prose_section(report, name)
        seen: set[int] = set()
        for k, (value, words) in enumerate(mentions):
            if value in seen:
                continue
            seen.add(value)
            where = f"prose.{name}" + (f"@{k}" if k else "")
            readings = alternatives
            if name == "applications_received" and labels.PROSE_NEW_ONLY.search(words):
                readings = alternatives[:1]  # 新收 N件 names one quantity
            quote = f"“{words}”" if words else f"称“{what}”{value}件"
            if name not in AMBIGUOUS or len(readings) == 1:
                bad = _certain(value, readings)
                if bad is None:
                    continue
                table_value, partial = bad
                at_least = "至少" if partial else ""
                out.append(
                    _finding(
                        "prose-contradicts-table",
                        f"正文{quote},而“{tname}”表中{what}{at_least}为{table_value}"
                        + ("" if partial else f",正文应为{table_value}件"),
                        f"the text states {name} = {value}, the table gives {'at least ' if partial else ''}{table_value}",
                        section=section,
                        table=table,
                        row=row,
                        column=column,
                        where=where,
                        expected=None if partial else table_value,
                    )
                )
                continue
            verdicts = [_agrees(value, terms) for terms in readings]
            decided = [v for v in verdicts if v is not None]
            if not decided or any(decided):
                continue
            tried = [
                (lab, _known_sum(terms), any(t is None for t in terms))
                for lab, terms, v in zip(labels.PROSE_READINGS[name], readings, verdicts, strict=False)
                if v is not None
            ]
            listed = "、".join(f"{lab}{'至少' if part else ''}为{tv}" for lab, tv, part in tried)
            out.append(
                _finding(
                    "prose-mismatch",
                    f"正文{quote},与“{tname}”表不符:{listed}",
                    f"the text states {name} = {value}; readings tried: "
                    + ", ".join(f"{tv}{' (at least)' if part else ''}" for _lab, tv, part in tried),
                    section=section,
                    table=table,
                    row=row,
                    column=column,
                    where=where,
                )
            )


# ------------------------------------------------------------------ claims
def _sentences(report: Report) -> Iterator[tuple[int | None, str]]:
    """The sentences of the text, with the number of the section they stand in."""
    for number, text in [(None, report.preamble), *((s.number, s.text) for s in report.sections)]:
        for sentence in re.split(r"[。!?\n]", text):
            if sentence.strip():
                yield number, sentence


def _groups(sentence: str, start: int, end: int) -> tuple[str, ...]:
    """The table 四 groups a claim is about: what its own words name, else what its sentence names."""
    own = sentence[start:end]
    for words in (own, sentence):
        review, suit = labels.REVIEW_WORD.search(words), labels.SUIT_WORD.search(words)
        if review or suit:
            return (("review",) if review else ()) + (("direct_suit", "post_review_suit") if suit else ())
    return ()


def _group_values(rl: ReviewLitigation, groups: Sequence[str], keys: Sequence[str]) -> list[tuple[str, str, Number]]:
    out = []
    for g in groups:
        o: Outcomes | None = getattr(rl, g)
        if o is None:
            continue
        for k in keys:
            v = _v(getattr(o, k))
            if v:
                out.append((g, k, v))
    return out


def _check_claims(report: Report, out: list[Finding]) -> None:
    rl = report.review_litigation
    if rl is None:
        return
    ol = labels.REVIEW_OUTCOME_LABELS
    t = labels.TABLE_LABELS["review_litigation"]
    done: set[tuple[str, str, str]] = set()
    for number, sentence in _sentences(report):
        for m in labels.CLAIM_ALL_UPHELD.finditer(sentence):
            groups = _groups(sentence, max(0, m.start() - 12), m.end())
            for g, k, v in _group_values(rl, groups, ("corrected", "other", "pending")):
                if ("upheld", g, k) in done:
                    continue
                done.add(("upheld", g, k))
                gl = labels.REVIEW_GROUP_FULL_LABELS[g]
                out.append(
                    _finding(
                        "claim-contradicted",
                        f"正文称“{sentence.strip()[:40]}”,而“{t}”表“{gl}”“{ol[k]}”为{v},“{ol[k]}”应为0",
                        f"the text says every case was upheld, yet table 四 {g}.{k} = {v}",
                        section=number,
                        table="review_litigation",
                        row=g,
                        column=k,
                        expected=0,
                    )
                )
        for m in labels.CLAIM_NONE.finditer(sentence):
            if labels.CLAIM_NONE_NOT.search(sentence[m.end() :]):
                continue  # no case 'corrected' (被纠错): a claim about outcomes, not about cases
            groups = _groups(sentence, m.start(), m.end())
            for g, k, v in _group_values(rl, groups, ("total",)):
                if ("none", g, k) in done:
                    continue
                done.add(("none", g, k))
                gl = labels.REVIEW_GROUP_FULL_LABELS[g]
                out.append(
                    _finding(
                        "claim-contradicted",
                        f"正文称“{sentence.strip()[:40]}”,而“{t}”表“{gl}”“{ol[k]}”为{v},“{ol[k]}”应为0",
                        f"the text says there was no case, yet table 四 {g}.total = {v}",
                        section=number,
                        table="review_litigation",
                        row=g,
                        column=k,
                        expected=0,
                    )
                )


def _check_active_prose(report: Report, out: list[Finding]) -> None:
    """Table 二 decisions the text states (licensing, punishment, coercion: N件) against the row's decisions cell."""
    from ..prose import squeeze

    ad = report.active_disclosure
    if ad is None:
        return
    by_label = {v: k for k, v in labels.ACTIVE_ROW_LABELS.items()}
    text = squeeze("\n".join([report.preamble, *(s.text for s in report.sections)]))
    seen: set[tuple[str, int]] = set()
    for m in labels.ACTIVE_PROSE.finditer(text):
        key, value = by_label[m.group("label")], int(m.group("n"))
        row = getattr(ad, key, None)
        cell = getattr(row, "decisions", None) if row is not None else None
        table_value = _v(cell)
        if table_value is None or table_value == value or (key, value) in seen:
            continue
        seen.add((key, value))
        rl, cl = cell_labels("active_disclosure", key, "decisions", _active_format(row))
        out.append(
            _finding(
                "prose-contradicts-table",
                f"正文“{m.group(0)}”,而“{labels.TABLE_LABELS['active_disclosure']}”表“{rl}”行“{cl}”为{table_value},"
                f"正文应为{table_value}",
                f"the text states {key} decisions = {value}, table 二 gives {table_value}",
                section=_section_no(report, "active_disclosure"),
                table="active_disclosure",
                row=key,
                column="decisions",
                where=f"prose.active_{key}",
                expected=table_value,
            )
        )
