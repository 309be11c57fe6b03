"""Actors the parse reaches through a frame: counts ("thousands of X"), possessive pronouns
under a light verb, prepositional frames ("remained on alert"), stative passives ("is
opposed to"), messages ("issued a statement demanding"), conjoined nouns and unclaimed
explosions. Sentences written for these tests."""

from __future__ import annotations

import pytest

from tidings.records import Event, Extraction


@pytest.fixture(scope="module")
def code(pipeline):  # type: ignore[no-untyped-def]
    def run(text: str) -> Extraction:
        return pipeline.extract(text, published="2024-03-05")

    return run


def of_type(result: Extraction, event_type: str) -> Event:
    found = [e for e in result.events if e.type == event_type]
    assert found, f"no {event_type} in {[(e.type, e.trigger.text) for e in result.events]}"
    return max(found, key=lambda e: e.confidence)


@pytest.mark.parametrize(
    ("text", "event_type", "country", "sector"),
    [
        # a number head hands over to the people it counts
        ("Thousands of Bolivian miners marched through La Paz on Monday.", "PROTEST", "BOL", "LAB"),
        ("Hundreds of thousands of Chilean students protested on Friday.", "PROTEST", "CHL", "CVL"),
        # a possessive pronoun gives way to the light verb's subject
        ("Kenyan diplomats held their first meeting with the envoy on Monday.", "CONSULT", "KEN", "GOV"),
        # prepositional frames
        ("Turkish troops remained on alert along the frontier.", "MOBILIZE", "TUR", "MIL"),
        ("Sudanese forces were engaged in heavy fighting near the town.", "ASSAULT", "SDN", "MIL"),
        # a stative passive: the subject holds the stance
        ("Norway is opposed to the proposed sanctions, its foreign ministry said.", "REJECT", "NOR", None),
        # the issuer of a message demanding something
        ("The Chadian government issued a statement demanding that the rebels disarm.", "REQUEST", "TCD", "GOV"),
        # the first conjunct's frame carries the others
        (
            "Ethiopian forces launched artillery, mortar, and rocket fire against Eritrean rebel camps.",
            "ASSAULT",
            "ETH",
            "MIL",
        ),
        # the leading state of a force
        ("Kenyan-led forces attacked the militant base on Tuesday.", "ASSAULT", "KEN", "MIL"),
    ],
)
def test_frames(code, text: str, event_type: str, country: str, sector: str | None) -> None:  # type: ignore[no-untyped-def]
    event = of_type(code(text), event_type)
    assert country in {a.country for a in event.actors}, [(a.text, a.country) for a in event.actors]
    if sector is not None:
        assert sector in {s for a in event.actors for s in a.sectors}


def test_an_unclaimed_explosion_is_unidentified_armed_forces(code) -> None:  # type: ignore[no-untyped-def]
    event = of_type(code("Two soldiers were killed by an improvised explosive device in Kandahar."), "ASSAULT")
    assert [("UAF", "AFG")] == [(s, a.country) for a in event.actors for s in a.sectors]


def test_departure_from_a_place_is_not_its_agent(code) -> None:  # type: ignore[no-untyped-def]
    event = of_type(code("The rebels announced their withdrawal from the besieged town of Goma."), "RETREAT")
    assert all(a.text != "the besieged town" for a in event.actors)
    assert "REB" in {s for a in event.actors for s in a.sectors}
