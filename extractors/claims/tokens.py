"""A regex tokenizer that keeps exact character offsets.

Why not spaCy's blank English tokenizer: the rules need tokens spaCy splits differently —
numbers with their thousands separators ("1,000", "10 000" with a no-break space) and words with
inner hyphens and apostrophes ("al-Assad", "Russia's", "twenty-five") as one token each — and the
sentence rules (quotes spanning sentences, line breaks) are our own anyway. Speed is no reason
either way: on the FA-KES dev texts, splitting and tokenizing here costs about the same as
``spacy.blank("en")`` plus its sentencizer (about 0.6 ms per article, measured on one core), so
dropping the dependency from the hot path costs nothing.
"""

from __future__ import annotations

import re
from typing import NamedTuple

# Every branch consumes at least one character and the repeated groups start with a separator
# the previous group cannot end with, so matching is linear in the text length.
_TOKEN = re.compile(
    # 1,000  10 000  3.5  10-15  48-hour  14th-ranked (an ordinal's ending stays with it)
    r"\d+(?:[.,\u00a0\u202f\u2009]\d+)*(?:(?:st|nd|rd|th)(?!\w))?(?:-\w+)*"
    r"|\w+(?:[-'\u2019]\w+)*"  # al-Assad  Russia's  twenty-five
    r"|\S"  # any other visible character
)

# Organisations whose acronym spells a function word: the World Health Organization, the
# Islamic State. "US" is left out: the country names list reads "us" in either case.
_FUNCTION_WORD_ACRONYMS = frozenset({"who", "is"})


class Token(NamedTuple):
    """One token: ``text == source[start:end]``; ``lower`` is cached for lexicon lookups: the
    text in lower case, except an acronym that spells a function word ("WHO"), kept as written.

    A named tuple rather than a frozen dataclass: an article makes about a thousand tokens, and
    a frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``, which made
    tokenizing a third of the claim extraction.
    """

    start: int
    end: int
    text: str
    lower: str

    @property
    def is_word(self) -> bool:
        return self.text[0].isalpha()

    @property
    def is_capitalized(self) -> bool:
        return self.text[0].isupper()

    @property
    def is_digit(self) -> bool:
        return self.text[0].isdecimal()


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of ``text[start:end]`` with offsets into the whole ``text``."""
    stop = len(text) if end is None else end
    return [
        Token(match.start(), match.end(), word, _lookup_form(word))
        for match in _TOKEN.finditer(text, start, stop)
        for word in (match.group(),)
    ]


def _lookup_form(word: str) -> str:
    """The form lexicons are looked up by: the word in lower case, except an acronym that spells
    a function word ("the WHO said", "IS claimed the attack"), which keeps its capitals so that
    no lexicon of relatives, auxiliaries or prepositions takes it."""
    lower = word.lower()
    return word if lower in _FUNCTION_WORD_ACRONYMS and word.isupper() else lower
