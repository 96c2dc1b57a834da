"""Edits over time, end to end: real Prefect flows, a loopback server editing pages between
passes, SQLite and PostgreSQL.

One ingest pass stores every page; the server then edits them, and two recheck passes (with the
articles' checks made due in between, as if hours had passed) must record exactly the real edits:
title, body, correction, a revert, a page gone, a page moved, a 304, and a toll changed inside a
quote, shown by `articles diff --claims`. Whitespace and typography make no version.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from sqlalchemy import select, update
from sqlalchemy.orm import Session
from typer.testing import CliRunner
from werkzeug import Request, Response

from claimledger.cli import app
from flows.ingest import ingest
from flows.recheck import recheck_flow
from storage import article_store
from storage.db import session_scope, upgrade
from storage.models import Article, FetchLog, Run
from storage.rechecks import claim_due_articles
from tests.conftest import write_config
from tests.pages import article_html, rss_feed, story

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
CORRECTION = (
    "Correction: An earlier version of this article gave the wrong date for the evacuation."
)


def toll_story(toll: int) -> list[str]:
    return [
        "Shells struck the fishing harbour of Port Selvan on Tuesday morning as boats unloaded.",
        f'"At least {toll} people were killed in the shelling," the health ministry said in a '
        "statement.",
        "Rescue teams were still searching the docks on Wednesday, the port authority said.",
    ]


def noisy(paragraphs: list[str]) -> list[str]:
    """The same text with doubled spaces, curly apostrophes and trailing blanks."""
    return [p.replace("'", "\u2019").replace(" ", "  ") + "  " for p in paragraphs]


BASE = {
    name: story(f"the {name} floods", 10 + i)
    for i, name in enumerate(
        ["title", "body", "correction", "space", "flip", "vanish", "etag", "moved"]
    )
}
BASE["space"][1] += " It's the worst flooding in years, the governor's office said."

# The page each path serves in each state: 1 at ingest, 2 before the first recheck, 3 before
# the second. None means 404.
PAGES: dict[str, dict[int, str | None]] = {
    "title": {
        1: article_html("Floods cut off valley", BASE["title"]),
        2: article_html("Floods cut off valley villages", BASE["title"]),
    },
    "body": {
        1: article_html("Bridges close", BASE["body"]),
        2: article_html("Bridges close", [*BASE["body"][:2], "Two bridges have since reopened."]),
    },
    "correction": {
        1: article_html("Evacuation ordered", BASE["correction"]),
        2: article_html("Evacuation ordered", [*BASE["correction"], CORRECTION]),
    },
    "space": {
        1: article_html("Water supplies low", BASE["space"]),
        2: article_html("Water supplies low", noisy(BASE["space"])),
    },
    "flip": {
        1: article_html("Roads reopen", BASE["flip"]),
        2: article_html("Roads reopen", [*BASE["flip"][:2], "Most roads reopened on Friday."]),
        3: article_html("Roads reopen", BASE["flip"]),
    },
    "vanish": {1: article_html("Dam holds", BASE["vanish"]), 2: None},
    "toll": {
        1: article_html("Harbour shelled", toll_story(16)),
        2: article_html("Harbour shelled", toll_story(18)),
    },
}


def page_for(path: str, state: int) -> str | None:
    versions = PAGES[path]
    return versions[max(s for s in versions if s <= state)]


def serve_site(httpserver: HTTPServer, state: dict[str, int]) -> list[tuple[str, str, datetime]]:
    for path in PAGES:

        def handler(request: Request, path: str = path) -> Response:
            page = page_for(path, state["now"])
            if page is None:
                return Response("not found", status=404)
            return Response(page, content_type="text/html; charset=utf-8")

        httpserver.expect_request(f"/news/{path}").respond_with_handler(handler)

    etag_page = article_html("Aid arrives", BASE["etag"])

    def with_etag(request: Request) -> Response:
        if request.headers.get("If-None-Match") == '"aid-v1"':
            return Response(status=304, headers={"ETag": '"aid-v1"'})
        return Response(etag_page, content_type="text/html", headers={"ETag": '"aid-v1"'})

    httpserver.expect_request("/news/etag").respond_with_handler(with_etag)
    target = httpserver.url_for("/news/relief-camp")
    httpserver.expect_request("/news/relief-camp").respond_with_data(
        article_html("Relief camp opens", story("the relief camp", 40), canonical=target),
        content_type="text/html",
    )

    def moved(request: Request) -> Response:
        if state["now"] == 1:
            return Response(article_html("Camp planned", BASE["moved"]), content_type="text/html")
        return Response(status=301, headers={"Location": target})

    httpserver.expect_request("/news/moved").respond_with_handler(moved)
    paths = [*PAGES, "etag", "moved"]
    return [
        (httpserver.url_for(f"/news/{p}"), p, T0 + timedelta(minutes=i))
        for i, p in enumerate(paths)
    ]


def make_checks_due(database_url: str) -> None:
    """Stand-in for the hours between two steps of the schedule."""
    with session_scope(database_url) as session:
        session.execute(
            update(Article)
            .where(Article.next_check_at.is_not(None))
            .values(next_check_at=datetime.now(UTC) - timedelta(seconds=1))
        )


@pytest.mark.usefixtures("prefect_server")
def test_rechecks_record_real_edits_reverts_gone_and_moved_pages(
    httpserver: HTTPServer, database_url: str, tmp_path: Path
) -> None:
    state = {"now": 1}
    items = serve_site(httpserver, state)
    httpserver.expect_request("/feed.xml").respond_with_data(
        rss_feed(items), content_type="application/rss+xml"
    )
    config = write_config(
        tmp_path,
        database_url,
        "[recheck]\nbatch_size = 3\n"
        f'[[sources]]\nname = "courier"\nurl = "{httpserver.url_for("/feed.xml")}"\n',
    )

    first = ingest(kind="manual", config_path=str(config))
    assert first["pages_new_article"] == 9
    with session_scope(database_url) as session:
        articles = session.scalars(select(Article)).all()
        assert all(a.next_check_at == a.first_seen_at + timedelta(hours=1) for a in articles)
        assert {a.etag for a in articles} == {None, '"aid-v1"'}
    nothing_due = recheck_flow(config_path=str(config))
    assert nothing_due["articles_due"] == 0

    state["now"] = 2
    make_checks_due(database_url)
    edits = recheck_flow(config_path=str(config))
    state["now"] = 3
    make_checks_due(database_url)
    revert = recheck_flow(config_path=str(config))

    assert checks(edits) == {
        "checks_new_version": 5,  # title, body, correction, flip, toll
        "checks_unchanged": 1,  # whitespace and typography only
        "checks_not_modified": 1,
        "checks_gone": 1,
        "checks_redirected": 1,
    }
    assert checks(revert) == {
        "checks_new_version": 1,  # flip, back to its first text
        "checks_unchanged": 5,
        "checks_not_modified": 1,
    }
    assert edits["claim_sets_new"] == 5 and revert["claim_sets_new"] == 1

    with session_scope(database_url) as session:
        history = {
            path: [
                (v.version, v.change_kinds, v.reverts_to)
                for v in article_store.article_versions(
                    session, article_id(session, httpserver, path)
                )
            ]
            for path in [*PAGES, "etag", "moved"]
        }
        vanished = session.get(Article, article_id(session, httpserver, "vanish"))
        moved = session.get(Article, article_id(session, httpserver, "moved"))
        flip = session.get(Article, article_id(session, httpserver, "flip"))
        runs = session.scalars(select(Run).where(Run.flow_name == "recheck")).all()
        recheck_log = session.execute(
            select(FetchLog.url, FetchLog.outcome).where(
                FetchLog.run_id == revert["run_id"], FetchLog.purpose == "recheck"
            )
        ).all()
    assert history == {
        "title": [(1, ["first"], None), (2, ["title"], None)],
        "body": [(1, ["first"], None), (2, ["body"], None)],
        "correction": [(1, ["first"], None), (2, ["body", "correction"], None)],
        "space": [(1, ["first"], None)],
        "flip": [(1, ["first"], None), (2, ["body"], None), (3, ["body", "revert"], 1)],
        "vanish": [(1, ["first"], None)],
        "toll": [(1, ["first"], None), (2, ["body"], None)],
        "etag": [(1, ["first"], None)],
        "moved": [(1, ["first"], None)],
    }
    assert vanished is not None and vanished.status == "gone" and vanished.next_check_at is None
    assert vanished.status_detail and "404" in vanished.status_detail
    assert moved is not None and moved.status == "redirected"
    assert moved.status_detail == httpserver.url_for("/news/relief-camp")
    assert flip is not None and flip.checks_done == 2 and flip.next_check_at is not None
    assert [(r.kind, r.status) for r in runs] == [("manual", "completed")] * 3
    assert runs[1].counters["checks_gone"] == 1
    # Gone and moved pages are not fetched again; the unchanged page answered 304 to its ETag.
    assert sorted(url.rsplit("/", 1)[1] for url, _ in recheck_log) == sorted(
        ["title", "body", "correction", "space", "flip", "toll", "etag"]
    )
    assert (httpserver.url_for("/news/etag"), "not_modified") in recheck_log

    check_cli(config, httpserver)


def checks(counters: dict[str, int]) -> dict[str, int]:
    return {name: n for name, n in counters.items() if name.startswith("checks_")}


def article_id(session: Session, httpserver: HTTPServer, path: str) -> int:
    article = article_store.find_article(session, httpserver.url_for(f"/news/{path}"))
    assert article is not None, path
    return article.id


def check_cli(config: Path, httpserver: HTTPServer) -> None:
    """`articles history` and `articles diff` (terminal, HTML, claims) on what the passes stored."""
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(app, ["--config", str(config), *args], env={"COLUMNS": "200"})
        assert result.exit_code == 0, (args, result.output, result.exception)
        return result.stdout

    flip = httpserver.url_for("/news/flip")
    history = run("articles", "history", flip)
    assert "body, revert" in history and "live" in history
    assert "gone" in run("articles", "history", httpserver.url_for("/news/vanish"))

    correction = run("articles", "diff", httpserver.url_for("/news/correction"))
    assert "v1" in correction and "body, correction" in correction and "Correction:" in correction
    title = run("articles", "diff", httpserver.url_for("/news/title"), "1", "2")
    assert "Floods cut off valley villages" in title

    toll = run("articles", "diff", httpserver.url_for("/news/toll"), "--claims")
    assert "health ministry" in toll and "people killed: at least 16 → at least 18" in toll
    page = run("articles", "diff", httpserver.url_for("/news/toll"), "--format", "html")
    assert page.startswith("<!DOCTYPE html>")
    assert "<del>16 </del><ins>18 </ins>" in page


def test_concurrent_passes_never_claim_the_same_article(database_url: str) -> None:
    """Four claimers at once over 40 due articles: every article taken exactly once."""
    upgrade(database_url)
    now = datetime.now(UTC)
    with session_scope(database_url) as session:
        for index in range(40):
            article_id = article_store.ensure_article(
                session, f"https://news.example.org/{index}", [], None, now
            )
            session.execute(
                update(Article).where(Article.id == article_id).values(next_check_at=now)
            )
    taken: list[list[int]] = []
    barrier = threading.Barrier(4)

    def claimer() -> None:
        barrier.wait()
        for _ in range(5):
            with session_scope(database_url) as session:
                taken.append(claim_due_articles(session, now, 4, now + timedelta(hours=1)))

    threads = [threading.Thread(target=claimer) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    claimed = [article_id for batch in taken for article_id in batch]
    assert len(claimed) == len(set(claimed)) == 40
    with session_scope(database_url) as session:
        assert claim_due_articles(session, now + timedelta(minutes=59), 100, now) == []
