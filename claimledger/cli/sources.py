"""`claimledger sources`: the feeds and URL lists to poll."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from claimledger import common, output, pipeline
from claimledger.cli.base import CommandError, JsonOption, command_state
from intake.urls import InvalidURL, redact_optional, redact_url
from storage import pending, queries, writes
from storage.db import session_scope

sources_app = typer.Typer(help="Feeds and URL lists to poll.", no_args_is_help=True)


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
    settings = command_state(ctx).database(create=True)
    try:
        location = pipeline.resolve_source_url(url, Path.cwd())
    except InvalidURL as error:
        raise CommandError(str(error), 2) from None
    with session_scope(settings.database_url) as session:
        try:
            writes.add_source(session, name, location, kind, common.utcnow())
        except writes.SourceExistsError as error:
            raise CommandError(str(error)) from None
    output.console.print(f"added source {name!r}: {redact_url(location)}")


@sources_app.command("list")
def sources_list(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """List sources with their health.

    Example: claimledger sources list --json
    """
    settings = command_state(ctx).database()
    pipeline.sync_configured_sources(settings)
    with session_scope(settings.database_url) as session:
        entries = pending.counts_by_source(session)
        sources: list[dict[str, Any]] = [
            {
                "name": s.name,
                "url": redact_url(s.url),
                "kind": s.kind,
                "enabled": s.enabled,
                "last_polled_at": s.last_polled_at,
                "next_poll_at": s.next_poll_at,
                "last_status": s.last_status,
                "consecutive_failures": s.consecutive_failures,
                "last_error": redact_optional(s.last_error),
                "entries_pending": entries.get(s.id, {}).get(pending.EntryStatus.PENDING, 0),
                "entries_abandoned": entries.get(s.id, {}).get(pending.EntryStatus.ABANDONED, 0),
            }
            for s in queries.list_sources(session)
        ]
    if as_json:
        output.print_json(sources)
        return
    output.print_table(
        "sources",
        [
            "name",
            "kind",
            "enabled",
            "last status",
            "failures",
            "next poll",
            "entries",
            "url",
        ],
        [
            [
                s["name"],
                s["kind"],
                s["enabled"],
                s["last_status"],
                s["consecutive_failures"],
                s["next_poll_at"],
                entries_cell(s["entries_pending"], s["entries_abandoned"]),
                s["url"],
            ]
            for s in sources
        ],
    )


def entries_cell(pending_entries: int, abandoned_entries: int) -> str:
    """A source's feed entries not stored, in a narrow cell: "3 pending, 1 abandoned", or "-"."""
    parts = [f"{pending_entries} pending"] if pending_entries else []
    parts += [f"{abandoned_entries} abandoned"] if abandoned_entries else []
    return ", ".join(parts) or "-"


def _set_enabled(ctx: typer.Context, name: str, enabled: bool) -> None:
    settings = command_state(ctx).database()
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
