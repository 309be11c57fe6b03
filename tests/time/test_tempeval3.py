"""The TempEval-3 adapter on a TimeML fixture written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tidings.errors import DataError
from tidings.evaluate import tempeval3
from tidings.evaluate.tempeval3 import GoldTimex, SystemTimex, parse_timeml, score_document

TIMEML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>fixture1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2024-01-28"
 functionInDocument="CREATION_TIME">2024-01-28</TIMEX3></DCT>
<TEXT>
Rebels <EVENT eid="e1">attacked</EVENT> the town \
<TIMEX3 tid="t1" type="DATE" value="2024-01-27">yesterday</TIMEX3>, \
officials said. Fighting has lasted \
<TIMEX3 tid="t2" type="DURATION" value="P3Y">three years</TIMEX3> \
since <TIMEX3 tid="t3" type="DATE" value="2021">2021</TIMEX3>.
</TEXT>
</TimeML>
"""


def test_parse_timeml_offsets() -> None:
    doc = parse_timeml(TIMEML, "fixture1")
    assert doc.dct == "2024-01-28"
    assert [doc.text[g.start : g.end] for g in doc.timexes] == ["yesterday", "three years", "2021"]
    assert [g.value for g in doc.timexes] == ["2024-01-27", "P3Y", "2021"]


def test_parse_timeml_rejects_garbage() -> None:
    with pytest.raises(DataError):
        parse_timeml("<TimeML><TEXT>no dct</TEXT></TimeML>", "bad")


def test_score_document() -> None:
    gold = [GoldTimex(0, 9, "DATE", "2024-01-27", ""), GoldTimex(20, 31, "DURATION", "P3Y", "")]
    system = [
        SystemTimex(0, 9, "DATE", "2024-01-27"),
        SystemTimex(24, 31, "DURATION", "P2Y"),
        SystemTimex(40, 44, "DATE", "2021"),
    ]
    s = score_document(gold, system)
    assert (s.strict.tp, s.strict.fp, s.strict.fn) == (1, 2, 1)
    assert (s.relaxed.tp, s.relaxed.fp, s.relaxed.fn) == (2, 1, 0)
    assert (s.value.tp, s.value.fp, s.value.fn) == (1, 2, 1)
    assert s.type_accuracy == 1.0


def test_run_on_fixture_corpus(tmp_path: Path) -> None:
    for corpus in tempeval3.CORPORA:
        folder = tmp_path / tempeval3.SUBDIR / corpus
        folder.mkdir(parents=True)
        (folder / "fixture1.tml").write_text(TIMEML, encoding="utf-8")
    result = tempeval3.run(tmp_path, use_parse=False)
    assert result.metrics["all.value_f1"] == 1.0
    assert result.metrics["timebank.strict_f1"] == 1.0
    assert result.tables[0].rows[0][0] == "timebank"


def test_run_without_data(tmp_path: Path) -> None:
    with pytest.raises(DataError):
        tempeval3.run(tmp_path)
