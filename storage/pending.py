"""The SQL of pending feed entries: tracking them, retrying them, settling them, listing them.

An entry is tracked from the poll that picks it until its page is stored (the row is deleted)
or refused for good (the row stays, `abandoned`, with the reason). Tracking is an upsert on
(source, URL), so two workers, a rerun or a crash and restart never duplicate a row; what a
fetch found is settled by URL, across every source that lists it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Table, and_, case, delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from intake.urls import redact_optional, redact_url
from storage.models import PendingEntry, Source


class EntryStatus:
    """Values of `pending_entries.status`."""

    PENDING = "pending"
    ABANDONED = "abandoned"


@dataclass(frozen=True)
class TrackedEntry:
    """What a later poll needs to know about an entry it finds tracked already."""

    url: str
    status: str
    published: datetime | None
    next_try_at: datetime
    attempts: int
    updated_at: datetime


@dataclass(frozen=True)
class EntryUpdate:
    """A tracked entry's state after a failed fetch (`status` pending or abandoned)."""

    id: int
    status: str
    attempts: int
    next_try_at: datetime
    last_outcome: str
    last_error: str


_IN_CHUNK = 500  # URLs per IN (...) list


def tracked_entries(
    session: Session, source_id: int, urls: Iterable[str]
) -> dict[str, TrackedEntry]:
    """The source's tracked entries among `urls`, pending or abandoned."""
    url_list = list(dict.fromkeys(urls))
    found: dict[str, TrackedEntry] = {}
    for start in range(0, len(url_list), _IN_CHUNK):
        rows = session.scalars(
            select(PendingEntry).where(
                PendingEntry.source_id == source_id,
                PendingEntry.url.in_(url_list[start : start + _IN_CHUNK]),
            )
        )
        found.update({row.url: _tracked(row) for row in rows})
    return found


def due_entries(session: Session, source_id: int, due_at: datetime | None) -> list[TrackedEntry]:
    """The source's pending entries due at `due_at` (all of them when None), oldest tracked
    first (which is file order within one poll).

    An entry never tried yet is due whenever its source is polled: the poll that picked it
    died before fetching it (or is fetching it now, as a concurrent pass of a named source
    may), and the source's claim, which the caller holds, is its lease.
    """
    query = select(PendingEntry).where(
        PendingEntry.source_id == source_id, PendingEntry.status == EntryStatus.PENDING
    )
    if due_at is not None:
        query = query.where((PendingEntry.next_try_at <= due_at) | (PendingEntry.attempts == 0))
    return [_tracked(row) for row in session.scalars(query.order_by(PendingEntry.id))]


def _tracked(row: PendingEntry) -> TrackedEntry:
    return TrackedEntry(
        row.url, row.status, row.published, row.next_try_at, row.attempts, row.updated_at
    )


def sources_with_due_entries(due_at: datetime) -> Any:
    """A subquery of the ids of sources that have pending entries due at `due_at`: such a
    source is due for a poll whatever its own schedule says, so its entries get retried."""
    return (
        select(PendingEntry.source_id)
        .where(PendingEntry.status == EntryStatus.PENDING, PendingEntry.next_try_at <= due_at)
        .scalar_subquery()
    )


def track_entries(
    session: Session,
    source_id: int,
    entries: Sequence[tuple[str, datetime | None]],
    next_try_at: datetime,
    now: datetime,
) -> None:
    """Track (URL, feed date) entries of a source as pending, to be tried at `next_try_at`.

    An entry tracked already becomes pending again with the new time (an abandoned one that
    the feed dates anew starts over with no attempts); its feed date is kept if the feed
    gives none now.
    """
    if not entries:
        return
    table = PendingEntry.__table__
    assert isinstance(table, Table)
    rows = [
        {
            "source_id": source_id,
            "url": url,
            "published": published,
            "status": EntryStatus.PENDING,
            "attempts": 0,
            "next_try_at": next_try_at,
            "first_seen_at": now,
            "updated_at": now,
        }
        for url, published in dict(entries).items()
    ]
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(table)
    statement = statement.on_conflict_do_update(
        index_elements=["source_id", "url"],
        set_={
            "status": EntryStatus.PENDING,
            "next_try_at": statement.excluded.next_try_at,
            "published": func.coalesce(statement.excluded.published, table.c.published),
            "attempts": case((table.c.status == EntryStatus.ABANDONED, 0), else_=table.c.attempts),
            "updated_at": statement.excluded.updated_at,
        },
    )
    for start in range(0, len(rows), _IN_CHUNK):
        session.execute(statement, rows[start : start + _IN_CHUNK])


def postpone_due(session: Session, source_id: int, now: datetime) -> None:
    """Make the source's pending entries due earlier than `now` due at `now`: still due for
    the next pass, but not for the rest of a pass that began before (which would claim the
    source again for them, round after round)."""
    session.execute(
        update(PendingEntry)
        .where(
            PendingEntry.source_id == source_id,
            PendingEntry.status == EntryStatus.PENDING,
            PendingEntry.next_try_at < now,
        )
        .values(next_try_at=now)
    )


def forget_entries(session: Session, urls: Iterable[str]) -> None:
    """Stop tracking entries whose page is now stored, under every source that lists them."""
    url_list = list(dict.fromkeys(urls))
    for start in range(0, len(url_list), _IN_CHUNK):
        session.execute(
            delete(PendingEntry).where(PendingEntry.url.in_(url_list[start : start + _IN_CHUNK]))
        )


def drop_source_entries(session: Session, source_id: int) -> int:
    """Stop tracking every entry of a source that is being removed; returns how many."""
    dropped = session.execute(delete(PendingEntry).where(PendingEntry.source_id == source_id))
    return int(getattr(dropped, "rowcount", 0) or 0)


def attempts_by_url(session: Session, urls: Iterable[str]) -> dict[str, list[tuple[int, int]]]:
    """(row id, attempts so far) of the tracked entries under each URL, one per source."""
    url_list = list(dict.fromkeys(urls))
    found: dict[str, list[tuple[int, int]]] = {}
    for start in range(0, len(url_list), _IN_CHUNK):
        rows = session.execute(
            select(PendingEntry.url, PendingEntry.id, PendingEntry.attempts).where(
                PendingEntry.url.in_(url_list[start : start + _IN_CHUNK])
            )
        )
        for url, row_id, attempts in rows:
            found.setdefault(url, []).append((row_id, attempts))
    return found


def update_entries(session: Session, updates: Sequence[EntryUpdate], now: datetime) -> None:
    """Write what failed fetches left of tracked entries."""
    for entry in updates:
        session.execute(
            update(PendingEntry)
            .where(PendingEntry.id == entry.id)
            .values(
                status=entry.status,
                attempts=entry.attempts,
                next_try_at=entry.next_try_at,
                last_outcome=entry.last_outcome,
                last_error=redact_url(entry.last_error),
                updated_at=now,
            )
        )


def counts_by_source(session: Session) -> dict[int, dict[str, int]]:
    """Pending and abandoned entries of each source that has any."""
    counts: dict[int, dict[str, int]] = {}
    rows = session.execute(
        select(PendingEntry.source_id, PendingEntry.status, func.count()).group_by(
            PendingEntry.source_id, PendingEntry.status
        )
    )
    for source_id, status, count in rows:
        counts.setdefault(source_id, {})[status] = count
    return counts


@dataclass(frozen=True)
class EntryRecord:
    """One tracked entry as `claimledger entries list` shows it."""

    source: str
    url: str
    status: str
    attempts: int
    next_try_at: datetime | None  # None for abandoned entries: nothing is due
    published: datetime | None
    last_outcome: str | None
    last_error: str | None
    first_seen_at: datetime
    updated_at: datetime


def list_entries(
    session: Session, status: str | None, source: str | None, limit: int
) -> list[EntryRecord]:
    """Tracked entries, the next due first (abandoned ones: the last given up on first)."""
    conditions = []
    if status is not None:
        conditions.append(PendingEntry.status == status)
    if source is not None:
        conditions.append(Source.name == source)
    rows = session.execute(
        select(PendingEntry, Source.name)
        .join(Source, Source.id == PendingEntry.source_id)
        .where(and_(True, *conditions))
        .order_by(
            PendingEntry.status.desc(),
            case(
                (PendingEntry.status == EntryStatus.PENDING, PendingEntry.next_try_at),
                else_=None,
            ),
            PendingEntry.updated_at.desc(),
            PendingEntry.id,
        )
        .limit(limit)
    )
    return [
        EntryRecord(
            source=name,
            url=redact_url(row.url),
            status=row.status,
            attempts=row.attempts,
            next_try_at=row.next_try_at if row.status == EntryStatus.PENDING else None,
            published=row.published,
            last_outcome=row.last_outcome,
            last_error=redact_optional(row.last_error),
            first_seen_at=row.first_seen_at,
            updated_at=row.updated_at,
        )
        for row, name in rows
    ]
