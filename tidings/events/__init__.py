"""Stage 5, events: find, classify and anchor event mentions.

``load_coder`` builds an ``EventCoder`` from the knowledge files (ontology, trigger
lexicon, cue word lists) and an actor knowledge base.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from tidings.actors import ActorKB
from tidings.events.casualties import CasualtyCues
from tidings.events.coder import EventCoder
from tidings.events.cues import Cues, load_cues
from tidings.events.factuality import FUTURE_AUX, FactualityCues
from tidings.events.lexicon import load_lexicon, load_ontology

__all__ = ["EventCoder", "load_coder"]

FUNCTION_NEGATORS = frozenset({"not", "n't", "never", "no", "without", "neither", "nor"})
SOURCE_NOUNS = frozenset(
    {
        "publication",
        "newspaper",
        "agency",
        "outlet",
        "broadcaster",
        "report",
        "daily",
        "paper",
        "network",
        "channel",
        "website",
        "magazine",
    }
)


def factuality_cues(cues: Cues) -> FactualityCues:
    return FactualityCues(
        negation=cues.negated & FUNCTION_NEGATORS,
        negating_verbs=cues.negated - FUNCTION_NEGATORS,
        planned=cues.planned - FUTURE_AUX,
        planned_aux=cues.planned & FUTURE_AUX | FUTURE_AUX,
        hypothetical=cues.hypothetical,
        demanded=cues.demanded,
        claimed=cues.claimed,
        reporting=cues.attribution_verbs,
        source_nouns=SOURCE_NOUNS,
    )


def casualty_cues(cues: Cues) -> CasualtyCues:
    return CasualtyCues(
        kinds={k: v for k, v in cues.casualties.items() if v != "ambiguous"},
        numbers=cues.numbers,
        vague=cues.vague_quantities,
        modifiers=cues.modifiers,
        tolls=cues.tolls,
        people=cues.people,
        accidents=cues.accidents,
    )


def load_coder(
    kb: ActorKB, lexicon_paths: Sequence[str | Path] = (), ontology_paths: Sequence[str | Path] = ()
) -> EventCoder:
    """An EventCoder over the installed knowledge files plus the user's: extra trigger
    lexicons (TSV) and ontologies (YAML: new event types, modes, CAMEO codes)."""
    cues = load_cues()
    return EventCoder(
        load_lexicon(lexicon_paths, ontology_paths),
        load_ontology(ontology_paths),
        kb,
        factuality_cues(cues),
        casualty_cues(cues),
    )
