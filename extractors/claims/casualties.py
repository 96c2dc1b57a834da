"""The article's headline toll per outcome and category.

News leads with its event: the first sentence with an exact casualty count (headline or lead)
sets the headline toll, and later sentences may break it down ("Five women ... were among the
dead", "put the toll at 58, saying there were 11 children"). Later sentences about *another*
event must not leak in, so a sentence is read as part of the headline event unless:

- it is background about the whole war ("... have been killed since the conflict began");
- it opens a digression ("Elsewhere", "Meanwhile", "a day ago", "last week", "the October 13
  attack", "in a separate part of the city", a place placed from the headline's: "further north",
  "in neighbouring Hama", "in the nearby town of"; "the incident comes after"), or a sentence
  with no count did so since;
- it gives a total of people or civilians that contradicts the headline event's total for the
  same outcome ("killed 126 people including 60 children" after a lead of six dead; the event's
  totals are the lead's and those restated since) — and the sentences after it, until one
  restates an event total or, restating none, refers back to "the attack", continue that other
  event.

A lead that counts its dead only vaguely ("killed scores of insurgents") is still the headline
event: a digression after it ("In a separate incident, a rocket killed four civilians") sets
no toll.

A total *smaller* than the headline event's total of people or civilians, while the text is on
that event, is a smaller tally of it (another source's, one town's share): its parts (children,
women, fighters, named groups) fill the toll's empty categories, its totals never replace the
headline's, and the text stays on the headline event ("killed 85 civilians ... the Observatory
said 56 civilians including 11 children were killed in the strikes").

A toll given a new value while the text is on the headline event ("the death toll rose to
23", "bringing the toll to eight") raises the event's total to it: the same category's, or, for
a count of people, the event's one total ("killed 16 soldiers ... The death toll rose to 23").
A toll of the whole war ("the death toll from the war has risen to") is background.

A total for an outcome the event has no total for yet ("at least 40 people were wounded" after
a lead of 23 killed) contradicts nothing: it adds to whichever event the text is on.

Civilians named by what they do ("rescue workers", "medics", "students") are a part of the
civilian dead, never the civilians' total, and so are men listed beside women or children
("five men, three women and four children"). ``non_combatants`` is every victim not counted as
a fighter: the civilians' total; else the people counted less the fighters; else the children,
women, named civilian groups and listed men added up; else None.

A quotation of several sentences, one sentence for its claim, is read here sentence by
sentence (``sentences.sentence_pieces``): the war's background at its end does not take its
lead with it.

Per (outcome, category) the first count read wins. Vague counts ("dozens", "thousands") are a
lower bound, not a toll, and are left out. A count of "people" equal to the count of civilians or
fighters of the same event is the same victims named generically, so it is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from extractors.claims.lexicon import (
    CATEGORY_NOUNS,
    CIVILIAN_GROUP_NOUNS,
    KIN_NOUNS,
    KIN_POSSESSIVES,
    TOLL_RAISING_VERBS,
    VAGUE_COUNTS,
)
from extractors.claims.model import Casualties, Quantity, Toll

_ROLL_UP_OUTCOMES = ("killed", "wounded")
_CIVILIAN_GROUP = "civilian group"  # the roll-up's own category: "three rescue workers"
_MEN = "men"  # the roll-up's own category: "five men, three women and four children"
# The male counterparts of the women's nouns, and the relatives who are neither women nor
# children ("a woman and her son", "a man and his brother").
_ONE_MAN_NOUNS = frozenset({"man", "male"})
_KIN_FORMS = KIN_NOUNS | frozenset(
    noun + "s"
    for noun in KIN_NOUNS
    if noun + "s" in CATEGORY_NOUNS  # "sons", not "childs"
)
_MEN_NOUNS = frozenset({"men", "males"}) | frozenset(
    form for form in _KIN_FORMS if CATEGORY_NOUNS.get(form) == "people"
)
_WOMEN_AND_CHILDREN = frozenset({"women", "children"})
_TOTAL_CATEGORIES = frozenset({"people", "civilians"})
_ROUNDING_BOUNDS = frozenset({"more than", "over", "upwards of", "in excess of"})
_SPECIFIC_GROUPS = ("civilians", "fighters")
_EVENT_TOTALS = frozenset({"people", "civilians", "fighters"})
_LEAD_SENTENCES = 3  # a headline, a dateline or standfirst, and the lead
_WAR = r"(?:war|conflict|uprising|revolt|revolution|crisis)"
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
# Linear-time patterns: every gap is a bounded repeat of a single character class.
_BACKGROUND = re.compile(
    rf"\bsince (?:the )?(?:start|beginning|outbreak|onset|eruption) of\b[^.]{{0,40}}\b{_WAR}"
    rf"|\bsince (?:(?:early|mid|late|{_MONTH}) )?(?:19|20)\d\d\b"  # a count over years
    rf"|\bsince {_MONTH} \d{{1,2}}\b|\bsince the (?:start|beginning) of (?:the|this) year\b"
    rf"|\b{_WAR}\b[^.]{{0,80}}\b(?:began|erupted|started|broke out)\b"
    rf"|\b{_WAR}\b,?[^.]{{0,40}}\b(?:has|have|had) (?:killed|claimed|left|resulted in|cost)\b"
    rf"|\btoll\b[^.]{{0,40}}\b{_WAR}\b"  # "the death toll from the war has risen to"
    r"|\b(?:killed|died|dead|deaths|lives)\b[^.]{0,40}\bin (?:the|syrias|syria's|syria\u2019s) "
    rf"(?:\w{{1,20}} ){{0,2}}{_WAR}\b",
    re.IGNORECASE,
)
_EVENT = r"(?:attack|bombing|strike|raid|massacre|blast|assault|explosion|shelling)"
_DIGRESSION = re.compile(
    r"^\W*(?:elsewhere|meanwhile|separately|in other news)\b"
    rf"|\b(?:the|an?) (?:{_MONTH} \d{{1,2}}|\d{{1,2}} {_MONTH}) (?:\w{{1,20}} )?{_EVENT}\b"
    r"|\b(?:in (?:a )?(?:separate|another|different) (?:incident|attack|development|strike|raid"
    r"|part|area|town|village|city|province|district|neighbou?rhood)"
    r"|in (?:other|related|further) developments?|in other (?:parts|areas|towns|provinces)"
    r"|(?:further|farther) (?:north|south|east|west)|in (?:the )?neighbou?ring"
    r"|in the nearby (?:town|village|city|district)"
    r"|(?:comes|came) (?:a day |days |weeks? )?after"
    r"|a day (?:ago|earlier|before)|days? earlier|the (?:previous|day before)"
    r"|last (?:week|month|year)|earlier this (?:week|month|year))\b",
    re.IGNORECASE,
)


_BACK_REFERENCE = re.compile(rf"\bthe {_EVENT}s?\b", re.IGNORECASE)
# A toll given a new value: "the death toll rose to 23", "bringing the toll to eight".
_TOLL = r"(?:toll|number of (?:dead|deaths|people killed|victims))"
_UPDATE = re.compile(
    rf"\b{_TOLL}\b[^.]{{0,80}}?\b(?:rose|risen|climbed|increased|jumped|reached|soared)\b"
    rf"|\b(?:{'|'.join(sorted(TOLL_RAISING_VERBS))})\s+(?:the\s+)?(?:\w+\s+)?{_TOLL}",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class SentenceCounts:
    """The quantities of one sentence and what kind of sentence it is."""

    quantities: tuple[Quantity, ...]
    background: bool
    digression: bool
    refers_back: bool  # "in the attack": back to the headline event after a digression
    updates: bool = False  # "the death toll rose to 23": a new figure for the event's toll
    position: int = 0  # the article sentence it is (or is a piece of), from the headline's 0


def classify(sentence: str, quantities: tuple[Quantity, ...], position: int = 0) -> SentenceCounts:
    """Wrap a sentence's quantities with its background and digression flags (a sentence with
    no quantity needs only the latter) and its ``position`` in the article."""
    digression = _DIGRESSION.search(sentence) is not None
    if not quantities:
        return SentenceCounts(quantities, False, digression, False, position=position)
    return SentenceCounts(
        quantities,
        background=_BACKGROUND.search(sentence) is not None,
        digression=digression,
        refers_back=_BACK_REFERENCE.search(sentence) is not None,
        updates=_UPDATE.search(sentence) is not None,
        position=position,
    )


def roll_up(sentences: Iterable[SentenceCounts]) -> Casualties:
    """Headline toll from the article's sentences, given in article order."""
    firsts: dict[tuple[str, str], int] = {}
    known_totals: dict[str, set[int]] = {}  # outcome -> the headline event's totals
    rounded: dict[tuple[str, str], int] = {}  # the headline's totals written "more than N"
    in_headline_event = True
    vague_headline = False  # the lead counted its dead vaguely: "killed scores of insurgents"
    for sentence in sentences:
        relatives = any(_is_relative(quantity) for quantity in sentence.quantities)
        counts = _men_beside_women_and_children(
            _listed_parts_added_up(
                [
                    count
                    for quantity in sentence.quantities
                    if not (sentence.updates and _is_increment(quantity))
                    for count in (_count(quantity, relatives),)
                    if count is not None
                ],
                relatives,
            )
        )
        if not counts and firsts and sentence.digression:
            in_headline_event = False  # "Elsewhere, fighting raged ...": the text moves on
        if not firsts and not counts and not sentence.background:
            vague_headline = vague_headline or any(
                quantity.outcome in _ROLL_UP_OUTCOMES for quantity in sentence.quantities
            )
        if not counts or sentence.background:
            continue
        if not firsts and vague_headline and sentence.digression:
            continue  # "killed scores of insurgents. In a separate incident, a rocket killed four"
        past_lead = sentence.position >= _LEAD_SENTENCES
        if not firsts:
            known_totals = _totals(counts, categories=None)
            rounded = _rounded_totals(sentence.quantities)
        elif sentence.digression and (past_lead or not _restates_a_total(counts, known_totals)):
            in_headline_event = False
            continue
        elif in_headline_event and sentence.updates and _update_toll(counts, firsts):
            continue  # "The death toll rose to 23": the event's toll, updated
        else:
            totals = _totals(counts, categories=_TOTAL_CATEGORIES)
            if in_headline_event and _breaks_down(totals, firsts):
                for outcome, category, value in counts:
                    if category not in _TOTAL_CATEGORIES:
                        firsts.setdefault((outcome, category), value)
                continue
            if in_headline_event and _replace_round_totals(totals, rounded, firsts):
                # "killed more than 30 people ... At least 31 people have been killed": the
                # same toll, written exactly
                rounded = {}
                known_totals = {outcome: set(values) for outcome, values in totals.items()}
                continue
            in_headline_event = _continues_headline_event(
                totals, known_totals, in_headline_event, sentence.refers_back
            )
            if not in_headline_event:
                continue
            for outcome, values in totals.items():
                known_totals.setdefault(outcome, set()).update(values)
        for outcome, category, value in counts:
            firsts.setdefault((outcome, category), value)
    tolls = {outcome: _toll(firsts, outcome) for outcome in _ROLL_UP_OUTCOMES}
    return Casualties(killed=tolls["killed"], wounded=tolls["wounded"])


def _restates_a_total(
    counts: list[tuple[str, str, int]], known_totals: dict[str, set[int]]
) -> bool:
    """Whether a sentence of the lead gives one of the headline event's totals again ("nine
    civilians ... killed in air strikes earlier this week" after a headline of nine): the same
    event, whatever time or place it names."""
    totals = _totals(counts, categories=_TOTAL_CATEGORIES)
    return any(
        not values.isdisjoint(known_totals.get(outcome, set()))
        for outcome, values in totals.items()
    )


def _update_toll(counts: list[tuple[str, str, int]], firsts: dict[tuple[str, str], int]) -> bool:
    """Raise the headline event's total to a larger figure the toll was updated to: the same
    category's, or, for a count of people, the event's one total ("killed 16 soldiers ... the
    toll rose to 23"). True when a total was raised."""
    raised = False
    for outcome, category, value in counts:
        target = (outcome, category)
        if target not in firsts and category == "people":
            named = [key for key in firsts if key[0] == outcome and key[1] in _EVENT_TOTALS]
            target = named[0] if len(named) == 1 else target
        if target in firsts and value > firsts[target]:
            firsts[target] = value
            raised = True
        elif target not in firsts and category in _EVENT_TOTALS:
            parts = [count for (counted, _), count in firsts.items() if counted == outcome]
            if parts and value > max(parts):  # "killing 20 worshippers ... had risen to 46"
                firsts[target] = value
                raised = True
    return raised


def _rounded_totals(quantities: Iterable[Quantity]) -> dict[tuple[str, str], int]:
    """The totals a lead gives as a round lower bound ("more than 30 people", "over 100
    civilians"), by (outcome, category)."""
    return {
        (quantity.outcome, quantity.category): quantity.value
        for quantity in quantities
        if quantity.approx in _ROUNDING_BOUNDS
        and quantity.category in _TOTAL_CATEGORIES
        and quantity.outcome is not None
        and quantity.value is not None
    }


def _replace_round_totals(
    totals: dict[str, set[int]],
    rounded: dict[tuple[str, str], int],
    firsts: dict[tuple[str, str], int],
) -> bool:
    """Replace a round headline total with a later total that fits it ("more than 30" then
    "at least 31"): just above the bound, within a tenth of it. True when one was replaced."""
    replaced = False
    for (outcome, category), bound in rounded.items():
        fitting = [value for value in totals.get(outcome, ()) if bound < value <= bound * 1.1 + 1]
        if fitting and firsts.get((outcome, category)) == bound:
            firsts[(outcome, category)] = min(fitting)
            replaced = True
    return replaced


def _men_beside_women_and_children(
    counts: list[tuple[str, str, int]],
) -> list[tuple[str, str, int]]:
    """Counts of men listed beside women or children of the same outcome are one part of the
    victims, as the women and the children are ("five men, three women and four children"),
    not their total; counted alone, men are people."""
    listed = {outcome for outcome, category, _ in counts if category in _WOMEN_AND_CHILDREN}
    return [
        (outcome, "people" if category == _MEN and outcome not in listed else category, value)
        for outcome, category, value in counts
    ]


def _listed_parts_added_up(
    counts: list[tuple[str, str, int]], relatives: bool
) -> list[tuple[str, str, int]]:
    """Parts listed in one sentence as one part, their sum: civilians named by role ("A doctor
    and two nurses were killed": three of the civilian dead); and where ``relatives`` are
    listed, men ("a man and his brother", "two men and their father") and women ("a woman and
    her sister") with at most one count of more than one person. Without a relative the same
    noun twice may be the same person told twice ("A woman was killed ... A woman was killed",
    a title and its lead run together), and "12 women, three women from one family" a part
    of a part."""
    for category in (_CIVILIAN_GROUP, _MEN, "women"):
        parts = [count for count in counts if count[1] == category]
        if len(parts) < 2 or len({outcome for outcome, _, _ in parts}) > 1:
            continue
        if category != _CIVILIAN_GROUP and (
            not relatives or sum(value > 1 for _, _, value in parts) > 1
        ):
            continue
        rest = [count for count in counts if count[1] != category]
        counts = [*rest, (parts[0][0], category, sum(value for _, _, value in parts))]
    return counts


def _totals(
    counts: Iterable[tuple[str, str, int]], categories: frozenset[str] | None
) -> dict[str, set[int]]:
    """Values per outcome, of the given categories (all when None)."""
    totals: dict[str, set[int]] = {}
    for outcome, category, value in counts:
        if categories is None or category in categories:
            totals.setdefault(outcome, set()).add(value)
    return totals


def _breaks_down(totals: dict[str, set[int]], firsts: dict[tuple[str, str], int]) -> bool:
    """Whether a later sentence's totals are smaller than the headline event's total of
    people or civilians for the same outcome, so its parts can be parts of that toll."""
    compared = 0
    for outcome, values in totals.items():
        headline = [firsts[(outcome, c)] for c in _TOTAL_CATEGORIES if (outcome, c) in firsts]
        if not headline:
            continue
        if max(values) >= max(headline):
            return False
        compared += 1
    return compared > 0


def _continues_headline_event(
    totals: dict[str, set[int]],
    known_totals: dict[str, set[int]],
    in_headline_event: bool,
    refers_back: bool,
) -> bool:
    """Whether a later sentence is about the headline event: it restates one of the event's
    totals, or contradicts none and refers back to it, or contradicts none while the text is
    on the headline event anyway."""
    compared = [outcome for outcome in totals if outcome in known_totals]
    if any(not totals[outcome].isdisjoint(known_totals[outcome]) for outcome in compared):
        return True
    if compared:
        return False
    return in_headline_event or refers_back


def _is_relative(quantity: Quantity) -> bool:
    """ "her son", "two sons", "his wife": a relative of another victim, a person of their
    own."""
    words = quantity.text.lower().split()
    return words[0] in KIN_POSSESSIVES or words[-1] in _KIN_FORMS


def _is_increment(quantity: Quantity) -> bool:
    """ "three more bodies", "Two more victims": what was added to a toll, not the toll."""
    words = quantity.text.lower().split()
    return len(words) > 2 and words[1] == "more"


def _count(quantity: Quantity, relatives: bool) -> tuple[str, str, int] | None:
    """(outcome, category, value) of a quantity that can enter the toll, else None. Beside a
    relative, "a man" is one of the men ("a man and his brother")."""
    outcome, category, value = quantity.outcome, quantity.category, quantity.value
    if value is None and quantity.low is not None and quantity.high is not None:
        value = quantity.low  # "between 50 and 60 people": a range counts its lower bound
    if outcome is None or outcome not in _ROLL_UP_OUTCOMES or category is None or value is None:
        return None
    if quantity.approx is not None and quantity.approx.split()[-1] in VAGUE_COUNTS:
        return None
    words = quantity.text.lower().split()
    if category == "civilians" and (words[-1] in CIVILIAN_GROUP_NOUNS or "and" in words[-3:]):
        category = _CIVILIAN_GROUP  # "three rescue workers", "23 women and children": parts
    elif category == "people" and (
        words[-1] in _MEN_NOUNS or (relatives and words[-1] in _ONE_MAN_NOUNS)
    ):
        category = _MEN  # a part when women or children are listed beside them
    return outcome, category, value


def _toll(firsts: dict[tuple[str, str], int], outcome: str) -> Toll:
    people = firsts.get((outcome, "people"))
    if people in {firsts.get((outcome, group)) for group in _SPECIFIC_GROUPS}:
        people = None
    civilians = firsts.get((outcome, "civilians"))
    combatants = firsts.get((outcome, "fighters"))
    children = firsts.get((outcome, "children"))
    women = firsts.get((outcome, "women"))
    parts = [children, women, firsts.get((outcome, _CIVILIAN_GROUP)), firsts.get((outcome, _MEN))]
    return Toll(
        civilians=civilians,
        children=children,
        women=women,
        combatants=combatants,
        people=people,
        non_combatants=non_combatants(civilians, people, combatants, parts),
    )


def non_combatants(
    civilians: int | None,
    people: int | None,
    combatants: int | None,
    parts: Iterable[int | None],
) -> int | None:
    """Every victim not counted as a fighter: the civilians' total; else the people counted,
    less the fighters when both are counted and the fighters are fewer; else the sum of the
    civilian ``parts`` counted (children, women, named groups, listed men); else None."""
    if civilians is not None:
        return civilians
    if people is not None:
        if combatants is not None and combatants > people:
            return people  # more fighters than people: not a part of them ("a family of seven")
        return people - (combatants or 0)
    counted = [part for part in parts if part is not None]
    return sum(counted) if counted else None
