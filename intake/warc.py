"""Streaming reader for WARC archives (WARC and WARC.gz, as Common Crawl's CC-NEWS publishes them).

An archive is far larger than memory, so records are read one at a time with warcio and every
record the caller does not want (requests, metadata, non-HTML bodies, other hosts, dates outside
the window) is skipped on its headers alone: its payload is never read or kept.

A backfill splits an archive into runs of records: `scan_chunks` makes one quick pass noting
where every run starts (the record's byte offset, which for WARC.gz is the start of its gzip
member), and `read_responses` later seeks straight to one run and reads only its records.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator

HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True)
class RecordFilter:
    """Which response records a backfill wants: a half-open date window and a host test."""

    since: datetime | None = None
    until: datetime | None = None
    wants_url: Callable[[str], bool] | None = None


@dataclass(frozen=True)
class WarcResponse:
    """One archived HTTP response: what a live fetch of `target_uri` returned at `warc_date`.

    `payload` is the body with transfer and content encodings removed; `truncated` says it was
    cut at the size cap, so the caller can reject it like an oversize live response.
    """

    target_uri: str
    warc_date: datetime
    status: int
    headers: tuple[tuple[str, str], ...]
    payload: bytes
    truncated: bool = False

    @property
    def content_type(self) -> str | None:
        for name, value in self.headers:
            if name.lower() == "content-type":
                return value
        return None


@dataclass(frozen=True)
class ChunkStart:
    """Where a run of `records` consecutive records begins, and how many of them are wanted."""

    offset: int
    first_record: int
    records: int
    wanted: int


def scan_chunks(path: Path, records_per_chunk: int, wanted: RecordFilter) -> list[ChunkStart]:
    """Cut an archive into runs of `records_per_chunk` records, in one pass over its headers."""
    chunks: list[ChunkStart] = []
    with path.open("rb") as stream:
        iterator = ArchiveIterator(stream)
        for index, record in enumerate(iterator):
            wanted_now = _skip_reason(record, wanted) is None
            offset = iterator.get_record_offset()
            if index % records_per_chunk == 0:
                chunks.append(ChunkStart(offset, index, 0, 0))
            last = chunks[-1]
            chunks[-1] = ChunkStart(
                last.offset, last.first_record, last.records + 1, last.wanted + wanted_now
            )
    return chunks


def read_responses(
    path: Path,
    start: ChunkStart,
    wanted: RecordFilter,
    max_bytes: int,
    skipped: Counter[str] | None = None,
) -> Iterator[WarcResponse]:
    """The wanted HTML responses among the run of records at `start`, one at a time.

    Records skipped are counted by reason in `skipped` (`warc_skipped_<reason>`).
    """
    skipped = skipped if skipped is not None else Counter()
    with path.open("rb") as stream:
        stream.seek(start.offset)
        for count, record in enumerate(ArchiveIterator(stream)):
            if count >= start.records:
                return
            reason = _skip_reason(record, wanted)
            if reason is not None:
                skipped[f"warc_skipped_{reason}"] += 1
                continue
            yield _response(record, max_bytes)


def _skip_reason(record: Any, wanted: RecordFilter) -> str | None:
    """Why a record is not wanted, judged on its WARC and HTTP headers only; None if wanted."""
    if record.rec_type != "response" or record.http_headers is None:
        return "not_response"
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
    if not uri.startswith(("http://", "https://")):
        return "not_response"
    when = warc_date(record.rec_headers.get_header("WARC-Date"))
    if when is None:
        return "undated"
    if (wanted.since and when < wanted.since) or (wanted.until and when >= wanted.until):
        return "outside_window"
    if wanted.wants_url is not None and not wanted.wants_url(uri):
        return "other_host"
    status = record.http_headers.get_statuscode()
    if not (status or "").isdigit() or not 200 <= int(status) < 300:
        return "not_ok"
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    if content_type and not content_type.startswith(HTML_TYPES):
        return "not_html"
    return None


def _response(record: Any, max_bytes: int) -> WarcResponse:
    payload = record.content_stream().read(max_bytes + 1)
    when = warc_date(record.rec_headers.get_header("WARC-Date"))
    assert when is not None  # checked by _skip_reason
    return WarcResponse(
        target_uri=record.rec_headers.get_header("WARC-Target-URI"),
        warc_date=when,
        status=int(record.http_headers.get_statuscode()),
        headers=tuple(record.http_headers.headers),
        payload=payload[:max_bytes],
        truncated=len(payload) > max_bytes,
    )


def warc_date(value: str | None) -> datetime | None:
    """A WARC-Date (W3C/ISO 8601, UTC; WARC 1.1 allows fractions of a second) as aware UTC."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
