"""The root command, its global options and what every command shares.

Every command prints a table by default and JSON with `--json`. Configuration or database
problems end in a one-line message and a non-zero exit, never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from claimledger import common
from claimledger.settings import Settings, load_settings
from extractors.claims.model import CATEGORIES
from storage.db import require_ledger, upgrade

app = typer.Typer(
    name="claimledger",
    help=(
        "A versioned, deduplicated ledger of who claimed what in the news, numbers included.\n\n"
        "Examples:\n\n"
        "  claimledger --config examples/claimledger.toml ingest --once\n\n"
        "  claimledger articles list\n\n"
        "  claimledger extract examples/articles/harbour-toll.html --format table\n\n"
        "  claimledger status --json"
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


class CommandError(Exception):
    """A failure to report as one line on stderr, with an exit code."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


@dataclass
class State:
    config: Path | None = None

    def settings(self) -> Settings:
        return load_settings(self.config)

    def database(self, *, create: bool = False) -> Settings:
        """Settings, with the database schema brought up to date first.

        Only commands that write (ingest, recheck, backfill, reextract, db upgrade, sources add)
        pass `create=True`; the others, pointed at a SQLite file that does not exist, fail with
        "no ledger at PATH" (exit 3) rather than create an empty ledger and report it empty.
        """
        settings = self.settings()
        if not create:
            require_ledger(settings.database_url)
        upgrade(settings.database_url)
        return settings


@app.callback()
def main_options(
    ctx: typer.Context,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            "-c",
            help="Configuration file (default: $CLAIMLEDGER_CONFIG or ./claimledger.toml).",
        ),
    ] = None,
) -> None:
    ctx.obj = State(config=config)


def command_state(ctx: typer.Context) -> State:
    """The global options of this invocation (a command called alone gets the defaults)."""
    return ctx.ensure_object(State)


def check_category(category: str | None) -> None:
    """A category the extractor never writes would match nothing: say so instead."""
    if category is not None and category not in CATEGORIES:
        raise CommandError(f"category must be one of {', '.join(CATEGORIES)}, not {category!r}", 2)


def parse_date(value: str | None) -> datetime | None:
    """`2026-03-01` or an ISO timestamp; a date alone means midnight UTC of that day."""
    if value is None:
        return None
    try:
        return common.parse_date(value)
    except ValueError as error:
        raise CommandError(str(error), 2) from None
