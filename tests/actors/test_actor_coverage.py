"""Coverage of the knowledge base: every state, and every current head of government."""

from __future__ import annotations

import datetime as dt

import pytest

from tidings.actors import BUILTIN_DIR, ActorKB, Entry, Kind, load_kb
from tidings.actors._loader import load_directories
from tidings.actors._text import normalise

TODAY = dt.date(2026, 11, 25)

_DATA = load_directories([BUILTIN_DIR])
STATES = sorted((e for e in _DATA.countries.values() if e.sovereign), key=lambda e: e.id)
# states whose government is collegial (San Marino's Captains Regent rotate every 6 months)
NO_SINGLE_HEAD = frozenset({"SMR"})
# capitals that stand for something else (Brussels: the EU institutions)
_OTHER_METONYMS = {normalise(n): e.country for e in _DATA.entries.values()
                   if e.kind is Kind.METONYM for n in e.aliases}


def _heads_of_government() -> list[tuple[Entry, str]]:
    """Current heads of government; in presidential systems, the head of state."""
    current: dict[str, dict[str, list[Entry]]] = {}
    for e in _DATA.entries.values():
        for r in e.roles:
            if r.holds(TODAY) and r.role in ("head_of_government", "head_of_state"):
                current.setdefault(r.country, {}).setdefault(r.role, []).append(e)
    out = []
    for roles in current.values():
        role = "head_of_government" if "head_of_government" in roles else "head_of_state"
        out.extend((e, role) for e in roles[role])
    return sorted(out, key=lambda item: item[0].id)


HEADS = _heads_of_government()


@pytest.fixture(scope="module")
def kb() -> ActorKB:
    return load_kb()


def test_there_are_states_and_heads() -> None:
    assert len(STATES) >= 190
    assert len(HEADS) >= 190


def test_every_state_has_a_current_head() -> None:
    heads = {r.country for e, _ in HEADS for r in e.roles if r.holds(TODAY)}
    missing = [s.country for s in STATES if s.country not in heads | NO_SINGLE_HEAD]
    assert not missing


@pytest.mark.parametrize("state", STATES, ids=lambda e: e.country)
def test_state_resolves_by_name_demonym_and_capital(kb: ActorKB, state: Entry) -> None:
    for name in [state.name, *state.demonyms]:
        res = kb.resolve(name)
        assert res is not None and res.country == state.country, name
    for capital in state.capitals:
        if normalise(capital) in {normalise(n) for n in state.aliases}:
            continue  # a city-state: the name is the state
        if _OTHER_METONYMS.get(normalise(capital), state.country) != state.country:
            continue
        res = kb.resolve(capital)
        assert res is not None and res.country == state.country, capital
        assert "GOV" in res.sectors, capital


@pytest.mark.parametrize(("person", "role"), HEADS, ids=[e.id for e, _ in HEADS])
def test_current_head_of_government_is_gov_only_in_office(kb: ActorKB, person: Entry,
                                                         role: str) -> None:
    term = next(r for r in person.roles if r.role == role and r.holds(TODAY))
    res = kb.resolve(person.name, TODAY)
    assert res is not None and res.id == person.id, person.name
    assert (res.country, res.sectors) == (term.country, ["GOV"])
    first = min((r.start for r in person.roles if r.start), default=None)
    if first is not None:
        before = kb.resolve(person.name, first - dt.timedelta(days=1))
        assert before is not None and before.sectors != ["GOV"], person.name
