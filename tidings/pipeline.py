"""The pipeline: prepared documents through parse, time, places, actors and events.

``Pipeline`` loads the spaCy model and the knowledge once and runs the pure stages on
each document. ``extract_many`` streams documents, in this process or in a pool of
worker processes (each with its own Pipeline), yielding results in input order.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc

from tidings.actors import ActorKB, load_kb
from tidings.errors import TidingsError
from tidings.events import EventCoder, load_coder
from tidings.parse import DEFAULT_MODEL, load_model
from tidings.places import find_places, load_gazetteer
from tidings.prepare import prepare
from tidings.read import RawDocument
from tidings.records import Document, Extraction
from tidings.time import find_timexes

log = logging.getLogger(__name__)

BATCH_SIZE = 16
NAMED_KINDS = {"group", "media", "igo", "ngo", "person"}


class Pipeline:
    """Everything needed to code documents, loaded once."""

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        kb_paths: Sequence[str | Path] = (),
        lexicon_paths: Sequence[str | Path] = (),
        ontology_paths: Sequence[str | Path] = (),
    ) -> None:
        self.model = model
        self.nlp = load_model(model)
        self.kb_paths = tuple(str(p) for p in kb_paths)
        self.kb: ActorKB = load_kb(self.kb_paths)
        self.lexicon_paths = tuple(str(p) for p in lexicon_paths)
        self.ontology_paths = tuple(str(p) for p in ontology_paths)
        self.coder: EventCoder = load_coder(self.kb, self.lexicon_paths, self.ontology_paths)
        self.gazetteer = load_gazetteer()

    def extract(
        self,
        text: str,
        published: str | dt.date | None = None,
        title: str | None = None,
        doc_id: str | None = None,
        url: str | None = None,
        outlet: str | None = None,
    ) -> Extraction:
        """Code one article given as text. Raises InputError if it cannot be coded."""
        raw = RawDocument(source=doc_id or "<text>", text=text, id=doc_id, title=title, url=url, outlet=outlet)
        return self.extract_document(prepare(raw, published=published))

    def extract_document(self, document: Document, doc: Doc | None = None) -> Extraction:
        """Code one prepared document (``doc``: its parse, when already parsed)."""
        if doc is None:
            doc = self.nlp(document.text)
        anchor = document.published_date
        timexes = find_timexes(document.text, anchor, doc)
        mentions = self.kb.find_mentions(document.text)
        context = sorted({r.country for _s, _e, r in mentions if r.country})
        places = find_places(doc, context_countries=context, gazetteer=self.gazetteer)
        # a toponym inside the name of an organisation, group or person is not a place
        # ("Voice of America", "Islamic State of Iraq and the Levant")
        names = [(s, e) for s, e, r in mentions if r.kind in NAMED_KINDS]
        places = [
            p for p in places if not any(s <= p.start and p.end <= e and (s, e) != (p.start, p.end) for s, e in names)
        ]
        events = self.coder.code(doc, document, timexes, places)
        return Extraction(document=document, events=events, timexes=timexes, places=places)

    def extract_many(
        self,
        documents: Iterable[Document],
        n_process: int = 1,
        batch_size: int = BATCH_SIZE,
        on_error: ErrorHandler | None = None,
    ) -> Iterator[Extraction]:
        """Code prepared documents, in input order; ``n_process`` > 1 uses worker processes.

        A document whose coding fails is passed to ``on_error`` (document, error) and
        skipped, so one bad document never stops a batch; without ``on_error`` the
        error is raised.
        """
        if n_process <= 1:
            for chunk in chunks(documents, batch_size):
                yield from _handled(self._batch(chunk), on_error)
            return
        with ProcessPoolExecutor(
            max_workers=n_process,
            initializer=_init_worker,
            initargs=(self.model, self.kb_paths, self.lexicon_paths, self.ontology_paths),
        ) as pool:
            pending: deque[Future[list[Extraction | Failure]]] = deque()
            for chunk in chunks(documents, batch_size):
                pending.append(pool.submit(_work, chunk))
                if len(pending) >= 2 * n_process:  # bounded: never reads the whole input ahead
                    yield from _handled(pending.popleft().result(), on_error)
            while pending:
                yield from _handled(pending.popleft().result(), on_error)

    def _batch(self, batch: list[Document]) -> list[Extraction | Failure]:
        texts = [d.text for d in batch]
        out: list[Extraction | Failure] = []
        for document, doc in zip(batch, self.nlp.pipe(texts, batch_size=len(batch)), strict=True):
            try:
                out.append(self.extract_document(document, doc))
            except Exception as error:  # noqa: BLE001 - one document's failure must not stop the batch
                log.exception("coding %s failed", document.source or document.id)
                out.append(Failure(document, f"{type(error).__name__}: {error}"))
        return out


@dataclass(slots=True)
class Failure:
    """A document whose coding raised; kept so a batch can report it and go on."""

    document: Document
    reason: str


ErrorHandler = Callable[[Document, str], None]


def _handled(results: Iterable[Extraction | Failure], on_error: ErrorHandler | None) -> Iterator[Extraction]:
    for result in results:
        if isinstance(result, Failure):
            if on_error is None:
                raise TidingsError(f"{result.document.source or result.document.id}: {result.reason}")
            on_error(result.document, result.reason)
        else:
            yield result


_WORKER: Pipeline | None = None


def _init_worker(
    model: str,
    kb_paths: tuple[str, ...] = (),
    lexicon_paths: tuple[str, ...] = (),
    ontology_paths: tuple[str, ...] = (),
) -> None:
    global _WORKER
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    _WORKER = Pipeline(model, kb_paths, lexicon_paths, ontology_paths)


def _work(chunk: list[Document]) -> list[Extraction | Failure]:
    assert _WORKER is not None
    return _WORKER._batch(chunk)


def chunks(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    """Documents in lists of ``size`` (the last may be shorter), read lazily."""
    chunk: list[Document] = []
    for document in documents:
        chunk.append(document)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


_DEFAULT: dict[str, Pipeline] = {}


def default_pipeline(model: str = DEFAULT_MODEL) -> Pipeline:
    """A Pipeline per model, created on first use and kept for the process."""
    if model not in _DEFAULT:
        _DEFAULT[model] = Pipeline(model)
    return _DEFAULT[model]


def extract(
    text: str,
    published: str | dt.date | None = None,
    *,
    title: str | None = None,
    doc_id: str | None = None,
    url: str | None = None,
    outlet: str | None = None,
    model: str = DEFAULT_MODEL,
) -> Extraction:
    """Code one article: ``tidings.extract(text, published="2024-01-28").events``."""
    return default_pipeline(model).extract(text, published, title=title, doc_id=doc_id, url=url, outlet=outlet)
