"""The publication date of a text that does not give one: ``infer_published``.

Strongest first:

1. a dateline ("BAGHDAD, Jan. 28, 2024 (Reuters) -", see ``_dateline``): source ``text``,
   the text states its date where news states it.
2. a date the text gives itself in another form: a labelled line ("Published: 28 January
   2024", "Updated on 2024-01-28 10:15") among the first or last ``EDGE_LINES`` lines,
   or a first line that is nothing but a date ("Sunday, January 28, 2024"). Source
   ``inferred``: the line is read as the publication date, but nothing marks it as one.
3. a fully specified date set beside a deictic word in the same clause ("today,
   January 28, 2024", "yesterday (Jan. 27, 2024)"): the publication day follows from
   the word's offset. Source ``inferred``.
4. nothing: the date stays unknown and relative expressions stay unresolved.

Not used: the latest fully specified date in the text. Measured where the true date is
known, it was within a day of it for 1 of 22 TempEval-3 documents and 39 of 108 MUC-4
documents that have one (the rest report background dates, or schedules); a wrong date
silently moves every relative expression of the article, so no date is better.
"""

from __future__ import annotations

import datetime as dt
import re

from tidings.records import PublishedSource
from tidings.time._dateline import find_dateline, parse_date

EDGE_LINES = 4  # a stated date sits in the first lines (or, labelled, the last ones)

_LABEL = re.compile(
    r"^\W*(?:(?:first\s+|last\s+)?(?:published|updated|posted|modified|dated?)(?:\s+(?:on|at))?"
    r"|date\s+of\s+publication)\s*[:\-\u2013\u2014]?\s*(?P<date>.{6,60}?)\s*$",
    re.IGNORECASE,
)
_CLOCK_REST = re.compile(
    r"[\s,.]*(?:(?:at\s+)?\d{1,2}[:.]\d\d(?::\d\d)?\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,4}|[+-]\d\d:?\d\d)?)?[\s.]*",
    re.IGNORECASE,
)
_WEEKDAY_PREFIX = re.compile(
    r"^(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+", re.IGNORECASE
)
_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
# a deictic word and a full date in apposition: "today, Jan. 28, 2024", "Jan. 27 1990 (yesterday)"
_DEICTIC = re.compile(r"\b(today|tonight|yesterday|tomorrow)\b", re.IGNORECASE)
_APPOSITION = re.compile(r"^[\s,(\u2013\u2014-]*(?:\w+day,?\s+)?$|^[\s,)(\u2013\u2014-]*$")
DEICTIC_WINDOW = 25


def _as_date(value: dt.date | dt.datetime | None) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def _lines(text: str) -> tuple[list[str], list[str]]:
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    return lines[:EDGE_LINES], lines[-EDGE_LINES:]


def _leading_date(s: str, whole: bool) -> dt.date | dt.datetime | None:
    """The full date ``s`` begins with (after a weekday); with ``whole`` nothing but a
    clock time may follow it ("28 January 2024", "2024-01-28 10:15 GMT")."""
    from tidings.time import find_timexes

    s = _WEEKDAY_PREFIX.sub("", s.strip())
    first = next((t for t in find_timexes(s, None) if t.type in ("DATE", "TIME")), None)
    if first is None or first.start > 0 or not _FULL_DATE.match(first.value):
        return None
    if whole and not _CLOCK_REST.fullmatch(s[first.end :]):
        return None
    parsed = parse_date(s) if _CLOCK_REST.fullmatch(s[first.end :]) else None
    return parsed or dt.date.fromisoformat(first.value[:10])


def stated_date(text: str) -> dt.date | dt.datetime | None:
    """A date the text gives itself: a labelled line ("Published: ...") at its head or
    foot, or a first line that is only a date."""
    head, foot = _lines(text)
    for line in head + foot:
        m = _LABEL.match(line)
        if m:
            found = _leading_date(m["date"], whole=False)
            if found is not None:
                return found
    for line in head[:2]:
        found = _leading_date(line.strip(" \t-\u2013\u2014|"), whole=True)
        if found is not None:
            return found
    return None


def deictic_date(text: str) -> dt.date | None:
    """The publication day from a full date set beside "today", "yesterday" ...: "said
    today, January 28, 2024" gives January 28, 2024; "yesterday (Jan. 27, 2024)" too."""
    from tidings.time import find_timexes
    from tidings.time._vocab import vocabulary

    offsets = vocabulary().relative_days
    for t in find_timexes(text, None):
        if t.type not in ("DATE", "TIME") or not _FULL_DATE.match(t.value):
            continue
        before = text[max(0, t.start - DEICTIC_WINDOW) : t.start]
        after = text[t.end : t.end + DEICTIC_WINDOW]
        for m in _DEICTIC.finditer(before):
            if _APPOSITION.match(before[m.end() :]):
                return dt.date.fromisoformat(t.value[:10]) - dt.timedelta(
                    days=offsets[m.group(1).lower()]
                )
        m2 = _DEICTIC.search(after)
        if m2 and _APPOSITION.match(after[: m2.start()]):
            return dt.date.fromisoformat(t.value[:10]) - dt.timedelta(
                days=offsets[m2.group(1).lower()]
            )
    return None


def infer_published(text: str) -> tuple[dt.date | dt.datetime | None, PublishedSource | None]:
    """The publication date of ``text`` and where it came from (``text`` for a
    dateline, ``inferred`` otherwise); ``(None, None)`` when the text gives no safe clue."""
    date, _span = find_dateline(text)
    if date is not None:
        return date, PublishedSource.TEXT
    found = stated_date(text) or deictic_date(text)
    if found is not None:
        return found, PublishedSource.INFERRED
    return None, None
