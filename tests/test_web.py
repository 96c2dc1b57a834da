"""`claimledger web`: the read-only web application, served by a real uvicorn server on
loopback over SQLite and PostgreSQL ledgers filled by the real ingest, read with httpx and with
a real headless Chromium."""

from __future__ import annotations

import csv
import html
import io
import re
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
import sqlalchemy
from sqlalchemy import select

from claimledger.common import utcnow
from claimledger.web import create_app
from storage import article_reads, reads, source_reads, source_store, timeline_reads
from storage.db import read_only_session_scope, session_scope, upgrade
from storage.models import Source
from tests.conftest import CliMain, postgres_schema, sqlite_url_in, write_config
from tests.shared_data import shared_data_dir
from tests.test_cli import invoke, invoke_json
from tests.web_support import (
    Ledger,
    chromium,
    downloaded,
    fill_ledger,
    follow,
    screenshot,
    serving,
)

PAGE_SIZE = 5
PREFECT_UI = "http://prefect.test:4200"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def ledger(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, prefect_server: None
) -> Iterator[Ledger]:
    """The bundled example (and the seed articles, when present) ingested once per module."""
    directory = tmp_path_factory.mktemp(f"web-{request.param}")
    if request.param == "sqlite":
        yield fill_ledger(sqlite_url_in(directory), directory)
        return
    request.getfixturevalue("postgres_available")
    with postgres_schema() as url:
        yield fill_ledger(url, directory)


@pytest.fixture(scope="module")
def site(ledger: Ledger) -> Iterator[str]:
    """The application over the ledger, pages of PAGE_SIZE rows, on a loopback port."""
    application = create_app(ledger.database_url, page_size=PAGE_SIZE, prefect_ui_url=PREFECT_UI)
    with serving(application) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Path]]:
    downloads = tmp_path_factory.mktemp("downloads")
    with chromium(downloads) as driver:
        yield driver, downloads


def get(url: str) -> httpx.Response:
    return httpx.get(url, follow_redirects=True, timeout=10)


def claim_ids(html: str) -> list[int]:
    return [int(part.split('"')[0]) for part in html.split('data-claim-id="')[1:]]


def download_links(html_text: str) -> dict[str, str]:
    """The page's download links by format (csv, jsonl)."""
    return {
        kind: html.unescape(href)
        for href, kind in re.findall(r'<a href="([^"]+)" id="download-(csv|jsonl)"', html_text)
    }


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


# --- read-only ----------------------------------------------------------------------------------


def test_the_applications_session_cannot_write(database_url: str) -> None:
    upgrade(database_url)
    with session_scope(database_url) as session:
        source_store.add_source(session, "kept", "https://example.org/kept.xml", "rss", utcnow())

    with (
        pytest.raises(sqlalchemy.exc.DBAPIError) as refused,
        read_only_session_scope(database_url) as session,
    ):
        source_store.add_source(session, "added", "https://example.org/added.xml", "rss", utcnow())
        session.flush()
    with (
        pytest.raises(sqlalchemy.exc.DBAPIError),
        read_only_session_scope(database_url) as session,
    ):
        session.execute(sqlalchemy.text("DELETE FROM sources"))

    message = str(refused.value).lower()
    assert "readonly" in message or "read-only" in message, message
    with session_scope(database_url) as session:
        assert list(session.scalars(select(Source.name))) == ["kept"]


def test_web_refuses_a_missing_ledger_or_an_old_schema(tmp_path: Path, cli_main: CliMain) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    missing = write_config(tmp_path / "a", sqlite_url_in(tmp_path / "nowhere"))
    sqlite3.connect(tmp_path / "empty.db").close()
    empty = write_config(tmp_path / "b", f"sqlite:///{tmp_path / 'empty.db'}")

    no_ledger = cli_main("--config", missing, "web")
    no_schema = cli_main("--config", empty, "web")
    bad_port = cli_main("--config", empty, "web", "--port", "70000")

    assert "no ledger at" in no_ledger.assert_one_line_error(3, "database error:")
    line = no_schema.assert_one_line_error(3, "database error:")
    assert "run 'claimledger db upgrade' first" in line
    bad_port.assert_one_line_error(2, "error: port must be between 1 and 65535")
    assert not (tmp_path / "nowhere").exists()


# --- claims -------------------------------------------------------------------------------------


def next_page(html: str) -> str | None:
    found = re.search(r'<a href="([^"]+)" id="next-page"', html)
    return None if found is None else found.group(1).replace("&amp;", "&")


def test_claims_page_by_keyset_through_every_claim(ledger: Ledger, site: str) -> None:
    with read_only_session_scope(ledger.database_url) as session:
        expected = [c.claim_id for c in reads.iter_claims(session, newest_first=True)]

    seen: list[int] = []
    pages: list[str] = []
    url: str | None = f"{site}/claims"
    while url is not None:
        page = get(url)
        assert page.status_code == 200
        seen += claim_ids(page.text)
        pages.append(url)
        url = next_page(page.text)

    assert len(expected) > 2 * PAGE_SIZE
    assert seen == expected
    assert len(pages) == -(-len(expected) // PAGE_SIZE)
    assert all("offset" not in url for url in pages)
    assert all("after=" in url for url in pages[1:])


FILTERS = [
    {"category": "civilians"},
    {"outcome": "killed", "outlet": "news.example.org"},
    {"text": "harbour", "since": "2024-03-05", "until": "2024-03-09"},
    {"source": "monitoring group"},
    {"outlet": "nowhere.example.com"},
]


@pytest.mark.parametrize(
    "filters", FILTERS, ids=lambda f: "&".join(f"{k}={v}" for k, v in f.items())
)
def test_claim_filters_and_downloads_match_the_export(
    ledger: Ledger, site: str, filters: dict[str, str]
) -> None:
    options = [part for name, value in filters.items() for part in (f"--{name}", value)]
    exported_csv = invoke(ledger.config, "export", "claims", *options).stdout
    exported_jsonl = invoke(ledger.config, "export", "claims", "-f", "jsonl", *options).stdout

    page = get(f"{site}/claims?{urlencode(filters)}")
    downloads = {kind: get(href) for kind, href in download_links(page.text).items()}
    listed: list[int] = []
    url: str | None = f"{site}/claims?{urlencode(filters)}"
    while url is not None:
        text = get(url).text
        listed += claim_ids(text)
        url = next_page(text)

    assert page.status_code == 200
    assert downloads["csv"].headers["content-type"].startswith("text/csv")
    assert "attachment" in downloads["csv"].headers["content-disposition"]
    assert csv_rows(downloads["csv"].text) == csv_rows(exported_csv)
    assert downloads["jsonl"].text == exported_jsonl
    assert sorted(listed) == sorted(int(row["claim_id"]) for row in csv_rows(exported_csv))
    if filters.get("outlet") == "nowhere.example.com":
        assert listed == [] and "no claims match" in page.text
    else:
        assert listed


def test_bad_filters_are_a_clear_400_page(site: str) -> None:
    bad_date = get(f"{site}/claims?since=yesterday")
    bad_category = get(f"{site}/claims?category=robots")
    bad_cursor = get(f"{site}/claims?after=nonsense")
    missing = get(f"{site}/articles/999999/versions/1")

    assert bad_date.status_code == 400
    assert "since: &#39;yesterday&#39; is not a date" in bad_date.text
    assert bad_category.status_code == 400 and "category must be one of" in bad_category.text
    assert bad_cursor.status_code == 400 and "is not a position in the list" in bad_cursor.text
    assert missing.status_code == 404 and "article 999999 has no version 1" in missing.text


def test_a_claim_links_to_its_article_version_with_the_claim_highlighted(
    ledger: Ledger, site: str
) -> None:
    with read_only_session_scope(ledger.database_url) as session:
        claim = next(reads.iter_claims(session, reads.ReadFilter(category="civilians")))
    page = get(f"{site}/claims?category=civilians")
    link = re.search(rf'href="([^"]+claim={claim.claim_id}#claim-{claim.claim_id})"', page.text)
    assert link is not None

    version = get(link.group(1))

    assert version.status_code == 200
    assert f"/articles/{claim.article_id}/versions/{claim.version}?" in link.group(1)
    marked = re.search(rf'<mark id="claim-{claim.claim_id}">(.*?)</mark>', version.text, re.S)
    assert marked is not None
    assert f"<strong>{html.escape(claim.content, quote=True)}</strong>" in marked.group(1)
    assert version.text.count("<mark") == 1


# --- timelines and claim groups ------------------------------------------------------------------

SOHR = "Syrian Observatory for Human Rights"


def chart_points(html_text: str) -> list[tuple[str, str, str]]:
    """(date, label, link) of each point of the page's charts, in drawing order."""
    return [
        (date, html.unescape(label), html.unescape(href))
        for href, label, date in re.findall(
            r'<a href="([^"]+)" class="point" data-index="\d+" data-label="([^"]+)" '
            r'data-date="([^"]+)">',
            html_text,
        )
    ]


def test_a_timeline_charts_one_sources_counts_and_links_each_point(
    ledger: Ledger, site: str
) -> None:
    query = {"source": "harbour monitoring", "category": "civilians", "outcome": "killed"}
    page = get(f"{site}/timeline?{urlencode(query)}")
    points = chart_points(page.text)
    followed = get(points[0][2])
    download = get(download_links(page.text)["csv"])
    exported = invoke(
        ledger.config, "export", "timeline", *(f"--{k}={v}" for k, v in query.items())
    ).stdout

    assert page.status_code == 200
    assert page.text.count('<section class="timeline"') == 1
    assert [(date, label) for date, label, _ in points] == [
        ("2026-03-01", "at least 16"),
        ("2026-03-03", "23"),
        ("2026-03-05", "31"),
    ]
    with read_only_session_scope(ledger.database_url) as session:
        [timeline] = timeline_reads.claim_timelines(
            session, source="harbour monitoring", category="civilians", outcome="killed"
        )
    first = timeline.points[0]
    assert points[0][2].endswith(
        f"/articles/{first.article_id}/versions/{first.version}"
        f"?claim={first.claim_id}#claim-{first.claim_id}"
    )
    assert f'<mark id="claim-{first.claim_id}">' in followed.text
    assert csv_rows(download.text) == csv_rows(exported)
    assert len(csv_rows(exported)) == 3


@pytest.mark.shared_data
def test_the_seed_articles_sohr_civilian_timeline_has_two_points(site: str) -> None:
    shared_data_dir()
    query = {"source": SOHR, "category": "civilians", "outcome": "killed"}

    page = get(f"{site}/timeline?{urlencode(query)}")

    assert page.text.count('<section class="timeline"') == 1
    assert f'data-source="{SOHR}"' in page.text
    assert [(date[:7], label) for date, label, _ in chart_points(page.text)] == [
        ("2016-02", "more than 1,000"),
        ("2016-09", "3,804"),
    ]
    assert "4000" in page.text  # the rounded figure the second article also gives


def test_a_timeline_without_source_or_points_says_so(site: str) -> None:
    empty_form = get(f"{site}/timeline")
    nothing = get(f"{site}/timeline?source=nobody+at+all&category=children")
    bad = get(f"{site}/timeline?source=x&category=robots")

    assert empty_form.status_code == 200 and "<svg" not in empty_form.text
    assert "name a source and what it counts" in empty_form.text
    assert "no children counts from a source matching" in nothing.text
    assert bad.status_code == 400


GROUP_ROW = r'<tr class="group">\s*<td>([^<]*)</td>\s*<td><a href="[^"]*">([^<]*)</a>'


def test_claim_groups_page_by_keyset_through_every_group(ledger: Ledger, site: str) -> None:
    with read_only_session_scope(ledger.database_url) as session:
        expected = timeline_reads.claim_groups(session, min_articles=1, limit=100_000)
        repeated = timeline_reads.claim_groups(session)

    seen: list[tuple[str, str]] = []
    url: str | None = f"{site}/groups?min_articles=1"
    while url is not None:
        page = get(url)
        assert page.status_code == 200
        seen += [
            (html.unescape(source), html.unescape(content))
            for source, content in re.findall(GROUP_ROW, page.text)
        ]
        url = next_page(page.text)
    default = get(f"{site}/groups")

    assert len(expected) > 2 * PAGE_SIZE
    assert seen == [(g.source, g.content) for g in expected]
    medics = next(g for g in repeated if g.content.startswith("9 children were killed"))
    assert (medics.articles, medics.mentions) == (3, 3)
    assert html.escape(medics.content, quote=False) in default.text
    assert get(f"{site}/groups?min_articles=0").status_code == 400


# --- articles ------------------------------------------------------------------------------------

HARBOUR = "https://news.example.org/world/port-selvan-harbour-shelling"


def article_id_of(ledger: Ledger, url: str) -> int:
    with read_only_session_scope(ledger.database_url) as session:
        return next(
            a.article_id for a in article_reads.iter_articles(session) if a.canonical_url == url
        )


def test_the_article_page_shows_versions_aliases_and_the_diff_articles_diff_builds(
    ledger: Ledger, site: str
) -> None:
    article_id = article_id_of(ledger, HARBOUR)
    history = invoke_json(ledger.config, "articles", "history", HARBOUR)
    shown = invoke_json(ledger.config, "articles", "show", HARBOUR)
    diff = invoke_json(ledger.config, "articles", "diff", HARBOUR, "1", "2", "--claims")

    page = get(f"{site}/articles/{article_id}")
    same = get(f"{site}/articles/{article_id}?old=1&new=2")

    assert page.status_code == 200
    assert page.text == same.text.replace("?old=1&amp;new=2", "")
    versions = re.findall(r'<tr class="version">.*?</tr>', page.text, re.S)
    assert len(versions) == len(history["versions"]) == 2
    for row, version in zip(versions, history["versions"], strict=True):
        assert f">v{version['version']}</a>" in row
        assert f'<td class="changes">{", ".join(version["change_kinds"])}</td>' in row
    for alias in shown["aliases"]:
        assert f"<div>{html.escape(alias)}</div>" in page.text
    text = re.search(r'<div class="text" id="diff-text">(.*?)</div>', page.text, re.S)
    assert text is not None
    expected_words = "".join(
        f"<ins>{html.escape(w['text'])}</ins>"
        if w["op"] == "insert"
        else f"<del>{html.escape(w['text'])}</del>"
        if w["op"] == "delete"
        else html.escape(w["text"])
        for w in diff["words"]
    )
    assert text.group(1) == expected_words
    assert "<ins>" in expected_words
    changes = re.findall(r'<tr class="claim-change (added|removed|changed)">', page.text)
    assert changes == [change["change"] for change in diff["claims"]]
    assert changes, "the update changed the toll: a changed claim"


def test_the_article_page_shows_its_cluster_of_copies(ledger: Ledger, site: str) -> None:
    with read_only_session_scope(ledger.database_url) as session:
        wire = next(
            a for a in article_reads.iter_articles(session) if a.canonical_url.endswith("/wire/dam")
        )
        copy = next(
            a
            for a in article_reads.iter_articles(session)
            if a.canonical_url.endswith("/partner/dam")
        )

    page = get(f"{site}/articles/{copy.article_id}")

    assert wire.cluster_id is not None and wire.cluster_id == copy.cluster_id
    assert f'<h2 id="cluster">Cluster {wire.cluster_id}:' in page.text
    members = re.search(r'<table id="cluster-members">(.*?)</table>', page.text, re.S)
    assert members is not None
    for member in (wire, copy):
        assert f'/articles/{member.article_id}">article {member.article_id}</a>' in members.group(1)
    assert "Only one version: nothing to compare." in page.text


def test_article_page_mistakes_are_clear(ledger: Ledger, site: str) -> None:
    article_id = article_id_of(ledger, HARBOUR)

    assert get(f"{site}/articles/999999").status_code == 404
    wrong = get(f"{site}/articles/{article_id}?old=1&new=7")
    assert wrong.status_code == 400 and "no version 7 (versions: 1, 2)" in wrong.text
    assert get(f"{site}/articles/{article_id}?old=x").status_code == 400


def test_articles_page_by_keyset_and_download_the_export(ledger: Ledger, site: str) -> None:
    with read_only_session_scope(ledger.database_url) as session:
        expected = [a.article_id for a in article_reads.iter_articles(session, newest_first=True)]
    seen: list[int] = []
    url: str | None = f"{site}/articles"
    while url is not None:
        page = get(url)
        seen += [int(n) for n in re.findall(r'data-article-id="(\d+)"', page.text)]
        url = next_page(page.text)
    filtered = get(f"{site}/articles?source=harbour")
    download = get(download_links(filtered.text)["csv"])
    exported = invoke(ledger.config, "export", "articles", "--source", "harbour").stdout

    assert len(expected) > PAGE_SIZE
    assert seen == expected
    assert csv_rows(download.text) == csv_rows(exported)
    assert len(csv_rows(exported)) == 5  # three harbour reports, the wire story and its copy


# --- sources and runs ----------------------------------------------------------------------------


def test_sources_page_shows_health_articles_and_failed_entries(ledger: Ledger, site: str) -> None:
    listed = invoke_json(ledger.config, "sources", "list")

    page = get(f"{site}/sources")
    harbour = get(f"{site}/sources/harbour")
    missing = get(f"{site}/sources/nothing-here")

    rows = dict(re.findall(r'<tr class="source" data-name="([^"]+)">(.*?)</tr>', page.text, re.S))
    assert sorted(rows) == sorted(source["name"] for source in listed)
    assert re.search(r'<td class="num failed">1</td>', rows["harbour"])
    assert re.search(r'<td class="num pending">0</td>', rows["harbour"])
    assert '?source=harbour">5</a>' in rows["harbour"]  # its stored articles
    assert '<td class="num failed">0</td>' in rows["example-world"]
    failed = re.search(r'<table id="failed-entries">(.*?)</table>', harbour.text, re.S)
    assert failed is not None
    assert "/harbour/gone</td>" in failed.group(1) and "<td>404</td>" in failed.group(1)
    assert missing.status_code == 404 and "no source named" in missing.text


def test_runs_page_shows_counters_and_links_to_the_prefect_ui(ledger: Ledger, site: str) -> None:
    with read_only_session_scope(ledger.database_url) as session:
        runs = source_reads.recent_runs(session)
    status = invoke_json(ledger.config, "status")

    page = get(f"{site}/runs")
    with serving(create_app(ledger.database_url)) as without_prefect:
        plain = get(f"{without_prefect}/runs")

    assert [r.run_id for r in runs] == [r["id"] for r in status["runs"]]
    ingest_run = next(r for r in runs if r.flow_name == "ingest")
    row = re.search(
        rf'<tr class="run" data-run-id="{ingest_run.run_id}">(.*?)</tr>', page.text, re.S
    )
    assert row is not None
    for name, value in ingest_run.counters.items():
        assert f"<span>{name}={value}</span>" in row.group(1)
    assert ingest_run.prefect_flow_run_id
    link = f'href="{PREFECT_UI}/runs/flow-run/{ingest_run.prefect_flow_run_id}"'
    assert link in row.group(1)
    assert 'class="prefect"' not in plain.text and "PREFECT_API_URL" in plain.text


def listening_addresses(port: int) -> list[str]:
    """The IPv4 addresses a socket listens on at `port`, from the kernel's table."""
    found = []
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, local_port = local.split(":")
        if state == "0A" and int(local_port, 16) == port:
            found.append(socket.inet_ntoa(bytes.fromhex(address)[::-1]))
    return found


def test_the_web_command_serves_on_loopback_until_stopped(ledger: Ledger) -> None:
    if backend(ledger) != "sqlite":
        pytest.skip("the command serves both databases alike: started once, on SQLite")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "claimledger", "--config", str(ledger.config), "web",
         "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        page = None
        deadline = time.monotonic() + 60
        while page is None and time.monotonic() < deadline and server.poll() is None:
            try:
                page = httpx.get(f"http://127.0.0.1:{port}/claims", timeout=5)
            except httpx.TransportError:
                time.sleep(0.2)
        listening = listening_addresses(port)
    finally:
        server.terminate()
        _out, err = server.communicate(timeout=20)

    assert page is not None and page.status_code == 200, err
    assert "data-claim-id" in page.text
    assert listening == ["127.0.0.1"]
    assert err.splitlines()[0].endswith(f"read-only on http://127.0.0.1:{port}/")


# --- in a real browser --------------------------------------------------------------------------


def test_in_chromium_filter_claims_download_csv_and_follow_a_claim(
    ledger: Ledger, site: str, browser: tuple[Any, Path]
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    driver, downloads = browser
    for old in downloads.iterdir():
        old.unlink()
    exported = csv_rows(
        invoke(
            ledger.config, "export", "claims", "--category", "civilians", "--outlet",
            "news.example.org",
        ).stdout
    )  # fmt: skip

    driver.get(f"{site}/")
    screenshot(driver, f"claims-{backend(ledger)}")
    Select(driver.find_element(By.NAME, "category")).select_by_visible_text("civilians")
    driver.find_element(By.NAME, "outlet").send_keys("news.example.org")
    follow(driver, driver.find_element(By.CSS_SELECTOR, "#claim-filters button"), "category=")
    rows = driver.find_elements(By.CSS_SELECTOR, "#claims tr.claim")
    shown = [row.get_attribute("data-claim-id") for row in rows]
    numbers = [row.find_elements(By.TAG_NAME, "td")[4].text for row in rows]
    screenshot(driver, f"claims-filtered-{backend(ledger)}")
    driver.find_element(By.ID, "download-csv").click()
    saved = downloaded(downloads, "claims.csv")

    assert "category=civilians" in driver.current_url
    assert shown and all("civilians" in cell for cell in numbers)
    assert set(shown) <= {row["claim_id"] for row in exported}
    assert csv_rows(saved.read_text(encoding="utf-8")) == exported

    first = driver.find_element(By.CSS_SELECTOR, "#claims tr.claim a.claim-link")
    claim_text = first.text
    follow(driver, first, "claim=")
    mark = driver.find_element(By.CSS_SELECTOR, "#text mark")
    screenshot(driver, f"version-highlighted-{backend(ledger)}")

    assert mark.get_attribute("id") == f"claim-{shown[0]}"
    assert mark.is_displayed()
    assert claim_text in mark.text


def backend(ledger: Ledger) -> str:
    return "sqlite" if ledger.database_url.startswith("sqlite") else "postgresql"


def test_in_chromium_a_timeline_point_leads_to_its_article_version(
    site: str, ledger: Ledger, browser: tuple[Any, Path]
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    driver, _downloads = browser
    driver.get(f"{site}/timeline")
    driver.find_element(By.NAME, "source").send_keys("Harbour Monitoring Group")
    Select(driver.find_element(By.NAME, "category")).select_by_visible_text("civilians")
    follow(driver, driver.find_element(By.CSS_SELECTOR, "#timeline-filters button"), "source=")
    points = driver.find_elements(By.CSS_SELECTOR, "svg.timeline a.point")
    labels = [point.get_attribute("data-label") for point in points]
    screenshot(driver, f"timeline-{backend(ledger)}")
    follow(driver, points[1].find_element(By.TAG_NAME, "circle"), "/versions/")
    mark = driver.find_element(By.CSS_SELECTOR, "#text mark")
    screenshot(driver, f"timeline-point-version-{backend(ledger)}")
    marked = mark.text
    driver.get(f"{site}/groups")
    groups = driver.find_elements(By.CSS_SELECTOR, "#groups tr.group")
    screenshot(driver, f"groups-{backend(ledger)}")

    assert labels == ["at least 16", "23", "31"]
    assert "23 civilians were killed" in marked
    assert any("9 children were killed" in group.text for group in groups)


def test_in_chromium_an_article_compares_two_versions(
    site: str, ledger: Ledger, browser: tuple[Any, Path]
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    driver, _downloads = browser
    driver.get(f"{site}/articles?source=example-world")
    screenshot(driver, f"articles-{backend(ledger)}")
    link = driver.find_element(
        By.CSS_SELECTOR, f'#articles tr[data-article-id="{article_id_of(ledger, HARBOUR)}"] a'
    )
    follow(driver, link, "/articles/")
    Select(driver.find_element(By.NAME, "old")).select_by_visible_text("v1")
    Select(driver.find_element(By.NAME, "new")).select_by_visible_text("v2")
    follow(driver, driver.find_element(By.CSS_SELECTOR, "#diff-form button"), "new=2")
    inserted = [element.text for element in driver.find_elements(By.CSS_SELECTOR, "#diff-text ins")]
    changes = driver.find_elements(By.CSS_SELECTOR, "#claim-changes tr.claim-change")
    screenshot(driver, f"article-diff-{backend(ledger)}")

    assert inserted and all(inserted)
    assert changes
    assert "v1" in driver.find_element(By.ID, "diff-summary").text


def test_in_chromium_sources_and_runs(site: str, ledger: Ledger, browser: tuple[Any, Path]) -> None:
    from selenium.webdriver.common.by import By

    driver, _downloads = browser
    driver.get(f"{site}/runs")
    runs = [row.text for row in driver.find_elements(By.CSS_SELECTOR, "#runs tr.run")]
    screenshot(driver, f"runs-{backend(ledger)}")
    driver.get(f"{site}/sources")
    screenshot(driver, f"sources-{backend(ledger)}")
    follow(driver, driver.find_element(By.LINK_TEXT, "harbour"), "/sources/harbour")
    failed = driver.find_elements(By.CSS_SELECTOR, "#failed-entries tr.entry")
    screenshot(driver, f"source-{backend(ledger)}")

    assert runs and "ingest" in runs[-1]
    assert len(failed) == 1 and "/harbour/gone" in failed[0].text
