"""Hostile inputs to the parsers and the settings, loaded from bytes rather than served."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from claimledger.settings import SettingsError, load_settings
from extractors.page_kind import blocked_page_reason
from intake.feeds import MAX_FEED_ENTRIES, parse_feed
from tests.hostile.cases import (
    CLOUDFLARE_CHALLENGE,
    CONSENT_WALL,
    LONG_ARTICLE_WITH_PAYWALL_FOOTER,
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


def test_allowed_networks_from_toml_list_and_comma_separated_env(tmp_path: Path) -> None:
    config = tmp_path / "claimledger.toml"
    config.write_text('[http]\nallowed_networks = ["10.0.0.0/8", "fd00::/8"]\n')

    from_file = load_settings(config, environ={})
    from_env = load_settings(
        config, environ={"CLAIMLEDGER_HTTP_ALLOWED_NETWORKS": "192.168.0.0/16, 127.0.0.1"}
    )

    assert from_file.fetch_policy().allowed_networks == ("10.0.0.0/8", "fd00::/8")
    assert from_env.http_allowed_networks == ("192.168.0.0/16", "127.0.0.1")
    assert load_settings(None, environ={}).http_allowed_networks == ()


def test_invalid_allowed_network_is_a_settings_error(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="'http_allowed_networks': 'intranet' is not an IP"):
        load_settings(None, environ={"CLAIMLEDGER_HTTP_ALLOWED_NETWORKS": "intranet"})
