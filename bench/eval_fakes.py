"""Score the casualty roll-up of extract_claims on the FA-KES dev articles.

Usage (from the repository root): ``uv run python bench/eval_fakes.py [--data FILE] [--errors]``

FA-KES annotates each article's headline toll of killed civilians, children, women and
non-civilians. Its convention counts unspecified "people" as civilians, so the prediction for
nb_civilians is the roll-up's civilians, or its people when no civilians are given; a missing
count is 0. Per category the score is exact match on the articles whose gold count is non-zero,
and "zero kept" on those whose gold is zero; the overall rates pool all four categories. A naive
"first number before the category noun" regex is scored alongside as the reference point.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections.abc import Callable, Sequence
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
    killed: Toll = extract_claims(text).casualties.killed
    civilians = killed.civilians if killed.civilians is not None else killed.people
    return {
        "nb_civilians": civilians or 0,
        "nb_children": killed.children or 0,
        "nb_women": killed.women or 0,
        "nb_noncivilians": killed.combatants or 0,
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
    non_zero: float
    zero_kept: float
    exact: float


def _rate(hits: int, total: int) -> float:
    return hits / total if total else float("nan")


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
    return Rates(
        _rate(non_zero_hits, non_zero),
        _rate(zero_hits, zero),
        _rate(non_zero_hits + zero_hits, non_zero + zero),
    )


def _print_report(
    articles: Sequence[Article], systems: dict[str, Sequence[Prediction]]
) -> dict[str, Rates]:
    names = list(systems)
    header = f"{'':18}" + "".join(f"{name:>30}" for name in names)
    print(header)
    print(f"{'':18}" + f"{'non-zero  zero-kept  all':>30}" * len(names))
    overall: dict[str, Rates] = {}
    for label, categories in [*((c, [c]) for c in CATEGORIES), ("overall", list(CATEGORIES))]:
        row = f"{label:18}"
        for name in names:
            rates = score(articles, systems[name], categories)
            row += f"{rates.non_zero:>14.3f}{rates.zero_kept:>11.3f}{rates.exact:>5.2f}"
            if label == "overall":
                overall[name] = rates
        print(row)
    return overall


def _print_errors(articles: Sequence[Article], predictions: Sequence[Prediction]) -> None:
    for article, prediction in zip(articles, predictions, strict=True):
        wrong = {c: (article.gold[c], prediction[c]) for c in CATEGORIES if article.gold[c] != prediction[c]}
        if wrong:
            print(article.unit_id, " ".join(f"{c[3:]}: gold {g} got {p}" for c, (g, p) in wrong.items()))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
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
        f"\ntarget: non-zero >= {TARGET_NON_ZERO:.2f} (got {ours.non_zero:.3f}), "
        f"all counts >= {TARGET_ALL:.2f} (got {ours.exact:.3f})"
    )
    if arguments.errors:
        print()
        _print_errors(articles, predictions["claimledger-rules"])
    met = ours.non_zero >= TARGET_NON_ZERO and ours.exact >= TARGET_ALL
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
