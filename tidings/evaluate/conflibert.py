"""ConfliBERT CAMEO: PentaClass per sentence, and source/target spans.

Gold: ``conflibert_cameo/data/cameo_class/test.tsv`` (451 sentences, label 0-4) joined
line by line with ``cameo_ner/test.txt`` (the same sentences as ``token tag`` lines,
tags B-/I- S source, T target, R reciprocal). Only the test split is scored; the
train split (1,349 sentences) is left for whoever wants to fit something.

Our events -> PentaClass:

- a sentence with no event -> 0 (statement): CAMEO 01-02 "make a statement" is the
  class for sentences that report speech but no coded action, and PLOVER has no
  statement type, so "nothing coded" is the closest reading of it;
- otherwise the chosen event is the highest-confidence event, the sentence's main
  event (the events stage ranks an appeal or promise above the event it asks for, so
  "called on X to lift the ban" is the appeal, CAMEO 02, not the lifting); an event
  with CAMEO root 01/02 -> 0, else its ``quad_class`` 1-4 -> class 1-4 (verbal coop,
  material coop, verbal conflict, material conflict), which is how the labels were
  derived from CAMEO roots (03-05, 06-08, 09-13, 14-20). (Until 2026-11 the chosen
  event skipped statements and appeals; that read embedded events as the main one.)
- except CAMEO root 16 (reduce relations: sanctions, expulsions, halting aid or
  mediation) -> 3 (verbal conflict). The labels follow the Phoenix event-data
  convention, whose root-to-class table puts 16 with the verbal conflicts; the train
  split confirms it (of the train sentences whose chosen event we code 16x, 64 of 72
  are labelled 3, none 4). Until 2026-11 the adapter read 16 as class 4 from our
  ontology's quad class, which scored every sanction as a confusion.

Spans: our chosen event's actors are compared with gold S+R spans, its recipients
with T+R spans. Two measures: exact span F1 (same words after lower-casing and
dropping a leading article; one-to-one) and token-overlap F1 (bag of word tokens of
all our spans against all gold spans of the role, pooled over sentences).
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tidings.errors import DataError
from tidings.evaluate._gold import (
    PENTA_NAMES,
    classification_scores,
    confusion_table,
    event_penta,
    macro_f1,
    per_class_table,
    ratio,
    run_pipeline,
    span_prf,
    token_prf,
    top_event,
)
from tidings.evaluate._metrics import PRF, Table, TaskResult
from tidings.records import Document, Event

CLASS_FILE = Path("conflibert_cameo/data/cameo_class/test.tsv")
NER_FILE = Path("conflibert_cameo/data/cameo_ner/test.txt")


@dataclass(slots=True)
class GoldSentence:
    index: int
    text: str
    label: int
    sources: list[str] = field(default_factory=list)  # S and R spans
    targets: list[str] = field(default_factory=list)  # T and R spans


def read_gold(data_dir: Path) -> list[GoldSentence]:
    class_path, ner_path = data_dir / CLASS_FILE, data_dir / NER_FILE
    for path in (class_path, ner_path):
        if not path.is_file():
            raise DataError(f"{path}: ConfliBERT CAMEO file not found; pass --data ../shared/data")
    gold = []
    for i, line in enumerate(class_path.read_text(encoding="utf-8").splitlines()):
        if not line.strip():
            continue
        text, label = line.rstrip("\n").rsplit("\t", 1)
        gold.append(GoldSentence(index=i, text=text.strip(), label=int(label)))
    blocks = _blocks(ner_path.read_text(encoding="utf-8"))
    if len(blocks) != len(gold):
        raise DataError(f"{ner_path}: {len(blocks)} sentences but {len(gold)} in {class_path}")
    for g, spans in zip(gold, blocks, strict=True):
        g.sources = spans.get("S", []) + spans.get("R", [])
        g.targets = spans.get("T", []) + spans.get("R", [])
    return gold


def _blocks(text: str) -> list[dict[str, list[str]]]:
    """Split the CoNLL file on blank lines and collect each block's spans."""
    out = []
    for block in text.split("\n\n"):
        lines = [ln for ln in block.splitlines() if ln.strip()]
        if lines:
            out.append(_spans(lines))
    return out


def _spans(lines: list[str]) -> dict[str, list[str]]:
    spans: dict[str, list[str]] = {}
    role: str | None = None
    words: list[str] = []
    for line in lines + ["<end> O"]:
        token, _, tag = line.strip().rpartition(" ")
        continues = tag.startswith("I-") and tag[2:] == role
        if continues:
            words.append(token)
            continue
        if role is not None and words:
            spans.setdefault(role, []).append(" ".join(words))
        role, words = (tag[2:], [token]) if tag[:2] in ("B-", "I-") else (None, [])
    return spans


#: CAMEO roots whose PentaClass differs from their quad class (Phoenix convention).
PENTA_BY_ROOT: dict[str, int] = {"16": 3}


def penta_class(event: Event | None) -> int:
    """Our chosen event -> the gold's PentaClass (0 when there is none)."""
    if event is None:
        return 0
    root = (event.cameo or "")[:2]
    return PENTA_BY_ROOT.get(root, event_penta(event))


def choose_event(events: list[Event]) -> Event | None:
    """The highest-confidence event: the sentence's main event. The events stage ranks a
    governing event (an appeal, a promise) above the event it asks for or promises, so
    "called on X to lift the ban" is coded as the appeal (CAMEO 02: class 0)."""
    return top_event(events)


def run(data_dir: Path, limit: int | None = None) -> TaskResult:
    started = time.perf_counter()
    gold = read_gold(data_dir)[:limit]
    extractions = run_pipeline(Document(id=f"conflibert-{g.index}", text=g.text) for g in gold)
    gold_labels: list[str] = []
    pred_labels: list[str] = []
    exact = {"source": PRF(), "target": PRF()}
    overlap = {"source": PRF(), "target": PRF()}
    for g, ex in zip(gold, extractions, strict=True):
        event = choose_event(ex.events)
        penta = penta_class(event)
        gold_labels.append(str(g.label))
        pred_labels.append(str(penta))
        ours_s = [a.text for a in event.actors] if event is not None else []
        ours_t = [a.text for a in event.recipients] if event is not None else []
        for role, ours, want in (("source", ours_s, g.sources), ("target", ours_t, g.targets)):
            exact[role].add(span_prf(ours, want, exact=True))
            overlap[role].add(token_prf(ours, want))
    scores = classification_scores(gold_labels, pred_labels)
    labels = [str(k) for k in PENTA_NAMES]
    metrics: dict[str, float] = {
        "penta.macro_f1": round(macro_f1(scores, labels), 4),
        "penta.accuracy": ratio(
            sum(g == p for g, p in zip(gold_labels, pred_labels, strict=True)), len(gold)
        ),
    }
    for k in labels:
        metrics[f"penta.f1_{k}"] = round(scores.get(k, PRF()).f1, 4)
    for role in ("source", "target"):
        metrics[f"{role}.exact_f1"] = round(exact[role].f1, 4)
        metrics[f"{role}.token_f1"] = round(overlap[role].f1, 4)
    support = Counter(gold_labels)
    named = {f"{k} {PENTA_NAMES[int(k)]}": s for k, s in scores.items()}
    named_support = Counter({f"{k} {PENTA_NAMES[int(k)]}": n for k, n in support.items()})
    span_rows = [
        [role, kind, round(s.precision, 3), round(s.recall, 3), round(s.f1, 3)]
        for role in ("source", "target")
        for kind, s in (("exact span", exact[role]), ("token overlap", overlap[role]))
    ]
    return TaskResult(
        task="conflibert",
        description="ConfliBERT CAMEO test: PentaClass macro-F1, source/target span F1",
        metrics=metrics,
        tables=[
            per_class_table("ConfliBERT: PentaClass per sentence", named, named_support),
            confusion_table("ConfliBERT: most frequent confusions", gold_labels, pred_labels, 10),
            Table(
                "ConfliBERT: source/target spans",
                ["role", "match", "precision", "recall", "f1"],
                span_rows,
            ),
        ],
        notes=[
            f"{len(gold)} test sentences. No event -> 0 (statement); CAMEO root 01/02 -> 0; "
            "otherwise quad_class 1-4 of the highest-confidence event, CAMEO root 16 -> 3.",
            "Spans: our chosen event's actors vs gold S+R, recipients vs T+R; exact = same words "
            "(lower case, leading article dropped), token = pooled bag-of-words overlap.",
        ],
        seconds=time.perf_counter() - started,
    )
