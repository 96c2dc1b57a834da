"""The `claimledger` command line: the same verbs as the library, for people and for cron.

Every command prints a table by default and JSON with `--json`. Configuration or database
problems end in a one-line message and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from claimledger import output, pipeline
from claimledger.documents import ExtractedDocument, FailedDocument, extract_document
from claimledger.settings import Settings, SettingsError, load_settings
from extractors.claims import Toll
from intake.http import Fetcher
from intake.urls import InvalidURL, normalize_url
from storage import queries, writes
from storage.db import DatabaseError, session_scope, upgrade

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
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
sources_app = typer.Typer(help="Feeds and URL lists to poll.", no_args_is_help=True)
articles_app = typer.Typer(help="Stored articles and their versions.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(sources_app, name="sources")
app.add_typer(articles_app, name="articles")

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


def _state(ctx: typer.Context) -> State:
    state = ctx.ensure_object(State)
    return state


def _shown_database_url(database_url: str) -> str:
    """The database URL as printed: output gets pasted into tickets, so a password is masked."""
    try:
        return make_url(database_url).render_as_string(hide_password=True)
    except ArgumentError:
        return database_url


# --- db ----------------------------------------------------------------------------------------


@db_app.command("upgrade")
def db_upgrade(ctx: typer.Context) -> None:
    """Create or migrate the database schema to the newest version.

    Other commands do this automatically; run it alone to prepare a database ahead of workers.

    Example:

      CLAIMLEDGER_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1/test claimledger db upgrade
    """
    settings = _state(ctx).database()
    output.console.print(
        f"database schema is up to date: {_shown_database_url(settings.database_url)}"
    )


# --- sources -----------------------------------------------------------------------------------


@sources_app.command("add")
def sources_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="A short unique name.")],
    url: Annotated[str, typer.Argument(help="Feed URL, file:// URL or local path.")],
    kind: Annotated[str, typer.Option(help=f"One of: {', '.join(pipeline.SOURCE_KINDS)}.")] = "rss",
) -> None:
    """Register a feed (RSS or Atom) or a URL list to poll.

    Example: claimledger sources add reuters-world https://example.org/world/rss.xml
    """
    if kind not in pipeline.SOURCE_KINDS:
        raise CommandError(
            f"kind must be one of {', '.join(pipeline.SOURCE_KINDS)}, not {kind!r}", 2
        )
    settings = _state(ctx).database()
    try:
        location = pipeline.resolve_source_url(url, Path.cwd())
    except InvalidURL as error:
        raise CommandError(str(error), 2) from None
    with session_scope(settings.database_url) as session:
        try:
            writes.add_source(session, name, location, kind, pipeline.utcnow())
        except writes.SourceExistsError as error:
            raise CommandError(str(error)) from None
    output.console.print(f"added source {name!r}: {location}")


@sources_app.command("list")
def sources_list(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """List sources with their health.

    Example: claimledger sources list --json
    """
    settings = _state(ctx).database()
    pipeline.sync_configured_sources(settings)
    with session_scope(settings.database_url) as session:
        sources = [
            {
                "name": s.name,
                "url": s.url,
                "kind": s.kind,
                "enabled": s.enabled,
                "last_polled_at": s.last_polled_at,
                "next_poll_at": s.next_poll_at,
                "last_status": s.last_status,
                "consecutive_failures": s.consecutive_failures,
                "last_error": s.last_error,
            }
            for s in queries.list_sources(session)
        ]
    if as_json:
        output.print_json(sources)
        return
    output.print_table(
        "sources",
        ["name", "kind", "enabled", "last status", "failures", "next poll", "url"],
        [
            [
                s["name"],
                s["kind"],
                s["enabled"],
                s["last_status"],
                s["consecutive_failures"],
                s["next_poll_at"],
                s["url"],
            ]
            for s in sources
        ],
    )


def _set_enabled(ctx: typer.Context, name: str, enabled: bool) -> None:
    settings = _state(ctx).database()
    with session_scope(settings.database_url) as session:
        try:
            writes.set_source_enabled(session, name, enabled)
        except LookupError as error:
            raise CommandError(str(error)) from None
    output.console.print(f"source {name!r} {'enabled' if enabled else 'disabled'}")


@sources_app.command("disable")
def sources_disable(ctx: typer.Context, name: str) -> None:
    """Stop polling a source; its articles stay.

    Example: claimledger sources disable example-world
    """
    _set_enabled(ctx, name, False)


@sources_app.command("enable")
def sources_enable(ctx: typer.Context, name: str) -> None:
    """Poll a disabled source again.

    Example: claimledger sources enable example-world
    """
    _set_enabled(ctx, name, True)


# --- ingest and serve --------------------------------------------------------------------------


@app.command()
def ingest(
    ctx: typer.Context,
    once: Annotated[bool, typer.Option("--once", help="Run one pass now.")] = False,
    source: Annotated[
        list[str] | None,
        typer.Option("--source", "-s", help="Poll only this source, whatever its schedule."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Poll due sources, fetch new entries, extract and store them (one pass).

    Examples:

      claimledger ingest --once

      claimledger --config examples/claimledger.toml ingest --once --source example-world
    """
    if not once:
        raise CommandError(
            "add --once to run one pass now; use 'claimledger serve' to run on a schedule", 2
        )
    settings = _state(ctx).database()
    if source:
        # Checked here so a mistyped name is a one-line error, not a failed flow run.
        pipeline.sync_configured_sources(settings)
        try:
            pipeline.due_source_ids(settings, source)
        except LookupError as error:
            raise CommandError(str(error)) from None
    from flows.ingest import ingest as ingest_flow

    counters = ingest_flow(
        kind="manual",
        sources=source or None,
        config_path=str(settings.config_path) if settings.config_path else None,
    )
    if as_json:
        output.print_json(counters)
        return
    output.print_mapping(f"ingest run {counters.get('run_id')}", counters)
    _print_articles(settings, limit=20)


@app.command()
def serve(ctx: typer.Context) -> None:
    """Run ingest on a schedule (a Prefect deployment served by this process).

    Needs a Prefect server: start `prefect server start` in another terminal and set
    PREFECT_API_URL=http://127.0.0.1:4200/api here. The interval is `serve.interval` (seconds)
    in claimledger.toml. Trigger a manual run with:

      prefect deployment run 'ingest/scheduled' --param kind=manual
    """
    settings = _state(ctx).database()
    from prefect import serve as serve_deployments

    from flows.serve import ingest_deployment

    serve_deployments(ingest_deployment(settings))


# --- articles ----------------------------------------------------------------------------------


def _print_articles(settings: Settings, limit: int, offset: int = 0, as_json: bool = False) -> None:
    with session_scope(settings.database_url) as session:
        articles = queries.list_articles(session, limit=limit, offset=offset)
    if as_json:
        output.print_json(articles)
        return
    output.print_table(
        f"articles (newest {len(articles)})",
        ["id", "title", "published", "versions", "url"],
        [[a.id, a.title, a.published_at, a.versions, a.canonical_url] for a in articles],
    )


@articles_app.command("list")
def articles_list(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(help="How many articles.")] = 50,
    offset: Annotated[int, typer.Option(help="Skip this many first.")] = 0,
    as_json: JsonOption = False,
) -> None:
    """List stored articles, most recently discovered first.

    Example: claimledger articles list --limit 10 --json
    """
    _print_articles(_state(ctx).database(), limit, offset, as_json)


@articles_app.command("show")
def articles_show(
    ctx: typer.Context,
    url: Annotated[
        str, typer.Argument(help="Canonical URL or any URL the article was seen under.")
    ],
    text: Annotated[bool, typer.Option("--text", help="Print the latest version's text.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Show one article, the URLs it is known by, and every version.

    Example: claimledger articles show https://news.example.org/2026/harbour-toll
    """
    settings = _state(ctx).database()
    try:
        normalized = normalize_url(url)
    except InvalidURL as error:
        raise CommandError(str(error), 2) from None
    with session_scope(settings.database_url) as session:
        article = queries.find_article(session, normalized)
        if article is None:
            raise CommandError(f"no article known under {url}")
        versions = queries.article_versions(session, article.id)
        detail: dict[str, Any] = {
            "id": article.id,
            "canonical_url": article.canonical_url,
            "first_seen_at": article.first_seen_at,
            "last_checked_at": article.last_checked_at,
            # The alias table also maps the canonical URL to the article; it is shown above.
            "aliases": [
                alias
                for alias in queries.article_aliases(session, article.id)
                if alias != article.canonical_url
            ],
            "versions": [
                {
                    "version": v.version,
                    "fetched_at": v.fetched_at,
                    "title": v.title,
                    "authors": v.authors,
                    "published_at": v.published_at,
                    "modified_at": v.modified_at,
                    "language": v.language,
                    "url": v.url,
                    "text_hash": v.text_hash,
                    "capture_sha256": v.capture_sha256,
                    "extractor": f"{v.extractor_name} {v.extractor_version}",
                    "words": len(v.text.split()),
                    **({"text": v.text} if as_json or text else {}),
                }
                for v in versions
            ],
        }
    if as_json:
        output.print_json(detail)
        return
    output.print_mapping(
        f"article {detail['id']}",
        {
            "canonical url": detail["canonical_url"],
            "first seen": detail["first_seen_at"],
            "last checked": detail["last_checked_at"],
            "also known as": "\n".join(detail["aliases"]),
        },
    )
    output.print_table(
        "versions",
        ["version", "fetched", "title", "published", "modified", "words", "extractor"],
        [
            [
                v["version"],
                v["fetched_at"],
                v["title"],
                v["published_at"],
                v["modified_at"],
                v["words"],
                v["extractor"],
            ]
            for v in detail["versions"]
        ],
    )
    if text and detail["versions"]:
        # Unwrapped: the text as stored, for piping into other tools.
        output.console.print(
            detail["versions"][-1]["text"], markup=False, highlight=False, soft_wrap=True
        )


# --- extract -----------------------------------------------------------------------------------


class OutputFormat(StrEnum):
    JSONL = "jsonl"
    JSON = "json"
    TABLE = "table"


@app.command()
def extract(
    ctx: typer.Context,
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Local files (.html, .html.gz, .txt) or http(s)/file URLs.",
            metavar="PATH_OR_URL",
        ),
    ],
    output_format: Annotated[
        OutputFormat,
        typer.Option(
            "--format",
            "-f",
            help="jsonl: one object per line, as each input is done; json: one array; "
            "table: a summary.",
        ),
    ] = OutputFormat.JSONL,
) -> None:
    """Extract the text and claims of pages or text files, without a database.

    Prints one object per input: input, url, title, published, text, claims, casualties and
    extractor. For a .txt input, text is the file's content exactly, so claim offsets index
    the file. An input that fails gives {"input", "error"} instead, and once every input is
    printed the command exits with status 1. HTTP settings come from the configuration file
    when there is one; none is needed.

    Examples:

      claimledger extract examples/articles/harbour-toll.html

      claimledger extract statement.txt https://example.org/story -f table

      claimledger extract archive/*.html.gz --format json > documents.json
    """
    settings = _state(ctx).settings()
    failed = 0
    collected: list[ExtractedDocument | FailedDocument] = []
    with Fetcher(settings.fetch_policy()) as fetcher:
        for location in inputs:
            document = extract_document(location, fetcher)
            failed += isinstance(document, FailedDocument)
            if output_format is OutputFormat.JSONL:
                output.print_json_line(document.to_dict())
            else:
                collected.append(document)
    if output_format is OutputFormat.JSON:
        output.print_json([document.to_dict() for document in collected])
    elif output_format is OutputFormat.TABLE:
        _print_documents(collected)
    if failed:
        output.print_error(f"error: {failed} of {len(inputs)} inputs failed")
        raise typer.Exit(1)


def _print_documents(documents: list[ExtractedDocument | FailedDocument]) -> None:
    any_failed = any(isinstance(document, FailedDocument) for document in documents)
    columns = ["input", "title", "published", "claims", "killed", "wounded"]
    rows: list[list[Any]] = []
    for document in documents:
        if isinstance(document, FailedDocument):
            rows.append([document.input, None, None, None, None, None, document.error])
            continue
        casualties = document.extraction.casualties
        row = [
            document.input,
            document.title,
            document.published,
            len(document.extraction.claims),
            _toll_summary(casualties.killed),
            _toll_summary(casualties.wounded),
        ]
        rows.append([*row, None] if any_failed else row)
    output.print_table("documents", [*columns, "error"] if any_failed else columns, rows)


def _toll_summary(toll: Toll) -> str | None:
    """ "23 civilians, 7 children": the toll per category, not one sum, because the categories
    overlap (children are usually counted among the civilians too)."""
    counts = [f"{count} {category}" for category, count in toll.to_dict().items() if count]
    return ", ".join(counts) or None


# --- status ------------------------------------------------------------------------------------


@app.command()
def status(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Source health, the last runs and row counts.

    Example: claimledger status --json
    """
    settings = _state(ctx).database()
    with session_scope(settings.database_url) as session:
        report: dict[str, Any] = {
            "database": _shown_database_url(settings.database_url),
            "counts": queries.table_counts(session),
            "sources": [
                {
                    "name": s.name,
                    "enabled": s.enabled,
                    "last_status": s.last_status,
                    "consecutive_failures": s.consecutive_failures,
                    "last_polled_at": s.last_polled_at,
                    "last_error": s.last_error,
                }
                for s in queries.list_sources(session)
            ],
            "runs": [
                {
                    "id": r.id,
                    "flow": r.flow_name,
                    "kind": r.kind,
                    "status": r.status,
                    "started_at": r.started_at,
                    "finished_at": r.finished_at,
                    "counters": r.counters,
                    "error": r.error,
                }
                for r in queries.recent_runs(session)
            ],
        }
    if as_json:
        output.print_json(report)
        return
    output.print_mapping("rows", report["counts"])
    output.print_table(
        "sources",
        ["name", "enabled", "last status", "failures", "last polled", "last error"],
        [list(s.values()) for s in report["sources"]],
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


def main() -> None:
    """Console entry point: known failures become one line on stderr, not a traceback."""
    try:
        app()
    except CommandError as error:
        output.print_error(f"error: {error}")
        sys.exit(error.exit_code)
    except SettingsError as error:
        output.print_error(f"configuration error: {error}")
        sys.exit(2)
    except DatabaseError as error:
        output.print_error(f"database error: {error}")
        sys.exit(3)
