"""Claim sets, their claims and quantities (the `claim_sets`, `claims` and `claim_quantities`
tables): stored whole, once per version and extractor version.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from storage.inserts import insert_into, insert_or_nothing
from storage.models import (
    ArticleVersion,
    Claim,
    ClaimQuantity,
    ClaimSet,
)
from storage.values import ClaimRow, ClaimSetRow, QuantityRow, StoredClaim, StoredClaimSet


def store_claim_sets(
    session: Session, sets: Sequence[ClaimSetRow], run_id: int | None, now: datetime
) -> list[bool]:
    """Store claim sets, each whole; per set, False if it was already there.

    The set rows and their claims go in the caller's transaction; a concurrent writer of the
    same set waits on the unique key and then finds it present. The sets, their claims and
    their quantities go in one statement each, so a batch costs a few round trips, not a few
    per claim. A set listed twice is stored once and counted as new once.
    """
    if not sets:
        return []
    set_ids = {
        (version_id, name, version): set_id
        for set_id, version_id, name, version in session.execute(
            insert_or_nothing(session, ClaimSet).returning(
                ClaimSet.id,
                ClaimSet.article_version_id,
                ClaimSet.extractor_name,
                ClaimSet.extractor_version,
            ),
            [
                {
                    "article_version_id": claim_set.article_version_id,
                    "extractor_name": claim_set.extractor_name,
                    "extractor_version": claim_set.extractor_version,
                    "created_at": now,
                    "run_id": run_id,
                    "claim_count": len(claim_set.claims),
                    "casualties": claim_set.casualties,
                }
                for claim_set in sets
            ],
        )
    }
    keys = [
        (claim_set.article_version_id, claim_set.extractor_name, claim_set.extractor_version)
        for claim_set in sets
    ]
    created = {
        set_ids[key]: claim_set.claims
        for key, claim_set in zip(keys, sets, strict=True)
        if key in set_ids
    }.items()
    first_of_key = {key: index for index, key in reversed(list(enumerate(keys)))}
    claims_in_order = [claim for _set_id, claims in created for claim in claims]
    claim_rows = [
        _claim_row(set_id, ordinal, claim)
        for set_id, claims in created
        for ordinal, claim in enumerate(claims)
    ]
    if claim_rows:
        claim_ids = session.scalars(
            insert_into(Claim).returning(Claim.id, sort_by_parameter_order=True), claim_rows
        ).all()
        quantity_rows = [
            _quantity_row(claim_id, ordinal, quantity)
            for claim_id, claim in zip(claim_ids, claims_in_order, strict=True)
            for ordinal, quantity in enumerate(claim.quantities)
        ]
        if quantity_rows:
            session.execute(insert_into(ClaimQuantity), quantity_rows)
    return [key in set_ids and first_of_key[key] == index for index, key in enumerate(keys)]


def _claim_row(set_id: int, ordinal: int, claim: ClaimRow) -> dict[str, Any]:
    return {
        "claim_set_id": set_id,
        "ordinal": ordinal,
        "kind": claim.kind,
        "sentence_start": claim.sentence_start,
        "sentence_end": claim.sentence_end,
        "content_start": claim.content_start,
        "content_end": claim.content_end,
        "content_text": claim.content_text,
        "content_key": claim.content_key,
        "source_text": claim.source_text,
        "source_start": claim.source_start,
        "source_end": claim.source_end,
        "source_resolved": claim.source_resolved,
        "cue_text": claim.cue_text,
        "cue_start": claim.cue_start,
        "cue_end": claim.cue_end,
        "hedge": claim.hedge,
    }


def _quantity_row(claim_id: int, ordinal: int, quantity: QuantityRow) -> dict[str, Any]:
    return {
        "claim_id": claim_id,
        "ordinal": ordinal,
        "start_offset": quantity.start,
        "end_offset": quantity.end,
        "text": quantity.text,
        "value": quantity.value,
        "low": quantity.low,
        "high": quantity.high,
        "approx": quantity.approx,
        "category": quantity.category,
        "outcome": quantity.outcome,
    }


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


def newest_claim_set_id(extractor_version: str | None = None) -> Any:
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
            ClaimSet.id == newest_claim_set_id(extractor_version),
        )
        .options(selectinload(ClaimSet.claims).selectinload(Claim.quantities))
    )


def stored_quantity(quantity: ClaimQuantity) -> QuantityRow:
    return QuantityRow(
        start=quantity.start_offset,
        end=quantity.end_offset,
        text=quantity.text,
        value=quantity.value,
        low=quantity.low,
        high=quantity.high,
        approx=quantity.approx,
        category=quantity.category,
        outcome=quantity.outcome,
    )


def stored_claim(claim: Claim) -> StoredClaim:
    return StoredClaim(
        id=claim.id,
        kind=claim.kind,
        sentence_start=claim.sentence_start,
        sentence_end=claim.sentence_end,
        content_start=claim.content_start,
        content_end=claim.content_end,
        content_text=claim.content_text,
        content_key=claim.content_key,
        source_text=claim.source_text,
        source_start=claim.source_start,
        source_end=claim.source_end,
        source_resolved=claim.source_resolved,
        cue_text=claim.cue_text,
        cue_start=claim.cue_start,
        cue_end=claim.cue_end,
        hedge=claim.hedge,
        quantities=tuple(stored_quantity(quantity) for quantity in claim.quantities),
    )


def stored_claim_set(claim_set: ClaimSet) -> StoredClaimSet:
    """A claim set loaded by `claim_set_of_version` as a plain read model."""
    return StoredClaimSet(
        extractor=f"{claim_set.extractor_name} {claim_set.extractor_version}",
        casualties=claim_set.casualties,
        claims=tuple(stored_claim(claim) for claim in claim_set.claims),
    )
