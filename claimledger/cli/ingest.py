"""`claimledger ingest`: one ingest pass now (`claimledger serve` runs it on a schedule)."""

from __future__ import annotations

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
