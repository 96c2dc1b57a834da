"""Read models of one thing at a time: one version (text, claims, neighbours), one article
(metadata, URLs, versions, cluster) and the clusters of copies.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.article_store import article_aliases, article_versions
from storage.claim_store import claim_dict, claim_set_of_version
from storage.cluster_store import cluster_of_article
from storage.models import (
    Article,
    ArticleVersion,
    Cluster,
    ClusterMember,
    Source,
    with_offset,
)


def host_of(url: str) -> str:
    """The outlet of an article URL: its host without "www." (a file path for local copies)."""
    parts = urlsplit(url)
    return (parts.hostname or "").removeprefix("www.") or parts.path


@dataclass(frozen=True)
class ClusterMemberRow:
    article_id: int
    canonical_url: str
    outlet: str
    title: str | None
    published_at: datetime | None
    match: str
    similarity: float
    version: int
    joined_at: datetime


@dataclass(frozen=True)
class ClusterSummary:
    id: int
    kind: str
    size: int
    outlets: list[str]
    representative_url: str
    title: str | None
    created_at: datetime
    last_joined_at: datetime


@dataclass(frozen=True)
class ClusterDetail:
    summary: ClusterSummary
    members: list[ClusterMemberRow]


def _cluster_members(session: Session, cluster_ids: Sequence[int]) -> dict[int, list[Any]]:
    rows = session.execute(
        select(
            ClusterMember.cluster_id,
            ClusterMember.article_id,
            Article.canonical_url,
            ArticleVersion.title,
            ArticleVersion.published_at,
            ClusterMember.match,
            ClusterMember.similarity,
            ArticleVersion.version,
            ClusterMember.joined_at,
        )
        .join(Article, Article.id == ClusterMember.article_id)
        .join(ArticleVersion, ArticleVersion.id == ClusterMember.article_version_id)
        .where(ClusterMember.cluster_id.in_(list(cluster_ids)))
        .order_by(ClusterMember.cluster_id, ClusterMember.joined_at, ClusterMember.id)
    )
    members: dict[int, list[ClusterMemberRow]] = defaultdict(list)
    for cluster_id, article_id, url, title, published, match, similarity, version, joined in rows:
        members[cluster_id].append(
            ClusterMemberRow(
                article_id, url, host_of(url), title, published, match, similarity, version, joined
            )
        )
    return members


def _summarise(cluster: Cluster, members: list[ClusterMemberRow]) -> ClusterSummary:
    """A cluster is "exact" while every member is a verbatim copy, "near" once one is not."""
    representative = next(m for m in members if m.article_id == cluster.representative_article_id)
    return ClusterSummary(
        id=cluster.id,
        kind="near" if any(m.match == "near" for m in members) else "exact",
        size=len(members),
        outlets=sorted({m.outlet for m in members}),
        representative_url=representative.canonical_url,
        title=representative.title,
        created_at=cluster.created_at,
        last_joined_at=max(m.joined_at for m in members),
    )


def list_clusters(session: Session, limit: int = 50, offset: int = 0) -> list[ClusterSummary]:
    """Clusters of copies, newest first."""
    clusters = session.scalars(
        select(Cluster).order_by(Cluster.id.desc()).limit(limit).offset(offset)
    ).all()
    members = _cluster_members(session, [cluster.id for cluster in clusters])
    return [_summarise(cluster, members[cluster.id]) for cluster in clusters]


def cluster_detail(session: Session, cluster_id: int) -> ClusterDetail | None:
    cluster = session.get(Cluster, cluster_id)
    if cluster is None:
        return None
    members = _cluster_members(session, [cluster_id])[cluster_id]
    return ClusterDetail(_summarise(cluster, members), members)


@dataclass(frozen=True)
class VersionDetail:
    """One stored text of an article with its claims: what the web page of a version shows.

    `claims` are in the extractor's JSON contract (as `articles show --claims` prints them and
    `claimledger.diffs` compares them), each with its stored `id` added; None when no claim set
    was extracted from this version yet.
    """

    article_id: int
    canonical_url: str
    latest_version: int
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
    change_kinds: list[str]
    previous_version: int | None
    reverts_to: int | None
    words_added: int
    words_removed: int
    text: str
    extractor: str
    claims_extractor: str | None
    claims: list[dict[str, Any]] | None


def version_detail(
    session: Session, article_id: int, version: int, extractor_version: str | None = None
) -> VersionDetail | None:
    """Version `version` of article `article_id` with the claims of its newest claim set (or
    the newest of `extractor_version`); None when there is no such version."""
    found = session.execute(
        select(ArticleVersion, Article.canonical_url, Article.latest_version)
        .join(Article, Article.id == ArticleVersion.article_id)
        .where(ArticleVersion.article_id == article_id, ArticleVersion.version == version)
    ).first()
    if found is None:
        return None
    stored, canonical_url, latest = found
    claim_set = claim_set_of_version(session, stored.id, extractor_version)
    claims = None
    if claim_set is not None:
        claims = [{"id": claim.id, **claim_dict(claim)} for claim in claim_set.claims]
    return VersionDetail(
        article_id=article_id,
        canonical_url=canonical_url,
        latest_version=latest,
        version_id=stored.id,
        version=stored.version,
        url=stored.url,
        fetched_at=stored.fetched_at,
        published_at=with_offset(stored.published_at, stored.published_offset),
        modified_at=with_offset(stored.modified_at, stored.modified_offset),
        title=stored.title,
        authors=list(stored.authors or []),
        agencies=list(stored.agencies or []),
        language=stored.language,
        change_kinds=list(stored.change_kinds or []),
        previous_version=stored.previous_version,
        reverts_to=stored.reverts_to,
        words_added=stored.words_added,
        words_removed=stored.words_removed,
        text=stored.text,
        extractor=f"{stored.extractor_name} {stored.extractor_version}",
        claims_extractor=(
            None
            if claim_set is None
            else f"{claim_set.extractor_name} {claim_set.extractor_version}"
        ),
        claims=claims,
    )


@dataclass(frozen=True)
class VersionSummary:
    """One version in an article's history: when, what changed, by how many words."""

    version: int
    fetched_at: datetime
    published_at: datetime | None
    title: str | None
    authors: list[str]
    agencies: list[str]
    change_kinds: list[str]
    words_added: int
    words_removed: int
    previous_version: int | None
    reverts_to: int | None
    extractor: str


@dataclass(frozen=True)
class ArticleDetail:
    """An article with its recheck state, the URLs it is known by, its versions in fetch order
    and its cluster of copies: what `articles show` and `articles history` print, and the
    web application's article page shows."""

    article_id: int
    canonical_url: str
    outlet: str
    source: str | None
    status: str
    status_detail: str | None
    first_seen_at: datetime
    last_checked_at: datetime
    next_check_at: datetime | None
    checks_done: int
    latest_version: int
    aliases: list[str]
    versions: list[VersionSummary]
    cluster: ClusterDetail | None


def article_detail(session: Session, article_id: int) -> ArticleDetail | None:
    """Article `article_id` with its history and cluster; None when there is none."""
    article = session.get(Article, article_id)
    if article is None:
        return None
    source = (
        None
        if article.source_id is None
        else session.scalar(select(Source.name).where(Source.id == article.source_id))
    )
    cluster_id = cluster_of_article(session, article_id)
    return ArticleDetail(
        article_id=article.id,
        canonical_url=article.canonical_url,
        outlet=host_of(article.canonical_url),
        source=source,
        status=article.status,
        status_detail=article.status_detail,
        first_seen_at=article.first_seen_at,
        last_checked_at=article.last_checked_at,
        next_check_at=article.next_check_at,
        checks_done=article.checks_done,
        latest_version=article.latest_version,
        # The alias table also maps the canonical URL to the article; it is shown apart.
        aliases=[
            url for url in article_aliases(session, article_id) if url != article.canonical_url
        ],
        versions=[
            VersionSummary(
                version=v.version,
                fetched_at=v.fetched_at,
                published_at=with_offset(v.published_at, v.published_offset),
                title=v.title,
                authors=list(v.authors or []),
                agencies=list(v.agencies or []),
                change_kinds=list(v.change_kinds or []),
                words_added=v.words_added,
                words_removed=v.words_removed,
                previous_version=v.previous_version,
                reverts_to=v.reverts_to,
                extractor=f"{v.extractor_name} {v.extractor_version}",
            )
            for v in sorted(
                article_versions(session, article_id), key=lambda v: (v.fetched_at, v.version)
            )
        ],
        cluster=None if cluster_id is None else cluster_detail(session, cluster_id),
    )
