"""parse_date, find_dateline and dateline_span."""

from __future__ import annotations

import datetime as dt

import pytest

from tidings.time import dateline_span, find_dateline, parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-01-28", dt.date(2024, 1, 28)),
        ("2024-01-28T10:00:00Z", dt.datetime(2024, 1, 28, 10, 0, tzinfo=dt.UTC)),
        ("28 January 2024", dt.date(2024, 1, 28)),
        ("Jan. 28, 2024", dt.date(2024, 1, 28)),
        ("20240128", dt.date(2024, 1, 28)),
        ("Sun, 28 Jan 2024 10:00:00 +0000", dt.datetime(2024, 1, 28, 10, 0, tzinfo=dt.UTC)),
    ],
)
def test_parse_date(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["", "not a date", "2024-13-45", "January"])
def test_parse_date_rejects(text: str) -> None:
    assert parse_date(text) is None


def test_dateline_with_year() -> None:
    text = "WASHINGTON (AP) \u2014 Jan 5, 2024 The talks went on."
    date, span = find_dateline(text)
    assert date == dt.date(2024, 1, 5)
    assert span is not None and text[span.start : span.end] == "Jan 5, 2024"


def test_dateline_muc_two_digit_year() -> None:
    date, span = find_dateline("SAN SALVADOR, 12 JAN 90 (ACAN-EFE) -- [TEXT] THE ARMY SAID")
    assert date == dt.date(1990, 1, 12)
    assert span is not None and span.text == "12 JAN 90"


def test_dateline_without_year_gives_span_only() -> None:
    date, span = find_dateline("BAGHDAD, Jan. 28 (Reuters) - Iraq said on Sunday")
    assert date is None
    assert span is not None and span.text == "Jan. 28"


def test_no_dateline() -> None:
    assert find_dateline("The talks began on June 15, 2014 - and ended.") == (None, None)


def test_malformed_vocabulary_names_the_file() -> None:
    from tidings.errors import KnowledgeError
    from tidings.time._vocab import parse_vocabulary

    with pytest.raises(KnowledgeError, match="vocabulary.yaml"):
        parse_vocabulary({"months": {1: ["january"]}})


@pytest.mark.parametrize(
    ("text", "dateline"),
    [
        ("GOMA, Congo (AP) \u2014 M23 rebels captured Sake.", "GOMA, Congo (AP) \u2014 "),
        ("BAGHDAD, Jan. 28 (Reuters) - Iraq said.", "BAGHDAD, Jan. 28 (Reuters) - "),
        ("SAN SALVADOR, 12 JAN 90 (ACAN-EFE) -- The army said.", "SAN SALVADOR, 12 JAN 90 (ACAN-EFE) -- "),
        ("WASHINGTON \u2014 The president said.", "WASHINGTON \u2014 "),
        ("BUFFALO, N.Y. (AP) -- About 500 people came.", "BUFFALO, N.Y. (AP) -- "),
        ("NATO said (in a statement) - the alliance met.", None),
        ("UN: the council (UNSC) voted.", None),
        ("The U.S. said it would act.", None),
    ],
)
def test_dateline_span(text: str, dateline: str | None) -> None:
    span = dateline_span(text)
    assert (span.text if span else None) == dateline
