"""Reading the store: statistics, events with their mentions, Arrow tables (queries: ``query``).

``Store`` opens the file read-only for each call and closes it after (see ``db``), so it
never keeps an ingest waiting for longer than one query or one export.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from tidings.store.db import StoreError, connect
from tidings.store.query import Queries
from tidings.store.records import MentionRef, StoredEvent, StoreStats

__all__ = ["TABLES", "MentionRef", "Store", "StoreStats", "StoredEvent", "open_store"]

TABLES = ("documents", "events", "mentions", "actors", "skipped")


def _reason_kind(reason: str) -> str:
    """Group skip reasons by their kind: the words before any detail."""
    head = reason.split(":")[0].split("(")[0].strip()
    return " ".join(head.split()[:4])


class Store(Queries):
    """A tidings store file, opened read-only per call; the query methods come from ``Queries``."""

    def __init__(self, path: str | Path, wait: float | None = None) -> None:
        self.path = Path(path)
        self.wait = wait
        with self.connection():
            pass  # fail early on a missing or foreign file

    @contextmanager
    def connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        con = connect(self.path, read_only=True, wait=self.wait)
        try:
            tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
            if not set(TABLES) <= tables:
                raise StoreError(f"{self.path} is not a tidings store (tables: {', '.join(sorted(tables)) or 'none'})")
            yield con
        finally:
            con.close()

    def stats(self) -> StoreStats:
        with self.connection() as con:

            def one(sql: str) -> Any:
                return con.execute(sql).fetchall()[0][0]

            span = "SELECT min(date_start), max(coalesce(date_end, date_start)) FROM events"
            first, last = con.execute(span).fetchall()[0]
            reasons: dict[str, int] = {}
            for (reason,) in con.execute("SELECT reason FROM skipped").fetchall():
                kind = _reason_kind(reason)
                reasons[kind] = reasons.get(kind, 0) + 1
            return StoreStats(
                path=str(self.path),
                documents=one("SELECT count(*) FROM documents"),
                events=one("SELECT count(*) FROM events"),
                mentions=one("SELECT count(*) FROM mentions"),
                actors=one("SELECT count(*) FROM actors"),
                skipped=one("SELECT count(*) FROM skipped"),
                multi_source_events=one("SELECT count(*) FROM events WHERE num_sources > 1"),
                merged_mentions=one("SELECT count(*) FROM mentions WHERE merge_reason IS NOT NULL"),
                first_date=first.isoformat() if first else None,
                last_date=last.isoformat() if last else None,
                event_types=dict(
                    con.execute("SELECT type, count(*) FROM events GROUP BY 1 ORDER BY 2 DESC").fetchall()
                ),
                skipped_reasons=dict(sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0]))),
            )

    def events(self, event_ids: list[str] | None = None, chunk: int = 2000) -> Iterator[StoredEvent]:
        """Events with their mentions, by date then id; streamed, not loaded at once."""
        where = "WHERE e.id IN (SELECT UNNEST(?))" if event_ids is not None else ""
        sql = f"""SELECT e.id, e.record, e.num_sources, e.num_articles, m.id, m.document_id, m.sentence,
                         m.trigger_start, m.trigger_end, m.trigger, d.outlet, d.published, d.url, d.title,
                         m.merge_reason
                  FROM events e JOIN mentions m ON m.event_id = e.id JOIN documents d ON d.id = m.document_id
                  {where}
                  ORDER BY e.date_start NULLS LAST, e.id, m.merge_reason NULLS FIRST, d.published, m.id"""
        with self.connection() as con:
            cursor = con.execute(sql, [event_ids] if event_ids is not None else [])
            current: StoredEvent | None = None
            while rows := cursor.fetchmany(chunk):
                for row in rows:
                    if current is None or current.id != row[0]:
                        if current is not None:
                            yield current
                        current = StoredEvent(row[0], json.loads(row[1]), [], row[2] or 0, row[3] or 0)
                    current.mentions.append(
                        MentionRef(
                            id=row[4],
                            document_id=row[5],
                            sentence=row[6],
                            start=row[7],
                            end=row[8],
                            trigger=row[9],
                            outlet=row[10],
                            published=row[11].isoformat() if row[11] else None,
                            url=row[12],
                            title=row[13],
                            merge_reason=json.loads(row[14]) if row[14] else None,
                        )
                    )
            if current is not None:
                yield current

    def event(self, event_id: str) -> StoredEvent:
        """One event; a mention id or a unique id prefix also finds it."""
        with self.connection() as con:
            found = con.execute(
                """SELECT DISTINCT event_id FROM mentions WHERE event_id = ? OR id = ? OR event_id LIKE ? || '%'
                   LIMIT 2""",
                [event_id, event_id, event_id],
            ).fetchall()
        if len(found) != 1:
            reason = "no event" if not found else "more than one event"
            raise StoreError(f"{reason} with id {event_id!r} in {self.path}; 'tidings export --format jsonl' lists ids")
        return next(self.events([found[0][0]]))

    def document_text(self, document_id: str) -> str | None:
        with self.connection() as con:
            rows = con.execute("SELECT text FROM documents WHERE id = ?", [document_id]).fetchall()
        return rows[0][0] if rows else None

    def arrow(self, table: str) -> pa.Table:
        """A whole table as Arrow (for notebooks; exports stream instead)."""
        if table not in TABLES:
            raise StoreError(f"unknown table {table!r}; one of {', '.join(TABLES)}")
        with self.connection() as con:
            return con.execute(f"SELECT * FROM {table}").to_arrow_table()


def open_store(path: str | Path, wait: float | None = None) -> Store:
    """Open a store written by ``tidings ingest`` for reading."""
    return Store(path, wait=wait)
