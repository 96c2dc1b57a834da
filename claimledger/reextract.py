"""Re-extraction: run the current extractors over what is already stored, without the network.

Text: each version's raw capture is read back and given to the current text extractor. A
version is an immutable text, so a different result becomes a new version of the article
with the same capture and fetch time, change kind "reextracted" (and the kinds of what
differs), numbered after the existing ones; it becomes the latest when it re-reads the latest
capture, so default views show the newest extraction and the old text stays as it was. An
identical result adds no version. Either way a `text_reextractions` row records that this
extractor version read that version, which is what makes a rerun skip it.

Claims: each version without a claim set of the current claim extractor version gets one; old
sets stay and are read with `--extractor-version`.

Work is committed version by version, so an interrupted run resumes where it stopped and a
second run adds nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum

from claimledger import (
    common,
    derive,
    fetched_pages,
    passes,
    prepare,
    progress,
    runs,
    stopping,
    store,
)
from claimledger.errors import NotFoundError
from claimledger.settings import Settings
from extractors.article import (
    ARTICLE_EXTRACTOR_NAME,
    ARTICLE_EXTRACTOR_VERSION,
    ExtractionError,
    extract_article,
)
from extractors.claims import CLAIM_EXTRACTOR_NAME, CLAIM_EXTRACTOR_VERSION
from storage import article_store, claim_store, reextracts
from storage.db import session_scope
from storage.models import Article, ArticleVersion
from storage.rechecks import Validators


class ExtractorChoice(StrEnum):
    TEXT = "text"
    CLAIMS = "claims"
    ALL = "all"


class TextOutcome(StrEnum):
    NEW_VERSION = "new_version"
    SAME = "same"
    FAILED = "failed"
    DONE_ALREADY = "done_already"


def texts_to_reextract(
    settings: Settings,
    since: datetime | None = None,
    extractor_version: str = ARTICLE_EXTRACTOR_VERSION,
) -> list[int]:
    """Versions the text extractor at `extractor_version` has not read yet."""
    with session_scope(settings.database_url) as session:
        return reextracts.versions_for_text_reextraction(
            session, ARTICLE_EXTRACTOR_NAME, extractor_version, since
        )


def claims_to_reextract(
    settings: Settings,
    since: datetime | None = None,
    extractor_version: str = CLAIM_EXTRACTOR_VERSION,
) -> list[int]:
    """Versions without a claim set of the claim extractor at `extractor_version`."""
    with session_scope(settings.database_url) as session:
        return claim_store.versions_without_claims(
            session, CLAIM_EXTRACTOR_NAME, extractor_version, since=since, newest_first=False
        )


def reextract_texts(
    settings: Settings,
    version_ids: Sequence[int],
    run_id: int | None,
    extractor_version: str = ARTICLE_EXTRACTOR_VERSION,
) -> Counter[str]:
    """Re-read a batch of versions' captures with the text extractor; counters by outcome."""
    counters: Counter[str] = Counter()
    for version_id in version_ids:
        stopping.check()  # each version is committed alone: stopping between them loses nothing
        outcome = reextract_text(settings, version_id, run_id, extractor_version)
        counters[f"texts_{outcome}"] += 1
        progress.advance("texts")
    return counters


def reextract_text(
    settings: Settings,
    version_id: int,
    run_id: int | None,
    extractor_version: str = ARTICLE_EXTRACTOR_VERSION,
) -> TextOutcome:
    """Extract one version's capture again and store the result (see the module docstring)
    through `store.store_pages`, the path of every page stored as a version."""
    with session_scope(settings.database_url) as session:
        version = session.get(ArticleVersion, version_id)
        if version is None:
            raise NotFoundError(f"article version id {version_id} does not exist")
        body = article_store.read_capture(session, version.capture_sha256)
        content_type = reextracts.capture_content_type(session, version.capture_sha256)
        article = session.get(Article, version.article_id)
        assert article is not None  # a version's article is never deleted
        canonical_url = article.canonical_url
    try:
        extracted = extract_article(body, version.url, content_type, version.fetched_at)
    except ExtractionError as error:
        _record(settings, version, extractor_version, TextOutcome.FAILED, None, str(error), run_id)
        return TextOutcome.FAILED
    draft = prepare.version_draft(
        extracted,
        version.url,
        version.fetched_at,
        version.capture_sha256,
        run_id,
        extractor_version,
    )
    reread = fetched_pages.Reread(
        version.article_id, version.id, version.version, prepare.version_content(version)
    )
    page = fetched_pages.FetchedPage(
        job=prepare.PageJob(version.url, None, None),
        purpose="reextract",
        fetched_at=version.fetched_at,
        validators=Validators(None, None),
        log_rows=[],
        prepared=prepare.prepare_reread(canonical_url, draft),
        known_article=reread,
    )
    [outcome] = store.store_pages(settings, [page], run_id).outcomes
    return _TEXT_OUTCOMES[outcome]


_TEXT_OUTCOMES: dict[str, TextOutcome] = {
    fetched_pages.VersionOutcome.NEW_VERSION: TextOutcome.NEW_VERSION,
    fetched_pages.VersionOutcome.UNCHANGED: TextOutcome.SAME,
    fetched_pages.VersionOutcome.DONE_ALREADY: TextOutcome.DONE_ALREADY,
}


def _record(
    settings: Settings,
    version: ArticleVersion,
    extractor_version: str,
    outcome: TextOutcome,
    result_id: int | None,
    detail: str | None,
    run_id: int | None,
) -> None:
    """Record a re-read that made no text (the extractor failed on the capture), so that a
    rerun skips it as it skips the re-reads `store.store_pages` recorded."""
    with session_scope(settings.database_url) as session:
        reextracts.record_text_reextraction(
            session,
            version_id=version.id,
            extractor_name=ARTICLE_EXTRACTOR_NAME,
            extractor_version=extractor_version,
            outcome=str(outcome),
            result_version_id=result_id,
            detail=detail,
            run_id=run_id,
            now=common.utcnow(),
        )


def reextract(
    settings: Settings,
    choice: ExtractorChoice = ExtractorChoice.ALL,
    since: datetime | None = None,
    *,
    text_version: str = ARTICLE_EXTRACTOR_VERSION,
    claim_version: str = CLAIM_EXTRACTOR_VERSION,
    batch_size: int = 200,
) -> dict[str, int]:
    """One re-extraction run, recorded in `runs` as flow "reextract"; returns its counters.

    Texts go first, so the versions they add get their claims in the same run.
    """
    parameters = {
        "extractor": str(choice),
        "since": since.isoformat() if since else None,
        "text_version": text_version,
        "claim_version": claim_version,
    }
    with runs.recorded_run(
        settings, "reextract", "manual", parameters, passes.InProcessSteps()
    ) as run:
        if choice in (ExtractorChoice.TEXT, ExtractorChoice.ALL):
            pending = texts_to_reextract(settings, since, text_version)
            progress.start("texts", len(pending))
            for batch in common.batched(pending, batch_size):
                run.counters.update(reextract_texts(settings, batch, run.run_id, text_version))
        if choice in (ExtractorChoice.CLAIMS, ExtractorChoice.ALL):
            pending = claims_to_reextract(settings, since, claim_version)
            progress.start("claims", len(pending))
            for batch in common.batched(pending, batch_size):
                stopping.check()
                run.counters.update(
                    derive.extract_and_store_claims(settings, batch, run.run_id, claim_version)
                )
    return run.summary()
