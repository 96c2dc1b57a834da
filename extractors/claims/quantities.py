"""Counts of people: which number counts whom, and what happened to them.

A number becomes a quantity only when it counts people: a category noun follows it ("893 Isil
fighters", "thousands of civilians"), a noun carrying its outcome follows it ("10,000 dead"), a
victim verb governs it ("kills 4"), or it is a death toll ("put the death toll at 58"). Numbers
of anything else (hospitals, days, kilometres) are not quantities. The outcome comes from, in
order: the noun itself, a verb right before the number, the verb after the noun ("civilians had
been killed", "were among the dead"), then the nearest outcome word earlier in the sentence
("killed 893 fighters, and 1141 militants"). Every search looks at a bounded window, so the work
is linear in the sentence length.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from extractors.claims.lexicon import (
    CATEGORY_NOUNS,
    DETERMINERS,
    MEASURE_NOUNS,
    NAME_CONNECTORS,
    NOUN_OUTCOMES,
    NP_STOP_WORDS,
    OUTCOME_BRIDGE,
    OUTCOME_WORDS,
    TENS,
    TOLL_WORDS,
    UNITS,
    VAGUE_COUNTS,
    VICTIM_VERBS,
)
from extractors.claims.model import Quantity
from extractors.claims.numbers import NumberMention, find_numbers
from extractors.claims.tokens import Token

_CATEGORY_WINDOW = 12
_MODIFIER_BUDGET = 3  # lower-case words allowed between a number and its noun
_FORWARD_WINDOW = 12
_FORWARD_BUDGET = 4  # other lower-case words between a noun and its verb ("from the families")
_BACKWARD_WINDOW = 20
_TOLL_WINDOW = 5
_FILLERS_BEFORE_NUMBER = frozenset({"another", "a", "an", "further", "additional", "total", "of"})
_QUALIFIER_WORDS = frozenset("at least more than about around nearly almost over some".split())
# A new phrase starts: the number counted something before these ("four years citing the
# victims", "six families of rebel fighters").
_ENDS_COUNTED_PHRASE = (
    NP_STOP_WORDS | OUTCOME_WORDS.keys() | DETERMINERS | MEASURE_NOUNS | {"of"}
)


@dataclass(frozen=True, slots=True)
class FoundQuantity:
    """A quantity and the index of its number token, for proximity rules (hedges)."""

    quantity: Quantity
    token_index: int


@dataclass(frozen=True, slots=True)
class _Counted:
    category: str
    last: int  # index of the last token of the counted phrase
    outcome: str | None


def find_quantities(text: str, tokens: Sequence[Token]) -> list[FoundQuantity]:
    """Quantities of people among ``tokens`` (one sentence), in order of appearance."""
    found: list[FoundQuantity] = []
    for mention in find_numbers(tokens):
        counted = _counted_noun(tokens, mention) or _counted_by_context(tokens, mention)
        if counted is None:
            continue
        outcome = counted.outcome or _outcome_around(tokens, mention, counted.last)
        start = tokens[mention.first].start
        end = tokens[counted.last].end
        quantity = Quantity(
            start=start,
            end=end,
            text=text[start:end],
            value=mention.value,
            low=mention.low,
            high=mention.high,
            approx=mention.approx,
            category=counted.category,
            outcome=outcome,
        )
        found.append(FoundQuantity(quantity, mention.number))
    return found


def _counted_noun(tokens: Sequence[Token], mention: NumberMention) -> _Counted | None:
    """The category noun the number counts, skipping modifiers and proper-name runs."""
    position = mention.end
    if position < len(tokens) and tokens[position].lower in NOUN_OUTCOMES:
        return _Counted("people", position, NOUN_OUTCOMES[tokens[position].lower])
    if position < len(tokens) and tokens[position].lower == "of":
        position += 1
    budget = _MODIFIER_BUDGET
    for index in range(position, min(len(tokens), position + _CATEGORY_WINDOW)):
        token = tokens[index]
        word = token.lower
        if word in CATEGORY_NOUNS:
            return _Counted(_category(tokens, index), index, NOUN_OUTCOMES.get(word))
        if mention.written_as_one:  # "one of the children" is not a count
            return None
        if not token.is_word:
            if token.text in "()":
                continue
            return None
        if token.is_capitalized:
            continue
        if word in NAME_CONNECTORS and _inside_name(tokens, index):
            continue
        if word in _ENDS_COUNTED_PHRASE or budget == 0:
            return None
        budget -= 1
    return None


def _inside_name(tokens: Sequence[Token], index: int) -> bool:
    """ "of", "and", "the" within "Islamic State of Iraq and the Levant"."""
    before = tokens[index - 1]
    after = tokens[index + 1] if index + 1 < len(tokens) else None
    joined = before.is_capitalized or before.lower in NAME_CONNECTORS
    return joined and after is not None and (after.is_capitalized or after.lower in {"the"})


def _category(tokens: Sequence[Token], index: int) -> str:
    word = tokens[index].lower
    if word in {"member", "members"} and index > 0 and tokens[index - 1].lower == "family":
        return "people"
    return CATEGORY_NOUNS[word]


def _counted_by_context(tokens: Sequence[Token], mention: NumberMention) -> _Counted | None:
    """A bare number is a count of people after a victim verb or in a death toll."""
    if mention.written_as_one:
        return None
    verb = _word_before(tokens, mention.first)
    if verb is not None and tokens[verb].lower in VICTIM_VERBS:
        return _Counted("people", mention.end - 1, OUTCOME_WORDS[tokens[verb].lower])
    for index in range(mention.first - 1, max(-1, mention.first - 1 - _TOLL_WINDOW), -1):
        token = tokens[index]
        if token.lower in TOLL_WORDS:
            return _Counted("people", mention.end - 1, "killed")
        if not token.is_word or token.is_capitalized:
            return None
    return None


def _word_before(tokens: Sequence[Token], index: int) -> int | None:
    """Index of the word before ``index``, skipping "another", "a total of" and the like."""
    position = index - 1
    while position >= 0 and tokens[position].lower in _FILLERS_BEFORE_NUMBER:
        position -= 1
    return position if position >= 0 else None


def _outcome_around(tokens: Sequence[Token], mention: NumberMention, last: int) -> str | None:
    verb = _word_before(tokens, mention.first)
    if verb is not None and tokens[verb].lower in OUTCOME_WORDS:
        return OUTCOME_WORDS[tokens[verb].lower]
    budget = _FORWARD_BUDGET
    for index in range(last + 1, min(len(tokens), last + 1 + _FORWARD_WINDOW)):
        token = tokens[index]
        word = token.lower
        if word in OUTCOME_WORDS:
            return OUTCOME_WORDS[word]
        bridging = (
            word in OUTCOME_BRIDGE
            or word in CATEGORY_NOUNS
            or word in _QUALIFIER_WORDS
            or token.is_digit
            or word in UNITS
            or word in TENS
            or word in VAGUE_COUNTS
            or (token.is_word and token.is_capitalized)
        )
        if bridging:
            continue
        if not token.is_word or budget == 0:
            break
        budget -= 1
    for index in range(mention.first - 1, max(-1, mention.first - 1 - _BACKWARD_WINDOW), -1):
        word = tokens[index].lower
        if word in OUTCOME_WORDS:
            return OUTCOME_WORDS[word]
    return None
