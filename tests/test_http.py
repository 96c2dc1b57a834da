"""The fetcher against a real HTTP server on loopback (no mocked client)."""

import gzip
import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from intake.http import Fetcher, FetchOutcome, FetchPolicy, HostThrottle
from intake.urls import to_url

FAST = FetchPolicy(
    connect_timeout=1.0,
    read_timeout=1.0,
    total_timeout=2.0,
    min_host_delay=0.0,
    respect_robots=False,
)

MakeFetcher = Callable[..., Fetcher]


@pytest.fixture(scope="module")
def module_server() -> Iterator[HTTPServer]:
    # Threaded, so a handler that sleeps to provoke a timeout does not hold up later tests.
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


@pytest.fixture
def server(module_server: HTTPServer) -> HTTPServer:
    module_server.clear()
    return module_server


@pytest.fixture
def make_fetcher() -> Iterator[MakeFetcher]:
    """Fetchers with FAST limits (overridable) and a throttle private to the test."""
    throttle = HostThrottle()
    fetchers: list[Fetcher] = []

    def make(**overrides: Any) -> Fetcher:
        fetcher = Fetcher(replace(FAST, **overrides), throttle=throttle)
        fetchers.append(fetcher)
        return fetcher

    yield make
    for fetcher in fetchers:
        fetcher.close()


def requested_paths(server: HTTPServer) -> list[str]:
    return [request.path for request, _ in server.log]


def test_ok_page_carries_body_and_validators(server: HTTPServer, make_fetcher: MakeFetcher) -> None:
    server.expect_request("/page", headers={"User-Agent": FAST.user_agent}).respond_with_data(
        "<html>hello</html>",
        content_type="text/html; charset=utf-8",
        headers={"ETag": '"v1"', "Last-Modified": "Wed, 01 Jan 2025 00:00:00 GMT"},
    )
    url = server.url_for("/page")

    result = make_fetcher().fetch(url, purpose="page")

    assert result.ok
    assert result.outcome is FetchOutcome.OK
    assert (result.status, result.error) == (200, None)
    assert result.content == b"<html>hello</html>"
    assert result.content_type == "text/html; charset=utf-8"
    assert result.etag == '"v1"'
    assert result.last_modified == "Wed, 01 Jan 2025 00:00:00 GMT"
    assert (result.url, result.final_url, result.redirects) == (url, url, ())
    assert result.purpose == "page"
    assert result.fetched_at.tzinfo is UTC
    assert 0 <= result.elapsed < 1


def test_conditional_get_gives_not_modified(server: HTTPServer, make_fetcher: MakeFetcher) -> None:
    validators = {"If-None-Match": '"v1"', "If-Modified-Since": "Wed, 01 Jan 2025 00:00:00 GMT"}
    server.expect_request("/feed", headers=validators).respond_with_data(
        "", status=304, headers={"ETag": '"v1"'}
    )

    result = make_fetcher().fetch(
        server.url_for("/feed"),
        purpose="feed",
        etag='"v1"',
        last_modified="Wed, 01 Jan 2025 00:00:00 GMT",
    )

    assert result.outcome is FetchOutcome.NOT_MODIFIED
    assert not result.ok
    assert (result.status, result.content, result.etag) == (304, b"", '"v1"')


@pytest.mark.parametrize(
    ("status", "reason"), [(404, "Not Found"), (410, "Gone"), (500, "Internal Server Error")]
)
def test_http_errors_name_url_and_status(
    server: HTTPServer, make_fetcher: MakeFetcher, status: int, reason: str
) -> None:
    server.expect_request("/gone").respond_with_data("nope", status=status)
    url = server.url_for("/gone")

    result = make_fetcher().fetch(url)

    assert result.outcome is FetchOutcome.HTTP_ERROR
    assert result.status == status
    assert result.error == f"{url}: HTTP {status} {reason}"
    assert result.content == b""


def test_read_timeout(server: HTTPServer, make_fetcher: MakeFetcher) -> None:
    def sleepy(request: Request) -> Response:
        time.sleep(0.6)
        return Response("late")

    server.expect_request("/slow").respond_with_handler(sleepy)

    result = make_fetcher(read_timeout=0.1).fetch(server.url_for("/slow"))

    assert result.outcome is FetchOutcome.TIMEOUT
    assert result.status is None
    assert "read timed out" in (result.error or "")
    assert result.elapsed < 0.5


def test_slow_drip_body_is_cut_at_total_deadline(
    server: HTTPServer, make_fetcher: MakeFetcher
) -> None:
    def drip() -> Iterator[bytes]:
        for _ in range(20):
            time.sleep(0.05)
            yield b"x" * 10

    server.expect_request("/drip").respond_with_handler(lambda request: Response(drip()))

    result = make_fetcher(read_timeout=1.0, total_timeout=0.3).fetch(server.url_for("/drip"))

    assert result.outcome is FetchOutcome.TIMEOUT
    assert "total timeout" in (result.error or "")
    assert result.elapsed < 0.6


def test_dns_failure_also_reported_for_robots(make_fetcher: MakeFetcher) -> None:
    fetcher = make_fetcher(respect_robots=True)

    result = fetcher.fetch("http://no-such-host.invalid/article")

    assert result.outcome is FetchOutcome.DNS_ERROR
    assert (result.error or "").startswith("http://no-such-host.invalid/article: ")
    log = fetcher.take_requests()
    assert [(r.purpose, r.outcome) for r in log] == [
        ("robots", FetchOutcome.DNS_ERROR),
        ("page", FetchOutcome.DNS_ERROR),
    ]
    assert fetcher.take_requests() == []


def test_connection_refused(make_fetcher: MakeFetcher) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    result = make_fetcher().fetch(f"http://127.0.0.1:{port}/")

    assert result.outcome is FetchOutcome.CONNECT_ERROR
    assert "refused" in (result.error or "").lower()


def test_invalid_url_is_a_result_not_an_exception(make_fetcher: MakeFetcher) -> None:
    result = make_fetcher().fetch("not a url")

    assert result.outcome is FetchOutcome.INVALID_URL
    assert "not a url" in (result.error or "")


def test_oversize_by_content_length(server: HTTPServer, make_fetcher: MakeFetcher) -> None:
    server.expect_request("/big").respond_with_data(b"x" * 2000)

    result = make_fetcher(max_bytes=1000).fetch(server.url_for("/big"))

    assert result.outcome is FetchOutcome.TOO_LARGE
    assert "Content-Length 2000" in (result.error or "")
    assert result.content == b""


def test_oversize_while_streaming_without_length(
    server: HTTPServer, make_fetcher: MakeFetcher
) -> None:
    def endless(request: Request) -> Response:
        return Response(b"x" * 500 for _ in range(100))

    server.expect_request("/stream").respond_with_handler(endless)

    result = make_fetcher(max_bytes=1000).fetch(server.url_for("/stream"))

    assert result.outcome is FetchOutcome.TOO_LARGE
    assert "body exceeds the 1000-byte limit" in (result.error or "")


@pytest.mark.parametrize(
    ("max_bytes", "outcome"), [(100_000, FetchOutcome.OK), (10_000, FetchOutcome.TOO_LARGE)]
)
def test_gzip_body_is_decoded_and_cap_applies_to_decoded_size(
    server: HTTPServer, make_fetcher: MakeFetcher, max_bytes: int, outcome: FetchOutcome
) -> None:
    text = b"a" * 50_000
    server.expect_request("/zipped").respond_with_data(
        gzip.compress(text), headers={"Content-Encoding": "gzip"}
    )

    result = make_fetcher(max_bytes=max_bytes).fetch(server.url_for("/zipped"))

    assert result.outcome is outcome
    assert result.content == (text if outcome is FetchOutcome.OK else b"")


def redirect(server: HTTPServer, source: str, target: str, status: int = 302) -> None:
    server.expect_request(source).respond_with_data("", status=status, headers={"Location": target})


def test_redirect_chain_is_recorded(server: HTTPServer, make_fetcher: MakeFetcher) -> None:
    redirect(server, "/r1", "/r2", status=301)
    redirect(server, "/r2", server.url_for("/final"), status=307)
    server.expect_request("/final").respond_with_data("arrived")

    result = make_fetcher().fetch(server.url_for("/r1"))

    assert result.ok
    assert result.content == b"arrived"
    assert result.redirects == (server.url_for("/r2"), server.url_for("/final"))
    assert result.final_url == server.url_for("/final")


def test_redirect_loop(server: HTTPServer, make_fetcher: MakeFetcher) -> None:
    redirect(server, "/a", "/b")
    redirect(server, "/b", "/a")

    result = make_fetcher().fetch(server.url_for("/a"))

    assert result.outcome is FetchOutcome.TOO_MANY_REDIRECTS
    assert "redirect loop" in (result.error or "")
    assert requested_paths(server) == ["/a", "/b"]


def test_too_many_redirects(server: HTTPServer, make_fetcher: MakeFetcher) -> None:
    for hop in range(4):
        redirect(server, f"/hop{hop}", f"/hop{hop + 1}")

    result = make_fetcher(max_redirects=2).fetch(server.url_for("/hop0"))

    assert result.outcome is FetchOutcome.TOO_MANY_REDIRECTS
    assert len(result.redirects) == 3
    assert requested_paths(server) == ["/hop0", "/hop1", "/hop2"]


def test_redirect_to_local_file_is_refused(server: HTTPServer, make_fetcher: MakeFetcher) -> None:
    redirect(server, "/sneaky", "file:///etc/passwd")

    result = make_fetcher().fetch(server.url_for("/sneaky"))

    assert result.outcome is FetchOutcome.INVALID_URL
    assert result.content == b""


ROBOTS = "User-agent: *\nDisallow: /private\n\nUser-agent: otherbot\nDisallow: /\n"


def test_robots_disallow_is_respected_and_cached(
    server: HTTPServer, make_fetcher: MakeFetcher
) -> None:
    server.expect_request("/robots.txt").respond_with_data(ROBOTS, content_type="text/plain")
    server.expect_request("/public").respond_with_data("ok")
    server.expect_request("/private").respond_with_data("secret")
    fetcher = make_fetcher(respect_robots=True)

    public = fetcher.fetch(server.url_for("/public"))
    private = fetcher.fetch(server.url_for("/private"))

    assert public.ok
    assert private.outcome is FetchOutcome.ROBOTS_DISALLOWED
    assert server.url_for("/robots.txt") in (private.error or "")
    assert requested_paths(server) == ["/robots.txt", "/public"]
    assert [r.purpose for r in fetcher.take_requests()] == ["robots", "page", "page"]


def test_robots_rules_for_our_user_agent(server: HTTPServer, make_fetcher: MakeFetcher) -> None:
    server.expect_request("/robots.txt").respond_with_data(
        "User-agent: claimledger\nDisallow: /\n\nUser-agent: *\nAllow: /\n"
    )

    result = make_fetcher(respect_robots=True).fetch(server.url_for("/anything"))

    assert result.outcome is FetchOutcome.ROBOTS_DISALLOWED


def test_robots_checked_on_redirect_target(server: HTTPServer, make_fetcher: MakeFetcher) -> None:
    server.expect_request("/robots.txt").respond_with_data(ROBOTS)
    redirect(server, "/go", "/private/page")

    result = make_fetcher(respect_robots=True).fetch(server.url_for("/go"))

    assert result.outcome is FetchOutcome.ROBOTS_DISALLOWED
    assert result.redirects == (server.url_for("/private/page"),)
    assert "/private/page" not in requested_paths(server)


@pytest.mark.parametrize(
    ("robots_status", "outcome"),
    [(404, FetchOutcome.OK), (500, FetchOutcome.ROBOTS_DISALLOWED)],
)
def test_robots_status_rules_of_rfc_9309(
    server: HTTPServer, make_fetcher: MakeFetcher, robots_status: int, outcome: FetchOutcome
) -> None:
    server.expect_request("/robots.txt").respond_with_data("", status=robots_status)
    server.expect_request("/page").respond_with_data("ok")

    result = make_fetcher(respect_robots=True).fetch(server.url_for("/page"))

    assert result.outcome is outcome


def in_two_minutes() -> str:
    return format_datetime(datetime.now(UTC) + timedelta(minutes=2), usegmt=True)


@pytest.mark.parametrize("retry_after", ["120", in_two_minutes()], ids=["seconds", "http-date"])
def test_retry_after_defers_the_host(
    server: HTTPServer, make_fetcher: MakeFetcher, retry_after: str
) -> None:
    server.expect_request("/busy").respond_with_data(
        "slow down", status=429, headers={"Retry-After": retry_after}
    )
    fetcher = make_fetcher()

    first = fetcher.fetch(server.url_for("/busy"))
    second = fetcher.fetch(server.url_for("/other"))

    assert first.outcome is FetchOutcome.HTTP_ERROR
    assert first.status == 429
    assert "retry after" in (first.error or "")
    assert second.outcome is FetchOutcome.DEFERRED
    assert second.status is None
    assert second.elapsed < 0.5
    assert requested_paths(server) == ["/busy"]


def test_retry_after_is_capped_then_waited_out(
    server: HTTPServer, make_fetcher: MakeFetcher
) -> None:
    server.expect_oneshot_request("/feed").respond_with_data(
        "", status=503, headers={"Retry-After": "3600"}
    )
    server.expect_request("/feed").respond_with_data("fresh")
    fetcher = make_fetcher(max_retry_after=0.2)

    assert fetcher.fetch(server.url_for("/feed")).status == 503
    second = fetcher.fetch(server.url_for("/feed"))

    assert second.ok
    assert second.elapsed >= 0.19


def test_min_host_delay_spaces_requests_across_fetchers(
    server: HTTPServer, make_fetcher: MakeFetcher
) -> None:
    arrivals: list[float] = []

    def stamp(request: Request) -> Response:
        arrivals.append(time.monotonic())
        return Response("ok")

    server.expect_request("/tick").respond_with_handler(stamp)
    first, second = make_fetcher(min_host_delay=0.2), make_fetcher(min_host_delay=0.2)

    assert first.fetch(server.url_for("/tick")).ok
    assert second.fetch(server.url_for("/tick")).ok

    assert len(arrivals) == 2
    assert arrivals[1] - arrivals[0] >= 0.19


def test_file_url_is_read_from_disk(tmp_path: Path, make_fetcher: MakeFetcher) -> None:
    page = tmp_path / "article.html"
    page.write_bytes(b"<html>local</html>")

    result = make_fetcher().fetch(to_url(str(page)))

    assert result.ok
    assert (result.status, result.content) == (200, b"<html>local</html>")
    assert result.content_type == "text/html"


def test_gzipped_file_is_decompressed(tmp_path: Path, make_fetcher: MakeFetcher) -> None:
    feed = tmp_path / "feed.xml.gz"
    feed.write_bytes(gzip.compress(b"<rss/>"))

    result = make_fetcher().fetch(to_url(str(feed)), purpose="feed")

    assert result.ok
    assert (result.content, result.content_type) == (b"<rss/>", "application/xml")


@pytest.mark.parametrize("name", ["big.txt", "bomb.txt.gz"])
def test_file_size_cap(tmp_path: Path, make_fetcher: MakeFetcher, name: str) -> None:
    path = tmp_path / name
    data = b"z" * 5000
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)

    result = make_fetcher(max_bytes=1000).fetch(to_url(str(path)))

    assert result.outcome is FetchOutcome.TOO_LARGE
    assert result.content == b""


def test_missing_file(tmp_path: Path, make_fetcher: MakeFetcher) -> None:
    url = to_url(str(tmp_path / "missing.html"))

    result = make_fetcher().fetch(url)

    assert result.outcome is FetchOutcome.FILE_ERROR
    assert result.status is None
    assert result.error == f"{url}: No such file or directory"
