"""Read-side queries: what the CLI and the flows ask of the ledger."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Select, bindparam, func, or_, select
from sqlalchemy.orm import Session, aliased, selectinload

from storage.models import (
    Article,
    ArticleVersion,
    Capture,
    Claim,
    ClaimQuantity,
    ClaimSet,
    Cluster,
    ClusterMember,
    FetchLog,
    FingerprintBand,
    Run,
    Source,
    UrlAlias,
    VersionFingerprint,
)


def list_sources(session: Session) -> Sequence[Source]:
    """The registered sources by name, removed ones left out."""
    return session.scalars(
        select(Source).where(Source.removed_at.is_(None)).order_by(Source.name)
    ).all()


def removed_sources(session: Session, names: Iterable[str]) -> dict[str, datetime]:
    """Of these source names, those of removed sources, with when they were removed."""
    return {
        name: removed_at
        for name, removed_at in session.execute(
            select(Source.name, Source.removed_at).where(
                Source.name.in_(list(names)), Source.removed_at.is_not(None)
            )
        )
        if removed_at is not None
    }


def due_sources(
    session: Session, now: datetime, names: Iterable[str] | None = None
) -> Sequence[Source]:
    """Enabled sources whose next poll time has come (or was never set).

    Naming sources explicitly polls them now, whatever their schedule says: that is what an
    operator who asks for them by name expects.
    """
    query = select(Source).where(Source.enabled.is_(True)).order_by(Source.id)
    wanted = list(names or [])
    if wanted:
        query = query.where(Source.name.in_(wanted))
    else:
        query = query.where(or_(Source.next_poll_at.is_(None), Source.next_poll_at <= now))
    return session.scalars(query).all()


def last_checked(session: Session, urls: Iterable[str]) -> dict[str, datetime]:
    """For each URL already known as an alias: when its article was last fetched and compared."""
    url_list = list(dict.fromkeys(urls))
    found: dict[str, datetime] = {}
    for start in range(0, len(url_list), 500):
        rows = session.execute(
            select(UrlAlias.url, Article.last_checked_at)
            .join(Article, Article.id == UrlAlias.article_id)
            .where(UrlAlias.url.in_(url_list[start : start + 500]))
        )
        found.update({url: checked for url, checked in rows})
    return found


def find_article(session: Session, url: str) -> Article | None:
    """The article known under this URL (canonical or any alias), given already normalized."""
    return session.scalar(
        select(Article).join(UrlAlias, UrlAlias.article_id == Article.id).where(UrlAlias.url == url)
    ) or session.scalar(select(Article).where(Article.canonical_url == url))


def versions_around(
    session: Session, article_id: int, moment: datetime
) -> tuple[ArticleVersion | None, ArticleVersion | None]:
    """The versions just before (or at) and just after `moment`, in fetch-time order."""
    in_article = ArticleVersion.article_id == article_id
    before = session.scalar(
        select(ArticleVersion)
        .where(in_article, ArticleVersion.fetched_at <= moment)
        .order_by(ArticleVersion.fetched_at.desc(), ArticleVersion.version.desc())
        .limit(1)
    )
    after = session.scalar(
        select(ArticleVersion)
        .where(in_article, ArticleVersion.fetched_at > moment)
        .order_by(ArticleVersion.fetched_at, ArticleVersion.version)
        .limit(1)
    )
    return before, after


def version_with_text(
    session: Session, article_id: int, text_hash: str, before: datetime
) -> int | None:
    """The newest version fetched before `before` whose text has this hash (for reverts)."""
    return session.scalar(
        select(ArticleVersion.version)
        .where(
            ArticleVersion.article_id == article_id,
            ArticleVersion.text_hash == text_hash,
            ArticleVersion.fetched_at <= before,
        )
        .order_by(ArticleVersion.fetched_at.desc())
        .limit(1)
    )


def version_id(session: Session, article_id: int, number: int) -> int:
    """The id of an article's version `number`."""
    found = session.scalar(
        select(ArticleVersion.id).where(
            ArticleVersion.article_id == article_id, ArticleVersion.version == number
        )
    )
    if found is None:
        raise LookupError(f"article {article_id} has no version {number}")
    return found


def article_versions(session: Session, article_id: int) -> Sequence[ArticleVersion]:
    return session.scalars(
        select(ArticleVersion)
        .where(ArticleVersion.article_id == article_id)
        .order_by(ArticleVersion.version)
    ).all()


def article_aliases(session: Session, article_id: int) -> list[str]:
    return list(
        session.scalars(
            select(UrlAlias.url).where(UrlAlias.article_id == article_id).order_by(UrlAlias.id)
        )
    )


def table_counts(session: Session) -> dict[str, int]:
    """Row counts of the main tables: what `status` shows and what idempotency tests compare."""
    models = {
        "sources": Source,
        "articles": Article,
        "url_aliases": UrlAlias,
        "article_versions": ArticleVersion,
        "captures": Capture,
        "fetch_log": FetchLog,
        "runs": Run,
        "claim_sets": ClaimSet,
        "claims": Claim,
        "claim_quantities": ClaimQuantity,
        "version_fingerprints": VersionFingerprint,
        "clusters": Cluster,
        "cluster_members": ClusterMember,
    }
    return {
        name: session.scalar(select(func.count()).select_from(model)) or 0
        for name, model in models.items()
    }


# --- claims ------------------------------------------------------------------------------------


def versions_without_claims(
    session: Session,
    extractor_name: str,
    extractor_version: str,
    *,
    limit: int | None = None,
    since: datetime | None = None,
    newest_first: bool = True,
) -> list[int]:
    """Article versions (fetched since `since`) this extractor version has not processed yet.

    Ingest takes the newest first, up to a limit per pass; re-extraction walks them all, oldest
    first, so an interrupted run resumes where it stopped.
    """
    done = select(ClaimSet.id).where(
        ClaimSet.article_version_id == ArticleVersion.id,
        ClaimSet.extractor_name == extractor_name,
        ClaimSet.extractor_version == extractor_version,
    )
    query = (
        select(ArticleVersion.id)
        .where(~done.exists())
        .order_by(ArticleVersion.id.desc() if newest_first else ArticleVersion.id)
        .limit(limit)
    )
    if since is not None:
        query = query.where(ArticleVersion.fetched_at >= since)
    return list(session.scalars(query))


def version_texts(session: Session, version_ids: Iterable[int]) -> dict[int, str]:
    ids = list(version_ids)
    rows = session.execute(
        select(ArticleVersion.id, ArticleVersion.text).where(ArticleVersion.id.in_(ids))
    )
    return {version_id: text for version_id, text in rows}


def _newest_claim_set_id(extractor_version: str | None = None) -> Any:
    """Per article version: the newest claim set (or the newest of one extractor version)."""
    query = select(func.max(ClaimSet.id)).where(ClaimSet.article_version_id == ArticleVersion.id)
    if extractor_version is not None:
        query = query.where(ClaimSet.extractor_version == extractor_version)
    return query.correlate(ArticleVersion).scalar_subquery()


def claim_set_of_version(
    session: Session, version_id: int, extractor_version: str | None = None
) -> ClaimSet | None:
    """The newest claim set of one article version, with its claims and quantities loaded."""
    return session.scalar(
        select(ClaimSet)
        .join(ArticleVersion, ArticleVersion.id == ClaimSet.article_version_id)
        .where(
            ArticleVersion.id == version_id,
            ClaimSet.id == _newest_claim_set_id(extractor_version),
        )
        .options(selectinload(ClaimSet.claims).selectinload(Claim.quantities))
    )


def quantity_dict(quantity: ClaimQuantity) -> dict[str, Any]:
    """A stored quantity in the extractor's JSON shape."""
    return {
        "start": quantity.start_offset,
        "end": quantity.end_offset,
        "text": quantity.text,
        "value": quantity.value,
        "low": quantity.low,
        "high": quantity.high,
        "approx": quantity.approx,
        "category": quantity.category,
        "outcome": quantity.outcome,
    }


def claim_dict(claim: Claim) -> dict[str, Any]:
    """A stored claim in the extractor's JSON contract, so stored and fresh results compare."""

    def span(start: int | None, end: int | None, text: str | None) -> dict[str, Any] | None:
        return None if start is None or end is None else {"start": start, "end": end, "text": text}

    source = span(claim.source_start, claim.source_end, claim.source_text)
    if source is not None:
        source["resolved"] = claim.source_resolved
    return {
        "start": claim.sentence_start,
        "end": claim.sentence_end,
        "kind": claim.kind,
        "content": span(claim.content_start, claim.content_end, claim.content_text),
        "source": source,
        "cue": span(claim.cue_start, claim.cue_end, claim.cue_text),
        "hedge": claim.hedge,
        "quantities": [quantity_dict(quantity) for quantity in claim.quantities],
    }


def claim_set_dict(claim_set: ClaimSet) -> dict[str, Any]:
    return {
        "extractor": f"{claim_set.extractor_name} {claim_set.extractor_version}",
        "casualties": claim_set.casualties,
        "claims": [claim_dict(claim) for claim in claim_set.claims],
    }


# --- deduplication -------------------------------------------------------------------------------


def versions_without_fingerprints(session: Session, scheme: str, limit: int) -> list[int]:
    """Article versions not yet fingerprinted under this scheme, oldest first.

    Oldest first so that, within a pass, the article seen first is already stored when its
    copies are looked up.
    """
    done = select(VersionFingerprint.id).where(
        VersionFingerprint.article_version_id == ArticleVersion.id,
        VersionFingerprint.scheme == scheme,
    )
    return list(
        session.scalars(
            select(ArticleVersion.id).where(~done.exists()).order_by(ArticleVersion.id).limit(limit)
        )
    )


@dataclass(frozen=True)
class VersionForDedup:
    id: int
    article_id: int
    text_hash: str
    text: str


def versions_for_dedup(session: Session, version_ids: Iterable[int]) -> list[VersionForDedup]:
    rows = session.execute(
        select(
            ArticleVersion.id,
            ArticleVersion.article_id,
            ArticleVersion.text_hash,
            ArticleVersion.text,
        )
        .where(ArticleVersion.id.in_(list(version_ids)))
        .order_by(ArticleVersion.id)
    )
    return [VersionForDedup(*row) for row in rows]


def _exact_copies_statement() -> Select[tuple[str, int, int]]:
    """Per text hash of `exact_copies`, the two oldest articles with it and their oldest
    versions with it. Built once, like `_COPY_CANDIDATES`."""
    per_article = (
        select(
            ArticleVersion.text_hash,
            ArticleVersion.article_id,
            func.min(ArticleVersion.id).label("version_id"),
            func.row_number()
            .over(partition_by=ArticleVersion.text_hash, order_by=ArticleVersion.article_id)
            .label("rank"),
        )
        .where(ArticleVersion.text_hash.in_(bindparam("text_hashes", expanding=True)))
        .group_by(ArticleVersion.text_hash, ArticleVersion.article_id)
        .subquery()
    )
    return (
        select(per_article.c.text_hash, per_article.c.version_id, per_article.c.article_id)
        .where(per_article.c.rank <= 2)
        .order_by(per_article.c.text_hash, per_article.c.rank)
    )


_EXACT_COPIES = _exact_copies_statement()


def exact_copies(
    session: Session, texts: Sequence[tuple[str, int]]
) -> list[tuple[int, int] | None]:
    """For each (text hash, article id): (version id, article id) of the oldest other article
    with a version of this very text, or None.

    One query for a whole lot of versions. Per text it reads the two oldest articles with it
    (their oldest versions), whatever the number of copies: the oldest other article is one
    of those two.
    """
    by_hash: defaultdict[str, list[tuple[int, int]]] = defaultdict(list)
    for chunk in _chunks({text_hash for text_hash, _article_id in texts}):
        for text_hash, version_id, article_id in session.execute(
            _EXACT_COPIES, {"text_hashes": chunk}
        ):
            by_hash[text_hash].append((version_id, article_id))
    return [
        next((row for row in by_hash.get(text_hash, ()) if row[1] != article_id), None)
        for text_hash, article_id in texts
    ]


@dataclass(frozen=True)
class CopyCandidate:
    version_id: int
    article_id: int
    signature: bytes


def _copy_candidates_statement() -> Select[tuple[int, int, int, int]]:
    """The pairs (version, candidate) of `copy_candidates`, the first `limit` per version.

    Built once: making the aliased joins afresh for every lot cost more than running them.
    """
    own_fingerprint, own_band, other_band = (
        aliased(VersionFingerprint),
        aliased(FingerprintBand),
        aliased(FingerprintBand),
    )
    own_version, candidate_version = aliased(ArticleVersion), aliased(ArticleVersion)
    pairs = (
        select(
            own_fingerprint.article_version_id.label("version_id"),
            candidate_version.article_id,
            candidate_version.id.label("candidate_id"),
            VersionFingerprint.id.label("fingerprint_id"),
        )
        .select_from(own_fingerprint)
        .join(own_version, own_version.id == own_fingerprint.article_version_id)
        .join(own_band, own_band.fingerprint_id == own_fingerprint.id)
        .join(other_band, other_band.band_hash == own_band.band_hash)
        .join(VersionFingerprint, VersionFingerprint.id == other_band.fingerprint_id)
        .join(candidate_version, candidate_version.id == VersionFingerprint.article_version_id)
        .where(
            own_fingerprint.article_version_id.in_(bindparam("version_ids", expanding=True)),
            own_fingerprint.scheme == bindparam("scheme"),
            VersionFingerprint.scheme == bindparam("scheme"),
            candidate_version.article_id != own_version.article_id,
        )
        .distinct()
        .subquery()
    )
    rank = func.row_number().over(
        partition_by=pairs.c.version_id, order_by=(pairs.c.article_id, pairs.c.candidate_id)
    )
    ranked = select(pairs, rank.label("rank")).subquery()
    return (
        select(
            ranked.c.version_id, ranked.c.article_id, ranked.c.candidate_id, ranked.c.fingerprint_id
        )
        .where(ranked.c.rank <= bindparam("limit"))
        .order_by(ranked.c.version_id, ranked.c.rank)
    )


_COPY_CANDIDATES = _copy_candidates_statement()


def copy_candidates(
    session: Session, scheme: str, version_ids: Sequence[int], limit: int
) -> dict[int, list[CopyCandidate]]:
    """For each of these versions, whose fingerprints under `scheme` are stored: the
    fingerprinted versions of other articles sharing at least one LSH band with it, oldest
    article first, `limit` at most (a cap for the rare pathological case of thousands of copies
    of one text).

    Two queries for a whole lot of versions, whatever the number of stored versions: the first
    `limit` pairs per version that share a band (index probes on the band hash, from the
    versions' own stored bands), then the signatures of the candidates kept.
    """
    kept: defaultdict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for chunk in _chunks(version_ids):
        rows = session.execute(
            _COPY_CANDIDATES, {"version_ids": chunk, "scheme": scheme, "limit": limit}
        )
        for version_id, article_id, candidate_id, fingerprint_id in rows:
            kept[version_id].append((article_id, candidate_id, fingerprint_id))
    signatures: dict[int, bytes] = {}
    wanted = {fingerprint for candidates in kept.values() for *_, fingerprint in candidates}
    for chunk in _chunks(wanted):
        found = session.execute(
            select(VersionFingerprint.id, VersionFingerprint.signature).where(
                VersionFingerprint.id.in_(chunk)
            )
        )
        signatures.update({fingerprint_id: signature for fingerprint_id, signature in found})
    return {
        version_id: [
            CopyCandidate(candidate_id, article_id, signatures[fingerprint_id])
            for article_id, candidate_id, fingerprint_id in candidates
        ]
        for version_id, candidates in kept.items()
    }


# Values per IN list: far below every database's limit on bound parameters.
_IN_LIST_SIZE = 1000


def _chunks(values: Iterable[Any]) -> Iterable[list[Any]]:
    ordered = sorted(values)
    for start in range(0, len(ordered), _IN_LIST_SIZE):
        yield ordered[start : start + _IN_LIST_SIZE]


def clusters_of_articles(session: Session, article_ids: Iterable[int]) -> dict[int, int]:
    """The cluster of each of these articles that is in one."""
    clusters: dict[int, int] = {}
    for chunk in _chunks(set(article_ids)):
        rows = session.execute(
            select(ClusterMember.article_id, ClusterMember.cluster_id).where(
                ClusterMember.article_id.in_(chunk)
            )
        )
        clusters.update({article_id: cluster_id for article_id, cluster_id in rows})
    return clusters


def cluster_of_article(session: Session, article_id: int) -> int | None:
    return session.scalar(
        select(ClusterMember.cluster_id).where(ClusterMember.article_id == article_id)
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
