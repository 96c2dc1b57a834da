"""Routes of the read-only web application: filters in, read models out, pages rendered.

Each page parses its query string into a `ReadFilter` (the filters of `claimledger export`),
reads one page of rows through `claimledger.ledger` (the read layer the CLI uses too) on
read-only sessions and renders a template. Lists page by keyset: the "next page" link carries
the sort key of the last row shown (`after`), never an offset, so page 1,000 costs what page 1
costs. Downloads
stream the rows the filters keep through the export writers, in the export's order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from markupsafe import Markup
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from claimledger import common, diffs, export
from claimledger.ledger import (
    DATABASE_ERRORS,
    Ledger,
    article_key,
    claim_key,
)
from claimledger.output import describe_quantities
from claimledger.settings import Settings
from claimledger.web.chart import point_label, timeline_svg
from claimledger.web.forms import (
    BadRequest,
    chart_point,
    claim_summary,
    decode_cursor,
    download_links,
    encode_cursor,
    highlighted_text,
    page_url,
    read_filter,
    version_view,
    versions_to_compare,
)
from extractors.claims.model import CATEGORIES, OUTCOMES

HERE = Path(__file__).parent


PAGE_SIZE = 50


# (route name, label) of the pages in the header, in order.
NAVIGATION = [
    ("claims", "Claims"),
    ("timeline", "Timeline"),
    ("groups", "Claim groups"),
    ("articles", "Articles"),
    ("sources", "Sources"),
    ("runs", "Runs"),
]


# Downloadable kinds (those of `claimledger export`) and the filters their pages offer.
CLAIM_FILTERS = ("source", "category", "outcome", "outlet", "since", "until", "text")


TIMELINE_FILTERS = ("source", "category", "outcome", "since", "until")


ARTICLE_FILTERS = ("source", "outlet", "since", "until")


DOWNLOADS = {"claims": CLAIM_FILTERS, "timeline": TIMELINE_FILTERS, "articles": ARTICLE_FILTERS}


Row = TypeVar("Row")


def create_app(
    database_url: str,
    *,
    page_size: int = PAGE_SIZE,
    prefect_ui_url: str | None = None,
    run_lease: int = Settings.ingest_run_lease,
) -> Starlette:
    """The application over the ledger at `database_url`, read through read-only sessions;
    lists show `page_size` rows a page; runs link to their flow run in the Prefect UI at
    `prefect_ui_url` when one is given, and a running run without a heartbeat for `run_lease`
    seconds is shown abandoned."""
    ledger = Ledger(database_url, read_only=True)
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.filters["quantities"] = describe_quantities

    def render(request: Request, template: str, page: str, **context: Any) -> Response:
        return templates.TemplateResponse(
            request, template, {"nav": NAVIGATION, "page": page, **context}
        )

    def home(request: Request) -> Response:
        return RedirectResponse(request.url_for("claims"), status_code=307)

    def keyset_page(
        request: Request,
        page: str,
        form: dict[str, str],
        rows: Sequence[Row],
        after: tuple[Any, ...] | None,
        key: Callable[..., tuple[Any, ...]],
    ) -> tuple[Sequence[Row], dict[str, str | None]]:
        """The rows of one page of a list (read one beyond the page, to know there is a next)
        and the links to the next page and back to the first."""
        shown = rows[:page_size]
        next_url = None
        if len(rows) > page_size:
            cursor = encode_cursor(key(shown[-1], newest_first=True))
            next_url = page_url(request, page, form, after=cursor)
        first_url = page_url(request, page, form) if after else None
        return shown, {"next_url": next_url, "first_url": first_url}

    def claims(request: Request) -> Response:
        where, form = read_filter(request.query_params, CLAIM_FILTERS)
        after = decode_cursor(request.query_params.get("after"), (datetime, int, int))
        rows = ledger.claims(where, after=after, limit=page_size + 1)
        shown, links = keyset_page(request, "claims", form, rows, after, claim_key)
        return render(
            request,
            "claims.html",
            "claims",
            title="Claims",
            claims=shown,
            form=form,
            categories=CATEGORIES,
            outcomes=OUTCOMES,
            downloads=download_links(request, "claims", form),
            **links,
        )

    def timeline(request: Request) -> Response:
        where, form = read_filter(request.query_params, TIMELINE_FILTERS)
        timelines = []
        if where.source and where.category:
            timelines = ledger.timelines(
                source=where.source,
                category=where.category,
                outcome=where.outcome,
                since=where.since,
                until=where.until,
            )
        charts = [
            (
                line,
                timeline_svg(
                    [chart_point(request, point) for point in line.points],
                    f"{line.source}: {line.category} {line.outcome or ''}".rstrip(),
                ),
            )
            for line in timelines
        ]
        return render(
            request,
            "timeline.html",
            "timeline",
            title="Timeline",
            form=form,
            asked=bool(where.source and where.category),
            charts=charts,
            categories=CATEGORIES,
            outcomes=OUTCOMES,
            label=point_label,
            downloads=download_links(request, "timeline", form),
        )

    def groups(request: Request) -> Response:
        source = request.query_params.get("source", "").strip()
        minimum = request.query_params.get("min_articles", "2").strip() or "2"
        if not minimum.isdigit() or int(minimum) < 1:
            raise BadRequest(f"min_articles must be a whole number from 1, not {minimum!r}")
        after = decode_cursor(request.query_params.get("after"), (int, datetime, str, str))
        found = ledger.claim_groups(
            source=source or None, min_articles=int(minimum), limit=page_size, after=after
        )
        form = {"source": source, "min_articles": minimum}
        return render(
            request,
            "groups.html",
            "groups",
            title="Claim groups",
            groups=found.groups,
            form=form,
            next_url=found.next_after
            and page_url(request, "groups", form, after=encode_cursor(found.next_after)),
            first_url=page_url(request, "groups", form) if after else None,
        )

    def articles(request: Request) -> Response:
        where, form = read_filter(request.query_params, ARTICLE_FILTERS)
        after = decode_cursor(request.query_params.get("after"), (datetime, int))
        rows = ledger.articles(where, after=after, limit=page_size + 1)
        shown, links = keyset_page(request, "articles", form, rows, after, article_key)
        return render(
            request,
            "articles.html",
            "articles",
            title="Articles",
            articles=shown,
            form=form,
            downloads=download_links(request, "articles", form),
            **links,
        )

    def article(request: Request) -> Response:
        article_id = request.path_params["article_id"]
        wanted = {name: request.query_params.get(name, "").strip() for name in ("old", "new")}
        for name, value in wanted.items():
            if value and not value.isdigit():
                raise BadRequest(f"{name} must be a version number, not {value!r}")
        detail = ledger.article(article_id)
        if detail is None:
            raise HTTPException(404, f"no article {article_id}")
        pair = versions_to_compare(detail, wanted["old"], wanted["new"])
        views = (
            None
            if pair is None
            else [version_view(ledger.version(article_id, number)) for number in pair]
        )
        diff = None if views is None else diffs.diff_versions(detail.canonical_url, *views)
        latest = next((v for v in detail.versions if v.version == detail.latest_version), None)
        heading = (latest and latest.title) or detail.canonical_url
        return render(
            request,
            "article.html",
            "articles",
            title=heading,
            heading=heading,
            a=detail,
            diff=diff,
            words_html=Markup(diffs.html_words(diff.words)) if diff else "",
            claim_rows=diffs.claim_change_rows(diff.claims) if diff and diff.claims else [],
        )

    def sources(request: Request) -> Response:
        after = request.query_params.get("after") or None
        rows = ledger.source_health(after=after, limit=page_size + 1)
        shown = rows[:page_size]
        more = len(rows) > page_size
        return render(
            request,
            "sources.html",
            "sources",
            title="Sources",
            sources=shown,
            next_url=more and page_url(request, "sources", {}, after=shown[-1].name),
            first_url=page_url(request, "sources", {}) if after else None,
        )

    def source(request: Request) -> Response:
        name = request.path_params["name"]
        health = next(iter(ledger.source_health(name=name)), None)
        entries = ledger.source_entries(name)
        if health is None or entries is None:
            raise HTTPException(404, f"no source named {name!r}")
        return render(
            request,
            "source.html",
            "sources",
            title=f"Source {name}",
            s=health,
            pending=entries[0],
            failed=entries[1],
        )

    def runs(request: Request) -> Response:
        after = decode_cursor(request.query_params.get("after"), (int,))
        rows = ledger.runs(
            after=None if after is None else after[0],
            limit=page_size + 1,
            stale_before=common.utcnow() - timedelta(seconds=run_lease),
        )
        shown = rows[:page_size]
        more = len(rows) > page_size
        return render(
            request,
            "runs.html",
            "runs",
            title="Runs",
            runs=shown,
            prefect_ui_url=prefect_ui_url and prefect_ui_url.rstrip("/"),
            next_url=more
            and page_url(request, "runs", {}, after=encode_cursor((shown[-1].run_id,))),
            first_url=page_url(request, "runs", {}) if after else None,
        )

    def download(request: Request) -> Response:
        kind = request.path_params["kind"]
        format = request.path_params["format"]
        if kind not in DOWNLOADS or format not in ("csv", "jsonl"):
            raise HTTPException(404, f"no download {kind}.{format}")
        where, _form = read_filter(request.query_params, DOWNLOADS[kind])
        media = "text/csv; charset=utf-8" if format == "csv" else "application/x-ndjson"
        return StreamingResponse(
            export.stream_text(ledger, kind, format, where),
            media_type=media,
            headers={"Content-Disposition": f'attachment; filename="{kind}.{format}"'},
        )

    def version(request: Request) -> Response:
        article_id = request.path_params["article_id"]
        number = request.path_params["version"]
        wanted = request.query_params.get("claim")
        if wanted is not None and not wanted.isdigit():
            raise BadRequest(f"claim must be a claim id (a number), not {wanted!r}")
        detail = ledger.version(article_id, number)
        if detail is None:
            raise HTTPException(404, f"article {article_id} has no version {number}")
        selected = next(
            (c for c in detail.claims or [] if wanted is not None and c.id == int(wanted)),
            None,
        )
        return render(
            request,
            "version.html",
            "claims",
            title=f"{detail.title or detail.canonical_url} (v{detail.version})",
            v=detail,
            selected=selected and claim_summary(selected),
            claim_missing=wanted if wanted is not None and selected is None else None,
            text_html=highlighted_text(detail.text, selected),
        )

    async def http_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, HTTPException)
        titles = {400: "Bad request", 404: "Not found"}
        return render_error(
            request, error.status_code, titles.get(error.status_code, "Error"), str(error.detail)
        )

    async def database_error(request: Request, error: Exception) -> Response:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        return render_error(request, 503, "Database unavailable", f"database error: {reason}")

    def render_error(request: Request, status: int, title: str, message: str) -> Response:
        response = render(request, "error.html", "", title=title, message=message)
        response.status_code = status
        return response

    routes = [
        Route("/", home, name="home"),
        Route("/claims", claims, name="claims"),
        Route("/timeline", timeline, name="timeline"),
        Route("/groups", groups, name="groups"),
        Route("/articles", articles, name="articles"),
        Route("/articles/{article_id:int}", article, name="article"),
        Route("/sources", sources, name="sources"),
        Route("/sources/{name}", source, name="source"),
        Route("/runs", runs, name="runs"),
        Route("/download/{kind}.{format}", download, name="download"),
        Route("/articles/{article_id:int}/versions/{version:int}", version, name="version"),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    return Starlette(
        routes=routes,
        exception_handlers={
            HTTPException: http_error,
            **{error: database_error for error in DATABASE_ERRORS},
        },
    )
