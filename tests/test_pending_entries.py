"""Entries tracked until stored or refused for good: retries of temporary page failures, with
back-off and a cap, through the real ingest flow on a loopback server, SQLite and PostgreSQL."""

from __future__ import annotations

import json
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from sqlalchemy import select
from werkzeug import Request, Response

from claimledger import common, page_ingest, polling
from claimledger.settings import Settings, load_settings
from flows.ingest import ingest
from intake.http import Fetcher, FetchOutcome
from storage.db import session_scope, upgrade
from storage.models import Article, FetchLog, PendingEntry
from tests.conftest import SHORT_TIMEOUT_HTTP_SETTINGS, CliMain, write_config
from tests.pages import article_html, rss_feed, story

pytestmark = pytest.mark.usefixtures("prefect_server")

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


def failing_first(httpserver: HTTPServer, path: str, body: str, how: str) -> None:
    """A page that fails its first request (`how`: "slow" past the read timeout, or "500")
    and answers every later one."""
    calls = Counter[str]()

    def handler(request: Request) -> Response:
        calls[path] += 1
        if calls[path] == 1:
            if how == "slow":
                time.sleep(1.6)
            else:
                return Response("busy", status=500)
        return Response(body, content_type="text/html; charset=utf-8")

    httpserver.expect_request(path).respond_with_handler(handler)


def serve_site(httpserver: HTTPServer) -> dict[str, str]:
    """Ten pages: five answer, two time out once, two fail with 500 once, one is 404, and one
    more always fails with 503. Returns each URL's kind."""
    kinds = {}
    items = []
    plan = ["ok"] * 5 + ["slow", "slow", "500", "500", "404", "always-503"]
    for index, how in enumerate(plan):
        path = f"/news/{index}-{how}"
        body = article_html(f"Storm {index} hits the coast", story(f"storm {index}", 20 + index))
        if how == "ok":
            httpserver.expect_request(path).respond_with_data(
                body, content_type="text/html; charset=utf-8"
            )
        elif how == "404":
            httpserver.expect_request(path).respond_with_data("no such page", status=404)
        elif how == "always-503":
            httpserver.expect_request(path).respond_with_data("down", status=503)
        else:
            failing_first(httpserver, path, body, how)
        url = httpserver.url_for(path)
        kinds[url] = how
        items.append((url, f"Storm {index}", T0 + timedelta(hours=index)))
    httpserver.expect_request("/feed.xml").respond_with_data(
        rss_feed(items), content_type="application/rss+xml"
    )
    return kinds


def pages_fetched(database_url: str, run_id: int) -> set[str]:
    with session_scope(database_url) as session:
        return set(
            session.scalars(
                select(FetchLog.url).where(FetchLog.run_id == run_id, FetchLog.purpose == "page")
            )
        )


def tracked(database_url: str) -> dict[str, tuple[str, int, str | None]]:
    with session_scope(database_url) as session:
        return {
            row.url: (row.status, row.attempts, row.last_error)
            for row in session.scalars(select(PendingEntry))
        }


def test_temporary_failures_are_retried_while_the_feed_is_unchanged_until_the_cap(
    httpserver: HTTPServer, database_url: str, tmp_path: Path, cli_main: CliMain
) -> None:
    kinds = serve_site(httpserver)
    source = f'[[sources]]\nname = "coast"\nurl = "{httpserver.url_for("/feed.xml")}"\n'
    config = write_config(
        tmp_path,
        database_url,
        f"[ingest]\nretry_after = 0\nmax_attempts = 2\n\n{source}",
        http=SHORT_TIMEOUT_HTTP_SETTINGS,  # the slow pages must time out
    )
    by_kind = {how: {url for url, k in kinds.items() if k == how} for how in set(kinds.values())}
    temporary = by_kind["slow"] | by_kind["500"]

    first = ingest(kind="manual", config_path=str(config))
    after_first = tracked(database_url)
    # The feed is unchanged and the source not due by its schedule: only the retries make it due.
    second = ingest(kind="manual", config_path=str(config))
    third = ingest(kind="manual", config_path=str(config))

    assert first["pages_new_article"] == 5
    assert first["entries_pending"] == 5 and first["entries_abandoned"] == 1
    assert {url: state[:2] for url, state in after_first.items()} == {
        **{url: ("pending", 1) for url in temporary | by_kind["always-503"]},
        **{url: ("abandoned", 1) for url in by_kind["404"]},
    }
    assert second["sources_unchanged"] == 1 and second["entries_retried"] == 5
    assert pages_fetched(database_url, second["run_id"]) == temporary | by_kind["always-503"]
    assert second["pages_new_article"] == 4 and second["entries_abandoned"] == 1
    assert not any(name.startswith(("sources_", "pages_", "entries_")) for name in third)
    with session_scope(database_url) as session:
        stored = set(session.scalars(select(Article.canonical_url)))
    assert stored == by_kind["ok"] | temporary
    final = tracked(database_url)
    assert set(final) == by_kind["404"] | by_kind["always-503"]
    (gone,) = by_kind["404"]
    (down,) = by_kind["always-503"]
    assert final[gone][0] == "abandoned" and "404" in (final[gone][2] or "")
    assert final[down][:2] == ("abandoned", 2)
    down_error = final[down][2] or ""
    assert down_error.startswith("gave up after 2 attempts") and "503" in down_error

    listed = cli_main("--config", config, "entries", "list", "--abandoned", "--json")
    assert listed.code in (0, None), listed
    assert {entry["url"] for entry in json.loads(listed.stdout)} == {gone, down}
    assert (
        json.loads(cli_main("--config", config, "entries", "list", "--pending", "--json").stdout)
        == []
    )
    sources = json.loads(cli_main("--config", config, "sources", "list", "--json").stdout)
    assert (sources[0]["entries_pending"], sources[0]["entries_abandoned"]) == (0, 2)
    status = json.loads(cli_main("--config", config, "status", "--json").stdout)
    assert status["entries"] == {"pending": 0, "abandoned": 2}


def settings_for(tmp_path: Path, database_url: str, feed_url: str, extra: str) -> Settings:
    source = f'[[sources]]\nname = "coast"\nurl = "{feed_url}"\n'
    settings = load_settings(write_config(tmp_path, database_url, f"{extra}\n{source}"))
    upgrade(settings.database_url)
    polling.sync_configured_sources(settings)
    return settings


def plain_pass(settings: Settings, names: list[str] | None = None) -> Counter[str]:
    """The ingest flow's steps without Prefect: claim or name sources, poll, fetch, store."""
    counters: Counter[str] = Counter()
    with Fetcher(settings.http) as fetcher:
        source_ids = (
            polling.due_source_ids(settings, names)
            if names
            else polling.due_source_ids(settings, due_at=common.utcnow())
        )
        polls = [
            polling.poll_source(settings, source_id, None, fetcher, named=bool(names))
            for source_id in source_ids
        ]
        for poll in polls:
            counters.update(poll.counters)
        counters.update(
            page_ingest.ingest_pages(settings, polling.plan_page_jobs(polls), None, fetcher)
        )
    polling.save_validators(settings, polls)
    return counters


def test_a_pending_entry_waits_for_its_back_off_unless_its_source_is_named(
    httpserver: HTTPServer, database_url: str, tmp_path: Path
) -> None:
    body = article_html("Tide rises", story("the tide", 7))
    failing_first(httpserver, "/news/tide", body, "500")
    url = httpserver.url_for("/news/tide")
    httpserver.expect_request("/feed.xml").respond_with_data(
        rss_feed([(url, "Tide", T0)]), content_type="application/rss+xml"
    )
    settings = settings_for(
        tmp_path, database_url, httpserver.url_for("/feed.xml"), "[ingest]\nretry_after = 600\n"
    )

    started = common.utcnow()
    first = plain_pass(settings)
    with session_scope(settings.database_url) as session:
        entry = session.scalars(select(PendingEntry)).one()
        next_try = entry.next_try_at
    not_yet = plain_pass(settings)
    named = plain_pass(settings, ["coast"])

    assert first["entries_pending"] == 1
    assert timedelta(seconds=595) < next_try - started < timedelta(seconds=700)
    assert not_yet == Counter()
    assert named["entries_retried"] == 1 and named["pages_new_article"] == 1
    assert tracked(settings.database_url) == {}


@pytest.mark.parametrize(
    ("outcome", "status", "passes"),
    [
        (FetchOutcome.TIMEOUT, None, True),
        (FetchOutcome.CONNECT_ERROR, None, True),
        (FetchOutcome.DEFERRED, None, True),
        (FetchOutcome.HTTP_ERROR, 500, True),
        (FetchOutcome.HTTP_ERROR, 503, True),
        (FetchOutcome.HTTP_ERROR, 429, True),
        (FetchOutcome.HTTP_ERROR, 404, False),
        (FetchOutcome.HTTP_ERROR, 410, False),
        (FetchOutcome.HTTP_ERROR, 403, False),
        (FetchOutcome.ROBOTS_DISALLOWED, None, False),
        (FetchOutcome.BLOCKED_ADDRESS, None, False),
        ("not_html", None, False),
        ("no_text", None, False),
    ],
)
def test_which_failures_may_pass(outcome: str, status: int | None, passes: bool) -> None:
    assert page_ingest.may_pass(outcome, status) is passes


# --- the per-source cap keeps the newest entries, and the rest for later passes ---------------


def test_an_oldest_first_feed_is_stored_newest_first_over_passes_within_the_cap(
    httpserver: HTTPServer, database_url: str, tmp_path: Path
) -> None:
    items = []
    for index in range(12):  # oldest first, as some feeds and most archives list
        path = f"/news/{index}"
        httpserver.expect_request(path).respond_with_data(
            article_html(f"Harvest report {index}", story(f"harvest {index}", 30 + index)),
            content_type="text/html; charset=utf-8",
        )
        items.append((httpserver.url_for(path), f"Harvest {index}", T0 + timedelta(days=index)))
    httpserver.expect_request("/feed.xml").respond_with_data(
        rss_feed(items), content_type="application/rss+xml"
    )
    source = f'[[sources]]\nname = "harvest"\nurl = "{httpserver.url_for("/feed.xml")}"\n'
    config = write_config(
        tmp_path, database_url, f"[ingest]\nmax_entries_per_source = 5\n\n{source}"
    )
    urls = [url for url, _title, _when in items]

    stored_after = []
    runs = []
    for _ in range(4):  # the feed never changes: pending entries make the source due
        runs.append(ingest(kind="manual", config_path=str(config)))
        with session_scope(database_url) as session:
            stored_after.append(set(session.scalars(select(Article.canonical_url))))

    assert stored_after[0] == set(urls[7:])
    assert runs[0]["entries_beyond_cap"] == 7
    assert stored_after[1] == set(urls[2:]) and runs[1]["sources_unchanged"] == 1
    assert stored_after[2] == set(urls)
    assert not any(key.startswith(("pages_", "sources_")) for key in runs[3])
    assert tracked(database_url) == {}


def test_an_undated_list_is_taken_in_file_order_and_the_rest_waits(
    httpserver: HTTPServer, database_url: str, tmp_path: Path
) -> None:
    urls = []
    for index in range(4):
        path = f"/list/{index}"
        httpserver.expect_request(path).respond_with_data(
            article_html(f"Rainfall note {index}", story(f"rainfall {index}", 40 + index)),
            content_type="text/html; charset=utf-8",
        )
        urls.append(httpserver.url_for(path))
    httpserver.expect_request("/urls.txt").respond_with_data("\n".join(urls))
    source = (
        f'[[sources]]\nname = "rain"\nurl = "{httpserver.url_for("/urls.txt")}"\nkind = "urls"\n'
    )
    settings = load_settings(
        write_config(tmp_path, database_url, f"[ingest]\nmax_entries_per_source = 3\n\n{source}")
    )
    upgrade(settings.database_url)
    polling.sync_configured_sources(settings)

    first = plain_pass(settings)
    waiting = tracked(settings.database_url)
    second = plain_pass(settings)

    assert first["pages_new_article"] == 3 and first["entries_beyond_cap"] == 1
    assert waiting == {urls[3]: ("pending", 0, None)}
    assert second["entries_retried"] == 1 and second["pages_new_article"] == 1
    assert tracked(settings.database_url) == {}


def dated_feed(count: int, oldest_first: bool) -> bytes:
    days = range(count) if oldest_first else range(count - 1, -1, -1)
    items = "".join(
        f"<item><link>https://news.example.org/{day}</link>"
        f"<pubDate>{(T0 + timedelta(minutes=day)).strftime('%a, %d %b %Y %H:%M:%S +0000')}"
        "</pubDate></item>"
        for day in days
    )
    head = '<?xml version="1.0"?><rss version="2.0"><channel><title>Long</title>'
    return f"{head}{items}</channel></rss>".encode()


@pytest.mark.parametrize("oldest_first", [True, False])
def test_a_feed_past_the_entry_cut_is_read_from_its_newest_end(oldest_first: bool) -> None:
    from intake.feeds import MAX_FEED_ENTRIES, parse_feed

    total = MAX_FEED_ENTRIES + 50
    feed = parse_feed(dated_feed(total, oldest_first), "https://news.example.org/feed.xml")

    urls = {entry.url for entry in feed.entries}
    assert len(feed.entries) == MAX_FEED_ENTRIES
    assert f"https://news.example.org/{total - 1}" in urls
    assert "https://news.example.org/49" not in urls and "https://news.example.org/50" in urls
