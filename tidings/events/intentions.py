"""Stated intentions: "X will visit Y", "X pledged to send aid", "X is ready to talk".

PLOVER codes an event that its own actor announces for the future as the announcement:
AGREE (CAMEO 03x, "express intent to ...") when the intended event is cooperative,
THREATEN (CAMEO 13x) when it is conflictual ("will boycott the elections", "plans to
impose restrictions") or when a condition with "unless" makes the intention a threat
("will withdraw its force unless ..."). The word lists and the type -> CAMEO table are
data (``tidings/data/lexicon/intentions.yaml``).

An intention is recognised only where the syntax names its holder as the subject of
the intended event: a modal auxiliary of the event verb ("X will visit", "said it
would boycott") or a commitment word governing the event verb's to-infinitive ("X is
ready to contribute", "X plans to impose"). Scheduled or passive events ("talks will
be held"), adjectival plans ("the planned withdrawal") and relative clauses ("a plan
that will allow ...") are not intentions.

Choice: the intended event is kept as well, with its ``planned`` factuality and its own
date ("will evacuate the settlements in mid-August"), because it is what an analyst
tracks from plan to happening; the intention is a separate event that ranks above it
(a higher confidence), dated by the statement. Where the commitment word is itself an
AGREE or THREATEN trigger ("pledged to send aid", "threatened to attack") no second
event is made: that event's generic code (030, 130) is refined from the intended
event ("pledged to send aid" -> 033).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from spacy.tokens import Token

from tidings.errors import KnowledgeError
from tidings.events.lexicon import LEXICON_DIR, Ontology, _read_yaml

AGREE, THREATEN = "AGREE", "THREATEN"


@dataclass(frozen=True, slots=True)
class IntentionCues:
    """Word lists and the intended type -> CAMEO table of ``intentions.yaml``."""

    modals: frozenset[str]
    commitments: frozenset[str]
    threat_marks: frozenset[str]
    agree: dict[str, str]  # "TYPE" or "TYPE/mode" -> CAMEO code
    threaten: dict[str, str]


@dataclass(frozen=True, slots=True)
class Intention:
    """An intention found for an event: the cue ("will", "ready"), the intended verb, the code."""

    cue: Token
    verb: Token
    type: str  # AGREE | THREATEN
    cameo: str
    mode: str | None


def _strings(data: dict[str, Any], key: str) -> frozenset[str]:
    value = data.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise KnowledgeError(f"intentions.yaml: '{key}' must be a list of strings")
    return frozenset(v.lower() for v in value)


def _codes(data: dict[str, Any], key: str) -> dict[str, str]:
    value = data.get(key)
    if not isinstance(value, dict):
        raise KnowledgeError(f"intentions.yaml: '{key}' must map TYPE or TYPE/mode to a CAMEO code")
    return {str(k): str(v) for k, v in value.items()}


@cache
def load_intentions() -> IntentionCues:
    """The intention cues of ``lexicon/intentions.yaml``, validated."""
    data = _read_yaml(LEXICON_DIR / "intentions.yaml")
    return IntentionCues(
        modals=_strings(data, "modals"),
        commitments=_strings(data, "commitments"),
        threat_marks=_strings(data, "threat_marks"),
        agree=_codes(data, "agree"),
        threaten=_codes(data, "threaten"),
    )


def _clause_verb(trigger: Token, governor: Token | None) -> Token | None:
    """The verb whose subject does the event: the trigger, or a nominal's light verb."""
    verb = trigger if trigger.pos_ in {"VERB", "AUX"} else governor
    if verb is None:
        return None
    while verb.dep_ == "conj" and verb.head.pos_ in {"VERB", "AUX"}:
        verb = verb.head  # "will withdraw and release": the first conjunct holds the modal
    return verb


def _holder_cue(verb: Token, cues: IntentionCues) -> Token | None:
    """The token stating the intention, when the verb's own subject holds it."""
    kids = list(verb.children)
    if verb.dep_ == "relcl" or any(c.dep_ in {"neg", "auxpass", "nsubjpass"} for c in kids):
        return None
    modal = next((c for c in kids if c.dep_ == "aux" and c.lower_ in cues.modals), None)
    if modal is not None:
        return modal if any(c.dep_ in {"nsubj", "expl"} for c in kids) else None
    head = verb.head
    if verb.dep_ != "xcomp" or any(c.dep_ == "nsubj" for c in kids):
        return None  # "wants Israel to withdraw": another subject, not an intention
    if head.lemma_.lower() not in cues.commitments or any(c.dep_ == "neg" for c in head.children):
        return None
    return head


def _condition_threatens(verb: Token, cues: IntentionCues) -> bool:
    for clause in verb.subtree:
        if clause.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in cues.threat_marks for m in clause.children):
            return True
    return False


def _lookup(table: dict[str, str], type_: str, mode: str | None) -> str | None:
    return table.get(f"{type_}/{mode}") or table.get(type_) if mode else table.get(type_)


def stated_intention(
    trigger: Token,
    governor: Token | None,
    type_: str,
    mode: str | None,
    cues: IntentionCues,
    ontology: Ontology,
) -> Intention | None:
    """The intention an event mention states, or None (see the module docstring)."""
    verb = _clause_verb(trigger, governor)
    if verb is None:
        return None
    cue = _holder_cue(verb, cues)
    if cue is None:
        return None
    threat = _condition_threatens(verb, cues)
    code = None if threat else _lookup(cues.agree, type_, mode)
    kind = AGREE
    if code is None:
        code, kind = _lookup(cues.threaten, type_, mode), THREATEN
        if code is None or (type_ in _types(cues.agree) and not threat):
            return None
    if code not in ontology.cameo:
        raise KnowledgeError(f"intentions.yaml: CAMEO {code!r} is not in cameo.tsv")
    _, cameo_mode = ontology.plover_for_cameo(code)
    modes = ontology.event_types[kind].modes if kind in ontology.event_types else {}
    return Intention(cue, verb, kind, code, cameo_mode if cameo_mode in modes else None)


def _types(table: dict[str, str]) -> set[str]:
    return {key.split("/")[0] for key in table}


__all__ = ["Intention", "IntentionCues", "load_intentions", "stated_intention"]
