"""Routes of the read-only web application: filters in, read models out, pages rendered.

Each page parses its query string into a `storage.reads.ReadFilter` (the filters of
`claimledger export`), reads one page of rows through `storage.reads` on a read-only session
and renders a template. Lists page by keyset: the "next page" link carries the sort key of the
last row shown (`after`), never an offset, so page 1,000 costs what page 1 costs. Downloads
stream the rows the filters keep through the export writers, in the export's order.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from markupsafe import Markup, escape
from starlette.applications import Starlette
from starlette.datastructures import QueryParams
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from claimledger import common, export
from extractors.claims.model import CATEGORIES, OUTCOMES
from storage import reads
from storage.db import DatabaseError, read_only_session_scope

HERE = Path(__file__).parent
PAGE_SIZE = 50

# (route name, label) of the pages in the header, in order.
NAVIGATION = [("claims", "Claims")]


class BadRequest(HTTPException):
    """A query string the page cannot use; the message names the parameter and why."""

    def __init__(self, message: str) -> None:
        super().__init__(400, message)


def create_app(database_url: str, *, page_size: int = PAGE_SIZE) -> Starlette:
    """The application over the ledger at `database_url`, read through read-only sessions;
    lists show `page_size` rows a page."""
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.filters["quantities"] = describe_quantities

    def render(request: Request, template: str, page: str, **context: Any) -> Response:
        return templates.TemplateResponse(
            request, template, {"nav": NAVIGATION, "page": page, **context}
        )

    def home(request: Request) -> Response:
        return RedirectResponse(request.url_for("claims"), status_code=307)

    def claims(request: Request) -> Response:
        where, form = claim_filter(request.query_params)
        after = parse_claim_cursor(request.query_params.get("after"))
        with read_only_session_scope(database_url) as session:
            rows = list(
                reads.iter_claims(
                    session, where, newest_first=True, after=after, limit=page_size + 1
                )
            )
        shown = rows[:page_size]
        next_url = None
        if len(rows) > page_size:
            cursor = claim_cursor(reads.claim_key(shown[-1], newest_first=True))
            next_url = page_url(request, "claims", form, after=cursor)
        query = urlencode({name: value for name, value in form.items() if value})
        return render(
            request,
            "claims.html",
            "claims",
            title="Claims",
            claims=shown,
            form=form,
            categories=CATEGORIES,
            outcomes=OUTCOMES,
            next_url=next_url,
            first_url=page_url(request, "claims", form) if after else None,
            downloads={
                format: f"{request.url_for('download', kind='claims', format=format)}"
                + (f"?{query}" if query else "")
                for format in ("csv", "jsonl")
            },
        )

    def download(request: Request) -> Response:
        kind = request.path_params["kind"]
        format = request.path_params["format"]
        if kind not in ("claims",) or format not in ("csv", "jsonl"):
            raise HTTPException(404, f"no download {kind}.{format}")
        where, _form = claim_filter(request.query_params)
        media = "text/csv; charset=utf-8" if format == "csv" else "application/x-ndjson"
        return StreamingResponse(
            stream_export(database_url, kind, format, where),
            media_type=media,
            headers={"Content-Disposition": f'attachment; filename="{kind}.{format}"'},
        )

    def version(request: Request) -> Response:
        article_id = request.path_params["article_id"]
        number = request.path_params["version"]
        wanted = request.query_params.get("claim")
        if wanted is not None and not wanted.isdigit():
            raise BadRequest(f"claim must be a claim id (a number), not {wanted!r}")
        with read_only_session_scope(database_url) as session:
            detail = reads.version_detail(session, article_id, number)
        if detail is None:
            raise HTTPException(404, f"article {article_id} has no version {number}")
        selected = next(
            (c for c in detail.claims or [] if wanted is not None and c["id"] == int(wanted)),
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
        return render_error(request, 503, "Database unavailable", f"database error: {error}")

    def render_error(request: Request, status: int, title: str, message: str) -> Response:
        response = render(request, "error.html", "", title=title, message=message)
        response.status_code = status
        return response

    routes = [
        Route("/", home, name="home"),
        Route("/claims", claims, name="claims"),
        Route("/download/{kind}.{format}", download, name="download"),
        Route("/articles/{article_id:int}/versions/{version:int}", version, name="version"),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    return Starlette(
        routes=routes,
        exception_handlers={HTTPException: http_error, DatabaseError: database_error},
    )


# --- filters and cursors -------------------------------------------------------------------------

CLAIM_FILTERS = ("source", "category", "outcome", "outlet", "since", "until", "text")


def claim_filter(params: QueryParams) -> tuple[reads.ReadFilter, dict[str, str]]:
    """The ReadFilter of a claims query string, and the form's values to show back."""
    form = {name: params.get(name, "").strip() for name in CLAIM_FILTERS}
    if form["category"] and form["category"] not in CATEGORIES:
        raise BadRequest(
            f"category must be one of {', '.join(CATEGORIES)}, not {form['category']!r}"
        )
    if form["outcome"] and form["outcome"] not in OUTCOMES:
        raise BadRequest(f"outcome must be one of {', '.join(OUTCOMES)}, not {form['outcome']!r}")
    where = reads.ReadFilter(
        since=parse_date("since", form["since"]),
        until=parse_date("until", form["until"]),
        source=form["source"] or None,
        category=form["category"] or None,
        outcome=form["outcome"] or None,
        outlet=form["outlet"] or None,
        text=form["text"] or None,
    )
    return where, form


def parse_date(name: str, value: str) -> datetime | None:
    if not value:
        return None
    try:
        return common.parse_date(value)
    except ValueError as error:
        raise BadRequest(f"{name}: {error}") from None


CURSOR_SEPARATOR = "~"


def claim_cursor(key: tuple[Any, ...]) -> str:
    """The `after` parameter of the page after a claim: its sort key, readable in the URL."""
    published, article_id, claim_id = key
    return CURSOR_SEPARATOR.join([published.isoformat(), str(article_id), str(claim_id)])


def parse_claim_cursor(value: str | None) -> tuple[Any, ...] | None:
    if not value:
        return None
    try:
        published, article_id, claim_id = value.split(CURSOR_SEPARATOR)
        return (common.parse_date(published), int(article_id), int(claim_id))
    except ValueError:
        raise BadRequest(f"after: {value!r} is not a position in the list") from None


def page_url(request: Request, name: str, form: dict[str, str], **extra: str) -> str:
    query = urlencode({**{k: v for k, v in form.items() if v}, **extra})
    return f"{request.url_for(name)}{'?' + query if query else ''}"


# --- downloads -----------------------------------------------------------------------------------


def stream_export(
    database_url: str, kind: str, format: str, where: reads.ReadFilter
) -> Iterator[str]:
    """The export of `kind` that `where` keeps, piece by piece, read on a read-only session
    that stays open while the response streams."""
    with read_only_session_scope(database_url) as session:
        yield from export.text_pieces(export.KINDS[kind].read(session, where), kind, format)


# --- rendering -----------------------------------------------------------------------------------


def describe_quantities(quantities: list[dict[str, Any]]) -> str:
    """ "more than 1000 civilians killed; 4 children killed" """
    return "; ".join(
        " ".join(
            str(part)
            for part in (
                q["approx"],
                q["value"] if q["value"] is not None else f"{q['low']}-{q['high']}",
                q["category"],
                q["outcome"],
            )
            if part is not None
        )
        for q in quantities
    )


def claim_summary(claim: dict[str, Any]) -> dict[str, Any]:
    source = claim.get("source") or {}
    return {
        "id": claim["id"],
        "source": source.get("resolved") or source.get("text"),
        "hedge": claim.get("hedge"),
    }


def highlighted_text(text: str, claim: dict[str, Any] | None) -> Markup:
    """The version's text, escaped, with the claim's sentence marked and its content in bold.

    The mark's id (`claim-N`) is the anchor the claims list links to.
    """
    if claim is None:
        return escape(text)
    content = claim["content"]
    start, end = min(claim["start"], content["start"]), max(claim["end"], content["end"])
    return Markup("").join(
        [
            escape(text[:start]),
            Markup(f'<mark id="claim-{int(claim["id"])}">'),
            escape(text[start : content["start"]]),
            Markup("<strong>"),
            escape(text[content["start"] : content["end"]]),
            Markup("</strong>"),
            escape(text[content["end"] : end]),
            Markup("</mark>"),
            escape(text[end:]),
        ]
    )
