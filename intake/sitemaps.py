"""Reading XML sitemaps: sitemap indexes, URL sets and Google News sitemaps, plain or gzipped.

Sitemaps are fetched from third-party servers, so they are parsed as hostile input: with
defusedxml, refusing any DTD (so no entity is ever expanded), after a capped decompression, and
with at most `MAX_ENTRIES` entries taken (the sitemap protocol's own limit per file).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

MAX_ENTRIES = 50_000
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024  # the protocol's limit for one sitemap file
GZIP_MAGIC = b"\x1f\x8b"


class SitemapError(Exception):
    """A body that cannot be read as a sitemap; the message names its URL."""


@dataclass(frozen=True)
class SitemapEntry:
    """A `<loc>` with its dates: `lastmod`, and a news sitemap's `news:publication_date`."""

    url: str
    lastmod: datetime | None
    published: datetime | None = None

    @property
    def date(self) -> datetime | None:
        """The date a backfill window is applied to: publication when known, else lastmod."""
        return self.published or self.lastmod


@dataclass(frozen=True)
class Sitemap:
    """A parsed sitemap: an index lists child sitemaps, a URL set lists pages."""

    is_index: bool
    entries: tuple[SitemapEntry, ...]


def parse_sitemap(content: bytes, url: str) -> Sitemap:
    """Parse a sitemap index or URL set fetched from `url` (gzip is detected by its magic)."""
    xml = _gunzip(content, url) if content.startswith(GZIP_MAGIC) else content
    try:
        root = fromstring(xml, forbid_dtd=True)
    except (ParseError, DefusedXmlException) as error:
        raise SitemapError(f"{url}: not a readable sitemap ({error})") from None
    kind = _local(root.tag)
    if kind not in ("sitemapindex", "urlset"):
        raise SitemapError(f"{url}: not a sitemap (root element <{kind}>)")
    child_tag = "sitemap" if kind == "sitemapindex" else "url"
    entries = []
    for element in root:
        if _local(element.tag) != child_tag:
            continue
        entry = _entry(element, url)
        if entry is not None:
            entries.append(entry)
            if len(entries) >= MAX_ENTRIES:
                break
    return Sitemap(is_index=kind == "sitemapindex", entries=tuple(entries))


def _entry(element: Element, sitemap_url: str) -> SitemapEntry | None:
    loc = lastmod = published = None
    for child in element.iter():
        name = _local(child.tag)
        text = (child.text or "").strip()
        if name == "loc" and loc is None:
            loc = text
        elif name == "lastmod":
            lastmod = w3c_datetime(text)
        elif name == "publication_date":
            published = w3c_datetime(text)
    if not loc:
        return None
    absolute = urljoin(sitemap_url, loc)
    if urlsplit(absolute).scheme.lower() not in ("http", "https"):
        return None
    return SitemapEntry(absolute, lastmod, published)


def _local(tag: str) -> str:
    """An element's name without its namespace: sitemaps in the wild vary theirs."""
    return tag.rsplit("}", 1)[-1]


def _gunzip(content: bytes, url: str) -> bytes:
    """Decompress a .xml.gz sitemap, refusing to inflate past the protocol's size limit."""
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        data = inflater.decompress(content, MAX_UNCOMPRESSED_BYTES + 1)
    except zlib.error as error:
        raise SitemapError(f"{url}: corrupt gzip ({error})") from None
    if len(data) > MAX_UNCOMPRESSED_BYTES:
        raise SitemapError(f"{url}: more than {MAX_UNCOMPRESSED_BYTES} bytes uncompressed")
    return data


def w3c_datetime(text: str) -> datetime | None:
    """A W3C datetime (`2026-03-01`, `2026-03-01T08:00Z`, `...T08:00:00.5+02:00`) as UTC.

    A date without a time is midnight UTC; a time without a zone is taken as UTC.
    """
    if not text:
        return None
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
