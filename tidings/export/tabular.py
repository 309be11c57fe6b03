"""JSON Lines, CSV and Parquet exports of the event contract."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from tidings.export import register_exporter
from tidings.store.reader import StoredEvent
from tidings.store.schema import ACTOR_FIELDS

CHUNK = 1000


@register_exporter("jsonl")
def to_jsonl(events: Iterable[StoredEvent], out: Path) -> list[Path]:
    with out.open("w", encoding="utf-8") as handle:
        for event in events:
            handle.write(json.dumps(event.to_dict(), ensure_ascii=False) + "\n")
    return [out]


CSV_COLUMNS = [
    "id", "type", "mode", "cameo", "quad_class", "intensity", "factuality",
    "date_start", "date_end", "date_precision", "date_text",
    "actor_names", "actor_countries", "actor_sectors", "recipient_names", "recipient_countries", "recipient_sectors",
    "place", "lat", "lon", "place_country", "geonameid",
    "killed_min", "killed_max", "injured_min", "injured_max", "arrested_min", "arrested_max",
    "attribution", "trigger", "confidence", "num_sources", "num_articles", "num_mentions",
    "document_ids", "urls", "first_published",
]  # fmt: skip


def _join(values: Iterable[Any]) -> str:
    return "; ".join(str(v) for v in values if v not in (None, ""))


def flat_row(event: StoredEvent) -> dict[str, Any]:
    """One event as a flat row (lists joined with '; ')."""
    r = event.record
    date, location = r.get("date") or {}, r.get("location") or {}
    casualties = r.get("casualties") or {}
    row: dict[str, Any] = {
        "id": event.id,
        "type": r.get("type"),
        "mode": r.get("mode"),
        "cameo": r.get("cameo"),
        "quad_class": r.get("quad_class"),
        "intensity": r.get("intensity"),
        "factuality": r.get("factuality"),
        "date_start": date.get("start"),
        "date_end": date.get("end"),
        "date_precision": date.get("precision"),
        "date_text": date.get("text"),
        "place": location.get("name") or location.get("text"),
        "lat": location.get("lat"),
        "lon": location.get("lon"),
        "place_country": location.get("country"),
        "geonameid": location.get("geonameid"),
        "attribution": (r.get("attribution") or {}).get("text"),
        "trigger": (r.get("trigger") or {}).get("text"),
        "confidence": r.get("confidence"),
        "num_sources": event.num_sources,
        "num_articles": event.num_articles,
        "num_mentions": len(event.mentions),
        "document_ids": _join(dict.fromkeys(m.document_id for m in event.mentions)),
        "urls": _join(dict.fromkeys(m.url for m in event.mentions)),
        "first_published": min((m.published for m in event.mentions if m.published), default=None),
    }
    for role, key in (("actor", "actors"), ("recipient", "recipients")):
        actors = r.get(key) or []
        row[f"{role}_names"] = _join(a.get("name") or a.get("text") for a in actors)
        row[f"{role}_countries"] = _join(a.get("country") for a in actors)
        row[f"{role}_sectors"] = _join("/".join(a.get("sectors") or []) for a in actors)
    for kind in ("killed", "injured", "arrested"):
        count = casualties.get(kind) or {}
        row[f"{kind}_min"], row[f"{kind}_max"] = count.get("min"), count.get("max")
    return row


@register_exporter("csv")
def to_csv(events: Iterable[StoredEvent], out: Path) -> list[Path]:
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        for event in events:
            writer.writerow(flat_row(event))
    return [out]


_SPAN = pa.struct([("text", pa.string()), ("start", pa.int32()), ("end", pa.int32())])
_ACTOR = pa.struct(ACTOR_FIELDS)
_COUNT = pa.struct([("min", pa.int64()), ("max", pa.int64())])
_MENTION = pa.struct(
    [
        ("id", pa.string()),
        ("document_id", pa.string()),
        ("sentence", pa.int32()),
        ("start", pa.int32()),
        ("end", pa.int32()),
        ("trigger", pa.string()),
        ("outlet", pa.string()),
        ("published", pa.string()),
        ("url", pa.string()),
        ("title", pa.string()),
    ]
)

EVENT_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("type", pa.string()),
        ("mode", pa.string()),
        ("contexts", pa.list_(pa.string())),
        ("cameo", pa.string()),
        ("quad_class", pa.int8()),
        ("intensity", pa.float64()),
        ("actors", pa.list_(_ACTOR)),
        ("recipients", pa.list_(_ACTOR)),
        (
            "date",
            pa.struct(
                [
                    ("start", pa.string()),
                    ("end", pa.string()),
                    ("precision", pa.string()),
                    ("text", pa.string()),
                    ("start_char", pa.int32()),
                    ("end_char", pa.int32()),
                    ("source", pa.string()),
                ]
            ),
        ),
        (
            "location",
            pa.struct(
                [
                    ("text", pa.string()),
                    ("start", pa.int32()),
                    ("end", pa.int32()),
                    ("name", pa.string()),
                    ("geonameid", pa.int64()),
                    ("lat", pa.float64()),
                    ("lon", pa.float64()),
                    ("country", pa.string()),
                    ("admin1", pa.string()),
                    ("precision", pa.string()),
                ]
            ),
        ),
        ("factuality", pa.string()),
        ("attribution", _SPAN),
        ("casualties", pa.struct([("killed", _COUNT), ("injured", _COUNT), ("arrested", _COUNT)])),
        ("trigger", _SPAN),
        ("sentence", pa.int32()),
        ("confidence", pa.float64()),
        ("evidence", pa.list_(_SPAN)),
        ("mentions", pa.list_(_MENTION)),
        ("num_sources", pa.int32()),
        ("num_articles", pa.int32()),
    ]
)


def _chunks(events: Iterable[StoredEvent], size: int) -> Iterator[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    for event in events:
        chunk.append(event.to_dict())
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@register_exporter("parquet")
def to_parquet(events: Iterable[StoredEvent], out: Path) -> list[Path]:
    """The event contract as nested Parquet columns (``EVENT_SCHEMA``), written in row groups."""
    with pq.ParquetWriter(out, EVENT_SCHEMA, compression="zstd") as writer:
        for chunk in _chunks(events, CHUNK):
            writer.write_table(pa.Table.from_pylist(chunk, schema=EVENT_SCHEMA))
    return [out]
