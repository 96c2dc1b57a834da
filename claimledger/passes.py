"""The ingest and recheck passes as orchestration over steps, runnable with or without Prefect.

A pass is a few steps (poll a source, store a batch of pages, extract claims of a batch of
versions...), each mapped over sources or batches. The flows in `flows/` run each step as a
Prefect task (`flows.steps.PrefectSteps`); a one-shot command with no Prefect API configured runs
the same pass with `InProcessSteps`, each step a plain call in a thread pool, as Prefect's
default task runner would. Without an API, a flow run starts a temporary Prefect server first
(most of a one-shot command's time: about 10 s for a pass with nothing to do) only to record the
run there and throw it away. Either way the run is recorded in the ledger's `runs` table
(`claimledger.runs.recorded_run`).

This module never imports Prefect, which alone costs about 2 CPU seconds to import.
"""

from __future__ import annotations

import logging
import os
import tomllib
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Protocol, TypeVar

from claimledger import common, derive, page_ingest, polling, prepare, progress, recheck, stopping
from claimledger.errors import library_errors
from claimledger.runs import RunHost, recorded_run
from claimledger.settings import Settings, load_settings
from intake.http import Fetcher
from storage.db import upgrade

Item = TypeVar("Item")
Result = TypeVar("Result")
Step = Callable[[Settings, Item, int], Result]


class StepRunner(RunHost, Protocol):
    """How a pass runs its steps, and where its run is also recorded (`claimledger.runs`)."""

    def map(
        self, step: Step[Item, Result], settings: Settings, items: Sequence[Item], run_id: int
    ) -> list[Result]:
        """`step(settings, item, run_id)` for each item, the results in the items' order."""
        ...


class InProcessSteps:
    """Steps as plain calls in a thread pool of this process; no Prefect involved."""

    def map(
        self, step: Step[Item, Result], settings: Settings, items: Sequence[Item], run_id: int
    ) -> list[Result]:
        if not items:
            return []
        with ThreadPoolExecutor() as pool:
            return list(pool.map(lambda item: step(settings, item, run_id), items))

    def flow_run_id(self) -> str | None:
        return None

    def logger(self) -> logging.Logger:
        return logging.getLogger("claimledger.runs")


def prefect_api_url() -> str | None:
    """The Prefect API a one-shot pass reports to, if any.

    Once Prefect is imported, its own settings say. Before that, rather than import it (about
    2 s) to find out, the places where Prefect's documentation has users set it are read:
    PREFECT_API_URL in the environment, else in the active profile of profiles.toml (what
    `prefect config set PREFECT_API_URL=...` writes).
    """
    import sys

    if "prefect.settings" in sys.modules:
        from prefect.settings import get_current_settings

        return get_current_settings().api.url
    if url := os.environ.get("PREFECT_API_URL"):
        return url
    home = Path(os.environ.get("PREFECT_HOME") or Path.home() / ".prefect").expanduser()
    profiles_path = Path(os.environ.get("PREFECT_PROFILES_PATH") or home / "profiles.toml")
    try:
        profiles = tomllib.loads(profiles_path.expanduser().read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return None
    active = os.environ.get("PREFECT_PROFILE") or profiles.get("active", "ephemeral")
    profile = profiles.get("profiles", {}).get(active, {})
    url = profile.get("PREFECT_API_URL") if isinstance(profile, dict) else None
    return str(url) if url else None


def pass_settings(config_path: str | None) -> Settings:
    """The settings a pass works with, its database schema brought up to date."""
    settings = load_settings(Path(config_path) if config_path else None)
    upgrade(settings.database_url)
    return settings


# --- steps --------------------------------------------------------------------------------------
# Each step first checks whether the pass was asked to stop, and fetches with a fetcher that
# gives up its waits when it is: a stop reaches every thread within a fraction of a second.


def pass_fetcher(settings: Settings) -> Fetcher:
    """The fetcher of a pass's step: its waits end as soon as the pass is asked to stop."""
    return Fetcher(settings.http, interrupt=stopping.check)


def poll_source(settings: Settings, source_id: int, run_id: int) -> polling.PollResult:
    stopping.check()
    with pass_fetcher(settings) as fetcher:
        return polling.poll_source(settings, source_id, run_id, fetcher)


def poll_named_source(settings: Settings, source_id: int, run_id: int) -> polling.PollResult:
    """A source the operator named: its pending entries are retried now, back-off or not."""
    stopping.check()
    with pass_fetcher(settings) as fetcher:
        return polling.poll_source(settings, source_id, run_id, fetcher, named=True)


def ingest_pages(settings: Settings, jobs: list[prepare.PageJob], run_id: int) -> Counter[str]:
    stopping.check()
    with pass_fetcher(settings) as fetcher:
        return page_ingest.ingest_pages(settings, jobs, run_id, fetcher)


def extract_claims(settings: Settings, version_ids: list[int], run_id: int) -> Counter[str]:
    stopping.check()
    return derive.extract_and_store_claims(settings, version_ids, run_id)


def deduplicate(settings: Settings, version_ids: list[int], run_id: int) -> Counter[str]:
    stopping.check()
    return derive.fingerprint_and_cluster(settings, version_ids, run_id)


def recheck_articles(settings: Settings, article_ids: list[int], run_id: int) -> Counter[str]:
    stopping.check()
    with pass_fetcher(settings) as fetcher:
        return recheck.recheck_articles(settings, article_ids, run_id, fetcher)


# --- passes ---------------------------------------------------------------------------------------


def derive_from_new_versions(settings: Settings, run_id: int, steps: StepRunner) -> Counter[str]:
    """Claims, then fingerprints and clusters, for every version still without them."""
    counters: Counter[str] = Counter()
    pending = derive.versions_needing_claims(settings, settings.ingest_claims_per_pass)
    progress.start("claims", len(pending))
    batches = common.batched(pending, settings.ingest_claims_batch_size)
    for claim_counters in steps.map(extract_claims, settings, batches, run_id):
        counters.update(claim_counters)
    unfingerprinted = derive.versions_needing_fingerprints(settings, settings.dedup_per_pass)
    progress.start("dedup", len(unfingerprinted))
    batches = common.batched(unfingerprinted, settings.dedup_batch_size)
    for dedup_counters in steps.map(deduplicate, settings, batches, run_id):
        counters.update(dedup_counters)
    return counters


def source_rounds(settings: Settings, names: list[str] | None, run_id: int) -> Iterator[list[int]]:
    """The sources of this pass, in rounds of sources claimed through the database for run
    `run_id`.

    Small claims let several concurrent runs (one per worker) share a pass without polling a
    source twice. Only sources due when the pass began are claimed, so a source polled in this
    pass is never claimed again by it. Named sources are one round, polled whatever is due.
    """
    if names:
        yield polling.due_source_ids(settings, names)
        return
    pass_started = common.utcnow()
    while True:
        stopping.check()
        source_ids = polling.due_source_ids(settings, due_at=pass_started, run_id=run_id)
        if not source_ids:
            return
        yield source_ids


def ingest_sources(
    settings: Settings,
    source_ids: list[int],
    run_id: int,
    pages_before: int,
    steps: StepRunner,
    *,
    named: bool = False,
) -> tuple[Counter[str], int]:
    """Poll the given sources, then fetch and store their new entries in batches of pages.

    `pages_before` is the number of pages earlier rounds of the pass planned: the extraction
    processes start once the pass has enough. `named`: the operator named these sources, so
    their pending entries are retried now, back-off or not. Returns the counters and the pages
    planned."""
    counters: Counter[str] = Counter()
    poll_step = poll_named_source if named else poll_source
    polls = steps.map(poll_step, settings, source_ids, run_id)
    for poll in polls:
        counters.update(poll.counters)
        counters[f"sources_{poll.status}"] += 1
    jobs = polling.plan_page_jobs(polls)
    page_ingest.start_extraction_for(settings, pages_before + len(jobs))
    batches = common.batched(jobs, settings.ingest_batch_size)
    progress.start("pages", len(jobs))
    for batch_counters in steps.map(ingest_pages, settings, batches, run_id):
        counters.update(batch_counters)
    polling.save_validators(settings, polls, run_id)
    return counters, len(jobs)


def ingest_pass(
    kind: str, sources: list[str] | None, config_path: str | None, steps: StepRunner
) -> dict[str, int]:
    """One ingest pass over the due sources (or the named ones); returns the run's counters."""
    settings = pass_settings(config_path)
    for warning in polling.sync_configured_sources(settings):
        steps.logger().warning("%s", warning)
    parameters = {"sources": sources, "config_path": config_path}
    with recorded_run(settings, "ingest", kind, parameters, steps) as run:
        planned_pages = 0
        for source_ids in source_rounds(settings, sources, run.run_id):
            counters, planned = ingest_sources(
                settings, source_ids, run.run_id, planned_pages, steps, named=bool(sources)
            )
            run.counters.update(counters)
            planned_pages += planned
        run.counters.update(derive_from_new_versions(settings, run.run_id, steps))
    return run.summary()


@library_errors
def ingest_once(
    config: str | Path | None = None, sources: Sequence[str] | None = None
) -> dict[str, int]:
    """One ingest pass in this process, recorded as a manual run: what `claimledger ingest
    --once` runs without a Prefect API. `config` is the configuration file (default:
    $CLAIMLEDGER_CONFIG or ./claimledger.toml); returns the run's counters."""
    config_path = None if config is None else str(config)
    return ingest_pass("manual", list(sources) if sources else None, config_path, InProcessSteps())


@library_errors
def recheck_once(config: str | Path | None = None) -> dict[str, int]:
    """One recheck pass in this process (`claimledger recheck --once` without a Prefect API)."""
    return recheck_pass("manual", None if config is None else str(config), InProcessSteps())


def recheck_pass(kind: str, config_path: str | None, steps: StepRunner) -> dict[str, int]:
    """One recheck pass over the due articles (at most `recheck_budget`); returns the counters."""
    settings = pass_settings(config_path)
    with recorded_run(settings, "recheck", kind, {"config_path": config_path}, steps) as run:
        article_ids = recheck.claim_due(settings)
        run.counters["articles_due"] = len(article_ids)
        progress.start("rechecks", len(article_ids))
        batches = common.batched(article_ids, settings.recheck_batch_size)
        for batch_counters in steps.map(recheck_articles, settings, batches, run.run_id):
            run.counters.update(batch_counters)
        run.counters.update(derive_from_new_versions(settings, run.run_id, steps))
    return run.summary()
