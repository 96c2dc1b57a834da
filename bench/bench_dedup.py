"""Per-article cost of deduplication with 10 thousand and with 100 thousand stored versions.

Usage (from the repository root):
``uv run python bench/bench_dedup.py [--sizes 10000 100000] [--batch 200] [--rounds 5]
[--postgres URL]``

The claim to check: a near-duplicate lookup costs the same whatever the number of stored
versions, because candidates come from indexed LSH band hashes, not from a scan. The script
fills a fresh database (SQLite in a temporary folder; PostgreSQL in a throwaway schema with
``--postgres``) up to each size, then times `derive.fingerprint_and_cluster` — the real step:
fingerprint, exact and near lookups, cluster writes, one transaction per version — over
``--batch`` new articles, a quarter of them edited copies of stored articles. It prints the
milliseconds per article at each size and their ratio (target: at most 1.3).

The filler versions are bulk-inserted with random signatures: unrelated texts agree on no LSH
band, so random signatures load the band index exactly as unrelated articles would, at a
fraction of the cost of writing and fingerprinting 100,000 texts. The originals of the copies
are real generated texts with real fingerprints, so the copies are found for real.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy
from sqlalchemy import Connection, func, insert, select, text

from claimledger import derive
from claimledger.settings import Settings
from extractors.fingerprints import FINGERPRINT_SCHEME, band_hashes, fingerprint
from storage.db import dispose_engines, upgrade
from storage.models import Article, ArticleVersion, Capture, FingerprintBand, VersionFingerprint

TARGET_RATIO = 1.3
NOW = datetime(2026, 3, 1, tzinfo=UTC)
CAPTURE = "0" * 64
WORDS_PER_TEXT = 350
INSERT_CHUNK = 5_000


class TextMaker:
    """Deterministic made-up news texts: unrelated to each other, and edited copies of them."""

    def __init__(self, seed: int = 7) -> None:
        self.random = random.Random(seed)
        syllables = ["ka", "lo", "mer", "tin", "sa", "vo", "rel", "dun", "pe", "ash", "il", "gor"]
        self.vocabulary = sorted(
            {
                "".join(self.random.choices(syllables, k=self.random.randint(1, 4)))
                for _ in range(6_000)
            }
        )

    def story(self) -> str:
        words = self.random.choices(self.vocabulary, k=WORDS_PER_TEXT)
        return ". ".join(" ".join(words[i : i + 15]) for i in range(0, len(words), 15)) + "."

    def edited_copy(self, original: str) -> str:
        """A subscriber's copy: a newsletter line on top, three words changed by the desk."""
        words = original.split(" ")
        for position in self.random.sample(range(len(words)), 3):
            words[position] = self.random.choice(self.vocabulary)
        return "Sign up for our morning briefing. " + " ".join(words)


class Ledger:
    """The benchmark database: bulk inserts with explicit ids, then the real pipeline step."""

    def __init__(self, database_url: str) -> None:
        self.settings = Settings(database_url=database_url)
        self.engine = upgrade(database_url)
        self.next_id = 1
        self.originals: list[str] = []
        with self.engine.begin() as connection:
            connection.execute(
                insert(Capture),
                [
                    {
                        "sha256": CAPTURE,
                        "url": "https://bench.example.org/",
                        "content_type": "text/html",
                        "size": 0,
                        "compression": "zlib",
                        "body": b"",
                        "fetched_at": NOW,
                    }
                ],
            )

    def stored_versions(self) -> int:
        with self.engine.connect() as connection:
            return connection.scalar(select(func.count()).select_from(ArticleVersion)) or 0

    def add_articles(self, connection: Connection, texts: Sequence[str]) -> list[int]:
        """Articles with one version each; returns the version ids (equal to the article ids)."""
        ids = list(range(self.next_id, self.next_id + len(texts)))
        self.next_id += len(texts)
        connection.execute(
            insert(Article),
            [
                {
                    "id": i,
                    "canonical_url": f"https://outlet{i % 97}.example.org/story/{i}",
                    "first_seen_at": NOW,
                    "last_checked_at": NOW,
                    "latest_version": 1,
                }
                for i in ids
            ],
        )
        connection.execute(
            insert(ArticleVersion),
            [
                {
                    "id": i,
                    "article_id": i,
                    "version": 1,
                    "url": f"https://outlet{i % 97}.example.org/story/{i}",
                    "fetched_at": NOW,
                    "capture_sha256": CAPTURE,
                    "text_hash": hashlib.sha256(body.encode()).hexdigest(),
                    "authors": [],
                    "text": body,
                    "extractor_name": "bench",
                    "extractor_version": "1",
                }
                for i, body in zip(ids, texts, strict=True)
            ],
        )
        return ids

    def add_fingerprints(
        self, connection: Connection, version_ids: Sequence[int], signatures: Sequence[bytes]
    ) -> None:
        connection.execute(
            insert(VersionFingerprint),
            [
                {
                    "id": i,
                    "article_version_id": i,
                    "scheme": FINGERPRINT_SCHEME,
                    "shingles": WORDS_PER_TEXT,
                    "signature": signature,
                    "created_at": NOW,
                }
                for i, signature in zip(version_ids, signatures, strict=True)
            ],
        )
        connection.execute(
            insert(FingerprintBand),
            [
                {"fingerprint_id": i, "band": band, "band_hash": band_hash}
                for i, signature in zip(version_ids, signatures, strict=True)
                for band, band_hash in enumerate(band_hashes(signature))
            ],
        )

    def fill_to(self, size: int, maker: TextMaker) -> None:
        """Stored, fingerprinted versions up to `size`: filler plus a few real originals."""
        while (missing := size - self.stored_versions()) > 0:
            count = min(missing, INSERT_CHUNK)
            originals = [maker.story() for _ in range(max(1, count // 100))]
            filler = [f"filler story {self.next_id + n}" for n in range(count - len(originals))]
            with self.engine.begin() as connection:
                ids = self.add_articles(connection, [*originals, *filler])
                real = [fingerprint(body) for body in originals]
                signatures = [f.signature for f in real if f] + [os.urandom(512) for _ in filler]
                self.add_fingerprints(connection, ids, signatures)
                self._advance_sequences(connection)
            self.originals.extend(originals)

    def settle(self) -> None:
        """Bring the freshly bulk-loaded database to the state a running one is in.

        Without this the first timed rounds pay for the load itself: PostgreSQL's pending
        checkpoint, hint bits and planner statistics, SQLite's write-ahead log.
        """
        with self.engine.connect() as connection:
            if connection.dialect.name == "postgresql":
                connection = connection.execution_options(isolation_level="AUTOCOMMIT")
                connection.execute(text("VACUUM ANALYZE"))
                connection.execute(text("CHECKPOINT"))
            else:
                connection.execute(text("ANALYZE"))
                connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
                connection.commit()

    def _advance_sequences(self, connection: Connection) -> None:
        """PostgreSQL: explicit ids do not move the sequences the pipeline's inserts use."""
        if connection.dialect.name != "postgresql":
            return
        for table in ("articles", "article_versions", "version_fingerprints"):
            connection.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))"
                )
            )

    def new_articles(self, count: int, maker: TextMaker) -> list[int]:
        """`count` new, not yet fingerprinted articles: a quarter copies of stored originals."""
        texts = [
            maker.edited_copy(maker.random.choice(self.originals)) if n % 4 == 0 else maker.story()
            for n in range(count)
        ]
        with self.engine.begin() as connection:
            ids = self.add_articles(connection, texts)
            self._advance_sequences(connection)
        return ids

    def time_dedup(self, count: int, maker: TextMaker) -> tuple[float, float, Counter[str]]:
        """Wall-clock and CPU milliseconds per article of the real dedup step.

        CPU time (this process: Python and, for SQLite, the database engine) is the steadier
        figure on a busy machine; wall-clock time also counts I/O and, on PostgreSQL, the server.
        """
        version_ids = self.new_articles(count, maker)
        wall, cpu = time.perf_counter(), time.process_time()
        counters = derive.fingerprint_and_cluster(self.settings, version_ids, run_id=None)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        return wall * 1000 / count, cpu * 1000 / count, counters


@contextmanager
def database(postgres_url: str | None, name: str) -> Iterator[str]:
    """A fresh SQLite file, or a throwaway schema on the given PostgreSQL server."""
    if postgres_url is None:
        with tempfile.TemporaryDirectory(prefix=f"bench-dedup-{name}-") as folder:
            yield f"sqlite:///{Path(folder) / 'ledger.db'}"
        return
    schema = f"bench_{name}_{uuid.uuid4().hex[:8]}"
    admin = sqlalchemy.create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in postgres_url else "?"
    try:
        yield f"{postgres_url}{separator}options=-csearch_path%3D{schema}"
    finally:
        dispose_engines()
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def run(ledgers: dict[int, Ledger], batch: int, rounds: int) -> dict[int, tuple[float, float]]:
    """Median wall-clock and CPU milliseconds per article at each size.

    Rounds alternate between the databases, so a busy moment on the machine slows both sizes
    alike instead of skewing the ratio.
    """
    maker = TextMaker(seed=11)
    walls: dict[int, list[float]] = {size: [] for size in ledgers}
    cpus: dict[int, list[float]] = {size: [] for size in ledgers}
    outcomes: dict[int, Counter[str]] = {size: Counter() for size in ledgers}
    for ledger in ledgers.values():
        ledger.time_dedup(batch // 4, maker)  # warm-up: caches, connections; not counted
    for _ in range(rounds):
        for size, ledger in ledgers.items():
            wall, cpu, counters = ledger.time_dedup(batch, maker)
            walls[size].append(wall)
            cpus[size].append(cpu)
            outcomes[size].update(counters)
    for size in ledgers:
        print(f"{size:>7} stored versions, rounds of {batch} new articles, ms per article:")
        print(f"    wall {', '.join(f'{t:.1f}' for t in walls[size])}")
        print(f"    cpu  {', '.join(f'{t:.1f}' for t in cpus[size])}")
        print(f"    outcomes {dict(sorted(outcomes[size].items()))}")
    return {
        size: (statistics.median(walls[size]), statistics.median(cpus[size])) for size in ledgers
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Dedup cost per article at two database sizes.")
    parser.add_argument("--sizes", type=int, nargs=2, default=[10_000, 100_000])
    parser.add_argument("--batch", type=int, default=200, help="new articles timed per round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--postgres", metavar="URL", help="run on PostgreSQL instead of SQLite")
    arguments = parser.parse_args(argv)
    started = time.perf_counter()
    small, large = sorted(arguments.sizes)
    print(f"{FINGERPRINT_SCHEME} on {'PostgreSQL' if arguments.postgres else 'SQLite'}")
    with (
        database(arguments.postgres, "small") as small_url,
        database(arguments.postgres, "large") as large_url,
    ):
        ledgers = {}
        for size, url in ((small, small_url), (large, large_url)):
            ledgers[size] = Ledger(url)
            ledgers[size].fill_to(size, TextMaker())
            ledgers[size].settle()
            print(f"filled {size} versions ({time.perf_counter() - started:.0f} s)")
        per_size = run(ledgers, arguments.batch, arguments.rounds)
        dispose_engines()
    for size in (small, large):
        wall, cpu = per_size[size]
        print(f"{size:>7} versions: {wall:.2f} ms/article wall-clock, {cpu:.2f} ms CPU (medians)")
    ratio = per_size[large][0] / per_size[small][0]
    cpu_ratio = per_size[large][1] / per_size[small][1]
    print(f"ratio {large} / {small}: {ratio:.2f} wall-clock, {cpu_ratio:.2f} CPU")
    print(f"target: wall-clock ratio <= {TARGET_RATIO}; took {time.perf_counter() - started:.0f} s")
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
