"""Text fingerprints for deduplication: word shingles, MinHash signatures, LSH bands, claim keys.

Pure functions, no database. Everything here must give the same bytes in every process, on every
run and on every worker, because signatures and band hashes are stored and compared later: so no
Python ``hash()`` (randomised per process), no random generator, only keyed BLAKE2 hashes and
integer arithmetic, and explicit byte order. Changing any parameter changes
``FINGERPRINT_SCHEME``, which makes the pipeline fingerprint every version again.

- A text is normalized (:func:`extractors.normalize.normalize_text`), case-folded and cut into
  words; its shingles are the runs of ``SHINGLE_WORDS`` consecutive words. Two texts' Jaccard
  similarity is the share of shingles they have in common. Four words keep a wire copy with a
  few desk edits and its own headline above 0.8 while two write-ups of one event stay near 0.
- The MinHash signature (``SIGNATURE_SIZE`` 32-bit minima of multiply-shift hashes of the
  shingles' 64-bit BLAKE2 hashes) estimates that similarity: the share of positions where two
  signatures agree. numpy computes it in about a millisecond per article (datasketch does the
  same but its import pulls in scipy, seconds at every start).
- The signature is cut into ``BANDS`` bands of ``ROWS_PER_BAND`` values; two texts that agree on a
  whole band become candidates. With 16 bands of 8 rows a pair at similarity 0.8 shares a band
  with probability 0.95, at 0.9 0.9999, at 0.5 0.06 and at 0.3 0.001, so candidate lookups stay
  few and the threshold check on the signatures decides. Thresholds from about 0.7 to 1 suit this
  layout; below that, similar pairs are increasingly missed.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import numpy as np

from extractors.normalize import normalize_text

SHINGLE_WORDS = 4
SIGNATURE_SIZE = 128
BANDS = 16
ROWS_PER_BAND = SIGNATURE_SIZE // BANDS
FINGERPRINT_SCHEME = (
    f"minhash-ms32-blake2-{SIGNATURE_SIZE}-w{SHINGLE_WORDS}-b{BANDS}x{ROWS_PER_BAND}"
)

_WORD = re.compile(r"\w+")
_SIGNATURE_BYTES = SIGNATURE_SIZE * 4
_BAND_SALT = hashlib.blake2b(FINGERPRINT_SCHEME.encode(), digest_size=16).digest()


def _parameter(kind: bytes, index: int) -> int:
    """A fixed pseudo-random 64-bit parameter, derived from its name (the same everywhere)."""
    digest = hashlib.blake2b(b"%s-%d" % (kind, index), digest_size=8, person=b"claimledger-mh")
    return int.from_bytes(digest.digest(), "little")


# h_i(x) = (a_i * x + b_i) mod 2**64, top 32 bits: multiply-shift hashing; `a_i` odd.
_MULTIPLIERS = np.array([_parameter(b"a", i) | 1 for i in range(SIGNATURE_SIZE)], dtype=np.uint64)
_INCREMENTS = np.array([_parameter(b"b", i) for i in range(SIGNATURE_SIZE)], dtype=np.uint64)


@dataclass(frozen=True)
class Fingerprint:
    """A text's MinHash signature (little-endian uint32s), its band hashes and shingle count."""

    signature: bytes
    bands: tuple[int, ...]
    shingles: int


def words(text: str) -> list[str]:
    """The normalized, case-folded words of a text; punctuation and layout do not count."""
    return _WORD.findall(normalize_text(text).casefold())


def shingles(text: str) -> set[str]:
    """The text's runs of `SHINGLE_WORDS` consecutive words (the whole text if it is shorter)."""
    tokens = words(text)
    if len(tokens) <= SHINGLE_WORDS:
        return {" ".join(tokens)} if tokens else set()
    return {
        " ".join(tokens[start : start + SHINGLE_WORDS])
        for start in range(len(tokens) - SHINGLE_WORDS + 1)
    }


def _hashes64(text_shingles: set[str]) -> np.ndarray:
    """Each shingle's 64-bit BLAKE2 hash (little-endian), the same in every process (Python's
    `hash()` is not); one buffer for numpy rather than an int per shingle."""
    digests = b"".join(
        [
            hashlib.blake2b(shingle.encode("utf-8"), digest_size=8).digest()
            for shingle in text_shingles
        ]
    )
    return np.frombuffer(digests, dtype="<u8").astype(np.uint64)


def fingerprint(text: str) -> Fingerprint | None:
    """The text's MinHash fingerprint, or None for a text without a single word."""
    text_shingles = shingles(text)
    if not text_shingles:
        return None
    hashes = _hashes64(text_shingles)
    # uint64 arithmetic wraps around, which is exactly the "mod 2**64" of the hash family.
    permuted = (hashes[:, np.newaxis] * _MULTIPLIERS + _INCREMENTS) >> np.uint64(32)
    signature = permuted.min(axis=0).astype("<u4").tobytes()
    return Fingerprint(signature, band_hashes(signature), len(text_shingles))


def band_hashes(signature: bytes) -> tuple[int, ...]:
    """One signed 64-bit hash per band (it fits a BIGINT column).

    The band number and the scheme are hashed in, so equal values in different bands, or under
    another scheme, never make two texts candidates.
    """
    _check_signature(signature)
    band_bytes = ROWS_PER_BAND * 4
    return tuple(
        int.from_bytes(
            hashlib.blake2b(
                signature[band * band_bytes : (band + 1) * band_bytes],
                digest_size=8,
                person=band.to_bytes(2, "little"),
                salt=_BAND_SALT,
            ).digest(),
            "little",
            signed=True,
        )
        for band in range(BANDS)
    )


def estimated_jaccard(first: bytes, second: bytes) -> float:
    """The share of signature positions on which two texts agree: their estimated similarity."""
    _check_signature(first)
    _check_signature(second)
    # Equality needs no byte order: both sides are read the same way.
    pairs = zip(memoryview(first).cast("I"), memoryview(second).cast("I"), strict=True)
    return sum(a == b for a, b in pairs) / SIGNATURE_SIZE


def _check_signature(signature: bytes) -> None:
    if len(signature) != _SIGNATURE_BYTES:
        raise ValueError(
            f"a {FINGERPRINT_SCHEME} signature has {_SIGNATURE_BYTES} bytes, not {len(signature)}"
        )


def claim_content_key(content: str) -> str:
    """SHA-256 hex of a claim's content with case, punctuation and layout folded away.

    Two articles repeating "more than 1,000 civilians had been killed" with other quotes,
    capitals or spacing give the same key, so their claims form one group.
    """
    return hashlib.sha256(" ".join(words(content)).encode("utf-8")).hexdigest()
