"""The article's headline toll per outcome and category.

News states its headline toll first (headline, then lead) and breaks it down or adds background
later, so per (outcome, category) the first exact count wins. Two kinds of count are left out:
vague ones ("dozens", "thousands": a lower bound, not a toll) and background ones — sentences
about the whole war ("Syria's civil war has killed more than 300,000 people since 2011"), which
are not the article's event.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from extractors.claims.lexicon import VAGUE_COUNTS
from extractors.claims.model import Casualties, Quantity, Toll

_ROLL_UP_OUTCOMES = ("killed", "wounded")
_ROLL_UP_CATEGORIES = {
    "civilians": "civilians",
    "children": "children",
    "women": "women",
    "fighters": "combatants",
    "people": "people",
}
_WAR = r"(?:war|conflict|uprising|revolt|revolution|crisis|violence|fighting)"
# Linear-time patterns: bounded gaps ({0,n} over a single character class) only.
_BACKGROUND = re.compile(
    rf"\bsince (?:the )?(?:start|beginning|outbreak|onset|eruption)\b"
    rf"|\bsince (?:(?:early|mid|late|march) )?(?:2011|2012)\b"
    rf"|\b{_WAR}\b[^.]{{0,80}}\b(?:began|erupted|started|broke out)\b"
    rf"|\b{_WAR}\b,?[^.]{{0,40}}\b(?:has|have|had) (?:killed|claimed|left|resulted in|cost)\b"
    rf"|\b(?:killed|died|dead|deaths|lives)\b[^.]{{0,40}}\bin (?:the|syrias|syria's|syria’s) "
    rf"(?:\w{{1,20}} ){{0,2}}{_WAR}\b",
    re.IGNORECASE,
)


def is_background(sentence: str) -> bool:
    """True when the sentence talks about the war's running total, not the article's event."""
    return _BACKGROUND.search(sentence) is not None


def _is_vague(quantity: Quantity) -> bool:
    return quantity.approx is not None and quantity.approx.split()[-1] in VAGUE_COUNTS


def roll_up(quantities: Iterable[Quantity]) -> Casualties:
    """Headline toll from the article's foreground quantities, given in article order."""
    firsts: dict[tuple[str, str], int] = {}
    for quantity in quantities:
        if quantity.outcome not in _ROLL_UP_OUTCOMES or quantity.category is None:
            continue
        if quantity.value is None or _is_vague(quantity):
            continue
        firsts.setdefault((quantity.outcome, quantity.category), quantity.value)
    tolls = {
        outcome: Toll(
            **{
                field: firsts.get((outcome, category))
                for category, field in _ROLL_UP_CATEGORIES.items()
            }
        )
        for outcome in _ROLL_UP_OUTCOMES
    }
    return Casualties(killed=tolls["killed"], wounded=tolls["wounded"])
