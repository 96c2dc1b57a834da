"""Deduplication: text fingerprints, their LSH bands, and clusters of copies."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    SmallInteger,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class VersionFingerprint(Base):
    """The MinHash signature of one article version's normalized text, under one scheme.

    Versions, not articles, are fingerprinted because the text belongs to the version; a later
    version of an article can be the copy of another article's text.
    """

    __tablename__ = "version_fingerprints"
    __table_args__ = (
        UniqueConstraint("article_version_id", "scheme", name="uq_version_fingerprints_version"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    article_version_id: Mapped[int] = mapped_column(ForeignKey("article_versions.id"))
    scheme: Mapped[str] = mapped_column(String(100))
    shingles: Mapped[int] = mapped_column(Integer)
    signature: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime]
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id"))


class FingerprintBand(Base):
    """One LSH band of a fingerprint. Fingerprints sharing a band hash are candidate copies.

    The index on the hash makes a lookup cost the same few index probes however many versions
    are stored.
    """

    __tablename__ = "fingerprint_bands"
    __table_args__ = (Index("ix_fingerprint_bands_band_hash", "band_hash"),)

    fingerprint_id: Mapped[int] = mapped_column(
        ForeignKey("version_fingerprints.id"), primary_key=True
    )
    band: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    band_hash: Mapped[int] = mapped_column(BigInteger)


class Cluster(Base):
    """Articles that carry the same text (wire copies, syndication), under one representative.

    Clusters are of articles: that is what a reader means by "the same story in five outlets",
    and it keeps an edited article in one place instead of splitting its versions across
    clusters. The representative is the earliest stored article of the first matching pair.
    """

    __tablename__ = "clusters"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    representative_article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), unique=True)
    created_at: Mapped[datetime]
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id"))


class ClusterMember(Base):
    """An article's place in a cluster: at most one cluster per article, never moved or deleted.

    `article_version_id` is the member's version whose text matched, `matched_version_id` the
    version of the member it matched (none for the representative), `match` is "representative",
    "exact" (same normalized text) or "near" (estimated Jaccard similarity at or above the
    threshold), and `similarity` that estimate.
    """

    __tablename__ = "cluster_members"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cluster_id: Mapped[int] = mapped_column(ForeignKey("clusters.id"), index=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), unique=True)
    article_version_id: Mapped[int] = mapped_column(ForeignKey("article_versions.id"))
    matched_version_id: Mapped[int | None] = mapped_column(ForeignKey("article_versions.id"))
    match: Mapped[str] = mapped_column(String(20))
    similarity: Mapped[float] = mapped_column(Float)
    joined_at: Mapped[datetime]
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id"))
