"""Stopping a run (issue 14 point 3): Ctrl-C and SIGTERM mid-pass, kill -9, `serve` stopped.

The real command runs in a subprocess of its own session, as a terminal runs it, so that a
Ctrl-C can be sent the way a terminal sends it: to every process of the command, extraction
workers included. Its pages come from a loopback server whose later pages wait behind a gate:
the pass is mid-way, fetches in flight, when the signal arrives; the gate opens for the rerun.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from prefect.settings import PREFECT_API_URL
from sqlalchemy import select, update

from claimledger import passes, polling, runs
from claimledger.cli.serve import _QuietAboutCleanExit
from claimledger.common import utcnow
from claimledger.settings import load_settings
from storage import source_reads
from storage.db import session_scope, upgrade
from storage.models import Article, ArticleVersion, Claim, ClaimSet, FetchLog, Run, Source
from tests.conftest import TEST_INLINE_EXTRACTION, CliMain, sqlite_url_in
from tests.hostile import server as s
from tests.pages import article_html, rss_feed

PAGES = 12
OPEN_PAGES = 4  # answered at once; the others wait for the gate
T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
STOP_WITHIN = 5.0  # seconds, the bound


class NewsSite:
    """A feed of PAGES articles with claims; pages after the first OPEN_PAGES wait for `gate`."""

    def __init__(self, server: s.ScriptedServer) -> None:
        self.server = server
        self.gate = threading.Event()
        self.waiting = 0
        self._lock = threading.Lock()
        items = []
        for number in range(PAGES):
            path = f"/news/story-{number}"
            paragraphs = [
                f"Rescuers in district {number} searched collapsed houses through the night, "
                f"officials said, as the storm moved east across the {number + 3} valleys.",
                f"The health ministry said {number + 2} people were killed and {number + 5} "
                f"injured when the storm hit district {number} on Tuesday.",
                f"Aid groups said clean water was running low in {number + 7} settlements.",
            ]
            page = s.respond(article_html(f"Storm hits district {number}", paragraphs).encode())
            server.routes[path] = page if number < OPEN_PAGES else self._gated(page)
            items.append((server.url(path), f"Storm {number}", T0 + timedelta(minutes=number)))
        feed = rss_feed(items).encode()
        server.routes["/feed.xml"] = s.respond(feed, content_type="application/rss+xml")

    def _gated(self, handler: s.Handler) -> s.Handler:
        def gated(connection: socket.socket) -> None:
            with self._lock:
                self.waiting += 1
            self.gate.wait(60)
            handler(connection)

        return gated


@pytest.fixture
def site() -> Iterator[NewsSite]:
    with s.ScriptedServer({}) as server:
        news = NewsSite(server)
        yield news
        news.gate.set()


def configure(
    directory: Path, database_url: str, site: NewsSite, *, pool: bool = True, lease: int = 300
) -> Path:
    """A configuration with long HTTP timeouts (a gated page must wait, not time out), the
    extraction pool from the first page, and this run lease."""
    directory.mkdir(parents=True, exist_ok=True)
    extraction = (
        "extract_processes = 2\nextract_pool_min_pages = 1\n" if pool else "extract_processes = 1\n"
    )
    path = directory / "claimledger.toml"
    path.write_text(
        f"database_url = {database_url!r}\n{TEST_INLINE_EXTRACTION}\n"
        "[http]\nmin_host_delay = 0.0\nread_timeout = 60.0\ntotal_timeout = 90.0\n"
        'respect_robots = false\nallowed_networks = ["127.0.0.0/8", "::1"]\n\n'
        f"[ingest]\nbatch_size = 3\nrun_lease = {lease}\n{extraction}\n"
        f'[[sources]]\nname = "courier"\nurl = "{site.server.url("/feed.xml")}"\nkind = "rss"\n'
    )
    return path


def environment(tmp_path: Path, **variables: str) -> dict[str, str]:
    """This environment without the session's Prefect and claimledger settings: no Prefect API,
    so `ingest --once` runs in its own process."""
    home = tmp_path / "prefect-home"
    home.mkdir(exist_ok=True)
    kept = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("PREFECT_", "CLAIMLEDGER_"))
    }
    return {**kept, "PREFECT_HOME": str(home), **variables}


def start(config: Path, env: dict[str, str], *arguments: str) -> subprocess.Popen[str]:
    """The command in a session of its own: a terminal's Ctrl-C reaches the whole group."""
    return subprocess.Popen(
        [sys.executable, "-m", "claimledger", "--config", str(config), *arguments],
        env=env,
        cwd=config.parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def rerun(directory: Path, database_url: str, site: NewsSite, lease: int = 300) -> dict[str, int]:
    """The next pass, with the gate open, in this process (extracting inline: the point is
    what the stopped command left behind, not how the next one starts)."""
    site.gate.set()
    config = configure(directory / "rerun", database_url, site, pool=False, lease=lease)
    return passes.ingest_pass("manual", None, str(config), passes.InProcessSteps())


def wait_mid_pass(process: subprocess.Popen[str], database_url: str, site: NewsSite) -> None:
    """Until the open pages are stored and every fetch thread waits at the gate."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the run ended (status {process.returncode}): {process.communicate()}")
        if site.waiting >= 2 and stored_articles(database_url) >= 3:
            return
        time.sleep(0.05)
    pytest.fail("the run never reached the middle of its pass")


def stored_articles(database_url: str) -> int:
    try:
        with session_scope(database_url) as session:
            return len(session.scalars(select(Article.id)).all())
    except Exception:  # the schema is being created by the command
        return 0


def descendants(pid: int) -> set[int]:
    """Every process below `pid`, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def alive(pids: set[int]) -> set[int]:
    living = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            living.add(pid)
    return living


def ledger(database_url: str) -> dict[str, object]:
    """The tables a stopped-then-rerun pass and one clean pass must agree on: articles,
    versions, claims, and the distinct fetch-log rows (a request made twice, once by the
    stopped run and once by the rerun, is one row here; timestamps and durations left out)."""
    with session_scope(database_url) as session:
        articles = sorted(
            session.execute(
                select(Article.canonical_url, Article.latest_version, Article.status)
            ).tuples()
        )
        versions = sorted(
            session.execute(
                select(
                    Article.canonical_url,
                    ArticleVersion.version,
                    ArticleVersion.title,
                    ArticleVersion.text_hash,
                ).join(ArticleVersion, ArticleVersion.article_id == Article.id)
            ).tuples()
        )
        claims = sorted(
            session.execute(
                select(Article.canonical_url, Claim.ordinal, Claim.content_text)
                .join(ArticleVersion, ArticleVersion.article_id == Article.id)
                .join(ClaimSet, ClaimSet.article_version_id == ArticleVersion.id)
                .join(Claim, Claim.claim_set_id == ClaimSet.id)
            ).tuples()
        )
        fetches = sorted(
            set(
                session.execute(
                    select(
                        FetchLog.purpose,
                        FetchLog.url,
                        FetchLog.status,
                        FetchLog.outcome,
                        FetchLog.bytes,
                        FetchLog.error,
                    )
                ).tuples()
            ),
            key=repr,
        )
    return {"articles": articles, "versions": versions, "claims": claims, "fetch_log": fetches}


def run_statuses(database_url: str) -> list[str]:
    with session_scope(database_url) as session:
        return [
            run.status for run in sorted(source_reads.recent_runs(session), key=lambda r: r.run_id)
        ]


def test_ctrl_c_mid_pass_stops_in_seconds_and_a_rerun_completes_the_pass(
    site: NewsSite, database_url: str, tmp_path: Path
) -> None:
    config = configure(tmp_path / "stopped", database_url, site)
    upgrade(database_url)
    env = environment(tmp_path)
    process = start(config, env, "ingest", "--once")
    wait_mid_pass(process, database_url, site)

    signalled = time.monotonic()
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
    _, stderr = process.communicate(timeout=60)
    stopped_after = time.monotonic() - signalled

    print(f"\nstopped {stopped_after:.2f} s after SIGINT")
    assert process.returncode == 130, stderr
    assert stopped_after < STOP_WITHIN
    assert stderr.splitlines() == [
        "interrupted by SIGINT: ingest run 1 stopped, nothing lost; run the command again to finish"
    ]
    assert run_statuses(database_url) == ["interrupted"]
    assert 0 < stored_articles(database_url) < PAGES

    assert rerun(tmp_path, database_url, site)["pages_new_article"] >= 1
    assert run_statuses(database_url) == ["interrupted", "completed"]

    clean_url = sqlite_url_in(tmp_path / "clean")
    clean_config = configure(tmp_path / "clean", clean_url, site, pool=False)
    passes.ingest_pass("manual", None, str(clean_config), passes.InProcessSteps())
    clean = ledger(clean_url)
    assert len(clean["articles"]) == PAGES and clean["claims"]  # type: ignore[arg-type]
    assert ledger(database_url) == clean


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
def test_kill_9_leaves_no_helper_process_and_the_run_is_abandoned_after_its_lease(
    site: NewsSite, sqlite_url: str, tmp_path: Path, cli_main: CliMain
) -> None:
    """On SQLite only: the SQL of abandoning runs is tested on both databases below."""
    database_url, lease = sqlite_url, 2
    config = configure(tmp_path, database_url, site, lease=lease)
    upgrade(database_url)
    env = environment(tmp_path)
    process = start(config, env, "ingest", "--once")
    wait_mid_pass(process, database_url, site)
    helpers = descendants(process.pid)

    process.kill()
    process.communicate(timeout=10)
    deadline = time.monotonic() + 10
    while alive(helpers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert helpers, "the pass ran without extraction processes"
    assert not alive(helpers), "helper processes outlived the killed command"

    time.sleep(lease + 0.5)  # no heartbeat can come from a killed process
    status = cli_main("--config", config, "status", "--json")
    assert status.code == 0, status.stderr
    (killed,) = json.loads(status.stdout)["runs"]
    assert killed["status"] == "abandoned"

    rerun(tmp_path, database_url, site, lease)  # not naming the source: it was given back
    assert stored_articles(database_url) == PAGES
    assert run_statuses(database_url) == ["abandoned", "completed"]


def test_a_run_without_heartbeat_is_abandoned_and_its_sources_due_again(
    site: NewsSite, database_url: str, tmp_path: Path
) -> None:
    """What a killed run leaves, made without a kill: a source claimed by a run whose last
    heartbeat is older than the lease. The next run closes it as abandoned and polls the source
    at once, though the claim would have held it for the whole poll interval."""
    lease = 60
    settings = load_settings(configure(tmp_path, database_url, site, pool=False, lease=lease))
    upgrade(database_url)
    polling.sync_configured_sources(settings)
    killed = runs.begin_run(settings, "ingest", "manual", {})
    assert polling.due_source_ids(settings, run_id=killed)
    still_running = runs.begin_run(settings, "ingest", "manual", {})
    with session_scope(database_url) as session:
        session.execute(
            update(Run)
            .where(Run.id.in_([killed, still_running]))
            .values(heartbeat_at=utcnow() - timedelta(seconds=lease - 30))
        )
        session.execute(
            update(Run)
            .where(Run.id == killed)
            .values(heartbeat_at=utcnow() - timedelta(seconds=lease + 1))
        )
        shown = source_reads.recent_runs(session, stale_before=utcnow() - timedelta(seconds=lease))
    assert [run.status for run in shown] == ["running", "abandoned"]
    assert polling.due_source_ids(settings) == []  # still claimed by the killed run

    counters = rerun(tmp_path, database_url, site, lease)

    assert counters["pages_new_article"] == PAGES
    assert run_statuses(database_url) == ["abandoned", "running", "completed"]
    with session_scope(database_url) as session:
        assert session.scalars(select(Source.claimed_by_run_id)).all() == [None]


@pytest.mark.usefixtures("prefect_server")
def test_sigterm_stops_a_pass_run_through_prefect_with_one_line(
    site: NewsSite, sqlite_url: str, tmp_path: Path
) -> None:
    """With a Prefect API the pass is a flow run, whose SIGTERM Prefect handles first."""
    config = configure(tmp_path, sqlite_url, site, pool=False)
    upgrade(sqlite_url)
    env = environment(
        tmp_path, PREFECT_API_URL=str(PREFECT_API_URL.value()), PREFECT_LOGGING_LEVEL="WARNING"
    )
    process = start(config, env, "ingest", "--once")
    wait_mid_pass(process, sqlite_url, site)

    signalled = time.monotonic()
    process.terminate()  # as a service manager stops it
    _, stderr = process.communicate(timeout=60)
    stopped_after = time.monotonic() - signalled

    assert process.returncode == 143, stderr
    assert stopped_after < STOP_WITHIN
    assert stderr.splitlines() == [
        "interrupted by SIGTERM: ingest run 1 stopped, nothing lost; "
        "run the command again to finish"
    ]
    with session_scope(sqlite_url) as session:
        (stopped,) = source_reads.recent_runs(session)
    assert stopped.status == "interrupted" and stopped.prefect_flow_run_id is not None


@pytest.mark.usefixtures("prefect_server")
@pytest.mark.parametrize("stop", ["ctrl-c", "sigterm"])
def test_serve_stops_on_ctrl_c_and_sigterm_without_traceback(
    stop: str, sqlite_url: str, tmp_path: Path
) -> None:
    config = tmp_path / "claimledger.toml"
    config.write_text(f"database_url = {sqlite_url!r}\n")
    env = environment(tmp_path, PREFECT_API_URL=str(PREFECT_API_URL.value()))
    process = start(config, env, "serve")
    assert process.stdout is not None
    for line in process.stdout:
        if "being served" in line:
            break
    else:
        pytest.fail(f"serve ended (status {process.wait()}): {process.communicate()}")

    if stop == "ctrl-c":
        os.killpg(process.pid, signal.SIGINT)
    else:
        process.terminate()
    _, stderr = process.communicate(timeout=60)

    assert process.returncode == 0, stderr
    for noise in ("Traceback", "Warning", "ERROR"):
        assert noise not in stderr, stderr


@pytest.mark.parametrize(
    ("error", "reported"),
    [
        (BaseExceptionGroup("unhandled errors in a TaskGroup", [SystemExit(0)]), False),
        (SystemExit(0), False),
        (BaseExceptionGroup("unhandled errors in a TaskGroup", [SystemExit(1)]), True),
        (RuntimeError("the API is down"), True),
    ],
)
def test_serve_is_quiet_about_the_runners_clean_exit_only(
    error: BaseException, reported: bool, caplog: pytest.LogCaptureFixture
) -> None:
    """Prefect's SIGTERM handler exits with 0 inside a running task; asyncio's report of that
    at shutdown is dropped, any other error is kept."""
    quiet = _QuietAboutCleanExit()
    logging.getLogger("asyncio").addFilter(quiet)
    loop = asyncio.new_event_loop()
    try:
        with caplog.at_level(logging.ERROR, logger="asyncio"):
            loop.call_exception_handler(
                {"message": "unhandled exception during asyncio.run() shutdown", "exception": error}
            )
    finally:
        loop.close()
        logging.getLogger("asyncio").removeFilter(quiet)
    assert bool(caplog.records) is reported
