"""The `claimledger` command line: the same verbs as the library, for people and for cron.

Every command prints a table by default and JSON with `--json`. Configuration or database
problems end in a one-line message and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import os
import sys

from claimledger import output

# Importing a command module registers its commands on `app`.
from claimledger.cli import (  # noqa: F401
    articles,
    backfill,
    claims,
    clusters,
    entries,
    export,
    extract,
    ingest,
    recheck,
    reextract,
    sources,
    status,
    web,
)
from claimledger.cli.base import CommandError, app
from claimledger.export import ExportError
from claimledger.ledger import database_failure
from claimledger.settings import SettingsError, unknown_variables
from claimledger.stopping import Interrupted

app.add_typer(status.db_app, name="db")
app.add_typer(sources.sources_app, name="sources")
app.add_typer(articles.articles_app, name="articles")
app.add_typer(backfill.backfill_app, name="backfill")
app.add_typer(claims.claims_app, name="claims")
app.add_typer(clusters.clusters_app, name="clusters")
app.add_typer(entries.entries_app, name="entries")

__all__ = ["app", "main"]


def main() -> None:
    """Console entry point: known failures become one line on stderr, not a traceback.

    The one place that maps errors to exit codes: 2 for usage and configuration, 3 for a
    database that cannot be used (also when it is lost deep inside a flow run), 128 + the
    signal's number for a pass stopped by a signal (130 for SIGINT, 143 for SIGTERM), and the
    command's own code for the rest of its one-line errors.
    """
    for warning in unknown_variables(os.environ):
        output.print_error(f"warning: {warning}")
    try:
        app()
    except (CommandError, ExportError) as error:
        output.print_error(f"error: {error}")
        sys.exit(error.exit_code)
    except SettingsError as error:
        output.print_error(f"configuration error: {error}")
        sys.exit(2)
    except Interrupted as stop:
        stopped = f"{stop.run} stopped" if stop.run else "stopped"
        output.print_error(
            f"interrupted by {stop.signal_name}: {stopped}, nothing lost; "
            "run the command again to finish"
        )
        sys.exit(stop.exit_code)
    except Exception as error:
        lost = database_failure(error)
        if lost is None:
            raise
        output.print_error(f"database error: {lost}")
        sys.exit(3)
