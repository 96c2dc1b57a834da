"""`claimledger reextract`: the current extractors over the stored captures, no network."""

from __future__ import annotations

from typing import Annotated

import typer

from claimledger import output, progress, stopping
from claimledger.cli.base import JsonOption, app, command_state, parse_date
from claimledger.reextract import ExtractorChoice, reextract


@app.command("reextract")
def reextract_command(
    ctx: typer.Context,
    extractor: Annotated[
        ExtractorChoice,
        typer.Option(help="text (article text from the raw captures), claims, or all."),
    ] = ExtractorChoice.ALL,
    since: Annotated[
        str | None, typer.Option(help="Only versions fetched on or after this date.")
    ] = None,
    batch_size: Annotated[int, typer.Option(min=1, help="Versions per committed batch.")] = 200,
    as_json: JsonOption = False,
) -> None:
    """Re-run the current extractor versions over what is stored, without fetching anything.

    Text: every version's raw capture is extracted again; a different text is added as a new
    version ("reextracted", same capture and fetch time), an identical one adds nothing.
    Claims: every version without a claim set of the current claim extractor gets one. Old
    results stay (see --extractor-version of `claims list` and `articles show`); default views
    show the newest. Progress is committed as it goes: Ctrl-C (or SIGTERM) stops it within
    seconds, recorded as interrupted; rerun to resume. A second run adds nothing.

    Examples:

      claimledger reextract

      claimledger reextract --extractor claims --since 2026-03-01 --json
    """
    since_time = parse_date(since)
    settings = command_state(ctx).database(create=True)
    with stopping.on_signals(), progress.RichProgressBars() as bars, progress.reporting(bars):
        counters = reextract(settings, extractor, since_time, batch_size=batch_size)
    if as_json:
        output.print_json(counters)
        return
    output.print_mapping(f"reextract run {counters['run_id']}", counters)
