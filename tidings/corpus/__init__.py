"""Corpora: ingest many articles into a store, merge reports across documents, explain merges."""

from __future__ import annotations

from tidings.corpus.merge import Decision, Profile, assign, compare

__all__ = ["Decision", "Profile", "assign", "compare"]
