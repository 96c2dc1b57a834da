"""The source registry and its polling: sources added, edited, removed, enabled, claimed for a
pass, and each poll's result (the `sources` table).

Every write is idempotent (see `storage.article_store`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from intake.urls import redact_optional, redact_url
from storage import pending
from storage.inserts import insert_ignoring_conflicts
from storage.models import (
    Article,
    Source,
)
from storage.values import AddedSource, PollRecord, RemovedSource, SourceEdit, SourceSettings


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


def list_sources(session: Session) -> Sequence[Source]:
    """The registered sources by name, removed ones left out."""
    return session.scalars(
        select(Source).where(Source.removed_at.is_(None)).order_by(Source.name)
    ).all()


def removed_sources(session: Session, names: Iterable[str]) -> dict[str, datetime]:
    """Of these source names, those of removed sources, with when they were removed."""
    return {
        name: removed_at
        for name, removed_at in session.execute(
            select(Source.name, Source.removed_at).where(
                Source.name.in_(list(names)), Source.removed_at.is_not(None)
            )
        )
        if removed_at is not None
    }


def due_sources(
    session: Session, now: datetime, names: Iterable[str] | None = None
) -> Sequence[Source]:
    """Enabled sources whose next poll time has come (or was never set).

    Naming sources explicitly polls them now, whatever their schedule says: that is what an
    operator who asks for them by name expects.
    """
    query = select(Source).where(Source.enabled.is_(True)).order_by(Source.id)
    wanted = list(names or [])
    if wanted:
        query = query.where(Source.name.in_(wanted))
    else:
        query = query.where(or_(Source.next_poll_at.is_(None), Source.next_poll_at <= now))
    return session.scalars(query).all()
