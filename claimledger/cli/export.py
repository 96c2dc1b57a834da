"""`claimledger export`: claims, articles, versions or timeline points as CSV, JSONL or Parquet."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from claimledger import output
from claimledger.cli.base import app, check_category, command_state, parse_date
from claimledger.export import FORMATS, KINDS, export
from claimledger.ledger import ReadFilter

ExportKind = StrEnum("ExportKind", {kind: kind for kind in KINDS})  # type: ignore[misc]
ExportFormat = StrEnum("ExportFormat", {name: name for name in FORMATS})  # type: ignore[misc]


@app.command("export")
def export_command(
    ctx: typer.Context,
    kind: Annotated[
        ExportKind,
        typer.Argument(help="What to export: claims, articles, versions or timeline (points)."),
    ],
    format: Annotated[
        ExportFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="csv, jsonl or parquet (the parquet extra). Default: the --output suffix, "
            "else csv.",
        ),
    ] = None,
    since: Annotated[
        str | None, typer.Option(help="Texts published on or after this date (UTC).")
    ] = None,
    until: Annotated[str | None, typer.Option(help="Texts published before this date.")] = None,
    source: Annotated[
        str | None,
        typer.Option(
            help="claims, timeline: the claim's source as written or resolved (part, any "
            "case); articles, versions: the registered source's name."
        ),
    ] = None,
    category: Annotated[
        str | None, typer.Option(help="claims, timeline: only counts of this category.")
    ] = None,
    outcome: Annotated[
        str | None,
        typer.Option(help="claims, timeline: only counts of this outcome (killed, wounded...)."),
    ] = None,
    outlet: Annotated[
        str | None,
        typer.Option(help="Only articles whose canonical URL is on this host (www. left out)."),
    ] = None,
    text: Annotated[
        str | None,
        typer.Option(help="claims, timeline: only claims whose content contains this (any case)."),
    ] = None,
    output_path: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file (default: stdout)."),
    ] = None,
) -> None:
    """Export the ledger as CSV, JSON Lines or Parquet, streamed (bounded memory).

    Claims and timeline points are those of each article's latest version (as `claims list`
    and `claims timeline` show them); articles carry their latest version's metadata; versions
    are every stored text. The README lists the columns of each kind.

    Examples:

      claimledger export claims > claims.csv

      claimledger export claims --since 2026-03-01 --source "monitoring group" -f jsonl

      claimledger export timeline --category civilians --outcome killed -o timeline.csv

      claimledger export claims --outlet news.example.org --text harbour -f jsonl

      claimledger export versions --source example-world -o versions.parquet
    """
    check_category(category)
    chosen = format.value if format is not None else None
    if chosen is None:
        suffix = output_path.suffix.lstrip(".").lower() if output_path else ""
        chosen = suffix if suffix in FORMATS else "csv"
    where = ReadFilter(
        since=parse_date(since),
        until=parse_date(until),
        source=source,
        category=category,
        outcome=outcome,
        outlet=outlet,
        text=text,
    )
    result = export(command_state(ctx).ledger(), kind.value, chosen, where, output_path)
    if output_path is not None:
        output.print_error(f"exported {result.rows} {result.kind} rows to {output_path}")
