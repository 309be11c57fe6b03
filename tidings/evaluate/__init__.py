"""Score each stage on third-party gold data (``tidings evaluate``).

Each task is a module in this package exposing ``run(data_dir, limit=None) -> TaskResult``.
Tasks are looked up by name in ``TASKS``; the gold data is read from ``data_dir``
(normally ``../shared/data``) and never copied into the project.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from pathlib import Path

from tidings.errors import DataError
from tidings.evaluate._metrics import PRF, Table, TaskResult

__all__ = ["PRF", "TASKS", "Table", "TaskResult", "evaluate"]

# task name -> module implementing it
TASKS: dict[str, str] = {
    "plover": "tidings.evaluate.plover",
    "conflibert": "tidings.evaluate.conflibert",
    "muc4": "tidings.evaluate.muc4",
    "tempeval3": "tidings.evaluate.tempeval3",
    "geo": "tidings.evaluate.geo",
    "wikievents": "tidings.evaluate.wikievents",
    "petrarch": "tidings.evaluate.petrarch",
}


def evaluate(
    data_dir: Path, tasks: Iterable[str] | None = None, limit: int | None = None
) -> list[TaskResult]:
    """Run the named tasks (all when None) and return their results."""
    names = list(tasks) if tasks else list(TASKS)
    unknown = [n for n in names if n not in TASKS]
    if unknown:
        raise DataError(f"unknown task(s) {', '.join(unknown)}; choose from {', '.join(TASKS)}")
    if not data_dir.is_dir():
        raise DataError(f"{data_dir}: no such directory; pass --data ../shared/data")
    results = []
    for name in names:
        module = importlib.import_module(TASKS[name])
        results.append(module.run(data_dir, limit=limit))
    return results
