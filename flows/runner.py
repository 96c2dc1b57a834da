"""The Prefect runner the library's command line starts flow runs through.

Registered as the entry point `prefect` of the group `claimledger.flows` (pyproject), which
`claimledger.orchestration.flow_runner` loads: the library never imports this package.
"""

from __future__ import annotations

import warnings

from claimledger.backfill_plan import BackfillRequest
from claimledger.orchestration import SubmittedRun
from claimledger.settings import Settings
from flows.backfill import backfill, submit
from flows.ingest import ingest
from flows.recheck import recheck_flow
from flows.serve import backfill_deployment, ingest_deployment, recheck_deployment


class PrefectRunner:
    """`claimledger.orchestration.FlowRunner` on Prefect."""

    def ingest(
        self, kind: str, sources: list[str] | None, config_path: str | None
    ) -> dict[str, int]:
        return ingest(kind=kind, sources=sources, config_path=config_path)

    def recheck(self, kind: str, config_path: str | None) -> dict[str, int]:
        return recheck_flow(kind=kind, config_path=config_path)

    def backfill(
        self, request: BackfillRequest, retry_failed: bool, config_path: str | None
    ) -> dict[str, int]:
        counters: dict[str, int] = backfill(
            **request.parameters(), retry_failed=retry_failed, config_path=config_path
        )
        return counters

    def submit_backfill(
        self, settings: Settings, request: BackfillRequest, retry_failed: bool
    ) -> list[SubmittedRun]:
        return submit(settings, request, retry_failed=retry_failed)

    def serve(self, settings: Settings) -> None:
        from prefect import serve

        # Ctrl-C or SIGTERM can land while Prefect's client is opening a connection; the
        # cancelled attempt is then collected unawaited and Python prints a RuntimeWarning
        # with no bearing on the shutdown, which stays clean (tests/test_signals.py).
        warnings.filterwarnings(
            "ignore", message="coroutine .* was never awaited", category=RuntimeWarning
        )
        serve(
            ingest_deployment(settings), recheck_deployment(settings), backfill_deployment(settings)
        )


RUNNER = PrefectRunner()
