"""Counts of people: which number counts whom, and what happened to them.

A number becomes a quantity only when it counts people: a category noun follows it ("893 Isil
fighters", "thousands of civilians", "12 of its fighters"), a noun carrying its outcome follows
it ("10,000 dead"), a victim verb governs it ("kills 4"), it is the subject of an outcome ("39
were being treated for injuries", "41 were injured"), or it is a death toll ("put the death toll
at 58"). Numbers of anything else (hospitals, days, kilometres) are not quantities, and neither
is a part of a count given before ("two of the wounded died", "seven of them in a critical
condition"). The outcome comes from, in order: the noun itself, a verb right before the number,
the verb after the noun ("civilians had been killed", "were among the dead", "have left their
homes"), then the nearest outcome word earlier in the sentence ("killed 893 fighters, and 1141
militants"). Every search looks at a bounded window, so the work is linear in the sentence
length.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from extractors.claims.cues import CUES
from extractors.claims.lexicon import (
    CATEGORY_NOUNS,
    CIVILIAN_MODIFIERS,
    CURRENCY_MARKS,
    DETERMINERS,
    FINITE_OUTCOME_VERBS,
    MEASURE_NOUNS,
    NAME_CONNECTORS,
    NOUN_OUTCOMES,
    NP_STOP_WORDS,
    NUMBER_LABELS,
    ONE_PERSON_NOUNS,
    OUTCOME_ADJECTIVES,
    OUTCOME_BRIDGE,
    OUTCOME_PHRASES,
    OUTCOME_WORDS,
    PREDICATE_BRIDGE,
    PREDICATE_VERBS,
    RELATIVE_OPENERS,
    SIDE_NEEDING_NOUNS,
    TENS,
    TOLL_RAISING_VERBS,
    TOLL_WORDS,
    UNITS,
    VAGUE_COUNTS,
    VICTIM_VERBS,
    word_set,
)
from extractors.claims.model import Quantity
from extractors.claims.numbers import (
    AGE_WORDS,
    NumberMention,
    ages_name_children,
    find_numbers,
    is_age_compound,
    is_child_age,
    one_person_noun_after,
)
from extractors.claims.token_checks import starts_verb
from extractors.claims.tokens import Token

_CATEGORY_WINDOW = 12
# Verbs that place a toll at its value: "put the death toll from ... at 18", "placing the toll at".
_TOLL_PLACING_VERBS = word_set("put puts putting placed places placing")
_MODIFIER_BUDGET = 3  # lower-case words allowed between a number and its noun
# "lose" in its sense of losing people to death, said of a side and its fighters (the army
# "lost 40 troops"): their killed, whatever the verb means elsewhere.
_LOSS_VERBS = frozenset({"lose", "loses", "lost", "losing"})
_CLAUSE_LINKS = frozenset({"while", "whereas", "but", "although", "though"})  # a new clause
_FORWARD_WINDOW = 12
_FORWARD_BUDGET = 4  # other lower-case words between a noun and its verb ("from the families")
_PARTICIPLE_BUDGET = 3  # more of them after a participle that post-modifies the noun
_BACKWARD_WINDOW = 20
_TOLL_WINDOW = 8  # "the death toll from the raid rose to 115"
# A toll whose value a verb gives may carry a longer post-modifier: "the death toll from
# Saturday's mortar strike on a bus station in the Yemeni city of Marib rose to 17".
_VALUED_TOLL_WINDOW = 24
_VALUE_PREPOSITIONS = frozenset({"to", "at"})  # "rose to 23", "stands at 23", "put ... at 23"
_PREDICATE_WINDOW = 6  # "39 were being treated for injuries": words from the number to outcome
# Verbs that give a tally its value: "the number of dead rose to 40", "... has reached 112".
_VALUE_VERBS = word_set(
    "rose risen reached climbed increased jumped stood stands is was has had hit"
)
_RELATIVE_PRONOUNS = RELATIVE_OPENERS | {"that"}  # "people who were wounded"
_ADVERBS_BEFORE_VERB = frozenset({"later", "also", "subsequently", "eventually", "reportedly"})
_WOMEN_AND_CHILDREN = frozenset({"women", "children"})
_COORDINATORS = frozenset({"and", "but"})  # before "that": a second reported clause
# The kinship groups whose members are no side's fighters, and the words before them.
_KIN_GROUPS = word_set("family families household households")
_FEMALE_OFFSPRING = word_set("daughter daughters granddaughter granddaughters")
_KIN_GROUP_DETERMINERS = word_set("a one the his her their its same single extended whole")
_MAX_KIN_GROUP_MODIFIERS = 2  # "of a local Bedouin family"
_MAX_KIN_GROUP_WORDS = 5
_AND_CHILDREN = ("and", "children")
_MEASURE_MARKS = frozenset("%")
_AGE_ADJECTIVES = frozenset({"young", "old", "older", "younger"})
_AGE_LIST_JOINERS = frozenset({"and", "or", ",", "to"})
_FILLERS_BEFORE_NUMBER = frozenset({"another", "a", "an", "further", "additional", "total", "of"})
_QUALIFIER_WORDS = word_set("at least more than about around nearly almost over some")
# A new phrase starts: the number counted something before these ("four years citing the
# victims", "six families of rebel fighters").
_ENDS_COUNTED_PHRASE = (
    NP_STOP_WORDS
    | OUTCOME_WORDS.keys()
    | DETERMINERS
    | MEASURE_NOUNS
    | UNITS.keys()
    | TENS.keys()
    | VAGUE_COUNTS.keys()
    | {"of", "including", "includes", "among"}
)
# "30 of them children", "14 of the dead were fighters": a part of a count named before.
_PARTITIVE_HEADS = frozenset({"them", "whom", "those", "the"})
_PARTITIVE_NOUNS = frozenset({"dead", "killed", "victims", "wounded", "injured"})
_COPULAS = frozenset({"were", "was", "are", "is"})
# "including 11 children", "among them 10 children": a breakdown of the count before it.
_BREAKDOWN_WORDS = frozenset({"including", "includes", "included", "among", "them", "whom"})
# "12 of its fighters", "five of their children": the possessive before the counted noun.
_POSSESSIVE_DETERMINERS = frozenset({"its", "their", "his", "her", "our"})
# Words that open a victim verb's object: "killed a guard", "killed more than 20".
_OBJECT_DETERMINERS = _POSSESSIVE_DETERMINERS | word_set("a an the more several many dozens")
_OUTCOME_PHRASES_BY_FIRST: dict[str, list[tuple[tuple[str, ...], str]]] = {}
for _words, _outcome in OUTCOME_PHRASES.items():
    _OUTCOME_PHRASES_BY_FIRST.setdefault(_words[0], []).append((_words, _outcome))


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
    adjective_outcome: str | None = None  # "displaced" in "three displaced children"


def find_quantities(text: str, tokens: Sequence[Token]) -> list[FoundQuantity]:
    """Quantities of people among ``tokens`` (one sentence), in order of appearance."""
    found: list[FoundQuantity] = []
    mentions = find_numbers(tokens)
    for position, mention in enumerate(mentions):
        if _is_measure(tokens, mention):
            continue
        counted = _counted_noun(tokens, mention)
        if counted is None:
            following = mentions[position + 1] if position + 1 < len(mentions) else None
            counted = _counted_by_context(tokens, mention, following)
        if counted is None:
            continue
        previous = found[-1].quantity.outcome if found else None
        outcome = counted.outcome or _outcome_around(tokens, mention, counted, previous)
        if outcome is None and found and _listed_after(tokens, mention, found[-1].quantity):
            outcome = previous  # "among them 11 children and 9 women": the list's outcome
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


def _listed_after(tokens: Sequence[Token], mention: NumberMention, previous: Quantity) -> bool:
    """Whether the count at ``mention`` follows the previous count right after "and", as the
    next item of one list ("11 children and 9 women")."""
    conjunction = mention.first - 1
    return (
        conjunction >= 1
        and tokens[conjunction].lower == "and"
        and tokens[conjunction - 1].end == previous.end
    )


def _counted_noun(tokens: Sequence[Token], mention: NumberMention) -> _Counted | None:
    """The category noun the number counts, skipping modifiers and proper-name runs."""
    position = mention.end
    if _is_outcome_noun(tokens, position):
        return _Counted("people", position, NOUN_OUTCOMES[tokens[position].lower])
    partitive = None if mention.written_as_one else _after_partitive(tokens, position)
    if partitive is not None:
        position, outcome = partitive
        counted = _noun_from(tokens, mention, position)
        if counted is None or counted.outcome is not None:
            return counted
        return replace(counted, outcome=outcome)
    if position < len(tokens) and tokens[position].lower == "of":
        position += 1
        possessive = position < len(tokens) and tokens[position].lower in _POSSESSIVE_DETERMINERS
        if possessive and not mention.written_as_one:
            position += 1
    return _noun_from(tokens, mention, position)


def _is_outcome_noun(tokens: Sequence[Token], position: int) -> bool:
    """ "15 wounded", "10,000 dead"; not "40 wounded civilians", where it is an adjective."""
    if position >= len(tokens) or tokens[position].lower not in NOUN_OUTCOMES:
        return False
    following = tokens[position + 1].lower if position + 1 < len(tokens) else ""
    return following not in CATEGORY_NOUNS or tokens[position].lower not in OUTCOME_ADJECTIVES


def _after_partitive(tokens: Sequence[Token], position: int) -> tuple[int, str | None] | None:
    """Past "of them", "of the dead were", "were" before a category noun: (position, outcome)."""
    words = [token.lower for token in tokens[position : position + 6]]
    outcome: str | None = None
    index = 0
    if words[:1] == ["of"] and len(words) > 1 and words[1] in _PARTITIVE_HEADS:
        index = 2
        while index < len(words) and index < 4 and words[index] in _PARTITIVE_NOUNS:
            outcome = OUTCOME_WORDS.get(words[index], outcome)
            index += 1
    if index < len(words) and words[index] in _COPULAS:
        index += 1
    elif index == 0:
        return None
    return position + index, outcome


def _noun_from(tokens: Sequence[Token], mention: NumberMention, position: int) -> _Counted | None:
    budget = _MODIFIER_BUDGET
    adjective: str | None = None
    for index in range(position, min(len(tokens), position + _CATEGORY_WINDOW)):
        token = tokens[index]
        word = token.lower
        if word in CATEGORY_NOUNS:
            if mention.written_as_one and _speaks(tokens, index + 1):
                return None  # "One opposition fighter told reporters": the speaker, no victim
            following_noun = tokens[index + 1].lower if index + 1 < len(tokens) else ""
            if following_noun in NOUN_OUTCOMES and following_noun in CATEGORY_NOUNS:
                category = _category(tokens, position, index)  # "civilian deaths"
                return _Counted(category, index + 1, NOUN_OUTCOMES[following_noun], adjective)
            if following_noun in CATEGORY_NOUNS:
                continue  # "rebel fighters", "six Lebanese martyrs": a modifier
            if _is_year_like(tokens, mention) and index != position:
                return None  # "2018 Ayham al-Mohammad Syrian Army ... Militants"
            if word in _WOMEN_AND_CHILDREN and _matches_words(tokens, index + 1, _AND_CHILDREN):
                return _Counted("civilians", index + 2, None, adjective)  # "women and children"
            category = _category(tokens, position, index)
            return _Counted(category, index, NOUN_OUTCOMES.get(word), adjective)
        if mention.written_as_one and _modifies_one_person(tokens, mention, index):
            continue  # "one opposition fighter", "a Turkish soldier"
        if mention.written_as_one:  # "one of the children" is not a count
            return None
        following = tokens[index + 1].lower if index + 1 < len(tokens) else ""
        if word in OUTCOME_ADJECTIVES and following in CATEGORY_NOUNS:
            adjective = OUTCOME_WORDS[word]
            continue
        if not token.is_word:
            if token.text in "()[]" or _is_initialism_dot(tokens, index):
                continue  # "Two U.S. soldiers", "22 Red Crescent [SARC] volunteers"
            if is_age_compound(word):
                continue  # "three 17-year-old boys": the age is a modifier
            return None
        if token.is_capitalized:
            continue
        if word in NAME_CONNECTORS and _inside_name(tokens, index):
            continue
        if word in _ENDS_COUNTED_PHRASE or budget == 0:
            return None
        budget -= 1
    return None


def _speaks(tokens: Sequence[Token], index: int) -> bool:
    """Whether a verb of speech follows at ``index`` ("told", "said", "says")."""
    return index < len(tokens) and tokens[index].lower in CUES.finite


def _modifies_one_person(tokens: Sequence[Token], mention: NumberMention, index: int) -> bool:
    """Whether the word at ``index`` modifies the one person "a" or "one" counts: "one
    opposition fighter", "a Turkish soldier"."""
    noun = one_person_noun_after(tokens, mention.end - 1)
    return noun is not None and index < noun


def _is_initialism_dot(tokens: Sequence[Token], index: int) -> bool:
    """The stops of "U.S." or "U.N.": a full stop after a single capital letter."""
    before = tokens[index - 1] if index > 0 else None
    return (
        tokens[index].text == "."
        and before is not None
        and len(before.text) == 1
        and (before.is_capitalized)
    )


def _inside_name(tokens: Sequence[Token], index: int) -> bool:
    """ "of", "and", "the" within "Islamic State of Iraq and the Levant"."""
    before = tokens[index - 1]
    after = tokens[index + 1] if index + 1 < len(tokens) else None
    joined = before.is_capitalized or before.lower in NAME_CONNECTORS
    return joined and after is not None and (after.is_capitalized or after.lower in {"the"})


def _category(tokens: Sequence[Token], start: int, index: int) -> str:
    """The category of the noun at ``index``, its phrase starting at ``start``: a fighters'
    noun that also names civilian roles ("officers", "members", "guards", "leaders") counts
    people after a civilian modifier ("two federal prison officers", "tribe members"); a
    person younger than 18 is a child ("her 16-year-old son", "her two sons, aged 7 and 12")."""
    word = tokens[index].lower
    category = CATEGORY_NOUNS[word]
    if index > start and category != "fighters" and is_age_compound(tokens[index - 1].lower):
        if is_child_age(tokens[index - 1].lower):
            return "children"  # "her 16-year-old son", "a 17-year-old woman"
        if word in _FEMALE_OFFSPRING:
            return "women"  # "her 25-year-old daughter": a grown daughter is a woman
    if category != "fighters" and ages_name_children(tokens, index + 1):
        return "children"  # "her two sons, aged 7 and 12", "her daughter Berfin, 8,"
    if word in SIDE_NEEDING_NOUNS and any(
        token.lower in CIVILIAN_MODIFIERS for token in tokens[max(start, index - 3) : index]
    ):
        return "people"
    if word in SIDE_NEEDING_NOUNS and _of_a_kin_group(tokens, index + 1):
        return "people"  # "four members of one family"
    return category


def _of_a_kin_group(tokens: Sequence[Token], index: int) -> bool:
    """Whether "of" and a family or household follow at ``index`` ("members of the same
    family", "members of their families"): kin, not a side's fighters. A tribe or clan may be
    armed ("members of the Shammar tribe were killed in clashes with the army")."""
    if index >= len(tokens) or tokens[index].lower != "of":
        return False
    modifiers = 0
    for token in tokens[index + 1 : index + 1 + _MAX_KIN_GROUP_WORDS]:
        if token.lower in _KIN_GROUPS:
            return True
        if token.lower in _KIN_GROUP_DETERMINERS:
            continue
        if not (token.is_word or token.is_digit) or token.lower in NP_STOP_WORDS:
            return False
        modifiers += 1  # "of the al-Masri family", "of two families", "of a poor family"
        if modifiers > _MAX_KIN_GROUP_MODIFIERS:
            return False
    return False


def _is_age(tokens: Sequence[Token], first: int) -> bool:
    """ "under the age of 5", "as young as 5", "a boy of 12", "aged 9 and 11": an age, never a
    count."""
    while (
        first >= 2 and tokens[first - 1].lower in _AGE_LIST_JOINERS and tokens[first - 2].is_digit
    ):
        first -= 2  # "aged 9 and 11", "aged 5, 7 and 9": the ages listed after the first
    words = [token.lower for token in tokens[max(0, first - 3) : first]]
    if words[-1:] and words[-1] in AGE_WORDS:
        return True  # "aged 9"
    if words[-2:] == ["age", "of"] or words[-2:] == ["ages", "of"]:
        return True
    if len(words) >= 2 and words[-1] == "as" and words[-2] in _AGE_ADJECTIVES:
        return True
    return len(words) >= 2 and words[-1] == "of" and words[-2] in ONE_PERSON_NOUNS


def _is_year_like(tokens: Sequence[Token], mention: NumberMention) -> bool:
    text = tokens[mention.number].text
    return len(text) == 4 and text.isdigit() and 1900 <= int(text) <= 2100


def _matches_words(tokens: Sequence[Token], index: int, words: tuple[str, ...]) -> bool:
    return all(
        index + offset < len(tokens) and tokens[index + offset].lower == word
        for offset, word in enumerate(words)
    )


def _is_measure(tokens: Sequence[Token], mention: NumberMention) -> bool:
    """ "60 percent", "60%", "$5 million", "aged 30", "1 in 5": never a count of people."""
    after = tokens[mention.end] if mention.end < len(tokens) else None
    before = tokens[mention.first - 1] if mention.first > 0 else None
    if after is not None and (after.lower in MEASURE_NOUNS or after.text in _MEASURE_MARKS):
        return True
    if after is not None and after.lower == "per" and mention.end + 1 < len(tokens):
        return tokens[mention.end + 1].lower in {"cent", "capita"}
    if before is not None and (before.text in CURRENCY_MARKS or before.lower in AGE_WORDS):
        return True
    label = tokens[mention.number - 1] if mention.number > 0 else None
    if mention.number == mention.first and label is not None and label.lower in NUMBER_LABELS:
        return True  # "magnitude 7", "Resolution 2254"
    if _is_age(tokens, mention.first):
        return True
    ratio = after is not None and after.lower == "in" and mention.end + 1 < len(tokens)
    if ratio and (tokens[mention.end + 1].is_digit or tokens[mention.end + 1].lower in UNITS):
        return True  # "one in five"
    two_before = tokens[mention.first - 2] if mention.first > 1 else None
    return (
        before is not None
        and before.lower == "in"
        and two_before is not None
        and (two_before.is_digit or two_before.lower in UNITS)
    )  # the five of "one in five"


def _counted_by_context(
    tokens: Sequence[Token], mention: NumberMention, following: NumberMention | None
) -> _Counted | None:
    """A bare number is a count of people after a victim verb, as the subject of an outcome or
    in a death toll; in "killed 28 and wounded 30 militants" it counts what the next number
    counts."""
    if mention.written_as_one:
        return None
    if mention.first >= 2 and _matches_words(tokens, mention.first - 2, ("family", "of")):
        return _Counted("people", mention.end - 1, None)  # "killed a family of five"
    predicate = _predicate_outcome(tokens, mention.end)
    if predicate is not None:
        return _Counted("people", mention.end - 1, predicate)
    verb = _word_before(tokens, mention.first)
    if verb is not None and tokens[verb].lower in VICTIM_VERBS:
        outcome = OUTCOME_WORDS[tokens[verb].lower]
        shared = _shared_noun(tokens, mention, following)
        category = "people" if shared is None else shared.category
        return _Counted(category, mention.end - 1, outcome)
    valued = _after_value_verb(tokens, mention.first)
    put_at = mention.first >= 1 and tokens[mention.first - 1].lower == "at"
    window = _VALUED_TOLL_WINDOW if valued or put_at else _TOLL_WINDOW
    for index in range(mention.first - 1, max(-1, mention.first - 1 - window), -1):
        token = tokens[index]
        long_reach = mention.first - index > _TOLL_WINDOW
        if token.lower in TOLL_WORDS and (valued or not long_reach or _put_before(tokens, index)):
            return _Counted("people", mention.end - 1, _toll_outcome(tokens, index))
        counted = _number_of_outcome(tokens, index)
        if counted is not None:
            return _Counted(counted, mention.end - 1, NOUN_OUTCOMES[token.lower])
        if not token.is_word:
            return None  # names may stand between: "the toll from Monday's attack rose to 30"
    return None


def _after_value_verb(tokens: Sequence[Token], first: int) -> bool:
    """Whether the number at ``first`` is the value a verb gives a tally: "rose to 23",
    "stands at 23", "reached 23"."""
    verb = first - 2 if first >= 2 and tokens[first - 1].lower in _VALUE_PREPOSITIONS else first - 1
    return verb >= 0 and tokens[verb].lower in _VALUE_VERBS


def _put_before(tokens: Sequence[Token], toll: int) -> bool:
    """Whether the toll at ``toll`` is the object of "put" ("put the death toll from Monday's
    strike on a shopping centre in Kremenchuk at 18"), whose "at" gives its value."""
    before = tokens[max(0, toll - 3) : toll]
    return any(token.lower in _TOLL_PLACING_VERBS for token in before)


def _gives_a_value(tokens: Sequence[Token], first: int) -> bool:
    """Whether the number at ``first`` is a tally's value, after a value verb or the "at" of
    "put the toll at 30 civilians"."""
    return first >= 1 and (
        tokens[first - 1].lower in _VALUE_PREPOSITIONS or _after_value_verb(tokens, first)
    )


def _number_of_outcome(tokens: Sequence[Token], index: int) -> str | None:
    """The category counted when the outcome noun at ``index`` is a toll: "the number of dead
    rose to", "the number of civilians killed has reached", "put the number of dead at", told
    by a verb of its value or the "at" of "put ... at" (not "gave the number of wounded as
    41", a figure reported about); else None."""
    if tokens[index].lower not in NOUN_OUTCOMES or index < 2 or index + 1 >= len(tokens):
        return None
    following = tokens[index + 1].lower
    raised_to = following == "to" and any(
        tokens[position].lower in TOLL_RAISING_VERBS for position in range(max(0, index - 5), index)
    )  # "bringing the number of dead to 85"
    if following not in _VALUE_VERBS and following != "at" and not raised_to:
        return None
    category = "people"
    head = index - 1
    if tokens[head].lower in CATEGORY_NOUNS or tokens[head].lower == "those":
        category = CATEGORY_NOUNS.get(tokens[head].lower, category)
        head -= 1  # "the number of civilians killed", "the number of those wounded"
    if head < 1 or (tokens[head - 1].lower, tokens[head].lower) != ("number", "of"):
        return None
    return category


def _predicate_outcome(tokens: Sequence[Token], position: int) -> str | None:
    """The outcome of "were being treated for injuries", "were injured", "had died", "died"
    right after a bare number; None unless a be/have form or a finite outcome verb comes first
    and only bridging words stand before the outcome."""
    while position < len(tokens) - 1 and tokens[position].lower in _ADVERBS_BEFORE_VERB:
        position += 1  # "two later died"
    if position >= len(tokens):
        return None
    if tokens[position].lower in FINITE_OUTCOME_VERBS:
        return OUTCOME_WORDS[tokens[position].lower]
    if tokens[position].lower not in PREDICATE_VERBS:
        return None
    for index in range(position + 1, min(len(tokens), position + 1 + _PREDICATE_WINDOW)):
        outcome = _outcome_at(tokens, index)
        if outcome is not None:
            return outcome
        if tokens[index].lower not in PREDICATE_BRIDGE:
            return None
    return None


def _outcome_at(tokens: Sequence[Token], index: int) -> str | None:
    """The outcome a word ("killed") or a phrase ("left their homes") at ``index`` names."""
    word = tokens[index].lower
    for words, outcome in _OUTCOME_PHRASES_BY_FIRST.get(word, ()):
        end = index + len(words)
        if end <= len(tokens) and all(
            tokens[index + offset].lower == expected for offset, expected in enumerate(words)
        ):
            return outcome
    return OUTCOME_WORDS.get(word)


def _shared_noun(
    tokens: Sequence[Token], mention: NumberMention, following: NumberMention | None
) -> _Counted | None:
    if following is None or mention.end >= len(tokens) or tokens[mention.end].lower != "and":
        return None
    between = tokens[mention.end + 1 : following.first]
    if len(between) > 1 or any(token.lower not in VICTIM_VERBS for token in between):
        return None
    return _counted_noun(tokens, following)


def _word_before(tokens: Sequence[Token], index: int) -> int | None:
    """Index of the word before ``index``, skipping "another", "a total of" and the like."""
    position = index - 1
    while position >= 0 and tokens[position].lower in _FILLERS_BEFORE_NUMBER:
        position -= 1
    return position if position >= 0 else None


def _outcome_around(
    tokens: Sequence[Token], mention: NumberMention, counted: _Counted, previous: str | None
) -> str | None:
    """What happened to the counted people; ``previous`` is the outcome of the sentence's
    preceding count, which a breakdown ("including 11 children") shares. An adjective before
    the noun ("three displaced children") counts only when no verb follows the noun ("have
    died")."""
    verb = _word_before(tokens, mention.first)
    if verb is not None and tokens[verb].lower in OUTCOME_WORDS:
        return OUTCOME_WORDS[tokens[verb].lower]
    if (
        verb is not None
        and tokens[verb].lower in _LOSS_VERBS
        and _lost_in_fighting(tokens, counted)
    ):
        return "killed"  # "ISIL also lost 15 militants": a side's losses are its dead
    if previous is not None and verb is not None and tokens[verb].lower in _BREAKDOWN_WORDS:
        return previous
    if counted.category == "fighters" and _is_agent_of(tokens, counted.last):
        return None
    after = _outcome_after(tokens, counted.last)
    if after is not None:
        return after
    if counted.adjective_outcome is not None:
        return counted.adjective_outcome
    for index in range(mention.first - 1, max(-1, mention.first - 1 - _BACKWARD_WINDOW), -1):
        outcome = _outcome_at(tokens, index)
        if outcome is not None:
            return outcome
        if tokens[index].lower in TOLL_WORDS and _gives_a_value(tokens, mention.first):
            return _toll_outcome(tokens, index)  # "the toll rose to 30 civilians"
    return None


def _toll_outcome(tokens: Sequence[Token], toll: int) -> str:
    """What the toll at ``toll`` counts: the outcome its modifier names ("the wounded toll",
    "the injury toll"), else the dead ("the toll", "the death toll")."""
    before = tokens[toll - 1].lower if toll > 0 else ""
    return OUTCOME_WORDS.get(before, "killed")


def _lost_in_fighting(tokens: Sequence[Token], counted: _Counted) -> bool:
    """Whether "lost" counts dead fighters: a noun of fighters that names no civilian role as
    well ("troops", "militants"; not "members", "officers"), and no "to" after it ("lost 20
    members to the new party", "officers to resignations")."""
    noun = tokens[counted.last].lower
    following = tokens[counted.last + 1].lower if counted.last + 1 < len(tokens) else ""
    return counted.category == "fighters" and noun not in SIDE_NEEDING_NOUNS and following != "to"


def _is_agent_of(tokens: Sequence[Token], last: int) -> bool:
    """Whether the counted fighters ending at ``last`` are the subject of an active victim verb
    with its object after it ("Two suicide bombers killed 20 people", "three gunmen wounded a
    guard"): the attackers, not the victims. A bare participle ("Two soldiers killed in a
    blast", a headline's passive) has no object and names the victims."""
    verb = last + 1
    if verb + 1 >= len(tokens) or tokens[verb].lower not in VICTIM_VERBS:
        return False
    if tokens[verb].lower.endswith("ing"):
        return False  # "two strikes killing 20": the participle's subject is elsewhere
    following = tokens[verb + 1]
    if following.is_digit or following.lower in UNITS or following.lower in VAGUE_COUNTS:
        # not "8 killed 58 injured" (a headline); "Two soldiers killed 5" may end its line
        return verb + 2 >= len(tokens) or _outcome_at(tokens, verb + 2) is None
    if following.lower in _OBJECT_DETERMINERS or following.lower in CATEGORY_NOUNS:
        return True
    return _matches_words(tokens, verb + 1, ("at", "least"))


def _aside_closes(tokens: Sequence[Token], start: int) -> bool:
    """Whether the words from ``start`` ("but no adults", "while on patrol") are an aside whose
    closing comma gives the verb back to the count ("Three children, but no adults, were
    killed"), not a clause of their own (", while 15 people remain missing, they added")."""
    for position in range(start, min(len(tokens) - 1, start + _FORWARD_WINDOW)):
        if tokens[position].text == ",":
            following = position + 1
            return starts_verb(tokens, following) or tokens[following].lower in OUTCOME_WORDS
    return False


def _died_after_relative(tokens: Sequence[Token], start: int, outcome_at: int) -> bool:
    """Whether the wounding at ``outcome_at`` sits in a relative clause opened after the
    counted noun ("who were wounded"), and the main clause's verb, soon after, is a death."""
    if not any(token.lower in _RELATIVE_PRONOUNS for token in tokens[start:outcome_at]):
        return False
    following = tokens[outcome_at + 1 : outcome_at + 1 + _FORWARD_WINDOW]
    for token in following:
        if token.lower in FINITE_OUTCOME_VERBS:
            return OUTCOME_WORDS[token.lower] == "killed"
        if not token.is_word:
            return False
    return False


def _outcome_after(tokens: Sequence[Token], last: int) -> str | None:
    """The outcome the verb after the counted noun names: "civilians had been killed"."""
    budget = _FORWARD_BUDGET
    for index in range(last + 1, min(len(tokens), last + 1 + _FORWARD_WINDOW)):
        token = tokens[index]
        word = token.lower
        outcome = _outcome_at(tokens, index)
        if outcome is not None:
            if word in VICTIM_VERBS and word.endswith("ing"):
                return None  # "two bombers blew themselves up killing civilians": the agents
            if outcome == "wounded" and _died_after_relative(tokens, last + 1, index):
                return "killed"  # "five people who were wounded in the blast later died"
            return outcome
        next_word = tokens[index + 1].lower if index + 1 < len(tokens) else ""
        if word == "and" and next_word in OUTCOME_WORDS:
            return None  # "one child and wounded 22": a new verb with its own object
        if word == "," and tokens[index - 1].lower in CUES.pasts and next_word in _COORDINATORS:
            return None  # "four officers, he said, and 50 people were wounded": a new clause
        if word in _COORDINATORS and next_word == "that":
            return None  # "the dead included three children and that 18 others were wounded"
        if word == "," and next_word in _CLAUSE_LINKS and not _aside_closes(tokens, index + 1):
            return None  # "among the dead were three children, while several of the wounded"
        if index == last + 1 and token.is_word and word.endswith("ing"):
            budget += _PARTICIPLE_BUDGET  # "Two medics working for an international charity"
            continue
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
            return None
        budget -= 1
    return None
