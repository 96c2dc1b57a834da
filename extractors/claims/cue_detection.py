"""Which tokens of a sentence are reporting cues, and in which role.

The inventory (``cues``) lists the words that may be cues; this module scans a sentence once,
left to right, and tests each candidate in context: phrase cues ("according to", "citing"),
hearsay adverbs and adjectives ("reportedly", "an alleged attack"), stance adjectives
("confident that"), passives ("it was reported that", "prisoners said to be officers"), noun
cues ("Moscow's claim that", "amid reports that") and, through ``verb_cues``, finite verbs and
participles. The role it gives each cue ("finite", "after", "participle", "passive", "noun",
"hearsay", ...) tells ``attribution`` where to look for the source and the content. A token that
opens no cue costs one set lookup.
"""

from __future__ import annotations

from collections.abc import Sequence

from extractors.claims.attribution_record import Cue
from extractors.claims.cues import CLAUSE, CUES, JUDGEMENT, SPEECH
from extractors.claims.lexicon import (
    AUXILIARIES,
    BE_FORMS,
    CLAUSE_SUBJECTS,
    DETERMINERS,
    EXPECTATION_LEMMAS,
    FINITE_MARKERS,
    IRREGULAR_PASTS,
    LINKING_VERBS,
    MEASURE_NOUNS,
    MONTHS,
    NP_STOP_WORDS,
    OUTCOME_ADJECTIVES,
    OUTCOME_WORDS,
    PASSIVE_COMPLEMENTS,
    PASSIVE_HEDGES,
    PERFECT_AUXILIARIES,
    POSSESSIVE_PRONOUNS,
    PRONOUN_SOURCES,
    QUALIFIERS,
    STANCE_PREPOSITIONS,
    TENS,
    TIME_WORDS,
    UNITS,
    VAGUE_COUNTS,
    WEEKDAYS,
    word_set,
)
from extractors.claims.source_spans import MAX_SOURCE_AFTER
from extractors.claims.token_checks import (
    POSSESSIVE,
    QUOTES,
    adverbial_tail,
    clause_follows,
    ends_clause_at,
    has_past_form,
    is_adverb,
    is_past_verb,
    matches,
    opens_deadline,
    past_day,
)
from extractors.claims.tokens import Token
from extractors.claims.verb_cues import (
    addressed_passive,
    claims_lives,
    finite_cue,
    follows_evidence,
    has_complement,
    is_negated,
    labelling_cue,
    opens_participle,
)

# Words after which a bare cue noun with a "that" clause is a claim nobody named holds: a
# preposition ("amid reports that", "despite claims that", "rose on fears that") or a verb of
# response or citing ("rejected criticism that", "denied allegations that", "raised fears
# that", "citing concerns that").
# Prepositions before a noun phrase of cue nouns that nobody in it holds ("amid reports").
_NOUN_OPENING_PREPOSITIONS = frozenset(
    {"amid", "despite", "over", "about", "following", "after", "against", "on"}
)
BARE_NOUN_CUE_OPENERS = frozenset(
    _NOUN_OPENING_PREPOSITIONS
    | {"rejected", "dismissed", "denied", "refuted", "rebuffed", "raised", "fuelled", "fueled"}
    | {"sparked", "prompted", "echoed", "repeated", "reiterated", "acknowledged", "addressed"}
    | {"citing", "cited"}
)
_AS_SAYING = ("as", "saying")
_NEGATIVE_OR_ANY = frozenset({"no", "any"})  # "no claims of responsibility": none made
# "as one official put it": a comment clause of attribution (Quirk et al. 1985, 15.53) whose
# verb reports nothing elsewhere ("put it on the table").
_PUT_FORMS = frozenset({"put", "puts"})
_MAX_AS_SUBJECT = 6  # words between "as" and "put it"
_FIGURE_NOUNS = word_set("toll tally figure number count total estimate")
# "gave a higher figure", "have given a lower toll": the giving of an estimate.
_GIVE_FORMS = word_set("give gives gave given giving")
_GIVEN_FIGURE_DETERMINERS = word_set("a an the its their")
# Not "total" or "number", which "give" hands over as amounts ("gave a total of $40 million").
_GIVEN_FIGURE_NOUNS = _FIGURE_NOUNS - {"total", "number"}
_MAX_GIVEN_FIGURE = 4  # words from "gave" to its figure noun: "a much higher death toll"
_SHARE_MARKS = word_set("percent per %")  # "put the party at 36 percent", "on 31.5 per cent"
_FIGURE_COMPARISONS = word_set("higher lower above below closer nearer")  # "put the toll higher"
# A count's first word: a number word or a qualifier ("at least", "more than", "some").
_FIGURE_VALUE_STARTS = frozenset(
    {*UNITS, *TENS, *VAGUE_COUNTS, *(qualifier[0] for qualifier in QUALIFIERS), "least"}
)
_MAX_JUDGEMENT_MODIFIERS = 5  # "faced stiff international and Palestinian criticism"
_INSIDE_JUDGEMENT_OBJECT = word_set("of with and")  # "drew a lot of", "met with", "A and B"
_JUDGEMENT_PREPOSITIONS = word_set("among amid amidst over for of about across throughout")
_MAX_FIGURE_OBJECT = 16  # "the total death toll from conflict - now in its sixth year - at"
_REPORTING_CLASSES = frozenset({SPEECH, JUDGEMENT})
# The agent of a nominalisation ("criticism from the government"); after a participle they
# make it a noun with its agent or a place ("reporting by", "reporting from Beirut"): a credit
# line or a dateline, nothing reported.
AGENT_PREPOSITIONS = frozenset({"from", "by"})
MAX_AGENT_PHRASE = 8  # words of "from the international community" before its "that"


def find_cues(tokens: Sequence[Token]) -> list[Cue]:
    """The sentence's cues, left to right; a cue's own tokens open no other cue ("according
    to": "to" is not tested again)."""
    cues: list[Cue] = []
    index = 0
    while index < len(tokens):
        cue = _cue_at(tokens, index)
        if cue is None:
            index += 1
        else:
            cues.append(cue)
            index = cue.end
    return cues


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


def _followed_by_agent(tokens: Sequence[Token], index: int) -> bool:
    """Whether "by" stands at ``index``, right after a phrasal cue: its participle is passive."""
    return index < len(tokens) and tokens[index].lower == "by"


def phrases_at(tokens: Sequence[Token], index: int) -> tuple[tuple[tuple[str, ...], str], ...]:
    word = tokens[index].lower
    if word not in CUES.phrases:
        return ()
    second = tokens[index + 1].lower if index + 1 < len(tokens) else ""
    return _PHRASES_BY_PAIR.get((word, second), ()) + _PHRASES_BY_PAIR.get((word, ""), ())


_CUE_STARTS = frozenset(
    {
        *CUES.phrases,
        *CUES.nouns,
        *CUES.received_nouns,
        *CUES.gerunds,
        *CUES.finite,
        *CUES.participles,
        *CUES.labelling,
        *CUES.hearsay,
        *CUES.hearsay_adjectives,
        *CUES.adjectives,
        *LINKING_VERBS,
        "as",  # "quoted a source as saying"
        *_PUT_FORMS,  # "as one official put it"
        *_GIVE_FORMS,  # "gave a higher figure"
    }
)
# Prepositions that end a cue phrase ("insisted on", "warned about", "called for").
_PHRASE_PREPOSITIONS = frozenset({"on", "about", "of", "for", "against", "upon"})
_MEASURE_MODIFIERS = frozenset({"basis", "percentage"})  # "50 basis points"
# Judgement verbs whose passive ascribes rather than judges ("The statement was attributed to
# an official", "The refund was credited to his account"): cues in the active only.
_ACTIVE_ONLY_LEMMAS = frozenset({"credit", "attribute"})
# "I'm", "they're", "he's": a subject with its be-form as one token.
_CONTRACTED_BE = ("'m", "'re", "'s", "\u2019m", "\u2019re", "\u2019s")
# Subjects that hold no belief: "it is clear that", "there is hope that", "this is sure to".
_EXPLETIVES = word_set("it there this that what which")


def _cue_at(tokens: Sequence[Token], index: int) -> Cue | None:
    token = tokens[index]
    word = token.lower
    if word not in _CUE_STARTS:  # most tokens: one lookup
        return None
    if word in _PUT_FORMS and _puts_it_in_comment(tokens, index):
        return Cue(index, index + 2, "finite")
    if word in _PUT_FORMS and _puts_a_figure(tokens, index):
        return Cue(index, index + 1, "finite")
    if word in _GIVE_FORMS and _gives_a_figure(tokens, index):
        return Cue(index, index + 1, "finite")
    if word in _GIVE_FORMS and _poll_gives_a_share(tokens, index):
        return Cue(index, index + 1, "finite")  # "Exit polls gave the BJP a narrow edge"
    if word in CUES.hearsay:
        # "Troops reportedly fired"; in "X allegedly said Y" the adverb reports the saying and
        # the verb, a cue of its own, reports Y.
        return Cue(index, index + 1, "hearsay")
    if word in CUES.hearsay_adjectives and _is_attributive(tokens, index):
        return Cue(index, index + 1, "hearsay_adjective")  # "an alleged attack"
    for words, role in phrases_at(tokens, index):
        if role != "after" and _after_indefinite_article(tokens, index):
            continue  # "during a phone call on Sunday": a noun, not "call on"
        if word in MEASURE_NOUNS and _counted(tokens, index):
            break  # "by 50 basis points to 11.25 percent": a measure, not "points to"
        if _adjunct_after_phrase(tokens, index + len(words)):
            continue  # "insisted on Tuesday that": "on" opens a time, not the verb's object
        if word in CUES.nouns and _noun_after_modifier(tokens, index):
            # "There were fresh calls for a truce", "Growing calls for": the noun
            return Cue(index, index + 1, "noun") if _is_noun_cue(tokens, index) else None
        if (role == "after" or token.text[0].islower()) and matches(tokens, index, words):
            if role == "participle" and index > 0 and tokens[index - 1].lower in BE_FORMS:
                role = "finite"  # "are asking for", "is warning of": a progressive
            elif role == "participle" and not opens_participle(tokens, index):
                continue
            if _followed_by_agent(tokens, index + len(words)):
                continue  # "Troops backed up by tanks stormed the town": a passive participle
            if role == "finite" and _is_passive_participle(tokens, index):
                # a passive, whose subject is no source: "it had been made clear that" reports
                # its clause, "The case was referred to the court" nothing
                if clause_follows(tokens, index + len(words), strict=True):
                    return Cue(index, index + len(words), "passive")
                break  # "has been described as among the worst": the verb's own passive
            return Cue(index, index + len(words), role)
    if index == 0 and word in CUES.nouns and _opens_bare_noun_clause(tokens):
        return Cue(index, index + 1, "noun")  # "Allegations that the coach ... have dogged"
    if not token.text[0].islower() and not _in_headline(tokens, index):
        return None  # "Said" is a name; "Reports" a headline's word unless between its words
    following = tokens[index + 1].lower if index + 1 < len(tokens) else ""
    if word in LINKING_VERBS and following in CUES.adjectives:  # "remained confident that"
        adjective = _adjective_cue(tokens, index + 1)
        return None if adjective is None else Cue(index, adjective.end, adjective.role)
    if word in CUES.adjectives:
        return _adjective_cue(tokens, index)
    previous = tokens[index - 1].lower if index > 0 else ""
    if word in CUES.labelling:
        return labelling_cue(tokens, index)
    if word in CUES.received_nouns and reception_verb_before(tokens, index) is not None:
        return Cue(index, index + 1, "received")  # "the move drew criticism from Democrats"
    if word in CUES.nouns and _is_noun_cue(tokens, index):
        return Cue(index, index + 1, "noun")
    if word in CUES.gerunds:
        if previous in BE_FORMS:  # "is saying"
            return finite_cue(tokens, index, CUES.gerunds[word])
        if following in AGENT_PREPOSITIONS:
            return None  # "Additional reporting by X", "TRT World reporting from Istanbul"
        if claims_lives(tokens, index):
            return None  # ", claiming the lives of 40": a toll, not a claim
        if _after_evidence_noun(tokens, index) and has_complement(tokens, index, word, SPEECH):
            return Cue(index, index + 1, "evidence")  # "footage showing people running"
        if opens_participle(tokens, index) and has_complement(tokens, index, word):
            return Cue(index, index + 1, "participle")
        return None
    if word == "as" and following == "saying":
        return _quoted_as_saying(tokens, index)
    if previous in BE_FORMS or _after_be_and_adverb(tokens, index):
        if CUES.lemmas.get(word) == "quote" and matches(tokens, index + 1, _AS_SAYING):
            return Cue(index, index + 3, "finite")  # "X was quoted as saying": X said it
        if CUES.lemmas.get(word) == "quote" and following == "by":
            for position in range(index + 2, min(len(tokens) - 1, index + MAX_SOURCE_AFTER)):
                if matches(tokens, position, _AS_SAYING):  # "was quoted by Reuters as saying"
                    return Cue(index, position + 2, "finite")
        if CUES.lemmas.get(word) in _ACTIVE_ONLY_LEMMAS:
            return None  # "was attributed to an official", "was credited to his account"
        if word in CUES.participles:
            return _passive_cue(tokens, index)
        return None
    if word in PASSIVE_HEDGES and _is_reduced_passive(tokens, index):
        return Cue(index, index + 1, "passive")
    if following == "of" and word == "accused":  # no object: a passive, its subject the accused
        return Cue(index, index + 1, "passive")  # "Assad accused of releasing prisoners"
    if following == "by" and _is_reduced_relative(tokens, index):
        return Cue(index, index + 1, "reduced")  # "a ceasefire announced by Russia"
    cue_class = CUES.finite.get(word)
    if cue_class is None and _perfect_of_clause_verb(tokens, index):
        cue_class = CLAUSE  # "Polls have shown", "had long known": active, reporting a clause
    if cue_class is None:
        return None
    return finite_cue(tokens, index, cue_class)


def _counted(tokens: Sequence[Token], index: int) -> bool:
    """Whether a number counts the noun at ``index``, right before it or before a measure's
    modifier ("two points", "50 basis points"; not "The 2023 census points to")."""
    position = index - 1
    if position > 0 and tokens[position].lower in _MEASURE_MODIFIERS:
        position -= 1
    if position < 0:
        return False
    token = tokens[position]
    return token.is_digit or token.lower in UNITS or token.lower in TENS


def _adjunct_after_phrase(tokens: Sequence[Token], end: int) -> bool:
    """Whether the phrase's preposition before ``end`` opens an adjunct instead ("insisted on
    Tuesday that", "warned about 300 families", "warned of course that"): a number after
    "about", "course" after "of", or a day, a month or a time word before the verb's clause
    ("called on Friday for calm" keeps its phrase)."""
    if end >= len(tokens) or end == 0 or tokens[end - 1].lower not in _PHRASE_PREPOSITIONS:
        return False
    preposition, word = tokens[end - 1].lower, tokens[end].lower
    if preposition == "about" and (tokens[end].is_digit or word in UNITS or word in TENS):
        return True  # "about 300 families": "about" is "around"
    if preposition == "of" and word == "course":
        return True
    timed = word in WEEKDAYS or word in MONTHS or word in TIME_WORDS
    return timed and clause_follows(tokens, end + 1, strict=True)  # "on Tuesday that"


def _perfect_of_clause_verb(tokens: Sequence[Token], index: int) -> bool:
    """A participle that has no past form of its own ("shown", "known", "proven") after a
    perfect's "have", an adverb between ("has long shown"): an active verb that reports a
    clause. Perception is left out: "he had not seen the emails" reports nothing."""
    word = tokens[index].lower
    if CUES.participles.get(word) != CLAUSE or CUES.lemmas.get(word) in _PERCEPTION_LEMMAS:
        return False
    position = index - 1
    if position > 0 and is_adverb(tokens[position].lower):
        position -= 1
    return position >= 0 and tokens[position].lower in PERFECT_AUXILIARIES


# Verbs of belief whose passive with an outcome adjective reports the outcome as believed:
# "are feared dead", "is presumed dead", "were believed killed".
_BELIEF_LEMMAS = word_set("believe fear presume think assume suspect")
_PERCEPTION_LEMMAS = word_set("see")  # the perception verb with a participle of its own
_PROSPECTIVE_MARKERS = word_set("will would shall should could may might must can to")
_TITLE_CASE_FUNCTION_WORDS = word_set(
    "a an the and or but of to in on at for by with from as via against into over after"
)
_NAME_LEMMAS = word_set("state")  # "United States", "Islamic State"
# Words after a headline's verb that must be in title case, up to the sentence's end: "Simon
# Says Games Inc announced" is a name in running text.
_HEADLINE_WINDOW = 4
_MIN_HEADLINE_WORDS = 2


def _after_evidence_noun(tokens: Sequence[Token], index: int) -> bool:
    """ "footage showing people running", "a photo showing a family": an evidence verb's
    participle right after a piece of evidence post-modifies it, and reports what the
    evidence shows, as its finite verb does."""
    word = tokens[index].lower
    return (
        index > 0
        and tokens[index - 1].lower in CUES.evidence_nouns
        and CUES.lemmas.get(word) in CUES.evidence
    )


def _in_headline(tokens: Sequence[Token], index: int) -> bool:
    """ "ISIL Claims Beheading of 18 Syrians", "Britons Support Germans Oppose Airstrikes": a
    capitalised finite cue between a capitalised subject and words in title case (a headline,
    where every word but the short function words is capitalised) is a verb, not a name."""
    if index == 0 or not tokens[index - 1].is_capitalized or not tokens[index - 1].is_word:
        return False
    previous = tokens[index - 1].lower
    if previous in CUES.finite and CUES.lemmas.get(previous) not in _NAME_LEMMAS:
        return False  # "Minister Denies Report On ...": a headline has one verb
    word = tokens[index].lower
    if word not in CUES.finite or word in CUES.pasts or CUES.lemmas.get(word) in _NAME_LEMMAS:
        return False  # headlines report in the present; "Said", "State" are in names
    following = tokens[index + 1 : index + 1 + _HEADLINE_WINDOW * 2]
    words = [token for token in following if token.is_word][:_HEADLINE_WINDOW]
    return len(words) >= _MIN_HEADLINE_WORDS and all(
        token.is_capitalized or token.lower in _TITLE_CASE_FUNCTION_WORDS for token in words
    )


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


def _is_reduced_relative(tokens: Sequence[Token], index: int) -> bool:
    """ "A 48-hour ceasefire announced by Russia", "pauses declared by Damascus": the past
    participle of a verb of communication or judgement right after a noun, with its agent,
    is a reduced passive relative clause (Quirk et al. 1985, 17.28): the agent said or judged
    the noun phrase. A past tense with a "by" phrase of manner ("announced by telephone")
    names nobody and is left to the agent test of the attribution."""
    if index == 0 or CUES.participles.get(tokens[index].lower) not in _REPORTING_CLASSES:
        return False
    noun = tokens[index - 1]
    word = noun.lower
    return (
        noun.is_word
        and word not in DETERMINERS
        and word not in NP_STOP_WORDS
        and word not in BE_FORMS
        and word not in AUXILIARIES
        and word not in FINITE_MARKERS
        and word not in PRONOUN_SOURCES
        and word not in CUES.finite
        and not is_adverb(word)
    )


def _adjective_cue(tokens: Sequence[Token], index: int) -> Cue | None:
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
    if following != "to" and not clause_follows(tokens, index + 1, strict=False):
        return None
    return Cue(index, index + 1, "finite")


def _skip_back_over_adverbs_only(tokens: Sequence[Token], position: int) -> int:
    """Past "not", "very", "increasingly" between a copula and its adjective."""
    while position >= 0 and (tokens[position].lower == "not" or is_adverb(tokens[position].lower)):
        position -= 1
    return position


def _is_passive_participle(tokens: Sequence[Token], index: int) -> bool:
    """A past form right after a be-form, or after one and an adverb ("was referred to",
    "had been formally pointed out")."""
    if not has_past_form(tokens[index].lower) or index == 0:
        return False
    return tokens[index - 1].lower in BE_FORMS or _after_be_and_adverb(tokens, index)


def _after_be_and_adverb(tokens: Sequence[Token], index: int) -> bool:
    """ "was widely reported", "is also believed", "was on Monday accused": a be-form and one
    adverb or a day before."""
    if index > 1 and tokens[index - 2].lower in BE_FORMS and is_adverb(tokens[index - 1].lower):
        return True
    for be in range(max(0, index - 3), index - 1):
        if tokens[be].lower in BE_FORMS and past_day(tokens, be + 1) == index:
            return True
    return False


def _quoted_as_saying(tokens: Sequence[Token], index: int) -> Cue | None:
    """ "as saying" in "SANA quoted a military source as saying ...": the quoted party's own
    attribution, nested in the quoting one; its source lies between "quoted" and "as"."""
    for position in range(index - 1, max(-1, index - 1 - MAX_SOURCE_AFTER), -1):
        if CUES.lemmas.get(tokens[position].lower) == "quote":
            return Cue(index, index + 2, "quoted") if position < index - 1 else None
    return None


# What opens the time of an expected event after "is expected": prepositions and adverbs of
# time (Quirk et al. 1985, 8.50-8.58), weekdays and months; "by" is told from an agent apart.
_EXPECTED_TIME_OPENERS = (
    word_set(
        "within for next this later soon shortly early late when before after until around "
        "sometime tomorrow today tonight imminently"
    )
    | WEEKDAYS
    | MONTHS
)


def _passive_cue(tokens: Sequence[Token], index: int) -> Cue | None:
    """ "It was reported that", "are believed to have died", "was quoted as saying": a cue
    without a stated source, unless "by X" names it."""
    following = tokens[index + 1].lower if index + 1 < len(tokens) else ""
    expected = CUES.lemmas.get(tokens[index].lower) in EXPECTATION_LEMMAS
    expected = expected and not _compared(tokens, index)  # "as had been expected for weeks"
    if expected and _expectation_time_follows(tokens, index + 1):
        return Cue(index, index + 1, "passive")  # "Provisional results are expected by Tuesday"
    clause_verb = CUES.participles.get(tokens[index].lower) == CLAUSE
    if following == "by" and clause_verb and not _as_complement_after_agent(tokens, index + 2):
        return None  # "it would be ruled by sharia": governed; "is seen by him as" judges
    if following in PASSIVE_COMPLEMENTS or following in QUOTES:
        return Cue(index, index + 1, "passive")
    dated = past_day(tokens, index + 1)
    if dated < len(tokens) and tokens[dated].lower == "that":
        return Cue(index, index + 1, "passive")  # "It was announced (on) Tuesday that"
    if addressed_passive(tokens, index):
        return Cue(index, index + 1, "passive")  # "Families were told the decision was ..."
    believed = CUES.lemmas.get(tokens[index].lower) in _BELIEF_LEMMAS
    if believed and following in OUTCOME_ADJECTIVES and following in OUTCOME_WORDS:
        return Cue(index, index + 1, "passive")  # "are feared dead", not "was found dead"
    if expected and (ends_clause_at(tokens, index + 1) or adverbial_tail(tokens, index + 1)):
        return Cue(index, index + 1, "passive")  # "He is expected in court on Monday"
    if CUES.participles.get(tokens[index].lower) != SPEECH:
        return None
    if _is_prospective(tokens, index):
        return None  # "The plan will be announced on Monday": nothing is said yet
    if ends_clause_at(tokens, index + 1):
        # "..., it was reported.", "the toll rose to 40, as was announced.": a passive that
        # ends its clause reports the clause it closes or its own subject's
        return Cue(index, index + 1, "passive")
    # "Six people were reported killed", "16 airstrikes were reported late Saturday": a
    # communication verb whose clause ends, or names an outcome, reports the whole clause.
    reports_outcome = following in OUTCOME_WORDS or following in OUTCOME_ADJECTIVES
    if reports_outcome or not following or adverbial_tail(tokens, index + 1):
        return Cue(index, index + 1, "passive")
    return None


def _compared(tokens: Sequence[Token], index: int) -> bool:
    """A passive in a clause of comparison, which reports nothing: "as had been expected",
    "than was expected"."""
    position = index - 1
    while position >= 0 and (
        tokens[position].lower in BE_FORMS or tokens[position].lower in AUXILIARIES
    ):
        position -= 1
    return position >= 0 and tokens[position].lower in {"as", "than"}


def _expectation_time_follows(tokens: Sequence[Token], index: int) -> bool:
    """A time adverbial right after a passive of expectation, which then reports the expected
    event ("A ruling is expected within 60 days", "by the end of June", "next year", "when
    the budget returns"): a preposition or adverb of time, or "by" before a time rather than
    an agent ("expected by analysts to")."""
    if index >= len(tokens):
        return False
    word = tokens[index].lower
    if word in _EXPECTED_TIME_OPENERS:
        return True
    return opens_deadline(tokens, index)


def _noun_after_modifier(tokens: Sequence[Token], index: int) -> bool:
    """Whether a cue noun that also opens a verb phrase ("calls for") is the noun, with no
    subject before it: in an existential ("There were calls for"), or after one lower-case
    modifier that follows a be-form or a preposition ("There were fresh calls", "despite
    mounting calls") or opens the sentence in "-ing" ("Growing calls for an inquiry"), or as
    a past verb's object ("Activists renewed calls for"). A verb's subject stands there
    instead ("The UN calls for"); after a possessor the phrase keeps it as its source
    ("Moscow's calls for a truce")."""
    if index == 0:
        return False
    previous = tokens[index - 1]
    word = previous.lower
    before = tokens[index - 2].lower if index > 1 else ""
    if word in BE_FORMS:
        return before == "there"
    if not previous.is_word or word in NP_STOP_WORDS:
        return False
    if index == 1:
        return word.endswith("ing")
    if is_past_verb(tokens, index - 1):
        return True
    lower_case = previous.text[0].islower()
    return lower_case and (before in BE_FORMS or before in _NOUN_OPENING_PREPOSITIONS)


def _as_complement_after_agent(tokens: Sequence[Token], start: int) -> bool:
    """Whether an "as" complement follows the agent that starts at ``start`` ("is seen by
    many as a threat"): the passive of a verb of opinion judges its subject; without it, a
    clause verb's passive with an agent reports nothing ("the city would be ruled by")."""
    window = tokens[start : start + MAX_SOURCE_AFTER]
    return any(token.lower == "as" for token in window)


def _after_indefinite_article(tokens: Sequence[Token], index: int) -> bool:
    """Whether the word at ``index``, in its base form, ends a noun phrase opened by "a" or
    "an" ("a call", "a phone call"): a singular count noun, as no verb in its base form follows
    an article's noun ("a spokesman pointed out" is a verb)."""
    if tokens[index].lower.endswith(("s", "ed", "ing")):
        return False
    before = [token.lower for token in tokens[max(0, index - 2) : index]]
    if before[-1:] in (["a"], ["an"]):
        return True
    return len(before) == 2 and before[0] in {"a", "an"} and tokens[index - 1].is_word


def _is_prospective(tokens: Sequence[Token], index: int) -> bool:
    """Whether the passive participle at ``index`` follows "be" after a modal or "to" ("will be
    announced", "is to be announced"): an act of speech to come, which reports no
    content yet."""
    be = index - 1
    while be > 0 and is_adverb(tokens[be].lower):
        be -= 1  # "will be formally announced"
    return be > 0 and tokens[be].lower == "be" and tokens[be - 1].lower in _PROSPECTIVE_MARKERS


def _puts_it_in_comment(tokens: Sequence[Token], index: int) -> bool:
    """ "As one official put it, ...", "..., as the minister puts it.": "put it" after a
    subject that "as" opens, itself opening the sentence or following a comma."""
    if index + 1 >= len(tokens) or tokens[index + 1].lower != "it":
        return False
    if not ends_clause_at(tokens, index + 2):
        return False  # "As he put it on the table": a placing, not a comment
    for position in range(index - 2, max(-1, index - 2 - _MAX_AS_SUBJECT), -1):
        token = tokens[position]
        if token.lower == "as":
            return position == 0 or tokens[position - 1].text == ","
        if not token.is_word:
            return False
    return False


def _puts_a_figure(tokens: Sequence[Token], index: int) -> bool:
    """ "Anadolu put the death toll at 85", "Other reports put the toll higher": "put" with a
    count as its object and the count's value after it (a number or a comparison; not "put
    the total at the bottom"), the estimating use of the put verbs (Levin 1993, 9.1), reports
    the figure as the subject's."""
    counted = False
    for position in range(index + 1, min(len(tokens), index + 1 + _MAX_FIGURE_OBJECT)):
        token = tokens[position]
        if token.lower in _FIGURE_NOUNS:
            counted = True
        elif counted and token.lower in _FIGURE_COMPARISONS:
            return True  # "put the toll higher"
        elif counted and token.lower == "at" and position + 1 < len(tokens):
            value = tokens[position + 1]  # "at 85", "at least 85", "at more than 470000"
            return value.is_digit or value.lower in _FIGURE_VALUE_STARTS
        elif token.lower in {"at", "on"} and _is_share(tokens, position + 1):
            return True  # a poll's "put the Conservatives at 36 percent"
        elif token.text in ",;:.!?":
            return False
    return False


def _is_share(tokens: Sequence[Token], index: int) -> bool:
    """A number followed by "percent", "per cent" or "%" at ``index``, standing alone: not
    a share of something ("put a tariff on 25 percent of Chinese goods")."""
    if index + 1 >= len(tokens) or not tokens[index].is_digit:
        return False
    if tokens[index + 1].lower not in _SHARE_MARKS:
        return False
    after = index + 3 if tokens[index + 1].lower == "per" else index + 2
    return after >= len(tokens) or tokens[after].lower != "of"


def _gives_a_figure(tokens: Sequence[Token], index: int) -> bool:
    """ "Officials gave a higher figure of more than 80 dead", "Local sources have given a
    lower toll": "give" with a figure as its object (the estimating sense, as "put"), not
    negated ("did not give a toll", "gave no figure": nothing reported)."""
    if is_negated(tokens, index):
        return False  # "did not immediately give a toll", "hasn't given a figure"
    if index + 1 >= len(tokens) or tokens[index + 1].lower not in _GIVEN_FIGURE_DETERMINERS:
        return False  # "gave no figure", "gave them a number"
    for position in range(index + 2, min(len(tokens), index + 1 + _MAX_GIVEN_FIGURE)):
        token = tokens[position]
        if token.lower in _GIVEN_FIGURE_NOUNS:
            return True
        if not token.is_word:
            return False
    return False


def _poll_gives_a_share(tokens: Sequence[Token], index: int) -> bool:
    """ "Exit polls gave the BJP a narrow edge", "A poll gave Larraín 52%": "give" after a
    piece of evidence reports its finding, as "show" does; not negated ("did not give", "gave
    no figure")."""
    if index + 1 >= len(tokens) or tokens[index + 1].lower in _NEGATIVE_OR_ANY:
        return False
    return not is_negated(tokens, index) and follows_evidence(tokens, index)


def reception_verb_before(tokens: Sequence[Token], index: int) -> int | None:
    """The index of the verb that takes the judgement noun at ``index`` as its object ("drew
    criticism", "faced stiff international and Palestinian criticism", "met with outrage"),
    across at most ``_MAX_JUDGEMENT_MODIFIERS`` words; None when there is none."""
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    if following is not None and following.is_word and not _ends_judgement(following):
        return None  # "anger management": a noun compound, no judgement
    for position in range(index - 1, max(-1, index - 1 - _MAX_JUDGEMENT_MODIFIERS), -1):
        token = tokens[position]
        word = token.lower
        if word in CUES.reception:
            return position
        if not token.is_word or word in FINITE_MARKERS or word in CUES.finite:
            return None
        if (word in NP_STOP_WORDS or word in _JUDGEMENT_PREPOSITIONS) and (
            word not in _INSIDE_JUDGEMENT_OBJECT
        ):
            return None  # "won the election despite criticism", "faced the press amid anger"
    return None


def _ends_judgement(token: Token) -> bool:
    """Whether a word after a judgement noun is outside its noun phrase: a preposition, a
    conjunction, a time, an adverb or a name ("criticism from", "criticism Tuesday")."""
    word = token.lower
    return (
        token.is_capitalized
        or word in NP_STOP_WORDS
        or word in TIME_WORDS
        or word in _JUDGEMENT_PREPOSITIONS
        or is_adverb(word)
    )


def _is_noun_cue(tokens: Sequence[Token], index: int) -> bool:
    """ "Moscow's claim that", "his comments:", "the allegation that", "their support for":
    a cue noun after a determiner or possessor, followed by its content. Not "said in a
    statement that" (the verb's clause) nor "the statement that was issued" (a relative)."""
    if index == 0:
        return False
    previous = tokens[index - 1].lower
    possessed = previous.endswith(POSSESSIVE) or previous in POSSESSIVE_PRONOUNS
    following = tokens[index + 1].lower if index + 1 < len(tokens) else ""
    existential = previous in BE_FORMS and index > 1 and tokens[index - 2].lower == "there"
    if (existential or previous in BARE_NOUN_CUE_OPENERS) and following == "that":
        # "There are fears that ...", "amid reports that ...", "rejected criticism that ...":
        # nobody named holds them
        return _opens_complement_clause(tokens, index + 2)
    if following in AGENT_PREPOSITIONS and agent_phrase_end(tokens, index + 1) is not None:
        return True  # "despite criticism from the government that ...": the agent says it
    if following == "of" and _is_bare_report_of(tokens, index):
        return True  # "amid accusations of atrocities": nobody named reports the event
    if not (possessed or previous in DETERMINERS):
        return False
    if not possessed and index > 1 and tokens[index - 2].lower in NP_STOP_WORDS:
        return False  # "in a statement that", "with the claim that"
    if following == ":":
        return _opens_complement_clause(tokens, index + 2)
    clause = past_day(tokens, index + 1)  # "the announcement Friday that"
    if clause < len(tokens) and tokens[clause].lower == "that":
        return _opens_complement_clause(tokens, clause + 1)
    if not possessed:
        return False
    # "Obama's request for authorization", "his claims of having no memory": a possessor names
    # the source, the preposition opens the content.
    return following in STANCE_PREPOSITIONS


def _opens_bare_noun_clause(tokens: Sequence[Token]) -> bool:
    """Whether a sentence opens with a bare cue noun and its "that" clause ("Allegations that
    the coach mistreated players have dogged the program"): nobody named holds it."""
    return len(tokens) > 2 and tokens[1].lower == "that" and _opens_complement_clause(tokens, 2)


def _is_bare_report_of(tokens: Sequence[Token], index: int) -> bool:
    """ "reports of civilian casualties", "unconfirmed reports of chlorine": a report noun
    without a determiner or possessor before it (a participle adjective may stand between),
    its of-phrase naming the event reported, not its author ("the reports of the UN")."""
    if tokens[index].lower not in CUES.of_content_nouns or index + 2 >= len(tokens):
        return False
    position = index - 1
    if position >= 0 and tokens[position].is_word and tokens[position].lower.endswith("ed"):
        position -= 1  # "unconfirmed reports", "repeated accusations"
    if position >= 0:
        before = tokens[position]
        word = before.lower
        if word in DETERMINERS or word in POSSESSIVE_PRONOUNS or word.endswith(POSSESSIVE):
            return False
        if word in _NEGATIVE_OR_ANY or word in CLAUSE_SUBJECTS or before.is_capitalized:
            return False  # "no claims of", "He reports of", "Insurance claims of": no report
        if position >= 1 and tokens[position - 1].lower in _NEGATIVE_OR_ANY:
            return False  # "no immediate reports of casualties"
    following = tokens[index + 2]
    return following.is_word and not following.is_capitalized


def agent_phrase_end(tokens: Sequence[Token], preposition: int) -> int | None:
    """The index of the "that" after a noun cue's agent phrase ("criticism from the Syrian
    government that ...", "claims by the opposition that ...": the by- or from-phrase of a
    nominalisation names its source, Quirk et al. 1985, 17.51), when a complement clause
    follows it; None otherwise."""
    limit = min(len(tokens), preposition + 2 + MAX_AGENT_PHRASE)
    for position in range(preposition + 2, limit):
        token = tokens[position]
        if token.lower == "that":
            return position if _opens_complement_clause(tokens, position + 1) else None
        verb = token.lower in FINITE_MARKERS or token.lower in CUES.finite
        if not token.is_word or verb or token.lower in IRREGULAR_PASTS:
            return None  # "The warnings from officials went unheeded that year"
    return None


def _opens_complement_clause(tokens: Sequence[Token], index: int) -> bool:
    """Whether a noun's "that" at ``index - 1`` opens its content ("the claim that troops
    fired") rather than a relative clause ("the claims that were made", "reports that said")."""
    after = tokens[index] if index < len(tokens) else None
    if after is None or not (after.is_word or after.is_digit or after.text in QUOTES):
        return False
    verb = after.lower in FINITE_MARKERS or after.lower in CUES.finite
    return not verb and not (after.lower.endswith("ed") and not after.is_capitalized)


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
        or previous.lower.endswith(POSSESSIVE)
        or (previous.lower in NP_STOP_WORDS and previous.lower not in BE_FORMS)
        or previous.text in {",", "(", "and"}
    )
