"""Backfills end to end: WARC archives, sitemaps and URL lists through the real CLI and flow.

WARC files are written here with warcio; sitemaps and pages are served by a loopback HTTP
server. Each test runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import gzip
import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import DeploymentFilter, DeploymentFilterId
from pytest_httpserver import HTTPServer
from sqlalchemy import select
from typer.testing import CliRunner, Result
from werkzeug import Response

from claimledger.cli import app
from claimledger.errors import ClaimledgerError
from claimledger.settings import load_settings
from flows.serve import backfill_deployment
from intake.sitemaps import parse_sitemap
from storage import article_store
from storage.db import session_scope
from storage.models import Article, ArticleVersion, Backfill, FetchLog, Source
from tests.conftest import write_config
from tests.pages import article_html, rss_feed, story
from tests.warcs import Capture, write_warc

pytestmark = pytest.mark.usefixtures("prefect_server")

SITE = "https://news.example.org"
T0 = datetime(2026, 3, 1, 6, 0, tzinfo=UTC)
WINDOW = ("--since", "2026-03-01", "--until", "2026-03-07")
runner = CliRunner()


def invoke(config: Path, *args: str, exit_code: int = 0) -> Result:
    result = runner.invoke(app, ["--config", str(config), *args])
    assert result.exit_code == exit_code, (
        f"claimledger {' '.join(args)} exited {result.exit_code}\n{result.output}\n"
        f"{result.exception!r}"
    )
    return result


def invoke_json(config: Path, *args: str, exit_code: int = 0) -> Any:
    return json.loads(invoke(config, *args, "--json", exit_code=exit_code).stdout)


def configure(tmp_path: Path, database_url: str, extra: str = "") -> Path:
    """Test settings, small chunks, and a source whose site is news.example.org."""
    return write_config(
        tmp_path,
        database_url,
        "[backfill]\nwarc_chunk_records = 100\nurls_per_chunk = 2\nchunks_per_run = 2\n"
        f"{extra}\n"
        f'[[sources]]\nname = "courier"\nurl = "{SITE}/feed.xml"\nkind = "rss"\n',
    )


def page(slug: str, number: int, *, edit: str | None = None) -> bytes:
    paragraphs = story(f"the {slug} floods", number)
    return article_html(f"Floods in {slug}", [*paragraphs, *([edit] if edit else [])]).encode()


def archive_captures() -> list[Capture]:
    """100 articles in the window, then duplicates, non-HTML bodies, old captures, other hosts."""
    articles = [
        Capture(f"{SITE}/world/story-{n}", T0 + timedelta(hours=n % 120), page(f"town{n}", n))
        for n in range(100)
    ]
    duplicates = [
        Capture(c.url, c.when + timedelta(minutes=30), c.body, request=False) for c in articles[:30]
    ]
    not_html = [
        Capture(f"{SITE}/img/{n}.png", T0, b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png")
        for n in range(20)
    ] + [
        Capture(f"{SITE}/api/{n}.json", T0, b'{"ok": true}', "application/json") for n in range(10)
    ]
    outside = [
        Capture(f"{SITE}/world/old-{n}", T0 - timedelta(days=40), page(f"old{n}", n))
        for n in range(30)
    ]
    elsewhere = [
        Capture(f"https://elsewhere.example.com/story-{n}", T0, page(f"far{n}", n))
        for n in range(20)
    ]
    captures = articles + duplicates + not_html + outside + elsewhere
    random.Random(7).shuffle(captures)  # crawl order, not sorted by kind
    return captures


def counts(config: Path) -> dict[str, int]:
    with session_scope(load_settings(config).database_url) as session:
        return article_store.table_counts(session)


def test_warc_backfill_keeps_in_window_html_of_the_source_and_a_rerun_adds_nothing(
    database_url: str, tmp_path: Path
) -> None:
    warc = write_warc(tmp_path / "CC-NEWS-test.warc.gz", archive_captures())
    config = configure(tmp_path, database_url)
    args = ("backfill", "--warc", str(warc), "--source", "courier", *WINDOW)

    plan = invoke_json(config, *args, "--dry-run")
    first = invoke_json(config, *args)
    after_first = counts(config)
    again = invoke_json(config, *args)

    # warcinfo + 180 requests + 210 responses = 391 records, 100 a chunk; 130 wanted responses.
    assert len(plan) == 4 and sum(chunk["items"] for chunk in plan) == 130
    assert {chunk["status"] for chunk in plan} == {"new"}
    assert first["chunks_done"] == 4 and "chunks_failed" not in first
    assert first["pages_new_article"] == 100 and first["pages_unchanged"] == 30
    assert first["warc_skipped_not_html"] == 30
    assert first["warc_skipped_outside_window"] == 30
    assert first["warc_skipped_other_host"] == 20
    assert first["warc_skipped_not_response"] == 181
    assert first["claim_sets_new"] == 100
    assert after_first["articles"] == after_first["article_versions"] == 100
    assert after_first["captures"] == 100
    assert "chunks_done" not in again and again.get("pages_new_article", 0) == 0
    assert counts(config) | {"runs": 0, "fetch_log": 0} == after_first | {
        "runs": 0,
        "fetch_log": 0,
    }
    with session_scope(load_settings(config).database_url) as session:
        courier = session.scalar(select(Source.id).where(Source.name == "courier"))
        assert set(session.scalars(select(Article.source_id))) == {courier}
        log = session.execute(select(FetchLog.purpose, FetchLog.elapsed_ms)).all()
        assert {purpose for purpose, _ in log} == {"warc"} and len(log) == 130
        assert {elapsed for _, elapsed in log} == {0.0}
        fetched = session.scalars(
            select(ArticleVersion.fetched_at).where(ArticleVersion.url == f"{SITE}/world/story-90")
        ).all()
        assert fetched == [T0 + timedelta(hours=90)]  # the capture's WARC-Date, not now
    status = invoke_json(config, "backfill", "status")
    assert [(s["status"], s["chunks"]["done"], s["items"]) for s in status] == [("done", 4, 130)]
    assert status[0]["parameters"]["warcs"] == [str(warc)]
    assert status[0]["parameters"]["sources"] == ["courier"]


def test_an_older_archived_capture_becomes_an_earlier_version(
    database_url: str, tmp_path: Path
) -> None:
    url = f"{SITE}/world/harbour"
    edited = page("harbour", 12, edit="Officials later said 18 people had died.")
    newer = write_warc(tmp_path / "newer.warc.gz", [Capture(url, T0 + timedelta(days=3), edited)])
    older = write_warc(
        tmp_path / "older.warc.gz",
        [
            Capture(url, T0 + timedelta(days=1), page("harbour", 12)),
            Capture(url, T0 + timedelta(days=2), edited),  # same text as the newer capture
        ],
    )
    config = configure(tmp_path, database_url)

    invoke_json(config, "backfill", "--warc", str(newer))
    second = invoke_json(config, "backfill", "--warc", str(older))

    assert second["pages_new_version"] == 1 and second["pages_unchanged"] == 1
    with session_scope(load_settings(config).database_url) as session:
        article = session.scalar(select(Article))
        assert article is not None and article.latest_version == 1
        versions = article_store.article_versions(session, article.id)
        by_time = sorted(versions, key=lambda v: v.fetched_at)
        assert [(v.version, v.fetched_at.day) for v in by_time] == [(2, 2), (1, 4)]
        assert "18 people" not in by_time[0].text and "18 people" in by_time[1].text


def serve_sitemaps(httpserver: HTTPServer) -> dict[str, str]:
    """An index with a news sitemap, a gzipped monthly sitemap, and an old one never needed."""
    urls = {slug: httpserver.url_for(f"/news/{slug}") for slug in "abcdefg"}
    for number, slug in enumerate(urls):
        httpserver.expect_request(f"/news/{slug}").respond_with_data(
            page(slug, number), content_type="text/html"
        )
    news = f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc>{urls["a"]}</loc><news:news><news:publication_date>2026-03-02T08:00:00+00:00
  </news:publication_date></news:news></url>
  <url><loc>{urls["b"]}</loc><news:news><news:publication_date>2026-03-02T09:30:00Z
  </news:publication_date></news:news></url>
  <url><loc>{urls["c"]}</loc><lastmod>2026-03-09</lastmod>
    <news:news><news:publication_date>2026-03-03</news:publication_date></news:news></url>
  <url><loc>{urls["d"]}</loc><news:news><news:publication_date>2026-02-10
  </news:publication_date></news:news></url>
</urlset>"""
    monthly = f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>{urls["b"]}?utm_source=sitemap</loc><lastmod>2026-03-02</lastmod></url>
  <url><loc>{urls["e"]}</loc><lastmod>2026-03-05T10:00:00+02:00</lastmod></url>
  <url><loc>{urls["f"]}</loc><lastmod>2026-03-08</lastmod></url>
  <url><loc>{urls["g"]}</loc></url>
</urlset>"""
    index = f"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>{httpserver.url_for("/sitemap-news.xml")}</loc></sitemap>
  <sitemap><loc>/sitemap-2026-03.xml.gz</loc><lastmod>2026-03-06</lastmod></sitemap>
  <sitemap><loc>/sitemap-2025-12.xml</loc><lastmod>2025-12-31</lastmod></sitemap>
</sitemapindex>"""
    httpserver.expect_request("/sitemap.xml").respond_with_data(index, content_type="text/xml")
    httpserver.expect_request("/sitemap-news.xml").respond_with_data(news)
    httpserver.expect_request("/sitemap-2026-03.xml.gz").respond_with_data(
        gzip.compress(monthly.encode()), content_type="application/x-gzip"
    )
    return urls


def test_sitemap_index_backfill_reads_children_in_the_window_by_day(
    httpserver: HTTPServer, database_url: str, tmp_path: Path
) -> None:
    urls = serve_sitemaps(httpserver)
    config = configure(tmp_path, database_url)
    args = ("backfill", "--sitemap", httpserver.url_for("/sitemap.xml"), *WINDOW)

    plan = invoke_json(config, *args, "--dry-run")
    result = invoke_json(config, *args)

    labels = [chunk["label"].rsplit(" ", 1)[-1] for chunk in plan]
    assert labels == ["2026-03-02", "2026-03-03", "2026-03-05"]
    assert [chunk["items"] for chunk in plan] == [2, 1, 1]
    assert result["pages_new_article"] == 4 and result["chunks_done"] == 3
    requested = {request.path for request, _ in httpserver.log}
    assert "/sitemap-2025-12.xml" not in requested  # last modified before the window
    assert {f"/news/{slug}" for slug in "abce"} <= requested
    assert not {f"/news/{slug}" for slug in "dfg"} & requested
    with session_scope(load_settings(config).database_url) as session:
        stored = set(session.scalars(select(Article.canonical_url)))
        purposes = set(session.scalars(select(FetchLog.purpose)))
    assert stored == {urls[slug] for slug in "abce"}
    assert {"sitemap", "page"} <= purposes


def test_source_backfill_fetches_the_feed_entries_dated_in_the_window(
    httpserver: HTTPServer, database_url: str, tmp_path: Path
) -> None:
    dates = {"a": T0, "b": T0 + timedelta(days=2), "c": T0 - timedelta(days=9)}
    items = []
    for number, (slug, when) in enumerate(dates.items()):
        httpserver.expect_request(f"/news/{slug}").respond_with_data(
            page(slug, number), content_type="text/html"
        )
        items.append((httpserver.url_for(f"/news/{slug}"), f"Floods in {slug}", when))
    httpserver.expect_request("/wire.xml").respond_with_data(rss_feed(items))
    config = write_config(
        tmp_path,
        database_url,
        f'[[sources]]\nname = "wire"\nurl = "{httpserver.url_for("/wire.xml")}"\nkind = "rss"\n',
    )

    result = invoke_json(config, "backfill", "--source", "wire", *WINDOW)

    assert result["pages_new_article"] == 2 and result["chunks_done"] == 2
    requested = {request.path for request, _ in httpserver.log}
    assert requested == {"/wire.xml", "/news/a", "/news/b"}
    with session_scope(load_settings(config).database_url) as session:
        wire = session.scalar(select(Source).where(Source.name == "wire"))
        assert wire is not None and wire.last_polled_at is None  # its poll state is untouched
        assert set(session.scalars(select(Article.source_id))) == {wire.id}


def test_sitemap_parsing_refuses_entities_and_reads_gzip() -> None:
    bomb = b"""<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&a;</loc></url></urlset>"""
    plain = b"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>/a</loc><lastmod>2026-03-01</lastmod></url><url><loc>ftp://x/y</loc></url></urlset>"""

    with pytest.raises(Exception, match="not a readable sitemap"):
        parse_sitemap(bomb, "https://x.example/s.xml")
    parsed = parse_sitemap(gzip.compress(plain), "https://x.example/s.xml.gz")
    assert [(e.url, e.date) for e in parsed.entries] == [
        ("https://x.example/a", datetime(2026, 3, 1, tzinfo=UTC))
    ]


def test_url_list_backfill_keeps_failed_chunks_with_their_error_and_retries_them_alone(
    httpserver: HTTPServer, database_url: str, tmp_path: Path
) -> None:
    for number, slug in enumerate("abcde"):
        httpserver.expect_request(f"/news/{slug}").respond_with_data(
            page(slug, number), content_type="text/html"
        )
    flaky = {"up": False}
    httpserver.expect_request("/news/flaky").respond_with_handler(
        lambda request: (
            Response(page("flaky", 9), content_type="text/html")
            if flaky["up"]
            else Response("busy", status=503)
        )
    )
    listing = tmp_path / "missed.txt"
    lines = [httpserver.url_for(f"/news/{slug}") for slug in ["a", "b", "c", "flaky", "d", "e"]]
    listing.write_text("# missed during the outage\n" + "\n".join(lines) + "\n")
    config = configure(tmp_path, database_url)
    args = ("backfill", "--urls", str(listing))

    first = invoke_json(config, *args, exit_code=1)
    status = invoke_json(config, "backfill", "status")
    chunks = invoke_json(config, "backfill", "status", str(status[0]["id"]))
    rerun = invoke_json(config, *args)
    flaky["up"] = True
    retried = invoke_json(config, *args, "--retry-failed")
    final = invoke_json(config, "backfill", "status")

    assert first["chunks_done"] == 2 and first["chunks_failed"] == 1
    assert first["pages_new_article"] == 5 and first["pages_http_error"] == 1
    assert status[0]["status"] == "failed"
    assert status[0]["chunks"] == {"pending": 0, "running": 0, "done": 2, "failed": 1}
    failed = [chunk for chunk in chunks if chunk["status"] == "failed"]
    assert len(failed) == 1 and failed[0]["label"].endswith("entries 3-4")
    assert "/news/flaky" in failed[0]["error"] and "503" in failed[0]["error"]
    assert "chunks_done" not in rerun  # a plain rerun leaves failed chunks for --retry-failed
    assert retried["chunks_done"] == 1 and retried["pages_new_article"] == 1
    assert retried["pages_already_stored"] == 1  # the chunk's other page is not fetched again
    assert final[0]["status"] == "done" and final[0]["chunks"]["done"] == 3
    assert counts(config)["articles"] == 6


def test_bad_inputs_are_command_errors_with_exit_status_2(
    database_url: str, tmp_path: Path
) -> None:
    config = configure(tmp_path, database_url)
    cases = {
        "nothing to backfill": (),
        "no such file": ("--warc", str(tmp_path / "nope.warc.gz")),
        "'nobody'": ("--source", "nobody", "--dry-run"),
        "is not before": ("--source", "courier", "--since", "2026-03-05", "--until", "2026-03-01"),
        "is not a date": ("--source", "courier", "--since", "last week"),
    }

    for message, args in cases.items():
        result = runner.invoke(app, ["--config", str(config), "backfill", *args])
        assert isinstance(result.exception, ClaimledgerError), (args, result.output)
        assert message in str(result.exception) and result.exception.exit_code == 2


def test_submit_creates_one_tagged_flow_run_per_chunk_group_idempotently(
    database_url: str, tmp_path: Path
) -> None:
    captures = archive_captures()[:150]
    warc = write_warc(tmp_path / "submit.warc.gz", captures)
    config = configure(tmp_path, database_url, f'deployment_name = "{tmp_path.name}"')
    deployment = backfill_deployment(load_settings(config))
    deployment_id = deployment.apply()
    assert isinstance(deployment_id, UUID)
    args = ("backfill", "--warc", str(warc), "--submit")

    plan = invoke_json(config, "backfill", "--warc", str(warc), "--dry-run")
    first = invoke_json(config, *args)
    second = invoke_json(config, *args)

    assert len(plan) == 3  # 301 records, 100 a chunk; 2 chunks per flow run
    assert [run["chunks"] for run in first] == [2, 1]
    assert [run["flow_run_id"] for run in second] == [run["flow_run_id"] for run in first]
    with get_client(sync_client=True) as client:
        runs = client.read_flow_runs(
            deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[deployment_id]))
        )
    assert len(runs) == 2
    for run in runs:
        assert "backfill" in run.tags
        assert run.parameters["warcs"] == [str(warc)]
    assert sorted(len(run.parameters["chunk_keys"]) for run in runs) == [1, 2]
    with session_scope(load_settings(config).database_url) as session:
        assert len(session.scalars(select(Backfill)).all()) == 1
