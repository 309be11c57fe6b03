"""Resolving noun phrases and free text against the actor knowledge base.

The names in a phrase are found by the index (``_index``); the matches in the head of
the phrase (before a preposition other than "of", a comma or a dash) are then combined:

* a named person, group or organisation wins ("Iraqi Prime Minister Mohammed Shia
  al-Sudani" is al-Sudani; an organisation with an agent head takes the agent's sector:
  "UN peacekeepers" is UNO MIL);
* a state with an office title and no name ("the Iraqi prime minister", "Iraq's
  president") is whoever held that office on the date (``titles.tsv``, leaders files);
* otherwise a state (name, demonym) plus a generic agent head gives that state and the
  agent's sectors ("American forces" -> USA MIL);
* "X-backed", "X-funded", "X-aligned", "pro-X" set the affiliation instead;
* "former", "ex-", "ousted" before a person or an office make it ELI (a person's sectors
  out of office, when the KB gives them).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from tidings.actors._context import main_country
from tidings.actors._entries import Entry, Kind, Resolution, Role
from tidings.actors._index import Match, NameIndex, case_mode
from tidings.actors._loader import KBData, load_directories
from tidings.actors._text import Token, normalise, tokenize

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
# words that put a person or an office in the past: "former president", "ex-minister"
_FORMER = frozenset({"former", "ex", "ousted", "deposed", "toppled", "exiled", "onetime",
                     "erstwhile", "retired"})
_KIND_PRIORITY = {Kind.PERSON: 0, Kind.GROUP: 1, Kind.IGO: 2, Kind.NGO: 3, Kind.MEDIA: 4,
                  Kind.METONYM: 5, Kind.STATE: 6, Kind.AGENT: 7}
_CACHE_SIZE = 50_000
# "Saudi-led coalition": the state that leads the force is its actor, not only an affiliation
_LEADING = frozenset({"led", "commanded"})
_ETHNIC = frozenset({"ethnic"})
# "NATO member Norway", "EU-member Poland": the organisation only describes the state
_MEMBER = frozenset({"member", "members"})
_GLOSS_KINDS = frozenset({str(Kind.GROUP), str(Kind.IGO), str(Kind.NGO), str(Kind.METONYM)})
_GLOSS = re.compile(r"\s*\(([^()]*)\)(?=\s*[^\W\d_])")
_NUMBER_WORDS = frozenset({"one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                           "ten", "dozen", "dozens", "hundred", "hundreds", "thousand",
                           "thousands", "million", "millions", "several", "some"})


@dataclass(slots=True)
class Trace:
    """How a phrase was resolved, recorded for ``explain``."""

    text: str = ""  # the phrase the matches were found in (parenthesised glosses blanked)
    head: str = ""
    matches: list[tuple[Match, Entry, str]] = field(default_factory=list)  # match, entry, use
    rule: str = ""
    modifiers: list[str] = field(default_factory=list)
    term: tuple[Entry, Role] | None = None  # the office term applied at the date
    title: str | None = None  # the office title resolved by date


class ActorKB:
    """The loaded knowledge base: resolve phrases, find names in text, look up countries."""

    def __init__(self, data: KBData) -> None:
        self.data = data
        self.names = NameIndex(data)
        self._cache: dict[tuple[str, dt.date | None, str | None], Resolution | None] = {}
        self._holders: dict[tuple[str, str], list[tuple[Role, Entry]]] = {}
        for entry in data.entries.values():
            for role in entry.roles:
                self._holders.setdefault((role.country, role.role), []).append((role, entry))

    @classmethod
    def from_directories(cls, dirs: list[Path]) -> ActorKB:
        return cls(load_directories(dirs))

    # -- public API ---------------------------------------------------------------
    def resolve(self, text: str, when: dt.date | None = None, context: str | None = None
                ) -> Resolution | None:
        """Resolve a noun phrase as it appears in the text; None when it names no actor.

        ``context``: the ISO3 code of the country the text is about (``main_country``);
        it decides between entries that share a name ("PTI" in an Indian story is the
        Press Trust of India, in a Pakistani one the party)."""
        key = (text, when, context)
        try:
            cached = self._cache[key]
        except KeyError:
            if len(self._cache) >= _CACHE_SIZE:
                self._cache.clear()
            cached = self._cache[key] = self._resolve(text, when, None, context)
        if cached is None:
            return None
        return replace(cached, sectors=list(cached.sectors))

    def trace(self, text: str, when: dt.date | None = None, context: str | None = None
              ) -> tuple[Resolution | None, Trace]:
        """Resolve ``text`` and record why (uncached; for ``explain``)."""
        trace = Trace()
        return self._resolve(text, when, trace, context), trace

    def lookup_country(self, text: str) -> str | None:
        """ISO3 code of a country named, described ("Iraqi") or stood for ("Baghdad")."""
        code = self.names.country_keys.get(normalise(text))
        if code is not None:
            stripped = text.strip()
            if stripped[:1].isupper() or normalise(text) not in self.data.ambiguous:
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
        for match in self.names.scan(tokens, case_mode(text)):
            entry = self._pick(match, None)
            if entry.kind is Kind.AGENT and not include_agents:
                continue
            res = self._from_entry(entry, None)
            last = tokens[match.end - 1]
            end = last.end - 2 if last.text[-2:] in ("'s", "’s") else last.end
            out.append((tokens[match.start].start, end, res))
        return out

    def office_holder(self, country: str, roles: tuple[str, ...], when: dt.date | None
                      ) -> tuple[Entry, Role] | None:
        """Who held one of ``roles`` (tried in order) in ``country`` on ``when``; with no
        date, the current holder (a term with no end)."""
        for role_name in roles:
            terms = [(r, e) for r, e in self._holders.get((country, role_name), [])
                     if (r.holds(when) if when is not None else r.end is None)]
            if terms:
                role, entry = max(terms, key=lambda t: t[0].start or dt.date.min)
                return entry, role
        return None

    def main_country(self, resolutions: Iterable[Resolution | None]) -> str | None:
        """The state a text is about, from its resolved mentions (see ``_context``): the
        country for parties that name none ("police", "a newspaper") when the event's place
        gives none either."""
        return main_country(resolutions, self.data.countries)

    def entry(self, entry_id: str) -> Entry | None:
        return self.data.entries.get(entry_id)

    def __len__(self) -> int:
        return len(self.data.entries)

    # -- resolution ---------------------------------------------------------------
    def _pick(self, match: Match, when: dt.date | None, context: str | None = None) -> Entry:
        """The entry a match means when several share the name: one of the context's
        country first ("PTI" in an Indian story), then by kind (person > group > ...),
        then a person in office on the date, a group whose name was in use on the date and
        the newest such name ("People's Defence Forces" after 2021: Myanmar's PDF)."""
        surfaces = match.surfaces
        if len(surfaces) == 1:
            return surfaces[0].entry

        def order(e: Entry) -> tuple[int, int, int, dt.date]:
            local = 0 if context is not None and (e.country == context or context in e.homes) else 1
            if e.kind is Kind.PERSON:
                held = 0 if (when is not None and e.role_at(when) is not None) else 1
                latest = e.latest_role()
                last = (latest.end or dt.date.max) if latest else dt.date.min
                return (local, _KIND_PRIORITY[e.kind], held, dt.date.max - (last - dt.date.min))
            founded = e.founded or dt.date.min
            exists = 0 if when is None or founded <= when else 1
            return (local, _KIND_PRIORITY[e.kind], exists, dt.date.max - (founded - dt.date.min))

        return min((s.entry for s in surfaces), key=order)

    def _from_entry(self, e: Entry, when: dt.date | None, former: bool = False,
                    trace: Trace | None = None) -> Resolution:
        country, sectors = e.country, list(e.sectors)
        if e.kind is Kind.PERSON and e.roles:
            role = None if former else (e.role_at(when) if when is not None else e.latest_role())
            if role is not None:
                country, sectors = role.country, list(role.sectors)
                if trace is not None:
                    trace.term = (e, role)
            else:
                latest = e.latest_role()
                country = e.country or (latest.country if latest else None)
                sectors = list(e.out_of_office)
        return Resolution(name=e.name, kb_id=e.kb_id, country=country, sectors=sectors,
                          affiliation=e.affiliation, kind=str(e.kind), id=e.id)

    def _resolve(self, text: str, when: dt.date | None, trace: Trace | None,
                 context: str | None = None) -> Resolution | None:
        bare, glosses = _without_glosses(text)
        if trace is not None:
            trace.text = bare
        found = self._resolve_phrase(bare, when, trace, context)
        if found is None or (found.kind == str(Kind.AGENT) and found.country is None):
            for gloss in glosses:  # "the Movement (JEM) fighters": the gloss names the actor
                named = self._resolve_phrase(gloss, when, None, context)
                if named is not None and named.kind in _GLOSS_KINDS:
                    if trace is not None:
                        trace.modifiers.append(f"named in a parenthesised gloss: {named.name}")
                    return named
        return found

    def _resolve_phrase(self, text: str, when: dt.date | None, trace: Trace | None,
                        context: str | None) -> Resolution | None:
        tokens = tokenize(text)
        if not tokens:
            return None
        matches = self.names.scan(tokens, case_mode(text))
        covered = {k for m in matches for k in range(m.start, m.end)}
        head_end = len(tokens)
        for k, tok in enumerate(tokens):
            if tok.segment > 0 or (tok.norm in _HEAD_BREAKS and k not in covered
                                   and not _counting(tokens, k)):
                head_end = k
                break
        named: list[Entry] = []
        states: list[Entry] = []
        agents: list[tuple[Match, Entry]] = []
        affiliation: str | None = None
        memberships: list[Entry] = []
        ethnic = False
        former = any(t.norm in _FORMER for t in tokens[:head_end])
        if trace is not None:
            trace.head = text[tokens[0].start:tokens[head_end - 1].end] if head_end else ""
            if former:
                trace.modifiers.append("former: out of office (ELI)")
        for m in matches:
            e = self._pick(m, when, context)
            if m.start >= head_end:
                if trace is not None:
                    trace.matches.append((m, e, "after the head (ignored)"))
                continue
            before = tokens[m.start - 1].norm if m.start > 0 else ""
            after = tokens[m.end].norm if m.end < len(tokens) else ""
            if e.kind is Kind.STATE and after in _LEADING:
                states.append(e)  # "Saudi-led coalition", "US-led forces": the leading state acts
                use = f"state ({after})"
            elif e.kind is not Kind.AGENT and (after in _AFFILIATION_AFTER or before == "pro"):
                affiliation = affiliation or self._from_entry(e, when).country
                use = f"affiliation ({before if before == 'pro' else after})"
            elif before == "anti":
                use = "ignored (anti-)"
            elif (e.kind in (Kind.IGO, Kind.GROUP) and after in _MEMBER
                  and _names_member(tokens, matches, m.end + 1)):
                memberships.append(e)
                use = "membership (the member state acts, when one is named)"
            elif e.kind is Kind.STATE and before in _ETHNIC:
                ethnic = True  # "ethnic Albanians in Serbia": a people, not the state's citizens
                use = "ethnicity (no country)"
            elif e.kind is Kind.AGENT:
                agents.append((m, e))
                use = "agent"
            elif e.kind is Kind.STATE:
                states.append(e)
                use = "state"
            else:
                named.append(e)
                use = "named"
            if trace is not None:
                trace.matches.append((m, e, use))
        if not states:
            named += memberships  # the member state was not kept (a demonym, "anti-")
        if not named:
            later = self._appositive_named(tokens, matches, head_end, when, context)
            if later is not None:
                named.append(later)
                if trace is not None:
                    trace.modifiers.append(f"named in apposition: {later.name}")
            elif not states:
                fuzzy = self._fuzzy_in_head(tokens, matches, head_end)
                if fuzzy is not None:
                    e = self._pick(fuzzy, None)
                    (states if e.kind is Kind.STATE else named).append(e)
                    if trace is not None:
                        trace.matches.append((fuzzy, e, "fuzzy"))
        agent = _best_agent(agents)
        if named:
            e = min(named, key=lambda x: _KIND_PRIORITY[x.kind])
            res = self._from_entry(e, when, former, trace)
            if trace is not None:
                trace.rule = f"a named {e.kind} wins"
            if (e.kind in (Kind.IGO, Kind.NGO) and agent is not None and agent[1].sectors
                    and (agent[1].rank > 1 or not res.sectors)):
                res.sectors = list(agent[1].sectors)
                if trace is not None:
                    trace.rule += f"; sectors from the agent '{agent[1].name}'"
            if res.affiliation is None and affiliation != res.country:
                res.affiliation = affiliation
            return res
        state = states[0] if states else None
        if agent is not None:
            m, a = agent
            country = state.country if state is not None else a.country
            if not a.sectors and country is None and affiliation is None:
                return None
            trailing = _trailing_name(tokens, m.end, head_end, covered)
            title = self.data.titles.get(m.key)
            if state is not None and title is not None and not trailing and not former:
                roles, only = title
                if not only or state.country in only:
                    found = self.office_holder(state.country or "", roles, when)
                    if found is not None:
                        if trace is not None:
                            trace.title = m.key
                            trace.rule = (f"title '{m.key}' of {state.name} -> the holder "
                                          f"{'on ' + when.isoformat() if when else 'now'}")
                        return self._from_entry(found[0], when or found[1].start, False, trace)
            sectors = list(a.sectors)
            if former and "GOV" in sectors:
                sectors = ["ELI"]
            parts = [p for p in (state.id if state else None, a.id,
                                 f"aff:{affiliation}" if affiliation else None) if p]
            said = " ".join(t.text for t in tokens[m.start:m.end])
            name = trailing or (f"{state.name} {said}" if state is not None else a.name)
            if trace is not None:
                trace.rule = ("state + agent: country of the state, sectors of the agent"
                              if state is not None else "agent: its sectors")
                if trailing:
                    trace.rule += f"; unknown name '{trailing}' kept"
            return Resolution(name=name, kb_id=None, country=country, sectors=sectors,
                              affiliation=affiliation, kind=str(Kind.AGENT), id="+".join(parts))
        if state is not None:
            res = self._from_entry(state, when)
            res.affiliation = affiliation if affiliation != state.country else None
            people = [m.key for m, e, use in self._state_matches(matches, states, head_end, when, context)
                      if _is_plural_demonym(m.key, e)]
            home = None
            if people:
                res.sectors = ["CVL"]  # "Palestinians", "Young Algerians": the people
                home = _home_state(tokens, matches, states, head_end)
                if home is not None:  # "the Albanians of southern Serbia": Serbia's people
                    res = replace(self._from_entry(home, when), sectors=["CVL"],
                                  affiliation=res.affiliation)
            if trace is not None:
                trace.rule = ("a plural demonym: the people (CVL)" if people else "a state alone")
                if home is not None:
                    trace.rule += f" of {home.name}: that state's people"
            return res
        if ethnic:
            if trace is not None:
                trace.rule = "an ethnic group: civilians, country from the context"
            return Resolution(name=text.strip(), kb_id=None, country=None, sectors=["CVL"],
                              affiliation=affiliation, kind=str(Kind.AGENT), id="agent:civilians")
        if affiliation is not None:
            if trace is not None:
                trace.rule = "only an affiliation"
            return Resolution(name=text.strip(), kb_id=None, country=None, sectors=[],
                              affiliation=affiliation, kind=str(Kind.AGENT),
                              id=f"aff:{affiliation}")
        return None

    def _state_matches(self, matches: list[Match], states: list[Entry], head_end: int,
                       when: dt.date | None, context: str | None = None
                       ) -> list[tuple[Match, Entry, str]]:
        out = []
        for m in matches:
            if m.start < head_end:
                e = self._pick(m, when, context)
                if any(e is s for s in states):
                    out.append((m, e, "state"))
        return out

    def _appositive_named(self, tokens: list[Token], matches: list[Match], head_end: int,
                          when: dt.date | None, context: str | None) -> Entry | None:
        """A person, group or organisation named near the start of a later segment:
        "a group of militants, calling themselves the Islamic Resistance of Iraq"."""
        for m in matches:
            if m.start < head_end:
                continue
            seg = tokens[m.start].segment
            if seg == 0:
                continue
            first = next(k for k, t in enumerate(tokens) if t.segment == seg)
            e = self._pick(m, when, context)
            if m.start - first <= 3 and e.kind in (Kind.PERSON, Kind.GROUP, Kind.IGO, Kind.NGO):
                return e
        return None

    def _fuzzy_in_head(self, tokens: list[Token], matches: list[Match],
                       head_end: int) -> Match | None:
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
                found = self.names.fuzzy_match(tokens, start, end)
                if found is not None:
                    return found
            k = j
        return None


def _names_member(tokens: list[Token], matches: list[Match], k: int) -> bool:
    """Whether a capitalised name starts at token ``k``: the member in "NATO member
    Norway" (not "EU member states")."""
    return k < len(tokens) and tokens[k].is_capitalised and any(m.start == k for m in matches)


def _without_glosses(text: str) -> tuple[str, list[str]]:
    """The phrase with parenthesised glosses inside it blanked out, and the glosses:
    "Leaders of the Azadliq (Freedom) opposition coalition", "the Association (AKK)
    officials". A parenthesis that ends the phrase is an apposition and stays."""
    if "(" not in text:
        return text, []
    glosses = [m.group(1) for m in _GLOSS.finditer(text)]
    return _GLOSS.sub(lambda m: " " * len(m.group(0)), text), glosses


def _counting(tokens: list[Token], k: int) -> bool:
    """A head-break word inside a leading count: "up to 100", "more than 2,000", "as
    many as 500" (not a preposition ending the head)."""
    if k > 3:
        return False
    nxt = tokens[k + 1].norm if k + 1 < len(tokens) else ""
    return bool(nxt) and (nxt[0].isdigit() or nxt in _NUMBER_WORDS or nxt == "many")


def _best_agent(agents: list[tuple[Match, Entry]]) -> tuple[Match, Entry] | None:
    """The agent that sets the sector: highest rank, the last one on ties."""
    best: tuple[Match, Entry] | None = None
    for item in agents:
        if best is None or item[1].rank >= best[1].rank:
            best = item
    return best


def _home_state(tokens: list[Token], matches: list[Match], states: list[Entry],
                head_end: int) -> Entry | None:
    """The state a people lives in, named by its name after "of" in the head ("the
    Albanians of southern Serbia", "the Serbs of Bosnia"); None when no state is named so
    (a demonym after "of" is an origin: "Americans of Japanese descent")."""
    for m in matches:
        if m.start >= head_end or m.start == 0:
            continue
        before = {t.norm for t in tokens[max(0, m.start - 3):m.start]}
        state = next((e for e in states if any(s.entry is e for s in m.surfaces)), None)
        if state is None or "of" not in before or states[0] is state:
            continue
        if m.key not in {normalise(d) for d in state.demonyms}:
            return state
    return None


def _is_plural_demonym(key: str, state: Entry) -> bool:
    """"Afghans", "Palestinians" (but not "Swiss", nor a name like "Bahamas")."""
    if not key.endswith("s") or key in {normalise(a) for a in state.aliases}:
        return False
    demonyms = {normalise(d) for d in state.demonyms}
    return key in demonyms and (key[:-1] in demonyms or key[:-2] in demonyms)


def _trailing_name(tokens: list[Token], start: int, head_end: int, covered: set[int]) -> str:
    """Capitalised unknown words after an agent head: the name of an unknown person
    ("Nigerian President Bola Tinubu" -> "Bola Tinubu")."""
    words = []
    for k in range(start, head_end):
        if k in covered or not tokens[k].is_capitalised:
            break
        words.append(tokens[k].text)
    return " ".join(words) if len(words) >= 2 else ""
