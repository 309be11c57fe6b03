"""Typed records passed between pipeline stages, and their JSON form.

The field names follow the output contract in the design brief; records may gain
fields, but existing names are never renamed. Every record has ``to_dict()``
returning plain JSON-ready values.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any


class Precision(StrEnum):
    """How precisely a date is known."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"
    DECADE = "decade"
    UNKNOWN = "unknown"


class Factuality(StrEnum):
    """Whether an event happened according to the text."""

    ASSERTED = "asserted"
    NEGATED = "negated"
    PLANNED = "planned"
    HYPOTHETICAL = "hypothetical"
    DEMANDED = "demanded"
    CLAIMED = "claimed"


class PublishedSource(StrEnum):
    """Where the publication date came from."""

    GIVEN = "given"
    TEXT = "text"
    INFERRED = "inferred"


class DateSource(StrEnum):
    """What dated an event: its own expression, or a fallback."""

    TIMEX = "timex"  # a time expression attached to the event's clause
    SENTENCE = "sentence"  # a time expression elsewhere in the sentence
    NARRATIVE = "narrative"  # the narrative time of the paragraph
    PUBLICATION = "publication"  # nothing dated it: the publication date, as last resort
    NONE = "none"  # nothing dated it and no publication date is known


def _plain(value: Any) -> Any:
    if isinstance(value, Record):
        return value.to_dict()
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


class Record:
    """Mixin: dataclass to JSON-ready dict, skipping fields marked ``repr=False``."""

    def to_dict(self) -> dict[str, Any]:
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self) if f.repr}  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Span(Record):
    """A stretch of the clean text."""

    text: str
    start: int
    end: int


@dataclass(slots=True)
class Document(Record):
    """One article after ``read`` and ``prepare``."""

    id: str
    text: str = field(repr=False)
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: dt.date | dt.datetime | None = None
    published_source: PublishedSource | None = None
    language: str | None = None
    source: str | None = field(default=None, repr=False)  # file name or "<stdin>", for messages

    @property
    def published_date(self) -> dt.date | None:
        if isinstance(self.published, dt.datetime):
            return self.published.date()
        return self.published


@dataclass(frozen=True, slots=True)
class DateRange(Record):
    """A normalised stretch of calendar time with its precision."""

    start: dt.date
    end: dt.date
    precision: Precision


@dataclass(slots=True)
class Timex(Record):
    """A time expression (TIMEX3) found in the text."""

    text: str
    start: int
    end: int
    type: str  # DATE | TIME | DURATION | SET
    value: str  # TIMEX3 value, e.g. "2014-06-15", "2020-01", "P3Y", "PAST_REF"
    mod: str | None = None  # TIMEX3 mod: START, MID, END, APPROX, BEFORE, AFTER, ...
    # calendar interval the expression denotes or points to (DATE/TIME, and counts from
    # the narrative: "three days later"), for dating events
    range: DateRange | None = field(default=None, repr=False)
    # the preposition that introduced it ("since", "until", "in", "on", ...), if any
    signal: str | None = field(default=None, repr=False)


@dataclass(slots=True)
class Place(Record):
    """A toponym resolved to a GeoNames entry (or unresolved: geonameid None)."""

    text: str
    start: int
    end: int
    name: str | None = None
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None  # ISO3
    admin1: str | None = None
    feature: str | None = None  # "country", "admin1", "city", "region", ...


@dataclass(slots=True)
class Actor(Record):
    """An actor or recipient mention and what it resolved to."""

    text: str
    start: int
    end: int
    name: str | None = None
    kb_id: str | None = None
    country: str | None = None  # ISO3 or PLOVER non-state code (IGO, NGO, ...)
    sectors: list[str] = field(default_factory=list)  # PLOVER sectors: GOV, MIL, REB, ...
    affiliation: str | None = None  # ISO3 of a sponsor ("Iran-backed" -> IRN)


@dataclass(slots=True)
class EventDate(Record):
    """When an event happened, and what in the text says so."""

    start: dt.date | None
    end: dt.date | None
    precision: Precision
    text: str | None = None
    start_char: int | None = None
    end_char: int | None = None
    source: DateSource = DateSource.NONE


@dataclass(slots=True)
class Location(Record):
    """Where an event happened."""

    text: str
    start: int
    end: int
    name: str | None = None
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    admin1: str | None = None
    precision: str = "city"  # point | city | admin1 | country


@dataclass(frozen=True, slots=True)
class Count(Record):
    """A casualty count; vague counts ("dozens") become ranges."""

    min: int
    max: int | None  # None: open-ended ("more than 100")


@dataclass(slots=True)
class Casualties(Record):
    killed: Count | None = None
    injured: Count | None = None
    arrested: Count | None = None


@dataclass(slots=True)
class Event(Record):
    """One coded event mention (after merging: one event with its evidence)."""

    id: str
    type: str  # PLOVER v0.8 event type
    mode: str | None
    contexts: list[str]
    cameo: str
    quad_class: int
    intensity: float
    actors: list[Actor]
    recipients: list[Actor]
    date: EventDate
    location: Location | None
    factuality: Factuality
    attribution: Span | None
    casualties: Casualties
    trigger: Span
    sentence: int
    confidence: float
    evidence: list[Span] = field(default_factory=list)  # other mentions in the same document


@dataclass(slots=True)
class Extraction(Record):
    """Everything ``extract`` found in one document."""

    document: Document
    events: list[Event]
    timexes: list[Timex]
    places: list[Place]

    def to_dict(self, include_text: bool = False) -> dict[str, Any]:  # type: ignore[override]
        out = super(Extraction, self).to_dict()
        if include_text:
            out["document"]["text"] = self.document.text
        return out
