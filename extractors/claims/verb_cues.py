"""Whether a verb of the cue inventory reports something where it stands.

A word in the inventory is a cue only in context: "reports" and "claims" are nouns unless a
subject before them or a clause after them makes them verbs (the homographs); "could not
confirm" says nothing; "asked not to be named" is a condition of anonymity; "claimed the lives
of 40" is a toll; and a verb of cognition, evidence or reply reports only a clause, a quotation
or an aside (", he added."), so "added five points" reports nothing. These tests read the tokens
around one verb — its subject, its complement, the words before an aside — so that the scan in
``cue_detection`` stays one lookup for every token that is no cue. Labelling verbs ("called the
strike a war crime") are here too: their complement is what makes them report.
"""

from __future__ import annotations

from collections.abc import Sequence

from extractors.claims.attribution_record import Cue
from extractors.claims.content_spans import infinitive_after_adjunct, resumes_content
from extractors.claims.cues import CLAUSE, CUES, DIRECTIVE, SPEECH
from extractors.claims.lexicon import (
    AUXILIARIES,
    BE_FORMS,
    CATEGORY_NOUNS,
    CLAUSE_SUBJECTS,
    DETERMINERS,
    EVALUATIVE_ADJECTIVES,
    EXPECTATION_LEMMAS,
    FINITE_MARKERS,
    NOT_A_CUE_AFTER,
    NP_STOP_WORDS,
    OBJECT_PRONOUNS,
    ORGANISATION_WORDS,
    PARTICIPLE_OPENERS,
    PERFECT_AUXILIARIES,
    POSSESSIVE_PRONOUNS,
    POSTMODIFIER_PREPOSITIONS,
    PRONOMINAL_DETERMINERS,
    PROPOSAL_NOUNS,
    ROLE_NOUNS,
    UNITS,
    UNMARKED_NEGATIONS,
    word_set,
)
from extractors.claims.noun_phrases import (
    ARTICLES,
    contact_clause_subject,
    is_plural_noun,
    noun_phrase_before,
)
from extractors.claims.source_spans import can_make_claims, skip_introduction, source_before
from extractors.claims.token_checks import (
    APOSTROPHES,
    CLAUSE_PUNCTUATION,
    POSSESSIVE,
    QUOTES,
    adverbial_tail,
    clause_follows,
    ends_clause_at,
    is_adverb,
    matches,
    opens_clause,
    opens_quotation,
    opens_subject,
    past_clause_follows,
    past_day,
    past_relay_aside,
    past_tally,
    skip_back_over_adverbs,
    starts_verb,
)
from extractors.claims.tokens import Token

_SUPERLATIVE_WORDS = frozenset({"most", "least", "best", "worst"})
_PREPOSITIONS = POSTMODIFIER_PREPOSITIONS | {"about", "during"}  # not "after": a subordinator too
_DIRECTIVE_OBJECT = 6  # "ordered the government of the province to": words of the object
# Prepositions that take a gerund as their object: "accused him of offering".
_GERUND_PREPOSITIONS = frozenset({"of", "for", "about", "without", "against"})
_TIME_AFTER_ARTICLE = frozenset(
    {"day", "week", "month", "year", "few", "minute", "moment", "second", "hour", "while"}
)
_NEGATION_WINDOW = 4  # "could not independently confirm": auxiliaries and adverbs to cross
_LABEL_WINDOW = 7  # "called the Pentagon's decision a mistake": object and complement
# What "support" gives aid to, not a position on: armed forces and their operations, and the
# facilities aid goes to.
_MATERIAL_SUPPORT_OBJECTS = word_set(
    "forces army regime militia militias offensive assault operation operations advance "
    "attack attacks hospital hospitals facilities clinic clinics"
)
_OBJECT_ENDERS = POSTMODIFIER_PREPOSITIONS | {"that", "which", "who"}
_MAX_STANCE_OBJECT = 5  # words to a stance verb's object head: "supported the plan to"
# The second halves of compound adjectives a noun and a participle make ("UK-based",
# "US-backed", "rebel-held"): premodifiers, so an "-ing" word after one is an adjective too.
_COMPOUND_PARTICIPLES = tuple(
    f"-{word}"
    for word in ["based", "led", "backed", "run", "held", "owned", "funded", "linked", "affiliated"]
)
_LIFE_WORDS = frozenset({"life", "lives"})
_SINGULAR_INDEFINITES = frozenset({"a", "an", "another", "each", "every"})
_MAX_INDEFINITE_MODIFIERS = 2  # "a new rule", "a tight local contest"
# Pronouns of a part that are the subject of an absolute clause: "with some saying".
_ABSOLUTE_SUBJECTS = word_set("some others many several most few both all")
_ABSOLUTE_OPENERS = frozenset({"with", "and", ","})  # "with some saying", "and others warning"
_LIVES_WINDOW = 4  # "claimed the lives", "claiming two more lives": the cue to its object
_SENTENCE_ENDS = frozenset(".!?")  # "..., FNA reports.": a verb that ends its sentence
# Complex-transitive verbs of opinion (Quirk et al. 1985, 16.47): "regard X as Y".
_AS_COMPLEMENT_LEMMAS = word_set("view regard see consider perceive")
# Verbs of opinion (FrameNet's Opinion and Awareness frames) whose clause often has no "that".
_OPINION_LEMMAS = word_set("believe think suspect fear assume suppose reckon hope doubt")
_DESIRE_LEMMAS = word_set("want")
# They and the verbs of finding report a clause with no "that" whose verb is a past.
_PAST_CLAUSE_LEMMAS = _OPINION_LEMMAS | word_set("find show reveal indicate suggest conclude")
_CALL_FORMS = word_set("call calls called calling")
_AS_ADVERBS = word_set("well soon long much many far usual expected planned")


def labelling_cue(tokens: Sequence[Token], index: int) -> Cue | None:
    """ "called the strike a war crime", "called it “unacceptable”", "called the report
    absurd": an object, then a complement opened by an article or a quotation or an
    evaluative adjective ending the clause, with no punctuation between."""
    if index == 0 or tokens[index - 1].lower in BE_FORMS or tokens[index - 1].text == "-":
        return None
    # 'an offensive dubbed "Euphrates Shield"', "the record label and a ...": a name given, or
    # a noun, with no object to judge
    judged = tokens[index + 1] if index + 1 < len(tokens) else None
    if judged is not None and relative_label_subject(tokens, index) is not None:
        return Cue(index, index + 1, "finite")  # "what he called a witch hunt"
    if judged is None or not judged.is_word or judged.lower in NP_STOP_WORDS:
        return None
    role = "participle" if tokens[index].lower.endswith("ing") else "finite"
    plain_object = True  # no preposition or participle yet: "called the number listed as"
    for position in range(index + 2, min(len(tokens), index + _LABEL_WINDOW)):
        token = tokens[position]
        evaluated = token.lower in EVALUATIVE_ADJECTIVES and ends_clause_at(tokens, position + 1)
        if evaluated and plain_object:
            return Cue(index, index + 1, role)  # "called the report absurd."
        word = token.lower
        linking = (word in NP_STOP_WORDS or word == "of") and word not in {"and", "or"}
        plain_object = plain_object and not linking and not word.endswith("ed")
        complement = token.lower in {"a", "an"} or token.text in QUOTES
        if complement or (plain_object and _opens_superlative(tokens, position)):
            measured = position + 1 < len(tokens) and tokens[position + 1].lower in (
                _TIME_AFTER_ARTICLE
            )
            if measured:
                return None  # "called the hospital a day later": a time, no complement
            return Cue(index, index + 1, role)
        if not token.is_word:
            return None
    return None


def _opens_superlative(tokens: Sequence[Token], position: int) -> bool:
    """ "the most important ruling", "the worst attack": a superlative complement."""
    if tokens[position].lower != "the" or position + 1 >= len(tokens):
        return False
    word = tokens[position + 1].lower
    return word in _SUPERLATIVE_WORDS or (word.endswith("est") and len(word) > 4)


def relative_label_subject(tokens: Sequence[Token], index: int) -> tuple[int, int] | None:
    """The subject of a relative clause whose object is the gap a labelling cue at ``index``
    names ("what he called a witch hunt", "which they described as a retreat", "what critics
    branded a farce"): the noun phrase between the relative word and the cue, when the
    complement (an article, a quotation, or "as") follows the cue; else None."""
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    if following is None:
        return None
    opens = following.lower in {"a", "an", "as"} or following.text in QUOTES
    if not opens or (following.lower == "as" and tokens[index].lower in _CALL_FORMS):
        return None  # "called as a witness": no label
    subject = noun_phrase_before(tokens, index)
    if subject is not None and subject[1] - subject[0] > 1 and tokens[subject[0]].lower == "what":
        subject = (subject[0] + 1, subject[1])  # "what officials described as": "what" is no part
    if subject is None:
        return None
    contact = contact_clause_subject(tokens, subject)
    if contact is not None:
        return contact  # "a move critics described as a retreat": no relative word
    if subject[0] == 0:
        return None
    relative = subject[0] - 1
    word = tokens[relative].lower
    before = tokens[relative - 1] if relative > 0 else None
    if word == "what":
        return subject
    if word == "which" and before is not None and before.text == ",":
        return subject  # ", which they described as": not "unclear which group called"
    antecedent = (
        before is not None
        and before.is_word
        and (before.lower not in CUES.lemmas or before.lower in CUES.homographs)
    )
    return subject if word == "that" and antecedent else None  # not "said that workers called"


def finite_cue(tokens: Sequence[Token], index: int, cue_class: str) -> Cue | None:
    word = tokens[index].lower
    previous = tokens[index - 1].lower if index > 0 else ""
    following = tokens[index + 1].lower if index + 1 < len(tokens) else ""
    homograph = word in CUES.nouns or word in CUES.homographs
    # "a report that found": a clause verb's past after "that" is the relative clause's verb
    relative_that = previous == "that" and cue_class == CLAUSE and word in CUES.pasts
    determined = (
        previous in DETERMINERS and previous not in PRONOMINAL_DETERMINERS and not relative_that
    )
    possessed = previous.endswith(POSSESSIVE) and (homograph or word not in CUES.pasts)
    # "two suspects", "12 reports": a plural counted by a number is a noun
    counted = index > 0 and (tokens[index - 1].is_digit or previous in UNITS) and word.endswith("s")
    used_as_noun = (
        determined or possessed or counted or (homograph and previous in DETERMINERS)
    )  # "many reports"; not "Moody's warned", "the company's warned" (has warned)
    up_to = following == "up" and index + 2 < len(tokens) and tokens[index + 2].lower == "to"
    if used_as_noun or (
        following in NOT_A_CUE_AFTER and not _infinitive_complement(word, following) and not up_to
    ):
        return None
    if cue_class == SPEECH and is_negated(tokens, index):
        return None  # "Reuters could not confirm the figures": nothing said
    if homograph and _base_form_after_singular_indefinite(tokens, index):
        return None  # "a new rule that would have barred": a verb would need its -s
    noun_reading = homograph and not (
        _is_verb_after_subject(tokens, index)
        or _speaker_before_infinitive(tokens, index)
        or follows_evidence(tokens, index)
        or (previous in PERFECT_AUXILIARIES and not word.endswith("s"))  # "had forecast"
        or (previous == "to" and CUES.lemmas.get(word) == word)  # "voted to demand"
    )
    if noun_reading and not (
        clause_follows(tokens, index + 1, strict=True)
        or _opinion_with_as(tokens, index)
        or _between_plural_subject_and_clause(tokens, index)
    ):
        return None  # "media reports", "the claims": nouns unless a clause follows
    if word in CUES.evidence and follows_evidence(tokens, index):
        cue_class = SPEECH  # "a new poll showed majority support": a plain object reports
    if not has_complement(tokens, index, word, cue_class):
        return None
    if CUES.lemmas.get(word) == "continue" and not _quotation_continues(tokens, index):
        return None  # "said the raids continued": the raids went on, nobody spoke
    if claims_lives(tokens, index):
        return None  # "claimed the lives of 40": a toll, not a claim
    if CUES.lemmas.get(word) == "support" and _supports_materially(tokens, index):
        return None  # "Russian jets supported the army's advance": aid, not a stance
    if CUES.lemmas.get(word) == "accept" and not _accepts_a_proposal(tokens, index):
        return None  # "accepted 500 refugees", "accepted bribes": received, not a stance
    if CUES.lemmas.get(word) == "write" and _writes_a_text(tokens, index):
        return None  # "wrote the measure": authorship, an act
    return Cue(index, index + 1, "finite")


def _writes_a_text(tokens: Sequence[Token], index: int) -> bool:
    """Whether "write" at ``index`` creates its object (a verb of creation, Levin 1993, 26.7:
    "wrote the measure", "has written two books") rather than reporting it: a determined noun
    phrase follows, with no clause, quotation or addressee ("wrote that", "wrote to", "wrote
    the law was void")."""
    following = tokens[index + 1].lower if index + 1 < len(tokens) else ""
    counted = index + 1 < len(tokens) and tokens[index + 1].is_digit
    determined = following in ARTICLES or following in POSSESSIVE_PRONOUNS or counted
    # "wrote the law was void", "wrote its members that": a clause reported after all
    that_clause = any(token.lower == "that" for token in tokens[index + 2 : index + 5])
    return determined and not (that_clause or clause_follows(tokens, index + 1, strict=False))


def _base_form_after_singular_indefinite(tokens: Sequence[Token], index: int) -> bool:
    """Whether the word at ``index`` is a base form ("rule", "report", "question") right after
    a singular indefinite determiner and at most two lower-case modifiers ("a new", "a
    parliamentary", "another"): as a verb it would agree with that singular subject and end in
    -s, so it is the phrase's head noun."""
    word = tokens[index].lower
    if CUES.lemmas.get(word) != word or word.endswith("s"):
        return False
    for position in range(index - 1, max(-1, index - 1 - _MAX_INDEFINITE_MODIFIERS) - 1, -1):
        token = tokens[position]
        if token.lower in _SINGULAR_INDEFINITES:
            if position > 0 and tokens[position - 1].lower == "of":
                return False  # "Families of a missing pilot hope": the subject is before "of"
            return position < index - 1 or token.lower == "another"
        if not token.is_word or token.is_capitalized or token.lower.endswith("s"):
            return False
    return False


def _between_plural_subject_and_clause(tokens: Sequence[Token], index: int) -> bool:
    """Whether the homograph at ``index`` stands between a bare plural subject and a clause
    and has the base form a plural takes: "Critics claim they were ignored", "Analysts note he
    held similar views". A determiner before the plural would make it a possessor with its
    apostrophe stripped ("The workers protests they staged")."""
    word = tokens[index].lower
    following = tokens[index + 1].lower if index + 1 < len(tokens) else ""
    if CUES.lemmas.get(word) != word:  # a plural takes the base form: "Critics claim"
        return False
    pronoun_clause = following.replace("\u2019", "'") in CLAUSE_SUBJECTS
    if not (pronoun_clause or clause_follows(tokens, index + 1, strict=False)):
        return False
    previous = tokens[index - 1].lower if index > 0 else ""
    bare_plural = is_plural_noun(previous) and (
        index < 2
        or tokens[index - 2].lower in PRONOMINAL_DETERMINERS
        or not tokens[index - 2].is_word
    )
    return bare_plural or _bare_plural_subject(tokens, index)


def _bare_plural_subject(tokens: Sequence[Token], index: int) -> bool:
    """Whether the subject before ``index`` opens its clause with no article and has a plural
    head after modifiers: "Regional diplomats fear", "Some moderate Republicans fear". An
    article before it would make it a possessor whose apostrophe was stripped ("The workers
    protests")."""
    subject = source_before(tokens, index)
    if subject is None or subject.start != subject.phrase_start:
        return False
    first = tokens[subject.start]
    if first.lower in DETERMINERS and first.lower not in PRONOMINAL_DETERMINERS:
        return False
    if not opens_clause(tokens, subject.start):
        return False
    for token in tokens[subject.start : subject.end]:
        if token.lower in NP_STOP_WORDS:
            return False
        if is_plural_noun(token.lower):
            return True
    return False


def _supports_materially(tokens: Sequence[Token], index: int) -> bool:
    """Whether "support" gives aid rather than a stance: its object, within a few words,
    names armed forces or their operations ("supported government forces", "supporting the
    offensive", "a hospital it supports"), or nothing follows it."""
    following = tokens[index + 1 : index + 1 + _MAX_STANCE_OBJECT]
    if not following or not following[0].is_word:
        return True  # "a hospital it supports": aid given, no position stated
    for token in following:
        word = token.lower
        if CATEGORY_NOUNS.get(word) == "fighters" or word in _MATERIAL_SUPPORT_OBJECTS:
            return True
        if not token.is_word or word in _OBJECT_ENDERS:
            return False  # "supported the plan to send troops": the object ended at "plan"
    return False


def _accepts_a_proposal(tokens: Sequence[Token], index: int) -> bool:
    """Whether "accept" takes a position on what was put to its subject: its object, within
    a few words, is headed by a noun of a decision, outcome, proposal or text ("accepted the
    ruling", "accepted the recommendations of the review", "accept any arrangement"), not
    people, money or goods received ("accepted 500 refugees", "accepted bribes")."""
    for token in tokens[index + 1 : index + 1 + _MAX_STANCE_OBJECT]:
        word = token.lower
        if word in PROPOSAL_NOUNS or word in CUES.nouns or word in CUES.evidence_nouns:
            return True
        if not token.is_word or word in _OBJECT_ENDERS or token.is_digit:
            return False
    return False


def claims_lives(tokens: Sequence[Token], index: int) -> bool:
    """ "claimed the lives of 40", "claiming the life of a woman", "claiming two lives": the
    idiom of a toll, whose verb reports nothing."""
    if CUES.lemmas.get(tokens[index].lower) != "claim":
        return False
    return any(token.lower in _LIFE_WORDS for token in tokens[index + 1 : index + _LIVES_WINDOW])


def _quotation_continues(tokens: Sequence[Token], index: int) -> bool:
    """'"...," he continued': the subject before the verb comes right after a quotation."""
    subject = source_before(tokens, index)
    if subject is None or subject.phrase_start == 0:
        return False
    before = subject.phrase_start - 1
    if tokens[before].text == "," and before > 0:
        before -= 1
    return tokens[before].text in QUOTES


def follows_evidence(tokens: Sequence[Token], index: int) -> bool:
    """ "The footage showed", "AFP images from the region showed", "a review of radar data
    showed": the subject before the verb names a piece of evidence."""
    subject = source_before(tokens, index)
    if subject is None:
        return False
    words = [token.lower for token in tokens[subject.start : subject.end]]
    if any(word in CUES.gerunds for word in words):
        return False  # "reports urging new rules": a participle clause, no subject
    relative = tokens[index - 1].lower in {"that", "which"}  # "responding to a report that"
    before = tokens[subject.start - 1] if subject.start > 0 else None
    governed = before is not None and before.text in _PREPOSITIONS  # not "In March figures"
    if governed and not relative:
        return False  # "a fine for filing campaign finance reports": an object, no subject
    return any(word in CUES.evidence_nouns for word in words)


def _speaker_before_infinitive(tokens: Sequence[Token], index: int) -> bool:
    """ "The mayor vows to fight the cuts", "Mayor Pledges to Cut Taxes": a homograph that
    takes a to-infinitive, right after a noun of someone who speaks (a role, an organisation
    or a name) and before "to" and a verb, is that speaker's verb; "campaign promises to cut
    taxes" and "his pledges to" stay nouns."""
    if index == 0 or index + 2 >= len(tokens) or tokens[index + 1].lower != "to":
        return False
    if CUES.lemmas.get(tokens[index].lower) not in CUES.to_infinitive:
        return False
    previous = tokens[index - 1]
    speaker = previous.lower in ROLE_NOUNS or previous.lower in ORGANISATION_WORDS
    name = previous.is_capitalized and index > 1  # not a capital that only opens the sentence
    return (speaker or name) and tokens[index + 2].is_word


def _is_verb_after_subject(tokens: Sequence[Token], index: int) -> bool:
    """ "Reuters reports", "they claim": after a name within the sentence or a pronoun, a
    word that may be a noun ("reports", "claim") is the verb."""
    if index == 0:
        return False
    previous = tokens[index - 1]
    if previous.lower in CLAUSE_SUBJECTS:
        return True  # "they claim"
    if previous.lower == "who":
        return True  # "residents who blame the army", "developers who claim they are ..."
    if previous.lower == "which":
        # "which says it ...", not "which documents attacks": an organisation's activity
        return clause_follows(tokens, index + 1, strict=False)
    if not previous.is_capitalized or previous.lower in CATEGORY_NOUNS:
        return False
    if index == 1 and previous.lower in ROLE_NOUNS:
        return False  # "Media reports": a capital that only opens the sentence
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    if following is None or following.lower in ORGANISATION_WORDS:
        return False  # "Syrian state TV quoted": a noun modifying an organisation
    if following.text in _SENTENCE_ENDS:
        return _ends_postposed_attribution(tokens, index)
    return (  # "Reuters reports the ...", not "state television"
        following.lower in DETERMINERS
        or following.lower in CLAUSE_SUBJECTS
        or following.is_capitalized
        or following.is_digit
    )


def _ends_postposed_attribution(tokens: Sequence[Token], index: int) -> bool:
    """ "The army took the town, FNA reports.": a name's verb in the third person that ends
    the sentence after the content; not a noun after a preposition or a cue ("according to
    FNA reports.", "citing FNA reports."), nor a plain form ("the Observatorys report.", "a
    Labour Party figure.")."""
    if CUES.lemmas.get(tokens[index].lower) == tokens[index].lower:
        return False
    subject = noun_phrase_before(tokens, index)
    if subject is None or subject[0] == 0:
        return False
    before = tokens[subject[0] - 1]
    return before.text == "," or not (before.lower in NP_STOP_WORDS or before.lower in CUES.gerunds)


def is_negated(tokens: Sequence[Token], index: int) -> bool:
    """ "did not confirm", "never said", "couldn't specify": a negation among the auxiliaries
    right before the cue."""
    for position in range(index - 1, max(-1, index - _NEGATION_WINDOW), -1):
        word = tokens[position].lower.replace("\u2019", "'")
        if word in {"not", "never"} or word.endswith("n't") or word in UNMARKED_NEGATIONS:
            return True
        if word not in AUXILIARIES and not is_adverb(word):
            return False
    return False


def _infinitive_complement(word: str, following: str) -> bool:
    """ "expects to", "vowed to": an infinitive complement, not "added to", "spoke to"."""
    return following == "to" and CUES.lemmas.get(word) in CUES.to_infinitive


def has_complement(
    tokens: Sequence[Token], index: int, word: str, cue_class: str | None = None
) -> bool:
    """Whether the cue at ``index`` reports something: any following words for a speech or
    judgement verb, a clause for the others; an aside (", he added."), a quotation after a
    comma and a "that" after a relay aside (", citing two officials, that") always."""
    if past_relay_aside(tokens, index + 1) > index + 1:
        return True  # "reported, citing two officials, that ...": the clause comes after
    cue_class = cue_class or CUES.gerunds.get(word) or CUES.finite.get(word, SPEECH)
    if cue_class == DIRECTIVE:
        return _object_then_infinitive(tokens, index + 1)
    if _quotation_follows(tokens, index + 1, bare=cue_class != CLAUSE):
        return True  # 'She said, "It is a problem."', 'said "It is a problem."'
    if ends_clause_at(tokens, index + 1):
        return _is_aside(tokens, index)
    if infinitive_after_adjunct(tokens, index + 1) is not None:
        return True  # "vowed on Friday to press on"
    if cue_class != CLAUSE and _only_adverbials_after(tokens, index + 1):
        return _is_aside(tokens, index)  # "Sutter conceded on Monday morning.": no object
    if cue_class != CLAUSE:
        following = tokens[index + 1].text if index + 1 < len(tokens) else ","
        return following == ":" or following not in CLAUSE_PUNCTUATION
    if clause_follows(tokens, index + 1, strict=False):
        return True
    if CUES.lemmas.get(word) in _PAST_CLAUSE_LEMMAS and past_clause_follows(tokens, index + 1):
        return True  # "Scientists believe the outbreak began ...": no "that", a past
    progressive = index > 0 and tokens[index - 1].lower in BE_FORMS  # "are expecting a baby"
    following = tokens[index + 1].lower if index + 1 < len(tokens) else ""
    if CUES.lemmas.get(word) in _DESIRE_LEMMAS and following in ARTICLES:
        return True  # "Riyadh wanted a deal before Ramadan": what is wanted
    expected = CUES.lemmas.get(word) in EXPECTATION_LEMMAS and not progressive
    if expected and following in DETERMINERS and following not in PRONOMINAL_DETERMINERS:
        return True  # "Markets had expected the decision": the event expected
    # "noted on Tuesday that", "ruled Friday that", "ruled 5-4 on Thursday that"
    dated = past_day(tokens, past_tally(tokens, index + 1, CUES.lemmas.get(word)))
    if dated > index + 1 and clause_follows(tokens, dated, strict=True):
        return True
    return _opinion_with_as(tokens, index)


def _object_then_infinitive(tokens: Sequence[Token], start: int) -> bool:
    """An addressee, then its to-infinitive: "Congress to adopt", "residents of the area to
    leave", "him to resign". The object holds only words, none a verb group's, and ends in a
    noun that can act or an object pronoun, not "new jets to replace" (a purpose) nor "the
    money to local charities"."""
    for position in range(start + 1, min(len(tokens) - 1, start + _DIRECTIVE_OBJECT + 1)):
        token = tokens[position]
        if token.lower == "to":
            following = tokens[position + 1]
            head = _object_head(tokens, start + 1, position)
            acts = can_make_claims(head) or head.lower in OBJECT_PRONOUNS
            return acts and following.text[0].islower() and following.lower not in DETERMINERS
        if not token.is_word or starts_verb(tokens, position):
            return False
    return False


def _object_head(tokens: Sequence[Token], start: int, end: int) -> Token:
    """The head of an object phrase: the word before its first preposition ("all sides in the
    war", "residents of the area"), else its last word."""
    for position in range(start + 1, end):
        if tokens[position].lower in POSTMODIFIER_PREPOSITIONS:
            return tokens[position - 1]
    return tokens[end - 1]


def _only_adverbials_after(tokens: Sequence[Token], index: int) -> bool:
    """Whether only an adverbial of time or place (opened by a preposition, or by an adverb
    before one: "shortly before midnight") runs from ``index`` to the clause's end."""
    if index < len(tokens) and is_adverb(tokens[index].lower):
        index += 1
    if index >= len(tokens) or tokens[index].lower in DETERMINERS:
        return False  # "condemned this heinous crime": an object, not "this week"
    if not adverbial_tail(tokens, index):
        return False
    for position in range(index, len(tokens)):  # a short tail: adverbial_tail bounds it
        token = tokens[position]
        if token.text in CLAUSE_PUNCTUATION:
            break
        if token.lower in FINITE_MARKERS or token.lower in CLAUSE_SUBJECTS:
            return False  # "said on Tuesday it would open": a clause after the day
    return True


def _quotation_follows(tokens: Sequence[Token], index: int, *, bare: bool) -> bool:
    """A quotation opens after a comma at ``index``, or (when ``bare``, for a verb of speech or
    judgement) right at ``index``: the verb's direct speech."""
    if index < len(tokens) and tokens[index].text == ",":
        index += 1
    elif not bare:
        return False
    return index < len(tokens) and opens_quotation(tokens, index)


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
            if matches(tokens, position + 1, ("a", "result")):
                return False
            return following.lower not in _AS_ADVERBS and (
                following.is_word or following.text in QUOTES
            )
        if not (token.is_word or token.text in APOSTROPHES) or token.lower in NP_STOP_WORDS:
            return False
    return False


# Words that open a subordinate clause whose own verb ends the sentence: "denied that he
# knew", "the plan which he backed".
_SUBORDINATE_OPENERS = frozenset({"that", "which", "whom"})


def _is_aside(tokens: Sequence[Token], index: int) -> bool:
    """ "..., he added." and "The toll, the agency said, is ...": a cue that ends its clause
    reports the words before its subject, so some must stand there ("We will respond," has
    none: "respond" reports nothing)."""
    position = skip_back_over_adverbs(tokens, index - 1)
    phrase = noun_phrase_before(tokens, position + 1)
    start = phrase[0] if phrase is not None else position + 1
    quotation_follows = index + 2 < len(tokens) and tokens[index + 2].text in QUOTES
    subordinate = (
        phrase is not None and start > 0 and tokens[start - 1].lower in _SUBORDINATE_OPENERS
    )
    if subordinate and not quotation_follows:
        return False  # "He has denied that he knew.": the verb of a subordinate clause
    if (
        phrase is not None
        and start > 1
        and tokens[start - 1].lower in CUES.pasts
        and opens_subject(tokens[start])
    ):
        # "Bloomberg said he had not decided.": the clause another cue reports; but a passive
        # ends the content of an aside ("no casualties were reported the source confirmed"),
        # and "informed sources said" is a participle before its noun
        return tokens[start - 2].lower in BE_FORMS
    if skip_introduction(tokens, start) >= start:
        # "On Friday, the ministry said.": an introduction is no content, unless the content
        # goes on after the cue ("At current rates, Bridenstine said, there will be ...")
        return start > 0 and resumes_content(tokens, index + 1)  # not "You see, ..."
    return any(token.is_word or token.is_digit for token in tokens[:start])


def addressed_passive(tokens: Sequence[Token], index: int) -> bool:
    """Whether the participle at ``index`` is the passive of a verb whose object is the
    addressee, before the clause it reports ("The court was told that ...", "was told on
    Monday that", "Residents were warned to stay indoors", "Families were told the decision
    was ..."): the addressee is its subject, the clause its content, and an agent ("told by
    doctors") no clause."""
    if CUES.lemmas.get(tokens[index].lower) not in CUES.addressing:
        return False
    after = past_day(tokens, index + 1)
    if after < len(tokens) and tokens[after].lower in {"that", "to"}:
        return True
    following = tokens[after].lower if after < len(tokens) else ""
    return after == index + 1 and following != "by" and clause_follows(tokens, after, strict=False)


def absolute_subject_before(tokens: Sequence[Token], index: int) -> bool:
    """Whether a pronoun of a part stands right before the participle at ``index`` as its own
    subject, after "with", "and" or a comma: the absolute clauses of "Experts were divided,
    with some saying ... and others warning ...", "some celebrating and others denouncing"
    (Quirk et al. 1985, 15.58). A plural noun after the -ing word makes it a modifier of
    that noun, and the pronoun a determiner ("with some warning signs", "some reporting
    requirements"); "those asking for asylum" is post-modified, not an absolute clause."""
    if index < 2 or tokens[index - 1].lower not in _ABSOLUTE_SUBJECTS:
        return False
    if tokens[index - 2].lower not in _ABSOLUTE_OPENERS:
        return False
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    return following is None or not (
        following.is_word and not following.is_capitalized and is_plural_noun(following.lower)
    )


def opens_participle(tokens: Sequence[Token], index: int) -> bool:
    """ "..., saying", "and warning", "while insisting", and where commas were stripped
    "rejected the truce accusing Washington": a participle clause starts here, not a noun
    ("the warning", "a saying") or a preposition's object ("for saying")."""
    if index == 0:
        return False
    previous = tokens[index - 1]
    if previous.text == "," or previous.lower in PARTICIPLE_OPENERS:
        return True
    if absolute_subject_before(tokens, index):
        return True  # "with some saying", "and others warning": the participle's own subject
    closing_quote = previous.text in QUOTES and not opens_quotation(tokens, index - 1)
    if closing_quote and CUES.gerunds.get(tokens[index].lower) == CLAUSE:
        # '... at the current moment" adding that ...': the comma after the quotation stripped
        return clause_follows(tokens, index + 1, strict=True)
    if not previous.is_word or previous.lower in DETERMINERS or previous.lower in NP_STOP_WORDS:
        return False
    following = tokens[index + 1].lower if index + 1 < len(tokens) else ""
    object_gerund = previous.lower in _GERUND_PREPOSITIONS or previous.lower in CUES.gerund_takers
    if object_gerund and following != "that":
        return False  # "accused him of offering", "denied supporting": a gerund object
    if previous.lower.endswith(POSSESSIVE) or previous.lower.endswith(_COMPOUND_PARTICIPLES):
        return False  # "the UK-based opposing Syrian Observatory": an adjective of the name
    clause = CUES.gerunds.get(tokens[index].lower) == CLAUSE
    return not clause or clause_follows(tokens, index + 1, strict=True)  # "adding that"
