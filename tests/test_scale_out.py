"""Scale-out end to end: a real Prefect server on PostgreSQL, a process pool, two workers.

Starts `prefect server start` on loopback with its own fresh PostgreSQL database, creates the
`claimledger` process work pool, deploys ingest with `prefect deploy` from deploy/prefect.yaml
(the checkout is the code: no image, no pull), starts two `prefect worker start` processes,
triggers one pass (as many flow runs as the deployment has schedule slots) over a loopback
corpus, and checks that both workers ran a flow run, every article and every page fetch was
stored once, and the server shows the runs Completed. Every subprocess is killed with its
process group, whatever happens.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy
from sqlalchemy.engine import make_url

from storage import article_store
from storage.db import session_scope
from storage.models import FetchLog, Run
from tests.conftest import POSTGRES_URL, write_config
from tests.pages import article_html, rss_feed, story

pytestmark = [pytest.mark.integration, pytest.mark.usefixtures("postgres_available")]

REPO = Path(__file__).resolve().parents[1]
PREFECT = Path(sys.executable).parent / "prefect"  # the CLI of the environment running pytest
POOL = "claimledger"
DEPLOYMENT = "ingest/scheduled"
PREFECT_YAML = "deploy/prefect.yaml"
WORKERS = ("worker-a", "worker-b")
FEEDS = 6
ARTICLES_PER_FEED = 5
T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
SERVER_START_TIMEOUT = 120
RUNS_TIMEOUT = 150


# --- the loopback corpus -----------------------------------------------------------------------


class CorpusServer(ThreadingHTTPServer):
    """Threaded loopback server of fixed bodies: flow runs in two processes fetch at once."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _CorpusHandler)
        self.routes: dict[str, tuple[bytes, str]] = {}

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{path}"


class _CorpusHandler(BaseHTTPRequestHandler):
    server: CorpusServer

    def do_GET(self) -> None:
        body, content_type = self.server.routes.get(self.path, (b"not found", "text/plain"))
        self.send_response(200 if self.path in self.server.routes else 404)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Silent."""


@pytest.fixture
def corpus() -> Iterator[CorpusServer]:
    """FEEDS feeds of ARTICLES_PER_FEED distinct articles each."""
    server = CorpusServer()
    for feed in range(FEEDS):
        items = []
        for number in range(ARTICLES_PER_FEED):
            path = f"/news/{feed}-{number}"
            topic = f"storm damage in district {feed}-{number}"
            html = article_html(f"District {feed}-{number}", story(topic, 10 + number))
            server.routes[path] = (html.encode(), "text/html; charset=utf-8")
            items.append(
                (server.url(path), f"District {feed}-{number}", T0 + timedelta(hours=number))
            )
        server.routes[f"/feed-{feed}.xml"] = (rss_feed(items).encode(), "application/rss+xml")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


# --- processes ---------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Service:
    """A subprocess in its own process group, with its output in a log file."""

    name: str
    process: subprocess.Popen[bytes]
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")


@contextmanager
def started(name: str, command: list[str], env: dict[str, str], logs: Path) -> Iterator[Service]:
    """Run `command` for the block; then SIGTERM its process group, SIGKILL if it lingers."""
    log = logs / f"{name}.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            command,
            cwd=REPO,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield Service(name, process, log)
    finally:
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(process.pid, sig)
            except ProcessLookupError:
                break
            try:
                process.wait(timeout=10)
                break
            except subprocess.TimeoutExpired:
                continue


def worker_command(name: str) -> list[str]:
    """A process worker of the pool that runs one flow run at a time, as in deploy/compose.yaml."""
    return [
        str(PREFECT),
        "worker",
        "start",
        "--pool",
        POOL,
        "--type",
        "process",
        "--name",
        name,
        "--limit",
        "1",
    ]


def run_cli(command: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(
        command, cwd=REPO, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@contextmanager
def fresh_postgres_database() -> Iterator[str]:
    """A new PostgreSQL database for the Prefect server; dropped (connections and all) after."""
    name = f"prefect_it_{uuid.uuid4().hex[:10]}"
    admin = sqlalchemy.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sqlalchemy.text(f'CREATE DATABASE "{name}"'))
    try:
        yield (
            make_url(POSTGRES_URL)
            .set(drivername="postgresql+asyncpg", database=name)
            .render_as_string(hide_password=False)
        )
    finally:
        with admin.connect() as connection:
            connection.execute(sqlalchemy.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def wait_for_health(server: Service, api_url: str) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(
                f"prefect server exited with {server.process.returncode}:\n{server.output()}"
            )
        try:
            if httpx.get(f"{api_url}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    pytest.fail(f"prefect server not healthy after {SERVER_START_TIMEOUT} s:\n{server.output()}")


def base_env(tmp_path: Path) -> dict[str, str]:
    """The test process's environment, minus its Prefect and claimledger settings."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("PREFECT_", "CLAIMLEDGER_"))
    }
    env.update(
        PREFECT_HOME=str(tmp_path / "prefect-home"),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_LOGGING_LEVEL="INFO",
    )
    return env


# --- the API -----------------------------------------------------------------------------------


def api(client: httpx.Client, method: str, path: str, **kwargs: Any) -> Any:
    response = client.request(method, path, **kwargs)
    assert response.is_success, f"{method} {path}: {response.status_code} {response.text}"
    return response.json()


def create_work_pool(client: httpx.Client) -> None:
    """The process pool, with the job template `prefect work-pool create --type process` sets."""
    from prefect.workers.process import ProcessWorker

    api(
        client,
        "POST",
        "/work_pools/",
        json={
            "name": POOL,
            "type": "process",
            "base_job_template": ProcessWorker.get_default_base_job_template(),
        },
    )


def trigger_pass(client: httpx.Client) -> list[str]:
    """One flow run per ingest schedule slot, created at once as the scheduler would."""
    flow_name, deployment_name = DEPLOYMENT.split("/")
    deployment = api(client, "GET", f"/deployments/name/{flow_name}/{deployment_name}")
    assert deployment["pull_steps"] == [
        {
            "prefect.deployments.steps.set_working_directory": {
                "directory": "{{ $CLAIMLEDGER_APP_DIR }}"
            }
        }
    ]
    slots = deployment["global_concurrency_limit"]["limit"]
    return [
        api(
            client,
            "POST",
            f"/deployments/{deployment['id']}/create_flow_run",
            json={"parameters": {"kind": "manual"}},
        )["id"]
        for _ in range(slots)
    ]


def wait_for_final_states(client: httpx.Client, run_ids: list[str]) -> dict[str, dict[str, Any]]:
    deadline = time.monotonic() + RUNS_TIMEOUT
    runs: dict[str, dict[str, Any]] = {}
    while time.monotonic() < deadline:
        runs = {run_id: api(client, "GET", f"/flow_runs/{run_id}") for run_id in run_ids}
        if all(
            run["state"]["type"] in {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}
            for run in runs.values()
        ):
            return runs
        time.sleep(1)
    return runs


# --- the test ----------------------------------------------------------------------------------


def test_two_workers_share_an_ingest_pass_and_store_every_article_once(
    postgres_url: str, corpus: CorpusServer, tmp_path: Path
) -> None:
    sources = "".join(
        f'[[sources]]\nname = "feed-{feed}"\nurl = "{corpus.url(f"/feed-{feed}.xml")}"\n'
        for feed in range(FEEDS)
    )
    config = write_config(
        tmp_path,
        postgres_url,
        "[ingest]\nsources_per_claim = 1\nextract_processes = 2\nextract_pool_min_pages = 1\n"
        + sources,
    )
    port = free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    env = base_env(tmp_path)
    client_env = {**env, "PREFECT_API_URL": api_url}
    worker_env = {
        **client_env,
        "CLAIMLEDGER_CONFIG": str(config),
        "CLAIMLEDGER_APP_DIR": str(REPO),
        "PREFECT_WORKER_QUERY_SECONDS": "1",
    }
    logs = tmp_path / "logs"
    logs.mkdir()

    with ExitStack() as stack, httpx.Client(base_url=api_url, timeout=30) as client:
        prefect_database = stack.enter_context(fresh_postgres_database())
        server = stack.enter_context(
            started(
                "server",
                [str(PREFECT), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                {
                    **env,
                    "PREFECT_API_DATABASE_CONNECTION_URL": prefect_database,
                    "PREFECT_UI_ENABLED": "false",
                },
                logs,
            )
        )
        wait_for_health(server, api_url)
        create_work_pool(client)
        # Workers start (seconds of imports) while `prefect deploy` registers the deployment.
        workers = [
            stack.enter_context(
                started(
                    name,
                    worker_command(name),
                    worker_env,
                    logs,
                )
            )
            for name in WORKERS
        ]
        run_cli(
            [
                str(PREFECT),
                "--no-prompt",
                "deploy",
                "--name",
                DEPLOYMENT,
                "--prefect-file",
                PREFECT_YAML,
            ],
            client_env,  # no CLAIMLEDGER_APP_DIR: each worker fills it in for its flow runs
        )
        run_ids = trigger_pass(client)
        runs = wait_for_final_states(client, run_ids)

        states = {run_id: run["state"]["type"] for run_id, run in runs.items()}
        worker_logs = {worker.name: worker.output() for worker in workers}
        assert set(states.values()) == {"COMPLETED"}, (states, worker_logs)
        ran_by = {
            worker: sorted(run_id for run_id in run_ids if re.search(run_id, log))
            for worker, log in worker_logs.items()
        }
        assert all(ran_by.values()), f"a worker ran no flow run: {ran_by}"

    articles = FEEDS * ARTICLES_PER_FEED
    with session_scope(postgres_url) as session:
        counts = article_store.table_counts(session)
        fetches = session.execute(
            sqlalchemy.select(FetchLog.purpose, FetchLog.url, sqlalchemy.func.count()).group_by(
                FetchLog.purpose, FetchLog.url
            )
        ).all()
        ledger_runs = session.scalars(sqlalchemy.select(Run)).all()
    assert counts["articles"] == counts["article_versions"] == counts["captures"] == articles
    assert counts["claim_sets"] == articles
    assert (
        sorted(purpose for purpose, _url, _count in fetches)
        == ["feed"] * FEEDS + ["page"] * articles
    )
    assert {count for _purpose, _url, count in fetches} == {1}, "a feed or a page was fetched twice"
    assert sorted(run.prefect_flow_run_id or "" for run in ledger_runs) == sorted(run_ids)
    assert {run.status for run in ledger_runs} == {"completed"}
