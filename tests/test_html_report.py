"""The HTML check page (``check --html``) and the web server, without a browser: cells marked with their
expected values, prose linked to cells, every text escaped, uploads capped, timed and cleaned up."""

from __future__ import annotations

import re
import tempfile
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govinfo_report as g
from conftest import CORPUS
from govinfo_report.cli import main
from govinfo_report.html_report import Checked, render_index, render_report
from govinfo_report.model import Applications, Cell
from govinfo_report.testing import applications
from webreports import BROKEN_CELLS, broken_report, broken_text, good_report

pytest.importorskip("jinja2")


class _Cells(HTMLParser):
    """The <td> elements of a page by id: their class and their text."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: dict[str, dict[str, str]] = {}
        self.external: list[str] = []
        self._open: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "td" and a.get("id"):
            self._open = a["id"]
            self.cells[self._open] = {"class": a.get("class") or "", "text": ""}
        for key in ("src", "href"):
            v = a.get(key) or ""
            if v and not v.startswith(("#", "/")):
                self.external.append(v)
        if tag in ("script", "link", "img", "iframe"):
            self.external.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open:
            self.cells[self._open]["text"] += data


def cells_of(html: str) -> _Cells:
    p = _Cells()
    p.feed(html)
    return p


def _checked(report: g.Report, name: str = "r.txt") -> Checked:
    return Checked(name, report, [*report.findings, *g.validate(report)], g.render(report).split("\n"))


def test_broken_cells_are_marked_with_the_expected_value() -> None:
    page = cells_of(render_report(_checked(g.parse(broken_text()))))
    for cid, expected in BROKEN_CELLS.items():
        assert "sev-error" in page.cells[cid]["class"], cid
        assert f"应为 {expected}" in page.cells[cid]["text"], page.cells[cid]
    # nothing else in table 四 is wrong
    wrong = {k for k, v in page.cells.items() if "sev-error" in v["class"] and "review_litigation" in k}
    assert wrong == {"cell-review_litigation-review-total"}
    assert page.external == []  # self-contained: no script, no external asset


def test_a_clean_report_has_no_marked_cell_and_draws_the_official_labels() -> None:
    html = render_report(_checked(g.parse(g.render(good_report()))))
    assert "sev-" not in "".join(v["class"] for v in cells_of(html).cells.values())
    from govinfo_report import labels

    for text in (
        labels.RULE_NOTE,
        labels.APPLICANTS_LABEL,
        labels.ORGANISATION_LABEL,
        labels.LITIGATION_LABEL,
        labels.APPLICATION_ROW_BY_KEY["carried_forward"].label,
        "第二十条第(九)项",
        "未发现问题",
    ):
        assert text in html, text


def test_prose_figure_links_to_the_cell_it_was_compared_with() -> None:
    html = render_report(_checked(g.parse(broken_text())))
    item = re.search(r'<li id="prose-applications_received"[^>]*>(.*?)</li>', html, re.S)
    assert item is not None
    assert 'href="#cell-applications-new_received-total"' in item.group(1)
    prose_finding = next(f for f in g.validate(g.parse(broken_text())) if f.where == "prose.applications_received")
    assert 'class="bad"' in item.group(0) and escape(prose_finding.message) in item.group(1)  # its finding beside it
    assert 'href="#prose-applications_received"' in html  # and the cell links back


def test_values_carry_the_line_they_were_read_from() -> None:
    text = broken_text()
    lines = text.split("\n")
    page = cells_of(render_report(_checked(g.parse(text))))
    line = int(re.search(r"第(\d+)行", page.cells["cell-applications-carried_forward-total"]["text"]).group(1))
    assert "结转下年度" in lines[line - 1]


@settings(max_examples=15, deadline=None)
@given(applications("2021"), st.data())
def test_any_broken_row_total_is_marked_with_its_sum(apps: Applications, data: st.DataObject) -> None:
    """Generated tables: one row of table 三 gets six known columns and a total that is not their sum;
    that cell is marked with the six columns' sum, whatever the rest of the table holds."""
    import attrs

    from govinfo_report import labels
    from govinfo_report.model import ApplicantCounts

    key = data.draw(st.sampled_from([r.key for r in labels.APPLICATION_ROWS if "2021" in r.formats]))
    six = data.draw(st.lists(st.integers(0, 500), min_size=6, max_size=6))
    wrong = sum(six) + data.draw(st.integers(1, 50))
    row = ApplicantCounts(*(Cell(str(v), v) for v in six), total=Cell(str(wrong), wrong))
    report = g.Report(year=2021, format="2021", applications=attrs.evolve(apps, **{key: row}))
    cell = cells_of(render_report(_checked(report))).cells[f"cell-applications-{key}-total"]
    assert "sev-error" in cell["class"]
    assert f"应为 {sum(six)}" in cell["text"]


def test_script_in_a_report_shows_as_text() -> None:
    r = attrs_evolve_title(broken_report(), "<script>alert(1)</script>2019年政府信息公开工作年度报告")
    html = render_report(_checked(r, name='<img src=x onerror="alert(2)">.txt'))
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def attrs_evolve_title(r: g.Report, title: str) -> g.Report:
    import attrs

    return attrs.evolve(r, title=title)


def test_index_page_for_several_reports() -> None:
    html = render_index([_checked(g.parse(broken_text()), "a.txt"), Checked("b.txt", None, error="不是报告")])
    assert html.count('<section class="report"') == 1
    assert 'href="#doc-1"' in html and "不是报告" in html


# ------------------------------------------------------------------ the command
def test_check_html_writes_one_page(tmp_path: Path) -> None:
    src = tmp_path / "broken.txt"
    src.write_text(broken_text(), encoding="utf-8")
    out = tmp_path / "out.html"
    assert main(["check", "--html", str(out), str(src)]) == 1  # errors: exit 1 as without --html
    page = cells_of(out.read_text(encoding="utf-8"))
    assert all("sev-error" in page.cells[c]["class"] for c in BROKEN_CELLS)


def test_check_html_unwritable_output_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "broken.txt"
    src.write_text(broken_text(), encoding="utf-8")
    assert main(["check", "--html", str(tmp_path / "no" / "such" / "dir.html"), str(src)]) == 3
    err = capsys.readouterr().err
    assert "cannot write" in err and "Traceback" not in err


@pytest.mark.corpus
def test_hongze_2023_shows_its_two_wrong_totals_with_their_sums(tmp_path: Path) -> None:
    pytest.importorskip("pdfplumber")
    pdf = CORPUS / "pdf" / "hongze-2023.pdf"
    if not pdf.exists():
        pytest.skip("corpus not available")
    out = tmp_path / "hongze.html"
    main(["check", "--html", str(out), str(pdf)])
    page = cells_of(out.read_text(encoding="utf-8"))
    wrong = {k: v for k, v in page.cells.items() if "sev-error" in v["class"]}
    assert set(wrong) == {"cell-review_litigation-review-total", "cell-review_litigation-post_review_suit-total"}
    assert "应为 11" in wrong["cell-review_litigation-review-total"]["text"]
    assert "应为 5" in wrong["cell-review_litigation-post_review_suit-total"]["text"]


# ------------------------------------------------------------------ the server (Starlette's TestClient)
@pytest.fixture
def client() -> object:
    pytest.importorskip("starlette")
    pytest.importorskip("httpx")
    from starlette.testclient import TestClient

    from govinfo_report.web import create_app

    return TestClient(create_app(max_bytes=200_000, timeout=30))


def test_upload_shows_the_page_and_downloads(client) -> None:
    r = client.post("/check", files={"report": ("broken.txt", broken_text().encode("utf-8"), "text/plain")})
    assert r.status_code == 200
    page = cells_of(r.text)
    assert all("sev-error" in page.cells[c]["class"] for c in BROKEN_CELLS)
    assert "default-src 'none'" in r.headers["content-security-policy"]
    link = re.search(r'href="(/download/[^"]+)\.json"', r.text).group(1)
    data = client.get(link + ".json")
    assert g.Report.from_json(data.text).applications == broken_report().applications
    csv = client.get(link + ".csv")
    assert csv.status_code == 200 and "new_received" in csv.text.split("\n")[0]
    xlsx = client.get(link + ".xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert client.get("/download/nosuchtoken.json").status_code == 404


def test_pasted_text_and_year_over_year(client) -> None:
    r = client.post("/check", data={"text": broken_text()})
    assert r.status_code == 200 and "sev-error" in r.text
    last = g.render(good_report()).encode("utf-8")
    r = client.post(
        "/check", files={"report": ("this.txt", broken_text().encode("utf-8")), "previous": ("last.txt", last)}
    )
    assert r.status_code == 200
    assert "结转核对" in r.text
    cell = cells_of(r.text).cells["cell-review_litigation-review-total"]
    assert "changed" in cell["class"] and "上年 2" in cell["text"]  # both values


def test_uploaded_names_and_text_are_escaped(client) -> None:
    text = broken_text().replace("\n", "<script>alert(2)</script>\n", 1)  # in the title line
    r = client.post("/check", files={"report": ("<b onmouseover=alert(1)>x.txt", text.encode("utf-8"))})
    assert "<script>" not in r.text and "<b onmouseover" not in r.text
    assert "&lt;b onmouseover=alert(1)&gt;x.txt" in r.text
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in r.text


def test_not_a_report_is_a_page_not_a_traceback(client) -> None:
    r = client.post("/check", files={"report": ("x.pdf", b"%PDF-1.4 garbage")})
    assert r.status_code == 422 and "无法读取" in r.text and "Traceback" not in r.text
    r = client.post("/check", data={"text": "   "})
    assert r.status_code == 400
    r = client.post("/check", content=b"--x\r\nbroken", headers={"content-type": "multipart/form-data; boundary=x"})
    assert r.status_code in (400, 422) and "Traceback" not in r.text


def test_upload_over_the_limit_is_refused(client) -> None:
    r = client.post("/check", files={"report": ("big.txt", b"x" * 300_000)})
    assert r.status_code == 413


def test_reading_past_the_time_limit_is_stopped() -> None:
    pytest.importorskip("starlette")
    from starlette.testclient import TestClient

    from govinfo_report.web import create_app

    r = TestClient(create_app(timeout=0.001)).post("/check", data={"text": broken_text()})
    assert r.status_code == 422 and "超时" in r.text


def test_temporary_files_are_removed(client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    r = client.post("/check", files={"report": ("broken.txt", broken_text().encode("utf-8"))})
    link = re.search(r'href="(/download/[^"]+)\.csv"', r.text).group(1)
    client.get(link + ".csv")
    assert list(tmp_path.iterdir()) == []


def test_serve_binds_localhost_by_default() -> None:
    from govinfo_report.cli import build_parser

    args = build_parser().parse_args(["serve"])
    assert args.host == "127.0.0.1" and args.port == 8000
