"""What changed between two versions of an article, and whether anything really did.

Pure functions over extracted content. "Really changed" is decided on normalized text and
metadata, so whitespace, typography and tracking junk in URLs never make a version; the kinds of
change (title, body, byline, published date, correction appended) and a word-level summary are
recorded with each new version so an editor can scan a history without reading diffs.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import datetime

from extractors.normalize import normalize_text

CORRECTION_LINE = re.compile(
    r"^\s*(?:correction|clarification|editor'?s note|update|updated)\b\s*[:.\-(]",
    re.IGNORECASE,
)


WORD = re.compile(r"\w+(?:['.,]\w+)*")


@dataclass(frozen=True)
class VersionContent:
    """The parts of a version that can change: what an edit is measured on."""

    title: str | None
    authors: tuple[str, ...]
    published: datetime | None
    text: str
    agencies: tuple[str, ...] = ()


@dataclass(frozen=True)
class Change:
    """How a version differs from the one before it in time."""

    kinds: tuple[str, ...]
    words_added: int
    words_removed: int


def _normalized_title(title: str | None) -> str:
    return normalize_text(title or "").casefold()


def _normalized_authors(authors: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(normalize_text(author).casefold() for author in authors))


def same_content(old: VersionContent, new: VersionContent) -> bool:
    """True when no reader would call `new` an edit of `old`."""
    return (
        normalize_text(old.text) == normalize_text(new.text)
        and _normalized_title(old.title) == _normalized_title(new.title)
        and _normalized_authors(old.authors) == _normalized_authors(new.authors)
        and _normalized_authors(old.agencies) == _normalized_authors(new.agencies)
        and old.published == new.published
    )


def _body(content: VersionContent) -> str:
    """The normalized text without its headline: extractors often repeat the title as the
    first line, and a headline edit is a title change, not a body change."""
    lines = normalize_text(content.text).splitlines()
    if lines and content.title and lines[0].casefold() == _normalized_title(content.title):
        lines = lines[1:]
    return "\n".join(lines)


def _correction_lines(text: str) -> set[str]:
    return {line for line in normalize_text(text).splitlines() if CORRECTION_LINE.match(line)}


def word_changes(old_text: str, new_text: str) -> tuple[int, int]:
    """Words added and removed between two texts; punctuation alone is not a word."""
    old_words = WORD.findall(normalize_text(old_text))
    new_words = WORD.findall(normalize_text(new_text))
    added = removed = 0
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if tag in ("replace", "delete"):
            removed += old_end - old_start
        if tag in ("replace", "insert"):
            added += new_end - new_start
    return added, removed


def describe_change(old: VersionContent | None, new: VersionContent) -> Change:
    """The kinds of change from `old` to `new` (`old` None: the first version)."""
    if old is None:
        return Change(
            kinds=("first",), words_added=len(normalize_text(new.text).split()), words_removed=0
        )
    kinds: list[str] = []
    if _normalized_title(old.title) != _normalized_title(new.title):
        kinds.append("title")
    old_body, new_body = _body(old), _body(new)
    body_changed = old_body != new_body
    if body_changed:
        kinds.append("body")
    if _normalized_authors(old.authors) != _normalized_authors(new.authors) or (
        _normalized_authors(old.agencies) != _normalized_authors(new.agencies)
    ):
        kinds.append("byline")
    if old.published != new.published:
        kinds.append("published_date")
    if body_changed and _correction_lines(new.text) - _correction_lines(old.text):
        kinds.append("correction")
    added, removed = word_changes(old_body, new_body) if body_changed else (0, 0)
    return Change(kinds=tuple(kinds), words_added=added, words_removed=removed)
