"""Streamed read models: claims, articles, versions and timeline points as typed records.

`claims list`, `articles list`, `claims timeline` and `export` all read through these
functions, so what a list shows on screen is exactly what an export writes. Rows are read in
chunks of `chunk_size` with keyset pagination (each chunk continues after the last row's sort
key, never with OFFSET), so a million rows cost the same memory as one chunk and every chunk is
an index range scan. The records hold plain values, never ORM objects: nothing accumulates in
the session's identity map while a long export runs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, distinct, func, or_, select
from sqlalchemy.orm import Session

from intake.urls import redact_optional, redact_url
from storage.models import (
    Article,
    ArticleVersion,
    Claim,
    ClaimQuantity,
    ClaimSet,
    ClusterMember,
    FetchLog,
    Run,
    RunStatus,
    Source,
    UrlAlias,
    with_offset,
)
from storage.pending import EntryStatus, counts_by_source
from storage.queries import (
    ClusterDetail,
    _newest_claim_set_id,
    article_aliases,
    article_versions,
    claim_dict,
    claim_set_dict,
    claim_set_of_version,
    cluster_detail,
    cluster_of_article,
    find_article,
    host_of,
    list_sources,
)

CHUNK_SIZE = 2000

# Who made a claim: the resolved source, or the source as written when it resolves to nothing.
_claim_source = func.coalesce(Claim.source_resolved, Claim.source_text)
# When a text was published: its publication date, or its fetch date when the page gives none.
_published = func.coalesce(ArticleVersion.published_at, ArticleVersion.fetched_at)


@dataclass(frozen=True)
class ReadFilter:
    """What a list or an export keeps; every field left at None keeps everything.

    `since`/`until` compare the publication date of the text (its fetch date when the page
    gives none): `since` inclusive, `until` exclusive. `source` is, for claims and timeline
    points, the claim's source as written or resolved (part, any case); for articles and
    versions, the name of the registered source (feed) the article came from. `category` and
    `outcome` keep claims (and timeline points) counting that category or outcome. `outlet` is
    the host of the article's canonical URL ("www." left out, as in the `outlet` column);
    `text` keeps claims (and timeline points) whose content contains it (any case).
    """

    since: datetime | None = None
    until: datetime | None = None
    source: str | None = None
    category: str | None = None
    outcome: str | None = None
    extractor_version: str | None = None
    outlet: str | None = None
    text: str | None = None


# --- keyset pagination ---------------------------------------------------------------------------

# A sort key: a column (or expression) and whether it sorts descending.
SortKey = tuple[Any, bool]


def _after(keys: Sequence[SortKey], values: Sequence[Any]) -> ColumnElement[bool]:
    """Rows that sort strictly after `values` in the order `keys` (lexicographic)."""
    column, descending = keys[0]
    beyond: ColumnElement[bool] = column < values[0] if descending else column > values[0]
    if len(keys) == 1:
        return beyond
    return or_(beyond, and_(column == values[0], _after(keys[1:], values[1:])))


def _chunks(
    session: Session,
    query: Select[Any],
    keys: Sequence[SortKey],
    key_of: Callable[[Any], tuple[Any, ...]],
    *,
    limit: int | None = None,
    offset: int = 0,
    after: tuple[Any, ...] | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> Iterator[Sequence[Any]]:
    """The rows of `query` in the order `keys`, a chunk at a time, by keyset pagination.

    `after` starts after the row with these key values (the next page of a list: an index
    range scan however deep the page). `offset` skips rows of the first chunk only; later
    chunks continue after the last row's key. `key_of` reads a row's sort key values.
    """
    ordered = query.order_by(*(column.desc() if desc else column.asc() for column, desc in keys))
    if after is not None:
        ordered = ordered.where(_after(keys, after))
    last: tuple[Any, ...] | None = None
    remaining = limit
    while remaining is None or remaining > 0:
        size = chunk_size if remaining is None else min(chunk_size, remaining)
        page = ordered.limit(size)
        page = page.offset(offset) if last is None and offset else page
        if last is not None:
            page = page.where(_after(keys, last))
        rows = session.execute(page).all()
        if rows:
            yield rows
        if len(rows) < size:
            return
        last = key_of(rows[-1])
        if remaining is not None:
            remaining -= len(rows)


def _source_match(source: str) -> ColumnElement[bool]:
    pattern = f"%{source}%"
    return or_(Claim.source_text.ilike(pattern), Claim.source_resolved.ilike(pattern))


def _escape_like(value: str) -> str:
    """`value` with LIKE's own wildcards taken literally (escape character `\\`)."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _contains(value: str) -> str:
    return f"%{_escape_like(value)}%"


def _outlet_match(outlet: str) -> ColumnElement[bool]:
    """Canonical URLs whose host is `outlet`, with or without "www." and a port."""
    host = _escape_like(outlet.strip().lower().removeprefix("www."))
    return or_(
        *(
            Article.canonical_url.like(f"{scheme}://{prefix}{host}{end}%", escape="\\")
            for scheme in ("http", "https")
            for prefix in ("", "www.")
            for end in ("/", ":")
        )
    )


def _dates(query: Select[Any], where: ReadFilter) -> Select[Any]:
    """The filters every kind shares: publication dates and outlet."""
    if where.since is not None:
        query = query.where(_published >= where.since)
    if where.until is not None:
        query = query.where(_published < where.until)
    if where.outlet:
        query = query.where(_outlet_match(where.outlet))
    return query


def _current_claims(query: Select[Any], where: ReadFilter) -> Select[Any]:
    """Claims of each article's latest version, from its newest claim set (or the newest of
    `where.extractor_version`), filtered by `where`."""
    query = (
        query.join(ClaimSet, ClaimSet.id == Claim.claim_set_id)
        .join(ArticleVersion, ArticleVersion.id == ClaimSet.article_version_id)
        .join(
            Article,
            and_(
                Article.id == ArticleVersion.article_id,
                Article.latest_version == ArticleVersion.version,
            ),
        )
        .where(ClaimSet.id == _newest_claim_set_id(where.extractor_version))
    )
    if where.source:
        query = query.where(_source_match(where.source))
    if where.text:
        query = query.where(Claim.content_text.ilike(_contains(where.text), escape="\\"))
    return _dates(query, where)


# --- claims --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClaimRecord:
    """A claim with where it was found: a row of `claims list` and of `export claims`."""

    claim_id: int
    article_id: int
    version_id: int
    version: int
    article_url: str
    outlet: str
    published_at: datetime | None
    fetched_at: datetime
    kind: str
    source: str | None
    source_resolved: str | None
    cue: str | None
    hedge: str | None
    content: str
    quantities: list[dict[str, Any]]
    extractor: str


def _quantities_of(session: Session, claim_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    rows = session.execute(
        select(
            ClaimQuantity.claim_id,
            ClaimQuantity.start_offset,
            ClaimQuantity.end_offset,
            ClaimQuantity.text,
            ClaimQuantity.value,
            ClaimQuantity.low,
            ClaimQuantity.high,
            ClaimQuantity.approx,
            ClaimQuantity.category,
            ClaimQuantity.outcome,
        )
        .where(ClaimQuantity.claim_id.in_(claim_ids))
        .order_by(ClaimQuantity.claim_id, ClaimQuantity.ordinal)
    )
    for claim_id, start, end, text, value, low, high, approx, category, outcome in rows:
        found[claim_id].append(
            {
                "start": start,
                "end": end,
                "text": text,
                "value": value,
                "low": low,
                "high": high,
                "approx": approx,
                "category": category,
                "outcome": outcome,
            }
        )
    return found


def iter_claims(
    session: Session,
    where: ReadFilter = ReadFilter(),
    *,
    newest_first: bool = False,
    limit: int | None = None,
    after: tuple[Any, ...] | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> Iterator[ClaimRecord]:
    """Claims of each article's latest version (newest claim set), filtered by `where`.

    In ledger order (claim id) by default, as exports write them; `newest_first` orders them
    by publication date, newest article first, then by their place in the article (a claim
    set's claims are stored in text order, so claim id order is their order), as lists show
    them. `after` is the `claim_key` of the claim the list continues after.
    """
    query = _current_claims(
        select(
            Claim.id,
            Article.id,
            ArticleVersion.id,
            ArticleVersion.version,
            Article.canonical_url,
            ArticleVersion.published_at,
            ArticleVersion.fetched_at,
            Claim.kind,
            Claim.source_text,
            Claim.source_resolved,
            Claim.cue_text,
            Claim.hedge,
            Claim.content_text,
            ClaimSet.extractor_name,
            ClaimSet.extractor_version,
            _published,
        ).select_from(Claim),
        where,
    )
    if where.category or where.outcome:
        counted = select(ClaimQuantity.id).where(ClaimQuantity.claim_id == Claim.id)
        if where.category:
            counted = counted.where(ClaimQuantity.category == where.category)
        if where.outcome:
            counted = counted.where(ClaimQuantity.outcome == where.outcome)
        query = query.where(counted.exists())
    keys: list[SortKey]
    if newest_first:
        keys = [(_published, True), (Article.id, True), (Claim.id, False)]

        def key_of(row: Any) -> tuple[Any, ...]:
            return (row[15], row[1], row[0])
    else:
        keys = [(Claim.id, False)]

        def key_of(row: Any) -> tuple[Any, ...]:
            return (row[0],)

    for rows in _chunks(
        session, query, keys, key_of, limit=limit, after=after, chunk_size=chunk_size
    ):
        quantities = _quantities_of(session, [row[0] for row in rows])
        for row in rows:
            yield ClaimRecord(
                claim_id=row[0],
                article_id=row[1],
                version_id=row[2],
                version=row[3],
                article_url=row[4],
                outlet=host_of(row[4]),
                published_at=row[5],
                fetched_at=row[6],
                kind=row[7],
                source=row[8],
                source_resolved=row[9],
                cue=row[10],
                hedge=row[11],
                content=row[12],
                quantities=quantities.get(row[0], []),
                extractor=f"{row[13]} {row[14]}",
            )


def claim_key(claim: ClaimRecord, *, newest_first: bool = False) -> tuple[Any, ...]:
    """The sort key of a claim in `iter_claims`'s order: what `after` takes to continue after
    it."""
    if newest_first:
        return (claim.published_at or claim.fetched_at, claim.article_id, claim.claim_id)
    return (claim.claim_id,)


# --- articles ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ArticleRecord:
    """An article with its latest version's metadata: a row of `articles list` and `export
    articles`."""

    article_id: int
    canonical_url: str
    outlet: str
    source: str | None
    title: str | None
    authors: list[str]
    language: str | None
    published_at: datetime | None
    modified_at: datetime | None
    versions: int
    latest_version_id: int | None
    first_seen_at: datetime
    last_checked_at: datetime
    status: str
    cluster_id: int | None


def iter_articles(
    session: Session,
    where: ReadFilter = ReadFilter(),
    *,
    newest_first: bool = False,
    limit: int | None = None,
    offset: int = 0,
    after: tuple[Any, ...] | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> Iterator[ArticleRecord]:
    """Articles with their latest version's metadata, filtered by `where` (dates compare the
    latest version's publication date; `source` is the registered source's name).

    In ledger order (article id) by default; `newest_first` orders them most recently
    discovered first, as `articles list` shows them. `offset` skips that many first; `after`
    is the `article_key` of the article the list continues after.
    """
    query = (
        select(
            Article.id,
            Article.canonical_url,
            Source.name,
            ArticleVersion.title,
            ArticleVersion.authors,
            ArticleVersion.language,
            ArticleVersion.published_at,
            ArticleVersion.modified_at,
            Article.latest_version,
            ArticleVersion.id,
            Article.first_seen_at,
            Article.last_checked_at,
            Article.status,
            ClusterMember.cluster_id,
        )
        .select_from(Article)
        .outerjoin(
            ArticleVersion,
            and_(
                ArticleVersion.article_id == Article.id,
                ArticleVersion.version == Article.latest_version,
            ),
        )
        .outerjoin(Source, Source.id == Article.source_id)
        .outerjoin(ClusterMember, ClusterMember.article_id == Article.id)
    )
    if where.source:
        query = query.where(Source.name == where.source)
    query = _dates(query, where)
    keys: list[SortKey]
    if newest_first:
        keys = [(Article.first_seen_at, True), (Article.id, True)]

        def key_of(row: Any) -> tuple[Any, ...]:
            return (row[10], row[0])
    else:
        keys = [(Article.id, False)]

        def key_of(row: Any) -> tuple[Any, ...]:
            return (row[0],)

    for rows in _chunks(
        session, query, keys, key_of, limit=limit, offset=offset, after=after, chunk_size=chunk_size
    ):
        for row in rows:
            yield ArticleRecord(
                article_id=row[0],
                canonical_url=row[1],
                outlet=host_of(row[1]),
                source=row[2],
                title=row[3],
                authors=list(row[4] or []),
                language=row[5],
                published_at=row[6],
                modified_at=row[7],
                versions=row[8],
                latest_version_id=row[9],
                first_seen_at=row[10],
                last_checked_at=row[11],
                status=row[12],
                cluster_id=row[13],
            )


def article_key(article: ArticleRecord, *, newest_first: bool = False) -> tuple[Any, ...]:
    """The sort key of an article in `iter_articles`'s order: what `after` takes."""
    if newest_first:
        return (article.first_seen_at, article.article_id)
    return (article.article_id,)


# --- versions ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VersionRecord:
    """One immutable text of an article with what changed in it: a row of `export versions`."""

    version_id: int
    article_id: int
    article_url: str
    version: int
    url: str
    fetched_at: datetime
    published_at: datetime | None
    modified_at: datetime | None
    title: str | None
    authors: list[str]
    language: str | None
    previous_version: int | None
    change_kinds: list[str]
    words_added: int
    words_removed: int
    reverts_to: int | None
    text_hash: str
    capture_sha256: str
    extractor: str
    text: str


def iter_versions(
    session: Session,
    where: ReadFilter = ReadFilter(),
    *,
    limit: int | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> Iterator[VersionRecord]:
    """Every stored version of every article, in ledger order (version id), filtered by
    `where` (dates compare each version's publication date; `source` is the registered
    source's name)."""
    query = (
        select(
            ArticleVersion.id,
            ArticleVersion.article_id,
            Article.canonical_url,
            ArticleVersion.version,
            ArticleVersion.url,
            ArticleVersion.fetched_at,
            ArticleVersion.published_at,
            ArticleVersion.modified_at,
            ArticleVersion.title,
            ArticleVersion.authors,
            ArticleVersion.language,
            ArticleVersion.previous_version,
            ArticleVersion.change_kinds,
            ArticleVersion.words_added,
            ArticleVersion.words_removed,
            ArticleVersion.reverts_to,
            ArticleVersion.text_hash,
            ArticleVersion.capture_sha256,
            ArticleVersion.extractor_name,
            ArticleVersion.extractor_version,
            ArticleVersion.text,
        )
        .select_from(ArticleVersion)
        .join(Article, Article.id == ArticleVersion.article_id)
    )
    if where.source:
        query = query.join(Source, Source.id == Article.source_id).where(
            Source.name == where.source
        )
    query = _dates(query, where)
    keys: list[SortKey] = [(ArticleVersion.id, False)]
    for rows in _chunks(
        session, query, keys, lambda row: (row[0],), limit=limit, chunk_size=chunk_size
    ):
        for row in rows:
            yield VersionRecord(
                version_id=row[0],
                article_id=row[1],
                article_url=row[2],
                version=row[3],
                url=row[4],
                fetched_at=row[5],
                published_at=row[6],
                modified_at=row[7],
                title=row[8],
                authors=list(row[9] or []),
                language=row[10],
                previous_version=row[11],
                change_kinds=list(row[12] or []),
                words_added=row[13],
                words_removed=row[14],
                reverts_to=row[15],
                text_hash=row[16],
                capture_sha256=row[17],
                extractor=f"{row[18]} {row[19]}",
                text=row[20],
            )


# --- timelines -----------------------------------------------------------------------------------


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
    query = _current_claims(
        select(
            ClaimQuantity.id,
            Article.id,
            _claim_source,
            Claim.source_text,
            Claim.source_resolved,
            ClaimQuantity.category,
            ClaimQuantity.outcome,
            _published,
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
        _claim_source.is_not(None), ClaimQuantity.category.is_not(None)
    )
    if where.category:
        query = query.where(ClaimQuantity.category == where.category)
    if where.outcome:
        query = query.where(ClaimQuantity.outcome == where.outcome)
    keys: list[SortKey] = [(Article.id, False), (ClaimQuantity.id, False)]
    article: list[Any] = []
    for rows in _chunks(session, query, keys, lambda row: (row[1], row[0]), chunk_size=chunk_size):
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
            claim_source,
            category,
            quantity_outcome,
            sorted(points, key=lambda point: (point.date, point.article_url)),
        )
        for (claim_source, quantity_outcome), points in grouped.items()
    ]
    return sorted(timelines, key=lambda t: (-len(t.points), t.source, t.outcome or ""))


# --- claim groups ------------------------------------------------------------------------------


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
    last_seen = func.max(_published)
    # "The monitoring group" and "the monitoring group" are one source; the first spelling shows.
    source_key = func.lower(_claim_source)
    keys: list[SortKey] = [
        (articles, True),
        (last_seen, True),
        (Claim.content_key, False),
        (source_key, False),
    ]
    query = (
        _current_claims(
            select(
                func.min(_claim_source),
                Claim.content_key,
                func.count(Claim.id),
                articles,
                func.min(_published),
                last_seen,
                func.min(Claim.id),
                source_key,
            ).select_from(Claim),
            ReadFilter(source=source),
        )
        .where(_claim_source.is_not(None))
        .group_by(source_key, Claim.content_key)
        .having(articles >= min_articles)
        .order_by(*(column.desc() if desc else column.asc() for column, desc in keys))
        .limit(limit + 1)
    )
    if after is not None:
        query = query.having(_after(keys, after))
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
    for claim_source, key, url in session.execute(
        _current_claims(
            select(source_key, Claim.content_key, Article.canonical_url).select_from(Claim),
            ReadFilter(source=source),
        ).where(_claim_source.is_not(None), Claim.content_key.in_(keys_shown))
    ):
        outlets[(claim_source, key)].add(host_of(url))
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


# --- one version of an article -------------------------------------------------------------------


@dataclass(frozen=True)
class VersionDetail:
    """One stored text of an article with its claims: what the web page of a version shows.

    `claims` are in the extractor's JSON contract (as `articles show --claims` prints them and
    `claimledger.diffs` compares them), each with its stored `id` added; None when no claim set
    was extracted from this version yet.
    """

    article_id: int
    canonical_url: str
    latest_version: int
    version_id: int
    version: int
    url: str
    fetched_at: datetime
    published_at: datetime | None
    modified_at: datetime | None
    title: str | None
    authors: list[str]
    agencies: list[str]
    language: str | None
    change_kinds: list[str]
    previous_version: int | None
    reverts_to: int | None
    words_added: int
    words_removed: int
    text: str
    extractor: str
    claims_extractor: str | None
    claims: list[dict[str, Any]] | None


def version_detail(
    session: Session, article_id: int, version: int, extractor_version: str | None = None
) -> VersionDetail | None:
    """Version `version` of article `article_id` with the claims of its newest claim set (or
    the newest of `extractor_version`); None when there is no such version."""
    found = session.execute(
        select(ArticleVersion, Article.canonical_url, Article.latest_version)
        .join(Article, Article.id == ArticleVersion.article_id)
        .where(ArticleVersion.article_id == article_id, ArticleVersion.version == version)
    ).first()
    if found is None:
        return None
    stored, canonical_url, latest = found
    claim_set = claim_set_of_version(session, stored.id, extractor_version)
    claims = None
    if claim_set is not None:
        claims = [{"id": claim.id, **claim_dict(claim)} for claim in claim_set.claims]
    return VersionDetail(
        article_id=article_id,
        canonical_url=canonical_url,
        latest_version=latest,
        version_id=stored.id,
        version=stored.version,
        url=stored.url,
        fetched_at=stored.fetched_at,
        published_at=with_offset(stored.published_at, stored.published_offset),
        modified_at=with_offset(stored.modified_at, stored.modified_offset),
        title=stored.title,
        authors=list(stored.authors or []),
        agencies=list(stored.agencies or []),
        language=stored.language,
        change_kinds=list(stored.change_kinds or []),
        previous_version=stored.previous_version,
        reverts_to=stored.reverts_to,
        words_added=stored.words_added,
        words_removed=stored.words_removed,
        text=stored.text,
        extractor=f"{stored.extractor_name} {stored.extractor_version}",
        claims_extractor=(
            None
            if claim_set is None
            else f"{claim_set.extractor_name} {claim_set.extractor_version}"
        ),
        claims=claims,
    )


# --- one article ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class VersionSummary:
    """One version in an article's history: when, what changed, by how many words."""

    version: int
    fetched_at: datetime
    published_at: datetime | None
    title: str | None
    authors: list[str]
    agencies: list[str]
    change_kinds: list[str]
    words_added: int
    words_removed: int
    previous_version: int | None
    reverts_to: int | None
    extractor: str


@dataclass(frozen=True)
class ArticleDetail:
    """An article with its recheck state, the URLs it is known by, its versions in fetch order
    and its cluster of copies: what `articles show` and `articles history` print, and the
    web application's article page shows."""

    article_id: int
    canonical_url: str
    outlet: str
    source: str | None
    status: str
    status_detail: str | None
    first_seen_at: datetime
    last_checked_at: datetime
    next_check_at: datetime | None
    checks_done: int
    latest_version: int
    aliases: list[str]
    versions: list[VersionSummary]
    cluster: ClusterDetail | None


def article_detail(session: Session, article_id: int) -> ArticleDetail | None:
    """Article `article_id` with its history and cluster; None when there is none."""
    article = session.get(Article, article_id)
    if article is None:
        return None
    source = (
        None
        if article.source_id is None
        else session.scalar(select(Source.name).where(Source.id == article.source_id))
    )
    cluster_id = cluster_of_article(session, article_id)
    return ArticleDetail(
        article_id=article.id,
        canonical_url=article.canonical_url,
        outlet=host_of(article.canonical_url),
        source=source,
        status=article.status,
        status_detail=article.status_detail,
        first_seen_at=article.first_seen_at,
        last_checked_at=article.last_checked_at,
        next_check_at=article.next_check_at,
        checks_done=article.checks_done,
        latest_version=article.latest_version,
        # The alias table also maps the canonical URL to the article; it is shown apart.
        aliases=[
            url for url in article_aliases(session, article_id) if url != article.canonical_url
        ],
        versions=[
            VersionSummary(
                version=v.version,
                fetched_at=v.fetched_at,
                published_at=with_offset(v.published_at, v.published_offset),
                title=v.title,
                authors=list(v.authors or []),
                agencies=list(v.agencies or []),
                change_kinds=list(v.change_kinds or []),
                words_added=v.words_added,
                words_removed=v.words_removed,
                previous_version=v.previous_version,
                reverts_to=v.reverts_to,
                extractor=f"{v.extractor_name} {v.extractor_version}",
            )
            for v in sorted(
                article_versions(session, article_id), key=lambda v: (v.fetched_at, v.version)
            )
        ],
        cluster=None if cluster_id is None else cluster_detail(session, cluster_id),
    )


# --- sources -------------------------------------------------------------------------------------

# Fetch outcomes that are not a failure of the entry: it was fetched, or it was put off.
_FETCHED = ("ok", "not_modified")
_PUT_OFF = "deferred"


@dataclass(frozen=True)
class SourceHealth:
    """A registered source and how its polling goes: `sources list` with what came of its
    entries. `pending` counts entries whose last fetch was put off (politeness delay: the next
    pass fetches them); `failed` entries whose last fetch failed and that are not stored. Made
    to be shown: URLs and errors have their passwords masked. `removed_at` is set for a
    removed source (`sources remove`), which only a lookup by name returns."""

    name: str
    url: str
    kind: str
    enabled: bool
    last_polled_at: datetime | None
    next_poll_at: datetime | None
    last_status: str | None
    consecutive_failures: int
    last_error: str | None
    articles: int
    pending: int
    failed: int
    poll_interval: int | None = None
    removed_at: datetime | None = None


@dataclass(frozen=True)
class EntryAttempt:
    """The last fetch of one feed entry that is not stored: when, what came back, why not."""

    url: str
    requested_at: datetime
    outcome: str
    status: int | None
    error: str | None


def _last_page_fetches(source_ids: Sequence[int]) -> Select[Any]:
    """Per (source, URL) of these sources' entries: the last page fetch, if the URL is not an
    article stored under it (canonical URL or alias)."""
    last = (
        select(func.max(FetchLog.id))
        .where(FetchLog.purpose == "page", FetchLog.source_id.in_(list(source_ids)))
        .group_by(FetchLog.source_id, FetchLog.url)
    )
    stored = select(UrlAlias.id).where(UrlAlias.url == FetchLog.url)
    return select(FetchLog).where(FetchLog.id.in_(last), ~stored.exists())


def source_health(
    session: Session,
    *,
    name: str | None = None,
    after: str | None = None,
    limit: int | None = None,
) -> list[SourceHealth]:
    """Sources by name (the one named `name`, removed or not, or the live ones after the name
    `after`), with their entries' state."""
    query = select(Source).order_by(Source.name).limit(limit)
    if name is not None:
        query = query.where(Source.name == name)
    else:
        query = query.where(Source.removed_at.is_(None))
    if after is not None:
        query = query.where(Source.name > after)
    sources = session.scalars(query).all()
    ids = [source.id for source in sources]
    articles: dict[int, int] = {
        source_id: count
        for source_id, count in session.execute(
            select(Article.source_id, func.count())
            .where(Article.source_id.in_(ids))
            .group_by(Article.source_id)
        )
    }
    attempts = _last_page_fetches(ids).subquery()
    pending: dict[int, int] = defaultdict(int)
    failed: dict[int, int] = defaultdict(int)
    for source_id, outcome, count in session.execute(
        select(attempts.c.source_id, attempts.c.outcome, func.count())
        .where(attempts.c.outcome.not_in(_FETCHED))
        .group_by(attempts.c.source_id, attempts.c.outcome)
    ):
        (pending if outcome == _PUT_OFF else failed)[source_id] += count
    return [
        SourceHealth(
            name=s.name,
            url=redact_url(s.url),
            kind=s.kind,
            enabled=s.enabled,
            last_polled_at=s.last_polled_at,
            next_poll_at=s.next_poll_at,
            last_status=s.last_status,
            consecutive_failures=s.consecutive_failures,
            last_error=redact_optional(s.last_error),
            articles=articles.get(s.id, 0),
            pending=pending[s.id],
            failed=failed[s.id],
            poll_interval=s.poll_interval,
            removed_at=s.removed_at,
        )
        for s in sources
    ]


def source_entries(
    session: Session, name: str, *, limit: int = 100
) -> tuple[list[EntryAttempt], list[EntryAttempt]] | None:
    """The pending and the failed entries of source `name` (their last fetch, newest first,
    `limit` of each); None when there is no such source."""
    source_id = session.scalar(select(Source.id).where(Source.name == name))
    if source_id is None:
        return None
    attempts = _last_page_fetches([source_id])
    found: list[list[EntryAttempt]] = []
    for wanted in (FetchLog.outcome == _PUT_OFF, FetchLog.outcome.not_in((*_FETCHED, _PUT_OFF))):
        rows = session.scalars(attempts.where(wanted).order_by(FetchLog.id.desc()).limit(limit))
        found.append(
            [
                EntryAttempt(
                    redact_url(r.url), r.requested_at, r.outcome, r.status, redact_optional(r.error)
                )
                for r in rows
            ]
        )
    return found[0], found[1]


# --- stored versions -----------------------------------------------------------------------------


@dataclass(frozen=True)
class StoredVersion:
    """One stored text of an article with every column `articles show` prints of it; its
    publication and modification dates in the offset the page declared them in."""

    version_id: int
    version: int
    url: str
    fetched_at: datetime
    published_at: datetime | None
    modified_at: datetime | None
    title: str | None
    authors: list[str]
    agencies: list[str]
    language: str | None
    text: str
    text_hash: str
    capture_sha256: str
    extractor: str
    change_kinds: list[str]
    previous_version: int | None


def stored_versions(session: Session, article_id: int) -> list[StoredVersion]:
    """Every stored text of article `article_id`, by version number."""
    return [
        StoredVersion(
            version_id=v.id,
            version=v.version,
            url=v.url,
            fetched_at=v.fetched_at,
            published_at=with_offset(v.published_at, v.published_offset),
            modified_at=with_offset(v.modified_at, v.modified_offset),
            title=v.title,
            authors=v.authors,
            agencies=v.agencies or [],
            language=v.language,
            text=v.text,
            text_hash=v.text_hash,
            capture_sha256=v.capture_sha256,
            extractor=f"{v.extractor_name} {v.extractor_version}",
            change_kinds=list(v.change_kinds or []),
            previous_version=v.previous_version,
        )
        for v in article_versions(session, article_id)
    ]


def article_id_of(session: Session, url: str) -> int | None:
    """The id of the article known under `url` (canonical or any alias, given normalized)."""
    article = find_article(session, url)
    return None if article is None else article.id


def claim_set(
    session: Session, version_id: int, extractor_version: str | None = None
) -> dict[str, Any] | None:
    """The newest claim set of a version (or the newest of `extractor_version`) in the extract
    contract (`articles show --claims`, `articles diff --claims`); None when there is none."""
    found = claim_set_of_version(session, version_id, extractor_version)
    return None if found is None else claim_set_dict(found)


@dataclass(frozen=True)
class SourceState:
    """A live source as `sources list` and `status` show it: its settings and health, and how
    many of its feed entries wait for a retry or were given up on (`storage.pending`). URLs and
    errors have their passwords masked; `poll_interval` is None for `[ingest] poll_interval`."""

    name: str
    url: str
    kind: str
    enabled: bool
    poll_interval: int | None
    last_polled_at: datetime | None
    next_poll_at: datetime | None
    last_status: str | None
    consecutive_failures: int
    last_error: str | None
    entries_pending: int
    entries_abandoned: int


def source_states(session: Session) -> list[SourceState]:
    """The live sources by name (removed ones left out)."""
    entries = counts_by_source(session)
    return [
        SourceState(
            name=s.name,
            url=redact_url(s.url),
            kind=s.kind,
            enabled=s.enabled,
            poll_interval=s.poll_interval,
            last_polled_at=s.last_polled_at,
            next_poll_at=s.next_poll_at,
            last_status=s.last_status,
            consecutive_failures=s.consecutive_failures,
            last_error=redact_optional(s.last_error),
            entries_pending=entries.get(s.id, {}).get(EntryStatus.PENDING, 0),
            entries_abandoned=entries.get(s.id, {}).get(EntryStatus.ABANDONED, 0),
        )
        for s in list_sources(session)
    ]


# --- runs ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RunRecord:
    """One recorded run (ingest, recheck, backfill, reextract) with its counters."""

    run_id: int
    flow_name: str
    kind: str
    status: str
    started_at: datetime
    finished_at: datetime | None
    parameters: dict[str, Any]
    counters: dict[str, Any]
    error: str | None
    prefect_flow_run_id: str | None


def recent_runs(
    session: Session,
    *,
    after: int | None = None,
    limit: int = 50,
    stale_before: datetime | None = None,
) -> list[RunRecord]:
    """Runs, newest first, continuing after run id `after` (keyset on the id).

    A run still `running` whose last heartbeat is older than `stale_before` (now minus the run
    lease) is shown as `abandoned`, as the next pass will record it: its process is gone.
    """
    query = select(Run).order_by(Run.id.desc()).limit(limit)
    if after is not None:
        query = query.where(Run.id < after)
    return [
        RunRecord(
            run_id=run.id,
            flow_name=run.flow_name,
            kind=run.kind,
            status=_shown_status(run, stale_before),
            started_at=run.started_at,
            finished_at=run.finished_at,
            parameters=dict(run.parameters or {}),
            counters=dict(run.counters or {}),
            error=redact_optional(run.error),
            prefect_flow_run_id=run.prefect_flow_run_id,
        )
        for run in session.scalars(query)
    ]


def _shown_status(run: Run, stale_before: datetime | None) -> str:
    last_sign_of_life = run.heartbeat_at or run.started_at
    if run.status == RunStatus.RUNNING and stale_before and last_sign_of_life < stale_before:
        return RunStatus.ABANDONED
    return run.status
