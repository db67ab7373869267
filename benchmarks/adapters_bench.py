"""Adapter speed on what users hold: the real PDFs and saved pages of ../shared/corpus.

Every figure is a ratio measured in the same run (best of ``--repeat`` per file), so a busy
machine slows both sides alike:

* PDF: ``pdf_to_text`` (PDFium fast path, pdfplumber only where it cannot decide) against the same
  adapter forced to pdfplumber (what it did before the fast path), and against pypdf's
  ``extract_text()`` (plain text, no tables; skipped when pypdf is not installed:
  ``pip install pypdf``). The fast path's text is checked to equal pdfplumber's.
* HTML: ``html_to_text`` against the same adapter as it was at commit 7fefbd1 (the BeautifulSoup
  version, loaded beside today's from ``git show``; skipped outside a git checkout), and against
  BeautifulSoup's ``get_text()`` of the same page (parse + text, no article finding, no tables).
  The three are timed in turn, call after call, so a busy spell slows each alike; today's text
  is checked to equal 7fefbd1's.

    python benchmarks/adapters_bench.py [--repeat 5] [--json] [--only html|pdf]
"""

from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
import time
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

from govinfo_report import html_adapter, pdf_adapter

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
#: The HTML adapter before it read lxml's tree directly (BeautifulSoup built and walked the tree).
OLD_HTML = "7fefbd1"


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


def best_each(fns: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """CPU seconds of the fastest of ``repeat`` calls of each function, the functions called in turn."""
    for fn in fns.values():
        fn()  # warm
    out = dict.fromkeys(fns, float("inf"))
    for _ in range(repeat):
        for name, fn in fns.items():
            gc.collect()
            t0 = time.process_time()
            fn()
            out[name] = min(out[name], time.process_time() - t0)
    return out


def old_html_adapter(commit: str = OLD_HTML) -> types.ModuleType | None:
    """``govinfo_report/html_adapter.py`` as it was at ``commit``, loaded as a module of the package
    (its relative imports then work); None when git or the commit is not there."""
    try:
        source = subprocess.run(
            ["git", "show", f"{commit}:src/govinfo_report/html_adapter.py"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    name = f"govinfo_report._html_adapter_{commit}"
    module = types.ModuleType(name)
    module.__package__ = "govinfo_report"
    sys.modules[name] = module
    exec(compile(source, f"{commit}:src/govinfo_report/html_adapter.py", "exec"), module.__dict__)
    return module


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


def bench_html(path: Path, repeat: int, old: types.ModuleType | None) -> dict[str, Any]:
    import bs4

    data = path.read_bytes()
    fns: dict[str, Callable[[], object]] = {
        "ours": lambda: html_adapter.html_to_text(data),
        "bs4": lambda: bs4.BeautifulSoup(data, "lxml").get_text(),
    }
    if old is not None:
        fns["old"] = lambda: old.html_to_text(data)
    t = best_each(fns, repeat)
    return {
        "file": path.name,
        "kb": len(data) // 1024,
        "same_text_as_old": None if old is None else html_adapter.html_to_text(data) == old.html_to_text(data),
        "ours_ms": 1000 * t["ours"],
        "old_ms": 1000 * t["old"] if old is not None else None,
        "bs4_get_text_ms": 1000 * t["bs4"],
        "old_over_ours": t["old"] / t["ours"] if old is not None else None,
        "ours_over_get_text": t["ours"] / t["bs4"],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=5, help="runs per measurement; the best counts")
    ap.add_argument("--json", action="store_true", help="results as JSON lines")
    ap.add_argument("--only", choices=["html", "pdf"], help="only the saved pages, or only the PDFs")
    args = ap.parse_args(argv)
    if not CORPUS.is_dir():
        print(f"no corpus at {CORPUS}", file=sys.stderr)
        return 1
    pdfs = [] if args.only == "html" else [bench_pdf(p, args.repeat) for p in sorted((CORPUS / "pdf").glob("*.pdf"))]
    old = None if args.only == "pdf" else old_html_adapter()
    pages = (
        []
        if args.only == "pdf"
        else [bench_html(p, args.repeat, old) for p in sorted((CORPUS / "html").glob("*.html"))]
    )
    if args.json:
        for r in pdfs + pages:
            print(json.dumps(r))
        return 0
    print(f"python {sys.version.split()[0]}, best of {args.repeat}")
    if pdfs:
        print(
            "| PDF | KB | pages | engine | same text as pdfplumber | ours ms | pdfplumber-only ms "
            "| pypdf extract_text ms | pdfplumber ÷ ours | pypdf ÷ ours |"
        )
        print("|---|---:|---:|---|---|---:|---:|---:|---:|---:|")
    for r in pdfs:
        py = "–" if r["pypdf_ms"] is None else f"{r['pypdf_ms']:.1f}"
        pr = "–" if r["speedup_vs_pypdf"] is None else f"{r['speedup_vs_pypdf']:.1f}×"
        print(
            f"| {r['file']} | {r['kb']} | {r['pages']} | {r['engine']} | {'yes' if r['same_text'] else 'NO'} | "
            f"{r['ours_ms']:.1f} | {r['pdfplumber_ms']:.1f} | {py} | {r['speedup_vs_pdfplumber']:.1f}× | {pr} |"
        )
    if pdfs and pages:
        print()
    if pages:
        print(
            f"| saved page | KB | same text as {OLD_HTML} | ours ms | {OLD_HTML} ms | BeautifulSoup get_text ms "
            f"| {OLD_HTML} ÷ ours | ours ÷ get_text |"
        )
        print("|---|---:|---|---:|---:|---:|---:|---:|")
    for r in pages:
        same = "–" if r["same_text_as_old"] is None else "yes" if r["same_text_as_old"] else "NO"
        old_ms = "–" if r["old_ms"] is None else f"{r['old_ms']:.1f}"
        speedup = "–" if r["old_over_ours"] is None else f"{r['old_over_ours']:.1f}×"
        print(
            f"| {r['file']} | {r['kb']} | {same} | {r['ours_ms']:.1f} | {old_ms} | {r['bs4_get_text_ms']:.1f} | "
            f"{speedup} | {r['ours_over_get_text']:.2f}× |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
