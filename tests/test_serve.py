"""The deployments `claimledger serve` runs, as built from the configuration."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from prefect.client.schemas.schedules import IntervalSchedule
from prefect.deployments.runner import RunnerDeployment

from claimledger.settings import load_settings
from flows.serve import backfill_deployment, ingest_deployment, recheck_deployment
from tests.conftest import write_config


def intervals(deployment: RunnerDeployment) -> list[timedelta]:
    schedules = [s.schedule for s in deployment.schedules or []]
    assert all(isinstance(schedule, IntervalSchedule) for schedule in schedules)
    return [schedule.interval for schedule in schedules if isinstance(schedule, IntervalSchedule)]


def test_deployments_follow_the_configuration(tmp_path: Path) -> None:
    config = write_config(
        tmp_path,
        f"sqlite:///{tmp_path / 'ledger.db'}",
        "[serve]\ninterval = 600\n\n[recheck]\ninterval = 1800\n",
    )
    settings = load_settings(config)

    ingest, recheck, backfill = (
        ingest_deployment(settings),
        recheck_deployment(settings),
        backfill_deployment(settings),
    )

    assert (ingest.flow_name, ingest.name) == ("ingest", "scheduled")
    assert ingest.parameters == {"config_path": str(config.resolve()), "kind": "scheduled"}
    assert intervals(ingest) == [timedelta(seconds=600)]
    assert intervals(recheck) == [timedelta(seconds=1800)]
    assert not backfill.schedules and "backfill" in backfill.tags
    for deployment in (ingest, recheck):
        assert deployment.concurrency_limit == 1
