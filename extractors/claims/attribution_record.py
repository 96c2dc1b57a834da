"""The two records the attribution rules pass between them: a cue found in a sentence (``Cue``)
and the attribution built around it (``Attribution``).

They sit in a module of their own, below every rule module, so that cue detection, the source
and content spans and the assembly in ``attribution`` can all take and return them while the
imports run one way. ``Attribution`` is public through ``extractors.claims.attribution``.
"""

from __future__ import annotations

from dataclasses import dataclass


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
class Cue:
    """A cue's token range ``[start, end)`` and its role, which says where its source and content
    lie."""

    start: int
    end: int
    # "finite" (X said), "after" (according to X), "participle" (..., saying), "passive"
    # (it was reported that, is believed to), "noun" (Moscow's claim that), "hearsay"
    # (troops reportedly fired) or "evidence" (footage showing people running)
    role: str
