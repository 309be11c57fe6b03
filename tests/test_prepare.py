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
