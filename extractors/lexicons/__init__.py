"""Word lists of the metadata extractors (bylines, dates), kept as data beside the code; and
``walls.toml``, the wording of the walls that are not articles (read by extractors.page_kind).

One entry per line, ``#`` starts a comment; each file opens with a line saying where its words
come from. Entries are matched without case unless the reader says otherwise.
"""

from __future__ import annotations

from importlib.resources import files


def read_lexicon(name: str) -> list[str]:
    """The entries of ``extractors/lexicons/<name>``, as written, comments and blanks out."""
    text = files("extractors.lexicons").joinpath(name).read_text(encoding="utf-8")
    entries = []
    for line in text.splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            entries.append(entry)
    return entries
