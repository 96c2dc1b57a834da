"""One error tree, mapped to what the command line prints and its exit code in one place
(`claimledger.errors.reported`); the library raises its members, never a bare LookupError."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from claimledger import errors, polling, sources
from claimledger.errors import ClaimledgerError, reported
from claimledger.ledger import Ledger, ReadFilter
from claimledger.prepare import PageRejected
from claimledger.settings import Settings
from storage.db import DatabaseUnusable

# Every member of the tree: how the command line ends and how its one line starts.
EXPECTED = [
    (errors.ClaimledgerError("x"), 1, "error: x"),
    (errors.UsageError("x"), 2, "error: x"),
    (errors.NotFoundError("x"), 1, "error: x"),
    (errors.ConfigurationError("x"), 2, "configuration error: x"),
    (errors.DatabaseError("x"), 3, "database error: x"),
    (errors.SourceError("x"), 2, "error: x"),
    (errors.UnknownSourceError("x"), 1, "error: x"),
    (errors.SourceExistsError("x"), 1, "error: x"),
    (errors.FetchError("x"), 1, "error: x"),
    (errors.ExtractionError("x"), 1, "error: x"),
    (errors.BackfillError("x"), 2, "error: x"),
    (errors.ExportError("x"), 1, "error: x"),
    (errors.ExportError("x", 2), 2, "error: x"),
]


@pytest.mark.parametrize(("error", "code", "line"), EXPECTED, ids=lambda v: type(v).__name__)
def test_each_error_has_its_exit_code_and_line(
    error: ClaimledgerError, code: int, line: str
) -> None:
    assert reported(error) is error
    assert (error.exit_code, error.report()) == (code, line)


def test_the_tree_covers_every_error_class_the_module_defines() -> None:
    defined = {
        value
        for value in vars(errors).values()
        if isinstance(value, type) and issubclass(value, ClaimledgerError)
    }
    shown = {type(error) for error, _, _ in EXPECTED}
    assert defined - shown == {errors.BackfillIncomplete, errors.Interrupted}


def test_a_stop_exits_128_plus_the_signal_and_names_its_run() -> None:
    stop = errors.Interrupted(signal.SIGTERM, "ingest run 7")
    assert reported(stop) is stop
    assert stop.exit_code == 143
    assert stop.report() == (
        "interrupted by SIGTERM: ingest run 7 stopped, nothing lost; "
        "run the command again to finish"
    )
    assert errors.Interrupted(signal.SIGINT).exit_code == 130


def test_an_incomplete_backfill_is_a_backfill_error_that_exits_1() -> None:
    incomplete = errors.BackfillIncomplete(4, {"chunks_failed": 2})
    assert isinstance(incomplete, errors.BackfillError) and incomplete.exit_code == 1
    assert str(incomplete).startswith("backfill 4: 2 chunk(s) failed")


def test_a_lost_database_deep_in_the_causes_is_a_database_error() -> None:
    """Prefect re-raises a task's error in the flow, the flow's bookkeeping may fail again."""
    try:
        try:
            raise DatabaseUnusable("postgresql://h/db: cannot connect")
        except DatabaseUnusable as lost:
            raise RuntimeError("task failed") from lost
    except RuntimeError as outer:
        known = reported(outer)
    assert isinstance(known, errors.DatabaseError)
    assert (known.exit_code, known.report()) == (
        3,
        "database error: postgresql://h/db: cannot connect",
    )


def test_a_read_of_a_lost_database_is_the_trees_database_error_with_storages_as_cause() -> None:
    """Storage keeps its own `DatabaseUnusable`; what the ledger's reads raise is the tree's
    `DatabaseError`, the one class a script catches."""
    ledger = Ledger("postgresql+psycopg://nobody@127.0.0.1:1/ledger")
    with pytest.raises(errors.DatabaseError, match="cannot connect") as raised:
        ledger.claims(ReadFilter())
    assert isinstance(raised.value.__cause__, DatabaseUnusable)
    assert reported(raised.value) is raised.value


def test_a_bug_is_not_reported_as_a_known_failure() -> None:
    assert reported(KeyError("x")) is None
    assert reported(LookupError("no such thing")) is None


def test_a_rejected_page_is_a_fetch_error() -> None:
    assert isinstance(
        PageRejected("http_error", "https://a.example/x: HTTP 404"), errors.FetchError
    )


def test_naming_an_unknown_source_is_an_unknown_source_error(settings: Settings) -> None:
    with pytest.raises(errors.UnknownSourceError, match="no enabled source named 'nobody'"):
        polling.due_source_ids(settings, ["nobody"])
    with pytest.raises(errors.UnknownSourceError, match="no source named 'nobody'"):
        sources.set_enabled(settings, "nobody", False)
    with pytest.raises(errors.UnknownSourceError):
        sources.remove_source(settings, "nobody")


def test_source_requests_fail_with_source_errors(settings: Settings, tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text("<rss version='2.0'><channel><title>t</title></channel></rss>")
    with pytest.raises(errors.SourceError, match="kind must be one of"):
        sources.add_source(settings, "local", str(feed), "bogus", tmp_path)
    sources.add_source(settings, "local", str(feed), "rss", tmp_path)
    with pytest.raises(errors.SourceExistsError):
        sources.add_source(settings, "local", str(feed), "rss", tmp_path)
