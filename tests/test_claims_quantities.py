"""Numbers, qualifiers, categories and outcomes, on short sentences written for these tests."""

from __future__ import annotations

import pytest

from extractors.claims import Quantity, extract_claims


def quantities(text: str) -> list[Quantity]:
    return [quantity for claim in extract_claims(text).claims for quantity in claim.quantities]


def only(text: str) -> Quantity:
    found = quantities(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("sentence", "value", "low", "high", "approx"),
    [
        ("More than 1,000 civilians were killed.", 1000, 1000, None, "more than"),
        ("At least 48 people were killed.", 48, 48, None, "at least"),
        ("Almost 10,000 people died.", 10000, None, 10000, "almost"),
        ("Nearly 300 fighters were killed.", 300, None, 300, "nearly"),
        ("Up to 30 people were wounded.", 30, None, 30, "up to"),
        ("About 20 people were killed.", 20, None, None, "about"),
        ("Some 15 soldiers were killed.", 15, None, None, "some"),
        ("Over 200 civilians have been killed.", 200, 200, None, "over"),
        ("Eight children were killed.", 8, 8, 8, None),
        ("Twenty-five rebels were killed.", 25, 25, 25, None),
        ("Two hundred and fifty people were killed.", 250, 250, 250, None),
        ("A dozen people were killed.", 12, 12, 12, None),
        ("The UN says 1.5 million people were displaced.", 1_500_000, 1_500_000, 1_500_000, None),
        ("10\u00a0000 people were killed.", 10000, 10000, 10000, None),
        ("Dozens of people were killed.", 12, 12, None, "dozens"),
        ("Thousands of civilians have died.", 1000, 1000, None, "thousands"),
        ("Tens of thousands of people have died.", 10000, 10000, None, "tens of thousands"),
        ("Between 10 and 15 people were killed.", None, 10, 15, "between"),
        ("Two or three people were killed.", None, 2, 3, None),
        ("10-15 people were killed.", None, 10, 15, None),
    ],
)
def test_numbers_and_qualifiers(
    sentence: str, value: int | None, low: int | None, high: int | None, approx: str | None
) -> None:
    quantity = only(sentence)
    assert (quantity.value, quantity.low, quantity.high, quantity.approx) == (
        value,
        low,
        high,
        approx,
    )


@pytest.mark.parametrize(
    ("sentence", "category", "outcome"),
    [
        ("Five civilians were killed.", "civilians", "killed"),
        ("Five villagers died.", "civilians", "killed"),
        ("Five kids were hurt.", "children", "wounded"),
        ("Five women were injured.", "women", "wounded"),
        ("The raid killed five militants.", "fighters", "killed"),
        ("The raid killed five government soldiers.", "fighters", "killed"),
        ("The raid killed 25 members of the Nusra Front.", "fighters", "killed"),
        ("The raid killed five people.", "people", "killed"),
        ("The war has left 10,000 dead.", "people", "killed"),
        ("There were 400 deaths.", "people", "killed"),
        ("The blast left 15 wounded.", "people", "wounded"),
        ("The shelling killed 4 and wounded 30 rebels.", "fighters", "killed"),
        ("Five aid workers were killed.", "civilians", "killed"),
        ("Troops shelled 30 villages.", None, None),
        ("Officials said about 3,000 people were displaced.", "people", "displaced"),
        ("Activists said police detained 12 men.", "people", "arrested"),
        ("Six members of the Free Syrian Army were killed.", "fighters", "killed"),
        ("15 people died, including five policemen.", "people", "killed"),
        ("On Friday the death toll from the raid rose to 115.", "people", "killed"),
        ("The number of dead rose to 40.", "people", "killed"),
        ("The number of wounded has reached 112.", "people", "wounded"),
        ("Four soldiers succumbed to their injuries.", "fighters", "killed"),
        ("Five people who were wounded in the blast later died.", "people", "killed"),
        ("Five people who were wounded in the blast were taken to hospital.", "people", "wounded"),
    ],
)
def test_category_and_outcome(sentence: str, category: str | None, outcome: str | None) -> None:
    found = quantities(sentence)
    if category is None:
        assert found == []
        return
    assert (found[0].category, found[0].outcome) == (category, outcome)


def test_outcome_is_taken_from_the_verb_before_a_list() -> None:
    found = quantities(
        "The strikes killed 893 Isil fighters, and 1141 militants from other groups."
    )
    assert [(q.value, q.category, q.outcome) for q in found] == [
        (893, "fighters", "killed"),
        (1141, "fighters", "killed"),
    ]


def test_a_breakdown_shares_the_outcome_of_its_total() -> None:
    found = quantities("There are 56 dead including 11 children and dozens more wounded.")
    assert [(q.value, q.category, q.outcome) for q in found[:2]] == [
        (56, "people", "killed"),
        (11, "children", "killed"),
    ]


def test_killed_and_wounded_in_one_sentence_are_told_apart() -> None:
    found = quantities("The attack killed at least 16 people and wounded another 40.")
    assert [(q.value, q.outcome) for q in found] == [(16, "killed"), (40, "wounded")]


def test_partitives_and_predicates_name_the_category() -> None:
    found = quantities("The toll rose to 86, 30 of them children.")
    assert [(q.value, q.category) for q in found] == [(86, "people"), (30, "children")]
    assert only("Of those killed, six were children.").category == "children"


def test_a_death_toll_counts_people_killed() -> None:
    quantity = only("The monitor put the death toll at 58.")
    assert (quantity.value, quantity.category, quantity.outcome) == (58, "people", "killed")


def test_a_single_person_in_a_list_counts_as_one() -> None:
    found = quantities("Six civilians including a child were killed.")
    assert [(q.value, q.category) for q in found] == [(6, "civilians"), (1, "children")]


@pytest.mark.parametrize(
    "sentence",
    [
        "On 22 Feb 2015 the strikes killed civilians.",  # dates are not counts
        "Since 2011 the war has killed civilians.",  # years are not counts
        "Several hundred people were killed.",  # unparseable: left out, never guessed
        "One of the children was killed.",  # "one of" is not a count
        "The 48-hour truce held.",  # not people
        "Dozens of hospitals were destroyed.",  # not people
        "It was four years ago that civilians were killed.",  # the number counts years
    ],
)
def test_no_quantity_is_guessed(sentence: str) -> None:
    assert quantities(sentence) == []


def test_quantity_span_covers_qualifier_number_and_noun() -> None:
    text = "The group said more than 1000 civilians had been killed."
    quantity = only(text)
    assert quantity.text == "more than 1000 civilians"
    assert text[quantity.start : quantity.end] == quantity.text


@pytest.mark.parametrize(
    ("sentence", "value", "outcome"),
    [
        ("The clinic said 39 were being treated for injuries.", 39, "wounded"),
        ("The flood killed 12 people; 30 were taken to hospital with injuries.", 30, "wounded"),
        ("Officials said 41 were injured.", 41, "wounded"),
        ("The clinic said three had died.", 3, "killed"),
        ("The clinic said three died.", 3, "killed"),
    ],
)
def test_a_bare_number_as_the_subject_of_an_outcome_counts_people(
    sentence: str, value: int, outcome: str
) -> None:
    found = [(q.value, q.category, q.outcome) for q in quantities(sentence)]
    assert (value, "people", outcome) in found


@pytest.mark.parametrize(
    "sentence",
    [
        "Two of the injured died in hospital, the clinic said.",  # part of a count given before
        "Officials said 40 were hurt, seven of them in a critical condition.",
        "The clinic said 3 were closed for repairs.",  # no outcome
    ],
)
def test_parts_of_a_count_and_other_predicates_are_no_new_count(sentence: str) -> None:
    found = [(q.value, q.outcome) for q in quantities(sentence)]
    assert all(value in {40} for value, _ in found), found


def test_a_possessive_partitive_names_the_category() -> None:
    found = quantities("The council said 12 of its guards had been killed.")
    assert [(q.value, q.category, q.outcome) for q in found] == [(12, "fighters", "killed")]


@pytest.mark.parametrize(
    "sentence",
    [
        "The agency said more than 5,000 people have fled the valley.",
        "The agency said more than 5,000 people have left their homes.",
        "The agency said 5,000 people were forced to flee their homes.",
    ],
)
def test_fleeing_is_displacement(sentence: str) -> None:
    assert [(q.value, q.outcome) for q in quantities(sentence)] == [(5000, "displaced")]


def test_fleeing_as_a_modifier_leaves_the_outcome_to_the_verb() -> None:
    assert only("Ten civilians trying to flee were killed.").outcome == "killed"


@pytest.mark.parametrize(
    ("sentence", "category", "outcome"),
    [
        ("Four displaced children died of cold.", "children", "killed"),
        ("The blast left 40 wounded civilians.", "civilians", "wounded"),
    ],
)
def test_an_outcome_adjective_before_the_noun(sentence: str, category: str, outcome: str) -> None:
    quantity = only(sentence)
    assert (quantity.category, quantity.outcome) == (category, outcome)


def test_a_vague_count_of_wounded_keeps_the_gold_convention() -> None:
    quantity = only("Dozens wounded as floods hit Lanford, officials say")
    assert (quantity.value, quantity.low, quantity.high, quantity.approx) == (
        12,
        12,
        None,
        "dozens",
    )
    assert (quantity.category, quantity.outcome) == ("people", "wounded")


def test_a_headline_count_after_kills_is_people_killed() -> None:
    quantity = only("Flooding in Lanford kills 18, officials say")
    assert (quantity.value, quantity.category, quantity.outcome) == (18, "people", "killed")


@pytest.mark.parametrize(
    ("sentence", "value", "category", "outcome"),
    [
        ("A woman was killed in the strike.", 1, "women", "killed"),  # one person, counted
        ("The shelling hit a bus, killing a child.", 1, "children", "killed"),
        ("One fighter was killed.", 1, "fighters", "killed"),
        ("Among the victims were five children.", 5, "children", "killed"),
        ("Twelve Syrians were killed in the raid.", 12, "people", "killed"),  # demonyms
        ("Two suicide bombers were killed.", 2, "fighters", "killed"),
        ("Ten women and children were killed.", 10, "civilians", "killed"),  # rolled up
        ("Three soldiers died of their wounds.", 3, "fighters", "killed"),  # not wounded
        ("Some 40 people are estimated to have been killed.", 40, "people", "killed"),
        ("Five tribe members were killed.", 5, "people", "killed"),  # a civilian role
        ("Six members of the Nusra Front were killed.", 6, "fighters", "killed"),
        ("Six Lebanese martyrs fell in the attack.", 6, "people", "killed"),  # a modifier
        ("The raid killed 30 rebel fighters.", 30, "fighters", "killed"),
    ],
)
def test_counts_news_writes_in_words_and_group_nouns(
    sentence: str, value: int, category: str, outcome: str
) -> None:
    quantity = only(sentence)
    assert (quantity.value, quantity.category, quantity.outcome) == (value, category, outcome)


@pytest.mark.parametrize(
    "sentence",
    [
        "Two bombers blew themselves up, killing civilians and police.",  # the agents
        "The strike killed up to 60 percent of its population.",
        "The blast in 2015 Daesh Militants claimed.",
    ],
)
def test_agents_and_measures_are_not_victims(sentence: str) -> None:
    assert all(quantity.outcome != "killed" for quantity in quantities(sentence))


def test_a_bare_number_before_an_adverb_and_a_death_verb_counts_the_dead() -> None:
    found = quantities("Ten people were wounded and two later died.")
    assert [(q.value, q.outcome) for q in found] == [(10, "wounded"), (2, "killed")]


def test_the_dead_and_the_wounded_each_with_a_number_stay_apart() -> None:
    casualties = extract_claims("Five soldiers killed, 12 wounded in blast.").casualties
    assert (casualties.killed.combatants, casualties.wounded.people) == (5, 12)


@pytest.mark.parametrize(
    ("text", "women", "children"),
    [
        ("Rocket shells hit the city, claiming the life of a woman and injuring 19.", 1, None),
        ("The shelling claimed the life of a child.", None, 1),
    ],
)
def test_the_life_of_one_person_claimed_is_a_count_of_one(
    text: str, women: int | None, children: int | None
) -> None:
    killed = extract_claims(text).casualties.killed
    assert (killed.women, killed.children) == (women, children)


def test_a_life_saved_is_no_death() -> None:
    assert extract_claims("He saved the life of a child.").casualties.killed.children is None
