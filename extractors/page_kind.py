"""Is a page that answered 200 really an article, or a wall in front of one?

Bot challenges, consent and cookie interstitials, "not available in your region" pages,
paywall stubs and "please enable JavaScript" shells all arrive as HTTP 200 with HTML. Stored
as articles they would become bogus versions (and a bogus "edit" when the real page comes
back). They are recognised by short visible text and the walls' own wording, which is data:
``walls.toml`` beside this module, with the two rules it is read by. A wall whose phrases are
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

# A sentence ends at . ! ? or : followed by a space; a button or heading stands alone when the
# visible text keeps the line breaks between blocks.
_SENTENCE_END = re.compile(r"(?<=[.!?:])\s+|\n+")
# Quotes and apostrophes, straight or typographic, are left out of the text and the phrases
# alike: 'Accept all', "Accept all" and “Accept all” read the same.
_QUOTES = str.maketrans(
    dict.fromkeys("'\"\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u00ab\u00bb\u2039\u203a")
)
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


def _normalized(text: str) -> str:
    return " ".join(text.split())


def _folded(text: str) -> str:
    """Lower case, one space between words, no quotes or apostrophes: how phrases and text are
    compared."""
    return " ".join(text.translate(_QUOTES).lower().split())


@dataclass(frozen=True)
class _Wall:
    kind: str
    dominant: bool
    phrases: tuple[str, ...]


def _load_walls() -> tuple[tuple[str, ...], tuple[_Wall, ...]]:
    """The challenge markers and the walls of ``walls.toml``, phrases folded as text is."""
    data = tomllib.loads(files("extractors").joinpath("walls.toml").read_text(encoding="utf-8"))
    markers = tuple(marker.lower() for marker in data["challenge_markers"])
    walls = tuple(
        _Wall(
            kind=wall["kind"],
            dominant=wall["rule"] == "dominant",
            phrases=tuple(_folded(phrase) for phrase in wall["phrases"]),
        )
        for wall in data["walls"]
    )
    return markers, walls


_CHALLENGE_MARKERS, _WALLS = _load_walls()
# Every phrase of the dominant walls, longest first so that an alternation takes the longest.
_DOMINANT_PHRASES = {
    phrase: wall.kind for wall in reversed(_WALLS) if wall.dominant for phrase in wall.phrases
}
_DOMINANT_PATTERN = re.compile(
    "|".join(re.escape(p) for p in sorted(_DOMINANT_PHRASES, key=len, reverse=True))
)


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
    visible = _normalized(text)
    if not visible or len(visible) > MAX_DOMINATED_TEXT_CHARS:
        return None
    short = len(visible) <= MAX_WALL_TEXT_CHARS
    if short:
        lowered_page = (page if page is not None else _page(html)).lower()
        marker = next((m for m in _CHALLENGE_MARKERS if m in lowered_page), None)
        if marker is not None:
            return f"bot wall: page carries the challenge marker {marker!r}"
    dominating = _dominating_wall(text, len(visible))
    if dominating is not None or not short:
        return dominating
    folded = _folded(visible)
    for wall in (wall for wall in _WALLS if not wall.dominant):
        phrase = next((p for p in wall.phrases if p in folded), None)
        if phrase is not None:
            return f"{wall.kind}: {phrase!r} in a page of {len(visible)} characters"
    return None


def _page(html: bytes | str) -> str:
    return decode_html(html) if isinstance(html, bytes) else html


def _dominating_wall(text: str, length: int) -> str | None:
    """The consent, cookie or region wall that dominates `text` (see WALL_SHARE), or None."""
    covered: dict[str, int] = {}
    phrases: dict[str, None] = {}
    for sentence in _SENTENCE_END.split(text):
        folded = _folded(sentence)
        hits = [match.group() for match in _DOMINANT_PATTERN.finditer(folded)]
        if hits:
            kind = _DOMINANT_PHRASES[hits[0]]
            covered[kind] = covered.get(kind, 0) + len(folded) + 1
            phrases.update(dict.fromkeys(hits))
    wall_chars = min(sum(covered.values()), length)
    if not length or wall_chars < WALL_SHARE * length:
        return None
    if len(phrases) < MIN_WALL_PHRASES and length - wall_chars > MAX_OTHER_TEXT_CHARS:
        return None
    kind = max(covered, key=lambda k: covered[k])
    first = next(p for p in phrases if _DOMINANT_PHRASES[p] == kind)
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
