"""Read models of one thing at a time: one version (text, claims, neighbours), one article
(metadata, URLs, versions, cluster) and the clusters of copies.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.urls import host_of
from storage.article_reads import StoredVersion, stored_version
from storage.article_store import article_aliases, article_versions
from storage.claim_store import claim_set_of_version, stored_claim_set
from storage.cluster_store import cluster_of_article
from storage.models import (
    Article,
    ArticleVersion,
    Cluster,
    ClusterMember,
    Source,
)
from storage.values import StoredClaim


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
class VersionDetail(StoredVersion):
    """One stored text of an article with the article it belongs to and its claims: what the
    web page of a version shows.

    `claims` are those of its newest claim set, in text order, each with its stored `id`; None
    when no claim set was extracted from this version yet.
    """

    article_id: int
    canonical_url: str
    latest_version: int
    claims_extractor: str | None
    claims: tuple[StoredClaim, ...] | None


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
    found_set = claim_set_of_version(session, stored.id, extractor_version)
    claim_set = None if found_set is None else stored_claim_set(found_set)
    return VersionDetail(
        **vars(stored_version(stored)),
        article_id=article_id,
        canonical_url=canonical_url,
        latest_version=latest,
        claims_extractor=None if claim_set is None else claim_set.extractor,
        claims=None if claim_set is None else claim_set.claims,
    )


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
    versions: list[StoredVersion]
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
        versions=sorted(
            map(stored_version, article_versions(session, article_id)),
            key=lambda v: (v.fetched_at, v.version),
        ),
        cluster=None if cluster_id is None else cluster_detail(session, cluster_id),
    )
