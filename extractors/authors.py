"""Who wrote an article: people's names from its byline, and the agencies it is credited to.

A byline as pages write it mixes names with everything else: roles ("Phil Helsel is a reporter
for NBC News", "Steve Peoples, AP National Political Writer", "Ilana Muhlstein, MS, RDN"),
agencies ("JILL LAWLESS Associated Press", "Reuters"), the publisher ("Troy L. Smith,
Cleveland.com"), staff and desk credits ("Staff Reporter", "Web Desk"), site accounts
("admin", "rmb8090"), dates, e-mail addresses and handles. `credits` reads it into
people's names, each as a reader would write it ("Jill Lawless"), and agencies in their own
field. The word classes are data (``extractors/lexicons/``): roles, credits, labels, particles,
honorifics and news agencies.

Where a byline comes from, in order of trust: the byline the page shows, read against the
authors its structured data names (JSON-LD ``author`` of the page's own work, then the
``author`` meta tags). The shown byline wins when one of its names agrees with a structured one
(its form is kept when it is the longer one: "Troy L. Smith" over "Troy Smith"), or when the
structured data names nobody; otherwise it is some other element of the page and the
structured names win. A dateline credit at the start of the text ("SANTA FE, N.M. (AP) —")
adds its agency. What is not plainly a person's name is left out: when unsure, no author.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from extractors.lexicons import read_lexicon


def _lower_set(name: str) -> frozenset[str]:
    return frozenset(entry.casefold() for entry in read_lexicon(name))


ROLE_WORDS = _lower_set("byline_roles.txt")
CREDIT_WORDS = _lower_set("byline_credits.txt")
ORGANISATION_WORDS = _lower_set("organisation_words.txt")
_NOT_A_PERSON = CREDIT_WORDS | ORGANISATION_WORDS
NAME_PARTICLES = _lower_set("name_particles.txt")
HONORIFICS = _lower_set("honorifics.txt")
# Longest first, so that "text von" is stripped before "text".
BYLINE_LABELS = sorted(_lower_set("byline_labels.txt"), key=len, reverse=True)


def _agency_forms() -> list[tuple[re.Pattern[str], str]]:
    """(pattern, agency name) for every form an agency is credited under, longest first."""
    forms: list[tuple[str, str]] = []
    for entry in read_lexicon("news_agencies.txt"):
        name, _, others = entry.partition("=")
        name = name.strip()
        forms.extend((form.strip(), name) for form in [name, *others.split("|")] if form.strip())
    forms.sort(key=lambda form: len(form[0]), reverse=True)
    patterns = []
    for form, name in forms:
        # A short form in capitals ("AP", "AFP") is an agency only in capitals.
        flags = 0 if len(form) <= 4 and form.isupper() else re.IGNORECASE
        patterns.append((re.compile(rf"(?<![\w-]){re.escape(form)}(?![\w-])", flags), name))
    return patterns


AGENCY_FORMS = _agency_forms()

_EMAIL = re.compile(r"\S+@\S+\.\w+")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_HANDLE = re.compile(r"(?<!\w)@\w+")
_PHONE = re.compile(r"\(?\+?\d[\d\s().-]{6,}\d")
# Separators between names and between a name and what follows it.
_SEPARATORS = re.compile(
    r"\s*(?:[|;,/•·\n]|\s[-\u2013\u2014]\s|\sand\s|\s&\s|\sund\s|\set\s|\sy\s|\se\s|\sи\s"
    r"|\sfor\s|\swith\s)\s*"
)
_BY = re.compile(r"(?:^|\s)by\s+(?=\S)", re.IGNORECASE)
_LEADING_LABEL = re.compile(r"^[^\W\d_]{1,12}\s*:\s*")
# A dateline: capitalised place words, then the credit in brackets ("SANTA FE, N.M. (AP) —").
_DATELINE = re.compile(r"^(?:[A-Z][\w.'\u2019-]*[ ,]*){1,6}\(([^()\n]{2,40})\)\s*[-\u2013\u2014:]")
_INITIAL = re.compile(r"^[A-Z]\.?$|^(?:[A-Z]\.){2,3}$")
_NAME_WORD = re.compile(r"^[^\W\d_][^\W\d_'\u2019.-]*(?:['\u2019-][^\W\d_]+)*\.?$")
_MAX_NAME_WORDS = 5


@dataclass(frozen=True)
class Credits:
    """The people an article names as its authors and the agencies it credits."""

    authors: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()


def credits(
    visible: str | None,
    structured: Iterable[object] = (),
    meta: Iterable[str | None] = (),
    site_names: Sequence[str] = (),
    text: str = "",
) -> Credits:
    """The article's authors and agencies (see the module docstring).

    ``visible`` is the byline the page shows; ``structured`` the JSON-LD ``author`` values of
    the page's own work (strings, objects or lists of them); ``meta`` the author meta tags;
    ``site_names`` what the page calls itself (a name that is the site's is the publisher,
    not an author); ``text`` the article's text, whose dateline may credit an agency.
    """
    sites = [_loose(name) for name in site_names if _loose(name)]
    shown = read_byline(visible or "", sites, single_names=True)
    declared = Credits()
    for found in _author_values(structured, sites):
        declared = _merge(declared, found)
    from_meta = Credits()
    for tag in meta:
        if tag and not tag.strip().lower().startswith(("http:", "https:")):
            from_meta = _merge(from_meta, read_byline(tag, sites, single_names=False))
    reference = declared.authors or from_meta.authors
    if shown.authors and (
        not reference or any(_agree(name, other) for name in shown.authors for other in reference)
    ):
        authors = tuple(_fuller(name, reference) for name in shown.authors)
    else:
        authors = reference
    agencies = (*shown.agencies, *declared.agencies, *from_meta.agencies, *_dateline_agency(text))
    return Credits(_unique(authors), _unique(agencies))


def read_byline(byline: str, site_names: Sequence[str] = (), *, single_names: bool) -> Credits:
    """People's names and agencies in one byline string.

    ``single_names``: whether a byline of one capitalised word ("by Regan") is a name; true of
    a byline the page shows, false of metadata, where one word is a site or an account.
    """
    text = unicodedata.normalize("NFC", byline)
    text = _PHONE.sub(" ", _HANDLE.sub(" ", _EMAIL.sub(" ", _URL.sub(" ", text))))
    text = " ".join(text.split())
    by = _BY.search(text)
    if by is not None:
        text = text[by.end() :]
    text = _strip_label(text)
    authors: list[str] = []
    agencies: list[str] = []
    parts = [part for part in _SEPARATORS.split(text) if part.strip()]
    for part in parts:
        part, found = _take_agencies(part)
        agencies.extend(found)
        name = _person(part, single=single_names and len(parts) == 1 and not found)
        if name and not _is_site(name, site_names):
            authors.append(name)
    return Credits(tuple(authors), tuple(agencies))


def _strip_label(text: str) -> str:
    folded = text.casefold()
    for label in BYLINE_LABELS:
        if folded.startswith(label) and folded[len(label) : len(label) + 1] in (" ", ":"):
            return text[len(label) :].lstrip(" :")
    return _LEADING_LABEL.sub("", text)


def _take_agencies(part: str) -> tuple[str, list[str]]:
    found = []
    for pattern, name in AGENCY_FORMS:
        if pattern.search(part):
            found.append(name)
            part = pattern.sub(" ", part)
    return " ".join(part.split()), found


def _person(part: str, *, single: bool) -> str | None:
    """The person's name a byline part opens with, or None.

    The name is the run of name words from the start (after an honorific), ending at a role
    word, a lower-case word that is no particle ("is a reporter"), a number or anything else
    that is no name. A part with a credit word ("Staff", "Desk") or an organisation's
    ("Media", "News") names nobody.
    """
    words = part.split()
    if not words or any(
        word.strip(".:").casefold() in _NOT_A_PERSON or word.casefold().endswith(".com")
        for word in words
    ):
        return None
    while words and words[0].casefold() in HONORIFICS:
        words = words[1:]
    name: list[str] = []
    for word in words:
        folded = word.strip(",.:").casefold()
        if folded in ROLE_WORDS and not _INITIAL.match(word):
            break
        if word.casefold() in NAME_PARTICLES and name:
            name.append(word)
            continue
        if not _NAME_WORD.match(word) or not _capitalised(word):
            break
        if name and _acronym(word) and not _all_capitals(name):
            break  # "Eric Song IGN": a name, then an organisation's initials
        name.append(word)
    while name and name[-1].casefold() in NAME_PARTICLES:
        name.pop()
    half = len(name) // 2
    if half and len(name) % 2 == 0 and name[:half] == name[half:]:
        name = name[:half]  # "Sean Martin Sean Martin": a name printed twice
    if not name or len(name) > _MAX_NAME_WORDS:
        return None
    if len(name) == 1 and not (single and _single_name(name[0])):
        return None
    if all(_INITIAL.match(word) for word in name):
        return None
    return " ".join(_reader_case(word) for word in name) if _all_capitals(name) else " ".join(name)


def _capitalised(word: str) -> bool:
    first = word[0]
    # Scripts without case (Korean, Arabic, Chinese ...) have no capitals to test.
    return first.isupper() or not (first.islower() or first.isupper())


def _single_name(word: str) -> bool:
    """One word that may be a given name shown as the byline: "Regan", never "AS" or "rmb"."""
    letters = word.rstrip(".")
    return len(letters) > 2 and letters[0].isupper() and letters[1:].islower()


def _acronym(word: str) -> bool:
    return len(word) > 1 and word.isupper() and word.isalpha()


def _all_capitals(name: Sequence[str]) -> bool:
    letters = [char for word in name for char in word if char.isalpha()]
    return len(letters) > 3 and all(char.isupper() for char in letters)


def _reader_case(word: str) -> str:
    """A word of a name printed in capitals as a reader writes it: "LAWLESS" -> "Lawless",
    "O'NEIL" -> "O'Neil", "MCCOY" -> "McCoy"."""
    if _INITIAL.match(word):
        return word
    cased = word.title()
    if len(cased) > 3 and cased.startswith("Mc"):
        cased = "Mc" + cased[2:].capitalize()
    return cased


def _author_values(structured: Iterable[object], sites: Sequence[str]) -> Iterable[Credits]:
    """JSON-LD ``author`` values: a person's name as a byline, an organisation as an agency
    when it is one (never as a person)."""
    stack = list(structured)
    while stack:
        value = stack.pop(0)
        if isinstance(value, list):
            stack[:0] = value
        elif isinstance(value, str):
            yield read_byline(value, sites, single_names=False)
        elif isinstance(value, dict):
            name = value.get("name")
            if not isinstance(name, str):
                continue
            kind = value.get("@type") or value.get("type") or "Person"
            kinds = [str(k).casefold() for k in (kind if isinstance(kind, list) else [kind])]
            found = read_byline(name, sites, single_names=False)
            yield found if "person" in kinds else Credits((), found.agencies)


def _dateline_agency(text: str) -> list[str]:
    """The agency of a wire dateline opening the text: "SANTA FE, N.M. (AP) — ..."."""
    match = _DATELINE.match(text.lstrip())
    if match is None:
        return []
    credited = match.group(1).strip()
    return [name for pattern, name in AGENCY_FORMS if pattern.fullmatch(credited)][:1]


def _merge(first: Credits, second: Credits) -> Credits:
    return Credits((*first.authors, *second.authors), (*first.agencies, *second.agencies))


def _agree(name: str, other: str) -> bool:
    """Whether two forms name one person: the same letters ("Molly Woo d", "Molly Wood"), or
    the same first and last words ("Troy L. Smith", "Troy Smith")."""
    if _loose(name) == _loose(other):
        return True
    words, other_words = _loose_words(name), _loose_words(other)
    return (
        len(words) > 1
        and len(other_words) > 1
        and (words[0], words[-1]) == (other_words[0], other_words[-1])
    )


def _fuller(name: str, reference: Sequence[str]) -> str:
    """The shown name, or the structured form of it when that has the same words but the
    shown one is broken up ("Molly Woo d")."""
    for other in reference:
        if _loose(name) == _loose(other) and len(other.split()) < len(name.split()):
            return other
    return name


def _is_site(name: str, site_names: Sequence[str]) -> bool:
    """Whether a name is the site's own ("LinkNaija", "Beachbody" of "The Beachbody Blog")."""
    loose = _loose(name)
    return any(loose == site or loose in site for site in site_names)


def _unique(names: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(_loose(name), name)
    return tuple(seen.values())


def _loose_words(text: str) -> list[str]:
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return re.findall(r"\w+", bare.casefold())


def _loose(text: str) -> str:
    return "".join(_loose_words(text))
