"""`claimledger status`: the state of the ledger: row counts, entries, sources and runs."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import typer

from claimledger import output
from claimledger.cli.base import JsonOption, app, command_state
from claimledger.common import utcnow
from claimledger.ledger import EntryStatus
from claimledger.settings import Settings
from intake.urls import redact_url


def run_lease_start(settings: Settings) -> datetime:
    """A running run whose last heartbeat is older than this is abandoned."""
    return utcnow() - timedelta(seconds=settings.ingest_run_lease)


@app.command()
def status(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Source health, the last runs and row counts.

    A run is shown `interrupted` when a signal (Ctrl-C, SIGTERM) stopped it, and `abandoned`
    when its process stopped sending heartbeats for longer than `[ingest] run_lease` seconds
    (killed, or cut off from the database); the next pass takes over its sources.

    Example: claimledger status --json
    """
    settings, ledger = command_state(ctx).open()
    sources = ledger.sources()
    # A removed source's entries are dropped with it: the live sources hold every entry.
    report: dict[str, Any] = {
        "database": redact_url(settings.database_url),
        "counts": ledger.counts(),
        "entries": {
            EntryStatus.PENDING: sum(s.entries_pending for s in sources),
            EntryStatus.ABANDONED: sum(s.entries_abandoned for s in sources),
        },
        "sources": [
            {
                "name": s.name,
                "enabled": s.enabled,
                "last_status": s.last_status,
                "consecutive_failures": s.consecutive_failures,
                "entries_pending": s.entries_pending,
                "entries_abandoned": s.entries_abandoned,
                "last_polled_at": s.last_polled_at,
                "last_error": s.last_error,
            }
            for s in sources
        ],
        "runs": [
            {
                "id": r.run_id,
                "flow": r.flow_name,
                "kind": r.kind,
                "status": r.status,
                "started_at": r.started_at,
                "finished_at": r.finished_at,
                "counters": r.counters,
                "error": r.error,
            }
            for r in ledger.runs(limit=10, stale_before=run_lease_start(settings))
        ],
    }
    if as_json:
        output.print_json(report)
        return
    entries = {f"entries {status}": count for status, count in report["entries"].items()}
    output.print_mapping("rows", {**report["counts"], **entries})
    output.print_table(
        "sources",
        ["name", "enabled", "last status", "failures", "last polled", "last error"],
        [
            [
                s["name"],
                s["enabled"],
                s["last_status"],
                s["consecutive_failures"],
                s["last_polled_at"],
                s["last_error"],
            ]
            for s in report["sources"]
        ],
    )
    output.print_table(
        "last runs",
        ["id", "flow", "kind", "status", "started", "finished", "counters"],
        [
            [
                r["id"],
                r["flow"],
                r["kind"],
                r["status"],
                r["started_at"],
                r["finished_at"],
                " ".join(f"{k}={v}" for k, v in r["counters"].items()),
            ]
            for r in report["runs"]
        ],
    )
