"""Time expressions as 2013 news writes them, with TIMEX3 values by the TimeML guidelines.

Written for this project (no corpus text): one sentence per construction, anchored on
Wednesday, 20 March 2013, parsed by spaCy for tense as ``tidings extract`` does.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tidings.time import find_timexes

ANCHOR = dt.date(2013, 3, 20)  # a Wednesday

CASES = [
    ("The bombing happened on Monday.", "Monday", "2013-03-18"),
    ("Officials will meet on Monday.", "Monday", "2013-03-25"),
    ("Rebels seized the town late Tuesday.", "late Tuesday", "2013-03-19"),
    ("The vote is scheduled for Sunday.", "Sunday", "2013-03-24"),
    ("He died Tuesday night.", "Tuesday night", "2013-03-19TNI"),
    ("The strike began at 10 a.m. Tuesday.", "10 a.m. Tuesday", "2013-03-19T10:00"),
    ("He spoke for more than an hour.", "more than an hour", "PT1H"),
    ("The talks lasted two days.", "two days", "P2D"),
    ("He served a two-year term.", "two-year", "P2Y"),
    ("Elections are held every four years.", "every four years", "P4Y"),
    ("The company was founded in 1998.", "1998", "1998"),
    ("Prices rose in February.", "February", "2013-02"),
    ("The law takes effect in April.", "April", "2013-04"),
    ("The deal was signed on Feb. 28.", "Feb. 28", "2013-02-28"),
    ("Unemployment fell in the fourth quarter.", "the fourth quarter", "2012-Q4"),
    ("Growth slowed in 2012.", "2012", "2012"),
    ("He was elected pope on March 13.", "March 13", "2013-03-13"),
    ("Sales rose 5 percent from a year ago.", "a year ago", "2012"),
    ("Earlier this year, the bank cut rates.", "Earlier this year", "2013"),
    ("The report is due later this month.", "later this month", "2013-03"),
    ("The plant will open next year.", "next year", "2014"),
    ("The economy grew this year.", "this year", "2013"),
    ("The program ended in the 1990s.", "the 1990s", "199"),
    ("The war ended in the 19th century.", "the 19th century", "18"),
    ("The country has been at war for more than a decade.", "more than a decade", "P10Y"),
    ("Over the past 24 hours, 30 people died.", "the past 24 hours", "PT24H"),
    ("Troops withdrew in December 2011.", "December 2011", "2011-12"),
    ("It was the first such visit since 2009.", "2009", "2009"),
    ("He was in office from 2005 to 2010.", "2005", "2005"),
    ("The shooting happened Friday morning.", "Friday morning", "2013-03-15TMO"),
    ("The meeting is set for Thursday afternoon.", "Thursday afternoon", "2013-03-21TAF"),
    ("The fighting continued for weeks.", "weeks", "PXW"),
    ("The trial could take months.", "months", "PXM"),
    ("It happened two weeks ago.", "two weeks ago", "2013-W10"),
    ("He resigned last month.", "last month", "2013-02"),
    ("She will travel to Rome next week.", "next week", "2013-W13"),
    ("The ceasefire collapsed last week.", "last week", "2013-W11"),
    ("The summit is next month.", "next month", "2013-04"),
    ("He took office in January.", "January", "2013-01"),
    ("He said on Christmas Day that", "Christmas Day", "2012-12-25"),
    ("The ceremony will take place on Easter Sunday.", "Easter Sunday", "2013-03-31"),
    ("Voters go to the polls on Sunday, March 24.", "Sunday, March 24", "2013-03-24"),
    ("The storm hit on Oct. 29, 2012.", "Oct. 29, 2012", "2012-10-29"),
    ("The blast occurred at 8:15 a.m. local time.", "8:15 a.m. local time", "2013-03-20T08:15"),
    ("Markets are now closed.", "now", "PRESENT_REF"),
    ("The minister recently visited China.", "recently", "PAST_REF"),
    ("The agency said Wednesday that", "Wednesday", "2013-03-20"),
    ("He has lived there for 30 years.", "30 years", "P30Y"),
    ("The company posted a loss for the first half.", "the first half", "2013-H1"),
    ("In mid-2011, the uprising began.", "mid-2011", "2011"),
    ("The bill passed in early March.", "early March", "2013-03"),
    ("The drought lasted from 2010 until 2012.", "2012", "2012"),
    ("The rebels have fought the government since the 1980s.", "the 1980s", "198"),
    ("The day before, police had raided the house.", "The day before", "2013-03-19"),
    ("The next day, he resigned.", "The next day", "2013-03-21"),
    ("Its monthly report", "monthly", "P1M"),
    ("He was sentenced to 15 years in prison.", "15 years", "P15Y"),
    ("The 2012 election was close.", "2012", "2012"),
    ("Temperatures fell overnight.", "overnight", "2013-03-20TNI"),
    ("Hours later, the building collapsed.", "Hours later", "PTXH"),
    ("Last year's floods killed 20.", "Last year", "2012"),
    ("The company plans to cut jobs by the end of the year.", "the end of the year", "2013"),
    ("The season ends this spring.", "this spring", "2013-SP"),
    ("The next few months will be critical.", "The next few months", "PXM"),
    ("In the coming weeks, talks will resume.", "the coming weeks", "FUTURE_REF"),
    ("at 0700 GMT", "0700 GMT", "2013-03-20T07:00"),
    ("The new pope was elected on the fifth ballot Wednesday evening.", "Wednesday evening", "2013-03-20TEV"),
    ("a 24-hour strike", "24-hour", "PT24H"),
    ("the past few days", "the past few days", "PXD"),
    ("every day", "every day", "P1D"),
    ("once a month", "once a month", "P1M"),
    ("He ruled for nearly four decades.", "nearly four decades", "P40Y"),
]


@pytest.mark.parametrize(("text", "span", "value"), CASES)
def test_news_expression(nlp: Any, text: str, span: str, value: str) -> None:
    found = [(t.text, t.value) for t in find_timexes(text, ANCHOR, nlp(text))]
    assert [v for t, v in found if t == span] == [value], found
