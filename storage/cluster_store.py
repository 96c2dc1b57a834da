"""Fingerprints and copy clusters (deduplication): the `version_fingerprints`,
`fingerprint_bands`, `clusters` and `cluster_members` tables, and the candidate copies of a
text.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, bindparam, func, select, text
from sqlalchemy.orm import Session, aliased

from storage.inserts import in_lists, insert_ignoring_conflicts, insert_into, insert_or_nothing
from storage.models import (
    ArticleVersion,
    Cluster,
    ClusterMember,
    FingerprintBand,
    VersionFingerprint,
)
from storage.values import (
    ClusterOutcome,
    CopyCandidate,
    DuplicateMatch,
    FingerprintRow,
    VersionForDedup,
)

# Any constant works; it only has to be the same for every claimledger process on one server.
POSTGRES_CLUSTERING_LOCK_KEY = 0x636C_6475_7065


def lock_clustering(session: Session) -> None:
    """Make this transaction the only one assigning clusters until it ends.

    Without it, two workers fingerprinting two copies of one story at once could each miss the
    other's uncommitted fingerprint, or each start a cluster for the same pair. On PostgreSQL a
    transaction-level advisory lock serialises them (released at commit or rollback). SQLite
    serialises writers already, provided the transaction writes before it reads:
    `store_fingerprints` is the first statement of the dedup transaction for that reason.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT pg_advisory_xact_lock(:key)"), {"key": POSTGRES_CLUSTERING_LOCK_KEY}
        )


def store_fingerprints(
    session: Session,
    scheme: str,
    fingerprints: Sequence[FingerprintRow],
    run_id: int | None,
    now: datetime,
) -> set[int]:
    """Store versions' signatures and bands (two statements); returns the ids of the versions
    fingerprinted now, leaving out those that had this scheme's fingerprint already."""
    fingerprints = list({row.article_version_id: row for row in fingerprints}.values())
    if not fingerprints:
        return set()
    stored: dict[int, int] = {
        version_id: fingerprint_id
        for version_id, fingerprint_id in session.execute(
            insert_or_nothing(session, VersionFingerprint).returning(
                VersionFingerprint.article_version_id, VersionFingerprint.id
            ),
            [
                {
                    "article_version_id": row.article_version_id,
                    "scheme": scheme,
                    "shingles": row.shingles,
                    "signature": row.signature,
                    "created_at": now,
                    "run_id": run_id,
                }
                for row in fingerprints
            ],
        )
    }
    band_rows = [
        {"fingerprint_id": stored[row.article_version_id], "band": band, "band_hash": band_hash}
        for row in fingerprints
        if row.article_version_id in stored
        for band, band_hash in enumerate(row.band_hashes)
    ]
    if band_rows:
        session.execute(insert_into(FingerprintBand), band_rows)
    return set(stored)


def add_to_clusters(
    session: Session, matches: Sequence[DuplicateMatch], run_id: int | None, now: datetime
) -> list[ClusterOutcome]:
    """Put each copying article in the cluster of the article it copies, in order; create a
    cluster where neither is in one. Returns each match's outcome.

    An article already in a cluster stays where it is (first assignment wins, nothing moves). A
    new cluster's representative is the older (lower id) article of the pair, so the outcome does
    not depend on which of the two was fingerprinted first. Call under `lock_clustering`: the
    memberships are read once and followed in memory through the lot, and the new members are
    written in one statement at the end; the unique keys (one cluster per representative, one
    membership per article) still make a rerun add nothing.
    """
    clusters = clusters_of_articles(
        session,
        {article for match in matches for article in (match.article_id, match.matched_article_id)},
    )
    outcomes: list[ClusterOutcome] = []
    rows: list[dict[str, Any]] = []
    for match in matches:
        if match.article_id in clusters:
            outcomes.append(ClusterOutcome.ALREADY_CLUSTERED)
            continue
        copy = {"article_id": match.article_id, "article_version_id": match.version_id}
        original = {
            "article_id": match.matched_article_id,
            "article_version_id": match.matched_version_id,
        }
        cluster_id = clusters.get(match.matched_article_id)
        members: list[dict[str, Any]] = [{**copy, "matched_version_id": match.matched_version_id}]
        if cluster_id is None:
            older, newer = sorted([copy, original], key=lambda member: member["article_id"])
            cluster_id = _create_cluster(session, older["article_id"], run_id, now)
            outcomes.append(ClusterOutcome.CREATED)
            members = [
                {**older, "matched_version_id": None, "match": "representative", "similarity": 1.0},
                {**newer, "matched_version_id": older["article_version_id"]},
            ]
        else:
            outcomes.append(ClusterOutcome.JOINED)
        for member in members:
            clusters[member["article_id"]] = cluster_id
            rows.append(
                {
                    "match": "exact" if match.exact else "near",
                    "similarity": match.similarity,
                    **member,
                    "cluster_id": cluster_id,
                    "joined_at": now,
                    "run_id": run_id,
                }
            )
    insert_ignoring_conflicts(session, ClusterMember, rows)
    return outcomes


def _create_cluster(
    session: Session, representative_article_id: int, run_id: int | None, now: datetime
) -> int:
    insert_ignoring_conflicts(
        session,
        Cluster,
        [
            {
                "representative_article_id": representative_article_id,
                "created_at": now,
                "run_id": run_id,
            }
        ],
    )
    cluster_id = session.scalar(
        select(Cluster.id).where(Cluster.representative_article_id == representative_article_id)
    )
    assert cluster_id is not None  # inserted above, or there already
    return cluster_id


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
    for chunk in in_lists({text_hash for text_hash, _article_id in texts}):
        for text_hash, version_id, article_id in session.execute(
            _EXACT_COPIES, {"text_hashes": chunk}
        ):
            by_hash[text_hash].append((version_id, article_id))
    return [
        next((row for row in by_hash.get(text_hash, ()) if row[1] != article_id), None)
        for text_hash, article_id in texts
    ]


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
    for chunk in in_lists(version_ids):
        rows = session.execute(
            _COPY_CANDIDATES, {"version_ids": chunk, "scheme": scheme, "limit": limit}
        )
        for version_id, article_id, candidate_id, fingerprint_id in rows:
            kept[version_id].append((article_id, candidate_id, fingerprint_id))
    signatures: dict[int, bytes] = {}
    wanted = {fingerprint for candidates in kept.values() for *_, fingerprint in candidates}
    for chunk in in_lists(wanted):
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


def clusters_of_articles(session: Session, article_ids: Iterable[int]) -> dict[int, int]:
    """The cluster of each of these articles that is in one."""
    clusters: dict[int, int] = {}
    for chunk in in_lists(set(article_ids)):
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
