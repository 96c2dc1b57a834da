"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-22 12:40:03.076415
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "backfills",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("parameters", sa.JSON(), nullable=False),
        sa.Column("created_at", storage.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("updated_at", storage.models.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_backfills")),
        sa.UniqueConstraint("key", name=op.f("uq_backfills_key")),
    )
    op.create_table(
        "captures",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("url", sa.String(length=2048), nullable=False),
        sa.Column("content_type", sa.String(length=200), nullable=True),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("compression", sa.String(length=10), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column("fetched_at", storage.models.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_captures")),
    )
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("flow_name", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("parameters", sa.JSON(), nullable=False),
        sa.Column("started_at", storage.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("finished_at", storage.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("counters", sa.JSON(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("prefect_flow_run_id", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_runs")),
    )
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("url", sa.String(length=2048), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("etag", sa.String(length=500), nullable=True),
        sa.Column("last_modified", sa.String(length=100), nullable=True),
        sa.Column("last_body_hash", sa.String(length=64), nullable=True),
        sa.Column("last_polled_at", storage.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("next_poll_at", storage.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("consecutive_failures", sa.Integer(), nullable=False),
        sa.Column("last_status", sa.String(length=40), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", storage.models.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sources")),
        sa.UniqueConstraint("name", name=op.f("uq_sources_name")),
        sa.UniqueConstraint("url", name=op.f("uq_sources_url")),
    )
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("canonical_url", sa.String(length=2048), nullable=False),
        sa.Column("first_seen_at", storage.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_checked_at", storage.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("latest_version", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("status_detail", sa.Text(), nullable=True),
        sa.Column("next_check_at", storage.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("checks_done", sa.Integer(), nullable=False),
        sa.Column("etag", sa.String(length=500), nullable=True),
        sa.Column("last_modified", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_articles_source_id_sources")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_articles")),
        sa.UniqueConstraint("canonical_url", name=op.f("uq_articles_canonical_url")),
    )
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_articles_next_check_at"), ["next_check_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_articles_source_id"), ["source_id"], unique=False)

    op.create_table(
        "backfill_chunks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("backfill_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("items", sa.Integer(), nullable=False),
        sa.Column("parameters", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("counters", sa.JSON(), nullable=False),
        sa.Column("started_at", storage.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("finished_at", storage.models.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["backfill_id"], ["backfills.id"], name=op.f("fk_backfill_chunks_backfill_id_backfills")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_backfill_chunks")),
        sa.UniqueConstraint("key", name=op.f("uq_backfill_chunks_key")),
    )
    with op.batch_alter_table("backfill_chunks", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_backfill_chunks_backfill_id"), ["backfill_id"], unique=False
        )

    op.create_table(
        "fetch_log",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.Column("purpose", sa.String(length=20), nullable=False),
        sa.Column("url", sa.String(length=2048), nullable=False),
        sa.Column("final_url", sa.String(length=2048), nullable=True),
        sa.Column("requested_at", storage.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(length=40), nullable=False),
        sa.Column("bytes", sa.Integer(), nullable=False),
        sa.Column("elapsed_ms", sa.Float(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], name=op.f("fk_fetch_log_run_id_runs")),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_fetch_log_source_id_sources")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fetch_log")),
    )
    with op.batch_alter_table("fetch_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fetch_log_run_id"), ["run_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_fetch_log_source_id"), ["source_id"], unique=False)
        batch_op.create_index("ix_fetch_log_url", ["url"], unique=False)

    op.create_table(
        "article_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=2048), nullable=False),
        sa.Column("fetched_at", storage.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("capture_sha256", sa.String(length=64), nullable=False),
        sa.Column("text_hash", sa.String(length=64), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("authors", sa.JSON(), nullable=False),
        sa.Column("published_at", storage.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("modified_at", storage.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("language", sa.String(length=20), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("extractor_name", sa.String(length=100), nullable=False),
        sa.Column("extractor_version", sa.String(length=100), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("previous_version", sa.Integer(), nullable=True),
        sa.Column("change_kinds", sa.JSON(), nullable=False),
        sa.Column("words_added", sa.Integer(), nullable=False),
        sa.Column("words_removed", sa.Integer(), nullable=False),
        sa.Column("reverts_to", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name=op.f("fk_article_versions_article_id_articles")
        ),
        sa.ForeignKeyConstraint(
            ["capture_sha256"],
            ["captures.sha256"],
            name=op.f("fk_article_versions_capture_sha256_captures"),
        ),
        sa.ForeignKeyConstraint(
            ["run_id"], ["runs.id"], name=op.f("fk_article_versions_run_id_runs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_article_versions")),
        sa.UniqueConstraint("article_id", "version", name="uq_article_versions_article_version"),
    )
    with op.batch_alter_table("article_versions", schema=None) as batch_op:
        batch_op.create_index("ix_article_versions_text_hash", ["text_hash"], unique=False)

    op.create_table(
        "clusters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("representative_article_id", sa.Integer(), nullable=False),
        sa.Column("created_at", storage.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["representative_article_id"],
            ["articles.id"],
            name=op.f("fk_clusters_representative_article_id_articles"),
        ),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], name=op.f("fk_clusters_run_id_runs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clusters")),
        sa.UniqueConstraint(
            "representative_article_id", name=op.f("uq_clusters_representative_article_id")
        ),
    )
    op.create_table(
        "url_aliases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=2048), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("first_seen_at", storage.models.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name=op.f("fk_url_aliases_article_id_articles")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_url_aliases")),
        sa.UniqueConstraint("url", name=op.f("uq_url_aliases_url")),
    )
    with op.batch_alter_table("url_aliases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_url_aliases_article_id"), ["article_id"], unique=False)

    op.create_table(
        "claim_sets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_version_id", sa.Integer(), nullable=False),
        sa.Column("extractor_name", sa.String(length=100), nullable=False),
        sa.Column("extractor_version", sa.String(length=100), nullable=False),
        sa.Column("created_at", storage.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("claim_count", sa.Integer(), nullable=False),
        sa.Column("casualties", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_version_id"],
            ["article_versions.id"],
            name=op.f("fk_claim_sets_article_version_id_article_versions"),
        ),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], name=op.f("fk_claim_sets_run_id_runs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_sets")),
        sa.UniqueConstraint(
            "article_version_id",
            "extractor_name",
            "extractor_version",
            name="uq_claim_sets_version_extractor",
        ),
    )
    op.create_table(
        "cluster_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cluster_id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("article_version_id", sa.Integer(), nullable=False),
        sa.Column("matched_version_id", sa.Integer(), nullable=True),
        sa.Column("match", sa.String(length=20), nullable=False),
        sa.Column("similarity", sa.Float(), nullable=False),
        sa.Column("joined_at", storage.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name=op.f("fk_cluster_members_article_id_articles")
        ),
        sa.ForeignKeyConstraint(
            ["article_version_id"],
            ["article_versions.id"],
            name=op.f("fk_cluster_members_article_version_id_article_versions"),
        ),
        sa.ForeignKeyConstraint(
            ["cluster_id"], ["clusters.id"], name=op.f("fk_cluster_members_cluster_id_clusters")
        ),
        sa.ForeignKeyConstraint(
            ["matched_version_id"],
            ["article_versions.id"],
            name=op.f("fk_cluster_members_matched_version_id_article_versions"),
        ),
        sa.ForeignKeyConstraint(
            ["run_id"], ["runs.id"], name=op.f("fk_cluster_members_run_id_runs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cluster_members")),
        sa.UniqueConstraint("article_id", name=op.f("uq_cluster_members_article_id")),
    )
    with op.batch_alter_table("cluster_members", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_cluster_members_cluster_id"), ["cluster_id"], unique=False
        )

    op.create_table(
        "text_reextractions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_version_id", sa.Integer(), nullable=False),
        sa.Column("extractor_name", sa.String(length=100), nullable=False),
        sa.Column("extractor_version", sa.String(length=100), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("result_version_id", sa.Integer(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("created_at", storage.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["article_version_id"],
            ["article_versions.id"],
            name=op.f("fk_text_reextractions_article_version_id_article_versions"),
        ),
        sa.ForeignKeyConstraint(
            ["result_version_id"],
            ["article_versions.id"],
            name=op.f("fk_text_reextractions_result_version_id_article_versions"),
        ),
        sa.ForeignKeyConstraint(
            ["run_id"], ["runs.id"], name=op.f("fk_text_reextractions_run_id_runs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_text_reextractions")),
        sa.UniqueConstraint(
            "article_version_id",
            "extractor_name",
            "extractor_version",
            name="uq_text_reextractions_version_extractor",
        ),
    )
    op.create_table(
        "version_fingerprints",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("article_version_id", sa.Integer(), nullable=False),
        sa.Column("scheme", sa.String(length=100), nullable=False),
        sa.Column("shingles", sa.Integer(), nullable=False),
        sa.Column("signature", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", storage.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["article_version_id"],
            ["article_versions.id"],
            name=op.f("fk_version_fingerprints_article_version_id_article_versions"),
        ),
        sa.ForeignKeyConstraint(
            ["run_id"], ["runs.id"], name=op.f("fk_version_fingerprints_run_id_runs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_version_fingerprints")),
        sa.UniqueConstraint("article_version_id", "scheme", name="uq_version_fingerprints_version"),
    )
    op.create_table(
        "claims",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_set_id", sa.Integer(), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("sentence_start", sa.Integer(), nullable=False),
        sa.Column("sentence_end", sa.Integer(), nullable=False),
        sa.Column("content_start", sa.Integer(), nullable=False),
        sa.Column("content_end", sa.Integer(), nullable=False),
        sa.Column("content_text", sa.Text(), nullable=False),
        sa.Column("source_text", sa.Text(), nullable=True),
        sa.Column("source_start", sa.Integer(), nullable=True),
        sa.Column("source_end", sa.Integer(), nullable=True),
        sa.Column("source_resolved", sa.Text(), nullable=True),
        sa.Column("content_key", sa.String(length=64), nullable=False),
        sa.Column("cue_text", sa.Text(), nullable=True),
        sa.Column("cue_start", sa.Integer(), nullable=True),
        sa.Column("cue_end", sa.Integer(), nullable=True),
        sa.Column("hedge", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["claim_set_id"], ["claim_sets.id"], name=op.f("fk_claims_claim_set_id_claim_sets")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claims")),
        sa.UniqueConstraint("claim_set_id", "ordinal", name="uq_claims_set_ordinal"),
    )
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claims_content_key"), ["content_key"], unique=False)
        batch_op.create_index("ix_claims_source_resolved", ["source_resolved"], unique=False)

    op.create_table(
        "fingerprint_bands",
        sa.Column(
            "fingerprint_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("band", sa.SmallInteger(), nullable=False),
        sa.Column("band_hash", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["fingerprint_id"],
            ["version_fingerprints.id"],
            name=op.f("fk_fingerprint_bands_fingerprint_id_version_fingerprints"),
        ),
        sa.PrimaryKeyConstraint("fingerprint_id", "band", name=op.f("pk_fingerprint_bands")),
    )
    with op.batch_alter_table("fingerprint_bands", schema=None) as batch_op:
        batch_op.create_index("ix_fingerprint_bands_band_hash", ["band_hash"], unique=False)

    op.create_table(
        "claim_quantities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("start_offset", sa.Integer(), nullable=False),
        sa.Column("end_offset", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=True),
        sa.Column("low", sa.BigInteger(), nullable=True),
        sa.Column("high", sa.BigInteger(), nullable=True),
        sa.Column("approx", sa.Text(), nullable=True),
        sa.Column("category", sa.String(length=40), nullable=True),
        sa.Column("outcome", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_claim_quantities_claim_id_claims")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_quantities")),
        sa.UniqueConstraint("claim_id", "ordinal", name="uq_claim_quantities_claim_ordinal"),
    )
    with op.batch_alter_table("claim_quantities", schema=None) as batch_op:
        batch_op.create_index(
            "ix_claim_quantities_category_outcome", ["category", "outcome"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("claim_quantities", schema=None) as batch_op:
        batch_op.drop_index("ix_claim_quantities_category_outcome")

    op.drop_table("claim_quantities")
    with op.batch_alter_table("fingerprint_bands", schema=None) as batch_op:
        batch_op.drop_index("ix_fingerprint_bands_band_hash")

    op.drop_table("fingerprint_bands")
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_index("ix_claims_source_resolved")
        batch_op.drop_index(batch_op.f("ix_claims_content_key"))

    op.drop_table("claims")
    op.drop_table("version_fingerprints")
    op.drop_table("text_reextractions")
    with op.batch_alter_table("cluster_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cluster_members_cluster_id"))

    op.drop_table("cluster_members")
    op.drop_table("claim_sets")
    with op.batch_alter_table("url_aliases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_url_aliases_article_id"))

    op.drop_table("url_aliases")
    op.drop_table("clusters")
    with op.batch_alter_table("article_versions", schema=None) as batch_op:
        batch_op.drop_index("ix_article_versions_text_hash")

    op.drop_table("article_versions")
    with op.batch_alter_table("fetch_log", schema=None) as batch_op:
        batch_op.drop_index("ix_fetch_log_url")
        batch_op.drop_index(batch_op.f("ix_fetch_log_source_id"))
        batch_op.drop_index(batch_op.f("ix_fetch_log_run_id"))

    op.drop_table("fetch_log")
    with op.batch_alter_table("backfill_chunks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_backfill_chunks_backfill_id"))

    op.drop_table("backfill_chunks")
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_articles_source_id"))
        batch_op.drop_index(batch_op.f("ix_articles_next_check_at"))

    op.drop_table("articles")
    op.drop_table("sources")
    op.drop_table("runs")
    op.drop_table("captures")
    op.drop_table("backfills")
