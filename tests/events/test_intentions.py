"""Stated intentions: AGREE (CAMEO 03x) for cooperation, THREATEN (13x) for conflict."""

from __future__ import annotations

import pytest

from tidings.evaluate._gold import top_event
from tidings.events.intentions import load_intentions
from tidings.events.lexicon import load_ontology
from tidings.records import Extraction, Factuality

PUBLISHED = "2024-03-14"


@pytest.fixture(scope="module")
def code(pipeline):  # type: ignore[no-untyped-def]
    def run(text: str) -> Extraction:
        return pipeline.extract(text, published=PUBLISHED)

    return run


@pytest.mark.parametrize(
    ("text", "event_type", "cameo"),
    [
        ("The Chilean foreign minister will visit Peru in May, his office said.", "AGREE", "036"),
        ("Spain said it would send medical supplies to Morocco.", "AGREE", "033"),
        ("Kenya is willing to withdraw its soldiers from Somalia.", "AGREE", "0356"),
        ("The dockworkers' union said it would boycott the port authority's new rules.", "THREATEN", "133"),
        ("Ghana plans to impose a curfew in the northern region.", "THREATEN", "1323"),
        ("Chad will pull its peacekeepers out of Mali unless the junta holds elections.", "THREATEN", "136"),
    ],
)
def test_a_stated_intention_is_the_top_event(code, text: str, event_type: str, cameo: str) -> None:  # type: ignore[no-untyped-def]
    event = top_event(code(text).events)
    assert event is not None
    assert (event.type, event.cameo) == (event_type, cameo)
    assert event.factuality == Factuality.ASSERTED


def test_the_intended_event_is_kept_as_planned(code) -> None:  # type: ignore[no-untyped-def]
    result = code("Spain said it would send medical supplies to Morocco next month.")
    aid = [e for e in result.events if e.type == "AID"]
    assert aid and aid[0].factuality == Factuality.PLANNED
    agree = [e for e in result.events if e.type == "AGREE"]
    assert agree and {a.country for a in agree[0].actors} == {"ESP"}
    assert agree[0].confidence > aid[0].confidence


def test_a_pledge_is_refined_not_doubled(code) -> None:  # type: ignore[no-untyped-def]
    result = code("Norway pledged to send food aid to Sudan.")
    agree = [e for e in result.events if e.type == "AGREE"]
    assert len(agree) == 1 and agree[0].cameo == "033"


@pytest.mark.parametrize(
    "text",
    [
        "New talks will be held in Vienna next week.",  # scheduled, no stated holder
        "The planned withdrawal of the brigade was postponed.",
        "Peru will not send troops to the border.",  # negated: no intention
    ],
)
def test_no_intention_without_its_holder(code, text: str) -> None:  # type: ignore[no-untyped-def]
    result = code(text)
    assert not [e for e in result.events if e.trigger.text.lower().startswith(("will", "would"))]
    assert not [e for e in result.events if e.type == "AGREE" and e.cameo.startswith("03")]


def test_every_intention_code_is_a_known_cameo_code() -> None:
    cues, ontology = load_intentions(), load_ontology()
    for table, kind in ((cues.agree, "AGREE"), (cues.threaten, "THREATEN")):
        for code in table.values():
            assert code in ontology.cameo and ontology.plover_for_cameo(code)[0] == kind
