"""The article's body text: which extraction of the page to believe, and the furniture to drop.

Pure functions over an already-parsed page and the texts extracted from it; the caller
(``extractors.article``) runs the extractors. In order:

1. **Structured data, when the page agrees with it.** A JSON-LD ``articleBody`` (schema.org
   ``Article`` and its subtypes) is the publisher's own statement of the body, but it is often
   stale, truncated, a teaser, or another article's. It is used only when it is *consistent with
   the page*: nearly all of its word 4-grams are in the page's visible text, and it holds nearly
   all of the main-text extraction's 4-grams (see :func:`structured_body`). Otherwise it is
   ignored; the visible text always wins a disagreement.
2. **A second opinion where the main-text extraction looks short.** When long paragraphs of the
   page are missing from trafilatura's precision-mode text (:func:`missing_paragraph_chars`),
   the article may span containers trafilatura did not join. readability is then asked too, and
   its text is taken if it still holds the precision text and is much longer
   (:func:`prefer_fuller`): a fuller text that drops what the precision text found is another
   part of the page, not more of the article. (trafilatura's recall mode was tried as a second
   opinion as well: where it and the precision mode disagree on the AEB dev pages, its extra
   lines were furniture on 13 pages and article on 6, and it never held much more; see
   bench/RESULTS.md.)
3. **Furniture lines out.** Share prompts, "Related" and "Read more" rails, newsletter and
   follow-us boxes, photo and copyright credits, tag lists and reading-time labels, as listed in
   ``extractors/lexicons/boilerplate.toml``. (:func:`clean_body` can also drop the headline
   repeated at the top of the text; ``extractors.article`` keeps it, as the claims extractor
   reads the headline toll from the text, and drops it only to compare texts.)
"""

from __future__ import annotations

import html
import re
import tomllib
from collections import Counter
from collections.abc import Iterable, Sequence
from contextlib import suppress
from functools import cache
from importlib.resources import files
from typing import Any

import lxml.html
from lxml import etree

# A furniture phrase condemns only a line this short: articles' own paragraphs are longer, and a
# long paragraph that happens to hold "newsletter" is a sentence about one.
MAX_FURNITURE_LINE_CHARS = 250
# The headline repeated as one of the text's first lines is dropped (once).
_HEADLINE_LINES = 3

_WORD = re.compile(r"\w+")
_LEXICON = "boilerplate.toml"
_WALLS = "walls.toml"
# One to four words in place of "*".
_WILDCARD = r"\w+(?:\W+\w+){0,3}"
_PHRASE_PART = re.compile(r"\*|\w+|[:©]")
_TAG = re.compile(r"<[a-zA-Z/][^>]*>")


def shingles(text: str, size: int = 4) -> Counter[tuple[str, ...]]:
    """Multiset of ``size``-word shingles of lower-cased words (one shingle if fewer words)."""
    words = _WORD.findall(text.lower())
    if not words:
        return Counter()
    count = max(1, len(words) - size + 1)
    return Counter(tuple(words[start : start + size]) for start in range(count))


def contained_share(part: Counter[tuple[str, ...]], whole: Counter[tuple[str, ...]]) -> float:
    """Share of ``part``'s shingles (as a multiset) that ``whole`` also holds; 1 if none."""
    total = sum(part.values())
    return sum((part & whole).values()) / total if total else 1.0


# --- furniture lines ---------------------------------------------------------------------------


def _phrase_pattern(phrase: str) -> str:
    """Regular expression for one lexicon phrase (see boilerplate.toml for the rules)."""
    pattern = ""
    for part in _PHRASE_PART.findall(phrase.lower()):
        if part in (":", "©"):
            pattern += r"[\W_]*" + re.escape(part)
            continue
        word = _WILDCARD if part == "*" else re.escape(part)
        pattern += (r"[\W_]+" if pattern else "") + word
    return pattern


@cache
def _furniture() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Compiled label, opener and phrase patterns of the lexicon."""
    lexicon = _lexicon(_LEXICON)

    def alternation(phrases: Iterable[str]) -> str:
        return "|".join(f"(?:{_phrase_pattern(phrase)})" for phrase in phrases)

    labels = re.compile(rf"^[\W_]*(?:{alternation(lexicon['labels'])})[\W_]*$", re.IGNORECASE)
    openers = re.compile(rf"^[\W_]*(?:{alternation(lexicon['openers'])})(?!\w)", re.IGNORECASE)
    phrases = re.compile(rf"(?<!\w)(?:{alternation(lexicon['phrases'])})(?!\w)", re.IGNORECASE)
    return labels, openers, phrases


def _lexicon(name: str) -> dict[str, Any]:
    return tomllib.loads(files("extractors.lexicons").joinpath(name).read_text(encoding="utf-8"))


@cache
def _wall_wording() -> re.Pattern[str]:
    """The phrases of the walls that are not articles (``walls.toml``): a line holding one stays
    in the text, for ``extractors.page_kind`` to find ("Subscribe to continue reading")."""
    phrases = [phrase for wall in _lexicon(_WALLS)["walls"] for phrase in wall["phrases"]]
    alternation = "|".join(f"(?:{_phrase_pattern(phrase)})" for phrase in phrases)
    return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", re.IGNORECASE)


def is_furniture(line: str) -> bool:
    """Whether one line of extracted text is page furniture rather than the article's.

    A line holding a wall's wording (a paywall's "Subscribe to continue reading") never is: the
    page-kind check reads the text for it.
    """
    line = line.strip()
    if not line or len(line) > MAX_FURNITURE_LINE_CHARS:
        return False
    labels, openers, phrases = _furniture()
    if not (labels.match(line) or openers.match(line) or phrases.search(line)):
        return False
    return not _wall_wording().search(line)


def _headline_words(line: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(line.lower()))


def _headlines_words(headlines: Sequence[str | None]) -> set[tuple[str, ...]]:
    return {words for title in headlines if title and (words := _headline_words(title))}


def clean_body(text: str, headlines: Sequence[str | None] = ()) -> str:
    """``text`` without its furniture lines and without a headline repeated at its top."""
    headline_words = _headlines_words(headlines)
    kept: list[str] = []
    headline_seen = False
    for number, line in enumerate(text.splitlines()):
        if is_furniture(line):
            continue
        if (
            not headline_seen
            and number < _HEADLINE_LINES
            and _headline_words(line) in headline_words
        ):
            headline_seen = True  # once: a lede may repeat the headline's words
            continue
        kept.append(line)
    return "\n".join(kept).strip()


# --- second opinions ----------------------------------------------------------------------------


def missing_paragraph_chars(tree: lxml.html.HtmlElement, text: str, min_chars: int) -> int:
    """Characters of the page's long paragraphs (``<p>`` of at least ``min_chars``) that ``text``
    leaves out: a paragraph counts as in when its opening words are."""
    held = " ".join(_WORD.findall(text))
    missing = 0
    for paragraph in tree.iter("p"):
        words = " ".join(_WORD.findall(paragraph.text_content()))
        if len(words) >= min_chars and words[:60] not in held:
            missing += len(words)
    return missing


def prefer_fuller(
    text: str, candidates: Iterable[str], *, hold: float = 0.9, grow: float = 1.5
) -> str:
    """The fullest of ``candidates`` that still holds ``text``, else ``text``.

    A candidate replaces the text only when it holds at least ``hold`` of the text's shingles
    (it is the same article, found whole) and is at least ``grow`` times as long (it is worth a
    change: a few more lines are more often a rail or a caption than the article's).
    """
    best, own = text, shingles(text)
    for candidate in candidates:
        if len(candidate) >= grow * len(best) and contained_share(own, shingles(candidate)) >= hold:
            best = candidate
    return best


# --- structured data ---------------------------------------------------------------------------

# A declared body is believed only if this share of its shingles is visible on the page ...
STRUCTURED_VISIBLE_SHARE = 0.95
# ... and it holds this share of the visible extraction's (furniture lines out).
STRUCTURED_HOLDS_SHARE = 0.9
# A declared body in one paragraph replaces an agreeing extraction only when this much longer:
# the visible extraction keeps the page's paragraphs.
_UNBROKEN_GROWTH = 1.1
_MIN_STRUCTURED_WORDS = 20
_INVISIBLE = ("script", "style", "noscript", "template")
_BLOCK_TAGS = frozenset(
    {
        "p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
        "blockquote", "pre", "table", "tr", "td", "th", "section", "article", "figure",
        "figcaption", "header", "footer", "aside", "main", "hr",
    }
)  # fmt: skip


def block_text(element: lxml.html.HtmlElement) -> str:
    """The text of an HTML element, one line per block (paragraph, list item, heading, cell),
    spaces collapsed, blank lines out. The element is changed: pass a copy or a throwaway."""
    for node in element.iter(*_INVISIBLE):
        node.drop_tree()
    for node in element.iter():
        if node.tag in _BLOCK_TAGS:
            node.text = "\n" + (node.text or "")
            node.tail = "\n" + (node.tail or "")
    lines = (" ".join(line.split()) for line in element.text_content().splitlines())
    return "\n".join(line for line in lines if line)


def declared_body_text(value: str) -> str:
    """A JSON-LD ``articleBody`` as plain text: HTML entities and tags read, one line per
    paragraph, spaces collapsed."""
    value = html.unescape(value)
    if _TAG.search(value):
        with suppress(etree.ParserError, ValueError):
            return block_text(lxml.html.fragment_fromstring(value, create_parent="div"))
    lines = (" ".join(line.split()) for line in value.splitlines())
    return "\n".join(line for line in lines if line)


_VISIBLE_TEXT = etree.XPath(
    ".//text()[not(ancestor::script or ancestor::style or ancestor::noscript"
    " or ancestor::template)]"
)


def visible_text(tree: lxml.html.HtmlElement) -> str:
    """All the text a reader could see on the page (scripts, styles, templates out)."""
    body = tree.find("body")
    return " ".join(_VISIBLE_TEXT(body if body is not None else tree))


def structured_body(
    declared: Iterable[str],
    tree: lxml.html.HtmlElement,
    extracted: str,
    headlines: Sequence[str | None] = (),
) -> str | None:
    """The declared article body to use instead of ``extracted``, or None.

    ``declared`` are the page's JSON-LD ``articleBody`` values (of its Article objects). The
    longest is believed only when it is consistent with the page: at least
    ``STRUCTURED_VISIBLE_SHARE`` of its shingles are in the page's visible text (not a stale,
    hidden or other article's body) and it holds at least ``STRUCTURED_HOLDS_SHARE`` of the
    extraction's, furniture and a repeated headline (one of ``headlines``) out (not a teaser or
    a truncated body). A consistent body in a single
    paragraph that is barely longer than the extraction says the same words with less layout:
    the extraction stays. A headline the extraction opens with is kept on top of the body.
    """
    bodies = [declared_body_text(value) for value in declared]
    body = max(bodies, key=len, default="")
    if len(_WORD.findall(body)) < _MIN_STRUCTURED_WORDS:
        return None
    own = shingles(body)
    if contained_share(shingles(clean_body(extracted, headlines)), own) < STRUCTURED_HOLDS_SHARE:
        return None
    if contained_share(own, shingles(visible_text(tree))) < STRUCTURED_VISIBLE_SHARE:
        return None
    if "\n" not in body and len(body) <= _UNBROKEN_GROWTH * len(extracted):
        return None
    # The headline the extraction opens with stays on top, as it would in the extraction.
    first = extracted.split("\n", 1)[0]
    if _headline_words(first) in _headlines_words(headlines) and not body.startswith(first):
        return f"{first}\n{body}"
    return body
