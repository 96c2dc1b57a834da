"""What a backfill covers, and its plan: the request (WARC archives, sitemaps, URL lists, sources,
over a time window) and the pages or archive records it names, cut into chunks.

Planning fetches sitemaps and feeds but stores nothing; `claimledger.backfill` records the
plan and runs its chunks.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from claimledger.errors import BackfillError
from claimledger.settings import Settings
from intake.feeds import FeedError, parse_feed, parse_url_list
from intake.http import Fetcher
from intake.sitemaps import SitemapEntry, SitemapError, parse_sitemap
from intake.urls import InvalidURL, normalize_url, same_site
from intake.warc import RecordFilter, scan_chunks
from storage import source_store
from storage.backfills import ChunkDraft
from storage.db import session_scope

MAX_SITEMAPS = 10_000  # sitemap files read for one root: an index of indexes cannot run away


MAX_URL_FILE_BYTES = 100_000_000


@dataclass(frozen=True)
class Window:
    """A half-open time window [since, until); either end may be open."""

    since: datetime | None = None
    until: datetime | None = None

    @property
    def bounded(self) -> bool:
        return self.since is not None or self.until is not None

    def contains(self, when: datetime | None) -> bool:
        """Whether a date is in the window; an undated item is only in an unbounded one."""
        if when is None:
            return not self.bounded
        return (self.since is None or when >= self.since) and (
            self.until is None or when < self.until
        )


def parse_moment(text: str, *, end_of_day: bool) -> datetime:
    """`2026-03-01` or an ISO datetime, as UTC; a bare date as `until` means the day's end."""
    try:
        if len(text.strip()) == 10:
            day = date.fromisoformat(text.strip())
            moment = datetime.combine(day, time(), UTC)
            return moment + timedelta(days=1) if end_of_day else moment
        parsed = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise BackfillError(f"{text!r} is not a date (YYYY-MM-DD) or ISO datetime") from None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


@dataclass(frozen=True)
class BackfillRequest:
    """The inputs of a backfill, normalized so that the same request always has the same key.

    `since` and `until` are kept as given (`--until 2026-03-07` includes that whole day).
    """

    sitemaps: tuple[str, ...] = ()
    url_files: tuple[str, ...] = ()
    warcs: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None

    @classmethod
    def build(
        cls,
        *,
        sitemaps: Iterable[str] = (),
        url_files: Iterable[str | Path] = (),
        warcs: Iterable[str | Path] = (),
        sources: Iterable[str] = (),
        since: str | None = None,
        until: str | None = None,
    ) -> BackfillRequest:
        """Check and normalize the inputs: URLs normalized, files made absolute and present."""
        try:
            sitemap_urls = tuple(dict.fromkeys(normalize_url(url) for url in sitemaps))
        except InvalidURL as error:
            raise BackfillError(f"sitemap: {error}") from None
        request = cls(
            sitemaps=sitemap_urls,
            url_files=_existing_files(url_files, "URL list"),
            warcs=_existing_files(warcs, "WARC file"),
            sources=tuple(sorted(set(sources))),
            since=since,
            until=until,
        )
        window = request.window()
        if window.since and window.until and window.since >= window.until:
            raise BackfillError(f"--since {since} is not before --until {until}")
        if not (request.sitemaps or request.url_files or request.warcs or request.sources):
            raise BackfillError("nothing to backfill: give --sitemap, --urls, --warc or --source")
        return request

    @classmethod
    def from_parameters(cls, parameters: dict[str, Any]) -> BackfillRequest:
        return cls(
            sitemaps=tuple(parameters.get("sitemaps") or ()),
            url_files=tuple(parameters.get("url_files") or ()),
            warcs=tuple(parameters.get("warcs") or ()),
            sources=tuple(parameters.get("sources") or ()),
            since=parameters.get("since"),
            until=parameters.get("until"),
        )

    def parameters(self) -> dict[str, Any]:
        """JSON-able: stored on the backfill row and passed to the Prefect flow as is."""
        return {
            name: list(value) if isinstance(value, tuple) else value
            for name, value in asdict(self).items()
        }

    def window(self) -> Window:
        return Window(
            parse_moment(self.since, end_of_day=False) if self.since else None,
            parse_moment(self.until, end_of_day=True) if self.until else None,
        )

    def key(self) -> str:
        """A hash of the inputs and of the files' identity: a changed file is a new backfill,
        since its chunks' record offsets or line numbers no longer hold."""
        identity = {
            **self.parameters(),
            "url_file_sha256": [_file_sha256(Path(path)) for path in self.url_files],
            "warc_stat": [_file_stat(Path(path)) for path in self.warcs],
        }
        return hashlib.sha256(json.dumps(identity, sort_keys=True).encode()).hexdigest()


def _existing_files(paths: Iterable[str | Path], what: str) -> tuple[str, ...]:
    resolved = []
    for path in paths:
        absolute = Path(path).expanduser().resolve()
        if not absolute.is_file():
            raise BackfillError(f"{what} {path}: no such file")
        resolved.append(str(absolute))
    return tuple(dict.fromkeys(resolved))


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _file_stat(path: Path) -> list[int]:
    stat = path.stat()
    return [stat.st_size, stat.st_mtime_ns]


@dataclass(frozen=True)
class SourceRef:
    id: int
    name: str
    url: str
    kind: str


class SiteMatcher:
    """Which configured source a URL belongs to (same site as the source's feed URL).

    With no sources every URL is wanted and belongs to none: a backfill of an archive or a
    sitemap is not limited to, nor attributed to, a source unless `--source` says so.
    """

    def __init__(self, sources: Sequence[SourceRef]) -> None:
        self.sources = tuple(sources)

    def source_for(self, url: str) -> int | None:
        return next((s.id for s in self.sources if same_site(url, s.url)), None)

    def wants(self, url: str) -> bool:
        return not self.sources or self.source_for(url) is not None


def named_sources(settings: Settings, names: Sequence[str]) -> list[SourceRef]:
    """The registered sources with these names; an unknown name is an error."""
    if not names:
        return []
    with session_scope(settings.database_url) as session:
        found = {
            s.name: SourceRef(s.id, s.name, s.url, s.kind)
            for s in source_store.list_sources(session)
            if s.name in names
        }
    missing = sorted(set(names) - set(found))
    if missing:
        raise BackfillError(f"no source named {', '.join(map(repr, missing))}")
    return [found[name] for name in names]


@dataclass(frozen=True)
class PlannedPage:
    url: str
    date: datetime | None
    source_id: int | None


@dataclass
class _Planner:
    """Collects chunk drafts in plan order; a URL listed twice in one backfill is planned once."""

    key: str
    urls_per_chunk: int
    drafts: list[ChunkDraft] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)

    def add(self, kind: str, label: str, items: int, parameters: dict[str, Any]) -> None:
        chunk_key = hashlib.sha256(f"{self.key}\n{label}".encode()).hexdigest()
        self.drafts.append(ChunkDraft(chunk_key, len(self.drafts), kind, label, items, parameters))

    def add_pages(self, label: str, pages: Iterable[PlannedPage], *, by_day: bool) -> None:
        """Page chunks: per day (dated inputs) or in list order, at most `urls_per_chunk` each."""
        groups: dict[str, list[PlannedPage]] = defaultdict(list)
        for page in pages:
            if page.url in self.seen:
                continue
            self.seen.add(page.url)
            day = (page.date.date().isoformat() if page.date else "undated") if by_day else ""
            groups[day].append(page)
        for day in sorted(groups):
            group = groups[day]
            for start in range(0, len(group), self.urls_per_chunk):
                part = group[start : start + self.urls_per_chunk]
                where = day if by_day else f"entries {start + 1}-{start + len(part)}"
                if by_day and len(group) > self.urls_per_chunk:
                    where += f" part {start // self.urls_per_chunk + 1}"
                pages_json = [
                    [p.url, p.date.isoformat() if p.date else None, p.source_id] for p in part
                ]
                self.add("pages", f"{label} {where}", len(part), {"pages": pages_json})


def plan_chunks(settings: Settings, request: BackfillRequest, fetcher: Fetcher) -> list[ChunkDraft]:
    """Read the inputs (WARC headers, sitemaps, URL lists, feeds) and cut them into chunks.

    Nothing is written; the fetcher's requests (sitemaps, feeds) are left for the caller to log.
    Any input that cannot be read fails the whole plan, so that no backfill is ever recorded as
    covering less than it was asked to.
    """
    window = request.window()
    sources = named_sources(settings, request.sources)
    sites = SiteMatcher(sources)
    planner = _Planner(request.key(), settings.backfill_urls_per_chunk)
    wanted = RecordFilter(window.since, window.until, sites.wants if sources else None)
    for path in request.warcs:
        _plan_warc(planner, Path(path), settings.backfill_warc_chunk_records, wanted)
    for root in request.sitemaps:
        pages = (
            PlannedPage(url, entry.date, sites.source_for(url))
            for entry in sitemap_pages(fetcher, root, window)
            if (url := _normalized(entry.url)) and sites.wants(url)
        )
        planner.add_pages(f"sitemap {root}", pages, by_day=True)
    for path in request.url_files:
        planner.add_pages(f"urls {path}", _url_file_pages(Path(path), sites), by_day=False)
    if sources and not (request.warcs or request.sitemaps or request.url_files):
        for source in sources:
            planner.add_pages(
                f"source {source.name}", _feed_pages(fetcher, source, window), by_day=True
            )
    return planner.drafts


def _plan_warc(planner: _Planner, path: Path, records: int, wanted: RecordFilter) -> None:
    """One chunk per `records` records; runs without a single wanted record are left out."""
    try:
        starts = scan_chunks(path, records, wanted)
    except Exception as error:  # warcio raises its own and zlib/OS errors on a bad archive
        raise BackfillError(f"WARC file {path}: cannot be read ({error})") from None
    for start in starts:
        if start.wanted:
            last = start.first_record + start.records - 1
            planner.add(
                "warc",
                f"warc {path} records {start.first_record}-{last}",
                start.wanted,
                {"path": str(path), **asdict(start)},
            )


def sitemap_pages(fetcher: Fetcher, root: str, window: Window) -> Iterator[SitemapEntry]:
    """The page entries of a sitemap (following an index to its children) dated in the window.

    A child sitemap last modified before the window starts cannot list anything newer, so it is
    not fetched at all. A sitemap that cannot be fetched or read raises `BackfillError`.
    """
    queue, visited = [root], {root}
    while queue:
        if len(visited) > MAX_SITEMAPS:
            raise BackfillError(f"sitemap {root}: more than {MAX_SITEMAPS} sitemap files")
        url = queue.pop(0)
        result = fetcher.fetch(url, purpose="sitemap")
        if not result.ok:
            raise BackfillError(f"sitemap {result.error or url + ': ' + str(result.outcome)}")
        try:
            sitemap = parse_sitemap(result.content, result.final_url)
        except SitemapError as error:
            raise BackfillError(str(error)) from None
        if not sitemap.is_index:
            yield from (entry for entry in sitemap.entries if window.contains(entry.date))
            continue
        for child in sitemap.entries:
            too_old = window.since and child.lastmod and child.lastmod < window.since
            child_url = _normalized(child.url)
            if child_url and child_url not in visited and not too_old:
                visited.add(child_url)
                queue.append(child_url)


def _url_file_pages(path: Path, sites: SiteMatcher) -> Iterator[PlannedPage]:
    """A URL list has no dates, so the window does not apply to it; `--source` still does."""
    if path.stat().st_size > MAX_URL_FILE_BYTES:
        raise BackfillError(f"URL list {path}: larger than {MAX_URL_FILE_BYTES} bytes")
    try:
        parsed = parse_url_list(path.read_bytes(), path.as_uri())
    except FeedError as error:
        raise BackfillError(str(error)) from None
    for entry in parsed.entries:
        url = _normalized(entry.url)
        if url and sites.wants(url):
            yield PlannedPage(url, None, sites.source_for(url))


def _feed_pages(fetcher: Fetcher, source: SourceRef, window: Window) -> Iterator[PlannedPage]:
    """A source backfill: the entries its feed (or URL list) lists now, dated in the window.

    Feeds only list their latest entries, so this reaches back as far as the feed does; deeper
    history needs a sitemap or an archive. The source's own poll state is left untouched.
    """
    result = fetcher.fetch(source.url, purpose="feed")
    if not result.ok:
        raise BackfillError(f"source {source.name}: {result.error or result.outcome}")
    try:
        feed = (
            parse_url_list(result.content, result.final_url)
            if source.kind == "urls"
            else parse_feed(result.content, result.final_url)
        )
    except FeedError as error:
        raise BackfillError(f"source {source.name}: {error}") from None
    for entry in feed.entries:
        when = entry.updated or entry.published
        url = _normalized(entry.url)
        if url and window.contains(when):
            yield PlannedPage(url, when, source.id)


def _normalized(url: str) -> str | None:
    try:
        return normalize_url(url)
    except InvalidURL:
        return None
