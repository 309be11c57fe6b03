"""Resolving noun phrases to actors: countries, metonyms, leaders, groups, agents."""

from __future__ import annotations

import datetime as dt

import pytest

from tidings.actors import ActorKB, Resolution, load_kb


@pytest.fixture(scope="module")
def kb() -> ActorKB:
    return load_kb()


# phrase -> (country, sectors, affiliation)
PHRASES = [
    ("the United States", "USA", [], None),
    ("U.S.", "USA", [], None),
    ("USA", "USA", [], None),
    ("America", "USA", [], None),
    ("Iraq", "IRQ", [], None),
    ("Iraqi", "IRQ", [], None),
    ("Britain", "GBR", [], None),
    ("the UK", "GBR", [], None),
    ("DRC", "COD", [], None),
    ("Côte d'Ivoire", "CIV", [], None),
    ("Türkiye", "TUR", [], None),
    ("the White House", "USA", ["GOV"], None),
    ("Washington", "USA", ["GOV"], None),
    ("Washington's support", "USA", ["GOV"], None),
    ("the Kremlin", "RUS", ["GOV"], None),
    ("Moscow", "RUS", ["GOV"], None),
    ("Downing Street", "GBR", ["GOV"], None),
    ("the Pentagon", "USA", ["MIL"], None),
    ("Foggy Bottom", "USA", ["GOV"], None),
    ("Capitol Hill", "USA", ["LEG"], None),
    ("the Knesset", "ISR", ["LEG"], None),
    ("the Élysée", "FRA", ["GOV"], None),
    ("Baghdad", "IRQ", ["GOV"], None),
    ("Kyiv", "UKR", ["GOV"], None),
    ("Nairobi", "KEN", ["GOV"], None),  # generated from the capitals column
    ("American forces", "USA", ["MIL"], None),
    ("U.S. military bases", "USA", ["MIL"], None),
    ("U.S. forces", "USA", ["MIL"], None),
    ("the Iraqi government", "IRQ", ["GOV"], None),
    ("Iraq's government", "IRQ", ["GOV"], None),
    ("the government of Iraq", "IRQ", ["GOV"], None),
    ("American officials", "USA", ["GOV"], None),
    ("Israeli police", "ISR", ["COP"], None),
    ("Israeli troops", "ISR", ["MIL"], None),
    ("Palestinian refugees", "PSE", ["REF"], None),
    ("Liberian riot police", "LBR", ["COP"], None),
    ("Sudanese government", "SDN", ["GOV"], None),
    ("government troops", None, ["MIL"], None),
    ("army officers", None, ["MIL"], None),
    ("police officers", None, ["COP"], None),
    ("protesters", None, ["CVL"], None),
    ("Iran-backed militias", None, ["REB"], "IRN"),
    ("a group of Iran-backed militants", None, ["REB"], "IRN"),
    ("Russian-backed separatists", None, ["SEP", "REB"], "RUS"),
    ("pro-Iranian militias", None, ["REB"], "IRN"),
    ("anti-American protesters", None, ["CVL"], None),
    ("UN peacekeepers", "UNO", ["MIL"], None),
    ("the terrorist group 'Islamic State'", "IMG", ["REB"], None),
    ("ISIS", "IMG", ["REB"], None),
    ("Daesh", "IMG", ["REB"], None),
    ("the Islamic State of Iraq and the Levant (ISIS)", "IMG", ["REB"], None),
    ("Hezbollah", "LBN", ["REB", "PTY"], "IRN"),
    ("the Houthis", "YEM", ["REB"], "IRN"),
    ("Ansar Allah", "YEM", ["REB"], "IRN"),
    ("Kata'ib Hezbollah", "IRQ", ["REB"], "IRN"),
    ("Kataib Hezbollah", "IRQ", ["REB"], "IRN"),
    ("Hashd al-Shaabi", "IRQ", ["MIL"], "IRN"),
    ("al-Shabaab militants", "SOM", ["REB"], None),
    ("Wagner mercenaries", "RUS", ["MIL"], None),
    ("the RSF", "SDN", ["REB"], "ARE"),
    ("NATO", "IGO", ["MIL"], None),
    ("the European Union", "EUR", [], None),
    ("Amnesty International", "NGO", ["HRI"], None),
    ("Iranian General Qasem Soleimani", "IRN", ["MIL"], None),
    ("Afganistan", "AFG", [], None),  # fuzzy: a capitalised misspelling
]


@pytest.mark.parametrize(("phrase", "country", "sectors", "affiliation"), PHRASES)
def test_phrase_resolves(kb: ActorKB, phrase: str, country: str | None, sectors: list[str],
                         affiliation: str | None) -> None:
    res = kb.resolve(phrase)
    assert res is not None, phrase
    assert (res.country, res.sectors, res.affiliation) == (country, sectors, affiliation)


@pytest.mark.parametrize(
    "phrase",
    ["his country", "us", "the turkey", "a chad", "the situation", "", "   ", "is", "Tuesday",
     "Monday's attacks", "the amnesty law"],
)
def test_non_actors_resolve_to_none(kb: ActorKB, phrase: str) -> None:
    assert kb.resolve(phrase) is None


def test_ordinary_words_are_not_fuzzy_matched(kb: ActorKB) -> None:
    assert kb.resolve("the iraqs") is None or kb.resolve("the iraqs").country == "IRQ"
    assert kb.resolve("hamass") is None  # lower case: never fuzzy


def test_capitalised_ambiguous_names(kb: ActorKB) -> None:
    assert kb.resolve("Chad").country == "TCD"  # type: ignore[union-attr]
    assert kb.resolve("Turkey's army").country == "TUR"  # type: ignore[union-attr]
    assert kb.resolve("US officials").country == "USA"  # type: ignore[union-attr]


def test_head_of_phrase_wins_over_prepositional_tail(kb: ActorKB) -> None:
    res = kb.resolve("American forces in Iraq and Syria")
    assert res is not None and (res.country, res.sectors) == ("USA", ["MIL"])


def test_head_part_of_appositive_phrase(kb: ActorKB) -> None:
    res = kb.resolve("the Popular Mobilization Forces—a predominantly Shiite, Iran-backed "
                     "coalition of militarized groups")
    assert res is not None and res.id == "group:pmf" and res.affiliation == "IRN"


def test_named_group_in_apposition(kb: ActorKB) -> None:
    res = kb.resolve("a group of Iran-backed militants, calling themselves the Islamic "
                     "Resistance of Iraq")
    assert res is not None
    assert (res.id, res.country, res.sectors, res.affiliation) == (
        "group:islamic-resistance-iraq", "IRQ", ["REB"], "IRN")


def test_named_person_in_apposition(kb: ActorKB) -> None:
    res = kb.resolve("Leader of the Iraqi militias, Abu Mahdi al-Muhandis")
    assert res is not None and res.kind == "person" and res.name == "Abu Mahdi al-Muhandis"
    assert (res.country, res.sectors, res.affiliation) == ("IRQ", ["REB"], "IRN")


def test_titled_leader_resolves_to_person(kb: ActorKB) -> None:
    res = kb.resolve("Iraqi Prime Minister Mohammed Shia al-Sudani", dt.date(2024, 1, 5))
    assert isinstance(res, Resolution)
    assert (res.name, res.kind, res.country, res.sectors) == (
        "Mohammed Shia al-Sudani", "person", "IRQ", ["GOV"])


def test_unknown_titled_person_gets_country_and_sector(kb: ActorKB) -> None:
    res = kb.resolve("Ruritanian Foreign Minister Jan Novak")
    assert res is None or res.country is None  # no such country
    res = kb.resolve("Malawian Foreign Minister Jane Banda")
    assert res is not None and (res.country, res.sectors, res.name) == (
        "MWI", ["GOV"], "Jane Banda")


@pytest.mark.parametrize(
    ("phrase", "when", "sectors"),
    [
        ("Barack Obama", dt.date(2014, 6, 15), ["GOV"]),
        ("Barack Obama", dt.date(2020, 1, 1), ["ELI"]),
        ("Barack Obama", None, ["GOV"]),  # no date: the latest role
        ("Donald Trump", dt.date(2019, 1, 1), ["GOV"]),
        ("Donald Trump", dt.date(2022, 1, 1), ["ELI"]),
        ("Donald Trump", dt.date(2025, 6, 1), ["GOV"]),
        ("Nouri al-Maliki", dt.date(2010, 1, 1), ["GOV"]),
        ("Nouri al-Maliki", dt.date(2016, 1, 1), ["ELI"]),
        ("Imran Khan", dt.date(2023, 5, 9), ["OPP"]),  # out-of-office sectors from people.tsv
        ("Ahmed al-Sharaa", dt.date(2020, 1, 1), ["REB"]),
        ("Ahmed al-Sharaa", dt.date(2025, 6, 1), ["GOV"]),
        ("Gerasimov", dt.date(2023, 1, 1), ["MIL"]),
    ],
)
def test_leaders_in_and_out_of_office(kb: ActorKB, phrase: str, when: dt.date | None,
                                      sectors: list[str]) -> None:
    res = kb.resolve(phrase, when)
    assert res is not None and res.kind == "person" and res.sectors == sectors


def test_shared_surname_prefers_the_office_holder(kb: ActorKB) -> None:
    res = kb.resolve("Sharif", dt.date(2015, 1, 1))
    assert res is None or res.country == "PAK"


def test_results_are_independent_copies(kb: ActorKB) -> None:
    first = kb.resolve("American forces")
    assert first is not None
    first.sectors.append("XXX")
    again = kb.resolve("American forces")
    assert again is not None and again.sectors == ["MIL"]


@pytest.mark.parametrize(
    ("text", "code"),
    [("Iraqi", "IRQ"), ("Iraq", "IRQ"), ("U.S.", "USA"), ("Baghdad", "IRQ"), ("Britons", "GBR"),
     ("the Kremlin", "RUS"), ("Hezbollah", "LBN"), ("the situation", None), ("NATO", None)],
)
def test_lookup_country(kb: ActorKB, text: str, code: str | None) -> None:
    assert kb.lookup_country(text) == code


def test_find_mentions_in_seed_text(kb: ActorKB) -> None:
    text = ("The United States and Iraq held talks in Baghdad to wind down the coalition "
            "mission led by the White House against the terrorist group \"Islamic State,\" "
            "according to the Voice of America. Let us see what ISIS does.")
    found = {(text[s:e], r.id) for s, e, r in kb.find_mentions(text)}
    assert ("United States", "state:USA") in found
    assert ("Iraq", "state:IRQ") in found
    assert ("Baghdad", "metonym:baghdad") in found
    assert ("White House", "metonym:white-house") in found
    assert ("Islamic State", "group:islamic-state") in found
    assert ("Voice of America", "media:voa") in found
    assert ("ISIS", "group:islamic-state") in found
    assert not any(span == "us" for span, _ in found)
    assert not any(rid.startswith("agent:") for _, rid in found)


def test_find_mentions_with_agents(kb: ActorKB) -> None:
    found = kb.find_mentions("Police fired on protesters.", include_agents=True)
    assert [r.sectors for _, _, r in found] == [["COP"], ["CVL"]]
