"""A fetched page into stored rows: extraction, identity, versions, claims and dedup at store time.

`prepare_page` derives everything a page needs without a database (text, metadata, claims,
fingerprint, compressed capture), in the extraction pool (`claimledger.pool`) when there is one:
this is the module the pool's fork server imports, so it imports all a worker needs.
`store_pages` then writes a group of prepared pages in one transaction, clustering the new
versions with `claimledger.derived`.
`claimledger.pipeline` decides which pages to fetch and feeds them here.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy.orm import Session

from claimledger.common import utcnow
from claimledger.derived import claim_counters, deduplicate
from claimledger.settings import Settings
from extractors.article import (
    ExtractedArticle,
    ExtractionError,
    extract_article,
    looks_like_html,
)
from extractors.changes import Change, VersionContent, describe_change, same_content
from extractors.claims import CLAIM_EXTRACTOR_NAME, CLAIM_EXTRACTOR_VERSION, extract_claims
from extractors.fingerprints import Fingerprint, fingerprint
from extractors.normalize import text_fingerprint
from extractors.page_kind import blocked_page_reason
from intake.http import FetchResult
from intake.urls import InvalidURL, normalize_url, redact_url, same_site
from storage import queries, rechecks, writes
from storage.db import lost_conflict, session_scope
from storage.models import ArticleVersion, offset_minutes
from storage.rechecks import Validators
from storage.writes import FetchLogEntry, VersionDraft

logger = logging.getLogger("claimledger.ingest")

# Pages stored per transaction: one commit per group, and a crash loses at most one group's
# work (redone by the next pass, since a source's validators are saved after its pages).
STORE_GROUP_PAGES = 20


@dataclass(frozen=True)
class PageJob:
    """A page to fetch: an entry that is new, or whose feed says it was updated since last check."""

    url: str
    source_id: int | None  # None for pages a backfill found outside any source (archives)
    published: datetime | None


def fetch_log_entry(
    result: FetchResult, outcome: str | None = None, error: str | None = None
) -> FetchLogEntry:
    """A fetch-log row for one request; `outcome`/`error` override it when a later step failed."""
    return FetchLogEntry(
        purpose=result.purpose,
        url=result.url,
        final_url=result.final_url,
        requested_at=result.fetched_at,
        status=result.status,
        outcome=outcome or str(result.outcome),
        bytes=len(result.content),
        elapsed_ms=round(result.elapsed * 1000, 1),
        error=error if error is not None else result.error,
    )


class PageRejected(Exception):
    """A fetched page that is not stored, with the outcome code and readable reason to log."""

    def __init__(self, outcome: str, reason: str) -> None:
        reason = redact_url(reason)  # it names the page's URL, which may carry a password
        super().__init__(reason)
        self.outcome = outcome
        self.reason = reason

    def __reduce__(self) -> tuple[type[PageRejected], tuple[str, str]]:
        """Picklable with both arguments, so it can come back from an extraction process."""
        return (PageRejected, (self.outcome, self.reason))


# --- preparing and storing pages ----------------------------------------------------------------


@dataclass(frozen=True)
class PreparedPage:
    """A fetched page made ready to store, with all that is derived from it without a database.

    Made by `prepare_page`, in an extraction process when there is a pool, so that the process
    that stores pages only writes. `derived` holds the claims and fingerprint of `draft.text`,
    used when the text becomes a new version; None when making them failed, in which case the
    version is stored without them and the shared steps of `flows.runs` try again.
    """

    identity: str
    aliases: list[str]
    draft: VersionDraft
    capture: writes.CaptureRow
    first_change: Change  # the draft as an article's first version
    derived: DerivedData | None


@dataclass(frozen=True)
class DerivedData:
    """A text's claim extraction (the extractor's JSON contract) and MinHash fingerprint (None
    for a text without words)."""

    claims: dict[str, Any]
    fingerprint: Fingerprint | None


@dataclass(frozen=True)
class FetchedPage:
    """A page's fetch-log rows and what `prepare_page` made of it; the body itself is dropped."""

    job: PageJob
    purpose: str
    fetched_at: datetime
    validators: Validators
    log_rows: list[FetchLogEntry]
    prepared: PreparedPage | PageRejected


def fetched_page(
    job: PageJob,
    result: FetchResult,
    requests: Sequence[FetchResult],
    prepared: PreparedPage | PageRejected,
) -> FetchedPage:
    rejected = prepared if isinstance(prepared, PageRejected) else None
    return FetchedPage(
        job,
        result.purpose,
        result.fetched_at,
        Validators(result.etag, result.last_modified),
        fetch_log_rows(requests, result, rejected),
        prepared,
    )


def prepare_page(
    job: PageJob, result: FetchResult, run_id: int | None
) -> PreparedPage | PageRejected:
    """`prepare_version` plus the version's claims, fingerprint and compressed capture.

    A rejection is returned rather than raised, since this runs in the extraction pool.
    """
    try:
        identity, aliases, draft = prepare_version(job, result, run_id)
    except PageRejected as rejected:
        return rejected
    capture = writes.CaptureRow(
        sha256=draft.capture_sha256,
        url=result.final_url,
        content_type=result.content_type,
        size=len(result.content),
        body=writes.compress_capture(result.content),
        fetched_at=result.fetched_at,
    )
    first_change = describe_change(None, version_content(draft))
    return PreparedPage(identity, aliases, draft, capture, first_change, _derive(draft))


def _derive(draft: VersionDraft) -> DerivedData | None:
    """The draft's claims and fingerprint; None if either fails, so that a bug in them never
    keeps a page from being stored (the later steps make them, and fail visibly, there)."""
    try:
        return DerivedData(extract_claims(draft.text).to_dict(), fingerprint(draft.text))
    except Exception:
        logger.exception("%s: claims or fingerprint failed; left to the later steps", draft.url)
        return None


def store_pages(
    settings: Settings, pages: Sequence[FetchedPage], run_id: int | None
) -> Counter[str]:
    """Store a group of prepared pages: one transaction for the pages, one for their dedup.

    The first transaction writes the fetch-log rows, captures, new articles, their first
    versions and aliases with a statement each for the whole group, then the new versions'
    claim sets, so a version is never committed without its claims. A page whose article
    exists already (or whose article an earlier page of the group made) goes through
    `store_version`, under the article's row lock, after the group's new articles are written;
    one article's pages keep their job order. The second transaction
    clusters the new versions under the clustering lock with the fingerprints made in
    `prepare_page`; a crash between the two leaves them without fingerprints, which the dedup
    step of `flows.runs` makes later, as it makes claims and fingerprints that `prepare_page`
    failed to. A first transaction that loses a deadlock to another worker's runs again.
    Returns counters: `pages_<outcome>` per page, and the claims and dedup counters.
    """
    counters: Counter[str] = Counter()
    for page in pages:
        if isinstance(page.prepared, PageRejected):
            logger.info("page not stored: %s", page.prepared.reason)
            counters[f"pages_{page.prepared.outcome}"] += 1
    for attempt in range(1, STORE_ATTEMPTS + 1):
        try:
            stored, new_versions = _store_group(settings, pages, run_id)
            break
        except Exception as error:
            if attempt == STORE_ATTEMPTS or not lost_conflict(error):
                raise
            logger.info("page group lost a deadlock to another worker; storing it again")
    counters.update(stored)
    fingerprinted = [
        (version, ready.derived.fingerprint)
        for version, ready in new_versions
        if ready.derived is not None
    ]
    if fingerprinted:
        with session_scope(settings.database_url) as session:
            writes.lock_clustering(session)
            counters.update(deduplicate(session, settings, fingerprinted, run_id))
    return counters


# A group's transaction that loses a deadlock to another worker's (PostgreSQL aborts one) is
# run again: it is idempotent. Two workers whose groups share articles first met in other
# orders (a page listed by two feeds with different dates) can deadlock on the article rows.
STORE_ATTEMPTS = 3


def _store_group(
    settings: Settings, pages: Sequence[FetchedPage], run_id: int | None
) -> tuple[Counter[str], list[tuple[queries.VersionForDedup, PreparedPage]]]:
    """`store_pages`' first transaction; its counters and the new versions with their pages."""
    counters: Counter[str] = Counter()
    prepared = [(page, page.prepared) for page in pages if isinstance(page.prepared, PreparedPage)]
    new_versions: list[tuple[queries.VersionForDedup, PreparedPage]] = []
    with session_scope(settings.database_url) as session:
        for source_id, log_rows in _log_rows_by_source(pages).items():
            writes.log_fetches(session, log_rows, run_id=run_id, source_id=source_id)
        writes.store_captures(session, [ready.capture for _page, ready in prepared])
        created = writes.create_articles(
            session, [_new_article(settings, page, ready) for page, ready in prepared]
        )
        first, known = [], []
        for page, ready in prepared:
            article_id = created.pop(ready.identity, None)
            if article_id is None:
                known.append((page, ready))
            else:
                first.append((article_id, page, ready))
        new_versions.extend(_store_first_versions(session, first))
        counters["pages_new_article"] += len(first)
        # In identity order (job order among one article's pages), so that two workers storing
        # pages of the same articles take the articles' row locks in the same order.
        known.sort(key=lambda pair: pair[1].identity)
        for page, ready in known:
            outcome, version = _store_known_article_page(session, settings, page, ready)
            counters[f"pages_{outcome}"] += 1
            if version is not None:
                new_versions.append((version, ready))
        counters.update(_store_new_claims(session, new_versions, run_id))
    return counters, new_versions


def _log_rows_by_source(pages: Sequence[FetchedPage]) -> dict[int | None, list[FetchLogEntry]]:
    rows: dict[int | None, list[FetchLogEntry]] = {}
    for page in pages:
        rows.setdefault(page.job.source_id, []).extend(page.log_rows)
    return rows


def _new_article(settings: Settings, page: FetchedPage, ready: PreparedPage) -> writes.NewArticle:
    """The article row a page makes if its identity is new.

    Only a live fetch speaks for the page as it is now: an archived capture (a WARC record)
    neither sets its validators nor starts its rechecks.
    """
    live = page.purpose == "page"
    return writes.NewArticle(
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
) -> list[tuple[queries.VersionForDedup, PreparedPage]]:
    """Version 1 and the aliases of each article `writes.create_articles` just made."""
    version_ids = writes.add_first_versions(
        session,
        [
            (
                article_id,
                ready.draft,
                writes.VersionChange(
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
    writes.add_many_aliases(
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
) -> queries.VersionForDedup:
    return queries.VersionForDedup(version_id, article_id, draft.text_hash, draft.text)


def _store_known_article_page(
    session: Session, settings: Settings, page: FetchedPage, ready: PreparedPage
) -> tuple[VersionOutcome, queries.VersionForDedup | None]:
    """Store a page of an article that exists: a new version, or a check of an unchanged one."""
    article_id = writes.ensure_article(
        session, ready.identity, ready.aliases, page.job.source_id, page.fetched_at
    )
    outcome, number = store_version(session, article_id, ready.draft)
    if page.purpose == "page":
        first_check = _first_check(settings, page)
        rechecks.note_page_fetched(
            session,
            article_id,
            page.validators,
            first_check if outcome is VersionOutcome.NEW_ARTICLE else None,
        )
    if outcome is VersionOutcome.UNCHANGED:
        return outcome, None
    version_id = queries.version_id(session, article_id, number)
    return outcome, _version_for_dedup(version_id, article_id, ready.draft)


def _store_new_claims(
    session: Session,
    new_versions: Sequence[tuple[queries.VersionForDedup, PreparedPage]],
    run_id: int | None,
) -> Counter[str]:
    claim_sets = [
        writes.ClaimSetRow(
            version.id, CLAIM_EXTRACTOR_NAME, CLAIM_EXTRACTOR_VERSION, ready.derived.claims
        )
        for version, ready in new_versions
        if ready.derived is not None
    ]
    return claim_counters(
        claim_sets, writes.store_claim_sets(session, claim_sets, run_id, utcnow())
    )


def fetch_log_rows(
    requests: Sequence[FetchResult], result: FetchResult, rejected: PageRejected | None = None
) -> list[FetchLogEntry]:
    """The fetch-log rows of one page fetch; a page fetched but not stored says why on its row."""
    rows = [fetch_log_entry(request) for request in requests]
    page_rows = [i for i, request in enumerate(requests) if request.purpose == result.purpose]
    if rejected is not None and result.ok and page_rows:
        last = page_rows[-1]
        rows[last] = fetch_log_entry(requests[last], rejected.outcome, rejected.reason)
    return rows


def next_check_time(
    first_seen: datetime, offsets: Sequence[timedelta], now: datetime
) -> datetime | None:
    """The next recheck of an article: the first step of the schedule still ahead of `now`.

    Steps already past are skipped rather than caught up on, so a pass after an outage checks
    an article once, not once per missed step. None when the schedule has run out.
    """
    for offset in offsets:
        if first_seen + offset > now:
            return first_seen + offset
    return None


class VersionOutcome(StrEnum):
    NEW_ARTICLE = "new_article"
    NEW_VERSION = "new_version"
    UNCHANGED = "unchanged"


def version_content(version: ArticleVersion | VersionDraft) -> VersionContent:
    """The parts of a stored version or a draft that an edit is measured on."""
    return VersionContent(
        title=version.title,
        authors=tuple(version.authors),
        agencies=tuple(version.agencies or ()),
        published=version.published_at,
        text=version.text,
    )


def store_version(
    session: Session, article_id: int, draft: VersionDraft
) -> tuple[VersionOutcome, int]:
    """Add the draft as a version unless its content equals a neighbour's in time.

    Compared with the version fetched just before it (and, for archived captures older than
    what is stored, the one just after): unchanged content only marks the article checked.
    Returns the outcome and the number of the version that holds this content.
    """
    writes.lock_article(session, article_id)
    before, after = queries.versions_around(session, article_id, draft.fetched_at)
    new = version_content(draft)
    for neighbour in (before, after):
        if neighbour is not None and same_content(version_content(neighbour), new):
            writes.mark_checked(session, article_id, draft.fetched_at)
            return VersionOutcome.UNCHANGED, neighbour.version
    change = describe_change(None if before is None else version_content(before), new)
    reverts_to = (
        queries.version_with_text(session, article_id, draft.text_hash, draft.fetched_at)
        if before is not None and before.text_hash != draft.text_hash
        else None
    )
    number = writes.add_version(
        session,
        article_id,
        draft,
        writes.VersionChange(
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


def prepare_version(
    job: PageJob, result: FetchResult, run_id: int | None
) -> tuple[str, list[str], VersionDraft]:
    """A fetched page's identity, aliases and version draft; or PageRejected with a reason."""
    if not result.ok:
        raise PageRejected(str(result.outcome), result.error or f"{job.url}: {result.outcome}")
    if not looks_like_html(result.content, result.content_type):
        raise PageRejected(
            "not_html", f"{result.final_url}: not an HTML page ({result.content_type or 'no type'})"
        )
    try:
        extracted = extract_article(
            result.content, result.final_url, result.content_type, result.fetched_at
        )
    except ExtractionError as error:
        if wall := blocked_page_reason(result.content, ""):
            raise PageRejected("blocked_page", f"{result.final_url}: {wall}") from None
        raise PageRejected(error.reason, str(error)) from None
    if wall := blocked_page_reason(result.content, extracted.text):
        raise PageRejected("blocked_page", f"{result.final_url}: {wall}")
    identity, aliases = article_identity(job.url, result.final_url, extracted.canonical_url)
    capture_sha256 = hashlib.sha256(result.content).hexdigest()
    draft = version_draft(extracted, result.final_url, result.fetched_at, capture_sha256, run_id)
    return identity, aliases, draft


def version_draft(
    extracted: ExtractedArticle,
    url: str,
    fetched_at: datetime,
    capture_sha256: str,
    run_id: int | None,
    extractor_version: str | None = None,
) -> VersionDraft:
    """The version an extraction of one capture makes; `extractor_version` overrides the
    extractor's own (a re-extraction tagged with another)."""
    return VersionDraft(
        url=url,
        fetched_at=fetched_at,
        capture_sha256=capture_sha256,
        text_hash=text_fingerprint(extracted.text),
        title=extracted.title,
        authors=list(extracted.authors),
        agencies=list(extracted.agencies),
        published_at=extracted.published,
        modified_at=extracted.modified,
        published_offset=offset_minutes(extracted.published),
        modified_offset=offset_minutes(extracted.modified),
        language=extracted.language,
        text=extracted.text,
        extractor_name=extracted.extractor_name,
        extractor_version=extractor_version or extracted.extractor_version,
        run_id=run_id,
    )


def article_identity(
    requested_url: str, final_url: str, page_canonical: str | None
) -> tuple[str, list[str]]:
    """The article's identity URL and the other URLs it is known by.

    The page's own canonical URL wins when it is on the same site as the URL it was fetched from
    (a canonical pointing elsewhere is a syndication hint, not identity), or when the page was
    read from a local file, which is an offline copy of the page it names.
    """
    final = normalize_url(final_url)
    identity = final
    if page_canonical:
        try:
            canonical = normalize_url(page_canonical)
        except InvalidURL:
            canonical = None
        if (
            canonical
            and canonical.startswith(("http://", "https://"))
            and (final.startswith("file://") or same_site(canonical, final))
        ):
            identity = canonical
    aliases = [url for url in dict.fromkeys([requested_url, final]) if url != identity]
    return identity, aliases
