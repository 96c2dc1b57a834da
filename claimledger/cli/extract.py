"""`claimledger extract`: text and claims of files or URLs, without a database."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

import typer

from claimledger import output
from claimledger.cli.base import app, command_state
from claimledger.documents import ExtractedDocument, FailedDocument, extract_document
from claimledger.errors import ExtractionError
from extractors.claims import Toll
from intake.http import Fetcher


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
    settings = command_state(ctx).settings()
    failed = 0
    collected: list[ExtractedDocument | FailedDocument] = []
    with Fetcher(settings.http) as fetcher:
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
        raise ExtractionError(f"{failed} of {len(inputs)} inputs failed")


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
