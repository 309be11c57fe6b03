"""Writing coded documents into the store, one batch per transaction.

A batch — its documents, their event mentions and actors, the events they found or join,
and the inputs it skipped — is written in one DuckDB transaction, from Arrow tables (never
row by row). A process killed at any moment leaves either the whole batch or none of it,
and re-running the same ingest skips what is stored and goes on in the same order, so it
ends with the same store as an uninterrupted run.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from tidings.corpus.merge import Assignment, PlaceRef, Profile, actor_keys, assign, fold_records
from tidings.errors import InputError
from tidings.read import content_id
from tidings.records import Extraction
from tidings.store import schema
from tidings.store.db import connect

log = logging.getLogger(__name__)


@dataclass(slots=True)
class BatchResult:
    """What one batch added to the store."""

    documents: int = 0  # new documents stored
    duplicates: int = 0  # documents already in the store (same content)
    mentions: int = 0  # event mentions stored
    new_events: int = 0  # events founded by this batch
    merged: int = 0  # mentions that joined an event already known
    skipped: int = 0  # inputs recorded as skipped (new reasons only)


def store_id(extraction: Extraction) -> str:
    """The store's document id: a hash of the clean text (a given id is kept as ``given_id``)."""
    return content_id(extraction.document.text)


class StoreWriter:
    """Appends batches to a store file; holds the file only while writing one batch."""

    def __init__(self, path: str | Path, wait: float | None = None) -> None:
        self.path = Path(path)
        self.wait = wait
        connect(self.path, read_only=False, wait=wait).close()  # create the schema up front

    def known(self, ids: Sequence[str]) -> set[str]:
        """Which of these document ids are stored already."""
        if not ids:
            return set()
        con = connect(self.path, read_only=False, wait=self.wait)
        try:
            rows = con.execute("SELECT id FROM documents WHERE id IN (SELECT UNNEST(?))", [list(ids)]).fetchall()
        finally:
            con.close()
        return {r[0] for r in rows}

    def write(self, extractions: Iterable[Extraction], skipped: Iterable[InputError] = ()) -> BatchResult:
        """Store one batch atomically; documents already stored are counted and left alone."""
        con = connect(self.path, read_only=False, wait=self.wait)
        try:
            con.begin()
            result = _write(con, list(extractions), list(skipped))
            con.commit()
            return result
        except BaseException:
            try:
                con.rollback()
            except duckdb.Error:
                pass
            raise
        finally:
            con.close()


def _write(con: duckdb.DuckDBPyConnection, extractions: list[Extraction], skipped: list[InputError]) -> BatchResult:
    result = BatchResult()
    batch = int(con.execute("SELECT coalesce(max(batch), 0) + 1 FROM documents").fetchall()[0][0])  # type: ignore[index]
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    ids = [store_id(x) for x in extractions]
    stored = {r[0] for r in con.execute("SELECT id FROM documents WHERE id IN (SELECT UNNEST(?))", [ids]).fetchall()}
    new: list[tuple[str, Extraction]] = []
    for doc_id, extraction in zip(ids, extractions, strict=True):
        if doc_id in stored:
            result.duplicates += 1
            continue
        stored.add(doc_id)
        new.append((doc_id, extraction))
    documents, mentions, actors, profiles = [], [], [], []
    for doc_id, extraction in new:
        coded = extraction_rows(doc_id, extraction, batch, now)
        documents.append(coded.document)
        mentions += coded.mentions
        actors += coded.actors
        profiles += [mention_profile(m["id"], doc_id, r) for m, r in zip(coded.mentions, coded.records, strict=True)]
    assignments, changed = assign(profiles, _candidates(con, profiles))
    link_mentions(mentions, assignments)
    _insert(con, "documents", documents, schema.DOCUMENTS)
    _insert(con, "mentions", mentions, schema.MENTIONS)
    _insert(con, "actors", actors, schema.ACTORS)
    _update_events(con, changed, assignments, mentions)
    result.documents, result.mentions = len(new), len(mentions)
    result.new_events = sum(a.decision is None for a in assignments)
    result.merged = len(assignments) - result.new_events
    if skipped:
        rows = [{"source": e.source, "reason": e.reason, "batch": batch} for e in skipped]
        rows = list({r["source"]: r for r in rows}.values())
        before = con.execute("SELECT count(*) FROM skipped").fetchall()[0][0]
        table = pa.Table.from_pylist(rows, schema=schema.SKIPPED)
        con.register("_skipped_batch", table)
        con.execute("INSERT INTO skipped SELECT * FROM _skipped_batch WHERE source NOT IN (SELECT source FROM skipped)")
        con.unregister("_skipped_batch")
        result.skipped = con.execute("SELECT count(*) FROM skipped").fetchall()[0][0] - before  # type: ignore[index]
    return result


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict[str, Any]], arrow_schema: pa.Schema) -> None:
    if not rows:
        return
    data = pa.Table.from_pylist(rows, schema=arrow_schema)
    con.register("_batch", data)
    columns = ", ".join(f'"{name}"' for name in arrow_schema.names)
    con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM _batch")
    con.unregister("_batch")


def _date(value: Any) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


@dataclass(slots=True)
class ExtractionRows:
    """One coded document as store rows: its document row, its mentions' rows (with their
    event records as dicts, in the same order) and its mentions' actor rows."""

    document: dict[str, Any]
    mentions: list[dict[str, Any]]
    records: list[dict[str, Any]]
    actors: list[dict[str, Any]]


def extraction_rows(doc_id: str, extraction: Extraction, batch: int, now: dt.datetime) -> ExtractionRows:
    rows = ExtractionRows(document_row(doc_id, extraction, batch, now), [], [], [])
    for position, event in enumerate(extraction.events, start=1):
        record = event.to_dict()
        mention_id = f"{doc_id}-m{position}"
        rows.mentions.append(mention_row(mention_id, doc_id, position, record))
        rows.records.append(record)
        for role, key in (("actor", "actors"), ("recipient", "recipients")):
            for n, actor in enumerate(record[key], start=1):
                rows.actors.append({"mention_id": mention_id, "role": role, "position": n, **actor})
    return rows


def document_row(doc_id: str, extraction: Extraction, batch: int, now: dt.datetime) -> dict[str, Any]:
    document = extraction.document
    return {
        "id": doc_id,
        "given_id": document.id if document.id != doc_id else None,
        "source": document.source,
        "url": document.url,
        "title": document.title,
        "outlet": document.outlet,
        "published": document.published_date,
        "published_source": document.published_source.value if document.published_source else None,
        "language": document.language,
        "n_chars": len(document.text),
        "n_mentions": len(extraction.events),
        "text": document.text,
        "batch": batch,
        "ingested_at": now,
    }


def _place_fields(location: dict[str, Any] | None) -> dict[str, Any]:
    location = location or {}
    return {
        "place_name": location.get("name") or location.get("text"),
        "geonameid": location.get("geonameid"),
        "lat": location.get("lat"),
        "lon": location.get("lon"),
        "place_country": location.get("country"),
        "place_precision": location.get("precision"),
    }


def mention_row(mention_id: str, doc_id: str, position: int, record: dict[str, Any]) -> dict[str, Any]:
    date, trigger = record.get("date") or {}, record.get("trigger") or {}
    return {
        "id": mention_id,
        "document_id": doc_id,
        "event_id": None,
        "position": position,
        "type": record["type"],
        "mode": record.get("mode"),
        "cameo": record.get("cameo"),
        "quad_class": record.get("quad_class"),
        "intensity": record.get("intensity"),
        "factuality": record.get("factuality"),
        "date_start": _date(date.get("start")),
        "date_end": _date(date.get("end")),
        "date_precision": date.get("precision"),
        "date_source": date.get("source"),
        **_place_fields(record.get("location")),
        "trigger": trigger.get("text"),
        "trigger_start": trigger.get("start"),
        "trigger_end": trigger.get("end"),
        "sentence": record.get("sentence"),
        "confidence": record.get("confidence"),
        "merge_reason": None,
        "record": json.dumps(record, ensure_ascii=False),
    }


def place_ref(row: dict[str, Any]) -> PlaceRef | None:
    if not row.get("place_name") and row.get("geonameid") is None and row.get("lat") is None:
        return None
    return PlaceRef(
        name=row.get("place_name"),
        geonameid=row.get("geonameid"),
        lat=row.get("lat"),
        lon=row.get("lon"),
        country=row.get("place_country"),
        precision=row.get("place_precision"),
    )


def mention_profile(mention_id: str, doc_id: str, record: dict[str, Any]) -> Profile:
    date = record.get("date") or {}
    return Profile(
        id=mention_id,
        type=record["type"],
        factuality=record.get("factuality") or "asserted",
        date_start=_date(date.get("start")),
        date_end=_date(date.get("end")),
        precision=date.get("precision") or "unknown",
        place=place_ref(_place_fields(record.get("location"))),
        actor_keys=actor_keys(record.get("actors") or []),
        recipient_keys=actor_keys(record.get("recipients") or []),
        documents=frozenset({doc_id}),
    )


def _candidates(con: duckdb.DuckDBPyConnection, mentions: list[Profile]) -> list[Profile]:
    """Stored events that a batch's dated mentions could join (same type, dates near)."""
    dated = [m for m in mentions if m.date_start is not None]
    if not dated:
        return []
    low = min(m.date_start for m in dated) - dt.timedelta(days=2)  # type: ignore[type-var,operator]
    high = max(m.date_end or m.date_start for m in dated) + dt.timedelta(days=2)  # type: ignore[type-var,operator]
    cursor = con.execute(
        """SELECT * EXCLUDE (record) FROM events WHERE type IN (SELECT UNNEST(?))
           AND date_start <= ? AND coalesce(date_end, date_start) >= ? ORDER BY id""",
        [sorted({m.type for m in dated}), high, low],
    )
    names = [d[0] for d in cursor.description]
    out = []
    for values in cursor.fetchall():
        row = dict(zip(names, values, strict=True))
        out.append(event_profile(row))
    return out


def link_mentions(mentions: list[dict[str, Any]], assignments: Sequence[Assignment]) -> None:
    """Set each mention row's event id and, when it joined an event, the merge decision."""
    for row, assignment in zip(mentions, assignments, strict=True):
        row["event_id"] = assignment.event_id
        if assignment.decision is not None:
            row["merge_reason"] = json.dumps(assignment.decision.to_dict(), ensure_ascii=False)


def _update_events(
    con: duckdb.DuckDBPyConnection,
    changed: dict[str, Profile],
    assignments: list[Assignment],
    mentions: list[dict[str, Any]],
) -> None:
    """Replace the rows of founded and joined events, then recount their mentions in SQL."""
    if not changed:
        return
    ids = sorted(changed)
    records = dict(con.execute("SELECT id, record FROM events WHERE id IN (SELECT UNNEST(?))", [ids]).fetchall())
    current = {k: json.loads(v) for k, v in records.items()}
    fold_records(current, assignments, [json.loads(row["record"]) for row in mentions])
    rows = []
    for event_id in ids:
        profile = changed[event_id]
        rows.append(event_row(event_id, profile, json.dumps(current[event_id], ensure_ascii=False)))
    con.execute("DELETE FROM events WHERE id IN (SELECT UNNEST(?))", [ids])
    _insert(con, "events", rows, schema.EVENTS)
    con.execute(
        """UPDATE events SET num_mentions = c.n, num_articles = c.docs, num_sources = c.sources,
               first_published = c.first
           FROM (SELECT m.event_id, count(*) AS n, count(DISTINCT m.document_id) AS docs,
                        count(DISTINCT coalesce(d.outlet, d.id)) AS sources, min(d.published) AS first
                 FROM mentions m JOIN documents d ON d.id = m.document_id
                 WHERE m.event_id IN (SELECT UNNEST(?)) GROUP BY m.event_id) AS c
           WHERE events.id = c.event_id""",
        [ids],
    )


def event_row(event_id: str, profile: Profile, record: str) -> dict[str, Any]:
    """The ``events`` row of a merged event: its merge profile and its record (JSON)."""
    place = profile.place
    return {
        "id": event_id,
        "type": profile.type,
        "factuality": profile.factuality,
        "date_start": profile.date_start,
        "date_end": profile.date_end,
        "date_precision": profile.precision,
        "place_name": place.name if place else None,
        "geonameid": place.geonameid if place else None,
        "lat": place.lat if place else None,
        "lon": place.lon if place else None,
        "place_country": place.country if place else None,
        "place_precision": place.precision if place else None,
        "actor_keys": sorted(profile.actor_keys),
        "recipient_keys": sorted(profile.recipient_keys),
        "document_ids": sorted(profile.documents),
        "record": record,
    }


def event_profile(row: dict[str, Any], documents: Iterable[str] | None = None) -> Profile:
    """An ``events`` row (or a profile row with the same columns) read back for merging;
    ``documents`` replaces its ``document_ids`` when given."""
    return Profile(
        id=row["id"],
        type=row["type"],
        factuality=row["factuality"] or "asserted",
        date_start=row["date_start"],
        date_end=row["date_end"],
        precision=row["date_precision"] or "unknown",
        place=place_ref(row),
        actor_keys=frozenset(row["actor_keys"] or ()),
        recipient_keys=frozenset(row["recipient_keys"] or ()),
        documents=frozenset(row["document_ids"] or () if documents is None else documents),
    )
