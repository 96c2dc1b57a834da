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

This module holds the entry point, ``find_attributions``, and how each role of cue assembles its
attribution from a source span and a content span. The rules it combines live one concern to a
module, each importing only those listed after it: ``cue_detection`` (which tokens are cues) and
``verb_cues`` (whether a verb reports where it stands), ``content_spans`` (where a content
starts and ends, kept apart, quoted), ``source_spans`` (the subject before a cue or the phrase
after it), ``noun_phrases`` (the phrase that ends at a token), ``token_checks`` (small checks
they share) and ``attribution_record`` (the records they pass).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from extractors.claims.attribution_record import Attribution, Cue
from extractors.claims.content_spans import (
    content_start_after,
    is_postposed,
    main_passive_after,
    main_verb_after,
    main_verb_after_clause,
    resumes_content,
    separate,
    with_quoted_content,
)
from extractors.claims.cue_detection import (
    AGENT_PREPOSITIONS,
    BARE_NOUN_CUE_OPENERS,
    agent_phrase_end,
    find_cues,
    phrases_at,
    reception_verb_before,
)
from extractors.claims.cues import CLAUSE, CUES
from extractors.claims.lexicon import (
    AUXILIARIES,
    BE_FORMS,
    CLAUSE_OPENERS,
    COORDINATORS,
    DETERMINERS,
    FINITE_MARKERS,
    IRREGULAR_PASTS,
    NON_ASSERTIVE_PREDICATES,
    NP_STOP_WORDS,
    POSITION_NOUNS,
    POSSESSIVE_PRONOUNS,
    POSTMODIFIER_PREPOSITIONS,
    POSTMODIFIER_WORDS,
    PRONOMINAL_DETERMINERS,
    RELATIVE_OPENERS,
    RELAY_CUES,
    STANCE_PREPOSITIONS,
    TIME_WORDS,
    UNITS,
    WEEKDAYS,
    word_set,
)
from extractors.claims.noun_phrases import noun_phrase_before
from extractors.claims.source_spans import (
    Subject,
    can_make_claims,
    delimited_source_after,
    sentence_subject,
    skip_introduction,
    source_after,
    source_before,
    undelimited_opening_source,
    without_time_tail,
)
from extractors.claims.token_checks import (
    CLAUSE_PUNCTUATION,
    POSSESSIVE,
    QUOTES,
    SUBORDINATORS,
    follows_quotation,
    has_past_form,
    is_adverb,
    is_apostrophe,
    is_past_verb,
    matches,
    opens_clause,
    opens_deadline,
    past_day,
    skip_back_over_adverbs,
    starts_verb,
    strip,
    token_at,
)
from extractors.claims.tokens import Token
from extractors.claims.verb_cues import (
    absolute_subject_before,
    addressed_passive,
    relative_label_subject,
)

__all__ = ["Attribution", "find_attributions"]


_NESTED_ROLES = frozenset({"passive", "hearsay"})
# Attributions per sentence: news sentences hold a few; the cap keeps a run-on text without
# punctuation linear, since every content may run to the sentence end.
_MAX_ATTRIBUTIONS = 8
# The construction of a received judgement: its agent, its target, and the words that end
# the agent ("criticism from Democrats over the plan") or the target ("over the plan, as ...").
_JUDGEMENT_AGENTS = word_set("from among")
_JUDGEMENT_TARGETS = word_set("over for of about against")
_CLAUSE_ENDERS = SUBORDINATORS | word_set("but which who")
_AGENT_ENDERS = _JUDGEMENT_TARGETS - {"of"} | _CLAUSE_ENDERS | word_set("to on in at")
# Heads of a from-phrase that name no judge ("criticism from the opposite direction").
_NO_AGENT_HEADS = word_set("direction directions side sides quarter quarters corner corners")
_TIME_UNITS = word_set("hours days weeks months years decades")
_FIRST_PERSON = word_set("i we my our me us")
_NEGATIVE_QUANTIFIERS = word_set("no nobody none neither noone")
# Verbs that describe their object as something, besides the labelling verbs: "which they
# described as a retreat" (Levin 1993, 29.2 characterize verbs).
_DESCRIBING_LEMMAS = word_set("describe characterise characterize portray")
_LABEL_ENDS = frozenset({",", ";", ":", ".", "!", "?", "(", ")"})
_LABEL_ENDERS = RELATIVE_OPENERS | word_set("that and but")  # "a witch hunt and vowed"
_FREE_RELATIVE_VERBS = word_set("was were is are")  # "what X said was Y"
_MAX_HEARSAY_PHRASE = 15  # words of "an alleged chemical weapons attack near Damascus on ..."
# Words that end the noun phrase a hearsay adjective modifies: relatives and subordinators.
_PHRASE_ENDS = word_set(
    "which that who whom whose where when while as because after before since but"
)
_MAX_CONTENT_POSTMODIFIERS = 2  # "a ceasefire in Aleppo for the city's east announced by"
_FINAL_CLAUSE_MARKS = frozenset({".", ";", "!", ")", "]", "-", "\u2013", "\u2014"})
# Words that open a verb group before its base form: the verb after them is no inverted cue.
_VERB_GROUP_OPENERS = word_set("to will would shall should can could may might must do does did")
_SENTENCE_END_MARKS = frozenset(".!?")
# Words that open a direct question: the wh-words and the auxiliaries that invert before the
# subject (Quirk et al. 1985, 11.5 and 11.14).
_QUESTION_OPENERS = word_set(
    "what why how who whom whose which when where do does did is are was were will would can "
    "could should shall have has had"
)
_DUMMY_PASSIVE_SUBJECTS = word_set("it as")  # "..., it was reported.", "..., as was announced."
# Where the clause of a passive that ends it starts: "while clashes were reported."
_PASSIVE_CLAUSE_OPENERS = (CLAUSE_OPENERS - {"as", "and"}) | word_set(
    "that after before since until unless once if whether"
)
# The marks that close an aside, each with those that open it.
_ASIDE_OPENINGS = {
    ")": frozenset("("),
    "]": frozenset("["),
    "-": frozenset("-\u2013\u2014"),
    "\u2013": frozenset("-\u2013\u2014"),
    "\u2014": frozenset("-\u2013\u2014"),
}
_MAX_ASIDE = 40  # tokens inside "— whose father, also as governor, implemented ... —"
_HEARSAY_CLAUSE = 30  # words scanned back from a hearsay adverb to its clause's start
# Where the clause of a hearsay adverb starts, scanning back: a subordinator, "that" or a
# wh-word opens it ("while troops reportedly ..."); "and" may join its subject ("bombs and
# shells were").
_HEARSAY_CLAUSE_OPENERS = (CLAUSE_OPENERS - {"and"}) | word_set(
    "that how why where whether if after before since until unless once"
)


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
    in_question = _in_quoted_questions(tokens)
    for cue in find_cues(tokens):
        if in_question[cue.start]:
            continue  # '"What do you think?" he asked': the question asserts nothing
        if cue.role == "hearsay_adjective":
            modifiers.append(_attribute_hearsay_adjective(text, tokens, cue))
            continue
        if cue.role == "reduced":
            reduced = _attribute_reduced_relative(text, tokens, cue)
            if reduced is not None:
                modifiers.append(reduced)
            continue
        labelled = _relative_label(text, tokens, cue)
        if labelled is not None:
            modifiers.append(labelled)  # "the talks, which he called a last chance, would"
            continue
        nesting = cue.role in _NESTED_ROLES and bool(found)  # "X's claims that A is intended"
        attribution = _attribute(text, tokens, cue, found[-1] if nesting else sharing)
        if attribution is not None and _negative_source(tokens, attribution):
            continue  # "No group has claimed responsibility": nobody claimed anything
        if attribution is not None and attribution.content_start < attribution.content_end:
            found.append(with_quoted_content(text, tokens, attribution))
            if cue.role == "noun":
                noun_cued.add(len(found) - 1)
            else:
                sharing = found[-1]
            if len(found) == _MAX_ATTRIBUTIONS:
                break
    # "We found that the claim did not originate ...": the writer's narration, unless nested
    kept = [
        index
        for index, item in enumerate(found)
        if not _authorial(tokens, item) or any(_covers(tokens, other, item) for other in found)
    ]
    if len(kept) < len(found):
        noun_cued = {position for position, index in enumerate(kept) if index in noun_cued}
        found = [found[index] for index in kept]
    separated = separate(text, tokens, found)
    if noun_cued:  # a clause's content runs on past a noun cue nested in it, to the next clause
        clauses = [index for index in range(len(found)) if index not in noun_cued]
        cut = separate(text, tokens, [found[index] for index in clauses])
        for index, item in zip(clauses, cut, strict=True):
            separated[index] = item
    separated = _relays_share_content(tokens, separated)
    if not modifiers:
        return separated
    nested = [item for item in modifiers if item.content_start < item.content_end]
    return sorted(separated + nested, key=lambda item: item.cue_start)[:_MAX_ATTRIBUTIONS]


def _relays_share_content(tokens: Sequence[Token], found: list[Attribution]) -> list[Attribution]:
    """A relayed source ("citing two officials") reported what its host report did: "The talks
    stalled, Reuters reported, citing X" gives X "The talks stalled", not the report itself;
    so do "Reuters reported, citing X, that ..." and "State TV, citing X, reported that ...".
    Where commas were stripped ("Reuters quoting US officials said that ..."), the relay also
    splits the two sources: the host's ends before it, the relay's before the host's cue."""
    relayed = list(found)
    for position, relay in enumerate(found):
        if tokens[relay.cue_start].lower not in RELAY_CUES or relay.cue_start < 1:
            continue
        for index, host in enumerate(found):
            if host is relay or host.content_start >= host.content_end:
                continue
            inside = host.source_start < relay.cue_start < host.source_end
            if inside and relay.source_start < host.cue_start < relay.source_end:
                relayed[index] = replace(host, source_end=relay.cue_start)
                relay = replace(relay, source_end=host.cue_start)
            elif tokens[relay.cue_start - 1].text != "," or relay.cue_start - 1 not in {
                host.cue_end,
                host.source_end,
            }:
                continue
            relayed[position] = replace(
                relay, content_start=host.content_start, content_end=host.content_end
            )
            break
    return relayed


def _negative_source(tokens: Sequence[Token], attribution: Attribution) -> bool:
    """A source that is a negative quantifier ("No group has claimed", "Nobody said", "None
    of the parties confirmed") names nobody who said anything: no attribution."""
    start = attribution.source_start
    if attribution.source_end <= start:
        return False
    before = tokens[start - 1].lower if start > 0 else ""
    return tokens[start].lower in _NEGATIVE_QUANTIFIERS or before == "no"


def _authorial(tokens: Sequence[Token], attribution: Attribution) -> bool:
    """A first-person source outside any quotation is the writer narrating ("We found that
    ...", "We note the price ..."), not an attribution; inside a quotation it is the speaker's
    own ("I think", "we want")."""
    start, end = attribution.source_start, attribution.source_end
    floated = end - start == 2 and tokens[start + 1].lower in PRONOMINAL_DETERMINERS  # "We all"
    if end - start != 1 and not floated:
        return False
    word = tokens[start].lower.replace("\u2019", "'").split("'")[0]
    if word not in _FIRST_PERSON:
        return False
    return not any(token.text in QUOTES for token in tokens[:start])


def _covers(tokens: Sequence[Token], outer: Attribution, inner: Attribution) -> bool:
    """Whether ``inner``'s source stands inside ``outer``'s content (reported speech: "X said
    we have called on ...", "We ask that ... Fabius said")."""
    offset = tokens[inner.source_start].start
    return outer is not inner and outer.content_start <= offset < outer.content_end


def _is_question(tokens: Sequence[Token]) -> bool:
    """A sentence that is itself a question (a subheading), not a quoted one."""
    return tokens[-1].text == "?" and tokens[0].text not in QUOTES


def _in_quoted_questions(tokens: Sequence[Token]) -> list[bool]:
    """For each token, whether it stands in a quoted question: a clause opened by a question
    word or an inverted auxiliary ("What do you think?", "Do you expect ...?") that ends the
    quotation with its question mark (not a tag: "..., but I think ..., right?"). Two passes,
    so a long sentence stays linear."""
    count = len(tokens)
    if not any(token.text == "?" for token in tokens):
        return [False] * count  # most sentences: no question, no second pass
    stop = [count] * (count + 1)  # the first quotation mark or sentence end at or after each
    for index in range(count - 1, -1, -1):
        text = tokens[index].text
        stop[index] = index if text in QUOTES or text in _SENTENCE_END_MARKS else stop[index + 1]
    marks = []
    opening = 0
    for index in range(count):
        if index > 0 and (
            tokens[index - 1].text in QUOTES or tokens[index - 1].text in CLAUSE_PUNCTUATION
        ):
            opening = index
        end = stop[index + 1]
        asked = end + 1 < count and tokens[end].text == "?" and tokens[end + 1].text in QUOTES
        marks.append(asked and tokens[opening].lower in _QUESTION_OPENERS)
    return marks


def _attribute(
    text: str, tokens: Sequence[Token], cue: Cue, previous: Attribution | None
) -> Attribution | None:
    if cue.role == "after":
        return _attribute_source_after(text, tokens, cue, previous)
    if cue.role == "quoted":
        return _attribute_quoted(text, tokens, cue)
    if cue.role == "participle":
        return _attribute_to_subject(text, tokens, cue, previous)
    if cue.role == "passive":
        return _attribute_passive(text, tokens, cue, previous)
    if cue.role == "noun":
        return _attribute_noun(text, tokens, cue)
    if cue.role == "received":
        return _attribute_received(text, tokens, cue)
    if cue.role == "hearsay":
        return _attribute_hearsay(text, tokens, cue, previous)
    if cue.role == "evidence":
        return _attribute_evidence_participle(text, tokens, cue)
    if CUES.lemmas.get(tokens[cue.start].lower) in CUES.inverting and _may_invert(tokens, cue):
        # after a quotation, or a comma before a described source, the phrase to the clause's
        # end is the source: '"...," said the parent of one of the children', "..., said a
        # person familiar with the matter"
        set_off = follows_quotation(tokens, cue.start) or (
            tokens[cue.start - 1].text == ","
            and _verb_before(tokens, cue.start - 1)
            and _describes_a_source(tokens, cue.end)
        )
        inverted = source_after(tokens, cue.end, lax=set_off, must_end_clause=True)
        if inverted is not None:
            found = _attribution_with_content_before(text, tokens, inverted, cue)
            return replace(found, shares_source=True)
    free = _free_relative(text, tokens, cue)
    if free is not None:
        return free
    source = source_before(tokens, cue.start)
    if source is None:
        controlled = _attribute_infinitive(text, tokens, cue)
        if controlled is not None:
            return controlled
        coordinated = _attribute_coordinated(text, tokens, cue, previous)
        opening = None if coordinated is not None else _aside_opening(tokens, cue.start)
        if opening is not None:
            return _attribute_after_aside(text, tokens, cue, opening)
        return coordinated
    return replace(_attribution_with_source_before(text, tokens, source, cue), shares_source=True)


def _speaks_for_position(tokens: Sequence[Token], phrase: tuple[int, int], cue_start: int) -> bool:
    """Whether the phrase right before a participle cue is headed by a lower-case noun of a
    text or a protest, which the participle clause post-modifies ("a resolution condemning")."""
    head = tokens[phrase[1] - 1]
    return phrase[1] == cue_start and head.text[0].islower() and head.lower in POSITION_NOUNS


def _past_verbs(tokens: Sequence[Token], phrase: tuple[int, int]) -> tuple[int, int]:
    """The phrase from after the last verb inside it: "Thousands joined peaceful protests" ->
    "peaceful protests"."""
    start = phrase[0]
    for position in range(phrase[0], phrase[1] - 1):
        if starts_verb(tokens, position):
            start = position + 1
    return (start, phrase[1])


def _attribute_infinitive(text: str, tokens: Sequence[Token], cue: Cue) -> Attribution | None:
    """ "The Assembly voted on Friday to demand a ceasefire", "Hollings was quick to criticize
    the decision": a cue in the to-infinitive of a verb or adjective whose subject it shares
    (subject control, Quirk et al. 1985, 16.38) reports that subject's words, for the verbs
    that report with any object (speech and judgement). Not after a predicate that reports
    nothing said (``non_assertive_predicates.txt``: "declined to comment", "is expected to
    announce", "struggled to explain"), a passive ("was summoned to explain") or an object
    ("asked him to deny": the object would speak)."""
    if cue.start < 2 or tokens[cue.start - 1].lower != "to":
        return None
    if CUES.finite.get(tokens[cue.start].lower) == CLAUSE:
        return None  # "Water is hard to find": only verbs that report with any object
    predicate = skip_back_over_adverbs(tokens, _before_day(tokens, cue.start - 2))
    if predicate < 1 or not tokens[predicate].is_word:
        return None
    word = tokens[predicate].lower
    if word in NON_ASSERTIVE_PREDICATES or word in CUES.finite or word in CUES.participles:
        return None  # "vowed to demand": the verb is a cue of its own
    after_be = tokens[predicate - 1].lower in BE_FORMS
    adjective = after_be and not has_past_form(word)
    if not (adjective or (is_past_verb(tokens, predicate) and not after_be)):
        return None  # "had been summoned to explain": a passive, whose agent would speak
    group = predicate - 1 if adjective else predicate  # "was quick", "had struggled"
    while group > 0 and (
        tokens[group - 1].lower in AUXILIARIES or is_adverb(tokens[group - 1].lower)
    ):
        group -= 1
    subject = source_before(tokens, group)  # the clause's own subject: "the party had ..."
    if subject is None:
        return None
    start = content_start_after(tokens, cue.end)
    content_start, content_end = strip(text, start, tokens[-1].end)
    found = _attribution(
        (subject.start, subject.end), cue, content_start, content_end, cue.start, cue.end
    )
    return replace(found, shares_source=True)  # "..., saying that" shares it


def _before_day(tokens: Sequence[Token], position: int) -> int:
    """The position before a day that ends at ``position`` ("voted on Friday to")."""
    if position >= 1 and tokens[position].lower in WEEKDAYS:
        position -= 1
        if position >= 1 and tokens[position].lower == "on":
            position -= 1
    return position


def _aside_opening(tokens: Sequence[Token], cue_start: int) -> int | None:
    """Where the aside opens when the cue comes right after one that a dash or a bracket
    closes ("Beshear — whose father ... — promised", "The civil defence [White Helmets]
    condemns"): the interruption hides the subject from the scan back. None otherwise."""
    position = skip_back_over_adverbs(tokens, cue_start - 1)
    if position < 1:
        return None
    opening = _ASIDE_OPENINGS.get(tokens[position].text)
    if opening is None:
        return None
    floor = max(-1, position - 1 - _MAX_ASIDE)
    return next(
        (index for index in range(position - 1, floor, -1) if tokens[index].text in opening),
        None,
    )


def _attribute_after_aside(
    text: str, tokens: Sequence[Token], cue: Cue, opening: int
) -> Attribution | None:
    """A cue after an aside opening at ``opening`` that hides its subject from the scan back
    still reports its complement: the subject phrase before the aside is the source ("The
    ministry — in a rare statement — said"), and where none opens the clause the claim is kept
    with no source rather than lost."""
    start = content_start_after(tokens, cue.end)
    content_start, content_end = strip(text, start, tokens[-1].end)
    source = (cue.start, cue.start)
    subject = source_before(tokens, opening) if opening > 0 else None
    if subject is not None and opens_clause(tokens, subject.phrase_start):
        source = (subject.start, subject.end)
    found = _attribution(source, cue, content_start, content_end, cue.start, cue.end)
    return replace(found, shares_source=True)


def _may_invert(tokens: Sequence[Token], cue: Cue) -> bool:
    """ "..., said the ministry" and "killed 12 in Aleppo said the Observatory" (commas
    stripped) invert; "Residents said the army, which ..., shelled the town" does not: a
    subject that opens the sentence right before the cue makes it the source."""
    if cue.start == 0 or not tokens[cue.start - 1].is_word:
        return True
    if tokens[cue.start - 1].lower in _VERB_GROUP_OPENERS:
        return False  # "voted to confirm the nominee": an infinitive has no inverted subject
    phrase = noun_phrase_before(tokens, cue.start)
    return phrase is None or phrase[0] > skip_introduction(tokens, phrase[0])


def _attribute_coordinated(
    text: str, tokens: Sequence[Token], cue: Cue, previous: Attribution | None
) -> Attribution | None:
    """ "X did A and said B": the cue shares the sentence's subject, or the source of the
    attribution before it."""
    position = skip_back_over_adverbs(tokens, cue.start - 1)
    if position < 1 or tokens[position].lower not in COORDINATORS:
        return None
    if previous is not None and previous.cue_end <= position:
        if not previous.shares_source:
            return None
        source: tuple[int, int] | None = (previous.source_start, previous.source_end)
    else:
        source = sentence_subject(tokens, position)
    if source is None:
        return None
    start = content_start_after(tokens, cue.end)
    content_start, content_end = strip(text, start, tokens[-1].end)
    return _attribution(source, cue, content_start, content_end, cue.start, cue.end)


def _attribute_passive(
    text: str, tokens: Sequence[Token], cue: Cue, previous: Attribution | None
) -> Attribution | None:
    """ "It was reported (by state TV) that X": the content after the cue; "Biden's call for a
    ceasefire was rejected by Netanyahu": the subject is the content, the agent the source;
    "Five people are believed to have died": no agent, the content runs around the cue."""
    following = tokens[cue.end].lower if cue.end < len(tokens) else ""
    source = (cue.end, cue.end)
    if following == "by" and not opens_deadline(tokens, cue.end):
        named = source_after(tokens, cue.end + 1, lax=True, must_end_clause=True)
        if named is None:
            return None  # "was reported by telephone": no agent to name
        source = _without_charge(tokens, named)
    subject_start = skip_introduction(tokens, cue.start)
    if (
        previous is not None
        and previous.cue_end < cue.start
        and tokens[previous.cue_start].lower in CUES.finite
    ):  # "X said thousands were believed ...": the passive is nested in the verb's clause
        subject_start = max(
            subject_start, token_at(tokens, content_start_after(tokens, previous.cue_end))
        )
    frame = (cue.start, max(cue.end, source[1]))
    if source[1] == cue.end and _ends_clause_finally(tokens, cue.end):
        return _attribute_clause_final_passive(text, tokens, cue, subject_start)
    expletive = subject_start < len(tokens) and tokens[subject_start].lower == "it"
    if expletive or (source[1] == cue.end and addressed_passive(tokens, cue.start)):
        start = content_start_after(tokens, frame[1])  # "It was said that X", "was told that"
        dated = past_day(tokens, frame[1])  # "was told on Monday that"
        if not expletive and dated == frame[1] < len(tokens) and tokens[dated].lower != "that":
            start = tokens[frame[1]].start  # "were told nothing could be done": no addressee
        content_start, content_end = strip(text, start, tokens[-1].end)
    elif source[1] > cue.end:  # an agent: the content is the subject, up to its be-form
        verb = cue.start - 1
        while verb > subject_start and tokens[verb].lower not in BE_FORMS:
            verb -= 1
        content_start, content_end = strip(
            text, tokens[subject_start].start, tokens[max(verb - 1, subject_start)].end
        )
    else:
        content_start, content_end = strip(text, tokens[subject_start].start, tokens[-1].end)
    return _attribution(source, cue, content_start, content_end, *frame)


def _without_charge(tokens: Sequence[Token], agent: tuple[int, int]) -> tuple[int, int]:
    """The agent without the charge that follows it: "accused by rivals of lying" ->
    "rivals"."""
    for position in range(agent[0] + 1, agent[1] - 1):
        charge = tokens[position + 1]
        if (
            tokens[position].lower == "of"
            and charge.text[0].islower()
            and charge.lower.endswith("ing")
        ):
            return (agent[0], position)
    return agent


def _ends_clause_finally(tokens: Sequence[Token], index: int) -> bool:
    """The clause ends at ``index`` with no content to resume after it: the sentence's end,
    a semicolon, a closing bracket or a dash (not a comma, which may resume the content)."""
    return index >= len(tokens) or tokens[index].text in _FINAL_CLAUSE_MARKS


def _attribute_clause_final_passive(
    text: str, tokens: Sequence[Token], cue: Cue, floor: int
) -> Attribution | None:
    """A passive cue that ends its clause: "Six died in the shelling, it was reported." and
    "The toll rose to 40, as was announced." report the clause before their "it" or "as";
    "..., while clashes were reported." reports its own clause, from its subordinator. A
    referential "it" in a subordinate clause ("after which it will be announced") reports
    nothing."""
    verb = cue.start - 1
    while verb >= floor and (
        tokens[verb].lower in BE_FORMS
        or tokens[verb].lower in FINITE_MARKERS
        or tokens[verb].lower == "not"
        or is_adverb(tokens[verb].lower)
    ):
        verb -= 1
    if verb < floor:
        return None
    subject = tokens[verb].lower
    if subject in _DUMMY_PASSIVE_SUBJECTS:
        before = verb - 1
        if subject == "it" and (before < floor or tokens[before].text not in CLAUSE_PUNCTUATION):
            return None
        if before <= floor:
            return None
        start, end = tokens[floor].start, tokens[before].end
    else:
        opener = verb
        while opener > floor and not (
            tokens[opener - 1].text in CLAUSE_PUNCTUATION
            or tokens[opener - 1].lower in _PASSIVE_CLAUSE_OPENERS
        ):
            opener -= 1
        if tokens[opener].lower in RELATIVE_OPENERS:
            return None  # "..., which was announced.": the antecedent's clause is elsewhere
        start, end = tokens[opener].start, tokens[cue.end - 1].end
    content_start, content_end = strip(text, start, end)
    source = (cue.end, cue.end)
    return _attribution(source, cue, content_start, content_end, cue.start, cue.end)


def _attribute_quoted(text: str, tokens: Sequence[Token], cue: Cue) -> Attribution | None:
    """ "quoted a military source on Wednesday as saying CONTENT": the source is the object
    of "quoted", the content what follows "as saying"."""
    quoted = cue.start - 1
    while CUES.lemmas.get(tokens[quoted].lower) != "quote":
        quoted -= 1
    source = without_time_tail(tokens, quoted + 1, cue.start)
    if source is None:
        return None
    content_start, content_end = strip(text, content_start_after(tokens, cue.end), tokens[-1].end)
    return _attribution(source, cue, content_start, content_end, cue.start, cue.end)


def _attribute_noun(text: str, tokens: Sequence[Token], cue: Cue) -> Attribution | None:
    """ "Moscow's claim that X": the possessor is the source (null after a plain determiner),
    what follows "that", ":" or the stance preposition is the content."""
    possessor = cue.start - 1
    word = tokens[possessor].lower if possessor >= 0 else ""  # "Allegations that ..." opens
    if word in POSSESSIVE_PRONOUNS:
        source = (possessor, possessor + 1)
    elif word.endswith(POSSESSIVE):
        phrase = noun_phrase_before(tokens, possessor + 1)
        source = phrase if phrase is not None else (possessor, possessor + 1)
    else:
        source = (cue.start, cue.start)
    opener = past_day(tokens, cue.end)  # "that", ":" or the stance preposition, after a day
    agent_end = None
    if cue.end < len(tokens) and tokens[cue.end].lower in AGENT_PREPOSITIONS:
        agent_end = agent_phrase_end(tokens, cue.end)
    if agent_end is not None:  # "criticism from the government that X": the agent says X
        source, opener = (cue.end + 1, agent_end), agent_end
    start = tokens[opener + 1].start if opener + 1 < len(tokens) else tokens[-1].end
    end = tokens[-1].end
    if tokens[opener].lower == "of" and source[0] == source[1]:
        # "amid accusations of war crimes, which it denies", "reports of casualties were
        # false": the event ends at a comma or a finite verb, a participle stays in it
        # ("reports of civilians killed in the strike")
        closing = next(
            (t for t in tokens[opener + 1 :] if t.text == "," or t.lower in FINITE_MARKERS),
            None,
        )
        end = closing.start if closing is not None else end
    elif word in BARE_NOUN_CUE_OPENERS:  # "Despite claims that the vote was rigged, he won"
        comma = next((t for t in tokens[cue.end + 1 :] if t.text == ","), None)
        end = comma.start if comma is not None and possessor == 0 else end
    elif opens_clause(tokens, max(0, min(source[0], possessor))):  # the phrase is the subject
        if tokens[opener].lower in STANCE_PREPOSITIONS:
            verb = main_verb_after(tokens, opener + 1)  # "Their criticism of the plan drew"
        else:
            verb = main_verb_after_clause(tokens, opener + 1) or main_passive_after(
                tokens, opener
            )  # "claim that A was B is false", "claim that the strikes hit X was rejected"
        end = tokens[verb - 1].end if verb is not None else end
    content_start, content_end = strip(text, start, end)
    frame_start = min(source[0], cue.start)
    return _attribution(source, cue, content_start, content_end, frame_start, cue.end + 1)


def _attribute_received(text: str, tokens: Sequence[Token], cue: Cue) -> Attribution | None:
    """ "The plan drew criticism from rights groups over its cost": the agent after "from" or
    "among" (or "of" after "the": "faced the anger of residents") is the source, none named
    otherwise; the "over", "for" or "of" phrase is the content, and without one the reception
    verb's subject, the judgement's target ("The slogan drew enough criticism to get the
    ax")."""
    position = cue.end
    source = (cue.start, cue.start)
    following = tokens[position].lower if position < len(tokens) else ""
    possessed = following == "of" and tokens[cue.start - 1].lower == "the"
    if following in _JUDGEMENT_AGENTS or possessed:
        end = _phrase_end(tokens, position + 1, _AGENT_ENDERS)
        end = next(  # "praise from investors and criticism from unions": two judgements
            (
                index
                for index in range(position + 2, end - 1)
                if tokens[index].lower == "and" and tokens[index + 1].lower in CUES.received_nouns
            ),
            end,
        )
        head = tokens[end - 1] if end > position + 1 else None
        if head is not None and head.lower not in _NO_AGENT_HEADS:
            source = (position + 1, end)  # not "criticism from the opposite direction"
        position = end
    position = _past_weekday(tokens, position)
    if _opens_judgement_target(tokens, position):
        end = _phrase_end(tokens, position + 1, _CLAUSE_ENDERS)
        start = tokens[position + 1].start
        content_start, content_end = strip(text, start, tokens[end - 1].end)
        return _attribution(source, cue, content_start, content_end, cue.start, end)
    verb = reception_verb_before(tokens, cue.start)
    target = None if verb is None else _subject_of(tokens, verb)
    if target is None:
        return None
    start, end = tokens[target[0]].start, tokens[target[1] - 1].end
    content_start, content_end = strip(text, start, end)
    return _attribution(source, cue, content_start, content_end, target[0], cue.end)


def _opens_judgement_target(tokens: Sequence[Token], position: int) -> bool:
    """An "over", "for" or "of" phrase naming what is judged, not a time ("faced protests for
    weeks")."""
    if position + 1 >= len(tokens) or tokens[position].lower not in _JUDGEMENT_TARGETS:
        return False
    after = tokens[position + 1]
    return after.is_word and after.lower not in TIME_WORDS and after.lower not in _TIME_UNITS


def _subject_of(tokens: Sequence[Token], verb: int) -> tuple[int, int] | None:
    """The noun phrase before a verb and its auxiliaries, with its prepositional
    post-modifiers ("The high death toll from strikes has prompted"), past an opening adverb."""
    end = skip_back_over_adverbs(tokens, verb - 1) + 1
    phrase = noun_phrase_before(tokens, end)
    if phrase is None:
        return None
    start = phrase[0]
    while start > 1 and tokens[start - 1].lower in POSTMODIFIER_PREPOSITIONS:
        head = noun_phrase_before(tokens, start - 1)
        if head is None:
            break
        start = head[0]
    while start < end - 1 and is_adverb(tokens[start].lower):
        start += 1  # "Recently NASA is getting criticism"
    return start, end


def _phrase_end(tokens: Sequence[Token], start: int, enders: frozenset[str]) -> int:
    """Where a phrase after a judgement noun ends: at punctuation, a finite verb or one of
    ``enders``."""
    position = start
    while position < len(tokens):
        token = tokens[position]
        word = token.lower
        if not (token.is_word or token.is_digit or is_apostrophe(tokens, position)):
            break
        if word in FINITE_MARKERS or word in enders:
            break
        if position > start and word in CUES.pasts:
            break
        position += 1
    return position


def _past_weekday(tokens: Sequence[Token], position: int) -> int:
    """Past "on Tuesday" between a judgement and its target."""
    dated = matches(tokens, position, ("on",)) and position + 1 < len(tokens)
    return position + 2 if dated and tokens[position + 1].lower in WEEKDAYS else position


def _attribute_hearsay(
    text: str, tokens: Sequence[Token], cue: Cue, previous: Attribution | None
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
        if before.text in CLAUSE_PUNCTUATION or before.lower in _HEARSAY_CLAUSE_OPENERS:
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
    content_start, content_end = strip(text, tokens[start].start, tokens[end - 1].end)
    return _attribution((cue.start, cue.start), cue, content_start, content_end, cue.start, cue.end)


def _attribute_evidence_participle(
    text: str, tokens: Sequence[Token], cue: Cue
) -> Attribution | None:
    """ "Syrian television broadcast footage showing people running": the piece of evidence
    the participle post-modifies is the source, from its determiner or the verb whose object
    it is ("broadcast", "released"), and what follows the content."""
    phrase = noun_phrase_before(tokens, cue.start)
    if phrase is None:
        return None
    start = phrase[0]
    for position in range(cue.start - 1, phrase[0] - 1, -1):
        if not tokens[position].is_capitalized and has_past_form(tokens[position].lower):
            start = position + 1  # "the army released footage": the verb's object
            break
    content_start, content_end = strip(text, content_start_after(tokens, cue.end), tokens[-1].end)
    return _attribution((start, cue.start), cue, content_start, content_end, start, cue.end)


def _attribute_reduced_relative(text: str, tokens: Sequence[Token], cue: Cue) -> Attribution | None:
    """ "A 48-hour ceasefire in Aleppo announced by Russia on Thursday": the agent after
    "by" is the source, the noun phrase the participle modifies (with its prepositional
    modifiers) the content; a "by" phrase that names nobody ("by telephone") gives nothing."""
    source = source_after(tokens, cue.end + 1, lax=False, must_end_clause=False)
    while source is not None and source[1] + 1 < len(tokens):
        if tokens[source[1]].lower != "and" or not tokens[source[1] + 1].is_capitalized:
            break
        more = source_after(tokens, source[1] + 1, lax=False, must_end_clause=False)
        source = source if more is None else (source[0], more[1])  # "by Damascus and Moscow"
        if more is None:
            break
    while source is not None and tokens[source[1] - 1].lower in DETERMINERS:
        source = (source[0], source[1] - 1) if source[1] - 1 > source[0] else None  # "this week"
    if source is None or not any(can_make_claims(token) for token in tokens[slice(*source)]):
        return None
    phrase = noun_phrase_before(tokens, cue.start)
    if phrase is None:
        return None
    start = phrase[0]
    for _ in range(_MAX_CONTENT_POSTMODIFIERS):
        if start < 2 or tokens[start - 1].lower not in POSTMODIFIER_PREPOSITIONS:
            break
        head = noun_phrase_before(tokens, start - 1)
        if head is None:
            break
        start = head[0]
    content_start, content_end = strip(text, tokens[start].start, tokens[cue.start - 1].end)
    return _attribution(source, cue, content_start, content_end, cue.start, source[1])


def _attribute_hearsay_adjective(text: str, tokens: Sequence[Token], cue: Cue) -> Attribution:
    """ "an alleged chemical attack near Damascus on August 21": the content is the noun
    phrase the adjective modifies, with its prepositional modifiers, up to a clause's word
    (a relative, a verb, punctuation); the source is not stated."""
    end = cue.end
    while end < min(len(tokens), cue.end + _MAX_HEARSAY_PHRASE):
        token = tokens[end]
        if not (token.is_word or token.is_digit or is_apostrophe(tokens, end)):
            break
        word = token.lower
        if word in _PHRASE_ENDS or word in FINITE_MARKERS or word in CUES.finite:
            break
        if end > cue.end and word in IRREGULAR_PASTS:
            break  # "the alleged victims grew": the clause's verb
        if word in CUES.gerunds or any(
            matches(tokens, end, words) for words, _ in phrases_at(tokens, end)
        ):
            break  # "an alleged attack according to the monitor", "..., saying"
        if end > cue.end + 1 and word.endswith("ed") and not token.is_capitalized:
            break  # "an alleged attack carried out by": a participle or a verb
        end += 1
    content_start, content_end = strip(text, tokens[cue.end].start, tokens[end - 1].end)
    return _attribution((cue.start, cue.start), cue, content_start, content_end, cue.start, cue.end)


def _free_relative(text: str, tokens: Sequence[Token], cue: Cue) -> Attribution | None:
    """ "in what the Observatory said was one of its bloodiest clashes": a free relative
    (Quirk et al. 1985, 15.8) whose subject is the source and whose complement after the
    be-form is the content, up to the clause's end."""
    if cue.end >= len(tokens) or tokens[cue.end].lower not in _FREE_RELATIVE_VERBS:
        return None
    phrase = noun_phrase_before(tokens, skip_back_over_adverbs(tokens, cue.start - 1) + 1)
    if phrase is None or phrase[0] == 0 or tokens[phrase[0] - 1].lower != "what":
        return None
    end = cue.end + 1
    while end < len(tokens) and tokens[end].text not in {",", ";", ":"}:
        end += 1
    if end == cue.end + 1:
        return None
    content_start, content_end = strip(text, tokens[cue.end + 1].start, tokens[end - 1].end)
    return _attribution(phrase, cue, content_start, content_end, phrase[0], cue.end)


def _relative_label(text: str, tokens: Sequence[Token], cue: Cue) -> Attribution | None:
    """ "what he called a witch hunt", "which they described as a retreat": a labelling cue in
    a relative clause whose object is the gap; the clause's subject gives the label, and the
    content is the label, after the cue and its "as", up to the clause's punctuation or the
    verb of the clause the relative sits in ("The letter that she called an insult arrived").
    Nested in its sentence's clause, it neither ends another content nor lends its source."""
    lemma = CUES.lemmas.get(tokens[cue.start].lower)
    if tokens[cue.start].lower not in CUES.labelling and lemma not in _DESCRIBING_LEMMAS:
        return None
    subject = relative_label_subject(tokens, cue.start)
    if subject is None:
        return None
    start = cue.end + 1 if tokens[cue.end].lower == "as" else cue.end
    end = start
    while end < len(tokens) and tokens[end].text not in _LABEL_ENDS:
        if end > start + 1 and (starts_verb(tokens, end) or tokens[end].lower in _LABEL_ENDERS):
            break
        end += 1
    if all(token.lower in DETERMINERS or token.text in QUOTES for token in tokens[start:end]):
        return None  # "what he called a": no label
    content_start, content_end = strip(text, tokens[start].start, tokens[end - 1].end)
    return _attribution(subject, cue, content_start, content_end, subject[0], cue.end)


def _verb_before(tokens: Sequence[Token], end: int) -> bool:
    """Whether a verb group stands before ``end``: what a comma sets off before an inverted
    source is a clause, not a subject with its appositive ("Ian Mackie, a vice-chancellor,
    said his institution relied on fees")."""
    return any(starts_verb(tokens, position) for position in range(end))


def _describes_a_source(tokens: Sequence[Token], start: int) -> bool:
    """Whether a determiner-led phrase without a verb runs from ``start`` to its clause's end
    ("a person familiar with the matter", "two officials briefed on the talks"; a participle
    counts only before its preposition): a source described, not a clause ("the US policy
    change paved the way")."""
    opening = tokens[start].lower if start < len(tokens) else ""
    if (
        opening not in DETERMINERS
        and opening not in PRONOMINAL_DETERMINERS
        and opening not in UNITS
    ):
        return False
    for position in range(start + 1, len(tokens)):
        token = tokens[position]
        if not token.is_word or token.lower in RELATIVE_OPENERS:
            return position > start + 1  # "..., said a person close to the talks who ..."
        if token.lower in CUES.finite:
            return False  # "..., said the case highlights that ..."
        if starts_verb(tokens, position):
            following = tokens[position + 1].lower if position + 1 < len(tokens) else ""
            if following not in NP_STOP_WORDS or token.lower in FINITE_MARKERS:
                return False  # "briefed on the talks" describes; "paved the way" asserts
    return True


def _attribution_with_content_before(
    text: str, tokens: Sequence[Token], source: tuple[int, int], cue: Cue
) -> Attribution:
    start, end = tokens[0].start, tokens[cue.start - 1].end if cue.start > 0 else tokens[0].start
    content_start, content_end = strip(text, start, end)
    return _attribution(source, cue, content_start, content_end, cue.start, source[1])


def _attribution_with_source_before(
    text: str, tokens: Sequence[Token], subject: Subject, cue: Cue
) -> Attribution:
    before_subject = tokens[subject.phrase_start - 1] if subject.phrase_start > 0 else None
    if before_subject is not None and is_postposed(tokens, cue):
        resumes = resumes_content(tokens, cue.end)
        start = tokens[0].start
        if resumes and before_subject.lower == "as" and subject.phrase_start == 1:
            comma = next((t for t in tokens[cue.end :] if t.text == ","), tokens[-1])
            start, end = comma.end, tokens[-1].end  # "As X said, CONTENT"
        elif resumes:  # "The toll, the group said, is ...": the content surrounds the source
            end = tokens[-1].end
        elif before_subject.text == ",":
            end = before_subject.start
        elif before_subject.lower == "as" and subject.phrase_start >= 2:
            prior = tokens[subject.phrase_start - 2]  # "..., as one CEO told me": no "as"
            end = prior.start if prior.text == "," else prior.end
        else:  # a closing quote, or the last word where commas were stripped
            end = before_subject.end
    else:
        start = content_start_after(tokens, cue.end)
        end = _end_of_parenthetical_relative(tokens, subject.phrase_start, cue)
    content_start, content_end = strip(text, start, end)
    source = (subject.start, subject.end)
    return _attribution(source, cue, content_start, content_end, subject.phrase_start, cue.end)


def _end_of_parenthetical_relative(tokens: Sequence[Token], subject_start: int, cue: Cue) -> int:
    """Where the content ends: at the comma closing a non-restrictive relative clause that
    the attribution sits in ("The bill, which Republicans say will cut taxes, passed"; "Smith,
    who said the plan would fail, voted against it"): the last comma a verb follows, the main
    clause's, not one of a list inside the clause ("fired at Sderot, Ashkelon and Ashdod, was
    banned"); else at a semicolon outside a quotation, which joins another clause; else at the
    end of the sentence."""
    after = cue.end
    relative = skip_back_over_adverbs(tokens, cue.start - 1)  # ", who said": its subject
    if (
        _opens_parenthetical_relative(tokens, relative) and _relative_on_subject(tokens, relative)
    ) or _opens_parenthetical_relative(tokens, subject_start - 1):
        # the last such comma: an earlier one may open a participle inside the clause ("which
        # said the plan, announced on Monday, would save money, was ...")
        closing = None
        for index in range(after, len(tokens) - 1):
            if tokens[index].text == "," and _predicate_follows(tokens, index + 1):
                closing = index
        if closing is not None:
            return tokens[closing].start
    marks = 0
    for index in range(after, len(tokens) - 1):
        marks += tokens[index].text in QUOTES
        if tokens[index].text == ";" and marks % 2 == 0:
            return tokens[index].start  # "Supporters hailed the decision; residents objected"
    return tokens[-1].end


def _relative_on_subject(tokens: Sequence[Token], relative: int) -> bool:
    """Whether the relative clause at ``relative`` post-modifies the sentence's subject, no
    verb standing before it ("Smith, who said ..., voted"): the main clause goes on after it.
    One on a later phrase ("backed by the ministry, which said ...") runs to the end."""
    start = skip_introduction(tokens, relative)
    return not any(starts_verb(tokens, position) for position in range(start, relative))


def _predicate_follows(tokens: Sequence[Token], position: int) -> bool:
    """A verb group at ``position``, or after one adverb there (", later voted")."""
    if starts_verb(tokens, position):
        return True
    verb = position + 1
    return (
        is_adverb(tokens[position].lower)
        and verb < len(tokens)
        and tokens[verb].text[0].islower()
        and (tokens[verb].lower in FINITE_MARKERS or has_past_form(tokens[verb].lower))
    )


def _opens_parenthetical_relative(tokens: Sequence[Token], position: int) -> bool:
    """A relative pronoun right after a comma: ", which", ", who"."""
    return (
        position >= 1
        and tokens[position].lower in {"which", "who"}
        and tokens[position - 1].text == ","
    )


def _attribution(
    source: tuple[int, int],
    cue: Cue,
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


def _attribute_source_after(
    text: str, tokens: Sequence[Token], cue: Cue, previous: Attribution | None
) -> Attribution | None:
    source = delimited_source_after(tokens, cue)
    if source is None and cue.start <= 1:
        source = undelimited_opening_source(tokens, cue.end)
    if source is None:
        source = source_after(tokens, cue.end, lax=False, must_end_clause=False)
    if source is None:
        return None
    if _cites_a_reason(tokens, cue, source):
        return _attribute_to_subject(text, tokens, cue, previous)
    if cue.start <= 1:  # "According to X, CONTENT"
        start, end = content_start_after(tokens, _past_relative(tokens, source[1])), tokens[-1].end
    elif (
        tokens[cue.start - 1].text == ","
        and tokens[cue.start].lower not in CUES.gerunds  # "citing X" reports another verb's
        and _parenthetical_resumes(tokens, source[1])
    ):
        start, end = tokens[0].start, tokens[-1].end  # "The minister, according to aides, is"
    else:  # "CONTENT, according to X"
        start, end = tokens[0].start, tokens[cue.start - 1].end
    content_start, content_end = strip(text, start, end)
    return _attribution(source, cue, content_start, content_end, cue.start, source[1])


def _past_relative(tokens: Sequence[Token], position: int) -> int:
    """Past the relative clause that post-modifies an opening source, to its comma: "According
    to a source who asked not to be named, CONTENT", "According to the ministry, which runs
    the camps, CONTENT"."""
    opener = position
    if opener < len(tokens) and tokens[opener].text == ",":
        opener += 1
    if opener < len(tokens) and (
        tokens[opener].lower in RELATIVE_OPENERS or tokens[opener].lower == "that"
    ):
        comma = next(
            (index for index in range(opener, len(tokens)) if tokens[index].text == ","), None
        )
        if comma is not None:
            return comma + 1
    return position


# The cue nouns that nominalise cognition and attitude verbs (cue_verbs_cognition.txt: fear,
# hope, worry, doubt, suspect, believe, view, expect) and "threat": a reason cited, not a
# speaker relayed ("citing security concerns", "citing threats against its staff").
_ATTITUDE_NOUNS = word_set(
    "concern concerns fear fears hope hopes worries doubt doubts suspicion suspicions belief "
    "beliefs view views opinion opinions expectation expectations threat threats"
)


def _cites_a_reason(tokens: Sequence[Token], cue: Cue, source: tuple[int, int]) -> bool:
    """Whether "citing" after a clause gives its subject's reason ("raised rates, citing a
    weaker currency", "postponed the vote, citing security concerns", "citing the Fed's
    decision") rather than a source that relays it ("citing two officials", "citing the
    Observatory", "citing a UN report"): no word up to the head of its object can speak, or
    the head names an attitude. The reason is then the content, the subject its source.
    ("quoting" always relays a speaker; a sentence that opens with "Citing" is left to the
    source after it.)"""
    if tokens[cue.start].lower != "citing" or cue.start == 0:
        return False
    start, end = source
    head = next(  # the word before a post-modifier: "the risk of", "people familiar with"
        (
            position
            for position in range(start, end - 1)
            if tokens[position + 1].lower in POSTMODIFIER_PREPOSITIONS
            or tokens[position + 1].lower in POSTMODIFIER_WORDS
            or has_past_form(tokens[position + 1].lower)
        ),
        end - 1,
    )
    if tokens[head].lower in _ATTITUDE_NOUNS:
        return True
    speakers = (  # "numerous witness accounts"; not the possessor of "the Fed's decision"
        token for token in tokens[start : head + 1] if not token.lower.endswith(POSSESSIVE)
    )
    return not any(can_make_claims(token) for token in speakers)


def _parenthetical_resumes(tokens: Sequence[Token], source_end: int) -> bool:
    """Whether a comma right after the source closes an aside the clause goes on after
    ("The prime minister, according to aides, is furious"), not one before a new clause."""
    if source_end + 1 >= len(tokens) or tokens[source_end].text != ",":
        return False
    following = tokens[source_end + 1]
    verb = starts_verb(tokens, source_end + 1)
    return following.text[0].islower() and (verb or is_adverb(following.lower))


def _attribute_to_subject(
    text: str, tokens: Sequence[Token], cue: Cue, previous: Attribution | None
) -> Attribution | None:
    """ "X rejected the plan, accusing Y of Z": the participle's source is the sentence's
    subject, or the source of the attribution it follows ("..., X said, adding that")."""
    own = noun_phrase_before(tokens, cue.start)
    if absolute_subject_before(tokens, cue.start):
        source: tuple[int, int] | None = (cue.start - 1, cue.start)  # "with some saying"
    elif (
        own is not None
        and own[0] > 0
        and tokens[own[0] - 1].lower == "with"
        and any(can_make_claims(token) for token in tokens[own[0] : own[1]])
    ):
        source = own  # "with Audi suggesting that ...": its own subject
    elif own is not None and _speaks_for_position(tokens, own, cue.start):
        source = _past_verbs(tokens, own)  # "a resolution condemning", "protests calling for"
    elif previous is not None and previous.shares_source:
        source = (previous.source_start, previous.source_end)
    elif previous is not None:
        return None  # "According to the UN, the army shelled the town, saying ...": whose?
    else:
        source = sentence_subject(tokens, cue.start)
    if source is None:
        return None
    start = content_start_after(tokens, cue.end)
    content_start, content_end = strip(text, start, tokens[-1].end)
    # The frame is the participle alone: the shared source stands elsewhere, and a quotation
    # that opens the sentence belongs to the finite cue ('"Q," X said, adding that ...'). Its
    # source is the subject's, which "..., accusing Y, and said B" shares in turn.
    found = _attribution(source, cue, content_start, content_end, cue.start, cue.end)
    return replace(found, shares_source=True)
