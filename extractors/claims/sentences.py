"""Sentence splitting that tolerates news text as it really comes.

Claims are per sentence, and the gold sentence of a quote may hold several sentences ("They
killed my son. And ...," said the parent), so a quote that closes within the same paragraph is
kept whole. Line breaks always end a sentence: headlines and datelines carry no full stop; so
do the cell separators of a table rendered as text ("| ... | ... |"). A text with no
punctuation at all is a single sentence per line, which the later rules handle in time linear
in its length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.claims.cues import CUES
from extractors.claims.lexicon import ABBREVIATIONS

_LINE = re.compile(r"[^\n\r\u2028\u2029|]+")
# End punctuation, then any closing quotes or brackets, then whitespace. The lookbehind and the
# possessive quantifiers stop the engine from retrying inside a long run of dots: linear time.
_BOUNDARY = re.compile(r"(?<![.!?])[.!?]++[\"'\u201d\u2019)\]]*+\s+")
_WORD_BEFORE = re.compile(r"(\w+)$")
# A capitalised sentence opener after a word and a space: a full stop was lost before it.
_LOST_STOP = re.compile(r"(?<=\w )According to\b")

_CLOSING_DOUBLE = ('"', "\u201d")
_MAX_FRAME_WORDS = 8  # "Rep. Robert Aderholt of Alabama asked again"

# How far a quote may run, in sentences and characters, before it is taken to be unbalanced.
_QUOTE_MAX_SENTENCES = 6
_QUOTE_MAX_CHARS = 1500


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int


def split_sentences(text: str) -> list[Sentence]:
    """Sentence spans of ``text``, trimmed of surrounding whitespace, in order."""
    sentences: list[Sentence] = []
    for line in _LINE.finditer(text):
        pieces = _split_line(text, line.start(), line.end())
        sentences.extend(_merge_open_quotes(text, pieces))
    return sentences


def sentence_pieces(text: str, sentence: Sentence) -> list[Sentence]:
    """The sentences a quotation kept whole is made of ('"Six children were killed. Years of
    conflict have left ..."'), or the sentence itself: what the toll reads one by one, so that
    a background sentence inside a quotation does not take the lead with it."""
    quoted = any(text.find(mark, sentence.start, sentence.end) >= 0 for mark in _CLOSING_DOUBLE)
    if not quoted:
        return [sentence]  # only a quotation is kept whole: most sentences cost two finds
    return _split_line(text, sentence.start, sentence.end) or [sentence]


def _split_line(text: str, start: int, end: int) -> list[Sentence]:
    pieces: list[Sentence] = []
    piece_start = start
    for boundary in _BOUNDARY.finditer(text, start, end):
        punctuation_end = boundary.end()
        while punctuation_end > boundary.start() and text[punctuation_end - 1].isspace():
            punctuation_end -= 1
        following = boundary.end()
        if following < end and text[following].islower():
            continue
        if _attribution_frame_follows(text, boundary.group(), following, end):
            continue  # '"What is the plan?" Aderholt asked.': the question's own frame
        if _ends_with_abbreviation(text, piece_start, boundary.start()):
            continue
        _append_lost_stops(text, piece_start, punctuation_end, pieces)
        piece_start = following
    _append_lost_stops(text, piece_start, end, pieces)
    return pieces


def _attribution_frame_follows(text: str, boundary: str, following: int, end: int) -> bool:
    """A quoted question or exclamation is no sentence of its own when a short attribution
    frame follows it ('"What is the plan?" Aderholt asked again.', '"Stop!" the officer
    shouted.'): a few words to the next stop, one of them a cue verb (Quirk et al. 1985, 14.29
    on reporting clauses after direct speech)."""
    if boundary[0] not in "?!" or not any(mark in boundary for mark in _CLOSING_DOUBLE):
        return False
    stop = _BOUNDARY.search(text, following, end)
    words = text[following : stop.start() if stop is not None else end].split()
    if not words or len(words) > _MAX_FRAME_WORDS:
        return False
    return any(word.strip(",;:.!?").lower() in CUES.finite for word in words)


def _append_lost_stops(text: str, start: int, end: int, pieces: list[Sentence]) -> None:
    """Append the piece, split where a sentence opener stands capitalised right after a word:
    "... in Aleppo city According to a police source two people ..." lost its full stop (a
    headline run into the lede, or punctuation stripped) and holds two sentences."""
    for opener in _LOST_STOP.finditer(text, start, end):
        _append_trimmed(text, start, opener.start(), pieces)
        start = opener.start()
    _append_trimmed(text, start, end, pieces)


def _ends_with_abbreviation(text: str, start: int, dot: int) -> bool:
    if dot >= len(text) or text[dot] != ".":
        return False
    word = _WORD_BEFORE.search(text, max(start, dot - 12), dot)
    if word is None:
        return False
    token = word.group(1)
    if len(token) == 1 and token.isupper():  # an initial: "George W. Bush", "U.S."
        return True
    return token.lower() in ABBREVIATIONS


def _append_trimmed(text: str, start: int, end: int, pieces: list[Sentence]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        pieces.append(Sentence(start, end))


def _quote_balance(text: str, sentence: Sentence) -> int:
    """Positive when the sentence leaves a double quote open."""
    chunk = text[sentence.start : sentence.end]
    straight = chunk.count('"') % 2
    curly = chunk.count("\u201c") - chunk.count("\u201d")
    return straight + max(curly, 0)


def _merge_open_quotes(text: str, pieces: list[Sentence]) -> list[Sentence]:
    """Join sentences that sit inside one quotation, when the quotation closes soon enough."""
    merged: list[Sentence] = []
    index = 0
    while index < len(pieces):
        current = pieces[index]
        closing = _closing_piece(text, pieces, index) if _quote_balance(text, current) else None
        if closing is None:
            merged.append(current)
            index += 1
        else:
            merged.append(Sentence(current.start, pieces[closing].end))
            index = closing + 1
    return merged


def _closing_piece(text: str, pieces: list[Sentence], index: int) -> int | None:
    start = pieces[index].start
    last = min(len(pieces), index + _QUOTE_MAX_SENTENCES)
    for candidate in range(index + 1, last):
        if pieces[candidate].end - start > _QUOTE_MAX_CHARS:
            return None
        if _closes_quote(text, pieces[candidate]):
            return candidate
    return None


def _closes_quote(text: str, sentence: Sentence) -> bool:
    """Whether the sentence closes a double quote opened before it: an odd number of straight
    quotes, or more closing curly quotes than opening ones."""
    chunk = text[sentence.start : sentence.end]
    return chunk.count('"') % 2 == 1 or chunk.count("\u201d") > chunk.count("\u201c")
