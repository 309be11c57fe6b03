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
        # a count from the narrative, not from today, is the duration it names
        ("Three days later, the index fell.", "Three days later", "DURATION", "P3D"),
        ("A few days later, it sold the unit.", "A few days later", "DURATION", "PXD"),
        ("Two years later, it failed.", "Two years later", "DATE", "1991"),
        ("It rose in the weeks ahead.", "the weeks ahead", "DURATION", "PXW"),
        ("In the years that followed, it grew.", "the years", "DURATION", "PXY"),
        ("It will cut taxes in future quarters.", "future quarters", "DATE", "FUTURE_REF"),
        ("It made money after several quarters of losses.", "several quarters", "DURATION", "PXQ"),
        ("The post-1959 politics split families.", "1959", "DATE", "1959"),
        ("The summit is on Dec. 4 and 5.", "5", "DATE", "1989-12-05"),
        ("Threats grew over the past decade.", "the past decade", "DURATION", "P10Y"),
        ("It will close by the end of the month.", "the end of the month", "DATE", "1989-11"),
        ("Hours later, the building collapsed.", "Hours later", "DURATION", "PTXH"),
        ("Days earlier, police had warned him.", "Days earlier", "DURATION", "PXD"),
        ("Dealers bought Friday. More orders came in the morning.", "the morning", "TIME", "1989-10-27TMO"),
        ("The vote is this Friday.", "this Friday", "DATE", "1989-11-03"),
        ("He spoke this Monday.", "this Monday", "DATE", "1989-10-30"),
        ("Gunmen attacked the village late on Saturday.", "late on Saturday", "DATE", "1989-10-28"),
        ("Troops arrived on Monday. That night, shelling resumed.", "That night", "TIME", "1989-10-30TNI"),
        ("It lasted just over a year.", "just over a year", "DURATION", "P1Y"),
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


def test_a_count_later_keeps_the_day_it_points_to_for_dating_events() -> None:
    found = find_timexes("The deal closed on Oct. 3. Three days later, it was undone.", DCT)
    later = next(t for t in found if t.text == "Three days later")
    assert later.range is not None and later.range.start == dt.date(1989, 10, 6)


@pytest.mark.parametrize(
    "text", ["Sales rose 24 and 25 percent.", "Shares rose 3 and 4.5 points.", "Bids of 3 and 4 were made."]
)
def test_a_number_after_and_is_no_day_without_a_month_before(text: str) -> None:
    assert find_timexes(text, DCT) == []


def test_the_month_alone_is_left_to_anaphora() -> None:
    assert find_timexes("He was busy for most of the month.", DCT) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [("Fighting has gone on since December.", "1988-12"), ("The border has been shut since Saturday.", "1989-10-28")],
)
def test_since_points_back(text: str, value: str) -> None:
    assert [t.value for t in find_timexes(text, DCT)] == [value]
