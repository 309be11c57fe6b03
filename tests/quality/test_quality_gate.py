"""The quality gate: per-stage scores on the project's own corpus must not fall below
the floors pinned in ``baseline.yaml``. Run ``python tests/quality/test_quality_gate.py``
to print the current scores and the misses behind them."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from quality_scoring import Paragraph, Scores, load_baseline, load_corpus, score_corpus


@pytest.fixture(scope="module")
def corpus() -> list[Paragraph]:
    return load_corpus()


@pytest.fixture(scope="module")
def scores(corpus: list[Paragraph], pipeline: Any) -> Scores:
    return run_corpus(corpus, pipeline)


def run_corpus(corpus: list[Paragraph], pipe: Any = None) -> Scores:
    """Extract every paragraph (anchored on its ``published`` date) and score it."""
    from tidings.records import Document

    if pipe is None:
        from tidings import Pipeline

        pipe = Pipeline()
    docs = [Document(id=p.id, text=p.text, published=p.published) for p in corpus]
    return score_corpus(corpus, list(pipe.extract_many(docs)))


def test_corpus_is_well_formed(corpus: list[Paragraph]) -> None:
    types = {e["type"] for p in corpus for e in p.events}
    assert len(corpus) >= 40
    assert len(types) == 16, f"corpus covers {sorted(types)}"
    assert len({p.id for p in corpus}) == len(corpus), "paragraph ids must be unique"


@pytest.mark.parametrize("stage", list(load_baseline()))
def test_stage_meets_floor(scores: Scores, stage: str) -> None:
    measured = scores.as_dict()
    floor = load_baseline()[stage]
    assert stage in measured, f"stage {stage!r} was not measured (corpus has nothing to score)"
    value = measured[stage]
    misses = [m for m in scores.misses if m.startswith(stage.replace("_f1", "") + ":")][:8]
    assert value >= floor, (
        f"quality gate: {stage} = {value:.3f} is below its floor {floor:.2f} "
        f"(tests/quality/baseline.yaml). First misses:\n  " + "\n  ".join(misses)
    )


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository root
    result = run_corpus(load_corpus())
    floors = load_baseline()
    for name, value in result.as_dict().items():
        print(f"{name:20s} {value:.3f}   floor {floors.get(name, float('nan')):.2f}")
    if "-v" in sys.argv:
        print("\n".join(result.misses))
