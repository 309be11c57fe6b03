"""Calendar arithmetic and TIMEX3 value formatting.

Every function here is pure: it takes numbers or dates and returns a ``Point``, the
TIMEX3 value of a calendar unit together with the interval it covers.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from tidings.records import DateRange, Precision


class Tense(StrEnum):
    """The tense that governs a time expression, as far as we can tell."""

    PAST = "past"
    PRESENT = "present"
    FUTURE = "future"
    UNKNOWN = "unknown"


class Grain(StrEnum):
    """The calendar unit a value names."""

    CENTURY = "century"
    DECADE = "decade"
    YEAR = "year"
    HALF = "half"
    QUARTER = "quarter"
    SEASON = "season"
    MONTH = "month"
    WEEK = "week"
    DAY = "day"
    TIME = "time"


@dataclass(frozen=True, slots=True)
class Point:
    """A TIMEX3 calendar value and its interval (``range`` None when unknown)."""

    value: str
    grain: Grain
    range: DateRange | None


_PRECISION = {
    Grain.CENTURY: Precision.DECADE,
    Grain.DECADE: Precision.DECADE,
    Grain.YEAR: Precision.YEAR,
    Grain.HALF: Precision.MONTH,
    Grain.QUARTER: Precision.MONTH,
    Grain.SEASON: Precision.MONTH,
    Grain.MONTH: Precision.MONTH,
    Grain.WEEK: Precision.DAY,
    Grain.DAY: Precision.DAY,
    Grain.TIME: Precision.DAY,
}

MIN_YEAR, MAX_YEAR = 1, 9999
FUTURE_MONTHS = 4  # an unmarked month-day up to this many months ahead is in the future


def _span(start: dt.date, end: dt.date, grain: Grain) -> DateRange:
    return DateRange(start, end, _PRECISION[grain])


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def day(d: dt.date) -> Point:
    return Point(d.isoformat(), Grain.DAY, _span(d, d, Grain.DAY))


def time_of_day(d: dt.date, suffix: str) -> Point:
    """A time on a day: ``suffix`` is "MO", "14:30", "12:00" ... (after the "T")."""
    return Point(f"{d.isoformat()}T{suffix}", Grain.TIME, _span(d, d, Grain.TIME))


def month(year: int, m: int) -> Point:
    return Point(
        f"{year:04d}-{m:02d}",
        Grain.MONTH,
        _span(dt.date(year, m, 1), month_end(year, m), Grain.MONTH),
    )


def year(y: int) -> Point:
    return Point(f"{y:04d}", Grain.YEAR, _span(dt.date(y, 1, 1), dt.date(y, 12, 31), Grain.YEAR))


def quarter(y: int, q: int) -> Point:
    first = 3 * (q - 1) + 1
    return Point(
        f"{y:04d}-Q{q}",
        Grain.QUARTER,
        _span(dt.date(y, first, 1), month_end(y, first + 2), Grain.QUARTER),
    )


def half(y: int, h: int) -> Point:
    first = 1 if h == 1 else 7
    return Point(
        f"{y:04d}-H{h}",
        Grain.HALF,
        _span(dt.date(y, first, 1), month_end(y, first + 5), Grain.HALF),
    )


def season(y: int, code: str, months: tuple[int, int]) -> Point:
    """A season of year ``y``; winter runs from December of ``y`` into ``y + 1``."""
    first, last = months
    end_year = y + 1 if last < first else y
    start = dt.date(y, first, 1)
    return Point(
        f"{y:04d}-{code}", Grain.SEASON, _span(start, month_end(end_year, last), Grain.SEASON)
    )


def week(d: dt.date) -> Point:
    """The ISO week containing ``d``."""
    iso_year, iso_week, iso_day = d.isocalendar()
    start = d - dt.timedelta(days=iso_day - 1)
    return Point(
        f"{iso_year:04d}-W{iso_week:02d}",
        Grain.WEEK,
        _span(start, start + dt.timedelta(days=6), Grain.WEEK),
    )


def weekend(d: dt.date) -> Point:
    """The weekend of the ISO week containing ``d``."""
    iso_year, iso_week, iso_day = d.isocalendar()
    saturday = d + dt.timedelta(days=6 - iso_day)
    return Point(
        f"{iso_year:04d}-W{iso_week:02d}-WE",
        Grain.WEEK,
        _span(saturday, saturday + dt.timedelta(days=1), Grain.WEEK),
    )


def decade(first_year: int) -> Point:
    """The decade starting at ``first_year`` (a multiple of ten): value "199"."""
    return Point(
        f"{first_year // 10:03d}",
        Grain.DECADE,
        _span(dt.date(first_year, 1, 1), dt.date(first_year + 9, 12, 31), Grain.DECADE),
    )


def century(number: int) -> Point:
    """The ``number``-th century (21 -> 2001..2100, TIMEX3 value "20")."""
    first = max(100 * (number - 1), 1)
    last = min(100 * number - 1, MAX_YEAR)
    return Point(
        f"{number - 1:02d}",
        Grain.CENTURY,
        _span(dt.date(first, 1, 1), dt.date(last, 12, 31), Grain.CENTURY),
    )


def add_months(d: dt.date, n: int) -> dt.date:
    """``d`` moved by ``n`` calendar months, clamped to the month's last day."""
    total = d.year * 12 + d.month - 1 + n
    y, m = divmod(total, 12)
    return dt.date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def shift(anchor: dt.date, grain: Grain, n: int) -> Point:
    """The ``grain`` unit ``n`` units away from the one containing ``anchor``."""
    if grain is Grain.DAY:
        return day(anchor + dt.timedelta(days=n))
    if grain is Grain.WEEK:
        return week(anchor + dt.timedelta(weeks=n))
    if grain is Grain.MONTH:
        moved = add_months(anchor, n)
        return month(moved.year, moved.month)
    if grain is Grain.QUARTER:
        q = (anchor.year * 4 + (anchor.month - 1) // 3) + n
        return quarter(q // 4, q % 4 + 1)
    if grain is Grain.HALF:
        h = (anchor.year * 2 + (anchor.month - 1) // 6) + n
        return half(h // 2, h % 2 + 1)
    if grain is Grain.YEAR:
        return year(anchor.year + n)
    if grain is Grain.DECADE:
        return decade((anchor.year // 10 + n) * 10)
    if grain is Grain.CENTURY:
        return century((anchor.year - 1) // 100 + 1 + n)
    raise ValueError(f"cannot shift by {grain}")


def weekday_near(anchor: dt.date, iso_weekday: int, tense: Tense) -> dt.date:
    """The day named ``iso_weekday`` nearest ``anchor`` in the direction of ``tense``.

    The anchor's own weekday is the anchor itself; past (and unknown) tense looks back
    up to six days, future looks ahead.
    """
    diff = iso_weekday - anchor.isoweekday()
    if diff == 0:
        return anchor
    if tense is Tense.FUTURE:
        return anchor + dt.timedelta(days=diff % 7)
    return anchor - dt.timedelta(days=(-diff) % 7)


LAG_DAYS = 7  # a report may lag or lead its date line by a few days


def _near_year(anchor: dt.date, m: int, d: int | None) -> int | None:
    """The year in which day ``d`` of month ``m`` lies within ``LAG_DAYS`` of the anchor,
    if any: a past-tense "Nov. 9" in a story of Nov. 3 is this year's, not last year's."""
    if d is None:
        return None
    for y in (anchor.year, anchor.year - 1, anchor.year + 1):
        try:
            if abs((dt.date(y, m, d) - anchor).days) <= LAG_DAYS:
                return y
        except ValueError:
            continue
    return None


def year_for(anchor: dt.date, m: int, d: int | None, tense: Tense) -> int:
    """The year of month ``m`` (day ``d``) the text most likely means, seen from ``anchor``.

    Past tense: the most recent such date on or before the anchor; future: the next one
    on or after it (a day within ``LAG_DAYS`` on the wrong side of the anchor stays in its
    year: "ordered to return by Jan. 14" in a story of Jan. 15); otherwise the one within
    ``FUTURE_MONTHS`` months ahead or ``12 - FUTURE_MONTHS`` months back (news looks back
    more often than ahead).
    """
    key = (m, d or 0)
    anchor_key = (anchor.month, anchor.day if d is not None else 0)
    y = anchor.year
    if tense in (Tense.PAST, Tense.FUTURE):
        near = _near_year(anchor, m, d)
        if near is not None:
            return near
    if tense is Tense.PAST:
        return y if key <= anchor_key else y - 1
    if tense is Tense.FUTURE:
        return y if key >= anchor_key else y + 1
    months_ahead = m - anchor.month
    if months_ahead > FUTURE_MONTHS:
        return y - 1
    if months_ahead < FUTURE_MONTHS - 12:
        return y + 1
    return y


def full_year(two_digits: int, anchor: dt.date | None) -> int:
    """A four-digit year for a two-digit one ("'89", "12 JAN 90"): in the anchor's
    century unless that is more than 20 years ahead of it (then the century before);
    without an anchor 1950-2049."""
    if anchor is None:
        return 1900 + two_digits if two_digits >= 50 else 2000 + two_digits
    y = anchor.year - anchor.year % 100 + two_digits
    if y > anchor.year + 20:
        y -= 100
    elif y < anchor.year - 80:
        y += 100
    return y


def easter(y: int) -> dt.date:
    """Western Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = y % 19, y // 100, y % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    mo, da = divmod(h + ell - 7 * m + 114, 31)
    return dt.date(y, mo, da + 1)


def nth_weekday(y: int, m: int, iso_weekday: int, n: int) -> dt.date:
    """The ``n``-th ``iso_weekday`` of a month (``n`` = -1: the last one)."""
    if n > 0:
        first = dt.date(y, m, 1)
        return first + dt.timedelta(days=(iso_weekday - first.isoweekday()) % 7 + 7 * (n - 1))
    last = month_end(y, m)
    return last - dt.timedelta(days=(last.isoweekday() - iso_weekday) % 7)


def holiday(rule: str, y: int) -> dt.date:
    """A computed holiday in year ``y`` (rule names from the vocabulary file)."""
    if rule == "easter":
        return easter(y)
    if rule == "good_friday":
        return easter(y) - dt.timedelta(days=2)
    if rule == "thanksgiving":
        return nth_weekday(y, 11, 4, 4)
    if rule == "memorial_day":
        return nth_weekday(y, 5, 1, -1)
    if rule == "labor_day":
        return nth_weekday(y, 9, 1, 1)
    if rule == "election_day":
        return nth_weekday(y, 11, 1, 1) + dt.timedelta(days=1)
    raise ValueError(f"unknown holiday rule {rule!r}")


def duration(amount: float | None, code: str, is_time: bool) -> str:
    """A TIMEX3 duration value: (2, "Y") -> "P2Y", (48, "H", time) -> "PT48H", None -> X."""
    prefix = "PT" if is_time else "P"
    if amount is None:
        return f"{prefix}X{code}"
    if amount != int(amount):
        whole = int(amount)
        frac = amount - whole
        sub = {
            "Y": (12, "M", False),
            "D": (24, "H", True),
            "H": (60, "M", True),
            "M": (60, "S", True),
        }
        if code in sub and not (code == "M" and not is_time):
            mult, sub_code, sub_time = sub[code]
            rest = int(round(frac * mult))
            if code == "Y":
                return f"P{whole}Y{rest}M"
            if code == "D":
                return f"P{whole}DT{rest}H"
            return f"PT{whole}{code}{rest}{sub_code}"
        return f"{prefix}{amount:g}{code}"
    return f"{prefix}{int(amount)}{code}"
