"""The cue inventory: which words and phrases attribute content to a source, read from data.

Each class of cue lives in its own file under ``lexicons/`` with a header saying which linguistic
resource the class comes from (Levin's verb classes, FrameNet frames, nominalisations), so the
inventory grows by a line of data, never by a rule. Verbs are listed by lemma; their inflected
forms are generated here, with irregular forms given in the file. The tables are built once,
at import, into dictionaries keyed by the lower-cased word, so a token costs one lookup.

A cue's *class* tells the attribution rules what complement it needs:

- ``speech`` and ``judgement`` verbs report with any object ("denied the allegations",
  "praised the volunteers for their courage");
- ``clause`` verbs (cognition, evidence, replies) only with a clause after them ("believes
  that", "expects the talks to fail", "a poll showed support was falling"), a quotation, or as an
  aside (", he added."), since with a plain object they report nothing ("added five points").
"""

from __future__ import annotations

from dataclasses import dataclass

from extractors.claims.lexicon import read_lexicon

SPEECH = "speech"
JUDGEMENT = "judgement"
CLAUSE = "clause"
DIRECTIVE = "directive"  # a cue only with an object and its to-infinitive: "ordered X to leave"

# Files in order of precedence: a verb in two classes keeps the first ("insist" is speech).
_VERB_FILES = (
    ("cue_verbs_speech.txt", SPEECH),
    ("cue_verbs_judgement.txt", JUDGEMENT),
    ("cue_verbs_response.txt", CLAUSE),
    ("cue_verbs_cognition.txt", CLAUSE),
    ("cue_verbs_evidence.txt", CLAUSE),
    ("cue_verbs_directive.txt", DIRECTIVE),
)
_VOWELS = frozenset("aeiou")


_IRREGULAR = {
    lemma.strip(): forms.split()
    for lemma, _, forms in (entry.partition(":") for entry in read_lexicon("irregular_verbs.txt"))
}


@dataclass(frozen=True, slots=True)
class VerbForms:
    """The forms of one verb: ``finite`` (base, third person, past), the past ``participle``
    and the ``gerund``."""

    lemma: str
    finite: tuple[str, ...]
    participle: str
    gerund: str


def verb_forms(entry: str) -> VerbForms:
    """Forms of a lexicon entry "lemma" or "lemma: PAST PARTICIPLE [GERUND]".

    Regular inflection: "-s"/"-es"/"-ies", "-d"/"-ed"/"-ied", "-ing" with a silent "e"
    dropped. Doubled consonants ("admitted") come from the entry, irregular pasts ("said",
    "spoke") from the entry or else from ``irregular_verbs.txt``.
    """
    lemma, _, irregular = entry.partition(":")
    lemma = lemma.strip()
    given = irregular.split() or _IRREGULAR.get(lemma, [])
    past = given[0] if given else _regular_past(lemma)
    participle = given[1] if len(given) > 1 else past
    gerund = given[2] if len(given) > 2 else _regular_gerund(lemma)
    return VerbForms(lemma, (lemma, _third_person(lemma), past), participle, gerund)


def _third_person(lemma: str) -> str:
    if lemma.endswith(("s", "x", "z", "ch", "sh")):
        return lemma + "es"
    if lemma.endswith("y") and lemma[-2:-1] not in _VOWELS:
        return lemma[:-1] + "ies"
    return lemma + "s"


def _regular_past(lemma: str) -> str:
    if lemma.endswith("e"):
        return lemma + "d"
    if lemma.endswith("y") and lemma[-2:-1] not in _VOWELS:
        return lemma[:-1] + "ied"
    return lemma + "ed"


def _regular_gerund(lemma: str) -> str:
    if lemma.endswith("ie"):
        return lemma[:-2] + "ying"
    if lemma.endswith("e") and not lemma.endswith(("ee", "ye", "oe")):
        return lemma[:-1] + "ing"
    return lemma + "ing"


@dataclass(frozen=True, slots=True)
class CueInventory:
    """Every cue, by the form it takes in text.

    ``finite``, ``participles`` and ``gerunds`` map a verb form to its class; ``lemmas`` maps
    every form to its lemma; ``nouns`` is the set of noun cues; ``phrases`` maps a phrase's
    first word to its (words, role) pairs, longest first, role being "finite", "participle"
    (a gerund opens it: "taking to Twitter to say") or "after" (the source follows: "according
    to"); ``inverting`` the lemmas that may precede their subject ("said the ministry");
    ``to_infinitive`` the lemmas that report with a to-infinitive ("vowed to retaliate");
    ``addressing`` the lemmas whose object is the addressee ("was told that");
    ``pasts`` the past-tense forms, which are never nouns ("said", "labelled");
    ``homographs`` the verb forms that are as often nouns ("states", "protests", "label");
    ``labelling`` the forms of the verbs that report a judgement as object and complement
    ("called the strike a war crime"); ``hearsay`` the adverbs that report without naming a
    source ("reportedly") and ``hearsay_adjectives`` their attributive counterparts ("an
    alleged attack"); ``adjectives`` the stance adjectives, each mapped to whether it
    takes a to-infinitive as its content ("eager to", not "sure to"); ``evidence`` the forms
    of the evidence verbs, which take a plain object after a piece of evidence ("a poll
    shows majority support"), and ``evidence_nouns`` those pieces of evidence;
    ``of_content_nouns`` the noun cues whose bare plural reports the event of its of-phrase
    ("reports of casualties"); ``reception`` the forms of the verbs that take a judgement as
    object and make their subject its target, and ``received_nouns`` those judgements ("the
    move drew criticism from Democrats"); ``gerund_takers`` the forms of the verbs whose
    object may be a gerund naming an act, no participle cue ("denied supporting the rebels").
    """

    finite: dict[str, str]
    participles: dict[str, str]
    gerunds: dict[str, str]
    lemmas: dict[str, str]
    nouns: frozenset[str]
    phrases: dict[str, tuple[tuple[tuple[str, ...], str], ...]]
    inverting: frozenset[str]
    to_infinitive: frozenset[str]
    addressing: frozenset[str]
    pasts: frozenset[str]
    homographs: frozenset[str]
    labelling: frozenset[str]
    hearsay: frozenset[str]
    hearsay_adjectives: frozenset[str]
    adjectives: dict[str, bool]
    evidence: frozenset[str]
    evidence_nouns: frozenset[str]
    of_content_nouns: frozenset[str]
    reception: frozenset[str]
    received_nouns: frozenset[str]
    gerund_takers: frozenset[str]


def _load() -> CueInventory:
    finite: dict[str, str] = {}
    participles: dict[str, str] = {}
    gerunds: dict[str, str] = {}
    lemmas: dict[str, str] = {}
    pasts: set[str] = set()
    reporting_bases: list[str] = []
    known: dict[str, VerbForms] = {}  # a phrase's verb inflects as its own entry does
    for name, cue_class in _VERB_FILES:
        for entry in read_lexicon(name):
            forms = verb_forms(entry)
            known.setdefault(forms.lemma, forms)
            for form in forms.finite:
                finite.setdefault(form, cue_class)
            participles.setdefault(forms.participle, cue_class)
            pasts.add(forms.finite[2])
            gerunds.setdefault(forms.gerund, cue_class)
            for form in (*forms.finite, forms.participle, forms.gerund):
                lemmas.setdefault(form, forms.lemma)
            if cue_class in {SPEECH, JUDGEMENT}:
                reporting_bases.append(forms.lemma)
    platforms = read_lexicon("cue_platforms.txt")
    phrases: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for line in read_lexicon("cue_phrases.txt"):
        first, *rest = line.split()
        forms = known.get(first) or verb_forms(first)  # "admitted to", not "admited to"
        for tail in _expand(rest, reporting_bases, platforms):
            for form in (*forms.finite, forms.participle):
                phrases.setdefault(form, []).append(((form, *tail), "finite"))
            phrases.setdefault(forms.gerund, []).append(((forms.gerund, *tail), "participle"))
    for line in read_lexicon("source_after_cues.txt"):
        words = tuple(line.split())
        phrases.setdefault(words[0], []).append((words, "after"))
    inverting = frozenset(read_lexicon("inverting_cue_verbs.txt"))
    return CueInventory(
        finite=finite,
        participles=participles,
        gerunds=gerunds,
        lemmas=lemmas,
        nouns=frozenset(read_lexicon("cue_nouns.txt")),
        phrases={
            word: tuple(sorted(set(entries), key=lambda entry: (-len(entry[0]), entry)))
            for word, entries in phrases.items()
        },
        inverting=inverting,
        to_infinitive=frozenset(read_lexicon("to_infinitive_cue_verbs.txt")),
        addressing=frozenset(read_lexicon("addressee_cue_verbs.txt")),
        pasts=frozenset(pasts),
        labelling=frozenset(
            form
            for entry in read_lexicon("cue_verbs_labelling.txt")
            for forms in [verb_forms(entry)]
            for form in (*forms.finite, forms.gerund)
        ),
        homographs=frozenset(
            form for line in read_lexicon("cue_noun_homographs.txt") for form in line.split()
        ),
        hearsay=frozenset(read_lexicon("cue_adverbs_hearsay.txt")),
        hearsay_adjectives=frozenset(read_lexicon("cue_adjectives_hearsay.txt")),
        evidence=frozenset(
            form
            for entry in read_lexicon("cue_verbs_evidence.txt")
            for forms in [verb_forms(entry)]
            for form in (*forms.finite, forms.participle)
        ),
        evidence_nouns=frozenset(read_lexicon("evidence_nouns.txt")),
        of_content_nouns=frozenset(read_lexicon("cue_nouns_of_content.txt")),
        reception=frozenset(
            form
            for entry in read_lexicon("reception_verbs.txt")
            for forms in [verb_forms(entry)]
            for form in (*forms.finite, forms.participle, forms.gerund)
        ),
        received_nouns=frozenset(read_lexicon("received_judgement_nouns.txt")),
        adjectives={
            word.strip(): marker.strip() != "clause"
            for word, _, marker in (
                entry.partition(":") for entry in read_lexicon("cue_adjectives_stance.txt")
            )
        },
        gerund_takers=frozenset(
            form
            for entry in read_lexicon("gerund_complement_verbs.txt")
            for forms in [verb_forms(entry)]
            for form in (*forms.finite, forms.participle)
        ),
    )


def _expand(
    words: list[str], reporting_bases: list[str], platforms: list[str]
) -> list[tuple[str, ...]]:
    """The word sequences a phrase tail stands for, its slots filled in (a slot's filler may
    be several words: "social media")."""
    tails: list[tuple[str, ...]] = [()]
    for word in words:
        options = {"<cue>": reporting_bases, "<platform>": platforms}.get(word, [word])
        tails = [(*tail, *option.split()) for tail in tails for option in options]
    return tails


CUES = _load()
