"""Benchmark: export 1,000,000 claims as CSV and JSON Lines in bounded memory.

Builds a temporary SQLite ledger through the storage layer (articles and versions with
`store.store_version`, claim sets with `claim_store.store_claim_sets`, a few thousand claims per
transaction; every claim with one counted quantity), then runs the real command,
`claimledger export claims --format csv|jsonl --output FILE`, each in a child process that
reports its own peak RSS (resource.getrusage). A child running `claimledger --help` gives the
baseline: what importing the command line costs before any row is read. Prints rows/s and peak
RSS side by side, against the 200 MiB target.

    uv run python bench/bench_export.py                    # 1,000,000 claims
    uv run python bench/bench_export.py --claims 100000 --formats csv jsonl parquet
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from claimledger import derive, store
from extractors.claims import Casualties, Claim, ClaimExtraction, Quantity, Source, Span
from storage import article_store, claim_store, values
from storage.db import session_scope, upgrade
from storage.values import VersionDraft

RSS_TARGET_MIB = 200
CLAIMS_PER_VERSION = 500
START = datetime(2026, 3, 1, tzinfo=UTC)
SOURCES = ["The Harbour Monitoring Group", "Medics", "The defence ministry", "Local officials"]

# Runs one `claimledger` command in this child and prints its peak RSS (KiB on Linux) last.
CHILD = """
import resource, sys
from claimledger.cli import main
sys.argv = ["claimledger", *sys.argv[1:]]
try:
    main()
except SystemExit as exit:
    if exit.code:
        raise
finally:
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""


def claim(number: int) -> Claim:
    source = SOURCES[number % len(SOURCES)]
    value = 3 + number % 400
    content = f"at least {value} civilians were killed in the shelling of district {number}"
    sentence = f"{source} said {content}."
    start = len(source) + 6
    count = f"at least {value} civilians"
    return Claim(
        start=0,
        end=len(sentence),
        kind="indirect",
        content=Span(start, start + len(content), content),
        source=Source(0, len(source), source, None),
        cue=Span(len(source) + 1, len(source) + 5, "said"),
        hedge=None,
        quantities=(
            Quantity(
                start,
                start + len(count),
                count,
                value,
                value,
                None,
                "at least",
                "civilians",
                "killed",
            ),
        ),
    )


def build_ledger(database_url: str, claims: int) -> float:
    """`claims` claims over versions of CLAIMS_PER_VERSION claims each; returns seconds taken."""
    began = time.perf_counter()
    upgrade(database_url)
    versions = -(-claims // CLAIMS_PER_VERSION)
    with session_scope(database_url) as session:
        article_store.store_captures(
            session,
            [
                values.CaptureRow(
                    "b" * 64,
                    "https://b.example/",
                    None,
                    len(b"<html></html>"),
                    values.compress_capture(b"<html></html>"),
                    START,
                )
            ],
        )
    made = 0
    for first in range(0, versions, 20):
        with session_scope(database_url) as session:
            sets = []
            for number in range(first, min(first + 20, versions)):
                url = f"https://news{number % 50}.example.org/story/{number}"
                when = START + timedelta(minutes=number)
                article_id = article_store.ensure_article(session, url, [], None, when)
                store.store_version(
                    session,
                    article_id,
                    VersionDraft(
                        url=url,
                        fetched_at=when,
                        capture_sha256="b" * 64,
                        text_hash=f"{number:064x}",
                        title=f"Story {number}",
                        authors=["Bench Writer"],
                        published_at=when,
                        modified_at=None,
                        language="en",
                        text=f"Story {number}.",
                        extractor_name="bench",
                        extractor_version="1",
                        run_id=None,
                    ),
                )
                version_id = article_store.article_versions(session, article_id)[-1].id
                count = min(CLAIMS_PER_VERSION, claims - made)
                extraction = ClaimExtraction(
                    tuple(claim(made + index) for index in range(count)), Casualties()
                )
                made += count
                sets.append(derive.claim_set_row(version_id, "1", extraction))
            claim_store.store_claim_sets(session, sets, None, START)
    return time.perf_counter() - began


def run_child(config: Path, *args: str) -> tuple[float, int]:
    """Seconds and peak RSS (KiB) of one `claimledger` command in a fresh process."""
    began = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, "--config", str(config), *args],
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - began
    if done.returncode:
        raise SystemExit(f"claimledger {' '.join(args)} failed:\n{done.stderr}")
    return seconds, int(done.stderr.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--formats", nargs="+", default=["csv", "jsonl"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-export-") as folder:
        directory = Path(folder)
        database_url = f"sqlite:///{directory / 'ledger.db'}"
        config = directory / "claimledger.toml"
        config.write_text(f"database_url = {json.dumps(database_url)}\n")
        build = build_ledger(database_url, args.claims)
        size = (directory / "ledger.db").stat().st_size / 2**20
        print(f"ledger: {args.claims:,} claims built in {build:.0f} s ({size:.0f} MiB SQLite)")
        startup, baseline = run_child(config, "--help")
        print(
            f"{'command':<30} {'rows/s':>9} {'net rows/s':>10} {'seconds':>8} "
            f"{'peak RSS':>10} {'file':>9}"
        )
        print(
            f"{'claimledger --help (start-up)':<30} {'':>9} {'':>10} {startup:>8.1f} "
            f"{baseline / 1024:>6.0f} MiB"
        )
        for format in args.formats:
            output = directory / f"claims.{format}"
            seconds, peak = run_child(config, "export", "claims", "--output", str(output))
            file_size = output.stat().st_size / 2**20
            verdict = "ok" if peak / 1024 < RSS_TARGET_MIB else "OVER TARGET"
            net = args.claims / max(seconds - startup, 1e-9)
            print(
                f"{'export claims -f ' + format:<30} {args.claims / seconds:>9,.0f} {net:>10,.0f} "
                f"{seconds:>8.1f} {peak / 1024:>6.0f} MiB {file_size:>5.0f} MiB  {verdict}"
            )
        print("net rows/s: rows over the wall time less the start-up of `claimledger --help`")
        print(f"target: peak RSS under {RSS_TARGET_MIB} MiB")


if __name__ == "__main__":
    main()
