"""Read-side queries: what the CLI and the flows ask of the ledger."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, aliased, selectinload

from storage.models import (
    Article,
    ArticleVersion,
    Capture,
    Claim,
    ClaimQuantity,
    ClaimSet,
    FetchLog,
    Run,
    Source,
    UrlAlias,
)


def list_sources(session: Session) -> Sequence[Source]:
    return session.scalars(select(Source).order_by(Source.name)).all()


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


@dataclass(frozen=True)
class ArticleSummary:
    id: int
    canonical_url: str
    title: str | None
    published_at: datetime | None
    versions: int
    first_seen_at: datetime
    last_checked_at: datetime


def list_articles(session: Session, limit: int = 50, offset: int = 0) -> list[ArticleSummary]:
    """Articles, newest first seen first, with the title of their latest version."""
    latest = aliased(ArticleVersion)
    rows = session.execute(
        select(Article, latest.title, latest.published_at)
        .join(
            latest,
            and_(latest.article_id == Article.id, latest.version == Article.latest_version),
            isouter=True,
        )
        .order_by(Article.first_seen_at.desc(), Article.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return [
        ArticleSummary(
            id=article.id,
            canonical_url=article.canonical_url,
            title=title,
            published_at=published_at,
            versions=article.latest_version,
            first_seen_at=article.first_seen_at,
            last_checked_at=article.last_checked_at,
        )
        for article, title, published_at in rows
    ]


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
    }
    return {
        name: session.scalar(select(func.count()).select_from(model)) or 0
        for name, model in models.items()
    }


def recent_runs(session: Session, limit: int = 10) -> Sequence[Run]:
    return session.scalars(select(Run).order_by(Run.id.desc()).limit(limit)).all()


# --- claims ------------------------------------------------------------------------------------


def versions_without_claims(
    session: Session, extractor_name: str, extractor_version: str, limit: int
) -> list[int]:
    """Article versions that this extractor version has not processed yet, newest first."""
    done = select(ClaimSet.id).where(
        ClaimSet.article_version_id == ArticleVersion.id,
        ClaimSet.extractor_name == extractor_name,
        ClaimSet.extractor_version == extractor_version,
    )
    return list(
        session.scalars(
            select(ArticleVersion.id)
            .where(~done.exists())
            .order_by(ArticleVersion.id.desc())
            .limit(limit)
        )
    )


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


@dataclass(frozen=True)
class ClaimListing:
    """A claim with where it was found, as `claims list` shows it."""

    claim_id: int
    article_url: str
    version: int
    published_at: datetime | None
    kind: str
    source: str | None
    source_resolved: str | None
    cue: str | None
    hedge: str | None
    content: str
    quantities: list[dict[str, Any]]
    extractor: str


def list_claims(
    session: Session,
    *,
    source: str | None = None,
    category: str | None = None,
    since: datetime | None = None,
    extractor_version: str | None = None,
    limit: int = 100,
) -> list[ClaimListing]:
    """Claims of each article's latest version (newest claim set), newest articles first.

    `source` matches the source as written or as resolved, case-insensitively and in part;
    `category` keeps claims with a quantity of that category; `since` compares the publication
    date (or the fetch date when the page gives none).
    """
    published = func.coalesce(ArticleVersion.published_at, ArticleVersion.fetched_at)
    query = (
        select(
            Claim,
            Article.canonical_url,
            ArticleVersion.version,
            ArticleVersion.published_at,
            ClaimSet.extractor_name,
            ClaimSet.extractor_version,
        )
        .join(ClaimSet, ClaimSet.id == Claim.claim_set_id)
        .join(ArticleVersion, ArticleVersion.id == ClaimSet.article_version_id)
        .join(
            Article,
            and_(
                Article.id == ArticleVersion.article_id,
                Article.latest_version == ArticleVersion.version,
            ),
        )
        .where(ClaimSet.id == _newest_claim_set_id(extractor_version))
        .options(selectinload(Claim.quantities))
        .order_by(published.desc(), Article.id.desc(), Claim.ordinal)
        .limit(limit)
    )
    if source:
        pattern = f"%{source}%"
        query = query.where(
            or_(Claim.source_text.ilike(pattern), Claim.source_resolved.ilike(pattern))
        )
    if category:
        query = query.where(
            select(ClaimQuantity.id)
            .where(ClaimQuantity.claim_id == Claim.id, ClaimQuantity.category == category)
            .exists()
        )
    if since is not None:
        query = query.where(published >= since)
    return [
        ClaimListing(
            claim_id=claim.id,
            article_url=url,
            version=version,
            published_at=published_at,
            kind=claim.kind,
            source=claim.source_text,
            source_resolved=claim.source_resolved,
            cue=claim.cue_text,
            hedge=claim.hedge,
            content=claim.content_text,
            quantities=[quantity_dict(q) for q in claim.quantities],
            extractor=f"{name} {extractor}",
        )
        for claim, url, version, published_at, name, extractor in session.execute(query)
    ]


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
