"""Parser throughput in one process: reports/s and MB/s, against a plain-regex tokenising pass.

The baseline is the cheapest thing that still reads every character: ``re.findall`` of
numbers and runs of CJK characters over the same texts, measured in the same process and
run, so the ratio says what the parser costs over merely scanning the text (machine speed
cancels out). Texts are held in memory: no file reading, no process start-up.

Sets: ``corpus`` (the bodies of ../shared/corpus/pages/*.txt and the two seeds, skipped if the
corpus is absent), ``generated`` (reports from benchmarks/generate.py), and ``all``.

    python benchmarks/throughput.py [--generated 1000] [--repeat 5] [--json]
"""

from __future__ import annotations

import argparse
import gc
import json
import re
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate

import govinfo_report as g
from govinfo_report.adapters import decode

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
#: The baseline tokeniser: numbers (with decimals) and runs of CJK ideographs.
TOKENS = re.compile(r"\d+(?:\.\d+)?|[\u3400-\u9fff]+")


def corpus_texts() -> list[str]:
    """Report texts of the real corpus as a user would feed them (page headers removed)."""
    texts: list[str] = []
    for p in sorted((CORPUS / "pages").glob("*.txt")) + sorted((CORPUS / "seeds").glob("*.txt")):
        text = decode(p.read_bytes())
        lines = text.split("\n")
        if lines and lines[0].startswith("url:") and "---" in lines[:12]:
            text = "\n".join(lines[lines.index("---") + 1 :])
        texts.append(text)
    return texts


def parse_all(texts: Sequence[str]) -> int:
    """Parse every text; not-a-report pages count as processed (they are refused, quickly or not)."""
    n = 0
    for t in texts:
        try:
            g.parse(t)
        except g.ParseError:
            pass
        n += 1
    return n


def regex_all(texts: Sequence[str]) -> int:
    n = 0
    for t in texts:
        n += len(TOKENS.findall(t))
    return n


def best_time(fn: Callable[[Sequence[str]], int], texts: Sequence[str], repeat: int) -> tuple[float, float]:
    """(wall, CPU) seconds of the best of ``repeat`` runs: the least disturbed by the rest of the machine.

    CPU time is reported too because a shared machine slows the wall clock but hardly the CPU time.
    """
    best, best_cpu = float("inf"), float("inf")
    for _ in range(repeat):
        gc.collect()
        t0, c0 = time.perf_counter(), time.process_time()
        fn(texts)
        best = min(best, time.perf_counter() - t0)
        best_cpu = min(best_cpu, time.process_time() - c0)
    return best, best_cpu


def measure(name: str, texts: Sequence[str], repeat: int) -> dict[str, Any]:
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    parse_s, parse_cpu = best_time(parse_all, texts, repeat)
    regex_s, regex_cpu = best_time(regex_all, texts, repeat)
    return {
        "set": name,
        "reports": len(texts),
        "mb": round(mb, 3),
        "parse_reports_s": len(texts) / parse_s,
        "parse_mb_s": mb / parse_s,
        "regex_reports_s": len(texts) / regex_s,
        "regex_mb_s": mb / regex_s,
        "ratio": parse_s / regex_s,
        "parse_cpu_ms": 1000 * parse_cpu / len(texts),
        "regex_cpu_ms": 1000 * regex_cpu / len(texts),
        "cpu_ratio": parse_cpu / regex_cpu,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--generated", type=int, default=1000, help="generated reports (default 1000)")
    ap.add_argument("--repeat", type=int, default=5, help="runs per measurement; the best counts")
    ap.add_argument("--json", action="store_true", help="results as JSON lines")
    args = ap.parse_args(argv)

    g.parse(generate.SEED_2019.read_text(encoding="utf-8"))  # build parsers and OpenCC outside the timing
    sets: list[tuple[str, list[str]]] = []
    real = corpus_texts() if CORPUS.is_dir() else []
    if real:
        sets.append(("corpus", real))
    made = [x.text for x in generate.generate(args.generated, seed=1, corpus=CORPUS.is_dir())]
    sets.append(("generated", made))
    if real:
        sets.append(("all", real + made))
    results = [measure(name, texts, args.repeat) for name, texts in sets]
    if args.json:
        for r in results:
            print(json.dumps(r))
        return 0
    print(f"python {sys.version.split()[0]}, govinfo-report {g.__version__}, best of {args.repeat}")
    print(
        "| set | reports | MB | parse reports/s | parse MB/s | regex reports/s | regex MB/s | parse ÷ regex "
        "| parse CPU ms/report | regex CPU ms/report | ÷ (CPU) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r['set']} | {r['reports']} | {r['mb']:.2f} | {r['parse_reports_s']:,.0f} | {r['parse_mb_s']:.2f} | "
            f"{r['regex_reports_s']:,.0f} | {r['regex_mb_s']:.1f} | {r['ratio']:.0f}× | {r['parse_cpu_ms']:.2f} | "
            f"{r['regex_cpu_ms']:.3f} | {r['cpu_ratio']:.0f}× |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
