"""The headline a reader sees on the page, without the site's name.

A page's ``<title>`` and ``og:title`` are written for search engines and social feeds: they
often carry the site's name after a dash or a bar ("... - TechCrunch", "... | Al Bawaba"),
or a section before the headline ("Opinion | ..."), and sometimes are another wording of the
story altogether. The article's own ``<h1>`` is what a reader sees,
but a page may have several, and the first is sometimes the site's logo or a promotion. So:

1. The ``<h1>`` whose words best agree with the page's declared titles (``og:title``,
   ``twitter:title``, JSON-LD ``headline``, ``<title>``) is the headline, when it holds at
   least ``_H1_AGREEMENT`` of the words of one of them. Agreement, not equality, because an
   SEO title may reword the headline while keeping most of its words.
2. Otherwise the declared title, with the site's name cut off: a leading or trailing part,
   between title separators, that names the site (``og:site_name``, ``application-name``, or
   the URL's host name).

Measured on half A of ``bench/metadata/aeb.jsonl`` and checked on half B (bench/RESULTS.md).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from urllib.parse import urlsplit

import lxml.html

# What sites put between a headline and their own name, longest first so that " :: " is
# not read as " : ". Spaces around them are required: a hyphen inside a word is no separator.
TITLE_SEPARATORS: tuple[str, ...] = (
    " :: ",
    " | ",
    " \N{EN DASH} ",
    " \N{EM DASH} ",
    " - ",
    " : ",
    " \N{RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK} ",
    " \N{MIDDLE DOT} ",
)
# An <h1> is the headline when it holds this share of a declared title's words. Chosen on
# half A: an SEO rewording of the headline keeps about half of its words.
_H1_AGREEMENT = 0.5
# Longer text in an <h1> is a block of content wrapped in a heading, not a headline.
_MAX_HEADLINE_CHARS = 300
# Host labels that name no site.
_GENERIC_HOST_LABELS = frozenset({"www", "m", "mobile", "amp", "news", "blog", "com", "co", "org"})
_WORD = re.compile(r"\w+")
_SEPARATOR_SPLIT = re.compile("|".join(re.escape(separator) for separator in TITLE_SEPARATORS))


def headline(
    tree: lxml.html.HtmlElement,
    declared_titles: Iterable[str | None],
    site_names: Iterable[str | None],
    url: str | None,
    fallback: str | None = None,
) -> str | None:
    """The page's headline: its agreeing ``<h1>``, else the first declared title without the
    site's name, else ``fallback`` without it; None when there is none of these.

    ``declared_titles`` are in order of trust; ``site_names`` are what the page calls its
    site; ``url`` gives the host name as another. ``fallback`` (trafilatura's title) is never
    what an ``<h1>`` is checked against: for a page that declares no title it is an ``<h1>``,
    perhaps the site's logo, which would agree with itself.
    """
    titles = [_squash(title) for title in declared_titles if title and title.strip()]
    names = site_names_of(site_names, url)
    stripped = [strip_site_name(title, names) for title in titles]
    best_h1 = _agreeing_h1(_h1_texts(tree), [*stripped, *titles])
    if best_h1 is not None:
        return best_h1
    if stripped:
        return stripped[0]
    return strip_site_name(_squash(fallback), names) if fallback and fallback.strip() else None


def strip_site_name(title: str, site_names: Sequence[str]) -> str:
    """``title`` without leading or trailing parts that name the site.

    Parts are cut from either end while they name the site; at least one part always stays.
    """
    parts = [part.strip() for part in _SEPARATOR_SPLIT.split(title)]
    if len(parts) < 2 or not site_names:
        return title
    separators = _SEPARATOR_SPLIT.findall(title)
    first, last = 0, len(parts)
    while last - first > 1 and _names_site(parts[last - 1], site_names):
        last -= 1
    while last - first > 1 and _names_site(parts[first], site_names):
        first += 1
    if (first, last) == (0, len(parts)):
        return title
    kept = parts[first]
    for index in range(first + 1, last):
        kept += separators[index - 1] + parts[index]
    return kept


def site_names_of(site_names: Iterable[str | None], url: str | None) -> list[str]:
    """What a page calls its site, loosened (letters and digits only), and the registered
    name of its host ("techcrunch" of techcrunch.com)."""
    names = [_loose(name) for name in site_names if name and _loose(name)]
    host = urlsplit(url).hostname if url else None
    if host:
        labels = [label for label in host.split(".") if label not in _GENERIC_HOST_LABELS]
        if labels:
            # The registered name: "techcrunch" of techcrunch.com, "entermedia" of .co.kr.
            names.append(_loose(labels[0]))
    return names


def _names_site(part: str, site_names: Sequence[str]) -> bool:
    """Whether a title part is the site's name: equal to one, or one contains the other
    (the part "Express.co.uk" and the host "express"; "PolitiFact West Virginia" and the
    site "politifact")."""
    loose = _loose(part)
    if not loose:
        return False
    return any(loose == name or name in loose or loose in name for name in site_names)


def _agreeing_h1(h1_texts: Sequence[str], titles: Sequence[str]) -> str | None:
    """The ``<h1>`` that contains at least ``_H1_AGREEMENT`` of a declared title's words,
    the closest one (Dice overlap of word sets) when several do.

    The share is of the title's words, not the heading's, so that a site's logo in an
    ``<h1>`` ("Digg") does not agree with a title that ends in the site's name.
    """
    best: tuple[float, str] | None = None
    for text in h1_texts:
        words = set(_words(text))
        for title in titles:
            title_words = set(_words(title))
            if not words or not title_words:
                continue
            common = len(words & title_words)
            if common < _H1_AGREEMENT * len(title_words):
                continue
            closeness = 2 * common / (len(words) + len(title_words))
            if best is None or closeness > best[0]:
                best = (closeness, text)
    return best[1] if best is not None else None


def _h1_texts(tree: lxml.html.HtmlElement) -> list[str]:
    texts = []
    for element in tree.iter("h1"):
        text = _squash(element.text_content())
        if text and len(text) <= _MAX_HEADLINE_CHARS:
            texts.append(text)
    return texts


def _words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def _loose(text: str) -> str:
    """Letters and digits only, case-folded: "Express.co.uk" -> "expresscouk"."""
    return "".join(_words(text))


def _squash(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())
