"""A small mixed corpus written by hand, and a way to read a whole store back for comparison."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from tidings.corpus.ingest import ingest

PUBLISHED = "2024-03-15"
ARTICLES = {
    "kharkiv.txt": "Russian forces shelled Kharkiv on Thursday, killing two civilians and injuring five, "
    "regional governor Oleh Syniehubov said.",
    "kharkiv-2.txt": "Two civilians were killed when Russian artillery hit Kharkiv on Thursday, Ukrainian "
    "officials said.",
    "nairobi.txt": "Police arrested 30 protesters in Nairobi on Tuesday after clashes near parliament, officials said.",
    "talks.txt": "The United States and Iraq held talks in Baghdad on Monday on ending the coalition mission, "
    "the State Department said.",
    "aid.txt": "Japan pledged $50 million in humanitarian aid to Sudan on Wednesday, the foreign ministry said.",
    "strike.txt": "Israeli aircraft struck a house in Rafah on Tuesday, killing four people, Palestinian health "
    "officials said.",
    "visit.txt": "French President Emmanuel Macron will visit India in January, his office said on Wednesday.",
}
RECORDS = [
    {"id": "j1", "text": "Turkish troops withdrew from a base near Kirkuk on Monday, Iraqi officials said.",
     "published": "2024-03-12"},
    {"id": "j2", "text": "Protesters in Dhaka demanded the resignation of the interior minister on Sunday.",
     "published": "2024-03-10"},
]  # fmt: skip


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Seven plain-text articles, a JSON Lines file with two records and a broken line, and a non-text file."""
    folder = tmp_path_factory.mktemp("corpus")
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    lines = [json.dumps(r) for r in RECORDS] + ["{broken json"]
    (folder / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "image.bin").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    return folder


@pytest.fixture(scope="session")
def reference(corpus: Path, tmp_path_factory: pytest.TempPathFactory, pipeline) -> Path:  # type: ignore[no-untyped-def]
    """The corpus ingested with the default (local) engine."""
    db = tmp_path_factory.mktemp("local") / "local.duckdb"
    summary = ingest([corpus], db, n_process=1, pipeline=pipeline, published=PUBLISHED)
    assert summary.ingested == 9 and summary.skipped == 2, summary.skips
    assert summary.mentions > 0 and summary.merged > 0  # the two Kharkiv reports merge
    return db


@pytest.fixture(scope="session")
def read_store():  # type: ignore[no-untyped-def]
    """A function giving every row of every table of a store, for comparing two stores."""
    return store_contents


def store_contents(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table but the ingest timestamps, sorted, for comparing two stores."""
    queries = {
        "documents": "SELECT * EXCLUDE (ingested_at) FROM documents",
        "mentions": "SELECT * FROM mentions",
        "actors": "SELECT * FROM actors",
        "events": "SELECT * FROM events",
        "skipped": "SELECT * FROM skipped",
    }
    with duckdb.connect(str(db), read_only=True) as con:
        return {name: sorted(con.execute(sql).fetchall(), key=repr) for name, sql in queries.items()}
