"""Naming a claim's source within the article.

News names an organisation in full once and then says "the monitoring group", "the Syrian
Observatory" or "it". The resolver walks the claims in article order and keeps the names seen so
far: a shorter name resolves to the earlier full name that contains it, a definite anaphor ("the
group") to the last organisation, "he"/"she" to the last person. Generic sources ("experts",
"teachers", "a monitoring group") resolve to None: the article does not say who they are.
"""

from __future__ import annotations

from collections.abc import Sequence

from extractors.claims.lexicon import (
    CATEGORY_NOUNS,
    DETERMINERS,
    NAME_CONNECTORS,
    NP_STOP_WORDS,
    ORGANISATION_ANAPHORS,
    ORGANISATION_WORDS,
    PERSON_PRONOUNS,
    PERSON_TITLES,
    ROLE_NOUNS,
)
from extractors.claims.tokens import Token

_DEFINITE = frozenset({"the", "this", "that"})


class SourceResolver:
    """Resolves sources in article order; one instance per article."""

    def __init__(self) -> None:
        self._names: list[str] = []
        self._last_organisation: str | None = None
        self._last_person: str | None = None

    def resolve(self, text: str, tokens: Sequence[Token], sentence_start: bool) -> str | None:
        """The entity ``tokens`` (a source phrase) names, or None when it is generic.

        ``sentence_start`` says the phrase opens its sentence, where a capital proves nothing.
        """
        words = [token.lower for token in tokens]
        if len(words) == 1 and words[0] in PERSON_PRONOUNS:
            return self._last_person
        if words == ["it"]:
            return self._last_organisation
        first = 1 if words[0] in DETERMINERS else 0
        if first >= len(tokens):
            return None
        if not _is_name(tokens, first, sentence_start and first == 0):
            if words[0] in _DEFINITE and words[-1] in ORGANISATION_ANAPHORS:
                return self._last_organisation
            return None
        name = " ".join(text[tokens[first].start : tokens[-1].end].split())
        resolved = self._earlier_name_containing(name) or name
        self._remember(resolved)
        return resolved

    def _earlier_name_containing(self, name: str) -> str | None:
        words = {word for word in name.split() if word[:1].isupper()}
        for earlier in reversed(self._names):
            if len(earlier) > len(name) and words <= set(earlier.split()):
                return earlier
        return None

    def _remember(self, name: str) -> None:
        if name not in self._names:
            self._names.append(name)
        words = {word.lower() for word in name.split()}
        if words.isdisjoint(ORGANISATION_WORDS) or not words.isdisjoint(PERSON_TITLES):
            self._last_person = name
        else:
            self._last_organisation = name


def _is_name(tokens: Sequence[Token], first: int, opens_sentence: bool) -> bool:
    """A capitalized word in the head ("the Russian ministry of defence") makes a name; one
    after "of" ("the parent of one of the children killed in that December 13 attack") does
    not, and neither does a capital that only opens the sentence ("Monitoring groups")."""
    for index in range(first, len(tokens)):
        token = tokens[index]
        if token.lower in NP_STOP_WORDS or token.lower == "of":
            return False
        if not token.is_capitalized:
            continue
        if index == first and opens_sentence and _is_common_word(token.lower):
            continue
        return True
    return False


def _is_common_word(word: str) -> bool:
    return word in ROLE_NOUNS or word in CATEGORY_NOUNS or word in NAME_CONNECTORS
