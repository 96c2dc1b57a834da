"""The ledger's tables, as SQLAlchemy 2 typed models.

Every table has a natural unique key next to its surrogate id, so that writes can be upserts and a
rerun, a crash and restart, or two workers at once never duplicate a row. Article versions and
captures are immutable: rows are added, never updated or deleted.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Timestamps stored and returned as timezone-aware UTC on SQLite and PostgreSQL alike.

    SQLite has no time zone type and returns naive datetimes; without this the same query would
    give aware values on PostgreSQL and naive ones on SQLite, and comparisons would break.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: claimledger stores UTC-aware times only")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON(),
        list[str]: JSON(),
    }


class Source(Base):
    """A feed or URL list that is polled on a schedule, with its HTTP cache state and health."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    url: Mapped[str] = mapped_column(String(2048), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    etag: Mapped[str | None] = mapped_column(String(500))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    last_body_hash: Mapped[str | None] = mapped_column(String(64))
    last_polled_at: Mapped[datetime | None]
    next_poll_at: Mapped[datetime | None]
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    last_status: Mapped[str | None] = mapped_column(String(40))
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]


class FetchLog(Base):
    """One row per HTTP request or file read: what was asked, what came back, and why not."""

    __tablename__ = "fetch_log"
    __table_args__ = (Index("ix_fetch_log_url", "url"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id"), index=True)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(20))
    url: Mapped[str] = mapped_column(String(2048))
    final_url: Mapped[str | None] = mapped_column(String(2048))
    requested_at: Mapped[datetime]
    status: Mapped[int | None] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(String(40))
    bytes: Mapped[int] = mapped_column(Integer, default=0)
    elapsed_ms: Mapped[float] = mapped_column(Float)
    error: Mapped[str | None] = mapped_column(Text)


class Article(Base):
    """One news article, identified by its canonical URL; its texts live in `article_versions`."""

    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    canonical_url: Mapped[str] = mapped_column(String(2048), unique=True)
    first_seen_at: Mapped[datetime]
    last_checked_at: Mapped[datetime]
    latest_version: Mapped[int] = mapped_column(Integer, default=0)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"), index=True)

    versions: Mapped[list[ArticleVersion]] = relationship(
        back_populates="article", order_by="ArticleVersion.version"
    )
    aliases: Mapped[list[UrlAlias]] = relationship(back_populates="article")


class UrlAlias(Base):
    """Every normalized URL an article was seen under (feed link, redirect target, canonical)."""

    __tablename__ = "url_aliases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(String(2048), unique=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)
    first_seen_at: Mapped[datetime]

    article: Mapped[Article] = relationship(back_populates="aliases")


class Capture(Base):
    """A fetched body, compressed, stored once per content hash so extractors can re-read it."""

    __tablename__ = "captures"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    url: Mapped[str] = mapped_column(String(2048))
    content_type: Mapped[str | None] = mapped_column(String(200))
    size: Mapped[int] = mapped_column(Integer)
    compression: Mapped[str] = mapped_column(String(10))
    body: Mapped[bytes] = mapped_column(LargeBinary)
    fetched_at: Mapped[datetime]


class ArticleVersion(Base):
    """An immutable text of an article: added only when its content really changed.

    Numbers follow insertion; time order is `fetched_at`, so an archived capture older than
    the stored versions becomes an earlier version without renumbering anything. The article's
    `latest_version` names the version with the newest `fetched_at`.
    """

    __tablename__ = "article_versions"
    __table_args__ = (
        UniqueConstraint("article_id", "version", name="uq_article_versions_article_version"),
        Index("ix_article_versions_text_hash", "text_hash"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"))
    version: Mapped[int] = mapped_column(Integer)
    url: Mapped[str] = mapped_column(String(2048))
    fetched_at: Mapped[datetime]
    capture_sha256: Mapped[str] = mapped_column(ForeignKey("captures.sha256"))
    text_hash: Mapped[str] = mapped_column(String(64))
    title: Mapped[str | None] = mapped_column(Text)
    authors: Mapped[list[str]] = mapped_column(JSON, default=list)
    published_at: Mapped[datetime | None]
    modified_at: Mapped[datetime | None]
    language: Mapped[str | None] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    extractor_name: Mapped[str] = mapped_column(String(100))
    extractor_version: Mapped[str] = mapped_column(String(100))
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id"))
    # How this version differs from the one before it in time (`previous_version`); a text
    # that returns to an earlier version's text names that version in `reverts_to`.
    previous_version: Mapped[int | None] = mapped_column(Integer)
    change_kinds: Mapped[list[str]] = mapped_column(JSON, default=list)
    words_added: Mapped[int] = mapped_column(Integer, default=0)
    words_removed: Mapped[int] = mapped_column(Integer, default=0)
    reverts_to: Mapped[int | None] = mapped_column(Integer)

    article: Mapped[Article] = relationship(back_populates="versions")


class Run(Base):
    """One execution of a flow (scheduled, manual or backfill), with its parameters and counters."""

    __tablename__ = "runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    flow_name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))
    parameters: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(20))
    counters: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    error: Mapped[str | None] = mapped_column(Text)
    prefect_flow_run_id: Mapped[str | None] = mapped_column(String(64))


class ClaimSet(Base):
    """The claims one extractor version found in one article version: written whole, never edited.

    A new extractor version adds a new set beside the old ones; queries read the newest set by
    default. The set row and its claims are written in one transaction, so no reader ever sees a
    half-written set.
    """

    __tablename__ = "claim_sets"
    __table_args__ = (
        UniqueConstraint(
            "article_version_id",
            "extractor_name",
            "extractor_version",
            name="uq_claim_sets_version_extractor",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_version_id: Mapped[int] = mapped_column(ForeignKey("article_versions.id"))
    extractor_name: Mapped[str] = mapped_column(String(100))
    extractor_version: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime]
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id"))
    claim_count: Mapped[int] = mapped_column(Integer)
    casualties: Mapped[dict[str, Any]] = mapped_column(JSON)

    claims: Mapped[list[Claim]] = relationship(back_populates="claim_set", order_by="Claim.ordinal")


class Claim(Base):
    """A statement attributed to a source, or carrying a casualty count; offsets index the text."""

    __tablename__ = "claims"
    __table_args__ = (
        UniqueConstraint("claim_set_id", "ordinal", name="uq_claims_set_ordinal"),
        Index("ix_claims_source_resolved", "source_resolved"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    claim_set_id: Mapped[int] = mapped_column(ForeignKey("claim_sets.id"))
    ordinal: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(40))
    sentence_start: Mapped[int] = mapped_column(Integer)
    sentence_end: Mapped[int] = mapped_column(Integer)
    content_start: Mapped[int] = mapped_column(Integer)
    content_end: Mapped[int] = mapped_column(Integer)
    content_text: Mapped[str] = mapped_column(Text)
    source_text: Mapped[str | None] = mapped_column(Text)
    source_start: Mapped[int | None] = mapped_column(Integer)
    source_end: Mapped[int | None] = mapped_column(Integer)
    source_resolved: Mapped[str | None] = mapped_column(Text)
    cue_text: Mapped[str | None] = mapped_column(Text)
    cue_start: Mapped[int | None] = mapped_column(Integer)
    cue_end: Mapped[int | None] = mapped_column(Integer)
    hedge: Mapped[str | None] = mapped_column(Text)

    claim_set: Mapped[ClaimSet] = relationship(back_populates="claims")
    quantities: Mapped[list[ClaimQuantity]] = relationship(
        back_populates="claim", order_by="ClaimQuantity.ordinal"
    )


class ClaimQuantity(Base):
    """A count of people in a claim: the value as written, its bounds, and what happened."""

    __tablename__ = "claim_quantities"
    __table_args__ = (
        UniqueConstraint("claim_id", "ordinal", name="uq_claim_quantities_claim_ordinal"),
        Index("ix_claim_quantities_category_outcome", "category", "outcome"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"))
    ordinal: Mapped[int] = mapped_column(Integer)
    start_offset: Mapped[int] = mapped_column(Integer)
    end_offset: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    value: Mapped[int | None] = mapped_column(BigInteger)
    low: Mapped[int | None] = mapped_column(BigInteger)
    high: Mapped[int | None] = mapped_column(BigInteger)
    approx: Mapped[str | None] = mapped_column(Text)
    category: Mapped[str | None] = mapped_column(String(40))
    outcome: Mapped[str | None] = mapped_column(String(40))

    claim: Mapped[Claim] = relationship(back_populates="quantities")
