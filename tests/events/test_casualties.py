"""Casualty counts attached to attacks, on hand-written sentences."""

from __future__ import annotations

import pytest

from tidings.records import Count


@pytest.mark.parametrize(
    ("text", "kind", "count"),
    [
        ("A car bomb exploded in the market, killing at least 12 people.", "killed", Count(12, None)),
        ("Three people were killed and 20 injured when rebels attacked the village.", "injured", Count(20, 20)),
        ("A bomb exploded in the market. The death toll rose to 45 on Sunday.", "killed", Count(45, 45)),
        ("Gunmen murdered Jorge Vargas, a diplomat, in the capital.", "killed", Count(1, 1)),
        (
            "Rebels shelled the town. Colonel Ruiz, who was killed in the attack, led the garrison.",
            "killed",
            Count(1, 1),
        ),
    ],
)
def test_casualty_counts(pipeline, text: str, kind: str, count: Count) -> None:  # type: ignore[no-untyped-def]
    events = pipeline.extract(text, published="2024-03-14").events
    found = [getattr(e.casualties, kind) for e in events if getattr(e.casualties, kind) is not None]
    assert count in found, [(e.type, e.trigger.text, e.casualties) for e in events]


def test_a_relative_clause_victim_is_a_recipient_not_the_actor(pipeline) -> None:  # type: ignore[no-untyped-def]
    events = pipeline.extract("Colonel Ruiz, who was killed in an ambush, led the garrison.").events
    ambush = [e for e in events if e.trigger.text == "ambush"]  # "killed" is the ambush's toll
    assert ambush and not ambush[0].actors
    assert any("Ruiz" in r.text for r in ambush[0].recipients)


@pytest.mark.parametrize(
    ("text", "count"),
    [
        # a victim with no figure counts when the casualty word only takes people
        ("Gunmen killed the mayor in his office.", Count(1, 1)),
        ("Unknown men murdered the priests on Sunday.", Count(2, None)),
        ("Rebels ambushed the convoy and killed him.", Count(1, 1)),
        # nominal killings: the victims in "of" or the possessor
        ("The assassination of four nuns was condemned by the bishop.", Count(4, 4)),
        ("The massacre of 12 peasants took place in the village.", Count(12, 12)),
        ("Police investigated the attack and the students' murder.", Count(2, None)),
        # "shot to death", "shot dead", "left N dead"
        ("The two students were shot to death by soldiers.", Count(2, 2)),
        ("Gunmen shot dead a journalist in the capital.", Count(1, 1)),
        ("The attack left eight civilians dead.", Count(8, 8)),
    ],
)
def test_victims_without_a_figure_and_nominal_killings(pipeline, text: str, count: Count) -> None:  # type: ignore[no-untyped-def]
    events = pipeline.extract(text, published="1990-01-10").events
    found = [e.casualties.killed for e in events if e.casualties.killed is not None]
    assert count in found, [(e.type, e.trigger.text, e.casualties) for e in events]


def test_a_lost_election_is_no_casualty(pipeline) -> None:  # type: ignore[no-untyped-def]
    events = pipeline.extract("Rebels attacked the town after the party lost the election.").events
    assert all(e.casualties.killed is None for e in events)


@pytest.mark.parametrize(
    "text",
    [
        "An American citizen died and another was injured when a light plane crashed near the border.",
        "Seventeen people were killed in a plane crash near the capital.",
        "The earthquake killed 40 people in the north.",
        "Two soldiers were injured in a collision with a truck.",
    ],
)
def test_deaths_in_accidents_are_no_attack(pipeline, text: str) -> None:  # type: ignore[no-untyped-def]
    assert not [e for e in pipeline.extract(text).events if e.type == "ASSAULT"]


def test_deaths_at_the_hands_of_gunmen_are_an_attack(pipeline) -> None:  # type: ignore[no-untyped-def]
    events = pipeline.extract("Gunmen killed 40 people in the village.").events
    assert [e for e in events if e.type == "ASSAULT" and e.casualties.killed == Count(40, 40)]


def test_casualties_go_to_the_event_that_governs_them(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "Police opened fire on demonstrators on Monday night, killing one person and arresting 12, officials said."
    events = pipeline.extract(text, published="2024-03-05").events
    killed = [e for e in events if e.casualties.killed is not None]
    arrested = [e for e in events if e.casualties.arrested is not None]
    assert [e.type for e in killed] == ["ASSAULT"] and killed[0].casualties.killed == Count(1, 1)
    assert [e.type for e in arrested] == ["COERCE"] and arrested[0].casualties.arrested == Count(12, 12)


def test_attackers_killed_with_their_victims_are_not_counted(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "Two suicide bombers killed 23 people as well as themselves in a market on Sunday, police said."
    events = pipeline.extract(text, published="2024-03-05").events
    assert any(e.casualties.killed == Count(23, 23) for e in events)


def test_killing_and_injuring_after_an_attack_are_its_toll(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "Russian forces shelled Kharkiv on Thursday, killing two civilians and injuring five, officials said."
    events = pipeline.extract(text, published="2024-03-15").events
    assert [e.trigger.text for e in events] == ["shelled"]  # one attack, not a second "injuring" one
    assert events[0].casualties.killed == Count(2, 2) and events[0].casualties.injured == Count(5, 5)
