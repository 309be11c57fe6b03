"""Casualty counts attached to attacks, on hand-written sentences."""

from __future__ import annotations

import pytest

from tidings.records import Count


@pytest.mark.parametrize(
    ("text", "kind", "count"),
    [
        ("A car bomb exploded in the market, killing at least 12 people.", "killed", Count(12, None)),
        ("Three people were killed and 20 injured when rebels attacked the village.", "injured", Count(20, 20)),
        ("A bomb exploded in the market. The death toll rose to 45 on Sunday.", "killed", Count(45, 45)),
        ("Gunmen murdered Jorge Vargas, a diplomat, in the capital.", "killed", Count(1, 1)),
        (
            "Rebels shelled the town. Colonel Ruiz, who was killed in the attack, led the garrison.",
            "killed",
            Count(1, 1),
        ),
    ],
)
def test_casualty_counts(pipeline, text: str, kind: str, count: Count) -> None:  # type: ignore[no-untyped-def]
    events = pipeline.extract(text, published="2024-03-14").events
    found = [getattr(e.casualties, kind) for e in events if getattr(e.casualties, kind) is not None]
    assert count in found, [(e.type, e.trigger.text, e.casualties) for e in events]


def test_a_relative_clause_victim_is_a_recipient_not_the_actor(pipeline) -> None:  # type: ignore[no-untyped-def]
    events = pipeline.extract("Colonel Ruiz, who was killed in an ambush, led the garrison.").events
    killed = [e for e in events if e.trigger.text == "killed"]
    assert killed and not killed[0].actors
