"""The ledger's tables, as SQLAlchemy 2 typed models, one module per table family.

Every table has a natural unique key next to its surrogate id, so that writes can be upserts and a
rerun, a crash and restart, or two workers at once never duplicate a row. Article versions and
captures are immutable: rows are added, never updated or deleted. Importing this package
registers every table on `Base.metadata` (what Alembic compares the schema with).
"""

from storage.models.articles import Article, ArticleVersion, Capture, TextReextraction, UrlAlias
from storage.models.backfills import Backfill, BackfillChunk
from storage.models.base import NAMING_CONVENTION, Base, UTCDateTime, offset_minutes, with_offset
from storage.models.claims import Claim, ClaimQuantity, ClaimSet
from storage.models.clusters import Cluster, ClusterMember, FingerprintBand, VersionFingerprint
from storage.models.sources import FetchLog, PendingEntry, Run, RunStatus, Source

__all__ = [
    "NAMING_CONVENTION",
    "Article",
    "ArticleVersion",
    "Backfill",
    "BackfillChunk",
    "Base",
    "Capture",
    "Claim",
    "ClaimQuantity",
    "ClaimSet",
    "Cluster",
    "ClusterMember",
    "FetchLog",
    "FingerprintBand",
    "PendingEntry",
    "Run",
    "RunStatus",
    "Source",
    "TextReextraction",
    "UTCDateTime",
    "UrlAlias",
    "VersionFingerprint",
    "offset_minutes",
    "with_offset",
]
