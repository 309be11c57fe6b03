"""Helpers the event-stage evaluation tasks share: running the pipeline once per
batch, label mappings, span and date comparison, and table building.

Nothing here reads gold files of a particular data set; each task module owns its
reader. Everything is pure apart from :func:`run_pipeline`, which runs the
(cached) pipeline over documents the task built.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tidings.evaluate._metrics import PRF, Table

if TYPE_CHECKING:  # the pipeline is imported lazily: readers and scoring work without it
    from tidings.pipeline import Pipeline
    from tidings.records import Document, Event, Extraction

#: PLOVER 0.5b1 event names (the GSR's) renamed or merged in PLOVER v0.8 (2021 table).
PLOVER_05_TO_08: dict[str, str] = {
    "DEMAND": "REQUEST",
    "FIGHT": "ASSAULT",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
}

#: The 16 PLOVER v0.8 event types.
PLOVER_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip

NO_EVENT = "NONE"

#: PentaClass names (ConfliBERT CAMEO labels 0-4).
PENTA_NAMES: dict[int, str] = {
    0: "statement",
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}

STOPWORDS = frozenset(
    "a an the of and or in on at to for by with from as is was were be been its his her their "
    "our your my this that these those who which what some any all two three one s".split()
)

_TOKEN = re.compile(r"\w+(?:[.'’]\w+)*\.?|[^\w\s]", re.UNICODE)


# --------------------------------------------------------------------------- labels


def plover_type_08(name: str) -> str:
    """Map a PLOVER 0.5b1 event name to its v0.8 name (unchanged when not renamed)."""
    upper = name.strip().upper()
    return PLOVER_05_TO_08.get(upper, upper)


def cameo_root(code: str | None) -> int | None:
    """The CAMEO root (first two digits) as an int, or None for an empty/odd code."""
    if not code or len(code) < 2 or not code[:2].isdigit():
        return None
    return int(code[:2])


def cameo_to_penta(code: str | None) -> int | None:
    """CAMEO code -> PentaClass: 01-02 statement, 03-05, 06-08, 09-13, 14-20."""
    root = cameo_root(code)
    if root is None or not 1 <= root <= 20:
        return None
    if root <= 2:
        return 0
    if root <= 5:
        return 1
    if root <= 8:
        return 2
    if root <= 13:
        return 3
    return 4


def cameo_quad(code: str | None) -> int | None:
    """CAMEO code -> QuadClass (1 verbal coop, 2 material coop, 3 verbal conflict,
    4 material conflict); statements (01-02) count as verbal cooperation, as in GDELT."""
    penta = cameo_to_penta(code)
    if penta is None:
        return None
    return max(penta, 1)


def event_penta(event: Event) -> int:
    """Our event -> PentaClass: statements by CAMEO root 01/02, otherwise quad_class."""
    if cameo_root(event.cameo) in (1, 2):
        return 0
    if 1 <= event.quad_class <= 4:
        return event.quad_class
    return cameo_to_penta(event.cameo) or 0


def top_event(events: Sequence[Event]) -> Event | None:
    """The highest-confidence event (the first on ties), or None."""
    best: Event | None = None
    for event in events:
        if best is None or event.confidence > best.confidence:
            best = event
    return best


# --------------------------------------------------------------------------- tokens and spans


def tokens(text: str) -> list[str]:
    """Lower-cased word and punctuation tokens."""
    return [t.lower() for t in _TOKEN.findall(text)]


def content_tokens(text: str) -> set[str]:
    """Lower-cased word tokens minus stopwords and punctuation."""
    return {t.rstrip(".") for t in tokens(text) if t[0].isalnum() and t not in STOPWORDS}


def normalise_span(text: str) -> str:
    """Lower case, drop a leading article and outer punctuation, collapse spaces."""
    words = [t for t in tokens(text) if t[0].isalnum() or t in "-&'"]
    if words and words[0] in ("the", "a", "an"):
        words = words[1:]
    return " ".join(words)


def exact_match(predicted: str, gold: str) -> bool:
    """Same span after :func:`normalise_span`."""
    return bool(gold.strip()) and normalise_span(predicted) == normalise_span(gold)


def overlap_match(predicted: str, gold: str) -> bool:
    """The two strings share at least one content word (case-insensitive)."""
    return bool(content_tokens(predicted) & content_tokens(gold))


def head_word(text: str) -> str | None:
    """The last content word of a phrase: a cheap stand-in for its syntactic head."""
    words = [t.rstrip(".") for t in tokens(text) if t[0].isalnum() and t not in STOPWORDS]
    return words[-1] if words else None


def head_match(predicted: str, gold: str) -> bool:
    """The gold phrase's head word is one of the predicted phrase's words."""
    head = head_word(gold)
    return head is not None and head in {t.rstrip(".") for t in tokens(predicted)}


def span_prf(predicted: Sequence[str], gold: Sequence[str], exact: bool = True) -> PRF:
    """Span-level counts with one-to-one greedy matching (exact or word-overlap)."""
    match = exact_match if exact else overlap_match
    unused = list(gold)
    tp = 0
    for p in predicted:
        for i, g in enumerate(unused):
            if match(p, g):
                tp += 1
                del unused[i]
                break
    return PRF(tp=tp, fp=len(predicted) - tp, fn=len(unused))


def token_prf(predicted: Sequence[str], gold: Sequence[str]) -> PRF:
    """Token-overlap counts: the bags of word tokens of all predicted vs all gold spans."""
    pred = Counter(t for s in predicted for t in tokens(s) if t[0].isalnum())
    want = Counter(t for s in gold for t in tokens(s) if t[0].isalnum())
    tp = sum((pred & want).values())
    return PRF(tp=tp, fp=sum(pred.values()) - tp, fn=sum(want.values()) - tp)


# --------------------------------------------------------------------------- dates


@dataclass(frozen=True, slots=True)
class GoldDate:
    """A gold incident date: one day, a closed range, or open on one side."""

    start: dt.date | None
    end: dt.date | None

    def contains(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


def date_exact(start: dt.date | None, end: dt.date | None, gold: GoldDate) -> bool:
    """A day-precise prediction (start == end) that falls on the gold day / in the gold range."""
    if start is None or (end is not None and end != start):
        return False
    return gold.contains(start)


def date_overlaps(start: dt.date | None, end: dt.date | None, gold: GoldDate) -> bool:
    """The predicted interval [start, end] shares at least one day with the gold one."""
    if start is None:
        return False
    end = end or start
    return (gold.end is None or start <= gold.end) and (gold.start is None or gold.start <= end)


# --------------------------------------------------------------------------- tables


def per_class_table(title: str, scores: dict[str, PRF], support: Counter[str]) -> Table:
    """Rows of label, P, R, F1, gold support, sorted by support."""
    rows = [
        [label, round(s.precision, 3), round(s.recall, 3), round(s.f1, 3), support[label]]
        for label, s in sorted(scores.items(), key=lambda kv: (-support[kv[0]], kv[0]))
    ]
    return Table(title, ["label", "precision", "recall", "f1", "gold"], rows)


def classification_scores(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, PRF]:
    """Per-label PRF for single-label classification (one gold, one predicted each)."""
    scores: dict[str, PRF] = {}
    for g, p in zip(gold, predicted, strict=True):
        scores.setdefault(g, PRF())
        scores.setdefault(p, PRF())
        if g == p:
            scores[g].tp += 1
        else:
            scores[g].fn += 1
            scores[p].fp += 1
    return scores


def macro_f1(scores: dict[str, PRF], labels: Iterable[str] | None = None) -> float:
    """Unweighted mean F1 over ``labels`` (default: every label seen in gold or predicted)."""
    chosen = list(labels) if labels is not None else list(scores)
    if not chosen:
        return 0.0
    return sum(scores.get(label, PRF()).f1 for label in chosen) / len(chosen)


def micro(scores: dict[str, PRF], exclude: Iterable[str] = ()) -> PRF:
    """Pooled counts over all labels except ``exclude``."""
    out = PRF()
    skip = set(exclude)
    for label, s in scores.items():
        if label not in skip:
            out.add(s)
    return out


def confusion_table(
    title: str, gold: Sequence[str], predicted: Sequence[str], top: int = 15
) -> Table:
    """The most frequent gold -> predicted confusions (mismatches only)."""
    pairs = Counter((g, p) for g, p in zip(gold, predicted, strict=True) if g != p)
    rows: list[list[Any]] = [[g, p, n] for (g, p), n in pairs.most_common(top)]
    return Table(title, ["gold", "predicted", "count"], rows)


def ratio(hits: int, total: int) -> float:
    return round(hits / total, 4) if total else 0.0


# --------------------------------------------------------------------------- truecasing

_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
_SENTENCE_START = re.compile(r"(^|[.!?]\s+|\n\s*)([a-z])")
_PAREN_ACRONYM = re.compile(r"\(([A-Za-z]{2,6})\)")
#: mixed-case news text in the shared data, used only as a vocabulary of common words
VOCABULARY_SOURCES = (
    "conflibert_cameo/data/cameo_class/train.tsv",
    "conflibert_cameo/data/cameo_class/test.tsv",
    "wikievents/data/wikievents/dev.jsonl",
    "wikievents/data/wikievents/test.jsonl",
)


@dataclass(slots=True)
class Truecaser:
    """Restore case to all-caps wire copy (MUC-4).

    A word is written in lower case when the vocabulary saw it in lower case at least
    as often as capitalised mid-sentence; otherwise it is capitalised (names, places);
    words of two to five letters without a vowel (FMLN, URNG) stay upper case; the
    first letter of each sentence is capitalised.
    """

    common: frozenset[str]

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> Truecaser:
        lower: Counter[str] = Counter()
        capital: Counter[str] = Counter()
        for text in texts:
            for m in _WORD.finditer(text):
                word = m.group()
                before = text[max(0, m.start() - 2) : m.start()]
                if word.islower():
                    lower[word] += 1
                elif word[0].isupper() and not re.search(r"[.!?\"“]\s*$|^\s*$", before):
                    capital[word.lower()] += 1
        return cls(frozenset(w for w, n in lower.items() if n >= capital[w]))

    @classmethod
    def from_data(cls, data_dir: Path) -> Truecaser:
        paths = [data_dir / p for p in VOCABULARY_SOURCES if (data_dir / p).is_file()]
        return cls.from_texts(p.read_text(encoding="utf-8") for p in paths)

    def __call__(self, text: str) -> str:
        def word(m: re.Match[str]) -> str:
            w = m.group().lower()
            if w in self.common or w in STOPWORDS:
                return w
            if 2 <= len(w) <= 5 and not re.search(r"[aeiouy]", w):
                return w.upper()
            return w[:1].upper() + w[1:]

        cased = _WORD.sub(word, text)
        cased = _PAREN_ACRONYM.sub(lambda m: f"({m.group(1).upper()})", cased)
        return _SENTENCE_START.sub(lambda m: m.group(1) + m.group(2).upper(), cased)


# --------------------------------------------------------------------------- pipeline


@lru_cache(maxsize=1)
def _pipeline() -> Pipeline:
    from tidings.pipeline import Pipeline  # heavy (spaCy): imported only when scoring

    return Pipeline()


def run_pipeline(documents: Iterable[Document], n_process: int = 1) -> list[Extraction]:
    """Extract every document with the shared default pipeline, in order."""
    pipe = _pipeline()
    return list(pipe.extract_many(documents, n_process=n_process))
