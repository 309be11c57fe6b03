"""Read the places knowledge files in ``tidings/data/places`` (format: its README.md).

Each loader validates its file and raises :class:`~tidings.errors.KnowledgeError` naming
the file and line on a malformed row. Results are cached: the files are read once.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tidings.errors import KnowledgeError

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "places"

FEATURES = ("city", "admin2", "admin1", "region", "country", "continent")


@dataclass(frozen=True, slots=True)
class RegionRow:
    """A well-known region or continent (regions.tsv)."""

    name: str
    aliases: tuple[str, ...]
    lat: float
    lon: float
    country: str  # ISO2, "" when it spans several countries
    feature: str


@dataclass(frozen=True, slots=True)
class Admin1Row:
    """A curated first-level subdivision with coordinates (admin1.tsv)."""

    code: str  # ISO 3166-2
    name: str
    aliases: tuple[str, ...]
    lat: float
    lon: float

    @property
    def country(self) -> str:
        return self.code.split("-", 1)[0]


def _rows(name: str, min_fields: int) -> list[tuple[int, list[str]]]:
    """Non-comment, non-blank rows of a TSV file, as (line number, fields)."""
    path = DATA_DIR / name
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise KnowledgeError(f"cannot read {path}: {exc}; reinstall tidings") from exc
    out = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.rstrip("\n").split("\t")
        if len(fields) < min_fields:
            raise KnowledgeError(f"{path}:{lineno}: expected {min_fields} tab-separated fields, got {len(fields)}")
        out.append((lineno, [f.strip() for f in fields]))
    return out


def _float(value: str, where: str) -> float:
    try:
        return float(value)
    except ValueError as exc:
        raise KnowledgeError(f"{where}: {value!r} is not a number") from exc


def _aliases(value: str) -> tuple[str, ...]:
    return tuple(a.strip() for a in value.split("|") if a.strip())


@cache
def regions() -> tuple[RegionRow, ...]:
    out = []
    for lineno, f in _rows("regions.tsv", 6):
        where = f"regions.tsv:{lineno}"
        if f[5] not in FEATURES:
            raise KnowledgeError(f"{where}: feature {f[5]!r} not one of {', '.join(FEATURES)}")
        out.append(RegionRow(f[0], _aliases(f[1]), _float(f[2], where), _float(f[3], where), f[4], f[5]))
    return tuple(out)


@cache
def admin1() -> tuple[Admin1Row, ...]:
    out = []
    for lineno, f in _rows("admin1.tsv", 5):
        where = f"admin1.tsv:{lineno}"
        out.append(Admin1Row(f[0], f[1], _aliases(f[2]), _float(f[3], where), _float(f[4], where)))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class PreferredRow:
    """A reading that news usage prefers (preferred.tsv)."""

    name: str
    country: str
    admin1: str
    feature: str
    bonus: float


@cache
def preferred() -> tuple[PreferredRow, ...]:
    out = []
    for lineno, f in _rows("preferred.tsv", 5):
        where = f"preferred.tsv:{lineno}"
        if f[3] not in FEATURES:
            raise KnowledgeError(f"{where}: feature {f[3]!r} not one of {', '.join(FEATURES)}")
        out.append(PreferredRow(f[0], f[1], f[2], f[3], _float(f[4], where)))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class LandmarkRow:
    """A building, street or seat of power read as the city that contains it (landmarks.tsv)."""

    name: str
    aliases: tuple[str, ...]
    city: int  # GeoNames id of the containing city
    country: str  # ISO2 of that city (checked when the index is built)


@cache
def landmarks() -> tuple[LandmarkRow, ...]:
    out = []
    for lineno, f in _rows("landmarks.tsv", 4):
        where = f"landmarks.tsv:{lineno}"
        if not f[2].isdigit():
            raise KnowledgeError(f"{where}: containing city {f[2]!r} is not a GeoNames id")
        if len(f[3]) != 2 or not f[3].isupper():
            raise KnowledgeError(f"{where}: country {f[3]!r} is not an ISO 3166 alpha-2 code")
        out.append(LandmarkRow(f[0], _aliases(f[1]), int(f[2]), f[3]))
    return tuple(out)


@cache
def country_centroids() -> dict[str, tuple[float, float]]:
    out = {}
    for lineno, f in _rows("country_centroids.tsv", 3):
        where = f"country_centroids.tsv:{lineno}"
        out[f[0]] = (_float(f[1], where), _float(f[2], where))
    return out


@cache
def us_county_points() -> dict[str, tuple[float, float]]:
    """FIPS code -> representative point of the US county (us_county_points.tsv)."""
    out = {}
    for lineno, f in _rows("us_county_points.tsv", 5):
        where = f"us_county_points.tsv:{lineno}"
        out[f[0]] = (_float(f[3], where), _float(f[4], where))
    return out


@cache
def country_aliases() -> dict[str, str]:
    return {f[0]: f[1] for _, f in _rows("country_aliases.tsv", 2)}


@cache
def state_abbreviations() -> dict[str, str]:
    return {f[0]: f[1] for _, f in _rows("us_state_abbreviations.tsv", 2)}


@cache
def demonyms() -> dict[str, str]:
    return {f[0]: f[1] for _, f in _rows("demonyms.tsv", 2)}


@cache
def feature_priors() -> dict[str, float]:
    out = {}
    for lineno, f in _rows("feature_priors.tsv", 2):
        if f[0] not in FEATURES:
            raise KnowledgeError(f"feature_priors.tsv:{lineno}: unknown feature {f[0]!r}")
        out[f[0]] = _float(f[1], f"feature_priors.tsv:{lineno}")
    return out


@cache
def _cues() -> dict[str, frozenset[str]]:
    import yaml

    path = DATA_DIR / "cues.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise KnowledgeError(f"cues.yaml: not valid YAML: {error}") from error
    if not isinstance(data, dict):
        raise KnowledgeError("cues.yaml: expected a mapping of cue name -> list of words")
    out = {}
    for key, words in data.items():
        if not isinstance(words, list) or not all(isinstance(w, str) and w for w in words):
            raise KnowledgeError(f"cues.yaml: {key!r} must be a list of words")
        out[str(key)] = frozenset(words)
    return out


def cue_words(name: str) -> frozenset[str]:
    """One list of recognition cue words from ``cues.yaml`` (as written: lower case but for
    case-sensitive lists such as party letters)."""
    try:
        return _cues()[name]
    except KeyError:
        raise KnowledgeError(f"cues.yaml: no list {name!r}") from None


def _word_list(name: str) -> frozenset[str]:
    return frozenset(
        line.strip().casefold()
        for line in (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    )


@cache
def stoplist() -> frozenset[str]:
    return _word_list("stoplist.txt")


@cache
def person_names() -> frozenset[str]:
    return _word_list("person_names.txt")


@cache
def place_nouns() -> frozenset[str]:
    return _word_list("place_nouns.txt")


def fingerprint() -> str:
    """A hash of every data file that goes into the gazetteer index (for the cache key)."""
    digest = hashlib.sha256()
    for path in sorted(DATA_DIR.glob("*.tsv")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
