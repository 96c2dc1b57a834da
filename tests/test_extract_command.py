"""`claimledger extract` and `claimledger.documents`: real files, a loopback server, no database."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner

from claimledger.cli import app
from claimledger.documents import ExtractedDocument, FailedDocument, extract_document
from extractors.article import ARTICLE_EXTRACTOR_NAME, ARTICLE_EXTRACTOR_VERSION
from extractors.claims import CLAIM_EXTRACTOR_NAME, CLAIM_EXTRACTOR_VERSION
from intake.http import Fetcher, FetchPolicy, HostThrottle
from tests.conftest import TEST_HTTP_SETTINGS, CliMain
from tests.pages import article_html

CLAIMS_EXTRACTOR = f"{CLAIM_EXTRACTOR_NAME} {CLAIM_EXTRACTOR_VERSION}"
ARTICLE_EXTRACTOR = f"{ARTICLE_EXTRACTOR_NAME} {ARTICLE_EXTRACTOR_VERSION}"

# A byte-order mark, non-ASCII letters, a typographic quote and CRLF line ends: any decoding
# that normalised the text (BOM stripped, newlines translated) would shift every offset after it.
STATEMENT = (
    "\ufeffThe health ministry in Qaryat al-Zaïd said on Monday that 14 people were killed "
    "and 31 wounded when the bridge collapsed.\r\n"
    "\u201cWe are still searching the river,\u201d a civil defence official told reporters.\r\n"
    "The company that built the bridge denied that it had cut corners.\r\n"
)
BRIDGE_PARAGRAPHS = [
    "The health ministry said on Monday that 14 people were killed and 31 wounded when the "
    "old river bridge at Qaryat collapsed under a crowded bus.",
    "Rescue teams worked through the night, and a civil defence official told reporters that "
    "divers were still searching the river for the missing.",
    "The company that built the bridge denied that it had cut corners during repairs last year.",
]
BRIDGE_TITLE = "Bridge collapse kills 14"

runner = CliRunner()


@pytest.fixture
def fast_fetcher() -> Iterator[Fetcher]:
    """No robots.txt lookups or politeness delay, and a throttle of its own."""
    policy = FetchPolicy(
        min_host_delay=0.0,
        respect_robots=False,
        total_timeout=3.0,
        allowed_networks=("127.0.0.0/8", "::1"),  # the loopback test server
    )
    with Fetcher(policy, throttle=HostThrottle()) as fetcher:
        yield fetcher


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory holding the inputs and a config with test HTTP settings."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "claimledger.toml").write_text(TEST_HTTP_SETTINGS)
    (tmp_path / "statement.txt").write_bytes(STATEMENT.encode("utf-8"))
    page = article_html(BRIDGE_TITLE, BRIDGE_PARAGRAPHS, published="2026-03-02T06:30:00+00:00")
    (tmp_path / "bridge.html").write_text(page, encoding="utf-8")
    (tmp_path / "bridge.html.gz").write_bytes(gzip.compress(page.encode("utf-8")))
    return tmp_path


def assert_offsets_index(text: str, document: dict[str, Any]) -> None:
    """Every span the claim extractor reports is `text[start:end]` of this exact text."""
    assert document["claims"], "expected at least one claim"
    for claim in document["claims"]:
        sentence = text[claim["start"] : claim["end"]]
        assert sentence.strip(), claim
        spans = [claim["content"], claim["source"], claim["cue"], *claim["quantities"]]
        for span in filter(None, spans):
            assert text[span["start"] : span["end"]] == span["text"], span
            assert claim["start"] <= span["start"] <= span["end"] <= claim["end"], span


def killed_counts(document: dict[str, Any]) -> list[int]:
    return [
        quantity["value"]
        for claim in document["claims"]
        for quantity in claim["quantities"]
        if quantity["outcome"] == "killed"
    ]


def test_txt_text_is_the_file_content_exactly_and_offsets_index_it(workdir: Path) -> None:
    document = extract_document("statement.txt")

    assert isinstance(document, ExtractedDocument)
    result = document.to_dict()
    assert result["text"] == STATEMENT
    assert result["input"] == "statement.txt"
    assert result["url"] == (workdir / "statement.txt").as_uri()
    assert (result["title"], result["published"]) == (None, None)
    assert result["extractor"] == {"article": None, "claims": CLAIMS_EXTRACTOR}
    assert_offsets_index(STATEMENT, result)
    assert 14 in killed_counts(result)
    assert set(result["casualties"]) == {"killed", "wounded"}


def test_html_and_html_gz_give_the_same_article(workdir: Path) -> None:
    plain = extract_document("bridge.html")
    compressed = extract_document(str(workdir / "bridge.html.gz"))

    assert isinstance(plain, ExtractedDocument) and isinstance(compressed, ExtractedDocument)
    page, page_gz = plain.to_dict(), compressed.to_dict()
    assert page["title"] == BRIDGE_TITLE
    assert page["published"] == "2026-03-02T06:30:00+00:00"
    assert "Rescue teams worked through the night" in page["text"]
    assert "All rights reserved" not in page["text"], "footer boilerplate leaked into the text"
    assert page["extractor"] == {"article": ARTICLE_EXTRACTOR, "claims": CLAIMS_EXTRACTOR}
    assert_offsets_index(page["text"], page)
    assert 14 in killed_counts(page)
    assert page_gz["url"] == (workdir / "bridge.html.gz").as_uri()
    for key in ("input", "url"):
        del page[key], page_gz[key]
    assert page_gz == page


def test_urls_are_read_through_the_fetcher(httpserver: HTTPServer, fast_fetcher: Fetcher) -> None:
    httpserver.expect_request("/news/bridge").respond_with_data(
        article_html(BRIDGE_TITLE, BRIDGE_PARAGRAPHS), content_type="text/html; charset=utf-8"
    )
    httpserver.expect_request("/statement").respond_with_data(
        STATEMENT.encode("utf-8"), content_type="text/plain; charset=utf-8"
    )
    # Servers label pages text/plain often enough that ingest sniffs them; so does extract.
    httpserver.expect_request("/mislabelled").respond_with_data(
        article_html(BRIDGE_TITLE, BRIDGE_PARAGRAPHS), content_type="text/plain"
    )

    page = extract_document(httpserver.url_for("/news/bridge"), fast_fetcher)
    statement = extract_document(httpserver.url_for("/statement"), fast_fetcher)
    mislabelled = extract_document(httpserver.url_for("/mislabelled"), fast_fetcher)

    assert isinstance(page, ExtractedDocument)
    assert (page.url, page.title) == (httpserver.url_for("/news/bridge"), BRIDGE_TITLE)
    assert isinstance(statement, ExtractedDocument)
    assert statement.text == STATEMENT and statement.article_extractor is None
    assert isinstance(mislabelled, ExtractedDocument) and mislabelled.title == BRIDGE_TITLE
    assert fast_fetcher.take_requests() == [], "the request log should not grow with a batch"


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("missing.html", None, "No such file or directory"),
        ("empty.txt", b"  \n", "no text"),
        ("picture.html", b"\x89PNG\r\n\x1a\n" + bytes(64), "not an HTML page"),
        ("app.html", b"<html><body><div id=app></div><script>x()</script></body></html>", "no "),
        ("notes.md", b"Officials said 3 people were killed.", "not an HTML page"),
    ],
)
def test_a_failed_input_is_an_error_object(
    workdir: Path, name: str, content: bytes | None, reason: str
) -> None:
    if content is not None:
        (workdir / name).write_bytes(content)

    document = extract_document(name)

    assert isinstance(document, FailedDocument)
    assert document.to_dict() == {"input": name, "error": document.error}
    assert name in document.error and reason in document.error


def test_http_errors_and_unsupported_urls_are_error_objects(
    httpserver: HTTPServer, fast_fetcher: Fetcher
) -> None:
    httpserver.expect_request("/gone").respond_with_data("gone", status=404)

    gone = extract_document(httpserver.url_for("/gone"), fast_fetcher)
    ftp = extract_document("ftp://example.org/story.html", fast_fetcher)

    assert isinstance(gone, FailedDocument) and "HTTP 404" in gone.error
    assert isinstance(ftp, FailedDocument) and "unsupported scheme" in ftp.error


def test_relative_paths_resolve_against_base_dir(
    workdir: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (elsewhere / "note.txt").write_text("The governor said 2 people were wounded.\n")

    document = extract_document("note.txt", base_dir=elsewhere)

    assert isinstance(document, ExtractedDocument)
    assert document.url == (elsewhere / "note.txt").as_uri()


# --- the command ---------------------------------------------------------------------------


def test_jsonl_prints_one_object_per_input_and_exits_1_after_a_failure(
    workdir: Path, httpserver: HTTPServer, cli_main: CliMain
) -> None:
    httpserver.expect_request("/news/bridge").respond_with_data(
        article_html(BRIDGE_TITLE, BRIDGE_PARAGRAPHS), content_type="text/html"
    )
    url = httpserver.url_for("/news/bridge")

    result = cli_main("extract", "statement.txt", "missing.html", "bridge.html.gz", url)

    assert result.code == 1, result.stderr
    lines = result.stdout.splitlines()
    objects = [json.loads(line) for line in lines]
    assert [o["input"] for o in objects] == ["statement.txt", "missing.html", "bridge.html.gz", url]
    assert set(objects[1]) == {"input", "error"}
    expected_keys = {
        "input",
        "url",
        "title",
        "authors",
        "agencies",
        "published",
        "modified",
        "text",
        "claims",
        "casualties",
        "extractor",
    }
    assert all(set(o) == expected_keys for i, o in enumerate(objects) if i != 1)
    assert objects[0]["text"] == STATEMENT
    assert objects[3]["title"] == BRIDGE_TITLE
    assert result.stderr.strip() == "error: 1 of 4 inputs failed"
    assert not (workdir / "claimledger.db").exists(), "extract must not create a database"


def test_json_prints_one_array(workdir: Path) -> None:
    result = runner.invoke(app, ["extract", "--format", "json", "bridge.html", "statement.txt"])

    assert result.exit_code == 0, result.output
    documents = json.loads(result.stdout)
    assert [d["input"] for d in documents] == ["bridge.html", "statement.txt"]
    assert documents[0]["title"] == BRIDGE_TITLE
    assert_offsets_index(STATEMENT, documents[1])


def test_table_summarises_each_input(workdir: Path) -> None:
    # One row per input, nothing folded. Through the environment, as other tests set it: patching
    # the console's width would pin it, after the test, to what it was before.
    result = runner.invoke(
        app, ["extract", "-f", "table", "bridge.html", "nowhere.txt"], env={"COLUMNS": "1000"}
    )

    assert result.exit_code == 1, result.output
    header, bridge, nowhere = [
        line for line in result.stdout.splitlines() if line.startswith(("┃", "│"))
    ]
    columns = [cell.strip() for cell in header.strip("┃").split("┃")]
    assert columns == ["input", "title", "published", "claims", "killed", "wounded", "error"]
    cells = [cell.strip() for cell in bridge.strip("│").split("│")]
    document = extract_document("bridge.html")
    assert isinstance(document, ExtractedDocument)
    claims = str(len(document.extraction.claims))
    assert cells[:4] == ["bridge.html", BRIDGE_TITLE, "2026-03-02 06:30", claims]
    assert "14 people" in cells[4] and "31 people" in cells[5]
    assert "No such file or directory" in nowhere
