"""The rules of the time grammar: a pattern and a normaliser for each kind of expression.

Each ``Rule`` pairs a compiled regex (built from the vocabulary fragments) with a
function that turns a match into a ``Parsed`` TIMEX3 value, using the ``Context``
(anchor, tense, discourse). The shared helpers and the normalisers of calendar dates,
months, years, decades and centuries live here; periods (quarters, seasons, "next
month") in ``_periods``; days, times of day and quantities ("ago", durations, sets) in
``_quantities``; the table that ties patterns to normalisers in ``_rules``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from tidings.records import DateRange
from tidings.time import _normalise as cal
from tidings.time._context import Context
from tidings.time._normalise import Grain, Point, Tense
from tidings.time._patterns import spoken_year
from tidings.time._vocab import Vocabulary, vocabulary


@dataclass(frozen=True, slots=True)
class Parsed:
    """A normalised expression: TIMEX3 type, value and mod, and its interval."""

    type: str
    value: str
    mod: str | None = None
    range: DateRange | None = None


Handler = Callable[[re.Match[str], Context], Parsed | None]
Check = Callable[[re.Match[str], str], bool]


@dataclass(frozen=True, slots=True)
class Rule:
    """A named pattern, its normaliser and an optional veto on the raw match."""

    name: str
    template: str
    handler: Handler
    check: Check | None = None


def point(
    p: Point, ctx: Context, mod: str | None = None, type_: str = "DATE", remember: bool = True
) -> Parsed:
    """A ``Parsed`` for a calendar point, remembered as the discourse reference."""
    if remember and p.range is not None:
        ctx.remember(p)
    return Parsed(type_, p.value, mod, p.range)


def unknown(value: str, type_: str = "DATE", mod: str | None = None) -> Parsed:
    return Parsed(type_, value, mod, None)


def norm(s: str | None) -> str:
    return re.sub(r"\s+", " ", (s or "").lower().replace("\u2013", "-")).strip(" .-")


def mod_of(s: str | None, vocab: Vocabulary) -> str | None:
    """The TIMEX3 mod named by a point modifier ("early" -> START), if any."""
    key = norm(s)
    if not key:
        return None
    return vocab.point_mods.get(key) or vocab.point_mods.get(key.replace("the ", ""))


def month_num(s: str, vocab: Vocabulary) -> int:
    return vocab.months[norm(s)]


def day_num(s: str, vocab: Vocabulary) -> int:
    digits = re.match(r"\d+", s)
    return int(digits.group()) if digits else vocab.ordinals[norm(s)]


def year_num(s: str, ctx: Context, vocab: Vocabulary) -> int | None:
    s = s.strip()
    if re.fullmatch(r"\d{4}", s):
        return int(s)
    if re.fullmatch(r"['\u2019]\d\d", s):
        return cal.full_year(int(s[1:]), ctx.anchor)
    return spoken_year(s, vocab)


def safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def resolve_month_day(ctx: Context, m: int, d: int | None, start: int, end: int) -> int | None:
    """The year of an expression naming only a month (and day).

    Only a future tense moves it: a past-tense clause is no guide, since news reports
    deadlines and schedules in the past tense ("extended the offer to Nov. 20", "set
    Nov. 10 as the deadline"); otherwise the nearest reading around the anchor wins."""
    if ctx.anchor is None:
        return None
    if after_since(ctx.text, start):
        return cal.year_for(ctx.anchor, m, d, Tense.PAST)  # "since April": the last April
    tense = ctx.tense(start, end)
    if tense is Tense.PAST and _set_by_past_verb(ctx, start, end):
        # "launched the invasion on Feb. 24", "a ceasefire signed in February": a past event
        # set in the month happened before the anchor. A deadline named in the past tense
        # ("extended the offer to Nov. 20") takes another preposition, and what a past verb
        # plans ("invited them to a ceremony on March 12", "agreed to buy it in January",
        # "a summit set for April") hangs on another word: those stay nearest
        return cal.year_for(ctx.anchor, m, d, Tense.PAST)
    if tense is not Tense.FUTURE:
        tense = Tense.UNKNOWN
    return cal.year_for(ctx.anchor, m, d, tense)


_SINCE = re.compile(r"\bsince\s+$", re.IGNORECASE)
_SETTING = re.compile(r"\b(?:in|on|during)\s+(?:(?:early|late|mid)[\s-]+)?$", re.IGNORECASE)


def _set_by_past_verb(ctx: Context, start: int, end: int) -> bool:
    """Whether the expression is the object of "in"/"on"/"during" hung on a verb in the
    simple past or a past participle that is no schedule word ("signed in February")."""
    if ctx.doc is None or not _SETTING.search(ctx.text, max(0, start - 12), start):
        return False
    span = ctx.doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    prep = span.root.head
    verb = prep.head
    if prep.dep_ != "prep" or verb.pos_ != "VERB":
        return False
    vocab = vocabulary()
    if verb.tag_ == "VBD":
        return True
    return verb.tag_ == "VBN" and verb.lower_ not in vocab.scheduled_words and verb.lower_ not in vocab.intent_words


def after_since(text: str, start: int) -> bool:
    """Whether the expression at ``start`` follows "since": what began then is past."""
    return _SINCE.search(text, max(0, start - 12), start) is not None


# ---------------------------------------------------------------- absolute dates


def h_iso(m: re.Match[str], ctx: Context) -> Parsed | None:
    d = safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    if d is None:
        return None
    if m["H"]:
        return point(cal.time_of_day(d, f"{m['H']}:{m['M']}"), ctx, type_="TIME")
    return point(cal.day(d), ctx)


def h_numeric(m: re.Match[str], ctx: Context) -> Parsed | None:
    a, b = int(m["a"]), int(m["b"])
    y = int(m["y"]) if len(m["y"]) == 4 else cal.full_year(int(m["y"]), ctx.anchor)
    month_first = a <= 12 and (b > 12 or m["sep"] == "/")
    mo, d = (a, b) if month_first else (b, a)
    date = safe_date(y, mo, d)
    return point(cal.day(date), ctx) if date else None


def h_month_day(m: re.Match[str], ctx: Context) -> Parsed | None:
    vocab = vocabulary()
    mo, d = month_num(m["mon"], vocab), day_num(m["day"], vocab)
    y = (
        year_num(m["y"], ctx, vocab)
        if m["y"]
        else resolve_month_day(ctx, mo, d, m.start(), m.end())
    )
    if y is None:
        return unknown(f"XXXX-{mo:02d}-{d:02d}") if 1 <= d <= 31 else None
    date = safe_date(y, mo, d)
    if date is None:
        return None
    return point(cal.day(date), ctx, mod_of(m.groupdict().get("pm"), vocab))


# "April 24 and 25": the second day of a pair after a month and day
_PAIR_HEAD = re.compile(r"\b[A-Z][a-z]{2,8}\.?\s+[0-3]?\d(?:st|nd|rd|th)?\s+(?:and|or)\s+$")


def check_coordinated_day(m: re.Match[str], text: str) -> bool:
    """Only a day number right after "<Month> <day> and|or" ("April 24 and 25")."""
    head = _PAIR_HEAD.search(text, max(0, m.start() - 20), m.start())
    return head is not None and norm(head.group().split()[0]) in vocabulary().months


def h_coordinated_day(m: re.Match[str], ctx: Context) -> Parsed | None:
    """The second day of "April 24 and 25", in the month and year of the first."""
    last = ctx.last
    if last is None or last.grain is not Grain.DAY or last.range is None:
        return None
    date = safe_date(last.range.start.year, last.range.start.month, int(m["day"]))
    return None if date is None else point(cal.day(date), ctx, remember=False)


def h_month_year(m: re.Match[str], ctx: Context) -> Parsed | None:
    vocab = vocabulary()
    y = year_num(m["y"], ctx, vocab)
    if y is None:
        return None
    return point(cal.month(y, month_num(m["mon"], vocab)), ctx, mod_of(m["pm"], vocab))


def h_month_rel_year(m: re.Match[str], ctx: Context) -> Parsed | None:
    vocab = vocabulary()
    if ctx.anchor is None:
        return unknown(f"XXXX-{month_num(m['mon'], vocab):02d}")
    y = ctx.anchor.year + vocab.relative_periods[norm(m["rel"])]
    return point(cal.month(y, month_num(m["mon"], vocab)), ctx, mod_of(m["pm"], vocab))


def h_month(m: re.Match[str], ctx: Context) -> Parsed | None:
    vocab = vocabulary()
    mo = month_num(m["mon"], vocab)
    rel = norm(m.groupdict().get("rel"))
    if ctx.anchor is None:
        return unknown(f"XXXX-{mo:02d}", mod=mod_of(m["pm"], vocab))
    a = ctx.anchor
    if rel in ("last", "this past", "the previous", "past"):
        y = a.year if mo < a.month else a.year - 1
    elif rel in ("next", "the following", "this coming", "coming"):
        y = a.year if mo > a.month else a.year + 1
    elif rel == "this":
        y = a.year
    else:
        y = resolve_month_day(ctx, mo, None, m.start(), m.end()) or a.year
    return point(cal.month(y, mo), ctx, mod_of(m["pm"], vocab))


def check_month(m: re.Match[str], text: str) -> bool:
    """ "May" and "March" alone are months only after a preposition or modifier."""
    word = m["mon"].lower()
    if word not in ("may", "march") or m.groupdict().get("pm") or m.groupdict().get("rel"):
        return True
    before = text[max(0, m.start() - 12) : m.start()].lower().split()
    return bool(before) and before[-1] in (
        "in",
        "since",
        "until",
        "by",
        "of",
        "from",
        "through",
        "during",
        "before",
        "after",
        "and",
        "to",
        "early",
        "late",
        "mid",
        "till",
    )


def h_year(m: re.Match[str], ctx: Context) -> Parsed | None:
    vocab = vocabulary()
    y = year_num(m["y"], ctx, vocab)
    if y is None:
        return None
    return point(cal.year(y), ctx, mod_of(m["pm"], vocab))


@cache
def _street_number() -> re.Pattern[str]:
    """ " Orchard St.", " Commerce Dr.": up to three capitalised words and a street suffix."""
    suffixes = "|".join(re.escape(s) for s in vocabulary().street_suffixes)
    return re.compile(r"\s+(?:[NSEW]\.?\s+)?(?:[A-Z][\w'-]*\.?\s+){1,3}(?:" + suffixes + r")\b")


def _house_number(m: re.Match[str], text: str) -> bool:
    """ "of 1935 Orchard St.", "at 1300 Commerce Dr.": digits before a street name. Not
    after a temporal preposition ("in 2015 Downing Street said")."""
    before = text[max(0, m.start() - 12) : m.start()].split()
    if before and before[-1].lower() in vocabulary().year_prepositions:
        return False
    return _street_number().match(text, m.end()) is not None


def military_time(m: re.Match[str], text: str) -> bool:
    """ "at 1830 on Thursday", "at 0400 hours": four digits after "at" that read as a
    24-hour clock time and are followed by a time word, not a year."""
    digits = m.group(0).strip()  # the whole match: with a modifier ("early 1830") it is no clock time
    if not (len(digits) == 4 and digits.isdigit() and int(digits[:2]) < 24 and int(digits[2:]) < 60):
        return False
    if not re.search(r"\bat\s+$", text[max(0, m.start() - 4) : m.start()], re.IGNORECASE):
        return False
    after = text[m.end() : m.end() + 20].lower().split()
    if not after:
        return True
    word, vocab = after[0].strip(".,;:"), vocabulary()
    return word in vocab.clock_followers or word in vocab.weekdays or word in vocab.relative_days


def check_year(m: re.Match[str], text: str) -> bool:
    after = text[m.end() : m.end() + 20].lower().split()
    if after and after[0].strip(".,;:") in vocabulary().not_year_before:
        return False
    if military_time(m, text) or _house_number(m, text):
        return False
    before = text[max(0, m.start() - 3) : m.start()]
    return not re.search(r"[$\u00a3\u20ac#]\s*$|No\.\s*$", before)


def h_decade(m: re.Match[str], ctx: Context) -> Parsed | None:
    vocab = vocabulary()
    digits = m["y"].lstrip("'\u2019")
    if len(digits) == 2:
        first = cal.full_year(int(digits), ctx.anchor)
        if ctx.anchor is not None and first > ctx.anchor.year:
            first -= 100  # "the '80s": the decade gone by
    else:
        first = int(digits)
    if first % 10:
        return None
    if first % 100 == 0 and len(digits) == 4 and m["y"][-2:] == "00" and not m["the"]:
        return None
    return point(cal.decade(first), ctx, mod_of(m["pm"], vocab), remember=False)


def check_decade(m: re.Match[str], text: str) -> bool:
    """Two-digit decades ("80s") need an apostrophe or "the", else they are ages."""
    digits = m["y"]
    return len(digits) != 2 or bool(m["the"]) or bool(m["pm"])


_DECADE_WORDS = {
    "twenties": 2,
    "thirties": 3,
    "forties": 4,
    "fifties": 5,
    "sixties": 6,
    "seventies": 7,
    "eighties": 8,
    "nineties": 9,
}


def h_decade_word(m: re.Match[str], ctx: Context) -> Parsed | None:
    vocab = vocabulary()
    tens = _DECADE_WORDS[norm(m["w"])]
    if m["c"]:
        first = int(spoken_year(m["c"] + " hundred", vocab) or 1900) + 10 * tens
    else:
        base = ctx.anchor.year if ctx.anchor else 1999
        first = base - base % 100 + 10 * tens
        if first > base:
            first -= 100
    return point(cal.decade(first), ctx, mod_of(m["pm"], vocab), remember=False)


def h_century(m: re.Match[str], ctx: Context) -> Parsed | None:
    vocab = vocabulary()
    raw = norm(m["n"])
    digits = re.match(r"\d+", raw)
    n = int(digits.group()) if digits else vocab.ordinals.get(raw)
    if not n or n < 1 or n > 99:
        return None
    return point(cal.century(n), ctx, mod_of(m["pm"], vocab), remember=False)
