"""When an article was published and last modified, read from the page in an order of trust.

A page states its dates in many places, and most of them are not the article's: a photo
caption ("This March 28, 2017, file photo"), the statement a fact-check is about, a sidebar
story, a reader's comment, the masthead's "today", an image path, a script, a CMS placeholder
(``0001-01-01``). So dates are taken in this order, the first that is usable winning:

1. The page's structured data about its own work: JSON-LD ``datePublished`` of the top-level
   objects (an ``Article`` first, then a ``ClaimReview`` or ``WebPage``; never an object nested
   in another, such as the ``Claim`` a fact-check reviews), then the meta tags
   (``article:published_time`` and its kin, Dublin Core, ``pubdate``), then microdata
   ``itemprop="datePublished"`` outside comments, sidebars and captions.
2. A ``<time datetime>`` in the page outside those regions.
3. A dateline the page shows: a date (with its time and zone if written) in a byline,
   ``<time>`` or date element, not introduced by "Updated" and its kin.
4. htmldate's search of the page (``_fallback_date``), which reads text and links too.

Checks on every candidate: never before 1990 (placeholders), never after the page was fetched
(a day's slack for time zones). The visible dateline checks the structured values when the page
shows one with its zone: of several structured values, the first that agrees with it wins (a
JSON-LD value with a wrong offset loses to an ``article:published_time`` that agrees), and is
given in the dateline's offset; a structured time without a zone takes the zone of a dateline
that shows the same time. When none agrees, the dateline shown with its zone wins if no
``<time datetime>`` confirms the structured value and the two are within two days (a CMS
writing local time as "Z", a ``datePublished`` stamped at a later edit); otherwise the
structured value does. A date the URL gives (``/2019/11/18/``) is a check too: a
candidate more than a day from it loses to one within a day.

Values keep the offset they were declared with (``2019-11-18T21:24:00-05:00`` stays so); a time
declared without a zone, and a bare date, are taken as UTC (a bare date as midnight UTC).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

import lxml.html
from lxml import etree

from extractors.lexicons import read_lexicon

# Earlier dates in page metadata are placeholders ("0001-01-01", the Unix epoch), not dates.
EARLIEST_PLAUSIBLE_DATE = datetime(1990, 1, 1, tzinfo=UTC)
# A date this far after the fetch is in the future whatever zone it was meant in.
_FUTURE_SLACK = timedelta(days=1)
# A URL's date and a page's date a day apart are one date seen from two zones.
_URL_DATE_TOLERANCE = timedelta(days=1)
# A dateline this far from a structured date it contradicts may be another item's.
_DATELINE_OVERRIDE_WINDOW = timedelta(days=2)

PUBLISHED_META_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "datepublished",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "pubdate",
    "publishdate",
    "publish-date",
    "sailthru.date",
    "parsely-pub-date",
)
MODIFIED_META_KEYS = (
    "article:modified_time",
    "og:article:modified_time",
    "article:modified",
    "og:updated_time",
    "datemodified",
    "dc.date.modified",
    "dcterms.modified",
)
# Types of the page's own work, in order of trust: the article itself, then a review or page.
_ARTICLE_TYPE_ENDINGS = ("Article", "BlogPosting", "Report")
_WORK_TYPES = frozenset({"ClaimReview", "WebPage", "ItemPage", "CreativeWork", "Blog"})

# Regions of a page whose dates belong to something else than the article.
_FOREIGN_TAGS = frozenset({"aside", "nav", "figure", "figcaption", "blockquote", "footer"})
_FOREIGN_CLASS = re.compile(
    r"comment|caption|sidebar|related|recommend|popular|trending|widget|promo|teaser|"
    r"most-read|more-stories|newsletter|tweet|embed|credit|footer",
    re.IGNORECASE,
)
_DATELINE_CLASS = re.compile(
    r"date|time|byline|dateline|publish|posted|timestamp|(?:article|post|entry)[-_]*meta",
    re.IGNORECASE,
)
_MAX_DATELINE_CHARS = 200

_MONTHS: dict[str, int] = {
    name: int(number) for name, number in (entry.split() for entry in read_lexicon("months.txt"))
}
_ZONES: dict[str, str] = {
    abbreviation.upper(): zone
    for abbreviation, zone in (entry.split() for entry in read_lexicon("time_zones.txt"))
}
_MODIFICATION_LABELS = tuple(entry.casefold() for entry in read_lexicon("date_labels.txt"))
_PUBLICATION_LABELS = tuple(entry.casefold() for entry in read_lexicon("publication_labels.txt"))

_MONTH = r"(?P<month>[^\W\d_]{3,10})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th|\.)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_TIME_LEAD = r"(?:\s*(?:,|at|um|à|a las|alle|às|@|-|\u2013|\u2014|/|\|)?\s*)"
_TIME = (
    _TIME_LEAD + r"\b"
    r"(?P<hour>\d{1,2})[:h](?P<minute>\d\d)(?::(?P<second>\d\d)(?:\.\d+)?)?"
    r"(?:\s*(?P<ampm>[ap])\.?\s?m\b\.?)?"
)
_ZONE = (
    r"(?:\s*\(?(?:(?P<utc>GMT|UTC)\s*(?P<sign>[+-])\s*(?P<zh>\d{1,2}):?(?P<zm>\d\d)?"
    r"|(?P<offset>[+-]\d\d:?\d\d)|(?P<abbreviation>[A-Z]{1,5})\b)\)?)?"
)
_DATES = (
    rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b",
    rf"\b{_DAY}\s+(?:de\s+)?{_MONTH},?\s+(?:de\s+)?{_YEAR}\b",
    r"\b(?P<year>(?:19|20)\d\d)[-/.](?P<month>\d\d)[-/.](?P<day>\d\d)(?!\d)",
)
_HUMAN_DATES = [re.compile(rf"{pattern}(?:{_TIME}{_ZONE})?", re.IGNORECASE) for pattern in _DATES]
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])(?:/|-|_|$)")


@dataclass(frozen=True)
class Stamp:
    """A date read from the page: ``moment`` is aware (UTC when no zone was declared)."""

    moment: datetime
    has_time: bool
    has_zone: bool
    updated: bool = False  # shown as a modification ("Updated 6:02 AM")

    @property
    def local_date(self) -> date:
        return self.moment.date()


def parse_stamp(value: str | None) -> Stamp | None:
    """One declared value (ISO 8601, or a written date such as "November 19, 2019, 07:47 PM
    EST" or RFC 2822's "Tue, 19 Nov 2019 03:05:46 +0000") as a Stamp; None when the whole
    value is not a date."""
    if not value or not value.strip():
        return None
    value = " ".join(value.split())
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        pass
    else:
        has_time = not re.fullmatch(r"\d{4}-?\d\d-?\d\d", value)
        return _stamp(parsed, has_time=has_time, has_zone=parsed.tzinfo is not None)
    for pattern in _HUMAN_DATES:
        match = pattern.match(value)
        # The date must be the whole value, bar a leading weekday ("Tue Nov 19 2019 ...").
        if match is None:
            match = pattern.search(value)
            if match is None or re.search(r"\d", value[: match.start()]):
                continue
        if value[match.end() :].strip(" .,()"):
            continue
        return _human_stamp(match)
    return None


def find_stamps(text: str) -> list[Stamp]:
    """Every written date in a piece of visible text, in order of appearance; where two
    readings overlap, the longer one ("Nov 19, 2019 7:07 PM EST" over "Nov 19, 2019")."""
    matches = [match for pattern in _HUMAN_DATES for match in pattern.finditer(text)]
    matches.sort(key=lambda match: match.start() - match.end())
    kept: list[re.Match[str]] = []
    for match in matches:
        if all(match.end() <= other.start() or other.end() <= match.start() for other in kept):
            kept.append(match)
    found = []
    for match in sorted(kept, key=lambda match: match.start()):
        stamp = _human_stamp(match)
        if stamp is None:
            continue
        before = text[max(0, match.start() - 40) : match.start()].casefold()
        updated = any(label in before for label in _MODIFICATION_LABELS)
        found.append(replace(stamp, updated=updated))
    return found


def _human_stamp(match: re.Match[str]) -> Stamp | None:
    parts = match.groupdict()
    month_text = parts["month"]
    month = int(month_text) if month_text.isdigit() else _MONTHS.get(month_text.casefold())
    if month is None:
        return None
    try:
        day = date(int(parts["year"]), month, int(parts["day"]))
    except ValueError:
        return None
    if parts.get("hour") is None:
        return Stamp(datetime(day.year, day.month, day.day, tzinfo=UTC), False, False)
    hour, minute = int(parts["hour"]), int(parts["minute"])
    if parts.get("ampm") and hour <= 12:
        hour = hour % 12 + (12 if parts["ampm"].lower() == "p" else 0)
    if hour > 23 or minute > 59:
        return Stamp(datetime(day.year, day.month, day.day, tzinfo=UTC), False, False)
    wall = datetime(day.year, day.month, day.day, hour, minute, int(parts.get("second") or 0))
    zone = _zone(parts)
    if zone is None:
        return Stamp(wall.replace(tzinfo=UTC), True, False)
    return Stamp(_localize(wall, zone), True, True)


def _zone(parts: Mapping[str, str | None]) -> tzinfo | None:
    if parts.get("utc"):
        hours, minutes = int(parts["zh"] or 0), int(parts["zm"] or 0)
        sign = -1 if parts["sign"] == "-" else 1
        return timezone(sign * timedelta(hours=hours, minutes=minutes))
    if offset := parts.get("offset"):
        return datetime.strptime(offset.replace(":", ""), "%z").tzinfo
    abbreviation = parts.get("abbreviation")
    if not abbreviation or abbreviation.upper() not in _ZONES:
        return None
    zone = _ZONES[abbreviation.upper()]
    if "/" in zone:
        return ZoneInfo(zone)
    return datetime.strptime(zone.replace(":", ""), "%z").tzinfo


def _localize(wall: datetime, zone: tzinfo) -> datetime:
    """The wall time in that zone, as a fixed offset (an IANA zone gives the day's offset)."""
    aware = wall.replace(tzinfo=zone)
    offset = aware.utcoffset() or timedelta(0)
    return wall.replace(tzinfo=UTC if not offset else timezone(offset))


def _stamp(parsed: datetime, *, has_time: bool, has_zone: bool) -> Stamp:
    if parsed.tzinfo is None:
        return Stamp(parsed.replace(tzinfo=UTC), has_time, False)
    offset = parsed.utcoffset() or timedelta(0)
    moment = parsed.replace(tzinfo=UTC if not offset else timezone(offset))
    return Stamp(moment, has_time, has_zone)


# --- where a page states its dates --------------------------------------------------------------


def work_objects(json_ld: Iterable[Any]) -> list[dict[str, Any]]:
    """The JSON-LD objects that describe the page's own work, most trusted first: top-level
    objects and ``@graph`` members of an article type, then of a review or page type."""
    tops: list[dict[str, Any]] = []
    stack = list(json_ld)
    while stack:
        item = stack.pop(0)
        if isinstance(item, list):
            stack[:0] = item
        elif isinstance(item, dict):
            tops.append(item)
            if isinstance(item.get("@graph"), list):
                stack[:0] = item["@graph"]
    articles = [
        obj for obj in tops if _has_type(obj, lambda name: name.endswith(_ARTICLE_TYPE_ENDINGS))
    ]
    works = [obj for obj in tops if _has_type(obj, _WORK_TYPES.__contains__)]
    return [*articles, *(obj for obj in works if obj not in articles)]


def _has_type(obj: dict[str, Any], test: Callable[[str], bool]) -> bool:
    types = obj.get("@type") or obj.get("type")
    names = types if isinstance(types, list) else [types]
    return any(isinstance(name, str) and test(name) for name in names)


def _foreign(element: etree._Element) -> bool:
    """Whether the element sits in a region whose dates are another item's."""
    node: etree._Element | None = element
    while node is not None:
        if node.tag in _FOREIGN_TAGS:
            return True
        marks = f"{node.get('class') or ''} {node.get('id') or ''}"
        if _FOREIGN_CLASS.search(marks):
            return True
        scope = node.get("itemtype") or ""
        if node.get("itemscope") is not None and re.search(r"Comment|Claim|Review$", scope):
            return True
        node = node.getparent()
    return False


_ITEMPROP = etree.XPath(
    '//body//*[contains(concat(" ", normalize-space(@itemprop), " "), $name)][not(self::meta)]'
)


def _microdata(tree: lxml.html.HtmlElement, name: str) -> list[str]:
    values = []
    for element in _ITEMPROP(tree, name=f" {name} "):
        if _foreign(element):
            continue
        value = element.get("datetime") or element.get("content") or element.text_content()
        if value and value.strip():
            values.append(value.strip())
    return values


def _time_elements(tree: lxml.html.HtmlElement) -> list[str]:
    return [
        element.get("datetime", "")
        for element in tree.iter("time")
        if element.get("datetime") and not _foreign(element) and not _labelled_updated(element)
    ]


def _labelled_updated(element: etree._Element) -> bool:
    marks = f"{element.get('class') or ''} {element.get('itemprop') or ''}".casefold()
    text = element.text_content()[:40].casefold()
    return (
        "modif" in marks
        or "updat" in marks
        or any(text.lstrip().startswith(label) for label in _MODIFICATION_LABELS)
    )


def _datelines(tree: lxml.html.HtmlElement, byline: str | None) -> list[Stamp]:
    """The dates the page shows as its own: first those labelled as the publication
    ("Published: ..."), then those of its bylines, datelines and ``<time>`` elements."""
    labelled: list[str] = []
    texts = [byline] if byline else []
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in ("script", "style", "meta"):
            continue
        text = " ".join(element.text_content().split())
        if not text or len(text) > _MAX_DATELINE_CHARS:
            continue
        marks = f"{element.get('class') or ''} {element.get('id') or ''}"
        labelled_date = text.casefold().startswith(_PUBLICATION_LABELS)
        if not labelled_date and element.tag != "time" and not _DATELINE_CLASS.search(marks):
            continue
        if not _foreign(element):
            (labelled if labelled_date else texts).append(text)
    return [stamp for text in (*labelled, *texts) for stamp in find_stamps(text)]


def url_date(url: str | None) -> date | None:
    """The date a URL's path gives ("/2019/11/18/", "/20191118-"), if any."""
    match = _URL_DATE.search(url or "")
    if match is None:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


# --- choosing ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PageDates:
    published: datetime | None
    modified: datetime | None


def page_dates(
    tree: lxml.html.HtmlElement,
    meta: Mapping[str, str],
    json_ld: Sequence[Any],
    *,
    url: str | None,
    byline: str | None,
    fetched_at: datetime | None,
    fallback: Callable[[], str | None],
) -> PageDates:
    """The article's publication and modification date-times (see the module docstring).

    ``json_ld`` are the page's parsed JSON-LD blocks; ``byline`` the visible byline's text;
    ``fetched_at`` when the page was fetched (default: now); ``fallback`` the last-resort
    search, called only when nothing else gives a publication date.
    """
    latest = (fetched_at or datetime.now(UTC)) + _FUTURE_SLACK
    works = work_objects(json_ld)

    def usable(values: Iterable[Any]) -> list[Stamp]:
        stamps = (parse_stamp(value) for value in values if isinstance(value, str))
        return [s for s in stamps if s and EARLIEST_PLAUSIBLE_DATE <= s.moment <= latest]

    structured = usable(
        [
            *(obj.get("datePublished") for obj in works),
            *(meta.get(key) for key in PUBLISHED_META_KEYS),
            *_microdata(tree, "datePublished"),
        ]
    )
    visible = [
        s
        for s in _datelines(tree, byline)
        if EARLIEST_PLAUSIBLE_DATE <= s.moment <= latest and not s.updated
    ]
    machine = usable(_time_elements(tree))
    published = _choose(structured, visible, url_date(url), machine)
    if published is None:
        published = _choose(machine, visible, url_date(url), machine)
    if published is None:
        published = _first_visible(visible, url_date(url))
    if published is None:
        guess = usable([fallback()])
        published = guess[0] if guess else None

    modified_candidates = usable(
        [
            *(obj.get("dateModified") for obj in works),
            *(meta.get(key) for key in MODIFIED_META_KEYS),
            *_microdata(tree, "dateModified"),
        ]
    )
    modified = next(
        (
            stamp
            for stamp in modified_candidates
            if published is None or stamp.moment >= published.moment
        ),
        None,
    )
    return PageDates(published.moment if published else None, modified.moment if modified else None)


def _choose(
    structured: list[Stamp], visible: list[Stamp], from_url: date | None, machine: list[Stamp]
) -> Stamp | None:
    """The structured date to trust, checked against the visible datelines and the URL;
    ``machine`` are the page's ``<time datetime>`` values, which confirm a structured date."""
    if not structured:
        return None
    if from_url is not None:
        near = [s for s in structured if _near(s, from_url)]
        structured = near + [s for s in structured if s not in near]
    first = structured[0]
    if not first.has_time:
        # A date-only value is completed by a timed one of the same day, if the page has one.
        timed = [s for s in structured if s.has_time and s.local_date == first.local_date]
        first = timed[0] if timed else first
    zoned = [s for s in visible if s.has_time and s.has_zone]
    for candidate in [first, *structured]:
        if not candidate.has_time:
            continue
        for shown in zoned:
            if abs(candidate.moment - shown.moment) < timedelta(minutes=1):
                # The instant the structured data declares, in the offset readers see.
                return replace(candidate, moment=candidate.moment.astimezone(shown.moment.tzinfo))
    if first.has_time and not first.has_zone:
        # A zone-less time: the page's dateline may say which zone it is in.
        for shown in zoned:
            if shown.moment.replace(tzinfo=None) == first.moment.replace(tzinfo=None):
                return shown
    if first.has_time and zoned and not any(_same_minute(first, s) for s in machine):
        # No declared time agrees with the dateline the page shows with its zone, and no
        # <time datetime> confirms the structured one: the shown dateline is the article's (a
        # CMS writing local time as "Z", a datePublished stamped at a later edit), unless it is
        # too far off to be the same publication.
        shown = zoned[0]
        if abs(shown.moment - first.moment) <= _DATELINE_OVERRIDE_WINDOW:
            return shown
    return first


def _same_minute(one: Stamp, other: Stamp) -> bool:
    return abs(one.moment - other.moment) < timedelta(minutes=1)


def _first_visible(visible: list[Stamp], from_url: date | None) -> Stamp | None:
    if from_url is not None:
        near = [s for s in visible if _near(s, from_url)]
        if near:
            return near[0]
    return visible[0] if visible else None


def _near(stamp: Stamp, day: date) -> bool:
    return abs(stamp.local_date - day) <= _URL_DATE_TOLERANCE
