"""Expressions resolved against the discourse, not only the publication date.

Each case is a fix from the TempEval-3 error analysis (issue 6), written as a small
hand-made sentence: the latest quarter is one that has ended, "the previous Friday"
counts from the Friday just named, "the 1988 quarter" is the counterpart of the last
quarter named, an apposition "Oct. 12, the day before ..." is Oct. 12 itself.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tidings.time import find_timexes

DCT = dt.date(1989, 11, 2)  # a Thursday


def values(text: str, anchor: dt.date = DCT) -> dict[str, str]:
    return {t.text: t.value for t in find_timexes(text, anchor)}


def test_latest_quarter_is_one_that_has_ended() -> None:
    text = (
        "The company took a fourth-quarter charge. Earnings fell 59% in the latest "
        "quarter, against $6.1 million a year ago."
    )
    found = values(text)
    assert found["fourth-quarter"] == "1989-Q4"
    assert found["the latest quarter"] == "1989-Q3"
    assert found["a year ago"] == "1988-Q3"


def test_the_quarter_refers_back_to_the_quarter_named() -> None:
    assert values("Sales rose in the third quarter. The quarter was strong.")["The quarter"] == "1989-Q3"


def test_the_current_year_is_the_anchors_not_the_last_year_named() -> None:
    found = values("Sales in 1988 were weak; the current year looks better.")
    assert found["the current year"] == "1989"


def test_year_earlier_quarter_survives_a_year_in_between() -> None:
    text = "Third-quarter profit rose, though it fell last year. It earned $2 in the 1988 quarter."
    assert values(text)["the 1988 quarter"] == "1988-Q3"


def test_the_previous_weekday_counts_from_the_day_named() -> None:
    text = "Shares fell Friday, down 4.5% from the previous Friday."
    found = values(text, dt.date(1989, 10, 30))
    assert found["Friday"] == "1989-10-27"
    assert found["the previous Friday"] == "1989-10-20"


def test_bare_overnight_does_not_move_the_discourse_day() -> None:
    text = "Shares fell Friday after overnight losses, down from the previous Friday."
    found = values(text, dt.date(1989, 10, 30))
    assert found["the previous Friday"] == "1989-10-20"


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("Eight days after Oct. 12, the day before the crash, prices fell.", "the day before", "1989-10-12"),
        ("He arrived on Oct. 12. He had left the day before.", "the day before", "1989-10-11"),
    ],
)
def test_the_day_before(text: str, span: str, value: str) -> None:
    assert values(text)[span] == value


def test_the_day_before_a_gerund_or_another_day_is_not_anaphoric() -> None:
    found = values("She flew to Nairobi later in the day before returning home.")
    assert "the day before" not in found


def test_a_year_earlier_keeps_the_day_of_its_reference() -> None:
    text = "The quake struck on Aug. 12, 1989, and a year earlier a flood hit."
    assert values(text)["a year earlier"] == "1988-08-12"
