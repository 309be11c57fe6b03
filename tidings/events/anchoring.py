"""When and where: each event's own date and place.

Date, in order of preference:
1. a time expression attached to the event (its clause reaches the trigger through the
   dependency tree, or it directly follows a nominal trigger: "the airstrike in January
   2020"); "since X" gives a range from X to publication;
2. a time expression elsewhere in the sentence not attached to another event nor inside
   a relative clause the event is not in;
3. the narrative time of the paragraph (the last date an earlier sentence of the same
   paragraph gave an event; a past event never takes a narrative time after publication,
   a plan never one before it);
4. the publication date, marked ``source: publication``.
A past event is never dated after publication: an expression that lands after it is
ignored unless the event is planned.

Place: a toponym reached from the trigger through a locative preposition ("in",
"at", "near", "outside", ...), including inside the recipient phrase ("attacks on
forces in Iraq").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from spacy.tokens import Doc, Token

from tidings.events.factuality import FUTURE_AUX
from tidings.records import (
    DateRange,
    DateSource,
    EventDate,
    Factuality,
    Location,
    Place,
    Precision,
    Timex,
)

LOCATIVE = {
    "in",
    "at",
    "near",
    "outside",
    "inside",
    "across",
    "throughout",
    "around",
    "into",
    "on",
    "off",
    "along",
    "within",
    "from",
    "over",
    "towards",
    "toward",
    "to",
}
# nouns naming part of a place: "the outskirts of Kabul", "districts of Kharkiv"
PLACE_PARTS = {
    "outskirts",
    "suburb",
    "suburbs",
    "district",
    "districts",
    "part",
    "parts",
    "center",
    "centre",
    "north",
    "south",
    "east",
    "west",
    "heart",
    "streets",
    "street",
    "area",
    "areas",
    "neighbourhood",
    "neighborhood",
    "neighbourhoods",
    "neighborhoods",
    "coast",
    "edge",
    "border",
    "province",
    "region",
    "city",
    "town",
    "village",
    "capital",
    "port",
    "camp",
}
# events that have not (yet) happened: only these may be dated after publication
UNREALISED = frozenset({Factuality.PLANNED, Factuality.DEMANDED, Factuality.HYPOTHETICAL})
CLAUSE_DEPS = {"ccomp", "advcl", "relcl", "xcomp", "conj", "ROOT", "parataxis", "acl"}


def tokens_of(doc: Doc, start: int, end: int) -> list[Token]:
    span = doc.char_span(start, end, alignment_mode="expand")
    return list(span) if span is not None else []


def _attachment(token: Token, triggers: set[int], stop: int = 8) -> Token | None:
    """The first trigger or clause head above a token (itself excluded)."""
    current = token
    for _ in range(stop):
        head = current.head
        if head is current:
            return head if head.i in triggers else None
        if head.i in triggers:
            return head
        if head.pos_ in {"VERB", "AUX"} and head.dep_ in CLAUSE_DEPS:
            return head
        current = head
    return None


def _clause_verb(token: Token) -> Token:
    """The verb of the clause a token stands in (the token itself for a verb)."""
    current = token
    for _ in range(8):
        if current.pos_ in {"VERB", "AUX"} or current.head is current:
            return current
        current = current.head
    return current


def _root_token(doc: Doc, start: int, end: int) -> Token | None:
    toks = tokens_of(doc, start, end)
    if not toks:
        return None
    inside = {t.i for t in toks}
    for tok in toks:
        if tok.head.i not in inside or tok.head is tok:
            return tok
    return toks[0]


def _nominal_neighbour(doc: Doc, token: Token, triggers: set[int]) -> int | None:
    """A nominal trigger right before a time/place phrase: "airstrike in January 2020"."""
    first = token.i
    while first > 0 and doc[first - 1].lower_ in {
        "in",
        "on",
        "at",
        "during",
        "since",
        "of",
        "the",
        "mid",
        "-",
        "early",
        "late",
    }:
        first -= 1
    before = first - 1
    if before >= 0 and before in triggers and doc[before].pos_ == "NOUN":
        return before
    return None


def _on_report_verb(doc: Doc, timex: Timex, triggers: set[int], report_verbs: frozenset[str]) -> bool:
    root = _root_token(doc, timex.start, timex.end)
    head = _attachment(root, triggers) if root is not None else None
    return head is not None and head.lemma_.lower() in report_verbs


def attached_to(
    doc: Doc, start: int, end: int, trigger: Token, triggers: set[int], governors: set[int], clause: bool = False
) -> bool:
    """Whether the phrase at [start, end) belongs to the event of ``trigger``."""
    root = _root_token(doc, start, end)
    if root is None or root.sent != trigger.sent:
        return False
    neighbour = _nominal_neighbour(doc, root, triggers)
    if neighbour is not None:
        if neighbour == trigger.i:
            return True
        # the nominal event is the setting of this one: "suspended its membership at an
        # emergency summit on Wednesday", "killed in clashes during protests in January"
        setting = doc[neighbour]
        above = _attachment(setting, triggers) if setting.dep_ == "pobj" else None
        return above is not None and (above.i == trigger.i or above.i in governors)
    head = _attachment(root, triggers)
    subordinate = root.head
    if (
        root.dep_ == "npadvmod"
        and subordinate.dep_ == "advcl"
        and any(c.dep_ == "mark" and c.i > root.i for c in subordinate.children)
    ):
        head = subordinate.head  # "closed the crossings last month after a bomb killed ...": the main clause's
    if head is None:
        return False
    if head.i == trigger.i or head.i in governors:
        return True
    if clause and head.i not in triggers and head.i == _clause_verb(trigger).i:
        return True  # "arrived in Beijing for talks": a nominal event takes its clause's time and place
    # the phrase hangs on a nominal event inside this event's own clause ("endorsed the
    # bid at a summit on Wednesday"): the time and place of the setting are this event's too
    if head.pos_ == "NOUN" and head.dep_ == "pobj":
        above = _attachment(head, triggers)
        return above is not None and (above.i == trigger.i or above.i in governors)
    return False


def shared_with_conjunct(doc: Doc, start: int, end: int, trigger: Token, triggers: set[int]) -> bool:
    """Whether the phrase at [start, end) dates a verb conjoined with the trigger, which
    names no time of its own: "kidnapped the principal and seized the pupils on Monday
    night", "met on Monday and agreed to pull back troops"."""
    root = _root_token(doc, start, end)
    if root is None or root.sent != trigger.sent:
        return False
    head = _attachment(root, triggers)
    if head is None:
        return False
    if head.dep_ == "conj" and head.head.i == trigger.i and root.i > head.i:
        return True
    return trigger.dep_ == "conj" and trigger.head.i == head.i and root.i < trigger.i


def _future_clause(trigger: Token) -> bool:
    """Whether the trigger's clause points ahead of the report: a future auxiliary or a
    present-tense verb above it ("will hold talks", "plans to meet"), not a purpose under a
    past verb ("returned in 2014 to assist Baghdad")."""
    token = trigger
    for _ in range(8):
        if token.pos_ in {"VERB", "AUX"}:
            aux_tokens = [c for c in token.children if c.dep_ in {"aux", "auxpass"}]
            auxes = {c.lower_ for c in aux_tokens}
            present = {token.tag_, *(c.tag_ for c in aux_tokens)} & {"VBZ", "VBP"}
            if auxes & FUTURE_AUX or present:
                return True  # "will hold talks", "are expected to hold talks", "wants talks"
            if token.tag_ in {"VBD", "VBN"} and not auxes & {"to"}:
                return False
        if token.head is token:
            return False
        token = token.head
    return False


def _range_of(timex: Timex, published: dt.date | None) -> tuple[dt.date | None, dt.date | None, Precision] | None:
    if timex.range is None:
        return None
    rng: DateRange = timex.range
    start, end, precision = rng.start, rng.end, rng.precision
    if timex.signal == "since":
        return start, published or None, precision
    if timex.signal in {"before", "until", "by"}:
        return None, start, precision
    if timex.signal == "after":
        return end, published or None, precision
    return start, end, precision


def _narrative_fits(narrative: EventDate, future_ok: bool, published: dt.date | None) -> bool:
    """Whether the paragraph's time can date this event: a past event never takes a time
    after publication, a plan never one wholly before it ("will hold talks in the coming
    weeks" after a paragraph on 2011)."""
    if published is None:
        return True
    if future_ok:
        return narrative.end is None or narrative.end >= published
    return narrative.start is None or narrative.start <= published


def _in_other_relative_clause(doc: Doc, timex: Timex, trigger: Token) -> bool:
    """Whether the expression sits in a relative clause that does not hold the trigger
    ("Gulen, who has lived in Pennsylvania since 1999, denies the charges")."""
    token = _root_token(doc, timex.start, timex.end)
    if token is None:
        return False
    for _ in range(10):
        if token.head is token:
            return False
        if token.dep_ == "relcl":
            return not (token.left_edge.i <= trigger.i <= token.right_edge.i)
        token = token.head
    return False


def event_date(
    doc: Doc,
    trigger: Token,
    governors: set[int],
    timexes: Sequence[Timex],
    triggers: set[int],
    factuality: Factuality,
    published: dt.date | None,
    narrative: EventDate | None,
    report_verbs: frozenset[str] = frozenset(),
) -> EventDate:
    """Choose the event's date (see module docstring). A date on a reporting verb
    ("officials said on Wednesday") dates the report, not the events it reports."""
    sent = trigger.sent
    in_sentence = [t for t in timexes if sent.start_char <= t.start < sent.end_char and t.range is not None]
    future_ok = factuality in UNREALISED

    def usable(t: Timex) -> bool:
        return future_ok or published is None or t.range is None or t.range.start <= published

    # a nominal event takes the time of its clause's verb ("the bomb exploded on Monday")
    attached = [
        t
        for t in in_sentence
        if usable(t) and attached_to(doc, t.start, t.end, trigger, triggers, governors, clause=True)
    ]
    free = [
        t
        for t in in_sentence
        if usable(t)
        and t not in attached
        and not any(attached_to(doc, t.start, t.end, doc[i], triggers, set()) for i in triggers if i != trigger.i)
        and not _on_report_verb(doc, t, triggers, report_verbs)
        and not _in_other_relative_clause(doc, t, trigger)
    ]
    shared = [] if attached else [
        t for t in in_sentence if usable(t) and shared_with_conjunct(doc, t.start, t.end, trigger, triggers)
    ]
    for source, pool in ((DateSource.TIMEX, attached), (DateSource.TIMEX, shared), (DateSource.SENTENCE, free)):
        if pool:
            timex = min(pool, key=lambda t: abs(t.start - trigger.idx))
            rng = _range_of(timex, published)
            if rng is not None:
                start, end, precision = rng
                return EventDate(start, end, precision, timex.text, timex.start, timex.end, source)
    if narrative is not None and _narrative_fits(narrative, future_ok and _future_clause(trigger), published):
        return EventDate(
            narrative.start,
            narrative.end,
            narrative.precision,
            narrative.text,
            narrative.start_char,
            narrative.end_char,
            DateSource.NARRATIVE,
        )
    if published is not None:
        return EventDate(published, published, Precision.DAY, None, None, None, DateSource.PUBLICATION)
    return EventDate(None, None, Precision.UNKNOWN, None, None, None, DateSource.NONE)


PRECISION_BY_FEATURE = {
    "country": "country",
    "admin1": "admin1",
    "region": "admin1",
    "continent": "country",
    "admin2": "admin1",
    "city": "city",
}


def event_location(
    doc: Doc, trigger: Token, governors: set[int], places: Sequence[Place], triggers: set[int], actor_tokens: set[int]
) -> Location | None:
    """The place named in the event's clause, or None."""
    sent = trigger.sent
    best: Place | None = None
    best_distance = 10**9
    shared: Place | None = None  # a place a conjoined verb names ("seized the pupils in Bamenda")
    for place in places:
        if not (sent.start_char <= place.start < sent.end_char):
            continue
        root = _root_token(doc, place.start, place.end)
        if root is None or root.i in actor_tokens:
            continue
        if root.dep_ == "compound" and root.head.lower_ in PLACE_PARTS:
            root = root.head  # "in Helmand province", "in Gaza city"
        prep = root.head if root.dep_ == "pobj" else None
        if prep is not None and prep.lower_ == "of" and {prep.head.lower_, prep.head.lemma_.lower()} & PLACE_PARTS:
            prep = prep.head.head if prep.head.dep_ == "pobj" else prep  # "in the outskirts of Kabul"
            if prep.lower_ == "of" or prep.dep_ != "prep":
                prep = root.head  # "shelled districts of Kharkiv": the part is the target itself
                root = prep.head
        elif prep is None or prep.lower_ not in LOCATIVE:
            continue
        if not attached_to(doc, place.start, place.end, trigger, triggers, governors, clause=True):
            if shared is None and shared_with_conjunct(doc, place.start, place.end, trigger, triggers):
                shared = place
            continue
        distance = abs(place.start - trigger.idx)
        if distance < best_distance:
            best, best_distance = place, distance
    best = best or shared
    return location_of(best) if best is not None else None


def location_of(place: Place, precision: str | None = None) -> Location:
    """An event location at a resolved toponym; precision from its feature unless given."""
    if precision is None:
        precision = (
            "point" if place.feature in {"fac", "point"} else PRECISION_BY_FEATURE.get(place.feature or "", "city")
        )
    return Location(
        place.text,
        place.start,
        place.end,
        place.name,
        place.geonameid,
        place.lat,
        place.lon,
        place.country,
        place.admin1,
        precision,
    )
