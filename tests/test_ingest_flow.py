"""The ingest flow end to end: real Prefect, a real loopback HTTP server, SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from sqlalchemy import select
from werkzeug import Request, Response

from claimledger import pool
from claimledger.settings import load_settings
from flows.ingest import ingest
from storage import article_store
from storage.db import session_scope
from storage.models import Article, ArticleVersion, FetchLog, Run, Source
from tests.conftest import (
    SHORT_TIMEOUT_HTTP_SETTINGS,
    TEST_HTTP_SETTINGS,
    discard_extract_pool,
    write_config,
)
from tests.pages import article_html, rss_feed, story

pytestmark = pytest.mark.usefixtures("prefect_server")

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
EXTRACTION_POOL = "[ingest]\nextract_processes = 2\nextract_pool_min_pages = 1\n"


@pytest.fixture
def fresh_extract_pool() -> Iterator[None]:
    """No extraction pool of this process before or after the test (the pool is per process)."""
    discard_extract_pool(2)
    yield
    discard_extract_pool(2)


def configure(
    tmp_path: Path,
    database_url: str,
    feeds: dict[str, str],
    extra: str = "",
    http: str = TEST_HTTP_SETTINGS,
) -> Path:
    sources = "\n".join(
        f'[[sources]]\nname = "{name}"\nurl = "{url}"\nkind = "rss"\n'
        for name, url in feeds.items()
    )
    return write_config(tmp_path, database_url, f"{extra}\n{sources}", http=http)


def run_pass(config: Path, sources: list[str] | None = None) -> dict[str, int]:
    return ingest(kind="manual", sources=sources, config_path=str(config))


def counts(config: Path) -> dict[str, int]:
    with session_scope(load_settings(config).database_url) as session:
        return article_store.table_counts(session)


def fetch_outcomes(config: Path, run_id: int) -> dict[str, tuple[str, str | None]]:
    with session_scope(load_settings(config).database_url) as session:
        rows = session.execute(
            select(FetchLog.url, FetchLog.outcome, FetchLog.error).where(FetchLog.run_id == run_id)
        ).all()
    return {url: (outcome, error) for url, outcome, error in rows}


def serve_articles(httpserver: HTTPServer, names: list[str]) -> list[tuple[str, str, datetime]]:
    items = []
    for index, name in enumerate(names):
        path = f"/news/{name}"
        httpserver.expect_request(path).respond_with_data(
            article_html(f"Floods reach {name}", story(f"floods in {name}", 10 + index)),
            content_type="text/html; charset=utf-8",
        )
        items.append(
            (httpserver.url_for(path), f"Floods reach {name}", T0 + timedelta(hours=index))
        )
    return items


def serve_feed(httpserver: HTTPServer, path: str, items: list[tuple[str, str, datetime]]) -> str:
    """An RSS feed of `items` at `path` on the loopback server; returns its URL."""
    httpserver.expect_request(path).respond_with_data(
        rss_feed(items), content_type="application/rss+xml"
    )
    return httpserver.url_for(path)


@pytest.mark.usefixtures("fresh_extract_pool")
def test_ingest_stores_new_entries_and_a_second_pass_adds_nothing(
    httpserver: HTTPServer, database_url: str, tmp_path: Path
) -> None:
    items = serve_articles(httpserver, ["arden", "brill", "corran"])
    feed_url = serve_feed(httpserver, "/feed.xml", items)
    # The extraction pool's path (spawned processes), on both databases.
    config = configure(tmp_path, database_url, {"courier": feed_url}, EXTRACTION_POOL)
    assert load_settings(config).ingest_extract_processes == 2

    first = run_pass(config)
    after_first = counts(config)
    assert pool.extract_pool(2) is not None
    not_due = run_pass(config)
    second = run_pass(config, sources=["courier"])
    after_second = counts(config)

    assert first["pages_new_article"] == 3
    assert after_first["articles"] == 3 and after_first["article_versions"] == 3
    assert after_first["url_aliases"] == 3 and after_first["captures"] == 3
    assert not any(name.startswith(("sources_", "pages_")) for name in not_due)
    assert second.get("pages_new_article", 0) == 0 and second["sources_unchanged"] == 1
    for table in ("articles", "article_versions", "url_aliases", "captures"):
        assert after_second[table] == after_first[table], table
    with session_scope(load_settings(config).database_url) as session:
        runs = session.scalars(select(Run).order_by(Run.id)).all()
        assert [(r.flow_name, r.kind, r.status) for r in runs] == [
            ("ingest", "manual", "completed")
        ] * 3
        assert runs[0].counters["pages_new_article"] == 3
        titles = sorted(v.title or "" for v in session.scalars(select(ArticleVersion)))
        assert titles[0].startswith("Floods reach arden")
        assert all(
            v.extractor_name == "trafilatura" for v in session.scalars(select(ArticleVersion))
        )


@pytest.mark.usefixtures("fresh_extract_pool")
def test_a_pass_of_few_pages_extracts_them_without_starting_processes(
    httpserver: HTTPServer, database_url: str, tmp_path: Path
) -> None:
    items = serve_articles(httpserver, ["arden", "brill"])
    feed_url = serve_feed(httpserver, "/feed.xml", items)
    config = configure(
        tmp_path,
        database_url,
        {"courier": feed_url},
        "[ingest]\nextract_processes = 2\nextract_pool_min_pages = 3\n",
    )

    counters = run_pass(config)

    assert counters["pages_new_article"] == 2
    assert counts(config)["article_versions"] == 2
    assert pool.extract_pool(2) is None


@pytest.mark.usefixtures("fresh_extract_pool")
def test_the_processes_start_once_the_pass_has_enough_pages_over_its_rounds(
    httpserver: HTTPServer, database_url: str, tmp_path: Path
) -> None:
    feeds = {}
    for feed, names in enumerate([["arden", "brill"], ["corran", "dunmore"]]):
        items = serve_articles(httpserver, names)
        feeds[f"feed-{feed}"] = serve_feed(httpserver, f"/feed-{feed}.xml", items)
    # One source per round: two rounds of two pages, three pages call for the processes.
    config = configure(
        tmp_path,
        database_url,
        feeds,
        "[ingest]\nextract_processes = 2\nextract_pool_min_pages = 3\nsources_per_claim = 1\n",
    )

    counters = run_pass(config)

    assert counters["pages_new_article"] == 4
    assert pool.extract_pool(2) is not None


def test_unchanged_feed_costs_one_conditional_request(
    httpserver: HTTPServer, database_url: str, tmp_path: Path
) -> None:
    items = serve_articles(httpserver, ["dunmore"])
    feed = rss_feed(items)

    def feed_with_etag(request: Request) -> Response:
        if request.headers.get("If-None-Match") == '"feed-v1"':
            return Response(status=304, headers={"ETag": '"feed-v1"'})
        return Response(feed, content_type="application/rss+xml", headers={"ETag": '"feed-v1"'})

    httpserver.expect_request("/feed.xml").respond_with_handler(feed_with_etag)
    config = configure(tmp_path, database_url, {"courier": httpserver.url_for("/feed.xml")})

    run_pass(config)
    second = run_pass(config, sources=["courier"])

    log = fetch_outcomes(config, second["run_id"])
    assert log == {httpserver.url_for("/feed.xml"): ("not_modified", None)}
    assert second["sources_not_modified"] == 1


def test_edited_page_adds_a_version_and_typography_noise_does_not(
    httpserver: HTTPServer, database_url: str, tmp_path: Path
) -> None:
    url = httpserver.url_for("/news/harbour")
    paragraphs = story("the harbour fire", 16)
    pages = {
        "v1": article_html("Harbour fire", paragraphs),
        "noise": article_html(
            "Harbour fire",
            [p.replace("'", "\u2019").replace(" ", "  ") + " " for p in paragraphs],
        ),
        "v2": article_html("Harbour fire", [*paragraphs[:2], "Officials now say 18 died."]),
    }
    current: dict[str, Any] = {"page": "v1", "updated": T0}
    httpserver.expect_request("/news/harbour").respond_with_handler(
        lambda request: Response(pages[current["page"]], content_type="text/html")
    )
    httpserver.expect_request("/feed.xml").respond_with_handler(
        lambda request: Response(
            rss_feed([(url, "Harbour fire", current["updated"])]),
            content_type="application/rss+xml",
        )
    )
    config = configure(tmp_path, database_url, {"courier": httpserver.url_for("/feed.xml")})

    run_pass(config)
    current.update(page="noise", updated=datetime.now(UTC) + timedelta(minutes=1))
    noise = run_pass(config, sources=["courier"])
    current.update(page="v2", updated=datetime.now(UTC) + timedelta(minutes=2))
    edit = run_pass(config, sources=["courier"])

    assert noise["pages_unchanged"] == 1
    assert edit["pages_new_version"] == 1
    with session_scope(load_settings(config).database_url) as session:
        article = session.scalar(select(Article))
        assert article is not None and article.latest_version == 2
        versions = article_store.article_versions(session, article.id)
        assert [v.version for v in versions] == [1, 2]
        assert "16 people" in versions[0].text and "18 died" in versions[1].text


def test_every_kind_of_bad_page_is_recorded_and_the_pass_goes_on(
    httpserver: HTTPServer, database_url: str, tmp_path: Path
) -> None:
    good = serve_articles(httpserver, ["elmsford"])
    httpserver.expect_request("/gone").respond_with_data("gone", status=410)
    httpserver.expect_request("/missing").respond_with_data("nope", status=404)
    httpserver.expect_request("/broken").respond_with_data("oops", status=500)
    httpserver.expect_request("/image.html").respond_with_data(
        b"\x89PNG\r\n\x1a\n" + bytes(200), content_type="image/png"
    )
    httpserver.expect_request("/script-only").respond_with_data(
        "<html><body><div id=app></div><script>render()</script></body></html>",
        content_type="text/html",
    )
    httpserver.expect_request("/huge").respond_with_data(
        article_html("Huge", story("a huge page", 3) * 2000), content_type="text/html"
    )

    # The loopback server answers one request at a time: the slow page is released as soon as
    # the pass is over, so that it cannot hold up the next test's feed.
    released = threading.Event()

    def slow(request: Request) -> Response:
        released.wait(2.5)
        return Response(article_html("Slow", story("slowness", 1)), content_type="text/html")

    httpserver.expect_request("/slow").respond_with_handler(slow)
    bad = {
        "/gone": "http_error",
        "/missing": "http_error",
        "/broken": "http_error",
        "/image.html": "not_html",
        "/script-only": "no_text",
        "/huge": "too_large",
        "/slow": "timeout",
    }
    unreachable = {
        "http://127.0.0.1:9/refused": "connect_error",
        "http://no-such-host.invalid/story": "dns_error",
    }
    items = good + [(httpserver.url_for(path), path, T0) for path in bad]
    items += [(url, url, T0) for url in unreachable]
    feed_url = serve_feed(httpserver, "/feed.xml", items)
    config = configure(
        tmp_path,
        database_url,
        {"courier": feed_url},
        extra=EXTRACTION_POOL,  # rejections come back from the extraction processes
        http=SHORT_TIMEOUT_HTTP_SETTINGS,  # "/slow" must time out
    )
    config.write_text(config.read_text().replace("[http]\n", "[http]\nmax_bytes = 200000\n"))

    try:
        result = run_pass(config)
    finally:
        released.set()

    log = fetch_outcomes(config, result["run_id"])
    expected = {httpserver.url_for(path): outcome for path, outcome in bad.items()} | unreachable
    assert {url: log[url][0] for url in expected} == expected
    for url in expected:
        error = log[url][1]
        assert error and url.split("/")[-1] in error, (url, error)
    assert result["pages_new_article"] == 1
    assert result["pages_http_error"] == 3
    with session_scope(load_settings(config).database_url) as session:
        assert session.scalar(select(Run.status)) == "completed"
        assert len(session.scalars(select(Article)).all()) == 1


def test_failing_sources_record_health_back_off_and_do_not_stop_others(
    httpserver: HTTPServer, database_url: str, tmp_path: Path
) -> None:
    items = serve_articles(httpserver, ["fennick"])
    httpserver.expect_request("/good.xml").respond_with_data(rss_feed(items))
    httpserver.expect_request("/bad.xml").respond_with_data("<rss><channel><item>", status=200)
    httpserver.expect_request("/error.xml").respond_with_data("down", status=500)
    httpserver.expect_request("/empty.xml").respond_with_data(rss_feed([]))
    feeds = {
        "good": httpserver.url_for("/good.xml"),
        "malformed": httpserver.url_for("/bad.xml"),
        "erroring": httpserver.url_for("/error.xml"),
        "empty": httpserver.url_for("/empty.xml"),
        "refused": "http://127.0.0.1:9/feed.xml",
    }
    config = configure(tmp_path, database_url, feeds)

    first = run_pass(config)
    failing = ["malformed", "erroring", "refused"]
    run_pass(config, sources=failing)

    assert first["pages_new_article"] == 1
    with session_scope(load_settings(config).database_url) as session:
        health = {s.name: s for s in session.scalars(select(Source))}
    assert health["good"].last_status == "ok" and health["good"].consecutive_failures == 0
    assert health["empty"].last_status == "ok" and health["empty"].last_error is None
    for name in failing:
        source = health[name]
        assert source.consecutive_failures == 2, name
        assert source.last_error and feeds[name] in source.last_error, source.last_error
        assert source.next_poll_at is not None and source.last_polled_at is not None
        backoff = source.next_poll_at - source.last_polled_at
        assert backoff >= timedelta(seconds=4 * 900 - 5), (name, backoff)
    assert health["malformed"].last_status == "bad_feed"
    assert health["erroring"].last_status == "http_error"
    assert health["refused"].last_status == "connect_error"
