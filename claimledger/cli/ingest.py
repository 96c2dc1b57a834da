"""`claimledger ingest` and `claimledger serve`: one pass now, or on a schedule."""

from __future__ import annotations

import os
import signal
import threading
import time
import warnings
from types import FrameType
from typing import Annotated

import typer

from claimledger import output, passes, polling
from claimledger.cli.base import (
    JsonOption,
    app,
    command_state,
    print_articles,
    running_flow,
)
from claimledger.errors import ClaimledgerError, UsageError
from claimledger.orchestration import flow_runner


@app.command()
def ingest(
    ctx: typer.Context,
    once: Annotated[bool, typer.Option("--once", help="Run one pass now.")] = False,
    source: Annotated[
        list[str] | None,
        typer.Option("--source", "-s", help="Poll only this source, whatever its schedule."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Poll due sources, fetch new entries, extract and store them (one pass).

    The pass is recorded in the ledger's `runs` table (see `claimledger status`). Where a
    Prefect API is configured (PREFECT_API_URL, or in the Prefect profile) it is also a Prefect
    flow run there; otherwise it runs in this process, without starting a Prefect server.
    Exits 1 when every polled source failed; when some did, says how many on stderr.

    Examples:

      claimledger ingest --once

      claimledger --config examples/claimledger.toml ingest --once --source example-world
    """
    if not once:
        raise UsageError(
            "add --once to run one pass now; use 'claimledger serve' to run on a schedule"
        )
    settings, ledger = command_state(ctx).open(create=True)
    if source:
        # Checked here so a mistyped name is a one-line error, not a failed flow run.
        polling.sync_configured_sources(settings)
        polling.due_source_ids(settings, source)
    config_path = str(settings.config_path) if settings.config_path else None
    if passes.prefect_api_url():
        runner = flow_runner()
        with running_flow():
            counters = runner.ingest("manual", source or None, config_path)
    else:
        with running_flow():
            counters = passes.ingest_once(config_path, source)
    if as_json:
        output.print_json(counters)
    else:
        output.print_mapping(f"ingest run {counters.get('run_id')}", counters)
        print_articles(ledger, limit=20)
    failed, polled = polling.failed_sources(counters)
    if failed:
        report = f"{failed} of {polled} polled sources failed; 'claimledger sources list' says why"
        if failed == polled:
            raise ClaimledgerError(report)
        output.print_error(f"warning: {report}")


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
    # Prefect's SIGTERM handler calls the runner's async stop() without awaiting it; the
    # runner does stop (it exits), but the unawaited coroutine would print a warning.
    warnings.filterwarnings(
        "ignore", message="coroutine 'Runner.astop' was never awaited", category=RuntimeWarning
    )
    _stop_gracefully_on_signals()
    runner.serve(settings)


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
