"""Runs and the fetch log: a run started, kept alive, ended, abandoned when stale; every request
it made (the `runs` and `fetch_log` tables).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from intake.urls import redact_optional
from storage.inserts import insert_into
from storage.models import (
    FetchLog,
    Run,
    RunStatus,
    Source,
)
from storage.values import FetchLogEntry


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
        session.execute(insert_into(FetchLog), rows)


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
