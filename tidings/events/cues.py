"""Word lists for factuality, attribution and casualties (``lexicon/cues.yaml``).

Loaded and validated once; the events stage turns them into its factuality and
casualty cue sets.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from typing import Any

from tidings.errors import KnowledgeError
from tidings.events.lexicon import LEXICON_DIR, _read_yaml

_FACTUALITY = ("negated", "planned", "hypothetical", "demanded", "claimed")


@dataclass(frozen=True, slots=True)
class QuantityModifier:
    """Turns "at least N" into a range: each bound is ``factor * N + offset``, or open."""

    phrase: str
    min: tuple[float, float] | None  # None: 0
    max: tuple[float, float] | None  # None: open-ended

    def apply(self, n: int) -> tuple[int, int | None]:
        low = 0 if self.min is None else math.ceil(self.min[0] * n + self.min[1])
        high = None if self.max is None else math.floor(self.max[0] * n + self.max[1])
        return low, high


@dataclass(frozen=True, slots=True)
class Cues:
    """Word lists for factuality, attribution and casualties (lemmas; phrases have spaces)."""

    negated: frozenset[str]
    planned: frozenset[str]
    hypothetical: frozenset[str]
    demanded: frozenset[str]
    claimed: frozenset[str]
    attribution_verbs: frozenset[str]
    attribution_phrases: frozenset[str]
    casualties: dict[str, str]  # lemma -> "killed" | "injured" | "arrested" | "ambiguous"
    vague_quantities: dict[str, tuple[int, int | None]]  # "dozens" -> (24, 99)
    modifiers: dict[str, QuantityModifier]  # "at least" -> ...
    numbers: dict[str, int]  # "three" -> 3
    tolls: frozenset[str] = frozenset()  # "toll": "the death toll rose to 45"
    people: frozenset[str] = frozenset()  # "kill": its victim is a person even with no figure
    accidents: frozenset[str] = frozenset()  # "crash": deaths it causes are no attack

    def factuality(self) -> dict[str, frozenset[str]]:
        """Cue lists keyed by the ``Factuality`` value they signal ("negated", "planned", ...)."""
        return {name: getattr(self, name) for name in _FACTUALITY}


def _words(data: dict[str, Any], key: str, where: str) -> frozenset[str]:
    value = data.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise KnowledgeError(f"{where}: '{key}' must be a list of strings")
    return frozenset(v.lower() for v in value)


def _bound(value: Any, where: str) -> tuple[float, float] | None:
    if value is None:
        return None
    if isinstance(value, list) and len(value) == 2 and all(isinstance(v, (int, float)) for v in value):
        return float(value[0]), float(value[1])
    raise KnowledgeError(f"{where}: a bound is null or [factor, offset], got {value!r}")


@cache
def load_cues() -> Cues:
    """Factuality, attribution and casualty word lists from ``lexicon/cues.yaml``."""
    path = LEXICON_DIR / "cues.yaml"
    data = _read_yaml(path)
    try:
        sections = ("factuality", "attribution", "casualties", "quantities")
        fact, attr, cas, qty = (data[k] for k in sections)
    except KeyError as exc:
        raise KnowledgeError(f"cues.yaml: missing section {exc}") from None
    casualties: dict[str, str] = {}
    for kind in ("killed", "injured", "arrested", "ambiguous"):
        for word in _words(cas, kind, "cues.yaml casualties"):
            if word in casualties:
                raise KnowledgeError(f"cues.yaml casualties: {word!r} listed twice")
            casualties[word] = kind
    vague: dict[str, tuple[int, int | None]] = {}
    for phrase, span in (qty.get("vague") or {}).items():
        if not (isinstance(span, list) and len(span) == 2 and isinstance(span[0], int)):
            raise KnowledgeError(f"cues.yaml quantities.vague {phrase!r}: expected [min, max|null]")
        vague[str(phrase).lower()] = (span[0], span[1] if isinstance(span[1], int) else None)
    modifiers: dict[str, QuantityModifier] = {}
    for phrase, spec in (qty.get("modifiers") or {}).items():
        where, name = f"cues.yaml modifier {phrase!r}", str(phrase).lower()
        low, high = _bound((spec or {}).get("min"), where), _bound((spec or {}).get("max"), where)
        modifiers[name] = QuantityModifier(name, low, high)
    numbers = {str(k).lower(): int(v) for k, v in (qty.get("numbers") or {}).items()}
    lists = {k: _words(fact, k, "cues.yaml factuality") for k in _FACTUALITY}
    verbs, phrases = (_words(attr, k, "cues.yaml attribution") for k in ("verbs", "phrases"))
    optional = {k: _words(cas, k, "cues.yaml casualties") if k in cas else frozenset() for k in ("people", "accidents")}
    return Cues(**lists, attribution_verbs=verbs, attribution_phrases=phrases,
                casualties=casualties, vague_quantities=vague, modifiers=modifiers,
                numbers=numbers, tolls=frozenset(w.lower() for w in cas.get("tolls") or []),
                people=optional["people"], accidents=optional["accidents"])  # fmt: skip
