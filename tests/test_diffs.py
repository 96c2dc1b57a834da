"""Word, metadata and claim diffs between versions, and their terminal and HTML renderings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from claimledger.diffs import (
    Segment,
    VersionView,
    diff_claims,
    diff_versions,
    elide,
    html_page,
    rich_words,
    word_diff,
)
from claimledger.prepare import next_check_time
from claimledger.settings import parse_offsets
from extractors.claims.model import Claim, Quantity, Source, Span

NOW = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


def joined(segments: list[Segment], *ops: str) -> str:
    return "".join(s.text for s in segments if s.op in ops)


def test_word_diff_marks_the_changed_words_and_rebuilds_both_texts() -> None:
    old = "Officials said 16 people died.\nRescue teams searched the docks."
    new = "Officials said 18 people died.\nRescue teams searched the docks.\nCorrection: a name."

    segments = word_diff(old, new)

    assert [(s.op, s.text.strip()) for s in segments if s.op != "equal"] == [
        ("delete", "16"),
        ("insert", "18"),
        ("insert", "Correction: a name."),
    ]
    assert joined(segments, "equal", "insert") == new
    assert joined(segments, "equal", "delete").strip() == old


def test_typography_and_spacing_are_not_shown_as_edits() -> None:
    segments = word_diff(
        'The minister\'s "final" offer - rejected.',
        "The minister\u2019s \u201cfinal\u201d offer \u2013 rejected.",
    )
    assert [s.op for s in segments] == ["equal"]


def test_elide_keeps_context_around_edits_only() -> None:
    words = " ".join(f"w{i}" for i in range(100))
    segments = word_diff(f"{words} sixteen {words}", f"{words} eighteen {words}")

    short = elide(segments, context=3)

    text = joined(short, "equal", "insert", "delete")
    assert text.strip() == "… w97 w98 w99 sixteen eighteen w0 w1 w2 …"


def claim(source: str, content: str, *counts: tuple[int, str, str]) -> Claim:
    return Claim(
        start=0,
        end=len(content),
        kind="attributed",
        content=Span(0, len(content), content),
        source=Source(0, len(source), source, source),
        cue=Span(0, 4, "said"),
        hedge=None,
        quantities=tuple(
            Quantity(0, 2, str(value), value, None, None, "at least", category, outcome)
            for value, category, outcome in counts
        ),
    )


def test_claims_diff_pairs_a_changed_toll_and_lists_added_and_removed_claims() -> None:
    old = [
        claim("health ministry", "At least 16 people were killed", (16, "people", "killed")),
        claim("the mayor", "the port will stay closed"),
        claim("a witness", "the first shell hit at dawn"),
    ]
    new = [
        claim("health ministry", "At least 18 people were killed", (18, "people", "killed")),
        claim("the mayor", "the port will stay closed"),
        claim("the navy", "no ships were damaged"),
    ]

    changes = diff_claims(old, new)

    summary = [(c.change, c.claim.source and c.claim.source.text, c.details) for c in changes]
    assert summary == [
        ("changed", "health ministry", ("people killed: at least 16 → at least 18",)),
        ("removed", "a witness", ()),
        ("added", "the navy", ()),
    ]


def test_claims_of_different_sources_are_never_paired() -> None:
    changes = diff_claims(
        [claim("the army", "12 fighters were killed", (12, "fighters", "killed"))],
        [claim("the rebels", "12 fighters were killed", (12, "fighters", "killed"))],
    )
    assert [c.change for c in changes] == ["removed", "added"]


def view(version: int, title: str, text: str, **extra: Any) -> VersionView:
    return VersionView(
        version=version,
        fetched_at=NOW + timedelta(hours=version),
        title=title,
        authors=("Dana Whitfield",),
        published_at=NOW,
        text=text,
        **extra,
    )


def test_version_diff_reports_title_and_words_and_renders_for_terminal_and_html() -> None:
    old = view(1, "Harbour fire", "Ten <b>people</b> died & more were hurt.")
    new = view(2, "Harbour fire: toll rises", "Twelve <b>people</b> died & more were hurt.")

    diff = diff_versions("https://news.example.org/fire?a=1&b=2", old, new)

    assert diff.fields == [("title", "Harbour fire", "Harbour fire: toll rises")]
    assert (diff.words_added, diff.words_removed) == (1, 1)
    terminal = rich_words(diff.words)
    assert terminal.plain.startswith("Ten Twelve <b>people</b>")
    assert {str(span.style) for span in terminal.spans} == {"red strike", "bold green"}
    page = html_page(diff)
    assert page.startswith("<!DOCTYPE html>") and "<style>" in page
    assert "<del>Ten </del><ins>Twelve </ins>&lt;b&gt;people&lt;/b&gt; died &amp; more" in page
    assert "<b>" not in page and "<script" not in page and "stylesheet" not in page
    assert 'href="https://news.example.org/fire?a=1&amp;b=2"' in page


def test_offsets_parse_and_the_schedule_skips_steps_already_past() -> None:
    offsets = parse_offsets("1h, 4h,24h,3d,7d")
    assert offsets[0] == timedelta(hours=1) and offsets[-1] == timedelta(days=7)
    assert parse_offsets("60,600") == (timedelta(minutes=1), timedelta(minutes=10))
    assert next_check_time(NOW, offsets, NOW) == NOW + timedelta(hours=1)
    assert next_check_time(NOW, offsets, NOW + timedelta(hours=1)) == NOW + timedelta(hours=4)
    # After a two-day outage, the next check is the 3-day one, not the missed 4 h and 24 h.
    assert next_check_time(NOW, offsets, NOW + timedelta(days=2)) == NOW + timedelta(days=3)
    assert next_check_time(NOW, offsets, NOW + timedelta(days=7)) is None
