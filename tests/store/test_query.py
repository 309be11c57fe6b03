"""The query API: the seed article, the merge reports and a short article, filtered, sorted,
paged, counted, as Arrow, by document, by actor, as a timeline and as a network."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.conftest import SEED
from tidings.corpus.ingest import ingest
from tidings.store import Store, StoreError, open_store
from tidings.store.query import date_bound, excerpt

REPORTS = Path(__file__).parents[1] / "corpus" / "reports.jsonl"
JERUSALEM = "Police in Jerusalem arrested 12 protesters on Monday, officials said."


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, pipeline) -> Store:  # type: ignore[no-untyped-def]
    if not SEED.exists():
        pytest.skip(f"seed article not found at {SEED}")
    folder = tmp_path_factory.mktemp("query")
    (folder / "jerusalem.txt").write_text(JERUSALEM)
    db = folder / "q.duckdb"
    ingest([SEED, REPORTS, folder / "jerusalem.txt"], db, n_process=1, published="2024-01-28", pipeline=pipeline)
    return open_store(db)


def test_actor_recipient_and_type_filters(store: Store) -> None:
    talks = store.query(actor="USA", recipient="IRQ")
    assert talks and all(e.type in {"CONSULT", "RETREAT", "MOBILIZE", "AID"} for e in talks)
    for event in talks:
        assert any(a.country == "USA" for a in event.event.actors)
        assert any(r.country == "IRQ" for r in event.event.recipients)
    attacks = store.query(type="assault", since="2023-10-01")
    assert attacks and {e.type for e in attacks} == {"ASSAULT"}
    assert any(e.record["date"]["text"] == "mid-October" for e in attacks)  # began before, still running
    assert all((e.record["date"]["end"] or e.record["date"]["start"]) >= "2023-10-01" for e in attacks)


def test_names_match_by_word_prefix_and_kb_ids_exactly(store: Store) -> None:
    white_house = store.query(actor="white house")
    assert white_house and all(any("White House" in (a.name or "") for a in e.event.actors) for e in white_house)
    assert 0 < store.count(actor="Q30") <= store.count(actor="United States")  # and "United States forces"
    # "usa" is a code, not a piece of "Jerusalem"
    assert not any("Jerusalem" in (e.record.get("location") or {}).get("name", "") for e in store.query(actor="usa"))
    assert store.count(actor="USA,IRQ") >= max(store.count(actor="USA"), store.count(actor="IRQ"))


@pytest.mark.parametrize(
    ("filters", "check"),
    [
        ({"place": "rafah"}, lambda e: e.record["location"]["text"] == "Rafah"),  # GeoNames: Rafaḩ
        ({"country": "KEN"}, lambda e: "KEN" in str(e.record)),
        ({"text": "drone"}, lambda e: True),
        ({"factuality": "planned"}, lambda e: e.record["factuality"] == "planned"),
        ({"until": "2014"}, lambda e: e.record["date"]["start"] <= "2014-12-31"),
        ({"mode": "drone"}, lambda e: e.record["mode"] == "drone"),
    ],
)
def test_each_filter_narrows_and_count_agrees(store: Store, filters: dict, check) -> None:  # type: ignore[no-untyped-def,type-arg]
    events = store.query(**filters)
    assert events and all(check(e) for e in events), filters
    assert store.count(**filters) == len(events) < store.count()


def test_sorting_and_paging_are_stable(store: Store) -> None:
    everything = store.query()
    dates = [e.record["date"]["start"] for e in everything if e.record["date"]["start"]]
    assert dates == sorted(dates)
    pages = store.query(limit=5) + store.query(limit=5, offset=5)
    assert [e.id for e in pages] == [e.id for e in everything[:10]]
    by_sources = store.query(sort="sources", descending=True, limit=3)
    assert by_sources[0].num_sources == 2 and len(by_sources[0].mentions) == 2
    with pytest.raises(StoreError, match="unknown sort"):
        store.query(sort="colour")
    with pytest.raises(StoreError, match="unknown filter"):
        store.count(colour="red")  # type: ignore[call-arg]
    with pytest.raises(StoreError, match="cannot read date"):
        store.query(since="last week")


def test_arrow_query_has_the_contract_columns(store: Store) -> None:
    table = store.arrow_query(type="ASSAULT")
    assert table.num_rows == store.count(type="ASSAULT")
    assert {"id", "type", "actors", "date", "mentions", "num_sources"} <= set(table.column_names)
    assert set(table.column("type").to_pylist()) == {"ASSAULT"}


def test_documents_carry_the_text_the_offsets_point_into(store: Store) -> None:
    merged = store.query(sort="sources", descending=True, limit=1)[0]
    documents = store.documents(merged.id)
    assert len(documents) == 2 and all(merged.id in d.event_ids for d in documents)
    for mention in merged.mentions:
        text = store.document(mention.document_id).text
        assert text is not None and text[mention.start : mention.end] == mention.trigger
    assert store.document("r1").given_id == "r1"  # the id the input gave finds it too
    assert store.document("r1", with_text=False).text is None
    assert len(store.documents(with_text=False)) == store.stats().documents == 10
    with pytest.raises(StoreError, match="no document"):
        store.document("nope")


def test_actors_count_events_per_actor(store: Store) -> None:
    actors = {a.key: a for a in store.actors()}
    assert actors["Q30"].country == "USA" and actors["Q30"].as_actor == store.count(actor="Q30")
    assert actors["Q30"].as_recipient == store.count(recipient="Q30")
    assert actors["Q30"].as_actor and actors["Q30"].as_recipient
    counts = [a.events for a in store.actors()]
    assert counts == sorted(counts, reverse=True)
    assert {a.country for a in store.actors(type="PROTEST")} <= {"KEN", "NGA", None}


def test_every_actor_key_filters_to_its_events(store: Store) -> None:
    # the keys actors() and network() return (KB id, "ISO3 SECTOR" or a name) work as filters: the web's
    # network passes a clicked node's key straight back as ?actor=
    for actor in store.actors():
        events = store.query(actor=actor.key)
        assert len(events) >= actor.as_actor, actor.key
        assert store.count(recipient=actor.key) >= actor.as_recipient, actor.key


def test_quad_class_document_and_affiliation_filters(store: Store) -> None:
    material = store.query(quad_class="3,4")
    assert material and {e.record["quad_class"] for e in material} <= {3, 4}
    assert store.count(quad_class=4) + store.count(quad_class=[1, 2, 3]) == store.count()
    with pytest.raises(StoreError, match="quad class"):
        store.count(quad_class="5")
    seed_doc = store.query(text="Soleimani")[0].mentions[0].document_id
    in_seed = store.query(document=seed_doc)
    assert in_seed and all(any(m.document_id == seed_doc for m in e.mentions) for e in in_seed)
    assert store.count(document=seed_doc) < store.count()
    # "Iran-backed militias" are affiliated to Iran: their attacks count for IRN
    backed = store.query(country="IRN", type="ASSAULT")
    assert any(a.affiliation == "IRN" for e in backed for a in e.event.actors)


def test_network_edges_between_actors(store: Store) -> None:
    edges = {(e.source, e.target): e for e in store.network()}
    talks = edges[("Q796", "Q30")]  # Iraq -> United States
    assert (talks.source_name, talks.target_name) == ("Iraq", "United States")
    assert talks.events >= 2 and talks.mean_quad_class is not None and talks.mean_quad_class <= 2
    attacks = store.network(type="ASSAULT", min_events=1)
    assert attacks and all(e.mean_quad_class == 4.0 and set(e.types) == {"ASSAULT"} for e in attacks)


def test_timeline_is_chronological_and_grouped_like_the_backgrounder(store: Store) -> None:
    months = store.timeline(actor="IRQ")
    periods = [m.period for m in months]
    assert periods[0] < periods[-1] and len(periods) == len(set(periods))
    entries = [e for m in months for e in m.entries]
    assert [e.date_start for e in entries] == sorted(e.date_start for e in entries)  # type: ignore[type-var]
    october = next(m for m in months if m.period == "2023-10").entries[0]
    assert october.type == "ASSAULT" and october.precision == "month"
    assert october.excerpt and "Since mid-October" in october.excerpt and october.excerpt.endswith("Syria.")
    line = october.line()
    assert line.startswith("2023-10") and "(month)" in line and "→ United States forces [USA/MIL]" in line
    background = store.timeline(until="2014")
    assert [m.period for m in background][:2] == ["2003", "2011"]
    assert "2011" in background[1].entries[0].line() and "U.S. military withdrew" in background[1].entries[0].excerpt  # type: ignore[operator]


@pytest.mark.parametrize(
    ("value", "end", "expected"),
    [
        ("2023", False, dt.date(2023, 1, 1)),
        ("2023", True, dt.date(2023, 12, 31)),
        ("2024-02", True, dt.date(2024, 2, 29)),
        ("2023-10-01", True, dt.date(2023, 10, 1)),
        (dt.date(2020, 5, 4), False, dt.date(2020, 5, 4)),
        (None, True, None),
    ],
)
def test_date_bounds(value, end: bool, expected) -> None:  # type: ignore[no-untyped-def]
    assert date_bound(value, end) == expected


def test_excerpt_cuts_at_sentence_ends_not_abbreviations() -> None:
    text = "Earlier news. The U.S. military withdrew in 2011 but returned in 2014. Later news."
    start = text.index("withdrew")
    assert excerpt(text, start, start + 8) == "The U.S. military withdrew in 2011 but returned in 2014."
