"""Recipients the parse reaches only indirectly: through a thing, a requested clause, a
complement, a purpose clause, or the place of the event. Sentences written for these tests."""

from __future__ import annotations

import pytest

from tidings.records import Event, Extraction

PUBLISHED = "2024-03-05"


@pytest.fixture(scope="module")
def code(pipeline):  # type: ignore[no-untyped-def]
    def run(text: str) -> Extraction:
        return pipeline.extract(text, published=PUBLISHED)

    return run


def only(result: Extraction, event_type: str) -> Event:
    found = [e for e in result.events if e.type == event_type]
    assert found, f"no {event_type} in {[(e.type, e.trigger.text) for e in result.events]}"
    return max(found, key=lambda e: e.confidence)


def recipient_countries(event: Event) -> set[str]:
    return {a.country for a in event.recipients if a.country}


@pytest.mark.parametrize(
    ("text", "event_type", "country"),
    [
        # the object is a thing; the party is its possessor, agent or prepositional object
        ("Chile rejected a proposal by Argentina on the shared glacier.", "REJECT", "ARG"),
        ("Norway condemned Sudan's crackdown on students.", "ACCUSE", "SDN"),
        ("Canada halted its economic assistance to Nicaragua on Monday.", "SANCTION", "NIC"),
        # the addressee of a demand is the subject of the demanded clause
        ("Kenya demanded on Friday that Somalia free the detained fishermen.", "REQUEST", "SOM"),
        # parties inside a complement
        ("Ecuador threatened to cut diplomatic relations with Peru.", "THREATEN", "PER"),
    ],
)
def test_recipient_reached_through_the_parse(code, text: str, event_type: str, country: str) -> None:  # type: ignore[no-untyped-def]
    assert country in recipient_countries(only(code(text), event_type))


def test_a_thing_with_no_party_is_not_a_recipient(code) -> None:  # type: ignore[no-untyped-def]
    event = only(code("Egypt pledged military aid on Sunday."), "AGREE")
    assert all(a.country for a in event.recipients)


def test_the_place_of_an_event_without_a_target_is_its_recipient(code) -> None:  # type: ignore[no-untyped-def]
    event = only(code("The Peruvian government imposed a curfew in Lima on Tuesday."), "COERCE")
    assert recipient_countries(event) == {"PER"}


def test_a_named_target_wins_over_the_place(code) -> None:  # type: ignore[no-untyped-def]
    event = only(code("Police arrested three journalists from Reuters in Minsk on Monday."), "COERCE")
    assert event.recipients and event.recipients[0].text != "Minsk"


def test_unnamed_parties_take_the_state_the_text_is_about(code) -> None:  # type: ignore[no-untyped-def]
    text = ("Kenyan officials said police fired tear gas at protesters on Monday. "
            "Kenya's interior minister defended the police.")  # fmt: skip
    event = only(code(text), "ASSAULT")
    assert {a.country for a in event.actors} == {"KEN"}  # "police": no country of its own
    assert recipient_countries(event) == {"KEN"}  # unarmed: the state's own people


def test_an_armed_adversary_of_the_main_state_does_not_take_its_country(code) -> None:  # type: ignore[no-untyped-def]
    text = ("The United States struck militant targets on Sunday, the Pentagon said. "
            "U.S. officials said the United States would strike again.")  # fmt: skip
    event = only(code(text), "ASSAULT")
    assert {a.country for a in event.actors} == {"USA"}
    assert "USA" not in recipient_countries(event)
