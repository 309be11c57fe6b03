"""Resolve toponym mentions to gazetteer entries, and ``find_places``.

Disambiguation, per document:

* **hierarchy in the text** is a hard constraint: in "Paris, Texas" or "Alexandria, La."
  the town must lie in the state (or country) that follows it, and the state is read as
  the state;
* **one sense per discourse**: mentions with the same name share one reading, and a name
  qualified once ("Paris, Texas") keeps that reading when it recurs bare ("Paris");
* **prior**: feature type (a country name means the country, not a town of that name) plus
  log population (``Candidate.prior``);
* **document context** (:mod:`tidings.places._coherence`): each candidate gains from the
  other names in the document that can lie in the same country, near it or in the same
  state (spatial coherence, iterated a few rounds), and from ``context_countries`` that
  other stages supply.

US counties take their point from ``us_county_points.tsv``; a county without one is placed
at the median point of the document's towns in the same state, else at the biggest town
of the county's name in that state ("Riley County": Riley, Kansas), else at the state's
point.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tidings.places import _knowledge as kb
from tidings.places._build import normalize
from tidings.places._coherence import Scored, score_groups
from tidings.places.gazetteer import Candidate, Gazetteer, load_gazetteer
from tidings.places.recognize import Mention, find_mentions
from tidings.records import Place

if TYPE_CHECKING:
    from spacy.tokens import Doc

CONTEXT_WEIGHT = 6.0  # candidate's country among context_countries
QUALIFIED_WEIGHT = 8.0  # same entry as a qualified mention of the name ("Paris, Texas")


@dataclass(slots=True)
class _Group:
    """Mentions read together: one name, or one qualified mention."""

    key: str
    mentions: list[int]
    cands: list[Candidate]
    qualified: bool = False
    scores: list[float] = field(default_factory=list)

    def best(self) -> Candidate | None:
        if not self.cands:
            return None
        return self.cands[max(range(len(self.cands)), key=self.scores.__getitem__)]


def _candidates(m: Mention, gaz: Gazetteer) -> list[Candidate]:
    if m.country_hint:
        country = gaz.country(m.country_hint)
        return [country] if country else []
    if m.state_hint:
        state = gaz.admin1_entry("US", m.state_hint)
        return [state] if state else []
    if (demonym := kb.demonyms().get(m.text)) is not None:  # tagged GPE: "Sri Lankan"
        country = gaz.country(demonym)
        return [country] if country else []
    state_code = kb.state_abbreviations().get(m.text)
    if m.query:
        return gaz.lookup(m.query)
    if state_code and "." in m.text:  # "Ill.", "W.Va.": never anything else
        state = gaz.admin1_entry("US", state_code)
        return [state] if state else []
    cands = gaz.lookup(m.text)
    if not cands and state_code:
        state = gaz.admin1_entry("US", state_code)
        return [state] if state else []
    return cands


def _within(child: Candidate, parent: Candidate) -> bool:
    if parent.feature == "country":
        return child.country2 == parent.country2 and child.row != parent.row
    if parent.feature == "admin1":
        return child.country2 == parent.country2 and child.admin1 == parent.admin1 and child.row != parent.row
    return False


def _apply_hierarchy(mentions: list[Mention], cands: list[list[Candidate]]) -> set[int]:
    """Filter each qualified mention's candidates to those inside its qualifier."""
    qualified: set[int] = set()
    for k, m in enumerate(mentions):
        if m.parent is None:
            continue
        parents = [p for p in cands[m.parent] if p.feature in {"country", "admin1"}]
        inside = [c for c in cands[k] if any(_within(c, p) for p in parents)]
        if not inside:
            continue
        cands[k] = inside
        cands[m.parent] = [p for p in parents if any(_within(c, p) for c in inside)]
        qualified.add(k)
    return qualified


def _groups(mentions: list[Mention], cands: list[list[Candidate]], qualified: set[int]) -> list[_Group]:
    groups: dict[str, _Group] = {}
    out: list[_Group] = []
    for k, m in enumerate(mentions):
        if k in qualified:
            out.append(_Group(f"{normalize(m.text)}#{k}", [k], cands[k], qualified=True))
            continue
        key = m.country_hint or m.state_hint or normalize(m.name)
        if key not in groups:
            groups[key] = _Group(key, [], cands[k])
            out.append(groups[key])
        groups[key].mentions.append(k)
    return out


def _disambiguate(groups: list[_Group], context: set[str]) -> None:
    qualified_rows: dict[str, set[int]] = defaultdict(set)
    for g in groups:
        if g.qualified and len(g.cands) == 1:
            qualified_rows[g.key.split("#", 1)[0]].add(g.cands[0].row)
    live = [g for g in groups if g.cands]
    scored = []
    for g in live:
        name = g.key.split("#", 1)[0]
        base = [
            c.prior()
            + (CONTEXT_WEIGHT if c.country in context else 0.0)
            + (QUALIFIED_WEIGHT if c.row in qualified_rows.get(name, ()) else 0.0)
            for c in g.cands
        ]
        scored.append(Scored(g.cands, base))
    for g, scores in zip(live, score_groups(scored), strict=True):
        g.scores = scores


def _county_point(county: Candidate, chosen: list[Candidate], gaz: Gazetteer) -> tuple[float | None, float | None]:
    towns = [c for c in chosen if c.feature == "city" and c.country2 == county.country2 and c.admin1 == county.admin1]
    if towns:
        return statistics.median(c.lat for c in towns if c.lat is not None), statistics.median(
            c.lon for c in towns if c.lon is not None
        )
    stem = county.name.rsplit(" ", 1)[0]  # "Riley County": a town Riley in the same state
    namesakes = [
        c
        for c in gaz.lookup(stem)
        if c.feature == "city" and not c.alias and (c.country2, c.admin1) == (county.country2, county.admin1)
    ]
    if namesakes:
        town = max(namesakes, key=lambda c: c.population)
        return town.lat, town.lon
    state = gaz.admin1_entry(county.country2 or "US", county.admin1 or "")
    return (state.lat, state.lon) if state else (None, None)


def resolve_mentions(
    mentions: list[Mention],
    gaz: Gazetteer,
    context_countries: Sequence[str] = (),
) -> list[Place]:
    """Resolve mentions found in one document to places, sorted by start."""
    cands = [_candidates(m, gaz) for m in mentions]
    qualified = _apply_hierarchy(mentions, cands)
    groups = _groups(mentions, cands, qualified)
    _disambiguate(groups, {c.upper() for c in context_countries})
    chosen: dict[int, Candidate] = {}
    for g in groups:
        best = g.best()
        if best is not None:
            for k in g.mentions:
                chosen[k] = best
    places = []
    for k, m in enumerate(mentions):
        cand = chosen.get(k)
        if cand is None:
            places.append(Place(text=m.text, start=m.start, end=m.end))
            continue
        place = cand.to_place(m.text, m.start, m.end)
        if cand.feature == "admin2" and place.lat is None:
            place.lat, place.lon = _county_point(cand, list(chosen.values()), gaz)
        places.append(place)
    places.sort(key=lambda p: (p.start, p.end))
    return places


def find_places(
    doc: Doc,
    *,
    context_countries: Sequence[str] = (),
    gazetteer: Gazetteer | None = None,
) -> list[Place]:
    """All toponyms in ``doc.text`` with offsets, resolved where possible, sorted by start.

    ``context_countries``: ISO3 codes other stages know the document is about (actors'
    countries, the dateline's country); they favour readings in those countries.
    """
    gaz = gazetteer if gazetteer is not None else load_gazetteer()
    return resolve_mentions(find_mentions(doc, gaz), gaz, context_countries)
