"""Did it happen? Factuality of an event mention, and who says so (attribution).

Factuality walks from the trigger up the dependency tree to the clause that governs it
and looks for cues (word lists in ``tidings/data/lexicon/cues.yaml``): negation
("denied attacking", "did not withdraw"), plans and aims ("will withdraw", "talks aimed
at winding down"), hypotheticals ("could strike"), demands ("called on X to withdraw")
and claims ("militants claimed responsibility for the attack").

Attribution is the cited source: "according to X", the subject of a reporting verb
whose complement holds the event ("officials said ..."), or the speaker of a quotation
that contains it. "The publication" / "the agency" refer back to the last cited outlet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from tidings.records import Factuality

FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})  # auxiliaries that put their verb ahead


@dataclass(frozen=True, slots=True)
class FactualityCues:
    """Lemma sets that signal each factuality value, and reporting verbs."""

    negation: frozenset[str]
    negating_verbs: frozenset[str]
    planned: frozenset[str]
    planned_aux: frozenset[str]
    hypothetical: frozenset[str]
    demanded: frozenset[str]
    claimed: frozenset[str]
    reporting: frozenset[str]
    source_nouns: frozenset[str]  # "the publication", "the agency": refer to the cited outlet


_QUOTES = re.compile(r"[\"“”]")


def cue_hit(token: Token, cues: frozenset[str]) -> bool:
    """Whether a token is a cue: its lemma, or a phrase starting with it ("call on").

    The rest of a phrase must follow the token, or be among its children ("called on X").
    """
    lemma = token.lemma_.lower()
    if lemma in cues:
        return True
    doc = token.doc
    for cue in cues:
        words = cue.split()
        if len(words) < 2 or words[0] != lemma:
            continue
        rest = words[1:]
        following = [t.lemma_.lower() for t in doc[token.i + 1 : token.i + 1 + len(rest)]]
        if following == rest:
            return True
        if len(rest) == 1 and any(c.lower_ == rest[0] and c.dep_ in {"prep", "prt", "dobj"} for c in token.children):
            return True
    return False


# nouns whose "for"-phrase is a past cause, not a plan: "in retaliation for killing ..."
MOTIVE_NOUNS = {
    "retaliation",
    "response",
    "revenge",
    "punishment",
    "responsibility",
    "blame",
    "condemnation",
    "credit",
    "reprisal",
    "arrest",
    "sentence",
    "charge",
    "trial",
}
TOPIC_PREPS = {"about", "for", "on", "over", "toward", "towards", "regarding", "concerning"}
# nouns whose "of"-phrase is a topic or a prospect, not an event that happened: "the issue
# of troop withdrawal", "the possibility of a ceasefire", "the threat of an attack"
TOPIC_NOUNS = {
    "issue",
    "question",
    "matter",
    "subject",
    "topic",
    "possibility",
    "prospect",
    "prospects",
    "idea",
    "notion",
    "option",
    "threat",
    "spectre",
    "specter",
}


def topic_of(trigger: Token) -> bool:
    """Whether the event is only the topic of a noun ("the issue of troop withdrawal")."""
    head = trigger.head
    return (
        trigger.dep_ in {"pobj", "pcomp"}
        and head.lower_ == "of"
        and head.head.pos_ == "NOUN"
        and head.head.lemma_.lower() in TOPIC_NOUNS
    )


def _comment_on(verb: Token, clause: Token) -> bool:
    """Whether ``verb`` only comments on the clause before it, as an appositive the parser
    made its head: "accused Rwanda of backing the group, a charge Kigali denied" -- the
    verb has its own object ("a charge") and the clause stands before it. The clause's own
    event happened; what it reports (the backing) stays under the comment."""
    return (
        clause.dep_ == "ccomp"
        and clause.i < verb.i
        and any(c.dep_ == "dobj" and c.i > clause.i for c in verb.children)
    )


def factuality(trigger: Token, cues: FactualityCues, governor: Token | None = None) -> Factuality:
    """Factuality of the event whose trigger is ``trigger``.

    ``governor`` is the light verb of a nominal event ("launched attacks"), checked too.
    """
    chain = _governing_chain(trigger)
    if governor is not None and governor not in chain:
        chain = [governor, *_governing_chain(governor)]
    if governor is None and topic_of(trigger):
        return Factuality.HYPOTHETICAL
    if governor is None and presupposed(trigger):
        return _presupposed_factuality(trigger, cues)
    first = True
    previous: Token | None = None
    for token in chain:
        own = token is trigger or token is governor
        lowers = {c.lower_ for c in token.children}
        if any(c.dep_ == "neg" for c in token.children) or (lowers & cues.negation and first):
            return Factuality.NEGATED
        if not own and cue_hit(token, cues.negating_verbs):
            return Factuality.NEGATED
        aux = {c.lower_ for c in token.children if c.dep_ in {"aux", "auxpass"}}
        if "would" in aux and token.dep_ == "ccomp" and token.head.lemma_ in cues.reporting:
            return Factuality.PLANNED  # "said it would send troops": a future seen from the past
        if aux & cues.hypothetical or any(
            c.dep_ == "mark" and c.lower_ in {"if", "unless", "whether"} for c in token.children
        ):
            return Factuality.HYPOTHETICAL
        if not own and cue_hit(token, cues.claimed):
            return Factuality.CLAIMED
        if not own and cue_hit(token, cues.demanded):
            return Factuality.DEMANDED
        if aux & cues.planned_aux or (not own and cue_hit(token, cues.planned)):
            return Factuality.PLANNED
        if not own and cue_hit(token, cues.hypothetical):
            return Factuality.HYPOTHETICAL
        if (
            own
            and token.pos_ == "VERB"
            and token.dep_ in {"acl", "advcl"}
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
        ):
            return Factuality.PLANNED  # purpose: "talks to conclude the mission", "returned to assist"
        if (
            own
            and token.pos_ == "NOUN"
            and {c.lemma_.lower() for c in token.children if c.dep_ == "amod"} & cues.planned
        ):
            return Factuality.PLANNED  # "the planned withdrawal", "upcoming talks"
        if (
            not own
            and previous is not None
            and token.dep_ == "prep"
            and token.lower_ in TOPIC_PREPS
            and token.head.pos_ == "NOUN"
            and token.head.lemma_.lower() not in MOTIVE_NOUNS
            and previous.dep_ in {"pcomp", "pobj"}
            and previous.pos_ == "VERB"
        ):
            return Factuality.PLANNED  # "talks about ending the mission", "a framework for ending"
        first = False
        previous = token
        if token.dep_ == "ccomp":
            if own and _comment_on(token.head, token):
                return Factuality.ASSERTED  # the accusation stands; what it charges is denied
            return _complement_factuality(token, cues)
        if token.dep_ == "ROOT":
            break
        if token.head.lemma_ in cues.reporting and not cue_hit(token.head, cues.claimed):
            break  # "officials said X attacked": the report does not change the event; a claim does
    return Factuality.ASSERTED


DEFINITE = {"the", "this", "that", "these", "those"}


def presupposed(trigger: Token) -> bool:
    """A definite event noun that no light verb carries presupposes its event: "investigate
    the murder of X", "an inquiry will look into the killings", "condemned his
    assassination" report a murder, killings and an assassination that happened, whatever
    the modality of the clause around them; so does one whose relative clause tells in
    the past what it did ("vowed to respond to a drone attack that killed three soldiers").
    ("Will launch the attack": the light verb carries the event, and its clause decides.)"""
    if trigger.pos_ not in {"NOUN", "PROPN"} or trigger.dep_ in {"ROOT", "attr"}:
        return False
    head = trigger.head
    if (
        trigger.dep_ == "pobj"
        and head.lower_ in TOPIC_PREPS
        and head.head.pos_ == "NOUN"
        and head.head.lemma_.lower() not in MOTIVE_NOUNS
    ):
        return False  # "a timetable for the withdrawal", "calls for the release": its topic, not a fact
    return any(
        (c.dep_ == "det" and c.lower_ in DEFINITE)
        or c.dep_ == "poss"
        # "a drone attack that killed three soldiers": what it did says it happened
        or (c.dep_ == "relcl" and c.tag_ == "VBD")
        for c in trigger.children
    )


def _presupposed_factuality(trigger: Token, cues: FactualityCues) -> Factuality:
    """Factuality of a presupposed event: negated only by its own negation ("no attack") or
    by a verb that negates it directly ("denied the attack" reports a denial of the event,
    "prevented the attack" that it did not happen); hedged only by its own modifiers
    ("the alleged murder", "the planned attack") or a claim ("claimed responsibility for
    the bombing")."""
    if any(c.dep_ == "neg" or c.lower_ in cues.negation for c in trigger.children):
        return Factuality.NEGATED
    modifiers = {c.lemma_.lower() for c in trigger.children if c.dep_ in {"amod", "advmod"}}
    if modifiers & cues.claimed:
        return Factuality.CLAIMED
    if modifiers & cues.planned:
        return Factuality.PLANNED
    if modifiers & cues.hypothetical:
        return Factuality.HYPOTHETICAL
    head = trigger.head
    if trigger.dep_ in {"dobj", "nsubjpass"} and head.pos_ == "VERB" and cue_hit(head, cues.negating_verbs):
        return Factuality.NEGATED
    if any(cue_hit(t, cues.claimed) for t in _governing_chain(trigger)[1:]):
        return Factuality.CLAIMED  # "claimed responsibility for the bombing"
    return Factuality.ASSERTED


def _complement_factuality(clause: Token, cues: FactualityCues) -> Factuality:
    """Factuality a governing verb gives its that-clause: "denied that ...", "claimed that ...",
    "said it would send troops" (a future seen from the past: planned)."""
    governor = clause.head
    if any(c.dep_ == "neg" for c in governor.children) and governor.lemma_ in cues.reporting:
        return Factuality.NEGATED if cue_hit(governor, cues.negating_verbs) else Factuality.ASSERTED
    if cue_hit(governor, cues.negating_verbs):
        return Factuality.NEGATED
    if cue_hit(governor, cues.claimed):
        return Factuality.CLAIMED
    if cue_hit(governor, cues.demanded):
        return Factuality.DEMANDED
    if cue_hit(governor, cues.planned):
        return Factuality.PLANNED
    return Factuality.ASSERTED


def _governing_chain(token: Token) -> list[Token]:
    """The token and its heads up to its clause's governor (at most 8 steps)."""
    chain = [token]
    while token.head is not token and len(chain) < 8:
        # adverbial and relative clauses keep their own factuality
        # ("..., following the airstrike", "the airstrike, which resulted in ...")
        if token.dep_ in {"ccomp", "ROOT", "parataxis", "advcl", "relcl"}:
            break
        token = token.head
        chain.append(token)
    return chain


def attribution(
    trigger: Token, cues: FactualityCues, last_source: Span | None, text: str | None = None
) -> Span | None:
    """The cited source of the event mention, or None. ``text`` is ``trigger.doc.text``,
    passed by callers that code many triggers (spaCy rebuilds ``Doc.text`` on each access)."""
    sent = trigger.sent
    for token in sent:
        if token.lower_ == "according" and token.i + 1 < len(token.doc) and token.nbor(1).lower_ == "to":
            obj = next((c for c in token.nbor(1).children if c.dep_ == "pobj"), None)
            if obj is not None:
                return _resolve_source(_source_phrase(obj), cues, last_source)
    # subject of a reporting verb that governs the trigger
    token = trigger
    for _ in range(10):
        head = token.head
        if head is token:
            break
        if head.lemma_ in cues.reporting and token.dep_ in {"ccomp", "xcomp", "parataxis", "advcl"}:
            subject = next((c for c in head.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
            if subject is not None and subject.pos_ != "PRON":
                return _resolve_source(_source_phrase(subject), cues, last_source)
        token = head
    speaker = quotation_speaker(trigger, text)
    if speaker is not None:
        return _resolve_source(speaker, cues, last_source)
    return None


def _source_phrase(head: Token) -> Span:
    doc = head.doc
    start = min(c.left_edge.i for c in [head, *head.lefts] if c.dep_ != "punct")
    end = head.i + 1
    for child in head.rights:
        if child.dep_ in {"prep", "compound", "appos"} and child.lower_ in {"of", "for"}:
            end = max(end, child.right_edge.i + 1)
    while start < end and doc[start].is_punct:
        start += 1
    return doc[start:end]


def _resolve_source(source: Span, cues: FactualityCues, last_source: Span | None) -> Span:
    """ "the publication" -> the outlet cited before, when there was one."""
    if last_source is not None and source.root.lemma_.lower() in cues.source_nouns:
        return last_source
    return source


def quotation_speaker(trigger: Token, text: str | None = None) -> Span | None:
    """Speaker of the quotation containing the trigger: '"...," the publication explains.'"""
    doc: Doc = trigger.doc
    text = doc.text if text is None else text
    para_start = text.rfind("\n", 0, trigger.idx) + 1
    para_end = text.find("\n", trigger.idx)
    para_end = len(text) if para_end < 0 else para_end
    marks = [m.start() + para_start for m in _QUOTES.finditer(text[para_start:para_end])]
    for open_at, close_at in zip(marks[::2], marks[1::2], strict=False):
        if open_at < trigger.idx < close_at:
            after = doc.char_span(close_at + 1, para_end, alignment_mode="expand")
            before = doc.char_span(para_start, open_at, alignment_mode="expand")
            for region in (after, before):
                if region is None:
                    continue
                for token in region:
                    if token.dep_ in {"nsubj"} and token.head.pos_ == "VERB":
                        return _source_phrase(token)
    return None
