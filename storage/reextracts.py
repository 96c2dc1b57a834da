"""The SQL of re-extraction: which stored versions a newer extractor has not read yet.

What is done is asked of the database (a claim set, or a `text_reextractions` row, for the
extractor version), so an interrupted run resumes where it stopped and a second run finds
nothing to do.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, aliased

from storage.inserts import insert_ignoring_conflicts
from storage.models import ArticleVersion, Capture, TextReextraction


def versions_for_text_reextraction(
    session: Session, extractor_name: str, extractor_version: str, since: datetime | None
) -> list[int]:
    """Versions whose text came from another extractor version and was not re-read by this one.

    Only the newest reading of each capture counts: a version that was itself re-extracted is
    represented by its re-extraction, so a third extractor version reads each capture once.
    """
    newer_reading = aliased(ArticleVersion)
    superseded = select(newer_reading.id).where(
        newer_reading.article_id == ArticleVersion.article_id,
        newer_reading.capture_sha256 == ArticleVersion.capture_sha256,
        newer_reading.fetched_at == ArticleVersion.fetched_at,
        newer_reading.version > ArticleVersion.version,
    )
    query = (
        select(ArticleVersion.id)
        .where(
            ~(
                (ArticleVersion.extractor_name == extractor_name)
                & (ArticleVersion.extractor_version == extractor_version)
            ),
            ~superseded.exists(),
            ~text_reextraction_row(extractor_name, extractor_version).exists(),
        )
        .order_by(ArticleVersion.id)
    )
    if since is not None:
        query = query.where(ArticleVersion.fetched_at >= since)
    return list(session.scalars(query))


def text_reextraction_row(extractor_name: str, extractor_version: str) -> Select[tuple[int]]:
    """The `text_reextractions` row of the outer query's version for this extractor version."""
    return select(TextReextraction.id).where(
        TextReextraction.article_version_id == ArticleVersion.id,
        TextReextraction.extractor_name == extractor_name,
        TextReextraction.extractor_version == extractor_version,
    )


def text_reextraction_done(
    session: Session, version_id: int, extractor_name: str, extractor_version: str
) -> bool:
    return (
        session.scalar(
            select(TextReextraction.id).where(
                TextReextraction.article_version_id == version_id,
                TextReextraction.extractor_name == extractor_name,
                TextReextraction.extractor_version == extractor_version,
            )
        )
        is not None
    )


def capture_content_type(session: Session, sha256: str) -> str | None:
    return session.scalar(select(Capture.content_type).where(Capture.sha256 == sha256))


def record_text_reextraction(
    session: Session,
    *,
    version_id: int,
    extractor_name: str,
    extractor_version: str,
    outcome: str,
    result_version_id: int | None,
    detail: str | None,
    run_id: int | None,
    now: datetime,
) -> None:
    insert_ignoring_conflicts(
        session,
        TextReextraction,
        [
            {
                "article_version_id": version_id,
                "extractor_name": extractor_name,
                "extractor_version": extractor_version,
                "outcome": outcome,
                "result_version_id": result_version_id,
                "detail": detail,
                "created_at": now,
                "run_id": run_id,
            }
        ],
    )
