"""Registering, changing and removing sources, and checking a source's URL once.

Sources live in the ledger (`sources` table); the configuration's `[[sources]]` only register
sources the ledger does not know yet (`polling.sync_configured_sources`), so what these
functions change is what is polled, whatever the file says. A removed source keeps its row as a
tombstone: its articles keep naming it, and a `[[sources]]` entry of that name does not bring it
back (each pass says so instead).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from claimledger.common import utcnow
from claimledger.errors import SourceError, SourceExistsError, UnknownSourceError
from claimledger.polling import SOURCE_KINDS, resolve_source_url
from claimledger.prepare import fetch_log_entry
from claimledger.settings import Settings, parse_offsets
from intake.feeds import FeedError, parse_feed, parse_url_list
from intake.http import Fetcher, FetchOutcome, FetchResult
from intake.urls import redact_url
from storage import run_store, source_store, values
from storage.db import session_scope
from storage.values import RemovedSource, SourceSettings

__all__ = [
    "CHECK_TIMEOUT",
    "SOURCE_KINDS",
    "AddedSource",
    "EditedSource",
    "RemovedSource",
    "SourceCheck",
    "add_source",
    "check_source",
    "edit_source",
    "parse_interval",
    "remove_source",
]

# Seconds the check of a new URL may take at most (connect: half of it): long enough for a
# slow feed, short enough that `sources add` never seems to hang on a host that is down.
CHECK_TIMEOUT = 10.0


@dataclass(frozen=True)
class SourceCheck:
    """What one fetch of a source's URL found: `ok` when it reads as the kind it was added as;
    `summary` is one line to show ("feed with 42 entries", "HTTP 404", "unreachable: ...")."""

    ok: bool
    summary: str


@dataclass(frozen=True)
class AddedSource:
    """A source `add_source` registered (or brought back: `removed_at` is when it had been
    removed), its URL as stored (masked) and what the check of that URL found."""

    name: str
    url: str
    removed_at: datetime | None
    check: SourceCheck


@dataclass(frozen=True)
class EditedSource:
    """A source's settings before and after `edit_source` (URLs masked), and the check of its
    new URL when the URL changed."""

    name: str
    changes: list[str]
    check: SourceCheck | None
    configured: bool


def check_kind(kind: str) -> None:
    if kind not in SOURCE_KINDS:
        raise SourceError(f"kind must be one of {', '.join(SOURCE_KINDS)}, not {kind!r}")


def parse_interval(text: str) -> int | None:
    """`--interval`: a duration such as 900, 30m, 2h or 1d as whole seconds; `default` (None)
    for `[ingest] poll_interval`."""
    if text.strip().lower() == "default":
        return None
    try:
        (interval,) = parse_offsets(text)
    except ValueError:
        raise SourceError(
            f"interval must be a duration such as 900, 30m, 2h or 1d, or 'default', not {text!r}"
        ) from None
    seconds = round(interval.total_seconds())
    if seconds < 1:
        raise SourceError(f"interval must be at least one second, not {text!r}")
    return seconds


def add_source(
    settings: Settings, name: str, location: str, kind: str, base_dir: Path
) -> AddedSource:
    """Register a source (or bring back a removed one of that name), then check its URL once.

    The check never refuses the source: a feed that is down now is polled, with back-off, by
    the passes to come; it only tells the operator what the URL gives today.
    """
    check_kind(kind)
    url = _resolve(location, base_dir)
    with _registry(settings) as session:
        added = source_store.add_source(session, name, url, kind, utcnow())
    return AddedSource(
        name, redact_url(url), added.removed_at, check_source(settings, url, kind, added.id)
    )


def edit_source(
    settings: Settings,
    name: str,
    *,
    location: str | None,
    kind: str | None,
    interval: str | None,
    base_dir: Path,
) -> EditedSource:
    """Change a source's URL, kind or poll interval; a new URL is checked once, as by `add`."""
    if location is None and kind is None and interval is None:
        raise SourceError("nothing to change: give --url, --kind or --interval")
    if kind is not None:
        check_kind(kind)
    url = None if location is None else _resolve(location, base_dir)
    edit = values.SourceEdit(url=url, kind=kind)
    if interval is not None:
        seconds = parse_interval(interval)
        effective = seconds or settings.ingest_poll_interval
        edit = replace(
            edit,
            poll_interval=seconds,
            default_interval=seconds is None,
            next_poll_by=utcnow() + timedelta(seconds=effective),
        )
    with _registry(settings) as session:
        before, after = source_store.edit_source(session, name, edit)
    check = None
    if after.url != before.url or after.kind != before.kind:
        check = check_source(settings, after.url, after.kind, after.id)
    return EditedSource(
        name, _changes(settings, before, after), check, name in _configured_names(settings)
    )


def set_enabled(settings: Settings, name: str, enabled: bool) -> None:
    """Switch polling of a live source off or on (`UnknownSourceError` for an unknown or
    removed one)."""
    with _registry(settings) as session:
        source_store.set_source_enabled(session, name, enabled)


def remove_source(settings: Settings, name: str) -> tuple[RemovedSource, bool]:
    """Remove a source (see `storage.source_store.remove_source`); also says whether the
    configuration file declares it, since that entry no longer registers it."""
    with _registry(settings) as session:
        removed = source_store.remove_source(session, name, utcnow())
    return removed, name in _configured_names(settings)


@contextmanager
def _registry(settings: Settings) -> Iterator[Session]:
    """A session over the source registry; its refusals (a taken name or URL, an unknown or
    removed source) become the library's `SourceExistsError` and `UnknownSourceError`."""
    try:
        with session_scope(settings.database_url) as session:
            yield session
    except source_store.SourceExistsError as error:
        raise SourceExistsError(str(error)) from None
    except LookupError as error:
        raise UnknownSourceError(str(error)) from None


def check_source(
    settings: Settings, url: str, kind: str, source_id: int | None = None
) -> SourceCheck:
    """Fetch `url` once with the polite fetcher (robots.txt, address guard, size cap) under a
    short timeout and say what came back; the request is written to the fetch log."""
    policy = settings.http
    policy = replace(
        policy,
        connect_timeout=min(policy.connect_timeout, CHECK_TIMEOUT / 2),
        read_timeout=min(policy.read_timeout, CHECK_TIMEOUT),
        total_timeout=min(policy.total_timeout, CHECK_TIMEOUT),
    )
    with Fetcher(policy) as fetcher:
        result = fetcher.fetch(url, purpose="check")
        requests = fetcher.take_requests()
    with session_scope(settings.database_url) as session:
        run_store.log_fetches(
            session, [fetch_log_entry(r) for r in requests], run_id=None, source_id=source_id
        )
    return describe_check(result, kind)


# Outcomes that may pass by the next poll: the host is down or out of reach for now.
_UNREACHABLE = frozenset(
    {
        FetchOutcome.TIMEOUT,
        FetchOutcome.DNS_ERROR,
        FetchOutcome.CONNECT_ERROR,
        FetchOutcome.PROTOCOL_ERROR,
        FetchOutcome.FILE_ERROR,
        FetchOutcome.DEFERRED,
    }
)


def describe_check(result: FetchResult, kind: str) -> SourceCheck:
    """One line for what a fetch of a source's URL gave, read as a source of `kind`."""
    if result.ok:
        try:
            if kind == "urls":
                listed = parse_url_list(result.content, result.final_url)
                found = f"URL list with {_count(len(listed.entries), 'URL')}"
            else:
                feed = parse_feed(result.content, result.final_url)
                found = f"feed with {_count(len(feed.entries), 'entry', 'entries')}"
        except FeedError:
            media_type = (result.content_type or "").split(";")[0].strip() or "untyped"
            what = "URL list" if kind == "urls" else "feed"
            return SourceCheck(False, f"not a {what}: {media_type} page")
        if result.redirects:
            found += f" (redirected to {redact_url(result.final_url)})"
        return SourceCheck(True, found)
    reason = _reason(result)
    if result.outcome is FetchOutcome.HTTP_ERROR and result.status is not None:
        summary = f"HTTP {result.status}"
    elif result.outcome in _UNREACHABLE:
        summary = f"unreachable: {reason}"
    else:
        summary = f"{result.outcome.value.replace('_', ' ')}: {reason}"
    return SourceCheck(False, summary)


def _reason(result: FetchResult) -> str:
    """The fetch error without the URL it starts with (the command has shown it already)."""
    error = result.error or str(result.outcome)
    where = result.url
    if result.redirects:
        where = f"{result.url} (redirected to {result.final_url})"
    return error.removeprefix(f"{redact_url(where)}: ")


def _count(number: int, singular: str, plural: str | None = None) -> str:
    return f"{number} {singular if number == 1 else plural or singular + 's'}"


def _resolve(location: str, base_dir: Path) -> str:
    try:
        return resolve_source_url(location, base_dir)
    except ValueError as error:
        raise SourceError(str(error)) from None


def _configured_names(settings: Settings) -> set[str]:
    return {source.name for source in settings.sources}


def describe_interval(seconds: int | None, default: int) -> str:
    """A poll interval as shown: "30m", "2h", "900s"; the default one says so."""
    value = seconds or default
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if value % size == 0:
            shown = f"{value // size}{unit}"
            break
    else:
        shown = f"{value}s"
    return shown if seconds else f"{shown} (default)"


def _changes(settings: Settings, before: SourceSettings, after: SourceSettings) -> list[str]:
    default = settings.ingest_poll_interval
    changes = []
    if after.url != before.url:
        changes.append(f"url {redact_url(before.url)} -> {redact_url(after.url)}")
    if after.kind != before.kind:
        changes.append(f"kind {before.kind} -> {after.kind}")
    if after.poll_interval != before.poll_interval:
        changes.append(
            f"interval {describe_interval(before.poll_interval, default)} -> "
            f"{describe_interval(after.poll_interval, default)}"
        )
    return changes
