"""PETRARCH validation records: a CAMEO regression test.

Two files (see ``petrarch_validation/README.md``):

- ``PETR2_GSR_validation.xml``: 78 real AFP/other sentences with 92 CAMEO codings and
  Phoenix actor codes (USA, USAGOV, IGOUNO, ---REB...), hand-corrected PETRARCH-2
  output ("silver-plus"). Each sentence's ``date`` is passed as ``published``.
- ``PETR.UnitTest.records.xml``: 284 TABARI/PETRARCH unit-test sentences whose actors
  are fictional (Arnor, Gondor...). Their event codes are real CAMEO, so CAMEO scores
  are reported for them; actor codes are not scored (no knowledge base knows Gondor).

Scores, per file (prefix ``gsr.`` and ``unit.``), over gold codings:

- ``root`` / ``code3`` / ``quad``: a gold coding is matched when one of our events in
  the sentence has the same CAMEO root (2 digits) / the same first 3 digits / the
  same quad class (gold quad from the CAMEO root; statements 01-02 count as verbal
  cooperation);
- ``precision_root``: the share of our events, in sentences that have codings, whose
  root matches one of them;
- ``no_event``: the share of ``noevents`` sentences where we code nothing;
- GSR only, ``source_country`` / ``target_country``: on codings whose source (target)
  code starts with an ISO 3166 alpha-3 code or ``IGO``, matched when the event we
  matched to it (same root, else our highest-confidence event) has an actor
  (recipient) with that country. Codes like ``---REB`` (no country) are skipped.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import pycountry

from tidings.errors import DataError
from tidings.evaluate._gold import cameo_quad, cameo_root, run_pipeline, top_event
from tidings.evaluate._metrics import Counts, Table, TaskResult
from tidings.records import Actor, Document, Event

ROOT = Path("petrarch_validation")
FILES = {
    "gsr": ROOT
    / "openeventdata_UniversalPetrarch/UniversalPetrarch/data/text/PETR2_GSR_validation.xml",
    "unit": ROOT / "openeventdata_petrarch2/petrarch2/data/text/PETR.UnitTest.records.xml",
}
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_CODING = re.compile(r"<EventCoding\b([^>]*)>")
_ATTR = re.compile(r'(\w+)\s*=\s*"([^"]*)"')
_TEXT = re.compile(r"<Text>(.*?)</Text>", re.DOTALL)
_ISO3 = frozenset(c.alpha_3 for c in pycountry.countries)
OUR_IGO = frozenset({"IGO", "UNO", "EUR", "NATO", "AU"})


@dataclass(slots=True)
class Coding:
    event: str
    source: str
    target: str


@dataclass(slots=True)
class Sentence:
    id: str
    text: str
    date: dt.date | None
    codings: list[Coding] = field(default_factory=list)
    no_events: bool = False


def parse_records(raw: str) -> list[Sentence]:
    """PETRARCH validation XML (loose; parsed with regexes) -> sentences with codings."""
    raw = _COMMENT.sub(" ", raw)
    out: list[Sentence] = []
    for chunk in raw.split("<Sentence ")[1:]:
        head, _, body = chunk.partition(">")
        attrs = dict(_ATTR.findall(head))
        text_m = _TEXT.search(body)
        if not text_m:
            continue
        sentence = Sentence(
            id=attrs.get("id", f"s{len(out)}"),
            text=" ".join(text_m.group(1).split()),
            date=_date(attrs.get("date", "")),
        )
        for coding in _CODING.findall(body.split("<Text>")[0]):
            c = dict(_ATTR.findall(coding))
            if c.get("noevents", "").lower() == "true":
                sentence.no_events = True
            elif c.get("eventcode"):
                sentence.codings.append(
                    Coding(c["eventcode"], c.get("sourcecode", ""), c.get("targetcode", ""))
                )
        out.append(sentence)
    return out


def _date(value: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(value, "%Y%m%d").date()
    except ValueError:
        return None


def country_of(code: str) -> str | None:
    """Phoenix actor code -> its ISO3 country or ``IGO``; None when it names no country."""
    prefix = code[:3].upper()
    if prefix == "IGO" or prefix in _ISO3:
        return prefix
    return None


def _has_country(actors: list[Actor], country: str) -> bool:
    ours = {"IGO" if a.country in OUR_IGO else a.country for a in actors}
    return country in ours


def score_sentence(sentence: Sentence, events: list[Event], counts: Counts, actors: bool) -> None:
    """Add one sentence's code and actor matches to ``counts``."""
    if sentence.no_events and not sentence.codings:
        counts.add("no_event", not events)
        return
    gold_roots = {cameo_root(c.event) for c in sentence.codings}
    for e in events:
        counts.add("precision_root", cameo_root(e.cameo) in gold_roots)
    for c in sentence.codings:
        same_root = [e for e in events if cameo_root(e.cameo) == cameo_root(c.event)]
        counts.add("root", bool(same_root))
        counts.add("code3", any(e.cameo[:3] == c.event[:3] for e in events))
        counts.add("quad", any(e.quad_class == cameo_quad(c.event) for e in events))
        if not actors:
            continue
        chosen = top_event(same_root) or top_event(events)
        for role, code, attr in (
            ("source", c.source, "actors"),
            ("target", c.target, "recipients"),
        ):
            country = country_of(code)
            if country:
                counts.add(
                    f"{role}_country",
                    chosen is not None and _has_country(getattr(chosen, attr), country),
                )


def read_file(data_dir: Path, name: str) -> list[Sentence]:
    path = data_dir / FILES[name]
    if not path.is_file():
        raise DataError(f"{path}: PETRARCH validation file not found; pass --data ../shared/data")
    return parse_records(path.read_text(encoding="utf-8"))


def run(data_dir: Path, limit: int | None = None) -> TaskResult:
    started = time.perf_counter()
    metrics: dict[str, float] = {}
    rows = []
    names = [
        "root",
        "code3",
        "quad",
        "precision_root",
        "no_event",
        "source_country",
        "target_country",
    ]
    for name in FILES:
        sentences = read_file(data_dir, name)[:limit]
        docs = [Document(id=s.id, text=s.text, published=s.date) for s in sentences]
        counts = Counts()
        for s, ex in zip(sentences, run_pipeline(docs), strict=True):
            score_sentence(s, list(ex.events), counts, actors=name == "gsr")
        for n in names:
            if n in counts.values:
                metrics[f"{name}.{n}"] = counts.rate(n)
                rows.append([name, n, *counts.values[n], counts.rate(n)])
    return TaskResult(
        task="petrarch",
        description="PETRARCH validation: CAMEO root/3-digit/quad, actor countries (GSR)",
        metrics=metrics,
        tables=[Table("PETRARCH validation", ["file", "score", "hits", "of", "rate"], rows)],
        notes=[
            "gsr = PETR2_GSR_validation.xml (78 real sentences, silver-plus codings); unit = "
            "PETR.UnitTest.records.xml (fictional actors: CAMEO scores only).",
            "A gold coding counts as found when any of our events in the sentence matches it.",
        ],
        seconds=time.perf_counter() - started,
    )
