"""Spans and values added after the TempEval-3 error analysis (issue 6)."""

from __future__ import annotations

import datetime as dt

import pytest

from tidings.time import find_timexes

DCT = dt.date(1989, 11, 2)


@pytest.mark.parametrize(
    ("text", "span", "type_", "value"),
    [
        ("Stocks slid by mid-afternoon yesterday.", "mid-afternoon yesterday", "TIME", "1989-11-01TAF"),
        ("By mid afternoon, officials spoke.", "mid afternoon", "TIME", "1989-11-02TAF"),
        ("It took a minute and a half.", "a minute and a half", "DURATION", "PT1M30S"),
        ("The vote is set for the week of March 6, 1990.", "the week of March 6, 1990", "DATE", "1990-W10"),
        ("The then-current rate was 5%.", "then-current", "DATE", "PAST_REF"),
        ("Islam will one day be the second religion.", "one day", "DATE", "FUTURE_REF"),
        ("It lasted one day.", "one day", "DURATION", "P1D"),
        ("The offer runs until 5 p.m. EST Nov. 9.", "5 p.m. EST Nov. 9", "TIME", "1989-11-09T17:00"),
    ],
)
def test_expression(text: str, span: str, type_: str, value: str) -> None:
    found = [t for t in find_timexes(text, DCT) if t.text == span]
    assert [(t.type, t.value) for t in found] == [(type_, value)], find_timexes(text, DCT)


def test_the_past_before_a_count_is_not_a_vague_past() -> None:
    found = find_timexes("It rained over the past three summers.", DCT)
    assert all(t.value != "PAST_REF" for t in found)


def test_future_deadline_a_day_before_the_anchor_stays_in_its_year() -> None:
    text = "The agency ordered the child returned by Jan. 14."
    found = find_timexes(text, dt.date(2000, 1, 15))
    assert [t.value for t in found] == ["2000-01-14"]
