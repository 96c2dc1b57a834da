"""The ingest pass as plain functions: poll sources, pick entries, fetch, extract, version, store.

Prefect flows in `flows/` only decide what runs when and in which batches; everything that can
be tested without Prefect lives here. Each function opens its own short transactions, so a task
can run in any worker, and every failure of one input is recorded and does not stop the others.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import threading
from collections import Counter, deque
from collections.abc import Iterable, Sequence, Set
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import suppress
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from claimledger import progress
from claimledger.settings import Settings
from extractors.article import ExtractionError, extract_article, looks_like_html
from extractors.changes import VersionContent, describe_change, same_content
from extractors.claims import CLAIM_EXTRACTOR_NAME, CLAIM_EXTRACTOR_VERSION, extract_claims
from extractors.fingerprints import FINGERPRINT_SCHEME, Fingerprint, estimated_jaccard, fingerprint
from extractors.normalize import text_fingerprint
from extractors.page_kind import blocked_page_reason
from intake.feeds import FeedEntry, FeedError, content_hash, parse_feed, parse_url_list
from intake.http import Fetcher, FetchOutcome, FetchResult
from intake.urls import InvalidURL, normalize_url, same_site, to_url
from storage import queries, rechecks, writes
from storage.db import session_scope
from storage.models import ArticleVersion, Source
from storage.rechecks import Validators
from storage.writes import FetchLogEntry, PollRecord, VersionDraft

logger = logging.getLogger("claimledger.ingest")

SOURCE_KINDS = ("rss", "atom", "urls")

T = TypeVar("T")


def utcnow() -> datetime:
    return datetime.now(UTC)


def fetch_log_entry(
    result: FetchResult, outcome: str | None = None, error: str | None = None
) -> FetchLogEntry:
    """A fetch-log row for one request; `outcome`/`error` override it when a later step failed."""
    return FetchLogEntry(
        purpose=result.purpose,
        url=result.url,
        final_url=result.final_url,
        requested_at=result.fetched_at,
        status=result.status,
        outcome=outcome or str(result.outcome),
        bytes=len(result.content),
        elapsed_ms=round(result.elapsed * 1000, 1),
        error=error if error is not None else result.error,
    )


def sync_configured_sources(settings: Settings) -> None:
    """Register the configuration's `[[sources]]`; sources already known stay as they are."""
    if not settings.sources:
        return
    rows = [
        (source.name, resolve_source_url(source.url, settings.base_dir), source.kind)
        for source in settings.sources
        if source.enabled
    ]
    with session_scope(settings.database_url) as session:
        writes.ensure_sources(session, rows, utcnow())


def resolve_source_url(location: str, base_dir: Path) -> str:
    """A source location as stored: URLs normalized, local paths as absolute file:// URLs."""
    return normalize_url(to_url(location, base_dir))


# --- runs ------------------------------------------------------------------------------------


def begin_run(
    settings: Settings,
    flow_name: str,
    kind: str,
    parameters: dict[str, object],
    prefect_flow_run_id: str | None = None,
) -> int:
    """Record the start of a flow run; returns its id for counters and fetch-log rows."""
    with session_scope(settings.database_url) as session:
        return writes.start_run(
            session, flow_name, kind, dict(parameters), utcnow(), prefect_flow_run_id
        )


def end_run(
    settings: Settings, run_id: int, counters: Counter[str], error: str | None = None
) -> None:
    with session_scope(settings.database_url) as session:
        writes.finish_run(
            session,
            run_id,
            "failed" if error else "completed",
            dict(sorted(counters.items())),
            utcnow(),
            error,
        )


def due_source_ids(
    settings: Settings, names: Sequence[str] | None = None, *, due_at: datetime | None = None
) -> list[int]:
    """Ids of the sources to poll now; unknown names are an error, not silently nothing.

    Without names, at most `ingest_sources_per_claim` sources due at `due_at` (default: now) are
    claimed for this caller for one poll interval, so concurrent passes (several workers) poll
    disjoint sources; call again for more. Named sources are polled whatever their schedule.
    """
    if not names:
        now = utcnow()
        lease_until = now + timedelta(seconds=settings.ingest_poll_interval)
        with session_scope(settings.database_url) as session:
            return writes.claim_due_sources(
                session, due_at or now, lease_until, settings.ingest_sources_per_claim
            )
    with session_scope(settings.database_url) as session:
        sources = queries.due_sources(session, utcnow(), names)
        missing = sorted(set(names or []) - {source.name for source in sources})
        if missing:
            raise LookupError(f"no enabled source named {', '.join(map(repr, missing))}")
        return [source.id for source in sources]


# --- polling -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PageJob:
    """A page to fetch: an entry that is new, or whose feed says it was updated since last check."""

    url: str
    source_id: int | None  # None for pages a backfill found outside any source (archives)
    published: datetime | None


@dataclass(frozen=True)
class PollResult:
    """What a poll of one source found, and the cache validators to keep once its pages are stored.

    Validators are saved only after the pages are stored, so a crash mid-pass makes the next pass
    read the feed again instead of skipping entries it never stored.
    """

    source_id: int
    source_name: str
    status: str
    error: str | None
    jobs: tuple[PageJob, ...] = ()
    entries_seen: int = 0
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    counters: dict[str, int] = field(default_factory=dict)


def _backoff(settings: Settings, failures: int, now: datetime) -> datetime:
    """Next poll time: the regular interval, doubled for each consecutive failure, capped."""
    delay = min(settings.ingest_poll_interval * 2 ** min(failures, 16), settings.ingest_max_backoff)
    return now + timedelta(seconds=delay)


def poll_source(
    settings: Settings, source_id: int, run_id: int | None, fetcher: Fetcher
) -> PollResult:
    """Fetch one source conditionally, parse it, and pick the entries worth fetching."""
    with session_scope(settings.database_url) as session:
        source = session.get(Source, source_id)
        if source is None:
            raise LookupError(f"source id {source_id} vanished")
        snapshot = (
            source.name,
            source.url,
            source.kind,
            source.etag,
            source.last_modified,
            source.last_body_hash,
            source.consecutive_failures,
        )
    name, url, kind, etag, last_modified, body_hash, failures = snapshot

    result = fetcher.fetch(url, purpose="feed", etag=etag, last_modified=last_modified)
    now = utcnow()
    poll = _interpret_poll(settings, source_id, name, kind, result, body_hash)
    failed = poll.error is not None
    next_poll = _backoff(settings, failures + 1, now) if failed else _backoff(settings, 0, now)
    if result.outcome == FetchOutcome.DEFERRED:
        next_poll = now + timedelta(seconds=settings.ingest_poll_interval)
    with session_scope(settings.database_url) as session:
        writes.log_fetches(
            session,
            [fetch_log_entry(r) for r in fetcher.take_requests()],
            run_id=run_id,
            source_id=source_id,
        )
        writes.record_poll(
            session,
            source_id,
            PollRecord(status=poll.status, error=poll.error, failed=failed, next_poll_at=next_poll),
            now,
        )
        if poll.jobs or poll.entries_seen:
            poll = _select_jobs(session, poll)
    if failed:
        logger.warning("source %s: %s", name, poll.error)
    return poll


def _interpret_poll(
    settings: Settings,
    source_id: int,
    name: str,
    kind: str,
    result: FetchResult,
    previous_hash: str | None,
) -> PollResult:
    if result.outcome == FetchOutcome.NOT_MODIFIED:
        return PollResult(source_id, name, "not_modified", None)
    if not result.ok:
        return PollResult(source_id, name, str(result.outcome), result.error)
    body_hash = content_hash(result.content)
    unchanged = PollResult(
        source_id,
        name,
        "unchanged",
        None,
        etag=result.etag,
        last_modified=result.last_modified,
        body_hash=body_hash,
    )
    if body_hash == previous_hash:
        return unchanged
    try:
        feed = (
            parse_url_list(result.content, result.final_url)
            if kind == "urls"
            else parse_feed(result.content, result.final_url)
        )
    except FeedError as error:
        return PollResult(source_id, name, "bad_feed", str(error))
    jobs: dict[str, PageJob] = {}
    invalid = 0
    for entry in feed.entries[: settings.ingest_max_entries_per_source]:
        try:
            url = normalize_url(entry.url)
        except InvalidURL:
            invalid += 1
            continue
        jobs.setdefault(url, PageJob(url, source_id, _entry_time(entry)))
    return replace(
        unchanged,
        status="ok",
        jobs=tuple(jobs.values()),
        entries_seen=len(feed.entries),
        counters={"entries_seen": len(feed.entries), "entries_invalid": invalid},
    )


def _entry_time(entry: FeedEntry) -> datetime | None:
    return entry.updated or entry.published


def _select_jobs(session: Session, poll: PollResult) -> PollResult:
    """Keep entries never seen, and entries the feed dates after their article's last check."""
    checked = queries.last_checked(session, (job.url for job in poll.jobs))
    selected = tuple(
        job
        for job in poll.jobs
        if job.url not in checked
        or (job.published is not None and job.published > checked[job.url])
    )
    counters = dict(poll.counters)
    counters["entries_new_or_updated"] = len(selected)
    return replace(poll, jobs=selected, counters=counters)


def save_validators(settings: Settings, polls: Iterable[PollResult]) -> None:
    """Remember ETag, Last-Modified and body hash of sources whose entries are now all stored."""
    now = utcnow()
    with session_scope(settings.database_url) as session:
        for poll in polls:
            if poll.error is None and poll.body_hash is not None:
                writes.record_poll(
                    session,
                    poll.source_id,
                    PollRecord(
                        status=poll.status,
                        error=None,
                        failed=False,
                        next_poll_at=_backoff(settings, 0, now),
                        etag=poll.etag,
                        last_modified=poll.last_modified,
                        body_hash=poll.body_hash,
                    ),
                    now,
                )


def plan_page_jobs(polls: Iterable[PollResult]) -> list[PageJob]:
    """One job per URL across sources, oldest entry first so versions follow publication order."""
    jobs: dict[str, PageJob] = {}
    for poll in polls:
        for job in poll.jobs:
            jobs.setdefault(job.url, job)
    never = datetime.min.replace(tzinfo=UTC)
    return sorted(jobs.values(), key=lambda job: (job.published or never, job.url))


def batched(items: Sequence[T], size: int) -> list[list[T]]:
    """Consecutive slices of at most `size` items: the unit of one Prefect task."""
    return [list(items[start : start + size]) for start in range(0, len(items), size)]


# --- pages -------------------------------------------------------------------------------------


def ingest_pages(
    settings: Settings, jobs: Iterable[PageJob], run_id: int | None, fetcher: Fetcher
) -> Counter[str]:
    """Fetch, extract and store a batch of pages; returns counters by outcome.

    Pages are fetched one after another in job order (politeness is the fetcher's). Each
    fetched page's `prepare_page` (text, metadata, claims, fingerprint, compressed capture)
    runs in the extraction pool while the next pages are fetched, or inline without a pool
    (`ingest_extract_processes` 0 or 1). Prepared pages are stored in job order, in groups of
    `STORE_GROUP_PAGES`, each group in one transaction (`store_pages`), so the database work
    costs a few statements per page and one commit per group.
    """
    counters: Counter[str] = Counter()
    pool = extract_pool(settings.ingest_extract_processes)
    ready: list[FetchedPage] = []

    def store_ready() -> None:
        counters.update(store_pages(settings, ready, run_id))
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
    pending: deque[_PendingPage] = deque()

    def collect_first() -> None:
        page = pending.popleft()
        ready.append(fetched_page(page.job, page.result, page.requests, page.prepared.result()))
        if len(ready) >= STORE_GROUP_PAGES:
            store_ready()

    try:
        for job in jobs:
            result = fetcher.fetch(job.url, purpose="page")
            requests = fetcher.take_requests()
            prepared = pool.submit(prepare_page, job, result, run_id)
            pending.append(_PendingPage(job, result, requests, prepared))
            while pending and (pending[0].prepared.done() or len(pending) >= window):
                collect_first()
        while pending:
            collect_first()
        if ready:
            store_ready()
    except BrokenProcessPool:
        # A worker died (killed, out of memory): the next batch gets a fresh pool.
        discard_extract_pool(settings.ingest_extract_processes)
        raise
    finally:
        for page in pending:
            page.prepared.cancel()
    return counters


# Pages stored per transaction: one commit per group, and a crash loses at most one group's
# work (redone by the next pass, since a source's validators are saved after its pages).
STORE_GROUP_PAGES = 20


@dataclass(frozen=True)
class _PendingPage:
    job: PageJob
    result: FetchResult
    requests: list[FetchResult]
    prepared: Future[PreparedPage | PageRejected]


_extract_pools: dict[int, ProcessPoolExecutor] = {}
_extract_pools_lock = threading.Lock()


def extract_pool(processes: int) -> ProcessPoolExecutor | None:
    """The process pool for `prepare_page`, made on first use; None (inline) for 0 or 1.

    Module-level so that every batch (every task thread) of a process shares it. Never forked
    from this process: it runs Prefect's and SQLAlchemy's threads, which a fork would copy
    mid-lock. Workers fork from a fork server instead (where the platform has one), a clean
    process that imports this module once; spawned workers would each import the program's
    main module and Prefect again, seconds of CPU per worker and flow run.
    """
    if processes <= 1:
        return None
    with _extract_pools_lock:
        pool = _extract_pools.get(processes)
        if pool is None:
            pool = ProcessPoolExecutor(processes, mp_context=_worker_context())
            _extract_pools[processes] = pool
        return pool


def start_extract_pool(processes: int) -> None:
    """Start the extraction pool's processes in the background, so that their start (the fork
    server importing the pipeline, a second or two) overlaps the feed polls, not the pages."""
    pool = extract_pool(processes)
    if pool is not None:
        threading.Thread(
            target=_start_workers, args=(pool, processes), name="extract-pool-start", daemon=True
        ).start()


def _start_workers(pool: ProcessPoolExecutor, processes: int) -> None:
    # A pool shut down or broken meanwhile refuses work: the next batch makes a fresh one.
    with suppress(RuntimeError):
        for _ in range(processes):
            pool.submit(int)


def _worker_context() -> multiprocessing.context.BaseContext:
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    return context


def discard_extract_pool(processes: int) -> None:
    with _extract_pools_lock:
        pool = _extract_pools.pop(processes, None)
    if pool is not None:
        pool.shutdown(wait=False, cancel_futures=True)


class PageRejected(Exception):
    """A fetched page that is not stored, with the outcome code and readable reason to log."""

    def __init__(self, outcome: str, reason: str) -> None:
        super().__init__(reason)
        self.outcome = outcome
        self.reason = reason

    def __reduce__(self) -> tuple[type[PageRejected], tuple[str, str]]:
        """Picklable with both arguments, so it can come back from an extraction process."""
        return (PageRejected, (self.outcome, self.reason))


def ingest_page(
    settings: Settings, job: PageJob, run_id: int | None, fetcher: Fetcher
) -> Counter[str]:
    """Fetch one page and store it as a new article, a new version, or a check of an unchanged one.

    Returns the counters of `store_pages`: `pages_<outcome>` is a `VersionOutcome` value, or the
    reason the page was not stored, which is also written on the page's fetch-log row.
    """
    result = fetcher.fetch(job.url, purpose="page")
    return store_fetched_page(settings, job, result, fetcher.take_requests(), run_id)


def store_fetched_page(
    settings: Settings,
    job: PageJob,
    result: FetchResult,
    requests: Sequence[FetchResult],
    run_id: int | None,
) -> Counter[str]:
    """Prepare and store a page already fetched (live, or read from an archive).

    `requests` are the fetch-log rows it took (robots.txt, the page itself). Returns the
    counters of `store_pages`.
    """
    prepared = prepare_page(job, result, run_id)
    return store_pages(settings, [fetched_page(job, result, requests, prepared)], run_id)


@dataclass(frozen=True)
class PreparedPage:
    """A fetched page made ready to store, with all that is derived from it without a database.

    Made by `prepare_page`, in an extraction process when there is a pool, so that the process
    that stores pages only writes: claims and fingerprint are those of `draft.text`, used when
    the text becomes a new version (the shared steps of `flows.runs` would otherwise make them).
    """

    identity: str
    aliases: list[str]
    draft: VersionDraft
    capture: writes.CaptureRow
    claims: dict[str, Any]
    fingerprint: Fingerprint | None


@dataclass(frozen=True)
class FetchedPage:
    """A page's fetch-log rows and what `prepare_page` made of it; the body itself is dropped."""

    job: PageJob
    purpose: str
    fetched_at: datetime
    validators: Validators
    log_rows: list[FetchLogEntry]
    prepared: PreparedPage | PageRejected


def fetched_page(
    job: PageJob,
    result: FetchResult,
    requests: Sequence[FetchResult],
    prepared: PreparedPage | PageRejected,
) -> FetchedPage:
    rejected = prepared if isinstance(prepared, PageRejected) else None
    return FetchedPage(
        job,
        result.purpose,
        result.fetched_at,
        Validators(result.etag, result.last_modified),
        fetch_log_rows(requests, result, rejected),
        prepared,
    )


def prepare_page(
    job: PageJob, result: FetchResult, run_id: int | None
) -> PreparedPage | PageRejected:
    """`prepare_version` plus the version's claims, fingerprint and compressed capture.

    A rejection is returned rather than raised, since this runs in the extraction pool.
    """
    try:
        identity, aliases, draft = prepare_version(job, result, run_id)
    except PageRejected as rejected:
        return rejected
    capture = writes.CaptureRow(
        sha256=draft.capture_sha256,
        url=result.final_url,
        content_type=result.content_type,
        size=len(result.content),
        body=writes.compress_capture(result.content),
        fetched_at=result.fetched_at,
    )
    return PreparedPage(
        identity,
        aliases,
        draft,
        capture,
        extract_claims(draft.text).to_dict(),
        fingerprint(draft.text),
    )


def store_pages(
    settings: Settings, pages: Sequence[FetchedPage], run_id: int | None
) -> Counter[str]:
    """Store prepared pages in job order: one transaction for the pages, one for their dedup.

    The first transaction writes the fetch-log rows, captures, new articles, their first
    versions and aliases with a statement each for the whole group, then the new versions'
    claim sets, so a version is never committed without its claims. A page whose article
    exists already (or appears twice in the group) goes through `store_version`, under the
    article's row lock, after the group's new articles are written. The second transaction
    clusters the new versions under the clustering lock with the fingerprints made in
    `prepare_page`; a crash between the two leaves them without fingerprints, which the dedup
    step of `flows.runs` makes later. Returns counters: `pages_<outcome>` per page, and the
    claims and dedup counters.
    """
    counters: Counter[str] = Counter()
    prepared = [(page, page.prepared) for page in pages if isinstance(page.prepared, PreparedPage)]
    for page in pages:
        if isinstance(page.prepared, PageRejected):
            logger.info("page not stored: %s", page.prepared.reason)
            counters[f"pages_{page.prepared.outcome}"] += 1
    new_versions: list[tuple[queries.VersionForDedup, PreparedPage]] = []
    with session_scope(settings.database_url) as session:
        for source_id, log_rows in _log_rows_by_source(pages).items():
            writes.log_fetches(session, log_rows, run_id=run_id, source_id=source_id)
        writes.store_captures(session, [ready.capture for _page, ready in prepared])
        created = writes.create_articles(
            session, [_new_article(settings, page, ready) for page, ready in prepared]
        )
        first, known = [], []
        for page, ready in prepared:
            article_id = created.pop(ready.identity, None)
            if article_id is None:
                known.append((page, ready))
            else:
                first.append((article_id, page, ready))
        new_versions.extend(_store_first_versions(session, first))
        counters["pages_new_article"] += len(first)
        for page, ready in known:
            outcome, version = _store_known_article_page(session, settings, page, ready)
            counters[f"pages_{outcome}"] += 1
            if version is not None:
                new_versions.append((version, ready))
        counters.update(_store_new_claims(session, new_versions, run_id))
    if new_versions:
        with session_scope(settings.database_url) as session:
            writes.lock_clustering(session)
            counters.update(_deduplicate(session, settings, new_versions, run_id))
    return counters


def _log_rows_by_source(pages: Sequence[FetchedPage]) -> dict[int | None, list[FetchLogEntry]]:
    rows: dict[int | None, list[FetchLogEntry]] = {}
    for page in pages:
        rows.setdefault(page.job.source_id, []).extend(page.log_rows)
    return rows


def _new_article(settings: Settings, page: FetchedPage, ready: PreparedPage) -> writes.NewArticle:
    """The article row a page makes if its identity is new.

    Only a live fetch speaks for the page as it is now: an archived capture (a WARC record)
    neither sets its validators nor starts its rechecks.
    """
    live = page.purpose == "page"
    return writes.NewArticle(
        canonical_url=ready.identity,
        source_id=page.job.source_id,
        first_seen_at=page.fetched_at,
        etag=page.validators.etag if live else None,
        last_modified=page.validators.last_modified if live else None,
        next_check_at=_first_check(settings, page) if live else None,
    )


def _first_check(settings: Settings, page: FetchedPage) -> datetime | None:
    return next_check_time(page.fetched_at, settings.recheck_schedule(), page.fetched_at)


def _store_first_versions(
    session: Session, first: Sequence[tuple[int, FetchedPage, PreparedPage]]
) -> list[tuple[queries.VersionForDedup, PreparedPage]]:
    """Version 1 and the aliases of each article `writes.create_articles` just made."""
    changes = [describe_change(None, version_content(ready.draft)) for _a, _p, ready in first]
    version_ids = writes.add_first_versions(
        session,
        [
            (
                article_id,
                ready.draft,
                writes.VersionChange(
                    None, change.kinds, change.words_added, change.words_removed, None
                ),
            )
            for (article_id, _page, ready), change in zip(first, changes, strict=True)
        ],
    )
    writes.add_many_aliases(
        session,
        [
            (article_id, url, page.fetched_at)
            for article_id, page, ready in first
            for url in [ready.identity, *ready.aliases]
        ],
    )
    return [
        (_version_for_dedup(version_id, article_id, ready.draft), ready)
        for version_id, (article_id, _page, ready) in zip(version_ids, first, strict=True)
    ]


def _version_for_dedup(
    version_id: int, article_id: int, draft: VersionDraft
) -> queries.VersionForDedup:
    return queries.VersionForDedup(version_id, article_id, draft.text_hash, draft.text)


def _store_known_article_page(
    session: Session, settings: Settings, page: FetchedPage, ready: PreparedPage
) -> tuple[VersionOutcome, queries.VersionForDedup | None]:
    """Store a page of an article that exists: a new version, or a check of an unchanged one."""
    article_id = writes.ensure_article(
        session, ready.identity, ready.aliases, page.job.source_id, page.fetched_at
    )
    outcome, number = store_version(session, article_id, ready.draft)
    if page.purpose == "page":
        first_check = _first_check(settings, page)
        rechecks.note_page_fetched(
            session,
            article_id,
            page.validators,
            first_check if outcome is VersionOutcome.NEW_ARTICLE else None,
        )
    if outcome is VersionOutcome.UNCHANGED:
        return outcome, None
    version_id = queries.version_id(session, article_id, number)
    return outcome, _version_for_dedup(version_id, article_id, ready.draft)


def _store_new_claims(
    session: Session,
    new_versions: Sequence[tuple[queries.VersionForDedup, PreparedPage]],
    run_id: int | None,
) -> Counter[str]:
    claim_sets = [
        writes.ClaimSetRow(version.id, CLAIM_EXTRACTOR_NAME, CLAIM_EXTRACTOR_VERSION, ready.claims)
        for version, ready in new_versions
    ]
    return _claim_counters(
        claim_sets, writes.store_claim_sets(session, claim_sets, run_id, utcnow())
    )


def _claim_counters(
    claim_sets: Sequence[writes.ClaimSetRow], created: Sequence[bool]
) -> Counter[str]:
    counters: Counter[str] = Counter()
    for claim_set, new in zip(claim_sets, created, strict=True):
        counters["claim_sets_new" if new else "claim_sets_existing"] += 1
        counters["claims_new"] += len(claim_set.extraction["claims"]) if new else 0
    return counters


def fetch_log_rows(
    requests: Sequence[FetchResult], result: FetchResult, rejected: PageRejected | None = None
) -> list[FetchLogEntry]:
    """The fetch-log rows of one page fetch; a page fetched but not stored says why on its row."""
    rows = [fetch_log_entry(request) for request in requests]
    page_rows = [i for i, request in enumerate(requests) if request.purpose == result.purpose]
    if rejected is not None and result.ok and page_rows:
        last = page_rows[-1]
        rows[last] = fetch_log_entry(requests[last], rejected.outcome, rejected.reason)
    return rows


def next_check_time(
    first_seen: datetime, offsets: Sequence[timedelta], now: datetime
) -> datetime | None:
    """The next recheck of an article: the first step of the schedule still ahead of `now`.

    Steps already past are skipped rather than caught up on, so a pass after an outage checks
    an article once, not once per missed step. None when the schedule has run out.
    """
    for offset in offsets:
        if first_seen + offset > now:
            return first_seen + offset
    return None


class VersionOutcome(StrEnum):
    NEW_ARTICLE = "new_article"
    NEW_VERSION = "new_version"
    UNCHANGED = "unchanged"


def version_content(version: ArticleVersion | VersionDraft) -> VersionContent:
    """The parts of a stored version or a draft that an edit is measured on."""
    return VersionContent(
        title=version.title,
        authors=tuple(version.authors),
        published=version.published_at,
        text=version.text,
    )


def store_version(
    session: Session, article_id: int, draft: VersionDraft
) -> tuple[VersionOutcome, int]:
    """Add the draft as a version unless its content equals a neighbour's in time.

    Compared with the version fetched just before it (and, for archived captures older than
    what is stored, the one just after): unchanged content only marks the article checked.
    Returns the outcome and the number of the version that holds this content.
    """
    writes.lock_article(session, article_id)
    before, after = queries.versions_around(session, article_id, draft.fetched_at)
    new = version_content(draft)
    for neighbour in (before, after):
        if neighbour is not None and same_content(version_content(neighbour), new):
            writes.mark_checked(session, article_id, draft.fetched_at)
            return VersionOutcome.UNCHANGED, neighbour.version
    change = describe_change(None if before is None else version_content(before), new)
    reverts_to = (
        queries.version_with_text(session, article_id, draft.text_hash, draft.fetched_at)
        if before is not None and before.text_hash != draft.text_hash
        else None
    )
    number = writes.add_version(
        session,
        article_id,
        draft,
        writes.VersionChange(
            previous_version=None if before is None else before.version,
            kinds=(*change.kinds, "revert") if reverts_to is not None else change.kinds,
            words_added=change.words_added,
            words_removed=change.words_removed,
            reverts_to=reverts_to,
        ),
    )
    return (
        VersionOutcome.NEW_ARTICLE
        if before is None and after is None
        else VersionOutcome.NEW_VERSION
    ), number


def prepare_version(
    job: PageJob, result: FetchResult, run_id: int | None
) -> tuple[str, list[str], VersionDraft]:
    """A fetched page's identity, aliases and version draft; or PageRejected with a reason."""
    if not result.ok:
        raise PageRejected(str(result.outcome), result.error or f"{job.url}: {result.outcome}")
    if not looks_like_html(result.content, result.content_type):
        raise PageRejected(
            "not_html", f"{result.final_url}: not an HTML page ({result.content_type or 'no type'})"
        )
    try:
        extracted = extract_article(result.content, result.final_url, result.content_type)
    except ExtractionError as error:
        if wall := blocked_page_reason(result.content, ""):
            raise PageRejected("blocked_page", f"{result.final_url}: {wall}") from None
        raise PageRejected(error.reason, str(error)) from None
    if wall := blocked_page_reason(result.content, extracted.text):
        raise PageRejected("blocked_page", f"{result.final_url}: {wall}")
    identity, aliases = article_identity(job.url, result.final_url, extracted.canonical_url)
    draft = VersionDraft(
        url=result.final_url,
        fetched_at=result.fetched_at,
        capture_sha256=hashlib.sha256(result.content).hexdigest(),
        text_hash=text_fingerprint(extracted.text),
        title=extracted.title,
        authors=list(extracted.authors),
        published_at=extracted.published,
        modified_at=extracted.modified,
        language=extracted.language,
        text=extracted.text,
        extractor_name=extracted.extractor_name,
        extractor_version=extracted.extractor_version,
        run_id=run_id,
    )
    return identity, aliases, draft


def article_identity(
    requested_url: str, final_url: str, page_canonical: str | None
) -> tuple[str, list[str]]:
    """The article's identity URL and the other URLs it is known by.

    The page's own canonical URL wins when it is on the same site as the URL it was fetched from
    (a canonical pointing elsewhere is a syndication hint, not identity), or when the page was
    read from a local file, which is an offline copy of the page it names.
    """
    final = normalize_url(final_url)
    identity = final
    if page_canonical:
        try:
            canonical = normalize_url(page_canonical)
        except InvalidURL:
            canonical = None
        if (
            canonical
            and canonical.startswith(("http://", "https://"))
            and (final.startswith("file://") or same_site(canonical, final))
        ):
            identity = canonical
    aliases = [url for url in dict.fromkeys([requested_url, final]) if url != identity]
    return identity, aliases


# --- claims ------------------------------------------------------------------------------------


def versions_needing_claims(settings: Settings, limit: int) -> list[int]:
    """Article versions the current claim extractor has not processed, newest first.

    Asking the database (rather than passing along this run's new versions) also finishes the
    work of a run that crashed between storing a version and storing its claims.
    """
    with session_scope(settings.database_url) as session:
        return queries.versions_without_claims(
            session, CLAIM_EXTRACTOR_NAME, CLAIM_EXTRACTOR_VERSION, limit=limit
        )


def extract_and_store_claims(
    settings: Settings,
    version_ids: Sequence[int],
    run_id: int | None,
    extractor_version: str = CLAIM_EXTRACTOR_VERSION,
) -> Counter[str]:
    """Run the claim extractor over a batch of article versions and store one claim set each.

    The sets are tagged `extractor_version` (the current one unless a re-extraction says
    otherwise); a version that already has a set of that version keeps it.
    """
    counters: Counter[str] = Counter()
    with session_scope(settings.database_url) as session:
        texts = queries.version_texts(session, version_ids)
    for version_id in version_ids:
        extraction = extract_claims(texts[version_id]).to_dict()
        with session_scope(settings.database_url) as session:
            created = writes.store_claim_set(
                session,
                version_id,
                CLAIM_EXTRACTOR_NAME,
                extractor_version,
                extraction,
                run_id,
                utcnow(),
            )
        counters["claim_sets_new" if created else "claim_sets_existing"] += 1
        counters["claims_new"] += len(extraction["claims"]) if created else 0
        progress.advance("claims")
    return counters


# --- deduplication ---------------------------------------------------------------------------

# More candidates than this for one text means thousands of copies; the best of these will do.
MAX_COPY_CANDIDATES = 500
# Versions clustered per transaction: fewer commits, while the clustering lock is held briefly.
DEDUP_VERSIONS_PER_TRANSACTION = 50


def versions_needing_fingerprints(settings: Settings, limit: int) -> list[int]:
    """Article versions without a fingerprint under the current scheme, oldest first.

    Asking the database finishes the work of a crashed run, and fingerprints every stored
    version again when the scheme changes.
    """
    with session_scope(settings.database_url) as session:
        return queries.versions_without_fingerprints(session, FINGERPRINT_SCHEME, limit)


def fingerprint_and_cluster(
    settings: Settings, version_ids: Sequence[int], run_id: int | None
) -> Counter[str]:
    """Fingerprint a batch of versions and put each copy in the cluster of what it copies.

    Signatures are computed first, outside any transaction. Then short transactions, each
    under the clustering lock (so two workers never miss each other's copies or start two
    clusters for one story), store fingerprints, look up copies and record clusters.
    """
    counters: Counter[str] = Counter()
    with session_scope(settings.database_url) as session:
        versions = queries.versions_for_dedup(session, version_ids)
    fingerprinted = [(version, fingerprint(version.text)) for version in versions]
    for chunk in batched(fingerprinted, DEDUP_VERSIONS_PER_TRANSACTION):
        with session_scope(settings.database_url) as session:
            writes.lock_clustering(session)
            counters.update(_deduplicate(session, settings, chunk, run_id))
        progress.advance("dedup", len(chunk))
    return counters


def _deduplicate(
    session: Session,
    settings: Settings,
    fingerprinted: Sequence[tuple[queries.VersionForDedup, Fingerprint | PreparedPage | None]],
    run_id: int | None,
) -> Counter[str]:
    """Store versions' fingerprints, then cluster each version fingerprinted now, in order.

    Call under `writes.lock_clustering`. The fingerprints of the whole lot are stored in one
    statement, the transaction's first (which SQLite's write lock needs); each version then
    looks for copies among the fingerprints stored before it (`_best_copy_match`). Items are
    a fingerprint, or a prepared page carrying one. Returns counters by outcome.
    """
    counters: Counter[str] = Counter()
    fingerprints = [
        (version, item.fingerprint if isinstance(item, PreparedPage) else item)
        for version, item in fingerprinted
    ]
    stored = writes.store_fingerprints(
        session,
        FINGERPRINT_SCHEME,
        [
            writes.FingerprintRow(version.id, text.signature, text.bands, text.shingles)
            if text
            else writes.FingerprintRow(version.id, b"", (), 0)
            for version, text in fingerprints
        ],
        run_id,
        utcnow(),
    )
    not_yet = set(stored)
    for version, text in fingerprints:
        if version.id not in stored:
            counters["dedup_fingerprinted_already"] += 1
            continue
        not_yet.discard(version.id)
        match = _best_copy_match(session, settings, version, text, not_yet)
        outcome = (
            "unique"
            if match is None
            else str(writes.add_to_cluster(session, match, run_id, utcnow()))
        )
        counters[f"dedup_{outcome}"] += 1
    return counters


def _best_copy_match(
    session: Session,
    settings: Settings,
    version: queries.VersionForDedup,
    text_fingerprint: Fingerprint | None,
    not_yet: Set[int],
) -> writes.DuplicateMatch | None:
    """The other article this version copies: the same text, else the most similar text above
    the threshold (ties go to the oldest article); None for an original.

    Fingerprints of `not_yet` (versions stored with this one, to be clustered after it) are not
    candidates: each version sees only those clustered before it, as if fingerprinted one by
    one, so a story's copies join the cluster that exists rather than start a second one.
    """
    exact = queries.exact_copy(session, version.text_hash, version.article_id)
    if exact is not None:
        return writes.DuplicateMatch(version.article_id, version.id, exact[1], exact[0], 1.0, True)
    if text_fingerprint is None:
        return None
    scored = [
        (estimated_jaccard(text_fingerprint.signature, candidate.signature), candidate)
        for candidate in queries.copy_candidates(
            session,
            FINGERPRINT_SCHEME,
            text_fingerprint.bands,
            version.article_id,
            MAX_COPY_CANDIDATES,
        )
        if candidate.version_id not in not_yet
    ]
    similar = [(score, c) for score, c in scored if score >= settings.dedup_threshold]
    if not similar:
        return None
    score, best = min(similar, key=lambda pair: (-pair[0], pair[1].article_id, pair[1].version_id))
    return writes.DuplicateMatch(
        version.article_id, version.id, best.article_id, best.version_id, score, False
    )
