"""The `ingest` flow: poll due sources, then fetch and store their new entries in batches.

Orchestration only. One task per source and one per batch of pages, of claim extractions and of
versions to deduplicate (never one per article: a task run costs the Prefect server tens of
milliseconds). The work itself is in
`claimledger.pipeline`, where it is testable without Prefect.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from prefect import flow, get_run_logger, task, unmapped
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run

from claimledger import pipeline, progress
from claimledger.settings import Settings, load_settings
from intake.http import Fetcher
from storage.db import upgrade

RUN_KINDS = ("scheduled", "manual", "backfill")


@task(name="poll-source", cache_policy=NO_CACHE)
def poll_source_task(settings: Settings, source_id: int, run_id: int) -> pipeline.PollResult:
    with Fetcher(settings.fetch_policy()) as fetcher:
        return pipeline.poll_source(settings, source_id, run_id, fetcher)


@task(name="ingest-pages", cache_policy=NO_CACHE)
def ingest_pages_task(
    settings: Settings, jobs: list[pipeline.PageJob], run_id: int
) -> Counter[str]:
    with Fetcher(settings.fetch_policy()) as fetcher:
        return pipeline.ingest_pages(settings, jobs, run_id, fetcher)


@task(name="extract-claims", cache_policy=NO_CACHE)
def extract_claims_task(settings: Settings, version_ids: list[int], run_id: int) -> Counter[str]:
    return pipeline.extract_and_store_claims(settings, version_ids, run_id)


@task(name="deduplicate", cache_policy=NO_CACHE)
def deduplicate_task(settings: Settings, version_ids: list[int], run_id: int) -> Counter[str]:
    return pipeline.fingerprint_and_cluster(settings, version_ids, run_id)


def source_rounds(settings: Settings, names: list[str] | None) -> Iterator[list[int]]:
    """The sources of this pass, in rounds of sources claimed through the database.

    Small claims let several concurrent runs (one per worker) share a pass without polling a
    source twice. Only sources due when the pass began are claimed, so a source polled in this
    pass is never claimed again by it. Named sources are one round, polled whatever is due.
    """
    if names:
        yield pipeline.due_source_ids(settings, names)
        return
    pass_started = pipeline.utcnow()
    while source_ids := pipeline.due_source_ids(settings, due_at=pass_started):
        yield source_ids


def ingest_sources(settings: Settings, source_ids: list[int], run_id: int) -> Counter[str]:
    """Poll the given sources, then fetch and store their new entries in batches of pages."""
    counters: Counter[str] = Counter()
    polls = poll_source_task.map(unmapped(settings), source_ids, unmapped(run_id)).result()
    for poll in polls:
        counters.update(poll.counters)
        counters[f"sources_{poll.status}"] += 1
    jobs = pipeline.plan_page_jobs(polls)
    batches = pipeline.batched(jobs, settings.ingest_batch_size)
    progress.start("pages", len(jobs))
    for batch_counters in ingest_pages_task.map(
        unmapped(settings), batches, unmapped(run_id)
    ).result():
        counters.update(batch_counters)
    pipeline.save_validators(settings, polls)
    return counters


@flow(name="ingest")
def ingest(
    kind: str = "manual",
    sources: list[str] | None = None,
    config_path: str | None = None,
) -> dict[str, int]:
    """One ingest pass over the due sources (or the named ones); returns the run's counters."""
    if kind not in RUN_KINDS:
        raise ValueError(f"kind must be one of {', '.join(RUN_KINDS)}, not {kind!r}")
    logger = get_run_logger()
    settings = load_settings(Path(config_path) if config_path else None)
    upgrade(settings.database_url)
    pipeline.sync_configured_sources(settings)
    run_id = pipeline.begin_run(
        settings,
        "ingest",
        kind,
        {"sources": sources, "config_path": config_path},
        flow_run.get_id(),
    )
    counters: Counter[str] = Counter()
    try:
        for source_ids in source_rounds(settings, sources):
            counters.update(ingest_sources(settings, source_ids, run_id))
        pending = pipeline.versions_needing_claims(settings, settings.ingest_claims_per_pass)
        progress.start("claims", len(pending))
        for claim_counters in extract_claims_task.map(
            unmapped(settings),
            pipeline.batched(pending, settings.ingest_claims_batch_size),
            unmapped(run_id),
        ).result():
            counters.update(claim_counters)
        unfingerprinted = pipeline.versions_needing_fingerprints(settings, settings.dedup_per_pass)
        progress.start("dedup", len(unfingerprinted))
        for dedup_counters in deduplicate_task.map(
            unmapped(settings),
            pipeline.batched(unfingerprinted, settings.dedup_batch_size),
            unmapped(run_id),
        ).result():
            counters.update(dedup_counters)
    except Exception as error:
        pipeline.end_run(settings, run_id, counters, error=f"{type(error).__name__}: {error}")
        raise
    pipeline.end_run(settings, run_id, counters)
    logger.info(
        "ingest run %s (%s): %s",
        run_id,
        kind,
        ", ".join(f"{name}={value}" for name, value in sorted(counters.items())) or "nothing to do",
    )
    return {"run_id": run_id, **dict(counters)}
