"""The ledger's tables, as SQLAlchemy 2 typed models.

Every table has a natural unique key next to its surrogate id, so that writes can be upserts and a
rerun, a crash and restart, or two workers at once never duplicate a row. Article versions and
captures are immutable: rows are added, never updated or deleted.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
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
    SmallInteger,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy import text as sql_text
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


def offset_minutes(moment: datetime | None) -> int | None:
    """The UTC offset of an aware datetime in minutes (None for None)."""
    if moment is None:
        return None
    offset = moment.utcoffset()
    return None if offset is None else int(offset.total_seconds() // 60)


def with_offset(moment: datetime | None, minutes: int | None) -> datetime | None:
    """A stored UTC time shown in the offset it was declared in (UTC when none was)."""
    if moment is None or minutes is None:
        return moment
    return moment.astimezone(timezone(timedelta(minutes=minutes)))


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON(),
        list[str]: JSON(),
    }


class Source(Base):
    """A feed or URL list that is polled on a schedule, with its HTTP cache state and health.

    A removed source (`removed_at` set) keeps its row, so its articles, fetch log and exports
    still name it and a `[[sources]]` entry of the same name in the configuration does not
    register it again; `sources add` with its name brings it back.

    `claimed_by_run_id` is the ingest run that claimed the source for its pass and has not
    finished with it yet: a run that ends without finishing (interrupted, failed, or abandoned
    when its heartbeat stops) gives its sources back, due at once, for the next pass.
    """

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
    # Seconds between two polls of this source when healthy; None: `[ingest] poll_interval`.
    poll_interval: Mapped[int | None] = mapped_column(Integer)
    removed_at: Mapped[datetime | None]
    claimed_by_run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id"))


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
    # Rechecks (claimledger.recheck): the page's state and when to fetch it again. `status` is
    # live, gone (404/410) or redirected (to `status_detail`); a live page whose last recheck
    # failed keeps the reason in `status_detail`. `next_check_at` is None when no check is due.
    status: Mapped[str] = mapped_column(String(20), default="live")
    status_detail: Mapped[str | None] = mapped_column(Text)
    next_check_at: Mapped[datetime | None] = mapped_column(index=True)
    checks_done: Mapped[int] = mapped_column(Integer, default=0)
    etag: Mapped[str | None] = mapped_column(String(500))
    last_modified: Mapped[str | None] = mapped_column(String(100))

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
    # News agencies the byline or dateline credits ("Associated Press"), apart from people.
    agencies: Mapped[list[str]] = mapped_column(JSON, default=list, server_default=sql_text("'[]'"))
    published_at: Mapped[datetime | None]
    modified_at: Mapped[datetime | None]
    # The UTC offsets, in minutes, the page declared those dates in (stored as UTC): None when
    # it declared no zone. `with_offset` gives the date as the page wrote it.
    published_offset: Mapped[int | None] = mapped_column(SmallInteger)
    modified_offset: Mapped[int | None] = mapped_column(SmallInteger)
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


class TextReextraction(Base):
    """That one text-extractor version re-read one article version's capture, and what it gave.

    `claimledger reextract` writes one row per (version, extractor version): the new text is
    `result_version_id`, a new version with change kind "reextracted" when the text differs,
    or the version itself when it does not; None when the new extractor failed (`detail`).
    These rows are what makes a rerun skip what is done.
    """

    __tablename__ = "text_reextractions"
    __table_args__ = (
        UniqueConstraint(
            "article_version_id",
            "extractor_name",
            "extractor_version",
            name="uq_text_reextractions_version_extractor",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_version_id: Mapped[int] = mapped_column(ForeignKey("article_versions.id"))
    extractor_name: Mapped[str] = mapped_column(String(100))
    extractor_version: Mapped[str] = mapped_column(String(100))
    outcome: Mapped[str] = mapped_column(String(20))
    result_version_id: Mapped[int | None] = mapped_column(ForeignKey("article_versions.id"))
    detail: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id"))


class RunStatus:
    """Values of `runs.status`."""

    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"
    INTERRUPTED = "interrupted"
    ABANDONED = "abandoned"


class Run(Base):
    """One execution of a flow (scheduled, manual or backfill), with its parameters and counters.

    `status` is running, completed, failed, interrupted (stopped by SIGINT or SIGTERM at a safe
    point) or abandoned (its process vanished: no heartbeat for longer than the run lease).
    A running run's process writes `heartbeat_at` every fifth of the lease.
    """

    __tablename__ = "runs"
    __table_args__ = (Index("ix_runs_status", "status"),)

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
    heartbeat_at: Mapped[datetime | None]


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
    # extractors.fingerprints.claim_content_key(content_text): equal for the same claim repeated.
    content_key: Mapped[str] = mapped_column(String(64), index=True)
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


# --- deduplication: text fingerprints and clusters of copies ------------------------------------


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


# --- manual backfills --------------------------------------------------------------------------


class Backfill(Base):
    """A manual backfill: its inputs and window (`parameters`), keyed by a hash of them.

    Running the same inputs again finds this row and its chunks, which is what makes a backfill
    resumable. `status` summarises the chunks after each run (pending, done, failed).
    """

    __tablename__ = "backfills"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    parameters: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(20))
    updated_at: Mapped[datetime]


class BackfillChunk(Base):
    """One idempotent unit of a backfill: a run of WARC records, or a list of URLs to fetch.

    `parameters` hold everything needed to redo it without re-planning (a WARC path, offset and
    record count; or the URLs with their dates). Status goes pending → running → done or failed;
    a chunk left running by a killed process is redone by the next run, and a failed one keeps
    its error until retried.
    """

    __tablename__ = "backfill_chunks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    backfill_id: Mapped[int] = mapped_column(ForeignKey("backfills.id"), index=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    ordinal: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    label: Mapped[str] = mapped_column(Text)
    items: Mapped[int] = mapped_column(Integer)
    parameters: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    counters: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]


# --- feed entries not yet stored -----------------------------------------------------------------


class PendingEntry(Base):
    """A feed entry chosen for fetching and not yet stored or given up on.

    Ingest tracks every entry it picks until its page is stored (the row is deleted) or
    refused for good, so that a timeout or a 5xx is retried by later passes even when the feed
    is unchanged or no longer lists the entry, and entries beyond the per-source cap wait here
    for the next passes. `status` is pending (fetched again once `next_try_at` has come) or
    abandoned (a final refusal, or too many failed attempts; `last_error` says which).
    """

    __tablename__ = "pending_entries"
    __table_args__ = (
        UniqueConstraint("source_id", "url", name="uq_pending_entries_source_url"),
        Index("ix_pending_entries_url", "url"),
        Index("ix_pending_entries_status_next_try_at", "status", "next_try_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"))
    url: Mapped[str] = mapped_column(String(2048))
    published: Mapped[datetime | None]  # the feed's date for the entry, newest taken first
    status: Mapped[str] = mapped_column(String(20))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_try_at: Mapped[datetime]
    last_outcome: Mapped[str | None] = mapped_column(String(40))
    last_error: Mapped[str | None] = mapped_column(Text)
    first_seen_at: Mapped[datetime]
    updated_at: Mapped[datetime]
