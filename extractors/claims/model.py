"""The extractor's output: frozen, typed records and their JSON contract.

Frozen dataclasses make results hashable and safe to share between threads and caches; every
record's ``to_dict`` is the stable JSON shape the ledger stores, so storage never depends on the
Python types. All ``start``/``end`` pairs are ``str`` indices into the exact input text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

CATEGORIES = ("civilians", "children", "women", "fighters", "people")
OUTCOMES = ("killed", "wounded", "displaced", "arrested", "abducted", "missing")
KINDS = ("direct_quote", "indirect", "unattributed", "comparative")


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the input: ``text == input[start:end]``."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True, slots=True)
class Quantity:
    """A count of people, e.g. "more than 1000 civilians" killed.

    ``value`` is the number as written (None for a range), ``low``/``high`` the bounds the
    qualifier implies, ``approx`` the qualifier or vague word ("more than", "thousands").
    """

    start: int
    end: int
    text: str
    value: int | None
    low: int | None
    high: int | None
    approx: str | None
    category: str | None
    outcome: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "value": self.value,
            "low": self.low,
            "high": self.high,
            "approx": self.approx,
            "category": self.category,
            "outcome": self.outcome,
        }


@dataclass(frozen=True, slots=True)
class Source:
    """Who makes the claim, as written, and the entity it names within the article."""

    start: int
    end: int
    text: str
    resolved: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "resolved": self.resolved}


@dataclass(frozen=True, slots=True)
class Claim:
    """One sentence that claims something: ``start``/``end`` delimit the sentence."""

    start: int
    end: int
    kind: str
    content: Span
    source: Source | None
    cue: Span | None
    hedge: str | None
    quantities: tuple[Quantity, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "kind": self.kind,
            "content": self.content.to_dict(),
            "source": None if self.source is None else self.source.to_dict(),
            "cue": None if self.cue is None else self.cue.to_dict(),
            "hedge": self.hedge,
            "quantities": [quantity.to_dict() for quantity in self.quantities],
        }


@dataclass(frozen=True, slots=True)
class Toll:
    """Headline counts for one outcome; None where the article gives no count.

    ``non_combatants`` is derived, never read off one phrase: every victim the article does not
    count as a fighter (see ``casualties.non_combatants``). Monitors and tallies such as FA-KES
    count unspecified "people" among the civilians, and a reader comparing tolls needs that one
    figure.
    """

    civilians: int | None = None
    children: int | None = None
    women: int | None = None
    combatants: int | None = None
    people: int | None = None
    non_combatants: int | None = None

    def to_dict(self) -> dict[str, int | None]:
        return {
            "civilians": self.civilians,
            "children": self.children,
            "women": self.women,
            "combatants": self.combatants,
            "people": self.people,
            "non_combatants": self.non_combatants,
        }


@dataclass(frozen=True, slots=True)
class Casualties:
    """The article's headline toll, killed and wounded, per category."""

    killed: Toll = Toll()
    wounded: Toll = Toll()

    def to_dict(self) -> dict[str, dict[str, int | None]]:
        return {"killed": self.killed.to_dict(), "wounded": self.wounded.to_dict()}


@dataclass(frozen=True, slots=True)
class ClaimExtraction:
    """Everything extracted from one article."""

    claims: tuple[Claim, ...]
    casualties: Casualties

    def to_dict(self) -> dict[str, Any]:
        return {
            "claims": [claim.to_dict() for claim in self.claims],
            "casualties": self.casualties.to_dict(),
        }
