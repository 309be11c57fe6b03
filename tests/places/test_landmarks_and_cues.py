"""Seats of power read as their city, and the recognition cues added for issue #10."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.tokens import Doc

from tidings.places import Gazetteer, find_places
from tidings.places import _knowledge as kb
from tidings.records import Place

Parse = Callable[[str], Doc]


def places(parse: Parse, text: str) -> list[Place]:
    return find_places(parse(text))


def named(found: list[Place], text: str) -> Place:
    matches = [p for p in found if p.text == text]
    assert matches, f"{text!r} not in {[p.text for p in found]}"
    return matches[0]


# -- landmarks.tsv


def test_landmarks_file_is_valid() -> None:
    rows = kb.landmarks()
    assert {"White House", "Kremlin", "Downing Street", "Zhongnanhai"} <= {r.name for r in rows}
    assert all(len(r.country) == 2 and r.city > 0 for r in rows)


@pytest.mark.parametrize(
    ("name", "city", "country"),
    [
        ("White House", 4140963, "USA"),
        ("Kremlin", 524901, "RUS"),
        ("Pentagon", 4744709, "USA"),
        ("Downing Street", 2643743, "GBR"),
        ("Elysee", 2988507, "FRA"),
        ("Zhongnanhai", 1816670, "CHN"),
    ],
)
def test_a_landmark_resolves_to_its_city(gazetteer: Gazetteer, name: str, city: int, country: str) -> None:
    best = gazetteer.lookup(name)[0]
    assert best.landmark and not best.alias
    assert (best.geonameid, best.country, best.feature) == (city, country, "city")


def test_a_landmark_is_not_reached_by_its_city_name(gazetteer: Gazetteer) -> None:
    assert not any(c.landmark for c in gazetteer.lookup("Washington"))


def test_white_house_at_is_washington_not_tennessee(parse: Parse) -> None:
    place = named(places(parse, "Talks were held at the White House on Friday."), "White House")
    assert (place.name, place.geonameid, place.admin1) == ("Washington", 4140963, "District of Columbia")


def test_seats_in_locative_phrases_are_their_cities(parse: Parse) -> None:
    found = places(parse, "Officials at the Pentagon and in Downing Street declined to comment.")
    assert named(found, "Downing Street").name == "London"
    assert named(found, "Pentagon").country == "USA"


def test_a_seat_speaking_for_its_government_is_no_place(parse: Parse) -> None:
    assert places(parse, "The White House said the strike was justified.") == []
    assert places(parse, "The Kremlin said on Monday it would respond.") == []


def test_the_town_of_white_house_keeps_its_qualifier(parse: Parse) -> None:
    place = named(places(parse, "He moved to White House, Tenn., in 1990."), "White House")
    assert (place.name, place.admin1) == ("White House", "Tennessee")


# -- recognition cues


@pytest.mark.parametrize(
    ("text", "name", "admin1"),
    [
        ("Corsicana Police Department officers arrested two men.", "Corsicana", "Texas"),
        ("Litchfield Fire Chief Jim Koser said the blaze was out.", "Litchfield", None),
        ("The suspect, Rebecca Sears, 41, of Grovetown, was arrested.", "Grovetown", "Georgia"),
        ("A Columbia-based design firm sued the city.", "Columbia", None),
        ("State Sen. Robert Ford, D-Charleston, said he was optimistic.", "Charleston", None),
    ],
)
def test_context_makes_a_name_a_place(parse: Parse, text: str, name: str, admin1: str | None) -> None:
    place = named(places(parse, text), name)
    assert place.country == "USA"
    if admin1 is not None:
        assert place.admin1 == admin1


def test_a_name_listed_with_a_place_is_a_place(parse: Parse) -> None:
    found = places(parse, "Tax revenue grew in Cleveland, Columbus, Dayton and Cincinnati.")
    assert {"Cleveland", "Columbus", "Dayton", "Cincinnati"} <= {p.text for p in found}
    assert named(found, "Dayton").admin1 == "Ohio"


def test_an_organisation_listed_with_a_place_is_not(parse: Parse) -> None:
    found = places(parse, "Officials said Israel and Hamas declared a ceasefire.")
    assert [p.text for p in found] == ["Israel"]


def test_a_dateline_after_the_byline_is_a_place(parse: Parse) -> None:
    text = "By Kent Mallett Advocate Reporter March 30, 2009 NEWARK -- Home sales rose again."
    assert named(places(parse, text), "NEWARK").country == "USA"


def test_a_possessive_business_name_is_not_a_place(parse: Parse) -> None:
    found = places(parse, "He ate lunch at McDonald's in Dayton, Ohio.")
    assert [p.text for p in found] == ["Dayton", "Ohio"]


def test_an_event_by_the_white_house_is_not_placed_in_tennessee(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The White House ordered an airstrike on a militia base on Tuesday. "
        "Officials at the White House said more strikes would follow."
    )
    result = pipeline.extract(text, published="2024-01-30")
    assert result.events
    assert all(p.admin1 != "Tennessee" for p in result.places)
    for event in result.events:
        assert event.location is None or event.location.name != "White House"


def test_a_prominent_city_struck_is_a_place_even_when_tagged_an_organisation(parse: Parse) -> None:
    found = places(parse, "Two civilians were killed when Russian artillery hit Kharkiv on Thursday, officials said.")
    assert named(found, "Kharkiv").country == "UKR"
