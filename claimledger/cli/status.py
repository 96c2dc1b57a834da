"""`claimledger status` and `claimledger db`: the state of the ledger and its schema."""

from __future__ import annotations

from typing import Any

import typer

from claimledger import output
from claimledger.cli.base import JsonOption, app, command_state
from intake.urls import redact_optional, redact_url
from storage import pending, queries, reads
from storage.db import session_scope

db_app = typer.Typer(help="Database schema.", no_args_is_help=True)


@db_app.command("upgrade")
def db_upgrade(ctx: typer.Context) -> None:
    """Create or migrate the database schema to the newest version.

    Other commands do this automatically; run it alone to prepare a database ahead of workers.

    Example:

      CLAIMLEDGER_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1/test claimledger db upgrade
    """
    settings = command_state(ctx).database(create=True)
    output.console.print(f"database schema is up to date: {redact_url(settings.database_url)}")


@app.command()
def status(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Source health, the last runs and row counts.

    Example: claimledger status --json
    """
    settings = command_state(ctx).database()
    with session_scope(settings.database_url) as session:
        by_source = pending.counts_by_source(session)
        report: dict[str, Any] = {
            "database": redact_url(settings.database_url),
            "counts": queries.table_counts(session),
            "entries": {
                status: sum(counts.get(status, 0) for counts in by_source.values())
                for status in (pending.EntryStatus.PENDING, pending.EntryStatus.ABANDONED)
            },
            "sources": [
                {
                    "name": s.name,
                    "enabled": s.enabled,
                    "last_status": s.last_status,
                    "consecutive_failures": s.consecutive_failures,
                    "entries_pending": by_source.get(s.id, {}).get(pending.EntryStatus.PENDING, 0),
                    "entries_abandoned": by_source.get(s.id, {}).get(
                        pending.EntryStatus.ABANDONED, 0
                    ),
                    "last_polled_at": s.last_polled_at,
                    "last_error": redact_optional(s.last_error),
                }
                for s in queries.list_sources(session)
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
                for r in reads.recent_runs(session, limit=10)
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
