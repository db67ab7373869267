"""The ``govinfo-report`` command (also ``python -m govinfo_report``): demo, parse, render, check and batch.

Errors are one line on stderr (``FILE:LINE:COL: message``) and a non-zero exit
status, never a traceback. The library logs through :mod:`logging`; the command
shows its warnings on stderr.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence

from ._version import __version__
from .batch import DEFAULT_TIMEOUT
from .errors import GovinfoError

__all__ = ["build_parser", "main"]

EPILOG = """examples:
  govinfo-report demo                             JSON of the example report shipped with the package
  govinfo-report parse report.txt                 JSON of one report (see docs/spec.md) on stdout
  govinfo-report parse page.html -o report.json   a saved page (needs the [html] extra)
  govinfo-report render report.txt                canonical text of the report
  govinfo-report check a.txt b.pdf                findings, exit 1 if any error
  govinfo-report check --series reports/          also check 结转 across years, per agency
  govinfo-report batch reports/ -o out.csv -j 4   a whole corpus to CSV/JSONL/Parquet/XLSX, findings beside
  govinfo-report batch reports/ -o cells.parquet --shape long   one row per table cell
  govinfo-report compare 2023.pdf 2024.pdf        what changed from one year to the next
  govinfo-report check --html out.html a.pdf      also the tables as the official form, wrong cells marked
  govinfo-report serve --port 8000                a local page to upload and check reports ([web] extra)

exit status (check and batch alike): 0 ok; 1 findings of severity error; 2 bad usage, a file that
could not be read: not a report, or one over a size limit (GOVINFO_MAX_INPUT_BYTES,
GOVINFO_MAX_INFLATED_BYTES, GOVINFO_MAX_PAGES raise them); 3 the output cannot be written
(read-only, a file where a folder should be, disk full); 4 the Dask scheduler cannot be reached;
130 interrupted."""


BATCH_EPILOG = """files beside the output: OUT.errors.csv (the files that failed, with the reason),
OUT.journal (the lock that keeps a second batch off OUT, and the resolved path of each row, for resume)
and the findings table, one row per finding of validation (out.csv -> out.findings.csv, likewise for
.jsonl and .parquet; a sheet "findings" in .xlsx). Each row of OUT also counts its report's errors and
warnings and lists its codes.

exit status, as for check: 0 every file read and no finding is an error; 1 every file read, and some
report has a finding of severity error (see the findings table); 2 some files could not be read (see
the errors file), or bad usage, or OUT is of another schema, or another batch is writing it;
3 OUT (or a file beside it) cannot be written: read-only, a file where a folder should be, disk full;
4 the Dask scheduler cannot be reached; 130 interrupted. After exit 3, 130 or a kill, the same
command resumes."""


DEMO_DESCRIPTION = """Parse the example report shipped inside the package and print its JSON.

The example is the 2019 annual report of 新疆维吾尔自治区应急管理厅, in the 2019 trial format: tables
二 and 四 filled in, and section 三 stating 无 (no requests), which is recorded as a statement, not as
zeros. It shows what `govinfo-report parse FILE` prints for a report of your own; the text itself is
at the path `python -c "import govinfo_report as g; print(g.example_path())"` prints.
Fields and JSON shape: docs/spec.md."""


def _write_json(text: str, output: str | None) -> None:
    if output:
        with open(output, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
    else:
        sys.stdout.write(text + "\n")


class _PageProgress:
    """OCR's pages on one stderr line (``OCR: page 3/12``), only when stderr is a terminal, as the batch bar."""

    def __init__(self) -> None:
        self.enabled = sys.stderr.isatty()

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total < 2:
            return
        sys.stderr.write(f"\rOCR: page {done}/{total}" + ("\n" if done == total else ""))
        sys.stderr.flush()


def _parse_cmd(args: argparse.Namespace) -> int:
    from .api import parse_file

    report = parse_file(args.file, progress=_PageProgress())
    _write_json(report.to_json(indent=None if args.compact else 2), args.output)
    return 0


def _demo_cmd(args: argparse.Namespace) -> int:
    from .api import example_path, parse_file

    report = parse_file(example_path())
    _write_json(report.to_json(indent=None if args.compact else 2), args.output)
    return 0


def _render_cmd(args: argparse.Namespace) -> int:
    from .api import parse_file, render

    sys.stdout.write(render(parse_file(args.file, progress=_PageProgress())))
    return 0


def _check_cmd(args: argparse.Namespace) -> int:
    from .validate import run_check

    if getattr(args, "html", None):
        from .html_report import write_html
        from .validate import expand_paths

        try:
            write_html(expand_paths(args.paths), args.html)
        except OSError as e:
            print(f"govinfo-report: cannot write {args.html}: {e.strerror or e}", file=sys.stderr)
            return 3
    return run_check(args)


def _serve_cmd(args: argparse.Namespace) -> int:
    from .web import serve

    serve(args.host, args.port, max_bytes=int(args.max_upload_mb * 1024 * 1024), timeout=args.timeout)
    return 0


def _add_serve(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from .web import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT

    p = sub.add_parser(
        "serve",
        help="a local web page to check a report before publishing (needs the [web] extra)",
        description="Upload a report or paste its text and see it as the official form with its wrong cells "
        "marked; upload last year's too for the year-over-year view; download JSON/CSV/XLSX. "
        "Binds 127.0.0.1 unless --host says otherwise; nothing is sent anywhere.",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument(
        "--max-upload-mb",
        type=float,
        default=DEFAULT_MAX_BYTES / 1024 / 1024,
        metavar="MB",
        help=f"largest upload (default {DEFAULT_MAX_BYTES // 1024 // 1024})",
    )
    p.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"seconds one report may take to read (default {DEFAULT_TIMEOUT:g})",
    )
    p.set_defaults(func=_serve_cmd)


def _batch_cmd(args: argparse.Namespace) -> int:
    """Exit as ``check`` does: 0 every file read and no finding is an error, 1 every file read and some
    report has a finding of severity error, 2 some file could not be read (the summary line says how many);
    a failure to write the output or to reach Dask raises, and :func:`main` gives its status."""
    from .batch import run, summary

    stats = run(
        args.paths,
        args.output,
        jobs=args.jobs,
        force=args.force,
        errors=args.errors,
        engine=args.engine,
        scheduler=args.scheduler,
        progress=False if args.no_progress else None,
        timeout=args.timeout,
        shape=args.shape,
        names=args.names,
        header_labels=args.labels,
    )
    print(summary(stats), file=sys.stderr)
    return 2 if stats.failed else 1 if stats.reports_with_errors else 0


def _compare_cmd(args: argparse.Namespace) -> int:
    from .api import parse_file
    from .compare import compare, compare_series

    if args.series:
        from .batch import expand_paths

        files = expand_paths([p for p in (args.a, args.b) if p])
        series = compare_series([parse_file(f) for f in files])
        if args.json:
            sys.stdout.write(json.dumps([s.to_dict() for s in series], ensure_ascii=False, indent=2) + "\n")
        else:
            sys.stdout.write("\n".join(s.to_text() for s in series))
        return 0
    if not args.b:
        raise GovinfoError("compare needs two reports, A and B (or --series FOLDER)")
    result = compare(parse_file(args.a), parse_file(args.b))
    if args.html:
        with open(args.html, "w", encoding="utf-8") as fh:
            fh.write(result.to_html())
    if args.docx:
        result.to_docx(args.docx)
    sys.stdout.write(result.to_json() + "\n" if args.json else result.to_text())
    return 0


def _add_compare(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "compare",
        help="two reports side by side: changed cells, prose figures, sections, 结转 carry-over",
        description="Compare report A (the earlier year) with report B: cells whose values changed with "
        "both values and the change, prose figures changed, sections added or removed, and whether A's "
        "结转下年度继续办理 equals B's 上年结转.",
    )
    p.add_argument("a", metavar="A", help="the earlier report (any input parse takes)")
    p.add_argument("b", metavar="B", nargs="?", help="the later report")
    p.add_argument(
        "--series",
        action="store_true",
        help="A (and B) are folders: one table per agency (by agency key) across all its years",
    )
    p.add_argument("--json", action="store_true", help="the comparison as JSON")
    p.add_argument("--html", metavar="FILE", help="also write an HTML page of the comparison")
    p.add_argument("--docx", metavar="FILE", help="also write a Word document (needs the [docx] extra)")
    p.set_defaults(func=_compare_cmd)


CHECK_EPILOG = """exit status: 0 no finding is an error; 1 some finding is an error; 2 a file could not be read
(not a report, missing, over a size limit). --severity, --select and --ignore choose what is printed,
not the status: the counts on the summary line and the status cover every finding."""


def _add_check(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "check",
        help="validate reports: 勾稽关系, sums, structure, text against tables",
        description="Print the findings of each report; exit 1 when any is an error.",
        epilog=CHECK_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--severity",
        choices=("error", "warning", "info"),
        default="info",
        help="show findings at least this serious (default info: all)",
    )
    p.add_argument("--select", action="append", metavar="CODE", help="show only these codes (repeat, or CODE,CODE)")
    p.add_argument("--ignore", action="append", metavar="CODE", help="hide these codes (repeat, or CODE,CODE)")
    p.add_argument(
        "--lang",
        choices=("zh", "en"),
        default="zh",
        help="language of the text output: zh (错误/警告/提示, default) or en",
    )
    p.add_argument(
        "paths",
        nargs="+",
        metavar="FILE",
        help="report files or folders (.txt/.html/.pdf/.docx inside); a saved .json Report; - for stdin",
    )
    p.add_argument("--json", action="store_true", help="findings as JSON lines, for machines")
    p.add_argument(
        "--series", action="store_true", help="also check reports of one agency across years (结转 carried over, jumps)"
    )
    p.add_argument(
        "--html",
        metavar="OUT",
        default=None,
        help="also write a self-contained HTML page: the tables as the official form, wrong cells marked "
        "(an index page for several files; needs Jinja2, the [web] extra)",
    )
    p.set_defaults(func=_check_cmd)


def _add_batch(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "batch",
        help="parse a whole corpus into one output file",
        description="Parse files, folders and globs in parallel; the output format follows "
        "the extension of -o (.jsonl, .csv, .parquet, .xlsx). Failed files go to "
        "an errors file and never stop the run; re-running resumes.",
        epilog=BATCH_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, folders or globs")
    p.add_argument("-o", "--output", required=True, help="output file: .jsonl, .csv, .parquet or .xlsx")
    p.add_argument("-j", "--jobs", type=int, default=None, help="worker processes (default: all cores)")
    p.add_argument("--force", action="store_true", help="parse again files already in the output")
    p.add_argument("--errors", default=None, help="errors file (default: OUTPUT.errors.csv)")
    p.add_argument("--engine", choices=("local", "dask"), default="local", help="run locally or on Dask")
    p.add_argument("--scheduler", default=None, help="Dask scheduler address (with --engine dask)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar even on a terminal")
    p.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"seconds one file may take before it becomes an error row (default {DEFAULT_TIMEOUT:g}; 0 for none)",
    )
    p.add_argument(
        "--shape",
        choices=("wide", "long"),
        default="wide",
        help="one row per report (wide, default) or one row per table cell (long; docs/datasets.md)",
    )
    p.add_argument(
        "--names",
        choices=("default", "stata"),
        default="default",
        help="column names: the schema's, or names Stata and SAS accept (≤32 characters)",
    )
    p.add_argument(
        "--labels",
        choices=("keys", "zh"),
        default="keys",
        help="CSV header: column keys, or the Chinese labels (XLSX always shows both)",
    )
    p.set_defaults(func=_batch_cmd)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="govinfo-report",
        description="Read Chinese government information-disclosure annual reports (政府信息公开工作年度报告) "
        "into typed, validated data.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    p = sub.add_parser(
        "demo",
        help="the JSON of the example report shipped with the package",
        description=DEMO_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("-o", "--output", help="write the JSON here instead of stdout")
    p.add_argument("--compact", action="store_true", help="one line of JSON")
    p.set_defaults(func=_demo_cmd)
    p = sub.add_parser(
        "parse",
        help="one report to JSON (fields and shape: docs/spec.md)",
        description="Parse one report (text, or HTML/PDF/DOCX with the extras) and print its JSON.",
    )
    p.add_argument("file", help="report file; - for standard input")
    p.add_argument("-o", "--output", help="write the JSON here instead of stdout")
    p.add_argument("--compact", action="store_true", help="one line of JSON")
    p.set_defaults(func=_parse_cmd)
    p = sub.add_parser(
        "render",
        help="one report to its canonical text",
        description="Parse a report and print its canonical text (read back by the same grammars).",
    )
    p.add_argument("file", help="report file; - for standard input")
    p.set_defaults(func=_render_cmd)
    _add_check(sub)
    _add_batch(sub)
    _add_compare(sub)
    _add_serve(sub)
    return parser


class _StderrHandler(logging.Handler):
    """Writes to the ``sys.stderr`` of the moment (not the one at set-up), one line per record."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            sys.stderr.write(self.format(record) + "\n")
        except Exception:  # pragma: no cover - logging must never break the command
            self.handleError(record)


def _show_library_warnings() -> None:
    """The library logs (and is silent by default); the command shows its warnings on stderr."""
    logger = logging.getLogger("govinfo_report")
    if not any(isinstance(h, _StderrHandler) for h in logger.handlers):
        handler = _StderrHandler(logging.WARNING)
        handler.setFormatter(logging.Formatter("govinfo-report: %(message)s"))
        logger.addHandler(handler)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command with ``argv`` (default: ``sys.argv[1:]``) and return its exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    _show_library_warnings()
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args))
    except GovinfoError as e:
        print(f"govinfo-report: {' '.join(str(e).split())}", file=sys.stderr)
        return int(getattr(e, "exit_status", 2))
    except KeyboardInterrupt:  # pragma: no cover
        print("govinfo-report: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # pragma: no cover - `| head`
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
