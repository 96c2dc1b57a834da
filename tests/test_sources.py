"""`claimledger sources add|edit|remove` (issue 15 point 3) through the console entry point, on
SQLite and PostgreSQL, against a real loopback HTTP server: what the one check of a new URL
says, what an edit changes, and what stays of a removed source (its articles, everywhere they
are read) while it is not polled and does not come back from the configuration unannounced."""

from __future__ import annotations

import json
import socket
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from pytest_httpserver import HTTPServer

from claimledger.web import create_app
from tests.conftest import CliMain, Exited, write_config
from tests.pages import article_html, rss_feed, story
from tests.web_support import serving

PUBLISHED = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def sources_by_name(cli_main: CliMain, config: Path) -> dict[str, dict[str, Any]]:
    listed = cli_main("--config", config, "sources", "list", "--json")
    assert listed.code == 0, listed
    return {source["name"]: source for source in json.loads(listed.stdout)}


def sources_list(cli_main: CliMain, config: Path) -> Exited:
    return cli_main("--config", config, "sources", "list", "--json")


def serve_feed(httpserver: HTTPServer, path: str, topics: list[str]) -> str:
    """An RSS feed at `path` listing one served article per topic; returns the feed URL."""
    items = []
    for number, topic in enumerate(topics, start=1):
        page = f"/news/{topic}.html"
        httpserver.expect_request(page).respond_with_data(
            article_html(f"Floods hit {topic}", story(topic, number)), content_type="text/html"
        )
        items.append((httpserver.url_for(page), f"Floods hit {topic}", PUBLISHED))
    httpserver.expect_request(path).respond_with_data(
        rss_feed(items), content_type="application/rss+xml"
    )
    return httpserver.url_for(path)


def test_sources_add_checks_the_url_once_and_adds_it_whatever_it_found(
    database_url: str, tmp_path: Path, httpserver: HTTPServer, cli_main: CliMain
) -> None:
    feed = serve_feed(httpserver, "/feed.xml", ["valley", "coast", "delta"])
    httpserver.expect_request("/list.txt").respond_with_data(
        "# two URLs\nhttps://a.example.org/1\nhttps://a.example.org/2\n", content_type="text/plain"
    )
    httpserver.expect_request("/missing.xml").respond_with_data("gone", status=404)
    httpserver.expect_request("/page.html").respond_with_data(
        article_html("Not a feed", story("hills", 1)), content_type="text/html; charset=utf-8"
    )
    down = f"http://127.0.0.1:{closed_port()}/feed.xml"
    config = write_config(tmp_path, database_url)

    added = {
        "feed": cli_main("--config", config, "sources", "add", "feed", feed),
        "list": cli_main(
            "--config", config, "sources", "add", "list", httpserver.url_for("/list.txt"),
            "--kind", "urls",
        ),
        "missing": cli_main(
            "--config", config, "sources", "add", "missing", httpserver.url_for("/missing.xml")
        ),
        "page": cli_main(
            "--config", config, "sources", "add", "page", httpserver.url_for("/page.html")
        ),
        "down": cli_main("--config", config, "sources", "add", "down", down),
    }  # fmt: skip

    assert all(exited.code == 0 for exited in added.values()), added
    assert added["feed"].stdout.splitlines() == [
        f"added source 'feed': {feed}",
        "feed with 3 entries",
    ]
    assert added["feed"].stderr == ""
    assert added["list"].stdout.splitlines()[-1] == "URL list with 2 URLs"
    assert added["missing"].stderr.splitlines() == [
        "warning: HTTP 404 (added anyway; will be retried)"
    ]
    assert added["page"].stderr.splitlines() == [
        "warning: not a feed: text/html page (added anyway; will be retried)"
    ]
    (unreachable,) = added["down"].stderr.splitlines()
    assert unreachable.startswith("warning: unreachable: connection failed (")
    assert unreachable.endswith("(added anyway; will be retried)")
    assert set(sources_by_name(cli_main, config)) == set(added)
    checks = [
        request
        for request, _ in httpserver.log
        if request.path in ("/feed.xml", "/list.txt", "/missing.xml", "/page.html")
    ]
    assert len(checks) == 4, "each URL is fetched once"


def test_sources_edit_changes_url_kind_and_interval(
    database_url: str, tmp_path: Path, httpserver: HTTPServer, cli_main: CliMain
) -> None:
    first = serve_feed(httpserver, "/first.xml", ["valley"])
    second = serve_feed(httpserver, "/second.xml", ["coast", "delta"])
    config = write_config(tmp_path, database_url)
    assert cli_main("--config", config, "sources", "add", "courier", first).code == 0
    assert cli_main("--config", config, "sources", "add", "other", first + "?x=1").code == 0

    moved = cli_main("--config", config, "sources", "edit", "courier", "--url", second)
    slower = cli_main("--config", config, "sources", "edit", "courier", "--interval", "2h")
    polled = cli_main("--config", config, "ingest", "--once", "--source", "courier", "--json")
    after_poll = sources_by_name(cli_main, config)["courier"]
    faster = cli_main("--config", config, "sources", "edit", "courier", "--interval", "10m")
    after_faster = sources_by_name(cli_main, config)["courier"]
    default = cli_main("--config", config, "sources", "edit", "courier", "--interval", "default")
    as_list = cli_main("--config", config, "sources", "edit", "courier", "--kind", "urls")
    taken = cli_main("--config", config, "sources", "edit", "other", "--url", second)
    nothing = cli_main("--config", config, "sources", "edit", "courier")
    bad_interval = cli_main("--config", config, "sources", "edit", "courier", "--interval", "soon")
    unknown = cli_main("--config", config, "sources", "edit", "nobody", "--interval", "1h")

    assert moved.code == 0 and moved.stdout.splitlines() == [
        f"source 'courier': url {first} -> {second}",
        "feed with 2 entries",
    ]
    assert slower.stdout.strip() == "source 'courier': interval 15m (default) -> 2h"
    assert polled.code == 0 and json.loads(polled.stdout)["pages_new_article"] == 2
    polled_at = datetime.fromisoformat(after_poll["last_polled_at"])
    next_poll = datetime.fromisoformat(after_poll["next_poll_at"])
    assert after_poll["poll_interval"] == 7200
    assert next_poll - polled_at == timedelta(hours=2), "polled on its own interval"
    assert faster.stdout.strip() == "source 'courier': interval 2h -> 10m"
    shortened = datetime.fromisoformat(after_faster["next_poll_at"])
    assert shortened - polled_at <= timedelta(minutes=11), "a shorter interval applies at once"
    assert default.stdout.strip() == "source 'courier': interval 10m -> 15m (default)"
    assert as_list.code == 0 and as_list.stdout.splitlines()[0] == (
        "source 'courier': kind rss -> urls"
    )
    assert "warning: not a URL list: application/rss+xml page" in as_list.stderr
    courier = sources_by_name(cli_main, config)["courier"]
    assert (courier["url"], courier["kind"], courier["poll_interval"]) == (second, "urls", 900)
    assert courier["next_poll_at"] is None, "a new kind is polled from scratch at the next pass"
    assert taken.assert_one_line_error(1, "error:") == (
        f"error: source 'courier' ({second}) is already registered"
    )
    assert "nothing to change" in nothing.assert_one_line_error(2, "error:")
    assert "interval must be a duration" in bad_interval.assert_one_line_error(2, "error:")
    assert unknown.assert_one_line_error(1, "error:") == "error: no source named 'nobody'"


def test_a_removed_source_keeps_its_articles_and_stays_removed(
    database_url: str,
    tmp_path: Path,
    httpserver: HTTPServer,
    cli_main: CliMain,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A source of the configuration file, ingested, then removed: its articles are read as
    before (articles, claims, exports, web pages); passes do not poll it and say why; `sources
    add` with its name brings it back."""
    feed = serve_feed(httpserver, "/world.xml", ["valley", "coast"])
    config = write_config(tmp_path, database_url, f'[[sources]]\nname = "world"\nurl = "{feed}"\n')
    assert cli_main("--config", config, "ingest", "--once").code == 0
    feed_requests = sum(request.path == "/world.xml" for request, _ in httpserver.log)

    removed = cli_main("--config", config, "sources", "remove", "world")
    again = cli_main("--config", config, "sources", "remove", "world")
    with caplog.at_level("WARNING"):
        next_pass = cli_main("--config", config, "ingest", "--once", "--json")
    listed = sources_list(cli_main, config)
    named = cli_main("--config", config, "ingest", "--once", "--source", "world")
    enable = cli_main("--config", config, "sources", "enable", "world")
    articles = cli_main("--config", config, "articles", "list", "--source", "world", "--json")
    coast = httpserver.url_for("/news/coast.html")
    shown = cli_main("--config", config, "articles", "show", coast, "--json")
    claims = cli_main("--config", config, "claims", "list", "--json")
    export = cli_main("--config", config, "export", "articles", "--source", "world", "-f", "jsonl")
    with serving(create_app(database_url)) as site:
        source_page = httpx.get(f"{site}/sources/world", timeout=10)
        sources_page = httpx.get(f"{site}/sources", timeout=10)
        articles_page = httpx.get(f"{site}/articles", params={"source": "world"}, timeout=10)

    assert removed.code == 0
    assert removed.stdout.strip() == "removed source 'world': no longer polled; its 2 articles stay"
    assert "it stays removed" in removed.stderr
    assert again.code == 0 and "was removed already" in again.stdout
    warning = "source 'world' of the configuration was removed on "
    assert next_pass.code == 0 and warning in caplog.text, "the pass logs it"
    assert f"warning: {warning}" in listed.stderr
    assert json.loads(next_pass.stdout).get("pages_new_article", 0) == 0
    assert named.code == 1 and "no enabled source named 'world'" in named.stderr
    assert sum(request.path == "/world.xml" for request, _ in httpserver.log) == feed_requests
    assert "was removed; 'claimledger sources add world URL' brings it back" in enable.stderr
    assert json.loads(listed.stdout) == []
    assert [article["source"] for article in json.loads(articles.stdout)] == ["world", "world"]
    assert shown.code == 0 and json.loads(shown.stdout)["versions"][0]["title"] == (
        "Floods hit coast"
    )
    assert len(json.loads(claims.stdout)) > 0
    assert [json.loads(line)["source"] for line in export.stdout.splitlines()] == ["world"] * 2
    assert source_page.status_code == 200 and "Removed" in source_page.text
    assert "/sources/world" not in sources_page.text
    assert articles_page.text.count("Floods hit") == 2

    back = cli_main("--config", config, "sources", "add", "world", feed)

    assert back.code == 0 and back.stdout.splitlines()[0].startswith(
        "brought back source 'world' (removed on "
    )
    assert sources_by_name(cli_main, config)["world"]["enabled"] is True
    caplog.clear()
    with caplog.at_level("WARNING"):
        after = cli_main("--config", config, "ingest", "--once", "--json")
    assert after.code == 0 and warning not in caplog.text
    recount = cli_main("--config", config, "articles", "list", "--source", "world", "--json")
    assert len(json.loads(recount.stdout)) == 2
