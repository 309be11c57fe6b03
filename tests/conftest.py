"""Shared fixtures: one spaCy model and one Pipeline per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "iraq-coalition-talks.txt"


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    from tidings.parse import load_model

    return load_model()


@pytest.fixture(scope="session")
def pipeline():  # type: ignore[no-untyped-def]
    from tidings.pipeline import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def seed_text() -> str:
    if not SEED.exists():
        pytest.skip(f"seed article not found at {SEED}")
    return SEED.read_text(encoding="utf-8")
