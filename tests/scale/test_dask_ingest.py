"""`--engine dask` end to end: workers read, code, merge by blocks and write the Parquet dataset.

The stores it loads equal those of the default engine, delivery after delivery, and a run
over the same input adds nothing.
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from pathlib import Path

import pyarrow.dataset as ds
import pytest
from typer.testing import CliRunner

pytest.importorskip("distributed", reason='the Dask engine needs dask[distributed]: pip install "tidings[dask]"')

from tidings.cli import app  # noqa: E402
from tidings.corpus.ingest import IngestProgress, ingest  # noqa: E402
from tidings.scale import dask_engine  # noqa: E402
from tidings.scale.dataset import dataset_summary  # noqa: E402

BATCH = 4  # documents per batch: several batches per delivery, as in a large run


@pytest.fixture(scope="module")
def default_stores(wire: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory, pipeline):  # type: ignore[no-untyped-def]
    """The store after each delivery, ingested with the default engine."""
    folder = tmp_path_factory.mktemp("default")
    db = folder / "default.duckdb"
    snapshots = []
    for n, delivery in enumerate(wire):
        ingest([delivery], db, n_process=1, pipeline=pipeline, batch_size=BATCH)
        snapshots.append(folder / f"after-{n}.duckdb")
        snapshots[-1].write_bytes(db.read_bytes())
    return snapshots


def _contents(read_store, db: Path) -> dict[str, list[tuple[object, ...]]]:  # type: ignore[no-untyped-def]
    """The store's rows, skipped inputs without the batch that recorded them.

    The default engine records a skipped input with whichever batch is being written when
    reading reaches it, which depends on how far reading runs ahead of coding; the Dask
    engine records it with the batch its position in the input falls into.
    """
    rows = read_store(db)
    rows["skipped"] = [row[:2] for row in rows["skipped"]]
    return rows


def _files(out: Path) -> list[str]:
    return sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())


def test_the_dask_engine_gives_the_default_stores_delivery_by_delivery(  # type: ignore[no-untyped-def]
    client, wire: tuple[Path, Path], default_stores: list[Path], tmp_path: Path, read_store
) -> None:
    db, out = tmp_path / "dask.duckdb", tmp_path / "dataset"
    stages: list[str] = []

    def progress(state: IngestProgress) -> None:
        stages.append(state.stage)

    summaries = []
    for delivery, expected in zip(wire, default_stores, strict=True):
        summaries.append(
            ingest(
                [delivery],
                db,
                engine="dask",
                scheduler=client.scheduler.address,
                batch_size=BATCH,
                parquet=out,
                progress=progress,
            )  # fmt: skip
        )
        assert _contents(read_store, db) == _contents(read_store, expected)
    first, second = summaries
    assert first.merged > 0 and second.merged > 0  # reports merge within a delivery and into earlier events
    assert (second.duplicates, second.skipped) == (1, 1)  # the repeated report; the broken line
    assert {"coding", "finding blocks", "merging", "done"} <= set(stages)
    loaded = client.run(lambda: len(dask_engine._PIPELINES))
    assert set(loaded.values()) <= {0, 1}  # one Pipeline per worker process, loaded once

    # the dataset: tables by month, no staging left, earlier event files superseded, not doubled
    store = read_store(db)
    for table in ("documents", "mentions", "actors", "events"):
        data = ds.dataset(out / table, format="parquet", partitioning="hive").to_table()
        assert data.num_rows == len(store[table])
    events = ds.dataset(out / "events", format="parquet", partitioning="hive").to_table()
    assert sorted(events.column("id").to_pylist()) == sorted(row[0] for row in store["events"])
    months = {p.name for p in (out / "events").iterdir()}
    assert {"month=2024-02", "month=2024-03"} <= months
    assert not list((out / "_tidings" / "staging").rglob("*.parquet"))
    markers = [json.loads(p.read_text()) for p in sorted((out / "_tidings" / "runs").glob("*.json"))]
    assert len(markers) == 2 and markers[1]["delete"]  # the second changed events of the first: files superseded
    assert not any(Path(f).exists() for f in markers[1]["delete"])

    # idempotence: the same deliveries again add nothing and rewrite nothing
    files = _files(out)
    for delivery in wire:
        again = ingest([delivery], db, engine="dask", scheduler=client.scheduler.address, parquet=out)
        assert (again.ingested, again.mentions) == (0, 0)
    assert read_store(db) == store
    assert [f for f in _files(out) if "/runs/" not in f] == [f for f in files if "/runs/" not in f]


def test_the_cli_writes_the_dataset_from_file_urls_without_a_store(  # type: ignore[no-untyped-def]
    client, wire: tuple[Path, Path], default_stores: list[Path], tmp_path: Path, read_store
) -> None:
    out = tmp_path / "from-urls"
    args = ["ingest", wire[0].as_uri(), "--engine", "dask", "--scheduler", client.scheduler.address]
    result = CliRunner().invoke(app, [*args, "--parquet", out.as_uri(), "--batch-size", str(BATCH), "--json"])
    assert result.exit_code == 0, result.output
    written = json.loads(result.stdout)
    assert written["ingested"] == 10 and written["parquet"]["documents"] == 10
    assert written["parquet"] == dataset_summary(out).to_dict() | {"path": out.as_uri()}
    sources = ds.dataset(out / "documents", format="parquet", partitioning="hive").to_table().column("source")
    assert all(s.startswith("file://") for s in sources.to_pylist())
    expected = read_store(default_stores[0])["events"]
    events = ds.dataset(out / "events", format="parquet", partitioning="hive").to_table()
    assert sorted(events.column("id").to_pylist()) == sorted(row[0] for row in expected)


def test_a_run_that_died_before_its_commit_is_cleaned_up(  # type: ignore[no-untyped-def]
    client, wire: tuple[Path, Path], tmp_path: Path
) -> None:
    out = tmp_path / "crashed"
    ingest([wire[0]], None, engine="dask", scheduler=client.scheduler.address, parquet=out)
    before = _files(out)
    orphan = out / "events" / "month=2024-03" / "part-20000101T000000-abcdef-q000000.parquet"
    orphan.write_bytes(b"left by a run that was killed")
    (out / "_tidings" / "staging" / "20000101T000000-abcdef").mkdir(parents=True)
    again = ingest([wire[0]], None, engine="dask", scheduler=client.scheduler.address, parquet=out)
    assert again.ingested == 0
    assert [f for f in _files(out) if "/runs/" not in f] == [f for f in before if "/runs/" not in f]


def test_a_worker_killed_mid_run_loses_and_doubles_nothing(  # type: ignore[no-untyped-def]
    client, wire: tuple[Path, Path], default_stores: list[Path], tmp_path: Path, read_store
) -> None:
    client.restart()  # fresh workers: each spends a second or two loading its Pipeline on its first task
    pids = client.run(os.getpid)
    killed: list[int] = []

    def kill_the_first_busy_worker() -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            busy = [(address, tasks) for address, tasks in client.processing().items() if tasks]
            if busy:
                os.kill(pids[busy[0][0]], signal.SIGKILL)
                killed.append(len(busy[0][1]))
                return
            time.sleep(0.005)

    killer = threading.Thread(target=kill_the_first_busy_worker)
    killer.start()
    db = tmp_path / "killed.duckdb"
    summary = ingest([wire[0]], db, engine="dask", scheduler=client.scheduler.address, batch_size=BATCH)
    killer.join()
    assert killed and killed[0] > 0  # it died with work in hand, which the scheduler gave to another worker
    assert summary.ingested == 10
    assert _contents(read_store, db) == _contents(read_store, default_stores[0])


def test_the_dask_engine_needs_somewhere_to_write(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["ingest", str(tmp_path), "--engine", "dask"])
    assert result.exit_code == 2
    assert "--parquet" in result.output
