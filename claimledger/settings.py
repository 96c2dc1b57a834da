"""Settings: `claimledger.toml` first, then `CLAIMLEDGER_*` environment variables on top.

One flat, typed object so every part of the pipeline reads the same values. The TOML file may
group keys in sections (`[http]`, `[ingest]`); a key `timeout` in section `http` is the setting
`http_timeout`, and the environment variable `CLAIMLEDGER_HTTP_TIMEOUT` overrides it. Sources can
be declared in the file as `[[sources]]` tables so a deployment is reproducible from one file.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from intake.http import FetchPolicy
from intake.netguard import parse_networks

CONFIG_FILE_NAME = "claimledger.toml"
ENV_PREFIX = "CLAIMLEDGER_"
DEFAULT_DATABASE_URL = "sqlite:///claimledger.db"


class SettingsError(ValueError):
    """The configuration cannot be used; the message says which key or file and why."""


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

    http_user_agent: str = FetchPolicy.user_agent
    http_connect_timeout: float = FetchPolicy.connect_timeout
    http_read_timeout: float = FetchPolicy.read_timeout
    http_total_timeout: float = FetchPolicy.total_timeout
    http_max_bytes: int = FetchPolicy.max_bytes
    http_max_redirects: int = FetchPolicy.max_redirects
    http_min_host_delay: float = FetchPolicy.min_host_delay
    http_max_retry_after: float = FetchPolicy.max_retry_after
    http_respect_robots: bool = FetchPolicy.respect_robots
    http_allowed_networks: tuple[str, ...] = FetchPolicy.allowed_networks

    ingest_poll_interval: int = 900
    ingest_batch_size: int = 100
    ingest_max_entries_per_source: int = 500
    ingest_max_backoff: int = 86_400
    ingest_claims_per_pass: int = 20_000
    ingest_claims_batch_size: int = 200

    serve_interval: int = 900
    serve_deployment_name: str = "scheduled"

    sources: tuple[SourceConfig, ...] = field(default_factory=tuple)

    def fetch_policy(self) -> FetchPolicy:
        """The HTTP politeness and safety limits, as the fetcher takes them."""
        return FetchPolicy(
            user_agent=self.http_user_agent,
            connect_timeout=self.http_connect_timeout,
            read_timeout=self.http_read_timeout,
            total_timeout=self.http_total_timeout,
            max_bytes=self.http_max_bytes,
            max_redirects=self.http_max_redirects,
            min_host_delay=self.http_min_host_delay,
            max_retry_after=self.http_max_retry_after,
            respect_robots=self.http_respect_robots,
            allowed_networks=self.http_allowed_networks,
        )

    @property
    def base_dir(self) -> Path:
        """Where relative source paths in the configuration are resolved from."""
        return self.config_path.parent if self.config_path else Path.cwd()


_SCALAR_FIELDS = {f.name: f for f in fields(Settings) if f.name not in {"sources", "config_path"}}


def _coerce(name: str, value: Any, origin: str) -> Any:
    """Turn a TOML or environment value into the type the setting declares."""
    kind = Settings.__dataclass_fields__[name].type
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
        raise SettingsError(f"{origin}: setting {name!r}: {error}") from None


def _flatten(table: dict[str, Any], origin: str) -> dict[str, Any]:
    """`{"http": {"timeout": 5}}` → `{"http_timeout": 5}`; an unknown key is an error."""
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
        raise SettingsError(f"{origin}: unknown setting(s): {', '.join(unknown)}")
    return flat


def _parse_sources(raw: Any, origin: str) -> tuple[SourceConfig, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise SettingsError(f"{origin}: 'sources' must be a list of [[sources]] tables")
    sources = []
    for index, item in enumerate(raw, start=1):
        if not isinstance(item, dict) or "url" not in item:
            raise SettingsError(f"{origin}: source #{index} needs at least a 'url'")
        unknown = set(item) - {"name", "url", "kind", "enabled"}
        if unknown:
            raise SettingsError(f"{origin}: source #{index}: unknown key(s) {sorted(unknown)}")
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
            raise SettingsError(f"{explicit}: configuration file not found")
        return explicit.resolve()
    from_env = os.environ.get(f"{ENV_PREFIX}CONFIG")
    if from_env:
        path = Path(from_env)
        if not path.is_file():
            raise SettingsError(f"{path}: configuration file named by {ENV_PREFIX}CONFIG not found")
        return path.resolve()
    default = Path.cwd() / CONFIG_FILE_NAME
    return default.resolve() if default.is_file() else None


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
            raise SettingsError(f"{path}: cannot read configuration: {error}") from None
        for name, value in _flatten(table, str(path)).items():
            values[name] = _coerce(name, value, str(path))
        sources = _parse_sources(table.get("sources"), str(path))
    for name in _SCALAR_FIELDS:
        env_name = f"{ENV_PREFIX}{name.upper()}"
        if env_name in environ:
            values[name] = _coerce(name, environ[env_name], env_name)
    settings = replace(Settings(), config_path=path, sources=sources, **values)
    _validate(settings)
    return settings


def _validate(settings: Settings) -> None:
    positive = {
        "ingest_poll_interval": settings.ingest_poll_interval,
        "ingest_batch_size": settings.ingest_batch_size,
        "serve_interval": settings.serve_interval,
        "http_max_bytes": settings.http_max_bytes,
        "http_total_timeout": settings.http_total_timeout,
    }
    for name, value in positive.items():
        if value <= 0:
            raise SettingsError(f"setting {name!r} must be positive, got {value}")
    try:
        parse_networks(settings.http_allowed_networks)
    except ValueError as error:
        raise SettingsError(f"setting 'http_allowed_networks': {error}") from None
    if "://" not in settings.database_url:
        raise SettingsError(
            f"database_url {settings.database_url!r} is not a URL "
            "(expected e.g. sqlite:///claimledger.db or postgresql+psycopg://user@host/db)"
        )
