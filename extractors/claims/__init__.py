"""Claim extraction: who claimed what in an article, numbers included.

Rules and lexicons only — pure functions, offline, no model to download — so the same text
always gives the same claims, and the ledger can record exactly which extractor produced them
(``CLAIM_EXTRACTOR_NAME`` at ``CLAIM_EXTRACTOR_VERSION``; bump the version whenever the output for
some input changes).
"""

from __future__ import annotations

from extractors.claims.extract import extract_claims
from extractors.claims.model import (
    Casualties,
    Claim,
    ClaimExtraction,
    Quantity,
    Source,
    Span,
    Toll,
)

CLAIM_EXTRACTOR_NAME = "claimledger-rules"
CLAIM_EXTRACTOR_VERSION = "2.25.0"

__all__ = [
    "CLAIM_EXTRACTOR_NAME",
    "CLAIM_EXTRACTOR_VERSION",
    "Casualties",
    "Claim",
    "ClaimExtraction",
    "Quantity",
    "Source",
    "Span",
    "Toll",
    "extract_claims",
]
