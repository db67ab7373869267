"""Generate annual reports with random table numbers, for batch benchmarks and tests.

Two full templates ship with the repository, so generation needs no corpus:

* ``2019`` — the Xinjiang 2019 seed (tests/fixtures), cell-per-line pipe tables; every
  number cell of tables 二 and 四 is replaced by a random number (the procurement amount
  keeps its 万 unit, sometimes with decimals).
* ``2021`` — a revised-format report in the pipe-row layout, its three tables written
  from the label table (govinfo_report.labels), every cell random.

With ``--corpus`` the pipe-row pages of ../shared/corpus/pages join as extra templates
(numbers in their pipe cells randomised; no expected values). Each generated report of
the two full templates knows the flat row it must parse to (:attr:`Generated.expected`),
so tests can check values, not just row counts.

    python benchmarks/generate.py OUT_DIR -n 10000 [--seed 1] [--corpus] [--bad 5]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from govinfo_report import labels

ROOT = Path(__file__).resolve().parent.parent
SEED_2019 = ROOT / "tests" / "fixtures" / "seed-xinjiang-2019.txt"
CORPUS_PAGES = ROOT.parent / "shared" / "corpus" / "pages"

_CELL_LINE = re.compile(r"^(?P<num>\d+)(?P<unit>万)? \|$")
_PIPE_NUMBER = re.compile(r"(?<=\| )\d+(?= \|)")
_AGENCIES = ("市审计局", "县财政局", "区人民政府办公室", "市生态环境局", "县交通运输局", "镇人民政府", "市统计局")
_PLACES = ("临江", "东山", "青川", "白河", "南屏", "长宁", "北塘", "西岭")


class Generated(NamedTuple):
    """One generated report: its text and, for the full templates, the flat values it holds."""

    text: str
    template: str
    expected: dict[str, Any]


def _active_columns(fmt: str) -> list[str]:
    """Flat names of table 二 cells of a format, in printed order."""
    out = []
    for row in labels.ACTIVE_ROWS:
        shape = labels.ACTIVE_SHAPES.get((row.key, fmt))
        if shape:
            out.extend(f"active_disclosure.{row.key}.{c}" for c in shape[1])
    return out


def _review_columns() -> list[str]:
    return [f"review_litigation.{g}.{o}" for g in labels.REVIEW_GROUP_KEYS for o in labels.REVIEW_OUTCOME_KEYS]


def _count(rng: random.Random) -> int:
    return rng.choice((0, 0, 0, rng.randint(1, 9), rng.randint(10, 99), rng.randint(100, 2000)))


def _amount(rng: random.Random) -> Decimal:
    if rng.random() < 0.5:
        return Decimal(rng.randint(0, 5000))
    return Decimal(rng.randint(0, 500000)) / 100


class Seed2019:
    """The Xinjiang 2019 seed with its number cells replaced (tables 二 and 四)."""

    name = "2019"

    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")
        self.slots = [i for i, line in enumerate(self.lines) if _CELL_LINE.match(line)]
        self.columns = _active_columns("2019") + _review_columns()
        if len(self.slots) != len(self.columns):  # the fixture changed: fail loudly, not with wrong gold
            raise RuntimeError(f"{SEED_2019.name}: {len(self.slots)} number cells, expected {len(self.columns)}")

    def make(self, rng: random.Random) -> Generated:
        lines = list(self.lines)
        expected: dict[str, Any] = {}
        for i, col in zip(self.slots, self.columns, strict=True):
            if col.endswith(".amount"):
                value = _amount(rng)
                lines[i] = f"{value}万 |"
                expected[col] = str(value)
                expected[col + "_unit"] = "万"
            else:
                n = rng.randint(-20, 20) if col.endswith(".change") and rng.random() < 0.5 else _count(rng)
                lines[i] = f"{n} |"
                expected[col] = n
        expected.update({"format": "2019", "year": 2019})
        return Generated("\n".join(lines), self.name, expected)


class Revised2021:
    """A complete 2021-format report in the pipe-row layout, tables written from the label table."""

    name = "2021"

    def make(self, rng: random.Random) -> Generated:
        year = rng.randint(2021, 2024)
        agency = rng.choice(_PLACES) + rng.choice(_AGENCIES)
        sec = labels.SECTION_BY_NUMBER
        expected: dict[str, Any] = {"format": "2021", "year": year, "agency": agency}
        out = [
            f"{agency}{year}年政府信息公开工作年度报告",
            f"根据《中华人民共和国政府信息公开条例》,现公布{agency}{year}年政府信息公开工作年度报告。"
            f"报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。",
            f"一、{sec[1].label}",
            f"{year}年,{agency}认真贯彻落实《条例》,全年主动公开政府信息{rng.randint(10, 900)}条。",
            f"二、{sec[2].label}",
        ]
        col_label = {k: lab for (k, fmt), lab in labels.ACTIVE_COLUMN_LABELS.items() if fmt == "2021"}
        blocks = {b.key: b.label for b in labels.BLOCKS}
        current_block = None
        for row in labels.ACTIVE_ROWS:
            shape = labels.ACTIVE_SHAPES.get((row.key, "2021"))
            if not shape:
                continue
            block = labels.ACTIVE_ROW_BLOCK[row.key]
            cols = shape[1]
            if block != current_block:
                current_block = block
                out.append(f"{blocks[block]} | |||")
                out.append("信息内容 | " + " | ".join(col_label[c] for c in cols) + " |")
            cells = []
            for c in cols:
                if c == "amount":
                    v = _amount(rng)
                    cells.append(str(v))
                    expected[f"active_disclosure.{row.key}.{c}"] = str(v)
                else:
                    n = _count(rng)
                    cells.append(str(n))
                    expected[f"active_disclosure.{row.key}.{c}"] = n
            out.append(f"{row.label} | " + " | ".join(cells) + " |")
        out.append(f"三、{sec[3].label}")
        out.append(f"{labels.RULE_NOTE} | 申请人情况 | ||||||||")
        out.append(
            f"{labels.APPLICANT_LABELS['natural_person']} | 法人或其他组织 | "
            f"{labels.APPLICANT_LABELS['total']} | |||||||"
        )
        out.append(" | ".join(c.label for c in labels.APPLICANT_COLUMNS[1:6]) + " | |||||")
        groups = labels.APPLICATION_GROUP_LABELS
        printed_group = None
        for r in labels.APPLICATION_ROWS:
            if "2021" not in r.formats:
                continue
            label = r.label
            if r.group and r.group != printed_group:  # a group label shares the line of its first row
                printed_group = r.group
                label = f"{groups[r.group]} | {label}"
            values = [_count(rng) for _ in range(6)]
            values.append(sum(values))
            for c, v in zip(labels.APPLICANT_KEYS, values, strict=True):
                expected[f"applications.{r.key}.{c}"] = v
            out.append(f"{label} | " + " | ".join(map(str, values)) + " |")
        out.append(f"四、{sec[4].label}")
        g = labels.REVIEW_GROUP_LABELS
        o = [lab.label for lab in labels.REVIEW_OUTCOMES]
        out.append(f"{g['review']} | 行政诉讼 | |||||||||||||")
        out.append(" | ".join(o) + f" | {g['direct_suit']} | {g['post_review_suit']} | ||||||||")
        out.append(" | ".join(o + o) + " | |||||")
        nums = []
        for grp in labels.REVIEW_GROUP_KEYS:
            parts = [_count(rng) for _ in range(4)]
            parts.append(sum(parts))
            for k, v in zip(labels.REVIEW_OUTCOME_KEYS, parts, strict=True):
                expected[f"review_litigation.{grp}.{k}"] = v
            nums.extend(parts)
        out.append(" | ".join(map(str, nums)) + " |")
        out.append(f"五、{sec[5].label}")
        out.append("公开内容还不够全面,下一步将进一步加强培训。")
        out.append(f"六、{sec[6].label}")
        out.append("无。")
        out.append(agency)
        out.append(f"{year + 1}年1月{rng.randint(10, 28)}日")
        return Generated("\n".join(out) + "\n", self.name, expected)


class PipePage:
    """A pipe-row corpus page (header removed) with the numbers of its pipe cells randomised."""

    def __init__(self, path: Path) -> None:
        text = path.read_text(encoding="utf-8")
        lines = text.split("\n")
        if lines and lines[0].startswith("url:") and "---" in lines[:12]:
            text = "\n".join(lines[lines.index("---") + 1 :])
        self.text = text
        self.name = path.stem

    def make(self, rng: random.Random) -> Generated:
        text = _PIPE_NUMBER.sub(lambda _m: str(_count(rng)), self.text)
        return Generated(text, self.name, {})


def templates(corpus: bool = False) -> list[Any]:
    """The templates to draw from: the two full ones, plus pipe-row corpus pages if asked and present."""
    out: list[Any] = [Seed2019(SEED_2019.read_text(encoding="utf-8")), Revised2021()]
    if corpus and CORPUS_PAGES.is_dir():
        for p in sorted(CORPUS_PAGES.glob("m*.txt")):
            if "layout: pipe-rows" in p.read_text(encoding="utf-8")[:300]:
                out.append(PipePage(p))
    return out


def generate(n: int, *, seed: int = 0, corpus: bool = False) -> Iterator[Generated]:
    """``n`` reports, reproducible from ``seed``; templates are drawn in turn."""
    rng = random.Random(seed)
    pool = templates(corpus)
    full, pages = pool[:2], pool[2:]
    for i in range(n):  # half full reports (2019, 2021 in turn), half corpus pages when asked for
        if pages and i % 2:
            yield pages[(i // 2) % len(pages)].make(rng)
        else:
            yield full[(i // (2 if pages else 1)) % 2].make(rng)


#: Files that are not reports: each must end up in the errors file of a batch run.
BAD_FILES: dict[str, bytes] = {
    "empty.txt": b"",
    "binary.txt": bytes(range(256)) * 8,
    "unrelated.txt": "今日天气晴,最高气温25度。\n欢迎访问本站。\n".encode(),
    "blank.txt": b"\n\n   \n",
    "png-as-text.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64,
}


def write_corpus(
    out: Path, n: int, *, seed: int = 0, corpus: bool = False, bad: int = 0, per_dir: int = 1000
) -> dict[str, dict[str, Any]]:
    """Write ``n`` generated reports (``out/NNN/NNNNNN.txt``) and ``bad`` bad files (``out/bad/``).

    Every 7th report is written in GB18030, as many sites publish; returns {path: expected flat values}.
    """
    expected: dict[str, dict[str, Any]] = {}
    for i, g in enumerate(generate(n, seed=seed, corpus=corpus)):
        folder = out / f"{i // per_dir:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{i:06d}.txt"
        path.write_bytes(g.text.encode("gb18030" if i % 7 == 3 else "utf-8"))
        expected[str(path)] = g.expected
    if bad:
        (out / "bad").mkdir(parents=True, exist_ok=True)
        names = list(BAD_FILES)
        for j in range(bad):
            name = names[j % len(names)]
            (out / "bad" / f"{j:03d}-{name}").write_bytes(BAD_FILES[name])
    return expected


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path, help="folder to write into")
    ap.add_argument("-n", type=int, default=1000, help="number of reports")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--corpus", action="store_true", help="also use the pipe-row pages of ../shared/corpus")
    ap.add_argument("--bad", type=int, default=0, help="also write this many files that are not reports")
    args = ap.parse_args(argv)
    write_corpus(args.out, args.n, seed=args.seed, corpus=args.corpus, bad=args.bad)
    print(f"wrote {args.n} reports and {args.bad} bad files under {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
