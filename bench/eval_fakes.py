"""Score the casualty roll-up of extract_claims on the FA-KES dev articles.

Usage (from the repository root): ``uv run python bench/eval_fakes.py [--data FILE] [--errors]``

FA-KES annotates each article's headline toll of killed civilians, children, women and
non-civilians. Its civilians are all non-combatant victims, unspecified "people" included, so the
prediction for nb_civilians is the roll-up's civilians, else its people, else its children plus
women; a missing count is 0. Civilians and non-civilians partition the dead in FA-KES, so a
total of people with one part known gives the other part by difference. Per category the score
is exact match on the articles whose gold count is non-zero, and "zero kept" on those whose gold
is zero; the overall rates pool all four categories. A naive "first number right before the
category noun" regex is scored alongside as the reference point.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from extractors.claims import Toll, extract_claims

DEFAULT_DATA = Path(__file__).resolve().parent.parent.parent / "shared/data/fakes/fakes-dev.csv"
CATEGORIES = ("nb_civilians", "nb_children", "nb_women", "nb_noncivilians")
TARGET_NON_ZERO = 0.85
TARGET_ALL = 0.94

Prediction = dict[str, int]


@dataclass(frozen=True)
class Article:
    unit_id: str
    text: str
    gold: Prediction


def load_articles(path: Path) -> list[Article]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            Article(
                row["unit_id"],
                row["article_content"],
                {category: int(row[category]) for category in CATEGORIES},
            )
            for row in csv.DictReader(handle)
        ]


def predict_roll_up(text: str) -> Prediction:
    """The roll-up in FA-KES terms: civilians and non-civilians partition the dead, so a
    total of people with one part known gives the other part by difference."""
    killed: Toll = extract_claims(text).casualties.killed
    people, civilians, combatants = killed.people, killed.civilians, killed.combatants
    if people is not None and civilians is None and combatants is not None:
        civilians = max(people - combatants, 0)
    if people is not None and combatants is None and civilians is not None:
        combatants = max(people - civilians, 0)
    if civilians is None:
        civilians = people if people is not None else (killed.children or 0) + (killed.women or 0)
    return {
        "nb_civilians": civilians,
        "nb_children": killed.children or 0,
        "nb_women": killed.women or 0,
        "nb_noncivilians": combatants or 0,
    }


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
                article.unit_id,
                " ".join(f"{c[3:]}: gold {g} got {p}" for c, (g, p) in wrong.items()),
            )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Score the casualty roll-up on FA-KES dev.")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--errors", action="store_true", help="list the articles scored wrong")
    arguments = parser.parse_args(argv)
    if not arguments.data.is_file():
        print(f"{arguments.data} not found: development data is only on CI and dev machines")
        return 2
    articles = load_articles(arguments.data)
    systems: dict[str, Callable[[str], Prediction]] = {
        "claimledger-rules": predict_roll_up,
        "naive regex": predict_naive,
    }
    predictions = {name: [predict(a.text) for a in articles] for name, predict in systems.items()}
    print(f"FA-KES dev: {len(articles)} articles, {len(articles) * len(CATEGORIES)} counts\n")
    overall = _print_report(articles, predictions)
    ours = overall["claimledger-rules"]
    print(
        f"\ntarget: exact on non-zero >= {TARGET_NON_ZERO:.2f} (got {ours.non_zero_rate:.3f}), "
        f"over all counts >= {TARGET_ALL:.2f} (got {ours.all_rate:.3f})"
    )
    if arguments.errors:
        print()
        _print_errors(articles, predictions["claimledger-rules"])
    met = ours.non_zero_rate >= TARGET_NON_ZERO and ours.all_rate >= TARGET_ALL
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
