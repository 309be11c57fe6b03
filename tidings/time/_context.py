"""What a time expression is resolved against: the anchor, the tense, the discourse.

``Context`` carries the anchor date, finds the tense that governs a span and remembers
the last explicit date, which "that year", "the next day" and "a year earlier" refer
back to. The tense comes from the spaCy parse when one is given: the verb that governs
the span (its tag and auxiliaries: "fired" past, "will fire" future; an infinitive takes
the tense of the word it complements, and lies ahead of a word of intent: "plans to
meet", "is to meet"). Without a parse, or where it says nothing, the nearest tense word
of the clause decides (words before the span first; after it only up to the next
clause, so "fired on Tuesday, and warned that it would ..." stays past). A future word
right before the span ("effective Feb. 1") and "until" after a deferral ("postponed
until Tuesday") point ahead whatever the parse says. The word lists are in the
``tense`` section of ``vocabulary.yaml``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from tidings.time._normalise import Grain, Point, Tense
from tidings.time._vocab import vocabulary

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_CLAUSE_END = re.compile(r"[.!?;]\s|\n\s*\n|[\"\u201c\u201d]|``|''| _ ")
# Where a clause that follows a time expression begins: its tense words are not ours
# ("fired a missile on Tuesday, and Pyongyang warned that it would ...").
_NEXT_CLAUSE = re.compile(
    r",|\b(?:and|but|that|which|who|while|after|before|when|because|as|if|said|says)\b",
    re.IGNORECASE,
)
_FUTURE = re.compile(
    r"\b(?:will|'ll|shall|won't|going\s+to|plan(?:s|ned|ning)?\s+to|scheduled|expect(?:s|ed)?\s+to"
    r"|is\s+to|are\s+to|(?:is|are)\s+due|would|intends?\s+to|(?:is|are)\s+set\s+(?:to|for)"
    r"|to\s+be\s+held|upcoming|as\s+(?:soon|early)\s+as|effective|payable|expires?|next"
    r"|tomorrow)\b",
    re.IGNORECASE,
)
_PAST = re.compile(
    r"\b(?:said|was|were|had|did|ago|told|announced|reported|killed|died|began|came|went"
    r"|took|made|met|rose|fell|got|gave|left|held|found|won|lost|[a-z]{3,}ed)\b",
    re.IGNORECASE,
)
# A plan overtaken by events: "had been scheduled for Friday".
_PAST_INTENT = re.compile(
    r"\bhad\s+(?:been\s+)?(?:scheduled|expected|due|set|planned|planning|going)(?:\s+to\s+\w+)?\b",
    re.IGNORECASE,
)
_PRESENT = re.compile(r"\b(?:is|are|am|says|say|has|have|does|do)\b", re.IGNORECASE)
NEAR_FUTURE = 12  # a future word this close beats the parse ("effective Feb. 1")


def _text_tense(text: str, start: int, end: int) -> tuple[Tense, int]:
    """Tense from the words of the clause around ``text[start:end]``: the nearest tense
    word before it, else the nearest one after it up to the next clause; with its
    weighted distance in characters."""
    left = max(0, start - 160)
    bounds = [m.end() for m in _CLAUSE_END.finditer(text, left, start)]
    lo = bounds[-1] if bounds else left
    nxt = _CLAUSE_END.search(text, end, min(len(text), end + 160))
    hi = nxt.start() if nxt else min(len(text), end + 160)
    after = _NEXT_CLAUSE.search(text, end, hi)
    best: tuple[int, Tense] | None = None
    taken: list[tuple[int, int]] = []  # earlier patterns win where matches overlap
    for pattern, tense, weight in (
        (_PAST_INTENT, Tense.PAST, 1),
        (_FUTURE, Tense.FUTURE, 1),
        (_PAST, Tense.PAST, 1),
        (_PRESENT, Tense.PRESENT, 2),
    ):
        for m in pattern.finditer(text, lo, hi):
            if start <= m.start() < end or any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append(m.span())
            if m.end() <= start:
                dist = (start - m.end()) * weight
            elif after is not None and m.start() >= after.start():
                continue
            else:
                dist = 2 * (m.start() - end) * weight
            if best is None or dist < best[0]:
                best = (dist, tense)
    return (best[1], best[0]) if best else (Tense.UNKNOWN, len(text))


_UNTIL = re.compile(r"\b(?:until|till|til)\s+(?:\S+\s+){0,4}$", re.IGNORECASE)


@cache
def _deferral() -> re.Pattern[str]:
    words = vocabulary().deferral_words
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)


def _deferred(text: str, start: int) -> bool:
    """Whether ``text[start:]`` is the end of a deferral: "postponed the vote until"."""
    left = re.split(r"[,.;:!?]\s", text[max(0, start - 80) : start])[-1]
    until = _UNTIL.search(left)
    return until is not None and _deferral().search(left, 0, until.start()) is not None


def _own_tense(verb: Token) -> Tense:
    """Tense of a verb from its tag and auxiliaries alone ("is scheduled" is ahead)."""
    vocab = vocabulary()
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in ("have", "'ve") and a.tag_ == "VB" for a in auxes):
        return Tense.PAST  # "may have been responsible on Wednesday"
    if any(a.lower_ in vocab.future_auxiliaries for a in auxes):
        return Tense.FUTURE
    if verb.lower_ in vocab.scheduled_words and verb.tag_ != "VBD":
        # "is scheduled for Friday", "has scheduled a news conference Thursday"
        return Tense.PAST if _perfect_past(verb) else Tense.FUTURE
    if verb.lower_ in vocab.intent_words and verb.tag_ in ("VBZ", "VBP") and verb.pos_ == "VERB":
        return Tense.FUTURE  # "On Tuesday, the league plans to hold a news conference"
    tags = [verb.tag_] + [a.tag_ for a in auxes]
    if "VBD" in tags:
        return Tense.PAST
    if verb.tag_ == "VBN" and any(a.lower_ in ("has", "have", "'ve") for a in auxes):
        return Tense.PAST  # "has said"
    if verb.tag_ == "VBN" and not auxes:
        return Tense.PAST  # "the agreement, announced Friday"
    if any(t in ("VBZ", "VBP") for t in tags):
        return Tense.PRESENT
    return Tense.UNKNOWN


MAX_CHAIN = 12  # infinitives chained upwards ("to try to plan to ..."); a guard on odd parses


def _verb_tense(verb: Token, depth: int = 0) -> Tense:
    """Tense of a verb; an infinitive takes it from the word it complements, and lies
    ahead of a word of intent ("plans to meet on Friday")."""
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return _own_tense(verb)
    head = verb.head
    if head is verb:
        return Tense.FUTURE  # a headline infinitive: "To meet on Friday"
    if head.pos_ not in ("VERB", "AUX", "ADJ") or depth >= MAX_CHAIN:
        return Tense.UNKNOWN  # "the bid to join ...": the noun's verb decides
    if verb.dep_ == "xcomp" and head.lower_ in vocabulary().intent_words:
        # a plan lies ahead even when reported in the past ("planned to leave on
        # Thursday"), unless it was overtaken ("had been due to expire on Friday")
        return Tense.PAST if _perfect_past(head) else Tense.FUTURE
    return _copula_tense(head) if head.pos_ == "ADJ" else _verb_tense(head, depth + 1)


def _perfect_past(word: Token) -> bool:
    """Whether ``word`` is in the past perfect ("had been due", "had planned")."""
    auxes = [c for c in word.children if c.dep_ in ("aux", "auxpass", "cop")]
    if word.head is not word and word.head.pos_ == "AUX" and word.pos_ == "ADJ":
        auxes += [word.head, *(c for c in word.head.children if c.dep_ == "aux")]
    return any(a.lower_ in ("had", "'d") for a in auxes)


def _copula_tense(adj: Token) -> Tense:
    """Tense of the copula an adjective is predicated with ("was due", "is set")."""
    cops = [c for c in adj.children if c.dep_ in ("cop", "aux", "auxpass")]
    if adj.head is not adj and adj.head.pos_ == "AUX":
        cops.append(adj.head)
    for cop in cops:
        tense = _own_tense(cop)
        if tense is not Tense.UNKNOWN:
            return tense
    return Tense.UNKNOWN


def _doc_tense(doc: Doc, start: int, end: int) -> Tense:
    """Tense of the verb that governs the token at ``start`` in a spaCy parse."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return Tense.UNKNOWN
    token = span.root
    scheduled = vocabulary().scheduled_words
    infinitive = False  # under a noun's infinitive: "a program to pay the loan by February"
    for _ in range(8):
        if token not in span and token.pos_ in ("VERB", "AUX"):
            tense = _verb_tense(token)
            if tense is Tense.PRESENT and infinitive:
                return Tense.FUTURE
            if tense is not Tense.UNKNOWN:
                return tense
            infinitive = infinitive or token.dep_ == "acl"
        elif token not in span and token.pos_ == "ADJ" and token.lower_ in scheduled:
            return Tense.PAST if _perfect_past(token) else Tense.FUTURE
        if token.head is token:
            break
        token = token.head
    return Tense.UNKNOWN


@dataclass(slots=True)
class Context:
    """The anchor, the text (and parse), and the last explicit date mentioned."""

    text: str
    anchor: dt.date | None
    doc: Doc | None = None
    last: Point | None = None  # last absolute or anchored DATE, for anaphora
    last_day: dt.date | None = None
    last_quarter: Point | None = None  # last quarter or half named ("the 1988 quarter")
    _tenses: dict[tuple[int, int], Tense] = field(default_factory=dict)

    def tense(self, start: int, end: int) -> Tense:
        """The tense that governs ``text[start:end]`` (cached)."""
        key = (start, end)
        if key not in self._tenses:
            tense, dist = _text_tense(self.text, start, end)
            if _deferred(self.text, start):
                tense, dist = Tense.FUTURE, 0
            if self.doc is not None and not (tense is Tense.FUTURE and dist <= NEAR_FUTURE):
                parsed = _doc_tense(self.doc, start, end)
                if parsed is not Tense.UNKNOWN:
                    tense = parsed
            self._tenses[key] = tense
        return self._tenses[key]

    def remember(self, point: Point) -> None:
        """Record an explicit date as the reference for later anaphora."""
        self.last = point
        if point.grain in (Grain.DAY, Grain.TIME) and point.range is not None:
            self.last_day = point.range.start
        elif point.grain in (Grain.QUARTER, Grain.HALF):
            self.last_quarter = point

    def reference(self) -> dt.date | None:
        """The date anaphora ("the next day") count from: the last day named, else the anchor."""
        return self.last_day or self.anchor
