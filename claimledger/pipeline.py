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
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
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
    """The process pool for `prepare_version`, made on first use; None (inline) for 0 or 1.

    Module-level so that every batch (every task thread) of a process shares it. Spawned, not
    forked: the process runs Prefect's and SQLAlchemy's threads, which a fork would copy mid-lock.
    """
    if processes <= 1:
        return None
    with _extract_pools_lock:
        pool = _extract_pools.get(processes)
        if pool is None:
            pool = ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("spawn"))
            _extract_pools[processes] = pool
        return pool


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

    The first transaction writes the fetch-log rows and captures (a statement each for the
    group), then each page's article and version, then the new versions' claim sets, so a
    version is never committed without its claims. A page whose URL names no article yet takes
    the short way (`writes.create_article`, version 1); the others go through `store_version`,
    under the article's row lock. The second transaction clusters the new versions under the
    clustering lock with the fingerprints made in `prepare_page`; a crash between the two
    leaves them without fingerprints, which the dedup step of `flows.runs` makes later.
    Returns counters: `pages_<outcome>` per page, and the claims and dedup counters.
    """
    counters: Counter[str] = Counter()
    new_versions: list[tuple[queries.VersionForDedup, PreparedPage]] = []
    now = utcnow()
    with session_scope(settings.database_url) as session:
        for source_id, log_rows in _log_rows_by_source(pages).items():
            writes.log_fetches(session, log_rows, run_id=run_id, source_id=source_id)
        writes.store_captures(
            session,
            [page.prepared.capture for page in pages if isinstance(page.prepared, PreparedPage)],
        )
        for page in pages:
            if isinstance(page.prepared, PageRejected):
                logger.info("page not stored: %s", page.prepared.reason)
                counters[f"pages_{page.prepared.outcome}"] += 1
                continue
            version_outcome, article_id, version_id = _store_page_version(session, settings, page)
            counters[f"pages_{version_outcome}"] += 1
            if version_id is not None:
                version = queries.VersionForDedup(
                    version_id, article_id, page.prepared.draft.text_hash, page.prepared.draft.text
                )
                new_versions.append((version, page.prepared))
        claim_sets = [
            writes.ClaimSetRow(
                version.id, CLAIM_EXTRACTOR_NAME, CLAIM_EXTRACTOR_VERSION, prepared.claims
            )
            for version, prepared in new_versions
        ]
        for claim_set, created in zip(
            claim_sets, writes.store_claim_sets(session, claim_sets, run_id, now), strict=True
        ):
            counters["claim_sets_new" if created else "claim_sets_existing"] += 1
            counters["claims_new"] += len(claim_set.extraction["claims"]) if created else 0
    if new_versions:
        with session_scope(settings.database_url) as session:
            writes.lock_clustering(session)
            for version, prepared in new_versions:
                outcome = _deduplicate(session, settings, version, prepared.fingerprint, run_id)
                counters[f"dedup_{outcome}"] += 1
    return counters


def _log_rows_by_source(pages: Sequence[FetchedPage]) -> dict[int | None, list[FetchLogEntry]]:
    rows: dict[int | None, list[FetchLogEntry]] = {}
    for page in pages:
        rows.setdefault(page.job.source_id, []).extend(page.log_rows)
    return rows


def _store_page_version(
    session: Session, settings: Settings, page: FetchedPage
) -> tuple[VersionOutcome, int, int | None]:
    """Store one prepared page's article and version; (outcome, article id, new version id).

    Only a live fetch speaks for the page as it is now: an archived capture (a WARC record)
    neither replaces its validators and status nor starts its rechecks.
    """
    prepared = page.prepared
    assert isinstance(prepared, PreparedPage)
    draft, live = prepared.draft, page.purpose == "page"
    first_check = (
        next_check_time(page.fetched_at, settings.recheck_schedule(), page.fetched_at)
        if live
        else None
    )
    validators = page.validators if live else Validators(None, None)
    article_id = writes.create_article(
        session,
        writes.NewArticle(
            canonical_url=prepared.identity,
            source_id=page.job.source_id,
            first_seen_at=page.fetched_at,
            etag=validators.etag,
            last_modified=validators.last_modified,
            next_check_at=first_check,
        ),
    )
    if article_id is not None:
        writes.add_aliases(
            session, article_id, [prepared.identity, *prepared.aliases], draft.fetched_at
        )
        change = describe_change(None, version_content(draft))
        version_id = writes.add_first_version(
            session,
            article_id,
            draft,
            writes.VersionChange(
                None, change.kinds, change.words_added, change.words_removed, None
            ),
        )
        return VersionOutcome.NEW_ARTICLE, article_id, version_id
    article_id = writes.ensure_article(
        session, prepared.identity, prepared.aliases, page.job.source_id, page.fetched_at
    )
    outcome, number = store_version(session, article_id, draft)
    if live:
        rechecks.note_page_fetched(
            session,
            article_id,
            validators,
            first_check if outcome is VersionOutcome.NEW_ARTICLE else None,
        )
    if outcome is VersionOutcome.UNCHANGED:
        return outcome, article_id, None
    return outcome, article_id, queries.version_id(session, article_id, number)


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
    clusters for one story), store fingerprints, look up copies and record clusters; within
    one, each version sees the versions stored before it.
    """
    counters: Counter[str] = Counter()
    with session_scope(settings.database_url) as session:
        versions = queries.versions_for_dedup(session, version_ids)
    fingerprinted = [(version, fingerprint(version.text)) for version in versions]
    for chunk in batched(fingerprinted, DEDUP_VERSIONS_PER_TRANSACTION):
        with session_scope(settings.database_url) as session:
            writes.lock_clustering(session)
            for version, text_fingerprint in chunk:
                outcome = _deduplicate(session, settings, version, text_fingerprint, run_id)
                counters[f"dedup_{outcome}"] += 1
        progress.advance("dedup", len(chunk))
    return counters


def _deduplicate(
    session: Session,
    settings: Settings,
    version: queries.VersionForDedup,
    text_fingerprint: Fingerprint | None,
    run_id: int | None,
) -> str:
    """Store one version's fingerprint and cluster it; returns the outcome for the counters."""
    # A text without a single word is recorded as done, with no bands: never anyone's candidate.
    signature, bands, shingles = (
        (text_fingerprint.signature, text_fingerprint.bands, text_fingerprint.shingles)
        if text_fingerprint
        else (b"", (), 0)
    )
    stored = writes.store_fingerprint(
        session, version.id, FINGERPRINT_SCHEME, signature, bands, shingles, run_id, utcnow()
    )
    if not stored:
        return "fingerprinted_already"
    match = _best_copy_match(session, settings, version, text_fingerprint)
    if match is None:
        return "unique"
    return str(writes.add_to_cluster(session, match, run_id, utcnow()))


def _best_copy_match(
    session: Session,
    settings: Settings,
    version: queries.VersionForDedup,
    text_fingerprint: Fingerprint | None,
) -> writes.DuplicateMatch | None:
    """The other article this version copies: the same text, else the most similar text above
    the threshold (ties go to the oldest article); None for an original."""
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
    ]
    similar = [(score, c) for score, c in scored if score >= settings.dedup_threshold]
    if not similar:
        return None
    score, best = min(similar, key=lambda pair: (-pair[0], pair[1].article_id, pair[1].version_id))
    return writes.DuplicateMatch(
        version.article_id, version.id, best.article_id, best.version_id, score, False
    )
