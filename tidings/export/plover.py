"""PLOVER / POLECAT-style JSON Lines: one flat record per event, POLECAT field names.

Actor fields hold the first actor and recipient (names, countries and sectors of all of
them are in the ``*_all`` lists), as POLECAT does; ``story_ids`` and ``urls`` list the
reports behind the event.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from tidings.export import register_exporter
from tidings.store.reader import StoredEvent


def _actor_fields(prefix: str, actors: list[dict[str, Any]]) -> dict[str, Any]:
    first = actors[0] if actors else {}
    return {
        prefix: first.get("name") or first.get("text"),
        f"{prefix}_country": first.get("country"),
        f"{prefix}_sector": (first.get("sectors") or [None])[0],
        f"{prefix}_kb_id": first.get("kb_id"),
        f"{prefix}_affiliation": first.get("affiliation"),
        f"{prefix}_all": [
            {"name": a.get("name") or a.get("text"), "country": a.get("country"), "sectors": a.get("sectors") or []}
            for a in actors
        ],
    }


def plover_record(event: StoredEvent) -> dict[str, Any]:
    r = event.record
    date, location = r.get("date") or {}, r.get("location") or {}
    casualties = r.get("casualties") or {}
    return {
        "event_id": event.id,
        "event_date": date.get("start"),
        "event_date_end": date.get("end"),
        "event_date_precision": date.get("precision"),
        "story_date": min((m.published for m in event.mentions if m.published), default=None),
        "event_type": r.get("type"),
        "mode": r.get("mode"),
        "context": r.get("contexts") or [],
        "cameo": r.get("cameo"),
        "quad_class": r.get("quad_class"),
        "goldstein": r.get("intensity"),
        **_actor_fields("actor", r.get("actors") or []),
        **_actor_fields("recipient", r.get("recipients") or []),
        "factuality": r.get("factuality"),
        "placename": location.get("name") or location.get("text"),
        "geonameid": location.get("geonameid"),
        "latitude": location.get("lat"),
        "longitude": location.get("lon"),
        "country": location.get("country"),
        "admin1": location.get("admin1"),
        "location_precision": location.get("precision"),
        "dead": (casualties.get("killed") or {}).get("min"),
        "injured": (casualties.get("injured") or {}).get("min"),
        "arrested": (casualties.get("arrested") or {}).get("min"),
        "event_text": (r.get("trigger") or {}).get("text"),
        "attribution": (r.get("attribution") or {}).get("text"),
        "confidence": r.get("confidence"),
        "num_sources": event.num_sources,
        "num_articles": event.num_articles,
        "story_ids": list(dict.fromkeys(m.document_id for m in event.mentions)),
        "urls": [u for u in dict.fromkeys(m.url for m in event.mentions) if u],
        "publishers": [o for o in dict.fromkeys(m.outlet for m in event.mentions) if o],
        "ontology": "PLOVER v0.8",
    }


@register_exporter("plover")
def to_plover(events: Iterable[StoredEvent], out: Path) -> list[Path]:
    with out.open("w", encoding="utf-8") as handle:
        for event in events:
            handle.write(json.dumps(plover_record(event), ensure_ascii=False) + "\n")
    return [out]
