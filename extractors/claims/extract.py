"""From article text to claims and the casualty roll-up.

A sentence is a claim when a reporting cue attributes it to a source, when it carries a count of
people killed or wounded, or when it compares casualties ("killed more civilians than
militants"). Each sentence is tokenized once and every rule works on bounded windows of its
tokens, so the whole extraction is linear in the text length.
"""

from __future__ import annotations

from collections.abc import Sequence

from extractors.claims.attribution import Attribution, find_attribution
from extractors.claims.casualties import SentenceCounts, classify, roll_up
from extractors.claims.lexicon import (
    BE_FORMS,
    CATEGORY_NOUNS,
    COMPARATIVE_WORDS,
    HEDGES,
    OUTCOME_WORDS,
    PASSIVE_HEDGES,
)
from extractors.claims.model import Claim, ClaimExtraction, Source, Span
from extractors.claims.quantities import FoundQuantity, find_quantities
from extractors.claims.sentences import split_sentences
from extractors.claims.sources import SourceResolver
from extractors.claims.tokens import Token, tokenize

_CASUALTY_OUTCOMES = frozenset({"killed", "wounded"})
_COMPARED_NOUN_WINDOW = 3  # "far more civilians than": words between "more" and the noun
_THAN_WINDOW = 12


def extract_claims(text: str) -> ClaimExtraction:
    """Claims and the headline casualty toll of one article. Pure: same text, same result."""
    resolver = SourceResolver()
    claims: list[Claim] = []
    counts: list[SentenceCounts] = []
    for sentence in split_sentences(text):
        tokens = tokenize(text, sentence.start, sentence.end)
        if not tokens:
            continue
        found = find_quantities(text, tokens)
        if found:
            quantities = tuple(item.quantity for item in found)
            counts.append(classify(text[sentence.start : sentence.end], quantities))
        claim = _claim(text, sentence.start, sentence.end, tokens, found, resolver)
        if claim is not None:
            claims.append(claim)
    return ClaimExtraction(claims=tuple(claims), casualties=roll_up(counts))


def _claim(
    text: str,
    start: int,
    end: int,
    tokens: Sequence[Token],
    found: Sequence[FoundQuantity],
    resolver: SourceResolver,
) -> Claim | None:
    attribution = find_attribution(text, tokens)
    comparative = _is_comparative(tokens)
    counts_casualties = any(item.quantity.outcome in _CASUALTY_OUTCOMES for item in found)
    if attribution is None and not comparative and not counts_casualties:
        return None
    quantities = tuple(item.quantity for item in found)
    hedge = _hedge(tokens, found)
    if attribution is None:
        kind = "comparative" if comparative else "unattributed"
        content = Span(start, end, text[start:end])
        return Claim(start, end, kind, content, None, None, hedge, quantities)
    if comparative:
        kind = "comparative"
    else:
        kind = "direct_quote" if attribution.is_direct_quote else "indirect"
    return Claim(
        start,
        end,
        kind,
        Span(
            attribution.content_start,
            attribution.content_end,
            text[attribution.content_start : attribution.content_end],
        ),
        _source(text, tokens, attribution, resolver),
        _span(text, tokens, attribution.cue_start, attribution.cue_end),
        hedge,
        quantities,
    )


def _span(text: str, tokens: Sequence[Token], first: int, end: int) -> Span:
    start, stop = tokens[first].start, tokens[end - 1].end
    return Span(start, stop, text[start:stop])


def _source(
    text: str, tokens: Sequence[Token], attribution: Attribution, resolver: SourceResolver
) -> Source:
    phrase = tokens[attribution.source_start : attribution.source_end]
    span = _span(text, tokens, attribution.source_start, attribution.source_end)
    resolved = resolver.resolve(text, phrase, sentence_start=attribution.source_start == 0)
    return Source(span.start, span.end, span.text, resolved)


def _hedge(tokens: Sequence[Token], found: Sequence[FoundQuantity]) -> str | None:
    """The hedge nearest the first casualty count ("have reportedly been killed"), else the
    first hedge of the sentence."""
    positions: list[tuple[int, str]] = []
    for index, token in enumerate(tokens):
        passive = index > 0 and tokens[index - 1].lower in BE_FORMS
        if token.lower in HEDGES or (passive and token.lower in PASSIVE_HEDGES):
            positions.append((index, token.lower))
    if not positions:
        return None
    if not found:
        return positions[0][1]
    anchor = found[0].token_index
    return min(positions, key=lambda position: abs(position[0] - anchor))[1]


def _is_comparative(tokens: Sequence[Token]) -> bool:
    """ "killed more civilians than Isil militants": casualties compared, not counted."""
    has_outcome = any(token.lower in OUTCOME_WORDS for token in tokens)
    if not has_outcome:
        return False
    for index, token in enumerate(tokens):
        if token.lower not in COMPARATIVE_WORDS:
            continue
        noun_window = tokens[index + 1 : index + 1 + _COMPARED_NOUN_WINDOW]
        nouns = [offset for offset, item in enumerate(noun_window) if item.lower in CATEGORY_NOUNS]
        if not nouns:
            continue
        after_noun = index + 2 + nouns[0]
        if any(item.lower == "than" for item in tokens[after_noun : after_noun + _THAN_WINDOW]):
            return True
    return False
