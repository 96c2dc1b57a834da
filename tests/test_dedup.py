"""Identity and deduplication: fingerprints, clusters of copies, and one article per story URL.

The pure tests check the fingerprints themselves; the database tests ingest pages written for
these tests (`tests/stories.py`) from a loopback server into SQLite and PostgreSQL and cluster
them; the flow tests run the real Prefect ingest flow. "Outlets" are told apart by host: the
loopback server answers as both `localhost` and `127.0.0.1`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from sqlalchemy import func, select
from werkzeug import Response

from claimledger import derive, page_ingest, prepare, store
from claimledger.cli import app
from claimledger.errors import ClaimledgerError
from claimledger.settings import Settings, load_settings
from extractors.fingerprints import (
    BANDS,
    FINGERPRINT_SCHEME,
    claim_content_key,
    estimated_jaccard,
    fingerprint,
)
from flows.ingest import ingest
from intake.http import Fetcher
from storage import article_store, cluster_store, detail_reads, values
from storage.db import session_scope
from storage.models import (
    Article,
    ArticleVersion,
    Cluster,
    ClusterMember,
    UrlAlias,
    VersionFingerprint,
)
from tests.conftest import write_config
from tests.pages import article_html, rss_feed
from tests.stories import OTHER_STORY, SAME_TOPIC_STORY, WIRE_STORY, syndicated_copy
from tests.test_cli import invoke, invoke_json, runner

T0 = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)
WIRE_TEXT = "\n".join(WIRE_STORY)


def other_outlet(url: str) -> str:
    """The same loopback server under another host name: another outlet, as far as URLs go."""
    return url.replace("//localhost:", "//127.0.0.1:")


# --- fingerprints ------------------------------------------------------------------------------


def test_a_wire_copy_is_near_and_another_write_up_of_the_event_is_not() -> None:
    wire = fingerprint(WIRE_TEXT)
    copy = fingerprint("\n".join(syndicated_copy(WIRE_STORY)))
    same_topic = fingerprint("\n".join(SAME_TOPIC_STORY))
    other = fingerprint("\n".join(OTHER_STORY))
    assert wire and copy and same_topic and other

    assert estimated_jaccard(wire.signature, copy.signature) >= 0.85
    assert estimated_jaccard(wire.signature, same_topic.signature) < 0.1
    assert estimated_jaccard(wire.signature, other.signature) < 0.05
    assert set(wire.bands) & set(copy.bands)
    assert not set(wire.bands) & set(same_topic.bands)


def test_layout_case_and_typography_do_not_change_the_fingerprint() -> None:
    noisy = WIRE_TEXT.upper().replace('"', "\u201c").replace(" - ", " \u2014 ").replace(" ", "  ")
    assert fingerprint(noisy) == fingerprint(WIRE_TEXT)
    assert fingerprint(" \n\t ") is None


def test_fingerprints_are_the_same_in_another_process() -> None:
    """Stored signatures are compared across runs and workers: no per-process hashing."""
    script = (
        "from extractors.fingerprints import fingerprint; from tests.stories import WIRE_STORY; "
        "f = fingerprint('\\n'.join(WIRE_STORY)); print(f.signature.hex(), *f.bands)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[1],
        env={**os.environ, "PYTHONHASHSEED": "12345"},
    )
    here = fingerprint(WIRE_TEXT)
    assert here is not None
    assert result.stdout.split() == [here.signature.hex(), *map(str, here.bands)]


def test_equal_values_in_different_bands_hash_differently() -> None:
    repeated = fingerprint("one two three four")
    assert repeated is not None and len(set(repeated.bands)) == BANDS


def test_claim_content_keys_fold_case_punctuation_and_layout() -> None:
    key = claim_content_key("more than 1,000 civilians had been killed")
    assert claim_content_key("More than 1,000  civilians had been killed.") == key
    assert claim_content_key("\u201cmore than 1.000 civilians had been killed\u201d") == key
    assert claim_content_key("more than 1,001 civilians had been killed") != key


# --- clustering in the database ------------------------------------------------------------------


def ingest_article(
    settings: Settings,
    httpserver: HTTPServer,
    path: str,
    title: str,
    paragraphs: list[str],
    *,
    published: str = "2026-03-01T08:00:00+00:00",
    outlet: str = "localhost",
) -> str:
    """Serve one page on the loopback server and store its version (no Prefect, no dedup);
    returns its URL."""
    httpserver.expect_request(path).respond_with_data(
        article_html(title, paragraphs, published=published),
        content_type="text/html; charset=utf-8",
    )
    url = httpserver.url_for(path)
    if outlet != "localhost":
        url = other_outlet(url)
    outcome = store_version_only(settings, url)
    assert outcome in {"new_article", "new_version"}, outcome
    return url


def store_version_only(settings: Settings, url: str) -> str:
    """Fetch a page and store its version without fingerprint or cluster, as a recheck or a run
    that crashed before its dedup leaves it: work for the dedup step. Returns the outcome."""
    job = prepare.PageJob(url, None, T0)
    with Fetcher(settings.http) as fetcher:
        result = fetcher.fetch(url, purpose="page")
    identity, aliases, draft = prepare.prepare_version(job, result, None)
    with session_scope(settings.database_url) as session:
        article_store.store_captures(
            session,
            [
                values.CaptureRow(
                    draft.capture_sha256,
                    result.final_url,
                    result.content_type,
                    len(result.content),
                    values.compress_capture(result.content),
                    result.fetched_at,
                )
            ],
        )
        article_id = article_store.ensure_article(
            session, identity, aliases, None, result.fetched_at
        )
        outcome, _number = store.store_version(session, article_id, draft)
    return str(outcome)


def serve_wire_story_and_look_alikes(settings: Settings, httpserver: HTTPServer) -> dict[str, str]:
    """The wire story, a subscriber's copy, a verbatim copy elsewhere, and two other stories."""
    wire = ingest_article(settings, httpserver, "/wire/dam", "Varka dam bursts", WIRE_STORY)
    copy = ingest_article(
        settings,
        httpserver,
        "/world/varka-dam-fourteen-dead",
        "Fourteen dead as Varka dam gives way",
        syndicated_copy(WIRE_STORY),
        published="2026-03-01T11:30:00+00:00",
        outlet="127.0.0.1",
    )
    verbatim = ingest_article(settings, httpserver, "/partner/dam", "Varka dam bursts", WIRE_STORY)
    same_topic = ingest_article(
        settings, httpserver, "/features/flood", "A flood foretold", SAME_TOPIC_STORY
    )
    other = ingest_article(settings, httpserver, "/city/trams", "New trams", OTHER_STORY)
    return {
        "wire": wire,
        "copy": copy,
        "verbatim": verbatim,
        "same_topic": same_topic,
        "other": other,
    }


def cluster_all(settings: Settings) -> dict[str, int]:
    pending = derive.versions_needing_fingerprints(settings, limit=1000)
    return dict(derive.fingerprint_and_cluster(settings, pending, run_id=None))


def clusters_by_url(settings: Settings) -> dict[int, dict[str, str]]:
    """cluster id → {member canonical URL: match kind}."""
    with session_scope(settings.database_url) as session:
        rows = session.execute(
            select(ClusterMember.cluster_id, Article.canonical_url, ClusterMember.match).join(
                Article, Article.id == ClusterMember.article_id
            )
        ).all()
    clusters: dict[int, dict[str, str]] = {}
    for cluster_id, url, match in rows:
        clusters.setdefault(cluster_id, {})[url] = match
    return clusters


def test_copies_form_one_cluster_and_look_alikes_stay_out(
    settings: Settings, httpserver: HTTPServer
) -> None:
    urls = serve_wire_story_and_look_alikes(settings, httpserver)

    counters = cluster_all(settings)

    # The wire story finds its verbatim copy by text hash before that copy is fingerprinted.
    assert counters == {
        "dedup_unique": 2,
        "dedup_cluster_created": 1,
        "dedup_cluster_joined": 1,
        "dedup_already_clustered": 1,
    }
    assert list(clusters_by_url(settings).values()) == [
        {urls["wire"]: "representative", urls["copy"]: "near", urls["verbatim"]: "exact"}
    ]
    with session_scope(settings.database_url) as session:
        [summary] = detail_reads.list_clusters(session)
        detail = detail_reads.cluster_detail(session, summary.id)
    assert detail is not None
    assert (summary.kind, summary.size, summary.representative_url) == ("near", 3, urls["wire"])
    assert summary.outlets == ["127.0.0.1", "localhost"]
    near = next(m for m in detail.members if m.match == "near")
    assert 0.8 <= near.similarity < 1.0


def test_copy_lookups_read_the_oldest_other_articles_first_and_only_as_many_as_asked(
    settings: Settings, httpserver: HTTPServer
) -> None:
    for number in range(4):
        ingest_article(settings, httpserver, f"/wire/{number}", "Varka dam bursts", WIRE_STORY)
    cluster_all(settings)
    with session_scope(settings.database_url) as session:
        versions = session.execute(
            select(ArticleVersion.id, ArticleVersion.article_id, ArticleVersion.text_hash).order_by(
                ArticleVersion.id
            )
        ).all()
        exact = cluster_store.exact_copies(
            session, [(text, article) for _, article, text in versions]
        )
        near = cluster_store.copy_candidates(
            session, FINGERPRINT_SCHEME, [version for version, _, _ in versions], limit=2
        )

    first, second, third, _fourth = ((version, article) for version, article, _ in versions)
    assert exact == [second, first, first, first]
    assert {
        version: [(c.version_id, c.article_id) for c in found] for version, found in near.items()
    } == {
        first[0]: [second, third],
        second[0]: [first, third],
        third[0]: [first, second],
        versions[3][0]: [first, second],
    }


def test_ingest_clusters_pages_as_it_stores_them(
    settings: Settings, httpserver: HTTPServer
) -> None:
    """Pages stored by ingest are fingerprinted and clustered as they are stored, with the
    fingerprints and claims made beside the text extraction: the later steps find nothing."""
    counters: Counter[str] = Counter()
    urls = []
    for path, paragraphs in [
        ("/wire/dam", WIRE_STORY),
        ("/partner/dam", WIRE_STORY),
        ("/world/varka", syndicated_copy(WIRE_STORY)),
        ("/city/trams", OTHER_STORY),
    ]:
        httpserver.expect_request(path).respond_with_data(
            article_html("Varka", paragraphs), content_type="text/html"
        )
        urls.append(httpserver.url_for(path))
    with Fetcher(settings.http) as fetcher:
        jobs = [prepare.PageJob(url, None, T0) for url in urls]
        counters.update(page_ingest.ingest_pages(settings, jobs, None, fetcher))

    assert counters["pages_new_article"] == 4
    assert counters["claim_sets_new"] == 4
    # The group's versions are all stored before they are clustered, so the wire story finds
    # its verbatim copy by text hash, and the copy is then already in its cluster.
    dedup = {name: count for name, count in counters.items() if name.startswith("dedup_")}
    assert dedup == {
        "dedup_cluster_created": 1,
        "dedup_already_clustered": 1,
        "dedup_cluster_joined": 1,
        "dedup_unique": 1,
    }
    assert derive.versions_needing_fingerprints(settings, limit=100) == []
    assert derive.versions_needing_claims(settings, limit=100) == []
    assert list(clusters_by_url(settings).values()) == [
        {urls[0]: "representative", urls[1]: "exact", urls[2]: "near"}
    ]


def test_rerunning_the_step_adds_nothing(settings: Settings, httpserver: HTTPServer) -> None:
    serve_wire_story_and_look_alikes(settings, httpserver)
    cluster_all(settings)
    with session_scope(settings.database_url) as session:
        before = article_store.table_counts(session)
        version_ids = list(session.scalars(select(VersionFingerprint.article_version_id)))

    again = derive.fingerprint_and_cluster(settings, version_ids, run_id=None)

    assert derive.versions_needing_fingerprints(settings, limit=1000) == []
    assert again == {"dedup_fingerprinted_already": 5}
    with session_scope(settings.database_url) as session:
        assert article_store.table_counts(session) == before
        assert session.scalar(select(func.count()).select_from(Cluster)) == 1


def test_the_similarity_threshold_is_a_setting(settings: Settings, httpserver: HTTPServer) -> None:
    urls = serve_wire_story_and_look_alikes(settings, httpserver)

    cluster_all(replace(settings, dedup_threshold=0.95))

    assert list(clusters_by_url(settings).values()) == [
        {urls["wire"]: "representative", urls["verbatim"]: "exact"}
    ]


def test_an_edit_that_copies_another_story_puts_its_article_in_that_cluster(
    settings: Settings, httpserver: HTTPServer
) -> None:
    """Versions are fingerprinted, articles are clustered: the edit brings its whole article."""
    wire = ingest_article(settings, httpserver, "/wire/dam", "Varka dam bursts", WIRE_STORY)
    page = {"paragraphs": OTHER_STORY}
    httpserver.expect_request("/live/blog").respond_with_handler(
        lambda request: Response(
            article_html("Live: the news today", page["paragraphs"]), content_type="text/html"
        )
    )
    blog = other_outlet(httpserver.url_for("/live/blog"))
    store_version_only(settings, blog)
    first = cluster_all(settings)
    page["paragraphs"] = syndicated_copy(WIRE_STORY)
    store_version_only(settings, blog)
    second = cluster_all(settings)

    assert first == {"dedup_unique": 2}
    assert second == {"dedup_cluster_created": 1}
    assert list(clusters_by_url(settings).values()) == [{wire: "representative", blog: "near"}]


def test_two_workers_clustering_copies_at_once_make_one_cluster(
    settings: Settings, httpserver: HTTPServer
) -> None:
    for number in range(6):
        paragraphs = syndicated_copy(WIRE_STORY) if number % 2 else WIRE_STORY
        ingest_article(settings, httpserver, f"/copy/{number}", f"Dam {number}", paragraphs)
    pending = derive.versions_needing_fingerprints(settings, limit=100)
    batches = [pending[0::2], pending[1::2]]
    results: list[dict[str, int]] = []
    start = threading.Barrier(len(batches))

    def worker(batch: list[int]) -> None:
        start.wait()
        results.append(dict(derive.fingerprint_and_cluster(settings, batch, run_id=None)))

    threads = [threading.Thread(target=worker, args=(batch,)) for batch in batches]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(results) == 2
    assert sum(r.get("dedup_cluster_created", 0) for r in results) == 1
    [members] = clusters_by_url(settings).values()
    assert len(members) == 6
    assert sorted(members.values()).count("representative") == 1


# --- the ingest flow ---------------------------------------------------------------------------


def configure(tmp_path: Path, database_url: str, feeds: dict[str, str]) -> Path:
    sources = "\n".join(
        f'[[sources]]\nname = "{name}"\nurl = "{url}"\nkind = "rss"\n'
        for name, url in feeds.items()
    )
    return write_config(tmp_path, database_url, sources)


@pytest.mark.usefixtures("prefect_server")
def test_two_feeds_tracking_parameters_and_a_redirect_make_one_article_with_three_aliases(
    httpserver: HTTPServer, database_url: str, tmp_path: Path
) -> None:
    canonical = httpserver.url_for("/world/varka-dam")
    httpserver.expect_request("/news/varka-dam").respond_with_data(
        article_html("Varka dam bursts", WIRE_STORY, canonical=canonical),
        content_type="text/html",
    )
    httpserver.expect_request("/r/7f3a").respond_with_data(
        "", status=301, headers={"Location": "/news/varka-dam?utm_campaign=share&gclid=9"}
    )
    tracked = httpserver.url_for("/news/varka-dam") + "?utm_source=rss&utm_medium=feed"
    short = httpserver.url_for("/r/7f3a") + "?fbclid=IwAR0x"
    httpserver.expect_request("/courier.xml").respond_with_data(
        rss_feed([(tracked, "Varka dam bursts", T0)]), content_type="application/rss+xml"
    )
    # The second feed's GUID differs from the first's: a hint, not identity.
    httpserver.expect_request("/aggregator.xml").respond_with_data(
        rss_feed([(short, "Dam bursts in Varka", T0)]).replace(
            f"<guid>{short.replace('&', '&amp;')}</guid>", "<guid>urn:aggregator:88412</guid>"
        ),
        content_type="application/rss+xml",
    )
    config = configure(
        tmp_path,
        database_url,
        {
            "courier": httpserver.url_for("/courier.xml"),
            "aggregator": httpserver.url_for("/aggregator.xml"),
        },
    )

    counters = ingest(kind="manual", config_path=str(config))

    assert counters["pages_new_article"] == 1
    with session_scope(load_settings(config).database_url) as session:
        [article] = session.scalars(select(Article)).all()
        aliases = set(session.scalars(select(UrlAlias.url)))
    assert article.canonical_url == canonical
    assert aliases == {
        canonical,
        httpserver.url_for("/news/varka-dam"),
        httpserver.url_for("/r/7f3a"),
    }


@pytest.mark.usefixtures("prefect_server")
def test_the_ingest_flow_clusters_copies_from_two_outlets_once(
    httpserver: HTTPServer, database_url: str, tmp_path: Path
) -> None:
    pages = {
        "/wire/dam": article_html("Varka dam bursts", WIRE_STORY),
        "/world/dam": article_html("Fourteen dead at Varka", syndicated_copy(WIRE_STORY)),
        "/features/flood": article_html("A flood foretold", SAME_TOPIC_STORY),
    }
    for path, html in pages.items():
        httpserver.expect_request(path).respond_with_data(html, content_type="text/html")
    wire = httpserver.url_for("/wire/dam")
    copy, feature = (other_outlet(httpserver.url_for(p)) for p in ("/world/dam", "/features/flood"))
    # The wire dates its story first, so it is stored first and represents the cluster.
    httpserver.expect_request("/wire.xml").respond_with_data(
        rss_feed([(wire, "Varka dam bursts", T0)]), content_type="application/rss+xml"
    )
    later = T0 + timedelta(hours=1)
    httpserver.expect_request("/post.xml").respond_with_data(
        rss_feed([(copy, "Fourteen dead", later), (feature, "A flood foretold", later)]),
        content_type="application/rss+xml",
    )
    config = configure(
        tmp_path,
        database_url,
        {"wire": httpserver.url_for("/wire.xml"), "post": httpserver.url_for("/post.xml")},
    )

    first = ingest(kind="manual", config_path=str(config))
    second = ingest(kind="manual", sources=["wire", "post"], config_path=str(config))

    assert first["dedup_cluster_created"] == 1
    assert first["dedup_unique"] == 2
    assert not any(name.startswith("dedup_") for name in second)
    assert list(clusters_by_url(load_settings(config)).values()) == [
        {wire: "representative", copy: "near"}
    ]


def test_clusters_list_and_show_on_the_command_line(
    settings: Settings, config_path: Path, httpserver: HTTPServer
) -> None:
    urls = serve_wire_story_and_look_alikes(settings, httpserver)
    cluster_all(settings)

    [listed] = invoke_json(config_path, "clusters", "list")
    by_id = invoke_json(config_path, "clusters", "show", str(listed["id"]))
    by_url = invoke_json(config_path, "clusters", "show", urls["copy"] + "?utm_source=x")
    table = invoke(config_path, "clusters", "show", urls["verbatim"]).stdout
    unclustered = runner.invoke(
        app, ["--config", str(config_path), "clusters", "show", urls["other"]]
    )

    assert (listed["kind"], listed["size"]) == ("near", 3)
    assert by_id == by_url
    assert [m["canonical_url"] for m in by_id["members"]] == [
        urls["wire"],
        urls["verbatim"],
        urls["copy"],
    ]
    assert "representative" in table and "exact" in table
    assert isinstance(unclustered.exception, ClaimledgerError)
    assert "in no cluster" in str(unclustered.exception)
