"""The public Python API: the verbs `claimledger/__init__.py` exports, used as a script would
use them on the bundled examples (a real ledger, the real ingest pass, no Prefect API)."""

from __future__ import annotations

import importlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import claimledger
from tests.conftest import write_config

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_every_public_name_comes_from_the_module_named_for_it() -> None:
    assert claimledger.__all__ == sorted(claimledger._PUBLIC)
    for name, module in claimledger._PUBLIC.items():
        assert getattr(claimledger, name) is getattr(importlib.import_module(module), name)
    with pytest.raises(AttributeError):
        claimledger.no_such_verb  # noqa: B018


def test_importing_the_package_imports_none_of_the_api() -> None:
    """The extraction processes import parts of the package: the API loads on first use."""
    code = (
        "import sys, claimledger; "
        "print(sorted({'sqlalchemy', 'claimledger.ledger'} & set(sys.modules)))"
    )
    imported = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert imported.strip() == "[]"


def test_a_script_ingests_the_examples_and_reads_their_claims(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    sources = '[[sources]]\nname = "example-world"\nurl = "examples/feeds/world.xml"\n'
    config = write_config(tmp_path, f"sqlite:///{tmp_path / 'ledger.db'}", sources)

    counters = claimledger.ingest_once(config)
    again = claimledger.ingest_once(config, sources=["example-world"])

    assert counters["pages_new_article"] > 0 and counters["claim_sets_new"] > 0
    assert not again.get("pages_new_article") and not again.get("claim_sets_new")
    settings = claimledger.load_settings(config)
    ledger = claimledger.open_ledger(settings.database_url)
    claims = ledger.claims(claimledger.ReadFilter(category="civilians"))
    assert claims and all(isinstance(claim, claimledger.ClaimRecord) for claim in claims)
    first = claims[0]
    assert first.source is not None
    timelines = ledger.timelines(source=first.source, category="civilians")
    assert timelines and all(isinstance(t, claimledger.Timeline) for t in timelines)


def test_a_script_extracts_a_page_without_a_ledger() -> None:
    document = claimledger.extract_document(str(EXAMPLES / "articles" / "harbour-toll.html"))
    assert isinstance(document, claimledger.ExtractedDocument)
    assert document.extraction.claims
    assert claimledger.extract_claims(document.text).claims == document.extraction.claims


def test_a_missing_ledger_is_the_api_s_database_error(tmp_path: Path) -> None:
    with pytest.raises(claimledger.DatabaseError, match="no ledger at"):
        claimledger.open_ledger(f"sqlite:///{tmp_path / 'none.db'}")
    with pytest.raises(claimledger.ClaimledgerError):
        claimledger.open_read_only(f"sqlite:///{tmp_path / 'none.db'}")
