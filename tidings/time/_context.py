"""What a time expression is resolved against: the anchor, the tense, the discourse.

``Context`` carries the anchor date, finds the tense that governs a span (from the
nearest tense marker in its clause; the spaCy parse, when given, adds a future the words
miss, e.g. "will ... withdraw troops on Friday") and remembers the last explicit date,
which "that year", "the next day" and "a year earlier" refer back to.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tidings.time._normalise import Grain, Point, Tense

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_CLAUSE_END = re.compile(r"[.!?;]\s|\n\s*\n|[\"\u201c\u201d]|``|''| _ ")
_FUTURE = re.compile(
    r"\b(?:will|'ll|shall|won't|going\s+to|plan(?:s|ned)?\s+to|scheduled|expect(?:s|ed)?\s+to"
    r"|is\s+to|are\s+to|due\s+to|would|intends?\s+to|set\s+to|to\s+be\s+held|upcoming|planning"
    r"|as\s+(?:soon|early)\s+as|effective|payable|expires?|next|tomorrow)\b",
    re.IGNORECASE,
)
_PAST = re.compile(
    r"\b(?:said|was|were|had|did|ago|told|announced|reported|killed|died|began|came|went"
    r"|took|made|met|rose|fell|got|gave|left|held|found|won|lost|[a-z]{3,}ed)\b",
    re.IGNORECASE,
)
_PRESENT = re.compile(r"\b(?:is|are|am|says|say|has|have|does|do)\b", re.IGNORECASE)
_FUTURE_AUX = {"will", "'ll", "shall", "wo", "would", "gon"}


def _text_tense(text: str, start: int, end: int) -> Tense:
    """Tense from the words of the clause around ``text[start:end]``."""
    left = max(0, start - 160)
    bounds = [m.end() for m in _CLAUSE_END.finditer(text, left, start)]
    lo = bounds[-1] if bounds else left
    nxt = _CLAUSE_END.search(text, end, min(len(text), end + 160))
    hi = nxt.start() if nxt else min(len(text), end + 160)
    best: tuple[int, Tense] | None = None
    for pattern, tense, weight in (
        (_FUTURE, Tense.FUTURE, 1),
        (_PAST, Tense.PAST, 2),
        (_PRESENT, Tense.PRESENT, 2),
    ):
        for m in pattern.finditer(text, lo, hi):
            if start <= m.start() < end:
                continue
            dist = (start - m.end() if m.end() <= start else m.start() - end) * weight
            if best is None or dist < best[0]:
                best = (dist, tense)
    return best[1] if best else Tense.UNKNOWN


def _verb_tense(verb: Token) -> Tense:
    """Tense of a verb from its tag and auxiliaries."""
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    for aux in auxes:
        if aux.lower_ in _FUTURE_AUX:
            return Tense.FUTURE
        if aux.lower_ == "to":
            head = verb.head
            if head is not verb and head.pos_ in ("VERB", "AUX"):
                if head.lemma_ in (
                    "plan",
                    "expect",
                    "schedule",
                    "intend",
                    "hope",
                    "want",
                    "seek",
                    "aim",
                ):
                    return Tense.FUTURE
                return _verb_tense(head)
            return Tense.FUTURE
    tags = [verb.tag_] + [a.tag_ for a in auxes]
    if "VBD" in tags:
        return Tense.PAST
    if verb.tag_ == "VBN" and any(a.lower_ in ("has", "have", "had", "'ve") for a in auxes):
        return Tense.PAST
    if any(t in ("VBZ", "VBP") for t in tags):
        return Tense.PRESENT
    return Tense.UNKNOWN


def _doc_tense(doc: Doc, start: int, end: int) -> Tense:
    """Tense of the verb that governs the token at ``start`` in a spaCy parse."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return Tense.UNKNOWN
    token = span.root
    for _ in range(6):
        if token.pos_ in ("VERB", "AUX") and token not in span:
            tense = _verb_tense(token)
            if tense is not Tense.UNKNOWN:
                return tense
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
    _tenses: dict[tuple[int, int], Tense] = field(default_factory=dict)

    def tense(self, start: int, end: int) -> Tense:
        """The tense that governs ``text[start:end]`` (cached)."""
        key = (start, end)
        if key not in self._tenses:
            tense = _text_tense(self.text, start, end)
            if self.doc is not None and tense is not Tense.FUTURE:
                parsed = _doc_tense(self.doc, start, end)
                if parsed is Tense.FUTURE or tense is Tense.UNKNOWN:
                    tense = parsed
            self._tenses[key] = tense
        return self._tenses[key]

    def remember(self, point: Point) -> None:
        """Record an explicit date as the reference for later anaphora."""
        self.last = point
        if point.grain in (Grain.DAY, Grain.TIME) and point.range is not None:
            self.last_day = point.range.start

    def reference(self) -> dt.date | None:
        """The date anaphora ("the next day") count from: the last day named, else the anchor."""
        return self.last_day or self.anchor
