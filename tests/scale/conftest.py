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


@pytest.fixture(scope="session")
def client():  # type: ignore[no-untyped-def]
    """A LocalCluster of two single-threaded worker processes, shared by the Dask tests."""
    distributed = pytest.importorskip("distributed", reason="the Dask engine needs dask[distributed]")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        with distributed.Client(cluster) as client:
            yield client


def _wire_records() -> list[dict[str, str]]:
    """Reports of the same happenings from four outlets: shelling on either side of a month's end, arrests, talks."""
    days = [("2024-04-01", "on Sunday"), ("2024-04-02", "on Sunday"), ("2024-03-30", "on Friday"),
            ("2024-04-01", "on Saturday")]  # fmt: skip
    outlets = ["Reuters", "AP", "AFP", "Kyiv Independent"]
    records = []
    for i, city in enumerate(["Kharkiv", "Kherson", "Odesa"]):
        for j, outlet in enumerate(outlets):
            published, day = days[(i + j) % 4]
            n = 2 + (i + j) % 3
            text = [
                f"Russian forces shelled {city} {day}, killing {n} civilians, regional officials told {outlet}.",
                f"{n} civilians were killed when Russian artillery hit {city} {day}, officials told {outlet}.",
            ][j % 2]
            records.append({"id": f"{city}-{outlet}", "text": text, "outlet": outlet, "published": published})
    for j, outlet in enumerate(outlets):
        records.append({"id": f"nairobi-{outlet}", "outlet": outlet, "published": "2024-03-13",
                        "text": f"Police arrested {20 + j} protesters in Nairobi on Tuesday after clashes near "
                        f"parliament, {outlet} said."})  # fmt: skip
        records.append({"id": f"talks-{outlet}", "outlet": outlet, "published": "2024-02-27" if j % 2 else "2024-02-26",
                        "text": "The United States and Iraq held talks in Baghdad on Monday on ending the coalition "
                        f"mission, {outlet} reported."})  # fmt: skip
    return records


@pytest.fixture(scope="session")
def wire(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two deliveries of wire reports (JSON Lines, one file per outlet and delivery) that merge within and across them.

    The second repeats one report of the first under another id, and holds a broken line.
    """
    records = _wire_records()
    first, second = tmp_path_factory.mktemp("first"), tmp_path_factory.mktemp("second")
    for folder, part in ((first, records[::2]), (second, records[1::2])):
        by_outlet: dict[str, list[str]] = {}
        for record in part:
            by_outlet.setdefault(record["outlet"], []).append(json.dumps(record))
        for outlet, lines in by_outlet.items():
            (folder / f"{outlet.lower().replace(' ', '-')}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    repeat = {**records[0], "id": "repeat"}
    (second / "repeat.jsonl").write_text(json.dumps(repeat) + "\n{broken\n", encoding="utf-8")
    return first, second
