"""`--engine dask` gives the store the default engine gives: same documents, events, mentions."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

pytest.importorskip("distributed", reason='the Dask engine needs dask[distributed]: pip install "tidings[dask]"')

from tidings.cli import app  # noqa: E402
from tidings.corpus.ingest import ingest  # noqa: E402
from tidings.scale import PipelineSpec  # noqa: E402
from tidings.scale.dask_engine import DaskExecutor  # noqa: E402


def test_the_dask_engine_stores_what_the_local_engine_stores(  # type: ignore[no-untyped-def]
    client, corpus: Path, reference: Path, tmp_path: Path, read_store
) -> None:
    db = tmp_path / "dask.duckdb"
    with DaskExecutor(PipelineSpec(), client=client, task_size=2) as executor:
        summary = ingest([corpus], db, executor=executor, published="2024-03-15")
    assert (summary.ingested, summary.skipped) == (9, 2)
    assert read_store(db) == read_store(reference)

    again = ingest([corpus], db, executor=DaskExecutor(PipelineSpec(), client=client), published="2024-03-15")
    assert (again.ingested, again.duplicates, again.mentions) == (0, 9, 0)
    assert read_store(db) == read_store(reference)


def test_the_cli_runs_on_a_running_scheduler(client, corpus: Path, reference: Path, tmp_path: Path, read_store) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "cli.duckdb"
    args = ["ingest", str(corpus), "--db", str(db), "--published", "2024-03-15", "--quiet"]
    result = CliRunner().invoke(app, [*args, "--engine", "dask", "--scheduler", client.scheduler.address])
    assert result.exit_code == 0, result.output
    assert read_store(db) == read_store(reference)


def test_a_worker_killed_mid_job_loses_and_doubles_nothing(  # type: ignore[no-untyped-def]
    client, corpus: Path, reference: Path, tmp_path: Path, read_store
) -> None:
    client.restart()  # fresh workers: each spends a second or two loading its Pipeline on its first task
    pids = client.run(os.getpid)
    killed: list[int] = []  # how many tasks the killed worker held

    def kill_the_first_busy_worker() -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            busy = [(address, tasks) for address, tasks in client.processing().items() if tasks]
            if busy:
                address, tasks = busy[0]
                os.kill(pids[address], signal.SIGKILL)
                killed.append(len(tasks))
                return
            time.sleep(0.005)

    killer = threading.Thread(target=kill_the_first_busy_worker)
    db = tmp_path / "killed.duckdb"
    with DaskExecutor(PipelineSpec(), client=client, task_size=1) as executor:
        killer.start()
        summary = ingest([corpus], db, executor=executor, published="2024-03-15")
    killer.join()
    assert killed and killed[0] > 0  # it died with work in hand, which the scheduler gave to another worker
    assert (summary.ingested, summary.skipped) == (9, 2)
    assert read_store(db) == read_store(reference)
