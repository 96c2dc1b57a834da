"""Ingest throughput against a trafilatura baseline, on SQLite and PostgreSQL, in one command.

Usage (from the repository root):

    uv run python bench/bench_ingest.py [--pages 1000] [--postgres URL] [--sample 300]

The corpus is the article-extraction-benchmark dev pages (../shared/data/aeb-dev), repeated
under distinct URLs and lightly varied (one extra paragraph, no canonical link) so that every
copy is its own article; a threaded loopback HTTP server serves them with a handful of RSS
feeds listing them. In the same run it measures:

- the baseline: `trafilatura.extract` over the same bytes in a pool of 2 processes;
- the real `ingest` flow (fetch, extract, dedup, claims, store) on a fresh SQLite file and a
  fresh PostgreSQL schema, against Prefect's temporary server, whose start is timed apart, with
  the configured extraction pool (`[ingest] extract_processes`, default one per core): its
  processes' CPU time counts with the flow's (the first run's includes their start);
- the cost split by stage, by calling the pipeline's stage functions directly (no Prefect, no
  extraction pool) on a sample of pages with timers wrapped around them from here, not inside
  the product;
- what the flow costs beyond the stages: its CPU time beyond the stages' own (Prefect's task
  runs and server, handing pages to the extraction processes, their start, the corpus server);
- peak RSS of each flow run (Linux: VmHWM, reset before each), and over the whole benchmark
  of this process and of its largest child (resource.getrusage).

Exit status: 0 when ingest reaches both targets (ratio to baseline and pages/s per core), 1 when
not, 2 when the data is missing.
"""

from __future__ import annotations

import argparse
import gzip
import multiprocessing.forkserver
import os
import re
import resource
import shutil
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

# Prefect reads its settings at import: a private home, no analytics, quiet console, and never
# an API URL from the caller's environment (the benchmark starts its own temporary server).
# (Where the ingest's extraction pool has no fork server and spawns its processes, they import
# this file again as __mp_main__: they keep the home of the process that started them.)
_PREFECT_HOME = (
    os.environ["PREFECT_HOME"]
    if __name__ == "__mp_main__"
    else tempfile.mkdtemp(prefix="claimledger-bench-prefect-")
)
os.environ["PREFECT_HOME"] = _PREFECT_HOME
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.pop("PREFECT_API_URL", None)

import sqlalchemy  # noqa: E402
import trafilatura  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from claimledger import derive, page_ingest, polling, pool, prepare, runs, store  # noqa: E402
from claimledger.settings import Settings, load_settings  # noqa: E402
from intake.http import Fetcher  # noqa: E402
from storage import article_store, claim_store, values  # noqa: E402
from storage.db import dispose_engines, session_scope, upgrade  # noqa: E402

DATA_DIR = Path(__file__).resolve().parents[2] / "shared" / "data"
PAGES_DIR = DATA_DIR / "aeb-dev" / "html"
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
FEEDS = 8
BASELINE_PROCESSES = 2
TARGET_RATIO = 0.8
TARGET_PAGES_PER_SECOND_PER_CORE = 25.0
T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)

_FIRST_PARAGRAPH_END = re.compile(rb"</p\s*>", re.IGNORECASE)
_IDENTITY_TAGS = re.compile(
    rb"<link[^>]*rel=[\"']?canonical[^>]*>|<meta[^>]*og:url[^>]*>", re.IGNORECASE
)


# --- the corpus --------------------------------------------------------------------------------


def load_base_pages(directory: Path) -> list[bytes]:
    """The benchmark's HTML pages, without canonical links, so each copy's URL is its identity."""
    return [
        _IDENTITY_TAGS.sub(b"", gzip.decompress(path.read_bytes()))
        for path in sorted(directory.glob("*.html.gz"))
    ]


def page_copy(bases: Sequence[bytes], index: int) -> bytes:
    """Copy `index` of the corpus: a base page with one paragraph of its own after the first.

    Made on demand (by the HTTP server and by the baseline's workers alike) rather than held in
    memory, so that 1,000 copies of 190 KB pages do not inflate the peak RSS being measured.
    """
    base = bases[index % len(bases)]
    extra = (
        f"<p>Benchmark copy {index}: this paragraph makes page {index} differ from the other "
        f"copies of page {index % len(bases)}.</p>"
    ).encode()
    match = _FIRST_PARAGRAPH_END.search(base)
    cut = match.end() if match else len(base)
    return base[:cut] + extra + base[cut:]


def page_path(index: int) -> str:
    return f"/p/{index}.html"


def feed_xml(base_url: str, feed: int, pages: int) -> bytes:
    """An RSS feed listing every FEEDS-th page, oldest first."""
    items = "".join(
        f"<item><title>Page {index}</title><link>{escape(base_url + page_path(index))}</link>"
        f"<pubDate>{format_datetime(T0 + timedelta(minutes=index))}</pubDate></item>"
        for index in range(feed, pages, FEEDS)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Bench feed {feed}</title>'
        f"<link>{escape(base_url)}/</link><description>bench</description>{items}</channel></rss>"
    ).encode()


class CorpusServer(ThreadingHTTPServer):
    """Loopback HTTP server of the corpus: /p/<i>.html pages and /feed/<k>.xml feeds."""

    daemon_threads = True

    def __init__(self, bases: list[bytes], pages: int) -> None:
        super().__init__(("127.0.0.1", 0), CorpusHandler)
        self.bases = bases
        self.pages = pages
        self.base_url = f"http://127.0.0.1:{self.server_address[1]}"

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients dropping kept-alive connections is normal here; anything else is printed."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)

    def feed_urls(self) -> list[str]:
        return [f"{self.base_url}/feed/{feed}.xml" for feed in range(FEEDS)]

    def body_for(self, path: str) -> tuple[bytes, str] | None:
        if match := re.fullmatch(r"/p/(\d+)\.html", path):
            index = int(match[1])
            if index < self.pages:
                return page_copy(self.bases, index), "text/html"
        if match := re.fullmatch(r"/feed/(\d+)\.xml", path):
            return feed_xml(self.base_url, int(match[1]), self.pages), "application/rss+xml"
        return None


class CorpusHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as real publishers' servers do
    # Head and body leave in two writes; with Nagle's algorithm the body would wait for the
    # client's delayed ACK of the head, a loopback artefact that real servers avoid.
    disable_nagle_algorithm = True
    server: CorpusServer

    def do_GET(self) -> None:
        found = self.server.body_for(self.path)
        body, content_type = found or (b"not found", "text/plain")
        self.send_response(200 if found else 404)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Silent: a thousand access-log lines would bury the table."""


@contextmanager
def serving(bases: list[bytes], pages: int) -> Iterator[CorpusServer]:
    server = CorpusServer(bases, pages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


# --- measurements ------------------------------------------------------------------------------


@dataclass
class Measure:
    """One row of the throughput table.

    Wall-clock rates are what an operator sees but move with whatever else the machine runs;
    CPU-time rates (this process or the baseline's workers, plus the Prefect server and the
    ingest's extraction processes) do not.
    """

    name: str
    pages: int
    wall: float
    cpu: float
    prefect_cpu: float = 0.0
    pool_cpu: float = 0.0  # the ingest's extraction processes
    stored: int | None = None
    peak_rss_mib: float | None = None
    notes: str = ""

    @property
    def rate(self) -> float:
        return self.pages / self.wall

    @property
    def rate_per_core(self) -> float:
        return self.rate / (os.cpu_count() or 1)

    @property
    def total_cpu(self) -> float:
        return self.cpu + self.prefect_cpu + self.pool_cpu

    @property
    def pages_per_cpu_second(self) -> float:
        return self.pages / self.total_cpu


_worker_bases: list[bytes] = []


def _init_baseline_worker(directory: Path) -> None:
    global _worker_bases
    _worker_bases = load_base_pages(directory)


def _baseline_extract(index: int) -> int:
    text = trafilatura.extract(page_copy(_worker_bases, index))
    return len(text or "")


def measure_baseline(pages: int) -> Measure:
    """trafilatura.extract over the corpus in a 2-process pool; the pool is warm before timing."""
    with ProcessPoolExecutor(
        BASELINE_PROCESSES, initializer=_init_baseline_worker, initargs=(PAGES_DIR,)
    ) as pool:
        list(pool.map(_baseline_extract, range(BASELINE_PROCESSES * 2)))
        cpu_before = _children_cpu()
        started = time.perf_counter()
        lengths = list(pool.map(_baseline_extract, range(pages), chunksize=8))
        wall = time.perf_counter() - started
    # Children's CPU time is known once they have exited; the warm-up is a rounding error.
    extracted = sum(1 for length in lengths if length)
    return Measure(
        f"baseline: trafilatura.extract, {BASELINE_PROCESSES} processes",
        pages,
        wall,
        _children_cpu() - cpu_before,
        notes=f"{extracted} pages with text",
    )


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _process_cpu(pid: int) -> float | None:
    """CPU seconds of another process so far (Linux /proc); None elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def extract_pool_cpu() -> dict[int, float]:
    """CPU seconds so far of each process of the ingest's extraction pools (Linux /proc), and
    of the fork server their processes are forked from (it imports the pipeline once)."""
    pids = pool.pool_process_ids()
    # multiprocessing keeps the fork server's pid privately; reading it is for measuring only.
    fork_server = getattr(multiprocessing.forkserver._forkserver, "_forkserver_pid", None)
    if fork_server is not None:
        pids.append(fork_server)
    return {pid: cpu for pid in pids if (cpu := _process_cpu(pid)) is not None}


def extract_pool_peak_rss_mib() -> float | None:
    """The largest peak RSS (VmHWM) of the extraction pool's processes; None without a pool."""
    peaks = []
    for pid in pool.pool_process_ids():
        with suppress(OSError):
            status = Path(f"/proc/{pid}/status").read_text()
            if match := re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE):
                peaks.append(int(match[1]) / 1024)
    return max(peaks) if peaks else None


def reset_peak_rss() -> None:
    """Restart this process's peak-RSS count (Linux), so that each run gets its own figure."""
    with suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def peak_rss_since_reset_mib() -> float | None:
    """This process's peak RSS since `reset_peak_rss` (VmHWM, Linux); None elsewhere."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return None
    match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
    return int(match[1]) / 1024 if match else None


def write_bench_config(directory: Path, database_url: str, server: CorpusServer) -> Path:
    """A claimledger.toml for the loopback corpus: no politeness delay, loopback allowed."""
    sources = "".join(
        f'[[sources]]\nname = "bench-{feed}"\nurl = "{url}"\nkind = "rss"\n'
        for feed, url in enumerate(server.feed_urls())
    )
    path = directory / "claimledger.toml"
    path.write_text(
        f"database_url = {database_url!r}\n\n"
        "[http]\nmin_host_delay = 0.0\n"
        'allowed_networks = ["127.0.0.0/8"]  # the loopback corpus server\n\n'
        f"[ingest]\nmax_entries_per_source = {server.pages}\n\n{sources}"
    )
    return path


def stored_articles(database_url: str) -> int:
    with session_scope(database_url) as session:
        return article_store.table_counts(session)["articles"]


def measure_ingest_flow(
    name: str, config: Path, pages: int, prefect_server_pid: int | None, notes: str = ""
) -> tuple[Measure, dict[str, int]]:
    """One real `ingest` flow run over the corpus, with this process's and the Prefect
    server's CPU time."""
    from flows.ingest import ingest

    server_cpu_before = _process_cpu(prefect_server_pid) if prefect_server_pid else None
    pool_cpu_before = extract_pool_cpu()
    reset_peak_rss()
    cpu_before = time.process_time()
    started = time.perf_counter()
    counters = ingest(kind="manual", config_path=str(config))
    wall = time.perf_counter() - started
    cpu = time.process_time() - cpu_before
    peak_rss = peak_rss_since_reset_mib()
    pool_cpu_after = extract_pool_cpu()
    # Processes started during the run count from zero (their start-up included).
    pool_cpu = sum(cpu - pool_cpu_before.get(pid, 0.0) for pid, cpu in pool_cpu_after.items())
    if pool_cpu_after:
        pool_rss = extract_pool_peak_rss_mib()
        notes = (
            f"extraction processes (and fork server): {len(pool_cpu_after)}, "
            f"{pool_cpu:.1f} CPU s, "
            f"peak RSS {pool_rss or 0:.0f} MiB each at most" + (f"; {notes}" if notes else "")
        )
    server_cpu_after = _process_cpu(prefect_server_pid) if prefect_server_pid else None
    prefect_cpu = 0.0
    if server_cpu_before is not None and server_cpu_after is not None:
        prefect_cpu = server_cpu_after - server_cpu_before
        notes = f"Prefect server CPU {prefect_cpu:.1f} s" + (f"; {notes}" if notes else "")
    stored = stored_articles(load_settings(config).database_url)
    return Measure(name, pages, wall, cpu, prefect_cpu, pool_cpu, stored, peak_rss, notes), counters


@contextmanager
def postgres_schema(url: str) -> Iterator[str]:
    """A fresh schema on the server at `url`, dropped afterwards; yields a URL that uses it."""
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = sqlalchemy.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sqlalchemy.text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in url else "?"
    try:
        yield f"{url}{separator}options=-csearch_path%3D{schema}"
    finally:
        dispose_engines()
        with admin.connect() as connection:
            connection.execute(sqlalchemy.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def postgres_problem(url: str) -> str | None:
    try:
        engine = sqlalchemy.create_engine(url)
        with engine.connect() as connection:
            connection.execute(sqlalchemy.text("SELECT 1"))
        engine.dispose()
    except Exception as error:  # any failure to connect means the same thing here
        return str(error).splitlines()[0]
    return None


@contextmanager
def prefect_temporary_server() -> Iterator[tuple[float, int | None]]:
    """Prefect's temporary server, as `ingest --once` would start it; yields (start s, pid)."""
    from prefect.server.api.server import SubprocessASGIServer
    from prefect.settings import PREFECT_API_URL, temporary_settings

    server = SubprocessASGIServer()
    started = time.perf_counter()
    server.start(timeout=120)
    startup = time.perf_counter() - started
    pid = server.server_process.pid if server.server_process else None
    try:
        with temporary_settings({PREFECT_API_URL: server.api_url}):
            yield startup, pid
    finally:
        server.stop()


# --- cost split by stage -----------------------------------------------------------------------


@dataclass
class StageClock:
    """Wall and CPU seconds per stage, summed over calls.

    The stages run one after another in this thread, so the thread's CPU time is the stage's
    own work (SQLite included; a PostgreSQL server's is not), whatever else loads the machine.
    """

    wall: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))
    cpu: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))

    @contextmanager
    def measuring(self, stage: str) -> Iterator[None]:
        wall, cpu = time.perf_counter(), time.thread_time()
        try:
            yield
        finally:
            self.wall[stage] += time.perf_counter() - wall
            self.cpu[stage] += time.thread_time() - cpu

    def timed(self, stage: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with self.measuring(stage):
                return function(*args, **kwargs)

        return wrapper

    def split(self, whole: str, parts: Sequence[str], rest: str) -> None:
        """Replace stage `whole` by `rest`: what its time was beyond the `parts` inside it."""
        for counter in (self.wall, self.cpu):
            counter[rest] = counter.pop(whole) - sum(counter[part] for part in parts)


@contextmanager
def wrapped(owner: Any, name: str, clock: StageClock, stage: str) -> Iterator[None]:
    """Time every call of `owner.name` into `stage` while the block runs."""
    original = getattr(owner, name)
    setattr(owner, name, clock.timed(stage, original))
    try:
        yield
    finally:
        setattr(owner, name, original)


def measure_stages(settings: Settings, sample: int) -> tuple[StageClock, int, int]:
    """The ingest pass without Prefect, stage by stage: all sources polled, `sample` pages.

    Returns the clock, the number of pages the feeds listed and the number of pages timed.
    Store = `store_pages` minus the claim sets and dedup inside it; the shared steps after the
    pages (claims and dedup of versions still without them) should find nothing left to do.
    """
    clock = StageClock()
    upgrade(settings.database_url)
    polling.sync_configured_sources(settings)
    run_id = runs.begin_run(settings, "bench", "manual", {})
    with Fetcher(settings.http) as fetcher:
        with clock.measuring("poll feeds"):
            polls = [
                polling.poll_source(settings, source_id, run_id, fetcher)
                for source_ids in iter(lambda: polling.due_source_ids(settings), [])
                for source_id in source_ids
            ]
        jobs = polling.plan_page_jobs(polls)
        timed_jobs = jobs[:sample]
        with (
            wrapped(Fetcher, "fetch", clock, "fetch"),
            wrapped(prepare, "prepare_version", clock, "extract"),
            wrapped(prepare, "extract_claims", clock, "claims extract"),
            wrapped(prepare, "fingerprint", clock, "fingerprint"),
            wrapped(values, "compress_capture", clock, "compress capture"),
            wrapped(page_ingest, "store_pages", clock, "store step"),
            wrapped(claim_store, "store_claim_sets", clock, "claims store"),
            wrapped(store, "deduplicate", clock, "dedup store"),
        ):
            page_ingest.ingest_pages(settings, timed_jobs, run_id, fetcher)
    with clock.measuring("steps after pages"):
        versions = derive.versions_needing_fingerprints(settings, sample)
        derive.fingerprint_and_cluster(settings, versions, run_id)
        pending = derive.versions_needing_claims(settings, sample)
        derive.extract_and_store_claims(settings, pending, run_id)
    clock.split("store step", ["claims store", "dedup store"], "store pages")
    return clock, len(jobs), len(timed_jobs)


@dataclass(frozen=True)
class StageCost:
    wall: float  # seconds per page
    cpu: float


def direct_cost_per_page(clock: StageClock, listed: int, timed: int) -> dict[str, StageCost]:
    """Each stage's cost per page: feed polls spread over every listed page, the rest per
    timed page."""
    return {
        stage: StageCost(clock.wall[stage] / pages, clock.cpu[stage] / pages)
        for stage in clock.wall
        for pages in [listed if stage == "poll feeds" else timed]
    }


# --- report ------------------------------------------------------------------------------------


def peak_rss_mib() -> tuple[float, float]:
    """Peak RSS of this process and of its largest child so far, in MiB (Linux reports KiB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, child


def throughput_table(baseline: Measure, runs: list[Measure]) -> Table:
    cores = os.cpu_count() or 1
    table = Table(title=f"Throughput ({baseline.pages} pages, {cores} cores)")
    columns = [
        "run",
        "wall s",
        "pages/s",
        f"pages/s/core (÷{cores})",
        "ratio (wall)",
        "CPU s",
        "pages/CPU-s",
        "ratio (CPU)",
        "articles stored",
        "peak RSS MiB",
        "notes",
    ]
    for column in columns:
        table.add_column(column, justify="left" if column in {"run", "notes"} else "right")
    for measure in [baseline, *runs]:
        table.add_row(
            measure.name,
            f"{measure.wall:.1f}",
            f"{measure.rate:.1f}",
            f"{measure.rate_per_core:.1f}",
            f"{measure.rate / baseline.rate:.2f}",
            f"{measure.total_cpu:.1f}",
            f"{measure.pages_per_cpu_second:.1f}",
            f"{measure.pages_per_cpu_second / baseline.pages_per_cpu_second:.2f}",
            "" if measure.stored is None else str(measure.stored),
            "" if measure.peak_rss_mib is None else f"{measure.peak_rss_mib:.0f}",
            measure.notes,
        )
    return table


STAGE_ORDER = [
    "poll feeds",
    "fetch",
    "extract",
    "claims extract",
    "fingerprint",
    "compress capture",
    "store pages",
    "claims store",
    "dedup store",
    "steps after pages",
]


def stage_table(per_page: dict[str, StageCost], flow: StageCost, timed: int) -> Table:
    table = Table(title=f"Cost split by stage (direct calls, no Prefect, {timed}-page sample)")
    for column in ("stage", "wall ms/page", "CPU ms/page", "share of CPU"):
        table.add_column(column, justify="left" if column == "stage" else "right")
    direct = StageCost(
        sum(cost.wall for cost in per_page.values()), sum(cost.cpu for cost in per_page.values())
    )
    known = [stage for stage in STAGE_ORDER if stage in per_page]
    for stage in known + sorted(set(per_page) - set(known)):
        cost = per_page[stage]
        table.add_row(
            stage,
            f"{cost.wall * 1000:.1f}",
            f"{cost.cpu * 1000:.1f}",
            f"{cost.cpu / direct.cpu:.0%}",
        )
    table.add_row(
        "total, direct calls", f"{direct.wall * 1000:.1f}", f"{direct.cpu * 1000:.1f}", "100%"
    )
    table.add_row(
        "ingest flow on SQLite (all pages, Prefect server CPU included)",
        f"{flow.wall * 1000:.1f}",
        f"{flow.cpu * 1000:.1f}",
        f"{flow.cpu / direct.cpu:.0%}",
        style="bold",
    )
    return table


def overhead_note(direct: StageCost, flow: StageCost, startup: float, measure: Measure) -> str:
    """What the SQLite flow run spent beyond the stages' own CPU, called directly.

    No wall-clock share: the flow spreads the stages over processes, so its wall time is
    shorter than the stages' sum.
    """
    return (
        f"Beyond the stages (SQLite run): {max(0.0, 1 - direct.cpu / flow.cpu):.0%} of its CPU "
        f"time ({(flow.cpu - direct.cpu) * measure.pages:.1f} CPU s over {measure.pages} pages): "
        f"Prefect's task runs and its server ({measure.prefect_cpu:.1f} s), handing pages to the "
        "extraction processes and back, their start, and the loopback corpus server; plus the "
        f"temporary server's start, {startup:.1f} s, outside the walls above"
    )


# --- main --------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="claimledger ingest throughput vs trafilatura.")
    parser.add_argument("--pages", type=int, default=1000, help="corpus size (default 1000)")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("CLAIMLEDGER_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL),
        help="PostgreSQL server for the PostgreSQL run (a fresh schema is made and dropped)",
    )
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument("--sample", type=int, default=300, help="pages timed stage by stage")
    arguments = parser.parse_args(argv)
    console = Console(width=None if sys.stdout.isatty() else 175)
    if not PAGES_DIR.is_dir():
        console.print(
            f"{PAGES_DIR} not found: the corpus (aeb-dev pages) is only on CI and dev machines; "
            "nothing measured."
        )
        return 2
    bases = load_base_pages(PAGES_DIR)
    pages = arguments.pages
    console.print("load average at the start: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    console.print(
        f"corpus: {pages} pages from {len(bases)} aeb-dev pages, {FEEDS} feeds, loopback HTTP"
    )

    baseline = measure_baseline(pages)
    console.print(f"baseline done: {baseline.rate:.1f} pages/s")
    postgres_skip = None if not arguments.no_postgres else "--no-postgres"
    if postgres_skip is None and (problem := postgres_problem(arguments.postgres)):
        postgres_skip = f"PostgreSQL unreachable ({problem})"

    work = Path(tempfile.mkdtemp(prefix="claimledger-bench-"))
    runs: list[Measure] = []
    try:
        with serving(bases, pages) as server, prefect_temporary_server() as (startup, pid):
            console.print(f"Prefect temporary server started in {startup:.1f} s")
            sqlite_dir = work / "sqlite"
            sqlite_dir.mkdir()
            sqlite_config = write_bench_config(
                sqlite_dir, f"sqlite:///{sqlite_dir / 'ledger.db'}", server
            )
            measure, counters = measure_ingest_flow(
                "ingest flow, SQLite", sqlite_config, pages, pid
            )
            runs.append(measure)
            console.print(f"SQLite run done: {measure.rate:.1f} pages/s; counters {counters}")
            if postgres_skip is None:
                with postgres_schema(arguments.postgres) as url:
                    postgres_dir = work / "postgres"
                    postgres_dir.mkdir()
                    config = write_bench_config(postgres_dir, url, server)
                    measure, counters = measure_ingest_flow(
                        "ingest flow, PostgreSQL",
                        config,
                        pages,
                        pid,
                        notes="PostgreSQL server CPU not counted",
                    )
                    runs.append(measure)
                    console.print(f"PostgreSQL run done: {measure.rate:.1f} pages/s")
            stages_dir = work / "stages"
            stages_dir.mkdir()
            stage_config = write_bench_config(
                stages_dir, f"sqlite:///{stages_dir / 'ledger.db'}", server
            )
            # Inline extraction, so that each stage's CPU is this thread's.
            stage_settings = replace(load_settings(stage_config), ingest_extract_processes=1)
            clock, listed, timed = measure_stages(stage_settings, min(arguments.sample, pages))
    finally:
        dispose_engines()
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(_PREFECT_HOME, ignore_errors=True)

    per_page = direct_cost_per_page(clock, listed, timed)
    direct = StageCost(
        sum(cost.wall for cost in per_page.values()), sum(cost.cpu for cost in per_page.values())
    )
    flow = StageCost(runs[0].wall / pages, runs[0].total_cpu / pages)
    console.print(throughput_table(baseline, runs))
    console.print(stage_table(per_page, flow, timed))
    console.print(overhead_note(direct, flow, startup, runs[0]))
    own_rss, child_rss = peak_rss_mib()
    console.print(
        f"peak RSS over the whole benchmark: {own_rss:.0f} MiB this process (both flow runs and "
        f"the stage sample), {child_rss:.0f} MiB the largest child (Prefect server or a "
        "baseline worker); per run in the table"
    )
    if postgres_skip:
        console.print(f"PostgreSQL run skipped: {postgres_skip}")
    console.print("load average at the end: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    worst = min(runs, key=lambda measure: measure.rate)
    met = (
        worst.rate / baseline.rate >= TARGET_RATIO
        and worst.rate_per_core >= TARGET_PAGES_PER_SECOND_PER_CORE
    )
    console.print(
        f"targets: ratio ≥ {TARGET_RATIO}, ≥ {TARGET_PAGES_PER_SECOND_PER_CORE:.0f} pages/s/core: "
        + ("met" if met else "not met")
    )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
