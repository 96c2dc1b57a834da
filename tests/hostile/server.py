"""A loopback HTTP server that answers with exactly the bytes a test scripts, however wrong.

pytest-httpserver (werkzeug) writes well-formed HTTP; hostile cases need what it refuses to
send: headers that drip or never end, bodies shorter than their Content-Length, garbage status
lines, unsolicited encodings. Each connection gets a thread and is closed after one response.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable, Iterable, Iterator

Handler = Callable[[socket.socket], None]

_MAX_REQUEST_HEAD = 65_536


class ScriptedServer:
    """Serves `routes` (request path -> handler writing the raw response) on loopback."""

    def __init__(self, routes: dict[str, Handler]) -> None:
        self.routes = routes
        self.requests: list[tuple[str, str]] = []  # (path, Host header), in arrival order
        self._listener = _loopback_listener()
        self.port = self._listener.getsockname()[1]
        self._thread = threading.Thread(target=self._accept_loop, daemon=True)
        self._stopped = threading.Event()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def __enter__(self) -> ScriptedServer:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stopped.set()
        with contextlib.suppress(OSError):  # wakes the accept() under way (Linux)
            self._listener.shutdown(socket.SHUT_RDWR)
        self._listener.close()
        self._thread.join(timeout=5)

    def _accept_loop(self) -> None:
        while not self._stopped.is_set():
            try:
                connection, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(connection,), daemon=True).start()

    def _serve(self, connection: socket.socket) -> None:
        with connection, contextlib.suppress(OSError):
            connection.settimeout(30)
            head = b""
            while b"\r\n\r\n" not in head and len(head) < _MAX_REQUEST_HEAD:
                chunk = connection.recv(4096)
                if not chunk:
                    return
                head += chunk
            lines = head.decode("latin-1").split("\r\n")
            path = lines[0].split(" ")[1] if len(lines[0].split(" ")) > 1 else "/"
            host = next(
                (ln.split(":", 1)[1].strip() for ln in lines if ln.lower().startswith("host:")), ""
            )
            self.requests.append((path, host))
            handler = self.routes.get(path.split("?")[0], not_found)
            handler(connection)


def _loopback_listener() -> socket.socket:
    """A socket that 127.0.0.1, 127.0.0.2 and ::1 all reach when the host has IPv6.

    Then a request the address guard should have refused would really arrive here, and the
    tests can see that it did not.
    """
    if socket.has_dualstack_ipv6():
        with contextlib.suppress(OSError):
            return socket.create_server(("::", 0), family=socket.AF_INET6, dualstack_ipv6=True)
    return socket.create_server(("127.0.0.1", 0))


def response_head(status: str = "200 OK", headers: Iterable[tuple[str, str]] = ()) -> bytes:
    lines = [f"HTTP/1.1 {status}", "Connection: close", *(f"{k}: {v}" for k, v in headers)]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def respond(
    body: bytes,
    status: str = "200 OK",
    content_type: str | None = "text/html; charset=utf-8",
    headers: Iterable[tuple[str, str]] = (),
    content_length: int | None = None,
) -> Handler:
    """A complete response; `content_length` may lie about the body's size."""
    extra = list(headers)
    if content_type is not None:
        extra.append(("Content-Type", content_type))
    extra.append(("Content-Length", str(len(body) if content_length is None else content_length)))

    def handler(connection: socket.socket) -> None:
        connection.sendall(response_head(status, extra) + body)

    return handler


def raw(data: bytes) -> Handler:
    """Exactly these bytes, then close: for responses that are not HTTP at all."""
    return lambda connection: connection.sendall(data)


def chunked(chunks: Iterator[bytes], headers: Iterable[tuple[str, str]] = ()) -> Handler:
    """A chunked body from `chunks`, sent until the iterator ends or the client hangs up."""
    extra = [("Content-Type", "text/html"), ("Transfer-Encoding", "chunked"), *headers]

    def handler(connection: socket.socket) -> None:
        connection.sendall(response_head("200 OK", extra))
        for chunk in chunks:
            connection.sendall(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
        connection.sendall(b"0\r\n\r\n")

    return handler


def drip(data: bytes, every: float, step: int = 1) -> Handler:
    """`step` bytes of `data` every `every` seconds: a slow-loris response, head included."""

    def handler(connection: socket.socket) -> None:
        for start in range(0, len(data), step):
            connection.sendall(data[start : start + step])
            time.sleep(every)

    return handler


def silent(seconds: float) -> Handler:
    """Accept the request and say nothing."""
    return lambda connection: time.sleep(seconds)


def redirect(location: str, status: str = "302 Found") -> Handler:
    return respond(b"", status=status, content_type=None, headers=[("Location", location)])


not_found = respond(b"not found", status="404 Not Found", content_type="text/plain")
