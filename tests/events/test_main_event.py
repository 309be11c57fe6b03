"""Which event a sentence is about, and words that code a statement rather than an event
(hand-written sentences through the whole pipeline)."""

from __future__ import annotations

import pytest

from tidings.events.lexicon import STATEMENT, Lexicon, Trigger
from tidings.records import Event, Extraction


def top(result: Extraction) -> Event:
    assert result.events, "no event"
    return max(result.events, key=lambda e: e.confidence)


@pytest.mark.parametrize(
    ("text", "cameo_root"),
    [
        # the protest is what happened; the demand is its purpose
        ("Thousands of students staged demonstrations to demand reforms from the government.", "14"),
        ("Prisoners rioted at the jail on Monday, demanding a referendum.", "14"),
        # "X said Y must ..." is a demand (CAMEO 10), not a plain statement
        ("The minister said that the rebels must lay down their arms.", "10"),
        # a stated intention is what the speaker did, not an event embedded in what it states
        ("Portugal will support Turkey's bid to join the European Community.", "03"),
        # an event demanded by a noun ("its demand that ...") ranks below the demand
        ("The union reiterated its demand that the government ease restrictions on travel.", "10"),
        # the compound or the preposition names the event
        ("The foreign minister launched a mediation effort between the two neighbours.", "045"),
        ("The senate opened a hearing into the sale of the state oil company.", "09"),
        ("Chile and Peru upgraded their diplomatic ties on Monday.", "054"),
        # rejecting an accusation is a denial of responsibility (CAMEO 016)
        ("The government rejected accusations that its troops had burned the villages.", "016"),
        # giving goods to someone is aid, also with a quantity ("700 kg of medicine")
        ("Swiss doctors handed over 700 kg of medicine to the Red Crescent.", "07"),
        ("The army gave 600 rifles to the police of the province.", "07"),
        ("Kosovo sent a platoon to join the peacekeeping mission in Lebanon.", "07"),
    ],
)
def test_the_main_event_of_a_sentence(pipeline, text: str, cameo_root: str) -> None:  # type: ignore[no-untyped-def]
    result = pipeline.extract(text)
    assert top(result).cameo.startswith(cameo_root), [(e.type, e.cameo, e.trigger.text) for e in result.events]


def test_declining_to_comment_is_no_event(pipeline) -> None:  # type: ignore[no-untyped-def]
    events = pipeline.extract("The ministry declined to comment on the report.").events
    assert not any(e.trigger.text == "declined" for e in events)


def test_declining_to_help_is_still_a_rejection(pipeline) -> None:  # type: ignore[no-untyped-def]
    events = pipeline.extract("Germany declined to send weapons to the rebels.").events
    assert any(e.type == "REJECT" and e.trigger.text == "declined" for e in events)


def test_a_statement_row_blocks_its_weaker_rows() -> None:
    class Child:
        def __init__(self, dep: str, lemma: str) -> None:
            self.dep_, self.lemma_, self.children = dep, lemma, []

    class Word:
        pos_, ent_type_, lemma_ = "VERB", "", "decline"

        def __init__(self, child: str) -> None:
            self.children = [Child("xcomp", child)]

    from tidings.events.lexicon import Requirement

    rows = [  # equally specific rows: the earlier wins, so the statement row comes first
        Trigger("decline", "VERB", STATEMENT, None, "011", (Requirement("xcomp", frozenset({"comment"})),)),
        Trigger("decline", "VERB", "REJECT", None, "120", (Requirement("xcomp", frozenset({"*"})),)),
    ]
    lexicon = Lexicon(rows)
    assert lexicon.match(Word("comment")) is None  # type: ignore[arg-type]
    found = lexicon.match(Word("help"))  # type: ignore[arg-type]
    assert found is not None and found.type == "REJECT"


def test_conflibert_reads_reduce_relations_as_verbal_conflict(pipeline) -> None:  # type: ignore[no-untyped-def]
    """The ConfliBERT labels follow the Phoenix root-to-class table: CAMEO 16 -> 3."""
    from tidings.evaluate.conflibert import penta_class

    events = pipeline.extract("Japan suspended economic aid to Serbia.").events
    sanction = next(e for e in events if e.type == "SANCTION")
    assert sanction.cameo.startswith("16") and penta_class(sanction) == 3
    attack = next(e for e in pipeline.extract("Rebels attacked the town of Kidal.").events if e.type == "ASSAULT")
    assert penta_class(attack) == 4
    assert penta_class(None) == 0
