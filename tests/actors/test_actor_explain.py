"""``explain``: a mention's resolution with the reasons for it."""

from __future__ import annotations

import datetime as dt
import json

from tidings.actors import Explanation, explain, load_kb


def test_explain_metonym() -> None:
    ex = explain("White House", dt.date(2020, 1, 3))
    assert isinstance(ex, Explanation)
    assert ex.resolution is not None and ex.resolution.id == "metonym:white-house"
    assert [(m.entry_id, m.how, m.use) for m in ex.matches] == [
        ("metonym:white-house", "exact", "named")]
    assert any("White House" in line for line in ex.lines())


def test_explain_title_names_the_term() -> None:
    ex = explain("the Iraqi prime minister", dt.date(2024, 3, 1), kb=load_kb())
    assert ex.resolution is not None and ex.resolution.id == "person:mohammed-shia-al-sudani"
    assert ex.title == "prime minister"
    assert ex.term is not None and (ex.term.role, ex.term.country) == ("head_of_government", "IRQ")
    assert {m.how for m in ex.matches} == {"demonym", "alias"}


def test_explain_fuzzy_and_modifiers() -> None:
    assert explain("Afganistan").matches[0].how == "fuzzy"
    ex = explain("Iran-backed militias")
    assert [m.use for m in ex.matches] == ["affiliation (backed)", "agent"]
    ex = explain("former president Barack Obama", dt.date(2014, 1, 1))
    assert ex.resolution is not None and ex.resolution.sectors == ["ELI"]
    assert any("former" in m for m in ex.modifiers)


def test_explain_to_dict_is_json() -> None:
    data = explain("Obama", dt.date(2010, 1, 1)).to_dict()
    assert json.loads(json.dumps(data))["term"]["start"] == "2009-01-20"
    assert data["resolution"]["country"] == "USA"


def test_explain_nothing() -> None:
    ex = explain("the situation")
    assert ex.resolution is None and "no actor" in ex.lines()[1]
