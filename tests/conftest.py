"""Shared fixtures: real SQLite and PostgreSQL databases, settings, and one Prefect test server.

PostgreSQL tests connect to CLAIMLEDGER_TEST_POSTGRES_URL (default: the local trust-auth server).
Each test gets its own schema, dropped afterwards. When the server is unreachable the tests skip,
except under CI=true, where they fail: CI must exercise PostgreSQL.
"""

from __future__ import annotations

import os
import sys
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

_PREFECT_HOME = tempfile.mkdtemp(prefix="claimledger-prefect-")
os.environ["PREFECT_HOME"] = _PREFECT_HOME
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
for _name in [name for name in os.environ if name.startswith("CLAIMLEDGER_")]:
    if _name != "CLAIMLEDGER_TEST_POSTGRES_URL":
        del os.environ[_name]
# The console's width is read when claimledger.output is imported, from COLUMNS if it is set
# (pytest-xdist's workers inherit COLUMNS=80): tests that need a width set it themselves.
for _name in ("COLUMNS", "LINES"):
    os.environ.pop(_name, None)

import pytest  # noqa: E402
import sqlalchemy  # noqa: E402

from claimledger import pool  # noqa: E402
from claimledger.settings import Settings, load_settings  # noqa: E402
from storage.db import dispose_engines, upgrade  # noqa: E402

POSTGRES_URL = os.environ.get(
    "CLAIMLEDGER_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def pytest_configure(config: pytest.Config) -> None:
    """Markers defined here rather than in pyproject.toml, beside the fixtures they go with."""
    config.addinivalue_line(
        "markers",
        "integration: starts real services (Prefect server, workers) as subprocesses; slow",
    )


def _postgres_problem() -> str | None:
    try:
        engine = sqlalchemy.create_engine(POSTGRES_URL)
        with engine.connect() as connection:
            connection.execute(sqlalchemy.text("SELECT 1"))
        engine.dispose()
    except Exception as error:  # any failure to connect means the same thing here
        return f"PostgreSQL at {POSTGRES_URL} is unreachable: {str(error).splitlines()[0]}"
    return None


@pytest.fixture(scope="session")
def postgres_available() -> None:
    problem = _postgres_problem()
    if problem is None:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{problem} (CI=true: PostgreSQL tests must run, not skip)")
    pytest.skip(problem)


def sqlite_url_in(directory: Path) -> str:
    return f"sqlite:///{directory / 'ledger.db'}"


@contextmanager
def postgres_schema() -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a fresh schema, dropped when the block ends."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sqlalchemy.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sqlalchemy.text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in POSTGRES_URL else "?"
    try:
        yield f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}"
    finally:
        dispose_engines()
        with admin.connect() as connection:
            connection.execute(sqlalchemy.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def postgres_url(postgres_available: None) -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a fresh schema of this test's own."""
    with postgres_schema() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Each test that takes this runs twice: on a SQLite file and on a PostgreSQL schema."""
    if request.param == "sqlite":
        yield sqlite_url_in(tmp_path)
        dispose_engines()
    else:
        yield request.getfixturevalue("postgres_url")


@pytest.fixture
def sqlite_url(tmp_path: Path) -> Iterator[str]:
    yield sqlite_url_in(tmp_path)
    dispose_engines()


# Timeouts with room for a loaded machine (a loopback page once took over a second to answer
# while both cores were busy); a test whose pages are slow on purpose uses the short ones.
TEST_HTTP_SETTINGS = """
[http]
min_host_delay = 0.0
connect_timeout = 2.0
read_timeout = 5.0
total_timeout = 10.0
respect_robots = false
allowed_networks = ["127.0.0.0/8", "::1"]  # the loopback test servers
"""
SHORT_TIMEOUT_HTTP_SETTINGS = TEST_HTTP_SETTINGS.replace(
    "read_timeout = 5.0\ntotal_timeout = 10.0", "read_timeout = 1.0\ntotal_timeout = 3.0"
)


# Tests extract pages inline (no process pool to spawn) unless they ask for the pool with
# `[ingest] extract_processes = 2` in `extra`: that table comes later and overrides this key.
TEST_INLINE_EXTRACTION = "ingest_extract_processes = 1\n"


def write_config(
    directory: Path, database_url: str, extra: str = "", http: str = TEST_HTTP_SETTINGS
) -> Path:
    """A real claimledger.toml for a test: its database, no politeness delay, tiny timeouts
    (``http`` replaces the HTTP settings for a test whose pages are slow on purpose)."""
    path = directory / "claimledger.toml"
    path.write_text(f"database_url = {database_url!r}\n{TEST_INLINE_EXTRACTION}{http}\n{extra}\n")
    return path


@pytest.fixture
def config_path(database_url: str, tmp_path: Path) -> Path:
    return write_config(tmp_path, database_url)


@pytest.fixture
def settings(config_path: Path) -> Settings:
    loaded = load_settings(config_path)
    upgrade(loaded.database_url)
    return loaded


@pytest.fixture(scope="session")
def prefect_server() -> Iterator[None]:
    """One temporary Prefect server for the whole session (starting one takes seconds)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


# --- the console entry point -------------------------------------------------------------------


@dataclass(frozen=True)
class Exited:
    code: int | str | None
    stdout: str
    stderr: str

    def assert_one_line_error(self, code: int, prefix: str) -> str:
        """The failure the entry point promises: this exit code and one stderr line."""
        assert self.code == code, self
        lines = self.stderr.splitlines()
        assert len(lines) == 1, self.stderr
        assert lines[0].startswith(prefix), lines[0]
        return lines[0]


CliMain = Callable[..., Exited]


@pytest.fixture
def cli_main(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> CliMain:
    """Call the console entry point with these arguments; returns its exit code and output."""

    def run(*args: str | Path) -> Exited:
        monkeypatch.setattr(sys, "argv", ["claimledger", *map(str, args)])
        with pytest.raises(SystemExit) as exited:
            from claimledger.cli import main

            main()
        captured = capsys.readouterr()
        return Exited(exited.value.code, captured.out, captured.err)

    return run


def discard_extract_pool(processes: int) -> None:
    """Shut this process's extraction pool of `processes` down and forget it, so that a test
    starts (and leaves the next one) without one; a running program keeps its pool until exit."""
    with pool._extract_pools_lock:
        executor = pool._extract_pools.pop(processes, None)
    if executor is not None:
        executor.shutdown(wait=False, cancel_futures=True)
