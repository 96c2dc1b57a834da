"""The errors claimledger reports, one tree, and how each ends the command line.

Every failure the library means to report is a `ClaimledgerError`; its class says what went
wrong (configuration, database, source, fetch, extraction, backfill, export, a stop) and
carries the exit code and the words the command line's one-line report starts with. The
packages below the library (`storage`, `intake`, `extractors`) keep their own exceptions:
the library turns those it reports into this tree where it calls them. Storage's one,
`storage.db.DatabaseUnusable`, becomes this tree's `DatabaseError` (with it as its cause) in
one place, `database_error`, which finds it however deep it lies in an error's causes
(Prefect re-raises a task's error in the flow): at the verbs of the public API
(`library_errors`), around every session the ledger opens (`storage_errors`), and in
`reported`, the one place that maps an error to what the command line prints and its exit
code.

Exit codes: 1 for a failure of the work asked (the default), 2 for a request that cannot be
done as given (usage, configuration, a bad source or backfill request), 3 for a database that
cannot be used, 128 + the signal's number for a pass stopped by a signal.
"""

from __future__ import annotations

import functools
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

from storage.db import database_failure

P = ParamSpec("P")
R = TypeVar("R")


class ClaimledgerError(Exception):
    """A failure to report in one line; `exit_code` says how the command line ends."""

    exit_code: int = 1
    label: str = "error"

    def __init__(self, message: str, exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code

    def report(self) -> str:
        """The line the command line prints on stderr."""
        return f"{self.label}: {self}"


class UsageError(ClaimledgerError):
    """A request that cannot be done as given: a bad option, date, category or version."""

    exit_code = 2


class NotFoundError(ClaimledgerError, LookupError):
    """Something named (an article, version, backfill, chunk) that the ledger does not hold."""


class ConfigurationError(ClaimledgerError, ValueError):
    """The configuration cannot be used; the message says which key or file and why."""

    exit_code = 2
    label = "configuration error"


class DatabaseError(ClaimledgerError):
    """The database cannot be reached or used; the message names it and says why."""

    exit_code = 3
    label = "database error"


class SourceError(ClaimledgerError, ValueError):
    """A source request that cannot be done as asked: a bad kind, URL or interval."""

    exit_code = 2


class UnknownSourceError(SourceError, LookupError):
    """No live (or no enabled) source of that name."""

    exit_code = 1


class SourceExistsError(SourceError):
    """A source with that name or URL is already registered."""

    exit_code = 1


class FetchError(ClaimledgerError):
    """A page that was fetched but is not stored: an HTTP error, a wall, not an article."""


class ExtractionError(ClaimledgerError):
    """Inputs of `extract` that could not be read as documents."""


class BackfillError(ClaimledgerError):
    """A backfill that cannot be planned (bad input, unreadable sitemap); nothing recorded."""

    exit_code = 2


class BackfillIncomplete(BackfillError):
    """Some chunks failed; they keep their errors for `backfill status` and `--retry-failed`."""

    exit_code = 1

    def __init__(self, backfill_id: int, counters: dict[str, int]) -> None:
        failed = counters.get("chunks_failed", 0)
        super().__init__(
            f"backfill {backfill_id}: {failed} chunk(s) failed; see 'claimledger backfill status "
            f"{backfill_id}' and rerun with --retry-failed"
        )
        self.backfill_id = backfill_id
        self.counters = counters

    def __reduce__(self) -> tuple[type[BackfillIncomplete], tuple[int, dict[str, int]]]:
        return (BackfillIncomplete, (self.backfill_id, self.counters))


class ExportError(ClaimledgerError):
    """An export that cannot be done; the message says why."""


class Interrupted(ClaimledgerError):
    """The pass was asked to stop (SIGINT or SIGTERM) and stopped at a safe point."""

    def __init__(self, signal_number: int, run: str | None = None) -> None:
        self.signal_number = signal_number
        self.signal_name = signal.Signals(signal_number).name
        # The run it stopped ("ingest run 7"), once recorded as interrupted.
        self.run = run
        # The shell's convention for a process ended by a signal: 128 + its number.
        super().__init__(f"stopped by {self.signal_name}", 128 + signal_number)

    def __reduce__(self) -> tuple[type[Interrupted], tuple[int, str | None]]:
        return (Interrupted, (self.signal_number, self.run))

    def report(self) -> str:
        stopped = f"{self.run} stopped" if self.run else "stopped"
        return (
            f"interrupted by {self.signal_name}: {stopped}, nothing lost; "
            "run the command again to finish"
        )


def database_error(error: BaseException) -> DatabaseError | None:
    """The `DatabaseError` to report for `error`: when storage's `DatabaseUnusable` lies
    anywhere in its causes, this tree's error with the same message and it as its cause."""
    lost = database_failure(error)
    if lost is None:
        return None
    known = DatabaseError(str(lost))
    known.__cause__ = lost
    return known


@contextmanager
def storage_errors() -> Iterator[None]:
    """Around work on the database: a database failure raised inside, however deep, comes out
    as this tree's `DatabaseError`, so a caller catches every failure claimledger reports with
    `except ClaimledgerError`."""
    try:
        yield
    except ClaimledgerError:
        raise
    except Exception as error:
        known = database_error(error)
        if known is None:
            raise
        raise known from known.__cause__


def library_errors(function: Callable[P, R]) -> Callable[P, R]:
    """For a verb of the public API: what it raises goes through `storage_errors`."""

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with storage_errors():
            return function(*args, **kwargs)

    return wrapper


def reported(error: BaseException) -> ClaimledgerError | None:
    """What the command line reports for `error`: the error itself when it is one of the tree,
    a `DatabaseError` when a database failure lies anywhere in its causes, else None (a bug,
    shown with its traceback)."""
    if isinstance(error, ClaimledgerError):
        return error
    return database_error(error)
