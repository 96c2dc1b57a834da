"""The command line at its edges (issue 14): first runs at once, missing ledgers, lost
databases, failing sources, mistyped settings and credentials, on SQLite and PostgreSQL.

Concurrency and lost-database cases run the real `claimledger` command as subprocesses; the
rest call the console entry point in this process (`cli_main`), which is the code the installed
script runs.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy

from storage.db import current_revision, get_engine, head_revision
from tests.conftest import CliMain, write_config

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
            "postgresql+psycopg:u:***@127.0.0.1/x",
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
