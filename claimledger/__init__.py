"""claimledger: a versioned, deduplicated ledger of who claimed what in the news.

The verbs a script needs, each the library call a command of the `claimledger` command line
makes::

    import claimledger

    claimledger.ingest_once("claimledger.toml")            # claimledger ingest --once
    settings = claimledger.load_settings("claimledger.toml")
    ledger = claimledger.open_ledger(settings.database_url)
    for claim in ledger.claims(claimledger.ReadFilter(category="civilians"), limit=20):
        print(claim.source, claim.content)                 # claimledger claims list
    timelines = ledger.timelines(source="health ministry", category="people")
    document = claimledger.extract_document("story.html")  # claimledger extract story.html

Every failure the library reports is a `ClaimledgerError` (see `claimledger.errors`). The names
are imported on first use, so `import claimledger` stays cheap (the extraction processes import
parts of this package and nothing more).

Importing the package turns Prefect's anonymous analytics (server and client) and telemetry off
unless the user chose otherwise: they phone home, and on an offline machine every run printed
"Failed to send telemetry". This must happen before Prefect is imported, as Prefect reads its
settings once; `flows` imports this package first for that reason. Set the variables to
`true` to turn them back on.
"""

import importlib
import os
from typing import TYPE_CHECKING, Any

PREFECT_TELEMETRY_DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_CLOUD_ENABLE_ORCHESTRATION_TELEMETRY": "false",
    "DO_NOT_TRACK": "1",  # Prefect's client-side analytics (its SDK events)
}

for _name, _value in PREFECT_TELEMETRY_DEFAULTS.items():
    os.environ.setdefault(_name, _value)

# The public API: each name and the module it comes from.
_PUBLIC = {
    "Settings": "claimledger.settings",
    "load_settings": "claimledger.settings",
    "Ledger": "claimledger.ledger",
    "ReadFilter": "claimledger.ledger",
    "ClaimRecord": "claimledger.ledger",
    "Timeline": "claimledger.ledger",
    "TimelinePoint": "claimledger.ledger",
    "open_ledger": "claimledger.ledger",
    "open_read_only": "claimledger.ledger",
    "ingest_once": "claimledger.passes",
    "recheck_once": "claimledger.passes",
    "ExtractedDocument": "claimledger.documents",
    "FailedDocument": "claimledger.documents",
    "extract_document": "claimledger.documents",
    "extract_claims": "extractors.claims",
    "ClaimledgerError": "claimledger.errors",
    "ConfigurationError": "claimledger.errors",
    "DatabaseError": "claimledger.errors",
    "SourceError": "claimledger.errors",
    "FetchError": "claimledger.errors",
    "ExtractionError": "claimledger.errors",
    "BackfillError": "claimledger.errors",
    "ExportError": "claimledger.errors",
    "NotFoundError": "claimledger.errors",
    "Interrupted": "claimledger.errors",
}

__all__ = [
    "BackfillError",
    "ClaimRecord",
    "ClaimledgerError",
    "ConfigurationError",
    "DatabaseError",
    "ExportError",
    "ExtractedDocument",
    "ExtractionError",
    "FailedDocument",
    "FetchError",
    "Interrupted",
    "Ledger",
    "NotFoundError",
    "ReadFilter",
    "Settings",
    "SourceError",
    "Timeline",
    "TimelinePoint",
    "extract_claims",
    "extract_document",
    "ingest_once",
    "load_settings",
    "open_ledger",
    "open_read_only",
    "recheck_once",
]

if TYPE_CHECKING:
    from claimledger.documents import ExtractedDocument, FailedDocument, extract_document
    from claimledger.errors import (
        BackfillError,
        ClaimledgerError,
        ConfigurationError,
        DatabaseError,
        ExportError,
        ExtractionError,
        FetchError,
        Interrupted,
        NotFoundError,
        SourceError,
    )
    from claimledger.ledger import (
        ClaimRecord,
        Ledger,
        ReadFilter,
        Timeline,
        TimelinePoint,
        open_ledger,
        open_read_only,
    )
    from claimledger.passes import ingest_once, recheck_once
    from claimledger.settings import Settings, load_settings
    from extractors.claims import extract_claims


def __getattr__(name: str) -> Any:
    """A public name, imported from its module on first use."""
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'claimledger' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
