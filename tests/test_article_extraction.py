"""extract_article on the bundled example pages and on small hand-written HTML."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors.article import (
    ARTICLE_EXTRACTOR_NAME,
    ARTICLE_EXTRACTOR_VERSION,
    ExtractedArticle,
    ExtractionError,
    extract_article,
    looks_like_html,
)
from extractors.normalize import text_fingerprint

ARTICLES = Path(__file__).resolve().parent.parent / "examples" / "articles"
BOILERPLATE = ("Subscribe", "Morning Brief", "More on this story", "Corrections policy", "Share")

PARAGRAPHS = (
    "<p>Shelling hit the northern districts of the city overnight, residents said, and at "
    "least nine people were killed in their homes.</p>\n"
    "<p>The provincial health director told reporters that hospitals were treating more than "
    "forty wounded, many of them women and children.</p>\n"
    "<p>The army said it had targeted positions used by armed groups and denied that any "
    "civilians had been harmed in the operation.</p>\n"
)


def html_page(head: str = "", body: str = PARAGRAPHS, html_attributes: str = "") -> str:
    return (
        f"<!DOCTYPE html>\n<html{html_attributes}><head><title>Night of shelling</title>{head}"
        f"</head><body><article><h1>Night of shelling</h1>\n{body}</article></body></html>"
    )


def extract_example(name: str) -> ExtractedArticle:
    path = ARTICLES / name
    return extract_article(path.read_bytes(), url=path.as_uri(), content_type="text/html")


@pytest.mark.parametrize(
    ("name", "title", "author", "published", "key_sentence"),
    [
        (
            "tal-haddar-market-strike.html",
            "Air strike on Tal Haddar market kills at least 23 civilians, monitors say",
            "Mira Okafor",
            datetime(2024, 3, 4, 9, 15, tzinfo=UTC),
            "killed at least 23 civilians, including seven children, a monitoring group said",
        ),
        (
            "harbour-toll.html",
            "Shelling of Port Selvan harbour kills 16, officials say",
            "Daniel Ferreira",
            datetime(2024, 3, 5, 8, 40, tzinfo=UTC),
            "At least 16 people were killed and dozens wounded",
        ),
        (
            "amren-valley-displacement.html",
            "Thousands flee Amren valley as fighting spreads, UN agency says",
            "Leila Nasser",
            datetime(2024, 3, 7, 12, 5, tzinfo=UTC),  # page says 14:05+02:00
            "More than 12,000 people have fled villages in the Amren valley",
        ),
        (
            "ceasefire-talks-stall.html",
            "Ceasefire talks stall over prisoner lists, mediators say",
            "Tomas Lindqvist",
            datetime(2024, 3, 8, 17, 30, tzinfo=UTC),
            "state television reportedly put the number of dead fighters at 40",
        ),
    ],
)
def test_example_pages(
    name: str, title: str, author: str, published: datetime, key_sentence: str
) -> None:
    article = extract_example(name)

    assert article.title == title
    assert article.authors == (author,)
    assert article.published == published
    assert article.published is not None and article.published.utcoffset() is not None
    assert article.language == "en"
    slug = name.removesuffix(".html")
    assert article.canonical_url == f"https://news.example.org/world/{slug}" or name.startswith(
        "harbour"
    )
    assert key_sentence in article.text
    for chrome in BOILERPLATE:
        assert chrome not in article.text
    assert article.extractor_name == ARTICLE_EXTRACTOR_NAME == "trafilatura"
    assert article.extractor_version == ARTICLE_EXTRACTOR_VERSION


def test_every_example_page_extracts() -> None:
    pages = sorted(ARTICLES.glob("*.html"))
    assert len(pages) == 5
    for page in pages:
        assert extract_example(page.name).text


def test_the_two_harbour_versions_are_one_article_with_an_edit() -> None:
    first = extract_example("harbour-toll.html")
    updated = extract_example("harbour-toll-updated.html")

    canonical = "https://news.example.org/world/port-selvan-harbour-shelling"
    assert first.canonical_url == updated.canonical_url == canonical
    assert first.published == updated.published
    assert first.modified is None
    assert updated.modified == datetime(2024, 3, 6, 7, 25, tzinfo=UTC)
    assert text_fingerprint(first.text) != text_fingerprint(updated.text)
    assert "At least 18 people were killed" in updated.text
    assert "Updated:" in updated.text and "Correction:" in updated.text
    assert "18" not in first.text


def test_extraction_is_pure_across_repeated_calls() -> None:
    """Re-fetching one page must never make it look like a duplicate or a different text."""
    results = {extract_example("harbour-toll.html") for _ in range(5)}
    assert len(results) == 1


def test_string_input_gives_the_same_result_as_bytes() -> None:
    path = ARTICLES / "tal-haddar-market-strike.html"
    from_text = extract_article(path.read_text(encoding="utf-8"), url=path.as_uri())
    assert from_text == extract_example("tal-haddar-market-strike.html")


def test_metadata_from_json_ld_and_itemprop() -> None:
    head = (
        '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": ['
        '{"@type": "WebSite", "datePublished": "2001-01-01"},'
        '{"@type": "NewsArticle", "datePublished": "2024-05-02T06:00:00-04:00",'
        ' "inLanguage": "pt-BR", "author": {"@type": "Person", "name": "Ana Souza"}}]}'
        "</script>"
    )
    body = (
        PARAGRAPHS
        + '<p>Updated <time itemprop="dateModified" datetime="2024-05-03">May 3</time></p>'
    )
    article = extract_article(html_page(head, body), url="https://example.net/a/1")

    assert article.published == datetime(2024, 5, 2, 10, 0, tzinfo=UTC)
    assert article.modified == datetime(2024, 5, 3, 0, 0, tzinfo=UTC)  # a bare date: midnight UTC
    assert article.language == "pt"
    assert article.authors == ("Ana Souza",)


def test_relative_canonical_is_resolved_against_the_page_url() -> None:
    head = '<link rel="canonical" href="/world/night-of-shelling">'
    article = extract_article(html_page(head), url="https://example.net/amp/night?ref=feed")
    assert article.canonical_url == "https://example.net/world/night-of-shelling"


def test_og_url_is_the_fallback_canonical_and_a_relative_one_needs_a_url() -> None:
    head = '<meta property="og:url" content="https://example.net/story/7">'
    assert extract_article(html_page(head)).canonical_url == "https://example.net/story/7"
    relative = '<link rel="canonical" href="/story/7">'
    assert extract_article(html_page(relative)).canonical_url is None


@pytest.mark.parametrize(
    ("html_attributes", "head", "language"),
    [
        (' lang="en-US"', "", "en"),
        (' lang="AR"', "", "ar"),
        ("", '<meta property="og:locale" content="fr_FR">', "fr"),
        ("", "", None),
    ],
)
def test_language_is_normalized(html_attributes: str, head: str, language: str | None) -> None:
    article = extract_article(html_page(head, html_attributes=html_attributes))
    assert article.language == language


def test_placeholder_dates_are_ignored() -> None:
    head = '<meta property="article:published_time" content="0001-01-01T00:00:00Z">'
    assert extract_article(html_page(head)).published != datetime(1, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n", "application/pdf"),
        (b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n", "text/html"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "text/html"),
        (b'{"headline": "<p>not a page</p>"}', "application/json"),
        (b"Just a plain line of text with no markup at all.", None),
        (b"<html>" + b"\x00" * 64, None),
        (b"", "text/html"),
    ],
    ids=["pdf", "pdf-labelled-html", "png-labelled-html", "json", "plain-text", "nul", "empty"],
)
def test_non_html_raises_not_html(content: bytes, content_type: str | None) -> None:
    with pytest.raises(ExtractionError) as raised:
        extract_article(content, url="https://example.net/file", content_type=content_type)
    assert raised.value.reason == "not_html"
    assert "https://example.net/file" in str(raised.value)


@pytest.mark.parametrize(
    ("content", "content_type", "expected"),
    [
        (b"<!DOCTYPE html><html><body></body></html>", None, True),
        (b"\n  <p>A fragment served without a type</p>", None, True),
        (b"<html><body>mislabelled</body></html>", "application/octet-stream", True),
        (b"<html><body>mislabelled</body></html>", "text/plain; charset=utf-8", True),
        (b"no markup here", "text/html; charset=utf-8", True),
        (b"<html><body>x</body></html>", "image/png", False),
        (b'<?xml version="1.0"?><rss><channel><p>', "application/rss+xml", False),
        (b"<html>\x00\x00</html>", "text/html", False),
        (b"<html><body><p>One stray\x00 NUL byte in a page</p></body></html>", None, True),
        (b"\xff\xfe" + "<html><body>wide</body></html>".encode("utf-16-le"), None, True),
        (b"\xff\xfe" + bytes(300), "text/html", False),
        (b"   ", "text/html", False),
    ],
)
def test_looks_like_html(content: bytes, content_type: str | None, expected: bool) -> None:
    assert looks_like_html(content, content_type) is expected


@pytest.mark.parametrize(
    "page",
    [
        html_page(body=""),
        '<!DOCTYPE html><html><head><title>App</title><script>window.boot({"x": 1})</script>'
        '</head><body><div id="root"></div><noscript></noscript>'
        '<script src="/static/app.js"></script></body></html>',
        "<html><head><title>Live</title></head><body><p>More soon.</p></body></html>",
    ],
    ids=["empty-body", "javascript-shell", "too-short"],
)
def test_page_without_article_text_raises_no_text(page: str) -> None:
    with pytest.raises(ExtractionError) as raised:
        extract_article(page.encode(), url="https://example.net/live", content_type="text/html")
    assert raised.value.reason == "no_text"


LATIN_TEXT = (
    "<p>Le ministère de la Défense a démenti les chiffres publiés jeudi par l'Observatoire, "
    "selon lequel au moins douze civils ont été tués à Saint-Étienne-du-Cap.</p>\n"
    "<p>« Ces affirmations sont fausses », a déclaré le porte-parole à la presse, "
    "ajoutant que l'enquête était en cours depuis l'été.</p>\n"
)


@pytest.mark.parametrize(
    ("head", "content_type"),
    [
        ('<meta charset="iso-8859-1">', None),
        ('<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">', None),
        ("", "text/html; charset=latin-1"),
    ],
    ids=["meta-charset", "http-equiv", "header"],
)
def test_latin1_bytes_decode_by_declared_charset(head: str, content_type: str | None) -> None:
    page = html_page(head, LATIN_TEXT, ' lang="fr"').encode("latin-1")
    article = extract_article(page, url="https://example.fr/a", content_type=content_type)
    assert "Le ministère de la Défense a démenti" in article.text
    assert "Saint-Étienne-du-Cap" in article.text
    assert "\ufffd" not in article.text


def test_utf8_bytes_win_over_a_stale_latin1_declaration() -> None:
    page = html_page('<meta charset="iso-8859-1">', LATIN_TEXT).encode("utf-8")
    assert "Le ministère de la Défense" in extract_article(page).text


def test_utf8_byte_order_mark_is_honoured() -> None:
    page = b"\xef\xbb\xbf" + html_page(body=LATIN_TEXT).encode("utf-8")
    assert "Le ministère de la Défense" in extract_article(page).text


def test_a_stray_invalid_byte_does_not_turn_a_utf8_page_into_mojibake() -> None:
    page = html_page('<meta charset="utf-8">', LATIN_TEXT).encode("utf-8")
    page = page.replace("l'été".encode(), b"l'\xe9t\xe9")  # two Latin-1 bytes
    text = extract_article(page).text
    assert "Le ministère de la Défense a démenti" in text
    assert "Ã" not in text


def test_a_nul_byte_is_left_out_of_an_article() -> None:
    page = html_page('<meta charset="utf-8">').encode().replace(b"helling", b"hel\x00ling")

    article = extract_article(page, url="https://example.net/nul", content_type="text/html")

    assert "Shelling hit" in article.text and "\x00" not in article.text
    assert article.title == "Night of shelling"


def test_a_utf16_page_with_its_byte_order_mark_is_read() -> None:
    page = "\ufeff" + html_page(body=LATIN_TEXT)

    for codec in ("utf-16-le", "utf-16-be"):
        article = extract_article(page.encode(codec), url="https://example.fr/a")
        assert "Le ministère de la Défense a démenti" in article.text


# Short pages in legacy encodings, no charset named anywhere (written for these tests). The
# first is one that charset-normalizer took for Hebrew (windows-1255).
LEGACY_PAGES = [
    ("cp1251", "Президент подписал указ.", "Спасатели нашли двоих пропавших туристов."),
    ("cp1251", "Пожар потушен утром.", "Объезд организован по соседней улице."),
    ("koi8_r", "Мэр заявил, что дороги откроют завтра.", "Школы закрыты до понедельника."),
    ("cp1250", "Burmistrz zapowiedział otwarcie drogi.", "Trzy osoby zostały ranne w wypadku."),
    ("cp1252", "El alcalde anunció que la carretera se abrirá mañana.", "Tres personas heridas."),
    ("cp1253", "Ανακοίνωσαν ότι η γέφυρα θα ανοίξει αύριο.", "Τρεις άνθρωποι τραυματίστηκαν."),
    ("cp1255", "ראש העירייה הודיע כי הכביש ייפתח מחר.", "המשטרה עצרה שני חשודים."),
]


@pytest.mark.parametrize(("codec", "first", "second"), LEGACY_PAGES)
def test_a_short_page_without_a_charset_is_decoded_by_detection(
    codec: str, first: str, second: str
) -> None:
    page = (
        f"<html><head><title>{first}</title></head><body><h1>{first}</h1><p>{first}</p>"
        f"<p>{second}</p></body></html>"
    )
    text = extract_article(page.encode(codec), url="http://127.0.0.1/a", content_type="text/html")

    assert second in text.text


def test_a_legacy_page_in_a_large_ascii_page_is_not_read_as_broken_utf8() -> None:
    script = "<script>" + "var settings = {autoplay: false, ads: []};\n" * 400 + "</script>"
    page = f"<html><head>{script}</head><body><p>{LEGACY_PAGES[1][1]} {LEGACY_PAGES[1][2]}</p>"
    text = extract_article(f"{page}</body></html>".encode("cp1251"), content_type="text/html")

    assert LEGACY_PAGES[1][2] in text.text


def test_undecodable_bytes_raise_bad_encoding() -> None:
    generator = random.Random(2)
    words = [
        bytes(generator.randrange(0x80, 0x100) for _ in range(generator.randrange(3, 9)))
        for _ in range(300)
    ]
    paragraph = b"<p>" + b" ".join(words) + b"</p>"
    page = b'<html><head><meta charset="utf-8"></head><body>' + paragraph * 2 + b"</body></html>"
    with pytest.raises(ExtractionError) as raised:
        extract_article(page, url="https://example.net/broken")
    assert raised.value.reason == "bad_encoding"


def test_garbage_bytes_do_not_crash() -> None:
    generator = random.Random(20240304)
    for _ in range(20):
        noise = bytes(generator.randrange(1, 256) for _ in range(3000))
        for content in (noise, b"<html><body><p>" + noise + b"</p></body></html>"):
            try:
                extract_article(content, url="https://example.net/noise")
            except ExtractionError as error:
                assert error.reason in {"not_html", "no_text", "bad_encoding"}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    prefix=st.sampled_from([b"", b"<!DOCTYPE html><html><body><p>", b"<p>"]),
    payload=st.binary(max_size=2000),
    content_type=st.sampled_from([None, "text/html", "text/html; charset=utf-16", "text/plain"]),
)
def test_arbitrary_bytes_only_ever_raise_extraction_error(
    prefix: bytes, payload: bytes, content_type: str | None
) -> None:
    try:
        article = extract_article(prefix + payload, content_type=content_type)
    except ExtractionError:
        return
    assert article.text.strip()


@pytest.mark.parametrize(
    ("head", "url", "title"),
    [
        # The og:site_name, at the end after an en dash.
        (
            "<title>Power cut in Kherson \N{EN DASH} Harbour Times</title>"
            '<meta property="og:title" content="Power cut in Kherson \N{EN DASH} Harbour Times">'
            '<meta property="og:site_name" content="Harbour Times">',
            None,
            "Power cut in Kherson",
        ),
        # The host name of the page's URL, after a bar; a bar inside the headline stays.
        (
            "<title>Floods | What we know | Albawaba</title>",
            "https://www.albawaba.com/news/floods-1",
            "Floods | What we know",
        ),
        # The site's name first.
        (
            '<title>Harbour Times | Power cut in Kherson</title><meta name="application-name" '
            'content="Harbour Times">',
            None,
            "Power cut in Kherson",
        ),
        # No site name known: nothing is cut.
        ("<title>Power cut - Kherson</title>", None, "Power cut - Kherson"),
    ],
)
def test_site_name_is_cut_from_a_title_without_an_agreeing_h1(
    head: str, url: str | None, title: str
) -> None:
    page = f"<html><head>{head}</head><body><article>{PARAGRAPHS}</article></body></html>"
    assert extract_article(page, url=url).title == title


def test_the_h1_that_agrees_with_an_seo_title_is_the_headline() -> None:
    """The <title> and og:title reword the headline for search; the reader sees the <h1>.
    The site's logo in an earlier <h1> is not taken, though it agrees with the site suffix."""
    page = (
        "<!DOCTYPE html><html><head><title>Kherson power cut: what we know - Harbour Times"
        '</title><meta property="og:title" content="Kherson blackout leaves thousands cold">'
        "</head><body><header><h1>Harbour Times</h1></header><article>"
        "<h1>Power cut in Kherson leaves thousands without heat, what we know</h1>"
        f"{PARAGRAPHS}</article></body></html>"
    )
    article = extract_article(page, url="https://harbourtimes.example/kherson")
    assert article.title == "Power cut in Kherson leaves thousands without heat, what we know"


def test_an_h1_that_is_another_story_is_not_the_headline() -> None:
    page = (
        "<!DOCTYPE html><html><head><title>Power cut in Kherson - Digg</title></head><body>"
        "<aside><h1>Why the reindeer fight back</h1></aside>"
        f"<article>{PARAGRAPHS}</article></body></html>"
    )
    assert extract_article(page, url="https://digg.com/2019/x").title == "Power cut in Kherson"
