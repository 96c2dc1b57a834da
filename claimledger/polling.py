"""Poll sources: the first half of the ingest pass, as plain functions.

Sources registered from the configuration, the due ones claimed for a pass, each feed or URL
list polled (politely, with validators and back-off) and its new or updated entries planned as
page jobs. Prefect flows in `flows/` only decide what runs when; each function opens its own
short transactions, and every failure of one source is recorded and does not stop the others.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from claimledger.common import utcnow
from claimledger.errors import UnknownSourceError
from claimledger.prepare import PageJob, fetch_log_entry
from claimledger.settings import Settings
from intake.feeds import FeedEntry, FeedError, content_hash, parse_feed, parse_url_list
from intake.http import Fetcher, FetchOutcome, FetchResult
from intake.urls import InvalidURL, normalize_url, to_url
from storage import article_store, pending, run_store, source_store
from storage.db import session_scope
from storage.models import Source
from storage.pending import EntryStatus
from storage.values import PollRecord

logger = logging.getLogger("claimledger.ingest")


SOURCE_KINDS = ("rss", "atom", "json", "urls")


def sync_configured_sources(settings: Settings) -> list[str]:
    """Register the configuration's `[[sources]]`; sources already known stay as they are.

    The ledger is what is polled: an entry for a source edited since (`sources edit`) changes
    nothing, and one for a removed source (`sources remove`) does not bring it back. For each
    of those a warning is returned, for the caller to show or log, so a removed source never
    stays in the file unnoticed.
    """
    if not settings.sources:
        return []
    rows = [
        (source.name, resolve_source_url(source.url, settings.base_dir), source.kind)
        for source in settings.sources
        if source.enabled
    ]
    with session_scope(settings.database_url) as session:
        source_store.ensure_sources(session, rows, utcnow())
        removed = source_store.removed_sources(session, [name for name, _, _ in rows])
    warnings = [
        f"source {name!r} of the configuration was removed on {when:%Y-%m-%d %H:%M} UTC and is "
        f"not polled; delete its [[sources]] entry, or run 'claimledger sources add {name} URL' "
        "to bring it back"
        for name, when in sorted(removed.items())
    ]
    return warnings


def resolve_source_url(location: str, base_dir: Path) -> str:
    """A source location as stored: URLs normalized, local paths as absolute file:// URLs."""
    return normalize_url(to_url(location, base_dir))


def due_source_ids(
    settings: Settings,
    names: Sequence[str] | None = None,
    *,
    due_at: datetime | None = None,
    run_id: int | None = None,
) -> list[int]:
    """Ids of the sources to poll now; unknown names are an error, not silently nothing.

    Without names, at most `ingest_sources_per_claim` sources due at `due_at` (default: now) are
    claimed for run `run_id` for one poll interval, so concurrent passes (several workers) poll
    disjoint sources; call again for more. Named sources are polled whatever their schedule.
    """
    if not names:
        now = utcnow()
        lease_until = now + timedelta(seconds=settings.ingest_poll_interval)
        with session_scope(settings.database_url) as session:
            return source_store.claim_due_sources(
                session, due_at or now, lease_until, settings.ingest_sources_per_claim, run_id
            )
    with session_scope(settings.database_url) as session:
        sources = source_store.due_sources(session, utcnow(), names)
        missing = sorted(set(names or []) - {source.name for source in sources})
        if missing:
            raise UnknownSourceError(f"no enabled source named {', '.join(map(repr, missing))}")
        return [source.id for source in sources]


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
    poll_interval: int | None = None  # the source's own (`sources edit --interval`), if any


# Poll statuses that are no failure of the source: a deferred poll waits for the host's turn.
HEALTHY_POLLS = frozenset({"ok", "unchanged", "not_modified", "deferred"})


def failed_sources(counters: Mapping[str, int]) -> tuple[int, int]:
    """How many sources a pass polled without success, and how many it polled, from its
    `sources_<status>` counters."""
    polled = {
        name.removeprefix("sources_"): count
        for name, count in counters.items()
        if name.startswith("sources_")
    }
    failed = sum(count for status, count in polled.items() if status not in HEALTHY_POLLS)
    return failed, sum(polled.values())


def _backoff(
    settings: Settings, own_interval: int | None, failures: int, now: datetime
) -> datetime:
    """Next poll time: the source's interval (its own, else `[ingest] poll_interval`), doubled
    for each consecutive failure, capped at `[ingest] max_backoff`."""
    interval = own_interval or settings.ingest_poll_interval
    delay = min(interval * 2 ** min(failures, 16), max(settings.ingest_max_backoff, interval))
    return now + timedelta(seconds=delay)


def poll_source(
    settings: Settings,
    source_id: int,
    run_id: int | None,
    fetcher: Fetcher,
    *,
    named: bool = False,
) -> PollResult:
    """Fetch one source conditionally, parse it, and pick the entries worth fetching.

    The entries picked include the source's pending ones whose retry is due, whatever the
    feed says now (all of them when the operator `named` the source), and are tracked until
    stored or refused for good (`_select_jobs`).
    """
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
            source.poll_interval,
        )
    name, url, kind, etag, last_modified, body_hash, failures, own_interval = snapshot

    result = fetcher.fetch(url, purpose="feed", etag=etag, last_modified=last_modified)
    now = utcnow()
    poll = replace(
        _interpret_poll(settings, source_id, name, kind, result, body_hash),
        poll_interval=own_interval,
    )
    failed = poll.error is not None
    next_poll = _backoff(settings, own_interval, failures + 1 if failed else 0, now)
    if result.outcome == FetchOutcome.DEFERRED:
        next_poll = _backoff(settings, own_interval, 0, now)
    with session_scope(settings.database_url) as session:
        run_store.log_fetches(
            session,
            [fetch_log_entry(r) for r in fetcher.take_requests()],
            run_id=run_id,
            source_id=source_id,
        )
        source_store.record_poll(
            session,
            source_id,
            PollRecord(status=poll.status, error=poll.error, failed=failed, next_poll_at=next_poll),
            now,
        )
        poll = _select_jobs(session, settings, poll, now, named=named)
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
    for entry in feed.entries:
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


def _select_jobs(
    session: Session, settings: Settings, poll: PollResult, now: datetime, *, named: bool
) -> PollResult:
    """The entries this pass fetches for the source, each tracked as pending until settled.

    From the feed: entries never seen, and entries the feed dates after their article's last
    check; but an entry tracked already waits for its retry time if pending, and is taken again
    when abandoned only if the feed dates it after it was given up on. Besides those, the
    source's pending entries whose retry time has come (all pending ones when the source was
    named), listed by the feed or not. Of these the newest `ingest_max_entries_per_source` by
    the feed's dates (`newest_first`) are fetched now, tracked with a lease of one poll
    interval: a pass that dies leaves them due again when it ends, as it leaves the source.
    The others are tracked as pending, due at the next pass.
    """
    tracked = pending.tracked_entries(session, poll.source_id, (job.url for job in poll.jobs))
    untracked = [job for job in poll.jobs if job.url not in tracked]
    checked = article_store.last_checked(session, (job.url for job in untracked))
    picked: dict[str, PageJob] = {}
    for job in poll.jobs:
        entry = tracked.get(job.url)
        if entry is None:
            wanted = job.url not in checked or (
                job.published is not None and job.published > checked[job.url]
            )
        else:
            wanted = (
                entry.status == EntryStatus.ABANDONED
                and job.published is not None
                and job.published > entry.updated_at
            )
        if wanted:
            picked.setdefault(job.url, job)
    from_feed = set(picked)
    for entry in pending.due_entries(session, poll.source_id, None if named else now):
        picked.setdefault(entry.url, PageJob(entry.url, poll.source_id, entry.published))
    candidates = newest_first(picked.values())
    selected = tuple(candidates[: settings.ingest_max_entries_per_source])
    # Entries past the cap wait for the next pass, due at once (a source with due entries is
    # due for a poll), though not again in this pass.
    pending.postpone_due(session, poll.source_id, now)
    lease_until = now + timedelta(seconds=settings.ingest_poll_interval)
    pending.track_entries(
        session,
        poll.source_id,
        [(job.url, job.published) for job in selected],
        lease_until,
        now,
    )
    later = [
        (job.url, job.published)
        for job in candidates[settings.ingest_max_entries_per_source :]
        if job.url in from_feed
    ]
    pending.track_entries(session, poll.source_id, later, now, now)
    counters = dict(poll.counters)
    counters["entries_new_or_updated"] = len(from_feed)
    retried = sum(1 for job in selected if job.url not in from_feed)
    if retried:
        counters["entries_retried"] = retried
    if len(candidates) > len(selected):
        counters["entries_beyond_cap"] = len(candidates) - len(selected)
    return replace(poll, jobs=selected, counters=counters)


def newest_first(jobs: Iterable[PageJob]) -> list[PageJob]:
    """Entries by the feed's dates, newest first; undated ones after them, in the order given
    (file order, then the order they were tracked in), which is newest first in most feeds."""
    listed = list(jobs)
    dated = sorted(
        (job for job in listed if job.published is not None),
        key=lambda job: job.published or datetime.min.replace(tzinfo=UTC),
        reverse=True,
    )
    return dated + [job for job in listed if job.published is None]


def save_validators(
    settings: Settings, polls: Sequence[PollResult], run_id: int | None = None
) -> None:
    """Remember ETag, Last-Modified and body hash of sources whose entries are now all stored;
    the run is done with these sources."""
    now = utcnow()
    with session_scope(settings.database_url) as session:
        if run_id is not None:
            run_store.finish_sources(session, run_id, [poll.source_id for poll in polls])
        for poll in polls:
            if poll.error is None and poll.body_hash is not None:
                source_store.record_poll(
                    session,
                    poll.source_id,
                    PollRecord(
                        status=poll.status,
                        error=None,
                        failed=False,
                        next_poll_at=_backoff(settings, poll.poll_interval, 0, now),
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
