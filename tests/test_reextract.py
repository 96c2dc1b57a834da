"""Re-extraction over stored captures: new result sets beside the old ones, no network, no
duplicates on a rerun. SQLite and PostgreSQL; pages come from a loopback server once."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from pytest_httpserver import HTTPServer
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from typer.testing import CliRunner
from werkzeug import Response

from claimledger import common, derive, output, page_ingest, prepare, store
from claimledger.cli import app
from claimledger.reextract import (
    ExtractorChoice,
    claims_to_reextract,
    reextract,
    texts_to_reextract,
)
from claimledger.settings import Settings
from extractors.article import ARTICLE_EXTRACTOR_VERSION, extract_article
from extractors.claims import CLAIM_EXTRACTOR_VERSION
from extractors.normalize import text_fingerprint
from intake.http import Fetcher
from storage import article_store, claim_store, values
from storage.db import session_scope
from storage.models import Article, ArticleVersion, Claim, ClaimSet, TextReextraction
from tests.pages import article_html, story

BUMPED = "9.9.9-test"


def toll_page(toll: int) -> str:
    return article_html(
        "Harbour shelled",
        [
            "Shells struck the fishing harbour of Port Selvan on Tuesday morning.",
            f'"At least {toll} people were killed in the shelling," the health ministry said.',
            "Rescue teams were still searching the docks on Wednesday, the port authority said.",
        ],
    )


def ingest_pages(settings: Settings, httpserver: HTTPServer) -> str:
    """Store two articles, one of them edited (three versions), with current claim sets."""
    toll = {"value": 16}
    httpserver.expect_request("/news/toll").respond_with_handler(
        lambda request: _html(toll_page(toll["value"]))
    )
    httpserver.expect_request("/news/camp").respond_with_handler(
        lambda request: _html(article_html("Camp opens", story("the camp", 30)))
    )
    url = httpserver.url_for("/news/toll")
    with Fetcher(settings.http) as fetcher:
        for path in ("/news/toll", "/news/camp"):
            job = prepare.PageJob(httpserver.url_for(path), None, None)
            page_ingest.ingest_pages(settings, [job], None, fetcher)
        toll["value"] = 18
        page_ingest.ingest_pages(settings, [prepare.PageJob(url, None, None)], None, fetcher)
    derive.extract_and_store_claims(settings, derive.versions_needing_claims(settings, 100), None)
    return url


def _html(page: str) -> Response:
    return Response(page, content_type="text/html; charset=utf-8")


def claim_sets(settings: Settings) -> dict[tuple[int, str], dict[str, Any]]:
    """Every stored claim set, whole, by (article version id, extractor version)."""
    with session_scope(settings.database_url) as session:
        sets = session.scalars(
            select(ClaimSet).options(selectinload(ClaimSet.claims).selectinload(Claim.quantities))
        ).all()
        return {
            (s.article_version_id, s.extractor_version): {
                "id": s.id,
                "created_at": s.created_at,
                **output.claim_set_json(claim_store.stored_claim_set(s)),
            }
            for s in sets
        }


def counts(settings: Settings) -> dict[str, int]:
    with session_scope(settings.database_url) as session:
        return article_store.table_counts(session)


def cli_json(config: Path, *args: str) -> Any:
    result = CliRunner().invoke(app, ["--config", str(config), *args, "--json"])
    assert result.exit_code == 0, (args, result.output, result.exception)
    return json.loads(result.stdout)


def test_a_bumped_claim_extractor_adds_a_second_set_per_version_without_fetching(
    httpserver: HTTPServer, settings: Settings, config_path: Path
) -> None:
    url = ingest_pages(settings, httpserver)
    before, counts_before = claim_sets(settings), counts(settings)
    assert counts_before["article_versions"] == 3 and len(before) == 3
    pending = claims_to_reextract(settings, extractor_version=BUMPED)
    # An interrupted run: one version done, then the run is started again.
    derive.extract_and_store_claims(settings, pending[:1], None, BUMPED)

    resumed = reextract(settings, ExtractorChoice.CLAIMS, claim_version=BUMPED)
    rerun = cli_json(config_path, "reextract", "--extractor", "all")

    assert resumed["claim_sets_new"] == 2 and "claim_sets_new" not in rerun
    after, counts_after = claim_sets(settings), counts(settings)
    versions = {version_id for version_id, _ in before}
    assert set(after) == {(v, e) for v in versions for e in (CLAIM_EXTRACTOR_VERSION, BUMPED)}
    assert {key: after[key] for key in before} == before  # the first sets, untouched
    for version_id in versions:
        bumped, first = after[(version_id, BUMPED)], after[(version_id, CLAIM_EXTRACTOR_VERSION)]
        assert bumped["claims"] == first["claims"] and bumped["id"] > first["id"]
    assert counts_after["fetch_log"] == counts_before["fetch_log"]
    assert counts_after["claim_sets"] == 6 and counts_after["article_versions"] == 3

    newest = cli_json(config_path, "claims", "list", "--source", "health ministry")
    old = cli_json(config_path, "claims", "list", "--extractor-version", CLAIM_EXTRACTOR_VERSION)
    assert {c["extractor"].split()[-1] for c in newest} == {BUMPED}
    assert "At least 18 people" in newest[0]["content"]
    assert old and {c["extractor"].split()[-1] for c in old} == {CLAIM_EXTRACTOR_VERSION}
    shown = cli_json(
        config_path,
        "articles",
        "show",
        url,
        "--claims",
        "--extractor-version",
        CLAIM_EXTRACTOR_VERSION,
    )
    assert shown["claims"]["extractor"].endswith(CLAIM_EXTRACTOR_VERSION)
    diff = cli_json(config_path, "articles", "diff", url, "--claims")
    assert [c["details"] for c in diff["claims"]] == [["people killed: at least 16 → at least 18"]]


def store_old_extraction(settings: Settings) -> tuple[int, int]:
    """A version stored by an older text extractor, whose text lost the last paragraph and
    kept a share button: what a better extractor should fix from the same capture."""
    page = article_html("Valley floods", story("the valley floods", 12)).encode()
    fresh = extract_article(page, "https://news.example.org/valley")
    old_text = "\n".join([*fresh.text.splitlines()[:-1], "Share this article"])
    fetched_at = common.utcnow()
    sha = hashlib.sha256(page).hexdigest()
    draft = values.VersionDraft(
        url="https://news.example.org/valley",
        fetched_at=fetched_at,
        capture_sha256=sha,
        text_hash=text_fingerprint(old_text),
        title=fresh.title,
        authors=list(fresh.authors),
        published_at=fresh.published,
        modified_at=None,
        language="en",
        text=old_text,
        extractor_name="trafilatura",
        extractor_version="0.1.0+old",
        run_id=None,
    )
    with session_scope(settings.database_url) as session:
        article_store.store_captures(
            session,
            [
                values.CaptureRow(
                    sha,
                    draft.url,
                    "text/html",
                    len(page),
                    values.compress_capture(page),
                    fetched_at,
                )
            ],
        )
        article_id = article_store.ensure_article(session, draft.url, [], None, fetched_at)
        store.store_version(session, article_id, draft)
        version = session.scalar(
            select(ArticleVersion).where(ArticleVersion.article_id == article_id)
        )
        assert version is not None
        return article_id, version.id


def test_text_reextraction_adds_a_version_only_where_the_text_changes(
    httpserver: HTTPServer, settings: Settings
) -> None:
    ingest_pages(settings, httpserver)
    article_id, old_id = store_old_extraction(settings)
    fetch_log_before = counts(settings)["fetch_log"]
    # The versions read by the current extractor are not pending; the old one is.
    assert texts_to_reextract(settings) == [old_id]

    first = reextract(settings, ExtractorChoice.ALL)
    second = reextract(settings, ExtractorChoice.ALL)

    assert first["texts_new_version"] == 1 and first["claim_sets_new"] == 2
    assert not any(name.startswith(("texts_", "claim_sets_new")) for name in second)
    with session_scope(settings.database_url) as session:
        article = session.get(Article, article_id)
        original, redone = article_store.article_versions(session, article_id)
        marks = session.scalars(select(TextReextraction)).all()
    assert article is not None and article.latest_version == redone.version == 2
    assert redone.change_kinds == ["reextracted", "body"] and redone.previous_version == 1
    assert (redone.capture_sha256, redone.fetched_at) == (
        original.capture_sha256,
        original.fetched_at,
    )
    assert redone.extractor_version == ARTICLE_EXTRACTOR_VERSION
    assert original.extractor_version == "0.1.0+old" and "Share this article" in original.text
    assert "Share this article" not in redone.text
    assert [(m.article_version_id, m.outcome, m.result_version_id) for m in marks] == [
        (old_id, "new_version", redone.id)
    ]

    # The same extractor under a new version number reads every capture once, changes nothing.
    same = reextract(settings, ExtractorChoice.TEXT, text_version=BUMPED)
    again = reextract(settings, ExtractorChoice.TEXT, text_version=BUMPED)
    assert same["texts_same"] == 4 and "texts_same" not in again  # the old one via its redo
    assert counts(settings)["article_versions"] == 5
    assert counts(settings)["fetch_log"] == fetch_log_before
