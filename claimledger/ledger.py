"""Opening the ledger, and every read the command line and the web application make of it.

`claimledger/cli/` and `claimledger/web/` never touch the database themselves: they open the
ledger here (`open_ledger`, `open_read_only`) and call the methods of `Ledger`, which read
through `storage.reads` and return its plain, typed read models (frozen dataclasses; claims as
`StoredClaim`s, which `claimledger.output` turns into the extractor's model and JSON). So a
table on screen, a web page and an export show the same rows, and `storage/` stays the only
place that knows SQL (`tests/test_layers.py` parses the imports of both packages to keep it so).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from claimledger.errors import DatabaseError, library_errors, storage_errors
from intake.urls import normalize_url
from storage import (
    article_reads,
    article_store,
    cluster_store,
    detail_reads,
    pending,
    reads,
    source_reads,
    timeline_reads,
)
from storage.article_reads import ArticleRecord, StoredVersion, article_key
from storage.db import (
    database_failure,
    read_only_session_scope,
    require_current_schema,
    require_ledger,
    session_scope,
    upgrade,
)
from storage.detail_reads import ArticleDetail, ClusterDetail, ClusterSummary, VersionDetail
from storage.pending import EntryRecord, EntryStatus
from storage.reads import ClaimRecord, ReadFilter, claim_key
from storage.source_reads import EntryAttempt, RunRecord, SourceHealth, SourceState
from storage.timeline_reads import ClaimGroup, ClaimGroupPage, Timeline, TimelinePoint
from storage.values import QuantityRow, StoredClaim, StoredClaimSet

__all__ = [
    "DATABASE_ERRORS",
    "ArticleDetail",
    "ArticleRecord",
    "ClaimGroup",
    "ClaimGroupPage",
    "ClaimRecord",
    "ClusterDetail",
    "ClusterSummary",
    "DatabaseError",
    "EntryAttempt",
    "EntryRecord",
    "EntryStatus",
    "Ledger",
    "QuantityRow",
    "ReadFilter",
    "RunRecord",
    "SourceHealth",
    "SourceState",
    "StoredClaim",
    "StoredClaimSet",
    "StoredVersion",
    "Timeline",
    "TimelinePoint",
    "VersionDetail",
    "article_key",
    "claim_key",
    "database_failure",
    "open_ledger",
    "open_read_only",
]

# What a read may raise when the database fails under it: the web application answers 503.
DATABASE_ERRORS: tuple[type[Exception], ...] = (DatabaseError, SQLAlchemyError)


@dataclass(frozen=True)
class Ledger:
    """The ledger at `database_url`, read on read-write sessions, or on sessions that cannot
    write when `read_only` (the web application's). Each method is one short transaction."""

    database_url: str
    read_only: bool = False

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session on the ledger, for the library modules that read or write through
        `storage` themselves (exports stream on one). A database failure under it comes out as
        `DatabaseError`."""
        scope = read_only_session_scope if self.read_only else session_scope
        with storage_errors(), scope(self.database_url) as session:
            yield session

    # --- articles and versions -------------------------------------------------------------------

    def articles(
        self,
        where: ReadFilter | None = None,
        *,
        after: tuple[Any, ...] | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[ArticleRecord]:
        """Articles newest first (`export articles` rows), after the keyset `after`."""
        with self.session() as session:
            return list(
                article_reads.iter_articles(
                    session,
                    where or ReadFilter(),
                    newest_first=True,
                    after=after,
                    limit=limit,
                    offset=offset,
                )
            )

    def article_id(self, url: str) -> int | None:
        """The article known under `url` (canonical or any alias); `InvalidURL` when it is no
        URL, None when no article is known under it."""
        normalized = normalize_url(url)
        with self.session() as session:
            return article_reads.article_id_of(session, normalized)

    def article(self, article_id: int) -> ArticleDetail | None:
        with self.session() as session:
            return detail_reads.article_detail(session, article_id)

    def versions(self, article_id: int) -> list[StoredVersion]:
        """Every stored text of the article, by version number."""
        with self.session() as session:
            return article_reads.stored_versions(session, article_id)

    def version(
        self, article_id: int, number: int, extractor_version: str | None = None
    ) -> VersionDetail | None:
        with self.session() as session:
            return detail_reads.version_detail(session, article_id, number, extractor_version)

    def claim_set(
        self, version_id: int, extractor_version: str | None = None
    ) -> StoredClaimSet | None:
        """A version's newest claim set (or the newest of `extractor_version`), its claims in
        text order; None when none was extracted yet."""
        with self.session() as session:
            return reads.claim_set(session, version_id, extractor_version)

    # --- claims ----------------------------------------------------------------------------------

    def claims(
        self,
        where: ReadFilter,
        *,
        after: tuple[Any, ...] | None = None,
        limit: int | None = None,
    ) -> list[ClaimRecord]:
        """Claims of each article's latest version, newest first (`export claims` rows)."""
        with self.session() as session:
            return list(
                reads.iter_claims(session, where, newest_first=True, after=after, limit=limit)
            )

    def claim_groups(
        self,
        *,
        source: str | None = None,
        min_articles: int = 2,
        limit: int = 50,
        after: tuple[Any, ...] | None = None,
    ) -> ClaimGroupPage:
        with self.session() as session:
            return timeline_reads.claim_group_page(
                session, source=source, min_articles=min_articles, limit=limit, after=after
            )

    def timelines(
        self,
        *,
        source: str,
        category: str,
        outcome: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> list[Timeline]:
        with self.session() as session:
            return timeline_reads.claim_timelines(
                session, source=source, category=category, outcome=outcome, since=since, until=until
            )

    # --- clusters --------------------------------------------------------------------------------

    def clusters(self, *, limit: int = 50, offset: int = 0) -> list[ClusterSummary]:
        with self.session() as session:
            return detail_reads.list_clusters(session, limit=limit, offset=offset)

    def cluster(self, cluster_id: int) -> ClusterDetail | None:
        with self.session() as session:
            return detail_reads.cluster_detail(session, cluster_id)

    def cluster_of_article(self, article_id: int) -> int | None:
        with self.session() as session:
            return cluster_store.cluster_of_article(session, article_id)

    # --- sources, entries, runs ------------------------------------------------------------------

    def sources(self) -> list[SourceState]:
        """The live sources by name, with their tracked feed entries (`sources list`)."""
        with self.session() as session:
            return source_reads.source_states(session)

    def source_health(
        self, *, name: str | None = None, after: str | None = None, limit: int | None = None
    ) -> list[SourceHealth]:
        with self.session() as session:
            return source_reads.source_health(session, name=name, after=after, limit=limit)

    def source_entries(self, name: str) -> tuple[list[EntryAttempt], list[EntryAttempt]] | None:
        with self.session() as session:
            return source_reads.source_entries(session, name)

    def entries(self, status: str | None, source: str | None, limit: int) -> list[EntryRecord]:
        """Tracked feed entries not stored yet (`entries list`)."""
        with self.session() as session:
            return pending.list_entries(session, status, source, limit)

    def runs(
        self, *, after: int | None = None, limit: int = 50, stale_before: datetime | None = None
    ) -> list[RunRecord]:
        """Runs, newest first; a running one whose heartbeat is older than `stale_before` is
        shown abandoned."""
        with self.session() as session:
            return source_reads.recent_runs(
                session, after=after, limit=limit, stale_before=stale_before
            )

    def counts(self) -> dict[str, int]:
        """Rows per table (`status`)."""
        with self.session() as session:
            return article_store.table_counts(session)


@library_errors
def open_ledger(database_url: str, *, create: bool = False) -> Ledger:
    """The ledger at `database_url`, its schema brought up to date: how every command but `web`
    opens it.

    Only commands that write pass `create=True`; without it a SQLite file that does not exist
    is a `DatabaseError` ("no ledger at PATH") rather than an empty ledger reported empty.
    """
    if not create:
        require_ledger(database_url)
    upgrade(database_url)
    return Ledger(database_url)


@library_errors
def open_read_only(database_url: str) -> Ledger:
    """The ledger for the web application: neither created nor migrated (a missing one, or one
    whose schema is behind, is a `DatabaseError` saying what to do), read on read-only
    sessions."""
    require_ledger(database_url)
    require_current_schema(database_url)
    return Ledger(database_url, read_only=True)
