"""What every claimledger flow shares: its steps as Prefect tasks, and its flow run's id.

The passes themselves are in `claimledger.passes`; a flow runs one with `PREFECT_STEPS`, so each
step (a source polled, a batch of pages or versions) is a task run in the Prefect UI. Each flow
records itself in the `runs` table through `claimledger.runs.recorded_run`, with its kind,
parameters, counters and its Prefect flow run id, and ends failed with the error if anything
escapes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from prefect import Task, get_run_logger, task, unmapped
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run

from claimledger import passes
from claimledger.passes import Item, Result, Step
from claimledger.settings import Settings


def _as_task(name: str, step: Callable[..., Any]) -> Task[..., Any]:
    return task(name=name, cache_policy=NO_CACHE)(step)


STEP_TASKS: dict[Callable[..., Any], Task[..., Any]] = {
    passes.poll_source: _as_task("poll-source", passes.poll_source),
    passes.poll_named_source: _as_task("poll-source", passes.poll_named_source),
    passes.ingest_pages: _as_task("ingest-pages", passes.ingest_pages),
    passes.extract_claims: _as_task("extract-claims", passes.extract_claims),
    passes.deduplicate: _as_task("deduplicate", passes.deduplicate),
    passes.recheck_articles: _as_task("recheck-articles", passes.recheck_articles),
}


class PrefectSteps:
    """Steps as Prefect task runs of the current flow run, mapped over their items."""

    def map(
        self, step: Step[Item, Result], settings: Settings, items: Sequence[Item], run_id: int
    ) -> list[Result]:
        mapped = STEP_TASKS[step].map(unmapped(settings), list(items), unmapped(run_id))
        results: list[Result] = mapped.result()
        return results

    def flow_run_id(self) -> str | None:
        return flow_run.get_id()

    def logger(self) -> logging.Logger | logging.LoggerAdapter[Any]:
        return get_run_logger()


PREFECT_STEPS = PrefectSteps()
