"""Exports of the ledger as CSV, JSON Lines or Parquet, streamed with bounded memory.

Rows come from the read models of `storage.reads` (the ones `claims list` and `articles list`
show), a chunk at a time, and are written as they come: memory holds one chunk of rows (and,
for Parquet, one row group), whatever the ledger's size. The columns of each kind are the fields
of its record, in order; the README lists them.

- CSV: a header row, then one row per record (`csv` module, RFC 4180 quoting). Empty cell for
  null; timestamps in ISO 8601 with their UTC offset; lists and objects as JSON text.
- JSON Lines: one JSON object per line, keys in column order; lists and objects as JSON.
- Parquet (the `parquet` extra: `pyarrow`): typed columns (int64, string, UTC timestamps,
  lists of strings); `quantities` as JSON text; written in row groups.
"""

from __future__ import annotations

import csv
import io
import json
import sys
import typing
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, fields
from datetime import datetime
from itertools import islice
from pathlib import Path
from typing import IO, Any

from sqlalchemy.orm import Session

from claimledger.errors import ExportError
from claimledger.ledger import Ledger
from claimledger.output import quantities_json
from storage import article_reads, reads, timeline_reads
from storage.values import QuantityRow

FORMATS = ("csv", "jsonl", "parquet")


@dataclass(frozen=True)
class Kind:
    """One kind of export: its record type, how to read it, and Parquet's row-group size."""

    record: type[Any]
    read: Callable[[Session, reads.ReadFilter], Iterator[Any]]
    row_group: int


KINDS: dict[str, Kind] = {
    "claims": Kind(reads.ClaimRecord, lambda s, w: reads.iter_claims(s, w), 10_000),
    "articles": Kind(
        article_reads.ArticleRecord, lambda s, w: article_reads.iter_articles(s, w), 10_000
    ),
    # Parquet row groups are built in memory: 10,000 rows each (versions, with their whole
    # text, 2,000) keep an export's memory bounded.
    "versions": Kind(
        article_reads.VersionRecord, lambda s, w: article_reads.iter_versions(s, w), 2_000
    ),
    "timeline": Kind(
        timeline_reads.TimelinePoint, lambda s, w: timeline_reads.iter_timeline_points(s, w), 10_000
    ),
}


def columns(kind: str) -> list[str]:
    """The export's column names, in order: the fields of the kind's record."""
    return [field.name for field in fields(KINDS[kind].record)]


def _quantity_columns(kind: str) -> set[str]:
    """The columns holding a claim's typed quantities, written in their JSON contract."""
    hints = typing.get_type_hints(KINDS[kind].record)
    return {name for name in columns(kind) if hints[name] == tuple[QuantityRow, ...]}


def _cells(kind: str) -> Callable[[Any], list[Any]]:
    """The values of a record's columns, in order, its quantities as JSON objects."""
    names = columns(kind)
    counted = _quantity_columns(kind)

    def cells(record: Any) -> list[Any]:
        return [
            quantities_json(getattr(record, name)) if name in counted else getattr(record, name)
            for name in names
        ]

    return cells


@dataclass(frozen=True)
class ExportResult:
    kind: str
    format: str
    rows: int
    output: Path | None


def export(
    ledger: Ledger,
    kind: str,
    format: str,
    where: reads.ReadFilter,
    output: Path | None = None,
) -> ExportResult:
    """Write the rows of `kind` that `where` keeps to `output` (stdout when None).

    A file is written beside its final name and renamed when complete, so an interrupted
    export never leaves a truncated file under that name.
    """
    if kind not in KINDS:
        raise ExportError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}", 2)
    if format not in FORMATS:
        raise ExportError(f"format must be one of {', '.join(FORMATS)}, not {format!r}", 2)
    writer = _parquet_writer() if format == "parquet" else None
    if output is None and format == "parquet" and sys.stdout.isatty():
        raise ExportError("Parquet is binary: give --output PATH or redirect stdout", 2)
    with ledger.session() as session:
        records = KINDS[kind].read(session, where)
        if output is None:
            count = _write(records, kind, format, writer, None)
        else:
            partial = output.with_name(f".{output.name}.part")
            try:
                count = _write(records, kind, format, writer, partial)
                partial.replace(output)
            except OSError as error:
                partial.unlink(missing_ok=True)
                raise ExportError(f"cannot write {output}: {error.strerror or error}") from None
            except BaseException:
                partial.unlink(missing_ok=True)
                raise
    return ExportResult(kind, format, count, output)


def _write(records: Iterable[Any], kind: str, format: str, writer: Any, path: Path | None) -> int:
    if format == "parquet":
        if path is None:
            return int(writer(records, kind, sys.stdout.buffer))
        with path.open("wb") as stream:
            return int(writer(records, kind, stream))
    write = write_csv if format == "csv" else write_jsonl
    if path is None:
        count = write(records, kind, sys.stdout)
        sys.stdout.flush()
        return count
    with path.open("w", encoding="utf-8", newline="") as text:
        return write(records, kind, text)


# --- CSV and JSON Lines --------------------------------------------------------------------------


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def write_csv(records: Iterable[Any], kind: str, stream: IO[str], *, header: bool = True) -> int:
    """A header of the kind's columns, then one row per record; returns the number of rows.

    `header=False` writes the rows alone: the continuation of a file already begun.
    """
    cells = _cells(kind)
    out = csv.writer(stream)
    if header:
        out.writerow(columns(kind))
    count = 0
    for record in records:
        out.writerow([_csv_cell(value) for value in cells(record)])
        count += 1
    return count


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def write_jsonl(records: Iterable[Any], kind: str, stream: IO[str]) -> int:
    """One JSON object per record and line, keys in column order; returns the number of rows."""
    names = columns(kind)
    cells = _cells(kind)
    encode = json.JSONEncoder(ensure_ascii=False, default=_json_default).encode
    count = 0
    for record in records:
        stream.write(encode(dict(zip(names, cells(record), strict=True))))
        stream.write("\n")
        count += 1
    return count


def stream_text(ledger: Ledger, kind: str, format: str, where: reads.ReadFilter) -> Iterator[str]:
    """The CSV or JSON Lines export of `kind` that `where` keeps, piece by piece (`text_pieces`),
    read on one session of the ledger that stays open while the pieces are consumed."""
    with ledger.session() as session:
        yield from text_pieces(KINDS[kind].read(session, where), kind, format)


def text_pieces(
    records: Iterable[Any], kind: str, format: str, rows_per_piece: int = 1000
) -> Iterator[str]:
    """The CSV or JSON Lines text of `records`, `rows_per_piece` rows at a time: exactly what
    `write_csv` or `write_jsonl` write, for a streamed HTTP response (the web application's
    downloads) that holds one piece in memory."""
    if format not in ("csv", "jsonl"):
        raise ExportError(f"format must be csv or jsonl, not {format!r}", 2)
    rows = iter(records)
    buffer = io.StringIO(newline="")
    first = True
    while True:
        batch = list(islice(rows, rows_per_piece))
        if not batch and not first:
            return
        buffer.seek(0)
        buffer.truncate()
        if format == "csv":
            write_csv(batch, kind, buffer, header=first)
        else:
            write_jsonl(batch, kind, buffer)
        first = False
        if buffer.tell():
            yield buffer.getvalue()
        if len(batch) < rows_per_piece:
            return


# --- Parquet -------------------------------------------------------------------------------------

PARQUET_MISSING = (
    "Parquet export needs pyarrow, which is not installed: "
    "install claimledger with the parquet extra (uv sync --extra parquet)"
)


def parquet_available() -> bool:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True


def _parquet_writer() -> Callable[[Iterable[Any], str, IO[bytes]], int]:
    if not parquet_available():
        raise ExportError(PARQUET_MISSING, 2)
    return write_parquet


def parquet_schema(kind: str) -> Any:
    """The Arrow schema of a kind: its record's field types, nullable where they are Optional."""
    import pyarrow as pa

    hints = typing.get_type_hints(KINDS[kind].record)
    schema = []
    for field in fields(KINDS[kind].record):
        hint = hints[field.name]
        args = typing.get_args(hint)
        nullable = type(None) in args
        base = next((arg for arg in args if arg is not type(None)), hint) if nullable else hint
        if base is int:
            arrow_type = pa.int64()
        elif base is datetime:
            arrow_type = pa.timestamp("us", tz="UTC")
        elif base == list[str]:
            arrow_type = pa.list_(pa.string())
        else:  # str, and lists of objects (quantities) as JSON text
            arrow_type = pa.string()
        schema.append(pa.field(field.name, arrow_type, nullable=nullable))
    return pa.schema(schema)


def write_parquet(records: Iterable[Any], kind: str, stream: IO[bytes]) -> int:
    """Records as Parquet, one row group per `row_group` rows; returns the number of rows."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema(kind)
    names = columns(kind)
    cells = _cells(kind)
    as_json = _quantity_columns(kind)
    size = KINDS[kind].row_group
    count = 0
    with pq.ParquetWriter(stream, schema, compression="zstd") as writer:
        batch: dict[str, list[Any]] = {name: [] for name in names}
        pending = 0
        for record in records:
            for name, value in zip(names, cells(record), strict=True):
                if name in as_json:
                    value = json.dumps(value, ensure_ascii=False)
                batch[name].append(value)
            pending += 1
            if pending == size:
                writer.write_table(pa.table(batch, schema=schema))
                count += pending
                batch = {name: [] for name in names}
                pending = 0
        if pending or count == 0:
            writer.write_table(pa.table(batch, schema=schema))
            count += pending
    return count
