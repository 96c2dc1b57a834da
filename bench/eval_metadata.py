"""Score the title, authors and publication date of claimledger, trafilatura and htmldate against
the metadata gold set, side by side in one run.

Usage (from the repository root):
``uv run python bench/eval_metadata.py [--errors A|B] [--gold FILE] [--data DIR]``

The gold is ``bench/metadata/aeb.jsonl`` (see ``bench/metadata/GUIDELINES.md``): for each page
of ``../shared/data/aeb-dev`` the headline a reader sees, the authors, and the publication date
with its precision ("minute" when the page declares a time, "day" when only a date). Systems:

- ``claimledger``: what ``claimledger extract`` prints for the page (``extract_document`` on the
  file, as ``bench/eval_attribution.py`` does): its ``title``, ``authors`` and ``published``.
- ``trafilatura``: plain ``trafilatura.extract_metadata`` with its defaults (dates to the day).
- ``htmldate``: ``find_date(original_date=True, extensive_search=False)`` with a date-time
  output format (dates only; it has no title or authors).

Measures, per half (A, B) and both:
- title exact: equal after whitespace normalisation; "title ci" also ignores case;
- author precision / recall / F1: per name, pooled over pages; names compared without case,
  accents or punctuation ("Troy L. Smith" = "troy l smith");
- day: the predicted date equals the gold date, over pages whose gold has a date. A predicted
  date-time is read in the gold's offset first (04:26 UTC on November 20 is 23:26 EST on
  November 19, the day of a gold written in EST);
- minute: the same instant to the minute, over pages whose gold declares a time.
A predicted date-time without an offset is taken as UTC (as claimledger stores it), except
htmldate's zone-less midnight ("T00:00:00"), its way of giving a date only, which is a date;
claimledger's midnight UTC (how it stores a date-only value) is likewise read as that UTC date.
``--errors A`` lists every miss of half A with its kind (site suffix in a title, another
headline, a lost time, a wrong day, ...): the counts of kinds say where to start.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import trafilatura
from htmldate import find_date

from claimledger.documents import ExtractedDocument, extract_document
from intake.http import Fetcher

ROOT = Path(__file__).resolve().parent
DEFAULT_GOLD = ROOT / "metadata" / "aeb.jsonl"
DEFAULT_DATA_DIR = ROOT.parent.parent / "shared" / "data" / "aeb-dev"
HALVES = ("A", "B")
HTMLDATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
_NOT_A_NAME_CHARACTER = re.compile(r"[^\w\s]")


@dataclass(frozen=True)
class GoldPage:
    id: str
    half: str
    title: str
    authors: tuple[str, ...]
    published: date | datetime | None
    precision: str | None


@dataclass(frozen=True)
class Prediction:
    """One system's answer for one page; None for a field the system does not give at all
    (htmldate has no titles), an empty value for one it gives but found nothing for."""

    title: str | None = None
    authors: tuple[str, ...] | None = None
    published: date | datetime | None = None


@dataclass
class Page:
    gold: GoldPage
    path: Path
    url: str | None
    predictions: dict[str, Prediction] = field(default_factory=dict)


def load_gold(gold_file: Path, data_dir: Path) -> list[Page]:
    """The gold pages with their HTML files (``<id>.html.gz`` or ``<id>.html`` under
    ``data_dir/html``) and, when ``data_dir/ground-truth.json`` has them, their URLs."""
    truth_file = data_dir / "ground-truth.json"
    truth = json.loads(truth_file.read_text(encoding="utf-8")) if truth_file.is_file() else {}
    pages = []
    for line in gold_file.read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        gold = GoldPage(
            id=entry["id"],
            half=entry["half"],
            title=entry["title"],
            authors=tuple(entry["authors"]),
            published=parse_published(entry["published"]),
            precision=entry["published_precision"],
        )
        candidates = [data_dir / "html" / f"{gold.id}{suffix}" for suffix in (".html.gz", ".html")]
        path = next((candidate for candidate in candidates if candidate.is_file()), None)
        if path is None:
            raise SystemExit(f"{gold_file}: page {gold.id} has no file in {data_dir / 'html'}")
        pages.append(Page(gold, path, truth.get(gold.id, {}).get("url")))
    return pages


def parse_published(value: str | None) -> date | datetime | None:
    """ISO text to a date (date only) or a date-time; htmldate's zone-less midnight is a date."""
    if not value:
        return None
    if len(value) == 10:
        return date.fromisoformat(value)
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None and (parsed.hour, parsed.minute, parsed.second) == (0, 0, 0):
        return parsed.date()
    return parsed


def _html(page: Page) -> bytes:
    content = page.path.read_bytes()
    return gzip.decompress(content) if page.path.suffix == ".gz" else content


def predict_claimledger(pages: Sequence[Page]) -> None:
    """Fill claimledger's predictions with what `claimledger extract` prints for each page:
    its JSON contract's ``title``, ``authors`` and ``published``."""
    with Fetcher() as fetcher:
        for page in pages:
            document = extract_document(str(page.path), fetcher)
            if not isinstance(document, ExtractedDocument):
                page.predictions["claimledger"] = Prediction("", (), None)
                continue
            printed = document.to_dict()
            page.predictions["claimledger"] = Prediction(
                printed["title"] or "",
                tuple(printed["authors"]),
                datetime.fromisoformat(printed["published"]) if printed["published"] else None,
            )


def predict_trafilatura(page: Page) -> Prediction:
    metadata = trafilatura.extract_metadata(_html(page), default_url=page.url)
    if metadata is None:
        return Prediction("", (), None)
    authors = tuple(name.strip() for name in (metadata.author or "").split(";") if name.strip())
    return Prediction(metadata.title or "", authors, parse_published(metadata.date))


def predict_htmldate(page: Page) -> Prediction:
    found = find_date(
        _html(page),
        url=page.url,
        original_date=True,
        extensive_search=False,
        outputformat=HTMLDATE_FORMAT,
    )
    return Prediction(published=parse_published(found or None))


SYSTEMS: dict[str, Callable[[Page], Prediction]] = {
    "trafilatura": predict_trafilatura,
    "htmldate": predict_htmldate,
}
SYSTEM_NAMES = ("claimledger", *SYSTEMS)


def normalize_title(title: str) -> str:
    return " ".join(unicodedata.normalize("NFC", title).split())


def normalize_name(name: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a person's name."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(_NOT_A_NAME_CHARACTER.sub(" ", bare).casefold().split())


def day_right(gold: date | datetime, predicted: date | datetime | None) -> bool:
    """Whether the predicted calendar day is the gold's (read in the gold's offset; a
    zone-less date-time is taken as UTC)."""
    if predicted is None:
        return False
    gold_day = gold.date() if isinstance(gold, datetime) else gold
    predicted = _date_if_midnight_utc(predicted)
    if isinstance(predicted, datetime):
        if predicted.tzinfo is None:
            predicted = predicted.replace(tzinfo=UTC)
        if isinstance(gold, datetime):
            predicted = predicted.astimezone(gold.tzinfo)
        return predicted.date() == gold_day
    return predicted == gold_day


def _date_if_midnight_utc(value: date | datetime) -> date | datetime:
    """claimledger stores a date-only value as midnight UTC: read that as the date it is,
    not as an instant to be moved into the gold's offset (where it would be the day before)."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        in_utc = value.astimezone(UTC)
        if in_utc.time() == datetime.min.time():
            return in_utc.date()
    return value


def minute_right(gold: datetime, predicted: date | datetime | None) -> bool:
    """Whether the prediction is the gold's instant to the minute (zone-less taken as UTC)."""
    if not isinstance(predicted, datetime):
        return False
    if predicted.tzinfo is None:
        predicted = predicted.replace(tzinfo=UTC)
    return _to_minute(predicted) == _to_minute(gold)


def _to_minute(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(second=0, microsecond=0)


@dataclass
class Scores:
    pages: int = 0
    titles: int = 0
    title_exact: int = 0
    title_ci: int = 0
    author_gold: int = 0
    author_predicted: int = 0
    author_right: int = 0
    dated: int = 0
    day_right: int = 0
    timed: int = 0
    minute_right: int = 0
    gives_titles: bool = False
    gives_authors: bool = False
    gives_times: bool = False

    def add(self, gold: GoldPage, predicted: Prediction) -> None:
        self.pages += 1
        if predicted.title is not None:
            self.gives_titles = True
            self.titles += 1
            self.title_exact += normalize_title(predicted.title) == normalize_title(gold.title)
            self.title_ci += (
                normalize_title(predicted.title).casefold()
                == normalize_title(gold.title).casefold()
            )
        if predicted.authors is not None:
            self.gives_authors = True
            gold_names = Counter(normalize_name(name) for name in gold.authors)
            names = Counter(normalize_name(name) for name in predicted.authors)
            self.author_gold += sum(gold_names.values())
            self.author_predicted += sum(names.values())
            self.author_right += sum((gold_names & names).values())
        if isinstance(predicted.published, datetime):
            self.gives_times = True
        if gold.published is not None:
            self.dated += 1
            self.day_right += day_right(gold.published, predicted.published)
        if gold.precision == "minute" and isinstance(gold.published, datetime):
            self.timed += 1
            self.minute_right += minute_right(gold.published, predicted.published)

    @property
    def author_precision(self) -> float:
        return self.author_right / self.author_predicted if self.author_predicted else 0.0

    @property
    def author_recall(self) -> float:
        return self.author_right / self.author_gold if self.author_gold else 0.0

    @property
    def author_f1(self) -> float:
        total = self.author_precision + self.author_recall
        return 2 * self.author_precision * self.author_recall / total if total else 0.0

    def row(self, label: str) -> str:
        def share(right: int, total: int, given: bool = True) -> str:
            return f"{right / total:6.3f}" if given and total else f"{'n/a':>6}"

        authors = (
            f"{self.author_precision:6.3f} {self.author_recall:6.3f} {self.author_f1:6.3f}"
            if self.gives_authors
            else f"{'n/a':>6} {'n/a':>6} {'n/a':>6}"
        )
        return (
            f"{label:16} {self.pages:5} {share(self.title_exact, self.titles, self.gives_titles)} "
            f"{share(self.title_ci, self.titles, self.gives_titles)} {authors} "
            f"{share(self.day_right, self.dated)} "
            f"{share(self.minute_right, self.timed, self.gives_times)}"
        )


HEADER = (
    f"{'':16} {'pages':>5} {'title':>6} {'ci':>6} {'auth P':>6} {'auth R':>6} {'auth F':>6} "
    f"{'day':>6} {'minute':>6}"
)


def scores(pages: Sequence[Page], system: str, half: str) -> Scores:
    total = Scores()
    for page in pages:
        if half in {"both", page.gold.half}:
            total.add(page.gold, page.predictions[system])
    return total


def title_error(gold: str, predicted: str) -> str:
    """The kind of a title miss."""
    gold_text, text = normalize_title(gold), normalize_title(predicted)
    if not text:
        return "no title"
    if gold_text.casefold() == text.casefold():
        return "case only"
    if gold_text in text:
        return "site or section name kept"
    if _loose(gold_text) == _loose(text):
        return "punctuation only (quotes, dashes)"
    if _loose(gold_text) in _loose(text):
        return "site or section name kept (and punctuation)"
    return "another headline (SEO, social, other story, site name)"


def _loose(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())


def date_error(gold: GoldPage, predicted: date | datetime | None) -> str | None:
    """The kind of a date miss, or None when day (and minute, if declared) are right."""
    if gold.published is None:
        return None if predicted is None else "date given where the page has none"
    if predicted is None:
        return "no date"
    if not day_right(gold.published, predicted):
        gold_day = gold.published.date() if isinstance(gold.published, datetime) else gold.published
        predicted_day = predicted.date() if isinstance(predicted, datetime) else predicted
        if abs((predicted_day - gold_day).days) <= 1:
            return "day off by one (zone or wrong time)"
        return "wrong date (another date of the page)"
    if gold.precision != "minute" or not isinstance(gold.published, datetime):
        return None
    if minute_right(gold.published, predicted):
        return None
    if not isinstance(predicted, datetime):
        return "time lost (date only)"
    if predicted.astimezone(UTC).time() == datetime.min.time():
        return "time lost (midnight UTC)"
    return "wrong time (another time, or offset misread)"


def author_errors(gold: Sequence[str], predicted: Sequence[str]) -> list[tuple[str, str]]:
    """(kind, name) for each missed gold name and each predicted name not in the gold; a
    predicted name containing a gold name is one glued to a role or an agency."""
    gold_names = {normalize_name(name): name for name in gold}
    names = {normalize_name(name): name for name in predicted}
    glued = {
        gold_key
        for gold_key in gold_names
        for key in names
        if gold_key not in names and gold_key and gold_key in key
    }
    errors = [
        ("missed", gold_names[key]) for key in gold_names if key not in names and key not in glued
    ]
    for key, name in names.items():
        if key not in gold_names:
            is_glued = any(gold_key in key for gold_key in glued)
            errors.append(("glued to a role or agency" if is_glued else "not a gold author", name))
    return errors


def print_errors(pages: Sequence[Page], half: str) -> None:
    """Every miss of one half, system by system, then the count of each kind."""
    for system in SYSTEM_NAMES:
        kinds: Counter[str] = Counter()
        print(f"\n== {system}, half {half}")
        for page in pages:
            if page.gold.half != half:
                continue
            gold, predicted = page.gold, page.predictions[system]
            name = page.gold.id[:10]
            if predicted.title is not None and normalize_title(predicted.title) != normalize_title(
                gold.title
            ):
                kind = title_error(gold.title, predicted.title)
                kinds[f"title: {kind}"] += 1
                print(f"TITLE {name} [{kind}] gold {gold.title!r} got {predicted.title!r}")
            if predicted.authors is not None:
                for kind, author in author_errors(gold.authors, predicted.authors):
                    kinds[f"authors: {kind}"] += 1
                    print(f"AUTHOR {name} [{kind}] {author!r} (gold {list(gold.authors)})")
            date_kind = date_error(gold, predicted.published)
            if date_kind is not None:
                kinds[f"date: {date_kind}"] += 1
                print(
                    f"DATE {name} [{date_kind}] gold {_show_date(gold.published)} "
                    f"got {_show_date(predicted.published)}"
                )
        print(f"-- {system}, half {half}: kinds of misses")
        for kind, count in kinds.most_common():
            print(f"{count:4}  {kind}")


def _show_date(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Score titles, authors and dates against the metadata gold set."
    )
    parser.add_argument("--errors", choices=HALVES, help="list the misses of one half")
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="gold JSONL file")
    parser.add_argument(
        "--data", type=Path, default=DEFAULT_DATA_DIR, help="folder with html/<id>.html[.gz]"
    )
    arguments = parser.parse_args(argv)
    if not (arguments.data / "html").is_dir():
        print(
            f"{arguments.data / 'html'} not found: development data is only on CI and dev "
            "machines (expected ../shared/data/aeb-dev beside the repository)"
        )
        return 2
    pages = load_gold(arguments.gold, arguments.data)
    predict_claimledger(pages)
    for page in pages:
        for system, predict in SYSTEMS.items():
            page.predictions[system] = predict(page)
    print(f"{len(pages)} pages, gold {arguments.gold}")
    print("claimledger: title, authors and published as `claimledger extract` prints them")
    print(HEADER)
    for system in SYSTEM_NAMES:
        for half in (*HALVES, "both"):
            print(scores(pages, system, half).row(f"{system} {half}"))
    if arguments.errors:
        print_errors(pages, arguments.errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
