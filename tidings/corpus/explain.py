"""Why mentions were merged into one event: ``tidings explain --db F EVENT_ID``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tidings.records import Record
from tidings.store.reader import Store

CONTEXT = 100  # characters of text shown either side of a trigger


@dataclass(slots=True)
class MentionExplanation(Record):
    mention_id: str
    document_id: str
    outlet: str | None
    published: str | None
    title: str | None
    trigger: str | None
    excerpt: str  # the words around the trigger
    founded: bool  # the first mention: the event was built from it
    reasons: list[str] = field(default_factory=list)  # why it joined (empty for the founder)


@dataclass(slots=True)
class Explanation(Record):
    event_id: str
    summary: str
    num_sources: int
    num_articles: int
    record: dict[str, Any] = field(repr=False)
    mentions: list[MentionExplanation] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The explanation as text, for the terminal."""
        out = [
            f"event {self.event_id}: {self.summary}",
            f"{len(self.mentions)} mention(s) in {self.num_articles} article(s) from {self.num_sources} source(s)",
        ]
        for n, m in enumerate(self.mentions, start=1):
            where = " · ".join(filter(None, [m.outlet, m.published, m.title, m.document_id]))
            out.append(f"[{n}] {where}")
            out.append(f"    “{m.excerpt}”")
            if m.founded:
                out.append("    founded the event")
            for reason in m.reasons:
                out.append(f"    - {reason}")
        return out


def _excerpt(text: str | None, start: int | None, end: int | None) -> str:
    if not text or start is None or end is None:
        return ""
    left, right = max(0, start - CONTEXT), min(len(text), end + CONTEXT)
    snippet = text[left:start] + "[" + text[start:end] + "]" + text[end:right]
    return ("…" if left else "") + " ".join(snippet.split()) + ("…" if right < len(text) else "")


def _summary(record: dict[str, Any]) -> str:
    def names(key: str) -> str:
        return ", ".join(a.get("name") or a.get("text") for a in record.get(key) or []) or "?"

    date = record.get("date") or {}
    place = (record.get("location") or {}).get("name")
    when = f" on {date.get('start')} ({date.get('precision')})" if date.get("start") else ""
    return f"{record.get('type')} ({record.get('factuality')}) {names('actors')} → {names('recipients')}{when}" + (
        f" in {place}" if place else ""
    )


def explain(store: Store, event_id: str) -> Explanation:
    """An event, each mention in context, and the tests each later mention passed to join it."""
    event = store.event(event_id)
    texts: dict[str, str | None] = {}
    mentions = []
    for mention in event.mentions:
        if mention.document_id not in texts:
            texts[mention.document_id] = store.document_text(mention.document_id)
        mentions.append(
            MentionExplanation(
                mention_id=mention.id,
                document_id=mention.document_id,
                outlet=mention.outlet,
                published=mention.published,
                title=mention.title,
                trigger=mention.trigger,
                excerpt=_excerpt(texts[mention.document_id], mention.start, mention.end),
                founded=mention.merge_reason is None,
                reasons=list((mention.merge_reason or {}).get("reasons", [])),
            )
        )
    return Explanation(event.id, _summary(event.record), event.num_sources, event.num_articles, event.record, mentions)
