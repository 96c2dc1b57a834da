"""`claimledger articles`: stored articles, their aliases and versions."""

from __future__ import annotations

import sys
from dataclasses import fields
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

import typer

from claimledger import diffs, output
from claimledger.cli.base import (
    JsonOption,
    article_id_for_url,
    command_state,
    parse_date,
    print_articles,
)
from claimledger.errors import ClaimledgerError, NotFoundError, UsageError
from claimledger.ledger import ArticleDetail, Ledger, ReadFilter, StoredClaimSet, StoredVersion
from extractors.claims import Toll

articles_app = typer.Typer(help="Stored articles and their versions.", no_args_is_help=True)


@articles_app.command("list")
def articles_list(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(help="How many articles.")] = 50,
    offset: Annotated[int, typer.Option(help="Skip this many first.")] = 0,
    since: Annotated[
        str | None,
        typer.Option(help="Latest version published on or after this date (UTC)."),
    ] = None,
    until: Annotated[
        str | None, typer.Option(help="Latest version published before this date.")
    ] = None,
    source: Annotated[
        str | None, typer.Option(help="Only articles of this registered source (its name).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """List stored articles, most recently discovered first.

    The filters are those of `claimledger export articles`, which writes the same rows.

    Examples:

      claimledger articles list --limit 10 --json

      claimledger articles list --source example-world --since 2024-03-05
    """
    where = ReadFilter(since=parse_date(since), until=parse_date(until), source=source)
    print_articles(command_state(ctx).ledger(), limit, offset, as_json, where)


@articles_app.command("show")
def articles_show(
    ctx: typer.Context,
    url: Annotated[
        str, typer.Argument(help="Canonical URL or any URL the article was seen under.")
    ],
    text: Annotated[bool, typer.Option("--text", help="Print the latest version's text.")] = False,
    claims: Annotated[
        bool, typer.Option("--claims", help="Show the latest version's claims and casualties.")
    ] = False,
    extractor_version: Annotated[
        str | None,
        typer.Option(help="Claims of this claim-extractor version (default: the newest)."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Show one article, the URLs it is known by, and every version.

    Examples:

      claimledger articles show https://news.example.org/world/port-selvan-harbour-shelling

      claimledger articles show https://news.example.org/world/port-selvan-harbour-shelling --claims
    """
    ledger = command_state(ctx).ledger()
    article = _article(ledger, url)
    versions = ledger.versions(article.article_id)
    detail: dict[str, Any] = {
        "id": article.article_id,
        "canonical_url": article.canonical_url,
        "first_seen_at": article.first_seen_at,
        "last_checked_at": article.last_checked_at,
        "aliases": article.aliases,
        "versions": [
            {
                "version": v.version,
                "fetched_at": v.fetched_at,
                "title": v.title,
                "authors": v.authors,
                "agencies": v.agencies,
                # As the page declared them: its time of day in its own offset.
                "published_at": v.published_at,
                "modified_at": v.modified_at,
                "language": v.language,
                "url": v.url,
                "text_hash": v.text_hash,
                "capture_sha256": v.capture_sha256,
                "extractor": v.extractor,
                "words": len(v.text.split()),
                **({"text": v.text} if as_json or text else {}),
            }
            for v in versions
        ],
    }
    claim_set = None
    if claims and versions:
        claim_set = ledger.claim_set(versions[-1].version_id, extractor_version)
        detail["claims"] = None if claim_set is None else output.claim_set_json(claim_set)
    if as_json:
        output.print_json(detail)
        return
    output.print_mapping(
        f"article {detail['id']}",
        {
            "canonical url": detail["canonical_url"],
            "first seen": detail["first_seen_at"],
            "last checked": detail["last_checked_at"],
            "also known as": "\n".join(detail["aliases"]),
            **_credits(detail["versions"][-1] if detail["versions"] else None),
        },
    )
    output.print_table(
        "versions",
        ["version", "fetched", "title", "published", "modified", "words", "extractor"],
        [
            [
                v["version"],
                v["fetched_at"],
                v["title"],
                _declared(v["published_at"]),
                _declared(v["modified_at"]),
                v["words"],
                v["extractor"],
            ]
            for v in detail["versions"]
        ],
    )
    if claims:
        print_claim_set(claim_set)
    if text and detail["versions"]:
        # Unwrapped: the text as stored, for piping into other tools.
        output.console.print(
            detail["versions"][-1]["text"], markup=False, highlight=False, soft_wrap=True
        )


def _credits(latest: dict[str, Any] | None) -> dict[str, Any]:
    """The latest version's byline: its people and the agencies it credits."""
    if latest is None:
        return {}
    return {"authors": ", ".join(latest["authors"]), "agencies": ", ".join(latest["agencies"])}


def _declared(moment: datetime | None) -> str | None:
    """A date as the page declared it, its offset written out: "2019-11-18 21:24 -05:00"."""
    if moment is None:
        return None
    offset = moment.strftime("%z")
    return f"{moment:%Y-%m-%d %H:%M} {offset[:3]}:{offset[3:]}"


def print_claim_set(claim_set: StoredClaimSet | None) -> None:
    """The claims of one version as a table, and its casualty roll-up."""
    if claim_set is None:
        output.console.print("no claims extracted for the latest version yet")
        return
    output.print_table(
        f"claims ({claim_set.extractor})",
        ["kind", "source", "cue", "hedge", "claim", "numbers"],
        [
            [
                claim.kind,
                claim.source and (claim.source.resolved or claim.source.text),
                claim.cue and claim.cue.text,
                claim.hedge,
                claim.content.text,
                output.describe_quantities(claim.quantities),
            ]
            for claim in map(output.as_claim, claim_set.claims)
        ],
    )
    output.print_table(
        "casualties (headline toll)",
        ["outcome", *CASUALTY_CATEGORIES],
        [
            [outcome, *(counts.get(category) for category in CASUALTY_CATEGORIES)]
            for outcome, counts in claim_set.casualties.items()
        ],
    )


CASUALTY_CATEGORIES = tuple(toll_field.name for toll_field in fields(Toll))


# --- history and diffs -------------------------------------------------------------------------


def _article(ledger: Ledger, url: str) -> ArticleDetail:
    """The article known under `url` (canonical or any alias), or a one-line error."""
    article = ledger.article(article_id_for_url(ledger, url))
    if article is None:
        raise NotFoundError(f"no article known under {url}")
    return article


@articles_app.command("history")
def articles_history(
    ctx: typer.Context,
    url: Annotated[
        str, typer.Argument(help="Canonical URL or any URL the article was seen under.")
    ],
    as_json: JsonOption = False,
) -> None:
    """List an article's versions with what changed in each, and its recheck state.

    Change kinds: first, title, body, byline, published_date, correction, revert (to an
    earlier text; "reverts to" names it) and reextracted (the same capture read again by a
    newer text extractor).

    Examples:

      claimledger articles history https://news.example.org/world/port-selvan-harbour-shelling

      claimledger articles history URL --json
    """
    article = _article(command_state(ctx).ledger(), url)
    detail: dict[str, Any] = {
        "id": article.article_id,
        "canonical_url": article.canonical_url,
        "status": article.status,
        "status_detail": article.status_detail,
        "checks_done": article.checks_done,
        "next_check_at": article.next_check_at,
        "last_checked_at": article.last_checked_at,
        "latest_version": article.latest_version,
        # In fetch order, as the article's read model keeps them.
        "versions": [
            {
                "version": v.version,
                "fetched_at": v.fetched_at,
                "change_kinds": v.change_kinds,
                "words_added": v.words_added,
                "words_removed": v.words_removed,
                "previous_version": v.previous_version,
                "reverts_to": v.reverts_to,
                "title": v.title,
                "extractor": v.extractor,
            }
            for v in article.versions
        ],
    }
    if as_json:
        output.print_json(detail)
        return
    output.print_mapping(
        f"article {detail['id']}",
        {
            "canonical url": detail["canonical_url"],
            "status": " ".join(filter(None, [detail["status"], detail["status_detail"]])),
            "checks done": detail["checks_done"],
            "next check": detail["next_check_at"],
            "last checked": detail["last_checked_at"],
        },
    )
    output.print_table(
        "versions (in fetch order)",
        ["version", "fetched", "changes", "+words", "-words", "reverts to", "title", "extractor"],
        [
            [
                v["version"],
                v["fetched_at"],
                v["change_kinds"],
                v["words_added"],
                v["words_removed"],
                v["reverts_to"],
                v["title"],
                v["extractor"],
            ]
            for v in detail["versions"]
        ],
    )


class DiffFormat(StrEnum):
    TEXT = "text"
    HTML = "html"


@articles_app.command("diff")
def articles_diff(
    ctx: typer.Context,
    url: Annotated[
        str, typer.Argument(help="Canonical URL or any URL the article was seen under.")
    ],
    old: Annotated[
        int | None,
        typer.Argument(help="Older version (default: the one before NEW).", show_default=False),
    ] = None,
    new: Annotated[
        int | None, typer.Argument(help="Newer version (default: the latest).", show_default=False)
    ] = None,
    output_format: Annotated[
        DiffFormat, typer.Option("--format", help="text (terminal) or html (one page).")
    ] = DiffFormat.TEXT,
    claims: Annotated[
        bool, typer.Option("--claims", help="Also show claims added, removed and changed.")
    ] = False,
    extractor_version: Annotated[
        str | None,
        typer.Option(help="With --claims: claims of this extractor version (default: newest)."),
    ] = None,
    context: Annotated[
        int, typer.Option(help="Text format: unchanged words kept around each edit (0: all).")
    ] = 25,
    as_json: JsonOption = False,
) -> None:
    """Show what changed between two versions of an article, word by word.

    With no versions, the latest is compared with the one before it; with one, that version is
    compared with the one before it. Insertions are green, deletions red and struck through.

    Examples:

      claimledger articles diff https://news.example.org/world/port-selvan-harbour-shelling

      claimledger articles diff URL 1 2 --claims

      claimledger articles diff URL 1 3 --format html > diff.html
    """
    ledger = command_state(ctx).ledger()
    article = _article(ledger, url)
    versions = {v.version: v for v in ledger.versions(article.article_id)}
    before, after = _versions_to_compare(versions, article.latest_version, old, new)
    views = [
        _version_view(ledger, version, claims, extractor_version) for version in (before, after)
    ]
    canonical_url = article.canonical_url
    diff = diffs.diff_versions(canonical_url, views[0], views[1])
    if as_json:
        output.print_json(diff)
    elif output_format is DiffFormat.HTML:
        sys.stdout.write(diffs.html_page(diff))
    else:
        _print_diff(diff, context)


def _versions_to_compare(
    versions: dict[int, StoredVersion], latest: int, old: int | None, new: int | None
) -> tuple[StoredVersion, StoredVersion]:
    wanted_new = latest if old is None else (old if new is None else new)
    after = versions.get(wanted_new)
    if after is None:
        raise UsageError(f"no version {wanted_new} (versions: {_numbers(versions)})")
    wanted_old = old if new is not None else after.previous_version
    if wanted_old is None:
        raise ClaimledgerError(
            f"version {after.version} is the first; name two versions to compare"
        )
    before = versions.get(wanted_old)
    if before is None:
        raise UsageError(f"no version {wanted_old} (versions: {_numbers(versions)})")
    return before, after


def _numbers(versions: dict[int, StoredVersion]) -> str:
    return ", ".join(map(str, sorted(versions)))


def _version_view(
    ledger: Ledger, version: StoredVersion, with_claims: bool, extractor_version: str | None
) -> diffs.VersionView:
    if not with_claims:
        return diffs.version_view(version)
    claim_set = ledger.claim_set(version.version_id, extractor_version)
    if claim_set is None:
        raise ClaimledgerError(
            f"version {version.version} has no claims"
            + (f" of extractor version {extractor_version}" if extractor_version else "")
            + " yet; run 'claimledger reextract --extractor claims'"
        )
    return diffs.version_view(version, claim_set.claims)


def _print_diff(diff: diffs.VersionDiff, context: int) -> None:
    old, new = diff.old, diff.new
    output.console.print(
        f"{diff.url}\nv{old.version} ({old.fetched_at:%Y-%m-%d %H:%M}) → "
        f"v{new.version} ({new.fetched_at:%Y-%m-%d %H:%M}): "
        f"{', '.join(new.change_kinds) or 'no change kinds'}; "
        f"+{diff.words_added} / -{diff.words_removed} words",
        markup=False,
        highlight=False,
    )
    if diff.fields:
        output.print_table(None, ["field", f"v{old.version}", f"v{new.version}"], diff.fields)
    words = diffs.elide(diff.words, context) if context > 0 else diff.words
    output.console.print(diffs.rich_words(words), highlight=False)
    if diff.claims is not None:
        output.print_table(
            f"claims ({len(diff.claims)} changed)",
            ["change", "source", "claim", "what changed"],
            diffs.claim_change_rows(diff.claims),
        )
