"""Stage 9, store: an embedded DuckDB file of documents, event mentions, events and actors.

``StoreWriter`` appends batches (one transaction each); ``open_store`` reads and queries
(``Store.query``, ``count``, ``arrow_query``, ``documents``, ``actors``, ``timeline``, ``network``). Both hold
the file only for one batch or one query, so an ingest and its readers take turns.
The tables are documented in ``README.md`` beside this file.
"""

from __future__ import annotations

from tidings.store.db import StoreError, connect
from tidings.store.query import EventFilters
from tidings.store.reader import Store, open_store
from tidings.store.records import (
    ActorCount,
    MentionRef,
    NetworkEdge,
    StoredDocument,
    StoredEvent,
    StoreStats,
    TimelineEntry,
    TimelineMonth,
    event_from_dict,
)
from tidings.store.writer import BatchResult, StoreWriter

__all__ = [
    "ActorCount",
    "BatchResult",
    "EventFilters",
    "MentionRef",
    "NetworkEdge",
    "Store",
    "StoreError",
    "StoreStats",
    "StoreWriter",
    "StoredDocument",
    "StoredEvent",
    "TimelineEntry",
    "TimelineMonth",
    "connect",
    "event_from_dict",
    "open_store",
]
