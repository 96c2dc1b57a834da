"""deploy/: the Prefect deployments and the compose file parse and agree with the code.

No Docker engine runs in CI, so compose.yaml and the Dockerfile are only checked here for what
can be checked without one; prefect.yaml is also deployed for real by tests/test_scale_out.py.
"""

from __future__ import annotations

import importlib
import tomllib
from pathlib import Path
from typing import Any

import yaml
from prefect import Flow

from claimledger.settings import Settings, load_settings

DEPLOY_DIR = Path(__file__).resolve().parents[1] / "deploy"
POOL = "claimledger"


def load_yaml(name: str) -> dict[str, Any]:
    loaded = yaml.safe_load((DEPLOY_DIR / name).read_text())
    assert isinstance(loaded, dict)
    return loaded


def deployments() -> dict[str, dict[str, Any]]:
    """prefect.yaml's deployments by 'flow-name/deployment-name', as Prefect names them."""
    found = {}
    for deployment in load_yaml("prefect.yaml")["deployments"]:
        path, function = deployment["entrypoint"].split(":")
        module = importlib.import_module(path.removesuffix(".py").replace("/", "."))
        flow = getattr(module, function)
        assert isinstance(flow, Flow), deployment["entrypoint"]
        found[f"{flow.name}/{deployment['name']}"] = deployment
    return found


def test_prefect_yaml_deploys_ingest_recheck_and_backfill_to_the_pool() -> None:
    found = deployments()

    assert set(found) == {"ingest/scheduled", "recheck/scheduled", "backfill/manual"}
    assert {d["work_pool"]["name"] for d in found.values()} == {POOL}
    ingest, recheck, backfill = (
        found[name] for name in ("ingest/scheduled", "recheck/scheduled", "backfill/manual")
    )
    # One schedule per worker slot, and no more runs at once than slots: passes never pile up.
    assert len(ingest["schedules"]) == ingest["concurrency_limit"]["limit"] >= 1
    assert len({s["slug"] for s in ingest["schedules"]}) == len(ingest["schedules"])
    assert ingest["concurrency_limit"]["collision_strategy"] == "CANCEL_NEW"
    assert recheck["concurrency_limit"] == {"limit": 1, "collision_strategy": "CANCEL_NEW"}
    assert backfill["schedules"] == [] and "backfill" in backfill["tags"]
    assert backfill["concurrency_limit"]["collision_strategy"] == "ENQUEUE"
    assert f"backfill/{Settings().backfill_deployment_name}" in found


def test_prefect_yaml_pulls_no_code_and_names_the_folder_per_worker() -> None:
    config = load_yaml("prefect.yaml")

    assert config["build"] is None and config["push"] is None
    assert config["pull"] == [
        {
            "prefect.deployments.steps.set_working_directory": {
                "directory": "{{ $CLAIMLEDGER_APP_DIR }}"
            }
        }
    ]


def test_compose_runs_postgres_a_prefect_server_on_it_and_workers_of_the_pool() -> None:
    services = load_yaml("compose.yaml")["services"]

    assert {"postgres", "prefect-server", "register", "worker"} <= set(services)
    server_env = services["prefect-server"]["environment"]
    assert server_env["PREFECT_API_DATABASE_CONNECTION_URL"].startswith("postgresql+asyncpg://")
    worker = services["worker"]
    assert f"--pool {POOL}" in worker["command"] and "--type process" in worker["command"]
    assert worker["deploy"]["replicas"] >= 2
    assert worker["environment"]["CLAIMLEDGER_DATABASE_URL"].startswith("postgresql+psycopg://")
    assert worker["environment"]["PREFECT_API_URL"] == "http://prefect-server:4200/api"
    register = " ".join(services["register"]["command"])
    assert f"work-pool create {POOL} --type process" in register
    assert "--prefect-file deploy/prefect.yaml" in register


def test_the_image_installs_every_package_of_the_project_and_the_worker_config_loads() -> None:
    dockerfile = (DEPLOY_DIR / "Dockerfile").read_text()
    pyproject = tomllib.loads((DEPLOY_DIR.parent / "pyproject.toml").read_text())

    for package in pyproject["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"]:
        assert f"COPY {package} ./{package}" in dockerfile
    assert "uv sync --frozen --no-dev" in dockerfile
    settings = load_settings(DEPLOY_DIR / "claimledger.toml", environ={})
    assert settings.sources and settings.ingest_sources_per_claim > 0
