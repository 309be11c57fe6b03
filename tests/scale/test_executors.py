"""The executor seam: choosing an engine, and what happens without Dask installed."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tidings.cli import app
from tidings.corpus.ingest import ingest
from tidings.errors import TidingsError
from tidings.scale import InProcessExecutor, LocalPoolExecutor, PipelineSpec, make_executor


def test_the_local_engine_runs_in_process_for_one_worker_and_in_a_pool_for_more(pipeline) -> None:  # type: ignore[no-untyped-def]
    spec = PipelineSpec.of(pipeline)
    assert isinstance(make_executor("local", spec, n_process=1, pipeline=pipeline), InProcessExecutor)
    assert isinstance(make_executor("local", spec, n_process=2), LocalPoolExecutor)
    with pytest.raises(TidingsError, match="unknown engine 'spark'"):
        make_executor("spark", spec)
    with pytest.raises(TidingsError, match="--scheduler needs --engine dask"):
        make_executor("local", spec, scheduler="tcp://localhost:8786")


def test_without_dask_the_dask_engine_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(TidingsError, match=r'pip install "tidings\[dask\]"'):
        make_executor("dask", PipelineSpec())
    db = tmp_path / "x.duckdb"
    result = CliRunner().invoke(app, ["ingest", str(tmp_path), "--db", str(db), "--engine", "dask"])
    assert result.exit_code == 2
    assert 'pip install "tidings[dask]"' in result.output
    assert not db.exists()


def test_the_default_process_pool_stores_what_one_process_stores(
    corpus: Path, reference: Path, tmp_path: Path, read_store
) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "pool.duckdb"
    summary = ingest([corpus], db, n_process=2, published="2024-03-15")
    assert (summary.ingested, summary.skipped) == (9, 2)
    assert read_store(db) == read_store(reference)
