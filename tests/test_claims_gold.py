"""The hand-annotated seed claims (../shared/data/seeds/gold-claims.json) are all found.

Each gold claim must come out with its sentence span, source span, cue and quantities (value,
category, outcome; approx where annotated), and its hedge, kind and resolved source where the
gold gives them. Each article may carry at most two claims the gold does not list.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from extractors.claims import Claim, ClaimExtraction, extract_claims
from tests.shared_data import SHARED_DATA_DIR, shared_data_dir

pytestmark = pytest.mark.shared_data

MAX_EXTRA_CLAIMS_PER_ARTICLE = 2
# The gold says "dead" where the contract says "killed".
OUTCOME_ALIASES = {"dead": "killed", "died": "killed", "injured": "wounded"}


def _gold_path(root: Path) -> Path:
    return root / "seeds" / "gold-claims.json"


def _gold_ids() -> list[tuple[str, int]]:
    """(file, claim index) pairs, read at collection time when the data is present."""
    path = _gold_path(SHARED_DATA_DIR)
    if not path.is_file():
        return [("absent", -1)]
    gold = json.loads(path.read_text(encoding="utf-8"))
    return [(name, index) for name, entry in gold.items() for index in range(len(entry["claims"]))]


@cache
def _gold() -> dict[str, Any]:
    return dict(json.loads(_gold_path(shared_data_dir()).read_text(encoding="utf-8")))


@cache
def _extraction(name: str) -> tuple[str, ClaimExtraction]:
    text = (shared_data_dir() / "seeds" / name).read_text(encoding="utf-8")
    return text, extract_claims(text)


def _claim_at(extraction: ClaimExtraction, start: int, end: int, cue: str | None) -> Claim | None:
    """The claim of the sentence at ``start``/``end``; of several (a sentence may carry more
    than one attribution), the one with the gold's cue."""
    claims = [c for c in extraction.claims if (c.start, c.end) == (start, end)]
    with_cue = [c for c in claims if (c.cue.text if c.cue else None) == cue]
    chosen = with_cue or claims
    return chosen[0] if chosen else None


@pytest.mark.parametrize(("name", "index"), _gold_ids())
def test_gold_claim_is_found(name: str, index: int) -> None:
    gold = _gold()[name]["claims"][index]
    text, extraction = _extraction(name)
    claim = _claim_at(extraction, gold["start"], gold["end"], gold.get("cue"))
    assert claim is not None, f"no claim for sentence {gold['sentence']!r}"
    assert text[claim.start : claim.end] == gold["sentence"]

    if gold["source"] is None:
        assert claim.source is None
    else:
        assert claim.source is not None, f"no source, expected {gold['source']!r}"
        assert (claim.source.start, claim.source.end, claim.source.text) == (
            gold["source_start"],
            gold["source_end"],
            gold["source"],
        )
        if "resolved_source" in gold:
            assert claim.source.resolved == gold["resolved_source"]

    if gold["cue"] is None:
        assert claim.cue is None
    else:
        assert claim.cue is not None and claim.cue.text == gold["cue"]
        assert claim.start <= claim.cue.start < claim.cue.end <= claim.end

    if "hedge" in gold:
        assert claim.hedge == gold["hedge"]
    if "kind" in gold:
        assert claim.kind == gold["kind"]

    found = [(q.value, q.category, q.outcome, q.approx) for q in claim.quantities]
    for quantity in gold.get("quantities", []):
        outcome = OUTCOME_ALIASES.get(quantity["outcome"], quantity["outcome"])
        matches = [
            item
            for item in found
            if item[:3] == (quantity["value"], quantity["category"], outcome)
            and ("approx" not in quantity or item[3] == quantity["approx"])
        ]
        assert matches, f"{quantity} not among {found}"


@pytest.mark.parametrize("name", sorted({name for name, _ in _gold_ids()}))
def test_at_most_two_extra_claims_per_article(name: str) -> None:
    gold_spans = {(claim["start"], claim["end"]) for claim in _gold()[name]["claims"]}
    _, extraction = _extraction(name)
    extra = [claim for claim in extraction.claims if (claim.start, claim.end) not in gold_spans]
    assert len(extra) <= MAX_EXTRA_CLAIMS_PER_ARTICLE, [claim.content.text for claim in extra]


@pytest.mark.parametrize("name", sorted({name for name, _ in _gold_ids()}))
def test_every_offset_points_into_the_raw_text(name: str) -> None:
    text, extraction = _extraction(name)
    for claim in extraction.claims:
        spans = [claim.content, claim.source, claim.cue, *claim.quantities]
        for span in spans:
            if span is not None:
                assert text[span.start : span.end] == span.text
