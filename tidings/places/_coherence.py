"""Score a document's candidate readings together: the places of one article hang together.

Each group of mentions (one name, see :mod:`tidings.places.resolve`) has candidate
entries. A candidate's score is its context-free prior (feature type, log population,
:meth:`Candidate.prior`) plus the support it gets from the *other* groups of the document:

* **country**: another name can be read in the same country;
* **local**: another name can be read as a town or county close to this one (a smooth
  kernel of the distance, half weight at ``NEAR_KM``), else at least in the same state or
  province (a state mention itself, a county, or a town there; ``SAME_ADMIN1``). Nearness
  is the strongest evidence that two small namesakes are the ones meant: "Hanover" next
  to "Bethel, Vt." is Hanover, N.H., not Hanover, Md.

Support from a group is the best match among its candidates, each weighted by how much
the group currently believes in it, ``exp(BELIEF_SCALE * (score - best score))``, which
lets a small namesake count before it has won, so two small towns near each other can
lift one another over their big namesakes abroad. A name with one reading lends full
support. Scores are recomputed for a few rounds from the updated beliefs. Each kind of
support is capped, so a long list of names cannot overwhelm a strong prior.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from tidings.places.gazetteer import Candidate

COUNTRY_WEIGHT = 3.0  # per unit of country support from other names
LOCAL_WEIGHT = 6.0  # per unit of local support (near, or at least in the same state)
SAME_ADMIN1 = 0.4  # local support of a reading in the same state that is not near
SUPPORT_CAP = 3.0  # units of each kind of support counted at most
NEAR_KM = 60.0  # distance at which proximity support is half
NEAR_MAX_KM = 250.0  # beyond this, no proximity support
BELIEF_SCALE = 0.35  # how sharply a group's belief falls with its score gap
COUNTRY_VOTE = 0.5  # a country mention's vote for its own country ("US" names no town)
ROUNDS = 4

_CELL_DEG = 2.0  # grid cell for the proximity search (>= NEAR_MAX_KM in latitude)
_POINT_FEATURES = frozenset({"city", "admin2"})  # points that stand for the place itself


@dataclass(slots=True)
class Scored:
    """One group's candidates with their base scores (prior + document-wide bonuses)."""

    cands: Sequence[Candidate]
    base: list[float]


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(a)))


def _kernel(km: float) -> float:
    return 0.0 if km > NEAR_MAX_KM else 1.0 / (1.0 + (km / NEAR_KM) ** 2)


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return int(math.floor(lat / _CELL_DEG)), int(math.floor(lon / _CELL_DEG))


def _is_point(c: Candidate) -> bool:
    return c.feature in _POINT_FEATURES and c.lat is not None and c.lon is not None


def _beliefs(scores: list[float]) -> list[float]:
    top = max(scores)
    return [math.exp(BELIEF_SCALE * (s - top)) for s in scores]


Grid = dict[tuple[int, int], list[tuple[int, float, float, float]]]


def _evidence(
    groups: Sequence[Scored], beliefs: list[list[float]]
) -> tuple[list[dict[str, float]], list[dict[tuple[str, str], float]], Grid]:
    """Per group: best belief per country and per (country, admin1); a grid of points."""
    by_cc: list[dict[str, float]] = []
    by_a1: list[dict[tuple[str, str], float]] = []
    grid: Grid = defaultdict(list)
    for gi, (g, qs) in enumerate(zip(groups, beliefs, strict=True)):
        cc: dict[str, float] = {}
        a1: dict[tuple[str, str], float] = {}
        for c, q in zip(g.cands, qs, strict=True):
            if c.country2:
                vote = q * (COUNTRY_VOTE if c.feature == "country" else 1.0)
                cc[c.country2] = max(cc.get(c.country2, 0.0), vote)
                if c.admin1 and c.feature != "country":
                    key = (c.country2, c.admin1)
                    a1[key] = max(a1.get(key, 0.0), q)
            if _is_point(c):
                grid[_cell(c.lat, c.lon)].append((gi, c.lat, c.lon, q))  # type: ignore[arg-type]
        by_cc.append(cc)
        by_a1.append(a1)
    return by_cc, by_a1, grid


def _local_support(gi: int, c: Candidate, by_a1: list[dict[tuple[str, str], float]], grid: Grid) -> float:
    """Sum over the other groups of their best reading in c's state or near c."""
    best: dict[int, float] = {}
    if c.country2 and c.admin1 and c.feature != "country":
        key = (c.country2, c.admin1)
        for hj, a1 in enumerate(by_a1):
            if hj != gi and (q := a1.get(key, 0.0)) > 0.0:
                best[hj] = SAME_ADMIN1 * q
    if _is_point(c):
        lat, lon = c.lat, c.lon
        assert lat is not None and lon is not None
        row, col = _cell(lat, lon)
        span = 1 + int(NEAR_MAX_KM / (111.0 * _CELL_DEG * max(0.2, math.cos(math.radians(lat)))))
        for r in (row - 1, row, row + 1):
            for k in range(col - span, col + span + 1):
                for hj, dlat, dlon, q in grid.get((r, k), ()):
                    if hj == gi or q <= best.get(hj, 0.0):
                        continue
                    w = q * _kernel(_km(lat, lon, dlat, dlon))
                    if w > best.get(hj, 0.0):
                        best[hj] = w
    return sum(best.values())


def score_groups(groups: Sequence[Scored]) -> list[list[float]]:
    """Final scores for every candidate of every group (same shapes as ``groups``)."""
    scores = [list(g.base) for g in groups]
    if len(groups) < 2:
        return scores
    for _ in range(ROUNDS):
        beliefs = [_beliefs(s) for s in scores]
        by_cc, by_a1, grid = _evidence(groups, beliefs)
        tot_cc: dict[str, float] = defaultdict(float)
        for cc in by_cc:
            for key, v in cc.items():
                tot_cc[key] += v
        new_scores = []
        for gi, g in enumerate(groups):
            row = []
            for c, s in zip(g.cands, g.base, strict=True):
                if c.country2:
                    sup = tot_cc[c.country2] - by_cc[gi].get(c.country2, 0.0)
                    s += COUNTRY_WEIGHT * min(sup, SUPPORT_CAP)
                s += LOCAL_WEIGHT * min(_local_support(gi, c, by_a1, grid), SUPPORT_CAP)
                row.append(s)
            new_scores.append(row)
        scores = new_scores
    return scores
