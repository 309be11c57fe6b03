"""The records of the actor knowledge base, and what a look-up returns."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    """What sort of thing a knowledge-base entry is."""

    STATE = "state"
    METONYM = "metonym"
    PERSON = "person"
    GROUP = "group"
    IGO = "igo"
    NGO = "ngo"
    AGENT = "agent"
    MEDIA = "media"


# PLOVER non-state actor codes, accepted wherever an ISO3 code is.
NON_STATE_CODES: frozenset[str] = frozenset({"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC"})

# Roles an office-holder may hold; all of them make the holder GOV while in office.
ROLES: frozenset[str] = frozenset(
    {
        "head_of_state",
        "head_of_government",
        "foreign_minister",
        "defence_minister",
        "supreme_leader",
        "deputy_head_of_government",
        "interior_minister",
        "military_chief",
    }
)


@dataclass(slots=True)
class Resolution:
    """What a noun phrase resolved to (the fields of ``records.Actor`` but the offsets)."""

    name: str
    kb_id: str | None
    country: str | None  # ISO3 or a PLOVER non-state code
    sectors: list[str]
    affiliation: str | None  # ISO3 of a sponsor ("Iran-backed" -> "IRN")
    kind: str  # a ``Kind`` value
    id: str  # stable knowledge-base id; composed ids join parts with "+"


@dataclass(frozen=True, slots=True)
class Role:
    """A term in office: role, country and dates (end None: still in office)."""

    role: str
    country: str
    start: dt.date | None
    end: dt.date | None
    sectors: tuple[str, ...] = ("GOV",)

    def holds(self, when: dt.date) -> bool:
        if self.start is not None and when < self.start:
            return False
        return self.end is None or when <= self.end


@dataclass(slots=True)
class Entry:
    """One knowledge-base entry: a state, metonym, person, group, organisation or agent."""

    id: str
    kind: Kind
    name: str
    country: str | None = None
    sectors: tuple[str, ...] = ()
    affiliation: str | None = None
    kb_id: str | None = None
    aliases: list[str] = field(default_factory=list)  # every surface name, name included
    acronyms: list[str] = field(default_factory=list)  # matched case-sensitively
    demonyms: list[str] = field(default_factory=list)  # states: "Iraqi", "Iraqis"
    capitals: list[str] = field(default_factory=list)  # states: seats of government
    roles: list[Role] = field(default_factory=list)  # persons: terms in office
    rank: int = 1  # agents: which head wins in "government troops" (higher wins; ties: last)
    sovereign: bool = True  # states: False for dependent territories
    out_of_office: tuple[str, ...] = ("ELI",)  # persons: sectors when holding no role
    homes: tuple[str, ...] = ()  # groups: the states they operate in (besides ``country``)
    founded: dt.date | None = None  # groups: when the name came into use (for clashes)
    source: str = ""  # "file:line", for messages

    def role_at(self, when: dt.date | None) -> Role | None:
        """The role held on ``when``; with no date, the latest role."""
        if not self.roles:
            return None
        if when is None:
            return max(self.roles, key=_role_order)
        held = [r for r in self.roles if r.holds(when)]
        if not held:
            return None
        # prefer the senior role when several are held at once (head of state over minister)
        return min(held, key=lambda r: _SENIORITY.get(r.role, 9))

    def latest_role(self) -> Role | None:
        return max(self.roles, key=_role_order) if self.roles else None

    def in_office(self, when: dt.date | None) -> bool:
        return self.role_at(when) is not None if when is not None else False


_SENIORITY = {
    "supreme_leader": 0,
    "head_of_state": 1,
    "head_of_government": 2,
    "deputy_head_of_government": 3,
    "foreign_minister": 4,
    "defence_minister": 5,
    "interior_minister": 6,
    "military_chief": 7,
}


def _role_order(role: Role) -> tuple[dt.date, dt.date, int]:
    far = dt.date.max
    start = role.start or dt.date.min
    return (role.end or far, start, -_SENIORITY.get(role.role, 9))
