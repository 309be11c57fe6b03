"""tidings: news articles to sourced, dated event data (PLOVER / CAMEO), offline.

    >>> import tidings
    >>> result = tidings.extract("Iraq called on the U.S. to withdraw its forces.", published="2024-01-28")
    >>> [(e.type, e.factuality.value) for e in result.events]

The heavy parts (spaCy, the knowledge base, the gazetteer) load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tidings.errors import InputError, TidingsError
from tidings.records import Actor, Document, Event, Extraction, Place, Timex

if TYPE_CHECKING:
    from tidings.pipeline import Pipeline, extract
    from tidings.store import open_store

__version__ = "0.1.0"

__all__ = [
    "Actor",
    "Document",
    "Event",
    "Extraction",
    "InputError",
    "Pipeline",
    "Place",
    "TidingsError",
    "Timex",
    "extract",
    "open_store",
]


def __getattr__(name: str) -> Any:
    # Pipeline and extract import spaCy; load them only when asked for.
    if name in {"Pipeline", "extract"}:
        from tidings import pipeline

        return getattr(pipeline, name)
    if name == "open_store":
        from tidings.store import open_store

        return open_store
    raise AttributeError(f"module 'tidings' has no attribute {name!r}")
