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
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from . import __version__, labels
from .errors import GovinfoError, require
from .model import Report
from .serialise import FILE_COLUMNS, FLAT_COLUMNS, FLAT_SCHEMA_VERSION, FLAT_TYPES, PATH_COLUMN, UNIT_SUFFIX

__all__ = [
    "BOM",
    "DECIMAL_SCALE",
    "FORMATS",
    "META_VERSION_KEY",
    "ROW_GROUP",
    "WRITERS",
    "XLSX_MAX_ROWS",
    "CsvWriter",
    "JsonlWriter",
    "ParquetWriter",
    "Payload",
    "Writer",
    "XlsxWriter",
    "arrow_schema",
    "column_label",
    "format_of",
    "make_payload",
    "open_writer",
    "payload_kind",
    "read_paths",
    "schema_table",
    "to_dataframe",
    "typed_row",
    "write",
    "xlsx_sheets",
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
        raise GovinfoError(f"{path}: unknown output format {suffix or '(no extension)'!r}; "
                           f"use one of {', '.join(FORMATS)}")
    return FORMATS[suffix]


def payload_kind(fmt: str) -> str:
    """What a worker sends back for a format: ``json`` (a JSON line) or ``flat`` (a tuple of values)."""
    return "json" if fmt == "jsonl" else "flat"


def make_payload(path: str, report: Report, kind: str) -> Payload:
    """The record a writer takes, built where the report was parsed (worker side, small to pickle)."""
    if kind == "json":
        return json.dumps({PATH_COLUMN: path, **report.to_dict()}, ensure_ascii=False)
    flat = report.to_flat()
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


def typed_row(values: Sequence[Any], columns: Sequence[str] = FILE_COLUMNS) -> list[Any]:
    """A flat row with each value in its logical type (int, Decimal, date, str); ValueError if one does not fit."""
    out: list[Any] = []
    for name, value in zip(columns, values, strict=True):
        kind = FLAT_TYPES[name]
        if kind == "int":
            out.append(_to_int(name, value))
        elif kind == "decimal":
            out.append(_to_decimal(name, value))
        elif kind == "date":
            out.append(_to_date(name, value))
        else:
            out.append(_to_str(name, value))
    return out


def arrow_schema(columns: Sequence[str] = FILE_COLUMNS) -> Any:
    """The pyarrow schema of the flat form (needs the [parquet] extra)."""
    pa = _require("pyarrow", "parquet")
    types = {"string": pa.string(), "int": pa.int64(), "decimal": pa.decimal128(38, DECIMAL_SCALE),
             "date": pa.date32()}
    return pa.schema([pa.field(c, types[FLAT_TYPES[c]]) for c in columns],
                     metadata={META_VERSION_KEY: FLAT_SCHEMA_VERSION.encode(),
                               b"govinfo_report.version": __version__.encode()})


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
                data = data[n or 0:]
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
                        raise GovinfoError(f"{path}:{n}: not a line written by govinfo-report batch; "
                                           "use --force to overwrite it") from None
                    self.rows += 1
        self._fh = _AppendFile(path, "a" if resume else "w")
        self._buf = bytearray()

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

    def __init__(self, path: Path, *, resume: bool, columns: Sequence[str] = FILE_COLUMNS) -> None:
        super().__init__(path, resume=resume)
        self.columns = tuple(columns)
        fresh = not (resume and path.exists() and path.stat().st_size > 0)
        if not fresh:
            _trim_partial_line(path)
            with open(path, encoding="utf-8-sig", newline="") as fh:
                reader = csv.reader(fh)
                header = next(reader, None)
                if header is not None and tuple(header) != self.columns:
                    raise GovinfoError(f"{path}: its columns are not flat schema {FLAT_SCHEMA_VERSION}; "
                                       "use --force to overwrite it, or write to a new file")
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
            self._csv.writerow(self.columns)
            self._drain()

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

    def __init__(self, path: Path, *, resume: bool, columns: Sequence[str] = FILE_COLUMNS) -> None:
        super().__init__(path, resume=resume)
        pa = _require("pyarrow", "parquet")
        pq = _require("pyarrow.parquet", "parquet")
        self._pa = pa
        self.columns = tuple(columns)
        self.schema = arrow_schema(self.columns)
        self._partial = path.with_name(path.name + ".partial")
        self._writer = pq.ParquetWriter(self._partial, self.schema)
        self._cols: list[list[Any]] = [[] for _ in self.columns]
        if resume and path.exists():
            old = pq.ParquetFile(path)
            if not old.schema_arrow.remove_metadata().equals(self.schema.remove_metadata()):
                self._writer.close()
                self._partial.unlink()
                raise GovinfoError(f"{path}: its columns are not flat schema {FLAT_SCHEMA_VERSION}; "
                                   "use --force to overwrite it, or write to a new file")
            for batch in old.iter_batches(batch_size=ROW_GROUP):
                self._writer.write_table(pa.Table.from_batches([batch]).replace_schema_metadata(
                    self.schema.metadata))
                self.done.update(batch.column(0).to_pylist())
                self.rows += batch.num_rows

    def add(self, payload: Payload) -> None:
        row = typed_row(payload, self.columns)  # raises before anything is appended
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

    def __init__(self, path: Path, *, resume: bool, columns: Sequence[str] = FILE_COLUMNS) -> None:
        super().__init__(path, resume=resume)
        openpyxl = _require("openpyxl", "xlsx")
        self.columns = tuple(columns)
        self._index = {c: i for i, c in enumerate(self.columns)}
        self._sheets = xlsx_sheets(self.columns)
        self._wb = openpyxl.Workbook(write_only=True)
        self._ws = []
        for name, cols in self._sheets:
            ws = self._wb.create_sheet(name)
            ws.freeze_panes = "B3"
            ws.append([column_label(c) for c in cols])
            ws.append(list(cols))
            self._ws.append(ws)
        self._partial = path.with_name(path.name + ".partial")
        if resume and path.exists():
            self._copy_old(openpyxl, path)

    def _copy_old(self, openpyxl: Any, path: Path) -> None:
        old = openpyxl.load_workbook(path, read_only=True)
        try:
            for (name, cols), ws in zip(self._sheets, self._ws, strict=True):
                if name not in old.sheetnames:
                    raise GovinfoError(f"{path}: no sheet {name!r}; use --force to overwrite it")
                rows = old[name].iter_rows(values_only=True)
                next(rows, None)
                keys = next(rows, None)
                if keys is None or tuple(keys[:len(cols)]) != cols:
                    raise GovinfoError(f"{path}: sheet {name!r} is not flat schema {FLAT_SCHEMA_VERSION}; "
                                       "use --force to overwrite it, or write to a new file")
                for row in rows:
                    ws.append(list(row[:len(cols)]))
                    if name == "reports":
                        self.done.add(row[0])
                        self.rows += 1
        finally:
            old.close()

    def add(self, payload: Payload) -> None:
        if self.rows >= XLSX_MAX_ROWS:
            raise ValueError(f"a sheet holds at most {XLSX_MAX_ROWS:,} reports; use .parquet or .csv")
        row = typed_row(payload, self.columns)
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


WRITERS: dict[str, type[Writer]] = {"jsonl": JsonlWriter, "csv": CsvWriter, "parquet": ParquetWriter,
                                    "xlsx": XlsxWriter}


def open_writer(path: str | os.PathLike[str], *, resume: bool = False) -> Writer:
    """A writer for ``path``, its format from the extension; with ``resume`` it keeps what is there."""
    p = Path(path)
    return WRITERS[format_of(p)](p, resume=resume)


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
        return [row[0] for row in wb["reports"].iter_rows(min_row=3, values_only=True)]
    finally:
        wb.close()


# ------------------------------------------------------------------ pandas
def to_dataframe(reports: Iterable[Report | tuple[str, Report]]) -> Any:
    """A pandas DataFrame in the flat schema: nullable ``Int64`` counts, exact ``Decimal`` amounts,
    ``datetime64`` publication dates. Pass ``(path, report)`` pairs to get a ``path`` column.

    Null stays null (``<NA>``), never 0 or NaN-as-float: absent data and zero are different facts.
    """
    pd = _require("pandas", "pandas")
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


# ------------------------------------------------------------------ documentation
def schema_table() -> str:
    """The column table of docs/flat-schema.md (a test checks the document against it)."""
    lines = ["| # | column | type | label |", "|---|---|---|---|"]
    for i, c in enumerate(FILE_COLUMNS, 1):
        label = column_label(c)
        lines.append(f"| {i} | `{c}` | {FLAT_TYPES[c]} | {'' if label == c else label} |")
    return "\n".join(lines)
