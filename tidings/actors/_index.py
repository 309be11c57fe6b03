"""The name index of the actor knowledge base: build it, scan token lists against it.

All names are indexed by their normalised token sequence (see ``_text``); a phrase is
scanned left to right for the longest known name at each token, using a set of name
prefixes so each step is one dictionary look-up. A name that needs it is checked against
the case of the text: acronyms ("US", "IS") must be capitals when the text has both cases,
and words listed in ``ambiguous.txt`` ("Chad", "Turkey") must be capitalised. Fuzzy
matching (rapidfuzz) is a last resort, only for capitalised unknown words of five letters
or more.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from tidings.actors._entries import Entry, Kind
from tidings.actors._loader import KBData
from tidings.actors._text import Token, is_acronym, normalise, strip_particles

log = logging.getLogger(__name__)

# case rules of a surface form: any case; initial capital; all capitals (acronym);
# all capitals and also an ordinary word ("IS", "WHO")
FREE, CAPITAL, EXACT, EXACT_WORD, SPELLED = 0, 1, 2, 3, 4
_FUZZY_MIN_LEN = 5


@dataclass(frozen=True, slots=True)
class Surface:
    """One way an entry is written: the entry and the case rule of that form."""

    entry: Entry
    case: int  # FREE, CAPITAL, EXACT, EXACT_WORD or SPELLED
    form: str = ""  # SPELLED: the letters as written ("JeM", not "JEM")


@dataclass(slots=True)
class Match:
    """Known name found at tokens[start:end]; ``score`` is set by fuzzy matching."""

    start: int  # token indexes, end exclusive
    end: int
    surfaces: list[Surface]
    key: str = ""  # the normalised name that matched
    score: float | None = None  # rapidfuzz ratio when the match is fuzzy


class NameIndex:
    """Normalised names -> entries, with the prefixes and fuzzy candidates to scan text."""

    def __init__(self, data: KBData) -> None:
        self.data = data
        self.index: dict[str, list[Surface]] = defaultdict(list)
        self.prefixes: set[str] = set()
        self.country_keys: dict[str, str] = {}
        for entry in data.entries.values():
            self._add_entry(entry)
        self._add_capitals()
        self.fuzzy: dict[str, list[str]] = defaultdict(list)
        for key, surfaces in self.index.items():
            if len(key) >= _FUZZY_MIN_LEN and any(s.entry.kind is not Kind.AGENT for s in surfaces):
                self.fuzzy[key[0]].append(key)
        self.index = dict(self.index)

    # -- building -----------------------------------------------------------------
    def _add_name(self, name: str, entry: Entry, acronym: bool = False) -> None:
        key = normalise(name)
        if not key:
            return
        form = ""
        if acronym and any(c.islower() for c in name) and " " not in name.strip():
            case, form = SPELLED, name.replace(".", "")  # "JeM" is not "JEM"
        elif acronym or is_acronym(name):
            case = EXACT_WORD if key in self.data.ambiguous else EXACT
        elif key in self.data.ambiguous and entry.kind is not Kind.AGENT:
            case = CAPITAL
        elif entry.kind is Kind.PERSON and " " not in key:
            case = CAPITAL  # bare surnames ("Salami", "Sharon") only when capitalised
        else:
            case = FREE
        keys = {key}
        if entry.kind in (Kind.PERSON, Kind.GROUP) and " " in key:
            variant = strip_particles(key)
            if variant and variant != key and " " in variant:
                keys.add(variant)
        for k in keys:
            surfaces = self.index[k]
            if any(s.entry is entry for s in surfaces):
                continue
            surfaces.append(Surface(entry, case, form))
            words = k.split(" ")
            for n in range(1, len(words)):
                self.prefixes.add(" ".join(words[:n]))

    def _add_entry(self, entry: Entry) -> None:
        for name in entry.aliases:
            self._add_name(name, entry)
        for name in entry.acronyms:
            self._add_name(name, entry, acronym=True)
        if entry.kind is Kind.STATE:
            for name in entry.demonyms:
                self._add_name(name, entry)
            for name in [*entry.aliases, *entry.demonyms]:
                if not is_acronym(name) and entry.country:
                    self.country_keys.setdefault(normalise(name), entry.country)

    def _add_capitals(self) -> None:
        """Each sovereign state's capitals stand for its government, unless a metonyms
        file already says what the name stands for."""
        for entry in self.data.countries.values():
            if not entry.sovereign or not entry.capitals or entry.country is None:
                continue
            taken = [c for c in entry.capitals
                     if any(s.entry.kind in (Kind.METONYM, Kind.STATE)
                            for s in self.index.get(normalise(c), []))]
            free = [c for c in entry.capitals if c not in taken]
            for capital in entry.capitals:
                self.country_keys.setdefault(normalise(capital), entry.country)
            if not free:
                continue
            metonym = Entry(id=f"metonym:capital:{entry.country}", kind=Kind.METONYM,
                            name=free[0], country=entry.country, sectors=("GOV",),
                            aliases=free, source=entry.source)
            self.data.entries.setdefault(metonym.id, metonym)
            for name in free:
                self._add_name(name, metonym)

    # -- matching -----------------------------------------------------------------
    def scan(self, tokens: list[Token], case_mode: str) -> list[Match]:
        """Longest known names, left to right, that pass the case rules."""
        out: list[Match] = []
        index, prefixes = self.index, self.prefixes
        n, i = len(tokens), 0
        while i < n:
            key = tokens[i].norm
            j = i + 1
            best: Match | None = None
            while True:
                surfaces = index.get(key)
                if surfaces:
                    ok = [s for s in surfaces if case_ok(s, tokens[i:j], case_mode, key, n)]
                    if ok:
                        best = Match(i, j, ok, key)
                if j >= n:
                    break
                key = f"{key} {tokens[j].norm}"
                if key not in prefixes and key not in index:
                    break
                j += 1
            if best is not None:
                out.append(best)
                i = best.end
            else:
                i += 1
        return out

    def fuzzy_match(self, tokens: list[Token], start: int, end: int) -> Match | None:
        """Closest indexed name for the capitalised unknown words tokens[start:end]."""
        words = tokens[start:end]
        if not words or not all(t.is_capitalised for t in words):
            return None
        query = " ".join(t.norm for t in words)
        if len(query) < _FUZZY_MIN_LEN or not query[0].isalpha():
            return None
        candidates = self.fuzzy.get(query[0])
        if not candidates:
            return None
        cutoff = 90.0 if len(query) >= 8 else 92.0
        found = process.extractOne(query, candidates, scorer=fuzz.ratio, score_cutoff=cutoff)
        if found is None:
            return None
        surfaces = [s for s in self.index[found[0]] if s.entry.kind is not Kind.AGENT]
        log.debug("actor KB: fuzzy %r -> %r (%.1f)", query, found[0], found[1])
        return Match(start, end, surfaces, found[0], float(found[1])) if surfaces else None


def case_mode(text: str) -> str:
    """"mixed", "upper" or "lower": how the case of a text can be trusted."""
    has_upper = any(c.isupper() for c in text)
    has_lower = any(c.islower() for c in text)
    if has_upper and has_lower:
        return "mixed"
    return "upper" if has_upper else "lower"


def case_ok(surface: Surface, span: list[Token], mode: str, key: str, n_tokens: int) -> bool:
    if surface.case == FREE:
        return True
    if surface.case == SPELLED:  # mixed-case acronyms only as spelled: "JeM" (not "JEM", "jem")
        return "".join(t.text for t in span).replace(".", "") == surface.form
    if mode == "mixed":
        if surface.case == CAPITAL:
            return span[0].is_capitalised
        return all(not any(c.islower() for c in t.text) for t in span)
    if mode == "upper":
        # an acronym that is also a word ("IS", "WHO") only when it is the whole phrase
        return surface.case != EXACT_WORD or len(span) == n_tokens
    # all lower case: acronyms of three letters or more that are not ordinary words
    return surface.case == EXACT and len(key.replace(" ", "")) >= 3
