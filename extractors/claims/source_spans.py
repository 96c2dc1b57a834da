"""Where a cue's source stands in its sentence: the subject phrase before the cue, or the phrase
after it.

Before the cue the source is the whole subject: a prepositional post-modifier belongs to it
("Officials in Port Selvan"), a short phrase coordinated before it that opens the clause joins it
("Police and residents said"), a parenthetical between commas is skipped, or taken when it is the
name ("the agency's spokeswoman, Ana Brevik, said"), and a legislator's party and state ("Rep.
José Serrano (D-NY) said", "Sen. Rand Paul, R-Ky., said") is passed over. After the cue ("said
the Observatory", "according to analysts") the phrase runs to its clause's end, without a
closing time ("on Friday"). Participles and coordinated verbs with no subject of their own take
the sentence's subject, found here past introductions such as "However," or "On Thursday,".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from extractors.claims.attribution_record import Cue
from extractors.claims.cues import CUES
from extractors.claims.lexicon import (
    AGENCY_NAMES,
    AGENT_PLURALS,
    CLAIM_AND_COUNT_NOUNS,
    CLAUSE_SUBJECTS,
    COORDINATORS,
    COUNTRY_NAMES,
    DETERMINERS,
    EMBEDDING_WORDS,
    FINITE_MARKERS,
    INTRODUCING_PREPOSITIONS,
    IRREGULAR_PASTS,
    LEADING_ADVERBIALS,
    MONTHS,
    NAME_CONNECTORS,
    NOT_IN_SOURCES,
    NP_STOP_WORDS,
    ORGANISATION_WORDS,
    PARTITIVE_HEADS,
    PERSON_TITLES,
    PLACE_NOUNS,
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
    TENS,
    TIME_WORDS,
    UNITS,
    WEEKDAYS,
)
from extractors.claims.noun_phrases import (
    ARTICLES,
    CALENDAR_NAMES,
    MAX_SOURCE_BEFORE,
    NAME_PARTICLES,
    closes_acronym,
    contact_clause_subject,
    ends_initialism,
    is_abbreviation_dot,
    is_abbreviation_stop,
    is_plural_noun,
    is_proper_name,
    noun_phrase_before,
)
from extractors.claims.token_checks import (
    CLAUSE_PUNCTUATION,
    POSSESSIVE,
    QUOTES,
    SUBORDINATORS,
    adverbial_tail,
    has_past_form,
    is_adverb,
    is_apostrophe,
    only_punctuation_from,
    opens_clause,
    opens_quotation,
    opens_subject,
    skip_back_over_adverbs,
    starts_verb,
)
from extractors.claims.tokens import Token

_MAX_LISTED_NAMES = 5  # "Britain, France, Germany and Italy said": names before the last two
_MAX_FIRST_CONJUNCT = 3  # words: "The Russian government and Syrian regime blamed"
# Words before the name in a place's of-phrase: "the province of northern Hama", "the town of
# the same name".
_PLACE_MODIFIERS = frozenset(
    {"the", "north", "south", "east", "west", "northeast", "northwest", "southeast"}
    | {"southwest", "northern", "southern", "eastern", "western", "central", "rural"}
)
_CLOSING_MARKS = frozenset({")", "]"})  # "the (UN) General Assembly and we": no clause opens
# A clause of its own on the way back to a relative pronoun: "who reported the call recalled
# that he said".
_CLAUSE_OPENING_WORDS = SUBORDINATORS | {"that"}
_MAX_SOURCE_AFTER_QUOTE = 20
MAX_SOURCE_AFTER = 10
_MAX_INTRO = 10
# Words in -ing that are prepositions, not participles (Quirk et al. 1985, 9.4).
_NOT_PARTICIPLES = frozenset(
    {"including", "during", "according", "regarding", "concerning", "pending"}
)
_MAX_NAME = 5  # words of a person's name in an appositive
_MAX_DATELINE = 8  # tokens of "KUALA LUMPUR, Malaysia (Reuters) -"
_DATELINE_DASHES = frozenset({"-", "\u2013", "\u2014"})
_MAX_PARENTHETICAL = 16  # tokens between the commas of "X, who asked not to be named, said"
_MAX_APPOSITIVE_AFTER_QUOTE = 40  # tokens from a quotation's end to its cue
_MAX_POSTMODIFIERS = 3  # "officials at the hospital in the city": prepositions to cross
_TIME_PREPOSITIONS = frozenset({"on", "last", "this", "in"})
_ADJUNCT_PREPOSITIONS = POSTMODIFIER_PREPOSITIONS | {"before", "after", "during", "over", "across"}
_MAX_PARTICIPLE_ADJUNCT = 8  # "sent from east Aleppo earlier on Monday by": words to cross
_MAX_COMMON_SUBJECT = 4  # "The Palestinian foreign ministry": an article's subject
# Words that open a clause inside a subject: "the fact that Assad is ...".
_CLAUSE_INSIDE_SUBJECT = RELATIVE_OPENERS | {"that", "when", "if"}
_MAX_AFFILIATION = 8  # tokens inside "(R-W.Va.)" and similar asides after a name
# A name after these is inside a modifier ("friends of Mike Ford"), not the source's own head.
_NOT_BEFORE_A_SOURCE_NAME = NP_STOP_WORDS | POSTMODIFIER_PREPOSITIONS | NAME_CONNECTORS
# Lower-case heads of a role that a prepositional phrase post-modifies ("the head of").
# Prepositions that tie a role to whom it serves ("the head of", "a source at", "a spokesman
# for"), unlike places ("the head in the blast").
_AFFILIATION_PREPOSITIONS = frozenset({"of", "for", "at", "from", "with"})
_ROLE_HEADS = (ROLE_NOUNS | PERSON_TITLES) - NP_STOP_WORDS - POSTMODIFIER_PREPOSITIONS - DETERMINERS


@dataclass(frozen=True, slots=True)
class Subject:
    """A source before its cue: ``[start, end)`` is the source, ``phrase_start`` the start of
    the whole subject phrase, appositive included ("the agency's spokeswoman, Ana Brevik")."""

    start: int
    end: int
    phrase_start: int


def source_before(tokens: Sequence[Token], cue_start: int) -> Subject | None:
    """The subject phrase ending right before the cue, e.g. "the monitoring group"."""
    position = skip_back_over_adverbs(tokens, cue_start - 1)
    if position > 0 and position < cue_start - 1 and _opens_quoted_predicate(tokens, position):
        position = skip_back_over_adverbs(tokens, position - 1)  # 'Tehran "strongly condemns"'

    position = _skip_back_over_affiliation(tokens, position)
    relative = position >= 0 and (
        tokens[position].text in {"who", "which"} or _is_relative_that(tokens, position)
    )
    if relative:
        position -= 1  # "a military source who said": the phrase before the relative
    if position >= 0 and tokens[position].text == ",":
        if relative:  # "the European Union, which called it ...": the antecedent
            phrase = noun_phrase_before(tokens, position)
            if phrase is None:
                return None
            start = _with_relative_antecedent_head(tokens, phrase[0], tokens[position + 1].lower)
            name = _name_before_description(tokens, start)
            if name is not None:  # "said Peter Langley, a researcher at a university, who"
                return Subject(name[0], name[1], name[0])
            return Subject(start, phrase[1], start)
        speaker = _speaker_after_quotation(tokens, position)
        return speaker if speaker is not None else _subject_before_parenthetical(tokens, position)
    phrase = noun_phrase_before(tokens, position + 1)
    if phrase is None:
        return None
    named = _name_before_description(tokens, phrase[0]) if relative else None
    if named is not None:  # "said Brian Otieno, a 24-year-old graduate who said he"
        return Subject(named[0], named[1], named[0])
    if _ends_in_postmodifying_participle(tokens, phrase):  # "A UN report published on Monday"
        phrase = (phrase[0], _with_participle_time(tokens, phrase[1]))
    qualified = tokens[phrase[0]].is_digit and _past_qualifier(tokens, phrase[0]) < phrase[0]
    if phrase[0] > 0 and tokens[phrase[0] - 1].lower in EMBEDDING_WORDS and not qualified:
        return None  # "smaller than what McKinley said": a mention; not "Fewer than 20% of"
    contact = _subject_of_contact_clause(tokens, phrase)
    if contact is not None:
        return Subject(contact, phrase[1], phrase[0])
    run_into = contact_clause_subject(tokens, phrase)
    if run_into is not None:  # "a group analysts expect to decide the race"
        return Subject(run_into[0], run_into[1], run_into[0])
    antecedent = _antecedent_of_bare_relative(tokens, phrase[0])
    if antecedent is not None:
        return Subject(antecedent[0], antecedent[1], antecedent[0])
    phrase = (_after_place(tokens, phrase[0], phrase[1]), phrase[1])
    start = _with_postmodified_head(tokens, phrase[0])
    if start == phrase[0] or (start > 0 and tokens[start - 1].lower == "by"):  # "by X in March"
        head = _head_of_participle_and_agent(tokens, start, phrase[1])
        if head is not None:
            return Subject(head, _with_participle_time(tokens, phrase[1]), head)
    if start == phrase[0]:
        start = _with_head_of_dangling_postmodifier(tokens, start)
    if start == phrase[0]:
        start = _past_run_on_words(tokens, start, phrase[1])
    start = _with_coordinated_subject(tokens, start)
    listed = None
    if any(token.lower == "and" for token in tokens[start : phrase[1]]):
        listed = _start_of_listed_subject(tokens, start)  # "Russia, Iran and Turkey said"
    start = start if listed is None else listed
    name = _name_before_appositive(tokens, start)
    if name is not None:
        return Subject(name[0], name[1], name[0])
    start = _after_complement_name(tokens, start, phrase[1])
    start = _after_leading_countries(tokens, start, phrase[1])
    end = _name_before_role(tokens, start, phrase[1]) if opens_clause(tokens, start) else None
    if end is not None:
        return Subject(start, end, start)
    name_start = _name_after_determined_role(tokens, start, phrase[1])
    if name_start is not None:
        return Subject(name_start, phrase[1], start)
    return Subject(_appositive_name_after_role(tokens, start, phrase[1]), phrase[1], start)


def _name_before_description(tokens: Sequence[Token], start: int) -> tuple[int, int] | None:
    """The name a description at ``start`` is set after by a comma ("Peter Langley, a
    researcher at a university, who argued"): the antecedent of a relative after an
    appositive is the person named, not the description. None when there is none."""
    if start < 2 or tokens[start - 1].text != "," or tokens[start].lower not in ARTICLES:
        return None
    name = noun_phrase_before(tokens, start - 1)
    if name is None or not is_proper_name(tokens, name[0], name[1]):
        return None
    return name


def _with_relative_antecedent_head(tokens: Sequence[Token], start: int, relative: str) -> int:
    """Where the antecedent of a relative pronoun starts once the head its last phrase
    post-modifies is included: after "who" any head ("A resident of the village, who said"),
    after "which" only an organisation ("The Ministry of Health in Gaza, which said"), else
    the last phrase is the antecedent ("the head of the European Union, which called"). A
    head beyond a verb is the clause's subject, not the antecedent's ("The plan drew criticism
    from the senator, who said")."""
    head_start = _with_postmodified_head(tokens, start)
    if any(starts_verb(tokens, position) for position in range(head_start, start)):
        return start
    if head_start == start or relative == "who":
        return head_start
    for position in range(head_start, start - 1):
        if _opens_postmodifier(tokens[position + 1]):
            return head_start if tokens[position].lower in ORGANISATION_WORDS else start
    return start


def _subject_of_contact_clause(tokens: Sequence[Token], phrase: tuple[int, int]) -> int | None:
    """Where the source starts when the phrase is an appositive after a comma, an article and
    a noun of claim or count, and a relative clause with no relative word follows the noun
    ("..., a claim Western leaders reject", "..., a figure the government disputes": a contact
    clause, Quirk et al. 1985, 17.14): its subject, after the noun, is the one who speaks. Not
    a compound ("The charge sheet said"), nor a phrase that opens the sentence."""
    start, end = phrase
    if end - start < 3 or start == 0 or tokens[start - 1].text != ",":
        return None
    if tokens[start].lower not in ARTICLES or tokens[start + 1].lower not in CLAIM_AND_COUNT_NOUNS:
        return None
    subject = tokens[start + 2]
    opens = (
        subject.is_capitalized or subject.lower in DETERMINERS or subject.lower in CLAUSE_SUBJECTS
    )
    return start + 2 if opens or is_plural_noun(subject.lower) else None


def _after_place(tokens: Sequence[Token], start: int, end: int) -> int:
    """Where the source starts when, commas stripped (FA-KES), the phrase scanned back from
    the cue runs into the place the clause before it ended on: "in the area security sources
    said", "in the Eastern Ghouta area Observatory chief Rami Abdel Rahman told", "in the
    Syrian province of Hama state news agency SANA said". The words after the place noun (and
    its of-name) are the source when their head is a name or a plural of speakers; "the Raqqa
    city council" stays whole, and so does a phrase that opens its clause ("Hama province
    governor Mohammed al-Hazouri said")."""
    if opens_clause(tokens, start):
        return start
    for index in range(end - 2, start - 1, -1):
        if tokens[index].lower not in PLACE_NOUNS or tokens[index].is_capitalized:
            continue
        if _complements_a_role(tokens, start, index):
            return start  # "the trauma director for the area Ahmed Dbais": the role's place
        after = index + 1
        if tokens[after].lower == "of":
            after += 1
            while after < end - 1 and tokens[after].lower in _PLACE_MODIFIERS:
                after += 1  # "of northeast Damascus", "of the Syrian capital"
            while after < end - 1 and _in_person_name(tokens[after]):
                after += 1  # "the city of al-Bara"
        head = tokens[end - 1]
        speakers = head.lower in SOURCE_HEADS and is_plural_noun(head.lower)
        return after if after < end and (head.is_capitalized or speakers) else start
    return start


def _complements_a_role(tokens: Sequence[Token], start: int, place: int) -> bool:
    """Whether the place noun at ``place`` ends the prepositional complement of a role within
    the phrase ("director for the area", "governor of the province")."""
    position = place - 1
    while position >= start and tokens[position].lower not in POSTMODIFIER_PREPOSITIONS:
        position -= 1  # to the preposition, inside the phrase or right before it
    if position < 1 or tokens[position].lower not in POSTMODIFIER_PREPOSITIONS:
        return False
    return tokens[position - 1].lower in ROLE_NOUNS


def _antecedent_of_bare_relative(tokens: Sequence[Token], start: int) -> tuple[int, int] | None:
    """The subject of "The Observatory which relies on a network of sources says" where the
    commas around the relative clause were stripped (FA-KES), and of a restrictive relative
    clause ("The company that owns the label says"): the phrase before the cue ends the
    relative clause, whose antecedent is the one who speaks. The antecedent must open the
    sentence or follow punctuation: after "and" or a bracket it is an object ("clashes between
    the Islamic State and the Levant which ..."). A pronoun or a clause ("that he said") on the
    way back has a subject of its own, and nothing is taken."""
    if tokens[start].lower in PRONOUN_SOURCES:
        return None
    for relative in range(start - 1, max(0, start - _MAX_PARENTHETICAL) - 1, -1):
        token = tokens[relative]
        if token.lower in {"which", "who"} or _is_relative_that(tokens, relative):
            phrase = noun_phrase_before(tokens, relative)
            if phrase is None or not opens_clause(tokens, phrase[0]):
                return None
            before = tokens[phrase[0] - 1] if phrase[0] > 0 else None
            if before is not None and (
                before.lower in COORDINATORS or before.text in _CLOSING_MARKS
            ):
                return None
            return phrase if can_make_claims(tokens[phrase[1] - 1]) else None
        if not (token.is_word or token.is_digit) or token.lower in _CLAUSE_OPENING_WORDS:
            return None
    return None


def _is_relative_that(tokens: Sequence[Token], index: int) -> bool:
    """A "that" right after a noun and before a finite verb, which opens a relative clause:
    "The company that owns the label says", "a report that found" (not the "that" of "said
    that" or "so that")."""
    if tokens[index].lower != "that" or index < 1 or index + 1 >= len(tokens):
        return False
    noun = tokens[index - 1]
    if not noun.is_word or starts_verb(tokens, index - 1) or noun.lower in NP_STOP_WORDS:
        return False
    if noun.lower in CUES.finite or noun.lower in CUES.pasts:
        # a cue's word is the noun only when it is a noun's form too, after a determiner or a
        # modifier: "a parliamentary report that found", not "argued that", "says that"
        homograph = noun.lower in CUES.nouns or noun.lower in CUES.homographs
        determined = index >= 2 and (
            tokens[index - 2].lower in DETERMINERS or _is_lower_word(tokens[index - 2])
        )
        if not (homograph and determined):
            return False
    position = index + 1
    while position < len(tokens) - 1 and is_adverb(tokens[position].lower):
        position += 1  # "surveys that also showed"
    verb = tokens[position]
    if verb.lower in FINITE_MARKERS or (_is_lower_word(verb) and has_past_form(verb.lower)):
        return True  # "that has owned", "that wrote the report", "that reported the attack"
    following = tokens[position + 1] if position + 1 < len(tokens) else None
    return (
        _is_lower_word(verb)
        and verb.lower.endswith("s")
        and following is not None
        and (
            following.lower in DETERMINERS
            or following.lower in POSSESSIVE_PRONOUNS
            or following.lower in PRONOMINAL_DETERMINERS
        )
    )  # "that owns most of", "that runs the camp"


def _name_before_appositive(tokens: Sequence[Token], start: int) -> tuple[int, int] | None:
    """The name that opens its clause right before a determiner-led phrase, commas stripped
    (FA-KES): in "The Local Coordination Committees another anti-government monitoring group
    said" the description is an appositive of the name, and the name is the source (the
    guidelines' appositive convention; a noun phrase does not run on past its own head into a
    second determiner). A name that does not open its clause ("killed in Aleppo the monitor
    said") is a complement, and the phrase after it stays the source."""
    if start == 0 or tokens[start].lower not in DETERMINERS:
        return None
    name = noun_phrase_before(tokens, start)
    if name is None or not _is_titled_name(tokens, name[0], name[1]):
        return None
    if tokens[name[0]].lower.endswith("ing"):
        return None  # "Decrying an affront ... Trump declared": a participle clause, no name
    return name if opens_clause(tokens, name[0]) else None


def _is_titled_name(tokens: Sequence[Token], start: int, end: int) -> bool:
    """A proper name, or one after its title or role ("Qamishli resident Suleiman Youssef"):
    capitalised words, connectors and role words, ending in a capitalised word."""
    if is_proper_name(tokens, start, end):
        return True
    return (
        tokens[start].is_capitalized
        and tokens[end - 1].is_capitalized
        and all(token.is_capitalized or _is_role_word(token.lower) for token in tokens[start:end])
    )


def _with_coordinated_subject(tokens: Sequence[Token], start: int) -> int:
    """Where the source starts with the phrase coordinated before it: "Police and residents
    said", "She and her husband said" are one source, while in "shelled the town and rebels
    said" the phrase before "and" is an object (it does not open its clause) and stays out.
    Where commas were stripped (FA-KES) a first conjunct that runs on from the content is
    taken too ("... the city of Aleppo a monitor and rebels said"): the content cannot end on
    "and"."""
    if start < 2 or tokens[start - 1].lower != "and":
        return start
    first = noun_phrase_before(tokens, start - 1)
    if first is None:
        return start
    if opens_clause(tokens, first[0]):
        first_start: int | None = first[0]
        before = tokens[first[0] - 1] if first[0] > 0 else None
        if before is not None and (before.lower in COORDINATORS or before.text in _CLOSING_MARKS):
            return start  # "between the militants and U.S-backed fighters ...": a later conjunct
    else:
        first_start = _run_on_conjunct_start(tokens, first[0], first[1])
    if first_start is None:
        return start
    if first[1] - first_start > _MAX_FIRST_CONJUNCT and not is_proper_name(
        tokens, first_start, first[1]
    ):
        return start  # "The casualties included women and children": a clause, not a phrase
    # "Four died, a hospital and a civil defence group said": a determiner's phrase of its
    # own, joined to a speaker, speaks with it
    determined = tokens[first_start].lower in DETERMINERS
    return first_start if determined or can_make_claims(tokens[first[1] - 1]) else start


def _start_of_listed_subject(tokens: Sequence[Token], start: int) -> int | None:
    """Where a list of names before "and" starts when the list opens its clause, its items
    set apart by commas ("Russia, Iran and Turkey said", "Britain, France and Germany
    said"); None when the conjunct before "and" is no such list's last item."""
    position = start
    for _ in range(_MAX_LISTED_NAMES):
        if position < 2 or tokens[position - 1].text != ",":
            break
        item = noun_phrase_before(tokens, position - 1)
        if item is None or not is_proper_name(tokens, item[0], item[1]):
            break
        position = item[0]
    return position if position < start and opens_clause(tokens, position) else None


def _run_on_conjunct_start(tokens: Sequence[Token], start: int, end: int) -> int | None:
    """Where a first conjunct that does not open its clause starts, commas stripped: at its
    determiner ("of Aleppo a monitor and rebels said") or where it runs on from the content's
    last words ("by U.S-backed fighters Syrian opposition activists and ..."). After a verb or a
    preposition it is their object ("killed the rebels and activists said"), and None."""
    previous = tokens[start - 1]
    word = previous.lower
    if not previous.is_word or word in NP_STOP_WORDS or word in POSTMODIFIER_PREPOSITIONS:
        return None
    if word.endswith(("ed", "ing")) or word in IRREGULAR_PASTS or word in CUES.pasts:
        return None
    if tokens[start].lower in DETERMINERS:
        return start
    cut = _past_run_on_words(tokens, start, end)
    return cut if cut > start else None


def _past_run_on_words(tokens: Sequence[Token], start: int, end: int) -> int:
    """ "... cannot be tolerated Trump said" where commas were stripped (FA-KES): lowercase
    words that end the content and run on into a name are no part of the source; roles,
    titles and organisation words right before the name are ("were killed army spokesman Ali
    Hassan", "state television SANA", "former minister Ivan Petrov"). A determiner's phrase
    is run on too when it does not open its clause ("were killed in the capital SANA said":
    the object of "in"); one that opens it is the subject ("as his UN ambassador Nikki Haley
    said", "The opposition Syrian National Coalition said"). Words after a numeral are a
    counted phrase, an object or complement that cannot open the clause either ("the $53
    million figure McKinley cited" -> "McKinley")."""
    word = tokens[start].lower
    quantifier = word in PRONOMINAL_DETERMINERS and tokens[start - 1].lower != "the"
    counted = start > 0 and tokens[start - 1].is_digit  # "the $53 million figure McKinley"
    if start == 0 or not (tokens[start - 1].is_word or counted) or quantifier:
        return start
    if word in DETERMINERS and opens_clause(tokens, start):
        return start  # "even as his UN ambassador Nikki Haley was promising": a subject
    name = start
    while name < end and not tokens[name].is_capitalized:
        name += 1
    if name == end:
        return _common_head_start(tokens, start, end)
    before_name = tokens[name - 1].lower if name > 0 else ""
    if name == start or before_name in _NOT_BEFORE_A_SOURCE_NAME:
        return start  # "friends of Mike Ford": the name is in a modifier
    while name > start and _is_role_word(tokens[name - 1].lower):
        name -= 1
    return name


def _after_complement_name(tokens: Sequence[Token], start: int, end: int) -> int:
    """Where the source starts when a place's name ends the content and lower-case words that
    can speak follow it, commas stripped (FA-KES): in "pushed them from the town of Deir
    al-Adas reports say" the name completes "the town of", so "reports" is the source, as
    "local residents" in "killed in the province of Latakia local residents reported". The
    name must be the object of a common noun's preposition: in "the Syrian Observatory for
    Human Rights monitor" the preposition is inside the name, in "a member of the FSA front
    command" the name premodifies. Only a phrase that does not open its clause is cut, and a
    particle of an Arabic name ("al-Adas") is part of the name."""
    if opens_clause(tokens, start) or not can_make_claims(tokens[end - 1]):
        return start
    tail = end
    while tail > start and _is_lower_word(tokens[tail - 1]):
        tail -= 1
    name = tail
    while name > start and _in_person_name(tokens[name - 1]):
        name -= 1
    if tail == end or name == tail or name - start < 2:
        return start
    preposition, head = tokens[name - 1], tokens[name - 2]
    completes_place = preposition.lower in POSTMODIFIER_PREPOSITIONS and _is_lower_word(head)
    return tail if completes_place else start


def _after_leading_countries(tokens: Sequence[Token], start: int, end: int) -> int:
    """Where the source starts when country names that end the content run into it, commas
    stripped (FA-KES): "positions in northern Syria and Iraq Press TV reported" -> "Press TV".
    Only a phrase that does not open its clause is cut, and only before another name; one
    country before an organisation's word names it ("Syria TV" stays whole)."""
    if opens_clause(tokens, start):
        return start
    position = start
    coordinated = False
    while position < end - 1 and tokens[position].lower in COUNTRY_NAMES:
        position += 1
        if position < end - 1 and tokens[position].lower == "and":
            position += 1
            coordinated = True
    if position == start or not tokens[position].is_capitalized:
        return start
    if tokens[position].lower in ORGANISATION_WORDS and not coordinated:
        return start  # "Syria TV": one country names the organisation
    return position


def _name_before_role(tokens: Sequence[Token], start: int, end: int) -> int | None:
    """Where the name ends when a person's name runs into a description of their role, commas
    stripped (FA-KES): "Rami Abdel Rahman head of the Syrian Observatory",
    "Elizabeth Hoff WHOs Representative in Syria". The description is an appositive, and the
    name the source (the guidelines' convention). The role is a singular role noun after at
    least two words of the name, lower-case with its of-phrase ("head of"), or after an
    organisation's possessive with any post-modifier ("WHOs Representative in"); a plural or
    a role "for" someone premodified by a name ("White House officials in Washington", "Tesla
    spokesman for the company") and a title before a name ("Foreign Minister Sergei Lavrov")
    are no appositive. None when the phrase is no such name and role."""
    if not _is_name_word(tokens[start]):
        return None
    for role in range(start + 2, end - 1):
        if not _is_name_word(tokens[role - 1]):
            return None
        token = tokens[role]
        following = tokens[role + 1].lower
        if token.lower not in _ROLE_HEADS or following not in POSTMODIFIER_PREPOSITIONS:
            continue
        owner = tokens[role - 1].text
        if len(owner) > 2 and owner.endswith("s") and owner[:-1].isupper():  # "WHOs", "MSFs"
            return role - 1 if role - 1 >= start + 2 else None
        if token.is_capitalized or is_plural_noun(token.lower) or following != "of":
            return None  # "White House officials in Washington", "Tesla spokesman for ..."
        return role
    return None


def _is_name_word(token: Token) -> bool:
    """A word of a person's name: capitalised, neither a determiner nor a role ("The",
    "Director")."""
    return _in_person_name(token) and token.lower not in DETERMINERS | _ROLE_HEADS


def _name_after_determined_role(tokens: Sequence[Token], start: int, end: int) -> int | None:
    """Where the name starts when a determiner-led description of a role runs into it, commas
    stripped (FA-KES): "The groups director Rami Abdulrahman", "The official Syrian news agency
    Sana", also where the content before runs into it ("... from the airport the Observatorys
    director Rami Abdurrahman said"). The name is an appositive and the source (the
    guidelines' convention). The description ends in a lower-case role noun or organisation
    word right before the name, which is one to four capitalised words; a bare title
    ("Observatory director Rami Abdel Rahman") has no determiner and stays one phrase."""
    if not _determines_a_description(tokens[start]):
        return None
    name = end
    while name > start + 2 and _in_person_name(tokens[name - 1]):
        name -= 1
    described = tokens[name - 1]
    if name == end or end - name > 4 or described.is_capitalized:
        return None
    possessed = tokens[start].lower not in ARTICLES
    if possessed and name - 2 > start and tokens[name - 2].text.isupper():
        return None  # "his UN ambassador Nikki Haley": a possessor's title, not "The UN envoy"
    if any(
        (_is_role_word(token.lower) and token.lower not in AGENCY_NAMES) or _is_time_word(token)
        for token in tokens[name:end]
    ):
        return None  # "The official Syrian Arab News Agency", "The ministry spokesman Monday"
    if any(not token.is_word or token.lower in NP_STOP_WORDS for token in tokens[start + 1 : name]):
        return None  # "A source at the Police Command": a post-modified head
    word = described.lower
    if word in ROLE_MODIFIERS and word not in PERSON_TITLES:
        return None  # "The opposition Christian Democrats": a modifier of the name, no role
    return name if word in _ROLE_HEADS or word in ORGANISATION_WORDS else None


def _determines_a_description(token: Token) -> bool:
    """An article or a possessive before a description: "the", "its", "Syria's", and "Syrias"
    where FA-KES stripped the apostrophe from a country's name."""
    word = token.lower
    if word in ARTICLES or word in POSSESSIVE_PRONOUNS or word.endswith(POSSESSIVE):
        return True
    return token.is_capitalized and word.endswith("s") and word[:-1] in COUNTRY_NAMES


def _is_time_word(token: Token) -> bool:
    return token.lower in CALENDAR_NAMES or token.lower in TIME_WORDS


def _is_lower_word(token: Token) -> bool:
    return token.is_word and not token.is_capitalized and not token.lower.startswith(NAME_PARTICLES)


def _appositive_name_after_role(tokens: Sequence[Token], start: int, end: int) -> int:
    """Where the source starts when a role noun with a prepositional post-modifier runs into a
    name, commas stripped (FA-KES): "the governor of Homs province Talal Barrazi", "Vice
    president of the Syrian Coalition Nagham al-Ghadiri". A name can follow a bare title as
    its premodifier ("Foreign Minister Sergei Lavrov" is one phrase), but not a phrase whose
    head is already post-modified, so the name is an appositive and the source (the
    guidelines' convention for appositives). The name starts after a lower-case word or an
    organisation word, or at a person title ("UOSSM France Dr Ziad Alissa"); where a
    capitalised complement runs straight into it ("in Idlib Leys el-Faris") nothing is cut."""
    role = start
    while role < end - 3 and not (
        tokens[role].lower in _ROLE_HEADS and tokens[role + 1].lower in POSTMODIFIER_PREPOSITIONS
    ):
        role += 1
    if role >= end - 3:
        return start
    name = end
    while name > role + 2 and _in_person_name(tokens[name - 1]):
        name -= 1
    if name == end:
        return start
    before = tokens[name - 1]
    function_word = before.lower in _NOT_BEFORE_A_SOURCE_NAME or before.lower in DETERMINERS
    # "Homs province Talal Barrazi": a lower-case noun ends the complement; else a title or an
    # organisation word must mark where the name starts
    if not before.is_word or before.is_capitalized or function_word:
        marked = _name_after_title_or_organisation(tokens, name, end)
        if marked is None:
            return start
        name = marked
    return name if 2 <= end - name <= 4 else start


def _name_after_title_or_organisation(tokens: Sequence[Token], first: int, end: int) -> int | None:
    """Where a name in ``first``..``end`` starts, told by the last person title (the name
    starts with it: "Dr Ziad Alissa") or organisation word (the name starts after it: "UOSSM
    France Dr ..."), scanning back; None when neither is there."""
    for position in range(end - 2, first - 1, -1):
        word = tokens[position].lower
        if word in PERSON_TITLES:
            return position
        if word in ORGANISATION_WORDS:
            return position + 1
    return None


def _in_person_name(token: Token) -> bool:
    """A capitalised word or an Arabic particle joined to a surname ("al-Ghadiri")."""
    return token.is_word and (token.is_capitalized or "-" in token.text)


def _common_head_start(tokens: Sequence[Token], start: int, end: int) -> int:
    """ "... responded to the rockets military sources said": with no name, a plural noun
    inside the phrase is the head of another one (a plural noun does not premodify, Quirk et
    al. 1985, 17.108), so the source starts after it ("military sources")."""
    if end - start < 3 or not can_make_claims(tokens[end - 1]):
        return start
    for position in range(end - 2, start, -1):
        word = tokens[position].lower
        if is_plural_noun(word):
            return position + 1
        if not tokens[position].is_word or word in NP_STOP_WORDS:
            return start
    return start


def _is_role_word(word: str) -> bool:
    return (
        word in ROLE_NOUNS
        or word in ORGANISATION_WORDS
        or word in SOURCE_HEADS
        or word in ROLE_MODIFIERS
        or word in PERSON_TITLES
    )


def _with_postmodified_head(tokens: Sequence[Token], start: int) -> int:
    """Where the source starts once the head it post-modifies is included: "Port Selvan" is
    the tail of "Officials in Port Selvan", "telephone" of "Residents reached by telephone".

    Only a head that can make claims (``can_make_claims``) and that opens its clause is taken, so
    "killed 12 people in Aleppo, activists said" keeps its source "activists"; where commas were
    stripped (FA-KES), an article also opens the head's phrase when the head is a role or an
    organisation word ("... were killed the defence ministry in Moscow said").
    """
    best = start
    for hop in range(_MAX_POSTMODIFIERS):
        start = _with_coordinated_object(tokens, start)
        if start > 1 and tokens[start - 1].is_digit:
            start -= 1  # "The survey of 2,104 adults": a count in the post-modifier
            start = _past_qualifier(tokens, start)  # "of around 100 countries"
        preposition = start - 1
        if preposition < 1 or not _opens_postmodifier(tokens[preposition]):
            break
        head = preposition - 1
        if tokens[head].lower in POSTMODIFIER_WORDS and head > 0:
            head -= 1
        partitive = tokens[head].lower in PARTITIVE_HEADS  # "those in favor of the bill"
        # "about one in ten voters": the qualifier belongs to the partitive head
        phrase = (
            (_past_qualifier(tokens, head), head + 1)
            if partitive
            else noun_phrase_before(tokens, head + 1)
        )
        if phrase is None:
            break
        start = phrase[0]
        if closes_acronym(tokens, head):
            head -= 1  # "The Centre for Disease Control (CDC) in the US": the acronym is the head
        first_head = _head_before_postmodifier(tokens, start, head)
        if can_make_claims(tokens[first_head]):  # "The directorate of health in ..."
            head = first_head  # else "A number of officials in Kabul": the last noun speaks
        determined = (  # commas stripped: "... the defence ministry in Moscow said"
            hop == 0
            and tokens[start].lower in ARTICLES
            and tokens[preposition].lower != "by"  # "the execution of the pilot by Nusra"
            and _is_role_word(tokens[head].lower)
        )
        if can_make_claims(tokens[head]) and (opens_clause(tokens, start) or determined):
            best = start
        elif _name_before_appositive(tokens, start) is not None:
            best = start  # "Hamza Khatib the manager of Al-Quds hospital in Aleppo told"
    return best


def _opens_postmodifier(token: Token) -> bool:
    """A preposition, or the present participle of a reduced relative clause (Quirk et al.
    1985, 17.13: "Unions representing faculty", "A charity operating rescue ships")."""
    word = token.lower
    if word in POSTMODIFIER_PREPOSITIONS:
        return True
    return token.is_word and not token.is_capitalized and _is_present_participle(word)


def _with_coordinated_object(tokens: Sequence[Token], start: int) -> int:
    """Where a preposition's coordinated object starts: "Iraq" in "The so-called Islamic
    State in Iraq and the Levant terrorist group"; ``start`` when the phrase before "and" is no
    such object."""
    if start < 3 or tokens[start - 1].lower not in {"and", "or"}:
        return start
    first = noun_phrase_before(tokens, start - 1)
    if first is None:
        return start
    inner = next(  # "minister of colleges and universities": a phrase that holds its preposition
        (
            position
            for position in range(first[1] - 1, first[0], -1)
            if tokens[position].lower in POSTMODIFIER_PREPOSITIONS
            or (_opens_postmodifier(tokens[position]) and can_make_claims(tokens[position - 1]))
        ),
        None,
    )
    if inner is not None:
        return inner + 1
    if first[0] < 1 or tokens[first[0] - 1].lower not in POSTMODIFIER_PREPOSITIONS:
        return start
    return first[0]


def _head_before_postmodifier(tokens: Sequence[Token], start: int, last: int) -> int:
    """The head of a phrase that has a post-modifier of its own: "directorate" in "The
    directorate of health" (the word before its first preposition), else its ``last`` word."""
    for position in range(start + 1, last):
        if tokens[position + 1].lower in POSTMODIFIER_PREPOSITIONS:
            return position
    return last


def _past_qualifier(tokens: Sequence[Token], start: int) -> int:
    """Where a count's qualifier before ``start`` begins ("around 100", "more than 100"),
    else ``start``."""
    for words in QUALIFIERS:
        begin = start - len(words)
        if begin >= 0 and tuple(token.lower for token in tokens[begin:start]) == words:
            return begin
    return start


def _head_of_participle_and_agent(tokens: Sequence[Token], start: int, end: int) -> int | None:
    """Where the source starts when the phrase before the cue is the agent of a past
    participle that post-modifies the head (a reduced relative clause, Quirk et al. 1985,
    17.13): "Court papers obtained by our correspondent showed", "A video released on Friday
    by the military media center shows": the head that can speak and opens its clause is the
    source's, the participle clause (with the time or place between participle and agent) its
    post-modifier. None when there is no such head."""
    agent = start - 1
    if agent < 2 or tokens[agent].lower != "by":
        return _head_of_participle_and_adjunct(tokens, start, end)
    for position in range(agent - 1, max(0, agent - 1 - _MAX_PARTICIPLE_ADJUNCT) - 1, -1):
        participle = tokens[position]
        if not (participle.is_word or participle.is_digit):
            return None
        if participle.is_capitalized or not has_past_form(participle.lower):
            continue
        head = noun_phrase_before(tokens, position)
        if head is None or not opens_clause(tokens, head[0]):
            return None
        return head[0] if can_make_claims(tokens[head[1] - 1]) else None
    return None


def _head_of_participle_and_adjunct(tokens: Sequence[Token], start: int, end: int) -> int | None:
    """Where the source starts when the phrase before the cue ends a participle clause that
    post-modifies a lower-case head with a place, time or theme (Quirk et al. 1985, 17.13):
    "Most economists surveyed before the meeting expected", "Lawyers following the case said",
    "A statement issued at the close of the summit in Vientiane said". The participle stands
    right before the first preposition or object; only words lie between it and the cue's
    phrase, which is a preposition's or the participle's object, and the head is a source
    noun, not a name. Where commas were stripped (FA-KES), a phrase that runs on into a name
    ("infiltrated from the south Xelil said") or ends in a source noun of its own ("responded
    with artillery fire to the rockets military sources said") is no such object."""
    if start < 2 or not _opens_adjunct(tokens, start - 1) or _runs_into_name(tokens, start, end):
        return None
    if not tokens[end - 1].is_capitalized and _is_speaking_noun(tokens[end - 1].lower):
        return None
    for position in range(start - 1, max(0, start - 1 - _MAX_PARTICIPLE_ADJUNCT) - 1, -1):
        participle = tokens[position]
        if not participle.is_word or participle.is_capitalized:
            return None
        if starts_verb(tokens, position) and not has_past_form(participle.lower):
            return None  # "were", "has": a finite clause, not a post-modifier
        following = tokens[position + 1].lower
        object_or_adjunct = following in _ADJUNCT_PREPOSITIONS or (
            following in DETERMINERS and participle.lower.endswith("ing")
        )
        if not object_or_adjunct or not _is_participle(participle):
            continue
        head = noun_phrase_before(tokens, position)
        if head is None or not opens_clause(tokens, head[0]):
            return None
        return head[0] if _is_speaking_noun(tokens[head[1] - 1].lower) else None
    return None


def _opens_adjunct(tokens: Sequence[Token], position: int) -> bool:
    """A preposition or a present participle right before its object."""
    word = tokens[position].lower
    return word in _ADJUNCT_PREPOSITIONS or _is_present_participle(word)


def _runs_into_name(tokens: Sequence[Token], start: int, end: int) -> bool:
    """Whether a lower-case word runs into a capitalised one inside the phrase ("the south
    Xelil"): two phrases whose comma was stripped."""
    return any(
        not tokens[position].is_capitalized and tokens[position + 1].is_capitalized
        for position in range(start, end - 1)
    )


def _is_participle(token: Token) -> bool:
    """A past participle ("surveyed", "seen") or a present one."""
    return has_past_form(token.lower) or _is_present_participle(token.lower)


def _is_present_participle(word: str) -> bool:
    """A word in -ing that is no preposition ("following", "representing"; not "including",
    "according"); the shortest words in -ing are nouns or "being": "king", "thing", "ring"."""
    return word.endswith("ing") and len(word) > 5 and word not in _NOT_PARTICIPLES


def _ends_in_postmodifying_participle(tokens: Sequence[Token], phrase: tuple[int, int]) -> bool:
    """Whether the phrase ends in a past participle after a head that can speak ("A UN report
    published", "Official data released", "A poll of 1,200 adults conducted"), whose time the
    phrase keeps."""
    start, end = phrase
    last = tokens[end - 1]
    if end - start < 2 or not last.is_word or last.is_capitalized:
        return False
    if not has_past_form(last.lower):
        return False
    head = end - 2
    # "of 1,200 adults": the count ended the phrase, so its "of" is two tokens before it
    last_of = start - 2 if start > 1 and tokens[start - 1].is_digit else start + 1
    for position in range(end - 2, last_of - 1, -1):
        if tokens[position].lower == "of":  # the head of "a poll of (1,200) adults"
            head = position - 1
            break
    return can_make_claims(tokens[end - 2]) or can_make_claims(tokens[head])


def _with_participle_time(tokens: Sequence[Token], end: int) -> int:
    """The end of a participle clause in a source, with the day it happened ("obtained by our
    correspondent on Monday", "published this week"): inside the reduced relative, the time
    modifies the participle."""
    if end + 1 >= len(tokens):
        return end
    dated = tokens[end].lower == "on" and tokens[end + 1].lower in WEEKDAYS
    deictic = tokens[end].lower in _TIME_PREPOSITIONS and tokens[end + 1].lower in TIME_WORDS
    return end + 2 if dated or deictic else end  # "published this week"


def _with_head_of_dangling_postmodifier(tokens: Sequence[Token], start: int) -> int:
    """Where the source starts when its phrase post-modifies a role that does not open its
    clause, commas stripped (FA-KES): in "were killed in Aleppo the head of the monitor said"
    the content cannot end on "the head of", so the role and its determiner are the source's
    head ("the head of the monitor"). Only a determiner-led role noun or title tied by a
    preposition of affiliation is taken: "the town of Deir al-Adas" is a complement, "the head
    in the blast" a place."""
    preposition = start - 1
    head = start - 2
    if head < 1 or tokens[preposition].lower not in _AFFILIATION_PREPOSITIONS:
        return start
    if tokens[head].lower not in _ROLE_HEADS or tokens[head - 1].lower not in DETERMINERS:
        return start
    return head - 1


def can_make_claims(token: Token) -> bool:
    """A head that can speak: a source noun ("officials"), a name ("Republicans on the
    committee"), a plural noun of agents ("supporters of the measure", "opponents"), a
    pronoun of a part ("those in favor of punishment"), a document ("a report by the UN") or
    a cue's nominalisation, which reports what its author said ("a statement by the groups",
    "the claim")."""
    if token.lower in CUES.gerunds or token.lower in CUES.phrases:
        return False  # "According to a source who", "Citing officials in": a cue, capitalised
    if token.is_capitalized or token.lower.startswith(NAME_PARTICLES):
        return True  # "Republicans on ...", "President Bashar al-Assad": a surname after "al-"
    return _is_speaking_noun(token.lower)


def _is_speaking_noun(word: str) -> bool:
    """A common noun that can speak: a source noun ("officials", "the health ministry in
    Gaza", "Industry groups in British Columbia"), a pronoun of a part ("those in favor of"),
    a document or a cue's nominalisation ("a report by the UN", "a statement by the groups")
    or a plural noun of agents ("opponents")."""
    if word in SOURCE_HEADS or word in ORGANISATION_WORDS or _singular(word) in ORGANISATION_WORDS:
        return True
    if word in PARTITIVE_HEADS or word in CUES.evidence_nouns or word in CUES.nouns:
        return True
    return word.endswith(AGENT_PLURALS)


def _singular(word: str) -> str:
    """The singular of a regular plural ("groups", "agencies", "churches"), else the word."""
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _subject_before_parenthetical(tokens: Sequence[Token], comma: int) -> Subject | None:
    """The source of "SUBJECT, INSERTED, said": the subject, unless it is a plain description
    and the inserted phrase is the name ("the group's director, Samir Adoum, said").

    A relative clause, an appositive or an aside ("however") between the commas is skipped.
    With no opening comma nearby, or a subject that does not open its clause, nobody is cited.
    """
    opening = _opening_comma(tokens, comma)
    if opening is None or opening == comma - 1:
        return None
    # the subject as it would stand before a cue in the opening comma's place: "Diplomats
    # involved in the process, speaking privately, said", "A report released by the ministry
    # on Monday, however, said"
    subject = source_before(tokens, opening)
    if subject is None or not opens_clause(tokens, subject.phrase_start):
        return None
    start = subject.phrase_start
    inserted_is_name = is_proper_name(tokens, opening + 1, comma) or _is_titled_name_phrase(
        tokens, opening + 1, comma
    )
    relative = tokens[opening + 1].lower in RELATIVE_OPENERS
    if inserted_is_name and not relative and not is_proper_name(tokens, start, subject.end):
        return Subject(opening + 1, comma, start)
    return Subject(subject.start, subject.end, start)


def _is_titled_name_phrase(tokens: Sequence[Token], start: int, end: int) -> bool:
    """ "state Senator Wade Pruitt", "Ecuadorian diplomat Mateo Villacres": a name of at least
    two words after lower-case role words or capitalised modifiers, with no determiner, as an
    appositive names a person with their title."""
    name = end
    while (
        name > start
        and _in_person_name(tokens[name - 1])
        and not _is_role_word(tokens[name - 1].lower)
    ):
        name -= 1
    if end - name < 2 or name == start:
        return False
    return all(
        token.is_word
        and token.lower not in DETERMINERS
        and (_is_role_word(token.lower) or token.is_capitalized)
        for token in tokens[start:name]
    )


def _speaker_after_quotation(tokens: Sequence[Token], comma: int) -> Subject | None:
    """The speaker named right after a quotation when an appositive with commas of its own
    stands between the name and the cue ('"...," Jim Chilton, senior vice president at Boeing
    Defense, Space, and Security, said'): the phrase from the closing quote to the first
    comma, when it ends in a name."""
    floor = max(-1, comma - 1 - _MAX_APPOSITIVE_AFTER_QUOTE)
    for index in range(comma - 1, floor, -1):
        if tokens[index].text not in QUOTES or index == 0 or tokens[index - 1].text != ",":
            continue
        start = index + 1
        end = next((i for i in range(start, comma) if tokens[i].text == ","), None)
        if end is None or end == start or not tokens[end - 1].is_capitalized:
            return None
        phrase = noun_phrase_before(tokens, end)
        if phrase is None or phrase[0] != start:
            return None
        return Subject(start, end, start)
    return None


def _opening_comma(tokens: Sequence[Token], comma: int) -> int | None:
    """The comma that opens the parenthetical closed by the comma at ``comma``."""
    for index in range(comma - 1, max(-1, comma - 1 - _MAX_PARENTHETICAL), -1):
        token = tokens[index]
        if token.text == ",":
            return index
        part_of_a_word = is_abbreviation_stop(tokens, index) or ends_initialism(tokens, index)
        if not (token.is_word or token.is_digit or part_of_a_word):
            return None  # ", D.C.,": an initialism's last stop is part of it
    return None


def source_after(
    tokens: Sequence[Token], start: int, *, lax: bool, must_end_clause: bool
) -> tuple[int, int] | None:
    """The noun phrase right after a cue: "said the Observatory", "according to analysts".

    ``lax`` (after a closing quote) accepts any words up to the clause end, as in "said the
    parent of one of the children killed in that attack"; otherwise only name-like words count.
    With ``must_end_clause`` the phrase must run to the end of its clause, which tells
    "said Observatory director Rami Abdel Rahman." from "say Moscow has achieved its aim".
    """
    limit = min(len(tokens), start + (_MAX_SOURCE_AFTER_QUOTE if lax else MAX_SOURCE_AFTER))
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
        if is_abbreviation_dot(tokens, position):  # "said Lt. Matt Harris"
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
            or word.endswith(POSSESSIVE)
            or (not must_end_clause and (_is_source_head(word) or word in UNITS))
        )
        if must_end_clause and not lax and _opens_role_complement(tokens, position):
            # "said Rami Abdel Rahman head of the Syrian Observatory.": commas stripped, the
            # role's appositive runs to the clause's end, where the name is cut from it
            lax, limit = True, min(len(tokens), start + _MAX_SOURCE_AFTER_QUOTE)
        if not (lax or name_like):
            break
        position += 1
    if position == start:
        return None
    while position > start and tokens[position - 1].lower in COORDINATORS:
        position -= 1  # "the army and [said]"
    if must_end_clause and position < len(tokens):
        ender = tokens[position]
        ends_clause = ender.text in CLAUSE_PUNCTUATION or ender.lower in SOURCE_END_WORDS
        coordinated = ender.lower in COORDINATORS and position + 1 < len(tokens)
        if coordinated and tokens[position + 1].lower in CUES.finite:
            ends_clause = True  # "said the army and said ..."
        elif coordinated and not ends_clause:
            # "said the army and the police.", not "said Qatari and Egyptian mediators had"
            second = source_after(tokens, position + 1, lax=lax, must_end_clause=True)
            if second is None:
                return None
            position, ends_clause = second[1], True
        if not ends_clause and not adverbial_tail(tokens, position):
            return None
    end = position
    while end > start and tokens[end - 1].lower in NAME_CONNECTORS:
        end -= 1
    span = without_time_tail(tokens, start, _without_appositive(tokens, start, end))
    return None if span is None else _name_in_appositive(tokens, span)


def _opens_role_complement(tokens: Sequence[Token], position: int) -> bool:
    """Whether the preposition at ``position`` opens the complement of a role noun after a
    name ("Rami Abdel Rahman head of", "Ole Solvang director at")."""
    return (
        position >= 2
        and tokens[position].lower in POSTMODIFIER_PREPOSITIONS
        and tokens[position - 1].lower in _ROLE_HEADS
        and not tokens[position - 1].is_capitalized
        and _is_name_word(tokens[position - 2])
    )


def _is_source_head(word: str) -> bool:
    """A noun that heads a source: "officials", "the ministry", "a survey"."""
    return word in SOURCE_HEADS or word in ORGANISATION_WORDS or word in CUES.evidence_nouns


def without_time_tail(tokens: Sequence[Token], start: int, end: int) -> tuple[int, int] | None:
    """The phrase ``[start, end)`` without a closing time ("denied by the army on Friday",
    "quoted a source on Wednesday as saying"); None when nothing is left."""
    if end <= start:
        return None
    last = tokens[end - 1].lower
    timed = last in WEEKDAYS or last in TIME_WORDS
    if timed and end - start > 2 and tokens[end - 2].lower in _TIME_PREPOSITIONS:
        end -= 2
    return (start, end)


def sentence_subject(tokens: Sequence[Token], before: int) -> tuple[int, int] | None:
    """The sentence's subject, past introductions like "However," or "On Thursday,"; an empty
    span when the sentence opens with no subject ("Despite ...", "More ..."), None when none
    is found."""
    start = skip_introduction(tokens, before)
    opening = tokens[start] if start < before else None
    unnamed = opening is not None and opening.is_capitalized and _opens_no_subject(opening)
    if unnamed:
        comma = next(
            (
                index
                for index in range(start, min(before, start + _MAX_INTRO))
                if tokens[index].text == ","
            ),
            None,
        )
        if comma is None:
            return (start, start)  # "Despite urging ... officials ...": a subject not named here
        start = comma + 1  # "Before the vote, the senator ..."
    position = start
    while position < min(before, start + MAX_SOURCE_BEFORE):
        token = tokens[position]
        word = token.lower
        name_like = token.is_capitalized or word in ROLE_NOUNS or word.endswith(POSSESSIVE)
        if is_abbreviation_dot(tokens, position):  # "Gov. Sandra Pettigrew", "the U.S. Army"
            position += 1
            continue
        if not token.is_word or not (name_like or word in NAME_CONNECTORS):
            break
        position += 1
    while position > start and tokens[position - 1].lower in NAME_CONNECTORS:
        position -= 1
    if position < before and (position == start + 1 or tokens[position].text[0].islower()):
        described = _subject_of_first_verb(tokens, start, before)
        if described is not None:  # "A federal judge in Texas blocked", "Private forecasters are"
            return described
    if position == start and tokens[start].lower in ARTICLES:
        position = _common_noun_subject_end(tokens, start, before)
    if position > start:
        return (start, position)
    return (start, start) if unnamed else None  # "Before the vote, the senator ...": unnamed


def _subject_of_first_verb(
    tokens: Sequence[Token], start: int, before: int
) -> tuple[int, int] | None:
    """The subject of the clause's first verb when the sentence opens with a described subject
    rather than a name ("A federal judge in Texas on Thursday blocked ...", "Private
    forecasters are ...", "Some economists suspect ..."): the source before that verb (a
    finite form or a cue verb), read as any source before a cue."""
    for position in range(start + 1, min(before, start + MAX_SOURCE_BEFORE)):
        token = tokens[position]
        if not (token.is_word or token.is_digit) or token.lower in _CLAUSE_INSIDE_SUBJECT:
            return None  # "the fact that Assad is ...": the verb is a clause's in the subject
        if token.text[0].islower() and _opens_verb_group(tokens, position):
            subject = source_before(tokens, position)
            if subject is None or subject.phrase_start < start or subject.start == subject.end:
                return None
            return (subject.start, subject.end)
    return None


def _opens_verb_group(tokens: Sequence[Token], position: int) -> bool:
    """A finite form, or a cue verb that is no noun or agrees with a plural before it: "Some
    economists suspect", not "A federal judge" nor "the case report"."""
    if starts_verb(tokens, position):
        return True
    word = tokens[position].lower
    if word not in CUES.finite:
        return False
    noun = word in CUES.nouns or word in CUES.homographs
    agrees = is_plural_noun(tokens[position - 1].lower) and CUES.lemmas.get(word) == word
    return not noun or agrees


def _common_noun_subject_end(tokens: Sequence[Token], start: int, before: int) -> int:
    """Where an article's subject ends: its words up to the first verb ("The company closed
    the plant and said ..." -> "The company"; ``starts_verb`` tells "The newly elected mayor
    took office" from it); ``start`` when no verb follows within ``_MAX_COMMON_SUBJECT``
    words."""
    for position in range(start + 2, min(before, start + 1 + _MAX_COMMON_SUBJECT)):
        token = tokens[position]
        if starts_verb(tokens, position):
            return position  # "The company closed the plant", not "The newly elected mayor"
        if not token.is_word or token.lower in NP_STOP_WORDS:
            return start
    return start


def _opens_no_subject(token: Token) -> bool:
    """A first word that cannot begin a subject: a preposition or subordinator ("Despite"),
    a comparative quantifier standing alone ("More")."""
    word = token.lower
    if word == "no":
        return False  # "No one bothered mentioning": a negative subject, which says nothing
    return word in NP_STOP_WORDS or word in {"more", "fewer", "less"}


def skip_introduction(tokens: Sequence[Token], before: int) -> int:
    """Where the subject starts, past at most a few openers ("However, Meanwhile," and one
    introducing phrase): bounded, so trying many cues in one sentence stays linear."""
    position = _past_dateline(tokens, before)
    limit = min(before, position + _MAX_INTRO)
    while position < limit and (
        tokens[position].lower in LEADING_ADVERBIALS or is_adverb(tokens[position].lower)
    ):
        position += 1
        if position < before and tokens[position].text == ",":
            position += 1
    if position < before and tokens[position].lower in INTRODUCING_PREPOSITIONS:
        for index in range(position, min(before, position + _MAX_INTRO)):
            if tokens[index].text == ",":
                return _past_year(tokens, index + 1, before)
    return position


def _past_dateline(tokens: Sequence[Token], before: int) -> int:
    """Where the text starts past a dateline ("FRANKFURT —", "KYIV, Ukraine -", "BEIRUT
    (AFP) -"): a place in capitals, a country after a comma, an agency in brackets, then a
    dash; 0 when the sentence opens with none. The place is no subject."""
    position = 0
    limit = min(before, _MAX_DATELINE)
    while position < limit and _is_capital_place_word(tokens[position]):
        position += 1
    if position == 0:
        return 0
    if (
        position + 1 < limit
        and tokens[position].text == ","
        and tokens[position + 1].is_capitalized
    ):
        position += 1
        while position < limit and (
            tokens[position].is_capitalized or _is_initial_stop(tokens, position)
        ):
            position += 1  # "KYIV, Ukraine", "GAZA CITY, Gaza Strip", "NEW YORK, N.Y."
    if position + 2 < limit and tokens[position].text == "(" and tokens[position + 2].text == ")":
        position += 3  # "(AFP)"
    dashes = position
    while dashes < before and tokens[dashes].text in _DATELINE_DASHES:
        dashes += 1  # "WASHINGTON --": two hyphens, two tokens
    return dashes if dashes > position else 0


def _is_initial_stop(tokens: Sequence[Token], position: int) -> bool:
    """The full stop after a single capital of an abbreviated place: "N.Y.", "D.C."."""
    before = tokens[position - 1]
    return tokens[position].text == "." and len(before.text) == 1 and before.is_capitalized


def _is_capital_place_word(token: Token) -> bool:
    """A word in capitals, as a dateline's place is written ("FRANKFURT", "KUALA LUMPUR")."""
    return token.is_word and len(token.text) > 1 and token.text.isupper()


def _past_year(tokens: Sequence[Token], index: int, before: int) -> int:
    """Past the year of a date split by commas ("On Nov. 15, 2019, ...")."""
    year = index + 1 < before and tokens[index].is_digit and len(tokens[index].text) == 4
    return index + 2 if year and tokens[index + 1].text == "," else index


def delimited_source_after(tokens: Sequence[Token], cue: Cue) -> tuple[int, int] | None:
    """ "According to the district health office, ...", "..., according to the aid group Relief
    Without Borders.": any words up to the comma that closes the phrase, or to the sentence end
    after a comma. Without punctuation to close it, the phrase is left to the name-like scan."""
    end = cue.end
    limit = min(len(tokens), cue.end + MAX_SOURCE_AFTER)
    while end < limit and (tokens[end].is_word or is_apostrophe(tokens, end)):
        word = tokens[end].lower
        if word in SOURCE_END_WORDS or word in CUES.gerunds:  # "according to X citing Y"
            break
        end += 1
    after_comma = cue.start > 0 and tokens[cue.start - 1].text == ","
    closed = (
        end < len(tokens)
        and (
            tokens[end].text in {",", ";"}
            # "..., according to a new poll that suggests ...": a relative clause closes the phrase
            or (
                (after_comma or (cue.start <= 1 and "," in (token.text for token in tokens[end:])))
                and end > cue.end
                and _opens_relative_clause(tokens, end)
            )
        )
    )
    ends_sentence = after_comma and only_punctuation_from(tokens, end)
    while end > cue.end and tokens[end - 1].lower in NAME_CONNECTORS:
        end -= 1
    if end > cue.end and not (closed or ends_sentence) and only_punctuation_from(tokens, end):
        # "... on Saturday according to the statement." where commas were stripped (FA-KES)
        # or never written: a source that can speak, not "according to type and location"
        closed = cue.start > 1 and any(can_make_claims(t) for t in tokens[cue.end : end])
    if end > cue.end and (closed or ends_sentence):
        return _name_in_appositive(tokens, (cue.end, _without_appositive(tokens, cue.end, end)))
    return None


def _opens_quoted_predicate(tokens: Sequence[Token], position: int) -> bool:
    """Whether the quote mark at ``position`` opens a partial quotation of the predicate right
    after its subject, an adverb first ('said Tehran "strongly condemns" the strike', 'it
    "firmly opposed"'); a quotation that opens on the verb is the writer's ('Putin "considers
    it inappropriate"'), left as it was."""
    return (
        tokens[position].text in QUOTES
        and tokens[position - 1].is_word
        and opens_quotation(tokens, position)
    )


def _opens_relative_clause(tokens: Sequence[Token], index: int) -> bool:
    """A relative pronoun, or a "that" followed by its clause's verb rather than a subject:
    "a poll that suggests", not the noun's complement in "concerns that it could"."""
    word = tokens[index].lower
    if word in RELATIVE_OPENERS:
        return True
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    return (
        word == "that"
        and following is not None
        and following.is_word
        and not following.is_capitalized
        and not opens_subject(following)
    )


def _name_in_appositive(tokens: Sequence[Token], span: tuple[int, int]) -> tuple[int, int]:
    """The name when a described role after its cue has it as an appositive ("said the
    institute's director, Helen Brackley.", "according to a local council official, Mahmoud
    al-Hassan, who said"): the guidelines' appositive convention; else ``span``."""
    start, end = span
    described = tokens[start].lower in DETERMINERS or tokens[start].lower.endswith(POSSESSIVE)
    role = end - start >= 2 and _is_source_head(tokens[end - 1].lower)
    if not (described and role) or end >= len(tokens) or tokens[end].text != ",":
        return span
    position = end + 1
    while position < min(len(tokens), end + 1 + _MAX_NAME) and (
        _in_person_name(tokens[position]) or is_abbreviation_dot(tokens, position)
    ):
        position += 1  # "the local police chief, Col. Ahmed Saleh."
    if position == end + 1 or not _is_name_word(tokens[end + 1]):
        return span
    lone = position == end + 2 and not _is_person_word(tokens[end + 1])
    if lone:
        return span  # "said a ministry spokesman, Tuesday.", "said the police chief, Kabul."
    if only_punctuation_from(tokens, position):
        return (end + 1, position)
    relative = position + 1 < len(tokens) and tokens[position + 1].lower in {"who", "whose"}
    return (end + 1, position) if tokens[position].text == "," and relative else span


def _is_person_word(token: Token) -> bool:
    """A single capitalised word that may be a surname: no day, month or known place."""
    word = token.lower
    return not (word in WEEKDAYS or word in MONTHS or word in COUNTRY_NAMES or word in TIME_WORDS)


def _without_appositive(tokens: Sequence[Token], start: int, end: int) -> int:
    """Where a name after its cue ends when an article opens its description, commas stripped
    (FA-KES): in "said Tarek a police officer" and "according to Rami Abdul Rahman the head of
    the rights group" the description is the name's appositive, and the name is the source
    (the guidelines' appositive convention)."""
    position = start
    while position < end and (
        _in_person_name(tokens[position]) or is_abbreviation_dot(tokens, position)
    ):
        position += 1
    described = start < position < end - 1 and tokens[position].lower in ARTICLES
    if described and tokens[start].is_capitalized:
        return position
    role = _name_before_role(tokens, start, end)  # "said Rami Abdel Rahman head of the group"
    return end if role is None else role


def undelimited_opening_source(tokens: Sequence[Token], start: int) -> tuple[int, int] | None:
    """The source of "According to the UN official the economy declined" where the comma was
    lost: the noun phrase ends where another begins — a determiner or pronoun after its head, a
    number, a capital after a lower-case head ("According to report ISIS has") — and a clause
    must be left after it."""
    limit = min(len(tokens), start + MAX_SOURCE_AFTER)
    position = start
    while position < limit:
        token = tokens[position]
        previous = tokens[position - 1]
        if is_abbreviation_dot(tokens, position):  # "According to the U.N. hundreds ..."
            position += 1
            continue
        if not token.is_word or token.lower in UNITS or token.lower in TENS:
            break
        linked = previous.lower in NP_STOP_WORDS or previous.lower in POSTMODIFIER_PREPOSITIONS
        after_head = position > start and not linked and previous.lower not in DETERMINERS
        opens_phrase = token.lower in DETERMINERS or token.lower in CLAUSE_SUBJECTS
        in_name = previous.is_capitalized or is_abbreviation_dot(tokens, position - 1)
        if after_head and (opens_phrase or (token.is_capitalized and not in_name)):
            break
        if token.lower in FINITE_MARKERS or token.lower in SUBORDINATORS:
            break
        if any(item.is_digit for item in tokens[position + 1 : position + 3]):
            break  # "at least 40", "more than 12": the count opens the content
        position += 1
    if position in (start, limit) or position >= len(tokens) - 2:
        return None
    return (start, position)


def _skip_back_over_affiliation(tokens: Sequence[Token], position: int) -> int:
    """Past a bracketed aside after a name that is no acronym: "Rep. José Serrano (D-NY)
    said", "Rep. David McKinley (R-W.Va.) said" name Serrano and McKinley."""
    if position < 0 or tokens[position].text != ")" or closes_acronym(tokens, position):
        return position
    for opening in range(position - 1, max(position - _MAX_AFFILIATION, 0), -1):
        if tokens[opening].text == "(":
            return opening - 1 if opening > 0 and tokens[opening - 1].is_word else position
        if tokens[opening].text in QUOTES or tokens[opening].text == ")":
            break
    return position
