"""`claimledger articles`: stored articles, their aliases and versions."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from claimledger import output
from claimledger.cli.base import CommandError, JsonOption, command_state
from claimledger.settings import Settings
from intake.urls import InvalidURL, normalize_url
from storage import queries
from storage.db import session_scope

articles_app = typer.Typer(help="Stored articles and their versions.", no_args_is_help=True)


def print_articles(settings: Settings, limit: int, offset: int = 0, as_json: bool = False) -> None:
    with session_scope(settings.database_url) as session:
        articles = queries.list_articles(session, limit=limit, offset=offset)
    if as_json:
        output.print_json(articles)
        return
    output.print_table(
        f"articles (newest {len(articles)})",
        ["id", "title", "published", "versions", "url"],
        [[a.id, a.title, a.published_at, a.versions, a.canonical_url] for a in articles],
    )


@articles_app.command("list")
def articles_list(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(help="How many articles.")] = 50,
    offset: Annotated[int, typer.Option(help="Skip this many first.")] = 0,
    as_json: JsonOption = False,
) -> None:
    """List stored articles, most recently discovered first.

    Example: claimledger articles list --limit 10 --json
    """
    print_articles(command_state(ctx).database(), limit, offset, as_json)


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
    settings = command_state(ctx).database()
    try:
        normalized = normalize_url(url)
    except InvalidURL as error:
        raise CommandError(str(error), 2) from None
    with session_scope(settings.database_url) as session:
        article = queries.find_article(session, normalized)
        if article is None:
            raise CommandError(f"no article known under {url}")
        versions = queries.article_versions(session, article.id)
        detail: dict[str, Any] = {
            "id": article.id,
            "canonical_url": article.canonical_url,
            "first_seen_at": article.first_seen_at,
            "last_checked_at": article.last_checked_at,
            # The alias table also maps the canonical URL to the article; it is shown above.
            "aliases": [
                alias
                for alias in queries.article_aliases(session, article.id)
                if alias != article.canonical_url
            ],
            "versions": [
                {
                    "version": v.version,
                    "fetched_at": v.fetched_at,
                    "title": v.title,
                    "authors": v.authors,
                    "published_at": v.published_at,
                    "modified_at": v.modified_at,
                    "language": v.language,
                    "url": v.url,
                    "text_hash": v.text_hash,
                    "capture_sha256": v.capture_sha256,
                    "extractor": f"{v.extractor_name} {v.extractor_version}",
                    "words": len(v.text.split()),
                    **({"text": v.text} if as_json or text else {}),
                }
                for v in versions
            ],
        }
        if claims and versions:
            claim_set = queries.claim_set_of_version(session, versions[-1].id, extractor_version)
            detail["claims"] = None if claim_set is None else queries.claim_set_dict(claim_set)
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
                v["published_at"],
                v["modified_at"],
                v["words"],
                v["extractor"],
            ]
            for v in detail["versions"]
        ],
    )
    if claims:
        print_claim_set(detail.get("claims"))
    if text and detail["versions"]:
        # Unwrapped: the text as stored, for piping into other tools.
        output.console.print(
            detail["versions"][-1]["text"], markup=False, highlight=False, soft_wrap=True
        )


def print_claim_set(claim_set: dict[str, Any] | None) -> None:
    """The claims of one version as a table, and its casualty roll-up."""
    if claim_set is None:
        output.console.print("no claims extracted for the latest version yet")
        return
    output.print_table(
        f"claims ({claim_set['extractor']})",
        ["kind", "source", "cue", "hedge", "claim", "numbers"],
        [
            [
                claim["kind"],
                claim["source"] and (claim["source"]["resolved"] or claim["source"]["text"]),
                claim["cue"] and claim["cue"]["text"],
                claim["hedge"],
                claim["content"]["text"],
                describe_quantities(claim["quantities"]),
            ]
            for claim in claim_set["claims"]
        ],
    )
    output.print_table(
        "casualties (headline toll)",
        ["outcome", *CASUALTY_CATEGORIES],
        [
            [outcome, *(counts.get(category) for category in CASUALTY_CATEGORIES)]
            for outcome, counts in claim_set["casualties"].items()
        ],
    )


CASUALTY_CATEGORIES = ("civilians", "children", "women", "combatants", "people")


def describe_quantities(quantities: list[dict[str, Any]]) -> str:
    """ "more than 1000 civilians killed; 4 children killed": one line per claim's numbers."""
    return "; ".join(
        " ".join(
            str(part)
            for part in (q["approx"], q["value"], q["category"], q["outcome"])
            if part is not None
        )
        for q in quantities
    )
