"""One store path and one run record for every workflow, on SQLite and PostgreSQL.

A single page goes through ingest, recheck, backfill (a WARC capture of it) and re-extraction,
against a loopback server: each workflow stores it through `claimledger.store.store_pages`, so
the same text reaching the ledger by two workflows is one version, a recheck's edit gets its
claims and copy cluster at store time as an ingested page does, and each workflow's run is
recorded in `runs` the same way (`claimledger.runs.recorded_run`).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from sqlalchemy import select
from werkzeug import Request, Response

from claimledger import passes, recheck
from claimledger.reextract import ExtractorChoice, reextract
from claimledger.settings import load_settings
from extractors.article import ARTICLE_EXTRACTOR_VERSION
from extractors.claims import CLAIM_EXTRACTOR_NAME, CLAIM_EXTRACTOR_VERSION
from extractors.fingerprints import FINGERPRINT_SCHEME
from flows.backfill import backfill
from intake.http import Fetcher
from storage import article_store, claim_store, cluster_store
from storage.db import session_scope
from storage.models import ArticleVersion, Run, RunStatus
from tests.conftest import write_config
from tests.pages import article_html, rss_feed, story
from tests.test_edits import make_checks_due
from tests.warcs import Capture, write_warc

PARAGRAPHS = story("the harbour floods", 12)
ORIGINAL = article_html("Floods close the harbour", PARAGRAPHS).encode()
EDITED = article_html(
    "Floods close the harbour", [*PARAGRAPHS, "Officials later said 18 people had died."]
).encode()


def serve(httpserver: HTTPServer, state: dict[str, Any]) -> str:
    """A feed listing one page, and the page: edited once `state["edited"]` is set. The feed
    dates its entry `state["listed"]`. Returns the page's URL."""
    url = httpserver.url_for("/world/harbour")

    def page(_request: Request) -> Response:
        return Response(EDITED if state["edited"] else ORIGINAL, content_type="text/html")

    def feed(_request: Request) -> Response:
        body = rss_feed([(url, "Floods close the harbour", state["listed"])])
        return Response(body, content_type="application/rss+xml")

    httpserver.expect_request("/world/harbour").respond_with_handler(page)
    httpserver.expect_request("/feed.xml").respond_with_handler(feed)
    return url


def counts(database_url: str) -> dict[str, int]:
    with session_scope(database_url) as session:
        return article_store.table_counts(session)


@pytest.mark.usefixtures("prefect_server")
def test_one_page_through_every_workflow_is_one_version_per_text_and_runs_recorded_alike(
    httpserver: HTTPServer, database_url: str, tmp_path: Path
) -> None:
    state: dict[str, Any] = {"edited": False, "listed": datetime(2026, 3, 1, 8, tzinfo=UTC)}
    url = serve(httpserver, state)
    feed = httpserver.url_for("/feed.xml")
    config = write_config(
        tmp_path, database_url, f'[[sources]]\nname = "courier"\nurl = "{feed}"\nkind = "rss"\n'
    )
    settings = load_settings(config)
    steps = passes.InProcessSteps()
    runs: list[tuple[str, str, dict[str, int]]] = []

    # Ingest: the page as first seen.
    ingested = passes.ingest_pass("manual", None, str(config), steps)
    runs.append(("ingest", "manual", ingested))
    assert ingested["pages_new_article"] == 1

    # Recheck, called directly: the edit is a version with its claims and copy cluster made
    # as it is stored (as for an ingested page), with no derive step after it.
    state["edited"] = True
    make_checks_due(database_url)
    with Fetcher(settings.http) as fetcher:
        checked = recheck.recheck_articles(settings, recheck.claim_due(settings), None, fetcher)
    assert checked["checks_new_version"] == 1
    assert checked["claim_sets_new"] == 1 and checked["dedup_unique"] == 1
    with session_scope(database_url) as session:
        assert (
            claim_store.versions_without_claims(
                session, CLAIM_EXTRACTOR_NAME, CLAIM_EXTRACTOR_VERSION
            )
            == []
        )
        assert cluster_store.versions_without_fingerprints(session, FINGERPRINT_SCHEME, 10) == []

    # A recheck pass of the same text, a WARC capture of it taken later, and the feed listing
    # the page as updated: the same page by three more ways, and no version more.
    make_checks_due(database_url)
    rechecked = passes.recheck_pass("manual", str(config), steps)
    runs.append(("recheck", "manual", rechecked))
    assert rechecked["checks_unchanged"] == 1

    later = datetime.now(UTC) + timedelta(minutes=5)
    warc = write_warc(tmp_path / "harbour.warc.gz", [Capture(url, later, EDITED)])
    backfilled = backfill(warcs=[str(warc)], config_path=str(config))
    runs.append(("backfill", "backfill", backfilled))
    assert backfilled["pages_unchanged"] == 1 and "pages_new_version" not in backfilled

    state["listed"] = datetime.now(UTC) + timedelta(hours=1)
    again = passes.ingest_pass("manual", ["courier"], str(config), steps)
    runs.append(("ingest", "manual", again))
    assert again["pages_unchanged"] == 1 and "pages_new_version" not in again

    # Re-extraction under another version tag reads both captures and finds the same texts.
    reread = reextract(
        settings, ExtractorChoice.TEXT, text_version=f"{ARTICLE_EXTRACTOR_VERSION}.reread"
    )
    runs.append(("reextract", "manual", reread))
    assert reread["texts_same"] == 2 and "texts_new_version" not in reread

    stored = counts(database_url)
    assert (stored["articles"], stored["article_versions"], stored["captures"]) == (1, 2, 2)
    with session_scope(database_url) as session:
        versions = session.execute(
            select(ArticleVersion.version, ArticleVersion.change_kinds).order_by(
                ArticleVersion.version
            )
        ).all()
        assert [(number, list(kinds)) for number, kinds in versions] == [
            (1, ["first"]),
            (2, ["body"]),
        ]

        # Every workflow's run: one row, closed the same way, its counters what it returned.
        rows = {row.id: row for row in session.scalars(select(Run))}
        assert len(rows) == len(runs)
        for flow_name, kind, summary in runs:
            row = rows[summary["run_id"]]
            assert (row.flow_name, row.kind, row.status, row.error) == (
                flow_name,
                kind,
                RunStatus.COMPLETED,
                None,
            )
            assert row.counters == {
                name: value
                for name, value in summary.items()
                if name not in ("run_id", "backfill_id")
            }
            assert row.heartbeat_at is not None and row.finished_at is not None
            assert row.started_at <= row.heartbeat_at <= row.finished_at
