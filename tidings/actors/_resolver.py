"""Resolving noun phrases and free text against the actor knowledge base.

All names are indexed by their normalised token sequence (see ``_text``); a phrase is
scanned left to right for the longest known name at each token, using a set of name
prefixes so each step is one dictionary look-up. The matches in the head of the phrase
(before a preposition other than "of", a comma or a dash) are then combined:

* a named person, group or organisation wins ("Iraqi Prime Minister Mohammed Shia
  al-Sudani" is al-Sudani; an organisation with an agent head takes the agent's sector:
  "UN peacekeepers" is UNO MIL);
* otherwise a state (name, demonym) plus a generic agent head gives that state and the
  agent's sectors ("American forces" -> USA MIL);
* "X-backed", "X-funded", "X-aligned", "pro-X" set the affiliation instead.

A name that needs it is checked against the case of the text: acronyms ("US", "IS") must
be capitals when the text has both cases, and words listed in ``ambiguous.txt``
("Chad", "Turkey") must be capitalised. Fuzzy matching (rapidfuzz) is a last resort,
only for capitalised unknown words of five letters or more.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

from rapidfuzz import fuzz, process

from tidings.actors._entries import Entry, Kind, Resolution
from tidings.actors._loader import KBData, load_directories
from tidings.actors._text import Token, is_acronym, normalise, strip_particles, tokenize

log = logging.getLogger(__name__)

# A modifier "X-backed" (or "X backed") makes X the affiliation, not the actor's country.
_AFFILIATION_AFTER = frozenset({
    "backed", "funded", "sponsored", "supported", "aligned", "allied", "linked", "affiliated",
    "armed", "trained", "controlled", "led", "run", "financed", "sympathizing", "inspired",
    "loyal", "friendly",
})
_HEAD_BREAKS = frozenset({
    "in", "at", "on", "from", "into", "near", "against", "across", "inside", "outside", "with",
    "without", "by", "for", "to", "over", "under", "after", "before", "during", "since",
    "between", "among", "amongst", "through", "toward", "towards", "around", "within", "via",
    "amid", "amidst", "along", "behind", "beyond", "upon", "throughout", "following", "who",
    "which", "that", "whose", "whom", "where", "when", "while", "than", "as", "like",
    "says", "said", "say",
})
_KIND_PRIORITY = {Kind.PERSON: 0, Kind.GROUP: 1, Kind.IGO: 2, Kind.NGO: 3, Kind.MEDIA: 4,
                  Kind.METONYM: 5, Kind.STATE: 6, Kind.AGENT: 7}
_NAMED = frozenset({Kind.PERSON, Kind.GROUP, Kind.IGO, Kind.NGO, Kind.MEDIA, Kind.METONYM})
# case rules of a surface form: any case; initial capital; all capitals (acronym);
# all capitals and also an ordinary word ("IS", "WHO")
_FREE, _CAPITAL, _EXACT, _EXACT_WORD = 0, 1, 2, 3
_FUZZY_MIN_LEN = 5
_CACHE_SIZE = 50_000


@dataclass(frozen=True, slots=True)
class _Surface:
    entry: Entry
    case: int  # _FREE, _CAPITAL, _EXACT or _EXACT_WORD


@dataclass(slots=True)
class _Match:
    start: int  # token indexes, end exclusive
    end: int
    surfaces: list[_Surface]


class ActorKB:
    """The loaded knowledge base: resolve phrases, find names in text, look up countries."""

    def __init__(self, data: KBData) -> None:
        self.data = data
        self._index: dict[str, list[_Surface]] = defaultdict(list)
        self._prefixes: set[str] = set()
        self._cache: dict[tuple[str, dt.date | None], Resolution | None] = {}
        self._country_keys: dict[str, str] = {}
        for entry in data.entries.values():
            self._add_entry(entry)
        self._add_capitals()
        self._fuzzy: dict[str, list[str]] = defaultdict(list)
        for key, surfaces in self._index.items():
            if len(key) >= _FUZZY_MIN_LEN and any(s.entry.kind is not Kind.AGENT for s in surfaces):
                self._fuzzy[key[0]].append(key)
        self._index = dict(self._index)

    @classmethod
    def from_directories(cls, dirs: list[Path]) -> ActorKB:
        return cls(load_directories(dirs))

    # -- building -----------------------------------------------------------------
    def _add_name(self, name: str, entry: Entry, acronym: bool = False) -> None:
        key = normalise(name)
        if not key:
            return
        if acronym or is_acronym(name):
            case = _EXACT_WORD if key in self.data.ambiguous else _EXACT
        elif key in self.data.ambiguous and entry.kind is not Kind.AGENT:
            case = _CAPITAL
        elif entry.kind is Kind.PERSON and " " not in key:
            case = _CAPITAL  # bare surnames ("Salami", "Sharon") only when capitalised
        else:
            case = _FREE
        keys = {key}
        if entry.kind in (Kind.PERSON, Kind.GROUP) and " " in key:
            variant = strip_particles(key)
            if variant and variant != key and " " in variant:
                keys.add(variant)
        for k in keys:
            surfaces = self._index[k]
            if any(s.entry is entry for s in surfaces):
                continue
            surfaces.append(_Surface(entry, case))
            words = k.split(" ")
            for n in range(1, len(words)):
                self._prefixes.add(" ".join(words[:n]))

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
                    self._country_keys.setdefault(normalise(name), entry.country)

    def _add_capitals(self) -> None:
        """Each sovereign state's capitals stand for its government, unless a metonyms
        file already says what the name stands for."""
        for entry in self.data.countries.values():
            if not entry.sovereign or not entry.capitals or entry.country is None:
                continue
            taken = [c for c in entry.capitals
                     if any(s.entry.kind in (Kind.METONYM, Kind.STATE)
                            for s in self._index.get(normalise(c), []))]
            free = [c for c in entry.capitals if c not in taken]
            for capital in entry.capitals:
                self._country_keys.setdefault(normalise(capital), entry.country)
            if not free:
                continue
            metonym = Entry(id=f"metonym:capital:{entry.country}", kind=Kind.METONYM,
                            name=free[0], country=entry.country, sectors=("GOV",),
                            aliases=free, source=entry.source)
            self.data.entries.setdefault(metonym.id, metonym)
            for name in free:
                self._add_name(name, metonym)

    # -- matching -----------------------------------------------------------------
    def _scan(self, tokens: list[Token], case_mode: str) -> list[_Match]:
        """Longest known names, left to right, that pass the case rules."""
        out: list[_Match] = []
        index, prefixes = self._index, self._prefixes
        n, i = len(tokens), 0
        while i < n:
            key = tokens[i].norm
            j = i + 1
            best: _Match | None = None
            while True:
                surfaces = index.get(key)
                if surfaces:
                    ok = [s for s in surfaces if _case_ok(s, tokens[i:j], case_mode, key, n)]
                    if ok:
                        best = _Match(i, j, ok)
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

    def _fuzzy_match(self, tokens: list[Token], start: int, end: int) -> _Match | None:
        """Closest indexed name for the capitalised unknown words tokens[start:end]."""
        words = tokens[start:end]
        if not words or not all(t.is_capitalised for t in words):
            return None
        query = " ".join(t.norm for t in words)
        if len(query) < _FUZZY_MIN_LEN or not query[0].isalpha():
            return None
        candidates = self._fuzzy.get(query[0])
        if not candidates:
            return None
        cutoff = 90.0 if len(query) >= 8 else 92.0
        found = process.extractOne(query, candidates, scorer=fuzz.ratio, score_cutoff=cutoff)
        if found is None:
            return None
        surfaces = [s for s in self._index[found[0]] if s.entry.kind is not Kind.AGENT]
        log.debug("actor KB: fuzzy %r -> %r (%.1f)", query, found[0], found[1])
        return _Match(start, end, surfaces) if surfaces else None

    # -- public API ---------------------------------------------------------------
    def resolve(self, text: str, when: dt.date | None = None) -> Resolution | None:
        """Resolve a noun phrase as it appears in the text; None when it names no actor."""
        key = (text, when)
        try:
            cached = self._cache[key]
        except KeyError:
            if len(self._cache) >= _CACHE_SIZE:
                self._cache.clear()
            cached = self._cache[key] = self._resolve(text, when)
        if cached is None:
            return None
        return replace(cached, sectors=list(cached.sectors))

    def lookup_country(self, text: str) -> str | None:
        """ISO3 code of a country named, described ("Iraqi") or stood for ("Baghdad")."""
        code = self._country_keys.get(normalise(text))
        if code is not None:
            if is_acronym(text.strip()) or text.strip()[:1].isupper() or \
                    normalise(text) not in self.data.ambiguous:
                return code
        resolution = self.resolve(text)
        if resolution is not None and resolution.country in self.data.countries:
            return resolution.country
        return None

    def find_mentions(self, text: str, include_agents: bool = False
                      ) -> list[tuple[int, int, Resolution]]:
        """Every knowledge-base name in free text, as (start, end, resolution), in order.

        Generic agents ("police", "troops") are left out unless ``include_agents``.
        """
        tokens = tokenize(text)
        out: list[tuple[int, int, Resolution]] = []
        for match in self._scan(tokens, _case_mode(text)):
            surface = self._pick(match.surfaces, None)
            if surface.entry.kind is Kind.AGENT and not include_agents:
                continue
            res = self._from_entry(surface.entry, None)
            last = tokens[match.end - 1]
            end = last.end - 2 if last.text[-2:] in ("'s", "’s") else last.end
            out.append((tokens[match.start].start, end, res))
        return out

    def entry(self, entry_id: str) -> Entry | None:
        return self.data.entries.get(entry_id)

    def __len__(self) -> int:
        return len(self.data.entries)

    # -- resolution ---------------------------------------------------------------
    def _pick(self, surfaces: list[_Surface], when: dt.date | None) -> _Surface:
        if len(surfaces) == 1:
            return surfaces[0]

        def order(s: _Surface) -> tuple[int, int, dt.date]:
            e = s.entry
            if e.kind is Kind.PERSON:
                held = 0 if (when is not None and e.role_at(when) is not None) else 1
                latest = e.latest_role()
                last = (latest.end or dt.date.max) if latest else dt.date.min
                return (_KIND_PRIORITY[e.kind], held, dt.date.max - (last - dt.date.min))
            return (_KIND_PRIORITY[e.kind], 0, dt.date.max)

        return min(surfaces, key=order)

    def _from_entry(self, e: Entry, when: dt.date | None) -> Resolution:
        country, sectors = e.country, list(e.sectors)
        if e.kind is Kind.PERSON and e.roles:
            role = e.role_at(when) if when is not None else e.latest_role()
            if role is not None:
                country, sectors = role.country, list(role.sectors)
            else:
                latest = e.latest_role()
                country = e.country or (latest.country if latest else None)
                sectors = list(e.out_of_office)
        return Resolution(name=e.name, kb_id=e.kb_id, country=country, sectors=sectors,
                          affiliation=e.affiliation, kind=str(e.kind), id=e.id)

    def _resolve(self, text: str, when: dt.date | None) -> Resolution | None:
        tokens = tokenize(text)
        if not tokens:
            return None
        matches = self._scan(tokens, _case_mode(text))
        covered = {k for m in matches for k in range(m.start, m.end)}
        head_end = len(tokens)
        for k, tok in enumerate(tokens):
            if tok.segment > 0 or (tok.norm in _HEAD_BREAKS and k not in covered):
                head_end = k
                break
        named: list[Entry] = []
        states: list[Entry] = []
        agents: list[tuple[_Match, Entry]] = []
        affiliation: str | None = None
        for m in matches:
            if m.start >= head_end:
                continue
            e = self._pick(m.surfaces, when).entry
            before = tokens[m.start - 1].norm if m.start > 0 else ""
            after = tokens[m.end].norm if m.end < len(tokens) else ""
            if e.kind is not Kind.AGENT and (after in _AFFILIATION_AFTER or before == "pro"):
                affiliation = affiliation or self._from_entry(e, when).country
            elif before == "anti":
                continue
            elif e.kind is Kind.AGENT:
                agents.append((m, e))
            elif e.kind is Kind.STATE:
                states.append(e)
            else:
                named.append(e)
        if not named:
            named_later = self._appositive_named(tokens, matches, head_end, when)
            if named_later is not None:
                named.append(named_later)
            elif not states:
                fuzzy = self._fuzzy_in_head(tokens, matches, head_end)
                if fuzzy is not None:
                    (states if fuzzy.kind is Kind.STATE else named).append(fuzzy)
        agent = _best_agent(agents)
        if named:
            e = min(named, key=lambda x: _KIND_PRIORITY[x.kind])
            res = self._from_entry(e, when)
            if e.kind in (Kind.IGO, Kind.NGO) and agent is not None and agent[1].sectors:
                res.sectors = list(agent[1].sectors)
            if res.affiliation is None and affiliation != res.country:
                res.affiliation = affiliation
            return res
        state = states[0] if states else None
        if agent is not None:
            m, a = agent
            country = state.country if state is not None else a.country
            if not a.sectors and country is None and affiliation is None:
                return None
            parts = [p for p in (state.id if state else None, a.id,
                                 f"aff:{affiliation}" if affiliation else None) if p]
            name = _trailing_name(tokens, m.end, head_end, covered) or (
                f"{state.name} {a.name}" if state is not None else a.name)
            return Resolution(name=name, kb_id=None, country=country, sectors=list(a.sectors),
                              affiliation=affiliation, kind=str(Kind.AGENT), id="+".join(parts))
        if state is not None:
            res = self._from_entry(state, when)
            res.affiliation = affiliation if affiliation != state.country else None
            return res
        if affiliation is not None:
            return Resolution(name=text.strip(), kb_id=None, country=None, sectors=[],
                              affiliation=affiliation, kind=str(Kind.AGENT),
                              id=f"aff:{affiliation}")
        return None

    def _appositive_named(self, tokens: list[Token], matches: list[_Match], head_end: int,
                          when: dt.date | None) -> Entry | None:
        """A person, group or organisation named near the start of a later segment:
        "a group of militants, calling themselves the Islamic Resistance of Iraq"."""
        for m in matches:
            if m.start < head_end:
                continue
            seg = tokens[m.start].segment
            if seg == 0:
                continue
            first = next(k for k, t in enumerate(tokens) if t.segment == seg)
            e = self._pick(m.surfaces, when).entry
            if m.start - first <= 3 and e.kind in (Kind.PERSON, Kind.GROUP, Kind.IGO, Kind.NGO):
                return e
        return None

    def _fuzzy_in_head(self, tokens: list[Token], matches: list[_Match],
                       head_end: int) -> Entry | None:
        covered = {k for m in matches for k in range(m.start, m.end)}
        k = 0
        while k < head_end:
            if k in covered or not tokens[k].is_capitalised:
                k += 1
                continue
            j = k
            while j < head_end and j not in covered and tokens[j].is_capitalised:
                j += 1
            for start, end in ((k, j), *((s, s + 1) for s in range(k, j) if j - k > 1)):
                found = self._fuzzy_match(tokens, start, end)
                if found is not None:
                    return self._pick(found.surfaces, None).entry
            k = j
        return None


def _case_mode(text: str) -> str:
    has_upper = any(c.isupper() for c in text)
    has_lower = any(c.islower() for c in text)
    if has_upper and has_lower:
        return "mixed"
    return "upper" if has_upper else "lower"


def _case_ok(surface: _Surface, span: list[Token], mode: str, key: str, n_tokens: int) -> bool:
    if surface.case == _FREE:
        return True
    if mode == "mixed":
        if surface.case == _CAPITAL:
            return span[0].is_capitalised
        return all(not any(c.islower() for c in t.text) for t in span)
    if mode == "upper":
        # an acronym that is also a word ("IS", "WHO") only when it is the whole phrase
        return surface.case != _EXACT_WORD or len(span) == n_tokens
    # all lower case: acronyms of three letters or more that are not ordinary words
    return surface.case == _EXACT and len(key.replace(" ", "")) >= 3


def _best_agent(agents: list[tuple[_Match, Entry]]) -> tuple[_Match, Entry] | None:
    """The agent that sets the sector: highest rank, the last one on ties."""
    best: tuple[_Match, Entry] | None = None
    for item in agents:
        if best is None or item[1].rank >= best[1].rank:
            best = item
    return best


def _trailing_name(tokens: list[Token], start: int, head_end: int, covered: set[int]) -> str:
    """Capitalised unknown words after an agent head: the name of an unknown person
    ("Nigerian President Bola Tinubu" -> "Bola Tinubu")."""
    words = []
    for k in range(start, head_end):
        if k in covered or not tokens[k].is_capitalised:
            break
        words.append(tokens[k].text)
    return " ".join(words) if len(words) >= 2 else ""
