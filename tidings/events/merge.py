"""Within-document merging: later mentions of one happening join the first record.

Mentions of one happening ("regular drone attacks ...", "these attacks are carried out
...", "as a result of these attacks") become one event whose ``evidence`` lists the
other mentions. A headline event merges with the first compatible event of the body.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from tidings.events.lexicon import Trigger
from tidings.records import Actor, Event


@dataclass(slots=True)
class Draft:
    """An event mention before merging, with the tokens that produced it."""

    trigger_token: Token
    entry: Trigger
    event: Event
    governor: Token | None


def merge(drafts: list[Draft], title_end: int = 0) -> list[Event]:
    """Merge later mentions of the same happening into the first one.

    A headline event merges with the first compatible event of the body.
    """
    kept: list[Draft] = []
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
        absorb(target.event, draft.event)
    return [d.event for d in kept]


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


def _same_happening(first: Draft, later: Draft, title_end: int = 0) -> bool:
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
        clause = _relative_clause(token)
        # the clause hangs on the first trigger, or on the words right after it ("the airstrike
        # in January 2020, which resulted in ..." where the parser attaches it to the date)
        describes_first = clause is not None and 0 <= token.doc[clause].head.i - first.trigger_token.i <= 4
        if clause != _relative_clause(first.trigger_token) and not describes_first:
            # "bombings killed 84 at a memorial for X, who was killed in a strike"; but "the
            # airstrike, which resulted in the elimination of X" tells the airstrike's outcome
            return False
        if token.tag_ == "VBG" and token.dep_ in {"advcl", "xcomp"} and token.head.i == first.trigger_token.i:
            return True  # "shelled Kharkiv, killing two civilians": the participle tells the outcome
        if not describes_first and not _linked(first.trigger_token, token):
            return False  # "killed in IS attacks, prompting Russian airstrikes": a new clause, a new event
        # two fully specified events in one sentence stay apart ("X hit Y and Z hit W")
        return not (a.actors and b.actors and a.recipients and b.recipients)
    if first.trigger_token.idx < title_end:
        return b.sentence <= HEADLINE_REACH  # the headline announces what the lead reports
    if token.pos_ == "VERB":
        return False
    dets = {c.lower_ for c in token.children if c.dep_ in {"det", "poss"}}
    same_word = token.lemma_ == first.trigger_token.lemma_
    return bool(dets & STRONG_ANAPHORA) or ("the" in dets and same_word)


def _linked(one: Token, other: Token) -> bool:
    """Whether one trigger governs the other within its own clause: "the attack killed five",
    "were killed in attacks", but not across another verb ("prompting airstrikes")."""
    for low, high in ((one, other), (other, one)):
        token = low
        for _ in range(6):
            if token.head is token:
                break
            token = token.head
            if token.i == high.i:
                return True
            if token.pos_ in {"VERB", "AUX"}:
                break
    return False


def _relative_clause(token: Token) -> int | None:
    """Index of the relative clause holding a token, or None."""
    for _ in range(8):
        if token.dep_ == "relcl":
            return token.i
        if token.head.i == token.i:
            break
        token = token.head
    return None


def absorb(target: Event, other: Event) -> None:
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


__all__ = ["Draft", "absorb", "merge"]
