"""Two ingest passes at once on one database: no duplicate rows and no errors.

The passes are the pipeline functions the flow calls, in the flow's order, in two threads
started by a barrier: each has its own fetcher, its own connections and its own transactions,
so they race on the database exactly as two workers would (Prefect adds scheduling, not
storage behaviour, and two Prefect runs in one process would share its task runner). Both poll
the same feed and fetch the same pages, then both extract claims for the same versions.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from claimledger import common, derive, page_ingest, polling, runs
from claimledger.prepare import PageJob
from claimledger.settings import Settings, load_settings
from intake.http import Fetcher
from storage import article_store
from storage.db import session_scope, upgrade
from storage.models import Article, ArticleVersion, Claim, ClaimSet, UrlAlias
from tests.conftest import write_config
from tests.hostile import server as s
from tests.pages import article_html, rss_feed, story

PAGES = 12


class Site:
    """A feed of PAGES articles whose texts can be edited between rounds."""

    def __init__(self, server: s.ScriptedServer) -> None:
        self.server = server
        self.edition = 1
        self.publish()

    def publish(self) -> None:
        items = []
        for number in range(PAGES):
            path = f"/news/{number}"
            paragraphs = story(f"the floods in county {number}", 3 + number)
            if self.edition > 1:
                paragraphs.append(f"Officials later said {20 + number} people had died.")
            html = article_html(f"Floods in county {number}", paragraphs).encode()
            self.server.routes[path] = s.respond(html)
            # Dated after the last check, so the feed announces the edit; an hour later per
            # edition, so a round that takes under a second still gets a different feed.
            updated = datetime.now(UTC) + timedelta(hours=self.edition, minutes=number)
            items.append((self.server.url(path), f"Floods {number}", updated))
        self.server.routes["/feed.xml"] = s.respond(
            rss_feed(items).encode(), content_type="application/rss+xml"
        )


@pytest.fixture
def site() -> Iterator[Site]:
    with s.ScriptedServer({}) as server:
        yield Site(server)


def configure(tmp_path: Path, database_url: str, site: Site) -> Settings:
    source = f'[[sources]]\nname = "courier"\nurl = "{site.server.url("/feed.xml")}"\n'
    config = write_config(tmp_path, database_url, f"[ingest]\nbatch_size = 4\n\n{source}")
    # Generous timeouts: this test is about the database, and a loaded machine must not turn
    # slow loopback answers into timeouts.
    loaded = load_settings(config)
    settings = replace(loaded, http=replace(loaded.http, read_timeout=15.0, total_timeout=30.0))
    upgrade(settings.database_url)
    polling.sync_configured_sources(settings)
    return settings


def one_pass(settings: Settings) -> Counter[str]:
    """What `flows.ingest.ingest` does, without Prefect: poll, pages, validators, claims."""
    counters: Counter[str] = Counter()
    run_id = runs.begin_run(settings, "ingest", "manual", {})
    with Fetcher(settings.http) as fetcher:
        polls = [
            polling.poll_source(settings, source_id, run_id, fetcher)
            for source_id in polling.due_source_ids(settings, ["courier"])
        ]
        jobs = polling.plan_page_jobs(polls)
        for batch in common.batched(jobs, settings.ingest_batch_size):
            counters.update(page_ingest.ingest_pages(settings, batch, run_id, fetcher))
    polling.save_validators(settings, polls)
    pending = derive.versions_needing_claims(settings, settings.ingest_claims_per_pass)
    for versions in common.batched(pending, settings.ingest_claims_batch_size):
        counters.update(derive.extract_and_store_claims(settings, versions, run_id))
    runs.end_run(settings, run_id, counters)
    return counters


def two_at_once(work: Callable[[], Counter[str]]) -> list[Counter[str]]:
    """Run `work` in two threads at once; re-raise the first error either of them hit."""
    barrier = threading.Barrier(2)
    results: list[Counter[str]] = []
    errors: list[BaseException] = []

    def worker() -> None:
        barrier.wait()
        try:
            results.append(work())
        except BaseException as error:  # reported to the test below, whatever it is
            errors.append(error)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    if errors:
        raise errors[0]
    return results


def assert_no_duplicates(database_url: str, versions_per_article: int) -> None:
    with session_scope(database_url) as session:
        counts = article_store.table_counts(session)
        numbers = session.execute(
            select(
                ArticleVersion.article_id, func.count(), func.max(ArticleVersion.version)
            ).group_by(ArticleVersion.article_id)
        ).all()
        latest = dict(session.execute(select(Article.id, Article.latest_version)).tuples().all())
        sets_per_version = session.execute(
            select(func.count()).select_from(ClaimSet).group_by(ClaimSet.article_version_id)
        ).scalars()
        claims_per_set = dict(
            session.execute(
                select(ClaimSet.id, func.count(Claim.id))
                .outerjoin(Claim, Claim.claim_set_id == ClaimSet.id)
                .group_by(ClaimSet.id)
            )
            .tuples()
            .all()
        )
        declared = dict(session.execute(select(ClaimSet.id, ClaimSet.claim_count)).tuples().all())
        aliases = session.scalar(select(func.count()).select_from(UrlAlias))
    assert counts["articles"] == PAGES and aliases == PAGES
    assert counts["captures"] == PAGES * versions_per_article
    assert {(n, top) for _, n, top in numbers} == {(versions_per_article, versions_per_article)}
    assert set(latest.values()) == {versions_per_article}
    assert set(sets_per_version) == {1}
    assert counts["claim_sets"] == PAGES * versions_per_article
    assert claims_per_set == declared


def test_two_passes_at_once_store_every_page_once(
    site: Site, database_url: str, tmp_path: Path
) -> None:
    settings = configure(tmp_path, database_url, site)

    first_round = two_at_once(lambda: one_pass(settings))
    assert_no_duplicates(database_url, versions_per_article=1)
    site.edition = 2
    site.publish()
    second_round = two_at_once(lambda: one_pass(settings))

    edits = sum(c["pages_new_version"] for c in second_round)
    assert edits == PAGES, second_round  # each edit stored once, by whichever pass won
    assert_no_duplicates(database_url, versions_per_article=2)
    for round_ in (first_round, second_round):  # both passes really went through every page
        assert (
            sum(n for key, n in (round_[0] + round_[1]).items() if key.startswith("pages_"))
            == 2 * PAGES
        )
    assert sum(c["pages_new_article"] for c in first_round) == PAGES


def test_two_workers_storing_the_same_pages_in_one_group_each_store_them_once(
    site: Site, database_url: str, tmp_path: Path
) -> None:
    """Both workers store every page in a single group at the same moment, so their multi-row
    statements (captures, articles, aliases) and the row locks of edited articles overlap
    fully. Rows are written in one order (captures and aliases by key, articles in publication
    order, edited articles by identity), so the second waits for the first: every page is
    stored once, every edit once, and neither worker fails.
    """
    settings = configure(tmp_path, database_url, site)

    def jobs() -> list[PageJob]:
        with Fetcher(settings.http) as fetcher:
            polls = [
                polling.poll_source(settings, source_id, None, fetcher)
                for source_id in polling.due_source_ids(settings, ["courier"])
            ]
        return polling.plan_page_jobs(polls)

    def store_twice_at_once(listed: list[PageJob]) -> list[Counter[str]]:
        def store() -> Counter[str]:
            with Fetcher(settings.http) as fetcher:
                return page_ingest.ingest_pages(settings, listed, None, fetcher)

        return two_at_once(store)

    first = store_twice_at_once(jobs())
    assert_no_duplicates(database_url, versions_per_article=1)
    site.edition = 2
    site.publish()
    second = store_twice_at_once(jobs())

    assert sum(c["pages_new_article"] for c in first) == PAGES
    assert sum(c["pages_new_version"] for c in second) == PAGES, second
    assert_no_duplicates(database_url, versions_per_article=2)


def test_sqlite_second_writer_waits_for_the_first(
    site: Site, sqlite_url: str, tmp_path: Path
) -> None:
    """WAL plus busy_timeout: a pass that meets a held write lock waits, then completes."""
    settings = configure(tmp_path, sqlite_url, site)
    database_file = sqlite_url.removeprefix("sqlite:///")
    holder = sqlite3.connect(database_file, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")  # another process's open write transaction
    release = threading.Timer(1.5, holder.execute, args=("COMMIT",))

    started = time.monotonic()
    release.start()
    counters = one_pass(settings)
    waited = time.monotonic() - started
    release.join()
    holder.close()

    assert counters["pages_new_article"] == PAGES
    assert waited >= 1.4
    assert_no_duplicates(sqlite_url, versions_per_article=1)
