"""`claimledger sources`: the feeds and URL lists to poll."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from claimledger import output, polling, sources
from claimledger.cli.base import JsonOption, command_state
from claimledger.settings import Settings

CONFIGURED_SOURCES_HELP = (
    "Sources live in the ledger: a [[sources]] entry of the configuration file only registers "
    "a source the ledger does not know yet."
)


sources_app = typer.Typer(
    help="Feeds and URL lists to poll. " + CONFIGURED_SOURCES_HELP, no_args_is_help=True
)


@sources_app.command("add")
def sources_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="A short unique name.")],
    url: Annotated[str, typer.Argument(help="Feed URL, file:// URL or local path.")],
    kind: Annotated[str, typer.Option(help=f"One of: {', '.join(polling.SOURCE_KINDS)}.")] = "rss",
) -> None:
    """Register a feed (RSS, Atom or JSON Feed) or a URL list to poll, and check its URL once.

    A feed's format is told from its content, so rss, atom and json are one kind in practice;
    urls is a plain list of article URLs, one a line.

    The URL is fetched once (politely, at most 10 s) and one line says what it gave: "feed
    with 42 entries", "HTTP 404", "not a feed: text/html page", "unreachable: <cause>". The
    source is added whatever the check found (on stderr, as a warning, when it found no
    feed): a feed that is down now is polled, with back-off, by the passes to come. The name
    of a removed source brings that source back, with this URL and kind, and its articles.

    Examples:

      claimledger sources add reuters-world https://example.org/world/rss.xml

      claimledger sources add archive lists/archive.txt --kind urls

      claimledger sources add blog https://example.org/feed.json --kind json
    """
    settings = command_state(ctx).database(create=True)
    added = sources.add_source(settings, name, url, kind, Path.cwd())
    if added.removed_at is None:
        output.print_line(f"added source {name!r}: {added.url}")
    else:
        output.print_line(
            f"brought back source {name!r} (removed on {added.removed_at:%Y-%m-%d %H:%M} UTC): "
            f"{added.url}"
        )
    _print_check(added.check)


def _sync_configured(settings: Settings) -> None:
    """Register the configuration's sources first, so they can be named; warn of those the
    ledger has removed."""
    for warning in polling.sync_configured_sources(settings):
        output.print_error(f"warning: {warning}")


def _print_check(check: sources.SourceCheck) -> None:
    """The one line of a URL check: on stdout when it found what was asked for, else a
    warning on stderr (the source is registered all the same)."""
    if check.ok:
        output.print_line(check.summary)
    else:
        output.print_error(f"warning: {check.summary} (added anyway; will be retried)")


@sources_app.command("edit")
def sources_edit(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The source's name.")],
    url: Annotated[
        str | None, typer.Option(help="A new feed URL, file:// URL or local path.")
    ] = None,
    kind: Annotated[
        str | None, typer.Option(help=f"A new kind: {', '.join(polling.SOURCE_KINDS)}.")
    ] = None,
    interval: Annotated[
        str | None,
        typer.Option(
            help="Seconds between polls of this source (900, 30m, 2h, 1d), or 'default' for "
            "[ingest] poll_interval."
        ),
    ] = None,
) -> None:
    """Change a source's URL, kind or poll interval; its articles stay its own.

    A new URL or kind is polled from scratch at the next pass (cache validators and failure
    count forgotten), and a new URL is checked once, as by 'sources add'. A shorter interval
    takes effect at once; failures still double it, up to [ingest] max_backoff.

    A source of the configuration file can be edited too: the ledger's settings are the ones
    polled from then on, and the file's entry (which only registers a source the ledger does
    not know yet) no longer says what is polled; edit the file as well to keep them alike.

    Examples:

      claimledger sources edit example-world --url https://example.org/world/atom.xml --kind atom

      claimledger sources edit example-world --interval 2h
    """
    settings = command_state(ctx).database()
    _sync_configured(settings)
    edited = sources.edit_source(
        settings, name, location=url, kind=kind, interval=interval, base_dir=Path.cwd()
    )
    if not edited.changes:
        output.print_line(f"source {name!r} unchanged")
        return
    output.print_line(f"source {name!r}: {'; '.join(edited.changes)}")
    if edited.configured:
        output.print_error(
            f"note: {name!r} is also a [[sources]] entry of {settings.config_path}; the ledger's "
            "settings are the ones polled, the file's entry no longer changes them"
        )
    if edited.check is not None:
        _print_check(edited.check)


@sources_app.command("remove")
def sources_remove(
    ctx: typer.Context, name: Annotated[str, typer.Argument(help="The source's name.")]
) -> None:
    """Stop polling a source for good and take it off the source lists; its articles stay.

    Its articles, versions and claims stay in the ledger and keep naming it ('articles list
    --source NAME', exports, the web pages); its tracked feed entries are dropped. The name
    stays taken: 'sources add NAME URL' brings the source back. Removing it again does
    nothing.

    A source of the configuration file stays removed: its [[sources]] entry does not register
    it again, and every pass warns about that entry until it is deleted from the file.

    Example: claimledger sources remove example-world
    """
    settings = command_state(ctx).database()
    _sync_configured(settings)
    removed, configured = sources.remove_source(settings, name)
    when = f"{removed.removed_at:%Y-%m-%d %H:%M} UTC"
    if removed.already_removed:
        output.print_line(f"source {name!r} was removed already, on {when}")
        return
    dropped = removed.entries_dropped
    dropped_note = f"; {dropped} tracked feed entries dropped" if dropped else ""
    output.print_line(
        f"removed source {name!r}: no longer polled; "
        f"its {removed.articles} articles stay{dropped_note}"
    )
    if configured:
        output.print_error(
            f"note: {name!r} is a [[sources]] entry of {settings.config_path}; it stays removed, "
            "and passes warn about it until the entry is deleted from the file"
        )


@sources_app.command("list")
def sources_list(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """List sources with their health (removed sources left out); --json adds poll_interval.

    Example: claimledger sources list --json
    """
    settings, ledger = command_state(ctx).open()
    _sync_configured(settings)
    rows: list[dict[str, Any]] = [
        {
            "name": s.name,
            "url": s.url,
            "kind": s.kind,
            "enabled": s.enabled,
            "poll_interval": s.poll_interval or settings.ingest_poll_interval,
            "last_polled_at": s.last_polled_at,
            "next_poll_at": s.next_poll_at,
            "last_status": s.last_status,
            "consecutive_failures": s.consecutive_failures,
            "last_error": s.last_error,
            "entries_pending": s.entries_pending,
            "entries_abandoned": s.entries_abandoned,
        }
        for s in ledger.sources()
    ]
    if as_json:
        output.print_json(rows)
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
            for s in rows
        ],
    )


def entries_cell(pending_entries: int, abandoned_entries: int) -> str:
    """A source's feed entries not stored, in a narrow cell: "3 pending, 1 abandoned", or "-"."""
    parts = [f"{pending_entries} pending"] if pending_entries else []
    parts += [f"{abandoned_entries} abandoned"] if abandoned_entries else []
    return ", ".join(parts) or "-"


def _set_enabled(ctx: typer.Context, name: str, enabled: bool) -> None:
    settings = command_state(ctx).database()
    _sync_configured(settings)
    sources.set_enabled(settings, name, enabled)
    output.print_line(f"source {name!r} {'enabled' if enabled else 'disabled'}")


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
