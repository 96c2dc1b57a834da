"""Small helpers that `pipeline`, `pages` and `derived` all use: the clock and batching.

They live here so that those modules share them without importing each other (the direction is
`pipeline` -> `pages` -> `derived`, and a helper they all need sits below all three).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TypeVar

T = TypeVar("T")


def utcnow() -> datetime:
    return datetime.now(UTC)


def batched(items: Sequence[T], size: int) -> list[list[T]]:
    """Consecutive slices of at most `size` items: the unit of one Prefect task."""
    return [list(items[start : start + size]) for start in range(0, len(items), size)]
