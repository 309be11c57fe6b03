"""The whole pipeline on the canonical example, read against the article."""

from __future__ import annotations

import datetime as dt

import pytest

from tidings.records import Event, Extraction, Factuality


@pytest.fixture(scope="module")
def seed(pipeline, seed_text: str) -> Extraction:  # type: ignore[no-untyped-def]
    return pipeline.extract(seed_text, published="2024-01-28")


def find(seed: Extraction, event_type: str, trigger: str) -> Event:
    for event in seed.events:
        words = [event.trigger.text.lower()] + [e.text.lower() for e in event.evidence]
        if event.type == event_type and any(trigger in w for w in words):
            return event
    raise AssertionError(f"no {event_type} '{trigger}' in {[(e.type, e.trigger.text) for e in seed.events]}")


def countries(actors: list) -> set[str]:  # type: ignore[type-arg]
    return {a.country for a in actors if a.country}


def test_document_record(seed: Extraction) -> None:
    assert seed.document.title == "U.S. and Iraq in talks to conclude White House military mission"
    assert seed.document.published == dt.date(2024, 1, 28) and seed.document.language == "en"


def test_talks_between_the_us_and_iraq_in_baghdad(seed: Extraction) -> None:
    talks = find(seed, "CONSULT", "talks")
    assert {"USA", "IRQ"} <= countries(talks.actors)
    assert talks.location is not None and talks.location.name == "Baghdad"
    assert talks.attribution is not None and "Voice of America" in talks.attribution.text


def test_attacks_on_us_forces_by_iran_backed_militias(seed: Extraction) -> None:
    attacks = find(seed, "ASSAULT", "attacks")
    assert any(a.affiliation == "IRN" for a in attacks.actors)
    assert "USA" in countries(attacks.recipients)


def test_attacks_since_mid_october(seed: Extraction) -> None:
    dated = [e for e in seed.events if e.type == "ASSAULT" and e.date.start == dt.date(2023, 10, 1)]
    assert dated, "no attack dated from mid-October 2023"
    assert dated[0].date.end == dt.date(2024, 1, 28)


def test_us_strikes_in_response(seed: Extraction) -> None:
    strikes = find(seed, "ASSAULT", "strikes")
    assert "USA" in countries(strikes.actors)


def test_iraq_calls_for_withdrawal(seed: Extraction) -> None:
    call = find(seed, "REQUEST", "called")
    assert countries(call.actors) == {"IRQ"} and "USA" in countries(call.recipients)
    withdraw = find(seed, "RETREAT", "withdraw")
    assert withdraw.factuality == Factuality.DEMANDED


@pytest.mark.parametrize(
    ("event_type", "trigger", "year"),
    [
        ("RETREAT", "withdrew", 2011),
        ("ASSAULT", "airstrike", 2020),
    ],
)
def test_background_events_keep_their_own_years(seed: Extraction, event_type: str, trigger: str, year: int) -> None:
    event = find(seed, event_type, trigger)
    assert event.date.start is not None and event.date.start.year == year


def test_no_asserted_event_is_dated_after_publication(seed: Extraction) -> None:
    for event in seed.events:
        if event.factuality == Factuality.ASSERTED and event.date.start:
            assert event.date.start <= dt.date(2024, 1, 28)


def test_offsets_point_at_the_words(seed: Extraction) -> None:
    text = seed.document.text
    for event in seed.events:
        assert text[event.trigger.start : event.trigger.end] == event.trigger.text
        for actor in event.actors + event.recipients:
            assert text[actor.start : actor.end] == actor.text
    for timex in seed.timexes:
        assert text[timex.start : timex.end] == timex.text


def test_places_of_the_article(seed: Extraction) -> None:
    names = {p.text: p for p in seed.places}
    assert names["Baghdad"].country == "IRQ" and names["Syria"].country == "SYR"
    assert names["Gaza"].country == "PSE"
    # toponyms inside names of organisations are not places
    assert "America" not in names and "Levant" not in names


def test_airstrike_killed_soleimani_and_the_country_is_iraq(seed: Extraction) -> None:
    airstrike = find(seed, "ASSAULT", "airstrike")
    assert any(r.name == "Qasem Soleimani" for r in airstrike.recipients)
    withdrew = find(seed, "RETREAT", "withdrew")
    assert countries(withdrew.recipients) == {"IRQ"}
