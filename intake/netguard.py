"""Outbound safety at the socket: which addresses the fetcher may connect to, and for how long.

Feeds, URL lists and redirects can point anywhere, including this machine's own services
(127.0.0.1), the cloud metadata endpoint (169.254.169.254) and the intranet. Checking a URL's
host and then letting the HTTP library resolve it again to connect would let a DNS answer that
changes in between (DNS rebinding) slip through, so the check lives in the httpcore network
backend: it resolves each host once, refuses the connection if any answer is not allowed, and
connects to those vetted addresses only. TLS still verifies the certificate against the
hostname, and keep-alive connections are pooled per hostname as usual.

The same backend enforces the fetch's total deadline on every socket read and write. httpx's
timeouts apply to one operation each, so a server dripping one header byte per second would
otherwise hold a worker indefinitely. A fetch that may be abandoned (its caller is stopping on
a signal) waits for data in slices of `INTERRUPT_POLL` seconds and asks between them.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import httpcore
import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], list[str]]

_deadline: ContextVar[float | None] = ContextVar("claimledger_fetch_deadline", default=None)
_interrupt: ContextVar[Callable[[], None] | None] = ContextVar(
    "claimledger_fetch_interrupt", default=None
)

# Seconds between two looks at whether a fetch waiting for a slow server should be abandoned.
INTERRUPT_POLL = 0.2


class BlockedAddressError(Exception):
    """A host resolved to an address the fetch policy does not allow; nothing was sent to it."""

    def __init__(self, host: str, address: IPAddress, kind: str) -> None:
        super().__init__(
            f"{host} resolves to {address}, a {kind} address "
            "(not in http_allowed_networks; refusing to connect)"
        )
        self.host = host
        self.address = address


def parse_networks(specs: Iterable[str]) -> tuple[IPNetwork, ...]:
    """CIDRs (or bare addresses) as networks; a ValueError names the first invalid one."""
    networks = []
    for spec in specs:
        try:
            networks.append(ipaddress.ip_network(spec.strip(), strict=False))
        except ValueError:
            raise ValueError(f"{spec!r} is not an IP network (expected e.g. 10.0.0.0/8)") from None
    return tuple(networks)


def refusal_kind(address: IPAddress, allowed: tuple[IPNetwork, ...] = ()) -> str | None:
    """Why `address` may not be contacted ("loopback", "private", ...), or None when it may.

    An IPv4 address wrapped in IPv6 (::ffff:127.0.0.1) is judged as the IPv4 address it is.
    Multicast is tested explicitly: Python counts 224.0.0.0/4 as global.
    """
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if any(address.version == network.version and address in network for network in allowed):
        return None
    checks = (
        ("unspecified", address.is_unspecified),
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("reserved", address.is_reserved),
        ("private", address.is_private),
        ("non-public", not address.is_global),
    )
    return next((kind for kind, applies in checks if applies), None)


def system_resolver(host: str, port: int) -> list[str]:
    """Every address the system resolver gives for `host`, in its order, without duplicates."""
    answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(sockaddr[0]) for *_, sockaddr in answers))


@contextmanager
def fetch_deadline(deadline: float, interrupt: Callable[[], None] | None = None) -> Iterator[None]:
    """Bound every socket operation in this block (this thread or task) by `deadline`.

    `interrupt`, when given, is called at least every `INTERRUPT_POLL` seconds while a read
    waits, and abandons the fetch by raising (the connection is then closed, not reused).
    """
    deadline_token = _deadline.set(deadline)
    interrupt_token = _interrupt.set(interrupt)
    try:
        yield
    finally:
        _interrupt.reset(interrupt_token)
        _deadline.reset(deadline_token)


def _clip(timeout: float | None) -> float | None:
    """The operation timeout shortened to the current fetch's deadline; raises once it passed."""
    deadline = _deadline.get()
    if deadline is None:
        return timeout
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise httpcore.TimeoutException("the fetch's total deadline has passed")
    return remaining if timeout is None else min(timeout, remaining)


class _DeadlineStream(httpcore.NetworkStream):
    """A connection whose reads and writes never wait past the current fetch's deadline."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        interrupt = _interrupt.get()
        if interrupt is None:
            return self._inner.read(max_bytes, _clip(timeout))
        # The same wait in short slices, asking between them; a slice that times out has
        # consumed nothing, so reading again is safe (for TLS sockets too).
        give_up = None if timeout is None else time.monotonic() + timeout
        while True:
            interrupt()
            left = _clip(None if give_up is None else max(give_up - time.monotonic(), 0.0))
            if left is not None and left <= 0:
                raise httpcore.ReadTimeout("timed out")
            sliced = INTERRUPT_POLL if left is None else min(left, INTERRUPT_POLL)
            try:
                return self._inner.read(max_bytes, sliced)
            except httpcore.ReadTimeout:
                if left is not None and left <= INTERRUPT_POLL:
                    raise

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _clip(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: Any,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        return _DeadlineStream(self._inner.start_tls(ssl_context, server_hostname, _clip(timeout)))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class GuardedBackend(httpcore.NetworkBackend):
    """Resolves, vets and connects in one place, so the address checked is the one used."""

    def __init__(self, allowed: tuple[IPNetwork, ...], resolver: Resolver = system_resolver):
        self._allowed = allowed
        self._resolve = resolver
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = self.vetted_addresses(host, port)
        failure: httpcore.ConnectError | httpcore.ConnectTimeout | None = None
        for address in addresses:
            try:
                stream = self._inner.connect_tcp(
                    str(address), port, _clip(timeout), local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                failure = error
                continue
            return _DeadlineStream(stream)
        assert failure is not None  # vetted_addresses never returns an empty list
        raise failure

    def vetted_addresses(self, host: str, port: int) -> list[IPAddress]:
        """The host's addresses, all of them allowed; BlockedAddressError if any is not.

        One disallowed answer refuses the host: connecting to "the good one" would leave the
        choice to whoever controls the DNS answer.
        """
        try:
            answers = self._resolve(host.strip("[]"), port)
        except socket.gaierror as error:
            raise httpcore.ConnectError(f"[Errno {error.errno}] {error.strerror}") from error
        except UnicodeError as error:  # a hostname the IDNA codec cannot encode
            raise httpcore.ConnectError(f"cannot resolve {host!r}: {error}") from error
        if not answers:
            raise httpcore.ConnectError(f"no address found for {host}")
        addresses = [ipaddress.ip_address(answer.split("%", 1)[0]) for answer in answers]
        for address in addresses:
            kind = refusal_kind(address, self._allowed)
            if kind is not None:
                raise BlockedAddressError(host, address, kind)
        return addresses

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class GuardedTransport(httpx.HTTPTransport):
    """httpx's own transport (exception mapping, streaming) over a `GuardedBackend`.

    httpx has no public switch for the network backend (encode/httpx#3180), so the connection
    pool it builds is replaced by an equivalent one with the guarded backend. The check below
    makes an httpx upgrade that renames the pool fail loudly instead of silently unguarded.
    """

    def __init__(self, backend: GuardedBackend) -> None:
        super().__init__(trust_env=False)
        if not isinstance(getattr(self, "_pool", None), httpcore.ConnectionPool):
            raise RuntimeError("httpx.HTTPTransport changed: cannot install the address guard")
        limits = httpx.Limits()
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=backend,
        )
