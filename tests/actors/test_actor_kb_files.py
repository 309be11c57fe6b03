"""Loading and validating the actor knowledge-base files."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tidings.actors import BUILTIN_DIR, ENV_VAR, ActorKB, load_kb
from tidings.actors._loader import load_directories
from tidings.errors import KnowledgeError


def test_all_builtin_files_load() -> None:
    data = load_directories([BUILTIN_DIR])
    names = {p.name for p in data.files}
    assert {"countries.tsv", "metonyms.tsv", "leaders.tsv", "people.tsv", "groups.yaml",
            "igos.tsv", "ngos.tsv", "media.tsv", "agents.tsv", "sectors.tsv",
            "ambiguous.txt"} <= names
    kinds = Counter(e.kind.value for e in data.entries.values())
    assert kinds["state"] >= 249
    assert kinds["group"] >= 150
    assert kinds["person"] >= 300
    assert kinds["igo"] >= 50


def test_every_state_has_a_name_and_sovereign_states_have_capitals() -> None:
    data = load_directories([BUILTIN_DIR])
    for code, entry in data.countries.items():
        assert entry.name and len(code) == 3
        if entry.sovereign:
            assert entry.capitals, code
            assert entry.demonyms, code


def test_load_kb_is_cached() -> None:
    assert load_kb() is load_kb()


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("groups_bad.yaml", "- {id: g:x, name: X, country: XYZ, sectors: [REB]}\n",
         "groups_bad.yaml:1: country 'XYZ'"),
        ("groups_bad.yaml", "- {id: g:x, name: X, country: IRQ}\n",
         "groups_bad.yaml:1: group lacks 'sectors'"),
        ("groups_bad.yaml", "- {id: g:x, name: X, country: IRQ, sectors: [REB]}\n"
         "- {id: g:y, name: Y, country: IRQ, sectors: [BOGUS]}\n",
         "groups_bad.yaml:2: sector 'BOGUS'"),
        ("leaders_bad.tsv", "id\tname\tcountry\trole\tstart\n"
         "person:x\tX\tIRQ\tking_of_the_hill\t2020-01-01\n",
         "leaders_bad.tsv:2: role 'king_of_the_hill'"),
        ("leaders_bad.tsv", "id\tname\tcountry\trole\tstart\n"
         "person:x\tX\tIRQ\thead_of_state\t2020-13-45\n",
         "leaders_bad.tsv:2: start '2020-13-45' is not a date"),
        ("leaders_bad.tsv", "id\tname\tcountry\trole\tstart\tend\n"
         "person:x\tX\tIRQ\thead_of_state\t2020-01-01\t2019-01-01\n",
         "leaders_bad.tsv:2: end 2019-01-01 is before start"),
        ("metonyms_bad.tsv", "id\tname\tcountry\n",
         "metonyms_bad.tsv:1: header lacks column(s) sectors"),
        ("metonyms_bad.tsv", "id\tname\tcountry\tsectors\n"
         "m:x\tX\tIRQ\tGOV\nm:x\tY\tIRQ\tGOV\n", "metonyms_bad.tsv:3: id 'm:x' is already used"),
        ("agents_bad.tsv", "id\tname\tsectors\trank\na:x\tx\tGOV\thigh\n",
         "agents_bad.tsv:2: rank 'high'"),
    ],
)
def test_malformed_files_raise_knowledge_error(tmp_path: Path, name: str, text: str,
                                               message: str) -> None:
    _write(tmp_path, name, text)
    with pytest.raises(KnowledgeError) as err:
        load_directories([BUILTIN_DIR, tmp_path])
    assert message in str(err.value)


def test_user_directory_extends_the_kb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path, "groups_local.yaml",
           "- {id: group:test-brigade, name: Test Brigade, aliases: [the Testers],\n"
           "   country: IRQ, sectors: [REB], affiliations: [IRN]}\n")
    monkeypatch.setenv(ENV_VAR, str(tmp_path))
    kb = load_kb()
    res = kb.resolve("the Testers")
    assert res is not None and (res.id, res.country, res.affiliation) == (
        "group:test-brigade", "IRQ", "IRN")


def test_user_directory_may_override_an_entry(tmp_path: Path) -> None:
    _write(tmp_path, "metonyms_mine.tsv", "id\tname\tcountry\tsectors\n"
           "metonym:pentagon\tPentagon\tUSA\tGOV\n")
    kb = ActorKB.from_directories([BUILTIN_DIR, tmp_path])
    assert kb.resolve("the Pentagon").sectors == ["GOV"]  # type: ignore[union-attr]


def test_missing_kb_path_directory_is_an_error(monkeypatch: pytest.MonkeyPatch,
                                               tmp_path: Path) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "nope"))
    with pytest.raises(KnowledgeError, match="TIDINGS_KB_PATH"):
        load_kb()


def test_extra_file_extends_the_kb(tmp_path: Path) -> None:
    path = _write(tmp_path, "leaders_mine.tsv", "id\tname\tcountry\trole\tstart\n"
                  "person:jane-roe\tJane Roe\tMWI\tforeign_minister\t2026-01-01\n")
    kb = load_kb(extra_paths=[path])
    res = kb.resolve("Jane Roe")
    assert res is not None and (res.country, res.sectors) == ("MWI", ["GOV"])
    assert load_kb(extra_paths=[tmp_path]).resolve("Jane Roe") is not None  # a folder too
    assert load_kb().resolve("Jane Roe") is None


def test_extra_file_needs_a_typed_name(tmp_path: Path) -> None:
    path = _write(tmp_path, "mine.tsv", "id\tname\n")
    with pytest.raises(KnowledgeError, match="name must start with"):
        load_kb(extra_paths=[path])
    with pytest.raises(KnowledgeError, match="does not exist"):
        load_kb(extra_paths=[tmp_path / "nope.tsv"])


def test_titles_file_is_validated(tmp_path: Path) -> None:
    path = _write(tmp_path, "titles_bad.tsv", "title\troles\nshah\temperor\n")
    with pytest.raises(KnowledgeError, match="titles_bad.tsv:2: role 'emperor'"):
        load_kb(extra_paths=[path])
