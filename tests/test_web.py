"""`claimledger web`: the read-only web application, served by a real uvicorn server on
loopback over SQLite and PostgreSQL ledgers filled by the real ingest, read with httpx and with
a real headless Chromium."""

from __future__ import annotations

import csv
import html
import io
import re
import sqlite3
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
from storage import reads, writes
from storage.db import read_only_session_scope, session_scope, upgrade
from storage.models import Source
from tests.conftest import CliMain, postgres_schema, sqlite_url_in, write_config
from tests.test_cli import invoke
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
    with serving(create_app(ledger.database_url, page_size=PAGE_SIZE)) as base_url:
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


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


# --- read-only ----------------------------------------------------------------------------------


def test_the_applications_session_cannot_write(database_url: str) -> None:
    upgrade(database_url)
    with session_scope(database_url) as session:
        writes.add_source(session, "kept", "https://example.org/kept.xml", "rss", utcnow())

    with (
        pytest.raises(sqlalchemy.exc.DBAPIError) as refused,
        read_only_session_scope(database_url) as session,
    ):
        writes.add_source(session, "added", "https://example.org/added.xml", "rss", utcnow())
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
    links = dict(re.findall(r'<a href="([^"]+)" id="download-(csv|jsonl)"', page.text))
    downloads = {kind: get(href.replace("&amp;", "&")) for href, kind in links.items()}
    listed: list[int] = []
    url: str | None = f"{site}/claims?{urlencode(filters)}"
    while url is not None:
        html = get(url).text
        listed += claim_ids(html)
        url = next_page(html)

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
