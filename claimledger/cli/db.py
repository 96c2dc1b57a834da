"""`claimledger db`: the database schema."""

from __future__ import annotations

import typer

from claimledger import output
from claimledger.cli.base import command_state
from intake.urls import redact_url

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
