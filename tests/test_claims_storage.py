"""Claim sets in the database: one per (article version, extractor name, extractor version)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from claimledger import derive, output, page_ingest, prepare, store
from claimledger.ledger import Ledger
from claimledger.prepare import PageJob
from claimledger.settings import Settings
from extractors.claims import (
    CLAIM_EXTRACTOR_NAME,
    CLAIM_EXTRACTOR_VERSION,
    Casualties,
    Claim,
    ClaimExtraction,
    Quantity,
    Source,
    Span,
    extract_claims,
)
from intake.http import Fetcher
from storage import article_store, claim_store, reads, values
from storage.db import session_scope
from storage.values import VersionDraft
from tests.pages import article_html

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TEXT = (
    "Shelling hit the port of Selvan on Monday. "
    "The Harbour Monitoring Group said at least 16 civilians, including four children, were "
    "killed and 41 wounded. "
    "\u201cWe are overwhelmed,\u201d the director of the city hospital told reporters. "
    "The defence ministry denied targeting civilian areas."
)


def store_version(
    settings: Settings, text: str = TEXT, url: str = "https://n.example.org/a"
) -> int:
    with session_scope(settings.database_url) as session:
        article_store.store_captures(
            session,
            [
                values.CaptureRow(
                    "d" * 64,
                    url,
                    "text/html",
                    len(b"<html></html>"),
                    values.compress_capture(b"<html></html>"),
                    NOW,
                )
            ],
        )
        article_id = article_store.ensure_article(session, url, [], None, NOW)
        store.store_version(
            session,
            article_id,
            VersionDraft(
                url=url,
                fetched_at=NOW,
                capture_sha256="d" * 64,
                text_hash=f"hash-of-{url}",
                title="Port shelled",
                authors=[],
                published_at=NOW,
                modified_at=None,
                language="en",
                text=text,
                extractor_name="test",
                extractor_version="1",
                run_id=None,
            ),
        )
        versions = article_store.article_versions(session, article_id)
        return versions[-1].id


def test_ingest_step_stores_one_claim_set_per_version_and_reruns_add_nothing(
    settings: Settings,
) -> None:
    version_id = store_version(settings)

    pending = derive.versions_needing_claims(settings, limit=100)
    first = derive.extract_and_store_claims(settings, pending, run_id=None)
    second = derive.extract_and_store_claims(settings, pending, run_id=None)

    assert pending == [version_id]
    assert first["claim_sets_new"] == 1 and second["claim_sets_existing"] == 1
    assert derive.versions_needing_claims(settings, limit=100) == []
    with session_scope(settings.database_url) as session:
        claim_set = claim_store.claim_set_of_version(session, version_id)
        assert claim_set is not None
        assert claim_set.extractor_name == CLAIM_EXTRACTOR_NAME
        assert claim_set.extractor_version == CLAIM_EXTRACTOR_VERSION
        assert claim_set.claim_count == len(claim_set.claims) > 0
        expected = extract_claims(TEXT).to_dict()
        assert claim_set.casualties == expected["casualties"]
        stored = claim_set.claims[0]
        assert TEXT[stored.sentence_start : stored.sentence_end].startswith("The Harbour")
        assert stored.source_text == "The Harbour Monitoring Group"
        assert [(q.value, q.category, q.outcome) for q in stored.quantities][:2] == [
            (16, "civilians", "killed"),
            (4, "children", "killed"),
        ]


def test_stored_claims_read_back_typed_are_the_extractors_model_and_json(
    settings: Settings,
) -> None:
    """The read side is typed end to end: a stored claim set comes back as `StoredClaim`s,
    which `claimledger.output` turns into the extractor's own model and JSON contract."""
    version_id = store_version(settings)
    derive.extract_and_store_claims(settings, [version_id], run_id=None)
    claim_set = Ledger(settings.database_url).claim_set(version_id)
    fresh = extract_claims(TEXT)

    assert claim_set is not None and claim_set.claims
    assert tuple(output.as_claim(claim) for claim in claim_set.claims) == fresh.claims
    assert output.claim_set_json(claim_set) == {
        "extractor": f"{CLAIM_EXTRACTOR_NAME} {CLAIM_EXTRACTOR_VERSION}",
        "casualties": fresh.to_dict()["casualties"],
        "claims": fresh.to_dict()["claims"],
    }
    assert all(isinstance(claim.id, int) for claim in claim_set.claims)


def test_a_new_extractor_version_adds_a_set_and_keeps_the_old_one(settings: Settings) -> None:
    version_id = store_version(settings)
    old = extract_claims(TEXT)
    newer = replace(old, claims=old.claims[:1])
    with session_scope(settings.database_url) as session:
        assert claim_store.store_claim_sets(
            session, [derive.claim_set_row(version_id, "1.0.0", old)], None, NOW
        )[0]
    with session_scope(settings.database_url) as session:
        assert claim_store.store_claim_sets(
            session, [derive.claim_set_row(version_id, "1.1.0", newer)], None, NOW
        )[0]
        assert not claim_store.store_claim_sets(
            session, [derive.claim_set_row(version_id, "1.1.0", old)], None, NOW
        )[0]

    with session_scope(settings.database_url) as session:
        newest = claim_store.claim_set_of_version(session, version_id)
        first = claim_store.claim_set_of_version(session, version_id, extractor_version="1.0.0")
        assert newest is not None and first is not None
        assert (newest.extractor_version, newest.claim_count) == ("1.1.0", 1)
        assert (first.extractor_version, first.claim_count) == ("1.0.0", len(old.claims))
        assert len(first.claims) == len(old.claims)


def hand_made_claim(source: str, resolved: str | None, category: str, value: int) -> Claim:
    """A claim as the extractor types it, written by hand to test the queries alone."""
    sentence = f"{source} said {value} {category} were killed."
    count = f"{value} {category}"
    count_start = sentence.index(count)
    return Claim(
        start=0,
        end=len(sentence),
        kind="indirect",
        content=Span(len(source) + 6, len(sentence), sentence[len(source) + 6 :]),
        source=Source(0, len(source), source, resolved),
        cue=Span(len(source) + 1, len(source) + 5, "said"),
        hedge=None,
        quantities=(
            Quantity(
                count_start,
                count_start + len(count),
                count,
                value,
                value,
                value,
                None,
                category,
                "killed",
            ),
        ),
    )


def test_claims_list_filters_by_source_category_and_date(settings: Settings) -> None:
    first = store_version(settings)
    second = store_version(settings, "Another text.", url="https://n.example.org/b")
    sets = {
        first: [
            hand_made_claim("The monitoring group", "Harbour Monitoring Group", "civilians", 16),
            hand_made_claim("The ministry", "Defence Ministry", "fighters", 3),
        ],
        second: [hand_made_claim("Medics", None, "children", 4)],
    }
    with session_scope(settings.database_url) as session:
        for version_id, hand_made in sets.items():
            extraction = ClaimExtraction(tuple(hand_made), Casualties())
            claim_store.store_claim_sets(
                session, [derive.claim_set_row(version_id, "1", extraction)], None, NOW
            )

    with session_scope(settings.database_url) as session:

        def claims(**where: Any) -> list[reads.ClaimRecord]:
            return list(reads.iter_claims(session, reads.ReadFilter(**where), newest_first=True))

        everything = claims()
        by_written_source = claims(source="medics")
        by_resolved_source = claims(source="harbour monitoring")
        children = claims(category="children")
        later = claims(since=datetime(2027, 1, 1, tzinfo=UTC))
        earlier = claims(since=datetime(2026, 1, 1, tzinfo=UTC))

    assert len(everything) == 3 == len(earlier)
    assert [c.source for c in by_written_source] == ["Medics"]
    assert [c.source for c in by_resolved_source] == ["The monitoring group"]
    assert [(c.article_url, c.quantities[0].value) for c in children] == [
        ("https://n.example.org/b", 4)
    ]
    assert later == []


def test_a_page_whose_claims_fail_is_stored_and_gets_its_claims_from_the_later_step(
    settings: Settings, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug in the claim extractor must not keep a page out of the ledger: the version is
    stored without claims or fingerprint, and the steps after the pages make them."""
    httpserver.expect_request("/port").respond_with_data(
        article_html("Port shelled", [TEXT]), content_type="text/html"
    )

    def broken(text: str) -> None:
        raise RuntimeError("claim extractor bug")

    monkeypatch.setattr(prepare, "extract_claims", broken)
    job = PageJob(httpserver.url_for("/port"), None, None)
    with Fetcher(settings.http) as fetcher:
        counters = page_ingest.ingest_pages(settings, [job], None, fetcher)
    monkeypatch.undo()

    assert counters == {"pages_new_article": 1}
    pending = derive.versions_needing_claims(settings, limit=10)
    assert len(pending) == 1
    assert derive.versions_needing_fingerprints(settings, limit=10) == pending
    assert derive.extract_and_store_claims(settings, pending, None)["claim_sets_new"] == 1
    assert derive.fingerprint_and_cluster(settings, pending, None) == {"dedup_unique": 1}
