"""Cross-document merging: rules on hand-made profiles, then differently worded reports."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from tidings.corpus.merge import PlaceRef, Profile, assign, compare

REPORTS = Path(__file__).parent / "reports.jsonl"
RAFAH = PlaceRef("Rafah", 281129, 31.29, 34.25, "PSE", "city")
KHAN_YUNIS = PlaceRef("Khan Yunis", 281133, 31.34, 34.30, "PSE", "city")  # ~7 km away
KHARKIV = PlaceRef("Kharkiv", 706483, 49.98, 36.25, "UKR", "city")


def mention(id: str = "d1-m1", **changes: object) -> Profile:
    base = Profile(
        id=id,
        type="ASSAULT",
        factuality="asserted",
        date_start=dt.date(2024, 3, 12),
        date_end=dt.date(2024, 3, 12),
        precision="day",
        place=RAFAH,
        actor_keys=frozenset({"ISR"}),
        recipient_keys=frozenset({"PSE"}),
        documents=frozenset({id.split("-")[0]}),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "merged", "reason"),
    [
        ({}, True, "same place: Rafah"),
        ({"date_start": dt.date(2024, 3, 13), "date_end": dt.date(2024, 3, 13)}, True, "dates agree"),
        ({"date_start": dt.date(2024, 3, 15), "date_end": dt.date(2024, 3, 15)}, False, "dates differ"),
        ({"place": KHAN_YUNIS}, True, "nearby places"),
        ({"place": KHARKIV}, False, "different places"),
        ({"place": None}, True, "actors shared: ISR"),
        ({"type": "PROTEST"}, False, "types differ"),
        ({"factuality": "planned"}, False, "factuality differs"),
        ({"factuality": "claimed"}, True, "same type"),
        ({"actor_keys": frozenset({"RUS"})}, False, "actors differ"),
        ({"date_start": None, "date_end": None, "precision": "unknown"}, False, "no usable date"),
        (
            {"precision": "month", "date_start": dt.date(2024, 3, 1), "date_end": dt.date(2024, 3, 31)},
            True,
            "dates agree",
        ),
        ({"actor_keys": frozenset(), "recipient_keys": frozenset(), "place": None}, False, "nothing ties them"),
        ({"documents": frozenset({"d1"})}, False, "same document"),
        ({"place": None, "recipient_keys": frozenset()}, False, "only one side's country is shared"),
    ],
)
def test_compare_gives_a_decision_with_reasons(changes: dict, merged: bool, reason: str) -> None:  # type: ignore[type-arg]
    decision = compare(mention(), mention("d2-m1", **changes))
    assert decision.merged is merged
    assert any(reason in r for r in decision.reasons), decision.reasons


def test_a_named_actor_ties_reports_where_a_country_alone_does_not() -> None:
    named = {"place": None, "recipient_keys": frozenset(), "actor_keys": frozenset({"ISR", "Q41732"})}
    assert compare(mention(**named), mention("d2-m1", **named)).merged
    generic = {"place": None, "recipient_keys": frozenset(), "actor_keys": frozenset({"USA"})}
    assert not compare(mention(**generic), mention("d2-m1", **generic)).merged  # "police" in two US stories


def test_assign_founds_events_and_joins_later_mentions_in_order() -> None:
    mentions = [
        mention("d1-m1"),
        mention("d2-m1", place=KHARKIV, actor_keys=frozenset({"RUS"}), recipient_keys=frozenset({"UKR"})),
        mention("d3-m1", place=None),
    ]
    assignments, changed = assign(mentions, [])
    assert [a.decision is None for a in assignments] == [True, True, False]
    assert assignments[2].event_id == assignments[0].event_id
    assert changed[assignments[0].event_id].documents == {"d1", "d3"}
    again, _ = assign(mentions, [])
    assert [a.event_id for a in again] == [a.event_id for a in assignments]  # deterministic ids


@pytest.fixture(scope="module")
def reports_store(tmp_path_factory, pipeline):  # type: ignore[no-untyped-def]
    from tidings.corpus.ingest import ingest
    from tidings.store import open_store

    db = tmp_path_factory.mktemp("reports") / "reports.duckdb"
    ingest([REPORTS], db, n_process=1, pipeline=pipeline)
    return open_store(db)


def _events_by_documents(store) -> dict[frozenset[str], list]:  # type: ignore[no-untyped-def,type-arg]
    given = {}
    with store.connection() as con:
        given = dict(con.execute("SELECT id, given_id FROM documents").fetchall())
    out: dict[frozenset[str], list] = {}  # type: ignore[type-arg]
    for event in store.events():
        key = frozenset(given[m.document_id] for m in event.mentions)
        out.setdefault(key, []).append(event)
    return out


def test_differently_worded_reports_of_one_event_merge(reports_store) -> None:  # type: ignore[no-untyped-def]
    groups = _events_by_documents(reports_store)
    rafah = [e for e in groups.get(frozenset({"r1", "r2"}), []) if e.record["type"] == "ASSAULT"]
    talks = [e for e in groups.get(frozenset({"r7", "r8"}), []) if e.record["type"] == "CONSULT"]
    assert len(rafah) == 1 and rafah[0].num_sources == 2 and rafah[0].num_articles == 2
    assert len(talks) == 1 and talks[0].num_sources == 2
    assert {m.outlet for m in rafah[0].mentions} == {"Wire One", "Daily Two"}


def test_reports_of_different_events_stay_apart(reports_store) -> None:  # type: ignore[no-untyped-def]
    for documents, events in _events_by_documents(reports_store).items():
        if len(documents) > 1:
            assert documents in {frozenset({"r1", "r2"}), frozenset({"r7", "r8"})}, [e.record for e in events]
    stats = reports_store.stats()
    assert stats.multi_source_events == 2 and stats.documents == 8


def test_explain_shows_each_mention_and_why_it_joined(reports_store) -> None:  # type: ignore[no-untyped-def]
    from tidings.corpus.explain import explain

    event = next(e for e in reports_store.events() if e.num_articles == 2 and e.record["type"] == "ASSAULT")
    explanation = explain(reports_store, event.id[:12])
    founder, joined = explanation.mentions
    assert founder.founded and not founder.reasons and "[" in founder.excerpt
    assert not joined.founded and "same type: ASSAULT" in joined.reasons
    assert any(r.startswith("actors shared") for r in joined.reasons)
    text = "\n".join(explanation.lines())
    assert "founded the event" in text and "2 mention(s) in 2 article(s)" in text
