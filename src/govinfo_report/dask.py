"""Batches beyond one machine, on Dask (needs the [dask] extra).

Two ways in:

* The command line: ``govinfo-report batch corpus/ -o out.parquet --engine dask --scheduler tcp://host:8786``.
  Workers parse, the client writes one output file, in input order: the result is
  the same file a local run writes. Without ``--scheduler`` a LocalCluster of
  ``-j`` worker processes is started.
* From Python, mapping over a bag of paths; each partition writes its own Parquet
  file, so nothing funnels through the client::

      from distributed import Client
      from govinfo_report.dask import write_parquet

      client = Client("tcp://scheduler:8786")
      result = write_parquet(["reports/2023/", "reports/2024/*.txt"], "out.parquet.d/")
      # out.parquet.d/part-00000.parquet …, and _errors.csv for the files that failed
      # pandas.read_parquet("out.parquet.d/") reads the whole dataset

  :func:`parse_bag` gives the bag itself (one :class:`~govinfo_report.batch.Outcome` per
  file) for other pipelines; :func:`records` turns it into flat dicts for ``Bag.to_dataframe``.

Workers import govinfo_report themselves (it must be installed on them) and read
the files by absolute path, so a real cluster needs the corpus on a shared
filesystem. Each worker process builds its parsers once, as in a local run.
"""

from __future__ import annotations

import csv
import os
from collections import deque
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from .batch import ERROR_COLUMNS, Chunk, ChunkResult, Outcome, expand_paths, parse_chunk, timeout_text
from .errors import EngineError, require
from .export import BOM, arrow_schema, typed_row
from .serialise import FILE_COLUMNS

__all__ = [
    "ParquetResult",
    "parse_bag",
    "records",
    "run_chunks",
    "write_parquet",
]


def _import_distributed() -> Any:
    return require("distributed", "dask")


def _import_bag() -> Any:
    return require("dask.bag", "dask")


def _client(scheduler: str | None, jobs: int) -> tuple[Any, Any]:
    """A client on ``scheduler``, or on a LocalCluster of ``jobs`` single-threaded worker processes.

    A scheduler that cannot be reached (after ``distributed.comm.timeouts.connect``, 30 s by
    default) is an :class:`EngineError`: one line, exit status 4.
    """
    distributed = _import_distributed()
    if scheduler:
        try:
            return distributed.Client(scheduler), None
        except (OSError, TimeoutError, ValueError) as e:
            why = " ".join(str(e).split()) or type(e).__name__
            raise EngineError(f"cannot reach the Dask scheduler at {scheduler}: {why}") from None
    cluster = distributed.LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=":0")
    return distributed.Client(cluster), cluster


def _failed(chunk: Chunk, exc: BaseException) -> ChunkResult:
    text = " ".join(f"worker failed: {type(exc).__name__}: {exc}".split())
    return ChunkResult([Outcome(d, None, text) for d, _ in chunk], 0, 0)


def run_chunks(
    chunks: Sequence[Chunk],
    kind: str,
    *,
    scheduler: str | None = None,
    jobs: int = 1,
    window: int | None = None,
    timeout: float | None = None,
) -> Iterator[ChunkResult]:
    """Chunk results in input order, parsed on a Dask cluster (the ``--engine dask`` of ``batch``).

    At most ``window`` chunks are in flight, so a slow writer never piles results up on the
    workers. A chunk whose task fails (a worker lost twice) or is ``timeout`` seconds a file
    overdue is re-run one file at a time, so only the file to blame is reported. (Dask runs
    tasks in threads, where no alarm can stop a file: the deadline is kept here.)
    """
    client, cluster = _client(scheduler, jobs)

    def due(n: int) -> float | None:
        return None if not timeout else timeout * n + max(10.0, timeout)

    try:
        threads = sum(client.nthreads().values()) or 1
        window = window or 4 * threads
        todo: deque[Chunk] = deque(chunks)
        inflight: deque[tuple[Chunk, Any]] = deque()
        while todo or inflight:
            while todo and len(inflight) < window:
                chunk = todo.popleft()
                inflight.append((chunk, client.submit(parse_chunk, chunk, kind, pure=False)))
            chunk, fut = inflight.popleft()
            try:
                yield fut.result(timeout=due(len(chunk)))
                continue
            except Exception:  # the task died with its worker, or is overdue: find the file to blame
                pass
            finally:
                fut.release()
            for one in chunk:
                single = client.submit(parse_chunk, [one], kind, pure=False)
                try:
                    yield single.result(timeout=due(1))
                except TimeoutError:
                    single.cancel()
                    yield ChunkResult([Outcome(one[0], None, timeout_text(timeout))], 0, 0)
                except Exception as e:
                    yield _failed([one], e)
                finally:
                    single.release()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


# ------------------------------------------------------------------ bag helpers
def _pairs(paths: Sequence[str]) -> list[tuple[str, str]]:
    return [(p, os.path.abspath(p)) for p in expand_paths(paths)]


def _parse_partition(files: Sequence[tuple[str, str]], kind: str) -> list[Outcome]:
    return parse_chunk(list(files), kind).outcomes


def parse_bag(paths: Sequence[str], *, kind: str = "flat", partition_size: int = 256) -> Any:
    """A dask bag of :class:`~govinfo_report.batch.Outcome`, one per file named by ``paths``.

    ``paths`` are files, folders and globs as for ``batch`` (expanded here, on the client).
    ``kind`` is ``flat`` (payload: a tuple in ``FILE_COLUMNS`` order) or ``json`` (a JSON line).
    """
    db = _import_bag()
    bag = db.from_sequence(_pairs(paths), partition_size=partition_size)
    return bag.map_partitions(_parse_partition, kind)


def _as_record(o: Outcome) -> dict[str, Any]:
    return dict(zip(FILE_COLUMNS, typed_row(o.payload), strict=True))


def records(bag: Any) -> Any:
    """Flat dicts (``FILE_COLUMNS`` → typed value) of the files of a :func:`parse_bag` bag that parsed."""
    return bag.filter(lambda o: o.payload is not None).map(_as_record)


class ParquetResult(NamedTuple):
    """What :func:`write_parquet` wrote: rows, failed files, and where."""

    rows: int
    failed: int
    directory: str
    errors: str


def _write_part(files: Sequence[tuple[str, str]], directory: str, index: int) -> tuple[int, list[list[Any]]]:
    """Parse one partition and write it as ``part-NNNNN.parquet``; return (rows, error rows)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = arrow_schema()
    columns: list[list[Any]] = [[] for _ in FILE_COLUMNS]
    errors: list[list[Any]] = []
    for o in parse_chunk(list(files), "flat").outcomes:
        if o.payload is None:
            errors.append([o.path, o.error, o.line])
            continue
        try:
            row = typed_row(o.payload)
        except ValueError as e:
            errors.append([o.path, f"cannot write to parquet: {e}", None])
            continue
        for col, v in zip(columns, row, strict=True):
            col.append(v)
    table = pa.Table.from_arrays(
        [pa.array(c, type=f.type) for c, f in zip(columns, schema, strict=True)], schema=schema
    )
    pq.write_table(table, os.path.join(directory, f"part-{index:05d}.parquet"))
    return table.num_rows, errors


def write_parquet(
    paths: Sequence[str], directory: str | os.PathLike[str], *, partition_size: int = 256
) -> ParquetResult:
    """Parse the files named by ``paths`` on the current Dask scheduler into a Parquet dataset.

    One ``part-NNNNN.parquet`` per partition of the bag (the flat schema, typed as in a batch
    ``.parquet`` output, in input order) and ``_errors.csv`` (path, error, line) for the files
    that failed: rows + failed = files. Uses the active ``distributed.Client`` if there is one.
    """
    import dask

    dk: Any = dask  # delayed and compute are untyped, and not re-exported by dask's own typing
    db = _import_bag()
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("part-*.parquet"):
        old.unlink()
    bag = db.from_sequence(_pairs(paths), partition_size=partition_size)
    tasks = [dk.delayed(_write_part)(part, str(out), i) for i, part in enumerate(bag.to_delayed())]
    results = dk.compute(*tasks)
    errors_path = out / "_errors.csv"
    failed = 0
    with open(errors_path, "w", encoding="utf-8", newline="") as fh:
        fh.write(BOM)
        w = csv.writer(fh)
        w.writerow(ERROR_COLUMNS)
        for _rows, errs in results:
            for path, error, line in errs:
                w.writerow([path, error, "" if line is None else line])
                failed += 1
    return ParquetResult(sum(r for r, _ in results), failed, str(out), str(errors_path))
