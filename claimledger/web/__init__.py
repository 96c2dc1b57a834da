"""The read-only web application (`claimledger web`): the ledger as server-rendered pages.

Starlette serves the pages (FastAPI's request validation and OpenAPI schema are for JSON APIs;
these are HTML pages and two download formats), Jinja2 renders them, and every figure is inline
SVG drawn on the server, so nothing is built with JavaScript and nothing is loaded from the
internet. Every read goes through `claimledger.ledger` (the read layer of the CLI's commands
and of `export`) on sessions that cannot write.
"""

from claimledger.web.app import create_app

__all__ = ["create_app"]
