"""One document in, its text and claims out: the pipeline's extraction steps without a database.

`claimledger extract` is built on this, so what a reader sees for a page is exactly what ingest
would extract from it: the same fetcher (size caps, timeouts, robots.txt, gzip-compressed files),
the same article extractor and the same claim extractor.

A failure of one input (missing file, HTTP error, not HTML, no text) is a `FailedDocument`
with a readable reason, not an exception, so a batch of inputs always runs to the end.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from extractors.article import ExtractionError, extract_article, looks_like_html
from extractors.claims import (
    CLAIM_EXTRACTOR_NAME,
    CLAIM_EXTRACTOR_VERSION,
    ClaimExtraction,
    extract_claims,
)
from intake.http import Fetcher, FetchResult
from intake.urls import InvalidURL, to_url

PLAIN_TEXT_MEDIA_TYPE = "text/plain"


@dataclass(frozen=True)
class ExtractedDocument:
    """The text of one input and the claims found in it.

    Every claim offset is a `str` index into `text`. `article_extractor` is None for plain
    text, which is used as it is rather than passed through an extractor.
    """

    input: str
    url: str
    title: str | None
    published: datetime | None
    text: str
    extraction: ClaimExtraction
    article_extractor: str | None
    modified: datetime | None = None
    authors: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape `claimledger extract` prints (dates as ISO 8601 strings)."""
        return {
            "input": self.input,
            "url": self.url,
            "title": self.title,
            "authors": list(self.authors),
            "agencies": list(self.agencies),
            "published": self.published.isoformat() if self.published else None,
            "modified": self.modified.isoformat() if self.modified else None,
            "text": self.text,
            **self.extraction.to_dict(),
            "extractor": {
                "article": self.article_extractor,
                "claims": f"{CLAIM_EXTRACTOR_NAME} {CLAIM_EXTRACTOR_VERSION}",
            },
        }


@dataclass(frozen=True)
class FailedDocument:
    """An input that yielded no text; `error` names the input and says why."""

    input: str
    error: str

    def to_dict(self) -> dict[str, Any]:
        return {"input": self.input, "error": self.error}


def extract_document(
    location: str, fetcher: Fetcher | None = None, base_dir: Path | None = None
) -> ExtractedDocument | FailedDocument:
    """Read one local path, file:// or http(s) URL and extract its text and claims.

    Relative paths are resolved against `base_dir` (default: the working directory). Without a
    `fetcher`, one with the default (polite) policy is opened for this call only.

    Plain text (a `.txt` or `.txt.gz` file, or a body served as text/plain that does not
    sniff as HTML) is decoded as UTF-8, invalid bytes replaced by U+FFFD, and used exactly as
    decoded — a byte-order mark stays as U+FEFF — so claim offsets index the file's content.
    Anything else goes through the article extractor, as ingest does.
    """
    if fetcher is None:
        with Fetcher() as own_fetcher:
            return extract_document(location, own_fetcher, base_dir)
    try:
        url = to_url(location, base_dir)
    except InvalidURL as error:
        return FailedDocument(location, str(error))
    result = fetcher.fetch(url, purpose="page")
    # The request log feeds the ledger's fetch_log; with no ledger here, drop it so a long
    # batch does not keep every body it has read in memory.
    fetcher.take_requests()
    if not result.ok:
        return FailedDocument(location, result.error or f"{url}: {result.outcome}")

    if _is_plain_text(result):
        text = result.content.decode("utf-8", errors="replace")
        if not text.strip():
            return FailedDocument(location, f"{result.final_url}: no text")
        return ExtractedDocument(
            input=location,
            url=result.final_url,
            title=None,
            published=None,
            text=text,
            extraction=extract_claims(text),
            article_extractor=None,
        )
    try:
        article = extract_article(
            result.content, result.final_url, result.content_type, result.fetched_at
        )
    except ExtractionError as error:
        return FailedDocument(location, str(error))
    return ExtractedDocument(
        input=location,
        url=result.final_url,
        title=article.title,
        published=article.published,
        modified=article.modified,
        authors=article.authors,
        agencies=article.agencies,
        text=article.text,
        extraction=extract_claims(article.text),
        article_extractor=f"{article.extractor_name} {article.extractor_version}",
    )


def _is_plain_text(result: FetchResult) -> bool:
    """Whether the body is plain text to take as it is.

    The fetcher labels `.txt` files text/plain, and their content is the text by definition.
    A server's text/plain label is believed only when the body does not look like HTML:
    servers often send pages as text/plain, and ingest extracts those as pages too.
    """
    media_type = (result.content_type or "").split(";", 1)[0].strip().lower()
    if media_type != PLAIN_TEXT_MEDIA_TYPE:
        return False
    if result.final_url.startswith("file:"):
        return True
    return not looks_like_html(result.content, None)
