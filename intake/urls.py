"""URL canonicalisation, so the same article reached through different links is one document.

Only the schemes the pipeline can fetch (http, https, file) are accepted; anything else is
rejected up front with `InvalidURL` rather than failing later inside the fetcher.
"""

from __future__ import annotations

import ipaddress
import re
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit, urlunsplit

FETCHABLE_SCHEMES = frozenset({"http", "https", "file"})

_DEFAULT_PORTS = {"http": 80, "https": 443}

# Parameters that only identify the campaign or click that led to a page; they never change
# the content, so keeping them would split one article into many "different" URLs.
_TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "oly_anon_id",
        "oly_enc_id",
        "vero_id",
        "wickedid",
    }
)
_TRACKING_PREFIXES = ("utm_",)

# Characters left as they are when re-quoting; everything else (spaces, non-ASCII, quotes...)
# is percent-encoded. "%" is kept so existing escapes are never double-encoded, which is what
# makes normalisation idempotent.
_SAFE_PATH = "/%:@!$&'()*+,;=-._~"
_SAFE_QUERY_PART = "/?%:@!$'()*+,;=-._~"
_SAFE_USERINFO = "%:!$&'()*+,;=-._~"

_HOST_PATTERN = re.compile(r"[a-z0-9_]([a-z0-9_.-]*[a-z0-9_])?\.?")
_URL_WITH_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


# `user:password@` wherever it appears: in a URL or in a message that quotes URLs, parsable
# or not. The user name starts a word (after `//`, white space, a quote, a bracket or `=`) and
# stays readable; the password runs to the last `@` before the host (a raw `:` or `@` in it
# included) and never past a `/`, `?`, `#`, a quote or white space. `mailto:name@host` holds
# no password.
_PASSWORD = re.compile(
    r"(?<![^\s/'\"<>(\[=,;])(?!(?i:mailto):)(?P<user>[^\s:/?#@'\"<>]*):[^\s/?#'\"<>]*@"
)


def redact_url(text: str) -> str:
    """A URL, or a message naming URLs, as it may be shown, logged or stored as a reason:
    every password replaced by `***`.

    Output gets pasted into tickets and logs leave the machine, while a source keeps its
    credentials where they are needed, to fetch with. The one masking function: database
    URLs (also without `://`, or with a port that is not a number) and feed URLs alike.
    """
    return _PASSWORD.sub(r"\g<user>:***@", text)


def redact_optional(text: str | None) -> str | None:
    """`redact_url` of a message that may be missing (an error column, a poll's error)."""
    return None if text is None else redact_url(text)


class InvalidURL(ValueError):
    """A string that cannot be turned into a fetchable URL; the message masks passwords."""

    def __init__(self, message: str) -> None:
        super().__init__(redact_url(message))


def normalize_url(url: str) -> str:
    """Return the canonical form of `url`, used as the identity key for fetched documents.

    Path case is kept because servers are free to treat it as significant; only parts that
    are case-insensitive or meaningless for content (scheme, host, default port, fragment,
    tracking parameters, query order) are canonicalised.
    """
    text = url.strip()
    try:
        parts = urlsplit(text)
        scheme = parts.scheme.lower()
        if scheme not in FETCHABLE_SCHEMES:
            raise InvalidURL(f"{url!r}: unsupported or missing scheme (expected http, https, file)")
        if scheme == "file":
            return _normalize_file_url(url, parts.netloc, parts.path)
        host = _normalize_host(url, parts.hostname)
        port = parts.port
    except ValueError as exc:
        if isinstance(exc, InvalidURL):
            raise
        raise InvalidURL(f"{url!r}: {exc}") from exc

    netloc = f"[{host}]" if ":" in host else host
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        netloc = f"{netloc}:{port}"
    userinfo, _, _ = parts.netloc.rpartition("@")
    if userinfo:
        netloc = f"{quote(userinfo, safe=_SAFE_USERINFO)}@{netloc}"
    path = quote(parts.path, safe=_SAFE_PATH) or "/"
    return urlunsplit((scheme, netloc, path, _normalize_query(parts.query), ""))


def host_of(url: str) -> str:
    """The outlet of an article URL: its host without "www." (a file path for local copies)."""
    parts = urlsplit(url)
    return (parts.hostname or "").removeprefix("www.") or parts.path


def same_site(a: str, b: str) -> bool:
    """Whether two URLs belong to the same site; used to tell own links from outbound ones.

    A leading "www." is ignored. This is deliberately not a public-suffix lookup: comparing
    hosts is good enough for telling a publisher's pages apart from everyone else's. URLs
    without a host (file://) or unparsable ones are never the same site as anything.
    """
    host_a, host_b = _site_host(a), _site_host(b)
    return host_a is not None and host_a == host_b


def to_url(location: str, base_dir: Path | None = None) -> str:
    """Turn a source location from configuration into a URL the fetcher understands.

    Configuration may name local files (fixtures, archived pages) by path; relative paths are
    taken relative to `base_dir` (the configuration file's folder), or the working directory.
    """
    text = location.strip()
    if _URL_WITH_SCHEME.match(text):
        scheme = text.split(":", 1)[0].lower()
        if scheme not in FETCHABLE_SCHEMES:
            raise InvalidURL(f"{location!r}: unsupported scheme {scheme!r}")
        return text
    if not text:
        raise InvalidURL("empty location")
    path = Path(text).expanduser()
    if not path.is_absolute():
        path = (base_dir or Path.cwd()) / path
    return path.resolve().as_uri()


def _normalize_file_url(url: str, netloc: str, path: str) -> str:
    if netloc.lower() not in ("", "localhost"):
        raise InvalidURL(f"{url!r}: file URLs must not name a remote host ({netloc!r})")
    if not path.startswith("/"):
        raise InvalidURL(f"{url!r}: file URL without an absolute path")
    return urlunsplit(("file", "", quote(path, safe=_SAFE_PATH), "", ""))


def _normalize_host(url: str, hostname: str | None) -> str:
    if not hostname:
        raise InvalidURL(f"{url!r}: missing host")
    if ":" in hostname:
        try:
            return str(ipaddress.IPv6Address(hostname))
        except ValueError as exc:
            raise InvalidURL(f"{url!r}: invalid IPv6 host {hostname!r}") from exc
    host = unquote(hostname)
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError as exc:
            raise InvalidURL(f"{url!r}: invalid international host {hostname!r}") from exc
    host = host.lower()
    if not _HOST_PATTERN.fullmatch(host):
        raise InvalidURL(f"{url!r}: invalid host {hostname!r}")
    return host


def _normalize_query(query: str) -> str:
    """Drop tracking parameters and sort the rest, keeping each pair's original encoding."""
    kept = []
    for pair in query.split("&"):
        if not pair:
            continue
        key = unquote(pair.split("=", 1)[0]).lower()
        if key in _TRACKING_PARAMS or key.startswith(_TRACKING_PREFIXES):
            continue
        kept.append("=".join(quote(part, safe=_SAFE_QUERY_PART) for part in pair.split("=", 1)))
    return "&".join(sorted(kept))


def _site_host(url: str) -> str | None:
    try:
        host = urlsplit(normalize_url(url)).hostname
    except InvalidURL:
        return None
    if host is None:
        return None
    return host.removeprefix("www.")
