"""What every claimledger flow shares: its run record, and the steps after pages are stored.

Each flow (ingest, recheck, backfill) records itself in the `runs` table with its kind,
parameters and counters, and ends failed with the error if anything escapes. After storing
pages, each runs the same self-healing batched steps: claims for versions that lack them, then
fingerprints and clusters for versions not yet deduplicated.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from prefect import get_run_logger, task, unmapped
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run

from claimledger import common, derived, pipeline, progress
from claimledger.settings import Settings, load_settings
from storage.db import upgrade

RUN_KINDS = ("scheduled", "manual", "backfill")


def flow_settings(config_path: str | None) -> Settings:
    """The settings a flow run works with, its database schema brought up to date."""
    settings = load_settings(Path(config_path) if config_path else None)
    upgrade(settings.database_url)
    return settings


@dataclass
class RecordedRun:
    """A flow run's row in `runs` and the counters it will be closed with."""

    run_id: int
    counters: Counter[str] = field(default_factory=Counter)

    def summary(self, **extra: int) -> dict[str, int]:
        return {"run_id": self.run_id, **extra, **dict(sorted(self.counters.items()))}


@contextmanager
def recorded_run(
    settings: Settings, flow_name: str, kind: str, parameters: dict[str, Any]
) -> Iterator[RecordedRun]:
    """Record the flow run from start to end; an escaping error closes it as failed."""
    if kind not in RUN_KINDS:
        raise ValueError(f"kind must be one of {', '.join(RUN_KINDS)}, not {kind!r}")
    run = RecordedRun(pipeline.begin_run(settings, flow_name, kind, parameters, flow_run.get_id()))
    try:
        yield run
    except Exception as error:
        pipeline.end_run(
            settings, run.run_id, run.counters, error=f"{type(error).__name__}: {error}"
        )
        raise
    pipeline.end_run(settings, run.run_id, run.counters)
    get_run_logger().info(
        "%s run %s (%s): %s",
        flow_name,
        run.run_id,
        kind,
        ", ".join(f"{name}={value}" for name, value in sorted(run.counters.items()))
        or "nothing to do",
    )


@task(name="extract-claims", cache_policy=NO_CACHE)
def extract_claims_task(settings: Settings, version_ids: list[int], run_id: int) -> Counter[str]:
    return derived.extract_and_store_claims(settings, version_ids, run_id)


@task(name="deduplicate", cache_policy=NO_CACHE)
def deduplicate_task(settings: Settings, version_ids: list[int], run_id: int) -> Counter[str]:
    return derived.fingerprint_and_cluster(settings, version_ids, run_id)


def derive_from_new_versions(settings: Settings, run_id: int) -> Counter[str]:
    """Claims, then fingerprints and clusters, for every version still without them."""
    counters: Counter[str] = Counter()
    pending = derived.versions_needing_claims(settings, settings.ingest_claims_per_pass)
    progress.start("claims", len(pending))
    for claim_counters in extract_claims_task.map(
        unmapped(settings),
        common.batched(pending, settings.ingest_claims_batch_size),
        unmapped(run_id),
    ).result():
        counters.update(claim_counters)
    unfingerprinted = derived.versions_needing_fingerprints(settings, settings.dedup_per_pass)
    progress.start("dedup", len(unfingerprinted))
    for dedup_counters in deduplicate_task.map(
        unmapped(settings),
        common.batched(unfingerprinted, settings.dedup_batch_size),
        unmapped(run_id),
    ).result():
        counters.update(dedup_counters)
    return counters
