"""The `recheck` flow: refetch the articles whose recheck is due and store their edits.

Orchestration only: the pass is `claimledger.passes.recheck_pass`, its steps Prefect tasks. The
pass takes its articles from the database up front (claimed with a lease, so concurrent runs
never share one), checks them in batches of `recheck_batch_size` per task, then extracts claims
from the new versions and deduplicates them.
"""

from __future__ import annotations

from prefect import flow

from claimledger import passes
from flows.steps import PREFECT_STEPS


@flow(name="recheck")
def recheck_flow(kind: str = "manual", config_path: str | None = None) -> dict[str, int]:
    """One recheck pass over the due articles (at most `recheck_budget`); returns the counters."""
    return passes.recheck_pass(kind, config_path, PREFECT_STEPS)
