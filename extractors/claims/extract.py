"""From article text to claims and the casualty roll-up.

Every attribution of a sentence (a cue, its source or none, its content) is a claim, and so is
a count of people killed or wounded or a comparison of casualties ("killed more civilians than
militants") that no attribution's content holds. Each sentence is tokenized once and every rule
works on bounded windows of its tokens, at most a fixed number of attributions per sentence, so
the whole extraction is linear in the text length.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import replace

from extractors.claims.attribution import Attribution, find_attributions
from extractors.claims.casualties import SentenceCounts, classify, roll_up
from extractors.claims.cues import CUES
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
from extractors.claims.sentences import Sentence, sentence_pieces, split_sentences
from extractors.claims.sources import SourceResolver
from extractors.claims.tokens import Token, tokenize

# What a source's last token may carry that is not the source: a possessive ("Moscow's
# claim") or a contracted be-form ("I'm sure", "they're confident").
_CLITICS = tuple(apostrophe + ending for ending in ("s", "m", "re") for apostrophe in "'\u2019")
_CASUALTY_OUTCOMES = frozenset({"killed", "wounded"})
_DOUBLE_QUOTES = '"\u201c\u201d'
_AFTER_QUOTE = ".!?, "  # what may follow a closing quote at a sentence's end
_COMPARED_NOUN_WINDOW = 3  # "far more civilians than": words between "more" and the noun
_THAN_WINDOW = 12


def extract_claims(text: str) -> ClaimExtraction:
    """Claims and the headline casualty toll of one article. Pure: same text, same result."""
    resolver = SourceResolver()
    claims: list[Claim] = []
    counts: list[SentenceCounts] = []
    for position, sentence in enumerate(split_sentences(text)):
        tokens = tokenize(text, sentence.start, sentence.end)
        if not tokens:
            continue
        found = find_quantities(text, tokens)
        quantities = tuple(item.quantity for item in found)
        for piece in sentence_pieces(text, sentence):
            inside = tuple(q for q in quantities if piece.start <= q.start < piece.end)
            counts.append(classify(text[piece.start : piece.end], inside, position))
        own = _claims(text, sentence.start, sentence.end, tokens, found, resolver)
        quote = _last_direct_quote(claims)
        if quote is not None and _continues_quotation(text, claims[quote], sentence, own):
            claims[quote] = _extended(text, claims[quote], sentence.end, own)
            claims.extend(claim for claim in own if claim.cue is not None)  # nested: "I think"
        else:
            claims.extend(own)
    return ClaimExtraction(claims=tuple(claims), casualties=roll_up(counts))


def _last_direct_quote(claims: Sequence[Claim]) -> int | None:
    """Index of the last claim when it is a direct quote of the last sentence with claims, or
    the nested attributions inside that quote follow it."""
    for index in range(len(claims) - 1, -1, -1):
        claim = claims[index]
        if claim.kind == "direct_quote":
            return index
        if claim.start < claims[-1].start and claim.end <= claims[-1].start:
            return None  # an earlier sentence: the quote is not the last one
    return None


def _continues_quotation(text: str, quote: Claim, sentence: Sentence, own: Sequence[Claim]) -> bool:
    """`"Q1," X said. "Q2."`: a sentence that is one whole quotation, right after a direct
    quote whose frame closed its sentence, goes on with the same quote; attributions inside it
    ("I think ...") are nested in that quote."""
    if quote.cue is None or quote.content.end > quote.cue.start:
        return False  # `X said: "Q"` may be followed by anything
    between = text[quote.end : sentence.start]
    if between.strip() or between.count("\n") > 2:  # a sentence between, or a new section
        return False
    if any(claim.kind == "direct_quote" for claim in own):
        return False
    words = text[sentence.start : sentence.end]
    quote_marks = sum(words.count(mark) for mark in _DOUBLE_QUOTES)
    return (
        words[0] in _DOUBLE_QUOTES
        and words.rstrip(_AFTER_QUOTE)[-1:] in _DOUBLE_QUOTES
        and quote_marks == 2
    )


def _extended(text: str, claim: Claim, end: int, own: Sequence[Claim]) -> Claim:
    """The quote with its content run on to the end of the next sentence's quotation, and the
    counts that sentence held outside any nested attribution."""
    content_end = len(text[:end].rstrip(_AFTER_QUOTE)) - 1
    content = Span(claim.content.start, content_end, text[claim.content.start : content_end])
    loose = tuple(q for c in own if c.cue is None for q in c.quantities)
    return replace(claim, end=end, content=content, quantities=claim.quantities + loose)


def _claims(
    text: str,
    start: int,
    end: int,
    tokens: Sequence[Token],
    found: Sequence[FoundQuantity],
    resolver: SourceResolver,
) -> list[Claim]:
    """One claim per attribution of the sentence, and one unattributed (or comparative) claim
    for a casualty count or comparison that no attribution's content holds ("Air strikes
    killed more civilians than militants, despite Moscow's claims that ...").

    Each quantity goes to exactly one claim, the one whose content holds it, so a count is
    never stored twice; a count outside every content goes to the unattributed claim when it
    counts casualties, else to the first attribution."""
    attributions = [
        attribution
        for attribution in find_attributions(text, tokens)
        if not _hedges_a_count(tokens, attribution, found)
    ]
    comparison = _comparison(tokens)
    compared_in = None if comparison is None else _owner(attributions, tokens[comparison].start)
    owners = [_owner(attributions, tokens[item.token_index].start) for item in found]
    orphans = [item for item, owner in zip(found, owners, strict=True) if owner is None]
    starts = [token.start for token in tokens]
    claims = []
    uncovered = comparison is not None and compared_in is None
    if uncovered or any(item.quantity.outcome in _CASUALTY_OUTCOMES for item in orphans):
        kind = "comparative" if comparison is not None else "unattributed"
        hedge = _hedge(tokens, orphans, 0, len(tokens))
        quantities = tuple(item.quantity for item in orphans)
        content = Span(start, end, text[start:end])
        claims.append(Claim(start, end, kind, content, None, None, hedge, quantities))
    elif orphans:
        owners = [0 if owner is None else owner for owner in owners]
    for index, attribution in enumerate(attributions):
        own = [item for item, owner in zip(found, owners, strict=True) if owner == index]
        if index == compared_in:
            kind = "comparative"
        else:
            kind = "direct_quote" if attribution.is_direct_quote else "indirect"
        first, last = _token_range(starts, attribution)
        claims.append(
            Claim(
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
                _hedge(tokens, own, first, last),
                tuple(item.quantity for item in own),
            )
        )
    return claims


def _hedges_a_count(
    tokens: Sequence[Token], attribution: Attribution, found: Sequence[FoundQuantity]
) -> bool:
    """ "Over 200 civilians have reportedly been killed": a hearsay adverb on a casualty count
    hedges the count (the hedge of its unattributed claim, the seed gold's convention) rather
    than making a claim of its own."""
    if tokens[attribution.cue_start].lower not in CUES.hearsay:
        return False
    return any(
        item.quantity.outcome in _CASUALTY_OUTCOMES
        and attribution.content_start <= tokens[item.token_index].start < attribution.content_end
        for item in found
    )


def _owner(attributions: Sequence[Attribution], offset: int) -> int | None:
    """The first attribution whose content holds the character at ``offset``."""
    for index, attribution in enumerate(attributions):
        if attribution.content_start <= offset < attribution.content_end:
            return index
    return None


def _token_range(starts: Sequence[int], attribution: Attribution) -> tuple[int, int]:
    """Token indices ``[first, last)`` of what an attribution covers: its content and its
    frame (source and cue), where its hedge may stand; ``starts`` are the tokens' offsets."""
    first = min(attribution.frame_start, bisect_right(starts, attribution.content_start) - 1)
    last = max(attribution.frame_end, bisect_left(starts, attribution.content_end))
    return max(first, 0), last


def _span(text: str, tokens: Sequence[Token], first: int, end: int) -> Span:
    start, stop = tokens[first].start, tokens[end - 1].end
    return Span(start, stop, text[start:stop])


def _source(
    text: str, tokens: Sequence[Token], attribution: Attribution, resolver: SourceResolver
) -> Source | None:
    """The claim's source, None when the text states none ("it was reported that")."""
    if attribution.source_start == attribution.source_end:
        return None
    phrase = list(tokens[attribution.source_start : attribution.source_end])
    last = phrase[-1]
    clitic = next((clitic for clitic in _CLITICS if last.lower.endswith(clitic)), "")
    if clitic and len(last.text) > len(clitic):  # "Moscow's claim", "I'm sure", "They'll say"
        cut = len(clitic)
        phrase[-1] = Token(last.start, last.end - cut, last.text[:-cut], last.lower[:-cut])
    start, end = phrase[0].start, phrase[-1].end
    resolved = resolver.resolve(text, phrase, sentence_start=attribution.source_start == 0)
    return Source(start, end, text[start:end], resolved)


def _hedge(
    tokens: Sequence[Token], found: Sequence[FoundQuantity], first: int, last: int
) -> str | None:
    """The hedge within tokens ``[first, last)`` nearest the first casualty count ("have
    reportedly been killed"), else the first hedge there."""
    positions: list[tuple[int, str]] = []
    for index in range(first, last):
        token = tokens[index]
        passive = index > 0 and tokens[index - 1].lower in BE_FORMS
        if token.lower in HEDGES or (passive and token.lower in PASSIVE_HEDGES):
            positions.append((index, token.lower))
    if not positions:
        return None
    if not found:
        return positions[0][1]
    anchor = found[0].token_index
    return min(positions, key=lambda position: abs(position[0] - anchor))[1]


def _comparison(tokens: Sequence[Token]) -> int | None:
    """ "killed more civilians than Isil militants": the index of "more" when the sentence
    compares casualties rather than counting them, else None."""
    has_outcome = any(token.lower in OUTCOME_WORDS for token in tokens)
    if not has_outcome:
        return None
    for index, token in enumerate(tokens):
        if token.lower not in COMPARATIVE_WORDS:
            continue
        noun_window = tokens[index + 1 : index + 1 + _COMPARED_NOUN_WINDOW]
        nouns = [offset for offset, item in enumerate(noun_window) if item.lower in CATEGORY_NOUNS]
        if not nouns:
            continue
        after_noun = index + 2 + nouns[0]
        if any(item.lower == "than" for item in tokens[after_noun : after_noun + _THAN_WINDOW]):
            return index
    return None
