"""Manual backfills and their chunks."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    ForeignKey,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class Backfill(Base):
    """A manual backfill: its inputs and window (`parameters`), keyed by a hash of them.

    Running the same inputs again finds this row and its chunks, which is what makes a backfill
    resumable. `status` summarises the chunks after each run (pending, done, failed).
    """

    __tablename__ = "backfills"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    parameters: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(20))
    updated_at: Mapped[datetime]


class BackfillChunk(Base):
    """One idempotent unit of a backfill: a run of WARC records, or a list of URLs to fetch.

    `parameters` hold everything needed to redo it without re-planning (a WARC path, offset and
    record count; or the URLs with their dates). Status goes pending → running → done or failed;
    a chunk left running by a killed process is redone by the next run, and a failed one keeps
    its error until retried.
    """

    __tablename__ = "backfill_chunks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    backfill_id: Mapped[int] = mapped_column(ForeignKey("backfills.id"), index=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    ordinal: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    label: Mapped[str] = mapped_column(Text)
    items: Mapped[int] = mapped_column(Integer)
    parameters: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    counters: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
