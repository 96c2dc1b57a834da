"""Deployments `claimledger serve` runs: ingest and recheck on intervals, backfill by hand.

A served deployment lives in the serving process, so no work pool or worker is needed; the
Prefect server (`prefect server start`) keeps the schedules and shows the runs in its UI.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from prefect import Flow
from prefect.deployments.runner import RunnerDeployment

from claimledger.settings import Settings
from flows.backfill import BACKFILL_TAG, backfill
from flows.ingest import ingest
from flows.recheck import recheck_flow


def _deployment(flow: Flow[Any, Any], settings: Settings, **options: Any) -> RunnerDeployment:
    """A deployment of `flow` that reads this configuration file wherever it runs."""
    config = {"config_path": str(settings.config_path) if settings.config_path else None}
    parameters = {**config, **options.pop("parameters", {})}
    deployment = flow.to_deployment(parameters=parameters, **options)
    assert isinstance(deployment, RunnerDeployment)  # to_deployment is sync when called from sync
    return deployment


def _scheduled(
    flow: Flow[Any, Any], settings: Settings, every: int, tag: str, description: str
) -> RunnerDeployment:
    """A deployment run every `every` seconds, one run at a time, so a slow pass is never
    overlapped."""
    return _deployment(
        flow,
        settings,
        name=settings.serve_deployment_name,
        interval=timedelta(seconds=every),
        parameters={"kind": "scheduled"},
        concurrency_limit=1,
        tags=["claimledger", tag],
        description=description,
    )


def ingest_deployment(settings: Settings) -> RunnerDeployment:
    """The scheduled ingest deployment."""
    return _scheduled(
        ingest,
        settings,
        settings.serve_interval,
        "ingest",
        "Poll due sources and store new article versions.",
    )


def recheck_deployment(settings: Settings) -> RunnerDeployment:
    """The scheduled recheck deployment, beside ingest."""
    return _scheduled(
        recheck_flow,
        settings,
        settings.recheck_interval,
        "recheck",
        "Refetch recently published articles that are due and store their edits.",
    )


def backfill_deployment(settings: Settings) -> RunnerDeployment:
    """The backfill deployment: no schedule, runs only when triggered (`backfill --submit`).

    Its concurrency limit is its own, so backfill runs queue behind each other and never take
    the slot of scheduled ingest.
    """
    return _deployment(
        backfill,
        settings,
        name=settings.backfill_deployment_name,
        concurrency_limit=settings.backfill_concurrency,
        tags=["claimledger", BACKFILL_TAG],
        description="Backfill WARC archives, sitemaps, URL lists or sources over a time window.",
    )
