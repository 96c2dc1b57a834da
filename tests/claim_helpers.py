"""Shorthands the claims tests share: the one claim of a sentence, its source, every claim."""

from __future__ import annotations

from extractors.claims import Claim, extract_claims


def claim_of(text: str) -> Claim:
    """The one claim of ``text`` (fails when there are none or several)."""
    claims = extract_claims(text).claims
    assert len(claims) == 1, claims
    return claims[0]


def source_of(text: str) -> str | None:
    """The source span's text of the one claim of ``text``."""
    source = claim_of(text).source
    return None if source is None else source.text


def claims_of(text: str) -> list[tuple[str | None, str | None, str]]:
    """(source, cue, content) of every claim of ``text``."""
    return [
        (
            None if claim.source is None else claim.source.text,
            None if claim.cue is None else claim.cue.text,
            claim.content.text,
        )
        for claim in extract_claims(text).claims
    ]
