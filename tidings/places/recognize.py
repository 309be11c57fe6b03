"""Find toponym mentions in a parsed document.

Sources, in order of trust:

1. spaCy GPE and LOC entities (and FAC entities that name a region in the gazetteer),
   with a leading "the" and a trailing possessive stripped, split at commas
   ("Springfield, Ill." is two mentions, the second qualifying the first);
2. single-name PERSON/ORG entities and untagged capitalised token runs that the gazetteer
   knows, when the context says "place" (a locative preposition before, "man",
   "resident", "police"... after, or the same name tagged GPE elsewhere) or the name is
   unambiguous and prominent (a country, a US state, a region, a city of 100,000+);
   names in ``stoplist.txt`` are never taken this way;
3. US state abbreviations after "Town, " ("Alexandria, La.");
4. demonyms: national adjectives and peoples the parser tags NORP ("Georgian troops",
   "Americans" -> the country), and demonyms that modify a place-like noun ("Iraqi
   territory" -> Iraq).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tidings.places import _knowledge as kb
from tidings.places.gazetteer import Candidate, Gazetteer

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

PLACE_LABELS = frozenset({"GPE", "LOC"})
_LOCATIVE = kb.cue_words("locative")
_PLACE_FOLLOWERS = kb.cue_words("place_followers")
_PERSON_TITLES = kb.cue_words("person_titles")
_STRONG_LOCATIVE = kb.cue_words("strong_locative")
_CIVIC = kb.cue_words("civic")
_OF_PLACE = kb.cue_words("of_place")
_HYPHEN_PLACE = kb.cue_words("hyphen_place")
_PARTIES = kb.cue_words("parties")
_STRIKE_VERBS = kb.cue_words("strike_verbs")
_LIST_SEPARATORS = frozenset({",", "and", "or", "&"})
_DATELINE_END = frozenset({",", "--", "-", "—", "–", "(", "\x97", ":"})
_ORG_LABELS = frozenset({"ORG", "FAC", "EVENT", "WORK_OF_ART", "PRODUCT"})
_POSTAL = re.compile(r"^[A-Z]{2}$")
_ADMIN2_SUFFIX = re.compile(r" (County|Parish)$")
_MIN_POP_UNTAGGED = 100_000
_MIN_POP_NARROW = 50_000
_MIN_POP_MISTAGGED = 5_000  # single-name PERSON/ORG entity that is a town of this size
_MAX_RUN = 4


@dataclass(slots=True)
class Mention:
    """A stretch of text that names a place, before resolution."""

    text: str
    start: int  # char offsets into doc.text
    end: int
    source: str  # "ner" | "context" | "gazetteer" | "abbreviation" | "demonym"
    country_hint: str | None = None  # ISO2 a demonym names
    state_hint: str | None = None  # US state code an abbreviation names
    parent: int | None = None  # index of a qualifying mention ("Paris, Texas": Texas)
    query: str | None = None  # name to look up when it differs from text ("Cherokee County")

    @property
    def name(self) -> str:
        return self.query or self.text


def _trim(span: Span) -> Span | None:
    """Drop a leading determiner and a trailing possessive or punctuation."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in {"the", "a", "an"} or doc[start].is_punct):
        start += 1
    while end > start and (
        doc[end - 1].lower_ in {"'s", "’s", "'"} or (doc[end - 1].is_punct and doc[end - 1].text != ".")
    ):
        end -= 1
    return doc[start:end] if end > start else None


def _split_commas(span: Span) -> list[Span]:
    parts, start = [], span.start
    for tok in span:
        if tok.text == ",":
            if tok.i > start:
                parts.append(span.doc[start : tok.i])
            start = tok.i + 1
    if span.end > start:
        parts.append(span.doc[start : span.end])
    return parts


def _is_title(tok: Token) -> bool:
    text = tok.text
    return bool(text[:1].isupper()) and not tok.is_punct and (not text.isupper() or len(text) <= 4 or "." in text)


class _Finder:
    def __init__(self, doc: Doc, gaz: Gazetteer) -> None:
        self.doc = doc
        self.gaz = gaz
        self.mentions: list[Mention] = []
        self.has_sents = doc.has_annotation("SENT_START")
        self.taken = [False] * len(doc)
        # words of multi-word person names: "Smith" after "John Smith" is a person
        # (not "Litchfield Fire" in "Litchfield Fire Chief Jim Koser": a town's institution)
        self.surnames = {
            tok.lower_
            for e in doc.ents
            if e.label_ == "PERSON" and len(e) > 1 and e[1].lower_ not in _CIVIC
            for tok in e
        }
        self.tagged = {e.text.casefold().removeprefix("the ") for e in doc.ents if e.label_ in PLACE_LABELS}

    def add(self, span: Span, source: str, **kw: object) -> int:
        for i in range(span.start, span.end):
            self.taken[i] = True
        if "query" not in kw and (stem := self._city_stem(span.text)) is not None:
            kw["query"] = stem
        self.mentions.append(
            Mention(span.text, span.start_char, span.end_char, source, **kw)  # type: ignore[arg-type]
        )
        return len(self.mentions) - 1

    def _city_stem(self, text: str) -> str | None:
        """The town in "Dublin City" ("Dublin City Council"), a name the index has only as an alias.

        Read as the town's own name, so it shares the reading of the document's "Dublin";
        a town whose own name ends in "City" ("Kansas City", "Iowa City") is left alone.
        """
        stem, _, last = text.rpartition(" ")
        if last.casefold() != "city" or not stem:
            return None
        if any(not c.alias for c in self.gaz.lookup(text)):
            return None
        return stem if self.gaz.has_name(stem) else None

    def free(self, start: int, end: int) -> bool:
        return not any(self.taken[start:end])

    # -- 1. entities
    def entities(self) -> None:
        for ent in self.doc.ents:
            if ent.label_ in PLACE_LABELS or (ent.label_ == "FAC" and self._names_region(ent)):
                self._entity(ent)

    def _names_region(self, span: Span) -> bool:
        """A FAC entity that is really a place: a region, or a large city ("Kharkiv")."""
        return any(
            c.feature in {"region", "country", "admin1", "continent"}
            or c.landmark
            or (c.feature == "city" and c.population >= _MIN_POP_UNTAGGED and (len(span) == 1 or not c.alias))
            for c in self.gaz.lookup(span.text.removeprefix("the "))[:1]
        )

    def _narrow(self, part: Span) -> Span:
        """An unknown multi-word name that contains a known one: "Northeast Georgia"."""
        if len(part) < 2 or self._known(part.text):
            return part
        for n in range(len(part) - 1, 0, -1):
            for i in range(len(part) - n, -1, -1):  # rightmost first: "North Texas" -> Texas
                sub = part[i : i + n]
                if not _is_title(sub[0]) or sub.text.casefold() in kb.stoplist():
                    continue
                best = self.gaz.lookup(sub.text)[:1]
                if best and (best[0].feature != "city" or best[0].population >= _MIN_POP_NARROW):
                    return sub
        return part

    def _demonym_tail(self, part: Span) -> Span | None:
        """A place entity cut short of its demonym: "Sri" in "Sri Lankan" -> "Sri Lankan"."""
        doc = self.doc
        if part.end >= len(doc) or not self.free(part.end, part.end + 1):
            return None
        longer = doc[part.start : part.end + 1]
        return longer if longer.text in kb.demonyms() else None

    def _known(self, text: str) -> bool:
        return self.gaz.has_name(text) or ("." in text and text in kb.state_abbreviations())

    def _entity(self, ent: Span) -> None:
        trimmed = _trim(ent)
        if trimmed is None:
            return
        parts = [p for p in map(_trim, _split_commas(trimmed)) if p is not None]
        prev: int | None = None
        for part in parts:
            if not part.text[:1].isupper() and len(part) > 1:
                part = self._narrow(part)  # "north-west Nigeria" -> "Nigeria"
            if not part.text[:1].isupper() or (len(part) == 1 and part[0].is_stop and not part.text.isupper()):
                continue  # "meth", "She": tagger noise
            if part.start > 0 and self.doc[part.start - 1].lower_ in _PERSON_TITLES:
                continue  # "coach Ripley"
            if (demonym := self._demonym_tail(part)) is not None:
                self.add(demonym, "demonym", country_hint=kb.demonyms()[demonym.text])
                prev = None
                continue
            part = self._narrow(part)
            state = kb.state_abbreviations().get(part.text)
            if state and (prev is not None or "." in part.text):
                idx = self.add(part, "abbreviation", state_hint=state)
            else:
                idx = self.add(part, "ner")
            if prev is not None:
                self.mentions[prev].parent = idx
            prev = idx

    # -- 2. context and gazetteer matches
    def gazetteer_runs(self) -> None:
        doc = self.doc
        labels: dict[int, Span] = {}
        for entity in doc.ents:
            for k in range(entity.start, entity.end):
                labels[k] = entity
        i = 0
        while i < len(doc):
            if self.taken[i] or not _is_title(doc[i]):
                i += 1
                continue
            for n in range(min(_MAX_RUN, len(doc) - i), 0, -1):
                span = doc[i : i + n]
                if not all(_is_title(t) or t.lower_ in {"of", "de", "la", "el"} for t in span):
                    continue
                if not self.free(i, i + n) or not self._known(span.text):
                    continue
                ent = labels.get(i)
                core = _trim(ent) if ent is not None else None  # "Sri Lanka's" -> "Sri Lanka"
                if core is not None and ent is not None and ent.label_ == "ORG" and core.end < ent.end:
                    core = core if self._prominent(core.text) else ent  # not "McDonald's"
                if ent is not None and (core is None or core.start != i or core.end != i + n):
                    if self._inside_org(span, ent) or (self._marked(span) and self._town(self.gaz.lookup(span.text))):
                        self.add(span, "context")
                        i += n - 1
                        break
                    continue  # part of a longer name ("Henry Ford Hospital")
                if self._accept(span, ent):
                    self.add(span, "context" if ent is not None else "gazetteer")
                    i += n - 1
                    break
            i += 1

    def _inside_org(self, span: Span, ent: Span) -> bool:
        """A place name that opens an organisation's name or follows its "of".

        Also a town that opens the name of one of its institutions even when the parser
        took the whole for a person ("Litchfield Fire Chief Jim Koser").
        """
        if span.text.casefold() in kb.stoplist():
            return False
        first = ent.start + (1 if ent[0].lower_ == "the" else 0)
        if span.start != first and self.doc[span.start - 1].lower_ != "of":
            return False
        best = self.gaz.lookup(span.text)[:1]
        civic = (
            span.end < ent.end
            and self.doc[span.end].lower_ in _CIVIC
            and bool(best)
            and best[0].feature in {"city", "admin2"}
            and not best[0].landmark
            and span.text.casefold() not in self.surnames
        )
        if civic and ent.label_ in _ORG_LABELS | {"PERSON"}:
            return True
        if ent.label_ not in _ORG_LABELS:
            return False
        if "." in span.text and span.text in kb.state_abbreviations():
            return True  # "the S.C. Highway Patrol"
        if not best or best[0].landmark:
            return False  # "White House military mission": the institution, not a place
        if best[0].feature in {"country", "admin1", "admin2"}:
            return True
        return span.text.casefold() in self.tagged or (
            best[0].feature == "city" and best[0].population >= _MIN_POP_UNTAGGED
        )

    def _accept(self, span: Span, ent: Span | None) -> bool:
        text = span.text
        folded = text.casefold()
        if folded in kb.stoplist() or len(text) < 3:
            return False
        if ent is not None and ent.label_ not in {"PERSON", "ORG", "FAC", "NORP", "PRODUCT", "WORK_OF_ART"}:
            return False
        if ent is not None and ent.label_ == "NORP":
            return False
        cands = self.gaz.lookup(text)
        sent_start = span.sent.start if self.has_sents else 0
        sentence_start = all(t.is_punct for t in self.doc[sent_start : span.start])
        doc = self.doc
        prev = doc[span.start - 1] if span.start > 0 else None
        nxt = doc[span.end] if span.end < len(doc) else None
        follower = nxt is not None and (nxt.lower_ in _PLACE_FOLLOWERS or nxt.lower_ in _CIVIC)
        if nxt is not None and _is_title(nxt) and not follower and not _ADMIN2_SUFFIX.search(text):
            return False  # first part of a longer unknown name ("Henry County Arts Council" is kept)
        if folded in self.tagged:
            return True
        if cands and cands[0].landmark:  # "the Kremlin said" is the government, "at the Kremlin" a place
            k = span.start - 1
            while k >= 0 and doc[k].lower_ in {"the", "a", "an"}:
                k -= 1
            qualified = nxt is not None and nxt.text == "," and self._followed_by_state(span.end + 1)
            return qualified or (k >= 0 and doc[k].lower_ in _STRONG_LOCATIVE)  # "White House, Tenn."
        if _ADMIN2_SUFFIX.search(text) and any(c.feature == "admin2" for c in cands):
            return True  # "Henry County" names itself a place
        if folded in kb.person_names():
            return follower or (prev is not None and prev.lower_ in _STRONG_LOCATIVE)
        cue = (
            (prev is not None and prev.lower_ in _LOCATIVE)
            or follower
            or (nxt is not None and nxt.text == "," and self._followed_by_state(span.end + 1))
        )
        prominent = self._prominent(text)
        marked = self._marked(span)
        if ent is not None:  # spaCy said PERSON/ORG: needs a strong cue
            if folded in self.surnames or (len(span) > 1 and ent.label_ == "PERSON" and not prominent):
                return False
            if text.isupper():
                return False  # an acronym: "KBR"
            strong = follower or marked or (prev is not None and prev.lower_ in _STRONG_LOCATIVE)
            if ent.label_ == "PERSON" and prominent and folded not in kb.person_names():
                return True  # "Tbilisi says ...", "Sri Lanka's former president"
            modifier = (  # "the Gainesville sewer system", "a Gainesville restaurant"
                prev is not None
                and prev.lower_ in {"the", "a", "an"}
                and nxt is not None
                and nxt.pos_ == "NOUN"
                and nxt.text.islower()
            )
            if ent.label_ == "PERSON" and not sentence_start and folded not in kb.person_names():
                return strong or self._town(cands)  # the small model often calls towns people
            if ent.label_ == "ORG" and prominent and len(span) == 1 and _struck(span[0]):
                return True  # "artillery hit Kharkiv": a city the parser called an organisation
            return strong or (modifier and self._town(cands))
        if span[0].is_stop and not text.isupper():
            return False  # "She", "Can", "For"
        if prev is not None and prev.lower_ in _PERSON_TITLES:
            return False
        return cue or prominent or marked

    def _prominent(self, text: str) -> bool:
        """A name whose best reading is a country, state, region or city of 100,000+."""
        return any(
            c.feature in {"country", "admin1", "region", "continent"}
            or (c.feature == "city" and c.population >= _MIN_POP_UNTAGGED and not c.alias and not c.landmark)
            for c in self.gaz.lookup(text)[:1]
        )

    def _marked(self, span: Span) -> bool:
        """Context that makes a name a place whatever the parser said.

        "the city of Saida", "Rebecca Sears, 41, of Grovetown", "Columbia-based",
        "Rep. Wendell Gilliard, D-Charleston".
        """
        doc = self.doc
        i, j = span.start, span.end
        if i >= 2 and doc[i - 1].lower_ == "of":
            before = doc[i - 2]
            if before.lower_ in _OF_PLACE or (before.text == "," and i >= 3 and doc[i - 3].like_num):
                return True
            if before.ent_type_ == "PERSON":
                return True  # "Nadia Moayyad of Southlake"
        if j + 1 < len(doc) and doc[j].text == "-" and doc[j + 1].lower_ in _HYPHEN_PLACE:
            return True
        return (
            i >= 3
            and doc[i - 1].text == "-"
            and doc[i - 2].text in _PARTIES
            and doc[i - 3].text in {",", "("}
            and j < len(doc)
            and doc[j].text in {",", ")", ".", ";"}
        )

    @staticmethod
    def _town(cands: list[Candidate]) -> bool:
        return bool(cands) and (cands[0].feature != "city" or cands[0].population >= _MIN_POP_MISTAGGED)

    def _followed_by_state(self, i: int) -> bool:
        if i >= len(self.doc):
            return False
        tok = self.doc[i]
        return tok.text in kb.state_abbreviations() or any(c.feature == "admin1" for c in self.gaz.lookup(tok.text)[:2])

    # -- 2b. datelines in capitals: "COLUMBUS -- ...", "TBILISI, Georgia --", and after a
    # byline or date the sentence splitter ran on: "March 30, 2009 NEWARK -- After ..."
    def datelines(self) -> None:
        doc = self.doc
        if not self.has_sents:
            return
        starts = [sent.start for sent in doc.sents]
        starts += [
            t.i
            for t in doc
            if t.i > 0
            and t.text.isupper()
            and not doc[t.i - 1].text.isupper()
            and (doc[t.i - 1].like_num or doc[t.i - 1].text in {"%", ".", "|"})
            and not (doc[t.i - 1].text == "." and t.i > 1 and doc[t.i - 2].text.isupper())
        ]
        for i in starts:
            sent_end = doc[i].sent.end
            j = i
            while (
                j < sent_end
                and j - i < _MAX_RUN
                and (
                    (doc[j].text.isupper() and (doc[j].is_alpha or doc[j].text.endswith(".")))
                    or (doc[j].text == "." and j > i and doc[j - 1].text.isupper() and len(doc[j - 1]) <= 3)
                )
            ):
                j += 1  # "ST. PARIS --": the tokenizer splits "ST" from its period
            if j == i or j >= len(doc) or doc[j].text not in _DATELINE_END:
                continue
            if not doc[i].is_sent_start and not set(doc[j].text) <= set("-—–―\x97"):
                continue  # inside a sentence only before a dash: "2009 NEWARK --"
            span = doc[i:j]
            if len(span.text) < 3 or not self.free(i, j) or span.text.casefold() in kb.stoplist():
                continue
            if self.gaz.has_name(span.text):
                self.add(span, "dateline")

    # -- 2d. names listed with places: "Paris and Roxton", "Cleveland, Columbus, Dayton"
    def coordinated(self) -> None:
        """Known names coordinated with a found place are places too (two passes, so a
        list fills in from any place in it)."""
        doc = self.doc
        placed = {"ner", "context", "gazetteer", "dateline", "county list", "coordinated"}
        for _ in range(2):
            ends = {m.end for m in self.mentions if m.source in placed}
            starts = {m.start for m in self.mentions if m.source in placed}
            added = False
            i = 0
            while i < len(doc):
                if self.taken[i] or not _is_title(doc[i]) or doc[i].is_stop:
                    i += 1
                    continue
                n = 1
                while n < _MAX_RUN and i + n < len(doc) and _is_title(doc[i + n]) and not self.taken[i + n]:
                    n += 1
                span = doc[i : i + n]
                if self._listed(span, ends, starts) and self._coordinable(span):
                    self.add(span, "coordinated")
                    added = True
                i += n
            if not added:
                break

    def _listed(self, span: Span, ends: set[int], starts: set[int]) -> bool:
        doc = self.doc
        k = span.start - 1
        while k >= 0 and doc[k].lower_ in _LIST_SEPARATORS and span.start - k <= 2:
            if k > 0 and doc[k - 1].idx + len(doc[k - 1].text) in ends and doc[k - 1].lower_ not in _LIST_SEPARATORS:
                return True
            k -= 1
        k = span.end
        while k < len(doc) and doc[k].lower_ in _LIST_SEPARATORS and k - span.end < 2:
            if k + 1 < len(doc) and doc[k + 1].idx in starts and doc[k + 1].lower_ not in _LIST_SEPARATORS:
                return True
            k += 1
        return False

    def _coordinable(self, span: Span) -> bool:
        folded = span.text.casefold()
        if folded in kb.stoplist() or folded in self.surnames or len(span.text) < 3:
            return False
        if any(t.ent_type_ in {"NORP", "DATE", "TIME", "MONEY", "PERCENT", "CARDINAL"} for t in span):
            return False
        if span[0].ent_iob_ == "I" or (span.end < len(self.doc) and self.doc[span.end].ent_iob_ == "I"):
            return False  # part of a longer name
        if span.text.isupper() or (span.end < len(self.doc) and self.doc[span.end].lower_ in {"'s", "’s"}):
            return False  # "REAL", "Sissy's handler"
        best = self.gaz.lookup(span.text)[:1]
        return bool(best) and not best[0].landmark and not best[0].alias and best[0].feature != "continent"

    # -- 2c. "Anderson and Cherokee counties"
    def county_lists(self) -> None:
        doc = self.doc
        for tok in doc:
            if tok.lower_ not in {"counties", "parishes"}:
                continue
            suffix = "County" if tok.lower_ == "counties" else "Parish"
            k = tok.i - 1
            while k >= 0 and (doc[k].text in {",", "and", "or", "&"} or _is_title(doc[k])):
                if _is_title(doc[k]) and self.free(k, k + 1):
                    query = f"{doc[k].text} {suffix}"
                    if self.gaz.has_name(query):
                        self.add(doc[k : k + 1], "county list", query=query)
                k -= 1

    # -- 3. "Town, ST" abbreviations that spaCy did not tag
    def abbreviations(self) -> None:
        doc = self.doc
        by_end = {m.end: k for k, m in enumerate(self.mentions)}
        for tok in doc:
            if self.taken[tok.i] or tok.i < 2 or doc[tok.i - 1].text != ",":
                continue
            state = kb.state_abbreviations().get(tok.text)
            if state is None and _POSTAL.match(tok.text):
                nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
                if self.gaz.has_admin1("US", tok.text) and (nxt is None or not nxt.is_alpha):
                    state = tok.text
            if state is None:
                continue
            head = by_end.get(doc[tok.i - 2].idx + len(doc[tok.i - 2].text))
            if head is None:
                continue
            idx = self.add(doc[tok.i : tok.i + 1], "abbreviation", state_hint=state)
            self.mentions[head].parent = idx

    # -- 4. demonyms before place nouns
    def demonyms(self) -> None:
        table = kb.demonyms()
        nouns = kb.place_nouns()
        # a national adjective or people the parser tags NORP ("Georgian troops", "Sri Lankan
        # officials", "Americans") refers to its country: a country mention, feature "country"
        for ent in self.doc.ents:
            if ent.label_ != "NORP" or not self.free(ent.start, ent.end):
                continue
            word = ent.text.removeprefix("the ")
            key = word if word in table else word[:-1] if word.endswith("s") and word[:-1] in table else None
            if key is not None:
                span = self.doc[ent.end - len(word.split()) : ent.end]
                self.add(span, "demonym", country_hint=table[key])
        for tok in self.doc:
            if self.taken[tok.i] or tok.text not in table:
                continue
            head = tok.head if tok.dep_ in {"amod", "compound", "nmod"} else None
            nxt = self.doc[tok.i + 1] if tok.i + 1 < len(self.doc) else None
            if (head is not None and head.lower_ in nouns) or (nxt is not None and nxt.lower_ in nouns):
                self.add(self.doc[tok.i : tok.i + 1], "demonym", country_hint=table[tok.text])


def find_mentions(doc: Doc, gaz: Gazetteer) -> list[Mention]:
    """All toponym mentions in ``doc``, in order of appearance."""
    finder = _Finder(doc, gaz)
    finder.entities()
    finder.datelines()
    finder.county_lists()
    finder.abbreviations()
    finder.gazetteer_runs()
    finder.coordinated()
    finder.demonyms()
    mentions = finder.mentions
    # "Paris, Texas" tagged as two entities: the second may qualify the first
    order = sorted(range(len(mentions)), key=lambda k: mentions[k].start)
    for a, b in zip(order, order[1:], strict=False):
        if mentions[a].parent is None and doc.text[mentions[a].end : mentions[b].start] == ", ":
            mentions[a].parent = b
    return mentions


def _struck(token: Token) -> bool:
    """The object of a verb of attack: "(artillery) hit Kharkiv"."""
    return token.dep_ == "dobj" and token.head.lemma_.lower() in _STRIKE_VERBS
