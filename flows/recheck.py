"""The `recheck` flow: refetch the articles whose recheck is due and store their edits.

Orchestration only; the work is in `claimledger.recheck`. The pass takes its articles from the
database up front (claimed with a lease, so concurrent runs never share one), checks them in
batches of `recheck_batch_size` per task, then extracts claims from the new versions.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from prefect import flow, get_run_logger, task, unmapped
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run

from claimledger import pipeline, progress, recheck
from claimledger.settings import Settings, load_settings
from flows.ingest import RUN_KINDS, extract_claims_task
from intake.http import Fetcher
from storage.db import upgrade


@task(name="recheck-articles", cache_policy=NO_CACHE)
def recheck_articles_task(settings: Settings, article_ids: list[int], run_id: int) -> Counter[str]:
    with Fetcher(settings.fetch_policy()) as fetcher:
        return recheck.recheck_articles(settings, article_ids, run_id, fetcher)


@flow(name="recheck")
def recheck_flow(kind: str = "manual", config_path: str | None = None) -> dict[str, int]:
    """One recheck pass over the due articles (at most `recheck_budget`); returns the counters."""
    if kind not in RUN_KINDS:
        raise ValueError(f"kind must be one of {', '.join(RUN_KINDS)}, not {kind!r}")
    settings = load_settings(Path(config_path) if config_path else None)
    upgrade(settings.database_url)
    run_id = pipeline.begin_run(
        settings, "recheck", kind, {"config_path": config_path}, flow_run.get_id()
    )
    counters: Counter[str] = Counter()
    try:
        article_ids = recheck.claim_due(settings)
        counters["articles_due"] = len(article_ids)
        progress.start("rechecks", len(article_ids))
        for batch_counters in recheck_articles_task.map(
            unmapped(settings),
            pipeline.batched(article_ids, settings.recheck_batch_size),
            unmapped(run_id),
        ).result():
            counters.update(batch_counters)
        pending = pipeline.versions_needing_claims(settings, settings.ingest_claims_per_pass)
        progress.start("claims", len(pending))
        for claim_counters in extract_claims_task.map(
            unmapped(settings),
            pipeline.batched(pending, settings.ingest_claims_batch_size),
            unmapped(run_id),
        ).result():
            counters.update(claim_counters)
    except Exception as error:
        pipeline.end_run(settings, run_id, counters, error=f"{type(error).__name__}: {error}")
        raise
    pipeline.end_run(settings, run_id, counters)
    get_run_logger().info(
        "recheck run %s (%s): %s",
        run_id,
        kind,
        ", ".join(f"{name}={value}" for name, value in sorted(counters.items())),
    )
    return {"run_id": run_id, **dict(counters)}
