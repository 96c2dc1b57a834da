"""Bad input never breaks the extractor: any Unicode, no punctuation, huge texts.

Hypothesis throws arbitrary and news-flavoured text at extract_claims; every result must be
well-formed (offsets inside the text, spans equal to their slices, kinds and categories from
the contract) and the work must stay linear in the text length.
"""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors.claims import ClaimExtraction, extract_claims
from extractors.claims.model import CATEGORIES, KINDS, OUTCOMES

# Words that trigger every rule, so random sequences exercise the rules, not just the tokenizer.
NEWS_WORDS = [
    "said", "says", "told", "according", "to", "reportedly", "killed", "dead", "wounded",
    "civilians", "children", "women", "fighters", "people", "more", "than", "at", "least",
    "almost", "over", "dozens", "thousands", "of", "the", "a", "group", "Observatory",
    "Syrian", "monitor", "including", "among", "them", "were", "and", "1,000", "10\u00a0000",
    "eight", "twenty-five", "hundred", "between", "or", "toll", "at", "58", "2011", "since",
    "war", ",", ".", '"', "“", "”", ":", "-", "(", ")", "\n", "Elsewhere", "Meanwhile",
    "that", "he", "it", "posted", "on", "Twitter", "spoke", "accusing", "a child",
]  # fmt: skip
news_text = st.lists(st.sampled_from(NEWS_WORDS), max_size=80).map(" ".join)


def assert_well_formed(text: str, extraction: ClaimExtraction) -> None:
    previous = (-1, -1)
    for claim in extraction.claims:
        assert 0 <= claim.start < claim.end <= len(text)
        same_sentence = (claim.start, claim.end) == previous
        assert same_sentence or claim.start >= previous[1], "sentences in order, not overlapping"
        previous = (claim.start, claim.end)
        assert claim.kind in KINDS
        assert claim.start <= claim.content.start <= claim.content.end <= claim.end
        for span in (claim.content, claim.source, claim.cue, *claim.quantities):
            if span is not None:
                assert text[span.start : span.end] == span.text
                assert claim.start <= span.start <= span.end <= claim.end
        for quantity in claim.quantities:
            assert quantity.category is None or quantity.category in CATEGORIES
            assert quantity.outcome is None or quantity.outcome in OUTCOMES
            if quantity.low is not None and quantity.high is not None:
                assert quantity.low <= quantity.high
    for toll in (extraction.casualties.killed, extraction.casualties.wounded):
        assert all(value is None or value >= 0 for value in toll.to_dict().values())


@given(st.text())
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
def test_any_unicode_text_gives_a_well_formed_result(text: str) -> None:
    assert_well_formed(text, extract_claims(text))


@given(news_text)
@settings(max_examples=500)
def test_news_like_word_salad_gives_a_well_formed_result(text: str) -> None:
    extraction = extract_claims(text)
    assert_well_formed(text, extraction)
    assert extraction.to_dict()["claims"] == [claim.to_dict() for claim in extraction.claims]


@given(st.lists(st.sampled_from(NEWS_WORDS), min_size=1, max_size=30), st.integers(1, 5))
@settings(max_examples=100)
def test_the_same_text_gives_the_same_result(words: list[str], repeat: int) -> None:
    text = " ".join(words * repeat)
    assert extract_claims(text) == extract_claims(text)


def test_empty_and_blank_texts_give_nothing() -> None:
    for text in ("", " ", "\n\n", "\u00a0", "..."):
        extraction = extract_claims(text)
        assert extraction.claims == ()
        assert extraction.casualties.killed.people is None


def _seconds(text: str) -> float:
    started = time.perf_counter()
    assert_well_formed(text, extract_claims(text))
    return time.perf_counter() - started


def test_a_megabyte_without_punctuation_finishes_fast() -> None:
    unit = "the group said more than 1000 civilians were killed according to officials "
    text = (unit * (1_000_000 // len(unit) + 1))[:1_000_000]
    assert _seconds(text) < 20


def test_a_megabyte_of_news_sentences_finishes_fast() -> None:
    unit = (
        "The Syrian Observatory said that 12 civilians, including 3 children, were killed. "
        '"They killed my son," said a father. Elsewhere, dozens of people were wounded.\n'
    )
    text = unit * (1_000_000 // len(unit) + 1)
    assert _seconds(text) < 20


def test_pathological_runs_stay_linear() -> None:
    """Four times the input takes about four times as long: no quadratic regex or window.
    A pair is measured up to three times, so a busy machine's pause in one run does not read
    as quadratic growth (which would fail every time)."""
    for unit in (".", '"', "1,", "twenty ", "said ", "a ", "Aa ", "-", "(", "\u00a0"):
        for _ in range(3):
            small = _seconds(unit * 25_000)
            large = _seconds(unit * 100_000)
            if large < 8 * small + 0.5:
                break
        assert large < 8 * small + 0.5, f"{unit!r}: {small:.3f}s then {large:.3f}s"
