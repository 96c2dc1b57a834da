"""Settings: `claimledger.toml` first, then `CLAIMLEDGER_*` environment variables on top.

One typed object so every part of the pipeline reads the same values. The TOML file may
group keys in sections (`[http]`, `[ingest]`); a key `batch_size` in section `ingest` is the
setting `ingest_batch_size`, and the environment variable `CLAIMLEDGER_INGEST_BATCH_SIZE`
overrides it. The fetcher's policy is nested, `Settings.http` (an `intake.http.FetchPolicy`):
its keys are written the same way, `[http] read_timeout` or `CLAIMLEDGER_HTTP_READ_TIMEOUT`
setting `settings.http.read_timeout`. Sources can
be declared in the file as `[[sources]]` tables so a deployment is reproducible from one file.
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from claimledger.errors import ConfigurationError
from intake.http import FetchPolicy
from intake.netguard import parse_networks
from intake.urls import redact_url

CONFIG_FILE_NAME = "claimledger.toml"
ENV_PREFIX = "CLAIMLEDGER_"
# `CLAIMLEDGER_*` variables that are not settings and are never warned of as unknown: the
# configuration file, the deployment's checkout (deploy/prefect.yaml), the web tests'
# screenshot folder, and every `CLAIMLEDGER_TEST_*` (the test suite's, e.g. its PostgreSQL URL).
NON_SETTING_VARIABLES = frozenset(
    {f"{ENV_PREFIX}CONFIG", f"{ENV_PREFIX}APP_DIR", f"{ENV_PREFIX}SCREENSHOTS"}
)
TEST_ENV_PREFIX = f"{ENV_PREFIX}TEST_"
DEFAULT_DATABASE_URL = "sqlite:///claimledger.db"


@dataclass(frozen=True)
class SourceConfig:
    """A source declared in the configuration file."""

    name: str
    url: str
    kind: str = "rss"
    enabled: bool = True


@dataclass(frozen=True)
class Settings:
    """Every tunable of claimledger, with defaults that are polite to publishers."""

    database_url: str = DEFAULT_DATABASE_URL
    config_path: Path | None = None

    # The fetcher's politeness and safety limits, as it takes them (`[http]` in the file).
    http: FetchPolicy = field(default_factory=FetchPolicy)

    ingest_poll_interval: int = 900
    ingest_batch_size: int = 100
    ingest_max_entries_per_source: int = 500
    ingest_max_backoff: int = 86_400
    # Entries whose page failed for a reason that may pass (timeout, 5xx, 429, connection) are
    # fetched again after `retry_after` seconds, doubled per failed attempt (capped at
    # `max_backoff`), and abandoned after `max_attempts` attempts (storage.pending).
    ingest_retry_after: int = 300
    ingest_max_attempts: int = 5
    ingest_claims_per_pass: int = 20_000
    ingest_claims_batch_size: int = 200
    # Sources one ingest run claims at a time; concurrent runs (several workers) share a pass.
    ingest_sources_per_claim: int = 10
    # Processes that extract fetched pages (trafilatura) while the task fetches and stores the
    # next ones; 0 or 1 extracts in the task's own process.
    ingest_extract_processes: int = field(default_factory=lambda: os.cpu_count() or 1)
    # A pass with fewer new pages prepares them in the task's own process: starting the
    # processes costs seconds of CPU time (a flow run's processes import Prefect), more than a
    # few dozen pages take to extract.
    ingest_extract_pool_min_pages: int = 100
    # Seconds a run may go without a heartbeat (written every fifth of this) before it is shown
    # as abandoned and its claimed sources are given to the next pass: for every run (ingest,
    # recheck, backfill, reextract), not only ingest's.
    ingest_run_lease: int = 300

    # Copies and near-copies (claimledger.derive.fingerprint_and_cluster).
    dedup_threshold: float = 0.8  # estimated Jaccard similarity of word shingles; 0.7 to 1
    dedup_per_pass: int = 20_000  # versions fingerprinted per pass at most
    dedup_batch_size: int = 500  # versions per Prefect task

    serve_interval: int = 900
    serve_deployment_name: str = "scheduled"

    # Rechecks of recently published articles (claimledger.recheck): when, how many, how often.
    recheck_offsets: str = "1h,4h,24h,3d,7d"  # after first seen; see recheck_schedule()
    recheck_budget: int = 500  # articles per pass
    recheck_batch_size: int = 50  # articles per Prefect task
    recheck_interval: int = 900  # seconds between scheduled recheck runs

    # Manual backfills (claimledger.backfill): chunk sizes and how much of Prefect they may take.
    backfill_warc_chunk_records: int = 1000  # WARC records per chunk
    backfill_urls_per_chunk: int = 500  # lines of a URL list per chunk
    backfill_chunks_per_run: int = 10  # chunks per flow run submitted with --submit
    backfill_concurrency: int = 1  # backfill flow runs at once; ingest keeps its own slot
    backfill_deployment_name: str = "manual"

    sources: tuple[SourceConfig, ...] = field(default_factory=tuple)

    def recheck_schedule(self) -> tuple[timedelta, ...]:
        """`recheck_offsets` as durations after first seen, e.g. "1h,4h,24h,3d,7d"."""
        return parse_offsets(self.recheck_offsets)

    @property
    def base_dir(self) -> Path:
        """Where relative source paths in the configuration are resolved from."""
        return self.config_path.parent if self.config_path else Path.cwd()


_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$")
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800}


def parse_offsets(text: str) -> tuple[timedelta, ...]:
    """ "1h,4h,24h,3d,7d" (or plain seconds, "3600,14400") as increasing durations."""
    offsets = []
    for item in text.split(","):
        match = _DURATION.match(item)
        if match is None:
            raise ValueError(f"{item.strip()!r} is not a duration (e.g. 90s, 15m, 4h, 3d, 1w)")
        offsets.append(timedelta(seconds=float(match[1]) * _UNIT_SECONDS[match[2]]))
    if offsets != sorted(offsets):
        raise ValueError(f"{text!r}: offsets must be in increasing order")
    return tuple(offsets)


# The fetch policy's fields a configuration may set, by their flat names (`http_read_timeout`:
# `[http] read_timeout`, CLAIMLEDGER_HTTP_READ_TIMEOUT); how long a robots.txt verdict is reused
# is not one of them.
HTTP_PREFIX = "http_"
_HTTP_FIELDS = {f"{HTTP_PREFIX}{f.name}": f for f in fields(FetchPolicy) if f.name != "robots_ttl"}
# Every setting by its flat name: the scalars of `Settings` and the fetch policy's.
_SCALAR_FIELDS = {
    **{f.name: f for f in fields(Settings) if f.name not in {"sources", "config_path", "http"}},
    **_HTTP_FIELDS,
}


def _coerce(name: str, value: Any, origin: str) -> Any:
    """Turn a TOML or environment value into the type the setting declares."""
    kind = _SCALAR_FIELDS[name].type
    try:
        if kind == "bool":
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in {"1", "true", "yes", "on"}:
                return True
            if text in {"0", "false", "no", "off"}:
                return False
            raise ValueError(f"expected true or false, got {value!r}")
        if kind == "int":
            if isinstance(value, bool):
                raise ValueError(f"expected a whole number, got {value!r}")
            return int(value)
        if kind == "float":
            return float(value)
        if kind == "tuple[str, ...]":
            # A TOML list, or a comma-separated environment variable.
            items = value if isinstance(value, list) else str(value).split(",")
            return tuple(str(item).strip() for item in items if str(item).strip())
        return str(value)
    except ValueError as error:
        raise ConfigurationError(f"{origin}: setting {name!r}: {error}") from None


# The TOML tables a setting may be written in: `[http] timeout` is the setting http_timeout.
SECTIONS = ("http", "ingest", "dedup", "serve", "recheck", "backfill")


def _toml_name(setting: str) -> str:
    """How a setting is written in claimledger.toml: `http.user_agent`, `database_url`."""
    section, _, key = setting.partition("_")
    return f"{section}.{key}" if section in SECTIONS and key else setting


def did_you_mean(name: str, valid: Iterable[str], prefix: str = "") -> str:
    """The suffix ` (did you mean 'X'?)` for the valid name closest to a mistyped one, or "".

    Names are compared without a `prefix` they all share, which would make any two alike.
    """
    matches = difflib.get_close_matches(
        name.removeprefix(prefix), [item.removeprefix(prefix) for item in valid], n=1
    )
    return f" (did you mean {prefix + matches[0]!r}?)" if matches else ""


def _flatten(table: dict[str, Any], origin: str) -> dict[str, Any]:
    """`{"http": {"timeout": 5}}` → `{"http_timeout": 5}`; an unknown key is an error that
    names the nearest valid one, as the file spells it."""
    flat: dict[str, Any] = {}
    for key, value in table.items():
        if key == "sources":
            continue
        if isinstance(value, dict):
            for inner_key, inner_value in value.items():
                flat[f"{key}_{inner_key}"] = inner_value
        else:
            flat[key] = value
    unknown = sorted(set(flat) - set(_SCALAR_FIELDS))
    if unknown:
        valid = [_toml_name(name) for name in _SCALAR_FIELDS]
        described = ", ".join(
            f"{_toml_name(name)!r}{did_you_mean(_toml_name(name), valid)}" for name in unknown
        )
        raise ConfigurationError(f"{origin}: unknown setting(s): {described}")
    return flat


SOURCE_KEYS = ("name", "url", "kind", "enabled")


def _parse_sources(raw: Any, origin: str) -> tuple[SourceConfig, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise ConfigurationError(f"{origin}: 'sources' must be a list of [[sources]] tables")
    sources = []
    for index, item in enumerate(raw, start=1):
        if not isinstance(item, dict) or "url" not in item:
            raise ConfigurationError(f"{origin}: source #{index} needs at least a 'url'")
        unknown = sorted(set(item) - set(SOURCE_KEYS))
        if unknown:
            described = ", ".join(f"{key!r}{did_you_mean(key, SOURCE_KEYS)}" for key in unknown)
            raise ConfigurationError(f"{origin}: source #{index}: unknown key(s) {described}")
        sources.append(
            SourceConfig(
                name=str(item.get("name") or item["url"]),
                url=str(item["url"]),
                kind=str(item.get("kind", "rss")),
                enabled=bool(item.get("enabled", True)),
            )
        )
    return tuple(sources)


def find_config(explicit: Path | None = None) -> Path | None:
    """The file to read: an explicit path, `CLAIMLEDGER_CONFIG`, or ./claimledger.toml."""
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigurationError(f"{explicit}: configuration file not found")
        return explicit.resolve()
    from_env = os.environ.get(f"{ENV_PREFIX}CONFIG")
    if from_env:
        path = Path(from_env)
        if not path.is_file():
            raise ConfigurationError(
                f"{path}: configuration file named by {ENV_PREFIX}CONFIG not found"
            )
        return path.resolve()
    default = Path.cwd() / CONFIG_FILE_NAME
    return default.resolve() if default.is_file() else None


def unknown_variables(environ: Mapping[str, str]) -> list[str]:
    """One warning per `CLAIMLEDGER_*` variable that is no setting, with the nearest valid name:
    a mistyped override would otherwise be ignored without a word. The variables of
    NON_SETTING_VARIABLES and `CLAIMLEDGER_TEST_*` are not warned of."""
    settings = [f"{ENV_PREFIX}{name.upper()}" for name in _SCALAR_FIELDS]
    return [
        f"unknown environment variable {name}"
        f"{did_you_mean(name, [*settings, f'{ENV_PREFIX}CONFIG'], ENV_PREFIX)} is ignored"
        for name in sorted(environ)
        if name.startswith(ENV_PREFIX)
        and name not in settings
        and name not in NON_SETTING_VARIABLES
        and not name.startswith(TEST_ENV_PREFIX)
    ]


def load_settings(
    config_path: Path | None = None, environ: dict[str, str] | None = None
) -> Settings:
    """Read the configuration file (if any), then apply `CLAIMLEDGER_*` environment overrides."""
    environ = dict(os.environ) if environ is None else environ
    path = find_config(config_path)
    values: dict[str, Any] = {}
    sources: tuple[SourceConfig, ...] = ()
    if path is not None:
        try:
            table = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            raise ConfigurationError(f"{path}: cannot read configuration: {error}") from None
        for name, value in _flatten(table, str(path)).items():
            values[name] = _coerce(name, value, str(path))
        sources = _parse_sources(table.get("sources"), str(path))
    for name in _SCALAR_FIELDS:
        env_name = f"{ENV_PREFIX}{name.upper()}"
        if env_name in environ:
            values[name] = _coerce(name, environ[env_name], env_name)
    http = {
        name.removeprefix(HTTP_PREFIX): values.pop(name)
        for name in list(values)
        if name in _HTTP_FIELDS
    }
    settings = replace(
        Settings(), config_path=path, sources=sources, http=replace(FetchPolicy(), **http), **values
    )
    _validate(settings)
    return settings


def _validate(settings: Settings) -> None:
    positive = {
        "ingest_poll_interval": settings.ingest_poll_interval,
        "ingest_batch_size": settings.ingest_batch_size,
        "ingest_sources_per_claim": settings.ingest_sources_per_claim,
        "ingest_max_attempts": settings.ingest_max_attempts,
        "ingest_run_lease": settings.ingest_run_lease,
        "serve_interval": settings.serve_interval,
        "recheck_batch_size": settings.recheck_batch_size,
        "dedup_batch_size": settings.dedup_batch_size,
        "recheck_interval": settings.recheck_interval,
        "backfill_warc_chunk_records": settings.backfill_warc_chunk_records,
        "backfill_urls_per_chunk": settings.backfill_urls_per_chunk,
        "backfill_chunks_per_run": settings.backfill_chunks_per_run,
        "backfill_concurrency": settings.backfill_concurrency,
        "http_max_bytes": settings.http.max_bytes,
        "http_total_timeout": settings.http.total_timeout,
    }
    for name, value in positive.items():
        if value <= 0:
            raise ConfigurationError(f"setting {name!r} must be positive, got {value}")
    if not 0 < settings.dedup_threshold <= 1:
        raise ConfigurationError(
            "setting 'dedup_threshold' must be above 0 and at most 1, "
            f"got {settings.dedup_threshold}"
        )
    for name in ("ingest_extract_processes", "ingest_extract_pool_min_pages", "ingest_retry_after"):
        if getattr(settings, name) < 0:
            raise ConfigurationError(
                f"setting {name!r} must be 0 or more, got {getattr(settings, name)}"
            )
    if settings.recheck_budget < 0:
        raise ConfigurationError(
            f"setting 'recheck_budget' must be 0 or more, got {settings.recheck_budget}"
        )
    try:
        settings.recheck_schedule()
    except ValueError as error:
        raise ConfigurationError(f"setting 'recheck_offsets': {error}") from None
    try:
        parse_networks(settings.http.allowed_networks)
    except ValueError as error:
        raise ConfigurationError(f"setting 'http_allowed_networks': {error}") from None
    shown = redact_url(settings.database_url)
    if "://" not in settings.database_url:
        raise ConfigurationError(
            f"database_url {shown!r} is not a URL "
            "(expected e.g. sqlite:///claimledger.db or postgresql+psycopg://user@host/db)"
        )
    try:
        make_url(settings.database_url)
    except (ArgumentError, ValueError) as error:
        reason = "the port is not a number" if "int()" in str(error) else str(error)
        raise ConfigurationError(f"database_url {shown!r} is not valid: {reason}") from None
