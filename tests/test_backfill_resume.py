"""Kill a backfill mid-way with SIGKILL, run it again, and get what an uninterrupted run gets.

The killed backfill is the real command in a child process (its own PREFECT_HOME, talking to the
session's Prefect test server); the rerun and the uninterrupted reference run in this process
(starting Python and Prefect again costs seconds). The reference uses the same archive on the
same database, emptied in between; fetch_log and runs are logs of attempts and may differ.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from prefect.settings import PREFECT_API_URL
from sqlalchemy import func, select, text
from typer.testing import CliRunner

from claimledger.cli import app
from storage import article_store
from storage.db import dispose_engines, get_engine, session_scope
from storage.models import ArticleVersion, BackfillChunk, Base
from tests.conftest import write_config
from tests.pages import article_html, story
from tests.warcs import Capture, write_warc

pytestmark = pytest.mark.usefixtures("prefect_server")

T0 = datetime(2026, 3, 1, 6, 0, tzinfo=UTC)
LOGS = {"fetch_log", "runs"}


def archive(path: Path) -> Path:
    """60 articles, 15 of them edited later (a second version), in shuffled crawl order."""
    captures = [
        Capture(
            f"https://news.example.org/story-{n}",
            T0 + timedelta(minutes=7 * n),
            article_html(f"Floods {n}", story(f"the floods in district {n}", n)).encode(),
        )
        for n in range(60)
    ]
    captures += [
        Capture(
            capture.url,
            capture.when + timedelta(days=1),
            capture.body.replace(b"</article>", b"<p>Officials revised the toll.</p></article>"),
        )
        for capture in captures[:15]
    ]
    random.Random(11).shuffle(captures)
    return write_warc(path, captures)


def ledger(database_url: str) -> tuple[dict[str, int], list[tuple[str, int, str]]]:
    """Row counts (logs left out) and every version's URL, number and text hash."""
    with session_scope(database_url) as session:
        counts = {
            name: count
            for name, count in article_store.table_counts(session).items()
            if name not in LOGS
        }
        counts["backfill_chunks_done"] = (
            session.scalar(select(func.count()).where(BackfillChunk.status == "done")) or 0
        )
        versions = session.execute(
            select(ArticleVersion.url, ArticleVersion.version, ArticleVersion.text_hash)
        ).all()
    return counts, sorted((url, number, text_hash) for url, number, text_hash in versions)


def empty(database_url: str) -> None:
    engine = get_engine(database_url)
    Base.metadata.drop_all(engine)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    dispose_engines()


def done_chunks(database_url: str) -> int:
    try:
        with session_scope(database_url) as session:
            return session.scalar(select(func.count()).where(BackfillChunk.status == "done")) or 0
    except Exception:  # the child has not created the schema yet
        return 0


def start_backfill(
    config: Path, warc: Path, database_url: str, prefect_home: Path
) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "PREFECT_HOME": str(prefect_home),
        "PREFECT_API_URL": str(PREFECT_API_URL.value()),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "CLAIMLEDGER_DATABASE_URL": database_url,
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "claimledger",
            "--config",
            str(config),
            "backfill",
            "--warc",
            str(warc),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group, so the kill takes its children too
    )


def test_a_killed_backfill_resumes_to_the_same_ledger_as_an_uninterrupted_one(
    database_url: str, tmp_path: Path
) -> None:
    warc = archive(tmp_path / "resume.warc.gz")
    config = write_config(tmp_path, database_url, "[backfill]\nwarc_chunk_records = 10\n")
    reference = CliRunner().invoke(app, ["--config", str(config), "backfill", "--warc", str(warc)])
    assert reference.exit_code == 0, reference.output
    uninterrupted = ledger(database_url)
    empty(database_url)

    child = start_backfill(config, warc, database_url, tmp_path / "prefect")
    deadline = time.monotonic() + 120
    while done_chunks(database_url) < 3 and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(child.pid, signal.SIGKILL)
    child.wait()
    done_at_kill = done_chunks(database_url)
    resumed = CliRunner().invoke(app, ["--config", str(config), "backfill", "--warc", str(warc)])

    assert child.returncode == -signal.SIGKILL
    assert 3 <= done_at_kill < uninterrupted[0]["backfill_chunks_done"]
    assert resumed.exit_code == 0, resumed.output
    assert ledger(database_url) == uninterrupted
    assert uninterrupted[0]["article_versions"] == 75 and uninterrupted[0]["articles"] == 60
