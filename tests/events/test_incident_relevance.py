"""Which coded events count as MUC-4 incidents (``tidings.evaluate.muc4.is_incident_event``):
the relevance rules of the MUC-4 task definition read off hand-built event records."""

from __future__ import annotations

import pytest

from tidings.evaluate.muc4 import is_incident_event
from tidings.records import Actor, Casualties, Count, Event, EventDate, Factuality, Precision, Span


def party(text: str, *sectors: str) -> Actor:
    return Actor(text, 0, len(text), sectors=list(sectors))


def event(
    trigger: str,
    type_: str = "ASSAULT",
    mode: str | None = None,
    cameo: str = "190",
    actors: tuple[Actor, ...] = (),
    recipients: tuple[Actor, ...] = (),
    factuality: Factuality = Factuality.ASSERTED,
    killed: Count | None = None,
) -> Event:
    return Event(
        id="d-e1", type=type_, mode=mode, contexts=[], cameo=cameo, quad_class=4, intensity=-10.0,
        actors=list(actors), recipients=list(recipients),
        date=EventDate(None, None, Precision.UNKNOWN), location=None, factuality=factuality,
        attribution=None, casualties=Casualties(killed=killed), trigger=Span(trigger, 0, len(trigger)),
        sentence=0, confidence=0.5,
    )  # fmt: skip


GUERRILLAS = party("guerrillas", "REB")
SOLDIERS = party("soldiers", "MIL")
PEASANTS = party("peasants", "AGR")


@pytest.mark.parametrize(
    ("mention", "counts"),
    [
        (event("killed", recipients=(PEASANTS,)), True),
        (event("bombed", mode="explosives", cameo="183"), True),
        # rule 5: only acts reported as factual
        (event("attack", factuality=Factuality.HYPOTHETICAL), False),
        (event("attack", factuality=Factuality.PLANNED), False),
        (event("attack", factuality=Factuality.NEGATED), False),
        (event("attack", factuality=Factuality.CLAIMED), True),
        # rule 1: a purely military target is guerrilla warfare, not terrorism
        (event("killed", actors=(SOLDIERS,), recipients=(GUERRILLAS,)), False),
        (event("attacked", recipients=(SOLDIERS,)), False),
        (event("attacked", actors=(GUERRILLAS,), recipients=(SOLDIERS, PEASANTS)), True),
        # clashes and fighting count only with a civilian target
        (event("clashes"), False),
        (event("fighting", recipients=(PEASANTS,)), True),
        # robbery is theft by the perpetrators, not an occupation or a police confiscation
        (event("robbed", "COERCE", "seize", "171", actors=(GUERRILLAS,)), True),
        (event("seizures", "COERCE", "seize", "171"), False),
        (event("occupied", "COERCE", "seize", "192", actors=(GUERRILLAS,)), False),
        (event("seized", "COERCE", "seize", "171", actors=(party("police", "COP"),)), False),
        (event("arrested", "COERCE", "arrest", "173"), False),
        # rule 7: a death toll in the thousands is a summary, not one incident
        (event("killed", recipients=(PEASANTS,), killed=Count(15000, None)), False),
        (event("killed", recipients=(PEASANTS,), killed=Count(12, 12)), True),
    ],
)
def test_incident_events_follow_the_muc4_relevance_rules(mention: Event, counts: bool) -> None:
    assert is_incident_event(mention) is counts
