"""The value types storage takes and gives, plain frozen dataclasses with no session behind them,
and the Zstandard codec of captures.

The pure step (page preparation in the extraction processes) builds them and the writers
store them: both sides import this module, which needs no database.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

import zstandard

# How captures are written now; `read_capture` also reads those written before with zlib.
CAPTURE_COMPRESSION = "zstd"
_CAPTURE_LEVEL = 3
DECOMPRESS: dict[str, Callable[[bytes], bytes]] = {
    "zstd": zstandard.decompress,
    "zlib": zlib.decompress,
}


@dataclass(frozen=True)
class AddedSource:
    """The source `add_source` registered; `removed_at` says when it had been removed, if it
    was brought back."""

    id: int
    removed_at: datetime | None


@dataclass(frozen=True)
class RemovedSource:
    """What `remove_source` did: when the source was removed (earlier, if it already was), how
    many articles keep naming it, and how many of its tracked feed entries were dropped."""

    removed_at: datetime
    already_removed: bool
    articles: int
    entries_dropped: int


@dataclass(frozen=True)
class SourceEdit:
    """The changes `edit_source` makes; None leaves a field as it is. `poll_interval` is in
    seconds; `default_interval` sets it back to `[ingest] poll_interval`. `next_poll_by` is the
    latest the next poll may be after the change (now plus the new interval), so shortening
    an interval takes effect at once."""

    url: str | None = None
    kind: str | None = None
    poll_interval: int | None = None
    default_interval: bool = False
    next_poll_by: datetime | None = None


@dataclass(frozen=True)
class SourceSettings:
    """What `sources edit` changes of a source (its id, to log the check of a new URL by)."""

    id: int
    url: str
    kind: str
    poll_interval: int | None


@dataclass(frozen=True)
class PollRecord:
    """What one poll of a source learned, to be written onto the source row."""

    status: str
    error: str | None
    failed: bool
    next_poll_at: datetime
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None


@dataclass(frozen=True)
class FetchLogEntry:
    purpose: str
    url: str
    final_url: str | None
    requested_at: datetime
    status: int | None
    outcome: str
    bytes: int
    elapsed_ms: float
    error: str | None


def compress_capture(body: bytes) -> bytes:
    """A raw body as `store_captures` keeps it. Pure, so it can run in the extraction processes.

    Zstandard at its default level: on the AEB dev pages (184 KB on average) it writes a page in
    0.6 ms where zlib took 1.3 ms at level 1 and 3.1 ms at level 6, and makes it 5.2 times
    smaller, as zlib's level 6 does (level 1: 4.3); it also reads back three times faster.
    """
    return zstandard.compress(body, _CAPTURE_LEVEL)


@dataclass(frozen=True)
class CaptureRow:
    """A fetched body to keep, already compressed with `compress_capture`."""

    sha256: str
    url: str
    content_type: str | None
    size: int
    body: bytes
    fetched_at: datetime


@dataclass(frozen=True)
class NewArticle:
    """An article row to create with its first version's state already known."""

    canonical_url: str
    source_id: int | None
    first_seen_at: datetime
    etag: str | None
    last_modified: str | None
    next_check_at: datetime | None


@dataclass(frozen=True)
class VersionDraft:
    """An extracted text ready to become a version, if it differs from its neighbours in time."""

    url: str
    fetched_at: datetime
    capture_sha256: str
    text_hash: str
    title: str | None
    authors: list[str]
    published_at: datetime | None
    modified_at: datetime | None
    language: str | None
    text: str
    extractor_name: str
    extractor_version: str
    run_id: int | None
    agencies: list[str] = field(default_factory=list)
    # Minutes east of UTC the page declared its dates in (None: no zone declared).
    published_offset: int | None = None
    modified_offset: int | None = None


@dataclass(frozen=True)
class VersionChange:
    """How a new version relates to the existing ones (see `extractors.changes`)."""

    previous_version: int | None
    kinds: tuple[str, ...]
    words_added: int
    words_removed: int
    reverts_to: int | None


@dataclass(frozen=True, slots=True)
class QuantityRow:
    """A count in a claim, as its `claim_quantities` row keeps it (offsets into the text):
    what the writers take and the reads give back."""

    start: int
    end: int
    text: str
    value: int | None
    low: int | None
    high: int | None
    approx: str | None
    category: str | None
    outcome: str | None


@dataclass(frozen=True, slots=True)
class ClaimRow:
    """A claim as its `claims` row keeps it; `content_key` groups its repetitions."""

    kind: str
    sentence_start: int
    sentence_end: int
    content_start: int
    content_end: int
    content_text: str
    content_key: str
    source_text: str | None
    source_start: int | None
    source_end: int | None
    source_resolved: str | None
    cue_text: str | None
    cue_start: int | None
    cue_end: int | None
    hedge: str | None
    quantities: tuple[QuantityRow, ...]


@dataclass(frozen=True, slots=True)
class StoredClaim(ClaimRow):
    """A claim read back from its `claims` row: the row as it was stored, and its id."""

    id: int


@dataclass(frozen=True)
class StoredClaimSet:
    """One extractor version's claims of one article version, read back in text order;
    `extractor` is its name and version ("claims 2.12.0")."""

    extractor: str
    casualties: dict[str, Any]
    claims: tuple[StoredClaim, ...]


@dataclass(frozen=True)
class ClaimSetRow:
    """One extractor version's claims for one article version; `casualties` is the headline
    toll in the extractor's JSON shape (`{"killed": {...}, "wounded": {...}}`)."""

    article_version_id: int
    extractor_name: str
    extractor_version: str
    claims: tuple[ClaimRow, ...]
    casualties: dict[str, Any]


@dataclass(frozen=True)
class FingerprintRow:
    """A version's MinHash signature and LSH band hashes (`extractors.fingerprints`); a text
    without words has an empty signature and no bands: never anyone's candidate."""

    article_version_id: int
    signature: bytes
    band_hashes: tuple[int, ...]
    shingles: int


@dataclass(frozen=True)
class DuplicateMatch:
    """A version whose text copies (exactly or nearly) a version of another article."""

    article_id: int
    version_id: int
    matched_article_id: int
    matched_version_id: int
    similarity: float
    exact: bool


class ClusterOutcome(StrEnum):
    CREATED = "cluster_created"
    JOINED = "cluster_joined"
    ALREADY_CLUSTERED = "already_clustered"


@dataclass(frozen=True)
class VersionForDedup:
    id: int
    article_id: int
    text_hash: str
    text: str


@dataclass(frozen=True)
class CopyCandidate:
    version_id: int
    article_id: int
    signature: bytes
