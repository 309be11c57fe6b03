"""Querying the store: filtered, sorted, paged events; counts; Arrow; documents; actors;
a timeline by month; an actor network.

Every method opens the file read-only for its query and closes it (``Store.connection``),
so queries never keep an ingest waiting for long. Filters are the same everywhere
(``EventFilters``); see ``README.md`` beside this file for what each one matches.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, TypedDict, Unpack

from tidings.store.db import StoreError
from tidings.store.records import ActorCount, NetworkEdge, StoredDocument, TimelineEntry, TimelineMonth, actor_label

if TYPE_CHECKING:
    import duckdb
    import pyarrow as pa

    from tidings.store.records import StoredEvent

Values = str | Sequence[str] | None
DateBound = str | dt.date | None


class EventFilters(TypedDict, total=False):
    """The filters every query method takes (all optional, combined with AND)."""

    actor: Values
    recipient: Values
    country: Values
    type: Values
    mode: Values
    factuality: Values
    since: DateBound
    until: DateBound
    place: str | None
    text: str | None
    quad_class: Values | int | Sequence[int]
    document: str | None


SORTS = {
    "date": "e.date_start {d} NULLS LAST, coalesce(e.date_end, e.date_start) {d} NULLS LAST, e.id",
    "sources": "e.num_sources {d}, e.date_start NULLS LAST, e.id",
    "mentions": "e.num_mentions {d}, e.date_start NULLS LAST, e.id",
    "published": "e.first_published {d} NULLS LAST, e.id",
    "type": "e.type {d}, e.date_start NULLS LAST, e.id",
    "id": "e.id {d}",
}

# one key per actor, shared by actors() and network(): KB id, else country + sectors, else the name
ACTOR_KEY = """coalesce(a.kb_id,
    CASE WHEN a.country IS NOT NULL THEN a.country || coalesce(' ' || nullif(array_to_string(a.sectors, '/'), ''), '')
    END, lower(coalesce(a.name, a.text)))"""

CONTEXT = 150  # characters either side of a trigger that ``text`` searches and excerpts come from


def _values(value: Values) -> list[str]:
    if value is None:
        return []
    items = value.split(",") if isinstance(value, str) else list(value)
    return [v.strip() for v in items if v and v.strip()]


def _quads(value: Values | int | Sequence[int]) -> list[int]:
    """Quad classes ``1``–``4`` from ``3``, ``"3,4"`` or ``[3, 4]``."""
    if value is None:
        return []
    items = value.split(",") if isinstance(value, str) else [value] if isinstance(value, int) else list(value)
    quads = []
    for item in (str(i).strip() for i in items):
        if item and item not in {"1", "2", "3", "4"}:
            raise StoreError(f"unknown quad class {item!r}; use 1 (verbal cooperation) to 4 (material conflict)")
        if item:
            quads.append(int(item))
    return quads


def _words(value: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", value.lower()).split())


def _fold(value: str) -> str:
    """Lower case without accents, as DuckDB's ``strip_accents(lower(...))``."""
    return "".join(c for c in unicodedata.normalize("NFKD", value.lower()) if not unicodedata.combining(c))


def date_bound(value: DateBound, end: bool) -> dt.date | None:
    """``2023``, ``2023-10`` or ``2023-10-01`` (or a date) as the first or last day it covers."""
    if value is None or isinstance(value, dt.date):
        return value.date() if isinstance(value, dt.datetime) else value
    match = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", value.strip())
    if not match:
        raise StoreError(f"cannot read date {value!r}; use YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = int(match[1]), match[2], match[3]
    try:
        if day:
            return dt.date(year, int(month), int(day))
        if month:
            m = int(month)
            return dt.date(year, m, calendar.monthrange(year, m)[1] if end else 1)
        return dt.date(year, 12, 31) if end else dt.date(year, 1, 1)
    except ValueError as error:
        raise StoreError(f"cannot read date {value!r}: {error}") from error


def _actor_clause(role: str, values: list[str], params: list[Any]) -> str:
    """An actor or recipient of any mention matches a country code, a KB id, an actor key (``ACTOR_KEY``,
    what ``actors()`` and ``network()`` return) or a word-prefix of its name."""
    options = []
    for value in values:
        options.append(
            f"(upper(a.country) = ? OR lower(a.kb_id) = ? OR {ACTOR_KEY} = ? OR contains(' ' || "
            "trim(regexp_replace(lower(coalesce(a.name, '') || ' ' || coalesce(a.text, '')), '[^0-9a-z]+', ' ', 'g')),"
            " ?))"
        )
        params.extend([value.upper(), value.lower(), value, " " + _words(value)])
    return (
        "EXISTS (SELECT 1 FROM mentions m JOIN actors a ON a.mention_id = m.id "
        f"WHERE m.event_id = e.id AND a.role = '{role}' AND ({' OR '.join(options)}))"
    )


def where(filters: EventFilters) -> tuple[str, list[Any]]:
    """The SQL condition on ``events e`` for these filters, and its parameters."""
    unknown = set(filters) - set(EventFilters.__annotations__)
    if unknown:
        known = ", ".join(EventFilters.__annotations__)
        raise StoreError(f"unknown filter(s) {', '.join(sorted(unknown))}; use {known}")
    clauses: list[str] = []
    params: list[Any] = []
    for role in ("actor", "recipient"):
        if values := _values(filters.get(role)):  # type: ignore[arg-type]
            clauses.append(_actor_clause(role, values, params))
    if countries := [c.upper() for c in _values(filters.get("country"))]:
        clauses.append(
            "(upper(e.place_country) IN (SELECT UNNEST(?)) OR EXISTS (SELECT 1 FROM mentions m JOIN actors a "
            "ON a.mention_id = m.id WHERE m.event_id = e.id AND (upper(a.country) IN (SELECT UNNEST(?)) "
            "OR upper(a.affiliation) IN (SELECT UNNEST(?)))))"
        )
        params.extend([countries, countries, countries])
    if types := [t.upper() for t in _values(filters.get("type"))]:
        clauses.append("upper(e.type) IN (SELECT UNNEST(?))")
        params.append(types)
    if modes := [m.lower() for m in _values(filters.get("mode"))]:
        clauses.append("lower(json_extract_string(e.record, '$.mode')) IN (SELECT UNNEST(?))")
        params.append(modes)
    if quads := _quads(filters.get("quad_class")):
        clauses.append("TRY_CAST(json_extract_string(e.record, '$.quad_class') AS INTEGER) IN (SELECT UNNEST(?))")
        params.append(quads)
    if document := (filters.get("document") or "").strip():
        clauses.append("EXISTS (SELECT 1 FROM mentions m WHERE m.event_id = e.id AND m.document_id = ?)")
        params.append(document)
    if factualities := [f.lower() for f in _values(filters.get("factuality"))]:
        clauses.append("lower(e.factuality) IN (SELECT UNNEST(?))")
        params.append(factualities)
    if (since := date_bound(filters.get("since"), end=False)) is not None:
        clauses.append("coalesce(e.date_end, e.date_start) >= ?")
        params.append(since)
    if (until := date_bound(filters.get("until"), end=True)) is not None:
        clauses.append("e.date_start <= ?")
        params.append(until)
    if place := (filters.get("place") or "").strip():
        clauses.append(
            "(contains(strip_accents(lower(e.place_name)), ?) OR upper(e.place_country) = ? "
            "OR CAST(e.geonameid AS VARCHAR) = ? "
            "OR contains(strip_accents(lower(json_extract_string(e.record, '$.location.text'))), ?))"
        )
        folded = _fold(place)
        params.extend([folded, place.upper(), place, folded])
    if text := (filters.get("text") or "").strip().lower():
        clauses.append(
            "EXISTS (SELECT 1 FROM mentions m JOIN documents d ON d.id = m.document_id WHERE m.event_id = e.id AND ("
            "contains(lower(m.trigger), ?) OR contains(lower(coalesce(d.title, '')), ?) "
            "OR contains(lower(coalesce(json_extract_string(m.record, '$.evidence'), '')), ?) "
            f"OR contains(lower(substr(d.text, greatest(m.trigger_start - {CONTEXT}, 0) + 1, "
            f"m.trigger_end - greatest(m.trigger_start - {CONTEXT}, 0) + {CONTEXT})), ?)))"
        )
        params.extend([text] * 4)
    return (" AND ".join(clauses) or "TRUE"), params


_BREAK = re.compile(r"[.!?][\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])|\n\s*")
_ABBREVIATION = re.compile(r"(?:\b(?:[A-Z]\.)+|\b(?:Mr|Mrs|Ms|Dr|St|Gen|Lt|Col|Sgt|Jr|Sr|No|Gov|Sen|Rep)\.)$")


def _breaks(text: str) -> list[int]:
    """Where sentences start in ``text`` (after ``. `` and the like, not after "U.S." or "Mr.")."""
    out = []
    for match in _BREAK.finditer(text):
        head = text[: match.start() + 1]
        if match.group().startswith("\n") or not _ABBREVIATION.search(head):
            out.append(match.end())
    return out


def excerpt(window: str, start: int, end: int) -> str:
    """The sentence around ``window[start:end]``, cut at the nearest sentence breaks either side."""
    breaks = _breaks(window)
    left = max((b for b in breaks if b <= start), default=0)
    right = min((b for b in breaks if b > end), default=len(window))
    text = " ".join(window[left:right].split())
    cut_left = left == 0 and start >= CONTEXT
    cut_right = right == len(window) and not re.search(r"[.!?][\"'”’)]*\s*$", window)
    return ("…" if cut_left else "") + text + ("…" if cut_right else "")


def _period(start: str, precision: str) -> str:
    if precision == "decade":
        return start[:3] + "0s"
    if precision == "year":
        return start[:4]
    return start[:7]


_DOCUMENT_SQL = """SELECT d.id, d.given_id, d.source, d.url, d.title, d.outlet, d.published, d.published_source,
       d.language, d.n_chars, d.n_mentions,
       (SELECT list(m.event_id ORDER BY m.position) FROM mentions m WHERE m.document_id = d.id), {text}
FROM documents d"""


def _document(row: tuple[Any, ...]) -> StoredDocument:
    return StoredDocument(
        id=row[0], given_id=row[1], source=row[2], url=row[3], title=row[4], outlet=row[5],
        published=row[6].isoformat() if row[6] else None, published_source=row[7], language=row[8],
        n_chars=row[9], n_mentions=row[10], event_ids=list(dict.fromkeys(row[11] or [])), text=row[12],
    )  # fmt: skip


class Queries:
    """Query methods of ``Store`` (mixed in; the store supplies ``connection`` and ``events``)."""

    path: Any

    def connection(self) -> AbstractContextManager[duckdb.DuckDBPyConnection]:  # pragma: no cover - Store's
        raise NotImplementedError

    def events(self, event_ids: list[str] | None = None, chunk: int = 2000) -> Iterator[StoredEvent]:
        raise NotImplementedError  # pragma: no cover - Store's

    def _ids(
        self, filters: EventFilters, sort: str, descending: bool, limit: int | None, offset: int, dated: bool = False
    ) -> list[str]:
        if sort not in SORTS:
            raise StoreError(f"unknown sort {sort!r}; one of {', '.join(SORTS)}")
        condition, params = where(filters)
        if dated:
            condition += " AND e.date_start IS NOT NULL"
        order = SORTS[sort].format(d="DESC" if descending else "ASC")
        sql = f"SELECT e.id FROM events e WHERE {condition} ORDER BY {order}"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        if offset:
            sql += f" OFFSET {int(offset)}"
        with self.connection() as con:
            return [r[0] for r in con.execute(sql, params).fetchall()]

    def query(
        self,
        actor: Values = None,
        recipient: Values = None,
        country: Values = None,
        type: Values = None,
        mode: Values = None,
        since: DateBound = None,
        until: DateBound = None,
        place: str | None = None,
        text: str | None = None,
        sort: str = "date",
        descending: bool = False,
        limit: int | None = None,
        offset: int = 0,
        factuality: Values = None,
        quad_class: Values | int | Sequence[int] = None,
        document: str | None = None,
    ) -> list[StoredEvent]:
        """Events matching every given filter, sorted (``SORTS``) and paged, with their mentions."""
        filters = EventFilters(
            actor=actor, recipient=recipient, country=country, type=type, mode=mode, factuality=factuality,
            since=since, until=until, place=place, text=text, quad_class=quad_class, document=document,
        )  # fmt: skip
        ids = self._ids(filters, sort, descending, limit, offset)
        if not ids:
            return []
        found = {event.id: event for event in self.events(ids)}
        return [found[i] for i in ids if i in found]

    def count(self, **filters: Unpack[EventFilters]) -> int:
        """How many events match (the same filters as ``query``)."""
        condition, params = where(filters)
        with self.connection() as con:
            return int(con.execute(f"SELECT count(*) FROM events e WHERE {condition}", params).fetchall()[0][0])

    def arrow_query(
        self, sort: str = "date", descending: bool = False, limit: int | None = None, offset: int = 0,
        **filters: Unpack[EventFilters],
    ) -> pa.Table:  # fmt: skip
        """``query`` as an Arrow table with the event contract as nested columns (the Parquet export's schema)."""
        import pyarrow as pa

        from tidings.export.tabular import EVENT_SCHEMA

        events = self.query(sort=sort, descending=descending, limit=limit, offset=offset, **filters)
        return pa.Table.from_pylist([e.to_dict() for e in events], schema=EVENT_SCHEMA)

    def documents(
        self, event_id: str | None = None, limit: int | None = None, offset: int = 0, with_text: bool = True
    ) -> list[StoredDocument]:
        """The documents reporting an event (by publication date), or all documents (``event_id=None``)."""
        sql = _DOCUMENT_SQL.format(text="d.text" if with_text else "NULL")
        if event_id:
            sql += " WHERE d.id IN (SELECT document_id FROM mentions WHERE event_id = ?)"
        sql += " ORDER BY d.published NULLS LAST, d.id"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        if offset:
            sql += f" OFFSET {int(offset)}"
        with self.connection() as con:
            return [_document(row) for row in con.execute(sql, [event_id] if event_id else []).fetchall()]

    def document(self, document_id: str, with_text: bool = True) -> StoredDocument:
        """One document by its id (content hash) or by the id its input gave."""
        sql = _DOCUMENT_SQL.format(text="d.text" if with_text else "NULL")
        sql += " WHERE d.id = ? OR d.given_id = ? ORDER BY d.id = ? DESC LIMIT 1"
        with self.connection() as con:
            rows = con.execute(sql, [document_id] * 3).fetchall()
        if not rows:
            raise StoreError(f"no document with id {document_id!r} in {self.path}")
        return _document(rows[0])

    def actors(self, limit: int | None = None, **filters: Unpack[EventFilters]) -> list[ActorCount]:
        """Actors (grouped by ``ACTOR_KEY``) with the number of matching events they take part in, most first."""
        condition, params = where(filters)
        sql = f"""WITH x AS (
                    SELECT {ACTOR_KEY} AS key, m.event_id, a.role, coalesce(a.name, a.text) AS name, a.kb_id,
                           a.country, a.sectors
                    FROM actors a JOIN mentions m ON m.id = a.mention_id
                    WHERE m.event_id IN (SELECT e.id FROM events e WHERE {condition}))
                  SELECT key, mode(name), max(kb_id), max(country), max(sectors), count(DISTINCT event_id),
                         count(DISTINCT event_id) FILTER (WHERE role = 'actor'),
                         count(DISTINCT event_id) FILTER (WHERE role = 'recipient')
                  FROM x GROUP BY key ORDER BY 6 DESC, key"""
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        with self.connection() as con:
            rows = con.execute(sql, params).fetchall()
        return [ActorCount(r[0], r[1], r[2], r[3], list(r[4] or []), r[5], r[6], r[7]) for r in rows]

    def network(
        self, min_events: int = 1, limit: int | None = None, **filters: Unpack[EventFilters]
    ) -> list[NetworkEdge]:
        """Actor → recipient edges of the matching events, with their count and mean quad class and intensity."""
        condition, params = where(filters)
        sql = f"""WITH x AS (
                    SELECT DISTINCT m.event_id, a.role, {ACTOR_KEY} AS key, coalesce(a.name, a.text) AS name
                    FROM actors a JOIN mentions m ON m.id = a.mention_id
                    WHERE m.event_id IN (SELECT e.id FROM events e WHERE {condition})),
                  names AS (SELECT key, mode(name) AS name FROM x GROUP BY key),
                  pairs AS (
                    SELECT DISTINCT s.event_id, s.key AS source, t.key AS target
                    FROM x s JOIN x t ON s.event_id = t.event_id AND s.role = 'actor' AND t.role = 'recipient'
                    WHERE s.key <> t.key)
                  SELECT p.source, p.target, ns.name, nt.name, count(*),
                         avg(TRY_CAST(json_extract_string(e.record, '$.quad_class') AS DOUBLE)),
                         avg(TRY_CAST(json_extract_string(e.record, '$.intensity') AS DOUBLE)),
                         histogram(e.type)
                  FROM pairs p JOIN events e ON e.id = p.event_id
                  JOIN names ns ON ns.key = p.source JOIN names nt ON nt.key = p.target
                  GROUP BY ALL HAVING count(*) >= ? ORDER BY 5 DESC, 1, 2"""
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        with self.connection() as con:
            rows = con.execute(sql, [*params, min_events]).fetchall()
        return [
            NetworkEdge(
                r[0], r[1], r[2], r[3], r[4],
                round(r[5], 3) if r[5] is not None else None,
                round(r[6], 3) if r[6] is not None else None,
                dict(sorted((r[7] or {}).items(), key=lambda kv: (-kv[1], kv[0]))),
            )
            for r in rows
        ]  # fmt: skip

    def timeline(self, limit: int | None = None, **filters: Unpack[EventFilters]) -> list[TimelineMonth]:
        """Dated matching events in chronological order, grouped by month (by year or decade when that
        is all the text says), each with the sentence of its founding report."""
        ids = self._ids(filters, "date", False, limit, 0, dated=True)
        found = {event.id: event for event in self.events(ids)} if ids else {}
        events = [found[i] for i in ids if i in found]
        founders = {e.id: e.mentions[0] for e in events if e.mentions}
        windows: dict[str, tuple[str, int, int]] = {}
        refs = [(m.id, m.document_id) for m in founders.values() if m.start is not None]
        if refs:
            with self.connection() as con:
                rows = con.execute(
                    f"""SELECT m.id, substr(d.text, greatest(m.trigger_start - {CONTEXT}, 0) + 1,
                                   m.trigger_end - greatest(m.trigger_start - {CONTEXT}, 0) + {CONTEXT}),
                               m.trigger_start - greatest(m.trigger_start - {CONTEXT}, 0),
                               m.trigger_end - m.trigger_start
                        FROM mentions m JOIN documents d ON d.id = m.document_id
                        WHERE m.id IN (SELECT UNNEST(?))""",
                    [[r[0] for r in refs]],
                ).fetchall()
            windows = {r[0]: (r[1], r[2], r[2] + r[3]) for r in rows}
        months: list[TimelineMonth] = []
        for event in events:
            r = event.record
            date = r.get("date") or {}
            founder = founders.get(event.id)
            window = windows.get(founder.id) if founder else None
            entry = TimelineEntry(
                event_id=event.id,
                date_start=date.get("start"),
                date_end=date.get("end"),
                precision=date.get("precision") or "unknown",
                date_text=date.get("text"),
                date_source=date.get("source"),
                type=r.get("type") or "",
                mode=r.get("mode"),
                factuality=r.get("factuality"),
                actors=[actor_label(a) for a in r.get("actors") or []],
                recipients=[actor_label(a) for a in r.get("recipients") or []],
                place=(r.get("location") or {}).get("name") or (r.get("location") or {}).get("text"),
                attribution=(r.get("attribution") or {}).get("text"),
                trigger=(r.get("trigger") or {}).get("text"),
                excerpt=excerpt(*window) if window else None,
                document_id=founder.document_id if founder else None,
                num_sources=event.num_sources,
            )
            period = _period(str(entry.date_start), entry.precision)
            if not months or months[-1].period != period:
                months.append(TimelineMonth(period))
            months[-1].entries.append(entry)
        return months
