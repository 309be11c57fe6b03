"""Per-stage scores of the pipeline on the project's own quality corpus.

``corpus.yaml`` lists hand-written paragraphs with the events, dates, places and time
expressions a careful coder would record; this module compares an ``Extraction`` per
paragraph with them. Expected events are matched to predicted events of the same
type, one to one, preferring the predicted event that agrees on most fields; the
field scores (actor, recipient, date, place, factuality, killed) are then computed on
the matched pairs, so each stage is measured apart from event detection.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

CORPUS = Path(__file__).with_name("corpus.yaml")
BASELINE = Path(__file__).with_name("baseline.yaml")
IGO_CODES = frozenset({"IGO", "UNO", "EUR", "NATO", "AU", "ECOWAS"})


@dataclass(slots=True)
class Paragraph:
    id: str
    published: dt.date
    text: str
    events: list[dict[str, Any]]
    timexes: list[dict[str, Any]]


def load_corpus(path: Path = CORPUS) -> list[Paragraph]:
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        Paragraph(
            id=item["id"],
            published=item["published"],
            text=" ".join(item["text"].split()),
            events=item.get("events") or [],
            timexes=item.get("timexes") or [],
        )
        for item in items
    ]


def load_baseline(path: Path = BASELINE) -> dict[str, float]:
    return {k: float(v) for k, v in yaml.safe_load(path.read_text(encoding="utf-8")).items()}


@dataclass(slots=True)
class Scores:
    """Hit/total counts per stage; ``type`` keeps tp/fp/fn for F1."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    counts: dict[str, list[int]] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)

    def add(self, name: str, ok: bool, where: str) -> None:
        c = self.counts.setdefault(name, [0, 0])
        c[0] += ok
        c[1] += 1
        if not ok:
            self.misses.append(f"{name}: {where}")

    def as_dict(self) -> dict[str, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        out = {"event_type_f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}
        for name, (hits, total) in sorted(self.counts.items()):
            out[name] = round(hits / total, 4) if total else 0.0
        return out


def _country(code: str | None) -> str | None:
    return "IGO" if code in IGO_CODES else code


def _field_checks(want: dict[str, Any], event: Any) -> dict[str, bool]:
    """Which of the expected event's fields the predicted event gets right."""
    checks: dict[str, bool] = {}
    if "actor" in want:
        checks["actor_country"] = want["actor"] in {_country(a.country) for a in event.actors}
    if "recipient" in want:
        checks["recipient_country"] = want["recipient"] in {
            _country(a.country) for a in event.recipients
        }
    if "date" in want:
        d = want["date"]
        checks["date"] = (
            event.date.start == d["start"] and str(event.date.precision) == d["precision"]
        )
    if "place" in want:
        loc = event.location
        names = {(loc.name or "").lower(), loc.text.lower()} if loc else set()
        place = want["place"].lower()
        checks["place"] = any(n and (place in n or n in place) for n in names)
    if "factuality" in want:
        checks["factuality"] = str(event.factuality) == want["factuality"]
    if "killed" in want:
        k = event.casualties.killed
        checks["killed"] = k is not None and k.min <= want["killed"] <= (k.max or want["killed"])
    return checks


def score_paragraph(par: Paragraph, extraction: Any, scores: Scores) -> None:
    """Add one paragraph's matches to ``scores``."""
    predicted = list(extraction.events)
    want_types = Counter(e["type"] for e in par.events)
    got_types = Counter(e.type for e in predicted)
    scores.tp += sum((want_types & got_types).values())
    scores.fp += sum((got_types - want_types).values())
    scores.fn += sum((want_types - got_types).values())
    for kind, n in (want_types - got_types).items():
        scores.misses.append(f"event_type: {par.id}: missed {n} x {kind}")
    for kind, n in (got_types - want_types).items():
        scores.misses.append(f"event_type: {par.id}: spurious {n} x {kind}")
    unused = list(predicted)
    for want in par.events:
        candidates = [e for e in unused if e.type == want["type"]]
        if not candidates:
            continue
        best = max(candidates, key=lambda e: sum(_field_checks(want, e).values()))
        unused.remove(best)
        for name, ok in _field_checks(want, best).items():
            scores.add(name, ok, f"{par.id}: {want['type']} expected {want} got "
                       f"{_describe(best, name)}")  # fmt: skip
    for t in par.timexes:
        text, value = str(t["text"]).lower(), str(t["value"])
        found = [x for x in extraction.timexes if text in x.text.lower() or x.text.lower() in text]
        got = [x.value for x in found]
        scores.add(
            "timex_value", value in got, f"{par.id}: {t['text']!r} expected {value} got {got}"
        )


def _describe(event: Any, name: str) -> str:
    if name == "actor_country":
        return str([(a.text, a.country) for a in event.actors])
    if name == "recipient_country":
        return str([(a.text, a.country) for a in event.recipients])
    if name == "date":
        return f"{event.date.start} {event.date.precision}"
    if name == "place":
        return str(event.location.name if event.location else None)
    if name == "factuality":
        return str(event.factuality)
    return str(event.casualties.killed)


def score_corpus(paragraphs: list[Paragraph], extractions: list[Any]) -> Scores:
    scores = Scores()
    for par, ex in zip(paragraphs, extractions, strict=True):
        score_paragraph(par, ex, scores)
    return scores
