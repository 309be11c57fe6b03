"""Where the text says it: highlight spans of a mention, the sentence around it, a document with its events.

Offsets are character offsets into the document's clean text, as in the output contract.
The page highlights them by building text nodes, never by inserting HTML.
"""

from __future__ import annotations

import json
from typing import Any

import duckdb

SPAN_KINDS = ("trigger", "actor", "recipient", "date", "place", "attribution", "evidence")
MAX_EVIDENCE = 50  # mentions of one event shown with their sentences


def spans(record: dict[str, Any]) -> list[dict[str, Any]]:
    """The highlightable parts of one mention record: trigger, actors, recipients, date, place, source."""
    out: list[dict[str, Any]] = []

    def add(kind: str, start: Any, end: Any, text: Any, label: str | None = None) -> None:
        if isinstance(start, int) and isinstance(end, int) and 0 <= start < end:
            out.append({"kind": kind, "start": start, "end": end, "text": text, "label": label})

    trigger = record.get("trigger") or {}
    add("trigger", trigger.get("start"), trigger.get("end"), trigger.get("text"), record.get("type"))
    for role in ("actor", "recipient"):
        for person in record.get(f"{role}s") or []:
            add(role, person.get("start"), person.get("end"), person.get("text"), person.get("name"))
    date = record.get("date") or {}
    add("date", date.get("start_char"), date.get("end_char"), date.get("text"), date.get("start"))
    location = record.get("location") or {}
    add("place", location.get("start"), location.get("end"), location.get("text"), location.get("name"))
    attribution = record.get("attribution") or {}
    add("attribution", attribution.get("start"), attribution.get("end"), attribution.get("text"))
    for other in record.get("evidence") or []:
        add("evidence", other.get("start"), other.get("end"), other.get("text"))
    # the same words can be actor and recipient ("X and Y held talks"): keep one of each span and kind
    unique = {(s["kind"], s["start"], s["end"]): s for s in out}
    return sorted(unique.values(), key=lambda s: (s["start"], s["end"], SPAN_KINDS.index(s["kind"])))


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (or line) around ``[start, end)``: a readable snippet of the evidence."""
    left = max(text.rfind(mark, 0, start) for mark in (". ", "! ", "? ", "\n"))
    left = 0 if left < 0 else left + (1 if text[left] == "\n" else 2)
    rights = [i for i in (text.find(mark, end) for mark in (". ", "! ", "? ", "\n")) if i >= 0]
    right = min(rights) + 1 if rights else len(text)
    return left, min(right, len(text))


def event_evidence(con: duckdb.DuckDBPyConnection, event_id: str) -> list[dict[str, Any]]:
    """Each mention of the event: its document, its sentence and the spans to highlight."""
    rows = con.execute(
        """SELECT m.id, m.document_id, m.record, d.title, d.outlet, d.published, d.url, d.text
           FROM mentions m JOIN documents d ON d.id = m.document_id
           WHERE m.event_id = ? ORDER BY m.merge_reason NULLS FIRST, d.published, m.id LIMIT ?""",
        [event_id, MAX_EVIDENCE],
    ).fetchall()
    out = []
    for mention_id, document_id, record_json, title, outlet, published, url, text in rows:
        record = json.loads(record_json)
        parts = spans(record)
        trigger = next((s for s in parts if s["kind"] == "trigger"), None)
        lo, hi = sentence_bounds(text or "", trigger["start"], trigger["end"]) if trigger else (0, 0)
        out.append(
            {
                "mention_id": mention_id,
                "document_id": document_id,
                "title": title,
                "outlet": outlet,
                "published": published.isoformat() if published else None,
                "url": url,
                "sentence": {"index": record.get("sentence"), "start": lo, "end": hi, "text": (text or "")[lo:hi]},
                "spans": parts,
            }
        )
    return out


def document(con: duckdb.DuckDBPyConnection, document_id: str) -> dict[str, Any] | None:
    """A stored document, its clean text, and each event mention in it with its spans."""
    rows = con.execute(
        """SELECT id, given_id, source, url, title, outlet, published, published_source, language, n_chars, text
           FROM documents WHERE id = ? OR given_id = ? LIMIT 1""",
        [document_id, document_id],
    ).fetchall()
    if not rows:
        return None
    r = rows[0]
    mentions = con.execute(
        """SELECT id, event_id, type, quad_class, factuality, record FROM mentions
           WHERE document_id = ? ORDER BY position, id""",
        [r[0]],
    ).fetchall()
    return {
        "id": r[0],
        "given_id": r[1],
        "source": r[2],
        "url": r[3],
        "title": r[4],
        "outlet": r[5],
        "published": r[6].isoformat() if r[6] else None,
        "published_source": r[7],
        "language": r[8],
        "n_chars": r[9],
        "text": r[10],
        "mentions": [
            {
                "id": m[0],
                "event_id": m[1],
                "type": m[2],
                "quad_class": m[3],
                "factuality": m[4],
                "spans": spans(json.loads(m[5])),
            }
            for m in mentions
        ],
    }
