"""A timeline as an inline SVG chart, drawn on the server.

The figures a source gave for one quantity, over publication dates: one point per article, its
qualifier ("more than", "at least") written beside it and drawn hollow (a bound, not a count),
a range drawn as a bar from low to high, and each point a link to the article version it came
from. Drawn here rather than by a JavaScript chart library: the page needs no script, loads
nothing from elsewhere, and the chart is in the HTML the tests read.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from html import escape

from markupsafe import Markup

WIDTH, HEIGHT = 860, 340
LEFT, RIGHT, TOP, BOTTOM = 72, 48, 28, 48


@dataclass(frozen=True)
class ChartPoint:
    """One point: when, how much (value, or the bounds of a range), how it was qualified."""

    date: datetime
    value: int | None
    low: int | None
    high: int | None
    approx: str | None
    label: str
    href: str
    title: str


def number(value: int) -> str:
    """3804 -> "3,804": counts as a reader writes them."""
    return f"{value:,}"


def point_label(approx: str | None, value: int | None, low: int | None, high: int | None) -> str:
    """ "more than 1,000", "3,804", "20-30": the figure as reported, with its qualifier."""
    if value is not None:
        amount = number(value)
    elif low is not None and high is not None:
        amount = f"{number(low)}-{number(high)}"
    else:
        amount = number(low if low is not None else high or 0)
    return f"{approx} {amount}" if approx else amount


def _nice_step(span: float, ticks: int = 5) -> float:
    """A round tick step (1, 2 or 5 times a power of ten) giving about `ticks` ticks."""
    raw = span / ticks if span > 0 else 1
    power: float = 10.0 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def _height(point: ChartPoint) -> int:
    for candidate in (point.value, point.high, point.low):
        if candidate is not None:
            return candidate
    return 0


def timeline_svg(points: Sequence[ChartPoint], caption: str) -> Markup:
    """The chart of `points` (in date order) as an <svg> element, captioned for screen readers."""
    if not points:
        return Markup("")
    first, last = points[0].date, points[-1].date
    if last - first < timedelta(days=2):
        first, last = first - timedelta(days=1), last + timedelta(days=1)
    span = (last - first).total_seconds()
    top_value = max(max(_height(p), p.high or 0) for p in points)
    step = _nice_step(top_value * 1.1)
    y_max = step * math.ceil(top_value * 1.1 / step) if top_value else step
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(moment: datetime) -> float:
        return LEFT + plot_w * (moment - first).total_seconds() / span

    def y(value: float) -> float:
        return TOP + plot_h * (1 - value / y_max)

    parts = [
        f'<svg class="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} '
        f'{HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{escape(caption)}">',
        f"<title>{escape(caption)}</title>",
    ]
    parts += _y_axis(y, y_max, step)
    parts += _x_axis(x, first, last)
    ordered = [(x(p.date), y(_height(p))) for p in points]
    parts.append(
        '<polyline fill="none" stroke="#7a8ca0" stroke-width="1.5" points="'
        + " ".join(f"{px:.1f},{py:.1f}" for px, py in ordered)
        + '"/>'
    )
    for index, (point, (px, py)) in enumerate(zip(points, ordered, strict=True)):
        parts.append(
            f'<a href="{escape(point.href)}" class="point" data-index="{index}" '
            f'data-label="{escape(point.label)}" data-date="{point.date.date().isoformat()}">'
        )
        parts.append(f"<title>{escape(point.title)}</title>")
        if point.value is None and point.low is not None and point.high is not None:
            parts.append(
                f'<line x1="{px:.1f}" x2="{px:.1f}" y1="{y(point.low):.1f}" '
                f'y2="{y(point.high):.1f}" stroke="#1d4f7a" stroke-width="3"/>'
            )
        hollow = point.approx is not None
        parts.append(
            f'<circle cx="{px:.1f}" cy="{py:.1f}" r="6" stroke="#1d4f7a" stroke-width="2" '
            f'fill="{"#fff" if hollow else "#1d4f7a"}"/>'
        )
        anchor = "start" if px < LEFT + plot_w * 0.8 else "end"
        shift = 9 if anchor == "start" else -9
        parts.append(
            f'<text x="{px + shift:.1f}" y="{py - 9:.1f}" text-anchor="{anchor}" '
            f'font-size="13" fill="#1d1d1f">{escape(point.label)}</text>'
        )
        parts.append("</a>")
    parts.append("</svg>")
    return Markup("\n".join(parts))


def _y_axis(y: Callable[[float], float], y_max: float, step: float) -> list[str]:
    parts = []
    tick = 0.0
    while tick <= y_max + step / 2:
        ty = y(tick)
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{ty:.1f}" y2="{ty:.1f}" '
            f'stroke="#e3e3e3"/>'
            f'<text x="{LEFT - 8}" y="{ty + 4:.1f}" text-anchor="end" font-size="12" '
            f'fill="#555">{number(int(tick))}</text>'
        )
        tick += step
    return parts


def _x_axis(x: Callable[[datetime], float], first: datetime, last: datetime) -> list[str]:
    base = HEIGHT - BOTTOM
    parts = [f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{base}" y2="{base}" stroke="#999"/>']
    ticks = 5
    shown: set[str] = set()
    for index in range(ticks + 1):
        moment = first + (last - first) * index / ticks
        if f"{moment:%Y-%m-%d}" in shown:  # a short span: one label per day
            continue
        shown.add(f"{moment:%Y-%m-%d}")
        tx = x(moment)
        parts.append(
            f'<line x1="{tx:.1f}" x2="{tx:.1f}" y1="{base}" y2="{base + 5}" stroke="#999"/>'
            f'<text x="{tx:.1f}" y="{base + 20}" text-anchor="middle" font-size="12" '
            f'fill="#555">{moment:%Y-%m-%d}</text>'
        )
    return parts
