"""Coverage of the knowledge base: every state, and every current head of government."""

from __future__ import annotations

import datetime as dt

import pytest

from tidings.actors import ActorKB, Entry, load_kb
from tidings.actors._loader import load_directories
from tidings.actors import BUILTIN_DIR

TODAY = dt.date(2026, 11, 25)

_DATA = load_directories([BUILTIN_DIR])
STATES = sorted((e for e in _DATA.countries.values() if e.sovereign), key=lambda e: e.id)
HEADS = sorted(
    (e for e in _DATA.entries.values()
     if any(r.role == "head_of_government" and r.holds(TODAY) for r in e.roles)),
    key=lambda e: e.id,
)


@pytest.fixture(scope="module")
def kb() -> ActorKB:
    return load_kb()


def test_there_are_states_and_heads() -> None:
    assert len(STATES) >= 190
    assert len(HEADS) >= 150


@pytest.mark.parametrize("state", STATES, ids=lambda e: e.country)
def test_state_resolves_by_name_demonym_and_capital(kb: ActorKB, state: Entry) -> None:
    for name in [state.name, *state.demonyms]:
        res = kb.resolve(name)
        assert res is not None and res.country == state.country, name
    for capital in state.capitals:
        res = kb.resolve(capital)
        assert res is not None and res.country == state.country, capital
        assert "GOV" in res.sectors, capital


@pytest.mark.parametrize("person", HEADS, ids=lambda e: e.id)
def test_current_head_of_government_is_gov_only_in_office(kb: ActorKB, person: Entry) -> None:
    term = next(r for r in person.roles if r.role == "head_of_government" and r.holds(TODAY))
    res = kb.resolve(person.name, TODAY)
    assert res is not None and res.id == person.id, person.name
    assert (res.country, res.sectors) == (term.country, ["GOV"])
    first = min((r.start for r in person.roles if r.start), default=None)
    if first is not None:
        before = kb.resolve(person.name, first - dt.timedelta(days=1))
        assert before is not None and before.sectors != ["GOV"], person.name
