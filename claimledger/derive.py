"""What is derived from stored versions: claim sets, and copy clusters (deduplication).

Each is a self-healing step over the versions that still lack it (`versions_needing_claims`,
`versions_needing_fingerprints`), so a crashed run's work is finished by the next. Fetched pages
get both at store time already (`claimledger.store.store_pages` uses `deduplicate` and
`claim_counters`); this module imports none of `claimledger.prepare`, `claimledger.store`,
`claimledger.polling` and `claimledger.page_ingest`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence, Set

from sqlalchemy.orm import Session

from claimledger import progress
from claimledger.common import batched, utcnow
from claimledger.settings import Settings
from extractors.claims import (
    CLAIM_EXTRACTOR_NAME,
    CLAIM_EXTRACTOR_VERSION,
    Claim,
    ClaimExtraction,
    extract_claims,
)
from extractors.fingerprints import (
    FINGERPRINT_SCHEME,
    Fingerprint,
    claim_content_key,
    estimated_jaccard,
    fingerprint,
)
from storage import claim_store, cluster_store, values
from storage.db import session_scope


def versions_needing_claims(settings: Settings, limit: int) -> list[int]:
    """Article versions the current claim extractor has not processed, newest first.

    Asking the database (rather than passing along this run's new versions) also finishes the
    work of a run that crashed between storing a version and storing its claims.
    """
    with session_scope(settings.database_url) as session:
        return claim_store.versions_without_claims(
            session, CLAIM_EXTRACTOR_NAME, CLAIM_EXTRACTOR_VERSION, limit=limit
        )


def extract_and_store_claims(
    settings: Settings,
    version_ids: Sequence[int],
    run_id: int | None,
    extractor_version: str = CLAIM_EXTRACTOR_VERSION,
) -> Counter[str]:
    """Run the claim extractor over a batch of article versions and store one claim set each.

    The sets are tagged `extractor_version` (the current one unless a re-extraction says
    otherwise); a version that already has a set of that version keeps it.
    """
    counters: Counter[str] = Counter()
    with session_scope(settings.database_url) as session:
        texts = claim_store.version_texts(session, version_ids)
    for version_id in version_ids:
        claim_set = claim_set_row(version_id, extractor_version, extract_claims(texts[version_id]))
        with session_scope(settings.database_url) as session:
            created = claim_store.store_claim_sets(session, [claim_set], run_id, utcnow())
        counters.update(claim_counters([claim_set], created))
        progress.advance("claims")
    return counters


def claim_set_row(
    version_id: int, extractor_version: str, extraction: ClaimExtraction
) -> values.ClaimSetRow:
    """The extractor's typed claims for one version as the rows storage keeps."""
    return values.ClaimSetRow(
        version_id,
        CLAIM_EXTRACTOR_NAME,
        extractor_version,
        tuple(_claim_row(claim) for claim in extraction.claims),
        extraction.casualties.to_dict(),
    )


def _claim_row(claim: Claim) -> values.ClaimRow:
    source, cue = claim.source, claim.cue
    return values.ClaimRow(
        kind=claim.kind,
        sentence_start=claim.start,
        sentence_end=claim.end,
        content_start=claim.content.start,
        content_end=claim.content.end,
        content_text=claim.content.text,
        content_key=claim_content_key(claim.content.text),
        source_text=None if source is None else source.text,
        source_start=None if source is None else source.start,
        source_end=None if source is None else source.end,
        source_resolved=None if source is None else source.resolved,
        cue_text=None if cue is None else cue.text,
        cue_start=None if cue is None else cue.start,
        cue_end=None if cue is None else cue.end,
        hedge=claim.hedge,
        quantities=tuple(
            values.QuantityRow(
                q.start, q.end, q.text, q.value, q.low, q.high, q.approx, q.category, q.outcome
            )
            for q in claim.quantities
        ),
    )


def claim_counters(
    claim_sets: Sequence[values.ClaimSetRow], created: Sequence[bool]
) -> Counter[str]:
    """`claim_sets_new`/`claim_sets_existing` and `claims_new` for sets stored or found."""
    counters: Counter[str] = Counter()
    for claim_set, new in zip(claim_sets, created, strict=True):
        counters["claim_sets_new" if new else "claim_sets_existing"] += 1
        counters["claims_new"] += len(claim_set.claims) if new else 0
    return counters


# More candidates than this for one text means thousands of copies; the best of these will do.
MAX_COPY_CANDIDATES = 500


# Versions clustered per transaction: fewer commits, while the clustering lock is held briefly.
DEDUP_VERSIONS_PER_TRANSACTION = 50


def versions_needing_fingerprints(settings: Settings, limit: int) -> list[int]:
    """Article versions without a fingerprint under the current scheme, oldest first.

    Asking the database finishes the work of a crashed run, and fingerprints every stored
    version again when the scheme changes.
    """
    with session_scope(settings.database_url) as session:
        return cluster_store.versions_without_fingerprints(session, FINGERPRINT_SCHEME, limit)


def fingerprint_and_cluster(
    settings: Settings, version_ids: Sequence[int], run_id: int | None
) -> Counter[str]:
    """Fingerprint a batch of versions and put each copy in the cluster of what it copies.

    Signatures are computed first, outside any transaction. Then short transactions, each
    under the clustering lock (so two workers never miss each other's copies or start two
    clusters for one story), store fingerprints, look up copies and record clusters.
    """
    counters: Counter[str] = Counter()
    with session_scope(settings.database_url) as session:
        versions = cluster_store.versions_for_dedup(session, version_ids)
    fingerprinted = [(version, fingerprint(version.text)) for version in versions]
    for chunk in batched(fingerprinted, DEDUP_VERSIONS_PER_TRANSACTION):
        with session_scope(settings.database_url) as session:
            cluster_store.lock_clustering(session)
            counters.update(deduplicate(session, settings, chunk, run_id))
        progress.advance("dedup", len(chunk))
    return counters


def deduplicate(
    session: Session,
    settings: Settings,
    fingerprinted: Sequence[tuple[values.VersionForDedup, Fingerprint | None]],
    run_id: int | None,
) -> Counter[str]:
    """Store versions' fingerprints, then cluster each version fingerprinted now, in order.

    Call under `cluster_store.lock_clustering`. The fingerprints of the whole lot are stored in one
    statement, the transaction's first (which SQLite's write lock needs); its exact copies and
    candidate copies are then read in a few statements for the whole lot, and each version is
    matched, in order, against the fingerprints clustered before it (`_best_copy_match`), so
    the clusters come out as if the versions came one by one. Returns counters by outcome.
    """
    counters: Counter[str] = Counter()
    stored = cluster_store.store_fingerprints(
        session,
        FINGERPRINT_SCHEME,
        [
            values.FingerprintRow(version.id, text.signature, text.bands, text.shingles)
            if text
            else values.FingerprintRow(version.id, b"", (), 0)
            for version, text in fingerprinted
        ],
        run_id,
        utcnow(),
    )
    lot = [(version, text) for version, text in fingerprinted if version.id in stored]
    if already := len(fingerprinted) - len(lot):
        counters["dedup_fingerprinted_already"] = already
    exact = cluster_store.exact_copies(
        session, [(version.text_hash, version.article_id) for version, _ in lot]
    )
    near = cluster_store.copy_candidates(
        session,
        FINGERPRINT_SCHEME,
        [version.id for version, text in lot if text is not None],
        MAX_COPY_CANDIDATES,
    )
    not_yet = set(stored)
    matches: list[values.DuplicateMatch] = []
    for (version, text), exact_match in zip(lot, exact, strict=True):
        not_yet.discard(version.id)
        match = _best_copy_match(
            settings, version, text, exact_match, near.get(version.id, []), not_yet
        )
        if match is None:
            counters["dedup_unique"] += 1
        else:
            matches.append(match)
    for outcome in cluster_store.add_to_clusters(session, matches, run_id, utcnow()):
        counters[f"dedup_{outcome}"] += 1
    return counters


def _best_copy_match(
    settings: Settings,
    version: values.VersionForDedup,
    text_fingerprint: Fingerprint | None,
    exact: tuple[int, int] | None,
    candidates: Sequence[values.CopyCandidate],
    not_yet: Set[int],
) -> values.DuplicateMatch | None:
    """The other article this version copies: the same text (`exact`, the oldest other article
    with it), else the most similar of `candidates` above the threshold (ties go to the oldest
    article); None for an original.

    Fingerprints of `not_yet` (versions stored with this one, to be clustered after it) are not
    candidates: each version sees only those clustered before it, as if fingerprinted one by
    one, so a story's copies join the cluster that exists rather than start a second one.
    """
    if exact is not None:
        return values.DuplicateMatch(version.article_id, version.id, exact[1], exact[0], 1.0, True)
    if text_fingerprint is None:
        return None
    scored = [
        (estimated_jaccard(text_fingerprint.signature, candidate.signature), candidate)
        for candidate in candidates
        if candidate.version_id not in not_yet
    ]
    similar = [(score, c) for score, c in scored if score >= settings.dedup_threshold]
    if not similar:
        return None
    score, best = min(similar, key=lambda pair: (-pair[0], pair[1].article_id, pair[1].version_id))
    return values.DuplicateMatch(
        version.article_id, version.id, best.article_id, best.version_id, score, False
    )
