"""The command line at its edges (issue 14): first runs at once, missing ledgers, lost
databases, failing sources, mistyped settings and credentials, on SQLite and PostgreSQL.

Concurrency and lost-database cases run the real `claimledger` command as subprocesses; the
rest call the console entry point in this process (`cli_main`), which is the code the installed
script runs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy
from prefect.settings import PREFECT_API_URL
from pytest_httpserver import HTTPServer
from sqlalchemy.engine import make_url
from werkzeug import Request, Response

from intake.urls import redact_url
from storage import source_reads
from storage.db import current_revision, get_engine, head_revision, session_scope
from tests.conftest import POSTGRES_URL, CliMain, write_config
from tests.pages import article_html, rss_feed, story

COURIER_FEED = "https://courier.example.org/world/rss.xml"


def cli_env(tmp_path: Path, **variables: str) -> dict[str, str]:
    """The environment of a `claimledger` subprocess: no stray CLAIMLEDGER_* of the caller."""
    prefect_home = tmp_path / "prefect-home"
    prefect_home.mkdir(exist_ok=True)
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("CLAIMLEDGER_")},
        "PREFECT_HOME": str(prefect_home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        **variables,
    }


def start_cli(config: Path, env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "claimledger", "--config", str(config), *args],
        env=env,
        cwd=config.parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def flow_env(tmp_path: Path) -> dict[str, str]:
    """A subprocess that runs a flow: on the session's Prefect server, warnings and worse only
    (Prefect's INFO lines about the run are not the command's report)."""
    return cli_env(
        tmp_path, PREFECT_API_URL=str(PREFECT_API_URL.value()), PREFECT_LOGGING_LEVEL="WARNING"
    )


def source_names(database_url: str) -> list[str]:
    engine = sqlalchemy.create_engine(database_url)
    try:
        with engine.connect() as connection:
            names = connection.execute(sqlalchemy.text("SELECT name FROM sources ORDER BY name"))
            return [name for (name,) in names]
    finally:
        engine.dispose()


# --- 4. first runs at once ---------------------------------------------------------------------


def test_four_first_runs_at_once_on_a_fresh_database_all_succeed(
    database_url: str, tmp_path: Path
) -> None:
    """Four processes create the schema of one fresh database at once: a lock serialises the
    migration (a file lock beside the SQLite file, an advisory lock on PostgreSQL), so each
    either migrates or finds it done, and every command succeeds."""
    config = write_config(tmp_path, database_url)
    env = cli_env(tmp_path)

    processes = [
        start_cli(config, env, "sources", "add", f"feed-{n}", f"{COURIER_FEED}?n={n}")
        for n in range(4)
    ]
    finished = [(process.wait(timeout=180), *process.communicate()) for process in processes]

    for code, _stdout, stderr in finished:
        assert code == 0, stderr
        assert "Traceback" not in stderr and "already exists" not in stderr
    assert source_names(database_url) == [f"feed-{n}" for n in range(4)]
    assert current_revision(get_engine(database_url)) == head_revision()


# --- 6. readers never create a ledger ----------------------------------------------------------

READERS = [
    ["status"],
    ["articles", "list"],
    ["articles", "show", COURIER_FEED],
    ["articles", "history", COURIER_FEED],
    ["articles", "diff", COURIER_FEED],
    ["claims", "list"],
    ["claims", "groups"],
    ["claims", "timeline", "--source", "officials", "--category", "people"],
    ["clusters", "list"],
    ["clusters", "show", "1"],
    ["sources", "list", "--json"],
    ["sources", "disable", "courier"],
    ["sources", "enable", "courier"],
    ["backfill", "status"],
]


@pytest.mark.parametrize("where", ["missing file", "missing folder"])
def test_readers_never_create_a_ledger(
    where: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli_main: CliMain
) -> None:
    monkeypatch.chdir(tmp_path)
    ledger = tmp_path / "ledger.db" if where == "missing file" else tmp_path / "no" / "ledger.db"
    config = write_config(tmp_path, f"sqlite:///{ledger}")

    for command in READERS:
        exited = cli_main("--config", config, *command)

        line = exited.assert_one_line_error(3, "database error:")
        assert line == f"database error: no ledger at {ledger}", command
        assert exited.stdout == ""
        assert not ledger.exists() and not ledger.parent.joinpath("ledger.db.lock").exists()
        assert ledger.parent.exists() == (where == "missing file"), command


def test_a_relative_missing_ledger_is_named_by_its_full_path(tmp_path: Path) -> None:
    """Through the real command: the default `sqlite:///claimledger.db` in an empty folder."""
    completed = subprocess.run(
        [sys.executable, "-m", "claimledger", "articles", "list"],
        cwd=tmp_path,
        env=cli_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert completed.returncode == 3, completed.stderr
    assert completed.stderr == f"database error: no ledger at {tmp_path / 'claimledger.db'}\n"
    assert list(tmp_path.glob("claimledger.db*")) == []


@pytest.mark.parametrize(
    "writer",
    [["db", "upgrade"], ["sources", "add", "courier", COURIER_FEED]],
)
def test_writers_create_the_ledger_and_its_folder(
    writer: list[str], tmp_path: Path, cli_main: CliMain
) -> None:
    ledger = tmp_path / "new" / "folder" / "ledger.db"
    config = write_config(tmp_path, f"sqlite:///{ledger}")

    assert cli_main("--config", config, *writer).code == 0
    readers = [cli_main("--config", config, *command).code for command in (["status"], READERS[1])]

    assert ledger.is_file()
    assert readers == [0, 0]


# --- 9. credentials in database URLs ------------------------------------------------------------


@pytest.mark.parametrize(
    ("database_url", "shown", "reason"),
    [
        (
            "postgresql+psycopg:u:s3cret@127.0.0.1/x",
            "postgresql+psycopg:***@127.0.0.1/x",
            "is not a URL",
        ),
        (
            "postgresql+psycopg://u:s3cret@127.0.0.1:abc/x",
            "postgresql+psycopg://u:***@127.0.0.1:abc/x",
            "is not valid: the port is not a number",
        ),
    ],
)
def test_a_malformed_database_url_is_one_line_with_its_password_masked(
    database_url: str,
    shown: str,
    reason: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    cli_main: CliMain,
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CLAIMLEDGER_DATABASE_URL", database_url)

    for command in (["status"], ["db", "upgrade"]):
        line = cli_main(*command).assert_one_line_error(2, "configuration error:")

        assert "s3cret" not in line
        assert f"database_url {shown!r} {reason}" in line


# --- 5. a database lost mid-run ----------------------------------------------------------------

PAGES = 6
LOST_AT_PAGE = 3


def serve_news_that_loses_the_database(httpserver: HTTPServer, lose: Callable[[], None]) -> str:
    """A feed of PAGES articles; serving article LOST_AT_PAGE first takes the database away,
    so the run loses it between storing one batch of pages and the next."""
    when = datetime(2026, 3, 1, 8, tzinfo=UTC)
    items = []
    for number in range(1, PAGES + 1):
        path = f"/news/{number}"
        page = article_html(f"Floods reach valley {number}", story(f"floods {number}", number))

        def respond(_request: Request, page: str = page, number: int = number) -> Response:
            if number == LOST_AT_PAGE:
                lose()
            return Response(page, content_type="text/html; charset=utf-8")

        httpserver.expect_request(path).respond_with_handler(respond)
        items.append((httpserver.url_for(path), f"Floods {number}", when + timedelta(hours=number)))
    httpserver.expect_request("/feed.xml").respond_with_data(
        rss_feed(items), content_type="application/rss+xml"
    )
    return httpserver.url_for("/feed.xml")


def ingest_losing_the_database(
    tmp_path: Path, httpserver: HTTPServer, database_url: str, lose: Callable[[], None]
) -> subprocess.CompletedProcess[str]:
    feed = serve_news_that_loses_the_database(httpserver, lose)
    extra = f'[ingest]\nbatch_size = 2\n[[sources]]\nname = "valley"\nurl = "{feed}"\n'
    config = write_config(tmp_path, database_url, extra)
    return subprocess.run(
        [sys.executable, "-m", "claimledger", "--config", str(config), "ingest", "--once"],
        env=flow_env(tmp_path),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )


def assert_reported_in_one_line(
    completed: subprocess.CompletedProcess[str], database_url: str, secret: str | None = None
) -> str:
    assert completed.returncode == 3, completed.stderr
    lines = completed.stderr.splitlines()
    assert len(lines) == 1, completed.stderr
    assert lines[0].startswith(f"database error: {redact_url(database_url)}: "), lines[0]
    if secret:
        assert secret not in completed.stderr and ":***@" in lines[0]
    return lines[0]


@pytest.mark.usefixtures("prefect_server")
def test_a_sqlite_ledger_made_immutable_mid_run_is_exit_3_and_one_line(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    """chattr +i (even root cannot write then) on the ledger and its write-ahead log while
    the run stores pages: the failure inside a Prefect task is one line, not hundreds."""
    if os.geteuid() != 0:
        pytest.skip("making a file immutable (chattr +i) needs root")
    ledger = tmp_path / "ledger.db"
    files = [str(ledger), f"{ledger}-wal"]

    def make_immutable() -> None:
        subprocess.run(["chattr", "+i", *files], check=True)

    try:
        completed = ingest_losing_the_database(
            tmp_path, httpserver, f"sqlite:///{ledger}", make_immutable
        )
    finally:
        subprocess.run(["chattr", "-i", *files], check=False)

    line = assert_reported_in_one_line(completed, f"sqlite:///{ledger}")
    assert line.endswith(("disk I/O error", "attempt to write a readonly database")), line


@pytest.mark.usefixtures("prefect_server", "postgres_available")
def test_a_postgresql_database_dropped_mid_run_is_exit_3_and_one_line_password_masked(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    """DROP DATABASE ... WITH (FORCE) while the run stores pages: its connections are cut and
    reconnecting fails; the password in the URL never reaches the report."""
    scratch = f"claimledger_lost_{uuid.uuid4().hex[:10]}"
    url = make_url(POSTGRES_URL).set(database=scratch)
    secret = url.password or "s3cret-pw"  # trust authentication ignores an added password
    database_url = url.set(password=secret).render_as_string(hide_password=False)
    admin = sqlalchemy.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(sqlalchemy.text(f'DROP DATABASE "{scratch}" WITH (FORCE)'))

    with admin.connect() as connection:
        connection.execute(sqlalchemy.text(f'CREATE DATABASE "{scratch}"'))
    try:
        completed = ingest_losing_the_database(tmp_path, httpserver, database_url, drop)
    finally:
        with admin.connect() as connection:
            connection.execute(sqlalchemy.text(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)'))
        admin.dispose()

    line = assert_reported_in_one_line(completed, database_url, secret)
    assert f'database "{scratch}" does not exist' in line or "terminat" in line, line


# --- 7. exit status and wording ----------------------------------------------------------------

UNRESOLVABLE_FEED = "http://no-such-host.invalid/feed.xml"


@pytest.mark.usefixtures("prefect_server")
def test_ingest_says_how_many_sources_failed_and_exits_1_when_all_did(
    database_url: str, tmp_path: Path, httpserver: HTTPServer, cli_main: CliMain
) -> None:
    """One source answers, one names a host that does not resolve; robots.txt is respected,
    so the unresolvable host fails on its robots.txt first: the cause is still the host."""
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/feed.xml").respond_with_data(
        rss_feed([]), content_type="application/rss+xml"
    )
    extra = (
        f'[[sources]]\nname = "up"\nurl = "{httpserver.url_for("/feed.xml")}"\n'
        f'[[sources]]\nname = "nowhere"\nurl = "{UNRESOLVABLE_FEED}"\n'
    )
    config = write_config(tmp_path, database_url, extra)
    config.write_text(config.read_text().replace("respect_robots = false", "respect_robots = true"))

    some = cli_main("--config", config, "ingest", "--once", "--json")
    listed = cli_main("--config", config, "sources", "list", "--json")
    every = cli_main("--config", config, "ingest", "--once", "--source", "nowhere")

    report = "1 of 2 polled sources failed; 'claimledger sources list' says why"
    assert some.code == 0 and some.stderr.splitlines()[-1] == f"warning: {report}"
    assert json.loads(some.stdout)["sources_dns_error"] == 1
    nowhere = {source["name"]: source for source in json.loads(listed.stdout)}["nowhere"]
    assert nowhere["last_status"] == "dns_error"
    assert nowhere["last_error"].startswith(
        f"{UNRESOLVABLE_FEED}: cannot resolve host no-such-host.invalid ("
    )
    assert "robots" not in nowhere["last_error"]
    assert every.code == 1
    assert every.stderr.splitlines()[-1] == (
        "error: 1 of 1 polled sources failed; 'claimledger sources list' says why"
    )


def test_an_unknown_claimledger_variable_is_one_warning_with_the_nearest_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli_main: CliMain
) -> None:
    config = write_config(tmp_path, f"sqlite:///{tmp_path / 'ledger.db'}")
    assert cli_main("--config", config, "db", "upgrade").code == 0
    monkeypatch.setenv("CLAIMLEDGER_INGEST_BATCH_SISE", "5")
    monkeypatch.setenv("CLAIMLEDGER_COLOUR", "blue")
    monkeypatch.setenv("CLAIMLEDGER_TEST_ANYTHING", "the test suite's own")  # never warned of

    exited = cli_main("--config", config, "status", "--json")

    assert exited.code == 0
    assert exited.stderr.splitlines() == [
        "warning: unknown environment variable CLAIMLEDGER_COLOUR is ignored",
        "warning: unknown environment variable CLAIMLEDGER_INGEST_BATCH_SISE "
        "(did you mean 'CLAIMLEDGER_INGEST_BATCH_SIZE'?) is ignored",
    ]
    assert json.loads(exited.stdout)["counts"]["sources"] == 0


# --- 9. credentials in feed URLs ----------------------------------------------------------------

SECRET = "s3cret-Pw"


@pytest.mark.usefixtures("prefect_server")
def test_feed_passwords_are_never_shown_logged_or_stored_as_reasons(
    database_url: str,
    tmp_path: Path,
    httpserver: HTTPServer,
    cli_main: CliMain,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Feeds behind `user:password@`: failing outright, redirecting to another credentialed
    URL that fails, on a host that does not resolve, and added twice. The password stays in
    the stored source URL (to fetch with) and nowhere else: not in any command's output, log
    record, stored reason (fetch log, source, run) or read model of the web pages."""
    port = httpserver.port
    httpserver.expect_request("/private.xml").respond_with_data("down", status=503)
    httpserver.expect_request("/moved.xml").respond_with_data(
        "", status=302, headers={"Location": f"http://other:{SECRET}@127.0.0.1:{port}/gone.xml"}
    )
    httpserver.expect_request("/gone.xml").respond_with_data("gone", status=500)
    feeds = {
        "private": f"http://reader:{SECRET}@127.0.0.1:{port}/private.xml",
        "moved": f"http://reader:{SECRET}@127.0.0.1:{port}/moved.xml",
        "nowhere": f"http://reader:{SECRET}@no-such-host.invalid/feed.xml",
    }
    extra = "".join(f'[[sources]]\nname = "{n}"\nurl = "{u}"\n' for n, u in feeds.items())
    config = write_config(tmp_path, database_url, extra)
    added_url = f"http://reader:{SECRET}@127.0.0.1:{port}/added.xml"

    with caplog.at_level("INFO"):  # DEBUG traces of the HTTP library echo raw headers
        commands = [
            cli_main("--config", config, "ingest", "--once"),
            cli_main("--config", config, "sources", "add", "added", added_url),
            cli_main("--config", config, "sources", "add", "again", added_url),
            cli_main("--config", config, "sources", "list"),
            cli_main("--config", config, "sources", "list", "--json"),
            cli_main("--config", config, "status"),
            cli_main("--config", config, "status", "--json"),
        ]

    assert [exited.code for exited in commands] == [1, 0, 1, 0, 0, 0, 0]
    for exited in commands:
        assert SECRET not in exited.stdout + exited.stderr, exited
    assert SECRET not in caplog.text
    listed = {source["name"]: source for source in json.loads(commands[4].stdout)}
    assert listed["added"]["url"] == f"http://reader:***@127.0.0.1:{port}/added.xml"
    assert (
        listed["moved"]["last_error"]
        == (
            f"http://reader:***@127.0.0.1:{port}/moved.xml (redirected to "
            f"http://other:***@127.0.0.1:{port}/gone.xml): HTTP 500"
        )
        or "other:***@" in listed["moved"]["last_error"]
    )
    assert listed["nowhere"]["last_error"].startswith(
        "http://reader:***@no-such-host.invalid/feed.xml: cannot resolve host"
    )
    engine = sqlalchemy.create_engine(database_url)
    try:
        with engine.connect() as connection:
            stored = (
                connection.execute(
                    sqlalchemy.text(
                        "SELECT error FROM fetch_log UNION ALL SELECT last_error FROM sources "
                        "UNION ALL SELECT error FROM runs"
                    )
                )
                .scalars()
                .all()
            )
            urls = connection.execute(sqlalchemy.text("SELECT url FROM sources")).scalars().all()
    finally:
        engine.dispose()
    assert "reader:***@" in " ".join(map(str, stored)) and SECRET not in " ".join(map(str, stored))
    assert sum(f"reader:{SECRET}@" in url for url in urls) == 4  # kept, to fetch with
    with session_scope(database_url) as session:  # what the web pages show
        shown = (
            source_reads.source_health(session),
            [source_reads.source_entries(session, name) for name in feeds],
            source_reads.recent_runs(session),
        )
    assert SECRET not in repr(shown) and "reader:***@" in repr(shown)
