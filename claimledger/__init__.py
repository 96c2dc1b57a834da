"""claimledger: a versioned, deduplicated ledger of who claimed what in the news.

Importing the package turns Prefect's anonymous analytics (server and client) and telemetry off
unless the user chose otherwise: they phone home, and on an offline machine every run printed
"Failed to send telemetry". This must happen before Prefect is imported, as Prefect reads its
settings once; `flows` imports this package first for that reason. Set the variables to
`true` to turn them back on.
"""

import os

PREFECT_TELEMETRY_DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_CLOUD_ENABLE_ORCHESTRATION_TELEMETRY": "false",
    "DO_NOT_TRACK": "1",  # Prefect's client-side analytics (its SDK events)
}

for _name, _value in PREFECT_TELEMETRY_DEFAULTS.items():
    os.environ.setdefault(_name, _value)
