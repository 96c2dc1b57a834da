"""Sources, cues, content, hedges, kinds and sentence spans, on sentences written here."""

from __future__ import annotations

import pytest

from extractors.claims import Claim, extract_claims


def claim_of(text: str) -> Claim:
    claims = extract_claims(text).claims
    assert len(claims) == 1, claims
    return claims[0]


@pytest.mark.parametrize(
    ("text", "source", "cue", "content"),
    [
        (
            "The Red Cross said that 12 civilians were killed.",
            "The Red Cross",
            "said",
            "12 civilians were killed",
        ),
        ("Local officials say the road is closed.", "Local officials", "say", "the road is closed"),
        ("The road is closed, the governor said.", "the governor", "said", "The road is closed"),
        ("The road is closed the governor said.", "the governor", "said", "The road is closed"),
        (
            "The toll, the agency said, is likely to rise.",
            "the agency",
            "said",
            "The toll, the agency said, is likely to rise",
        ),
        (
            '"We will rebuild," said Mayor Jane Doe.',
            "Mayor Jane Doe",
            "said",
            "We will rebuild",
        ),
        (
            "The town fell on Monday, said army spokesman Ali Hassan.",
            "army spokesman Ali Hassan",
            "said",
            "The town fell on Monday",
        ),
        (
            "According to the Health Ministry, 40 people were wounded.",
            "the Health Ministry",
            "According to",
            "40 people were wounded",
        ),
        (
            "The Defence Ministry posted on Twitter that the drill had ended.",
            "The Defence Ministry",
            "posted on Twitter",
            "the drill had ended",
        ),
        (
            "Jane Doe, the city's mayor, said the water was safe.",
            "Jane Doe",
            "said",
            "the water was safe",
        ),
        (
            "On Friday, the charity told reporters it would stay.",
            "the charity",
            "told",
            "reporters it would stay",
        ),
        (
            "The minister rejected the plan, accusing rivals of sabotage.",
            "The minister",
            "accusing",
            "rivals of sabotage",
        ),
    ],
)
def test_source_cue_and_content(text: str, source: str, cue: str, content: str) -> None:
    claim = claim_of(text)
    assert claim.source is not None and claim.cue is not None
    assert (claim.source.text, claim.cue.text, claim.content.text) == (source, cue, content)


@pytest.mark.parametrize(
    "text",
    [
        "Moscow's claims that the raids hit only militants were denied.",  # a noun, not a cue
        "The war has added to fears of famine.",  # "added to" reports nothing
        "The town is said to be calm.",  # passive: no source named
        "The reported attack hit a school.",  # participle used as an adjective
        "Said Ahmad opened a shop in the old city.",  # a name, not the verb
    ],
)
def test_words_that_look_like_cues_are_not(text: str) -> None:
    assert extract_claims(text).claims == ()


def test_a_multi_sentence_quote_is_one_claim() -> None:
    text = '"They hit the market. Then they hit the clinic," said a nurse at the hospital.'
    claim = claim_of(text)
    assert (claim.start, claim.end) == (0, len(text))
    assert claim.kind == "direct_quote"
    assert claim.content.text == "They hit the market. Then they hit the clinic"
    assert claim.source is not None and claim.source.text == "a nurse at the hospital"


def test_kinds() -> None:
    assert claim_of("The governor said the road was closed.").kind == "indirect"
    assert claim_of('The governor said: "The road is closed."').kind == "direct_quote"
    assert claim_of("Twelve civilians were killed on Monday.").kind == "unattributed"
    comparative = claim_of("The raids killed more civilians than militants.")
    assert (comparative.kind, comparative.source, comparative.quantities) == (
        "comparative",
        None,
        (),
    )


def test_an_unattributed_claim_has_the_sentence_as_content() -> None:
    text = "Twelve civilians were killed on Monday."
    claim = claim_of(text)
    assert (claim.source, claim.cue) == (None, None)
    assert claim.content.text == text


def test_the_hedge_nearest_the_count_is_reported() -> None:
    text = "Cluster bombs were allegedly used, and 200 civilians were reportedly killed."
    assert claim_of(text).hedge == "reportedly"
    assert claim_of("Officials were believed to be safe, the agency said.").hedge == "believed"
    assert claim_of("The agency said the road was closed.").hedge is None


def test_sources_resolve_to_the_entity_named_earlier() -> None:
    text = (
        "The Syrian Observatory for Human Rights said 12 people were killed. "
        "The toll may rise, the monitoring group said. "
        "The Syrian Observatory said the raids continued. "
        "Monitoring groups say the data is incomplete. "
        "Observatory head Rami Abdel Rahman said the town was empty. "
        "Abdel Rahman said the roads were cut. "
        "He said aid had not arrived."
    )
    resolved = [
        None if claim.source is None else claim.source.resolved
        for claim in extract_claims(text).claims
    ]
    full = "Syrian Observatory for Human Rights"
    head = "Observatory head Rami Abdel Rahman"
    assert resolved == [full, full, full, None, head, head, head]


def test_sentences_split_on_full_stops_and_lines_but_not_abbreviations() -> None:
    text = (
        "Headline: 4,000 civilians killed\n\n"
        "Dr. Jones said 5 people were killed in the U.S. city. The police said 6 were hurt.\n"
        "Troops killed 7 rebels, officials said"
    )
    sentences = [text[c.start : c.end] for c in extract_claims(text).claims]
    assert sentences == [
        "Headline: 4,000 civilians killed",
        "Dr. Jones said 5 people were killed in the U.S. city.",
        "The police said 6 were hurt.",
        "Troops killed 7 rebels, officials said",
    ]


def test_offsets_survive_no_break_spaces_and_curly_quotes() -> None:
    text = "“We counted 30\u00a0bodies,” said a\u00a0local doctor.\u00a0The UN said 12 died."
    claims = extract_claims(text).claims
    assert len(claims) == 2
    first = claims[0]
    assert first.kind == "direct_quote"
    assert first.source is not None and first.source.text == "a\u00a0local doctor"
    assert first.quantities[0].value == 30
    for claim in claims:
        for span in (claim.content, claim.source, claim.cue, *claim.quantities):
            assert span is not None and text[span.start : span.end] == span.text
