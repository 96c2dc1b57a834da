"""`claimledger entries`: feed entries waiting for a retry, and those given up on."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

import typer

from claimledger import output
from claimledger.cli.base import JsonOption, command_state
from claimledger.errors import UsageError
from claimledger.ledger import EntryStatus

entries_app = typer.Typer(
    help="Feed entries not stored yet: pending a retry, or abandoned.", no_args_is_help=True
)


@entries_app.command("list")
def entries_list(
    ctx: typer.Context,
    pending_only: Annotated[
        bool, typer.Option("--pending", help="Only entries waiting for a retry.")
    ] = False,
    abandoned_only: Annotated[
        bool,
        typer.Option("--abandoned", help="Only entries given up on (refused, or too many tries)."),
    ] = False,
    source: Annotated[
        str | None, typer.Option(help="Only entries of this source (its name).")
    ] = None,
    limit: Annotated[int, typer.Option(help="How many entries at most.")] = 100,
    as_json: JsonOption = False,
) -> None:
    """List feed entries that ingest has not stored: pending ones (a timeout, a 5xx or 429, a
    connection error, or beyond the per-source cap) with their next try, and abandoned ones
    with the reason. Without --pending or --abandoned, both.

    Examples:

      claimledger entries list --pending

      claimledger entries list --abandoned --source example-world --json
    """
    if pending_only and abandoned_only:
        raise UsageError("give --pending or --abandoned, not both (neither lists both)")
    status = (
        EntryStatus.PENDING if pending_only else EntryStatus.ABANDONED if abandoned_only else None
    )
    entries = command_state(ctx).ledger().entries(status, source, limit)
    if as_json:
        output.print_json([asdict(entry) for entry in entries])
        return
    output.print_table(
        "feed entries",
        ["source", "status", "attempts", "next try", "last outcome", "url", "last error"],
        [
            [
                entry.source,
                entry.status,
                entry.attempts,
                entry.next_try_at,
                entry.last_outcome,
                entry.url,
                entry.last_error,
            ]
            for entry in entries
        ],
    )
