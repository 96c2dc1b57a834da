"""kill -9 in the middle of `claimledger ingest --once`, then a rerun: the rows of one clean run.

The killed runs are the real command in a subprocess (`python -m claimledger ingest --once`),
talking to the session's Prefect test server rather than starting a temporary one of their own:
that keeps each run to a few seconds without changing what runs (the CLI, the flow, its tasks,
their transactions). The test watches the database from outside and sends SIGKILL when the run
has reached a chosen point; the page server is slowed down so the points are reached mid-run.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from prefect.settings import PREFECT_API_URL
from sqlalchemy import func, select, update

from claimledger import polling
from claimledger.settings import load_settings
from flows.ingest import ingest
from intake.http import Fetcher
from storage import article_store
from storage.db import session_scope, upgrade
from storage.models import (
    Article,
    ArticleVersion,
    Claim,
    ClaimSet,
    FetchLog,
    Source,
    UrlAlias,
)
from tests.conftest import write_config
from tests.hostile import server as s
from tests.pages import article_html, rss_feed, story

pytestmark = pytest.mark.usefixtures("prefect_server")

PAGES = 16
PAGE_DELAY = 0.25  # seconds per page response: time for the watcher to strike mid-run
# The pages are slow on purpose and the server shares its process with the clean run's inline
# extraction (and, under pytest-xdist, the machine with another worker): timeouts that leave a
# loaded machine room, since a page lost to a timeout is not what this test is about.
PATIENT_HTTP = """
[http]
min_host_delay = 0.0
connect_timeout = 5.0
read_timeout = 10.0
total_timeout = 20.0
respect_robots = false
allowed_networks = ["127.0.0.0/8", "::1"]
"""
LEDGER_TABLES = (
    "articles",
    "url_aliases",
    "article_versions",
    "captures",
    "claim_sets",
    "claims",
    "claim_quantities",
)
T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


def slow(handler: s.Handler, delay: float) -> s.Handler:
    def delayed(connection: socket.socket) -> None:
        time.sleep(delay)
        handler(connection)

    return delayed


@pytest.fixture
def news_site() -> Iterator[s.ScriptedServer]:
    """A feed of PAGES articles with attributed casualty claims, each page slow to answer."""
    with s.ScriptedServer({}) as server:
        items = []
        for number in range(PAGES):
            path = f"/news/story-{number}"
            paragraphs = [
                *story(f"the storm in district {number}", 10 + number),
                f"The health ministry said {number + 2} people were killed and "
                f"{number + 5} injured when the storm hit district {number}.",
            ]
            body = article_html(f"Storm hits district {number}", paragraphs).encode()
            server.routes[path] = slow(s.respond(body), PAGE_DELAY)
            items.append((server.url(path), f"Storm {number}", T0 + timedelta(minutes=number)))
        server.routes["/feed.xml"] = s.respond(
            rss_feed(items).encode(), content_type="application/rss+xml"
        )
        yield server


def configure(directory: Path, database_url: str, server: s.ScriptedServer) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    source = f'[[sources]]\nname = "courier"\nurl = "{server.url("/feed.xml")}"\nkind = "rss"\n'
    config = write_config(
        directory, database_url, f"[ingest]\nbatch_size = 4\n\n{source}", http=PATIENT_HTTP
    )
    return config


def ledger(database_url: str) -> dict[str, Any]:
    """What a clean run and a crashed-then-rerun run must agree on, down to the content."""
    with session_scope(database_url) as session:
        counts = article_store.table_counts(session)
        claims_per_set = dict(
            session.execute(
                select(ClaimSet.id, func.count(Claim.id))
                .outerjoin(Claim, Claim.claim_set_id == ClaimSet.id)
                .group_by(ClaimSet.id)
            )
            .tuples()
            .all()
        )
        declared = dict(session.execute(select(ClaimSet.id, ClaimSet.claim_count)).tuples().all())
        versions = sorted(
            session.execute(
                select(
                    Article.canonical_url, ArticleVersion.version, ArticleVersion.text_hash
                ).join(ArticleVersion, ArticleVersion.article_id == Article.id)
            ).all()
        )
        claims = sorted(
            session.execute(
                select(Article.canonical_url, Claim.ordinal, Claim.content_text)
                .join(ArticleVersion, ArticleVersion.article_id == Article.id)
                .join(ClaimSet, ClaimSet.article_version_id == ArticleVersion.id)
                .join(Claim, Claim.claim_set_id == ClaimSet.id)
            ).all()
        )
        aliases = sorted(session.scalars(select(UrlAlias.url)))
    assert claims_per_set == declared, "a claim set whose claims are not all there"
    return {
        "counts": {table: counts[table] for table in LEDGER_TABLES},
        "versions": versions,
        "claims": claims,
        "aliases": aliases,
    }


def subprocess_env(tmp_path: Path) -> dict[str, str]:
    prefect_home = tmp_path / "prefect-home"
    prefect_home.mkdir(exist_ok=True)
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("CLAIMLEDGER_")},
        "PREFECT_HOME": str(prefect_home),
        "PREFECT_API_URL": str(PREFECT_API_URL.value()),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_LOGGING_LEVEL": "WARNING",
    }


def kill_when(
    command: list[str], env: dict[str, str], database_url: str, reached: Callable[[], bool]
) -> str:
    """Run `command`, SIGKILL it once `reached()` is true; returns what state it was killed in."""
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                stderr = process.stderr.read().decode() if process.stderr else ""
                pytest.fail(
                    f"run ended (status {process.returncode}) before the kill point:\n{stderr}"
                )
            if reached():
                os.kill(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
                assert process.returncode == -signal.SIGKILL
                with session_scope(database_url) as session:
                    counts = article_store.table_counts(session)
                return ", ".join(f"{t}={counts[t]}" for t in ("articles", "claim_sets"))
            time.sleep(0.02)
        pytest.fail("kill point not reached within 120 s")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def page_rows(database_url: str) -> int:
    with session_scope(database_url) as session:
        query = select(func.count()).select_from(FetchLog).where(FetchLog.purpose == "page")
        return session.scalar(query) or 0


def claim_sets(database_url: str) -> int:
    with session_scope(database_url) as session:
        return session.scalar(select(func.count()).select_from(ClaimSet)) or 0


def test_kill_during_pages_and_during_claims_then_rerun_equals_one_clean_run(
    news_site: s.ScriptedServer, database_url: str, tmp_path: Path
) -> None:
    clean_config = configure(tmp_path / "clean", f"sqlite:///{tmp_path / 'clean.db'}", news_site)
    ingest(kind="manual", config_path=str(clean_config))
    clean = ledger(load_settings(clean_config).database_url)

    config = configure(tmp_path / "crashed", database_url, news_site)
    upgrade(database_url)  # so the watcher can count rows from the first moment
    command = [sys.executable, "-m", "claimledger", "--config", str(config), "ingest", "--once"]
    env = subprocess_env(tmp_path)
    mid_pages = kill_when(command, env, database_url, lambda: page_rows(database_url) >= 5)
    mid_claims = kill_when(
        [*command, "--source", "courier"], env, database_url, lambda: claim_sets(database_url) >= 1
    )
    rerun = ingest(kind="manual", sources=["courier"], config_path=str(config))
    again = ingest(kind="manual", sources=["courier"], config_path=str(config))
    recovered = ledger(database_url)

    print(f"\nkilled mid-pages at {mid_pages}; mid-claims at {mid_claims}")
    assert clean["counts"]["articles"] == PAGES and clean["counts"]["claims"] > 0
    assert recovered == clean
    assert not again.get("pages_new_article") and not again.get("claim_sets_new")
    assert rerun["run_id"] < again["run_id"]


def test_a_crash_after_the_poll_is_finished_once_the_sources_claim_lapses(
    news_site: s.ScriptedServer, sqlite_url: str, tmp_path: Path
) -> None:
    """The state a kill leaves just after the feed poll is committed, made without a kill: the
    source is claimed for one poll interval (so a concurrent pass does not poll it again), then
    due again, and the next pass stores everything the crashed one did not."""
    config = configure(tmp_path / "crashed", sqlite_url, news_site)
    settings = load_settings(config)
    upgrade(sqlite_url)
    polling.sync_configured_sources(settings)
    with Fetcher(settings.http) as fetcher:
        (source_id,) = polling.due_source_ids(settings)
        polling.poll_source(settings, source_id, None, fetcher)

    while_claimed = ingest(kind="manual", config_path=str(config))
    with session_scope(sqlite_url) as session:  # the poll interval passes
        session.execute(update(Source).values(next_poll_at=datetime.now(UTC)))
    after_the_claim = ingest(kind="manual", config_path=str(config))

    assert not any(name.startswith("pages_") for name in while_claimed)
    assert after_the_claim["pages_new_article"] == PAGES
    with session_scope(sqlite_url) as session:
        assert article_store.table_counts(session)["articles"] == PAGES
