"""Why a mention resolves as it does: ``explain("White House", date)``.

The record lists the resolution, the names found in the phrase (which entry, which
normalised key, how it matched: exact name, alias, acronym, demonym, capital or fuzzy),
what each was used for, the rule that combined them, the modifiers applied ("former",
"Iran-backed"), and the office term that held on the date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from tidings.actors._entries import Entry, Kind, Resolution
from tidings.actors._index import Match
from tidings.actors._resolver import ActorKB
from tidings.actors._text import normalise


@dataclass(frozen=True, slots=True)
class NameMatch:
    """One knowledge-base name found in the phrase."""

    text: str  # the words as written
    key: str  # the normalised key that matched
    entry_id: str
    entry_name: str
    kind: str
    how: str  # "exact" | "alias" | "acronym" | "demonym" | "capital" | "fuzzy"
    use: str  # what the resolver did with it: "named", "state", "agent", "affiliation (...)"...
    score: float | None = None  # fuzzy similarity (0-100)
    source: str = ""  # file:line of the entry


@dataclass(frozen=True, slots=True)
class OfficeTerm:
    """The term in office that decided a person's country and sectors."""

    role: str
    country: str
    start: dt.date | None
    end: dt.date | None


@dataclass(slots=True)
class Explanation:
    """A mention's resolution and the reasons for it."""

    text: str
    when: dt.date | None
    resolution: Resolution | None
    head: str = ""
    matches: list[NameMatch] = field(default_factory=list)
    rule: str = ""
    modifiers: list[str] = field(default_factory=list)
    term: OfficeTerm | None = None
    title: str | None = None  # office title resolved to its holder on the date

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (dates as ISO strings)."""
        out = asdict(self)
        out["when"] = self.when.isoformat() if self.when else None
        if self.term is not None:
            out["term"]["start"] = self.term.start.isoformat() if self.term.start else None
            out["term"]["end"] = self.term.end.isoformat() if self.term.end else None
        return out

    def lines(self) -> list[str]:
        """Human-readable reasons, one per line."""
        date = self.when.isoformat() if self.when else "no date (latest role)"
        out = [f"{self.text!r} on {date}"]
        res = self.resolution
        if res is None:
            out.append("-> no actor: no known name or agent in the phrase")
        else:
            out.append(f"-> {res.name} [{res.id}] kind={res.kind} country={res.country or '-'} "
                       f"sectors={'|'.join(res.sectors) or '-'} "
                       f"affiliation={res.affiliation or '-'} kb_id={res.kb_id or '-'}")
        if self.head and self.head != self.text.strip():
            out.append(f"head of the phrase: {self.head!r}")
        for m in self.matches:
            score = f" score {m.score:.0f}" if m.score is not None else ""
            out.append(f"found {m.text!r} = {m.how} match{score} of key {m.key!r} -> "
                       f"{m.entry_name} [{m.entry_id}] ({m.kind}), used as {m.use}"
                       + (f"  <{m.source}>" if m.source else ""))
        if self.title:
            out.append(f"office title {self.title!r} resolved to its holder by date")
        if self.term is not None:
            t = self.term
            span = f"{t.start or '?'} to {t.end or 'now'}"
            out.append(f"in office: {t.role} of {t.country}, {span}")
        elif res is not None and res.kind == str(Kind.PERSON) and self.when is not None:
            out.append(f"not in office on {self.when}: sectors out of office")
        out.extend(f"modifier: {m}" for m in self.modifiers)
        if self.rule:
            out.append(f"rule: {self.rule}")
        return out


def explain(text: str, when: dt.date | None = None, kb: ActorKB | None = None) -> Explanation:
    """Resolve ``text`` on ``when`` and say why (for ``tidings actors lookup``)."""
    if kb is None:
        from tidings.actors import load_kb

        kb = load_kb()
    resolution, trace = kb.trace(text, when)
    matches = [_name_match(trace.text or text, m, e, use) for m, e, use in trace.matches]
    term = None
    if trace.term is not None and resolution is not None and trace.term[0].id == resolution.id:
        r = trace.term[1]
        term = OfficeTerm(r.role, r.country, r.start, r.end)
    return Explanation(text=text, when=when, resolution=resolution, head=trace.head,
                       matches=matches, rule=trace.rule, modifiers=list(trace.modifiers),
                       term=term, title=trace.title)


def _name_match(text: str, m: Match, e: Entry, use: str) -> NameMatch:
    from tidings.actors._text import tokenize

    tokens = tokenize(text)
    said = text[tokens[m.start].start:tokens[m.end - 1].end] if m.end <= len(tokens) else ""
    return NameMatch(text=said, key=m.key, entry_id=e.id, entry_name=e.name, kind=str(e.kind),
                     how=_how(m, e), use=use, score=m.score, source=e.source)


def _how(m: Match, e: Entry) -> str:
    if m.score is not None:
        return "fuzzy"
    key = m.key
    if key == normalise(e.name):
        return "capital" if e.id.startswith("metonym:capital:") else "exact"
    if any(normalise(a) == key for a in e.acronyms):
        return "acronym"
    if any(normalise(d) == key for d in e.demonyms):
        return "demonym"
    if any(normalise(c) == key for c in e.capitals):
        return "capital"
    return "alias"
