"""One-shot passes (issue 15 point 5): `ingest --once` as a user or cron runs it, in a subprocess.

With no Prefect API configured the pass runs in the command's process, recorded in the ledger's
`runs` table only, with no temporary Prefect server and no telemetry; with an API configured
(in the environment or in the Prefect profile) it is also a Prefect flow run there.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from prefect.settings import PREFECT_API_URL
from pytest_httpserver import HTTPServer

from storage import source_reads
from storage.db import session_scope
from tests.conftest import write_config
from tests.pages import article_html, rss_feed, story


def serve_feed(httpserver: HTTPServer) -> str:
    link = httpserver.url_for("/news/flood")
    httpserver.expect_request("/news/flood").respond_with_data(
        article_html("Flood cuts off valley", story("the flood", 120)), content_type="text/html"
    )
    feed = rss_feed([(link, "Flood cuts off valley", datetime(2026, 3, 1, 8, tzinfo=UTC))])
    httpserver.expect_request("/feed.xml").respond_with_data(
        feed, content_type="application/rss+xml"
    )
    return httpserver.url_for("/feed.xml")


def ingest_once(
    config: Path, prefect_home: Path, **variables: str
) -> subprocess.CompletedProcess[str]:
    """The real command in a fresh process, with none of this session's Prefect settings."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("PREFECT_", "CLAIMLEDGER_")) and name != "DO_NOT_TRACK"
    }
    environment.update(PREFECT_HOME=str(prefect_home), **variables)
    command = ["claimledger", "--config", str(config), "ingest", "--once", "--json"]
    return subprocess.run(
        [sys.executable, "-m", *command],
        env=environment,
        cwd=config.parent,
        capture_output=True,
        text=True,
        timeout=300,
    )


def feed_config(tmp_path: Path, database_url: str, httpserver: HTTPServer) -> Path:
    feed = serve_feed(httpserver)
    return write_config(
        tmp_path, database_url, f'[[sources]]\nname = "courier"\nurl = "{feed}"\nkind = "rss"\n'
    )


def test_a_pass_with_nothing_to_do_is_recorded_without_prefect_or_telemetry(
    tmp_path: Path, database_url: str, httpserver: HTTPServer
) -> None:
    config = feed_config(tmp_path, database_url, httpserver)
    prefect_home = tmp_path / "prefect-home"
    prefect_home.mkdir()

    first = ingest_once(config, prefect_home)
    again = ingest_once(config, prefect_home)

    assert first.returncode == 0, first.stderr
    assert again.returncode == 0, again.stderr
    assert json.loads(first.stdout)["pages_new_article"] == 1
    counters = json.loads(again.stdout)
    assert counters["run_id"] == 2 and "pages_new_article" not in counters
    for completed in (first, again):
        for noise in ("telemetry", "Traceback", "temporary server", "ERROR"):
            assert noise not in completed.stderr, completed.stderr
    with session_scope(database_url) as session:
        runs = sorted(source_reads.recent_runs(session), key=lambda run: run.run_id)
        assert [(run.flow_name, run.kind, run.status) for run in runs] == [
            ("ingest", "manual", "completed")
        ] * 2
        assert [run.prefect_flow_run_id for run in runs] == [None, None]


@pytest.mark.usefixtures("prefect_server")
def test_with_a_prefect_api_in_the_profile_the_pass_is_a_flow_run(
    tmp_path: Path, sqlite_url: str, httpserver: HTTPServer
) -> None:
    """`prefect config set PREFECT_API_URL=...` writes the active profile, not the environment."""
    config = feed_config(tmp_path, sqlite_url, httpserver)
    prefect_home = tmp_path / "prefect-home"
    prefect_home.mkdir()
    (prefect_home / "profiles.toml").write_text(
        f'active = "local"\n\n[profiles.local]\nPREFECT_API_URL = "{PREFECT_API_URL.value()}"\n'
    )

    completed = ingest_once(config, prefect_home, PREFECT_LOGGING_LEVEL="WARNING")

    assert completed.returncode == 0, completed.stderr
    assert "telemetry" not in completed.stderr
    with session_scope(sqlite_url) as session:
        (run,) = source_reads.recent_runs(session)
        assert run.status == "completed" and run.prefect_flow_run_id is not None
