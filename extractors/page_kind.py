"""Is a page that answered 200 really an article, or a wall in front of one?

Bot challenges, consent and cookie interstitials, "not available in your region" pages,
paywall stubs and "please enable JavaScript" shells all arrive as HTTP 200 with HTML. Stored
as articles they would become bogus versions (and a bogus "edit" when the real page comes
back). They are recognised by short visible text and the walls' own wording, which is data:
``extractors/lexicons/walls.toml``, with the two rules it is read by. A wall whose phrases are
its own boilerplate ("verify you are human", "subscribe to continue reading") needs one of
them in a short page: the length gate keeps a full story ending in such a line an article.
Consent, cookie and region walls are written in words that real articles about privacy rules
or blocked services also use, so their sentences must dominate a short page: a news brief
that quotes an "Accept all cookies" button is still a news brief.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from importlib.resources import files

import lxml.html
from lxml import etree

from extractors.article import decode_html

# Walls are short; a real article with a wall-like sentence in it is longer than this.
MAX_WALL_TEXT_CHARS = 1500
# Consent walls explain themselves at more length (a search engine's runs to some 2,000
# characters in German); dominance, not length, is what tells them from articles.
MAX_DOMINATED_TEXT_CHARS = 4000
# A consent, cookie or region wall dominates its page: the sentences holding its wording make up
# at least this share of the text, and either they hold several of its phrases (a consent dialog
# explains, lists purposes and offers buttons) or the rest of the page is next to nothing (a
# region wall says one sentence and a polite word). An article that quotes a dialog's button
# or a "not available in your country" message has its reporting around the quote.
WALL_SHARE = 0.5
MIN_WALL_PHRASES = 3
MAX_OTHER_TEXT_CHARS = 120

# A sentence ends at . ! ? or : followed by a space, and at a line break: the extractor's text
# and the visible text (`_visible_text`) put each paragraph, heading and button on a line.
_SENTENCE_END = re.compile(r"(?<=[.!?:])\s+|\n+")
# Phrases and text are compared as sequences of lower-case words: punctuation, quotes and
# apostrophes, straight or typographic, fall away ('Accept all', “Accept all”), and a phrase
# never matches inside a longer word ("accept all" is not in "accept allegations").
_WORD = re.compile(r"\w+")
_PARSER = lxml.html.HTMLParser(
    encoding="utf-8", remove_comments=True, remove_pis=True, collect_ids=False
)
# Elements whose text a browser shows on a line of its own.
_BLOCKS = (
    *("address", "article", "aside", "blockquote", "button", "dd", "div", "dl", "dt"),
    *("fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5"),
    *("h6", "header", "hr", "label", "li", "main", "nav", "ol", "option", "p", "pre"),
    *("section", "table", "td", "th", "tr", "ul", "br"),
)


@dataclass(frozen=True)
class _Phrase:
    words: tuple[str, ...]
    text: str  # as walls.toml writes it, for the reason
    kind: str
    rank: int  # the wall's place in walls.toml


# Phrases by their first word, so that a text is searched in one pass over its words.
_Index = dict[str, list[_Phrase]]


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _normalized(text: str) -> str:
    return " ".join(text.split())


def _load_walls() -> tuple[tuple[str, ...], _Index, _Index]:
    """The challenge markers, and the phrases of the dominant and of the other walls."""
    walls_file = files("extractors.lexicons").joinpath("walls.toml")
    data = tomllib.loads(walls_file.read_text(encoding="utf-8"))
    markers = tuple(marker.lower() for marker in data["challenge_markers"])
    dominant: _Index = {}
    plain: _Index = {}
    for rank, wall in enumerate(data["walls"]):
        index = dominant if wall["rule"] == "dominant" else plain
        for text in wall["phrases"]:
            words = tuple(_words(text))
            index.setdefault(words[0], []).append(_Phrase(words, text, wall["kind"], rank))
    return markers, dominant, plain


_CHALLENGE_MARKERS, _DOMINANT_PHRASES, _PLAIN_PHRASES = _load_walls()


def _narrowed(index: _Index, vocabulary: set[str]) -> _Index:
    """The phrases of `index` all of whose words are in `vocabulary`: a set test each, so that
    a text holding none (most articles) is dismissed without walking its words."""
    narrowed: _Index = {}
    for first, phrases in index.items():
        if first in vocabulary:
            kept = [phrase for phrase in phrases if vocabulary.issuperset(phrase.words)]
            if kept:
                narrowed[first] = kept
    return narrowed


def _found(words: list[str], index: _Index) -> list[_Phrase]:
    """The phrases of `index` in `words`, in the order they occur, leftmost longest and not
    overlapping ("accept all cookies" is one phrase, not that and "accept all")."""
    found = []
    start = 0
    while start < len(words):
        candidates = index.get(words[start])
        matched = None
        if candidates is not None:
            matched = max(
                (p for p in candidates if tuple(words[start : start + len(p.words)]) == p.words),
                key=lambda p: len(p.words),
                default=None,
            )
        if matched is None:
            start += 1
        else:
            found.append(matched)
            start += len(matched.words)
    return found


def blocked_page_reason(html: bytes | str, extracted_text: str) -> str | None:
    """Why this page is a wall and not an article ("bot wall: 'verify you are human'"), or None.

    `extracted_text` is the article extractor's text ("" when it found none). The walls are
    looked for in it and, when it is empty, in the page's visible text, so a consent dialog
    that the extractor dropped as boilerplate still counts.
    """
    text = extracted_text.strip()
    if len(text) > MAX_DOMINATED_TEXT_CHARS:
        return None  # most pages: an article's text is long, no need to read the page again
    page = None if text else _page(html)
    text = text or _visible_text(page or "")
    length = len(_normalized(text))
    if not length or length > MAX_DOMINATED_TEXT_CHARS:
        return None
    short = length <= MAX_WALL_TEXT_CHARS
    if short:
        lowered_page = (page if page is not None else _page(html)).lower()
        marker = next((m for m in _CHALLENGE_MARKERS if m in lowered_page), None)
        if marker is not None:
            return f"bot wall: page carries the challenge marker {marker!r}"
    dominating = _dominating_wall(text, length)
    if dominating is not None or not short:
        return dominating
    found = _found(_words(text), _PLAIN_PHRASES)
    if not found:
        return None
    first = min(found, key=lambda phrase: phrase.rank)
    return f"{first.kind}: {first.text!r} in a page of {length} characters"


def _page(html: bytes | str) -> str:
    return decode_html(html) if isinstance(html, bytes) else html


def _dominating_wall(text: str, length: int) -> str | None:
    """The consent, cookie or region wall that dominates `text` (see WALL_SHARE), or None."""
    index = _narrowed(_DOMINANT_PHRASES, set(_words(text)))
    if not index:
        return None
    covered: dict[str, int] = {}
    phrases: dict[str, _Phrase] = {}
    for sentence in _SENTENCE_END.split(text):
        found = _found(_words(sentence), index)
        if found:
            kind = found[0].kind
            covered[kind] = covered.get(kind, 0) + len(_normalized(sentence)) + 1
            phrases.update((phrase.text, phrase) for phrase in found)
    wall_chars = min(sum(covered.values()), length)
    if wall_chars < WALL_SHARE * length:
        return None
    if len(phrases) < MIN_WALL_PHRASES and length - wall_chars > MAX_OTHER_TEXT_CHARS:
        return None
    kind = max(covered, key=lambda k: covered[k])
    first = next(phrase.text for phrase in phrases.values() if phrase.kind == kind)
    share = wall_chars / length
    return f"{kind}: {first!r}, its sentences {share:.0%} of a page of {length} characters"


def _visible_text(page: str) -> str:
    """What a reader would see, roughly, one block a line: the body's text without scripts and
    styles (<noscript> stays: its "please enable JavaScript" is exactly what a JS-only shell
    shows)."""
    try:
        tree = lxml.html.document_fromstring(page.encode("utf-8", "replace"), parser=_PARSER)
    except (etree.ParserError, ValueError):
        return ""
    etree.strip_elements(tree, "head", "script", "style", "template", with_tail=False)
    for element in tree.iter(*_BLOCKS):
        element.text = "\n" + (element.text or "")
        element.tail = "\n" + (element.tail or "")
    return "\n".join(line for line in tree.text_content().splitlines() if line.strip())
