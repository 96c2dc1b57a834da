"""Small helpers the workflow modules all use: the clock, batching and dates.

They live here so that those modules share them without importing each other (the direction is
`polling`/`page_ingest` -> `prepare` -> `derive`, and a helper they all need sits below all three).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import TypeVar

T = TypeVar("T")


def utcnow() -> datetime:
    return datetime.now(UTC)


def batched(items: Sequence[T], size: int) -> list[list[T]]:
    """Consecutive slices of at most `size` items: the unit of one Prefect task."""
    return [list(items[start : start + size]) for start in range(0, len(items), size)]


def parse_date(value: str) -> datetime:
    """`2026-03-01` or an ISO timestamp, as the command line and the web filters take them; a
    date alone means midnight UTC of that day, a timestamp without offset is UTC.

    Raises ValueError with a message naming the value.
    """
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        try:
            parsed = datetime.combine(date.fromisoformat(value), datetime.min.time())
        except ValueError:
            raise ValueError(f"{value!r} is not a date (expected e.g. 2026-03-01)") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
