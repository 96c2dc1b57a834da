"""The `claimledger` command line against real SQLite and PostgreSQL databases.

Commands run in this process through typer's CliRunner. What the console entry point adds on
top of the commands — configuration and database failures as one line on stderr and an exit
code, never a traceback — is tested by calling `claimledger.cli.main` itself with `sys.argv`
set, exactly as the installed `claimledger` script calls it: that is the code under test, it
keeps pytest's capture (and so the exact stderr), and it costs no interpreter start-up. One test
runs `python -m claimledger` as a real process, to prove the whole path outside pytest.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from claimledger.cli import app
from storage.db import current_revision, get_engine, head_revision
from tests.conftest import CliMain, write_config

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
# Each page is one feed entry; two of them are versions of one article (examples/README.md).
EXAMPLE_VERSIONS = len(list((EXAMPLES / "articles").glob("*.html")))
EXAMPLE_ARTICLES = EXAMPLE_VERSIONS - 1
UNREACHABLE_DATABASE = "postgresql+psycopg://postgres@127.0.0.1:1/x"
COURIER_FEED = "https://courier.example.org/world/rss.xml"

runner = CliRunner()


def invoke(config: Path, *args: str) -> Result:
    """Run one command against `config`; a failure fails the test with the command's output."""
    result = runner.invoke(app, ["--config", str(config), *args])
    assert result.exit_code == 0, (
        f"claimledger {' '.join(args)} exited {result.exit_code}\n{result.output}\n"
        f"{result.exception!r}"
    )
    return result


def invoke_json(config: Path, *args: str) -> Any:
    return json.loads(invoke(config, *args, "--json").stdout)


@pytest.fixture
def example_ledger(database_url: str, tmp_path: Path, prefect_server: None) -> Path:
    """A configuration whose database holds one `ingest --once` pass over the bundled example."""
    feed = EXAMPLES / "feeds" / "world.xml"
    config = write_config(
        tmp_path, database_url, f'[[sources]]\nname = "example-world"\nurl = "{feed}"\n'
    )
    invoke(config, "ingest", "--once")
    return config


# --- db and sources ----------------------------------------------------------------------------


def test_db_upgrade_creates_the_schema_and_is_repeatable(database_url: str, tmp_path: Path) -> None:
    config = write_config(tmp_path, database_url)

    first = invoke(config, "db", "upgrade")
    invoke(config, "db", "upgrade")

    assert "database schema is up to date" in first.stdout
    assert current_revision(get_engine(database_url)) == head_revision()


def test_sources_add_list_disable_enable(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    config = write_config(tmp_path, database_url)

    invoke(config, "sources", "add", "courier", f"{COURIER_FEED}?utm_source=newsletter")
    invoke(config, "sources", "add", "archive", "lists/archive.txt", "--kind", "urls")
    added = {s["name"]: s for s in invoke_json(config, "sources", "list")}
    invoke(config, "sources", "disable", "courier")
    disabled = {s["name"]: s["enabled"] for s in invoke_json(config, "sources", "list")}
    in_status = {s["name"]: s["enabled"] for s in invoke_json(config, "status")["sources"]}
    invoke(config, "sources", "enable", "courier")
    enabled = {s["name"]: s["enabled"] for s in invoke_json(config, "sources", "list")}
    table = invoke(config, "sources", "list").stdout

    assert added["courier"]["url"] == COURIER_FEED, "stored URLs are normalized"
    assert added["archive"]["url"] == (tmp_path / "lists" / "archive.txt").as_uri()
    assert [added[name]["kind"] for name in ("archive", "courier")] == ["urls", "rss"]
    assert all(source["enabled"] and source["last_status"] is None for source in added.values())
    assert disabled == in_status == {"archive": True, "courier": False}
    assert enabled == {"archive": True, "courier": True}
    assert "courier" in table and "archive" in table


def test_source_mistakes_are_one_line_errors(
    database_url: str, tmp_path: Path, cli_main: CliMain
) -> None:
    config = write_config(tmp_path, database_url)
    assert cli_main("--config", config, "sources", "add", "courier", COURIER_FEED).code == 0

    same_name = cli_main("--config", config, "sources", "add", "courier", "https://b.example/")
    same_url = cli_main("--config", config, "sources", "add", "other", COURIER_FEED)
    bad_kind = cli_main("--config", config, "sources", "add", "x", COURIER_FEED, "--kind", "xml")
    unknown = cli_main("--config", config, "sources", "disable", "nobody")

    expected = f"error: source 'courier' ({COURIER_FEED}) is already registered"
    assert same_name.assert_one_line_error(1, "error:") == expected
    assert same_url.assert_one_line_error(1, "error:") == expected
    bad_kind_line = bad_kind.assert_one_line_error(2, "error:")
    assert "kind must be one of rss, atom, json, urls" in bad_kind_line
    assert unknown.assert_one_line_error(1, "error:") == "error: no source named 'nobody'"
    assert [s["name"] for s in invoke_json(config, "sources", "list")] == ["courier"]


# --- articles and status -----------------------------------------------------------------------


def test_articles_list(example_ledger: Path) -> None:
    articles = invoke_json(example_ledger, "articles", "list")
    second_page = invoke_json(example_ledger, "articles", "list", "--limit", "1", "--offset", "1")
    table = invoke(example_ledger, "articles", "list").stdout

    assert len(articles) == EXAMPLE_ARTICLES
    assert sorted(a["versions"] for a in articles) == [1] * (EXAMPLE_ARTICLES - 1) + [2]
    assert all(a["title"] and a["published_at"] for a in articles)
    assert all(a["canonical_url"].startswith("https://news.example.org/") for a in articles)
    assert second_page == articles[1:2]
    assert f"articles (newest {EXAMPLE_ARTICLES})" in table


def test_articles_show_by_canonical_url_and_by_alias(example_ledger: Path) -> None:
    revised = next(a for a in invoke_json(example_ledger, "articles", "list") if a["versions"] == 2)
    canonical = revised["canonical_url"]

    detail = invoke_json(example_ledger, "articles", "show", canonical)
    with_tracking = invoke_json(example_ledger, "articles", "show", f"{canonical}?utm_source=x")
    by_alias = [invoke_json(example_ledger, "articles", "show", a) for a in detail["aliases"]]

    assert set(detail) == {
        "id", "canonical_url", "first_seen_at", "last_checked_at", "aliases", "versions"
    }  # fmt: skip
    assert (detail["id"], detail["canonical_url"]) == (revised["article_id"], canonical)
    assert len(detail["aliases"]) == 2, "the two example pages, and not the canonical URL"
    assert all(alias.startswith("file:///") for alias in detail["aliases"])
    assert [v["version"] for v in detail["versions"]] == [1, 2]
    assert set(detail["versions"][0]) == {
        "version", "fetched_at", "title", "authors", "agencies", "published_at", "modified_at",
        "language", "url", "text_hash", "capture_sha256", "extractor", "words", "text",
    }  # fmt: skip
    first, latest = detail["versions"]
    assert first["text"] != latest["text"] and first["text_hash"] != latest["text_hash"]
    assert latest["extractor"].startswith("trafilatura ")
    assert latest["words"] == len(latest["text"].split())
    assert with_tracking == detail
    assert all(other == detail for other in by_alias)


def test_articles_show_gives_the_byline_and_the_dates_as_the_page_declared_them(
    example_ledger: Path,
) -> None:
    """The Amren valley page declares 14:05+02:00: stored in UTC, shown in its own offset."""
    url = "https://news.example.org/world/amren-valley-displacement"

    latest = invoke_json(example_ledger, "articles", "show", url)["versions"][-1]
    table = invoke(example_ledger, "articles", "show", url).stdout

    assert latest["published_at"] == "2024-03-07T14:05:00+02:00"
    assert (latest["authors"], latest["agencies"]) == (["Leila Nasser"], [])
    assert "Leila Nasser" in table and "+02:00" in table


def test_articles_show_text_prints_the_stored_text_unwrapped(example_ledger: Path) -> None:
    revised = next(a for a in invoke_json(example_ledger, "articles", "list") if a["versions"] == 2)
    latest = invoke_json(example_ledger, "articles", "show", revised["canonical_url"])["versions"][
        -1
    ]

    shown = invoke(example_ledger, "articles", "show", revised["canonical_url"], "--text").stdout
    summary = invoke(example_ledger, "articles", "show", revised["canonical_url"]).stdout

    assert latest["text"] in shown, "--text must print the text as stored, not reflowed"
    assert f"article {revised['article_id']}" in summary and "versions" in summary
    assert latest["text"][:40] not in summary


def test_unknown_or_invalid_article_urls_are_one_line_errors(
    example_ledger: Path, cli_main: CliMain
) -> None:
    unknown = cli_main("--config", example_ledger, "articles", "show", "https://example.org/x")
    invalid = cli_main("--config", example_ledger, "articles", "show", "mailto:desk@example.org")

    assert unknown.assert_one_line_error(1, "error:") == (
        "error: no article known under https://example.org/x"
    )
    assert "unsupported or missing scheme" in invalid.assert_one_line_error(2, "error:")


def test_status_reports_counts_and_runs(example_ledger: Path, database_url: str) -> None:
    report = invoke_json(example_ledger, "status")
    table = invoke(example_ledger, "status").stdout

    assert report["database"] == database_url
    counts = report["counts"]
    assert (counts["sources"], counts["runs"]) == (1, 1)
    assert (counts["articles"], counts["article_versions"]) == (EXAMPLE_ARTICLES, EXAMPLE_VERSIONS)
    assert counts["captures"] == EXAMPLE_VERSIONS
    assert counts["fetch_log"] == EXAMPLE_VERSIONS + 1, "the feed and each page"
    (source,) = report["sources"]
    assert (source["name"], source["last_status"], source["consecutive_failures"]) == (
        "example-world",
        "ok",
        0,
    )
    (run,) = report["runs"]
    assert (run["flow"], run["kind"], run["status"], run["error"]) == (
        "ingest",
        "manual",
        "completed",
        None,
    )
    assert run["counters"]["pages_new_article"] == EXAMPLE_ARTICLES
    assert run["counters"]["pages_new_version"] == 1
    assert "last runs" in table and "example-world" in table


# --- the README's main job ---------------------------------------------------------------------


def test_readme_example_ingest_twice_stores_the_examples_once(
    tmp_path: Path, sqlite_url: str, monkeypatch: pytest.MonkeyPatch, prefect_server: None
) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CLAIMLEDGER_DATABASE_URL", sqlite_url)
    readme_command = ["--config", "examples/claimledger.toml", "ingest", "--once"]

    first = runner.invoke(app, readme_command)
    after_first = json.loads(runner.invoke(app, ["status", "--json"]).stdout)["counts"]
    second = runner.invoke(app, readme_command)
    after_second = json.loads(runner.invoke(app, ["status", "--json"]).stdout)["counts"]
    articles = json.loads(runner.invoke(app, ["articles", "list", "--json"]).stdout)
    forced = runner.invoke(app, [*readme_command, "--source", "example-world", "--json"])
    after_forced = json.loads(runner.invoke(app, ["status", "--json"]).stdout)["counts"]

    assert first.exit_code == 0, first.output
    assert second.exit_code == 0, second.output
    assert (after_first["articles"], after_first["article_versions"]) == (
        EXAMPLE_ARTICLES,
        EXAMPLE_VERSIONS,
    )
    assert [a["versions"] for a in articles].count(2) == 1, "one article with two versions"
    stored = ("articles", "article_versions", "url_aliases", "captures")
    assert {t: after_second[t] for t in stored} == {t: after_first[t] for t in stored}
    # Polled again by name, the unchanged feed adds nothing either.
    assert forced.exit_code == 0, forced.output
    counters = json.loads(forced.stdout)
    assert counters["sources_unchanged"] == 1
    assert not any(name.startswith("pages_new") for name in counters), counters
    assert {t: after_forced[t] for t in stored} == {t: after_first[t] for t in stored}
    assert (tmp_path / "ledger.db").is_file(), "the database named by the environment"


def test_ingest_refuses_unknown_source_names_before_starting_a_flow(
    sqlite_url: str, tmp_path: Path, cli_main: CliMain
) -> None:
    config = write_config(tmp_path, sqlite_url)

    unknown = cli_main("--config", config, "ingest", "--once", "--source", "nope")
    without_once = cli_main("--config", config, "ingest")

    assert unknown.assert_one_line_error(1, "error:") == "error: no enabled source named 'nope'"
    assert "add --once" in without_once.assert_one_line_error(2, "error:")


# --- configuration and database failures -------------------------------------------------------


@pytest.mark.parametrize(
    ("toml", "reason"),
    [
        ("colour = 'blue'\n", "unknown setting(s): 'colour'"),
        (
            "[http]\nuser_agnet = 'typo'\n",
            "unknown setting(s): 'http.user_agnet' (did you mean 'http.user_agent'?)",
        ),
        ("databse_url = 'x'\n", "'databse_url' (did you mean 'database_url'?)"),
        (
            "[[sources]]\nurl = 'https://courier.example.org/rss'\nknd = 'rss'\n",
            "source #1: unknown key(s) 'knd' (did you mean 'kind'?)",
        ),
        ("database_url = 'sqlite:///x.db\n", "cannot read configuration"),
        ("[ingest]\nbatch_size = 'many'\n", "ingest_batch_size"),
    ],
)
def test_a_bad_configuration_file_is_one_line_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli_main: CliMain, toml: str, reason: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "claimledger.toml").write_text(toml)

    exited = cli_main("status")

    line = exited.assert_one_line_error(2, "configuration error:")
    assert str(tmp_path / "claimledger.toml") in line and reason in line


@pytest.mark.parametrize(
    "command", [["status"], ["db", "upgrade"], ["articles", "list"], ["sources", "list", "--json"]]
)
def test_an_unreachable_database_is_one_line_and_exit_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli_main: CliMain, command: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CLAIMLEDGER_DATABASE_URL", UNREACHABLE_DATABASE)

    exited = cli_main(*command)

    line = exited.assert_one_line_error(3, "database error:")
    assert f"{UNREACHABLE_DATABASE}: cannot connect" in line
    assert exited.stdout == ""


def test_python_m_claimledger_reports_an_unreachable_database_without_a_traceback(
    tmp_path: Path,
) -> None:
    environment = {**os.environ, "CLAIMLEDGER_DATABASE_URL": UNREACHABLE_DATABASE}

    completed = subprocess.run(
        [sys.executable, "-m", "claimledger", "status"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert completed.returncode == 3, completed.stderr
    assert completed.stderr.startswith("database error: ")
    assert completed.stderr.count("\n") == 1, completed.stderr
    assert completed.stdout == ""


def test_a_sqlite_path_that_cannot_be_created_is_a_database_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli_main: CliMain
) -> None:
    (tmp_path / "not-a-folder").write_text("")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CLAIMLEDGER_DATABASE_URL", f"sqlite:///{tmp_path}/not-a-folder/ledger.db")

    exited = cli_main("status")

    exited.assert_one_line_error(3, "database error:")


# --- claims ------------------------------------------------------------------------------------

HARBOUR = "https://news.example.org/world/port-selvan-harbour-shelling"


def test_articles_show_claims_follow_the_extract_contract(example_ledger: Path) -> None:
    detail = invoke_json(example_ledger, "articles", "show", HARBOUR, "--claims")

    text = detail["versions"][-1]["text"]
    claim_set = detail["claims"]
    assert claim_set["extractor"].startswith("claimledger-rules ")
    assert claim_set["casualties"]["killed"]["people"] == 18
    assert claim_set["claims"]
    for claim in claim_set["claims"]:
        content = claim["content"]
        assert text[content["start"] : content["end"]] == content["text"]
        assert claim["start"] <= content["start"] <= content["end"] <= claim["end"]
        for quantity in claim["quantities"]:
            assert text[quantity["start"] : quantity["end"]] == quantity["text"]


def test_claims_list_filters(example_ledger: Path, cli_main: CliMain) -> None:
    everything = invoke_json(example_ledger, "claims", "list")
    children = invoke_json(example_ledger, "claims", "list", "--category", "children")
    governor = invoke_json(example_ledger, "claims", "list", "--source", "hana relic")
    future = invoke_json(example_ledger, "claims", "list", "--since", "2030-01-01")

    assert len(everything) > len(children) > 0
    assert all(any(q["category"] == "children" for q in c["quantities"]) for c in children)
    assert governor and all("Hana Relic" in (c["source_resolved"] or c["source"]) for c in governor)
    assert {c["article_url"] for c in governor} == {HARBOUR}
    assert future == []
    bad = cli_main("--config", example_ledger, "claims", "list", "--category", "goats")
    bad.assert_one_line_error(2, "error: category must be one of")
