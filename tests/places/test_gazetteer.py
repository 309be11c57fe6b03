"""The gazetteer: lookup, priors, single-name resolution, cache."""

from __future__ import annotations

import marshal
from pathlib import Path

import pytest

from tidings.places import Gazetteer, load_gazetteer
from tidings.places import gazetteer as gaz_module
from tidings.places._build import normalize


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Sant Julià de Lòria", "sant julia de loria"),
        ("U.S.", "us"),
        ("Wilkes-Barre", "wilkes barre"),
        ("  São   Paulo ", "sao paulo"),
        ("Côte d’Ivoire", "cote divoire"),
    ],
)
def test_normalize_folds_case_diacritics_and_punctuation(raw: str, key: str) -> None:
    assert normalize(raw) == key


def test_load_gazetteer_is_a_singleton(gazetteer: Gazetteer) -> None:
    assert load_gazetteer() is gazetteer
    assert len(gazetteer) > 200_000


@pytest.mark.parametrize("name", ["paris", "PARIS", "Paris"])
def test_lookup_is_case_insensitive(gazetteer: Gazetteer, name: str) -> None:
    cands = gazetteer.lookup(name)
    assert cands[0].country == "FRA" and cands[0].feature == "city"
    assert any(c.country == "USA" and c.admin1 == "TX" for c in cands)


def test_lookup_finds_alternate_names_and_diacritics(gazetteer: Gazetteer) -> None:
    assert any(c.country == "CHE" for c in gazetteer.lookup("Geneve"))  # Genève
    assert any(c.country == "DEU" for c in gazetteer.lookup("Munich"))  # München
    assert gazetteer.lookup("St. Louis")[0].admin1 == "MO"
    assert gazetteer.lookup("Saint Louis")  # St <-> Saint


def test_lookup_unknown_name_is_empty(gazetteer: Gazetteer) -> None:
    assert gazetteer.lookup("Qwxzyville") == []


@pytest.mark.parametrize(
    ("name", "feature", "country"),
    [
        ("Mexico", "country", "MEX"),
        ("Georgia", "country", "GEO"),
        ("Texas", "admin1", "USA"),
        ("Middle East", "region", None),
        ("Gaza Strip", "region", "PSE"),
        ("Donbas", "region", "UKR"),
        ("Africa", "continent", None),
        ("Britain", "country", "GBR"),
        ("Ontario", "admin1", "CAN"),
    ],
)
def test_resolve_prefers_larger_units(gazetteer: Gazetteer, name: str, feature: str, country: str | None) -> None:
    place = gazetteer.resolve(name)
    assert place is not None
    assert (place.feature, place.country) == (feature, country)
    assert place.lat is not None and place.lon is not None
    assert (place.start, place.end) == (0, 0)


def test_resolve_uses_context_countries(gazetteer: Gazetteer) -> None:
    place = gazetteer.resolve("Paris", context_countries=["USA"])
    assert place is not None and place.country == "USA"
    georgia = gazetteer.resolve("Georgia", context_countries=["USA"])
    assert georgia is not None and georgia.feature == "admin1" and georgia.admin1 == "Georgia"


def test_country_has_centroid_not_capital(gazetteer: Gazetteer) -> None:
    us = gazetteer.resolve("United States")
    assert us is not None and us.lat is not None and us.lon is not None
    assert 35 < us.lat < 42 and -105 < us.lon < -92  # middle of the country, not Washington
    assert us.geonameid == 6252001


def test_us_state_has_coordinates_and_admin1(gazetteer: Gazetteer) -> None:
    ohio = gazetteer.resolve("Ohio")
    assert ohio is not None and ohio.admin1 == "Ohio" and ohio.geonameid == 5165418
    assert ohio.lat is not None and 39 < ohio.lat < 41.5


def test_unwritable_cache_builds_in_memory(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A cache directory that cannot be written is not an error."""
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    monkeypatch.setenv("TIDINGS_CACHE", str(blocker / "sub"))
    monkeypatch.setattr(gaz_module, "build_index", _tiny_index)
    gaz = gaz_module._load()
    assert gaz.lookup("Testville")[0].name == "Testville"


def test_cache_is_written_atomically(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TIDINGS_CACHE", str(tmp_path))
    monkeypatch.setattr(gaz_module, "build_index", _tiny_index)
    gaz_module._load()
    files = list(tmp_path.iterdir())
    assert [f.suffix for f in files] == [".marshal"]  # no temp file left behind
    assert Gazetteer(marshal.loads(files[0].read_bytes())).lookup("testville")


def _tiny_index():  # type: ignore[no-untyped-def]
    from tidings.places._build import IndexData

    data = IndexData()
    data.add(gid=1, name="Testville", lat=1.0, lon=2.0, cc="US", admin1="TX", pop=10, feature="city")
    return data
