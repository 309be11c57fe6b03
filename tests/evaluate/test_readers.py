"""Gold readers and per-document scoring of the event tasks, on hand-written fixtures."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from tidings.evaluate import conflibert, muc4, petrarch, plover, wikievents
from tidings.records import Actor, Casualties, Count, Event, EventDate, Factuality, Precision, Span

MUC_TEXT = """TST9-MUC4-0001

   VILLA NUEVA, 12 MAR 90 (RADIO TEST) -- [TEXT] ARMED MEN KILLED TWO
FARMERS NEAR THE TOWN YESTERDAY.

TST9-MUC4-0002

   VILLA NUEVA, 13 MAR 90 (RADIO TEST) -- [TEXT] THE MINISTER OPENED A BRIDGE.
"""

MUC_KEY = """0.  MESSAGE: ID                     TST9-MUC4-0001
1.  MESSAGE: TEMPLATE               1
2.  INCIDENT: DATE                  - 12 MAR 90
4.  INCIDENT: TYPE                  ATTACK
9.  PERP: INDIVIDUAL ID             "ARMED MEN"
10. PERP: ORGANIZATION ID           -
12. PHYS TGT: ID                    -
18. HUM TGT: NAME                   -
19. HUM TGT: DESCRIPTION            "FARMERS"
21. HUM TGT: NUMBER                 2: "FARMERS"
23. HUM TGT: EFFECT OF INCIDENT     DEATH: "FARMERS"

0.  MESSAGE: ID                     TST9-MUC4-0002
1.  MESSAGE: TEMPLATE               0
4.  INCIDENT: TYPE                  *
"""


def _event(kind: str, start: int, actor: str = "", recipient: str = "", **kw: object) -> Event:
    day = kw.get("day")
    return Event(
        id="e", type=kind, mode=kw.get("mode"), contexts=[], cameo=str(kw.get("cameo", "190")),  # type: ignore[arg-type]
        quad_class=int(kw.get("quad", 4)), intensity=-10.0,  # type: ignore[arg-type]
        actors=[Actor(actor, 0, len(actor))] if actor else [],
        recipients=[Actor(recipient, 0, len(recipient))] if recipient else [],
        date=EventDate(day, day, Precision.DAY if day else Precision.UNKNOWN),  # type: ignore[arg-type]
        location=None, factuality=Factuality(kw.get("factuality", "asserted")), attribution=None,
        casualties=Casualties(killed=kw.get("killed")), trigger=Span("x", start, start + 1),  # type: ignore[arg-type]
        sentence=0, confidence=float(kw.get("confidence", 0.5)),  # type: ignore[arg-type]
    )  # fmt: skip


def test_muc_texts_and_keys() -> None:
    docs = muc4.parse_texts(MUC_TEXT, "TST9")
    assert [d.id for d in docs] == ["TST9-MUC4-0001", "TST9-MUC4-0002"]
    assert docs[0].published == dt.date(1990, 3, 12)
    assert docs[0].text == "ARMED MEN KILLED TWO FARMERS NEAR THE TOWN YESTERDAY."
    keys = muc4.parse_keys(MUC_KEY)
    assert keys["TST9-MUC4-0002"] == []
    (template,) = keys["TST9-MUC4-0001"]
    assert template.type == "ATTACK"
    assert template.date == muc4.GoldDate(None, dt.date(1990, 3, 12))
    assert template.perpetrators == [["ARMED MEN"]]
    assert template.targets == [["FARMERS"]]
    assert template.deaths == [(2, 2)]


def test_muc_gold_dates() -> None:
    assert muc4.parse_gold_date("16 NOV 89") == muc4.GoldDate(
        dt.date(1989, 11, 16), dt.date(1989, 11, 16)
    )
    assert muc4.parse_gold_date("08 JAN 90 - 09 JAN 90") == muc4.GoldDate(
        dt.date(1990, 1, 8), dt.date(1990, 1, 9)
    )
    assert muc4.parse_gold_date("*") is None


def test_muc_score_document() -> None:
    doc = muc4.parse_texts(MUC_TEXT, "TST9")[0]
    doc.templates = muc4.parse_keys(MUC_KEY)[doc.id]
    out = muc4._Split()
    events = [_event("ASSAULT", 10, "armed men", "two farmers", day=dt.date(1990, 3, 11),
                     killed=Count(2, 2)), _event("AGREE", 2, cameo="030", quad=1)]  # fmt: skip
    muc4.score_document(doc, events, out)
    assert (out.detect.tp, out.detect.fp, out.detect.fn) == (1, 0, 0)
    for name in ("date_exact", "date_baseline", "perp_recall", "target_recall", "deaths_found"):
        assert out.rate(name) == 1.0, name
    other = muc4.parse_texts(MUC_TEXT, "TST9")[1]
    muc4.score_document(other, [_event("ASSAULT", 0, factuality="negated")], out)
    assert out.detect.fp == 0


def test_plover_gold_mapping(tmp_path: Path) -> None:
    assert plover.map_gold("DEMAND", None) == ("REQUEST", None)
    assert plover.map_gold("INVESTIGATE", "") == ("ACCUSE", "investigate")
    assert plover.map_gold("COERCE", "destroy") == ("ASSAULT", "seize")
    assert plover.map_gold("PROTEST", "strike-hun") == ("PROTEST", "hunger")
    assert plover.map_gold("FIGHT", "heavy-weapons") == ("ASSAULT", "heavy-weapons")
    records = [
        {"event": "DOCUMENT", "id": "doc"},
        {"id": "s1", "event": "DISAPPROVE", "text": "Ruritania criticised Freedonia.",
         "source": [{"actorText": "Ruritania", "code": "JAP", "sector": "GOVxyz"}], "target": "",
         "textInfo": {"markup": "(SRC: Ruritania) (EVT: criticised) Freedonia."}, "dead": "3"},
    ]  # fmt: skip
    path = tmp_path / plover.GOLD_FILE
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(records))
    (g,) = plover.read_gold(tmp_path)
    assert (g.type, g.sources[0].code, g.sources[0].sector, g.targets, g.dead) == (
        "ACCUSE",
        "JPN",
        "GOV",
        [],
        3,
    )


def test_conflibert_spans() -> None:
    spans = conflibert._spans(["The B-S", "army I-S", "shelled O", "the B-T", "town I-T", "and O",
                               "Ruritania B-R", "talked O"])  # fmt: skip
    assert spans == {"S": ["The army"], "T": ["the town"], "R": ["Ruritania"]}


def test_conflibert_penta_choice() -> None:
    statement = _event("CONSULT", 0, cameo="010", quad=1, confidence=0.9)
    attack = _event("ASSAULT", 5, cameo="190", quad=4, confidence=0.4)
    assert conflibert.choose_event([statement, attack]) is statement  # the main (top-ranked) event
    assert conflibert.choose_event([attack]) is attack
    assert conflibert.choose_event([]) is None


def test_petrarch_records_and_codes() -> None:
    raw = """# loose comment text outside elements
<!-- <Sentence id="OFF"><Text>disabled</Text></Sentence> -->
<Sentence date="20080804" id="A1" category="AFP"/>
<EventCoding eventcode="042" sourcecode="USAGOV" targetcode="---REB" />
<Text>
The envoy visited the
rebels.
</Text>
<Sentence date="19950101" id="U1" category="DEMO">
<EventCoding noevents = "True"></EventCoding>
<Text>Nothing happened.</Text>
</Sentence>
"""
    sentences = petrarch.parse_records(raw)
    assert [s.id for s in sentences] == ["A1", "U1"]
    a1, u1 = sentences
    assert a1.text == "The envoy visited the rebels." and a1.date == dt.date(2008, 8, 4)
    assert a1.codings == [petrarch.Coding("042", "USAGOV", "---REB")]
    assert u1.no_events and not u1.codings
    assert petrarch.country_of("USAGOV") == "USA"
    assert petrarch.country_of("IGOUNO") == "IGO"
    assert petrarch.country_of("---REB") is None
    counts = petrarch.Counts()
    ev = _event("CONSULT", 0, cameo="042", quad=1)
    ev.actors = [Actor("envoy", 0, 5, country="USA")]
    petrarch.score_sentence(a1, [ev], counts, actors=True)
    petrarch.score_sentence(u1, [], counts, actors=True)
    assert counts.rate("root") == counts.rate("code3") == counts.rate("quad") == 1.0
    assert counts.rate("source_country") == 1.0 and "target_country" not in counts.values
    assert counts.rate("no_event") == 1.0


def test_wikievents_document() -> None:
    record = {
        "doc_id": "d1",
        "text": "Bomb kills guardRebels attacked the base.",
        "sentences": [
            [[["Bomb", 0, 4], ["kills", 5, 10], ["guard", 11, 16]], "Bomb kills guard"],
            [[["Rebels", 17, 23], ["attacked", 24, 32], ["the", 33, 36], ["base", 37, 41],
              [".", 41, 42]], "Rebels attacked the base."],
        ],
        "entity_mentions": [{"id": "T1", "text": "Rebels"}, {"id": "T2", "text": "base"}],
        "event_mentions": [
            {"event_type": "Conflict.Attack.Unspecified",
             "trigger": {"start": 4, "end": 5, "sent_idx": 1},
             "arguments": [{"entity_id": "T1", "role": "Attacker", "text": "Rebels"},
                           {"entity_id": "T2", "role": "Target", "text": "base"}]},
            {"event_type": "Contact.Contact.Meet", "trigger": {"start": 0, "end": 1, "sent_idx": 0},
             "arguments": []},
        ],
    }  # fmt: skip
    doc = wikievents.parse_document(record)
    assert doc.text == "Bomb kills guard\nRebels attacked the base."
    (m,) = doc.mentions
    assert (m.family, doc.text[m.start : m.end]) == ("attack", "attacked")
    counts = wikievents.Counts()
    wikievents.score_document(doc, [_event("ASSAULT", 24, "Rebels", "the military base")], counts)
    for name in ("attack.recall_trigger", "actor.recall", "recipient.recall", "precision.sentence"):
        assert counts.rate(name) == 1.0, name
