"""Claim sets (one per version and claim-extractor version), their claims and quantities."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import Base


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
