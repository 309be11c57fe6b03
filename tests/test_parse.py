from __future__ import annotations

import pytest

from tidings.errors import ModelError
from tidings.parse import load_model


def test_headline_and_lines_start_sentences(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Talks resume in Doha\nNegotiators met on Monday.\nA second line follows")
    assert [s.text.strip() for s in doc.sents] == [
        "Talks resume in Doha",
        "Negotiators met on Monday.",
        "A second line follows",
    ]


def test_a_list_lead_in_continues_across_lines(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("The strike killed:\n- a general;\n- a militia leader.")
    assert len(list(doc.sents)) == 1


def test_missing_model_names_the_fix() -> None:
    with pytest.raises(ModelError, match="not installed"):
        load_model("xx_no_such_pipeline")
