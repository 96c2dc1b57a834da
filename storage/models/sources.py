"""Sources and what polling them leaves: the source registry, feed entries not yet stored
(pending), runs and the fetch log.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class Source(Base):
    """A feed or URL list that is polled on a schedule, with its HTTP cache state and health.

    A removed source (`removed_at` set) keeps its row, so its articles, fetch log and exports
    still name it and a `[[sources]]` entry of the same name in the configuration does not
    register it again; `sources add` with its name brings it back.

    `claimed_by_run_id` is the ingest run that claimed the source for its pass and has not
    finished with it yet: a run that ends without finishing (interrupted, failed, or abandoned
    when its heartbeat stops) gives its sources back, due at once, for the next pass.
    """

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    url: Mapped[str] = mapped_column(String(2048), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    etag: Mapped[str | None] = mapped_column(String(500))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    last_body_hash: Mapped[str | None] = mapped_column(String(64))
    last_polled_at: Mapped[datetime | None]
    next_poll_at: Mapped[datetime | None]
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    last_status: Mapped[str | None] = mapped_column(String(40))
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    # Seconds between two polls of this source when healthy; None: `[ingest] poll_interval`.
    poll_interval: Mapped[int | None] = mapped_column(Integer)
    removed_at: Mapped[datetime | None]
    claimed_by_run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id"))


class FetchLog(Base):
    """One row per HTTP request or file read: what was asked, what came back, and why not."""

    __tablename__ = "fetch_log"
    __table_args__ = (Index("ix_fetch_log_url", "url"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id"), index=True)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(20))
    url: Mapped[str] = mapped_column(String(2048))
    final_url: Mapped[str | None] = mapped_column(String(2048))
    requested_at: Mapped[datetime]
    status: Mapped[int | None] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(String(40))
    bytes: Mapped[int] = mapped_column(Integer, default=0)
    elapsed_ms: Mapped[float] = mapped_column(Float)
    error: Mapped[str | None] = mapped_column(Text)


class RunStatus:
    """Values of `runs.status`."""

    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"
    INTERRUPTED = "interrupted"
    ABANDONED = "abandoned"


class Run(Base):
    """One execution of a flow (scheduled, manual or backfill), with its parameters and counters.

    `status` is running, completed, failed, interrupted (stopped by SIGINT or SIGTERM at a safe
    point) or abandoned (its process vanished: no heartbeat for longer than the run lease).
    A running run's process writes `heartbeat_at` every fifth of the lease.
    """

    __tablename__ = "runs"
    __table_args__ = (Index("ix_runs_status", "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    flow_name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))
    parameters: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(20))
    counters: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    error: Mapped[str | None] = mapped_column(Text)
    prefect_flow_run_id: Mapped[str | None] = mapped_column(String(64))
    heartbeat_at: Mapped[datetime | None]


class PendingEntry(Base):
    """A feed entry chosen for fetching and not yet stored or given up on.

    Ingest tracks every entry it picks until its page is stored (the row is deleted) or
    refused for good, so that a timeout or a 5xx is retried by later passes even when the feed
    is unchanged or no longer lists the entry, and entries beyond the per-source cap wait here
    for the next passes. `status` is pending (fetched again once `next_try_at` has come) or
    abandoned (a final refusal, or too many failed attempts; `last_error` says which).
    """

    __tablename__ = "pending_entries"
    __table_args__ = (
        UniqueConstraint("source_id", "url", name="uq_pending_entries_source_url"),
        Index("ix_pending_entries_url", "url"),
        Index("ix_pending_entries_status_next_try_at", "status", "next_try_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"))
    url: Mapped[str] = mapped_column(String(2048))
    published: Mapped[datetime | None]  # the feed's date for the entry, newest taken first
    status: Mapped[str] = mapped_column(String(20))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_try_at: Mapped[datetime]
    last_outcome: Mapped[str | None] = mapped_column(String(40))
    last_error: Mapped[str | None] = mapped_column(Text)
    first_seen_at: Mapped[datetime]
    updated_at: Mapped[datetime]
