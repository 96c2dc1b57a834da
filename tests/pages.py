"""Builders for the news pages and feeds the tests serve: articles written for these tests."""

from __future__ import annotations

from datetime import datetime
from email.utils import format_datetime
from html import escape

BOILERPLATE_NAV = """
<header><nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/sport">Sport</a>
| <a href="/about">About us</a></nav></header>
"""
BOILERPLATE_FOOTER = """
<footer><p>Copyright 2026 The Example Courier. All rights reserved.</p>
<ul><li><a href="/privacy">Privacy</a></li><li><a href="/terms">Terms</a></li></ul></footer>
"""


def article_html(
    title: str,
    paragraphs: list[str],
    *,
    canonical: str | None = None,
    published: str = "2026-03-01T08:00:00+00:00",
    author: str = "Dana Whitfield",
) -> str:
    """A complete news page with navigation and footer boilerplate around the article body."""
    canonical_tag = f'<link rel="canonical" href="{escape(canonical)}">' if canonical else ""
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(title)} | The Example Courier</title>
{canonical_tag}
<meta property="article:published_time" content="{published}">
<meta name="author" content="{escape(author)}">
</head><body>{BOILERPLATE_NAV}
<main><article><h1>{escape(title)}</h1><p class="byline">By {escape(author)}</p>
{body}
</article></main>{BOILERPLATE_FOOTER}</body></html>"""


def story(topic: str, number: int) -> list[str]:
    """Three paragraphs of plausible, distinct article text about `topic`."""
    return [
        f"Officials in the northern province said on Tuesday that {number} people had been "
        f"evacuated after {topic} damaged roads and bridges across the valley.",
        f"The regional governor told reporters that emergency crews were working through the "
        f"night to reach villages cut off by {topic}, and that more help was on its way.",
        f"Aid groups said supplies of clean water were running low in at least {number + 3} "
        f"settlements, according to a statement released late on Tuesday evening.",
    ]


def rss_feed(items: list[tuple[str, str, datetime]], title: str = "The Example Courier") -> str:
    """An RSS 2.0 feed of (link, title, pubDate) items."""
    entries = "\n".join(
        f"<item><title>{escape(item_title)}</title><link>{escape(link)}</link>"
        f"<guid>{escape(link)}</guid><pubDate>{format_datetime(when)}</pubDate></item>"
        for link, item_title, when in items
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>{escape(title)}</title><link>https://courier.example.org/</link>
<description>News</description>
{entries}
</channel></rss>"""
