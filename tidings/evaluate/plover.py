"""PLOVER GSR: event type, mode, actor and recipient per sentence.

Gold: ``plover_gsr_cameo/gold_standard_records/PLOVER_GSR_CAMEO.txt`` (322 edited
CAMEO-manual sentences, one coded event each, PLOVER 0.5b1 names).

Mapping the gold to PLOVER v0.8 (the names ``tidings`` emits), following
``CAMEO2PLOVER-2021.txt``:

- types: DEMAND -> REQUEST, FIGHT -> ASSAULT, DISAPPROVE -> ACCUSE,
  INVESTIGATE -> ACCUSE (mode ``investigate``); COERCE with mode ``destroy`` ->
  ASSAULT (CAMEO 1712 "destroy property" is ASSAULT in the 2021 table). Every other
  name is the same in both versions.
- modes (0.5b1 -> v0.8): host -> visit, strike-hun -> hunger, strike-gen -> boycott,
  riot-spon -> riot, demo-org/demo-spon -> demo, curfew/martial-law under THREATEN ->
  restrict, confiscate/destroy -> seize, censor -> restrict, detain -> arrest; a mode
  with no v0.8 counterpart (``other``, ``primitive``, ``firearms`` under COERCE...)
  is dropped, so that sentence does not count towards mode accuracy.
- actor codes: the GSR's few non-ISO codes JAP, ITL, VTN are read as JPN (Japan), ITA
  (Italy) and VNM (Vietnam: the one VTN actor is "Vietnamese-led forces"; VTN is not
  ISO 3166, and VAT, the Holy See, is never meant); sector codes keep their first three
  letters (``CVLalb`` -> CVL), and CIV, which the GSR writes three times for civilians
  ("Libyans", "Bosnian Serbs", "Baghdad"; it is no PLOVER sector), is read as CVL;
  ``***`` is ignored.
  When the markup tags an actor ``SRC/TAR`` (reciprocal: "X and Y agreed") the gold
  actor and recipient are both the union of the reciprocal actors, and our actors and
  recipients are pooled before comparing.

Prediction: each sentence is extracted as its own document (no publication date);
the predicted type is the type of the highest-confidence event whatever its
factuality (the GSR codes planned and demanded events too); a sentence with no event
predicts ``NONE``, which is a class of its own in the confusion table but not in the
macro average (the gold has no ``NONE`` sentences).

Actor scores: a sentence's actor country is right when one of our chosen event's
actor countries is among the gold source codes; likewise recipients and sectors.
Reported "given type" (sentences whose type we got right) and "overall" (all
sentences where gold has a code; a missed event counts as wrong).
"""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tidings.errors import DataError
from tidings.evaluate._gold import (
    NO_EVENT,
    PLOVER_TYPES,
    classification_scores,
    confusion_table,
    macro_f1,
    micro,
    per_class_table,
    plover_type_08,
    ratio,
    run_pipeline,
    top_event,
)
from tidings.evaluate._metrics import Table, TaskResult
from tidings.records import Actor, Document

GOLD_FILE = Path("plover_gsr_cameo/gold_standard_records/PLOVER_GSR_CAMEO.txt")

GOLD_CODE_FIXES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}
GOLD_SECTOR_FIXES = {"CIV": "CVL"}
# our non-state codes that the GSR writes as IGO
OUR_CODE_ALIASES = {"UNO": "IGO", "EUR": "IGO", "NATO": "IGO", "AU": "IGO"}

#: (v0.8 type, 0.5b1 mode) -> v0.8 mode; a mode missing here maps to itself.
MODE_MAP: dict[tuple[str, str], str | None] = {
    ("CONSULT", "host"): "visit",
    ("PROTEST", "strike-hun"): "hunger",
    ("PROTEST", "strike-gen"): "boycott",
    ("PROTEST", "riot-spon"): "riot",
    ("PROTEST", "demo-org"): "demo",
    ("PROTEST", "demo-spon"): "demo",
    ("THREATEN", "curfew"): "restrict",
    ("THREATEN", "martial-law"): "restrict",
    ("COERCE", "confiscate"): "seize",
    ("COERCE", "censor"): "restrict",
    ("COERCE", "detain"): "arrest",
    ("COERCE", "firearms"): None,
    ("ASSAULT", "destroy"): "seize",
    ("ASSAULT", "other"): None,
    ("ASSAULT", "primitive"): None,
}


@dataclass(slots=True)
class GoldActor:
    text: str
    code: str | None
    sector: str | None


@dataclass(slots=True)
class GoldSentence:
    id: str
    text: str
    type: str  # PLOVER v0.8
    mode: str | None  # v0.8 mode
    sources: list[GoldActor] = field(default_factory=list)
    targets: list[GoldActor] = field(default_factory=list)
    reciprocal: bool = False
    dead: int | None = None


def _actors(value: Any) -> list[GoldActor]:
    items = [value] if isinstance(value, dict) else value if isinstance(value, list) else []
    out = []
    for item in items:
        if not isinstance(item, dict):
            continue
        code = item.get("code") or None
        sector = item.get("sector") or None
        out.append(
            GoldActor(
                text=str(item.get("actorText", "")),
                code=GOLD_CODE_FIXES.get(code, code) if code else None,
                sector=_sector(sector),
            )
        )
    return out


def _sector(value: str | None) -> str | None:
    """A GSR sector code as a PLOVER sector: the first three letters, variants fixed."""
    if not value or value[0] == "*":
        return None
    code = value[:3].upper()
    return GOLD_SECTOR_FIXES.get(code, code)


def map_gold(event: str, mode: str | None) -> tuple[str, str | None]:
    """A GSR (0.5b1) event name and mode -> the v0.8 type and mode."""
    upper = event.strip().upper()
    mode = (mode or "").strip() or None
    if upper == "COERCE" and mode == "destroy":
        return "ASSAULT", "seize"
    new = plover_type_08(upper)
    if upper == "INVESTIGATE":
        return new, "investigate"
    if mode is None:
        return new, None
    return new, MODE_MAP.get((new, mode), mode)


def read_gold(data_dir: Path) -> list[GoldSentence]:
    path = data_dir / GOLD_FILE
    if not path.is_file():
        raise DataError(f"{path}: PLOVER GSR file not found; pass --data ../shared/data")
    out = []
    for rec in json.loads(path.read_text(encoding="utf-8")):
        if rec.get("event") == "DOCUMENT" or not rec.get("text"):
            continue
        type_, mode = map_gold(rec["event"], rec.get("mode"))
        info = rec.get("textInfo")
        markup = info.get("markup", "") if isinstance(info, dict) else ""
        sources, targets = _actors(rec.get("source")), _actors(rec.get("target"))
        reciprocal = "(SRC/TAR:" in markup
        if reciprocal:
            sources = targets = sources + [t for t in targets if t not in sources]
        dead = str(rec.get("dead", "")).strip()
        out.append(
            GoldSentence(
                id=rec["id"],
                text=rec["text"],
                type=type_,
                mode=mode,
                sources=sources,
                targets=targets,
                reciprocal=reciprocal,
                dead=int(dead) if dead.isdigit() else None,
            )
        )
    return out


def _codes(actors: list[Actor]) -> set[str]:
    return {OUR_CODE_ALIASES.get(a.country, a.country) for a in actors if a.country}


def _sectors(actors: list[Actor]) -> set[str]:
    return {s[:3].upper() for a in actors for s in a.sectors}


@dataclass(slots=True)
class _Tally:
    hit: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.hit += ok
        self.total += 1


def run(data_dir: Path, limit: int | None = None) -> TaskResult:
    started = time.perf_counter()
    gold = read_gold(data_dir)[:limit]
    docs = [Document(id=g.id, text=g.text) for g in gold]
    extractions = run_pipeline(docs)

    gold_types = [g.type for g in gold]
    pred_types: list[str] = []
    tallies: dict[str, _Tally] = {}

    def tally(name: str, ok: bool) -> None:
        tallies.setdefault(name, _Tally()).add(ok)

    for g, ex in zip(gold, extractions, strict=True):
        event = top_event(ex.events)
        pred_types.append(event.type if event else NO_EVENT)
        right_type = event is not None and event.type == g.type
        ours_a = list(event.actors) if event else []
        ours_r = list(event.recipients) if event else []
        if g.reciprocal:
            ours_a = ours_r = ours_a + ours_r
        for role, gold_actors, ours in (
            ("actor", g.sources, ours_a),
            ("recipient", g.targets, ours_r),
        ):
            codes = {a.code for a in gold_actors if a.code}
            sectors = {a.sector for a in gold_actors if a.sector}
            if codes:
                ok = bool(_codes(ours) & codes)
                tally(f"{role}_country.overall", ok)
                if right_type:
                    tally(f"{role}_country.given_type", ok)
            if sectors:
                ok = bool(_sectors(ours) & sectors)
                tally(f"{role}_sector.overall", ok)
                if right_type:
                    tally(f"{role}_sector.given_type", ok)
        if g.mode:
            ok = right_type and event is not None and event.mode == g.mode
            tally("mode.overall", ok)
            if right_type:
                tally("mode.given_type", ok)
        if g.dead is not None:
            killed = event.casualties.killed if event else None
            ok = killed is not None and killed.min <= g.dead <= (killed.max or g.dead)
            tally("killed.overall", ok)

    scores = classification_scores(gold_types, pred_types)
    labels = [t for t in PLOVER_TYPES if t in set(gold_types)]
    pooled = micro(scores, exclude=[NO_EVENT])
    metrics: dict[str, float] = {
        "type.micro_f1": round(pooled.f1, 4),
        "type.macro_f1": round(macro_f1(scores, labels), 4),
        "type.accuracy": ratio(
            sum(g == p for g, p in zip(gold_types, pred_types, strict=True)), len(gold)
        ),
        "type.no_event_rate": ratio(pred_types.count(NO_EVENT), len(gold)),
    }
    for name, t in sorted(tallies.items()):
        metrics[name] = ratio(t.hit, t.total)
    support = Counter(gold_types)
    tables = [
        per_class_table("PLOVER GSR: event type per sentence", scores, support),
        confusion_table("PLOVER GSR: most frequent confusions", gold_types, pred_types),
        Table(
            "PLOVER GSR: actors, recipients, mode",
            ["score", "correct", "of", "accuracy"],
            [[n, t.hit, t.total, ratio(t.hit, t.total)] for n, t in sorted(tallies.items())],
        ),
    ]
    notes = [
        f"{len(gold)} sentences; gold PLOVER 0.5b1 names mapped to v0.8 "
        "(DEMAND->REQUEST, FIGHT->ASSAULT, DISAPPROVE/INVESTIGATE->ACCUSE, "
        "COERCE/destroy->ASSAULT).",
        "Predicted type = type of the highest-confidence event (any factuality); NONE = no event. "
        "Micro F1 excludes NONE; macro F1 averages the gold types.",
        "'given_type' scores only count sentences whose event type we got right.",
    ]
    return TaskResult(
        task="plover",
        description="PLOVER GSR: event type, mode, actor/recipient country and sector",
        metrics=metrics,
        tables=tables,
        notes=notes,
        seconds=time.perf_counter() - started,
    )
