"""Typed records the store's readers return, and stored JSON back to pipeline records.

``StoredEvent.record`` is the event contract as stored (JSON); ``StoredEvent.event`` is the
same event as a typed ``tidings.records.Event`` (``event_from_dict``), so
record → store → record comes back equal.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from typing import Any

from tidings.records import (
    Actor,
    Casualties,
    Count,
    DateSource,
    Event,
    EventDate,
    Factuality,
    Location,
    Precision,
    Record,
    Span,
)


@dataclass(slots=True)
class StoreStats(Record):
    """What a store holds."""

    path: str
    documents: int
    events: int
    mentions: int
    actors: int
    skipped: int
    multi_source_events: int  # events reported by more than one source
    merged_mentions: int  # mentions that joined an event founded by another mention
    first_date: str | None  # earliest and latest event date
    last_date: str | None
    event_types: dict[str, int] = field(default_factory=dict)
    skipped_reasons: dict[str, int] = field(default_factory=dict)  # reason (its kind) -> inputs


@dataclass(slots=True)
class MentionRef(Record):
    """One report of an event: where in which document it is said."""

    id: str
    document_id: str
    sentence: int | None
    start: int | None
    end: int | None
    trigger: str | None
    outlet: str | None
    published: str | None
    url: str | None
    title: str | None = None
    merge_reason: dict[str, Any] | None = field(default=None, repr=False)


@dataclass(slots=True)
class StoredEvent(Record):
    """A merged event: the event record, its mentions and how many sources reported it."""

    id: str
    record: dict[str, Any] = field(repr=False)
    mentions: list[MentionRef] = field(default_factory=list)
    num_sources: int = 0
    num_articles: int = 0

    @property
    def event(self) -> Event:
        """The merged event as a typed record (``id`` is the store's event id)."""
        return event_from_dict({**self.record, "id": self.id})

    @property
    def type(self) -> str:
        return str(self.record.get("type"))

    def to_dict(self) -> dict[str, Any]:
        """The event contract of the design brief plus ``mentions[]`` and ``num_sources``."""
        return {
            **self.record,
            "id": self.id,
            "mentions": [m.to_dict() for m in self.mentions],
            "num_sources": self.num_sources,
            "num_articles": self.num_articles,
        }


@dataclass(slots=True)
class StoredDocument(Record):
    """A stored article; ``text`` is the clean text every offset points into."""

    id: str
    given_id: str | None
    source: str | None
    url: str | None
    title: str | None
    outlet: str | None
    published: str | None
    published_source: str | None
    language: str | None
    n_chars: int
    n_mentions: int
    event_ids: list[str] = field(default_factory=list)  # events it reports, in text order
    text: str | None = None  # None when asked for without text


@dataclass(slots=True)
class ActorCount(Record):
    """An actor (grouped by ``key``) and how many events it takes part in."""

    key: str  # kb_id, else "COUNTRY SECTOR/SECTOR", else the lower-cased name
    name: str | None  # its most frequent name in the text
    kb_id: str | None
    country: str | None
    sectors: list[str]
    events: int  # distinct events, either role
    as_actor: int
    as_recipient: int


@dataclass(slots=True)
class NetworkEdge(Record):
    """Events in which ``source`` acted on ``target`` (actor → recipient keys, as in ``ActorCount``)."""

    source: str
    target: str
    source_name: str | None
    target_name: str | None
    events: int
    mean_quad_class: float | None
    mean_intensity: float | None
    types: dict[str, int] = field(default_factory=dict)  # PLOVER type -> events


@dataclass(slots=True)
class TimelineEntry(Record):
    """One event on a timeline, with the sentence that reports it."""

    event_id: str
    date_start: str | None
    date_end: str | None
    precision: str
    date_text: str | None
    date_source: str | None  # timex | sentence | narrative | publication | none
    type: str
    mode: str | None
    factuality: str | None
    actors: list[str]  # "Name [ISO3/SECTOR]"
    recipients: list[str]
    place: str | None
    attribution: str | None
    trigger: str | None
    excerpt: str | None  # the trigger's sentence in the founding report
    document_id: str | None
    num_sources: int

    def line(self, max_excerpt: int = 300) -> str:
        """One readable line: date (precision), type, actors → recipients, place, factuality, sentence."""
        when = date_label(self.date_start, self.date_end, self.precision)
        detail = self.precision + (", publication date" if self.date_source == "publication" else "")
        who = "; ".join(self.actors) or "—"
        whom = "; ".join(self.recipients) or "—"
        parts = [f"{when} ({detail})", self.type + (f"/{self.mode}" if self.mode else ""), f"{who} → {whom}"]
        status = (self.factuality or "asserted") + (f" per {self.attribution}" if self.attribution else "")
        parts += [self.place or "—", status]
        if self.num_sources > 1:
            parts.append(f"{self.num_sources} sources")
        text = " · ".join(parts)
        if self.excerpt:
            quote = self.excerpt
            if len(quote) > max_excerpt:
                quote = quote[: max_excerpt - 1].rstrip() + "…"
            text += f" · “{quote}”"
        return text


@dataclass(slots=True)
class TimelineMonth(Record):
    """Events of one period: ``2023-10`` (day/month precision), ``2003`` (year) or ``2000s`` (decade)."""

    period: str
    entries: list[TimelineEntry] = field(default_factory=list)


def actor_key(actor: dict[str, Any]) -> str:
    """How an actor of a stored record is known across the store, as ``query.ACTOR_KEY`` computes it
    in SQL: its KB id, else its country and sectors (``IRQ GOV/MIL``), else its name in lower case."""
    if actor.get("kb_id"):
        return str(actor["kb_id"])
    if actor.get("country"):
        sectors = "/".join(actor.get("sectors") or [])
        return actor["country"] + (f" {sectors}" if sectors else "")
    return str(actor.get("name") or actor.get("text") or "").lower()


def actor_label(actor: dict[str, Any]) -> str:
    """An actor of a stored record as ``Name [ISO3/SECTOR]``."""
    code = "/".join(filter(None, [actor.get("country"), *(actor.get("sectors") or [])]))
    return (actor.get("name") or actor.get("text") or "?") + (f" [{code}]" if code else "")


def date_label(start: str | None, end: str | None, precision: str) -> str:
    """An event date as precisely as it is known: ``2024-01-28``, ``2023-10``, ``2014``, ``2000s``,
    or a span ``2023-10-01 – 2023-10-15``."""
    if not start:
        return "undated"
    if precision == "decade":
        return start[:3] + "0s"
    if precision == "year":
        return start[:4] + (f"–{end[:4]}" if end and end[:4] != start[:4] else "")
    if precision == "month":
        return start[:7] + (f" – {end[:7]}" if end and end[:7] != start[:7] else "")
    return start + (f" – {end}" if end and end != start else "")


def _day(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(str(value)[:10]) if value else None


def _span(value: dict[str, Any] | None) -> Span | None:
    return Span(value["text"], value["start"], value["end"]) if value else None


def _known(cls: type, value: dict[str, Any]) -> dict[str, Any]:
    names = {f.name for f in fields(cls)}
    return {k: v for k, v in value.items() if k in names}


def _actor(value: dict[str, Any]) -> Actor:
    return Actor(**{**_known(Actor, value), "sectors": list(value.get("sectors") or [])})


def _count(value: dict[str, Any] | None) -> Count | None:
    return Count(value["min"], value.get("max")) if value else None


def event_from_dict(record: dict[str, Any]) -> Event:
    """The typed ``Event`` of a stored event record (the inverse of ``Event.to_dict``)."""
    date = record.get("date") or {}
    location = record.get("location")
    casualties = record.get("casualties") or {}
    trigger = _span(record.get("trigger")) or Span("", 0, 0)
    return Event(
        id=record["id"],
        type=record["type"],
        mode=record.get("mode"),
        contexts=list(record.get("contexts") or []),
        cameo=record.get("cameo") or "",
        quad_class=record.get("quad_class") or 0,
        intensity=float(record.get("intensity") or 0.0),
        actors=[_actor(a) for a in record.get("actors") or []],
        recipients=[_actor(a) for a in record.get("recipients") or []],
        date=EventDate(
            start=_day(date.get("start")),
            end=_day(date.get("end")),
            precision=Precision(date.get("precision") or "unknown"),
            text=date.get("text"),
            start_char=date.get("start_char"),
            end_char=date.get("end_char"),
            source=DateSource(date.get("source") or "none"),
        ),
        location=Location(**_known(Location, location)) if location else None,
        factuality=Factuality(record.get("factuality") or "asserted"),
        attribution=_span(record.get("attribution")),
        casualties=Casualties(**{k: _count(casualties.get(k)) for k in ("killed", "injured", "arrested")}),
        trigger=trigger,
        sentence=record.get("sentence") or 0,
        confidence=float(record.get("confidence") or 0.0),
        evidence=[s for s in (_span(v) for v in record.get("evidence") or []) if s is not None],
    )
