"""The root command, its global options and what every command shares.

Every command prints a table by default and JSON with `--json`. Configuration or database
problems end in a one-line message and a non-zero exit, never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer

from claimledger.settings import Settings, load_settings
from storage.db import upgrade

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

    def database(self) -> Settings:
        """Settings, with the database schema brought up to date first."""
        settings = self.settings()
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
