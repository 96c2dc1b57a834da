"""Readable differences between two versions of an article: words, metadata and claims.

Pure functions over stored texts and claim dicts (the extractor's JSON contract), rendered for
the terminal with rich or as one self-contained HTML page. Words are compared in their
normalized form, so a version that also changed quotes or spacing shows only its real edits.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from html import escape
from typing import Any, Literal

from rich.text import Text

from claimledger.output import as_claim
from extractors.claims.model import Claim, Quantity
from extractors.normalize import normalize_text
from storage.article_reads import StoredVersion
from storage.values import ClaimRow

Op = Literal["equal", "insert", "delete"]

# A word with the whitespace after it, or leading whitespace: joined back they are the text.
_TOKEN = re.compile(r"\S+\s*|\s+")


@dataclass(frozen=True)
class Segment:
    """A run of text that both versions share, or that only the new (insert) or old one has."""

    op: Op
    text: str


def word_diff(old: str, new: str) -> list[Segment]:
    """The word-level edit from `old` to `new`, as runs of equal, deleted and inserted text."""
    old_tokens, new_tokens = _TOKEN.findall(old), _TOKEN.findall(new)
    matcher = difflib.SequenceMatcher(
        a=[_word_key(token) for token in old_tokens],
        b=[_word_key(token) for token in new_tokens],
        autojunk=False,
    )
    segments: list[Segment] = []
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if tag == "equal":
            _append(segments, "equal", "".join(new_tokens[new_start:new_end]))
            continue
        _append(segments, "delete", "".join(old_tokens[old_start:old_end]))
        _append(segments, "insert", "".join(new_tokens[new_start:new_end]))
    return segments


def _word_key(token: str) -> str:
    return normalize_text(token.strip())


def _append(segments: list[Segment], op: Op, text: str) -> None:
    if not text:
        return
    if segments and segments[-1].op == op:
        segments[-1] = Segment(op, segments[-1].text + text)
    else:
        segments.append(Segment(op, text))


def elide(segments: Sequence[Segment], context: int) -> list[Segment]:
    """Shorten long unchanged runs to `context` words on each side of an edit."""
    elided = []
    last = len(segments) - 1
    for index, segment in enumerate(segments):
        words = _TOKEN.findall(segment.text)
        keep_head = 0 if index == 0 else context
        keep_tail = 0 if index == last else context
        if segment.op != "equal" or len(words) <= keep_head + keep_tail + 1:
            elided.append(segment)
            continue
        head = "".join(words[:keep_head])
        tail = "".join(words[len(words) - keep_tail :])
        elided.append(Segment("equal", f"{head.rstrip()} … {tail}".lstrip(" ")))
    return elided


# --- versions ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class VersionView:
    """The parts of a stored version that a diff shows."""

    version: int
    fetched_at: datetime
    title: str | None
    authors: tuple[str, ...]
    published_at: datetime | None
    text: str
    change_kinds: tuple[str, ...] = ()
    claims: Sequence[Claim] | None = None


@dataclass(frozen=True)
class VersionDiff:
    """Everything `articles diff` shows for two versions."""

    url: str
    old: VersionView
    new: VersionView
    fields: list[tuple[str, str, str]]
    words: list[Segment]
    claims: list[ClaimChange] | None = None

    @property
    def words_added(self) -> int:
        return sum(len(s.text.split()) for s in self.words if s.op == "insert")

    @property
    def words_removed(self) -> int:
        return sum(len(s.text.split()) for s in self.words if s.op == "delete")


def version_view(version: StoredVersion, claims: Iterable[ClaimRow] | None = None) -> VersionView:
    """A stored version as a diff compares it, with its stored claims (None: not compared)."""
    return VersionView(
        version=version.version,
        fetched_at=version.fetched_at,
        title=version.title,
        authors=tuple(version.authors),
        published_at=version.published_at,
        text=version.text,
        change_kinds=tuple(version.change_kinds),
        claims=None if claims is None else tuple(map(as_claim, claims)),
    )


def diff_versions(url: str, old: VersionView, new: VersionView) -> VersionDiff:
    """Metadata, word and (when both versions carry claims) claim differences."""
    fields = [
        (name, before, after)
        for name, before, after in (
            ("title", old.title or "", new.title or ""),
            ("byline", ", ".join(old.authors), ", ".join(new.authors)),
            ("published", _when(old.published_at), _when(new.published_at)),
        )
        if normalize_text(before) != normalize_text(after)
    ]
    claims = (
        diff_claims(old.claims, new.claims)
        if old.claims is not None and new.claims is not None
        else None
    )
    return VersionDiff(url, old, new, fields, word_diff(old.text, new.text), claims)


def _when(moment: datetime | None) -> str:
    return moment.isoformat() if moment else ""


# --- claims ------------------------------------------------------------------------------------

ChangeKind = Literal["added", "removed", "changed"]
# Below this word similarity, two claims of one source are different claims, not one edited.
SAME_CLAIM_SIMILARITY = 0.5


@dataclass(frozen=True)
class ClaimChange:
    """A claim only one version has, or one claim whose numbers or wording changed."""

    change: ChangeKind
    old: Claim | None
    new: Claim | None
    details: tuple[str, ...] = field(default=())

    @property
    def claim(self) -> Claim:
        claim = self.new or self.old
        assert claim is not None
        return claim


def claim_source(claim: Claim) -> str:
    """Who made a claim: the source resolved, else as written; "" when none is named."""
    if claim.source is None:
        return ""
    return claim.source.resolved or claim.source.text or ""


def _content(claim: Claim) -> str:
    return normalize_text(claim.content.text).casefold()


def _signature(claim: Claim) -> tuple[Any, ...]:
    return (
        claim_source(claim).casefold(),
        _content(claim),
        claim.hedge,
        tuple(_quantity_text(q) for q in claim.quantities),
    )


def _similarity(old: Claim, new: Claim) -> float:
    """How alike two claims are: 0 when their sources differ, else their word overlap, with
    full marks when they count the same things (a toll updated from 16 to 18)."""
    if claim_source(old).casefold() != claim_source(new).casefold():
        return 0.0
    counted = {(q.category, q.outcome) for q in old.quantities}
    if counted and counted == {(q.category, q.outcome) for q in new.quantities}:
        return 1.0
    return difflib.SequenceMatcher(a=_content(old).split(), b=_content(new).split()).ratio()


def diff_claims(old: Sequence[Claim], new: Sequence[Claim]) -> list[ClaimChange]:
    """Claims added, removed and changed from one version's claim set to another's.

    Claims equal in source, wording, hedge and numbers are unchanged and left out; the rest are
    paired greedily, most similar first, within the same source.
    """
    old_left, new_left = list(old), list(new)
    for claim in list(old_left):
        twin = next((c for c in new_left if _signature(c) == _signature(claim)), None)
        if twin is not None:
            old_left.remove(claim)
            new_left.remove(twin)
    pairs = sorted(
        (
            (score, i, j)
            for i, a in enumerate(old_left)
            for j, b in enumerate(new_left)
            if (score := _similarity(a, b)) >= SAME_CLAIM_SIMILARITY
        ),
        key=lambda pair: (-pair[0], pair[1], pair[2]),
    )
    paired_old: set[int] = set()
    paired_new: set[int] = set()
    changes: list[ClaimChange] = []
    for _score, i, j in pairs:
        if i in paired_old or j in paired_new:
            continue
        paired_old.add(i)
        paired_new.add(j)
        before, after = old_left[i], new_left[j]
        changes.append(ClaimChange("changed", before, after, claim_differences(before, after)))
    changes += [
        ClaimChange("removed", c, None) for i, c in enumerate(old_left) if i not in paired_old
    ]
    changes += [
        ClaimChange("added", None, c) for j, c in enumerate(new_left) if j not in paired_new
    ]
    return changes


def claim_differences(old: Claim, new: Claim) -> tuple[str, ...]:
    """What changed in one claim, e.g. "people killed: 16 → 18"."""
    details = []
    old_counts = {(q.category, q.outcome): q for q in old.quantities}
    new_counts = {(q.category, q.outcome): q for q in new.quantities}
    for key in dict.fromkeys([*old_counts, *new_counts]):
        label = " ".join(part for part in key if part) or "number"
        before, after = old_counts.get(key), new_counts.get(key)
        before_text = _quantity_text(before) if before else "none"
        after_text = _quantity_text(after) if after else "none"
        if before_text != after_text:
            details.append(f"{label}: {before_text} → {after_text}")
    if old.hedge != new.hedge:
        details.append(f"hedge: {old.hedge or 'none'} → {new.hedge or 'none'}")
    if _content(old) != _content(new) and not details:
        details.append("wording")
    return tuple(details)


def _quantity_text(quantity: Quantity) -> str:
    amount = (
        str(quantity.value) if quantity.value is not None else f"{quantity.low}-{quantity.high}"
    )
    return f"{quantity.approx} {amount}" if quantity.approx else amount


# --- rendering ---------------------------------------------------------------------------------

_RICH_STYLES: dict[Op, str] = {"equal": "", "insert": "bold green", "delete": "red strike"}


def rich_words(segments: Iterable[Segment]) -> Text:
    """The word diff for a terminal: insertions green, deletions red and struck through."""
    text = Text()
    for segment in segments:
        text.append(segment.text, style=_RICH_STYLES[segment.op])
    return text


def claim_change_rows(changes: Iterable[ClaimChange]) -> list[list[str]]:
    """[change, source, claim, what changed] rows, for a table in the terminal or in HTML."""
    return [
        [
            change.change,
            claim_source(change.claim) or "-",
            change.claim.content.text,
            "; ".join(change.details),
        ]
        for change in changes
    ]


_HTML_STYLE = """
body { font: 16px/1.6 Georgia, serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem;
       color: #1d1d1f; }
h1 { font-size: 1.3rem; } h2 { font-size: 1.05rem; margin-top: 2rem; }
.meta { color: #555; font: 14px/1.4 system-ui, sans-serif; }
table { border-collapse: collapse; font: 14px/1.4 system-ui, sans-serif; width: 100%; }
th, td { border-bottom: 1px solid #ddd; padding: .3rem .5rem; text-align: left;
         vertical-align: top; }
.text { white-space: pre-wrap; }
ins { background: #d7f5dd; color: #0a5d1f; text-decoration: none; }
del { background: #fbe0e0; color: #8e1b1b; }
"""


def html_page(diff: VersionDiff) -> str:
    """The whole diff as one HTML page with inline CSS and no external resources."""
    old, new = diff.old, diff.new
    heading = f"v{old.version} → v{new.version}: {new.title or diff.url}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(heading)}</title><style>{_HTML_STYLE}</style></head><body>",
        f"<h1>{escape(heading)}</h1>",
        f'<p class="meta"><a href="{escape(diff.url)}">{escape(diff.url)}</a><br>'
        f"v{old.version} fetched {escape(_when(old.fetched_at))}; "
        f"v{new.version} fetched {escape(_when(new.fetched_at))} "
        f"({escape(', '.join(new.change_kinds) or 'no change kinds')}); "
        f"+{diff.words_added} / -{diff.words_removed} words</p>",
    ]
    if diff.fields:
        parts.append(_html_table(["field", f"v{old.version}", f"v{new.version}"], diff.fields))
    parts.append("<h2>Text</h2>")
    parts.append(f'<div class="text">{html_words(diff.words)}</div>')
    if diff.claims is not None:
        parts.append(f"<h2>Claims ({len(diff.claims)} changed)</h2>")
        parts.append(
            _html_table(
                ["change", "source", "claim", "what changed"], claim_change_rows(diff.claims)
            )
        )
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def html_words(segments: Iterable[Segment]) -> str:
    """The word diff as HTML: insertions in <ins>, deletions in <del>, the rest escaped."""
    return "".join(_html_segment(segment) for segment in segments)


def _html_segment(segment: Segment) -> str:
    text = escape(segment.text)
    if segment.op == "insert":
        return f"<ins>{text}</ins>"
    if segment.op == "delete":
        return f"<del>{text}</del>"
    return text


def _html_table(columns: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    head = "".join(f"<th>{escape(column)}</th>" for column in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(str(cell))}</td>" for cell in row) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
