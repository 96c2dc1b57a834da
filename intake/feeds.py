"""Turning fetched feed bodies into the list of article URLs a source currently offers."""

from __future__ import annotations

import calendar
import hashlib
import io
import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import feedparser

from intake.urls import InvalidURL, normalize_url, redact_url


@dataclass(frozen=True)
class FeedEntry:
    url: str
    guid: str | None
    title: str | None
    published: datetime | None
    updated: datetime | None


@dataclass(frozen=True)
class ParsedFeed:
    kind: str
    title: str | None
    entries: tuple[FeedEntry, ...]


# Far more entries than one poll uses (ingest.max_entries_per_source). A feed is read up to this
# many entries, its newest (`_newest_entries`): parsing costs about 0.1 ms of CPU per entry, and
# a 10 MB feed of 100,000 tiny items would otherwise hold a worker for tens of seconds to yield
# entries nobody fetches. The older entries past the cut are not read at all.
MAX_FEED_ENTRIES = 10_000
# (entry end tag, what closes the document after it) for RSS and Atom, without prefixes.
_ENTRY_ENDS = ((b"</item>", b"</channel></rss>"), (b"</entry>", b"</feed>"))


class FeedError(Exception):
    """A feed body that cannot be read as a feed; the message names the feed URL (and a
    password in it as `***`)."""

    def __init__(self, message: str) -> None:
        super().__init__(redact_url(message))


def parse_feed(content: bytes, url: str) -> ParsedFeed:
    """Parse an RSS or Atom body fetched from `url`.

    The body is handed over as a stream so feedparser never fetches or opens anything by
    itself. A feed that parsed with errors is still used if linked entries came out of it;
    one that yields none is reported, since silently returning "no news" would hide it.

    Entity declarations are no danger here: feedparser strips the DOCTYPE and keeps only
    entities whose value holds no reference, so neither nested expansion (billion laughs) nor
    external entities reach the XML parser (tests/hostile asserts both).
    """
    parsed = feedparser.parse(
        io.BytesIO(_newest_entries(content)), resolve_relative_uris=False, sanitize_html=False
    )
    version: str = parsed.get("version", "")
    problem = parsed.get("bozo_exception")
    if not version:
        reason = f"not a feed ({problem})" if problem else "not an RSS or Atom feed"
        raise FeedError(f"{url}: {reason}")
    if version.startswith("atom"):
        kind = "atom"
    elif version.startswith("rss"):
        kind = "rss"
    else:
        raise FeedError(f"{url}: unsupported feed format {version!r}")
    entries = []
    for raw in parsed.entries:
        link = _article_url(raw.get("link"), url)
        if link is None:
            continue
        entries.append(
            FeedEntry(
                url=link,
                guid=_text(raw.get("id")),
                title=_text(raw.get("title")),
                published=_utc(dict.get(raw, "published_parsed")),
                # Read past FeedParserDict's key mapping, which would hand back the
                # published date as "updated" when the entry has none.
                updated=_utc(dict.get(raw, "updated_parsed")),
            )
        )
    if problem and not entries and not _is_harmless(problem):
        raise FeedError(f"{url}: malformed feed ({problem})")
    return ParsedFeed(kind=kind, title=_text(parsed.feed.get("title")), entries=tuple(entries))


def _newest_entries(content: bytes) -> bytes:
    """The feed cut to its newest MAX_FEED_ENTRIES entries; unchanged if it has no more.

    Feeds list newest first as a rule, but an oldest-first feed cut after its first entries
    would never yield a new item: when the feed dates its last entries after its first ones,
    the last MAX_FEED_ENTRIES entries are kept instead (undated: the first, in file order).
    A cut that lands somewhere odd only makes the document malformed, which feedparser's
    lenient parser copes with; the entries kept are whole either way.
    """
    for entry_end, document_end in _ENTRY_ENDS:
        count = content.count(entry_end)
        if count <= MAX_FEED_ENTRIES:
            continue
        ends = _positions(content, entry_end)
        opening = re.search(b"<" + entry_end[2:-1] + rb"[\s>/]", content)
        start = opening.start() if opening is not None and opening.start() < ends[0] else None
        head = content[: ends[MAX_FEED_ENTRIES - 1]] + document_end
        if start is None:
            return head
        sample = min(_DIRECTION_SAMPLE, MAX_FEED_ENTRIES)
        first = _newest_date(content[: ends[sample - 1]] + document_end)
        last = _newest_date(content[:start] + content[ends[count - sample - 1] :])
        if first is not None and last is not None and last > first:
            return content[:start] + content[ends[count - MAX_FEED_ENTRIES - 1] :]
        return head
    return content


# Entries read at each end of an over-long feed to tell whether it lists oldest first.
_DIRECTION_SAMPLE = 20


def _positions(content: bytes, entry_end: bytes) -> list[int]:
    """Where each occurrence of `entry_end` ends."""
    positions = []
    found = content.find(entry_end)
    while found != -1:
        positions.append(found + len(entry_end))
        found = content.find(entry_end, found + 1)
    return positions


def _newest_date(document: bytes) -> datetime | None:
    parsed = feedparser.parse(
        io.BytesIO(document), resolve_relative_uris=False, sanitize_html=False
    )
    dates = [
        when
        for raw in parsed.entries
        for when in (
            _utc(dict.get(raw, "updated_parsed")),
            _utc(dict.get(raw, "published_parsed")),
        )
        if when is not None
    ]
    return max(dates, default=None)


def parse_url_list(content: bytes, url: str) -> ParsedFeed:
    """Parse a plain list of article URLs, one per line, '#' starting a comment line.

    Lines that cannot be a URL (containing spaces or markup) make the whole list invalid:
    that usually means an HTML error page came back instead of the list.
    """
    entries = []
    text = content.decode("utf-8-sig", errors="replace")
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if any(char.isspace() or char in '<>"' for char in line):
            raise FeedError(f"{url}: line {number} is not a URL: {line[:80]!r}")
        link = _article_url(line, url)
        if link is None:
            raise FeedError(f"{url}: line {number} is not a fetchable URL: {line[:80]!r}")
        entries.append(FeedEntry(url=link, guid=None, title=None, published=None, updated=None))
    return ParsedFeed(kind="urls", title=None, entries=tuple(entries))


def content_hash(content: bytes) -> str:
    """Fingerprint of a body, so an unchanged feed or page can be skipped cheaply."""
    return hashlib.sha256(content).hexdigest()


def _article_url(link: object, feed_url: str) -> str | None:
    """Resolve a link against its feed, or None when it is not something we may fetch.

    Only a local feed may point at local files: a remote feed linking to file:///etc/...
    must not make the pipeline read the machine's own disk.
    """
    if not isinstance(link, str) or not link.strip():
        return None
    absolute = urljoin(feed_url, link.strip())
    try:
        scheme = urlsplit(normalize_url(absolute)).scheme
    except InvalidURL:
        return None
    if scheme == "file" and urlsplit(feed_url).scheme.lower() != "file":
        return None
    return absolute


def _is_harmless(problem: Exception) -> bool:
    """Encoding and content-type mismatches that feedparser reports but recovers from."""
    return isinstance(problem, feedparser.ThingsNobodyCaresAboutButMe)


def _text(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return value.strip() or None


def _utc(parsed: time.struct_time | None) -> datetime | None:
    """feedparser normalises dates to UTC struct_time; invalid or absurd dates become None."""
    if parsed is None:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed), UTC)
    except (OverflowError, ValueError, OSError):
        return None
