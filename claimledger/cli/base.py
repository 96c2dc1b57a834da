"""The root command, its global options and what every command shares.

Every command prints a table by default and JSON with `--json`. Configuration or database
problems end in a one-line message and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from claimledger import common, output, progress, stopping
from claimledger.errors import NotFoundError, UsageError
from claimledger.ledger import Ledger, ReadFilter, database_failure, open_ledger
from claimledger.settings import Settings, load_settings
from extractors.claims.model import CATEGORIES
from intake.urls import InvalidURL

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


@dataclass
class State:
    config: Path | None = None

    def settings(self) -> Settings:
        return load_settings(self.config)

    def open(self, *, create: bool = False) -> tuple[Settings, Ledger]:
        """Settings, and the ledger they name opened with its schema brought up to date.

        Only commands that write (ingest, recheck, backfill, reextract, db upgrade, sources add)
        pass `create=True`; the others, pointed at a SQLite file that does not exist, fail with
        "no ledger at PATH" (exit 3) rather than create an empty ledger and report it empty.
        """
        settings = self.settings()
        return settings, open_ledger(settings.database_url, create=create)

    def database(self, *, create: bool = False) -> Settings:
        """`open`'s settings, for commands that run library passes on them."""
        return self.open(create=create)[0]

    def ledger(self) -> Ledger:
        """`open`'s ledger, for commands that only read it."""
        return self.open()[1]


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
        raise UsageError(f"category must be one of {', '.join(CATEGORIES)}, not {category!r}")


def parse_date(value: str | None) -> datetime | None:
    """`2026-03-01` or an ISO timestamp; a date alone means midnight UTC of that day."""
    if value is None:
        return None
    try:
        return common.parse_date(value)
    except ValueError as error:
        raise UsageError(str(error)) from None


def article_id_for_url(ledger: Ledger, url: str) -> int:
    """The article known under `url` (canonical or any alias), or a one-line error."""
    try:
        article_id = ledger.article_id(url)
    except InvalidURL as error:
        raise UsageError(str(error)) from None
    if article_id is None:
        raise NotFoundError(f"no article known under {url}")
    return article_id


def print_articles(
    ledger: Ledger,
    limit: int,
    offset: int = 0,
    as_json: bool = False,
    where: ReadFilter | None = None,
) -> None:
    """Articles newest first, as `articles list` prints them (and `ingest` after its pass)."""
    articles = ledger.articles(where, limit=limit, offset=offset)
    if as_json:
        output.print_json(articles)
        return
    output.print_table(
        f"articles (newest {len(articles)})",
        ["id", "title", "published", "versions", "url"],
        [[a.article_id, a.title, a.published_at, a.versions, a.canonical_url] for a in articles],
    )


class _QuietAboutLostDatabase(logging.Filter):
    """Drops Prefect's console reports of a run failing because its database was lost, or
    stopping because it was asked to (SIGINT, SIGTERM).

    Each failed task and the flow log the error with a traceback (hundreds of lines for one
    cause); the entry point reports it in one line naming the database, or the signal. From
    the first such report on, the run's records (failed states, the flow's end) are
    consequences of it, so they are dropped too; records before it, and those Prefect sends
    to its API, are kept.
    """

    def __init__(self) -> None:
        super().__init__()
        self.database_lost = False

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name == "psycopg" and record.getMessage().startswith("error ignored"):
            return False  # could not close a pipeline on a lost connection: the same cause
        if not record.name.startswith(("prefect.flow_runs", "prefect.task_runs")):
            return True
        if stopping.requested():
            return False
        if record.exc_info and record.exc_info[1] and database_failure(record.exc_info[1]):
            self.database_lost = True
        return not self.database_lost


@contextmanager
def running_flow() -> Iterator[None]:
    """Around a flow run in this process: progress bars, SIGINT and SIGTERM stopping the pass
    at a safe point (`claimledger.stopping`), and a lost database or a stop left for the
    entry point to report in one line. Import the flow first: importing Prefect sets up the
    console handlers this filters."""
    quiet = _QuietAboutLostDatabase()
    handlers = list(logging.getLogger().handlers)
    for handler in handlers:
        handler.addFilter(quiet)
    try:
        with (
            stopping.on_signals(),
            progress.RichProgressBars() as bars,
            progress.reporting(bars),
        ):
            yield
    except BaseException as error:
        stop = stopping.as_interrupted(error)
        if stop is None:
            raise
        raise stop from None
    finally:
        for handler in handlers:
            handler.removeFilter(quiet)
