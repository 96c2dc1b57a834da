"""Response bodies decoded while they stream, never holding more than the size cap.

A gzip or deflate stream can expand a thousandfold, and httpx decodes each network chunk in
full before handing it over: one 64 KiB chunk of a gzip bomb becomes some 64 MB in memory.
Here every decompression call is told how much output is still allowed, so a bomb stops at
the cap plus one byte. A compressed body that ends before its stream does is an error, not a
silently shorter page that would later look like an edit.
"""

from __future__ import annotations

import zlib

# What the fetcher advertises in Accept-Encoding: exactly the codings decoded here. Brotli and
# zstd are left out on purpose, so installing their packages cannot change what servers send.
ACCEPT_ENCODING = "gzip, deflate"

_GZIP_MAGIC = b"\x1f\x8b"
_IDENTITY = frozenset({"", "identity"})


class BodyTooLarge(Exception):
    """The decoded body would exceed the cap."""


class BodyCorrupt(Exception):
    """The body cannot be decoded: unsupported, damaged or truncated compression."""


class CappedBody:
    """Collects a body's raw chunks and decodes its Content-Encoding under a byte cap."""

    def __init__(self, content_encoding: str | None, cap: int) -> None:
        codings = [c.strip().lower() for c in (content_encoding or "").split(",")]
        codings = [c for c in codings if c not in _IDENTITY]
        if len(codings) > 1:
            raise BodyCorrupt(f"stacked Content-Encoding {content_encoding!r} is not supported")
        self._coding = codings[0] if codings else ""
        if self._coding not in ("", "gzip", "x-gzip", "deflate"):
            raise BodyCorrupt(f"unsupported Content-Encoding {self._coding!r}")
        self._cap = cap
        self._body = bytearray()
        self._inflater: zlib._Decompress | None = None

    def feed(self, raw: bytes) -> None:
        """Add the next raw chunk; BodyTooLarge or BodyCorrupt stop the read."""
        if not raw:
            return
        if not self._coding:
            self._append(raw)
            return
        try:
            self._inflate(raw)
        except zlib.error as error:
            raise BodyCorrupt(f"damaged {self._coding} body ({error})") from None

    def finish(self) -> bytes:
        """The decoded body; BodyCorrupt when a compressed stream was cut short."""
        if self._inflater is not None and not self._inflater.eof:
            raise BodyCorrupt(f"{self._coding} body is truncated")
        return bytes(self._body)

    def _append(self, data: bytes) -> None:
        if len(self._body) + len(data) > self._cap:
            raise BodyTooLarge(f"body exceeds the {self._cap}-byte limit")
        self._body += data

    def _inflate(self, raw: bytes) -> None:
        """Decode `raw`, starting a new gzip member whenever one ends and another follows."""
        pending = raw
        while pending:
            if self._inflater is None:
                self._inflater = self._start(pending)
            elif self._inflater.eof:
                if self._coding == "deflate" or not pending.startswith(_GZIP_MAGIC):
                    return  # trailing bytes after the stream: ignored, as browsers do
                self._inflater = self._start(pending)
            room = self._cap - len(self._body)
            # max_length bounds the output of this call: a bomb yields at most room + 1 bytes.
            self._append(self._inflater.decompress(pending, room + 1))
            pending = self._inflater.unused_data

    def _start(self, first: bytes) -> zlib._Decompress:
        if self._coding != "deflate":
            return zlib.decompressobj(zlib.MAX_WBITS | 16)
        # "deflate" should be zlib-wrapped (RFC 9110) but some servers send raw deflate.
        wrapped = first[:2]
        if (
            len(wrapped) == 2
            and (wrapped[0] & 0x0F) == 8
            and int.from_bytes(wrapped, "big") % 31 == 0
        ):
            return zlib.decompressobj(zlib.MAX_WBITS)
        return zlib.decompressobj(-zlib.MAX_WBITS)
