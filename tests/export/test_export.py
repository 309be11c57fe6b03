"""Every export format writes exactly the store's events."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from tidings.errors import TidingsError
from tidings.export import EXPORTERS, export
from tidings.export.gdelt import EVENT_COLUMNS, MENTION_COLUMNS

REPORTS = Path(__file__).parents[1] / "corpus" / "reports.jsonl"


@pytest.fixture(scope="module")
def store(tmp_path_factory, pipeline):  # type: ignore[no-untyped-def]
    from tidings.corpus.ingest import ingest
    from tidings.store import open_store

    db = tmp_path_factory.mktemp("export") / "reports.duckdb"
    ingest([REPORTS], db, n_process=1, pipeline=pipeline)
    return open_store(db)


def test_jsonl_has_the_event_contract_with_mentions(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = export(store, "jsonl", tmp_path / "events.jsonl")
    records = [json.loads(line) for line in (tmp_path / "events.jsonl").read_text().splitlines()]
    assert len(records) == result.events == store.stats().events
    assert {"id", "type", "actors", "recipients", "date", "location", "mentions", "num_sources"} <= set(records[0])
    merged = [r for r in records if r["num_sources"] == 2]
    assert len(merged) == 2 and all(len(r["mentions"]) == 2 for r in merged)


def test_parquet_has_exactly_the_stores_events_as_columns(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    export(store, "parquet", tmp_path / "events.parquet")
    table = pq.read_table(tmp_path / "events.parquet")
    with store.connection() as con:
        ids = sorted(r[0] for r in con.execute("SELECT id FROM events").fetchall())
    assert sorted(table.column("id").to_pylist()) == ids
    assert table.schema.field("date").type.get_field_index("precision") >= 0
    assert table.schema.field("actors").type.value_type.get_field_index("kb_id") >= 0


def test_csv_has_one_flat_row_per_event(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    export(store, "csv", tmp_path / "events.csv")
    rows = list(csv.DictReader((tmp_path / "events.csv").open()))
    assert len(rows) == store.stats().events
    assert any(r["place"] and r["actor_countries"] for r in rows)


def test_plover_records_use_polecat_names(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    export(store, "plover", tmp_path / "events.json")
    records = [json.loads(line) for line in (tmp_path / "events.json").read_text().splitlines()]
    rafah = next(r for r in records if r["placename"] and r["placename"].startswith("Rafa"))
    assert rafah["event_type"] == "ASSAULT" and rafah["actor_country"] == "ISR" and rafah["num_sources"] == 2
    assert len(rafah["story_ids"]) == 2 and rafah["event_date"] == "2024-03-12"


def test_gdelt_events_have_61_columns_and_mentions_16(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = export(store, "gdelt", tmp_path / "events.tsv")
    events_path, mentions_path = map(Path, result.files)
    assert mentions_path.name == "events.mentions.tsv"
    rows = [line.split("\t") for line in events_path.read_text().splitlines()]
    mentions = [line.split("\t") for line in mentions_path.read_text().splitlines()]
    assert len(rows) == store.stats().events and {len(r) for r in rows} == {61} == {len(EVENT_COLUMNS)}
    assert len(mentions) == store.stats().mentions and {len(m) for m in mentions} == {len(MENTION_COLUMNS)}
    rafah = next(r for r in rows if r[EVENT_COLUMNS.index("ActionGeo_FullName")].startswith("Rafa"))
    assert rafah[EVENT_COLUMNS.index("Day")] == "20240312" and rafah[EVENT_COLUMNS.index("Actor1Code")].startswith(
        "ISR"
    )
    assert rafah[EVENT_COLUMNS.index("NumArticles")] == "2"


def test_unknown_format_names_the_choices(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(TidingsError, match="jsonl"):
        export(store, "xml", tmp_path / "x")
    assert {"jsonl", "csv", "parquet", "plover", "gdelt"} <= set(EXPORTERS)
