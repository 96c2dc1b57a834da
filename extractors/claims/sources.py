"""Naming a claim's source within the article.

News names an organisation in full once and then says "the monitoring group", "the Syrian
Observatory" or "it". The resolver walks the claims in article order and keeps the names seen so
far: a shorter name resolves to the earlier full name that contains it, "he"/"she" to the last
person, "it" to the last organisation, and a generic anaphor ("the group", "the monitoring
group", "the agency") to the latest organisation whose name fits it — a group to an observatory
or network, an agency to an agency — so "the agency" never names a monitoring group.

A definite phrase with a specific modifier ("the defence ministry", "the interior ministry") is
no anaphor: it names its own entity, resolved to an earlier name with the same words ("Defence
Ministry") or else to itself. Generic sources ("experts", "teachers", "a monitoring group",
"the director of the city hospital") resolve to None: the article does not say who they are.

A description with a name in it ("Israeli courts", "Syrian state media") resolves to itself,
never to an earlier name that shares a word, and is never remembered as the
antecedent of "he" or "she" (an organisation's description, "the UN refugee agency", is one
for "the agency"): only pronouns and generic phrases resolve to something else.

A person named with a title resolves to the phrase as written ("Observatory head Rami Abdel
Rahman", "ministry spokesman Colonel Yusuf Karam"): the title tells which side speaks, and a
later "Abdel Rahman" or "Karam" resolves to it.
"""

from __future__ import annotations

from collections.abc import Sequence

from extractors.claims.lexicon import (
    ANAPHOR_ANTECEDENTS,
    BROAD_ANAPHORS,
    CATEGORY_NOUNS,
    DETERMINERS,
    GENERIC_MODIFIERS,
    NAME_CONNECTORS,
    NP_STOP_WORDS,
    ORGANISATION_ANAPHORS,
    ORGANISATION_WORDS,
    PERSON_PRONOUNS,
    PERSON_TITLES,
    POSSESSIVE_PRONOUNS,
    PRONOUN_SOURCES,
    ROLE_NOUNS,
)
from extractors.claims.tokens import Token

_DEFINITE = frozenset({"the", "this", "that"})
_PERSON_WORDS = PERSON_PRONOUNS | {"his", "her"}
_ORGANISATION_PRONOUNS = frozenset({"it", "its"})

_POSSESSIVES = ("'s", "\u2019s")


class SourceResolver:
    """Resolves sources in article order; one instance per article."""

    def __init__(self) -> None:
        self._names: list[str] = []
        self._organisations: list[str] = []
        self._last_person: str | None = None

    def resolve(self, text: str, tokens: Sequence[Token], sentence_start: bool) -> str | None:
        """The entity ``tokens`` (a source phrase) names, or None when it is generic.

        ``sentence_start`` says the phrase opens its sentence, where a capital proves nothing.
        """
        words = [token.lower for token in tokens]
        if len(words) == 1 and words[0] in _PERSON_WORDS:  # "he", "his claim"
            return self._last_person
        if len(words) == 1 and words[0] in _ORGANISATION_PRONOUNS:  # "it", "its claim"
            return self._organisations[-1] if self._organisations else None
        if len(words) == 1 and words[0] in PRONOUN_SOURCES | POSSESSIVE_PRONOUNS:
            return None  # "they", "we", "their": too many candidates to say
        first = 1 if words[0] in DETERMINERS else 0
        if first >= len(tokens):
            return None
        if _is_name(tokens, first, sentence_start and first == 0):
            name = " ".join(text[tokens[first].start : tokens[-1].end].split())
            if not _is_proper_name(tokens, first):  # "Israeli courts": itself, never another
                if words[-1] in ORGANISATION_WORDS:  # "the UN refugee agency": "the agency"
                    self._remember_organisation(name)
                return name
            return self._named(self._earlier_name_containing(name) or name)
        if words[0] in _DEFINITE and words[-1] in ORGANISATION_ANAPHORS:
            modifiers = words[1:-1]
            if all(_is_generic_modifier(word) for word in modifiers):
                return self._antecedent(words[-1])
            phrase = " ".join(text[tokens[first].start : tokens[-1].end].split())
            return self._named(self._earlier_name_with_words(phrase) or phrase)
        return None

    def _named(self, name: str) -> str:
        self._remember(name)
        return name

    def _earlier_name_containing(self, name: str) -> str | None:
        words = {word for word in name.split() if word[:1].isupper()}
        for earlier in reversed(self._names):
            if len(earlier) > len(name) and words <= set(earlier.split()):
                return earlier
        return None

    def _earlier_name_with_words(self, phrase: str) -> str | None:
        """ "defence ministry" after "The Defence Ministry": the same entity, capitals aside."""
        words = set(phrase.lower().split())
        for earlier in reversed(self._names):
            if words <= set(earlier.lower().split()):
                return earlier
        return None

    def _antecedent(self, anaphor: str) -> str | None:
        """The latest organisation an anaphor fits; a broad one ("the group") falls back to the
        latest organisation of any kind."""
        fitting = ANAPHOR_ANTECEDENTS.get(anaphor, frozenset())
        for organisation in reversed(self._organisations):
            if not fitting.isdisjoint(_name_words(organisation)):
                return organisation
        if anaphor in BROAD_ANAPHORS and self._organisations:
            return self._organisations[-1]
        return None

    def _remember(self, name: str) -> None:
        if name not in self._names:
            self._names.append(name)
        words = _name_words(name)
        if words.isdisjoint(ORGANISATION_WORDS) or not words.isdisjoint(PERSON_TITLES):
            self._last_person = name
        else:
            self._remember_organisation(name)

    def _remember_organisation(self, name: str) -> None:
        if name in self._organisations:
            self._organisations.remove(name)
        self._organisations.append(name)


def _name_words(name: str) -> set[str]:
    """Lower-case words of a name, possessive endings dropped ("UN's" is "un")."""
    words = set()
    for word in name.lower().split():
        for ending in _POSSESSIVES:
            word = word.removesuffix(ending)
        words.add(word)
    return words


def _is_proper_name(tokens: Sequence[Token], first: int) -> bool:
    """ "Abdel Rahman", "the Syrian Observatory", "Ministry of Defence", "Observatory head
    Rami Abdel Rahman": every word a capital, a connector or a person's title, ending on a
    capital, so the phrase may be a shorter form of an earlier name. A common head ("Israeli
    courts") makes a description, which names only itself."""
    phrase = [token for token in tokens[first:] if token.is_word]  # "(SOHR)" kept as a name
    return (
        bool(phrase)
        and phrase[-1].is_capitalized
        and all(
            token.is_capitalized
            or token.lower in NAME_CONNECTORS
            or token.lower in PERSON_TITLES
            or not token.is_word
            for token in phrase
        )
    )


def _is_generic_modifier(word: str) -> bool:
    return word in GENERIC_MODIFIERS or word.endswith("-based")


def _is_name(tokens: Sequence[Token], first: int, opens_sentence: bool) -> bool:
    """A capitalized word in the head ("the Russian ministry of defence") makes a name; one
    after "of" ("the parent of one of the children killed in that December 13 attack") does
    not, and neither does a capital that only opens the sentence ("Monitoring groups") or
    places the speaker ("the Britain-based monitoring group")."""
    for index in range(first, len(tokens)):
        token = tokens[index]
        if token.lower in NP_STOP_WORDS or token.lower == "of":
            return False
        if not token.is_capitalized or token.lower.endswith("-based"):
            continue
        if index == first and opens_sentence and _is_common_word(token.lower):
            continue
        return True
    return False


def _is_common_word(word: str) -> bool:
    common = word in ROLE_NOUNS or word in CATEGORY_NOUNS or word in NAME_CONNECTORS
    return common or word in PRONOUN_SOURCES
