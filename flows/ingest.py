"""The `ingest` flow: poll due sources, then fetch and store their new entries in batches.

Orchestration only. One task per source and one per batch of pages, then the shared steps of
`flows.runs` (claims, deduplication), also batched: never one task per article, as a task run
costs the Prefect server tens of milliseconds. The work itself is in `claimledger.pipeline`,
where it is testable without Prefect.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from prefect import flow, task, unmapped
from prefect.cache_policies import NO_CACHE

from claimledger import common, pages, pipeline, progress
from claimledger.settings import Settings
from flows.runs import derive_from_new_versions, flow_settings, recorded_run
from intake.http import Fetcher


@task(name="poll-source", cache_policy=NO_CACHE)
def poll_source_task(
    settings: Settings, source_id: int, run_id: int, named: bool
) -> pipeline.PollResult:
    with Fetcher(settings.fetch_policy()) as fetcher:
        return pipeline.poll_source(settings, source_id, run_id, fetcher, named=named)


@task(name="ingest-pages", cache_policy=NO_CACHE)
def ingest_pages_task(settings: Settings, jobs: list[pages.PageJob], run_id: int) -> Counter[str]:
    with Fetcher(settings.fetch_policy()) as fetcher:
        return pipeline.ingest_pages(settings, jobs, run_id, fetcher)


def source_rounds(settings: Settings, names: list[str] | None) -> Iterator[list[int]]:
    """The sources of this pass, in rounds of sources claimed through the database.

    Small claims let several concurrent runs (one per worker) share a pass without polling a
    source twice. Only sources due when the pass began are claimed, so a source polled in this
    pass is never claimed again by it. Named sources are one round, polled whatever is due.
    """
    if names:
        yield pipeline.due_source_ids(settings, names)
        return
    pass_started = common.utcnow()
    while source_ids := pipeline.due_source_ids(settings, due_at=pass_started):
        yield source_ids


def ingest_sources(
    settings: Settings, source_ids: list[int], run_id: int, pages_before: int, named: bool
) -> tuple[Counter[str], int]:
    """Poll the given sources, then fetch and store their new entries in batches of pages.

    `pages_before` is the number of pages earlier rounds of the pass planned: the extraction
    processes start once the pass has enough. `named`: the operator named these sources, so
    their pending entries are retried now, back-off or not. Returns the counters and the pages
    planned."""
    counters: Counter[str] = Counter()
    polls = poll_source_task.map(
        unmapped(settings), source_ids, unmapped(run_id), unmapped(named)
    ).result()
    for poll in polls:
        counters.update(poll.counters)
        counters[f"sources_{poll.status}"] += 1
    jobs = pipeline.plan_page_jobs(polls)
    pipeline.start_extraction_for(settings, pages_before + len(jobs))
    batches = common.batched(jobs, settings.ingest_batch_size)
    progress.start("pages", len(jobs))
    for batch_counters in ingest_pages_task.map(
        unmapped(settings), batches, unmapped(run_id)
    ).result():
        counters.update(batch_counters)
    pipeline.save_validators(settings, polls)
    return counters, len(jobs)


@flow(name="ingest")
def ingest(
    kind: str = "manual",
    sources: list[str] | None = None,
    config_path: str | None = None,
) -> dict[str, int]:
    """One ingest pass over the due sources (or the named ones); returns the run's counters."""
    settings = flow_settings(config_path)
    pipeline.sync_configured_sources(settings)
    parameters = {"sources": sources, "config_path": config_path}
    with recorded_run(settings, "ingest", kind, parameters) as run:
        pages = 0
        for source_ids in source_rounds(settings, sources):
            counters, planned = ingest_sources(
                settings, source_ids, run.run_id, pages, named=bool(sources)
            )
            run.counters.update(counters)
            pages += planned
        run.counters.update(derive_from_new_versions(settings, run.run_id))
    return run.summary()
