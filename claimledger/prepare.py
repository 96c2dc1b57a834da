"""A fetched page made ready to store: extraction, identity, the version draft, claims, fingerprint.

`prepare_page` derives everything a page needs without a database (text, metadata, claims,
fingerprint, compressed capture), in the extraction pool (`claimledger.pool`) when there is one:
this is the module the pool's fork server imports, so it imports all a worker needs.
`claimledger.store.store_pages` then writes prepared pages as versions, whichever workflow
(ingest, backfill, recheck, re-extraction) made them.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from claimledger.errors import FetchError
from extractors.article import (
    ExtractedArticle,
    ExtractionError,
    extract_article,
    looks_like_html,
)
from extractors.changes import Change, VersionContent, describe_change
from extractors.claims import ClaimExtraction, extract_claims
from extractors.fingerprints import Fingerprint, fingerprint
from extractors.normalize import text_fingerprint
from extractors.page_kind import blocked_page_reason
from intake.http import FetchResult
from intake.urls import InvalidURL, normalize_url, redact_url, same_site
from storage import values
from storage.models import ArticleVersion, offset_minutes
from storage.values import FetchLogEntry, VersionDraft

logger = logging.getLogger("claimledger.ingest")


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


class PageRejected(FetchError):
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
    version is stored without them and the shared steps of the passes (`claimledger.derive`)
    make them. `capture` is None for a re-read of a capture stored already.
    """

    identity: str
    aliases: list[str]
    draft: VersionDraft
    capture: values.CaptureRow | None
    first_change: Change  # the draft as an article's first version
    derived: DerivedData | None


@dataclass(frozen=True)
class DerivedData:
    """A text's claim extraction and MinHash fingerprint (None for a text without words)."""

    claims: ClaimExtraction
    fingerprint: Fingerprint | None


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
    capture = values.CaptureRow(
        sha256=draft.capture_sha256,
        url=result.final_url,
        content_type=result.content_type,
        size=len(result.content),
        body=values.compress_capture(result.content),
        fetched_at=result.fetched_at,
    )
    first_change = describe_change(None, version_content(draft))
    return PreparedPage(identity, aliases, draft, capture, first_change, _derive(draft))


def prepare_reread(identity: str, draft: VersionDraft) -> PreparedPage:
    """A stored capture extracted again (`draft`), as a page of the article `identity`.

    Its capture is stored already, and its claims and fingerprint are left to the steps that
    make them for stored versions: a text-only re-extraction adds versions, not claim sets.
    """
    first_change = describe_change(None, version_content(draft))
    return PreparedPage(identity, [], draft, None, first_change, None)


def _derive(draft: VersionDraft) -> DerivedData | None:
    """The draft's claims and fingerprint; None if either fails, so that a bug in them never
    keeps a page from being stored (the later steps make them, and fail visibly, there)."""
    try:
        return DerivedData(extract_claims(draft.text), fingerprint(draft.text))
    except Exception:
        logger.exception("%s: claims or fingerprint failed; left to the later steps", draft.url)
        return None


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


def version_content(version: ArticleVersion | VersionDraft) -> VersionContent:
    """The parts of a stored version or a draft that an edit is measured on."""
    return VersionContent(
        title=version.title,
        authors=tuple(version.authors),
        agencies=tuple(version.agencies or ()),
        published=version.published_at,
        text=version.text,
    )


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
