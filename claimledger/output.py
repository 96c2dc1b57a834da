"""Printing results: rich tables for people, JSON for scripts. Every command offers both.

Stored claims come back from the ledger typed (`storage.values.StoredClaim`, `QuantityRow`);
here they become the extractor's own typed model (`as_claim`) and so its JSON contract
(`claim_json`, `claim_set_json`, `quantities_json`): what `articles show --claims` prints, an
export writes and `claimledger extract` prints of a fresh extraction are one shape.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from typing import Any

from rich.console import Console
from rich.table import Table

from extractors.claims.model import Claim, Quantity, Source, Span
from storage.values import ClaimRow, QuantityRow, StoredClaimSet

console = Console()
error_console = Console(stderr=True)


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


def print_json(data: Any) -> None:
    """JSON on stdout, unstyled, so it can be piped to jq or another program."""
    print(json.dumps(data, default=_json_default, ensure_ascii=False, indent=2))


def print_json_line(data: Any) -> None:
    """One compact JSON document on one line (JSON Lines), printed as soon as it is ready."""
    print(json.dumps(data, default=_json_default, ensure_ascii=False), flush=True)


def print_line(message: str) -> None:
    """One line on stdout, never wrapped nor read as markup (URLs hold brackets too)."""
    console.print(message, markup=False, highlight=False, soft_wrap=True)


def print_error(message: str) -> None:
    """One line on stderr, never wrapped to the terminal width, so scripts and log searches see
    the whole message on one line."""
    error_console.print(message, markup=False, highlight=False, soft_wrap=True)


def describe_quantities(quantities: Iterable[QuantityRow | Quantity]) -> str:
    """ "more than 1000 civilians killed; 4-6 children killed": a claim's numbers on one line,
    as the CLI's tables and the web pages show them (a range where no single value is given)."""
    return "; ".join(
        " ".join(
            str(part)
            for part in (
                q.approx,
                q.value if q.value is not None else f"{q.low}-{q.high}",
                q.category,
                q.outcome,
            )
            if part is not None
        )
        for q in quantities
    )


def as_quantity(quantity: QuantityRow) -> Quantity:
    return Quantity(
        quantity.start,
        quantity.end,
        quantity.text,
        quantity.value,
        quantity.low,
        quantity.high,
        quantity.approx,
        quantity.category,
        quantity.outcome,
    )


def _span(start: int | None, end: int | None, text: str | None) -> Span | None:
    return None if start is None or end is None or text is None else Span(start, end, text)


def as_claim(claim: ClaimRow) -> Claim:
    """A stored claim as the extractor's typed model, so stored and fresh claims compare."""
    written = _span(claim.source_start, claim.source_end, claim.source_text)
    source = (
        None
        if written is None
        else Source(written.start, written.end, written.text, claim.source_resolved)
    )
    return Claim(
        start=claim.sentence_start,
        end=claim.sentence_end,
        kind=claim.kind,
        content=Span(claim.content_start, claim.content_end, claim.content_text),
        source=source,
        cue=_span(claim.cue_start, claim.cue_end, claim.cue_text),
        hedge=claim.hedge,
        quantities=tuple(as_quantity(quantity) for quantity in claim.quantities),
    )


def claim_json(claim: ClaimRow) -> dict[str, Any]:
    """A stored claim in the extractor's JSON contract."""
    return as_claim(claim).to_dict()


def quantities_json(quantities: Iterable[QuantityRow]) -> list[dict[str, Any]]:
    """A claim's stored quantities in the extractor's JSON contract (an export's column)."""
    return [as_quantity(quantity).to_dict() for quantity in quantities]


def claim_set_json(claim_set: StoredClaimSet) -> dict[str, Any]:
    """A stored claim set as `articles show --claims --json` prints it."""
    return {
        "extractor": claim_set.extractor,
        "casualties": claim_set.casualties,
        "claims": [claim_json(claim) for claim in claim_set.claims],
    }


def format_cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, list | tuple):
        return ", ".join(map(str, value))
    return str(value)


def print_table(title: str | None, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """A table whose first column, the one that names each row (a source, an id), folds last:
    it keeps its names whole up to an equal share of the terminal's width."""
    table = Table(title=title, title_justify="left", show_lines=False)
    cells = [[format_cell(cell) for cell in row] for row in rows]
    key_width = max((len(row[0]) for row in cells if row), default=0)
    fair_share = console.width // max(len(columns), 1) - 3  # borders and padding
    for index, column in enumerate(columns):
        width = max(min(key_width, fair_share), 1) if index == 0 else None
        table.add_column(column, overflow="fold", min_width=width)
    for row in cells:
        table.add_row(*row)
    console.print(table)


def print_mapping(title: str, mapping: Mapping[str, Any]) -> None:
    print_table(title, ["", ""], ([key, value] for key, value in mapping.items()))
