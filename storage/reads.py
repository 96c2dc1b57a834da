"""Streamed read models: the filters every list and export shares, keyset paging, and claims.

`claims list`, `articles list`, `claims timeline` and `export` all read through the functions of
this module and of `storage.article_reads` and `storage.timeline_reads`, so what a list shows on
screen is exactly what an export writes. Rows are read in chunks of `chunk_size` with keyset
pagination (`keyset_chunks`: each chunk continues after the last row's sort key, never with
OFFSET), so a million rows cost the same memory as one chunk and every chunk is an index range
scan. The records hold plain values, never ORM objects: nothing accumulates in the session's
identity map while a long export runs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    func,
    or_,
    select,
)
from sqlalchemy.orm import Session

from intake.urls import host_of
from storage.claim_store import claim_set_of_version, newest_claim_set_id, stored_claim_set
from storage.models import (
    Article,
    ArticleVersion,
    Claim,
    ClaimQuantity,
    ClaimSet,
)
from storage.values import QuantityRow, StoredClaimSet

CHUNK_SIZE = 2000


# Who made a claim: the resolved source, or the source as written when it resolves to nothing.
claim_source = func.coalesce(Claim.source_resolved, Claim.source_text)


# When a text was published: its publication date, or its fetch date when the page gives none.
published_or_fetched = func.coalesce(ArticleVersion.published_at, ArticleVersion.fetched_at)


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


# A sort key: a column (or expression) and whether it sorts descending.
SortKey = tuple[Any, bool]


def sorts_after(keys: Sequence[SortKey], values: Sequence[Any]) -> ColumnElement[bool]:
    """Rows that sort strictly after `values` in the order `keys` (lexicographic)."""
    column, descending = keys[0]
    beyond: ColumnElement[bool] = column < values[0] if descending else column > values[0]
    if len(keys) == 1:
        return beyond
    return or_(beyond, and_(column == values[0], sorts_after(keys[1:], values[1:])))


def keyset_chunks(
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
        ordered = ordered.where(sorts_after(keys, after))
    last: tuple[Any, ...] | None = None
    remaining = limit
    while remaining is None or remaining > 0:
        size = chunk_size if remaining is None else min(chunk_size, remaining)
        page = ordered.limit(size)
        page = page.offset(offset) if last is None and offset else page
        if last is not None:
            page = page.where(sorts_after(keys, last))
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


def within_dates(query: Select[Any], where: ReadFilter) -> Select[Any]:
    """The filters every kind shares: publication dates and outlet."""
    if where.since is not None:
        query = query.where(published_or_fetched >= where.since)
    if where.until is not None:
        query = query.where(published_or_fetched < where.until)
    if where.outlet:
        query = query.where(_outlet_match(where.outlet))
    return query


def current_claims(query: Select[Any], where: ReadFilter) -> Select[Any]:
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
        .where(ClaimSet.id == newest_claim_set_id(where.extractor_version))
    )
    if where.source:
        query = query.where(_source_match(where.source))
    if where.text:
        query = query.where(Claim.content_text.ilike(_contains(where.text), escape="\\"))
    return within_dates(query, where)


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
    quantities: tuple[QuantityRow, ...]
    extractor: str


def _quantities_of(session: Session, claim_ids: list[int]) -> dict[int, list[QuantityRow]]:
    found: dict[int, list[QuantityRow]] = defaultdict(list)
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
            QuantityRow(start, end, text, value, low, high, approx, category, outcome)
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
    query = current_claims(
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
            published_or_fetched,
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
        keys = [(published_or_fetched, True), (Article.id, True), (Claim.id, False)]

        def key_of(row: Any) -> tuple[Any, ...]:
            return (row[15], row[1], row[0])
    else:
        keys = [(Claim.id, False)]

        def key_of(row: Any) -> tuple[Any, ...]:
            return (row[0],)

    for rows in keyset_chunks(
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
                quantities=tuple(quantities.get(row[0], ())),
                extractor=f"{row[13]} {row[14]}",
            )


def claim_key(claim: ClaimRecord, *, newest_first: bool = False) -> tuple[Any, ...]:
    """The sort key of a claim in `iter_claims`'s order: what `after` takes to continue after
    it."""
    if newest_first:
        return (claim.published_at or claim.fetched_at, claim.article_id, claim.claim_id)
    return (claim.claim_id,)


def claim_set(
    session: Session, version_id: int, extractor_version: str | None = None
) -> StoredClaimSet | None:
    """The newest claim set of a version (or the newest of `extractor_version`), claims in text
    order (`articles show --claims`, `articles diff --claims`); None when there is none."""
    found = claim_set_of_version(session, version_id, extractor_version)
    return None if found is None else stored_claim_set(found)
