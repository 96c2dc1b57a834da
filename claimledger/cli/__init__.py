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
    db,
    entries,
    export,
    extract,
    ingest,
    recheck,
    reextract,
    serve,
    sources,
    status,
    web,
)
from claimledger.cli.base import app
from claimledger.errors import reported
from claimledger.settings import unknown_variables

app.add_typer(db.db_app, name="db")
app.add_typer(sources.sources_app, name="sources")
app.add_typer(articles.articles_app, name="articles")
app.add_typer(backfill.backfill_app, name="backfill")
app.add_typer(claims.claims_app, name="claims")
app.add_typer(clusters.clusters_app, name="clusters")
app.add_typer(entries.entries_app, name="entries")

__all__ = ["app", "main"]


def main() -> None:
    """Console entry point: known failures become one line on stderr, not a traceback.

    What a failure prints and its exit code are decided in one place, `claimledger.errors`
    (2 for usage and configuration, 3 for a database that cannot be used, also when it is lost
    deep inside a flow run, 128 + the signal's number for a pass stopped by a signal, 1 for the
    rest); an error outside its tree is a bug and keeps its traceback.
    """
    for warning in unknown_variables(os.environ):
        output.print_error(f"warning: {warning}")
    try:
        app()
    except Exception as error:
        known = reported(error)
        if known is None:
            raise
        output.print_error(known.report())
        sys.exit(known.exit_code)
