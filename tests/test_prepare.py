from __future__ import annotations

import datetime as dt

import pytest

from tidings.errors import InputError
from tidings.prepare import clean_text, guess_title, prepare
from tidings.read import RawDocument
from tidings.records import PublishedSource

ARTICLE = (
    "Ceasefire talks resume in Doha\n"
    "Negotiators from both sides met in Doha on Monday to discuss a new ceasefire, officials said. "
    "The talks are expected to continue through the week."
)


def test_clean_text_normalises_spaces_and_blank_lines() -> None:
    assert clean_text("a\u00a0 b\r\n\r\n\r\n\r\nc\x07") == "a b\n\nc"


def test_title_is_the_headline_line() -> None:
    assert guess_title(ARTICLE) == "Ceasefire talks resume in Doha"
    assert guess_title("One sentence only.") is None


def test_prepare_keeps_given_date_and_detects_english() -> None:
    doc = prepare(RawDocument(source="x", text=ARTICLE), published="2024-03-04")
    assert doc.language == "en"
    assert doc.published == dt.date(2024, 3, 4)
    assert doc.published_source == PublishedSource.GIVEN
    assert doc.id and doc.title == "Ceasefire talks resume in Doha"


def test_dateline_gives_publication_date_from_text() -> None:
    text = (
        "BAGHDAD, Jan. 28, 2024 (Reuters) - Iraq and the United States began talks on Sunday "
        "about the future of the coalition."
    )
    doc = prepare(RawDocument(source="x", text=text))
    assert doc.published_source == PublishedSource.TEXT
    assert doc.published_date == dt.date(2024, 1, 28)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("!!! ... ???", "too little text"),
        (
            "Die Regierung hat am Montag neue Sanktionen gegen das Land beschlossen, teilte das Ministerium mit.",
            "not English",
        ),
    ],
)
def test_uncodable_text_is_an_input_error(text: str, reason: str) -> None:
    with pytest.raises(InputError) as info:
        prepare(RawDocument(source="in.txt", text=text))
    assert reason in info.value.reason and info.value.source == "in.txt"


def test_malformed_given_date_names_the_input() -> None:
    with pytest.raises(InputError, match="publication date"):
        prepare(RawDocument(source="in.txt", text=ARTICLE, published="not a date"))


def test_text_too_long_for_one_article_is_refused() -> None:
    with pytest.raises(InputError, match="too long for one article"):
        prepare(RawDocument(source="huge.txt", text="Troops attacked the town. " * 50_000))


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("Published: 28 January 2024\nTroops attacked the town yesterday.", dt.date(2024, 1, 28)),
        ("Sunday, January 28, 2024\nTroops attacked the town yesterday.", dt.date(2024, 1, 28)),
        ("2024-01-28\nTroops attacked the town yesterday, officials said.", dt.date(2024, 1, 28)),
        (
            "Troops attacked the town yesterday, officials said.\nUpdated on 2024-01-28 10:15",
            dt.date(2024, 1, 28),
        ),
        ("The minister said today, January 28, 2024, that troops attacked.", dt.date(2024, 1, 28)),
        ("Troops attacked the town yesterday (Jan. 27, 2024), officials said.", dt.date(2024, 1, 28)),
    ],
)
def test_publication_date_inferred_from_the_text(text: str, published: dt.date) -> None:
    doc = prepare(RawDocument(source="x", text=text))
    assert doc.published_source == PublishedSource.INFERRED
    assert doc.published_date == published


@pytest.mark.parametrize(
    "text",
    [
        # a background date is not the publication date
        "Troops attacked the town yesterday, as they did on June 15, 2014, officials said.",
        # a headline with a date in it is not a date line
        "Rebels attack Jan. 5, 2024 convoy\nTroops attacked the town yesterday, officials said.",
        # a verb that looks like a label
        "Posted troops to the border on Jan. 5, 2024, officials said.\nMore troops followed.",
    ],
)
def test_no_publication_date_without_a_safe_clue(text: str) -> None:
    doc = prepare(RawDocument(source="x", text=text))
    assert doc.published is None and doc.published_source is None


def test_dateline_is_found_not_inferred_and_given_date_wins() -> None:
    text = "Published: 28 January 2024\nTroops attacked the town yesterday."
    doc = prepare(RawDocument(source="x", text=text), published="2024-02-01")
    assert (doc.published_date, doc.published_source) == (dt.date(2024, 2, 1), PublishedSource.GIVEN)


def test_relative_dates_resolve_against_the_inferred_date() -> None:
    from tidings.time import find_timexes

    doc = prepare(RawDocument(source="x", text="Published: 28 January 2024\nTroops attacked yesterday."))
    assert doc.published_date is not None
    found = find_timexes(doc.text, doc.published_date)
    assert [t.value for t in found if t.text == "yesterday"] == ["2024-01-27"]
