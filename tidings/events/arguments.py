"""Who did it and to whom: actor and recipient phrases from the dependency parse.

Handles active and passive clauses, coordination, reciprocal subjects ("X and Y held
talks", "dialogue between X and Y"), object control ("called on X to withdraw"),
subject control and conjoined verbs, relative clauses, nominal events with possessives,
adjectives, compounds and "by" phrases ("Israel's offensive", "the Israeli offensive",
"strikes by US forces"), and light verbs ("conducted strikes", "held talks").

Functions here return token heads; ``phrase`` turns a head into the span a reader
would call the actor.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from spacy.tokens import Span, Token

from tidings.errors import KnowledgeError


def _load_words() -> dict[str, Any]:
    """The argument finder's word lists (``data/lexicon/arguments.yaml``)."""
    path = Path(__file__).resolve().parent.parent / "data" / "lexicon" / "arguments.yaml"
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    missing = {"light_verbs", "object_control", "recipient_preps", "collective_heads", "armed_heads"} - set(data)
    if missing:
        raise KnowledgeError(f"arguments.yaml: missing {', '.join(sorted(missing))}")
    for key, value in data.items():
        lists = value.values() if isinstance(value, dict) else [value]
        if not all(isinstance(w, str) for words in lists for w in words):
            raise KnowledgeError(f"arguments.yaml: {key} holds a non-string (quote words like 'on', 'no')")
    return data


_WORDS = _load_words()
LIGHT_VERBS: frozenset[str] = frozenset(_WORDS["light_verbs"])
OBJECT_CONTROL: frozenset[str] = frozenset(_WORDS["object_control"])
RECIPIENT_PREPS: dict[str, set[str]] = {k: set(v) for k, v in _WORDS["recipient_preps"].items()}
COLLECTIVE_HEADS: frozenset[str] = frozenset(_WORDS["collective_heads"])
ARMED_HEADS: frozenset[str] = frozenset(_WORDS["armed_heads"])
INSTRUMENT_TYPES: frozenset[str] = frozenset(_WORDS.get("instrument_types", []))
BORDER_NOUNS: frozenset[str] = frozenset(_WORDS.get("border_nouns", []))
FRAME_PREPS: dict[str, frozenset[str]] = {k: frozenset(v) for k, v in _WORDS.get("frame_preps", {}).items()}
STATIVE_PASSIVES: frozenset[str] = frozenset(_WORDS.get("stative_passives", []))
MESSAGE_NOUNS: frozenset[str] = frozenset(_WORDS.get("message_nouns", []))
QUANTITY_HEADS: frozenset[str] = frozenset(_WORDS.get("quantity_heads", []))
DEPARTURE_TYPES: frozenset[str] = frozenset(_WORDS.get("departure_types", []))
EXPLOSIONS: frozenset[str] = frozenset(_WORDS.get("explosions", []))
NOT_PARTIES = {"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"}
POSSESSIVE_PRONOUNS = {"its", "their", "his", "her", "our", "my", "your"}

COMPLEMENT_PREPS = {"to", "for", "with", "on", "against", "from"}
LOCATED = {"in", "inside", "within"}
INNER_PREPS = {"to", "with", "against", "for", "on", "upon", "toward", "towards", "of", "at", "into"}
SUBJECTS = {"nsubj", "csubj"}
REPORTED_PRONOUNS = {"it", "they", "he", "she", "we"}
PASSIVE_SUBJECTS = {"nsubjpass", "csubjpass"}
OBJECTS = {"dobj", "dative", "attr", "oprd"}
# left dependents kept in an actor phrase
PHRASE_LEFT = {
    "det",
    "amod",
    "compound",
    "nmod",
    "poss",
    "nummod",
    "npadvmod",
    "punct",
    "case",
    "quantmod",
    "advmod",
    "predet",
}


@dataclass(slots=True)
class Arguments:
    """Heads of the actor and recipient phrases of one trigger."""

    actors: list[Token] = field(default_factory=list)
    recipients: list[Token] = field(default_factory=list)
    # weaker recipient candidates, used when none of ``recipients`` names an actor:
    # objects inside a complement ("agreed to provide aid for Romania")
    fallback: list[Token] = field(default_factory=list)


def with_conjuncts(token: Token) -> list[Token]:
    """The token and the tokens coordinated with it ("X and Y", "X, Y and Z")."""
    out = [token]
    for conj in token.conjuncts:
        if conj.i > token.i and conj.pos_ in {"PROPN", "NOUN", "PRON"}:
            out.append(conj)
    return out


def _children(token: Token, deps: set[str]) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def _pobjs(token: Token, preps: set[str]) -> list[Token]:
    out: list[Token] = []
    for child in token.children:
        if child.dep_ in {"prep", "agent", "dative"} and child.lower_ in preps:
            for obj in child.children:
                if obj.ent_type_ in {"DATE", "TIME"}:
                    continue  # "demanded on Tuesday that ...": a time is never a party
                if obj.dep_ in {"pobj", "pcomp"} and obj.pos_ in {"PROPN", "NOUN", "PRON", "NUM"}:
                    out.extend(with_conjuncts(obj))
    return out


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in PASSIVE_SUBJECTS or c.dep_ == "auxpass" for c in verb.children) or (
        verb.tag_ == "VBN" and verb.dep_ in {"acl", "amod"}
    )


def _verb_lemmas(verb: Token) -> set[str]:
    """The verb's lemma and the base forms its spelling allows: the parser's lemmatiser
    sometimes errs ("staged" -> "stag"), and "re-" verbs carry the base verb's frame
    ("reimposed" -> "impose")."""
    lower = verb.lower_
    out = {verb.lemma_.lower(), lower}
    for suffix, add in (("ed", ""), ("ed", "e"), ("d", ""), ("es", ""), ("s", ""), ("ing", ""), ("ing", "e")):
        if lower.endswith(suffix) and len(lower) > len(suffix) + 2:
            out.add(lower[: -len(suffix)] + add)
    out |= {w[2:].lstrip("-") for w in out if w.startswith("re") and len(w) > 5}
    return out


def _is_light(verb: Token) -> bool:
    return verb.pos_ in {"VERB", "AUX"} and bool(_verb_lemmas(verb) & LIGHT_VERBS)


def _stative(verb: Token) -> bool:
    """An adjectival passive whose subject is the one who holds the stance: "Israel is
    opposed to", "Vietnam is committed to", "forces were engaged in" (no "by" agent)."""
    return (
        verb.lemma_.lower() in STATIVE_PASSIVES
        and any(c.dep_ in PASSIVE_SUBJECTS for c in verb.children)
        and not _pobjs(verb, {"by"})
    )


def _subjects(verb: Token, seen: int = 0) -> list[Token]:
    """Subjects of a verb, inherited through conjoined, controlled and relative clauses."""
    if seen > 4:
        return []
    if _stative(verb):
        return [t for c in _children(verb, PASSIVE_SUBJECTS) for t in with_conjuncts(c)]
    if _is_passive(verb):
        agents = _pobjs(verb, {"by"})
        if agents:
            return agents
    direct = [t for c in _children(verb, SUBJECTS) for t in with_conjuncts(c)]
    if verb.dep_ == "ccomp" and direct and all(t.lower_ in REPORTED_PRONOUNS for t in direct):
        speaker = [t for t in _subjects(verb.head, seen + 1) if t.lower_ not in REPORTED_PRONOUNS]
        if speaker:  # "Spain said it would send aid": "it" is Spain
            return speaker
    direct = [t for t in direct if t.lower_ not in {"which", "that", "who", "it"} or t.dep_ != "nsubj"]
    rel = [c for c in verb.children if c.dep_ in SUBJECTS and c.lower_ in {"which", "that", "who"}]
    if direct:
        return direct
    if verb.dep_ == "relcl" and _is_passive(verb):
        return []  # "the colonel, who was killed in the attack": the head is the patient
    if verb.dep_ == "relcl" and (rel or True):
        return with_conjuncts(verb.head) if verb.head.pos_ in {"NOUN", "PROPN"} else []
    if verb.dep_ == "conj" and verb.head.pos_ in {"VERB", "AUX"}:
        return _subjects(verb.head, seen + 1)
    if verb.dep_ == "xcomp" and verb.head.pos_ == "ADJ" and verb.head.dep_ in {"acomp", "xcomp"}:
        return _subjects(verb.head.head, seen + 1)  # "France is ready to contribute"
    if verb.dep_ in {"xcomp", "advcl"} and verb.head.pos_ in {"VERB", "AUX"}:
        controller = _controller(verb.head)
        return controller if controller else _subjects(verb.head, seen + 1)
    if verb.dep_ == "acl" and verb.head.pos_ in {"NOUN", "PROPN"}:
        message = verb.head
        if verb.tag_ == "VBG" and message.lemma_.lower() in MESSAGE_NOUNS:
            carrier, _ = _light_verb_frame(message)  # "issued a statement demanding": the issuer
            return _subjects(carrier, seen + 1) if carrier is not None else []
        if verb.tag_ == "VBG":  # "militants attacking the base"
            return with_conjuncts(verb.head)
        return _noun_agents(verb.head)  # "the order from Obama to deploy"
    return []


def _controller(verb: Token) -> list[Token]:
    """Object controller of a control verb: "called on X to ...", "urged X to ..."."""
    if verb.lemma_ not in OBJECT_CONTROL:
        return []
    objs = [t for c in _children(verb, {"dobj"}) for t in with_conjuncts(c)]
    return objs or _pobjs(verb, {"on", "upon"})


def _noun_agents(noun: Token, source_preps: frozenset[str] = frozenset({"by", "from"})) -> list[Token]:
    """Agents of a nominal event: "by X", "from X", "X's", demonym or actor compound,
    "led by X" / "conducted by X", "X in talks"."""
    agents = _pobjs(noun, set(source_preps))
    if agents:
        return agents
    for child in noun.children:  # "the operation led by the U.S."
        if child.dep_ == "acl" and child.lemma_ in LIGHT_VERBS and child.tag_ == "VBN":
            agents = _pobjs(child, {"by"})
            if agents:
                return agents
    if noun.dep_ == "pobj" and noun.head.lower_ == "in" and noun.head.head.pos_ in {"PROPN", "NOUN"}:
        holder = noun.head.head  # "U.S. and Iraq in talks"
        if holder.dep_ not in {"pobj"} or holder.pos_ == "PROPN":
            return with_conjuncts(holder)
    for child in noun.children:
        if child.dep_ == "poss" and child.lower_ not in {"its", "their", "his", "her"}:
            return with_conjuncts(child)
        if child.dep_ == "poss":
            return [child]
    modifiers = [c for c in noun.children if c.dep_ in {"amod", "compound", "nmod"} and c.i < noun.i]
    for child in modifiers:
        if child.ent_type_ in NOT_PARTIES or child.like_num:
            continue  # "a 24-hour strike"
        if child.ent_type_ in {"NORP", "GPE", "ORG", "PERSON"} or child.pos_ == "PROPN":
            return [child]
    return []


def _light_verb_frame(noun: Token) -> tuple[Token | None, bool]:
    """The light verb carrying a nominal event, and whether the noun is its passive subject."""
    while noun.dep_ == "conj" and noun.head.pos_ in {"NOUN", "PROPN"}:
        noun = noun.head  # "launched artillery, mortar and rocket fire": the frame of the first conjunct
    head = noun.head
    if noun.dep_ in {"dobj"} and _is_light(head):
        return head, False
    if noun.dep_ in PASSIVE_SUBJECTS and _is_light(head):
        return head, True
    if noun.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ == "of" and head.head.pos_ == "NOUN":
        return _light_verb_frame(head.head)  # "a round of talks", "$5 million of aid"
    if noun.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ in {"VERB", "AUX"}:
        verb = head.head  # "remained on alert", "were engaged in fighting", "arrived on a visit"
        if _verb_lemmas(verb) & FRAME_PREPS.get(head.lower_, frozenset()):
            return verb, False
    return None, False


def verb_arguments(verb: Token, event_type: str) -> Arguments:
    """Arguments of a verbal trigger."""
    args = Arguments()
    args.actors = _subjects(verb)
    if _stative(verb):
        pass  # the passive subject is the actor; recipients come from prepositions
    elif _is_passive(verb):
        args.recipients = [t for c in _children(verb, PASSIVE_SUBJECTS) for t in with_conjuncts(c)]
        if verb.dep_ == "relcl" and all(t.lower_ in {"who", "that", "which"} for t in args.recipients):
            args.recipients = with_conjuncts(verb.head)
        if not args.recipients and verb.dep_ in {"acl", "amod"}:
            args.recipients = with_conjuncts(verb.head)
    else:
        args.recipients = [t for c in _children(verb, OBJECTS) for t in with_conjuncts(c)]
    if event_type in INSTRUMENT_TYPES:  # "withdrew its soldiers": the forces moved are the actor's
        args.recipients = [t for t in args.recipients if not _own_forces(t)]
    preps = RECIPIENT_PREPS["*"] | RECIPIENT_PREPS.get(event_type, set())
    indirect = [t for c in _children(verb, {"dative"}) if c.pos_ != "ADP" for t in with_conjuncts(c)]
    indirect += _pobjs(verb, {"to", "for"} & preps)
    if indirect and not _is_passive(verb):
        args.recipients = indirect  # "offered troops to Lebanon": the object is the thing given
    args.recipients += [t for t in _pobjs(verb, preps) if t not in args.recipients]
    args.fallback = [t for t in _complement_parties(verb, event_type) if t not in args.actors + args.recipients]
    if "from" in preps:  # "pulled its troops out of Mali"
        args.recipients += [t for c in _children(verb, {"prep"}) if c.lower_ == "out" for t in _pobjs(c, {"of"})]
    if not args.recipients and event_type == "REQUEST":
        args.recipients = request_addressees(verb)  # "demanded that Hamas renounce violence"
    if not args.recipients:
        args.recipients = _across_border(verb)
    between = _pobjs(verb, {"between", "among", "amongst"})
    if between:
        args.actors = between
    if not args.actors and _is_passive(verb):  # "killed in a car bomb explosion"
        args.actors = [t for t in _pobjs(verb, {"in"}) if t.lemma_.lower() in EXPLOSIONS][:1]
    return _dedupe(args)


def _complement_parties(verb: Token, event_type: str) -> list[Token]:
    """Weaker recipient candidates: the parties of a complement ("agreed to provide aid for
    Romania", "threatened to break relations with Russia") or, failing one, of a purpose
    clause or protest phrase ("went on strike to protest Sweden's decision", "a hunger
    strike in protest of the government's refusal")."""
    for comp in _children(verb, {"xcomp"}):
        inner = verb_arguments(comp, event_type)
        return inner.recipients + _pobjs(comp, COMPLEMENT_PREPS) + inner.fallback + _pobjs(comp, LOCATED)
    for comp in _children(verb, {"advcl"}):
        if any(c.dep_ == "aux" and c.lower_ == "to" for c in comp.children):
            inner = verb_arguments(comp, event_type)
            return inner.recipients + _pobjs(comp, COMPLEMENT_PREPS) + inner.fallback
    for cause in _pobjs(verb, {"in"}):
        if cause.lemma_ in {"protest", "defiance", "response", "retaliation", "opposition", "solidarity"}:
            return _pobjs(cause, {"of", "against", "at", "to", "over", "with"})
    return []


def _across_border(verb: Token) -> list[Token]:
    """The country across the border: "massed troops near the border with Ukraine",
    "along Ukraine's border", "on the Ukrainian border"."""
    for token in verb.subtree:
        if token.lemma_.lower() not in BORDER_NOUNS or token.dep_ != "pobj":
            continue
        clause = token.head
        while clause.pos_ not in {"VERB", "AUX"} and clause.head.i != clause.i:
            clause = clause.head
        if clause.i != verb.i:
            continue
        found = _pobjs(token, {"with"}) or [c for c in token.children if c.dep_ == "poss" and c.pos_ == "PROPN"]
        found = found or [
            c for c in token.children if c.dep_ in {"amod", "compound"} and c.ent_type_ in {"GPE", "NORP"}
        ]
        if found:
            return found
    return []


def noun_arguments(noun: Token, event_type: str) -> Arguments:
    """Arguments of a nominal trigger ("strikes on X by Y", "Y's offensive", "Y held talks")."""
    args = Arguments()
    preps = RECIPIENT_PREPS["*"] | RECIPIENT_PREPS.get(event_type, set())
    between = _pobjs(noun, {"between", "among", "amongst"})
    if between:
        args.actors = between
    else:  # "withdrawal from the town": for RETREAT "from" names the place left, not the agent
        args.actors = _noun_agents(noun, frozenset({"by"} if event_type in DEPARTURE_TYPES else {"by", "from"}))
    verb, passive = _light_verb_frame(noun)
    if verb is not None and args.actors and all(t.lower_ in POSSESSIVE_PRONOUNS for t in args.actors):
        # "held their first meeting", "mounted its invasion": the light verb's subject names the owner
        framed = _pobjs(verb, {"by"}) if passive else _subjects(verb)
        args.actors = framed or args.actors
    if not args.actors and verb is not None:
        args.actors = _pobjs(verb, {"by"}) if passive else _subjects(verb)
    if not args.actors and noun.lemma_.lower() in EXPLOSIONS:
        args.actors = [noun]  # "a roadside bombing killed ...": the unclaimed explosion stands for its makers
    if not args.actors:  # last resort: a common-noun modifier ("coalition intervention", "troop withdrawal")
        args.actors = [c for c in noun.children if c.dep_ == "compound" and c.pos_ == "NOUN" and c.i < noun.i][:1]
    args.recipients = [t for t in _pobjs(noun, preps) if t not in args.actors]
    if not args.recipients and verb is not None:  # "gave Ivory Coast aid", "offered support to Kyiv"
        args.recipients = [t for c in _children(verb, {"dative"}) if c.pos_ != "ADP" for t in with_conjuncts(c)]
        args.recipients += [t for t in _pobjs(verb, preps | {"to", "for"}) if t not in args.actors]
    if verb is not None:
        args.fallback = [t for t in _complement_parties(verb, event_type) if t not in args.actors + [noun]]
    of_objects = _pobjs(noun, {"of"})
    if of_objects:
        agentive = event_type in {"RETREAT", "MOBILIZE", "PROTEST"} or (
            event_type == "ASSAULT" and all(_armed(t) for t in of_objects)
        )
        if agentive and not args.actors:
            args.actors = of_objects  # "the withdrawal of US troops", "the operation of the armed forces"
        elif not agentive and not args.recipients:
            args.recipients = of_objects  # "the arrest of the mayor", "the invasion of Iraq"
    return _dedupe(args)


def inner_tiers(noun: Token) -> list[list[Token]]:
    """Phrases inside a non-actor noun that may name the party it concerns, in order of
    preference: its possessor ("Serbia's suppression"), its agent ("calls by X", "an offer
    from X"), then the objects of its other prepositions ("aid to Mozambique", "relations
    with Russia", "the rights of Palestinians")."""
    owners = [t for c in noun.children if c.dep_ == "poss" and c.pos_ != "PRON" for t in with_conjuncts(c)]
    agents = _pobjs(noun, {"by", "from"})
    others = _pobjs(noun, INNER_PREPS)
    return [tier for tier in (owners, agents, others) if tier]


def located_in(noun: Token) -> list[Token]:
    """The place a thing is in ("a curfew in Algiers"): the last resort for its party."""
    return _pobjs(noun, LOCATED)


def request_addressees(verb: Token) -> list[Token]:
    """Who is asked to act in "demanded that X withdraw", "wants X to pay": the subject of
    the requested clause."""
    out: list[Token] = []
    for comp in _children(verb, {"ccomp", "xcomp"}):
        out += [t for c in _children(comp, SUBJECTS | PASSIVE_SUBJECTS) for t in with_conjuncts(c)]
    return [t for t in out if t.lower_ not in REPORTED_PRONOUNS | {"that", "which", "who"}]


def _armed(token: Token) -> bool:
    """Whether a phrase head names armed forces ("the armed forces", "rebel fighters")."""
    return token.lemma_.lower() in ARMED_HEADS or token.lower_ in ARMED_HEADS


def _own_forces(token: Token) -> bool:
    """Armed forces named without another owner: "its soldiers", "500 troops" (not "20 Armenian soldiers")."""
    foreign = any(c.ent_type_ in {"NORP", "GPE"} or c.pos_ == "PROPN" for c in token.children if c.i < token.i)
    return _armed(token) and not foreign


def _counted(token: Token) -> list[Token]:
    """The people counted by a number head: "Thousands of Iraqi Kurds" -> "Kurds",
    "Hundreds of thousands of people" -> "people", "scores of Sierra Leonean and Liberian
    refugees" -> both."""
    found = [token]
    for _ in range(3):
        if not (token.like_num or token.ent_type_ == "CARDINAL" or token.lower_ in QUANTITY_HEADS):
            break
        counted = [o for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
                   for o in c.children if o.dep_ == "pobj"]
        if not counted:
            break
        token = counted[0]
        found = with_conjuncts(token)
    return found


def _dedupe(args: Arguments) -> Arguments:
    seen: set[int] = set()
    heads = [c for t in args.actors for c in _counted(t)]
    actors = [t for t in heads if not (t.i in seen or seen.add(t.i))]  # type: ignore[func-returns-value]
    recipients = [c for t in args.recipients for c in _counted(t) if c.i not in seen]
    fallback = [t for t in args.fallback if t.i not in seen and t not in recipients]
    return Arguments(actors, recipients, fallback)


def phrase(head: Token) -> Span:
    """The actor phrase around a head: its left modifiers, a name in "of" for collectives.

    "Iraqi Prime Minister Mohammed Shia al-Sudani", "a group of Iran-backed militants",
    "the U.S. military", "Iran-backed militias".
    """
    doc = head.doc
    ent = _entity_of(head)
    start = head.i
    for child in head.lefts:
        if child.dep_ in PHRASE_LEFT and child.i < start and not child.is_space:
            start = min(start, child.left_edge.i)
    end = head.i + 1
    if ent is not None:
        start, end = min(start, ent.start), max(end, ent.end)
    if head.lemma_.lower() in COLLECTIVE_HEADS or head.lower_ in COLLECTIVE_HEADS:
        for child in head.rights:
            if child.dep_ == "prep" and child.lower_ == "of":
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        end = max(end, obj.i + 1)
    while start < end and (doc[start].is_punct or doc[start].is_space) and doc[start].text not in {"'"}:
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return doc[start:end]


def _entity_of(token: Token) -> Span | None:
    if not token.ent_type_:
        return None
    for ent in token.doc.ents:
        if ent.start <= token.i < ent.end:
            return ent
    return None


def alternatives(head: Token) -> Iterable[Span]:
    """Other phrases that may name the same actor: appositions, "calling themselves X"."""
    doc = head.doc
    for child in head.children:
        if child.dep_ == "appos":
            yield phrase(child)
        if child.dep_ == "acl":
            for grandchild in child.children:
                if grandchild.dep_ in {"oprd", "attr", "dobj"} and grandchild.pos_ == "PROPN":
                    yield phrase(grandchild)
    if head.lower_ in COLLECTIVE_HEADS or head.lemma_.lower() in COLLECTIVE_HEADS:
        for child in head.rights:  # "leaders of the opposition coalition"
            if child.dep_ == "prep" and child.lower_ == "of":
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        yield phrase(obj)
    if head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.lower_ in COLLECTIVE_HEADS:
        yield phrase(head.head.head)
    ent = _entity_of(head)
    if ent is not None and not (ent.label_ == "NORP" and ent.start > 0 and doc[ent.start - 1].lower_ == "ethnic"):
        yield doc[ent.start : ent.end]  # (not "Albanians" out of "ethnic Albanians": a people, not a state)
