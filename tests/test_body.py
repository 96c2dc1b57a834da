"""Body text: which extraction is believed (structured data, second opinions) and the furniture
lines dropped. Pages written for these tests."""

from __future__ import annotations

import json
import re
import tomllib
from importlib.resources import files

import lxml.html
import pytest

from extractors.article import extract_article
from extractors.body import (
    MAX_FURNITURE_LINE_CHARS,
    block_text,
    clean_body,
    declared_body_text,
    is_furniture,
    missing_paragraph_chars,
    prefer_fuller,
    structured_body,
)

PARAGRAPHS = [
    "Air strikes hit the market in Tal Haddar on Monday morning, killing at least 23 civilians, "
    "including seven children, a monitoring group said.",
    "The market was crowded with families buying food before the holiday, residents told "
    "reporters, and several stalls caught fire after the first strike.",
    "Rescue workers pulled survivors from the rubble for hours, and the main hospital in the "
    "town said it had received more than 60 wounded people by the evening.",
    "The defence ministry said its aircraft had targeted a weapons depot used by armed groups "
    "and denied that any civilians had been harmed in the operation.",
    "Local officials said the nearest depot was several kilometres away and called for an "
    "independent investigation into the strikes.",
    "Aid agencies said the attack would make it harder to bring food into the area, where "
    "prices have tripled since the start of the year.",
    "The United Nations envoy for the region said he was appalled by the reports and urged all "
    "sides to respect international humanitarian law.",
    "A second strike on the outskirts of the town later on Monday damaged a school, but no one "
    "was hurt there, the monitoring group said.",
]
HEADLINE = "Air strike on Tal Haddar market kills at least 23 civilians"


def page(
    paragraphs: list[str] = PARAGRAPHS,
    *,
    article_body: str | None = None,
    extra: str = "",
    after: str = "",
) -> bytes:
    """A news page: headline, the paragraphs in an <article>, ``extra`` HTML inside the article
    after them, ``after`` HTML after it, and a NewsArticle JSON-LD block with ``article_body``."""
    structured = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": HEADLINE}
    if article_body is not None:
        structured["articleBody"] = article_body
    body = "\n".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{HEADLINE} | Example News</title>"
        f"<script type='application/ld+json'>{json.dumps(structured)}</script></head>"
        f"<body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav><main><article>"
        f"<h1>{HEADLINE}</h1>\n{body}\n{extra}</article>{after}</main>"
        "<footer><p>Example News, 1 Example Street</p></footer></body></html>"
    ).encode()


def extract(content: bytes) -> str:
    return extract_article(content, url="https://news.example.com/world/tal-haddar").text


# --- structured data -----------------------------------------------------------------------------


def test_a_json_ld_body_that_disagrees_with_the_visible_text_is_not_trusted() -> None:
    # A stale version of the story in the page's JSON-LD: another toll, another account.
    stale = "\n\n".join(
        [
            "Air strikes hit the market in Tal Haddar on Monday, killing 40 people, officials in "
            "the provincial capital said in a first statement.",
            "The ministry said the market had been used to store rockets and that its pilots had "
            "warned residents to leave the area an hour before the strike.",
            "Officials did not say how many of the dead were fighters.",
        ]
        * 3
    )

    text = extract(page(article_body=stale))

    assert "killing at least 23 civilians, including seven children" in text
    assert "killing 40 people" not in text
    assert "warned residents to leave" not in text
    assert text.splitlines() == [HEADLINE, *PARAGRAPHS]


def test_a_truncated_json_ld_body_is_not_trusted() -> None:
    teaser = " ".join(PARAGRAPHS[:2])  # what some sites declare: the first paragraphs only

    text = extract(page(article_body=teaser))

    assert text.splitlines() == [HEADLINE, *PARAGRAPHS]


def test_a_json_ld_body_that_agrees_with_the_visible_text_is_used() -> None:
    # The visible article ends with an author note the publisher's own body leaves out.
    note = "<p>Mira Okafor reports on the region for Example News from Beirut.</p>"
    declared = "\n\n".join(PARAGRAPHS)

    visible_only = extract(page(extra=note))
    text = extract(page(article_body=declared, extra=note))

    assert "Mira Okafor reports on the region" in visible_only
    assert text.splitlines() == [HEADLINE, *PARAGRAPHS]


def test_a_declared_body_is_read_as_text() -> None:
    assert declared_body_text("Prices&nbsp;rose.\r\n\r\n  Wages   did not.  ") == (
        "Prices rose.\nWages did not."
    )
    assert declared_body_text("<p>Prices rose.</p><p>Wages <b>did not</b>.</p>") == (
        "Prices rose.\nWages did not."
    )


def test_a_declared_body_not_visible_on_the_page_is_ignored() -> None:
    tree = lxml.html.document_fromstring(page())
    hidden = "\n".join(
        f"Paragraph {number} of a story this page does not show." for number in range(9)
    )
    visible = "\n".join(PARAGRAPHS)

    assert structured_body([hidden], tree, visible) is None
    unseen = [
        f"Paragraph {number} of what the page does not show, in many words." for number in range(4)
    ]
    assert structured_body(["\n".join([*PARAGRAPHS, *unseen])], tree, visible) is None
    assert structured_body(["\n\n".join(PARAGRAPHS)], tree, visible) == "\n".join(PARAGRAPHS)
    # In one paragraph and no longer than the extraction: the extraction keeps its paragraphs.
    assert structured_body([" ".join(PARAGRAPHS)], tree, visible) is None


# --- furniture -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Related",
        "RELATED STORIES",
        "Read more: China confirms two cases of plague in Beijing",
        "READ MORE:",
        "Don't miss",
        "You may also like...",
        "Most read in world news",
        "Share this article",
        "12 comments",
        "Advertisement",
        "Story continues below advertisement",
        "Follow Newsbeat on Instagram, Facebook, Twitter and YouTube.",
        "Follow us on Twitter @examplenews",
        "Sign up for our daily briefing",
        "Subscribe to the Morning Review newsletter",
        "Get the day's top headlines delivered to your inbox every morning.",
        "Morning Briefing Newsletter",
        "Photo: Reuters",
        "Photos © Example Agency, 2018",
        "(Photo by Jane Doe/Getty Images)",
        "Copyright © 2019 Example News. All rights reserved.",
        "Reporting by Jane Doe; Editing by John Roe",
        "Tags: Syria, air strikes",
        "Filed under: World",
        "Reading time: 3 minutes",
        "Tempo de leitura: 1 minuto",
        "Leia também: Governo anuncia novo pacote",
        "Lesen Sie auch",
        "Source: Example News",
    ],
)
def test_furniture_lines_are_recognised(line: str) -> None:
    assert is_furniture(line)


@pytest.mark.parametrize(
    "line",
    [
        "More than 100 people were killed in the fighting, the ministry said.",
        "Photo ID laws were struck down by the court in 2016.",
        "Related charges were dropped.",
        "The sources said the talks would resume on Monday.",
        "Sharing a border with three countries, the town has long been a trading post.",
        "Follow The New York Times Opinion section on Twitter",  # six words: not the phrase
        "The company's newsletter, sent to 40,000 subscribers, called the claim false, and the "
        "regulator opened an inquiry after readers complained about the misleading figures it "
        "published in March, according to documents seen by the paper; the company denied "
        "wrongdoing and said it would cooperate with the inquiry.",
    ],
)
def test_article_sentences_are_not_furniture(line: str) -> None:
    assert not is_furniture(line)


def test_a_wall_s_wording_is_never_furniture() -> None:
    # The page-kind check (extractors/page_kind.py) looks for it in the text.
    assert is_furniture("Subscribe to our newsletter")
    assert not is_furniture("Subscribe to continue reading. Already a subscriber? Log in.")
    assert not is_furniture("Read more: you have read all your free articles this month")


def test_a_long_line_is_never_furniture() -> None:
    line = "Read more " + "words " * MAX_FURNITURE_LINE_CHARS
    assert len(line) > MAX_FURNITURE_LINE_CHARS
    assert not is_furniture(line)


def test_every_lexicon_phrase_is_recognised_on_its_own() -> None:
    lexicon = tomllib.loads(
        files("extractors.lexicons").joinpath("boilerplate.toml").read_text(encoding="utf-8")
    )
    assert set(lexicon) == {"labels", "openers", "phrases"}
    for kind, phrases in lexicon.items():
        assert len(phrases) == len(set(phrases)), kind
        for phrase in phrases:
            assert is_furniture(phrase.replace("*", "Example")), (kind, phrase)


def test_clean_body_drops_furniture_and_the_headline_once() -> None:
    text = "\n".join(
        [
            HEADLINE,
            PARAGRAPHS[0],
            "Read more: Strikes resume in the north",
            HEADLINE,
            PARAGRAPHS[1],
            "Share this article",
        ]
    )

    cleaned = clean_body(text, [HEADLINE, None])

    assert cleaned.splitlines() == [PARAGRAPHS[0], HEADLINE, PARAGRAPHS[1]]


def test_furniture_is_dropped_from_a_page() -> None:
    extra = (
        "<p>Read more: Strikes resume in the north</p>"
        "<p>Follow us on Twitter and Facebook</p>"
        "<p>Photo: Example Agency</p>"
    )

    text = extract(page(extra=extra))

    assert text.splitlines() == [HEADLINE, *PARAGRAPHS]


# --- second opinions -----------------------------------------------------------------------------


def test_missing_paragraph_chars_counts_long_paragraphs_left_out() -> None:
    tree = lxml.html.document_fromstring(page())
    some = "\n".join(PARAGRAPHS[:3])

    missing = missing_paragraph_chars(tree, some, min_chars=100)

    assert missing == sum(len(" ".join(re.findall(r"\w+", p))) for p in PARAGRAPHS[3:])
    assert missing_paragraph_chars(tree, "\n".join(PARAGRAPHS), min_chars=100) == 0


def test_prefer_fuller_takes_a_fuller_text_only_if_it_holds_the_first() -> None:
    part = "\n".join(PARAGRAPHS[:3])
    whole = "\n".join(PARAGRAPHS)
    elsewhere = "\n".join(f"Another story, paragraph {n}, about something else." for n in range(40))

    assert prefer_fuller(part, [whole]) == whole
    assert prefer_fuller(part, [elsewhere]) == part  # longer, but not the same article
    assert prefer_fuller(whole, ["\n".join([*PARAGRAPHS, "Share"])]) == whole  # barely longer
    assert prefer_fuller(part, [""]) == part


def test_block_text_gives_a_line_per_block() -> None:
    element = lxml.html.fragment_fromstring(
        "<div><h2>Title</h2><p>One <b>two</b></p><script>var x;</script><ul><li>a</li>"
        "<li>b</li></ul>tail<br>after</div>"
    )
    assert block_text(element) == "Title\nOne two\na\nb\ntail\nafter"


def test_an_article_in_several_chunks_is_read_whole_on_readability_s_opinion() -> None:
    # A long story laid out in four chunks, each beside a rail: trafilatura's precision mode
    # takes the first chunk only; the paragraphs left out are long enough to ask readability.
    paragraphs = [
        f"On day {number + 1} of the offensive, {first[0].lower()}{first[1:]} {second}"
        for number, (first, second) in enumerate(
            zip(PARAGRAPHS * 2, [*PARAGRAPHS[1:], *PARAGRAPHS, PARAGRAPHS[0]], strict=True)
        )
    ]
    chunks = "".join(
        "<div class='row'><div class='col body-text'>"
        + "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs[start : start + 4])
        + "</div><div class='col rail'><span>Advertisement</span></div></div>"
        for start in range(0, len(paragraphs), 4)
    )
    content = (
        f"<html><head><title>{HEADLINE}</title></head><body><header><a href='/'>Home</a>"
        f"</header><div class='story'><h1>{HEADLINE}</h1><div class='chunks'>{chunks}</div>"
        "</div><footer><p>Example News</p></footer></body></html>"
    ).encode()
    tree = lxml.html.document_fromstring(content)
    first_chunk = "\n".join(paragraphs[:4])
    assert missing_paragraph_chars(tree, first_chunk, 150) >= 2500

    text = extract(content)

    assert text.splitlines()[-len(paragraphs) :] == paragraphs
    assert len(text.splitlines()) <= len(paragraphs) + 1  # and the headline, if readability has it
