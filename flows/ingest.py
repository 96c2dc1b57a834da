"""The `ingest` flow: poll due sources, then fetch and store their new entries in batches.

Orchestration only: the pass is `claimledger.passes.ingest_pass`, its steps Prefect tasks. One
task per source and one per batch of pages, then claims and deduplication, also batched: never
one task per article, as a task run costs the Prefect server tens of milliseconds.
"""

from __future__ import annotations

from prefect import flow

from claimledger import passes
from flows.steps import PREFECT_STEPS


@flow(name="ingest")
def ingest(
    kind: str = "manual",
    sources: list[str] | None = None,
    config_path: str | None = None,
) -> dict[str, int]:
    """One ingest pass over the due sources (or the named ones); returns the run's counters."""
    return passes.ingest_pass(kind, sources, config_path, PREFECT_STEPS)
