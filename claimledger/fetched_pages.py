"""What a workflow hands `claimledger.store.store_pages`: a fetched or re-read page made ready
(`FetchedPage`), which known article it belongs to (`Recheck`, `Reread`), and what storing
it did (`StoreReport`, `VersionOutcome`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from claimledger.prepare import (
    PageJob,
    PageRejected,
    PreparedPage,
    fetch_log_rows,
)
from extractors.changes import VersionContent
from intake.http import FetchResult
from storage.rechecks import Validators
from storage.values import FetchLogEntry


class VersionOutcome(StrEnum):
    NEW_ARTICLE = "new_article"
    NEW_VERSION = "new_version"
    UNCHANGED = "unchanged"
    DONE_ALREADY = "done_already"  # a re-read the same extractor version made before


@dataclass(frozen=True)
class Recheck:
    """A known article fetched again by a recheck.

    Its page is a version of that article whatever identity the page now declares (a move to
    another article is the recheck's to tell apart before storing), and the check is recorded
    on the article with the page's validators and the next step of its schedule. `aliases`
    are the URLs a redirected fetch went through; none when it was not redirected.
    """

    article_id: int
    next_check_at: datetime | None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reread:
    """A stored version whose capture the text extractor read again.

    A re-read is compared with the version it re-read, not with its neighbours in time: a
    different text is a new version (change kind "reextracted") numbered after the others, and
    either way a `text_reextractions` row, written in the same transaction under the article's
    lock, says this extractor version read it, which is what makes a rerun add nothing.
    """

    article_id: int
    version_id: int
    version: int
    content: VersionContent


@dataclass(frozen=True)
class FetchedPage:
    """A page ready to store: its fetch-log rows and what `prepare_page` made of it (the body
    itself is dropped). `known_article` is set for a page of an article known beforehand."""

    job: PageJob
    purpose: str  # "page" (live), "warc" (archived), "recheck" or "reextract"
    fetched_at: datetime
    validators: Validators
    log_rows: list[FetchLogEntry]
    prepared: PreparedPage | PageRejected
    known_article: Recheck | Reread | None = None


def fetched_page(
    job: PageJob,
    result: FetchResult,
    requests: Sequence[FetchResult],
    prepared: PreparedPage | PageRejected,
    known_article: Recheck | None = None,
) -> FetchedPage:
    """A fetch (`requests`: the fetch-log rows it took, robots.txt and the page) made ready."""
    rejected = prepared if isinstance(prepared, PageRejected) else None
    return FetchedPage(
        job,
        result.purpose,
        result.fetched_at,
        Validators(result.etag, result.last_modified),
        fetch_log_rows(requests, result, rejected),
        prepared,
        known_article,
    )


@dataclass
class StoreReport:
    """What `store_pages` did: counters (`pages_<outcome>` per page, the claims and dedup
    counters), and each page's outcome in the order given, a `VersionOutcome` value or the
    reason code of a refused page."""

    counters: Counter[str] = field(default_factory=Counter)
    outcomes: list[str] = field(default_factory=list)
