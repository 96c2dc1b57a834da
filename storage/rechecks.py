"""The SQL of rechecks: which articles are due, claiming them, and what a check found.

Two workers must never refetch the same article in one pass, so taking due articles is one
UPDATE that pushes their `next_check_at` forward by a lease (RETURNING the ids it took); on
PostgreSQL its subquery locks rows with FOR UPDATE SKIP LOCKED, so a concurrent claimer skips
them instead of waiting and double-taking, and on SQLite the statement runs under the single
write lock. A worker that dies mid-pass leaves its articles due again when the lease ends.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, select, update
from sqlalchemy.orm import Session, aliased

from storage.article_store import mark_checked
from storage.models import Article, ArticleVersion


class ArticleStatus:
    """Values of `articles.status`."""

    LIVE = "live"
    GONE = "gone"
    REDIRECTED = "redirected"


def claim_due_articles(
    session: Session, now: datetime, budget: int, lease_until: datetime
) -> list[int]:
    """Take up to `budget` live articles whose check is due, oldest due first.

    Their `next_check_at` becomes `lease_until` in the same statement, so nobody else takes them
    before `record_check` sets the real next time.
    """
    if budget <= 0:
        return []
    due = aliased(Article)
    due_ids = (
        select(due.id)
        .where(due.status == ArticleStatus.LIVE, due.next_check_at <= now)
        .order_by(due.next_check_at, due.id)
        .limit(budget)
        .with_for_update(skip_locked=True)
    )
    taken = session.scalars(
        update(Article)
        .where(Article.id.in_(due_ids))
        .values(next_check_at=lease_until)
        .returning(Article.id)
    )
    return sorted(taken)


@dataclass(frozen=True)
class CheckTarget:
    """What a recheck needs to know about one article, read before the network is touched."""

    article_id: int
    canonical_url: str
    fetch_url: str
    source_id: int | None
    first_seen_at: datetime
    checks_done: int
    etag: str | None
    last_modified: str | None


def check_targets(session: Session, article_ids: Iterable[int]) -> list[CheckTarget]:
    """The articles to check, each with the URL its latest version was read from."""
    latest = aliased(ArticleVersion)
    rows = session.execute(
        select(Article, latest.url)
        .join(
            latest,
            and_(latest.article_id == Article.id, latest.version == Article.latest_version),
        )
        .where(Article.id.in_(list(article_ids)))
        .order_by(Article.id)
    )
    return [
        CheckTarget(
            article_id=article.id,
            canonical_url=article.canonical_url,
            fetch_url=url,
            source_id=article.source_id,
            first_seen_at=article.first_seen_at,
            checks_done=article.checks_done,
            etag=article.etag,
            last_modified=article.last_modified,
        )
        for article, url in rows
    ]


@dataclass(frozen=True)
class Validators:
    """A page's HTTP cache validators, sent back as If-None-Match / If-Modified-Since."""

    etag: str | None
    last_modified: str | None


@dataclass(frozen=True)
class CheckRecord:
    """What one recheck of an article found, to be written onto the article row.

    `counted` is False for a check that never reached the server (host busy): it is retried
    without using up a step of the schedule. `validators` None keeps the stored ones.
    """

    status: str
    detail: str | None
    next_check_at: datetime | None
    checked_at: datetime | None = None
    validators: Validators | None = None
    counted: bool = True


def record_check(session: Session, article_id: int, record: CheckRecord) -> None:
    values: dict[str, object] = {
        "status": record.status,
        "status_detail": record.detail,
        "next_check_at": record.next_check_at,
    }
    if record.counted:
        values["checks_done"] = Article.checks_done + 1
    if record.validators is not None:
        values["etag"] = record.validators.etag
        values["last_modified"] = record.validators.last_modified
    session.execute(update(Article).where(Article.id == article_id).values(**values))
    if record.checked_at is not None:
        mark_checked(session, article_id, record.checked_at)


def note_page_fetched(
    session: Session,
    article_id: int,
    validators: Validators,
    first_check_at: datetime | None,
) -> None:
    """After ingest stored a page: keep its validators, and schedule the first recheck of an
    article never scheduled before (an article whose schedule has run out stays unscheduled)."""
    session.execute(
        update(Article)
        .where(Article.id == article_id)
        .values(
            etag=validators.etag,
            last_modified=validators.last_modified,
            status=ArticleStatus.LIVE,
            status_detail=None,
        )
    )
    if first_check_at is not None:
        session.execute(
            update(Article)
            .where(
                Article.id == article_id,
                Article.next_check_at.is_(None),
                Article.checks_done == 0,
            )
            .values(next_check_at=first_check_at)
        )
