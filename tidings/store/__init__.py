"""Stage 9, store: an embedded DuckDB file of documents, event mentions, events and actors.

``StoreWriter`` appends batches (one transaction each); ``open_store`` reads. Both hold
the file only for one batch or one query, so an ingest and its readers take turns.
The tables are documented in ``README.md`` beside this file.
"""

from __future__ import annotations

from tidings.store.db import StoreError, connect
from tidings.store.reader import MentionRef, Store, StoredEvent, StoreStats, open_store
from tidings.store.writer import BatchResult, StoreWriter

__all__ = [
    "BatchResult",
    "MentionRef",
    "Store",
    "StoreError",
    "StoreStats",
    "StoreWriter",
    "StoredEvent",
    "connect",
    "open_store",
]
