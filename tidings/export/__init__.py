"""Exports of a store's events, looked up by name in ``EXPORTERS``.

Each exporter takes the events (``StoredEvent``, streamed) and an output path and returns
the files it wrote. Built in: ``jsonl`` (the event contract plus ``mentions[]`` and
``num_sources``), ``csv`` (one flat row per event), ``parquet`` (the contract as nested
columns), ``plover`` (PLOVER/POLECAT-style JSON Lines) and ``gdelt`` (GDELT 2.0 Events,
61 columns, plus a Mentions file). A plugin adds one with ``register_exporter``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tidings.errors import TidingsError
from tidings.records import Record
from tidings.store.reader import Store, StoredEvent

Exporter = Callable[[Iterable[StoredEvent], Path], list[Path]]
EXPORTERS: dict[str, Exporter] = {}


def register_exporter(name: str) -> Callable[[Exporter], Exporter]:
    def add(function: Exporter) -> Exporter:
        EXPORTERS[name] = function
        return function

    return add


@dataclass(slots=True)
class ExportResult(Record):
    format: str
    events: int
    files: list[str] = field(default_factory=list)


class _Counted:
    def __init__(self, events: Iterable[StoredEvent]) -> None:
        self.events, self.count = events, 0

    def __iter__(self):  # type: ignore[no-untyped-def]
        for event in self.events:
            self.count += 1
            yield event


def export(store: Store, format: str, out: str | Path) -> ExportResult:
    """Write every event of ``store`` to ``out`` in the named format."""
    _load_builtins()
    if format not in EXPORTERS:
        raise TidingsError(f"unknown export format {format!r}; choose from {', '.join(sorted(EXPORTERS))}")
    counted = _Counted(store.events())
    files = EXPORTERS[format](counted, Path(out))
    return ExportResult(format, counted.count, [str(f) for f in files])


def _load_builtins() -> None:
    from tidings.export import gdelt, plover, tabular  # noqa: F401 - they register themselves


__all__ = ["EXPORTERS", "ExportResult", "Exporter", "export", "register_exporter"]
