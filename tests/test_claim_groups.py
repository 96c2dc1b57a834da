"""Claim groups (one claim repeated across articles) and timelines (one quantity over time).

Pages written for these tests are ingested from a loopback server into SQLite and PostgreSQL
and run through the real claim extractor; the seed test ingests the two development seed
articles through the real Prefect flow.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from claimledger import derive
from claimledger.cli import app
from claimledger.errors import ClaimledgerError
from claimledger.settings import Settings, load_settings
from flows.ingest import ingest
from storage import timeline_reads
from storage.db import session_scope
from tests.conftest import write_config
from tests.pages import article_html, rss_feed
from tests.shared_data import shared_data_dir
from tests.stories import SAME_TOPIC_STORY, WIRE_STORY, syndicated_copy
from tests.test_cli import invoke, invoke_json, runner
from tests.test_dedup import T0, ingest_article

SOHR = "Syrian Observatory for Human Rights"


def extract_all_claims(settings: Settings) -> None:
    pending = derive.versions_needing_claims(settings, limit=100)
    derive.extract_and_store_claims(settings, pending, run_id=None)


def test_a_claim_repeated_by_copies_is_one_group_with_its_mentions_and_outlets(
    settings: Settings, httpserver: HTTPServer
) -> None:
    ingest_article(settings, httpserver, "/wire/dam", "Varka dam bursts", WIRE_STORY)
    ingest_article(
        settings,
        httpserver,
        "/world/dam",
        "Fourteen dead",
        syndicated_copy(WIRE_STORY),
        published="2026-03-02T07:00:00+00:00",
        outlet="127.0.0.1",
    )
    ingest_article(settings, httpserver, "/partner/dam", "Dam bursts", WIRE_STORY)
    ingest_article(settings, httpserver, "/features/flood", "A flood foretold", SAME_TOPIC_STORY)
    extract_all_claims(settings)

    with session_scope(settings.database_url) as session:
        groups = timeline_reads.claim_groups(session)
        governor = timeline_reads.claim_groups(session, source="maravec")
        everything = timeline_reads.claim_groups(session, min_articles=1, limit=1000)

    def group(opening: str) -> timeline_reads.ClaimGroup:
        return next(g for g in groups if g.content.startswith(opening))

    warned = group("engineers had warned about cracks")
    assert warned.source == "Governor Ilse Maravec"
    assert (warned.mentions, warned.articles) == (3, 3)
    assert warned.outlets == ["127.0.0.1", "localhost"]
    assert warned.first_seen.isoformat() == "2026-03-01T08:00:00+00:00"
    assert warned.last_seen.isoformat() == "2026-03-02T07:00:00+00:00"
    toll = group("at least 14 people were killed and 30")
    assert (toll.source, toll.articles) == ("The regional emergency service", 3)
    # "Officials say at least 14 people were killed and dozens remain missing" is another claim.
    assert all(g.articles == 3 for g in groups)
    assert {g.source for g in governor} == {"Governor Ilse Maravec"}
    assert len(governor) == 2
    singles = [g for g in everything if g.articles == 1]
    assert any(g.content.startswith("at least 14 people were killed and dozens") for g in singles)


def test_a_timeline_orders_one_sources_counts_by_publication_date(
    settings: Settings, httpserver: HTTPServer
) -> None:
    reports = [
        ("2026-03-05", "The Harbour Monitoring Group said 31 civilians had been killed."),
        ("2026-03-01", "The Harbour Monitoring Group said at least 16 civilians were killed."),
        ("2026-03-03", "The Harbour Monitoring Group said 23 civilians were killed."),
    ]
    for day, sentence in reports:
        ingest_article(
            settings,
            httpserver,
            f"/harbour/{day}",
            f"Harbour shelling, {day}",
            [
                sentence,
                "Medics at the city hospital said 9 children were killed in the shelling.",
                "The port has been shelled every night since the start of the month.",
            ],
            published=f"{day}T09:00:00+00:00",
        )
    extract_all_claims(settings)

    with session_scope(settings.database_url) as session:
        timelines = timeline_reads.claim_timelines(
            session, source="harbour monitoring", category="civilians"
        )
        children = timeline_reads.claim_timelines(session, source="harbour", category="children")

    [timeline] = timelines
    assert (timeline.category, timeline.outcome) == ("civilians", "killed")
    assert [(p.date.date().isoformat(), p.approx, p.value) for p in timeline.points] == [
        ("2026-03-01", "at least", 16),
        ("2026-03-03", None, 23),
        ("2026-03-05", None, 31),
    ]
    assert all(p.article_url.endswith(p.date.date().isoformat()) for p in timeline.points)
    assert children == []


@pytest.mark.shared_data
@pytest.mark.usefixtures("prefect_server")
def test_the_seed_articles_give_one_timeline_of_the_observatorys_civilian_toll(
    httpserver: HTTPServer, database_url: str, tmp_path: Path
) -> None:
    seeds = sorted((shared_data_dir() / "seeds").glob("*.txt"))
    assert len(seeds) == 2
    published = ["2016-02-15T10:00:00+00:00", "2016-09-30T12:00:00+00:00"]
    items = []
    for index, (seed, when) in enumerate(zip(seeds, published, strict=True)):
        paragraphs = [line.strip() for line in seed.read_text().splitlines() if line.strip()]
        path = f"/syria/{seed.stem}"
        httpserver.expect_request(path).respond_with_data(
            article_html(f"Seed article {index + 1}", paragraphs, published=when),
            content_type="text/html; charset=utf-8",
        )
        items.append((httpserver.url_for(path), f"Seed article {index + 1}", T0))
    httpserver.expect_request("/syria.xml").respond_with_data(
        rss_feed(items), content_type="application/rss+xml"
    )
    config = write_config(
        tmp_path,
        database_url,
        f'[[sources]]\nname = "syria"\nurl = "{httpserver.url_for("/syria.xml")}"\n',
    )

    counters = ingest(kind="manual", config_path=str(config))

    assert counters["pages_new_article"] == 2
    with session_scope(load_settings(config).database_url) as session:
        timelines = timeline_reads.claim_timelines(
            session, source=SOHR, category="civilians", outcome="killed"
        )
    [timeline] = timelines
    assert timeline.source == SOHR
    points = [(p.date.year, p.date.month, p.approx, p.value) for p in timeline.points]
    assert points == [(2016, 2, "more than", 1000), (2016, 9, None, 3804)]
    # The second article also gives a rounded "4,000 civilians"; kept beside the precise figure.
    assert timeline.points[1].other_values == ["4000"]


def test_claims_groups_and_timeline_on_the_command_line(
    settings: Settings, config_path: Path, httpserver: HTTPServer
) -> None:
    for day, toll in [("2026-03-01", 16), ("2026-03-03", 23)]:
        ingest_article(
            settings,
            httpserver,
            f"/harbour/{day}",
            "Harbour shelling",
            [f"The Harbour Monitoring Group said {toll} civilians were killed on Monday."],
            published=f"{day}T09:00:00+00:00",
            outlet="127.0.0.1" if toll == 16 else "localhost",
        )
    ingest_article(
        settings,
        httpserver,
        "/copy",
        "Copy",
        ["The Harbour Monitoring Group said 16 civilians were killed on Monday."],
    )
    extract_all_claims(settings)

    [group] = invoke_json(config_path, "claims", "groups")
    [timeline] = invoke_json(
        config_path, "claims", "timeline", "--source", "harbour", "--category", "civilians"
    )
    table = invoke(
        config_path, "claims", "timeline", "--source", "harbour", "--category", "civilians"
    ).stdout
    wrong = runner.invoke(
        app,
        ["--config", str(config_path), "claims", "timeline", "--source", "x", "--category", "y"],
    )

    assert (group["articles"], group["outlets"]) == (2, ["127.0.0.1", "localhost"])
    assert group["content"].startswith("16 civilians were killed")
    assert [point["value"] for point in timeline["points"]] == [16, 16, 23]
    assert "Harbour Monitoring Group: civilians killed" in table
    assert isinstance(wrong.exception, ClaimledgerError) and wrong.exception.exit_code == 2
