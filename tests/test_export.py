"""`claimledger export` through the real CLI, on SQLite and PostgreSQL, over the bundled example
ledger: every kind in CSV and JSON Lines, the filters, stable columns, and the read layer's
keyset pagination across chunk boundaries."""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from claimledger import export
from claimledger.export import columns
from claimledger.settings import load_settings
from storage import article_reads, reads, timeline_reads
from storage.db import session_scope
from tests.conftest import CliMain, write_config
from tests.test_cli import (
    EXAMPLE_ARTICLES,
    EXAMPLE_VERSIONS,
    HARBOUR,
    invoke,
    invoke_json,
)

# Fixtures, re-exported so pytest finds them here.
from tests.test_cli import example_ledger as example_ledger

README = Path(__file__).resolve().parents[1] / "README.md"

# The documented columns of each kind: changing them is a breaking change for every user's
# scripts, so this list changes only together with the README.
COLUMNS = {
    "claims": [
        "claim_id", "article_id", "version_id", "version", "article_url", "outlet",
        "published_at", "fetched_at", "kind", "source", "source_resolved", "cue", "hedge",
        "content", "quantities", "extractor",
    ],
    "articles": [
        "article_id", "canonical_url", "outlet", "source", "title", "authors", "language",
        "published_at", "modified_at", "versions", "latest_version_id", "first_seen_at",
        "last_checked_at", "status", "cluster_id",
    ],
    "versions": [
        "version_id", "article_id", "article_url", "version", "url", "fetched_at",
        "published_at", "modified_at", "title", "authors", "language", "previous_version",
        "change_kinds", "words_added", "words_removed", "reverts_to", "text_hash",
        "capture_sha256", "extractor", "text",
    ],
    "timeline": [
        "source", "source_text", "source_resolved", "category", "outcome", "date", "value",
        "low", "high", "approx", "text", "claim", "claim_id", "quantity_id", "article_id",
        "article_url", "version", "version_id", "cluster_id", "other_values",
    ],
}  # fmt: skip


@pytest.fixture
def ledger(example_ledger: Path) -> Path:
    """The bundled example, ingested once into this test's database."""
    return example_ledger


@pytest.fixture
def run(cli_main: CliMain) -> CliMain:
    """The console entry point, exit code and stderr included."""
    return cli_main


def export_csv(config: Path, kind: str, *args: str) -> tuple[list[str], list[dict[str, str]]]:
    """The header and rows of an export printed on stdout, read back with the csv module."""
    text = invoke(config, "export", kind, *args).stdout
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows = list(reader)
    return list(reader.fieldnames or []), rows


def export_jsonl(config: Path, kind: str, *args: str) -> list[dict[str, Any]]:
    text = invoke(config, "export", kind, "--format", "jsonl", *args).stdout
    lines = text.splitlines()
    assert (text == "" or text.endswith("\n")) and all(line.startswith("{") for line in lines)
    return [json.loads(line) for line in lines]


def test_columns_are_the_documented_ones() -> None:
    readme = README.read_text()
    for kind, expected in COLUMNS.items():
        assert columns(kind) == expected
        section = re.search(
            rf"<!-- export-columns:{kind} -->(.*?)<!-- /export-columns -->", readme, re.S
        )
        assert section, f"README has no column table for export {kind}"
        documented = re.findall(r"^\| `([a-z0-9_]+)` \|", section.group(1), re.M)
        assert documented == expected, kind


def test_every_kind_exports_as_csv_and_jsonl_with_the_same_rows(ledger: Path) -> None:
    for kind, expected in COLUMNS.items():
        header, rows = export_csv(ledger, kind)
        objects = export_jsonl(ledger, kind)

        assert header == expected, kind
        assert rows and len(rows) == len(objects), kind
        assert all(list(obj) == expected for obj in objects), kind
        for row, obj in zip(rows, objects, strict=True):
            for name in expected:
                value = obj[name]
                if value is None:
                    assert row[name] == "", (kind, name)
                elif isinstance(value, list | dict):
                    assert json.loads(row[name]) == value, (kind, name)
                else:
                    assert row[name] == str(value), (kind, name)

    articles = export_jsonl(ledger, "articles")
    versions = export_jsonl(ledger, "versions")
    assert len(articles) == EXAMPLE_ARTICLES and len(versions) == EXAMPLE_VERSIONS
    assert {a["source"] for a in articles} == {"example-world"}
    harbour = next(a for a in articles if a["canonical_url"] == HARBOUR)
    assert harbour["versions"] == 2
    edits = [v for v in versions if v["article_url"] == HARBOUR]
    assert [v["version"] for v in edits] == [1, 2]
    assert "18" in edits[1]["text"] and edits[1]["change_kinds"]
    assert harbour["latest_version_id"] == edits[1]["version_id"]


def test_exported_claims_are_what_claims_list_shows(ledger: Path) -> None:
    listed = invoke_json(ledger, "claims", "list", "--limit", "1000")
    exported = export_jsonl(ledger, "claims")
    governor = export_jsonl(ledger, "claims", "--source", "hana relic")
    listed_governor = invoke_json(ledger, "claims", "list", "--source", "hana relic")
    children = export_jsonl(ledger, "claims", "--category", "children")
    future = export_csv(ledger, "claims", "--since", "2030-01-01")
    before = export_jsonl(ledger, "claims", "--until", "2024-03-05")

    assert sorted(c["claim_id"] for c in listed) == [c["claim_id"] for c in exported]
    assert {c["claim_id"]: c for c in listed} == {c["claim_id"]: c for c in exported}
    assert governor and {c["article_url"] for c in governor} == {HARBOUR}
    assert sorted(c["claim_id"] for c in listed_governor) == [c["claim_id"] for c in governor]
    assert children and all(
        any(q["category"] == "children" for q in c["quantities"]) for c in children
    )
    assert future == (COLUMNS["claims"], [])
    assert before and all(c["published_at"] < "2024-03-05" for c in before)


def test_timeline_export_holds_the_points_of_claims_timeline(ledger: Path) -> None:
    points = export_jsonl(ledger, "timeline")
    chosen = ["--source", "hana relic", "--category", "people", "--outcome", "killed"]
    [timeline] = invoke_json(ledger, "claims", "timeline", *chosen)
    exported = export_jsonl(ledger, "timeline", *chosen)

    assert exported == timeline["points"]
    assert all(p["category"] and p["source"] for p in points)
    qualified = [p for p in points if p["approx"] == "at least"]
    assert qualified and all(p["value"] is not None for p in qualified)
    harbour = [p for p in points if p["article_url"] == HARBOUR]
    assert harbour and {p["version"] for p in harbour} == {2}


def test_articles_and_versions_filter_by_registered_source_and_date(ledger: Path) -> None:
    _, mine = export_csv(ledger, "articles", "--source", "example-world")
    _, nobody = export_csv(ledger, "articles", "--source", "nobody")
    _, versions = export_csv(ledger, "versions", "--source", "example-world")
    later = export_jsonl(ledger, "articles", "--since", "2024-03-07")

    assert len(mine) == EXAMPLE_ARTICLES and nobody == []
    assert len(versions) == EXAMPLE_VERSIONS
    assert later and all(a["published_at"] >= "2024-03-07" for a in later)
    assert len(later) < EXAMPLE_ARTICLES


def test_export_to_a_file_and_its_errors(ledger: Path, tmp_path: Path, run: CliMain) -> None:
    target = tmp_path / "out" / "claims.jsonl"
    target.parent.mkdir()
    done = run("--config", ledger, "export", "claims", "--output", target)
    unwritable = run("--config", ledger, "export", "claims", "-o", tmp_path / "missing" / "c.csv")
    bad_date = run("--config", ledger, "export", "claims", "--since", "soon")
    bad_category = run("--config", ledger, "export", "claims", "--category", "goats")

    assert done.code == 0 and done.stdout == ""
    assert done.stderr.startswith("exported ") and str(target) in done.stderr
    rows = [json.loads(line) for line in target.read_text().splitlines()]
    assert rows == export_jsonl(ledger, "claims"), "format from the suffix"
    assert [p.name for p in target.parent.iterdir()] == ["claims.jsonl"], "no partial file left"
    assert "cannot write" in unwritable.assert_one_line_error(1, "error:")
    assert not (tmp_path / "missing").exists()
    bad_date.assert_one_line_error(2, "error: 'soon' is not a date")
    bad_category.assert_one_line_error(2, "error: category must be one of")


def test_keyset_pages_cross_chunk_boundaries_without_losing_or_repeating_rows(
    ledger: Path,
) -> None:
    """Chunks of one or two rows walk the same rows, in the same order, as one big chunk."""
    with session_scope(load_settings(ledger).database_url) as session:
        where = reads.ReadFilter()
        for newest_first in (False, True):
            whole = list(reads.iter_claims(session, where, newest_first=newest_first))
            for size in (1, 2):
                paged = reads.iter_claims(
                    session, where, newest_first=newest_first, chunk_size=size
                )
                assert list(paged) == whole
            articles = list(article_reads.iter_articles(session, newest_first=newest_first))
            paged_articles = article_reads.iter_articles(
                session, newest_first=newest_first, chunk_size=1, offset=1, limit=2
            )
            assert list(paged_articles) == articles[1:3]
        assert list(article_reads.iter_versions(session, chunk_size=2)) == list(
            article_reads.iter_versions(session)
        )
        assert list(timeline_reads.iter_timeline_points(session, chunk_size=1)) == list(
            timeline_reads.iter_timeline_points(session)
        )


# --- Parquet (the parquet extra) -----------------------------------------------------------------


def test_parquet_exports_read_back_as_the_jsonl_rows(
    ledger: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    # Row groups of two rows, so a file holds several and the writer's flushing is exercised.
    monkeypatch.setitem(export.KINDS, "claims", replace(export.KINDS["claims"], row_group=2))
    for kind, expected in COLUMNS.items():
        path = tmp_path / f"{kind}.parquet"
        invoke(ledger, "export", kind, "--output", str(path))
        table = pq.read_table(path)
        rows = table.to_pylist()
        objects = export_jsonl(ledger, kind)

        assert table.column_names == expected, kind
        assert len(rows) == len(objects) > 0, kind
        for row, obj in zip(rows, objects, strict=True):
            for name, value in row.items():
                if isinstance(value, datetime):
                    value = value.isoformat()
                elif name == "quantities":
                    value = json.loads(value)
                assert value == obj[name], (kind, name)
        if kind == "claims":
            assert pq.ParquetFile(path).metadata.num_row_groups == -(-len(rows) // 2)
    schema = pq.read_schema(tmp_path / "versions.parquet")
    assert str(schema.field("fetched_at").type) == "timestamp[us, tz=UTC]"
    assert str(schema.field("change_kinds").type) == "list<element: string>"
    assert not schema.field("version_id").nullable and schema.field("title").nullable


def test_parquet_without_pyarrow_is_one_line_and_exit_2(
    sqlite_url: str, tmp_path: Path, run: CliMain, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An install without the extra: importing pyarrow fails as it would if it were absent."""
    config = write_config(tmp_path, sqlite_url)
    invoke(config, "db", "upgrade")
    monkeypatch.setitem(sys.modules, "pyarrow", None)

    missing = run("--config", config, "export", "claims", "-o", tmp_path / "c.parquet")

    line = missing.assert_one_line_error(2, "error: Parquet export needs pyarrow")
    assert "--extra parquet" in line
    assert not (tmp_path / "c.parquet").exists()


# --- the same filters on the lists ------------------------------------------------------------


def test_lists_take_the_export_filters_and_show_the_exported_rows(ledger: Path) -> None:
    def ids(rows: list[dict[str, Any]], key: str) -> list[int]:
        return sorted(row[key] for row in rows)

    for filters in (
        ["--since", "2024-03-07"],
        ["--until", "2024-03-05"],
        ["--source", "example-world"],
        ["--source", "nobody"],
    ):
        listed = invoke_json(ledger, "articles", "list", *filters)
        exported = export_jsonl(ledger, "articles", *filters)
        assert ids(listed, "article_id") == ids(exported, "article_id"), filters
        by_id = {row["article_id"]: row for row in exported}
        assert all(by_id[row["article_id"]] == row for row in listed), filters
    for filters in (
        ["--outcome", "wounded"],
        ["--until", "2024-03-05"],
        ["--since", "2024-03-05", "--until", "2024-03-06", "--category", "people"],
    ):
        listed = invoke_json(ledger, "claims", "list", "--limit", "1000", *filters)
        exported = export_jsonl(ledger, "claims", *filters)
        assert listed and ids(listed, "claim_id") == ids(exported, "claim_id"), filters
    wounded = invoke_json(ledger, "claims", "list", "--outcome", "wounded")
    assert all(any(q["outcome"] == "wounded" for q in c["quantities"]) for c in wounded)
    assert len(invoke_json(ledger, "articles", "list", "--source", "example-world")) == (
        EXAMPLE_ARTICLES
    )
    assert invoke_json(ledger, "articles", "list", "--since", "2030-01-01") == []
