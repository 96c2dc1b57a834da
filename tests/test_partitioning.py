"""Concurrent ingest passes share the due sources through database claims, on both databases.

Several workers run ingest at once; each run claims a few due sources at a time
(`polling.due_source_ids`), and no source may be polled by two of them in one pass.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from claimledger import common, polling
from claimledger.settings import Settings
from intake.http import Fetcher
from storage import source_store
from storage.db import session_scope
from storage.models import Source
from tests.pages import rss_feed

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
SOURCES = 40
PASSES = 4


def add_feeds(settings: Settings, directory: Path, count: int) -> None:
    """`count` file:// RSS sources with one entry each (polling them needs no HTTP server)."""
    rows = []
    for index in range(count):
        feed = directory / f"feed-{index}.xml"
        feed.write_text(rss_feed([(f"https://example.org/{index}", f"Story {index}", T0)]))
        rows.append((f"feed-{index}", feed.as_uri(), "rss"))
    with session_scope(settings.database_url) as session:
        source_store.ensure_sources(session, rows, T0)


def run_concurrent_passes(settings: Settings, passes: int) -> list[list[int]]:
    """Start `passes` claim-and-poll loops at once; returns the source ids each one polled."""
    start = threading.Barrier(passes)
    polled: list[list[int]] = [[] for _ in range(passes)]
    errors: list[BaseException] = []

    def one_pass(index: int) -> None:
        try:
            start.wait()
            pass_started = common.utcnow()
            with Fetcher(settings.http) as fetcher:
                while ids := polling.due_source_ids(settings, due_at=pass_started):
                    for source_id in ids:
                        polling.poll_source(settings, source_id, None, fetcher)
                        polled[index].append(source_id)
        except BaseException as error:  # reported by the main thread
            errors.append(error)

    threads = [threading.Thread(target=one_pass, args=(index,)) for index in range(passes)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    return polled


def test_concurrent_passes_poll_every_due_source_exactly_once(
    settings: Settings, tmp_path: Path
) -> None:
    settings = replace(settings, ingest_sources_per_claim=3)
    add_feeds(settings, tmp_path, SOURCES)

    polled = run_concurrent_passes(settings, PASSES)

    times_polled = Counter(source_id for ids in polled for source_id in ids)
    assert len(times_polled) == SOURCES
    assert set(times_polled.values()) == {1}
    assert sum(1 for ids in polled if ids) >= 2, "one pass took everything: no sharing happened"
    with session_scope(settings.database_url) as session:
        statuses = set(session.scalars(select(Source.last_status)))
    assert statuses == {"ok"}
    again = run_concurrent_passes(settings, 2)
    assert again == [[], []], "sources polled in this pass are not due again yet"


def test_a_claim_hides_sources_until_its_lease_ends(settings: Settings, tmp_path: Path) -> None:
    """A pass that dies after claiming leaves its sources to the next pass, one interval later."""
    settings = replace(settings, ingest_sources_per_claim=2)
    add_feeds(settings, tmp_path, 3)

    first = polling.due_source_ids(settings)
    second = polling.due_source_ids(settings)
    nothing_left = polling.due_source_ids(settings)
    after_lease = polling.due_source_ids(
        settings, due_at=common.utcnow() + timedelta(seconds=settings.ingest_poll_interval + 1)
    )

    assert len(first) == 2 and len(second) == 1 and not set(first) & set(second)
    assert nothing_left == []
    assert sorted(after_lease) == sorted(first)


def test_named_sources_are_polled_whatever_their_claim(settings: Settings, tmp_path: Path) -> None:
    add_feeds(settings, tmp_path, 2)
    claimed = polling.due_source_ids(settings)

    named = polling.due_source_ids(settings, ["feed-0", "feed-1"])

    assert sorted(named) == sorted(claimed)


def test_disabled_sources_are_never_claimed(settings: Settings, tmp_path: Path) -> None:
    add_feeds(settings, tmp_path, 2)
    with session_scope(settings.database_url) as session:
        source_store.set_source_enabled(session, "feed-1", False)

    claimed = polling.due_source_ids(settings)

    with session_scope(settings.database_url) as session:
        enabled = session.scalars(select(Source.id).where(Source.name == "feed-0")).all()
    assert claimed == list(enabled)
