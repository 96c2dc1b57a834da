"""Reads and writes of the backfill tables: plans, chunk states and what `backfill status` shows.

A plan is written once, backfill row and chunks in one transaction, with inserts that ignore
existing keys: two processes planning the same backfill at once record it once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from intake.urls import redact_optional
from storage.inserts import insert_ignoring_conflicts
from storage.models import Backfill, BackfillChunk

CHUNK_STATUSES = ("pending", "running", "done", "failed")


@dataclass(frozen=True)
class ChunkDraft:
    """A chunk as planned: its key, place in the plan, and everything needed to run it."""

    key: str
    ordinal: int
    kind: str
    label: str
    items: int
    parameters: dict[str, Any]


def record_plan(
    session: Session,
    key: str,
    parameters: dict[str, Any],
    chunks: Sequence[ChunkDraft],
    now: datetime,
) -> int:
    """Store a backfill and its chunks unless already stored; returns the backfill's id."""
    insert_ignoring_conflicts(
        session,
        Backfill,
        [
            {
                "key": key,
                "parameters": parameters,
                "created_at": now,
                "updated_at": now,
                "status": "pending" if chunks else "done",
            }
        ],
    )
    backfill_id = session.scalar(select(Backfill.id).where(Backfill.key == key))
    assert backfill_id is not None
    insert_ignoring_conflicts(
        session,
        BackfillChunk,
        [
            {
                "backfill_id": backfill_id,
                "key": chunk.key,
                "ordinal": chunk.ordinal,
                "kind": chunk.kind,
                "label": chunk.label,
                "items": chunk.items,
                "parameters": chunk.parameters,
                "status": "pending",
                "attempts": 0,
                "counters": {},
            }
            for chunk in chunks
        ],
    )
    return backfill_id


def find_backfill(session: Session, key: str) -> Backfill | None:
    return session.scalar(select(Backfill).where(Backfill.key == key))


def chunks_of(
    session: Session,
    backfill_id: int,
    statuses: Iterable[str] | None = None,
    keys: Iterable[str] | None = None,
) -> Sequence[BackfillChunk]:
    """A backfill's chunks in plan order, optionally only those in `statuses` or with `keys`."""
    query = select(BackfillChunk).where(BackfillChunk.backfill_id == backfill_id)
    if statuses is not None:
        query = query.where(BackfillChunk.status.in_(list(statuses)))
    if keys is not None:
        query = query.where(BackfillChunk.key.in_(list(keys)))
    return session.scalars(query.order_by(BackfillChunk.ordinal)).all()


def find_chunk(session: Session, key: str) -> BackfillChunk | None:
    return session.scalar(select(BackfillChunk).where(BackfillChunk.key == key))


def start_chunk(session: Session, chunk_id: int, now: datetime) -> None:
    session.execute(
        update(BackfillChunk)
        .where(BackfillChunk.id == chunk_id)
        .values(status="running", attempts=BackfillChunk.attempts + 1, started_at=now)
    )


def finish_chunk(
    session: Session,
    chunk_id: int,
    counters: dict[str, int],
    error: str | None,
    now: datetime,
) -> None:
    """Mark a chunk done, or failed with its error (kept until a retry succeeds)."""
    session.execute(
        update(BackfillChunk)
        .where(BackfillChunk.id == chunk_id)
        .values(
            status="failed" if error else "done",
            error=redact_optional(error),
            counters=counters,
            finished_at=now,
        )
    )


def chunk_counts(session: Session, backfill_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """Per backfill: how many of its chunks are in each status (every status present, maybe 0)."""
    ids = list(backfill_ids)
    counts = {backfill_id: dict.fromkeys(CHUNK_STATUSES, 0) for backfill_id in ids}
    rows = session.execute(
        select(BackfillChunk.backfill_id, BackfillChunk.status, func.count())
        .where(BackfillChunk.backfill_id.in_(ids))
        .group_by(BackfillChunk.backfill_id, BackfillChunk.status)
    )
    for backfill_id, status, count in rows:
        counts[backfill_id][status] = count
    return counts


def item_totals(session: Session, backfill_ids: Iterable[int]) -> dict[int, int]:
    """Per backfill: the items (wanted WARC records, URLs) its chunks hold in all."""
    rows = session.execute(
        select(BackfillChunk.backfill_id, func.sum(BackfillChunk.items))
        .where(BackfillChunk.backfill_id.in_(list(backfill_ids)))
        .group_by(BackfillChunk.backfill_id)
    )
    return {backfill_id: int(total or 0) for backfill_id, total in rows}


def refresh_status(session: Session, backfill_id: int, now: datetime) -> str:
    """Summarise the chunks on the backfill: failed if any failed, done if all are, else pending."""
    counts = chunk_counts(session, [backfill_id])[backfill_id]
    if counts["failed"]:
        status = "failed"
    elif counts["pending"] or counts["running"]:
        status = "pending"
    else:
        status = "done"
    session.execute(
        update(Backfill).where(Backfill.id == backfill_id).values(status=status, updated_at=now)
    )
    return status


def list_backfills(session: Session, limit: int = 50) -> Sequence[Backfill]:
    return session.scalars(select(Backfill).order_by(Backfill.id.desc()).limit(limit)).all()
