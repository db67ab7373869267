"""The typed records a report becomes: frozen ``attrs`` classes named as in docs/spec.md.

Every table field is optional: ``None`` means the report does not print it (a
missing row, a truncated table), which is a different fact from a printed empty
cell (``Cell(raw="", value=None)``) and from a printed zero.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any, Literal

from attrs import field, fields, frozen

__all__ = [
    "TABLE_CLASSES",
    "ActiveDisclosure",
    "ActiveRow",
    "ApplicantCounts",
    "Applications",
    "Cell",
    "DecisionCounts",
    "Decisions2021",
    "DocumentCounts",
    "DocumentCounts2019",
    "DocumentCounts2021",
    "FeeAmount2021",
    "FeeItems2019",
    "Fees",
    "Finding",
    "Format",
    "ItemCounts2019",
    "Normalisation",
    "Number",
    "OcrInfo",
    "Outcomes",
    "Procurement2019",
    "ProseFigures",
    "Report",
    "ReviewLitigation",
    "Section",
    "Severity",
    "table_cells",
]

Severity = Literal["error", "warning", "info"]
Format = Literal["2021", "2019", "legacy", "unknown"]
Number = int | Decimal


@frozen
class Cell:
    """One printed table cell: the text as printed and the number it means."""

    raw: str
    value: Number | None = None
    unit: str | None = None  # amounts only: 万元, 万, 元 as printed

    @property
    def is_empty(self) -> bool:
        return self.value is None


@frozen
class Finding:
    """Something odd about a report: from the parser or from ``validate``."""

    code: str
    severity: Severity
    message: str
    message_en: str = ""
    where: str = ""
    section: int | None = None
    table: str | None = None
    row: str | None = None
    column: str | None = None
    line: int | None = None
    page: int | None = None  # the PDF page the line is on (PDF input only)
    expected: str | None = None  # the value that would make the numbers agree (总计应为11 → "11")


# ---------------------------------------------------------------- table 二
@frozen
class DocumentCounts2021:
    """第二十条第(一)项 rows, 2021 format."""

    issued: Cell | None = None
    repealed: Cell | None = None
    in_force: Cell | None = None


@frozen
class DocumentCounts2019:
    """第二十条第(一)项 rows, 2019 trial format."""

    made: Cell | None = None
    published: Cell | None = None
    total_published: Cell | None = None


@frozen
class Decisions2021:
    """第二十条第(五)(六)项 rows, 2021 format: one count."""

    decisions: Cell | None = None


@frozen
class ItemCounts2019:
    """第二十条第(五)(六)项 rows, 2019 trial format."""

    previous: Cell | None = None
    change: Cell | None = None
    decisions: Cell | None = None


@frozen
class FeeAmount2021:
    """第二十条第(八)项, 2021 format: an amount in 万元."""

    amount: Cell | None = None


@frozen
class FeeItems2019:
    """第二十条第(八)项, 2019 trial format."""

    previous: Cell | None = None
    change: Cell | None = None


@frozen
class Procurement2019:
    """第二十条第(九)项, 2019 trial format only."""

    projects: Cell | None = None
    amount: Cell | None = None


DocumentCounts = DocumentCounts2021 | DocumentCounts2019
DecisionCounts = Decisions2021 | ItemCounts2019
Fees = FeeAmount2021 | FeeItems2019
ActiveRow = (
    DocumentCounts2021
    | DocumentCounts2019
    | Decisions2021
    | ItemCounts2019
    | FeeAmount2021
    | FeeItems2019
    | Procurement2019
)


@frozen
class ActiveDisclosure:
    """Table 二 — 主动公开政府信息情况. Each row holds the columns its block prints."""

    regulations: DocumentCounts | None = None
    normative_documents: DocumentCounts | None = None
    licensing: DecisionCounts | None = None
    other_services: ItemCounts2019 | None = None
    punishment: DecisionCounts | None = None
    coercion: DecisionCounts | None = None
    fees: Fees | None = None
    procurement: Procurement2019 | None = None


# ---------------------------------------------------------------- table 三
@frozen
class ApplicantCounts:
    """One row of table 三: the six applicant columns and the row total."""

    natural_person: Cell | None = None
    commercial_enterprise: Cell | None = None
    research_institution: Cell | None = None
    public_interest_org: Cell | None = None
    legal_service_org: Cell | None = None
    other_org: Cell | None = None
    total: Cell | None = None


@frozen
class Applications:
    """Table 三 — 收到和处理政府信息公开申请情况, rows in printed order."""

    new_received: ApplicantCounts | None = None
    carried_over: ApplicantCounts | None = None
    granted: ApplicantCounts | None = None
    partially_granted: ApplicantCounts | None = None
    withheld_state_secret: ApplicantCounts | None = None
    withheld_prohibited_by_law: ApplicantCounts | None = None
    withheld_security_stability: ApplicantCounts | None = None
    withheld_third_party_rights: ApplicantCounts | None = None
    withheld_internal_affairs: ApplicantCounts | None = None
    withheld_process_information: ApplicantCounts | None = None
    withheld_enforcement_files: ApplicantCounts | None = None
    withheld_administrative_query: ApplicantCounts | None = None
    unavailable_not_held: ApplicantCounts | None = None
    unavailable_needs_creation: ApplicantCounts | None = None
    unavailable_unclear: ApplicantCounts | None = None
    not_processed_petition: ApplicantCounts | None = None
    not_processed_duplicate: ApplicantCounts | None = None
    not_processed_publication: ApplicantCounts | None = None
    not_processed_excessive: ApplicantCounts | None = None
    not_processed_confirmation: ApplicantCounts | None = None
    other: ApplicantCounts | None = None
    other_no_correction: ApplicantCounts | None = None
    other_unpaid_fee: ApplicantCounts | None = None
    other_misc: ApplicantCounts | None = None
    total_processed: ApplicantCounts | None = None
    carried_forward: ApplicantCounts | None = None


# ---------------------------------------------------------------- table 四
@frozen
class Outcomes:
    """One group of table 四 (行政复议, or one kind of 行政诉讼)."""

    upheld: Cell | None = None
    corrected: Cell | None = None
    other: Cell | None = None
    pending: Cell | None = None
    total: Cell | None = None


@frozen
class ReviewLitigation:
    """Table 四 — 政府信息公开行政复议、行政诉讼情况."""

    review: Outcomes | None = None
    direct_suit: Outcomes | None = None
    post_review_suit: Outcomes | None = None


# ---------------------------------------------------------------- outline
@frozen
class Section:
    """One numbered section (一 … 六, or a legacy heading)."""

    number: int
    kind: str
    heading: str
    text: str = ""
    declared_none: bool = False


@frozen
class ProseFigures:
    """Numbers the report states in sentences (全年共收到申请137件 …), keyed like the table cells they describe."""

    applications_received: int | None = None  # 收到/受理申请 N件 ~ new_received.total
    applications_carried_over: int | None = None  # 上年结转 N件 ~ carried_over.total
    applications_processed: int | None = None  # 办结/答复 N件 ~ total_processed.total
    applications_carried_forward: int | None = None  # N件顺延/结转下年度 ~ carried_forward.total
    from_natural_persons: int | None = None  # 公民/自然人提交申请 N件
    from_organisations: int | None = None  # 法人或其他组织提交申请 N件
    granted: int | None = None  # 予以公开 N件
    partially_granted: int | None = None  # 部分公开 N件
    granted_or_partially: int | None = None  # 予以公开及部分公开 N件 (one figure for both)
    withheld: int | None = None  # 不予公开 N件 ~ Σ withheld_*
    unavailable: int | None = None  # 无法提供 N件 ~ Σ unavailable_*
    not_processed: int | None = None  # 不予处理 N件 ~ Σ not_processed_*
    other_processed: int | None = None  # 其他处理 N件 ~ other | Σ other_*
    reviews: int | None = None  # 行政复议 N件 ~ review.total
    reviews_upheld: int | None = None
    reviews_corrected: int | None = None
    reviews_other: int | None = None
    reviews_pending: int | None = None
    lawsuits: int | None = None  # 行政诉讼 N件 ~ direct_suit.total + post_review_suit.total
    lawsuits_upheld: int | None = None
    lawsuits_corrected: int | None = None
    lawsuits_other: int | None = None
    lawsuits_pending: int | None = None

    def items(self) -> list[tuple[str, int]]:
        return [(f.name, getattr(self, f.name)) for f in fields(type(self)) if getattr(self, f.name) is not None]


@frozen
class Normalisation:
    """What the normalising stage did to the text, so users can judge the source."""

    script: Literal["simplified", "traditional", "mixed"] = "simplified"
    readings_removed: int = 0
    traditional_chars: int = 0


@frozen
class OcrInfo:
    """How a report that was read by OCR (a scanned PDF, an image) was read, so users can judge its numbers.

    Every table cell kept its confidence; a value below ``threshold`` is an empty cell with an
    ``ocr-low-confidence`` finding carrying what OCR read, never a guessed number.
    """

    engine: str  # the OCR package and its version: "rapidocr-onnxruntime 1.4.4"
    pages: int  # pages read
    dpi: int | None  # resolution PDF pages were rendered at; None for an image file (its own pixels)
    threshold: float  # the confidence a table value needs to be kept
    cells: int = 0  # table cells read
    below_threshold: int = 0  # values left empty for want of confidence
    min_confidence: float | None = None  # the lowest confidence of a table cell


@frozen
class Report:
    """One annual report. Field names are the public contract of docs/spec.md."""

    title: str | None = None
    agency: str | None = None
    year: int | None = None
    published: _dt.date | None = None
    format: Format = "unknown"
    preamble: str = ""
    sections: tuple[Section, ...] = ()
    active_disclosure: ActiveDisclosure | None = None
    applications: Applications | None = None
    review_litigation: ReviewLitigation | None = None
    signed_by: str | None = None
    declared_none: tuple[str, ...] = ()
    prose: ProseFigures = field(factory=ProseFigures)
    normalisation: Normalisation = field(factory=Normalisation)
    findings: tuple[Finding, ...] = ()
    ocr: OcrInfo | None = None  # set when the text came from OCR (a scanned PDF, an image)

    def section(self, kind: str) -> Section | None:
        """The first section of a kind (``"applications"``, ``"overview"`` …), or None."""
        return next((s for s in self.sections if s.kind == kind), None)

    # The serialising methods live in serialise.py; these are thin doors to them.
    def to_dict(self) -> dict[str, Any]:
        from .serialise import to_dict

        return to_dict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        from .serialise import from_dict

        return from_dict(data)

    def to_json(self, **kwargs: Any) -> str:
        from .serialise import to_json

        return to_json(self, **kwargs)

    @classmethod
    def from_json(cls, text: str) -> Report:
        from .serialise import from_json

        return from_json(text)

    def to_flat(self) -> dict[str, Any]:
        from .serialise import to_flat

        return to_flat(self)


TABLE_CLASSES: dict[str, type] = {
    "active_disclosure": ActiveDisclosure,
    "applications": Applications,
    "review_litigation": ReviewLitigation,
}


def table_cells(table: object | None) -> Iterator[tuple[str, str, Cell]]:
    """(row key, column key, cell) for every printed cell of one of the three tables, in field order.

    Rows and cells the report does not print (``None``) are skipped: one walk for the validator,
    the exports and the tests, so none of them re-learns the shape of the tables.
    """
    if table is None:
        return
    for f in fields(type(table)):  # type: ignore[arg-type]
        row = getattr(table, f.name)
        if row is None:
            continue
        for cf in fields(type(row)):
            cell = getattr(row, cf.name)
            if cell is not None:
                yield f.name, cf.name, cell
