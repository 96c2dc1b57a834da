from datetime import UTC, datetime

import pytest

from intake.feeds import FeedEntry, FeedError, content_hash, parse_feed, parse_url_list

FEED_URL = "https://news.example.com/feeds/main.xml"

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0">
  <channel>
    <title>Example News</title>
    <link>https://news.example.com/</link>
    <item>
      <title> Budget passes </title>
      <link>https://news.example.com/2025/budget</link>
      <guid isPermaLink="false">story-1</guid>
      <pubDate>Tue, 04 Mar 2025 10:30:00 +0100</pubDate>
    </item>
    <item>
      <title>Relative link</title>
      <link>/2025/relative</link>
    </item>
    <item>
      <title>No link at all</title>
      <guid isPermaLink="false">story-3</guid>
    </item>
    <item>
      <title>Local file from a remote feed</title>
      <link>file:///etc/passwd</link>
    </item>
  </channel>
</rss>
"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Example Atom</title>
  <id>urn:example:feed</id>
  <updated>2025-03-05T08:00:00Z</updated>
  <entry>
    <title>Rates unchanged</title>
    <id>urn:example:rates</id>
    <link rel="alternate" href="https://news.example.com/rates"/>
    <published>2025-03-04T12:00:00Z</published>
    <updated>2025-03-05T08:00:00-05:00</updated>
  </entry>
</feed>
"""


def test_rss_entries_are_resolved_and_dated_in_utc() -> None:
    feed = parse_feed(RSS, FEED_URL)

    assert (feed.kind, feed.title) == ("rss", "Example News")
    assert feed.entries == (
        FeedEntry(
            url="https://news.example.com/2025/budget",
            guid="story-1",
            title="Budget passes",
            published=datetime(2025, 3, 4, 9, 30, tzinfo=UTC),
            updated=None,
        ),
        FeedEntry(
            url="https://news.example.com/2025/relative",
            guid=None,
            title="Relative link",
            published=None,
            updated=None,
        ),
    )


def test_atom_entry() -> None:
    feed = parse_feed(ATOM, FEED_URL)

    assert (feed.kind, feed.title) == ("atom", "Example Atom")
    (entry,) = feed.entries
    assert entry.url == "https://news.example.com/rates"
    assert entry.guid == "urn:example:rates"
    assert entry.published == datetime(2025, 3, 4, 12, 0, tzinfo=UTC)
    assert entry.updated == datetime(2025, 3, 5, 13, 0, tzinfo=UTC)


def test_local_feed_may_link_local_files() -> None:
    rss = b"""<rss version="2.0"><channel><title>Local</title>
        <item><link>article.html</link></item></channel></rss>"""

    feed = parse_feed(rss, "file:///data/feeds/local.xml")

    assert [entry.url for entry in feed.entries] == ["file:///data/feeds/article.html"]


def test_empty_feed_is_valid() -> None:
    empty = b'<rss version="2.0"><channel><title>Quiet</title></channel></rss>'

    feed = parse_feed(empty, FEED_URL)

    assert (feed.kind, feed.title, feed.entries) == ("rss", "Quiet", ())


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b'<rss version="2.0"><channel><title>Broken</title><item><ti', "malformed feed"),
        (b"<html><head><title>Home</title></head><body><p>Hi</p></body></html>", "not"),
        (b"", "not"),
        (b"\x00\xff garbage", "not"),
    ],
    ids=["truncated", "html-page", "empty-body", "binary"],
)
def test_unreadable_feed_raises_naming_the_url(body: bytes, reason: str) -> None:
    with pytest.raises(FeedError) as raised:
        parse_feed(body, FEED_URL)

    message = str(raised.value)
    assert message.startswith(f"{FEED_URL}: ")
    assert reason in message


def test_url_list() -> None:
    content = b"""\xef\xbb\xbf# morning picks
https://news.example.com/a

  /b
# done
https://other.example.org/c?x=1
"""

    feed = parse_url_list(content, "https://news.example.com/lists/today.txt")

    assert (feed.kind, feed.title) == ("urls", None)
    assert [entry.url for entry in feed.entries] == [
        "https://news.example.com/a",
        "https://news.example.com/b",
        "https://other.example.org/c?x=1",
    ]
    assert all(entry.guid is None and entry.published is None for entry in feed.entries)


def test_html_page_is_not_a_url_list() -> None:
    with pytest.raises(FeedError, match=r"line 1 is not a URL"):
        parse_url_list(b"<!doctype html>\n<html>\n", "https://news.example.com/list.txt")


def test_content_hash_detects_changes() -> None:
    assert content_hash(b"abc") == content_hash(b"abc")
    assert content_hash(b"abc") != content_hash(b"abd")
    assert len(content_hash(b"")) == 64


# --- JSON Feed, local file links, feeds without a usable entry (issue 14, point 10) -----------

JSON_FEED_1 = b"""{
  "version": "https://jsonfeed.org/version/1",
  "title": "Example JSON",
  "items": [
    {"id": 17, "url": "https://news.example.com/2025/rates", "title": " Rates unchanged ",
     "content_html": "<p>The bank held rates.</p>", "date_published": "2025-03-04T12:00:00+01:00",
     "date_modified": "2025-03-05T08:00:00Z"},
    {"id": "b", "external_url": "/2025/elsewhere", "content_text": "A link post.",
     "date_published": "not a date"},
    {"id": "c", "content_text": "No link at all."}
  ]
}"""


@pytest.mark.parametrize("version", ["1", "1.1"])
def test_json_feed_entries(version: str) -> None:
    body = JSON_FEED_1.replace(b"version/1", f"version/{version}".encode())

    feed = parse_feed(b"\xef\xbb\xbf \n" + body, FEED_URL)

    assert (feed.kind, feed.title) == ("json", "Example JSON")
    assert feed.entries == (
        FeedEntry(
            url="https://news.example.com/2025/rates",
            guid="17",
            title="Rates unchanged",
            published=datetime(2025, 3, 4, 11, 0, tzinfo=UTC),
            updated=datetime(2025, 3, 5, 8, 0, tzinfo=UTC),
        ),
        FeedEntry(
            url="https://news.example.com/2025/elsewhere",
            guid="b",
            title=None,
            published=None,
            updated=None,
        ),
    )


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b'{"title": "No version", "items": []}', "JSON without a JSON Feed version"),
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": {}}', "no list of items"),
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": [', "malformed JSON"),
        (b'{"version": "https://jsonfeed.org/version/1", "items": ' + b"[" * 50_000, "too deep"),
        (b'{"version": "https://jsonfeed.org/version/1", "title": "\xff"}', "malformed JSON"),
    ],
    ids=["no-version", "items-not-a-list", "truncated", "nesting-bomb", "invalid-utf8"],
)
def test_unreadable_json_feed_raises_naming_the_url(body: bytes, reason: str) -> None:
    with pytest.raises(FeedError) as raised:
        parse_feed(body, FEED_URL)

    assert str(raised.value).startswith(f"{FEED_URL}: ") and reason in str(raised.value)


def test_local_feed_absolute_file_links_keep_their_three_slashes() -> None:
    rss = b"""<rss version="2.0"><channel><title>Local</title>
        <item><link>file:///data/site/a.html</link></item>
        <item><link>file://localhost/data/site/b.html</link></item></channel></rss>"""
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><title>Local</title>
        <entry><id>x</id><link href="file:///data/site/c.html"/></entry></feed>"""

    from_rss = parse_feed(rss, "file:///data/site/feed.xml")
    from_atom = parse_feed(atom, "file:///data/site/feed.atom")

    assert [entry.url for entry in from_rss.entries] == [
        "file:///data/site/a.html",
        "file://localhost/data/site/b.html",
    ]
    assert [entry.url for entry in from_atom.entries] == ["file:///data/site/c.html"]


def test_feed_listing_entries_none_usable_is_an_error_with_the_reason() -> None:
    remote_files = b"""<rss version="2.0"><channel><title>Odd</title>
        <item><link>file:///etc/passwd</link></item><item><title>none</title></item>
        </channel></rss>"""
    json_scripts = b"""{"version": "https://jsonfeed.org/version/1.1",
        "items": [{"id": "1", "url": "javascript:alert(1)"}, {"id": "2"}]}"""

    with pytest.raises(FeedError) as rss_error:
        parse_feed(remote_files, FEED_URL)
    with pytest.raises(FeedError) as json_error:
        parse_feed(json_scripts, FEED_URL)

    assert str(rss_error.value) == (
        f"{FEED_URL}: none of its 2 entries has a link that can be fetched, "
        "e.g. 'file:///etc/passwd'"
    )
    assert str(json_error.value) == (
        f"{FEED_URL}: none of its 2 entries has a link that can be fetched, "
        "e.g. 'javascript:alert(1)'"
    )
