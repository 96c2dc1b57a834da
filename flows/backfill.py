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

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import FlowRun
from prefect.deployments import run_deployment
from prefect.exceptions import ObjectNotFound

from claimledger import backfill as backfills
from claimledger import backfill_plan, polling, progress, stopping
from claimledger.errors import BackfillIncomplete, NotFoundError
from claimledger.orchestration import SubmittedRun
from claimledger.passes import derive_from_new_versions, pass_fetcher, pass_settings
from claimledger.runs import recorded_run
from claimledger.settings import Settings
from flows.steps import PREFECT_STEPS
from intake.http import Fetcher

BACKFILL_TAG = "backfill"


@task(name="backfill-chunk", cache_policy=NO_CACHE)
def run_chunk_task(settings: Settings, chunk_key: str, run_id: int) -> Counter[str]:
    stopping.check()
    with pass_fetcher(settings) as fetcher:
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
    settings = pass_settings(config_path)
    polling.sync_configured_sources(settings)
    request = backfill_plan.BackfillRequest.build(
        sitemaps=sitemaps or (),
        url_files=url_files or (),
        warcs=warcs or (),
        sources=sources or (),
        since=since,
        until=until,
    )
    parameters = {**request.parameters(), "chunk_keys": chunk_keys, "retry_failed": retry_failed}
    with recorded_run(settings, "backfill", "backfill", parameters, PREFECT_STEPS) as run:
        with pass_fetcher(settings) as fetcher:
            backfill_id = backfills.ensure_plan(settings, request, fetcher, run.run_id)
        chunks = backfills.chunks_to_run(
            settings, backfill_id, retry_failed=retry_failed, keys=chunk_keys
        )
        progress.start("chunks", len(chunks))
        progress.start("pages", sum(chunk.items for chunk in chunks))
        for chunk in chunks:
            run.counters.update(run_chunk_task(settings, chunk.key, run.run_id))
            progress.advance("chunks")
        backfills.finish_backfill(settings, backfill_id)
        run.counters.update(derive_from_new_versions(settings, run.run_id, PREFECT_STEPS))
        if run.counters["chunks_failed"]:
            raise BackfillIncomplete(backfill_id, run.summary(backfill_id=backfill_id))
    return run.summary(backfill_id=backfill_id)


# --- submitting to the deployment ----------------------------------------------------------------


def submit(
    settings: Settings, request: backfill_plan.BackfillRequest, *, retry_failed: bool = False
) -> list[SubmittedRun]:
    """Plan the backfill here, then create one run of the backfill deployment per chunk group.

    Groups are fixed by the chunks' places in the plan (`chunks_per_run` consecutive chunks),
    so a group stays the same while others finish. Each run's idempotency key is derived from
    its unfinished chunks' keys and attempt counts: submitting again before the runs ran creates
    nothing new, while a group whose chunks ran in between (attempts went up) gets a new run for
    what is left of it. Runs are tagged `backfill` and return at once (timeout 0).
    """
    with Fetcher(settings.http) as fetcher:
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
        try:
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
        except ObjectNotFound:
            raise NotFoundError(
                f"no deployment '{name}' on the Prefect server: start 'claimledger serve' first"
            ) from None
        assert isinstance(run, FlowRun)  # run_deployment is sync when called from sync
        submitted.append(SubmittedRun(str(run.id), run.name, len(group), idempotency_key))
    return submitted
