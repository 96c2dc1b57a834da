"""What the web pages share around the routes: a query string read as filters and a keyset cursor,
the links a page carries (next page, downloads, a claim's version), and the pieces it renders
(a chart's point, a claim's summary, a text with the claim highlighted).
"""

from __future__ import annotations

import base64
import json
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from markupsafe import Markup, escape
from starlette.datastructures import QueryParams
from starlette.exceptions import HTTPException
from starlette.requests import Request

from claimledger import common, diffs
from claimledger.ledger import (
    ArticleDetail,
    ReadFilter,
    StoredClaim,
    TimelinePoint,
    VersionDetail,
)
from claimledger.web.chart import ChartPoint, point_label
from extractors.claims.model import CATEGORIES, OUTCOMES


class BadRequest(HTTPException):
    """A query string the page cannot use; the message names the parameter and why."""

    def __init__(self, message: str) -> None:
        super().__init__(400, message)


def read_filter(params: QueryParams, names: tuple[str, ...]) -> tuple[ReadFilter, dict[str, str]]:
    """The ReadFilter of a page's query string (only the filters `names` it offers), and the
    form's values to show back."""
    form = {name: params.get(name, "").strip() for name in names}
    category, outcome = form.get("category"), form.get("outcome")
    if category and category not in CATEGORIES:
        raise BadRequest(f"category must be one of {', '.join(CATEGORIES)}, not {category!r}")
    if outcome and outcome not in OUTCOMES:
        raise BadRequest(f"outcome must be one of {', '.join(OUTCOMES)}, not {outcome!r}")
    where = ReadFilter(
        since=parse_date("since", form.get("since")),
        until=parse_date("until", form.get("until")),
        source=form.get("source") or None,
        category=category or None,
        outcome=outcome or None,
        outlet=form.get("outlet") or None,
        text=form.get("text") or None,
    )
    return where, form


def parse_date(name: str, value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return common.parse_date(value)
    except ValueError as error:
        raise BadRequest(f"{name}: {error}") from None


def encode_cursor(key: tuple[Any, ...]) -> str:
    """The `after` parameter of the next page: the last row's sort key, as URL-safe text."""
    values = [value.isoformat() if isinstance(value, datetime) else value for value in key]
    packed = json.dumps(values, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(packed).decode().rstrip("=")


def decode_cursor(value: str | None, types: tuple[type, ...]) -> tuple[Any, ...] | None:
    """The sort key an `after` parameter carries, checked against the types the list sorts by."""
    if not value:
        return None
    try:
        values = json.loads(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)))
        if not isinstance(values, list) or len(values) != len(types):
            raise ValueError
        key: list[Any] = []
        for item, kind in zip(values, types, strict=True):
            if kind is datetime:
                key.append(common.parse_date(item))
            elif type(item) is kind and kind in (int, str):
                key.append(item)
            else:
                raise ValueError
    except (ValueError, TypeError):
        raise BadRequest(f"after: {value!r} is not a position in the list") from None
    return tuple(key)


def page_url(request: Request, name: str, form: dict[str, str], **extra: str) -> str:
    query = urlencode({**{k: v for k, v in form.items() if v}, **extra})
    return f"{request.url_for(name)}{'?' + query if query else ''}"


def download_links(request: Request, kind: str, form: dict[str, str]) -> dict[str, str]:
    """CSV and JSON Lines links to the export of `kind` with the page's filters."""
    query = urlencode({name: value for name, value in form.items() if value})
    return {
        format: f"{request.url_for('download', kind=kind, format=format)}"
        + (f"?{query}" if query else "")
        for format in ("csv", "jsonl")
    }


def version_link(request: Request, article_id: int, version: int, claim_id: int) -> str:
    """The article version a claim was found in, scrolled to the claim, highlighted."""
    url = request.url_for("version", article_id=article_id, version=version)
    return f"{url}?claim={claim_id}#claim-{claim_id}"


def versions_to_compare(article: ArticleDetail, old: str, new: str) -> tuple[int, int] | None:
    """The versions the article page compares: those asked for, else the latest and the one
    before it (in fetch order); None when there is only one version."""
    numbers = [v.version for v in article.versions]
    if len(numbers) < 2:
        return None
    after = int(new) if new else article.latest_version
    if after not in numbers:
        raise BadRequest(f"no version {after} (versions: {', '.join(map(str, numbers))})")
    before = int(old) if old else None
    if before is None:
        before = next(v.previous_version for v in article.versions if v.version == after)
    if before is None:  # the first version: compare it with the next one
        before, after = after, numbers[numbers.index(after) + 1]
    if before not in numbers:
        raise BadRequest(f"no version {before} (versions: {', '.join(map(str, numbers))})")
    return before, after


def version_view(detail: VersionDetail | None) -> diffs.VersionView:
    """A stored version as `articles diff` compares it."""
    assert detail is not None  # its number came from the article's own versions
    return diffs.version_view(detail, detail.claims)


def chart_point(request: Request, point: TimelinePoint) -> ChartPoint:
    label = point_label(point.approx, point.value, point.low, point.high)
    also = f"; also said: {', '.join(point.other_values)}" if point.other_values else ""
    return ChartPoint(
        date=point.date,
        value=point.value,
        low=point.low,
        high=point.high,
        approx=point.approx,
        label=label,
        href=version_link(request, point.article_id, point.version, point.claim_id),
        title=f"{point.date:%Y-%m-%d}: {label} ({point.text}){also} · {point.article_url}",
    )


def claim_summary(claim: StoredClaim) -> dict[str, Any]:
    return {
        "id": claim.id,
        "source": claim.source_resolved or claim.source_text,
        "hedge": claim.hedge,
    }


def highlighted_text(text: str, claim: StoredClaim | None) -> Markup:
    """The version's text, escaped, with the claim's sentence marked and its content in bold.

    The mark's id (`claim-N`) is the anchor the claims list links to.
    """
    if claim is None:
        return escape(text)
    content_start, content_end = claim.content_start, claim.content_end
    start, end = min(claim.sentence_start, content_start), max(claim.sentence_end, content_end)
    return Markup("").join(
        [
            escape(text[:start]),
            Markup(f'<mark id="claim-{int(claim.id)}">'),
            escape(text[start:content_start]),
            Markup("<strong>"),
            escape(text[content_start:content_end]),
            Markup("</strong>"),
            escape(text[content_end:end]),
            Markup("</mark>"),
            escape(text[end:]),
        ]
    )
