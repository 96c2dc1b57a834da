"""The `recheck` flow: refetch the articles whose recheck is due and store their edits.

Orchestration only; the work is in `claimledger.recheck`. The pass takes its articles from the
database up front (claimed with a lease, so concurrent runs never share one), checks them in
batches of `recheck_batch_size` per task, then extracts claims from the new versions and
deduplicates them.
"""

from __future__ import annotations

from collections import Counter

from prefect import flow, task, unmapped
from prefect.cache_policies import NO_CACHE

from claimledger import common, progress, recheck
from claimledger.settings import Settings
from flows.runs import derive_from_new_versions, flow_settings, recorded_run
from intake.http import Fetcher


@task(name="recheck-articles", cache_policy=NO_CACHE)
def recheck_articles_task(settings: Settings, article_ids: list[int], run_id: int) -> Counter[str]:
    with Fetcher(settings.fetch_policy()) as fetcher:
        return recheck.recheck_articles(settings, article_ids, run_id, fetcher)


@flow(name="recheck")
def recheck_flow(kind: str = "manual", config_path: str | None = None) -> dict[str, int]:
    """One recheck pass over the due articles (at most `recheck_budget`); returns the counters."""
    settings = flow_settings(config_path)
    with recorded_run(settings, "recheck", kind, {"config_path": config_path}) as run:
        article_ids = recheck.claim_due(settings)
        run.counters["articles_due"] = len(article_ids)
        progress.start("rechecks", len(article_ids))
        for batch_counters in recheck_articles_task.map(
            unmapped(settings),
            common.batched(article_ids, settings.recheck_batch_size),
            unmapped(run.run_id),
        ).result():
            run.counters.update(batch_counters)
        run.counters.update(derive_from_new_versions(settings, run.run_id))
    return run.summary()
