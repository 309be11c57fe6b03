"""Actors: resolve mentions to the actor knowledge base.

The knowledge base is data (``tidings/data/actors/``, plus any directory named in the
environment variable ``TIDINGS_KB_PATH``); see the README there for the file formats.

    >>> kb = load_kb()
    >>> kb.resolve("Iran-backed militias").affiliation
    'IRN'
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from tidings.actors._context import leading_country
from tidings.actors._entries import Entry, Kind, Resolution, Role
from tidings.actors._explain import Explanation, NameMatch, OfficeTerm, explain
from tidings.actors._loader import BUILTIN_DIR, ENV_VAR, kb_directories
from tidings.actors._resolver import ActorKB

__all__ = [
    "BUILTIN_DIR",
    "ENV_VAR",
    "ActorKB",
    "Entry",
    "Explanation",
    "Kind",
    "NameMatch",
    "OfficeTerm",
    "Resolution",
    "Role",
    "explain",
    "leading_country",
    "load_kb",
]

log = logging.getLogger(__name__)


def load_kb(extra_paths: Iterable[str | Path] = ()) -> ActorKB:
    """The knowledge base from the built-in files, ``TIDINGS_KB_PATH`` and ``extra_paths``.

    ``extra_paths`` are files or directories of the user's own entries (``--kb FILE``),
    loaded last so they override built-in entries with the same id. Cached per set of paths.
    """
    return _load(tuple(kb_directories(extra_paths)))


@lru_cache(maxsize=4)
def _load(dirs: tuple[Path, ...]) -> ActorKB:
    started = time.perf_counter()
    kb = ActorKB.from_directories(list(dirs))
    log.debug("actor KB: %d entries from %d files in %.3f s", len(kb), len(kb.data.files),
              time.perf_counter() - started)
    return kb
