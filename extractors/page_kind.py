"""Is a page that answered 200 really an article, or a wall in front of one?

Bot challenges, cookie-consent interstitials, paywall stubs and "please enable JavaScript"
shells all arrive as HTTP 200 with HTML. Stored as articles they would become bogus versions
(and a bogus "edit" when the real page comes back). They are recognised by short visible text
plus a phrase or marker of their kind. Two things keep real articles safe: the length gate (a
full story ending in "subscribe to continue reading" is still an article) and phrases that are
the walls' own boilerplate, not words a news brief would use ("access denied" or "captcha"
alone could be a headline; "verify you are human" is not).
"""

from __future__ import annotations

import lxml.html
from lxml import etree

# Walls are short; a real article with a wall-like sentence in it is longer than this.
MAX_WALL_TEXT_CHARS = 1500

# Markers of bot-protection challenges, found in the raw HTML (ids, script names, titles).
_CHALLENGE_MARKERS = (
    "cf-browser-verification",
    "cf_chl_opt",
    "challenge-platform",
    "<title>just a moment...</title>",
    "<title>access denied</title>",
    "attention required! | cloudflare",
    "ddos protection by",
    "px-captcha",
    "_incapsula_resource",
    "pardon our interruption",
)
_LEXICONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "bot wall",
        (
            "verify you are human",
            "verify that you are human",
            "i'm not a robot",
            "i am not a robot",
            "checking your browser",
            "checking if the site connection is secure",
            "unusual traffic from your computer",
            "complete the security check",
            "you don't have permission to access",
            "enable javascript and cookies",
        ),
    ),
    (
        "consent wall",
        (
            "we value your privacy",
            "before you continue to",
            "manage your privacy settings",
            "we and our partners use cookies",
            "consent to the use of cookies",
            "accept all cookies",
            "your consent choices",
        ),
    ),
    (
        "paywall",
        (
            "subscribe to continue reading",
            "subscribe to read the full",
            "this article is for subscribers",
            "exclusive to subscribers",
            "already a subscriber? log in",
            "already a subscriber? sign in",
            "create a free account to continue",
            "sign in to continue reading",
            "reached your free article limit",
            "you have read all your free articles",
        ),
    ),
    (
        "JavaScript required",
        (
            "enable javascript",
            "javascript is disabled",
            "javascript is required",
            "requires javascript",
        ),
    ),
)
_PARSER = lxml.html.HTMLParser(
    encoding="utf-8", remove_comments=True, remove_pis=True, collect_ids=False
)


def blocked_page_reason(html: bytes | str, extracted_text: str) -> str | None:
    """Why this page is a wall and not an article ("bot wall: 'verify you are human'"), or None.

    `extracted_text` is the article extractor's text ("" when it found none). The phrases are
    looked for in it and, when it is empty, in the page's visible text, so a consent dialog
    that the extractor dropped as boilerplate still counts.
    """
    visible = _normalized(extracted_text)
    if len(visible) > MAX_WALL_TEXT_CHARS:
        return None  # most pages: an article's text is long, no need to read the page again
    page = html.decode("utf-8", "replace") if isinstance(html, bytes) else html
    visible = visible or _visible_text(page)
    if len(visible) > MAX_WALL_TEXT_CHARS:
        return None
    lowered_page = page.lower()
    marker = next((m for m in _CHALLENGE_MARKERS if m in lowered_page), None)
    if marker is not None:
        return f"bot wall: page carries the challenge marker {marker!r}"
    text = visible.lower()
    for kind, phrases in _LEXICONS:
        phrase = next((p for p in phrases if p in text), None)
        if phrase is not None:
            return f"{kind}: {phrase!r} in a page of {len(visible)} characters"
    return None


def _visible_text(page: str) -> str:
    """What a reader would see, roughly: the text without scripts and styles (<noscript> stays:
    its "please enable JavaScript" is exactly what a JS-only shell shows)."""
    try:
        tree = lxml.html.document_fromstring(page.encode("utf-8", "replace"), parser=_PARSER)
    except (etree.ParserError, ValueError):
        return ""
    etree.strip_elements(tree, "script", "style", "template", with_tail=False)
    return _normalized(tree.text_content())


def _normalized(text: str) -> str:
    return " ".join(text.split())
