"""The hostile corpus through the real ingest flow, on SQLite and PostgreSQL.

One pass polls a feed listing every page case plus one source per hostile feed; the test then
checks the outcome recorded for every request, that exactly the good pages were stored (none
lost, none twice), and that nothing was fetched that should not have been.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from claimledger.settings import load_settings
from flows.ingest import ingest
from storage import article_store
from storage.db import session_scope
from storage.models import Article, ArticleVersion, FetchLog, Source, UrlAlias
from tests.hostile import server as s
from tests.hostile.cases import CAP, FEED_CASES, PAGE_CASES, TOTAL_TIMEOUT, page_feed

pytestmark = pytest.mark.usefixtures("prefect_server")

CORPUS_SETTINGS = f"""
[http]
min_host_delay = 0.0
connect_timeout = 1.0
read_timeout = 1.0
total_timeout = {TOTAL_TIMEOUT}
max_bytes = {CAP}
respect_robots = false
allowed_networks = ["127.0.0.1/32"]  # the scripted server only: 127.0.0.2 and ::1 stay blocked

[ingest]
batch_size = 6
max_entries_per_source = 60
"""


@pytest.fixture
def hostile_server() -> Iterator[s.ScriptedServer]:
    with s.ScriptedServer({}) as server:
        server.routes["/feed/pages.xml"] = s.respond(
            page_feed(server.port), content_type="application/rss+xml"
        )
        for case in PAGE_CASES:
            server.routes[case.path] = case.handler(server.port)
        server.routes["/secret"] = s.respond(b"<html><body><p>internal only</p></body></html>")
        for feed in FEED_CASES:
            server.routes[feed.path] = feed.body(server.port, server.url(feed.article_path))
            server.routes[feed.article_path] = s.respond(feed.article)
        yield server


def write_corpus_config(tmp_path: Path, database_url: str, server: s.ScriptedServer) -> Path:
    sources = [("pages", server.url("/feed/pages.xml"))]
    sources += [(feed.name, server.url(feed.path)) for feed in FEED_CASES]
    tables = "".join(
        f'\n[[sources]]\nname = "{name}"\nurl = "{url}"\nkind = "rss"\n' for name, url in sources
    )
    path = tmp_path / "claimledger.toml"
    path.write_text(f"database_url = {database_url!r}\n{CORPUS_SETTINGS}{tables}")
    return path


def test_every_hostile_case_is_recorded_with_its_outcome_and_only_good_pages_are_stored(
    hostile_server: s.ScriptedServer, database_url: str, tmp_path: Path
) -> None:
    config = write_corpus_config(tmp_path, database_url, hostile_server)
    database = load_settings(config).database_url

    first = ingest(kind="manual", config_path=str(config))
    with session_scope(database) as session:
        after_first = article_store.table_counts(session)
        log = {
            row.url: row
            for row in session.scalars(select(FetchLog).where(FetchLog.run_id == first["run_id"]))
        }
        status = {source.name: source.last_status for source in session.scalars(select(Source))}
        stored_urls = set(session.scalars(select(UrlAlias.url)))
        versions_per_article = session.execute(
            select(ArticleVersion.article_id, ArticleVersion.version)
        ).all()
        stored_text = dict(
            session.execute(select(ArticleVersion.url, ArticleVersion.text)).tuples().all()
        )
    every_source = ["pages", *(feed.name for feed in FEED_CASES)]
    second = ingest(kind="manual", sources=every_source, config_path=str(config))
    with session_scope(database) as session:
        after_second = article_store.table_counts(session)
        articles = len(session.scalars(select(Article)).all())

    recorded = {case.name: log[hostile_server.url(case.path)].outcome for case in PAGE_CASES}
    wrong = {
        c.name: (recorded[c.name], c.outcome) for c in PAGE_CASES if recorded[c.name] != c.outcome
    }
    assert not wrong, f"(recorded, expected) by case: {wrong}"
    for case in PAGE_CASES:
        error = log[hostile_server.url(case.path)].error or ""
        if not case.stored:
            assert hostile_server.url(case.path) in error, (case.name, error)
            assert case.error_contains in error, (case.name, error)
        elif case.text_contains:
            assert case.text_contains in stored_text[hostile_server.url(case.path)], case.name
    assert {feed.name: status[feed.name] for feed in FEED_CASES} == {
        feed.name: feed.status for feed in FEED_CASES
    }

    expected_pages = {hostile_server.url(c.path) for c in PAGE_CASES if c.stored}
    expected_pages |= {hostile_server.url(f.article_path) for f in FEED_CASES if f.stored_links}
    assert expected_pages <= stored_urls, "lost pages"
    assert articles == after_first["articles"] == len(expected_pages), "extra or lost articles"
    assert sorted(v for _, v in versions_per_article) == [1] * len(expected_pages), "duplicates"
    assert after_first["captures"] == len(expected_pages)
    assert not any(url.startswith(("file:", "javascript:", "ftp:", "data:")) for url in log)
    assert "/secret" not in {path for path, _ in hostile_server.requests}

    healthy_sources = 1 + sum(feed.status == "ok" for feed in FEED_CASES)
    assert second["sources_unchanged"] == healthy_sources and not second.get("pages_new_article")
    for table in ("articles", "article_versions", "url_aliases", "captures", "claim_sets"):
        assert after_second[table] == after_first[table], table
