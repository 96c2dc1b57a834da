from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from intake.urls import InvalidURL, normalize_url, redact_url, same_site, to_url


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("HTTP://Example.COM", "http://example.com/"),
        ("  https://example.com/a  ", "https://example.com/a"),
        ("http://example.com:80/a", "http://example.com/a"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("http://example.com:8080/a", "http://example.com:8080/a"),
        ("https://example.com:80/a", "https://example.com:80/a"),
        ("http://example.com/Path/To/Page", "http://example.com/Path/To/Page"),
        ("http://example.com/a#section-2", "http://example.com/a"),
        ("http://example.com/a?b=2&a=1", "http://example.com/a?a=1&b=2"),
        (
            "http://example.com/a?utm_source=x&UTM_Medium=y&fbclid=1&gclid=2&mc_cid=3&mc_eid=4&id=7",
            "http://example.com/a?id=7",
        ),
        ("http://example.com/a?utm_source=x", "http://example.com/a"),
        ("http://example.com/a b", "http://example.com/a%20b"),
        ("http://example.com/%7Euser", "http://example.com/%7Euser"),
        ("http://bücher.example/", "http://xn--bcher-kva.example/"),
        ("http://[::1]:8000/x", "http://[::1]:8000/x"),
        ("file:///tmp/Some%20File.html", "file:///tmp/Some%20File.html"),
        ("file://localhost/tmp/a.html", "file:///tmp/a.html"),
    ],
)
def test_normalize_url(raw: str, expected: str) -> None:
    assert normalize_url(raw) == expected


@pytest.mark.parametrize(
    "garbage",
    [
        "",
        "   ",
        "example.com/no-scheme",
        "ftp://example.com/file",
        "mailto:someone@example.com",
        "javascript:alert(1)",
        "http://",
        "http:///path-only",
        "http://exa mple.com/",
        "http://example.com:99999/",
        "http://[not-ipv6/",
        "file://remote-host/etc/passwd",
    ],
)
def test_normalize_url_rejects_garbage_with_readable_message(garbage: str) -> None:
    with pytest.raises(InvalidURL) as raised:
        normalize_url(garbage)
    assert repr(garbage) in str(raised.value)


def test_same_site_ignores_www_scheme_and_path() -> None:
    assert same_site("https://www.example.com/a", "http://example.com/b?x=1")
    assert same_site("http://EXAMPLE.com", "http://example.com:80/")
    assert not same_site("https://example.com/", "https://example.org/")
    assert not same_site("https://news.example.com/", "https://example.com/")
    assert not same_site("file:///tmp/a", "file:///tmp/a")
    assert not same_site("not a url", "not a url")


def test_to_url_turns_paths_into_file_urls(tmp_path: Path) -> None:
    page = tmp_path / "pages" / "a b.html"
    assert to_url(str(page)) == page.as_uri()
    assert to_url("pages/a b.html", base_dir=tmp_path) == page.as_uri()
    assert to_url("https://example.com/feed") == "https://example.com/feed"
    assert to_url("file:///tmp/x.xml") == "file:///tmp/x.xml"


def test_to_url_rejects_unfetchable_schemes() -> None:
    with pytest.raises(InvalidURL):
        to_url("ftp://example.com/feed")


_url_part = st.text(alphabet=st.characters(codec="utf-8"), max_size=12)
_urlish = st.builds(
    "{}://{}{}/{}?{}#{}".format,
    st.sampled_from(["http", "HTTPS", "file", "ftp", ""]),
    _url_part,
    st.sampled_from(["", ":80", ":443", ":8080", ":x", ":99999"]),
    _url_part,
    st.lists(
        st.builds("{}={}".format, st.sampled_from(["utm_x", "a", "B", "fbclid", ""]), _url_part),
        max_size=4,
    ).map("&".join),
    _url_part,
)


@given(st.one_of(st.text(), _urlish))
def test_normalize_url_only_raises_invalid_url_and_is_idempotent(url: str) -> None:
    try:
        once = normalize_url(url)
    except InvalidURL:
        return
    assert normalize_url(once) == once


# --- passwords never shown (issue 14 point 9) ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("https://reader:s3cret@feeds.example.org/rss", "https://reader:***@feeds.example.org/rss"),
        (
            "https://reader:s3cret@feeds.example.org:8443/rss",
            "https://reader:***@feeds.example.org:8443/rss",
        ),
        ("http://reader:s3cret@[::1]:8080/feed", "http://reader:***@[::1]:8080/feed"),
        ("https://reader:@feeds.example.org/", "https://reader:***@feeds.example.org/"),
        # A raw ':' or '@' in the password: masked up to the last '@' before the host.
        ("https://reader:s3:cr3t@feeds.example.org/a", "https://reader:***@feeds.example.org/a"),
        ("https://reader:s3@cr@t@feeds.example.org/a", "https://reader:***@feeds.example.org/a"),
        ("https://reader:s3cr%40t@feeds.example.org/a", "https://reader:***@feeds.example.org/a"),
        # In messages: every URL of it, the redirect target and robots.txt included.
        (
            "https://u:s3cret@a.example/feed (redirected to http://v:s3cret@b.example/x): "
            "connection failed",
            "https://u:***@a.example/feed (redirected to http://v:***@b.example/x): "
            "connection failed",
        ),
        (
            "'https://u:s3cret@a.example/x': missing host",
            "'https://u:***@a.example/x': missing host",
        ),
        (
            "https://a.example/login?next=https://u:s3cret@b.example/",
            "https://a.example/login?next=https://u:***@b.example/",
        ),
        # Not a URL SQLAlchemy or urllib can parse: no '://', a port that is not a number.
        ("postgresql+psycopg:u:s3cret@127.0.0.1/x", "postgresql+psycopg:***@127.0.0.1/x"),
        (
            "postgresql+psycopg://u:s3cret@127.0.0.1:abc/x",
            "postgresql+psycopg://u:***@127.0.0.1:abc/x",
        ),
        # Nothing to mask: unchanged.
        ("https://reader@feeds.example.org/rss", "https://reader@feeds.example.org/rss"),
        ("mailto:someone@example.com", "mailto:someone@example.com"),
        ("https://medium.example/@alice/post", "https://medium.example/@alice/post"),
        ("https://feeds.example.org:8443/rss?a=b", "https://feeds.example.org:8443/rss?a=b"),
        ("sqlite:////var/lib/claimledger/ledger.db", "sqlite:////var/lib/claimledger/ledger.db"),
    ],
)
def test_redact_url_masks_every_password(text: str, shown: str) -> None:
    assert redact_url(text) == shown
    assert redact_url(shown) == shown  # masking twice changes nothing
    assert "s3c" not in redact_url(text)


def test_invalid_url_messages_mask_the_password() -> None:
    with pytest.raises(InvalidURL) as invalid:
        normalize_url("https://reader:s3cret@bad host.example/rss")

    assert "s3cret" not in str(invalid.value) and "reader:***@" in str(invalid.value)
