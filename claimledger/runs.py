"""Run bookkeeping: every ingest, recheck, backfill and re-extraction run is recorded here.

A run is a row in `runs`: started with its flow name, kind and parameters, kept alive by a
heartbeat while it works, and closed with its counters as completed, failed, or interrupted.
All four workflows open their run with `recorded_run`, so a run is recorded, abandoned and
given back the same way whichever command or flow started it; nothing else writes `runs`.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Protocol

from claimledger import stopping
from claimledger.common import utcnow
from claimledger.errors import Interrupted
from claimledger.settings import Settings
from storage import run_store
from storage.db import session_scope
from storage.models import RunStatus

logger = logging.getLogger("claimledger.runs")

RUN_KINDS = ("scheduled", "manual", "backfill")


class RunHost(Protocol):
    """Where a run executes: a Prefect flow run (its id is recorded beside ours) or this
    process alone; and the logger its summary goes to."""

    def flow_run_id(self) -> str | None: ...

    def logger(self) -> logging.Logger | logging.LoggerAdapter[Any]: ...


def begin_run(
    settings: Settings,
    flow_name: str,
    kind: str,
    parameters: dict[str, object],
    prefect_flow_run_id: str | None = None,
) -> int:
    """Record the start of a run; returns its id for counters and fetch-log rows.

    Runs whose heartbeat is older than the run lease are closed as abandoned first (their
    process is gone: killed, or cut off from the database), and their sources are due again.
    """
    now = utcnow()
    stale_before = now - timedelta(seconds=settings.ingest_run_lease)
    with session_scope(settings.database_url) as session:
        abandoned = run_store.abandon_stale_runs(session, stale_before, now)
        run_id = run_store.start_run(
            session, flow_name, kind, dict(parameters), now, prefect_flow_run_id
        )
    if abandoned:
        runs = ", ".join(map(str, abandoned))
        logger.warning("run(s) %s abandoned: no heartbeat within the run lease", runs)
    return run_id


def end_run(
    settings: Settings,
    run_id: int,
    counters: Counter[str],
    error: str | None = None,
    *,
    status: str | None = None,
) -> None:
    """Close the run's record: completed, failed (with `error`), or the `status` given."""
    with session_scope(settings.database_url) as session:
        run_store.finish_run(
            session,
            run_id,
            status or (RunStatus.FAILED if error else RunStatus.COMPLETED),
            dict(sorted(counters.items())),
            utcnow(),
            error,
        )


@contextmanager
def heartbeat(settings: Settings, run_id: int) -> Iterator[None]:
    """While the block runs, a background thread writes the run's heartbeat every fifth of the
    run lease, so that a run whose process vanished can be told from a long one."""
    finished = threading.Event()

    def beat() -> None:
        while not finished.wait(settings.ingest_run_lease / 5):
            try:
                with session_scope(settings.database_url) as session:
                    run_store.beat(session, run_id, utcnow())
            except Exception as error:  # the pass itself reports a database it cannot use
                logger.debug("heartbeat of run %s not written: %s", run_id, error)

    threading.Thread(target=beat, name=f"run-{run_id}-heartbeat", daemon=True).start()
    try:
        yield
    finally:
        finished.set()


@dataclass
class RecordedRun:
    """A run's row in `runs` and the counters it will be closed with."""

    run_id: int
    counters: Counter[str] = field(default_factory=Counter)

    def summary(self, **extra: int) -> dict[str, int]:
        return {"run_id": self.run_id, **extra, **dict(sorted(self.counters.items()))}


@contextmanager
def recorded_run(
    settings: Settings, flow_name: str, kind: str, parameters: dict[str, Any], host: RunHost
) -> Iterator[RecordedRun]:
    """Record the run from start to end, with a heartbeat while it works.

    A stop asked for by a signal (`errors.Interrupted`, or Prefect's or Python's own signal
    exceptions) closes it as interrupted, an escaping error as failed; either way the sources
    it claimed and did not finish are due again at once.
    """
    if kind not in RUN_KINDS:
        raise ValueError(f"kind must be one of {', '.join(RUN_KINDS)}, not {kind!r}")
    run = RecordedRun(begin_run(settings, flow_name, kind, parameters, host.flow_run_id()))
    try:
        with heartbeat(settings, run.run_id):
            yield run
    except Interrupted as stop:
        stop.run = f"{flow_name} run {run.run_id}"
        stopping.record_stopped_run(stop.run)
        end_run(settings, run.run_id, run.counters, str(stop), status=RunStatus.INTERRUPTED)
        raise
    except Exception as error:
        end_run(settings, run.run_id, run.counters, error=f"{type(error).__name__}: {error}")
        raise
    except BaseException as error:  # KeyboardInterrupt, Prefect's TerminationSignal
        signalled = Interrupted(getattr(error, "signal", signal.SIGINT))
        stopping.request(signalled.signal_number)  # the worker threads stop too
        stopping.record_stopped_run(f"{flow_name} run {run.run_id}")
        end_run(settings, run.run_id, run.counters, str(signalled), status=RunStatus.INTERRUPTED)
        raise
    end_run(settings, run.run_id, run.counters)
    host.logger().info(
        "%s run %s (%s): %s",
        flow_name,
        run.run_id,
        kind,
        ", ".join(f"{name}={value}" for name, value in sorted(run.counters.items()))
        or "nothing to do",
    )
