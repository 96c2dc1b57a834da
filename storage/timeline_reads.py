"""Read models of a source's figures over time (timelines) and of one claim repeated across
articles (claim groups); see `storage.reads` for the filters and the keyset paging.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from intake.urls import host_of
from storage.models import (
    Article,
    ArticleVersion,
    Claim,
    ClaimQuantity,
    ClusterMember,
)
from storage.reads import (
    CHUNK_SIZE,
    ReadFilter,
    SortKey,
    claim_source,
    current_claims,
    keyset_chunks,
    published_or_fetched,
    sorts_after,
)


@dataclass(frozen=True)
class TimelinePoint:
    """One article's figure for one quantity from one source: the value as reported, with its
    qualifier. A row of `export timeline`; `claims timeline` lists them per timeline."""

    source: str
    source_text: str | None
    source_resolved: str | None
    category: str | None
    outcome: str | None
    date: datetime
    value: int | None
    low: int | None
    high: int | None
    approx: str | None
    text: str
    claim: str
    claim_id: int
    quantity_id: int
    article_id: int
    article_url: str
    version: int
    version_id: int
    cluster_id: int | None
    other_values: list[str]


@dataclass(frozen=True)
class Timeline:
    """What one source said about one quantity (category and outcome), in publication order."""

    source: str
    category: str | None
    outcome: str | None
    points: list[TimelinePoint]


def iter_timeline_points(
    session: Session, where: ReadFilter = ReadFilter(), *, chunk_size: int = CHUNK_SIZE
) -> Iterator[TimelinePoint]:
    """The points of every timeline that `where` keeps, article by article (article id order).

    A timeline is one source (resolved, else as written) and one quantity (category and
    outcome); each article (its latest version, newest claim set) is one point of it. When an
    article reports the quantity more than once from the same source ("almost 10,000 dead,
    including 4,000 civilians" and later "3,804 civilians had died"), the point is its most
    precise figure — an exact count over a qualified one, fewer round zeros first — and the
    others are kept in `other_values`. Copies of one wire story are separate points;
    `cluster_id` tells them apart. Only one article's rows are held at a time.
    """
    query = current_claims(
        select(
            ClaimQuantity.id,
            Article.id,
            claim_source,
            Claim.source_text,
            Claim.source_resolved,
            ClaimQuantity.category,
            ClaimQuantity.outcome,
            published_or_fetched,
            ClaimQuantity.value,
            ClaimQuantity.low,
            ClaimQuantity.high,
            ClaimQuantity.approx,
            ClaimQuantity.text,
            Claim.content_text,
            Claim.id,
            Article.canonical_url,
            ArticleVersion.version,
            ArticleVersion.id,
            ClusterMember.cluster_id,
        )
        .select_from(ClaimQuantity)
        .join(Claim, Claim.id == ClaimQuantity.claim_id),
        where,
    )
    query = query.outerjoin(ClusterMember, ClusterMember.article_id == Article.id).where(
        claim_source.is_not(None), ClaimQuantity.category.is_not(None)
    )
    if where.category:
        query = query.where(ClaimQuantity.category == where.category)
    if where.outcome:
        query = query.where(ClaimQuantity.outcome == where.outcome)
    keys: list[SortKey] = [(Article.id, False), (ClaimQuantity.id, False)]
    article: list[Any] = []
    for rows in keyset_chunks(
        session, query, keys, lambda row: (row[1], row[0]), chunk_size=chunk_size
    ):
        for row in rows:
            if article and article[0][1] != row[1]:
                yield from _article_points(article)
                article = []
            article.append(row)
    if article:
        yield from _article_points(article)


def _article_points(rows: list[Any]) -> Iterator[TimelinePoint]:
    """One article's points: per (source, category, outcome), its most precise figure."""
    quantities: dict[tuple[str, str | None, str | None], list[Any]] = defaultdict(list)
    for row in rows:
        quantities[(row[2], row[5], row[6])].append(row)
    for (source, category, outcome), same in quantities.items():
        chosen = min(same, key=_imprecision)
        yield TimelinePoint(
            source=source,
            source_text=chosen[3],
            source_resolved=chosen[4],
            category=category,
            outcome=outcome,
            date=chosen[7],
            value=chosen[8],
            low=chosen[9],
            high=chosen[10],
            approx=chosen[11],
            text=chosen[12],
            claim=chosen[13],
            claim_id=chosen[14],
            quantity_id=chosen[0],
            article_id=chosen[1],
            article_url=chosen[15],
            version=chosen[16],
            version_id=chosen[17],
            cluster_id=chosen[18],
            other_values=[
                " ".join(str(part) for part in (row[11], row[8]) if part is not None)
                for row in same
                if row is not chosen
            ],
        )


def _imprecision(row: Any) -> tuple[bool, bool, int]:
    """Sort key: exact counts before qualified ones, then fewer trailing zeros (3,804 < 4,000)."""
    value, approx = row[8], row[11]
    zeros = 0
    remaining = value
    while remaining and remaining % 10 == 0:
        remaining //= 10
        zeros += 1
    return (value is None, approx is not None, zeros)


def claim_timelines(
    session: Session,
    *,
    source: str,
    category: str,
    outcome: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[Timeline]:
    """Timelines of the counts `source` gave for `category`, one per (resolved source,
    outcome), each in publication order, most points first."""
    where = ReadFilter(source=source, category=category, outcome=outcome, since=since, until=until)
    grouped: dict[tuple[str, str | None], list[TimelinePoint]] = defaultdict(list)
    for point in iter_timeline_points(session, where):
        grouped[(point.source, point.outcome)].append(point)
    timelines = [
        Timeline(
            who,
            category,
            quantity_outcome,
            sorted(points, key=lambda point: (point.date, point.article_url)),
        )
        for (who, quantity_outcome), points in grouped.items()
    ]
    return sorted(timelines, key=lambda t: (-len(t.points), t.source, t.outcome or ""))


@dataclass(frozen=True)
class ClaimGroup:
    """One claim by one source, repeated across articles."""

    source: str
    content: str
    content_key: str
    mentions: int
    articles: int
    outlets: list[str]
    first_seen: datetime
    last_seen: datetime


@dataclass(frozen=True)
class ClaimGroupPage:
    """Groups in `claim_groups` order, and the `after` of the page that follows (None: last)."""

    groups: list[ClaimGroup]
    next_after: tuple[Any, ...] | None


def claim_groups(
    session: Session, *, source: str | None = None, min_articles: int = 2, limit: int = 50
) -> list[ClaimGroup]:
    """Claims with the same source and the same normalized content, grouped across articles.

    Read from each article's latest version (newest claim set), like `iter_claims`. First and
    last seen are publication dates (fetch dates for pages that give none); outlets are the
    distinct hosts of the articles. Groups found in most articles come first.
    """
    return claim_group_page(session, source=source, min_articles=min_articles, limit=limit).groups


def claim_group_page(
    session: Session,
    *,
    source: str | None = None,
    min_articles: int = 2,
    limit: int = 50,
    after: tuple[Any, ...] | None = None,
) -> ClaimGroupPage:
    """One page of `claim_groups`, continuing after the group whose key is `after` (keyset on
    the groups' sort key: articles, last seen, content key, source key)."""
    articles = func.count(distinct(Article.id))
    last_seen = func.max(published_or_fetched)
    # "The monitoring group" and "the monitoring group" are one source; the first spelling shows.
    source_key = func.lower(claim_source)
    keys: list[SortKey] = [
        (articles, True),
        (last_seen, True),
        (Claim.content_key, False),
        (source_key, False),
    ]
    query = (
        current_claims(
            select(
                func.min(claim_source),
                Claim.content_key,
                func.count(Claim.id),
                articles,
                func.min(published_or_fetched),
                last_seen,
                func.min(Claim.id),
                source_key,
            ).select_from(Claim),
            ReadFilter(source=source),
        )
        .where(claim_source.is_not(None))
        .group_by(source_key, Claim.content_key)
        .having(articles >= min_articles)
        .order_by(*(column.desc() if desc else column.asc() for column, desc in keys))
        .limit(limit + 1)
    )
    if after is not None:
        query = query.having(sorts_after(keys, after))
    rows = session.execute(query).all()
    more = len(rows) > limit
    rows = rows[:limit]
    if not rows:
        return ClaimGroupPage([], None)
    keys_shown = [row[1] for row in rows]
    contents = {
        claim_id: text
        for claim_id, text in session.execute(
            select(Claim.id, Claim.content_text).where(Claim.id.in_([row[6] for row in rows]))
        )
    }
    outlets: dict[tuple[str, str], set[str]] = defaultdict(set)
    for who, key, url in session.execute(
        current_claims(
            select(source_key, Claim.content_key, Article.canonical_url).select_from(Claim),
            ReadFilter(source=source),
        ).where(claim_source.is_not(None), Claim.content_key.in_(keys_shown))
    ):
        outlets[(who, key)].add(host_of(url))
    groups = [
        ClaimGroup(
            source=spelling,
            content=contents[first_claim],
            content_key=key,
            mentions=mentions,
            articles=article_count,
            outlets=sorted(outlets[(grouped, key)]),
            first_seen=first,
            last_seen=last,
        )
        for spelling, key, mentions, article_count, first, last, first_claim, grouped in rows
    ]
    last_row = rows[-1]
    next_after = (last_row[3], last_row[5], last_row[1], last_row[7]) if more else None
    return ClaimGroupPage(groups, next_after)
