"""The store: a mixed folder in, every good document stored, every bad one reported, no
duplicates on a second run, atomic batches, and the same store after a kill -9 and a re-run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.test_read import ATOM, PAGE, RSS, warc_bytes  # noqa: F401 - shared input builders
from tidings.corpus.ingest import ingest
from tidings.store import StoreError, StoreWriter, open_store

REPORTS = Path(__file__).parents[1] / "corpus" / "reports.jsonl"
ARTICLE = "Police arrested 30 protesters in Nairobi on Tuesday after clashes near parliament, officials said."


@pytest.fixture()
def mixed(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(ARTICLE)
    (folder / "batch.jsonl").write_text(
        json.dumps({"id": "j1", "text": "Russian forces shelled Kharkiv on Thursday, killing two civilians.",
                    "published": "2024-03-14"}) + "\n{broken json\n"
    )  # fmt: skip
    (folder / "page.html").write_text(PAGE.replace("Nairobi", "Mombasa"))
    (folder / "feed.xml").write_text(RSS.replace("Nairobi", "Kisumu"))
    (folder / "sub" / "crawl.warc.gz").write_bytes(
        warc_bytes([("https://example.org/w", "text/html", PAGE.replace("Nairobi", "Nakuru"))])
    )
    (folder / "empty.txt").write_text("")
    (folder / "image.bin").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (folder / "latin1.txt").write_bytes(
        "Le président français a rencontré le chancelier à Berlin mardi pour discuter des négociations.".encode(
            "latin-1"
        )
    )
    return folder


def test_a_mixed_folder_stores_good_documents_and_reports_bad_ones(mixed: Path, tmp_path: Path, pipeline) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "corpus.duckdb"
    summary = ingest([mixed], db, n_process=1, pipeline=pipeline)
    # a.txt, j1, page.html, two feed entries, the WARC page
    assert summary.ingested == 6, summary.skips
    reasons = {Path(s.source.split(":")[0]).name: s.reason for s in summary.skips}
    assert set(reasons) == {"batch.jsonl", "empty.txt", "image.bin", "latin1.txt"}
    assert "invalid JSON" in reasons["batch.jsonl"] and "not English" in reasons["latin1.txt"]
    stats = open_store(db).stats()
    assert (stats.documents, stats.skipped) == (6, 4)
    assert stats.mentions == summary.mentions and stats.events == summary.new_events

    again = ingest([mixed], db, n_process=1, pipeline=pipeline)
    assert (again.ingested, again.duplicates, again.mentions) == (0, 6, 0)
    assert open_store(db).stats() == stats


def test_a_failing_batch_leaves_nothing_behind(tmp_path: Path, pipeline, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import tidings.store.writer as writer

    db = tmp_path / "s.duckdb"
    original = writer._update_events

    def explode(*args, **kwargs):  # type: ignore[no-untyped-def]
        original(*args, **kwargs)
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(writer, "_update_events", explode)
    with pytest.raises(RuntimeError):
        ingest([REPORTS], db, n_process=1, pipeline=pipeline, batch_size=100)
    stats = open_store(db).stats()
    assert (stats.documents, stats.mentions, stats.events, stats.actors) == (0, 0, 0, 0)


def test_readers_wait_for_a_writer_and_fail_clearly_on_a_foreign_file(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    StoreWriter(db)
    assert open_store(db).stats().documents == 0
    with pytest.raises(StoreError, match="no store at"):
        open_store(tmp_path / "missing.duckdb")
    (tmp_path / "x.duckdb").write_text("not a database")
    with pytest.raises(StoreError, match="cannot open store|not a DuckDB"):
        open_store(tmp_path / "x.duckdb")


def test_a_reader_waits_while_another_process_writes(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    StoreWriter(db)
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import duckdb, time; c = duckdb.connect({str(db)!r}); print('held', flush=True); "
         "time.sleep(1.0); c.close()"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    started = time.monotonic()
    assert open_store(db, wait=30).stats().documents == 0  # waits for the lock, then reads
    assert time.monotonic() - started > 0.3
    holder.wait()
    with pytest.raises(StoreError, match="busy"):
        blocker = subprocess.Popen(
            [sys.executable, "-c", f"import duckdb, time; c = duckdb.connect({str(db)!r}); print('held', flush=True); "
             "time.sleep(3)"],
            stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert blocker.stdout is not None and blocker.stdout.readline()
        try:
            open_store(db, wait=0.2)
        finally:
            blocker.kill()
            blocker.wait()


INGEST = (
    "import sys; from tidings.corpus.ingest import ingest; "
    "ingest([sys.argv[1]], sys.argv[2], n_process=1, batch_size=1)"
)


def _stats(db: Path) -> dict:  # type: ignore[type-arg]
    stats = open_store(db).stats().to_dict()
    stats.pop("path")
    with open_store(db).connection() as con:
        stats["event_rows"] = con.execute(
            "SELECT id, num_mentions, num_sources, document_ids FROM events ORDER BY id"
        ).fetchall()
        stats["mention_rows"] = con.execute("SELECT id, event_id, merge_reason FROM mentions ORDER BY id").fetchall()
    return stats


def test_kill_9_during_an_ingest_then_a_rerun_gives_the_same_store(tmp_path: Path) -> None:
    clean, crashed = tmp_path / "clean.duckdb", tmp_path / "crashed.duckdb"
    corpus = tmp_path / "corpus.jsonl"  # 48 documents: each report in six updates
    with corpus.open("w") as handle:
        for n in range(6):
            for line in REPORTS.read_text().splitlines():
                record = json.loads(line)
                record["id"] = f"{record['id']}-{n}"
                record["text"] += f" Update {n}: officials gave no further details."
                handle.write(json.dumps(record) + "\n")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    subprocess.run([sys.executable, "-c", INGEST, str(corpus), str(clean)], check=True, env=env)
    process = subprocess.Popen([sys.executable, "-c", INGEST, str(corpus), str(crashed)], env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # kill it once some batches are committed, mid-run
        time.sleep(0.05)
        if crashed.exists() and crashed.stat().st_size > 0:
            try:
                if 0 < open_store(crashed, wait=0.05).stats().documents:
                    break
            except StoreError:
                continue
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    partial = open_store(crashed).stats().documents
    subprocess.run([sys.executable, "-c", INGEST, str(corpus), str(crashed)], check=True, env=env)
    assert _stats(crashed) == _stats(clean)
    assert 0 < partial < 48  # killed mid-run
