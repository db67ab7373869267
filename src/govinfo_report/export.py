"""Many reports → one file: JSON Lines, CSV, Parquet, XLSX, and a pandas DataFrame.

Writers are incremental (a batch of 100,000 reports never sits in memory) and
resumable: opened on an existing file they report which paths it already holds
and add after them. Every format but JSONL uses the flat schema of
:mod:`govinfo_report.serialise` (``FILE_COLUMNS``: ``path``, then one column per
cell), documented and versioned in docs/flat-schema.md.

===========  ==================================================================
``.jsonl``   one report per line: ``{"path": …, **Report.to_dict()}`` (the JSON of docs/spec.md)
``.csv``     flat; UTF-8 with BOM so Excel shows Chinese; empty field = null
``.parquet`` flat, typed: int64 counts, decimal128(38, 10) amounts, date32, string
``.xlsx``    a sheet of report metadata and a sheet per table; header row 1 the
             Chinese labels (from :mod:`govinfo_report.labels`), row 2 the keys
===========  ==================================================================
"""

from __future__ import annotations

import abc
import csv
import datetime as dt
import errno
import io
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from . import __version__, labels
from .errors import GovinfoError, require
from .model import TABLE_CLASSES, Cell, Finding, Report, table_cells
from .serialise import (
    FILE_COLUMNS,
    FLAT_COLUMNS,
    FLAT_SCHEMA_VERSION,
    FLAT_TYPES,
    PATH_COLUMN,
    UNIT_SUFFIX,
    to_flat,
    validation_summary,
)
from .validate.dataset import FINDING_COLUMNS, FINDING_TYPES

__all__ = [
    "BOM",
    "DECIMAL_SCALE",
    "FINDINGS_SCHEMA_VERSION",
    "FINDINGS_SHEET",
    "FINDING_LABELS_ZH",
    "FORMATS",
    "LONG_COLUMNS",
    "LONG_TYPES",
    "META_VERSION_KEY",
    "ROW_GROUP",
    "SHAPES",
    "WRITERS",
    "XLSX_MAX_ROWS",
    "CsvWriter",
    "FindingsTable",
    "FindingsWriter",
    "JsonlWriter",
    "LongWriter",
    "ParquetWriter",
    "Payload",
    "Writer",
    "XlsxFindings",
    "XlsxWriter",
    "amount_findings",
    "amount_in_wan",
    "arrow_schema",
    "cell_labels",
    "column_label",
    "finding_label",
    "finding_tuple",
    "findings_path",
    "format_of",
    "long_rows",
    "make_payload",
    "open_findings",
    "open_writer",
    "pandas_csv_options",
    "payload_kind",
    "read_findings",
    "read_paths",
    "read_reports",
    "schema_table",
    "stata_name",
    "stata_names",
    "stata_table",
    "to_dataframe",
    "typed_row",
    "write",
    "xlsx_sheets",
    "zh_label",
]

#: Output formats by file extension.
FORMATS: dict[str, str] = {".jsonl": "jsonl", ".csv": "csv", ".parquet": "parquet", ".xlsx": "xlsx"}
#: Scale of Parquet amount columns: 10 decimal places, 28 integer digits.
DECIMAL_SCALE = 10
#: Rows per Parquet row group (bounded memory while writing).
ROW_GROUP = 5000
#: Data rows an XLSX sheet can hold (Excel's 1,048,576 less the two header rows).
XLSX_MAX_ROWS = 1_048_576 - 2
#: Key of the flat schema version in Parquet metadata.
META_VERSION_KEY = b"govinfo_report.flat_schema_version"
BOM = "\ufeff"

Payload = Any  # str (a JSON line) for jsonl, a tuple in FILE_COLUMNS order for the flat formats


def format_of(path: str | os.PathLike[str]) -> str:
    """The output format named by a file's extension (``out.csv`` → ``csv``)."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise GovinfoError(
            f"{path}: unknown output format {suffix or '(no extension)'!r}; use one of {', '.join(FORMATS)}"
        )
    return FORMATS[suffix]


def payload_kind(fmt: str, shape: str = "wide") -> str:
    """What a worker sends back for a format: ``json`` (a JSON line), ``flat`` (a tuple of values),
    or for the long shape ``long-json`` / ``long`` (one of those per cell)."""
    if shape not in SHAPES:
        raise GovinfoError(f"unknown shape {shape!r}: use {' or '.join(SHAPES)}")
    base = "json" if fmt == "jsonl" else "flat"
    return base if shape == "wide" else ("long-json" if base == "json" else "long")


def make_payload(path: str, report: Report, kind: str, findings: Sequence[Finding] | None = None) -> Payload:
    """The record a writer takes, built where the report was parsed (worker side, small to pickle).

    ``findings``: the report's findings, the parser's and the validator's, when already computed (they give
    the ``errors``, ``warnings`` and ``codes`` of the row; JSON lines carry ``codes`` as a list).
    """
    if kind == "json":
        summary = validation_summary(report, findings)
        summary["codes"] = summary["codes"].split(",") if summary["codes"] else []
        return json.dumps({PATH_COLUMN: path, **report.to_dict(), **summary}, ensure_ascii=False)
    if kind == "long":
        return tuple(long_rows(path, report))
    if kind == "long-json":
        return tuple(
            json.dumps(dict(zip(LONG_COLUMNS, _json_ready(r), strict=True)), ensure_ascii=False)
            for r in long_rows(path, report)
        )
    flat = to_flat(report, findings)
    return (path, *(flat[c] for c in FLAT_COLUMNS))


def _require(module: str, extra: str) -> Any:
    return require(module, extra)


# ------------------------------------------------------------------ typed values
#: The range of an int64 column (Parquet, pandas ``Int64``): a count outside it is a row the format cannot hold.
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


def _to_int(name: str, value: Any) -> int | None:
    if value is None:
        return None
    number: int
    if isinstance(value, int):
        number = value
    else:
        d = Decimal(str(value))
        if d != d.to_integral_value():
            raise ValueError(f"column {name} is a count, but the report prints {value}")
        number = int(d)
    if not INT64_MIN <= number <= INT64_MAX:
        # checked here, per row: pyarrow would raise OverflowError when the row group is written, losing the run
        raise ValueError(f"column {name}: {number} does not fit in a 64-bit integer")
    return number


def _to_str(name: str, value: Any) -> str | None:
    if value is None:
        return None
    text = str(value)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(f"column {name} holds text that is not valid Unicode") from None
    return text


def _to_decimal(name: str, value: Any) -> Decimal | None:
    if value is None:
        return None
    try:
        d = Decimal(str(value))
    except InvalidOperation:
        raise ValueError(f"column {name}: {value!r} is not a decimal") from None
    exp = d.as_tuple().exponent
    if isinstance(exp, int) and exp < -DECIMAL_SCALE:
        raise ValueError(f"column {name}: {value} has more than {DECIMAL_SCALE} decimal places")
    if abs(d) >= Decimal(10) ** (38 - DECIMAL_SCALE):
        raise ValueError(f"column {name}: {value} is too large for decimal(38, {DECIMAL_SCALE})")
    return d


def _to_date(name: str, value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def typed_row(
    values: Sequence[Any], columns: Sequence[str] = FILE_COLUMNS, types: Mapping[str, str] | None = None
) -> list[Any]:
    """A flat row with each value in its logical type (int, Decimal, date, str); ValueError if one does not fit."""
    kinds = FLAT_TYPES if types is None else types
    out: list[Any] = []
    for name, value in zip(columns, values, strict=True):
        kind = kinds[name]
        if kind == "int":
            out.append(_to_int(name, value))
        elif kind == "decimal":
            out.append(_to_decimal(name, value))
        elif kind == "date":
            out.append(_to_date(name, value))
        else:
            out.append(_to_str(name, value))
    return out


def arrow_schema(
    columns: Sequence[str] = FILE_COLUMNS,
    kinds: Mapping[str, str] | None = None,
    names: Sequence[str] | None = None,
    version: str | None = None,
) -> Any:
    """The pyarrow schema of the flat form (needs the [parquet] extra); ``names`` renames the fields,
    ``version`` is the schema version the file's metadata records (default: the flat or long schema's)."""
    pa = _require("pyarrow", "parquet")
    types = {"string": pa.string(), "int": pa.int64(), "decimal": pa.decimal128(38, DECIMAL_SCALE), "date": pa.date32()}
    of = FLAT_TYPES if kinds is None else kinds
    # the long shape's files say so in the version: "long-1"
    version = version or (FLAT_SCHEMA_VERSION if kinds is None else f"long-{LONG_SCHEMA_VERSION}")
    return pa.schema(
        [pa.field(n, types[of[c]]) for c, n in zip(columns, names or columns, strict=True)],
        metadata={META_VERSION_KEY: version.encode(), b"govinfo_report.version": __version__.encode()},
    )


# ------------------------------------------------------------------ writers
class Writer(abc.ABC):
    """An output file open for adding rows. ``done`` holds the paths it already had (resume)."""

    fmt = ""

    def __init__(self, path: Path, *, resume: bool) -> None:
        self.path = path
        self.done: set[str] = set()
        self.rows = 0  # rows in the file, old and new

    @abc.abstractmethod
    def add(self, payload: Payload) -> None:
        """Add one row; ValueError when the row cannot be stored (nothing is written then)."""

    @abc.abstractmethod
    def check(self, payload: Payload) -> None:
        """ValueError when :meth:`add` would refuse the row; nothing is added (the batch writes a row's
        findings only once the row itself is sure to be stored)."""

    def flush(self) -> None:  # noqa: B027 - a hook: formats written at close have nothing to flush
        """Make the rows added so far durable, where the format allows it."""

    @abc.abstractmethod
    def close(self) -> None:
        """Finish the file; after this it is complete and readable."""

    def __enter__(self) -> Writer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _trim_partial_line(path: Path) -> None:
    """Cut a last line left unfinished by a killed run, so appending starts on a fresh line."""
    size = path.stat().st_size
    if size == 0:
        return
    with open(path, "rb+") as fh:
        fh.seek(size - 1)
        if fh.read(1) == b"\n":
            return
        pos = size
        while pos > 0:
            step = min(65536, pos)
            fh.seek(pos - step)
            chunk = fh.read(step)
            nl = chunk.rfind(b"\n")
            if nl >= 0:
                fh.truncate(pos - step + nl + 1)
                return
            pos -= step
        fh.truncate(0)


class _AppendFile:
    """An output file written in whole chunks of rows, without a buffer of its own.

    A write that fails (a full disk) marks the file broken and nothing more is written to it:
    no retry at close writes the same rows twice. What the failed write left is at most one
    partial last line, which a resumed run cuts off.
    """

    def __init__(self, path: Path, mode: str) -> None:
        self._raw = open(path, mode + "b", buffering=0)
        self.broken = False

    def write(self, text: str | bytes) -> None:
        if self.broken:
            raise OSError(errno.EIO, "an earlier write to this file failed")
        data = memoryview(text.encode("utf-8") if isinstance(text, str) else text)
        try:
            while data:
                n = self._raw.write(data)
                data = data[n or 0 :]
        except OSError:
            self.broken = True
            raise

    def close(self) -> None:
        self._raw.close()


class JsonlWriter(Writer):
    """One report per line, appended; resume reads the ``path`` of every line."""

    fmt = "jsonl"

    def __init__(self, path: Path, *, resume: bool) -> None:
        super().__init__(path, resume=resume)
        if resume and path.exists():
            _trim_partial_line(path)
            with open(path, encoding="utf-8") as fh:
                for n, line in enumerate(fh, 1):
                    if not line.strip():
                        continue
                    try:
                        self.done.add(json.loads(line)[PATH_COLUMN])
                    except (ValueError, KeyError, TypeError):
                        raise GovinfoError(
                            f"{path}:{n}: not a line written by govinfo-report batch; use --force to overwrite it"
                        ) from None
                    self.rows += 1
        self._fh = _AppendFile(path, "a" if resume else "w")
        self._buf = bytearray()

    def check(self, payload: Payload) -> None:
        payload.encode("utf-8")

    def add(self, payload: Payload) -> None:
        self._buf += (payload + "\n").encode("utf-8")  # a row that is not valid Unicode fails here, alone
        self.rows += 1
        if len(self._buf) > 1 << 20:
            self._drain()

    def _drain(self) -> None:
        data = bytes(self._buf)
        self._buf.clear()
        self._fh.write(data)  # whole rows only: a killed run leaves at most one partial line

    def flush(self) -> None:
        self._drain()

    def close(self) -> None:
        try:
            if not self._fh.broken:
                self._drain()
        finally:
            self._fh.close()


def _csv_field(value: Any) -> str:
    return "" if value is None else str(value)


class CsvWriter(Writer):
    """Flat rows, UTF-8 with BOM, header = FILE_COLUMNS; resume checks the header is this schema."""

    fmt = "csv"

    def __init__(
        self, path: Path, *, resume: bool, columns: Sequence[str] = FILE_COLUMNS, header: Sequence[str] | None = None
    ) -> None:
        super().__init__(path, resume=resume)
        self.columns = tuple(columns)
        self.header = tuple(header or columns)
        fresh = not (resume and path.exists() and path.stat().st_size > 0)
        if not fresh:
            _trim_partial_line(path)
            with open(path, encoding="utf-8-sig", newline="") as fh:
                reader = csv.reader(fh)
                header = next(reader, None)
                if header is not None and tuple(header) != self.header:
                    raise GovinfoError(
                        f"{path}: its columns are not flat schema {FLAT_SCHEMA_VERSION}; "
                        "use --force to overwrite it, or write to a new file"
                    )
                for row in reader:
                    if row:
                        self.done.add(row[0])
                        self.rows += 1
            fresh = header is None
        self._fh = _AppendFile(path, "w" if fresh else "a")
        self._buf = io.StringIO()
        self._csv = csv.writer(self._buf)
        if fresh:
            self._buf.write(BOM)
            self._csv.writerow(self.header)
            self._drain()

    def check(self, payload: Payload) -> None:
        for v in payload:
            _csv_field(v).encode("utf-8")

    def add(self, payload: Payload) -> None:
        fields = [_csv_field(v) for v in payload]
        for f in fields:
            f.encode("utf-8")  # a field that is not valid Unicode fails here, alone, not at the next flush
        self._csv.writerow(fields)
        self.rows += 1
        if self._buf.tell() > 1 << 20:
            self._drain()

    def _drain(self) -> None:
        text = self._buf.getvalue()
        self._buf.seek(0)
        self._buf.truncate()
        self._fh.write(text)  # whole rows only: a killed run leaves at most one partial line

    def flush(self) -> None:
        self._drain()

    def close(self) -> None:
        try:
            if not self._fh.broken:
                self._drain()
        finally:
            self._fh.close()


class ParquetWriter(Writer):
    """Typed flat rows in row groups, written to ``OUT.partial`` and renamed on close.

    Parquet cannot be appended to: on resume the old file's rows are copied into the
    new one first. A run that is killed (not interrupted) leaves the old file as it was.
    """

    fmt = "parquet"

    def __init__(
        self,
        path: Path,
        *,
        resume: bool,
        columns: Sequence[str] = FILE_COLUMNS,
        types: Mapping[str, str] | None = None,
        header: Sequence[str] | None = None,
        version: str | None = None,
    ) -> None:
        super().__init__(path, resume=resume)
        pa = _require("pyarrow", "parquet")
        pq = _require("pyarrow.parquet", "parquet")
        self._pa = pa
        self.columns = tuple(columns)
        self.types = types
        self.schema = arrow_schema(self.columns, types, header, version)
        self._partial = path.with_name(path.name + ".partial")
        self._writer = pq.ParquetWriter(self._partial, self.schema)
        self._cols: list[list[Any]] = [[] for _ in self.columns]
        if resume and path.exists():
            old = pq.ParquetFile(path)
            if not old.schema_arrow.remove_metadata().equals(self.schema.remove_metadata()):
                self._writer.close()
                self._partial.unlink()
                raise GovinfoError(
                    f"{path}: its columns are not flat schema {FLAT_SCHEMA_VERSION}; "
                    "use --force to overwrite it, or write to a new file"
                )
            for batch in old.iter_batches(batch_size=ROW_GROUP):
                self._writer.write_table(pa.Table.from_batches([batch]).replace_schema_metadata(self.schema.metadata))
                self.done.update(batch.column(0).to_pylist())
                self.rows += batch.num_rows

    def check(self, payload: Payload) -> None:
        typed_row(payload, self.columns, self.types)

    def add(self, payload: Payload) -> None:
        row = typed_row(payload, self.columns, self.types)  # raises before anything is appended
        for col, v in zip(self._cols, row, strict=True):
            col.append(v)
        self.rows += 1
        if len(self._cols[0]) >= ROW_GROUP:
            self._write_group()

    def _write_group(self) -> None:
        if not self._cols[0]:
            return
        pa = self._pa
        arrays = [pa.array(col, type=f.type) for col, f in zip(self._cols, self.schema, strict=True)]
        self._writer.write_table(pa.Table.from_arrays(arrays, schema=self.schema))
        self._cols = [[] for _ in self.columns]

    def close(self) -> None:
        self._write_group()
        self._writer.close()
        os.replace(self._partial, self.path)


def column_label(column: str) -> str:
    """The Chinese header of a flat column, from the label table (the key itself for metadata)."""
    parts = column.split(".")
    if len(parts) != 3:
        return column
    table, row, col = parts
    unit = col.endswith(UNIT_SUFFIX)
    col = col.removesuffix(UNIT_SUFFIX)
    if table == "active_disclosure":
        fmt = next(f for f in ("2021", "2019") if col in labels.ACTIVE_SHAPES.get((row, f), ("", ()))[1])
        text = f"{labels.ACTIVE_ROW_LABELS[row]} · {labels.ACTIVE_COLUMN_LABELS[(col, fmt)]}"
        return f"{text} [unit]" if unit else text
    if table == "applications":
        app = labels.APPLICATION_ROW_BY_KEY[row]
        group = labels.APPLICATION_GROUP_LABELS.get(app.group or "", "")
        name = f"{group} {app.label}" if group and group not in app.label else app.label
        return f"{name} · {labels.APPLICANT_LABELS[col]}"
    return f"{labels.REVIEW_GROUP_LABELS[row]} · {labels.REVIEW_OUTCOME_LABELS[col]}"


def xlsx_sheets(columns: Sequence[str] = FILE_COLUMNS) -> list[tuple[str, tuple[str, ...]]]:
    """Sheets of the XLSX output (name, flat columns); table sheets repeat path, agency and year
    so each reads on its own."""
    meta = tuple(c for c in columns if "." not in c)
    sheets = [("reports", meta)]
    for kind in ("active_disclosure", "applications", "review_litigation"):
        cells = tuple(c for c in columns if c.startswith(kind + "."))
        sheets.append((labels.SECTION_BY_KIND[kind].label, (PATH_COLUMN, "agency", "year", *cells)))
    return sheets


class XlsxWriter(Writer):
    """A workbook with a metadata sheet and a sheet per table, saved to ``OUT.partial`` then renamed.

    Like Parquet, XLSX cannot be appended to: on resume the old rows are copied first.
    """

    fmt = "xlsx"

    def __init__(
        self,
        path: Path,
        *,
        resume: bool,
        columns: Sequence[str] = FILE_COLUMNS,
        types: Mapping[str, str] | None = None,
        header: Sequence[str] | None = None,
        sheets: list[tuple[str, tuple[str, ...]]] | None = None,
        label: Callable[[str], str] | None = None,
        findings: bool = False,
    ) -> None:
        super().__init__(path, resume=resume)
        openpyxl = _require("openpyxl", "xlsx")
        self.columns = tuple(columns)
        self.types = types
        self._index = {c: i for i, c in enumerate(self.columns)}
        self._sheets = sheets or xlsx_sheets(self.columns)
        shown = dict(zip(self.columns, header or self.columns, strict=True))
        shown_label = label or column_label
        self._wb = openpyxl.Workbook(write_only=True)
        self._ws = []
        for name, cols in self._sheets:
            ws = self._wb.create_sheet(name)
            ws.freeze_panes = "B3"
            _size_columns(ws, cols)
            ws.append([shown_label(c) for c in cols])
            ws.append([shown[c] for c in cols])
            self._ws.append(ws)
        self._keys = [tuple(shown[c] for c in cols) for _name, cols in self._sheets]
        self.findings: XlsxFindings | None = None
        if findings:
            ws = self._wb.create_sheet(FINDINGS_SHEET)
            ws.freeze_panes = "A3"
            _size_columns(ws, FINDING_COLUMNS)
            ws.append([finding_label(c) for c in FINDING_COLUMNS])
            ws.append(list(FINDING_COLUMNS))
            self.findings = XlsxFindings(self, ws)
        self._partial = path.with_name(path.name + ".partial")
        if resume and path.exists():
            self._copy_old(openpyxl, path)

    def _copy_old(self, openpyxl: Any, path: Path) -> None:
        old = openpyxl.load_workbook(path, read_only=True)
        try:
            for (name, cols), ws, shown in zip(self._sheets, self._ws, self._keys, strict=True):
                if name not in old.sheetnames:
                    raise GovinfoError(f"{path}: no sheet {name!r}; use --force to overwrite it")
                rows = old[name].iter_rows(values_only=True)
                next(rows, None)
                keys = next(rows, None)
                if keys is None or tuple(keys[: len(cols)]) != shown:
                    raise GovinfoError(
                        f"{path}: sheet {name!r} is not flat schema {FLAT_SCHEMA_VERSION}; "
                        "use --force to overwrite it, or write to a new file"
                    )
                for row in rows:
                    ws.append(list(row[: len(cols)]))
                    if name == self._sheets[0][0]:
                        self.done.add(row[0])
                        self.rows += 1
            if self.findings is not None:
                if FINDINGS_SHEET not in old.sheetnames:
                    raise GovinfoError(
                        f"{path}: no sheet {FINDINGS_SHEET!r} (written before findings were); "
                        "use --force to overwrite it, or write to a new file"
                    )
                rows = old[FINDINGS_SHEET].iter_rows(values_only=True)
                next(rows, None)
                if tuple((next(rows, None) or ())[: len(FINDING_COLUMNS)]) != FINDING_COLUMNS:
                    raise GovinfoError(f"{path}: sheet {FINDINGS_SHEET!r} has other columns; use --force")
                for row in rows:
                    # the sheet is saved with the reports in one file: its rows are those of reports in it
                    if row and row[0] in self.done:
                        self.findings.append(_padded(row))
        finally:
            old.close()

    def check(self, payload: Payload) -> None:
        if self.rows >= XLSX_MAX_ROWS:
            raise ValueError(f"a sheet holds at most {XLSX_MAX_ROWS:,} reports; use .parquet or .csv")
        typed_row(payload, self.columns, self.types)

    def add(self, payload: Payload) -> None:
        if self.rows >= XLSX_MAX_ROWS:
            raise ValueError(f"a sheet holds at most {XLSX_MAX_ROWS:,} reports; use .parquet or .csv")
        row = typed_row(payload, self.columns, self.types)
        for (_name, cols), ws in zip(self._sheets, self._ws, strict=True):
            ws.append([self._cell(ws, row[self._index[c]]) for c in cols])
        self.rows += 1

    @staticmethod
    def _cell(ws: Any, value: Any) -> Any:
        """Text from a web page is data, never a formula: '=…' is written as a string."""
        if isinstance(value, str) and value.startswith("="):
            from openpyxl.cell import WriteOnlyCell

            cell = WriteOnlyCell(ws, value=value)
            cell.data_type = "s"
            return cell
        return value

    def close(self) -> None:
        self._wb.save(self._partial)
        os.replace(self._partial, self.path)


# ------------------------------------------------------------------ the findings table
#: The sheet of an XLSX output that holds the findings table.
FINDINGS_SHEET = "findings"
#: Version of the findings table (names, order and types of FINDING_COLUMNS), in Parquet metadata as "findings-1".
FINDINGS_SCHEMA_VERSION = "1"
#: Chinese headers of the findings table.
FINDING_LABELS_ZH: dict[str, str] = {
    PATH_COLUMN: "文件",
    "agency": "机关名称",
    "year": "年度",
    "code": "代码",
    "severity": "严重程度",
    "table": "表",
    "row": "行",
    "column": "列",
    "row_label": "行名",
    "column_label": "列名",
    "line": "行号",
    "page": "页码",
    "message": "说明",
    "expected": "应为",
}
_SEVERITY = FINDING_COLUMNS.index("severity")


def _padded(row: Sequence[Any]) -> tuple[Any, ...]:
    """A findings row read from a sheet, whose empty cells at the end are left out, at its full width."""
    n = len(FINDING_COLUMNS)
    return (*row[:n], *(None,) * (n - len(row)))


def finding_label(column: str) -> str:
    """The Chinese header of a findings column."""
    return FINDING_LABELS_ZH[column]


def findings_path(output: str | os.PathLike[str]) -> Path | None:
    """The findings file beside an output (``out.csv`` → ``out.findings.csv``); None for XLSX, whose
    findings are a sheet of the workbook."""
    p = Path(output)
    if format_of(p) == "xlsx":
        return None
    return p.with_name(f"{p.stem}.findings{p.suffix}")


def finding_tuple(row: Mapping[str, Any]) -> tuple[Any, ...]:
    """A row of :func:`govinfo_report.validate.finding_rows` as the writers take it (FINDING_COLUMNS order)."""
    return tuple(row[c] for c in FINDING_COLUMNS)


class FindingsTable(abc.ABC):
    """The findings table of a batch output: one row per finding, in FINDING_COLUMNS order.

    ``errors`` counts the rows of severity ``error`` per path (old rows kept on resume, and new ones).
    """

    def __init__(self, location: str) -> None:
        self.location = location
        self.rows = 0
        self.errors: dict[str, int] = {}

    def _count(self, row: Sequence[Any]) -> None:
        self.rows += 1
        if row[_SEVERITY] == "error":
            self.errors[row[0]] = self.errors.get(row[0], 0) + 1

    @abc.abstractmethod
    def check(self, rows: Sequence[Sequence[Any]]) -> None:
        """ValueError when one of a report's rows cannot be stored; nothing is added."""

    @abc.abstractmethod
    def add(self, rows: Sequence[Sequence[Any]]) -> None:
        """Add the rows of one report, all or none."""

    def flush(self) -> None:  # noqa: B027 - a sheet is written with its workbook
        """Make the rows added so far durable, where the format allows it."""

    def close(self) -> None:  # noqa: B027 - a sheet is written with its workbook
        """Finish the table."""


class XlsxFindings(FindingsTable):
    """The ``findings`` sheet of an XLSX output, saved with the workbook in one step."""

    def __init__(self, book: XlsxWriter, ws: Any) -> None:
        super().__init__(f"{book.path} (sheet {FINDINGS_SHEET})")
        self._ws = ws

    def append(self, row: Sequence[Any]) -> None:
        self._ws.append([XlsxWriter._cell(self._ws, v) for v in row])
        self._count(row)

    def check(self, rows: Sequence[Sequence[Any]]) -> None:
        for r in rows:
            typed_row(r, FINDING_COLUMNS, FINDING_TYPES)

    def add(self, rows: Sequence[Sequence[Any]]) -> None:
        typed = [typed_row(r, FINDING_COLUMNS, FINDING_TYPES) for r in rows]
        for r in typed:
            self.append(r)


class FindingsWriter(FindingsTable):
    """The findings file beside a CSV, JSONL or Parquet output (:func:`findings_path`), in its format.

    It is kept in step with the output, ahead of it: a report's findings are written (and flushed) before
    its row, and on resume the rows of reports the output does not hold (``keep`` says which it does) are
    dropped, so a run killed between the two, or a row the output refused, leaves no row twice or lost.
    """

    def __init__(
        self, path: Path, *, resume: bool, keep: Callable[[str], bool], header: Sequence[str] | None = None
    ) -> None:
        super().__init__(str(path))
        self.path = path
        self.fmt = format_of(path)
        self.header = tuple(header or FINDING_COLUMNS)
        old = self._read_old() if resume and path.exists() else None
        kept = [r for r in old or () if keep(str(r[0]))]
        self._inner: Writer
        if self.fmt == "parquet":
            self._inner = ParquetWriter(
                path,
                resume=False,
                columns=FINDING_COLUMNS,
                types=FINDING_TYPES,
                header=header,
                version=f"findings-{FINDINGS_SCHEMA_VERSION}",
            )
            for r in kept:
                self._inner.add(r)
        else:
            if old is not None and len(kept) < len(old):
                self._rewrite(kept)
            fresh = old is None
            if self.fmt == "csv":
                self._inner = CsvWriter(path, resume=not fresh, columns=FINDING_COLUMNS, header=header)
            else:
                self._inner = JsonlWriter(path, resume=not fresh)
        for r in kept:
            self._count(r)

    def _refuse(self, why: str) -> GovinfoError:
        return GovinfoError(f"{self.path}: {why}; use --force to overwrite it, or write to a new output")

    def _read_old(self) -> list[tuple[Any, ...]]:
        if self.fmt == "parquet":
            pq = _require("pyarrow.parquet", "parquet")
            table = pq.read_table(self.path)
            if tuple(table.column_names) != self.header:
                raise self._refuse("its columns are not those of the findings table")
            return [tuple(r.values()) for r in table.to_pylist()]
        _trim_partial_line(self.path)  # a row cut short by a killed run
        if self.fmt == "csv":
            with open(self.path, encoding="utf-8-sig", newline="") as fh:
                rows = list(csv.reader(fh))
            if not rows:
                return []
            if tuple(rows[0]) != self.header:
                raise self._refuse("its columns are not those of the findings table")
            return [tuple(r) for r in rows[1:] if r]
        out = []
        with open(self.path, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    rec = json.loads(line)
                    out.append(tuple(rec[c] for c in FINDING_COLUMNS))
                except (ValueError, KeyError, TypeError):
                    raise self._refuse(f"line {n} is not a row of the findings table") from None
        return out

    def _rewrite(self, kept: Sequence[Sequence[Any]]) -> None:
        """The file with only ``kept`` rows, replacing the old one in one step."""
        tmp = self.path.with_name(self.path.name + ".tmp")
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            if self.fmt == "csv":
                fh.write(BOM)
                w = csv.writer(fh)
                w.writerow(self.header)
                w.writerows(kept)
            else:
                fh.writelines(self._line(r) + "\n" for r in kept)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path)

    @staticmethod
    def _line(row: Sequence[Any]) -> str:
        return json.dumps(dict(zip(FINDING_COLUMNS, row, strict=True)), ensure_ascii=False)

    def _payloads(self, rows: Sequence[Sequence[Any]]) -> list[Payload]:
        out: list[Payload] = []
        for r in rows:
            typed_row(r, FINDING_COLUMNS, FINDING_TYPES)  # raises before any row of the report is added
            payload = self._line(r) if self.fmt == "jsonl" else tuple(r)
            self._inner.check(payload)
            out.append(payload)
        return out

    def check(self, rows: Sequence[Sequence[Any]]) -> None:
        self._payloads(rows)

    def add(self, rows: Sequence[Sequence[Any]]) -> None:
        for payload, r in zip(self._payloads(rows), rows, strict=True):
            self._inner.add(payload)
            self._count(r)

    def flush(self) -> None:
        self._inner.flush()

    def close(self) -> None:
        self._inner.close()


def open_findings(
    output: str | os.PathLike[str], writer: Writer, *, resume: bool, header_labels: str = "keys"
) -> FindingsTable:
    """The findings table of a batch output opened with :func:`open_writer`: the ``findings`` sheet of an XLSX
    workbook, else the file of :func:`findings_path`; on resume it keeps the rows of reports ``writer`` holds."""
    book = getattr(writer, "inner", writer)
    if isinstance(book, XlsxWriter):
        if book.findings is None:
            raise GovinfoError(f"{output}: opened without its findings sheet")
        return book.findings
    path = findings_path(output)
    assert path is not None
    header = tuple(finding_label(c) for c in FINDING_COLUMNS) if header_labels == "zh" and book.fmt == "csv" else None
    return FindingsWriter(path, resume=resume, keep=writer.done.__contains__, header=header)


def read_findings(output: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """The findings table of a batch output (any format) as dicts keyed by FINDING_COLUMNS, in file order."""
    p = Path(output)
    fmt = format_of(p)
    if fmt == "xlsx":
        openpyxl = _require("openpyxl", "xlsx")
        wb = openpyxl.load_workbook(p, read_only=True)
        try:
            rows = list(wb[FINDINGS_SHEET].iter_rows(min_row=3, values_only=True))
        finally:
            wb.close()
        return [dict(zip(FINDING_COLUMNS, _padded(r), strict=True)) for r in rows if r and r[0]]
    path = findings_path(p)
    assert path is not None
    if fmt == "jsonl":
        with open(path, encoding="utf-8") as fh:
            return [json.loads(line) for line in fh if line.strip()]
    if fmt == "csv":
        with open(path, encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))[1:]
        return [
            dict(zip(FINDING_COLUMNS, typed_row([v or None for v in r], FINDING_COLUMNS, FINDING_TYPES), strict=True))
            for r in rows
            if r
        ]
    pq = _require("pyarrow.parquet", "parquet")
    return [dict(zip(FINDING_COLUMNS, r.values(), strict=True)) for r in pq.read_table(path).to_pylist()]


WRITERS: dict[str, type[Writer]] = {
    "jsonl": JsonlWriter,
    "csv": CsvWriter,
    "parquet": ParquetWriter,
    "xlsx": XlsxWriter,
}


def open_writer(
    path: str | os.PathLike[str],
    *,
    resume: bool = False,
    shape: str = "wide",
    names: str = "default",
    header_labels: str = "keys",
    findings: bool = False,
) -> Writer:
    """A writer for ``path``, its format from the extension; with ``resume`` it keeps what is there.

    ``shape="long"`` writes one row per cell (:data:`LONG_COLUMNS`); ``names="stata"`` gives column
    names Stata and SAS accept (:func:`stata_name`); ``header_labels="zh"`` gives Chinese headers in CSV.
    ``findings=True`` gives an XLSX workbook its ``findings`` sheet (:func:`open_findings`).
    """
    p = Path(path)
    fmt = format_of(p)
    payload_kind(fmt, shape)  # checks the shape
    if names not in NAMINGS:
        raise GovinfoError(f"unknown naming {names!r}: use {' or '.join(NAMINGS)}")
    if header_labels not in HEADER_LABELS:
        raise GovinfoError(f"unknown header labels {header_labels!r}: use {' or '.join(HEADER_LABELS)}")
    columns = FILE_COLUMNS if shape == "wide" else LONG_COLUMNS
    label = zh_label if shape == "wide" else long_label
    if header_labels == "zh" and fmt == "csv":
        header: tuple[str, ...] | None = tuple(label(c) for c in columns)
    elif names == "stata":
        header = tuple(stata_name(c) for c in columns)
    else:
        header = None
    if shape == "wide":
        if fmt == "jsonl" or (header is None and fmt in ("csv", "parquet")):
            return WRITERS[fmt](p, resume=resume)
        if fmt == "csv":
            return CsvWriter(p, resume=resume, header=header)
        if fmt == "parquet":
            return ParquetWriter(p, resume=resume, header=header)
        return XlsxWriter(p, resume=resume, header=header if names == "stata" else None, findings=findings)
    inner: Writer
    if fmt == "jsonl":
        inner = JsonlWriter(p, resume=resume)
    elif fmt == "csv":
        inner = CsvWriter(p, resume=resume, columns=LONG_COLUMNS, header=header)
    elif fmt == "parquet":
        inner = ParquetWriter(p, resume=resume, columns=LONG_COLUMNS, types=LONG_TYPES, header=header)
    else:
        inner = XlsxWriter(
            p,
            resume=resume,
            columns=LONG_COLUMNS,
            types=LONG_TYPES,
            header=header if names == "stata" else None,
            sheets=[("cells", LONG_COLUMNS)],
            label=long_label,
            findings=findings,
        )
    return LongWriter(inner)


def write(reports: Iterable[Report | tuple[str, Report]], path: str | os.PathLike[str]) -> int:
    """Write reports (or ``(path, report)`` pairs) to one file, format by extension; returns the row count."""
    fmt = format_of(path)
    kind = payload_kind(fmt)
    n = 0
    with open_writer(path) as w:
        for i, item in enumerate(reports):
            src, report = (f"<{i}>", item) if isinstance(item, Report) else (str(item[0]), item[1])
            w.add(make_payload(src, report, kind))
            n += 1
    return n


def read_paths(path: str | os.PathLike[str]) -> list[str]:
    """The ``path`` of every row of an output file, in order (any of the four formats)."""
    p = Path(path)
    fmt = format_of(p)
    if fmt == "jsonl":
        with open(p, encoding="utf-8") as fh:
            return [json.loads(line)[PATH_COLUMN] for line in fh if line.strip()]
    if fmt == "csv":
        with open(p, encoding="utf-8-sig", newline="") as fh:
            return [row[0] for row in list(csv.reader(fh))[1:] if row]
    if fmt == "parquet":
        pq = _require("pyarrow.parquet", "parquet")
        return [str(x) for x in pq.read_table(p, columns=[PATH_COLUMN]).column(0).to_pylist()]
    openpyxl = _require("openpyxl", "xlsx")
    wb = openpyxl.load_workbook(p, read_only=True)
    try:
        return [row[0] for row in wb.worksheets[0].iter_rows(min_row=3, values_only=True)]
    finally:
        wb.close()


# ------------------------------------------------------------------ long shape
#: Shapes of a batch output: one row per report (``wide``) or one row per table cell (``long``).
SHAPES = ("wide", "long")
#: Column namings: the schema's own (``default``) or names Stata and SAS accept (``stata``).
NAMINGS = ("default", "stata")
#: Header rows of CSV: the column keys, or the Chinese labels (``zh``).
HEADER_LABELS = ("keys", "zh")
#: Version of the long schema (names, order and types of :data:`LONG_COLUMNS`).
LONG_SCHEMA_VERSION = "1"

#: The columns of the long shape, one row per printed table cell, with their logical types.
LONG_FIELDS: tuple[tuple[str, str, str], ...] = (
    (PATH_COLUMN, "string", "文件"),
    ("agency", "string", "机关名称"),
    ("agency_key", "string", "机关标识"),
    ("level", "string", "层级"),
    ("agency_kind", "string", "机关类别"),
    ("province", "string", "省"),
    ("city", "string", "市"),
    ("county", "string", "县"),
    ("division_code", "string", "行政区划代码"),
    ("year", "int", "年度"),
    ("format", "string", "格式"),
    ("cell", "string", "单元格"),
    ("table", "string", "表"),
    ("row", "string", "行"),
    ("column", "string", "列"),
    ("table_label", "string", "表名"),
    ("row_label", "string", "行名"),
    ("column_label", "string", "列名"),
    ("value", "decimal", "数值"),
    ("raw", "string", "原文"),
    ("unit", "string", "单位"),
    ("amount_wan", "decimal", "金额(万元)"),
    ("note", "string", "说明"),
)
LONG_COLUMNS: tuple[str, ...] = tuple(name for name, _t, _l in LONG_FIELDS)
LONG_TYPES: dict[str, str] = {name: kind for name, kind, _l in LONG_FIELDS}
_LONG_LABELS: dict[str, str] = {name: label for name, _t, label in LONG_FIELDS}
#: Chinese headers of the wide shape's report columns (cell columns take theirs from the label table).
META_LABELS_ZH: dict[str, str] = {
    PATH_COLUMN: "文件",
    "title": "标题",
    "agency": "机关名称",
    "year": "年度",
    "published": "发布日期",
    "format": "格式",
    "declared_none": "声明无",
    "findings": "发现数",
    "errors": "错误数",
    "warnings": "警告数",
    "codes": "发现代码",
    "agency_key": "机关标识",
    "level": "层级",
    "province": "省",
    "city": "市",
    "county": "县",
    "division_code": "行政区划代码",
}
#: ``note`` of an amount without a printed unit: read in the header's 万元, or left empty.
UNIT_FROM_HEADER = "unit-from-header"
UNIT_MISSING = "unit-missing"


def long_label(column: str) -> str:
    """The Chinese header of a long column."""
    return _LONG_LABELS[column]


def zh_label(column: str) -> str:
    """The Chinese header of a wide column: report columns from :data:`META_LABELS_ZH`, cells from the label table."""
    return META_LABELS_ZH.get(column) or column_label(column)


def _row_format(row_obj: object) -> str:
    """The form a table 二 row is in, from its class (FeeAmount2021 → 2021)."""
    name = type(row_obj).__name__
    return next((f for (_r, f), (cls, _c) in labels.ACTIVE_SHAPES.items() if cls == name), "2021")


def cell_labels(table: str, row: str, column: str, fmt: str = "2021") -> tuple[str, str]:
    """The official Chinese row and column labels of a cell, from :mod:`govinfo_report.labels`."""
    if table == "active_disclosure":
        rows = labels.ACTIVE_ROW_LABELS_2019 if fmt == "2019" else labels.ACTIVE_ROW_LABELS
        return rows[row], labels.ACTIVE_COLUMN_LABELS[(column, fmt)]
    if table == "applications":
        app = labels.APPLICATION_ROW_BY_KEY[row]
        group = labels.APPLICATION_GROUP_LABELS.get(app.group or "", "")
        name = f"{group} {app.label}" if group and group not in app.label else app.label
        return name, labels.APPLICANT_LABELS[column]
    return labels.REVIEW_GROUP_LABELS[row], labels.REVIEW_OUTCOME_LABELS[column]


def amount_in_wan(column: str, column_label: str, cell: Cell) -> tuple[Decimal | None, str | None]:
    """An amount in 万元 and a note: 元 ÷ 10,000; 万/万元 as printed; a bare amount only where its header
    says 万元 (note ``unit-from-header``), otherwise None (note ``unit-missing``), never a guess."""
    if column not in labels.AMOUNT_COLUMNS or cell.value is None:
        return None, None
    value = Decimal(cell.value)
    if cell.unit in ("万元", "万"):
        return value, None
    if cell.unit == "元":
        return value / 10000, None
    if "万元" in column_label:
        return value, UNIT_FROM_HEADER
    return None, UNIT_MISSING


def long_rows(path: str, report: Report) -> Iterator[tuple[Any, ...]]:
    """The long rows of one report, in :data:`LONG_COLUMNS` order: one per printed cell (an empty cell too,
    with a null value), in table and field order."""
    from .agencies import identify

    who = identify(report.agency) if report.agency else None
    head = (
        path,
        report.agency,
        who.key if who else None,
        who.level if who else None,
        who.kind if who else None,
        who.province if who else None,
        who.city if who else None,
        who.county if who else None,
        who.code if who else None,
        report.year,
        report.format,
    )
    for table in TABLE_CLASSES:
        obj = getattr(report, table)
        title = labels.SECTION_BY_KIND[table].label
        for row, column, cell in table_cells(obj):
            fmt = _row_format(getattr(obj, row)) if table == "active_disclosure" else "2021"
            row_label, col_label = cell_labels(table, row, column, fmt)
            wan, note = amount_in_wan(column, col_label, cell)
            value = str(cell.value) if isinstance(cell.value, Decimal) else cell.value
            yield (
                *head,
                f"{table}.{row}.{column}",
                table,
                row,
                column,
                title,
                row_label,
                col_label,
                value,
                cell.raw,
                cell.unit,
                None if wan is None else str(wan),
                note,
            )


def amount_findings(report: Report) -> list[Finding]:
    """A warning for each amount printed without a unit where the header gives none: its 万元 stays empty."""
    out = []
    for row in long_rows("", report):
        rec = dict(zip(LONG_COLUMNS, row, strict=True))
        if rec["note"] == UNIT_MISSING:
            out.append(
                Finding(
                    "amount-unit-missing",
                    "warning",
                    f"“{rec['row_label']}”“{rec['column_label']}”{rec['raw']}未注明单位,不折算为万元",
                    f"{rec['cell']} = {rec['raw']} has no unit; amount_wan left empty",
                    table=rec["table"],
                    row=rec["row"],
                    column=rec["column"],
                )
            )
    return out


def _json_ready(row: Sequence[Any]) -> list[Any]:
    return [str(v) if isinstance(v, Decimal) else v for v in row]


class LongWriter(Writer):
    """The long shape over a format's writer: a report's payload is its cells, added all or none."""

    def __init__(self, inner: Writer) -> None:
        self.inner = inner
        self.fmt = inner.fmt
        self.path = inner.path
        self.done = inner.done
        self.rows = len(inner.done)  # reports, as for the wide shape

    def check(self, payload: Payload) -> None:
        for r in payload:
            if self.fmt != "jsonl":
                typed_row(r, LONG_COLUMNS, LONG_TYPES)
            self.inner.check(r)

    def add(self, payload: Payload) -> None:
        rows = tuple(payload)
        if self.fmt != "jsonl":
            for r in rows:
                typed_row(r, LONG_COLUMNS, LONG_TYPES)  # raises before any cell of the report is added
        for r in rows:
            self.inner.add(r)
        self.rows += 1

    def flush(self) -> None:
        self.inner.flush()

    def close(self) -> None:
        self.inner.close()


# ------------------------------------------------------------------ Stata and SAS names
_TABLE_ABBR = {"active_disclosure": "ad", "applications": "ap", "review_litigation": "rl"}
_STATA_OK = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,31}$")


def _abbr(key: str) -> str:
    return "".join(w[:3] for w in key.split("_"))


def stata_name(column: str) -> str:
    """A name Stata and SAS accept (letters, digits, _; at most 32): ``applications.withheld_third_party_rights.
    commercial_enterprise`` → ``ap_witthiparrig_comente``; table, then 3 letters of each word of row and column."""
    if "." not in column:
        return column
    table, row, col = column.split(".")
    return f"{_TABLE_ABBR[table]}_{_abbr(row)}_{_abbr(col)}"


def stata_names(columns: Sequence[str] = FILE_COLUMNS) -> dict[str, str]:
    """The documented mapping (docs/datasets.md): every column → its Stata name."""
    return {c: stata_name(c) for c in columns}


def _size_columns(ws: Any, cols: Sequence[str]) -> None:
    """Widths wide enough to show dates, names and titles instead of ####."""
    from openpyxl.utils import get_column_letter

    wide = {
        "title": 48,
        PATH_COLUMN: 40,
        "agency": 30,
        "raw": 16,
        "row_label": 30,
        "column_label": 24,
        "published": 12,
        "agency_key": 24,
        "cell": 44,
        "table_label": 24,
        "code": 24,
        "message": 60,
    }
    for i, c in enumerate(cols, 1):
        ws.column_dimensions[get_column_letter(i)].width = wide.get(c, 14)


# ------------------------------------------------------------------ pandas
def to_dataframe(reports: Iterable[Report | tuple[str, Report]], shape: str = "wide") -> Any:
    """A pandas DataFrame in the flat schema: nullable ``Int64`` counts, exact ``Decimal`` amounts,
    ``datetime64`` publication dates. Pass ``(path, report)`` pairs to get a ``path`` column.
    ``shape="long"`` gives one row per cell (:data:`LONG_COLUMNS`) instead of one per report.

    Null stays null (``<NA>``), never 0 or NaN-as-float: absent data and zero are different facts.
    """
    pd = _require("pandas", "pandas")
    if shape == "long":
        return _long_frame(pd, reports)
    payload_kind("csv", shape)
    rows: list[list[Any]] = []
    with_path = False
    for i, item in enumerate(reports):
        if isinstance(item, Report):
            rows.append(typed_row(make_payload(f"<{i}>", item, "flat")))
        else:
            with_path = True
            rows.append(typed_row(make_payload(str(item[0]), item[1], "flat")))
    columns = FILE_COLUMNS if with_path else FLAT_COLUMNS
    skip = 0 if with_path else 1
    frame: dict[str, Any] = {}
    for i, c in enumerate(columns):
        values = [r[i + skip] for r in rows]
        kind = FLAT_TYPES[c]
        if kind == "int":
            frame[c] = pd.array(values, dtype="Int64")
        elif kind == "date":
            frame[c] = pd.to_datetime(pd.Series(values, dtype="object"))
        elif kind == "decimal":
            frame[c] = pd.Series(values, dtype="object")
        else:
            frame[c] = pd.array(values, dtype="string")
    return pd.DataFrame(frame, columns=list(columns))


def _long_frame(pd: Any, reports: Iterable[Report | tuple[str, Report]]) -> Any:
    rows: list[list[Any]] = []
    for i, item in enumerate(reports):
        src, report = (f"<{i}>", item) if isinstance(item, Report) else (str(item[0]), item[1])
        rows.extend(typed_row(r, LONG_COLUMNS, LONG_TYPES) for r in long_rows(src, report))
    frame: dict[str, Any] = {}
    for i, c in enumerate(LONG_COLUMNS):
        values = [r[i] for r in rows]
        kind = LONG_TYPES[c]
        if kind == "int":
            frame[c] = pd.array(values, dtype="Int64")
        elif kind == "decimal":
            frame[c] = pd.Series(values, dtype="object")
        else:
            frame[c] = pd.array(values, dtype="string")
    return pd.DataFrame(frame, columns=list(LONG_COLUMNS))


def read_reports(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    shape: str = "wide",
    progress: bool | None = None,
    stream: Any = None,
) -> Any:
    """Files, folders or globs → the DataFrame of :func:`to_dataframe`, with a progress line on stderr
    (by default only on a terminal). A file that fails is left out and logged, as in ``batch``."""
    import logging
    import sys

    from .api import parse_file
    from .batch import expand_paths

    specs = [os.fspath(paths)] if isinstance(paths, (str, os.PathLike)) else [os.fspath(p) for p in paths]
    files = expand_paths(specs)
    out = stream or sys.stderr
    show = out.isatty() if progress is None else progress
    pairs: list[tuple[str, Report]] = []
    for n, f in enumerate(files, 1):
        try:
            pairs.append((f, parse_file(f)))
        except GovinfoError as e:
            logging.getLogger(__name__).warning("%s: %s", f, e)
        if show:
            out.write(f"\rread {n}/{len(files)} reports")
            out.flush()
    if show:
        out.write("\n")
    return to_dataframe(pairs, shape=shape)


def pandas_csv_options(shape: str = "wide") -> dict[str, Any]:
    """Keyword arguments for ``pandas.read_csv`` (and ``read_excel``) that read an output back in its
    documented types: strings as ``string``, counts as ``Int64``, amounts as exact ``Decimal``, and only
    an empty field as null (a printed "无" stays text)."""
    columns, types = (FILE_COLUMNS, FLAT_TYPES) if shape == "wide" else (LONG_COLUMNS, LONG_TYPES)
    dtype = {c: ("Int64" if types[c] == "int" else "string") for c in columns if types[c] in ("int", "string")}
    converters = {c: _decimal_or_none for c in columns if types[c] == "decimal"}
    return {"dtype": dtype, "converters": converters, "keep_default_na": False, "na_values": [""]}


def _decimal_or_none(text: Any) -> Decimal | None:
    if text is None or text == "" or text != text:
        return None
    return Decimal(str(text))


# ------------------------------------------------------------------ documentation
def schema_table() -> str:
    """The column table of docs/flat-schema.md (a test checks the document against it)."""
    lines = ["| # | column | type | label |", "|---|---|---|---|"]
    for i, c in enumerate(FILE_COLUMNS, 1):
        label = column_label(c)
        lines.append(f"| {i} | `{c}` | {FLAT_TYPES[c]} | {'' if label == c else label} |")
    return "\n".join(lines)


def stata_table() -> str:
    """The Stata name of every wide column, as docs/datasets.md lists it (a test checks the page)."""
    lines = ["| column | Stata / SAS name |", "|---|---|"]
    lines.extend(f"| `{c}` | `{n}` |" for c, n in stata_names().items() if c != n)
    return "\n".join(lines)
