"""Word lists the rules are built from.

The open word classes (nouns that count people, words of outcomes, measures, titles, cues) are
data: one file per lexicon under ``lexicons/``, each opening with a line that says where its
words come from, so the rules stay general and a new word is a line of data, never a special
case in the code. The closed classes (determiners, be-forms, prepositions, number words) and
the small grammatical lists the rules are written against stay here, beside their use. All
entries are lower case; lookups use lower-cased tokens.
"""

from __future__ import annotations

from importlib.resources import files


def word_set(words: str) -> frozenset[str]:
    """A lexicon written as one space-separated string: easy to read and to extend."""
    return frozenset(words.split())


def lexicon_set(name: str) -> frozenset[str]:
    """The entries of ``lexicons/<name>`` as a set (one word per line)."""
    return frozenset(read_lexicon(name))


def read_lexicon(name: str) -> list[str]:
    """The entries of ``lexicons/<name>``: one per line, lower case, comments and blanks out."""
    text = files("extractors.claims").joinpath("lexicons", name).read_text(encoding="utf-8")
    entries = []
    for line in text.splitlines():
        entry = line.split("#", 1)[0].strip().lower()
        if entry:
            entries.append(entry)
    return entries


# Abbreviations whose full stop ends neither a sentence nor a name ("Dr. Darwish", "Feb. 22",
# "said Lt. Matt Harris", "Broadhead Co. came up with").
ABBREVIATIONS = lexicon_set("abbreviations.txt")

# --- numbers -------------------------------------------------------------------------------

UNITS: dict[str, int] = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS: dict[str, int] = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fourty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALES: dict[str, int] = {"hundred": 100, "thousand": 1_000, "million": 1_000_000}

# A plural of a round number is a vague count: "thousands dead". The value reported is the unit
# itself (the least the word can mean), flagged by ``approx`` so nobody mistakes it for exact.
VAGUE_COUNTS: dict[str, int] = {
    "dozens": 12,
    "scores": 20,
    "tens": 10,
    "hundreds": 100,
    "thousands": 1_000,
    "millions": 1_000_000,
}

# Qualifiers before a number, longest first so "more than" wins over "more". Each maps to how it
# bounds the value: "low" (value is a lower bound), "high" (an upper bound) or "about" (neither).
QUALIFIERS: dict[tuple[str, ...], str] = {
    ("more", "than"): "low",
    ("no", "fewer", "than"): "low",
    ("no", "less", "than"): "low",
    ("not", "less", "than"): "low",
    ("upwards", "of"): "low",
    ("in", "excess", "of"): "low",
    ("at", "least"): "low",
    ("just", "over"): "low",
    ("well", "over"): "low",
    ("over",): "low",
    ("above",): "low",
    ("almost",): "high",
    ("nearly",): "high",
    ("up", "to"): "high",
    ("as", "many", "as"): "high",
    ("less", "than"): "high",
    ("fewer", "than"): "high",
    ("at", "most"): "high",
    ("close", "to"): "high",
    ("just", "under"): "high",
    ("under",): "high",
    ("about",): "about",
    ("around",): "about",
    ("some",): "about",
    ("approximately",): "about",
    ("roughly",): "about",
    ("an", "estimated"): "about",
    ("estimated",): "about",
    ("approx",): "about",
}

MONTHS = word_set(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
)

# --- who was counted -----------------------------------------------------------------------

DEMONYMS = lexicon_set("demonyms.txt")
CATEGORY_NOUNS: dict[str, str] = {
    noun: category
    for category in ("civilians", "children", "women", "fighters", "people")
    for noun in read_lexicon(f"category_{category}.txt")
}
CATEGORY_NOUNS.update(dict.fromkeys(DEMONYMS, "people"))

# Nouns in the fighters list that also name civilian roles: after a civilian modifier they
# count people ("two federal prison officers", "tribe members", "community leaders").
SIDE_NEEDING_NOUNS = lexicon_set("side_needing_nouns.txt")
CIVILIAN_MODIFIERS = lexicon_set("civilian_modifiers.txt")

# Nouns for one person, counted when written with "a": "including a child", "killing a
# woman", "A shepherd was killed", "A pilot died"; and "a boy of 12" gives an age, not a count.
# They are the singulars of the category lexicons: the nouns whose plural is listed beside them
# ("shepherd"/"shepherds", "baby"/"babies"), and the irregular ones ("child", "person",
# "woman", "man" and its compounds, the relatives of kin_nouns.txt); not the nouns whose side
# needs a modifier ("a member of the council", "an officer").
KIN_NOUNS = lexicon_set("kin_nouns.txt")
ONE_PERSON_NOUNS = frozenset(
    noun
    for noun in CATEGORY_NOUNS.keys() - SIDE_NEEDING_NOUNS
    if noun + "s" in CATEGORY_NOUNS
    or noun[:-1] + "ies" in CATEGORY_NOUNS
    or noun.endswith("man")
    or noun in {"child", "person"}
    or noun in KIN_NOUNS  # "wife"/"wives"
)

# Civilians named by what they do or where they were: a part of the civilian dead, never the
# civilians' total ("three rescue workers ... while six children were also killed").
CIVILIAN_GROUP_NOUNS = lexicon_set("civilian_group_nouns.txt")

# Nouns that end the search for what a number counts: "four years", "ten hours", "40 percent".
MEASURE_NOUNS = lexicon_set("measure_nouns.txt")
# The simple pasts of common irregular verbs: the verb that ends a subject noun phrase.
IRREGULAR_PASTS = lexicon_set("irregular_pasts.txt")
# Predicates whose to-infinitive reports nothing said: "declined to comment".
NON_ASSERTIVE_PREDICATES = lexicon_set("non_assertive_predicates.txt")
# Their past participles where they differ ("seen", "given"): a reduced relative's verb.
IRREGULAR_PARTICIPLES = lexicon_set("irregular_participles.txt")
# Nouns a number after them labels rather than counts: "magnitude 7", "Resolution 2254".
NUMBER_LABELS = lexicon_set("number_labels.txt")

# Nouns that carry their own outcome: "10,000 dead", "400,000 deaths", "15 wounded".
NOUN_OUTCOMES: dict[str, str] = {
    "dead": "killed",
    "deaths": "killed",
    "fatalities": "killed",
    "bodies": "killed",
    "lives": "killed",
    "martyrs": "killed",
    "killed": "killed",
    "wounded": "wounded",
    "injured": "wounded",
}

# --- what happened to them -----------------------------------------------------------------

OUTCOME_WORDS: dict[str, str] = {
    word: outcome
    for outcome in ("killed", "wounded", "displaced", "arrested", "abducted", "missing")
    for word in read_lexicon(f"outcome_{outcome}.txt")
}

# Outcomes written in several words: "have left their homes", "were forced to flee". ("flee" and
# "fleeing" alone are no outcome: "civilians trying to flee were killed" counts the dead.)
OUTCOME_PHRASES: dict[tuple[str, ...], str] = {
    ("left", "their", "homes"): "displaced",
    ("left", "their", "houses"): "displaced",
    ("forced", "to", "flee"): "displaced",
    ("forced", "from", "their", "homes"): "displaced",
    ("driven", "from", "their", "homes"): "displaced",
    ("made", "homeless"): "displaced",
    ("among", "the", "victims"): "killed",
    ("among", "the", "martyrs"): "killed",
    ("the", "victims", "included"): "killed",
    ("the", "victims", "include"): "killed",
    # the idioms of death with a singular "life": "claiming the life of a woman"
    ("claimed", "the", "life"): "killed",
    ("claiming", "the", "life"): "killed",
    ("claims", "the", "life"): "killed",
    ("cost", "the", "life"): "killed",
    ("costing", "the", "life"): "killed",
    ("took", "the", "life"): "killed",
    ("taking", "the", "life"): "killed",
}

# Outcome words that may stand as adjectives before a counted noun: "three displaced children
# have died", "40 wounded civilians"; the verb after the noun, if any, says what happened.
OUTCOME_ADJECTIVES = word_set("displaced wounded injured dead missing detained abducted kidnapped")

# "39 were being treated for injuries", "41 were injured": words between a bare number, its
# verb and the outcome that make the number a count of people.
PREDICATE_VERBS = word_set("were was are is had have")
PREDICATE_BRIDGE = word_set(
    "been being treated for in hospital hospitalised hospitalized taken to with reportedly "
    "also later critically seriously badly severely lightly slightly still"
)
# Outcome verbs that follow a bare number with no be/have form between: "three died".
FINITE_OUTCOME_VERBS = word_set("died perished succumbed")

# Verbs whose object is the victim: "killed four", "kills 4" — a bare number after them is a
# count of people even without a noun.
VICTIM_VERBS = lexicon_set("victim_verbs.txt")
TOLL_WORDS = frozenset({"toll", "tolls"})
# Verbs that give a toll a new value as a participle or past: "bringing the toll to 12",
# "raised the number of dead to 40".
TOLL_RAISING_VERBS = word_set("bringing brought raising raised taking took pushing pushed")

# Words that may sit between a counted noun and its outcome: "civilians had reportedly been
# killed", "children were among the dead".
OUTCOME_BRIDGE = word_set(
    "were was have has had been be being are is also reportedly allegedly later all among "
    "the both who that and , now since subsequently either"
)

# --- who says so ---------------------------------------------------------------------------

# The cue inventory itself (verbs, nouns, phrases) is data: extractors/claims/lexicons/*.txt,
# read by extractors/claims/cues.py.

# What "accept" takes a position on: "accepted the ruling", not "accepted bribes".
PROPOSAL_NOUNS = lexicon_set("proposal_nouns.txt")
CURRENCY_MARKS = frozenset("$£€¥")  # "$5 million": money, never a count of people

# "added to doubts", "said to be", "backed by": the verb is not reporting anything.
NOT_A_CUE_AFTER = frozenset({"to", "by", "up"})
# A participle clause opens after these: "..., saying", "and warning", "while insisting".
PARTICIPLE_OPENERS = word_set("and while before after by when also")
# A passive cue reports only before its complement: "it was reported that", "are believed to",
# "was quoted as saying", "was reported by", "was told:", "was accused of", "charged with".
PASSIVE_COMPLEMENTS = frozenset({"that", "to", "as", "by", ":", ",", "of", "with"})
# The indefinite pronouns of persons (Quirk et al. 1985, 6.45): "don't think anybody expected
# it", "everyone agrees". Like the personal pronouns they take no premodifier.
INDEFINITE_PERSON_PRONOUNS = word_set("anybody anyone everybody everyone nobody somebody someone")
# Pronouns that open a clause: "believes he was wrong", "fears they will".
CLAUSE_SUBJECTS = (
    word_set(
        "i he she we they it there this these those you that's there's it's he's she's "
        "they're we're i'm you're they've we've i've he'd she'd they'd we'd i'd it'll they'll "
        "we'll i'll he'll she'll what's"
    )
    | INDEFINITE_PERSON_PRONOUNS
)
# Negated auxiliaries written without an apostrophe: "cannot", written as one word in standard
# English, and those of texts stripped of punctuation (FA-KES): "didnt", "hasnt". "cant" and
# "wont" are left out (words of their own).
UNMARKED_NEGATIONS = word_set(
    "cannot dont doesnt didnt wouldnt couldnt shouldnt hasnt havent hadnt isnt wasnt arent werent"
)
# Finite verbs that show a clause has begun: "believes the attack was planned".
FINITE_MARKERS = (
    word_set(
        "is was were are will would has have had could should can may might must did does do "
        "don't won't wouldn't can't couldn't isn't wasn't aren't weren't hasn't haven't didn't "
        "doesn't"
    )
    | UNMARKED_NEGATIONS
)
# Participles that relay another source's words within a report ("the agency said, citing
# officials"; "reported, quoting a witness, that"): the relayed source reported the same content.
RELAY_CUES = word_set("citing quoting")
# "X did A and said B": the cue shares the subject of the verb before the coordinator.
COORDINATORS = word_set("and but then")
# Cue lemmas that take an addressee before their clause: "told reporters that", "warned
# residents that" (Levin 1993, 37.2 tell and 37.9 advise verbs).
ADDRESSEE_CUES = word_set(
    "tell inform assure reassure warn remind notify convince persuade advise caution promise "
    "show ask"
)
# A source right after these is a mention inside a clause, not an attribution: "smaller than
# what McKinley said", "more complicated than McKinley suggests".
EMBEDDING_WORDS = word_set("what than")
# Plural endings of nouns for agents: a head that may be a source ("supporters of the
# measure", "opponents") and a sentence-initial capital that makes no name ("Critics",
# "Lawmakers", "Prosecutors"); Quirk et al. (1985), I.34 on agentive suffixes.
AGENT_PLURALS = ("ers", "ors", "ists", "ants", "ents", "ics")
# Determiners that stand alone as a source: "Some said", "Another told reporters".
PRONOMINAL_DETERMINERS = word_set("some another many several both most few all one each")
# Pronouns of a part or a group that head a post-modified source: "those in favor of the bill",
# "one of the officials", "others at the meeting".
PARTITIVE_HEADS = PRONOMINAL_DETERMINERS | word_set("those others none")
POSSESSIVE_PRONOUNS = word_set("his her their its our my your")
# The perfect's "have" before a participle: "had forecast", "have shown".
PERFECT_AUXILIARIES = word_set("have has had having 've")
# The possessives of a relative named beside another person: "a woman and her son".
KIN_POSSESSIVES = word_set("his her their")
# Cognition verbs of FrameNet's Expectation frame: they report a determined noun phrase as well
# as a clause ("Markets had expected the decision"), and their passive with a time reports the
# expected event ("A ruling is expected within weeks").
EXPECTATION_LEMMAS = word_set("expect anticipate")
# A possessed cue noun takes its content from one of these: "his support for the plan",
# "their criticism of the raid", "Obama's request for authorization".
STANCE_PREPOSITIONS = word_set("for of on over about")
# Adverbs that may stand between a subject and its verb ("He has always denied"), besides
# those in -ly: Quirk et al. (1985) 8.63-8.67, frequency and focusing adverbs, and negation.
# The linking adverbials (conjuncts), Quirk et al. (1985) 8.134-8.137: they open a sentence
# ("Meanwhile, ...") or stand between a subject and its verb ("The White House meanwhile said").
LINKING_ADVERBIALS = word_set(
    "meanwhile meantime instead moreover furthermore nonetheless nevertheless therefore thus "
    "likewise separately besides however hence consequently accordingly similarly conversely "
    "additionally finally lastly"
)
ADVERBS = (
    word_set(
        "always never not n't often still already just even also again once ever sometimes "
        "usually soon long later earlier previously since then now yet first too however "
        "recently repeatedly very"
    )
    | LINKING_ADVERBIALS
)
# A short tail after a cue that is an adverbial, not content: "..., X said on Friday", "in a
# statement", "late on Monday", "yesterday".
TAIL_ADVERBIAL_OPENERS = word_set(
    "on in at from during after before late early earlier later today yesterday tonight "
    "last this again also afterwards too monday tuesday wednesday thursday friday saturday "
    "sunday via through without"
)
# Words in -ly that are no adverbs: "The family said", "the assembly voted".
LY_NON_ADVERBS = word_set(
    "family assembly supply rally ally reply daily weekly monthly elderly holy friendly "
    "anomaly monopoly italy july"
)

BE_FORMS = word_set("am is was were are be been being 's")
# Copulas other than "be" before a stance adjective ("remained confident that", "grew worried
# that"): the current and resulting copulas of Quirk et al. (1985), 16.21.
LINKING_VERBS = word_set(
    "feel feels felt feeling remain remains remained seem seems seemed appear appears "
    "appeared become becomes became grow grows grew"
)
AUXILIARIES = (
    word_set(
        "has have had also later earlier previously repeatedly then further again separately "
        "would will could did does do reportedly allegedly publicly should shall might may "
        "must can don't doesn't didn't won't wouldn't can't couldn't shouldn't hasn't haven't "
        "hadn't twice"
    )
    | UNMARKED_NEGATIONS
)
DETERMINERS = word_set(
    "the a an this that these those its their his her our your my another some several many both"
)
PRONOUN_SOURCES = word_set("he she it they we i")
OBJECT_PRONOUNS = word_set("him her them us me you")
PERSON_PRONOUNS = frozenset({"he", "she"})

# Lower-case words that may continue a proper name: "Observatory for Human Rights",
# "Bashar al-Assad", "Ministry of Defence".
# The particles of Arabic, Spanish and French names ("Bashar al-Assad", "Al Jazeera").
NAME_PARTICLE_WORDS = word_set("al el de del bin ibn")
NAME_CONNECTORS = word_set("of for and the") | NAME_PARTICLE_WORDS

# Lower-case words that may stand in a source's noun phrase after the cue ("said Observatory
# director Rami Abdel Rahman", "said the head of the group"), and common nouns that a capital
# at the start of a sentence does not make a name ("Monitoring groups say").
ROLE_NOUNS = lexicon_set("role_nouns.txt")

# A name with one of these is a person even beside an organisation's name: "Observatory head
# Rami Abdel Rahman".
PERSON_TITLES = lexicon_set("person_titles.txt")
ROLE_MODIFIERS = lexicon_set("role_modifiers.txt")
ORGANISATION_ANAPHORS = word_set(
    "group monitor organisation organization observatory agency watchdog network body "
    "charity committee ministry"
)
# An anaphor resolves to the latest organisation whose name has one of these words: "the
# agency" to the "UN refugee agency", never to a monitoring group named after it.
ANAPHOR_ANTECEDENTS: dict[str, frozenset[str]] = {
    "group": word_set(
        "group observatory network monitor watch committee coalition association centre center"
    ),
    "monitor": word_set(
        "monitor monitoring observatory network watch watchdog group centre center"
    ),
    "watchdog": word_set("watchdog watch monitor monitoring observatory network"),
    "observatory": word_set("observatory"),
    "network": word_set("network"),
    "agency": word_set("agency unhcr unicef ocha wfp unrwa reuters afp sana tass"),
    "organisation": word_set(
        "organisation organization agency group committee society crescent cross msf unicef "
        "foundation charity association"
    ),
    "charity": word_set("charity foundation crescent cross msf society"),
    "committee": word_set("committee council"),
    "ministry": word_set("ministry"),
}
ANAPHOR_ANTECEDENTS["organization"] = ANAPHOR_ANTECEDENTS["organisation"]
# Anaphors broad enough to name any organisation when none fits better ("the body").
BROAD_ANAPHORS = word_set("group organisation organization body")
# Modifiers that leave an anaphor generic: "the monitoring group" is an anaphor, "the defence
# ministry" names a ministry of its own.
GENERIC_MODIFIERS = word_set(
    "monitoring rights human aid humanitarian relief medical watchdog war activist opposition "
    "local international independent non-governmental"
)
# Agencies named by a short name ("SANA", "UNICEF"): organisation words that are also names.
AGENCY_NAMES = lexicon_set("agency_names.txt")
ORGANISATION_WORDS = lexicon_set("organisation_words.txt") | AGENCY_NAMES
PLACE_NOUNS = lexicon_set("place_nouns.txt")
COUNTRY_NAMES = lexicon_set("country_names.txt")
EVALUATIVE_ADJECTIVES = lexicon_set("evaluative_adjectives.txt")
POSITION_NOUNS = lexicon_set("position_nouns.txt")
CLAIM_AND_COUNT_NOUNS = lexicon_set("claim_and_count_nouns.txt")

# Heads of a source phrase that a prepositional post-modifier may follow: "Officials in Port
# Selvan", "a diplomat close to the negotiations", "the director of the city hospital", and any
# noun for people ("Farmers near the border").
SOURCE_HEADS = lexicon_set("source_heads.txt") | (
    CATEGORY_NOUNS.keys() - NOUN_OUTCOMES.keys() - {"casualties", "victims", "persons", "martyr"}
)
# Prepositions that attach a post-modifier to a source head, and the words that may stand
# between the head and the preposition ("close to", "reached by", "familiar with").
POSTMODIFIER_PREPOSITIONS = word_set(
    "in at for of from with near to by on inside into along across around outside within"
)
POSTMODIFIER_WORDS = word_set(
    "close familiar reached contacted based loyal speaking interviewed affiliated working "
    "stationed quoted living residing meeting gathered active responsible"
)
# Words after which a source phrase may start a clause: "..., and officials in the town said".
CLAUSE_OPENERS = word_set("and but while whereas yet so as although though because when")
# A parenthetical that opens with one of these is a relative or participle clause about the
# subject before it: "A rebel commander, who asked not to be named, said".
RELATIVE_OPENERS = word_set("who which whose whom")

# Words that end a noun phrase scanned backwards from a cue.
NP_STOP_WORDS = word_set(
    "in on at from with by to into after before during since while as than that which who "
    "whom when where because but or and if though although despite under over against until "
    "unless whereas is was were are be been has have had not no also"
)
# Words that end a source scanned forwards from a cue.
SOURCE_END_WORDS = word_set(
    "who which that adding saying noting claiming according while as after when"
)

HEDGES = lexicon_set("hedges.txt")
# "were believed killed", "is said to": a hedge made of a be-form plus one of these.
PASSIVE_HEDGES = frozenset({"believed", "thought", "reported", "said", "feared", "suspected"})

COMPARATIVE_WORDS = frozenset({"more", "fewer", "less"})

# Sentence openers to skip when looking for the subject: "However, Russia's minister ...".
LEADING_ADVERBIALS = (
    word_set("however but and also earlier later yet still so then afterwards") | LINKING_ADVERBIALS
)
# Words that open no source phrase: where commas were stripped, "on Friday Siege Watch said"
# and "Meanwhile SANA reported" leave a weekday or an adverbial before the source, and a
# capitalised "Consequently" opening the sentence is no name.
NOT_IN_SOURCES = (
    word_set(
        "monday tuesday wednesday thursday friday saturday sunday today yesterday tonight elsewhere"
    )
    | LEADING_ADVERBIALS
)
# "On Thursday, Russia ...", "In Idlib province, doctors ...": introductions before a subject.
INTRODUCING_PREPOSITIONS = word_set(
    "in on at after during since under by with following last earlier for amid despite as "
    "while when"
)
WEEKDAYS = word_set("monday tuesday wednesday thursday friday saturday sunday")
# Time words end a source scanned backwards: "Last week Russia said" names Russia.
TIME_WORDS = word_set(
    "week weekend month year day days today yesterday tonight night morning afternoon evening "
    "earlier later"
)
