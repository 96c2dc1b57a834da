"""Benchmark: the web application's Claims page on a 1,000,000-claim ledger, first page against
deep pages, and a filtered CSV download streamed over HTTP.

The ledger is the one `bench_export.py` builds (versions of 500 claims, one counted quantity
each). The real application runs in a real uvicorn server on loopback; each page is fetched
with httpx several times and the median kept. Deep pages are reached the way a reader's "next
page" link reaches them: by the `after` cursor of the row before them (keyset), so their cost
should not grow with their depth. Prints milliseconds per page and the deep/first ratio.

    uv run python bench/bench_web.py                    # 1,000,000 claims
    uv run python bench/bench_web.py --claims 100000
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_export import CLAIMS_PER_VERSION, START, build_ledger

from claimledger.web import create_app
from claimledger.web.app import PAGE_SIZE
from claimledger.web.forms import encode_cursor
from tests.web_support import serving

REPEATS = 7
TARGET_RATIO = 3.0


def cursor_before(position: int, claims: int) -> str:
    """The `after` of the page starting at `position` (0: newest claim) in the Claims page's
    order (newest article first, then text order), from how `build_ledger` numbers rows."""
    versions = -(-claims // CLAIMS_PER_VERSION)
    previous = position - 1
    number = versions - 1 - previous // CLAIMS_PER_VERSION
    published = START + timedelta(minutes=number)
    claim_id = number * CLAIMS_PER_VERSION + previous % CLAIMS_PER_VERSION + 1
    return encode_cursor((published, number + 1, claim_id))


def median_ms(client: httpx.Client, url: str) -> float:
    times = []
    for _ in range(REPEATS):
        began = time.perf_counter()
        page = client.get(url)
        times.append((time.perf_counter() - began) * 1000)
        if page.status_code != 200 or page.text.count('data-claim-id="') != PAGE_SIZE:
            raise SystemExit(f"{url}: {page.status_code}, not a page of {PAGE_SIZE} claims")
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-web-") as folder:
        database_url = f"sqlite:///{Path(folder) / 'ledger.db'}"
        build = build_ledger(database_url, args.claims)
        print(f"ledger: {args.claims:,} claims built in {build:.0f} s")
        with serving(create_app(database_url)) as site, httpx.Client(timeout=120) as client:
            depths = {
                "first page": 0,
                "page 2": PAGE_SIZE,
                "middle page": args.claims // 2,
                "last full page": args.claims - PAGE_SIZE,
            }
            pages = {
                name: f"{site}/claims"
                + (f"?after={cursor_before(depth, args.claims)}" if depth else "")
                for name, depth in depths.items()
            }
            timed = {name: median_ms(client, url) for name, url in pages.items()}
            began = time.perf_counter()
            with client.stream("GET", f"{site}/download/claims.csv?source=Medics") as download:
                first_byte = None
                rows = 0
                for chunk in download.iter_text():
                    first_byte = first_byte or time.perf_counter() - began
                    rows += chunk.count("\n")
            total = time.perf_counter() - began
        print(f"{'Claims page (50 rows)':<24} {'median ms':>10} {'/ first':>8}")
        for name, milliseconds in timed.items():
            print(f"{name:<24} {milliseconds:>10.1f} {milliseconds / timed['first page']:>8.2f}")
        worst = max(timed.values()) / timed["first page"]
        verdict = "ok" if worst < TARGET_RATIO else "OVER TARGET"
        print(f"deepest/first: {worst:.2f} (target under {TARGET_RATIO:.0f}) {verdict}")
        print(
            f"download claims.csv?source=Medics: {rows - 1:,} rows in {total:.1f} s "
            f"({(rows - 1) / total:,.0f} rows/s), first byte after {first_byte or 0:.2f} s"
        )


if __name__ == "__main__":
    main()
