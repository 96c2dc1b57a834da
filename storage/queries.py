"""Read-side queries: what the CLI and the flows ask of the ledger."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, aliased

from storage.models import Article, ArticleVersion, Capture, FetchLog, Run, Source, UrlAlias


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
    }
    return {
        name: session.scalar(select(func.count()).select_from(model)) or 0
        for name, model in models.items()
    }


def recent_runs(session: Session, limit: int = 10) -> Sequence[Run]:
    return session.scalars(select(Run).order_by(Run.id.desc()).limit(limit)).all()
