"""`--parquet DIR`: the store as a Parquet dataset partitioned by month."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.dataset as ds
from typer.testing import CliRunner

from tidings.cli import app
from tidings.scale.dataset import write_dataset


def test_ingest_writes_documents_events_and_mentions_by_month(corpus: Path, tmp_path: Path, read_store) -> None:  # type: ignore[no-untyped-def]
    db, out = tmp_path / "c.duckdb", tmp_path / "dataset"
    args = ["ingest", str(corpus), "--db", str(db), "-p", "1", "--published", "2024-03-15", "--json", "--parquet"]
    result = CliRunner().invoke(app, [*args, str(out)])
    assert result.exit_code == 0, result.output
    written = json.loads(result.stdout)["parquet"]
    store = read_store(db)
    for table in ("documents", "events", "mentions"):
        data = ds.dataset(out / table, format="parquet", partitioning="hive").to_table()
        assert data.num_rows == len(store[table]) == written[table]
        assert {p.name for p in (out / table).iterdir()} == {f"month={m}" for m in data.column("month").to_pylist()}
    ids = ds.dataset(out / "events", format="parquet", partitioning="hive").to_table().column("id").to_pylist()
    assert sorted(ids) == sorted(row[0] for row in store["events"])

    again = write_dataset(db, out)  # rewritten from the store: the same rows, nothing doubled
    assert (again.documents, again.events, again.mentions) == (
        written["documents"],
        written["events"],
        written["mentions"],
    )
