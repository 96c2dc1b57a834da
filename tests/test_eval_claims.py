"""The claims evaluations: the attribution dev set's format, its matching rule, and both scripts
scoring what `claimledger extract` prints."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import eval_attribution, eval_fakes
from tests.shared_data import shared_data_dir

GOLD = Path(eval_attribution.GOLD)
SPAN_KEYS = {"source", "cue", "content"}


def _entries(set_name: str) -> list[dict[str, object]]:
    lines = (GOLD / f"{set_name}.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


@pytest.mark.parametrize("set_name", eval_attribution.SETS)
def test_the_dev_set_holds_offsets_only_at_least_forty_articles_in_alternating_halves(
    set_name: str,
) -> None:
    entries = _entries(set_name)
    assert len(entries) >= 40
    assert len({entry["id"] for entry in entries}) == len(entries)
    assert [entry["half"] for entry in entries] == [
        "AB"[index % 2] for index in range(len(entries))
    ]
    for entry in entries:
        assert set(entry) == {"set", "id", "half", "attributions"}
        assert entry["set"] == set_name
        attributions = entry["attributions"]
        assert isinstance(attributions, list)
        for attribution in attributions:
            assert set(attribution) == SPAN_KEYS  # no text of the article is stored
            assert attribution["content"] is not None and attribution["cue"] is not None
            for key in SPAN_KEYS:
                span = attribution[key]
                assert span is None or (len(span) == 2 and 0 <= span[0] < span[1])


def test_the_written_probe_set_holds_its_texts_in_two_blocks_of_halves() -> None:
    entries = _entries("probes")
    assert len(entries) == 300
    assert [entry["half"] for entry in entries] == ["A"] * 150 + ["B"] * 150
    for article in eval_attribution.load_gold("probes"):
        for gold in article.gold:
            for span in (gold.content, gold.source, gold.cue):
                if span is not None:
                    text = article.gold_text[span[0] : span[1]]
                    assert 0 <= span[0] < span[1] <= len(article.gold_text)
                    assert text == text.strip(), (article.id, text)


@pytest.mark.shared_data
@pytest.mark.parametrize("set_name", eval_attribution.SETS)
def test_every_gold_span_lies_in_its_text_and_is_trimmed(set_name: str) -> None:
    shared_data_dir()
    for article in eval_attribution.load_gold(set_name):
        for gold in article.gold:
            for span in (gold.content, gold.source, gold.cue):
                if span is not None:
                    text = article.gold_text[span[0] : span[1]]
                    assert span[1] <= len(article.gold_text)
                    assert text == text.strip(), (article.id, text)


@pytest.mark.parametrize("set_name", eval_attribution.WRITTEN_SETS)
def test_every_written_gold_span_lies_in_its_text_and_is_trimmed(set_name: str) -> None:
    for article in eval_attribution.load_gold(set_name):
        for gold in article.gold:
            for span in (gold.content, gold.source, gold.cue):
                if span is not None:
                    text = article.gold_text[span[0] : span[1]]
                    assert 0 <= span[0] < span[1] <= len(article.gold_text), (article.id, span)
                    assert text == text.strip(), (article.id, text)


@pytest.mark.parametrize("set_name", list(eval_fakes.WRITTEN_SETS))
def test_every_written_toll_set_has_four_counts_per_report(set_name: str) -> None:
    articles = eval_fakes.load_written(eval_fakes.WRITTEN_SETS[set_name])
    assert len(articles) == 100
    assert {article.half for article in articles} == {"A", "B"}
    for article in articles:
        assert set(article.gold) == set(eval_fakes.CONTRACT_FIELDS), article.unit_id
        assert all(value >= 0 for value in article.gold.values()), article.unit_id


def test_a_prediction_matches_the_gold_whose_content_it_overlaps_most_one_to_one() -> None:
    Attribution = eval_attribution.Attribution
    text = "Officials said the road was closed. Residents said it was open."
    gold = [
        Attribution((15, 34), (0, 9), (10, 14)),
        Attribution((51, 62), (36, 45), (46, 50)),
    ]
    predicted = [
        Attribution((15, 34), (0, 9), (10, 14)),
        Attribution((0, 62), None, (46, 50)),  # overlaps both; the first is taken
        Attribution((51, 62), (36, 45), (46, 50)),
    ]
    article = eval_attribution.Article("fakes", "1", "A", text, gold, predicted)
    scores = eval_attribution.score(article)
    assert (scores.gold, scores.predicted, scores.matched) == (2, 3, 2)
    assert (scores.source_right, scores.cue_right) == (2, 2)
    assert scores.precision == pytest.approx(2 / 3)
    assert scores.recall == 1.0


def test_two_attributions_of_one_content_pair_by_their_cues_not_by_their_order() -> None:
    Attribution = eval_attribution.Attribution
    text = "The talks stalled, Reuters reported, citing two officials."
    reported = Attribution((0, 17), (19, 26), (27, 35))
    citing = Attribution((0, 17), (44, 57), (37, 43))
    for predicted in ([reported, citing], [citing, reported]):
        article = eval_attribution.Article("fakes", "1", "A", text, [reported, citing], predicted)
        scores = eval_attribution.score(article)
        assert (scores.matched, scores.source_right, scores.cue_right) == (2, 2, 2)


def test_the_toll_score_reads_the_contract_fields_and_null_is_zero() -> None:
    killed = {
        "civilians": None,
        "children": 3,
        "women": None,
        "combatants": 5,
        "people": 12,
        "non_combatants": 7,
    }
    assert eval_fakes.predict_contract(killed) == {
        "nb_civilians": 7,
        "nb_children": 3,
        "nb_women": 0,
        "nb_noncivilians": 5,
    }


def test_the_written_toll_set_has_gold_for_every_category_and_alternating_halves() -> None:
    articles = eval_fakes.load_written(eval_fakes.WRITTEN_SETS["written"])
    assert len(articles) == 100
    assert [article.half for article in articles[:4]] == ["A", "B", "A", "B"]
    assert articles[0].gold == {  # t01: "killed at least 14 civilians, including five children"
        "nb_civilians": 14,
        "nb_children": 5,
        "nb_women": 0,
        "nb_noncivilians": 0,
    }
    blocks = eval_fakes.extract_killed(articles[:1])
    assert eval_fakes.predict_contract(blocks[0]) == articles[0].gold


@pytest.mark.shared_data
def test_both_scripts_score_what_extract_prints() -> None:
    shared_data_dir()
    articles = eval_fakes.load_articles(eval_fakes.DEFAULT_DATA)[:6]
    blocks = eval_fakes.extract_killed(articles)
    assert [set(block) for block in blocks] == [
        set(eval_fakes.CONTRACT_FIELDS.values())
        | {
            "civilians",
            "people",
        }
    ] * 6
    gold = eval_attribution.load_gold("aeb")[:2]
    eval_attribution.predict(gold)
    assert all(article.predicted for article in gold)


def test_a_passage_the_extractor_moved_still_carries_its_spans_onto_the_gold_text() -> None:
    gold = (
        "The council met on Monday to vote on the budget. "
        "The mayor said the new bridge would open next spring. "
        "Residents asked about the cost of repairs to the old road."
    )
    extracted = (  # the middle paragraph placed last, as a pull quote may be
        "The council met on Monday to vote on the budget. "
        "Residents asked about the cost of repairs to the old road. "
        "The mayor said the new bridge would open next spring."
    )
    align = eval_attribution._Aligner(extracted, gold)
    content = "the new bridge would open next spring"
    start = extracted.index(content)
    mapped = align({"start": start, "end": start + len(content)})
    assert mapped is not None
    assert gold[mapped[0] : mapped[1]] == content
