"""Dates and credits of an article (issue 17 point 2): the failures users reported, each on a
page written here (tests/data/pages/metadata), and the byline reading on its own."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from extractors.article import ExtractedArticle, extract_article
from extractors.authors import credits, read_byline
from extractors.dates import parse_stamp

PAGES = Path(__file__).parent / "data" / "pages" / "metadata"
FETCHED = datetime(2019, 11, 21, 12, 0, tzinfo=UTC)
EST = timezone(timedelta(hours=-5))


def extract(name: str, url: str = "https://news.example.org/story") -> ExtractedArticle:
    return extract_article((PAGES / name).read_bytes(), url, "text/html", FETCHED)


def test_a_photo_captions_date_is_never_the_publication_date() -> None:
    article = extract("caption-date.html")
    assert article.published == datetime(2019, 11, 19, tzinfo=UTC)


def test_a_placeholder_date_gives_way_to_the_dateline_not_to_image_paths_or_scripts() -> None:
    article = extract("placeholder-date.html")
    assert article.published == datetime(2019, 11, 19, 19, 7, tzinfo=EST)
    assert article.published is not None and article.published.utcoffset() == timedelta(hours=-5)
    assert article.modified is None  # the placeholder modification date is no date either
    assert article.authors == ("Tomas Reyes", "Ines Okafor")  # the paper's name is dropped


def test_a_fact_check_is_dated_by_its_review_not_by_the_statement_it_checks() -> None:
    article = extract("fact-check.html")
    assert article.published == datetime(2019, 11, 18, 10, 15, tzinfo=UTC)
    assert article.authors == ("Kit Moran",)  # not the author of the statement checked


def test_a_fact_check_without_markup_is_dated_by_its_dateline() -> None:
    article = extract("fact-check-no-markup.html")
    published = article.published
    assert published is not None
    assert published.date().isoformat() == "2019-11-18"
    # The dateline gives no zone: the time is kept and taken as UTC.
    assert (published.hour, published.minute) == (11, 8)


def test_a_declared_time_and_offset_are_kept() -> None:
    article = extract("declared-time.html")
    assert article.published is not None and article.modified is not None
    assert article.published.isoformat() == "2019-11-19T19:47:00-05:00"
    assert article.modified.isoformat() == "2019-11-20T08:05:00+01:00"


def test_a_multi_valued_itemprop_gives_its_time_of_day() -> None:
    article = extract("itemprop-time.html")
    assert article.published == datetime(2019, 11, 19, 11, 0, 9, tzinfo=UTC)


def test_a_date_after_the_fetch_is_never_the_publication_date() -> None:
    article = extract("future-date.html")
    assert article.published is not None
    assert article.published.isoformat() == "2019-11-18T21:24:00-05:00"


def test_a_zoned_dateline_wins_over_a_structured_time_it_contradicts() -> None:
    """JSON-LD says 10:45Z, the byline "7:45 am PST" (a CMS writing local time as "Z")."""
    article = extract("dateline-contradicts-json-ld.html")
    assert article.published is not None
    assert article.published.isoformat() == "2019-11-18T07:45:00-08:00"


def _dated_page(declared: str, dateline: str) -> bytes:
    return (
        '<html><head><meta property="article:published_time" '
        f'content="{declared}"></head><body><article><h1>Ferry service resumes</h1>'
        f'<p class="byline">By Dana Whitfield \u00b7 {dateline}</p>'
        "<p>The first ferry left the harbour at noon, two days after the storm closed the "
        "crossing, and the port said every sailing of the evening timetable would run.</p>"
        "<p>Engineers checked the landing ramps on both banks overnight and found no damage, "
        "although the waiting room on the island side lost part of its roof.</p>"
        "</article></body></html>"
    ).encode()


@pytest.mark.parametrize(
    ("dateline", "published"),
    [
        # The shown text of a <time> disagrees, but its datetime confirms the declared time.
        (
            '<time datetime="2019-11-18T14:05:00+02:00">2019-11-18 14:05 GMT</time>',
            "2019-11-18T14:05:00+02:00",
        ),
        # A dateline days away from the declared time may be another item's: not taken.
        ("November 12, 2019 9:00 am PST", "2019-11-18T14:05:00+02:00"),
        # One that agrees gives the declared instant in the offset readers see.
        ("November 18, 2019 7:05 am EST", "2019-11-18T07:05:00-05:00"),
    ],
)
def test_a_structured_time_stays_when_confirmed_or_far_from_the_dateline(
    dateline: str, published: str
) -> None:
    page = _dated_page("2019-11-18T14:05:00+02:00", dateline)
    article = extract_article(page, "https://news.example.org/story", "text/html", FETCHED)
    assert article.published is not None and article.published.isoformat() == published


@pytest.mark.parametrize(
    ("page", "authors", "agencies"),
    [
        ("byline-phil-helsel.html", ("Phil Helsel",), ()),
        ("byline-finian-cunningham.html", ("Finian Cunningham",), ("Sputnik International",)),
        ("byline-jill-lawless.html", ("Jill Lawless",), ("Associated Press",)),
        ("byline-reuters.html", (), ("Reuters",)),
        ("byline-staff-reporter.html", (), ()),
        ("byline-web-desk.html", (), ()),
    ],
)
def test_bylines_give_people_and_agencies_apart(
    page: str, authors: tuple[str, ...], agencies: tuple[str, ...]
) -> None:
    article = extract(page)
    assert (article.authors, article.agencies) == (authors, agencies)


@pytest.mark.parametrize(
    ("byline", "authors", "agencies"),
    [
        ("Phil Helsel is a reporter", ("Phil Helsel",), ()),
        (
            "Finian Cunningham Sputnik International",
            ("Finian Cunningham",),
            ("Sputnik International",),
        ),
        ("JILL LAWLESS Associated Press", ("Jill Lawless",), ("Associated Press",)),
        (
            "By DANICA KIRKA and JILL LAWLESS Associated Press",
            ("Danica Kirka", "Jill Lawless"),
            ("Associated Press",),
        ),
        (
            "By STEVE PEOPLES, AP National Political Writer",
            ("Steve Peoples",),
            ("Associated Press",),
        ),
        ("Reuters", (), ("Reuters",)),
        ("By Agence France-Presse", (), ("Agence France-Presse",)),
        ("Staff Reporter", (), ()),
        ("Web Desk", (), ()),
        ("News Nation Bureau", (), ()),
        ("Science X staff", (), ()),
        ("By Bill Hoppe | Special to the Pioneer Press", ("Bill Hoppe",), ()),
        ("Ilana Muhlstein, MS, RDN", ("Ilana Muhlstein",), ()),
        ("Amy Kuperinsky | NJ Advance Media for NJ.com", ("Amy Kuperinsky",), ()),
        ("By Megan Rowe meganr@spokesman.com (509) 459-5382", ("Megan Rowe",), ()),
        ("Catherine Shu @catherineshu / 2 days", ("Catherine Shu",), ()),
        ("Monday November 18, 2019 7:45 am PST by Joe Rossignol", ("Joe Rossignol",), ()),
        ("By Sean Martin Sean Martin", ("Sean Martin",), ()),
        ("Текст: Лида Буслаева", ("Лида Буслаева",), ()),
        ("By Mike Wuerthele and Malcolm Owen", ("Mike Wuerthele", "Malcolm Owen"), ()),
        ("Regan", ("Regan",), ()),
        ("rmb8090", (), ()),
        ("jdadmin", (), ()),
        ("Admin", (), ()),
    ],
)
def test_a_byline_is_read_into_names_and_agencies(
    byline: str, authors: tuple[str, ...], agencies: tuple[str, ...]
) -> None:
    found = read_byline(byline, single_names=True)
    assert (found.authors, found.agencies) == (authors, agencies)


def test_one_word_in_metadata_is_no_name() -> None:
    assert read_byline("Regan", single_names=False).authors == ()
    assert read_byline("AS", single_names=True).authors == ()


def test_the_sites_own_name_is_the_publisher_not_an_author() -> None:
    found = credits("LinkNaija", site_names=["LinkNaija | Nigeria's news platform"])
    assert found.authors == ()
    assert credits(None, meta=["Beachbody"], site_names=["The Beachbody Blog"]).authors == ()


def test_structured_names_win_over_a_byline_that_names_someone_else() -> None:
    found = credits("Molly Woo d", structured=[{"@type": "Person", "name": "Molly Wood"}])
    assert found.authors == ("Molly Wood",)


def test_the_shown_form_of_a_name_is_kept_when_it_is_the_fuller_one() -> None:
    found = credits("Troy L. Smith, Cleveland.com", meta=["Troy Smith"])
    assert found.authors == ("Troy L. Smith",)


def test_an_agency_in_json_ld_is_an_agency_and_an_organisation_no_author() -> None:
    found = credits(
        None,
        structured=[
            {"@type": "person", "name": "Associated Press"},
            {"@type": "Organization", "name": "Al-Bawaba"},
        ],
    )
    assert (found.authors, found.agencies) == ((), ("Associated Press",))


def test_a_wire_dateline_credits_its_agency() -> None:
    text = "SANTA FE, N.M. (AP) \N{EM DASH} The river rose overnight."
    assert credits(None, text=text).agencies == ("Associated Press",)
    assert credits(None, text="The photo (AFP) \N{EM DASH} shows").agencies == ()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2019-11-18T21:24:00-05:00", "2019-11-18T21:24:00-05:00"),
        ("November 19, 2019, 07:47 PM EST", "2019-11-19T19:47:00-05:00"),
        ("Tue, 19 Nov 2019 03:05:46 +0000", "2019-11-19T03:05:46+00:00"),
        ("Tue Nov 19 2019 03:05:46 GMT+0000", "2019-11-19T03:05:46+00:00"),
        ("2019-11-18 17:19:53 GMT", "2019-11-18T17:19:53+00:00"),
        ("July 4, 2019 9:30 a.m. ET", "2019-07-04T09:30:00-04:00"),
        ("2019-11-19", "2019-11-19T00:00:00+00:00"),
    ],
)
def test_declared_dates_parse_with_their_offset(value: str, expected: str) -> None:
    stamp = parse_stamp(value)
    assert stamp is not None and stamp.moment.isoformat() == expected


def test_text_that_is_not_a_whole_date_is_no_declared_date() -> None:
    assert parse_stamp("This March 28, 2017, file photo") is None
    assert parse_stamp("soon") is None
