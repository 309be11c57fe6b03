"""MUC-4: incident documents, incident dates, perpetrators, targets, deaths.

Gold: the original MUC-3/4 texts and answer keys under ``muc4/raw/CORPORA`` (DEV
1,300, TST1 100, TST2 100 documents). The ``grit_processed`` JSON has no dates or
deaths and lower-cased text, so the raw files are read instead.

Input: the texts are all upper case (wire copy of 1989-90), which no English tagger
handles. Each text is truecased before extraction (``_gold.Truecaser``): words seen in
lower case in mixed-case news text elsewhere in ``data_dir`` (ConfliBERT sentences,
WikiEvents articles) are lower-cased, other words keep a capital, sentence starts are
capitalised. The dateline date (``SAN SALVADOR, 3 JAN 90 (ACAN-EFE) --``) is passed as
``published``; the dateline itself and bracketed tags (``[TEXT]``) are dropped.

MUC-4 incident types -> PLOVER v0.8 (what counts as an "incident" event of ours):

========================  ==========================================
ATTACK                    ASSAULT (any mode)
BOMBING                   ASSAULT (explosives, suicide-attack)
KIDNAPPING                ASSAULT (abduct)
ARSON                     ASSAULT (destroy property, CAMEO 1712)
ROBBERY                   COERCE (seize)
FORCED WORK STOPPAGE      COERCE (no clean counterpart; rare)
========================  ==========================================

A document is predicted an incident document when we find at least one *incident
event*: an ASSAULT, or a COERCE/seize taking possessions (CAMEO 171), that meets the
relevance rules of the MUC-4 task definition (``TASKDOC/templ-doc-basic/
template-doc-part1.v7``, section 1.0) we can read off an event record:

- reported as factual (rule 5): factuality ``asserted`` or ``claimed``; negated,
  planned, hypothetical and demanded events are not incidents;
- a terrorist target (rule 1): not an event whose recipients are all armed forces or
  groups (sectors MIL, REB, COP, SPY, INS: guerrillas or soldiers killed, a barracks
  attacked); nor military combat (a trigger naming fighting: clashes, battle, hostilities, offensive,
  invasion...) unless a recipient is a resolved non-armed party ("clashes between
  guerrilla groups and the military" are named as irrelevant);
- ROBBERY is theft by the perpetrators: a seizure of territory (CAMEO 192), a
  confiscation (1711), a seizure by state forces (MIL, COP, GOV, SPY, JUD) or one that
  names no one who seized ("drug seizures", "arms were seized": police language) is no
  incident;
- a specific incident, not a summary (rule 7: "the total persons kidnapped ... was
  85" is excluded): an event with a death toll in the thousands ("political violence has
  killed more than 15,000 people") sums up a war or a campaign. (Generic mentions, "stop
  the kidnappings and torture", are no events at all: the events stage skips them.)

Rule 4 (one of nine countries), rule 6 (within two months of the dateline) and a
stricter reading of rule 7 (an event must name a target or a place) are not applied:
our actor countries and event dates are not reliable enough for them, and each cost more
incident documents than it saved (notes in ``tidings/data/lexicon/README.md``). Combat
we cannot recognise as such (an unresolved side) still counts, so detection precision
stays well below 1.

Scores per split (documents with at least one gold template of type != ``*`` are
incident documents). Detection uses the incident events above; date, perpetrator,
target and deaths are scored on gold incident documents and read from all our *violent
events* there (ASSAULT or COERCE/seize, not negated, not between armed parties only),
whatever the relevance rules say: a template's deaths often sit on the clash or attack
that also hit civilians.

- detection P/R/F1 over documents; per MUC type, recall of documents of that type;
- date: our *first* violent event (in text order) is dated right when its date is
  the gold day / inside the gold range of any of the document's templates (``exact``:
  a day-precise date; ``overlap``: our date interval overlaps the gold one); the
  dateline-as-event-date baseline is reported beside it;
- perpetrator (slots 9, 10) and target (slots 12, 18, 19): a gold entity is found when
  an actor (recipient) text of one of our violent events shares a content word with
  one of its alternative strings; recall over gold entities, precision over our
  distinct actor (recipient) texts;
- deaths: per template whose human targets include a DEATH effect, the gold count is
  the sum over dead targets (``PLURAL`` = 2 or more) or any single target's count; it
  is found when one of our violent events' killed range overlaps it.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from tidings.errors import DataError
from tidings.evaluate._gold import (
    GoldDate,
    Truecaser,
    date_exact,
    date_overlaps,
    overlap_match,
    ratio,
    run_pipeline,
)
from tidings.evaluate._metrics import PRF, Table, TaskResult
from tidings.records import Document, Event, Factuality

CORPORA = Path("muc4/raw/CORPORA")
SPLITS: dict[str, tuple[str, str]] = {  # split -> (text glob, key glob) under CORPORA
    "TST1": ("tst1/tst1-muc3", "tst1/key-tst1*"),
    "TST2": ("tst2/tst2-muc4", "tst2/key-tst2*"),
    "DEV": ("dev/dev-muc3-*", "dev/key-dev-*"),
}

MUC_TYPES = ("ATTACK", "BOMBING", "KIDNAPPING", "ARSON", "ROBBERY", "FORCED WORK STOPPAGE")
_ID_LINE = re.compile(r"^(DEV-MUC3-\d{4}|TST\d-MUC[34]-\d{4})\b.*$", re.MULTILINE)
_SLOT = re.compile(r"^\s*(\d+)\.\s+([A-Z :]+?)\s{2,}(.*)$")
_DAY = re.compile(r"(\d{1,2}) ([A-Z]{3}) (\d{2})")
_MONTHS = {m: i for i, m in enumerate("JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split(), 1)}
_NUMBER = re.compile(r'^\??\s*(\d+|PLURAL)(?:\s*-\s*(\d+))?\s*:\s*"(.*)"')
_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')


@dataclass(slots=True)
class Template:
    type: str
    date: GoldDate | None
    perpetrators: list[list[str]] = field(default_factory=list)  # entity -> alternatives
    targets: list[list[str]] = field(default_factory=list)
    deaths: list[tuple[int, int | None]] = field(default_factory=list)  # candidate counts


@dataclass(slots=True)
class MucDocument:
    id: str
    split: str
    text: str
    published: dt.date | None
    templates: list[Template] = field(default_factory=list)

    @property
    def incident(self) -> bool:
        return bool(self.templates)


def parse_day(text: str) -> dt.date | None:
    m = _DAY.search(text)
    if not m or m.group(2) not in _MONTHS:
        return None
    try:
        return dt.date(1900 + int(m.group(3)), _MONTHS[m.group(2)], int(m.group(1)))
    except ValueError:
        return None


def parse_gold_date(filler: str) -> GoldDate | None:
    """``16 NOV 89``, ``08 JAN 90 - 09 JAN 90``, ``- 09 JAN 90`` (on or before)."""
    filler = filler.strip().lstrip("?").strip()
    if filler in ("", "-", "*"):
        return None
    left, sep, right = filler.partition(" - ") if " - " in filler else ("", "", filler)
    if filler.startswith("-"):
        return GoldDate(None, parse_day(filler[1:]))
    if sep:
        return GoldDate(parse_day(left), parse_day(right))
    day = parse_day(filler)
    return GoldDate(day, day) if day else None


def parse_texts(raw: str, split: str) -> list[MucDocument]:
    """Split a MUC text file into documents: id, dateline date, body text."""
    docs = []
    matches = list(_ID_LINE.finditer(raw))
    for i, m in enumerate(matches):
        body = raw[m.end() : matches[i + 1].start() if i + 1 < len(matches) else len(raw)]
        head, sep, rest = body.partition("--")
        published = parse_day(head) if sep and len(head) < 200 else None
        text = rest if sep and len(head) < 200 else body
        text = re.sub(r"\[[^\]]*\]", " ", text)
        paragraphs = [re.sub(r"\s+", " ", p).strip() for p in re.split(r"\n\s*\n", text)]
        docs.append(
            MucDocument(m.group(1), split, "\n\n".join(p for p in paragraphs if p), published)
        )
    return docs


def _slots(block: str) -> dict[int, list[str]]:
    slots: dict[int, list[str]] = {}
    last: int | None = None
    for line in block.splitlines():
        if line.startswith(";"):
            continue
        m = _SLOT.match(line)
        if m:
            last = int(m.group(1))
            slots[last] = [m.group(3).strip()]
        elif last is not None and line.strip():
            slots[last].append(line.strip())
    return slots


def _entities(fillers: list[str]) -> list[list[str]]:
    """Each filler line is one entity; its quoted strings are alternatives."""
    out = []
    for line in fillers:
        strings = [
            s.replace('\\"', '"').strip('" ') for s in _QUOTED.findall(line.split('": "')[0])
        ]
        strings = [s for s in strings if s]
        if strings:
            out.append(strings)
    return out


def _deaths(slots: dict[int, list[str]]) -> list[tuple[int, int | None]]:
    dead = {
        s
        for line in slots.get(23, [])
        if "DEATH" in line.split(":", 1)[0]
        for s in _QUOTED.findall(line)
    }
    counts: list[tuple[int, int | None]] = []
    for line in slots.get(21, []):
        m = _NUMBER.match(line)
        if not m or m.group(3) not in dead:
            continue
        if m.group(1) == "PLURAL":
            counts.append((2, None))
        else:
            lo = int(m.group(1))
            counts.append((lo, int(m.group(2)) if m.group(2) else lo))
    if len(counts) > 1:
        lo = sum(c[0] for c in counts)
        hi = None if any(c[1] is None for c in counts) else sum(c[1] or 0 for c in counts)
        counts.append((lo, hi))
    return counts


def parse_keys(raw: str) -> dict[str, list[Template]]:
    """Answer keys -> document id -> incident templates (type != ``*``)."""
    out: dict[str, list[Template]] = {}
    for block in re.split(r"\n\s*\n", raw):
        slots = _slots(block)
        if 0 not in slots or 4 not in slots:
            continue
        doc_id = slots[0][0].split()[0]
        out.setdefault(doc_id, [])
        kind = slots[4][0].split("/")[0].strip().lstrip("?").strip()
        if kind in ("*", "-", ""):
            continue
        perps = _entities(slots.get(9, [])) + _entities(slots.get(10, []))
        targets = [e for n in (12, 18, 19) for e in _entities(slots.get(n, []))]
        date = parse_gold_date(slots.get(2, ["-"])[0])
        out[doc_id].append(Template(kind, date, perps, targets, _deaths(slots)))
    return out


def read_split(data_dir: Path, split: str) -> list[MucDocument]:
    text_glob, key_glob = SPLITS[split]
    root = data_dir / CORPORA
    text_files, key_files = sorted(root.glob(text_glob)), sorted(root.glob(key_glob))
    if not text_files or not key_files:
        raise DataError(
            f"{root}: MUC-4 {split} texts or keys not found; pass --data ../shared/data"
        )
    keys: dict[str, list[Template]] = {}
    for path in key_files:
        keys.update(parse_keys(path.read_text(encoding="latin-1")))
    docs = [
        d for path in text_files for d in parse_texts(path.read_text(encoding="latin-1"), split)
    ]
    for doc in docs:
        doc.templates = keys.get(doc.id, [])
    return docs


def _sample(docs: list[MucDocument], n: int) -> list[MucDocument]:
    if n >= len(docs):
        return docs
    step = len(docs) / n
    return [docs[int(i * step)] for i in range(n)]


ARMED_SECTORS = {"MIL", "REB", "COP", "SPY", "INS"}
STATE_SECTORS = {"MIL", "COP", "GOV", "SPY", "JUD"}
FACTUAL = {Factuality.ASSERTED, Factuality.CLAIMED}  # rule 5: "reported as factual"
ROBBERY_CAMEO = "171"  # seize possessions; 1711 (confiscate) and 192 (occupy territory) are not
SUMMARY_DEATHS = 1000  # a death toll this large sums up a war, not one incident (rule 7)
#: trigger words that name military combat ("clashes", "fighting", "the offensive")
_COMBAT = re.compile(
    r"^(fight|clash|battle|combat|hostilit|offensive|skirmish|invasion|invad|intervention|confrontation|operation)",
    re.IGNORECASE,
)


def _armed(actors: list) -> bool:  # type: ignore[type-arg]
    return bool(actors) and all(set(a.sectors) & ARMED_SECTORS for a in actors)


def _civilian_target(event: Event) -> bool:
    return any(r.sectors and not set(r.sectors) & ARMED_SECTORS for r in event.recipients)


def is_violent_event(event: Event) -> bool:
    """ASSAULT or COERCE/seize, not negated, not between armed parties only: the events
    whose date, parties and casualties are read on a gold incident document (the
    relevance rules decide detection only)."""
    if event.factuality == Factuality.NEGATED:
        return False
    if not (event.type == "ASSAULT" or (event.type == "COERCE" and event.mode == "seize")):
        return False
    return not (_armed(event.actors) and _armed(event.recipients))


def is_incident_event(event: Event) -> bool:
    """An event MUC-4 would template (module docstring): a factual ASSAULT, or a factual
    theft (COERCE/seize, CAMEO 171) by named non-state perpetrators, against a target that
    is not only armed forces, not military combat with no civilian target, and not a
    summary death toll."""
    if event.factuality not in FACTUAL:
        return False
    if event.type == "COERCE":
        if event.mode != "seize" or event.cameo != ROBBERY_CAMEO:
            return False
        if not event.actors or any(set(a.sectors) & STATE_SECTORS for a in event.actors):
            return False  # "drug seizures", "arms were seized": no thief named
    elif event.type != "ASSAULT":
        return False
    if _armed(event.recipients):
        return False  # guerrillas killed, barracks attacked: guerrilla warfare, not terrorism
    if _COMBAT.match(event.trigger.text) and not _civilian_target(event):
        return False
    killed = event.casualties.killed
    return not (killed is not None and killed.min >= SUMMARY_DEATHS)


@dataclass(slots=True)
class _Split:
    detect: PRF = field(default_factory=PRF)
    by_type: dict[str, list[int]] = field(default_factory=dict)  # type -> [found, total]
    counts: dict[str, list[int]] = field(default_factory=dict)  # score -> [hits, total]

    def add(self, name: str, hits: int, total: int = 1) -> None:
        c = self.counts.setdefault(name, [0, 0])
        c[0] += hits
        c[1] += total

    def rate(self, name: str) -> float:
        hits, total = self.counts.get(name, [0, 0])
        return ratio(hits, total)


def score_document(doc: MucDocument, events: list[Event], out: _Split) -> None:
    """Add one document's detection, date, argument and death scores to ``out``."""
    detected = any(is_incident_event(e) for e in events)
    out.detect.add(PRF(tp=int(doc.incident and detected), fp=int(not doc.incident and detected),
                       fn=int(doc.incident and not detected)))  # fmt: skip
    ours = sorted((e for e in events if is_violent_event(e)), key=lambda e: e.trigger.start)
    for kind in {t.type for t in doc.templates}:
        out.by_type.setdefault(kind, [0, 0])
        out.by_type[kind][0] += detected
        out.by_type[kind][1] += 1
    if not doc.incident:
        return
    dates = [t.date for t in doc.templates if t.date]
    if dates:
        if doc.published:
            out.add("date_baseline", any(d.contains(doc.published) for d in dates))
        if ours:
            d = ours[0].date
            out.add("date_exact", any(date_exact(d.start, d.end, g) for g in dates))
            out.add("date_overlap", any(date_overlaps(d.start, d.end, g) for g in dates))
    for role, attr, slot in (
        ("perp", "actors", "perpetrators"),
        ("target", "recipients", "targets"),
    ):
        texts = sorted({a.text for e in ours for a in getattr(e, attr)})
        gold = [ent for t in doc.templates for ent in getattr(t, slot)]
        found = sum(any(overlap_match(p, alt) for p in texts for alt in ent) for ent in gold)
        right = sum(any(overlap_match(p, alt) for ent in gold for alt in ent) for p in texts)
        out.add(f"{role}_recall", found, len(gold))
        out.add(f"{role}_precision", right, len(texts))
    killed = [e.casualties.killed for e in ours if e.casualties.killed]
    for t in doc.templates:
        if t.deaths:
            out.add(
                "deaths_found",
                any(_overlap(k.min, k.max, lo, hi) for k in killed for lo, hi in t.deaths),
            )


def _overlap(a_lo: int, a_hi: int | None, b_lo: int, b_hi: int | None) -> bool:
    return (b_hi is None or a_lo <= b_hi) and (a_hi is None or b_lo <= a_hi)


def run(data_dir: Path, limit: int | None = None) -> TaskResult:
    started = time.perf_counter()
    truecaser = Truecaser.from_data(data_dir)
    results: dict[str, _Split] = {}
    notes = []
    for split in SPLITS:
        docs = read_split(data_dir, split)
        chosen = _sample(docs, limit if limit is not None else len(docs))
        if len(chosen) < len(docs):
            notes.append(f"{split}: {len(chosen)} of {len(docs)} documents, evenly spaced.")
        inputs = [Document(id=d.id, text=truecaser(d.text), published=d.published) for d in chosen]
        out = results.setdefault(split, _Split())
        for doc, ex in zip(chosen, run_pipeline(inputs), strict=True):
            score_document(doc, list(ex.events), out)
    metrics: dict[str, float] = {}
    rows = []
    names = ["date_exact", "date_overlap", "date_baseline", "perp_recall", "perp_precision",
             "target_recall", "target_precision", "deaths_found"]  # fmt: skip
    for split, s in results.items():
        key = split.lower()
        metrics[f"{key}.detection_f1"] = round(s.detect.f1, 4)
        metrics[f"{key}.detection_precision"] = round(s.detect.precision, 4)
        metrics[f"{key}.detection_recall"] = round(s.detect.recall, 4)
        for name in names:
            metrics[f"{key}.{name}"] = s.rate(name)
        d = s.detect
        seen = int(d.tp + d.fp + d.fn)
        prf = [round(d.precision, 3), round(d.recall, 3), round(d.f1, 3)]
        rows.append([split, seen, *prf, *(s.rate(n) for n in names)])
    type_rows = [
        [kind]
        + [
            f"{s.by_type.get(kind, [0, 0])[0]}/{s.by_type.get(kind, [0, 0])[1]}"
            for s in results.values()
        ]
        for kind in MUC_TYPES
    ]
    return TaskResult(
        task="muc4",
        description="MUC-4: incident documents, incident date, perpetrator/target, deaths",
        metrics=metrics,
        tables=[
            Table("MUC-4 per split", ["split", "docs*", "det P", "det R", "det F1"] + names, rows),
            Table("MUC-4 incident documents found, by gold type", ["type", *results], type_rows),
        ],
        notes=notes
        + [
            "docs* = documents that are gold or predicted incident documents.",
            "Incident event = factual ASSAULT or COERCE/seize (theft), target not only armed "
            "forces, not combat without a civilian target (MUC-4 relevance rules 1 and 5).",
            "Texts truecased; dateline date passed as published.",
            "Dates, arguments and deaths are scored on gold incident documents only, from "
            "all violent events (ASSAULT or COERCE/seize, not negated).",
        ],
        seconds=time.perf_counter() - started,
    )
