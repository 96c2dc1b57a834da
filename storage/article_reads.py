"""Streamed read models of articles and versions (`articles list`, `export articles|versions`),
and an article's stored versions; see `storage.reads` for the filters and the keyset paging.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from intake.urls import host_of
from storage.article_store import article_versions, find_article
from storage.models import (
    Article,
    ArticleVersion,
    ClusterMember,
    Source,
    with_offset,
)
from storage.reads import CHUNK_SIZE, ReadFilter, SortKey, keyset_chunks, within_dates


@dataclass(frozen=True)
class ArticleRecord:
    """An article with its latest version's metadata: a row of `articles list` and `export
    articles`."""

    article_id: int
    canonical_url: str
    outlet: str
    source: str | None
    title: str | None
    authors: list[str]
    language: str | None
    published_at: datetime | None
    modified_at: datetime | None
    versions: int
    latest_version_id: int | None
    first_seen_at: datetime
    last_checked_at: datetime
    status: str
    cluster_id: int | None


def iter_articles(
    session: Session,
    where: ReadFilter = ReadFilter(),
    *,
    newest_first: bool = False,
    limit: int | None = None,
    offset: int = 0,
    after: tuple[Any, ...] | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> Iterator[ArticleRecord]:
    """Articles with their latest version's metadata, filtered by `where` (dates compare the
    latest version's publication date; `source` is the registered source's name).

    In ledger order (article id) by default; `newest_first` orders them most recently
    discovered first, as `articles list` shows them. `offset` skips that many first; `after`
    is the `article_key` of the article the list continues after.
    """
    query = (
        select(
            Article.id,
            Article.canonical_url,
            Source.name,
            ArticleVersion.title,
            ArticleVersion.authors,
            ArticleVersion.language,
            ArticleVersion.published_at,
            ArticleVersion.modified_at,
            Article.latest_version,
            ArticleVersion.id,
            Article.first_seen_at,
            Article.last_checked_at,
            Article.status,
            ClusterMember.cluster_id,
        )
        .select_from(Article)
        .outerjoin(
            ArticleVersion,
            and_(
                ArticleVersion.article_id == Article.id,
                ArticleVersion.version == Article.latest_version,
            ),
        )
        .outerjoin(Source, Source.id == Article.source_id)
        .outerjoin(ClusterMember, ClusterMember.article_id == Article.id)
    )
    if where.source:
        query = query.where(Source.name == where.source)
    query = within_dates(query, where)
    keys: list[SortKey]
    if newest_first:
        keys = [(Article.first_seen_at, True), (Article.id, True)]

        def key_of(row: Any) -> tuple[Any, ...]:
            return (row[10], row[0])
    else:
        keys = [(Article.id, False)]

        def key_of(row: Any) -> tuple[Any, ...]:
            return (row[0],)

    for rows in keyset_chunks(
        session, query, keys, key_of, limit=limit, offset=offset, after=after, chunk_size=chunk_size
    ):
        for row in rows:
            yield ArticleRecord(
                article_id=row[0],
                canonical_url=row[1],
                outlet=host_of(row[1]),
                source=row[2],
                title=row[3],
                authors=list(row[4] or []),
                language=row[5],
                published_at=row[6],
                modified_at=row[7],
                versions=row[8],
                latest_version_id=row[9],
                first_seen_at=row[10],
                last_checked_at=row[11],
                status=row[12],
                cluster_id=row[13],
            )


def article_key(article: ArticleRecord, *, newest_first: bool = False) -> tuple[Any, ...]:
    """The sort key of an article in `iter_articles`'s order: what `after` takes."""
    if newest_first:
        return (article.first_seen_at, article.article_id)
    return (article.article_id,)


@dataclass(frozen=True)
class VersionRecord:
    """One immutable text of an article with what changed in it: a row of `export versions`."""

    version_id: int
    article_id: int
    article_url: str
    version: int
    url: str
    fetched_at: datetime
    published_at: datetime | None
    modified_at: datetime | None
    title: str | None
    authors: list[str]
    language: str | None
    previous_version: int | None
    change_kinds: list[str]
    words_added: int
    words_removed: int
    reverts_to: int | None
    text_hash: str
    capture_sha256: str
    extractor: str
    text: str


def iter_versions(
    session: Session,
    where: ReadFilter = ReadFilter(),
    *,
    limit: int | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> Iterator[VersionRecord]:
    """Every stored version of every article, in ledger order (version id), filtered by
    `where` (dates compare each version's publication date; `source` is the registered
    source's name)."""
    query = (
        select(
            ArticleVersion.id,
            ArticleVersion.article_id,
            Article.canonical_url,
            ArticleVersion.version,
            ArticleVersion.url,
            ArticleVersion.fetched_at,
            ArticleVersion.published_at,
            ArticleVersion.modified_at,
            ArticleVersion.title,
            ArticleVersion.authors,
            ArticleVersion.language,
            ArticleVersion.previous_version,
            ArticleVersion.change_kinds,
            ArticleVersion.words_added,
            ArticleVersion.words_removed,
            ArticleVersion.reverts_to,
            ArticleVersion.text_hash,
            ArticleVersion.capture_sha256,
            ArticleVersion.extractor_name,
            ArticleVersion.extractor_version,
            ArticleVersion.text,
        )
        .select_from(ArticleVersion)
        .join(Article, Article.id == ArticleVersion.article_id)
    )
    if where.source:
        query = query.join(Source, Source.id == Article.source_id).where(
            Source.name == where.source
        )
    query = within_dates(query, where)
    keys: list[SortKey] = [(ArticleVersion.id, False)]
    for rows in keyset_chunks(
        session, query, keys, lambda row: (row[0],), limit=limit, chunk_size=chunk_size
    ):
        for row in rows:
            yield VersionRecord(
                version_id=row[0],
                article_id=row[1],
                article_url=row[2],
                version=row[3],
                url=row[4],
                fetched_at=row[5],
                published_at=row[6],
                modified_at=row[7],
                title=row[8],
                authors=list(row[9] or []),
                language=row[10],
                previous_version=row[11],
                change_kinds=list(row[12] or []),
                words_added=row[13],
                words_removed=row[14],
                reverts_to=row[15],
                text_hash=row[16],
                capture_sha256=row[17],
                extractor=f"{row[18]} {row[19]}",
                text=row[20],
            )


@dataclass(frozen=True)
class StoredVersion:
    """One stored text of an article with every column `articles show` and `articles history`
    print of it; its publication and modification dates in the offset the page declared them
    in."""

    version_id: int
    version: int
    url: str
    fetched_at: datetime
    published_at: datetime | None
    modified_at: datetime | None
    title: str | None
    authors: list[str]
    agencies: list[str]
    language: str | None
    text: str
    text_hash: str
    capture_sha256: str
    extractor: str
    change_kinds: list[str]
    previous_version: int | None
    reverts_to: int | None
    words_added: int
    words_removed: int


def stored_version(v: ArticleVersion) -> StoredVersion:
    return StoredVersion(
        version_id=v.id,
        version=v.version,
        url=v.url,
        fetched_at=v.fetched_at,
        published_at=with_offset(v.published_at, v.published_offset),
        modified_at=with_offset(v.modified_at, v.modified_offset),
        title=v.title,
        authors=list(v.authors or []),
        agencies=list(v.agencies or []),
        language=v.language,
        text=v.text,
        text_hash=v.text_hash,
        capture_sha256=v.capture_sha256,
        extractor=f"{v.extractor_name} {v.extractor_version}",
        change_kinds=list(v.change_kinds or []),
        previous_version=v.previous_version,
        reverts_to=v.reverts_to,
        words_added=v.words_added,
        words_removed=v.words_removed,
    )


def stored_versions(session: Session, article_id: int) -> list[StoredVersion]:
    """Every stored text of article `article_id`, by version number."""
    return [stored_version(v) for v in article_versions(session, article_id)]


def article_id_of(session: Session, url: str) -> int | None:
    """The id of the article known under `url` (canonical or any alias, given normalized)."""
    article = find_article(session, url)
    return None if article is None else article.id
