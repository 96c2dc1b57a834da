"""Idempotent writes: every function here can run twice, or in two workers at once, safely.

Rows are keyed by natural unique keys (source name and URL, canonical URL, alias URL, capture
hash, article id + version number), and inserted with ON CONFLICT DO NOTHING, so a rerun or a
race adds nothing. Statements that write many rows at once write them in one order (key order,
or for articles publication order), so two workers inserting overlapping batches wait for each
other instead of deadlocking. Article versions are only ever added; a conflicting concurrent
insert of the same version number is retried against the new latest version.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

import zstandard
from sqlalchemy import Table, func, insert, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import Insert

from intake.urls import redact_optional, redact_url
from storage import pending, queries
from storage.models import (
    Article,
    ArticleVersion,
    Base,
    Capture,
    Claim,
    ClaimQuantity,
    ClaimSet,
    Cluster,
    ClusterMember,
    FetchLog,
    FingerprintBand,
    Run,
    RunStatus,
    Source,
    UrlAlias,
    VersionFingerprint,
)

# How captures are written now; `read_capture` also reads those written before with zlib.
CAPTURE_COMPRESSION = "zstd"
_CAPTURE_LEVEL = 3
_DECOMPRESS: dict[str, Callable[[bytes], bytes]] = {
    "zstd": zstandard.decompress,
    "zlib": zlib.decompress,
}


def _insert(model: type[Base]) -> Insert:
    """A plain INSERT into the model's table, for many rows given as dicts of column values.

    Core rather than ORM bulk inserts: the ORM path processes every row in Python on its way
    to the driver, which cost more than the database's own work for the claims and LSH bands
    of a group of pages. Column defaults apply the same either way.
    """
    return insert(_table(model))


def _table(model: type[Base]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


def _insert_or_nothing(session: Session, model: type[Base]) -> postgresql.Insert | sqlite.Insert:
    """INSERT ... ON CONFLICT DO NOTHING in the session's dialect: the row that exists wins.

    Core, like `_insert`."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(_table(model)).on_conflict_do_nothing()
    if dialect == "sqlite":
        return sqlite.insert(_table(model)).on_conflict_do_nothing()
    raise NotImplementedError(f"claimledger supports SQLite and PostgreSQL, not {dialect}")


def insert_ignoring_conflicts(
    session: Session, model: type[Base], rows: Sequence[dict[str, Any]]
) -> None:
    """Insert rows, skipping those whose unique key is already taken."""
    if rows:
        session.execute(_insert_or_nothing(session, model), list(rows))


# --- sources -----------------------------------------------------------------------------------


class SourceExistsError(ValueError):
    """A source with that name or URL is already registered."""


def ensure_sources(
    session: Session, sources: Iterable[tuple[str, str, str]], now: datetime
) -> None:
    """Register (name, url, kind) sources from the configuration; existing ones stay as they are."""
    rows = [
        {
            "name": name,
            "url": url,
            "kind": kind,
            "enabled": True,
            "created_at": now,
            "consecutive_failures": 0,
        }
        for name, url, kind in sources
    ]
    insert_ignoring_conflicts(session, Source, rows)


def add_source(session: Session, name: str, url: str, kind: str, now: datetime) -> AddedSource:
    """Register a source, or bring back the removed source of that name with this URL and kind.

    A name or URL of another source, live or removed, is a `SourceExistsError`.
    """
    clashes = session.scalars(
        select(Source).where((Source.name == name) | (Source.url == url)).order_by(Source.id)
    ).all()
    restored = next((s for s in clashes if s.name == name and s.removed_at is not None), None)
    for clash in clashes:
        if clash is not restored:
            raise SourceExistsError(_clash_message(clash))
    if restored is None:
        source = Source(
            name=name, url=url, kind=kind, enabled=True, created_at=now, consecutive_failures=0
        )
        session.add(source)
        session.flush()
        return AddedSource(source.id, None)
    removed_at = restored.removed_at
    restored.removed_at = None
    restored.enabled = True
    _reset_polling(restored)
    restored.url = url
    restored.kind = kind
    return AddedSource(restored.id, removed_at)


@dataclass(frozen=True)
class AddedSource:
    """The source `add_source` registered; `removed_at` says when it had been removed, if it
    was brought back."""

    id: int
    removed_at: datetime | None


def _clash_message(clash: Source) -> str:
    shown = f"source {clash.name!r} ({redact_url(clash.url)})"
    if clash.removed_at is None:
        return f"{shown} is already registered"
    return (
        f"{shown} was removed; 'claimledger sources add {clash.name} URL' brings it back "
        "under its name"
    )


def _reset_polling(source: Source) -> None:
    """Forget what polls of another URL or kind learned: cache validators (a 304 or an
    unchanged body would skip the new feed), health, and the schedule (due at the next pass)."""
    source.etag = None
    source.last_modified = None
    source.last_body_hash = None
    source.next_poll_at = None
    source.consecutive_failures = 0
    source.last_status = None
    source.last_error = None


def _live_source(session: Session, name: str) -> Source:
    source = session.scalar(select(Source).where(Source.name == name))
    if source is None:
        raise LookupError(f"no source named {name!r}")
    if source.removed_at is not None:
        raise LookupError(
            f"source {name!r} was removed; 'claimledger sources add {name} URL' brings it back"
        )
    return source


def set_source_enabled(session: Session, name: str, enabled: bool) -> Source:
    source = _live_source(session, name)
    source.enabled = enabled
    return source


@dataclass(frozen=True)
class RemovedSource:
    """What `remove_source` did: when the source was removed (earlier, if it already was), how
    many articles keep naming it, and how many of its tracked feed entries were dropped."""

    removed_at: datetime
    already_removed: bool
    articles: int
    entries_dropped: int


def remove_source(session: Session, name: str, now: datetime) -> RemovedSource:
    """Stop polling a source for good and hide it from the source lists, keeping its row.

    Its articles, versions, claims and fetch log stay and keep naming it; its tracked feed
    entries (pending or abandoned) are dropped, since nothing will fetch them. Removing a
    removed source changes nothing.
    """
    source = session.scalar(select(Source).where(Source.name == name).with_for_update())
    if source is None:
        raise LookupError(f"no source named {name!r}")
    articles = session.scalar(select(func.count()).where(Article.source_id == source.id)) or 0
    if source.removed_at is not None:
        return RemovedSource(source.removed_at, True, articles, 0)
    source.removed_at = now
    source.enabled = False
    source.next_poll_at = None
    dropped = pending.drop_source_entries(session, source.id)
    return RemovedSource(now, False, articles, dropped)


@dataclass(frozen=True)
class SourceEdit:
    """The changes `edit_source` makes; None leaves a field as it is. `poll_interval` is in
    seconds; `default_interval` sets it back to `[ingest] poll_interval`. `next_poll_by` is the
    latest the next poll may be after the change (now plus the new interval), so shortening
    an interval takes effect at once."""

    url: str | None = None
    kind: str | None = None
    poll_interval: int | None = None
    default_interval: bool = False
    next_poll_by: datetime | None = None


@dataclass(frozen=True)
class SourceSettings:
    """What `sources edit` changes of a source (its id, to log the check of a new URL by)."""

    id: int
    url: str
    kind: str
    poll_interval: int | None


def edit_source(
    session: Session, name: str, edit: SourceEdit
) -> tuple[SourceSettings, SourceSettings]:
    """Change a live source's URL, kind or poll interval; returns its settings before and after.

    A new URL or kind forgets the validators and health of the old one and makes the source due
    at the next pass; its articles and tracked entries stay its own. A URL of another source
    (live or removed) is a `SourceExistsError`.
    """
    source = _live_source(session, name)
    before = SourceSettings(source.id, source.url, source.kind, source.poll_interval)
    if edit.url is not None and edit.url != source.url:
        clash = session.scalar(select(Source).where(Source.url == edit.url))
        if clash is not None:
            raise SourceExistsError(_clash_message(clash))
        source.url = edit.url
        _reset_polling(source)
    if edit.kind is not None and edit.kind != source.kind:
        source.kind = edit.kind
        _reset_polling(source)
    if edit.poll_interval is not None or edit.default_interval:
        source.poll_interval = None if edit.default_interval else edit.poll_interval
        if source.next_poll_at is not None and edit.next_poll_by is not None:
            source.next_poll_at = min(source.next_poll_at, edit.next_poll_by)
    session.flush()
    return before, SourceSettings(source.id, source.url, source.kind, source.poll_interval)


@dataclass(frozen=True)
class PollRecord:
    """What one poll of a source learned, to be written onto the source row."""

    status: str
    error: str | None
    failed: bool
    next_poll_at: datetime
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None


def record_poll(session: Session, source_id: int, record: PollRecord, now: datetime) -> None:
    """Update a source's health and HTTP cache state after a poll.

    Cache validators are only replaced when the poll brought new ones, so a failed poll does not
    forget them.
    """
    values: dict[str, Any] = {
        "last_polled_at": now,
        "next_poll_at": record.next_poll_at,
        "last_status": record.status,
        "last_error": redact_optional(record.error),
    }
    if record.failed:
        values["consecutive_failures"] = Source.consecutive_failures + 1
    else:
        values["consecutive_failures"] = 0
        if record.etag is not None:
            values["etag"] = record.etag
        if record.last_modified is not None:
            values["last_modified"] = record.last_modified
        if record.body_hash is not None:
            values["last_body_hash"] = record.body_hash
    session.execute(update(Source).where(Source.id == source_id).values(**values))


def claim_due_sources(
    session: Session, due_at: datetime, lease_until: datetime, limit: int, run_id: int | None
) -> list[int]:
    """Claim up to `limit` enabled sources due at `due_at` for run `run_id`; returns their ids.

    A source is due when its next poll has come, or when entries of it wait for a retry that
    has come (`storage.pending`).

    The claim is the poll time itself: one UPDATE moves the chosen sources' next poll to
    `lease_until`, so a concurrent pass no longer sees them as due, and a pass that dies before
    polling them leaves them due again once the lease runs out. On PostgreSQL the choice is
    made `FOR UPDATE SKIP LOCKED`, so concurrent claims take disjoint rows without waiting; on
    SQLite the single UPDATE statement runs under the database's one write lock. The claiming
    run is noted on the source until it is done with it (`finish_sources`), so that a run that
    ends early gives its sources back at once (`finish_run`, `abandon_stale_runs`) instead of
    leaving them claimed until the lease runs out.
    """
    chosen = (
        select(Source.id)
        .where(
            Source.enabled.is_(True),
            (Source.next_poll_at.is_(None))
            | (Source.next_poll_at <= due_at)
            | Source.id.in_(pending.sources_with_due_entries(due_at)),
        )
        .order_by(Source.id)
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        chosen = chosen.with_for_update(skip_locked=True)
    claimed = session.scalars(
        update(Source)
        .where(Source.id.in_(chosen.scalar_subquery()))
        .values(next_poll_at=lease_until, claimed_by_run_id=run_id)
        .returning(Source.id)
        .execution_options(synchronize_session=False)
    )
    return sorted(claimed)


# --- fetch log and runs ------------------------------------------------------------------------


@dataclass(frozen=True)
class FetchLogEntry:
    purpose: str
    url: str
    final_url: str | None
    requested_at: datetime
    status: int | None
    outcome: str
    bytes: int
    elapsed_ms: float
    error: str | None


def log_fetches(
    session: Session,
    entries: Iterable[FetchLogEntry],
    *,
    run_id: int | None,
    source_id: int | None,
) -> None:
    """Append fetch-log rows; errors are stored with passwords masked. The requested URLs
    stay as they were (they are matched against stored URLs); shown, they are masked."""
    rows = [
        {
            **entry.__dict__,
            "error": redact_optional(entry.error),
            "run_id": run_id,
            "source_id": source_id,
        }
        for entry in entries
    ]
    if rows:
        session.execute(_insert(FetchLog), rows)


def start_run(
    session: Session,
    flow_name: str,
    kind: str,
    parameters: dict[str, Any],
    now: datetime,
    prefect_flow_run_id: str | None = None,
) -> int:
    run = Run(
        flow_name=flow_name,
        kind=kind,
        parameters=parameters,
        started_at=now,
        status=RunStatus.RUNNING,
        counters={},
        prefect_flow_run_id=prefect_flow_run_id,
        heartbeat_at=now,
    )
    session.add(run)
    session.flush()
    return run.id


def finish_run(
    session: Session,
    run_id: int,
    status: str,
    counters: dict[str, int],
    now: datetime,
    error: str | None = None,
) -> None:
    """Close the run's record; a run that did not complete gives back the sources it claimed
    and did not finish, due at once."""
    session.execute(
        update(Run)
        .where(Run.id == run_id)
        .values(status=status, counters=counters, finished_at=now, error=redact_optional(error))
    )
    if status != RunStatus.COMPLETED:
        _release_sources(session, Source.claimed_by_run_id == run_id, now)


def beat(session: Session, run_id: int, now: datetime) -> None:
    """A running run's heartbeat: its process is alive."""
    session.execute(
        update(Run)
        .where(Run.id == run_id, Run.status == RunStatus.RUNNING)
        .values(heartbeat_at=now)
    )


def finish_sources(session: Session, run_id: int, source_ids: Sequence[int]) -> None:
    """The run is done with these sources (their pages stored): they are no longer its claim."""
    if source_ids:
        session.execute(
            update(Source)
            .where(Source.id.in_(source_ids), Source.claimed_by_run_id == run_id)
            .values(claimed_by_run_id=None)
        )


def abandon_stale_runs(session: Session, stale_before: datetime, now: datetime) -> list[int]:
    """Close as abandoned the running runs whose last heartbeat is older than `stale_before`
    (their process was killed or lost its database); returns their ids.

    Their sources, and any still claimed by a run that is over (one that could not give them
    back itself), are due again at once.
    """
    stale = (Run.status == RunStatus.RUNNING) & (
        func.coalesce(Run.heartbeat_at, Run.started_at) < stale_before
    )
    abandoned = sorted(session.scalars(select(Run.id).where(stale)))
    if abandoned:
        session.execute(
            update(Run)
            .where(Run.id.in_(abandoned), Run.status == RunStatus.RUNNING)
            .values(
                status=RunStatus.ABANDONED,
                finished_at=now,
                error="no heartbeat within the run lease: its process was killed or lost the "
                "database",
            )
        )
    over = select(Run.id).where(Run.status != RunStatus.RUNNING).scalar_subquery()
    _release_sources(session, Source.claimed_by_run_id.in_(over), now)
    return abandoned


def _release_sources(session: Session, claimed: Any, now: datetime) -> None:
    session.execute(
        update(Source)
        .where(claimed)
        .values(next_poll_at=now, claimed_by_run_id=None)
        .execution_options(synchronize_session=False)
    )


# --- articles, captures and versions -----------------------------------------------------------


def compress_capture(body: bytes) -> bytes:
    """A raw body as `store_captures` keeps it. Pure, so it can run in the extraction processes.

    Zstandard at its default level: on the AEB dev pages (184 KB on average) it writes a page in
    0.6 ms where zlib took 1.3 ms at level 1 and 3.1 ms at level 6, and makes it 5.2 times
    smaller, as zlib's level 6 does (level 1: 4.3); it also reads back three times faster.
    """
    return zstandard.compress(body, _CAPTURE_LEVEL)


@dataclass(frozen=True)
class CaptureRow:
    """A fetched body to keep, already compressed with `compress_capture`."""

    sha256: str
    url: str
    content_type: str | None
    size: int
    body: bytes
    fetched_at: datetime


def store_captures(session: Session, captures: Iterable[CaptureRow]) -> None:
    """Keep raw bodies once per content hash, for later re-extraction (one statement)."""
    rows = {
        capture.sha256: {**capture.__dict__, "compression": CAPTURE_COMPRESSION}
        for capture in captures
    }
    insert_ignoring_conflicts(session, Capture, [rows[key] for key in sorted(rows)])


def read_capture(session: Session, sha256: str) -> bytes:
    capture = session.get(Capture, sha256)
    if capture is None:
        raise LookupError(f"no capture with hash {sha256}")
    decompress = _DECOMPRESS.get(capture.compression)
    if decompress is None:
        raise ValueError(f"capture {sha256}: unknown compression {capture.compression!r}")
    return decompress(capture.body)


def ensure_article(
    session: Session,
    canonical_url: str,
    aliases: Iterable[str],
    source_id: int | None,
    now: datetime,
) -> int:
    """The id of the article with this canonical URL (created if new), with every alias recorded.

    An alias that already points to another article keeps pointing there: the first identity
    wins, and nothing is rewritten.
    """
    insert_ignoring_conflicts(
        session,
        Article,
        [
            {
                "canonical_url": canonical_url,
                "first_seen_at": now,
                "last_checked_at": now,
                "latest_version": 0,
                "source_id": source_id,
            }
        ],
    )
    article_id = session.scalar(select(Article.id).where(Article.canonical_url == canonical_url))
    assert article_id is not None
    add_aliases(session, article_id, [canonical_url, *aliases], now)
    return article_id


@dataclass(frozen=True)
class NewArticle:
    """An article row to create with its first version's state already known."""

    canonical_url: str
    source_id: int | None
    first_seen_at: datetime
    etag: str | None
    last_modified: str | None
    next_check_at: datetime | None


def create_articles(session: Session, articles: Sequence[NewArticle]) -> dict[str, int]:
    """Insert articles with version 1 as their latest; returns canonical URL -> id of those made.

    One statement for the lot. A URL missing from the result was taken already (by another
    page or worker): its page takes the general path (`ensure_article`, then `store_version`
    against the versions already there). The caller adds version 1 of each article made, in
    the same transaction.
    """
    rows: dict[str, dict[str, Any]] = {}
    for article in articles:  # the first page of an article makes it, as version 1 does
        rows.setdefault(
            article.canonical_url,
            {
                "canonical_url": article.canonical_url,
                "first_seen_at": article.first_seen_at,
                "last_checked_at": article.first_seen_at,
                "latest_version": 1,
                "source_id": article.source_id,
                "etag": article.etag,
                "last_modified": article.last_modified,
                "next_check_at": article.next_check_at,
            },
        )
    if not rows:
        return {}
    # In the caller's order, not key order: ids follow it, and the older (lower id) article of
    # a pair of copies represents their cluster. Ingest's order is publication order, the same
    # in every worker, so concurrent groups still take these keys in one order.
    created = session.execute(
        _insert_or_nothing(session, Article).returning(Article.canonical_url, Article.id),
        list(rows.values()),
    )
    return {url: article_id for url, article_id in created}


def add_aliases(session: Session, article_id: int, urls: Iterable[str], now: datetime) -> None:
    """Record the URLs an article is known by; a URL already taken keeps its article."""
    add_many_aliases(session, [(article_id, url, now) for url in urls])


def add_many_aliases(session: Session, aliases: Iterable[tuple[int, str, datetime]]) -> None:
    """Record (article id, URL, first seen) aliases in one statement; the first claim on a URL
    wins, within the batch as in the table."""
    rows: dict[str, dict[str, Any]] = {}
    for article_id, url, now in aliases:
        rows.setdefault(url, {"url": url, "article_id": article_id, "first_seen_at": now})
    insert_ignoring_conflicts(session, UrlAlias, [rows[key] for key in sorted(rows)])


@dataclass(frozen=True)
class VersionDraft:
    """An extracted text ready to become a version, if it differs from its neighbours in time."""

    url: str
    fetched_at: datetime
    capture_sha256: str
    text_hash: str
    title: str | None
    authors: list[str]
    published_at: datetime | None
    modified_at: datetime | None
    language: str | None
    text: str
    extractor_name: str
    extractor_version: str
    run_id: int | None
    agencies: list[str] = field(default_factory=list)
    # Minutes east of UTC the page declared its dates in (None: no zone declared).
    published_offset: int | None = None
    modified_offset: int | None = None


@dataclass(frozen=True)
class VersionChange:
    """How a new version relates to the existing ones (see `extractors.changes`)."""

    previous_version: int | None
    kinds: tuple[str, ...]
    words_added: int
    words_removed: int
    reverts_to: int | None


def lock_article(session: Session, article_id: int) -> None:
    """Make writers of one article take turns for the rest of this transaction.

    A no-op UPDATE takes the row lock on PostgreSQL and the write lock on SQLite, so what the
    caller reads next (the versions around a new one) cannot change before it writes.
    """
    session.execute(
        update(Article)
        .where(Article.id == article_id)
        .values(latest_version=Article.latest_version)
    )


def mark_checked(session: Session, article_id: int, checked_at: datetime) -> None:
    session.execute(
        update(Article)
        .where(Article.id == article_id, Article.last_checked_at < checked_at)
        .values(last_checked_at=checked_at)
    )


def add_first_versions(
    session: Session, versions: Sequence[tuple[int, VersionDraft, VersionChange]]
) -> list[int]:
    """Insert version 1 of articles that `create_articles` just made; their ids, in order."""
    rows = [
        {
            "article_id": article_id,
            "version": 1,
            "previous_version": change.previous_version,
            "change_kinds": list(change.kinds),
            "words_added": change.words_added,
            "words_removed": change.words_removed,
            "reverts_to": change.reverts_to,
            **draft.__dict__,
        }
        for article_id, draft, change in versions
    ]
    if not rows:
        return []
    ids = session.scalars(
        _insert(ArticleVersion).returning(ArticleVersion.id, sort_by_parameter_order=True),
        rows,
    )
    return list(ids)


def add_version(
    session: Session, article_id: int, draft: VersionDraft, change: VersionChange
) -> int:
    """Append a version (number = highest + 1); it becomes the latest if it is the newest in time.

    Call under `lock_article`, after deciding the content really changed.
    """
    highest = session.scalar(
        select(func.max(ArticleVersion.version)).where(ArticleVersion.article_id == article_id)
    )
    newest_fetch = session.scalar(
        select(func.max(ArticleVersion.fetched_at)).where(ArticleVersion.article_id == article_id)
    )
    number = (highest or 0) + 1
    session.add(
        ArticleVersion(
            article_id=article_id,
            version=number,
            previous_version=change.previous_version,
            change_kinds=list(change.kinds),
            words_added=change.words_added,
            words_removed=change.words_removed,
            reverts_to=change.reverts_to,
            **draft.__dict__,
        )
    )
    session.flush()
    if newest_fetch is None or draft.fetched_at >= newest_fetch:
        session.execute(
            update(Article).where(Article.id == article_id).values(latest_version=number)
        )
    mark_checked(session, article_id, draft.fetched_at)
    return number


# --- claims ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class QuantityRow:
    """A count in a claim, as its `claim_quantities` row keeps it (offsets into the text)."""

    start: int
    end: int
    text: str
    value: int | None
    low: int | None
    high: int | None
    approx: str | None
    category: str | None
    outcome: str | None


@dataclass(frozen=True, slots=True)
class ClaimRow:
    """A claim as its `claims` row keeps it; `content_key` groups its repetitions."""

    kind: str
    sentence_start: int
    sentence_end: int
    content_start: int
    content_end: int
    content_text: str
    content_key: str
    source_text: str | None
    source_start: int | None
    source_end: int | None
    source_resolved: str | None
    cue_text: str | None
    cue_start: int | None
    cue_end: int | None
    hedge: str | None
    quantities: tuple[QuantityRow, ...]


@dataclass(frozen=True)
class ClaimSetRow:
    """One extractor version's claims for one article version; `casualties` is the headline
    toll in the extractor's JSON shape (`{"killed": {...}, "wounded": {...}}`)."""

    article_version_id: int
    extractor_name: str
    extractor_version: str
    claims: tuple[ClaimRow, ...]
    casualties: dict[str, Any]


def store_claim_sets(
    session: Session, sets: Sequence[ClaimSetRow], run_id: int | None, now: datetime
) -> list[bool]:
    """Store claim sets, each whole; per set, False if it was already there.

    The set rows and their claims go in the caller's transaction; a concurrent writer of the
    same set waits on the unique key and then finds it present. The sets, their claims and
    their quantities go in one statement each, so a batch costs a few round trips, not a few
    per claim. A set listed twice is stored once and counted as new once.
    """
    if not sets:
        return []
    set_ids = {
        (version_id, name, version): set_id
        for set_id, version_id, name, version in session.execute(
            _insert_or_nothing(session, ClaimSet).returning(
                ClaimSet.id,
                ClaimSet.article_version_id,
                ClaimSet.extractor_name,
                ClaimSet.extractor_version,
            ),
            [
                {
                    "article_version_id": claim_set.article_version_id,
                    "extractor_name": claim_set.extractor_name,
                    "extractor_version": claim_set.extractor_version,
                    "created_at": now,
                    "run_id": run_id,
                    "claim_count": len(claim_set.claims),
                    "casualties": claim_set.casualties,
                }
                for claim_set in sets
            ],
        )
    }
    keys = [
        (claim_set.article_version_id, claim_set.extractor_name, claim_set.extractor_version)
        for claim_set in sets
    ]
    created = {
        set_ids[key]: claim_set.claims
        for key, claim_set in zip(keys, sets, strict=True)
        if key in set_ids
    }.items()
    first_of_key = {key: index for index, key in reversed(list(enumerate(keys)))}
    claims_in_order = [claim for _set_id, claims in created for claim in claims]
    claim_rows = [
        _claim_row(set_id, ordinal, claim)
        for set_id, claims in created
        for ordinal, claim in enumerate(claims)
    ]
    if claim_rows:
        claim_ids = session.scalars(
            _insert(Claim).returning(Claim.id, sort_by_parameter_order=True), claim_rows
        ).all()
        quantity_rows = [
            _quantity_row(claim_id, ordinal, quantity)
            for claim_id, claim in zip(claim_ids, claims_in_order, strict=True)
            for ordinal, quantity in enumerate(claim.quantities)
        ]
        if quantity_rows:
            session.execute(_insert(ClaimQuantity), quantity_rows)
    return [key in set_ids and first_of_key[key] == index for index, key in enumerate(keys)]


def _claim_row(set_id: int, ordinal: int, claim: ClaimRow) -> dict[str, Any]:
    return {
        "claim_set_id": set_id,
        "ordinal": ordinal,
        "kind": claim.kind,
        "sentence_start": claim.sentence_start,
        "sentence_end": claim.sentence_end,
        "content_start": claim.content_start,
        "content_end": claim.content_end,
        "content_text": claim.content_text,
        "content_key": claim.content_key,
        "source_text": claim.source_text,
        "source_start": claim.source_start,
        "source_end": claim.source_end,
        "source_resolved": claim.source_resolved,
        "cue_text": claim.cue_text,
        "cue_start": claim.cue_start,
        "cue_end": claim.cue_end,
        "hedge": claim.hedge,
    }


def _quantity_row(claim_id: int, ordinal: int, quantity: QuantityRow) -> dict[str, Any]:
    return {
        "claim_id": claim_id,
        "ordinal": ordinal,
        "start_offset": quantity.start,
        "end_offset": quantity.end,
        "text": quantity.text,
        "value": quantity.value,
        "low": quantity.low,
        "high": quantity.high,
        "approx": quantity.approx,
        "category": quantity.category,
        "outcome": quantity.outcome,
    }


# --- deduplication -------------------------------------------------------------------------------

# Any constant works; it only has to be the same for every claimledger process on one server.
POSTGRES_CLUSTERING_LOCK_KEY = 0x636C_6475_7065


def lock_clustering(session: Session) -> None:
    """Make this transaction the only one assigning clusters until it ends.

    Without it, two workers fingerprinting two copies of one story at once could each miss the
    other's uncommitted fingerprint, or each start a cluster for the same pair. On PostgreSQL a
    transaction-level advisory lock serialises them (released at commit or rollback). SQLite
    serialises writers already, provided the transaction writes before it reads:
    `store_fingerprints` is the first statement of the dedup transaction for that reason.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT pg_advisory_xact_lock(:key)"), {"key": POSTGRES_CLUSTERING_LOCK_KEY}
        )


@dataclass(frozen=True)
class FingerprintRow:
    """A version's MinHash signature and LSH band hashes (`extractors.fingerprints`); a text
    without words has an empty signature and no bands: never anyone's candidate."""

    article_version_id: int
    signature: bytes
    band_hashes: tuple[int, ...]
    shingles: int


def store_fingerprints(
    session: Session,
    scheme: str,
    fingerprints: Sequence[FingerprintRow],
    run_id: int | None,
    now: datetime,
) -> set[int]:
    """Store versions' signatures and bands (two statements); returns the ids of the versions
    fingerprinted now, leaving out those that had this scheme's fingerprint already."""
    fingerprints = list({row.article_version_id: row for row in fingerprints}.values())
    if not fingerprints:
        return set()
    stored: dict[int, int] = {
        version_id: fingerprint_id
        for version_id, fingerprint_id in session.execute(
            _insert_or_nothing(session, VersionFingerprint).returning(
                VersionFingerprint.article_version_id, VersionFingerprint.id
            ),
            [
                {
                    "article_version_id": row.article_version_id,
                    "scheme": scheme,
                    "shingles": row.shingles,
                    "signature": row.signature,
                    "created_at": now,
                    "run_id": run_id,
                }
                for row in fingerprints
            ],
        )
    }
    band_rows = [
        {"fingerprint_id": stored[row.article_version_id], "band": band, "band_hash": band_hash}
        for row in fingerprints
        if row.article_version_id in stored
        for band, band_hash in enumerate(row.band_hashes)
    ]
    if band_rows:
        session.execute(_insert(FingerprintBand), band_rows)
    return set(stored)


@dataclass(frozen=True)
class DuplicateMatch:
    """A version whose text copies (exactly or nearly) a version of another article."""

    article_id: int
    version_id: int
    matched_article_id: int
    matched_version_id: int
    similarity: float
    exact: bool


class ClusterOutcome(StrEnum):
    CREATED = "cluster_created"
    JOINED = "cluster_joined"
    ALREADY_CLUSTERED = "already_clustered"


def add_to_clusters(
    session: Session, matches: Sequence[DuplicateMatch], run_id: int | None, now: datetime
) -> list[ClusterOutcome]:
    """Put each copying article in the cluster of the article it copies, in order; create a
    cluster where neither is in one. Returns each match's outcome.

    An article already in a cluster stays where it is (first assignment wins, nothing moves). A
    new cluster's representative is the older (lower id) article of the pair, so the outcome does
    not depend on which of the two was fingerprinted first. Call under `lock_clustering`: the
    memberships are read once and followed in memory through the lot, and the new members are
    written in one statement at the end; the unique keys (one cluster per representative, one
    membership per article) still make a rerun add nothing.
    """
    clusters = queries.clusters_of_articles(
        session,
        {article for match in matches for article in (match.article_id, match.matched_article_id)},
    )
    outcomes: list[ClusterOutcome] = []
    rows: list[dict[str, Any]] = []
    for match in matches:
        if match.article_id in clusters:
            outcomes.append(ClusterOutcome.ALREADY_CLUSTERED)
            continue
        copy = {"article_id": match.article_id, "article_version_id": match.version_id}
        original = {
            "article_id": match.matched_article_id,
            "article_version_id": match.matched_version_id,
        }
        cluster_id = clusters.get(match.matched_article_id)
        members: list[dict[str, Any]] = [{**copy, "matched_version_id": match.matched_version_id}]
        if cluster_id is None:
            older, newer = sorted([copy, original], key=lambda member: member["article_id"])
            cluster_id = _create_cluster(session, older["article_id"], run_id, now)
            outcomes.append(ClusterOutcome.CREATED)
            members = [
                {**older, "matched_version_id": None, "match": "representative", "similarity": 1.0},
                {**newer, "matched_version_id": older["article_version_id"]},
            ]
        else:
            outcomes.append(ClusterOutcome.JOINED)
        for member in members:
            clusters[member["article_id"]] = cluster_id
            rows.append(
                {
                    "match": "exact" if match.exact else "near",
                    "similarity": match.similarity,
                    **member,
                    "cluster_id": cluster_id,
                    "joined_at": now,
                    "run_id": run_id,
                }
            )
    insert_ignoring_conflicts(session, ClusterMember, rows)
    return outcomes


def _create_cluster(
    session: Session, representative_article_id: int, run_id: int | None, now: datetime
) -> int:
    insert_ignoring_conflicts(
        session,
        Cluster,
        [
            {
                "representative_article_id": representative_article_id,
                "created_at": now,
                "run_id": run_id,
            }
        ],
    )
    cluster_id = session.scalar(
        select(Cluster.id).where(Cluster.representative_article_id == representative_article_id)
    )
    assert cluster_id is not None  # inserted above, or there already
    return cluster_id
