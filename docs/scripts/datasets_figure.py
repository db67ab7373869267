"""Make the figure and the region table of docs/datasets.md from a folder of reports.

    python docs/scripts/datasets_figure.py ../shared/corpus

Writes docs/img/new-applications-by-year.png and prints the per-region table as Markdown. Needs the
[pandas,regions] extras and matplotlib; a CJK font (WenQuanYi Micro Hei, Noto Sans CJK) for the labels.
"""

from __future__ import annotations

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib import font_manager

import govinfo_report as g

INDICATOR = "applications.new_received.total"  # 本年新收政府信息公开申请数量 · 总计
OUT = Path(__file__).resolve().parents[1] / "img" / "new-applications-by-year.png"


def main(folder: str) -> None:
    cells = g.read_reports(folder, shape="long")
    one = cells[(cells["cell"] == INDICATOR) & cells["value"].notna() & cells["year"].notna()]
    one = one.assign(value=one["value"].astype(int))

    # per-region table: reports and new applications by province and city
    region = (
        one.groupby(["province", "city"], dropna=False)
        .agg(reports=("path", "nunique"), agencies=("agency_key", "nunique"), new_applications=("value", "sum"))
        .reset_index()
        .fillna({"province": "(none)", "city": "(none)"})
    )
    print("| " + " | ".join(region.columns) + " |\n|" + "---|" * len(region.columns))
    for row in region.itertuples(index=False):
        print("| " + " | ".join(str(v) for v in row) + " |")

    # one indicator across years, one line per agency key (agencies with a division code only)
    located = one[one["division_code"].notna()]
    for font in ("WenQuanYi Micro Hei", "Noto Sans CJK SC", "Noto Sans CJK JP"):
        if any(f.name == font for f in font_manager.fontManager.ttflist):
            plt.rcParams["font.family"] = font
            break
    fig, ax = plt.subplots(figsize=(7, 4), dpi=110)
    for key, rows in located.groupby("agency_key"):
        rows = rows.sort_values("year")
        name = rows["agency"].iloc[-1]
        ax.plot(rows["year"], rows["value"], marker="o", label=f"{name} ({key})")
    ax.set_xlabel("年度 year")
    ax.set_yscale("symlog", linthresh=10)  # a city and a county on one axis
    ax.set_ylabel("本年新收申请 (件, log)")
    ax.set_title("本年新收政府信息公开申请数量 · 总计, by agency key")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(fontsize=7)
    fig.tight_layout()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(OUT)
    print(f"wrote {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/corpus")
