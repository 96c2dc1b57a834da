"""The fetcher against a real HTTP server on loopback (no mocked client)."""

import contextlib
import gzip
import socket
import threading
import time
import tracemalloc
import zlib
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
    allowed_networks=("127.0.0.0/8", "::1"),  # the loopback test server
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


def wait_until_answered(server: HTTPServer, path: str, within: float = 3.0) -> None:
    """Wait for a slow handler the client gave up on to finish, so that its late entry in
    the module server's log does not land in the next test's (seen once under xdist: a
    "/slow" answered 0.6 s after its timeout showed up in a test that asserts no request)."""
    deadline = time.monotonic() + within
    while path not in requested_paths(server) and time.monotonic() < deadline:
        time.sleep(0.02)


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
    wait_until_answered(server, "/slow")


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
    wait_until_answered(server, "/drip")


def test_dns_failure_also_reported_for_robots(make_fetcher: MakeFetcher) -> None:
    fetcher = make_fetcher(respect_robots=True)

    result = fetcher.fetch("http://no-such-host.invalid/article")

    assert result.outcome is FetchOutcome.DNS_ERROR
    # The host's failure is the page's, named as such, not "robots.txt unavailable".
    assert (result.error or "").startswith(
        "http://no-such-host.invalid/article: cannot resolve host no-such-host.invalid ("
    )
    assert "robots" not in (result.error or "")
    log = fetcher.take_requests()
    assert [(r.purpose, r.outcome) for r in log] == [
        ("robots", FetchOutcome.DNS_ERROR),
        ("page", FetchOutcome.DNS_ERROR),
    ]
    assert fetcher.take_requests() == []


@pytest.mark.parametrize("respect_robots", [False, True])
def test_connection_refused(make_fetcher: MakeFetcher, respect_robots: bool) -> None:
    """Refused on robots.txt or on the page itself: the page's error names the refusal."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    result = make_fetcher(respect_robots=respect_robots).fetch(f"http://127.0.0.1:{port}/")

    assert result.outcome is FetchOutcome.CONNECT_ERROR
    assert (result.error or "").startswith(f"http://127.0.0.1:{port}/: connection failed (")
    assert "refused" in (result.error or "").lower() and "robots" not in (result.error or "")


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


# A callable, not a value: a date computed at collection time may be past by the time the
# test runs in a long suite.
@pytest.mark.parametrize(
    "retry_after", [lambda: "120", in_two_minutes], ids=["seconds", "http-date"]
)
def test_retry_after_defers_the_host(
    server: HTTPServer, make_fetcher: MakeFetcher, retry_after: Callable[[], str]
) -> None:
    server.expect_request("/busy").respond_with_data(
        "slow down", status=429, headers={"Retry-After": retry_after()}
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
    # Stamped in the server's handler threads, whose scheduling on a loaded machine (the suite
    # runs one worker per core) can delay the first stamp by tens of milliseconds; without the
    # shared delay the two arrivals are one loopback round trip apart, a few milliseconds.
    assert arrivals[1] - arrivals[0] >= 0.15


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


# --- outbound safety: addresses, schemes, decoding, deadlines -----------------------------------


def test_loopback_is_refused_by_default(server: HTTPServer) -> None:
    server.expect_request("/page").respond_with_data("secret")
    url = server.url_for("/page")

    with Fetcher(replace(FAST, allowed_networks=()), throttle=HostThrottle()) as fetcher:
        result = fetcher.fetch(url)

    assert result.outcome is FetchOutcome.BLOCKED_ADDRESS
    assert result.error == (
        f"{url}: 127.0.0.1 resolves to 127.0.0.1, a loopback address "
        "(not in http_allowed_networks; refusing to connect)"
    )
    assert requested_paths(server) == []


@pytest.mark.parametrize(
    ("host", "kind"),
    [
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("192.168.1.1", "private"),
        ("169.254.169.254", "link-local"),
        ("224.0.0.251", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("240.0.0.1", "reserved"),
        ("100.64.0.1", "non-public"),
        ("[::1]", "loopback"),
        ("[fe80::1]", "link-local"),
        ("[fc00::1]", "private"),
        ("[::ffff:10.0.0.1]", "private"),
        ("[ff02::1]", "multicast"),
    ],
)
def test_non_public_addresses_are_refused_before_connecting(
    make_fetcher: MakeFetcher, host: str, kind: str
) -> None:
    result = make_fetcher(allowed_networks=()).fetch(f"http://{host}/latest/meta-data/")

    assert result.outcome is FetchOutcome.BLOCKED_ADDRESS
    assert f"a {kind} address" in (result.error or "")
    assert result.elapsed < 0.5


def test_allow_list_admits_only_its_networks(server: HTTPServer, make_fetcher: MakeFetcher) -> None:
    server.expect_request("/page").respond_with_data("intranet news")

    allowed = make_fetcher(allowed_networks=("127.0.0.1/32",)).fetch(server.url_for("/page"))
    other = make_fetcher(allowed_networks=("127.0.0.1/32",)).fetch("http://127.0.0.2:9/page")

    assert allowed.ok and allowed.content == b"intranet news"
    assert other.outcome is FetchOutcome.BLOCKED_ADDRESS


def test_redirect_hop_to_metadata_address_is_refused(
    server: HTTPServer, make_fetcher: MakeFetcher
) -> None:
    redirect(server, "/go", "http://169.254.169.254/latest/meta-data/iam")

    result = make_fetcher().fetch(server.url_for("/go"))

    assert result.outcome is FetchOutcome.BLOCKED_ADDRESS
    assert result.redirects == ("http://169.254.169.254/latest/meta-data/iam",)
    assert "(redirected to http://169.254.169.254/latest/meta-data/iam)" in (result.error or "")
    assert "a link-local address" in (result.error or "")


class RebindingDNS:
    """A resolver whose answer for one name changes, as an attacker's DNS server would."""

    def __init__(self, *answers: list[str]) -> None:
        self.answers = list(answers)
        self.lookups: list[str] = []

    def __call__(self, host: str, port: int) -> list[str]:
        self.lookups.append(host)
        if host != "news.rebind.test":
            return [str(info[4][0]) for info in socket.getaddrinfo(host, port)]
        return self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]


def test_the_vetted_address_is_the_one_connected_to(server: HTTPServer) -> None:
    """One lookup per connection, checked and then used: a changed answer cannot slip in
    between the check and the connect, and the Host header still names the host."""
    server.expect_request("/a").respond_with_data("first")
    dns = RebindingDNS(["127.0.0.1"], ["169.254.169.254"])
    policy = replace(FAST, allowed_networks=("127.0.0.1/32",))
    url = f"http://news.rebind.test:{server.port}/a"

    with Fetcher(policy, throttle=HostThrottle(), resolver=dns) as fetcher:
        first = fetcher.fetch(url)
        rebound = fetcher.fetch(url)

    assert first.ok and first.content == b"first"
    assert [request.host for request, _ in server.log] == [f"news.rebind.test:{server.port}"]
    assert dns.lookups == ["news.rebind.test", "news.rebind.test"]
    assert rebound.outcome is FetchOutcome.BLOCKED_ADDRESS
    assert "news.rebind.test resolves to 169.254.169.254" in (rebound.error or "")


def test_one_bad_answer_among_good_ones_refuses_the_host(server: HTTPServer) -> None:
    dns = RebindingDNS(["127.0.0.1", "10.0.0.7"])
    policy = replace(FAST, allowed_networks=("127.0.0.1/32",))

    with Fetcher(policy, throttle=HostThrottle(), resolver=dns) as fetcher:
        result = fetcher.fetch(f"http://news.rebind.test:{server.port}/a")

    assert result.outcome is FetchOutcome.BLOCKED_ADDRESS
    assert "10.0.0.7, a private address" in (result.error or "")
    assert requested_paths(server) == []


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/pub", "gopher://127.0.0.1/", "data:,hello"])
def test_only_http_and_https_are_fetched(make_fetcher: MakeFetcher, url: str) -> None:
    result = make_fetcher().fetch(url)

    assert result.outcome is FetchOutcome.INVALID_URL
    assert result.content == b""


def test_accept_encoding_offers_only_what_is_decoded_here(
    server: HTTPServer, make_fetcher: MakeFetcher
) -> None:
    server.expect_request("/page").respond_with_data("ok")

    make_fetcher().fetch(server.url_for("/page"))

    assert [request.headers["Accept-Encoding"] for request, _ in server.log] == ["gzip, deflate"]


def test_gzip_bomb_stops_at_the_cap_without_inflating_in_memory(
    server: HTTPServer, make_fetcher: MakeFetcher
) -> None:
    member = gzip.compress(bytes(10_000_000), compresslevel=9)
    server.expect_request("/bomb").respond_with_data(
        member * 100,
        headers={"Content-Encoding": "gzip"},  # 1 MB on the wire, 1 GB decoded
    )
    fetcher = make_fetcher(max_bytes=2_000_000)

    tracemalloc.start()
    try:
        result = fetcher.fetch(server.url_for("/bomb"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert result.outcome is FetchOutcome.TOO_LARGE
    assert "body exceeds the 2000000-byte limit" in (result.error or "")
    # The cap plus the compressed wire data, not a gigabyte. tracemalloc also counts the other
    # threads of this process (the test server, Prefect's harness), hence the loose bound.
    assert peak < 64_000_000


@pytest.mark.parametrize(
    "encode",
    [zlib.compress, lambda data: zlib.compress(data)[2:-4], gzip.compress],
    ids=["zlib-deflate", "raw-deflate", "gzip"],
)
def test_deflate_and_gzip_bodies_are_decoded(
    server: HTTPServer, make_fetcher: MakeFetcher, encode: Callable[[bytes], bytes]
) -> None:
    text = b"<p>decoded</p>" * 1000
    coding = "gzip" if encode is gzip.compress else "deflate"
    server.expect_request("/z").respond_with_data(
        encode(text), headers={"Content-Encoding": coding}
    )

    result = make_fetcher().fetch(server.url_for("/z"))

    assert result.ok and result.content == text


def test_concatenated_gzip_members_are_all_decoded(
    server: HTTPServer, make_fetcher: MakeFetcher
) -> None:
    server.expect_request("/z").respond_with_data(
        gzip.compress(b"first ") + gzip.compress(b"second"), headers={"Content-Encoding": "gzip"}
    )

    result = make_fetcher().fetch(server.url_for("/z"))

    assert result.ok and result.content == b"first second"


def test_truncated_gzip_is_a_protocol_error_not_a_shorter_page(
    server: HTTPServer, make_fetcher: MakeFetcher
) -> None:
    body = gzip.compress(b"<p>an article</p>" * 500)
    server.expect_request("/cut").respond_with_data(
        body[: len(body) // 2], headers={"Content-Encoding": "gzip"}
    )

    result = make_fetcher().fetch(server.url_for("/cut"))

    assert result.outcome is FetchOutcome.PROTOCOL_ERROR
    assert "gzip body is truncated" in (result.error or "")


def test_unsolicited_brotli_is_refused(server: HTTPServer, make_fetcher: MakeFetcher) -> None:
    server.expect_request("/br").respond_with_data(b"\x1b\x03", headers={"Content-Encoding": "br"})

    result = make_fetcher().fetch(server.url_for("/br"))

    assert result.outcome is FetchOutcome.PROTOCOL_ERROR
    assert "unsupported Content-Encoding 'br'" in (result.error or "")


def test_headers_dripping_forever_are_cut_at_the_total_deadline(make_fetcher: MakeFetcher) -> None:
    """httpx's read timeout restarts with every byte; the total deadline does not."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        port = listener.getsockname()[1]

        def drip_headers() -> None:
            connection, _ = listener.accept()
            with connection:
                connection.recv(65536)
                with contextlib.suppress(OSError):
                    connection.sendall(b"HTTP/1.1 200 OK\r\n")
                    for _ in range(200):
                        connection.sendall(b"X-Drip: 1\r\n")
                        time.sleep(0.05)

        thread = threading.Thread(target=drip_headers, daemon=True)
        thread.start()
        result = make_fetcher(read_timeout=1.0, total_timeout=0.5).fetch(
            f"http://127.0.0.1:{port}/"
        )
        thread.join(timeout=15)

    assert result.outcome is FetchOutcome.TIMEOUT
    assert "total timeout of 0.5 s exceeded" in (result.error or "")
    assert result.elapsed < 0.8


def test_oversized_response_headers_are_a_protocol_error(
    server: HTTPServer, make_fetcher: MakeFetcher
) -> None:
    """h11 (through httpcore) refuses a response head over 100 KiB; nothing else is needed."""
    server.expect_request("/h").respond_with_data("x", headers={"X-Huge": "h" * 200_000})

    result = make_fetcher().fetch(server.url_for("/h"))

    assert result.outcome is FetchOutcome.PROTOCOL_ERROR


def test_credentials_in_the_url_are_sent_as_basic_auth_and_never_logged(
    server: HTTPServer, make_fetcher: MakeFetcher, caplog: pytest.LogCaptureFixture
) -> None:
    """`user:password@` reaches the server as Basic authentication (what a browser does);
    the request line, httpx's request log and any error message never hold the password."""

    def private(request: Request) -> Response:
        given = request.authorization
        if given is None or (given.username, given.password) != ("reader", "s3:cr@t"):
            return Response("who are you?", status=401)
        return Response("<rss/>", content_type="application/rss+xml")

    server.expect_request("/private.xml").respond_with_handler(private)
    url = server.url_for("/private.xml").replace("://", "://reader:s3%3Acr%40t@")
    fetcher = make_fetcher()

    with caplog.at_level("INFO"):
        fetched = fetcher.fetch(url)
        refused = fetcher.fetch(url.replace("s3%3Acr%40t", "wrong"))

    assert fetched.ok and fetched.content == b"<rss/>"
    assert refused.status == 401 and (refused.error or "").startswith(
        url.replace("s3%3Acr%40t", "***")
    )
    assert "s3" not in caplog.text and "wrong" not in caplog.text
