"""Batch throughput: reports/s and MB/s on one core and with -j 2, peak memory per worker,
and the scaling from 1k to 100k reports, each against a regex tokenising baseline in the same run.

Every measurement runs in a fresh Python process (so peak memory is that run's own) and goes
through ``govinfo_report.batch.run``, exactly what ``govinfo-report batch`` does: expand the
paths, parse in worker processes, write the output (CSV by default) and the errors file.
The baseline does the same work minus the parsing and writing: the same files, the same
chunks and worker pool, each file read, decoded and tokenised with ``re.findall`` of
numbers and CJK runs. The ratio is parse time over baseline time.

Reports are generated once per size into ``--data`` (default /tmp/govinfo-bench) by
benchmarks/generate.py: half full reports (2019 seed and 2021 layout, random numbers),
half pipe-row corpus pages when ../shared/corpus is present.

    python benchmarks/batch_bench.py --sizes 1000,10000,100000 --jobs 1,2
    python benchmarks/batch_bench.py --pdfs 60 --jobs 1,2     # the real PDFs, repeated
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate

from govinfo_report import batch
from govinfo_report.adapters import decode

TOKENS = re.compile(r"\d+(?:\.\d+)?|[\u3400-\u9fff]+")


# ------------------------------------------------------------------ children (one per measurement)
def tokenise_chunk(files: Sequence[tuple[str, str]]) -> tuple[int, int, int, int, int, float]:
    """The baseline's unit of work: (files, bytes, tokens, peak RSS KiB, pid, CPU seconds so far)."""
    nbytes = tokens = 0
    for _display, real in files:
        data = Path(real).read_bytes()
        nbytes += len(data)
        tokens += len(TOKENS.findall(decode(data)))
    return len(files), nbytes, tokens, batch.peak_rss_kb(), os.getpid(), time.process_time()


def child_regex(folder: str, jobs: int) -> dict[str, Any]:
    files = batch.expand_paths([folder])
    pairs = [(f, os.path.abspath(f)) for f in files]
    chunks = batch._chunks(pairs, batch.chunk_size(len(pairs), jobs))
    t0 = time.perf_counter()
    if jobs == 1:
        results = [tokenise_chunk(c) for c in chunks]
    else:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=batch._mp_context()) as pool:
            results = list(pool.map(tokenise_chunk, chunks))
    seconds = time.perf_counter() - t0
    cpu: dict[int, float] = {}
    for r in results:
        cpu[r[4]] = max(cpu.get(r[4], 0.0), r[5])
    return {
        "files": sum(r[0] for r in results),
        "bytes": sum(r[1] for r in results),
        "seconds": seconds,
        "worker_peak_kb": max(r[3] for r in results) if jobs > 1 else batch.peak_rss_kb(),
        "cpu": time.process_time() + (sum(cpu.values()) if jobs > 1 else 0.0),
    }


def child_batch(folder: str, out: str, jobs: int) -> dict[str, Any]:
    stats = batch.run([folder], out, jobs=jobs, force=True, progress=False)
    worker = max(stats.worker_peak_rss_kb.values()) if stats.worker_peak_rss_kb and jobs > 1 else batch.peak_rss_kb()
    return {
        "files": stats.files,
        "parsed": stats.parsed,
        "failed": stats.failed,
        "rows": stats.rows,
        "error_rows": stats.error_rows,
        "bytes": stats.bytes,
        "seconds": stats.seconds,
        "worker_peak_kb": worker,
        "main_peak_kb": batch.peak_rss_kb(),
        "workers": len(stats.worker_peak_rss_kb),
        "cpu": time.process_time() + (sum(stats.worker_cpu_seconds.values()) if jobs > 1 else 0.0),
    }


# ------------------------------------------------------------------ parent
def ensure_data(root: Path, n: int) -> Path:
    """A folder of ``n`` generated reports (made once, reused by later runs)."""
    folder = root / f"n{n}"
    marker = folder / ".complete"
    if not marker.exists():
        t0 = time.perf_counter()
        generate.write_corpus(folder, n, seed=n, corpus=True)
        marker.write_text(str(n))
        print(f"  generated {n} reports in {time.perf_counter() - t0:.0f}s", file=sys.stderr)
    return folder


def ensure_pdfs(root: Path, n: int) -> Path | None:
    """A folder of ``n`` copies of the corpus's real PDFs, in turn (None without the corpus)."""
    sources = sorted((generate.ROOT.parent / "shared" / "corpus" / "pdf").glob("*.pdf"))
    if not sources:
        return None
    folder = root / f"pdf{n}"
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        target = folder / f"{i:05d}-{sources[i % len(sources)].name}"
        if not target.exists():
            shutil.copyfile(sources[i % len(sources)], target)
    return folder


def _child(*args: str) -> dict[str, Any]:
    """Run one measurement in a fresh interpreter (its own peak memory); add its wall time.

    CPU time (main process + every worker, as the workers report it) is measured inside:
    on a shared machine the wall clock varies with the neighbours, CPU time much less.
    """
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=True)
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["wall"] = time.perf_counter() - t0
    return result


def measure(folder: Path, jobs: int, fmt: str) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        parsed = _child("--child-batch", str(folder), str(Path(tmp) / f"out.{fmt}"), str(jobs))
    regex = _child("--child-regex", str(folder), str(jobs))
    mb = parsed["bytes"] / 1e6
    return {
        "reports": parsed["files"],
        "jobs": jobs,
        "format": fmt,
        "mb": mb,
        "accounted": parsed["rows"] + parsed["error_rows"] == parsed["files"],
        "parse_reports_s": parsed["files"] / parsed["seconds"],
        "parse_mb_s": mb / parsed["seconds"],
        "regex_reports_s": regex["files"] / regex["seconds"],
        "regex_mb_s": regex["bytes"] / 1e6 / regex["seconds"],
        "ratio": parsed["seconds"] / regex["seconds"],
        "worker_peak_mb": parsed["worker_peak_kb"] / 1024,
        "main_peak_mb": parsed["main_peak_kb"] / 1024,
        "regex_worker_peak_mb": regex["worker_peak_kb"] / 1024,
        "wall": parsed["wall"],
        "failed": parsed["failed"],
        "cpu_ms": 1000 * parsed["cpu"] / parsed["files"],
        "regex_cpu_ms": 1000 * regex["cpu"] / regex["files"],
        "load": os.getloadavg()[0],
    }


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "--child-regex":
        print(json.dumps(child_regex(argv[1], int(argv[2]))))
        return 0
    if argv and argv[0] == "--child-batch":
        print(json.dumps(child_batch(argv[1], argv[2], int(argv[3]))))
        return 0
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000", help="comma-separated report counts (e.g. 1000,10000,100000)")
    ap.add_argument("--jobs", default="1,2", help="comma-separated worker counts")
    ap.add_argument("--format", default="csv", choices=("csv", "jsonl", "parquet", "xlsx"), help="output format")
    ap.add_argument(
        "--data",
        type=Path,
        default=Path(tempfile.gettempdir()) / "govinfo-bench",
        help="where generated reports are kept between runs",
    )
    ap.add_argument("--pdfs", type=int, default=0, help="instead: this many copies of the corpus's real PDFs")
    ap.add_argument("--json", action="store_true", help="results as JSON lines")
    args = ap.parse_args(argv)
    results = []
    for n in [args.pdfs] if args.pdfs else (int(s) for s in args.sizes.split(",")):
        pdfs = ensure_pdfs(args.data, n) if args.pdfs else None
        if args.pdfs and pdfs is None:
            print("no corpus PDFs", file=sys.stderr)
            return 1
        folder = pdfs or ensure_data(args.data, n)
        for jobs in (int(j) for j in args.jobs.split(",")):
            r = measure(folder, jobs, args.format)
            results.append(r)
            print(f"  {n} reports, -j {jobs}: {r['parse_reports_s']:,.0f} reports/s", file=sys.stderr)
    if args.json:
        for r in results:
            print(json.dumps(r))
        return 0
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, output .{args.format}")
    print(
        "| reports | -j | MB | batch reports/s | batch MB/s | regex reports/s | regex MB/s | batch ÷ regex time "
        "| CPU ms/report (batch / regex) | peak RSS per worker | peak RSS main | load | all accounted for |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for r in results:
        print(
            f"| {r['reports']:,} | {r['jobs']} | {r['mb']:.1f} | {r['parse_reports_s']:,.0f} | {r['parse_mb_s']:.2f} | "
            f"{r['regex_reports_s']:,.0f} | {r['regex_mb_s']:.1f} | {r['ratio']:.0f}× | "
            f"{r['cpu_ms']:.2f} / {r['regex_cpu_ms']:.3f} | {r['worker_peak_mb']:.0f} MB | "
            f"{r['main_peak_mb']:.0f} MB | {r['load']:.1f} | {'yes' if r['accounted'] else 'NO'} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
