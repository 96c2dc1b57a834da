"""Hostile inputs to the parsers and the settings, loaded from bytes rather than served."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from claimledger.errors import ConfigurationError
from claimledger.settings import load_settings
from extractors.article import ExtractionError, extract_article
from extractors.page_kind import blocked_page_reason
from intake.feeds import MAX_FEED_ENTRIES, parse_feed
from intake.http import FetchPolicy
from tests.hostile.cases import (
    BRIEF_ABOUT_COOKIE_BANNERS,
    BRIEF_ABOUT_GEOBLOCKING,
    CLOUDFLARE_CHALLENGE,
    CONSENT_WALL,
    COOKIE_WALL_DE,
    COOKIE_WALL_EN,
    COOKIE_WALL_FR,
    LONG_ARTICLE_WITH_PAYWALL_FOOTER,
    PUBLISHER_CONSENT_EN,
    REGION_WALL_DE,
    REGION_WALL_EN,
    REGION_WALL_ES,
    REGION_WALL_FR,
    SEARCH_CONSENT_DE,
    SEARCH_CONSENT_EN,
    SEARCH_CONSENT_ES,
    SEARCH_CONSENT_FR,
    SHORT_BRIEF_ABOUT_CAPTCHAS,
    billion_laughs,
    external_entity,
    hundred_thousand_items,
)

LINK = "https://news.example.org/story"


def test_billion_laughs_feed_is_not_expanded() -> None:
    feed = parse_feed(billion_laughs(LINK), "https://news.example.org/feed")

    assert [entry.url for entry in feed.entries] == [LINK]
    assert len(feed.title or "") < 100 and "lollol" not in (feed.entries[0].title or "")


def test_external_entity_feed_does_not_read_local_files() -> None:
    feed = parse_feed(external_entity(LINK), "https://news.example.org/feed")

    assert [entry.url for entry in feed.entries] == [LINK]
    assert "root:" not in f"{feed.title}{feed.entries[0].title}"


def test_feed_of_100k_items_is_read_up_to_the_entry_cap_quickly() -> None:
    started = time.monotonic()
    feed = parse_feed(hundred_thousand_items(), "http://127.0.0.1:8000/feed.xml")

    assert len(feed.entries) == MAX_FEED_ENTRIES
    assert feed.entries[0].url == "http://127.0.0.1:8000/many/0"
    assert time.monotonic() - started < 10


@pytest.mark.parametrize(
    ("page", "text", "reason"),
    [
        (CLOUDFLARE_CHALLENGE, "", "bot wall"),
        (CONSENT_WALL, "", "consent wall"),
        (LONG_ARTICLE_WITH_PAYWALL_FOOTER, "Subscribe to continue reading. " + "x " * 1000, None),
        (SHORT_BRIEF_ABOUT_CAPTCHAS, "Access denied to captcha-solving farm. Police said.", None),
        (b"", "", None),
        (b"\xff\xfe\x00<\x00h", "", None),
    ],
)
def test_blocked_page_reason(page: bytes, text: str, reason: str | None) -> None:
    found = blocked_page_reason(page, text)

    assert (found or "").startswith(reason or "") and (found is None) == (reason is None)


WALLS = {
    "search-consent-en": (SEARCH_CONSENT_EN, "consent wall"),
    "search-consent-de": (SEARCH_CONSENT_DE, "consent wall"),
    "search-consent-fr": (SEARCH_CONSENT_FR, "consent wall"),
    "search-consent-es": (SEARCH_CONSENT_ES, "consent wall"),
    "publisher-consent-en": (PUBLISHER_CONSENT_EN, "consent wall"),
    "cookie-wall-en": (COOKIE_WALL_EN, "cookie wall"),
    "cookie-wall-de": (COOKIE_WALL_DE, "cookie wall"),
    "cookie-wall-fr": (COOKIE_WALL_FR, "cookie wall"),
    "region-wall-en": (REGION_WALL_EN, "region wall"),
    "region-wall-de": (REGION_WALL_DE, "region wall"),
    "region-wall-fr": (REGION_WALL_FR, "region wall"),
    "region-wall-es": (REGION_WALL_ES, "region wall"),
    "brief-about-cookie-banners": (BRIEF_ABOUT_COOKIE_BANNERS, None),
    "brief-about-geoblocking": (BRIEF_ABOUT_GEOBLOCKING, None),
}


@pytest.mark.parametrize(("page", "kind"), WALLS.values(), ids=WALLS.keys())
def test_consent_cookie_and_region_walls_must_dominate_the_page(
    page: bytes, kind: str | None
) -> None:
    """As ingest asks: with the extractor's text, or with none when it found no article."""
    try:
        text = extract_article(page, "https://news.example.org/a", "text/html").text
    except ExtractionError:
        text = ""

    found = blocked_page_reason(page, text)

    assert (found or "").startswith(kind or "") and (found is None) == (kind is None), found


def test_a_short_article_quoting_a_wall_in_its_lead_is_still_an_article() -> None:
    """Half of this brief quotes consent buttons, in two phrases: not enough to be the wall."""
    text = (
        "Regulator orders publishers to show Reject all beside Accept all cookies.\n"
        "The authority said three publishers had hidden the refusal behind two further screens "
        "and gave them two months to comply, or face fines of up to 50,000 euros a day."
    )

    assert blocked_page_reason(b"<html><body></body></html>", text) is None


def test_allowed_networks_from_toml_list_and_comma_separated_env(tmp_path: Path) -> None:
    config = tmp_path / "claimledger.toml"
    config.write_text('[http]\nallowed_networks = ["10.0.0.0/8", "fd00::/8"]\n')

    from_file = load_settings(config, environ={})
    from_env = load_settings(
        config, environ={"CLAIMLEDGER_HTTP_ALLOWED_NETWORKS": "192.168.0.0/16, 127.0.0.1"}
    )

    assert from_file.http.allowed_networks == ("10.0.0.0/8", "fd00::/8")
    assert from_env.http.allowed_networks == ("192.168.0.0/16", "127.0.0.1")
    assert load_settings(None, environ={}).http.allowed_networks == ()


def test_invalid_allowed_network_is_a_settings_error(tmp_path: Path) -> None:
    with pytest.raises(
        ConfigurationError, match="'http_allowed_networks': 'intranet' is not an IP"
    ):
        load_settings(None, environ={"CLAIMLEDGER_HTTP_ALLOWED_NETWORKS": "intranet"})


def test_the_http_section_and_variables_set_the_nested_fetch_policy(tmp_path: Path) -> None:
    """`[http]` keys and CLAIMLEDGER_HTTP_* set `settings.http`, the fetcher's own policy;
    what neither sets keeps the policy's default."""
    config = tmp_path / "claimledger.toml"
    config.write_text('[http]\nread_timeout = 7.5\nuser_agent = "bot/1"\nrespect_robots = false\n')

    settings = load_settings(
        config, environ={"CLAIMLEDGER_HTTP_MAX_BYTES": "2048", "CLAIMLEDGER_HTTP_READ_TIMEOUT": "9"}
    )

    assert settings.http == FetchPolicy(
        read_timeout=9.0, user_agent="bot/1", respect_robots=False, max_bytes=2048
    )
    config.write_text("[http]\nrobots_ttl = 1\n")
    with pytest.raises(ConfigurationError, match=r"unknown setting\(s\): 'http\.robots_ttl'"):
        load_settings(config, environ={})
