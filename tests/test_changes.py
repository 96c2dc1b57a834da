"""Change kinds between article versions: real edits named, noise ignored."""

from __future__ import annotations

from datetime import UTC, datetime

from extractors.changes import VersionContent, describe_change, same_content, word_changes

PUBLISHED = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
BODY = (
    "Sixteen people were killed when shells hit the harbour, officials said.\nRescue work goes on."
)


def version(
    text: str = BODY,
    title: str = "Harbour shelled",
    authors: tuple[str, ...] = ("Dana Whitfield",),
    published: datetime | None = PUBLISHED,
) -> VersionContent:
    return VersionContent(title=title, authors=authors, published=published, text=text)


def test_typography_and_whitespace_are_not_an_edit() -> None:
    noisy = version(
        text="Sixteen  people were killed when shells hit the harbour,\u00a0officials said.\n\n"
        "Rescue work goes on.  ",
        title="Harbour  shelled",
    )
    assert same_content(version(), noisy)


def test_each_kind_of_edit_is_named() -> None:
    assert describe_change(version(), version(title="Harbour shelled again")).kinds == ("title",)
    assert describe_change(version(), version(authors=("Dana Whitfield", "Omar Haddad"))).kinds == (
        "byline",
    )
    assert describe_change(version(), version(published=None)).kinds == ("published_date",)
    corrected = version(text=BODY + "\nCorrection: an earlier version misspelt the port's name.")
    assert describe_change(version(), corrected).kinds == ("body", "correction")


def test_first_version_and_word_counts() -> None:
    first = describe_change(None, version())
    assert first.kinds == ("first",) and first.words_added == 15
    assert word_changes("Ten people died.", "Twelve people died, officials said.") == (3, 1)


def test_a_headline_repeated_as_the_first_line_changes_the_title_only() -> None:
    old = version(text=f"Harbour shelled\n{BODY}")
    new = version(text=f"Harbour shelled at dawn\n{BODY}", title="Harbour shelled at dawn")
    change = describe_change(old, new)
    assert (change.kinds, change.words_added, change.words_removed) == (("title",), 0, 0)
    both = version(
        text=f"Harbour shelled at dawn\n{BODY} More later.", title="Harbour shelled at dawn"
    )
    assert describe_change(old, both).kinds == ("title", "body")
