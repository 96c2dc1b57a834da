"""Turning fetched feed bodies into the list of article URLs a source currently offers.

RSS and Atom are read by feedparser, JSON Feed (versions 1 and 1.1) by `_parse_json_feed`; which
one a body is, is told from its content, never from its URL or Content-Type.
"""

from __future__ import annotations

import calendar
import codecs
import hashlib
import io
import json
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
    """Parse an RSS, Atom or JSON Feed body fetched from `url`.

    A body whose first character is `{` is JSON and read as a JSON Feed; anything else goes to
    feedparser, as a stream so it never fetches or opens anything by itself. A feed that parsed
    with errors is still used if linked entries came out of it; one that yields none is
    reported, since silently returning "no news" would hide it. So is a feed that lists entries
    of which none has a link we may fetch: an empty feed is news, an unusable one a fault.

    Entity declarations are no danger here: feedparser strips the DOCTYPE and keeps only
    entities whose value holds no reference, so neither nested expansion (billion laughs) nor
    external entities reach the XML parser (tests/hostile asserts both).
    """
    if content.lstrip(_JSON_LEADING).startswith(b"{"):
        return _parse_json_feed(content, url)
    parsed = feedparser.parse(
        io.BytesIO(_newest_entries(content)), resolve_relative_uris=False, sanitize_html=False
    )
    version: str = parsed.get("version", "")
    problem = parsed.get("bozo_exception")
    if not version:
        reason = f"not a feed ({problem})" if problem else "not an RSS, Atom or JSON feed"
        raise FeedError(f"{url}: {reason}")
    if version.startswith("atom"):
        kind = "atom"
    elif version.startswith("rss"):
        kind = "rss"
    else:
        raise FeedError(f"{url}: unsupported feed format {version!r}")
    entries = []
    links = []
    for raw in parsed.entries:
        given = _restored_file_url(raw.get("link"))
        links.append(given)
        link = _article_url(given, url)
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
    _require_usable(links, entries, url)
    return ParsedFeed(kind=kind, title=_text(parsed.feed.get("title")), entries=tuple(entries))


# What may come before a JSON document's opening brace: a UTF-8 byte-order mark and blanks.
_JSON_LEADING = codecs.BOM_UTF8 + b" \t\r\n"
# The `version` of a JSON Feed: https://jsonfeed.org/version/1 or https://jsonfeed.org/version/1.1.
_JSON_FEED_VERSIONS = ("https://jsonfeed.org/version/", "http://jsonfeed.org/version/")


def _parse_json_feed(content: bytes, url: str) -> ParsedFeed:
    """A JSON Feed's entries: an item's `url` (else its `external_url`), `id`, `title`,
    `date_published` and `date_modified`. Its content (`content_html`, `content_text`) is not
    read: the article is fetched from its page, as for RSS and Atom.

    A JSON body that is no JSON Feed, or is malformed (nesting too deep to parse included), is
    a FeedError like a broken XML feed.
    """
    try:
        document = json.loads(content)
    except (ValueError, RecursionError) as error:  # UnicodeDecodeError is a ValueError
        reason = "nesting too deep" if isinstance(error, RecursionError) else error
        raise FeedError(f"{url}: not a feed (malformed JSON: {reason})") from None
    version = document.get("version") if isinstance(document, dict) else None
    if not isinstance(version, str) or not version.startswith(_JSON_FEED_VERSIONS):
        raise FeedError(f"{url}: not a feed (JSON without a JSON Feed version)")
    items = document.get("items")
    if not isinstance(items, list):
        raise FeedError(f"{url}: malformed JSON Feed (no list of items)")
    entries = []
    links = []
    for item in _newest_items([item for item in items if isinstance(item, dict)]):
        given = item.get("url") or item.get("external_url")
        links.append(given)
        link = _article_url(given, url)
        if link is None:
            continue
        identifier = item.get("id")
        entries.append(
            FeedEntry(
                url=link,
                # Version 1 allowed a number as id; text is what it means.
                guid=_text(str(identifier) if isinstance(identifier, int) else identifier),
                title=_text(item.get("title")),
                published=_json_date(item.get("date_published")),
                updated=_json_date(item.get("date_modified")),
            )
        )
    _require_usable(links, entries, url)
    return ParsedFeed(kind="json", title=_text(document.get("title")), entries=tuple(entries))


def _newest_items(items: list[dict[str, object]]) -> list[dict[str, object]]:
    """A JSON Feed's items cut to its newest MAX_FEED_ENTRIES, as `_newest_entries` cuts XML:
    the last ones when the feed dates them after its first ones, else the first ones."""
    if len(items) <= MAX_FEED_ENTRIES:
        return items
    sample = _DIRECTION_SAMPLE
    first = _newest_item_date(items[:sample])
    last = _newest_item_date(items[-sample:])
    if first is not None and last is not None and last > first:
        return items[-MAX_FEED_ENTRIES:]
    return items[:MAX_FEED_ENTRIES]


def _newest_item_date(items: list[dict[str, object]]) -> datetime | None:
    dates = [
        when
        for item in items
        for key in ("date_published", "date_modified")
        if (when := _json_date(item.get(key))) is not None
    ]
    return max(dates, default=None)


def _json_date(value: object) -> datetime | None:
    """An RFC 3339 date of a JSON Feed in UTC (without a zone: taken as UTC); else None."""
    if not isinstance(value, str):
        return None
    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if when.tzinfo is None:
        return when.replace(tzinfo=UTC)
    try:
        return when.astimezone(UTC)
    except OverflowError:
        return None


def _require_usable(links: list[object], entries: list[FeedEntry], url: str) -> None:
    """A FeedError when the feed lists entries but none has a link we may fetch."""
    if entries or not links:
        return
    shown = next((link for link in links if isinstance(link, str) and link.strip()), None)
    example = f", e.g. {shown.strip()[:80]!r}" if shown is not None else ""
    raise FeedError(
        f"{url}: none of its {len(links)} entries has a link that can be fetched{example}"
    )


def _restored_file_url(link: object) -> object:
    """A `file:` link as the feed wrote it: feedparser collapses the slashes after a scheme,
    turning file:///srv/news/a.html into file://srv/news/a.html, a file on host "srv". A local
    feed's links name local files, so the third slash is put back (file://localhost/... is
    left alone, feedparser leaves it alone too)."""
    if not isinstance(link, str):
        return link
    link = link.strip()
    scheme, separator, rest = link.partition("://")
    if (
        separator
        and scheme.lower() == "file"
        and not rest.startswith("/")
        and not rest.lower().startswith("localhost/")
    ):
        return f"file:///{rest}"
    return link


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
