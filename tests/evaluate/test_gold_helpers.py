"""Scoring maths and label mappings shared by the event-stage evaluation tasks."""

from __future__ import annotations

import datetime as dt

import pytest

from tidings.evaluate._gold import (
    GoldDate,
    Truecaser,
    cameo_quad,
    cameo_to_penta,
    classification_scores,
    confusion_table,
    date_exact,
    date_overlaps,
    exact_match,
    head_match,
    macro_f1,
    micro,
    normalise_span,
    overlap_match,
    plover_type_08,
    span_prf,
    token_prf,
)
from tidings.evaluate._metrics import PRF


def test_prf_maths() -> None:
    s = PRF(tp=3, fp=1, fn=2)
    assert s.precision == pytest.approx(0.75)
    assert s.recall == pytest.approx(0.6)
    assert s.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    assert PRF().f1 == 0.0


def test_classification_scores_and_macro_f1() -> None:
    gold = ["AGREE", "AGREE", "ASSAULT", "REJECT"]
    pred = ["AGREE", "ASSAULT", "ASSAULT", "NONE"]
    scores = classification_scores(gold, pred)
    assert (scores["AGREE"].tp, scores["AGREE"].fn) == (1, 1)
    assert (scores["ASSAULT"].tp, scores["ASSAULT"].fp) == (1, 1)
    assert scores["REJECT"].fn == 1 and scores["NONE"].fp == 1
    # AGREE f1 = 2/3, ASSAULT f1 = 2/3, REJECT f1 = 0
    assert macro_f1(scores, ["AGREE", "ASSAULT", "REJECT"]) == pytest.approx(4 / 9)
    pooled = micro(scores, exclude=["NONE"])
    assert (pooled.tp, pooled.fp, pooled.fn) == (2, 1, 2)


def test_macro_f1_of_nothing_is_zero() -> None:
    assert macro_f1({}, []) == 0.0


def test_confusion_table_lists_mismatches_by_count() -> None:
    table = confusion_table("t", ["A", "A", "B", "B", "B"], ["B", "B", "B", "C", "B"])
    assert table.rows == [["A", "B", 2], ["B", "C", 1]]


@pytest.mark.parametrize(
    ("old", "new"),
    [("DEMAND", "REQUEST"), ("FIGHT", "ASSAULT"), ("DISAPPROVE", "ACCUSE"),
     ("INVESTIGATE", "ACCUSE"), ("AGREE", "AGREE"), ("protest", "PROTEST")],
)  # fmt: skip
def test_plover_05_names_map_to_08(old: str, new: str) -> None:
    assert plover_type_08(old) == new


@pytest.mark.parametrize(
    ("code", "penta", "quad"),
    [("010", 0, 1), ("0234", 0, 1), ("042", 1, 1), ("057", 1, 1), ("0841", 2, 2),
     ("112", 3, 3), ("138", 3, 3), ("145", 4, 4), ("190", 4, 4), ("2042", 4, 4)],
)  # fmt: skip
def test_cameo_to_penta_and_quad(code: str, penta: int, quad: int) -> None:
    assert cameo_to_penta(code) == penta
    assert cameo_quad(code) == quad


@pytest.mark.parametrize("code", ["", None, "X1", "250"])
def test_cameo_to_penta_rejects_odd_codes(code: str | None) -> None:
    assert cameo_to_penta(code) is None


def test_span_normalisation_and_matching() -> None:
    assert normalise_span("The  Israeli army,") == "israeli army"
    assert exact_match("the Israeli army", "Israeli army")
    assert not exact_match("Israeli army", "Israeli army spokesman")
    assert overlap_match("Israeli army spokesman", "the army")
    assert not overlap_match("the government", "the rebels")


def test_span_prf_is_one_to_one() -> None:
    counts = span_prf(["Hamas", "Hamas"], ["Hamas"], exact=True)
    assert (counts.tp, counts.fp, counts.fn) == (1, 1, 0)
    loose = span_prf(["Israeli troops"], ["troops of Israel", "Gaza"], exact=False)
    assert (loose.tp, loose.fp, loose.fn) == (1, 0, 1)


def test_token_prf_counts_word_tokens_only() -> None:
    counts = token_prf(["U.S. military chief"], ["U.S. military chief General Colin Powell"])
    assert (counts.tp, counts.fp, counts.fn) == (3, 0, 3)


def test_head_match_uses_last_content_word() -> None:
    assert head_match("a Russian major general", "general")
    assert head_match("Taliban fighters", "The Taliban")
    assert not head_match("the Taliban", "Afghan soldiers")
    assert head_match("the Taliban", "The Taliban")


def test_gold_date_single_day_range_and_open() -> None:
    day = GoldDate(dt.date(1990, 2, 2), dt.date(1990, 2, 2))
    assert date_exact(dt.date(1990, 2, 2), dt.date(1990, 2, 2), day)
    assert not date_exact(dt.date(1990, 2, 1), dt.date(1990, 2, 28), day)  # month precision
    assert date_overlaps(dt.date(1990, 2, 1), dt.date(1990, 2, 28), day)
    span = GoldDate(dt.date(1990, 1, 8), dt.date(1990, 1, 9))
    assert date_exact(dt.date(1990, 1, 9), None, span)
    on_or_before = GoldDate(None, dt.date(1990, 1, 9))
    assert date_exact(dt.date(1989, 12, 30), dt.date(1989, 12, 30), on_or_before)
    assert not date_overlaps(dt.date(1990, 1, 10), dt.date(1990, 1, 12), on_or_before)
    assert not date_exact(None, None, day)


def test_truecaser_restores_common_words_and_names() -> None:
    caser = Truecaser.from_texts(["The army said the rebels attacked a farm near the border."])
    out = caser("THE ARMY SAID GUERRILLAS OF THE FMLN ATTACKED A FARM IN SAN MIGUEL.")
    assert out == "The army said Guerrillas of the FMLN attacked a farm in San Miguel."
