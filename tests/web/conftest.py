"""Stores for the web tests: the seed article, and an article carrying HTML and script payloads."""

from __future__ import annotations

from pathlib import Path

import pytest

HOSTILE = (
    "Militants attack police in Baghdad\n"
    "Militants attacked a police station in Baghdad on Monday, killing two officers. "
    '<script>window.__pwned = 1; alert("script ran")</script> '
    "Police arrested <img src=x onerror=\"window.__pwned = 2; alert('img ran')\"> five suspects in Basra on Tuesday. "
    "<b onmouseover=alert(3)>Iraq</b> condemned the attack.\n"
)


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory: pytest.TempPathFactory, pipeline) -> Path:  # type: ignore[no-untyped-def]
    from tidings.web import fill_demo

    db = tmp_path_factory.mktemp("web") / "seed.duckdb"
    assert fill_demo(db, pipeline=pipeline) > 0
    return db


@pytest.fixture(scope="session")
def hostile_store(tmp_path_factory: pytest.TempPathFactory, pipeline) -> Path:  # type: ignore[no-untyped-def]
    from tidings.corpus.ingest import ingest

    folder = tmp_path_factory.mktemp("hostile")
    article = folder / "hostile.txt"
    article.write_text(HOSTILE, encoding="utf-8")
    db = folder / "hostile.duckdb"
    ingest([article], db, n_process=1, input_format="text", published="2024-03-04", pipeline=pipeline)
    return db
