"""`claimledger serve`: ingest and recheck on their schedules, backfills when submitted."""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
import warnings
from types import FrameType

import typer

from claimledger.cli.base import app, command_state
from claimledger.orchestration import flow_runner


@app.command()
def serve(ctx: typer.Context) -> None:
    """Run ingest and recheck on their schedules (Prefect deployments served by this process).

    Needs a Prefect server: start `prefect server start` in another terminal and set
    PREFECT_API_URL=http://127.0.0.1:4200/api here. The intervals are `serve.interval` and
    `recheck.interval` (seconds) in claimledger.toml. Trigger manual runs with:

      prefect deployment run 'ingest/scheduled' --param kind=manual

      prefect deployment run 'recheck/scheduled' --param kind=manual

    The backfill deployment ('backfill/manual') has no schedule; see 'claimledger backfill'.
    Ctrl-C or SIGTERM stops serving (exit 0); a flow run under way is stopped at a safe point
    and recorded as interrupted.
    """
    settings = command_state(ctx).database(create=True)
    runner = flow_runner()
    # Prefect's SIGTERM handler calls the runner's async stop() without awaiting it, and its
    # exit can come between the creation of a poller's run() and its first step; the runner
    # does stop (exit 0), but each unawaited coroutine would print a warning.
    warnings.filterwarnings(
        "ignore",
        message=r"coroutine '(Runner\.astop|ScheduledRunPoller\.run)' was never awaited",
        category=RuntimeWarning,
    )
    logging.getLogger("asyncio").addFilter(_QuietAboutCleanExit())
    _stop_gracefully_on_signals()
    runner.serve(settings)


class _QuietAboutCleanExit(logging.Filter):
    """Drops asyncio's report of the runner's clean exit. Prefect's SIGTERM handler calls
    ``sys.exit(0)``; when the signal lands while a poller task awaits the API, that exit is
    raised inside the task and asyncio logs it with a traceback at shutdown, though serving
    ended as asked (exit 0)."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        return error is None or not _only_clean_exits(error)


def _only_clean_exits(error: BaseException) -> bool:
    """A ``SystemExit(0)``, or a group of nothing else."""
    if isinstance(error, BaseExceptionGroup):
        return all(_only_clean_exits(inner) for inner in error.exceptions)
    return isinstance(error, SystemExit) and error.code in (0, None)


def _stop_gracefully_on_signals() -> None:
    """Ctrl-C and SIGTERM end `serve` through the Prefect runner's graceful stop (exit 0).

    The runner installs that stop as its SIGTERM handler once it starts. Ctrl-C is turned into
    SIGTERM: left to asyncio, SIGINT cancels the runner's main task, which the runner outlives,
    and serving went on. A signal that comes before the runner started (while deployments are
    registered) is held and handed to the runner once it did: raised then, an exception would
    tear the starting event loop down with a traceback.
    """
    held = threading.Event()

    def hold(number: int, frame: FrameType | None) -> None:
        held.set()

    def hand_over() -> None:
        held.wait()
        while signal.getsignal(signal.SIGTERM) is hold:
            time.sleep(0.1)
        os.kill(os.getpid(), signal.SIGTERM)

    signal.signal(signal.SIGINT, lambda number, frame: signal.raise_signal(signal.SIGTERM))
    signal.signal(signal.SIGTERM, hold)
    threading.Thread(target=hand_over, name="serve-stop", daemon=True).start()
