"""The `backfill` flow, and submitting a backfill to its deployment as one flow run per group.

Orchestration only; the work is in `claimledger.backfill`. A flow run plans the backfill if it is
new, then runs its chunks one task each, one after another: one run never takes more than one
worker's share of a host or of the database. Parallelism comes from several flow runs of the
deployment (`claimledger backfill --submit`, one run per group of chunks), which Prefect caps at
the deployment's concurrency limit, a limit of its own so that scheduled ingest always keeps
its slot.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from prefect import flow, get_run_logger, task, unmapped
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import FlowRun
from prefect.deployments import run_deployment
from prefect.runtime import flow_run

from claimledger import backfill as backfills
from claimledger import pipeline, progress
from claimledger.settings import Settings, load_settings
from flows.ingest import deduplicate_task, extract_claims_task
from intake.http import Fetcher
from storage.db import upgrade

BACKFILL_TAG = "backfill"


class BackfillIncomplete(Exception):
    """Some chunks failed; they keep their errors for `backfill status` and `--retry-failed`."""

    def __init__(self, backfill_id: int, counters: dict[str, int]) -> None:
        failed = counters.get("chunks_failed", 0)
        super().__init__(
            f"backfill {backfill_id}: {failed} chunk(s) failed; see 'claimledger backfill status "
            f"{backfill_id}' and rerun with --retry-failed"
        )
        self.backfill_id = backfill_id
        self.counters = counters


@task(name="backfill-chunk", cache_policy=NO_CACHE)
def run_chunk_task(settings: Settings, chunk_key: str, run_id: int) -> Counter[str]:
    with Fetcher(settings.fetch_policy()) as fetcher:
        return backfills.run_chunk(settings, chunk_key, run_id, fetcher)


@flow(name="backfill")
def backfill(
    sitemaps: list[str] | None = None,
    url_files: list[str] | None = None,
    warcs: list[str] | None = None,
    sources: list[str] | None = None,
    since: str | None = None,
    until: str | None = None,
    chunk_keys: list[str] | None = None,
    retry_failed: bool = False,
    config_path: str | None = None,
) -> dict[str, int]:
    """Run a backfill's unfinished chunks (or only `chunk_keys`, or only the failed ones).

    Returns the run's counters; raises `BackfillIncomplete` when a chunk failed.
    """
    settings = load_settings(Path(config_path) if config_path else None)
    upgrade(settings.database_url)
    pipeline.sync_configured_sources(settings)
    request = backfills.BackfillRequest.build(
        sitemaps=sitemaps or (),
        url_files=url_files or (),
        warcs=warcs or (),
        sources=sources or (),
        since=since,
        until=until,
    )
    parameters = {**request.parameters(), "chunk_keys": chunk_keys, "retry_failed": retry_failed}
    run_id = pipeline.begin_run(settings, "backfill", "backfill", parameters, flow_run.get_id())
    counters: Counter[str] = Counter()
    try:
        with Fetcher(settings.fetch_policy()) as fetcher:
            backfill_id = backfills.ensure_plan(settings, request, fetcher, run_id)
        chunks = backfills.chunks_to_run(
            settings, backfill_id, retry_failed=retry_failed, keys=chunk_keys
        )
        progress.start("chunks", len(chunks))
        progress.start("pages", sum(chunk.items for chunk in chunks))
        for chunk in chunks:
            counters.update(run_chunk_task(settings, chunk.key, run_id))
            progress.advance("chunks")
        backfills.finish_backfill(settings, backfill_id)
        counters.update(extract_new_claims_and_duplicates(settings, run_id))
    except Exception as error:
        pipeline.end_run(settings, run_id, counters, error=f"{type(error).__name__}: {error}")
        raise
    result = {"run_id": run_id, "backfill_id": backfill_id, **dict(sorted(counters.items()))}
    if counters["chunks_failed"]:
        incomplete = BackfillIncomplete(backfill_id, result)
        pipeline.end_run(settings, run_id, counters, error=str(incomplete))
        raise incomplete
    pipeline.end_run(settings, run_id, counters)
    get_run_logger().info(
        "backfill %s, run %s: %s",
        backfill_id,
        run_id,
        ", ".join(f"{name}={value}" for name, value in sorted(counters.items())),
    )
    return result


def extract_new_claims_and_duplicates(settings: Settings, run_id: int) -> Counter[str]:
    """The steps ingest runs after storing pages: claims, then fingerprints and clusters."""
    counters: Counter[str] = Counter()
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
    return counters


# --- submitting to the deployment ----------------------------------------------------------------


@dataclass(frozen=True)
class SubmittedRun:
    flow_run_id: str
    flow_run_name: str
    chunks: int
    idempotency_key: str


def submit(
    settings: Settings, request: backfills.BackfillRequest, *, retry_failed: bool = False
) -> list[SubmittedRun]:
    """Plan the backfill here, then create one run of the backfill deployment per chunk group.

    Groups are fixed by the chunks' places in the plan (`chunks_per_run` consecutive chunks),
    so a group stays the same while others finish. Each run's idempotency key is derived from
    its unfinished chunks' keys and attempt counts: submitting again before the runs ran creates
    nothing new, while a group whose chunks ran in between (attempts went up) gets a new run for
    what is left of it. Runs are tagged `backfill` and return at once (timeout 0).
    """
    with Fetcher(settings.fetch_policy()) as fetcher:
        backfill_id = backfills.ensure_plan(settings, request, fetcher, None)
    groups: dict[int, list[backfills.ChunkInfo]] = defaultdict(list)
    for chunk in backfills.chunks_to_run(settings, backfill_id, retry_failed=retry_failed):
        groups[chunk.ordinal // settings.backfill_chunks_per_run].append(chunk)
    name = f"backfill/{settings.backfill_deployment_name}"
    submitted = []
    for _, group in sorted(groups.items()):
        keys = [chunk.key for chunk in group]
        identity = "\n".join(f"{chunk.key}:{chunk.attempts}" for chunk in group)
        idempotency_key = hashlib.sha256(identity.encode()).hexdigest()
        run = run_deployment(
            name=name,
            parameters={
                **request.parameters(),
                "chunk_keys": keys,
                "retry_failed": retry_failed,
            },
            idempotency_key=idempotency_key,
            tags=[BACKFILL_TAG],
            timeout=0,
        )
        assert isinstance(run, FlowRun)  # run_deployment is sync when called from sync
        submitted.append(SubmittedRun(str(run.id), run.name, len(group), idempotency_key))
    return submitted
