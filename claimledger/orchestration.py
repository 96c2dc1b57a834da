"""Prefect flow runs as the library sees them: through a runner the `flows` package registers.

The arrow points down (flows → claimledger → storage): the library and its command line never
import `flows`. The `flows` package registers its runner under the entry point group
`claimledger.flows` (pyproject's `[project.entry-points."claimledger.flows"]`), and
`flow_runner` loads it the first time a command needs a flow run: `ingest --once` and
`recheck --once` with a Prefect API configured, `backfill`, `serve`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Protocol

from claimledger.errors import ConfigurationError

if TYPE_CHECKING:
    from claimledger.backfill_plan import BackfillRequest
    from claimledger.settings import Settings

ENTRY_POINT_GROUP = "claimledger.flows"


@dataclass(frozen=True)
class SubmittedRun:
    """One flow run of the backfill deployment, created by `FlowRunner.submit_backfill`."""

    flow_run_id: str
    flow_run_name: str
    chunks: int
    idempotency_key: str


class FlowRunner(Protocol):
    """What the command line asks of the orchestrator; each pass returns its run's counters."""

    def ingest(
        self, kind: str, sources: list[str] | None, config_path: str | None
    ) -> dict[str, int]:
        """One ingest pass as a flow run."""
        ...

    def recheck(self, kind: str, config_path: str | None) -> dict[str, int]:
        """One recheck pass as a flow run."""
        ...

    def backfill(
        self, request: BackfillRequest, retry_failed: bool, config_path: str | None
    ) -> dict[str, int]:
        """A backfill's unfinished chunks as one flow run in this process."""
        ...

    def submit_backfill(
        self, settings: Settings, request: BackfillRequest, retry_failed: bool
    ) -> list[SubmittedRun]:
        """Runs of the served backfill deployment, one per group of chunks."""
        ...

    def serve(self, settings: Settings) -> None:
        """Serve the ingest, recheck and backfill deployments until stopped."""
        ...


@functools.cache
def flow_runner() -> FlowRunner:
    """The registered runner (the `flows` package's Prefect runner)."""
    registered = entry_points(group=ENTRY_POINT_GROUP)
    if not registered:
        raise ConfigurationError(
            f"no flow runner registered under the entry point group {ENTRY_POINT_GROUP!r}: "
            "install claimledger with its flows package (uv sync)"
        )
    runner: FlowRunner = next(iter(registered)).load()
    return runner
