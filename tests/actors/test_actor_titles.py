"""Office titles without names resolved by date; "former" makes an office-holder ELI."""

from __future__ import annotations

import datetime as dt

import pytest

from tidings.actors import ActorKB, load_kb


@pytest.fixture(scope="module")
def kb() -> ActorKB:
    return load_kb()


@pytest.mark.parametrize(
    ("phrase", "when", "person", "country"),
    [
        ("the Iraqi prime minister", dt.date(2024, 3, 1), "person:mohammed-shia-al-sudani", "IRQ"),
        ("Iraq's prime minister", dt.date(2012, 1, 1), "person:nouri-al-maliki", "IRQ"),
        ("the U.S. president", dt.date(2020, 1, 3), "person:donald-trump", "USA"),
        ("the U.S. president", dt.date(2014, 1, 3), "person:barack-obama", "USA"),
        ("Russian Foreign Minister", dt.date(2010, 5, 5), "person:sergey-lavrov", "RUS"),
        ("the German chancellor", dt.date(2015, 1, 1), "person:angela-merkel", "DEU"),
        ("the president of Iraq", dt.date(2024, 3, 1), None, "IRQ"),
    ],
)
def test_title_resolves_to_the_holder_on_the_date(kb: ActorKB, phrase: str, when: dt.date,
                                                  person: str | None, country: str) -> None:
    res = kb.resolve(phrase, when)
    assert res is not None and res.kind == "person", phrase
    assert (res.country, res.sectors) == (country, ["GOV"])
    if person is not None:
        assert res.id == person


def test_title_without_date_is_the_current_holder(kb: ActorKB) -> None:
    res = kb.resolve("the US secretary of state")
    assert res is not None and res.id == "person:marco-rubio"


def test_title_limited_to_some_states(kb: ActorKB) -> None:
    res = kb.resolve("the Nigerian chancellor", dt.date(2020, 1, 1))
    assert res is not None and res.kind == "agent" and res.country == "NGA"


def test_unknown_titled_person_is_kept(kb: ActorKB) -> None:
    res = kb.resolve("Iraqi Prime Minister Mohammed Foo", dt.date(2024, 1, 1))
    assert res is not None
    assert (res.name, res.kb_id, res.country, res.sectors) == ("Mohammed Foo", None, "IRQ", ["GOV"])


@pytest.mark.parametrize(
    ("phrase", "when", "country"),
    [
        ("former president Barack Obama", dt.date(2014, 1, 1), "USA"),
        ("Ousted President Askar Akayev", dt.date(2005, 5, 1), "KGZ"),
        ("the former Iraqi prime minister", dt.date(2024, 1, 1), "IRQ"),
        ("ex-minister", None, None),
    ],
)
def test_former_office_is_eli(kb: ActorKB, phrase: str, when: dt.date | None,
                              country: str | None) -> None:
    res = kb.resolve(phrase, when)
    assert res is not None and (res.country, res.sectors) == (country, ["ELI"])


def test_former_keeps_other_sectors(kb: ActorKB) -> None:
    res = kb.resolve("former rebels")
    assert res is not None and res.sectors == ["REB"]


@pytest.mark.parametrize(
    ("phrase", "country", "sectors"),
    [
        ("Palestinians", "PSE", ["CVL"]),
        ("Young Algerians", "DZA", ["CVL"]),
        ("Some 800,000 Iraqi Kurds", "IRQ", ["CVL"]),
        ("the Swiss", "CHE", []),
        ("The PRC", "CHN", []),
        ("U.S. border patrol agents", "USA", ["COP"]),
    ],
)
def test_people_and_acronyms(kb: ActorKB, phrase: str, country: str, sectors: list[str]) -> None:
    res = kb.resolve(phrase)
    assert res is not None and (res.country, res.sectors) == (country, sectors)


def test_lower_case_words_are_not_acronyms(kb: ActorKB) -> None:
    assert kb.resolve("a car") is None  # not CAR, the Central African Republic
    res = kb.resolve("car bomb")  # an explosive with no named maker: unidentified armed forces
    assert res is not None and res.country is None and res.sectors == ["UAF"]
