"""Coverage of armed non-state groups and of foreign/defence ministers in the built-in KB."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest

from tidings.actors import BUILTIN_DIR, load_kb
from tidings.actors._entries import Kind
from tidings.actors._index import NameIndex
from tidings.actors._loader import load_directories

G20_AND_CONFLICT_STATES = {
    # G20 members (EU as EUR)
    "ARG", "AUS", "BRA", "CAN", "CHN", "FRA", "DEU", "IND", "IDN", "ITA", "JPN", "KOR", "MEX",
    "RUS", "SAU", "ZAF", "TUR", "GBR", "USA",
    # states in armed conflict since 2000
    "ISR", "IRN", "IRQ", "SYR", "UKR", "SDN", "YEM", "AFG", "PAK", "COD", "ETH", "SOM", "NGA",
    "MLI", "MMR", "COL", "LBN", "LBY",
}


def test_at_least_300_groups() -> None:
    data = load_directories([BUILTIN_DIR])
    groups = [e for e in data.entries.values() if e.kind is Kind.GROUP]
    assert len(groups) >= 300


@pytest.mark.parametrize(
    ("text", "gid", "country", "sector", "affiliation"),
    [
        ("Segunda Marquetalia", "group:segunda-marquetalia", "COL", "REB", None),
        ("the EMC", "group:emc", "COL", "REB", None),
        ("The Resistance Front", "group:trf", "IND", "REB", "PAK"),
        ("Jamaat-ul-Ahrar", "group:jamaat-ul-ahrar", "PAK", "REB", None),
        ("ULFA-I", "group:ulfa-i", "IND", "SEP", None),
        ("Twirwaneho", "group:twirwaneho", "COD", "REB", "RWA"),
        ("Sultan Murad Division", "group:sultan-murad", "SYR", "REB", "TUR"),
        ("Security Belt Forces", "group:security-belt", "YEM", "MIL", "ARE"),
        ("Saraya al-Khorasani", "group:saraya-al-khorasani", "IRQ", "REB", "IRN"),
        ("G9 an Fanmi e Alye", "group:g9", "HTI", "CRM", None),
        ("the New IRA", "group:new-ira", "GBR", "REB", None),
        ("Sparta Battalion", "group:sparta-battalion", "UKR", "SEP", "RUS"),
        ("Beltran-Leyva Organization", "group:beltran-leyva", "MEX", "CRM", None),
        ("Los Lobos", "group:los-lobos", "ECU", "CRM", None),
        ("National Salvation Front", "group:nas", "SSD", "REB", None),
        ("Sudan Founding Alliance", "group:tasis", "SDN", "REB", "ARE"),
    ],
)
def test_new_groups_resolve(text: str, gid: str, country: str, sector: str,
                            affiliation: str | None) -> None:
    res = load_kb().resolve(text)
    assert res is not None, text
    assert (res.id, res.country, res.affiliation) == (gid, country, affiliation)
    assert sector in res.sectors


def test_split_factions_keep_their_parent_names_apart() -> None:
    kb = load_kb()
    assert kb.resolve("FARC").id == "group:farc"  # type: ignore[union-attr]
    assert kb.resolve("Lashkar-e-Taiba").id == "group:let"  # type: ignore[union-attr]
    assert kb.resolve("Viv Ansanm").id == "group:viv-ansanm"  # type: ignore[union-attr]
    assert kb.resolve("Provisional IRA").id == "group:ira"  # type: ignore[union-attr]


def test_group_names_are_not_shared_between_new_groups() -> None:
    """No name or acronym of groups_more.yaml points at a second entry."""
    data = load_directories([BUILTIN_DIR])
    index = NameIndex(data)
    new = {e.id for e in data.entries.values()
           if e.kind is Kind.GROUP and e.source.rsplit(":", 1)[0].endswith("groups_more.yaml")}
    assert len(new) >= 100
    shared = {key: sorted({s.entry.id for s in surfaces})
              for key, surfaces in index.index.items()
              if len({s.entry.id for s in surfaces}) > 1
              and any(s.entry.id in new for s in surfaces)}
    assert not shared


def test_g20_and_conflict_states_have_current_foreign_and_defence_ministers() -> None:
    data = load_directories([BUILTIN_DIR])
    current: dict[tuple[str, str], list[str]] = defaultdict(list)
    for entry in data.entries.values():
        for term in entry.roles:
            if term.role in ("foreign_minister", "defence_minister") and term.end is None:
                current[(term.country, term.role)].append(entry.id)
    for code in sorted(G20_AND_CONFLICT_STATES):
        assert current.get((code, "foreign_minister")), f"{code} foreign minister"
        assert len(current[(code, "foreign_minister")]) == 1, current[(code, "foreign_minister")]
        assert len(current.get((code, "defence_minister"), [])) == 1, f"{code} defence minister"


@pytest.mark.parametrize(
    ("text", "when", "pid"),
    [
        ("the Japanese defence minister", "2026-03-01", "person:shinjiro-koizumi"),
        ("Pakistan's foreign minister", "2025-05-01", "person:ishaq-dar"),
        ("Pakistan's foreign minister", "2022-06-01", "person:bilawal-bhutto-zardari"),
        ("Canadian Foreign Minister", "2023-01-01", "person:melanie-joly"),
        ("the Italian defence minister", "2024-01-01", "person:guido-crosetto"),
        ("the Brazilian foreign minister", "2020-01-01", "person:ernesto-araujo"),
        ("the Lebanese foreign minister", "2025-06-01", "person:youssef-rajji"),
        ("the Indonesian defence minister", "2025-01-01", "person:sjafrie-sjamsoeddin"),
    ],
)
def test_minister_titles_resolve_by_date(text: str, when: str, pid: str) -> None:
    res = load_kb().resolve(text, dt.date.fromisoformat(when))
    assert res is not None and res.id == pid and res.sectors == ["GOV"]
