"""Articles, their URLs, captures and versions (the `articles`, `url_aliases`, `captures` and
`article_versions` tables).

Idempotent writes: rows are keyed by natural unique keys (canonical URL, alias URL, capture
hash, article id + version number) and inserted with ON CONFLICT DO NOTHING, so a rerun or a
race adds nothing. Statements that write many rows at once write them in one order (key order,
or for articles publication order), so two workers inserting overlapping batches wait for each
other instead of deadlocking. Article versions are only ever added; a conflicting concurrent
insert of the same version number is retried against the new latest version.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from storage.inserts import insert_ignoring_conflicts, insert_into, insert_or_nothing
from storage.models import (
    Article,
    ArticleVersion,
    Capture,
    Claim,
    ClaimQuantity,
    ClaimSet,
    Cluster,
    ClusterMember,
    FetchLog,
    Run,
    Source,
    UrlAlias,
    VersionFingerprint,
)
from storage.values import (
    CAPTURE_COMPRESSION,
    DECOMPRESS,
    CaptureRow,
    NewArticle,
    VersionChange,
    VersionDraft,
)


def store_captures(session: Session, captures: Iterable[CaptureRow]) -> None:
    """Keep raw bodies once per content hash, for later re-extraction (one statement)."""
    rows = {
        capture.sha256: {**capture.__dict__, "compression": CAPTURE_COMPRESSION}
        for capture in captures
    }
    insert_ignoring_conflicts(session, Capture, [rows[key] for key in sorted(rows)])


def read_capture(session: Session, sha256: str) -> bytes:
    capture = session.get(Capture, sha256)
    if capture is None:
        raise LookupError(f"no capture with hash {sha256}")
    decompress = DECOMPRESS.get(capture.compression)
    if decompress is None:
        raise ValueError(f"capture {sha256}: unknown compression {capture.compression!r}")
    return decompress(capture.body)


def ensure_article(
    session: Session,
    canonical_url: str,
    aliases: Iterable[str],
    source_id: int | None,
    now: datetime,
) -> int:
    """The id of the article with this canonical URL (created if new), with every alias recorded.

    An alias that already points to another article keeps pointing there: the first identity
    wins, and nothing is rewritten.
    """
    insert_ignoring_conflicts(
        session,
        Article,
        [
            {
                "canonical_url": canonical_url,
                "first_seen_at": now,
                "last_checked_at": now,
                "latest_version": 0,
                "source_id": source_id,
            }
        ],
    )
    article_id = session.scalar(select(Article.id).where(Article.canonical_url == canonical_url))
    assert article_id is not None
    add_aliases(session, article_id, [canonical_url, *aliases], now)
    return article_id


def create_articles(session: Session, articles: Sequence[NewArticle]) -> dict[str, int]:
    """Insert articles with version 1 as their latest; returns canonical URL -> id of those made.

    One statement for the lot. A URL missing from the result was taken already (by another
    page or worker): its page takes the general path (`ensure_article`, then `store_version`
    against the versions already there). The caller adds version 1 of each article made, in
    the same transaction.
    """
    rows: dict[str, dict[str, Any]] = {}
    for article in articles:  # the first page of an article makes it, as version 1 does
        rows.setdefault(
            article.canonical_url,
            {
                "canonical_url": article.canonical_url,
                "first_seen_at": article.first_seen_at,
                "last_checked_at": article.first_seen_at,
                "latest_version": 1,
                "source_id": article.source_id,
                "etag": article.etag,
                "last_modified": article.last_modified,
                "next_check_at": article.next_check_at,
            },
        )
    if not rows:
        return {}
    # In the caller's order, not key order: ids follow it, and the older (lower id) article of
    # a pair of copies represents their cluster. Ingest's order is publication order, the same
    # in every worker, so concurrent groups still take these keys in one order.
    created = session.execute(
        insert_or_nothing(session, Article).returning(Article.canonical_url, Article.id),
        list(rows.values()),
    )
    return {url: article_id for url, article_id in created}


def add_aliases(session: Session, article_id: int, urls: Iterable[str], now: datetime) -> None:
    """Record the URLs an article is known by; a URL already taken keeps its article."""
    add_many_aliases(session, [(article_id, url, now) for url in urls])


def add_many_aliases(session: Session, aliases: Iterable[tuple[int, str, datetime]]) -> None:
    """Record (article id, URL, first seen) aliases in one statement; the first claim on a URL
    wins, within the batch as in the table."""
    rows: dict[str, dict[str, Any]] = {}
    for article_id, url, now in aliases:
        rows.setdefault(url, {"url": url, "article_id": article_id, "first_seen_at": now})
    insert_ignoring_conflicts(session, UrlAlias, [rows[key] for key in sorted(rows)])


def lock_article(session: Session, article_id: int) -> None:
    """Make writers of one article take turns for the rest of this transaction.

    A no-op UPDATE takes the row lock on PostgreSQL and the write lock on SQLite, so what the
    caller reads next (the versions around a new one) cannot change before it writes.
    """
    session.execute(
        update(Article)
        .where(Article.id == article_id)
        .values(latest_version=Article.latest_version)
    )


def mark_checked(session: Session, article_id: int, checked_at: datetime) -> None:
    session.execute(
        update(Article)
        .where(Article.id == article_id, Article.last_checked_at < checked_at)
        .values(last_checked_at=checked_at)
    )


def add_first_versions(
    session: Session, versions: Sequence[tuple[int, VersionDraft, VersionChange]]
) -> list[int]:
    """Insert version 1 of articles that `create_articles` just made; their ids, in order."""
    rows = [
        {
            "article_id": article_id,
            "version": 1,
            "previous_version": change.previous_version,
            "change_kinds": list(change.kinds),
            "words_added": change.words_added,
            "words_removed": change.words_removed,
            "reverts_to": change.reverts_to,
            **draft.__dict__,
        }
        for article_id, draft, change in versions
    ]
    if not rows:
        return []
    ids = session.scalars(
        insert_into(ArticleVersion).returning(ArticleVersion.id, sort_by_parameter_order=True),
        rows,
    )
    return list(ids)


def add_version(
    session: Session, article_id: int, draft: VersionDraft, change: VersionChange
) -> int:
    """Append a version (number = highest + 1); it becomes the latest if it is the newest in time.

    Call under `lock_article`, after deciding the content really changed.
    """
    highest = session.scalar(
        select(func.max(ArticleVersion.version)).where(ArticleVersion.article_id == article_id)
    )
    newest_fetch = session.scalar(
        select(func.max(ArticleVersion.fetched_at)).where(ArticleVersion.article_id == article_id)
    )
    number = (highest or 0) + 1
    session.add(
        ArticleVersion(
            article_id=article_id,
            version=number,
            previous_version=change.previous_version,
            change_kinds=list(change.kinds),
            words_added=change.words_added,
            words_removed=change.words_removed,
            reverts_to=change.reverts_to,
            **draft.__dict__,
        )
    )
    session.flush()
    if newest_fetch is None or draft.fetched_at >= newest_fetch:
        session.execute(
            update(Article).where(Article.id == article_id).values(latest_version=number)
        )
    mark_checked(session, article_id, draft.fetched_at)
    return number


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


def version_id(session: Session, article_id: int, number: int) -> int:
    """The id of an article's version `number`."""
    found = session.scalar(
        select(ArticleVersion.id).where(
            ArticleVersion.article_id == article_id, ArticleVersion.version == number
        )
    )
    if found is None:
        raise LookupError(f"article {article_id} has no version {number}")
    return found


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
        "version_fingerprints": VersionFingerprint,
        "clusters": Cluster,
        "cluster_members": ClusterMember,
    }
    return {
        name: session.scalar(select(func.count()).select_from(model)) or 0
        for name, model in models.items()
    }
