"""The store's tables (DuckDB DDL) and the Arrow schemas batches are inserted with.

See ``README.md`` in this folder for what each column means.
"""

from __future__ import annotations

import pyarrow as pa

SCHEMA_VERSION = "1"

DDL = """
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS documents (
    id VARCHAR PRIMARY KEY, given_id VARCHAR, source VARCHAR, url VARCHAR, title VARCHAR,
    outlet VARCHAR, published DATE, published_source VARCHAR, language VARCHAR,
    n_chars INTEGER, n_mentions INTEGER, text VARCHAR, batch INTEGER, ingested_at TIMESTAMP
);
CREATE TABLE IF NOT EXISTS mentions (
    id VARCHAR PRIMARY KEY, document_id VARCHAR, event_id VARCHAR, position INTEGER,
    type VARCHAR, mode VARCHAR, cameo VARCHAR, quad_class INTEGER, intensity DOUBLE,
    factuality VARCHAR, date_start DATE, date_end DATE, date_precision VARCHAR, date_source VARCHAR,
    place_name VARCHAR, geonameid BIGINT, lat DOUBLE, lon DOUBLE, place_country VARCHAR,
    place_precision VARCHAR, trigger VARCHAR, trigger_start INTEGER, trigger_end INTEGER,
    sentence INTEGER, confidence DOUBLE, merge_reason VARCHAR, record VARCHAR
);
CREATE TABLE IF NOT EXISTS actors (
    mention_id VARCHAR, role VARCHAR, position INTEGER, text VARCHAR, start INTEGER, "end" INTEGER,
    name VARCHAR, kb_id VARCHAR, country VARCHAR, sectors VARCHAR[], affiliation VARCHAR
);
CREATE TABLE IF NOT EXISTS events (
    id VARCHAR PRIMARY KEY, type VARCHAR, factuality VARCHAR, date_start DATE, date_end DATE,
    date_precision VARCHAR, place_name VARCHAR, geonameid BIGINT, lat DOUBLE, lon DOUBLE,
    place_country VARCHAR, place_precision VARCHAR, actor_keys VARCHAR[], recipient_keys VARCHAR[],
    document_ids VARCHAR[], num_mentions INTEGER, num_sources INTEGER, num_articles INTEGER,
    first_published DATE, record VARCHAR
);
CREATE TABLE IF NOT EXISTS skipped (source VARCHAR PRIMARY KEY, reason VARCHAR, batch INTEGER);
"""

DOCUMENTS = pa.schema(
    [
        ("id", pa.string()),
        ("given_id", pa.string()),
        ("source", pa.string()),
        ("url", pa.string()),
        ("title", pa.string()),
        ("outlet", pa.string()),
        ("published", pa.date32()),
        ("published_source", pa.string()),
        ("language", pa.string()),
        ("n_chars", pa.int32()),
        ("n_mentions", pa.int32()),
        ("text", pa.string()),
        ("batch", pa.int32()),
        ("ingested_at", pa.timestamp("us")),
    ]
)

_PLACE = [
    ("place_name", pa.string()),
    ("geonameid", pa.int64()),
    ("lat", pa.float64()),
    ("lon", pa.float64()),
    ("place_country", pa.string()),
    ("place_precision", pa.string()),
]

MENTIONS = pa.schema(
    [
        ("id", pa.string()),
        ("document_id", pa.string()),
        ("event_id", pa.string()),
        ("position", pa.int32()),
        ("type", pa.string()),
        ("mode", pa.string()),
        ("cameo", pa.string()),
        ("quad_class", pa.int32()),
        ("intensity", pa.float64()),
        ("factuality", pa.string()),
        ("date_start", pa.date32()),
        ("date_end", pa.date32()),
        ("date_precision", pa.string()),
        ("date_source", pa.string()),
        *_PLACE,
        ("trigger", pa.string()),
        ("trigger_start", pa.int32()),
        ("trigger_end", pa.int32()),
        ("sentence", pa.int32()),
        ("confidence", pa.float64()),
        ("merge_reason", pa.string()),
        ("record", pa.string()),
    ]
)

# the fields of an actor record (tidings.records.Actor), shared with the exports
ACTOR_FIELDS = [
    ("text", pa.string()),
    ("start", pa.int32()),
    ("end", pa.int32()),
    ("name", pa.string()),
    ("kb_id", pa.string()),
    ("country", pa.string()),
    ("sectors", pa.list_(pa.string())),
    ("affiliation", pa.string()),
]

ACTORS = pa.schema(
    [
        ("mention_id", pa.string()),
        ("role", pa.string()),
        ("position", pa.int32()),
        *ACTOR_FIELDS,
    ]
)

EVENTS = pa.schema(
    [
        ("id", pa.string()),
        ("type", pa.string()),
        ("factuality", pa.string()),
        ("date_start", pa.date32()),
        ("date_end", pa.date32()),
        ("date_precision", pa.string()),
        *_PLACE,
        ("actor_keys", pa.list_(pa.string())),
        ("recipient_keys", pa.list_(pa.string())),
        ("document_ids", pa.list_(pa.string())),
        ("num_mentions", pa.int32()),
        ("num_sources", pa.int32()),
        ("num_articles", pa.int32()),
        ("first_published", pa.date32()),
        ("record", pa.string()),
    ]
)

SKIPPED = pa.schema([("source", pa.string()), ("reason", pa.string()), ("batch", pa.int32())])
