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
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor

from spacy.tokens import Doc

from tidings.actors import ActorKB, load_kb
from tidings.events import EventCoder, load_coder
from tidings.parse import DEFAULT_MODEL, load_model
from tidings.places import find_places, load_gazetteer
from tidings.prepare import prepare
from tidings.read import RawDocument
from tidings.records import Document, Extraction
from tidings.time import find_timexes

log = logging.getLogger(__name__)

BATCH_SIZE = 16


class Pipeline:
    """Everything needed to code documents, loaded once."""

    def __init__(self, model: str = DEFAULT_MODEL) -> None:
        self.model = model
        self.nlp = load_model(model)
        self.kb: ActorKB = load_kb()
        self.coder: EventCoder = load_coder(self.kb)
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
        raw = RawDocument(source=doc_id or "<text>", text=text, id=doc_id, title=title, url=url,
                          outlet=outlet)
        return self.extract_document(prepare(raw, published=published))

    def extract_document(self, document: Document, doc: Doc | None = None) -> Extraction:
        """Code one prepared document (``doc``: its parse, when already parsed)."""
        if doc is None:
            doc = self.nlp(document.text)
        anchor = document.published_date
        timexes = find_timexes(document.text, anchor, doc)
        context = sorted({r.country for _s, _e, r in self.kb.find_mentions(document.text) if r.country})
        places = find_places(doc, context_countries=context, gazetteer=self.gazetteer)
        events = self.coder.code(doc, document, timexes, places)
        return Extraction(document=document, events=events, timexes=timexes, places=places)

    def extract_many(
        self, documents: Iterable[Document], n_process: int = 1, batch_size: int = BATCH_SIZE
    ) -> Iterator[Extraction]:
        """Code prepared documents, in input order; ``n_process`` > 1 uses worker processes."""
        if n_process <= 1:
            batch: list[Document] = []
            for document in documents:
                batch.append(document)
                if len(batch) >= batch_size:
                    yield from self._batch(batch)
                    batch = []
            if batch:
                yield from self._batch(batch)
            return
        with ProcessPoolExecutor(
            max_workers=n_process, initializer=_init_worker, initargs=(self.model,)
        ) as pool:
            pending: deque[Future[list[Extraction]]] = deque()
            for chunk in _chunks(documents, batch_size):
                pending.append(pool.submit(_work, chunk))
                if len(pending) >= 2 * n_process:  # bounded: never reads the whole input ahead
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()

    def _batch(self, batch: list[Document]) -> Iterator[Extraction]:
        texts = [d.text for d in batch]
        for document, doc in zip(batch, self.nlp.pipe(texts, batch_size=len(batch)), strict=True):
            yield self.extract_document(document, doc)


_WORKER: Pipeline | None = None


def _init_worker(model: str) -> None:
    global _WORKER
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    _WORKER = Pipeline(model)


def _work(chunk: list[Document]) -> list[Extraction]:
    assert _WORKER is not None
    return list(_WORKER._batch(chunk))


def _chunks(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
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
    return default_pipeline(model).extract(text, published, title=title, doc_id=doc_id, url=url,
                                           outlet=outlet)
