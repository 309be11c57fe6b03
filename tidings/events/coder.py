"""Stage 5, events: triggers to coded event records.

For each trigger the lexicon recognises, the coder finds the arguments in the parse
(``arguments``), resolves them to actors (``tidings.actors``), and adds factuality and
attribution (``factuality``), casualties (``casualties``), date and place
(``anchoring``), the CAMEO code, quad class and intensity (``lexicon``'s ontology),
stated intentions as AGREE or THREATEN events (``intentions``). Mentions of one
happening within the document are merged into one record (``merge``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from tidings.actors import ActorKB, Resolution, leading_country
from tidings.events import anchoring
from tidings.events.arguments import (
    ARMED_HEADS,
    COLLECTIVE_HEADS,
    _light_verb_frame,
    alternatives,
    inner_tiers,
    located_in,
    noun_arguments,
    phrase,
    verb_arguments,
)
from tidings.events.casualties import CasualtyCues, accidental, find_casualties
from tidings.events.factuality import FactualityCues, attribution, factuality
from tidings.events.intentions import Intention, IntentionCues, load_intentions, stated_intention
from tidings.events.lexicon import Lexicon, Ontology, Trigger
from tidings.events.merge import Draft, merge
from tidings.records import Actor, Casualties, Document, Event, EventDate, Factuality, Location, Place, Timex
from tidings.records import Span as TextSpan
from tidings.time import dateline_span, find_dateline

log = logging.getLogger(__name__)

INTENDED = {Factuality.PLANNED, Factuality.ASSERTED, Factuality.HYPOTHETICAL}
INTENTION_BONUS = 0.1  # the stated intention ranks above the intended event
INTENTION_NOTE = "stated intention"  # the lexicon-entry note of a stated-intention draft
MATERIAL_TARGETS = {"ASSAULT", "COERCE"}  # types whose target may be a thing: "shelled a checkpoint"
PLACE_TARGET_TYPES = {"ASSAULT", "COERCE", "AID", "MOBILIZE", "RETREAT"}  # done to a place, not its government
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
    locative: bool = False  # named as where something happens ("flew to Moscow"), not as a party


class EventCoder:
    """Codes the events of a parsed document. Holds the knowledge; keeps no state between calls."""

    def __init__(
        self,
        lexicon: Lexicon,
        ontology: Ontology,
        kb: ActorKB,
        fact_cues: FactualityCues,
        casualty_cues: CasualtyCues,
        intention_cues: IntentionCues | None = None,
    ) -> None:
        self.lexicon = lexicon
        self.ontology = ontology
        self.kb = kb
        self.fact_cues = fact_cues
        self.casualty_cues = casualty_cues
        self.intention_cues = intention_cues if intention_cues is not None else load_intentions()

    # -- triggers -------------------------------------------------------------------
    def triggers(self, doc: Doc) -> list[tuple[Token, Trigger]]:
        found = []
        for token in doc:
            if token.pos_ not in {"VERB", "NOUN", "PROPN"} or token.ent_type_ in NAMED:
                continue
            if token.dep_ == "amod" or (token.dep_ == "compound" and token.head.pos_ in {"NOUN", "PROPN"}):
                continue  # "captured territories", "strike force", "the kidnapping Ring": a modifier
            if _nominal_participle(token):
                continue  # "evacuated the wounded", "many dead and wounded": people, not an event
            if _generic_mention(token):
                continue  # "stop the repression, kidnappings and torture": a kind of event, no event
            entry = self.lexicon.match(token)
            if entry is None:
                continue
            if entry.type == "ASSAULT" and accidental(token, self.casualty_cues):
                continue  # "died when a plane crashed", "crashed, destroying several homes": no attack
            found.append((token, entry))
        return found

    # -- actors ---------------------------------------------------------------------
    def _resolve(self, span: Span, when: dt.date | None) -> Resolution | None:
        text = span.text.strip()
        if not text:
            return None
        return self.kb.resolve(text, when)

    def actor(
        self, head: Token, when: dt.date | None, mentions: list[Mention], avoid: frozenset[str] = frozenset()
    ) -> Actor | None:
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
        if resolution is not None and resolution.kind == "state" and resolution.sectors == ["CVL"]:
            resolution = self._people_of(head, span, when) or resolution
        lowered = span.text.lower()
        if resolution is None or lowered in PRONOUN_COUNTRY | PRONOUN_GROUP or head.pos_ == "PRON":
            back = self._back_reference(lowered, head, mentions, avoid)
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
                resolution = dataclasses.replace(back, sectors=sectors or list(back.sectors))
        possessor = next((c for c in head.children if c.dep_ == "poss" and c.pos_ in {"PROPN", "NOUN"}), None)
        if possessor is not None and (resolution is None or (resolution.kind == "agent" and not resolution.country)):
            # "the IRA's Belfast brigade", "Hezbollah's fighters": the unit belongs to its owner
            owned = self._resolve(phrase(possessor), when)
            if owned is not None and owned.kind != "agent":
                sectors = list(resolution.sectors) if resolution is not None else []
                resolution = dataclasses.replace(owned, sectors=sectors or list(owned.sectors))
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

    def _people_of(self, head: Token, span: Span, when: dt.date | None) -> Resolution | None:
        """A people named with the state they live in: "the Albanians of southern Serbia"
        (the phrase stops at "of"; the knowledge base reads the whole)."""
        for child in head.rights:
            if child.dep_ == "prep" and child.lower_ == "of":
                return self._resolve(head.doc[span.start : child.right_edge.i + 1], when)
        return None

    def _back_reference(
        self, lowered: str, head: Token, mentions: list[Mention], avoid: frozenset[str] = frozenset()
    ) -> Resolution | None:
        """What "the country", "his country", "the group", "they" refer to: the last compatible
        mention before the phrase (``avoid``: countries that cannot be meant, e.g. the actor's
        own in "the U.S. military withdrew from the country")."""
        before = [m for m in mentions if m.start < head.idx]
        if lowered in PRONOUN_COUNTRY:
            wants_person = lowered.split()[0] in {"his", "her"}
            for m in reversed(before):
                if wants_person and m.resolution.kind == "person" and m.resolution.country:
                    state = self.kb.entry(f"state:{m.resolution.country}")
                    return Resolution(
                        name=state.name if state is not None else m.resolution.country,
                        kb_id=state.kb_id if state is not None else None,
                        country=m.resolution.country,
                        sectors=[],
                        affiliation=None,
                        kind="state",
                        id=f"state:{m.resolution.country}",
                    )
                if not wants_person and m.resolution.kind == "state" and m.resolution.country not in avoid:
                    return m.resolution
            return None
        if lowered in PRONOUN_GROUP or head.lower_ in {"they", "it"}:
            for m in reversed(before):
                if m.resolution.kind in {"group"} or "REB" in m.resolution.sectors:
                    return m.resolution
        return None

    def mentions(self, doc: Doc, when: dt.date | None) -> tuple[list[Mention], list[Mention]]:
        """Resolved named phrases in document order (for back-references), and the generic
        agents ("Cyprus's parliament"), which are no antecedents but name a state."""
        out = []
        agents = []
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
                out.append(Mention(chunk.start_char, resolution, _locative(chunk)))
            elif resolution is not None:
                seen.add(chunk.start_char)
                agents.append(Mention(chunk.start_char, resolution))
        out.sort(key=lambda m: m.start)
        return out, agents

    # -- one document -----------------------------------------------------------------
    def code(self, doc: Doc, document: Document, timexes: Sequence[Timex], places: Sequence[Place]) -> list[Event]:
        published = document.published_date
        triggers = self.triggers(doc)
        trigger_ids = {t.i for t, _ in triggers}
        text = doc.text  # spaCy rebuilds Doc.text on every access: read it once
        title_end = len(document.title) if document.title and text.startswith(document.title) else 0
        mentions, agents = self.mentions(doc, published)
        # the state the text is about: the one its parties name most ("Cyprus's parliament"
        # names Cyprus too; "flew to Moscow" names a place, no party), those of the headline
        # and lede twice (a story names its subject there first), else its places
        lede = _lede_end(doc, title_end)
        named = [
            m.resolution for m in (*mentions, *agents) if not m.locative for _ in range(2 if m.start < lede else 1)
        ]
        main = self.kb.main_country(named) or leading_country(p.country for p in places)
        contexts = self.contexts(doc)
        drafts: list[Draft] = []
        intended: list[tuple[Draft, Intention]] = []
        last_source: Span | None = None
        narrative: dict[int, EventDate] = {}  # paragraph start -> last own date
        # the dateline ("GOMA, Congo (AP) -", "BAGHDAD, Jan. 28 (Reuters) -") names the
        # report's place and date, no event's: its date dates events only as the publication
        # date, the last resort, and its words are no party to them
        dateline_end = max((s.end for s in (dateline_span(text), find_dateline(text)[1]) if s), default=0)
        dating = [t for t in timexes if t.start >= dateline_end]
        for token, entry in triggers:
            governor = None
            if token.pos_ != "VERB":
                governor, _ = _light_verb_frame(token)
            args = verb_arguments(token, entry.type) if token.pos_ == "VERB" else noun_arguments(token, entry.type)
            fact = factuality(token, self.fact_cues, governor)
            source = attribution(token, self.fact_cues, last_source, text)
            if source is not None and source.root.ent_type_ == "ORG":
                last_source = source
            governors = {governor.i} if governor is not None else set()
            paragraph = text.rfind("\n", 0, token.idx) + 1
            date = anchoring.event_date(
                doc,
                token,
                governors,
                dating,
                trigger_ids,
                fact,
                published,
                narrative.get(paragraph),
                self.fact_cues.reporting,
            )
            if date.source.value == "timex":
                narrative[paragraph] = date
            when = date.start or date.end or published  # office-holders are resolved in the event's time
            actors = self._actors(args.actors, when, mentions)
            own = frozenset(a.country for a in actors if a.country)
            material = entry.type in MATERIAL_TARGETS
            recipients = self._recipients(args.recipients, when, mentions, own, material)
            if not recipients and args.fallback:
                recipients = self._recipients(args.fallback, when, mentions, own, material)
            if not recipients and len(actors) > 1 and entry.type in RECIPROCAL_TYPES:
                # "X and Y agreed / met / clashed": each is the other's recipient
                recipients = [dataclasses.replace(a) for a in actors]
            actor_tokens = {t.i for head in args.actors + args.recipients for t in phrase(head)}
            location = anchoring.event_location(doc, token, governors, places, trigger_ids, actor_tokens)
            if location is None:
                location = _target_place(recipients, places, entry.type)
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
                confidence=_confidence(token, entry, actors, recipients or _place_parties(doc, location, places)),
            )
            drafts.append(Draft(token, entry, event, governor))
            if fact in INTENDED:
                cues = self.intention_cues
                intention = stated_intention(token, governor, entry.type, event.mode, cues, self.ontology)
                if intention is not None:
                    intended.append((drafts[-1], intention))
        by_token = {d.trigger_token.i: d for d in drafts}
        for draft, intention in intended:
            stated = by_token.get(intention.cue.i)
            if stated is not None:  # "pledged to send aid": the pledge is the intention; refine its code
                if stated.event.type == intention.type and stated.event.cameo == self._generic(intention.type):
                    self._recode(stated.event, intention.cameo, intention.mode)
                continue
            statement = intention.verb.head if intention.verb.dep_ == "ccomp" else intention.verb
            date = anchoring.event_date(
                doc, statement, set(), timexes, trigger_ids, Factuality.ASSERTED, published, None
            )
            drafts.append(self._intention_draft(doc, draft, intention, date))
        drafts.sort(key=lambda d: d.trigger_token.i)
        for draft in drafts:
            _opposite_of_negated(draft, self.ontology)
        _rank_embedded(drafts)
        _rank_purpose(drafts)
        _rank_background(drafts)
        drafts = self._fold_casualties(drafts)
        self._attach_casualties(doc, drafts)
        events = merge(drafts, title_end)
        for event in events:
            if dateline_end:
                event.actors = [a for a in event.actors if a.start >= dateline_end]
                event.recipients = [r for r in event.recipients if r.start >= dateline_end]
            if not event.recipients:  # "imposed a curfew in Cizre": the place is the target
                event.recipients = _place_parties(doc, event.location, places)
            _locate_parties(event, places, main)
        for n, event in enumerate(events, start=1):
            event.id = f"{document.id}-e{n}"
        return events

    def _generic(self, type_: str) -> str | None:
        kind = self.ontology.event_types.get(type_)
        return kind.cameo if kind is not None else None

    def _recode(self, event: Event, cameo: str, mode: str | None) -> None:
        event.cameo, event.mode = cameo, mode
        event.quad_class = self.ontology.quad_class(cameo)
        event.intensity = self.ontology.intensity(cameo)

    def _intention_draft(self, doc: Doc, draft: Draft, intention: Intention, date: EventDate) -> Draft:
        """The AGREE/THREATEN event stating the intended event of ``draft``."""
        first, last = sorted((intention.cue, intention.verb), key=lambda t: t.i)
        planned = draft.event
        event = dataclasses.replace(
            planned,
            type=intention.type,
            mode=intention.mode,
            actors=[dataclasses.replace(a) for a in planned.actors],
            recipients=[dataclasses.replace(a) for a in planned.recipients],
            date=date,
            factuality=Factuality.ASSERTED,
            casualties=Casualties(),
            trigger=TextSpan(doc[first.i : last.i + 1].text, first.idx, last.idx + len(last.text)),
            confidence=round(min(planned.confidence + INTENTION_BONUS, 0.95), 2),
            evidence=[],
        )
        self._recode(event, intention.cameo, intention.mode)
        entry = dataclasses.replace(
            draft.entry, type=intention.type, mode=intention.mode, cameo=intention.cameo, note=INTENTION_NOTE
        )
        return Draft(intention.cue, entry, event, None)

    def _actors(
        self, heads: list[Token], when: dt.date | None, mentions: list[Mention], avoid: frozenset[str] = frozenset()
    ) -> list[Actor]:
        out: list[Actor] = []
        for head in heads:
            actor = self.actor(head, when, mentions, avoid)
            if actor is not None and not any(a.start == actor.start for a in out):
                out.append(actor)
        return out

    def _recipients(
        self,
        heads: list[Token],
        when: dt.date | None,
        mentions: list[Mention],
        avoid: frozenset[str],
        material: bool = False,
        depth: int = 0,
    ) -> list[Actor]:
        """Recipients from candidate heads. A thing ("aid to Mozambique", "calls by Belarus's
        rulers", "the rights of Palestinians") is not a recipient: the party it concerns is.
        A thing with no party inside counts only when it names a country ("German goods"),
        or when the event is ``material`` violence, whose target may be a thing ("shelled a
        checkpoint")."""
        out: list[Actor] = []
        for head in heads:
            actor = self.actor(head, when, mentions, avoid)
            if self._is_thing(head):
                inner: list[Actor] = []
                if depth < 3:
                    for tier in inner_tiers(head) + ([] if material else [located_in(head)]):
                        inner = self._recipients(tier, when, mentions, avoid, material, depth + 1)
                        if inner:
                            break
                if inner:
                    out += [a for a in inner if not any(o.start == a.start for o in out)]
                    continue
                if actor is not None and not actor.country and not material:
                    actor = None  # "military aid", "a general strike": no party named
                elif actor is not None and actor.country in avoid and _owned_by_pronoun(head):
                    actor = None  # "its economic assistance": the actor's own thing
            if actor is not None and not any(a.start == actor.start for a in out):
                out.append(actor)
        return out

    def _is_thing(self, head: Token) -> bool:
        """A common noun that does not itself name a party ("aid", "calls", "extension")."""
        if head.pos_ != "NOUN" or head.ent_type_ in NAMED | {"NORP"}:
            return False
        lowered = head.lemma_.lower()
        if lowered in COLLECTIVE_HEADS or lowered in ARMED_HEADS or head.lower_ in COLLECTIVE_HEADS:
            return False
        return self.kb.resolve(head.text) is None and self.kb.resolve(head.lemma_) is None

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

    def _fold_casualties(self, drafts: list[Draft]) -> list[Draft]:
        """A casualty verb whose cause is another violent event is that event's toll, not an
        event of its own: "five soldiers were killed in the attack", "were killed by a bomb",
        "opened fire, wounding three" are one attack. Its victims join the cause's
        recipients ("civilians were killed in clashes between the army and rebels"), its
        subject becomes the actor of a cause that names none ("aircraft killed 46
        civilians in an attack"); the count is attached later."""
        violent = {d.trigger_token.i: d for d in drafts if d.entry.type in MATERIAL_TARGETS}
        kept = []
        for draft in drafts:
            token = draft.trigger_token
            cause = None
            if draft.entry.type == "ASSAULT" and token.lemma_.lower() in self.casualty_cues.kinds:
                cause = next((violent[t.i] for t in _causes(token) if t.i in violent), None)
            if cause is None or cause is draft:
                kept.append(draft)
                continue
            known = {r.start for r in cause.event.recipients}
            cause.event.recipients += [r for r in draft.event.recipients if r.start not in known]
            if not any(a.country or a.sectors for a in cause.event.actors) and draft.event.actors:
                cause.event.actors = draft.event.actors  # "aircraft killed 46 civilians in an attack"
            if cause.event.confidence < draft.event.confidence:
                cause.event.confidence = draft.event.confidence
        return kept

    def _attach_casualties(self, doc: Doc, drafts: list[Draft]) -> None:
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
                target = _casualty_event(word, kind, local)
                current = getattr(target.event.casualties, kind)
                if current is None or count.min > current.min:
                    setattr(target.event.casualties, kind, count)


KIND_TYPES = {"killed": "ASSAULT", "injured": "ASSAULT", "arrested": "COERCE"}


def _casualty_event(word: Token, kind: str, local: list[Draft]) -> Draft:
    """The event a casualty word belongs to: the nearest governing trigger ("opened fire,
    killing one person and arresting 12": the killing is the firing's), else the nearest
    trigger of the kind's type (deaths to an assault, arrests to a coercion), else the
    nearest trigger."""
    by_index = {d.trigger_token.i: d for d in local}
    for token in [word, *word.ancestors]:
        if token.i in by_index:
            return by_index[token.i]
    fitting = [d for d in local if d.entry.type == KIND_TYPES.get(kind)] or local
    return min(fitting, key=lambda d: abs(d.trigger_token.i - word.i))


NOMINAL_DEPS = {"dobj", "pobj", "nsubj", "nsubjpass", "conj", "appos", "attr"}
CLAUSE_DEPS = {"aux", "auxpass", "nsubj", "nsubjpass", "agent", "dobj"}


def _nominal_participle(token: Token) -> bool:
    """A past participle used as a noun for the people it describes ("the wounded", "the
    dead and wounded"): in a noun's place, with a determiner or as a conjunct of an
    adjective, and no clause of its own (no auxiliary, subject, agent or object)."""
    if token.tag_ != "VBN" or token.dep_ not in NOMINAL_DEPS:
        return False
    if any(c.dep_ in CLAUSE_DEPS for c in token.children):
        return False
    determined = any(c.dep_ == "det" for c in token.children)
    return determined or (token.dep_ == "conj" and token.head.pos_ in {"ADJ", "NOUN"})


SPECIFYING_DEPS = {"det", "nummod", "poss", "compound", "prep", "acl", "relcl", "appos", "npadvmod", "quantmod"}
GENERIC_DEPS = {"dobj", "pobj", "conj", "appos"}


def _generic_mention(token: Token) -> bool:
    """A bare plural or mass event noun in a list or an object, with nothing that picks out
    one happening (no determiner, number, possessor, date, place, participant or light verb):
    "stop the repression, kidnappings and torture", "responsible for political murders", "a
    dialogue without bombs". It names a kind of event, not an event."""
    if token.pos_ != "NOUN" or token.dep_ not in GENERIC_DEPS:
        return False
    if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.pos_ == "NOUN":
        return False  # "a week of protests", "a second phase of deportations": the head counts them
    if token.dep_ == "dobj" and not any(c.dep_ == "conj" for c in token.children):
        return False  # "planted bombs": an object alone is the verb's business
    if token.tag_ != "NNS" and not token.lower_.endswith("ing") and token.dep_ != "conj":
        return False
    if any(c.dep_ in SPECIFYING_DEPS for c in token.children):
        return False
    first = token
    while first.dep_ == "conj" and first.head.pos_ in {"NOUN", "PROPN"}:
        first = first.head
    if first is not token and any(c.dep_ in SPECIFYING_DEPS - {"prep"} for c in first.children):
        return False  # "the bombings and shootings": the determiner covers the list
    governor, _ = _light_verb_frame(token)
    return governor is None


CAUSE_PREPS = {"in", "during", "by", "from", "after"}


def _causes(word: Token) -> list[Token]:
    """Tokens that may name the cause of a casualty word: "killed in the attack", "killed by
    a bomb", "opened fire, killing three". Not a conjoined verb ("kidnapped and killed" are
    two events) nor the subject ("a suicide bomber killed 59": the subject is the actor)."""
    found = []
    if word.dep_ in {"advcl", "xcomp"} and word.tag_ == "VBG":
        found.append(word.head)
    head = word.head
    if word.dep_ == "conj" and word.tag_ == "VBG" and head.dep_ in {"advcl", "xcomp"} and head.tag_ == "VBG":
        found.append(head.head)  # "shelled the city, killing two and injuring five": one shelling
    for child in word.children:
        if (child.dep_ == "prep" and child.lower_ in CAUSE_PREPS) or child.dep_ == "agent":
            found.extend(o for o in child.children if o.dep_ in {"pobj", "pcomp"})
    return found


def _owned_by_pronoun(head: Token) -> bool:
    return any(c.dep_ == "poss" and c.pos_ == "PRON" for c in head.children)


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


def _rank_embedded(drafts: list[Draft]) -> None:
    """An event inside the complement of a governing event ranks below it: in "X demanded
    that Y withdraw" the demand is what X did; the withdrawal is only demanded, and ranks
    below the demand however the two are anchored. A stated
    intention is not embedded in the event it states: the cue "will" of "Portugal will
    support Turkey" hangs on "support", yet the pledge (AGREE) is what Portugal did."""
    governing = {d.trigger_token.i: d for d in drafts if d.entry.type in GOVERNING_TYPES}
    for draft in drafts:
        token = draft.trigger_token
        intended = token.head.i if draft.entry.note == INTENTION_NOTE else None
        for _ in range(6):
            if token.head is token:
                break
            child, token = token, token.head
            governor = governing.get(token.i)
            if governor is None and child.dep_ in {"ccomp", "xcomp"}:
                # "reiterated its demand that Israel ease ...": the parser hangs the clause on
                # the verb whose object is the governing noun
                governor = next((governing[c.i] for c in token.children if c.dep_ == "dobj" and c.i in governing), None)
            if governor is None or governor is draft:
                continue
            if governor.trigger_token.i != intended:
                # below the governing event even when that is a weakly anchored noun
                ceiling = governor.event.confidence - 0.01
                lowered = min(draft.event.confidence * EMBEDDED_PENALTY, max(ceiling, 0.1))
                draft.event.confidence = round(lowered, 2)
                break


def _rank_purpose(drafts: list[Draft]) -> None:
    """An event stated as the purpose or accompaniment of another ranks below it: in
    "students staged demonstrations to demand reforms" or "prisoners rioted, demanding a
    referendum" the protest is what happened; the demand is why. The purpose is an
    infinitive or participle clause (advcl, xcomp, acl) on the other trigger or on the light
    verb that governs it ("staged ... demonstrations")."""
    by_index = {d.trigger_token.i for d in drafts}
    for draft in drafts:
        token = draft.trigger_token
        if token.dep_ not in {"advcl", "xcomp", "acl"} or token.pos_ != "VERB":
            continue
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
        if not (infinitive or token.tag_ == "VBG"):
            continue
        head = token.head
        events_there = head.i in by_index or any(
            c.i in by_index and c.dep_ in {"dobj", "nsubj", "nsubjpass"} and c.i != token.i for c in head.children
        )
        if events_there and head.i != token.i:
            draft.event.confidence = round(draft.event.confidence * EMBEDDED_PENALTY, 2)


NEGATED_IS_REJECTION = {"AGREE", "CONCEDE"}


# prepositions and subordinators that make an event the time or scene of another
BACKGROUND_PREPS = {"since", "after", "before", "following", "until", "during", "amid"}
BACKGROUND_MARKS = {"when", "after", "before", "since", "until", "once", "if", "unless"}


def _background(token: Token) -> bool:
    """Whether a trigger names an event only to set the time, scene or condition of its
    clause: "have been demobilized since the accord", "rioting during a summit", "assets
    they lost when Amin expelled them", "to help defend Saudi Arabia if it is attacked", or
    describes a participant ("weapons seized last year", "a bill signed by the minister",
    "guerrillas who overran it")."""
    if token.pos_ in {"NOUN", "PROPN"}:
        return token.dep_ == "pobj" and token.head.lower_ in BACKGROUND_PREPS
    if (token.dep_ == "acl" and token.tag_ == "VBN") or token.dep_ == "relcl":
        return True
    if token.dep_ == "pcomp" and token.tag_ == "VBG":
        return True  # "joining demonstrators in demanding a referendum", "accused of attacking"
    return token.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ in BACKGROUND_MARKS for c in token.children
    )


def _rank_background(drafts: list[Draft]) -> None:
    """A background event ranks below the events of the sentence it sets the scene for."""
    background = [d for d in drafts if _background(d.trigger_token)]
    foreground = [d for d in drafts if d not in background]
    if not foreground:
        return
    for draft in background:
        lowered = draft.event.confidence * EMBEDDED_PENALTY
        sentence = draft.trigger_token.sent
        main = [d.event.confidence for d in foreground if d.trigger_token.sent == sentence]
        if main:
            lowered = min(lowered, max(max(main) - 0.01, 0.1))
        draft.event.confidence = round(lowered, 2)


def _opposite_of_negated(draft: Draft, ontology: Ontology) -> None:
    """ "Failed to reach an agreement", "will not accept", "would not meet the demands": a
    negated agreement or concession is a rejection."""
    event = draft.event
    if event.type in NEGATED_IS_REJECTION and event.factuality == Factuality.NEGATED:
        event.type, event.mode = "REJECT", None
        event.cameo = ontology.event_types["REJECT"].cameo
        event.quad_class = ontology.quad_class(event.cameo)
        event.intensity = ontology.intensity(event.cameo)
        event.factuality = Factuality.ASSERTED


__all__ = ["EventCoder"]


def _place_of(party: Actor, places: Sequence[Place]) -> Place | None:
    """A resolved toponym inside an actor's phrase ("Kharkiv", "the town of Kidal")."""
    for place in places:
        if party.start <= place.start and place.end <= party.end and place.name:
            return place
    return None


def _target_place(recipients: list[Actor], places: Sequence[Place], event_type: str) -> Location | None:
    """A place attacked, entered or supplied is where the event happened: "Russia shelled
    Kharkiv", "delivered flour to Port Sudan". A seat of government named as a recipient is
    the government ("accused Washington") unless the event is done to the place itself."""
    for party in recipients:
        place = _place_of(party, places)
        metonym = bool(party.sectors) and event_type not in PLACE_TARGET_TYPES
        if place is not None and place.feature not in {"country", "continent", "region"} and not metonym:
            return anchoring.location_of(place, "city" if place.feature == "city" else "admin1")
    return None


def _locative(chunk: Span) -> bool:
    """Whether a phrase is the object of a locative preposition ("to Moscow", "in Kabul")."""
    root = chunk.root
    return root.dep_ == "pobj" and root.head.lower_ in anchoring.LOCATIVE


def _lede_end(doc: Doc, title_end: int) -> int:
    """Where the first sentence after the headline (``title_end``: where it ends, 0 for
    none) ends."""
    first = next((s for s in doc.sents if s.end_char > title_end and s.text.strip()), None)
    return first.end_char if first is not None else title_end


def _place_parties(doc: Doc, location: Location | None, places: Sequence[Place]) -> list[Actor]:
    """The people and authorities of the event's place (and of places coordinated with it),
    as the recipients of an event that happens there and names no other ("demonstrated in
    Serbia", "lifted the curfew in Abidjan", "strikes in Pakistan, Somalia and Yemen")."""
    if location is None or not location.country:
        return []
    people = ["CVL"] if location.precision in {"city", "point"} else []  # a town stands for its people
    found = [
        Actor(location.text, location.start, location.end, name=location.name, country=location.country, sectors=people)
    ]
    span = doc.char_span(location.start, location.end, alignment_mode="expand")
    if span is None:
        return found
    for conj in span.root.conjuncts:
        place = next((p for p in places if p.start <= conj.idx < p.end and p.country), None)
        if place is not None and not any(a.start == place.start for a in found):
            found.append(Actor(place.text, place.start, place.end, name=place.name, country=place.country))
    return found


def _locate_parties(event: Event, places: Sequence[Place], main: str | None = None) -> None:
    """Unplaced parties take the country of their own toponym or of the event's place:
    "police in Nairobi" are Kenyan police, the people of Kharkiv are in Ukraine; failing
    both, an unnamed party ("police", "gunmen") takes the state the text is about
    (``main``: the state its resolved mentions name most)."""
    for party in event.actors + event.recipients:
        if party.country is not None:
            continue
        own = _place_of(party, places)
        if own is not None and _ethnic_people(party, own):
            own = None  # "ethnic Albanians in Serbia": a people, not Albania's citizens
        if own is not None and own.country and own.end == party.end:  # "Kharkiv", "residents of Kharkiv"
            party.country = own.country
        elif own is not None and own.country and party.sectors and not _modifier_place(party, own):
            party.country = own.country  # "Darfur rebels", "Kabul police": the toponym names their home
        elif party.sectors and event.location is not None and event.location.country:
            party.country = event.location.country
        elif main is not None and (party.sectors or party.name is None) and own is None:
            if not _opposes_main(event, party, main):
                party.country = main


ARMED = {"REB", "MIL", "UAF", "INS", "SPY"}
STATE = {"GOV", "MIL", "COP", "SPY"}  # a state acting through its government or forces


def _opposes_main(event: Event, party: Actor, main: str) -> bool:
    """An armed recipient of a conflict event whose actor is the main state itself or its
    government or forces ("the U.S. struck militant targets") is its adversary, most likely
    not of that state (a people or faction of it may fight its own: "Bosnian Serbs")."""
    return (
        event.quad_class in (3, 4)
        and party in event.recipients
        and bool(set(party.sectors) & ARMED)
        and any(a.country == main and (not a.sectors or set(a.sectors) & STATE) for a in event.actors)
    )


def _ethnic_people(party: Actor, place: Place) -> bool:
    """A demonym after "ethnic" names a people, not a state's citizens ("ethnic Albanians")."""
    before = party.text[: place.start - party.start].split()
    return bool(before) and before[-1].lower() == "ethnic"


def _modifier_place(party: Actor, place: Place) -> bool:
    """A toponym in "anti-X", "pro-X" or "X-backed" is not the party's own place."""
    before = party.text[: place.start - party.start].lower()
    after = party.text[place.end - party.start :]
    return before.endswith(("anti-", "pro-", "anti ", "pro ")) or after.startswith("-")
