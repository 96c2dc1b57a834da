"""Storage on real SQLite and PostgreSQL: schema, idempotent writes, immutable versions."""

from __future__ import annotations

import threading
import zlib
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from claimledger.store import store_version
from extractors.normalize import text_fingerprint
from storage import article_store, source_store, values
from storage.db import (
    current_revision,
    get_engine,
    head_revision,
    lost_conflict,
    session_scope,
    upgrade,
)
from storage.models import Article, ArticleVersion, Capture, Source, UrlAlias
from storage.values import VersionDraft

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def draft(text: str, fetched_at: datetime = NOW, title: str = "A title") -> VersionDraft:
    return VersionDraft(
        url="https://news.example.org/a",
        fetched_at=fetched_at,
        capture_sha256="c" * 64,
        text_hash=text_fingerprint(text),
        title=title,
        authors=["Ana Reporter"],
        published_at=NOW,
        modified_at=None,
        language="en",
        text=text,
        extractor_name="test",
        extractor_version="1",
        run_id=None,
    )


def store_capture(database_url: str) -> None:
    with session_scope(database_url) as session:
        article_store.store_captures(
            session,
            [
                values.CaptureRow(
                    "c" * 64,
                    "https://n/a",
                    "text/html",
                    len(b"<html>x</html>"),
                    values.compress_capture(b"<html>x</html>"),
                    NOW,
                )
            ],
        )


def test_upgrade_creates_schema_and_is_idempotent(database_url: str) -> None:
    upgrade(database_url)
    upgrade(database_url)
    assert current_revision(get_engine(database_url)) == head_revision()


def test_capture_is_stored_once_per_hash_and_reads_back(database_url: str) -> None:
    upgrade(database_url)
    store_capture(database_url)
    store_capture(database_url)
    with session_scope(database_url) as session:
        assert session.scalar(select(func.count()).select_from(Capture)) == 1
        assert article_store.read_capture(session, "c" * 64) == b"<html>x</html>"
        assert session.scalars(select(Capture.compression)).all() == ["zstd"]


def test_captures_written_by_earlier_releases_with_zlib_still_read_back(database_url: str) -> None:
    upgrade(database_url)
    body = b"<html><p>An article kept before captures were written with Zstandard.</p></html>"
    with session_scope(database_url) as session:
        session.add(
            Capture(
                sha256="d" * 64,
                url="https://n/old",
                content_type="text/html",
                size=len(body),
                compression="zlib",
                body=zlib.compress(body, 6),
                fetched_at=NOW,
            )
        )
    with session_scope(database_url) as session:
        assert article_store.read_capture(session, "d" * 64) == body


def test_article_identity_and_aliases_are_idempotent(database_url: str) -> None:
    upgrade(database_url)
    for _ in range(2):
        with session_scope(database_url) as session:
            article_id = article_store.ensure_article(
                session,
                "https://news.example.org/a",
                ["https://feeds.example.org/x?id=1", "https://news.example.org/a"],
                None,
                NOW,
            )
    with session_scope(database_url) as session:
        assert session.scalar(select(func.count()).select_from(Article)) == 1
        aliases = article_store.article_aliases(session, article_id)
        assert sorted(aliases) == ["https://feeds.example.org/x?id=1", "https://news.example.org/a"]
        found = article_store.find_article(session, "https://feeds.example.org/x?id=1")
        assert found is not None and found.id == article_id


def store_all(database_url: str, drafts: list[VersionDraft]) -> tuple[int, list[tuple[str, int]]]:
    upgrade(database_url)
    store_capture(database_url)
    with session_scope(database_url) as session:
        article_id = article_store.ensure_article(
            session, "https://news.example.org/a", [], None, NOW
        )
    outcomes = []
    for version in drafts:
        with session_scope(database_url) as session:
            outcome, number = store_version(session, article_id, version)
            outcomes.append((str(outcome), number))
    return article_id, outcomes


def test_versions_are_added_only_for_real_edits_with_change_kinds(database_url: str) -> None:
    a, b = "Ten people died in the fire.", "Twelve people died in the fire, officials said."
    hour = timedelta(hours=1)
    article_id, outcomes = store_all(
        database_url,
        [
            draft(a, NOW),
            draft("Ten  people died in the fire. ", NOW + hour),  # whitespace only
            draft(b, NOW + 2 * hour),
            draft(b, NOW + 3 * hour, title="A new title"),
            draft(a, NOW + 4 * hour, title="A new title"),  # back to the first text
        ],
    )
    assert outcomes == [
        ("new_article", 1),
        ("unchanged", 1),
        ("new_version", 2),
        ("new_version", 3),
        ("new_version", 4),
    ]
    with session_scope(database_url) as session:
        article = session.get(Article, article_id)
        assert article is not None
        assert (article.latest_version, article.last_checked_at) == (4, NOW + 4 * hour)
        versions = article_store.article_versions(session, article_id)
        summary = [(v.previous_version, v.change_kinds, v.reverts_to) for v in versions]
        assert summary == [
            (None, ["first"], None),
            (1, ["body"], None),
            (2, ["title"], None),
            (3, ["body", "revert"], 1),
        ]
        assert (versions[1].words_added, versions[1].words_removed) == (3, 1)


def test_an_older_capture_becomes_an_earlier_version_not_the_latest(database_url: str) -> None:
    hour = timedelta(hours=1)
    article_id, outcomes = store_all(
        database_url,
        [
            draft("Final text of the story.", NOW + 5 * hour),
            draft("First draft of the story.", NOW + hour),  # archived, older
            draft("Final text of the story.", NOW + 2 * hour),  # same as the next in time
        ],
    )
    assert outcomes == [("new_article", 1), ("new_version", 2), ("unchanged", 1)]
    with session_scope(database_url) as session:
        article = session.get(Article, article_id)
        assert article is not None and article.latest_version == 1
        assert [
            (v.version, v.fetched_at) for v in article_store.article_versions(session, article_id)
        ] == [
            (1, NOW + 5 * hour),
            (2, NOW + hour),
        ]


def test_concurrent_version_writers_never_duplicate_a_version_number(database_url: str) -> None:
    """Eight threads store eight different texts at once: eight versions, numbered 1..8."""
    upgrade(database_url)
    store_capture(database_url)
    with session_scope(database_url) as session:
        article_id = article_store.ensure_article(
            session, "https://news.example.org/a", [], None, NOW
        )
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def writer(index: int) -> None:
        try:
            barrier.wait()
            with session_scope(database_url) as session:
                store_version(session, article_id, draft(f"Text number {index}."))
        except BaseException as error:  # collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with session_scope(database_url) as session:
        versions = session.scalars(
            select(ArticleVersion.version).where(ArticleVersion.article_id == article_id)
        ).all()
    assert sorted(versions) == list(range(1, 9))


def test_configured_sources_are_registered_once_and_keep_their_state(database_url: str) -> None:
    upgrade(database_url)
    rows = [("world", "https://example.org/world.xml", "rss")]
    with session_scope(database_url) as session:
        source_store.ensure_sources(session, rows, NOW)
    with session_scope(database_url) as session:
        source_store.set_source_enabled(session, "world", False)
    with session_scope(database_url) as session:
        source_store.ensure_sources(session, rows, NOW)
    with session_scope(database_url) as session:
        sources = session.scalars(select(Source)).all()
        assert [(s.name, s.enabled) for s in sources] == [("world", False)]
        assert source_store.due_sources(session, NOW) == []


def test_poll_record_keeps_validators_on_failure_and_counts_failures(database_url: str) -> None:
    upgrade(database_url)
    with session_scope(database_url) as session:
        source = source_store.add_source(session, "w", "https://example.org/w.xml", "rss", NOW)
        source_id = source.id
    ok = values.PollRecord(
        status="ok", error=None, failed=False, next_poll_at=NOW, etag='"v1"', body_hash="b1"
    )
    failed = replace(
        ok,
        status="timeout",
        error="https://example.org/w.xml: timed out",
        failed=True,
        etag=None,
        body_hash=None,
    )
    with session_scope(database_url) as session:
        source_store.record_poll(session, source_id, ok, NOW)
    for _ in range(2):
        with session_scope(database_url) as session:
            source_store.record_poll(session, source_id, failed, NOW)
    with session_scope(database_url) as session:
        polled = session.get(Source, source_id)
        assert polled is not None
        assert (polled.etag, polled.last_body_hash) == ('"v1"', "b1")
        assert polled.consecutive_failures == 2
        assert polled.last_error == "https://example.org/w.xml: timed out"


def test_alias_pointing_elsewhere_is_never_rewritten(database_url: str) -> None:
    upgrade(database_url)
    with session_scope(database_url) as session:
        first = article_store.ensure_article(
            session, "https://n.example.org/a", ["https://x/1"], None, NOW
        )
        second = article_store.ensure_article(
            session, "https://n.example.org/b", ["https://x/1"], None, NOW
        )
    with session_scope(database_url) as session:
        owner = session.scalar(select(UrlAlias.article_id).where(UrlAlias.url == "https://x/1"))
    assert owner == first != second


def test_migrations_match_the_models(database_url: str) -> None:
    """A model change without a migration would make SQLite and PostgreSQL schemas drift."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from storage.models import Base

    upgrade(database_url)
    with get_engine(database_url).connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def test_a_lost_deadlock_is_recognised_as_worth_running_again(postgres_url: str) -> None:
    """Two transactions locking two sources in opposite orders: PostgreSQL aborts one with a
    deadlock, which `lost_conflict` (what `store_pages` retries on) recognises; an ordinary
    failure, a unique-key clash, it does not."""
    upgrade(postgres_url)
    with session_scope(postgres_url) as session:
        source_store.ensure_sources(session, [("a", "https://a.example/f", "rss")], NOW)
        source_store.ensure_sources(session, [("b", "https://b.example/f", "rss")], NOW)
    engine = get_engine(postgres_url)
    both_locked_one = threading.Barrier(2)
    errors: list[BaseException] = []

    def lock(first: str, second: str) -> None:
        try:
            with engine.begin() as connection:
                touch = "UPDATE sources SET consecutive_failures = 0 WHERE name = :name"
                connection.execute(text(touch), {"name": first})
                both_locked_one.wait()
                connection.execute(text(touch), {"name": second})
        except Exception as error:  # the loser's deadlock is what this test is about
            errors.append(error)

    threads = [threading.Thread(target=lock, args=pair) for pair in (("a", "b"), ("b", "a"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    [deadlock] = errors
    assert lost_conflict(deadlock)
    with pytest.raises(IntegrityError) as clash, session_scope(postgres_url) as session:
        session.execute(
            text(
                "INSERT INTO sources (name, url, kind, enabled, created_at, "
                "consecutive_failures) VALUES ('a', 'https://x', 'rss', true, now(), 0)"
            )
        )
    assert not lost_conflict(clash.value)
