"""Text parse speed against two baselines, and against report size, measured in the same run.

* **peer-style baseline** (written here for the comparison, after the approach of the regex
  peer measured in issue 17): line endings and ideographic spaces normalised; each of the six
  section titles of the 2021 form found with a relaxed pattern (any whitespace between its
  characters, at a line start); each table section cleaned line by line (page numbers dropped,
  leading ``1.`` numbering cut); its numbers poured in order into the 2021 grid keyed by row
  and column (表二 10 cells in four blocks, 表三 25 rows × 7 or 8 columns chosen by how many
  numbers there are, 表四 15 cells), a table left empty when its numbers do not fit. This is
  how fixed-grid extractors read these reports: fast, and wrong wherever a report prints a row
  or a column the grid does not expect.
* **bare grid pour**: the least of that approach: one regular expression splits the text at
  ``一、`` … ``八、`` and the numbers of sections 二, 三 and 四 are poured into flat lists of
  10, 175 and 15; no titles, no cleaning, no keys.
* **split-and-int**: split every line on ``|`` and ``int()`` each digit cell; the least work that
  still looks at every cell.
* **linearity**: one generated 2021 report grown to 10× and 100× its lines (its overview
  paragraph repeated), parse time per KB at each size.

Sets: ``corpus`` (the real texts of ../shared/corpus/pages and seeds, headers removed; skipped if
absent) and ``generated`` (full reports of benchmarks/generate.py: the 2019 seed and 2021 template).

    python benchmarks/text_bench.py [--generated 2000] [--repeat 5] [--json]
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
from throughput import CORPUS, corpus_texts

import govinfo_report as g
from govinfo_report import labels

_SECTION = re.compile(r"^([一二三四五六七八])、", re.MULTILINE)
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_LIST_NUMBER = re.compile(r"^\s*\d{1,2}[.、．]", re.MULTILINE)  # 1.属于国家秘密: a label, not a count
#: The 2021 form's grid: how many numbers each table holds, in printed order.
_GRID = {"二": 10, "三": 25 * 7, "四": 15}


def grid_pour(text: str) -> dict[str, list[float | None]]:
    """Regex section split, then the numbers of each table section poured into flat lists."""
    parts = _SECTION.split(text)
    out: dict[str, list[float | None]] = {}
    for i in range(1, len(parts) - 1, 2):
        size = _GRID.get(parts[i])
        if size is None or parts[i] in out:
            continue
        nums = [float(n) for n in _NUMBER.findall(_LIST_NUMBER.sub("", parts[i + 1]))][:size]
        out[parts[i]] = nums + [None] * (size - len(nums))
    return out


#: The six section titles of the 2021 form, each found with whitespace allowed between characters.
_TITLES = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)
_TITLE_RX = tuple(re.compile(r"(?:^|\n)\s*" + r"\s*".join(map(re.escape, t)), re.MULTILINE) for t in _TITLES)
_PAGE_NUMBER = re.compile(r"^\s*-\s*\d+\s*-\s*$")
_LEADING_INDEX = re.compile(r"^[ \t]*\d+[.、]")
_SIGNED_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")
_INTEGER = re.compile(r"\d+")
#: 表二 of the 2021 form as four blocks of (row, columns), in printed order.
_ACTIVE_GRID = (
    (("regulations", ("issued", "repealed", "in_force")), ("normative_documents", ("issued", "repealed", "in_force"))),
    (("licensing", ("decisions",)),),
    (("punishment", ("decisions",)), ("coercion", ("decisions",))),
    (("fees", ("amount",)),),
)
_APP_ROWS = tuple(r.key for r in labels.APPLICATION_ROWS if r.key != "other")  # the 25 counted rows
_APP_COLS_7 = labels.APPLICANT_KEYS
_APP_COLS_8 = (*labels.APPLICANT_KEYS[:-1], "org_total", labels.APPLICANT_KEYS[-1])
_REVIEW_GRID = tuple((grp, labels.REVIEW_OUTCOME_KEYS) for grp in labels.REVIEW_GROUP_KEYS)

Grid = dict[str, dict[str, float | None]]


def _pour(numbers: list[str], grid: Sequence[tuple[str, Sequence[str]]], strict: bool) -> tuple[Grid, int] | None:
    """The numbers in order into ``grid``; ``None`` if ``strict`` and there are too few."""
    need = sum(len(cols) for _, cols in grid)
    if strict and len(numbers) < need:
        return None
    out: Grid = {}
    i = 0
    for row, cols in grid:
        cells: dict[str, float | None] = {}
        for col in cols:
            cells[col] = float(numbers[i]) if i < len(numbers) else None
            i += 1
        out[row] = cells
    return out, min(i, len(numbers))


def peer_parse(text: str) -> dict[str, Any]:
    """Relaxed title search, line cleaning and the numbers poured into the keyed 2021 grid."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u3000", " ")
    starts = [m.start() if (m := rx.search(text)) else None for rx in _TITLE_RX]
    sections: list[str] = []
    for i, start in enumerate(starts):
        if start is None:
            sections.append("")
            continue
        later = [p for p in starts[i + 1 :] if p is not None and p > start]
        sections.append(text[start : min(later) if later else len(text)])
    out: dict[str, Any] = {"overview": sections[0].strip(), "problems": sections[4].strip()}
    numbers = _SIGNED_NUMBER.findall(sections[1].replace(",", ""))
    blocks: list[Grid] = []
    for block in _ACTIVE_GRID:
        poured = _pour(numbers, block, strict=True)
        if poured is None:
            break
        blocks.append(poured[0])
        numbers = numbers[poured[1] :]
    out["active"] = blocks
    lines = [_LEADING_INDEX.sub("", ln) for ln in sections[2].splitlines() if not _PAGE_NUMBER.match(ln)]
    ints = _INTEGER.findall("\n".join(lines))
    n = len(ints)
    if n == len(_APP_ROWS) * 8 or (n != len(_APP_ROWS) * 7 and n % 8 == 0 and n // 8 >= 20):
        cols = _APP_COLS_8
    else:
        cols = _APP_COLS_7
    out["applications"] = _pour(ints, [(r, cols) for r in _APP_ROWS], strict=False)
    review = _pour(_SIGNED_NUMBER.findall(sections[3].replace(",", "")), _REVIEW_GRID, strict=True)
    out["review"] = review[0] if review else None
    return out


def split_and_int(text: str) -> int:
    total = 0
    for line in text.split("\n"):
        for cell in line.split("|"):
            cell = cell.strip()
            if cell.isdigit():
                total += int(cell)
    return total


def ours(text: str) -> object:
    try:
        return g.parse(text)
    except g.ParseError:  # not-a-report pages count as processed
        return None


def best(fn: Callable[[str], object], texts: Sequence[str], repeat: int) -> float:
    """CPU seconds of the fastest of ``repeat`` passes over ``texts`` (a shared machine slows the
    wall clock, hardly the CPU time of one thread)."""
    out = float("inf")
    for _ in range(repeat):
        gc.collect()
        t0 = time.process_time()
        for t in texts:
            fn(t)
        out = min(out, time.process_time() - t0)
    return out


def measure(name: str, texts: Sequence[str], repeat: int) -> dict[str, Any]:
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    t_ours = best(ours, texts, repeat)
    t_peer = best(peer_parse, texts, repeat)
    t_pour = best(grid_pour, texts, repeat)
    t_split = best(split_and_int, texts, repeat)
    return {
        "set": name,
        "reports": len(texts),
        "mb": round(mb, 3),
        "ours_mb_s": mb / t_ours,
        "peer_mb_s": mb / t_peer,
        "pour_mb_s": mb / t_pour,
        "split_mb_s": mb / t_split,
        "ours_over_peer_time": t_ours / t_peer,
        "ours_over_pour_time": t_ours / t_pour,
        "ours_over_split_time": t_ours / t_split,
    }


def grown(text: str, factor: int) -> str:
    """``text`` with its overview paragraph repeated so the report has about ``factor`` × its lines."""
    lines = text.split("\n")
    at = next(i for i, ln in enumerate(lines) if ln.startswith("一、")) + 1
    extra = len(lines) * (factor - 1)
    return "\n".join(lines[: at + 1] + [lines[at]] * extra + lines[at + 1 :])


def linearity(repeat: int) -> list[dict[str, Any]]:
    base = next(x.text for x in generate.generate(2, seed=3) if x.template == "2021")
    rows = []
    for factor in (1, 10, 100):
        text = grown(base, factor)
        kb = len(text.encode("utf-8")) / 1024
        n = max(1, 100 // factor)
        t = best(ours, [text] * n, repeat) / n
        rows.append(
            {
                "size": f"{factor}×",
                "lines": text.count("\n") + 1,
                "kb": round(kb, 1),
                "ms": 1000 * t,
                "ms_per_kb": 1000 * t / kb,
            }
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--generated", type=int, default=2000, help="generated full reports (default 2000)")
    ap.add_argument("--repeat", type=int, default=5, help="passes per measurement; the best counts")
    ap.add_argument("--json", action="store_true", help="results as JSON lines")
    args = ap.parse_args(argv)
    g.parse(generate.SEED_2019.read_text(encoding="utf-8"))  # parsers and OpenCC built outside the timing
    sets: list[tuple[str, list[str]]] = []
    if CORPUS.is_dir():
        sets.append(("corpus", corpus_texts()))
    sets.append(("generated", [x.text for x in generate.generate(args.generated, seed=1)]))
    results = [measure(name, texts, args.repeat) for name, texts in sets]
    sizes = linearity(args.repeat)
    if args.json:
        for r in results + sizes:
            print(json.dumps(r))
        return 0
    print(f"python {sys.version.split()[0]}, govinfo-report {g.__version__}, best of {args.repeat} (CPU time)")
    print(
        "| set | reports | MB | ours MB/s | peer-style MB/s | bare grid pour MB/s | split-and-int MB/s "
        "| ours ÷ peer-style (MB/s) | ours ÷ bare grid pour (time) | ours ÷ split-and-int (time) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r['set']} | {r['reports']} | {r['mb']:.2f} | {r['ours_mb_s']:.2f} | {r['peer_mb_s']:.2f} | "
            f"{r['pour_mb_s']:.1f} | {r['split_mb_s']:.1f} | {r['ours_mb_s'] / r['peer_mb_s']:.2f}× | "
            f"{r['ours_over_pour_time']:.0f}× | {r['ours_over_split_time']:.0f}× |"
        )
    print()
    print("| report size | lines | KB | parse ms | ms per KB |")
    print("|---|---:|---:|---:|---:|")
    for r in sizes:
        print(f"| {r['size']} | {r['lines']} | {r['kb']} | {r['ms']:.1f} | {r['ms_per_kb']:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
