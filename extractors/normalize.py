"""Text normalization that decides when two extractions are "the same text".

A new article version is recorded only when the normalized text changes, so everything a
publisher's CMS, a template change or our own extractor can vary without changing what the
article *says* is folded away here: Unicode compatibility forms, curly versus straight
quotes, dash flavours, invisible characters, and whitespace layout. Words, numbers and
punctuation that carry meaning are left alone, so a changed word or toll changes the
fingerprint.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata

# NFKC already folds the compatibility forms (e.g. "…" becomes "...", U+2011 becomes U+2010,
# full-width letters become ASCII); these are the typographic variants NFKC keeps distinct.
_TYPOGRAPHY = str.maketrans(
    {
        "\u2018": "'",  # left single quotation mark
        "\u2019": "'",  # right single quotation mark / typographic apostrophe
        "\u201a": "'",  # single low-9 quotation mark
        "\u201b": "'",  # single high-reversed-9 quotation mark
        "\u2032": "'",  # prime, often used as an apostrophe
        "\u02bc": "'",  # modifier letter apostrophe
        "\u201c": '"',  # left double quotation mark
        "\u201d": '"',  # right double quotation mark
        "\u201e": '"',  # double low-9 quotation mark
        "\u201f": '"',  # double high-reversed-9 quotation mark
        "\u2033": '"',  # double prime
        "\u00ab": '"',  # left guillemet
        "\u00bb": '"',  # right guillemet
        "\u2010": "-",  # hyphen
        "\u2012": "-",  # figure dash
        "\u2013": "-",  # en dash
        "\u2014": "-",  # em dash
        "\u2015": "-",  # horizontal bar
        "\u2212": "-",  # minus sign
        # Invisible characters that only steer line breaking or joining: dropped, because
        # CMSes insert them inconsistently inside words.
        "\u00ad": None,  # soft hyphen
        "\u200b": None,  # zero-width space
        "\u200c": None,  # zero-width non-joiner
        "\u200d": None,  # zero-width joiner
        "\u2060": None,  # word joiner
        "\ufeff": None,  # zero-width no-break space / stray byte-order mark
    }
)

# After NFKC the no-break spaces (U+00A0, U+202F, U+2007) are plain spaces, so any
# remaining run of horizontal whitespace within a line collapses to one space.
_INLINE_WHITESPACE = re.compile(r"[^\S\n]+")
# Line separators that str.splitlines() honours but "\n"-based processing would not.
_LINE_BREAKS = re.compile(r"\r\n|[\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


@functools.lru_cache(maxsize=64)
def normalize_text(text: str) -> str:
    """Return the canonical form of ``text``: typography folded, one non-empty line per line.

    Idempotent: ``normalize_text(normalize_text(t)) == normalize_text(t)`` for every string,
    so normalizing already-stored text again never changes its fingerprint. Memoized (it is
    pure): one text goes through it for its hash, its fingerprint and each version comparison.
    """
    # Invisible characters go before NFKC so that a mark they separated from its letter
    # composes now rather than on a second call; the table runs again after NFKC because
    # NFKC can produce characters it maps (U+2011 -> U+2010, U+2034 -> three primes).
    folded = unicodedata.normalize("NFKC", text.translate(_TYPOGRAPHY)).translate(_TYPOGRAPHY)
    folded = _LINE_BREAKS.sub("\n", folded)
    lines = (_INLINE_WHITESPACE.sub(" ", line).strip() for line in folded.split("\n"))
    return "\n".join(line for line in lines if line)


def text_fingerprint(text: str) -> str:
    """SHA-256 hex of :func:`normalize_text`: equal exactly when the texts count as the same."""
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()
