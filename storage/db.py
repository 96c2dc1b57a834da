"""Connecting to the database and bringing its schema up to date.

SQLite is the default (one file, zero setup); PostgreSQL is for production and several workers.
Both are reached through the same engine factory so the rest of the code never branches on the
dialect, except for the upsert helpers in `storage.inserts`.
"""

from __future__ import annotations

import fcntl
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, ExceptionContext, make_url
from sqlalchemy.exc import (
    ArgumentError,
    DBAPIError,
    InterfaceError,
    OperationalError,
    SQLAlchemyError,
)
from sqlalchemy.orm import Session, sessionmaker

from intake.urls import redact_url

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 30_000
# Any constant works; it only has to be the same for every claimledger process on one server.
POSTGRES_MIGRATION_LOCK_KEY = 0x636C_6169_6D6C


class DatabaseUnusable(RuntimeError):
    """The database cannot be reached or used; the message names it and says why.

    Storage's own error (storage imports nothing above it): the library reports it as
    `claimledger.errors.DatabaseError`, the one class its users see, with this as its cause."""


def database_failure(error: BaseException) -> DatabaseUnusable | None:
    """The `DatabaseUnusable` behind an error, however deep: Prefect re-raises a task's error in
    the flow, and a run's bookkeeping may fail again while handling it."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        if isinstance(current, DatabaseUnusable):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


def lost_conflict(error: BaseException) -> bool:
    """Whether a transaction failed only because it lost a deadlock or serialization conflict
    to a concurrent one (PostgreSQL aborts one of them): running it again is the remedy."""
    code = getattr(getattr(error, "orig", None), "sqlstate", None)
    return code in _CONFLICT_SQLSTATES


# deadlock_detected, serialization_failure
_CONFLICT_SQLSTATES = frozenset({"40P01", "40001"})

# PostgreSQL errors that mean the ledger itself is gone or out of reach, whatever the
# statement: connection exceptions (08), insufficient resources (53, e.g. disk full), operator
# intervention (57, e.g. the database dropped or the server shut down), system errors (58),
# and its schema or tables gone (3D000, 3F000, 42P01) or writes refused (25006, read-only).
_UNAVAILABLE_SQLSTATE_CLASSES = frozenset({"08", "53", "57", "58"})
_UNAVAILABLE_SQLSTATES = frozenset({"3D000", "3F000", "42P01", "25006"})


def database_unavailable(error: BaseException) -> bool:
    """Whether a driver error means the database cannot be used any more (gone, dropped,
    unreachable, read-only, corrupt) rather than that one statement was wrong.

    OperationalError and InterfaceError are that by the DB-API's definition (SQLite's "no such
    table" of a deleted file and "attempt to write a readonly database" included), except the
    conflicts `lost_conflict` retries; for other errors PostgreSQL's SQLSTATE decides, and a
    plain sqlite3.DatabaseError is a file that is not (or no longer) a database.
    """
    if not isinstance(error, DBAPIError) or lost_conflict(error):
        return False
    if isinstance(error, OperationalError | InterfaceError):
        return True
    sqlstate = getattr(error.orig, "sqlstate", None) or ""
    if sqlstate in _UNAVAILABLE_SQLSTATES or sqlstate[:2] in _UNAVAILABLE_SQLSTATE_CLASSES:
        return True
    return type(error.orig) is sqlite3.DatabaseError


def _first_line(error: BaseException) -> str:
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return lines[0] if lines else type(error).__name__


def _report_unusable_database(database_url: str) -> Any:
    """An engine's `handle_error` hook: a database that cannot be used any more, at whatever
    depth of a run (a Prefect task, a flow's bookkeeping), becomes one `DatabaseUnusable` naming
    the database with its password masked, which the command line reports in one line."""

    def report(context: ExceptionContext) -> None:
        error = context.sqlalchemy_exception
        if context.is_pre_ping or error is None or not database_unavailable(error):
            return
        reason = _first_line(context.original_exception)
        if context.connection is None:  # failed while opening a connection
            reason = f"cannot connect: {reason}"
        raise DatabaseUnusable(f"{redact_url(database_url)}: {reason}") from None

    return report


def sqlite_file(database_url: str) -> Path | None:
    """The file of a SQLite database URL; None for other databases and in-memory SQLite."""
    try:
        url = make_url(database_url)
    except (ArgumentError, ValueError):
        return None
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    if url.database.startswith("file:"):  # a URI filename (?uri=true): not a plain path
        return None
    return Path(url.database).expanduser()


def require_ledger(database_url: str) -> None:
    """Fail unless the ledger exists: commands that only read must not create an empty one.

    A SQLite file that is missing (or whose folder is) is "no ledger"; a PostgreSQL database
    that is missing fails to connect, which is reported as such when the command connects.
    """
    path = sqlite_file(database_url)
    if path is not None and not path.is_file():
        raise DatabaseUnusable(f"no ledger at {path.absolute()}")


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    """WAL lets readers read while one writer writes; busy_timeout makes a second writer wait."""
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()


def get_engine(database_url: str) -> Engine:
    """One engine per database URL and process, created on first use."""
    return _cached_engine(_engines, database_url, _create_engine)


def _cached_engine(
    cache: dict[str, Engine], database_url: str, create: Callable[[str], Engine]
) -> Engine:
    """The engine ``cache`` holds for ``database_url``, made by ``create`` on first use."""
    with _engines_lock:
        engine = cache.get(database_url)
        if engine is None:
            engine = create(database_url)
            cache[database_url] = engine
        return engine


def _parse_url(database_url: str) -> URL:
    """The parsed URL, or a DatabaseUnusable that shows it with its password masked."""
    try:
        return make_url(database_url)
    except (ArgumentError, ValueError) as error:
        raise DatabaseUnusable(
            f"database URL {redact_url(database_url)!r} is not valid: {error}"
        ) from None


def _create_engine(database_url: str) -> Engine:
    url = _parse_url(database_url)
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            folder = Path(url.database).expanduser().parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise DatabaseUnusable(
                    f"{redact_url(database_url)}: cannot create the folder {folder}: "
                    f"{error.strerror}"
                ) from None
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _configure_sqlite)
    else:
        try:
            engine = create_engine(url, pool_pre_ping=True)
        except (ArgumentError, ImportError) as error:
            raise DatabaseUnusable(
                f"{redact_url(database_url)}: cannot create engine: {error}"
            ) from None
    event.listen(engine, "handle_error", _report_unusable_database(database_url))
    return engine


def dispose_engines() -> None:
    """Close every pooled connection (tests and forked workers call this)."""
    with _engines_lock:
        for engine in [*_engines.values(), *_read_only_engines.values()]:
            engine.dispose()
        _engines.clear()
        _read_only_engines.clear()


# --- read-only access (the web application) ------------------------------------------------------

_read_only_engines: dict[str, Engine] = {}


def _configure_read_only_sqlite(dbapi_connection: Any, _record: Any) -> None:
    """query_only refuses every write on top of the read-only open; no journal_mode change (a
    write) either: the writers have already put the file in WAL mode."""
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA query_only = ON")
    cursor.close()


def _configure_read_only_postgres(dbapi_connection: Any, _record: Any) -> None:
    """Every transaction of this connection is READ ONLY: PostgreSQL refuses writes in them."""
    cursor = dbapi_connection.cursor()
    cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
    cursor.close()
    dbapi_connection.commit()


def read_only_engine(database_url: str) -> Engine:
    """An engine whose connections cannot write, one per database URL and process.

    SQLite: the file is opened with `mode=ro` (the operating system's read-only open) and
    `PRAGMA query_only`; PostgreSQL: each session's transactions are READ ONLY. Whatever a
    caller executes through it, the database refuses to change.
    """
    return _cached_engine(_read_only_engines, database_url, _create_read_only_engine)


def _create_read_only_engine(database_url: str) -> Engine:
    url = _parse_url(database_url)
    if url.get_backend_name() == "sqlite":
        path = sqlite_file(database_url)
        if path is None:
            raise DatabaseUnusable(
                f"{database_url}: a read-only view needs a SQLite file, not an in-memory database"
            )
        read_only_url = URL.create(
            url.drivername,
            database=f"file:{quote(str(path.absolute()))}",
            query={"mode": "ro", "uri": "true"},
        )
        engine = create_engine(
            read_only_url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
        )
        event.listen(engine, "connect", _configure_read_only_sqlite)
        return engine
    try:
        engine = create_engine(url, pool_pre_ping=True)
    except (ArgumentError, ImportError) as error:
        raise DatabaseUnusable(
            f"{redact_url(database_url)}: cannot create engine: {error}"
        ) from None
    event.listen(engine, "connect", _configure_read_only_postgres)
    return engine


def require_current_schema(database_url: str) -> None:
    """Fail unless the ledger's schema is the newest this code knows: a reader cannot migrate
    it, so it says which command does."""
    try:
        found = current_revision(read_only_engine(database_url))
    except OperationalError as error:
        reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        raise DatabaseUnusable(f"{redact_url(database_url)}: cannot connect: {reason}") from None
    except SQLAlchemyError as error:
        raise DatabaseUnusable(f"{redact_url(database_url)}: {error}") from None
    if found != head_revision():
        raise DatabaseUnusable(
            f"{redact_url(database_url)}: the schema is at revision {found or 'none'}, not "
            f"{head_revision()}: run 'claimledger db upgrade' first"
        )


@contextmanager
def read_only_session_scope(database_url: str) -> Iterator[Session]:
    """A session that can only read: its transaction is always rolled back, never committed."""
    session = Session(read_only_engine(database_url))
    try:
        yield session
    finally:
        session.rollback()
        session.close()


def _alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def head_revision() -> str | None:
    """The newest migration this code knows."""
    script = ScriptDirectory.from_config(_alembic_config(create_engine("sqlite://")))
    return script.get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


@contextmanager
def _migration_lock(engine: Engine, database_url: str) -> Iterator[None]:
    """Held while migrating, so that two first runs never both create the schema.

    PostgreSQL: a session advisory lock. SQLite: an exclusive lock on a file beside the
    database (`ledger.db.lock`), taken with flock: SQLite's own locks cannot span Alembic's
    several transactions, and the lock file is left in place (deleting it would race).
    """
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            connection.execute(
                text("SELECT pg_advisory_lock(:key)"), {"key": POSTGRES_MIGRATION_LOCK_KEY}
            )
            try:
                yield
            finally:
                connection.execute(
                    text("SELECT pg_advisory_unlock(:key)"), {"key": POSTGRES_MIGRATION_LOCK_KEY}
                )
                connection.commit()
        return
    path = sqlite_file(database_url)
    if path is None:
        yield
        return
    with open(path.with_name(path.name + ".lock"), "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def upgrade(database_url: str) -> Engine:
    """Bring the schema to the newest migration; a no-op when it already is.

    A lock (advisory on PostgreSQL, a file lock on SQLite) serialises concurrent upgrades, and
    the revision is read again under it: the first process migrates, the others find it done.
    """
    engine = get_engine(database_url)
    try:
        head = head_revision()
        if current_revision(engine) == head:
            return engine
        with _migration_lock(engine, database_url):
            if current_revision(engine) != head:
                command.upgrade(_alembic_config(engine), "head")
    except OSError as error:
        raise DatabaseUnusable(
            f"{redact_url(database_url)}: cannot lock the database for migration: "
            f"{error.strerror or error}"
        ) from None
    except SQLAlchemyError as error:  # the engine's hook already reported a lost database
        raise DatabaseUnusable(f"{redact_url(database_url)}: {_first_line(error)}") from None
    return engine


def session_factory(database_url: str) -> sessionmaker[Session]:
    return sessionmaker(get_engine(database_url), expire_on_commit=False)


@contextmanager
def session_scope(database_url: str) -> Iterator[Session]:
    """A short transaction: committed when the block ends, rolled back if it raises."""
    session = session_factory(database_url)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
