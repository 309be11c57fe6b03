"""WikiEvents: attack and death events and their Attacker/Target/Victim arguments.

Gold: ``wikievents/data/wikievents/{dev,test}.jsonl`` (20 + 20 news articles,
KAIROS event mentions with token-offset triggers and arguments). The text given to
the pipeline is rebuilt from the tokens and their offsets (see ``_rebuild_text``). The articles have
no publication date; they are extracted without one.

What is scored (all against our ASSAULT events, whatever their factuality):

- detection recall of gold ``Conflict.Attack.*`` mentions, and separately of
  ``Life.Die.*`` mentions: a gold mention is found when one of our ASSAULT events'
  triggers overlaps its trigger (``trigger``) or lies in the same gold sentence
  (``sentence``); detection precision: the share of our ASSAULT events whose sentence
  holds a gold attack or death mention;
- arguments: gold ``Attacker``/``Killer`` arguments against the actors, and
  ``Target``/``Victim`` against the recipients, of our ASSAULT events in the same
  sentence. Gold arguments are single head words or short phrases ("general",
  "The Taliban"); an argument is matched when its head word (last content word) is
  one of the words of our actor/recipient text. Recall is over all gold arguments of
  attack/death mentions (``recall``) and over those in sentences where we found an
  ASSAULT event (``recall_detected``).
"""

from __future__ import annotations

import json
import time
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tidings.errors import DataError
from tidings.evaluate._gold import head_match, run_pipeline
from tidings.evaluate._metrics import Counts, Table, TaskResult
from tidings.records import Document, Event

SPLITS = ("dev", "test")
DATA = Path("wikievents/data/wikievents")
ACTOR_ROLES = frozenset({"Attacker", "Killer"})
RECIPIENT_ROLES = frozenset({"Target", "Victim"})
FAMILIES = {"Conflict.Attack": "attack", "Life.Die": "death"}


@dataclass(slots=True)
class GoldArgument:
    role: str  # "actor" (Attacker/Killer) or "recipient" (Target/Victim)
    text: str


@dataclass(slots=True)
class GoldMention:
    family: str  # "attack" | "death"
    sentence: int
    start: int  # trigger character offsets
    end: int
    arguments: list[GoldArgument] = field(default_factory=list)


@dataclass(slots=True)
class GoldDocument:
    id: str
    text: str
    sentence_starts: list[int]  # character offset of each gold sentence
    mentions: list[GoldMention] = field(default_factory=list)

    def sentence_at(self, offset: int) -> int:
        return max(0, bisect_right(self.sentence_starts, offset) - 1)


def parse_document(record: dict[str, Any]) -> GoldDocument:
    """One WikiEvents JSON line -> text, sentence offsets, attack/death mentions."""
    token_spans: list[tuple[int, int]] = []
    starts: list[int] = []
    for sentence in record["sentences"]:
        toks = sentence[0]
        starts.append(toks[0][1] if toks else (token_spans[-1][1] if token_spans else 0))
        token_spans.extend((t[1], t[2]) for t in toks)
    doc = GoldDocument(record["doc_id"], _rebuild_text(record["sentences"]), starts)
    entities = {e["id"]: e for e in record.get("entity_mentions", [])}
    for mention in record.get("event_mentions", []):
        family = next((f for p, f in FAMILIES.items() if mention["event_type"].startswith(p)), None)
        if family is None:
            continue
        trig = mention["trigger"]
        start, end = token_spans[trig["start"]][0], token_spans[trig["end"] - 1][1]
        args = []
        for arg in mention.get("arguments", []):
            role = (
                "actor"
                if arg["role"] in ACTOR_ROLES
                else "recipient"
                if arg["role"] in RECIPIENT_ROLES
                else None
            )
            if role is None:
                continue
            entity = entities.get(arg.get("entity_id", ""))
            args.append(GoldArgument(role, arg.get("text") or (entity or {}).get("text", "")))
        doc.mentions.append(
            GoldMention(family, trig.get("sent_idx", doc.sentence_at(start)), start, end, args)
        )
    return doc


def _rebuild_text(sentences: list[Any]) -> str:
    """The text the token offsets point into (the ``text`` field drops the spaces
    between sentences, so its offsets drift): each token written at its offset."""
    toks = [t for sentence in sentences for t in sentence[0]]
    chars = [" "] * (max((t[2] for t in toks), default=0))
    for word, start, end in toks:
        chars[start:end] = list(word[: end - start].ljust(end - start))
    for sentence in sentences[:-1]:  # headlines have no full stop: end them with a newline
        last = sentence[0][-1] if sentence[0] else None
        if (
            last
            and last[2] < len(chars)
            and chars[last[2]] == " "
            and last[0] not in (".", "!", "?", "”", '"')
        ):
            chars[last[2]] = "\n"
    return "".join(chars)


def read_gold(data_dir: Path) -> list[GoldDocument]:
    docs = []
    for split in SPLITS:
        path = data_dir / DATA / f"{split}.jsonl"
        if not path.is_file():
            raise DataError(f"{path}: WikiEvents file not found; pass --data ../shared/data")
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                docs.append(parse_document(json.loads(line)))
    return docs


def score_document(gold: GoldDocument, events: list[Event], counts: Counts) -> None:
    """Add one document's detection and argument matches to ``counts``."""
    ours = [e for e in events if e.type == "ASSAULT"]
    by_sentence: dict[int, list[Event]] = {}
    for e in ours:
        by_sentence.setdefault(gold.sentence_at(e.trigger.start), []).append(e)
    gold_sentences = {m.sentence for m in gold.mentions}
    for e in ours:
        counts.add("precision.sentence", gold.sentence_at(e.trigger.start) in gold_sentences)
    for m in gold.mentions:
        near = by_sentence.get(m.sentence, [])
        hit_trigger = any(e.trigger.start < m.end and m.start < e.trigger.end for e in near)
        counts.add(f"{m.family}.recall_trigger", hit_trigger)
        counts.add(f"{m.family}.recall_sentence", bool(near))
        for arg in m.arguments:
            attr = "actors" if arg.role == "actor" else "recipients"
            texts = [a.text for e in near for a in getattr(e, attr)]
            hit = any(head_match(t, arg.text) for t in texts)
            counts.add(f"{arg.role}.recall", hit)
            if near:
                counts.add(f"{arg.role}.recall_detected", hit)


def run(data_dir: Path, limit: int | None = None) -> TaskResult:
    started = time.perf_counter()
    gold = read_gold(data_dir)[:limit]
    counts = Counts()
    extractions = run_pipeline(Document(id=g.id, text=g.text) for g in gold)
    for g, ex in zip(gold, extractions, strict=True):
        score_document(g, list(ex.events), counts)
    names = [
        "attack.recall_trigger", "attack.recall_sentence", "death.recall_trigger",
        "death.recall_sentence", "precision.sentence", "actor.recall", "actor.recall_detected",
        "recipient.recall", "recipient.recall_detected",
    ]  # fmt: skip
    metrics = {name: counts.rate(name) for name in names}
    rows = [[n, *counts.values.get(n, [0, 0]), counts.rate(n)] for n in names]
    return TaskResult(
        task="wikievents",
        description="WikiEvents: attack/death detection, Attacker/Target/Victim head-word match",
        metrics=metrics,
        tables=[
            Table("WikiEvents: attack and death events", ["score", "hits", "of", "rate"], rows)
        ],
        notes=[
            f"{len(gold)} documents (dev+test), no publication date. Our ASSAULT events only.",
            "Arguments: Attacker/Killer vs actors, Target/Victim vs recipients of ASSAULT events "
            "in the same gold sentence; head word (last content word) of the gold argument.",
        ],
        seconds=time.perf_counter() - started,
    )
