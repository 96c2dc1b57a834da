"""The metadata evaluation: the gold set's format, the scoring rules for titles, authors and dates,
and a whole run of bench/eval_metadata.py on two pages written for this test."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from bench import eval_metadata
from bench.eval_metadata import GoldPage, Prediction, Scores
from tests.shared_data import shared_data_dir

FIXTURE = Path(__file__).resolve().parent / "data" / "metadata"
EST = timezone(timedelta(hours=-5))
GOLD_KEYS = {
    "id",
    "half",
    "title",
    "authors",
    "agencies",
    "published",
    "published_precision",
    "note",
}


def _gold_entries() -> list[dict[str, object]]:
    lines = eval_metadata.DEFAULT_GOLD.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def test_the_gold_set_has_every_aeb_page_once_in_alternating_halves() -> None:
    entries = _gold_entries()
    ids = [entry["id"] for entry in entries]
    assert len(entries) == 85
    assert ids == sorted(set(ids))  # type: ignore[type-var]
    assert [entry["half"] for entry in entries] == (["A", "B"] * 43)[:85]
    for entry in entries:
        assert set(entry) == GOLD_KEYS
        title = entry["title"]
        assert isinstance(title, str) and title and title == " ".join(title.split())
        assert isinstance(entry["authors"], list) and isinstance(entry["agencies"], list)


def test_a_gold_date_has_an_offset_exactly_when_it_declares_a_time() -> None:
    for entry in _gold_entries():
        published = eval_metadata.parse_published(entry["published"])  # type: ignore[arg-type]
        precision = entry["published_precision"]
        if precision == "minute":
            assert isinstance(published, datetime) and published.tzinfo is not None
        elif precision == "day":
            assert type(published) is date
        else:
            assert precision is None and published is None


@pytest.mark.shared_data
def test_every_gold_page_is_an_aeb_dev_page() -> None:
    truth = json.loads((shared_data_dir() / "aeb-dev" / "ground-truth.json").read_text())
    assert {entry["id"] for entry in _gold_entries()} == set(truth)


def test_a_day_is_read_in_the_gold_offset_and_a_minute_compares_instants() -> None:
    gold = datetime(2019, 11, 19, 23, 26, 47, tzinfo=EST)
    in_utc = datetime(2019, 11, 20, 4, 26, 10, tzinfo=UTC)
    assert eval_metadata.day_right(gold, in_utc)
    assert eval_metadata.minute_right(gold, in_utc)
    assert not eval_metadata.day_right(gold, date(2019, 11, 20))
    assert not eval_metadata.minute_right(gold, date(2019, 11, 19))
    # a zone-less date-time is UTC, for the day as for the minute
    assert eval_metadata.day_right(gold, datetime(2019, 11, 20, 4, 26))
    assert eval_metadata.minute_right(gold, datetime(2019, 11, 20, 4, 26))
    assert not eval_metadata.day_right(gold, datetime(2019, 11, 20, 23, 26))
    assert not eval_metadata.minute_right(gold, datetime(2019, 11, 19, 23, 26))


def test_a_midnight_with_no_zone_or_in_utc_is_a_date_only() -> None:
    assert eval_metadata.parse_published("2019-11-19T00:00:00") == date(2019, 11, 19)
    assert eval_metadata.parse_published("2019-11-19T02:24:00") == datetime(2019, 11, 19, 2, 24)
    gold = datetime(2019, 11, 18, 22, 5, tzinfo=EST)  # 03:05 UTC on the 19th
    midnight_utc = datetime(2019, 11, 19, tzinfo=UTC)  # claimledger's date-only "2019-11-19"
    assert not eval_metadata.day_right(gold, midnight_utc)
    kind = eval_metadata.date_error(GoldPage("p", "A", "t", (), gold, "minute"), midnight_utc)
    assert kind == "day off by one (zone or wrong time)"


def test_dates_misses_are_told_apart() -> None:
    gold = GoldPage("p", "A", "t", (), datetime(2019, 11, 19, 11, 0, tzinfo=UTC), "minute")
    assert eval_metadata.date_error(gold, gold.published) is None
    assert eval_metadata.date_error(gold, None) == "no date"
    assert eval_metadata.date_error(gold, date(2019, 11, 19)) == "time lost (date only)"
    assert (
        eval_metadata.date_error(gold, datetime(2019, 11, 19, 0, 0, 1, tzinfo=UTC))
        == "wrong time (another time, or offset misread)"
    )
    assert (
        eval_metadata.date_error(gold, datetime(2017, 3, 28, tzinfo=UTC))
        == "wrong date (another date of the page)"
    )
    undated = GoldPage("p", "A", "t", (), None, None)
    assert eval_metadata.date_error(undated, date(2018, 2, 24)) == (
        "date given where the page has none"
    )


def test_names_match_without_case_accents_or_punctuation() -> None:
    assert eval_metadata.normalize_name("Troy L. Smith") == "troy l smith"
    assert eval_metadata.normalize_name("JOSÉ  Álvarez") == eval_metadata.normalize_name(
        "Jose Alvarez"
    )
    scores = Scores()
    scores.add(
        GoldPage("p", "A", "t", ("Jill Lawless", "Danica Kirka"), None, None),
        Prediction("t", ("DANICA KIRKA", "JILL LAWLESS Associated Press"), None),
    )
    assert (scores.author_precision, scores.author_recall) == (0.5, 0.5)
    assert eval_metadata.author_errors(
        ["Jill Lawless", "Danica Kirka"], ["DANICA KIRKA", "JILL LAWLESS Associated Press"]
    ) == [("glued to a role or agency", "JILL LAWLESS Associated Press")]


def test_title_misses_are_told_apart() -> None:
    gold = "Harbour bridge reopens after two-year repair"
    assert eval_metadata.title_error(gold, f"{gold} \u2013 The Example Courier") == (
        "site or section name kept"
    )
    assert eval_metadata.title_error(
        "\u2018We had issues,\u2019 exec says", "'We had issues,' exec says"
    ) == ("punctuation only (quotes, dashes)")
    assert eval_metadata.title_error(gold, gold.upper()) == "case only"
    assert eval_metadata.title_error(gold, "Bridge open again") == (
        "another headline (SEO, social, other story, site name)"
    )


def test_a_whole_run_scores_three_systems_per_half_and_lists_misses(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status = eval_metadata.main(
        ["--gold", str(FIXTURE / "gold.jsonl"), "--data", str(FIXTURE), "--errors", "B"]
    )
    out = capsys.readouterr().out
    assert status == 0
    rows = {
        line.split()[0] + " " + line.split()[1]: line.split()[2:]
        for line in out.splitlines()
        if line.split()[:1]
        and line.split()[0] in eval_metadata.SYSTEM_NAMES
        and line.split()[1] in {"A", "B", "both"}
    }
    assert set(rows) == {
        f"{system} {half}" for system in eval_metadata.SYSTEM_NAMES for half in ("A", "B", "both")
    }
    assert [rows[f"claimledger {half}"][0] for half in ("A", "B", "both")] == ["1", "1", "2"]
    assert rows["htmldate both"][1:6] == ["n/a"] * 5  # htmldate gives dates only
    assert "authors and published as `claimledger extract` prints them" in out
    assert "== claimledger, half B" in out and "kinds of misses" in out
    assert "fixture-ca" not in out.split("== claimledger, half B")[1]  # only half B listed


def test_a_missing_data_folder_is_a_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert eval_metadata.main(["--data", str(tmp_path / "absent")]) == 2
    assert "not found: development data is only on CI and dev machines" in capsys.readouterr().out
