"""The claim extractor on our own example pages (examples/articles/*.html), end to end.

These pages are well-punctuated news, unlike the FA-KES dev texts the rules were first tuned on:
curly quotes, appositives, relative clauses, post-modified sources, wounded and displaced counts.
Each page goes through extract_article first, as in the ingest flow.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from extractors.article import extract_article
from extractors.claims import Claim, ClaimExtraction, Toll, extract_claims

EXAMPLES_DIR = Path(__file__).resolve().parents[1] / "examples" / "articles"


@cache
def extraction(name: str) -> ClaimExtraction:
    text = extract_article((EXAMPLES_DIR / f"{name}.html").read_bytes()).text
    return extract_claims(text)


def claim_starting(name: str, opening: str) -> Claim:
    """The page's claim whose content or source starts with ``opening``."""
    for claim in extraction(name).claims:
        source = claim.source.text if claim.source is not None else ""
        if claim.content.text.startswith(opening) or source.startswith(opening):
            return claim
    raise AssertionError(f"no claim starting {opening!r} in {name}")


def test_every_example_page_gives_well_formed_claims() -> None:
    pages = sorted(EXAMPLES_DIR.glob("*.html"))
    assert pages, "examples/articles is empty"
    for page in pages:
        text = extract_article(page.read_bytes()).text
        for claim in extract_claims(text).claims:
            for span in (claim.content, claim.source, claim.cue, *claim.quantities):
                assert span is None or text[span.start : span.end] == span.text


@pytest.mark.parametrize(
    ("name", "opening", "source", "resolved", "cue", "content"),
    [
        (
            "tal-haddar-market-strike",
            "No operations",
            "ministry spokesman Colonel Yusuf Karam",
            "ministry spokesman Colonel Yusuf Karam",
            "said",
            "No operations were conducted in Tal Haddar on Monday",
        ),
        (
            "tal-haddar-market-strike",
            "Most of the victims",
            "Samir Adoum",
            "Samir Adoum",
            "told",
            "Most of the victims were women and children shopping before the holiday",
        ),
        (
            "ceasefire-talks-stall",
            "We are not at the point",
            "a diplomat close to the negotiations",
            None,
            "told",
            "We are not at the point of collapse, but we are not moving forward either",
        ),
        (
            "harbour-toll",
            "There were bodies",
            "Ilyas Marrow",
            "Ilyas Marrow",
            "told",
            "There were bodies between the crates, people were screaming for their children",
        ),
        (
            "amren-valley-displacement",
            "Families are leaving",
            "Ana Brevik",
            "Ana Brevik",
            "told",
            "Families are leaving with nothing but what they can carry, and many are sleeping "
            "in the open in near-freezing temperatures",
        ),
    ],
)
def test_direct_quotes_on_the_example_pages(
    name: str, opening: str, source: str, resolved: str | None, cue: str, content: str
) -> None:
    claim = claim_starting(name, opening)
    assert claim.kind == "direct_quote"
    assert claim.source is not None and claim.cue is not None
    assert (claim.source.text, claim.source.resolved) == (source, resolved)
    assert (claim.cue.text, claim.content.text) == (cue, content)


@pytest.mark.parametrize(
    ("name", "source", "resolved"),
    [
        ("harbour-toll", "Officials in Port Selvan", None),
        ("tal-haddar-market-strike", "Residents reached by telephone", None),
        ("tal-haddar-market-strike", "the district health office", None),
        ("ceasefire-talks-stall", "A spokesman for the opposition\u2019s military council", None),
        ("amren-valley-displacement", "A rebel commander", None),
        ("amren-valley-displacement", "The agency", "UN refugee agency"),
        ("harbour-toll", "The Selvan Civil Monitoring Network", "Selvan Civil Monitoring Network"),
        (
            "harbour-toll-updated",
            "The Selvan Civil Monitoring Network",
            "Selvan Civil Monitoring Network",
        ),
    ],
)
def test_sources_on_the_example_pages(name: str, source: str, resolved: str | None) -> None:
    matches = [
        claim.source
        for claim in extraction(name).claims
        if claim.source is not None and claim.source.text == source
    ]
    assert matches, [c.source.text for c in extraction(name).claims if c.source is not None]
    assert all(match.resolved == resolved for match in matches)


def test_the_network_itself_says_it_recorded_the_strikes() -> None:
    claim = claim_starting("harbour-toll", "The Selvan Civil Monitoring Network")
    assert claim.cue is not None and claim.cue.text == "said"
    assert claim.content.text.startswith("it had recorded at least 11 strikes")


def test_the_rebel_commander_claim_is_attributed_and_counts_soldiers_killed() -> None:
    claim = claim_starting("amren-valley-displacement", "his forces had killed")
    assert claim.source is not None and claim.source.text == "A rebel commander"
    assert claim.kind == "indirect"
    assert [(q.value, q.category, q.outcome) for q in claim.quantities] == [
        (30, "fighters", "killed")
    ]


def test_people_who_fled_or_left_their_homes_are_displaced() -> None:
    displaced = [
        (quantity.value, quantity.outcome)
        for claim in extraction("amren-valley-displacement").claims
        for quantity in claim.quantities
        if quantity.value == 12000
    ]
    assert displaced == [(12000, "displaced"), (12000, "displaced")]


def test_parts_of_earlier_counts_are_not_new_counts() -> None:
    values = [
        quantity.value
        for claim in extraction("harbour-toll-updated").claims
        for quantity in claim.quantities
    ]
    assert 2 in values  # "including two children"
    assert 7 not in values  # "seven of them in a critical condition"
    assert values.count(2) == 1  # "two of the wounded (had) died overnight" counts nobody


@pytest.mark.parametrize(
    ("name", "killed", "wounded"),
    [
        (
            "harbour-toll",
            Toll(people=16, non_combatants=16),
            Toll(people=41, non_combatants=41),
        ),
        (
            "harbour-toll-updated",
            Toll(children=2, people=18, non_combatants=18),
            Toll(people=39, non_combatants=39),
        ),
        (
            "tal-haddar-market-strike",
            Toll(civilians=23, children=7, non_combatants=23),
            Toll(people=40, non_combatants=40),
        ),
        ("ceasefire-talks-stall", Toll(combatants=12), Toll()),
        # "at least three displaced children have died": displaced, then killed
        (
            "amren-valley-displacement",
            Toll(children=3, combatants=30, non_combatants=3),
            Toll(),
        ),
    ],
)
def test_headline_tolls_of_the_example_pages(name: str, killed: Toll, wounded: Toll) -> None:
    casualties = extraction(name).casualties
    assert (casualties.killed, casualties.wounded) == (killed, wounded)
