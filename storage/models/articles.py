"""Articles, the URLs they are known by, raw captures and immutable versions of their text."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import Base


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
