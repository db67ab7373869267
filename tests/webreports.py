"""Reports with known errors for the HTML page's tests: the example report, broken on purpose.

Built in code (not drawn) so each test knows exactly which cells are wrong and what they should hold.
"""

from __future__ import annotations

import attrs

import govinfo_report as g
from govinfo_report.model import ApplicantCounts, Applications, Cell

#: What the page must show: (cell id, the expected value) for each broken cell.
BROKEN_CELLS = {
    "cell-applications-new_received-total": "6",  # six applicant columns sum to 6, total printed 9
    "cell-review_litigation-review-total": "2",  # 0 + 0 + 2 + 0, total printed 5
}


def _row(*values: int) -> ApplicantCounts:
    return ApplicantCounts(*(Cell(str(v), v) for v in values))


def good_applications() -> Applications:
    """A consistent table 三 (2019 form): 6 received, 4 granted, 2 not held, none carried."""
    zero = _row(0, 0, 0, 0, 0, 0, 0)
    return Applications(
        new_received=_row(5, 1, 0, 0, 0, 0, 6),
        carried_over=zero,
        granted=_row(3, 1, 0, 0, 0, 0, 4),
        partially_granted=zero,
        unavailable_not_held=_row(2, 0, 0, 0, 0, 0, 2),
        other=zero,
        total_processed=_row(5, 1, 0, 0, 0, 0, 6),
        carried_forward=zero,
    )


def good_report() -> g.Report:
    """The example report with a consistent table 三 and a sentence stating its total."""
    r = g.parse_file(g.example_path())
    sections = tuple(
        attrs.evolve(s, declared_none=False, text="本年度共收到政府信息公开申请6件。")
        if s.kind == "applications"
        else s
        for s in r.sections
    )
    return attrs.evolve(r, sections=sections, declared_none=(), applications=good_applications())


def broken_report() -> g.Report:
    """:func:`good_report` with two wrong 总计 cells (see :data:`BROKEN_CELLS`)."""
    r = good_report()
    assert r.applications is not None and r.applications.new_received is not None
    assert r.review_litigation is not None and r.review_litigation.review is not None
    apps = attrs.evolve(r.applications, new_received=attrs.evolve(r.applications.new_received, total=Cell("9", 9)))
    rl = attrs.evolve(r.review_litigation, review=attrs.evolve(r.review_litigation.review, total=Cell("5", 5)))
    return attrs.evolve(r, applications=apps, review_litigation=rl)


def broken_text() -> str:
    """The canonical text of :func:`broken_report`, as a user would upload it."""
    return g.render(broken_report())
