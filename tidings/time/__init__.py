"""The ``time`` stage: find time expressions and normalise them to TIMEX3 values.

``find_timexes`` runs the rule grammar (``_rules``: compiled regexes built from
``tidings/data/time/vocabulary.yaml``) over the text, keeps the longest non-overlapping
matches and normalises each against the anchor (the publication date), the tense of
its clause and the dates mentioned before it. ``parse_date`` reads user and metadata
dates; ``find_dateline`` reads the date in an article's dateline; ``infer_published``
finds the publication date of a text that gives none.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import TYPE_CHECKING

from tidings.records import Timex
from tidings.time._context import Context
from tidings.time._dateline import dateline_span, find_dateline, parse_date
from tidings.time._infer import infer_published
from tidings.time._normalise import Tense
from tidings.time._rules import compiled_rules, rule_windows, windows
from tidings.time._vocab import vocabulary

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["Tense", "dateline_span", "find_dateline", "find_timexes", "infer_published", "parse_date"]

log = logging.getLogger(__name__)

_WORD_BEFORE = re.compile(r"([A-Za-z]+(?:\s+[A-Za-z]+){0,2})\s*$")


def _signal(text: str, start: int) -> str | None:
    """The preposition or adverb right before ``start`` ("since", "prior to"), if any."""
    m = _WORD_BEFORE.search(text[max(0, start - 30) : start])
    if m is None:
        return None
    words = m.group(1).lower().split()
    signals = vocabulary().signals
    for n in (3, 2, 1):
        if len(words) >= n and " ".join(words[-n:]) in signals:
            return " ".join(words[-n:])
    return None


def _candidates(text: str) -> list[tuple[int, int, int, re.Match[str]]]:
    """All rule matches as (start, end, rank, match), longest and earliest rule first."""
    found: list[tuple[int, int, int, re.Match[str]]] = []
    by_kind = windows(text)
    for comp in compiled_rules():
        for lo, hi in rule_windows(comp, by_kind):
            for m in comp.pattern.finditer(text, lo, hi):
                start, end = m.span()
                while end > start and text[end - 1] in " ,":
                    end -= 1
                if end <= start:
                    continue
                if comp.rule.check is not None and not comp.rule.check(m, text):
                    continue
                found.append((start, end, comp.rank, m))
    found.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
    return found


def _select(text: str) -> list[tuple[int, int, int, re.Match[str]]]:
    """The longest non-overlapping matches, in text order."""
    taken: list[tuple[int, int]] = []
    chosen = []
    for cand in _candidates(text):
        start, end = cand[0], cand[1]
        if any(start < e and s < end for s, e in taken):
            continue
        taken.append((start, end))
        chosen.append(cand)
    chosen.sort(key=lambda c: c[0])
    return chosen


def find_timexes(text: str, anchor: dt.date | None, doc: Doc | None = None) -> list[Timex]:
    """All time expressions in ``text``, normalised against ``anchor``, sorted by start.

    ``doc``, a spaCy parse of the same text, lets the tense of the governing verb decide
    whether "Tuesday" or "March" lies before or after the anchor; without it nearby words
    decide. Offsets are character offsets in ``text``.
    """
    if isinstance(anchor, dt.datetime):
        anchor = anchor.date()
    ctx = Context(text, anchor, doc)
    rules = compiled_rules()
    out: list[Timex] = []
    for start, end, rank, m in _select(text):
        parsed = rules[rank].rule.handler(m, ctx)
        if parsed is None:
            continue
        out.append(
            Timex(
                text=text[start:end],
                start=start,
                end=end,
                type=parsed.type,
                value=parsed.value,
                mod=parsed.mod,
                range=parsed.range,
                signal=_signal(text, start),
            )
        )
    return out
