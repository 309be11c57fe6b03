"""Stage 8 across documents: mentions of the same happening become one event.

Within one article the events stage already merged repeated mentions (``Event.evidence``).
Here each remaining event mention is compared with the events already known; it joins
the first one it matches, or starts a new event. Two mentions match when

- they have the same PLOVER type and a compatible factuality (what happened merges with
  what happened; a plan only with a plan; a denial only with a denial);
- their dates fall within each other's precision window (a day-precise date within
  ``DAY_TOLERANCE`` days, since reports straddle midnight and time zones; a month or a
  year: the periods overlap). An undated mention never merges across documents;
- their actors are compatible, and so are their recipients (a shared knowledge-base id,
  country or affiliation, or one side unknown);
- their places are compatible (the same GeoNames entry, within ``NEAR_KM``, or a
  country-level place that contains the other), or one side has none;
- and at least one positive tie holds: a shared KB id or affiliation, the same place, or
  the same countries on both sides (actor and recipient). Same type on the same day alone
  is not enough (two protests on one day are two events), nor is one shared country
  ("police [USA]" in two US local stories).

Each decision carries its reasons, so ``tidings explain`` can show why mentions merged.
Matching is order-dependent but deterministic: mentions are taken in input order, so an
interrupted and resumed ingest makes the same events as an uninterrupted one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from tidings.records import Record

DAY_TOLERANCE = 1  # days either side of a day-precise date
NEAR_KM = 50.0  # places closer than this are the same place for merging
FACTUALITY_GROUP = {
    "asserted": "happened",
    "claimed": "happened",
    "planned": "planned",
    "demanded": "demanded",
    "hypothetical": "hypothetical",
    "negated": "negated",
}


@dataclass(frozen=True, slots=True)
class PlaceRef(Record):
    """The place of a mention or event, as far as merging needs it."""

    name: str | None
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    precision: str | None = None


@dataclass(frozen=True, slots=True)
class Profile(Record):
    """What identifies a happening: one mention, or an event built from mentions."""

    id: str
    type: str
    factuality: str
    date_start: dt.date | None
    date_end: dt.date | None
    precision: str
    place: PlaceRef | None
    actor_keys: frozenset[str] = frozenset()
    recipient_keys: frozenset[str] = frozenset()
    documents: frozenset[str] = frozenset()


@dataclass(slots=True)
class Decision(Record):
    """Whether a mention joins an event, and why (or why not)."""

    event_id: str
    merged: bool
    reasons: list[str] = field(default_factory=list)


def actor_keys(actors: Iterable[dict[str, Any]]) -> frozenset[str]:
    """What identifies actors for merging: KB ids, countries, affiliations."""
    keys: set[str] = set()
    for actor in actors:
        for key in (actor.get("kb_id"), actor.get("country")):
            if key:
                keys.add(str(key))
        if actor.get("affiliation"):
            keys.add(f"aff:{actor['affiliation']}")
    return frozenset(keys)


def _country_key(key: str) -> bool:
    """A country code (ISO3 or a PLOVER non-state code such as IGO), not a KB id or affiliation."""
    return len(key) == 3 and key.isalpha() and key.isupper()


def event_id_for(mention_id: str) -> str:
    """Stable id of the event founded by a mention."""
    return "ev-" + hashlib.sha1(mention_id.encode("utf-8")).hexdigest()[:16]


def distance_km(a: PlaceRef, b: PlaceRef) -> float | None:
    if None in (a.lat, a.lon, b.lat, b.lon):
        return None
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))  # type: ignore[arg-type]
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def date_window(p: Profile) -> tuple[dt.date, dt.date] | None:
    """The days a mention's date may match: its range, a day-precise date widened by
    ``DAY_TOLERANCE``; None when it is too vague to merge on."""
    if p.date_start is None or p.precision in ("unknown", "decade"):
        return None
    end = p.date_end or p.date_start
    pad = dt.timedelta(days=DAY_TOLERANCE if p.precision == "day" else 0)
    return p.date_start - pad, end + pad


def _dates(a: Profile, b: Profile) -> tuple[bool, str]:
    wa, wb = date_window(a), date_window(b)
    if wa is None or wb is None:
        return False, "no usable date on one side (undated mentions are not merged across documents)"
    if wa[0] <= (b.date_end or b.date_start) and (a.date_end or a.date_start) >= wb[0]:  # type: ignore[operator]
        return True, f"dates agree: {_date_text(a)} and {_date_text(b)}"
    return False, f"dates differ: {_date_text(a)} vs {_date_text(b)}"


def _date_text(p: Profile) -> str:
    if p.date_end and p.date_end != p.date_start:
        return f"{p.date_start}..{p.date_end} ({p.precision})"
    return f"{p.date_start} ({p.precision})"


def _places(a: PlaceRef | None, b: PlaceRef | None) -> tuple[bool | None, str]:
    """True: the same place; None: no conflict, no tie; False: different places."""
    if a is None or b is None:
        return None, "place known on one side only" if (a or b) else "no place on either side"
    if a.geonameid is not None and a.geonameid == b.geonameid:
        return True, f"same place: {a.name}"
    km = distance_km(a, b)
    if km is not None and km <= NEAR_KM:
        return True, f"nearby places: {a.name} and {b.name}, {km:.0f} km apart"
    if a.country and a.country == b.country and "country" in (a.precision, b.precision):
        return None, f"places in one country: {a.name} and {b.name} ({a.country})"
    far = f", {km:.0f} km apart" if km is not None else ""
    return False, f"different places: {a.name} and {b.name}{far}"


def _actors(a: frozenset[str], b: frozenset[str], role: str) -> tuple[bool | None, str]:
    if not a or not b:
        return None, f"{role} known on one side only" if (a or b) else f"no {role} on either side"
    shared = sorted(a & b)
    if shared:
        return True, f"{role} shared: {', '.join(shared)}"
    return False, f"{role} differ: {', '.join(sorted(a))} vs {', '.join(sorted(b))}"


def compare(event: Profile, mention: Profile) -> Decision:
    """Whether ``mention`` reports the same happening as ``event``, with the reasons."""
    decision = Decision(event.id, merged=False)
    if event.type != mention.type:
        decision.reasons.append(f"types differ: {event.type} vs {mention.type}")
        return decision
    decision.reasons.append(f"same type: {event.type}")
    group_a = FACTUALITY_GROUP.get(event.factuality, event.factuality)
    group_b = FACTUALITY_GROUP.get(mention.factuality, mention.factuality)
    if group_a != group_b:
        decision.reasons.append(f"factuality differs: {event.factuality} vs {mention.factuality}")
        return decision
    if mention.documents & event.documents:
        decision.reasons.append("already a separate event in the same document")
        return decision
    ok, why = _dates(event, mention)
    decision.reasons.append(why)
    if not ok:
        return decision
    actors = _actors(event.actor_keys, mention.actor_keys, "actors")
    recipients = _actors(event.recipient_keys, mention.recipient_keys, "recipients")
    place = _places(event.place, mention.place)
    for verdict, why in (actors, recipients, place):
        decision.reasons.append(why)
        if verdict is False:
            return decision
    strong = place[0] is True or any(
        _shared_beyond_countries(a, b)
        for a, b in ((event.actor_keys, mention.actor_keys), (event.recipient_keys, mention.recipient_keys))
    )
    dyad = actors[0] is True and recipients[0] is True  # the same countries on both sides
    if not (strong or dyad):
        if actors[0] or recipients[0]:
            decision.reasons.append("only one side's country is shared: no evidence of one event")
        else:
            decision.reasons.append("nothing ties them: no shared actor, recipient or place")
        return decision
    decision.merged = True
    return decision


def _shared_beyond_countries(a: frozenset[str], b: frozenset[str]) -> bool:
    """A shared KB id or affiliation: "police [USA]" in two US stories share only a country,
    which ties two reports only when the other side's country is shared too."""
    return any(not _country_key(key) for key in a & b)


def absorb(event: Profile, mention: Profile) -> Profile:
    """The event's profile after ``mention`` joined it: union of keys, finest date, first place."""
    finer = _PRECISION_RANK.get(mention.precision, 9) < _PRECISION_RANK.get(event.precision, 9)
    return replace(
        event,
        date_start=mention.date_start if finer else event.date_start,
        date_end=mention.date_end if finer else event.date_end,
        precision=mention.precision if finer else event.precision,
        place=event.place or mention.place,
        actor_keys=event.actor_keys | mention.actor_keys,
        recipient_keys=event.recipient_keys | mention.recipient_keys,
        documents=event.documents | mention.documents,
    )


_PRECISION_RANK = {"day": 0, "month": 1, "year": 2, "decade": 3, "unknown": 4}


@dataclass(slots=True)
class Assignment:
    """Where one mention went: an existing event (with the decision) or a new one."""

    mention_id: str
    event_id: str
    decision: Decision | None  # None: the mention founded the event


def assign(mentions: Sequence[Profile], events: list[Profile]) -> tuple[list[Assignment], dict[str, Profile]]:
    """Match mentions, in order, against ``events`` (and against events founded on the way).

    Returns each mention's assignment and the new or changed event profiles by id.
    """
    by_type: dict[str, dict[str, Profile]] = {}  # only events of the mention's type can match
    for event in events:
        by_type.setdefault(event.type, {})[event.id] = event
    changed: dict[str, Profile] = {}
    out: list[Assignment] = []
    for mention in mentions:
        index = by_type.setdefault(mention.type, {})
        candidates = index.values() if date_window(mention) is not None else ()
        decision = next((d for e in candidates if (d := compare(e, mention)).merged), None)
        if decision is None:
            founded = replace(mention, id=event_id_for(mention.id))
            index[founded.id] = changed[founded.id] = founded
            out.append(Assignment(mention.id, founded.id, None))
        else:
            index[decision.event_id] = changed[decision.event_id] = absorb(index[decision.event_id], mention)
            out.append(Assignment(mention.id, decision.event_id, decision))
    return out, changed


def fold_records(
    current: dict[str, dict[str, Any]], assignments: Sequence[Assignment], records: Sequence[dict[str, Any]]
) -> None:
    """Fold each mention's record into its event's record in ``current`` (by event id), in
    order: a founding mention's record becomes the event's, a joining one is merged in."""
    for assignment, record in zip(assignments, records, strict=True):
        if assignment.event_id in current:
            current[assignment.event_id] = merge_record(current[assignment.event_id], record)
        else:
            current[assignment.event_id] = {**record, "id": assignment.event_id}


def merge_record(event: dict[str, Any], mention: dict[str, Any]) -> dict[str, Any]:
    """The event's JSON record after a mention joined: actors added, gaps filled, counts raised."""
    merged = dict(event)
    for role in ("actors", "recipients"):
        mine = list(merged.get(role) or [])
        for actor in mention.get(role) or []:
            if not any(
                (m.get("kb_id") and m.get("kb_id") == actor.get("kb_id")) or m.get("text") == actor.get("text")
                for m in mine
            ):
                mine.append(actor)
        merged[role] = mine
    mine_date, their_date = merged.get("date") or {}, mention.get("date") or {}
    if _PRECISION_RANK.get(str(their_date.get("precision")), 9) < _PRECISION_RANK.get(
        str(mine_date.get("precision")), 9
    ):
        merged["date"] = their_date
    for key in ("location", "attribution", "mode"):
        if merged.get(key) is None and mention.get(key) is not None:
            merged[key] = mention[key]
    casualties = dict(merged.get("casualties") or {})
    for kind, theirs in (mention.get("casualties") or {}).items():
        count = casualties.get(kind)
        if theirs is not None and (count is None or theirs.get("min", 0) > count.get("min", 0)):
            casualties[kind] = theirs
    merged["casualties"] = casualties
    merged["confidence"] = max(float(merged.get("confidence") or 0), float(mention.get("confidence") or 0))
    return merged


__all__ = [
    "Assignment",
    "Decision",
    "PlaceRef",
    "Profile",
    "absorb",
    "actor_keys",
    "assign",
    "compare",
    "event_id_for",
    "merge_record",
]
