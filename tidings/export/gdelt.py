"""GDELT 2.0 Events (61 tab-separated columns) and Mentions (16 columns) files.

``-o events.tsv`` writes the events there and the mentions beside it as
``events.mentions.tsv``. Differences from GDELT proper, all forced by what the text gives:
actor codes are CAMEO-style ``country + sector`` (``USAGOV``); geographic country codes
are ISO3 (GDELT uses FIPS 10-4); ``Actor1Geo``/``Actor2Geo`` are left empty and the event's
place fills ``ActionGeo``; ``AvgTone`` and ``MentionDocTone`` are 0 (tidings does not score
tone); ``GlobalEventID`` is a stable 60-bit number derived from the event id.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from tidings.export import register_exporter
from tidings.store.reader import StoredEvent

ACTOR_FIELDS = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
                "Religion2Code", "Type1Code", "Type2Code", "Type3Code")  # fmt: skip
GEO_FIELDS = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
EVENT_COLUMNS = [
    "GlobalEventID", "Day", "MonthYear", "Year", "FractionDate",
    *[f"Actor1{f}" for f in ACTOR_FIELDS], *[f"Actor2{f}" for f in ACTOR_FIELDS],
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *[f"Actor1Geo_{f}" for f in GEO_FIELDS], *[f"Actor2Geo_{f}" for f in GEO_FIELDS],
    *[f"ActionGeo_{f}" for f in GEO_FIELDS],
    "DATEADDED", "SOURCEURL",
]  # fmt: skip
MENTION_COLUMNS = [
    "GlobalEventID", "EventTimeDate", "MentionTimeDate", "MentionType", "MentionSourceName",
    "MentionIdentifier", "SentenceID", "Actor1CharOffset", "Actor2CharOffset", "ActionCharOffset",
    "InRawText", "Confidence", "MentionDocLen", "MentionDocTone", "MentionDocTranslationInfo", "Extras",
]  # fmt: skip
GEO_TYPE = {"country": 1, "admin1": 2, "city": 4, "point": 4}
assert len(EVENT_COLUMNS) == 61 and len(MENTION_COLUMNS) == 16


def global_id(event_id: str) -> int:
    return int(event_id.removeprefix("ev-")[:15], 16)


def _actor(actor: dict[str, Any] | None) -> list[Any]:
    if not actor:
        return [""] * len(ACTOR_FIELDS)
    sectors = list(actor.get("sectors") or [])
    country = actor.get("country") or ""
    known = country if country and len(country) != 3 else ""  # IGO, NGO, ... are known groups
    return [
        country + "".join(sectors[:1]),
        (actor.get("name") or actor.get("text") or "").upper(),
        country if len(country) == 3 else "",
        known,
        "",
        "",
        "",
        *(sectors + ["", "", ""])[:3],
    ]


def _geo(location: dict[str, Any] | None) -> list[Any]:
    if not location:
        return [0, "", "", "", "", "", "", ""]
    return [
        GEO_TYPE.get(location.get("precision") or "city", 4),
        location.get("name") or location.get("text") or "",
        location.get("country") or "",
        location.get("admin1") or "",
        "",
        location.get("lat") if location.get("lat") is not None else "",
        location.get("lon") if location.get("lon") is not None else "",
        location.get("geonameid") or "",
    ]


def _stamp(value: str | None) -> str:
    return (value or "").replace("-", "")[:8] + "000000" if value else ""


def event_row(event: StoredEvent) -> list[Any]:
    r = event.record
    start = (r.get("date") or {}).get("start")
    day = dt.date.fromisoformat(start) if start else None
    cameo = str(r.get("cameo") or "")
    actors, recipients = r.get("actors") or [], r.get("recipients") or []
    added = min((m.published for m in event.mentions if m.published), default=None)
    return [
        global_id(event.id),
        day.strftime("%Y%m%d") if day else "",
        day.strftime("%Y%m") if day else "",
        day.year if day else "",
        f"{day.year + (day.timetuple().tm_yday - 1) / 365:.4f}" if day else "",
        *_actor(actors[0] if actors else None),
        *_actor(recipients[0] if recipients else None),
        1,
        cameo,
        cameo[:3],
        cameo[:2],
        r.get("quad_class") or "",
        r.get("intensity") if r.get("intensity") is not None else "",
        len(event.mentions),
        event.num_sources,
        event.num_articles,
        0,
        *_geo(None),
        *_geo(None),
        *_geo(r.get("location")),
        _stamp(added),
        next((m.url for m in event.mentions if m.url), ""),
    ]


def mention_rows(event: StoredEvent) -> list[list[Any]]:
    start = (event.record.get("date") or {}).get("start")
    rows = []
    for mention in event.mentions:
        rows.append(
            [
                global_id(event.id),
                _stamp(start),
                _stamp(mention.published),
                1,
                mention.outlet or "",
                mention.url or mention.document_id,
                mention.sentence if mention.sentence is not None else "",
                "",
                "",
                mention.start if mention.start is not None else "",
                1,
                round(float(event.record.get("confidence") or 0) * 100),
                "",
                0,
                "",
                "",
            ]
        )
    return rows


@register_exporter("gdelt")
def to_gdelt(events: Iterable[StoredEvent], out: Path) -> list[Path]:
    mentions_path = out.with_name(out.stem + ".mentions" + (out.suffix or ".tsv"))
    with out.open("w", encoding="utf-8", newline="") as ev, mentions_path.open("w", encoding="utf-8", newline="") as mn:
        events_writer = csv.writer(ev, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\")
        mentions_writer = csv.writer(mn, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\")
        for event in events:
            events_writer.writerow(event_row(event))
            mentions_writer.writerows(mention_rows(event))
    return [out, mentions_path]
