"""Benchmark: stream a 100,000-record WARC.gz through the backfill reader in bounded memory.

Generates the archive with warcio in a temporary folder (small synthetic news pages, each
response preceded by its request, as crawlers write them, with some non-HTML bodies and some
captures outside the window), then times the two passes a backfill makes: `scan_chunks` (the
plan: one pass over the headers) and `read_responses` over every chunk turned into the
`FetchResult`s the pipeline stores. Optionally extracts the text of a sample of pages too.
Prints records/s and the peak RSS (resource.getrusage) against the 400 MB target.

    uv run python bench/bench_warc.py                 # 100k records
    uv run python bench/bench_warc.py --records 20000 --extract 500
"""

from __future__ import annotations

import argparse
import io
import random
import resource
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from claimledger.backfill import archived_fetch
from extractors.article import extract_article
from intake.warc import RecordFilter, read_responses, scan_chunks

RSS_TARGET_MB = 400
START = datetime(2026, 3, 1, tzinfo=UTC)
SENTENCE = (
    "officials said the council would review the flood defences after residents reported "
    "water in homes near the river while aid groups counted the damage across the valley"
)


def page(number: int, rng: random.Random) -> bytes:
    words = SENTENCE.split()
    paragraphs = "".join(
        f"<p>{' '.join(rng.choices(words, k=40))} {number + index}.</p>" for index in range(5)
    )
    return (
        f"<!DOCTYPE html><html lang=en><head><title>Story {number}</title></head><body>"
        f"<nav><a href=/>Home</a></nav><article><h1>Story {number}</h1>{paragraphs}</article>"
        "<footer>Example Courier</footer></body></html>"
    ).encode()


def write_archive(path: Path, records: int) -> None:
    """`records` records: warcinfo, then request/response pairs (1 in 10 bodies is not HTML,
    1 in 10 captures is dated before the window)."""
    rng = random.Random(1)
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "bench"}))
        for number in range((records - 1) // 2):
            url = f"https://news{number % 50}.example.org/story/{number}"
            when = START + timedelta(seconds=number * 7)
            if number % 10 == 3:
                when -= timedelta(days=60)
            body, kind = (
                (b"\x89PNG" + bytes(300), "image/png")
                if number % 10 == 7
                else (page(number, rng), "text/html")
            )
            date = {"WARC-Date": when.strftime("%Y-%m-%dT%H:%M:%SZ")}
            request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "x")], is_http_request=True)
            writer.write_record(
                writer.create_warc_record(
                    url,
                    "request",
                    payload=io.BytesIO(b""),
                    http_headers=request,
                    warc_headers_dict=date,
                )
            )
            response = StatusAndHeaders(
                "200 OK",
                [("Content-Type", kind), ("Content-Length", str(len(body)))],
                protocol="HTTP/1.1",
            )
            writer.write_record(
                writer.create_warc_record(
                    url,
                    "response",
                    payload=io.BytesIO(body),
                    http_headers=response,
                    warc_headers_dict=date,
                )
            )


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--chunk", type=int, default=1000, help="records per chunk")
    parser.add_argument("--extract", type=int, default=200, help="pages to extract text from")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-warc-") as folder:
        path = Path(folder) / "bench.warc.gz"
        began = time.perf_counter()
        write_archive(path, args.records)
        print(
            f"wrote {args.records} records, {path.stat().st_size / 1e6:.1f} MB gzipped, "
            f"in {time.perf_counter() - began:.1f} s; peak RSS {peak_rss_mb():.0f} MB"
        )

        wanted = RecordFilter(since=START, until=START + timedelta(days=30))
        began = time.perf_counter()
        chunks = scan_chunks(path, args.chunk, wanted)
        scan_seconds = time.perf_counter() - began
        print(
            f"plan: {len(chunks)} chunks, {sum(c.wanted for c in chunks)} wanted, "
            f"{args.records / scan_seconds:,.0f} records/s"
        )

        skipped: Counter[str] = Counter()
        stored = extracted = payload_bytes = 0
        began = time.perf_counter()
        for chunk in chunks:
            for response in read_responses(path, chunk, wanted, 10_000_000, skipped):
                result = archived_fetch(response, 10_000_000)
                payload_bytes += len(result.content)
                stored += 1
                if extracted < args.extract:
                    extract_article(result.content, result.final_url, result.content_type)
                    extracted += 1
        read_seconds = time.perf_counter() - began
        print(
            f"read: {stored} responses ({payload_bytes / 1e6:.0f} MB of HTML), "
            f"{dict(sorted(skipped.items()))}, text extracted from {extracted}; "
            f"{args.records / read_seconds:,.0f} records/s"
        )
        peak = peak_rss_mb()
        verdict = "OK" if peak < RSS_TARGET_MB else "OVER"
        print(f"peak RSS {peak:.0f} MB (target < {RSS_TARGET_MB} MB): {verdict}")
        if peak >= RSS_TARGET_MB:
            sys.exit(1)


if __name__ == "__main__":
    main()
