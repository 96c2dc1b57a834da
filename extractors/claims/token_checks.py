"""Small checks on tokens that the cue, source and content rules all make: quote marks and
clause punctuation, adverbs between a subject and its verb, where a clause ends or a new one
starts, an adverbial tail, and a span trimmed of edge punctuation and unpaired quotes.

They live below the rule modules so that each of those reads as its own concern and the imports
run one way. The checks on tokens stop within a bounded window or at the first token that decides
them, so trying many cues in one sentence stays linear in its length.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from extractors.claims.cues import CUES
from extractors.claims.lexicon import (
    ADVERBS,
    AUXILIARIES,
    BE_FORMS,
    CLAUSE_OPENERS,
    CLAUSE_SUBJECTS,
    DETERMINERS,
    FINITE_MARKERS,
    IRREGULAR_PARTICIPLES,
    IRREGULAR_PASTS,
    LINKING_ADVERBIALS,
    LY_NON_ADVERBS,
    MONTHS,
    RELAY_CUES,
    TIME_WORDS,
    UNITS,
    WEEKDAYS,
    word_set,
)
from extractors.claims.lexicon import TAIL_ADVERBIAL_OPENERS as TAIL_OPENERS
from extractors.claims.tokens import Token

QUOTES = frozenset('"\u201c\u201d\u2018\u2019')
_OPENING_QUOTES = frozenset("\u201c\u2018")
_CLOSING_QUOTES = frozenset("\u201d\u2019")
APOSTROPHES = frozenset("'\u2019")
_DASHES = "-\u2013\u2014"
CLAUSE_PUNCTUATION = frozenset(",;:.!?()[]" + _DASHES)
_EDGE_PUNCTUATION = ",;:." + _DASHES
POSSESSIVE = ("'s", "\u2019s")
_TALLY_LEMMAS = frozenset({"rule", "vote", "decide"})  # "ruled 5-4", "voted 52-48 that"
_SUBJECT_WINDOW = 5  # "believes the attack was planned": a short subject, then its verb
_COUNT_WORDS = frozenset({"least", "most", "than", "dozens", "hundreds", "thousands"})
_LONG_TAIL = 12  # "X said on a visit to Ramallah in the West Bank.": an adverbial tail
_TRAILING_COORDINATORS = frozenset({"and", "but", "or"})
# Words in -ed that are no past tenses: a number, nouns in -eed.
_NOT_PASTS_IN_ED = frozenset(
    {"hundred", "indeed", "speed", "greed", "creed", "breed", "seed", "need", "shed", "bleed"}
    | {"feed", "weed", "sled", "bed", "red", "wed"}
)
_DAYS = WEEKDAYS | {"today", "yesterday"}
_DEICTIC_DETERMINERS = frozenset({"last", "this"})  # "last week", "this month"
_TIME_DEGREE_WORDS = frozenset({"early", "earlier", "late", "later"})  # before a time phrase
_PERIODS = frozenset({"week", "weekend", "month", "year", "night", "morning", "evening"})
_MAX_RELAY_ASIDE = 16  # ", citing people briefed on the discussions, that"
SUBORDINATORS = word_set("as while whereas although though because since after before when")


def past_day(tokens: Sequence[Token], position: int) -> int:
    """The position after a day at ``position`` ("Tuesday", "on Tuesday", "yesterday", "last
    week"), else ``position``: "It was announced on Tuesday that", "the announcement Friday
    that", "It was reported last week that"."""
    if position >= len(tokens):
        return position
    if tokens[position].lower in _DAYS:
        return position + 1
    following = tokens[position + 1].lower if position + 1 < len(tokens) else ""
    if tokens[position].lower in _DEICTIC_DETERMINERS and following in _PERIODS:
        return position + 2
    day = position + 1 if tokens[position].lower == "on" else position
    return day + 1 if day < len(tokens) and tokens[day].lower in WEEKDAYS else position


def past_tally(tokens: Sequence[Token], position: int, lemma: str | None) -> int:
    """The position after a vote's tally at ``position`` right after a verb of ruling or
    voting (``lemma``: "ruled 5-4 that"), else ``position``; "said 2023-24 revenue" keeps its
    years."""
    if lemma in _TALLY_LEMMAS and position < len(tokens):
        parts = tokens[position].text.split("-")
        if len(parts) == 2 and all(part.isdecimal() and len(part) <= 3 for part in parts):
            return position + 1
    return position


def matches(tokens: Sequence[Token], index: int, words: tuple[str, ...]) -> bool:
    end = index + len(words)
    return end <= len(tokens) and all(
        tokens[index + offset].lower == word for offset, word in enumerate(words)
    )


def ends_clause_at(tokens: Sequence[Token], index: int) -> bool:
    """End of sentence or of a clause: "..., he added." or "the agency said, citing ..."."""
    if index >= len(tokens):
        return True
    token = tokens[index]
    return (token.text in CLAUSE_PUNCTUATION and token.text != ":") or token.text in QUOTES


def clause_follows(tokens: Sequence[Token], index: int, *, strict: bool) -> bool:
    """A clause starts at ``index``: "that", ":", a quotation; unless ``strict``, also a
    to-infinitive, a pronoun subject or a short subject followed by a finite verb ("believes
    the attack was planned")."""
    if index >= len(tokens):
        return False
    first = tokens[index]
    if first.lower == "that" or first.text == ":" or opens_quotation(tokens, index):
        return True
    if strict:
        return False
    if first.lower == "to" or first.lower.replace("\u2019", "'") in CLAUSE_SUBJECTS:
        return True
    for position in range(index + 1, min(len(tokens), index + _SUBJECT_WINDOW)):
        token = tokens[position]
        infinitive = token.lower == "to" and CUES.lemmas.get(tokens[index - 1].lower) in (
            CUES.to_infinitive
        )
        if (token.lower in FINITE_MARKERS and token.text[0].islower()) or infinitive:
            return True  # not "in May", "Will Smith": a capital is a month or a name
        if not (token.is_word or token.is_digit):
            return False
    return False


def opens_quotation(tokens: Sequence[Token], index: int) -> bool:
    """A quotation mark that opens a quotation: a left mark, or a straight one set apart from
    the word before it. The mark closing '"a crisis of public trust" within' opens nothing."""
    mark = tokens[index].text
    if mark in _CLOSING_QUOTES or mark not in QUOTES:
        return False
    return index == 0 or tokens[index - 1].end < tokens[index].start or mark in _OPENING_QUOTES


def follows_quotation(tokens: Sequence[Token], index: int) -> bool:
    """Whether the word at ``index`` comes right after a quotation: `"...," said X`,
    `"..." said X`, `"...?" added X`."""
    for offset in (1, 2):
        before = index - offset
        if before < 0:
            return False
        if tokens[before].text in QUOTES:
            return True
        if tokens[before].text != ",":
            return False
    return False


def token_at(tokens: Sequence[Token], offset: int) -> int:
    """The index of the first token starting at or after character ``offset``."""
    return bisect_left([token.start for token in tokens], offset)


def opens_clause(tokens: Sequence[Token], index: int) -> bool:
    """Whether a phrase at ``index`` starts its clause: sentence start, after punctuation or a
    conjunction, never right after a word or a number it could belong to."""
    if index == 0:
        return True
    before = tokens[index - 1]
    if not before.is_word and not before.is_digit:
        return True
    # a conjunction, a linking adverbial ("Meanwhile the directorate of ..." where commas were
    # stripped) or "say", whose clause needs no "that" ("said a scan of the chip revealed")
    word = before.lower
    return word in CLAUSE_OPENERS or word in LINKING_ADVERBIALS or CUES.lemmas.get(word) == "say"


def starts_verb(tokens: Sequence[Token], index: int) -> bool:
    """Whether a verb group starts at ``index``: a finite auxiliary or a past."""
    return tokens[index].lower in FINITE_MARKERS or is_past_verb(tokens, index)


def is_past_verb(tokens: Sequence[Token], index: int) -> bool:
    """A past tense by its form, an irregular past or a lower-case word in -ed, unless an
    adjective after a determiner, an adverb or a number ("the armed men", "the newly elected
    mayor", "two injured men") or a noun in -eed ("greed")."""
    token = tokens[index]
    word = token.lower
    if not token.text[0].islower():
        return False
    previous = tokens[index - 1] if index > 0 else None
    if previous is not None and _makes_an_adjective(previous):
        return False
    return has_past_form(word)


def past_clause_follows(tokens: Sequence[Token], index: int) -> bool:
    """Whether a clause with a short subject and a simple past starts at ``index`` ("the
    outbreak began", "the virus came from bats"): a past tense, not a bare participle
    ("taken", "known"), within the subject window, with only words before it."""
    for position in range(index + 1, min(len(tokens), index + _SUBJECT_WINDOW)):
        token = tokens[position]
        if not token.is_word:
            return False
        word = token.lower
        simple = word in IRREGULAR_PASTS or _is_regular_past(word)
        agent = position + 1 < len(tokens) and tokens[position + 1].lower == "by"
        if simple and not agent and is_past_verb(tokens, position):
            return True  # not "the attack reported by the media": a participle and its agent
    return False


def has_past_form(word: str) -> bool:
    """A past form, whatever its context: an irregular past or past participle, a cue's past
    or a word in -ed (not a noun in -eed: "greed")."""
    if word in IRREGULAR_PASTS or word in IRREGULAR_PARTICIPLES or word in CUES.pasts:
        return True
    return _is_regular_past(word)


def _is_regular_past(word: str) -> bool:
    """A word in -ed that is no noun in -eed ("greed")."""
    return word.endswith("ed") and word not in _NOT_PASTS_IN_ED


def _makes_an_adjective(token: Token) -> bool:
    """A word before a form in -ed that makes it an adjective: a determiner, an adverb, a
    number."""
    word = token.lower
    return word in DETERMINERS or is_adverb(word) or word in UNITS or token.is_digit


def is_adverb(word: str) -> bool:
    """ "always", "repeatedly", "not": words that stand between a subject and its verb."""
    if word in ADVERBS:
        return True
    return word.endswith("ly") and len(word) > 4 and word not in LY_NON_ADVERBS


def skip_back_over_adverbs(tokens: Sequence[Token], position: int) -> int:
    """Past "also", "has", "should", "don't", "are" (of "are saying"), "on Friday", "last
    month", "earlier this week" between a source and its cue."""
    while position >= 0:
        word = tokens[position].lower.replace("\u2019", "'")
        before = tokens[position - 1].lower if position > 0 else ""
        if word in AUXILIARIES or word in BE_FORMS or is_adverb(word):
            position -= 1
        elif (word in WEEKDAYS and before == "on") or (
            word in TIME_WORDS and before in _DEICTIC_DETERMINERS
        ):
            position -= 2
            if position >= 0 and tokens[position].lower in _TIME_DEGREE_WORDS:
                position -= 1  # "earlier this month", "late on Tuesday"
        else:
            break
    return position


def adverbial_tail(tokens: Sequence[Token], index: int) -> bool:
    """ "said police on Friday.", "said in a report released Thursday.": from ``index`` a short
    adverbial, with no number, quotation or clause in it ("said at least 42 people", "said on
    Friday that"), runs to the end of the clause."""
    if index >= len(tokens) or tokens[index].lower not in TAIL_OPENERS:
        return False
    for position in range(index, min(len(tokens), index + _LONG_TAIL + 1)):
        token = tokens[position]
        stops = token.is_digit or token.lower in _COUNT_WORDS or token.lower == "that"
        if stops or token.text in QUOTES or token.text == ":":
            return False
        if token.text in CLAUSE_PUNCTUATION:
            return True
    return len(tokens) - index <= _LONG_TAIL


def opens_subject(token: Token) -> bool:
    word = token.lower.replace("\u2019", "'")
    return word in DETERMINERS or word in CLAUSE_SUBJECTS


def is_apostrophe(tokens: Sequence[Token], index: int) -> bool:
    """ "pilots' association": a quote mark between two words is a plural's apostrophe."""
    inside = 0 < index < len(tokens) - 1 and tokens[index].text in APOSTROPHES
    return inside and tokens[index - 1].is_word and tokens[index + 1].is_word


def only_punctuation_from(tokens: Sequence[Token], index: int) -> bool:
    """Whether no word or number follows ``index``; stops at the first one, so trying many
    cues in one sentence stays linear."""
    for position in range(index, len(tokens)):
        if tokens[position].is_word or tokens[position].is_digit:
            return False
    return True


def strip(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without edge punctuation, spaces, and quote marks left unpaired inside it
    ("we could control our destiny.”" of a nested attribution)."""
    while True:
        while start < end and (text[start] in _EDGE_PUNCTUATION or text[start].isspace()):
            start += 1
        while end > start and (text[end - 1] in _EDGE_PUNCTUATION or text[end - 1].isspace()):
            end -= 1
        if start < end and _unpaired(text[start:end], text[end - 1], opening=False):
            end -= 1
        elif start < end and _unpaired(text[start:end], text[start], opening=True):
            start += 1
        elif _ends_with_coordinator(text, start, end):
            end = text.rindex(" ", start, end)  # "..., and" before the cue of an aside
        else:
            return start, end


def _ends_with_coordinator(text: str, start: int, end: int) -> bool:
    """Whether the span's last word is "and", "but" or "or", which joins nothing in it."""
    space = text.rfind(" ", start, end)
    return space > start and text[space + 1 : end].lower() in _TRAILING_COORDINATORS


def _unpaired(span: str, mark: str, *, opening: bool) -> bool:
    """Whether ``mark`` at the span's start (``opening``) or end is a quote with no partner
    in the span."""
    if mark == '"':
        return span.count('"') % 2 == 1
    if mark == ("\u201c" if opening else "\u201d"):
        return span.count("\u201c") != span.count("\u201d")
    return False


def past_relay_aside(tokens: Sequence[Token], index: int) -> int:
    """The position after a relay aside at ``index`` (", citing two officials," before a
    "that"), where the clause the aside interrupts goes on; else ``index``."""
    if index + 1 >= len(tokens) or tokens[index].text != ",":
        return index
    if tokens[index + 1].lower not in RELAY_CUES:
        return index
    for position in range(index + 2, min(len(tokens) - 1, index + _MAX_RELAY_ASIDE)):
        if tokens[position].text == "," and tokens[position + 1].lower == "that":
            return position + 1
    return index


# Words between "by" and a time's noun ("by the end of June", "by next week", "by mid-June"),
# and the words of a point in a period that are no calendar name or time word ("by the end
# of", "by the close of", "by then").
_DEADLINE_MODIFIERS = frozenset({"the", "next", "this", "early", "late", "mid"})
_DEADLINE_POINTS = frozenset({"end", "middle", "close", "start", "beginning", "then"})


def opens_deadline(tokens: Sequence[Token], index: int) -> bool:
    """A "by" at ``index`` that opens a time, not an agent: "by Tuesday", "by 2030", "by the
    end of June", "by next week", not "by analysts"."""
    if tokens[index].lower != "by" or index + 1 >= len(tokens):
        return False
    time = tokens[index + 1]
    if time.lower in _DEADLINE_MODIFIERS and index + 2 < len(tokens):
        time = tokens[index + 2]
    word = time.lower
    calendar = word in WEEKDAYS or word in MONTHS or word in TIME_WORDS or word in _DEADLINE_POINTS
    return time.is_digit or calendar
