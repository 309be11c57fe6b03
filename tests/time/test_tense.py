"""Which way a bare weekday or month points: the tense of its clause decides.

In news a weekday in a past-tense clause is the most recent such day on or before the
publication date; with a future marker (will, is to, plans to, scheduled ...) the next
one. The spaCy parse decides when given; nearby words decide otherwise.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tidings.time import find_timexes

THURSDAY = dt.date(2023, 8, 24)
WEDNESDAY = dt.date(2022, 10, 5)

CASES = [
    # past tense: the day before (or on) the publication date
    ("The cabinet endorsed the plan on Wednesday.", THURSDAY, "2023-08-23"),
    (
        "North Korea fired a missile over Japan on Tuesday, and Pyongyang warned that it "
        "would answer any provocation with force.",
        WEDNESDAY,
        "2022-10-04",
    ),
    (
        "The president endorsed the country's bid to join the bloc at a summit in "
        "Johannesburg on Wednesday.",
        THURSDAY,
        "2023-08-23",
    ),
    ("Under the agreement, announced Wednesday, holders would get cash.", THURSDAY, "2023-08-23"),
    ("The talks, which ended on Wednesday, were tense.", THURSDAY, "2023-08-23"),
    ("The offer had been due to expire on Wednesday.", THURSDAY, "2023-08-23"),
    ("The strike may have been responsible for the losses on Wednesday.", THURSDAY, "2023-08-23"),
    ("Protesters have marched since Wednesday.", THURSDAY, "2023-08-23"),
    # a future marker: the next such day
    ("The cabinet will vote on the plan on Wednesday.", THURSDAY, "2023-08-30"),
    ("The cabinet is to vote on the plan on Wednesday.", THURSDAY, "2023-08-30"),
    ("The cabinet plans to vote on the plan on Wednesday.", THURSDAY, "2023-08-30"),
    ("The cabinet is going to vote on Wednesday.", THURSDAY, "2023-08-30"),
    ("The vote is scheduled for Wednesday.", THURSDAY, "2023-08-30"),
    ("The payment is due Wednesday.", THURSDAY, "2023-08-30"),
    ("The meeting is set for Wednesday.", THURSDAY, "2023-08-30"),
    ("Talks are expected to resume on Wednesday.", THURSDAY, "2023-08-30"),
    ("The team planned to leave the capital on Wednesday.", THURSDAY, "2023-08-30"),
    ("The minister said the cabinet would vote on Wednesday.", THURSDAY, "2023-08-30"),
    ("The vote was held on Wednesday and talks will resume next week.", THURSDAY, "2023-08-23"),
    # "until" after a deferral points ahead; a plain "until" follows the tense
    ("Officials postponed the vote until Wednesday.", THURSDAY, "2023-08-30"),
    ("The court extended its deadline until Wednesday.", THURSDAY, "2023-08-30"),
    ("He stayed in the capital until Wednesday.", THURSDAY, "2023-08-23"),
    ("The vote was delayed, and they waited until Wednesday.", THURSDAY, "2023-08-23"),
]


def _value(text: str, anchor: dt.date, doc: Any = None) -> str:
    found = [t for t in find_timexes(text, anchor, doc) if t.text == "Wednesday" or t.text == "Tuesday"]
    assert len(found) == 1, found
    return found[0].value


@pytest.mark.parametrize(("text", "anchor", "value"), CASES)
def test_weekday_direction_from_words(text: str, anchor: dt.date, value: str) -> None:
    assert _value(text, anchor) == value


@pytest.mark.parametrize(("text", "anchor", "value"), CASES)
def test_weekday_direction_from_parse(nlp: Any, text: str, anchor: dt.date, value: str) -> None:
    assert _value(text, anchor, nlp(text)) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The league plans to hold a news conference in March.", "2024-03"),
        ("The firm's program to repay the loan by March is on track.", "2024-03"),
        ("The talks collapsed in March.", "2023-03"),
    ],
)
def test_month_direction_from_parse(nlp: Any, text: str, value: str) -> None:
    anchor = dt.date(2023, 10, 30)
    found = find_timexes(text, anchor, nlp(text))
    assert [t.value for t in found] == [value]


@pytest.mark.parametrize(
    ("text", "anchor", "span", "value"),
    [
        # a day right after a reporting verb is the report's, behind the anchor
        ("Opposition leaders said on Monday they would not attend the talks.", WEDNESDAY, "Monday", "2022-10-03"),
        ("The minister told reporters on Tuesday that talks will resume.", WEDNESDAY, "Tuesday", "2022-10-04"),
        # a month set by a verb in the past happened before the anchor ...
        ("Moscow launched its invasion on Feb. 24.", dt.date(2022, 12, 2), "Feb. 24", "2022-02-24"),
        ("A ceasefire signed in February has largely held.", dt.date(2015, 11, 18), "February", "2015-02"),
        # ... but not what a past verb plans or schedules
        ("NATO invited them to a ceremony on March 12.", dt.date(1999, 2, 16), "March 12", "1999-03-12"),
        ("The company extended the offer to Nov. 20.", dt.date(1989, 11, 2), "Nov. 20", "1989-11-20"),
    ],
)
def test_reports_and_past_settings(nlp: Any, text: str, anchor: dt.date, span: str, value: str) -> None:
    found = [(t.text, t.value) for t in find_timexes(text, anchor, nlp(text))]
    assert [v for t, v in found if t == span] == [value], found
