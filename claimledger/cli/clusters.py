"""`claimledger clusters`: articles that carry the same story text (wire copies, syndication)."""

from __future__ import annotations

from typing import Annotated

import typer

from claimledger import output
from claimledger.cli.base import JsonOption, article_id_for_url, command_state
from claimledger.errors import ClaimledgerError, NotFoundError
from claimledger.ledger import Ledger

clusters_app = typer.Typer(
    help="Clusters of copies: one story carried by several articles.", no_args_is_help=True
)


@clusters_app.command("list")
def clusters_list(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(help="How many clusters.")] = 50,
    offset: Annotated[int, typer.Option(help="Skip this many first.")] = 0,
    as_json: JsonOption = False,
) -> None:
    """List clusters of copies, newest first: size, outlets and the representative article.

    A cluster is "exact" while every member has the same normalized text as another, "near"
    once one member is only similar (estimated Jaccard at or above [dedup] threshold).

    Example: claimledger clusters list --limit 10 --json
    """
    clusters = command_state(ctx).ledger().clusters(limit=limit, offset=offset)
    if as_json:
        output.print_json(clusters)
        return
    output.print_table(
        f"clusters (newest {len(clusters)})",
        ["id", "kind", "size", "outlets", "title", "representative"],
        [[c.id, c.kind, c.size, c.outlets, c.title, c.representative_url] for c in clusters],
    )


@clusters_app.command("show")
def clusters_show(
    ctx: typer.Context,
    cluster: Annotated[
        str, typer.Argument(help="Cluster id, or the URL of any article in the cluster.")
    ],
    as_json: JsonOption = False,
) -> None:
    """Show one cluster: every member article, how it matched, and its similarity.

    Examples:

      claimledger clusters show 12

      claimledger clusters show https://news.example.org/world/port-selvan-harbour-shelling
    """
    ledger = command_state(ctx).ledger()
    cluster_id = int(cluster) if cluster.isdigit() else _cluster_of_url(ledger, cluster)
    detail = ledger.cluster(cluster_id)
    if detail is None:
        raise NotFoundError(f"no cluster {cluster}")
    if as_json:
        output.print_json(detail)
        return
    summary = detail.summary
    output.print_mapping(
        f"cluster {summary.id}",
        {
            "kind": summary.kind,
            "size": summary.size,
            "outlets": summary.outlets,
            "representative": summary.representative_url,
            "created": summary.created_at,
        },
    )
    output.print_table(
        "members",
        ["match", "similarity", "version", "published", "title", "url"],
        [
            [m.match, f"{m.similarity:.2f}", m.version, m.published_at, m.title, m.canonical_url]
            for m in detail.members
        ],
    )


def _cluster_of_url(ledger: Ledger, url: str) -> int:
    cluster_id = ledger.cluster_of_article(article_id_for_url(ledger, url))
    if cluster_id is None:
        raise ClaimledgerError(f"{url} is in no cluster: no other stored article carries its text")
    return cluster_id
