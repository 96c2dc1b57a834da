"""The AEB shingle metric on hand-made examples, and extract_article's score on the dev pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.eval_aeb import (
    DEFAULT_HALVES,
    Page,
    PageMatch,
    claimledger_text,
    load_halves,
    load_pages,
    match_page,
    page_matches,
    score,
    scores_by_half,
    shingles,
)
from tests.shared_data import shared_data_dir

# Measured with bench/eval_aeb.py on the 85 dev pages (extractor +cl7): precision 0.979, recall
# 0.982, F1 0.981; half A 0.975, half B 0.986.
MEASURED_F1 = 0.981
MEASURED_F1_BY_HALF = {"A": 0.975, "B": 0.986}
MARGIN = 0.01


def test_shingles_are_four_token_windows_over_word_runs() -> None:
    assert shingles("At least 23 civilians, including seven children.") == {
        ("At", "least", "23", "civilians"): 1,
        ("least", "23", "civilians", "including"): 1,
        ("23", "civilians", "including", "seven"): 1,
        ("civilians", "including", "seven", "children"): 1,
    }
    assert shingles("Too short.") == {("Too", "short"): 1}
    assert shingles(" ... ") == {}


def test_match_counts_a_multiset_and_normalises_to_one() -> None:
    truth = "one two three four five"  # shingles: 1-4, 2-5
    prediction = "one two three four five one two three four"  # 1-4, 2-5, 3-1, 4-2, 5-3, 1-4
    match = match_page(truth, prediction)
    assert match == PageMatch(2 / 6, 4 / 6, 0.0)
    assert match.true_positive + match.false_positive + match.false_negative == pytest.approx(1)


def test_match_of_a_partial_prediction() -> None:
    truth = "a b c d e f"  # abcd, bcde, cdef
    match = match_page(truth, "x a b c d")  # xabc, abcd
    assert match == PageMatch(1 / 4, 1 / 4, 2 / 4)


def test_score_averages_per_page_and_takes_f1_from_the_averages() -> None:
    perfect = match_page("one two three four five", "one two three four five")
    half = match_page("a b c d e f", "x a b c d")  # precision 1/2, recall 1/3
    missed = match_page("p q r s t", "")  # no prediction: counts for recall only

    result = score([perfect, half, missed])

    assert result.precision == pytest.approx((1 + 1 / 2) / 2)
    assert result.recall == pytest.approx((1 + 1 / 3 + 0) / 3)
    expected_f1 = 2 * result.precision * result.recall / (result.precision + result.recall)
    assert result.f1 == pytest.approx(expected_f1)


def test_pages_with_neither_truth_nor_prediction_do_not_count() -> None:
    empty = match_page("", "")
    assert empty == PageMatch(0.0, 0.0, 0.0)
    assert score([empty, match_page("a b c d", "a b c d")]).f1 == pytest.approx(1.0)


def test_scores_by_half_scores_each_half_and_both(tmp_path: Path) -> None:
    halves_file = tmp_path / "halves.jsonl"
    halves_file.write_text(
        '{"id": "p1", "half": "A"}\n{"id": "p2", "half": "B"}\n\n{"id": "p3", "half": "B"}\n',
        encoding="utf-8",
    )
    halves = load_halves(halves_file)
    assert halves == {"p1": "A", "p2": "B", "p3": "B"}
    pages = [Page(page_id, "", b"", "") for page_id in ("p1", "p2", "p3")]
    matches = [
        match_page("one two three four five", "one two three four five"),
        match_page("a b c d e f", "x a b c d"),  # precision 1/2, recall 1/3
        match_page("p q r s t", ""),
    ]

    by_half = scores_by_half(pages, matches, halves)

    assert by_half["A"] == score(matches[:1])
    assert by_half["B"] == score(matches[1:])
    assert by_half["both"] == score(matches)
    assert by_half["B"].precision == pytest.approx(1 / 2)
    assert by_half["B"].recall == pytest.approx((1 / 3 + 0) / 2)


def test_every_dev_page_has_a_half() -> None:
    halves = load_halves(DEFAULT_HALVES)
    assert len(halves) == 85
    assert set(halves.values()) == {"A", "B"}


@pytest.mark.shared_data
def test_extract_article_keeps_its_aeb_dev_score() -> None:
    pages = load_pages(shared_data_dir() / "aeb-dev")
    matches, _ = page_matches(pages, claimledger_text)
    assert len(pages) == 85
    by_half = scores_by_half(pages, matches, load_halves(DEFAULT_HALVES))
    assert by_half["both"].f1 >= MEASURED_F1 - MARGIN, by_half
    for half, measured in MEASURED_F1_BY_HALF.items():
        assert by_half[half].f1 >= measured - MARGIN, by_half
