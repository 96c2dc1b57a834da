"""Storing a fetched or re-read page as a version: the one path every workflow takes.

Ingest (live pages, in groups), backfill (live pages and archived WARC captures), recheck (a
known article's page fetched again) and re-extraction (a stored capture read again by the
current text extractor) all hand `store_pages` the pages they made ready (`FetchedPage`), so
identity, aliases, capture dedup, time-ordered versions, change kinds, reverts, claim sets and
copy clusters are decided in one place and the same page stored by two workflows is one
version. What differs between workflows is data on the page: its fetch purpose, and for a
page of a known article (`Recheck`, `Reread`) which article it is and what to note on it.

Pages come from `claimledger.prepare` (`prepare_page`, in the extraction pool when there is one);
a page that was not stored as a version (refused, not modified, gone) is its caller's to
record, except that the fetch-log rows of every page given here are written here.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from claimledger.common import utcnow
from claimledger.derive import claim_counters, claim_set_row, deduplicate
from claimledger.fetched_pages import (
    FetchedPage,
    Recheck,
    Reread,
    StoreReport,
    VersionOutcome,
    fetched_page,
)
from claimledger.prepare import (
    PageJob,
    PageRejected,
    PreparedPage,
    next_check_time,
    prepare_page,
    version_content,
)
from claimledger.settings import Settings
from extractors.changes import describe_change, same_content
from extractors.claims import CLAIM_EXTRACTOR_VERSION
from intake.http import FetchResult
from storage import (
    article_store,
    claim_store,
    cluster_store,
    rechecks,
    reextracts,
    run_store,
    values,
)
from storage.db import lost_conflict, session_scope
from storage.rechecks import ArticleStatus, CheckRecord
from storage.values import FetchLogEntry, VersionDraft

logger = logging.getLogger("claimledger.ingest")


# Pages stored per transaction: one commit per group, and a crash loses at most one group's
# work (redone by the next pass, since a source's validators are saved after its pages).
STORE_GROUP_PAGES = 20


# A group's transaction that loses a deadlock to another worker's (PostgreSQL aborts one) is
# run again: it is idempotent. Two workers whose groups share articles first met in other
# orders (a page listed by two feeds with different dates) can deadlock on the article rows.
STORE_ATTEMPTS = 3


def store_fetched_page(
    settings: Settings,
    job: PageJob,
    result: FetchResult,
    requests: Sequence[FetchResult],
    run_id: int | None,
) -> Counter[str]:
    """Prepare and store one page already fetched (live, or read from an archive).

    `requests` are the fetch-log rows it took (robots.txt, the page itself).
    """
    prepared = prepare_page(job, result, run_id)
    return store_pages(settings, [fetched_page(job, result, requests, prepared)], run_id).counters


def store_pages(
    settings: Settings, pages: Sequence[FetchedPage], run_id: int | None
) -> StoreReport:
    """Store a group of prepared pages: one transaction for the pages, one for their dedup.

    The first transaction writes the fetch-log rows, captures, new articles, their first
    versions and aliases with a statement each for the whole group, then the new versions'
    claim sets, so a version is never committed without its claims. A page whose article
    exists already (or whose article an earlier page of the group made, or that a recheck or
    re-read names) goes through `store_version` or `_store_reread`, under the article's row
    lock, after the group's new articles are written; one article's pages keep their order.
    The second transaction clusters the new versions under the clustering lock with the
    fingerprints made in `prepare_page`; a crash between the two leaves them without
    fingerprints, which the dedup step of the passes makes later, as it makes claims and
    fingerprints that `prepare_page` failed to (or a re-read never made). A first
    transaction that loses a deadlock to another worker's runs again.
    """
    report = StoreReport()
    for page in pages:
        if isinstance(page.prepared, PageRejected):
            logger.info("page not stored: %s", page.prepared.reason)
            report.counters[f"pages_{page.prepared.outcome}"] += 1
    for attempt in range(1, STORE_ATTEMPTS + 1):
        try:
            outcomes, claims, new_versions = _store_group(settings, pages, run_id)
            break
        except Exception as error:
            if attempt == STORE_ATTEMPTS or not lost_conflict(error):
                raise
            logger.info("page group lost a deadlock to another worker; storing it again")
    for page, outcome in zip(pages, outcomes, strict=True):
        if isinstance(page.prepared, PreparedPage):
            report.counters[f"pages_{outcome}"] += 1
    report.outcomes = outcomes
    report.counters.update(claims)
    fingerprinted = [
        (version, ready.derived.fingerprint)
        for version, ready in new_versions
        if ready.derived is not None
    ]
    if fingerprinted:
        with session_scope(settings.database_url) as session:
            cluster_store.lock_clustering(session)
            report.counters.update(deduplicate(session, settings, fingerprinted, run_id))
    return report


def _store_group(
    settings: Settings, pages: Sequence[FetchedPage], run_id: int | None
) -> tuple[list[str], Counter[str], list[tuple[values.VersionForDedup, PreparedPage]]]:
    """`store_pages`' first transaction: each page's outcome, the claims counters, and the
    new versions with their pages."""
    outcomes = [
        page.prepared.outcome if isinstance(page.prepared, PageRejected) else "" for page in pages
    ]
    prepared = [
        (index, page, page.prepared)
        for index, page in enumerate(pages)
        if isinstance(page.prepared, PreparedPage)
    ]
    new_versions: list[tuple[values.VersionForDedup, PreparedPage]] = []
    with session_scope(settings.database_url) as session:
        for source_id, log_rows in _log_rows_by_source(pages).items():
            run_store.log_fetches(session, log_rows, run_id=run_id, source_id=source_id)
        article_store.store_captures(
            session, [ready.capture for _, _, ready in prepared if ready.capture is not None]
        )
        created = article_store.create_articles(
            session,
            [
                _new_article(settings, page, ready)
                for _, page, ready in prepared
                if page.known_article is None
            ],
        )
        first, known = [], []
        for index, page, ready in prepared:
            article_id = None if page.known_article else created.pop(ready.identity, None)
            if article_id is None:
                known.append((index, page, ready))
            else:
                first.append((article_id, page, ready))
                outcomes[index] = VersionOutcome.NEW_ARTICLE
        new_versions.extend(_store_first_versions(session, first))
        # In identity order (the given order among one article's pages), so that two workers
        # storing pages of the same articles take the articles' row locks in the same order.
        known.sort(key=lambda item: item[2].identity)
        for index, page, ready in known:
            outcome, version = _store_known_article_page(session, settings, page, ready, run_id)
            outcomes[index] = outcome
            if version is not None:
                new_versions.append((version, ready))
        claims = _store_new_claims(session, new_versions, run_id)
    return outcomes, claims, new_versions


def _log_rows_by_source(pages: Sequence[FetchedPage]) -> dict[int | None, list[FetchLogEntry]]:
    rows: dict[int | None, list[FetchLogEntry]] = {}
    for page in pages:
        if page.log_rows:
            rows.setdefault(page.job.source_id, []).extend(page.log_rows)
    return rows


def _new_article(settings: Settings, page: FetchedPage, ready: PreparedPage) -> values.NewArticle:
    """The article row a page makes if its identity is new.

    Only a live fetch speaks for the page as it is now: an archived capture (a WARC record)
    neither sets its validators nor starts its rechecks.
    """
    live = page.purpose == "page"
    return values.NewArticle(
        canonical_url=ready.identity,
        source_id=page.job.source_id,
        first_seen_at=page.fetched_at,
        etag=page.validators.etag if live else None,
        last_modified=page.validators.last_modified if live else None,
        next_check_at=_first_check(settings, page) if live else None,
    )


def _first_check(settings: Settings, page: FetchedPage) -> datetime | None:
    return next_check_time(page.fetched_at, settings.recheck_schedule(), page.fetched_at)


def _store_first_versions(
    session: Session, first: Sequence[tuple[int, FetchedPage, PreparedPage]]
) -> list[tuple[values.VersionForDedup, PreparedPage]]:
    """Version 1 and the aliases of each article `article_store.create_articles` just made."""
    version_ids = article_store.add_first_versions(
        session,
        [
            (
                article_id,
                ready.draft,
                values.VersionChange(
                    None,
                    ready.first_change.kinds,
                    ready.first_change.words_added,
                    ready.first_change.words_removed,
                    None,
                ),
            )
            for article_id, _page, ready in first
        ],
    )
    article_store.add_many_aliases(
        session,
        [
            (article_id, url, page.fetched_at)
            for article_id, page, ready in first
            for url in [ready.identity, *ready.aliases]
        ],
    )
    return [
        (_version_for_dedup(version_id, article_id, ready.draft), ready)
        for version_id, (article_id, _page, ready) in zip(version_ids, first, strict=True)
    ]


def _version_for_dedup(
    version_id: int, article_id: int, draft: VersionDraft
) -> values.VersionForDedup:
    return values.VersionForDedup(version_id, article_id, draft.text_hash, draft.text)


def _store_known_article_page(
    session: Session,
    settings: Settings,
    page: FetchedPage,
    ready: PreparedPage,
    run_id: int | None,
) -> tuple[VersionOutcome, values.VersionForDedup | None]:
    """Store a page of an article that exists: a new version, or a check of an unchanged one."""
    known = page.known_article
    if known is None:
        article_id = article_store.ensure_article(
            session, ready.identity, ready.aliases, page.job.source_id, page.fetched_at
        )
    else:
        article_id = known.article_id
    if isinstance(known, Reread):
        outcome, number = _store_reread(session, known, ready.draft, run_id)
    else:
        if isinstance(known, Recheck):
            article_store.add_aliases(session, article_id, known.aliases, page.fetched_at)
        outcome, number = store_version(session, article_id, ready.draft)
    _note_fetch(session, settings, page, article_id, outcome)
    if number is None or outcome is VersionOutcome.UNCHANGED:
        return outcome, None
    version_id = article_store.version_id(session, article_id, number)
    return outcome, _version_for_dedup(version_id, article_id, ready.draft)


def _note_fetch(
    session: Session,
    settings: Settings,
    page: FetchedPage,
    article_id: int,
    outcome: VersionOutcome,
) -> None:
    """What a stored page says about its article besides the version: a live fetch keeps its
    validators and schedules an article's first recheck, a recheck records the check. An
    archived capture or a re-read says nothing about the page as it is now."""
    if isinstance(page.known_article, Recheck):
        rechecks.record_check(
            session,
            article_id,
            CheckRecord(
                ArticleStatus.LIVE,
                None,
                page.known_article.next_check_at,
                checked_at=page.fetched_at,
                validators=page.validators,
            ),
        )
    elif page.purpose == "page":
        rechecks.note_page_fetched(
            session,
            article_id,
            page.validators,
            _first_check(settings, page) if outcome is VersionOutcome.NEW_ARTICLE else None,
        )


def _store_new_claims(
    session: Session,
    new_versions: Sequence[tuple[values.VersionForDedup, PreparedPage]],
    run_id: int | None,
) -> Counter[str]:
    claim_sets = [
        claim_set_row(version.id, CLAIM_EXTRACTOR_VERSION, ready.derived.claims)
        for version, ready in new_versions
        if ready.derived is not None
    ]
    return claim_counters(
        claim_sets, claim_store.store_claim_sets(session, claim_sets, run_id, utcnow())
    )


def store_version(
    session: Session, article_id: int, draft: VersionDraft
) -> tuple[VersionOutcome, int]:
    """Add the draft as a version unless its content equals a neighbour's in time.

    Compared with the version fetched just before it (and, for archived captures older than
    what is stored, the one just after): unchanged content only marks the article checked.
    Returns the outcome and the number of the version that holds this content.
    """
    article_store.lock_article(session, article_id)
    before, after = article_store.versions_around(session, article_id, draft.fetched_at)
    new = version_content(draft)
    for neighbour in (before, after):
        if neighbour is not None and same_content(version_content(neighbour), new):
            article_store.mark_checked(session, article_id, draft.fetched_at)
            return VersionOutcome.UNCHANGED, neighbour.version
    change = describe_change(None if before is None else version_content(before), new)
    reverts_to = (
        article_store.version_with_text(session, article_id, draft.text_hash, draft.fetched_at)
        if before is not None and before.text_hash != draft.text_hash
        else None
    )
    number = article_store.add_version(
        session,
        article_id,
        draft,
        values.VersionChange(
            previous_version=None if before is None else before.version,
            kinds=(*change.kinds, "revert") if reverts_to is not None else change.kinds,
            words_added=change.words_added,
            words_removed=change.words_removed,
            reverts_to=reverts_to,
        ),
    )
    return (
        VersionOutcome.NEW_ARTICLE
        if before is None and after is None
        else VersionOutcome.NEW_VERSION
    ), number


# How `text_reextractions` names a re-read's outcome (the words of `reextract`'s counters).
_REREAD_RECORDS = {VersionOutcome.NEW_VERSION: "new_version", VersionOutcome.UNCHANGED: "same"}


def _store_reread(
    session: Session, reread: Reread, draft: VersionDraft, run_id: int | None
) -> tuple[VersionOutcome, int | None]:
    """Add a re-read as a version unless it equals the version it re-read (see `Reread`).

    Returns the outcome and the number of the version added, None when none was.
    """
    # Under the article's lock, so two runs at once cannot both add the re-extraction.
    article_store.lock_article(session, reread.article_id)
    if reextracts.text_reextraction_done(
        session, reread.version_id, draft.extractor_name, draft.extractor_version
    ):
        return VersionOutcome.DONE_ALREADY, None
    new = version_content(draft)
    if same_content(reread.content, new):
        outcome, number, result_id = VersionOutcome.UNCHANGED, None, reread.version_id
    else:
        change = describe_change(reread.content, new)
        number = article_store.add_version(
            session,
            reread.article_id,
            draft,
            values.VersionChange(
                previous_version=reread.version,
                kinds=("reextracted", *change.kinds),
                words_added=change.words_added,
                words_removed=change.words_removed,
                reverts_to=None,
            ),
        )
        outcome = VersionOutcome.NEW_VERSION
        result_id = article_store.version_id(session, reread.article_id, number)
    reextracts.record_text_reextraction(
        session,
        version_id=reread.version_id,
        extractor_name=draft.extractor_name,
        extractor_version=draft.extractor_version,
        outcome=_REREAD_RECORDS[outcome],
        result_version_id=result_id,
        detail=None,
        run_id=run_id,
        now=utcnow(),
    )
    return outcome, number
