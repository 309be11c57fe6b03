"""Words that name a kind of event, a scene or a toll rather than an event, and events a
definite noun presupposes (hand-written sentences through the whole pipeline)."""

from __future__ import annotations

import pytest

from tidings.records import Event, Extraction, Factuality


def top(result: Extraction) -> Event:
    assert result.events, "no event"
    return max(result.events, key=lambda e: e.confidence)


def triggered(result: Extraction, word: str) -> Event:
    found = [e for e in result.events if e.trigger.text == word]
    assert found, f"no event on {word!r} in {[(e.type, e.trigger.text) for e in result.events]}"
    return found[0]


@pytest.mark.parametrize(
    "text",
    [
        # a kind of event in a list or after a preposition, nothing picking out one happening
        "The rebels called for an end to kidnappings, extortion and torture.",
        "The officers were responsible for political murders and other crimes.",
        # fighting a problem is a policy
        "The government vowed to fight corruption and drug trafficking.",
        "Firefighters battled the blaze for hours.",
        # a participle for people, a modifier of a name, a clock
        "Helicopters evacuated the wounded from the town.",
        "The court freed members of the kidnapping Ring yesterday.",
        "As the clock struck midnight, the crowd cheered.",
        # an accident destroys without attacking
        "A cargo plane crashed into a residential area, destroying several homes.",
    ],
)
def test_no_violent_event(pipeline, text: str) -> None:  # type: ignore[no-untyped-def]
    events = pipeline.extract(text).events
    assert not any(e.type == "ASSAULT" for e in events), [(e.type, e.trigger.text) for e in events]


@pytest.mark.parametrize(
    "text",
    [
        "There were explosions at the police headquarters.",
        "Terrorists planted bombs at the embassy.",
        "The rebels fought the army near the border.",
    ],
)
def test_specific_violence_is_still_an_event(pipeline, text: str) -> None:  # type: ignore[no-untyped-def]
    assert any(e.type == "ASSAULT" for e in pipeline.extract(text).events)


def test_evacuating_the_wounded_is_aid(pipeline) -> None:  # type: ignore[no-untyped-def]
    assert top(pipeline.extract("Helicopters evacuated the wounded from the town.")).type == "AID"


def test_a_definite_event_noun_is_presupposed(pipeline) -> None:  # type: ignore[no-untyped-def]
    result = pipeline.extract("The judge ordered an investigation into the murder of the mayor.")
    assert triggered(result, "murder").factuality == Factuality.ASSERTED


def test_a_definite_event_noun_keeps_its_own_modifiers(pipeline) -> None:  # type: ignore[no-untyped-def]
    result = pipeline.extract("Police said the planned attack on the embassy was foiled.")
    assert triggered(result, "attack").factuality == Factuality.PLANNED


def test_due_to_is_a_cause_and_be_due_to_a_plan(pipeline) -> None:  # type: ignore[no-untyped-def]
    caused = pipeline.extract("Many civilians died due to the bombings of the air force.")
    assert triggered(caused, "bombings").factuality == Factuality.ASSERTED
    planned = pipeline.extract("The minister is due to visit Paris next week.")
    assert triggered(planned, "visit").factuality == Factuality.PLANNED


def test_a_casualty_verb_is_the_toll_of_its_cause(pipeline) -> None:  # type: ignore[no-untyped-def]
    events = pipeline.extract("Five soldiers were killed in the attack on the barracks.").events
    assert [e.trigger.text for e in events] == ["attack"]
    attack = events[0]
    assert attack.casualties.killed is not None and attack.casualties.killed.min == 5
    assert "Five soldiers" in [r.text for r in attack.recipients]


def test_a_requirement_sees_through_a_partitive(pipeline) -> None:  # type: ignore[no-untyped-def]
    result = pipeline.extract("The United States suspended part of its military aid program for Bosnia.")
    assert top(result).type == "SANCTION"


def test_refusing_to_meet_demands_is_a_rejection(pipeline) -> None:  # type: ignore[no-untyped-def]
    result = pipeline.extract("The government said it would not meet the kidnappers' demands.")
    assert top(result).type == "REJECT"


@pytest.mark.parametrize(
    ("text", "main"),
    [
        # the object of since/during/after sets the time of the clause's own event
        ("Police opened an investigation into the rioting during the summit.", "ACCUSE"),
        ("The rebels have disarmed since the peace accord between the parties.", "RETREAT"),
        # a relative clause describes a participant
        ("The court sentenced the men who attacked the embassy.", "ACCUSE"),
    ],
)
def test_a_background_event_ranks_below_the_main_event(pipeline, text: str, main: str) -> None:  # type: ignore[no-untyped-def]
    assert top(pipeline.extract(text)).type == main


@pytest.mark.parametrize(
    ("text", "main"),
    [
        # a gerund in a prepositional adjunct, a condition: below the main clause's event
        ("Prisoners rioted at the jail, joining protesters in demanding reforms.", "PROTEST"),
        ("Norway is ready to send military material to its ally if it is attacked.", "AGREE"),
        # rows written for general constructions
        ("Police prevented the demonstration planned by the students.", "COERCE"),
        ("The judge ordered the former minister to appear in court.", "REQUEST"),
        ("The government prohibited all aid to the rebel movement.", "SANCTION"),
        ("Thousands of workers stopped work on Monday.", "PROTEST"),
        ("The rebels have sworn to fight until they win.", "THREATEN"),
        ("The district administration denied the request for a permit.", "REJECT"),
        ("The minister defended the army against criticism from rights groups.", "SUPPORT"),
        ("The agency dispatched inspectors to the plant.", "ACCUSE"),
        ("The government received a mission of observers from the OSCE.", "RETREAT"),
    ],
)
def test_the_main_event(pipeline, text: str, main: str) -> None:  # type: ignore[no-untyped-def]
    result = pipeline.extract(text)
    assert top(result).type == main, [(e.type, e.trigger.text, e.confidence) for e in result.events]
