"""find_places on small hand-written texts."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.tokens import Doc

from tidings.places import Gazetteer, find_places
from tidings.records import Place

Parse = Callable[[str], Doc]


def places(parse: Parse, text: str, **kw: object) -> list[Place]:
    return find_places(parse(text), **kw)  # type: ignore[arg-type]


def by_text(found: list[Place], text: str) -> Place:
    matches = [p for p in found if p.text == text]
    assert matches, f"{text!r} not in {[p.text for p in found]}"
    return matches[0]


def test_offsets_point_into_text_and_are_sorted(parse: Parse) -> None:
    text = "Talks in Baghdad and Washington resumed, officials in Iraq said."
    found = places(parse, text)
    assert [p.start for p in found] == sorted(p.start for p in found)
    for p in found:
        assert text[p.start : p.end] == p.text


def test_paris_texas_is_in_the_us(parse: Parse) -> None:
    found = places(parse, "Protesters gathered in Paris, Texas.")
    paris = by_text(found, "Paris")
    assert (paris.country, paris.admin1, paris.feature) == ("USA", "Texas", "city")
    assert by_text(found, "Texas").feature == "admin1"


def test_paris_alone_is_in_france(parse: Parse) -> None:
    paris = by_text(places(parse, "Protesters gathered in Paris on Sunday."), "Paris")
    assert paris.country == "FRA"


@pytest.mark.parametrize(
    ("text", "town", "state"),
    [
        ("He was arrested in Alexandria, La., on Friday.", "Alexandria", "Louisiana"),
        ("The plant in Springfield, Ill., will close.", "Springfield", "Illinois"),
        ("She grew up in Athens, Ga. and moved away.", "Athens", "Georgia"),
    ],
)
def test_state_abbreviation_fixes_the_town(parse: Parse, text: str, town: str, state: str) -> None:
    found = places(parse, text)
    place = by_text(found, town)
    assert (place.country, place.admin1) == ("USA", state)
    abbreviation = [p for p in found if p.start > place.end][0]
    assert abbreviation.feature == "admin1" and abbreviation.admin1 == state


def test_one_sense_per_discourse(parse: Parse) -> None:
    found = places(parse, "Paris, Texas, has a new mayor. Paris voters approved the budget.")
    assert {p.admin1 for p in found if p.text == "Paris"} == {"Texas"}


def test_document_context_picks_the_nearby_town(parse: Parse) -> None:
    text = "The Gainesville man was taken to a hospital in Hall County, Georgia."
    gainesville = by_text(places(parse, text), "Gainesville")
    assert gainesville.admin1 == "Georgia"


def test_context_countries_is_a_prior(parse: Parse) -> None:
    text = "The council of Paris met on Monday."
    assert by_text(places(parse, text), "Paris").country == "FRA"
    assert by_text(places(parse, text, context_countries=["USA"]), "Paris").country == "USA"


def test_country_name_means_the_country(parse: Parse) -> None:
    found = places(parse, "Troops crossed from Lebanon into Syria.")
    assert by_text(found, "Lebanon").feature == "country"
    assert by_text(found, "Syria").country == "SYR"


def test_leading_the_is_stripped(parse: Parse) -> None:
    text = "Tension is rising in the Middle East and the Gaza Strip."
    found = places(parse, text)
    middle_east = by_text(found, "Middle East")
    assert text[middle_east.start : middle_east.end] == "Middle East"
    assert by_text(found, "Gaza Strip").country == "PSE"


def test_demonym_before_place_noun_is_a_place(parse: Parse) -> None:
    found = places(parse, "The jets flew over Iraqi territory before dawn.")
    iraqi = by_text(found, "Iraqi")
    assert (iraqi.country, iraqi.feature) == ("IRQ", "country")


def test_a_national_adjective_refers_to_its_country(parse: Parse) -> None:
    found = places(parse, "Georgian troops met Americans in the city.")
    by_text = {p.text: p for p in found}
    assert by_text["Georgian"].country == "GEO" and by_text["Georgian"].feature == "country"
    assert by_text["Americans"].country == "USA"


def test_a_religious_or_ethnic_adjective_is_not_a_place(parse: Parse) -> None:
    found = places(parse, "Shiite militias and Kurdish fighters clashed.")
    assert all(p.text not in {"Shiite", "Kurdish"} for p in found)


def test_washington_alone_is_the_capital(parse: Parse) -> None:
    wash = by_text(places(parse, "Officials in Washington said the talks would resume."), "Washington")
    assert (wash.feature, wash.admin1) == ("city", "District of Columbia")


def test_county_is_placed_in_its_state(parse: Parse) -> None:
    found = places(parse, "Deputies in Laurel County, Kentucky, arrested two men near London.")
    county = by_text(found, "Laurel County")
    assert (county.country, county.admin1, county.feature) == ("USA", "Kentucky", "admin2")
    assert county.lat is not None and 36 < county.lat < 39


def test_counties_listed_together(parse: Parse) -> None:
    found = places(parse, "Storms hit Anderson and Cherokee counties in Texas on Monday.")
    assert by_text(found, "Cherokee").admin1 == "Texas"


def test_dateline_in_capitals(parse: Parse) -> None:
    found = places(parse, "Wal-Mart deal questioned. COLUMBUS, Ohio -- City officials met on Monday.")
    columbus = by_text(found, "COLUMBUS")
    assert (columbus.admin1, columbus.feature) == ("Ohio", "city")


def test_person_names_are_not_places(parse: Parse) -> None:
    found = places(parse, "Jackson Browne and Victoria Beckham met Sherman in March.")
    assert found == []


def test_unresolved_toponym_is_kept(parse: Parse, gazetteer: Gazetteer) -> None:
    text = "Fighting was reported in Qwxzyville province."
    found = find_places(parse(text), gazetteer=gazetteer)
    for p in found:
        if p.geonameid is None and p.name is None:
            assert p.lat is None and text[p.start : p.end] == p.text


def test_empty_document(parse: Parse) -> None:
    assert places(parse, "") == []


def test_doc_without_parse_or_entities(nlp: object, gazetteer: Gazetteer) -> None:
    """A bare tokenised Doc (no parser, no NER) still yields gazetteer matches."""
    doc = nlp.make_doc("Relief convoys reached Ukraine and the Middle East on Monday.")  # type: ignore[attr-defined]
    found = find_places(doc, gazetteer=gazetteer)
    assert {p.country for p in found if p.text == "Ukraine"} == {"UKR"}
