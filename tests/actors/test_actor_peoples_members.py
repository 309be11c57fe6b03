"""Peoples and member states: "the Albanians of Serbia", "NATO member Norway", and the
knowledge-base entries that make names such as "Common Market" or "Igbo" resolve."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tidings.actors import ActorKB, load_kb

SECTORS = "code\tname\tdescription\nGOV\tgovernment\t-\nMIL\tmilitary\t-\nCVL\tcivilians\t-\n"
COUNTRIES = (
    "id\tiso3\tname\taliases\tdemonyms\tcapitals\tkb_id\tstatus\n"
    "state:ALB\tALB\tAlbania\t\tAlbanian|Albanians\tTirana\t\tstate\n"
    "state:SRB\tSRB\tSerbia\t\tSerbian|Serbians|Serb|Serbs\tBelgrade\t\tstate\n"
    "state:NOR\tNOR\tNorway\t\tNorwegian|Norwegians\tOslo\t\tstate\n"
    "state:JPN\tJPN\tJapan\t\tJapanese\tTokyo\t\tstate\n"
    "state:USA\tUSA\tUnited States\tU.S.\tAmerican|Americans\tWashington\t\tstate\n"
)
IGOS = "id\tname\taliases\tcountry\tsectors\tkb_id\tnote\nigo:nato\tNATO\t\tIGO\tMIL\t\t\n"
AGENTS = "id\tname\taliases\tsectors\trank\tcountry\tnote\nagent:troops\ttroops\tforces\tMIL\t2\t\t\n"


@pytest.fixture(scope="module")
def small_kb(tmp_path_factory: pytest.TempPathFactory) -> ActorKB:
    folder: Path = tmp_path_factory.mktemp("kb")
    for name, text in (("sectors.tsv", SECTORS), ("countries.tsv", COUNTRIES),
                       ("igos.tsv", IGOS), ("agents.tsv", AGENTS)):
        (folder / name).write_text(text, encoding="utf-8")
    return ActorKB.from_directories([folder])


@pytest.mark.parametrize(
    ("phrase", "country", "sectors"),
    [
        ("the Albanians of southern Serbia", "SRB", ["CVL"]),  # the people of the state named
        ("Albanians", "ALB", ["CVL"]),
        ("Americans of Japanese descent", "USA", ["CVL"]),  # a demonym after "of": an origin
        ("NATO member Norway", "NOR", []),  # the member state acts
        ("NATO-member Norway", "NOR", []),
        ("NATO members", "IGO", ["MIL"]),  # no member named: the organisation
        ("the NATO member states", "IGO", ["MIL"]),
        ("NATO forces", "IGO", ["MIL"]),
    ],
)
def test_peoples_and_members(small_kb: ActorKB, phrase: str, country: str,
                             sectors: list[str]) -> None:
    res = small_kb.resolve(phrase)
    assert res is not None, phrase
    assert (res.country, res.sectors) == (country, sectors), phrase


@pytest.fixture(scope="module")
def kb() -> ActorKB:
    return load_kb()


# phrase -> (country, a sector it has or None): entries of the built-in files
BUILTIN = [
    ("Gulf states", None, None),  # "states" alone is not the United States
    ("EU member states", "EUR", None),
    ("the European Common Market", "EUR", None),
    ("the International Labour Office", "UNO", "LAB"),
    ("UNPROFOR", "UNO", "MIL"),
    ("Kifaya", "EGY", "OPP"),
    ("the NPFL", "LBR", "REB"),
    ("the Islamic Salvation Front", "DZA", "PTY"),
    ("Tamil Tigers", "LKA", "REB"),  # armed separatists are rebels too
    ("Tamil Tigers", "LKA", "SEP"),
    ("Ibo traditional elders", "NGA", "ELI"),
    ("East Jerusalem", "PSE", None),
    ("South Lebanon Army", "LBN", "REB"),
    ("university students", None, "EDU"),
    ("Archbishop Desmond Tutu", "ZAF", "REL"),
    ("Islamic fundamentalists", None, "CVL"),  # a current of opinion: civilians unless armed
    ("fundamentalist militants", None, "REB"),
]


@pytest.mark.parametrize(("phrase", "country", "sector"), BUILTIN)
def test_builtin_entries(kb: ActorKB, phrase: str, country: str | None,
                         sector: str | None) -> None:
    res = kb.resolve(phrase)
    if country is None and sector is None:  # no actor, or at least not the United States
        assert res is None or res.country != "USA", phrase
        return
    assert res is not None, phrase
    assert res.country == country, phrase
    if sector is not None:
        assert sector in res.sectors, phrase


def test_unita_is_a_rebel_movement_and_a_party(kb: ActorKB) -> None:
    res = kb.resolve("UNITA")
    assert res is not None and {"OPP", "REB"} <= set(res.sectors)


@pytest.mark.parametrize(("when", "name"), [(dt.date(1995, 1, 1), "Sitiveni Rabuka"),
                                            (dt.date(2000, 1, 1), "Mahendra Chaudhry")])
def test_fiji_prime_ministers_by_date(kb: ActorKB, when: dt.date, name: str) -> None:
    res = kb.resolve("the Fijian prime minister", when)
    assert res is not None and res.name == name and res.sectors == ["GOV"]


def test_lowercase_tutu_is_a_word(kb: ActorKB) -> None:
    res = kb.resolve("a ballet tutu")
    assert res is None or res.country != "ZAF"
