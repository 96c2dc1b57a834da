"""Manual backfills as plain functions: plan chunks, run one chunk, report progress.

A backfill reads archives and listings far larger than a feed (WARC files, sitemaps, URL lists,
or a source's own feed entries over a date window) and stores what it finds through the very
path every workflow uses (`claimledger.store`): same identity, aliases, capture dedup and
time-ordered versions, so an archived capture older than the stored text becomes an earlier
version, and a page already stored with the same text adds nothing.

The work is cut into chunks, each an idempotent unit recorded in the database under a key
derived from the backfill's inputs: a run of WARC records, or up to `backfill_urls_per_chunk`
URLs of one day of a sitemap or source (or of a URL list). A chunk is marked done after its
writes, so a process killed at any moment loses nothing: the next run redoes the chunks not
done, and redoing one adds nothing because every write is an upsert.

What a backfill covers and how it is cut into chunks is `claimledger.backfill_plan`.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from claimledger import prepare, progress, stopping, store
from claimledger.backfill_plan import BackfillRequest, SiteMatcher, named_sources, plan_chunks
from claimledger.common import utcnow
from claimledger.errors import Interrupted, NotFoundError
from claimledger.prepare import PageJob
from claimledger.settings import Settings
from intake.http import Fetcher, FetchOutcome, FetchResult
from intake.urls import InvalidURL, normalize_url
from intake.warc import ChunkStart, RecordFilter, WarcResponse, read_responses
from storage import article_store, backfills, run_store
from storage.db import session_scope
from storage.models import Backfill, BackfillChunk

logger = logging.getLogger("claimledger.backfill")


TRANSIENT_OUTCOMES = frozenset(
    {
        FetchOutcome.TIMEOUT,
        FetchOutcome.DNS_ERROR,
        FetchOutcome.CONNECT_ERROR,
        FetchOutcome.PROTOCOL_ERROR,
        FetchOutcome.DEFERRED,
    }
)


def ensure_plan(
    settings: Settings, request: BackfillRequest, fetcher: Fetcher, run_id: int | None
) -> int:
    """The id of this request's backfill, planning and recording it first if it is new.

    The plan is recorded whole, in one transaction, only once every input was read: a process
    killed while planning leaves nothing behind, and the next run plans again.
    """
    key = request.key()
    with session_scope(settings.database_url) as session:
        existing = backfills.find_backfill(session, key)
        if existing is not None:
            return existing.id
    try:
        drafts = plan_chunks(settings, request, fetcher)
    finally:
        log_requests(settings, fetcher, run_id)
    with session_scope(settings.database_url) as session:
        return backfills.record_plan(session, key, request.parameters(), drafts, utcnow())


def log_requests(settings: Settings, fetcher: Fetcher, run_id: int | None) -> None:
    """Write the fetcher's requests so far (sitemaps, feeds, robots.txt) to the fetch log."""
    rows = [prepare.fetch_log_entry(result) for result in fetcher.take_requests()]
    with session_scope(settings.database_url) as session:
        run_store.log_fetches(session, rows, run_id=run_id, source_id=None)


@dataclass(frozen=True)
class ChunkInfo:
    """A chunk as `status`, `--dry-run` and the flow see it."""

    key: str
    ordinal: int
    kind: str
    label: str
    items: int
    status: str
    attempts: int = 0
    error: str | None = None
    counters: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, chunk: BackfillChunk) -> ChunkInfo:
        return cls(
            chunk.key,
            chunk.ordinal,
            chunk.kind,
            chunk.label,
            chunk.items,
            chunk.status,
            chunk.attempts,
            chunk.error,
            dict(chunk.counters or {}),
        )


def chunks_to_run(
    settings: Settings,
    backfill_id: int,
    *,
    retry_failed: bool = False,
    keys: Sequence[str] | None = None,
) -> list[ChunkInfo]:
    """Chunks not done yet: pending, and running ones a killed process left behind; or, to
    retry them alone, only the failed ones. `keys` narrows to one flow run's group."""
    statuses = ("failed",) if retry_failed else ("pending", "running")
    with session_scope(settings.database_url) as session:
        return [ChunkInfo.of(c) for c in backfills.chunks_of(session, backfill_id, statuses, keys)]


def preview(settings: Settings, request: BackfillRequest, fetcher: Fetcher) -> list[ChunkInfo]:
    """The chunk plan, for `--dry-run`: as recorded (with states) if this backfill exists, else
    as it would be planned now (state "new"); writes nothing."""
    with session_scope(settings.database_url) as session:
        existing = backfills.find_backfill(session, request.key())
        if existing is not None:
            return [ChunkInfo.of(c) for c in backfills.chunks_of(session, existing.id)]
    return [
        ChunkInfo(d.key, d.ordinal, d.kind, d.label, d.items, "new")
        for d in plan_chunks(settings, request, fetcher)
    ]


def finish_backfill(settings: Settings, backfill_id: int) -> str:
    with session_scope(settings.database_url) as session:
        return backfills.refresh_status(session, backfill_id, utcnow())


def run_chunk(
    settings: Settings, chunk_key: str, run_id: int | None, fetcher: Fetcher
) -> Counter[str]:
    """Do one chunk and record it done, or failed with its error; returns its counters.

    A chunk fails when its input cannot be read, or when some of its pages could not be fetched
    for a reason that may pass (timeouts, refused connections, 429 and 5xx answers): those pages
    are not stored, so the chunk is left for `--retry-failed`, which fetches only what is
    still missing.
    """
    with session_scope(settings.database_url) as session:
        chunk = backfills.find_chunk(session, chunk_key)
        if chunk is None:
            raise NotFoundError(f"no backfill chunk with key {chunk_key}")
        backfill = session.get(Backfill, chunk.backfill_id)
        assert backfill is not None
        backfills.start_chunk(session, chunk.id, utcnow())
        chunk_id, kind, parameters = chunk.id, chunk.kind, dict(chunk.parameters)
        request = BackfillRequest.from_parameters(backfill.parameters)
    counters: Counter[str] = Counter()
    try:
        if kind == "warc":
            _run_warc_chunk(settings, request, parameters, run_id, counters)
            error = None
        else:
            problems = _run_page_chunk(settings, parameters, run_id, fetcher, counters)
            error = _describe_problems(problems)
    except Interrupted:
        raise  # no failure of the chunk: left unfinished, the next run redoes it
    except Exception as failure:  # one chunk's failure is recorded and the backfill goes on
        logger.exception("backfill chunk %s failed", chunk_key)
        error = f"{type(failure).__name__}: {failure}"
    counters["chunks_failed" if error else "chunks_done"] += 1
    with session_scope(settings.database_url) as session:
        backfills.finish_chunk(session, chunk_id, dict(counters), error, utcnow())
    return counters


def _run_page_chunk(
    settings: Settings,
    parameters: dict[str, Any],
    run_id: int | None,
    fetcher: Fetcher,
    counters: Counter[str],
) -> list[str]:
    """Fetch and store the chunk's pages not stored yet (or dated after their last check)."""
    jobs = [
        PageJob(url, source_id, datetime.fromisoformat(when) if when else None)
        for url, when, source_id in parameters["pages"]
    ]
    with session_scope(settings.database_url) as session:
        checked = article_store.last_checked(session, (job.url for job in jobs))
    todo = [
        job
        for job in jobs
        if job.url not in checked
        or (job.published is not None and job.published > checked[job.url])
    ]
    counters["pages_already_stored"] += len(jobs) - len(todo)
    progress.advance("pages", len(jobs) - len(todo))
    problems = []
    for job in todo:
        result = fetcher.fetch(job.url, purpose="page")
        counters.update(
            store.store_fetched_page(settings, job, result, fetcher.take_requests(), run_id)
        )
        if is_transient(result):
            problems.append(result.error or f"{job.url}: {result.outcome}")
        progress.advance("pages")
    return problems


def is_transient(result: FetchResult) -> bool:
    """A fetch failure that may pass: worth retrying the chunk later."""
    if result.outcome in TRANSIENT_OUTCOMES:
        return True
    status = result.status or 0
    return result.outcome is FetchOutcome.HTTP_ERROR and (status == 429 or status >= 500)


def _describe_problems(problems: Sequence[str]) -> str | None:
    if not problems:
        return None
    shown = "; ".join(problems[:3])
    more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
    return f"{len(problems)} page(s) not fetched, retry later: {shown}{more}"


def _run_warc_chunk(
    settings: Settings,
    request: BackfillRequest,
    parameters: dict[str, Any],
    run_id: int | None,
    counters: Counter[str],
) -> None:
    """Store the wanted responses of one run of WARC records, as if fetched at their WARC-Date."""
    window = request.window()
    sources = named_sources(settings, request.sources)
    sites = SiteMatcher(sources)
    wanted = RecordFilter(window.since, window.until, sites.wants if sources else None)
    start = ChunkStart(**{name: parameters[name] for name in ChunkStart.__dataclass_fields__})
    for response in read_responses(
        Path(parameters["path"]), start, wanted, settings.http.max_bytes, counters
    ):
        stopping.check()
        result = archived_fetch(response, settings.http.max_bytes)
        job = PageJob(result.url, sites.source_for(result.url), None)
        counters.update(store.store_fetched_page(settings, job, result, [result], run_id))
        progress.advance("pages")


def archived_fetch(response: WarcResponse, max_bytes: int) -> FetchResult:
    """A WARC response as the `FetchResult` a live fetch would have given at its WARC-Date.

    Purpose "warc" marks its fetch-log row as read from an archive, not from the network.
    """
    headers = {name.lower(): value for name, value in response.headers}
    outcome, error, url = FetchOutcome.OK, None, response.target_uri
    try:
        url = normalize_url(response.target_uri)
    except InvalidURL as invalid:
        outcome, error = FetchOutcome.INVALID_URL, str(invalid)
    if response.truncated and outcome is FetchOutcome.OK:
        outcome = FetchOutcome.TOO_LARGE
        error = f"{url}: archived body exceeds the {max_bytes}-byte limit"
    return FetchResult(
        url=url,
        final_url=url,
        purpose="warc",
        outcome=outcome,
        status=response.status,
        error=error,
        content=response.payload if outcome is FetchOutcome.OK else b"",
        content_type=headers.get("content-type"),
        etag=headers.get("etag"),
        last_modified=headers.get("last-modified"),
        elapsed=0.0,
        redirects=(),
        fetched_at=response.warc_date,
    )


@dataclass(frozen=True)
class BackfillSummary:
    id: int
    key: str
    status: str
    created_at: datetime
    updated_at: datetime
    parameters: dict[str, Any]
    chunks: dict[str, int]
    items: int


def summaries(settings: Settings, limit: int = 50) -> list[BackfillSummary]:
    """Recorded backfills, newest first, with their chunks counted by status."""
    with session_scope(settings.database_url) as session:
        rows = backfills.list_backfills(session, limit)
        counts = backfills.chunk_counts(session, [row.id for row in rows])
        items = backfills.item_totals(session, [row.id for row in rows])
        return [
            BackfillSummary(
                row.id,
                row.key,
                row.status,
                row.created_at,
                row.updated_at,
                dict(row.parameters),
                counts[row.id],
                items.get(row.id, 0),
            )
            for row in rows
        ]


def chunk_details(settings: Settings, backfill_id: int) -> list[ChunkInfo]:
    with session_scope(settings.database_url) as session:
        if session.get(Backfill, backfill_id) is None:
            raise NotFoundError(f"no backfill with id {backfill_id}")
        return [ChunkInfo.of(c) for c in backfills.chunks_of(session, backfill_id)]
