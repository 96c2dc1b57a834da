"""Ingest pages: the second half of the ingest pass, the batch loop over page jobs.

Each page is fetched, made ready to store in the extraction processes (`claimledger.prepare`)
and stored as a version by `claimledger.store` (the path every workflow shares); entries that
failed are kept pending with back-off or abandoned (`settle_entries`). Every failure of one page
is recorded and does not stop the others.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Iterable, Sequence
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import datetime, timedelta

from claimledger import progress
from claimledger.common import utcnow
from claimledger.fetched_pages import FetchedPage, fetched_page
from claimledger.pool import extract_pool, replace_broken_extract_pool, start_extract_pool
from claimledger.prepare import PageJob, PageRejected, PreparedPage, prepare_page
from claimledger.settings import Settings
from claimledger.store import STORE_GROUP_PAGES, store_pages
from intake.http import Fetcher, FetchOutcome, FetchResult
from storage import pending
from storage.db import session_scope
from storage.pending import EntryStatus


def start_extraction_for(settings: Settings, pages: int) -> None:
    """Start the extraction processes once a pass has planned `pages`, if that is enough to
    repay their start (`ingest_extract_pool_min_pages`); `ingest_pages` then uses them."""
    if pages >= settings.ingest_extract_pool_min_pages:
        start_extract_pool(settings.ingest_extract_processes)


def ingest_pages(
    settings: Settings, jobs: Iterable[PageJob], run_id: int | None, fetcher: Fetcher
) -> Counter[str]:
    """Fetch, extract and store a batch of pages; returns counters by outcome.

    Pages are fetched one after another in job order (politeness is the fetcher's). Each
    fetched page's `prepare_page` (text, metadata, claims, fingerprint, compressed capture)
    runs in the extraction pool while the next pages are fetched, when `start_extraction_for`
    started one; otherwise inline. Prepared pages are stored in job order, in groups of
    `STORE_GROUP_PAGES`, each group in one transaction (`store_pages`), so the database work
    costs a few statements per page and one commit per group.
    """
    counters: Counter[str] = Counter()
    pool = extract_pool(settings.ingest_extract_processes)
    ready: list[FetchedPage] = []

    def store_ready() -> None:
        counters.update(store_pages(settings, ready, run_id).counters)
        counters.update(settle_entries(settings, ready))
        progress.advance("pages", len(ready))
        ready.clear()

    if pool is None:
        for job in jobs:
            result = fetcher.fetch(job.url, purpose="page")
            requests = fetcher.take_requests()
            ready.append(fetched_page(job, result, requests, prepare_page(job, result, run_id)))
            if len(ready) >= STORE_GROUP_PAGES:
                store_ready()
        if ready:
            store_ready()
        return counters

    # Pages fetched and not yet prepared; bounded so a batch of large pages is not all held.
    window = 2 * settings.ingest_extract_processes + 2
    in_flight: deque[_PendingPage] = deque()

    def collect_first() -> None:
        page = in_flight.popleft()
        ready.append(fetched_page(page.job, page.result, page.requests, page.prepared.result()))
        if len(ready) >= STORE_GROUP_PAGES:
            store_ready()

    try:
        for job in jobs:
            result = fetcher.fetch(job.url, purpose="page")
            requests = fetcher.take_requests()
            prepared = pool.submit(prepare_page, job, result, run_id)
            in_flight.append(_PendingPage(job, result, requests, prepared))
            while in_flight and (in_flight[0].prepared.done() or len(in_flight) >= window):
                collect_first()
        while in_flight:
            collect_first()
        if ready:
            store_ready()
    except BrokenProcessPool:
        # A worker died (killed, out of memory): this batch fails, the next gets a fresh pool.
        replace_broken_extract_pool(pool, settings.ingest_extract_processes)
        raise
    finally:
        for page in in_flight:
            page.prepared.cancel()
    return counters


def settle_entries(settings: Settings, pages: Sequence[FetchedPage]) -> Counter[str]:
    """Settle the tracked entries of pages just stored or refused (`storage.pending`).

    A stored page's entry is no longer tracked. A failure that may pass (`may_pass`) leaves it
    pending, to be fetched again after `ingest_retry_after` seconds doubled per failed attempt,
    until `ingest_max_attempts` attempts, when it is abandoned with the reason; any other
    refusal (404, robots.txt, blocked address, not HTML...) abandons it at once. Counts
    `entries_pending` and `entries_abandoned`.
    """
    counters: Counter[str] = Counter()
    refused = [page for page in pages if isinstance(page.prepared, PageRejected)]
    now = utcnow()
    with session_scope(settings.database_url) as session:
        pending.forget_entries(
            session, (page.job.url for page in pages if isinstance(page.prepared, PreparedPage))
        )
        tracked = pending.attempts_by_url(session, (page.job.url for page in refused))
        updates = []
        for page in refused:
            for row_id, attempts in tracked.get(page.job.url, []):
                update = _after_failure(settings, page, row_id, attempts, now)
                counters[f"entries_{update.status}"] += 1
                updates.append(update)
        pending.update_entries(session, updates, now)
    return counters


def _after_failure(
    settings: Settings, page: FetchedPage, row_id: int, attempts: int, now: datetime
) -> pending.EntryUpdate:
    rejected = page.prepared
    assert isinstance(rejected, PageRejected)
    status = _page_status(page)
    # A host that asked us to wait (Retry-After) was not asked: no attempt is spent.
    tried = attempts + (0 if rejected.outcome == FetchOutcome.DEFERRED else 1)
    if not may_pass(rejected.outcome, status):
        return pending.EntryUpdate(
            row_id, EntryStatus.ABANDONED, tried, now, rejected.outcome, rejected.reason
        )
    if tried >= settings.ingest_max_attempts:
        reason = f"gave up after {tried} attempts: {rejected.reason}"
        return pending.EntryUpdate(
            row_id, EntryStatus.ABANDONED, tried, now, rejected.outcome, reason
        )
    delay = min(
        settings.ingest_retry_after * 2 ** min(max(tried - 1, 0), 16), settings.ingest_max_backoff
    )
    return pending.EntryUpdate(
        row_id,
        EntryStatus.PENDING,
        tried,
        now + timedelta(seconds=delay),
        rejected.outcome,
        rejected.reason,
    )


def _page_status(page: FetchedPage) -> int | None:
    """The HTTP status of the page's own request (after robots.txt and redirects)."""
    statuses = [row.status for row in page.log_rows if row.purpose == page.purpose]
    return statuses[-1] if statuses else None


# Fetch outcomes that say nothing about the page itself: the network, the host or its load.
_PASSING_OUTCOMES = frozenset(
    {
        FetchOutcome.TIMEOUT,
        FetchOutcome.CONNECT_ERROR,
        FetchOutcome.DNS_ERROR,
        FetchOutcome.PROTOCOL_ERROR,
        FetchOutcome.DEFERRED,
    }
)


# Request timeout, too early, too many requests; and every 5xx.
_PASSING_STATUSES = frozenset({408, 425, 429})


def may_pass(outcome: str, status: int | None) -> bool:
    """Whether a page that failed so is worth fetching again later: timeouts, connection and
    DNS errors, a host deferring us, 408/425/429 and 5xx. A 404 or 410, a robots.txt refusal,
    a blocked address, a page that is not HTML or has no text will be the same next time."""
    if outcome in _PASSING_OUTCOMES:
        return True
    return (
        outcome == FetchOutcome.HTTP_ERROR
        and status is not None
        and (status in _PASSING_STATUSES or status >= 500)
    )


@dataclass(frozen=True)
class _PendingPage:
    job: PageJob
    result: FetchResult
    requests: list[FetchResult]
    prepared: Future[PreparedPage | PageRejected]
