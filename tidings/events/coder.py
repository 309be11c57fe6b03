"""Stage 5, events: triggers to coded event records.

For each trigger the lexicon recognises, the coder finds the arguments in the parse
(``arguments``), resolves them to actors (``tidings.actors``), and adds factuality and
attribution (``factuality``), casualties (``casualties``), date and place
(``anchoring``), the CAMEO code, quad class and intensity (``lexicon``'s ontology).
Mentions of one happening within the document ("regular drone attacks ...", "these
attacks are carried out ...", "as a result of these attacks") are merged into one
record whose ``evidence`` lists the other mentions.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from tidings.actors import ActorKB, Resolution
from tidings.events import anchoring
from tidings.events.arguments import (
    Arguments,
    _light_verb_frame,
    alternatives,
    noun_arguments,
    phrase,
    verb_arguments,
)
from tidings.events.casualties import CasualtyCues, find_casualties
from tidings.events.factuality import FactualityCues, attribution, factuality
from tidings.events.lexicon import Lexicon, Ontology, Trigger
from tidings.records import Actor, Casualties, Document, Event, EventDate, Factuality, Place, Timex
from tidings.records import Span as TextSpan

log = logging.getLogger(__name__)

RECIPROCAL_TYPES = {"AGREE", "CONSULT", "COOPERATE", "SUPPORT", "ASSAULT", "REJECT"}
NOT_ACTORS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"}
NAMED = {"ORG", "PERSON", "GPE", "NORP", "FAC", "WORK_OF_ART", "LAW", "PRODUCT", "LANGUAGE"}
PRONOUN_COUNTRY = {"his country", "her country", "their country", "the country", "its country"}
PRONOUN_GROUP = {
    "the group",
    "this group",
    "that group",
    "the militia",
    "the organization",
    "the organisation",
    "the movement",
    "the militants",
    "the rebels",
}


@dataclass(slots=True)
class Mention:
    """A resolved noun phrase, kept in document order for back-references."""

    start: int
    resolution: Resolution


@dataclass(slots=True)
class _Draft:
    trigger_token: Token
    entry: Trigger
    event: Event
    governor: Token | None


class EventCoder:
    """Codes the events of a parsed document. Holds the knowledge; keeps no state between calls."""

    def __init__(
        self, lexicon: Lexicon, ontology: Ontology, kb: ActorKB, fact_cues: FactualityCues, casualty_cues: CasualtyCues
    ) -> None:
        self.lexicon = lexicon
        self.ontology = ontology
        self.kb = kb
        self.fact_cues = fact_cues
        self.casualty_cues = casualty_cues

    # -- triggers -------------------------------------------------------------------
    def triggers(self, doc: Doc) -> list[tuple[Token, Trigger]]:
        found = []
        for token in doc:
            if token.pos_ not in {"VERB", "NOUN", "PROPN"} or token.ent_type_ in NAMED:
                continue
            if token.dep_ == "amod" or (token.dep_ == "compound" and token.head.pos_ == "NOUN"):
                continue  # "captured territories", "strike force": a modifier, not the event
            entry = self.lexicon.match(token)
            if entry is not None:
                found.append((token, entry))
        return found

    # -- actors ---------------------------------------------------------------------
    def _resolve(self, span: Span, when: dt.date | None) -> Resolution | None:
        text = span.text.strip()
        if not text:
            return None
        return self.kb.resolve(text, when)

    def actor(self, head: Token, when: dt.date | None, mentions: list[Mention]) -> Actor | None:
        if head.ent_type_ in NOT_ACTORS or head.like_num:
            return None  # "attacked on Sunday", "killed 12": times and numbers are not actors
        span = phrase(head)
        resolution = self._resolve(span, when)
        if resolution is None or resolution.kind == "agent":
            for alt in alternatives(head):
                better = self._resolve(alt, when)
                if better is not None and (resolution is None or better.kind != "agent"):
                    resolution = better
                    break
        lowered = span.text.lower()
        if resolution is None or lowered in PRONOUN_COUNTRY | PRONOUN_GROUP or head.pos_ == "PRON":
            back = self._back_reference(lowered, head, mentions)
            if back is not None:
                resolution = back
        owner = next((c for c in head.children if c.dep_ == "poss" and c.lower_ in {"its", "their"}), None)
        if owner is not None and (resolution is None or (resolution.kind == "agent" and not resolution.country)):
            # "its drones", "their forces": the owner is the last state or group mentioned
            back = self._back_reference("the country", owner, mentions) or self._back_reference(
                "the group", owner, mentions
            )
            if back is not None:
                sectors = list(resolution.sectors) if resolution is not None else []
                resolution = Resolution(
                    name=back.name,
                    kb_id=back.kb_id,
                    country=back.country,
                    sectors=sectors or list(back.sectors),
                    affiliation=back.affiliation,
                    kind=back.kind,
                    id=back.id,
                )
        if resolution is None and not (head.pos_ == "PROPN" or head.ent_type_ in NAMED):
            return None
        if head.pos_ == "PRON" and resolution is None:
            return None
        actor = Actor(span.text, span.start_char, span.end_char)
        if resolution is not None:
            actor.name = resolution.name
            actor.kb_id = resolution.kb_id
            actor.country = resolution.country
            actor.sectors = list(resolution.sectors)
            actor.affiliation = resolution.affiliation
        return actor

    @staticmethod
    def _back_reference(lowered: str, head: Token, mentions: list[Mention]) -> Resolution | None:
        before = [m for m in mentions if m.start < head.idx]
        if lowered in PRONOUN_COUNTRY:
            wants_person = lowered.split()[0] in {"his", "her"}
            for m in reversed(before):
                if wants_person and m.resolution.kind == "person" and m.resolution.country:
                    return Resolution(
                        name=m.resolution.country,
                        kb_id=None,
                        country=m.resolution.country,
                        sectors=[],
                        affiliation=None,
                        kind="state",
                        id=m.resolution.country,
                    )
                if not wants_person and m.resolution.kind == "state":
                    return m.resolution
            return None
        if lowered in PRONOUN_GROUP or head.lower_ in {"they", "it"}:
            for m in reversed(before):
                if m.resolution.kind in {"group"} or "REB" in m.resolution.sectors:
                    return m.resolution
        return None

    def mentions(self, doc: Doc, when: dt.date | None) -> list[Mention]:
        """Resolved named phrases in document order (for back-references)."""
        out = []
        seen: set[int] = set()
        for chunk in [*doc.ents, *doc.noun_chunks]:
            if chunk.start_char in seen or chunk.label_ in {
                "DATE",
                "TIME",
                "CARDINAL",
                "ORDINAL",
                "PERCENT",
                "MONEY",
                "QUANTITY",
            }:
                continue
            resolution = self._resolve(chunk, when)
            if resolution is not None and resolution.kind != "agent":
                seen.add(chunk.start_char)
                out.append(Mention(chunk.start_char, resolution))
        out.sort(key=lambda m: m.start)
        return out

    # -- one document -----------------------------------------------------------------
    def code(self, doc: Doc, document: Document, timexes: Sequence[Timex], places: Sequence[Place]) -> list[Event]:
        published = document.published_date
        triggers = self.triggers(doc)
        trigger_ids = {t.i for t, _ in triggers}
        mentions = self.mentions(doc, published)
        contexts = self.contexts(doc)
        drafts: list[_Draft] = []
        last_source: Span | None = None
        narrative: dict[int, EventDate] = {}  # paragraph start -> last own date
        for token, entry in triggers:
            governor = None
            if token.pos_ != "VERB":
                governor, _ = _light_verb_frame(token)
            args = verb_arguments(token, entry.type) if token.pos_ == "VERB" else noun_arguments(token, entry.type)
            fact = factuality(token, self.fact_cues, governor)
            source = attribution(token, self.fact_cues, last_source)
            if source is not None and source.root.ent_type_ == "ORG":
                last_source = source
            governors = {governor.i} if governor is not None else set()
            paragraph = doc.text.rfind("\n", 0, token.idx) + 1
            date = anchoring.event_date(
                doc, token, governors, timexes, trigger_ids, fact, published, narrative.get(paragraph)
            )
            if date.source.value == "timex":
                narrative[paragraph] = date
            when = date.start or date.end or published  # office-holders are resolved in the event's time
            actors = self._actors(args.actors, when, mentions)
            recipients = self._actors(args.recipients, when, mentions)
            if not recipients and args.fallback:
                recipients = self._actors(args.fallback, when, mentions)
            if not recipients and len(actors) > 1 and entry.type in RECIPROCAL_TYPES:
                # "X and Y agreed / met / clashed": each is the other's recipient
                recipients = [dataclasses.replace(a) for a in actors]
            actor_tokens = {t.i for head in args.actors + args.recipients for t in phrase(head)}
            location = anchoring.event_location(doc, token, governors, places, trigger_ids, actor_tokens)
            if location is not None and location.country:
                for party in actors + recipients:  # "police in Nairobi" are Kenyan police
                    if party.country is None and party.sectors:
                        party.country = location.country
            cameo = entry.cameo or self.ontology.event_types[entry.type].cameo
            event = Event(
                id="",
                type=entry.type,
                mode=entry.mode or None,
                contexts=list(contexts),
                cameo=cameo,
                quad_class=self.ontology.quad_class(cameo),
                intensity=self.ontology.intensity(cameo),
                actors=actors,
                recipients=recipients,
                date=date,
                location=location,
                factuality=fact,
                attribution=TextSpan(source.text, source.start_char, source.end_char) if source is not None else None,
                casualties=Casualties(),
                trigger=TextSpan(token.text, token.idx, token.idx + len(token.text)),
                sentence=_sentence_index(doc, token),
                confidence=_confidence(token, entry, actors, recipients),
            )
            drafts.append(_Draft(token, entry, event, governor))
        for draft in drafts:
            _opposite_of_negated(draft, self.ontology)
        _rank_embedded(drafts)
        self._attach_casualties(doc, drafts)
        title_end = len(document.title) if document.title and doc.text.startswith(document.title) else 0
        events = self._merge(drafts, title_end)
        for n, event in enumerate(events, start=1):
            event.id = f"{document.id}-e{n}"
        return events

    def _actors(self, heads: list[Token], when: dt.date | None, mentions: list[Mention]) -> list[Actor]:
        out: list[Actor] = []
        for head in heads:
            actor = self.actor(head, when, mentions)
            if actor is not None and not any(a.start == actor.start for a in out):
                out.append(actor)
        return out

    def contexts(self, doc: Doc) -> list[str]:
        """Document-level PLOVER contexts: those whose cue words occur at least twice."""
        lemmas: dict[str, int] = {}
        for token in doc:
            key = token.lemma_.lower()
            lemmas[key] = lemmas.get(key, 0) + 1
        found = []
        for context in self.ontology.contexts.values():
            hits = sum(lemmas.get(cue, 0) for cue in context.cues)
            if hits >= 2:
                found.append(context.name)
        return sorted(found)

    def _attach_casualties(self, doc: Doc, drafts: list[_Draft]) -> None:
        violent = [d for d in drafts if d.entry.type in {"ASSAULT", "COERCE"}]
        if not violent:
            return
        for sent in doc.sents:
            found = find_casualties(sent, self.casualty_cues)
            if not found:
                continue
            local = [d for d in violent if d.trigger_token.sent == sent]
            if not local:
                earlier = [d for d in violent if d.trigger_token.i < sent.start]
                local = earlier[-1:]
            if not local:
                continue
            for word, kind, count in found:
                target = min(local, key=lambda d: abs(d.trigger_token.i - word.i))
                current = getattr(target.event.casualties, kind)
                if current is None or count.min > current.min:
                    setattr(target.event.casualties, kind, count)

    def _merge(self, drafts: list[_Draft], title_end: int = 0) -> list[Event]:
        """Merge later mentions of the same happening into the first one.

        A headline event merges with the first compatible event of the body.
        """
        kept: list[_Draft] = []
        headline_done: set[int] = set()  # headline events that found their body event
        for draft in drafts:
            target = next(
                (k for k in reversed(kept) if _same_happening(k, draft, 0 if id(k) in headline_done else title_end)),
                None,
            )
            if target is not None and target.trigger_token.idx < title_end:
                headline_done.add(id(target))
            if target is None:
                kept.append(draft)
                continue
            _absorb(target.event, draft.event)
        return [d.event for d in kept]


def _sentence_index(doc: Doc, token: Token) -> int:
    for n, sent in enumerate(doc.sents):
        if sent.start <= token.i < sent.end:
            return n
    return 0


def _confidence(token: Token, entry: Trigger, actors: list[Actor], recipients: list[Actor]) -> float:
    """A heuristic score, not a probability: trigger specificity and resolved arguments."""
    score = 0.45 + (0.15 if entry.requires else 0.0) + (0.05 if token.pos_ == "VERB" else 0.0)
    if any(a.country for a in actors):
        score += 0.15
    elif actors:
        score += 0.05
    if any(r.country for r in recipients):
        score += 0.1
    return round(min(score, 0.95), 2)


# events that report, ask for, promise or refuse another event ("demanded that X withdraw")
GOVERNING_TYPES = {"REQUEST", "AGREE", "REJECT", "THREATEN", "ACCUSE", "SUPPORT", "CONCEDE"}
EMBEDDED_PENALTY = 0.75


def _rank_embedded(drafts: list[_Draft]) -> None:
    """An event inside the complement of a governing event ranks below it: in "X demanded
    that Y withdraw" the demand is what X did; the withdrawal is only demanded."""
    governing = {d.trigger_token.i for d in drafts if d.entry.type in GOVERNING_TYPES}
    for draft in drafts:
        token = draft.trigger_token
        for _ in range(6):
            if token.head is token:
                break
            token = token.head
            if token.i in governing and token.i != draft.trigger_token.i:
                draft.event.confidence = round(draft.event.confidence * EMBEDDED_PENALTY, 2)
                break


def _opposite_of_negated(draft: _Draft, ontology: Ontology) -> None:
    """ "Failed to reach an agreement", "will not accept": a negated agreement is a rejection."""
    event = draft.event
    if event.type == "AGREE" and event.factuality == Factuality.NEGATED:
        event.type, event.mode = "REJECT", None
        event.cameo = ontology.event_types["REJECT"].cameo
        event.quad_class = ontology.quad_class(event.cameo)
        event.intensity = ontology.intensity(event.cameo)
        event.factuality = Factuality.ASSERTED


def _keys(actors: list[Actor]) -> set[str]:
    """What identifies an actor for merging: KB id, country, affiliation."""
    keys: set[str] = set()
    for actor in actors:
        keys.update(k for k in (actor.kb_id, actor.country, actor.affiliation and f"aff:{actor.affiliation}") if k)
    return keys


def _compatible(a: list[Actor], b: list[Actor]) -> bool:
    ka, kb = _keys(a), _keys(b)
    return not (ka and kb) or bool(ka & kb)


HEADLINE_REACH = 3  # a headline event is looked for in the first sentences of the body
STRONG_ANAPHORA = {"these", "those", "such", "this", "that"}


def _same_happening(first: _Draft, later: _Draft, title_end: int = 0) -> bool:
    """Whether a later mention refers to the same happening as an earlier one."""
    a, b = first.event, later.event
    if a.type != b.type or a.factuality != b.factuality:
        return False
    if not (_compatible(a.actors, b.actors) and _compatible(a.recipients, b.recipients)):
        return False
    if a.date.source.value == "timex" and b.date.source.value == "timex" and a.date.start != b.date.start:
        return False
    token = later.trigger_token
    if token.sent == first.trigger_token.sent:
        # two fully specified events in one sentence stay apart ("X hit Y and Z hit W")
        return not (a.actors and b.actors and a.recipients and b.recipients)
    if first.trigger_token.idx < title_end:
        return b.sentence <= HEADLINE_REACH  # the headline announces what the lead reports
    if token.pos_ == "VERB":
        return False
    dets = {c.lower_ for c in token.children if c.dep_ in {"det", "poss"}}
    same_word = token.lemma_ == first.trigger_token.lemma_
    return bool(dets & STRONG_ANAPHORA) or ("the" in dets and same_word)


def _absorb(target: Event, other: Event) -> None:
    target.evidence.append(other.trigger)
    for attr in ("actors", "recipients"):
        mine: list[Actor] = getattr(target, attr)
        for actor in getattr(other, attr):
            if not any(
                (m.kb_id and m.kb_id == actor.kb_id)
                or m.text == actor.text
                or (m.country, m.sectors) == (actor.country, actor.sectors)
                and m.country
                for m in mine
            ):
                mine.append(actor)
    if target.date.source.value != "timex" and other.date.source.value == "timex":
        target.date = other.date
    if target.location is None:
        target.location = other.location
    if target.attribution is None:
        target.attribution = other.attribution
    for kind in ("killed", "injured", "arrested"):
        mine_count = getattr(target.casualties, kind)
        theirs = getattr(other.casualties, kind)
        if theirs is not None and (mine_count is None or theirs.min > mine_count.min):
            setattr(target.casualties, kind, theirs)
    target.confidence = max(target.confidence, other.confidence)


__all__ = ["Arguments", "EventCoder", "Factuality"]
