"""The polite, bounded fetcher every source goes through.

Scheduled ingestion talks to many third-party servers unattended, so every request is
bounded in time and size, respects robots.txt and per-host pacing, and never raises for a
network, HTTP or file problem: it returns a `FetchResult` whose outcome and error say what
happened, and callers log one row per request from `Fetcher.take_requests()`.

Feeds and redirects are attacker-controlled input, so only http(s) is followed, and every
connection, on every redirect hop, goes through `intake.netguard`: private, loopback,
link-local, multicast and reserved addresses are refused unless the policy allows their network.
"""

from __future__ import annotations

import gzip
import socket
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from enum import StrEnum
from pathlib import Path
from types import TracebackType
from typing import Self, TypeVar
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

import httpx

from intake.decoding import ACCEPT_ENCODING, BodyCorrupt, BodyTooLarge, CappedBody
from intake.netguard import (
    INTERRUPT_POLL,
    BlockedAddressError,
    GuardedBackend,
    GuardedTransport,
    Resolver,
    fetch_deadline,
    parse_networks,
    system_resolver,
)
from intake.urls import InvalidURL, normalize_url, redact_url


@dataclass(frozen=True)
class FetchPolicy:
    """Limits and manners for one `Fetcher`; the defaults suit unattended crawling."""

    user_agent: str = "claimledger/0.1 (+https://github.com/claimledger/claimledger)"
    connect_timeout: float = 5.0
    read_timeout: float = 15.0
    total_timeout: float = 30.0  # the whole fetch() call; cuts off slow-drip servers
    max_bytes: int = 10_000_000  # on the decoded body, enforced while streaming
    max_redirects: int = 5
    min_host_delay: float = 1.0  # seconds between two requests to the same host
    max_retry_after: float = 3600.0  # cap on how far a 429/503 Retry-After pushes a host back
    respect_robots: bool = True
    robots_ttl: float = 3600.0  # how long one host's robots.txt verdict is reused
    # CIDRs that may be contacted although not public (tests, intranet feeds); empty = none.
    allowed_networks: tuple[str, ...] = ()


DEFAULT_POLICY = FetchPolicy()


class FetchOutcome(StrEnum):
    OK = "ok"
    NOT_MODIFIED = "not_modified"
    HTTP_ERROR = "http_error"
    TIMEOUT = "timeout"
    DNS_ERROR = "dns_error"
    CONNECT_ERROR = "connect_error"
    PROTOCOL_ERROR = "protocol_error"
    TOO_LARGE = "too_large"
    TOO_MANY_REDIRECTS = "too_many_redirects"
    ROBOTS_DISALLOWED = "robots_disallowed"
    INVALID_URL = "invalid_url"
    FILE_ERROR = "file_error"
    DEFERRED = "deferred"
    BLOCKED_ADDRESS = "blocked_address"


@dataclass(frozen=True)
class FetchResult:
    """One request's outcome, complete enough to be written as a fetch-log row."""

    url: str
    final_url: str
    purpose: str
    outcome: FetchOutcome
    status: int | None
    error: str | None
    content: bytes
    content_type: str | None
    etag: str | None
    last_modified: str | None
    elapsed: float
    redirects: tuple[str, ...]
    fetched_at: datetime

    @property
    def ok(self) -> bool:
        """True only when `content` holds a fresh body (not for NOT_MODIFIED)."""
        return self.outcome is FetchOutcome.OK


class HostThrottle:
    """Per-host "next allowed request time", shared by every Fetcher in the process.

    Politeness is owed to the host, not to one Fetcher, so concurrent flows must share this
    state. A request claims its slot under the lock and sleeps outside it, so callers queue
    up in order instead of all waking at the same instant.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._next_allowed: dict[str, float] = {}

    def acquire(
        self,
        host: str,
        min_delay: float,
        max_wait: float,
        sleep: Callable[[float], None] = time.sleep,
    ) -> bool:
        """Wait for `host`'s turn and claim it; False, without waiting, if it is beyond max_wait.

        `sleep` does the waiting (an interruptible fetch passes one that can give up)."""
        with self._lock:
            now = time.monotonic()
            turn = max(now, self._next_allowed.get(host, now))
            if turn - now > max_wait:
                return False
            self._next_allowed[host] = turn + min_delay
        sleep(turn - now)
        return True

    def wait_needed(self, host: str) -> float:
        with self._lock:
            return max(self._next_allowed.get(host, 0.0) - time.monotonic(), 0.0)

    def defer(self, host: str, seconds: float) -> None:
        """Push the host's next turn out, never earlier than already scheduled."""
        with self._lock:
            until = time.monotonic() + seconds
            self._next_allowed[host] = max(self._next_allowed.get(host, until), until)


DEFAULT_THROTTLE = HostThrottle()

_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_BACKOFF_STATUSES = frozenset({429, 503})
_FILE_CONTENT_TYPES = {
    ".html": "text/html",
    ".htm": "text/html",
    ".xml": "application/xml",
    ".rss": "application/xml",
    ".atom": "application/xml",
    ".txt": "text/plain",
}
# Failures of the host rather than of one of its URLs: robots.txt then fails as the page would.
_HOST_UNREACHABLE = frozenset(
    {FetchOutcome.DNS_ERROR, FetchOutcome.CONNECT_ERROR, FetchOutcome.BLOCKED_ADDRESS}
)
_ALLOW_ALL = ""
_E = TypeVar("_E", bound=BaseException)
_DISALLOW_ALL = "User-agent: *\nDisallow: /\n"


@dataclass
class _Attempt:
    """The bookkeeping for one FetchResult while it is being produced."""

    url: str
    purpose: str
    started: float = field(default_factory=time.monotonic)
    fetched_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    redirects: list[str] = field(default_factory=list)

    @property
    def final_url(self) -> str:
        return self.redirects[-1] if self.redirects else self.url

    def fail(
        self,
        outcome: FetchOutcome,
        reason: str,
        *,
        status: int | None = None,
        headers: httpx.Headers | None = None,
    ) -> FetchResult:
        """Finish with an error message that names the URL (and where redirects led), with
        any password in them masked: the message is logged, stored and shown."""
        where = self.url
        if self.redirects:
            where = f"{self.url} (redirected to {self.final_url})"
        error = redact_url(f"{where}: {reason}")
        return self.finish(outcome, error=error, status=status, headers=headers)

    def finish(
        self,
        outcome: FetchOutcome,
        *,
        error: str | None = None,
        status: int | None = None,
        headers: httpx.Headers | None = None,
        content: bytes = b"",
        content_type: str | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> FetchResult:
        if headers is not None:
            content_type = headers.get("content-type", content_type)
            etag = headers.get("etag", etag)
            last_modified = headers.get("last-modified", last_modified)
        return FetchResult(
            url=self.url,
            final_url=self.final_url,
            purpose=self.purpose,
            outcome=outcome,
            status=status,
            error=error,
            content=content,
            content_type=content_type,
            etag=etag,
            last_modified=last_modified,
            elapsed=time.monotonic() - self.started,
            redirects=tuple(self.redirects),
            fetched_at=self.fetched_at,
        )


@dataclass(frozen=True)
class _Robots:
    rules: RobotFileParser
    expires_at: float


class Fetcher:
    """Fetches http(s) and file URLs under a `FetchPolicy`; use as a context manager.

    Safe to share between threads: the httpx client is, the request log is locked, and a
    racing robots.txt lookup at worst fetches robots.txt twice. `resolver` replaces the
    system's DNS lookup (tests use it to play a rebinding DNS server).

    `interrupt`, when given, is called before each request and every `INTERRUPT_POLL` seconds
    while the fetch waits (for its turn at the host, for a slow server); whatever it raises
    abandons the fetch and propagates: the one exception `fetch` lets through, so that a pass
    asked to stop (`claimledger.stopping`) stops within a fraction of a second of any wait.
    """

    def __init__(
        self,
        policy: FetchPolicy = DEFAULT_POLICY,
        *,
        throttle: HostThrottle | None = None,
        resolver: Resolver = system_resolver,
        interrupt: Callable[[], None] | None = None,
    ) -> None:
        self.policy = policy
        self._throttle = throttle or DEFAULT_THROTTLE
        self._interrupt = interrupt
        backend = GuardedBackend(parse_networks(policy.allowed_networks), resolver)
        self._client = httpx.Client(
            transport=GuardedTransport(backend),
            follow_redirects=False,
            headers={"User-Agent": policy.user_agent, "Accept-Encoding": ACCEPT_ENCODING},
        )
        self._robots: dict[str, _Robots] = {}
        self._requests: list[FetchResult] = []
        self._requests_lock = threading.Lock()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def fetch(
        self,
        url: str,
        *,
        purpose: str = "page",
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> FetchResult:
        """Fetch `url` within the policy's limits; the whole call, including a robots.txt
        lookup, throttle waits and redirects, is bounded by `total_timeout`."""
        try:
            scheme = urlsplit(normalize_url(url)).scheme
        except InvalidURL as exc:
            invalid = _Attempt(url, purpose).finish(FetchOutcome.INVALID_URL, error=str(exc))
            return self._record(invalid)
        if scheme == "file":
            return self._record(self._read_file(_Attempt(url, purpose)))
        headers: dict[bytes, bytes] = {}
        # Validators come back from earlier responses and may hold non-ASCII text; sending
        # them as bytes keeps httpx from refusing to encode them.
        if etag:
            headers[b"If-None-Match"] = etag.encode()
        if last_modified:
            headers[b"If-Modified-Since"] = last_modified.encode()
        return self._fetch_http(url, purpose, headers, check_robots=self.policy.respect_robots)

    def take_requests(self) -> list[FetchResult]:
        """Every result produced since the last call, oldest first: each `fetch` outcome
        (deferred and invalid ones included) and each internal robots.txt fetch."""
        with self._requests_lock:
            taken, self._requests = self._requests, []
        return taken

    def _record(self, result: FetchResult) -> FetchResult:
        with self._requests_lock:
            self._requests.append(result)
        return result

    def _fetch_http(
        self,
        url: str,
        purpose: str,
        headers: dict[bytes, bytes],
        *,
        check_robots: bool,
        deadline: float | None = None,
    ) -> FetchResult:
        attempt = _Attempt(url, purpose)
        if deadline is None:
            deadline = attempt.started + self.policy.total_timeout
        with fetch_deadline(deadline, self._interrupt):
            return self._record(self._follow(attempt, headers, deadline, check_robots))

    def _sleep(self, seconds: float) -> None:
        """Wait `seconds`, in slices between which `interrupt` may give up."""
        if self._interrupt is None:
            time.sleep(seconds)
            return
        until = time.monotonic() + seconds
        while (left := until - time.monotonic()) > 0:
            self._interrupt()
            time.sleep(min(left, INTERRUPT_POLL))

    def _follow(
        self,
        attempt: _Attempt,
        headers: dict[bytes, bytes],
        deadline: float,
        check_robots: bool,
    ) -> FetchResult:
        """Request each hop of the redirect chain ourselves, so every hop passes robots.txt,
        the throttle and the address guard like the first one."""
        current = attempt.url
        visited = {current}
        while True:
            try:
                hop = urlsplit(normalize_url(current))
            except InvalidURL as exc:
                return attempt.fail(FetchOutcome.INVALID_URL, str(exc))
            if hop.scheme not in ("http", "https") or hop.hostname is None:
                reason = f"refusing to fetch {current!r} (only http and https)"
                if attempt.redirects:
                    reason = f"refusing to follow a redirect to {current!r}"
                return attempt.fail(FetchOutcome.INVALID_URL, reason)
            host = hop.hostname
            if self._interrupt is not None:
                self._interrupt()
            if check_robots:
                refusal = self._robots_refusal(current, deadline)
                if refusal is not None:
                    outcome, reason = refusal
                    return attempt.fail(outcome, reason)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                reason = f"total timeout of {self.policy.total_timeout:g} s exceeded"
                return attempt.fail(FetchOutcome.TIMEOUT, reason)
            if not self._throttle.acquire(host, self.policy.min_host_delay, remaining, self._sleep):
                wait = self._throttle.wait_needed(host)
                reason = f"{host} may not be contacted for another {wait:.1f} s"
                return attempt.fail(FetchOutcome.DEFERRED, reason)
            try:
                target, auth = _credentials_apart(current)
                with self._client.stream(
                    "GET", target, headers=headers, auth=auth, timeout=self._timeout(deadline)
                ) as response:
                    retry_after = self._honour_retry_after(host, response)
                    location = response.headers.get("location")
                    if response.status_code not in _REDIRECT_STATUSES or not location:
                        return self._read_response(attempt, response, deadline, retry_after)
                    current = urljoin(current, location)
                    attempt.redirects.append(current)
                    if len(attempt.redirects) > self.policy.max_redirects or current in visited:
                        kind = "redirect loop" if current in visited else "too many redirects"
                        return attempt.fail(
                            FetchOutcome.TOO_MANY_REDIRECTS,
                            f"{kind} (limit {self.policy.max_redirects})",
                            status=response.status_code,
                        )
                    visited.add(current)
            except BlockedAddressError as exc:
                return attempt.fail(FetchOutcome.BLOCKED_ADDRESS, str(exc))
            except (httpx.HTTPError, httpx.InvalidURL) as exc:
                outcome, reason = _classify_error(exc, host)
                if outcome is FetchOutcome.TIMEOUT and time.monotonic() >= deadline:
                    reason = f"total timeout of {self.policy.total_timeout:g} s exceeded"
                return attempt.fail(outcome, reason)

    def _timeout(self, deadline: float) -> httpx.Timeout:
        """Per-operation timeouts, shortened so no single wait can overrun the deadline."""
        remaining = max(deadline - time.monotonic(), 0.001)
        connect = min(self.policy.connect_timeout, remaining)
        read = min(self.policy.read_timeout, remaining)
        return httpx.Timeout(connect=connect, read=read, write=read, pool=connect)

    def _honour_retry_after(self, host: str, response: httpx.Response) -> float | None:
        if response.status_code not in _BACKOFF_STATUSES:
            return None
        delay = _retry_after_seconds(response.headers.get("retry-after"))
        if delay is None:
            return None
        delay = min(delay, self.policy.max_retry_after)
        self._throttle.defer(host, delay)
        return delay

    def _read_response(
        self,
        attempt: _Attempt,
        response: httpx.Response,
        deadline: float,
        retry_after: float | None,
    ) -> FetchResult:
        status = response.status_code
        headers = response.headers
        if status == 304:
            return attempt.finish(FetchOutcome.NOT_MODIFIED, status=status, headers=headers)
        if status >= 300:
            # The standard phrase, not the server's, so log messages read the same everywhere.
            phrase = httpx.codes.get_reason_phrase(status) or response.reason_phrase
            reason = f"HTTP {status} {phrase}".rstrip()
            if retry_after is not None:
                reason += f" (retry after {retry_after:g} s)"
            return attempt.fail(
                FetchOutcome.HTTP_ERROR,
                reason,
                status=status,
                headers=headers,
            )
        cap = self.policy.max_bytes
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            reason = f"Content-Length {declared} exceeds the {cap}-byte limit"
            return attempt.fail(FetchOutcome.TOO_LARGE, reason, status=status, headers=headers)
        try:
            body = CappedBody(headers.get("content-encoding"), cap)
            for chunk in response.iter_raw():
                body.feed(chunk)
                if time.monotonic() > deadline:
                    limit = self.policy.total_timeout
                    reason = f"total timeout of {limit:g} s exceeded while reading"
                    return attempt.fail(
                        FetchOutcome.TIMEOUT, reason, status=status, headers=headers
                    )
            content = body.finish()
        except BodyTooLarge as exc:
            return attempt.fail(FetchOutcome.TOO_LARGE, str(exc), status=status, headers=headers)
        except BodyCorrupt as exc:
            return attempt.fail(
                FetchOutcome.PROTOCOL_ERROR, str(exc), status=status, headers=headers
            )
        return attempt.finish(FetchOutcome.OK, status=status, headers=headers, content=content)

    def _robots_refusal(self, url: str, deadline: float) -> tuple[FetchOutcome, str] | None:
        """Why robots.txt keeps us from `url`, or None when we may fetch it.

        Per RFC 9309 a 4xx robots.txt (or a redirect chain that never ends) allows
        everything and a 5xx forbids everything; those verdicts are cached like a parsed
        file. When robots.txt cannot be reached at all, the page is not fetched and the
        network failure becomes the page's outcome, told as the page's own when the host is
        out of reach (no such host, connection refused, a blocked address); a robots.txt that
        answers but cannot be read (too large, too slow) refuses the page. Neither of these
        is cached.
        """
        parts = urlsplit(url)
        origin = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        robots_url = f"{origin}/robots.txt"
        cached = self._robots.get(origin)
        if cached is None or cached.expires_at <= time.monotonic():
            fetched = self._fetch_http(
                robots_url, "robots", {}, check_robots=False, deadline=deadline
            )
            status = fetched.status or 0
            if fetched.ok:
                text = fetched.content.decode("utf-8", errors="replace")
            elif fetched.outcome is FetchOutcome.TOO_MANY_REDIRECTS or 400 <= status < 500:
                text = _ALLOW_ALL
            elif fetched.outcome is FetchOutcome.HTTP_ERROR and status >= 500:
                text = _DISALLOW_ALL
            elif fetched.status is None:
                reason = (fetched.error or "").removeprefix(f"{robots_url}: ")
                if fetched.outcome in _HOST_UNREACHABLE:
                    return fetched.outcome, reason  # the page's own failure, robots.txt aside
                return fetched.outcome, f"robots.txt unavailable ({reason})"
            else:
                return FetchOutcome.ROBOTS_DISALLOWED, f"robots.txt unusable ({fetched.error})"
            rules = RobotFileParser(robots_url)
            rules.parse(text.splitlines())
            cached = _Robots(rules, time.monotonic() + self.policy.robots_ttl)
            self._robots[origin] = cached
        if cached.rules.can_fetch(self.policy.user_agent, url):
            return None
        return FetchOutcome.ROBOTS_DISALLOWED, f"disallowed by {robots_url}"

    def _read_file(self, attempt: _Attempt) -> FetchResult:
        """Read a local file (fixtures, archives) under the same size cap as HTTP bodies."""
        path = Path(unquote(urlsplit(normalize_url(attempt.url)).path))
        cap = self.policy.max_bytes
        try:
            if path.suffix.lower() == ".gz":
                with gzip.open(path, "rb") as compressed:
                    data = compressed.read(cap + 1)
            else:
                with path.open("rb") as plain:
                    data = plain.read(cap + 1)
        except (OSError, EOFError, zlib.error) as exc:
            reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
            return attempt.fail(FetchOutcome.FILE_ERROR, reason)
        if len(data) > cap:
            reason = f"file exceeds the {cap}-byte limit"
            return attempt.fail(FetchOutcome.TOO_LARGE, reason)
        named = path.with_suffix("") if path.suffix.lower() == ".gz" else path
        content_type = _FILE_CONTENT_TYPES.get(named.suffix.lower())
        return attempt.finish(FetchOutcome.OK, status=200, content=data, content_type=content_type)


def _credentials_apart(url: str) -> tuple[str, httpx.BasicAuth | None]:
    """The URL without `user:password@`, and those as Basic authentication: what httpx would
    send for them, but its request log (INFO) then never prints the password."""
    parts = urlsplit(url)
    if parts.username is None:
        return url, None
    host = parts.netloc.rpartition("@")[2]
    credentials = httpx.BasicAuth(unquote(parts.username), unquote(parts.password or ""))
    return urlunsplit(parts._replace(netloc=host)), credentials


def _retry_after_seconds(value: str | None) -> float | None:
    """Retry-After as seconds from now; it may be a number of seconds or an HTTP date."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max((when - datetime.now(UTC)).total_seconds(), 0.0)


def _classify_error(exc: Exception, host: str) -> tuple[FetchOutcome, str]:
    if isinstance(exc, httpx.TimeoutException):
        kind = {
            httpx.ConnectTimeout: "connect",
            httpx.ReadTimeout: "read",
            httpx.WriteTimeout: "write",
            httpx.PoolTimeout: "connection pool",
        }.get(type(exc), "request")
        return FetchOutcome.TIMEOUT, f"{kind} timed out"
    lookup = _cause(exc, socket.gaierror)
    if isinstance(exc, httpx.ConnectError) and lookup is not None:
        return FetchOutcome.DNS_ERROR, f"cannot resolve host {host} ({lookup.strerror})"
    if isinstance(exc, httpx.NetworkError | httpx.ProxyError):
        return FetchOutcome.CONNECT_ERROR, f"connection failed ({exc})"
    if isinstance(exc, httpx.InvalidURL | httpx.UnsupportedProtocol):
        return FetchOutcome.INVALID_URL, f"invalid URL ({exc})"
    return FetchOutcome.PROTOCOL_ERROR, f"{type(exc).__name__}: {exc}"


def _cause(exc: BaseException, kind: type[_E]) -> _E | None:
    """The error of this kind in the chain that led to `exc`, if any."""
    current: BaseException | None = exc
    while current is not None:
        if isinstance(current, kind):
            return current
        current = current.__cause__ or current.__context__
    return None
