"""Who says so: reporting cues, their sources and the reported content within one sentence.

The patterns news uses are few and positional, so rules over tokens cover them without a parser:

- ``X said (that) CONTENT`` and ``X posted on Twitter that CONTENT``: source before the cue;
- ``CONTENT, X said`` and ``CONTENT, X said, CONTENT``: the same, with the content before;
- ``"QUOTE," said X`` and ``... said Observatory director Rami Abdel Rahman.``: source after,
  for the verbs that invert ("said", "added"; "told reporters" names no source);
- ``according to X``, ``citing X``: source after the cue;
- ``X rejected ..., accusing Y of ...``: a participle cue whose source is the sentence subject;
- ``Soldiers reportedly fired on the crowd``: a hearsay adverb reports its clause, no source.

A source before its cue is the whole subject phrase: a prepositional post-modifier belongs to it
("Officials in Port Selvan", "a diplomat close to the negotiations"), a relative clause or
participle between commas is skipped ("A rebel commander, who asked not to be named, said"), and
of a name and its appositive the name is the source ("Michael Fallon, Britain's Defence
Secretary, said"; "the agency's spokeswoman, Ana Brevik, said"). A title written into the name
without commas stays part of it ("ministry spokesman Colonel Yusuf Karam").

A claim is a direct quote when the attribution is framed by a quotation that opens the sentence
and closes right before the source and cue (`"Q," X said`, `"Q," said X, adding ...`), or that
opens right after them and closes the sentence (`X said: "Q"`); the content is then the quoted
text without its quote marks, and in `"Q1," X said, "Q2."` it runs from Q1 to Q2. A quotation
inside reported speech (`X said the figures were "exaggerated"`) keeps the claim indirect.

Every cue of a sentence gives its own attribution (at most ``_MAX_ATTRIBUTIONS``), a content
that runs into the next attribution stops at the clause boundary before it, and a participle
after a finite cue shares that cue's source. Every scan is a bounded window around a cue, so a
sentence costs time linear in its length.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, replace

from extractors.claims.cues import CLAUSE, CUES, SPEECH
from extractors.claims.lexicon import (
    ABBREVIATIONS,
    ADDRESSEE_CUES,
    ADVERBS,
    AGENT_PLURALS,
    AUXILIARIES,
    BE_FORMS,
    CATEGORY_NOUNS,
    CLAUSE_OPENERS,
    CLAUSE_SUBJECTS,
    COORDINATORS,
    DETERMINERS,
    EMBEDDING_WORDS,
    FINITE_MARKERS,
    INTRODUCING_PREPOSITIONS,
    IRREGULAR_PASTS,
    LEADING_ADVERBIALS,
    LINKING_VERBS,
    LY_NON_ADVERBS,
    NAME_CONNECTORS,
    NOT_A_CUE_AFTER,
    NOT_IN_SOURCES,
    NP_STOP_WORDS,
    OBJECT_PRONOUNS,
    ORGANISATION_WORDS,
    OUTCOME_ADJECTIVES,
    OUTCOME_WORDS,
    PARTICIPLE_OPENERS,
    PARTITIVE_HEADS,
    PASSIVE_COMPLEMENTS,
    PASSIVE_HEDGES,
    PERSON_TITLES,
    POSSESSIVE_PRONOUNS,
    POSTMODIFIER_PREPOSITIONS,
    POSTMODIFIER_WORDS,
    PRONOMINAL_DETERMINERS,
    PRONOUN_SOURCES,
    QUALIFIERS,
    RELATIVE_OPENERS,
    ROLE_MODIFIERS,
    ROLE_NOUNS,
    SOURCE_END_WORDS,
    SOURCE_HEADS,
    STANCE_PREPOSITIONS,
    TENS,
    TIME_WORDS,
    UNITS,
    VAGUE_COUNTS,
    WEEKDAYS,
    word_set,
)
from extractors.claims.lexicon import (
    TAIL_ADVERBIAL_OPENERS as TAIL_OPENERS,
)
from extractors.claims.tokens import Token

_QUOTES = frozenset('"\u201c\u201d\u2018\u2019')
# Opening quote -> its closing quote; straight double quotes pair by alternation. A "\u2019"
# between two words is the apostrophe of "the residents\u2019 homes", not a closing quote.
_CLOSING_QUOTES = {"\u201c": "\u201d", "\u2018": "\u2019", '"': '"'}
_APOSTROPHES = frozenset("'\u2019")
_QUOTE_JOINERS = frozenset(",:")  # between a quotation and its attribution: `"Q," X said`
_DASHES = "-\u2013\u2014"
_CLAUSE_PUNCTUATION = frozenset(",;:.!?()[]" + _DASHES)
_EDGE_PUNCTUATION = ",;:." + _DASHES
_POSSESSIVE = ("'s", "\u2019s")
_MAX_SOURCE_BEFORE = 12
_MAX_LOWERCASE_IN_SOURCE = 4
_SHARE_WORDS = frozenset({"percent", "%", "per"})  # "70 percent of", "70% of", "70 per cent of"
_MAX_FIRST_CONJUNCT = 3  # words: "The Russian government and Syrian regime blamed"
# Words after which a bare cue noun with a "that" clause is a claim nobody named holds: a
# preposition ("amid reports that", "despite claims that") or a verb of response ("rejected
# criticism that", "denied allegations that", "raised fears that").
_BARE_NOUN_CUE_OPENERS = frozenset(
    {"amid", "despite", "over", "about", "following", "after", "against"}
    | {"rejected", "dismissed", "denied", "refuted", "rebuffed", "raised", "fuelled", "fueled"}
    | {"sparked", "prompted", "echoed", "repeated", "reiterated", "acknowledged", "addressed"}
)
_NESTED_ROLES = frozenset({"passive", "hearsay"})
# A party and state after a US legislator's name: "D-N.Y.", "R-Texas", "I-Vt.".
_PARTY_AND_STATE = re.compile(r"[DRI]-[A-Z][A-Za-z.]{1,12}")
_PREPOSITIONS = frozenset({"for", "in", "with", "by", "of", "from", "on", "at", "to"})
_NEGATIVE_SUBJECTS = frozenset({"nobody", "none", "neither", "no-one", "noone"})
_CLOSING_MARKS = frozenset({")", "]"})  # "the (UN) General Assembly and we": no clause opens
_AMOUNT_WORDS = frozenset({"hundred", "thousand", "million", "billion", "trillion"})
_MAX_SOURCE_AFTER_QUOTE = 20
_MAX_SOURCE_AFTER = 10
_MAX_INTRO = 10
_THAT_WINDOW = 6
_THAT_AFTER_ADJUNCTS_WINDOW = 9  # "told The New York Times in an interview that"
_MAX_PARENTHETICAL = 16  # tokens between the commas of "X, who asked not to be named, said"
_MAX_RELATIVE_CLAUSE = 32  # ... when the inserted phrase is a relative clause
_MAX_PARENTHETICALS = 3  # in a row: "Jane Doe, 45, a teacher from Ohio, said"
_MAX_POSTMODIFIERS = 3  # "officials at the hospital in the city": prepositions to cross
_MAX_ADDRESSEE = 4  # "told reporters in Geneva: "Q"": words between a cue and its quotation
# Attributions per sentence: news sentences hold a few; the cap keeps a run-on text without
# punctuation linear, since every content may run to the sentence end.
_MAX_ATTRIBUTIONS = 8
_TIME_AFTER_ARTICLE = frozenset(
    {"day", "week", "month", "year", "few", "minute", "moment", "second", "hour", "while"}
)
_TIME_PREPOSITIONS = frozenset({"on", "last", "this", "in"})
_BOUNDARY_WINDOW = 6  # ", but in a later statement the ministry said": the clause's opener
_NEGATION_WINDOW = 4  # "could not independently confirm": auxiliaries and adverbs to cross
_SUBJECT_WINDOW = 5  # "believes the attack was planned": a short subject, then its verb
_LABEL_WINDOW = 7  # "called the Pentagon's decision a mistake": object and complement
_SHORT_TAIL = 3  # "The toll, the group said, is ...": words between the cue and the comma
_REQUEST_LEMMAS = frozenset({"ask", "request", "beg"})
_NOT_TO_BE = ("not", "to", "be")
_AS_SAYING = ("as", "saying")
# Complex-transitive verbs of opinion (Quirk et al. 1985, 16.47): "regard X as Y".
_AS_COMPLEMENT_LEMMAS = word_set("view regard see consider perceive")
_AS_ADVERBS = word_set("well soon long much many far usual expected planned")
_COUNT_WORDS = frozenset({"least", "most", "than", "dozens", "hundreds", "thousands"})
_LONG_TAIL = 12  # "X said on a visit to Ramallah in the West Bank.": an adverbial tail
_SUBORDINATORS = word_set("as while whereas although though because since after before when")
_MAX_AFFILIATION = 8  # tokens inside "(R-W.Va.)" and similar asides after a name
# A name after these is inside a modifier ("friends of Mike Ford"), not the source's own head.
_NOT_BEFORE_A_SOURCE_NAME = NP_STOP_WORDS | POSTMODIFIER_PREPOSITIONS | NAME_CONNECTORS
_FREE_RELATIVE_VERBS = word_set("was were is are")  # "what X said was Y"
_MAX_HEARSAY_PHRASE = 15  # words of "an alleged chemical weapons attack near Damascus on ..."
# Words that end the noun phrase a hearsay adjective modifies: relatives and subordinators.
_PHRASE_ENDS = word_set(
    "which that who whom whose where when while as because after before since but"
)
_HEARSAY_CLAUSE = 30  # words scanned back from a hearsay adverb to its clause's start
# Where the clause of a hearsay adverb starts, scanning back: a subordinator, "that" or a
# wh-word opens it ("while troops reportedly ..."); "and" may join its subject ("bombs and
# shells were").
_HEARSAY_CLAUSE_OPENERS = (CLAUSE_OPENERS - {"and"}) | word_set(
    "that how why where whether if after before since until unless once"
)


@dataclass(frozen=True, slots=True)
class Attribution:
    """Token ranges ``[start, end)`` of source and cue; character range of the content.

    ``frame_start``/``frame_end`` delimit (in tokens) the attribution itself: source, cue and an
    appositive around the source, which a quotation may frame.
    """

    source_start: int
    source_end: int
    cue_start: int
    cue_end: int
    content_start: int
    content_end: int
    is_direct_quote: bool
    frame_start: int
    frame_end: int
    # A verb's or a participle's source, which a participle or "and said" after it shares
    # (not the source of "according to X" or of a passive's agent).
    shares_source: bool = False


@dataclass(frozen=True, slots=True)
class _Cue:
    start: int
    end: int
    # "finite" (X said), "after" (according to X), "participle" (..., saying), "passive"
    # (it was reported that, is believed to), "noun" (Moscow's claim that) or "hearsay"
    # (troops reportedly fired)
    role: str


@dataclass(frozen=True, slots=True)
class _Subject:
    """A source before its cue: ``[start, end)`` is the source, ``phrase_start`` the start of
    the whole subject phrase, appositive included ("the agency's spokeswoman, Ana Brevik")."""

    start: int
    end: int
    phrase_start: int


def find_attributions(text: str, tokens: Sequence[Token]) -> list[Attribution]:
    """Every attribution of the sentence made of ``tokens``, in order of their cues.

    A question ("What did the prosecutors say?") attributes nothing. A participle cue after
    another attribution shares its source ("..., X said, adding that ..."); contents that run
    into the next attribution stop at the clause boundary before it ("X said A, while Y argued
    B"), unless the next attribution is nested in them ("X said Y had claimed Z").
    """
    if _is_question(tokens):
        return []
    found: list[Attribution] = []
    # "an alleged attack": within a noun phrase, nested in whatever clause holds it, so it
    # neither cuts another content nor passes a source on.
    modifiers: list[Attribution] = []
    # The attribution whose source a later cue may share ("X denied reports that A and said
    # B"): a noun cue's possessor is never shared, so a noun cue is not it; a passive or a
    # hearsay adverb takes the attribution right before it, whose clause may hold it.
    sharing: Attribution | None = None
    noun_cued: set[int] = set()
    for cue in _cues(tokens):
        if cue.role == "hearsay_adjective":
            modifiers.append(_attribute_hearsay_adjective(text, tokens, cue))
            continue
        nesting = cue.role in _NESTED_ROLES and bool(found)  # "X's claims that A is intended"
        attribution = _attribute(text, tokens, cue, found[-1] if nesting else sharing)
        if attribution is not None and _has_negative_source(tokens, attribution):
            continue  # "No one has claimed responsibility": nobody claims anything
        if attribution is not None and attribution.content_start < attribution.content_end:
            found.append(_with_quoted_content(text, tokens, attribution))
            if cue.role == "noun":
                noun_cued.add(len(found) - 1)
            else:
                sharing = found[-1]
            if len(found) == _MAX_ATTRIBUTIONS:
                break
    separated = _separate(text, tokens, found)
    if noun_cued:  # a clause's content runs on past a noun cue nested in it, to the next clause
        clauses = [index for index in range(len(found)) if index not in noun_cued]
        cut = _separate(text, tokens, [found[index] for index in clauses])
        for index, item in zip(clauses, cut, strict=True):
            separated[index] = item
    if not modifiers:
        return separated
    nested = [item for item in modifiers if item.content_start < item.content_end]
    return sorted(separated + nested, key=lambda item: item.cue_start)[:_MAX_ATTRIBUTIONS]


def _has_negative_source(tokens: Sequence[Token], attribution: Attribution) -> bool:
    """A source that denies there is one: "No one", "Nobody", "None of the officials",
    "Neither side", "No group"."""
    start = attribution.source_start
    if start >= attribution.source_end:
        return False
    first = tokens[start].lower
    return first in _NEGATIVE_SUBJECTS or (start > 0 and tokens[start - 1].lower == "no")


def _is_question(tokens: Sequence[Token]) -> bool:
    """A sentence that is itself a question (a subheading), not a quoted one."""
    return tokens[-1].text == "?" and tokens[0].text not in _QUOTES


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


def _phrases_by_pair() -> dict[tuple[str, str], tuple[tuple[tuple[str, ...], str], ...]]:
    """The phrase cues indexed by their first two words (a one-word phrase by its word and
    ""), longest first: a token costs a lookup, not a pass over every phrase it may open."""
    index: dict[tuple[str, str], list[tuple[tuple[str, ...], str]]] = {}
    for first, entries in CUES.phrases.items():
        for words, role in entries:
            second = words[1] if len(words) > 1 else ""
            index.setdefault((first, second), []).append((words, role))
    return {pair: tuple(entries) for pair, entries in index.items()}


_PHRASES_BY_PAIR = _phrases_by_pair()


def _phrases_at(tokens: Sequence[Token], index: int) -> tuple[tuple[tuple[str, ...], str], ...]:
    word = tokens[index].lower
    if word not in CUES.phrases:
        return ()
    second = tokens[index + 1].lower if index + 1 < len(tokens) else ""
    return _PHRASES_BY_PAIR.get((word, second), ()) + _PHRASES_BY_PAIR.get((word, ""), ())


_CUE_STARTS = frozenset(
    {
        *CUES.phrases,
        *CUES.nouns,
        *CUES.gerunds,
        *CUES.finite,
        *CUES.participles,
        *CUES.labelling,
        *CUES.hearsay,
        *CUES.hearsay_adjectives,
        *CUES.adjectives,
        *LINKING_VERBS,
        "as",  # "quoted a source as saying"
    }
)
# "I'm", "they're", "he's": a subject with its be-form as one token.
_CONTRACTED_BE = ("'m", "'re", "'s", "\u2019m", "\u2019re", "\u2019s")
# Subjects that hold no belief: "it is clear that", "there is hope that", "this is sure to".
_EXPLETIVES = word_set("it there this that what which")
# Words that open a clause's subject, which a complementizer "that" may precede.
_CLAUSE_SUBJECT_STARTS = (
    DETERMINERS | PRONOMINAL_DETERMINERS | PRONOUN_SOURCES | POSSESSIVE_PRONOUNS
)


def _cue_at(tokens: Sequence[Token], index: int) -> _Cue | None:
    token = tokens[index]
    word = token.lower
    if word not in _CUE_STARTS:  # most tokens: one lookup
        return None
    if word in CUES.hearsay:
        # "Troops reportedly fired"; in "X allegedly said Y" the adverb reports the saying and
        # the verb, a cue of its own, reports Y.
        return _Cue(index, index + 1, "hearsay")
    if word in CUES.hearsay_adjectives and _is_attributive(tokens, index):
        return _Cue(index, index + 1, "hearsay_adjective")  # "an alleged attack"
    for words, role in _phrases_at(tokens, index):
        if (role == "after" or token.text[0].islower()) and _matches(tokens, index, words):
            if role == "participle" and not _opens_participle(tokens, index):
                continue
            return _Cue(index, index + len(words), role)
    if not token.text[0].islower():  # "Said" is a name, "Reports" a headline word
        return None
    following = tokens[index + 1].lower if index + 1 < len(tokens) else ""
    if word in LINKING_VERBS and following in CUES.adjectives:  # "remained confident that"
        adjective = _adjective_cue(tokens, index + 1)
        return None if adjective is None else _Cue(index, adjective.end, adjective.role)
    if word in CUES.adjectives:
        return _adjective_cue(tokens, index)
    previous = tokens[index - 1].lower if index > 0 else ""
    if word in CUES.labelling:
        return _labelling_cue(tokens, index)
    if word in CUES.nouns and _is_noun_cue(tokens, index):
        return _Cue(index, index + 1, "noun")
    if word in CUES.gerunds:
        if previous in BE_FORMS:  # "is saying"
            return _finite_cue(tokens, index, CUES.gerunds[word])
        if _opens_participle(tokens, index) and _has_complement(tokens, index, word):
            return _Cue(index, index + 1, "participle")
        return None
    if word == "as" and following == "saying":
        return _quoted_as_saying(tokens, index)
    if previous in BE_FORMS or _after_be_and_adverb(tokens, index):
        if CUES.lemmas.get(word) == "quote" and _matches(tokens, index + 1, _AS_SAYING):
            return _Cue(index, index + 3, "finite")  # "X was quoted as saying": X said it
        if CUES.lemmas.get(word) == "quote" and following == "by":
            for position in range(index + 2, min(len(tokens) - 1, index + _MAX_SOURCE_AFTER)):
                if _matches(tokens, position, _AS_SAYING):  # "was quoted by Reuters as saying"
                    return _Cue(index, position + 2, "finite")
        if word in CUES.participles:
            return _passive_cue(tokens, index)
        return None
    if word in PASSIVE_HEDGES and _is_reduced_passive(tokens, index):
        return _Cue(index, index + 1, "passive")
    cue_class = CUES.finite.get(word)
    if cue_class is None:
        return None
    return _finite_cue(tokens, index, cue_class)


def _is_reduced_passive(tokens: Sequence[Token], index: int) -> bool:
    """ "air strikes believed to be Russian", "prisoners said to be officers": a participle
    of belief or report right after a noun (or its adverb), with a to-infinitive after it."""
    if index + 1 >= len(tokens) or tokens[index + 1].lower != "to" or index == 0:
        return False
    noun = _skip_back_over_adverbs_only(tokens, index - 1)
    if noun < 0:
        return False
    word = tokens[noun].lower
    return (
        tokens[noun].is_word
        and word not in BE_FORMS
        and word not in AUXILIARIES
        and word not in FINITE_MARKERS
        and word not in PRONOUN_SOURCES
        and word not in DETERMINERS
        and word not in NP_STOP_WORDS
        and word not in CUES.finite
    )


def _labelling_cue(tokens: Sequence[Token], index: int) -> _Cue | None:
    """ "called the strike a war crime", "called it “unacceptable”": an object, then a
    complement opened by an article or a quotation, with no punctuation between."""
    if index == 0 or tokens[index - 1].lower in BE_FORMS or tokens[index - 1].text == "-":
        return None
    for position in range(index + 2, min(len(tokens), index + _LABEL_WINDOW)):
        token = tokens[position]
        if token.lower in {"a", "an"} or token.text in _QUOTES:
            measured = position + 1 < len(tokens) and tokens[position + 1].lower in (
                _TIME_AFTER_ARTICLE
            )
            if measured:
                return None  # "called the hospital a day later": a time, no complement
            role = "participle" if tokens[index].lower.endswith("ing") else "finite"
            return _Cue(index, index + 1, role)
        if not token.is_word:
            return None
    return None


def _adjective_cue(tokens: Sequence[Token], index: int) -> _Cue | None:
    """ "Officials are confident that ...", "I'm not sure the deal holds", "he was eager to
    leave": a stance adjective after a copula whose subject can hold a belief, before its
    clause (a to-infinitive only for the adjectives that take one)."""
    copula = _skip_back_over_adverbs_only(tokens, index - 1)
    if copula < 1 and not (copula == 0 and tokens[0].lower.endswith(_CONTRACTED_BE)):
        return None
    word = tokens[copula].lower.replace("\u2019", "'")
    contracted = word.endswith(_CONTRACTED_BE) and word not in BE_FORMS
    if not (contracted or word in BE_FORMS or word in LINKING_VERBS):
        return None
    subject = tokens[copula].lower if contracted else tokens[copula - 1].lower
    if subject.split("'")[0] in _EXPLETIVES:
        return None
    following = tokens[index + 1].lower if index + 1 < len(tokens) else ""
    if following == "to" and not CUES.adjectives[tokens[index].lower]:
        return None  # "sure to win": raising, the writer's likelihood
    if following != "to" and not _clause_follows(tokens, index + 1, strict=False):
        return None
    return _Cue(index, index + 1, "finite")


def _skip_back_over_adverbs_only(tokens: Sequence[Token], position: int) -> int:
    """Past "not", "very", "increasingly" between a copula and its adjective."""
    while position >= 0 and (tokens[position].lower == "not" or _is_adverb(tokens[position].lower)):
        position -= 1
    return position


def _finite_cue(tokens: Sequence[Token], index: int, cue_class: str) -> _Cue | None:
    word = tokens[index].lower
    previous = tokens[index - 1].lower if index > 0 else ""
    following = tokens[index + 1].lower if index + 1 < len(tokens) else ""
    determined = previous in DETERMINERS and previous not in PRONOMINAL_DETERMINERS
    homograph = word in CUES.nouns or word in CUES.homographs
    object_of_preposition = index > 1 and tokens[index - 2].lower in _PREPOSITIONS
    used_as_noun = (
        determined
        or previous.endswith(_POSSESSIVE)
        or (previous in DETERMINERS and (homograph or object_of_preposition))
    )  # "many reports", "for some reason"
    before_noun = following.isalpha() and following != "that"
    before_noun = before_noun and not _opens_subject(tokens[index + 1])
    if index > 0 and _is_count(tokens[index - 1]) and before_noun:
        return None  # "three confirmed diagnoses": a participle before its noun
    up_to = following == "up" and index + 2 < len(tokens) and tokens[index + 2].lower == "to"
    if used_as_noun or (
        following in NOT_A_CUE_AFTER and not _infinitive_complement(word, following) and not up_to
    ):
        return None
    if cue_class == SPEECH and _is_negated(tokens, index):
        return None  # "Reuters could not confirm the figures": nothing said
    noun_reading = homograph and not (
        _is_verb_after_subject(tokens, index) or _follows_evidence(tokens, index)
    )
    if noun_reading and not (
        _clause_follows(tokens, index + 1, strict=True) or _opinion_with_as(tokens, index)
    ):
        return None  # "media reports", "the claims": nouns unless a clause follows
    if word in CUES.evidence and _follows_evidence(tokens, index):
        cue_class = SPEECH  # "a new poll showed majority support": a plain object reports
    if not _has_complement(tokens, index, word, cue_class):
        return None
    if CUES.lemmas.get(word) == "continue" and not _quotation_continues(tokens, index):
        return None  # "said the raids continued": the raids went on, nobody spoke
    if CUES.lemmas.get(word) in _REQUEST_LEMMAS and _matches(tokens, index + 1, _NOT_TO_BE):
        return None  # "asked not to be named": a condition of anonymity, not a claim
    if CUES.lemmas.get(word) == "claim" and any(
        token.lower == "lives" for token in tokens[index + 1 : index + 4]
    ):
        return None  # "claimed the lives of 40": a toll, not a claim
    return _Cue(index, index + 1, "finite")


def _is_count(token: Token) -> bool:
    return token.is_digit or token.lower in UNITS or token.lower in TENS


def _quotation_continues(tokens: Sequence[Token], index: int) -> bool:
    """'"...," he continued': the subject before the verb comes right after a quotation."""
    subject = _source_before(tokens, index)
    if subject is None or subject.phrase_start == 0:
        return False
    before = subject.phrase_start - 1
    if tokens[before].text == "," and before > 0:
        before -= 1
    return tokens[before].text in _QUOTES


def _follows_evidence(tokens: Sequence[Token], index: int) -> bool:
    """ "The footage showed", "AFP images from the region showed", "a review of radar data
    showed": the subject before the verb names a piece of evidence."""
    subject = _source_before(tokens, index)
    return subject is not None and any(
        token.lower in CUES.evidence_nouns for token in tokens[subject.start : subject.end]
    )


def _is_verb_after_subject(tokens: Sequence[Token], index: int) -> bool:
    """ "Reuters reports", "they claim": after a name within the sentence or a pronoun, a
    word that may be a noun ("reports", "claim") is the verb."""
    if index == 0:
        return False
    previous = tokens[index - 1]
    if previous.lower in CLAUSE_SUBJECTS:
        return True
    following_word = tokens[index + 1].lower if index + 1 < len(tokens) else ""
    if following_word == "to" and CUES.lemmas.get(tokens[index].lower) in CUES.to_infinitive:
        return previous.is_word  # "Democrats hope to win": a noun takes no to-infinitive here
    if not previous.is_capitalized or previous.lower in CATEGORY_NOUNS:
        return False
    if index == 1 and previous.lower in ROLE_NOUNS:
        return False  # "Media reports": a capital that only opens the sentence
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    if following is None or following.lower in ORGANISATION_WORDS:
        return False  # "Syrian state TV quoted": a noun modifying an organisation
    return (  # "Reuters reports the ...", not "state television"
        following.lower in DETERMINERS
        or following.lower in CLAUSE_SUBJECTS
        or following.is_capitalized
        or following.is_digit
    )


def _is_negated(tokens: Sequence[Token], index: int) -> bool:
    """ "did not confirm", "never said", "couldn't specify": a negation among the auxiliaries
    right before the cue."""
    for position in range(index - 1, max(-1, index - _NEGATION_WINDOW), -1):
        word = tokens[position].lower.replace("\u2019", "'")
        if word in {"not", "never"} or word.endswith("n't"):
            return True
        if word not in AUXILIARIES and not _is_adverb(word):
            return False
    return False


def _infinitive_complement(word: str, following: str) -> bool:
    """ "expects to", "vowed to": an infinitive complement, not "added to", "spoke to"."""
    return following == "to" and CUES.lemmas.get(word) in CUES.to_infinitive


def _has_complement(
    tokens: Sequence[Token], index: int, word: str, cue_class: str | None = None
) -> bool:
    """Whether the cue at ``index`` reports something: any following words for a speech or
    judgement verb, a clause for the others; an aside (", he added.") always."""
    if _ends_clause_at(tokens, index + 1):
        return _is_aside(tokens, index)
    cue_class = cue_class or CUES.gerunds.get(word) or CUES.finite.get(word, SPEECH)
    if cue_class != CLAUSE:
        if _is_adverb(tokens[index + 1].lower) and _ends_clause_at(tokens, index + 2):
            return _is_aside(tokens, index)  # "Aderholt asked again.": nothing reported
        following = tokens[index + 1].text if index + 1 < len(tokens) else ","
        return following == ":" or following not in _CLAUSE_PUNCTUATION
    if _clause_follows(tokens, index + 1, strict=False):
        return True
    return _opinion_with_as(tokens, index)


def _opinion_with_as(tokens: Sequence[Token], index: int) -> bool:
    """ "regard the dam as a threat": an opinion verb with its "as" complement, a verb even
    where its form may be a noun ("in every regard")."""
    lemma = CUES.lemmas.get(tokens[index].lower)
    return lemma in _AS_COMPLEMENT_LEMMAS and _as_complement(tokens, index + 1)


def _as_complement(tokens: Sequence[Token], start: int) -> bool:
    """ "viewed Washington's move as a violation", "regard it as a threat": a judgement as an
    object and an "as" complement (Quirk et al. 1985, 16.47 on complex-transitive verbs), not
    "as well", "as soon as"."""
    for position in range(start + 1, min(len(tokens) - 1, start + _LABEL_WINDOW)):
        token = tokens[position]
        if token.lower == "as":
            following = tokens[position + 1]
            if _matches(tokens, position + 1, ("a", "result")):
                return False
            return following.lower not in _AS_ADVERBS and (
                following.is_word or following.text in _QUOTES
            )
        if not (token.is_word or token.text in _APOSTROPHES) or token.lower in NP_STOP_WORDS:
            return False
    return False


def _is_aside(tokens: Sequence[Token], index: int) -> bool:
    """ "..., he added." and "The toll, the agency said, is ...": a cue that ends its clause
    reports the words before its subject, so some must stand there ("We will respond," has
    none: "respond" reports nothing)."""
    position = _skip_back_over_adverbs(tokens, index - 1)
    phrase = _noun_phrase_before(tokens, position + 1)
    start = phrase[0] if phrase is not None else position + 1
    if (
        phrase is not None
        and start > 1
        and tokens[start - 1].lower in CUES.pasts
        and _opens_subject(tokens[start])
    ):
        # "Bloomberg said he had not decided.": the clause another cue reports; but a passive
        # ends the content of an aside ("no casualties were reported the source confirmed"),
        # and "informed sources said" is a participle before its noun
        return tokens[start - 2].lower in BE_FORMS
    if _skip_introduction(tokens, start) >= start:
        # "On Friday, the ministry said.": an introduction is no content, unless the content
        # goes on after the cue ("At current rates, Bridenstine said, there will be ...")
        return start > 0 and _resumes_content(tokens, index + 1)  # not "You see, ..."
    return any(token.is_word or token.is_digit for token in tokens[:start])


def _ends_clause_at(tokens: Sequence[Token], index: int) -> bool:
    """End of sentence or of a clause: "..., he added." or "the agency said, citing ..."."""
    if index >= len(tokens):
        return True
    token = tokens[index]
    return (token.text in _CLAUSE_PUNCTUATION and token.text != ":") or token.text in _QUOTES


def _clause_follows(tokens: Sequence[Token], index: int, *, strict: bool) -> bool:
    """A clause starts at ``index``: "that", ":", a quotation; unless ``strict``, also a
    to-infinitive, a pronoun subject or a short subject followed by a finite verb ("believes
    the attack was planned")."""
    if index >= len(tokens):
        return False
    first = tokens[index]
    if first.lower == "that" or first.text == ":" or first.text in _QUOTES:
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
        if token.lower in FINITE_MARKERS or infinitive:
            return True
        if not (token.is_word or token.is_digit):
            return False
    return False


def _opens_participle(tokens: Sequence[Token], index: int) -> bool:
    """ "..., saying", "and warning", "while insisting", and where commas were stripped
    "rejected the truce accusing Washington": a participle clause starts here, not a noun
    ("the warning", "a saying") or a preposition's object ("for saying")."""
    if index == 0:
        return False
    previous = tokens[index - 1]
    if previous.text == "," or previous.lower in PARTICIPLE_OPENERS:
        return True
    if not previous.is_word or previous.lower in DETERMINERS or previous.lower in NP_STOP_WORDS:
        return False
    if previous.lower.endswith(_POSSESSIVE):
        return False
    clause = CUES.gerunds.get(tokens[index].lower) == CLAUSE
    return not clause or _clause_follows(tokens, index + 1, strict=True)  # "adding that"


def _after_be_and_adverb(tokens: Sequence[Token], index: int) -> bool:
    """ "was widely reported", "is also believed": a be-form and one adverb before."""
    return index > 1 and tokens[index - 2].lower in BE_FORMS and _is_adverb(tokens[index - 1].lower)


def _quoted_as_saying(tokens: Sequence[Token], index: int) -> _Cue | None:
    """ "as saying" in "SANA quoted a military source as saying ...": the quoted party's own
    attribution, nested in the quoting one; its source lies between "quoted" and "as"."""
    for position in range(index - 1, max(-1, index - 1 - _MAX_SOURCE_AFTER), -1):
        if CUES.lemmas.get(tokens[position].lower) == "quote":
            return _Cue(index, index + 2, "quoted") if position < index - 1 else None
    return None


def _passive_cue(tokens: Sequence[Token], index: int) -> _Cue | None:
    """ "It was reported that", "are believed to have died", "was quoted as saying": a cue
    without a stated source, unless "by X" names it."""
    following = tokens[index + 1].lower if index + 1 < len(tokens) else ""
    if following in PASSIVE_COMPLEMENTS or following in _QUOTES:
        return _Cue(index, index + 1, "passive")
    if CUES.participles.get(tokens[index].lower) != SPEECH:
        return None
    # "Six people were reported killed", "16 airstrikes were reported late Saturday": a
    # communication verb whose clause ends, or names an outcome, reports the whole clause.
    reports_outcome = following in OUTCOME_WORDS or following in OUTCOME_ADJECTIVES
    if reports_outcome or not following or _adverbial_tail(tokens, index + 1):
        return _Cue(index, index + 1, "passive")
    return None


def _is_noun_cue(tokens: Sequence[Token], index: int) -> bool:
    """ "Moscow's claim that", "his comments:", "the allegation that", "their support for":
    a cue noun after a determiner or possessor, followed by its content. Not "said in a
    statement that" (the verb's clause) nor "the statement that was issued" (a relative)."""
    if index == 0:
        return False
    previous = tokens[index - 1].lower
    possessed = previous.endswith(_POSSESSIVE) or previous in POSSESSIVE_PRONOUNS
    following = tokens[index + 1].lower if index + 1 < len(tokens) else ""
    existential = previous in BE_FORMS and index > 1 and tokens[index - 2].lower == "there"
    if (existential or previous in _BARE_NOUN_CUE_OPENERS) and following == "that":
        # "There are fears that ...", "amid reports that ...", "rejected criticism that ...":
        # nobody named holds them
        return _opens_complement_clause(tokens, index + 2)
    if possessed and following in BE_FORMS and _matches(tokens, index + 2, ("that",)):
        return _opens_complement_clause(tokens, index + 3)  # "His view is that ..."
    if not (possessed or previous in DETERMINERS):
        return False
    if not possessed and index > 1 and tokens[index - 2].lower in NP_STOP_WORDS:
        return False  # "in a statement that", "with the claim that"
    if following == "that" or following == ":":
        return _opens_complement_clause(tokens, index + 2)
    if not possessed:
        return False
    # "Obama's request for authorization", "his claims of having no memory": a possessor names
    # the source, the preposition opens the content.
    return following in STANCE_PREPOSITIONS


def _opens_complement_clause(tokens: Sequence[Token], index: int) -> bool:
    """Whether a noun's "that" at ``index - 1`` opens its content ("the claim that troops
    fired") rather than a relative clause ("the claims that were made", "reports that said")."""
    after = tokens[index] if index < len(tokens) else None
    if after is None or not (after.is_word or after.is_digit or after.text in _QUOTES):
        return False
    verb = after.lower in FINITE_MARKERS or after.lower in CUES.finite
    return not verb and not (after.lower.endswith("ed") and not after.is_capitalized)


def _main_passive_after(tokens: Sequence[Token], start: int) -> int | None:
    """The be-form of the main clause's passive after a subject that holds a noun cue's
    content ("Moscow's claim that the strikes hit militants was rejected"): the last be-form
    followed by a participle."""
    found = None
    for index in range(start + 1, len(tokens) - 1):
        following = tokens[index + 1].lower
        if tokens[index].lower in BE_FORMS and following.endswith(("ed", "en")):
            found = index
    while found is not None and found - 1 > start and _is_verb_group(tokens[found - 1].lower):
        found -= 1  # "could not be verified"
    return found


def _main_verb_after(tokens: Sequence[Token], start: int) -> int | None:
    """The verb that follows a subject noun phrase from ``start`` ("of the plan drew a sharp
    response", "for the bill surprised his colleagues"): a finite auxiliary, an irregular past
    or a past in -ed after a noun, never an adjective after a determiner ("the alleged")."""
    for index in range(start + 1, len(tokens)):
        token = tokens[index]
        word = token.lower
        if not (token.is_word or token.is_digit):
            return None
        if word in FINITE_MARKERS:
            return index
        previous = tokens[index - 1].lower
        if previous in DETERMINERS or previous in ADVERBS:
            continue  # "the alleged victims"
        if word in IRREGULAR_PASTS or word in CUES.pasts or word.endswith("ed"):
            return index
    return None


def _is_verb_group(word: str) -> bool:
    """An auxiliary, modal or negation before a main verb."""
    return word in AUXILIARIES or word in FINITE_MARKERS or word == "not"


def _attribute(
    text: str, tokens: Sequence[Token], cue: _Cue, previous: Attribution | None
) -> Attribution | None:
    if cue.role == "after":
        return _attribute_source_after(text, tokens, cue)
    if cue.role == "quoted":
        return _attribute_quoted(text, tokens, cue)
    if cue.role == "participle":
        return _attribute_to_subject(text, tokens, cue, previous)
    if cue.role == "passive":
        return _attribute_passive(text, tokens, cue, previous)
    if cue.role == "noun":
        return _attribute_noun(text, tokens, cue)
    if cue.role == "hearsay":
        return _attribute_hearsay(text, tokens, cue, previous)
    if CUES.lemmas.get(tokens[cue.start].lower) in CUES.inverting and _may_invert(tokens, cue):
        after_quote = _follows_quote(tokens, cue.start)
        inverted = _source_after(tokens, cue.end, lax=after_quote, must_end_clause=True)
        if inverted is not None:
            found = _attribution_with_content_before(text, tokens, inverted, cue)
            return replace(found, shares_source=True)
    free = _free_relative(text, tokens, cue)
    if free is not None:
        return free
    source = _source_before(tokens, cue.start)
    if source is None:
        return _attribute_coordinated(text, tokens, cue, previous)
    return replace(_attribution_with_source_before(text, tokens, source, cue), shares_source=True)


def _may_invert(tokens: Sequence[Token], cue: _Cue) -> bool:
    """ "..., said the ministry" and "killed 12 in Aleppo said the Observatory" (commas
    stripped) invert; "Residents said the army, which ..., shelled the town" does not: a
    subject that opens the sentence right before the cue makes it the source."""
    if cue.start == 0 or not tokens[cue.start - 1].is_word:
        return True
    phrase = _noun_phrase_before(tokens, cue.start)
    return phrase is None or phrase[0] > _skip_introduction(tokens, phrase[0])


def _attribute_coordinated(
    text: str, tokens: Sequence[Token], cue: _Cue, previous: Attribution | None
) -> Attribution | None:
    """ "X did A and said B": the cue shares the sentence's subject, or the source of the
    attribution before it."""
    position = _skip_back_over_adverbs(tokens, cue.start - 1)
    if position < 1 or tokens[position].lower not in COORDINATORS:
        return None
    if previous is not None and previous.cue_end <= position:
        if not previous.shares_source:
            return None
        source: tuple[int, int] | None = (previous.source_start, previous.source_end)
    else:
        source = _subject(tokens, position)
    if source is None:
        return None
    start = _content_start_after(tokens, cue.end)
    content_start, content_end = _strip(text, start, tokens[-1].end)
    return _attribution(source, cue, content_start, content_end, cue.start, cue.end)


def _attribute_passive(
    text: str, tokens: Sequence[Token], cue: _Cue, previous: Attribution | None
) -> Attribution | None:
    """ "It was reported (by state TV) that X": the content after the cue; "Biden's call for a
    ceasefire was rejected by Netanyahu": the subject is the content, the agent the source;
    "Five people are believed to have died": no agent, the content runs around the cue."""
    following = tokens[cue.end].lower if cue.end < len(tokens) else ""
    source = (cue.end, cue.end)
    if following == "by":
        named = _source_after(tokens, cue.end + 1, lax=True, must_end_clause=True)
        if named is None:
            return None  # "was reported by telephone": no agent to name
        source = named
    subject_start = _skip_introduction(tokens, cue.start)
    if (
        previous is not None
        and previous.cue_end < cue.start
        and tokens[previous.cue_start].lower in CUES.finite
    ):  # "X said thousands were believed ...": the passive is nested in the verb's clause
        subject_start = max(
            subject_start, _token_at(tokens, _content_start_after(tokens, previous.cue_end))
        )
    frame = (cue.start, max(cue.end, source[1]))
    if subject_start < len(tokens) and tokens[subject_start].lower == "it":
        start = _content_start_after(tokens, frame[1])  # "It was said that X"
        content_start, content_end = _strip(text, start, tokens[-1].end)
    elif source[1] > cue.end:  # an agent: the content is the subject, up to its be-form
        verb = cue.start - 1
        while verb > subject_start and tokens[verb].lower not in BE_FORMS:
            verb -= 1
        content_start, content_end = _strip(
            text, tokens[subject_start].start, tokens[max(verb - 1, subject_start)].end
        )
    else:
        content_start, content_end = _strip(text, tokens[subject_start].start, tokens[-1].end)
    return _attribution(source, cue, content_start, content_end, *frame)


def _token_at(tokens: Sequence[Token], offset: int) -> int:
    """The index of the first token starting at or after character ``offset``."""
    return bisect_left([token.start for token in tokens], offset)


def _attribute_quoted(text: str, tokens: Sequence[Token], cue: _Cue) -> Attribution | None:
    """ "quoted a military source on Wednesday as saying CONTENT": the source is the object
    of "quoted", the content what follows "as saying"."""
    quoted = cue.start - 1
    while CUES.lemmas.get(tokens[quoted].lower) != "quote":
        quoted -= 1
    source = _without_time_tail(tokens, quoted + 1, cue.start)
    if source is None:
        return None
    content_start, content_end = _strip(text, _content_start_after(tokens, cue.end), tokens[-1].end)
    return _attribution(source, cue, content_start, content_end, cue.start, cue.end)


def _attribute_noun(text: str, tokens: Sequence[Token], cue: _Cue) -> Attribution | None:
    """ "Moscow's claim that X": the possessor is the source (null after a plain determiner),
    what follows "that", ":" or the stance preposition is the content."""
    possessor = cue.start - 1
    word = tokens[possessor].lower
    if word in POSSESSIVE_PRONOUNS:
        source = (possessor, possessor + 1)
    elif word.endswith(_POSSESSIVE):
        phrase = _noun_phrase_before(tokens, possessor + 1)
        source = phrase if phrase is not None else (possessor, possessor + 1)
    else:
        source = (cue.start, cue.start)
    opener = cue.end + 1 if tokens[cue.end].lower in BE_FORMS else cue.end  # "view is that"
    start = tokens[opener + 1].start if opener + 1 < len(tokens) else tokens[-1].end
    end = tokens[-1].end
    if word in _BARE_NOUN_CUE_OPENERS:  # "Despite claims that the vote was rigged, he won"
        comma = next((t for t in tokens[opener + 1 :] if t.text == ","), None)
        end = comma.start if comma is not None and possessor == 0 else end
    elif opener == cue.end and _opens_clause(tokens, min(source[0], possessor)):  # the subject
        verb = _main_passive_after(tokens, cue.end + 1)
        if verb is None and tokens[cue.end].lower in STANCE_PREPOSITIONS:
            verb = _main_verb_after(tokens, cue.end + 1)  # "Their criticism of the plan drew"
        end = tokens[verb - 1].end if verb is not None else end
    content_start, content_end = _strip(text, start, end)
    frame_start = min(source[0], cue.start)
    return _attribution(source, cue, content_start, content_end, frame_start, cue.end + 1)


def _attribute_hearsay(
    text: str, tokens: Sequence[Token], cue: _Cue, previous: Attribution | None
) -> Attribution | None:
    """ "Two soldiers were reportedly killed": the content is the adverb's clause, from its
    start (punctuation, a subordinator, or the cue before it) to the sentence's or a
    semicolon's end; "Reportedly, the convoy was hit": what follows the adverb's comma. The
    source is not stated."""
    floor = max(cue.start - _HEARSAY_CLAUSE, 0)
    if previous is not None and previous.cue_end <= cue.start:
        floor = max(floor, previous.cue_end)
    start = cue.start
    while start > floor:
        before = tokens[start - 1]
        if before.lower in RELATIVE_OPENERS:
            return None  # "the man who allegedly shot ...": the clause's end is unknown
        if before.text in _CLAUSE_PUNCTUATION or before.lower in _HEARSAY_CLAUSE_OPENERS:
            break
        start -= 1
    while start < cue.start and tokens[start].lower in COORDINATORS:
        start += 1  # ", and 200 civilians were reportedly killed"
    if start == cue.start and cue.end < len(tokens) and tokens[cue.end].text == ",":
        start = cue.end + 1  # "Reportedly, ..."
    end = next(
        (position for position in range(cue.end, len(tokens)) if tokens[position].text == ";"),
        len(tokens),
    )
    if start >= end:
        return _attribution((cue.start, cue.start), cue, 0, 0, cue.start, cue.end)
    content_start, content_end = _strip(text, tokens[start].start, tokens[end - 1].end)
    return _attribution((cue.start, cue.start), cue, content_start, content_end, cue.start, cue.end)


def _is_attributive(tokens: Sequence[Token], index: int) -> bool:
    """ "the alleged attack", "Syria's alleged use", "against suspected militants": the word
    modifies a noun after a determiner, a possessive or a preposition, not a verb after its
    subject ("Rebels alleged the army ...") or a be-form ("were alleged to")."""
    if index + 1 >= len(tokens):
        return False
    following = tokens[index + 1]
    if not (following.is_word or following.is_digit) or following.lower in NP_STOP_WORDS:
        return False  # "alleged that", "suspected of", "supposed to"
    if index == 0:
        return True
    previous = tokens[index - 1]
    return (
        previous.lower in DETERMINERS
        or previous.lower in POSSESSIVE_PRONOUNS
        or previous.lower.endswith(_POSSESSIVE)
        or (previous.lower in NP_STOP_WORDS and previous.lower not in BE_FORMS)
        or previous.text in {",", "(", "and"}
    )


def _attribute_hearsay_adjective(text: str, tokens: Sequence[Token], cue: _Cue) -> Attribution:
    """ "an alleged chemical attack near Damascus on August 21": the content is the noun
    phrase the adjective modifies, with its prepositional modifiers, up to a clause's word
    (a relative, a verb, punctuation); the source is not stated."""
    end = cue.end
    while end < min(len(tokens), cue.end + _MAX_HEARSAY_PHRASE):
        token = tokens[end]
        if not (token.is_word or token.is_digit or _is_apostrophe(tokens, end)):
            break
        word = token.lower
        if word in _PHRASE_ENDS or word in FINITE_MARKERS or word in CUES.finite:
            break
        if end > cue.end and word in IRREGULAR_PASTS:
            break  # "the alleged victims grew": the clause's verb
        if word in CUES.gerunds or any(
            _matches(tokens, end, words) for words, _ in _phrases_at(tokens, end)
        ):
            break  # "an alleged attack according to the monitor", "..., saying"
        if end > cue.end + 1 and word.endswith("ed") and not token.is_capitalized:
            break  # "an alleged attack carried out by": a participle or a verb
        end += 1
    content_start, content_end = _strip(text, tokens[cue.end].start, tokens[end - 1].end)
    return _attribution((cue.start, cue.start), cue, content_start, content_end, cue.start, cue.end)


def _separate(text: str, tokens: Sequence[Token], found: list[Attribution]) -> list[Attribution]:
    """Cut a content that runs on into the next attribution at the clause boundary between
    them, and one that reaches back into the attribution before it after that attribution."""
    result = list(found)
    for index in range(len(result) - 1):
        current, following = result[index], result[index + 1]
        # A participle's frame reaches back to the shared source: the clause starts at its cue.
        opening = following.frame_start
        if opening < current.cue_end:
            opening = following.cue_start
        frame_start_char = tokens[opening].start
        boundary = _boundary_before(tokens, current.cue_end, opening)
        if boundary is None and tokens[opening].lower in CUES.gerunds:
            boundary = opening  # a participle opens its own clause, comma or not
            while boundary > current.cue_end and tokens[boundary - 1].lower in PARTICIPLE_OPENERS:
                boundary -= 1  # "... after rejecting": the opener goes with the participle
        runs_on = current.content_start < frame_start_char < current.content_end
        if runs_on and boundary is not None:
            end = tokens[boundary - 1].end if boundary > 0 else current.content_start
            start, end = _strip(text, current.content_start, end)
            if start < end:
                result[index] = replace(current, content_end=end)
        frame_end_char = tokens[current.frame_end - 1].end
        reaches_back = following.content_start < frame_end_char < following.content_end
        if reaches_back and following.content_end <= frame_start_char:
            start, end = _strip(
                text, max(frame_end_char, current.content_end), following.content_end
            )
            start = _skip_openers(text, tokens, start)
            if start < end:
                result[index + 1] = replace(following, content_start=start, content_end=end)
    return result


def _boundary_before(tokens: Sequence[Token], start: int, frame_start: int) -> int | None:
    """The token index where the clause before ``frame_start`` ends: a comma, semicolon or
    conjunction ("while", "but", "whereas") before the next attribution's frame, with at most
    a short adverbial between ("..., but on Monday the ministry said")."""
    for position in range(frame_start - 1, max(start - 1, frame_start - _BOUNDARY_WINDOW), -1):
        token = tokens[position]
        if token.text in {",", ";"} or token.lower in CLAUSE_OPENERS:
            boundary = position
            while boundary - 1 >= start and (
                tokens[boundary - 1].text in {",", ";"}
                or tokens[boundary - 1].lower in CLAUSE_OPENERS
            ):
                boundary -= 1
            return boundary
    return None


def _skip_openers(text: str, tokens: Sequence[Token], start: int) -> int:
    """Past conjunctions that open the content: "..., while the rebels ..." starts at "the"."""
    for token in tokens[_token_at(tokens, start) :]:
        if token.lower in CLAUSE_OPENERS or token.text in {",", ";"}:
            start = token.end
            continue
        break
    while start < len(text) and text[start].isspace():
        start += 1
    return start


# --- sources -------------------------------------------------------------------------------


def _source_before(tokens: Sequence[Token], cue_start: int) -> _Subject | None:
    """The subject phrase ending right before the cue, e.g. "the monitoring group"."""
    position = _skip_back_over_adverbs(tokens, cue_start - 1)
    position = _skip_back_over_affiliation(tokens, position)
    relative = position >= 0 and tokens[position].text in {"who", "which"}
    if relative:
        position -= 1  # "a military source who said": the phrase before the relative
    if position >= 0 and tokens[position].text == ",":
        if relative:  # "the European Union, which called it ...": the antecedent
            phrase = _noun_phrase_before(tokens, position)
            return None if phrase is None else _Subject(phrase[0], phrase[1], phrase[0])
        return _subject_before_parenthetical(tokens, position)
    phrase = _noun_phrase_before(tokens, position + 1)
    if phrase is None:
        return None
    if phrase[0] > 0 and tokens[phrase[0] - 1].lower in EMBEDDING_WORDS:
        return None  # "smaller than what McKinley said": a mention, not an attribution
    start = _with_postmodified_head(tokens, phrase[0])
    if start == phrase[0]:
        start = _past_run_on_words(tokens, start, phrase[1])
    start = _with_coordinated_subject(tokens, start)
    return _Subject(start, phrase[1], start)


def _with_coordinated_subject(tokens: Sequence[Token], start: int) -> int:
    """Where the source starts with the phrase coordinated before it: "Police and residents
    said", "She and her husband said" are one source, while in "shelled the town and rebels
    said" the phrase before "and" is an object (it does not open its clause) and stays out."""
    if start < 2 or tokens[start - 1].lower != "and":
        return start
    first = _noun_phrase_before(tokens, start - 1)
    if first is None or first[1] - first[0] > _MAX_FIRST_CONJUNCT:
        return start  # "The casualties included women and children": a clause, not a phrase
    if not _opens_clause(tokens, first[0]):
        return start
    before = tokens[first[0] - 1] if first[0] > 0 else None
    if before is not None and (before.lower in COORDINATORS or before.text in _CLOSING_MARKS):
        return start  # "between the militants and U.S-backed fighters ...": a later conjunct
    return first[0] if _can_make_claims(tokens[first[1] - 1]) else start


def _past_run_on_words(tokens: Sequence[Token], start: int, end: int) -> int:
    """ "... cannot be tolerated Trump said" where commas were stripped (FA-KES): lowercase
    words that end the content and run on into a name are no part of the source; roles,
    titles and organisation words right before the name are ("were killed army spokesman Ali
    Hassan", "state television SANA", "former minister Ivan Petrov")."""
    if start == 0 or not tokens[start - 1].is_word or tokens[start].lower in DETERMINERS:
        return start
    name = start
    while name < end and not tokens[name].is_capitalized:
        name += 1
    before_name = tokens[name - 1].lower if name > 0 else ""
    if name in (start, end) or before_name in _NOT_BEFORE_A_SOURCE_NAME:
        return start  # "friends of Mike Ford": the name is in a modifier
    while name > start and _is_role_word(tokens[name - 1].lower):
        name -= 1
    return name


def _is_role_word(word: str) -> bool:
    return (
        word in ROLE_NOUNS
        or word in ORGANISATION_WORDS
        or word in SOURCE_HEADS
        or word in ROLE_MODIFIERS
        or word in PERSON_TITLES
    )


def _free_relative(text: str, tokens: Sequence[Token], cue: _Cue) -> Attribution | None:
    """ "in what the Observatory said was one of its bloodiest clashes": a free relative
    (Quirk et al. 1985, 15.8) whose subject is the source and whose complement after the
    be-form is the content, up to the clause's end."""
    if cue.end >= len(tokens) or tokens[cue.end].lower not in _FREE_RELATIVE_VERBS:
        return None
    phrase = _noun_phrase_before(tokens, _skip_back_over_adverbs(tokens, cue.start - 1) + 1)
    if phrase is None or phrase[0] == 0 or tokens[phrase[0] - 1].lower != "what":
        return None
    end = cue.end + 1
    while end < len(tokens) and tokens[end].text not in {",", ";", ":"}:
        end += 1
    if end == cue.end + 1:
        return None
    content_start, content_end = _strip(text, tokens[cue.end + 1].start, tokens[end - 1].end)
    return _attribution(phrase, cue, content_start, content_end, phrase[0], cue.end)


def _noun_phrase_before(tokens: Sequence[Token], end: int) -> tuple[int, int] | None:
    """The noun phrase ending at token ``end`` (exclusive), scanned back to its determiner,
    a stop word or punctuation."""
    position = end - 1
    start = end
    lowercase = 0
    while position >= 0 and end - position <= _MAX_SOURCE_BEFORE:
        token = tokens[position]
        word = token.lower
        if _is_apostrophe(tokens, position) or _is_abbreviation_dot(tokens, position):
            position -= 1  # "the residents' committee", "the U.S. Attorney's Office"
            continue
        if _closes_acronym(tokens, position) and position == end - 1:
            position -= 3  # "the United Nations children's agency (UNICEF) said"
            continue
        if token.is_digit and position < end - 1 and _opens_counted_group(tokens, position):
            start = position  # "70 percent of Americans", "some 200 protesters"
            position -= 1
            continue
        if not token.is_word:
            break
        if word in DETERMINERS:
            alone = position == end - 1
            if _is_complementizer(tokens, position):
                break  # "polls show that most Americans want": "that" opens the clause
            if not alone or word in PARTITIVE_HEADS:  # "Some said", "Those in favor of"
                start = position
            break
        if word in PRONOUN_SOURCES:
            if position == end - 1:
                start = position
            break
        if token.is_capitalized and word in NP_STOP_WORDS:
            break  # "When asked ...", "After the raid ...": a capital that opens a clause
        if token.is_capitalized or _continues_name(tokens, position, start, end):
            start = position
        elif word in NP_STOP_WORDS or word in TIME_WORDS or word in CUES.pasts:
            break
        else:
            lowercase += 1
            if lowercase > _MAX_LOWERCASE_IN_SOURCE:
                break
            start = position
        position -= 1
    while start < end and (
        tokens[start].lower in NAME_CONNECTORS - DETERMINERS
        or tokens[start].lower in NOT_IN_SOURCES
    ):
        start += 1  # "Friday Siege Watch said", "Meanwhile SANA reported": commas stripped
    return (start, end) if start < end else None


def _opens_counted_group(tokens: Sequence[Token], index: int) -> bool:
    """Whether the number at ``index`` counts the source's group, so it belongs to the source:
    a share ("70 percent of Americans") or a count after a determiner, a qualifier or the
    clause's start ("the 14th-ranked Schwartzman", "some 200 protesters"), never the object of
    a verb before it ("killed 20 people activists said", where commas were stripped)."""
    following = tokens[index + 1]
    if following.lower in _SHARE_WORDS:
        return True
    modifier = not tokens[index].text.isdecimal()  # "14th-ranked", "48-hour"
    if not following.is_word or following.lower in _AMOUNT_WORDS:
        return False  # "$53 million figure"
    if following.is_capitalized and not modifier:
        return False  # "2017 Syrian opposition forces": a date's year
    if _is_year(tokens[index]):
        return False  # "the 2013 attack"
    if index == 0:
        return True
    before = tokens[index - 1]
    if before.lower == "by" and index > 1:
        return tokens[index - 2].lower in POSTMODIFIER_WORDS  # "a letter signed by 50 senators"
    return not before.is_word or before.lower in DETERMINERS or (before.lower,) in QUALIFIERS


def _is_year(token: Token) -> bool:
    return len(token.text) == 4 and token.text.isdecimal() and 1800 <= int(token.text) <= 2100


def _is_complementizer(tokens: Sequence[Token], index: int) -> bool:
    """A lowercase "that" before a determiner, a pronoun or a name opens a clause ("shows that
    most Americans", "said that Carlineo"): a demonstrative "that" takes a bare singular noun."""
    if tokens[index].text != "that" or index + 1 == len(tokens):
        return False
    following = tokens[index + 1]
    return following.is_capitalized or following.lower in _CLAUSE_SUBJECT_STARTS


def _with_postmodified_head(tokens: Sequence[Token], start: int) -> int:
    """Where the source starts once the head it post-modifies is included: "Port Selvan" is
    the tail of "Officials in Port Selvan", "telephone" of "Residents reached by telephone".

    Only a head that can make claims (``_can_make_claims``) and that opens its clause is taken, so
    "killed 12 people in Aleppo, activists said" keeps its source "activists".
    """
    best = start
    for _ in range(_MAX_POSTMODIFIERS):
        preposition = start - 1
        if preposition < 1 or tokens[preposition].lower not in POSTMODIFIER_PREPOSITIONS:
            break
        head = preposition - 1
        if tokens[head].lower in POSTMODIFIER_WORDS and head > 0:
            head -= 1
        phrase = _noun_phrase_before(tokens, head + 1)
        if phrase is None:
            break
        start = phrase[0]
        if _closes_acronym(tokens, head):
            head -= 1  # "The Centre for Disease Control (CDC) in the US": the acronym is the head
        if _can_make_claims(tokens[head]) and _opens_clause(tokens, start):
            best = start
    return best


def _can_make_claims(token: Token) -> bool:
    """A head that can speak: a source noun ("officials"), a name ("Republicans on the
    committee"), a plural noun of agents ("supporters of the measure", "opponents"), a
    pronoun of a part ("those in favor of punishment") or a document ("a report by the UN")."""
    word = token.lower
    if word in SOURCE_HEADS or word in ORGANISATION_WORDS or token.is_capitalized:
        return True  # "officials", "the health ministry in Gaza", "Republicans on ..."
    if word in PARTITIVE_HEADS or word in CUES.evidence_nouns:
        return True  # "those in favor of", "one of the officials", "a report by the UN"
    return word.endswith(AGENT_PLURALS)


def _opens_clause(tokens: Sequence[Token], index: int) -> bool:
    """Whether a phrase at ``index`` starts its clause: sentence start, after punctuation or a
    conjunction, never right after a word or a number it could belong to."""
    if index == 0:
        return True
    before = tokens[index - 1]
    return (not before.is_word and not before.is_digit) or before.lower in CLAUSE_OPENERS


def _subject_before_parenthetical(tokens: Sequence[Token], comma: int) -> _Subject | None:
    """The source of "SUBJECT, INSERTED, said": the subject, unless it is a plain description
    and the inserted phrase is the name ("the group's director, Samir Adoum, said").

    A relative clause, an appositive or an aside ("however") between the commas is skipped,
    and so are several in a row ("Jane Doe, 45, a teacher, said"; "Rami Abdel Rahman, head of
    the Observatory, which monitors the war, said": a phrase between commas is an appositive,
    the subject stands before it). With no opening comma nearby, or a subject that does not
    open its clause, nobody is cited.
    """
    found: _Subject | None = None
    closing = comma
    for _ in range(_MAX_PARENTHETICALS):
        opening = _opening_comma(tokens, closing)
        if opening is None or opening == closing - 1:
            break
        subject = _subject_before_comma(tokens, opening, closing)
        if subject is not None:
            found = subject
            if tokens[subject.phrase_start - 1].text != "," or subject.phrase_start == 0:
                break  # the subject opens the sentence or follows a clause opener
        elif found is not None:
            break
        closing = opening
    return found


def _subject_before_comma(tokens: Sequence[Token], opening: int, closing: int) -> _Subject | None:
    """The subject right before the comma at ``opening`` whose parenthetical ends at
    ``closing``, if it opens its clause; the inserted phrase when it is the name."""
    phrase = _noun_phrase_before(tokens, _skip_back_over_affiliation(tokens, opening - 1) + 1)
    if phrase is None:
        return None
    start = _with_postmodified_head(tokens, phrase[0])
    if not _opens_clause(tokens, start):
        return None
    inserted_is_name = _is_proper_name(tokens, opening + 1, closing)
    relative = tokens[opening + 1].lower in RELATIVE_OPENERS
    if inserted_is_name and not relative and not _is_proper_name(tokens, start, phrase[1]):
        return _Subject(opening + 1, closing, start)
    return _Subject(start, phrase[1], start)


def _opening_comma(tokens: Sequence[Token], comma: int) -> int | None:
    """The comma that opens the parenthetical closed by the comma at ``comma``: a short one, or
    a longer relative clause ("who spoke on condition of anonymity because he was not
    authorized to discuss the matter")."""
    for index in range(comma - 1, max(-1, comma - 1 - _MAX_RELATIVE_CLAUSE), -1):
        token = tokens[index]
        if token.text == ",":
            near = comma - index <= _MAX_PARENTHETICAL
            relative = index + 1 < comma and tokens[index + 1].lower in RELATIVE_OPENERS
            return index if near or relative else None
        if not (token.is_word or token.is_digit):
            return None
    return None


def _is_adverb(word: str) -> bool:
    """ "always", "repeatedly", "not": words that stand between a subject and its verb."""
    if word in ADVERBS:
        return True
    return word.endswith("ly") and len(word) > 4 and word not in LY_NON_ADVERBS


def _is_proper_name(tokens: Sequence[Token], start: int, end: int) -> bool:
    """ "Samir Adoum", "The Selvan Civil Monitoring Network": capitalized words after an
    optional determiner, joined only by name connectors."""
    while start < end and tokens[start].lower in DETERMINERS:
        start += 1
    if start == end or not tokens[start].is_capitalized:
        return False
    return all(
        (token.is_word and (token.is_capitalized or token.lower in NAME_CONNECTORS))
        or _is_abbreviation_dot(tokens, position)  # "Sen. Ted Cruz"
        for position, token in enumerate(tokens[start:end], start)
    )


def _skip_back_over_adverbs(tokens: Sequence[Token], position: int) -> int:
    """Past "also", "has", "should", "don't", "are" (of "are saying"), "on Friday", "last
    month" between a source and its cue."""
    while position >= 0:
        word = tokens[position].lower.replace("\u2019", "'")
        before = tokens[position - 1].lower if position > 0 else ""
        if word in AUXILIARIES or word in BE_FORMS or _is_adverb(word):
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
    if start < len(tokens) and (
        tokens[start].lower in NOT_IN_SOURCES or tokens[start].lower in (TIME_WORDS)
    ):
        return None  # "Barazi said Friday": a time, not a source
    position = start
    while position < limit:
        token = tokens[position]
        word = token.lower
        after_preposition = position > start and tokens[position - 1].lower in NP_STOP_WORDS
        if word in SOURCE_END_WORDS and not after_preposition:
            break
        if _is_abbreviation_dot(tokens, position):  # "said Lt. Matt Harris"
            position += 1
            continue
        if not (token.is_word or (lax and token.is_digit)):
            break
        if position > start and (word in CUES.pasts or word in CUES.gerunds):
            break  # "said the army and said three soldiers were hurt": another cue
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
    while position > start and tokens[position - 1].lower in COORDINATORS:
        position -= 1  # "the army and [said]"
    if must_end_clause and position < len(tokens):
        ender = tokens[position]
        ends_clause = ender.text in _CLAUSE_PUNCTUATION or ender.lower in SOURCE_END_WORDS
        ends_clause = ends_clause or ender.lower in COORDINATORS  # "said the army and said"
        if not ends_clause and not _adverbial_tail(tokens, position):
            return None
    end = position
    while end > start and tokens[end - 1].lower in NAME_CONNECTORS:
        end -= 1
    return _without_time_tail(tokens, start, end)


def _without_time_tail(tokens: Sequence[Token], start: int, end: int) -> tuple[int, int] | None:
    """The phrase ``[start, end)`` without a closing time ("denied by the army on Friday",
    "quoted a source on Wednesday as saying"); None when nothing is left."""
    if end <= start:
        return None
    last = tokens[end - 1].lower
    timed = last in WEEKDAYS or last in TIME_WORDS
    if timed and end - start > 2 and tokens[end - 2].lower in _TIME_PREPOSITIONS:
        end -= 2
    return (start, end)


def _adverbial_tail(tokens: Sequence[Token], index: int) -> bool:
    """ "said police on Friday.", "said in a report released Thursday.": from ``index`` a short
    adverbial, with no number, quotation or clause in it ("said at least 42 people", "said on
    Friday that"), runs to the end of the clause."""
    if index >= len(tokens) or tokens[index].lower not in TAIL_OPENERS:
        return False
    for position in range(index, min(len(tokens), index + _LONG_TAIL + 1)):
        token = tokens[position]
        stops = token.is_digit or token.lower in _COUNT_WORDS or token.lower == "that"
        if stops or token.text in _QUOTES or token.text == ":":
            return False
        if token.text in _CLAUSE_PUNCTUATION:
            return True
    return len(tokens) - index <= _LONG_TAIL


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
    """Where the subject starts, past at most a few openers ("However, Meanwhile," and one
    introducing phrase): bounded, so trying many cues in one sentence stays linear."""
    position = 0
    limit = min(before, _MAX_INTRO)
    while position < limit and (
        tokens[position].lower in LEADING_ADVERBIALS or _is_adverb(tokens[position].lower)
    ):
        position += 1
        if position < before and tokens[position].text == ",":
            position += 1
    if position < before and tokens[position].lower in INTRODUCING_PREPOSITIONS:
        for index in range(position, min(before, position + _MAX_INTRO)):
            if tokens[index].text == ",":
                return _past_year(tokens, index + 1, before)
    return position


def _past_year(tokens: Sequence[Token], index: int, before: int) -> int:
    """Past the year of a date split by commas ("On Nov. 15, 2019, ...")."""
    year = index + 1 < before and tokens[index].is_digit and len(tokens[index].text) == 4
    return index + 2 if year and tokens[index + 1].text == "," else index


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
    content_start, content_end = _strip(text, start, end)
    return _attribution(source, cue, content_start, content_end, cue.start, source[1])


def _attribution_with_source_before(
    text: str, tokens: Sequence[Token], subject: _Subject, cue: _Cue
) -> Attribution:
    before_subject = tokens[subject.phrase_start - 1] if subject.phrase_start > 0 else None
    if before_subject is not None and _is_postposed(tokens, cue):
        resumes = _resumes_content(tokens, cue.end)
        start = tokens[0].start
        if resumes:  # "The toll, the group said, is ...": the content surrounds the source
            end = tokens[-1].end
        elif not _states_before(tokens, subject.phrase_start):
            end = start  # "As the charges were unsealed, Sawyer testified before ...": nothing
        elif before_subject.text == ",":
            end = before_subject.start
        else:  # a closing quote, or the last word where commas were stripped
            end = before_subject.end
    else:
        start = _content_start_after(tokens, cue.end)
        end = tokens[-1].end
    content_start, content_end = _strip(text, start, end)
    source = (subject.start, subject.end)
    return _attribution(source, cue, content_start, content_end, subject.phrase_start, cue.end)


def _states_before(tokens: Sequence[Token], start: int) -> bool:
    """Whether the words before a postposed cue's subject at ``start`` state something: not
    only an introduction ("On Nov. 15, 2019, X testified before ...") nor one subordinate
    clause ("As the charges were unsealed, X testified ..."), which set the scene."""
    if _skip_introduction(tokens, start) >= start:
        return False
    if tokens[0].lower not in _SUBORDINATORS or tokens[start - 1].text != ",":
        return True  # where commas were stripped, the clause may run on into a main clause
    first_comma = next((index for index in range(start) if tokens[index].text == ","), None)
    return first_comma is not None and first_comma < start - 1


def _resumes_content(tokens: Sequence[Token], after_cue: int) -> bool:
    """ "The toll, the group said, is likely to rise": a comma soon after the cue, and the
    content goes on after it; not when a participle or another cue follows ("..., police
    said, citing witnesses", "..., rights groups said, adding that ...")."""
    for index in range(after_cue, min(len(tokens), after_cue + _SHORT_TAIL + 1)):
        if tokens[index].text != ",":
            continue
        following = tokens[index + 1].lower if index + 1 < len(tokens) else ""
        another = following in CUES.gerunds or following in CUES.phrases
        return not another and following not in COORDINATORS  # ", and added that ..."
    return False


def _attribution(
    source: tuple[int, int],
    cue: _Cue,
    content_start: int,
    content_end: int,
    frame_start: int,
    frame_end: int,
) -> Attribution:
    return Attribution(
        source[0],
        source[1],
        cue.start,
        cue.end,
        content_start,
        content_end,
        is_direct_quote=False,
        frame_start=frame_start,
        frame_end=frame_end,
    )


def _is_postposed(tokens: Sequence[Token], cue: _Cue) -> bool:
    """ "CONTENT, X said (on Friday)." rather than "X said (that) CONTENT": the clause ends
    right after the cue, or after its addressee ("X told Sputnik", "X told the BBC"), or a
    short adverbial ("on Friday", "in a statement") ends it."""
    after = _addressee_end(tokens, cue.end) or cue.end
    following = tokens[after] if after < len(tokens) else None
    if following is None:
        return True
    if following.lower in _SUBORDINATORS and after == cue.end:
        # "... a monitoring group said as rebels took the town" (commas stripped), not "said
        # after the meeting that ...", whose content follows.
        window = tokens[after + 1 : after + 1 + _THAT_WINDOW]
        return not any(token.lower == "that" for token in window)
    if following.lower in CUES.gerunds and after > cue.end:
        return True  # "told The New Arab adding that ...": the participle opens its own clause
    if following.is_word or following.is_digit:
        return _adverbial_tail(tokens, after)
    return following.text in _CLAUSE_PUNCTUATION and following.text != ":"


def _addressee_end(tokens: Sequence[Token], index: int) -> int | None:
    """Past the addressee of a tell-class cue right before ``index`` ("told Fox News",
    "told the BBC", "assured them", "told reporters it would stay"): an object pronoun, a
    name of up to four capitalised words with an optional determiner, or one or two words
    that the clause's end or a new clause follows; None when the cue takes no addressee or
    none is there."""
    if index == 0 or index >= len(tokens) or tokens[index].lower == "that":
        return None
    if CUES.lemmas.get(tokens[index - 1].lower) not in ADDRESSEE_CUES:
        return None
    if tokens[index].lower in OBJECT_PRONOUNS:
        return index + 1
    position = index + 1 if tokens[index].lower in DETERMINERS else index
    end = position
    while end < min(len(tokens), position + _MAX_ADDRESSEE) and tokens[end].is_capitalized:
        end += 1
    if end > position:
        return end
    for end in (position + 2, position + 1):  # "told the local council", "told reporters"
        if end > len(tokens) or not all(token.is_word for token in tokens[position:end]):
            continue
        if end == position + 2 and _opens_subject(tokens[position + 1]):
            continue  # "told reporters the vote would ...": the second word opens the clause
        if end == len(tokens) or _ends_clause_at(tokens, end):
            return end
        # "that" is skipped by the caller; "warned residents to leave" reports the object too
        if tokens[end].lower not in {"that", "to"} and _clause_follows(tokens, end, strict=False):
            return end
    return None


def _opens_subject(token: Token) -> bool:
    word = token.lower.replace("\u2019", "'")
    return word in DETERMINERS or word in CLAUSE_SUBJECTS


def _attribute_source_after(text: str, tokens: Sequence[Token], cue: _Cue) -> Attribution | None:
    source = _delimited_source_after(tokens, cue)
    if source is None and cue.start <= 1:
        source = _undelimited_opening_source(tokens, cue.end)
    if source is None:
        source = _source_after(tokens, cue.end, lax=False, must_end_clause=False)
    if source is None:
        return None
    if cue.start <= 1:  # "According to X, CONTENT"
        start, end = _content_start_after(tokens, source[1]), tokens[-1].end
    else:  # "CONTENT, according to X"
        start, end = tokens[0].start, tokens[cue.start - 1].end
    content_start, content_end = _strip(text, start, end)
    return _attribution(source, cue, content_start, content_end, cue.start, source[1])


def _delimited_source_after(tokens: Sequence[Token], cue: _Cue) -> tuple[int, int] | None:
    """ "According to the district health office, ...", "..., according to the aid group Relief
    Without Borders.": any words up to the comma that closes the phrase, or to the sentence end
    after a comma. Without punctuation to close it, the phrase is left to the name-like scan."""
    end = cue.end
    limit = min(len(tokens), cue.end + _MAX_SOURCE_AFTER)
    while end < limit and (tokens[end].is_word or _is_apostrophe(tokens, end)):
        word = tokens[end].lower
        if word in SOURCE_END_WORDS or word in CUES.gerunds:  # "according to X citing Y"
            break
        end += 1
    closed = end < len(tokens) and tokens[end].text in {",", ";"}
    after_comma = cue.start > 0 and tokens[cue.start - 1].text == ","
    ends_sentence = after_comma and _only_punctuation_from(tokens, end)
    while end > cue.end and tokens[end - 1].lower in NAME_CONNECTORS:
        end -= 1
    if end > cue.end and not (closed or ends_sentence) and _only_punctuation_from(tokens, end):
        # "... on Saturday according to the statement." where commas were stripped (FA-KES)
        # or never written: a source that can speak, not "according to type and location"
        closed = cue.start > 1 and any(_can_make_claims(t) for t in tokens[cue.end : end])
    return (cue.end, end) if end > cue.end and (closed or ends_sentence) else None


def _undelimited_opening_source(tokens: Sequence[Token], start: int) -> tuple[int, int] | None:
    """The source of "According to the UN official the economy declined" where the comma was
    lost: the noun phrase ends where another begins — a determiner or pronoun after its head, a
    number, a capital after a lower-case head ("According to report ISIS has") — and a clause
    must be left after it."""
    limit = min(len(tokens), start + _MAX_SOURCE_AFTER)
    position = start
    while position < limit:
        token = tokens[position]
        previous = tokens[position - 1]
        if _is_abbreviation_dot(tokens, position):  # "According to the U.N. hundreds ..."
            position += 1
            continue
        if not token.is_word or token.lower in UNITS or token.lower in TENS:
            break
        if position > start and token.lower in VAGUE_COUNTS:
            break  # "According to reports tens of thousands": the count opens the content
        linked = previous.lower in NP_STOP_WORDS or previous.lower in POSTMODIFIER_PREPOSITIONS
        after_head = position > start and not linked and previous.lower not in DETERMINERS
        opens_phrase = token.lower in DETERMINERS or token.lower in CLAUSE_SUBJECTS
        in_name = previous.is_capitalized or _is_abbreviation_dot(tokens, position - 1)
        if after_head and (opens_phrase or (token.is_capitalized and not in_name)):
            break
        if token.lower in FINITE_MARKERS or token.lower in _SUBORDINATORS:
            break
        if any(item.is_digit for item in tokens[position + 1 : position + 3]):
            break  # "at least 40", "more than 12": the count opens the content
        position += 1
    if position in (start, limit) or position >= len(tokens) - 2:
        return None
    return (start, position)


def _attribute_to_subject(
    text: str, tokens: Sequence[Token], cue: _Cue, previous: Attribution | None
) -> Attribution | None:
    """ "X rejected the plan, accusing Y of Z": the participle's source is the sentence's
    subject, or the source of the attribution it follows ("..., X said, adding that")."""
    own = _noun_phrase_before(tokens, cue.start)
    if (
        own is not None
        and own[0] > 0
        and tokens[own[0] - 1].lower == "with"
        and any(_can_make_claims(token) for token in tokens[own[0] : own[1]])
    ):
        source: tuple[int, int] | None = own  # "with Audi suggesting that ...": its own subject
    elif previous is not None and previous.shares_source:
        source = (previous.source_start, previous.source_end)
    elif previous is not None:
        return None  # "According to the UN, the army shelled the town, saying ...": whose?
    else:
        source = _subject(tokens, cue.start)
    if source is None:
        return None
    start = _content_start_after(tokens, cue.end)
    content_start, content_end = _strip(text, start, tokens[-1].end)
    # The frame is the participle alone: the shared source stands elsewhere, and a quotation
    # that opens the sentence belongs to the finite cue ('"Q," X said, adding that ...'). Its
    # source is the subject's, which "..., accusing Y, and said B" shares in turn.
    found = _attribution(source, cue, content_start, content_end, cue.start, cue.end)
    return replace(found, shares_source=True)


def _content_start_after(tokens: Sequence[Token], index: int) -> int:
    """Where the reported clause starts: after a "that" right here, or after an addressee or
    an adverbial ("told reporters that", "said on Friday that"); else right here. A later
    "that" belongs to the content ("said they felt dejected that ...")."""
    lemma = CUES.lemmas.get(tokens[index - 1].lower) if index > 0 else None
    takes_addressee = lemma in ADDRESSEE_CUES
    adverbial = index < len(tokens) and tokens[index].lower in TAIL_OPENERS
    for position in range(index, min(len(tokens), index + _THAT_AFTER_ADJUNCTS_WINDOW)):
        if tokens[position].lower == "that":
            if position + 1 == len(tokens) or tokens[position + 1].lower in FINITE_MARKERS:
                return tokens[position].start  # "said that was wrong": "that" is the subject
            return tokens[position].end
        if not (takes_addressee or adverbial) or not tokens[position].is_word:
            break
        if position > index and tokens[position].lower in CUES.gerunds:
            break  # "said after the council met adding that ...": the "that" is another cue's
    addressee_end = _addressee_end(tokens, index)
    if addressee_end is not None and _clause_follows(tokens, addressee_end, strict=False):
        return tokens[addressee_end].start  # "told Fox News he would veto the bill"
    if index < len(tokens) and tokens[index].text in {",", ":"}:
        index += 1
    if index + 1 < len(tokens) and tokens[index].lower in WEEKDAYS:
        index += 1  # "The Pentagon said Friday it had ...": the day is no content
    return tokens[index].start if index < len(tokens) else tokens[-1].end


# --- direct quotes ---------------------------------------------------------------------------


def _with_quoted_content(
    text: str, tokens: Sequence[Token], attribution: Attribution
) -> Attribution:
    """The attribution as a direct quote when a quotation frames it: one that opens the
    sentence and closes right before the frame, and/or one that opens right after the frame
    and closes the sentence. The content is then the quoted text, quote marks left out."""
    quotations = _quotations(tokens)
    if not quotations:
        return attribution
    leading = _quotation_before(tokens, quotations, attribution.frame_start)
    trailing = _quotation_after(tokens, quotations, attribution.frame_end)
    first = leading or trailing
    last = trailing or leading
    if first is None or last is None:
        return attribution
    start, end = _strip(text, tokens[first[0]].end, tokens[last[1]].start)
    if start == end:
        return attribution
    return replace(attribution, content_start=start, content_end=end, is_direct_quote=True)


def _quotations(tokens: Sequence[Token]) -> list[tuple[int, int]]:
    """(opening, closing) token indices of the sentence's quoted stretches: curly quotes pair
    by shape, straight ones by alternation; an unclosed quotation is left out, and quotes of
    another kind inside a quotation are part of it."""
    quotations: list[tuple[int, int]] = []
    opening: int | None = None
    closing_mark = ""
    for index, token in enumerate(tokens):
        mark = token.text
        if opening is None and mark in _CLOSING_QUOTES:
            opening, closing_mark = index, _CLOSING_QUOTES[mark]
        elif opening is not None and mark == closing_mark and not _is_apostrophe(tokens, index):
            quotations.append((opening, index))
            opening = None
    return quotations


def _quotation_before(
    tokens: Sequence[Token], quotations: Sequence[tuple[int, int]], frame_start: int
) -> tuple[int, int] | None:
    """`"Q," X said`: the quotation opening the sentence and closing right before the frame."""
    opening, closing = quotations[0]
    if opening != 0 or closing >= frame_start:
        return None
    between = tokens[closing + 1 : frame_start]
    return (opening, closing) if all(token.text in _QUOTE_JOINERS for token in between) else None


def _quotation_after(
    tokens: Sequence[Token], quotations: Sequence[tuple[int, int]], frame_end: int
) -> tuple[int, int] | None:
    """`X said: "Q"`, `X told reporters: "Q"`: the quotation opening right after the frame
    (past a short addressee ended by ":", "," or "that") and closing the sentence."""
    following = next((pair for pair in quotations if pair[0] >= frame_end), None)
    if following is None:
        return None
    opening, closing = following
    if not _only_punctuation_from(tokens, closing + 1):
        return None
    between = tokens[frame_end:opening]
    if not between:
        return following
    joiner, addressee = between[-1], between[:-1]
    if joiner.text not in _QUOTE_JOINERS and joiner.lower != "that":
        return None
    fits = len(addressee) <= _MAX_ADDRESSEE and all(token.is_word for token in addressee)
    return following if fits else None


def _closes_acronym(tokens: Sequence[Token], index: int) -> bool:
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


def _skip_back_over_affiliation(tokens: Sequence[Token], position: int) -> int:
    """Past a bracketed aside after a name that is no acronym: "Rep. José Serrano (D-NY)
    said", "Rep. David McKinley (R-W.Va.) said" name Serrano and McKinley."""
    if position > 1 and tokens[position].text == ",":
        return _skip_back_over_party_and_state(tokens, position)
    if position < 0 or tokens[position].text != ")" or _closes_acronym(tokens, position):
        return position
    for opening in range(position - 1, max(position - _MAX_AFFILIATION, 0), -1):
        if tokens[opening].text == "(":
            return opening - 1 if opening > 0 and tokens[opening - 1].is_word else position
        if tokens[opening].text in _QUOTES or tokens[opening].text == ")":
            break
    return position


def _skip_back_over_party_and_state(tokens: Sequence[Token], comma: int) -> int:
    """Past the party and state set off by commas after a legislator's name (AP style): "Rep.
    Alexandria Ocasio-Cortez, D-N.Y., said", "Sen. Rand Paul, R-Ky., said" name the legislator."""
    for opening in range(comma - 1, max(comma - _MAX_AFFILIATION, 0), -1):
        if tokens[opening].text == ",":
            inserted = "".join(token.text for token in tokens[opening + 1 : comma])
            if _PARTY_AND_STATE.fullmatch(inserted) and tokens[opening - 1].is_word:
                return opening - 1
            break
    return comma


def _is_abbreviation_dot(tokens: Sequence[Token], index: int) -> bool:
    """The full stop of "U.S.", "Lt." or "Co." inside a name, followed by more of it, or the
    last stop of an initialism ("the U.S. would", "the U.S. military")."""
    if not 0 < index < len(tokens) - 1 or tokens[index].text != ".":
        return False
    before, after = tokens[index - 1], tokens[index + 1]
    initial = len(before.text) == 1 and before.is_capitalized
    if initial and index > 1 and tokens[index - 2].text == "." and after.is_word:
        return True  # "U.S.": the initialism goes on whatever follows it
    abbreviated = initial or before.lower in ABBREVIATIONS
    return abbreviated and after.is_word and after.is_capitalized


def _is_apostrophe(tokens: Sequence[Token], index: int) -> bool:
    """ "pilots' association": a quote mark between two words is a plural's apostrophe."""
    inside = 0 < index < len(tokens) - 1 and tokens[index].text in _APOSTROPHES
    return inside and tokens[index - 1].is_word and tokens[index + 1].is_word


def _only_punctuation_from(tokens: Sequence[Token], index: int) -> bool:
    """Whether no word or number follows ``index``; stops at the first one, so trying many
    cues in one sentence stays linear."""
    for position in range(index, len(tokens)):
        if tokens[position].is_word or tokens[position].is_digit:
            return False
    return True


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
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
        else:
            return start, end


def _unpaired(span: str, mark: str, *, opening: bool) -> bool:
    """Whether ``mark`` at the span's start (``opening``) or end is a quote with no partner
    in the span."""
    if mark == '"':
        return span.count('"') % 2 == 1
    if mark == ("\u201c" if opening else "\u201d"):
        return span.count("\u201c") != span.count("\u201d")
    return False
