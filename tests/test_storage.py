"""Storage on real SQLite and PostgreSQL: schema, idempotent writes, immutable versions."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from storage import queries, writes
from storage.db import current_revision, get_engine, head_revision, session_scope, upgrade
from storage.models import Article, ArticleVersion, Capture, Source, UrlAlias
from storage.writes import VersionDraft, VersionOutcome

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def draft(text_hash: str, fetched_at: datetime = NOW, text: str = "Some text.") -> VersionDraft:
    return VersionDraft(
        url="https://news.example.org/a",
        fetched_at=fetched_at,
        capture_sha256="c" * 64,
        text_hash=text_hash,
        title="A title",
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
        writes.store_capture(session, "c" * 64, b"<html>x</html>", "https://n/a", "text/html", NOW)


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
        assert writes.read_capture(session, "c" * 64) == b"<html>x</html>"


def test_article_identity_and_aliases_are_idempotent(database_url: str) -> None:
    upgrade(database_url)
    for _ in range(2):
        with session_scope(database_url) as session:
            article_id = writes.ensure_article(
                session,
                "https://news.example.org/a",
                ["https://feeds.example.org/x?id=1", "https://news.example.org/a"],
                None,
                NOW,
            )
    with session_scope(database_url) as session:
        assert session.scalar(select(func.count()).select_from(Article)) == 1
        aliases = queries.article_aliases(session, article_id)
        assert sorted(aliases) == ["https://feeds.example.org/x?id=1", "https://news.example.org/a"]
        found = queries.find_article(session, "https://feeds.example.org/x?id=1")
        assert found is not None and found.id == article_id


def test_versions_are_added_only_when_text_changes(database_url: str) -> None:
    upgrade(database_url)
    store_capture(database_url)
    later = NOW + timedelta(hours=1)
    outcomes = []
    with session_scope(database_url) as session:
        article_id = writes.ensure_article(session, "https://news.example.org/a", [], None, NOW)
    for text_hash, when in [("h1", NOW), ("h1", later), ("h2", later), ("h1", later)]:
        with session_scope(database_url) as session:
            outcomes.append(
                writes.add_version_if_changed(session, article_id, draft(text_hash, when))
            )
    assert outcomes == [
        (VersionOutcome.NEW_ARTICLE, 1),
        (VersionOutcome.UNCHANGED, 1),
        (VersionOutcome.NEW_VERSION, 2),
        (VersionOutcome.NEW_VERSION, 3),
    ]
    with session_scope(database_url) as session:
        article = session.get(Article, article_id)
        assert article is not None
        assert article.latest_version == 3
        assert article.last_checked_at == later
        hashes = [v.text_hash for v in queries.article_versions(session, article_id)]
        assert hashes == ["h1", "h2", "h1"]


def test_concurrent_version_writers_never_duplicate_a_version_number(database_url: str) -> None:
    """Eight threads store eight different texts at once: eight versions, numbered 1..8."""
    upgrade(database_url)
    store_capture(database_url)
    with session_scope(database_url) as session:
        article_id = writes.ensure_article(session, "https://news.example.org/a", [], None, NOW)
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def writer(index: int) -> None:
        try:
            barrier.wait()
            with session_scope(database_url) as session:
                writes.add_version_if_changed(session, article_id, draft(f"hash-{index}"))
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
        writes.ensure_sources(session, rows, NOW)
    with session_scope(database_url) as session:
        writes.set_source_enabled(session, "world", False)
    with session_scope(database_url) as session:
        writes.ensure_sources(session, rows, NOW)
    with session_scope(database_url) as session:
        sources = session.scalars(select(Source)).all()
        assert [(s.name, s.enabled) for s in sources] == [("world", False)]
        assert queries.due_sources(session, NOW) == []


def test_poll_record_keeps_validators_on_failure_and_counts_failures(database_url: str) -> None:
    upgrade(database_url)
    with session_scope(database_url) as session:
        source = writes.add_source(session, "w", "https://example.org/w.xml", "rss", NOW)
        source_id = source.id
    ok = writes.PollRecord(
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
        writes.record_poll(session, source_id, ok, NOW)
    for _ in range(2):
        with session_scope(database_url) as session:
            writes.record_poll(session, source_id, failed, NOW)
    with session_scope(database_url) as session:
        source = session.get(Source, source_id)
        assert source is not None
        assert (source.etag, source.last_body_hash) == ('"v1"', "b1")
        assert source.consecutive_failures == 2
        assert source.last_error == "https://example.org/w.xml: timed out"


def test_alias_pointing_elsewhere_is_never_rewritten(database_url: str) -> None:
    upgrade(database_url)
    with session_scope(database_url) as session:
        first = writes.ensure_article(
            session, "https://n.example.org/a", ["https://x/1"], None, NOW
        )
        second = writes.ensure_article(
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
