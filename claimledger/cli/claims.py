"""`claimledger claims`: who claimed what, across the stored articles."""

from __future__ import annotations

from typing import Annotated

import typer

from claimledger import output
from claimledger.cli.base import JsonOption, check_category, command_state, parse_date
from claimledger.ledger import ReadFilter
from extractors.claims.model import CATEGORIES

claims_app = typer.Typer(help="Claims found in the stored articles.", no_args_is_help=True)


@claims_app.command("list")
def claims_list(
    ctx: typer.Context,
    source: Annotated[
        str | None, typer.Option(help="Source as written or resolved (part, any case).")
    ] = None,
    category: Annotated[
        str | None, typer.Option(help=f"Only claims counting {', '.join(CATEGORIES)}.")
    ] = None,
    outcome: Annotated[
        str | None, typer.Option(help="Only claims counting this outcome (killed, wounded...).")
    ] = None,
    since: Annotated[
        str | None, typer.Option(help="Articles published on or after this date (UTC).")
    ] = None,
    until: Annotated[str | None, typer.Option(help="Articles published before this date.")] = None,
    outlet: Annotated[
        str | None,
        typer.Option(help="Only articles whose canonical URL is on this host (www. left out)."),
    ] = None,
    text: Annotated[
        str | None, typer.Option(help="Only claims whose content contains this (any case).")
    ] = None,
    extractor_version: Annotated[
        str | None, typer.Option(help="Claims of this extractor version (default: the newest).")
    ] = None,
    limit: Annotated[int, typer.Option(help="How many claims at most.")] = 100,
    as_json: JsonOption = False,
) -> None:
    """List claims of each article's latest version, newest articles first.

    The filters are those of `claimledger export claims`, which writes the same rows.

    Examples:

      claimledger claims list --source "monitoring group" --category civilians

      claimledger claims list --since 2026-03-01 --until 2026-04-01 --outcome killed --json

      claimledger claims list --outlet news.example.org --text harbour
    """
    check_category(category)
    where = ReadFilter(
        since=parse_date(since),
        until=parse_date(until),
        source=source,
        category=category,
        outcome=outcome,
        extractor_version=extractor_version,
        outlet=outlet,
        text=text,
    )
    claims = command_state(ctx).ledger().claims(where, limit=limit)
    if as_json:
        output.print_json(claims)
        return
    output.print_table(
        f"claims ({len(claims)})",
        ["published", "source", "cue", "claim", "numbers", "article"],
        [
            [
                c.published_at,
                c.source_resolved or c.source,
                " ".join(filter(None, [c.hedge, c.cue])) or None,
                c.content,
                output.describe_quantities(c.quantities),
                c.article_url,
            ]
            for c in claims
        ],
    )


@claims_app.command("groups")
def claims_groups(
    ctx: typer.Context,
    source: Annotated[
        str | None, typer.Option(help="Source as written or resolved (part, any case).")
    ] = None,
    min_articles: Annotated[
        int, typer.Option(help="Only claims repeated by at least this many articles.")
    ] = 2,
    limit: Annotated[int, typer.Option(help="How many groups at most.")] = 50,
    as_json: JsonOption = False,
) -> None:
    """Group the same claim by the same source across articles, most repeated first.

    Claims are the same when their content matches with case, punctuation and spacing folded.
    Each group has its first and last publication date, mentions, articles and outlets (hosts).

    Examples:

      claimledger claims groups

      claimledger claims groups --source "Syrian Observatory" --min-articles 1 --json
    """
    ledger = command_state(ctx).ledger()
    groups = ledger.claim_groups(source=source, min_articles=min_articles, limit=limit).groups
    if as_json:
        output.print_json(groups)
        return
    output.print_table(
        f"claim groups ({len(groups)})",
        ["source", "claim", "articles", "mentions", "outlets", "first seen", "last seen"],
        [
            [g.source, g.content, g.articles, g.mentions, g.outlets, g.first_seen, g.last_seen]
            for g in groups
        ],
    )


@claims_app.command("timeline")
def claims_timeline(
    ctx: typer.Context,
    source: Annotated[str, typer.Option(help="Source as written or resolved (part, any case).")],
    category: Annotated[str, typer.Option(help=f"What is counted: {', '.join(CATEGORIES)}.")],
    outcome: Annotated[
        str | None, typer.Option(help="killed, wounded, missing... (default: every outcome).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """The counts a source gave for one quantity, in publication order, one per article.

    One timeline per resolved source and outcome. When an article gives the count twice, its
    most precise figure is the point and the others are listed beside it.

    Examples:

      claimledger claims timeline --source "Syrian Observatory" --category civilians

      claimledger claims timeline --source "monitoring group" --category children \\
          --outcome killed --json
    """
    check_category(category)
    ledger = command_state(ctx).ledger()
    timelines = ledger.timelines(source=source, category=category, outcome=outcome)
    if as_json:
        output.print_json(timelines)
        return
    if not timelines:
        output.console.print(f"no {category} counts from a source matching {source!r}")
    for timeline in timelines:
        output.print_table(
            f"{timeline.source}: {timeline.category} {timeline.outcome or ''}".rstrip(),
            ["date", "count", "as written", "also said", "cluster", "article"],
            [
                [
                    p.date,
                    " ".join(str(part) for part in (p.approx, p.value) if part is not None),
                    p.text,
                    p.other_values,
                    p.cluster_id,
                    p.article_url,
                ]
                for p in timeline.points
            ],
        )
