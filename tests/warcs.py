"""Writing WARC.gz files for tests with warcio, record by record, as crawlers write them."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter


@dataclass(frozen=True)
class Capture:
    """One archived exchange: a response (preceded by its request unless `request` is False)."""

    url: str
    when: datetime
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: str = "200 OK"
    request: bool = True


def warc_date(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def write_warc(path: Path, captures: list[Capture]) -> Path:
    """A gzipped WARC: a warcinfo record, then request and response records per capture."""
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        writer.write_record(
            writer.create_warcinfo_record(path.name, {"software": "claimledger tests"})
        )
        for capture in captures:
            date = {"WARC-Date": warc_date(capture.when)}
            if capture.request:
                request_headers = StatusAndHeaders(
                    "GET / HTTP/1.1", [("Host", "example")], is_http_request=True
                )
                writer.write_record(
                    writer.create_warc_record(
                        capture.url,
                        "request",
                        payload=io.BytesIO(b""),
                        http_headers=request_headers,
                        warc_headers_dict=date,
                    )
                )
            response_headers = StatusAndHeaders(
                capture.status,
                [
                    ("Content-Type", capture.content_type),
                    ("Content-Length", str(len(capture.body))),
                ],
                protocol="HTTP/1.1",
            )
            writer.write_record(
                writer.create_warc_record(
                    capture.url,
                    "response",
                    payload=io.BytesIO(capture.body),
                    http_headers=response_headers,
                    warc_headers_dict=date,
                )
            )
    return path
