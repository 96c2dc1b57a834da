"""Local feeds that link their articles as absolute file:/// URLs, a JSON Feed source, and a
feed whose entries are all unusable, through the `claimledger` command (issue 14, point 10), on
SQLite and PostgreSQL. The same feeds served over HTTP are in the hostile corpus.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import CliMain, write_config
from tests.hostile.cases import T0, json_feed
from tests.pages import article_html, rss_feed, story


def write_article(folder: Path, name: str, number: int) -> Path:
    path = folder / f"{name}.html"
    title = f"Local report {name}"
    path.write_text(article_html(title, story(f"the {name} floods", number)), encoding="utf-8")
    return path


@pytest.mark.usefixtures("prefect_server")
def test_local_rss_and_json_feeds_with_file_urls_are_read_and_an_unusable_feed_is_a_failure(
    database_url: str, tmp_path: Path, cli_main: CliMain
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    pages = [write_article(site, name, n) for n, name in enumerate(("north", "south", "east"), 3)]
    (site / "feed.xml").write_text(
        rss_feed([(pages[0].as_uri(), "North", T0), (pages[1].as_uri(), "South", T0)])
    )
    (site / "feed.json").write_bytes(json_feed("1.1", pages[2].as_uri(), text=True))
    (site / "odd.xml").write_text(
        '<rss version="2.0"><channel><title>Odd</title>'
        "<item><title>Script</title><link>javascript:void(0)</link></item>"
        "<item><title>Nothing to follow</title></item></channel></rss>"
    )
    config = write_config(tmp_path, database_url)
    for name, file, kind in (("rss", "feed.xml", "rss"), ("json", "feed.json", "json")):
        added = cli_main("--config", config, "sources", "add", name, site / file, "--kind", kind)
        assert added.code == 0, added
    assert cli_main("--config", config, "sources", "add", "odd", site / "odd.xml").code == 0

    first = cli_main("--config", config, "ingest", "--once", "--json")
    listed = cli_main("--config", config, "sources", "list", "--json")
    second = cli_main("--config", config, "ingest", "--once", "--json")
    articles = cli_main("--config", config, "articles", "list", "--json")

    assert first.code == 0, first
    assert first.stderr.splitlines()[-1] == (
        "warning: 1 of 3 polled sources failed; 'claimledger sources list' says why"
    )
    assert json.loads(first.stdout)["pages_new_article"] == 3
    sources = {source["name"]: source for source in json.loads(listed.stdout)}
    assert {name: s["last_status"] for name, s in sources.items()} == {
        "rss": "ok",
        "json": "ok",
        "odd": "bad_feed",
    }
    assert sources["odd"]["last_error"] == (
        f"{(site / 'odd.xml').as_uri()}: none of its 2 entries has a link that can be fetched, "
        "e.g. 'javascript:void(0)'"
    )
    assert not json.loads(second.stdout).get("pages_new_article")
    stored = sorted(article["canonical_url"] for article in json.loads(articles.stdout))
    assert stored == sorted(page.as_uri() for page in pages)
