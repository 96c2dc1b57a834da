"""`claimledger web`: the read-only web application over the ledger."""

from __future__ import annotations

from typing import Annotated

import typer

from claimledger import output
from claimledger.cli.base import app, command_state
from claimledger.errors import UsageError
from claimledger.ledger import open_read_only
from intake.urls import redact_url


@app.command("web")
def web(
    ctx: typer.Context,
    host: Annotated[
        str,
        typer.Option(help="Address to listen on. Keep 127.0.0.1 behind a reverse proxy."),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Serve the read-only web application: claims, timelines, articles, sources and runs.

    The pages read the same database as the other commands, through a session that cannot
    write. It listens on 127.0.0.1 only unless told otherwise; it has no login of its own, so
    to share it put it behind a reverse proxy with authentication (see the README).

    Examples:

      claimledger web

      claimledger --config examples/claimledger.toml web --port 8080

      CLAIMLEDGER_DATABASE_URL=postgresql+psycopg://reader@db/ledger claimledger web
    """
    if not 0 < port < 65536:
        raise UsageError(f"port must be between 1 and 65535, not {port}")
    settings = command_state(ctx).settings()
    ledger = open_read_only(settings.database_url)

    import uvicorn

    from claimledger.web import create_app

    output.print_error(
        f"serving {redact_url(settings.database_url)} read-only on http://{host}:{port}/"
    )
    application = create_app(
        ledger.database_url,
        prefect_ui_url=prefect_ui_url(),
        run_lease=settings.ingest_run_lease,
    )
    uvicorn.run(application, host=host, port=port, log_level="warning")


def prefect_ui_url() -> str | None:
    """The Prefect UI of the configured Prefect API (PREFECT_API_URL or the Prefect profile),
    which the Runs page links each flow run to; None when no API is configured."""
    from prefect.settings import get_current_settings

    prefect = get_current_settings()
    return prefect.ui_url if prefect.api.url else None
