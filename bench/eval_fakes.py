"""Score the headline toll that `claimledger extract` prints on the FA-KES dev articles.

Usage (from the repository root):
``uv run python bench/eval_fakes.py [--set fakes|written|written2|...|written10] [--data FILE]
[--errors]``

``--set written`` to ``--set written10`` score a batch of the conflict reports written for the
project instead (``bench/tolls/reports.jsonl`` to ``reports10.jsonl``, described in
``bench/tolls/README.md``): toll sets independent of FA-KES, which need no ../shared.

Every article is written to a ``.txt`` file and read back through ``extract_document``, the
function behind ``claimledger extract``; the score reads the ``casualties.killed`` block of its
JSON as printed, with no derivation here: nb_civilians is ``non_combatants`` (FA-KES counts
unspecified people among civilians, which is what that field means), nb_children
``children``, nb_women ``women``, nb_noncivilians ``combatants``; null counts as 0.

Per category the score is exact match on the articles whose gold count is non-zero, and "zero
kept" on those whose gold is zero; the overall rates pool all four categories. The articles are
split in two halves by row (even rows: half A, the tuning half; odd rows: half B, the check;
the written reports alternate the same way in file order),
and every figure is given for both. A naive "first number right before the category noun" regex
is scored alongside as the reference point.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimledger.documents import ExtractedDocument, extract_document
from intake.http import Fetcher

DEFAULT_DATA = Path(__file__).resolve().parent.parent.parent / "shared/data/fakes/fakes-dev.csv"
# Conflict reports written for the project, in FA-KES's genre, with their tolls annotated: one
# file per batch, each an untouched check when it was added (bench/tolls/README.md).
WRITTEN_SETS = {
    "written": Path(__file__).resolve().parent / "tolls" / "reports.jsonl",
    "written2": Path(__file__).resolve().parent / "tolls" / "reports2.jsonl",
    "written3": Path(__file__).resolve().parent / "tolls" / "reports3.jsonl",
    "written4": Path(__file__).resolve().parent / "tolls" / "reports4.jsonl",
    "written5": Path(__file__).resolve().parent / "tolls" / "reports5.jsonl",
    "written6": Path(__file__).resolve().parent / "tolls" / "reports6.jsonl",
    "written7": Path(__file__).resolve().parent / "tolls" / "reports7.jsonl",
    "written8": Path(__file__).resolve().parent / "tolls" / "reports8.jsonl",
    "written9": Path(__file__).resolve().parent / "tolls" / "reports9.jsonl",
    "written10": Path(__file__).resolve().parent / "tolls" / "reports10.jsonl",
}
CATEGORIES = ("nb_civilians", "nb_children", "nb_women", "nb_noncivilians")
# FA-KES column -> field of the contract's casualties.killed block.
CONTRACT_FIELDS = {
    "nb_civilians": "non_combatants",
    "nb_children": "children",
    "nb_women": "women",
    "nb_noncivilians": "combatants",
}
HALVES = ("A", "B")
TARGET_NON_ZERO = 0.82
TARGET_ALL = 0.92

Prediction = dict[str, int]


@dataclass(frozen=True)
class Article:
    row: int
    unit_id: str
    text: str
    gold: Prediction

    @property
    def half(self) -> str:
        """A for even rows (tuning), B for odd rows (check)."""
        return HALVES[self.row % 2]


def load_written(path: Path) -> list[Article]:
    """A batch of written reports (``bench/tolls/reports.jsonl``, ``reports2.jsonl``): each line
    holds its ``text`` and its ``gold`` counts under FA-KES's column names without ``nb_``."""
    with path.open(encoding="utf-8") as handle:
        lines = [json.loads(line) for line in handle if line.strip()]
    return [
        Article(
            index,
            line["id"],
            line["text"],
            {category: int(line["gold"][category.removeprefix("nb_")]) for category in CATEGORIES},
        )
        for index, line in enumerate(lines)
    ]


def load_articles(path: Path) -> list[Article]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            Article(
                index,
                row["unit_id"],
                row["article_content"],
                {category: int(row[category]) for category in CATEGORIES},
            )
            for index, row in enumerate(csv.DictReader(handle))
        ]


def extract_killed(articles: Sequence[Article]) -> list[dict[str, Any]]:
    """The ``casualties.killed`` block `claimledger extract` prints for each article."""
    blocks: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as folder, Fetcher() as fetcher:
        for article in articles:
            path = Path(folder) / f"{article.row:04}-{article.unit_id}.txt"
            path.write_text(article.text, encoding="utf-8")
            document = extract_document(str(path), fetcher)
            if not isinstance(document, ExtractedDocument):
                raise SystemExit(f"{path.name}: {document.error}")
            blocks.append(document.to_dict()["casualties"]["killed"])
    return blocks


def predict_contract(killed: Mapping[str, Any]) -> Prediction:
    """FA-KES's columns read straight off the contract's fields; null is 0."""
    return {category: killed[field] or 0 for category, field in CONTRACT_FIELDS.items()}


_NAIVE = {
    "nb_civilians": re.compile(r"(\d+) civilians", re.IGNORECASE),
    "nb_children": re.compile(r"(\d+) children", re.IGNORECASE),
    "nb_women": re.compile(r"(\d+) women", re.IGNORECASE),
    "nb_noncivilians": re.compile(r"(\d+) (?:fighters|soldiers|militants)", re.IGNORECASE),
}


def predict_naive(text: str) -> Prediction:
    """The first number written right before the category's noun, else 0."""
    prediction: Prediction = {}
    for category, pattern in _NAIVE.items():
        match = pattern.search(text)
        prediction[category] = int(match.group(1)) if match else 0
    return prediction


@dataclass(frozen=True)
class Rates:
    """Hits and totals on the non-zero and the zero gold counts."""

    non_zero_hits: int
    non_zero: int
    zero_hits: int
    zero: int

    @property
    def non_zero_rate(self) -> float:
        return self.non_zero_hits / self.non_zero if self.non_zero else float("nan")

    @property
    def zero_kept_rate(self) -> float:
        return self.zero_hits / self.zero if self.zero else float("nan")

    @property
    def all_rate(self) -> float:
        return (self.non_zero_hits + self.zero_hits) / (self.non_zero + self.zero)


def score(
    articles: Sequence[Article], predictions: Sequence[Prediction], categories: Sequence[str]
) -> Rates:
    non_zero = non_zero_hits = zero = zero_hits = 0
    for article, prediction in zip(articles, predictions, strict=True):
        for category in categories:
            gold, predicted = article.gold[category], prediction[category]
            if gold:
                non_zero += 1
                non_zero_hits += predicted == gold
            else:
                zero += 1
                zero_hits += predicted == 0
    return Rates(non_zero_hits, non_zero, zero_hits, zero)


def _cell(rates: Rates) -> str:
    return (
        f"{rates.non_zero_rate:6.3f} ({rates.non_zero_hits:3}/{rates.non_zero:3})"
        f"{rates.zero_kept_rate:10.3f}{rates.all_rate:7.3f}"
    )


def _print_report(
    articles: Sequence[Article], systems: Mapping[str, Sequence[Prediction]]
) -> dict[str, Rates]:
    """One row per category and an overall row; one column group per system."""
    width = len(_cell(Rates(0, 1, 0, 1)))
    print(f"{'':17}" + "".join(f" | {name:^{width}}" for name in systems))
    print(f"{'':17}" + f" | {'non-zero exact':<16}{'zero-kept':>10}{'all':>7}" * len(systems))
    overall: dict[str, Rates] = {}
    rows = [*((category, [category]) for category in CATEGORIES), ("overall", CATEGORIES)]
    for label, categories in rows:
        cells = []
        for name, predictions in systems.items():
            rates = score(articles, predictions, categories)
            cells.append(_cell(rates))
            overall[name] = rates
        print(f"{label:17}" + "".join(f" | {cell}" for cell in cells))
    return overall


def _print_errors(articles: Sequence[Article], predictions: Sequence[Prediction]) -> None:
    for article, prediction in zip(articles, predictions, strict=True):
        wrong = {
            c: (article.gold[c], prediction[c])
            for c in CATEGORIES
            if article.gold[c] != prediction[c]
        }
        if wrong:
            print(
                f"{article.half} row {article.row:3} {article.unit_id}",
                " ".join(f"{c[3:]}: gold {g} got {p}" for c, (g, p) in wrong.items()),
            )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Score the casualties block of `claimledger extract` on FA-KES dev."
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="FA-KES CSV (--set fakes)")
    parser.add_argument(
        "--set",
        choices=("fakes", *WRITTEN_SETS),
        default="fakes",
        help="FA-KES dev (../shared) or a batch of written reports of bench/tolls (default: fakes)",
    )
    parser.add_argument("--errors", action="store_true", help="list the articles scored wrong")
    arguments = parser.parse_args(argv)
    if arguments.set in WRITTEN_SETS:
        articles = load_written(WRITTEN_SETS[arguments.set])
    elif not arguments.data.is_file():
        print(f"{arguments.data} not found: development data is only on CI and dev machines")
        return 2
    else:
        articles = load_articles(arguments.data)
    label = "FA-KES dev" if arguments.set == "fakes" else "written reports"
    ours = [predict_contract(killed) for killed in extract_killed(articles)]
    naive = [predict_naive(article.text) for article in articles]
    results: dict[str, Rates] = {}
    for half in (*HALVES, "all"):
        chosen = [i for i, article in enumerate(articles) if half in {"all", article.half}]
        subset = [articles[i] for i in chosen]
        print(f"\n{label}, half {half}: {len(subset)} articles, {len(subset) * 4} counts")
        systems = {
            "claimledger extract": [ours[i] for i in chosen],
            "naive regex": [naive[i] for i in chosen],
        }
        results[half] = _print_report(subset, systems)["claimledger extract"]
    total = results["all"]
    print(
        f"\ntarget: exact on non-zero >= {TARGET_NON_ZERO:.2f} (A {results['A'].non_zero_rate:.3f}"
        f", B {results['B'].non_zero_rate:.3f}, all {total.non_zero_rate:.3f}); over all counts"
        f" >= {TARGET_ALL:.2f} (A {results['A'].all_rate:.3f}, B {results['B'].all_rate:.3f}, "
        f"all {total.all_rate:.3f})"
    )
    if arguments.errors:
        print()
        _print_errors(articles, ours)
    met = total.non_zero_rate >= TARGET_NON_ZERO and total.all_rate >= TARGET_ALL
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
