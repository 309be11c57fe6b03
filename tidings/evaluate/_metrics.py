"""Shared scoring helpers and the result record every evaluation task returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class PRF:
    """Counts of true positives, false positives and false negatives."""

    tp: float = 0
    fp: float = 0
    fn: float = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: PRF) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def as_dict(self) -> dict[str, float]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass(slots=True)
class Counts:
    """Hits out of totals for named scores (``counts.add("root", hit)``)."""

    values: dict[str, list[int]] = field(default_factory=dict)

    def add(self, name: str, hit: bool) -> None:
        tally = self.values.setdefault(name, [0, 0])
        tally[0] += hit
        tally[1] += 1

    def rate(self, name: str) -> float:
        hits, total = self.values.get(name, [0, 0])
        return round(hits / total, 4) if total else 0.0


@dataclass(slots=True)
class Table:
    """A titled table for the terminal (Rich) and for JSON."""

    title: str
    columns: list[str]
    rows: list[list[Any]]


@dataclass(slots=True)
class TaskResult:
    """What one evaluation task measured.

    ``metrics`` holds the headline figures as a flat name -> number mapping (these are
    what the README quotes); ``tables`` holds the detail for people.
    """

    task: str
    description: str
    metrics: dict[str, float]
    tables: list[Table] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "task": self.task,
            "description": self.description,
            "metrics": self.metrics,
            "tables": [{"title": t.title, "columns": t.columns, "rows": t.rows} for t in self.tables],
            "notes": self.notes,
            "seconds": round(self.seconds, 2),
        }
