"""Throughput of extract_claims over the FA-KES dev texts, in articles per second per core.

Usage (from the repository root): ``uv run python bench/bench_claims.py [--data FILE] [--rounds N]``

One process, one thread: the figure is CPU time per article (``time.process_time``), so it
reads as articles per second per core whatever else the machine is doing. One untimed round
warms up the caches (compiled regexes, interned strings) first.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from extractors.claims import CLAIM_EXTRACTOR_NAME, CLAIM_EXTRACTOR_VERSION, extract_claims

DEFAULT_DATA = Path(__file__).resolve().parent.parent.parent / "shared/data/fakes/fakes-dev.csv"
TARGET_ARTICLES_PER_SECOND = 200.0


def load_texts(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [row["article_content"] for row in csv.DictReader(handle)]


def measure(texts: Sequence[str], rounds: int) -> float:
    """CPU seconds for ``rounds`` passes of extract_claims over ``texts``."""
    for text in texts:  # warm-up, not timed
        extract_claims(text)
    started = time.process_time()
    for _ in range(rounds):
        for text in texts:
            extract_claims(text)
    return time.process_time() - started


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="extract_claims throughput on FA-KES dev.")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--rounds", type=int, default=5)
    arguments = parser.parse_args(argv)
    if not arguments.data.is_file():
        print(f"{arguments.data} not found: development data is only on CI and dev machines")
        return 2
    texts = load_texts(arguments.data)
    seconds = measure(texts, arguments.rounds)
    articles = len(texts) * arguments.rounds
    characters = sum(map(len, texts)) * arguments.rounds
    rate = articles / seconds
    print(f"{CLAIM_EXTRACTOR_NAME} {CLAIM_EXTRACTOR_VERSION} on {len(texts)} FA-KES dev articles")
    print(f"{articles} extractions in {seconds:.2f} CPU s: {seconds / articles * 1000:.2f} ms each")
    print(f"throughput: {rate:.0f} articles/s/core ({characters / seconds / 1e6:.2f} MB/s/core)")
    print(f"target:     {TARGET_ARTICLES_PER_SECOND:.0f} articles/s/core")
    return 0 if rate >= TARGET_ARTICLES_PER_SECOND else 1


if __name__ == "__main__":
    sys.exit(main())
