"""Spatial coherence, county points and recognition fixes, on hand-written sentences."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.tokens import Doc

from tidings.places import Gazetteer, find_places
from tidings.places._coherence import Scored, score_groups
from tidings.places.gazetteer import Candidate
from tidings.records import Place

Parse = Callable[[str], Doc]


def by_text(found: list[Place], text: str) -> Place:
    matches = [p for p in found if p.text == text]
    assert matches, f"{text!r} not in {[p.text for p in found]}"
    return matches[0]


def town(name: str, lat: float, lon: float, pop: int, admin1: str = "XX", cc: str = "US") -> Candidate:
    return Candidate(
        row=hash((name, lat, lon)) % 10_000_000,
        geonameid=None,
        name=name,
        lat=lat,
        lon=lon,
        country="USA" if cc == "US" else "GBR",
        country2=cc,
        admin1=admin1,
        admin1_name=None,
        population=pop,
        feature="city",
    )


def test_two_small_namesakes_near_each_other_win_together() -> None:
    """Neither small town wins alone against its big namesake; together they do."""
    big_a, small_a = town("A", 41.4, -72.1, 30_000, "CT"), town("A", 41.5, -91.6, 2_000, "IA")
    big_b, small_b = town("B", 37.2, -97.0, 12_000, "KS"), town("B", 41.2, -91.4, 1_100, "IA")
    groups = [Scored([big_a, small_a], [c.prior() for c in (big_a, small_a)])]
    groups.append(Scored([big_b, small_b], [c.prior() for c in (big_b, small_b)]))
    scores = score_groups(groups)
    assert scores[0][1] > scores[0][0] and scores[1][1] > scores[1][0]


def test_a_lone_group_keeps_its_prior() -> None:
    big, small = town("A", 51.5, -0.1, 8_000_000, cc="GB"), town("A", 43.0, -81.2, 300_000)
    scores = score_groups([Scored([big, small], [big.prior(), small.prior()])])
    assert scores[0][0] > scores[0][1]


def test_nearby_town_outweighs_a_bigger_namesake(parse: Parse, gazetteer: Gazetteer) -> None:
    text = "Two Hanover police officers responded. The couple had moved from Bethel, Vt., last year."
    hanover = by_text(find_places(parse(text), gazetteer=gazetteer), "Hanover")
    assert (hanover.country, hanover.admin1) == ("USA", "New Hampshire")


def test_county_and_its_seat_pull_each_other(parse: Parse, gazetteer: Gazetteer) -> None:
    text = "The Paris man was charged in Henry County on Monday, and the Paris council met Tuesday."
    found = find_places(parse(text), gazetteer=gazetteer)
    assert by_text(found, "Henry County").admin1 == "Tennessee"
    assert by_text(found, "Paris").admin1 == "Tennessee"


def test_county_has_its_own_point(gazetteer: Gazetteer) -> None:
    county = next(c for c in gazetteer.lookup("Henry County") if c.admin1 == "TN")
    assert county.lat is not None and county.lon is not None
    assert 36.0 < county.lat < 36.6 and -88.6 < county.lon < -88.0


@pytest.mark.parametrize("council", ["Dublin City Council", "Dublin city council"])
def test_town_city_council_joins_the_town(parse: Parse, gazetteer: Gazetteer, council: str) -> None:
    text = f"Dublin, Ohio, residents spoke at the {council} meeting. Dublin voters agreed."
    found = find_places(parse(text), gazetteer=gazetteer)
    assert {p.admin1 for p in found if p.text.startswith("Dublin")} == {"Ohio"}


def test_city_in_a_town_name_is_left_alone(parse: Parse, gazetteer: Gazetteer) -> None:
    found = find_places(parse("The team flew to Kansas City on Friday."), gazetteer=gazetteer)
    assert by_text(found, "Kansas City").name == "Kansas City"


def test_demonym_cut_short_by_the_tagger_is_completed(parse: Parse, gazetteer: Gazetteer) -> None:
    text = "The Sri Lankan government met Sri Lankan officials in Colombo."
    found = find_places(parse(text), gazetteer=gazetteer)
    assert all(p.text != "Sri" for p in found)
    assert {p.country for p in found if p.text == "Sri Lankan"} <= {"LKA"}


def test_county_name_opening_an_organisation_is_the_county(parse: Parse, gazetteer: Gazetteer) -> None:
    text = "She directs the Paris-Henry County Arts Council in Paris, Tenn."
    found = find_places(parse(text), gazetteer=gazetteer)
    assert "Henry" not in {p.text for p in found}
    assert by_text(found, "Henry County").admin1 == "Tennessee"
