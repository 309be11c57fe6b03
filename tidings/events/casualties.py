"""How many were killed, injured or arrested, with ranges for vague counts.

"at least 12 people were killed" -> killed {12, None}; "dozens of soldiers suffered
injuries" -> injured {24, 99}; "killing two soldiers and a civilian" -> killed {3, 3}.
Word lists (casualty words, number words, vague quantities) are data in cues.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from tidings.events.cues import QuantityModifier
from tidings.records import Count


@dataclass(frozen=True, slots=True)
class CasualtyCues:
    kinds: dict[str, str]  # lemma -> killed | injured | arrested
    numbers: dict[str, int]  # "two" -> 2
    vague: dict[str, tuple[int, int | None]]  # "dozens" -> (24, 99)
    modifiers: dict[str, QuantityModifier]  # "at least" -> a rule turning N into a range
    tolls: frozenset[str] = frozenset()  # "toll": its figure is a count of the dead
    people: frozenset[str] = frozenset()  # "kill": its victim is a person even with no figure
    accidents: frozenset[str] = frozenset()  # "crash": the deaths it causes are no attack


_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})*$|^\d+$")


def number_of(token: Token, cues: CasualtyCues) -> Count | None:
    """The count a number token stands for, with its modifiers ("at least 12")."""
    low = token.lower_
    value: tuple[int, int | None] | None = None
    if _DIGITS.match(low):
        n = int(low.replace(",", ""))
        value = (n, n)
    elif low in cues.numbers:
        n = cues.numbers[low]
        value = (n, n)
    elif low in cues.vague or token.lemma_.lower() in cues.vague:
        value = cues.vague.get(low) or cues.vague[token.lemma_.lower()]
    if value is None:
        return None
    lo, hi = value
    left = " ".join(t.lower_ for t in token.doc[max(token.i - 3, 0) : token.i])
    for phrase in sorted(cues.modifiers, key=len, reverse=True):
        if left == phrase or left.endswith(" " + phrase):
            new_lo, _ = cues.modifiers[phrase].apply(lo)
            _, new_hi = cues.modifiers[phrase].apply(hi if hi is not None else lo)
            lo, hi = new_lo, (None if hi is None else new_hi)
            break
    return Count(lo, hi)


SINGULAR_PRONOUNS = {"him", "her", "himself", "herself", "he", "she"}
PLURAL_PRONOUNS = {"them", "themselves", "they"}
REFLEXIVES = {"himself", "herself", "themselves", "itself"}


def _bare_count(part: Token) -> Count | None:
    """The count of a victim phrase with no figure, when the casualty word only takes
    people: a singular noun or pronoun is one victim ("killed the mayor", "murdered
    him"), a plural one two or more ("the priests were murdered")."""
    if part.pos_ == "PRON":
        if part.lower_ in SINGULAR_PRONOUNS:
            return Count(1, 1)
        return Count(2, None) if part.lower_ in PLURAL_PRONOUNS else None
    if part.tag_ in {"NNS", "NNPS"}:
        return Count(2, None)
    if part.tag_ in {"NN", "NNP"} or part.pos_ == "PROPN":
        return Count(1, 1)
    return None


def _count_of_noun(noun: Token, cues: CasualtyCues, people: bool = False) -> Count | None:
    """Count carried by a victim phrase: "12 people", "dozens of soldiers", "two soldiers and
    a civilian"; with ``people`` (the casualty word only takes persons) a phrase with no
    figure counts too ("the mayor" 1, "the priests" 2 or more)."""
    total_min, total_max, found = 0, 0, False
    for part in [noun, *[c for c in noun.conjuncts if c.i > noun.i]]:
        if part is not noun and part.lower_ in REFLEXIVES:
            continue  # "killed 23 people as well as themselves": the victims are counted, not the attackers
        count = number_of(part, cues)  # "dozens" as the head itself
        if count is None:
            for child in part.children:
                if child.dep_ in {"nummod", "quantmod", "amod", "det"}:
                    count = number_of(child, cues)
                    if count is None and child.lower_ in {"a", "an", "one"} and part.tag_ in {"NN", "NNP"}:
                        count = Count(1, 1)
                    if count is not None:
                        break
        if count is None and part.tag_ in {"NN"} and any(c.lower_ in {"a", "an", "one"} for c in part.children):
            count = Count(1, 1)
        if count is None and (part.ent_type_ == "PERSON" or (part.tag_ == "NN" and _possessed(part))):
            count = Count(1, 1)  # "Vargas was murdered", "his son was killed"
        if count is None and people:
            count = _bare_count(part)
        if count is None:
            continue
        found = True
        total_min += count.min
        total_max = -1 if count.max is None or total_max < 0 else total_max + count.max
    if not found:
        return None
    return Count(total_min, None if total_max < 0 else total_max)


def _possessed(noun: Token) -> bool:
    return any(c.dep_ == "poss" and c.lower_ in {"his", "her", "their", "its"} for c in noun.children)


PARTICIPLES = {"slain", "dead", "murdered", "assassinated", "killed", "executed", "wounded", "injured"}


def _objects(verb: Token) -> list[Token]:
    """Who a verb of violence was done to: its object, or its passive subject."""
    deps = {c.dep_: c for c in verb.children}
    for dep in ("dobj", "nsubjpass"):
        if dep in deps:
            victim = deps[dep]
            if victim.lower_ in {"who", "that", "which"} and verb.dep_ == "relcl":
                return [verb.head]
            return [victim]
    return []


def _victims(word: Token) -> list[Token]:
    """Victim heads of a casualty word in its common constructions."""
    deps = {c.dep_: c for c in word.children}
    if word.dep_ == "pobj" and word.head.lower_ == "to" and word.head.head.pos_ == "VERB":
        return _objects(word.head.head)  # "were shot to death", "beat him to death"
    if word.pos_ == "ADJ" and word.dep_ in {"oprd", "advmod", "xcomp", "ccomp", "acomp"} and word.head.pos_ == "VERB":
        # "shot dead a journalist", "left eight civilians dead", "were found dead"; with no
        # object the subject is the victim ("five people were dead", "they lay dead")
        objects = _objects(word.head)
        if objects or word.dep_ != "acomp":
            return objects or [c for c in word.head.children if c.dep_ == "nsubj"]
    if word.dep_ == "compound" and word.lower_ in PARTICIPLES:
        return [word.head]  # "the slain minister" (participle tagged as a noun)
    if word.pos_ == "VERB":
        if "nsubjpass" in deps:  # "12 people were killed"
            victim = deps["nsubjpass"]
            if victim.lower_ in {"who", "that", "which"} and word.dep_ == "relcl":
                return [word.head]  # "the officer, who was killed in ..."
            return [victim]
        if word.lemma_ in {"die", "perish"} and "nsubj" in deps:  # "3 soldiers died"
            return [deps["nsubj"]]
        if "nsubj" in deps and deps["nsubj"].pos_ == "NUM" and "dobj" not in deps:
            return [deps["nsubj"]]  # "three were killed and 20 injured"
        if "dobj" in deps:  # "killing two soldiers"
            return [deps["dobj"]]
        if word.dep_ in {"acl", "amod"}:  # "two soldiers killed in ..."
            return [word.head]
    if word.pos_ in {"NOUN", "ADJ"}:
        if word.dep_ == "dobj" and word.head.lemma_ in {"suffer", "sustain", "receive"}:
            subj = [c for c in word.head.children if c.dep_ == "nsubj"]
            return subj  # "dozens of soldiers suffered injuries"
        if word.dep_ in {"acomp", "attr"}:  # "five people were dead"
            return [c for c in word.head.children if c.dep_ == "nsubj"]
        if word.dep_ == "amod":  # "two dead soldiers"
            return [word.head]
        nums = [c for c in word.children if c.dep_ == "nummod"]
        if nums:  # "12 deaths"
            return [word]
        named = [o for p in word.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children]
        if word.pos_ == "NOUN" and named:
            return named[:1]  # "the murder of Jorge Vargas", "the bodies of three farmers"
        owners = [c for c in word.children if c.dep_ == "poss" and c.pos_ in {"NOUN", "PROPN"}]
        if word.pos_ == "NOUN" and owners:
            return owners  # "the students' murder", "Vargas's death"
    return []


INJURY_WORDS = {"injury", "injured", "wounded", "casualty"}


def _toll(noun: Token, cues: CasualtyCues) -> tuple[str, Count] | None:
    """ "the death toll rose to 45", "the toll reached 45", "a toll of 12", "the toll is 12"."""
    kind = "injured" if any(c.lemma_.lower() in INJURY_WORDS for c in noun.children) else "killed"
    figures = [o for p in noun.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children]
    if noun.dep_ in {"nsubj", "nsubjpass"}:
        verb = noun.head
        figures += [c for c in verb.children if c.dep_ in {"dobj", "attr", "npadvmod"}]
        figures += [o for p in verb.children if p.dep_ == "prep" and p.lower_ in {"to", "at"} for o in p.children]
    for figure in figures:
        count = number_of(figure, cues) or _count_of_noun(figure, cues)
        if count is not None:
            return kind, count
    return None


def accidental(word: Token, cues: CasualtyCues) -> bool:
    """Whether a casualty word reports an accident or disaster rather than an attack: "died
    when a light plane crashed", "were injured in a collision", "the earthquake killed 40",
    "killed in a plane crash"."""
    def is_accident(token: Token) -> bool:
        return token.lemma_.lower() in cues.accidents or token.lower_ in cues.accidents

    if word.dep_ in {"advcl", "xcomp", "conj", "relcl", "acl"} and is_accident(word.head):
        return True  # "the plane crashed, killing all six", "a collision that killed two"
    for child in word.children:
        if child.dep_ in {"nsubj", "advcl"} and is_accident(child):
            return True
        if child.dep_ == "prep" and child.lower_ in {"in", "by", "during", "after", "from"}:
            if any(is_accident(o) for o in child.children if o.dep_ in {"pobj", "pcomp"}):
                return True
        if child.dep_ == "agent" and any(is_accident(o) for o in child.children):
            return True
    return False


def find_casualties(sentence: Span, cues: CasualtyCues) -> list[tuple[Token, str, Count]]:
    """(casualty word, kind, count) found in a sentence."""
    out: list[tuple[Token, str, Count]] = []
    for token in sentence:
        if token.lemma_.lower() in cues.tolls and token.pos_ == "NOUN":
            toll = _toll(token, cues)
            if toll is not None:
                out.append((token, *toll))
            continue
        kind = cues.kinds.get(token.lemma_.lower())
        if kind is None:
            continue
        people = token.lemma_.lower() in cues.people or token.lower_ in cues.people
        for victim in _victims(token):
            # "dozens of soldiers": the count sits on the head, the noun in "of"
            count = _count_of_noun(victim, cues, people)
            if count is not None:
                out.append((token, kind, count))
                break
    return out
