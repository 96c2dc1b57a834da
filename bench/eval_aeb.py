"""Score extract_article on the article-extraction-benchmark (AEB) dev pages.

Usage (from the repository root): ``uv run python bench/eval_aeb.py [--data DIR]``

The metric follows the benchmark's own definition (scrapinghub/article-extraction-benchmark):
per page, the multisets of 4-word shingles of prediction and truth give TP/FP/FN counts,
normalised to sum to 1 so long pages weigh no more than short ones; precision is averaged
over the pages with any predicted or matched shingle (an empty prediction counts against
recall only), recall over the pages with any true shingle; F1 is taken from the two averages.
Plain ``trafilatura.extract`` with its defaults is scored alongside as the reference point.

Scores are printed per half (A, B: the ``half`` of each page in ``bench/metadata/aeb.jsonl``)
and for both: rules are tuned on half A and checked on half B.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import trafilatura

from extractors.article import ExtractionError, extract_article

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "aeb-dev"
DEFAULT_HALVES = Path(__file__).resolve().parent / "metadata" / "aeb.jsonl"
SHINGLE_SIZE = 4
_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True)
class PageMatch:
    """Shingle overlap of one page, as shares of all shingles involved (summing to 1)."""

    true_positive: float
    false_positive: float
    false_negative: float


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float


def shingles(text: str, size: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """Multiset of ``size``-token shingles; a text shorter than ``size`` tokens is one shingle."""
    tokens = _TOKEN.findall(text)
    if not tokens:
        return Counter()
    count = max(1, len(tokens) - size + 1)
    return Counter(tuple(tokens[start : start + size]) for start in range(count))


def match_page(truth: str, prediction: str) -> PageMatch:
    """TP/FP/FN of the prediction's shingles against the truth's, normalised to sum 1."""
    true_shingles, predicted_shingles = shingles(truth), shingles(prediction)
    true_positive = sum((true_shingles & predicted_shingles).values())
    false_positive = sum((predicted_shingles - true_shingles).values())
    false_negative = sum((true_shingles - predicted_shingles).values())
    total = true_positive + false_positive + false_negative
    if total == 0:
        return PageMatch(0.0, 0.0, 0.0)
    return PageMatch(true_positive / total, false_positive / total, false_negative / total)


def score(matches: Iterable[PageMatch]) -> Scores:
    """Average per-page precision and recall; F1 from the two averages.

    A page enters the precision average only if something was predicted and the recall
    average only if it has a true body, as in the benchmark's reference implementation.
    """
    precisions: list[float] = []
    recalls: list[float] = []
    for match in matches:
        tp, fp, fn = match.true_positive, match.false_positive, match.false_negative
        if tp + fp > 0:
            precisions.append(tp / (tp + fp))
        if tp + fn > 0:
            recalls.append(tp / (tp + fn))
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(precision, recall, f1)


@dataclass(frozen=True)
class Page:
    page_id: str
    url: str
    html: bytes
    truth: str


def load_pages(data_dir: Path) -> list[Page]:
    """The benchmark pages in id order, HTML as raw bytes (the extractor decodes them)."""
    ground_truth = json.loads((data_dir / "ground-truth.json").read_text(encoding="utf-8"))
    return [
        Page(
            page_id=page_id,
            url=entry["url"],
            html=gzip.decompress((data_dir / "html" / f"{page_id}.html.gz").read_bytes()),
            truth=entry["articleBody"],
        )
        for page_id, entry in sorted(ground_truth.items())
    ]


def claimledger_text(page: Page) -> str:
    try:
        return extract_article(page.html, url=page.url, content_type="text/html").text
    except ExtractionError:
        return ""


def trafilatura_default_text(page: Page) -> str:
    return trafilatura.extract(page.html, url=page.url) or ""


def load_halves(path: Path) -> dict[str, str]:
    """Page id -> half ("A" or "B"), from the metadata gold set's ``half`` field."""
    halves: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            entry = json.loads(line)
            halves[entry["id"]] = entry["half"]
    return halves


def page_matches(
    pages: list[Page], extractor: Callable[[Page], str]
) -> tuple[list[PageMatch], float]:
    """Each page's shingle match under ``extractor``, and its throughput in pages per second.

    One untimed warm-up call keeps one-off costs (lazy imports, compiled patterns) out of
    the throughput, so the two extractors are compared on equal terms.
    """
    extractor(pages[0])
    started = time.perf_counter()
    predictions = [extractor(page) for page in pages]
    elapsed = time.perf_counter() - started
    matches = [match_page(page.truth, text) for page, text in zip(pages, predictions, strict=True)]
    return matches, len(pages) / elapsed if elapsed else float("inf")


def evaluate(pages: list[Page], extractor: Callable[[Page], str]) -> tuple[Scores, float]:
    """Scores of ``extractor`` over ``pages`` and its throughput in pages per second."""
    matches, pages_per_second = page_matches(pages, extractor)
    return score(matches), pages_per_second


def scores_by_half(
    pages: list[Page], matches: list[PageMatch], halves: dict[str, str]
) -> dict[str, Scores]:
    """Scores over each half's pages ("A", "B") and over all of them ("both")."""
    by_half: dict[str, list[PageMatch]] = {"A": [], "B": []}
    for page, match in zip(pages, matches, strict=True):
        by_half.setdefault(halves[page.page_id], []).append(match)
    return {**{half: score(found) for half, found in by_half.items()}, "both": score(matches)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR, help="aeb-dev folder")
    parser.add_argument(
        "--halves", type=Path, default=DEFAULT_HALVES, help="JSON Lines with each page's half"
    )
    arguments = parser.parse_args()
    data_dir = arguments.data
    if not (data_dir / "ground-truth.json").is_file():
        sys.exit(
            f"AEB dev data not found at {data_dir}: development data is only on CI and dev "
            "machines (expected ../shared/data/aeb-dev beside the repository)."
        )
    pages = load_pages(data_dir)
    halves = load_halves(arguments.halves)
    missing = [page.page_id for page in pages if page.page_id not in halves]
    if missing:
        sys.exit(f"{len(missing)} pages have no half in {arguments.halves}")
    counts = Counter(halves[page.page_id] for page in pages)
    print(f"{len(pages)} pages from {data_dir} (A {counts['A']}, B {counts['B']})")
    results = [
        (name, *page_matches(pages, extractor))
        for name, extractor in (
            ("claimledger", claimledger_text),
            ("trafilatura default", trafilatura_default_text),
        )
    ]
    print(f"{'half':<5} {'extractor':<20} {'precision':>9} {'recall':>7} {'F1':>6}")
    for half in ("A", "B", "both"):
        for name, matches, _ in results:
            scores = scores_by_half(pages, matches, halves)[half]
            print(
                f"{half:<5} {name:<20} {scores.precision:>9.3f} {scores.recall:>7.3f} "
                f"{scores.f1:>6.3f}"
            )
    for name, _, pages_per_second in results:
        print(f"{name}: {pages_per_second:.1f} pages/s")


if __name__ == "__main__":
    main()
