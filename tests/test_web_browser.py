"""The web page in a real browser: the system's headless Chromium, driven by Playwright's Python API.

The server runs in-process (uvicorn in a thread, on a free port); the browser uploads a real report
from the corpus and a report with known errors, and the tests read the rendered page: which cells are
marked, with what message and expected value, and in what colour. Skipped only where no Chromium
binary exists (``.ci/run`` installs Debian's ``chromium``).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import govinfo_report as g
from conftest import CORPUS
from webreports import BROKEN_CELLS, broken_text, good_report

CHROMIUM = os.environ.get("GOVINFO_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
if not os.path.exists(CHROMIUM):
    pytest.skip(f"no Chromium binary at {CHROMIUM}", allow_module_level=True)
playwright_api = pytest.importorskip("playwright.sync_api")
pytest.importorskip("uvicorn")

ERROR_BACKGROUND = "rgb(255, 221, 221)"  # td.sev-error in templates/_style.css.j2


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    import uvicorn

    from govinfo_report.web import create_app

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(timeout=60), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(accept_downloads=True)
    pg = context.new_page()
    yield pg
    context.close()


def upload(page: Any, base_url: str, report: tuple[str, bytes], previous: tuple[str, bytes] | None = None) -> None:
    page.goto(base_url + "/")
    page.set_input_files(
        "#report", files=[{"name": report[0], "mimeType": "application/octet-stream", "buffer": report[1]}]
    )
    if previous is not None:
        page.set_input_files(
            "#previous", files=[{"name": previous[0], "mimeType": "application/octet-stream", "buffer": previous[1]}]
        )
    with page.expect_navigation():
        page.click("#submit")


def background(page: Any, cell_id: str) -> str:
    return str(page.eval_on_selector(f"#{cell_id}", "el => getComputedStyle(el).backgroundColor"))


def test_generated_report_with_known_errors(page: Any, base_url: str) -> None:
    upload(page, base_url, ("broken.txt", broken_text().encode("utf-8")))
    marked = page.eval_on_selector_all('td[data-severity="error"]', "els => els.map(e => e.id)")
    assert set(BROKEN_CELLS) <= set(marked)
    for cid, expected in BROKEN_CELLS.items():
        assert f"应为 {expected}" in page.inner_text(f"#{cid}")
        assert background(page, cid) == ERROR_BACKGROUND
    assert "row-total-mismatch" in page.inner_text("#cell-applications-new_received-total")
    # the prose figure links to the cell it was compared with, and the link lands there
    page.click('#prose-applications_received a[href="#cell-applications-new_received-total"]')
    assert page.evaluate("location.hash") == "#cell-applications-new_received-total"
    assert background(page, "cell-applications-granted-total") != ERROR_BACKGROUND


@pytest.mark.corpus
def test_real_report_from_the_corpus(page: Any, base_url: str) -> None:
    pytest.importorskip("pdfplumber")
    pdf = CORPUS / "pdf" / "hongze-2023.pdf"
    if not pdf.exists():
        pytest.skip("corpus not available")
    upload(page, base_url, (pdf.name, pdf.read_bytes()))
    marked = page.eval_on_selector_all('td[data-severity="error"]', "els => els.map(e => e.id)")
    assert sorted(marked) == ["cell-review_litigation-post_review_suit-total", "cell-review_litigation-review-total"]
    assert "应为 11" in page.inner_text("#cell-review_litigation-review-total")
    assert "应为 5" in page.inner_text("#cell-review_litigation-post_review_suit-total")
    assert "泽" in page.inner_text("h1")


def test_pasted_script_stays_text(page: Any, base_url: str) -> None:
    page.goto(base_url + "/")
    text = broken_text().replace("\n", "<script>window.pwned = 1</script><img src=x onerror='window.pwned=2'>\n", 1)
    page.fill("#text", text)
    with page.expect_navigation():
        page.click("#submit")
    assert page.evaluate("window.pwned") is None
    assert page.locator("script").count() == 0 and page.locator("img").count() == 0
    assert "<script" in page.inner_text("h1")  # the title as read (it ends where the parser ends it), as text


def test_year_over_year_and_downloads(page: Any, base_url: str, tmp_path: Path) -> None:
    last = g.render(good_report()).encode("utf-8")
    upload(page, base_url, ("this.txt", broken_text().encode("utf-8")), ("last.txt", last))
    assert "结转核对" in page.content()
    cell = page.inner_text("#cell-review_litigation-review-total")
    assert "5" in cell and "上年 2" in cell
    assert page.locator("td.carry-verdict .ok").count() == 7  # last year's 结转下年度 = this year's 上年结转
    with page.expect_download() as info:
        page.click("nav.downloads >> text=JSON")
    path = tmp_path / "r.json"
    info.value.save_as(path)
    assert json.loads(path.read_text(encoding="utf-8"))["applications"]["new_received"]["total"]["raw"] == "9"


def test_check_html_file_opens_offline(page: Any, tmp_path: Path) -> None:
    from govinfo_report.cli import main

    src = tmp_path / "broken.txt"
    src.write_text(broken_text(), encoding="utf-8")
    out = tmp_path / "out.html"
    main(["check", "--html", str(out), str(src)])
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(out.as_uri())
    assert [u for u in requests if not u.startswith("file:")] == []
    for cid in BROKEN_CELLS:
        assert background(page, cid) == ERROR_BACKGROUND
