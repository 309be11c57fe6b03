"""Read-only queries behind the web API: filtered events, actors, timeline, places, network.

Every function takes an open read-only DuckDB connection (``Store.connection()``) and the
store's ``EventFilters``: the filters mean exactly what they mean for ``tidings query`` and
``Store.query`` (``tidings.store.query.where``; see ``tidings/store/README.md``), and actors
are keyed as there (``ACTOR_KEY``). All user values travel as bound parameters, never inside
the SQL text. An event's type, date and place come from the ``events`` table; its quad
class, mode, intensity and trigger from the mention that founded it (``merge_reason IS NULL``).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import duckdb

from tidings.store.query import ACTOR_KEY, EventFilters, where
from tidings.store.records import actor_key

# the events table joined with its founding mention: the rows every query filters
BASE = """
SELECT e.id, e.type, e.factuality, e.date_start, e.date_end, e.date_precision, e.place_name, e.lat, e.lon,
       e.place_country, e.num_mentions, e.num_sources, e.num_articles, e.first_published,
       f.mode, f.cameo, f.quad_class, f.intensity, f.trigger, f.document_id, f.id AS mention_id, e.record
FROM events e JOIN mentions f ON f.event_id = e.id AND f.merge_reason IS NULL
"""

SORTS = {
    "date": "date_start",
    "type": "type",
    "quad_class": "quad_class",
    "intensity": "intensity",
    "num_sources": "num_sources",
    "num_mentions": "num_mentions",
    "place": "place_name",
    "id": "id",
}


def _filtered(flt: EventFilters) -> tuple[str, list[Any]]:
    condition, params = where(flt)
    return f"SELECT * FROM ({BASE} WHERE {condition})", params


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _people(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for item in items or []:
        key = actor_key(item)
        seen.setdefault(key, {"key": key, "name": item.get("name") or item.get("text"), "country": item.get("country")})
    return list(seen.values())


def _summary(row: tuple[Any, ...]) -> dict[str, Any]:
    record = json.loads(row[21]) if row[21] else {}
    return {
        "id": row[0],
        "type": row[1],
        "mode": row[14],
        "cameo": row[15],
        "quad_class": row[16],
        "intensity": row[17],
        "factuality": row[2],
        "date": {"start": _iso(row[3]), "end": _iso(row[4]), "precision": row[5]},
        "place": {"name": row[6], "lat": row[7], "lon": row[8], "country": row[9]} if row[6] else None,
        "actors": _people(record.get("actors", [])),
        "recipients": _people(record.get("recipients", [])),
        "trigger": row[18],
        "document_id": row[19],
        "mention_id": row[20],
        "num_mentions": row[10],
        "num_sources": row[11],
        "num_articles": row[12],
    }


def events(
    con: duckdb.DuckDBPyConnection, flt: EventFilters, sort: str = "date", limit: int = 100, offset: int = 0
) -> dict[str, Any]:
    """One page of events matching ``flt``, with the total."""
    sql, params = _filtered(flt)
    column = SORTS[sort.lstrip("-")]
    direction = "DESC" if sort.startswith("-") else "ASC"
    total = con.execute(f"SELECT count(*) FROM ({sql})", params).fetchall()[0][0]
    rows = con.execute(
        f"SELECT * FROM ({sql}) ORDER BY {column} {direction} NULLS LAST, id LIMIT ? OFFSET ?",
        [*params, limit, offset],
    ).fetchall()
    return {"total": total, "limit": limit, "offset": offset, "sort": sort, "items": [_summary(r) for r in rows]}


def actors(con: duckdb.DuckDBPyConnection, flt: EventFilters, search: str | None, limit: int) -> dict[str, Any]:
    """Actors and recipients of the matching events, most frequent first."""
    sql, params = _filtered(flt)
    name_cond = ""
    if search:
        name_cond = "AND (contains(lower(a.name), ?) OR a.kb_id = ?)"
        params = [*params, search.lower(), search]
    rows = con.execute(
        f"""SELECT {ACTOR_KEY} AS key, any_value(a.name), any_value(a.kb_id), any_value(a.country),
                   any_value(a.affiliation), list_distinct(flatten(list(a.sectors))),
                   count(DISTINCT ev.id), count(DISTINCT ev.id) FILTER (a.role = 'actor'),
                   count(DISTINCT ev.id) FILTER (a.role = 'recipient')
            FROM ({sql}) ev JOIN mentions m ON m.event_id = ev.id JOIN actors a ON a.mention_id = m.id
            WHERE a.name IS NOT NULL {name_cond}
            GROUP BY key ORDER BY 7 DESC, 2 LIMIT ?""",
        [*params, limit],
    ).fetchall()
    items = [
        {
            "key": r[0],
            "name": r[1],
            "kb_id": r[2],
            "country": r[3],
            "affiliation": r[4],
            "sectors": sorted(s for s in (r[5] or []) if s),
            "events": r[6],
            "as_actor": r[7],
            "as_recipient": r[8],
        }
        for r in rows
    ]
    return {"items": items}


def timeline(con: duckdb.DuckDBPyConnection, flt: EventFilters, max_items: int) -> dict[str, Any]:
    """Dated events as items when there are few, else counts per month or year by quad class."""
    sql, params = _filtered(flt)
    total, undated, first, last = con.execute(
        f"SELECT count(*), count(*) FILTER (date_start IS NULL), min(date_start), max(coalesce(date_end, date_start))"
        f" FROM ({sql})",
        params,
    ).fetchall()[0]
    dated = total - undated
    result: dict[str, Any] = {
        "total": total,
        "undated": undated,
        "first": _iso(first),
        "last": _iso(last),
        "items": None,
        "buckets": None,
        "bucket": None,
    }
    if dated <= max_items:
        rows = con.execute(
            f"""SELECT id, type, quad_class, date_start, date_end, date_precision, factuality, trigger
                FROM ({sql}) WHERE date_start IS NOT NULL ORDER BY date_start, id""",
            params,
        ).fetchall()
        result["items"] = [
            {
                "id": r[0],
                "type": r[1],
                "quad_class": r[2],
                "start": _iso(r[3]),
                "end": _iso(r[4]),
                "precision": r[5],
                "factuality": r[6],
                "trigger": r[7],
            }
            for r in rows
        ]
        return result
    span = (last - first).days if first and last else 0
    unit = "year" if span > 15 * 365 else "month" if span > 90 else "day"  # at most about 200 bars
    rows = con.execute(
        f"""SELECT date_trunc('{unit}', date_start) AS b, quad_class, count(*)
            FROM ({sql}) WHERE date_start IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2""",
        params,
    ).fetchall()
    buckets: dict[dt.date, dict[str, Any]] = {}
    for start, quad, n in rows:
        entry = buckets.setdefault(
            start, {"start": _iso(start), "end": _iso(_next(start, unit)), "count": 0, "quad": {}}
        )
        entry["count"] += n
        entry["quad"][str(quad or 0)] = n
    result["bucket"] = unit
    result["buckets"] = list(buckets.values())
    return result


def _next(start: dt.date, unit: str) -> dt.date:
    if unit == "year":
        return start.replace(year=start.year + 1)
    if unit == "month":
        return (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return start + dt.timedelta(days=1)


def places(con: duckdb.DuckDBPyConnection, flt: EventFilters, limit: int) -> dict[str, Any]:
    """Event places with counts by quad class."""
    sql, params = _filtered(flt)
    rows = con.execute(
        f"""SELECT place_name, lat, lon, any_value(place_country), count(*),
                   histogram(coalesce(quad_class, 0)), list(id ORDER BY id)[1:20]
            FROM ({sql}) WHERE lat IS NOT NULL AND lon IS NOT NULL
            GROUP BY place_name, lat, lon ORDER BY 5 DESC LIMIT ?""",
        [*params, limit],
    ).fetchall()
    return {
        "items": [
            {
                "name": r[0],
                "lat": r[1],
                "lon": r[2],
                "country": r[3],
                "count": r[4],
                "quad": {str(k): v for k, v in (r[5] or {}).items()},
                "event_ids": r[6],
            }
            for r in rows
        ]
    }


def network(con: duckdb.DuckDBPyConnection, flt: EventFilters, max_nodes: int, max_edges: int) -> dict[str, Any]:
    """Actors as nodes, actor→recipient pairs as edges weighted by events, with mean quad class and intensity."""
    sql, params = _filtered(flt)
    r_key = ACTOR_KEY.replace("a.", "r.")
    nodes = con.execute(
        f"""SELECT {ACTOR_KEY} AS key, any_value(a.name), any_value(a.country), count(DISTINCT ev.id)
            FROM ({sql}) ev JOIN mentions m ON m.event_id = ev.id JOIN actors a ON a.mention_id = m.id
            WHERE a.name IS NOT NULL GROUP BY key ORDER BY 4 DESC, 2 LIMIT ?""",
        [*params, max_nodes],
    ).fetchall()
    keep = [n[0] for n in nodes]
    edges = con.execute(
        f"""SELECT {ACTOR_KEY} AS s, {r_key} AS t, count(DISTINCT ev.id), avg(ev.quad_class), avg(ev.intensity),
                   list(DISTINCT ev.type)
            FROM ({sql}) ev JOIN mentions m ON m.event_id = ev.id
                 JOIN actors a ON a.mention_id = m.id AND a.role = 'actor'
                 JOIN actors r ON r.mention_id = m.id AND r.role = 'recipient'
            WHERE a.name IS NOT NULL AND r.name IS NOT NULL AND s <> t
                  AND s IN (SELECT UNNEST(?)) AND t IN (SELECT UNNEST(?))
            GROUP BY s, t ORDER BY 3 DESC, 1, 2 LIMIT ?""",
        [*params, keep, keep, max_edges],
    ).fetchall()
    return {
        "nodes": [{"id": n[0], "label": n[1], "country": n[2], "events": n[3]} for n in nodes],
        "edges": [
            {
                "source": e[0],
                "target": e[1],
                "events": e[2],
                "mean_quad_class": round(e[3], 2) if e[3] is not None else None,
                "mean_intensity": round(e[4], 2) if e[4] is not None else None,
                "types": sorted(t for t in e[5] if t),
            }
            for e in edges
        ],
    }


def quad_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    rows = con.execute(f"SELECT coalesce(quad_class, 0), count(*) FROM ({BASE}) GROUP BY 1 ORDER BY 1").fetchall()
    return {str(q): n for q, n in rows}
