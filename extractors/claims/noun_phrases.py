"""The noun phrase that ends at a token, scanned back to its determiner, a stop word or
punctuation, and the tests of what belongs to a name.

It is the building block of a source before its cue ("the monitoring group said") and of the
cue tests that read a verb's subject (evidence in "The footage showed", a quotation before "he
continued"), so it stands apart from both. What counts as part of a phrase is its own set of
rules: a name's connectors ("Observatory for Human Rights", "ministry of defence"), initialisms
and abbreviations ("the U.S. Attorney's Office", "Lt. Matt Harris") and an acronym in brackets
("the United Nations children's agency (UNICEF)"), never a year or a verb's object. A count
written in digits ends the phrase ("70 percent of Americans" gives "percent of Americans"): a
rule taking it in helped one dev half only (bench/RESULTS.md, claims 2.7.0).
"""

from __future__ import annotations

from collections.abc import Sequence

from extractors.claims.cues import CUES
from extractors.claims.lexicon import (
    ABBREVIATIONS,
    DETERMINERS,
    INDEFINITE_PERSON_PRONOUNS,
    LINKING_ADVERBIALS,
    MONTHS,
    NAME_CONNECTORS,
    NAME_PARTICLE_WORDS,
    NOT_IN_SOURCES,
    NP_STOP_WORDS,
    ORGANISATION_WORDS,
    POSSESSIVE_PRONOUNS,
    PRONOMINAL_DETERMINERS,
    PRONOUN_SOURCES,
    TIME_WORDS,
    WEEKDAYS,
)
from extractors.claims.token_checks import POSSESSIVE, is_adverb, is_apostrophe, opens_clause
from extractors.claims.tokens import Token

MAX_SOURCE_BEFORE = 12
ARTICLES = frozenset({"a", "an", "the"})
NAME_PARTICLES = ("al-", "el-")  # Arabic article joined to a surname
_MAX_LOWERCASE_IN_SOURCE = 4
_PREDETERMINERS = frozenset({"all", "both", "half"})  # Quirk et al. 1985, 5.15: "all the evidence"
# Words that make "all" an adverbial's: "in all", "of all", "after all", "for all", "above all".
_ADVERBIAL_BEFORE_ALL = frozenset({"in", "of", "after", "for", "above", "at"})
_SHARE_WORDS = frozenset({"percent", "per", "%"})  # "44 percent of", "58% of": a share
# Words of quantity after "a" that count the plural after them: "a dozen lawmakers".
_QUANTITY_NOUNS = frozenset(
    {"dozen", "hundred", "thousand", "million", "couple", "few", "further", "handful", "score"}
)
# Weekdays and months end a phrase scanned back: a date, not a name's word. "May" and "March"
# are also names and verbs, so they stay.
CALENDAR_NAMES = WEEKDAYS | (MONTHS - {"may", "march"})
# Words that open a clause's subject, which a complementizer "that" may precede.
_CLAUSE_SUBJECT_STARTS = (
    DETERMINERS | PRONOMINAL_DETERMINERS | PRONOUN_SOURCES | POSSESSIVE_PRONOUNS
)


def _has_predeterminer(tokens: Sequence[Token], determiner: int) -> bool:
    """Whether "all", "both" or "half" before the determiner at ``determiner`` belongs to its
    phrase ("All the evidence"), not to an adverbial whose comma was stripped ("In all the
    Observatory said", "First of all the minister said")."""
    if determiner < 1 or tokens[determiner - 1].lower not in _PREDETERMINERS:
        return False
    before = tokens[determiner - 2].lower if determiner >= 2 else ""
    return before not in _ADVERBIAL_BEFORE_ALL


def noun_phrase_before(tokens: Sequence[Token], end: int) -> tuple[int, int] | None:
    """The noun phrase ending at token ``end`` (exclusive), scanned back to its determiner,
    a stop word or punctuation."""
    position = end - 1
    start = end
    lowercase = 0
    while position >= 0 and end - position <= MAX_SOURCE_BEFORE:
        token = tokens[position]
        word = token.lower
        if is_apostrophe(tokens, position) or is_abbreviation_dot(tokens, position):
            position -= 1  # "the residents' committee", "the U.S. Attorney's Office"
            continue
        if position == end - 1 and is_abbreviation_stop(tokens, position):
            start = position  # "James P. Kennedy Jr., the U.S. Attorney, said"
            position -= 1
            continue
        if closes_acronym(tokens, position) and position == end - 1:
            position -= 3  # "the United Nations children's agency (UNICEF) said"
            continue
        if token.is_digit and _counts_a_share(tokens, position, start):
            start = position  # "44 percent of Americans say": a share of a population
            position -= 1
            continue
        if token.text == "%" and start == position + 1 and tokens[start].lower == "of":
            start = position  # "58% of likely voters": the sign of a share, its number next
            position -= 1
            continue
        if not token.is_word and not _is_compound_modifier(token):
            break
        superlative = position > 0 and tokens[position - 1].lower == "the"  # "the most ..."
        quantifier = word in PRONOMINAL_DETERMINERS and not superlative  # "most Americans"
        if word in DETERMINERS or quantifier:
            alone = position == end - 1
            if _is_complementizer(tokens, position):
                break  # "polls show that most Americans want": "that" opens the clause
            if not alone or word in PRONOMINAL_DETERMINERS:  # "Some said"
                start = position
            if not alone and _has_predeterminer(tokens, position):
                start = position - 1  # "All the evidence", "both the parties"
            if alone and position > 0 and tokens[position - 1].lower in PRONOUN_SOURCES:
                start = position - 1  # "They all knew": a quantifier floated after its pronoun
            break
        if word in PRONOUN_SOURCES or word in INDEFINITE_PERSON_PRONOUNS:
            if position == end - 1:
                start = position
            break
        if token.is_capitalized and word in NP_STOP_WORDS:
            break  # "When asked ...", "After the raid ...": a capital that opens a clause
        if position < end - 1 and word in CALENDAR_NAMES:
            break  # "in September US President Barack Obama said": commas stripped
        if token.is_capitalized or _continues_name(tokens, position, start, end):
            start = position
        elif (
            word in NP_STOP_WORDS
            or word in TIME_WORDS
            or (word in CUES.pasts and not _after_article(tokens, position))  # "an informed"
            or (word in CUES.gerunds and opens_clause(tokens, position))
            or word in LINKING_ADVERBIALS
        ):
            break
        else:
            # a possessive determines the words after it: "The chemical industry's main trade
            # group" counts its possessor's words on their own
            lowercase = 1 if word.endswith(POSSESSIVE) else lowercase + 1
            if lowercase > _MAX_LOWERCASE_IN_SOURCE:
                break
            start = position
        position -= 1
    while (
        start < end
        and not _opens_a_name(tokens, start, end)
        and (
            tokens[start].lower in NAME_CONNECTORS - DETERMINERS
            or tokens[start].lower in NOT_IN_SOURCES
        )
    ):
        start += 1  # "Friday Siege Watch said", "Meanwhile SANA reported": commas stripped
    return (start, end) if start < end else None


def _after_article(tokens: Sequence[Token], position: int) -> bool:
    """A word right after an article is an adjective of its noun: "an informed source"."""
    return position > 0 and tokens[position - 1].lower in ARTICLES


def _opens_a_name(tokens: Sequence[Token], start: int, end: int) -> bool:
    """A name's own first word that is also a connector: "Al Jazeera", "El Pais", "Bin Salman"
    (a particle written with its capital, before another capitalised word)."""
    return (
        tokens[start].is_capitalized
        and tokens[start].lower in NAME_PARTICLE_WORDS
        and start + 1 < end
        and tokens[start + 1].is_capitalized
    )


def _counts_a_share(tokens: Sequence[Token], position: int, start: int) -> bool:
    """Whether the number at ``position`` opens the phrase from ``start`` as a share ("44
    percent of Americans", "58 per cent"), the source of a poll's findings."""
    return start == position + 1 and tokens[start].lower in _SHARE_WORDS


def _is_compound_modifier(token: Token) -> bool:
    """A compound adjective led by a number ("a 28-year-old teacher", "a 48-hour
    ceasefire") or an ordinal ("the 14th-ranked Schwartzman", "the 9th Circuit"): a word of
    the phrase, not a count."""
    return token.is_digit and any(c.isalpha() for c in token.text)


def _is_complementizer(tokens: Sequence[Token], index: int) -> bool:
    """A lowercase "that" before a determiner, a pronoun or a name opens a clause ("shows that
    most Americans", "said that Carlineo"): a demonstrative "that" takes a bare singular noun."""
    if tokens[index].text != "that" or index + 1 == len(tokens):
        return False
    following = tokens[index + 1]
    word = following.lower.replace("\u2019", "'").split("'")[0]  # "we're", "they'd"
    plural = is_plural_noun(word)  # "adding that mosques were": "those" would take a plural
    # "found that (only) 58 per cent expect": a demonstrative takes no number
    qualified = index + 2 < len(tokens) and tokens[index + 2].is_digit and following.is_word
    number = following.is_digit or qualified
    return following.is_capitalized or word in _CLAUSE_SUBJECT_STARTS or plural or number


def is_plural_noun(word: str) -> bool:
    """A plural noun by its ending, the singulars in -s set aside ("press", "status",
    "crisis", "news" as an organisation word, "always")."""
    return (
        len(word) > 3
        and word.endswith("s")
        and not word.endswith(("ss", "us", "is"))
        and word not in ORGANISATION_WORDS
        and not is_adverb(word)
    )


def is_proper_name(tokens: Sequence[Token], start: int, end: int) -> bool:
    """ "Samir Adoum", "The Selvan Civil Monitoring Network": capitalized words after an
    optional determiner, joined only by name connectors."""
    while start < end and tokens[start].lower in DETERMINERS:
        start += 1
    if start == end or not tokens[start].is_capitalized:
        return False
    return all(
        (token.is_word and (token.is_capitalized or token.lower in NAME_CONNECTORS))
        or is_abbreviation_stop(tokens, position)  # "Sen. Ted Cruz", "Kennedy Jr."
        or token.lower.startswith(NAME_PARTICLES)  # "Bashar al-Assad", "Leys el-Faris"
        for position, token in enumerate(tokens[start:end], start)
    )


def _continues_name(tokens: Sequence[Token], position: int, start: int, end: int) -> bool:
    """ "for" in "Observatory for Human Rights", "of" in "ministry of defence"."""
    word = tokens[position].lower
    if start == end or word in DETERMINERS:
        return False
    if word == "of":
        return True
    left_is_name = position > 0 and tokens[position - 1].is_capitalized
    return word in NAME_CONNECTORS and left_is_name and tokens[start].is_capitalized


def closes_acronym(tokens: Sequence[Token], index: int) -> bool:
    """The ")" of "(UNICEF)" or "(SNHR)": a capitalized word in brackets, not a party and
    state ("(D-NY)")."""
    return (
        index >= 3
        and tokens[index].text == ")"
        and tokens[index - 2].text == "("
        and tokens[index - 1].is_capitalized
        and "-" not in tokens[index - 1].text
        and tokens[index - 3].is_word
    )


def is_abbreviation_stop(tokens: Sequence[Token], index: int) -> bool:
    """The full stop of a listed abbreviation wherever it stands ("Kennedy Jr.,"), or of an
    initial before more words ("the U.S. Attorney"): part of its word, so it ends neither a
    phrase nor an aside. An initialism before a comma ("Washington, D.C.,") may end a list."""
    if tokens[index].text != "." or index == 0:
        return False
    before = tokens[index - 1]
    if before.lower in ABBREVIATIONS:
        return True
    initial = _is_initial(before)
    return initial and index + 1 < len(tokens) and tokens[index + 1].is_word


def is_abbreviation_dot(tokens: Sequence[Token], index: int) -> bool:
    """The full stop of "U.S.", "Lt." or "Co." inside a name, followed by more of it, or the
    last stop of an initialism ("the U.S. would", "the U.S. military")."""
    if not 0 < index < len(tokens) - 1 or tokens[index].text != ".":
        return False
    before, after = tokens[index - 1], tokens[index + 1]
    if ends_initialism(tokens, index) and after.is_word:
        return True  # "U.S.": the initialism goes on whatever follows it
    abbreviated = _is_initial(before) or before.lower in ABBREVIATIONS
    return abbreviated and after.is_word and after.is_capitalized


def ends_initialism(tokens: Sequence[Token], index: int) -> bool:
    """Whether the token at ``index`` is the last stop of an initialism of several letters
    ("U.S.", "D.C."): a full stop after an initial that itself follows a stop."""
    return (
        index >= 2
        and tokens[index].text == "."
        and _is_initial(tokens[index - 1])
        and tokens[index - 2].text == "."
    )


def _is_initial(token: Token) -> bool:
    return len(token.text) == 1 and token.is_capitalized


def contact_clause_subject(
    tokens: Sequence[Token], phrase: tuple[int, int]
) -> tuple[int, int] | None:
    """The subject of a relative clause with no relative word, run into its antecedent ("a
    move critics described as", "a step officials hailed as", "a move health officials
    warned"): a phrase opened by "a" or "an" cannot end in a plural head, so the words after
    the antecedent's noun, the plural and its modifiers, are another phrase, the clause's
    subject (Quirk et al. 1985, 17.15: contact clauses); None when the phrase is no such pair
    (a connector, a participle or a word of quantity makes it one phrase: "a group of
    analysts", "A group representing Iowa cities", "A dozen lawmakers")."""
    start, end = phrase
    if end - start < 3 or tokens[start].lower not in {"a", "an"}:
        return None
    words = tokens[start + 1 : end]
    if any(token.lower in NAME_CONNECTORS or token.lower.endswith("ing") for token in words):
        return None
    if tokens[start + 1].lower in _QUANTITY_NOUNS:
        return None  # "A dozen lawmakers", "a further three ministers": one counted phrase
    head = tokens[end - 1]
    if (
        head.is_capitalized
        or not is_plural_noun(head.lower)
        or is_plural_noun(tokens[start + 1].lower)
    ):
        return None
    return (start + 2, end)
