"""Numbers as news writes them: digits, words, vague plurals, qualifiers and ranges.

"more than 1,000", "almost 10,000", "eight", "twenty-five", "two hundred and fifty",
"1.5 million", "dozens", "tens of thousands", "between 10 and 15". Anything that does not parse
cleanly ("several hundred", "1.000", "10,00") yields no number at all: a count is never guessed.
Dates and years ("22 Feb 2015", "September 30", "in 2011") are not counts and are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from extractors.claims.lexicon import (
    FINITE_OUTCOME_VERBS,
    KIN_NOUNS,
    KIN_POSSESSIVES,
    MONTHS,
    ONE_PERSON_NOUNS,
    OUTCOME_PHRASES,
    OUTCOME_WORDS,
    QUALIFIERS,
    SCALES,
    TENS,
    UNITS,
    VAGUE_COUNTS,
    VICTIM_VERBS,
    word_set,
)
from extractors.claims.tokens import Token

_INTEGER = re.compile(r"\d+|\d{1,3}(?:,\d{3})+|\d{1,3}(?:[\u00a0\u202f\u2009]\d{3})+")
_DECIMAL = re.compile(r"\d+\.\d+")
_DIGIT_RANGE = re.compile(r"(\d+)-(\d+)")
# An age written as one compound adjective: "15-year-old", "two-month-old", "4-year-old".
_AGE_COMPOUND = re.compile(r"(\d+|[a-z]+)-(year|month|week|day)s?-old")
_ADULT_AGE = 18  # the age of majority: a younger person is a child (UN Convention, art. 1)
# An age stated after a person: "aged 7 and 12", "ages 9 and 11", "18 months"; a name of at most
# three words may come between ("her son Muhammad, 16,"), and the aside ends at these marks.
AGE_WORDS = frozenset({"aged", "age", "ages"})
_YOUNG_AGE_UNITS = frozenset({"months", "weeks", "days", "month", "week", "day"})
_MAX_NAME_WORDS = 3
_AGE_APPOSITION_ENDS = frozenset({",", ".", ")", ";", "\u2014", "-"})
_CLOCK = frozenset({"am", "pm", "gmt", "utc"})
_YEAR_NEIGHBOURS = word_set("in since of until by year early late mid from to")
# Number words are short runs; the cap keeps a pathological run of them linear to scan.
_MAX_NUMBER_WORDS = 8
# Qualifiers indexed by their first word, longest first.
_QUALIFIERS_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _qualifier in sorted(QUALIFIERS, key=len, reverse=True):
    _QUALIFIERS_BY_FIRST.setdefault(_qualifier[0], []).append(_qualifier)
# Words a number can start with; any other word is rejected with one lookup.
_NUMBER_STARTS = frozenset({*UNITS, *TENS, *VAGUE_COUNTS, "a", "an"})
_NOT_A_COUNT_BEFORE_SCALE = frozenset({"several", "few", "many"})
# Words a mention can start with (besides digits and hyphenated number words): most tokens of a
# sentence are none of these, and are passed over without trying every rule at them.
_MENTION_STARTS = (
    _NUMBER_STARTS
    | _NOT_A_COUNT_BEFORE_SCALE
    | {"between", *_QUALIFIERS_BY_FIRST}
    | KIN_POSSESSIVES  # "a woman and her son": a relative listed with a victim
)
_LIST_WORDS = frozenset({"including", "and", "plus"})
# What joins a relative to the victim listed before it: "a woman and her son", "a man, his
# wife and their two children".
_CONJOINERS = frozenset({"and", ","})
_LIST_JOINERS = _LIST_WORDS | _CONJOINERS
# Modifiers allowed between "a" or "one" and the noun of the one person it counts, and the
# words that end the phrase instead: function words and the verbs of an outcome.
_MAX_ONE_PERSON_MODIFIERS = 2
_NOT_MODIFIERS = (
    word_set(
        "of the a an and or but in on at by for from with to who which that was were is are has had"
        " have been his her their its this these those other another more"
    )
    | FINITE_OUTCOME_VERBS
    | VICTIM_VERBS
)
# "A child was killed": the outcome after the one person.
# The outcome words of death and injury ("killed", "martyred", "wounded", "dead").
_ONE_PERSON_OUTCOMES = frozenset(
    word for word, outcome in OUTCOME_WORDS.items() if outcome in {"killed", "wounded"}
)
# The idioms of death with a singular "life", before "of a ...": "claiming the life of a woman".
_LIFE_OF = frozenset(words for words in OUTCOME_PHRASES if words[1:] == ("the", "life"))
# Words right before "a" that make the one person it counts a victim: "among them a woman",
# "shot dead a former commander", "the death of a child", "the martyrdom of a woman".
_VICTIM_LEADS = frozenset({("among", "them"), ("shot", "dead")})
_DEAD_WORDS = word_set("dead victims killed")  # "among the dead", "among those killed"
_BE_PAST = word_set("was were")
_DATE_WINDOW = 6  # "the killing of a student by police in 2019": the noun to its year
_DEATH_NOUNS = word_set("death killing martyrdom murder assassination")
_PLURAL_AUXILIARIES = frozenset({"were", "have", "had"})
_SINGULAR_AUXILIARIES = frozenset({"was", "has", "had"})
_MAX_SECOND_CONJUNCT = 4  # words of "her two young daughters" before their verb
# Determiners of one person: "a child", and the possessive of a relative listed with another
# victim ("a woman and her son", "including his brother").
_ONE_PERSON_DETERMINERS = KIN_POSSESSIVES | {"a", "an"}


@dataclass(frozen=True, slots=True)
class NumberMention:
    """A parsed number: tokens ``[first, end)``, where ``number`` is its first numeric token."""

    first: int
    number: int
    end: int
    value: int | None
    low: int | None
    high: int | None
    approx: str | None
    written_as_one: bool


@dataclass(frozen=True, slots=True)
class _Parsed:
    value: int
    end: int
    vague: str | None


def find_numbers(tokens: Sequence[Token]) -> list[NumberMention]:
    """Every count-like number in ``tokens``, left to right, without overlaps."""
    mentions: list[NumberMention] = []
    index = 0
    while index < len(tokens):
        lower = tokens[index].lower
        if lower not in _MENTION_STARTS and "-" not in lower and not tokens[index].is_digit:
            index += 1
            continue
        mention, resume = _mention_at(tokens, index)
        if mention is not None:
            mentions.append(mention)
        index = max(resume, index + 1)
    return mentions


def _mention_at(tokens: Sequence[Token], index: int) -> tuple[NumberMention | None, int]:
    """The mention starting at ``index`` (if any) and where scanning should resume."""
    qualifier_end, bound = _qualifier_at(tokens, index)
    number_start = qualifier_end if bound is not None else index
    lower = tokens[index].lower
    if lower == "between":
        ranged = _range_after_between(tokens, index)
        if ranged is not None:
            return ranged, ranged.end
    if lower in _NOT_A_COUNT_BEFORE_SCALE:
        return None, _skip_number_run(tokens, index + 1)
    if _is_listed_single_person(tokens, index):
        return NumberMention(index, index, index + 1, 1, 1, 1, None, True), index + 1
    pair = _digit_range(tokens[number_start]) if number_start < len(tokens) else None
    if pair is not None:
        approx = _words(tokens, index, qualifier_end) if bound is not None else None
        end = number_start + 1
        return NumberMention(index, number_start, end, None, *pair, approx, False), end
    parsed = _parse_number(tokens, number_start)
    if parsed is None:
        return None, index + 1
    if _is_date_part(tokens, number_start, parsed):
        return None, parsed.end
    approx = _words(tokens, index, qualifier_end) if bound is not None else parsed.vague
    high_end = _range_end(tokens, parsed)
    if high_end is not None:
        high, end = high_end
        mention = NumberMention(
            index, number_start, end, None, parsed.value, high, approx, written_as_one=False
        )
        return mention, end
    low, upper = _bounds(parsed.value, bound, parsed.vague)
    written_as_one = tokens[number_start].lower == "one" and parsed.end == number_start + 1
    mention = NumberMention(
        index, number_start, parsed.end, parsed.value, low, upper, approx, written_as_one
    )
    return mention, parsed.end


def _is_listed_single_person(tokens: Sequence[Token], index: int) -> bool:
    """ "including a child", "killing a woman", "A girl was killed", "A child died", "among
    them a woman", "shot dead a teacher", "the death of a child" (not one dated in a past
    year): one person, counted."""
    word = tokens[index].lower
    if word not in _ONE_PERSON_DETERMINERS or index + 1 >= len(tokens):
        return False
    noun = one_person_noun_after(tokens, index)
    if noun is None:
        return False
    previous = tokens[index - 1].lower if index > 0 else ""
    if word in KIN_POSSESSIVES:  # "a woman and her son", "including his brother"
        if previous not in _LIST_JOINERS or tokens[noun].lower not in KIN_NOUNS:
            return False
        if previous not in _CONJOINERS:
            return True
        after = stated_ages(tokens, noun + 1)[1]
        if previous == "," and after < len(tokens) and tokens[after].lower == "and":
            after = _after_second_conjunct(tokens, after + 1)  # "a man, his wife and their sons"
        return _partner_is_victim(tokens, index - 1) or _outcome_follows(
            tokens, after, _PLURAL_AUXILIARIES
        )  # "Ahmad al-Ali and his wife were killed", "... and her son Ahmed, 16, were killed"
    if previous in _LIST_WORDS or previous in VICTIM_VERBS:
        return True
    before = tuple(token.lower for token in tokens[max(0, index - 4) : index])
    if before[-3:] in _LIFE_OF or before[-4:-1] in _LIFE_OF:  # "claiming the life of a woman"
        return before[-1] == "of"
    if before[-2:] in _VICTIM_LEADS:
        return True
    if _among_the_dead(before):  # "Among the dead was a 15-year-old boy"
        return True
    if len(before) >= 2 and before[-1] == "of" and before[-2] in _DEATH_NOUNS:
        return not _dated_in_the_past(tokens, noun + 1)  # not "the killing of a student in 2019"
    after = stated_ages(tokens, noun + 1)[1]  # "A girl aged 9 was killed"
    after = _past_listed_relative(tokens, after)  # "A man, his wife and their two children"
    if after < len(tokens) and tokens[after].lower == "and":
        # "A woman and her son were killed": the verb after both
        return _outcome_follows(
            tokens, _after_second_conjunct(tokens, after + 1), _PLURAL_AUXILIARIES
        )
    return _outcome_follows(tokens, after, _SINGULAR_AUXILIARIES)


def _among_the_dead(before: tuple[str, ...]) -> bool:
    """Whether the words before a person are "among the dead was" or "among those killed
    were": the victims' list the person is in."""
    return (
        len(before) >= 3
        and before[-1] in _BE_PAST
        and before[-2] in _DEAD_WORDS
        and "among" in before[:-2]
    )


def _outcome_follows(tokens: Sequence[Token], index: int, auxiliaries: frozenset[str]) -> bool:
    """Whether a verb of death or injury follows at ``index``: "died", or one of the
    ``auxiliaries`` with an outcome within a few words ("were killed", "has been wounded")."""
    following = [token.lower for token in tokens[index : index + 4]]
    if following[:1] and following[0] in FINITE_OUTCOME_VERBS:
        return True  # "A child died when the shell hit", "A woman and her son died"
    return (
        bool(following)
        and following[0] in auxiliaries
        and any(word in _ONE_PERSON_OUTCOMES for word in following)
    )


def _past_listed_relative(tokens: Sequence[Token], position: int) -> int:
    """Past a relative listed after a comma ("a man, his wife and ..."): the position of the
    "and" that ends the list, so the verb is sought after its last conjunct; ``position``
    itself when no such relative follows."""
    if position + 2 >= len(tokens) or tokens[position].text != ",":
        return position
    if tokens[position + 1].lower not in KIN_POSSESSIVES:
        return position
    for following in range(position + 2, min(len(tokens), position + 2 + _MAX_SECOND_CONJUNCT)):
        if tokens[following].lower == "and":
            return following
        if not (tokens[following].is_word or tokens[following].is_digit):
            return position  # punctuation: no list of relatives
    return position


def _partner_is_victim(tokens: Sequence[Token], conjunction: int) -> bool:
    """Whether the one person before "and" at ``conjunction`` is counted as a victim ("A
    woman and her son were killed"), so that the relative after it is one too; not in "A man
    and his son were among 12 people killed" or "Police arrested a man and his son"."""
    for start in range(conjunction - 1, max(-1, conjunction - 2 - _MAX_ONE_PERSON_MODIFIERS), -1):
        if tokens[start].lower in {"a", "an"} and one_person_noun_after(tokens, start) == (
            conjunction - 1
        ):
            return _is_listed_single_person(tokens, start)
    return False


def _after_second_conjunct(tokens: Sequence[Token], start: int) -> int:
    """Where the verb after a short second conjunct stands ("and her son were", "and her two
    daughters died", "and her 16-year-old son were"): the first verb of an outcome or a plural
    auxiliary within a few words, past an age stated after a word ("and her son Ahmed, 16,
    were"), else where a two-word conjunct would end."""
    position, limit = start, start + _MAX_SECOND_CONJUNCT + 1
    while position < min(len(tokens), limit):
        word = tokens[position].lower
        if word in FINITE_OUTCOME_VERBS or word in _PLURAL_AUXILIARIES:
            return position
        ages, after = stated_ages(tokens, position + 1)
        if ages:
            limit += after - position - 1
            position = after
        else:
            position += 1
    return start + 2


def _dated_in_the_past(tokens: Sequence[Token], index: int) -> bool:
    """Whether a year follows within a few words of ``index`` ("... by police in 2019"): a past
    death recalled, not the event's."""
    return any(
        token.is_digit and len(token.text) == 4 and token.text[:2] in {"19", "20"}
        for token in tokens[index : index + _DATE_WINDOW]
    )


def one_person_noun_after(tokens: Sequence[Token], index: int) -> int | None:
    """Index of the noun for one person that "a", "an" or "one" at ``index`` counts, past at
    most two modifiers ("a child", "an elderly woman", "one opposition fighter", "a Turkish
    soldier", "a 15-year-old boy"), the last of a compound ("a girl child"); else None."""
    for position in range(index + 1, min(len(tokens), index + 2 + _MAX_ONE_PERSON_MODIFIERS)):
        token = tokens[position]
        if token.lower in ONE_PERSON_NOUNS:
            following = position + 1
            if following < len(tokens) and tokens[following].lower in ONE_PERSON_NOUNS:
                return following  # "a girl child"
            return position
        if is_age_compound(token.lower):
            continue  # "a 15-year-old boy": the age is a modifier
        if not token.is_word or token.lower in _NOT_MODIFIERS:
            return None
    return None


def is_age_compound(word: str) -> bool:
    """ "15-year-old", "two-month-old": an age as one compound adjective."""
    return _AGE_COMPOUND.fullmatch(word) is not None


def is_child_age(word: str) -> bool:
    """Whether an age compound names a child: "16-year-old", "two-month-old", not
    "45-year-old" or a word that is no age."""
    match = _AGE_COMPOUND.fullmatch(word)
    if match is None:
        return False
    amount, unit = match.groups()
    if unit != "year":
        return True  # "a two-month-old baby", "a ten-day-old girl"
    years = int(amount) if amount.isdigit() else _word_value(amount)[1]
    return 0 < years < _ADULT_AGE


def ages_name_children(tokens: Sequence[Token], index: int) -> bool:
    """Whether the ages stated right after a person noun ending at ``index - 1`` are all a
    child's: "her two sons, aged 7 and 12", "a baby girl aged 18 months", "her son Muhammad,
    16,". A list with an adult's age in it ("two brothers aged 17 and 22") names no children."""
    ages, _ = stated_ages(tokens, index)
    return bool(ages) and all(age < _ADULT_AGE for age in ages)


def stated_ages(tokens: Sequence[Token], index: int) -> tuple[tuple[int, ...], int]:
    """The ages in years (0 for months, weeks or days) stated right after a person noun
    ending at ``index - 1``, past a name of a few words ("her son Muhammad, 16,", "a girl aged
    9", "two sons, aged 7 and 12,"), and the position after them and their closing comma;
    ``((), index)`` when no age follows."""
    position, named = index, False
    while position < len(tokens) and position - index < _MAX_NAME_WORDS:
        if not (tokens[position].is_word and tokens[position].is_capitalized):
            break
        position, named = position + 1, True  # "her son Muhammad", "his grandson Rezan"
    comma = position < len(tokens) and tokens[position].text == ","
    position += comma
    if position < len(tokens) and tokens[position].lower == "both":
        position += 1
    if position < len(tokens) and tokens[position].lower in AGE_WORDS:
        ages, position = _listed_ages(tokens, position + 1)
    elif comma and (named or position == index + 1):
        ages, position = _listed_ages(tokens, position)
        closed = position >= len(tokens) or tokens[position].text in _AGE_APPOSITION_ENDS
        if not (closed and len(ages) == 1):
            return (), index  # ", 16," is an aside of one age; not "killed 5, 16 wounded"
    else:
        return (), index
    if not ages:
        return (), index
    if position < len(tokens) and tokens[position].lower in _YOUNG_AGE_UNITS:
        ages, position = [0] * len(ages), position + 1  # "aged 18 months"
    if comma and position < len(tokens) and tokens[position].text == ",":
        position += 1
    return tuple(ages), position


def _listed_ages(tokens: Sequence[Token], position: int) -> tuple[list[int], int]:
    """The ages of "7, 9 and 12" from ``position``, and the position after them."""
    ages: list[int] = []
    while position < len(tokens) and _INTEGER.fullmatch(tokens[position].text):
        ages.append(int(tokens[position].text.replace(",", "")))
        position += 1
        joined = position + 1 < len(tokens) and tokens[position].lower in {",", "and"}
        if not (joined and tokens[position + 1].is_digit):
            break
        position += 1
    return ages, position


def _bounds(value: int, bound: str | None, vague: str | None) -> tuple[int | None, int | None]:
    if bound == "low" or (bound is None and vague is not None):
        return value, None
    if bound == "high":
        return None, value
    if bound == "about":
        return None, None
    return value, value


def _qualifier_at(tokens: Sequence[Token], index: int) -> tuple[int, str | None]:
    """(end of the qualifier, its kind) for the longest qualifier at ``index``, if any."""
    for words in _QUALIFIERS_BY_FIRST.get(tokens[index].lower, ()):
        end = index + len(words)
        if end <= len(tokens) and all(
            tokens[index + offset].lower == word for offset, word in enumerate(words)
        ):
            return end, QUALIFIERS[words]
    return index, None


def _words(tokens: Sequence[Token], start: int, end: int) -> str:
    return " ".join(token.lower for token in tokens[start:end])


def _parse_number(tokens: Sequence[Token], index: int) -> _Parsed | None:
    if index >= len(tokens):
        return None
    token = tokens[index]
    if token.is_digit:
        return _parse_digits(tokens, index)
    if token.lower not in _NUMBER_STARTS and "-" not in token.lower:
        return None
    if token.lower in VAGUE_COUNTS:
        return _parse_vague(tokens, index)
    return _parse_words(tokens, index)


def _parse_digits(tokens: Sequence[Token], index: int) -> _Parsed | None:
    text = tokens[index].text
    scale = _scale_after(tokens, index + 1)
    if _INTEGER.fullmatch(text):
        value = int(re.sub(r"\D", "", text))
        if scale is not None:
            return _Parsed(value * scale, index + 2, None)
        return _Parsed(value, index + 1, None)
    if _DECIMAL.fullmatch(text) and scale is not None:
        scaled = float(text) * scale
        if scaled.is_integer():
            return _Parsed(int(scaled), index + 2, None)
    return None


def _scale_after(tokens: Sequence[Token], index: int) -> int | None:
    if index < len(tokens) and tokens[index].lower in SCALES:
        return SCALES[tokens[index].lower]
    return None


def _parse_vague(tokens: Sequence[Token], index: int) -> _Parsed:
    """ "dozens", "thousands", and "tens/hundreds of thousands"."""
    word = tokens[index].lower
    value = VAGUE_COUNTS[word]
    has_of = index + 2 < len(tokens) and tokens[index + 1].lower == "of"
    if has_of and word in {"tens", "hundreds"}:
        larger = tokens[index + 2].lower
        if larger in {"thousands", "millions"}:
            return _Parsed(
                value * VAGUE_COUNTS[larger], index + 3, _words(tokens, index, index + 3)
            )
    return _Parsed(value, index + 1, word)


def _parse_words(tokens: Sequence[Token], index: int) -> _Parsed | None:
    """Number words, "a hundred", "a dozen", "twenty-five", "two hundred and fifty"."""
    total = 0
    current = 0
    last: str | None = None
    position = index
    limit = min(len(tokens), index + _MAX_NUMBER_WORDS)
    if tokens[index].lower in {"a", "an"}:
        following = tokens[index + 1].lower if index + 1 < len(tokens) else ""
        if following not in SCALES and following != "dozen":
            return None
        current, last, position = 1, "unit", index + 1
    while position < limit:
        word = tokens[position].lower
        kind, amount = _word_value(word)
        if _adds(kind, amount, last, current):
            current += amount
        elif word == "hundred" and last in {"unit", "tens"}:
            current *= 100
        elif word == "dozen" and last in {"unit", "tens"}:
            current *= 12
        elif kind == "scale" and last in {"unit", "tens", "scale"} and word != "hundred":
            total += max(current, 1) * amount
            current = 0
        elif word == "and" and last == "scale" and _next_is_small_number(tokens, position + 1):
            kind = "and"
        else:
            break
        last = "scale" if word in {"hundred", "dozen"} else kind
        position += 1
    if position == index or last in {None, "and"}:
        return None
    return _Parsed(total + current, position, None)


def _adds(kind: str | None, amount: int, last: str | None, current: int) -> bool:
    """Whether a unit or tens word extends the number: "twenty five", "hundred and one"."""
    if kind == "unit":
        return last in {None, "scale", "and"} or (last == "tens" and amount < 10)
    return kind == "tens" and last in {None, "scale", "and"} and current % 100 == 0


def _word_value(word: str) -> tuple[str | None, int]:
    if word in UNITS:
        return "unit", UNITS[word]
    if word in TENS:
        return "tens", TENS[word]
    if word in SCALES:
        return "scale", SCALES[word]
    tens, _, unit = word.partition("-")
    if tens in TENS and unit in UNITS and 0 < UNITS[unit] < 10:
        return "tens", TENS[tens] + UNITS[unit]
    return None, 0


def _next_is_small_number(tokens: Sequence[Token], index: int) -> bool:
    return index < len(tokens) and _word_value(tokens[index].lower)[0] in {"unit", "tens"}


def _skip_number_run(tokens: Sequence[Token], index: int) -> int:
    """Past "hundred"/"dozen" after "several": an unparseable count, left out entirely."""
    if index < len(tokens) and (tokens[index].lower in SCALES or tokens[index].lower == "dozen"):
        return index + 1
    return index


def _is_date_part(tokens: Sequence[Token], index: int, parsed: _Parsed) -> bool:
    """ "22 Feb", "September 30", "in 2011", "0742 PM": a date or a time, not a count."""
    if not tokens[index].is_digit:
        return False
    before = tokens[index - 1].lower if index > 0 else ""
    after = tokens[parsed.end].lower if parsed.end < len(tokens) else ""
    if before in MONTHS or after in MONTHS or after in _CLOCK:
        return True
    text = tokens[index].text
    is_year_like = len(text) == 4 and text.isdigit() and 1800 <= parsed.value <= 2100
    if not is_year_like:
        return False
    return before in _YEAR_NEIGHBOURS or before[:1].isdigit() or after[:1].isdigit()


def _range_end(tokens: Sequence[Token], parsed: _Parsed) -> tuple[int, int] | None:
    """(upper bound, end) for "10 to 15" or "10-15"; None when the number stands alone."""
    index = parsed.end
    if index + 1 < len(tokens) and tokens[index].lower in {"to", "or"}:
        upper = _parse_number(tokens, index + 1)
        if upper is not None and upper.vague is None and upper.value > parsed.value:
            return upper.value, upper.end
    return None


def _range_after_between(tokens: Sequence[Token], index: int) -> NumberMention | None:
    lower = _parse_number(tokens, index + 1)
    if lower is None or lower.vague is not None:
        return None
    if lower.end + 1 >= len(tokens) or tokens[lower.end].lower != "and":
        return None
    upper = _parse_number(tokens, lower.end + 1)
    if upper is None or upper.vague is not None or upper.value <= lower.value:
        return None
    return NumberMention(
        index, index + 1, upper.end, None, lower.value, upper.value, "between", False
    )


def _digit_range(token: Token) -> tuple[int, int] | None:
    """ "10-15" as one token: (10, 15); None for "48-hour" or a descending pair."""
    match = _DIGIT_RANGE.fullmatch(token.text)
    if match is None:
        return None
    low, high = int(match.group(1)), int(match.group(2))
    return (low, high) if low < high else None
