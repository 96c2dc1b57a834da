"""Score the attributions `claimledger extract` prints against the attribution dev set.

Usage (from the repository root):
``uv run python bench/eval_attribution.py [--set fakes|aeb|probes|briefs|briefs2|...|briefs9]
[--errors A|B]``

The gold is ``bench/attribution/{fakes,aeb}.jsonl`` (see ``bench/attribution/GUIDELINES.md``):
offsets into FA-KES ``article_content`` and into AEB ground-truth bodies; these two sets are the
default and make "all". ``probes.jsonl`` holds short passages written for the project in the
held-out sets' genre (political and conflict news), with their texts, and ``briefs.jsonl``,
``briefs2.jsonl`` to ``briefs9.jsonl`` whole short articles of that genre, in batches of 80;
each is scored only when asked for (``--set probes``, ``--set briefs``, ...) and needs no
../shared. Each input goes
through ``extract_document``, the function behind ``claimledger extract``: an FA-KES article as a
``.txt`` file (so claim offsets index the gold text), an AEB page as its HTML (so the text is
what the article extractor gives; its spans are carried onto the ground-truth body by aligning
the two texts word by word). A prediction is a claim with a cue.

A prediction and a gold attribution match when their contents overlap; pairs are made one to
one, the pair whose contents overlap most (intersection over union) first; among pairs that
overlap equally (two attributions of one content: "X reported, citing Y"), those whose cues,
then sources, agree come first, then text order (before 2.15.0 the later pairs came first,
which crossed such pairs and counted both their sources and cues wrong). Precision, recall
and F1 count matched predictions and golds; of the matched pairs, "source right" is the share
whose source text equals the gold's (both null counts), "cue right" the same for the cue.
Figures are per half: tune on A, check on B.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import json
import re
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimledger.documents import ExtractedDocument, extract_document
from intake.http import Fetcher

ROOT = Path(__file__).resolve().parent
SHARED = ROOT.parent.parent / "shared" / "data"
GOLD = ROOT / "attribution"
SETS = ("fakes", "aeb")  # real news from ../shared: the default, "all"
WRITTEN_SETS = (
    "probes",
    "briefs",
    "briefs2",
    "briefs3",
    "briefs4",
    "briefs5",
    "briefs6",
    "briefs7",
    "briefs8",
    "briefs9",
)  # texts written for the project, in the file
HALVES = ("A", "B")
_WORD = re.compile(r"\w+")
_MIN_MOVED_RUN = 4  # words in a row that re-align a passage placed elsewhere by the extractor

Span = tuple[int, int]


@dataclass(frozen=True)
class Attribution:
    """Spans in the gold text's coordinates; ``source`` None for no stated source."""

    content: Span
    source: Span | None
    cue: Span | None


@dataclass
class Article:
    set: str
    id: str
    half: str
    gold_text: str
    gold: list[Attribution]
    predicted: list[Attribution] = field(default_factory=list)


def load_gold(set_name: str) -> list[Article]:
    """The gold articles of one set with their texts (from ../shared/data, or for a written
    set from the file itself)."""
    lines = (GOLD / f"{set_name}.jsonl").read_text(encoding="utf-8").splitlines()
    entries = [json.loads(line) for line in lines]
    if set_name in WRITTEN_SETS:
        texts = {entry["id"]: entry["text"] for entry in entries}
    else:
        texts = _fakes_texts() if set_name == "fakes" else _aeb_texts()
    articles = []
    for entry in entries:
        gold = [
            Attribution(
                (item["content"][0], item["content"][1]),
                _pair(item["source"]),
                _pair(item["cue"]),
            )
            for item in entry["attributions"]
        ]
        articles.append(Article(set_name, entry["id"], entry["half"], texts[entry["id"]], gold))
    return articles


def _pair(value: list[int] | None) -> Span | None:
    return None if value is None else (value[0], value[1])


def _fakes_texts() -> dict[str, str]:
    path = SHARED / "fakes" / "fakes-dev.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        texts: dict[str, str] = {}
        for row in csv.DictReader(handle):
            texts.setdefault(row["unit_id"], row["article_content"])
        return texts


def _aeb_texts() -> dict[str, str]:
    truth = json.loads((SHARED / "aeb-dev" / "ground-truth.json").read_text(encoding="utf-8"))
    return {page: entry["articleBody"] for page, entry in truth.items()}


def predict(articles: Sequence[Article]) -> None:
    """Fill each article's predictions from what `claimledger extract` prints for it."""
    with tempfile.TemporaryDirectory() as folder, Fetcher() as fetcher:
        for article in articles:
            if article.set != "aeb":  # a plain text, whose offsets index the gold text
                path = Path(folder) / f"{article.id}.txt"
                path.write_text(article.gold_text, encoding="utf-8")
            else:
                path = SHARED / "aeb-dev" / "html" / f"{article.id}.html.gz"
            document = extract_document(str(path), fetcher)
            if not isinstance(document, ExtractedDocument):
                raise SystemExit(f"{article.id}: {document.error}")
            printed = document.to_dict()
            to_gold = _Aligner(printed["text"], article.gold_text)
            article.predicted = [
                _carried(claim, to_gold) for claim in printed["claims"] if claim["cue"] is not None
            ]


def _carried(claim: dict[str, Any], to_gold: _Aligner) -> Attribution:
    """A printed claim in the gold text's coordinates; a content with no word in the gold
    text becomes an empty span, which matches nothing but still counts as a prediction."""
    content = to_gold(claim["content"]) or (0, 0)
    source = None if claim["source"] is None else to_gold(claim["source"])
    return Attribution(content, source, to_gold(claim["cue"]))


class _Aligner:
    """Carries a span of the extracted text onto the gold text through their common words."""

    def __init__(self, text: str, gold_text: str) -> None:
        self.identity = text == gold_text
        words = [(m.start(), m.end(), m.group().lower()) for m in _WORD.finditer(text)]
        gold = [(m.start(), m.end(), m.group().lower()) for m in _WORD.finditer(gold_text)]
        self.starts = [start for start, _, _ in words]
        self.gold = gold
        self.mapping: dict[int, int] = {}
        if not self.identity:
            self._align([w for _, _, w in words], [w for _, _, w in gold])

    def _align(self, words: list[str], gold: list[str]) -> None:
        """Word alignment in order, then again over the words left unaligned, keeping runs of
        ``_MIN_MOVED_RUN`` words or more: a paragraph or pull quote that the extractor placed
        elsewhere than the gold body (an in-order alignment skips it) still carries spans."""
        unaligned_words = list(range(len(words)))
        unaligned_gold = list(range(len(gold)))
        minimum = 1
        while unaligned_words and unaligned_gold:
            matcher = difflib.SequenceMatcher(
                None,
                [words[i] for i in unaligned_words],
                [gold[i] for i in unaligned_gold],
                autojunk=False,
            )
            added = 0
            for block in matcher.get_matching_blocks():
                if block.size < minimum:
                    continue
                for offset in range(block.size):
                    word = unaligned_words[block.a + offset]
                    self.mapping[word] = unaligned_gold[block.b + offset]
                    added += 1
            if not added:
                return
            aligned_gold = set(self.mapping.values())
            unaligned_words = [i for i in unaligned_words if i not in self.mapping]
            unaligned_gold = [i for i in unaligned_gold if i not in aligned_gold]
            minimum = _MIN_MOVED_RUN

    def __call__(self, span: dict[str, Any]) -> Span | None:
        if self.identity:
            return (span["start"], span["end"])
        mapped = [
            self.mapping[index]
            for index, start in enumerate(self.starts)
            if span["start"] <= start < span["end"] and index in self.mapping
        ]
        if not mapped:
            return None
        return (self.gold[min(mapped)][0], self.gold[max(mapped)][1])


@dataclass
class Scores:
    predicted: int = 0
    gold: int = 0
    matched: int = 0
    source_right: int = 0
    cue_right: int = 0

    def add(self, other: Scores) -> None:
        for name in ("predicted", "gold", "matched", "source_right", "cue_right"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    def row(self, label: str) -> str:
        share = self.matched or 1
        return (
            f"{label:14} {self.gold:5} {self.predicted:5} {self.precision:6.3f} "
            f"{self.recall:6.3f} {self.f1:6.3f} {self.source_right / share:8.3f} "
            f"{self.cue_right / share:6.3f}"
        )


def match(article: Article) -> list[tuple[Attribution, Attribution]]:
    """(gold, predicted) pairs, one to one, the most overlapping contents first; among equal
    overlaps (two attributions of one content: "X reported, citing Y"), the pairs whose cues,
    then sources, agree first, then in text order."""
    text = article.gold_text
    candidates = []
    for g, gold in enumerate(article.gold):
        for p, predicted in enumerate(article.predicted):
            (gold_start, gold_end), (start, end) = gold.content, predicted.content
            overlap = min(gold_end, end) - max(gold_start, start)
            if overlap > 0:
                union = max(gold_end, end) - min(gold_start, start)
                agreement = (
                    _same(text, gold.cue, predicted.cue),
                    _same(text, gold.source, predicted.source),
                )
                candidates.append((-overlap / union, tuple(not a for a in agreement), g, p))
    pairs, used_gold, used_predicted = [], set(), set()
    for _, _, g, p in sorted(candidates):
        if g not in used_gold and p not in used_predicted:
            used_gold.add(g)
            used_predicted.add(p)
            pairs.append((article.gold[g], article.predicted[p]))
    return pairs


def _same(text: str, gold: Span | None, predicted: Span | None) -> bool:
    if gold is None or predicted is None:
        return gold is None and predicted is None
    return " ".join(text[slice(*gold)].lower().split()) == " ".join(
        text[slice(*predicted)].lower().split()
    )


def score(article: Article) -> Scores:
    pairs = match(article)
    return Scores(
        predicted=len(article.predicted),
        gold=len(article.gold),
        matched=len(pairs),
        source_right=sum(_same(article.gold_text, g.source, p.source) for g, p in pairs),
        cue_right=sum(_same(article.gold_text, g.cue, p.cue) for g, p in pairs),
    )


def _print_errors(articles: Sequence[Article]) -> None:
    """Missed golds and unmatched predictions, with their sentences, for one half."""
    for article in articles:
        pairs = match(article)
        matched_gold = {id(g) for g, _ in pairs}
        matched_predicted = {id(p) for _, p in pairs}
        text = article.gold_text
        for gold in article.gold:
            if id(gold) not in matched_gold:
                print(f"MISS {article.set} {article.id[:10]}: {_show(text, gold)}")
        for predicted in article.predicted:
            if id(predicted) not in matched_predicted:
                print(f"EXTRA {article.set} {article.id[:10]}: {_show(text, predicted)}")
        for gold, predicted in pairs:
            for name in ("source", "cue"):
                if not _same(text, getattr(gold, name), getattr(predicted, name)):
                    print(
                        f"WRONG {name} {article.id[:10]}: gold {_part(text, getattr(gold, name))}"
                        f" got {_part(text, getattr(predicted, name))} | {_show(text, gold)}"
                    )


def _part(text: str, span: Span | None) -> str:
    return "-" if span is None else repr(text[slice(*span)])


def _show(text: str, attribution: Attribution) -> str:
    content = text[slice(*attribution.content)].replace("\n", " ")
    return f"[{_part(text, attribution.source)} / {_part(text, attribution.cue)}] {content[:160]!r}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Score attributions on the attribution dev set.")
    parser.add_argument(
        "--set", choices=SETS + WRITTEN_SETS, action="append", help="default: fakes and aeb"
    )
    parser.add_argument("--errors", choices=HALVES, help="list misses and extras of one half")
    arguments = parser.parse_args(argv)
    if not set(arguments.set or SETS) <= set(WRITTEN_SETS) and not SHARED.is_dir():
        print(f"{SHARED} not found: development data is only on CI and dev machines")
        return 2
    articles = [article for name in arguments.set or SETS for article in load_gold(name)]
    predict(articles)
    print(
        f"{'':14} {'gold':>5} {'pred':>5} {'prec':>6} {'recall':>6} {'F1':>6} "
        f"{'source':>8} {'cue':>6}"
    )
    for set_name in [*(arguments.set or SETS), "all"]:
        for half in (*HALVES, "both"):
            total = Scores()
            for article in articles:
                if set_name in {"all", article.set} and half in {"both", article.half}:
                    total.add(score(article))
            print(total.row(f"{set_name} {half}"))
    if arguments.errors:
        print()
        _print_errors([article for article in articles if article.half == arguments.errors])
    return 0


if __name__ == "__main__":
    sys.exit(main())
