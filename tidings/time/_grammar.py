"""The rules of the time grammar: a pattern and a normaliser for each kind of expression.

Each ``Rule`` pairs a compiled regex (built from the vocabulary fragments) with a
function that turns a match into a ``Parsed`` TIMEX3 value, using the ``Context``
(anchor, tense, discourse). Rules for calendar points live here; quantities (durations,
"ago", sets) and times of day live in ``_quantities``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

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
    """The year of an expression naming only a month (and day)."""
    if ctx.anchor is None:
        return None
    tense = ctx.tense(start, end)
    if tense is not Tense.FUTURE:
        tense = Tense.UNKNOWN
    return cal.year_for(ctx.anchor, m, d, tense)


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
        tense = ctx.tense(m.start(), m.end())
        y = cal.year_for(a, mo, None, tense if tense is Tense.FUTURE else Tense.UNKNOWN)
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


def check_year(m: re.Match[str], text: str) -> bool:
    after = text[m.end() : m.end() + 20].lower().split()
    if after and after[0].strip(".,;:") in vocabulary().not_year_before:
        return False
    before = text[max(0, m.start() - 3) : m.start()]
    return not re.search(r"[$\u00a3\u20ac#]\s*$|No\.\s*$", before)


def h_decade(m: re.Match[str], ctx: Context) -> Parsed | None:
    vocab = vocabulary()
    digits = m["y"].lstrip("'\u2019")
    if len(digits) == 2:
        first = cal.full_year(int(digits), ctx.anchor)
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


# ---------------------------------------------------------------- periods: quarters, seasons


_ORD = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}


def h_quarter(m: re.Match[str], ctx: Context) -> Parsed | None:
    vocab = vocabulary()
    is_half = norm(m["unit"]) == "half"
    last = 2 if is_half else 4
    n = _ORD.get(norm(m["ord"]), last)
    if n > last:
        return None
    ystr = m["y"] or m["y0"] or m["y2"]
    det = norm(m["det"])
    if ystr:
        y = year_num(ystr, ctx, vocab)
    elif ctx.anchor is None:
        return unknown(f"XXXX-{'H' if is_half else 'Q'}{n}")
    else:
        a = ctx.anchor
        y = a.year + (
            -1 if det.startswith("last year") else 1 if det.startswith("next year") else 0
        )
        if det not in ("this year's", "last year's", "next year's"):
            current = (a.month - 1) // (6 if is_half else 3) + 1
            if n > current and ctx.tense(m.start(), m.end()) is not Tense.FUTURE:
                y -= 1
    if y is None:
        return None
    p = cal.half(y, n) if is_half else cal.quarter(y, n)
    return point(p, ctx)


def h_q_code(m: re.Match[str], ctx: Context) -> Parsed | None:
    n = int(m["q"])
    if m["y"]:
        return point(cal.quarter(int(m["y"]), n), ctx)
    if ctx.anchor is None:
        return unknown(f"XXXX-Q{n}")
    return point(cal.quarter(ctx.anchor.year, n), ctx)


def h_season(m: re.Match[str], ctx: Context) -> Parsed | None:
    vocab = vocabulary()
    s = vocab.seasons[norm(m["s"])]
    mod = mod_of(m["pm"] or m["pm2"], vocab)
    if m["y"]:
        y = year_num(m["y"], ctx, vocab)
        return point(cal.season(y, s.code, s.months), ctx, mod) if y else None
    if ctx.anchor is None:
        return unknown(f"XXXX-{s.code}", mod=mod)
    a = ctx.anchor
    rel = norm(m["rel"])
    this_year = cal.season(a.year, s.code, s.months)
    started = a >= this_year.range.start if this_year.range else True
    if rel in ("this", "the current", "current") or m["y"] is not None:
        y = a.year
    elif rel in ("last", "this past", "past", "the past", "the last", "previous", "the previous"):
        y = (
            a.year - 1
            if started is False or (this_year.range and a <= this_year.range.end)
            else a.year
        )
    elif rel in ("next", "the coming", "coming", "the next"):
        y = a.year if not started else a.year + 1
    elif m["rel2"]:
        y = a.year + vocab.relative_periods[norm(m["rel2"])]
    else:
        tense = ctx.tense(m.start(), m.end())
        y = a.year - 1 if tense is Tense.PAST and not started else a.year
    return point(cal.season(y, s.code, s.months), ctx, mod)


_GRAINS = {
    "day": Grain.DAY,
    "week": Grain.WEEK,
    "month": Grain.MONTH,
    "quarter": Grain.QUARTER,
    "half": Grain.HALF,
    "year": Grain.YEAR,
    "fiscal year": Grain.YEAR,
    "decade": Grain.DECADE,
    "century": Grain.CENTURY,
}
_ANAPHORIC = ("the following", "the next", "the previous", "the preceding")


def h_relative(m: re.Match[str], ctx: Context) -> Parsed | None:
    vocab = vocabulary()
    rel = norm(m["rel"])
    unit = norm(m["u"])
    mod = mod_of(m["pm"], vocab)
    if ctx.anchor is None:
        return unknown(
            {"week": "XXXX-WXX", "month": "XXXX-XX", "day": "XXXX-XX-XX"}.get(unit, "XXXX"), mod=mod
        )
    offset = vocab.relative_periods.get(rel, 0)
    base = ctx.anchor
    if rel in _ANAPHORIC and ctx.last is not None and ctx.last.range is not None:
        base = ctx.last.range.start
    if unit == "weekend":
        if rel == "the" and base.isoweekday() < 6:
            offset = 0 if ctx.tense(m.start(), m.end()) is Tense.FUTURE else -1
        sat = base + dt.timedelta(days=6 - base.isoweekday() + 7 * offset)
        return point(cal.weekend(sat), ctx, mod)
    grain = _GRAINS[unit]
    if grain is Grain.QUARTER and rel in ("the latest", "the last", "latest"):
        offset = -1
    return point(cal.shift(base, grain, offset), ctx, mod, remember=grain is not Grain.WEEK)


def h_anaphoric_day(m: re.Match[str], ctx: Context) -> Parsed | None:
    """ "the next day", "that day", "the previous day": counted from the last day named."""
    ref = ctx.reference()
    w = norm(m["w"])
    if ref is None:
        return unknown("XXXX-XX-XX")
    offset = (
        1
        if re.search(r"next|following|after", w)
        else -1
        if re.search(r"previous|preceding|before", w)
        else 0
    )
    return point(cal.day(ref + dt.timedelta(days=offset)), ctx)


def h_anaphoric(m: re.Match[str], ctx: Context) -> Parsed | None:
    """ "that year", "that month", "the same week": the unit of the last date named."""
    ref = ctx.last
    grain = _GRAINS[norm(m["u"])]
    if ref is None or ref.range is None:
        if ctx.anchor is None:
            return None
        return point(cal.shift(ctx.anchor, grain, 0), ctx, remember=False)
    return point(cal.shift(ref.range.start, grain, 0), ctx, remember=False)


def check_season(m: re.Match[str], text: str) -> bool:
    """ "fall" and "spring" alone are verbs and nouns more often than seasons."""
    if norm(m["s"]) not in ("fall", "spring"):
        return True
    return bool(m["rel"] or m["y"] or m["rel2"] or m["pm"] or m.group().lower().startswith("the"))


def h_the_year(m: re.Match[str], ctx: Context) -> Parsed | None:
    """ "the year": a duration after "for", "over" ...; else the year last named or the anchor's."""
    before = ctx.text[max(0, m.start() - 12) : m.start()].lower().split()
    if before and before[-1] in ("for", "over", "during", "throughout", "within"):
        return unknown("P1Y", "DURATION")
    if ctx.last is not None and ctx.last.grain is Grain.YEAR:
        return Parsed("DATE", ctx.last.value, None, ctx.last.range)
    if ctx.anchor is None:
        return unknown("XXXX")
    return point(cal.year(ctx.anchor.year), ctx, remember=False)


def h_year_ago_period(m: re.Match[str], ctx: Context) -> Parsed | None:
    """ "the year-earlier quarter", "the 1988 period", "year-ago": last year's counterpart."""
    vocab = vocabulary()
    given = year_num(m["y"], ctx, vocab) if m["y"] else None
    ref = ctx.last
    if ref is None or ref.range is None:
        if ctx.anchor is None:
            return unknown("XXXX")
        return point(cal.year(given or ctx.anchor.year - 1), ctx, remember=False)
    if given is not None:
        y = given
    else:
        y = ctx.anchor.year - 1 if ctx.anchor is not None else ref.range.start.year - 1
    if ref.grain is Grain.QUARTER:
        return Parsed(
            "DATE", f"{y:04d}{ref.value[4:]}", None, cal.quarter(y, int(ref.value[-1])).range
        )
    return Parsed("DATE", f"{y:04d}", None, cal.year(y).range)


def h_the_quarter(m: re.Match[str], ctx: Context) -> Parsed | None:
    """ "the quarter", "the latest quarter": the quarter last named, else the last one reported."""
    if ctx.last is not None and ctx.last.grain is Grain.QUARTER:
        return Parsed("DATE", ctx.last.value, None, ctx.last.range)
    if ctx.anchor is None:
        return unknown("XXXX-QX")
    return point(cal.shift(ctx.anchor, Grain.QUARTER, -1), ctx)


def h_holiday(m: re.Match[str], ctx: Context) -> Parsed | None:
    vocab = vocabulary()
    h = vocab.holidays[norm(m["h"])]
    if m["y"]:
        y: int | None = int(m["y"])
    elif ctx.anchor is None:
        return unknown(f"XXXX-{h.month:02d}-{h.day:02d}" if h.month and h.day else "XXXX-XX-XX")
    else:
        y = ctx.anchor.year
    assert y is not None
    date = cal.holiday(h.rule, y) if h.rule else safe_date(y, h.month or 1, h.day or 1)
    if date is None:
        return None
    if not m["y"] and ctx.anchor is not None:
        rel = norm(m["rel"])
        tense = ctx.tense(m.start(), m.end())
        if (rel == "last" or (not rel and tense is Tense.PAST)) and date > ctx.anchor:
            date = (
                cal.holiday(h.rule, y - 1)
                if h.rule
                else safe_date(y - 1, date.month, date.day) or date
            )
        elif (rel == "next" or (not rel and tense is Tense.FUTURE)) and date < ctx.anchor:
            date = (
                cal.holiday(h.rule, y + 1)
                if h.rule
                else safe_date(y + 1, date.month, date.day) or date
            )
    return point(cal.day(date), ctx)
