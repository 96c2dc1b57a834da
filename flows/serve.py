"""Deployments that `claimledger serve` runs: ingest on the configured interval.

A served deployment lives in the serving process, so no work pool or worker is needed; the
Prefect server (`prefect server start`) keeps the schedule and shows the runs in its UI.
"""

from __future__ import annotations

from datetime import timedelta

from prefect.deployments.runner import RunnerDeployment

from claimledger.settings import Settings
from flows.ingest import ingest


def ingest_deployment(settings: Settings) -> RunnerDeployment:
    """The scheduled ingest deployment; one run at a time, so a slow pass is never overlapped."""
    deployment = ingest.to_deployment(
        name=settings.serve_deployment_name,
        interval=timedelta(seconds=settings.serve_interval),
        parameters={
            "kind": "scheduled",
            "config_path": str(settings.config_path) if settings.config_path else None,
        },
        concurrency_limit=1,
        tags=["claimledger", "ingest"],
        description="Poll due sources and store new article versions.",
    )
    assert isinstance(deployment, RunnerDeployment)  # to_deployment is sync when called from sync
    return deployment
