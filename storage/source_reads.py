"""Read models of the sources' health, their pending and failed entries, and the runs."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from intake.urls import redact_optional, redact_url
from storage.models import (
    Article,
    FetchLog,
    Run,
    RunStatus,
    Source,
    UrlAlias,
)
from storage.pending import EntryStatus, counts_by_source
from storage.source_store import list_sources

# Fetch outcomes that are not a failure of the entry: it was fetched, or it was put off.
FETCHED_OUTCOMES = ("ok", "not_modified")


_PUT_OFF = "deferred"


@dataclass(frozen=True)
class SourceHealth:
    """A registered source and how its polling goes: `sources list` with what came of its
    entries. `pending` counts entries whose last fetch was put off (politeness delay: the next
    pass fetches them); `failed` entries whose last fetch failed and that are not stored. Made
    to be shown: URLs and errors have their passwords masked. `removed_at` is set for a
    removed source (`sources remove`), which only a lookup by name returns."""

    name: str
    url: str
    kind: str
    enabled: bool
    last_polled_at: datetime | None
    next_poll_at: datetime | None
    last_status: str | None
    consecutive_failures: int
    last_error: str | None
    articles: int
    pending: int
    failed: int
    poll_interval: int | None = None
    removed_at: datetime | None = None


@dataclass(frozen=True)
class EntryAttempt:
    """The last fetch of one feed entry that is not stored: when, what came back, why not."""

    url: str
    requested_at: datetime
    outcome: str
    status: int | None
    error: str | None


def _last_page_fetches(source_ids: Sequence[int]) -> Select[Any]:
    """Per (source, URL) of these sources' entries: the last page fetch, if the URL is not an
    article stored under it (canonical URL or alias)."""
    last = (
        select(func.max(FetchLog.id))
        .where(FetchLog.purpose == "page", FetchLog.source_id.in_(list(source_ids)))
        .group_by(FetchLog.source_id, FetchLog.url)
    )
    stored = select(UrlAlias.id).where(UrlAlias.url == FetchLog.url)
    return select(FetchLog).where(FetchLog.id.in_(last), ~stored.exists())


def _as_shown(source: Source) -> dict[str, Any]:
    """The columns of a source every read model of it shows, its URL and error with their
    passwords masked."""
    return {
        "name": source.name,
        "url": redact_url(source.url),
        "kind": source.kind,
        "enabled": source.enabled,
        "poll_interval": source.poll_interval,
        "last_polled_at": source.last_polled_at,
        "next_poll_at": source.next_poll_at,
        "last_status": source.last_status,
        "consecutive_failures": source.consecutive_failures,
        "last_error": redact_optional(source.last_error),
    }


def source_health(
    session: Session,
    *,
    name: str | None = None,
    after: str | None = None,
    limit: int | None = None,
) -> list[SourceHealth]:
    """Sources by name (the one named `name`, removed or not, or the live ones after the name
    `after`), with their entries' state."""
    query = select(Source).order_by(Source.name).limit(limit)
    if name is not None:
        query = query.where(Source.name == name)
    else:
        query = query.where(Source.removed_at.is_(None))
    if after is not None:
        query = query.where(Source.name > after)
    sources = session.scalars(query).all()
    ids = [source.id for source in sources]
    articles: dict[int, int] = {
        source_id: count
        for source_id, count in session.execute(
            select(Article.source_id, func.count())
            .where(Article.source_id.in_(ids))
            .group_by(Article.source_id)
        )
    }
    attempts = _last_page_fetches(ids).subquery()
    pending: dict[int, int] = defaultdict(int)
    failed: dict[int, int] = defaultdict(int)
    for source_id, outcome, count in session.execute(
        select(attempts.c.source_id, attempts.c.outcome, func.count())
        .where(attempts.c.outcome.not_in(FETCHED_OUTCOMES))
        .group_by(attempts.c.source_id, attempts.c.outcome)
    ):
        (pending if outcome == _PUT_OFF else failed)[source_id] += count
    return [
        SourceHealth(
            **_as_shown(s),
            articles=articles.get(s.id, 0),
            pending=pending[s.id],
            failed=failed[s.id],
            removed_at=s.removed_at,
        )
        for s in sources
    ]


def source_entries(
    session: Session, name: str, *, limit: int = 100
) -> tuple[list[EntryAttempt], list[EntryAttempt]] | None:
    """The pending and the failed entries of source `name` (their last fetch, newest first,
    `limit` of each); None when there is no such source."""
    source_id = session.scalar(select(Source.id).where(Source.name == name))
    if source_id is None:
        return None
    attempts = _last_page_fetches([source_id])
    found: list[list[EntryAttempt]] = []
    for wanted in (
        FetchLog.outcome == _PUT_OFF,
        FetchLog.outcome.not_in((*FETCHED_OUTCOMES, _PUT_OFF)),
    ):
        rows = session.scalars(attempts.where(wanted).order_by(FetchLog.id.desc()).limit(limit))
        found.append(
            [
                EntryAttempt(
                    redact_url(r.url), r.requested_at, r.outcome, r.status, redact_optional(r.error)
                )
                for r in rows
            ]
        )
    return found[0], found[1]


@dataclass(frozen=True)
class SourceState:
    """A live source as `sources list` and `status` show it: its settings and health, and how
    many of its feed entries wait for a retry or were given up on (`storage.pending`). URLs and
    errors have their passwords masked; `poll_interval` is None for `[ingest] poll_interval`."""

    name: str
    url: str
    kind: str
    enabled: bool
    poll_interval: int | None
    last_polled_at: datetime | None
    next_poll_at: datetime | None
    last_status: str | None
    consecutive_failures: int
    last_error: str | None
    entries_pending: int
    entries_abandoned: int


def source_states(session: Session) -> list[SourceState]:
    """The live sources by name (removed ones left out)."""
    entries = counts_by_source(session)
    return [
        SourceState(
            **_as_shown(s),
            entries_pending=entries.get(s.id, {}).get(EntryStatus.PENDING, 0),
            entries_abandoned=entries.get(s.id, {}).get(EntryStatus.ABANDONED, 0),
        )
        for s in list_sources(session)
    ]


@dataclass(frozen=True)
class RunRecord:
    """One recorded run (ingest, recheck, backfill, reextract) with its counters."""

    run_id: int
    flow_name: str
    kind: str
    status: str
    started_at: datetime
    finished_at: datetime | None
    parameters: dict[str, Any]
    counters: dict[str, Any]
    error: str | None
    prefect_flow_run_id: str | None


def recent_runs(
    session: Session,
    *,
    after: int | None = None,
    limit: int = 50,
    stale_before: datetime | None = None,
) -> list[RunRecord]:
    """Runs, newest first, continuing after run id `after` (keyset on the id).

    A run still `running` whose last heartbeat is older than `stale_before` (now minus the run
    lease) is shown as `abandoned`, as the next pass will record it: its process is gone.
    """
    query = select(Run).order_by(Run.id.desc()).limit(limit)
    if after is not None:
        query = query.where(Run.id < after)
    return [
        RunRecord(
            run_id=run.id,
            flow_name=run.flow_name,
            kind=run.kind,
            status=_shown_status(run, stale_before),
            started_at=run.started_at,
            finished_at=run.finished_at,
            parameters=dict(run.parameters or {}),
            counters=dict(run.counters or {}),
            error=redact_optional(run.error),
            prefect_flow_run_id=run.prefect_flow_run_id,
        )
        for run in session.scalars(query)
    ]


def _shown_status(run: Run, stale_before: datetime | None) -> str:
    last_sign_of_life = run.heartbeat_at or run.started_at
    if run.status == RunStatus.RUNNING and stale_before and last_sign_of_life < stale_before:
        return RunStatus.ABANDONED
    return run.status
