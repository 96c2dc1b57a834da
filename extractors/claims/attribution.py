"""Who says so: reporting cues, their sources and the reported content within one sentence.

The patterns news uses are few and positional, so rules over tokens cover them without a parser:

- ``X said (that) CONTENT`` and ``X posted on Twitter that CONTENT``: source before the cue;
- ``CONTENT, X said`` and ``CONTENT, X said, CONTENT``: the same, with the content before;
- ``"QUOTE," said X`` and ``... said Observatory director Rami Abdel Rahman.``: source after;
- ``according to X``, ``citing X``: source after the cue;
- ``X rejected ..., accusing Y of ...``: a participle cue whose source is the sentence subject.

Finite cues win over participles, the first usable cue wins over later ones. Every scan is a
bounded window around a cue, so a sentence costs time linear in its length.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from extractors.claims.lexicon import (
    AUXILIARIES,
    BE_FORMS,
    DETERMINERS,
    INTRODUCING_PREPOSITIONS,
    LEADING_ADVERBIALS,
    NAME_CONNECTORS,
    NOT_A_CUE_AFTER,
    NOUN_LIKE_REPORTING_VERBS,
    NP_STOP_WORDS,
    PARTICIPLE_CUES,
    PHRASE_CUES,
    PRONOUN_SOURCES,
    REPORTING_VERBS,
    ROLE_NOUNS,
    SOURCE_AFTER_CUES,
    SOURCE_END_WORDS,
    TIME_WORDS,
    WEEKDAYS,
)
from extractors.claims.tokens import Token

_QUOTES = frozenset('"\u201c\u201d')
_DASHES = "-\u2013\u2014"
_CLAUSE_PUNCTUATION = frozenset(",;:.!?()[]" + _DASHES)
_EDGE_PUNCTUATION = ",;:." + _DASHES
_POSSESSIVE = ("'s", "\u2019s")
_MAX_SOURCE_BEFORE = 12
_MAX_LOWERCASE_IN_SOURCE = 4
_MAX_SOURCE_AFTER_QUOTE = 20
_MAX_SOURCE_AFTER = 10
_MAX_INTRO = 10
_THAT_WINDOW = 6
# Multi-word cues indexed by their first word, so most tokens cost one dict lookup.
_SOURCE_AFTER_BY_FIRST = {words[0]: words for words in SOURCE_AFTER_CUES}
_PHRASES_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _phrase in PHRASE_CUES:
    _PHRASES_BY_FIRST.setdefault(_phrase[0], []).append(_phrase)
_SHORT_TAIL = 3  # "X said on Friday night." leaves at most this many words after the cue


@dataclass(frozen=True, slots=True)
class Attribution:
    """Token ranges ``[start, end)`` of source and cue; character range of the content."""

    source_start: int
    source_end: int
    cue_start: int
    cue_end: int
    content_start: int
    content_end: int
    is_direct_quote: bool


@dataclass(frozen=True, slots=True)
class _Cue:
    start: int
    end: int
    role: str  # "finite", "after" (according to X) or "participle"


def find_attribution(text: str, tokens: Sequence[Token]) -> Attribution | None:
    """The attribution of the sentence made of ``tokens``, or None when nobody is cited."""
    cues = list(_cues(tokens))
    for wanted in ("finite", "participle"):
        for cue in cues:
            if (cue.role == "participle") != (wanted == "participle"):
                continue
            attribution = _attribute(text, tokens, cue)
            if attribution is not None:
                return attribution
    return None


def _cues(tokens: Sequence[Token]) -> list[_Cue]:
    cues: list[_Cue] = []
    index = 0
    while index < len(tokens):
        cue = _cue_at(tokens, index)
        if cue is None:
            index += 1
        else:
            cues.append(cue)
            index = cue.end
    return cues


def _matches(tokens: Sequence[Token], index: int, words: tuple[str, ...]) -> bool:
    end = index + len(words)
    return end <= len(tokens) and all(
        tokens[index + offset].lower == word for offset, word in enumerate(words)
    )


def _cue_at(tokens: Sequence[Token], index: int) -> _Cue | None:
    token = tokens[index]
    word = token.lower
    after = _SOURCE_AFTER_BY_FIRST.get(word)
    if after is not None and _matches(tokens, index, after):
        return _Cue(index, index + len(after), "after")
    if not token.text[0].islower():  # "Said" is a name, "Reports" a headline word
        return None
    for words in _PHRASES_BY_FIRST.get(word, ()):
        if _matches(tokens, index, words):
            return _Cue(index, index + len(words), "finite")
    if word in PARTICIPLE_CUES:
        return _Cue(index, index + 1, "participle")
    if word not in REPORTING_VERBS and word not in NOUN_LIKE_REPORTING_VERBS:
        return None
    previous = tokens[index - 1].lower if index > 0 else ""
    following = tokens[index + 1].lower if index + 1 < len(tokens) else ""
    used_as_noun = previous in DETERMINERS or previous.endswith(_POSSESSIVE)
    if previous in BE_FORMS or used_as_noun or following in NOT_A_CUE_AFTER:
        return None
    if word in NOUN_LIKE_REPORTING_VERBS and following != "that":
        return None
    return _Cue(index, index + 1, "finite")


def _attribute(text: str, tokens: Sequence[Token], cue: _Cue) -> Attribution | None:
    if cue.role == "after":
        return _attribute_source_after(text, tokens, cue)
    if cue.role == "participle":
        return _attribute_to_subject(text, tokens, cue)
    after_quote = _follows_quote(tokens, cue.start)
    inverted = _source_after(tokens, cue.end, lax=after_quote, must_end_clause=True)
    if inverted is not None:
        return _attribution_with_content_before(text, tokens, inverted, cue)
    source = _source_before(tokens, cue.start)
    if source is None:
        return None
    return _attribution_with_source_before(text, tokens, source, cue)


# --- sources -------------------------------------------------------------------------------


def _source_before(tokens: Sequence[Token], cue_start: int) -> tuple[int, int] | None:
    """The noun phrase ending right before the cue, e.g. "the monitoring group"."""
    position = _skip_back_over_adverbs(tokens, cue_start - 1)
    if position >= 0 and tokens[position].lower in {"who", "which"}:
        position -= 1  # "a military source who said": the phrase before the relative
    comma_before_cue = position >= 0 and tokens[position].text == ","
    if comma_before_cue:  # "Michael Fallon, Britain's Defence Secretary, said"
        position -= 1
    end = position + 1
    start = end
    lowercase = 0
    while position >= 0 and end - position <= _MAX_SOURCE_BEFORE:
        token = tokens[position]
        word = token.lower
        if not token.is_word:
            break
        if word in DETERMINERS:
            start = position
            break
        if word in PRONOUN_SOURCES:
            if position == end - 1:
                start = position
            break
        if token.is_capitalized or _continues_name(tokens, position, start, end):
            start = position
        elif word in NP_STOP_WORDS or word in TIME_WORDS or word in REPORTING_VERBS:
            break
        else:
            lowercase += 1
            if lowercase > _MAX_LOWERCASE_IN_SOURCE:
                break
            start = position
        position -= 1
    while start < end and tokens[start].lower in NAME_CONNECTORS - DETERMINERS:
        start += 1
    if start == end:
        return None
    if comma_before_cue:
        return _name_before_apposition(tokens, start, end)
    return start, end


def _skip_back_over_adverbs(tokens: Sequence[Token], position: int) -> int:
    """Past "also", "has", "on Friday", "last month" between a source and its cue."""
    while position >= 0:
        word = tokens[position].lower
        before = tokens[position - 1].lower if position > 0 else ""
        if word in AUXILIARIES:
            position -= 1
        elif (word in WEEKDAYS and before == "on") or (word in TIME_WORDS and before == "last"):
            position -= 2
        else:
            break
    return position


def _continues_name(tokens: Sequence[Token], position: int, start: int, end: int) -> bool:
    """ "for" in "Observatory for Human Rights", "of" in "ministry of defence"."""
    word = tokens[position].lower
    if start == end or word in DETERMINERS:
        return False
    if word == "of":
        return True
    left_is_name = position > 0 and tokens[position - 1].is_capitalized
    return word in NAME_CONNECTORS and left_is_name and tokens[start].is_capitalized


def _name_before_apposition(
    tokens: Sequence[Token], start: int, end: int
) -> tuple[int, int] | None:
    """ "Michael Fallon, Britain's Defence Secretary, said": the source is the name, and a
    phrase between commas with no name before it is no source at all."""
    if start < 2 or tokens[start - 1].text != ",":
        return None
    name_end = start - 1
    name_start = name_end
    while name_start > 0 and name_end - name_start < _MAX_SOURCE_BEFORE:
        token = tokens[name_start - 1]
        if not token.is_word or not (token.is_capitalized or token.lower in NAME_CONNECTORS):
            break
        name_start -= 1
    while name_start < name_end and not tokens[name_start].is_capitalized:
        name_start += 1
    clause_starts = name_start == 0 or not tokens[name_start - 1].is_word
    if name_start < name_end and clause_starts:
        return name_start, name_end
    return None


def _source_after(
    tokens: Sequence[Token], start: int, *, lax: bool, must_end_clause: bool
) -> tuple[int, int] | None:
    """The noun phrase right after a cue: "said the Observatory", "according to analysts".

    ``lax`` (after a closing quote) accepts any words up to the clause end, as in "said the
    parent of one of the children killed in that attack"; otherwise only name-like words count.
    With ``must_end_clause`` the phrase must run to the end of its clause, which tells
    "said Observatory director Rami Abdel Rahman." from "say Moscow has achieved its aim".
    """
    limit = min(len(tokens), start + (_MAX_SOURCE_AFTER_QUOTE if lax else _MAX_SOURCE_AFTER))
    position = start
    while position < limit:
        token = tokens[position]
        word = token.lower
        after_preposition = position > start and tokens[position - 1].lower in NP_STOP_WORDS
        if word in SOURCE_END_WORDS and not after_preposition:
            break
        if not (token.is_word or (lax and token.is_digit)):
            break
        name_like = (
            token.is_capitalized
            or word in ROLE_NOUNS
            or word in DETERMINERS
            or word.endswith(_POSSESSIVE)
        )
        if not (lax or name_like):
            break
        position += 1
    if position == start:
        return None
    if must_end_clause and position < len(tokens):
        ender = tokens[position]
        ends_clause = ender.text in _CLAUSE_PUNCTUATION or ender.lower in SOURCE_END_WORDS
        if not ends_clause:
            return None
    end = position
    while end > start and tokens[end - 1].lower in NAME_CONNECTORS:
        end -= 1
    return (start, end) if end > start else None


def _subject(tokens: Sequence[Token], before: int) -> tuple[int, int] | None:
    """The sentence's subject, past introductions like "However," or "On Thursday,"."""
    start = _skip_introduction(tokens, before)
    position = start
    while position < min(before, start + _MAX_SOURCE_BEFORE):
        token = tokens[position]
        word = token.lower
        name_like = token.is_capitalized or word in ROLE_NOUNS or word.endswith(_POSSESSIVE)
        if not token.is_word or not (name_like or word in NAME_CONNECTORS):
            break
        position += 1
    while position > start and tokens[position - 1].lower in NAME_CONNECTORS:
        position -= 1
    return (start, position) if position > start else None


def _skip_introduction(tokens: Sequence[Token], before: int) -> int:
    position = 0
    while position < before and tokens[position].lower in LEADING_ADVERBIALS:
        position += 1
        if position < before and tokens[position].text == ",":
            position += 1
    if position < before and tokens[position].lower in INTRODUCING_PREPOSITIONS:
        for index in range(position, min(before, position + _MAX_INTRO)):
            if tokens[index].text == ",":
                return index + 1
    return position


# --- content -------------------------------------------------------------------------------


def _follows_quote(tokens: Sequence[Token], cue_start: int) -> bool:
    """True for `"...," said X` and `"..." said X`."""
    for offset in (1, 2):
        index = cue_start - offset
        if index < 0:
            return False
        if tokens[index].text in _QUOTES:
            return True
        if tokens[index].text != ",":
            return False
    return False


def _attribution_with_content_before(
    text: str, tokens: Sequence[Token], source: tuple[int, int], cue: _Cue
) -> Attribution:
    start, end = tokens[0].start, tokens[cue.start - 1].end if cue.start > 0 else tokens[0].start
    content_start, content_end, quoted = _trim_content(text, start, end)
    return Attribution(*source, cue.start, cue.end, content_start, content_end, quoted)


def _attribution_with_source_before(
    text: str, tokens: Sequence[Token], source: tuple[int, int], cue: _Cue
) -> Attribution:
    source_start, _ = source
    before_source = tokens[source_start - 1] if source_start > 0 else None
    if before_source is not None and _is_postposed(tokens, cue):
        resumes = any(token.text == "," for token in tokens[cue.end : cue.end + _SHORT_TAIL + 1])
        start = tokens[0].start
        if resumes:  # "The toll, the group said, is ...": the content surrounds the source
            end = tokens[-1].end
        elif before_source.text == ",":
            end = before_source.start
        else:  # a closing quote, or the last word where commas were stripped
            end = before_source.end
    else:
        start = _content_start_after(tokens, cue.end)
        end = tokens[-1].end
    content_start, content_end, quoted = _trim_content(text, start, end)
    return Attribution(*source, cue.start, cue.end, content_start, content_end, quoted)


def _is_postposed(tokens: Sequence[Token], cue: _Cue) -> bool:
    """ "CONTENT, X said (on Friday)." rather than "X said (that) CONTENT"."""
    for index in range(cue.end, min(len(tokens), cue.end + _SHORT_TAIL + 1)):
        token = tokens[index]
        if token.text == ":" or token.text in _QUOTES or token.lower == "that":
            return False
        if token.text in _CLAUSE_PUNCTUATION:
            return True
    return len(tokens) - cue.end <= _SHORT_TAIL


def _attribute_source_after(text: str, tokens: Sequence[Token], cue: _Cue) -> Attribution | None:
    source = _source_after(tokens, cue.end, lax=False, must_end_clause=False)
    if source is None:
        return None
    if cue.start <= 1:  # "According to X, CONTENT"
        start, end = _content_start_after(tokens, source[1]), tokens[-1].end
    else:  # "CONTENT, according to X"
        start, end = tokens[0].start, tokens[cue.start - 1].end
    content_start, content_end, quoted = _trim_content(text, start, end)
    return Attribution(*source, cue.start, cue.end, content_start, content_end, quoted)


def _attribute_to_subject(text: str, tokens: Sequence[Token], cue: _Cue) -> Attribution | None:
    source = _subject(tokens, cue.start)
    if source is None:
        return None
    start = _content_start_after(tokens, cue.end)
    content_start, content_end, quoted = _trim_content(text, start, tokens[-1].end)
    return Attribution(*source, cue.start, cue.end, content_start, content_end, quoted)


def _content_start_after(tokens: Sequence[Token], index: int) -> int:
    """Where the reported clause starts: after "that" if it comes soon, else right here."""
    for position in range(index, min(len(tokens), index + _THAT_WINDOW)):
        if tokens[position].lower == "that":
            return tokens[position].end if position + 1 < len(tokens) else tokens[index].start
        if tokens[position].text in _QUOTES:
            break
    if index < len(tokens) and tokens[index].text in {",", ":"}:
        index += 1
    return tokens[index].start if index < len(tokens) else tokens[-1].end


def _trim_content(text: str, start: int, end: int) -> tuple[int, int, bool]:
    """Strip spaces and edge punctuation, then enclosing quotes; report whether it was a quote."""
    start, end = _strip(text, start, end)
    enclosed = end - start >= 2 and text[start] in _QUOTES and text[end - 1] in _QUOTES
    if enclosed and not any(text.find(quote, start + 1, end - 1) >= 0 for quote in _QUOTES):
        start, end = _strip(text, start + 1, end - 1)
        return start, end, True
    return start, end, False


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start] in _EDGE_PUNCTUATION or text[start].isspace()):
        start += 1
    while end > start and (text[end - 1] in _EDGE_PUNCTUATION or text[end - 1].isspace()):
        end -= 1
    return start, end
