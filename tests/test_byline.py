"""The byline search gives trafilatura's own answer, on pages written here and on AEB dev."""

from __future__ import annotations

import gzip

import lxml.html
import pytest
from trafilatura.metadata import extract_author

from extractors.article import _PARSER
from extractors.byline import RESTATES_TRAFILATURA, byline
from tests.shared_data import shared_data_dir

BODY = "<p>The river rose overnight and the council opened two shelters in the old mill.</p>"


def page(byline_html: str) -> lxml.html.HtmlElement:
    html = f"<html><head><title>Floods</title></head><body>{byline_html}{BODY}</body></html>"
    return lxml.html.document_fromstring(html.encode(), parser=_PARSER)


def test_the_locked_trafilatura_is_the_one_restated() -> None:
    """Fails on a trafilatura whose author expressions changed: restate them, then update."""
    assert RESTATES_TRAFILATURA


@pytest.mark.parametrize(
    ("byline_html", "author"),
    [
        ('<span class="author-name">Mara Ellison</span>', "Mara Ellison"),
        ('<a rel="author" href="/staff/1">Tomas Reyes</a>', "Tomas Reyes"),
        ("<author>Ines Okafor</author>", "Ines Okafor"),
        ('<div class="byline">By Jon Avery</div>', "Jon Avery"),
        ('<p itemprop="author">Lena Haas</p>', "Lena Haas"),
        ('<section data-component="Byline">Priya Nair</section>', "Priya Nair"),
        ('<footer id="Author-box">Sam Whitlow</footer>', "Sam Whitlow"),
        # The first candidate is under a discarded sidebar, the second one counts.
        (
            '<div class="sidebar"><span class="author">Ad Partner</span></div>'
            '<span class="author">Rhea Castell</span>',
            "Rhea Castell",
        ),
        # Dates and figures inside the byline are deleted, their tails kept.
        ('<div class="byline">Ola Brandt <time>12 March</time>, Oslo</div>', "Ola Brandt; Oslo"),
        # Too long to be a name: the next expression's candidate is taken.
        (
            f'<span class="author">{"word " * 40}</span><div class="writer">Kit Moran</div>',
            "Kit Moran",
        ),
        ('<div class="post-meta">Filed under weather</div>', None),
    ],
)
def test_the_byline_is_trafilaturas(byline_html: str, author: str | None) -> None:
    tree = page(byline_html)

    found = byline(tree)

    assert found == extract_author(page(byline_html)) == author


def test_the_byline_is_trafilaturas_on_every_aeb_dev_page() -> None:
    pages = sorted((shared_data_dir() / "aeb-dev" / "html").glob("*.html.gz"))
    assert pages
    for path in pages:
        html = gzip.decompress(path.read_bytes())
        ours = byline(lxml.html.document_fromstring(html, parser=_PARSER))
        theirs = extract_author(lxml.html.document_fromstring(html, parser=_PARSER))
        assert ours == theirs, path.name
