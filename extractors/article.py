"""HTML page -> article text and metadata, as a pure function over the fetched bytes.

The page is decoded and parsed once with lxml. Page-declared facts that trafilatura either
does not return or returns only in part (canonical URL, language from ``<html lang>``,
og:locale or JSON-LD, exact publication and modification timestamps) are read from that tree
first; the same tree is then handed to trafilatura for the main text, title and authors.

Dates are timezone-aware and keep the offset the page declared them in; which of the page's
dates are the article's is decided by ``extractors.dates``, in its documented order of trust.
"""

from __future__ import annotations

import codecs
import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.html
import trafilatura
from chardetng_py import detect as detect_encoding
from htmldate import find_date
from lxml import etree
from readability import Document as ReadabilityDocument
from trafilatura.metadata import examine_meta, extract_meta_json, extract_title
from trafilatura.settings import Document, set_date_params

from extractors.authors import credits
from extractors.body import (
    block_text,
    clean_body,
    missing_paragraph_chars,
    prefer_fuller,
    structured_body,
)
from extractors.byline import author_links, byline_text
from extractors.dates import page_dates, work_objects
from extractors.headline import headline, site_names_of

logger = logging.getLogger(__name__)

ARTICLE_EXTRACTOR_NAME = "trafilatura"
# Bump the suffix whenever the options below or the post-processing change: stored
# versions record it, so a re-extraction with new settings is recognisably not an edit.
ARTICLE_EXTRACTOR_VERSION = f"{trafilatura.__version__}+cl8"

# Chosen on the AEB dev set (bench/eval_aeb.py, 85 pages); see _extract_with_trafilatura.
_TRAFILATURA_OPTIONS: dict[str, Any] = {
    "favor_precision": True,
    "favor_recall": False,
    "include_tables": True,
    "include_comments": False,
}

# A fast extraction shorter than this gets trafilatura's fallback comparison (see
# _extract_with_trafilatura); the library's own MIN_EXTRACTED_SIZE is 250.
_FALLBACK_BELOW_CHARS = 500
# A paragraph this long is the article's or another article's, not furniture ...
_LONG_PARAGRAPH_CHARS = 150
# ... and when this many characters of such paragraphs are missing from the main text,
# readability is asked too (see _main_text). Chosen on AEB dev half A: 800 to 2,500 give the same
# text there, 2,500 asks readability least often (4 pages in 85; 1,500: 9).
_SECOND_OPINION_MISSING_CHARS = 2500
# A page whose main text is shorter than this is a stub, paywall or JS shell, not an article.
MIN_ARTICLE_WORDS = 5
# Beyond this share of U+FFFD in the text, the bytes were not decodable and the words unreliable.
_MAX_REPLACEMENT_SHARE = 0.02

_SNIFF_BYTES = 4096
_HTML_MEDIA_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# Declared types that are certainly something else; anything not listed here (missing,
# text/plain, application/octet-stream, odd server defaults) is decided by sniffing the bytes.
_NON_HTML_MEDIA_PREFIXES = ("image/", "audio/", "video/", "font/", "model/")
_NON_HTML_MEDIA_TYPES = frozenset(
    {
        "application/pdf",
        "application/json",
        "application/javascript",
        "text/javascript",
        "text/css",
        "text/csv",
        "application/zip",
        "application/gzip",
        "application/xml",
        "text/xml",
    }
)
_BINARY_SIGNATURES = (b"%PDF-", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b")
# A page whose first bytes are more than this share NUL is binary (or UTF-16 without a byte-order
# mark, which no browser reads as such either); fewer NULs are stray bytes in a text page.
_MAX_NUL_SHARE = 0.1
_UTF16_BOMS = ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_ASCII_BYTES = bytes(range(128))
_HTML_SNIFF = re.compile(rb"<(?:!doctype\s+html|html|head|body|p)[\s>/]", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_CONTENT_TYPE_CHARSET = re.compile(r"""charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)
# Labels that browsers decode as windows-1252 (WHATWG Encoding Standard).
_WINDOWS_1252_LABELS = frozenset(
    {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "ascii", "us-ascii", "windows-1252", "cp1252"}
)
_LANGUAGE_TAG = re.compile(r"^([a-zA-Z]{2,3})(?:[-_]|$)")

_PARSER = lxml.html.HTMLParser(
    encoding="utf-8",
    remove_comments=True,
    remove_pis=True,
    collect_ids=False,
    default_doctype=False,
)

_ARTICLE_TYPES = ("Article", "BlogPosting")  # schema.org NewsArticle, ReportageNewsArticle, ...
# Declared titles that the page's <h1> is checked against (extractors.headline).
_TITLE_META_KEYS = ("og:title", "twitter:title")
# What a page calls its own site, to cut from its title.
_SITE_NAME_META_KEYS = ("og:site_name", "application-name", "apple-mobile-web-app-title")
# Where pages name their authors in meta tags ("byl" holds a "By ..." line).
_AUTHOR_META_KEYS = (
    "author",
    "article:author",
    "dc.creator",
    "dcterms.creator",
    "byl",
    "sailthru.author",
    "parsely-author",
)
_LANGUAGE_META_KEYS = ("og:locale", "content-language", "language", "dc.language")


@dataclass(frozen=True)
class ExtractedArticle:
    """The main text of one fetched page and what the page says about itself."""

    text: str
    title: str | None
    authors: tuple[str, ...]
    agencies: tuple[str, ...]
    published: datetime | None
    modified: datetime | None
    language: str | None
    canonical_url: str | None
    extractor_name: str
    extractor_version: str


class ExtractionError(ValueError):
    """The page yields no article; ``reason`` is a stable code for metrics and retry logic."""

    def __init__(self, reason: str, message: str = "") -> None:
        super().__init__(message or reason)
        self.reason = reason


def looks_like_html(content: bytes, content_type: str | None) -> bool:
    """Whether ``content`` should be treated as an HTML page.

    Binary payloads (a known file signature, or mostly NUL bytes) are never HTML, whatever the
    header claims; a few NUL bytes are stray bytes in a text page, left out as a browser
    leaves them out. A UTF-16 page with its byte-order mark is read as text. A declared HTML
    type is trusted; a declared non-HTML type is believed; anything else is sniffed for an
    opening HTML tag in the first few KB, because servers often label pages text/plain or
    application/octet-stream.
    """
    head = content[:_SNIFF_BYTES]
    wide = _utf16_encoding(head)
    if wide is not None:
        head = head[2:].decode(wide, "replace").encode("utf-8", "replace")
    if not head.strip() or head.lstrip().startswith(_BINARY_SIGNATURES):
        return False
    if head.count(b"\x00") > _MAX_NUL_SHARE * len(head):
        return False
    head = head.replace(b"\x00", b"")
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    if media_type in _HTML_MEDIA_TYPES:
        return True
    if media_type in _NON_HTML_MEDIA_TYPES or media_type.startswith(_NON_HTML_MEDIA_PREFIXES):
        return False
    if media_type.endswith(("+xml", "+json")):
        return False
    return _HTML_SNIFF.search(head) is not None


def extract_article(
    content: bytes | str,
    url: str | None = None,
    content_type: str | None = None,
    fetched_at: datetime | None = None,
) -> ExtractedArticle:
    """Extract the article from one HTML page.

    ``url`` is where the page was fetched from: it names the page in errors and resolves a
    relative canonical link. ``content_type`` is the HTTP header, used for its charset and
    for telling HTML from other payloads. ``fetched_at`` (default: now) bounds the dates: a
    page cannot have been published after it was fetched. Raises :class:`ExtractionError`
    with reason ``not_html``, ``no_text`` or ``bad_encoding``.
    """
    where = url or "<no url>"
    head = (
        content[:_SNIFF_BYTES].encode("utf-8", "replace") if isinstance(content, str) else content
    )
    if not looks_like_html(head, content_type):
        raise ExtractionError("not_html", f"{where}: content is not an HTML page")
    if isinstance(content, bytes):
        html = decode_html(content, content_type, url)
    else:
        html = content.replace("\x00", "")
    try:
        tree = lxml.html.document_fromstring(html.encode("utf-8", "replace"), parser=_PARSER)
    except (etree.ParserError, ValueError) as error:
        raise ExtractionError("not_html", f"{where}: HTML does not parse ({error})") from error

    meta = _meta_values(tree)
    json_ld_blocks = _json_ld_blocks(tree)
    json_ld = sorted(_json_ld_objects(json_ld_blocks), key=lambda obj: not _is_article(obj))
    language = _first_language(
        [
            tree.get("lang"),
            tree.get("{http://www.w3.org/XML/1998/namespace}lang"),
            *(meta.get(key) for key in _LANGUAGE_META_KEYS),
            *(obj.get("inLanguage") for obj in json_ld),
        ]
    )
    canonical_url = _canonical_url(tree, meta, url)

    declared_titles = [
        *(meta.get(key) for key in _TITLE_META_KEYS),
        *(obj.get("headline") for obj in json_ld if isinstance(obj.get("headline"), str)),
        tree.findtext(".//title"),
    ]
    text = _main_text(tree, url, json_ld, declared_titles)
    if len(text.split()) < MIN_ARTICLE_WORDS:
        raise ExtractionError("no_text", f"{where}: no article text found")
    if text.count("\ufffd") > _MAX_REPLACEMENT_SHARE * len(text):
        raise ExtractionError("bad_encoding", f"{where}: text is not decodable")
    title = headline(
        tree,
        declared_titles=declared_titles,
        site_names=[
            *(meta.get(key) for key in _SITE_NAME_META_KEYS),
            *(_publisher_name(obj) for obj in json_ld),
        ],
        # The canonical URL names the site even when the page was read from a file.
        url=canonical_url or url,
        fallback=_fallback_title(tree, url),
    )
    # The body without its furniture lines; the byline reader still sees the credit lines
    # ("Reporting by ...") among the text's. A headline the page repeats at the top of the text
    # stays: the claims extractor reads the headline toll from the text's first sentences.
    raw_text, text = text, clean_body(text)
    if len(text.split()) < MIN_ARTICLE_WORDS:
        raise ExtractionError("no_text", f"{where}: no article text found")
    site_names = site_names_of(
        [
            *(meta.get(key) for key in _SITE_NAME_META_KEYS),
            *(_publisher_name(obj) for obj in json_ld),
        ],
        # The canonical URL names the site even when the page was read from a file.
        canonical_url or url,
    )
    visible_byline = byline_text(tree)
    found_credits = credits(
        visible_byline or "; ".join(dict.fromkeys(author_links(tree))),
        structured=[obj.get("author") for obj in work_objects(json_ld_blocks)],
        meta=[meta.get(key) for key in _AUTHOR_META_KEYS],
        site_names=site_names,
        text=raw_text,
    )
    dates = page_dates(
        tree,
        meta,
        json_ld_blocks,
        url=canonical_url or url,
        byline=visible_byline,
        fetched_at=fetched_at,
        # Extensive search, as trafilatura's configuration has it: dates in the text count.
        fallback=lambda: find_date(tree, **{**set_date_params(True), "url": url}),
    )

    return ExtractedArticle(
        text=text,
        title=title,
        authors=found_credits.authors,
        agencies=found_credits.agencies,
        published=dates.published,
        modified=dates.modified,
        language=language,
        canonical_url=canonical_url,
        extractor_name=ARTICLE_EXTRACTOR_NAME,
        extractor_version=ARTICLE_EXTRACTOR_VERSION,
    )


def _main_text(
    tree: lxml.html.HtmlElement,
    url: str | None,
    json_ld: list[dict[str, Any]],
    declared_titles: list[str | None],
) -> str:
    """The article's body before its furniture lines are dropped (see ``extractors.body``).

    trafilatura's precision-mode text first. A JSON-LD ``articleBody`` replaces it when the
    two are consistent (``extractors.body.structured_body``). Else, when long paragraphs of the
    page are missing from it, readability gives a second opinion, taken when it holds the
    precision text and is much longer (``prefer_fuller``); it costs a page as much again, so
    only the pages that look short pay for it (4 of the 85 AEB dev pages).
    """
    document = _extract_with_trafilatura(tree, url)
    text = (document.text or "").strip() if document is not None else ""
    declared = [
        obj["articleBody"]
        for obj in json_ld
        if _is_article(obj) and isinstance(obj.get("articleBody"), str)
    ]
    if declared and text:
        body = structured_body(declared, tree, text, declared_titles)
        if body is not None:
            return body
    if missing_paragraph_chars(tree, text, _LONG_PARAGRAPH_CHARS) < _SECOND_OPINION_MISSING_CHARS:
        return text
    return prefer_fuller(text, [_readability_text(tree)])


def _readability_text(tree: lxml.html.HtmlElement) -> str:
    """The main text as readability (readability-lxml) finds it, one line per block."""
    try:
        # A string, not the tree: readability changes the tree it reads, and reads its input
        # again when its first pass finds too little.
        page = etree.tostring(tree, encoding="unicode", method="html")
        summary = ReadabilityDocument(page).summary(html_partial=True)
        return block_text(lxml.html.fragment_fromstring(summary, create_parent="div"))
    except Exception as error:  # readability raises its own Unparseable and lxml's errors
        logger.debug("readability failed (%s)", error)
        return ""


def _extract_with_trafilatura(tree: lxml.html.HtmlElement, url: str | None) -> Document | None:
    """Run trafilatura's main-text extraction with the tuned options, fast path first.

    Measured on the AEB dev set (85 pages, 4-word shingles; include_comments=False
    throughout, which alone lifts precision over the defaults):

    ==========================  =========  ======  =====
    options                     precision  recall  F1
    ==========================  =========  ======  =====
    balanced, tables            0.953      0.980   0.966
    favor_recall, tables        0.950      0.978   0.964
    favor_precision, tables     0.970      0.976   0.973
    favor_precision, no tables  0.966      0.953   0.960
    + deduplicate (per page)    0.970      0.964   0.967
    ==========================  =========  ======  =====

    favor_precision wins mostly on news sites (related-story rails, share blurbs and
    newsletter boxes stay out) at a small recall cost elsewhere. Tables stay in: casualty and
    displacement figures are often tabulated. Within-page deduplication lowers recall, and
    trafilatura's default cross-call cache would make the function impure, so it is off.
    Comments are off because reader comments are not the article's claims.

    trafilatura's fallback comparison (readability, then jusText) costs a third of its time on
    every page, yet changed the text of one AEB page in 85, one where the fast extraction found
    almost nothing (121 characters of a 2,500-character article). So the fast extraction runs
    first and the fallback only when its text is shorter than ``_FALLBACK_BELOW_CHARS``: the
    same F1 at two thirds of the cost. Metadata is read apart (dates, authors, headline).
    """
    fast = _bare_text(tree, url, fast=True)
    if fast is not None and len(fast.text or "") >= _FALLBACK_BELOW_CHARS:
        return fast
    return _bare_text(tree, url, fast=False) or fast


def _bare_text(tree: lxml.html.HtmlElement, url: str | None, *, fast: bool) -> Document | None:
    document = trafilatura.bare_extraction(
        tree,
        url=url,
        fast=fast,
        with_metadata=False,
        output_format="python",
        # Never trafilatura's process-wide dedup cache: results would depend on earlier pages,
        # and an article re-fetched a few times would be discarded as a duplicate.
        deduplicate=False,
        **_TRAFILATURA_OPTIONS,
    )
    return document if isinstance(document, Document) else None


def _fallback_title(tree: lxml.html.HtmlElement, url: str | None) -> str | None:
    """The title trafilatura would give (meta tags, then JSON-LD, then the page's headings):
    what `extractors.headline` falls back on when the page declares no title of its own."""
    found = examine_meta(tree)
    try:
        found = extract_meta_json(tree, found)
    except Exception as error:  # trafilatura's JSON-LD reader fails on odd shapes, as it logs
        logger.debug("%s: JSON-LD metadata unreadable (%s)", url or "<no url>", error)
    found.title = found.title or extract_title(tree)
    found.clean_and_trim()
    return found.title


def decode_html(content: bytes, content_type: str | None = None, url: str | None = None) -> str:
    """Decode page bytes the way a browser would, never failing; NUL bytes are left out.

    Order: byte-order mark, the HTTP charset, the ``<meta>`` charset, UTF-8; the first that
    decodes cleanly wins. A declared Latin-1 or windows-1252 loses to UTF-8 when the bytes are
    valid UTF-8 with non-ASCII characters, since such declarations are often stale CMS
    defaults and the reverse accident is rare. A page that is mostly valid UTF-8 with a few
    stray bytes stays UTF-8 (the stray bytes become U+FFFD) rather than turning into mojibake.
    Any other page names no charset that fits: its encoding is detected from the bytes by
    chardetng, the detector Firefox runs on exactly such pages, hinted by the top-level domain
    of ``url`` as a browser is. On short pages it is far more reliable than charset-normalizer,
    which took a three-sentence windows-1251 page for Hebrew (windows-1255). Lenient decoding
    of the guess is the last resort; extract_article then reports ``bad_encoding`` if too much
    was lost.
    """
    return _decoded(content, content_type, url).replace("\x00", "")


def _decoded(content: bytes, content_type: str | None, url: str | None) -> str:
    if content.startswith(codecs.BOM_UTF8):
        return content[len(codecs.BOM_UTF8) :].decode("utf-8", "replace")
    wide = _utf16_encoding(content)
    if wide is not None:
        return content[2:].decode(wide, "replace")
    declared = [_header_charset(content_type), _meta_charset(content)]
    candidates = [_browser_encoding(label) for label in declared if label]
    if candidates and candidates[0] == "cp1252" and not content.isascii():
        candidates.insert(0, "utf-8")
    candidates.append("utf-8")
    for encoding in candidates:
        try:
            return content.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    lenient_utf8 = content.decode("utf-8", "replace")
    if _mostly_utf8(content, lenient_utf8):
        return lenient_utf8
    guess = detect_encoding(content, allow_utf8=False, tld=_top_level_domain(url))
    try:
        return content.decode(guess, "replace")
    except LookupError:
        return lenient_utf8


def _utf16_encoding(content: bytes) -> str | None:
    """The UTF-16 codec a byte-order mark names, or None."""
    return next((codec for bom, codec in _UTF16_BOMS if content.startswith(bom)), None)


def _mostly_utf8(content: bytes, lenient_utf8: str) -> bool:
    """Whether bytes that are not valid UTF-8 still mostly are: a few replaced bytes, and at
    least as many valid multi-byte characters (a legacy-encoded page has next to none)."""
    replaced = lenient_utf8.count("\ufffd")
    if replaced > _MAX_REPLACEMENT_SHARE * len(lenient_utf8):
        return False
    ascii_bytes = len(content) - len(content.translate(None, _ASCII_BYTES))
    non_ascii_characters = len(lenient_utf8) - ascii_bytes
    return non_ascii_characters - replaced >= replaced


def _top_level_domain(url: str | None) -> bytes | None:
    """The last label of ``url``'s host as chardetng takes it (ASCII, lower case), or None."""
    host = urlsplit(url).hostname if url else None
    label = (host or "").rstrip(".").rpartition(".")[2]
    if not label or not label.isascii() or label.isdigit():
        return None
    return label.lower().encode("ascii")


def _header_charset(content_type: str | None) -> str | None:
    match = _CONTENT_TYPE_CHARSET.search(content_type or "")
    return match.group(1) if match else None


def _meta_charset(content: bytes) -> str | None:
    match = _META_CHARSET.search(content[:_SNIFF_BYTES])
    return match.group(1).decode("ascii", "replace") if match else None


def _browser_encoding(label: str) -> str:
    """Map a declared charset label to the codec browsers actually use for it.

    Latin-1 and ASCII labels mean windows-1252; a UTF-16 label on bytes without a UTF-16
    byte-order mark is a copy-paste mistake for UTF-8, as the HTML standard also assumes.
    """
    label = label.strip().lower()
    if label in _WINDOWS_1252_LABELS:
        return "cp1252"
    return "utf-8" if label.startswith("utf-16") else label


def _meta_values(tree: lxml.html.HtmlElement) -> dict[str, str]:
    """First non-empty value per lower-cased meta key (property, name, http-equiv or itemprop;
    a multi-valued itemprop such as "datePublished dateCreated" counts for each name)."""
    values: dict[str, str] = {}
    for element in tree.iter("meta"):
        value = (element.get("content") or "").strip()
        if not value:
            continue
        for attribute in ("property", "name", "http-equiv", "itemprop"):
            names = (element.get(attribute) or "").lower().split()
            for key in names if attribute == "itemprop" else [" ".join(names)]:
                if key:
                    values.setdefault(key, value)
    return values


def _json_ld_blocks(tree: lxml.html.HtmlElement) -> list[Any]:
    """The parsed content of each JSON-LD block that parses."""
    blocks = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            blocks.append(json.loads(script.text or "", strict=False))
        except ValueError:
            continue
    return blocks


def _json_ld_objects(blocks: list[Any]) -> Iterator[dict[str, Any]]:
    """Every JSON object in the page's JSON-LD blocks, nested ones and ``@graph`` included."""
    stack: list[Any] = list(blocks)
    while stack:
        item = stack.pop(0)
        if isinstance(item, dict):
            yield item
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _is_article(obj: dict[str, Any]) -> bool:
    types = obj.get("@type")
    names = types if isinstance(types, list) else [types]
    return any(isinstance(name, str) and name.endswith(_ARTICLE_TYPES) for name in names)


def _first_language(candidates: list[Any]) -> str | None:
    """The first candidate that is a language tag or locale, normalized."""
    for candidate in candidates:
        if isinstance(candidate, str) and (language := _normalize_language(candidate)):
            return language
    return None


def _normalize_language(value: str | None) -> str | None:
    """Primary subtag of a language tag or locale, lower-cased: "en-GB", "en_US" -> "en"."""
    match = _LANGUAGE_TAG.match((value or "").strip())
    return match.group(1).lower() if match else None


def _canonical_url(
    tree: lxml.html.HtmlElement, meta: dict[str, str], url: str | None
) -> str | None:
    """rel=canonical, else og:url, resolved against ``url``; None unless absolute http(s)."""
    hrefs: list[str | None] = [
        link.get("href")
        for link in tree.iter("link")
        if "canonical" in (link.get("rel") or "").lower().split()
    ]
    hrefs.append(meta.get("og:url"))
    for href in hrefs:
        if not href or not href.strip():
            continue
        resolved = urljoin(url or "", href.strip())
        parts = urlsplit(resolved)
        if parts.scheme in ("http", "https") and parts.netloc:
            return resolved
    return None


def _publisher_name(obj: dict[str, Any]) -> str | None:
    publisher = obj.get("publisher")
    name = publisher.get("name") if isinstance(publisher, dict) else None
    return name if isinstance(name, str) else None
