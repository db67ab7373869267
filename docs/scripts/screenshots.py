"""Take the screenshots of docs/web.md: each view of the web page and of ``check --html``.

Run from the repository root with the ``[web,test]`` extras installed and Debian's ``chromium``:

    python docs/scripts/screenshots.py

The server runs in-process on a free port; the system Chromium is driven by Playwright's Python API
(no browser download). The reports are the corpus's hongze-2023/2024 PDFs when ../shared/corpus is
there, else the example report broken on purpose (tests/webreports.py), so the script runs anywhere.
"""

from __future__ import annotations

import os
import shutil
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "img"
CORPUS = Path(os.environ.get("GOVINFO_CORPUS", ROOT.parent / "shared" / "corpus"))
sys.path.insert(0, str(ROOT / "tests"))


def _reports() -> tuple[tuple[str, bytes], tuple[str, bytes]]:
    """(this year's report, last year's): real PDFs where the corpus is, generated text otherwise."""
    this, last = CORPUS / "pdf" / "hongze-2024.pdf", CORPUS / "pdf" / "hongze-2023.pdf"
    if this.exists() and last.exists():
        return (last.name, last.read_bytes()), (this.name, this.read_bytes())
    import govinfo_report as g
    from webreports import broken_text, good_report

    return ("broken.txt", broken_text().encode("utf-8")), ("last-year.txt", g.render(good_report()).encode("utf-8"))


def main() -> None:
    import uvicorn
    from playwright.sync_api import sync_playwright

    from govinfo_report.cli import main as cli
    from govinfo_report.web import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    report, other = _reports()
    OUT.mkdir(parents=True, exist_ok=True)
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as p, tempfile.TemporaryDirectory() as tmp:
        browser = p.chromium.launch(executable_path=chromium, headless=True, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(base + "/")
        page.screenshot(path=OUT / "web-upload.png")

        def upload(files: dict[str, tuple[str, bytes]]) -> None:
            page.goto(base + "/")
            for field, (name, data) in files.items():
                page.set_input_files(
                    f"#{field}", files=[{"name": name, "mimeType": "application/octet-stream", "buffer": data}]
                )
            with page.expect_navigation():
                page.click("#submit")

        upload({"report": report})
        page.locator("#table-review_litigation").scroll_into_view_if_needed()
        page.screenshot(path=OUT / "web-report.png", full_page=True)
        # year over year: the later report against the earlier one
        later, earlier = (other, report) if "2024" in other[0] else (report, other)
        upload({"report": later, "previous": earlier})
        page.screenshot(
            path=OUT / "web-compare.png", clip={"x": 0, "y": 0, "width": 1280, "height": 1400}, full_page=True
        )
        # check --html of two files: the index page
        paths = []
        for name, data in (report, other):
            path = Path(tmp) / name
            path.write_bytes(data)
            paths.append(str(path))
        out = Path(tmp) / "index.html"
        cli(["check", "--html", str(out), *paths])
        page.goto(out.as_uri())
        page.screenshot(path=OUT / "check-html-index.png", clip={"x": 0, "y": 0, "width": 1280, "height": 900})
        browser.close()
    server.should_exit = True
    print("\n".join(str(p.relative_to(ROOT)) for p in sorted(OUT.glob("*web*.png")) + [OUT / "check-html-index.png"]))


if __name__ == "__main__":
    main()
