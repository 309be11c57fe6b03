"""Modifiers and clashes: "X-led", "ethnic X", parenthesised glosses, counts, shared names
decided by date or by the document's country, and the country a text is about."""

from __future__ import annotations

import datetime as dt

import pytest

from tidings.actors import ActorKB, load_kb


@pytest.fixture(scope="module")
def kb() -> ActorKB:
    return load_kb()


@pytest.mark.parametrize(
    ("phrase", "country", "sectors"),
    [
        # the state leading a force is its actor, not only a sponsor
        ("Kenyan-led forces", "KEN", ["MIL"]),
        ("French-commanded troops", "FRA", ["MIL"]),
        # "ethnic X" is a people, not the citizens of X: the country comes from the context
        ("ethnic Hungarians", None, ["CVL"]),
        ("ethnic Greek rebels", None, ["REB"]),
        # a leading count is not a preposition ending the head
        ("Up to 300 Bolivian miners", "BOL", ["LAB"]),
        ("More than 2,000 Iraqi protesters", "IRQ", ["CVL"]),
        # a parenthesised gloss inside a phrase does not end its head
        ("Leaders of the Musavat (Equality) opposition bloc", None, ["OPP"]),
        ("Kosovo Teachers Union (KTU) officials", "XKX", ["LAB"]),
        # unclaimed explosives: unidentified armed forces
        ("a roadside bomb", None, ["UAF"]),
        ("an improvised explosive device", None, ["UAF"]),
        ("tribal elders", None, ["ELI"]),
        ("Jewish settlers", "ISR", ["CVL"]),
    ],
)
def test_modifiers(kb: ActorKB, phrase: str, country: str | None, sectors: list[str]) -> None:
    res = kb.resolve(phrase)
    assert res is not None, phrase
    assert (res.country, res.sectors) == (country, sectors)


def test_backed_is_still_an_affiliation(kb: ActorKB) -> None:
    res = kb.resolve("Rwanda-backed rebels")
    assert res is not None and (res.country, res.affiliation) == (None, "RWA")


def test_a_gloss_names_the_actor_when_the_rest_does_not(kb: ActorKB) -> None:
    res = kb.resolve("the Movement (JEM) fighters")
    assert res is not None and res.country == "SDN"


@pytest.mark.parametrize(
    ("text", "when", "context", "expected"),
    [
        # mixed-case acronyms only as spelled
        ("JEM", None, None, "group:jem-sudan"),
        ("JeM", None, None, "group:jem"),
        # the document's country decides between organisations sharing an acronym
        ("PTI", None, "IND", "media:pti"),
        ("PTI", None, "PAK", "group:pti"),
        ("AA", None, "TUR", "media:anadolu"),
        ("AA", None, "MMR", "group:aa-myanmar"),
        # a group whose name was not yet in use on the date cannot be meant
        ("People's Defence Forces", dt.date(2012, 6, 1), None, "group:pkk"),
        ("People's Defence Forces", dt.date(2024, 6, 1), None, "group:pdf-myanmar"),
        ("People's Defence Forces", dt.date(2024, 6, 1), "TUR", "group:pkk"),
        ("People's Defence Forces", None, None, "group:pdf-myanmar"),
        # the unambiguous reading: Pakistan's intelligence service
        ("ISI", None, None, "metonym:isi"),
    ],
)
def test_shared_names(kb: ActorKB, text: str, when: dt.date | None, context: str | None,
                      expected: str) -> None:
    res = kb.resolve(text, when, context)
    assert res is not None and res.id == expected


def test_main_country_is_the_most_named_state(kb: ActorKB) -> None:
    mentions = [kb.resolve(t) for t in ("Chilean officials", "Santiago", "Peru", "UNICEF", "police")]
    assert kb.main_country(mentions) == "CHL"


def test_main_country_says_nothing_on_a_tie(kb: ActorKB) -> None:
    assert kb.main_country([kb.resolve("Sweden"), kb.resolve("Bulgaria")]) is None
    assert kb.main_country([kb.resolve("NATO"), None]) is None
