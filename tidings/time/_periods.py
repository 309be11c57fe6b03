"""Normalisers for periods: quarters, halves, seasons, relative and anaphoric units.

"the third quarter", "last summer", "next month", "the weekend", "that year",
"the year-earlier quarter", "Thanksgiving" ...
"""

from __future__ import annotations

import datetime as dt
import re

from tidings.time import _normalise as cal
from tidings.time._context import Context
from tidings.time._grammar import (
    Parsed,
    mod_of,
    norm,
    point,
    resolve_month_day,
    safe_date,
    unknown,
    year_num,
)
from tidings.time._normalise import Grain, Tense
from tidings.time._vocab import vocabulary

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
    if rel in ("past", "the past") and unit in ("decade", "century"):
        # "over the past decade": the ten years up to now, not the 2000s
        return Parsed("DURATION", "P10Y" if unit == "decade" else "P100Y", mod)
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


_APPOSITION = re.compile(r"(?:\d|day)\.?,\s*$")


def h_anaphoric_day(m: re.Match[str], ctx: Context) -> Parsed | None:
    """ "the next day", "that day", "the previous day": counted from the last day named.

    In apposition to a date ("Oct. 12, the day before the crash") it is that date.
    """
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
    if _APPOSITION.search(ctx.text, max(0, m.start() - 12), m.start()):
        offset = 0
    return point(cal.day(ref + dt.timedelta(days=offset)), ctx)


def h_week_of(m: re.Match[str], ctx: Context) -> Parsed | None:
    """ "the week of March 6": the (ISO) week containing that day."""
    vocab = vocabulary()
    mo, d = vocab.months[norm(m["mon"])], int(re.match(r"\d+", m["day"]).group())  # type: ignore[union-attr]
    y = year_num(m["y"], ctx, vocab) if m["y"] else resolve_month_day(ctx, mo, d, m.start(), m.end())
    date = safe_date(y, mo, d) if y is not None else None
    if date is None:
        return unknown("XXXX-WXX")
    return point(cal.week(date), ctx)


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
    """ "the year": a duration after "for", "over" ...; else the year last named or the
    anchor's ("the current year" is always the anchor's)."""
    before = ctx.text[max(0, m.start() - 12) : m.start()].lower().split()
    mod = mod_of(m["pm"], vocabulary())
    if not mod and before and before[-1] in ("for", "over", "during", "throughout", "within"):
        return unknown("P1Y", "DURATION")
    current = re.search(r"\bcurrent\b", m.group(), re.IGNORECASE) is not None
    if not current and ctx.last is not None and ctx.last.grain is Grain.YEAR:
        return Parsed("DATE", ctx.last.value, mod, ctx.last.range)
    if ctx.anchor is None:
        return unknown("XXXX", mod=mod)
    return point(cal.year(ctx.anchor.year), ctx, mod, remember=False)


def h_year_end(m: re.Match[str], ctx: Context) -> Parsed | None:
    """ "year-end", "year's end": the end of the anchor's year ("since year-end": last year's)."""
    if ctx.anchor is None:
        return unknown("XXXX", mod="END")
    before = ctx.text[max(0, m.start() - 8) : m.start()].lower().split()
    y = ctx.anchor.year - 1 if before and before[-1] == "since" else ctx.anchor.year
    return point(cal.year(y), ctx, "END", remember=False)


def h_year_ago_period(m: re.Match[str], ctx: Context) -> Parsed | None:
    """ "the year-earlier quarter", "the 1988 period", "year-ago": last year's counterpart.

    With "quarter" or "period" the counterpart is of the last quarter named, even when
    a year was named since ("... last year ... in the 1988 quarter")."""
    vocab = vocabulary()
    given = year_num(m["y"], ctx, vocab) if m["y"] else None
    ref = ctx.last
    if re.search(r"quarter|period", m.group(), re.IGNORECASE) and ctx.last_quarter is not None:
        ref = ctx.last_quarter
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
    """ "the quarter", "the latest quarter": the quarter last named, else the last one reported.

    "the latest (most recent) quarter" is one that has ended: a quarter named before it
    that is still running at the anchor ("a fourth-quarter charge") is not the one meant.
    """
    last = ctx.last
    if last is not None and last.grain is Grain.QUARTER:
        ended = ctx.anchor is None or last.range is None or last.range.end < ctx.anchor
        if ended or not re.search(r"latest|recent", m.group(), re.IGNORECASE):
            return Parsed("DATE", last.value, None, last.range)
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
