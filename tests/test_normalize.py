"""normalize_text / text_fingerprint: layout and typography noise is not an edit; words are."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractors.normalize import normalize_text, text_fingerprint

CLEAN = (
    'The monitoring group said "at least 23 civilians, including seven children" were killed.\n'
    'The ministry\'s spokesman denied it - the reports were "fabricated"...\n'
    "Shelling reportedly continued overnight."
)


@pytest.mark.parametrize(
    "noisy",
    [
        # curly quotes and apostrophes, en/em dashes, ellipsis character
        "The monitoring group said \u201cat least 23 civilians, including seven children\u201d"
        " were killed.\n"
        "The ministry\u2019s spokesman denied it \u2014 the reports were "
        "\u201cfabricated\u201d\u2026\n"
        "Shelling reportedly continued overnight.",
        # no-break spaces, zero-width space, soft hyphen, word joiner
        'The monitoring group said "at\u00a0least 23\u202fcivilians, '
        'including seven chil\u00addren"'
        " were killed.\n"
        'The ministry\'s spokes\u200bman denied it \u2013 the reports were "fabri\u2060cated"...\n'
        "Shelling reportedly continued overnight.",
        # whitespace layout: indentation, runs of spaces and tabs, blank lines, CRLF
        '  The monitoring group said  "at least 23 civilians,\tincluding seven children"'
        " were killed.  \r\n\r\n\n"
        '\tThe ministry\'s spokesman denied it - the reports were "fabricated"...\r\n'
        "   \n"
        "Shelling reportedly continued overnight.\n\n",
        # compatibility forms folded by NFKC: full-width digits, minus sign
        'The monitoring group said "at least \uff12\uff13 civilians, including seven children"'
        " were killed.\n"
        'The ministry\'s spokesman denied it \u2212 the reports were "fabricated"...\n'
        "Shelling reportedly continued overnight.",
    ],
    ids=["typography", "invisible-characters", "whitespace", "compatibility-forms"],
)
def test_noise_gives_the_same_fingerprint(noisy: str) -> None:
    assert normalize_text(noisy) == CLEAN
    assert text_fingerprint(noisy) == text_fingerprint(CLEAN)


@pytest.mark.parametrize(
    "edited",
    [
        CLEAN.replace("23 civilians", "25 civilians"),
        CLEAN.replace("seven children", "six children"),
        CLEAN.replace("denied it", "confirmed it"),
        CLEAN + "\nUpdated: the toll was revised.",
        CLEAN.replace("reportedly ", ""),
    ],
    ids=["number", "count-word", "verb", "added-line", "dropped-hedge"],
)
def test_a_real_edit_changes_the_fingerprint(edited: str) -> None:
    assert text_fingerprint(edited) != text_fingerprint(CLEAN)


def test_line_breaks_between_paragraphs_are_kept() -> None:
    assert normalize_text("First paragraph.\nSecond paragraph.") != normalize_text(
        "First paragraph. Second paragraph."
    )


def test_fingerprint_is_sha256_hex_of_the_normalized_text() -> None:
    fingerprint = text_fingerprint(CLEAN)
    assert len(fingerprint) == 64
    assert set(fingerprint) <= set("0123456789abcdef")


def test_empty_and_blank_text_normalize_to_empty() -> None:
    assert normalize_text("") == ""
    assert normalize_text(" \n\u00a0\t\u200b\n") == ""


@given(st.text())
def test_normalize_is_idempotent_and_never_raises(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert text_fingerprint(once) == text_fingerprint(text)


@given(st.text())
def test_normalized_lines_are_stripped_and_non_empty(text: str) -> None:
    normalized = normalize_text(text)
    for line in normalized.split("\n") if normalized else []:
        assert line
        assert line == line.strip()
        assert "  " not in line


@given(st.lists(st.text(alphabet=st.characters(categories=["L", "N", "P"]), min_size=1)))
def test_whitespace_between_words_does_not_matter(words: list[str]) -> None:
    assert text_fingerprint(" ".join(words)) == text_fingerprint("\u00a0\t ".join(words) + "  \n\n")
