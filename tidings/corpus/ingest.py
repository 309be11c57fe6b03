"""Ingest: read files, code them, merge their events and store everything, batch by batch.

``ingest(paths, db)`` is what ``tidings ingest`` runs. Documents are read and prepared in
this process and coded through an executor (``tidings.scale``: here, in worker processes
when ``n_process`` > 1, or on a Dask cluster with ``engine="dask"``); every ``batch_size``
coded documents, together with the inputs skipped meanwhile, are written in one
transaction. Documents whose content is stored already are not coded again, so a second
run over the same files changes nothing, and a run resumed after a crash picks up where
the last committed batch ended.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tidings.errors import InputError, TidingsError
from tidings.parse import DEFAULT_MODEL, load_model
from tidings.pipeline import BATCH_SIZE as CODE_BATCH
from tidings.pipeline import Pipeline, _handled, chunks
from tidings.prepare import prepare
from tidings.read import CsvColumns, RawDocument, content_id
from tidings.records import Document, Extraction, Record
from tidings.scale import Executor, PipelineSpec, make_executor
from tidings.scale.sources import check as check_inputs
from tidings.scale.sources import read_inputs
from tidings.store.writer import BatchResult, StoreWriter

log = logging.getLogger(__name__)

BATCH_SIZE = 64  # documents per transaction
MAX_REPORTED = 1000  # skipped inputs kept for the summary (all are counted, and stored)


@dataclass(slots=True)
class Skip(Record):
    source: str
    reason: str


@dataclass(slots=True)
class IngestSummary(Record):
    """What one ingest run did."""

    db: str
    ingested: int = 0  # new documents stored
    duplicates: int = 0  # documents whose content was stored already
    skipped: int = 0  # inputs that could not be coded
    mentions: int = 0  # event mentions stored
    new_events: int = 0  # events founded
    merged: int = 0  # mentions that joined a known event
    elapsed: float = 0.0  # seconds
    skips: list[Skip] = field(default_factory=list)  # the first MAX_REPORTED skipped inputs

    @property
    def rate(self) -> float:
        """Documents coded per second."""
        return self.ingested / self.elapsed if self.elapsed else 0.0

    def add(self, batch: BatchResult) -> None:
        self.ingested += batch.documents
        self.duplicates += batch.duplicates
        self.mentions += batch.mentions
        self.new_events += batch.new_events
        self.merged += batch.merged


@dataclass(slots=True)
class IngestProgress:
    """Passed to the progress callback after each document."""

    done: int  # documents coded or skipped so far
    ingested: int
    skipped: int
    duplicates: int
    elapsed: float
    stage: str = "ingesting"  # with --engine dask: coding, finding blocks, routing, merging, done


ProgressCallback = Callable[[IngestProgress], None]


def ingest(
    paths: Sequence[str | Path],
    db: str | Path | None,
    *,
    n_process: int = 2,
    batch_size: int = BATCH_SIZE,
    input_format: str = "auto",
    csv_columns: CsvColumns | None = None,
    published: str | dt.date | None = None,
    model: str = DEFAULT_MODEL,
    kb_paths: Sequence[str | Path] = (),
    pipeline: Pipeline | None = None,
    progress: ProgressCallback | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    executor: Executor | None = None,
    parquet: str | Path | None = None,
) -> IngestSummary:
    """Code files and directories into the store at ``db``; returns what was done.

    ``engine`` picks where documents are coded: ``local`` (this process, or ``n_process``
    worker processes) or ``dask`` (a LocalCluster of ``n_process`` workers, or the cluster
    at ``scheduler``). An ``executor`` given by the caller is used as is and left open.
    With an executor, reading, merging and writing stay in this process.

    ``engine="dask"`` without an executor runs everything on the cluster instead
    (``tidings.scale.dask_ingest``): the workers read ``paths`` (local paths or fsspec
    URLs), code, merge by blocks and write the Parquet dataset ``parquet`` (default: next
    to ``db``, ``corpus.parquet/``), which is then loaded into ``db`` when one is given.
    """
    started = time.perf_counter()
    check_inputs(paths)
    if engine == "dask" and executor is None:
        return _ingest_on_dask(paths, db, parquet, started, n_process=n_process, batch_size=batch_size,
                               input_format=input_format, csv_columns=csv_columns, published=published,
                               model=model, kb_paths=kb_paths, progress=progress, scheduler=scheduler)  # fmt: skip
    if db is None:
        raise TidingsError("ingest needs a store: pass --db FILE")
    owned = executor is None
    if executor is None:
        if pipeline is None and engine == "local" and n_process <= 1:
            pipeline = Pipeline(model, kb_paths=kb_paths)  # this process codes the documents
        elif pipeline is None and engine == "local":
            load_model(model)  # workers load everything; fail here, clearly, on a missing model
        spec = PipelineSpec.of(pipeline) if pipeline else PipelineSpec(model, tuple(str(p) for p in kb_paths))
        executor = make_executor(engine, spec, n_process=n_process, scheduler=scheduler, pipeline=pipeline)
    try:
        writer = StoreWriter(db)
    except BaseException:
        if owned:
            executor.__exit__(None, None, None)
        raise
    summary = IngestSummary(db=str(db))
    pending_skips: list[InputError] = []
    done = 0

    def tick() -> None:
        if progress is not None:
            progress(
                IngestProgress(done, summary.ingested + len(batch), summary.skipped, summary.duplicates, elapsed())
            )

    def elapsed() -> float:
        return time.perf_counter() - started

    def skip(error: InputError) -> None:
        nonlocal done
        done += 1
        summary.skipped += 1
        if len(summary.skips) < MAX_REPORTED:
            summary.skips.append(Skip(error.source, error.reason))
        pending_skips.append(error)
        log.info("skipped %s: %s", error.source, error.reason)
        tick()

    def failed(document: Document, reason: str) -> None:
        skip(InputError(document.source or document.id, f"internal error ({reason}); please report it"))

    def documents() -> Iterator[Document]:
        nonlocal done
        seen: set[str] = set()  # content coded in this run: a repeat is a duplicate, never coded twice
        for chunk in chunks(_prepared(_inputs(paths, input_format, csv_columns), published, skip), batch_size):
            known = writer.known([content_id(d.text) for d in chunk])
            for document in chunk:
                key = content_id(document.text)
                if key in known or key in seen:
                    done += 1
                    summary.duplicates += 1
                    tick()
                else:
                    seen.add(key)
                    yield document

    batch: list[Extraction] = []
    try:
        results = executor.map_batches(chunks(documents(), CODE_BATCH))
        for extraction in _handled((r for batch_results in results for r in batch_results), failed):
            batch.append(extraction)
            done += 1
            tick()
            if len(batch) >= batch_size:
                _flush(writer, batch, pending_skips, summary)
        _flush(writer, batch, pending_skips, summary)
    finally:
        if owned:
            executor.__exit__(None, None, None)
    summary.elapsed = elapsed()
    log.info(
        "ingested %d documents (%d duplicates, %d skipped) into %s in %.1f s",
        summary.ingested,
        summary.duplicates,
        summary.skipped,
        db,
        summary.elapsed,
    )
    return summary


def _flush(writer: StoreWriter, batch: list[Extraction], skips: list[InputError], summary: IngestSummary) -> None:
    if not batch and not skips:
        return
    result = writer.write(batch, skips)
    summary.add(result)
    batch.clear()
    skips.clear()


def _inputs(
    paths: Sequence[str | Path], input_format: str, csv_columns: CsvColumns | None
) -> Iterator[RawDocument | InputError]:
    return read_inputs(paths, input_format, csv_columns)


def _prepared(
    items: Iterable[RawDocument | InputError], published: str | dt.date | None, skip: Callable[[InputError], None]
) -> Iterator[Document]:
    for item in items:
        try:
            if isinstance(item, InputError):
                raise item
            yield prepare(item, published=published)
        except InputError as error:
            skip(error)


def _ingest_on_dask(
    paths: Sequence[str | Path],
    db: str | Path | None,
    parquet: str | Path | None,
    started: float,
    *,
    n_process: int,
    batch_size: int,
    input_format: str,
    csv_columns: CsvColumns | None,
    published: str | dt.date | None,
    model: str,
    kb_paths: Sequence[str | Path],
    progress: ProgressCallback | None,
    scheduler: str | None,
) -> IngestSummary:
    from tidings.scale.dask_engine import DaskExecutor
    from tidings.scale.dask_ingest import default_dataset, ingest_dask
    from tidings.scale.dataset import load_dataset

    out = str(parquet) if parquet is not None else default_dataset(db)
    if scheduler is None:
        load_model(model)  # fail here, clearly, on a missing model, before starting a cluster
    spec = PipelineSpec(model, tuple(str(p) for p in kb_paths))

    def tell(stage: str, done: int, ingested: int, skipped: int, duplicates: int) -> None:
        if progress is not None:
            progress(IngestProgress(done, ingested, skipped, duplicates, time.perf_counter() - started, stage))

    with DaskExecutor(spec, n_workers=n_process, scheduler=scheduler) as executor:
        summary = ingest_dask(paths, out, client=executor.client, spec=spec, batch_size=batch_size,
                              input_format=input_format, csv_columns=csv_columns, published=published,
                              progress=tell)  # fmt: skip
    if db is not None:
        tell("loading into the store", 0, summary.ingested, summary.skipped, summary.duplicates)
        load_dataset(out, db)
        summary.db = str(db)
    summary.skips = summary.skips[:MAX_REPORTED]
    summary.elapsed = time.perf_counter() - started
    return summary
