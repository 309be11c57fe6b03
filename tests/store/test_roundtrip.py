"""Property: an event record written to the store comes back equal (record → store → record),
whatever its actors, dates and precision, casualties and place; and the store's own columns
agree with it, so the query filters find it."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tidings.records import (
    Actor,
    Casualties,
    Count,
    DateSource,
    Document,
    Event,
    EventDate,
    Extraction,
    Factuality,
    Location,
    Precision,
    Span,
)
from tidings.store import StoreWriter, event_from_dict, open_store

words = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=20)
maybe_words = st.none() | words
offsets = st.integers(min_value=0, max_value=100_000)
codes = st.sampled_from(["USA", "IRQ", "IRN", "ISR", "KEN", "IGO", "REB", "UKR"])
spans = st.builds(Span, text=words, start=offsets, end=offsets)

actors = st.builds(
    Actor,
    text=words,
    start=offsets,
    end=offsets,
    name=maybe_words,
    kb_id=st.none() | st.from_regex(r"Q[1-9][0-9]{0,6}", fullmatch=True),
    country=st.none() | codes,
    sectors=st.lists(st.sampled_from(["GOV", "MIL", "REB", "CVL", "JUD", "COP"]), max_size=3, unique=True),
    affiliation=st.none() | codes,
)


@st.composite
def event_dates(draw: st.DrawFn) -> EventDate:
    precision = draw(st.sampled_from(list(Precision)))
    if precision is Precision.UNKNOWN and draw(st.booleans()):
        return EventDate(None, None, precision, source=DateSource.NONE)
    start = draw(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
    end = start + dt.timedelta(days=draw(st.integers(min_value=0, max_value=3650)))
    return EventDate(
        start=start,
        end=draw(st.sampled_from([end, start, None])),
        precision=precision,
        text=draw(maybe_words),
        start_char=draw(st.none() | offsets),
        end_char=draw(st.none() | offsets),
        source=draw(st.sampled_from(list(DateSource))),
    )


@st.composite
def counts(draw: st.DrawFn) -> Count | None:
    if draw(st.booleans()):
        return None
    low = draw(st.integers(min_value=0, max_value=10_000))
    return Count(low, draw(st.none() | st.integers(min_value=low, max_value=20_000)))


coordinates = st.floats(min_value=-90, max_value=90, allow_nan=False)
locations = st.builds(
    Location,
    text=words,
    start=offsets,
    end=offsets,
    name=maybe_words,
    geonameid=st.none() | st.integers(min_value=1, max_value=12_000_000),
    lat=st.none() | coordinates,
    lon=st.none() | coordinates,
    country=st.none() | codes,
    admin1=st.none() | st.from_regex(r"[0-9A-Z]{2}", fullmatch=True),
    precision=st.sampled_from(["point", "city", "admin1", "country"]),
)

events = st.builds(
    Event,
    id=st.just("e1"),
    type=st.sampled_from(["ASSAULT", "CONSULT", "PROTEST", "RETREAT", "MOBILIZE", "AID"]),
    mode=st.none() | st.sampled_from(["drone", "meet", "demo", "withdraw"]),
    contexts=st.lists(st.sampled_from(["military", "diplomatic", "economic"]), max_size=2, unique=True),
    cameo=st.from_regex(r"[01][0-9]{1,3}", fullmatch=True),
    quad_class=st.integers(min_value=1, max_value=4),
    intensity=st.floats(min_value=-10, max_value=10, allow_nan=False),
    actors=st.lists(actors, max_size=3),
    recipients=st.lists(actors, max_size=3),
    date=event_dates(),
    location=st.none() | locations,
    factuality=st.sampled_from(list(Factuality)),
    attribution=st.none() | spans,
    casualties=st.builds(Casualties, killed=counts(), injured=counts(), arrested=counts()),
    trigger=spans,
    sentence=st.integers(min_value=0, max_value=500),
    confidence=st.floats(min_value=0, max_value=1, allow_nan=False),
    evidence=st.lists(spans, max_size=3),
)


def test_the_dict_form_converts_back() -> None:
    event = Event("e", "AID", None, [], "070", 2, 7.0, [], [], EventDate(None, None, Precision.UNKNOWN), None,
                  Factuality.PLANNED, None, Casualties(), Span("aid", 0, 3), 0, 0.5)  # fmt: skip
    assert event_from_dict(event.to_dict()) == event


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(event=events, title=maybe_words, published=st.dates(min_value=dt.date(1990, 1, 1)))
def test_an_event_comes_back_from_the_store_equal(event: Event, title: str | None, published: dt.date) -> None:
    document = Document(id="given", text=f"Some article text {event.trigger.text}.", title=title, published=published)
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "s.duckdb"
        StoreWriter(db).write([Extraction(document, [event], [], [])])
        store = open_store(db)
        [stored] = store.query()
        assert stored.event == Event(**{**{f: getattr(event, f) for f in Event.__dataclass_fields__}, "id": stored.id})
        assert stored.to_dict()["date"] == event.date.to_dict()
        assert store.document("given").title == title and store.documents()[0].published == published.isoformat()
        # the store's columns agree with the record, so its filters find the event
        assert store.count(type=event.type, factuality=event.factuality.value) == 1
        if event.date.start is not None:
            assert store.count(since=event.date.start, until=event.date.start) == 1
        for actor in event.actors:
            if actor.country:
                assert store.count(actor=actor.country) == 1
        if event.location is not None and event.location.country:
            assert store.count(country=event.location.country) == 1
