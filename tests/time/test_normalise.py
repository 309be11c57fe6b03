"""Calendar arithmetic: properties that hold for every date."""

from __future__ import annotations

import datetime as dt

from hypothesis import example, given
from hypothesis import strategies as st

from tidings.time import _normalise as cal
from tidings.time import find_timexes, parse_date
from tidings.time._normalise import Grain, Tense

dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))


@given(dates)
def test_iso_round_trip(d: dt.date) -> None:
    assert parse_date(d.isoformat()) == d
    found = find_timexes(f"It happened on {d.isoformat()}.", None)
    assert [t.value for t in found] == [d.isoformat()]


@given(dates)
def test_written_date_round_trip(d: dt.date) -> None:
    text = f"It happened on {d.strftime('%B')} {d.day}, {d.year}."
    (t,) = find_timexes(text, dt.date(2024, 1, 28))
    assert t.value == d.isoformat()
    assert t.range is not None and t.range.start == t.range.end == d


@given(dates, st.sampled_from([Grain.DAY, Grain.WEEK, Grain.MONTH, Grain.QUARTER, Grain.YEAR]))
def test_unit_contains_its_date(d: dt.date, grain: Grain) -> None:
    p = cal.shift(d, grain, 0)
    assert p.range is not None and p.range.start <= d <= p.range.end


@given(dates, st.integers(min_value=-30, max_value=30))
def test_shift_by_months_moves_months(d: dt.date, n: int) -> None:
    moved = cal.add_months(d, n)
    assert (moved.year * 12 + moved.month) - (d.year * 12 + d.month) == n
    assert moved.day <= d.day


@given(dates, st.integers(min_value=1, max_value=7))
def test_weekday_near(d: dt.date, wd: int) -> None:
    past = cal.weekday_near(d, wd, Tense.PAST)
    future = cal.weekday_near(d, wd, Tense.FUTURE)
    assert past.isoweekday() == future.isoweekday() == wd
    assert 0 <= (d - past).days <= 6 and 0 <= (future - d).days <= 6


@given(dates, st.integers(min_value=1, max_value=12))
def test_year_for_respects_tense(d: dt.date, m: int) -> None:
    past = cal.year_for(d, m, None, Tense.PAST)
    future = cal.year_for(d, m, None, Tense.FUTURE)
    assert (past, m) <= (d.year, d.month) <= (future, m)
    assert abs(cal.year_for(d, m, None, Tense.UNKNOWN) - d.year) <= 1


@example(dt.date(2024, 1, 2), -3)  # across the turn of the year
@given(dates, st.integers(min_value=-400, max_value=400))
def test_year_for_a_day_lies_on_the_tense_side_or_within_the_lag(d: dt.date, shift: int) -> None:
    target = d + dt.timedelta(days=shift)
    if (target.month, target.day) == (2, 29):
        return
    for tense, sign in ((Tense.PAST, -1), (Tense.FUTURE, 1)):
        y = cal.year_for(d, target.month, target.day, tense)
        got = dt.date(y, target.month, target.day)
        gap = (got - d).days * sign
        assert -cal.LAG_DAYS <= gap < 366  # on the tense's side, or a few days off it
        if abs((target - d).days) <= cal.LAG_DAYS:
            assert got == target  # a day within the lag keeps its year either way


@given(dates)
def test_relative_days_round_trip(d: dt.date) -> None:
    found = find_timexes("He left yesterday and returns tomorrow.", d)
    assert [t.value for t in found] == [
        (d - dt.timedelta(days=1)).isoformat(),
        (d + dt.timedelta(days=1)).isoformat(),
    ]


@given(st.integers(min_value=1900, max_value=2100))
def test_easter_is_a_sunday_in_spring(y: int) -> None:
    e = cal.easter(y)
    assert e.isoweekday() == 7 and dt.date(y, 3, 22) <= e <= dt.date(y, 4, 25)


@given(st.integers(min_value=0, max_value=99), dates)
def test_full_year_keeps_last_digits(yy: int, anchor: dt.date) -> None:
    assert cal.full_year(yy, anchor) % 100 == yy
    assert -80 <= cal.full_year(yy, anchor) - anchor.year <= 20
