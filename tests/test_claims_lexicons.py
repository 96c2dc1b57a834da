"""The lexicons are data: one file per word class, each saying where its words come from."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import pytest

from extractors.claims.cues import CUES, verb_forms

LEXICONS = Path(str(files("extractors.claims").joinpath("lexicons")))
CODE = "\n".join(path.read_text(encoding="utf-8") for path in LEXICONS.parent.glob("*.py"))
NAMES = sorted(path.name for path in LEXICONS.glob("*.txt"))


@pytest.mark.parametrize("name", NAMES)
def test_a_lexicon_opens_with_where_its_words_come_from(name: str) -> None:
    first = (LEXICONS / name).read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# ") and len(first) > 30, first


@pytest.mark.parametrize("name", NAMES)
def test_a_lexicon_is_lower_case_without_duplicates_and_is_read_by_the_code(name: str) -> None:
    lines = [
        line.split("#", 1)[0].strip()
        for line in (LEXICONS / name).read_text(encoding="utf-8").splitlines()
    ]
    entries = [line for line in lines if line]
    assert entries == [entry.lower() for entry in entries]
    assert len(entries) == len(set(entries)), "duplicate entries"
    stem = name.removesuffix(".txt")
    read_by_prefix = stem.rsplit("_", 1)[0] + "_{" in CODE  # f"category_{category}.txt"
    assert name in CODE or read_by_prefix, f"{name} is not read by extractors/claims"


@pytest.mark.parametrize(
    ("entry", "finite", "participle", "gerund"),
    [
        ("warn", ("warn", "warns", "warned"), "warned", "warning"),
        ("deny", ("deny", "denies", "denied"), "denied", "denying"),
        ("argue", ("argue", "argues", "argued"), "argued", "arguing"),
        ("stress", ("stress", "stresses", "stressed"), "stressed", "stressing"),
        ("say", ("say", "says", "said"), "said", "saying"),  # irregular_verbs.txt
        (
            "admit: admitted admitted admitting",
            ("admit", "admits", "admitted"),
            "admitted",
            "admitting",
        ),
    ],
)
def test_verb_forms_are_generated_from_the_lemma(
    entry: str, finite: tuple[str, ...], participle: str, gerund: str
) -> None:
    forms = verb_forms(entry)
    assert (forms.finite, forms.participle, forms.gerund) == (finite, participle, gerund)


def test_the_inventory_covers_the_classes_of_cues() -> None:
    for word in ("said", "warned", "denied", "accused", "praised", "believes", "shows"):
        assert word in CUES.finite
    for noun in ("claim", "statement", "allegation", "remarks", "criticism", "support"):
        assert noun in CUES.nouns
    assert ("according", "to") in {words for words, _ in CUES.phrases["according"]}
    assert ("took", "to", "twitter", "to", "say") in {words for words, _ in CUES.phrases["took"]}
