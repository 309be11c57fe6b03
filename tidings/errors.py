"""One exception hierarchy: every error tidings raises on purpose is a TidingsError.

Messages name the input and, where there is one, the fix.
"""

from __future__ import annotations


class TidingsError(Exception):
    """Base class of every error tidings raises on purpose."""


class InputError(TidingsError):
    """A document could not be read or is not something tidings can code.

    ``source`` names the input (file name, "<stdin>:3" for a JSON line, a record id).
    """

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class ModelError(TidingsError):
    """The requested spaCy pipeline is not installed or is not English."""


class KnowledgeError(TidingsError):
    """A knowledge file (lexicon, ontology, actor KB) is malformed."""


class DataError(TidingsError):
    """Gold data for evaluation is missing or malformed."""
