"""Adapter speed on what users hold: the real PDFs and saved pages of ../shared/corpus.

Every figure is a ratio measured in the same run (best of ``--repeat`` per file), so a busy
machine slows both sides alike:

* PDF: ``pdf_to_text`` (PDFium fast path, pdfplumber only where it cannot decide) against the same
  adapter forced to pdfplumber (what it did before the fast path), and against pypdf's
  ``extract_text()`` (plain text, no tables; skipped when pypdf is not installed:
  ``pip install pypdf``). The fast path's text is checked to equal pdfplumber's.
* HTML: ``html_to_text`` against BeautifulSoup's ``get_text()`` of the same page (parse + text,
  no article finding, no tables).

    python benchmarks/adapters_bench.py [--repeat 5] [--json]
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from govinfo_report import html_adapter, pdf_adapter

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


def best(fn: Callable[[], object], repeat: int) -> float:
    """CPU seconds of the fastest of ``repeat`` calls: on a shared machine the wall clock also counts
    the neighbours, the process's CPU time hardly (all engines here run in this one thread)."""
    fn()  # warm: imports, font caches
    out = float("inf")
    for _ in range(repeat):
        gc.collect()
        t0 = time.process_time()
        fn()
        out = min(out, time.process_time() - t0)
    return out


def pypdf_text(data: bytes) -> str | None:
    try:
        import io

        import pypdf
    except ImportError:
        return None
    return "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def bench_pdf(path: Path, repeat: int) -> dict[str, Any]:
    data = path.read_bytes()
    fast = pdf_adapter.read_pdf(data)
    slow = pdf_adapter.read_pdf(data, engine="pdfplumber")
    ours = best(lambda: pdf_adapter.read_pdf(data), repeat)
    plumber = best(lambda: pdf_adapter.read_pdf(data, engine="pdfplumber"), repeat)
    has_pypdf = pypdf_text(data) is not None
    pypdf_s = best(lambda: pypdf_text(data), repeat) if has_pypdf else None
    return {
        "file": path.name,
        "kb": len(data) // 1024,
        "pages": max(fast.pages) + 1,
        "engine": fast.engine,
        "same_text": fast.text == slow.text,
        "ours_ms": 1000 * ours,
        "pdfplumber_ms": 1000 * plumber,
        "pypdf_ms": None if pypdf_s is None else 1000 * pypdf_s,
        "speedup_vs_pdfplumber": plumber / ours,
        "speedup_vs_pypdf": None if pypdf_s is None else pypdf_s / ours,
    }


def bench_html(path: Path, repeat: int) -> dict[str, Any]:
    import bs4

    data = path.read_bytes()
    ours = best(lambda: html_adapter.html_to_text(data), repeat)
    plain = best(lambda: bs4.BeautifulSoup(data, "lxml").get_text(), repeat)
    return {
        "file": path.name,
        "kb": len(data) // 1024,
        "ours_ms": 1000 * ours,
        "bs4_get_text_ms": 1000 * plain,
        "ours_over_get_text": ours / plain,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=5, help="runs per measurement; the best counts")
    ap.add_argument("--json", action="store_true", help="results as JSON lines")
    args = ap.parse_args(argv)
    if not CORPUS.is_dir():
        print(f"no corpus at {CORPUS}", file=sys.stderr)
        return 1
    pdfs = [bench_pdf(p, args.repeat) for p in sorted((CORPUS / "pdf").glob("*.pdf"))]
    pages = [bench_html(p, args.repeat) for p in sorted((CORPUS / "html").glob("*.html"))]
    if args.json:
        for r in pdfs + pages:
            print(json.dumps(r))
        return 0
    print(f"python {sys.version.split()[0]}, best of {args.repeat}")
    print(
        "| PDF | KB | pages | engine | same text as pdfplumber | ours ms | pdfplumber-only ms | pypdf extract_text ms "
        "| pdfplumber ÷ ours | pypdf ÷ ours |"
    )
    print("|---|---:|---:|---|---|---:|---:|---:|---:|---:|")
    for r in pdfs:
        py = "–" if r["pypdf_ms"] is None else f"{r['pypdf_ms']:.1f}"
        pr = "–" if r["speedup_vs_pypdf"] is None else f"{r['speedup_vs_pypdf']:.1f}×"
        print(
            f"| {r['file']} | {r['kb']} | {r['pages']} | {r['engine']} | {'yes' if r['same_text'] else 'NO'} | "
            f"{r['ours_ms']:.1f} | {r['pdfplumber_ms']:.1f} | {py} | {r['speedup_vs_pdfplumber']:.1f}× | {pr} |"
        )
    print()
    print("| saved page | KB | ours ms | BeautifulSoup get_text ms | ours ÷ get_text |")
    print("|---|---:|---:|---:|---:|")
    for r in pages:
        print(
            f"| {r['file']} | {r['kb']} | {r['ours_ms']:.1f} | {r['bs4_get_text_ms']:.1f} | "
            f"{r['ours_over_get_text']:.1f}× |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
