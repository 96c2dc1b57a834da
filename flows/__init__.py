"""Prefect flows: orchestration only, the work is in `claimledger`.

Imported first so Prefect starts with claimledger's telemetry defaults (see `claimledger`).
"""

import claimledger  # noqa: F401
