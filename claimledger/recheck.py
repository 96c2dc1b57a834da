"""Rechecks: refetch recently published articles on a decaying schedule to catch their edits.

Most edits land within a day of publication and corrections within a week, so an article is
fetched again at the offsets of `recheck_offsets` after it was first seen (1 h, 4 h, 24 h, 3 d,
7 d by default), at most `recheck_budget` articles per pass. A recheck is a conditional GET with
the page's own validators: a 304 only marks the article checked; a 200 goes through the same
`prepare_page` and `store.store_pages` as ingest, so an edit becomes a version with its change
kinds, claims and copy cluster, and noise makes none; a 404/410 marks the article gone and a
redirect to another article marks it redirected. Versions already stored are never touched.

Plain functions, like `claimledger.polling`; `flows/recheck.py` only batches them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime, timedelta
from enum import StrEnum

from claimledger import progress
from claimledger.common import utcnow
from claimledger.fetched_pages import Recheck, VersionOutcome, fetched_page
from claimledger.prepare import (
    PageJob,
    PageRejected,
    fetch_log_rows,
    logger,
    next_check_time,
    prepare_page,
)
from claimledger.settings import Settings
from claimledger.store import store_pages
from intake.http import Fetcher, FetchOutcome, FetchResult
from intake.urls import InvalidURL, normalize_url
from storage import article_store, run_store, values
from storage.db import session_scope
from storage.rechecks import (
    ArticleStatus,
    CheckRecord,
    CheckTarget,
    Validators,
    check_targets,
    claim_due_articles,
    record_check,
)

# How long a pass owns the articles it took; past it, a crashed pass's articles are due again.
CLAIM_LEASE = timedelta(hours=1)
GONE_STATUSES = frozenset({404, 410})


class CheckOutcome(StrEnum):
    NOT_MODIFIED = "not_modified"
    UNCHANGED = "unchanged"
    NEW_VERSION = "new_version"
    GONE = "gone"
    REDIRECTED = "redirected"
    FAILED = "failed"
    DEFERRED = "deferred"


def claim_due(settings: Settings, budget: int | None = None) -> list[int]:
    """Ids of the articles this pass will check, taken so that no other pass takes them too."""
    now = utcnow()
    with session_scope(settings.database_url) as session:
        return claim_due_articles(
            session,
            now,
            settings.recheck_budget if budget is None else budget,
            now + CLAIM_LEASE,
        )


def recheck_articles(
    settings: Settings, article_ids: Sequence[int], run_id: int | None, fetcher: Fetcher
) -> Counter[str]:
    """Recheck a batch of claimed articles; returns counters by outcome."""
    with session_scope(settings.database_url) as session:
        targets = check_targets(session, article_ids)
    counters: Counter[str] = Counter()
    for target in targets:
        outcome, derived = recheck_article(settings, target, run_id, fetcher)
        counters[f"checks_{outcome}"] += 1
        counters.update(derived)
        progress.advance("rechecks")
    return counters


def recheck_article(
    settings: Settings, target: CheckTarget, run_id: int | None, fetcher: Fetcher
) -> tuple[CheckOutcome, Counter[str]]:
    """Fetch one article conditionally and record what became of it.

    A page to store goes through `store.store_pages` as ingest's do, so a new version gets its
    claims and copy cluster at once; returns the outcome and those claims and dedup counters.
    """
    result = fetcher.fetch(
        target.fetch_url,
        purpose="recheck",
        etag=target.etag,
        last_modified=target.last_modified,
    )
    requests = fetcher.take_requests()
    now = utcnow()
    next_check = next_check_time(target.first_seen_at, settings.recheck_schedule(), now)
    if not result.ok:
        record = _failed_fetch_record(target, result, next_check, now)
        _store_check(settings, target, run_id, fetch_log_rows(requests, result), record)
        return _outcome_of(record, result), Counter()
    job = PageJob(target.fetch_url, target.source_id, None)
    prepared = prepare_page(job, result, run_id)
    if isinstance(prepared, PageRejected):
        moved_to = _redirect_target(settings, target, result, None)
        record = (
            CheckRecord(ArticleStatus.REDIRECTED, moved_to, None)
            if moved_to
            else CheckRecord(ArticleStatus.LIVE, prepared.reason, next_check)
        )
        log_rows = fetch_log_rows(requests, result, prepared)
        _store_check(settings, target, run_id, log_rows, record)
        logger.info("recheck of %s: %s", target.canonical_url, record.detail)
        return CheckOutcome.REDIRECTED if moved_to else CheckOutcome.FAILED, Counter()
    moved_to = _redirect_target(settings, target, result, prepared.identity)
    if moved_to:
        record = CheckRecord(ArticleStatus.REDIRECTED, moved_to, None)
        _store_check(settings, target, run_id, fetch_log_rows(requests, result), record)
        return CheckOutcome.REDIRECTED, Counter()
    check = Recheck(
        target.article_id, next_check, tuple(prepared.aliases) if result.redirects else ()
    )
    page = fetched_page(job, result, requests, prepared, check)
    report = store_pages(settings, [page], run_id)
    derived = Counter(
        {name: n for name, n in report.counters.items() if not name.startswith("pages_")}
    )
    if report.outcomes == [VersionOutcome.UNCHANGED]:
        return CheckOutcome.UNCHANGED, derived
    return CheckOutcome.NEW_VERSION, derived


def _failed_fetch_record(
    target: CheckTarget, result: FetchResult, next_check: datetime | None, now: datetime
) -> CheckRecord:
    """What a fetch without a fresh body means for the article: checked, gone, or try again."""
    if result.outcome is FetchOutcome.NOT_MODIFIED:
        return CheckRecord(
            ArticleStatus.LIVE,
            None,
            next_check,
            checked_at=result.fetched_at,
            validators=Validators(
                result.etag or target.etag, result.last_modified or target.last_modified
            ),
        )
    if result.outcome is FetchOutcome.HTTP_ERROR and result.status in GONE_STATUSES:
        return CheckRecord(ArticleStatus.GONE, result.error, None)
    if result.outcome is FetchOutcome.DEFERRED:
        # The host asked us to wait: the next pass tries again, without using up a step.
        return CheckRecord(ArticleStatus.LIVE, result.error, now, counted=False)
    return CheckRecord(ArticleStatus.LIVE, result.error, next_check)


def _outcome_of(record: CheckRecord, result: FetchResult) -> CheckOutcome:
    if result.outcome is FetchOutcome.NOT_MODIFIED:
        return CheckOutcome.NOT_MODIFIED
    if record.status == ArticleStatus.GONE:
        return CheckOutcome.GONE
    if not record.counted:
        return CheckOutcome.DEFERRED
    return CheckOutcome.FAILED


def _redirect_target(
    settings: Settings, target: CheckTarget, result: FetchResult, identity: str | None
) -> str | None:
    """Where the article went, when the fetch was redirected to a page that is not this article.

    The page's identity (canonical URL) decides; a page without one (a section front, a home
    page) is named by its final URL. A redirect to a URL already known as this article's, such
    as http to https with the same canonical, is not a move.
    """
    if not result.redirects:
        return None
    try:
        landed = identity or normalize_url(result.final_url)
    except InvalidURL:
        return result.final_url
    if landed == target.canonical_url:
        return None
    with session_scope(settings.database_url) as session:
        known = article_store.find_article(session, landed)
    return None if known is not None and known.id == target.article_id else landed


def _store_check(
    settings: Settings,
    target: CheckTarget,
    run_id: int | None,
    log_rows: list[values.FetchLogEntry],
    record: CheckRecord,
) -> None:
    with session_scope(settings.database_url) as session:
        run_store.log_fetches(session, log_rows, run_id=run_id, source_id=target.source_id)
        record_check(session, target.article_id, record)
