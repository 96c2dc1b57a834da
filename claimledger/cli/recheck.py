"""`claimledger recheck`: refetch the articles whose recheck is due, once."""

from __future__ import annotations

from typing import Annotated

import typer

from claimledger import output, passes
from claimledger.cli.base import JsonOption, app, command_state, running_flow
from claimledger.errors import UsageError
from claimledger.orchestration import flow_runner


@app.command()
def recheck(
    ctx: typer.Context,
    once: Annotated[bool, typer.Option("--once", help="Run one pass now.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Refetch recently published articles that are due for a check, and store their edits.

    Articles are checked at `recheck.offsets` after they were first seen (default 1h, 4h, 24h,
    3d, 7d), at most `recheck.budget` per pass, with conditional requests. Pages that answer
    404/410 are marked gone, and pages that redirect to another article are marked redirected;
    their versions are kept. `claimledger serve` runs this on `recheck.interval`. Like
    `ingest --once`, the pass is a Prefect flow run only where a Prefect API is configured.

    Examples:

      claimledger recheck --once

      CLAIMLEDGER_RECHECK_BUDGET=50 claimledger recheck --once --json
    """
    if not once:
        raise UsageError(
            "add --once to run one pass now; use 'claimledger serve' to run on a schedule"
        )
    settings = command_state(ctx).database(create=True)
    config_path = str(settings.config_path) if settings.config_path else None
    if passes.prefect_api_url():
        runner = flow_runner()
        with running_flow():
            counters = runner.recheck("manual", config_path)
    else:
        with running_flow():
            counters = passes.recheck_once(config_path)
    if as_json:
        output.print_json(counters)
        return
    output.print_mapping(f"recheck run {counters.get('run_id')}", counters)
