"""`claimledger backfill`: archives, sitemaps, URL lists and sources over a window, in chunks."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from claimledger import backfill as backfills
from claimledger import backfill_plan, output, passes, polling
from claimledger.cli.base import JsonOption, command_state, running_flow
from claimledger.errors import BackfillIncomplete, UsageError
from claimledger.orchestration import flow_runner
from claimledger.settings import Settings
from intake.http import Fetcher

backfill_app = typer.Typer(
    help="Backfill archives, sitemaps, URL lists or sources; 'backfill status' shows progress.",
    no_args_is_help=False,
)


@backfill_app.callback(invoke_without_command=True)
def backfill(
    ctx: typer.Context,
    sitemap: Annotated[
        list[str] | None,
        typer.Option("--sitemap", help="Sitemap or sitemap index URL (repeatable; .xml.gz too)."),
    ] = None,
    urls: Annotated[
        list[Path] | None, typer.Option("--urls", help="File with one URL per line (repeatable).")
    ] = None,
    warc: Annotated[
        list[Path] | None,
        typer.Option("--warc", help="WARC or WARC.gz file, e.g. from CC-NEWS (repeatable)."),
    ] = None,
    source: Annotated[
        list[str] | None,
        typer.Option(
            "--source",
            "-s",
            help="Alone: backfill this source's feed entries. With other inputs: keep only "
            "pages of this source's site, attributed to it (repeatable).",
        ),
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Window start: YYYY-MM-DD or ISO datetime (UTC).")
    ] = None,
    until: Annotated[
        str | None,
        typer.Option("--until", help="Window end; a bare date includes that whole day."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the chunk plan and change nothing.")
    ] = False,
    retry_failed: Annotated[
        bool, typer.Option("--retry-failed", help="Run only the chunks that failed before.")
    ] = False,
    submit: Annotated[
        bool,
        typer.Option(
            "--submit",
            help="Create runs of the 'backfill' deployment (one per chunk group) on the Prefect "
            "server in PREFECT_API_URL instead of running here.",
        ),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Backfill WARC archives, sitemaps, URL lists or sources, in resumable chunks.

    The window (--since/--until) applies to WARC-Dates, sitemap news publication dates (else
    lastmod) and feed entry dates; URL lists have no dates. Chunks are recorded in the
    database: running the same command again skips finished chunks and redoes unfinished
    ones, so a backfill can be stopped (Ctrl-C, kill) and resumed at any time.

    Examples:

      claimledger backfill --warc CC-NEWS-20260301.warc.gz --since 2026-03-01 --until 2026-03-01

      claimledger backfill --sitemap https://news.example.org/sitemap.xml --since 2026-01-01

      claimledger backfill --urls missed.txt --dry-run

      claimledger backfill --source example-world --since 2026-03-01

      claimledger backfill --warc a.warc.gz --retry-failed

      claimledger backfill --warc a.warc.gz --submit      # needs PREFECT_API_URL and 'serve'

      claimledger backfill status
    """
    if ctx.invoked_subcommand is not None:
        return
    settings = command_state(ctx).database(create=True)
    for warning in polling.sync_configured_sources(settings):
        output.print_error(f"warning: {warning}")
    request = backfill_plan.BackfillRequest.build(
        sitemaps=sitemap or (),
        url_files=urls or (),
        warcs=warc or (),
        sources=source or (),
        since=since,
        until=until,
    )
    if dry_run:
        with Fetcher(settings.http) as fetcher:
            print_plan(backfills.preview(settings, request, fetcher), as_json)
    elif submit:
        submit_runs(settings, request, retry_failed, as_json)
    else:
        run_here(settings, request, retry_failed, as_json)


def run_here(
    settings: Settings, request: backfill_plan.BackfillRequest, retry_failed: bool, as_json: bool
) -> None:
    """Run the backfill flow in this process, with progress bars for chunks and pages."""
    runner = flow_runner()
    config_path = str(settings.config_path) if settings.config_path else None
    try:
        with running_flow():
            counters = runner.backfill(request, retry_failed, config_path)
    except BackfillIncomplete as incomplete:
        print_counters(incomplete.counters, as_json)
        raise
    print_counters(counters, as_json)


def submit_runs(
    settings: Settings, request: backfill_plan.BackfillRequest, retry_failed: bool, as_json: bool
) -> None:
    if not passes.prefect_api_url():
        raise UsageError(
            "--submit needs a Prefect server: set PREFECT_API_URL (see README, Operations)"
        )
    runs = flow_runner().submit_backfill(settings, request, retry_failed)
    if as_json:
        output.print_json(runs)
        return
    output.print_table(
        f"{len(runs)} flow run(s) of backfill/{settings.backfill_deployment_name}",
        ["flow run", "name", "chunks"],
        [[run.flow_run_id, run.flow_run_name, run.chunks] for run in runs],
    )


def print_counters(counters: dict[str, int], as_json: bool) -> None:
    if as_json:
        output.print_json(counters)
    else:
        output.print_mapping(f"backfill {counters.get('backfill_id')}", counters)


def print_plan(chunks: list[backfills.ChunkInfo], as_json: bool) -> None:
    if as_json:
        output.print_json(chunks)
        return
    output.print_table(
        f"{len(chunks)} chunk(s), {sum(c.items for c in chunks)} item(s)",
        ["#", "key", "kind", "items", "status", "chunk"],
        [[c.ordinal, c.key[:12], c.kind, c.items, c.status, c.label] for c in chunks],
    )


@backfill_app.command("status")
def status(
    ctx: typer.Context,
    backfill_id: Annotated[
        int | None, typer.Argument(help="Show this backfill's chunks and their errors.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Backfills with their chunks done, failed and pending; or one backfill's chunks.

    Examples:

      claimledger backfill status

      claimledger backfill status 3 --json
    """
    settings = command_state(ctx).database()
    if backfill_id is not None:
        chunks = backfills.chunk_details(settings, backfill_id)
        if as_json:
            output.print_json(chunks)
            return
        output.print_table(
            f"backfill {backfill_id}",
            ["#", "status", "attempts", "items", "chunk", "error"],
            [[c.ordinal, c.status, c.attempts, c.items, c.label, c.error] for c in chunks],
        )
        return
    summaries = backfills.summaries(settings)
    if as_json:
        output.print_json(summaries)
        return
    output.print_table(
        "backfills",
        ["id", "status", "created", "inputs", "window", "done", "failed", "pending", "items"],
        [
            [
                s.id,
                s.status,
                s.created_at,
                describe_inputs(s.parameters),
                f"{s.parameters.get('since') or '…'} to {s.parameters.get('until') or '…'}",
                s.chunks["done"],
                s.chunks["failed"],
                s.chunks["pending"] + s.chunks["running"],
                s.items,
            ]
            for s in summaries
        ],
    )


def describe_inputs(parameters: dict[str, Any]) -> str:
    """`warc a.warc.gz, sitemap https://…` for the status table (file names, not full paths)."""
    parts = [f"sitemap {url}" for url in parameters.get("sitemaps") or ()]
    parts += [f"urls {Path(path).name}" for path in parameters.get("url_files") or ()]
    parts += [f"warc {Path(path).name}" for path in parameters.get("warcs") or ()]
    parts += [f"source {name}" for name in parameters.get("sources") or ()]
    return ", ".join(parts)
